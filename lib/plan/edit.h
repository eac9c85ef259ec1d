/*
 * plan/edit.h - what the goals, tasks and progress verbs share (goals.c,
 * tasks.c, progress.c): the layout of their records, their batch and the
 * checks of their fields (edit.c), and the plan revisions a goals or
 * tasks batch ends with (revise.c). Their SQL is store_goals.c's. Not
 * installed; ownership as in casework.h.
 */
#ifndef CW_PLAN_EDIT_H
#define CW_PLAN_EDIT_H

#include "plan/plan.h"

/* A goal, in output order; revision is read in input only. */
enum {
	G_ID, G_CASE, G_PLAN, G_TERM, G_DESC, G_NEED, G_INDICATOR, G_BASELINE,
	G_TARGET, G_DEADLINE, G_STATUS, G_CREATED, G_UPDATED, NG,
	G_REVISION = NG, NGIN
};
/* A task. */
enum {
	T_ID, T_GOAL, T_CASE, T_DESC, T_OWNER, T_DUE, T_STATUS, T_DONE,
	T_CREATED, T_UPDATED, NT
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

#endif
