/* sw-intake - register clients and open cases; list and show them. */
#include <stdio.h>
#include <string.h>
#include "casework.h"

static const char usage[] =
	"usage: sw-intake add [--dry-run] [--keep-going [--rejects FILE]] [FILE...]\n"
	"       sw-intake list [--clients] [--worker NAME] [--status STATUS]\n"
	"                      [--since DATE] [--until DATE]\n"
	"       sw-intake show ID\n"
	"\n"
	"Verbs:\n"
	"  add    register clients and open cases from CSV, JSON Lines or JSON records\n"
	"  list   list cases (or, with --clients, clients)\n"
	"  show   print one client (CL-n) or case (CA-n)\n"
	"\n"
	"Options every command takes (see casework(7)):\n"
	"  --db PATH             database (else $CASEWORK_DB, else\n"
	"                        $XDG_DATA_HOME/casework/casework.db or\n"
	"                        ~/.local/share/casework/casework.db)\n"
	"  --user NAME           who is acting, for the audit trail\n"
	"  -i, --input-format F  csv, jsonl or json (default: detected)\n"
	"  -o, --output-format F jsonl, json, csv or table\n"
	"  --encoding CHARSET    input charset, e.g. GB18030 (default UTF-8)\n"
	"  --dry-run             check and print, store nothing\n"
	"  --keep-going          store the good records, reject the bad ones\n"
	"  --rejects FILE        with --keep-going: write rejected records to FILE\n"
	"  --worker NAME, --status open|closed, --since DATE, --until DATE\n"
	"                        select cases (list)\n"
	"  --clients             list clients instead of cases (list)\n"
	"  --help, --version\n"
	"\n"
	"Exit status: 0 done, 1 nothing selected, 2 usage, 3 bad data,\n"
	"4 database error, 5 input/output error.\n";

enum { X_CLIENTS };
static const cw_optdef extra[] = {
	[X_CLIENTS] = {"clients", 0},
};

static const cw_verbdef verbs[] = {
	{"add", CW_O_BATCH, 0, 0, -1},
	{"list", CW_O_QUERY, 1u << X_CLIENTS, 0, 0},
	{"show", CW_O_DB | CW_O_OUT, 0, 1, 1},
};

int main(int argc, char **argv)
{
	cw_cli c;
	cw_config cfg = {0};
	int rc;

	rc = cw_cli_parse(&c, argc, argv, usage, verbs,
			  sizeof verbs / sizeof verbs[0], extra,
			  sizeof extra / sizeof extra[0]);
	if (rc) {
		cw_cli_release(&c);
		return cw_finish_stdout(rc < 0 ? CW_EXIT_OK : rc);
	}
	rc = cw_config_load(&cfg, c.db_path);
	if (rc)
		goto out;
	if (!strcmp(c.verb->name, "add")) {
		cw_batch_opts o = {
			.verb = "add", .actor = c.user, .in_fmt = c.in_fmt,
			.out_fmt = c.out_fmt, .encoding = c.encoding,
			.dry_run = c.dry_run, .keep_going = c.keep_going,
			.rejects = c.rejects,
		};
		rc = cw_intake_add(&o, c.db_path, &cfg, c.args, c.nargs);
	} else if (!strcmp(c.verb->name, "list")) {
		cw_intake_query q = {
			.worker = c.worker, .status = c.status,
			.has_since = c.has_since, .since = c.since,
			.has_until = c.has_until, .until = c.until,
			.clients = c.extra[X_CLIENTS] != NULL,
		};
		rc = cw_intake_list(c.db_path, &cfg, &q, c.out_fmt);
	} else {
		rc = cw_intake_show(c.db_path, &cfg, c.args[0], c.out_fmt);
	}
out:
	cw_config_release(&cfg);
	cw_cli_release(&c);
	return cw_finish_stdout(rc);
}
