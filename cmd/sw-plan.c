/* sw-plan - service plans, progress, contacts, group work, closure, due. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "casework.h"

static const char usage[] =
	"usage: sw-plan goals [--dry-run] [--keep-going [--rejects FILE]] [FILE...]\n"
	"       sw-plan tasks [--dry-run] [--keep-going [--rejects FILE]] [FILE...]\n"
	"       sw-plan progress [--dry-run] [--keep-going [--rejects FILE]] [FILE...]\n"
	"       sw-plan contacts [--dry-run] [--keep-going [--rejects FILE]] [FILE...]\n"
	"       sw-plan sessions [--dry-run] [--keep-going [--rejects FILE]] [FILE...]\n"
	"       sw-plan review [--dry-run] [--keep-going [--rejects FILE]] [FILE...]\n"
	"       sw-plan close [--dry-run] [--keep-going [--rejects FILE]] [FILE...]\n"
	"       sw-plan reopen [--dry-run] [--keep-going [--rejects FILE]] [FILE...]\n"
	"       sw-plan followups [--dry-run] [--keep-going [--rejects FILE]] [FILE...]\n"
	"       sw-plan show CASE_ID [--revision N]\n"
	"       sw-plan revisions CASE_ID\n"
	"       sw-plan compare CASE_ID FROM TO\n"
	"       sw-plan due [--within DURATION] [--worker NAME] [--ics FILE]\n"
	"\n"
	"Verbs (the batch verbs read CSV, JSON Lines or JSON records):\n"
	"  goals      add goals to case plans, or change them (goal_id)\n"
	"  tasks      add tasks under goals, or change them (task_id)\n"
	"  progress   record goals' measured values and status\n"
	"  contacts   record contacts: interview, home visit, phone, ...\n"
	"  sessions   record group sessions and their attendance\n"
	"  review     record plan reviews; each sets the next review date\n"
	"  close      close cases with a reason and each goal's outcome\n"
	"  reopen     reopen closed cases\n"
	"  followups  mark follow-ups done (crisis, re-assessment, after closure)\n"
	"  show       a case's plan, now or as of a revision\n"
	"  revisions  a case's plan revisions\n"
	"  compare    what changed between two revisions\n"
	"  due        what is due or overdue: today, or up to the end of a window\n"
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
	"  --worker NAME         due: only cases assigned to NAME\n"
	"Options of sw-plan:\n"
	"  --revision N          show: the plan as of revision N\n"
	"  --within DURATION     due: today through today + DURATION (Nd, Nw, Nm,\n"
	"                        Ny), inclusive; default today only\n"
	"  --ics FILE            due: also write the items as an iCalendar file\n"
	"  --help, --version\n"
	"\n"
	"Exit status: 0 done, 1 nothing selected (due: nothing due), 2 usage,\n"
	"3 bad data, 4 database error, 5 input/output error.\n";

enum { X_REVISION, X_WITHIN, X_ICS };
static const cw_optdef extra[] = {
	[X_REVISION] = {"revision", 1, 0, 0},
	[X_WITHIN] = {"within", 1, 0, 0},
	[X_ICS] = {"ics", 1, 0, 1},
};

static const cw_verbdef verbs[] = {
	{"goals", CW_O_BATCH, 0, 0, -1},
	{"tasks", CW_O_BATCH, 0, 0, -1},
	{"progress", CW_O_BATCH, 0, 0, -1},
	{"contacts", CW_O_BATCH, 0, 0, -1},
	{"sessions", CW_O_BATCH, 0, 0, -1},
	{"review", CW_O_BATCH, 0, 0, -1},
	{"close", CW_O_BATCH, 0, 0, -1},
	{"reopen", CW_O_BATCH, 0, 0, -1},
	{"followups", CW_O_BATCH, 0, 0, -1},
	{"show", CW_O_DB | CW_O_OUT, 1u << X_REVISION, 1, 1},
	{"revisions", CW_O_DB | CW_O_OUT, 0, 1, 1},
	{"compare", CW_O_DB | CW_O_OUT, 0, 3, 3},
	{"due", CW_O_DB | CW_O_OUT | CW_O_WORKER, 1u << X_WITHIN | 1u << X_ICS, 0, 0},
};

typedef int (*batch_verb)(const cw_batch_opts *, const char *, const cw_config *,
			  char **, size_t);
static const struct {
	const char *name;
	batch_verb fn;
} batch_verbs[] = {
	{"goals", cw_plan_goals}, {"tasks", cw_plan_tasks},
	{"progress", cw_plan_progress}, {"contacts", cw_plan_contacts},
	{"sessions", cw_plan_sessions}, {"review", cw_plan_reviews},
	{"close", cw_plan_close}, {"reopen", cw_plan_reopen},
	{"followups", cw_plan_followups},
};

/* A revision number: a whole number from 1. */
static int parse_revision(const char *s, int *out)
{
	char *end;
	long n = strtol(s, &end, 10);
	if (!*s || *end || *s == '-' || *s == '+' || n < 1 || n > 1000000)
		return -1;
	*out = (int)n;
	return 0;
}

static int run(const cw_cli *c, const cw_config *cfg)
{
	const char *verb = c->verb->name, *why;
	size_t i;
	int r1 = 0, r2 = 0;

	for (i = 0; i < sizeof batch_verbs / sizeof batch_verbs[0]; i++)
		if (!strcmp(verb, batch_verbs[i].name)) {
			cw_batch_opts o = {
				.verb = verb, .actor = c->user, .in_fmt = c->in_fmt,
				.out_fmt = c->out_fmt, .encoding = c->encoding,
				.dry_run = c->dry_run, .keep_going = c->keep_going,
				.rejects = c->rejects,
			};
			return batch_verbs[i].fn(&o, c->db_path, cfg, c->args, c->nargs);
		}
	if (!strcmp(verb, "show")) {
		if (c->extra[X_REVISION] && parse_revision(c->extra[X_REVISION], &r1))
			return cw_usage_error("option '--revision': a revision number (1, 2, ...)");
		return cw_plan_show(c->db_path, cfg, c->args[0], r1, c->out_fmt);
	}
	if (!strcmp(verb, "revisions"))
		return cw_plan_revisions(c->db_path, cfg, c->args[0], c->out_fmt);
	if (!strcmp(verb, "compare")) {
		if (parse_revision(c->args[1], &r1) || parse_revision(c->args[2], &r2))
			return cw_usage_error("'compare' needs two revision numbers (1, 2, ...)");
		return cw_plan_compare(c->db_path, cfg, c->args[0], r1, r2, c->out_fmt);
	}
	{
		cw_due_query q = {0};
		cw_duration d = {0, 'd'};
		q.today = cw_date_today();
		if (c->extra[X_WITHIN] && cw_duration_parse(c->extra[X_WITHIN], &d, &why))
			return cw_usage_error("option '--within': %s", why);
		if (cw_date_add(q.today, d, &q.until))
			return cw_usage_error("option '--within': the window "
					      "ends after the year 9999");
		q.worker = c->worker;
		q.ics = c->extra[X_ICS];
		return cw_plan_due(c->db_path, cfg, &q, c->out_fmt);
	}
}

int main(int argc, char **argv)
{
	return cw_main(argc, argv, usage, verbs, sizeof verbs / sizeof verbs[0],
		       extra, sizeof extra / sizeof extra[0], run);
}
