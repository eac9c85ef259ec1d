/*
 * io/xlsxin.c - the records of a workbook (.xlsx): its first sheet, read
 * as CSV is: the first row that is not empty is the header, each later
 * row that is not empty a record, its fields named by the header.
 *
 * The package's small parts are read whole when the first record is asked
 * for (xlsxpart.c), the shared strings kept in memory; the sheet is
 * streamed: expat is fed the part in chunks and suspended at the end of
 * each row, which is handed out before the parse resumes. A cell is placed
 * by the column of its reference (rows may be sparse), a row by its
 * number, which is the line of messages.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "io/io.h"

#define CHUNK 65536
#define MAX_ROW 1048576L  /* Excel's rows */
#define MAX_COL 16384L    /* and columns (XFD) */
/* The text of one cell as written, escapes included (_x0041_ is one
 * character in 7 bytes): past this it cannot fit CW_MAX_FIELD. */
#define MAX_RAW ((size_t)CW_MAX_FIELD * 7 + 7)

enum xl_state { XS_OPEN, XS_HEADER, XS_DATA, XS_END, XS_FAILED };

/* One cell of the row read, with a value (empty cells are not kept). */
struct xcell {
	long col;               /* 1-based column */
	size_t off, len;        /* its value in row */
	enum cw_ftype type;
	const char *why;        /* a reason to reject the record, or NULL */
};

struct cw_xlsxin {
	struct io_xml x;        /* the sheet's parse (first: io_xml_init) */
	cw_src *src;            /* the file, not owned; NULL in memory */
	struct io_mem mem[3];   /* in memory: shared strings, styles, sheet */
	int has_mem[2];         /* which of the first two there are */
	struct io_zip *zip;     /* the archive, owned */
	struct io_xlsx_book book;
	io_read_fn *read;       /* the sheet's bytes */
	void *rctx;
	enum xl_state state;
	int suspended;          /* expat stopped at the end of a row */
	int final;              /* the sheet's last bytes were fed */
	int done;               /* and parsed */
	int row_ready;          /* a row was read, not yet taken */
	/* where the parse is */
	int in_data;            /* inside sheetData */
	int depth;              /* elements open inside it: a row is at 1, a
				 * cell at 2, its v or is at 3 */
	int in_row, in_c, in_v, in_is, in_t, rph;
	long row, last_row;     /* the row being read, the one before */
	long col, last_col;     /* the cell being read, the one before */
	char ctype;             /* its t: 's', 'S' (str), 'i', 'b', 'e', 'd', 'n' */
	long style;             /* its s, -1 for none */
	int has_v;              /* it had a v or an is */
	int has_f;              /* and an f: a formula */
	cw_buf val;             /* its text */
	/* the row read */
	struct xcell *cells;
	size_t ncells, cellcap;
	cw_buf row_text;        /* the values, each NUL-ended */
	/* the header */
	char **cols;
	size_t ncols;
	int have_header;
	const cw_names *expect;
	uint64_t names;
	cw_read_error fail;     /* the fatal error, repeated */
};

static struct cw_xlsxin *xlsxin_alloc(void)
{
	static uint64_t files;
	struct cw_xlsxin *x = cw_xcalloc(1, sizeof *x);

	x->names = ++files;
	x->state = XS_OPEN;
	cw_buf_init(&x->val);
	cw_buf_init(&x->row_text);
	cw_buf_init(&x->book.sst);
	return x;
}

struct cw_xlsxin *io_xlsxin_new(cw_src *src)
{
	struct cw_xlsxin *x = xlsxin_alloc();
	x->src = src;
	return x;
}

struct cw_xlsxin *io_xlsxin_mem(const char *sst, size_t sstlen,
				const char *styles, size_t styleslen,
				const char *sheet, size_t sheetlen)
{
	struct cw_xlsxin *x = xlsxin_alloc();

	x->mem[0] = (struct io_mem){sst, sstlen};
	x->mem[1] = (struct io_mem){styles, styleslen};
	x->mem[2] = (struct io_mem){sheet, sheetlen};
	x->has_mem[0] = sst != NULL;
	x->has_mem[1] = styles != NULL;
	return x;
}

void io_xlsxin_expect(struct cw_xlsxin *x, const cw_names *names)
{
	x->expect = names;
}

/* ---- the sheet's parse ---- */

/* The column of a reference such as "B3" (1-based), its row in *row (0
 * when it has none); -1 when it is no reference within Excel's limits. */
static long ref_col(const char *r, long *row)
{
	long col = 0, n = 0;

	for (; *r >= 'A' && *r <= 'Z'; r++)
		if ((col = col * 26 + (*r - 'A' + 1)) > MAX_COL)
			return -1;
	for (*row = 0; *r >= '0' && *r <= '9'; r++)
		if ((n = n * 10 + (*r - '0')) > MAX_ROW)
			return -1;
	*row = n;
	return *r || !col ? -1 : col;
}

static void on_start(void *data, const XML_Char *name, const XML_Char **atts)
{
	struct cw_xlsxin *x = data;
	const char *l = io_xml_local(name), *v;
	long n, rrow;

	if (!x->in_data) {
		x->in_data = !strcmp(l, "sheetData");
		return;
	}
	x->depth++;
	if (x->depth == 1 && !strcmp(l, "row")) {
		x->in_row = 1;
		n = x->last_row + 1;
		if ((v = io_xml_attr(atts, "r")) &&
		    cw_parse_long(v, 1, MAX_ROW, &n) != 0) {
			io_xml_stop(&x->x, "a row number beyond Excel's rows");
			return;
		}
		if (n <= x->last_row || n > MAX_ROW) {
			io_xml_stop(&x->x, "row %ld out of order", n);
			return;
		}
		x->row = n;
		x->last_col = 0;
		x->ncells = 0;
		cw_buf_reset(&x->row_text);
	} else if (x->depth == 2 && x->in_row && !strcmp(l, "c")) {
		x->in_c = 1;
		x->has_v = x->has_f = 0;
		cw_buf_reset(&x->val);
		n = x->last_col + 1;
		if ((v = io_xml_attr(atts, "r")) &&
		    ((n = ref_col(v, &rrow)) < 0 || (rrow && rrow != x->row))) {
			io_xml_stop(&x->x, "row %ld: a cell reference that is not "
				    "in the row or beyond Excel's columns", x->row);
			return;
		}
		if (n <= x->last_col || n > MAX_COL) {
			io_xml_stop(&x->x, "row %ld: cells out of order", x->row);
			return;
		}
		x->col = x->last_col = n;
		v = io_xml_attr(atts, "t");
		x->ctype = !v || !strcmp(v, "n") ? 'n' : !strcmp(v, "s") ? 's' :
			   !strcmp(v, "str") ? 'S' : !strcmp(v, "inlineStr") ? 'i' :
			   !strcmp(v, "b") ? 'b' : !strcmp(v, "e") ? 'e' :
			   !strcmp(v, "d") ? 'd' : '?';
		if (x->ctype == '?')
			io_xml_stop(&x->x, "row %ld: a cell of an unknown type", x->row);
		if (!(v = io_xml_attr(atts, "s")) ||
		    cw_parse_long(v, 0, 1000000000L, &x->style) != 0)
			x->style = -1;
	} else if (x->depth == 3 && x->in_c && !strcmp(l, "v")) {
		x->in_v = x->has_v = 1;
	} else if (x->depth == 3 && x->in_c && !strcmp(l, "f")) {
		x->has_f = 1;
	} else if (x->depth == 3 && x->in_c && !strcmp(l, "is")) {
		x->in_is = x->has_v = 1;
	} else if (x->in_is && !strcmp(l, "rPh")) {
		x->rph++;
	} else if (x->in_is && !strcmp(l, "t")) {
		x->in_t = 1;
	}
}

static void on_text(void *data, const XML_Char *s, int len)
{
	struct cw_xlsxin *x = data;

	if (!x->in_v && !(x->in_t && !x->rph))
		return;
	if (x->val.len + (size_t)len > MAX_RAW) {
		io_xml_stop(&x->x, "row %ld: field longer than 1 MiB", x->row);
		return;
	}
	cw_buf_add(&x->val, s, (size_t)len);
}

/* The shared string the cell's v names, or NULL. */
static const char *shared(struct cw_xlsxin *x, size_t *len)
{
	const struct io_xlsx_book *b = &x->book;
	long i;
	size_t end;

	if (cw_parse_long(x->val.s, 0, 0x7fffffffL, &i) != 0 ||
	    (size_t)i >= b->nsst) {
		io_xml_stop(&x->x, "row %ld: a cell names a shared string "
			    "that the workbook does not have", x->row);
		return NULL;
	}
	end = (size_t)i + 1 < b->nsst ? b->sst_off[i + 1] : b->sst.len;
	*len = end - b->sst_off[i] - 1;
	return b->sst.s + b->sst_off[i];
}

/* The cell's value, once its element has ended: kept when it is not
 * empty. */
static void end_cell(struct cw_xlsxin *x)
{
	struct xcell c = {.col = x->col, .type = CW_F_STRING};
	const char *v = x->val.s;
	char num[32];
	size_t len = x->val.len;
	double d;

	/* A formula saved without its value (as openpyxl writes one: no v,
	 * or an empty one where a number goes) is no empty field. */
	if (x->has_f && (!x->has_v || (!len && x->ctype == 'n')))
		c.why = "a formula without a saved value (open the workbook "
			"in a spreadsheet and save it)";
	else if (!x->has_v)
		return;
	switch (c.why ? 0 : x->ctype) {
	case 0:
		break;
	case 's':
		if (!(v = shared(x, &len)))
			return;
		break;
	case 'S':
	case 'i':
		len = io_xlsx_unescape(x->val.s, len);
		break;
	case 'b':
		c.type = strcmp(v, "1") && strcmp(v, "true") ? CW_F_FALSE : CW_F_TRUE;
		v = c.type == CW_F_TRUE ? "true" : "false";
		len = strlen(v);
		break;
	case 'e':
		c.why = "the cell holds a spreadsheet error";
		break;
	case 'd':
		break;
	default:
		if (!len)
			return;
		if (io_xlsx_number(v, &d, num) != 0) {
			c.why = "the cell holds no number";
		} else if (x->style >= 0 && (size_t)x->style < x->book.nxf &&
			   x->book.date_xf[x->style]) {
			c.why = io_xlsx_date(d, x->book.date1904,
					     x->book.date_xf[x->style] == IO_XLSX_TIME,
					     num);
		} else {
			c.type = CW_F_NUMBER;
		}
		v = num;
		len = c.why ? 0 : strlen(num);
		break;
	}
	if (!len && !c.why)
		return;
	if (len > CW_MAX_FIELD) {
		io_xml_stop(&x->x, "row %ld: field longer than 1 MiB", x->row);
		return;
	}
	if (x->col > CW_MAX_COLUMNS) {
		io_xml_stop(&x->x, "row %ld: more than %d fields", x->row,
			    CW_MAX_COLUMNS);
		return;
	}
	if (!c.why && memchr(v, '\0', len))
		c.why = "NUL byte in field";
	c.off = x->row_text.len;
	c.len = len;
	cw_buf_add(&x->row_text, v, len);
	cw_buf_addch(&x->row_text, '\0');
	if (x->ncells == x->cellcap) {
		x->cellcap = x->cellcap ? x->cellcap * 2 : 64;
		x->cells = cw_xrealloc(x->cells, x->cellcap * sizeof *x->cells);
	}
	x->cells[x->ncells++] = c;
}

static void on_end(void *data, const XML_Char *name)
{
	struct cw_xlsxin *x = data;
	const char *l = io_xml_local(name);

	if (!x->in_data)
		return;
	/* expat checks that the tags nest: each element ends at its depth. */
	switch (x->depth--) {
	case 0:
		x->in_data = 0;
		x->depth = 0;
		return;
	case 1:
		if (!x->in_row)
			return;
		x->in_row = 0;
		x->last_row = x->row;
		break;
	case 2:
		if (x->in_c) {
			x->in_c = 0;
			end_cell(x);
		}
		return;
	case 3:
		x->in_v = x->in_is = 0;
		return;
	default:
		if (!strcmp(l, "t"))
			x->in_t = 0;
		else if (!strcmp(l, "rPh") && x->rph)
			x->rph--;
		return;
	}
	/* A row with no value is skipped, as an empty CSV line. */
	if (x->ncells && !x->x.failed) {
		x->row_ready = 1;
		XML_StopParser(x->x.p, XML_TRUE);
	}
}

/* Parses on to the end of the next row with a value. Returns 1 with the
 * row in cells, 0 at the end of the sheet, -1 with x->fail filled. */
static int next_row(struct cw_xlsxin *x)
{
	enum XML_Status st;
	void *buf;
	long n;

	x->row_ready = 0;
	while (!x->row_ready) {
		if (x->done)
			return 0;
		if (x->suspended) {
			x->suspended = 0;
			st = XML_ResumeParser(x->x.p);
		} else {
			if (!(buf = XML_GetBuffer(x->x.p, CHUNK))) {
				cw_error("out of memory");
				exit(CW_EXIT_IO);
			}
			if ((n = x->read(x->rctx, buf, CHUNK, &x->fail)) < 0)
				return -1;
			x->final = n == 0;
			st = XML_ParseBuffer(x->x.p, (int)n, x->final);
		}
		if (st == XML_STATUS_ERROR)
			return io_xml_error(&x->x);
		if (st == XML_STATUS_SUSPENDED)
			x->suspended = 1;
		else if (x->final)
			x->done = 1;
	}
	return 1;
}

/* ---- opening the package ---- */

/* A seekable file of the workbook for libzip: the file itself when it is
 * a regular file named by a path, else (standard input, a pipe) a copy in
 * an owner-only temporary file, unlinked at once. Returns the
 * descriptor, or -1 with x->fail filled. */
static int workbook_fd(struct cw_xlsxin *x)
{
	cw_src *s = x->src;
	const char *dir = getenv("TMPDIR");
	struct stat sb;
	char *path;
	size_t n;
	int fd;

	if (s->fp != stdin && fstat(fileno(s->fp), &sb) == 0 &&
	    S_ISREG(sb.st_mode)) {
		if ((fd = dup(fileno(s->fp))) < 0)
			goto io_error;
		return fd;
	}
	if (!dir || !*dir)
		dir = "/tmp";
	path = cw_xmalloc(strlen(dir) + 20);
	sprintf(path, "%s/cw-xlsx.XXXXXX", dir);
	fd = mkstemp(path);
	if (fd >= 0)
		unlink(path);
	free(path);
	if (fd < 0)
		goto io_error;
	/* What detection read already, then the rest. */
	n = s->len;
	do {
		if (n && write(fd, s->buf, n) != (ssize_t)n) {
			close(fd);
			goto io_error;
		}
		n = fread(s->buf, 1, CW_SRC_CHUNK, s->fp);
	} while (n > 0);
	s->pos = s->len = 0;
	if (ferror(s->fp)) {
		close(fd);
		goto io_error;
	}
	return fd;
io_error:
	io_read_error_set(&x->fail, 0, NULL, CW_EXIT_IO, "cannot read: %s",
			  strerror(errno));
	return -1;
}

/* Starts reading part from the archive or memory (i: its place in mem).
 * Returns 1, 0 when there is no such part, -1 with x->fail filled. */
static int part(struct cw_xlsxin *x, const char *name, uint64_t cap, int i)
{
	if (x->zip) {
		x->read = io_zip_read;
		x->rctx = x->zip;
		return io_zip_part(x->zip, name, cap, &x->fail);
	}
	x->read = io_mem_read;
	x->rctx = &x->mem[i];
	return i == 2 || x->has_mem[i];
}

/* Reads the package's small parts and starts the sheet's parse. */
static int open_package(struct cw_xlsxin *x)
{
	static const char *const wb = "xl/workbook.xml",
		*rels = "xl/_rels/workbook.xml.rels";
	struct io_xlsx_book *b = &x->book;
	/* The conventional names, when the relationships name no part. */
	const char *sheet = "sheet", *styles = "xl/styles.xml",
		*sst = "xl/sharedStrings.xml";
	int fd, r;

	if (x->src) {
		if ((fd = workbook_fd(x)) < 0 ||
		    io_zip_open(&x->zip, fd, &x->fail) != 0)
			return -1;
		if ((r = io_zip_part(x->zip, wb, IO_XLSX_PART_CAP, &x->fail)) <= 0) {
			if (!r)
				io_read_error_set(&x->fail, 0, NULL, CW_EXIT_DATA,
						  "not an xlsx workbook: it has no "
						  "part %s", wb);
			return -1;
		}
		if (io_xlsx_workbook(b, io_zip_read, x->zip, wb, &x->fail))
			return -1;
		if ((r = io_zip_part(x->zip, rels, IO_XLSX_PART_CAP, &x->fail)) <= 0) {
			if (!r)
				io_read_error_set(&x->fail, 0, NULL, CW_EXIT_DATA,
						  "%s: the part is missing", rels);
			return -1;
		}
		if (io_xlsx_rels(b, io_zip_read, x->zip, rels, &x->fail))
			return -1;
		sheet = b->sheet_part;
		if (b->styles_part)
			styles = b->styles_part;
		if (b->sst_part)
			sst = b->sst_part;
		/* Nothing is left out unsaid. */
		if (b->nsheets > 1)
			cw_error_at(x->src->name, 0, NULL, "the workbook has %zu "
				    "sheets; only the first, '%s', is read",
				    b->nsheets, b->sheet_name);
	}
	if ((r = part(x, styles, IO_XLSX_PART_CAP, 1)) < 0 ||
	    (r && io_xlsx_styles(b, x->read, x->rctx, styles, &x->fail)))
		return -1;
	if ((r = part(x, sst, IO_XLSX_SST_CAP, 0)) < 0 ||
	    (r && io_xlsx_strings(b, x->read, x->rctx, sst, &x->fail)))
		return -1;
	if ((r = part(x, sheet, UINT64_MAX, 2)) <= 0) {
		if (!r)
			io_read_error_set(&x->fail, 0, NULL, CW_EXIT_DATA,
					  "%s: the part is missing", sheet);
		return -1;
	}
	io_xml_init(&x->x, sheet, &x->fail, x);
	XML_SetElementHandler(x->x.p, on_start, on_end);
	XML_SetCharacterDataHandler(x->x.p, on_text);
	return 0;
}

/* ---- records ---- */

static int fatal(struct cw_xlsxin *x, cw_read_error *err)
{
	x->state = XS_FAILED;
	*err = x->fail;
	return CW_READ_FATAL;
}

/* The header: the row's values by column, an empty name where none. */
static int take_header(struct cw_xlsxin *x, cw_read_error *err)
{
	size_t i;

	x->ncols = (size_t)x->cells[x->ncells - 1].col;
	x->cols = cw_xcalloc(x->ncols + 1, sizeof *x->cols);
	for (i = 0; i < x->ncells; i++) {
		const struct xcell *e = &x->cells[i];
		if (e->why) {
			io_read_error_set(&x->fail, x->row, NULL, CW_EXIT_DATA,
					  "header: %s", e->why);
			return fatal(x, err);
		}
		x->cols[e->col - 1] = cw_xstrndup(x->row_text.s + e->off, e->len);
	}
	for (i = 0; i < x->ncols; i++)
		if (!x->cols[i])
			x->cols[i] = cw_xstrdup("");
	if (io_header_check(x->cols, x->ncols, x->expect, x->row, &x->fail))
		return fatal(x, err);
	x->have_header = 1;
	x->state = XS_DATA;
	return 0;
}

/* The record of the row read: a field for each column, empty where the
 * row has no value, and those past the header, nameless. */
static int take_record(struct cw_xlsxin *x, cw_record *rec, cw_read_error *err)
{
	const struct xcell *bad = NULL;
	size_t i, k = 0;
	long last = x->cells[x->ncells - 1].col, c;

	rec->line = x->row;
	for (c = 1; c <= last || (size_t)c <= x->ncols; c++) {
		const char *name = (size_t)c <= x->ncols ? x->cols[c - 1] : "";
		if (k < x->ncells && x->cells[k].col == c) {
			const struct xcell *e = &x->cells[k++];
			cw_record_add(rec, name, x->row_text.s + e->off, e->len,
				      e->type);
			if (e->why && !bad)
				bad = e;
		} else {
			cw_record_add(rec, name, "", 0, CW_F_STRING);
		}
	}
	if ((size_t)last > x->ncols) {
		io_read_error_set(err, x->row, NULL, CW_EXIT_DATA,
				  "expected %zu fields, found %ld", x->ncols, last);
		return CW_READ_REJECT;
	}
	if (bad) {
		i = (size_t)bad->col - 1;
		io_read_error_set(err, x->row, x->cols[i], CW_EXIT_DATA, "%s",
				  bad->why);
		return CW_READ_REJECT;
	}
	return CW_READ_RECORD;
}

int io_xlsxin_next(struct cw_xlsxin *x, cw_record *rec, cw_read_error *err)
{
	int r;

	cw_record_reset(rec);
	rec->names = x->names;
	if (x->state == XS_FAILED)
		return fatal(x, err);
	if (x->state == XS_END)
		return CW_READ_END;
	if (x->state == XS_OPEN) {
		if (open_package(x))
			return fatal(x, err);
		x->state = XS_HEADER;
	}
	for (;;) {
		r = next_row(x);
		if (r < 0)
			return fatal(x, err);
		if (r == 0) {
			x->state = XS_END;
			return CW_READ_END;
		}
		if (x->state == XS_DATA)
			return take_record(x, rec, err);
		if (take_header(x, err))
			return CW_READ_FATAL;
	}
}

const char *const *io_xlsxin_columns(const struct cw_xlsxin *x, size_t *n)
{
	if (n)
		*n = x->have_header ? x->ncols : 0;
	return x->have_header ? (const char *const *)x->cols : NULL;
}

void io_xlsxin_free(struct cw_xlsxin *x)
{
	size_t i;

	if (!x)
		return;
	if (x->x.p)
		XML_ParserFree(x->x.p);
	io_zip_close(x->zip);
	io_xlsx_book_release(&x->book);
	cw_buf_release(&x->val);
	cw_buf_release(&x->row_text);
	free(x->cells);
	for (i = 0; i < x->ncols; i++)
		free(x->cols[i]);
	free(x->cols);
	free(x);
}
