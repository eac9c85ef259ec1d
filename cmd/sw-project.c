/* sw-project - projects bought by a purchaser of services, and the
 * indicator targets their contract sets. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "verbs.h"

static const char synopsis[] =
	"usage: sw-project add [--dry-run] [--keep-going [--rejects FILE]] [FILE...]\n"
	"       sw-project targets [--dry-run] [--keep-going [--rejects FILE]] [FILE...]\n"
	"       sw-project activities [--dry-run] [--keep-going [--rejects FILE]] [FILE...]\n"
	"       sw-project programmes [--dry-run] [--keep-going [--rejects FILE]] [FILE...]\n"
	"       sw-project volunteers [--dry-run] [--keep-going [--rejects FILE]] [FILE...]\n"
	"       sw-project trainings [--dry-run] [--keep-going [--rejects FILE]] [FILE...]\n"
	"       sw-project list\n"
	"       sw-project roster\n"
	"       sw-project show PROJECT\n"
	"\n"
	"Verbs (the batch verbs read CSV, JSON Lines, JSON or .xlsx workbooks):\n"
	"  add        add projects: code (never of an id's form), name, funder,\n"
	"             contract, target population; one read back unchanged is\n"
	"             skipped, a changed one refused (projects never change)\n"
	"  targets    set projects' indicator targets, for the contract or a\n"
	"             month (YYYY-MM) or quarter (YYYYQn); a target read back\n"
	"             unchanged is skipped, a changed one refused\n"
	"  activities record community activities: date, title, kind, place,\n"
	"             minutes, workers, head-count, named participants, the\n"
	"             cases who took part (each gets a contact of kind\n"
	"             community) and volunteers' hours (NAME=HOURS); one\n"
	"             read back unchanged is skipped, a changed one refused\n"
	"  programmes record group programmes (小组): title, aims, members,\n"
	"             stage (筹备期 ... 结束期); move a stored one's stage on,\n"
	"             never back; members printed in the order of their ids\n"
	"  volunteers add volunteers to the roster: name, phone, joined\n"
	"  trainings  record volunteers' trainings (1 minute or more) and who\n"
	"             attended; volunteers and trainings read back as activities\n"
	"  list       the projects\n"
	"  roster     the volunteers, with their hours and trainings\n"
	"  show       a project (its code or PJ-n) and its targets, or a group\n"
	"             programme (GP-n) with its sessions, its members and any\n"
	"             non-member who attended\n";

static const char footer[] =
	"Exit status: 0 done, 1 nothing selected, 2 usage, 3 bad data,\n"
	"4 database error, 5 input/output error.\n";

/* targets, activities and trainings name stored records (projects,
 * cases, workers, volunteers): a database that does not exist is
 * refused, never created, but a dry run then checks the records' form
 * without one. */
static int check_stored(const cw_cli *c, const cw_ctx *x, enum cli_db *db)
{
	(void)x;
	if (c->dry_run && !cw_db_exists(c->db_path))
		*db = CLI_DB_NONE;
	return 0;
}

static int check_show(const cw_cli *c, const cw_ctx *x, enum cli_db *db)
{
	(void)x;
	(void)db;
	return project_show_check(c->args[0]);
}

CLI_BATCH_VERB(run_add, project_add)
CLI_BATCH_VERB(run_targets, project_targets)
CLI_BATCH_VERB(run_activities, project_activities)
CLI_BATCH_VERB(run_programmes, project_programmes)
CLI_BATCH_VERB(run_volunteers, project_volunteers)
CLI_BATCH_VERB(run_trainings, project_trainings)

static int run_list(const cw_cli *c, const cw_ctx *x)
{
	return project_list(x, c->out_fmt);
}

static int run_roster(const cw_cli *c, const cw_ctx *x)
{
	return project_roster(x, c->out_fmt);
}

static int run_show(const cw_cli *c, const cw_ctx *x)
{
	return project_show(x, c->args[0], c->out_fmt);
}

static const cw_verbdef verbs[] = {
	{"add", CW_O_BATCH, 0, 0, -1, run_add, CLI_DB_ADD, NULL},
	{"targets", CW_O_BATCH, 0, 0, -1, run_targets, CLI_DB_CHANGE, check_stored},
	{"activities", CW_O_BATCH, 0, 0, -1, run_activities, CLI_DB_CHANGE,
	 check_stored},
	{"programmes", CW_O_BATCH, 0, 0, -1, run_programmes, CLI_DB_CHANGE,
	 check_stored},
	{"volunteers", CW_O_BATCH, 0, 0, -1, run_volunteers, CLI_DB_ADD, NULL},
	{"trainings", CW_O_BATCH, 0, 0, -1, run_trainings, CLI_DB_CHANGE,
	 check_stored},
	{"list", CW_O_DB | CW_O_OUT, 0, 0, 0, run_list, CLI_DB_READ, NULL},
	{"roster", CW_O_DB | CW_O_OUT, 0, 0, 0, run_roster, CLI_DB_READ, NULL},
	{"show", CW_O_DB | CW_O_OUT, 0, 1, 1, run_show, CLI_DB_READ, check_show},
};

static const cw_command command = {
	synopsis, "", footer, verbs, sizeof verbs / sizeof verbs[0], NULL, 0, 0
};

int main(int argc, char **argv)
{
	return cli_main(argc, argv, &command);
}
