/* io/writer.c - records out: JSON Lines, a JSON array, CSV, CSV for
 * Excel (excel.c), a table, or a workbook (xlsxout.c). */
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include "casework.h"
#include "io/io.h"

struct cw_writer {
	FILE *fp;              /* destination, not owned */
	enum cw_format fmt;    /* never CW_FMT_AUTO */
	const cw_col *cols;    /* column definitions, not owned */
	size_t ncols;          /* number of columns */
	size_t rows;           /* rows written (or held, for a table) */
	cw_buf line;           /* scratch for one output line */
	int err;               /* errno of the first failed write, or 0 */
	char **cells;          /* table: rows * ncols cell copies, owned */
	size_t cells_cap;      /* table: rows allocated in cells */
	cw_buf keys;           /* JSON: each column's '"name":' in turn */
	size_t *key_end;       /* JSON: where each ends in keys, owned */
	struct xlsx_out *xlsx; /* xlsx: the workbook, owned */
	int refused;           /* xlsx: the records do not fit a workbook */
};

cw_writer *cw_writer_new(FILE *fp, enum cw_format fmt, const cw_col *cols,
			 size_t ncols)
{
	cw_writer *w = cw_xcalloc(1, sizeof *w);
	w->fp = fp;
	w->fmt = fmt == CW_FMT_AUTO ? CW_FMT_JSONL : fmt;
	w->cols = cols;
	w->ncols = ncols;
	cw_buf_init(&w->line);
	cw_buf_init(&w->keys);
	if (w->fmt == CW_FMT_JSON || w->fmt == CW_FMT_JSONL) {
		size_t i;
		w->key_end = cw_xcalloc(ncols ? ncols : 1, sizeof *w->key_end);
		for (i = 0; i < ncols; i++) {
			cw_json_quote(&w->keys, cols[i].name, strlen(cols[i].name));
			cw_buf_addch(&w->keys, ':');
			w->key_end[i] = w->keys.len;
		}
	}
	/* A workbook that cannot be started fails as output does. */
	if (w->fmt == CW_FMT_XLSX && !(w->xlsx = xlsx_out_new(fp, cols, ncols)))
		w->err = EIO;
	return w;
}

void cw_writer_note(cw_writer *w, const char *text)
{
	if (w->xlsx)
		xlsx_out_note(w->xlsx, text);
}

/* Writes the line buffer, keeping the reason of the first failure: by the
 * time the output is flushed, errno may say something else. */
static void put(cw_writer *w)
{
	if (fwrite(w->line.s, 1, w->line.len, w->fp) != w->line.len && !w->err)
		w->err = errno ? errno : EIO;
}

/* The line end of CSV: CRLF for Excel, LF otherwise. */
static void csv_eol(cw_writer *w)
{
	cw_buf_addstr(&w->line, w->fmt == CW_FMT_EXCEL ? "\r\n" : "\n");
}

/* The header; for Excel after a UTF-8 BOM, without which Excel and WPS
 * take the bytes for the ANSI code page and Chinese turns to mojibake. */
static void csv_header(cw_writer *w)
{
	size_t i;
	cw_buf_reset(&w->line);
	if (w->fmt == CW_FMT_EXCEL)
		cw_buf_addstr(&w->line, "\xEF\xBB\xBF");
	for (i = 0; i < w->ncols; i++) {
		if (i)
			cw_buf_addch(&w->line, ',');
		cw_csv_quote(&w->line, w->cols[i].name, strlen(w->cols[i].name));
	}
	csv_eol(w);
	fwrite(w->line.s, 1, w->line.len, w->fp);
}

void cw_json_record(cw_buf *b, const cw_col *cols, size_t ncols,
		    const char *const *vals)
{
	size_t i;
	cw_buf_addch(b, '{');
	for (i = 0; i < ncols; i++) {
		if (i)
			cw_buf_addch(b, ',');
		cw_json_quote(b, cols[i].name, strlen(cols[i].name));
		cw_buf_addch(b, ':');
		if (!vals[i])
			cw_buf_addstr(b, "null");
		else if (cols[i].numeric)
			cw_buf_addstr(b, vals[i]);
		else
			cw_json_quote(b, vals[i], strlen(vals[i]));
	}
	cw_buf_addch(b, '}');
}

/* cw_json_record with the keys quoted once for the whole output, into b;
 * each pair is written into room reserved for the longest it can be. */
static void json_object_to(const cw_writer *w, cw_buf *b,
			   const char *const *vals)
{
	size_t i, start = 0;

	cw_buf_addch(b, '{');
	for (i = 0; i < w->ncols; i++) {
		size_t k = w->key_end[i] - start, n = vals[i] ? strlen(vals[i]) : 0;
		char *o = cw_buf_reserve(b, k + 6 * n + 7), *begin = o;

		if (i)
			*o++ = ',';
		memcpy(o, w->keys.s + start, k);
		o += k;
		start = w->key_end[i];
		if (!vals[i]) {
			memcpy(o, "null", 4);
			o += 4;
		} else if (w->cols[i].numeric) {
			memcpy(o, vals[i], n);
			o += n;
		} else {
			o = cw_json_quote_to(o, vals[i], n);
		}
		b->len += (size_t)(o - begin);
	}
	cw_buf_addch(b, '}');
}

void io_writer_json(const cw_writer *w, cw_buf *b, const char *const *vals)
{
	if (w->key_end)
		json_object_to(w, b, vals);
	else
		cw_json_record(b, w->cols, w->ncols, vals);
}

void io_writer_row_json(cw_writer *w, const char *const *vals,
			const char *json, size_t len)
{
	if (w->fmt != CW_FMT_JSONL || w->err) {
		cw_writer_row(w, vals);
		return;
	}
	cw_buf_reset(&w->line);
	cw_buf_add(&w->line, json, len);
	cw_buf_addch(&w->line, '\n');
	put(w);
	w->rows++;
}

/* A table cell shows line breaks and tabs as spaces: the table is for
 * reading, and one record stays on one line.  Other control characters
 * show as U+FFFD: the table goes to a terminal, where an ESC or a BEL
 * from a record would act instead of being shown. */
static char *table_cell(const char *v)
{
	size_t n = v ? strlen(v) : 0;
	char *c = cw_xstrndup(v ? v : "", n), *shown = cw_xmalloc(3 * n + 1), *p;

	for (p = c; *p; p++)
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
	n = cw_utf8_shown(shown, c, n);
	free(c);
	return cw_xrealloc(shown, n + 1);
}

void cw_writer_row(cw_writer *w, const char *const *vals)
{
	size_t i;

	/* Output already lost (a closed pipe, a full disk) is not made,
	 * nor rows past what a workbook holds. */
	if (w->err || w->refused)
		return;
	cw_buf_reset(&w->line);
	switch (w->fmt) {
	case CW_FMT_CSV:
	case CW_FMT_EXCEL:
		if (w->rows == 0)
			csv_header(w);
		cw_buf_reset(&w->line);
		for (i = 0; i < w->ncols; i++) {
			if (i)
				cw_buf_addch(&w->line, ',');
			if (w->fmt == CW_FMT_EXCEL)
				cw_excel_field(&w->line, vals[i], w->cols[i].numeric &&
					       vals[i] && cw_json_number(vals[i]));
			else if (vals[i])
				cw_csv_quote(&w->line, vals[i], strlen(vals[i]));
		}
		csv_eol(w);
		break;
	case CW_FMT_XLSX:
		/* Records that do not fit a workbook refuse it (said now),
		 * and the rest are not written. */
		if (xlsx_out_row(w->xlsx, vals)) {
			w->refused = 1;
			return;
		}
		w->rows++;
		return;
	case CW_FMT_JSON:
		cw_buf_addstr(&w->line, w->rows ? ",\n" : "[\n");
		json_object_to(w, &w->line, vals);
		break;
	case CW_FMT_TABLE:
		if (w->rows == w->cells_cap) {
			w->cells_cap = w->cells_cap ? w->cells_cap * 2 : 64;
			w->cells = cw_xrealloc(w->cells, w->cells_cap * w->ncols *
					       sizeof *w->cells);
		}
		for (i = 0; i < w->ncols; i++)
			w->cells[w->rows * w->ncols + i] = table_cell(vals[i]);
		w->rows++;
		return;
	default:
		json_object_to(w, &w->line, vals);
		cw_buf_addch(&w->line, '\n');
		break;
	}
	put(w);
	w->rows++;
}

int cw_writer_errno(const cw_writer *w)
{
	return w->err;
}

size_t cw_writer_rows(const cw_writer *w)
{
	return w->rows;
}

static void pad(cw_buf *b, size_t n)
{
	while (n--)
		cw_buf_addch(b, ' ');
}

/* Columns are as wide as their widest cell, measured in terminal columns
 * so that Chinese text lines up; numbers align right. */
static void table_flush(cw_writer *w)
{
	size_t *width = cw_xcalloc(w->ncols, sizeof *width);
	size_t r, i, cw;

	if (!w->rows) {
		free(width);
		return;
	}
	for (i = 0; i < w->ncols; i++)
		width[i] = cw_display_width(w->cols[i].name, strlen(w->cols[i].name));
	for (r = 0; r < w->rows; r++)
		for (i = 0; i < w->ncols; i++) {
			const char *c = w->cells[r * w->ncols + i];
			cw = cw_display_width(c, strlen(c));
			if (cw > width[i])
				width[i] = cw;
		}
	for (r = 0; r <= w->rows; r++) {
		cw_buf_reset(&w->line);
		for (i = 0; i < w->ncols; i++) {
			const char *c = r ? w->cells[(r - 1) * w->ncols + i]
					  : w->cols[i].name;
			size_t len = strlen(c);
			cw = cw_display_width(c, len);
			if (i)
				cw_buf_addstr(&w->line, "  ");
			if (w->cols[i].numeric) {
				pad(&w->line, width[i] - cw);
				cw_buf_add(&w->line, c, len);
			} else {
				cw_buf_add(&w->line, c, len);
				if (i + 1 < w->ncols)
					pad(&w->line, width[i] - cw);
			}
		}
		while (w->line.len && w->line.s[w->line.len - 1] == ' ')
			w->line.s[--w->line.len] = '\0';
		cw_buf_addch(&w->line, '\n');
		put(w);
	}
	free(width);
}

int cw_writer_finish(cw_writer *w)
{
	switch (w->fmt) {
	case CW_FMT_CSV:
	case CW_FMT_EXCEL:
		if (!w->rows)
			csv_header(w);
		break;
	case CW_FMT_XLSX:
		if (w->xlsx && !w->err) {
			int e = 0, rc = xlsx_out_finish(w->xlsx, &e);
			if (rc == CW_EXIT_USAGE)
				return rc;
			if (rc && !w->err)
				w->err = e ? e : EIO;
		}
		break;
	case CW_FMT_JSON:
		cw_buf_reset(&w->line);
		cw_buf_addstr(&w->line, w->rows ? "\n]\n" : "[]\n");
		put(w);
		break;
	case CW_FMT_TABLE:
		table_flush(w);
		break;
	default:
		break;
	}
	if (fflush(w->fp) != 0 && !w->err)
		w->err = errno ? errno : EIO;
	if (w->err || ferror(w->fp)) {
		if (!w->err)
			w->err = EIO;
		return CW_EXIT_IO;
	}
	return 0;
}

int cw_writer_failed(const cw_writer *w, int rc)
{
	if (w->refused)
		return rc ? rc : CW_EXIT_USAGE;
	cw_output_failed(w->err);
	return rc ? rc : CW_EXIT_IO;
}

int cw_writer_end(cw_writer *w, int rc)
{
	if (cw_writer_finish(w))
		rc = cw_writer_failed(w, rc);
	if (!rc && !cw_writer_rows(w))
		rc = CW_EXIT_EMPTY;
	cw_writer_free(w);
	return rc;
}

void cw_writer_free(cw_writer *w)
{
	size_t i;
	if (!w)
		return;
	if (w->fmt == CW_FMT_TABLE)
		for (i = 0; i < w->rows * w->ncols; i++)
			free(w->cells[i]);
	free(w->cells);
	cw_buf_release(&w->line);
	cw_buf_release(&w->keys);
	free(w->key_end);
	xlsx_out_free(w->xlsx);
	free(w);
}

void cw_json_kv(cw_buf *b, const char *key, const char *value)
{
	if (b->len && b->s[b->len - 1] != '{')
		cw_buf_addch(b, ',');
	cw_json_quote(b, key, strlen(key));
	cw_buf_addch(b, ':');
	if (value)
		cw_json_quote(b, value, strlen(value));
	else
		cw_buf_addstr(b, "null");
}

void cw_json_change(cw_buf *b, const cw_col *cols, size_t n,
		    char *const *before, const char *const *after,
		    const int *changed)
{
	size_t i;
	int pass, first;

	for (pass = 0; pass < 2; pass++) {
		cw_buf_addstr(b, pass ? ",\"after\":{" : "{\"before\":{");
		first = 1;
		for (i = 0; i < n; i++) {
			const char *v = pass ? after[i] : before[i];
			if (!changed[i])
				continue;
			cw_buf_addstr(b, first ? "" : ",");
			first = 0;
			cw_json_quote(b, cols[i].name, strlen(cols[i].name));
			cw_buf_addch(b, ':');
			if (v)
				cw_json_quote(b, v, strlen(v));
			else
				cw_buf_addstr(b, "null");
		}
		cw_buf_addch(b, '}');
	}
	cw_buf_addch(b, '}');
}
