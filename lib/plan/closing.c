/* plan/closing.c - the batch of the review, close and reopen verbs: the
 * case and plan each record reads and changes (plan/plan.h). */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>
#include "core/core.h"
#include "plan/plan.h"

static int flipped(const struct plan_closing *c, int64_t case_id)
{
	size_t i;
	for (i = 0; i < c->nflipped; i++)
		if (c->flipped[i] == case_id)
			return 1;
	return 0;
}

void plan_closing_flip(struct plan_closing *c, int64_t case_id)
{
	size_t i;
	for (i = 0; i < c->nflipped; i++)
		if (c->flipped[i] == case_id) {
			c->flipped[i] = c->flipped[--c->nflipped];
			return;
		}
	if (c->nflipped == c->capflipped) {
		c->capflipped = c->capflipped ? c->capflipped * 2 : 64;
		c->flipped = cw_xrealloc(c->flipped, c->capflipped * sizeof *c->flipped);
	}
	c->flipped[c->nflipped++] = case_id;
}

int plan_closing_case(struct plan_closing *c, cw_batch *b, const cw_record *rec,
		      const char *hdr, const char *given, int64_t *case_id,
		      struct plan_caseinfo *ci)
{
	int open, rc;

	memset(ci, 0, sizeof *ci);
	if (!given) {
		cw_batch_reject(b, rec, hdr, "required (the case, CA-n)");
		return CW_REJECTED;
	}
	if ((rc = plan_case(c->db, b, rec, hdr, given, case_id, &open)) != 0)
		return rc;
	ci->open = open;
	if (!c->db)
		return 0;
	if ((rc = plan_db_case_facts(c->db, *case_id, &ci->f)) != 0)
		return rc;
	if (flipped(c, *case_id))
		ci->open = !ci->open;
	return 0;
}

int plan_closing_date(struct plan_closing *c, cw_batch *b, const cw_record *rec,
		      const char *hdr, const char *given, cw_date *out)
{
	*out = c->today;
	return given ? plan_date(b, rec, hdr, given, c->today, 0, out) : 0;
}

int plan_closing_audit(struct plan_closing *c, const char *action,
		       enum cw_kind kind, int64_t id, const char *key,
		       const char *before, const char *after, const char *key2,
		       const char *before2, const char *after2)
{
	char idbuf[32];
	cw_buf_reset(&c->json);
	cw_buf_addstr(&c->json, "{\"before\":{");
	cw_json_kv(&c->json, key, before);
	if (key2)
		cw_json_kv(&c->json, key2, before2);
	cw_buf_addstr(&c->json, "},\"after\":{");
	cw_json_kv(&c->json, key, after);
	if (key2)
		cw_json_kv(&c->json, key2, after2);
	cw_buf_addstr(&c->json, "}}");
	cw_id_format(kind, id, idbuf);
	return cw_audit_append(c->db, action, kind, idbuf, c->json.s);
}

int plan_closing_plan(struct plan_closing *c, int64_t case_id, int64_t *plan,
		      cw_duration *cycle, char **next)
{
	plan_db_plan row;
	int rc;

	*plan = 0;
	*cycle = c->cycle;
	*next = NULL;
	if (!c->db)
		return 0;
	if ((rc = plan_db_plan_of(c->db, case_id, &row)) != 0)
		return rc;
	*plan = row.id;
	if (row.cycle.n)
		*cycle = row.cycle;
	*next = row.next;
	return 0;
}

int plan_closing_next_review(struct plan_closing *c, int64_t plan,
			     const char *before, const char *next,
			     const char *now)
{
	int rc;

	if (core_same(before, next))
		return 0;
	if ((rc = plan_db_plan_next_review_set(c->db, plan, next, now)) != 0)
		return rc;
	return plan_closing_audit(c, "update", CW_K_PLAN, plan, "next_review",
				  before, next, NULL, NULL, NULL);
}

/* ---- running a batch -------------------------------------------------------- */

static int closing_finish(void *ctx, cw_batch *b)
{
	struct plan_closing *c = ctx;
	(void)b;
	if (cw_audit_ids_write(c->db, c->reviews, "insert") ||
	    cw_audit_ids_write(c->db, c->closures, "insert"))
		return CW_EXIT_DB;
	return cw_audit_ids_write(c->db, c->followups, "insert") ? CW_EXIT_DB : 0;
}

int plan_closing_run(const cw_ctx *x, const cw_batch_opts *o, char **files,
		     size_t nfiles, const cw_col *cols, size_t ncols,
		     const cw_names *names, cw_batch_fn fn)
{
	struct plan_closing c;
	int rc;

	memset(&c, 0, sizeof c);
	c.db = x->db;
	c.dry_run = o->dry_run;
	c.today = x->today;
	c.cycle = x->cfg->review_cycle;
	c.reviews = cw_audit_ids_new(CW_K_REVIEW);
	c.closures = cw_audit_ids_new(CW_K_CLOSURE);
	c.followups = cw_audit_ids_new(CW_K_FOLLOWUP);
	cw_buf_init(&c.json);
	rc = store_batch_run(o, x->out, c.db, files, nfiles, cols, ncols, names, fn,
			  closing_finish, &c);
	cw_audit_ids_free(c.reviews);
	cw_audit_ids_free(c.closures);
	cw_audit_ids_free(c.followups);
	cw_buf_release(&c.json);
	free(c.flipped);
	store_dryrows_release(&c.dry);
	return rc;
}
