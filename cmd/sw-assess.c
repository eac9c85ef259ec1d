/* sw-assess - score standard instruments, keep assessments, show risk. */
#include <stdio.h>
#include <string.h>
#include "casework.h"

static const char usage[] =
	"usage: sw-assess instruments\n"
	"       sw-assess instrument NAME\n"
	"       sw-assess score NAME [--reassess-in DURATION] [--dry-run]\n"
	"                       [--keep-going [--rejects FILE]] [FILE...]\n"
	"       sw-assess history CASE_ID\n"
	"       sw-assess risk [--worker NAME]\n"
	"\n"
	"Verbs:\n"
	"  instruments  list the instruments (built-in and the agency's)\n"
	"  instrument   print one instrument's definition as JSON\n"
	"  score        score answer records (case_id, date, answers by item id\n"
	"               or q1, q2, ...) and store the assessments\n"
	"  history      a case's assessments, with the change from the first\n"
	"               and from the previous one of each instrument\n"
	"  risk         open cases by current risk (the highest among the\n"
	"               latest assessment of each instrument)\n"
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
	"  --dry-run             score and print, store nothing (no case needed)\n"
	"  --keep-going          store the good records, reject the bad ones\n"
	"  --rejects FILE        with --keep-going: write rejected records to FILE\n"
	"  --worker NAME         risk: only this worker's cases\n"
	"Options of sw-assess:\n"
	"  --reassess-in DURATION  schedule the re-assessment after DURATION\n"
	"                        (Nd, Nw, Nm, Ny) instead of the instrument's interval\n"
	"  --help, --version\n"
	"\n"
	"Exit status: 0 done, 1 nothing selected, 2 usage, 3 bad data,\n"
	"4 database error, 5 input/output error.\n";

enum { X_REASSESS };
static const cw_optdef extra[] = {
	[X_REASSESS] = {"reassess-in", 1, 0, 0},
};

static const cw_verbdef verbs[] = {
	{"instruments", CW_O_DB | CW_O_OUT, 0, 0, 0},
	{"instrument", CW_O_DB, 0, 1, 1},
	{"score", CW_O_BATCH, 1u << X_REASSESS, 1, -1},
	{"history", CW_O_DB | CW_O_OUT, 0, 1, 1},
	{"risk", CW_O_DB | CW_O_OUT | CW_O_WORKER, 0, 0, 0},
};

static int run(const cw_cli *c, const cw_config *cfg)
{
	const char *verb = c->verb->name;

	if (!strcmp(verb, "instruments"))
		return cw_assess_instruments(cfg, c->out_fmt);
	if (!strcmp(verb, "instrument"))
		return cw_assess_instrument(cfg, c->args[0]);
	if (!strcmp(verb, "score")) {
		cw_batch_opts o = {
			.verb = "score", .actor = c->user, .in_fmt = c->in_fmt,
			.out_fmt = c->out_fmt, .encoding = c->encoding,
			.dry_run = c->dry_run, .keep_going = c->keep_going,
			.rejects = c->rejects,
		};
		cw_duration d;
		const char *why;
		if (c->extra[X_REASSESS] &&
		    cw_duration_parse(c->extra[X_REASSESS], &d, &why))
			return cw_usage_error("option '--reassess-in': %s", why);
		if (c->extra[X_REASSESS] && d.n == 0)
			return cw_usage_error("option '--reassess-in': must be longer than 0");
		if (c->extra[X_REASSESS] && cw_duration_from_today(d, &why))
			return cw_usage_error("option '--reassess-in': %s", why);
		return cw_assess_score(&o, c->args[0], c->extra[X_REASSESS] ? &d : NULL,
				       c->db_path, cfg, c->args + 1, c->nargs - 1);
	}
	if (!strcmp(verb, "history"))
		return cw_assess_history(c->db_path, cfg, c->args[0], c->out_fmt);
	return cw_assess_risk(c->db_path, cfg, c->worker, c->out_fmt);
}

int main(int argc, char **argv)
{
	return cw_main(argc, argv, usage, verbs, sizeof verbs / sizeof verbs[0],
		       extra, sizeof extra / sizeof extra[0], run);
}
