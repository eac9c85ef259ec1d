/*
 * assess/assess.h - what the sw-assess parts of the library share: the
 * SQL behind assessments and the follow-ups they schedule (store.c).
 * Not installed. Each function that returns an int gives 0 (or what it
 * says) and an exit code, or -1 where it says, after a database error,
 * which it has reported (store_fail).
 */
#ifndef CW_ASSESS_H
#define CW_ASSESS_H

#include "store/store.h"
#include "verbs.h"

/* An assessment as it is stored; text NULL where there is none. */
struct assess_row {
	int64_t case_id;
	const char *instrument;
	const char *version;
	const char *date;         /* YYYY-MM-DD */
	int64_t total100;         /* the total, in hundredths */
	int has_scaled;           /* whether scaled100 is one */
	int64_t scaled100;
	const char *band, *risk, *flags, *subscales;
	const char *answers;      /* {"item": value, ...} in item order */
	const char *created_at;   /* a timestamp */
	int64_t batch_id;
};

/* query.c: the instruments of cfg (built-in and the agency's folder) into
 * *all, and with name (not NULL) the one of that name into *in: 0, or an
 * exit code after a message (a usage error for an unknown name), *all
 * NULL then. */
int assess_instrument_find(cw_instruments **all, const cw_instrument **in,
			   const cw_config *cfg, const char *name);

/* ---- store.c: the SQL --------------------------------------------------- */

/* Whether case id is stored: 1, 0, or -1. */
int assess_db_case_exists(cw_db *db, int64_t id);
/* Whether assessment id is stored and of instrument: 1, 0, or -1. */
int assess_db_assessment_exists(cw_db *db, int64_t id, const char *instrument);
/* The first stored assessment of case_id with instrument, date and
 * answers (as struct assess_row has them): 1 and its id in *id, 0 when
 * there is none, or -1. */
int assess_db_assessment_same(cw_db *db, int64_t case_id, const char *instrument,
			      const char *date, const char *answers, int64_t *id);
/* The latest date case_id was assessed on with instrument, as a new
 * string in *date (NULL when never): 0 or CW_EXIT_DB. */
int assess_db_latest_date(cw_db *db, int64_t case_id, const char *instrument,
			  char **date);
/* Stores r: 0 and the new assessment's id in *id, or CW_EXIT_DB. */
int assess_db_assessment_insert(cw_db *db, const struct assess_row *r, int64_t *id);
/* The id the next assessment stored will have, or -1. */
int64_t assess_db_assessment_next_id(cw_db *db);
/* Schedules an open follow-up of kind (crisis, reassessment) for case_id,
 * due on due, made by assessment with instrument at now in batch: 0 and
 * its id in *id, or CW_EXIT_DB. */
int assess_db_followup_insert(cw_db *db, int64_t case_id, const char *kind,
			      const char *due, const char *instrument,
			      int64_t assessment, const char *now, int64_t batch,
			      int64_t *id);
/* Marks done at now, on date (the answering assessment's), the open
 * re-assessment follow-ups of case_id for instrument, calling fn with
 * the id of each (in id order) first: 0 or CW_EXIT_DB. */
int assess_db_reassessments_close(cw_db *db, int64_t case_id,
				  const char *instrument, const char *now,
				  const char *date,
				  void (*fn)(int64_t id, void *ctx), void *ctx);

/* A cursor over case_id's assessments by instrument, date and id, with
 * the columns assessment_id (AS-n), case_id (CA-n), instrument, date,
 * total100, scaled100 (NULL when none), band, risk, flags; the caller
 * steps and finalizes it. NULL after a database error. */
store_stmt *assess_db_history(cw_db *db, int64_t case_id);
/* A cursor over the open cases (of worker, when not NULL) with their
 * current risk: the highest among the latest assessment of each
 * instrument but the nsurveys surveys (which say nothing of risk), by
 * risk (highest first) and case; columns case_id (CA-n), risk, the
 * instruments that give it (in name order, joined by ", "), the latest
 * date among those assessments, worker. The caller finalizes it. NULL
 * after a database error. */
store_stmt *assess_db_risk(cw_db *db, const char *worker,
			   const char *const *surveys, size_t nsurveys);

#endif
