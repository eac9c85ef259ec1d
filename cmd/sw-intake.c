/* sw-intake - register clients and open cases; change, list and show them. */
#include <stdio.h>
#include <string.h>
#include "casework.h"

static const char usage[] =
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
	"  workers  list the worker roster, or add names to it\n"
	"\n"
	"Options every command takes (see casework(7)):\n"
	"  --db PATH             database (else $CASEWORK_DB, else\n"
	"                        $XDG_DATA_HOME/casework/casework.db or\n"
	"                        ~/.local/share/casework/casework.db)\n"
	"  --user NAME           who is acting, for the audit trail\n"
	"  -i, --input-format F  csv, jsonl or json (default: detected)\n"
	"  -o, --output-format F jsonl, json, csv or table\n"
	"  --encoding CHARSET    input charset, e.g. GB18030 (default UTF-8); input\n"
	"                        already UTF-8 is refused with another CHARSET\n"
	"  --dry-run             check and print, store nothing\n"
	"  --keep-going          store the good records, reject the bad ones\n"
	"  --rejects FILE        with --keep-going: write rejected records to FILE\n"
	"  --worker NAME, --status open|closed, --since DATE, --until DATE\n"
	"                        select cases (list)\n"
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
	"  --help, --version\n"
	"\n"
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

static const cw_verbdef verbs[] = {
	{"add", CW_O_BATCH, 1u << X_DUPLICATES, 0, -1},
	{"update", CW_O_BATCH, 1u << X_CLIENTS | 1u << X_CLEAR, 0, -1},
	{"unlink", CW_O_DB | CW_O_USER | CW_O_OUT, 0, 1, 1},
	{"list", CW_O_QUERY, 1u << X_CLIENTS | 1u << X_PSEUDONYMISE, 0, 0},
	{"show", CW_O_DB | CW_O_OUT, 0, 1, 1},
	{"workers", CW_O_DB | CW_O_USER | CW_O_OUT, 1u << X_ADD, 0, -1},
};

static cw_batch_opts batch_opts(const cw_cli *c)
{
	cw_batch_opts o = {
		.verb = c->verb->name, .actor = c->user, .in_fmt = c->in_fmt,
		.out_fmt = c->out_fmt, .encoding = c->encoding,
		.dry_run = c->dry_run, .keep_going = c->keep_going,
		.rejects = c->rejects,
	};
	return o;
}

static int run(const cw_cli *c, const cw_config *cfg)
{
	const char *verb = c->verb->name;
	cw_batch_opts o = batch_opts(c);
	enum cw_dup_policy policy = CW_DUP_LINK;

	if (!strcmp(verb, "add")) {
		if (c->extra[X_DUPLICATES] &&
		    cw_dup_policy_parse(c->extra[X_DUPLICATES], &policy))
			return cw_usage_error("option '--duplicates': use link, skip or refuse");
		return cw_intake_add(&o, policy, c->db_path, cfg, c->args, c->nargs);
	}
	if (!strcmp(verb, "update"))
		return cw_intake_update(&o, c->extra[X_CLIENTS] != NULL,
					c->extra[X_CLEAR], c->db_path, cfg,
					c->args, c->nargs);
	if (!strcmp(verb, "unlink"))
		return cw_intake_unlink(c->db_path, cfg, c->user, c->args[0], c->out_fmt);
	if (!strcmp(verb, "list")) {
		cw_intake_query q = {
			.worker = c->worker, .status = c->status,
			.has_since = c->has_since, .since = c->since,
			.has_until = c->has_until, .until = c->until,
			.clients = c->extra[X_CLIENTS] != NULL,
			.pseudonymise = c->extra[X_PSEUDONYMISE] != NULL,
		};
		return cw_intake_list(c->db_path, cfg, &q, c->out_fmt);
	}
	if (!strcmp(verb, "show"))
		return cw_intake_show(c->db_path, cfg, c->args[0], c->out_fmt);
	if (c->extra[X_ADD]) {
		if (!c->nargs)
			return cw_usage_error("'workers --add' needs the names to add");
		return cw_workers_add(c->db_path, cfg, c->user, c->args, c->nargs,
				      c->out_fmt);
	}
	if (c->nargs)
		return cw_usage_error("'workers' lists the roster; give --add to add names");
	return cw_workers_list(c->db_path, cfg, c->out_fmt);
}

int main(int argc, char **argv)
{
	return cw_main(argc, argv, usage, verbs, sizeof verbs / sizeof verbs[0],
		       extra, sizeof extra / sizeof extra[0], run);
}
