/* plan/due.c - sw-plan due: everything due or overdue up to the end of a
 * window, for the worker's cron mail and calendar. */
#include <stdlib.h>
#include <string.h>
#include "plan/plan.h"

enum { D_DUE, D_STATE, D_DAYS, D_KIND, D_ITEM, D_CASE, D_WORKER, D_WHAT, ND };

static const cw_col due_cols[ND] = {
	{"due_date", 0}, {"state", 0}, {"days", 1}, {"kind", 0},
	{"item_id", 0}, {"case_id", 0}, {"worker", 0}, {"what", 0},
};

/* The cases a source's items count for: open ones (closed ones for the
 * follow-ups after closure), of the worker asked for. */
#define WORKER " AND (:worker IS NULL OR c.worker = :worker)"
#define OPEN_CASE " AND c.status = 'open'" WORKER
/* An item's case, c: its status and worker from the index that holds just
 * those (schema version 2), a fraction of the case's row. */
#define CASE_OF " CROSS JOIN cases c INDEXED BY cases_status_worker ON c.id = "

/* A source of dated work: one SELECT giving
 *   due date, case number, worker, item number[, what[, kind]]
 * in the order of the list (due date, kind, case, item); what and kind
 * only when they vary from row to row, else they are given here. id_kind
 * is the kind of id its items have (item number n is PREFIX-n). Each
 * reads a covering index on its due column (schema version 2), bounded by
 * :until, in that order already, and each row's case by its id in
 * cases_status_worker (CROSS JOIN keeps that order): never a scan of all
 * plans or all cases, never a sort. "what" is fixed text or what the
 * worker typed as a goal or a task, never a client's details. A new
 * source is one more entry. */
static const struct due_source {
	enum cw_kind id_kind;
	const char *kind;     /* every item's kind, or NULL: column 5 */
	const char *what;     /* every item's what, or NULL: column 4 */
	const char *sql;
} sources[] = {
	/* Plan reviews: the plan's next review date. */
	{CW_K_PLAN, "review", "plan review",
	 "SELECT p.next_review, p.case_id, c.worker, p.id"
	 " FROM plans p" CASE_OF "p.case_id"
	 " WHERE p.next_review <= :until" OPEN_CASE
	 " ORDER BY p.next_review, p.case_id, p.id"},
	/* Reviews of a case without a plan: its current review's next one,
	 * through the partial index on the current reviews (sw-plan review
	 * keeps that flag). */
	{CW_K_CASE, "review", "plan review",
	 "SELECT r.next_review, r.case_id, c.worker, r.case_id"
	 " FROM reviews r" CASE_OF "r.case_id"
	 " WHERE r.current = 1 AND r.next_review <= :until" OPEN_CASE
	 " AND NOT EXISTS (SELECT 1 FROM plans x WHERE x.case_id = r.case_id)"
	 " ORDER BY r.next_review, r.case_id"},
	/* Goals not yet reached, by their deadline. */
	{CW_K_GOAL, "goal", NULL,
	 "SELECT g.deadline, g.case_id, c.worker, g.id, g.description"
	 " FROM goals g" CASE_OF "g.case_id"
	 " WHERE g.status IN ('not_started','in_progress')"
	 " AND g.deadline <= :until" OPEN_CASE
	 " ORDER BY g.deadline, g.case_id, g.id"},
	/* Open tasks. */
	{CW_K_TASK, "task", NULL,
	 "SELECT t.due_date, t.case_id, c.worker, t.id, t.description"
	 " FROM tasks t" CASE_OF "t.case_id"
	 " WHERE t.status = 'open' AND t.due_date <= :until" OPEN_CASE
	 " ORDER BY t.due_date, t.case_id, t.id"},
	/* Follow-ups: crisis and re-assessment (sw-assess) of open cases,
	 * after closure of closed ones. */
	{CW_K_FOLLOWUP, NULL, NULL,
	 "SELECT f.due_date, f.case_id, c.worker, f.id,"
	 " CASE f.kind"
	 "  WHEN 'crisis' THEN 'crisis follow-up'"
	 "   || coalesce(' (' || f.instrument || ')', '')"
	 "  WHEN 'reassessment' THEN 're-assessment'"
	 "   || coalesce(': ' || f.instrument, '')"
	 "  ELSE 'post-closure follow-up' END, f.kind"
	 " FROM followups f" CASE_OF "f.case_id"
	 " WHERE f.status = 'open' AND f.due_date <= :until"
	 " AND c.status = CASE f.kind WHEN 'post_closure' THEN 'closed'"
	 "  ELSE 'open' END" WORKER
	 " ORDER BY f.due_date, f.kind, f.case_id, f.id"},
	/* Referrals (sw-refer): a sent one with no response by its follow-up
	 * date, an accepted one not completed by its expected date. A case
	 * closed by force can still have one outstanding: listed whatever
	 * the case's status. */
	{CW_K_REFERRAL, "referral", "referral follow-up: no response",
	 "SELECT r.followup_date, r.case_id, c.worker, r.id"
	 " FROM referrals r" CASE_OF "r.case_id"
	 " WHERE r.state = 'sent' AND r.followup_date <= :until" WORKER
	 " ORDER BY r.followup_date, r.case_id, r.id"},
	{CW_K_REFERRAL, "referral", "referral not completed by its expected date",
	 "SELECT r.expected_date, r.case_id, c.worker, r.id"
	 " FROM referrals r" CASE_OF "r.case_id"
	 " WHERE r.state = 'accepted' AND r.expected_date <= :until" WORKER
	 " ORDER BY r.expected_date, r.case_id, r.id"},
};
enum { NSRC = sizeof sources / sizeof sources[0] };

/* A source's statement and its current row: the columns the list is
 * ordered by, read once per row. due and kind stay valid until the
 * statement steps again. */
typedef struct due_head {
	const struct due_source *src;
	store_stmt *st;
	const char *due, *kind;
	int64_t case_id, item;
	int live;             /* 1 while a row is held */
} due_head;

/* Steps h to its next row. Returns 0 (h->live 0 at the end), or
 * CW_EXIT_DB after a message. Rows with a NULL due date or kind, NOT NULL
 * in the schema, are skipped. */
static int head_next(cw_db *db, due_head *h)
{
	int r;

	while ((r = store_step(h->st)) == STORE_ROW) {
		h->due = store_col_text(h->st, 0);
		h->kind = h->src->kind ? h->src->kind
			: store_col_text(h->st, 5);
		if (!h->due || !h->kind)
			continue;
		h->case_id = store_col_int(h->st, 1);
		h->item = store_col_int(h->st, 3);
		h->live = 1;
		return 0;
	}
	h->live = 0;
	return r == STORE_DONE ? 0 : store_fail(db, "read what is due");
}

/* Whether a's row comes before b's in the list: by due date, kind (crisis
 * first), case, item; as ORDER BY with text compared byte by byte. */
static int head_before(const due_head *a, const due_head *b)
{
	int c = strcmp(a->due, b->due);

	if (!c)
		c = strcmp(a->kind, b->kind);
	if (c)
		return c < 0;
	if (a->case_id != b->case_id)
		return a->case_id < b->case_id;
	return a->item < b->item;
}

/* Writes "PREFIX-n" into out: cw_id_format without printf, once or twice
 * per item listed. Returns out. */
static const char *id_text(char out[32], enum cw_kind kind, int64_t n)
{
	const char *p = cw_kind_prefix(kind);
	char digits[24];
	uint64_t u = n < 0 ? -(uint64_t)n : (uint64_t)n;
	size_t len = 0, at = 0;

	do
		digits[len++] = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	while (*p && at < 8)
		out[at++] = *p++;
	out[at++] = '-';
	if (n < 0)
		out[at++] = '-';
	while (len)
		out[at++] = digits[--len];
	out[at] = '\0';
	return out;
}

/* Writes one item to the calendar: UID stable across runs (item, kind,
 * date), SUMMARY "kind CA-n: what". */
static void ics_item(plan_ics *ics, cw_buf *b, const char *const *v,
		     cw_date day)
{
	size_t at;

	cw_buf_reset(b);
	cw_buf_printf(b, "%s-%s-%s@casework", v[D_ITEM], v[D_KIND], v[D_DUE]);
	at = b->len + 1;
	cw_buf_addch(b, '\0');
	cw_buf_printf(b, "%s %s: %s", v[D_KIND], v[D_CASE],
		      v[D_WHAT] ? v[D_WHAT] : "");
	plan_ics_event(ics, b->s, day, b->s + at, v[D_KIND]);
}

int plan_due(const char *db_path, const cw_config *cfg,
		const cw_due_query *q, enum cw_format fmt)
{
	cw_db *db = NULL;
	due_head heads[NSRC];
	cw_writer *w = NULL;
	plan_ics *ics = NULL;
	cw_buf b, last;
	char today[11], until[11], days[16], case_id[32], item_id[32];
	const char *state = NULL;
	cw_date day = 0;
	int rc = 0, dated = 0;
	size_t i;

	memset(heads, 0, sizeof heads);
	cw_buf_init(&b);
	cw_buf_init(&last);
	if ((rc = cw_db_open(&db, db_path, CW_DB_READ, cfg)) != 0)
		goto out;
	/* The list reads index pages here and there in a large file: mapped,
	 * they are not copied into the page cache one read(2) at a time.
	 * Only an optimisation: a connection that cannot map the file reads
	 * it as before. */
	store_hint_scan(db);
	cw_date_format(q->today, today);
	cw_date_format(q->until, until);
	for (i = 0; i < NSRC; i++) {
		store_stmt *st = store_prepare(db, sources[i].sql);

		heads[i].src = &sources[i];
		if (!(heads[i].st = st)) {
			rc = CW_EXIT_DB;
			goto out;
		}
		store_bind_text(st, store_bind_index(st, ":until"),
				until);
		store_bind_text(st, store_bind_index(st, ":worker"),
				q->worker);
	}
	/* The calendar first: a path that cannot be written fails before
	 * anything is printed. */
	if (q->ics && (rc = plan_ics_open(&ics, q->ics)) != 0)
		goto out;
	w = cw_writer_new(stdout, fmt, due_cols, ND);
	for (i = 0; i < NSRC && !rc; i++)
		rc = head_next(db, &heads[i]);
	/* Each source is in list order: the list is their merge. Output
	 * that cannot be written (a closed pipe) ends it. */
	while (!rc && !cw_writer_errno(w)) {
		const char *v[ND];
		due_head *h = NULL;

		for (i = 0; i < NSRC; i++)
			if (heads[i].live && (!h || head_before(&heads[i], h)))
				h = &heads[i];
		if (!h)
			break;
		/* Day, state and days change only with the due date. Stored
		 * dates are canonical YYYY-MM-DD. */
		if (!last.len || strcmp(h->due, last.s)) {
			const char *why;

			cw_buf_reset(&last);
			cw_buf_add(&last, h->due, strlen(h->due));
			dated = cw_date_parse(h->due, &day, &why) == 0;
			state = strcmp(h->due, today) < 0 ? "overdue" : "due";
			if (dated)
				snprintf(days, sizeof days, "%ld",
					 (long)day - (long)q->today);
		}
		v[D_DUE] = h->due;
		v[D_STATE] = state;
		v[D_DAYS] = dated ? days : NULL;
		v[D_KIND] = h->kind;
		v[D_ITEM] = id_text(item_id, h->src->id_kind, h->item);
		v[D_CASE] = id_text(case_id, CW_K_CASE, h->case_id);
		v[D_WORKER] = store_col_text(h->st, 2);
		v[D_WHAT] = h->src->what ? h->src->what
			: store_col_text(h->st, 4);
		cw_writer_row(w, v);
		if (ics && dated)
			ics_item(ics, &b, v, day);
		rc = head_next(db, h);
	}
	if (cw_writer_finish(w) != 0) {
		cw_output_failed(cw_writer_errno(w));
		rc = rc ? rc : CW_EXIT_IO;
	}
	/* The calendar is written even when nothing is due: an empty one
	 * clears yesterday's reminders from a subscribed calendar. */
	if (ics) {
		if (rc)
			plan_ics_abort(ics);
		else
			rc = plan_ics_finish(ics);
		ics = NULL;
	}
	if (!rc && !cw_writer_rows(w))
		rc = CW_EXIT_EMPTY;
out:
	plan_ics_abort(ics);
	cw_writer_free(w);
	for (i = 0; i < NSRC; i++)
		store_finalize(heads[i].st);
	cw_db_free(db);
	cw_buf_release(&b);
	cw_buf_release(&last);
	return rc;
}
