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
	{"date", "date", "日期", RC_TEXT, -1, 0},
	{"kind", "kind", "类型", RC_TEXT, -1, 0},
	{"id", "id", "编号", RC_TEXT, -1, 1},
	{"summary", "summary", "摘要", RC_TEXT, -1, 0},
};

/* Every source of the file, one SELECT each, joined by UNION ALL. Each
 * gives: date, kind, id, the rank of its kind within a day, the number of
 * its id, then the fields its summary is made of (a to f as text, n1 and
 * n2 as numbers). Each reaches the case's rows through an index on the
 * case (or on the referral). Plan revisions, goals and tasks have no date
 * of their own: they take the local day (TZ) of their creation time, which
 * is kept in UTC (cw_local_date, store/store.h), so that every date of the file is
 * a local one. */
static const char case_sql[] =
	"SELECT c.intake_date, 'intake', 'CA-' || c.id, 0, c.id,"
	" 'CL-' || c.client_id, c.category, c.referral_source, c.worker,"
	" c.presenting_problem, NULL, NULL, NULL"
	" FROM cases c WHERE c.id = :case"
	" UNION ALL SELECT a.date, 'assessment', 'AS-' || a.id, 1, a.id,"
	" a.instrument, a.band, a.risk, a.flags, NULL, NULL, a.total100, a.scaled100"
	" FROM assessments a WHERE a.case_id = :case"
	" UNION ALL SELECT cw_local_date(v.created_at), 'plan revision',"
	" 'PL-' || p.id, 2, p.id * 100000 + v.revision,"
	" v.revision, v.actor, NULL, NULL, NULL, NULL, NULL, NULL"
	" FROM plans p JOIN plan_revisions v ON v.plan_id = p.id"
	" WHERE p.case_id = :case"
	" UNION ALL SELECT cw_local_date(g.created_at), 'goal', 'GL-' || g.id, 3,"
	" g.id, g.term, g.description, g.target, g.deadline, g.status, NULL,"
	" NULL, NULL"
	" FROM goals g WHERE g.case_id = :case"
	" UNION ALL SELECT cw_local_date(t.created_at), 'task', 'TK-' || t.id, 4,"
	" t.id, 'GL-' || t.goal_id, t.description, t.due_date, t.owner, t.status,"
	" NULL, NULL, NULL"
	" FROM tasks t WHERE t.case_id = :case"
	" UNION ALL SELECT p.date, 'progress', 'PG-' || p.id, 5, p.id,"
	" 'GL-' || p.goal_id, p.value, p.status, p.note, NULL, NULL, NULL, NULL"
	" FROM goals g JOIN goal_progress p ON p.goal_id = g.id"
	" WHERE g.case_id = :case"
	" UNION ALL SELECT ct.date, 'contact', 'CT-' || ct.id, 6, ct.id,"
	" ct.kind, ct.worker, ct.note, 'GS-' || ct.session_id, ct.minutes,"
	" NULL, NULL, NULL"
	" FROM contacts ct WHERE ct.case_id = :case"
	" UNION ALL SELECT r.date, 'review', 'RV-' || r.id, 7, r.id,"
	" r.worker, r.next_review, r.note, NULL, NULL, NULL, NULL, NULL"
	" FROM reviews r WHERE r.case_id = :case"
	" UNION ALL SELECT e.date, 'referral', 'RF-' || f.id, 8,"
	" f.id * 100000 + e.id, e.from_state, e.to_state, e.reason,"
	" coalesce(s.name, f.provider), f.reason, NULL, NULL, NULL"
	" FROM referrals f JOIN referral_events e ON e.referral_id = f.id"
	" LEFT JOIN services s ON s.id = f.service_id"
	" WHERE f.case_id = :case"
	" UNION ALL SELECT b.date, 'referral feedback', 'RF-' || f.id, 9,"
	" f.id * 100000 + b.id, b.outcome, b.note, NULL, NULL, NULL, NULL, NULL,"
	" NULL"
	" FROM referrals f JOIN referral_feedback b ON b.referral_id = f.id"
	" WHERE f.case_id = :case"
	" UNION ALL SELECT t.done_date, 'task done', 'TK-' || t.id, 10, t.id,"
	" 'GL-' || t.goal_id, t.description, NULL, NULL, NULL, NULL, NULL, NULL"
	" FROM tasks t WHERE t.case_id = :case AND t.done_date IS NOT NULL"
	" UNION ALL SELECT x.closed_date, 'closure', 'CX-' || x.id, 11, x.id,"
	" x.reason, x.forced_reason, x.outcomes, NULL, NULL, NULL, NULL, NULL"
	" FROM closures x WHERE x.case_id = :case"
	" UNION ALL SELECT x.reopened_date, 'reopening', 'CX-' || x.id, 12, x.id,"
	" x.reopen_reason, NULL, NULL, NULL, NULL, NULL, NULL, NULL"
	" FROM closures x WHERE x.case_id = :case AND x.reopened_date IS NOT NULL"
	" UNION ALL SELECT f.due_date, 'follow-up', 'FU-' || f.id, 13, f.id,"
	" f.kind, f.instrument, f.status, NULL, NULL, NULL, NULL, NULL"
	" FROM followups f WHERE f.case_id = :case"
	" ORDER BY 1, 4, 5";

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
	int s, rc = 0;

	if (!(st = store_prepare(db, case_sql)))
		return CW_EXIT_DB;
	cw_buf_init(&sum);
	cw_buf_init(&json);
	store_bind_int(st, store_bind_index(st, ":case"), num);
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
	if (s != STORE_DONE)
		rc = store_fail(db, "read the case file");
	store_finalize(st);
	cw_sha256_hex(json.s, json.len, sha);
	cw_buf_release(&sum);
	cw_buf_release(&json);
	return rc;
}

/* The audit entry: who was handed the file of which case, when (the
 * entry's time), in what form, and the digest of what was handed. */
static int audit(const char *db_path, const cw_config *cfg, const char *actor,
		 const char *case_id, size_t entries, const char *format,
		 const char *sha)
{
	cw_db *db = NULL;
	cw_buf detail;
	int64_t batch;
	int rc;

	/* Opening for writing would create a database that vanished since
	 * it was read: a report never creates one. */
	if (!cw_db_exists(db_path)) {
		cw_error("cannot open database '%s': No such file or directory",
			 db_path);
		return CW_EXIT_DB;
	}
	if ((rc = cw_db_open(&db, db_path, CW_DB_WRITE, cfg)) != 0)
		return rc;
	cw_buf_init(&detail);
	cw_buf_printf(&detail, "{\"report\":\"case file\",\"entries\":%zu,"
		      "\"format\":\"%s\",\"sha256\":\"%s\"}", entries, format, sha);
	if ((rc = cw_db_begin(db, actor, "case", &batch)) == 0) {
		rc = cw_audit_append(db, "hand_out", CW_K_CASE, case_id, detail.s);
		if (rc)
			cw_db_rollback(db);
		else
			rc = cw_db_commit(db);
	}
	cw_buf_release(&detail);
	cw_db_free(db);
	return rc;
}

int report_case_file(const char *db_path, const cw_config *cfg,
		   const char *actor, const char *case_id,
		   const cw_report_opts *o)
{
	cw_db *db = NULL;
	report_table t;
	enum cw_kind kind;
	int64_t num;
	char id[32], sha[65], title[64], title_zh[64];
	int rc;

	if (cw_id_parse(case_id, &kind, &num) || kind != CW_K_CASE) {
		cw_error("'%s' is not a case id (CA-n)", case_id);
		return CW_EXIT_DATA;
	}
	cw_id_format(CW_K_CASE, num, id);
	report_init(&t, "case", case_cols, NF, 0);
	if ((rc = cw_db_open(&db, db_path, CW_DB_READ, cfg)) != 0)
		goto out;
	if ((rc = store_case_stored(db, num)) != 0)
		goto out;
	if ((rc = read_file(db, num, &t, sha)) != 0)
		goto out;
	cw_db_free(db);
	db = NULL;
	if ((rc = audit(db_path, cfg, actor, id, t.nrows,
			o->html ? "html" : o->excel ? "excel"
			: cw_format_name(o->fmt), sha)) != 0)
		goto out;
	snprintf(title, sizeof title, "Case file %s", id);
	t.title_en = title;
	snprintf(title_zh, sizeof title_zh, "个案档案 %s", id);
	t.title_zh = title_zh;
	rc = report_render(&t, o->fmt, o->excel, o->html, report_locale_zh());
out:
	report_release(&t);
	cw_db_free(db);
	return rc;
}
