/*
 * refer/refer.h - what the sw-refer parts of the library share. Not
 * installed; ownership as in casework.h.
 */
#ifndef CW_REFER_H
#define CW_REFER_H

#include "store/store.h"
#include "verbs.h"

/* ---- helper-directory: the resource directory (import.c,
 * directory.c) ------------------------------------------------------ */

/* The stored category of services a word names (store_vocab_service_category:
 * a category in ASCII in either case, or one of its Chinese names); NULL
 * when it names none or s is NULL. */
const char *refer_category_canon(const char *s);
/* "medical, mental_health, ..., other" into out (size bytes), for
 * messages. Returns out. */
#define REFER_CATEGORY_LIST 256
const char *refer_category_list(char *out, size_t size);
/* The category option --category gives, s (NULL when not given), into
 * *canon (refer_category_canon): 0, or CW_EXIT_USAGE after a message. */
int refer_category_option(const char *s, const char **canon);
/* The category the keyword table (directory.c, in its order of
 * precedence) finds in text: a category name as such, else the first
 * keyword found (ASCII keywords in either case at the start of a word,
 * Chinese ones anywhere). NULL when none is found or text is NULL. */
const char *refer_category_guess(const char *text);

/* A service as sw-refer import and services print it. */
enum {
	RS_ID, RS_HSDS, RS_ORG_ID, RS_ORG, RS_NAME, RS_CATEGORY,
	RS_ELIGIBILITY, RS_PHONE, RS_ADDRESS, RS_CREATED, RS_UPDATED, NRS
};
extern const cw_col refer_service_cols[NRS];

/* ---- store_directory.c: the SQL of the directory's readers ----------- */

/* The services sw-refer services selects, by id: those of category (a
 * stored one) with keyword in their name, alternate name, description,
 * eligibility or organisation's name, and with an address (their
 * locations' or their organisation's) that has area in its street, city,
 * region, province or postal code; any text in either ASCII case, each
 * NULL for any. A cursor over refer_service_cols; reset it when done.
 * NULL after a message. */
store_stmt *refer_db_services_search(cw_db *db, const char *category,
				     const char *keyword, const char *area);
/* Calls fn with the record (refer_service_cols) of each service of
 * ids[0..n), which ascend without repeats, in that order. 0, what fn
 * returned when not 0 (it stops there), or CW_EXIT_DB after a message. */
int refer_db_services_each(cw_db *db, const int64_t *ids, size_t n,
			   int (*fn)(void *ctx, const char *const *v),
			   void *ctx);
/* The latest assessment of each instrument of case case_id (by date,
 * then id): a cursor over instrument, band, risk, answers, by
 * instrument; reset it when done. NULL after a message. */
store_stmt *refer_db_latest_assessments(cw_db *db, int64_t case_id);
/* The services of category that are not inactive or defunct (status in
 * either case): a cursor over id, SV-n, name, organisation, phone (as
 * the service record's), by id; reset it when done. NULL after a
 * message. */
store_stmt *refer_db_category_services(cw_db *db, const char *category);

/* ---- store_import.c: the directory's tables as sw-refer import writes
 * them ------------------------------------------------------------------ */

/* The tables sw-refer import writes rows of: the records (each with an
 * HSDS id, created_at and updated_at of its own), then their parts. */
enum refer_table { REFER_ORG, REFER_LOC, REFER_SVC, REFER_PHONE, REFER_ADDR };
/* The most columns a row below has. */
#define REFER_MAX_COLS 11

/* The columns of t that import reads and writes (*n of them), in the
 * order of a row of refer_db_row_*. */
const char *const *refer_db_columns(enum refer_table t, size_t *n);
/* Row id of t into row (owned copies, NULL for NULL): 1, 0 when there is
 * none (the row all NULL), or minus CW_EXIT_DB after a message. */
int refer_db_row_get(cw_db *db, enum refer_table t, int64_t id, char **row);
/* Sets the columns of row id of t that changed[] marks to row's values
 * (the others keep theirs exactly); a record's updated_at becomes now
 * unless batch stored it (filling in a record a batch creates is no
 * update). 0, or CW_EXIT_DB after a message. */
int refer_db_row_set(cw_db *db, enum refer_table t, int64_t id,
		     const char *const *row, const int *changed, int64_t batch,
		     const char *now);
/* Adds row to t with batch (and for a record the HSDS id hsds, created
 * now): 0 and *id, its id, or CW_EXIT_DB after a message. */
int refer_db_row_add(cw_db *db, enum refer_table t, const char *const *row,
		     const char *hsds, const char *now, int64_t batch,
		     int64_t *id);
/* Calls fn with the id and extra of each row of t that has an extra, by
 * id. 0, what fn returned when not 0 (it stops there), or CW_EXIT_DB
 * after a message. */
int refer_db_extras_each(cw_db *db, enum refer_table t,
			 int (*fn)(void *ctx, int64_t id, const char *extra),
			 void *ctx);

/* The lookups below give 0 and *id, the first row found (0 for none), or
 * CW_EXIT_DB after a message. */
/* The record of t whose HSDS id is hsds. */
int refer_db_record_by_hsds(cw_db *db, enum refer_table t, const char *hsds,
			    int64_t *id);
/* The first record of t stored without an HSDS id with name (either may
 * be NULL) and, for a location or a service, organisation org (0: none). */
int refer_db_record_by_name(cw_db *db, enum refer_table t, const char *name,
			    int64_t org, int64_t *id);
/* The first phone of these owners (each 0 for none) with number. */
int refer_db_phone_find(cw_db *db, int64_t org, int64_t loc, int64_t svc,
			const char *number, int64_t *id);
/* The first address of these owners (0: none) with these kind, street,
 * city and postal code (each NULL for none but kind). */
int refer_db_address_find(cw_db *db, int64_t org, int64_t loc,
			  const char *kind, const char *address_1,
			  const char *city, const char *postal_code,
			  int64_t *id);
/* Whether record id of t is stored: 0 and *found (1 or 0), or
 * CW_EXIT_DB after a message. */
int refer_db_record_exists(cw_db *db, enum refer_table t, int64_t id,
			   int *found);
/* The highest id of t (0 when empty) into *max: 0, or CW_EXIT_DB after a
 * message. */
int refer_db_max_id(cw_db *db, enum refer_table t, int64_t *max);
/* Links service svc to location loc: 1, 0 when they were linked
 * already, or minus CW_EXIT_DB after a message. */
int refer_db_service_location_add(cw_db *db, int64_t svc, int64_t loc);
/* Calls fn with the id of each service of organisation id (t REFER_ORG)
 * or at location id (REFER_LOC), in no order. 0, what fn returned when
 * not 0, or CW_EXIT_DB after a message. */
int refer_db_services_of(cw_db *db, enum refer_table t, int64_t id,
			 int (*fn)(void *ctx, int64_t svc), void *ctx);

/* ---- referrals (referrals.c, list.c, store_referrals.c) ------------ */

/* The columns of a referral record, in the order add, status and list
 * print them (refer_referral_cols) and the store reads them. */
enum {
	RF_ID, RF_CASE, RF_SERVICE_ID, RF_SERVICE, RF_PROVIDER, RF_REASON,
	RF_URGENCY, RF_STATE, RF_FOLLOWUP, RF_EXPECTED, RF_SENT, RF_RESPONSE,
	RF_COMPLETED, RF_OVERRIDE, RF_NOTE, RF_CREATED, RF_UPDATED, RF_PROJECT,
	NRF
};
extern const cw_col refer_referral_cols[NRF];

/* store_referrals.c: the SQL of referrals, their changes of state and
 * their feedback. Each function reports its own database error
 * (store_fail) and returns CW_EXIT_DB then. Text parameters are read
 * during the call only, but for refer_db_referrals_select's. */

/* The referrals selected, in id order, as a statement to step whose
 * columns are the record's NRF, for store_print; the caller finalizes
 * it; its text parameters must stay until then. state and worker NULL,
 * case_num and service_num 0 select any; overdue_on (YYYY-MM-DD), when
 * not NULL, only those overdue then: sent and not answered by their
 * follow-up date, or accepted and not completed by the expected date.
 * NULL after store_fail. */
store_stmt *refer_db_referrals_select(cw_db *db, const char *state,
				      int64_t case_num, int64_t service_num,
				      const char *worker, const char *overdue_on);
/* Referral id: 1 with v[NRF] (owned, NULL for none), *case_num and last
 * (the date of its last change of state, "" when none) filled; 0 when
 * there is none; or CW_EXIT_DB. */
int refer_db_referral_get(cw_db *db, int64_t id, char *v[NRF],
			  int64_t *case_num, char last[11]);
/* Stores a new draft referral of case_num to service (0: none, the
 * provider of v instead) from v's provider, reason, urgency,
 * expected_date and note, created at now in batch: 0 with *id set, or
 * CW_EXIT_DB. */
int refer_db_referral_insert(cw_db *db, int64_t case_num, int64_t service,
			     const char *const v[NRF], const char *now,
			     int64_t batch, int64_t *id);
/* Writes v's state, dates, consent_override and updated_at to referral
 * id: 0 or CW_EXIT_DB. */
int refer_db_referral_update(cw_db *db, int64_t id, const char *const v[NRF]);
/* Records referral id's change of state from from (NULL when it is new)
 * to to, on date, at the time at, by actor, for reason (may be NULL),
 * in batch: 0 or CW_EXIT_DB. */
int refer_db_event_insert(cw_db *db, int64_t id, const char *from,
			  const char *to, const char *date, const char *at,
			  const char *actor, const char *reason, int64_t batch);
/* Service id: 1 with *name (owned) set, 0 when there is none, or
 * CW_EXIT_DB. */
int refer_db_service_name(cw_db *db, int64_t id, char **name);

/* The consent to sharing information of a case's client, as stored
 * (owned; NULL for none). */
struct refer_consent {
	char *share, *expires, *withdrawn;
};
/* Reads the consent to share of case_num's client in effect on date
 * (the latest share consent given on or before it: share "yes", or NULL
 * when none was) into *c: 0 or CW_EXIT_DB (a case that is not stored is
 * an error). */
int refer_db_case_consent(cw_db *db, int64_t case_num, const char *date,
			  struct refer_consent *c);
void refer_consent_release(struct refer_consent *c);

/* Whether feedback on referral ref of this date, outcome and note (may
 * be NULL) is stored: 1 when so (with created_at equal to the time given,
 * when one is), 2 when only with another created_at, 0 when not, or
 * -CW_EXIT_DB. */
int refer_db_feedback_find(cw_db *db, int64_t ref, const char *date,
			   const char *outcome, const char *note,
			   const char *created_at);
/* Stores feedback on referral ref, created at now in batch: 0 or
 * CW_EXIT_DB. */
int refer_db_feedback_insert(cw_db *db, int64_t ref, const char *date,
			     const char *outcome, const char *note,
			     const char *now, int64_t batch);

#endif
