/* refer/list.c - listing referrals (sw-refer list). */
#include <stdlib.h>
#include "refer/refer.h"

/* The referral record is defined once in referrals.c, its query in
 * store_referrals.c. */

/* An id option (--case, --service), when given: 0 and *num (0 when
 * absent), or CW_EXIT_DATA after saying why. */
static int parse_id(const char *text, enum cw_kind want, const char *form,
		    int64_t *num)
{
	enum cw_kind kind;

	*num = 0;
	if (text && (cw_id_parse(text, &kind, num) || kind != want)) {
		cw_error("'%s' is not a %s id (%s)", text, cw_kind_name(want), form);
		return CW_EXIT_DATA;
	}
	return 0;
}

/* The state and the ids of q: 0 with the ids' numbers set, or the exit
 * code after a message. */
static int read_query(const cw_referral_query *q, int64_t *case_num,
		      int64_t *service_num)
{
	char words[128];
	int rc;

	if (q->state &&
	    store_vocab_index(&store_vocab_referral_state, q->state) < 0)
		return cw_usage_error("option '--status': use %s",
				      store_vocab_list(&store_vocab_referral_state,
						       " or ", words, sizeof words));
	if ((rc = parse_id(q->case_id, CW_K_CASE, "CA-n", case_num)) != 0)
		return rc;
	return parse_id(q->service_id, CW_K_SERVICE, "SV-n", service_num);
}

int refer_list_check(const cw_referral_query *q)
{
	int64_t case_num, service_num;
	return read_query(q, &case_num, &service_num);
}

/* Refuses a case that is not stored, named as typed (ca-7 as ca-7): an
 * empty list would hide the typo. 0 or an exit code. */
static int case_stored(cw_db *db, int64_t num, const char *text)
{
	int r = store_case_exists(db, num);

	if (r == 0) {
		cw_error("no %s %s", cw_kind_name(CW_K_CASE), text);
		return CW_EXIT_DATA;
	}
	return r < 0 ? CW_EXIT_DB : 0;
}

/* Refuses a service that is not stored: an empty list would hide the
 * typo. 0 or an exit code. */
static int service_stored(cw_db *db, int64_t num, const char *text)
{
	char *name = NULL;
	int r = refer_db_service_name(db, num, &name);

	free(name);
	if (r == 0) {
		cw_error("no %s %s", cw_kind_name(CW_K_SERVICE), text);
		return CW_EXIT_DATA;
	}
	return r == 1 ? 0 : r;
}

int refer_list(const cw_ctx *x, const cw_referral_query *q, enum cw_format fmt)
{
	store_stmt *st;
	int64_t case_num, service_num;
	char today[11];
	int rc;

	if ((rc = read_query(q, &case_num, &service_num)) != 0 ||
	    (case_num && (rc = case_stored(x->db, case_num, q->case_id)) != 0) ||
	    (service_num && (rc = service_stored(x->db, service_num,
						 q->service_id)) != 0))
		return rc;
	cw_date_format(x->today, today);
	st = refer_db_referrals_select(x->db, q->state, case_num, service_num,
				       q->worker, q->overdue ? today : NULL);
	if (!st)
		return CW_EXIT_DB;
	rc = store_print(x->db, x->out, st, refer_referral_cols, NRF, fmt);
	store_finalize(st);
	return rc;
}
