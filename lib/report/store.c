/* report/store.c - what sw-report reads and writes for the case file:
 * the case's rows in time order and the audit entry of handing it out;
 * and the end of every report's cursor. The statistical reports' queries
 * are store_stats.c's. */
#define _POSIX_C_SOURCE 200809L
#include "report/report.h"

int report_db_end(cw_db *db, store_stmt *st, int step, const char *what)
{
	int rc = step == STORE_DONE ? 0 : store_fail(db, what);
	store_finalize(st);
	return rc;
}

/* Every source of the file, one SELECT each, joined by UNION ALL. Each
 * gives: date, kind, id, the rank of its kind within a day, the number of
 * its id, then the fields its summary is made of (a to f as text, n1 and
 * n2 as numbers). Each reaches the case's rows through an index on the
 * case (or on the referral). Plan revisions, goals and tasks have no date
 * of their own: they take the local day (TZ) of their creation time, which
 * is kept in UTC (cw_local_date, store/store.h), so that every date of the file is
 * a local one. A date among the text fields is cast to text, as a UNION
 * of PostgreSQL's wants one type a column. */
static const char case_sql[] =
	"SELECT c.intake_date, 'intake', 'CA-' || c.id, 0, c.id,"
	" 'CL-' || c.client_id, c.category, c.referral_source,"
	" " REPORT_HOLDER("c.id", "c.intake_date") ","
	" c.presenting_problem, NULL, NULL, NULL"
	" FROM cases c WHERE c.id = :case"
	" UNION ALL SELECT a.date, 'assessment', 'AS-' || a.id, 1, a.id,"
	" a.instrument, a.band, a.risk, a.flags, NULL, NULL, a.total100, a.scaled100"
	" FROM assessments a WHERE a.case_id = :case"
	" UNION ALL SELECT cw_local_date(v.created_at), 'plan revision',"
	" 'PL-' || p.id, 2, p.id * 100000 + v.revision,"
	" CAST(v.revision AS TEXT), v.actor, NULL, NULL, NULL, NULL, NULL, NULL"
	" FROM plans p JOIN plan_revisions v ON v.plan_id = p.id"
	" WHERE p.case_id = :case"
	" UNION ALL SELECT cw_local_date(g.created_at), 'goal', 'GL-' || g.id, 3,"
	" g.id, g.term, g.description, g.target, CAST(g.deadline AS TEXT),"
	" g.status, NULL, NULL, NULL"
	" FROM goals g WHERE g.case_id = :case"
	" UNION ALL SELECT cw_local_date(t.created_at), 'task', 'TK-' || t.id, 4,"
	" t.id, 'GL-' || t.goal_id, t.description, CAST(t.due_date AS TEXT),"
	" t.owner, t.status, NULL, NULL, NULL"
	" FROM tasks t WHERE t.case_id = :case"
	" UNION ALL SELECT p.date, 'progress', 'PG-' || p.id, 5, p.id,"
	" 'GL-' || p.goal_id, p.value, p.status, p.note, NULL, NULL, NULL, NULL"
	" FROM goals g JOIN goal_progress p ON p.goal_id = g.id"
	" WHERE g.case_id = :case"
	" UNION ALL SELECT ct.date, 'contact', 'CT-' || ct.id, 6, ct.id,"
	" ct.kind, ct.worker, ct.note, 'GS-' || ct.session_id,"
	" CAST(ct.minutes AS TEXT), NULL, NULL, NULL"
	" FROM contacts ct WHERE ct.case_id = :case"
	" UNION ALL SELECT r.date, 'review', 'RV-' || r.id, 7, r.id,"
	" r.worker, CAST(r.next_review AS TEXT), r.note, NULL, NULL, NULL, NULL,"
	" NULL"
	" FROM reviews r WHERE r.case_id = :case"
	" UNION ALL SELECT e.date, 'referral', 'RF-' || f.id, 8,"
	" f.id * 100000 + e.id, e.from_state, e.to_state, e.reason,"
	" coalesce(s.name, f.provider), f.reason, NULL, NULL, NULL"
	" FROM referrals f JOIN referral_events e ON e.referral_id = f.id"
	" LEFT JOIN services s ON s.id = f.service_id"
	" WHERE f.case_id = :case"
	" UNION ALL SELECT b.date, 'referral feedback', 'RF-' || f.id, 9,"
	" f.id * 100000 + b.id, b.outcome, b.note, NULL, NULL, NULL, NULL, NULL,"
	" NULL"
	" FROM referrals f JOIN referral_feedback b ON b.referral_id = f.id"
	" WHERE f.case_id = :case"
	" UNION ALL SELECT t.done_date, 'task done', 'TK-' || t.id, 10, t.id,"
	" 'GL-' || t.goal_id, t.description, NULL, NULL, NULL, NULL, NULL, NULL"
	" FROM tasks t WHERE t.case_id = :case AND t.done_date IS NOT NULL"
	" UNION ALL SELECT x.closed_date, 'closure', 'CX-' || x.id, 11, x.id,"
	" x.reason, x.forced_reason, x.outcomes, NULL, NULL, NULL, NULL, NULL"
	" FROM closures x WHERE x.case_id = :case"
	" UNION ALL SELECT x.reopened_date, 'reopening', 'CX-' || x.id, 12, x.id,"
	" x.reopen_reason, NULL, NULL, NULL, NULL, NULL, NULL, NULL"
	" FROM closures x WHERE x.case_id = :case AND x.reopened_date IS NOT NULL"
	" UNION ALL SELECT f.due_date, 'follow-up', 'FU-' || f.id, 13, f.id,"
	" f.kind, f.instrument, f.status, NULL, NULL, NULL, NULL, NULL"
	" FROM followups f WHERE f.case_id = :case"
	/* each assignment but the one the case began with: a handover, from
	 * the worker before (none for a case that had none) */
	" UNION ALL SELECT h.from_date, 'handover', 'HO-' || h.id, 14, h.id,"
	" (SELECT p.worker FROM assignments p WHERE p.case_id = h.case_id"
	"  AND p.id < h.id AND p.from_date <= h.from_date"
	"  ORDER BY p.from_date DESC, p.id DESC LIMIT 1), h.worker, h.reason,"
	" NULL, NULL, NULL, NULL, NULL"
	" FROM assignments h WHERE h.case_id = :case AND h.id > (SELECT min(f.id)"
	"  FROM assignments f WHERE f.case_id = :case)"
	" ORDER BY 1, 4, 5";

store_stmt *report_db_case_file(cw_db *db, int64_t num)
{
	store_stmt *st = store_prepare(db, case_sql);
	if (st)
		store_bind_int(st, store_bind_index(st, ":case"), num);
	return st;
}

int report_db_hand_out(cw_db *db, const char *actor, const char *verb,
		       const char *ids, const char *detail)
{
	int64_t batch;
	int rc = cw_db_begin(db, actor, verb, &batch);

	if (rc)
		return rc;
	rc = cw_audit_append(db, "hand_out", CW_K_CASE, ids, detail);
	if (rc)
		cw_db_rollback(db);
	else
		rc = cw_db_commit(db);
	return rc;
}
