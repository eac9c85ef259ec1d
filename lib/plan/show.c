/* plan/show.c - the plan view of a case: its goals and tasks, now or as of
 * a revision (sw-plan show); the list of revisions; what changed between
 * two of them (sw-plan compare). The same view is the snapshot every
 * revision stores, so that show, revisions and compare read one format. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>
#include <cJSON.h>
#include "core/core.h"
#include "plan/plan.h"

/* The plan view: one record per goal and per task, in this column order.
 * A goal's goal_id is its own id, so that a spreadsheet filtered on
 * goal_id shows the goal with its tasks; a task leaves the goal's own
 * columns (term, need, indicator, baseline, target) empty. */
enum {
	V_RECORD, V_ID, V_GOAL, V_CASE, V_TERM, V_DESC, V_NEED, V_INDICATOR,
	V_BASELINE, V_TARGET, V_DUE, V_STATUS, V_OWNER, NV
};

static const cw_col view_cols[NV] = {
	{"record", 0}, {"id", 0}, {"goal_id", 0}, {"case_id", 0}, {"term", 0},
	{"description", 0}, {"need", 0}, {"indicator", 0}, {"baseline", 0},
	{"target", 0}, {"deadline_or_due", 0}, {"status", 0}, {"owner", 0},
};

/* The view's columns are the store's (plan_db_view_each). */
_Static_assert((int)NV == (int)PLAN_VIEW_NCOLS, "the view's columns");

struct snap {
	cw_buf *out;
	size_t n;
};

static void snap_add(void *ctx, const char *const *vals)
{
	struct snap *s = ctx;
	cw_buf_addstr(s->out, s->n++ ? "," : "");
	cw_json_record(s->out, view_cols, NV, vals);
}

int plan_view_snapshot(cw_db *db, int64_t case_id, cw_buf *out)
{
	struct snap s = {out, 0};
	int rc;
	cw_buf_addch(out, '[');
	rc = plan_db_view_each(db, case_id, snap_add, &s);
	cw_buf_addch(out, ']');
	return rc;
}

/* ---- a plan view in memory ---------------------------------------------- */

struct view {
	char *(*rec)[NV];   /* records, each NV owned strings or NULL */
	size_t n, cap;
};

static void view_add(void *ctx, const char *const *vals)
{
	struct view *w = ctx;
	int i;
	if (w->n == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 16;
		w->rec = cw_xrealloc(w->rec, w->cap * sizeof *w->rec);
	}
	for (i = 0; i < NV; i++)
		w->rec[w->n][i] = vals[i] ? cw_xstrdup(vals[i]) : NULL;
	w->n++;
}

static void view_release(struct view *w)
{
	size_t k;
	int i;
	for (k = 0; k < w->n; k++)
		for (i = 0; i < NV; i++)
			free(w->rec[k][i]);
	free(w->rec);
	memset(w, 0, sizeof *w);
}

/* Reads a snapshot: -1 when it is not an array of objects. */
static int view_parse(const char *json, struct view *w)
{
	cJSON *a = cJSON_Parse(json), *o;
	const char *v[NV];
	int i;

	if (!cJSON_IsArray(a)) {
		cJSON_Delete(a);
		return -1;
	}
	cJSON_ArrayForEach(o, a) {
		if (!cJSON_IsObject(o)) {
			cJSON_Delete(a);
			return -1;
		}
		for (i = 0; i < NV; i++) {
			const cJSON *f = cJSON_GetObjectItemCaseSensitive(o, view_cols[i].name);
			v[i] = cJSON_IsString(f) ? f->valuestring : NULL;
		}
		view_add(w, v);
	}
	cJSON_Delete(a);
	return 0;
}

/* ---- the case and its plan ---------------------------------------------- */

struct plan_ref {
	cw_db *db;
	char case_id[32];   /* canonical, for messages */
	int64_t case_num;
	int64_t plan;       /* 0 when the case has no plan */
	int revisions;      /* the plan's latest revision */
};

int plan_case_arg(const char *case_id, int64_t *num)
{
	enum cw_kind kind;
	int64_t n;

	if (cw_id_parse(case_id, &kind, &n) || kind != CW_K_CASE) {
		cw_error("'%s' is not a case id (CA-n)", case_id);
		return CW_EXIT_DATA;
	}
	if (num)
		*num = n;
	return 0;
}

/* Finds the case (its id checked by plan_case_arg) and its plan. */
static int plan_open(struct plan_ref *p, cw_db *db, const char *case_id)
{
	int rc, r;

	memset(p, 0, sizeof *p);
	p->db = db;
	if ((rc = plan_case_arg(case_id, &p->case_num)) != 0)
		return rc;
	cw_id_format(CW_K_CASE, p->case_num, p->case_id);
	r = plan_db_case_plan(db, p->case_num, &p->plan, &p->revisions);
	if (!r) {
		cw_error("no case %s", case_id);
		return CW_EXIT_DATA;
	}
	return r < 0 ? CW_EXIT_DB : 0;
}

/* Loads revision rev of the plan into w; CW_EXIT_DATA when there is no
 * such revision. */
static int load_revision(struct plan_ref *p, int rev, struct view *w)
{
	char *snapshot;
	int r, rc = 0;

	if (!p->plan) {
		cw_error("%s has no plan revision %d (it has no plan)", p->case_id, rev);
		return CW_EXIT_DATA;
	}
	if (rev < 1 || rev > p->revisions) {
		cw_error("%s has no plan revision %d (its plan has %d revision%s)",
			 p->case_id, rev, p->revisions, p->revisions == 1 ? "" : "s");
		return CW_EXIT_DATA;
	}
	r = plan_db_revision_snapshot(p->db, p->plan, rev, &snapshot);
	if (r > 0) {
		if (view_parse(snapshot, w)) {
			cw_error("revision %d of %s's plan in '%s' cannot be read",
				 rev, p->case_id, store_name(p->db));
			rc = CW_EXIT_DB;
		}
	} else if (!r) {
		cw_error("revision %d of %s's plan is missing from '%s'", rev,
			 p->case_id, store_name(p->db));
		rc = CW_EXIT_DB;
	} else {
		rc = CW_EXIT_DB;
	}
	free(snapshot);
	return rc;
}

/* A case without a plan: said on stderr, and the empty selection of the
 * format on fp (casework.7: the header in csv, [] in json). */
static int no_plan(FILE *fp, const char *case_id, const cw_col *cols,
		   size_t n, enum cw_format fmt)
{
	int rc;
	cw_error("%s has no plan", case_id);
	rc = cw_writer_end(cw_writer_new(fp, fmt, cols, n), 0);
	return rc ? rc : CW_EXIT_EMPTY;
}

/* ---- show ---------------------------------------------------------------- */

static void write_row(void *ctx, const char *const *vals)
{
	cw_writer_row(ctx, vals);
}

int plan_show(const cw_ctx *x, const char *case_id, int revision,
	      enum cw_format fmt)
{
	struct plan_ref p;
	struct view w = {0};
	cw_writer *out;
	size_t k;
	int rc = plan_open(&p, x->db, case_id);

	if (!rc && !revision && !p.plan)
		return no_plan(x->out, p.case_id, view_cols, NV, fmt);
	if (!rc && revision)
		rc = load_revision(&p, revision, &w);
	if (!rc) {
		out = cw_writer_new(x->out, fmt, view_cols, NV);
		if (revision) {
			for (k = 0; k < w.n; k++)
				cw_writer_row(out, (const char *const *)w.rec[k]);
		} else {
			rc = plan_db_view_each(p.db, p.case_num, write_row, out);
		}
		rc = cw_writer_end(out, rc);
	}
	view_release(&w);
	return rc;
}

/* ---- revisions ------------------------------------------------------------ */

enum { R_REVISION, R_PLAN, R_CASE, R_CREATED, R_ACTOR, R_GOALS, R_TASKS, NR };

static const cw_col revision_cols[NR] = {
	{"revision", 1}, {"plan_id", 0}, {"case_id", 0}, {"created_at", 0},
	{"actor", 0}, {"goals", 1}, {"tasks", 1},
};

int plan_revisions(const cw_ctx *x, const char *case_id, enum cw_format fmt)
{
	struct plan_ref p;
	store_stmt *st = NULL;
	cw_writer *out;
	int rc = plan_open(&p, x->db, case_id), r;

	if (!rc && !p.plan)
		return no_plan(x->out, p.case_id, revision_cols, NR, fmt);
	if (!rc && !(st = plan_db_revisions(p.db, p.plan)))
		rc = CW_EXIT_DB;
	if (!rc) {
		out = cw_writer_new(x->out, fmt, revision_cols, NR);
		while ((r = store_step_out(st, out)) == STORE_ROW) {
			struct view w = {0};
			const char *v[NR];
			char goals[32], tasks[32];
			size_t k, ng = 0, nt = 0;
			if (view_parse(store_col_text(st, 4), &w)) {
				cw_error("revision %lld of %s's plan in '%s' cannot be read",
					 (long long)store_col_int(st, 0), p.case_id, store_name(p.db));
				rc = CW_EXIT_DB;
				break;
			}
			for (k = 0; k < w.n; k++) {
				if (w.rec[k][V_RECORD] && !strcmp(w.rec[k][V_RECORD], "goal"))
					ng++;
				else
					nt++;
			}
			view_release(&w);
			snprintf(goals, sizeof goals, "%zu", ng);
			snprintf(tasks, sizeof tasks, "%zu", nt);
			v[R_REVISION] = store_col_text(st, 0);
			v[R_PLAN] = store_col_text(st, 1);
			v[R_CASE] = p.case_id;
			v[R_CREATED] = store_col_text(st, 2);
			v[R_ACTOR] = store_col_text(st, 3);
			v[R_GOALS] = goals;
			v[R_TASKS] = tasks;
			cw_writer_row(out, v);
		}
		if (!rc && r != STORE_DONE)
			rc = store_fail(p.db, "read plan revisions");
		rc = cw_writer_end(out, rc);
	}
	store_finalize(st);
	return rc;
}

/* ---- compare --------------------------------------------------------------- */

enum { C_CHANGE, C_RECORD, C_ID, C_FIELD, C_FROM, C_TO, NC };

static const cw_col compare_cols[NC] = {
	{"change", 0}, {"record", 0}, {"id", 0}, {"field", 0}, {"from", 0},
	{"to", 0},
};

static char **find_record(const struct view *w, const char *id)
{
	size_t k;
	for (k = 0; k < w->n; k++)
		if (core_same(w->rec[k][V_ID], id))
			return w->rec[k];
	return NULL;
}

static void change_row(cw_writer *out, const char *change, char *const *rec,
		       const char *field, const char *from, const char *to)
{
	const char *v[NC];
	v[C_CHANGE] = change;
	v[C_RECORD] = rec[V_RECORD];
	v[C_ID] = rec[V_ID];
	v[C_FIELD] = field;
	v[C_FROM] = from;
	v[C_TO] = to;
	cw_writer_row(out, v);
}

/* Records of TO in its order: changed (one row per field) or added; then
 * the records of FROM that TO no longer has. */
int plan_compare(const cw_ctx *x, const char *case_id, int from, int to,
		 enum cw_format fmt)
{
	struct plan_ref p;
	struct view a = {0}, b = {0};
	cw_writer *out;
	size_t k;
	int rc = plan_open(&p, x->db, case_id), i;

	if (!rc)
		rc = load_revision(&p, from, &a);
	if (!rc)
		rc = load_revision(&p, to, &b);
	if (!rc) {
		out = cw_writer_new(x->out, fmt, compare_cols, NC);
		for (k = 0; k < b.n; k++) {
			char **old = find_record(&a, b.rec[k][V_ID]);
			if (!old) {
				change_row(out, "added", b.rec[k], NULL, NULL, NULL);
				continue;
			}
			for (i = 0; i < NV; i++)
				if (i != V_RECORD && i != V_ID && !core_same(old[i], b.rec[k][i]))
					change_row(out, "changed", b.rec[k], view_cols[i].name,
						   old[i], b.rec[k][i]);
		}
		for (k = 0; k < a.n; k++)
			if (!find_record(&b, a.rec[k][V_ID]))
				change_row(out, "removed", a.rec[k], NULL, NULL, NULL);
		rc = cw_writer_end(out, 0);
	}
	view_release(&a);
	view_release(&b);
	return rc;
}
