/* admin/store_copy.c - the SQL of sw-admin copy: every table read whole
 * in the order of its key, rows written many to a statement. */
#include <stdlib.h>
#include <string.h>
#include "admin/admin.h"

/* The tables, parents before children (the order the schema creates
 * them), each with the columns that order its rows. */
const admin_table admin_tables[ADMIN_NTABLES + 1] = {
	{"batches", "id"}, {"audit", "id"}, {"clients", "id"}, {"cases", "id"},
	{"assessments", "id"}, {"followups", "id"}, {"plans", "id"},
	{"plan_revisions", "plan_id, revision"}, {"goals", "id"},
	{"goal_progress", "id"}, {"tasks", "id"}, {"group_sessions", "id"},
	{"contacts", "id"}, {"reviews", "id"}, {"closures", "id"},
	{"organizations", "id"}, {"services", "id"}, {"locations", "id"},
	{"service_locations", "service_id, location_id"}, {"addresses", "id"},
	{"phones", "id"}, {"referrals", "id"}, {"referral_events", "id"},
	{"referral_feedback", "id"}, {"workers", "id"},
	{NULL, NULL}
};

store_stmt *admin_db_read(cw_db *db, const admin_table *t)
{
	cw_buf sql;
	store_stmt *st;

	cw_buf_init(&sql);
	cw_buf_printf(&sql, "SELECT * FROM %s ORDER BY %s", t->name, t->key);
	st = store_prepare(db, sql.s);
	cw_buf_release(&sql);
	store_hint_stream(st);
	return st;
}

int admin_db_count(cw_db *db, const char *table, int64_t *n)
{
	cw_buf sql;
	store_stmt *st;
	int r;

	cw_buf_init(&sql);
	cw_buf_printf(&sql, "SELECT count(*) FROM %s", table);
	st = store_prepare(db, sql.s);
	cw_buf_release(&sql);
	if (!st)
		return CW_EXIT_DB;
	r = store_one(st, "count the rows", n);
	store_finalize(st);
	return r < 0 ? CW_EXIT_DB : 0;
}

store_stmt *admin_db_insert(cw_db *db, const char *table,
			    const char *const *cols, int ncols, int nrows)
{
	cw_buf sql;
	store_stmt *st;
	int i;

	cw_buf_init(&sql);
	cw_buf_printf(&sql, "INSERT INTO %s (", table);
	for (i = 0; i < ncols; i++)
		cw_buf_printf(&sql, "%s%s", i ? ", " : "", cols[i]);
	cw_buf_addstr(&sql, ") VALUES ");
	for (i = 0; i < nrows; i++) {
		if (i)
			cw_buf_addstr(&sql, ", ");
		store_in_list(&sql, (size_t)ncols);
	}
	st = store_prepare(db, sql.s);
	cw_buf_release(&sql);
	return st;
}
