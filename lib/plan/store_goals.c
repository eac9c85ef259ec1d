/* plan/store_goals.c - the SQL of plans, their goals and tasks, the
 * progress of goals and the plans' revisions (plan.h says what each
 * function does), and the stepping every store file of plan/ may share.
 * Every statement is the connection's (store_cached): prepared once, on
 * first use. */
#define _POSIX_C_SOURCE 200809L
#include <string.h>
#include "plan/plan.h"

int plan_db_fetch(cw_db *db, store_stmt *st, int ns, char **s, int ni,
		  int64_t *iv, const char *what)
{
	int r = store_step(st), i;
	if (r == STORE_DONE) {
		store_reset(st);
		return 0;
	}
	if (r != STORE_ROW) {
		store_fail(db, what);
		store_reset(st);
		return -CW_EXIT_DB;
	}
	for (i = 0; i < ns; i++) {
		const char *t = store_col_text(st, i);
		s[i] = t ? cw_xstrdup(t) : NULL;
	}
	for (i = 0; i < ni; i++)
		iv[i] = store_col_int(st, ns + i);
	store_reset(st);
	return 1;
}

int plan_db_change(cw_db *db, const char *sql, int nt, const char *a,
		   const char *b, int64_t id, const char *what)
{
	store_stmt *st = store_cached(db, sql);

	if (!st)
		return CW_EXIT_DB;
	if (nt > 0)
		store_bind_text(st, 1, a);
	if (nt > 1)
		store_bind_text(st, 2, b);
	store_bind_int(st, nt + 1, id);
	return store_write(st, what, NULL);
}

/* Binds v[from..to] as texts from parameter first on. */
static void bind_texts(store_stmt *st, int first, const char *const *v,
		       int from, int to)
{
	int i;
	for (i = from; i <= to; i++)
		store_bind_text(st, first + i - from, v[i]);
}

/* ---- plans ------------------------------------------------------------------ */

int plan_db_plan_of(cw_db *db, int64_t case_id, plan_db_plan *out)
{
	static const char sql[] = "SELECT id, revision, review_cycle, next_review"
		" FROM plans WHERE case_id = ?";
	store_stmt *st = store_cached(db, sql);
	const char *t, *why;
	cw_duration d;
	int r;

	memset(out, 0, sizeof *out);
	if (!st)
		return CW_EXIT_DB;
	store_bind_int(st, 1, case_id);
	r = store_step(st);
	if (r == STORE_ROW) {
		out->id = store_col_int(st, 0);
		out->revision = store_col_int(st, 1);
		if ((t = store_col_text(st, 2)) && !cw_duration_parse(t, &d, &why))
			out->cycle = d;
		if ((t = store_col_text(st, 3)))
			out->next = cw_xstrdup(t);
	}
	r = r == STORE_ROW || r == STORE_DONE ? 0 : store_fail(db, "read a plan");
	store_reset(st);
	return r;
}

int plan_db_plan_insert(cw_db *db, int64_t case_id, const char *cycle,
			const char *next, const char *now, int64_t *id)
{
	static const char sql[] = "INSERT INTO plans (case_id, revision,"
		" review_cycle, next_review, created_at) VALUES (?, 0, ?, ?, ?)";
	store_stmt *st = store_cached(db, sql);

	if (!st)
		return CW_EXIT_DB;
	store_bind_int(st, 1, case_id);
	store_bind_text(st, 2, cycle);
	store_bind_text(st, 3, next);
	store_bind_text(st, 4, now);
	return store_write(st, "create a plan", id);
}

int plan_db_plan_revise(cw_db *db, int64_t plan, const char *now, int64_t *rev)
{
	static const char bump[] = "UPDATE plans SET revision = revision + 1,"
		" updated_at = CASE WHEN revision > 0 THEN ?1 ELSE updated_at END"
		" WHERE id = ?2";
	static const char get[] = "SELECT revision FROM plans WHERE id = ?";
	store_stmt *st;
	int r;

	if (!(st = store_cached(db, bump)))
		return CW_EXIT_DB;
	store_bind_text(st, 1, now);
	store_bind_int(st, 2, plan);
	if ((r = store_write(st, "revise a plan", NULL)) != 0)
		return r;
	if (!(st = store_cached(db, get)))
		return CW_EXIT_DB;
	store_bind_int(st, 1, plan);
	r = plan_db_fetch(db, st, 0, NULL, 1, rev, "revise a plan");
	return r == 1 ? 0 : r ? -r : store_fail(db, "revise a plan");
}

int plan_db_revision_insert(cw_db *db, int64_t plan, int64_t rev,
			    const char *now, const char *snapshot)
{
	static const char sql[] = "INSERT INTO plan_revisions (plan_id, revision,"
		" created_at, actor, batch_id, snapshot) VALUES (?,?,?,?,?,?)";
	store_stmt *st = store_cached(db, sql);

	if (!st)
		return CW_EXIT_DB;
	store_bind_int(st, 1, plan);
	store_bind_int(st, 2, rev);
	store_bind_text(st, 3, now);
	store_bind_text(st, 4, store_actor(db));
	store_bind_int(st, 5, store_batch(db));
	store_bind_text(st, 6, snapshot);
	return store_write(st, "store a plan revision", NULL);
}

int plan_db_plan_next_review_set(cw_db *db, int64_t plan, const char *next,
				 const char *now)
{
	static const char sql[] = "UPDATE plans SET next_review = ?,"
		" updated_at = ? WHERE id = ?";
	return plan_db_change(db, sql, 2, next, now, plan, "set the next review");
}

/* ---- goals ------------------------------------------------------------------ */

int plan_db_goal_load(cw_db *db, int64_t id, char **v, int64_t iv[4])
{
	static const char sql[] = "SELECT 'GL-' || g.id, 'CA-' || g.case_id,"
		" 'PL-' || g.plan_id, g.term, g.description, g.need, g.indicator,"
		" g.baseline, g.target, g.deadline, g.status, g.created_at,"
		" g.updated_at, g.case_id, g.plan_id,"
		" CASE WHEN k.status = 'open' THEN 1 ELSE 0 END, p.revision"
		" FROM goals g JOIN cases k ON k.id = g.case_id"
		" JOIN plans p ON p.id = g.plan_id WHERE g.id = ?";
	store_stmt *st = store_cached(db, sql);

	if (!st)
		return -CW_EXIT_DB;
	store_bind_int(st, 1, id);
	return plan_db_fetch(db, st, NG, v, 4, iv, "read a goal");
}

int plan_db_goal_insert(cw_db *db, int64_t plan, int64_t case_id,
			const char *const *v, const char *now, int64_t *id)
{
	static const char sql[] = "INSERT INTO goals (plan_id, case_id, term,"
		" description, need, indicator, baseline, target, deadline, status,"
		" created_at, batch_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)";
	store_stmt *st = store_cached(db, sql);

	if (!st)
		return CW_EXIT_DB;
	store_bind_int(st, 1, plan);
	store_bind_int(st, 2, case_id);
	bind_texts(st, 3, v, G_TERM, G_STATUS);
	store_bind_text(st, 11, now);
	store_bind_int(st, 12, store_batch(db));
	return store_write(st, "store a goal", id);
}

int plan_db_goal_update(cw_db *db, int64_t id, const char *const *v,
			const char *now)
{
	static const char sql[] = "UPDATE goals SET term = ?, description = ?,"
		" need = ?, indicator = ?, baseline = ?, target = ?, deadline = ?,"
		" status = ?, updated_at = ? WHERE id = ?";
	store_stmt *st = store_cached(db, sql);

	if (!st)
		return CW_EXIT_DB;
	bind_texts(st, 1, v, G_TERM, G_STATUS);
	store_bind_text(st, 9, now);
	store_bind_int(st, 10, id);
	return store_write(st, "change a goal", NULL);
}

int plan_db_goal_ref(cw_db *db, plan_goal_ref *g)
{
	static const char sql[] = "SELECT g.status, g.case_id, g.plan_id,"
		" CASE WHEN k.status = 'open' THEN 1 ELSE 0 END"
		" FROM goals g JOIN cases k ON k.id = g.case_id WHERE g.id = ?";
	store_stmt *st = store_cached(db, sql);
	int64_t iv[3];
	int r;

	if (!st)
		return -CW_EXIT_DB;
	store_bind_int(st, 1, g->id);
	if ((r = plan_db_fetch(db, st, 1, &g->status, 3, iv, "look up a goal")) == 1) {
		g->case_id = iv[0];
		g->plan = iv[1];
		g->open = (int)iv[2];
	}
	return r;
}

int plan_db_goal_status_set(cw_db *db, int64_t id, const char *status,
			    const char *now)
{
	static const char sql[] = "UPDATE goals SET status = ?, updated_at = ?"
		" WHERE id = ?";
	return plan_db_change(db, sql, 2, status, now, id, "change a goal");
}

/* ---- tasks ------------------------------------------------------------------ */

int plan_db_task_load(cw_db *db, int64_t id, char **v, int64_t iv[4])
{
	static const char sql[] = "SELECT 'TK-' || t.id, 'GL-' || t.goal_id,"
		" 'CA-' || t.case_id, t.description, t.owner, t.due_date, t.status,"
		" t.done_date, t.created_at, t.updated_at, t.case_id, g.plan_id,"
		" CASE WHEN k.status = 'open' THEN 1 ELSE 0 END, t.goal_id"
		" FROM tasks t JOIN goals g ON g.id = t.goal_id"
		" JOIN cases k ON k.id = t.case_id WHERE t.id = ?";
	store_stmt *st = store_cached(db, sql);

	if (!st)
		return -CW_EXIT_DB;
	store_bind_int(st, 1, id);
	return plan_db_fetch(db, st, NTK, v, 4, iv, "read a task");
}

int plan_db_task_insert(cw_db *db, int64_t goal, int64_t case_id,
			const char *const *v, const char *now, int64_t *id)
{
	static const char sql[] = "INSERT INTO tasks (goal_id, case_id,"
		" description, owner, due_date, status, done_date, created_at,"
		" batch_id) VALUES (?,?,?,?,?,?,?,?,?)";
	store_stmt *st = store_cached(db, sql);

	if (!st)
		return CW_EXIT_DB;
	store_bind_int(st, 1, goal);
	store_bind_int(st, 2, case_id);
	bind_texts(st, 3, v, TK_DESC, TK_DONE);
	store_bind_text(st, 8, now);
	store_bind_int(st, 9, store_batch(db));
	return store_write(st, "store a task", id);
}

int plan_db_task_update(cw_db *db, int64_t id, int64_t goal,
			const char *const *v, const char *now)
{
	static const char sql[] = "UPDATE tasks SET goal_id = ?, description = ?,"
		" owner = ?, due_date = ?, status = ?, done_date = ?,"
		" updated_at = ? WHERE id = ?";
	store_stmt *st = store_cached(db, sql);

	if (!st)
		return CW_EXIT_DB;
	store_bind_int(st, 1, goal);
	bind_texts(st, 2, v, TK_DESC, TK_DONE);
	store_bind_text(st, 7, now);
	store_bind_int(st, 8, id);
	return store_write(st, "change a task", NULL);
}

/* ---- progress ------------------------------------------------------------- */

int plan_db_progress_load(cw_db *db, int64_t id, char **v)
{
	static const char sql[] = "SELECT 'PG-' || p.id, 'GL-' || p.goal_id,"
		" 'CA-' || g.case_id, p.date, p.value, p.status, p.note, p.created_at"
		" FROM goal_progress p JOIN goals g ON g.id = p.goal_id WHERE p.id = ?";
	store_stmt *st = store_cached(db, sql);

	if (!st)
		return -CW_EXIT_DB;
	store_bind_int(st, 1, id);
	return plan_db_fetch(db, st, NP, v, 0, NULL, "read a progress entry");
}

int plan_db_progress_insert(cw_db *db, int64_t goal, const char *const *v,
			    const char *now, int64_t *id)
{
	static const char sql[] = "INSERT INTO goal_progress (goal_id, date, value,"
		" status, note, created_at, batch_id) VALUES (?,?,?,?,?,?,?)";
	store_stmt *st = store_cached(db, sql);

	if (!st)
		return CW_EXIT_DB;
	store_bind_int(st, 1, goal);
	bind_texts(st, 2, v, P_DATE, P_NOTE);
	store_bind_text(st, 6, now);
	store_bind_int(st, 7, store_batch(db));
	return store_write(st, "store a progress entry", id);
}

int plan_db_progress_later(cw_db *db, int64_t goal, const char *date)
{
	static const char sql[] = "SELECT 1 FROM goal_progress WHERE goal_id = ?"
		" AND status IS NOT NULL AND date > ? LIMIT 1";
	store_stmt *st = store_cached(db, sql);
	int64_t one;

	if (!st)
		return -CW_EXIT_DB;
	store_bind_int(st, 1, goal);
	store_bind_text(st, 2, date);
	return plan_db_fetch(db, st, 0, NULL, 1, &one, "read progress");
}
