/* report/store_stats.c - the queries of the statistical reports
 * (stats.c): the facts of a period, each with the values of every group
 * its report can be broken down by. Each query is prepared for one run
 * and its rows are read through the cursor it returns (report.h lists
 * their columns). */
#define _POSIX_C_SOURCE 200809L
#include <string.h>
#include "report/report.h"

/* Binds text val to the parameter name when sql has it. */
static void bind(store_stmt *st, const char *name, const char *val)
{
	int i = store_bind_index(st, name);
	if (i > 0)
		store_bind_text(st, i, val);
}

store_stmt *report_db_query(cw_db *db, const char *sql, const report_query *q,
			    size_t nsurveys)
{
	store_stmt *st = store_prepare(db, sql);
	size_t i;

	if (!st)
		return NULL;
	for (i = 0; i < nsurveys; i++)
		store_bind_text(st, (int)i + 1, q->surveys[i]);
	/* No first day: one before every date stored (dates are 1900 on),
	 * that every engine takes as a date (PostgreSQL's refuses ""). */
	bind(st, ":since", q->since[0] ? q->since : "0001-01-01");
	bind(st, ":until", q->until);
	bind(st, ":asof", q->asof);
	bind(st, ":worker", q->worker);
	bind(st, ":project", q->project);
	return st;
}

/* ---- caseload ------------------------------------------------------------------ */

/* A case is closed on day d when one of its closures is dated on or
 * before d and was not reopened by then; open when its intake is on or
 * before d and it is not closed. */
#define CLOSED_ON(d) \
	"SELECT 1 FROM closures x WHERE x.case_id = k.id AND x.closed_date <= " d \
	" AND (x.reopened_date IS NULL OR x.reopened_date > " d ")"
#define HOLDER REPORT_HOLDER
#define HOLDER_IS REPORT_HOLDER_IS
#define K_PERSON ", k.sex, k.birth_date"
/* after the closure's kind: the case's project and client */
#define K_PROJECT ", k.project, k.client_id"

/* The cases (of the worker asked for) with their risk on the period's
 * last day: the highest among the latest assessment of each instrument
 * dated on or before it, surveys left out (the list that follows: a
 * satisfaction survey says nothing of risk), "none" when never
 * assessed. */
static const char caseload_lv[] =
	"WITH RECURSIVE lv AS (SELECT case_id, risk, row_number() OVER"
	"  (PARTITION BY case_id, instrument ORDER BY date DESC, id DESC) AS rn"
	"  FROM assessments WHERE ";
static const char caseload_surveys[] = "instrument NOT IN ";
static const char caseload_k[] =
	" date <= :until),"
	" rk AS (SELECT case_id, max(CASE risk WHEN 'critical' THEN 4"
	"  WHEN 'high' THEN 3 WHEN 'medium' THEN 2 ELSE 1 END) AS level"
	"  FROM lv WHERE rn = 1 GROUP BY case_id),"
	" k AS (SELECT c.id, c.intake_date, c.worker, c.category,"
	"  c.referral_source, CASE rk.level WHEN 4 THEN 'critical'"
	"  WHEN 3 THEN 'high' WHEN 2 THEN 'medium' WHEN 1 THEN 'low'"
	"  ELSE 'none' END AS risk, cl.sex, cl.birth_date, c.project, c.client_id"
	"  FROM cases c LEFT JOIN rk ON rk.case_id = c.id"
	"  LEFT JOIN clients cl ON cl.id = c.client_id)";
/* The months of the period (from the first intake when it has no first
 * day: the second text): m the first day of each, e its last (NULL past
 * the year 9999), computed once a month; and in ends, each month with
 * its last day within the period. The first month's first day is a date
 * (date arithmetic, not text, for PostgreSQL's date type). */
static const char caseload_months_since[] =
	", months(m, e) AS (SELECT s, cw_add_days(cw_add_months(s, 1), -1)"
	"  FROM (SELECT cw_add_days(d, 1 - CAST(substr(d, 9, 2) AS INTEGER)) AS s"
	"  FROM (SELECT cw_add_days(:since, 0) AS d) f0) f"
	"  WHERE s <= :until";
static const char caseload_months_first[] =
	", months(m, e) AS (SELECT s, cw_add_days(cw_add_months(s, 1), -1)"
	"  FROM (SELECT cw_add_days(d, 1 - CAST(substr(d, 9, 2) AS INTEGER)) AS s"
	"  FROM (SELECT min(intake_date) AS d FROM k) f0) f"
	"  WHERE s <= :until";
static const char caseload_months_rest[] =
	"  UNION ALL SELECT cw_add_months(m, 1), cw_add_days(cw_add_months(m, 2), -1)"
	"  FROM months WHERE cw_add_months(m, 1) <= :until),"
	" ends(month, e) AS (SELECT substr(m, 1, 7),"
	"  CASE WHEN e > :until THEN :until ELSE e END FROM months)";
/* Each fact's worker is the case's holder on the day it counts (its
 * day, d): the intake date (new), the closure's date (closed), the
 * reopening's (reopened), the period's last day (open at its end), each
 * month's last day (open at a month's end); --worker keeps that
 * holder's. */
#define K_FACT ", k.risk, k.category, k.referral_source"
static const char caseload_facts[] =
	" SELECT * FROM (SELECT f.what, " HOLDER("f.cid", "f.d") " AS w, f.risk,"
	" f.category, f.referral_source, f.month, f.sex, f.birth_date, f.rk,"
	" f.project, f.client_id FROM ("
	/* 0: new */
	" SELECT 0 AS what, k.id AS cid, k.intake_date AS d" K_FACT ","
	" substr(k.intake_date, 1, 7) AS month" K_PERSON ", NULL AS rk"
	K_PROJECT " FROM k WHERE k.intake_date BETWEEN :since AND :until"
	/* 1: closed; 2: reopened */
	" UNION ALL SELECT 1, k.id, x.closed_date" K_FACT ","
	" substr(x.closed_date, 1, 7)" K_PERSON ", x.reason_kind" K_PROJECT
	" FROM closures x JOIN k ON k.id = x.case_id"
	" WHERE x.closed_date BETWEEN :since AND :until"
	" UNION ALL SELECT 2, k.id, x.reopened_date" K_FACT ","
	" substr(x.reopened_date, 1, 7)" K_PERSON ", x.reason_kind" K_PROJECT
	" FROM closures x JOIN k ON k.id = x.case_id"
	" WHERE x.reopened_date BETWEEN :since AND :until"
	/* 3: open on the period's last day */
	" UNION ALL SELECT 3, k.id, cw_add_days(:until, 0)" K_FACT ", NULL"
	K_PERSON ", NULL" K_PROJECT " FROM k"
	" WHERE k.intake_date <= :until AND NOT EXISTS (" CLOSED_ON(":until") ")";
/* 4: open on the last day of each month (only by month) */
static const char caseload_month_ends[] =
	" UNION ALL SELECT 4, k.id, n.e" K_FACT ", n.month" K_PERSON ", NULL"
	K_PROJECT " FROM ends n"
	" JOIN k ON k.intake_date <= n.e WHERE NOT EXISTS (" CLOSED_ON("n.e") ")";
static const char caseload_worker[] =
	") f) g WHERE g.w = :worker OR :worker IS NULL";

store_stmt *report_db_caseload(cw_db *db, const report_query *q, int by_month)
{
	store_stmt *st;
	cw_buf sql;

	cw_buf_init(&sql);
	cw_buf_addstr(&sql, caseload_lv);
	if (q->nsurveys) {
		cw_buf_addstr(&sql, caseload_surveys);
		store_in_list(&sql, q->nsurveys);
		cw_buf_addstr(&sql, " AND");
	}
	cw_buf_addstr(&sql, caseload_k);
	if (by_month) {
		cw_buf_addstr(&sql, q->since[0] ? caseload_months_since
				  : caseload_months_first);
		cw_buf_addstr(&sql, caseload_months_rest);
	}
	cw_buf_addstr(&sql, caseload_facts);
	if (by_month)
		cw_buf_addstr(&sql, caseload_month_ends);
	cw_buf_addstr(&sql, caseload_worker);
	st = report_db_query(db, sql.s, q, q->nsurveys);
	cw_buf_release(&sql);
	return st;
}

/* ---- services ---------------------------------------------------------------- */

store_stmt *report_db_cases(cw_db *db)
{
	store_stmt *st = store_prepare(db, "SELECT k.id, k.client_id, k.category,"
				       " cl.sex, cl.birth_date, k.project FROM cases k"
				       " LEFT JOIN clients cl ON cl.id = k.client_id"
				       " ORDER BY k.id");
	store_hint_stream(st);
	return st;
}

/* By their date (the index on it). */
store_stmt *report_db_contacts(cw_db *db, const report_query *q)
{
	store_stmt *st = report_db_query(db,
		"SELECT kind, worker, date, case_id, minutes, session_id, project"
		" FROM contacts WHERE date BETWEEN :since AND :until"
		" AND (worker = :worker OR :worker IS NULL)", q, 0);
	store_hint_stream(st);
	return st;
}

/* ---- outcomes, satisfaction ------------------------------------------------- */

/* The person a case is for: its client's sex and birth date. */
#define PERSON " LEFT JOIN clients cl ON cl.id = k.client_id"
#define PERSON_COLS ", cl.sex, cl.birth_date"

/* a numbers each case's assessments of an instrument in order (rf),
 * those up to the period's end, or within the period; the follow-up is
 * the latest in the period after the first (rl). */
static const char outcome_from[] =
	"WITH a AS (SELECT id, case_id, instrument, date, total100, scaled100,"
	"  row_number() OVER (PARTITION BY case_id, instrument"
	"   ORDER BY date, id) AS rf"
	"  FROM assessments WHERE date <= :until";
static const char outcome_within[] = " AND date >= :since";
static const char outcome_pairs[] =
	"), l AS (SELECT id, case_id, instrument, date, total100, scaled100,"
	"  row_number() OVER (PARTITION BY case_id, instrument"
	"   ORDER BY date DESC, id DESC) AS rl"
	"  FROM a WHERE rf > 1 AND date >= :since)"
	" SELECT f.instrument, " HOLDER("k.id", "l.date") ", k.category,"
	"  f.total100, f.scaled100, l.total100, l.scaled100" PERSON_COLS
	", k.project"
	" FROM a f JOIN l ON l.case_id = f.case_id"
	"  AND l.instrument = f.instrument AND l.rl = 1"
	" CROSS JOIN cases k" PERSON
	" WHERE k.id = f.case_id AND f.rf = 1" HOLDER_IS("k.id", "l.date")
	" AND (k.project = :project OR :project IS NULL)";

store_stmt *report_db_outcome_pairs(cw_db *db, const report_query *q)
{
	store_stmt *st;
	cw_buf sql;

	cw_buf_init(&sql);
	cw_buf_addstr(&sql, outcome_from);
	if (q->within_period)
		cw_buf_addstr(&sql, outcome_within);
	cw_buf_addstr(&sql, outcome_pairs);
	st = report_db_query(db, sql.s, q, 0);
	cw_buf_release(&sql);
	return st;
}

store_stmt *report_db_survey_responses(cw_db *db, const report_query *q)
{
	store_stmt *st;
	cw_buf sql;

	cw_buf_init(&sql);
	cw_buf_addstr(&sql, "SELECT a.instrument, " HOLDER("k.id", "a.date")
		      ", k.category,"
		      " substr(a.date, 1, 7), a.total100" PERSON_COLS ", k.project"
		      " FROM assessments a CROSS JOIN cases k" PERSON
		      " WHERE a.instrument IN ");
	store_in_list(&sql, q->nsurveys);
	cw_buf_addstr(&sql, " AND k.id = a.case_id"
		      " AND a.date BETWEEN :since AND :until"
		      HOLDER_IS("k.id", "a.date"));
	st = report_db_query(db, sql.s, q, q->nsurveys);
	cw_buf_release(&sql);
	return st;
}

/* ---- goals ------------------------------------------------------------------ */

/* Closures keep their outcomes as "GL-1=achieved, GL-2=partly_achieved". */
store_stmt *report_db_goals(cw_db *db, const report_query *q)
{
	return report_db_query(db,
		"SELECT g.term, g.status, " HOLDER("k.id", ":until") ", k.category"
		PERSON_COLS
		", k.project"
		" FROM goals g CROSS JOIN cases k" PERSON
		" WHERE k.id = g.case_id"
		" AND (g.deadline BETWEEN :since AND :until"
		"  OR EXISTS (SELECT 1 FROM goal_progress p WHERE p.goal_id = g.id"
		"   AND p.status IN ('achieved', 'partly_achieved', 'not_achieved')"
		"   AND p.date BETWEEN :since AND :until)"
		"  OR EXISTS (SELECT 1 FROM closures x WHERE x.case_id = g.case_id"
		"   AND x.closed_date BETWEEN :since AND :until"
		"   AND strpos(', ' || x.outcomes || ',', ', GL-' || g.id || '=') > 0))"
		HOLDER_IS("k.id", ":until")
		" AND (k.project = :project OR :project IS NULL)", q, 0);
}

/* ---- referrals ---------------------------------------------------------------- */

/* The category is the service's; a provider typed in, or a service
 * without one, is "other". */
store_stmt *report_db_referral_moves(cw_db *db, const report_query *q)
{
	return report_db_query(db,
		"SELECT e.to_state, coalesce(s.category, 'other'),"
		HOLDER("k.id", "e.date") ","
		" substr(e.date, 1, 7),"
		" CASE WHEN e.to_state IN ('accepted', 'declined') THEN"
		"  cw_days((SELECT p.date FROM referral_events p"
		"   WHERE p.referral_id = e.referral_id AND p.to_state = 'sent'"
		"   AND p.id < e.id ORDER BY p.id DESC LIMIT 1), e.date) END"
		PERSON_COLS ", coalesce(r.project, k.project)"
		" FROM referral_events e CROSS JOIN referrals r CROSS JOIN cases k"
		" LEFT JOIN services s ON s.id = r.service_id" PERSON
		" WHERE r.id = e.referral_id AND k.id = r.case_id"
		" AND e.to_state IN ('sent', 'accepted', 'declined', 'completed')"
		" AND e.date BETWEEN :since AND :until"
		HOLDER_IS("k.id", "e.date"), q, 0);
}

/* ---- overdue ------------------------------------------------------------------- */

/* The same sources of dated work as sw-plan due, by the same rules: of
 * open cases (closed ones for the follow-ups after closure; referrals
 * whatever the case; a client's latest consent of a purpose, not
 * withdrawn, once for each open case of the client). */
#define OD_CASE(t) " CROSS JOIN cases c LEFT JOIN clients cl" \
	" ON cl.id = c.client_id WHERE c.id = " t ".case_id"
/* the case, for its worker: the one who held it on the day counted on */
#define OD_COLS " c.id" PERSON_COLS ", c.project FROM"
#define OD_COLS_R " c.id" PERSON_COLS ", coalesce(r.project, c.project) FROM"
#define OD_OPEN " AND c.status = 'open'"
store_stmt *report_db_overdue(cw_db *db, const report_query *q)
{
	return report_db_query(db,
		"SELECT * FROM (SELECT u.what, " HOLDER("u.id", ":asof") " AS w,"
		" u.sex, u.birth_date, u.project FROM ("
		"SELECT 'review' AS what," OD_COLS " plans p" OD_CASE("p")
		" AND p.next_review < :asof" OD_OPEN
		" UNION ALL SELECT 'review'," OD_COLS " reviews r" OD_CASE("r")
		" AND r.current = 1 AND r.next_review < :asof" OD_OPEN
		" AND NOT EXISTS (SELECT 1 FROM plans x WHERE x.case_id = r.case_id)"
		" UNION ALL SELECT 'goal'," OD_COLS " goals g" OD_CASE("g")
		" AND g.status IN ('not_started', 'in_progress')"
		" AND g.deadline < :asof" OD_OPEN
		" UNION ALL SELECT 'task'," OD_COLS " tasks t" OD_CASE("t")
		" AND t.status = 'open' AND t.due_date < :asof" OD_OPEN
		" UNION ALL SELECT f.kind," OD_COLS " followups f" OD_CASE("f")
		" AND f.status = 'open' AND f.due_date < :asof"
		" AND c.status = CASE f.kind WHEN 'post_closure' THEN 'closed'"
		" ELSE 'open' END"
		" UNION ALL SELECT 'referral'," OD_COLS_R " referrals r" OD_CASE("r")
		" AND r.state = 'sent' AND r.followup_date < :asof"
		" UNION ALL SELECT 'referral'," OD_COLS_R " referrals r" OD_CASE("r")
		" AND r.state = 'accepted' AND r.expected_date < :asof"
		" UNION ALL SELECT 'consent'," OD_COLS " consents n CROSS JOIN cases c"
		" LEFT JOIN clients cl ON cl.id = c.client_id"
		" WHERE c.client_id = n.client_id AND n.expires < :asof"
		" AND n.withdrawn IS NULL AND NOT EXISTS (SELECT 1 FROM consents x"
		"  WHERE x.client_id = n.client_id AND x.purpose = n.purpose"
		"  AND (x.given > n.given OR (x.given = n.given AND x.id > n.id)))"
		OD_OPEN
		/* a minor's consent by a guardian with no guardian linked,
		 * due 30 days after intake (sw-plan due's, plan/store_due.c) */
		" UNION ALL SELECT 'consent'," OD_COLS " cases c"
		" LEFT JOIN clients cl ON cl.id = c.client_id"
		" WHERE cl.consent_by = 'guardian'"
		" AND cw_add_days(c.intake_date, 30) < :asof"
		" AND cl.birth_date > cw_add_months(cw_add_days(c.intake_date, 30), -216)"
		" AND NOT EXISTS (SELECT 1 FROM relations r WHERE"
		" r.client_id = c.client_id AND (r.relationship = 'guardian'"
		" OR r.legal_guardian = 'yes'))" OD_OPEN
		") u) v WHERE v.w = :worker OR :worker IS NULL", q, 0);
}
