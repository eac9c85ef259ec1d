/*
 * verbs.h - the verbs the sw-* commands run and the command line they
 * share: what cmd/ calls. Not installed: a program linking libcasework
 * uses casework.h alone, and the shared library exports none of these
 * (lib/libcasework.map). Ownership as in casework.h.
 */
#ifndef CW_VERBS_H
#define CW_VERBS_H

#include <time.h>
#include "casework.h"

/* ---- cli/cli.c: the options every command shares ------------------------ */

/* The common options, as bits for a verb's list of what it takes. */
enum cw_common_opt {
	CW_O_DB = 1 << 0, CW_O_USER = 1 << 1, CW_O_IN = 1 << 2,
	CW_O_OUT = 1 << 3, CW_O_ENCODING = 1 << 4, CW_O_DRYRUN = 1 << 5,
	CW_O_KEEPGOING = 1 << 6, CW_O_REJECTS = 1 << 7, CW_O_WORKER = 1 << 8,
	CW_O_STATUS = 1 << 9, CW_O_SINCE = 1 << 10, CW_O_UNTIL = 1 << 11,
	CW_O_EXCEL = 1 << 12   /* --excel: every verb that takes -o takes it */
};
#define CW_O_BATCH (CW_O_DB | CW_O_USER | CW_O_IN | CW_O_OUT | CW_O_ENCODING \
		    | CW_O_DRYRUN | CW_O_KEEPGOING | CW_O_REJECTS)
#define CW_O_QUERY (CW_O_DB | CW_O_OUT | CW_O_WORKER | CW_O_STATUS \
		    | CW_O_SINCE | CW_O_UNTIL)
/* Not an option: among a batch verb's bits, its first argument names
 * what its files are read for (sw-assess score NAME [FILE...]) and is
 * not one of the inputs checked before the database is opened. */
#define CW_O_NAME_FIRST (1u << 16)

/* A command's own option: --name (with an argument when has_arg). */
typedef struct cw_optdef {
	const char *name;   /* long name without the dashes */
	int has_arg;        /* 1 when it takes a value */
	int repeatable;     /* 1: given again, the values are joined with a
			       comma; 0: given again is a usage error */
	int writes;         /* 1: its value names a file the command writes,
			       which must not be one it reads (io/outpath.c) */
} cw_optdef;

/* What a verb acts with, set up by the command layer (cli_main) before
 * the verb runs: the verb opens nothing and asks no clock itself. */
typedef struct cw_ctx {
	cw_db *db;               /* the database, opened as the verb's row
				    says (enum cli_db); NULL for CLI_DB_NONE,
				    or a dry run of CLI_DB_ADD without one */
	const char *db_path;     /* what --db named, for messages */
	const cw_config *cfg;    /* the configuration found for it */
	const char *user;        /* who acts (--user, $CASEWORK_USER, login) */
	FILE *out;               /* where the records go (standard output) */
	time_t now;              /* when the command started */
	cw_date today;           /* its local date (TZ): "today" for every
				    record of the run */
} cw_ctx;

/* How a verb needs the database (its row's db), which cli_main opens
 * before the verb runs. */
enum cli_db {
	CLI_DB_NONE,    /* none */
	CLI_DB_READ,    /* an existing database, read only */
	CLI_DB_WRITE,   /* written, created when missing */
	CLI_DB_CHANGE,  /* an existing database, written (read only in a
			   dry run) */
	CLI_DB_ADD,     /* written, created when missing; a dry run reads
			   it when it exists and runs without one when not */
	CLI_DB_ADMIN    /* sw-admin's: a file created or upgraded, a
			   server's database with its schema unchecked */
};

struct cw_cli;
/* What a verb does once its command line and configuration are read and
 * its database is open: returns the exit code. */
typedef int (*cw_run_fn)(const struct cw_cli *c, const cw_ctx *x);
/* What a verb checks of its command line before its database is opened
 * (an argument's form, an instrument's name, the pseudonym key): 0, or an
 * exit code after a message. x is the context without its database
 * (x->db is NULL). *db is the need its row states; the check changes it
 * when the need depends on the options (a listing reads, the same verb
 * adding writes). */
typedef int (*cw_check_fn)(const struct cw_cli *c, const cw_ctx *x,
			   enum cli_db *db);

/* A verb: the options it takes, its arguments, the database it needs and
 * the function that does its work. A verb that takes files to read as a
 * batch (CW_O_DRYRUN among its options) has them checked
 * (cw_batch_check_inputs) before its database is opened. */
typedef struct cw_verbdef {
	const char *name;     /* the verb */
	unsigned common;      /* enum cw_common_opt bits it accepts */
	unsigned extra;       /* bit i: it accepts the command's option i */
	int min_args;         /* positional arguments at least */
	int max_args;         /* at most; -1 for any number */
	cw_run_fn run;        /* what it does */
	enum cli_db db;       /* the database it needs */
	cw_check_fn check;    /* NULL, or its checks before the database */
} cw_verbdef;

/* A command: its verbs, its own options and the parts of its --help that
 * are its own. The help of the common options its verbs take is written
 * between them by cli.c, the same for every command. */
typedef struct cw_command {
	const char *synopsis;   /* the "usage:" lines and the list of verbs */
	const char *options;    /* its own options ("Options of sw-x:" ...) */
	const char *footer;     /* what follows (the exit status) */
	const cw_verbdef *verbs;
	size_t nverbs;
	const cw_optdef *extra; /* its own options, by index */
	size_t nextra;
	int html;               /* 1: -o html is one of its output formats */
} cw_command;

/* What the command line said, after the defaults were applied. */
typedef struct cw_cli {
	const cw_verbdef *verb;   /* the verb given (never NULL after parse) */
	char **args;              /* positional arguments, not owned */
	size_t nargs;             /* how many */
	char *db_path;            /* --db, $CASEWORK_DB or the default, owned */
	char *user;               /* --user, $CASEWORK_USER or login, owned */
	int user_given;           /* by --user or $CASEWORK_USER */
	enum cw_format in_fmt;    /* -i, or CW_FMT_AUTO */
	enum cw_format out_fmt;   /* -o, or table on a terminal, else jsonl;
				     CW_FMT_EXCEL with --excel */
	const char *encoding;     /* --encoding, or NULL for UTF-8 */
	int dry_run;              /* --dry-run */
	int keep_going;           /* --keep-going */
	const char *rejects;      /* --rejects FILE, or NULL */
	const char *worker;       /* --worker, or NULL */
	const char *status;       /* --status, or NULL */
	int has_since, has_until; /* whether --since / --until were given */
	cw_date since, until;     /* their dates */
	const char **extra;       /* the command's options: value, "" for a
				     flag given, NULL when absent; the values
				     of a repeatable option joined with
				     commas; owned array */
	char **joined;            /* joined values, owned, for release */
	size_t njoined;
	int out_given;            /* -o was given */
	int html;                 /* -o html (the command takes it); out_fmt
				     is then jsonl */
} cw_cli;

/* Parses argv for the command cmd. Handles --help (prints the usage to
 * stdout) and --version itself and returns -1 then: the caller exits 0.
 * A usage error prints the message and a hint on stderr and returns
 * CW_EXIT_USAGE. Returns 0 when the command should run. */
int cli_parse(cw_cli *c, int argc, char **argv, const cw_command *cmd);
void cli_release(cw_cli *c);
/* Prints the command's whole --help to fp: its synopsis, the common
 * options its verbs take, its own options and its footer. */
void cli_usage(const cw_command *cmd, FILE *fp);
/* The options of a batch for the verb c names: what the common options
 * said (verb, user, formats, encoding, dry run, keep going, rejects). */
cw_batch_opts cli_batch_opts(const cw_cli *c);
/* Defines fn, a verb's run function that runs work over the command
 * line's files as one batch: the common shape of the batch verbs, whose
 * work takes (context, batch options, files, count) and prints to the
 * context's output (store_batch_run). */
#define CLI_BATCH_VERB(fn, work) \
	static int fn(const cw_cli *c, const cw_ctx *x) \
	{ \
		cw_batch_opts o = cli_batch_opts(c); \
		return work(x, &o, c->args, c->nargs); \
	}
/* Flushes and closes standard output; CW_EXIT_IO (with a message, see
 * cw_output_failed) when anything written to it was lost, else rc
 * unchanged. Call once at exit. */
int cli_finish_stdout(int rc);

/* ---- cli/main.c: the one main every command shares ---------------------- */

/* A command's whole main: parses argv (cli_parse), loads the
 * configuration found for the database, refuses an output file that is
 * one the command reads (cw_outpath_check), runs the verb's function,
 * and checks that standard output was written (cli_finish_stdout).
 * Ignores SIGPIPE: a closed pipe is a failed write (exit 5). Returns the
 * exit code. */
int cli_main(int argc, char **argv, const cw_command *cmd);

/* ---- intake/: clients and cases (sw-intake) ----------------------------- */

/* What `sw-intake add --duplicates` does with a record that is a known
 * client (casework.7 and sw-intake(1), DUPLICATES). */
enum cw_dup_policy {
	CW_DUP_LINK,    /* open the new case for the known client */
	CW_DUP_SKIP,    /* skip the record, saying why */
	CW_DUP_REFUSE   /* reject the record */
};
/* Parses "link", "skip", "refuse"; -1 when unknown. */
int intake_dup_policy_parse(const char *s, enum cw_dup_policy *out);

/* What `sw-intake list` selects. */
typedef struct cw_intake_query {
	const char *worker;       /* assigned worker, or NULL for any */
	const char *status;       /* "open" or "closed", or NULL for any */
	int has_since, has_until; /* whether the dates below apply */
	cw_date since, until;     /* intake dates, both inclusive */
	int clients;              /* list clients instead of cases */
	int pseudonymise;         /* ids as pseudonyms, identifiers and free
				     text absent, birth dates as the year
				     (sw-intake(1), PSEUDONYMS); needs the
				     configuration's pseudonym_key_file */
} cw_intake_query;

/* Registers clients and opens cases from the records in files (none:
 * standard input) as one batch, under the batch rules of casework.7;
 * prints the created cases in o->out_fmt. x->db is open as CLI_DB_ADD
 * says (NULL in a dry run without a database). */
int intake_add(const cw_ctx *x, const cw_batch_opts *o,
	       enum cw_dup_policy policy, char **files, size_t nfiles);
/* What `sw-intake update` does beyond its batch's options. */
typedef struct intake_update_opts {
	int clients;            /* change clients (records with client_id)
				   instead of cases (case_id) */
	const char *clear;      /* --clear: comma-separated fields to empty
				   in every record, or NULL */
	const char *accept;     /* --accept: comma-separated fields whose
				   value a spreadsheet seems to have damaged
				   is taken as typed, or NULL */
	int diff;               /* --diff: a dry run prints each change
				   (id, field, before, after), not records */
} intake_update_opts;
/* update's checks before the database: --clear and --accept name fields
 * of the records changed (--clear fields that may be emptied), --diff
 * goes with a dry run. 0 or CW_EXIT_USAGE. */
int intake_update_check(const intake_update_opts *u, int dry_run);
/* Changes stored cases (records with case_id) or, with u->clients,
 * clients (records with client_id): a field given changes, an empty one
 * stays, the fields of u->clear are emptied. A value that is the stored
 * one as a spreadsheet damaged it (dropped leading zeros, E-notation, a
 * date's serial number: intake/damage.c) rejects its record unless
 * u->accept names its field; a value that is the stored one in Excel's
 * safe form (="…", or ' before text that begins like a formula) is
 * unchanged. Each change is audited with its before and after. Prints
 * the changed records, or with u->diff (a dry run) one record per field
 * changed. x->db is open as CLI_DB_CHANGE says. */
int intake_update(const cw_ctx *x, const cw_batch_opts *o,
		  const intake_update_opts *u, char **files, size_t nfiles);
/* unlink's check before the database: id is a case id (CA-n). 0 or
 * CW_EXIT_DATA. */
int intake_unlink_check(const char *id);
/* Undoes the link of case id (CA-n) to a known client: the client its
 * intake record described is created and the case moved to it (x->db
 * open as CLI_DB_CHANGE says). */
int intake_unlink(const cw_ctx *x, const char *id, enum cw_format fmt);
/* Prints the worker roster with each worker's open cases (x->db open to
 * read); CW_EXIT_EMPTY when the roster is empty. */
int intake_workers_list(const cw_ctx *x, enum cw_format fmt);
/* What workers --add or --set writes: the role (worker, supervisor;
 * NULL: worker when adding, kept when changing) and team (NULL: none
 * when adding, kept when changing; "": none). */
typedef struct intake_roster_opts {
	int set;                /* --set: change entries, not add them */
	const char *role;
	const char *team;
} intake_roster_opts;
/* workers --add's and --set's check before the database: every name is
 * valid UTF-8 and not blank, the role one of the two, the team text.
 * 0 or CW_EXIT_USAGE. */
int intake_workers_check(char **names, size_t n, const intake_roster_opts *o);
/* Adds names to the worker roster (a name already on it is skipped) or,
 * with o->set, changes their role and team (a name not on it is
 * skipped), as one batch (x->db open to write). Prints the entries
 * written. */
int intake_workers_write(const cw_ctx *x, char **names, size_t n,
			 const intake_roster_opts *o, enum cw_format fmt);
/* list's check before the database: q's status is a case status, and
 * with q->pseudonymise the configuration's key can be read (the key
 * before anything else: a refused key prints nothing). 0, or an exit
 * code after a message. */
int intake_list_check(const cw_ctx *x, const cw_intake_query *q);
/* Prints the cases (or clients) q selects (x->db open to read);
 * CW_EXIT_EMPTY when none. */
int intake_list(const cw_ctx *x, const cw_intake_query *q, enum cw_format fmt);
/* show's check before the database: id is a client (CL-), case (CA-)
 * or consent (CN-) id, a client's with consents (--consents). 0,
 * CW_EXIT_DATA or CW_EXIT_USAGE. */
int intake_show_check(const char *id, int consents);
/* Prints one client (CL-), case (CA-) or consent (CN-), or with
 * consents the client's consents (x->db open to read); CW_EXIT_DATA for
 * an id of another kind or one that does not exist. */
int intake_show(const cw_ctx *x, const char *id, int consents,
		enum cw_format fmt);
/* sw-intake consents FILE...: records consents by purpose (casework.7,
 * Consent record). */
int intake_consents(const cw_ctx *x, const cw_batch_opts *o, char **files,
		    size_t nfiles);
/* sw-intake show CN-n (id) or show CL-n --consents (client): the
 * consents as records; CW_EXIT_DATA for a consent not there,
 * CW_EXIT_EMPTY for a client with none. */
int intake_consents_show(const cw_ctx *x, int64_t client, int64_t id,
			 enum cw_format fmt);
/* sw-intake assignments: the assignments of case id (CA-n), in the
 * order they began (casework.7, Assignment record). The check refuses
 * what is not a case id (CW_EXIT_DATA). */
int intake_assignments_check(const char *id);
int intake_assignments(const cw_ctx *x, const char *id, enum cw_format fmt);

/* intake/relations.c: sw-intake relations, relations between clients
 * (RL-n) read from files, stored and audited as one batch (x->db open
 * as CLI_DB_CHANGE says). */
int intake_relations(const cw_ctx *x, const cw_batch_opts *o, char **files,
		     size_t nfiles);

/* ---- assess/score.c, query.c: assessments (sw-assess) ------------------- */

/* What the verbs below check before the database is opened: the
 * instruments of cfg load, name (when not NULL) is one of them, and
 * case_id (when not NULL, checked first) is a case id (CA-n). 0, or an
 * exit code after a message. */
int assess_check(const cw_config *cfg, const char *name, const char *case_id);
/* Scores the answer records in files (none: standard input) with the
 * instrument name, as one batch under the batch rules of casework.7, in
 * x->db: stores each assessment with its answers, schedules a crisis
 * follow-up for a high or critical result (warning on stderr) and the
 * instrument's re-assessment (reassess overrides the definition's
 * interval when not NULL). A dry run scores without a database (x->db
 * NULL) or a case. */
int assess_score(const cw_ctx *x, const cw_batch_opts *o, const char *instrument,
		 const cw_duration *reassess, char **files, size_t nfiles);
/* Prints a case's assessments in time order, per instrument, with the
 * change from the first and from the previous one. */
int assess_history(const cw_ctx *x, const char *case_id, enum cw_format fmt);
/* Prints each open case's current risk (of worker's cases, when not
 * NULL): the highest among the latest assessment of each instrument
 * (cases never assessed are left out). */
int assess_risk(const cw_ctx *x, const char *worker, enum cw_format fmt);
/* Lists the instruments known (built-in and the agency's); no database. */
int assess_instruments(const cw_ctx *x, enum cw_format fmt);
/* Prints one instrument's definition as JSON; no database. */
int assess_instrument(const cw_ctx *x, const char *name);

/* ---- plan/: service plans, progress, contacts, closure (sw-plan) -------- */

/* Each of these runs one batch under the batch rules of casework.7 over
 * the records in files (none: standard input), and prints the records it
 * stored (sw-plan(1) gives each record's fields). */

/* Goals, tasks, progress, reviews, closures and reopenings take the
 * context x: its database (x->db, written; read in a dry run, which runs
 * without one when there is none and checks the form alone), its
 * configuration's review cycle and its today. */
/* Goals (goal_id absent: a new goal; present: a change). Each case whose
 * goals or tasks a batch changes gets one new plan revision, a snapshot
 * of its whole plan; the first creates the plan with its review cycle. */
int plan_goals(const cw_ctx *x, const cw_batch_opts *o, char **files,
	       size_t nfiles);
/* Tasks under goals (task_id absent: new; present: a change, e.g. done). */
int plan_tasks(const cw_ctx *x, const cw_batch_opts *o, char **files,
	       size_t nfiles);
/* Measured values and status changes of goals over time. */
int plan_progress(const cw_ctx *x, const cw_batch_opts *o, char **files,
		  size_t nfiles);
/* Contacts with a case (interview, home visit, phone, ...), in x->db
 * (NULL: a dry run without a database). */
int plan_contacts(const cw_ctx *x, const cw_batch_opts *o, char **files,
		  size_t nfiles);
/* Group sessions with their attendance; each attendance is also a contact
 * of kind group for that case. x->db as for plan_contacts. */
int plan_sessions(const cw_ctx *x, const cw_batch_opts *o, char **files,
		  size_t nfiles);
/* Plan reviews: each sets the plan's next review date. */
int plan_reviews(const cw_ctx *x, const cw_batch_opts *o, char **files,
		 size_t nfiles);
/* Closes cases (结案): reason and each goal's outcome; refused while
 * tasks, referrals or crisis follow-ups are open unless forced with a
 * reason; cancels the case's open crisis and re-assessment follow-ups,
 * clears its plan's next review; may schedule a follow-up after closure. */
int plan_close(const cw_ctx *x, const cw_batch_opts *o, char **files,
	       size_t nfiles);
/* Reopens closed cases: the follow-up after closure is done, the plan's
 * next review one review cycle after the reopening. */
int plan_reopen(const cw_ctx *x, const cw_batch_opts *o, char **files,
		size_t nfiles);
/* Marks follow-ups done (crisis, re-assessment, after closure): the day
 * (x->today unless given) and a note; one already done or cancelled is
 * refused. x->db as for plan_contacts. */
int plan_followups(const cw_ctx *x, const cw_batch_opts *o, char **files,
		   size_t nfiles);
/* Whether case_id, a command line's argument, is a case id: 0 and *num
 * set (num may be NULL), or CW_EXIT_DATA after "'ID' is not a case id". */
int plan_case_arg(const char *case_id, int64_t *num);
/* Prints a case's plan (its goals and tasks), as of revision (0: now),
 * from x->db to x->out in fmt. */
int plan_show(const cw_ctx *x, const char *case_id, int revision,
	      enum cw_format fmt);
/* Lists a case's plan revisions (x->db, x->out). */
int plan_revisions(const cw_ctx *x, const char *case_id, enum cw_format fmt);
/* Prints what changed between two revisions of a case's plan (x->db,
 * x->out). */
int plan_compare(const cw_ctx *x, const char *case_id, int from, int to,
		 enum cw_format fmt);

/* What `sw-plan due` selects, from x->today (overdue: before it). */
typedef struct cw_due_query {
	cw_date until;        /* the window's end, inclusive */
	const char *worker;   /* the case's assigned worker, or NULL */
	const char *ics;      /* also write an iCalendar file here, or NULL */
} cw_due_query;
/* Prints everything in x->db due or overdue up to q->until to x->out:
 * plan reviews, goal deadlines, open tasks, follow-ups (crisis,
 * re-assessment, after closure), referrals; CW_EXIT_EMPTY when nothing is
 * due, after printing the empty selection (nothing in jsonl and table,
 * the header in csv, [] in json). */
int plan_due(const cw_ctx *x, const cw_due_query *q, enum cw_format fmt);

/* ---- project/: projects and their targets (sw-project) ------------------ */

/* Adds projects (sw-project(1) gives the record) as one batch under the
 * batch rules of casework.7, in x->db (NULL: a dry run without a
 * database, which checks the form alone); prints those stored. */
int project_add(const cw_ctx *x, const cw_batch_opts *o, char **files,
		size_t nfiles);
/* Sets projects' indicator targets, for the whole contract or a month or
 * quarter, as one batch; x->db as for project_add. */
int project_targets(const cw_ctx *x, const cw_batch_opts *o, char **files,
		    size_t nfiles);
/* Records community activities (sw-project(1) gives the record) as one
 * batch: their participants, volunteers' hours, and a contact of kind
 * community for each case who took part; x->db as for project_add. */
int project_activities(const cw_ctx *x, const cw_batch_opts *o, char **files,
		       size_t nfiles);
/* Records group programmes (小组), or moves a stored one's stage on and
 * adds members to it, as one batch. */
int project_programmes(const cw_ctx *x, const cw_batch_opts *o, char **files,
		       size_t nfiles);
/* Adds volunteers to the roster, as one batch. */
int project_volunteers(const cw_ctx *x, const cw_batch_opts *o, char **files,
		       size_t nfiles);
/* Records volunteers' trainings and who attended, as one batch. */
int project_trainings(const cw_ctx *x, const cw_batch_opts *o, char **files,
		      size_t nfiles);
/* Prints the volunteer roster with each one's hours and trainings;
 * CW_EXIT_EMPTY when none. */
int project_roster(const cw_ctx *x, enum cw_format fmt);
/* Prints the projects (x->db open to read); CW_EXIT_EMPTY when none. */
int project_list(const cw_ctx *x, enum cw_format fmt);
/* show's check before the database: arg is a project id (PJ-n), a
 * group programme's (GP-n) or has the form of a project's code. 0 or
 * CW_EXIT_DATA. */
int project_show_check(const char *arg);
/* Prints one project (by id or code) and its targets, or a group
 * programme with its sessions and members; CW_EXIT_DATA when there is
 * no such project or programme. */
int project_show(const cw_ctx *x, const char *arg, enum cw_format fmt);

/* ---- refer/: resource directory and referrals (sw-refer) ---------------- */

/* The checks of sw-refer import before its database: the category is
 * one (NULL for none), each path a folder of CSV files or a CSV file
 * named for an HSDS table, readable; says which tables named are not
 * imported (HSDS tables casework keeps nothing of). 0, or an exit code
 * after a message. */
int refer_import_check(const char *category, char **paths, size_t npaths);
/* Imports an Open Referral HSDS directory (1.x or 3.0 table names) from
 * the folders or CSV files named, as one batch into x->db: a record
 * already known (by its HSDS id, or by natural keys when the published
 * ids are empty) is updated, not duplicated. category, when not NULL, is
 * the category of every service that the taxonomy does not place. A dry
 * run (x->db NULL) works on a private copy of the database at
 * x->db_path, which it only reads (when it exists). */
int refer_import(const cw_ctx *x, const cw_batch_opts *o,
		 const char *category, char **paths, size_t npaths);
/* What `sw-refer services` selects. */
typedef struct cw_service_query {
	const char *category;   /* a category, or NULL */
	const char *keyword;    /* in the name, alternate name, description,
				   eligibility or organisation name, or NULL */
	const char *area;       /* in an address (street, city, region,
				   province, postal code), or NULL */
} cw_service_query;
/* The usage errors of q (an unknown category, an empty keyword or area):
 * 0, or CW_EXIT_USAGE after a message. */
int refer_services_check(const cw_service_query *q);
/* Prints the services of x->db that q selects to x->out; CW_EXIT_EMPTY
 * when none. */
int refer_services(const cw_ctx *x, const cw_service_query *q,
		   enum cw_format fmt);
/* Whether case_id is a case id (CA-n): 0, or CW_EXIT_DATA after a
 * message. */
int refer_match_check(const char *case_id);
/* Prints to x->out the services of x->db for the needs the latest
 * assessments of case case_id found, most urgent first; CW_EXIT_EMPTY
 * when none. */
int refer_match(const cw_ctx *x, const char *case_id, enum cw_format fmt);
/* The batch verbs of referrals run on x->db, an existing database
 * (CLI_DB_CHANGE: written, read in a dry run), over the files as one
 * batch with o's options; "today" is x->today, the actor x->user.
 * refer_add drafts referrals (state draft) from records. */
int refer_add(const cw_ctx *x, const cw_batch_opts *o, char **files,
	      size_t nfiles);
/* Moves referrals through the state machine from records (referral_id,
 * state, date, reason, consent_override): the partner's CSV, or one typed. */
int refer_status(const cw_ctx *x, const cw_batch_opts *o, char **files,
		 size_t nfiles);
/* Records provider feedback (outcome, note, date). */
int refer_feedback(const cw_ctx *x, const cw_batch_opts *o, char **files,
		   size_t nfiles);
/* What `sw-refer list` selects. */
typedef struct cw_referral_query {
	const char *state;      /* --status, or NULL */
	const char *case_id;    /* --case CA-n, or NULL */
	const char *service_id; /* --service SV-n, or NULL */
	const char *worker;     /* the case's worker, or NULL */
	int overdue;            /* only those overdue on x->today */
} cw_referral_query;
/* Checks q before the database is opened: the state is one of the
 * vocabulary's (else CW_EXIT_USAGE), the ids are of their kinds (else
 * CW_EXIT_DATA); 0 when so. */
int refer_list_check(const cw_referral_query *q);
/* Prints the referrals q selects from x->db (read) to x->out in fmt, in
 * id order: 0, CW_EXIT_EMPTY when none, CW_EXIT_DATA when q names a
 * case or service that is not stored, or an exit code. */
int refer_list(const cw_ctx *x, const cw_referral_query *q, enum cw_format fmt);

/* ---- report/: reports for funders and managers (sw-report) -------------- */

/* Reads a period as sw-report's --month (2026-10), --quarter (2026Q3),
 * --half (2026H1) or --year (2026) gives it, form naming which ("month",
 * "quarter", "half", "year"): sets its first and last day. Returns 0, or
 * -1 with *why a static message that never repeats the input. */
int report_period_parse(const char *form, const char *s, cw_date *since,
		    cw_date *until, const char **why);

/* What a report covers and how it is printed. */
typedef struct cw_report_opts {
	int has_since;          /* 0: the period has no first day */
	cw_date since, until;   /* the period, both days included */
	const char *by;         /* --by: one or two groups, comma-separated;
				   NULL for the report's default */
	const char *worker;     /* only this worker's records, or NULL */
	long suppress;          /* hide counts 1..suppress (and what would
				   give them back); 0: hide nothing */
	int within_period;      /* outcomes: the baseline is the first
				   assessment in the period (--within-period) */
	enum cw_format fmt;     /* jsonl, json, csv, table, excel or xlsx */
	int html;               /* 1: one HTML page instead of fmt */
	int contract;           /* project: 1 the whole contract (--contract),
				   2 its first half (--midterm), 0 the
				   period above */
	int this_month;         /* 1: no period option was given, the period
				   is the current month */
} cw_report_opts;

/* Whether name is a report (caseload, services, outcomes, satisfaction,
 * goals, referrals, overdue) that takes the groups by names (--by; NULL
 * for its default), and the instrument definitions it needs load (x's
 * configuration), before the database is opened: 0, or an exit code
 * after a message (CW_EXIT_USAGE for the report or its groups). */
int report_check(const cw_ctx *x, const char *name, const char *by);
/* Prints the report name to x->out over the period, grouped as o->by
 * says, with its total rows (sw-report(1) defines every figure); overdue
 * counts as of the earlier of the period's end and x->today. Reads x->db,
 * never changes it. Returns 0 or an exit code: CW_EXIT_USAGE for an
 * unknown report or a group it does not take. */
int report_run(const cw_ctx *x, const char *name, const cw_report_opts *o);
/* Prints the indicator report of project code (its code) to x->out:
 * one row per indicator with its target for the period, what was
 * achieved and the rate (sw-report(1), casework(7) INDICATORS); the
 * period is o's, from the contract's start when it has no first day, or
 * the contract or its first half (o->contract). Reads x->db, never
 * changes it. CW_EXIT_DATA when there is no such project. */
int report_project(const cw_ctx *x, const char *code, const cw_report_opts *o);
/* Whether case_id is a case's id (CA-n, either case), before the
 * database is opened: 0, or CW_EXIT_DATA after a message. */
int report_case_check(const char *case_id);
/* Prints the case file of case_id to x->out: everything about the case
 * in time order, one row each (date, kind, id, summary), after auditing
 * that it was handed to x->user, through a connection of its own opened
 * for writing (x->db, read only, is the one it reads). CW_EXIT_DATA for an id that is not a case's or names no case.
 * Only o's output fields are read. */
int report_case_file(const cw_ctx *x, const char *case_id,
		     const cw_report_opts *o);

/* Whether kind is a ledger (contacts, sessions, assessments,
 * referral_events, closures, followups), before the database is opened:
 * 0, or CW_EXIT_USAGE after a message. */
int report_ledger_check(const char *kind);
/* Prints the ledger (台账) kind to x->out: every record of that kind
 * dated in o's period (of o's worker: the contacts that worker made, the
 * sessions they led, else the records of the cases assigned to them),
 * oldest first, one row each with its case, client, name and worker and
 * its own fields (sw-report(1) gives the columns). With names, the
 * hand-out is first audited (batch "ledger", entry hand_out naming the
 * cases), as the case file is, and refused on a standby; pseudonymise
 * gives pseudonyms for case and client ids, leaves names and free text
 * out, and audits nothing. Only o's period, worker and output fields are
 * read. 0, CW_EXIT_EMPTY when the period has no such record, or an exit
 * code. */
int report_ledger(const cw_ctx *x, const char *kind, const cw_report_opts *o,
		  int pseudonymise);

/* ---- admin/: the database itself (sw-admin) ----------------------------- */

/* sw-admin init: creates the schema in the empty database x->db (opened
 * with CLI_DB_ADMIN); a database that has it already is left as it is.
 * 0, or CW_EXIT_DB after a message (something else in it, a newer or
 * older schema). */
int admin_init(const cw_ctx *x);
/* sw-admin upgrade: brings an older schema to this program's in one
 * transaction. 0, or CW_EXIT_DB after a message. */
int admin_upgrade(const cw_ctx *x);
/* sw-admin upgrade's check: a SQLite file must exist (an upgrade never
 * creates a database). 0, or CW_EXIT_DB after a message. */
int admin_upgrade_check(const char *target);
/* sw-admin config's checks before the database: key one of the settings
 * a database keeps, and a value only for a server, good for the key. */
int admin_config_check(const char *target, const char *key, const char *value);
/* sw-admin config [KEY [VALUE]]: prints the settings (key, value,
 * kept_in), or the one named; with value, stores it (a server's
 * database) in a batch of its own, audited. */
int admin_config(const cw_ctx *x, const char *key, const char *value,
		 enum cw_format fmt);
/* sw-admin grant's and revoke's check before the database: a server's
 * (a SQLite file has no logins) and role, when given, one of worker,
 * supervisor, officer, admin. 0 or CW_EXIT_USAGE. */
int admin_grant_check(const char *target, const char *role);
/* sw-admin grant LOGIN NAME ROLE: the PostgreSQL login acts as roster
 * entry name in role (its team the roster's), replacing a grant it had;
 * one batch, audited. A worker or supervisor must be one on the roster.
 * 0, or an exit code after a message (CW_EXIT_DATA: no such entry or
 * login; CW_EXIT_DB: the server refused, as without ADMIN OPTION). */
int admin_grant(const cw_ctx *x, const char *login, const char *name,
		const char *role);
/* sw-admin revoke LOGIN: takes the grant away (CW_EXIT_DATA when there
 * is none); one batch, audited. */
int admin_revoke(const cw_ctx *x, const char *login);
/* sw-admin logins: prints the logins granted (login, worker, role, team,
 * granted_at); CW_EXIT_EMPTY when none. */
int admin_logins(const cw_ctx *x, enum cw_format fmt);
/* sw-admin check: reads every table of x->db in one snapshot and
 * verifies the audit chain; prints each table's rows and checksum as
 * copy does. 0, or CW_EXIT_DB after a message (a broken chain). */
int admin_check(const cw_ctx *x, enum cw_format fmt);
/* sw-admin backup's check before the database: a SQLite database
 * (CW_EXIT_USAGE pointing to pg_dump for a server's), file neither the
 * database, a file beside it nor any other casework.7 OUTPUT FILES
 * refuses, and not there yet. */
int admin_backup_check(const char *target, const char *file,
		       const cw_config *cfg);
/* sw-admin backup FILE: copies x->db (a SQLite file, open for writing)
 * into the new file FILE, owner-only, as one state of the database while
 * writers go on; verifies the copy (casework's schema, SQLite's
 * integrity check, the audit chain) and only then audits the hand-out in
 * x->db (batch and action "backup", with the copy's SHA-256) and renames
 * the copy into place. Nothing is left under FILE's name on failure.
 * 0 or an exit code after a message. */
int admin_backup(const cw_ctx *x, const char *file);
/* sw-admin restore's check before the database: a SQLite target, file
 * there and not the target, and a target that exists only with
 * replace. */
int admin_restore_check(const char *target, const char *file, int replace);
/* sw-admin restore FILE: writes the database x->db_path names from the
 * backup FILE (over one that is there only when admin_restore_check
 * allowed it, with --replace), verified as sw-admin backup verifies its copies (exit 4,
 * nothing written, when it does not), with one batch and audit entry
 * "restore" naming the backup's digest and audit head; a database that
 * is there is first backed up beside itself
 * (NAME.before-restore-YYYYMMDDTHHMMSSZ). Written into a temporary file
 * beside the target, renamed into place. 0 or an exit code. */
int admin_restore(const cw_ctx *x, const char *file);
/* sw-admin verify's check before the database: head, when given, is
 * one as sw-admin head prints it (AU-n:HASH). 0 or CW_EXIT_USAGE. */
int admin_verify_check(const char *head);
/* sw-admin verify [--head AU-n:HASH]: verifies the whole audit chain in
 * one snapshot (both formats and the switch) and, with head, that the
 * head kept elsewhere is an entry of it, and every record against the
 * digest of its last audited write (store_records_verify); prints one
 * record (entries, format_1, format_2, head, records). 0, or CW_EXIT_DB
 * after naming what fails. */
int admin_verify(const cw_ctx *x, const char *head, enum cw_format fmt);
/* intake/store.c: the JSON line of a client or case as sw-intake add's
 * insert entry digested it (store/digest.c, records written before
 * digests): with now 0, without the emergency contact's fields (schema
 * version 11) unless the record has a value in one of them; with now 1,
 * of every field. 1, 0 for another kind or a record not there, -1 after
 * a message. */
int intake_record_line(cw_db *db, enum cw_kind kind, int64_t id, int now,
		       cw_buf *out);
/* sw-admin head: prints the chain's head (its last entry, AU-n:HASH);
 * CW_EXIT_EMPTY when the trail is empty. */
int admin_head(const cw_ctx *x, enum cw_format fmt);
/* sw-admin upgrade's switch of a chain of format 1 to format 2, in a
 * batch of its own (verb upgrade) when due: 0 or an exit code. */
int admin_chain_switch(const cw_ctx *x);
/* sw-admin copy's check: from and to are not the same database, and a
 * worker's extract (worker not NULL) goes to a SQLite file. */
int admin_copy_check(const char *from, const char *to, const char *worker);
/* sw-admin copy FROM TO: copies the whole database from into the empty
 * to (created when it is a SQLite file not there yet), verifies the copy
 * (rows counted, each table's SHA-256, the audit chain) and commits it
 * with a batch of its own; prints each table's rows and checksum. With
 * worker (--worker), a worker's extract instead: the cases assigned to
 * worker and their records only, no audit trail, no batch, marked
 * read-only (store_mark_extract), verified by counts and checksums; the
 * source audits the hand-out in a batch of its own. 0, or an exit code
 * after a message, the target as it was. */
int admin_copy(const cw_ctx *x, const char *from, const char *to,
	       const char *worker, enum cw_format fmt);
/* sw-intake erase's check before the database: id is a client id
 * (CL-n), else CW_EXIT_DATA; reason is given, else CW_EXIT_USAGE. */
int admin_erase_check(const char *id, const char *reason);
/* sw-intake erase CL-n --reason TEXT: erases, in one batch (verb erase),
 * the client's personal values and those of every record of their
 * cases, redacts them in the audit details that name those records, and
 * rewrites the database's files (casework.7, ERASURE); prints the
 * client's row (client_id, cases, records, last_closed). Refused (exit
 * 3) for a client with an open case or erased already; on a server, the
 * database owner's alone. With dry_run, the batch is rolled back. */
int admin_erase(const cw_ctx *x, const char *id, const char *reason,
		int dry_run, enum cw_format fmt);
/* sw-admin purge: erases, as admin_erase in one batch (verb purge),
 * every client none of whose cases is open and whose last closure is
 * retention_years or more before today; CW_EXIT_USAGE when
 * retention_years is not set. */
int admin_purge(const cw_ctx *x, int dry_run, enum cw_format fmt);
/* sw-admin undo's check before the database: arg is a batch id (BT-n):
 * 0, or CW_EXIT_DATA after saying it is not. */
int admin_undo_check(const char *arg);
/* sw-admin undo BT-n: reverses batch arg in one batch of its own (verb
 * undo, its entries naming the batch undone): the records it created
 * deleted, the fields it changed set back from its audit entries, when
 * its kind can be undone, it is not undone already and no later batch
 * depends on it (else CW_EXIT_DATA, saying why); the owner's alone on a
 * server (CW_EXIT_DB for a login the roles restrict). Prints each record
 * reversed (kind, id, action, fields) after the commit; with dry_run,
 * the same, changing nothing. 0 or an exit code after a message. */
int admin_undo(const cw_ctx *x, const char *arg, int dry_run,
	       enum cw_format fmt);

#endif
