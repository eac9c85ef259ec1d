/* admin/grant.c - sw-admin grant and revoke: which PostgreSQL login acts
 * as which roster entry, in which server role (casework.7, ACCESS). */
#include <stdlib.h>
#include <string.h>
#include "admin/admin.h"

static const char *const roles[] = {"worker", "supervisor", "officer", "admin", NULL};

int admin_grant_check(const char *target, const char *role)
{
	size_t i;

	if (!core_target_is_server(target))
		return cw_usage_error("logins and their roles are a server's "
				      "(postgresql); a SQLite file is its "
				      "owner's alone");
	if (!role)
		return 0;
	for (i = 0; roles[i]; i++)
		if (!strcmp(role, roles[i]))
			return 0;
	return cw_usage_error("'%s' is no role: use worker, supervisor, officer "
			      "or admin", role);
}

/* The checks of a grant inside its batch: the roster entry, its role,
 * the login. 0 or an exit code after a message. */
static int check_grant(cw_db *db, const char *login, const char *name,
		       const char *role)
{
	char *on_roster = NULL;
	int r = admin_db_roster_role(db, name, &on_roster), rc = 0;

	if (r < 0)
		return CW_EXIT_DB;
	if (!r) {
		cw_error("no worker '%s' on the roster (sw-intake workers --add)", name);
		return CW_EXIT_DATA;
	}
	/* a worker or supervisor on the server is one on the roster, whose
	 * role decides what they see */
	if ((!strcmp(role, "worker") || !strcmp(role, "supervisor")) &&
	    strcmp(role, on_roster)) {
		cw_error("'%s' is a %s on the roster: grant %s, or change the "
			 "roster first (sw-intake workers --set)", name, on_roster,
			 on_roster);
		rc = CW_EXIT_DATA;
	}
	free(on_roster);
	if (rc)
		return rc;
	if ((r = admin_db_login_exists(db, login)) < 0)
		return CW_EXIT_DB;
	if (!r) {
		cw_error("no login '%s' on the server (CREATE ROLE %s LOGIN first)",
			 login, login);
		return CW_EXIT_DATA;
	}
	return 0;
}

/* The grant and its audit entry (the server writes both: see
 * store/pg/access.c, cw_grant) in one batch. */
int admin_grant(const cw_ctx *x, const char *login, const char *name,
		const char *role)
{
	int64_t batch;
	int rc;

	if ((rc = cw_db_begin(x->db, x->user, "grant", &batch)) != 0)
		return rc;
	rc = check_grant(x->db, login, name, role);
	if (!rc)
		rc = admin_db_set_grant(x->db, login, name, role);
	if (!rc)
		rc = cw_db_commit(x->db);
	else
		cw_db_rollback(x->db);
	if (!rc)
		fprintf(stderr, "%s: login '%s' acts as '%s', %s, on '%s' (batch "
			"BT-%lld)\n", cw_progname(), login, name, role,
			store_name(x->db), (long long)batch);
	return rc;
}

int admin_revoke(const cw_ctx *x, const char *login)
{
	char *before = NULL;
	int64_t batch;
	int rc;

	if ((rc = cw_db_begin(x->db, x->user, "revoke", &batch)) != 0)
		return rc;
	if (admin_db_login_role(x->db, login, &before) < 0) {
		rc = CW_EXIT_DB;
	} else if (!before) {
		cw_error("login '%s' has no grant on '%s'", login, store_name(x->db));
		rc = CW_EXIT_DATA;
	}
	if (!rc)
		rc = admin_db_set_grant(x->db, login, NULL, NULL);
	if (!rc)
		rc = cw_db_commit(x->db);
	else
		cw_db_rollback(x->db);
	if (!rc)
		fprintf(stderr, "%s: login '%s' has no grant on '%s' any more "
			"(batch BT-%lld)\n", cw_progname(), login,
			store_name(x->db), (long long)batch);
	free(before);
	return rc;
}

/* The logins granted, in login order. */
int admin_logins(const cw_ctx *x, enum cw_format fmt)
{
	static const cw_col cols[] = {{"login", 0}, {"worker", 0}, {"role", 0},
				      {"team", 0}, {"granted_at", 0}};
	store_stmt *st = admin_db_logins(x->db);
	int rc = st ? store_print(x->db, x->out, st, cols, 5, fmt) : CW_EXIT_DB;

	store_finalize(st);
	return rc;
}
