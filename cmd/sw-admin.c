/* sw-admin - the database itself: its schema, its settings, copying it,
 * backing it up. */
#include <stdio.h>
#include "verbs.h"

static const char synopsis[] =
	"usage: sw-admin init\n"
	"       sw-admin upgrade\n"
	"       sw-admin config [KEY [VALUE]]\n"
	"       sw-admin copy FROM TO [--worker NAME]\n"
	"       sw-admin check\n"
	"       sw-admin backup FILE\n"
	"       sw-admin restore FILE [--replace]\n"
	"       sw-admin verify [--head AU-n:HASH]\n"
	"       sw-admin head\n"
	"       sw-admin grant LOGIN NAME ROLE\n"
	"       sw-admin revoke LOGIN\n"
	"       sw-admin logins\n"
	"       sw-admin undo BT-n [--dry-run]\n"
	"       sw-admin purge [--dry-run]\n"
	"\n"
	"Verbs:\n"
	"  init     create casework's schema in an empty database (nothing\n"
	"           to do when it is there already)\n"
	"  upgrade  bring an older schema to this program's, in one transaction\n"
	"  config   show the settings that decide stored data, or one; with\n"
	"           VALUE, store it in the database (PostgreSQL)\n"
	"  copy     copy a whole database (SQLite file or PostgreSQL) into an\n"
	"           empty one, ids, history and audit trail included, and\n"
	"           verify it; with --worker, a worker's read-only extract\n"
	"  check    count every table's rows, checksum them and verify the\n"
	"           audit chain (a restored backup, a copy, a standby)\n"
	"  backup   copy a SQLite database into the new file FILE while\n"
	"           others write to it, verify the copy and audit it\n"
	"           (PostgreSQL: pg_dump, then sw-admin check)\n"
	"  restore  write the SQLite database --db names from the backup\n"
	"           FILE, verified first\n"
	"  verify   verify the whole audit chain and print its entries, formats\n"
	"           and head; with --head, the head kept elsewhere must be in it\n"
	"  head     print the audit chain's head (AU-n:HASH) to keep elsewhere\n"
	"  grant    let a PostgreSQL login act as roster entry NAME, as a\n"
	"           worker, supervisor, officer or admin (PostgreSQL)\n"
	"  revoke   take a login's grant away (PostgreSQL)\n"
	"  logins   list the logins granted (PostgreSQL)\n"
	"  undo     reverse batch BT-n in a batch of its own: the records it\n"
	"           created deleted, the fields it changed set back (sw-intake\n"
	"           add and update, sw-assess score, sw-plan goals, tasks,\n"
	"           contacts and sessions, sw-refer add), when no later batch\n"
	"           depends on it; the database's owner's\n"
	"  purge    erase, as sw-intake erase does, every client whose cases\n"
	"           all closed retention_years or more ago; the database's\n"
	"           owner's\n";

static const char options[] =
	"Options of sw-admin:\n"
	"  --replace             restore: replace the database there, backed up\n"
	"                        beside itself first (NAME.before-restore-TIME)\n"
	"  --head AU-n:HASH      verify: a head sw-admin head printed earlier,\n"
	"                        which must be an entry of the chain\n";

static const char footer[] =
	"Exit status: 0 done, 1 nothing selected, 2 usage, 3 bad data,\n"
	"4 database error, 5 input/output error.\n";

static int run_init(const cw_cli *c, const cw_ctx *x)
{
	(void)c;
	return admin_init(x);
}

/* An upgrade never creates a database: a SQLite file must be there. */
static int check_upgrade(const cw_cli *c, const cw_ctx *x, enum cli_db *db)
{
	(void)c;
	(void)db;
	return admin_upgrade_check(x->db_path);
}

static int run_upgrade(const cw_cli *c, const cw_ctx *x)
{
	(void)c;
	return admin_upgrade(x);
}

static int check_config(const cw_cli *c, const cw_ctx *x, enum cli_db *db)
{
	const char *key = c->nargs > 0 ? c->args[0] : NULL;
	const char *value = c->nargs > 1 ? c->args[1] : NULL;

	if (value)
		*db = CLI_DB_CHANGE;
	return admin_config_check(x->db_path, key, value);
}

static int run_config(const cw_cli *c, const cw_ctx *x)
{
	return admin_config(x, c->nargs > 0 ? c->args[0] : NULL,
			    c->nargs > 1 ? c->args[1] : NULL, c->out_fmt);
}

static int check_copy(const cw_cli *c, const cw_ctx *x, enum cli_db *db)
{
	(void)x;
	(void)db;
	return admin_copy_check(c->args[0], c->args[1], c->worker);
}

static int run_copy(const cw_cli *c, const cw_ctx *x)
{
	return admin_copy(x, c->args[0], c->args[1], c->worker, c->out_fmt);
}

static int run_check(const cw_cli *c, const cw_ctx *x)
{
	return admin_check(x, c->out_fmt);
}

static int check_backup(const cw_cli *c, const cw_ctx *x, enum cli_db *db)
{
	(void)db;
	return admin_backup_check(x->db_path, c->args[0], x->cfg);
}

static int run_backup(const cw_cli *c, const cw_ctx *x)
{
	return admin_backup(x, c->args[0]);
}

/* its own options, by index */
enum { X_REPLACE, X_HEAD };
static const cw_optdef extra[] = {
	[X_REPLACE] = {"replace", 0, 0, 0},
	[X_HEAD] = {"head", 1, 0, 0},
};

static int check_restore(const cw_cli *c, const cw_ctx *x, enum cli_db *db)
{
	(void)db;
	return admin_restore_check(x->db_path, c->args[0],
				   c->extra[X_REPLACE] != NULL);
}

static int run_restore(const cw_cli *c, const cw_ctx *x)
{
	return admin_restore(x, c->args[0]);
}

static int check_verify(const cw_cli *c, const cw_ctx *x, enum cli_db *db)
{
	(void)x;
	(void)db;
	return admin_verify_check(c->extra[X_HEAD]);
}

static int run_verify(const cw_cli *c, const cw_ctx *x)
{
	return admin_verify(x, c->extra[X_HEAD], c->out_fmt);
}

static int run_head(const cw_cli *c, const cw_ctx *x)
{
	return admin_head(x, c->out_fmt);
}

static int check_grant(const cw_cli *c, const cw_ctx *x, enum cli_db *db)
{
	(void)db;
	return admin_grant_check(x->db_path, c->nargs > 2 ? c->args[2] : NULL);
}

static int run_grant(const cw_cli *c, const cw_ctx *x)
{
	return admin_grant(x, c->args[0], c->args[1], c->args[2]);
}

static int run_revoke(const cw_cli *c, const cw_ctx *x)
{
	return admin_revoke(x, c->args[0]);
}

static int run_logins(const cw_cli *c, const cw_ctx *x)
{
	return admin_logins(x, c->out_fmt);
}

static int check_undo(const cw_cli *c, const cw_ctx *x, enum cli_db *db)
{
	(void)x;
	(void)db;
	return admin_undo_check(c->args[0]);
}

static int run_undo(const cw_cli *c, const cw_ctx *x)
{
	return admin_undo(x, c->args[0], c->dry_run, c->out_fmt);
}

static int run_purge(const cw_cli *c, const cw_ctx *x)
{
	return admin_purge(x, c->dry_run, c->out_fmt);
}

static const cw_verbdef verbs[] = {
	{"init", CW_O_DB | CW_O_USER, 0, 0, 0, run_init, CLI_DB_ADMIN, NULL},
	{"upgrade", CW_O_DB | CW_O_USER, 0, 0, 0, run_upgrade, CLI_DB_ADMIN,
	 check_upgrade},
	{"config", CW_O_DB | CW_O_USER | CW_O_OUT, 0, 0, 2, run_config,
	 CLI_DB_READ, check_config},
	{"copy", CW_O_USER | CW_O_OUT | CW_O_WORKER, 0, 2, 2, run_copy,
	 CLI_DB_NONE, check_copy},
	{"check", CW_O_DB | CW_O_OUT, 0, 0, 0, run_check, CLI_DB_READ, NULL},
	{"backup", CW_O_DB | CW_O_USER, 0, 1, 1, run_backup, CLI_DB_CHANGE,
	 check_backup},
	{"restore", CW_O_DB | CW_O_USER, 1u << X_REPLACE, 1, 1, run_restore,
	 CLI_DB_NONE, check_restore},
	{"verify", CW_O_DB | CW_O_OUT, 1u << X_HEAD, 0, 0, run_verify,
	 CLI_DB_READ, check_verify},
	{"head", CW_O_DB | CW_O_OUT, 0, 0, 0, run_head, CLI_DB_READ, NULL},
	{"grant", CW_O_DB | CW_O_USER, 0, 3, 3, run_grant, CLI_DB_WRITE, check_grant},
	{"revoke", CW_O_DB | CW_O_USER, 0, 1, 1, run_revoke, CLI_DB_WRITE, check_grant},
	{"logins", CW_O_DB | CW_O_OUT, 0, 0, 0, run_logins, CLI_DB_READ, check_grant},
	/* --dry-run and its one argument, which is no input to check */
	{"undo", CW_O_DB | CW_O_USER | CW_O_OUT | CW_O_DRYRUN | CW_O_NAME_FIRST,
	 0, 1, 1, run_undo, CLI_DB_CHANGE, check_undo},
	{"purge", CW_O_DB | CW_O_USER | CW_O_OUT | CW_O_DRYRUN, 0, 0, 0, run_purge,
	 CLI_DB_CHANGE, NULL},
};

static const cw_command command = {
	synopsis, options, footer, verbs, sizeof verbs / sizeof verbs[0],
	extra, sizeof extra / sizeof extra[0], 0
};

int main(int argc, char **argv)
{
	return cli_main(argc, argv, &command);
}
