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

enum { NSRC = PLAN_DUE_NSOURCES };

/* A source's statement and its current row: the columns the list is
 * ordered by, read once per row. due and kind stay valid until the
 * statement steps again. */
typedef struct due_head {
	const plan_due_source *src;
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

int plan_due(const cw_ctx *x, const cw_due_query *q, enum cw_format fmt)
{
	cw_db *db = x->db;
	due_head heads[NSRC];
	store_stmt *st[NSRC] = {0};
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
	cw_date_format(x->today, today);
	cw_date_format(q->until, until);
	if ((rc = plan_db_due_items(db, until, q->worker, st)) != 0)
		goto out;
	for (i = 0; i < NSRC; i++) {
		heads[i].src = plan_db_due_source(i);
		heads[i].st = st[i];
	}
	/* The calendar first: a path that cannot be written fails before
	 * anything is printed. */
	if (q->ics && (rc = plan_ics_open(&ics, q->ics)) != 0)
		goto out;
	w = cw_writer_new(x->out, fmt, due_cols, ND);
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
					 (long)day - (long)x->today);
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
		rc = cw_writer_failed(w, rc);
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
		store_finalize(st[i]);
	cw_buf_release(&b);
	cw_buf_release(&last);
	return rc;
}
