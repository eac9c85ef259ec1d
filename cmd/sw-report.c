/* sw-report - the statistics funders and managers ask for, and the case
 * file. */
#include <stdlib.h>
#include <string.h>
#include "verbs.h"

static const char synopsis[] =
	"usage: sw-report caseload [PERIOD] [--by GROUPS] [--worker NAME]\n"
	"                          [--suppress N | --public] [--excel]\n"
	"       sw-report services [PERIOD] [--by GROUPS] [--worker NAME] ...\n"
	"       sw-report outcomes [PERIOD] [--by GROUPS] [--worker NAME]\n"
	"                          [--within-period] ...\n"
	"       sw-report satisfaction [PERIOD] [--by GROUPS] [--worker NAME] ...\n"
	"       sw-report goals [PERIOD] [--by GROUPS] [--worker NAME] ...\n"
	"       sw-report referrals [PERIOD] [--by GROUPS] [--worker NAME] ...\n"
	"       sw-report overdue [PERIOD] [--by GROUPS] [--worker NAME] ...\n"
	"       sw-report project CODE [PERIOD | --contract | --midterm]\n"
	"       sw-report case CASE_ID [--excel]\n"
	"       sw-report ledger KIND [PERIOD] [--worker NAME] [--pseudonymise]\n"
	"PERIOD: --month YYYY-MM | --quarter YYYYQn | --half YYYYHn | --year YYYY\n"
	"        | [--since DATE] [--until DATE]     (default: this month)\n"
	"\n"
	"Reports (each row a group, with total rows):\n"
	"  caseload      new, closed, reopened, open at the end of the period\n"
	"                (--by worker, month, category, risk, referral_source,\n"
	"                closure_kind)\n"
	"  services      contacts (服务人次), distinct clients (服务人数), minutes,\n"
	"                group sessions (活动场次), attendance (参与人次)\n"
	"                (--by kind [default], worker, month, category)\n"
	"  outcomes      each case's baseline (first assessment ever) and latest\n"
	"                in the period: mean change, share improved, share past\n"
	"                the meaningful change (always by instrument; --by\n"
	"                worker, category)\n"
	"  satisfaction  survey responses and mean score\n"
	"                (always by instrument; --by worker, category, month)\n"
	"  goals         goals and their attainment rate (目标达成度)\n"
	"                (--by term [default], status, worker, category)\n"
	"  referrals     made, accepted, declined, completed, median days to a\n"
	"                response (--by category [default], worker, month)\n"
	"  overdue       what sw-plan due lists as overdue at the period's end\n"
	"                (or today) (--by worker,kind [default])\n"
	"  project CODE  a project's indicators (指标): target for the period,\n"
	"                achieved, rate; --contract: the whole contract,\n"
	"                --midterm: its first half (中期)\n"
	"  case          everything about one case in time order (audited)\n"
	"  ledger KIND   台账: every record of KIND in the period, one row each\n"
	"                with its case, client and worker (audited unless\n"
	"                --pseudonymise); KIND: contacts, sessions, assessments,\n"
	"                referral_events, closures, followups\n"
	"The seven reports also take --by sex (of the client), --by age (the\n"
	"band of age_bands on the period's last day, or each month's with month)\n"
	"and --by project (a record's own, else its case's).\n";

static const char options[] =
	"Options of sw-report:\n"
	"  --month YYYY-MM, --quarter YYYYQn, --half YYYYHn, --year YYYY\n"
	"                        the period (one period option at most)\n"
	"  --by GROUP[,GROUP]    one or two groups (see each report; sex, age)\n"
	"  --suppress N          hide counts from 1 to N and what would give them\n"
	"                        back (shown as x)\n"
	"  --public              --suppress with the configured\n"
	"                        suppression_threshold (default 5)\n"
	"  --pseudonymise        ledger: pseudonyms for case and client ids, no\n"
	"                        names or free text, no hand-out to audit\n"
	"  --user NAME           case, ledger: who is handed the records (audit)\n"
	"  --worker NAME         only the cases assigned to NAME (services: the\n"
	"                        contacts NAME made)\n"
	"  --since DATE, --until DATE  the period, both days included\n"
	"  --within-period       outcomes: first and latest assessment inside the\n"
	"                        period, not the baseline ever\n"
	"  --contract, --midterm project: the whole contract, or from its start\n"
	"                        to the day before start + ceil(months / 2)\n"
	"                        months\n";

static const char footer[] =
	"Exit status: 0 done, 1 nothing selected (a ledger without rows), 2 usage,\n"
	"3 no such case or project, 4 database error, 5 input/output error.\n";

enum { X_MONTH, X_QUARTER, X_HALF, X_YEAR, X_BY, X_SUPPRESS, X_PUBLIC,
       X_PSEUDONYMISE, X_WITHIN, X_CONTRACT, X_MIDTERM };
static const cw_optdef extra[] = {
	[X_MONTH] = {"month", 1, 0, 0},
	[X_QUARTER] = {"quarter", 1, 0, 0},
	[X_HALF] = {"half", 1, 0, 0},
	[X_YEAR] = {"year", 1, 0, 0},
	[X_BY] = {"by", 1, 0, 0},
	[X_SUPPRESS] = {"suppress", 1, 0, 0},
	[X_PUBLIC] = {"public", 0, 0, 0},
	[X_PSEUDONYMISE] = {"pseudonymise", 0, 0, 0},
	[X_WITHIN] = {"within-period", 0, 0, 0},
	[X_CONTRACT] = {"contract", 0, 0, 0},
	[X_MIDTERM] = {"midterm", 0, 0, 0},
};

#define STATS_COMMON (CW_O_DB | CW_O_OUT | CW_O_WORKER | CW_O_SINCE | CW_O_UNTIL)
#define STATS_EXTRA (1u << X_MONTH | 1u << X_QUARTER | 1u << X_HALF | \
		     1u << X_YEAR | 1u << X_BY | 1u << X_SUPPRESS | \
		     1u << X_PUBLIC)

/* The period as of today: one of the period options, or --since and
 * --until (an open start, or today as the end), or this month. */
static int period(const cw_cli *c, cw_date today, cw_report_opts *o)
{
	static const char *const forms[] = {"month", "quarter", "half", "year"};
	const char *why;
	int i, n = c->has_since || c->has_until, which = -1;

	n += (c->extra[X_CONTRACT] != NULL) + (c->extra[X_MIDTERM] != NULL);
	for (i = X_MONTH; i <= X_YEAR; i++)
		if (c->extra[i]) {
			n++;
			which = i;
		}
	if (n > 1)
		return cw_usage_error("give one period: --month, --quarter, --half, "
				      "--year, or --since and --until%s",
				      c->extra[X_CONTRACT] || c->extra[X_MIDTERM]
				      ? ", or --contract, or --midterm" : "");
	o->has_since = 1;
	if (which >= 0) {
		if (report_period_parse(forms[which - X_MONTH], c->extra[which],
				    &o->since, &o->until, &why))
			return cw_usage_error("option '--%s': %s",
					      forms[which - X_MONTH], why);
		return 0;
	}
	if (c->has_since || c->has_until) {
		o->has_since = c->has_since;
		o->since = c->since;
		o->until = c->has_until ? c->until : today;
		if (c->has_since && o->since > o->until)
			return cw_usage_error("'--since' is after today: give "
					      "'--until' too");
		return 0;
	}
	{
		int y, m, d;
		char month[16];
		cw_date_to_ymd(today, &y, &m, &d);
		snprintf(month, sizeof month, "%04d-%02d", y, m);
		if (report_period_parse("month", month, &o->since, &o->until, &why))
			return cw_usage_error("no current month: %s", why);
		o->this_month = 1;
	}
	return 0;
}

/* --suppress N: a whole number from 1; --public: the configured one. */
static int suppression(const cw_cli *c, const cw_config *cfg, cw_report_opts *o)
{
	const char *s = c->extra[X_SUPPRESS];
	long n;

	if (s && c->extra[X_PUBLIC])
		return cw_usage_error("give '--suppress' or '--public', not both");
	if (c->extra[X_PUBLIC]) {
		o->suppress = cfg->suppression_threshold;
		return 0;
	}
	if (!s)
		return 0;
	if (cw_parse_long(s, 1, 1000000, &n))
		return cw_usage_error("option '--suppress': a whole number from 1 "
				      "(the largest count hidden)");
	o->suppress = n;
	return 0;
}

/* What every report takes: the output, as -o, --excel and -o html say. */
static int report_opts(const cw_cli *c, cw_report_opts *o)
{
	memset(o, 0, sizeof *o);
	o->fmt = c->out_fmt;
	o->html = c->html;
	return 0;
}

/* A statistical report's options into o, the period as of x's today. */
static int stats_opts(const cw_cli *c, const cw_ctx *x, cw_report_opts *o)
{
	int rc;

	if ((rc = report_opts(c, o)) != 0 || (rc = period(c, x->today, o)) != 0 ||
	    (rc = suppression(c, x->cfg, o)) != 0)
		return rc;
	o->by = c->extra[X_BY];
	o->worker = c->worker;
	o->within_period = c->extra[X_WITHIN] != NULL;
	return 0;
}

/* A ledger's options: the output, the period, the worker. */
static int ledger_opts(const cw_cli *c, const cw_ctx *x, cw_report_opts *o)
{
	int rc;

	if ((rc = report_opts(c, o)) != 0 || (rc = period(c, x->today, o)) != 0)
		return rc;
	o->worker = c->worker;
	return 0;
}

static int check_ledger(const cw_cli *c, const cw_ctx *x, enum cli_db *db)
{
	cw_report_opts o;
	int rc = ledger_opts(c, x, &o);

	(void)db;
	return rc ? rc : report_ledger_check(c->args[0]);
}

static int run_ledger(const cw_cli *c, const cw_ctx *x)
{
	cw_report_opts o;
	int rc = ledger_opts(c, x, &o);
	return rc ? rc : report_ledger(x, c->args[0], &o,
				       c->extra[X_PSEUDONYMISE] != NULL);
}

/* The case file's options and its id, before the database. */
static int check_case(const cw_cli *c, const cw_ctx *x, enum cli_db *db)
{
	cw_report_opts o;
	int rc = report_opts(c, &o);

	(void)x;
	(void)db;
	return rc ? rc : report_case_check(c->args[0]);
}

static int run_case(const cw_cli *c, const cw_ctx *x)
{
	cw_report_opts o;
	int rc = report_opts(c, &o);
	return rc ? rc : report_case_file(x, c->args[0], &o);
}

/* A statistical report's options, groups and instruments, before the
 * database. */
static int check_stats(const cw_cli *c, const cw_ctx *x, enum cli_db *db)
{
	cw_report_opts o;
	int rc = stats_opts(c, x, &o);

	(void)db;
	return rc ? rc : report_check(x, c->verb->name, o.by);
}

/* The statistical reports, named by their verb. */
static int run_stats(const cw_cli *c, const cw_ctx *x)
{
	cw_report_opts o;
	int rc = stats_opts(c, x, &o);
	return rc ? rc : report_run(x, c->verb->name, &o);
}

/* The project report's options: the output and the period, or the
 * contract or its first half. */
static int project_opts(const cw_cli *c, const cw_ctx *x, cw_report_opts *o)
{
	int rc;

	if ((rc = report_opts(c, o)) != 0 || (rc = period(c, x->today, o)) != 0)
		return rc;
	o->contract = c->extra[X_CONTRACT] ? 1 : c->extra[X_MIDTERM] ? 2 : 0;
	return 0;
}

static int check_project(const cw_cli *c, const cw_ctx *x, enum cli_db *db)
{
	cw_report_opts o;

	(void)db;
	return project_opts(c, x, &o);
}

static int run_project(const cw_cli *c, const cw_ctx *x)
{
	cw_report_opts o;
	int rc = project_opts(c, x, &o);
	return rc ? rc : report_project(x, c->args[0], &o);
}

static const cw_verbdef verbs[] = {
	{"caseload", STATS_COMMON, STATS_EXTRA, 0, 0, run_stats, CLI_DB_READ, check_stats},
	{"services", STATS_COMMON, STATS_EXTRA, 0, 0, run_stats, CLI_DB_READ, check_stats},
	{"outcomes", STATS_COMMON, STATS_EXTRA | 1u << X_WITHIN, 0, 0, run_stats, CLI_DB_READ, check_stats},
	{"satisfaction", STATS_COMMON, STATS_EXTRA, 0, 0, run_stats, CLI_DB_READ, check_stats},
	{"goals", STATS_COMMON, STATS_EXTRA, 0, 0, run_stats, CLI_DB_READ, check_stats},
	{"referrals", STATS_COMMON, STATS_EXTRA, 0, 0, run_stats, CLI_DB_READ, check_stats},
	{"overdue", STATS_COMMON, STATS_EXTRA, 0, 0, run_stats, CLI_DB_READ, check_stats},
	{"project", CW_O_DB | CW_O_OUT | CW_O_SINCE | CW_O_UNTIL,
	 1u << X_MONTH | 1u << X_QUARTER | 1u << X_HALF | 1u << X_YEAR |
	 1u << X_CONTRACT | 1u << X_MIDTERM, 1, 1, run_project, CLI_DB_READ,
	 check_project},
	{"case", CW_O_DB | CW_O_OUT | CW_O_USER, 0, 1, 1, run_case, CLI_DB_READ, check_case},
	{"ledger", CW_O_DB | CW_O_OUT | CW_O_USER | CW_O_WORKER | CW_O_SINCE | CW_O_UNTIL,
	 1u << X_MONTH | 1u << X_QUARTER | 1u << X_HALF | 1u << X_YEAR |
	 1u << X_PSEUDONYMISE, 1, 1, run_ledger, CLI_DB_READ, check_ledger},
};

static const cw_command command = {
	synopsis, options, footer, verbs, sizeof verbs / sizeof verbs[0],
	extra, sizeof extra / sizeof extra[0], 1
};

int main(int argc, char **argv)
{
	return cli_main(argc, argv, &command);
}
