/* admin/store_grant.c - the SQL of sw-admin grant and revoke: the
 * logins table and the server roles' memberships (store/pg/access.c). */
#include <stdlib.h>
#include "admin/admin.h"

/* Runs sql, one text parameter, for its one row: store_one_text. */
static int one_text(cw_db *db, const char *sql, const char *arg, char **out,
		    const char *what)
{
	store_stmt *st = store_cached(db, sql);

	*out = NULL;
	if (!st)
		return -1;
	store_bind_text(st, 1, arg);
	return store_one_text(st, what, out);
}

int admin_db_roster_role(cw_db *db, const char *name, char **role)
{
	return one_text(db, "SELECT role FROM workers WHERE name = ?", name,
			role, "read the worker roster");
}

int admin_db_login_exists(cw_db *db, const char *login)
{
	store_stmt *st = store_cached(db, "SELECT 1 FROM pg_catalog.pg_roles"
				      " WHERE rolname = ? AND rolcanlogin");

	if (!st)
		return -1;
	store_bind_text(st, 1, login);
	return store_one(st, "read the server's logins", NULL);
}

int admin_db_login_role(cw_db *db, const char *login, char **role)
{
	return one_text(db, "SELECT role FROM logins WHERE login = ?", login,
			role, "read the logins") < 0 ? -1 : 0;
}

int admin_db_set_grant(cw_db *db, const char *login, const char *name,
		       const char *role)
{
	store_stmt *st = store_cached(db, "SELECT cw_grant(?, ?, ?, ?)");

	if (!st)
		return CW_EXIT_DB;
	store_bind_text(st, 1, login);
	store_bind_text(st, 2, name);
	store_bind_text(st, 3, role);
	store_bind_int(st, 4, store_batch(db));
	return store_one(st, role ? "grant the server role"
			 : "revoke the server roles", NULL) < 0 ? CW_EXIT_DB : 0;
}

store_stmt *admin_db_logins(cw_db *db)
{
	return store_prepare(db, "SELECT l.login, l.worker, l.role, w.team,"
			     " l.granted_at FROM logins l JOIN workers w"
			     " ON w.name = l.worker ORDER BY l.login");
}
