/* plan/store_due.c - the SQL of sw-plan due: each source of dated work,
 * read in the order of the list. */
#include "plan/plan.h"

/* The cases a source's items count for: open ones (closed ones for the
 * follow-ups after closure), of the worker asked for. */
#define WORKER " AND (c.worker = :worker OR :worker IS NULL)"
#define OPEN_CASE " AND c.status = 'open'" WORKER
/* An item's case, c: its status and worker from the index that holds just
 * those (schema version 2), a fraction of the case's row (store_index_hint
 * names it after c, between HEAD and TAIL). */
#define HEAD(from) from " CROSS JOIN cases c"
#define TAIL(item) " WHERE c.id = " item

/* A source of dated work: one SELECT giving
 *   due date, case number, worker, item number[, what[, kind]]
 * in the order of the list (due date, kind, case, item); what and kind
 * only when they vary from row to row, else the source gives them. Each
 * reads a covering index on its due column (schema version 2), bounded by
 * :until, in that order already, and each row's case by its id in
 * cases_status_worker (CROSS JOIN keeps that order): never a scan of all
 * plans or all cases, never a sort. "what" is fixed text or what the
 * worker typed as a goal or a task, never a client's details. A new
 * source is one more entry. */
static const struct {
	plan_due_source src;
	const char *head, *tail;   /* the SELECT, split where c is named */
	int by_client;             /* c found by its client, not its id */
} sources[] = {
	/* Plan reviews: the plan's next review date. */
	{{CW_K_PLAN, "review", "plan review"},
	 HEAD("SELECT p.next_review, p.case_id, c.worker, p.id FROM plans p"),
	 TAIL("p.case_id") " AND p.next_review <= :until" OPEN_CASE
	 " ORDER BY p.next_review, p.case_id, p.id", 0},
	/* Reviews of a case without a plan: its current review's next one,
	 * through the partial index on the current reviews (sw-plan review
	 * keeps that flag). */
	{{CW_K_CASE, "review", "plan review"},
	 HEAD("SELECT r.next_review, r.case_id, c.worker, r.case_id FROM reviews r"),
	 TAIL("r.case_id") " AND r.current = 1 AND r.next_review <= :until"
	 OPEN_CASE
	 " AND NOT EXISTS (SELECT 1 FROM plans x WHERE x.case_id = r.case_id)"
	 " ORDER BY r.next_review, r.case_id", 0},
	/* Goals not yet reached, by their deadline. */
	{{CW_K_GOAL, "goal", NULL},
	 HEAD("SELECT g.deadline, g.case_id, c.worker, g.id, g.description"
	      " FROM goals g"),
	 TAIL("g.case_id") " AND g.status IN ('not_started','in_progress')"
	 " AND g.deadline <= :until" OPEN_CASE
	 " ORDER BY g.deadline, g.case_id, g.id", 0},
	/* Open tasks. */
	{{CW_K_TASK, "task", NULL},
	 HEAD("SELECT t.due_date, t.case_id, c.worker, t.id, t.description"
	      " FROM tasks t"),
	 TAIL("t.case_id") " AND t.status = 'open' AND t.due_date <= :until"
	 OPEN_CASE
	 " ORDER BY t.due_date, t.case_id, t.id", 0},
	/* Follow-ups: crisis and re-assessment (sw-assess) of open cases,
	 * after closure of closed ones. */
	{{CW_K_FOLLOWUP, NULL, NULL},
	 HEAD("SELECT f.due_date, f.case_id, c.worker, f.id,"
	      " CASE f.kind"
	      "  WHEN 'crisis' THEN 'crisis follow-up'"
	      "   || coalesce(' (' || f.instrument || ')', '')"
	      "  WHEN 'reassessment' THEN 're-assessment'"
	      "   || coalesce(': ' || f.instrument, '')"
	      "  ELSE 'post-closure follow-up' END, f.kind"
	      " FROM followups f"),
	 TAIL("f.case_id") " AND f.status = 'open' AND f.due_date <= :until"
	 " AND c.status = CASE f.kind WHEN 'post_closure' THEN 'closed'"
	 "  ELSE 'open' END" WORKER
	 " ORDER BY f.due_date, f.kind, f.case_id, f.id", 0},
	/* Referrals (sw-refer): a sent one with no response by its follow-up
	 * date, an accepted one not completed by its expected date. A case
	 * closed by force can still have one outstanding: listed whatever
	 * the case's status. */
	{{CW_K_REFERRAL, "referral", "referral follow-up: no response"},
	 HEAD("SELECT r.followup_date, r.case_id, c.worker, r.id FROM referrals r"),
	 TAIL("r.case_id") " AND r.state = 'sent' AND r.followup_date <= :until"
	 WORKER
	 " ORDER BY r.followup_date, r.case_id, r.id", 0},
	{{CW_K_REFERRAL, "referral", "referral not completed by its expected date"},
	 HEAD("SELECT r.expected_date, r.case_id, c.worker, r.id FROM referrals r"),
	 TAIL("r.case_id") " AND r.state = 'accepted' AND r.expected_date <= :until"
	 WORKER
	 " ORDER BY r.expected_date, r.case_id, r.id", 0},
	/* Consents (schema version 12): a client's latest consent of a
	 * purpose (no later one renews it), not withdrawn, by the day it
	 * ends, once for each open case of the client. Read through the
	 * partial index of the consents not withdrawn by that day, each
	 * one's cases through cases_by_client; the cases of one day are
	 * sorted, a few rows. */
	{{CW_K_CONSENT, "consent", NULL},
	 "SELECT n.expires, c.id, c.worker, n.id, CASE n.purpose"
	 " WHEN 'share' THEN 'consent to share information ends'"
	 " WHEN 'publish' THEN 'consent to publish the case story ends'"
	 " ELSE 'consent to research ends' END FROM consents n CROSS JOIN cases c",
	 " WHERE c.client_id = n.client_id AND n.expires <= :until"
	 " AND n.withdrawn IS NULL AND NOT EXISTS (SELECT 1 FROM consents x"
	 "  WHERE x.client_id = n.client_id AND x.purpose = n.purpose"
	 "  AND (x.given > n.given OR (x.given = n.given AND x.id > n.id)))"
	 OPEN_CASE " ORDER BY n.expires, c.id, n.id", 1},
	/* Guardians (sw-intake relations): a client of an open case whose
	 * consent was given by a guardian (consent_by guardian), under 18
	 * on the day 30 days after the intake, with no guardian linked by
	 * then or since (a relation naming a related client as the
	 * client's guardian, or legal_guardian yes): due on that day, the
	 * item the client. A source of its own, apart from any other item
	 * of kind consent. It reads the clients whose consent is a
	 * guardian's (a partial index, schema version 14), never all the
	 * cases, and sorts those few by their due date. */
	{{CW_K_CLIENT, "consent", "consent by a guardian: no guardian linked "
	  "(sw-intake relations)"},
	 HEAD("SELECT cw_add_days(k.intake_date, 30), k.id, c.worker, k.client_id"
	      " FROM clients cl CROSS JOIN cases k"),
	 TAIL("k.id") " AND k.client_id = cl.id AND k.status = 'open'"
	 " AND cl.consent_by = 'guardian'"
	 " AND k.intake_date <= cw_add_days(:until, -30)" WORKER
	 " AND cl.birth_date > cw_add_months(cw_add_days(k.intake_date, 30), -216)"
	 " AND NOT EXISTS (SELECT 1 FROM relations r WHERE"
	 " r.client_id = k.client_id AND (r.relationship = 'guardian'"
	 " OR r.legal_guardian = 'yes'))"
	 " ORDER BY k.intake_date, k.id", 0},
};
_Static_assert(sizeof sources / sizeof sources[0] == PLAN_DUE_NSOURCES,
	       "PLAN_DUE_NSOURCES counts the sources");

const plan_due_source *plan_db_due_source(size_t i)
{
	return &sources[i].src;
}

/* Source i's cursor, or NULL after a message. */
static store_stmt *source_open(cw_db *db, size_t i, const char *until,
			       const char *worker)
{
	store_stmt *st;
	cw_buf sql;

	cw_buf_init(&sql);
	cw_buf_addstr(&sql, sources[i].head);
	if (!sources[i].by_client)
		store_index_hint(db, &sql, "cases_status_worker");
	cw_buf_addstr(&sql, sources[i].tail);
	st = store_prepare(db, sql.s);
	cw_buf_release(&sql);
	if (st) {
		store_bind_text(st, store_bind_index(st, ":until"), until);
		store_bind_text(st, store_bind_index(st, ":worker"), worker);
	}
	return st;
}

int plan_db_due_items(cw_db *db, const char *until, const char *worker,
		      store_stmt **st)
{
	size_t i, j;

	/* The list reads index pages here and there in a large file: mapped,
	 * they are not copied into the page cache one read(2) at a time.
	 * Only an optimisation: a connection that cannot map the file reads
	 * it as before. */
	store_hint_scan(db);
	for (i = 0; i < PLAN_DUE_NSOURCES; i++)
		if (!(st[i] = source_open(db, i, until, worker))) {
			for (j = 0; j < i; j++) {
				store_finalize(st[j]);
				st[j] = NULL;
			}
			return CW_EXIT_DB;
		}
	return 0;
}
