/* plan/goals.c - the goals of case plans (sw-plan goals), and the plan a
 * case's first goal creates. Goals and tasks are the plan: each batch
 * that changes them gives every case it touched one new plan revision
 * (revise.c), a snapshot of the whole plan. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>
#include "core/core.h"
#include "plan/plan.h"

/* ---- the records ---------------------------------------------------------- */

const cw_col plan_goal_cols[NG] = {
	{"goal_id", 0}, {"case_id", 0}, {"plan_id", 0}, {"term", 0},
	{"description", 0}, {"need", 0}, {"indicator", 0}, {"baseline", 0},
	{"target", 0}, {"deadline", 0}, {"status", 0}, {"created_at", 0},
	{"updated_at", 0},
};

static const cw_fieldspec goal_spec[NGIN] = {
	{"goal_id", {"目标编号"}}, {"case_id", {"个案编号"}},
	{"plan_id", {"计划编号"}}, {"term", {"期限"}},
	{"description", {"目标"}}, {"need", {"对应需求"}},
	{"indicator", {"指标"}}, {"baseline", {"基线"}},
	{"target", {"目标值"}}, {"deadline", {"期限日期"}},
	{"status", {"状态"}}, {"created_at", {"创建时间"}},
	{"updated_at", {"更新时间"}}, {"revision", {"修订版本"}},
};

/* A plan as its creation is audited. */
enum { L_ID, L_CASE, L_CYCLE, L_NEXT, L_CREATED, NL };
static const cw_col plan_cols[NL] = {
	{"plan_id", 0}, {"case_id", 0}, {"review_cycle", 0},
	{"next_review", 0}, {"created_at", 0},
};

#define GH(f) store_fields_hdr(goal_spec, src, f)

/* ---- the plan of a case ----------------------------------------------------- */

/* The case's plan and its revision: *plan 0 when it has none (yet). */
static int plan_of(struct plan_edit *p, int64_t case_id, int64_t *plan,
		   int64_t *rev)
{
	plan_db_plan row;
	int rc;

	*plan = 0;
	if (!p->db)
		return 0;
	if ((rc = plan_db_plan_of(p->db, case_id, &row)) != 0)
		return rc;
	*plan = row.id;
	*rev = row.revision;
	free(row.next);
	return 0;
}

/* The plan a dry run's first goal of a case without one would create:
 * the next id after the plans stored, in the order of the batch. 0 with
 * *plan, or an exit code. */
static int made_plan(struct plan_edit *p, int64_t case_id, int64_t *plan)
{
	char *row[1], pid[32];
	const char *v[1];
	int r;

	if ((r = store_dryrows_ready(&p->made_plans, NULL, "plans", 1)) != 0)
		return r;
	if ((r = store_dryrows_get(&p->made_plans, case_id, row)) < 0)
		return -r;
	if (r) {
		*plan = plan_edit_id_num(row[0]);
		free(row[0]);
		return 0;
	}
	if (!p->next_plan && (p->next_plan = store_next_id(p->db, "plans")) < 0)
		return CW_EXIT_DB;
	*plan = p->next_plan++;
	cw_id_format(CW_K_PLAN, *plan, pid);
	v[0] = pid;
	return store_dryrows_set(&p->made_plans, case_id, v);
}

/* A case's first goal makes its plan, with the configured review cycle.
 * Its first review is the one a review before the plan already set, else
 * one cycle from today: a date a worker set is never dropped. */
static int plan_new(struct plan_edit *p, int64_t case_id, int64_t *plan)
{
	char cycle[32], next[11], now[21], pid[32], cid[32];
	const char *v[NL];
	cw_date first;
	int rc;

	snprintf(cycle, sizeof cycle, "%d%c", p->cycle.n, p->cycle.unit);
	/* The configuration's cycle was checked from today (cw_config_load). */
	if (cw_date_add(p->today, p->cycle, &first)) {
		cw_error("review_cycle: from today this falls after the year 9999");
		return CW_EXIT_USAGE;
	}
	cw_date_format(first, next);
	if ((rc = plan_db_review_next(p->db, case_id, next, sizeof next)) != 0)
		return rc;
	cw_utc_now(now);
	if ((rc = plan_db_plan_insert(p->db, case_id, cycle, next, now, plan)) != 0)
		return rc;
	cw_id_format(CW_K_PLAN, *plan, pid);
	cw_id_format(CW_K_CASE, case_id, cid);
	v[L_ID] = pid;
	v[L_CASE] = cid;
	v[L_CYCLE] = cycle;
	v[L_NEXT] = next;
	v[L_CREATED] = now;
	store_audit_created(p->plans, *plan, plan_cols, NL, v, &p->json);
	return 0;
}

/* ---- goals ---------------------------------------------------------------- */

/* Loads a goal: 1 with v[NG] (owned) and its case, plan, whether the
 * case is open and the plan's revision; 0 when there is none. */
static int goal_load(struct plan_edit *p, int64_t id, char **v, int64_t *iv)
{
	char *row[NGIN];
	int r;

	if ((r = plan_edit_dry_get(p, id, CW_K_GOAL, row)) != 0) {
		if (r < 0)
			return r;
		/* A goal of a dry run: its case is open (a goals batch closes
		 * none), its plan's revision as the batch found it. */
		memcpy(v, row, NG * sizeof *v);
		iv[0] = plan_edit_id_num(row[G_CASE]);
		iv[1] = plan_edit_id_num(row[G_PLAN]);
		iv[2] = 1;
		iv[3] = row[G_REVISION] ? strtoll(row[G_REVISION], NULL, 10) : 0;
		free(row[G_REVISION]);
		return 1;
	}
	return plan_db_goal_load(p->db, id, v, iv);
}

/* Term, deadline and status made canonical. */
static int goal_values(struct plan_edit *p, cw_batch *b, const cw_record *rec,
		       const char **in, const char **src, char *deadline)
{
	if (plan_edit_word(b, rec, GH(G_TERM), &in[G_TERM], &store_vocab_goal_term) ||
	    plan_edit_date(p, b, rec, GH(G_DEADLINE), &in[G_DEADLINE], 1, deadline) ||
	    plan_edit_word(b, rec, GH(G_STATUS), &in[G_STATUS],
			   &store_vocab_goal_status))
		return CW_REJECTED;
	return 0;
}

static int goal_new(struct plan_edit *p, cw_batch *b, const cw_record *rec,
		    const char **in, const char **src)
{
	static const int required[] = {
		G_CASE, G_TERM, G_DESC, G_INDICATOR, G_TARGET, G_DEADLINE
	};
	static const int readonly[] = { G_PLAN, G_CREATED, G_UPDATED, G_REVISION };
	char deadline[11], cid[32], pid[32], now[21], *v[NG] = {0};
	int64_t case_id, plan = 0, rev = 0, id, iv[4];
	size_t i;
	int open, rc;

	for (i = 0; i < sizeof readonly / sizeof readonly[0]; i++)
		if ((rc = plan_edit_ro_empty(b, rec, GH(readonly[i]), in[readonly[i]],
					     "goal")) != 0)
			return rc;
	for (i = 0; i < sizeof required / sizeof required[0]; i++)
		if (!in[required[i]]) {
			cw_batch_reject(b, rec, GH(required[i]), "required");
			return CW_REJECTED;
		}
	if ((rc = plan_case(p->db, b, rec, GH(G_CASE), in[G_CASE], &case_id,
			    &open)) != 0)
		return rc;
	if (!open) {
		cw_batch_reject(b, rec, GH(G_CASE), "the case is closed (reopen it first)");
		return CW_REJECTED;
	}
	if ((rc = goal_values(p, b, rec, in, src, deadline)) != 0)
		return rc;
	if (!in[G_STATUS])
		in[G_STATUS] = "not_started";
	if ((rc = plan_of(p, case_id, &plan, &rev)) != 0)
		return rc;
	if (p->dry_run) {
		/* Without new ids: the plan only when the case has one. */
		const char *dv[NGIN];
		char revbuf[32];
		cw_id_format(CW_K_CASE, case_id, cid);
		cw_id_format(CW_K_PLAN, plan, pid);
		memcpy(dv, in, sizeof dv);
		dv[G_CASE] = cid;
		dv[G_PLAN] = plan ? pid : NULL;
		cw_batch_stored(b, dv);
		if (!p->db)
			return 0;
		/* Kept with the plan it would have: the case's, or the one
		 * its first goal of the batch would create (revision 0). */
		if (!plan && (rc = made_plan(p, case_id, &plan)) != 0)
			return rc;
		cw_id_format(CW_K_PLAN, plan, pid);
		snprintf(revbuf, sizeof revbuf, "%lld", (long long)rev);
		cw_utc_now(now);
		dv[G_PLAN] = pid;
		dv[G_CREATED] = now;
		dv[G_REVISION] = revbuf;
		return plan_edit_dry_row(p, "goals", NGIN, 0, dv);
	}
	if (!plan && (rc = plan_new(p, case_id, &plan)) != 0)
		return rc;
	cw_utc_now(now);
	if ((rc = plan_db_goal_insert(p->db, plan, case_id, in, now, &id)) != 0 ||
	    (rc = plan_edit_reload(p, goal_load, id, v, iv, "read a goal")) != 0)
		return rc;
	store_audit_created(p->goals, id, plan_goal_cols, NG, (const char *const *)v,
			   &p->json);
	plan_edit_touch(p, plan, case_id);
	cw_batch_stored(b, (const char *const *)v);
	plan_edit_free(v, NG);
	return 0;
}

static int goal_change(struct plan_edit *p, cw_batch *b, const cw_record *rec,
		       const char **in, const char **src)
{
	char deadline[11], gid[32], cid[32], pid[32], rev[32], now[21];
	char *st[NG] = {0}, *v[NG] = {0};
	const char *m[NG];
	int changed[NG] = {0}, any = 0, i, rc;
	int64_t id = 0, iv[4];

	if ((rc = plan_edit_canon_id(b, rec, GH(G_ID), &in[G_ID], CW_K_GOAL, gid,
				     &id)) != 0)
		return rc;
	if (!p->db) {
		/* A dry run without a database: the form of what is given. */
		if ((rc = plan_edit_canon_id(b, rec, GH(G_CASE), &in[G_CASE],
					     CW_K_CASE, cid, NULL)) ||
		    (rc = plan_edit_canon_id(b, rec, GH(G_PLAN), &in[G_PLAN],
					     CW_K_PLAN, pid, NULL)) ||
		    (rc = goal_values(p, b, rec, in, src, deadline)))
			return rc;
		cw_batch_stored(b, in);
		return 0;
	}
	if ((rc = goal_load(p, id, st, iv)) != 1) {
		if (rc)
			return -rc;
		cw_batch_reject(b, rec, GH(G_ID), "no such goal");
		return CW_REJECTED;
	}
	snprintf(rev, sizeof rev, "%lld", (long long)iv[3]);
	if ((rc = plan_edit_open(b, rec, GH(G_ID), (int)iv[2], iv[0])) ||
	    (rc = plan_edit_ro_id(b, rec, GH(G_CASE), in[G_CASE], CW_K_CASE, iv[0])) ||
	    (rc = plan_edit_ro_id(b, rec, GH(G_PLAN), in[G_PLAN], CW_K_PLAN, iv[1])) ||
	    (rc = plan_edit_ro(b, rec, GH(G_CREATED), in[G_CREATED], st[G_CREATED])) ||
	    (rc = plan_edit_ro(b, rec, GH(G_UPDATED), in[G_UPDATED], st[G_UPDATED])) ||
	    (rc = plan_edit_ro(b, rec, GH(G_REVISION), in[G_REVISION], rev)) ||
	    (rc = goal_values(p, b, rec, in, src, deadline)))
		goto out;
	for (i = 0; i < NG; i++) {
		m[i] = st[i];
		if (i >= G_TERM && i <= G_STATUS && in[i]) {
			m[i] = in[i];
			changed[i] = !core_same(in[i], st[i]);
			any |= changed[i];
		}
	}
	if (p->dry_run && any) {
		/* A later record sees the goal as this one leaves it. */
		const char *dv[NGIN];
		memcpy(dv, m, sizeof m);
		cw_utc_now(now);
		dv[G_UPDATED] = now;
		dv[G_REVISION] = rev;
		if ((rc = plan_edit_dry_row(p, "goals", NGIN, id, dv)) != 0)
			goto out;
	}
	if ((rc = plan_edit_change_begin(p, b, rec, any, m, now)) != 0 ||
	    (rc = plan_db_goal_update(p->db, id, m, now)) != 0 ||
	    (rc = plan_edit_audit(p, CW_K_GOAL, id, plan_goal_cols, NG, st, m,
				  changed)) != 0)
		goto out;
	plan_edit_touch(p, iv[1], iv[0]);
	if ((rc = plan_edit_reload(p, goal_load, id, v, iv, "read a goal")) != 0)
		goto out;
	cw_batch_stored(b, (const char *const *)v);
out:
	plan_edit_free(st, NG);
	plan_edit_free(v, NG);
	return rc;
}
#undef GH

static int goal_record(void *ctx, cw_batch *b, const cw_record *rec)
{
	const char *in[NGIN], *src[NGIN];
	if (store_fields_map(b, rec, goal_spec, NGIN, in, src))
		return 0;
	return in[G_ID] ? goal_change(ctx, b, rec, in, src)
			: goal_new(ctx, b, rec, in, src);
}

int plan_goals(const cw_ctx *x, const cw_batch_opts *o, char **files,
	       size_t nfiles)
{
	static const cw_names names = CW_FIELDS_NAMES(goal_spec, NGIN);
	return plan_edit_run(x, o, files, nfiles, plan_goal_cols, NG, &names,
			     goal_record, plan_edit_finish);
}
