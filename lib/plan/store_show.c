/* plan/store_show.c - the SQL of the plan view (sw-plan show, and the
 * snapshot every plan revision stores), of a case's plan and of its
 * stored revisions (sw-plan revisions, compare). */
#include "plan/plan.h"

int plan_db_view_each(cw_db *db, int64_t case_id, plan_view_fn fn, void *ctx)
{
	/* Goals in id order, each followed by its tasks in id order. */
	static const char sql[] =
		"SELECT 'goal', 'GL-' || g.id, 'GL-' || g.id, 'CA-' || g.case_id,"
		"  g.term, g.description, g.need, g.indicator, g.baseline, g.target,"
		"  g.deadline, g.status, NULL, g.id AS gk, 0 AS rk, g.id AS ik"
		" FROM goals g WHERE g.case_id = ?1"
		" UNION ALL"
		" SELECT 'task', 'TK-' || t.id, 'GL-' || t.goal_id, 'CA-' || t.case_id,"
		"  NULL, t.description, NULL, NULL, NULL, NULL, t.due_date, t.status,"
		"  t.owner, t.goal_id, 1, t.id"
		" FROM tasks t WHERE t.case_id = ?1"
		" ORDER BY 14, 15, 16";
	store_stmt *st = store_cached(db, sql);
	const char *v[PLAN_VIEW_NCOLS];
	int r, i;

	if (!st)
		return CW_EXIT_DB;
	store_bind_int(st, 1, case_id);
	while ((r = store_step(st)) == STORE_ROW) {
		for (i = 0; i < PLAN_VIEW_NCOLS; i++)
			v[i] = store_col_text(st, i);
		fn(ctx, v);
	}
	r = r == STORE_DONE ? 0 : store_fail(db, "read a plan");
	store_reset(st);
	return r;
}

int plan_db_case_plan(cw_db *db, int64_t case_id, int64_t *plan, int *revision)
{
	static const char sql[] =
		"SELECT p.id, p.revision FROM cases k"
		" LEFT JOIN plans p ON p.case_id = k.id WHERE k.id = ?";
	store_stmt *st = store_cached(db, sql);
	int r;

	*plan = 0;
	*revision = 0;
	if (!st)
		return -1;
	store_bind_int(st, 1, case_id);
	r = store_step(st);
	if (r == STORE_ROW) {
		*plan = store_col_int(st, 0);
		*revision = (int)store_col_int(st, 1);
	}
	return plan_db_one_end(db, st, r, "read a case");
}

int plan_db_revision_snapshot(cw_db *db, int64_t plan, int revision,
			      char **snapshot)
{
	static const char sql[] =
		"SELECT snapshot FROM plan_revisions"
		" WHERE plan_id = ? AND revision = ?";
	store_stmt *st = store_cached(db, sql);
	const char *t;
	int r;

	*snapshot = NULL;
	if (!st)
		return -1;
	store_bind_int(st, 1, plan);
	store_bind_int(st, 2, revision);
	r = store_step(st);
	if (r == STORE_ROW && (t = store_col_text(st, 0)))
		*snapshot = cw_xstrdup(t);
	return plan_db_one_end(db, st, r, "read a plan revision");
}

store_stmt *plan_db_revisions(cw_db *db, int64_t plan)
{
	store_stmt *st = store_prepare(db,
		"SELECT revision, 'PL-' || plan_id, created_at, actor, snapshot"
		" FROM plan_revisions WHERE plan_id = ? ORDER BY revision");
	if (st)
		store_bind_int(st, 1, plan);
	return st;
}
