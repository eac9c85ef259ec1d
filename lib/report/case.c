/* report/case.c - sw-report case: the case file, everything about one case
 * in time order, for the record or a handover; handing it out is audited. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "report/report.h"

enum { F_DATE, F_KIND, F_ID, F_SUMMARY, NF };

static const report_col case_cols[NF] = {
	{"date", "date", "日期", RC_TEXT, -1},
	{"kind", "kind", "类型", RC_TEXT, -1},
	{"id", "id", "编号", RC_TEXT, -1},
	{"summary", "summary", "摘要", RC_TEXT, -1},
};

/* Appends "; LABEL VALUE" when value is there ("LABEL VALUE" first). */
static void part(cw_buf *b, const char *label, const char *value)
{
	if (!value || !*value)
		return;
	if (b->len)
		cw_buf_addstr(b, "; ");
	cw_buf_addstr(b, label);
	cw_buf_addstr(b, value);
}

static void hundredths(cw_buf *b, const char *label, store_stmt *st, int i)
{
	char num[32];
	if (store_col_type(st, i) == STORE_NULL)
		return;
	cw_hundredths_format((long)store_col_int(st, i), num);
	part(b, label, num);
}

/* The summary of one row: a few words on what it is, then its fields. */
static void summary(store_stmt *st, const char *kind, cw_buf *b)
{
	const char *a = store_col_text(st, 5);
	const char *c = store_col_text(st, 6);
	const char *d = store_col_text(st, 7);
	const char *e = store_col_text(st, 8);
	const char *f = store_col_text(st, 9);

	cw_buf_reset(b);
	if (!strcmp(kind, "intake")) {
		part(b, "case opened for ", a);
		part(b, "category ", c);
		part(b, "referral source ", d);
		part(b, "worker ", e);
		part(b, "presenting problem: ", f);
	} else if (!strcmp(kind, "assessment")) {
		part(b, "", a);
		hundredths(b, "total ", st, 11);
		hundredths(b, "scaled ", st, 12);
		part(b, "band ", c);
		part(b, "risk ", d);
		part(b, "flags: ", e);
	} else if (!strcmp(kind, "plan revision")) {
		part(b, "revision ", a);
		part(b, "by ", c);
	} else if (!strcmp(kind, "goal")) {
		part(b, "term ", a);
		part(b, "", c);
		part(b, "target ", d);
		part(b, "deadline ", e);
		part(b, "status now ", f);
	} else if (!strcmp(kind, "task")) {
		part(b, "under ", a);
		part(b, "", c);
		part(b, "due ", d);
		part(b, "owner ", e);
		part(b, "status now ", f);
	} else if (!strcmp(kind, "progress")) {
		part(b, "", a);
		part(b, "value ", c);
		part(b, "status ", d);
		part(b, "note: ", e);
	} else if (!strcmp(kind, "contact")) {
		part(b, "", a);
		part(b, "minutes ", f);
		part(b, "by ", c);
		part(b, "session ", e);
		part(b, "note: ", d);
	} else if (!strcmp(kind, "review")) {
		part(b, "by ", a);
		part(b, "next review ", c);
		part(b, "note: ", d);
	} else if (!strcmp(kind, "referral")) {
		/* its first event drafts it; the others move it on */
		if (!a) {
			part(b, "drafted for ", e);
			part(b, "reason: ", f);
		} else {
			cw_buf_printf(b, "%s to %s", a, c ? c : "");
			part(b, "reason: ", d);
		}
	} else if (!strcmp(kind, "referral feedback")) {
		part(b, "outcome: ", a);
		part(b, "note: ", c);
	} else if (!strcmp(kind, "task done")) {
		part(b, "under ", a);
		part(b, "", c);
	} else if (!strcmp(kind, "closure")) {
		part(b, "reason: ", a);
		part(b, "forced: ", c);
		part(b, "outcomes: ", d);
	} else if (!strcmp(kind, "reopening")) {
		part(b, "reason: ", a);
	} else if (!strcmp(kind, "follow-up")) {
		part(b, "", a);
		part(b, "", c);
		part(b, "status now ", d);
	} else if (!strcmp(kind, "handover")) {
		part(b, "from ", a);
		part(b, "to ", c);
		part(b, "reason: ", d);
	}
}

/* The case's rows into t; the digest of their JSON Lines into sha. */
static int read_file(cw_db *db, int64_t num, report_table *t, char sha[65])
{
	static const cw_col jcols[NF] = {
		{"date", 0}, {"kind", 0}, {"id", 0}, {"summary", 0}
	};
	store_stmt *st;
	cw_buf sum, json;
	int s, rc;

	if (!(st = report_db_case_file(db, num)))
		return CW_EXIT_DB;
	cw_buf_init(&sum);
	cw_buf_init(&json);
	while ((s = store_step(st)) == STORE_ROW) {
		const char *v[NF];
		v[F_DATE] = store_col_text(st, 0);
		v[F_KIND] = store_col_text(st, 1);
		v[F_ID] = store_col_text(st, 2);
		if (!v[F_KIND])
			continue;
		summary(st, v[F_KIND], &sum);
		v[F_SUMMARY] = sum.s;
		report_add_row(t, v, 0);
		cw_json_record(&json, jcols, NF, v);
		cw_buf_addch(&json, '\n');
	}
	rc = report_db_end(db, st, s, "read the case file");
	cw_sha256_hex(json.s, json.len, sha);
	cw_buf_release(&sum);
	cw_buf_release(&json);
	return rc;
}

int report_hand_out(const cw_ctx *x, const char *verb, const char *ids,
		    const char *detail)
{
	cw_db *db = NULL;
	int rc;

	/* The records were read through the context's read-only connection
	 * (what a user who may read the database has); the entry is written
	 * through one of its own. Opening for writing would create a
	 * database that vanished since it was read: a report never creates
	 * one. */
	if (!cw_db_exists(x->db_path)) {
		cw_error("cannot open database '%s': No such file or directory",
			 x->db_path);
		return CW_EXIT_DB;
	}
	if ((rc = cw_db_open(&db, x->db_path, CW_DB_WRITE, x->cfg)) != 0)
		return rc;
	rc = report_db_hand_out(db, x->user, verb, ids, detail);
	cw_db_free(db);
	return rc;
}

/* The audit entry: who was handed the file of which case, when (the
 * entry's time), in what form, and the digest of what was handed. */
static int audit(const cw_ctx *x, const char *case_id, size_t entries,
		 const char *format, const char *sha)
{
	cw_buf detail;
	int rc;

	cw_buf_init(&detail);
	cw_buf_printf(&detail, "{\"report\":\"case file\",\"entries\":%zu,"
		      "\"format\":\"%s\",\"sha256\":\"%s\"}", entries, format, sha);
	rc = report_hand_out(x, "case", case_id, detail.s);
	cw_buf_release(&detail);
	return rc;
}

/* case_id's number; -1 after a message when it is not a case's id. */
static int case_number(const char *case_id, int64_t *num)
{
	enum cw_kind kind;

	if (cw_id_parse(case_id, &kind, num) || kind != CW_K_CASE) {
		cw_error("'%s' is not a case id (CA-n)", case_id);
		return -1;
	}
	return 0;
}

int report_case_check(const char *case_id)
{
	int64_t num;
	return case_number(case_id, &num) ? CW_EXIT_DATA : 0;
}

int report_case_file(const cw_ctx *x, const char *case_id,
		     const cw_report_opts *o)
{
	report_table t;
	int64_t num;
	char id[32], sha[65], title[64], title_zh[64];
	int rc;

	if (case_number(case_id, &num))
		return CW_EXIT_DATA;
	cw_id_format(CW_K_CASE, num, id);
	if (store_standby(x->db)) {
		cw_error("cannot hand out the file of %s from '%s': it is a "
			 "read-only standby, and a case file's hand-out is "
			 "audited on the primary", id, x->db_path);
		return CW_EXIT_DB;
	}
	report_init(&t, "case", case_cols, NF, 0);
	if ((rc = store_case_stored(x->db, num)) != 0 ||
	    (rc = read_file(x->db, num, &t, sha)) != 0 ||
	    (rc = audit(x, id, t.nrows,
			o->html ? "html" : cw_format_name(o->fmt), sha)) != 0)
		goto out;
	snprintf(title, sizeof title, "Case file %s", id);
	t.title_en = title;
	snprintf(title_zh, sizeof title_zh, "个案档案 %s", id);
	t.title_zh = title_zh;
	rc = report_render(x->out, &t, o->fmt, o->html,
			   report_locale_zh());
out:
	report_release(&t);
	return rc;
}
