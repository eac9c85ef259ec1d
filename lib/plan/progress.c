/* plan/progress.c - the progress of goals (sw-plan progress): measured
 * values and status changes over time. An entry is never changed, and
 * is not a plan revision; its status moves its goal. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>
#include "core/core.h"
#include "plan/plan.h"

static const cw_col progress_cols[NP] = {
	{"progress_id", 0}, {"goal_id", 0}, {"case_id", 0}, {"date", 0},
	{"value", 0}, {"status", 0}, {"note", 0}, {"created_at", 0},
};

static const cw_fieldspec progress_spec[NP] = {
	{"progress_id", {"进展编号"}}, {"goal_id", {"目标编号"}},
	{"case_id", {"个案编号"}}, {"date", {"日期"}},
	{"value", {"测量值"}}, {"status", {"状态"}},
	{"note", {"备注"}}, {"created_at", {"创建时间"}},
};

#define PH(f) store_fields_hdr(progress_spec, src, f)

/* A record carrying the id of a stored entry: skipped when it repeats
 * it, refused when it differs, since entries are never changed. */
static int progress_known(struct plan_edit *p, cw_batch *b, const cw_record *rec,
			  const char **in, const char **src)
{
	char pid[32], gid[32], cid[32], date[11], *st[NP] = {0};
	int64_t id = 0;
	int rc, i;

	if ((rc = plan_edit_canon_id(b, rec, PH(P_ID), &in[P_ID], CW_K_PROGRESS,
				     pid, &id)) ||
	    (rc = plan_edit_canon_id(b, rec, PH(P_GOAL), &in[P_GOAL], CW_K_GOAL,
				     gid, NULL)) ||
	    (rc = plan_edit_canon_id(b, rec, PH(P_CASE), &in[P_CASE], CW_K_CASE,
				     cid, NULL)) ||
	    (rc = plan_edit_date(p, b, rec, PH(P_DATE), &in[P_DATE], 0, date)) ||
	    (rc = plan_edit_word(b, rec, PH(P_STATUS), &in[P_STATUS],
				 &store_vocab_goal_status)))
		return rc;
	if (!p->db) {
		cw_batch_skip(b, rec, "carries the id %s of a stored entry (not "
			      "checked: no database)", pid);
		return 0;
	}
	rc = plan_db_progress_load(p->db, id, st);
	if (!rc)
		rc = plan_edit_dry_get(p, id, CW_K_PROGRESS, st);
	if (rc < 0)
		return -rc;
	if (!rc) {
		cw_batch_reject(b, rec, PH(P_ID), "no such progress entry");
		return CW_REJECTED;
	}
	rc = 0;
	for (i = 0; i < NP && !rc; i++)
		if (in[i] && !core_same(in[i], st[i])) {
			cw_batch_reject(b, rec, PH(i), "differs from the stored entry "
					"%s; progress entries are never changed", pid);
			rc = CW_REJECTED;
		}
	if (!rc)
		cw_batch_skip(b, rec, "already stored as %s", pid);
	plan_edit_free(st, NP);
	return rc;
}

/* A status given moves the goal to it, unless a later entry of the goal
 * gave one already (entries may arrive out of date order). */
static int progress_status(struct plan_edit *p, const plan_goal_ref *g,
			   const char *date, const char *status)
{
	int changed[NG] = {0}, r;
	char *before[NG] = {0}, now[21];
	const char *after[NG] = {0};

	if (!status || !strcmp(status, g->status))
		return 0;
	if ((r = plan_db_progress_later(p->db, g->id, date)) < 0)
		return -r;
	if (r)
		return 0;
	cw_utc_now(now);
	if ((r = plan_db_goal_status_set(p->db, g->id, status, now)) != 0)
		return r;
	before[G_STATUS] = g->status;
	after[G_STATUS] = status;
	changed[G_STATUS] = 1;
	return plan_edit_audit(p, CW_K_GOAL, g->id, plan_goal_cols, NG, before,
			       after, changed);
}

/* Loads a stored entry (a plan_edit_load_fn): 1 with v[NP] (owned), 0
 * when there is none. */
static int progress_load(struct plan_edit *p, int64_t id, char **v,
			 int64_t *iv)
{
	(void)iv;
	return plan_db_progress_load(p->db, id, v);
}

static int progress_new(struct plan_edit *p, cw_batch *b, const cw_record *rec,
			const char **in, const char **src)
{
	plan_goal_ref g;
	char date[11], gid[32], cid[32], now[21], *v[NP] = {0};
	int64_t id = 0;
	int rc;

	memset(&g, 0, sizeof g);
	if ((rc = plan_edit_ro_empty(b, rec, PH(P_CREATED), in[P_CREATED],
				     "progress entry")))
		return rc;
	if (!in[P_GOAL]) {
		cw_batch_reject(b, rec, PH(P_GOAL), "required");
		return CW_REJECTED;
	}
	if ((rc = plan_edit_goal_ref(p, b, rec, PH(P_GOAL), in[P_GOAL], &g)) != 0)
		goto out;
	if (p->db) {
		if ((rc = plan_edit_ro_id(b, rec, PH(P_CASE), in[P_CASE], CW_K_CASE,
					  g.case_id)) ||
		    (rc = plan_edit_open(b, rec, PH(P_GOAL), g.open, g.case_id)))
			goto out;
		cw_id_format(CW_K_CASE, g.case_id, cid);
		in[P_CASE] = cid;
	} else if ((rc = plan_edit_canon_id(b, rec, PH(P_CASE), &in[P_CASE],
					    CW_K_CASE, cid, NULL))) {
		goto out;
	}
	if ((rc = plan_edit_date(p, b, rec, PH(P_DATE), &in[P_DATE], 0, date)) ||
	    (rc = plan_edit_word(b, rec, PH(P_STATUS), &in[P_STATUS],
				 &store_vocab_goal_status)))
		goto out;
	if (!in[P_VALUE] && !in[P_STATUS]) {
		cw_batch_reject(b, rec, NULL, "nothing to record: give a value or a "
				"status (or both)");
		rc = CW_REJECTED;
		goto out;
	}
	if (!in[P_DATE]) {
		cw_date_format(p->today, date);
		in[P_DATE] = date;
	}
	cw_id_format(CW_K_GOAL, g.id, gid);
	in[P_GOAL] = gid;
	if (p->dry_run) {
		cw_batch_stored(b, in);
		if (!p->db)
			goto out;
		cw_utc_now(now);
		in[P_CREATED] = now;
		rc = plan_edit_dry_row(p, "goal_progress", NP, 0, in);
		goto out;
	}
	cw_utc_now(now);
	if ((rc = plan_db_progress_insert(p->db, g.id, in, now, &id)) != 0 ||
	    (rc = progress_status(p, &g, in[P_DATE], in[P_STATUS])) != 0 ||
	    (rc = plan_edit_reload(p, progress_load, id, v, NULL,
				   "read a progress entry")) != 0)
		goto out;
	store_audit_created(p->progress, id, progress_cols, NP,
			   (const char *const *)v, &p->json);
	cw_batch_stored(b, (const char *const *)v);
out:
	free(g.status);
	plan_edit_free(v, NP);
	return rc;
}
#undef PH

static int progress_record(void *ctx, cw_batch *b, const cw_record *rec)
{
	const char *in[NP], *src[NP];
	if (store_fields_map(b, rec, progress_spec, NP, in, src))
		return 0;
	return in[P_ID] ? progress_known(ctx, b, rec, in, src)
			: progress_new(ctx, b, rec, in, src);
}

static int progress_finish(void *ctx, cw_batch *b)
{
	struct plan_edit *p = ctx;
	(void)b;
	return cw_audit_ids_write(p->db, p->progress, "insert") ? CW_EXIT_DB : 0;
}

int plan_progress(const cw_ctx *x, const cw_batch_opts *o, char **files,
		  size_t nfiles)
{
	static const cw_names names = CW_FIELDS_NAMES(progress_spec, NP);
	return plan_edit_run(x, o, files, nfiles, progress_cols, NP, &names,
			     progress_record, progress_finish);
}
