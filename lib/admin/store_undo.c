/* admin/store_undo.c - the SQL of sw-admin undo: a batch's row and audit
 * entries, the entries and rows of the batches after it, and the
 * reversal itself (rows deleted, fields set back). Table and column
 * names come from undo.c's own tables, or from an audit detail after
 * undo.c checked them as names (lowercase letters, digits, '_'). */
#include <stdlib.h>
#include "admin/admin.h"

int admin_db_batch(cw_db *db, int64_t id, char **program, char **verb)
{
	store_stmt *st = store_cached(db, "SELECT program, verb FROM batches"
				      " WHERE id = ?");
	int r;

	*program = *verb = NULL;
	if (!st)
		return -1;
	store_bind_int(st, 1, id);
	if ((r = store_step(st)) == STORE_ROW) {
		*program = cw_xstrdup(store_col_text(st, 0));
		*verb = cw_xstrdup(store_col_text(st, 1));
	}
	store_reset(st);
	if (r != STORE_ROW && r != STORE_DONE)
		return store_fail(db, "read the batches"), -1;
	return r == STORE_ROW;
}

store_stmt *admin_db_undo_entries(cw_db *db)
{
	return store_prepare(db, "SELECT a.batch_id, a.ids FROM audit a"
			     " WHERE a.action = 'undo' AND a.entity = 'batch'"
			     " ORDER BY a.id");
}

store_stmt *admin_db_batch_entries(cw_db *db, int64_t batch)
{
	store_stmt *st = store_prepare(db, "SELECT id, action, entity, ids,"
				       " detail FROM audit WHERE batch_id = ?"
				       " ORDER BY id");
	if (st)
		store_bind_int(st, 1, batch);
	return st;
}

store_stmt *admin_db_later_entries(cw_db *db, int64_t batch)
{
	store_stmt *st = store_prepare(db, "SELECT a.batch_id, a.action,"
				       " a.entity, a.ids FROM audit a JOIN batches b"
				       " ON b.id = a.batch_id WHERE a.batch_id > ?"
				       " AND NOT (b.program = 'sw-admin' AND"
				       " b.verb = 'undo') ORDER BY a.id");
	if (st) {
		store_bind_int(st, 1, batch);
		store_hint_stream(st);
	}
	return st;
}

int admin_db_first_ref(cw_db *db, const char *table, const char *col,
		       int64_t lo, int64_t hi, int64_t batch, int64_t *by,
		       int64_t *ref)
{
	cw_buf sql;
	store_stmt *st;
	int r;

	cw_buf_init(&sql);
	cw_buf_printf(&sql, "SELECT batch_id, %s FROM %s WHERE %s BETWEEN ? AND ?"
		      " AND batch_id <> ? ORDER BY batch_id, %s LIMIT 1", col,
		      table, col, col);
	st = store_prepare(db, sql.s);
	cw_buf_release(&sql);
	if (!st)
		return -1;
	store_bind_int(st, 1, lo);
	store_bind_int(st, 2, hi);
	store_bind_int(st, 3, batch);
	if ((r = store_step(st)) == STORE_ROW) {
		*by = store_col_int(st, 0);
		*ref = store_col_int(st, 1);
	}
	store_finalize(st);
	if (r != STORE_ROW && r != STORE_DONE)
		return store_fail(db, "read the records after the batch"), -1;
	return r == STORE_ROW;
}

/* Runs the write sql with its n parameters v (numbers): 0 or
 * CW_EXIT_DB. */
static int write_ints(cw_db *db, const char *sql, const int64_t *v, int n,
		      const char *what)
{
	store_stmt *st = store_prepare(db, sql);
	int i, rc;

	if (!st)
		return CW_EXIT_DB;
	for (i = 0; i < n; i++)
		store_bind_int(st, i + 1, v[i]);
	rc = store_write(st, what, NULL);
	store_finalize(st);
	return rc;
}

int admin_db_delete_range(cw_db *db, const char *table, int64_t lo,
			  int64_t hi, int64_t *n)
{
	int64_t v[2] = {lo, hi};
	cw_buf sql;
	int rc;

	cw_buf_init(&sql);

	cw_buf_printf(&sql, "DELETE FROM %s WHERE id BETWEEN ? AND ?", table);
	rc = write_ints(db, sql.s, v, 2, "delete the batch's records");
	cw_buf_release(&sql);
	*n = rc ? 0 : store_changes(db);
	return rc;
}

store_stmt *admin_db_batch_assignments(cw_db *db, int64_t batch)
{
	store_stmt *st = store_prepare(db, "SELECT id, case_id FROM assignments"
				       " WHERE batch_id = ? ORDER BY id");
	if (st)
		store_bind_int(st, 1, batch);
	return st;
}

int admin_db_delete_case_assignments(cw_db *db, int64_t batch, int64_t lo,
				     int64_t hi)
{
	int64_t v[3] = {batch, lo, hi};
	return write_ints(db, "DELETE FROM assignments WHERE batch_id = ?"
			  " AND case_id BETWEEN ? AND ?", v, 3,
			  "delete the batch's records");
}

int admin_db_delete_batch_rows(cw_db *db, const char *table, int64_t batch)
{
	cw_buf sql;
	int rc;

	cw_buf_init(&sql);
	cw_buf_printf(&sql, "DELETE FROM %s WHERE batch_id = ?", table);
	rc = write_ints(db, sql.s, &batch, 1, "delete the batch's records");
	cw_buf_release(&sql);
	return rc;
}

int admin_db_fields(cw_db *db, const char *table, int64_t id,
		    const char *const *cols, size_t n, char **out)
{
	cw_buf sql;
	store_stmt *st;
	size_t i;
	int r;

	cw_buf_init(&sql);
	cw_buf_addstr(&sql, "SELECT ");
	for (i = 0; i < n; i++)
		cw_buf_printf(&sql, "%s%s", i ? ", " : "", cols[i]);
	cw_buf_printf(&sql, " FROM %s WHERE id = ?", table);
	st = store_prepare(db, sql.s);
	cw_buf_release(&sql);
	if (!st)
		return -1;
	store_bind_int(st, 1, id);
	if ((r = store_step(st)) == STORE_ROW)
		for (i = 0; i < n; i++) {
			const char *v = store_col_text(st, (int)i);
			out[i] = v ? cw_xstrdup(v) : NULL;
		}
	store_finalize(st);
	if (r != STORE_ROW && r != STORE_DONE)
		return store_fail(db, "read a record of the batch"), -1;
	return r == STORE_ROW;
}

int admin_db_set_fields(cw_db *db, const char *table, int64_t id,
			const char *const *cols, const char *const *vals,
			size_t n, const char *stamp)
{
	cw_buf sql;
	store_stmt *st;
	size_t i;
	int k = 0, rc;

	cw_buf_init(&sql);
	cw_buf_printf(&sql, "UPDATE %s SET ", table);
	for (i = 0; i < n; i++)
		cw_buf_printf(&sql, "%s%s = ?", i ? ", " : "", cols[i]);
	if (stamp)
		cw_buf_addstr(&sql, ", updated_at = ?");
	cw_buf_addstr(&sql, " WHERE id = ?");
	st = store_prepare(db, sql.s);
	cw_buf_release(&sql);
	if (!st)
		return CW_EXIT_DB;
	for (i = 0; i < n; i++)
		store_bind_text(st, ++k, vals[i]);
	if (stamp)
		store_bind_text(st, ++k, stamp);
	store_bind_int(st, ++k, id);
	rc = store_write(st, "set a record back", NULL);
	store_finalize(st);
	return rc;
}

int admin_db_followups_reopen(cw_db *db, int64_t lo, int64_t hi)
{
	int64_t v[2] = {lo, hi};

	return write_ints(db, "UPDATE followups SET status = 'open', done_at ="
			  " NULL, done_date = NULL WHERE id BETWEEN ? AND ?"
			  " AND status = 'done'",
			  v, 2, "reopen the follow-ups");
}

int admin_db_plan_unrevise(cw_db *db, int64_t plan, const char *stamp)
{
	store_stmt *st = store_prepare(db, "UPDATE plans SET revision ="
				       " revision - 1, updated_at = ? WHERE id = ?");
	int rc;

	if (!st)
		return CW_EXIT_DB;
	store_bind_text(st, 1, stamp);
	store_bind_int(st, 2, plan);
	rc = store_write(st, "set a plan's revision back", NULL);
	store_finalize(st);
	return rc;
}
