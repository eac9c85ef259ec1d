/* admin/store_erase.c - the SQL of erasure (sw-intake erase, sw-admin
 * purge): a client's records found, their personal values erased, the
 * audit entries that may hold those values read, the clients past their
 * retention. What is erased is erase.c's table; the statements here
 * take its table and column names, never input. */
#include <stdlib.h>
#include <string.h>
#include "admin/admin.h"

/* The rows of a table that are a client's: its cases', and so on down. */
#define CASES_OF "SELECT id FROM cases WHERE client_id = ?"
static const char *const owner_of[] = {
	[ADMIN_OF_CLIENT] = "id = ?",
	[ADMIN_OF_CASE] = "client_id = ?",
	[ADMIN_OF_CASE_ROW] = "case_id IN (" CASES_OF ")",
	[ADMIN_OF_GOAL_ROW] = "goal_id IN (SELECT id FROM goals WHERE case_id IN"
			      " (" CASES_OF "))",
	[ADMIN_OF_PLAN_ROW] = "plan_id IN (SELECT id FROM plans WHERE case_id IN"
			      " (" CASES_OF "))",
	[ADMIN_OF_REFERRAL_ROW] = "referral_id IN (SELECT id FROM referrals"
				  " WHERE case_id IN (" CASES_OF "))",
	/* the client's id is ?1 throughout (bound once, the last
	 * parameter: the SET of this table has none) */
	[ADMIN_OF_PARTICIPANT] = "(phone = (SELECT phone FROM clients WHERE"
				 " id = ?1) OR (name = (SELECT name FROM clients"
				 " WHERE id = ?1) AND activity_id IN (SELECT"
				 " activity_id FROM contacts WHERE case_id IN"
				 " (SELECT id FROM cases WHERE client_id = ?1))))",
};

int admin_db_client_state(cw_db *db, int64_t client, char **birth,
			  char **closed, int64_t *open_case)
{
	store_stmt *st = store_prepare(db, "SELECT c.birth_date, (SELECT min(k.id)"
				       " FROM cases k WHERE k.client_id = c.id"
				       " AND k.status = 'open'), (SELECT"
				       " max(k.closed_date) FROM cases k"
				       " WHERE k.client_id = c.id) FROM clients c"
				       " WHERE c.id = ?");
	int r;

	*birth = *closed = NULL;
	*open_case = 0;
	if (!st)
		return -1;
	store_bind_int(st, 1, client);
	if ((r = store_step(st)) == STORE_ROW) {
		if (store_col_type(st, 0) != STORE_NULL)
			*birth = cw_xstrdup(store_col_text(st, 0));
		if (store_col_type(st, 1) != STORE_NULL)
			*open_case = store_col_int(st, 1);
		if (store_col_type(st, 2) != STORE_NULL)
			*closed = cw_xstrdup(store_col_text(st, 2));
	}
	store_finalize(st);
	if (r != STORE_ROW && r != STORE_DONE)
		return store_fail(db, "read the client"), -1;
	return r == STORE_ROW;
}

store_stmt *admin_db_erased_clients(cw_db *db)
{
	return store_prepare(db, "SELECT ids FROM audit WHERE action = 'erase'"
			     " AND entity = 'client' ORDER BY id");
}

store_stmt *admin_db_owned_rows(cw_db *db, const char *table, int of,
				const char *cols, int64_t client)
{
	cw_buf sql;
	store_stmt *st;

	cw_buf_init(&sql);
	cw_buf_printf(&sql, "SELECT %s FROM %s WHERE %s ORDER BY 1", cols, table,
		      owner_of[of]);
	st = store_prepare(db, sql.s);
	cw_buf_release(&sql);
	if (st)
		store_bind_int(st, 1, client);
	return st;
}

int admin_db_erase_rows(cw_db *db, const char *table, int of, const char *set,
			const char *const *params, int nparams, int64_t client)
{
	cw_buf sql;
	store_stmt *st;
	int i, rc = 0;

	cw_buf_init(&sql);
	cw_buf_printf(&sql, "UPDATE %s SET %s WHERE %s", table, set, owner_of[of]);
	if (!(st = store_prepare(db, sql.s))) {
		rc = CW_EXIT_DB;
	} else {
		for (i = 0; i < nparams; i++) {
			if (params[i])
				store_bind_text(st, i + 1, params[i]);
			else
				store_bind_null(st, i + 1);
		}
		store_bind_int(st, nparams + 1, client);
		if (store_step(st) != STORE_DONE)
			rc = store_fail(db, "erase the records");
		store_finalize(st);
	}
	cw_buf_release(&sql);
	return rc;
}

int admin_db_set_snapshot(cw_db *db, int64_t plan, int64_t revision,
			  const char *snapshot)
{
	store_stmt *st = store_cached(db, "UPDATE plan_revisions SET snapshot = ?"
				      " WHERE plan_id = ? AND revision = ?");
	int r;

	if (!st)
		return CW_EXIT_DB;
	store_bind_text(st, 1, snapshot);
	store_bind_int(st, 2, plan);
	store_bind_int(st, 3, revision);
	r = store_step(st);
	store_reset(st);
	return r == STORE_DONE ? 0 : store_fail(db, "erase the records");
}

store_stmt *admin_db_detailed_entries(cw_db *db, int64_t batch)
{
	store_stmt *st = store_prepare(db, "SELECT id, ids, detail, at, actor,"
				       " batch_id, action, entity, detail_sha256"
				       " FROM audit WHERE batch_id <> ? AND action"
				       " NOT IN ('digest', 'chain-format', 'redact',"
				       " 'erase') AND detail NOT LIKE"
				       " '{\"records\":%' ORDER BY id");
	if (st)
		store_bind_int(st, 1, batch);
	return st;
}

store_stmt *admin_db_retained(cw_db *db, const char *cutoff)
{
	store_stmt *st = store_prepare(db, "SELECT client_id, max(closed_date),"
				       " count(*) FROM cases GROUP BY client_id"
				       " HAVING sum(CASE WHEN status = 'open'"
				       " THEN 1 ELSE 0 END) = 0"
				       " AND max(closed_date) <= ?"
				       " ORDER BY client_id");
	if (st)
		store_bind_text(st, 1, cutoff);
	return st;
}
