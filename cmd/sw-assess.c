/* sw-assess - score standard instruments, keep assessments, show risk. */
#include <stdio.h>
#include "verbs.h"

static const char synopsis[] =
	"usage: sw-assess instruments\n"
	"       sw-assess instrument NAME\n"
	"       sw-assess score NAME [--reassess-in DURATION] [--dry-run]\n"
	"                       [--keep-going [--rejects FILE]] [FILE...]\n"
	"       sw-assess history CASE_ID\n"
	"       sw-assess risk [--worker NAME]\n"
	"\n"
	"Verbs (score reads CSV, JSON Lines, JSON or .xlsx workbooks):\n"
	"  instruments  list the instruments (built-in and the agency's)\n"
	"  instrument   print one instrument's definition as JSON\n"
	"  score        score answer records (case_id, date, answers by item id\n"
	"               or q1, q2, ...) and store the assessments\n"
	"  history      a case's assessments, with the change from the first\n"
	"               and from the previous one of each instrument\n"
	"  risk         open cases by current risk (the highest among the\n"
	"               latest assessment of each instrument)\n";

static const char options[] =
	"Options of sw-assess:\n"
	"  --reassess-in DURATION  schedule the re-assessment after DURATION\n"
	"                        (Nd, Nw, Nm, Ny) instead of the instrument's interval\n"
	"  --dry-run             score: needs no case (scores a file as a filter)\n"
	"  --worker NAME         risk: only this worker's cases\n";

static const char footer[] =
	"Exit status: 0 done, 1 nothing selected, 2 usage, 3 bad data,\n"
	"4 database error, 5 input/output error.\n";

enum { X_REASSESS };
static const cw_optdef extra[] = {
	[X_REASSESS] = {"reassess-in", 1, 0, 0},
};

/* --reassess-in DURATION into *d (*has: whether given): 0, or a usage
 * error. */
static int reassess_in(const cw_cli *c, cw_duration *d, int *has)
{
	const char *s = c->extra[X_REASSESS], *why;

	if (!(*has = s != NULL))
		return 0;
	if (cw_duration_parse(s, d, &why))
		return cw_usage_error("option '--reassess-in': %s", why);
	if (d->n == 0)
		return cw_usage_error("option '--reassess-in': must be longer than 0");
	if (cw_duration_from_today(*d, &why))
		return cw_usage_error("option '--reassess-in': %s", why);
	return 0;
}

static int check_score(const cw_cli *c, const cw_ctx *x, enum cli_db *db)
{
	cw_duration d;
	int has, rc = reassess_in(c, &d, &has);

	(void)db;
	return rc ? rc : assess_check(x->cfg, c->args[0], NULL);
}

static int check_history(const cw_cli *c, const cw_ctx *x, enum cli_db *db)
{
	(void)db;
	return assess_check(x->cfg, NULL, c->args[0]);
}

static int check_risk(const cw_cli *c, const cw_ctx *x, enum cli_db *db)
{
	(void)c;
	(void)db;
	return assess_check(x->cfg, NULL, NULL);
}

static int run_instruments(const cw_cli *c, const cw_ctx *x)
{
	return assess_instruments(x, c->out_fmt);
}

static int run_instrument(const cw_cli *c, const cw_ctx *x)
{
	return assess_instrument(x, c->args[0]);
}

static int run_score(const cw_cli *c, const cw_ctx *x)
{
	cw_batch_opts o = cli_batch_opts(c);
	cw_duration d;
	int has, rc = reassess_in(c, &d, &has);

	return rc ? rc : assess_score(x, &o, c->args[0], has ? &d : NULL,
				      c->args + 1, c->nargs - 1);
}

static int run_history(const cw_cli *c, const cw_ctx *x)
{
	return assess_history(x, c->args[0], c->out_fmt);
}

static int run_risk(const cw_cli *c, const cw_ctx *x)
{
	return assess_risk(x, c->worker, c->out_fmt);
}

static const cw_verbdef verbs[] = {
	{"instruments", CW_O_DB | CW_O_OUT, 0, 0, 0, run_instruments, CLI_DB_NONE, NULL},
	{"instrument", CW_O_DB, 0, 1, 1, run_instrument, CLI_DB_NONE, NULL},
	{"score", CW_O_BATCH | CW_O_NAME_FIRST, 1u << X_REASSESS, 1, -1, run_score,
	 CLI_DB_ADD, check_score},
	{"history", CW_O_DB | CW_O_OUT, 0, 1, 1, run_history, CLI_DB_READ, check_history},
	{"risk", CW_O_DB | CW_O_OUT | CW_O_WORKER, 0, 0, 0, run_risk, CLI_DB_READ,
	 check_risk},
};

static const cw_command command = {
	synopsis, options, footer, verbs, sizeof verbs / sizeof verbs[0],
	extra, sizeof extra / sizeof extra[0], 0
};

int main(int argc, char **argv)
{
	return cli_main(argc, argv, &command);
}
