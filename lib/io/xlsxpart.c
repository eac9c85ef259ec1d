/*
 * io/xlsxpart.c - the small parts of a workbook's package, each parsed
 * whole with expat: the workbook (its first sheet, its date system), the
 * workbook's relationships (where that sheet, the styles and the shared
 * strings are), the styles (which cell formats show dates) and the shared
 * strings, held in memory.
 *
 * Names are matched without their namespace prefix: writers differ in
 * the prefixes they give (x:c, c), and expat, without namespace
 * processing, reports names as written.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "io/io.h"

#define CHUNK 65536

long io_mem_read(void *ctx, void *buf, size_t n, cw_read_error *err)
{
	struct io_mem *m = ctx;

	(void)err;
	if (n > m->n)
		n = m->n;
	memcpy(buf, m->p, n);
	m->p += n;
	m->n -= n;
	return (long)n;
}

const char *io_xml_local(const char *name)
{
	const char *c = strrchr(name, ':');
	return c ? c + 1 : name;
}

const char *io_xml_attr(const char **atts, const char *local)
{
	for (; atts[0]; atts += 2)
		if (!strcmp(io_xml_local(atts[0]), local))
			return atts[1];
	return NULL;
}

void io_xml_stop(struct io_xml *x, const char *fmt, ...)
{
	char msg[200];
	va_list ap;

	if (x->failed)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	io_read_error_set(x->err, 0, NULL, CW_EXIT_DATA, "%s: %s", x->part, msg);
	x->failed = 1;
	XML_StopParser(x->p, XML_FALSE);
}

/* No part has a DTD: refusing one leaves no entity to expand. */
static void on_doctype(void *data, const XML_Char *name, const XML_Char *sysid,
		       const XML_Char *pubid, int internal)
{
	(void)name, (void)sysid, (void)pubid, (void)internal;
	io_xml_stop(data, "a document type declaration (DOCTYPE) is not allowed");
}

void io_xml_init(struct io_xml *x, const char *part, cw_read_error *err,
		 void *data)
{
	x->p = XML_ParserCreate(NULL);
	if (!x->p) {
		cw_error("out of memory");
		exit(CW_EXIT_IO);
	}
	x->part = part;
	x->err = err;
	x->failed = 0;
	XML_SetUserData(x->p, data);
	XML_SetStartDoctypeDeclHandler(x->p, on_doctype);
}

int io_xml_error(struct io_xml *x)
{
	if (!x->failed)
		io_read_error_set(x->err, 0, NULL, CW_EXIT_DATA,
				  "%s:%lu: malformed XML: %s", x->part,
				  (unsigned long)XML_GetCurrentLineNumber(x->p),
				  XML_ErrorString(XML_GetErrorCode(x->p)));
	return -1;
}

/* Feeds the whole part to x's parser, then frees it. 0 or -1. */
static int parse_all(struct io_xml *x, io_read_fn *rd, void *ctx)
{
	long n;
	void *buf;
	int rc = 0;

	do {
		if (!(buf = XML_GetBuffer(x->p, CHUNK))) {
			cw_error("out of memory");
			exit(CW_EXIT_IO);
		}
		if ((n = rd(ctx, buf, CHUNK, x->err)) < 0) {
			rc = -1;
			break;
		}
		if (XML_ParseBuffer(x->p, (int)n, n == 0) != XML_STATUS_OK) {
			rc = io_xml_error(x);
			break;
		}
	} while (n > 0);
	XML_ParserFree(x->p);
	x->p = NULL;
	return rc;
}

/* ---- xl/workbook.xml ---- */

struct wb {
	struct io_xml x;
	struct io_xlsx_book *b;
};

static void wb_start(void *data, const XML_Char *name, const XML_Char **atts)
{
	struct wb *w = data;
	const char *l = io_xml_local(name), *v;

	if (!strcmp(l, "workbookPr")) {
		v = io_xml_attr(atts, "date1904");
		w->b->date1904 = v && (!strcmp(v, "1") || !strcmp(v, "true"));
	} else if (!strcmp(l, "sheet") && !w->b->nsheets++) {
		/* r:id, in the relationships' namespace */
		if (!(v = io_xml_attr(atts, "id"))) {
			io_xml_stop(&w->x, "a sheet without a relationship id");
			return;
		}
		w->b->sheet_id = cw_xstrdup(v);
		v = io_xml_attr(atts, "name");
		w->b->sheet_name = cw_xstrdup(v ? v : "");
		v = io_xml_attr(atts, "state");
		w->b->sheet_hidden = v && (!strcmp(v, "hidden") ||
					   !strcmp(v, "veryHidden"));
	}
}

/* Parses a part of the workbook's with start as the handler. */
static int parse_wb(struct io_xlsx_book *b, XML_StartElementHandler start,
		    io_read_fn *rd, void *ctx, const char *part,
		    cw_read_error *err)
{
	struct wb w = {.b = b};

	io_xml_init(&w.x, part, err, &w);
	XML_SetStartElementHandler(w.x.p, start);
	return parse_all(&w.x, rd, ctx);
}

int io_xlsx_workbook(struct io_xlsx_book *b, io_read_fn *rd, void *ctx,
		     const char *part, cw_read_error *err)
{
	if (parse_wb(b, wb_start, rd, ctx, part, err))
		return -1;
	if (!b->sheet_id) {
		io_read_error_set(err, 0, NULL, CW_EXIT_DATA,
				  "%s: the workbook has no sheet", part);
		return -1;
	}
	/* The officer never sees a hidden sheet: reading it would store
	 * what nobody checked. */
	if (b->sheet_hidden) {
		io_read_error_set(err, 0, NULL, CW_EXIT_DATA, "the first sheet, "
				  "'%s', is hidden: unhide it, or move the sheet "
				  "to read to the front", b->sheet_name);
		return -1;
	}
	return 0;
}

/* ---- xl/_rels/workbook.xml.rels ---- */

/* The part a relationship's Target names: an absolute name is from the
 * package's root, a relative one from the workbook's folder, xl/. */
static char *target_part(const char *t)
{
	char *p;

	if (t[0] == '/')
		return cw_xstrdup(t + 1);
	while (!strncmp(t, "./", 2))
		t += 2;
	p = cw_xmalloc(strlen(t) + 4);
	memcpy(p, "xl/", 3);
	strcpy(p + 3, t);
	return p;
}

/* Whether a relationship's Type is of kind (sharedStrings, styles), in
 * the transitional or the strict form. */
static int rel_type(const char *type, const char *kind)
{
	static const char *const base[] = {
		"http://schemas.openxmlformats.org/officeDocument/2006/relationships/",
		"http://purl.oclc.org/ooxml/officeDocument/relationships/",
	};
	size_t i, n;

	for (i = 0; type && i < sizeof base / sizeof *base; i++) {
		n = strlen(base[i]);
		if (!strncmp(type, base[i], n) && !strcmp(type + n, kind))
			return 1;
	}
	return 0;
}

static void rel_start(void *data, const XML_Char *name, const XML_Char **atts)
{
	struct wb *w = data;
	struct io_xlsx_book *b = w->b;
	const char *id, *t, *mode, *type;
	char **to;

	if (strcmp(io_xml_local(name), "Relationship"))
		return;
	id = io_xml_attr(atts, "Id");
	type = io_xml_attr(atts, "Type");
	t = io_xml_attr(atts, "Target");
	mode = io_xml_attr(atts, "TargetMode");
	if (id && !strcmp(id, b->sheet_id))
		to = &b->sheet_part;
	else if (rel_type(type, "sharedStrings"))
		to = &b->sst_part;
	else if (rel_type(type, "styles"))
		to = &b->styles_part;
	else
		return;
	if (*to)
		return;
	if (!t || !*t || (mode && !strcmp(mode, "External"))) {
		io_xml_stop(&w->x, "%s's part is not in the workbook",
			    to == &b->sheet_part ? "the first sheet" :
			    to == &b->sst_part ? "the shared strings" : "the styles");
		return;
	}
	*to = target_part(t);
}

int io_xlsx_rels(struct io_xlsx_book *b, io_read_fn *rd, void *ctx,
		 const char *part, cw_read_error *err)
{
	if (parse_wb(b, rel_start, rd, ctx, part, err))
		return -1;
	if (!b->sheet_part) {
		io_read_error_set(err, 0, NULL, CW_EXIT_DATA, "%s: no "
				  "relationship names the first sheet", part);
		return -1;
	}
	return 0;
}

/* ---- xl/styles.xml ---- */

struct fmt {
	long id;
	int date;
};

struct st {
	struct io_xml x;
	struct fmt *fmts;      /* the custom number formats */
	size_t nfmts, fmtcap;
	long *xf;              /* each cell format's number format id */
	size_t nxf, xfcap;
	int in_xfs;            /* inside cellXfs */
};

static long attr_long(const char **atts, const char *local)
{
	const char *v = io_xml_attr(atts, local);
	long n;
	return v && cw_parse_long(v, 0, 1000000000L, &n) == 0 ? n : -1;
}

static void st_start(void *data, const XML_Char *name, const XML_Char **atts)
{
	struct st *s = data;
	const char *l = io_xml_local(name), *code;

	if (!strcmp(l, "cellXfs")) {
		s->in_xfs = 1;
	} else if (!strcmp(l, "xf") && s->in_xfs) {
		if (s->nxf == s->xfcap) {
			s->xfcap = s->xfcap ? s->xfcap * 2 : 64;
			s->xf = cw_xrealloc(s->xf, s->xfcap * sizeof *s->xf);
		}
		s->xf[s->nxf++] = attr_long(atts, "numFmtId");
	} else if (!strcmp(l, "numFmt")) {
		code = io_xml_attr(atts, "formatCode");
		if (s->nfmts == s->fmtcap) {
			s->fmtcap = s->fmtcap ? s->fmtcap * 2 : 16;
			s->fmts = cw_xrealloc(s->fmts, s->fmtcap * sizeof *s->fmts);
		}
		s->fmts[s->nfmts].id = attr_long(atts, "numFmtId");
		s->fmts[s->nfmts++].date = code ? io_xlsx_date_code(code) : 0;
	}
}

static void st_end(void *data, const XML_Char *name)
{
	struct st *s = data;
	if (!strcmp(io_xml_local(name), "cellXfs"))
		s->in_xfs = 0;
}

/* What number format id shows (io_xlsx_date_id): a custom format of
 * that id, else the built-in one. */
static int fmt_is_date(const struct st *s, long id)
{
	size_t i;
	for (i = 0; i < s->nfmts; i++)
		if (s->fmts[i].id == id)
			return s->fmts[i].date;
	return io_xlsx_date_id(id);
}

int io_xlsx_styles(struct io_xlsx_book *b, io_read_fn *rd, void *ctx,
		   const char *part, cw_read_error *err)
{
	struct st s;
	size_t i;
	int rc;

	memset(&s, 0, sizeof s);
	io_xml_init(&s.x, part, err, &s);
	XML_SetElementHandler(s.x.p, st_start, st_end);
	rc = parse_all(&s.x, rd, ctx);
	if (!rc) {
		b->nxf = s.nxf;
		b->date_xf = cw_xcalloc(s.nxf ? s.nxf : 1, 1);
		for (i = 0; i < s.nxf; i++)
			b->date_xf[i] = (unsigned char)fmt_is_date(&s, s.xf[i]);
	}
	free(s.fmts);
	free(s.xf);
	return rc;
}

/* ---- xl/sharedStrings.xml ---- */

struct sst {
	struct io_xml x;
	struct io_xlsx_book *b;
	size_t cap;            /* entries allocated in b->sst_off */
	size_t start;          /* where the current string starts in sst */
	int in_si, in_t, rph;  /* inside si, inside its t, inside rPh */
};

static void sst_start(void *data, const XML_Char *name, const XML_Char **atts)
{
	struct sst *s = data;
	const char *l = io_xml_local(name);

	(void)atts;
	if (!strcmp(l, "si")) {
		s->in_si = 1;
		s->start = s->b->sst.len;
	} else if (s->in_si && !strcmp(l, "rPh")) {
		s->rph++;   /* a phonetic reading, not the text */
	} else if (s->in_si && !strcmp(l, "t")) {
		s->in_t = 1;
	}
}

static void sst_end(void *data, const XML_Char *name)
{
	struct sst *s = data;
	struct io_xlsx_book *b = s->b;
	const char *l = io_xml_local(name);
	size_t n;

	if (!strcmp(l, "t")) {
		s->in_t = 0;
	} else if (!strcmp(l, "rPh") && s->rph) {
		s->rph--;
	} else if (!strcmp(l, "si") && s->in_si) {
		s->in_si = 0;
		n = io_xlsx_unescape(b->sst.s + s->start, b->sst.len - s->start);
		b->sst.len = s->start + n;
		cw_buf_addch(&b->sst, '\0');
		if (b->nsst == s->cap) {
			s->cap = s->cap ? s->cap * 2 : 1024;
			b->sst_off = cw_xrealloc(b->sst_off, s->cap * sizeof *b->sst_off);
		}
		b->sst_off[b->nsst++] = (uint32_t)s->start;
	}
}

static void sst_text(void *data, const XML_Char *text, int len)
{
	struct sst *s = data;
	if (s->in_t && !s->rph)
		cw_buf_add(&s->b->sst, text, (size_t)len);
}

int io_xlsx_strings(struct io_xlsx_book *b, io_read_fn *rd, void *ctx,
		    const char *part, cw_read_error *err)
{
	struct sst s;

	memset(&s, 0, sizeof s);
	s.b = b;
	io_xml_init(&s.x, part, err, &s);
	XML_SetElementHandler(s.x.p, sst_start, sst_end);
	XML_SetCharacterDataHandler(s.x.p, sst_text);
	return parse_all(&s.x, rd, ctx);
}

void io_xlsx_book_release(struct io_xlsx_book *b)
{
	free(b->sheet_id);
	free(b->sheet_part);
	free(b->sheet_name);
	free(b->sst_part);
	free(b->styles_part);
	free(b->date_xf);
	cw_buf_release(&b->sst);
	free(b->sst_off);
	memset(b, 0, sizeof *b);
}
