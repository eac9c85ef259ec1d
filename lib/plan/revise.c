/* plan/revise.c - the plan revisions a goals or tasks batch ends with:
 * every plan it changed gets one new revision, a snapshot of the whole
 * plan as the batch leaves it (plan/plan.h). */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include "plan/plan.h"

void plan_edit_touch(struct plan_edit *p, int64_t plan, int64_t case_id)
{
	if (p->ntouched && p->touched[p->ntouched - 1].plan == plan)
		return;
	if (p->ntouched == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 64;
		p->touched = cw_xrealloc(p->touched, p->cap * sizeof *p->touched);
	}
	p->touched[p->ntouched].plan = plan;
	p->touched[p->ntouched].case_id = case_id;
	p->ntouched++;
}

static int touch_cmp(const void *a, const void *b)
{
	const struct plan_touch *x = a, *y = b;
	return (x->plan > y->plan) - (x->plan < y->plan);
}

/* Gives each plan the batch touched one new revision: its number, and a
 * snapshot of the whole plan as it stands at the end of the batch. */
static int revise(struct plan_edit *p)
{
	const struct plan_touch *t;
	size_t i;
	int64_t rev;
	char now[21];
	cw_buf snap;
	int rc = 0;

	if (!p->ntouched)
		return 0;
	qsort(p->touched, p->ntouched, sizeof *p->touched, touch_cmp);
	cw_utc_now(now);
	cw_buf_init(&snap);
	for (i = 0; i < p->ntouched && !rc; i++) {
		t = &p->touched[i];
		if (i && t->plan == t[-1].plan)
			continue;
		cw_buf_reset(&snap);
		if ((rc = plan_db_plan_revise(p->db, t->plan, now, &rev)) != 0 ||
		    (rc = plan_view_snapshot(p->db, t->case_id, &snap)) != 0 ||
		    (rc = plan_db_revision_insert(p->db, t->plan, rev, now,
						  snap.s)) != 0)
			break;
		cw_audit_ids_add(p->revisions, t->plan, snap.s, snap.len);
	}
	cw_buf_release(&snap);
	return rc;
}

int plan_edit_finish(void *ctx, cw_batch *b)
{
	struct plan_edit *p = ctx;
	int rc = revise(p);
	(void)b;
	if (!rc && (cw_audit_ids_write(p->db, p->plans, "insert") ||
		    cw_audit_ids_write(p->db, p->goals, "insert") ||
		    cw_audit_ids_write(p->db, p->tasks, "insert") ||
		    cw_audit_ids_write(p->db, p->revisions, "revise")))
		rc = CW_EXIT_DB;
	return rc;
}
