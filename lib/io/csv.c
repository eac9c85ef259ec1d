/*
 * io/csv.c - CSV records (RFC 4180) on top of libcsv in strict mode.
 *
 * libcsv does the tokenizing; this file adds what it lacks: physical line
 * numbers, one record per call, the header, and the limits and checks of
 * casework.7. libcsv reports neither positions nor record boundaries
 * inside a buffer, so it is fed in pieces that end at the first CR or LF:
 * a record can only end on such a byte, so each piece completes at most
 * one record, and every LF fed is one physical line.
 *
 * Dialect, as libcsv strict mode gives it with space trimming turned off:
 * fields are kept byte for byte (spaces included), a quote may only open a
 * field, a closing quote must be followed by a comma or a line end, line
 * breaks inside quotes are kept as written, and records end at LF, CRLF
 * or a lone CR. Empty lines between records are skipped (they are not
 * records). Lines are counted by LF only, as grep -n and sed count them.
 */
#include <string.h>
#include <stdlib.h>
#include <csv.h>
#include "io/io.h"

/* Where the reader stands in the stream. */
enum csv_state {
	ST_HEADER,   /* the next record is the header */
	ST_DATA,     /* the header has been read */
	ST_END,      /* input exhausted, END returned */
	ST_FAILED    /* a fatal error was returned; it is repeated */
};

/* What went wrong inside a callback, acted on once the piece is fed. */
enum csv_flaw {
	FL_NONE,
	FL_TOO_LONG,   /* a field passed CW_MAX_FIELD */
	FL_TOO_MANY,   /* a record passed CW_MAX_COLUMNS */
	FL_NUL,        /* a field holds a NUL byte */
	FL_UTF8        /* a field is not valid UTF-8 */
};

struct cw_csvin {
	cw_src *src;             /* the bytes, not owned */
	struct csv_parser p;     /* libcsv state; its entry buffer is owned */
	enum csv_state state;    /* see enum csv_state */
	long line;               /* physical line of the next byte to feed */
	long start;              /* line where the current record started */
	int in_record;           /* a record has begun and not yet ended */
	int complete;            /* cb2 ended a record during the last feed */
	char **cols;             /* header names, owned, each owned */
	size_t ncols;            /* header names read so far */
	size_t colcap;           /* slots allocated in cols */
	int have_header;         /* the header was read and accepted */
	const cw_names *expect;  /* the columns records may have, or NULL */
	cw_record *rec;          /* record being filled (data), not owned */
	uint64_t names;          /* this file's token for cw_record.names */
	size_t nf;               /* fields seen in the current record */
	enum csv_flaw flaw;      /* first flaw in the current record */
	size_t flaw_col;         /* 0-based field where the flaw is */
	cw_read_error fail;      /* the fatal error, repeated on later calls */
};

/* Fields are never trimmed: " a " stays " a ". */
static int no_space(unsigned char c)
{
	(void)c;
	return 0;
}

/* Notes a flaw of the current record: the first one, except that a
 * passed limit (fatal) outranks a bad value (a reject). */
static void flaw(struct cw_csvin *c, enum csv_flaw f, size_t col)
{
	int limit = f == FL_TOO_LONG || f == FL_TOO_MANY;
	int had_limit = c->flaw == FL_TOO_LONG || c->flaw == FL_TOO_MANY;

	if (c->flaw == FL_NONE || (limit && !had_limit)) {
		c->flaw = f;
		c->flaw_col = col;
	}
}

/* libcsv field callback: stores one field of the header or the record. */
static void on_field(void *s, size_t len, void *data)
{
	struct cw_csvin *c = data;
	const char *v = s ? s : "";
	size_t i = c->nf++;
	size_t bad;

	if (len > CW_MAX_FIELD) {
		flaw(c, FL_TOO_LONG, i);
		return;
	}
	if (i >= CW_MAX_COLUMNS) {
		flaw(c, FL_TOO_MANY, i);
		return;
	}
	if (!cw_utf8_valid(v, len, &bad))
		flaw(c, v[bad] == '\0' ? FL_NUL : FL_UTF8, i);
	if (c->state == ST_HEADER) {
		if (c->ncols == c->colcap) {
			c->colcap = c->colcap ? c->colcap * 2 : 16;
			c->cols = cw_xrealloc(c->cols, (c->colcap + 1) *
					      sizeof *c->cols);
		}
		c->cols[c->ncols++] = cw_xstrndup(v, len);
		c->cols[c->ncols] = NULL;
		return;
	}
	/* Extra fields get the empty name: no header name can be empty, so
	 * they cannot be mistaken for a column; their place is their order. */
	cw_record_add(c->rec, i < c->ncols ? c->cols[i] : "", v, len,
		      CW_F_STRING);
}

/* libcsv record callback: the record is complete. */
static void on_record(int term, void *data)
{
	struct cw_csvin *c = data;
	(void)term;
	c->complete = 1;
	c->in_record = 0;
}

/* Records a fatal error, to be returned now and on every later call. */
static int fatal(struct cw_csvin *c, cw_read_error *err)
{
	c->state = ST_FAILED;
	*err = c->fail;
	return CW_READ_FATAL;
}

static const char *col_name(const struct cw_csvin *c, size_t i)
{
	return c->state == ST_DATA && i < c->ncols ? c->cols[i] : NULL;
}

/* Fails on a limit passed: these end the stream, since the rest of the
 * input cannot be trusted to be split where the writer meant. */
static int check_limits(struct cw_csvin *c, cw_read_error *err)
{
	/* entry_pos may hold a closing quote not yet dropped, hence + 1. */
	if (c->flaw == FL_TOO_LONG || c->p.entry_pos > CW_MAX_FIELD + 1) {
		size_t i = c->flaw == FL_TOO_LONG ? c->flaw_col : c->nf;
		io_read_error_set(&c->fail, c->start, col_name(c, i),
				  CW_EXIT_DATA, "field longer than 1 MiB");
		return fatal(c, err);
	}
	if (c->flaw == FL_TOO_MANY) {
		io_read_error_set(&c->fail, c->start, NULL, CW_EXIT_DATA,
				  "more than %d fields", CW_MAX_COLUMNS);
		return fatal(c, err);
	}
	return 0;
}

int io_header_check(char *const *cols, size_t n, const cw_names *expect,
		    long line, cw_read_error *err)
{
	size_t i, j;

	/* A header naming no column the records may have is a file without
	 * a header: its names are values, so they are not quoted, and this
	 * comes before the checks that would quote them. */
	for (i = 0; expect && i < n; i++)
		if (!cw_batch_ignored_column(cols[i]) &&
		    expect->known(expect, cols[i]))
			break;
	if (expect && i == n) {
		io_read_error_set(err, line, NULL, CW_EXIT_DATA,
				  "the first line is not a header (no known "
				  "column)");
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (!cols[i][0]) {
			io_read_error_set(err, line, NULL, CW_EXIT_DATA,
					  "empty column name");
			return -1;
		}
		/* At most 1000 names: quadratic is 500,000 compares, once. */
		for (j = 0; j < i; j++)
			if (!strcmp(cols[i], cols[j])) {
				io_read_error_set(err, line, cols[i],
						  CW_EXIT_DATA,
						  "duplicate column");
				return -1;
			}
	}
	return 0;
}

/* Checks the header just read; the header itself is never a record. */
static int take_header(struct cw_csvin *c, cw_read_error *err)
{
	c->state = ST_DATA;
	if (c->flaw == FL_NUL || c->flaw == FL_UTF8) {
		io_read_error_set(&c->fail, c->start, NULL, CW_EXIT_DATA,
				  c->flaw == FL_NUL ? "NUL byte in header" :
				  "header not valid UTF-8 (name its charset "
				  "with --encoding)");
		return fatal(c, err);
	}
	if (io_header_check(c->cols, c->ncols, c->expect, c->start, &c->fail))
		return fatal(c, err);
	c->have_header = 1;
	return 0;
}

/* Judges the data record just read. */
static int take_record(struct cw_csvin *c, cw_record *rec,
		       cw_read_error *err)
{
	rec->line = c->start;
	if (c->nf != c->ncols) {
		io_read_error_set(err, c->start, NULL, CW_EXIT_DATA,
				  "expected %zu fields, found %zu",
				  c->ncols, c->nf);
		return CW_READ_REJECT;
	}
	if (c->flaw == FL_NUL || c->flaw == FL_UTF8) {
		io_read_error_set(err, c->start, c->cols[c->flaw_col],
				  CW_EXIT_DATA, "%s", c->flaw == FL_NUL ?
				  "NUL byte in field" : "not valid UTF-8 "
				  "(name its charset with --encoding)");
		return CW_READ_REJECT;
	}
	return CW_READ_RECORD;
}

/* Explains why libcsv stopped inside a piece. The offending byte is never
 * the piece's line end, so the current line is the line of the error. */
static int parse_error(struct cw_csvin *c, cw_read_error *err)
{
	int e = csv_error(&c->p);

	if (e != CSV_EPARSE) {
		io_read_error_set(&c->fail, c->line, NULL, CW_EXIT_IO,
				  "csv parser: %s", csv_strerror(e));
		return fatal(c, err);
	}
	/* Strict mode fails in two places: a quote in an unquoted field,
	 * and anything but a comma or line end after a closing quote. */
	io_read_error_set(&c->fail, c->line, NULL, CW_EXIT_DATA, "%s",
			  c->p.quoted ? "text after a closing quote" :
			  "quote inside an unquoted field");
	return fatal(c, err);
}

/* Feeds the next piece of buffered input: up to and including the first
 * CR or LF, or all that is buffered. Returns 0 or CW_READ_FATAL. */
static int feed(struct cw_csvin *c, cw_read_error *err)
{
	cw_src *s = c->src;
	const unsigned char *b = s->buf + s->pos, *e = s->buf + s->len, *q;
	size_t n, got;

	for (q = b; q < e && *q != '\n' && *q != '\r'; q++)
		;
	n = q < e ? (size_t)(q - b) + 1 : (size_t)(e - b);
	/* Outside a record, only a lone line end fails to start one: libcsv
	 * skips it, and trims nothing, so any other byte begins a field. */
	if (!c->in_record && !(n == 1 && q < e)) {
		c->in_record = 1;
		c->start = c->line;
	}
	/* Grow the entry buffer geometrically: libcsv adds blk_size each
	 * time, which alone would copy a 1 MiB field hundreds of times. */
	if (csv_get_buffer_size(&c->p) > c->p.blk_size)
		csv_set_blk_size(&c->p, csv_get_buffer_size(&c->p));
	got = csv_parse(&c->p, b, n, on_field, on_record, c);
	if (got < n)
		return parse_error(c, err);
	s->pos += n;
	if (q < e && *q == '\n')
		c->line++;
	return check_limits(c, err);
}

/* Creates a reader of CSV records from src, which it does not own and
 * which must outlive it. Never returns NULL (allocation failure exits). */
struct cw_csvin *io_csvin_new(cw_src *src)
{
	/* Every file read gets its own token: the records of one file name
	 * their fields by one header. */
	static uint64_t files;
	struct cw_csvin *c = cw_xcalloc(1, sizeof *c);

	c->src = src;
	c->names = ++files;
	c->state = ST_HEADER;
	c->line = 1;
	csv_init(&c->p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL);
	csv_set_space_func(&c->p, no_space);
	csv_set_realloc_func(&c->p, cw_xrealloc);
	csv_set_free_func(&c->p, free);
	csv_set_blk_size(&c->p, 4096);
	return c;
}

void io_csvin_expect(struct cw_csvin *c, const cw_names *names)
{
	c->expect = names;
}

/* Reads the next data record into rec (reset first), reading the header
 * first if needed. Returns CW_READ_RECORD; CW_READ_REJECT with err filled
 * and rec holding the fields as read (the stream goes on); CW_READ_END;
 * or CW_READ_FATAL with err filled, after which every call returns the
 * same error. rec->line and err->line are the record's first line. */
int io_csvin_next(struct cw_csvin *c, cw_record *rec, cw_read_error *err)
{
	int r;

	cw_record_reset(rec);
	rec->names = c->names;
	if (c->state == ST_FAILED)
		return fatal(c, err);
	if (c->state == ST_END)
		return CW_READ_END;
	c->rec = rec;
	c->complete = 0;
	c->nf = 0;
	c->flaw = FL_NONE;
	for (;;) {
		if (c->complete) {
			c->complete = 0;
			if (c->state == ST_DATA)
				return take_record(c, rec, err);
			if (take_header(c, err))
				return CW_READ_FATAL;
			c->nf = 0;
			c->flaw = FL_NONE;
			continue;
		}
		r = io_src_fill(c->src, err);
		if (r < 0) {
			c->fail = *err;
			return fatal(c, err);
		}
		if (r > 0) {
			if (feed(c, err))
				return CW_READ_FATAL;
			continue;
		}
		/* End of input: a last record without a line end is ended
		 * here, and an open quote is an error. */
		if (csv_fini(&c->p, on_field, on_record, c) != 0) {
			io_read_error_set(&c->fail, c->start, NULL,
					  CW_EXIT_DATA,
					  "unterminated quoted field");
			return fatal(c, err);
		}
		if (check_limits(c, err))
			return CW_READ_FATAL;
		if (!c->complete) {
			c->state = ST_END;
			return CW_READ_END;
		}
		if (c->state == ST_HEADER) {
			if (take_header(c, err))
				return CW_READ_FATAL;
			c->state = ST_END;
			return CW_READ_END;
		}
		c->state = ST_END;
		return take_record(c, rec, err);
	}
}

/* The header names as written, NULL-terminated, and their count in *n
 * (when n is not NULL). NULL (and 0) until the header has been read or
 * when the input was empty. Owned by c. */
const char *const *io_csvin_columns(const struct cw_csvin *c, size_t *n)
{
	if (n)
		*n = c->have_header ? c->ncols : 0;
	return c->have_header ? (const char *const *)c->cols : NULL;
}

/* Frees the reader and its header; the src stays open. NULL is allowed. */
void io_csvin_free(struct cw_csvin *c)
{
	size_t i;

	if (!c)
		return;
	csv_free(&c->p);
	for (i = 0; i < c->ncols; i++)
		free(c->cols[i]);
	free(c->cols);
	free(c);
}

void cw_csv_quote(cw_buf *b, const char *s, size_t n)
{
	size_t i;
	int need = n && (s[0] == ' ' || s[n - 1] == ' ');
	for (i = 0; i < n && !need; i++)
		if (s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n')
			need = 1;
	if (!need) {
		cw_buf_add(b, s, n);
		return;
	}
	cw_buf_addch(b, '"');
	for (i = 0; i < n; i++) {
		if (s[i] == '"')
			cw_buf_addch(b, '"');
		cw_buf_addch(b, s[i]);
	}
	cw_buf_addch(b, '"');
}
