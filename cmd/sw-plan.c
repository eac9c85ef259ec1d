/* sw-plan - service plans, progress, contacts, group work, closure, due. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "verbs.h"

static const char synopsis[] =
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
	"Verbs (the batch verbs read CSV, JSON Lines, JSON or .xlsx workbooks):\n"
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
	"  due        what is due or overdue: today, or up to the end of a window\n";

static const char options[] =
	"Options of sw-plan:\n"
	"  --revision N          show: the plan as of revision N\n"
	"  --within DURATION     due: today through today + DURATION (Nd, Nw, Nm,\n"
	"                        Ny), inclusive; default today only\n"
	"  --ics FILE            due: also write the items as an iCalendar file\n"
	"  --worker NAME         due: only cases assigned to NAME\n";

static const char footer[] =
	"Exit status: 0 done, 1 nothing selected (due: nothing due), 2 usage,\n"
	"3 bad data, 4 database error, 5 input/output error.\n";

enum { X_REVISION, X_WITHIN, X_ICS };
static const cw_optdef extra[] = {
	[X_REVISION] = {"revision", 1, 0, 0},
	[X_WITHIN] = {"within", 1, 0, 0},
	[X_ICS] = {"ics", 1, 0, 1},
};

/* A revision number: a whole number from 1. */
static int parse_revision(const char *s, int *out)
{
	long n;
	if (cw_parse_long(s, 1, 1000000, &n))
		return -1;
	*out = (int)n;
	return 0;
}

/* A batch of records that name stored cases (goals, tasks, progress,
 * contacts, sessions, review, close, reopen, followups): a database that
 * does not exist is refused, never created (CLI_DB_CHANGE), but a dry run
 * then checks the records' form without one. */
static int check_stored(const cw_cli *c, const cw_ctx *x, enum cli_db *db)
{
	(void)x;
	if (c->dry_run && !cw_db_exists(c->db_path))
		*db = CLI_DB_NONE;
	return 0;
}

CLI_BATCH_VERB(run_goals, plan_goals)
CLI_BATCH_VERB(run_tasks, plan_tasks)
CLI_BATCH_VERB(run_progress, plan_progress)
CLI_BATCH_VERB(run_contacts, plan_contacts)
CLI_BATCH_VERB(run_sessions, plan_sessions)
CLI_BATCH_VERB(run_review, plan_reviews)
CLI_BATCH_VERB(run_close, plan_close)
CLI_BATCH_VERB(run_reopen, plan_reopen)
CLI_BATCH_VERB(run_followups, plan_followups)

/* show's --revision into *r (0 when not given). */
static int show_revision(const cw_cli *c, int *r)
{
	*r = 0;
	if (c->extra[X_REVISION] && parse_revision(c->extra[X_REVISION], r))
		return cw_usage_error("option '--revision': a revision number (1, 2, ...)");
	return 0;
}

/* compare's two revisions. */
static int compare_revisions(const cw_cli *c, int *r1, int *r2)
{
	if (parse_revision(c->args[1], r1) || parse_revision(c->args[2], r2))
		return cw_usage_error("'compare' needs two revision numbers (1, 2, ...)");
	return 0;
}

/* The end of due's window, from today and --within. */
static int due_until(const cw_cli *c, cw_date today, cw_date *until)
{
	cw_duration d = {0, 'd'};
	const char *why;

	if (c->extra[X_WITHIN] && cw_duration_parse(c->extra[X_WITHIN], &d, &why))
		return cw_usage_error("option '--within': %s", why);
	if (cw_date_add(today, d, until))
		return cw_usage_error("option '--within': the window "
				      "ends after the year 9999");
	return 0;
}

/* Before the database: the options, then the case's id. */
static int check_show(const cw_cli *c, const cw_ctx *x, enum cli_db *db)
{
	(void)x;
	int r, rc = show_revision(c, &r);
	(void)db;
	return rc ? rc : plan_case_arg(c->args[0], NULL);
}

static int check_revisions(const cw_cli *c, const cw_ctx *x, enum cli_db *db)
{
	(void)x;
	(void)db;
	return plan_case_arg(c->args[0], NULL);
}

static int check_compare(const cw_cli *c, const cw_ctx *x, enum cli_db *db)
{
	(void)x;
	int r1 = 0, r2 = 0, rc = compare_revisions(c, &r1, &r2);
	(void)db;
	return rc ? rc : plan_case_arg(c->args[0], NULL);
}

/* The window, from the run's today (the verb computes it again). */
static int check_due(const cw_cli *c, const cw_ctx *x, enum cli_db *db)
{
	cw_date until;
	(void)db;
	return due_until(c, x->today, &until);
}

static int run_show(const cw_cli *c, const cw_ctx *x)
{
	int r, rc = show_revision(c, &r);
	return rc ? rc : plan_show(x, c->args[0], r, c->out_fmt);
}

static int run_revisions(const cw_cli *c, const cw_ctx *x)
{
	return plan_revisions(x, c->args[0], c->out_fmt);
}

static int run_compare(const cw_cli *c, const cw_ctx *x)
{
	int r1 = 0, r2 = 0, rc = compare_revisions(c, &r1, &r2);
	return rc ? rc : plan_compare(x, c->args[0], r1, r2, c->out_fmt);
}

static int run_due(const cw_cli *c, const cw_ctx *x)
{
	cw_due_query q = {0};
	int rc = due_until(c, x->today, &q.until);

	if (rc)
		return rc;
	q.worker = c->worker;
	q.ics = c->extra[X_ICS];
	return plan_due(x, &q, c->out_fmt);
}

static const cw_verbdef verbs[] = {
	{"goals", CW_O_BATCH, 0, 0, -1, run_goals, CLI_DB_CHANGE, check_stored},
	{"tasks", CW_O_BATCH, 0, 0, -1, run_tasks, CLI_DB_CHANGE, check_stored},
	{"progress", CW_O_BATCH, 0, 0, -1, run_progress, CLI_DB_CHANGE, check_stored},
	{"contacts", CW_O_BATCH, 0, 0, -1, run_contacts, CLI_DB_CHANGE, check_stored},
	{"sessions", CW_O_BATCH, 0, 0, -1, run_sessions, CLI_DB_CHANGE, check_stored},
	{"review", CW_O_BATCH, 0, 0, -1, run_review, CLI_DB_CHANGE, check_stored},
	{"close", CW_O_BATCH, 0, 0, -1, run_close, CLI_DB_CHANGE, check_stored},
	{"reopen", CW_O_BATCH, 0, 0, -1, run_reopen, CLI_DB_CHANGE, check_stored},
	{"followups", CW_O_BATCH, 0, 0, -1, run_followups, CLI_DB_CHANGE, check_stored},
	{"show", CW_O_DB | CW_O_OUT, 1u << X_REVISION, 1, 1, run_show, CLI_DB_READ,
	 check_show},
	{"revisions", CW_O_DB | CW_O_OUT, 0, 1, 1, run_revisions, CLI_DB_READ,
	 check_revisions},
	{"compare", CW_O_DB | CW_O_OUT, 0, 3, 3, run_compare, CLI_DB_READ,
	 check_compare},
	{"due", CW_O_DB | CW_O_OUT | CW_O_WORKER, 1u << X_WITHIN | 1u << X_ICS, 0, 0,
	 run_due, CLI_DB_READ, check_due},
};

static const cw_command command = {
	synopsis, options, footer, verbs, sizeof verbs / sizeof verbs[0],
	extra, sizeof extra / sizeof extra[0], 0
};

int main(int argc, char **argv)
{
	return cli_main(argc, argv, &command);
}
