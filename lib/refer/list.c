/* refer/list.c - listing referrals (sw-refer list). */
#include "refer/refer.h"

/* The referral record and its query, defined once in referrals.c. */

/* An id option (--case, --service): 0 and *num, or CW_EXIT_DATA after
 * saying why. */
static int parse_id(const char *text, enum cw_kind want, const char *form,
		    int64_t *num)
{
	enum cw_kind kind;
	if (cw_id_parse(text, &kind, num) || kind != want) {
		cw_error("'%s' is not a %s id (%s)", text, cw_kind_name(want), form);
		return CW_EXIT_DATA;
	}
	return 0;
}

/* Refuses an id that names nothing: an empty list would hide the typo. */
static int exists(cw_db *db, const char *sql, int64_t num, const char *text,
		  enum cw_kind kind)
{
	store_stmt *st = store_prepare(db, sql);
	int r;
	if (!st)
		return CW_EXIT_DB;
	store_bind_int(st, 1, num);
	r = store_step(st);
	store_finalize(st);
	if (r == STORE_ROW)
		return 0;
	if (r == STORE_DONE) {
		cw_error("no %s %s", cw_kind_name(kind), text);
		return CW_EXIT_DATA;
	}
	return store_fail(db, "look up an id");
}

int refer_list(const char *db_path, const cw_config *cfg,
		  const cw_referral_query *q, enum cw_format fmt)
{
	cw_db *db = NULL;
	store_stmt *st = NULL;
	cw_buf sql;
	int64_t case_num = 0, service_num = 0;
	char today[11], words[128];
	int rc;

	if (q->state &&
	    store_vocab_index(&store_vocab_referral_state, q->state) < 0)
		return cw_usage_error("option '--status': use %s",
				      store_vocab_list(&store_vocab_referral_state,
						       " or ", words, sizeof words));
	if ((q->case_id && (rc = parse_id(q->case_id, CW_K_CASE, "CA-n", &case_num))) ||
	    (q->service_id &&
	     (rc = parse_id(q->service_id, CW_K_SERVICE, "SV-n", &service_num))))
		return rc;
	if ((rc = cw_db_open(&db, db_path, CW_DB_READ, cfg)) != 0)
		return rc;
	if ((q->case_id && (rc = exists(db, "SELECT 1 FROM cases WHERE id = ?",
					case_num, q->case_id, CW_K_CASE))) ||
	    (q->service_id && (rc = exists(db, "SELECT 1 FROM services WHERE id = ?",
					   service_num, q->service_id, CW_K_SERVICE))))
		goto out;
	cw_buf_init(&sql);
	cw_buf_addstr(&sql, refer_referral_select);
	/* Overdue: sent and not answered by the follow-up date, or accepted
	 * and not completed by the expected date. */
	cw_buf_addstr(&sql, " WHERE (?1 IS NULL OR r.state = ?1)"
		      " AND (?2 IS NULL OR r.case_id = ?2)"
		      " AND (?3 IS NULL OR r.service_id = ?3)"
		      " AND (?4 IS NULL OR k.worker = ?4)"
		      " AND (?5 IS NULL"
		      "  OR (r.state = 'sent' AND r.followup_date < ?5)"
		      "  OR (r.state = 'accepted' AND r.expected_date < ?5))"
		      " ORDER BY r.id");
	st = store_prepare(db, sql.s);
	cw_buf_release(&sql);
	if (!st) {
		rc = CW_EXIT_DB;
		goto out;
	}
	store_bind_text(st, 1, q->state);
	if (q->case_id)
		store_bind_int(st, 2, case_num);
	if (q->service_id)
		store_bind_int(st, 3, service_num);
	store_bind_text(st, 4, q->worker);
	cw_date_format(q->today, today);
	store_bind_text(st, 5, q->overdue ? today : NULL);
	rc = store_print(db, stdout, st, refer_referral_cols, refer_referral_ncols, fmt);
out:
	store_finalize(st);
	cw_db_free(db);
	return rc;
}
