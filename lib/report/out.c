/*
 * report/out.c - a report table on standard output: the machine formats
 * (jsonl, json, csv), the table for people, CSV for Excel and WPS, and the
 * locale that picks the labels. The HTML page is html.c.
 *
 * Machine formats use the columns' keys and the word "total" (in the
 * group columns a total row totals), never the labels or the locale. A
 * hidden cell prints REPORT_HIDDEN in every format: in JSON as the string
 * "x", even in a numeric column, so that a reader can never take it for a
 * figure (a JSON number cannot say "hidden", and null already means "no
 * value"). Otherwise a numeric column's cells are bare JSON numbers; an
 * empty one is null, and one that is no JSON number a string, so that the
 * output is always valid JSON.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include "report/report.h"

/* Counts, sums, distinct counts, rates, means and medians are numbers:
 * bare in JSON, aligned right in a table, left as numbers for Excel. */
int report_out_numeric(const report_col *col)
{
	return col->kind != RC_GROUP && col->kind != RC_TEXT;
}

/* Whether s is a number as RFC 8259 writes one (-3, 42.5, 1e3): what a
 * numeric cell may be written bare as. */
int report_out_is_number(const char *s)
{
	const char *p = s;
	if (!p || !*p)
		return 0;
	if (*p == '-')
		p++;
	if (*p == '0')
		p++;
	else if (*p >= '1' && *p <= '9')
		while (*p >= '0' && *p <= '9')
			p++;
	else
		return 0;
	if (*p == '.') {
		p++;
		if (!(*p >= '0' && *p <= '9'))
			return 0;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if (!(*p >= '0' && *p <= '9'))
			return 0;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	return *p == '\0';
}

/* What cell (r, c) shows: total in the group columns a total row totals
 * (whatever the cell holds), REPORT_HIDDEN for a hidden cell, else its
 * text (NULL: no value). */
const char *report_out_shown(const report_table *t, size_t r, size_t c,
			     const char *total)
{
	if (c < t->ngroups && c < sizeof(unsigned) * CHAR_BIT &&
	    (t->total_mask[r] >> c & 1u))
		return total;
	if (t->hidden && t->hidden[r * t->ncols + c])
		return REPORT_HIDDEN;
	return report_cell(t, r, c);
}

/* A column's label for people, falling back to the other language and
 * then to the key. */
const char *report_out_label(const report_col *col, int zh)
{
	const char *l = zh ? (col->zh ? col->zh : col->en)
			   : (col->en ? col->en : col->zh);
	return l ? l : col->key;
}

/* Group values and case-file kinds for people: the machine words the
 * reports write (frozen, the same in every locale) and the Chinese ones
 * the table and the HTML page show under a zh locale. cols names the
 * column keys a word belongs to (space-separated), so that a word means
 * one thing in one column ("none" is an unassessed risk but otherwise no
 * value; "review" is due work and a case-file entry alike), and so that
 * free text (workers' names, months, instruments, referral sources) is
 * never taken for a machine word, except "none", the value of a group a
 * record has none of. The first match wins. */
static const struct {
	const char *cols, *word, *zh;
} zh_words[] = {
	/* contact kinds (services) */
	{"kind", "interview", "面谈"},
	{"kind", "home_visit", "家访"},
	{"kind", "phone", "电话"},
	{"kind", "accompaniment", "陪同"},
	{"kind", "outreach", "外展"},
	{"kind", "resource_linking", "资源链接"},
	{"kind", "group", "小组"},
	/* due and overdue work (overdue), and the kinds of the case file */
	{"kind", "review", "计划检讨"},
	{"kind", "goal", "目标"},
	{"kind", "task", "任务"},
	{"kind", "crisis", "危机跟进"},
	{"kind", "reassessment", "复评"},
	{"kind", "post_closure", "结案后跟进"},
	{"kind", "referral", "转介"},
	{"kind", "intake", "接案"},
	{"kind", "assessment", "评估"},
	{"kind", "plan revision", "计划修订"},
	{"kind", "progress", "目标进展"},
	{"kind", "contact", "服务记录"},
	{"kind", "referral feedback", "转介反馈"},
	{"kind", "task done", "任务完成"},
	{"kind", "closure", "结案"},
	{"kind", "reopening", "重新开案"},
	{"kind", "follow-up", "跟进"},
	/* case categories (caseload, services, ...) */
	{"category", "elder", "长者"},
	{"category", "youth", "青少年"},
	{"category", "child", "儿童"},
	{"category", "family", "家庭"},
	{"category", "disability", "残障"},
	{"category", "social_assistance", "低保"},
	{"category", "community", "社区"},
	/* service categories (referrals) */
	{"category", "medical", "医疗"},
	{"category", "mental_health", "心理健康"},
	{"category", "legal_aid", "法律援助"},
	{"category", "education", "教育"},
	{"category", "housing", "住房"},
	{"category", "employment", "就业"},
	{"category", "disability_rehabilitation", "残疾康复"},
	{"category", "elder_care", "养老"},
	{"category", "child_protection", "儿童保护"},
	{"kind category", "other", "其他"},
	/* risk levels; none: never assessed */
	{"risk", "low", "低"},
	{"risk", "medium", "中"},
	{"risk", "high", "高"},
	{"risk", "critical", "危急"},
	{"risk", "none", "未评估"},
	/* goal terms and statuses (goals) */
	{"term", "short", "短期"},
	{"term", "long", "长期"},
	{"status state", "not_started", "未开始"},
	{"status state", "in_progress", "进行中"},
	{"status state", "achieved", "已达成"},
	{"status state", "partly_achieved", "部分达成"},
	{"status state", "not_achieved", "未达成"},
	/* referral states */
	{"status state", "draft", "草稿"},
	{"status state", "sent", "已发送"},
	{"status state", "accepted", "已接受"},
	{"status state", "declined", "已拒绝"},
	{"status state", "completed", "已完成"},
	{"status state", "cancelled", "已取消"},
	{"status state", "revoked", "已撤销"},
	/* no value, in any group */
	{NULL, "none", "无"},
};

/* Whether key is one of the space-separated words of list. */
static int key_in(const char *list, const char *key)
{
	size_t n = strlen(key);
	const char *p = list;

	while ((p = strstr(p, key)) != NULL) {
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return 1;
		p += n;
	}
	return 0;
}

/* What a cell of col shows to people: under zh, a group value or a case
 * file's kind (a column keyed "kind") as the Chinese word zh_words gives
 * it; anything else, and anything in English, as v is. Used by the table
 * (out_writer) and the HTML page (html.c, which declares it). */
const char *report_out_word(const report_col *col, const char *v, int zh)
{
	size_t i;

	if (!zh || !v || !col->key ||
	    (col->kind != RC_GROUP && strcmp(col->key, "kind")))
		return v;
	for (i = 0; i < sizeof zh_words / sizeof *zh_words; i++)
		if (!strcmp(v, zh_words[i].word) &&
		    (!zh_words[i].cols || key_in(zh_words[i].cols, col->key)))
			return zh_words[i].zh;
	return v;
}

/* Writes b (when nothing failed yet), keeping the first failure's errno. */
static void put(FILE *fp, const cw_buf *b, int *err)
{
	errno = 0;
	if (!*err && fwrite(b->s, 1, b->len, fp) != b->len)
		*err = errno ? errno : EIO;
}

/* Flushes and reports the first failure once: 0 or CW_EXIT_IO. */
static int done(FILE *fp, int err)
{
	errno = 0;
	if (fflush(fp) != 0 && !err)
		err = errno ? errno : EIO;
	if (!err && ferror(fp))
		err = EIO;
	if (err) {
		cw_output_failed(err);
		return CW_EXIT_IO;
	}
	return 0;
}

/* jsonl and json, framed exactly as cw_writer frames them. cw_writer
 * decides bare or quoted per column; a report decides per cell, since a
 * hidden count is the string "x" (and an empty numeric cell is null). */
static int out_json(const report_table *t, enum cw_format fmt, FILE *fp)
{
	cw_col *cols = cw_xcalloc(t->ncols ? t->ncols : 1, sizeof *cols);
	const char **vals = cw_xcalloc(t->ncols ? t->ncols : 1, sizeof *vals);
	cw_buf b;
	size_t r, c;
	int err = 0;

	cw_buf_init(&b);
	for (r = 0; r < t->nrows && !err; r++) {
		for (c = 0; c < t->ncols; c++) {
			const char *v = report_out_shown(t, r, c, "total");
			int num = report_out_numeric(&t->cols[c]);
			if (num && v && !*v)
				v = NULL;
			cols[c].name = t->cols[c].key;
			cols[c].numeric = num && report_out_is_number(v);
			vals[c] = v;
		}
		cw_buf_reset(&b);
		if (fmt == CW_FMT_JSON)
			cw_buf_addstr(&b, r ? ",\n" : "[\n");
		cw_json_record(&b, cols, t->ncols, vals);
		if (fmt != CW_FMT_JSON)
			cw_buf_addch(&b, '\n');
		put(fp, &b, &err);
	}
	if (fmt == CW_FMT_JSON) {
		cw_buf_reset(&b);
		cw_buf_addstr(&b, t->nrows ? "\n]\n" : "[]\n");
		put(fp, &b, &err);
	}
	cw_buf_release(&b);
	free(vals);
	free(cols);
	return done(fp, err);
}

/* csv (keys, "total", values as they are) and the table (labels, 合计
 * or Total, group values in Chinese under zh) through cw_writer. */
static int out_writer(const report_table *t, enum cw_format fmt, int zh,
		      FILE *fp)
{
	cw_col *cols = cw_xcalloc(t->ncols ? t->ncols : 1, sizeof *cols);
	const char **vals = cw_xcalloc(t->ncols ? t->ncols : 1, sizeof *vals);
	int people = fmt == CW_FMT_TABLE;
	const char *total = !people ? "total" : zh ? "合计" : "Total";
	cw_writer *w;
	size_t r, c;
	int rc = 0;

	for (c = 0; c < t->ncols; c++) {
		cols[c].name = people ? report_out_label(&t->cols[c], zh)
				      : t->cols[c].key;
		cols[c].numeric = report_out_numeric(&t->cols[c]);
	}
	w = cw_writer_new(fp, fmt, cols, t->ncols);
	for (r = 0; r < t->nrows && !cw_writer_errno(w); r++) {
		for (c = 0; c < t->ncols; c++) {
			vals[c] = report_out_shown(t, r, c, total);
			if (people)
				vals[c] = report_out_word(&t->cols[c], vals[c], zh);
		}
		cw_writer_row(w, vals);
	}
	if (cw_writer_finish(w)) {
		cw_output_failed(cw_writer_errno(w));
		rc = CW_EXIT_IO;
	}
	cw_writer_free(w);
	free(vals);
	free(cols);
	return rc;
}

/* The first characters that make a spreadsheet read a cell as a formula
 * (or, for tab and the line breaks, that hide one): OWASP's list. */
static int formula_like(const char *v)
{
	return v[0] && strchr("=+-@\t\r\n", v[0]) != NULL;
}

/* One field of the Excel CSV.
 *
 * Ids and phones (col->text) are written as the formula ="110101...",
 * quoted for CSV as "=""110101...""". Excel and WPS both evaluate it when
 * they open the file, which gives the digits as a text value: no
 * scientific notation, no digits lost past the 15th, leading zeros kept,
 * and nothing else in the cell. The other common trick, a leading tab,
 * also keeps them as text, but the tab stays in the value, so copies,
 * lookups and re-exports carry it. A formula's string is at most 255
 * characters and holds no line break, so longer or multi-line values (not
 * ids, not phones) are written as plain text.
 *
 * Text cells that begin like a formula get a leading ' so that they are
 * shown, never run; numbers in numeric columns ("-3", a change) are left
 * as they are. */
static void excel_field(cw_buf *b, const report_col *col, const char *v)
{
	cw_buf tmp;
	size_t n;

	if (!v || !*v)
		return;
	n = strlen(v);
	if (report_out_numeric(col) && report_out_is_number(v)) {
		cw_csv_quote(b, v, n);
		return;
	}
	cw_buf_init(&tmp);
	if (formula_like(v)) {
		cw_buf_addch(&tmp, '\'');
		cw_buf_add(&tmp, v, n);
	} else if (col->text && n <= 255 && !strpbrk(v, "\r\n")) {
		const char *p;
		cw_buf_addstr(&tmp, "=\"");
		for (p = v; *p; p++) {
			if (*p == '"')
				cw_buf_addch(&tmp, '"');
			cw_buf_addch(&tmp, *p);
		}
		cw_buf_addch(&tmp, '"');
	} else {
		cw_buf_add(&tmp, v, n);
	}
	cw_csv_quote(b, tmp.s, tmp.len);
	cw_buf_release(&tmp);
}

/* CSV for Excel and WPS: a UTF-8 BOM (without it both take the bytes for
 * the ANSI code page and Chinese turns to mojibake), CRLF, labels, and
 * the cells made safe as excel_field says; RFC 4180 quoting. */
static int out_excel(const report_table *t, int zh, FILE *fp)
{
	const char *total = zh ? "合计" : "Total";
	cw_buf b;
	size_t r, c;
	int err = 0;

	cw_buf_init(&b);
	cw_buf_addstr(&b, "\xEF\xBB\xBF");
	for (c = 0; c < t->ncols; c++) {
		const char *l = report_out_label(&t->cols[c], zh);
		if (c)
			cw_buf_addch(&b, ',');
		cw_csv_quote(&b, l, strlen(l));
	}
	cw_buf_addstr(&b, "\r\n");
	put(fp, &b, &err);
	for (r = 0; r < t->nrows && !err; r++) {
		cw_buf_reset(&b);
		for (c = 0; c < t->ncols; c++) {
			if (c)
				cw_buf_addch(&b, ',');
			/* Headings and group values as people read them. */
			excel_field(&b, &t->cols[c],
				    report_out_word(&t->cols[c],
						    report_out_shown(t, r, c, total), zh));
		}
		cw_buf_addstr(&b, "\r\n");
		put(fp, &b, &err);
	}
	cw_buf_release(&b);
	return done(fp, err);
}

static int out_html(const report_table *t, int zh, FILE *fp)
{
	cw_buf b;
	int err = 0;

	cw_buf_init(&b);
	report_html_page(&b, t, zh);
	put(fp, &b, &err);
	cw_buf_release(&b);
	return done(fp, err);
}

/* html wins over excel, and excel over fmt (the command only lets excel
 * come with csv). */
int report_render(const report_table *t, enum cw_format fmt, int excel,
		  int html, int zh)
{
	if (html)
		return out_html(t, zh, stdout);
	if (excel)
		return out_excel(t, zh, stdout);
	switch (fmt) {
	case CW_FMT_CSV:
	case CW_FMT_TABLE:
		return out_writer(t, fmt, zh, stdout);
	case CW_FMT_JSON:
		return out_json(t, CW_FMT_JSON, stdout);
	default:
		return out_json(t, CW_FMT_JSONL, stdout);
	}
}

/* The variables in the order POSIX gives them precedence for messages;
 * the first one set and not empty decides. setlocale is never called: the
 * locale need not be installed (only C, C.UTF-8 and POSIX may be). */
int report_locale_zh(void)
{
	static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
	size_t i;

	for (i = 0; i < sizeof vars / sizeof *vars; i++) {
		const char *v = getenv(vars[i]);
		if (v && *v)
			return strncmp(v, "zh", 2) == 0;
	}
	return 0;
}
