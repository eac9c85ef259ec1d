/* admin/undo.c - sw-admin undo: a batch reversed in a batch of its own,
 * from what its audit entries say it did (casework.7, BATCHES; sw-admin
 * undo). */
#include <stdlib.h>
#include <string.h>
#include <cJSON.h>
#include "admin/admin.h"
#include "intake/intake.h"

/* The records an undo deletes or sets back, children before parents
 * (the order of deleting), with whether the table has updated_at. */
static const struct kind_table {
	enum cw_kind kind;
	const char *table;
	int stamped;
} tables[] = {
	{CW_K_RELATION, "relations", 0},
	{CW_K_FOLLOWUP, "followups", 0},
	{CW_K_ASSESSMENT, "assessments", 0},
	{CW_K_CONTACT, "contacts", 0},
	{CW_K_SESSION, "group_sessions", 0},
	{CW_K_TASK, "tasks", 1},
	{CW_K_GOAL, "goals", 1},
	{CW_K_PLAN, "plans", 1},
	{CW_K_REFERRAL, "referrals", 1},
	{CW_K_CONSENT, "consents", 0},
	{CW_K_ASSIGNMENT, "assignments", 0},
	{CW_K_CASE, "cases", 1},
	{CW_K_CLIENT, "clients", 1},
};
#define NTABLES (sizeof tables / sizeof tables[0])

/* Rows a batch stores that no audit entry names by id: its plan
 * revisions, its referrals' events and its contacts' volunteers' hours,
 * deleted by their batch first. */
static const char *const batch_rows[] = {"referral_events", "plan_revisions",
	"volunteer_hours"};

/* The rows that refer to a record of a kind: a later batch's row there
 * depends on the record. */
static const struct fk {
	enum cw_kind parent;
	const char *table, *col;
} fks[] = {
	{CW_K_CLIENT, "cases", "client_id"},
	{CW_K_CLIENT, "consents", "client_id"},
	{CW_K_CLIENT, "relations", "client_id"},
	{CW_K_CLIENT, "relations", "related_id"},
	{CW_K_CASE, "assessments", "case_id"},
	{CW_K_CASE, "followups", "case_id"},
	{CW_K_CASE, "goals", "case_id"},
	{CW_K_CASE, "tasks", "case_id"},
	{CW_K_CASE, "contacts", "case_id"},
	{CW_K_CASE, "reviews", "case_id"},
	{CW_K_CASE, "closures", "case_id"},
	{CW_K_CASE, "referrals", "case_id"},
	{CW_K_CASE, "assignments", "case_id"},
	{CW_K_ASSESSMENT, "followups", "assessment_id"},
	{CW_K_PLAN, "goals", "plan_id"},
	{CW_K_PLAN, "plan_revisions", "plan_id"},
	{CW_K_GOAL, "tasks", "goal_id"},
	{CW_K_GOAL, "goal_progress", "goal_id"},
	{CW_K_SESSION, "contacts", "session_id"},
	{CW_K_REFERRAL, "referral_events", "referral_id"},
	{CW_K_REFERRAL, "referral_feedback", "referral_id"},
};

/* The batches an undo reverses: they create records and change fields,
 * and their audit entries say which and how. */
static const struct { const char *program, *verb; } supported[] = {
	{"sw-intake", "add"}, {"sw-intake", "update"},
	{"sw-intake", "consents"}, {"sw-intake", "relations"},
	{"sw-assess", "score"},
	{"sw-plan", "goals"}, {"sw-plan", "tasks"}, {"sw-plan", "contacts"},
	{"sw-plan", "sessions"}, {"sw-refer", "add"},
};
#define SUPPORTED "sw-intake add, update, consents and relations, sw-assess score, " \
	"sw-plan " \
	"goals, tasks, contacts and sessions, and sw-refer add"

/* Ids of one kind, lo..hi. */
struct span {
	enum cw_kind kind;
	int64_t lo, hi;
};
struct spans {
	struct span *v;
	size_t n, cap;
};

/* A record's fields to set back: before[i] is what cols[i] was before
 * the batch, after[i] what the batch made it. */
struct restore {
	enum cw_kind kind;
	int64_t id;
	size_t n;
	char **cols, **before, **after;
};

struct undo {
	cw_db *db;
	int64_t target;
	char tag[32];               /* "BT-n" */
	struct spans created;       /* records the batch created */
	struct spans done;          /* follow-ups it marked done */
	struct spans revised;       /* plans it revised */
	struct spans touched;       /* all of them, and those it changed */
	struct restore *rs;
	size_t nrs;
	int64_t *undone;            /* undo batches and the batches undone */
	size_t nundone;
	char **rows;                /* what is printed: 4 values a row */
	size_t nrows, caprows;
	long deleted, restored;
};

static void spans_add(struct spans *s, enum cw_kind kind, int64_t lo, int64_t hi)
{
	struct span *last = s->n ? &s->v[s->n - 1] : NULL;

	if (last && last->kind == kind && last->hi + 1 == lo) {
		last->hi = hi;
		return;
	}
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 16;
		s->v = cw_xrealloc(s->v, s->cap * sizeof *s->v);
	}
	s->v[s->n].kind = kind;
	s->v[s->n].lo = lo;
	s->v[s->n++].hi = hi;
}

/* The first id of kind in lo..hi that s holds: 1 and *at, or 0. */
static int spans_meet(const struct spans *s, enum cw_kind kind, int64_t lo,
		      int64_t hi, int64_t *at)
{
	size_t i;
	int found = 0;

	for (i = 0; i < s->n; i++) {
		const struct span *p = &s->v[i];
		if (p->kind != kind || p->hi < lo || p->lo > hi)
			continue;
		if (!found || (p->lo > lo ? p->lo : lo) < *at)
			*at = p->lo > lo ? p->lo : lo;
		found = 1;
	}
	return found;
}

/* Appends the spans of kind in s to b as an audit entry's ids. */
static void spans_format(cw_buf *b, const struct spans *s, enum cw_kind kind)
{
	char lo[32], hi[32];
	size_t i;

	for (i = 0; i < s->n; i++) {
		if (s->v[i].kind != kind)
			continue;
		cw_id_format(kind, s->v[i].lo, lo);
		cw_id_format(kind, s->v[i].hi, hi);
		cw_buf_printf(b, "%s%s", b->len ? "," : "", lo);
		if (s->v[i].hi > s->v[i].lo)
			cw_buf_printf(b, "..%s", hi);
	}
}

/* Parses an audit entry's ids ("CL-1..CL-40,CL-42"), all of kind, into
 * s: 0, or -1 when they are not. */
struct parse {
	struct spans *s;
	enum cw_kind kind;
	int bad;
};

static void parse_run(void *ctx, enum cw_kind kind, int64_t lo, int64_t hi)
{
	struct parse *p = ctx;
	if (kind != p->kind)
		p->bad = 1;
	else
		spans_add(p->s, kind, lo, hi);
}

static int ids_parse(const char *ids, enum cw_kind kind, struct spans *s)
{
	struct parse p = {s, kind, 0};
	return core_id_runs(ids, parse_run, &p) || p.bad ? -1 : 0;
}

static const struct kind_table *table_of(enum cw_kind kind)
{
	size_t i;

	for (i = 0; i < NTABLES; i++)
		if (tables[i].kind == kind)
			return &tables[i];
	return NULL;
}

/* The kind an audit entry's entity names: 0 and *kind, or -1. */
static int entity_kind(const char *entity, enum cw_kind *kind)
{
	int k;

	for (k = 0; k < CW_K_COUNT; k++)
		if (!strcmp(entity, cw_kind_name((enum cw_kind)k))) {
			*kind = (enum cw_kind)k;
			return 0;
		}
	return -1;
}

static void add_row(struct undo *u, enum cw_kind kind, int64_t id,
		    const char *action, const char *fields)
{
	char idbuf[32];

	if (u->nrows + 4 > u->caprows) {
		u->caprows = u->caprows ? 2 * u->caprows : 64;
		u->rows = cw_xrealloc(u->rows, u->caprows * sizeof *u->rows);
	}
	cw_id_format(kind, id, idbuf);
	u->rows[u->nrows++] = cw_xstrdup(cw_kind_name(kind));
	u->rows[u->nrows++] = cw_xstrdup(idbuf);
	u->rows[u->nrows++] = cw_xstrdup(action);
	u->rows[u->nrows++] = fields ? cw_xstrdup(fields) : NULL;
}

static void undo_free(struct undo *u)
{
	size_t i, j;

	for (i = 0; i < u->nrs; i++) {
		for (j = 0; j < u->rs[i].n; j++) {
			free(u->rs[i].cols[j]);
			free(u->rs[i].before[j]);
			free(u->rs[i].after[j]);
		}
		free(u->rs[i].cols);
		free(u->rs[i].before);
		free(u->rs[i].after);
	}
	for (i = 0; i < u->nrows; i++)
		free(u->rows[i]);
	free(u->rs);
	free(u->rows);
	free(u->undone);
	free(u->created.v);
	free(u->done.v);
	free(u->revised.v);
	free(u->touched.v);
}

/* Why a batch of program's verb cannot be undone, or NULL when it can. */
static const char *why_not(const char *program, const char *verb)
{
	size_t i;

	for (i = 0; i < sizeof supported / sizeof supported[0]; i++)
		if (!strcmp(program, supported[i].program) &&
		    !strcmp(verb, supported[i].verb))
			return NULL;
	if (!strcmp(program, "sw-admin") && !strcmp(verb, "undo"))
		return "an undo cannot be undone";
	if ((!strcmp(program, "sw-intake") && !strcmp(verb, "erase")) ||
	    (!strcmp(program, "sw-admin") && !strcmp(verb, "purge")))
		return "an erasure cannot be undone: the values it erased are "
		       "nowhere in the database any more";
	if (!strcmp(program, "sw-report") || (!strcmp(program, "sw-admin") &&
	    (!strcmp(verb, "backup") || !strcmp(verb, "copy") ||
	     !strcmp(verb, "extract"))))
		return "it handed records out, which cannot be taken back";
	if (!strcmp(program, "sw-project"))
		return "undo does not reverse sw-project's batches: an "
		       "activity's participants, volunteers' hours and its "
		       "cases' community contacts, a training's attendees, a "
		       "programme's stages and members, and the projects and "
		       "targets other records name are not taken back; correct "
		       "them by a later record";
	if (!strcmp(program, "sw-refer") && !strcmp(verb, "import"))
		return "a directory import cannot be undone: the directory is "
		       "shared by every case's referrals";
	if (!strcmp(program, "sw-admin"))
		return "it changed the database itself (its schema, settings, "
		       "logins or whole contents), not records";
	return "";
}

/* Whether the names of a detail's fields are columns' (so that they may
 * go into SQL): lowercase letters, digits and '_'. */
static int column_name(const char *s)
{
	return *s && strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_") == strlen(s);
}

/* An update entry's detail, {"before":{...},"after":{...}, ...}, as the
 * fields to set back on kind id: 0, or -1 when it is not one. */
static int restore_parse(struct undo *u, enum cw_kind kind, int64_t id,
			 const char *detail)
{
	cJSON *o = cJSON_Parse(detail);
	const cJSON *before = cJSON_GetObjectItemCaseSensitive(o, "before");
	const cJSON *after = cJSON_GetObjectItemCaseSensitive(o, "after");
	const cJSON *f, *a;
	struct restore r = {kind, id, 0, NULL, NULL, NULL};
	size_t n = (size_t)cJSON_GetArraySize(before), i = 0;
	int rc = 0;

	if (!cJSON_IsObject(before) || !cJSON_IsObject(after) || !n) {
		cJSON_Delete(o);
		return -1;
	}
	r.cols = cw_xcalloc(n, sizeof *r.cols);
	r.before = cw_xcalloc(n, sizeof *r.before);
	r.after = cw_xcalloc(n, sizeof *r.after);
	cJSON_ArrayForEach(f, before) {
		a = cJSON_GetObjectItemCaseSensitive(after, f->string);
		if (!column_name(f->string) || !a ||
		    !(cJSON_IsString(f) || cJSON_IsNull(f)) ||
		    !(cJSON_IsString(a) || cJSON_IsNull(a)))
			rc = -1;
		r.cols[i] = cw_xstrdup(f->string);
		r.before[i] = cJSON_IsString(f) ? cw_xstrdup(f->valuestring) : NULL;
		r.after[i++] = cJSON_IsString(a) ? cw_xstrdup(a->valuestring) : NULL;
		r.n = i;
	}
	cJSON_Delete(o);
	u->rs = cw_xrealloc(u->rs, (u->nrs + 1) * sizeof *u->rs);
	u->rs[u->nrs++] = r;
	return rc;
}

/* Reads the batch's audit entries into u: 0, or CW_EXIT_DATA after
 * saying which entry cannot be reversed, or CW_EXIT_DB. */
static int read_entries(struct undo *u)
{
	store_stmt *st = admin_db_batch_entries(u->db, u->target);
	enum cw_kind kind;
	int r, rc = 0;

	if (!st)
		return CW_EXIT_DB;
	while (!rc && (r = store_step(st)) == STORE_ROW) {
		long long au = store_col_int(st, 0);
		const char *action = store_col_text(st, 1);
		const char *entity = store_col_text(st, 2);
		const char *ids = store_col_text(st, 3);
		const char *detail = store_col_text(st, 4);
		struct spans *into = NULL;
		int64_t id;

		/* the chain's switch, and the digests of what the batch
		 * wrote (store/digest.c): not changes of their own */
		if (!strcmp(action, "chain-format") || !strcmp(action, "digest"))
			continue;
		if (!strcmp(action, "delete") || !strcmp(action, "erase") ||
		    !strcmp(action, "unlink")) {
			cw_error("cannot undo %s: it removed records (AU-%lld, "
				 "%s) and the trail does not hold what it "
				 "removed", u->tag, au, action);
			rc = CW_EXIT_DATA;
			break;
		}
		if (!entity_kind(entity, &kind) && table_of(kind)) {
			if (!strcmp(action, "insert"))
				into = &u->created;
			else if (!strcmp(action, "done") && kind == CW_K_FOLLOWUP)
				into = &u->done;
			else if (!strcmp(action, "revise") && kind == CW_K_PLAN)
				into = &u->revised;
			else if (!strcmp(action, "update") &&
				 !cw_id_parse(ids, &kind, &id) &&
				 !restore_parse(u, kind, id, detail))
				into = &u->touched;
		}
		if (!into || ids_parse(ids, kind, into) ||
		    (into != &u->touched && ids_parse(ids, kind, &u->touched))) {
			cw_error("cannot undo %s: its audit entry AU-%lld (%s of "
				 "%s %s) is not one undo can reverse", u->tag, au,
				 action, entity, ids);
			rc = CW_EXIT_DATA;
		}
	}
	store_finalize(st);
	if (!rc && r != STORE_DONE)
		rc = store_fail(u->db, "read the audit trail");
	return rc;
}

static int undone(const struct undo *u, int64_t batch)
{
	size_t i;

	for (i = 0; i < u->nundone; i++)
		if (u->undone[i] == batch)
			return 1;
	return 0;
}

/* The undo batches and the batches they undid into u->undone; whether
 * u's batch is one of them (*by the undo): 0, or CW_EXIT_DATA after
 * saying so, or CW_EXIT_DB. */
static int read_undone(struct undo *u)
{
	store_stmt *st = admin_db_undo_entries(u->db);
	enum cw_kind kind;
	int64_t id, by = 0;
	int r;

	if (!st)
		return CW_EXIT_DB;
	while ((r = store_step(st)) == STORE_ROW) {
		if (cw_id_parse(store_col_text(st, 1), &kind, &id) ||
		    kind != CW_K_BATCH)
			continue;
		u->undone = cw_xrealloc(u->undone, (u->nundone + 2) * sizeof *u->undone);
		u->undone[u->nundone++] = store_col_int(st, 0);
		u->undone[u->nundone++] = id;
		if (id == u->target && !by)
			by = store_col_int(st, 0);
	}
	store_finalize(st);
	if (r != STORE_DONE)
		return store_fail(u->db, "read the audit trail");
	if (by) {
		cw_error("cannot undo %s: it was undone already, by BT-%lld",
			 u->tag, (long long)by);
		return CW_EXIT_DATA;
	}
	return 0;
}

/* The first batch after u's (but undo batches and those undone) that
 * changed or referred to a record u's batch created or changed:
 * CW_EXIT_DATA after naming it, 0 when none, or CW_EXIT_DB. */
static int find_dependent(struct undo *u)
{
	store_stmt *st = admin_db_later_entries(u->db, u->target);
	struct spans named = {0};
	enum cw_kind kind, what = CW_K_CASE;
	int64_t by = 0, rec = 0, at, ref, b;
	const char *how = "it changed";
	size_t i, j;
	int r;

	if (!st)
		return CW_EXIT_DB;
	while ((r = store_step(st)) == STORE_ROW) {
		b = store_col_int(st, 0);
		named.n = 0;
		if (undone(u, b) || entity_kind(store_col_text(st, 2), &kind) ||
		    ids_parse(store_col_text(st, 3), kind, &named))
			continue;
		if (spans_meet(&u->touched, kind, INT64_MIN, INT64_MAX, &at))
			for (i = 0; i < named.n; i++)
				if (spans_meet(&u->touched, kind, named.v[i].lo,
					       named.v[i].hi, &at)) {
					by = b;
					what = kind;
					rec = at;
					break;
				}
		if (by)
			break;
	}
	store_finalize(st);
	free(named.v);
	if (r != STORE_ROW && r != STORE_DONE)
		return store_fail(u->db, "read the audit trail");
	for (i = 0; i < u->created.n; i++)
		for (j = 0; j < sizeof fks / sizeof fks[0]; j++) {
			const struct span *s = &u->created.v[i];
			if (fks[j].parent != s->kind)
				continue;
			r = admin_db_first_ref(u->db, fks[j].table, fks[j].col,
					       s->lo, s->hi, u->target, &b, &ref);
			if (r < 0)
				return CW_EXIT_DB;
			if (r && (!by || b < by)) {
				by = b;
				what = s->kind;
				rec = ref;
				how = "its records refer to";
			}
		}
	if (by) {
		char idbuf[32];
		cw_id_format(what, rec, idbuf);
		cw_error("cannot undo %s: BT-%lld depends on it: %s %s", u->tag,
			 (long long)by, how, idbuf);
		return CW_EXIT_DATA;
	}
	return 0;
}

/* The assignments the batch stored that no entry of it names: those the
 * upgrade to schema version 13 made from the audit trail, in the name of
 * the batch that created or changed a case. Those of a case it created
 * go with the case; any other is refused (CW_EXIT_DATA, naming it), as
 * the trail does not say how the batch changed the history. 0, or an
 * exit code. */
static int unnamed_assignments(struct undo *u)
{
	store_stmt *st = admin_db_batch_assignments(u->db, u->target);
	int64_t id, cs, at;
	char idbuf[32];
	int r, rc = 0;

	if (!st)
		return CW_EXIT_DB;
	while (!rc && (r = store_step(st)) == STORE_ROW) {
		id = store_col_int(st, 0);
		cs = store_col_int(st, 1);
		if (spans_meet(&u->created, CW_K_ASSIGNMENT, id, id, &at) ||
		    spans_meet(&u->created, CW_K_CASE, cs, cs, &at))
			continue;
		cw_id_format(CW_K_ASSIGNMENT, id, idbuf);
		cw_error("cannot undo %s: %s was made from it by the upgrade to "
			 "schema version 13 (a case's assignments from the audit "
			 "trail), which the trail does not say how to take back; "
			 "change the case's worker by a later update", u->tag,
			 idbuf);
		rc = CW_EXIT_DATA;
	}
	store_finalize(st);
	if (!rc && r != STORE_DONE)
		rc = store_fail(u->db, "read the assignments");
	return rc;
}

/* Appends "field,field" of r's columns to b. */
static void fields_list(cw_buf *b, const struct restore *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		cw_buf_printf(b, "%s%s", i ? "," : "", r->cols[i]);
}

/* Writes the audit entry of fields set back on kind id: their values
 * now (before) and as set back (after). */
static int audit_restore(struct undo *u, enum cw_kind kind, const char *ids,
			 char *const *cols, char *const *now,
			 char *const *back, size_t n)
{
	cw_buf d;
	size_t i;
	int pass, rc;

	cw_buf_init(&d);
	for (pass = 0; pass < 2; pass++) {
		cw_buf_addstr(&d, pass ? ",\"after\":{" : "{\"before\":{");
		for (i = 0; i < n; i++)
			cw_json_kv(&d, cols[i], pass ? back[i] : now[i]);
		cw_buf_addch(&d, '}');
	}
	cw_json_kv(&d, "undo", u->tag);
	cw_buf_addch(&d, '}');
	rc = cw_audit_append(u->db, "update", kind, ids, d.s);
	cw_buf_release(&d);
	return rc;
}

/* Whether r's record is as the batch left it; with write, sets it back
 * and audits it. 0, CW_EXIT_DATA after saying what differs, or
 * CW_EXIT_DB. */
static int restore_one(struct undo *u, const struct restore *r,
		       const char *stamp, int check, int write)
{
	const struct kind_table *t = table_of(r->kind);
	char **now = cw_xcalloc(r->n + 1, sizeof *now);
	char **cols = cw_xcalloc(r->n + 1, sizeof *cols);
	char **vals = cw_xcalloc(r->n + 1, sizeof *vals);
	char idbuf[32];
	size_t i, n = r->n;
	int got, rc = 0, stamped = t->stamped;

	cw_id_format(r->kind, r->id, idbuf);
	got = admin_db_fields(u->db, t->table, r->id, (const char *const *)r->cols,
			      r->n, now);
	if (got < 0)
		rc = CW_EXIT_DB;
	for (i = 0; !rc && check && i < r->n; i++)
		if (!got || !core_same(now[i], r->after[i])) {
			cw_error("cannot undo %s: %s's %s is not as it left it",
				 u->tag, idbuf, r->cols[i]);
			rc = CW_EXIT_DATA;
		}
	for (i = 0; i < r->n; i++) {
		cols[i] = r->cols[i];
		vals[i] = r->before[i];
		if (!strcmp(r->cols[i], "updated_at"))
			stamped = 0;
	}
	/* a client's name is found by its key */
	for (i = 0; r->kind == CW_K_CLIENT && i < r->n; i++)
		if (!strcmp(r->cols[i], "name")) {
			cols[n] = "name_key";
			vals[n++] = intake_name_key(r->before[i]);
		}
	if (!rc && write)
		rc = admin_db_set_fields(u->db, t->table, r->id,
					 (const char *const *)cols,
					 (const char *const *)vals, n,
					 stamped ? stamp : NULL);
	if (!rc && write)
		rc = audit_restore(u, r->kind, idbuf, r->cols, now, r->before, r->n);
	if (n > r->n)
		free(vals[r->n]);
	for (i = 0; i < r->n; i++)
		free(now[i]);
	free(now);
	free(cols);
	free(vals);
	return rc;
}

/* Whether a restore before r in u->rs (set back after it) is of r's
 * record. */
static int restored_later(const struct undo *u, size_t k)
{
	size_t i;

	for (i = k + 1; i < u->nrs; i++)
		if (u->rs[i].kind == u->rs[k].kind && u->rs[i].id == u->rs[k].id)
			return 1;
	return 0;
}

/* The fields set back, last change first: each checked against what the
 * batch left (in a dry run the last change of each record only, the
 * others being checked against values not set back). A record the batch
 * created is deleted instead (delete_created), whatever it changed of it
 * after (an assignment a handover began and a second one ended). */
static int restore_fields(struct undo *u, const char *stamp, int write)
{
	cw_buf f;
	size_t k;
	int64_t at;
	int rc = 0;

	cw_buf_init(&f);
	for (k = u->nrs; !rc && k-- > 0;) {
		const struct restore *r = &u->rs[k];
		if (spans_meet(&u->created, r->kind, r->id, r->id, &at))
			continue;
		rc = restore_one(u, r, stamp, write || !restored_later(u, k), write);
		cw_buf_reset(&f);
		fields_list(&f, r);
		add_row(u, r->kind, r->id, "restore", f.s);
		u->restored++;
	}
	cw_buf_release(&f);
	return rc;
}

/* The follow-ups the batch marked done, open again. */
static int reopen_followups(struct undo *u, int write)
{
	static char *cols[] = {"status"}, *done[] = {"done"}, *open[] = {"open"};
	cw_buf ids;
	size_t i;
	int64_t id;
	int rc = 0;

	if (!u->done.n)
		return 0;
	for (i = 0; !rc && write && i < u->done.n; i++)
		rc = admin_db_followups_reopen(u->db, u->done.v[i].lo, u->done.v[i].hi);
	cw_buf_init(&ids);
	spans_format(&ids, &u->done, CW_K_FOLLOWUP);
	if (!rc && write)
		rc = audit_restore(u, CW_K_FOLLOWUP, ids.s, cols, done, open, 1);
	cw_buf_release(&ids);
	for (i = 0; i < u->done.n; i++)
		for (id = u->done.v[i].lo; id <= u->done.v[i].hi; id++, u->restored++)
			add_row(u, CW_K_FOLLOWUP, id, "restore", "status,done_at,done_date");
	return rc;
}

/* The plans the batch revised (and did not create): their revision
 * number back by one (their revisions go with the batch's rows). */
static int unrevise_plans(struct undo *u, const char *stamp, int write)
{
	static char *cols[] = {"revision"};
	static const char *const rev[] = {"revision"};
	size_t i;
	int64_t id, at;
	int rc = 0;

	for (i = 0; !rc && i < u->revised.n; i++)
		for (id = u->revised.v[i].lo; !rc && id <= u->revised.v[i].hi; id++) {
			char *now = NULL, back[32], idbuf[32], *b = back;
			if (spans_meet(&u->created, CW_K_PLAN, id, id, &at))
				continue;
			if (admin_db_fields(u->db, "plans", id, rev, 1, &now) < 0)
				return CW_EXIT_DB;
			snprintf(back, sizeof back, "%lld", now ? atoll(now) - 1 : 0);
			cw_id_format(CW_K_PLAN, id, idbuf);
			if (write && !(rc = admin_db_plan_unrevise(u->db, id, stamp)))
				rc = audit_restore(u, CW_K_PLAN, idbuf, cols, &now, &b, 1);
			free(now);
			add_row(u, CW_K_PLAN, id, "restore", "revision");
			u->restored++;
		}
	return rc;
}

/* The records the batch created, deleted (children first) with one
 * audit entry a kind. */
static int delete_created(struct undo *u, int write)
{
	size_t i, t;
	int64_t id, n, total;
	int rc = 0;

	for (i = 0; !rc && write && i < sizeof batch_rows / sizeof batch_rows[0]; i++)
		rc = admin_db_delete_batch_rows(u->db, batch_rows[i], u->target);
	for (t = 0; !rc && t < NTABLES; t++) {
		cw_buf d;
		enum cw_kind kind = tables[t].kind;
		for (i = 0, total = 0; !rc && i < u->created.n; i++) {
			const struct span *s = &u->created.v[i];
			if (s->kind != kind)
				continue;
			n = s->hi - s->lo + 1;
			/* its cases' assignments no entry named (made by
			 * the upgrade to version 13) go with them */
			if (write && kind == CW_K_CASE)
				rc = admin_db_delete_case_assignments(u->db,
					u->target, s->lo, s->hi);
			if (write && !rc)
				rc = admin_db_delete_range(u->db, tables[t].table,
							   s->lo, s->hi, &n);
			for (id = s->lo; id <= s->hi; id++)
				add_row(u, kind, id, "delete", NULL);
			total += n;
		}
		u->deleted += (long)total;
		if (rc || !write || !spans_meet(&u->created, kind, INT64_MIN,
						INT64_MAX, &id))
			continue;
		cw_buf_init(&d);
		spans_format(&d, &u->created, kind);
		{
			char *ids = cw_buf_detach(&d, NULL);
			cw_buf_printf(&d, "{\"records\":%lld", (long long)total);
			cw_json_kv(&d, "undo", u->tag);
			cw_buf_addch(&d, '}');
			rc = cw_audit_append(u->db, "delete", kind, ids, d.s);
			free(ids);
		}
		cw_buf_release(&d);
	}
	return rc;
}

int admin_undo_check(const char *arg)
{
	enum cw_kind kind;
	int64_t n;

	if (cw_id_parse(arg, &kind, &n) || kind != CW_K_BATCH) {
		cw_error("'%s' is not a batch id (BT-n)", arg);
		return CW_EXIT_DATA;
	}
	return 0;
}

/* The undo in the transaction open: 0 or an exit code after a message. */
static int undo_run(struct undo *u, const char *program, const char *verb,
		    int write)
{
	const char *why = why_not(program, verb);
	char stamp[21];
	cw_buf d;
	int rc;

	if (why) {
		cw_error("cannot undo %s (%s %s): %s", u->tag, program, verb,
			 *why ? why : "undo reverses the batches of " SUPPORTED);
		return CW_EXIT_DATA;
	}
	if ((rc = read_undone(u)) || (rc = read_entries(u)) ||
	    (rc = find_dependent(u)) || (rc = unnamed_assignments(u)))
		return rc;
	cw_utc_now(stamp);
	if ((rc = delete_created(u, write)) || (rc = restore_fields(u, stamp, write)) ||
	    (rc = reopen_followups(u, write)) || (rc = unrevise_plans(u, stamp, write)))
		return rc;
	if (!write)
		return 0;
	cw_buf_init(&d);
	cw_buf_addch(&d, '{');
	cw_json_kv(&d, "program", program);
	cw_json_kv(&d, "verb", verb);
	cw_buf_printf(&d, ",\"deleted\":%ld,\"restored\":%ld}", u->deleted,
		      u->restored);
	rc = cw_audit_append(u->db, "undo", CW_K_BATCH, u->tag, d.s);
	cw_buf_release(&d);
	return rc;
}

int admin_undo(const cw_ctx *x, const char *arg, int dry_run,
	       enum cw_format fmt)
{
	static const cw_col cols[] = {{"kind", 0}, {"id", 0}, {"action", 0},
				      {"fields", 0}};
	struct undo u;
	enum cw_kind kind;
	char *program = NULL, *verb = NULL;
	int64_t batch = 0;
	cw_writer *w;
	size_t i;
	int rc, r;

	if (store_restricted(x->db)) {
		cw_error("an undo changes the records of any case: run it as the "
			 "database's owner");
		return CW_EXIT_DB;
	}
	memset(&u, 0, sizeof u);
	u.db = x->db;
	cw_id_parse(arg, &kind, &u.target);
	cw_id_format(CW_K_BATCH, u.target, u.tag);
	rc = dry_run ? (store_begin(x->db, 0) ? CW_EXIT_DB : 0)
		     : cw_db_begin(x->db, x->user, "undo", &batch);
	if (rc)
		return rc;
	if ((r = admin_db_batch(x->db, u.target, &program, &verb)) < 0) {
		rc = CW_EXIT_DB;
	} else if (!r || u.target == batch) {
		cw_error("no batch %s in '%s'", u.tag, store_name(x->db));
		rc = CW_EXIT_DATA;
	}
	if (!rc)
		rc = undo_run(&u, program, verb, !dry_run);
	if (dry_run)
		store_rollback(x->db);
	else if (!rc)
		rc = cw_db_commit(x->db);
	else
		cw_db_rollback(x->db);
	if (!rc) {
		if (dry_run)
			fprintf(stderr, "%s: dry run, nothing changed: undoing %s "
				"(%s %s) would delete %ld records and set %ld back\n",
				cw_progname(), u.tag, program, verb, u.deleted,
				u.restored);
		else
			fprintf(stderr, "%s: %s (%s %s) undone in batch BT-%lld: "
				"%ld records deleted, %ld set back\n", cw_progname(),
				u.tag, program, verb, (long long)batch, u.deleted,
				u.restored);
		w = cw_writer_new(x->out, fmt, cols, 4);
		for (i = 0; i < u.nrows; i += 4)
			cw_writer_row(w, (const char *const *)&u.rows[i]);
		rc = cw_writer_end(w, 0);
		if (rc == CW_EXIT_EMPTY)
			rc = 0;
	}
	free(program);
	free(verb);
	undo_free(&u);
	return rc;
}
