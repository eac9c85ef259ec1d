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

/* The categories of services, in this order: medical, mental_health,
 * legal_aid, education, social_assistance, housing, employment,
 * disability_rehabilitation, elder_care, child_protection, other. */
#define REFER_NCATEGORIES 11
extern const char *const refer_categories[REFER_NCATEGORIES];
/* The stored category a word names: one of the names above (ASCII in
 * either case) or its Chinese name (医疗, 心理健康 or 心理, 法律援助,
 * 教育, 社会救助 or 低保, 住房, 就业, 残疾康复, 残疾 or 康复, 养老,
 * 儿童保护, 其他). NULL when it names none. */
const char *refer_category_canon(const char *s);
/* "medical, mental_health, ..., other", for messages. */
extern const char refer_category_list[];
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
