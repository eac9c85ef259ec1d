/* admin/store_grant.c - the SQL of sw-admin grant and revoke: the
 * logins table and the server roles' memberships (store/pg/access.c). */
#include <stdlib.h>
#include "admin/admin.h"

/* One text column of a one-row query with one text parameter: 1 with
 * *out (new), 0 when no row, -1 after store_fail. */
static int one_text(cw_db *db, const char *sql, const char *arg, char **out,
		    const char *what)
{
	store_stmt *st = store_cached(db, sql);
	int r;

	*out = NULL;
	if (!st)
		return -1;
	store_bind_text(st, 1, arg);
	r = store_step(st);
	if (r == STORE_ROW) {
		const char *t = store_col_text(st, 0);
		*out = cw_xstrdup(t ? t : "");
	}
	store_reset(st);
	if (r == STORE_ERROR) {
		store_fail(db, what);
		return -1;
	}
	return r == STORE_ROW;
}

int admin_db_roster_role(cw_db *db, const char *name, char **role)
{
	return one_text(db, "SELECT role FROM workers WHERE name = ?", name,
			role, "read the worker roster");
}

int admin_db_login_exists(cw_db *db, const char *login)
{
	char *v;
	int r = one_text(db, "SELECT rolname FROM pg_catalog.pg_roles WHERE"
			 " rolname = ? AND rolcanlogin", login, &v,
			 "read the server's logins");
	free(v);
	return r;
}

int admin_db_login_role(cw_db *db, const char *login, char **role)
{
	return one_text(db, "SELECT role FROM logins WHERE login = ?", login,
			role, "read the logins") < 0 ? -1 : 0;
}

/* Makes login a member of role's group alone (NULL: of none) and
 * records it, with its audit entry: the server's function cw_grant does
 * it all (store/pg/access.c). */
static int set_grant(cw_db *db, const char *login, const char *name,
		     const char *role)
{
	store_stmt *st = store_cached(db, "SELECT cw_grant(?, ?, ?, ?)");
	int r;

	if (!st)
		return CW_EXIT_DB;
	store_bind_text(st, 1, login);
	store_bind_text(st, 2, name);
	store_bind_text(st, 3, role);
	store_bind_int(st, 4, store_batch(db));
	r = store_step(st);
	store_reset(st);
	if (r == STORE_ERROR)
		return store_fail(db, role ? "grant the server role"
				  : "revoke the server roles");
	return 0;
}

int admin_db_grant(cw_db *db, const char *login, const char *name,
		   const char *role)
{
	return set_grant(db, login, name, role);
}

int admin_db_revoke(cw_db *db, const char *login)
{
	return set_grant(db, login, NULL, NULL);
}

store_stmt *admin_db_logins(cw_db *db)
{
	return store_prepare(db, "SELECT l.login, l.worker, l.role, w.team,"
			     " l.granted_at FROM logins l JOIN workers w"
			     " ON w.name = l.worker ORDER BY l.login");
}
