/*
 * plan/closing.h - what the review, close and reopen verbs share
 * (review.c, closure.c, reopen.c): their batch and the case and plan it
 * reads and changes (closing.c). Their SQL is store_closing.c's. Not
 * installed; ownership as in casework.h.
 */
#ifndef CW_PLAN_CLOSING_H
#define CW_PLAN_CLOSING_H

#include "plan/plan.h"

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
	store_stmt *roster;         /* intake_roster_allows' query */
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
