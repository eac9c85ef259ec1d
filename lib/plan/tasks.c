/* plan/tasks.c - the tasks under the goals of case plans (sw-plan
 * tasks): new ones, and changes such as done. A task is part of its
 * case's plan: the batch ends with the plan's revision (revise.c). */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>
#include "core/core.h"
#include "plan/plan.h"

static const cw_col task_cols[NTK] = {
	{"task_id", 0}, {"goal_id", 0}, {"case_id", 0}, {"description", 0},
	{"owner", 0}, {"due_date", 0}, {"status", 0}, {"done_date", 0},
	{"created_at", 0}, {"updated_at", 0},
};

static const cw_fieldspec task_spec[NTK] = {
	{"task_id", {"任务编号"}}, {"goal_id", {"目标编号"}},
	{"case_id", {"个案编号"}}, {"description", {"任务"}},
	{"owner", {"负责人"}}, {"due_date", {"截止日期"}},
	{"status", {"状态"}}, {"done_date", {"完成日期"}},
	{"created_at", {"创建时间"}}, {"updated_at", {"更新时间"}},
};

/* A dry run's task row: the record's columns, then its plan (as a
 * number); the id of a new task is left out (from its place). */
#define DRY_T_PLAN NTK

#define TH(f) store_fields_hdr(task_spec, src, f)

/* Due date, status and done date made canonical. */
static int task_values(struct plan_edit *p, cw_batch *b, const cw_record *rec,
		       const char **in, const char **src, char *due, char *done)
{
	if (plan_edit_date(p, b, rec, TH(TK_DUE), &in[TK_DUE], 1, due) ||
	    plan_edit_word(b, rec, TH(TK_STATUS), &in[TK_STATUS],
			   &store_vocab_task_status) ||
	    plan_edit_date(p, b, rec, TH(TK_DONE), &in[TK_DONE], 0, done))
		return CW_REJECTED;
	return 0;
}

/* A task is done on a day: given, kept, or today when it becomes done;
 * a task that is not done has no done date. */
static int task_done_date(struct plan_edit *p, cw_batch *b, const cw_record *rec,
			  const char **in, const char **src, const char **m,
			  char *today)
{
	if (strcmp(m[TK_STATUS], "done")) {
		if (in[TK_DONE]) {
			cw_batch_reject(b, rec, TH(TK_DONE), "only for a task that is "
					"done (status done)");
			return CW_REJECTED;
		}
		m[TK_DONE] = NULL;
	} else if (!m[TK_DONE]) {
		cw_date_format(p->today, today);
		m[TK_DONE] = today;
	}
	return 0;
}

/* Keeps a task a dry run would store (id 0) or change, with its plan, as
 * the batch leaves it: v its values, stamp its created_at or updated_at. */
static int task_dry_row(struct plan_edit *p, int64_t id, const char *const *v,
			int stamp, int64_t plan)
{
	const char *dv[NTK + 1];
	char planbuf[32], now[21];
	memcpy(dv, v, NTK * sizeof *dv);
	cw_utc_now(now);
	snprintf(planbuf, sizeof planbuf, "%lld", (long long)plan);
	dv[stamp] = now;
	dv[DRY_T_PLAN] = planbuf;
	return plan_edit_dry_row(p, "tasks", NTK + 1, id, dv);
}

/* Loads a task: 1 with v[NTK] (owned) and its case, plan, whether the
 * case is open and its goal; 0 when there is none. */
static int task_load(struct plan_edit *p, int64_t id, char **v, int64_t *iv)
{
	char *row[NTK + 1];
	int r;

	if ((r = plan_edit_dry_get(p, id, CW_K_TASK, row)) != 0) {
		if (r < 0)
			return r;
		/* A task of a dry run: its case is open (a tasks batch closes
		 * none). */
		memcpy(v, row, NTK * sizeof *v);
		iv[0] = plan_edit_id_num(row[TK_CASE]);
		iv[1] = row[DRY_T_PLAN] ? strtoll(row[DRY_T_PLAN], NULL, 10) : 0;
		iv[2] = 1;
		iv[3] = plan_edit_id_num(row[TK_GOAL]);
		free(row[DRY_T_PLAN]);
		return 1;
	}
	return plan_db_task_load(p->db, id, v, iv);
}

static int task_new(struct plan_edit *p, cw_batch *b, const cw_record *rec,
		    const char **in, const char **src)
{
	static const int required[] = { TK_GOAL, TK_DESC, TK_DUE };
	plan_goal_ref g;
	char due[11], done[11], today[11], gid[32], cid[32], now[21];
	char *v[NTK] = {0};
	int64_t id = 0, iv[4];
	size_t i;
	int rc;

	memset(&g, 0, sizeof g);
	if ((rc = plan_edit_ro_empty(b, rec, TH(TK_CREATED), in[TK_CREATED], "task")) ||
	    (rc = plan_edit_ro_empty(b, rec, TH(TK_UPDATED), in[TK_UPDATED], "task")))
		return rc;
	for (i = 0; i < sizeof required / sizeof required[0]; i++)
		if (!in[required[i]]) {
			cw_batch_reject(b, rec, TH(required[i]), "required");
			return CW_REJECTED;
		}
	if ((rc = plan_edit_goal_ref(p, b, rec, TH(TK_GOAL), in[TK_GOAL], &g)) != 0)
		goto out;
	if (p->db) {
		if ((rc = plan_edit_ro_id(b, rec, TH(TK_CASE), in[TK_CASE], CW_K_CASE,
					  g.case_id)) ||
		    (rc = plan_edit_open(b, rec, TH(TK_GOAL), g.open, g.case_id)))
			goto out;
		cw_id_format(CW_K_CASE, g.case_id, cid);
		in[TK_CASE] = cid;
	} else if ((rc = plan_edit_canon_id(b, rec, TH(TK_CASE), &in[TK_CASE],
					    CW_K_CASE, cid, NULL))) {
		goto out;
	}
	if ((rc = task_values(p, b, rec, in, src, due, done)) != 0)
		goto out;
	if (!in[TK_STATUS])
		in[TK_STATUS] = "open";
	{
		const char *m[NTK];
		memcpy(m, in, sizeof m);
		if ((rc = task_done_date(p, b, rec, in, src, m, today)) != 0)
			goto out;
		in[TK_DONE] = m[TK_DONE];
	}
	cw_id_format(CW_K_GOAL, g.id, gid);
	in[TK_GOAL] = gid;
	if (p->dry_run) {
		cw_batch_stored(b, in);
		if (p->db)
			rc = task_dry_row(p, 0, in, TK_CREATED, g.plan);
		goto out;
	}
	cw_utc_now(now);
	if ((rc = plan_db_task_insert(p->db, g.id, g.case_id, in, now, &id)) != 0 ||
	    (rc = plan_edit_reload(p, task_load, id, v, iv, "read a task")) != 0)
		goto out;
	store_audit_created(p->tasks, id, task_cols, NTK, (const char *const *)v,
			   &p->json);
	plan_edit_touch(p, g.plan, g.case_id);
	cw_batch_stored(b, (const char *const *)v);
out:
	free(g.status);
	plan_edit_free(v, NTK);
	return rc;
}

static int task_change(struct plan_edit *p, cw_batch *b, const cw_record *rec,
		       const char **in, const char **src)
{
	plan_goal_ref g;
	char due[11], done[11], today[11], tid[32], gid[32], cid[32], now[21];
	char *st[NTK] = {0}, *v[NTK] = {0};
	const char *m[NTK];
	int changed[NTK] = {0}, any = 0, i, rc;
	int64_t id = 0, iv[4];

	memset(&g, 0, sizeof g);
	if ((rc = plan_edit_canon_id(b, rec, TH(TK_ID), &in[TK_ID], CW_K_TASK, tid,
				     &id)) != 0)
		return rc;
	if (!p->db) {
		/* A dry run without a database: the form of what is given. */
		if ((rc = plan_edit_canon_id(b, rec, TH(TK_GOAL), &in[TK_GOAL],
					     CW_K_GOAL, gid, NULL)) ||
		    (rc = plan_edit_canon_id(b, rec, TH(TK_CASE), &in[TK_CASE],
					     CW_K_CASE, cid, NULL)) ||
		    (rc = task_values(p, b, rec, in, src, due, done)))
			return rc;
		if (in[TK_DONE] && in[TK_STATUS] && strcmp(in[TK_STATUS], "done")) {
			cw_batch_reject(b, rec, TH(TK_DONE), "only for a task that is "
					"done (status done)");
			return CW_REJECTED;
		}
		cw_batch_stored(b, in);
		return 0;
	}
	if ((rc = task_load(p, id, st, iv)) != 1) {
		if (rc)
			return -rc;
		cw_batch_reject(b, rec, TH(TK_ID), "no such task");
		return CW_REJECTED;
	}
	if ((rc = plan_edit_open(b, rec, TH(TK_ID), (int)iv[2], iv[0])) ||
	    (rc = plan_edit_ro_id(b, rec, TH(TK_CASE), in[TK_CASE], CW_K_CASE, iv[0])) ||
	    (rc = plan_edit_ro(b, rec, TH(TK_CREATED), in[TK_CREATED], st[TK_CREATED])) ||
	    (rc = plan_edit_ro(b, rec, TH(TK_UPDATED), in[TK_UPDATED], st[TK_UPDATED])))
		goto out;
	if (in[TK_GOAL]) {
		/* A task may move to another goal of its case. */
		if ((rc = plan_edit_goal_ref(p, b, rec, TH(TK_GOAL), in[TK_GOAL], &g)) != 0)
			goto out;
		if (g.case_id != iv[0]) {
			cw_batch_reject(b, rec, TH(TK_GOAL), "a goal of another case; "
					"a task stays with its case");
			rc = CW_REJECTED;
			goto out;
		}
		cw_id_format(CW_K_GOAL, g.id, gid);
		in[TK_GOAL] = gid;
	}
	if ((rc = task_values(p, b, rec, in, src, due, done)) != 0)
		goto out;
	for (i = 0; i < NTK; i++)
		m[i] = in[i] && i != TK_CASE && i != TK_ID && i != TK_CREATED &&
		       i != TK_UPDATED ? in[i] : st[i];
	if ((rc = task_done_date(p, b, rec, in, src, m, today)) != 0)
		goto out;
	for (i = TK_GOAL; i <= TK_DONE; i++)
		if (i != TK_CASE && !core_same(m[i], st[i]))
			changed[i] = any = 1;
	/* A later record of a dry run sees the task as this one leaves it. */
	if (p->dry_run && any && (rc = task_dry_row(p, id, m, TK_UPDATED, iv[1])) != 0)
		goto out;
	if ((rc = plan_edit_change_begin(p, b, rec, any, m, now)) != 0 ||
	    (rc = plan_db_task_update(p->db, id, in[TK_GOAL] ? g.id : iv[3], m,
				      now)) != 0 ||
	    (rc = plan_edit_audit(p, CW_K_TASK, id, task_cols, NTK, st, m,
				  changed)) != 0)
		goto out;
	plan_edit_touch(p, iv[1], iv[0]);
	if ((rc = plan_edit_reload(p, task_load, id, v, iv, "read a task")) != 0)
		goto out;
	cw_batch_stored(b, (const char *const *)v);
out:
	free(g.status);
	plan_edit_free(st, NTK);
	plan_edit_free(v, NTK);
	return rc;
}
#undef TH

static int task_record(void *ctx, cw_batch *b, const cw_record *rec)
{
	const char *in[NTK], *src[NTK];
	if (store_fields_map(b, rec, task_spec, NTK, in, src))
		return 0;
	return in[TK_ID] ? task_change(ctx, b, rec, in, src)
			: task_new(ctx, b, rec, in, src);
}

int plan_tasks(const cw_ctx *x, const cw_batch_opts *o, char **files,
	       size_t nfiles)
{
	static const cw_names names = CW_FIELDS_NAMES(task_spec, NTK);
	return plan_edit_run(x, o, files, nfiles, task_cols, NTK, &names,
			     task_record, plan_edit_finish);
}
