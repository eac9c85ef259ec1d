/* sw-intake - register clients and open cases; change, list and show them. */
#include <stdio.h>
#include "verbs.h"

static const char synopsis[] =
	"usage: sw-intake add [--duplicates link|skip|refuse] [--dry-run]\n"
	"                     [--keep-going [--rejects FILE]] [FILE...]\n"
	"       sw-intake update [--clients] [--clear FIELD] [--dry-run]\n"
	"                        [--keep-going [--rejects FILE]] [FILE...]\n"
	"       sw-intake unlink CASE_ID\n"
	"       sw-intake list [--clients] [--pseudonymise] [--worker NAME]\n"
	"                      [--status STATUS] [--since DATE] [--until DATE]\n"
	"       sw-intake show ID\n"
	"       sw-intake workers [--add NAME...]\n"
	"\n"
	"Verbs:\n"
	"  add      register clients and open cases from CSV, JSON Lines or JSON\n"
	"  update   change stored cases (case_id) or clients (--clients, client_id)\n"
	"  unlink   undo the link of a case to a known client made at intake\n"
	"  list     list cases (or, with --clients, clients)\n"
	"  show     print one client (CL-n) or case (CA-n)\n"
	"  workers  list the worker roster, or add names to it\n";

static const char options[] =
	"Options of sw-intake:\n"
	"  --duplicates POLICY   a record that is a known client: link (default)\n"
	"                        its new case to that client, skip it, or refuse it\n"
	"  --clients             list or update clients instead of cases\n"
	"  --pseudonymise        list: ids as keyed pseudonyms, no names, numbers,\n"
	"                        addresses or free text (language too), birth\n"
	"                        year only\n"
	"                        (needs pseudonym_key_file in casework.conf)\n"
	"  --clear FIELD         update: empty FIELD (repeat, or FIELD,FIELD)\n"
	"  --add                 workers: add the names given\n"
	"  --worker, --status open|closed, --since, --until: list selects cases\n";

static const char footer[] =
	"Exit status: 0 done, 1 nothing selected, 2 usage, 3 bad data,\n"
	"4 database error, 5 input/output error.\n";

enum { X_CLIENTS, X_DUPLICATES, X_CLEAR, X_ADD, X_PSEUDONYMISE };
static const cw_optdef extra[] = {
	[X_CLIENTS] = {"clients", 0, 0, 0},
	[X_DUPLICATES] = {"duplicates", 1, 0, 0},
	[X_CLEAR] = {"clear", 1, 1, 0},
	[X_ADD] = {"add", 0, 0, 0},
	[X_PSEUDONYMISE] = {"pseudonymise", 0, 0, 0},
};

static int run_add(const cw_cli *c, const cw_ctx *x)
{
	cw_batch_opts o = cli_batch_opts(c);
	enum cw_dup_policy policy = CW_DUP_LINK;

	if (c->extra[X_DUPLICATES] &&
	    intake_dup_policy_parse(c->extra[X_DUPLICATES], &policy))
		return cw_usage_error("option '--duplicates': use link, skip or refuse");
	return intake_add(&o, policy, c->db_path, x->cfg, c->args, c->nargs);
}

static int run_update(const cw_cli *c, const cw_ctx *x)
{
	cw_batch_opts o = cli_batch_opts(c);
	return intake_update(&o, c->extra[X_CLIENTS] != NULL, c->extra[X_CLEAR],
			     c->db_path, x->cfg, c->args, c->nargs);
}

static int run_unlink(const cw_cli *c, const cw_ctx *x)
{
	return intake_unlink(c->db_path, x->cfg, c->user, c->args[0], c->out_fmt);
}

static int run_list(const cw_cli *c, const cw_ctx *x)
{
	cw_intake_query q = {
		.worker = c->worker, .status = c->status,
		.has_since = c->has_since, .since = c->since,
		.has_until = c->has_until, .until = c->until,
		.clients = c->extra[X_CLIENTS] != NULL,
		.pseudonymise = c->extra[X_PSEUDONYMISE] != NULL,
	};
	return intake_list(c->db_path, x->cfg, &q, c->out_fmt);
}

static int run_show(const cw_cli *c, const cw_ctx *x)
{
	return intake_show(c->db_path, x->cfg, c->args[0], c->out_fmt);
}

static int run_workers(const cw_cli *c, const cw_ctx *x)
{
	if (c->extra[X_ADD]) {
		if (!c->nargs)
			return cw_usage_error("'workers --add' needs the names to add");
		return intake_workers_add(c->db_path, x->cfg, c->user, c->args,
					  c->nargs, c->out_fmt);
	}
	if (c->nargs)
		return cw_usage_error("'workers' lists the roster; give --add to add names");
	return intake_workers_list(c->db_path, x->cfg, c->out_fmt);
}

static const cw_verbdef verbs[] = {
	{"add", CW_O_BATCH, 1u << X_DUPLICATES, 0, -1, run_add, CLI_DB_SELF, NULL},
	{"update", CW_O_BATCH, 1u << X_CLIENTS | 1u << X_CLEAR, 0, -1, run_update, CLI_DB_SELF, NULL},
	{"unlink", CW_O_DB | CW_O_USER | CW_O_OUT, 0, 1, 1, run_unlink, CLI_DB_SELF, NULL},
	{"list", CW_O_QUERY, 1u << X_CLIENTS | 1u << X_PSEUDONYMISE, 0, 0, run_list, CLI_DB_SELF, NULL},
	{"show", CW_O_DB | CW_O_OUT, 0, 1, 1, run_show, CLI_DB_SELF, NULL},
	{"workers", CW_O_DB | CW_O_USER | CW_O_OUT, 1u << X_ADD, 0, -1, run_workers, CLI_DB_SELF, NULL},
};

static const cw_command command = {
	synopsis, options, footer, verbs, sizeof verbs / sizeof verbs[0],
	extra, sizeof extra / sizeof extra[0], 0
};

int main(int argc, char **argv)
{
	return cli_main(argc, argv, &command);
}
