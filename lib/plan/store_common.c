/* plan/store_common.c - the SQL the sw-plan verbs share: a case's
 * state, and one stored record read back for the round trip. */
#include <string.h>
#include "plan/plan.h"

int plan_db_one_end(cw_db *db, store_stmt *st, int r, const char *what)
{
	if (r != STORE_ROW && r != STORE_DONE)
		store_fail(db, what);
	store_reset(st);
	return r == STORE_ROW ? 1 : r == STORE_DONE ? 0 : -1;
}

int plan_db_case_state(cw_db *db, int64_t id, int *open)
{
	static const char sql[] = "SELECT status FROM cases WHERE id = ?";
	store_stmt *st = store_cached(db, sql);
	const char *status;
	int r;

	if (!st)
		return -1;
	store_bind_int(st, 1, id);
	r = store_step(st);
	if (r == STORE_ROW) {
		status = store_col_text(st, 0);
		*open = status && !strcmp(status, "open");
	}
	return plan_db_one_end(db, st, r, "look up a case");
}

int plan_load_row(cw_db *db, store_stmt *st, int64_t id, size_t n, char **out)
{
	size_t i;
	int r;

	for (i = 0; i < n; i++)
		out[i] = NULL;
	store_reset(st);
	store_bind_int(st, 1, id);
	r = store_step(st);
	if (r == STORE_ROW)
		for (i = 0; i < n; i++) {
			const char *t = store_col_text(st, (int)i);
			out[i] = t ? cw_xstrdup(t) : NULL;
		}
	return plan_db_one_end(db, st, r, "read a record");
}
