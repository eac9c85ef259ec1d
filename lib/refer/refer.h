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

/* ---- referrals (referrals.c, list.c) ----------------------- */

/* The columns of a referral record as add, status and list print it, and
 * the SELECT that gives them (add a WHERE on r and an ORDER BY). */
extern const cw_col refer_referral_cols[];
extern const size_t refer_referral_ncols;
extern const char refer_referral_select[];

#endif
