/* io/reader.c - opens an input, detects its format and hands out records. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>
#include "io/io.h"

struct cw_reader {
	cw_src src;                /* the bytes, decoded */
	enum cw_format format;     /* CSV, JSONL, JSON or XLSX once detected */
	struct cw_csvin *csv;      /* set when format is CSV */
	struct cw_jsonin *json;    /* set when format is JSONL or JSON */
	struct cw_xlsxin *xlsx;    /* set when format is XLSX */
	cw_read_error err;         /* last error */
};

static const char *const format_names[] = {
	[CW_FMT_AUTO] = "auto", [CW_FMT_CSV] = "csv", [CW_FMT_JSONL] = "jsonl",
	[CW_FMT_JSON] = "json", [CW_FMT_TABLE] = "table",
	[CW_FMT_XLSX] = "xlsx", [CW_FMT_EXCEL] = "excel",
};

int cw_format_parse(const char *s, enum cw_format *out)
{
	int i;
	for (i = CW_FMT_CSV; i <= CW_FMT_XLSX; i++)
		if (!strcmp(s, format_names[i])) {
			*out = (enum cw_format)i;
			return 0;
		}
	return -1;
}

const char *cw_format_name(enum cw_format f)
{
	return format_names[f];
}

/* A zip archive's first bytes (a local file header): a workbook. They
 * are looked for in the file as it is, before any conversion. */
static int is_zip(cw_src *s, cw_read_error *err)
{
	size_t n;
	const unsigned char *p = io_src_peek(s, 4, &n, err);

	if (!p)
		return -1;
	return n == 4 && !memcmp(p, "PK\x03\x04", 4);
}

static const char no_encoding[] =
	"this input is a workbook (.xlsx): '--encoding' does not apply";

int io_check_encoding(const char *path, enum cw_format format,
		      const char *encoding)
{
	unsigned char b[4];
	struct stat sb;
	int fd = STDIN_FILENO, wb;
	off_t at = 0;

	if (!encoding || !*encoding ||
	    (format != CW_FMT_AUTO && format != CW_FMT_TABLE))
		return 0;
	if (strcmp(path, "-")) {
		if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode) ||
		    (fd = open(path, O_RDONLY)) < 0)
			return 0;
	} else if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) ||
		   (at = lseek(fd, 0, SEEK_CUR)) < 0) {
		return 0;
	}
	wb = pread(fd, b, 4, at) == 4 && !memcmp(b, "PK\x03\x04", 4);
	if (fd != STDIN_FILENO)
		close(fd);
	if (!wb)
		return 0;
	cw_error_at(path, 0, NULL, "%s", no_encoding);
	return CW_EXIT_USAGE;
}

/* The first byte that is not JSON white space decides: '{' starts JSON
 * Lines, '[' a JSON array, anything else is CSV (whose header cannot
 * start with either without being a strange header). */
static enum cw_format detect(cw_src *s)
{
	size_t i;
	for (i = s->pos; i < s->len; i++) {
		unsigned char c = s->buf[i];
		if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
			continue;
		if (c == '{')
			return CW_FMT_JSONL;
		if (c == '[')
			return CW_FMT_JSON;
		break;
	}
	return CW_FMT_CSV;
}

int cw_reader_open(cw_reader **out, const char *path, enum cw_format format,
		   const char *encoding)
{
	return cw_reader_open_file(out, NULL, path, format, encoding);
}

int cw_reader_open_file(cw_reader **out, FILE *fp, const char *path,
			enum cw_format format, const char *encoding)
{
	cw_reader *r = cw_xcalloc(1, sizeof *r);
	int rc;

	*out = NULL;
	rc = fp ? io_src_attach(&r->src, fp, path, encoding, &r->err)
		: io_src_open(&r->src, path, encoding, &r->err);
	if (rc) {
		cw_error_at(path && strcmp(path, "-") ? path : "-", 0, NULL,
			    "%s", r->err.msg);
		free(r);
		return rc;
	}
	if (r->src.fp == stdin && isatty(STDIN_FILENO))
		cw_error("reading records from the terminal (end with Ctrl-D)");
	if (format == CW_FMT_AUTO || format == CW_FMT_TABLE) {
		if ((rc = is_zip(&r->src, &r->err)) > 0)
			format = CW_FMT_XLSX;
		else if (rc < 0 || io_src_fill(&r->src, &r->err) < 0)
			goto failed;
		else
			format = detect(&r->src);
	}
	/* A workbook's text is UTF-8 or UTF-16, as its XML says. */
	if (format == CW_FMT_XLSX && encoding && *encoding) {
		io_read_error_set(&r->err, 0, NULL, CW_EXIT_USAGE, "%s",
				  no_encoding);
		goto failed;
	}
	r->format = format;
	if (format == CW_FMT_XLSX)
		r->xlsx = io_xlsxin_new(&r->src);
	else if (format == CW_FMT_CSV)
		r->csv = io_csvin_new(&r->src);
	else
		r->json = io_jsonin_new(&r->src, format == CW_FMT_JSON);
	*out = r;
	return 0;
failed:
	cw_error_at(r->src.name, r->err.line, NULL, "%s", r->err.msg);
	rc = r->err.code;
	cw_reader_free(r);
	return rc;
}

int cw_reader_next(cw_reader *r, cw_record *rec)
{
	cw_record_reset(rec);
	memset(&r->err, 0, sizeof r->err);
	if (r->csv)
		return io_csvin_next(r->csv, rec, &r->err);
	if (r->xlsx)
		return io_xlsxin_next(r->xlsx, rec, &r->err);
	return io_jsonin_next(r->json, rec, &r->err);
}

void cw_reader_expect(cw_reader *r, const cw_names *names)
{
	/* JSON keys are names by construction: only a CSV header or a
	 * sheet's first row can be a record taken for one. */
	if (r->csv)
		io_csvin_expect(r->csv, names);
	if (r->xlsx)
		io_xlsxin_expect(r->xlsx, names);
}

const cw_read_error *cw_reader_error(const cw_reader *r)
{
	return &r->err;
}

const char *cw_reader_name(const cw_reader *r)
{
	return r->src.name;
}

enum cw_format cw_reader_format(const cw_reader *r)
{
	return r->format;
}

const char *const *cw_reader_columns(const cw_reader *r, size_t *n)
{
	if (r->xlsx)
		return io_xlsxin_columns(r->xlsx, n);
	if (!r->csv) {
		*n = 0;
		return NULL;
	}
	return io_csvin_columns(r->csv, n);
}

void cw_reader_free(cw_reader *r)
{
	if (!r)
		return;
	if (r->csv)
		io_csvin_free(r->csv);
	if (r->json)
		io_jsonin_free(r->json);
	io_xlsxin_free(r->xlsx);
	io_src_close(&r->src);
	free(r);
}
