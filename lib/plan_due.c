/* plan_due.c - sw-plan due: everything due or overdue up to the end of a
 * window, for the worker's cron mail and calendar. */
#include <stdlib.h>
#include <string.h>
#include "plan_priv.h"

enum { D_DUE, D_STATE, D_DAYS, D_KIND, D_ITEM, D_CASE, D_WORKER, D_WHAT, ND };

static const cw_col due_cols[ND] = {
	{"due_date", 0}, {"state", 0}, {"days", 1}, {"kind", 0},
	{"item_id", 0}, {"case_id", 0}, {"worker", 0}, {"what", 0},
};

/* The cases a source's items count for: open ones (closed ones for the
 * follow-ups after closure), of the worker asked for. */
#define WORKER " AND (:worker IS NULL OR c.worker = :worker)"
#define OPEN_CASE " AND c.status = 'open'" WORKER

/* One SELECT per source of dated work, joined by UNION ALL: a new source
 * is one more SELECT. Each gives
 *   due date, kind, item id, case number, worker, what, item number
 * and reaches its rows through the index on its due column, bounded by
 * :until, and each row's case by its primary key (CROSS JOIN keeps that
 * order): never a scan of all plans or all cases. The reviews of cases
 * without a plan are reached through the partial index on each case's
 * current review (sw-plan review keeps that flag). "what" is fixed text or what the
 * worker typed as a goal or a task, never a client's details. */
static const char due_sql[] =
	/* Plan reviews: the plan's next review date. */
	"SELECT p.next_review, 'review', 'PL-' || p.id, p.case_id, c.worker,"
	" 'plan review', p.id"
	" FROM plans p CROSS JOIN cases c ON c.id = p.case_id"
	" WHERE p.next_review <= :until" OPEN_CASE
	/* Reviews of a case without a plan: its latest review's next one. */
	" UNION ALL"
	" SELECT r.next_review, 'review', 'CA-' || r.case_id, r.case_id,"
	" c.worker, 'plan review', r.case_id"
	" FROM reviews r CROSS JOIN cases c ON c.id = r.case_id"
	" WHERE r.current = 1 AND r.next_review <= :until" OPEN_CASE
	" AND NOT EXISTS (SELECT 1 FROM plans x WHERE x.case_id = r.case_id)"
	/* Goals not yet reached, by their deadline. */
	" UNION ALL"
	" SELECT g.deadline, 'goal', 'GL-' || g.id, g.case_id, c.worker,"
	" g.description, g.id"
	" FROM goals g CROSS JOIN cases c ON c.id = g.case_id"
	" WHERE g.status IN ('not_started','in_progress')"
	" AND g.deadline <= :until" OPEN_CASE
	/* Open tasks. */
	" UNION ALL"
	" SELECT t.due_date, 'task', 'TK-' || t.id, t.case_id, c.worker,"
	" t.description, t.id"
	" FROM tasks t CROSS JOIN cases c ON c.id = t.case_id"
	" WHERE t.status = 'open' AND t.due_date <= :until" OPEN_CASE
	/* Follow-ups: crisis and re-assessment (sw-assess) of open cases,
	 * after closure of closed ones. */
	" UNION ALL"
	" SELECT f.due_date, f.kind, 'FU-' || f.id, f.case_id, c.worker,"
	" CASE f.kind"
	"  WHEN 'crisis' THEN 'crisis follow-up'"
	"   || coalesce(' (' || f.instrument || ')', '')"
	"  WHEN 'reassessment' THEN 're-assessment'"
	"   || coalesce(': ' || f.instrument, '')"
	"  ELSE 'post-closure follow-up' END, f.id"
	" FROM followups f CROSS JOIN cases c ON c.id = f.case_id"
	" WHERE f.status = 'open' AND f.due_date <= :until"
	" AND c.status = CASE f.kind WHEN 'post_closure' THEN 'closed'"
	"  ELSE 'open' END" WORKER
	/* Referrals (sw-refer): a sent one with no response by its follow-up
	 * date, an accepted one not completed by its expected date. A case
	 * closed by force can still have one outstanding: listed whatever
	 * the case's status. */
	" UNION ALL"
	" SELECT r.followup_date, 'referral', 'RF-' || r.id, r.case_id, c.worker,"
	" 'referral follow-up: no response', r.id"
	" FROM referrals r CROSS JOIN cases c ON c.id = r.case_id"
	" WHERE r.state = 'sent' AND r.followup_date <= :until" WORKER
	" UNION ALL"
	" SELECT r.expected_date, 'referral', 'RF-' || r.id, r.case_id, c.worker,"
	" 'referral not completed by its expected date', r.id"
	" FROM referrals r CROSS JOIN cases c ON c.id = r.case_id"
	" WHERE r.state = 'accepted' AND r.expected_date <= :until" WORKER
	/* Day by day; within a day by kind (crisis first), case, item. */
	" ORDER BY 1, 2, 4, 7";

/* Writes one item to the calendar: UID stable across runs (item, kind,
 * date), SUMMARY "kind CA-n: what". */
static void ics_item(plan_ics *ics, cw_buf *b, const char *const *v,
		     cw_date day)
{
	size_t at;

	cw_buf_reset(b);
	cw_buf_printf(b, "%s-%s-%s@casework", v[D_ITEM], v[D_KIND], v[D_DUE]);
	at = b->len + 1;
	cw_buf_addch(b, '\0');
	cw_buf_printf(b, "%s %s: %s", v[D_KIND], v[D_CASE],
		      v[D_WHAT] ? v[D_WHAT] : "");
	plan_ics_event(ics, b->s, day, b->s + at, v[D_KIND]);
}

int cw_plan_due(const char *db_path, const cw_config *cfg,
		const cw_due_query *q, enum cw_format fmt)
{
	cw_db *db = NULL;
	sqlite3_stmt *st = NULL;
	cw_writer *w = NULL;
	plan_ics *ics = NULL;
	cw_buf b;
	char today[11], until[11], days[16], case_id[32];
	int rc, r;

	cw_buf_init(&b);
	if ((rc = cw_db_open(&db, db_path, CW_DB_READ, cfg)) != 0)
		goto out;
	if (!(st = cw_db_prepare(db, due_sql))) {
		rc = CW_EXIT_DB;
		goto out;
	}
	cw_date_format(q->today, today);
	cw_date_format(q->until, until);
	cw_db_bind_text(st, sqlite3_bind_parameter_index(st, ":until"), until);
	cw_db_bind_text(st, sqlite3_bind_parameter_index(st, ":worker"), q->worker);
	/* The calendar first: a path that cannot be written fails before
	 * anything is printed. */
	if (q->ics && (rc = plan_ics_open(&ics, q->ics)) != 0)
		goto out;
	w = cw_writer_new(stdout, fmt, due_cols, ND);
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		const char *v[ND];
		cw_date day;
		const char *why;
		int dated;

		v[D_DUE] = (const char *)sqlite3_column_text(st, 0);
		v[D_KIND] = (const char *)sqlite3_column_text(st, 1);
		v[D_ITEM] = (const char *)sqlite3_column_text(st, 2);
		cw_id_format(CW_K_CASE, sqlite3_column_int64(st, 3), case_id);
		v[D_CASE] = case_id;
		v[D_WORKER] = (const char *)sqlite3_column_text(st, 4);
		v[D_WHAT] = (const char *)sqlite3_column_text(st, 5);
		if (!v[D_DUE] || !v[D_KIND] || !v[D_ITEM])
			continue;  /* NOT NULL in the schema */
		/* Stored dates are canonical YYYY-MM-DD. */
		dated = cw_date_parse(v[D_DUE], &day, &why) == 0;
		v[D_STATE] = strcmp(v[D_DUE], today) < 0 ? "overdue" : "due";
		if (dated)
			snprintf(days, sizeof days, "%ld",
				 (long)day - (long)q->today);
		v[D_DAYS] = dated ? days : NULL;
		cw_writer_row(w, v);
		if (ics && dated)
			ics_item(ics, &b, v, day);
	}
	if (r != SQLITE_DONE)
		rc = cw_db_fail(db, "read what is due");
	if (cw_writer_finish(w) != 0) {
		cw_output_failed(cw_writer_errno(w));
		rc = rc ? rc : CW_EXIT_IO;
	}
	/* The calendar is written even when nothing is due: an empty one
	 * clears yesterday's reminders from a subscribed calendar. */
	if (ics) {
		if (rc)
			plan_ics_abort(ics);
		else
			rc = plan_ics_finish(ics);
		ics = NULL;
	}
	if (!rc && !cw_writer_rows(w))
		rc = CW_EXIT_EMPTY;
out:
	plan_ics_abort(ics);
	cw_writer_free(w);
	sqlite3_finalize(st);
	cw_db_free(db);
	cw_buf_release(&b);
	return rc;
}
