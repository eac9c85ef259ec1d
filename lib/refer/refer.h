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
/* "SELECT <the NRS columns> FROM services s LEFT JOIN organizations o
 * ON ...": add a WHERE on s (and o) and an ORDER BY. The phone is the
 * first of the service's own, its locations', then its organisation's
 * (faxes left out); the address the first of its locations' (physical
 * before postal), then its organisation's, on one line. */
extern const char refer_service_select[];

/* ---- referrals (referrals.c, list.c, store_referrals.c) ------------ */

/* The columns of a referral record, in the order add, status and list
 * print them (refer_referral_cols) and the store reads them. */
enum {
	RF_ID, RF_CASE, RF_SERVICE_ID, RF_SERVICE, RF_PROVIDER, RF_REASON,
	RF_URGENCY, RF_STATE, RF_FOLLOWUP, RF_EXPECTED, RF_SENT, RF_RESPONSE,
	RF_COMPLETED, RF_OVERRIDE, RF_NOTE, RF_CREATED, RF_UPDATED, NRF
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
/* Reads the consent of case_num's client into *c: 0 or CW_EXIT_DB (a
 * case that is not stored is an error). */
int refer_db_case_consent(cw_db *db, int64_t case_num, struct refer_consent *c);
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
