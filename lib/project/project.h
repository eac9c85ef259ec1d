/*
 * project/project.h - what the sw-project parts of the library share:
 * the functions of its store file, the only one that holds its SQL. Not
 * installed; ownership as in casework.h.
 */
#ifndef CW_PROJECT_H
#define CW_PROJECT_H

#include "plan/plan.h"

/* A project as stored (sw-project add): its fields in record order. */
typedef struct project_row {
	const char *code, *name, *funder, *start, *end;
	long target_population;
	const char *workers;    /* joined with ", ", or NULL */
	const char *created_at;
	int64_t batch;
} project_row;

/* ---- store_project.c: the SQL of projects and their targets -------------
 * Each reports its own database error (store_fail): 0 when done, else
 * CW_EXIT_DB; a look-up returns 1 when found, 0 when not, -1 after an
 * error. */
int project_db_insert(cw_db *db, const project_row *p, int64_t *id);
/* The code of project id into *code (newly allocated). */
int project_db_code_of(cw_db *db, int64_t id, char **code);
/* The projects, by id, in the columns of a project record. */
store_stmt *project_db_list(cw_db *db);
/* One project (by id), in the columns of a project record. */
store_stmt *project_db_one(cw_db *db, int64_t id);
/* The same into v, nine new strings (NULL where the column is). */
int project_db_get(cw_db *db, int64_t id, char *v[9]);
/* Project code's targets, in the indicators' order (casework.7), the
 * contract's first, then by period: indicator, target, period. */
store_stmt *project_db_targets(cw_db *db, const char *code);
/* The target set for code, indicator and period (NULL: the whole
 * contract), and its created_at, new strings. */
int project_db_target_get(cw_db *db, const char *code, const char *indicator,
			  const char *period, char **target, char **created);
/* The kind of the periods of code's targets of indicator: 'M' months,
 * 'Q' quarters, 0 none. */
int project_db_period_kind(cw_db *db, const char *code, const char *indicator,
			   char *kind);
int project_db_target_insert(cw_db *db, const char *code,
			     const char *indicator, const char *target,
			     const char *period, const char *now, int64_t batch);

/* A community activity as stored (sw-project activities). */
typedef struct project_activity {
	const char *date, *title, *kind, *place;
	long minutes;
	const char *workers;    /* joined with ", " */
	long headcount, named, cases;
	const char *created_at;
	int64_t batch;
	const char *project;    /* or NULL */
} project_activity;

/* ---- project.c: what every batch verb of sw-project shares -------------- */
/* A batch of records of one kind created (volunteers, trainings,
 * programmes): its context, the records created for one insert entry,
 * scratch, and the names the batch has stored (or a dry run would). */
typedef struct project_work {
	const cw_ctx *x;
	cw_db *db;                /* NULL in a dry run without one */
	int dry_run;
	cw_audit_ids *records;    /* the records created */
	cw_buf json;              /* scratch */
	char **seen;
	size_t nseen;
} project_work;
/* Runs one batch of fn (its ctx a project_work) over files, the records
 * of kind created audited as one insert entry at its end. */
int project_run(const cw_ctx *x, const cw_batch_opts *o, char **files,
		size_t nfiles, enum cw_kind kind, const cw_col *cols, size_t ncols,
		const cw_names *names, cw_batch_fn fn);
/* A text field that is required: CW_REJECTED after rejecting the record
 * when v is absent or white space alone (what: what it is for). */
int project_required(cw_batch *b, const cw_record *rec, const char *hdr,
		     const char *v, const char *what);
/* Roster workers a record lists (given, NULL when empty), each on the
 * worker roster, none twice, joined with ", " into joined; with
 * required, at least one. 0, CW_REJECTED or an exit code. */
int project_workers(cw_db *db, cw_batch *b, const cw_record *rec,
		    const char *hdr, const char *given, int required,
		    cw_buf *joined);
/* A record's project (code, NULL when none: the configuration's
 * default_project then, *code set to it) checked for date as
 * store_project_check does. 0, CW_REJECTED or an exit code. */
int project_of_record(const cw_ctx *x, cw_batch *b, const cw_record *rec,
		      const char *hdr, const char **code, cw_date date,
		      const char *what);
/* A record read back with the id (v[idf], v and src in the order of
 * spec) of a stored record of kind, in table: skipped when every field
 * it gives is the stored record's as the verb prints it; rejected naming
 * the first field that differs (a record of kind is never changed), or
 * when it names none. 0 or an exit code. */
int project_known(cw_db *db, cw_batch *b, const cw_record *rec,
		  const cw_fieldspec *spec, const char **v, const char **src,
		  size_t idf, enum cw_kind kind, const char *table);

/* The fields every record of an event (an activity, a training) starts
 * with, by their index in its record, and what it is. */
typedef struct project_event {
	enum cw_kind kind;
	const char *table;   /* where it is stored */
	const char *what;    /* "activity" */
	size_t id, created, date, title;
} project_event;
/* The start of an event's record (v, src in the order of spec): read
 * back with its id (project_known); created_at refused; the date
 * required and not after x->today (into *d); the title required. 0 to
 * go on; CW_REJECTED when the record is done with (rejected, skipped);
 * or an exit code. */
int project_event_head(const cw_ctx *x, cw_batch *b, const cw_record *rec,
		       const cw_fieldspec *spec, const char **v,
		       const char **src, const project_event *e, cw_date *d);

/* ---- store_activity.c: the SQL of activities, volunteers, trainings ---- */
int project_db_volunteer_insert(cw_db *db, const char *name,
				const char *phone, const char *joined,
				const char *now, int64_t batch, int64_t *id);
int project_db_activity_insert(cw_db *db, const project_activity *a,
			       int64_t *id);
int project_db_participant_insert(cw_db *db, int64_t activity,
				  const char *name, const char *phone);
int project_db_training_insert(cw_db *db, const char *date,
			       const char *title, long minutes,
			       const char *now, int64_t batch,
			       const char *project, int64_t *id);
int project_db_attendee_insert(cw_db *db, int64_t training,
			       int64_t volunteer);
/* Whether table (one of this file's) holds row id: 1, 0, or -1. */
int project_db_exists(cw_db *db, const char *table, int64_t id);
/* The stored record id of kind (activity, volunteer or training) as its
 * verb prints it: its n fields in the order of the verb's record, each
 * allocated or NULL, into out. 1, 0 when none, -1 on an error. */
int project_db_printed(cw_db *db, enum cw_kind kind, int64_t id, char **out,
		       size_t n);
/* A stored activity the same as a with the lists given (see
 * store_activity.c), a stored training of date, title, project and the
 * attendees' ids ("1,2,3" ascending): 1 with *id, 0, or -1. */
int project_db_activity_same(cw_db *db, const project_activity *a,
			     const char *people, const char *cases,
			     const char *vols, int64_t *id);
int project_db_training_same(cw_db *db, const char *date, const char *title,
			     const char *project, const char *ids, int64_t *id);
/* The roster of volunteers, by id, in the columns of a volunteer record
 * (id, name, phone, joined, created_at), then their hours in hundredths
 * and the number of trainings they attended. */
store_stmt *project_db_volunteers(cw_db *db);

/* ---- store_programme.c: the SQL of group programmes ---------------------- */
int project_db_programme_insert(cw_db *db, const char *title,
				const char *aims, const char *stage,
				const char *project, const char *now,
				int64_t batch, int64_t *id);
int project_db_member_insert(cw_db *db, int64_t programme, int64_t case_id,
			     int64_t batch);
int project_db_programme_stage(cw_db *db, int64_t id, const char *stage,
			       const char *now, int64_t batch);
/* The statement reading one programme (parameter 1, its id): title,
 * aims, stage, project, its members' case ids joined with ", ",
 * created_at. NULL after store_fail. */
store_stmt *project_db_programme_get(cw_db *db);
/* Programme id as show prints it: part 0 the programme (id, title,
 * stage, project, members, sessions, attendance), 1 its sessions (id,
 * date, title, attendance), 2 its members (case id, sessions attended),
 * 3 each member's instruments (instrument, case, then total100 and
 * scaled100 of the latest assessment on or before the first session and
 * of the first on or after the last; NULL when none). */
store_stmt *project_db_programme_one(cw_db *db, int64_t id, int part);

/* programme.c: sw-project show GP-n. */
int project_programme_show(const cw_ctx *x, int64_t id, enum cw_format fmt);

#endif
