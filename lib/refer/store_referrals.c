/* refer/store_referrals.c - the SQL behind referrals, their changes of
 * state and the feedback of their providers. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>
#include "refer/refer.h"

/* The record's NRF columns (enum RF_*, in order); k is the case (for its
 * worker), s the service (for its name). */
#define REFER_COLS \
	"'RF-' || r.id, 'CA-' || r.case_id, 'SV-' || r.service_id, s.name," \
	" r.provider, r.reason, r.urgency, r.state, r.followup_date," \
	" r.expected_date, r.sent_date, r.response_date, r.completed_date," \
	" r.consent_override, r.note, r.created_at, r.updated_at, r.project"
#define REFER_FROM \
	" FROM referrals r JOIN cases k ON k.id = r.case_id" \
	" LEFT JOIN services s ON s.id = r.service_id"

store_stmt *refer_db_referrals_select(cw_db *db, const char *state,
				      int64_t case_num, int64_t service_num,
				      const char *worker, const char *overdue_on)
{
	store_stmt *st = store_prepare(db, "SELECT " REFER_COLS REFER_FROM
		" WHERE (r.state = ?1 OR ?1 IS NULL)"
		" AND (r.case_id = ?2 OR ?2 IS NULL)"
		" AND (r.service_id = ?3 OR ?3 IS NULL)"
		" AND (k.worker = ?4 OR ?4 IS NULL)"
		" AND ((r.state = 'sent' AND r.followup_date < ?5)"
		"  OR (r.state = 'accepted' AND r.expected_date < ?5)"
		"  OR ?5 IS NULL)"
		" ORDER BY r.id");

	if (!st)
		return NULL;
	store_bind_text(st, 1, state);
	if (case_num)
		store_bind_int(st, 2, case_num);
	if (service_num)
		store_bind_int(st, 3, service_num);
	store_bind_text(st, 4, worker);
	store_bind_text(st, 5, overdue_on);
	return st;
}

int refer_db_referral_get(cw_db *db, int64_t id, char *v[NRF],
			  int64_t *case_num, char last[11])
{
	/* The date of the last change of state: the newest event that
	 * left a state (adding one leaves none). */
	static const char sql[] = "SELECT " REFER_COLS ", r.case_id,"
		" (SELECT e.date FROM referral_events e WHERE e.referral_id = r.id"
		"  AND e.from_state IS NOT NULL ORDER BY e.id DESC LIMIT 1)"
		REFER_FROM " WHERE r.id = ?";
	store_stmt *st = store_cached(db, sql);
	int r, c;

	if (!st)
		return CW_EXIT_DB;
	store_bind_int(st, 1, id);
	r = store_step(st);
	if (r == STORE_ROW) {
		for (c = 0; c < NRF; c++) {
			const char *s = store_col_text(st, c);
			v[c] = s ? cw_xstrdup(s) : NULL;
		}
		*case_num = store_col_int(st, NRF);
		last[0] = '\0';
		if (store_col_type(st, NRF + 1) == STORE_TEXT)
			cw_utf8_truncate(last, 11, store_col_text(st, NRF + 1));
	}
	store_reset(st);
	if (r == STORE_ROW)
		return 1;
	return r == STORE_DONE ? 0 : store_fail(db, "read a referral");
}

/* Steps st, a write, to its end and resets it: 0, or CW_EXIT_DB after
 * saying it could not do what. */
static int write_done(cw_db *db, store_stmt *st, const char *what)
{
	int r = store_step(st);
	store_reset(st);
	return r == STORE_DONE ? 0 : store_fail(db, what);
}

int refer_db_referral_insert(cw_db *db, int64_t case_num, int64_t service,
			     const char *const v[NRF], const char *now,
			     int64_t batch, int64_t *id)
{
	static const char sql[] = "INSERT INTO referrals (case_id, service_id,"
		" provider, reason, urgency, state, expected_date, note,"
		" created_at, batch_id, project)"
		" VALUES (?,?,?,?,?,'draft',?,?,?,?,?)";
	store_stmt *st = store_cached(db, sql);
	int rc;

	if (!st)
		return CW_EXIT_DB;
	store_bind_int(st, 1, case_num);
	if (service)
		store_bind_int(st, 2, service);
	store_bind_text(st, 3, v[RF_PROVIDER]);
	store_bind_text(st, 4, v[RF_REASON]);
	store_bind_text(st, 5, v[RF_URGENCY]);
	store_bind_text(st, 6, v[RF_EXPECTED]);
	store_bind_text(st, 7, v[RF_NOTE]);
	store_bind_text(st, 8, now);
	store_bind_int(st, 9, batch);
	store_bind_text(st, 10, v[RF_PROJECT]);
	if ((rc = write_done(db, st, "store a referral")) != 0)
		return rc;
	*id = store_last_id(db);
	return 0;
}

int refer_db_referral_update(cw_db *db, int64_t id, const char *const v[NRF])
{
	static const char sql[] = "UPDATE referrals SET state = ?,"
		" followup_date = ?, expected_date = ?, sent_date = ?,"
		" response_date = ?, completed_date = ?, consent_override = ?,"
		" updated_at = ? WHERE id = ?";
	store_stmt *st = store_cached(db, sql);

	if (!st)
		return CW_EXIT_DB;
	store_bind_text(st, 1, v[RF_STATE]);
	store_bind_text(st, 2, v[RF_FOLLOWUP]);
	store_bind_text(st, 3, v[RF_EXPECTED]);
	store_bind_text(st, 4, v[RF_SENT]);
	store_bind_text(st, 5, v[RF_RESPONSE]);
	store_bind_text(st, 6, v[RF_COMPLETED]);
	store_bind_text(st, 7, v[RF_OVERRIDE]);
	store_bind_text(st, 8, v[RF_UPDATED]);
	store_bind_int(st, 9, id);
	return write_done(db, st, "change a referral");
}

int refer_db_event_insert(cw_db *db, int64_t id, const char *from,
			  const char *to, const char *date, const char *at,
			  const char *actor, const char *reason, int64_t batch)
{
	static const char sql[] = "INSERT INTO referral_events (referral_id,"
		" from_state, to_state, date, at, actor, reason, batch_id)"
		" VALUES (?,?,?,?,?,?,?,?)";
	store_stmt *st = store_cached(db, sql);

	if (!st)
		return CW_EXIT_DB;
	store_bind_int(st, 1, id);
	store_bind_text(st, 2, from);
	store_bind_text(st, 3, to);
	store_bind_text(st, 4, date);
	store_bind_text(st, 5, at);
	store_bind_text(st, 6, actor);
	store_bind_text(st, 7, reason);
	store_bind_int(st, 8, batch);
	return write_done(db, st, "record a change of state");
}

int refer_db_service_name(cw_db *db, int64_t id, char **name)
{
	static const char sql[] = "SELECT name FROM services WHERE id = ?";
	store_stmt *st = store_cached(db, sql);
	int r;

	if (!st)
		return CW_EXIT_DB;
	store_bind_int(st, 1, id);
	r = store_step(st);
	if (r == STORE_ROW)
		*name = cw_xstrdup(store_col_text(st, 0));
	store_reset(st);
	if (r == STORE_ROW)
		return 1;
	return r == STORE_DONE ? 0 : store_fail(db, "look up a service");
}

/* A column's text, owned; NULL for NULL. */
static char *col_dup(store_stmt *st, int i)
{
	const char *s = store_col_text(st, i);
	return s ? cw_xstrdup(s) : NULL;
}

int refer_db_case_consent(cw_db *db, int64_t case_num, const char *date,
			  struct refer_consent *c)
{
	/* the client's consent of the share purpose in effect on date: the
	 * latest given on or before it (schema version 12), none when none
	 * was; whether it had ended or been withdrawn by then is the
	 * caller's to see */
	static const char sql[] = "SELECT CASE WHEN n.id IS NULL THEN NULL"
		" ELSE 'yes' END, n.expires, n.withdrawn FROM cases k"
		" LEFT JOIN consents n ON n.id = (SELECT x.id FROM consents x"
		"  WHERE x.client_id = k.client_id AND x.purpose = 'share'"
		"  AND x.given <= ? ORDER BY x.given DESC, x.id DESC LIMIT 1)"
		" WHERE k.id = ?";
	store_stmt *st = store_cached(db, sql);
	int r;

	memset(c, 0, sizeof *c);
	if (!st)
		return CW_EXIT_DB;
	store_bind_text(st, 1, date);
	store_bind_int(st, 2, case_num);
	r = store_step(st);
	if (r == STORE_ROW) {
		c->share = col_dup(st, 0);
		c->expires = col_dup(st, 1);
		c->withdrawn = col_dup(st, 2);
	}
	store_reset(st);
	return r == STORE_ROW ? 0 : store_fail(db, "read the client's consent");
}

void refer_consent_release(struct refer_consent *c)
{
	free(c->share);
	free(c->expires);
	free(c->withdrawn);
	memset(c, 0, sizeof *c);
}

int refer_db_feedback_find(cw_db *db, int64_t ref, const char *date,
			   const char *outcome, const char *note,
			   const char *created_at)
{
	static const char sql[] = "SELECT created_at FROM referral_feedback"
		" WHERE referral_id = ? AND date = ?"
		" AND outcome IS NOT DISTINCT FROM ? AND note IS NOT DISTINCT FROM ?"
		" ORDER BY id";
	store_stmt *st = store_cached(db, sql);
	int r, found = 0, exact = 0;
	const char *at;

	if (!st)
		return -CW_EXIT_DB;
	store_bind_int(st, 1, ref);
	store_bind_text(st, 2, date);
	store_bind_text(st, 3, outcome);
	store_bind_text(st, 4, note);
	while ((r = store_step(st)) == STORE_ROW) {
		found = 1;
		at = store_col_text(st, 0);
		if (!created_at || (at && !strcmp(at, created_at)))
			exact = 1;
	}
	store_reset(st);
	if (r != STORE_DONE)
		return -store_fail(db, "read feedback");
	return !found ? 0 : exact ? 1 : 2;
}

int refer_db_feedback_insert(cw_db *db, int64_t ref, const char *date,
			     const char *outcome, const char *note,
			     const char *now, int64_t batch)
{
	static const char sql[] = "INSERT INTO referral_feedback (referral_id,"
		" date, outcome, note, created_at, batch_id) VALUES (?,?,?,?,?,?)";
	store_stmt *st = store_cached(db, sql);

	if (!st)
		return CW_EXIT_DB;
	store_bind_int(st, 1, ref);
	store_bind_text(st, 2, date);
	store_bind_text(st, 3, outcome);
	store_bind_text(st, 4, note);
	store_bind_text(st, 5, now);
	store_bind_int(st, 6, batch);
	return write_done(db, st, "store feedback");
}
