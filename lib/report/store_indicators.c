/* report/store_indicators.c - the queries of the indicator report
 * (indicators.c): a project's contract and targets, and each counted
 * indicator's figure over a period as one row of two numbers.
 *
 * A record counts for a project as casework(7) says: a case for its own
 * project; a contact or a referral for its own, else its case's; a group
 * session through its attendance, whose contacts carry the session's
 * project (else their case's); coverage counts the clients of the
 * project's own cases, whatever the project of the contact that served
 * them. */
#define _POSIX_C_SOURCE 200809L
#include <string.h>
#include "report/report.h"

/* sql, whose one parameter is a project's code, with code bound. */
static store_stmt *of_project(cw_db *db, const char *sql, const char *code)
{
	store_stmt *st = store_prepare(db, sql);
	if (st)
		store_bind_text(st, 1, code);
	return st;
}

store_stmt *report_db_project(cw_db *db, const char *code)
{
	return of_project(db, "SELECT start_date, end_date FROM projects"
			  " WHERE code = ?", code);
}

store_stmt *report_db_project_targets(cw_db *db, const char *code)
{
	return of_project(db, "SELECT indicator, target, period FROM"
			  " project_targets WHERE project = ?"
			  " ORDER BY indicator, period", code);
}

/* The contacts that count for :project in the period (k their case). */
#define PC " FROM contacts c CROSS JOIN cases k WHERE k.id = c.case_id" \
	" AND coalesce(c.project, k.project) = :project" \
	" AND c.date BETWEEN :since AND :until"
/* The cases of :project (k). */
#define PK " CROSS JOIN cases k WHERE k.project = :project"

/* Individual contacts: neither a group session's attendance nor a
 * community activity's (kind community), which their own indicators
 * count. */
const char report_sql_case_contacts[] =
	"SELECT count(*), 1" PC " AND c.session_id IS NULL"
	" AND c.kind <> 'community'";
const char report_sql_case_clients[] =
	"SELECT count(DISTINCT k.client_id), 1" PC " AND c.session_id IS NULL"
	" AND c.kind <> 'community'";
const char report_sql_group_sessions[] =
	"SELECT count(DISTINCT c.session_id), 1" PC;
const char report_sql_group_attendance[] =
	"SELECT count(c.session_id), 1" PC;
/* The project's community activities of the period (an activity counts
 * for its own project, default_project applied when it was recorded). */
#define PA " FROM activities a WHERE a.project = :project" \
	" AND a.date BETWEEN :since AND :until"
const char report_sql_activities[] = "SELECT count(*), 1" PA;
/* Everyone who took part: the head-count, the participants named by name
 * and the cases named by their ids (none counted twice: the head-count
 * is of the others). */
const char report_sql_activity_participants[] =
	"SELECT coalesce(sum(a.headcount + a.named_count + a.case_count), 0), 1" PA;
/* Volunteers' hours of the period, each counting for its activity's
 * project, else its contact's own, else the contact's case's. */
#define PV " FROM volunteer_hours h LEFT JOIN activities a ON a.id = h.activity_id" \
	" LEFT JOIN contacts c ON c.id = h.contact_id" \
	" LEFT JOIN cases k ON k.id = c.case_id" \
	" WHERE coalesce(a.project, c.project, k.project) = :project" \
	" AND h.date BETWEEN :since AND :until"
const char report_sql_volunteers[] =
	"SELECT count(DISTINCT h.volunteer_id), 1" PV;
const char report_sql_volunteer_hours[] =
	"SELECT coalesce(sum(h.hours100), 0), 1" PV;
const char report_sql_volunteer_trainings[] =
	"SELECT count(*), 1 FROM trainings t WHERE t.project = :project"
	" AND t.date BETWEEN :since AND :until";
/* Of the organisations whose services the project's referrals were sent
 * to, those first sent to in the period. */
const char report_sql_new_partners[] =
	"SELECT count(*), 1 FROM (SELECT s.organization_id,"
	"  min(r.sent_date) AS first FROM referrals r CROSS JOIN cases k"
	"  CROSS JOIN services s WHERE k.id = r.case_id AND s.id = r.service_id"
	"  AND coalesce(r.project, k.project) = :project"
	"  AND r.sent_date IS NOT NULL AND s.organization_id IS NOT NULL"
	"  GROUP BY s.organization_id) f WHERE f.first BETWEEN :since AND :until";
/* The survey instruments' list follows, then report_sql_satisfaction_end
 * (positional parameters come before every named one in the text). */
const char report_sql_satisfaction[] =
	"SELECT CAST(coalesce(sum(a.total100), 0) AS BIGINT), count(*)"
	" FROM assessments a CROSS JOIN cases k WHERE a.instrument IN ";
const char report_sql_satisfaction_end[] =
	" AND k.id = a.case_id AND k.project = :project"
	" AND a.date BETWEEN :since AND :until";
/* The distinct clients of the project's cases served in the period: a
 * contact or a group session's attendance dated in it, whatever that
 * record's own project. */
const char report_sql_coverage[] =
	"SELECT count(DISTINCT k.client_id),"
	" (SELECT target_population FROM projects WHERE code = :project)"
	" FROM contacts c" PK " AND k.id = c.case_id"
	" AND c.date BETWEEN :since AND :until";
/* Individual contacts (not a community activity's: the activity is the
 * record), community activities, group sessions, assessments and
 * closures dated in the period, and those of them entered (their created_at, a local
 * date) on that date or within :days days after it: one entered before
 * the day it records is not on time. */
const char report_sql_timeliness[] =
	"SELECT CAST(coalesce(sum(CASE WHEN cw_days(d, cw_local_date(t))"
	"  BETWEEN 0 AND :days"
	"  THEN 1 ELSE 0 END), 0) AS BIGINT), count(*) FROM ("
	" SELECT c.date AS d, c.created_at AS t" PC " AND c.session_id IS NULL"
	"  AND c.kind <> 'community'"
	" UNION ALL SELECT a.date, a.created_at" PA
	" UNION ALL SELECT g.date, g.created_at FROM group_sessions g"
	"  WHERE g.date BETWEEN :since AND :until AND EXISTS (SELECT 1"
	"  FROM contacts c CROSS JOIN cases k WHERE c.session_id = g.id"
	"  AND k.id = c.case_id AND coalesce(c.project, k.project) = :project)"
	" UNION ALL SELECT a.date, a.created_at FROM assessments a" PK
	"  AND k.id = a.case_id AND a.date BETWEEN :since AND :until"
	" UNION ALL SELECT x.closed_date, x.created_at FROM closures x" PK
	"  AND k.id = x.case_id AND x.closed_date BETWEEN :since AND :until) f";
/* The project's cases closed in the period and not reopened by its end
 * (a reopening after it does not change the period's figure), and those
 * of them with an assessment (not a survey: the list that follows), a
 * plan, a closure kind and every goal given a final status. */
const char report_sql_completeness[] =
	"SELECT CAST(coalesce(sum(CASE WHEN"
	"  EXISTS (SELECT 1 FROM plans p WHERE p.case_id = k.id)"
	"  AND x.reason_kind IS NOT NULL"
	"  AND NOT EXISTS (SELECT 1 FROM goals g WHERE g.case_id = k.id"
	"   AND g.status IN ('not_started', 'in_progress'))"
	"  AND EXISTS (SELECT 1 FROM assessments a WHERE a.case_id = k.id"
	"   AND a.instrument NOT IN ";
const char report_sql_completeness_end[] =
	") THEN 1 ELSE 0 END), 0) AS BIGINT), count(*) FROM closures x" PK
	" AND k.id = x.case_id"
	" AND (x.reopened_date IS NULL OR x.reopened_date > :until)"
	" AND x.closed_date BETWEEN :since AND :until";

store_stmt *report_db_indicator(cw_db *db, const char *sql, const char *tail,
				const report_query *q, int days)
{
	store_stmt *st;
	cw_buf b;
	size_t i, n = tail ? q->nsurveys : 0;
	int k;

	/* the survey list, between sql and tail, holds the only positional
	 * parameters: bound first */
	cw_buf_init(&b);
	cw_buf_addstr(&b, sql);
	if (tail) {
		if (n)
			store_in_list(&b, n);
		else    /* none: a list no instrument is in ("(NULL)" would
			   make NOT IN unknown) */
			cw_buf_addstr(&b, "('')");
		cw_buf_addstr(&b, tail);
	}
	st = store_prepare(db, b.s);
	cw_buf_release(&b);
	if (!st)
		return NULL;
	for (i = 0; i < n; i++)
		store_bind_text(st, (int)i + 1, q->surveys[i]);
	if ((k = store_bind_index(st, ":project")) > 0)
		store_bind_text(st, k, q->project);
	if ((k = store_bind_index(st, ":since")) > 0)
		store_bind_text(st, k, q->since);
	if ((k = store_bind_index(st, ":until")) > 0)
		store_bind_text(st, k, q->until);
	if ((k = store_bind_index(st, ":days")) > 0)
		store_bind_int(st, k, days);
	return st;
}
