/* plan/goals.c - the goals and tasks of case plans and the progress of
 * goals (sw-plan goals, tasks, progress). Goals and tasks are the plan:
 * each batch that changes them gives every case it touched one new plan
 * revision, a snapshot of the whole plan. Progress is not a revision. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>
#include "core/core.h"
#include "plan/plan.h"

/* ---- the records ---------------------------------------------------------- */

/* A goal, in output order; revision is read in input only. */
enum {
	G_ID, G_CASE, G_PLAN, G_TERM, G_DESC, G_NEED, G_INDICATOR, G_BASELINE,
	G_TARGET, G_DEADLINE, G_STATUS, G_CREATED, G_UPDATED, NG,
	G_REVISION = NG, NGIN
};

static const cw_col goal_cols[NG] = {
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

enum {
	T_ID, T_GOAL, T_CASE, T_DESC, T_OWNER, T_DUE, T_STATUS, T_DONE,
	T_CREATED, T_UPDATED, NT
};

static const cw_col task_cols[NT] = {
	{"task_id", 0}, {"goal_id", 0}, {"case_id", 0}, {"description", 0},
	{"owner", 0}, {"due_date", 0}, {"status", 0}, {"done_date", 0},
	{"created_at", 0}, {"updated_at", 0},
};

static const cw_fieldspec task_spec[NT] = {
	{"task_id", {"任务编号"}}, {"goal_id", {"目标编号"}},
	{"case_id", {"个案编号"}}, {"description", {"任务"}},
	{"owner", {"负责人"}}, {"due_date", {"截止日期"}},
	{"status", {"状态"}}, {"done_date", {"完成日期"}},
	{"created_at", {"创建时间"}}, {"updated_at", {"更新时间"}},
};

enum { P_ID, P_GOAL, P_CASE, P_DATE, P_VALUE, P_STATUS, P_NOTE, P_CREATED, NP };

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

/* A plan as its creation is audited. */
enum { L_ID, L_CASE, L_CYCLE, L_NEXT, L_CREATED, NL };
static const cw_col plan_cols[NL] = {
	{"plan_id", 0}, {"case_id", 0}, {"review_cycle", 0},
	{"next_review", 0}, {"created_at", 0},
};

/* ---- the batch -------------------------------------------------------------- */

enum {
	S_PLAN_OF, S_PLAN_NEW, S_GOAL_LOAD, S_GOAL_NEW, S_GOAL_SET, S_GOAL_REF,
	S_GOAL_STATUS, S_TASK_LOAD, S_TASK_NEW, S_TASK_SET, S_PROG_LOAD,
	S_PROG_NEW, S_PROG_LATER, S_PLAN_BUMP, S_PLAN_REV, S_REV_NEW, NS
};

static const char *const sql[NS] = {
	[S_PLAN_OF] = "SELECT id, revision FROM plans WHERE case_id = ?",
	[S_PLAN_NEW] = "INSERT INTO plans (case_id, revision, review_cycle,"
		" next_review, created_at) VALUES (?, 0, ?, ?, ?)",
	[S_GOAL_LOAD] = "SELECT 'GL-' || g.id, 'CA-' || g.case_id,"
		" 'PL-' || g.plan_id, g.term, g.description, g.need, g.indicator,"
		" g.baseline, g.target, g.deadline, g.status, g.created_at,"
		" g.updated_at, g.case_id, g.plan_id, k.status = 'open', p.revision"
		" FROM goals g JOIN cases k ON k.id = g.case_id"
		" JOIN plans p ON p.id = g.plan_id WHERE g.id = ?",
	[S_GOAL_NEW] = "INSERT INTO goals (plan_id, case_id, term, description,"
		" need, indicator, baseline, target, deadline, status, created_at,"
		" batch_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
	[S_GOAL_SET] = "UPDATE goals SET term = ?, description = ?, need = ?,"
		" indicator = ?, baseline = ?, target = ?, deadline = ?, status = ?,"
		" updated_at = ? WHERE id = ?",
	[S_GOAL_REF] = "SELECT g.status, g.case_id, g.plan_id, k.status = 'open'"
		" FROM goals g JOIN cases k ON k.id = g.case_id WHERE g.id = ?",
	[S_GOAL_STATUS] = "UPDATE goals SET status = ?, updated_at = ? WHERE id = ?",
	[S_TASK_LOAD] = "SELECT 'TK-' || t.id, 'GL-' || t.goal_id,"
		" 'CA-' || t.case_id, t.description, t.owner, t.due_date, t.status,"
		" t.done_date, t.created_at, t.updated_at, t.case_id, g.plan_id,"
		" k.status = 'open', t.goal_id"
		" FROM tasks t JOIN goals g ON g.id = t.goal_id"
		" JOIN cases k ON k.id = t.case_id WHERE t.id = ?",
	[S_TASK_NEW] = "INSERT INTO tasks (goal_id, case_id, description, owner,"
		" due_date, status, done_date, created_at, batch_id)"
		" VALUES (?,?,?,?,?,?,?,?,?)",
	[S_TASK_SET] = "UPDATE tasks SET goal_id = ?, description = ?, owner = ?,"
		" due_date = ?, status = ?, done_date = ?, updated_at = ? WHERE id = ?",
	[S_PROG_LOAD] = "SELECT 'PG-' || p.id, 'GL-' || p.goal_id,"
		" 'CA-' || g.case_id, p.date, p.value, p.status, p.note, p.created_at"
		" FROM goal_progress p JOIN goals g ON g.id = p.goal_id WHERE p.id = ?",
	[S_PROG_NEW] = "INSERT INTO goal_progress (goal_id, date, value, status,"
		" note, created_at, batch_id) VALUES (?,?,?,?,?,?,?)",
	[S_PROG_LATER] = "SELECT 1 FROM goal_progress WHERE goal_id = ?"
		" AND status IS NOT NULL AND date > ? LIMIT 1",
	[S_PLAN_BUMP] = "UPDATE plans SET revision = revision + 1,"
		" updated_at = CASE WHEN revision > 0 THEN ?1 ELSE updated_at END"
		" WHERE id = ?2",
	[S_PLAN_REV] = "SELECT revision FROM plans WHERE id = ?",
	[S_REV_NEW] = "INSERT INTO plan_revisions (plan_id, revision, created_at,"
		" actor, batch_id, snapshot) VALUES (?,?,?,?,?,?)",
};

/* A plan the batch changed, and its case. */
struct touch {
	int64_t plan, case_id;
};

struct plan {
	cw_db *db;                   /* NULL in a dry run without a database */
	int dry_run;
	cw_date today;
	cw_duration cycle;           /* a new plan's review cycle */
	cw_audit_ids *plans;         /* plans created */
	cw_audit_ids *goals;         /* goals created */
	cw_audit_ids *tasks;         /* tasks created */
	cw_audit_ids *progress;      /* progress entries created */
	cw_audit_ids *revisions;     /* plans revised, by their snapshots */
	struct touch *touched;       /* plans changed, with repeats */
	size_t ntouched, cap;
	cw_buf json;                 /* scratch */
	store_stmt *st[NS];        /* prepared on first use */
	/* A dry run with a database keeps the goals, tasks or progress
	 * entries it would store or change as the batch leaves them (see
	 * dry_row), and the plans its goals would create, by case. */
	store_dryrows rows, made_plans;
	int64_t next_plan;           /* the next plan's id, 0 before the first */
};

/* The columns of a dry run's rows: a goal's with its plan's revision
 * (G_REVISION), a task's with its plan (as a number, DRY_T_PLAN), a
 * progress entry's; the id of a new record is left out (from its place). */
#define DRY_T_PLAN NT

/* Keeps row v of a record a dry run would store (id 0: a new one, in
 * table) or change (id), as it would then stand. 0 or an exit code. */
static int dry_row(struct plan *p, const char *table, size_t ncols, int64_t id,
		   const char *const *v)
{
	int rc = store_dryrows_ready(&p->rows, p->db, table, ncols);
	if (rc)
		return rc;
	return id ? store_dryrows_set(&p->rows, id, v) : store_dryrows_add(&p->rows, v, &id);
}

/* The number of id text s (GL-7: 7), or 0. */
static int64_t id_num(const char *s)
{
	enum cw_kind kind;
	int64_t n;
	return s && !cw_id_parse(s, &kind, &n) ? n : 0;
}

/* Reads row id of a dry run into v (ncols, owned) as the batch left it:
 * 1, 0 when the dry run has not stored or changed it, or -exit code. Its
 * id, when left out, is put in column 0 (of kind). */
static int dry_get(struct plan *p, int64_t id, enum cw_kind kind, char **v)
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

/* The statement, prepared on first use and reset for another. */
static store_stmt *stmt(struct plan *p, int i)
{
	if (!p->st[i])
		return p->st[i] = store_prepare(p->db, sql[i]);
	store_reset(p->st[i]);
	store_clear(p->st[i]);
	return p->st[i];
}

/* Steps a query once. Returns 1 with the first ns columns copied into
 * s[] (owned, NULL for null) and the next ni columns into iv[]; 0 when
 * there is no row; or CW_EXIT_DB (negated) after a message. */
static int fetch(struct plan *p, store_stmt *st, int ns, char **s, int ni,
		 int64_t *iv, const char *what)
{
	int r = store_step(st), i;
	if (r == STORE_DONE) {
		store_reset(st);
		return 0;
	}
	if (r != STORE_ROW) {
		store_fail(p->db, what);
		store_reset(st);
		return -CW_EXIT_DB;
	}
	for (i = 0; i < ns; i++) {
		const char *t = store_col_text(st, i);
		s[i] = t ? cw_xstrdup(t) : NULL;
	}
	for (i = 0; i < ni; i++)
		iv[i] = store_col_int(st, ns + i);
	store_reset(st);
	return 1;
}

/* Runs a statement that returns no rows. */
static int exec(struct plan *p, store_stmt *st, const char *what)
{
	int r = store_step(st);
	store_reset(st);
	return r == STORE_DONE ? 0 : store_fail(p->db, what);
}

static void strs_free(char **s, int n)
{
	int i;
	for (i = 0; i < n; i++) {
		free(s[i]);
		s[i] = NULL;
	}
}

/* {"before":{...},"after":{...}} over the fields marked in changed. */
static void change_json(cw_buf *b, const cw_col *cols, int n,
			char *const *before, const char *const *after,
			const int *changed)
{
	int pass, i, first;
	for (pass = 0; pass < 2; pass++) {
		cw_buf_addstr(b, pass ? ",\"after\":{" : "{\"before\":{");
		first = 1;
		for (i = 0; i < n; i++) {
			const char *v = pass ? after[i] : before[i];
			if (!changed[i])
				continue;
			cw_buf_addstr(b, first ? "" : ",");
			first = 0;
			cw_json_quote(b, cols[i].name, strlen(cols[i].name));
			cw_buf_addch(b, ':');
			if (v)
				cw_json_quote(b, v, strlen(v));
			else
				cw_buf_addstr(b, "null");
		}
		cw_buf_addch(b, '}');
	}
	cw_buf_addch(b, '}');
}

/* Audits one changed record: action update, its id, the fields before
 * and after. */
static int audit_change(struct plan *p, enum cw_kind kind, int64_t id,
			const cw_col *cols, int n, char *const *before,
			const char *const *after, const int *changed)
{
	char idbuf[32];
	cw_id_format(kind, id, idbuf);
	cw_buf_reset(&p->json);
	change_json(&p->json, cols, n, before, after, changed);
	return cw_audit_append(p->db, "update", kind, idbuf, p->json.s);
}

/* Reads back record id just stored through load (goal_load, task_load):
 * 0 with v and iv set, or CW_EXIT_DB after a message ("read a goal"). */
static int reload(struct plan *p, int (*load)(struct plan *, int64_t, char **,
					       int64_t *),
		  int64_t id, char **v, int64_t *iv, const char *what)
{
	int rc = load(p, id, v, iv);
	return rc == 1 ? 0 : rc ? -rc : store_fail(p->db, what);
}

/* Starts storing a change to a record whose new values are m: skips the
 * record when nothing changed (any 0) and shows m in a dry run, returning
 * CW_REJECTED then; else returns 0 with now stamped and *up the statement
 * which (reset, to bind), or CW_EXIT_DB. */
static int change_begin(struct plan *p, cw_batch *b, const cw_record *rec,
			int any, const char *const *m, int which, char *now,
			store_stmt **up)
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
	return (*up = stmt(p, which)) ? 0 : CW_EXIT_DB;
}

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

/* A read-only id given with a record: it must name the stored record. */
static int check_ro_id(cw_batch *b, const cw_record *rec, const char *hdr,
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

/* A read-only value given with a record must be the stored one. */
static int check_ro(cw_batch *b, const cw_record *rec, const char *hdr,
		    const char *given, const char *stored)
{
	if (given && !core_same(given, stored)) {
		cw_batch_reject(b, rec, hdr, "read-only; it differs from the stored value");
		return CW_REJECTED;
	}
	return 0;
}

/* A read-only value given with a new record: it must be empty. */
static int check_ro_empty(cw_batch *b, const cw_record *rec, const char *hdr,
			  const char *given, const char *what)
{
	if (given) {
		cw_batch_reject(b, rec, hdr, "read-only; leave it empty for a new %s",
				what);
		return CW_REJECTED;
	}
	return 0;
}

/* Canonical word for a field, or CW_REJECTED with the words it takes. */
static int check_word(cw_batch *b, const cw_record *rec, const char *hdr,
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

/* A date field made canonical into buf (11 bytes), future allowed or not. */
static int check_date(struct plan *p, cw_batch *b, const cw_record *rec,
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

/* Every plan change closes over the case's whole plan when the batch
 * ends: the change is noted here, the revision written by revise(). */
static void touch(struct plan *p, int64_t plan, int64_t case_id)
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
	const struct touch *x = a, *y = b;
	return (x->plan > y->plan) - (x->plan < y->plan);
}

/* Gives each plan the batch touched one new revision: its number, and a
 * snapshot of the whole plan as it stands at the end of the batch. */
static int revise(struct plan *p, cw_batch *b)
{
	size_t i;
	int64_t rev;
	char now[21];
	store_stmt *st;
	cw_buf snap;
	int rc = 0, r;

	if (!p->ntouched)
		return 0;
	qsort(p->touched, p->ntouched, sizeof *p->touched, touch_cmp);
	cw_utc_now(now);
	cw_buf_init(&snap);
	for (i = 0; i < p->ntouched && !rc; i++) {
		if (i && p->touched[i].plan == p->touched[i - 1].plan)
			continue;
		if (!(st = stmt(p, S_PLAN_BUMP))) {
			rc = CW_EXIT_DB;
			break;
		}
		store_bind_text(st, 1, now);
		store_bind_int(st, 2, p->touched[i].plan);
		if ((rc = exec(p, st, "revise a plan")) != 0)
			break;
		if (!(st = stmt(p, S_PLAN_REV))) {
			rc = CW_EXIT_DB;
			break;
		}
		store_bind_int(st, 1, p->touched[i].plan);
		r = fetch(p, st, 0, NULL, 1, &rev, "revise a plan");
		if (r != 1) {
			rc = r ? -r : store_fail(p->db, "revise a plan");
			break;
		}
		cw_buf_reset(&snap);
		if ((rc = plan_view_snapshot(p->db, p->touched[i].case_id, &snap)) != 0)
			break;
		if (!(st = stmt(p, S_REV_NEW))) {
			rc = CW_EXIT_DB;
			break;
		}
		store_bind_int(st, 1, p->touched[i].plan);
		store_bind_int(st, 2, rev);
		store_bind_text(st, 3, now);
		store_bind_text(st, 4, store_actor(p->db));
		store_bind_int(st, 5, cw_batch_id(b));
		store_bind_text(st, 6, snap.s);
		if ((rc = exec(p, st, "store a plan revision")) != 0)
			break;
		cw_audit_ids_add(p->revisions, p->touched[i].plan, snap.s, snap.len);
	}
	cw_buf_release(&snap);
	return rc;
}

/* The end of a goals or tasks batch: the revisions, then the audit of
 * what it created and revised. */
static int plan_finish(void *ctx, cw_batch *b)
{
	struct plan *p = ctx;
	int rc = revise(p, b);
	if (!rc && (cw_audit_ids_write(p->db, p->plans, "insert") ||
		    cw_audit_ids_write(p->db, p->goals, "insert") ||
		    cw_audit_ids_write(p->db, p->tasks, "insert") ||
		    cw_audit_ids_write(p->db, p->revisions, "revise")))
		rc = CW_EXIT_DB;
	return rc;
}

static int progress_finish(void *ctx, cw_batch *b)
{
	struct plan *p = ctx;
	(void)b;
	return cw_audit_ids_write(p->db, p->progress, "insert") ? CW_EXIT_DB : 0;
}

/* The case's plan and its revision: *plan 0 when it has none (yet). */
static int plan_of(struct plan *p, int64_t case_id, int64_t *plan, int64_t *rev)
{
	store_stmt *st;
	int64_t iv[2] = {0, 0};
	int r;

	*plan = 0;
	if (!p->db)
		return 0;
	if (!(st = stmt(p, S_PLAN_OF)))
		return CW_EXIT_DB;
	store_bind_int(st, 1, case_id);
	r = fetch(p, st, 0, NULL, 2, iv, "look up a plan");
	if (r < 0)
		return -r;
	*plan = iv[0];
	*rev = iv[1];
	return 0;
}

/* The plan a dry run's first goal of a case without one would create:
 * the next id after the plans stored, in the order of the batch. 0 with
 * *plan, or an exit code. */
static int made_plan(struct plan *p, int64_t case_id, int64_t *plan)
{
	char *row[1], pid[32];
	const char *v[1];
	int r;

	if ((r = store_dryrows_ready(&p->made_plans, NULL, "plans", 1)) != 0)
		return r;
	if ((r = store_dryrows_get(&p->made_plans, case_id, row)) < 0)
		return -r;
	if (r) {
		*plan = id_num(row[0]);
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
static int plan_new(struct plan *p, int64_t case_id, int64_t *plan)
{
	store_stmt *st;
	char cycle[32], next[11], now[21], pid[32], cid[32];
	const char *v[NL];
	cw_date first;
	int rc, r;

	snprintf(cycle, sizeof cycle, "%d%c", p->cycle.n, p->cycle.unit);
	/* The configuration's cycle was checked from today (cw_config_load). */
	if (cw_date_add(p->today, p->cycle, &first)) {
		cw_error("review_cycle: from today this falls after the year 9999");
		return CW_EXIT_USAGE;
	}
	cw_date_format(first, next);
	st = store_prepare(p->db, "SELECT next_review FROM reviews WHERE case_id = ?"
			   " ORDER BY date DESC, id DESC LIMIT 1");
	if (!st)
		return CW_EXIT_DB;
	store_bind_int(st, 1, case_id);
	r = store_step(st);
	if (r == STORE_ROW && store_col_text(st, 0))
		snprintf(next, sizeof next, "%s", store_col_text(st, 0));
	store_finalize(st);
	if (r != STORE_ROW && r != STORE_DONE)
		return store_fail(p->db, "read reviews");
	cw_utc_now(now);
	if (!(st = stmt(p, S_PLAN_NEW)))
		return CW_EXIT_DB;
	store_bind_int(st, 1, case_id);
	store_bind_text(st, 2, cycle);
	store_bind_text(st, 3, next);
	store_bind_text(st, 4, now);
	if ((rc = exec(p, st, "create a plan")) != 0)
		return rc;
	*plan = store_last_id(p->db);
	cw_id_format(CW_K_PLAN, *plan, pid);
	cw_id_format(CW_K_CASE, case_id, cid);
	v[L_ID] = pid;
	v[L_CASE] = cid;
	v[L_CYCLE] = cycle;
	v[L_NEXT] = next;
	v[L_CREATED] = now;
	plan_audit_created(p->plans, *plan, plan_cols, NL, v, &p->json);
	return 0;
}

/* A goal that tasks or progress name: its status, case, plan and whether
 * the case is open. Returns 0, CW_REJECTED ("no such goal") or a code. With
 * no database only the form is checked. */
struct goal_ref {
	int64_t id, case_id, plan;
	int open;
	char *status;   /* owned */
};

static int goal_ref(struct plan *p, cw_batch *b, const cw_record *rec,
		    const char *hdr, const char *text, struct goal_ref *g)
{
	store_stmt *st;
	int64_t iv[3];
	int r;

	memset(g, 0, sizeof *g);
	g->open = 1;
	if ((r = parse_id(b, rec, hdr, text, CW_K_GOAL, &g->id)) != 0 || !p->db)
		return r;
	if (!(st = stmt(p, S_GOAL_REF)))
		return CW_EXIT_DB;
	store_bind_int(st, 1, g->id);
	r = fetch(p, st, 1, &g->status, 3, iv, "look up a goal");
	if (r < 0)
		return -r;
	if (!r) {
		cw_batch_reject(b, rec, hdr, "no such goal");
		return CW_REJECTED;
	}
	g->case_id = iv[0];
	g->plan = iv[1];
	g->open = (int)iv[2];
	return 0;
}

/* Plans change only while their case is open. */
static int check_open(cw_batch *b, const cw_record *rec, const char *hdr,
		      int open, int64_t case_id)
{
	char cid[32];
	if (open)
		return 0;
	cw_id_format(CW_K_CASE, case_id, cid);
	cw_batch_reject(b, rec, hdr, "its case %s is closed (reopen it first)", cid);
	return CW_REJECTED;
}

/* ---- goals ---------------------------------------------------------------- */

/* Loads a goal: 1 with v[NG] (owned) and its case, plan, whether the
 * case is open and the plan's revision; 0 when there is none. */
static int goal_load(struct plan *p, int64_t id, char **v, int64_t iv[4])
{
	store_stmt *st;
	char *row[NGIN];
	int r;

	if ((r = dry_get(p, id, CW_K_GOAL, row)) != 0) {
		if (r < 0)
			return r;
		/* A goal of a dry run: its case is open (a goals batch closes
		 * none), its plan's revision as the batch found it. */
		memcpy(v, row, NG * sizeof *v);
		iv[0] = id_num(row[G_CASE]);
		iv[1] = id_num(row[G_PLAN]);
		iv[2] = 1;
		iv[3] = row[G_REVISION] ? strtoll(row[G_REVISION], NULL, 10) : 0;
		free(row[G_REVISION]);
		return 1;
	}
	if (!(st = stmt(p, S_GOAL_LOAD)))
		return -CW_EXIT_DB;
	store_bind_int(st, 1, id);
	r = fetch(p, st, NG, v, 4, iv, "read a goal");
	return r;
}

/* Term, deadline and status made canonical. */
static int goal_values(struct plan *p, cw_batch *b, const cw_record *rec,
		       const char **in, const char **src, char *deadline)
{
	if (check_word(b, rec, store_fields_hdr(goal_spec, src, G_TERM), &in[G_TERM],
		       &store_vocab_goal_term) ||
	    check_date(p, b, rec, store_fields_hdr(goal_spec, src, G_DEADLINE),
		       &in[G_DEADLINE], 1, deadline) ||
	    check_word(b, rec, store_fields_hdr(goal_spec, src, G_STATUS),
		       &in[G_STATUS], &store_vocab_goal_status))
		return CW_REJECTED;
	return 0;
}


static int goal_new(struct plan *p, cw_batch *b, const cw_record *rec,
		    const char **in, const char **src)
{
	static const int required[] = {
		G_CASE, G_TERM, G_DESC, G_INDICATOR, G_TARGET, G_DEADLINE
	};
	static const int readonly[] = { G_PLAN, G_CREATED, G_UPDATED, G_REVISION };
	char deadline[11], cid[32], pid[32], now[21], *v[NG] = {0};
	int64_t case_id, plan = 0, rev = 0, id, iv[4];
	store_stmt *st;
	size_t i;
	int open, rc;

	for (i = 0; i < sizeof readonly / sizeof readonly[0]; i++)
		if ((rc = check_ro_empty(b, rec, store_fields_hdr(goal_spec, src, readonly[i]),
					 in[readonly[i]], "goal")) != 0)
			return rc;
	for (i = 0; i < sizeof required / sizeof required[0]; i++)
		if (!in[required[i]]) {
			cw_batch_reject(b, rec, store_fields_hdr(goal_spec, src, required[i]),
					"required");
			return CW_REJECTED;
		}
	if ((rc = plan_case(p->db, b, rec, store_fields_hdr(goal_spec, src, G_CASE),
			    in[G_CASE], &case_id, &open)) != 0)
		return rc;
	if (!open) {
		cw_batch_reject(b, rec, store_fields_hdr(goal_spec, src, G_CASE),
				"the case is closed (reopen it first)");
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
		return dry_row(p, "goals", NGIN, 0, dv);
	}
	if (!plan && (rc = plan_new(p, case_id, &plan)) != 0)
		return rc;
	if (!(st = stmt(p, S_GOAL_NEW)))
		return CW_EXIT_DB;
	cw_utc_now(now);
	store_bind_int(st, 1, plan);
	store_bind_int(st, 2, case_id);
	store_bind_text(st, 3, in[G_TERM]);
	store_bind_text(st, 4, in[G_DESC]);
	store_bind_text(st, 5, in[G_NEED]);
	store_bind_text(st, 6, in[G_INDICATOR]);
	store_bind_text(st, 7, in[G_BASELINE]);
	store_bind_text(st, 8, in[G_TARGET]);
	store_bind_text(st, 9, in[G_DEADLINE]);
	store_bind_text(st, 10, in[G_STATUS]);
	store_bind_text(st, 11, now);
	store_bind_int(st, 12, cw_batch_id(b));
	if ((rc = exec(p, st, "store a goal")) != 0)
		return rc;
	id = store_last_id(p->db);
	if ((rc = reload(p, goal_load, id, v, iv, "read a goal")) != 0)
		return rc;
	plan_audit_created(p->goals, id, goal_cols, NG, (const char *const *)v,
			   &p->json);
	touch(p, plan, case_id);
	cw_batch_stored(b, (const char *const *)v);
	strs_free(v, NG);
	return 0;
}

/* Gives an id field its canonical spelling in buf (the prefix in
 * capitals); CW_REJECTED when it is not an id of kind. */
static int canon_id(cw_batch *b, const cw_record *rec, const char *hdr,
		    const char **v, enum cw_kind kind, char *buf, int64_t *num)
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

static int goal_change(struct plan *p, cw_batch *b, const cw_record *rec,
		       const char **in, const char **src)
{
	char deadline[11], gid[32], cid[32], pid[32], rev[32], now[21];
	char *st[NG] = {0}, *v[NG] = {0};
	const char *m[NG];
	int changed[NG] = {0}, any = 0, i, rc;
	int64_t id = 0, iv[4];
	store_stmt *up;

#define GH(f) store_fields_hdr(goal_spec, src, f)
	if ((rc = canon_id(b, rec, GH(G_ID), &in[G_ID], CW_K_GOAL, gid, &id)) != 0)
		return rc;
	if (!p->db) {
		/* A dry run without a database: the form of what is given. */
		if ((rc = canon_id(b, rec, GH(G_CASE), &in[G_CASE], CW_K_CASE, cid, NULL)) ||
		    (rc = canon_id(b, rec, GH(G_PLAN), &in[G_PLAN], CW_K_PLAN, pid, NULL)) ||
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
	if ((rc = check_open(b, rec, GH(G_ID), (int)iv[2], iv[0])) ||
	    (rc = check_ro_id(b, rec, GH(G_CASE), in[G_CASE], CW_K_CASE, iv[0])) ||
	    (rc = check_ro_id(b, rec, GH(G_PLAN), in[G_PLAN], CW_K_PLAN, iv[1])) ||
	    (rc = check_ro(b, rec, GH(G_CREATED), in[G_CREATED], st[G_CREATED])) ||
	    (rc = check_ro(b, rec, GH(G_UPDATED), in[G_UPDATED], st[G_UPDATED])) ||
	    (rc = check_ro(b, rec, GH(G_REVISION), in[G_REVISION], rev)) ||
	    (rc = goal_values(p, b, rec, in, src, deadline)))
		goto out;
#undef GH
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
		if ((rc = dry_row(p, "goals", NGIN, id, dv)) != 0)
			goto out;
	}
	if ((rc = change_begin(p, b, rec, any, m, S_GOAL_SET, now, &up)) != 0)
		goto out;
	for (i = G_TERM; i <= G_STATUS; i++)
		store_bind_text(up, i - G_TERM + 1, m[i]);
	store_bind_text(up, G_STATUS - G_TERM + 2, now);
	store_bind_int(up, G_STATUS - G_TERM + 3, id);
	if ((rc = exec(p, up, "change a goal")) != 0 ||
	    (rc = audit_change(p, CW_K_GOAL, id, goal_cols, NG, st, m, changed)) != 0)
		goto out;
	touch(p, iv[1], iv[0]);
	if ((rc = reload(p, goal_load, id, v, iv, "read a goal")) != 0)
		goto out;
	cw_batch_stored(b, (const char *const *)v);
out:
	strs_free(st, NG);
	strs_free(v, NG);
	return rc;
}

static int goal_record(void *ctx, cw_batch *b, const cw_record *rec)
{
	const char *in[NGIN], *src[NGIN];
	int rc;
	if (store_fields_map(b, rec, goal_spec, NGIN, in, src))
		return 0;
	rc = in[G_ID] ? goal_change(ctx, b, rec, in, src)
		      : goal_new(ctx, b, rec, in, src);
	return rc;
}

/* ---- tasks ----------------------------------------------------------------- */

#define TH(f) store_fields_hdr(task_spec, src, f)

/* Due date, status and done date made canonical. */
static int task_values(struct plan *p, cw_batch *b, const cw_record *rec,
		       const char **in, const char **src, char *due, char *done)
{
	if (check_date(p, b, rec, TH(T_DUE), &in[T_DUE], 1, due) ||
	    check_word(b, rec, TH(T_STATUS), &in[T_STATUS],
		       &store_vocab_task_status) ||
	    check_date(p, b, rec, TH(T_DONE), &in[T_DONE], 0, done))
		return CW_REJECTED;
	return 0;
}

/* A task is done on a day: given, kept, or today when it becomes done;
 * a task that is not done has no done date. */
static int task_done_date(struct plan *p, cw_batch *b, const cw_record *rec,
			  const char **in, const char **src, const char **m,
			  char *today)
{
	if (strcmp(m[T_STATUS], "done")) {
		if (in[T_DONE]) {
			cw_batch_reject(b, rec, TH(T_DONE), "only for a task that is "
					"done (status done)");
			return CW_REJECTED;
		}
		m[T_DONE] = NULL;
	} else if (!m[T_DONE]) {
		cw_date_format(p->today, today);
		m[T_DONE] = today;
	}
	return 0;
}

/* Loads a task: 1 with v[NT] (owned) and its case, plan, whether the
 * case is open and its goal; 0 when there is none. */
static int task_load(struct plan *p, int64_t id, char **v, int64_t iv[4])
{
	store_stmt *st;
	char *row[NT + 1];
	int r;

	if ((r = dry_get(p, id, CW_K_TASK, row)) != 0) {
		if (r < 0)
			return r;
		/* A task of a dry run: its case is open (a tasks batch closes
		 * none). */
		memcpy(v, row, NT * sizeof *v);
		iv[0] = id_num(row[T_CASE]);
		iv[1] = row[DRY_T_PLAN] ? strtoll(row[DRY_T_PLAN], NULL, 10) : 0;
		iv[2] = 1;
		iv[3] = id_num(row[T_GOAL]);
		free(row[DRY_T_PLAN]);
		return 1;
	}
	if (!(st = stmt(p, S_TASK_LOAD)))
		return -CW_EXIT_DB;
	store_bind_int(st, 1, id);
	return fetch(p, st, NT, v, 4, iv, "read a task");
}

static int task_new(struct plan *p, cw_batch *b, const cw_record *rec,
		    const char **in, const char **src)
{
	static const int required[] = { T_GOAL, T_DESC, T_DUE };
	struct goal_ref g;
	char due[11], done[11], today[11], gid[32], cid[32], now[21];
	char *v[NT] = {0};
	int64_t id = 0, iv[4];
	store_stmt *st;
	size_t i;
	int rc;

	memset(&g, 0, sizeof g);
	if ((rc = check_ro_empty(b, rec, TH(T_CREATED), in[T_CREATED], "task")) ||
	    (rc = check_ro_empty(b, rec, TH(T_UPDATED), in[T_UPDATED], "task")))
		return rc;
	for (i = 0; i < sizeof required / sizeof required[0]; i++)
		if (!in[required[i]]) {
			cw_batch_reject(b, rec, TH(required[i]), "required");
			return CW_REJECTED;
		}
	if ((rc = goal_ref(p, b, rec, TH(T_GOAL), in[T_GOAL], &g)) != 0)
		goto out;
	if (p->db) {
		if ((rc = check_ro_id(b, rec, TH(T_CASE), in[T_CASE], CW_K_CASE, g.case_id)) ||
		    (rc = check_open(b, rec, TH(T_GOAL), g.open, g.case_id)))
			goto out;
		cw_id_format(CW_K_CASE, g.case_id, cid);
		in[T_CASE] = cid;
	} else if ((rc = canon_id(b, rec, TH(T_CASE), &in[T_CASE], CW_K_CASE, cid, NULL))) {
		goto out;
	}
	if ((rc = task_values(p, b, rec, in, src, due, done)) != 0)
		goto out;
	if (!in[T_STATUS])
		in[T_STATUS] = "open";
	{
		const char *m[NT];
		memcpy(m, in, sizeof m);
		if ((rc = task_done_date(p, b, rec, in, src, m, today)) != 0)
			goto out;
		in[T_DONE] = m[T_DONE];
	}
	cw_id_format(CW_K_GOAL, g.id, gid);
	in[T_GOAL] = gid;
	if (p->dry_run) {
		const char *dv[NT + 1];
		char plan[32];
		cw_batch_stored(b, in);
		if (!p->db)
			goto out;
		memcpy(dv, in, NT * sizeof *dv);
		cw_utc_now(now);
		snprintf(plan, sizeof plan, "%lld", (long long)g.plan);
		dv[T_CREATED] = now;
		dv[DRY_T_PLAN] = plan;
		rc = dry_row(p, "tasks", NT + 1, 0, dv);
		goto out;
	}
	if (!(st = stmt(p, S_TASK_NEW))) {
		rc = CW_EXIT_DB;
		goto out;
	}
	cw_utc_now(now);
	store_bind_int(st, 1, g.id);
	store_bind_int(st, 2, g.case_id);
	store_bind_text(st, 3, in[T_DESC]);
	store_bind_text(st, 4, in[T_OWNER]);
	store_bind_text(st, 5, in[T_DUE]);
	store_bind_text(st, 6, in[T_STATUS]);
	store_bind_text(st, 7, in[T_DONE]);
	store_bind_text(st, 8, now);
	store_bind_int(st, 9, cw_batch_id(b));
	if ((rc = exec(p, st, "store a task")) != 0)
		goto out;
	id = store_last_id(p->db);
	if ((rc = reload(p, task_load, id, v, iv, "read a task")) != 0)
		goto out;
	plan_audit_created(p->tasks, id, task_cols, NT, (const char *const *)v,
			   &p->json);
	touch(p, g.plan, g.case_id);
	cw_batch_stored(b, (const char *const *)v);
out:
	free(g.status);
	strs_free(v, NT);
	return rc;
}

static int task_change(struct plan *p, cw_batch *b, const cw_record *rec,
		       const char **in, const char **src)
{
	struct goal_ref g;
	char due[11], done[11], today[11], tid[32], gid[32], cid[32], now[21];
	char *st[NT] = {0}, *v[NT] = {0};
	const char *m[NT];
	int changed[NT] = {0}, any = 0, i, rc;
	int64_t id = 0, iv[4];
	store_stmt *up;

	memset(&g, 0, sizeof g);
	if ((rc = canon_id(b, rec, TH(T_ID), &in[T_ID], CW_K_TASK, tid, &id)) != 0)
		return rc;
	if (!p->db) {
		/* A dry run without a database: the form of what is given. */
		if ((rc = canon_id(b, rec, TH(T_GOAL), &in[T_GOAL], CW_K_GOAL, gid, NULL)) ||
		    (rc = canon_id(b, rec, TH(T_CASE), &in[T_CASE], CW_K_CASE, cid, NULL)) ||
		    (rc = task_values(p, b, rec, in, src, due, done)))
			return rc;
		if (in[T_DONE] && in[T_STATUS] && strcmp(in[T_STATUS], "done")) {
			cw_batch_reject(b, rec, TH(T_DONE), "only for a task that is "
					"done (status done)");
			return CW_REJECTED;
		}
		cw_batch_stored(b, in);
		return 0;
	}
	if ((rc = task_load(p, id, st, iv)) != 1) {
		if (rc)
			return -rc;
		cw_batch_reject(b, rec, TH(T_ID), "no such task");
		return CW_REJECTED;
	}
	if ((rc = check_open(b, rec, TH(T_ID), (int)iv[2], iv[0])) ||
	    (rc = check_ro_id(b, rec, TH(T_CASE), in[T_CASE], CW_K_CASE, iv[0])) ||
	    (rc = check_ro(b, rec, TH(T_CREATED), in[T_CREATED], st[T_CREATED])) ||
	    (rc = check_ro(b, rec, TH(T_UPDATED), in[T_UPDATED], st[T_UPDATED])))
		goto out;
	if (in[T_GOAL]) {
		/* A task may move to another goal of its case. */
		if ((rc = goal_ref(p, b, rec, TH(T_GOAL), in[T_GOAL], &g)) != 0)
			goto out;
		if (g.case_id != iv[0]) {
			cw_batch_reject(b, rec, TH(T_GOAL), "a goal of another case; "
					"a task stays with its case");
			rc = CW_REJECTED;
			goto out;
		}
		cw_id_format(CW_K_GOAL, g.id, gid);
		in[T_GOAL] = gid;
	}
	if ((rc = task_values(p, b, rec, in, src, due, done)) != 0)
		goto out;
	for (i = 0; i < NT; i++)
		m[i] = in[i] && i != T_CASE && i != T_ID && i != T_CREATED &&
		       i != T_UPDATED ? in[i] : st[i];
	if ((rc = task_done_date(p, b, rec, in, src, m, today)) != 0)
		goto out;
	for (i = T_GOAL; i <= T_DONE; i++)
		if (i != T_CASE && !core_same(m[i], st[i]))
			changed[i] = any = 1;
	if (p->dry_run && any) {
		/* A later record sees the task as this one leaves it. */
		const char *dv[NT + 1];
		char plan[32];
		memcpy(dv, m, sizeof m);
		cw_utc_now(now);
		snprintf(plan, sizeof plan, "%lld", (long long)iv[1]);
		dv[T_UPDATED] = now;
		dv[DRY_T_PLAN] = plan;
		if ((rc = dry_row(p, "tasks", NT + 1, id, dv)) != 0)
			goto out;
	}
	if ((rc = change_begin(p, b, rec, any, m, S_TASK_SET, now, &up)) != 0)
		goto out;
	store_bind_int(up, 1, in[T_GOAL] ? g.id : iv[3]);
	store_bind_text(up, 2, m[T_DESC]);
	store_bind_text(up, 3, m[T_OWNER]);
	store_bind_text(up, 4, m[T_DUE]);
	store_bind_text(up, 5, m[T_STATUS]);
	store_bind_text(up, 6, m[T_DONE]);
	store_bind_text(up, 7, now);
	store_bind_int(up, 8, id);
	if ((rc = exec(p, up, "change a task")) != 0 ||
	    (rc = audit_change(p, CW_K_TASK, id, task_cols, NT, st, m, changed)) != 0)
		goto out;
	touch(p, iv[1], iv[0]);
	if ((rc = reload(p, task_load, id, v, iv, "read a task")) != 0)
		goto out;
	cw_batch_stored(b, (const char *const *)v);
out:
	free(g.status);
	strs_free(st, NT);
	strs_free(v, NT);
	return rc;
}
#undef TH

static int task_record(void *ctx, cw_batch *b, const cw_record *rec)
{
	const char *in[NT], *src[NT];
	int rc;
	if (store_fields_map(b, rec, task_spec, NT, in, src))
		return 0;
	rc = in[T_ID] ? task_change(ctx, b, rec, in, src)
		      : task_new(ctx, b, rec, in, src);
	return rc;
}

/* ---- progress --------------------------------------------------------------- */

#define PH(f) store_fields_hdr(progress_spec, src, f)

/* A record carrying the id of a stored entry: skipped when it repeats
 * it, refused when it differs, since entries are never changed. */
static int progress_known(struct plan *p, cw_batch *b, const cw_record *rec,
			  const char **in, const char **src)
{
	char pid[32], gid[32], cid[32], date[11], *st[NP] = {0};
	int64_t id = 0;
	int rc, i;

	if ((rc = canon_id(b, rec, PH(P_ID), &in[P_ID], CW_K_PROGRESS, pid, &id)) ||
	    (rc = canon_id(b, rec, PH(P_GOAL), &in[P_GOAL], CW_K_GOAL, gid, NULL)) ||
	    (rc = canon_id(b, rec, PH(P_CASE), &in[P_CASE], CW_K_CASE, cid, NULL)) ||
	    (rc = check_date(p, b, rec, PH(P_DATE), &in[P_DATE], 0, date)) ||
	    (rc = check_word(b, rec, PH(P_STATUS), &in[P_STATUS],
			     &store_vocab_goal_status)))
		return rc;
	if (!p->db) {
		cw_batch_skip(b, rec, "carries the id %s of a stored entry (not "
			      "checked: no database)", pid);
		return 0;
	}
	{
		store_stmt *s = stmt(p, S_PROG_LOAD);
		if (!s)
			return CW_EXIT_DB;
		store_bind_int(s, 1, id);
		rc = fetch(p, s, NP, st, 0, NULL, "read a progress entry");
	}
	if (!rc)
		rc = dry_get(p, id, CW_K_PROGRESS, st);
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
	strs_free(st, NP);
	return rc;
}

/* A status given moves the goal to it, unless a later entry of the goal
 * gave one already (entries may arrive out of date order). */
static int progress_status(struct plan *p, const struct goal_ref *g,
			   const char *date, const char *status)
{
	store_stmt *st;
	int64_t later = 0;
	int changed[NG] = {0}, r;
	char *before[NG] = {0}, now[21];
	const char *after[NG] = {0};

	if (!status || !strcmp(status, g->status))
		return 0;
	if (!(st = stmt(p, S_PROG_LATER)))
		return CW_EXIT_DB;
	store_bind_int(st, 1, g->id);
	store_bind_text(st, 2, date);
	if ((r = fetch(p, st, 0, NULL, 1, &later, "read progress")) < 0)
		return -r;
	if (r)
		return 0;
	cw_utc_now(now);
	if (!(st = stmt(p, S_GOAL_STATUS)))
		return CW_EXIT_DB;
	store_bind_text(st, 1, status);
	store_bind_text(st, 2, now);
	store_bind_int(st, 3, g->id);
	if ((r = exec(p, st, "change a goal")) != 0)
		return r;
	before[G_STATUS] = g->status;
	after[G_STATUS] = status;
	changed[G_STATUS] = 1;
	return audit_change(p, CW_K_GOAL, g->id, goal_cols, NG, before, after, changed);
}

static int progress_new(struct plan *p, cw_batch *b, const cw_record *rec,
			const char **in, const char **src)
{
	struct goal_ref g;
	char date[11], gid[32], cid[32], now[21], *v[NP] = {0};
	int64_t id = 0;
	store_stmt *st;
	int rc;

	memset(&g, 0, sizeof g);
	if ((rc = check_ro_empty(b, rec, PH(P_CREATED), in[P_CREATED], "progress entry")))
		return rc;
	if (!in[P_GOAL]) {
		cw_batch_reject(b, rec, PH(P_GOAL), "required");
		return CW_REJECTED;
	}
	if ((rc = goal_ref(p, b, rec, PH(P_GOAL), in[P_GOAL], &g)) != 0)
		goto out;
	if (p->db) {
		if ((rc = check_ro_id(b, rec, PH(P_CASE), in[P_CASE], CW_K_CASE, g.case_id)) ||
		    (rc = check_open(b, rec, PH(P_GOAL), g.open, g.case_id)))
			goto out;
		cw_id_format(CW_K_CASE, g.case_id, cid);
		in[P_CASE] = cid;
	} else if ((rc = canon_id(b, rec, PH(P_CASE), &in[P_CASE], CW_K_CASE, cid, NULL))) {
		goto out;
	}
	if ((rc = check_date(p, b, rec, PH(P_DATE), &in[P_DATE], 0, date)) ||
	    (rc = check_word(b, rec, PH(P_STATUS), &in[P_STATUS],
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
		rc = dry_row(p, "goal_progress", NP, 0, in);
		goto out;
	}
	if (!(st = stmt(p, S_PROG_NEW))) {
		rc = CW_EXIT_DB;
		goto out;
	}
	cw_utc_now(now);
	store_bind_int(st, 1, g.id);
	store_bind_text(st, 2, in[P_DATE]);
	store_bind_text(st, 3, in[P_VALUE]);
	store_bind_text(st, 4, in[P_STATUS]);
	store_bind_text(st, 5, in[P_NOTE]);
	store_bind_text(st, 6, now);
	store_bind_int(st, 7, cw_batch_id(b));
	if ((rc = exec(p, st, "store a progress entry")) != 0)
		goto out;
	id = store_last_id(p->db);
	if ((rc = progress_status(p, &g, in[P_DATE], in[P_STATUS])) != 0)
		goto out;
	if (!(st = stmt(p, S_PROG_LOAD))) {
		rc = CW_EXIT_DB;
		goto out;
	}
	store_bind_int(st, 1, id);
	if ((rc = fetch(p, st, NP, v, 0, NULL, "read a progress entry")) != 1) {
		rc = rc ? -rc : store_fail(p->db, "read a progress entry");
		goto out;
	}
	rc = 0;
	plan_audit_created(p->progress, id, progress_cols, NP,
			   (const char *const *)v, &p->json);
	cw_batch_stored(b, (const char *const *)v);
out:
	free(g.status);
	strs_free(v, NP);
	return rc;
}
#undef PH

static int progress_record(void *ctx, cw_batch *b, const cw_record *rec)
{
	const char *in[NP], *src[NP];
	int rc;
	if (store_fields_map(b, rec, progress_spec, NP, in, src))
		return 0;
	rc = in[P_ID] ? progress_known(ctx, b, rec, in, src)
		      : progress_new(ctx, b, rec, in, src);
	return rc;
}

/* ---- the verbs ---------------------------------------------------------------- */

/* One batch of a verb. The records name stored cases and goals: a
 * database that does not exist is refused rather than created empty,
 * except by a dry run, which then checks without one. */
static int plan_batch(const cw_batch_opts *o, const char *db_path,
		      const cw_config *cfg, char **files, size_t nfiles,
		      const cw_col *cols, size_t ncols, const cw_names *names,
		      cw_batch_fn fn, cw_batch_finish_fn finish)
{
	struct plan p;
	int rc, exists = cw_db_exists(db_path), i;

	memset(&p, 0, sizeof p);
	p.dry_run = o->dry_run;
	p.today = cw_date_today();
	p.cycle = cfg->review_cycle;
	p.plans = cw_audit_ids_new(CW_K_PLAN);
	p.goals = cw_audit_ids_new(CW_K_GOAL);
	p.tasks = cw_audit_ids_new(CW_K_TASK);
	p.progress = cw_audit_ids_new(CW_K_PROGRESS);
	p.revisions = cw_audit_ids_new(CW_K_PLAN);
	cw_buf_init(&p.json);
	rc = cw_batch_check_inputs(o, files, nfiles);
	if (!rc && (!o->dry_run || exists))
		rc = cw_db_open(&p.db, db_path, o->dry_run || !exists ? CW_DB_READ
				: CW_DB_WRITE, cfg);
	if (!rc)
		rc = cw_batch_run(o, p.db, files, nfiles, cols, ncols, names, fn,
				  finish, &p);
	for (i = 0; i < NS; i++)
		store_finalize(p.st[i]);
	cw_db_free(p.db);
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

int plan_goals(const cw_batch_opts *o, const char *db_path,
		  const cw_config *cfg, char **files, size_t nfiles)
{
	static const cw_names names = CW_FIELDS_NAMES(goal_spec, NGIN);
	return plan_batch(o, db_path, cfg, files, nfiles, goal_cols, NG,
			  &names, goal_record, plan_finish);
}

int plan_tasks(const cw_batch_opts *o, const char *db_path,
		  const cw_config *cfg, char **files, size_t nfiles)
{
	static const cw_names names = CW_FIELDS_NAMES(task_spec, NT);
	return plan_batch(o, db_path, cfg, files, nfiles, task_cols, NT,
			  &names, task_record, plan_finish);
}

int plan_progress(const cw_batch_opts *o, const char *db_path,
		     const cw_config *cfg, char **files, size_t nfiles)
{
	static const cw_names names = CW_FIELDS_NAMES(progress_spec, NP);
	return plan_batch(o, db_path, cfg, files, nfiles, progress_cols, NP,
			  &names, progress_record, progress_finish);
}
