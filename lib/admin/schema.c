/* admin/schema.c - sw-admin init and upgrade: the schema of a database. */
#include "admin/admin.h"

/* What the database has now, on standard error as every summary. */
static int say(const cw_ctx *x)
{
	fprintf(stderr, "%s: '%s' has casework's schema, version %d (%s)\n",
		cw_progname(), store_name(x->db), CW_SCHEMA_VERSION,
		store_engine(x->db));
	return 0;
}

int admin_init(const cw_ctx *x)
{
	int rc = store_init(x->db);
	return rc ? rc : say(x);
}

int admin_upgrade(const cw_ctx *x)
{
	int rc = store_upgrade(x->db);
	if (rc)
		return rc;
	say(x);
	return admin_chain_switch(x);
}

int admin_upgrade_check(const char *target)
{
	if (cw_db_exists(target))
		return 0;
	cw_error("cannot open database '%s': No such file or directory", target);
	return CW_EXIT_DB;
}
