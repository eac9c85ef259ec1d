/* sw-refer - the resource directory and referrals with follow-up. */
#include <stdio.h>
#include <string.h>
#include "verbs.h"

static const char synopsis[] =
	"usage: sw-refer import [--category CATEGORY] [--dry-run] DIR|FILE...\n"
	"       sw-refer services [--category CATEGORY] [--keyword WORD] [--area AREA]\n"
	"       sw-refer match CASE_ID\n"
	"       sw-refer add [--dry-run] [--keep-going [--rejects FILE]] [FILE...]\n"
	"       sw-refer status [--dry-run] [--keep-going [--rejects FILE]] [FILE...]\n"
	"       sw-refer feedback [--dry-run] [--keep-going [--rejects FILE]] [FILE...]\n"
	"       sw-refer list [--status STATE] [--case CASE_ID] [--service SERVICE_ID]\n"
	"                     [--worker NAME] [--overdue]\n"
	"\n"
	"Verbs (add, status and feedback read CSV, JSON Lines, JSON or .xlsx workbooks):\n"
	"  import    import an Open Referral HSDS directory (CSV tables, 1.x or 3.0)\n"
	"  services  search the directory by category, keyword and area\n"
	"  match     services for the needs a case's assessments found\n"
	"  add       draft referrals (case_id, service_id or provider, reason, urgency)\n"
	"  status    move referrals on: sent, accepted, declined, completed,\n"
	"            cancelled, revoked, or back to draft (reopen); one accepted\n"
	"            without an expected_date is expected 30 days later\n"
	"  feedback  record a provider's feedback (outcome, note, date)\n"
	"  list      list referrals\n";

static const char options[] =
	"Options of sw-refer:\n"
	"  --category CATEGORY   import: the category of services the taxonomy does\n"
	"                        not place; services: this category only\n"
	"  --keyword WORD        services: in the name, description, eligibility\n"
	"                        or organisation\n"
	"  --area AREA           services: in an address (street, city, region,\n"
	"                        province, postal code)\n"
	"  --case CASE_ID        list: this case's referrals\n"
	"  --service SERVICE_ID  list: referrals to this service\n"
	"  --overdue             list: only referrals past their follow-up date\n"
	"  --status STATE        list: referrals in this state\n"
	"  --worker NAME         list: referrals of cases assigned to NAME\n";

static const char footer[] =
	"Exit status: 0 done, 1 nothing selected, 2 usage, 3 bad data,\n"
	"4 database error, 5 input/output error.\n";

enum { X_CATEGORY, X_KEYWORD, X_AREA, X_CASE, X_SERVICE, X_OVERDUE };
static const cw_optdef extra[] = {
	[X_CATEGORY] = {"category", 1, 0, 0},
	[X_KEYWORD] = {"keyword", 1, 0, 0},
	[X_AREA] = {"area", 1, 0, 0},
	[X_CASE] = {"case", 1, 0, 0},
	[X_SERVICE] = {"service", 1, 0, 0},
	[X_OVERDUE] = {"overdue", 0, 0, 0},
};

/* import: one batch, all or nothing, of CSV files named for their
 * tables: no -i, --keep-going or --rejects. A dry run works on a copy of
 * the database it makes itself. */
#define IMPORT_OPTS (CW_O_DB | CW_O_USER | CW_O_OUT | CW_O_ENCODING | CW_O_DRYRUN)
static int check_import(const cw_cli *c, const cw_ctx *x, enum cli_db *db)
{
	(void)x;
	if (c->dry_run)
		*db = CLI_DB_NONE;
	return refer_import_check(c->extra[X_CATEGORY], c->args, c->nargs);
}

static int run_import(const cw_cli *c, const cw_ctx *x)
{
	cw_batch_opts o = cli_batch_opts(c);
	return refer_import(x, &o, c->extra[X_CATEGORY], c->args, c->nargs);
}

static cw_service_query services_query(const cw_cli *c)
{
	cw_service_query q = {
		.category = c->extra[X_CATEGORY],
		.keyword = c->extra[X_KEYWORD], .area = c->extra[X_AREA],
	};
	return q;
}

static int check_services(const cw_cli *c, const cw_ctx *x, enum cli_db *db)
{
	(void)x;
	cw_service_query q = services_query(c);
	(void)db;
	return refer_services_check(&q);
}

static int run_services(const cw_cli *c, const cw_ctx *x)
{
	cw_service_query q = services_query(c);
	return refer_services(x, &q, c->out_fmt);
}

static int check_match(const cw_cli *c, const cw_ctx *x, enum cli_db *db)
{
	(void)x;
	(void)db;
	return refer_match_check(c->args[0]);
}

static int run_match(const cw_cli *c, const cw_ctx *x)
{
	return refer_match(x, c->args[0], c->out_fmt);
}

CLI_BATCH_VERB(run_add, refer_add)
CLI_BATCH_VERB(run_status, refer_status)
CLI_BATCH_VERB(run_feedback, refer_feedback)

static cw_referral_query list_query(const cw_cli *c)
{
	cw_referral_query q = {
		.state = c->status, .case_id = c->extra[X_CASE],
		.service_id = c->extra[X_SERVICE], .worker = c->worker,
		.overdue = c->extra[X_OVERDUE] != NULL,
	};
	return q;
}

/* --status and the ids' form are checked before the database. */
static int check_list(const cw_cli *c, const cw_ctx *x, enum cli_db *db)
{
	(void)x;
	cw_referral_query q = list_query(c);
	(void)db;
	return refer_list_check(&q);
}

static int run_list(const cw_cli *c, const cw_ctx *x)
{
	cw_referral_query q = list_query(c);
	return refer_list(x, &q, c->out_fmt);
}

static const cw_verbdef verbs[] = {
	{"import", IMPORT_OPTS, 1u << X_CATEGORY, 1, -1, run_import, CLI_DB_WRITE,
	 check_import},
	{"services", CW_O_DB | CW_O_OUT, 1u << X_CATEGORY | 1u << X_KEYWORD |
	 1u << X_AREA, 0, 0, run_services, CLI_DB_READ, check_services},
	{"match", CW_O_DB | CW_O_OUT, 0, 1, 1, run_match, CLI_DB_READ, check_match},
	{"add", CW_O_BATCH, 0, 0, -1, run_add, CLI_DB_CHANGE, NULL},
	{"status", CW_O_BATCH, 0, 0, -1, run_status, CLI_DB_CHANGE, NULL},
	{"feedback", CW_O_BATCH, 0, 0, -1, run_feedback, CLI_DB_CHANGE, NULL},
	{"list", CW_O_DB | CW_O_OUT | CW_O_STATUS | CW_O_WORKER,
	 1u << X_CASE | 1u << X_SERVICE | 1u << X_OVERDUE, 0, 0, run_list,
	 CLI_DB_READ, check_list},
};

static const cw_command command = {
	synopsis, options, footer, verbs, sizeof verbs / sizeof verbs[0],
	extra, sizeof extra / sizeof extra[0], 0
};

int main(int argc, char **argv)
{
	return cli_main(argc, argv, &command);
}
