/* plan/store_closing.c - the SQL of reviews, closures and reopenings:
 * the cases they change, their open work and the follow-ups closing
 * cancels, schedules or marks done (plan.h says what each function does).
 * Every statement is the connection's (store_cached): prepared once, on
 * first use. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>
#include "plan/plan.h"

/* Whether column col of st's row is a date: 1 with *out, else 0. */
static int column_date(store_stmt *st, int col, cw_date *out)
{
	const char *t = store_col_text(st, col);
	const char *why;
	return t && !cw_date_parse(t, out, &why);
}

/* The count sql (bound to one id) gives; -1 after store_fail(what). */
static long count_of(cw_db *db, const char *sql, int64_t id, const char *what)
{
	store_stmt *st = store_cached(db, sql);
	long n = -1;

	if (!st)
		return -1;
	store_bind_int(st, 1, id);
	if (store_step(st) == STORE_ROW)
		n = (long)store_col_int(st, 0);
	else
		store_fail(db, what);
	store_reset(st);
	return n;
}

/* The ids sql (bound to one id) gives, all read before any of them is
 * changed: *ids (newly allocated, or NULL) and *n; CW_EXIT_DB after
 * store_fail(what). */
static int ids_of(cw_db *db, const char *sql, int64_t id, int64_t **ids,
		  size_t *n, const char *what)
{
	store_stmt *st = store_cached(db, sql);
	size_t cap = 0;
	int r;

	*ids = NULL;
	*n = 0;
	if (!st)
		return CW_EXIT_DB;
	store_bind_int(st, 1, id);
	while ((r = store_step(st)) == STORE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 8;
			*ids = cw_xrealloc(*ids, cap * sizeof **ids);
		}
		(*ids)[(*n)++] = store_col_int(st, 0);
	}
	r = r == STORE_DONE ? 0 : store_fail(db, what);
	store_reset(st);
	return r;
}

/* ---- cases ---------------------------------------------------------------- */

int plan_db_case_facts(cw_db *db, int64_t case_id, plan_case_facts *f)
{
	static const char sql[] = "SELECT k.worker, k.intake_date, k.closed_date,"
		" (SELECT max(x.reopened_date) FROM closures x WHERE x.case_id = k.id)"
		" FROM cases k WHERE k.id = ?";
	store_stmt *st = store_cached(db, sql);
	const char *t;
	int r;

	memset(f, 0, sizeof *f);
	if (!st)
		return CW_EXIT_DB;
	store_bind_int(st, 1, case_id);
	r = store_step(st);
	if (r == STORE_ROW) {
		if ((t = store_col_text(st, 0)))
			f->worker = cw_xstrdup(t);
		f->has_intake = column_date(st, 1, &f->intake);
		f->has_closed = column_date(st, 2, &f->closed);
		f->has_reopened = column_date(st, 3, &f->reopened);
		r = 0;
	} else {
		r = store_fail(db, "look up a case");
	}
	store_reset(st);
	return r;
}

int plan_db_case_close(cw_db *db, int64_t case_id, const char *date,
		       const char *now)
{
	static const char sql[] = "UPDATE cases SET status = 'closed',"
		" closed_date = ?, updated_at = ? WHERE id = ?";
	return plan_db_change(db, sql, 2, date, now, case_id, "close a case");
}

int plan_db_case_reopen(cw_db *db, int64_t case_id, const char *now)
{
	static const char sql[] = "UPDATE cases SET status = 'open',"
		" closed_date = NULL, updated_at = ? WHERE id = ?";
	return plan_db_change(db, sql, 1, now, NULL, case_id, "reopen a case");
}

int plan_db_case_open_work(cw_db *db, int64_t case_id, long pending[3])
{
	static const char tasks[] = "SELECT count(*) FROM tasks WHERE case_id = ?"
		" AND status = 'open'";
	static const char referrals[] = "SELECT count(*) FROM referrals"
		" WHERE case_id = ? AND state IN ('draft','sent','accepted')";
	static const char crisis[] = "SELECT count(*) FROM followups"
		" WHERE case_id = ? AND kind = 'crisis' AND status = 'open'";

	if ((pending[0] = count_of(db, tasks, case_id, "read the database")) < 0 ||
	    (pending[1] = count_of(db, referrals, case_id,
				   "count open referrals")) < 0 ||
	    (pending[2] = count_of(db, crisis, case_id, "read the database")) < 0)
		return CW_EXIT_DB;
	return 0;
}

int plan_db_case_goals_unfinished(cw_db *db, int64_t case_id, int64_t **ids,
				  size_t *n)
{
	static const char sql[] = "SELECT id FROM goals WHERE case_id = ? AND"
		" status NOT IN ('achieved','partly_achieved','not_achieved')"
		" ORDER BY id";
	return ids_of(db, sql, case_id, ids, n, "read goals");
}

/* ---- reviews, closures and reopenings ------------------------------------- */

store_stmt *plan_db_review_row(cw_db *db)
{
	static const char sql[] = "SELECT 'RV-' || id, 'CA-' || case_id, date,"
		" worker, note, next_review, created_at FROM reviews WHERE id = ?";
	return store_cached(db, sql);
}

store_stmt *plan_db_closure_row(cw_db *db)
{
	static const char sql[] = "SELECT 'CX-' || x.id, 'CA-' || x.case_id,"
		" x.closed_date, x.reason, x.forced_reason, x.outcomes,"
		" (SELECT f.due_date FROM followups f WHERE f.case_id = x.case_id"
		"  AND f.kind = 'post_closure' AND f.batch_id = x.batch_id"
		"  ORDER BY f.id LIMIT 1), x.created_at, x.reason_kind"
		" FROM closures x WHERE x.id = ?";
	return store_cached(db, sql);
}

store_stmt *plan_db_reopening_row(cw_db *db)
{
	static const char sql[] = "SELECT 'CA-' || x.case_id, x.reopened_date,"
		" x.reopen_reason, 'CX-' || x.id,"
		" CASE WHEN (SELECT max(y.id) FROM closures y"
		"  WHERE y.case_id = x.case_id) = x.id THEN 1 ELSE 0 END"
		" FROM closures x WHERE x.id = ?";
	return store_cached(db, sql);
}

int plan_db_review_next(cw_db *db, int64_t case_id, char *next, size_t size)
{
	static const char sql[] = "SELECT next_review FROM reviews"
		" WHERE case_id = ? ORDER BY date DESC, id DESC LIMIT 1";
	store_stmt *st = store_cached(db, sql);
	int r;

	if (!st)
		return CW_EXIT_DB;
	store_bind_int(st, 1, case_id);
	r = store_step(st);
	if (r == STORE_ROW && store_col_text(st, 0))
		snprintf(next, size, "%s", store_col_text(st, 0));
	r = r == STORE_ROW || r == STORE_DONE ? 0 : store_fail(db, "read reviews");
	store_reset(st);
	return r;
}

int plan_db_review_insert(cw_db *db, int64_t case_id, const char *date,
			  const char *worker, const char *note,
			  const char *next, const char *now, int64_t *id,
			  int *current)
{
	static const char later[] = "SELECT 1 FROM reviews WHERE case_id = ?"
		" AND date > ? LIMIT 1";
	static const char insert[] = "INSERT INTO reviews (case_id, date, worker,"
		" note, next_review, created_at, batch_id, current)"
		" VALUES (?,?,?,?,?,?,?,?)";
	static const char supersede[] = "UPDATE reviews SET current = 0"
		" WHERE case_id = ? AND id <> ? AND current = 1";
	store_stmt *st;
	int64_t one;
	int r;

	/* The case's latest review (by date, then entry) is its current one:
	 * a review entered late, dated before one already stored, is kept
	 * but is not current. */
	if (!(st = store_cached(db, later)))
		return CW_EXIT_DB;
	store_bind_int(st, 1, case_id);
	store_bind_text(st, 2, date);
	if ((r = plan_db_fetch(db, st, 0, NULL, 1, &one, "read reviews")) < 0)
		return -r;
	*current = !r;
	if (!(st = store_cached(db, insert)))
		return CW_EXIT_DB;
	store_bind_int(st, 1, case_id);
	store_bind_text(st, 2, date);
	store_bind_text(st, 3, worker);
	store_bind_text(st, 4, note);
	store_bind_text(st, 5, next);
	store_bind_text(st, 6, now);
	store_bind_int(st, 7, store_batch(db));
	store_bind_int(st, 8, *current);
	if ((r = store_write(st, "store a review", NULL)) != 0)
		return r;
	*id = store_last_id(db);
	if (!*current)
		return 0;
	if (!(st = store_cached(db, supersede)))
		return CW_EXIT_DB;
	store_bind_int(st, 1, case_id);
	store_bind_int(st, 2, *id);
	return store_write(st, "update reviews", NULL);
}

int plan_db_closure_insert(cw_db *db, int64_t case_id, const char *date,
			   const char *kind, const char *reason,
			   const char *forced, const char *outcomes,
			   const char *now, int64_t *id)
{
	static const char sql[] = "INSERT INTO closures (case_id, closed_date,"
		" reason, forced_reason, outcomes, created_at, batch_id,"
		" reason_kind) VALUES (?,?,?,?,?,?,?,?)";
	store_stmt *st = store_cached(db, sql);

	if (!st)
		return CW_EXIT_DB;
	store_bind_int(st, 1, case_id);
	store_bind_text(st, 2, date);
	store_bind_text(st, 3, reason);
	store_bind_text(st, 4, forced);
	store_bind_text(st, 5, outcomes);
	store_bind_text(st, 6, now);
	store_bind_int(st, 7, store_batch(db));
	store_bind_text(st, 8, kind);
	return store_write(st, "store a closure", id);
}

int plan_db_closure_latest(cw_db *db, int64_t case_id, int64_t *id,
			   int *has_date, cw_date *date)
{
	static const char sql[] = "SELECT id, closed_date FROM closures"
		" WHERE case_id = ? ORDER BY id DESC LIMIT 1";
	store_stmt *st = store_cached(db, sql);
	int r;

	*id = 0;
	*has_date = 0;
	if (!st)
		return CW_EXIT_DB;
	store_bind_int(st, 1, case_id);
	r = store_step(st);
	if (r == STORE_ROW) {
		*id = store_col_int(st, 0);
		*has_date = column_date(st, 1, date);
	}
	r = r == STORE_ROW || r == STORE_DONE ? 0 : store_fail(db, "read closures");
	store_reset(st);
	return r;
}

int plan_db_closure_reopened(cw_db *db, int64_t closure, const char *date,
			     const char *reason)
{
	static const char sql[] = "UPDATE closures SET reopened_date = ?,"
		" reopen_reason = ? WHERE id = ?";
	return plan_db_change(db, sql, 2, date, reason, closure, "record a reopening");
}

/* ---- follow-ups ------------------------------------------------------------ */

int plan_db_followups_scheduled(cw_db *db, int64_t case_id, int64_t **ids,
				size_t *n)
{
	static const char sql[] = "SELECT id FROM followups WHERE case_id = ?"
		" AND kind IN ('crisis','reassessment') AND status = 'open'"
		" ORDER BY id";
	return ids_of(db, sql, case_id, ids, n, "read follow-ups");
}

int plan_db_followups_after_closure(cw_db *db, int64_t case_id,
				    int64_t **ids, size_t *n)
{
	static const char sql[] = "SELECT id FROM followups WHERE case_id = ?"
		" AND kind = 'post_closure' AND status = 'open' ORDER BY id";
	return ids_of(db, sql, case_id, ids, n, "read follow-ups");
}

int plan_db_followup_after_closure(cw_db *db, int64_t case_id,
				   const char *due, const char *now, int64_t *id)
{
	static const char sql[] = "INSERT INTO followups (case_id, kind, due_date,"
		" status, created_at, batch_id) VALUES (?, 'post_closure', ?, 'open',"
		" ?, ?)";
	store_stmt *st = store_cached(db, sql);

	if (!st)
		return CW_EXIT_DB;
	store_bind_int(st, 1, case_id);
	store_bind_text(st, 2, due);
	store_bind_text(st, 3, now);
	store_bind_int(st, 4, store_batch(db));
	return store_write(st, "schedule a follow-up", id);
}

int plan_db_followup_cancel(cw_db *db, int64_t id)
{
	static const char sql[] = "UPDATE followups SET status = 'cancelled'"
		" WHERE id = ? AND status = 'open'";
	return plan_db_change(db, sql, 0, NULL, NULL, id, "cancel a follow-up");
}

int plan_db_followup_reopened_done(cw_db *db, int64_t id, const char *now,
				   const char *date)
{
	static const char sql[] = "UPDATE followups SET status = 'done',"
		" done_at = ?, done_date = ? WHERE id = ?";
	return plan_db_change(db, sql, 2, now, date, id, "mark a follow-up done");
}
