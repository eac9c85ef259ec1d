/* plan/store_followups.c - the SQL of sw-plan followups: a follow-up
 * read back, and marked done. */
#include "plan/plan.h"

store_stmt *plan_db_followup_get(cw_db *db)
{
	static const char sql[] =
		"SELECT 'FU-' || id, 'CA-' || case_id, kind, due_date, instrument,"
		" status, done_date, note, created_at FROM followups WHERE id = ?";
	return store_cached(db, sql);
}

int plan_db_followup_done(cw_db *db, int64_t id, const char *date,
			  const char *now, const char *note)
{
	static const char sql[] =
		"UPDATE followups SET status = 'done', done_date = ?,"
		" done_at = ?, note = ? WHERE id = ? AND status = 'open'";
	store_stmt *st = store_cached(db, sql);
	int r;

	if (!st)
		return -1;
	store_bind_text(st, 1, date);
	store_bind_text(st, 2, now);
	store_bind_text(st, 3, note);
	store_bind_int(st, 4, id);
	r = store_step(st);
	if (r != STORE_DONE)
		store_fail(db, "mark a follow-up done");
	store_reset(st);
	return r != STORE_DONE ? -1 : store_changes(db) == 1;
}
