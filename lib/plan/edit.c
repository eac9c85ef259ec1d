/* plan/edit.c - the batch of the goals, tasks and progress verbs: its
 * state, a dry run's rows, the audit of a change and the checks of their
 * fields (plan/plan.h). */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>
#include "core/core.h"
#include "plan/plan.h"

/* ---- a dry run's rows ------------------------------------------------------ */

int plan_edit_dry_row(struct plan_edit *p, const char *table, size_t ncols,
		      int64_t id, const char *const *v)
{
	int rc = store_dryrows_ready(&p->rows, p->db, table, ncols);
	if (rc)
		return rc;
	return id ? store_dryrows_set(&p->rows, id, v) : store_dryrows_add(&p->rows, v, &id);
}

int64_t plan_edit_id_num(const char *s)
{
	enum cw_kind kind;
	int64_t n;
	return s && !cw_id_parse(s, &kind, &n) ? n : 0;
}

int plan_edit_dry_get(struct plan_edit *p, int64_t id, enum cw_kind kind,
		      char **v)
{
	char idbuf[32];
	int r;
	if (!p->dry_run || (r = store_dryrows_get(&p->rows, id, v)) == 0)
		return 0;
	if (r > 0 && !v[0]) {
		cw_id_format(kind, id, idbuf);
		v[0] = cw_xstrdup(idbuf);
	}
	return r;
}

void plan_edit_free(char **s, int n)
{
	int i;
	for (i = 0; i < n; i++) {
		free(s[i]);
		s[i] = NULL;
	}
}

/* ---- changes ------------------------------------------------------------------ */

int plan_edit_audit(struct plan_edit *p, enum cw_kind kind, int64_t id,
		    const cw_col *cols, int n, char *const *before,
		    const char *const *after, const int *changed)
{
	char idbuf[32];
	cw_id_format(kind, id, idbuf);
	cw_buf_reset(&p->json);
	cw_json_change(&p->json, cols, (size_t)n, before, after, changed);
	return cw_audit_append(p->db, "update", kind, idbuf, p->json.s);
}

int plan_edit_reload(struct plan_edit *p, plan_edit_load_fn load, int64_t id,
		     char **v, int64_t *iv, const char *what)
{
	int rc = load(p, id, v, iv);
	return rc == 1 ? 0 : rc ? -rc : store_fail(p->db, what);
}

int plan_edit_change_begin(struct plan_edit *p, cw_batch *b,
			   const cw_record *rec, int any, const char *const *m,
			   char *now)
{
	if (!any) {
		cw_batch_skip(b, rec, "no change");
		return CW_REJECTED;
	}
	if (p->dry_run) {
		cw_batch_stored(b, m);
		return CW_REJECTED;
	}
	cw_utc_now(now);
	return 0;
}

/* ---- the checks of a record's fields ------------------------------------- */

/* Parses an id of kind from the column named hdr: 0 with *num, or
 * CW_REJECTED after rejecting the record ("not a goal id (GL-n)"). */
static int parse_id(cw_batch *b, const cw_record *rec, const char *hdr,
		    const char *text, enum cw_kind kind, int64_t *num)
{
	enum cw_kind k;
	if (!cw_id_parse(text, &k, num) && k == kind)
		return 0;
	cw_batch_reject(b, rec, hdr, "not a%s %s id (%s-n)",
			strchr("aeiou", cw_kind_name(kind)[0]) ? "n" : "",
			cw_kind_name(kind), cw_kind_prefix(kind));
	return CW_REJECTED;
}

int plan_edit_ro_id(cw_batch *b, const cw_record *rec, const char *hdr,
		    const char *given, enum cw_kind kind, int64_t stored)
{
	int64_t num;
	int rc;
	if (!given)
		return 0;
	if ((rc = parse_id(b, rec, hdr, given, kind, &num)) != 0)
		return rc;
	if (num != stored) {
		cw_batch_reject(b, rec, hdr, "read-only; it differs from the stored value");
		return CW_REJECTED;
	}
	return 0;
}

int plan_edit_ro(cw_batch *b, const cw_record *rec, const char *hdr,
		 const char *given, const char *stored)
{
	if (given && !core_same(given, stored)) {
		cw_batch_reject(b, rec, hdr, "read-only; it differs from the stored value");
		return CW_REJECTED;
	}
	return 0;
}

int plan_edit_ro_empty(cw_batch *b, const cw_record *rec, const char *hdr,
		       const char *given, const char *what)
{
	if (given) {
		cw_batch_reject(b, rec, hdr, "read-only; leave it empty for a new %s",
				what);
		return CW_REJECTED;
	}
	return 0;
}

int plan_edit_word(cw_batch *b, const cw_record *rec, const char *hdr,
		   const char **v, const store_vocab *words)
{
	char why[STORE_VOCAB_WHY];
	const char *w;
	if (!*v)
		return 0;
	if (!(w = store_vocab_canon(words, *v))) {
		cw_batch_reject(b, rec, hdr, "%s",
				store_vocab_why(words, why, sizeof why));
		return CW_REJECTED;
	}
	*v = w;
	return 0;
}

int plan_edit_date(struct plan_edit *p, cw_batch *b, const cw_record *rec,
		   const char *hdr, const char **v, int future, char *buf)
{
	cw_date d;
	if (!*v)
		return 0;
	if (plan_date(b, rec, hdr, *v, p->today, future, &d))
		return CW_REJECTED;
	cw_date_format(d, buf);
	*v = buf;
	return 0;
}

int plan_edit_canon_id(cw_batch *b, const cw_record *rec, const char *hdr,
		       const char **v, enum cw_kind kind, char *buf,
		       int64_t *num)
{
	int64_t n;
	int rc;
	if (!*v)
		return 0;
	if ((rc = parse_id(b, rec, hdr, *v, kind, &n)) != 0)
		return rc;
	cw_id_format(kind, n, buf);
	*v = buf;
	if (num)
		*num = n;
	return 0;
}

int plan_edit_goal_ref(struct plan_edit *p, cw_batch *b, const cw_record *rec,
		       const char *hdr, const char *text, plan_goal_ref *g)
{
	int r;

	memset(g, 0, sizeof *g);
	g->open = 1;
	if ((r = parse_id(b, rec, hdr, text, CW_K_GOAL, &g->id)) != 0 || !p->db)
		return r;
	if ((r = plan_db_goal_ref(p->db, g)) < 0)
		return -r;
	if (!r) {
		cw_batch_reject(b, rec, hdr, "no such goal");
		return CW_REJECTED;
	}
	return 0;
}

int plan_edit_open(cw_batch *b, const cw_record *rec, const char *hdr,
		   int open, int64_t case_id)
{
	char cid[32];
	if (open)
		return 0;
	cw_id_format(CW_K_CASE, case_id, cid);
	cw_batch_reject(b, rec, hdr, "its case %s is closed (reopen it first)", cid);
	return CW_REJECTED;
}

/* ---- the batch ------------------------------------------------------------------ */

int plan_edit_run(const cw_ctx *x, const cw_batch_opts *o, char **files,
		  size_t nfiles, const cw_col *cols, size_t ncols,
		  const cw_names *names, cw_batch_fn fn,
		  cw_batch_finish_fn finish)
{
	struct plan_edit p;
	int rc;

	memset(&p, 0, sizeof p);
	p.db = x->db;
	p.dry_run = o->dry_run;
	p.today = x->today;
	p.cycle = x->cfg->review_cycle;
	p.plans = cw_audit_ids_new(CW_K_PLAN);
	p.goals = cw_audit_ids_new(CW_K_GOAL);
	p.tasks = cw_audit_ids_new(CW_K_TASK);
	p.progress = cw_audit_ids_new(CW_K_PROGRESS);
	p.revisions = cw_audit_ids_new(CW_K_PLAN);
	cw_buf_init(&p.json);
	rc = store_batch_run(o, x->out, p.db, files, nfiles, cols, ncols, names, fn,
			  finish, &p);
	cw_audit_ids_free(p.plans);
	cw_audit_ids_free(p.goals);
	cw_audit_ids_free(p.tasks);
	cw_audit_ids_free(p.progress);
	cw_audit_ids_free(p.revisions);
	free(p.touched);
	cw_buf_release(&p.json);
	store_dryrows_release(&p.rows);
	store_dryrows_release(&p.made_plans);
	return rc;
}
