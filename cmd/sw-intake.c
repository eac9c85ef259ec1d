/* sw-intake - register clients and open cases; change, list and show them. */
#include <stdio.h>
#include "verbs.h"

static const char synopsis[] =
	"usage: sw-intake add [--duplicates link|skip|refuse] [--dry-run]\n"
	"                     [--keep-going [--rejects FILE]] [FILE...]\n"
	"       sw-intake update [--clients] [--clear FIELD] [--accept FIELD]\n"
	"                        [--dry-run [--diff]] [--keep-going [--rejects FILE]]\n"
	"                        [FILE...]\n"
	"       sw-intake relations [--dry-run] [--keep-going [--rejects FILE]]\n"
	"                           [FILE...]\n"
	"       sw-intake unlink CASE_ID\n"
	"       sw-intake erase CLIENT_ID --reason TEXT [--dry-run]\n"
	"       sw-intake list [--clients] [--pseudonymise] [--worker NAME]\n"
	"                      [--status STATUS] [--since DATE] [--until DATE]\n"
	"       sw-intake consents [--dry-run] [--keep-going [--rejects FILE]]\n"
	"                          [FILE...]\n"
	"       sw-intake show ID [--consents]\n"
	"       sw-intake assignments CASE_ID\n"
	"       sw-intake workers [--add|--set NAME... [--role ROLE] [--team TEAM]]\n"
	"\n"
	"Verbs:\n"
	"  add      register clients and open cases from CSV, JSON Lines, JSON\n"
	"           or .xlsx workbooks\n"
	"  update   change stored cases (case_id) or clients (--clients, client_id)\n"
	"  relations  record relations between clients (spouse, parent, child,\n"
	"           grandparent, grandchild, sibling, guardian, caregiver, other)\n"
	"           and legal guardians; family relations make households\n"
	"  unlink   undo the link of a case to a known client made at intake\n"
	"  erase    erase a person's data on a lawful request: their names,\n"
	"           numbers, addresses and every free text of their cases,\n"
	"           in the records and the audit trail (the database owner's)\n"
	"  list     list cases (or, with --clients, clients)\n"
	"  consents record clients' consents by purpose (share, publish,\n"
	"           research): client, purpose, given, expires, withdrawn,\n"
	"           agreement_date (CN-n); share is the client's consent_share\n"
	"  show     print one client (CL-n) with their family, a case (CA-n)\n"
	"           or a consent (CN-n)\n"
	"  assignments  list a case's assignments (HO-n): each worker who held\n"
	"           it, from which day to which, and why it was handed over\n"
	"  workers  list the worker roster, add names to it or change entries\n";

static const char options[] =
	"Options of sw-intake:\n"
	"  --duplicates POLICY   a record that is a known client: link (default)\n"
	"                        its new case to that client, skip it, or refuse it\n"
	"  --clients             list or update clients instead of cases\n"
	"  --pseudonymise        list: ids as keyed pseudonyms, no names, numbers,\n"
	"                        addresses, emergency contacts or free text\n"
	"                        (language too), birth year only\n"
	"                        (needs pseudonym_key_file in casework.conf)\n"
	"  --clear FIELD         update: empty FIELD (repeat, or FIELD,FIELD)\n"
	"  --accept FIELD        update: take FIELD as typed where it looks like a\n"
	"                        spreadsheet damaged the stored value (leading zeros\n"
	"                        dropped, E-notation, a date as a serial number),\n"
	"                        which is rejected otherwise (repeat, or FIELD,FIELD)\n"
	"  --diff                update --dry-run: print each change (id, field,\n"
	"                        before, after) instead of the records\n"
	"  --add                 workers: add the names given\n"
	"  --set                 workers: change the role or team of the names given\n"
	"  --role worker|supervisor  workers: the entries' role (default worker)\n"
	"  --team TEAM           workers: the entries' team (\"\" for none)\n"
	"  --consents            show CL-n: the client's consents instead\n"
	"  --reason TEXT         erase: why (kept in the audit trail: no name\n"
	"                        or number of the person in it)\n"
	"  --worker, --status open|closed, --since, --until: list selects cases\n";

static const char footer[] =
	"Exit status: 0 done, 1 nothing selected, 2 usage, 3 bad data,\n"
	"4 database error, 5 input/output error.\n";

enum { X_CLIENTS, X_DUPLICATES, X_CLEAR, X_ADD, X_PSEUDONYMISE, X_SET, X_ROLE,
       X_TEAM, X_ACCEPT, X_DIFF, X_REASON, X_CONSENTS };
static const cw_optdef extra[] = {
	[X_CLIENTS] = {"clients", 0, 0, 0},
	[X_DUPLICATES] = {"duplicates", 1, 0, 0},
	[X_CLEAR] = {"clear", 1, 1, 0},
	[X_ADD] = {"add", 0, 0, 0},
	[X_PSEUDONYMISE] = {"pseudonymise", 0, 0, 0},
	[X_SET] = {"set", 0, 0, 0},
	[X_ROLE] = {"role", 1, 0, 0},
	[X_TEAM] = {"team", 1, 0, 0},
	[X_ACCEPT] = {"accept", 1, 1, 0},
	[X_DIFF] = {"diff", 0, 0, 0},
	[X_REASON] = {"reason", 1, 0, 0},
	[X_CONSENTS] = {"consents", 0, 0, 0},
};

/* The --duplicates policy (link when not given). */
static int duplicates(const cw_cli *c, enum cw_dup_policy *policy)
{
	*policy = CW_DUP_LINK;
	if (c->extra[X_DUPLICATES] &&
	    intake_dup_policy_parse(c->extra[X_DUPLICATES], policy))
		return cw_usage_error("option '--duplicates': use link, skip or refuse");
	return 0;
}

static int check_add(const cw_cli *c, const cw_ctx *x, enum cli_db *db)
{
	(void)x;
	enum cw_dup_policy policy;
	(void)db;
	return duplicates(c, &policy);
}

static int run_add(const cw_cli *c, const cw_ctx *x)
{
	cw_batch_opts o = cli_batch_opts(c);
	enum cw_dup_policy policy;
	int rc = duplicates(c, &policy);
	return rc ? rc : intake_add(x, &o, policy, c->args, c->nargs);
}

/* What update does beyond its batch. */
static intake_update_opts update_opts(const cw_cli *c)
{
	intake_update_opts u = {c->extra[X_CLIENTS] != NULL, c->extra[X_CLEAR],
				c->extra[X_ACCEPT], c->extra[X_DIFF] != NULL};
	return u;
}

static int check_update(const cw_cli *c, const cw_ctx *x, enum cli_db *db)
{
	intake_update_opts u = update_opts(c);
	(void)x;
	(void)db;
	return intake_update_check(&u, c->dry_run);
}

static int run_update(const cw_cli *c, const cw_ctx *x)
{
	cw_batch_opts o = cli_batch_opts(c);
	intake_update_opts u = update_opts(c);
	return intake_update(x, &o, &u, c->args, c->nargs);
}

static int run_relations(const cw_cli *c, const cw_ctx *x)
{
	cw_batch_opts o = cli_batch_opts(c);
	return intake_relations(x, &o, c->args, c->nargs);
}

static int check_unlink(const cw_cli *c, const cw_ctx *x, enum cli_db *db)
{
	(void)x;
	(void)db;
	return intake_unlink_check(c->args[0]);
}

static int run_unlink(const cw_cli *c, const cw_ctx *x)
{
	return intake_unlink(x, c->args[0], c->out_fmt);
}

static int check_erase(const cw_cli *c, const cw_ctx *x, enum cli_db *db)
{
	(void)x;
	(void)db;
	return admin_erase_check(c->args[0], c->extra[X_REASON]);
}

static int run_erase(const cw_cli *c, const cw_ctx *x)
{
	return admin_erase(x, c->args[0], c->extra[X_REASON], c->dry_run,
			   c->out_fmt);
}

/* What list selects. */
static cw_intake_query list_query(const cw_cli *c)
{
	cw_intake_query q = {
		.worker = c->worker, .status = c->status,
		.has_since = c->has_since, .since = c->since,
		.has_until = c->has_until, .until = c->until,
		.clients = c->extra[X_CLIENTS] != NULL,
		.pseudonymise = c->extra[X_PSEUDONYMISE] != NULL,
	};
	return q;
}

static int check_list(const cw_cli *c, const cw_ctx *x, enum cli_db *db)
{
	cw_intake_query q = list_query(c);
	(void)db;
	return intake_list_check(x, &q);
}

static int run_list(const cw_cli *c, const cw_ctx *x)
{
	cw_intake_query q = list_query(c);
	return intake_list(x, &q, c->out_fmt);
}

CLI_BATCH_VERB(run_consents, intake_consents)

static int check_show(const cw_cli *c, const cw_ctx *x, enum cli_db *db)
{
	(void)x;
	(void)db;
	return intake_show_check(c->args[0], c->extra[X_CONSENTS] != NULL);
}

static int run_show(const cw_cli *c, const cw_ctx *x)
{
	return intake_show(x, c->args[0], c->extra[X_CONSENTS] != NULL,
			   c->out_fmt);
}

static int check_assignments(const cw_cli *c, const cw_ctx *x, enum cli_db *db)
{
	(void)x;
	(void)db;
	return intake_assignments_check(c->args[0]);
}

static int run_assignments(const cw_cli *c, const cw_ctx *x)
{
	return intake_assignments(x, c->args[0], c->out_fmt);
}

/* workers lists the roster (read), or with --add adds to it and with
 * --set changes entries (written). */
static intake_roster_opts roster_opts(const cw_cli *c)
{
	intake_roster_opts o = {c->extra[X_SET] != NULL, c->extra[X_ROLE],
				c->extra[X_TEAM]};
	return o;
}

static int check_workers(const cw_cli *c, const cw_ctx *x, enum cli_db *db)
{
	intake_roster_opts o = roster_opts(c);

	(void)x;
	if (c->extra[X_ADD] && c->extra[X_SET])
		return cw_usage_error("give one of '--add' and '--set'");
	if (c->extra[X_ADD] || c->extra[X_SET]) {
		if (!c->nargs)
			return cw_usage_error("'workers --%s' needs the names",
					      o.set ? "set" : "add");
		/* a change needs a roster: never a database made for it */
		*db = o.set ? CLI_DB_CHANGE : CLI_DB_WRITE;
		return intake_workers_check(c->args, c->nargs, &o);
	}
	if (c->extra[X_ROLE] || c->extra[X_TEAM])
		return cw_usage_error("'--role' and '--team' go with '--add' or '--set'");
	if (c->nargs)
		return cw_usage_error("'workers' lists the roster; give --add to add names");
	return 0;
}

static int run_workers(const cw_cli *c, const cw_ctx *x)
{
	intake_roster_opts o = roster_opts(c);

	if (c->extra[X_ADD] || c->extra[X_SET])
		return intake_workers_write(x, c->args, c->nargs, &o, c->out_fmt);
	return intake_workers_list(x, c->out_fmt);
}

static const cw_verbdef verbs[] = {
	{"add", CW_O_BATCH, 1u << X_DUPLICATES, 0, -1, run_add, CLI_DB_ADD, check_add},
	{"update", CW_O_BATCH, 1u << X_CLIENTS | 1u << X_CLEAR | 1u << X_ACCEPT |
	 1u << X_DIFF, 0, -1, run_update,
	 CLI_DB_CHANGE, check_update},
	{"relations", CW_O_BATCH, 0, 0, -1, run_relations, CLI_DB_CHANGE, NULL},
	{"unlink", CW_O_DB | CW_O_USER | CW_O_OUT, 0, 1, 1, run_unlink, CLI_DB_CHANGE,
	 check_unlink},
	/* --dry-run and its one argument, which is no input to check */
	{"erase", CW_O_DB | CW_O_USER | CW_O_OUT | CW_O_DRYRUN | CW_O_NAME_FIRST,
	 1u << X_REASON, 1, 1, run_erase, CLI_DB_CHANGE, check_erase},
	{"list", CW_O_QUERY, 1u << X_CLIENTS | 1u << X_PSEUDONYMISE, 0, 0, run_list,
	 CLI_DB_READ, check_list},
	{"show", CW_O_DB | CW_O_OUT, 1u << X_CONSENTS, 1, 1, run_show, CLI_DB_READ,
	 check_show},
	{"consents", CW_O_BATCH, 0, 0, -1, run_consents, CLI_DB_CHANGE, NULL},
	{"assignments", CW_O_DB | CW_O_OUT, 0, 1, 1, run_assignments, CLI_DB_READ,
	 check_assignments},
	{"workers", CW_O_DB | CW_O_USER | CW_O_OUT, 1u << X_ADD | 1u << X_SET |
	 1u << X_ROLE | 1u << X_TEAM, 0, -1, run_workers,
	 CLI_DB_READ, check_workers},
};

static const cw_command command = {
	synopsis, options, footer, verbs, sizeof verbs / sizeof verbs[0],
	extra, sizeof extra / sizeof extra[0], 0
};

int main(int argc, char **argv)
{
	return cli_main(argc, argv, &command);
}
