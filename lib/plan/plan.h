/*
 * plan/plan.h - what the sw-plan parts of the library share. Not
 * installed; ownership as in casework.h.
 */
#ifndef CW_PLAN_H
#define CW_PLAN_H

#include "store/store.h"
#include "verbs.h"

/* Looks up the case a record names (text "CA-n", from the column named
 * src in messages). Returns 0 with *case_id and *open (1 open, 0 closed)
 * set; CW_REJECTED after rejecting the record ("not a case id (CA-n)", "no such
 * case"); or CW_EXIT_DB. With db NULL (a dry run without a database) only
 * the form is checked and *open is 1. */
int plan_case(cw_db *db, cw_batch *b, const cw_record *rec, const char *src,
	      const char *text, int64_t *case_id, int *open);
/* Parses a date field: 0 and *out set; CW_REJECTED after rejecting the
 * record with the parser's reason, or "is in the future" unless future
 * is 1. */
int plan_date(cw_batch *b, const cw_record *rec, const char *src,
	      const char *text, cw_date today, int future, cw_date *out);

/* ---- store_goals.c, store_closing.c: the SQL of goals, tasks, progress,
 * plan revisions, reviews, closures and reopenings ----------------------
 * Each reports its own database error (store_fail) and returns
 * CW_EXIT_DB, unless it says otherwise; 0 when done. A function that
 * reads one row returns 1 when found, 0 when not, or -CW_EXIT_DB. Record
 * values are given and read in the order of the record's columns
 * (edit.c, below); a row stored carries the open batch's id. */

/* For the store files: steps st (bound) once, 1 with its first ns
 * columns copied into s[] (owned, NULL for null) and the next ni into
 * iv[], 0 when there is no row, -CW_EXIT_DB after store_fail(what);
 * leaves st reset. (A statement that returns no rows: store_write.) */
int plan_db_fetch(cw_db *db, store_stmt *st, int ns, char **s, int ni,
		  int64_t *iv, const char *what);
/* Runs sql (static: store_cached), a change of the row id with nt (0 to
 * 2) texts a, b, then id as its parameters: 0 or CW_EXIT_DB after
 * store_fail(what). */
int plan_db_change(cw_db *db, const char *sql, int nt, const char *a,
		   const char *b, int64_t id, const char *what);

/* A case's plan: id 0 when the case has none. */
typedef struct plan_db_plan {
	int64_t id, revision;
	cw_duration cycle;   /* its review cycle; n 0 when unset or unreadable */
	char *next;          /* its next review, owned, or NULL */
} plan_db_plan;
/* A goal as tasks, progress and closures name it. */
typedef struct plan_goal_ref {
	int64_t id, case_id, plan;
	int open;            /* 1: its case is open */
	char *status;        /* owned */
} plan_goal_ref;
/* What reviews, closures and reopenings need of a case. */
typedef struct plan_case_facts {
	char *worker;        /* assigned worker, owned, or NULL */
	int has_intake, has_closed, has_reopened;
	cw_date intake, closed, reopened;  /* its last reopening */
} plan_case_facts;

/* Plans. The case's plan into *out (0: none or found; free out->next). */
int plan_db_plan_of(cw_db *db, int64_t case_id, plan_db_plan *out);
/* A new plan of the case at revision 0: *id. */
int plan_db_plan_insert(cw_db *db, int64_t case_id, const char *cycle,
			const char *next, const char *now, int64_t *id);
/* The plan's next revision: its number in *rev (updated_at now from the
 * second revision on). */
int plan_db_plan_revise(cw_db *db, int64_t plan, const char *now, int64_t *rev);
/* Stores revision rev of plan, snapshot its whole plan (actor and batch:
 * the open batch's). */
int plan_db_revision_insert(cw_db *db, int64_t plan, int64_t rev,
			    const char *now, const char *snapshot);
/* Sets the plan's next review (NULL: none). */
int plan_db_plan_next_review_set(cw_db *db, int64_t plan, const char *next,
				 const char *now);

/* Goals. Goal id: v[NG] in record order (owned) and iv[] its case, plan,
 * whether the case is open (1) and the plan's revision. 1, 0, -code. */
int plan_db_goal_load(cw_db *db, int64_t id, char **v, int64_t iv[4]);
/* A new goal of plan from v (term to status): *id. */
int plan_db_goal_insert(cw_db *db, int64_t plan, int64_t case_id,
			const char *const *v, const char *now, int64_t *id);
/* Sets goal id's term to status from v. */
int plan_db_goal_update(cw_db *db, int64_t id, const char *const *v,
			const char *now);
/* Goal g->id's case, plan, case state and status into g: 1, 0, -code. */
int plan_db_goal_ref(cw_db *db, plan_goal_ref *g);
/* Sets a goal's status. */
int plan_db_goal_status_set(cw_db *db, int64_t id, const char *status,
			    const char *now);

/* Tasks. Task id: v[NTK] (owned) and iv[] its case, plan, whether the case
 * is open (1) and its goal. 1, 0, -code. */
int plan_db_task_load(cw_db *db, int64_t id, char **v, int64_t iv[4]);
/* A new task under goal from v (description to done date): *id. */
int plan_db_task_insert(cw_db *db, int64_t goal, int64_t case_id,
			const char *const *v, const char *now, int64_t *id);
/* Moves task id to goal and sets its description to done date from v. */
int plan_db_task_update(cw_db *db, int64_t id, int64_t goal,
			const char *const *v, const char *now);

/* Progress. Entry id: v[NP] (owned). 1, 0, -code. */
int plan_db_progress_load(cw_db *db, int64_t id, char **v);
/* A new entry of goal from v (date to note): *id. */
int plan_db_progress_insert(cw_db *db, int64_t goal, const char *const *v,
			    const char *now, int64_t *id);
/* Whether an entry of goal dated after date gave a status: 1, 0, -code. */
int plan_db_progress_later(cw_db *db, int64_t goal, const char *date);

/* Cases. What closing and reviewing need of case_id into f. */
int plan_db_case_facts(cw_db *db, int64_t case_id, plan_case_facts *f);
/* Closes the case on date. */
int plan_db_case_close(cw_db *db, int64_t case_id, const char *date,
		       const char *now);
/* Opens the case again (no closed date). */
int plan_db_case_reopen(cw_db *db, int64_t case_id, const char *now);
/* What keeps the case from closing: pending[0] its open tasks, [1] its
 * open referrals (draft, sent, accepted), [2] its open crisis follow-ups. */
int plan_db_case_open_work(cw_db *db, int64_t case_id, long pending[3]);
/* The case's goals with no outcome yet, in id order: *ids (newly
 * allocated or NULL), *n. */
int plan_db_case_goals_unfinished(cw_db *db, int64_t case_id, int64_t **ids,
				  size_t *n);

/* Reviews, closures and reopenings as printed, by id: statements for
 * plan_load_row and plan_known_record (NULL after store_fail). A
 * reopening's row is the closure's case_id, reopened_date, reopen_reason,
 * closure_id and "1" when it is the case's latest closure, else "0". */
store_stmt *plan_db_review_row(cw_db *db);
store_stmt *plan_db_closure_row(cw_db *db);
store_stmt *plan_db_reopening_row(cw_db *db);
/* The next review the case's latest review set into next (size bytes),
 * left as it is when there is none. */
int plan_db_review_next(cw_db *db, int64_t case_id, char *next, size_t size);
/* Stores a review: *id. It is the case's current review (*current 1,
 * the one before no longer) unless one dated after it is stored. */
int plan_db_review_insert(cw_db *db, int64_t case_id, const char *date,
			  const char *worker, const char *note,
			  const char *next, const char *now, int64_t *id,
			  int *current);
/* Stores a closure, kind its reason_kind: *id. */
int plan_db_closure_insert(cw_db *db, int64_t case_id, const char *date,
			   const char *kind, const char *reason,
			   const char *forced, const char *outcomes,
			   const char *now, int64_t *id);
/* The case's latest closure: *id (0: none) and its date (*has_date). */
int plan_db_closure_latest(cw_db *db, int64_t case_id, int64_t *id,
			   int *has_date, cw_date *date);
/* Records closure's reopening. */
int plan_db_closure_reopened(cw_db *db, int64_t closure, const char *date,
			     const char *reason);

/* Follow-ups of closing. The case's open crisis follow-ups and
 * re-assessments (scheduled), or its open follow-ups after closure, in
 * id order: *ids (newly allocated or NULL), *n. */
int plan_db_followups_scheduled(cw_db *db, int64_t case_id, int64_t **ids,
				size_t *n);
int plan_db_followups_after_closure(cw_db *db, int64_t case_id,
				    int64_t **ids, size_t *n);
/* Schedules the case's follow-up after closure on due: *id. */
int plan_db_followup_after_closure(cw_db *db, int64_t case_id,
				   const char *due, const char *now, int64_t *id);
/* Cancels an open follow-up. */
int plan_db_followup_cancel(cw_db *db, int64_t id);
/* Marks a follow-up done on date, as reopening a case does (the note
 * kept, whatever its status was). */
int plan_db_followup_reopened_done(cw_db *db, int64_t id, const char *now,
				   const char *date);

/* store_common.c: the SQL every verb shares. */
/* Ends st, which read at most one row (r: what store_step said): resets
 * it; 1 when it gave a row, 0 when not, -1 after store_fail(db, what). */
int plan_db_one_end(cw_db *db, store_stmt *st, int r, const char *what);
/* Whether case id is stored: 1 and *open set (1 open, 0 closed), 0 when
 * not, -1 after a database error (reported). */
int plan_db_case_state(cw_db *db, int64_t id, int *open);
/* Reads the n columns of st's row for id into out (newly allocated text
 * or NULL): 1 found, 0 not, -1 after a database error. st reads one
 * record by its id, parameter 1 (plan_db_contact_get, ...). */
int plan_load_row(cw_db *db, store_stmt *st, int64_t id, size_t n, char **out);

/* ics.c: an iCalendar file (RFC 5545) of all-day events, for sw-plan due.
 * Written whole or not at all: into a temporary file beside it (0600),
 * renamed over it by plan_ics_finish. */
typedef struct plan_ics plan_ics;
/* Starts the calendar at path (a symlink: the file it names). Returns 0
 * and *out, or prints "cannot write calendar 'PATH': why" and returns
 * CW_EXIT_IO (a directory, not a regular file, not writable, ...). */
int plan_ics_open(plan_ics **out, const char *path);
/* Adds an all-day event on day: UID, DTSTAMP (UTC, when the calendar was
 * opened), DTSTART and DTEND (the next day), SUMMARY, CATEGORIES. */
void plan_ics_event(plan_ics *c, const char *uid, cw_date day,
		    const char *summary, const char *category);
/* Ends the calendar, puts it in place and frees c. Returns 0, or
 * CW_EXIT_IO after a message; the previous file then stays as it was. */
int plan_ics_finish(plan_ics *c);
/* Drops the calendar (the previous file stays) and frees c (may be NULL). */
void plan_ics_abort(plan_ics *c);
/* Appends s as an RFC 5545 TEXT value: backslash, semicolon, comma and
 * line breaks escaped, other control characters but tab as spaces. */
void plan_ics_escape(cw_buf *b, const char *s);
/* Appends the content line s[0..n), folded at 75 octets (never inside a
 * UTF-8 character), and its CRLF. */
void plan_ics_fold(cw_buf *b, const char *s, size_t n);

/* common.c: lists and records read back, shared by the batch verbs. */
/* Splits s into items separated by commas (also ， and 、) or semicolons
 * (also ；) and, when spaces is 1, by spaces and tabs; items are trimmed
 * and empty ones skipped. Returns the count; free with plan_list_free. */
size_t plan_split(const char *s, int spaces, char ***out);
void plan_list_free(char **items, size_t n);
/* Canonical forms of an id, a date and a count as given, for comparing a
 * record read back with the stored one: given itself or text built in
 * scratch; NULL when it cannot be read as its type. */
const char *plan_canon_id(const char *given, cw_buf *scratch);
const char *plan_canon_date(const char *given, cw_buf *scratch);
const char *plan_canon_count(const char *given, cw_buf *scratch);
void plan_row_free(char **row, size_t n);
typedef const char *(*plan_canon_fn)(size_t i, const char *given, cw_buf *scratch);
/* A record carrying the id of a stored record: skipped when every field
 * it gives equals the stored one (canonical), rejected naming the first
 * field that differs otherwise. */
void plan_same_as_stored(cw_batch *b, const cw_record *rec,
			 const cw_fieldspec *spec, size_t n, const char **vals,
			 const char **src, char **stored, plan_canon_fn canon,
			 const char *what, const char *id);
/* A record whose field 0 gives the id of a stored record of kind (what
 * the tools printed, read back): rejected when that is not an id of kind
 * ("not a WHAT id (PREFIX-n)") or names no record st (see plan_load_row)
 * finds (with db NULL, none) nor dry, a dry run's records (may be NULL:
 * its rows in the order of spec, field 0 left empty), with "no such
 * WHAT"; else judged by plan_same_as_stored. what names the kind in
 * messages. Returns 0, or an exit code after a message. */
int plan_known_record(cw_db *db, store_stmt *st, store_dryrows *dry,
		      cw_batch *b, const cw_record *rec, const cw_fieldspec *spec,
		      size_t n, const char **vals, const char **src,
		      enum cw_kind kind, const char *what, plan_canon_fn canon);
/* A dry run's new record v (n values in the order of spec, field 0
 * empty), that the real run would store in table: printed as the real
 * run would print it but for its id and the time it is stored (column
 * created, empty), then kept with the dry run's clock there for
 * plan_known_record (dry made ready on first use). 0 or an exit code. */
int plan_dry_keep(store_dryrows *dry, cw_db *db, cw_batch *b,
		  const char *table, size_t n, const char **v, size_t created);

/* store_contacts.c: contacts and group sessions (sw-plan contacts,
 * sessions). */
/* A contact to store. */
typedef struct plan_contact {
	int64_t case_id;
	const char *date;       /* YYYY-MM-DD */
	const char *kind;       /* canonical (store_vocab_contact_kind) */
	long minutes;
	const char *worker;     /* or NULL */
	const char *note;       /* or NULL */
	int64_t session;        /* its group session, 0 for none */
	const char *created;    /* when stored (UTC) */
	int64_t batch;
	const char *project;    /* its project's code, or NULL */
	int64_t activity;       /* its community activity (kind community),
				   0 for none */
} plan_contact;
/* A group session to store. */
typedef struct plan_session {
	const char *date;       /* YYYY-MM-DD */
	const char *title;
	long minutes;
	const char *workers;    /* joined with ", " */
	const char *note;       /* or NULL */
	const char *created;    /* when stored (UTC) */
	int64_t batch;
	const char *project;    /* its project's code, or NULL */
	int64_t programme;      /* its group programme, 0 for none */
} plan_session;
/* The statements reading one stored contact, group session, by its id
 * for plan_load_row: the columns the verb prints, in its order. Kept by
 * the connection; NULL after a database error (reported). */
store_stmt *plan_db_contact_get(cw_db *db);
store_stmt *plan_db_session_get(cw_db *db);
/* Store c, s: 0 and *id set, or CW_EXIT_DB after a message. */
int plan_db_contact_insert(cw_db *db, const plan_contact *c, int64_t *id);
/* contacts.c: the minutes of work a record's field hdr gives (s, NULL
 * when empty): a whole number from 0 to 1440 into *out; CW_REJECTED
 * after rejecting the record. */
int plan_minutes(cw_batch *b, const cw_record *rec, const char *hdr,
		 const char *s, long *out);
/* contacts.c: the cases a record lists in its field hdr (given, NULL
 * when empty: rejected with required, else none): case ids separated by
 * spaces, commas or 、, each an existing case, none twice. *ids (newly
 * allocated, NULL for none) and *n set; their canonical ids joined with
 * ", " into joined. 0, CW_REJECTED or an exit code. */
int plan_case_list(cw_db *db, cw_batch *b, const cw_record *rec,
		   const char *hdr, const char *given, int required,
		   int64_t **ids, size_t *n, cw_buf *joined);
/* SQL: hours in hundredths (h) as plan_hours_text writes them. */
#define HOURS_TEXT(h) \
	"CASE WHEN " h " % 100 = 0 THEN CAST(" h " / 100 AS TEXT)" \
	" WHEN " h " % 10 = 0 THEN CAST(" h " / 100 AS TEXT) || '.' ||" \
	" CAST(" h " % 100 / 10 AS TEXT) ELSE CAST(" h " / 100 AS TEXT) || '.' ||" \
	" CAST(" h " % 100 / 10 AS TEXT) || CAST(" h " % 10 AS TEXT) END"
/* volunteers.c: volunteers a record lists with their hours
 * (NAME=HOURS, hours above 0 up to 24 with up to two decimals), in its
 * field hdr: each on the volunteer roster (its id into (*ids)[i]; 0
 * without a database), its hours in hundredths into (*h100)[i], none
 * twice; canonical "NAME=HOURS" joined with ", " into joined. With a
 * database, refused: hours on date (YYYY-MM-DD) before the volunteer joined or making more
 * than 24 on that day with those stored. 0 with *n set, CW_REJECTED or
 * an exit code. */
int plan_volunteer_hours(cw_db *db, cw_batch *b, const cw_record *rec,
			 const char *hdr, const char *given, const char *date,
			 int64_t **ids, long **h100, size_t *n, cw_buf *joined);
/* A volunteer a record names, the nth of its list (messages give the
 * number, never the name), on the roster: 0 and *id; CW_REJECTED
 * after rejecting the record; or an exit code. Without a database (a
 * dry run without one), 0 and *id 0. */
int plan_volunteer_of(cw_db *db, cw_batch *b, const cw_record *rec,
		      const char *hdr, const char *name, size_t nth,
		      int64_t *id);
/* Hours in hundredths as text: "2.5", "3", "0.25". */
void plan_hours_text(long h100, char out[32]);
/* The canonical form of a list of volunteers' hours as given (for the
 * round trip), built in scratch; NULL when it is not one. */
const char *plan_canon_hours(const char *given, cw_buf *scratch);
/* store_contacts.c: whether group programme id exists: 1, with its
 * project's code into *project (a new string, NULL when it has none), 0,
 * or -1 after store_fail. */
int plan_db_programme(cw_db *db, int64_t id, char **project);
/* store_contacts.c: whether volunteer id joined after date (YYYY-MM-DD):
 * 1, 0, or -1 after store_fail. */
int plan_db_volunteer_joined_after(cw_db *db, int64_t id, const char *date);
/* store_contacts.c: volunteer id's hours stored on date, in hundredths,
 * into *h100: 0, or -1 after store_fail. */
int plan_db_volunteer_day_hours(cw_db *db, int64_t id, const char *date,
				int64_t *h100);
/* store_contacts.c: volunteer name's id into *id: 1 when on the roster,
 * 0 when not, -1 after store_fail. */
int plan_db_volunteer(cw_db *db, const char *name, int64_t *id);
/* Stores a volunteer's hours (in hundredths) at an activity or a
 * contact (the other 0). 0 or CW_EXIT_DB. */
int plan_db_hours_insert(cw_db *db, int64_t volunteer, int64_t activity,
			 int64_t contact, const char *date, long hours100,
			 int64_t batch);
/* contacts.c: stores contact c of an attendance (a group session's or a
 * community activity's) and adds it to audit as the contact record
 * sw-plan contacts prints, built in json: 0 and *id, or an exit code. */
int plan_attendance_contact(cw_db *db, const plan_contact *c,
			    cw_audit_ids *audit, cw_buf *json, int64_t *id);
int plan_db_session_insert(cw_db *db, const plan_session *s, int64_t *id);
/* The case's assigned worker into *out (newly allocated; NULL when none,
 * or no such case): 0 or CW_EXIT_DB after a message. */
int plan_db_case_worker(cw_db *db, int64_t case_id, char **out);

/* store_followups.c: follow-ups (sw-plan followups). */
/* The statement reading one follow-up by its id (plan_load_row), as
 * sw-plan followups prints it; NULL after a database error. */
store_stmt *plan_db_followup_get(cw_db *db);
/* Marks follow-up id done on date, at now, with note (NULL clears it),
 * when it is open: 1 done, 0 when it was not open, -1 after a database
 * error (reported). */
int plan_db_followup_done(cw_db *db, int64_t id, const char *date,
			  const char *now, const char *note);

/* store_due.c: the sources of dated work sw-plan due lists. */
enum { PLAN_DUE_NSOURCES = 9 };
/* What every item of a source is. */
typedef struct plan_due_source {
	enum cw_kind id_kind;   /* its items' ids are PREFIX-n */
	const char *kind;       /* every item's kind, or NULL: column 5 */
	const char *what;       /* every item's what, or NULL: column 4 */
} plan_due_source;
/* Source i's (0 to PLAN_DUE_NSOURCES - 1). */
const plan_due_source *plan_db_due_source(size_t i);
/* Opens the cursor st[i] of each source i, bound to until (YYYY-MM-DD,
 * inclusive) and worker (NULL: any): rows of (due date, case number,
 * worker, item number[, what[, kind]]) in the order of the list (due
 * date, kind, case, item), stepped with store_step, freed with
 * store_finalize. 0, or CW_EXIT_DB after a message (none left open). */
int plan_db_due_items(cw_db *db, const char *until, const char *worker,
		      store_stmt **st);

/* store_show.c: the plan view, a case's plan and its revisions. */
enum { PLAN_VIEW_NCOLS = 13 };
typedef void (*plan_view_fn)(void *ctx, const char *const *vals);
/* Calls fn with each record of the case's current plan view (its
 * PLAN_VIEW_NCOLS columns, show.c): 0 or CW_EXIT_DB after a message. */
int plan_db_view_each(cw_db *db, int64_t case_id, plan_view_fn fn, void *ctx);
/* The case's plan (0 for none) and its latest revision: 1, 0 when there
 * is no such case, -1 after a database error (reported). */
int plan_db_case_plan(cw_db *db, int64_t case_id, int64_t *plan,
		      int *revision);
/* Revision rev's snapshot (newly allocated; NULL when NULL): 1, 0 when
 * there is no such revision, -1 after a database error (reported). */
int plan_db_revision_snapshot(cw_db *db, int64_t plan, int revision,
			      char **snapshot);
/* A cursor over the plan's revisions in order: revision, plan id
 * (PL-n), created_at, actor, snapshot. Freed with store_finalize; NULL
 * after a database error (reported). */
store_stmt *plan_db_revisions(cw_db *db, int64_t plan);

/* show.c: appends the case's current plan view (goals in id order,
 * each followed by its tasks) to out as a revision snapshot: a canonical
 * JSON array of plan view records. Returns 0 or CW_EXIT_DB. */
int plan_view_snapshot(cw_db *db, int64_t case_id, cw_buf *out);

/*
 * ---- edit.c, revise.c: what the goals, tasks and progress verbs share (goals.c,
 * tasks.c, progress.c): the layout of their records, their batch and the
 * checks of their fields (edit.c), and the plan revisions a goals or
 * tasks batch ends with (revise.c). Their SQL is store_goals.c's. ----
 */

/* A goal, in output order; revision is read in input only. */
enum {
	G_ID, G_CASE, G_PLAN, G_TERM, G_DESC, G_NEED, G_INDICATOR, G_BASELINE,
	G_TARGET, G_DEADLINE, G_STATUS, G_CREATED, G_UPDATED, NG,
	G_REVISION = NG, NGIN
};
/* A task. */
enum {
	TK_ID, TK_GOAL, TK_CASE, TK_DESC, TK_OWNER, TK_DUE, TK_STATUS, TK_DONE,
	TK_CREATED, TK_UPDATED, NTK
};
/* A progress entry. */
enum { P_ID, P_GOAL, P_CASE, P_DATE, P_VALUE, P_STATUS, P_NOTE, P_CREATED, NP };

/* A goal's columns, as printed and audited (goals.c). */
extern const cw_col plan_goal_cols[NG];

/* A plan the batch changed, and its case. */
struct plan_touch {
	int64_t plan, case_id;
};

/* A goals, tasks or progress batch. */
struct plan_edit {
	cw_db *db;                   /* NULL in a dry run without a database */
	int dry_run;
	cw_date today;
	cw_duration cycle;           /* a new plan's review cycle */
	cw_audit_ids *plans;         /* plans created */
	cw_audit_ids *goals;         /* goals created */
	cw_audit_ids *tasks;         /* tasks created */
	cw_audit_ids *progress;      /* progress entries created */
	cw_audit_ids *revisions;     /* plans revised, by their snapshots */
	struct plan_touch *touched;  /* plans changed, with repeats */
	size_t ntouched, cap;
	cw_buf json;                 /* scratch */
	/* A dry run with a database keeps the goals, tasks or progress
	 * entries it would store or change as the batch leaves them (see
	 * plan_edit_dry_row), and the plans its goals would create, by case. */
	store_dryrows rows, made_plans;
	int64_t next_plan;           /* the next plan's id, 0 before the first */
};

/* ---- edit.c ---------------------------------------------------------------- */

/* Runs one batch of a verb (its records' cols and names, fn for each,
 * finish at the end) over files with x's database, which a dry run may
 * lack: it then checks the form of what is given alone. */
int plan_edit_run(const cw_ctx *x, const cw_batch_opts *o, char **files,
		  size_t nfiles, const cw_col *cols, size_t ncols,
		  const cw_names *names, cw_batch_fn fn,
		  cw_batch_finish_fn finish);

/* Keeps row v of a record a dry run would store (id 0: a new one, in
 * table) or change (id), as it would then stand. 0 or an exit code. */
int plan_edit_dry_row(struct plan_edit *p, const char *table, size_t ncols,
		      int64_t id, const char *const *v);
/* Reads row id of a dry run into v (owned) as the batch left it: 1, 0
 * when the dry run has not stored or changed it, or -exit code. Its id,
 * when left out, is put in column 0 (of kind). */
int plan_edit_dry_get(struct plan_edit *p, int64_t id, enum cw_kind kind,
		      char **v);
/* The number of id text s (GL-7: 7), or 0. */
int64_t plan_edit_id_num(const char *s);
/* Frees s[0..n) and sets them NULL. */
void plan_edit_free(char **s, int n);

/* Audits one changed record: action update, its id, the fields marked
 * in changed before and after. 0 or an exit code. */
int plan_edit_audit(struct plan_edit *p, enum cw_kind kind, int64_t id,
		    const cw_col *cols, int n, char *const *before,
		    const char *const *after, const int *changed);
/* Starts storing a change to a record whose new values are m: skips the
 * record when nothing changed (any 0) and shows m in a dry run,
 * returning CW_REJECTED then; else returns 0 with now stamped. */
int plan_edit_change_begin(struct plan_edit *p, cw_batch *b,
			   const cw_record *rec, int any, const char *const *m,
			   char *now);
/* A loader of stored records (goals.c's goal_load, tasks.c's task_load):
 * 1 with v and iv set, 0 when none, or -exit code. */
typedef int (*plan_edit_load_fn)(struct plan_edit *p, int64_t id, char **v,
				 int64_t *iv);
/* Reads back record id just stored through load: 0 with v and iv set,
 * or CW_EXIT_DB after a message ("cannot WHAT"). */
int plan_edit_reload(struct plan_edit *p, plan_edit_load_fn load, int64_t id,
		     char **v, int64_t *iv, const char *what);

/* The checks of a record's fields: 0, or CW_REJECTED after rejecting the
 * record (naming the column hdr); a value made canonical points to buf. */
/* A read-only id given (may be NULL) must name the stored record. */
int plan_edit_ro_id(cw_batch *b, const cw_record *rec, const char *hdr,
		    const char *given, enum cw_kind kind, int64_t stored);
/* A read-only value given (may be NULL) must be the stored one. */
int plan_edit_ro(cw_batch *b, const cw_record *rec, const char *hdr,
		 const char *given, const char *stored);
/* A read-only value of a new record (a what) must be empty. */
int plan_edit_ro_empty(cw_batch *b, const cw_record *rec, const char *hdr,
		       const char *given, const char *what);
/* *v, when given, made the canonical word of words. */
int plan_edit_word(cw_batch *b, const cw_record *rec, const char *hdr,
		   const char **v, const store_vocab *words);
/* *v, when given, made a canonical date in buf (11 bytes), in the future
 * only when future is 1. */
int plan_edit_date(struct plan_edit *p, cw_batch *b, const cw_record *rec,
		   const char *hdr, const char **v, int future, char *buf);
/* *v, when given, made the canonical spelling of an id of kind in buf
 * (the prefix in capitals), its number in *num (may be NULL). */
int plan_edit_canon_id(cw_batch *b, const cw_record *rec, const char *hdr,
		       const char **v, enum cw_kind kind, char *buf,
		       int64_t *num);
/* The goal that text names, for a task or a progress entry, into g
 * (g->status owned): also CW_REJECTED with "no such goal", or an exit
 * code. With no database only the form is checked (g->open 1). */
int plan_edit_goal_ref(struct plan_edit *p, cw_batch *b, const cw_record *rec,
		       const char *hdr, const char *text, plan_goal_ref *g);
/* Plans change only while their case is open: 0 when open is 1. */
int plan_edit_open(cw_batch *b, const cw_record *rec, const char *hdr,
		   int open, int64_t case_id);

/* ---- revise.c ---------------------------------------------------------------- */

/* Notes that the batch changed plan, of case_id: its revision is
 * written when the batch ends. */
void plan_edit_touch(struct plan_edit *p, int64_t plan, int64_t case_id);
/* The end of a goals or tasks batch (a cw_batch_finish_fn over a struct
 * plan_edit): each plan it touched gets one new revision, a snapshot of
 * the whole plan; then the audit of what it created and revised. */
int plan_edit_finish(void *ctx, cw_batch *b);

/*
 * ---- closing.c: what the review, close and reopen verbs share
 * (review.c, closure.c, reopen.c): their batch and the case and plan it
 * reads and changes (closing.c). Their SQL is store_closing.c's. ----
 */

/* A review, close or reopen batch. */
struct plan_closing {
	cw_db *db;                  /* NULL in a dry run without one */
	int dry_run;
	cw_date today;
	cw_duration cycle;          /* the configuration's review cycle */
	cw_audit_ids *reviews;      /* reviews created */
	cw_audit_ids *closures;     /* closures created */
	cw_audit_ids *followups;    /* post-closure follow-ups created */
	cw_buf json;                /* scratch */
	/* A dry run writes nothing: the cases it has closed or reopened so
	 * far, so that a later record for the same case sees them so. */
	int64_t *flipped;
	size_t nflipped, capflipped;
	/* A dry run's reviews or closures, for a record naming one; or the
	 * reopenings it would record, by closure. */
	store_dryrows dry;
};

/* What a record needs to know of its case. */
struct plan_caseinfo {
	int open;                   /* 1 open, 0 closed (as this batch left it) */
	plan_case_facts f;          /* f.worker owned */
};

/* Runs one batch of a verb (its records' cols and names, fn for each)
 * over files with x's database, which a dry run may lack. At the end the
 * audit of the reviews, closures and follow-ups it created. */
int plan_closing_run(const cw_ctx *x, const cw_batch_opts *o, char **files,
		     size_t nfiles, const cw_col *cols, size_t ncols,
		     const cw_names *names, cw_batch_fn fn);

/* A record's case, given in the column hdr: required, existing. 0 with
 * *case_id and ci set (without a database: open, nothing known),
 * CW_REJECTED after rejecting the record, or an exit code. */
int plan_closing_case(struct plan_closing *c, cw_batch *b, const cw_record *rec,
		      const char *hdr, const char *given, int64_t *case_id,
		      struct plan_caseinfo *ci);
/* A dry run closed or reopened case_id: later records see it so. */
void plan_closing_flip(struct plan_closing *c, int64_t case_id);
/* A date that defaults to today, not in the future: 0 with *out set, or
 * CW_REJECTED after rejecting. */
int plan_closing_date(struct plan_closing *c, cw_batch *b, const cw_record *rec,
		      const char *hdr, const char *given, cw_date *out);

/* An audit entry for one record changed: action, the record and one
 * field's value before and after (a second field when key2 is given). */
int plan_closing_audit(struct plan_closing *c, const char *action,
		       enum cw_kind kind, int64_t id, const char *key,
		       const char *before, const char *after, const char *key2,
		       const char *before2, const char *after2);

/* The case's plan: *plan (0 when it has none, as without a database),
 * its review cycle (the configuration's when it has none) and its next
 * review date (newly allocated, or NULL). 0 or an exit code. */
int plan_closing_plan(struct plan_closing *c, int64_t case_id, int64_t *plan,
		      cw_duration *cycle, char **next);
/* Sets a plan's next review (NULL: none) when it differs from before,
 * audited as an update of the plan. 0 or an exit code. */
int plan_closing_next_review(struct plan_closing *c, int64_t plan,
			     const char *before, const char *next,
			     const char *now);

#endif
