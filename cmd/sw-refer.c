/* sw-refer - the resource directory and referrals with follow-up. */
#include <stdio.h>
#include <string.h>
#include "casework.h"

static const char usage[] =
	"usage: sw-refer import [--category CATEGORY] [--dry-run] DIR|FILE...\n"
	"       sw-refer services [--category CATEGORY] [--keyword WORD] [--area AREA]\n"
	"       sw-refer match CASE_ID\n"
	"       sw-refer add [--dry-run] [--keep-going [--rejects FILE]] [FILE...]\n"
	"       sw-refer status [--dry-run] [--keep-going [--rejects FILE]] [FILE...]\n"
	"       sw-refer feedback [--dry-run] [--keep-going [--rejects FILE]] [FILE...]\n"
	"       sw-refer list [--status STATE] [--case CASE_ID] [--service SERVICE_ID]\n"
	"                     [--worker NAME] [--overdue]\n"
	"\n"
	"Verbs:\n"
	"  import    import an Open Referral HSDS directory (CSV tables, 1.x or 3.0)\n"
	"  services  search the directory by category, keyword and area\n"
	"  match     services for the needs a case's assessments found\n"
	"  add       draft referrals (case_id, service_id or provider, reason, urgency)\n"
	"  status    move referrals on: sent, accepted, declined, completed,\n"
	"            cancelled, revoked, or back to draft (reopen); one accepted\n"
	"            without an expected_date is expected 30 days later\n"
	"  feedback  record a provider's feedback (outcome, note, date)\n"
	"  list      list referrals\n"
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
	"  --status STATE        list: referrals in this state\n"
	"  --worker NAME         list: referrals of cases assigned to NAME\n"
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
	"  --help, --version\n"
	"\n"
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
 * tables: no -i, --keep-going or --rejects. */
#define IMPORT_OPTS (CW_O_DB | CW_O_USER | CW_O_OUT | CW_O_ENCODING | CW_O_DRYRUN)
static const cw_verbdef verbs[] = {
	{"import", IMPORT_OPTS, 1u << X_CATEGORY, 1, -1},
	{"services", CW_O_DB | CW_O_OUT, 1u << X_CATEGORY | 1u << X_KEYWORD |
	 1u << X_AREA, 0, 0},
	{"match", CW_O_DB | CW_O_OUT, 0, 1, 1},
	{"add", CW_O_BATCH, 0, 0, -1},
	{"status", CW_O_BATCH, 0, 0, -1},
	{"feedback", CW_O_BATCH, 0, 0, -1},
	{"list", CW_O_DB | CW_O_OUT | CW_O_STATUS | CW_O_WORKER,
	 1u << X_CASE | 1u << X_SERVICE | 1u << X_OVERDUE, 0, 0},
};

static int run(const cw_cli *c, const cw_config *cfg)
{
	const char *verb = c->verb->name;
	cw_batch_opts o = {
		.verb = verb, .actor = c->user, .in_fmt = c->in_fmt,
		.out_fmt = c->out_fmt, .encoding = c->encoding,
		.dry_run = c->dry_run, .keep_going = c->keep_going,
		.rejects = c->rejects,
	};

	if (!strcmp(verb, "import"))
		return cw_refer_import(&o, c->extra[X_CATEGORY], c->db_path, cfg,
				       c->args, c->nargs);
	if (!strcmp(verb, "services")) {
		cw_service_query q = {
			.category = c->extra[X_CATEGORY],
			.keyword = c->extra[X_KEYWORD], .area = c->extra[X_AREA],
		};
		return cw_refer_services(c->db_path, cfg, &q, c->out_fmt);
	}
	if (!strcmp(verb, "match"))
		return cw_refer_match(c->db_path, cfg, c->args[0], c->out_fmt);
	if (!strcmp(verb, "add"))
		return cw_refer_add(&o, c->db_path, cfg, c->args, c->nargs);
	if (!strcmp(verb, "status"))
		return cw_refer_status(&o, c->db_path, cfg, c->args, c->nargs);
	if (!strcmp(verb, "feedback"))
		return cw_refer_feedback(&o, c->db_path, cfg, c->args, c->nargs);
	{
		cw_referral_query q = {
			.state = c->status, .case_id = c->extra[X_CASE],
			.service_id = c->extra[X_SERVICE], .worker = c->worker,
			.overdue = c->extra[X_OVERDUE] != NULL,
			.today = cw_date_today(),
		};
		return cw_refer_list(c->db_path, cfg, &q, c->out_fmt);
	}
}

int main(int argc, char **argv)
{
	return cw_main(argc, argv, usage, verbs, sizeof verbs / sizeof verbs[0],
		       extra, sizeof extra / sizeof extra[0], run);
}
