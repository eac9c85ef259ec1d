/* report/store_ledger.c - the queries of the ledgers (ledger.c): one row
 * per record of a kind dated in the period, oldest first, with its case,
 * client and worker; each query's columns are its ledger's, in order,
 * then the case's number (NULL for group sessions), which the hand-out's
 * audit entry names. Ids are written with their prefix. */
#define _POSIX_C_SOURCE 200809L
#include "report/report.h"

/* The case, its client's id and name and the worker who held it on the
 * record's day d, from c and cl joined on the record's case. */
#define WHO(d) "'CA-' || c.id, 'CL-' || c.client_id, cl.name, " \
	REPORT_HOLDER("c.id", d)
#define JOIN_CASE(t) \
	" JOIN cases c ON c.id = " t ".case_id JOIN clients cl ON cl.id = c.client_id"
#define IN_PERIOD(d) " WHERE " d " >= :since AND " d " <= :until"
#define CASE_WORKER(d) REPORT_HOLDER_IS("c.id", d)

static const char *const ledger_sql[REPORT_LEDGERS] = {
	[REPORT_LEDGER_CONTACTS] =
	"SELECT 'CT-' || t.id, t.date, 'CA-' || c.id, 'CL-' || c.client_id,"
	" cl.name, t.worker, t.kind, t.minutes,"
	" CASE WHEN t.session_id IS NULL THEN NULL ELSE 'GS-' || t.session_id END,"
	" t.note, c.id FROM contacts t" JOIN_CASE("t") IN_PERIOD("t.date")
	" AND (t.worker = :worker OR :worker IS NULL) ORDER BY t.date, t.id",
	[REPORT_LEDGER_SESSIONS] =
	"SELECT 'GS-' || s.id, s.date, s.title, s.minutes, s.workers,"
	" (SELECT count(*) FROM contacts t WHERE t.session_id = s.id), s.note,"
	" NULL FROM group_sessions s" IN_PERIOD("s.date")
	" AND ((', ' || s.workers || ', ') LIKE ('%, ' || CAST(:worker AS TEXT)"
	" || ', %') OR :worker IS NULL) ORDER BY s.date, s.id",
	[REPORT_LEDGER_ASSESSMENTS] =
	"SELECT 'AS-' || a.id, a.date, " WHO("a.date") ", a.instrument,"
	" a.version,"
	" a.total100, a.scaled100, a.band, a.risk, c.id FROM assessments a"
	JOIN_CASE("a") IN_PERIOD("a.date") CASE_WORKER("a.date")
	" ORDER BY a.date, a.id",
	[REPORT_LEDGER_REFERRAL_EVENTS] =
	"SELECT 'RF-' || r.id, e.date, " WHO("e.date") ","
	" CASE WHEN r.service_id IS NULL THEN NULL ELSE 'SV-' || r.service_id END,"
	" r.provider, e.from_state, e.to_state, e.actor, e.reason, c.id"
	" FROM referral_events e JOIN referrals r ON r.id = e.referral_id"
	JOIN_CASE("r") IN_PERIOD("e.date") CASE_WORKER("e.date")
	" ORDER BY e.date, e.id",
	[REPORT_LEDGER_CLOSURES] =
	"SELECT 'CX-' || x.id, x.closed_date, " WHO("x.closed_date") ","
	" x.reason_kind, x.reason,"
	" x.forced_reason, x.outcomes, x.reopened_date, x.reopen_reason, c.id"
	" FROM closures x" JOIN_CASE("x") IN_PERIOD("x.closed_date")
	CASE_WORKER("x.closed_date") " ORDER BY x.closed_date, x.id",
	[REPORT_LEDGER_FOLLOWUPS] =
	"SELECT 'FU-' || f.id, f.due_date, " WHO("f.due_date") ", f.kind,"
	" f.instrument,"
	" f.status, f.done_date,"
	" CASE WHEN f.assessment_id IS NULL THEN NULL ELSE 'AS-' || f.assessment_id END,"
	" f.note, c.id FROM followups f" JOIN_CASE("f") IN_PERIOD("f.due_date")
	CASE_WORKER("f.due_date") " ORDER BY f.due_date, f.id",
};

store_stmt *report_db_ledger(cw_db *db, int kind, const report_query *q)
{
	return report_db_query(db, ledger_sql[kind], q, 0);
}
