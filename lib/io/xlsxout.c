/*
 * io/xlsxout.c - records as an Excel workbook (-o xlsx), with
 * libxlsxwriter.
 *
 * One sheet: optional lines of text above (a report's title and period),
 * a bold header row frozen in place, then one row a record. A cell is
 * never a formula: text stays text, whatever it looks like (an identity
 * number, a phone, "007", "=1+1"), in the Text format, as is every column
 * but the numeric ones, so that what a person types there stays text
 * too; a number in a numeric column is a number; a date (YYYY-MM-DD) in
 * any other column is a date cell shown as YYYY-MM-DD. Columns are as wide as their widest value, measured in
 * display columns so that Chinese text fits.
 *
 * libxlsxwriter writes only to a named file: the workbook is made in an
 * owner-only temporary file (mkstemp), then copied to dest, so that a
 * refusal (more records than a sheet holds, a value longer than a cell
 * holds) leaves dest untouched. Rows are written in constant-memory mode,
 * so memory stays flat however many records there are.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "io/io.h"

/* Widths, in Excel's units (about one Latin character; a Chinese one
 * takes two): a little room beside the widest value, within bounds that
 * keep a sheet of long notes readable. */
#define WIDTH_MIN 6.0
#define WIDTH_MAX 60.0

struct xlsx_out {
	FILE *dest;             /* where the workbook goes, not owned */
	const cw_col *cols;     /* not owned */
	size_t ncols;
	char path[4096];        /* the temporary file */
	int fd;                 /* open on it, -1 when there is none */
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *bold, *date, *text;
	size_t *width;          /* each column's widest value, display columns */
	lxw_row_t row;          /* the next row to write */
	int header;             /* the header row has been written */
	size_t records;
	char why[256];          /* the refusal, or "" */
};

/* Characters as Excel counts them: UTF-16 code units. */
static size_t utf16_units(const char *s)
{
	size_t n = 0;
	const unsigned char *p;
	for (p = (const unsigned char *)s; *p; p++)
		if ((*p & 0xC0) != 0x80)
			n += *p >= 0xF0 ? 2 : 1;
	return n;
}

/* Refuses the workbook, saying why once. */
static void refuse(struct xlsx_out *x, const char *why)
{
	if (x->why[0])
		return;
	snprintf(x->why, sizeof x->why, "%s", why);
	cw_error("-o xlsx: %s", x->why);
}

struct xlsx_out *xlsx_out_new(FILE *dest, const cw_col *cols, size_t ncols)
{
	lxw_workbook_options opt = {0};
	struct xlsx_out *x;
	const char *tmp = getenv("TMPDIR");

	if (xlsx_load())
		return NULL;
	x = cw_xcalloc(1, sizeof *x);
	x->dest = dest;
	x->cols = cols;
	x->ncols = ncols;
	x->width = cw_xcalloc(ncols ? ncols : 1, sizeof *x->width);
	if (!tmp || tmp[0] != '/')
		tmp = "/tmp";
	snprintf(x->path, sizeof x->path, "%s/casework-XXXXXX", tmp);
	/* mkstemp creates the file for its owner alone (0600);
	 * libxlsxwriter truncates and fills that same file. */
	if ((x->fd = mkstemp(x->path)) < 0) {
		cw_error("cannot create a temporary file for the workbook in "
			 "%s: %s", tmp, strerror(errno));
		x->path[0] = '\0';
		xlsx_out_free(x);
		return NULL;
	}
	io_pending_add(x->path);
	/* Its own row data goes to tmpfile()s: unnamed, owner-only. */
	opt.constant_memory = LXW_TRUE;
	if (!(x->wb = workbook_new_opt(x->path, &opt)) ||
	    !(x->ws = workbook_add_worksheet(x->wb, NULL))) {
		cw_error("cannot start a workbook (libxlsxwriter)");
		xlsx_out_free(x);
		return NULL;
	}
	x->bold = workbook_add_format(x->wb);
	format_set_bold(x->bold);
	x->date = workbook_add_format(x->wb);
	format_set_num_format(x->date, "yyyy-mm-dd");
	/* Text cells, and the columns of text, in the Text format (@): what
	 * a person types there stays text, so a new phone 021... keeps its
	 * zero. */
	x->text = workbook_add_format(x->wb);
	format_set_num_format(x->text, "@");
	return x;
}

void xlsx_out_note(struct xlsx_out *x, const char *text)
{
	if (x->header || !text || x->row >= LXW_ROW_MAX - 1)
		return;
	worksheet_write_string(x->ws, x->row++, 0, text, x->bold);
}

/* A number as JSON writes one (cw_json_number), finite as a double:
 * what a numeric column's value must be to become a number cell. */
static int number(const char *v, double *out)
{
	if (!cw_json_number(v))
		return 0;
	errno = 0;
	*out = strtod(v, NULL);
	return errno == 0 && *out < 1e308 && *out > -1e308;
}

/* A date as casework writes one, YYYY-MM-DD, within Excel's years. */
static int date(const char *v, lxw_datetime *dt)
{
	cw_date d;
	const char *why;

	if (strlen(v) != 10 || v[4] != '-' || v[7] != '-' ||
	    cw_date_parse(v, &d, &why))
		return 0;
	memset(dt, 0, sizeof *dt);
	cw_date_to_ymd(d, &dt->year, &dt->month, &dt->day);
	return dt->year >= 1900 && dt->year <= 9999;
}

static void measure(struct xlsx_out *x, size_t i, const char *v)
{
	size_t w = cw_display_width(v, strlen(v));
	if (w > x->width[i])
		x->width[i] = w;
}

static void header(struct xlsx_out *x)
{
	size_t i;

	x->header = 1;
	/* The header row stays in view as the records scroll past. */
	worksheet_freeze_panes(x->ws, x->row + 1, 0);
	for (i = 0; i < x->ncols; i++) {
		worksheet_write_string(x->ws, x->row, (lxw_col_t)i,
				       x->cols[i].name, x->bold);
		measure(x, i, x->cols[i].name);
	}
	x->row++;
}

int xlsx_out_row(struct xlsx_out *x, const char *const *vals)
{
	size_t i;

	if (x->why[0])
		return -1;
	if (!x->header)
		header(x);
	if (x->records >= XLSX_MAX_RECORDS || x->row >= LXW_ROW_MAX) {
		refuse(x, "more records than a sheet holds (1,048,575): "
		       "narrow the selection, or use -o csv");
		return -1;
	}
	for (i = 0; i < x->ncols; i++) {
		const char *v = vals[i];
		lxw_col_t c = (lxw_col_t)i;
		lxw_datetime dt;
		double d;

		if (!v || !*v)
			continue;
		if (utf16_units(v) > XLSX_MAX_CELL) {
			char why[256];
			snprintf(why, sizeof why, "record %zu, %s: a value longer "
				 "than a spreadsheet cell holds (32,767 "
				 "characters): use -o csv or json",
				 x->records + 1, x->cols[i].name);
			refuse(x, why);
			return -1;
		}
		measure(x, i, v);
		if (x->cols[i].numeric && number(v, &d))
			worksheet_write_number(x->ws, x->row, c, d, NULL);
		else if (!x->cols[i].numeric && date(v, &dt))
			worksheet_write_datetime(x->ws, x->row, c, &dt, x->date);
		else
			worksheet_write_string(x->ws, x->row, c, v, x->text);
	}
	x->row++;
	x->records++;
	return 0;
}

/* Copies the finished workbook from the temporary file to dest. */
static int copy_out(struct xlsx_out *x, int *err)
{
	char buf[65536];
	ssize_t got;

	if (lseek(x->fd, 0, SEEK_SET) < 0) {
		*err = errno;
		return CW_EXIT_IO;
	}
	while ((got = read(x->fd, buf, sizeof buf)) > 0)
		if (fwrite(buf, 1, (size_t)got, x->dest) != (size_t)got) {
			*err = errno ? errno : EIO;
			return CW_EXIT_IO;
		}
	if (got < 0) {
		*err = errno;
		return CW_EXIT_IO;
	}
	return 0;
}

int xlsx_out_finish(struct xlsx_out *x, int *err)
{
	lxw_error e;
	size_t i;

	if (x->why[0])
		return CW_EXIT_USAGE;
	if (!x->header)
		header(x);
	for (i = 0; i < x->ncols; i++) {
		double w = (double)x->width[i] + 2;
		worksheet_set_column(x->ws, (lxw_col_t)i, (lxw_col_t)i,
				     w < WIDTH_MIN ? WIDTH_MIN :
				     w > WIDTH_MAX ? WIDTH_MAX : w,
				     x->cols[i].numeric ? NULL : x->text);
	}
	e = workbook_close(x->wb);
	x->wb = NULL;
	if (e != LXW_NO_ERROR) {
		cw_error("cannot write the workbook: %s", lxw_strerror(e));
		*err = EIO;
		return CW_EXIT_IO;
	}
	return copy_out(x, err);
}

void xlsx_out_free(struct xlsx_out *x)
{
	if (!x)
		return;
	/* A workbook never finished is closed only to free its memory. */
	if (x->wb)
		workbook_close(x->wb);
	if (x->fd >= 0)
		close(x->fd);
	if (x->path[0]) {
		unlink(x->path);
		io_pending_drop(x->path);
	}
	free(x->width);
	free(x);
}
