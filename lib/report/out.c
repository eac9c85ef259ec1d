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

const char *report_out_title(const report_table *t, int zh)
{
	const char *l = zh ? (t->title_zh ? t->title_zh : t->title_en)
			   : (t->title_en ? t->title_en : t->title_zh);
	return l ? l : t->name ? t->name : "report";
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
 * the table and the HTML page show under a zh locale. The closed
 * vocabularies (store/vocab.c) give the labels; labels names, by column
 * key, the vocabularies a word of that column belongs to, so that a word
 * means one thing in one column ("none" is an unassessed risk but
 * otherwise no value; "review" is due work and a case-file entry alike),
 * and so that free text (workers' names, months, instruments, referral
 * sources) is never taken for a machine word, except "none", the value of
 * a group a record has none of. The first match wins. */

/* The kinds of the case file (case.c) that are not kinds of due work. */
static const store_vocab_word file_word[] = {
	{"intake", {NULL}, "接案"},
	{"assessment", {NULL}, "评估"},
	{"plan revision", {NULL}, "计划修订"},
	{"progress", {NULL}, "目标进展"},
	{"contact", {NULL}, "服务记录"},
	{"referral feedback", {NULL}, "转介反馈"},
	{"task done", {NULL}, "任务完成"},
	{"closure", {NULL}, "结案"},
	{"reopening", {NULL}, "重新开案"},
	{"follow-up", {NULL}, "跟进"},
	{"handover", {NULL}, "交接"},
};
static const store_vocab file_kinds = {
	"case-file kind", file_word, sizeof file_word / sizeof *file_word
};
/* A case never assessed (caseload by risk). */
static const store_vocab_word unassessed_word[] = {{"none", {NULL}, "未评估"}};
static const store_vocab unassessed = {"unassessed", unassessed_word, 1};
/* An age not known (no birth date). */
static const store_vocab_word unknown_age_word[] = {{"unknown", {NULL}, "未知"}};
static const store_vocab unknown_age = {"unknown age", unknown_age_word, 1};
/* No value, in any group. */
static const store_vocab_word no_value_word[] = {{"none", {NULL}, "无"}};
static const store_vocab no_value = {"no value", no_value_word, 1};

static const struct {
	const char *key;
	const store_vocab *v[3];
} labels[] = {
	{"kind", {&store_vocab_contact_kind, &store_vocab_due_kind, &file_kinds}},
	{"category", {&store_vocab_case_category, &store_vocab_service_category}},
	{"risk", {&store_vocab_risk, &unassessed}},
	{"term", {&store_vocab_goal_term}},
	{"status", {&store_vocab_goal_status, &store_vocab_referral_state}},
	{"state", {&store_vocab_goal_status, &store_vocab_referral_state}},
	{"closure_kind", {&store_vocab_closure_kind}},
	{"sex", {&store_vocab_sex}},
	{"age", {&unknown_age}},
};

/* What a cell of col shows to people: under zh, a group value or a case
 * file's kind (a column keyed "kind") as the Chinese word labels gives
 * it; anything else, and anything in English, as v is. Used by the table
 * (out_writer) and the HTML page (html.c, which declares it). */
const char *report_out_word(const report_col *col, const char *v, int zh)
{
	const char *l = NULL;
	size_t i, j;

	if (!zh || !v || !col->key ||
	    (col->kind != RC_GROUP && strcmp(col->key, "kind")))
		return v;
	for (i = 0; i < sizeof labels / sizeof *labels && !l; i++)
		if (!strcmp(col->key, labels[i].key))
			for (j = 0; j < 3 && labels[i].v[j] && !l; j++)
				l = store_vocab_zh(labels[i].v[j], v);
	if (!l)
		l = store_vocab_zh(&no_value, v);
	return l ? l : v;
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

void report_out_json_row(cw_buf *b, const report_table *t, size_t r,
			 cw_col *cols, const char **vals)
{
	size_t c;

	for (c = 0; c < t->ncols; c++) {
		const char *v = report_out_shown(t, r, c, "total");
		int num = report_out_numeric(&t->cols[c]);
		if (num && v && !*v)
			v = NULL;
		cols[c].name = t->cols[c].key;
		cols[c].numeric = num && cw_json_number(v);
		vals[c] = v;
	}
	cw_json_record(b, cols, t->ncols, vals);
}

/* jsonl and json, framed exactly as cw_writer frames them. cw_writer
 * decides bare or quoted per column; a report decides per cell, since a
 * hidden count is the string "x" (and an empty numeric cell is null). */
static int out_json(const report_table *t, enum cw_format fmt, FILE *fp)
{
	cw_col *cols = cw_xcalloc(t->ncols ? t->ncols : 1, sizeof *cols);
	const char **vals = cw_xcalloc(t->ncols ? t->ncols : 1, sizeof *vals);
	cw_buf b;
	size_t r;
	int err = 0;

	cw_buf_init(&b);
	for (r = 0; r < t->nrows && !err; r++) {
		cw_buf_reset(&b);
		if (fmt == CW_FMT_JSON)
			cw_buf_addstr(&b, r ? ",\n" : "[\n");
		report_out_json_row(&b, t, r, cols, vals);
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

/* csv (keys, "total", values as they are); and for people the table,
 * the Excel CSV and the workbook (labels, 合计 or Total, group values in
 * Chinese under zh; the workbook with the title and period above the
 * table), through cw_writer. */
static int out_writer(const report_table *t, enum cw_format fmt, int zh,
		      FILE *fp)
{
	cw_col *cols = cw_xcalloc(t->ncols ? t->ncols : 1, sizeof *cols);
	const char **vals = cw_xcalloc(t->ncols ? t->ncols : 1, sizeof *vals);
	int people = fmt != CW_FMT_CSV;
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
	if (fmt == CW_FMT_XLSX) {
		cw_buf b;
		cw_writer_note(w, report_out_title(t, zh));
		if (t->period) {
			cw_buf_init(&b);
			cw_buf_addstr(&b, zh ? "期间：" : "Period: ");
			report_out_period(&b, t->period, zh);
			cw_writer_note(w, b.s);
			cw_buf_release(&b);
		}
	}
	for (r = 0; r < t->nrows && !cw_writer_errno(w); r++) {
		for (c = 0; c < t->ncols; c++) {
			vals[c] = report_out_shown(t, r, c, total);
			if (people)
				vals[c] = report_out_word(&t->cols[c], vals[c], zh);
		}
		cw_writer_row(w, vals);
	}
	if (cw_writer_finish(w))
		rc = cw_writer_failed(w, 0);
	cw_writer_free(w);
	free(vals);
	free(cols);
	return rc;
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

/* html, or fmt. */
int report_render(FILE *out, const report_table *t, enum cw_format fmt,
		  int html, int zh)
{
	if (html)
		return out_html(t, zh, out);
	switch (fmt) {
	case CW_FMT_CSV:
	case CW_FMT_EXCEL:
	case CW_FMT_XLSX:
	case CW_FMT_TABLE:
		return out_writer(t, fmt, zh, out);
	case CW_FMT_JSON:
		return out_json(t, CW_FMT_JSON, out);
	default:
		return out_json(t, CW_FMT_JSONL, out);
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

/* A period for people: "2026-10-01..2026-10-31" as "2026-10-01 to
 * 2026-10-31" (2026-10-01 至 2026-10-31); one without a first day,
 * "..2026-11-15", as "up to 2026-11-15" (截至 2026-11-15); one without a
 * last day, "2026-10-01..", as "from 2026-10-01" (自 2026-10-01 起); text
 * without ".." as it is. */
void report_out_period(cw_buf *b, const char *p, int zh)
{
	const char *dots = strstr(p, "..");
	const char *to;
	char *from;

	if (!dots) {
		cw_buf_addstr(b, p);
		return;
	}
	from = cw_xstrndup(p, (size_t)(dots - p));
	to = dots + 2;
	if (!*from && !*to) {
		cw_buf_addstr(b, zh ? "全部日期" : "all dates");
	} else if (!*from) {
		cw_buf_addstr(b, zh ? "截至 " : "up to ");
		cw_buf_addstr(b, to);
	} else if (!*to) {
		cw_buf_addstr(b, zh ? "自 " : "from ");
		cw_buf_addstr(b, from);
		if (zh)
			cw_buf_addstr(b, " 起");
	} else {
		cw_buf_addstr(b, from);
		cw_buf_addstr(b, zh ? " 至 " : " to ");
		cw_buf_addstr(b, to);
	}
	free(from);
}
