/* plan/close.c - plan reviews, closing cases (结案) and reopening them
 * (sw-plan review, close, reopen). */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>
#include "core/core.h"
#include "plan/plan.h"

/* The open referrals of a case (draft, sent or accepted: sw-refer),
 * which keep it from closing as open tasks do. Returns the count, or -1
 * after a database error (reported). */
static long plan_open_referrals(cw_db *db, int64_t case_id)
{
	store_stmt *st = store_prepare(db, "SELECT count(*) FROM referrals"
		" WHERE case_id = ? AND state IN ('draft','sent','accepted')");
	long n = -1;
	if (!st)
		return -1;
	store_bind_int(st, 1, case_id);
	if (store_step(st) == STORE_ROW)
		n = store_col_int(st, 0);
	else
		store_fail(db, "count open referrals");
	store_finalize(st);
	return n;
}

/* ---- the batch ------------------------------------------------------------- */

struct closing {
	cw_db *db;                  /* NULL in a dry run without one */
	int dry_run;
	cw_date today;
	cw_duration cycle;          /* the configuration's review cycle */
	cw_audit_ids *reviews;      /* reviews created */
	cw_audit_ids *closures;     /* closures created */
	cw_audit_ids *followups;    /* post-closure follow-ups created */
	cw_buf json;                /* scratch */
	/* A dry run writes nothing: the cases it has closed or reopened so
	 * far, so that a later record for the same case sees them so. */
	int64_t *flipped;
	size_t nflipped, capflipped;
	/* A dry run's reviews or closures, for a record naming one; or the
	 * reopenings it would record, by closure. */
	store_dryrows dry;
	store_stmt *roster;       /* plan_worker_ok's query */
	store_stmt *case_info;
	store_stmt *supersede;    /* older reviews no longer the latest */
	store_stmt *get_review, *plan_of, *later_review, *ins_review,
		     *set_next_review;
	store_stmt *get_closure, *goal_get, *goals_open, *open_tasks,
		     *open_crisis, *set_closed, *set_goal, *ins_closure,
		     *ins_followup, *open_scheduled, *cancel_followup;
	store_stmt *get_reopen, *latest_closure, *set_open, *set_reopened,
		     *open_followups, *done_followup;
};

/* What a record needs to know of its case. */
struct caseinfo {
	int open;                   /* 1 open, 0 closed (as this batch left it) */
	char *worker;               /* assigned worker, owned, or NULL */
	int has_intake, has_closed, has_reopened;
	cw_date intake, closed, reopened;  /* intake, closure, last reopening */
};

static int flipped(const struct closing *c, int64_t case_id)
{
	size_t i;
	for (i = 0; i < c->nflipped; i++)
		if (c->flipped[i] == case_id)
			return 1;
	return 0;
}

static void flip(struct closing *c, int64_t case_id)
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

static int column_date(store_stmt *st, int col, cw_date *out)
{
	const char *t = store_col_text(st, col);
	const char *why;
	return t && !cw_date_parse(t, out, &why);
}

/* Reads the case plan_case found. 0 or an exit code; without a database
 * the case is open with nothing known. */
static int case_info(struct closing *c, int64_t case_id, int open,
		     struct caseinfo *ci)
{
	store_stmt *st = c->case_info;
	const char *t;
	int r;

	memset(ci, 0, sizeof *ci);
	ci->open = open;
	if (!c->db)
		return 0;
	store_reset(st);
	store_bind_int(st, 1, case_id);
	r = store_step(st);
	if (r == STORE_ROW) {
		if ((t = store_col_text(st, 0)))
			ci->worker = cw_xstrdup(t);
		ci->has_intake = column_date(st, 1, &ci->intake);
		ci->has_closed = column_date(st, 2, &ci->closed);
		ci->has_reopened = column_date(st, 3, &ci->reopened);
		r = 0;
	} else {
		r = store_fail(c->db, "look up a case");
	}
	store_reset(st);
	if (flipped(c, case_id))
		ci->open = !ci->open;
	return r;
}

/* Runs a statement that changes something: 0 or an exit code. */
static int step_done(struct closing *c, store_stmt *st, const char *what)
{
	int r = store_step(st);
	r = r == STORE_DONE ? 0 : store_fail(c->db, what);
	store_reset(st);
	return r;
}

/* A count from a statement bound to one id; -1 after a database error. */
static long count_of(struct closing *c, store_stmt *st, int64_t id)
{
	long n = -1;
	store_reset(st);
	store_bind_int(st, 1, id);
	if (store_step(st) == STORE_ROW)
		n = (long)store_col_int(st, 0);
	else
		store_fail(c->db, "read the database");
	store_reset(st);
	return n;
}

/* The ids a statement bound to one id gives, all read before any of them
 * is changed: *ids (newly allocated, or NULL) and *n. 0 or an exit code. */
static int ids_of(struct closing *c, store_stmt *st, int64_t id,
		  int64_t **ids, size_t *n)
{
	size_t cap = 0;
	int r;

	*ids = NULL;
	*n = 0;
	store_reset(st);
	store_bind_int(st, 1, id);
	while ((r = store_step(st)) == STORE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 8;
			*ids = cw_xrealloc(*ids, cap * sizeof **ids);
		}
		(*ids)[(*n)++] = store_col_int(st, 0);
	}
	store_reset(st);
	return r == STORE_DONE ? 0 : store_fail(c->db, "read follow-ups");
}


/* An audit entry for one record changed: action, the record and one
 * field's value before and after (a second field when key2 is given). */
static int audit_change(struct closing *c, const char *action, enum cw_kind kind,
			int64_t id, const char *key, const char *before,
			const char *after, const char *key2, const char *before2,
			const char *after2)
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

/* A record's case: required, existing. 0 with *case_id and ci set, CW_REJECTED
 * after rejecting the record, or an exit code. */
static int record_case(struct closing *c, cw_batch *b, const cw_record *rec,
		       const char *hdr, const char *given, int64_t *case_id,
		       struct caseinfo *ci)
{
	int open, rc;
	memset(ci, 0, sizeof *ci);
	if (!given) {
		cw_batch_reject(b, rec, hdr, "required (the case, CA-n)");
		return CW_REJECTED;
	}
	if ((rc = plan_case(c->db, b, rec, hdr, given, case_id, &open)) != 0)
		return rc;
	return case_info(c, *case_id, open, ci);
}

/* A date that defaults to today: 0 with *out set, or CW_REJECTED after
 * rejecting. */
static int date_or_today(struct closing *c, cw_batch *b, const cw_record *rec,
			 const char *hdr, const char *given, cw_date *out)
{
	*out = c->today;
	return given ? plan_date(b, rec, hdr, given, c->today, 0, out) : 0;
}

/* ---- reviews ---------------------------------------------------------------- */

enum { R_ID, R_CASE, R_DATE, R_WORKER, R_NOTE, R_NEXT, R_CREATED, NR };

static const cw_fieldspec review_fields[NR] = {
	{"review_id", {NULL}},
	{"case_id", {"个案编号"}},
	{"date", {"日期"}},
	{"worker", {"社工"}},
	{"note", {"备注"}},
	{"next_review", {"下次评估日期"}},
	{"created_at", {"创建时间"}},
};
static const cw_names review_names = CW_FIELDS_NAMES(review_fields, NR);

static const cw_col review_cols[NR] = {
	{"review_id", 0}, {"case_id", 0}, {"date", 0}, {"worker", 0},
	{"note", 0}, {"next_review", 0}, {"created_at", 0},
};

static const char *review_canon(size_t i, const char *given, cw_buf *scratch)
{
	switch (i) {
	case R_ID: case R_CASE:
		return plan_canon_id(given, scratch);
	case R_DATE: case R_NEXT:
		return plan_canon_date(given, scratch);
	default:
		return given;
	}
}

/* The case's plan: *plan (0 when it has none), its review cycle and its
 * next review date (newly allocated, or NULL). 0 or an exit code. */
static int plan_of(struct closing *c, int64_t case_id, int64_t *plan,
		   cw_duration *cycle, char **next)
{
	store_stmt *st = c->plan_of;
	const char *t, *why;
	int r;

	*plan = 0;
	*cycle = c->cycle;
	*next = NULL;
	if (!c->db)
		return 0;
	store_reset(st);
	store_bind_int(st, 1, case_id);
	r = store_step(st);
	if (r == STORE_ROW) {
		*plan = store_col_int(st, 0);
		t = store_col_text(st, 1);
		if (!t || cw_duration_parse(t, cycle, &why) || !cycle->n)
			*cycle = c->cycle;
		if ((t = store_col_text(st, 2)))
			*next = cw_xstrdup(t);
		r = 0;
	} else if (r == STORE_DONE) {
		r = 0;
	} else {
		r = store_fail(c->db, "read a plan");
	}
	store_reset(st);
	return r;
}

/* Sets a plan's next review (NULL: none) when it differs from before,
 * audited as an update of the plan. 0 or an exit code. */
static int set_next_review(struct closing *c, int64_t plan, const char *before,
			   const char *next, const char *now)
{
	store_stmt *st = c->set_next_review;
	int rc;

	if (core_same(before, next))
		return 0;
	store_reset(st);
	store_bind_text(st, 1, next);
	store_bind_text(st, 2, now);
	store_bind_int(st, 3, plan);
	if ((rc = step_done(c, st, "set the next review")) != 0)
		return rc;
	return audit_change(c, "update", CW_K_PLAN, plan, "next_review", before,
			    next, NULL, NULL, NULL);
}

static int review_store(struct closing *c, cw_batch *b, int64_t case_id,
			const char **out)
{
	store_stmt *st = c->ins_review;
	int64_t id, plan;
	cw_duration cycle;
	char *before = NULL, now[21], idbuf[32];
	int later, rc;

	cw_utc_now(now);
	/* The case's latest review (by date, then entry) is its current one:
	 * a review entered late, dated before one already stored, is kept
	 * but is not current. Only the current one can be due. */
	st = c->later_review;
	store_reset(st);
	store_bind_int(st, 1, case_id);
	store_bind_text(st, 2, out[R_DATE]);
	later = store_step(st) == STORE_ROW ? store_col_int(st, 0) : -1;
	store_reset(st);
	if (later < 0)
		return store_fail(c->db, "read reviews");
	st = c->ins_review;
	store_reset(st);
	store_bind_int(st, 1, case_id);
	store_bind_text(st, 2, out[R_DATE]);
	store_bind_text(st, 3, out[R_WORKER]);
	store_bind_text(st, 4, out[R_NOTE]);
	store_bind_text(st, 5, out[R_NEXT]);
	store_bind_text(st, 6, now);
	store_bind_int(st, 7, cw_batch_id(b));
	store_bind_int(st, 8, !later);
	if ((rc = step_done(c, st, "store a review")) != 0)
		return rc;
	id = store_last_id(c->db);
	if (!later) {
		st = c->supersede;
		store_reset(st);
		store_bind_int(st, 1, case_id);
		store_bind_int(st, 2, id);
		if ((rc = step_done(c, st, "update reviews")) != 0)
			return rc;
	}
	cw_id_format(CW_K_REVIEW, id, idbuf);
	out[R_ID] = idbuf;
	out[R_CREATED] = now;
	plan_audit_created(c->reviews, id, review_cols, NR, out, &c->json);
	/* The plan's next review follows its latest review. */
	if (!rc && !later && !(rc = plan_of(c, case_id, &plan, &cycle, &before)) &&
	    plan)
		rc = set_next_review(c, plan, before, out[R_NEXT], now);
	free(before);
	if (!rc)
		cw_batch_stored(b, out);
	out[R_ID] = out[R_CREATED] = NULL;
	return rc;
}

static int review_record(void *ctx, cw_batch *b, const cw_record *rec)
{
	struct closing *c = ctx;
	const char *v[NR], *src[NR], *out[NR] = {0};
	char date[11], next[11], caseid[32], *planned = NULL;
	struct caseinfo ci = {0};
	int64_t case_id, plan;
	cw_duration cycle;
	cw_date d, nd;
	int rc = 0;

#define HDR(i) store_fields_hdr(review_fields, src, (i))
	if (store_fields_map(b, rec, review_fields, NR, v, src))
		return 0;
	if (v[R_ID])
		return plan_known_record(c->db, c->get_review, &c->dry, b, rec,
					 review_fields, NR, v, src, CW_K_REVIEW,
					 "review", review_canon);
	if (v[R_CREATED]) {
		cw_batch_reject(b, rec, HDR(R_CREATED), "read-only; leave it empty "
				"for a new review");
		return 0;
	}
	if ((rc = record_case(c, b, rec, HDR(R_CASE), v[R_CASE], &case_id, &ci)))
		goto done;
	if (!ci.open) {
		cw_batch_reject(b, rec, HDR(R_CASE), "the case is closed (reopen it "
				"first)");
		goto done;
	}
	if (date_or_today(c, b, rec, HDR(R_DATE), v[R_DATE], &d))
		goto done;
	if (v[R_WORKER]) {
		int ok = intake_roster_allows(c->db, &c->roster, v[R_WORKER]);
		if (ok < 0) {
			rc = CW_EXIT_DB;
			goto done;
		}
		if (!ok) {
			cw_batch_reject(b, rec, HDR(R_WORKER), "not on the worker roster "
					"(see sw-intake workers)");
			goto done;
		}
	}
	if (v[R_NEXT]) {
		if (plan_date(b, rec, HDR(R_NEXT), v[R_NEXT], c->today, 1, &nd))
			goto done;
		if (nd <= d) {
			cw_batch_reject(b, rec, HDR(R_NEXT), "must be after the review date");
			goto done;
		}
	} else {
		/* The plan's review cycle; the configuration's without a plan. */
		if ((rc = plan_of(c, case_id, &plan, &cycle, &planned)) != 0)
			goto done;
		if (cw_date_add(d, cycle, &nd)) {
			cw_batch_reject(b, rec, HDR(R_DATE), "the next review, one "
					"review cycle later, would fall after the year 9999");
			goto done;
		}
	}
#undef HDR
	cw_date_format(d, date);
	cw_date_format(nd, next);
	cw_id_format(CW_K_CASE, case_id, caseid);
	out[R_CASE] = caseid;
	out[R_DATE] = date;
	out[R_WORKER] = v[R_WORKER] ? v[R_WORKER] : ci.worker;
	out[R_NOTE] = v[R_NOTE];
	out[R_NEXT] = next;
	if (c->dry_run)
		rc = plan_dry_keep(&c->dry, c->db, b, "reviews", NR, out, R_CREATED);
	else
		rc = review_store(c, b, case_id, out);
done:
	free(planned);
	free(ci.worker);
	return rc;
}

/* ---- closing a case ---------------------------------------------------------- */

enum {
	X_ID, X_CASE, X_DATE, X_REASON, X_FORCE, X_OUTCOMES, X_FOLLOW, X_CREATED,
	NX
};

static const cw_fieldspec close_fields[NX] = {
	{"closure_id", {NULL}},
	{"case_id", {"个案编号"}},
	{"closed_date", {"date", "结案日期"}},
	{"reason", {"结案原因"}},
	{"forced_reason", {"force", "强制原因"}},
	{"outcomes", {"目标成果"}},
	{"follow_up_due", {"follow_up", "结案后跟进"}},
	{"created_at", {"创建时间"}},
};
static const cw_names close_names = CW_FIELDS_NAMES(close_fields, NX);

static const cw_col close_cols[NX] = {
	{"closure_id", 0}, {"case_id", 0}, {"closed_date", 0}, {"reason", 0},
	{"forced_reason", 0}, {"outcomes", 0}, {"follow_up_due", 0},
	{"created_at", 0},
};

/* One goal's outcome as the record gives it. */
struct outcome {
	int64_t goal;
	const char *status;     /* achieved, partly_achieved, not_achieved */
	char *before;           /* the goal's status now, owned, or NULL */
};

/* Parses "GL-1=achieved, GL-2=partly_achieved" into *out (newly
 * allocated, *n entries) and its canonical text into canon. -1 when an
 * item cannot be read: why then says which, in msg. */
static int parse_outcomes(const char *given, struct outcome **out, size_t *n,
			  cw_buf *canon, char *msg, size_t msglen)
{
	char **items, idbuf[32];
	size_t nitems, i, j;
	enum cw_kind kind;
	int64_t num;
	int rc = 0;

	nitems = plan_split(given, 0, &items);
	*out = cw_xcalloc(nitems ? nitems : 1, sizeof **out);
	*n = 0;
	for (i = 0; i < nitems && !rc; i++) {
		char *eq = strchr(items[i], '='), *k = items[i], *w, *e;
		const char *st;
		if (!eq) {
			snprintf(msg, msglen, "item %zu is not GL-n=outcome", i + 1);
			rc = -1;
			break;
		}
		for (e = eq; e > k && (e[-1] == ' ' || e[-1] == '\t'); e--)
			;
		*e = '\0';
		for (w = eq + 1; *w == ' ' || *w == '\t'; w++)
			;
		if (cw_id_parse(k, &kind, &num) || kind != CW_K_GOAL) {
			snprintf(msg, msglen, "item %zu is not GL-n=outcome", i + 1);
			rc = -1;
			break;
		}
		cw_id_format(CW_K_GOAL, num, idbuf);
		if (!(st = store_vocab_canon(&store_vocab_goal_outcome, w))) {
			snprintf(msg, msglen, "%s: not an outcome (achieved, "
				 "partly_achieved or not_achieved)", idbuf);
			rc = -1;
			break;
		}
		for (j = 0; j < *n; j++)
			if ((*out)[j].goal == num) {
				snprintf(msg, msglen, "%s is listed twice", idbuf);
				rc = -1;
				break;
			}
		if (rc)
			break;
		(*out)[*n].goal = num;
		(*out)[*n].status = st;
		(*n)++;
		if (canon->len)
			cw_buf_addstr(canon, ", ");
		cw_buf_printf(canon, "%s=%s", idbuf, st);
	}
	plan_list_free(items, nitems);
	return rc;
}

static void outcomes_free(struct outcome *o, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		free(o[i].before);
	free(o);
}

static const char *outcomes_canon(const char *given, cw_buf *scratch)
{
	struct outcome *o;
	size_t n;
	char msg[128];
	int r = parse_outcomes(given, &o, &n, scratch, msg, sizeof msg);
	outcomes_free(o, n);
	return r || !n ? NULL : scratch->s;
}

static const char *close_canon(size_t i, const char *given, cw_buf *scratch)
{
	switch (i) {
	case X_ID: case X_CASE:
		return plan_canon_id(given, scratch);
	case X_DATE: case X_FOLLOW:
		return plan_canon_date(given, scratch);
	case X_OUTCOMES:
		return outcomes_canon(given, scratch);
	default:
		return given;
	}
}

/* Checks the outcomes against the case's goals: each goal listed is the
 * case's (its status now kept in before), and every goal not finished
 * yet has one. 0, CW_REJECTED or an exit code. */
static int check_goals(struct closing *c, cw_batch *b, const cw_record *rec,
		       const char *hdr, int64_t case_id, struct outcome *o,
		       size_t n)
{
	store_stmt *st;
	char idbuf[32];
	const char *t;
	size_t i;
	int r, rc = 0;

	if (!c->db)
		return 0;
	for (i = 0; i < n && !rc; i++) {
		st = c->goal_get;
		store_reset(st);
		store_bind_int(st, 1, o[i].goal);
		r = store_step(st);
		cw_id_format(CW_K_GOAL, o[i].goal, idbuf);
		if (r == STORE_DONE) {
			cw_batch_reject(b, rec, hdr, "%s: no such goal", idbuf);
			rc = CW_REJECTED;
		} else if (r != STORE_ROW) {
			rc = store_fail(c->db, "look up a goal");
		} else if (store_col_int(st, 0) != case_id) {
			cw_batch_reject(b, rec, hdr, "%s is a goal of another case", idbuf);
			rc = CW_REJECTED;
		} else if ((t = store_col_text(st, 1))) {
			o[i].before = cw_xstrdup(t);
		}
		store_reset(st);
	}
	if (rc)
		return rc;
	st = c->goals_open;
	store_reset(st);
	store_bind_int(st, 1, case_id);
	while ((r = store_step(st)) == STORE_ROW) {
		int64_t g = store_col_int(st, 0);
		for (i = 0; i < n && o[i].goal != g; i++)
			;
		if (i == n) {
			cw_id_format(CW_K_GOAL, g, idbuf);
			cw_batch_reject(b, rec, hdr, "%s needs an outcome (achieved, "
					"partly_achieved or not_achieved)", idbuf);
			rc = CW_REJECTED;
			break;
		}
	}
	if (!rc && r != STORE_DONE)
		rc = store_fail(c->db, "read goals");
	store_reset(st);
	return rc;
}

/* The work that holds a closure back unless it is forced. */
enum { W_TASKS, W_REFERRALS, W_CRISIS, NW };

/* What stands open in the case: 0 when nothing or when forced,
 * CW_REJECTED after rejecting the record, or an exit code. pending[] set:
 * the open tasks, referrals and crisis follow-ups. */

static int check_open_work(struct closing *c, cw_batch *b, const cw_record *rec,
			   int64_t case_id, int forced, long pending[NW])
{
	static const char *const what_of[NW][2] = {
		{"open task", "open tasks"},
		{"open referral", "open referrals"},
		{"open crisis follow-up", "open crisis follow-ups"},
	};
	char caseid[32];
	cw_buf what;
	size_t i, n = 0, k = 0;

	memset(pending, 0, NW * sizeof *pending);
	if (!c->db)
		return 0;
	if ((pending[W_TASKS] = count_of(c, c->open_tasks, case_id)) < 0 ||
	    (pending[W_REFERRALS] = plan_open_referrals(c->db, case_id)) < 0 ||
	    (pending[W_CRISIS] = count_of(c, c->open_crisis, case_id)) < 0)
		return CW_EXIT_DB;
	for (i = 0; i < NW; i++)
		n += pending[i] != 0;
	if (forced || !n)
		return 0;
	/* "1 open task, 2 open referrals and 1 open crisis follow-up" */
	cw_id_format(CW_K_CASE, case_id, caseid);
	cw_buf_init(&what);
	for (i = 0; i < NW; i++) {
		if (!pending[i])
			continue;
		if (k++)
			cw_buf_addstr(&what, k == n ? " and " : ", ");
		cw_buf_printf(&what, "%ld %s", pending[i], what_of[i][pending[i] != 1]);
	}
	cw_batch_reject(b, rec, NULL, "%s has %s; close them or give force with "
			"a reason", caseid, what.s);
	cw_buf_release(&what);
	return CW_REJECTED;
}

/* On closure the case's open crisis follow-ups and re-assessments are
 * moot: cancelled, each audited (action cancel) with the closure. */
static int cancel_scheduled(struct closing *c, int64_t case_id,
			    const char *closure)
{
	store_stmt *st;
	int64_t *ids;
	char fubuf[32];
	size_t n, i;
	int rc;

	if ((rc = ids_of(c, c->open_scheduled, case_id, &ids, &n)) != 0)
		return rc;
	for (i = 0; i < n && !rc; i++) {
		st = c->cancel_followup;
		store_reset(st);
		store_bind_int(st, 1, ids[i]);
		if ((rc = step_done(c, st, "cancel a follow-up")) != 0)
			break;
		cw_id_format(CW_K_FOLLOWUP, ids[i], fubuf);
		cw_buf_reset(&c->json);
		cw_buf_addch(&c->json, '{');
		cw_json_kv(&c->json, "closure_id", closure);
		cw_buf_addstr(&c->json, ",\"before\":{\"status\":\"open\"},"
			      "\"after\":{\"status\":\"cancelled\"}}");
		rc = cw_audit_append(c->db, "cancel", CW_K_FOLLOWUP, fubuf, c->json.s);
	}
	free(ids);
	return rc;
}

static int close_store(struct closing *c, cw_batch *b, int64_t case_id,
		       const char **out, const struct outcome *o, size_t n,
		       const long pending[NW])
{
	store_stmt *st;
	char now[21], idbuf[32], fubuf[32], *next = NULL;
	int64_t id, fu, plan;
	cw_duration cycle;
	size_t i;
	int rc;

	cw_utc_now(now);
	st = c->set_closed;
	store_reset(st);
	store_bind_text(st, 1, out[X_DATE]);
	store_bind_text(st, 2, now);
	store_bind_int(st, 3, case_id);
	if ((rc = step_done(c, st, "close a case")) != 0 ||
	    (rc = audit_change(c, "close", CW_K_CASE, case_id, "status", "open",
			       "closed", "closed_date", NULL, out[X_DATE])) != 0)
		return rc;
	for (i = 0; i < n; i++) {
		if (o[i].before && !strcmp(o[i].before, o[i].status))
			continue;
		st = c->set_goal;
		store_reset(st);
		store_bind_text(st, 1, o[i].status);
		store_bind_text(st, 2, now);
		store_bind_int(st, 3, o[i].goal);
		if ((rc = step_done(c, st, "set a goal's outcome")) != 0 ||
		    (rc = audit_change(c, "update", CW_K_GOAL, o[i].goal, "status",
				       o[i].before, o[i].status, NULL, NULL, NULL)) != 0)
			return rc;
	}
	st = c->ins_closure;
	store_reset(st);
	store_bind_int(st, 1, case_id);
	store_bind_text(st, 2, out[X_DATE]);
	store_bind_text(st, 3, out[X_REASON]);
	store_bind_text(st, 4, out[X_FORCE]);
	store_bind_text(st, 5, out[X_OUTCOMES]);
	store_bind_text(st, 6, now);
	store_bind_int(st, 7, cw_batch_id(b));
	if ((rc = step_done(c, st, "store a closure")) != 0)
		return rc;
	id = store_last_id(c->db);
	cw_id_format(CW_K_CLOSURE, id, idbuf);
	/* Nothing of a closed case is due but its follow-up after closure
	 * and its referrals: what sw-assess scheduled is cancelled, and the
	 * plan has no next review until the case is reopened. */
	if ((rc = cancel_scheduled(c, case_id, idbuf)) != 0)
		return rc;
	if ((rc = plan_of(c, case_id, &plan, &cycle, &next)) == 0 && plan)
		rc = set_next_review(c, plan, next, NULL, now);
	free(next);
	if (rc)
		return rc;
	if (out[X_FOLLOW]) {
		st = c->ins_followup;
		store_reset(st);
		store_bind_int(st, 1, case_id);
		store_bind_text(st, 2, out[X_FOLLOW]);
		store_bind_text(st, 3, now);
		store_bind_int(st, 4, cw_batch_id(b));
		if ((rc = step_done(c, st, "schedule a follow-up")) != 0)
			return rc;
		fu = store_last_id(c->db);
		cw_id_format(CW_K_FOLLOWUP, fu, fubuf);
		cw_buf_reset(&c->json);
		cw_buf_addch(&c->json, '{');
		cw_json_kv(&c->json, "followup_id", fubuf);
		cw_json_kv(&c->json, "case_id", out[X_CASE]);
		cw_json_kv(&c->json, "kind", "post_closure");
		cw_json_kv(&c->json, "due_date", out[X_FOLLOW]);
		cw_buf_addch(&c->json, '}');
		cw_audit_ids_add(c->followups, fu, c->json.s, c->json.len);
	}
	if (out[X_FORCE]) {
		/* A forced closure is audited with its reason and what it
		 * overrode. */
		cw_buf_reset(&c->json);
		cw_buf_addch(&c->json, '{');
		cw_json_kv(&c->json, "case_id", out[X_CASE]);
		cw_json_kv(&c->json, "forced_reason", out[X_FORCE]);
		cw_buf_printf(&c->json, ",\"open_tasks\":%ld,\"open_referrals\":%ld,"
			      "\"open_crisis_followups\":%ld}", pending[W_TASKS],
			      pending[W_REFERRALS], pending[W_CRISIS]);
		if ((rc = cw_audit_append(c->db, "force", CW_K_CLOSURE, idbuf,
					  c->json.s)) != 0)
			return rc;
	}
	out[X_ID] = idbuf;
	out[X_CREATED] = now;
	plan_audit_created(c->closures, id, close_cols, NX, out, &c->json);
	cw_batch_stored(b, out);
	out[X_ID] = out[X_CREATED] = NULL;
	return 0;
}

static int close_record(void *ctx, cw_batch *b, const cw_record *rec)
{
	struct closing *c = ctx;
	const char *v[NX], *src[NX], *out[NX] = {0}, *why;
	char date[11], fdate[11], caseid[32], msg[128];
	struct caseinfo ci = {0};
	struct outcome *o = NULL;
	size_t no = 0;
	int64_t case_id;
	cw_buf canon;
	cw_duration dur;
	cw_date d, fd;
	long pending[NW];
	int rc = 0;

#define HDR(i) store_fields_hdr(close_fields, src, (i))
	cw_buf_init(&canon);
	if (store_fields_map(b, rec, close_fields, NX, v, src))
		goto done;
	if (v[X_ID]) {
		rc = plan_known_record(c->db, c->get_closure, &c->dry, b, rec, close_fields,
				       NX, v, src, CW_K_CLOSURE, "closure",
				       close_canon);
		goto done;
	}
	if (v[X_CREATED]) {
		cw_batch_reject(b, rec, HDR(X_CREATED), "read-only; leave it empty "
				"for a new closure");
		goto done;
	}
	if ((rc = record_case(c, b, rec, HDR(X_CASE), v[X_CASE], &case_id, &ci)))
		goto done;
	if (!ci.open) {
		cw_batch_reject(b, rec, HDR(X_CASE), "already closed");
		goto done;
	}
	if (date_or_today(c, b, rec, HDR(X_DATE), v[X_DATE], &d))
		goto done;
	if (ci.has_intake && d < ci.intake) {
		cw_batch_reject(b, rec, HDR(X_DATE), "before the case's intake date");
		goto done;
	}
	if (ci.has_reopened && d < ci.reopened) {
		cw_batch_reject(b, rec, HDR(X_DATE), "before the case was last reopened");
		goto done;
	}
	if (!v[X_REASON]) {
		cw_batch_reject(b, rec, HDR(X_REASON), "required (why the case closes)");
		goto done;
	}
	if (v[X_OUTCOMES] &&
	    parse_outcomes(v[X_OUTCOMES], &o, &no, &canon, msg, sizeof msg)) {
		cw_batch_reject(b, rec, HDR(X_OUTCOMES), "%s", msg);
		goto done;
	}
	if ((rc = check_goals(c, b, rec, HDR(X_OUTCOMES), case_id, o, no)) != 0)
		goto done;
	if ((rc = check_open_work(c, b, rec, case_id, v[X_FORCE] != NULL,
				  pending)) != 0)
		goto done;
	if (v[X_FOLLOW]) {
		if (!cw_date_parse(v[X_FOLLOW], &fd, &why)) {
			if (fd <= d) {
				cw_batch_reject(b, rec, HDR(X_FOLLOW), "must be after the "
						"closure date");
				goto done;
			}
		} else if (!cw_duration_parse(v[X_FOLLOW], &dur, &why) && dur.n > 0) {
			if (cw_date_add(d, dur, &fd)) {
				cw_batch_reject(b, rec, HDR(X_FOLLOW), "falls after "
						"the year 9999");
				goto done;
			}
		} else {
			cw_batch_reject(b, rec, HDR(X_FOLLOW), "not a duration (such as "
					"3m) or a date after the closure date");
			goto done;
		}
		cw_date_format(fd, fdate);
		out[X_FOLLOW] = fdate;
	}
#undef HDR
	cw_date_format(d, date);
	cw_id_format(CW_K_CASE, case_id, caseid);
	out[X_CASE] = caseid;
	out[X_DATE] = date;
	out[X_REASON] = v[X_REASON];
	out[X_FORCE] = v[X_FORCE];
	out[X_OUTCOMES] = canon.len ? canon.s : NULL;
	if (c->dry_run) {
		flip(c, case_id);
		rc = plan_dry_keep(&c->dry, c->db, b, "closures", NX, out, X_CREATED);
	} else {
		rc = close_store(c, b, case_id, out, o, no, pending);
	}
done:
	outcomes_free(o, no);
	cw_buf_release(&canon);
	free(ci.worker);
	return rc;
}

/* ---- reopening a case ------------------------------------------------------- */

enum { O_CASE, O_DATE, O_REASON, O_CLOSURE, NO };

static const cw_fieldspec reopen_fields[NO] = {
	{"case_id", {"个案编号"}},
	{"reopened_date", {"date", "重开日期"}},
	{"reason", {"重开原因"}},
	{"closure_id", {NULL}},
};
static const cw_names reopen_names = CW_FIELDS_NAMES(reopen_fields, NO);

static const cw_col reopen_cols[NO] = {
	{"case_id", 0}, {"reopened_date", 0}, {"reason", 0}, {"closure_id", 0},
};

static const char *reopen_canon(size_t i, const char *given, cw_buf *scratch)
{
	switch (i) {
	case O_CASE: case O_CLOSURE:
		return plan_canon_id(given, scratch);
	case O_DATE:
		return plan_canon_date(given, scratch);
	default:
		return given;
	}
}

/* A record with closure_id: skipped when that closure's reopening is
 * stored as the record gives it. Returns 0 to go on (a closure not yet
 * reopened, the case's latest), CW_REJECTED when the record was skipped or
 * rejected, or an exit code. */
static int reopen_given(struct closing *c, cw_batch *b, const cw_record *rec,
			const char **v, const char **src, const char *caseid)
{
	/* case_id, reopened_date, reopen_reason, CX-n, and whether it is
	 * the case's latest closure */
	char *stored[NO + 1];
	enum cw_kind kind;
	int64_t num;
	int found, rc = CW_REJECTED;
	const char *hdr = store_fields_hdr(reopen_fields, src, O_CLOSURE);

	if (cw_id_parse(v[O_CLOSURE], &kind, &num) || kind != CW_K_CLOSURE) {
		cw_batch_reject(b, rec, hdr, "not a closure id (CX-n)");
		return CW_REJECTED;
	}
	/* A dry run's reopening of it first: the row as this batch left it. */
	if ((found = store_dryrows_get(&c->dry, num, stored)) < 0)
		return -found;
	if (!found && c->db && (found = plan_load_row(c->db, c->get_reopen, num,
						       NO + 1, stored)) < 0)
		return CW_EXIT_DB;
	if (!found) {
		cw_batch_reject(b, rec, hdr, "no such closure");
		return CW_REJECTED;
	}
	if (strcmp(stored[O_CASE], caseid))
		cw_batch_reject(b, rec, hdr, "a closure of another case");
	else if (stored[O_DATE])
		plan_same_as_stored(b, rec, reopen_fields, NO, v, src, stored,
				    reopen_canon, "reopening of", stored[O_CLOSURE]);
	else if (strcmp(stored[NO], "1"))
		cw_batch_reject(b, rec, hdr, "not the case's latest closure");
	else
		rc = 0;
	plan_row_free(stored, NO + 1);
	return rc;
}

/* plan (0: none), before and next: the case's plan, its next review as
 * stored and as it becomes (reopen_record). */
static int reopen_store(struct closing *c, int64_t case_id, int64_t closure,
			const char *closed, const char **out, int64_t plan,
			const char *before, const char *next)
{
	store_stmt *st;
	char now[21];
	int64_t *ids;
	size_t n, i;
	int rc;

	cw_utc_now(now);
	st = c->set_open;
	store_reset(st);
	store_bind_text(st, 1, now);
	store_bind_int(st, 2, case_id);
	if ((rc = step_done(c, st, "reopen a case")) != 0 ||
	    (rc = audit_change(c, "reopen", CW_K_CASE, case_id, "status", "closed",
			       "open", "closed_date", closed, NULL)) != 0)
		return rc;
	if (closure) {
		st = c->set_reopened;
		store_reset(st);
		store_bind_text(st, 1, out[O_DATE]);
		store_bind_text(st, 2, out[O_REASON]);
		store_bind_int(st, 3, closure);
		if ((rc = step_done(c, st, "record a reopening")) != 0 ||
		    (rc = audit_change(c, "update", CW_K_CLOSURE, closure,
				       "reopened_date", NULL, out[O_DATE],
				       "reopen_reason", NULL, out[O_REASON])) != 0)
			return rc;
	}
	/* The follow-up after closure is moot once the case is open again:
	 * done on the day of the reopening, so that it no longer shows as
	 * due; audited as sw-plan followups marks one done. */
	if ((rc = ids_of(c, c->open_followups, case_id, &ids, &n)) != 0)
		return rc;
	for (i = 0; i < n && !rc; i++) {
		st = c->done_followup;
		store_reset(st);
		store_bind_text(st, 1, now);
		store_bind_text(st, 2, out[O_DATE]);
		store_bind_int(st, 3, ids[i]);
		if ((rc = step_done(c, st, "mark a follow-up done")) != 0)
			break;
		rc = audit_change(c, "done", CW_K_FOLLOWUP, ids[i], "status", "open",
				  "done", "done_date", NULL, out[O_DATE]);
	}
	free(ids);
	if (rc)
		return rc;
	return plan ? set_next_review(c, plan, before, next, now) : 0;
}

static int reopen_record(void *ctx, cw_batch *b, const cw_record *rec)
{
	struct closing *c = ctx;
	const char *v[NO], *src[NO], *out[NO] = {0};
	char date[11], caseid[32], cxid[32], closed[11], next[11], *before = NULL;
	struct caseinfo ci = {0};
	int64_t case_id, closure = 0, plan = 0;
	cw_duration cycle;
	cw_date d, cd, nd;
	int has_cd, r, rc = 0;

#define HDR(i) store_fields_hdr(reopen_fields, src, (i))
	if (store_fields_map(b, rec, reopen_fields, NO, v, src))
		return 0;
	if ((rc = record_case(c, b, rec, HDR(O_CASE), v[O_CASE], &case_id, &ci)))
		goto done;
	cw_id_format(CW_K_CASE, case_id, caseid);
	if (v[O_CLOSURE] && (rc = reopen_given(c, b, rec, v, src, caseid)) != 0)
		goto done;
	if (ci.open) {
		cw_batch_reject(b, rec, HDR(O_CASE), "not closed (only a closed case "
				"can be reopened)");
		goto done;
	}
	/* The closure it undoes: the case's latest. */
	has_cd = ci.has_closed;
	cd = ci.closed;
	if (c->db) {
		store_reset(c->latest_closure);
		store_bind_int(c->latest_closure, 1, case_id);
		r = store_step(c->latest_closure);
		if (r == STORE_ROW) {
			closure = store_col_int(c->latest_closure, 0);
			if (column_date(c->latest_closure, 1, &cd))
				has_cd = 1;
		} else if (r != STORE_DONE) {
			rc = store_fail(c->db, "read closures");
		}
		store_reset(c->latest_closure);
		if (rc)
			goto done;
	}
	if (date_or_today(c, b, rec, HDR(O_DATE), v[O_DATE], &d))
		goto done;
	if (has_cd && d < cd) {
		cw_batch_reject(b, rec, HDR(O_DATE), "before the closure date");
		goto done;
	}
	if (!v[O_REASON]) {
		cw_batch_reject(b, rec, HDR(O_REASON), "required (why the case reopens)");
		goto done;
	}
	/* The plan is reviewed again one cycle after the reopening (closing
	 * cleared its next review). */
	if ((rc = plan_of(c, case_id, &plan, &cycle, &before)) != 0)
		goto done;
	if (plan && cw_date_add(d, cycle, &nd)) {
		cw_batch_reject(b, rec, HDR(O_DATE), "the next review, one review "
				"cycle later, would fall after the year 9999");
		goto done;
	}
	if (plan)
		cw_date_format(nd, next);
#undef HDR
	cw_date_format(d, date);
	if (ci.has_closed)
		cw_date_format(ci.closed, closed);
	out[O_CASE] = caseid;
	out[O_DATE] = date;
	out[O_REASON] = v[O_REASON];
	if (closure) {
		cw_id_format(CW_K_CLOSURE, closure, cxid);
		out[O_CLOSURE] = cxid;
	}
	if (c->dry_run) {
		const char *row[NO + 1];
		flip(c, case_id);
		/* The closure as reopened, still the case's latest. */
		memcpy(row, out, sizeof out);
		row[NO] = "1";
		if (closure && ((rc = store_dryrows_ready(&c->dry, NULL, "closures",
							  NO + 1)) != 0 ||
				(rc = store_dryrows_set(&c->dry, closure, row)) != 0))
			goto done;
	} else if ((rc = reopen_store(c, case_id, closure, ci.has_closed ? closed : NULL,
				     out, plan, before, next)) != 0)
		goto done;
	cw_batch_stored(b, out);
done:
	free(before);
	free(ci.worker);
	return rc;
}

/* ---- running a batch -------------------------------------------------------- */

static int closing_finish(void *ctx, cw_batch *b)
{
	struct closing *c = ctx;
	(void)b;
	if (cw_audit_ids_write(c->db, c->reviews, "insert") ||
	    cw_audit_ids_write(c->db, c->closures, "insert"))
		return CW_EXIT_DB;
	return cw_audit_ids_write(c->db, c->followups, "insert") ? CW_EXIT_DB : 0;
}

enum verb { V_REVIEW, V_CLOSE, V_REOPEN };

static int prepare(struct closing *c)
{
	struct { store_stmt **st; int write; const char *sql; } q[] = {
		{&c->case_info, 0, "SELECT k.worker, k.intake_date, k.closed_date,"
		 " (SELECT max(x.reopened_date) FROM closures x WHERE x.case_id = k.id)"
		 " FROM cases k WHERE k.id = ?"},
		{&c->get_review, 0, "SELECT 'RV-' || id, 'CA-' || case_id, date, worker,"
		 " note, next_review, created_at FROM reviews WHERE id = ?"},
		{&c->plan_of, 0, "SELECT id, review_cycle, next_review FROM plans"
		 " WHERE case_id = ?"},
		{&c->get_closure, 0, "SELECT 'CX-' || x.id, 'CA-' || x.case_id,"
		 " x.closed_date, x.reason, x.forced_reason, x.outcomes,"
		 " (SELECT f.due_date FROM followups f WHERE f.case_id = x.case_id"
		 "  AND f.kind = 'post_closure' AND f.batch_id = x.batch_id"
		 "  ORDER BY f.id LIMIT 1), x.created_at FROM closures x WHERE x.id = ?"},
		{&c->goal_get, 0, "SELECT case_id, status FROM goals WHERE id = ?"},
		{&c->goals_open, 0, "SELECT id FROM goals WHERE case_id = ? AND status"
		 " NOT IN ('achieved','partly_achieved','not_achieved') ORDER BY id"},
		{&c->open_tasks, 0, "SELECT count(*) FROM tasks WHERE case_id = ?"
		 " AND status = 'open'"},
		{&c->get_reopen, 0, "SELECT 'CA-' || x.case_id, x.reopened_date,"
		 " x.reopen_reason, 'CX-' || x.id, (SELECT max(y.id) FROM closures y"
		 " WHERE y.case_id = x.case_id) = x.id FROM closures x WHERE x.id = ?"},
		{&c->latest_closure, 0, "SELECT id, closed_date FROM closures"
		 " WHERE case_id = ? ORDER BY id DESC LIMIT 1"},
		{&c->later_review, 1, "SELECT EXISTS (SELECT 1 FROM reviews"
		 " WHERE case_id = ? AND date > ?)"},
		{&c->ins_review, 1, "INSERT INTO reviews (case_id, date, worker, note,"
		 " next_review, created_at, batch_id, current)"
		 " VALUES (?,?,?,?,?,?,?,?)"},
		{&c->supersede, 1, "UPDATE reviews SET current = 0 WHERE case_id = ?"
		 " AND id <> ? AND current = 1"},
		{&c->set_next_review, 1, "UPDATE plans SET next_review = ?,"
		 " updated_at = ? WHERE id = ?"},
		{&c->set_closed, 1, "UPDATE cases SET status = 'closed', closed_date = ?,"
		 " updated_at = ? WHERE id = ?"},
		{&c->set_goal, 1, "UPDATE goals SET status = ?, updated_at = ?"
		 " WHERE id = ?"},
		{&c->ins_closure, 1, "INSERT INTO closures (case_id, closed_date, reason,"
		 " forced_reason, outcomes, created_at, batch_id)"
		 " VALUES (?,?,?,?,?,?,?)"},
		{&c->ins_followup, 1, "INSERT INTO followups (case_id, kind, due_date,"
		 " status, created_at, batch_id) VALUES (?, 'post_closure', ?, 'open',"
		 " ?, ?)"},
		{&c->set_open, 1, "UPDATE cases SET status = 'open', closed_date = NULL,"
		 " updated_at = ? WHERE id = ?"},
		{&c->set_reopened, 1, "UPDATE closures SET reopened_date = ?,"
		 " reopen_reason = ? WHERE id = ?"},
		{&c->open_followups, 1, "SELECT id FROM followups WHERE case_id = ?"
		 " AND kind = 'post_closure' AND status = 'open' ORDER BY id"},
		{&c->done_followup, 1, "UPDATE followups SET status = 'done',"
		 " done_at = ?, done_date = ? WHERE id = ?"},
		{&c->open_crisis, 0, "SELECT count(*) FROM followups WHERE case_id = ?"
		 " AND kind = 'crisis' AND status = 'open'"},
		{&c->open_scheduled, 1, "SELECT id FROM followups WHERE case_id = ?"
		 " AND kind IN ('crisis','reassessment') AND status = 'open'"
		 " ORDER BY id"},
		{&c->cancel_followup, 1, "UPDATE followups SET status = 'cancelled'"
		 " WHERE id = ? AND status = 'open'"},
	};
	size_t i;

	if (!c->db)
		return 0;
	for (i = 0; i < sizeof q / sizeof q[0]; i++)
		if ((!q[i].write || !c->dry_run) && !(*q[i].st = store_prepare(c->db, q[i].sql)))
			return CW_EXIT_DB;
	return 0;
}

static void release(struct closing *c)
{
	store_stmt *all[] = {
		c->roster, c->case_info, c->get_review, c->plan_of, c->later_review,
		c->ins_review, c->set_next_review, c->get_closure, c->goal_get,
		c->goals_open, c->open_tasks, c->set_closed, c->set_goal,
		c->ins_closure, c->ins_followup, c->get_reopen, c->latest_closure,
		c->set_open, c->set_reopened, c->open_followups, c->done_followup,
		c->open_crisis, c->open_scheduled, c->cancel_followup, c->supersede,
	};
	size_t i;
	for (i = 0; i < sizeof all / sizeof all[0]; i++)
		store_finalize(all[i]);
	cw_db_free(c->db);
	cw_audit_ids_free(c->reviews);
	cw_audit_ids_free(c->closures);
	cw_audit_ids_free(c->followups);
	cw_buf_release(&c->json);
	free(c->flipped);
	store_dryrows_release(&c->dry);
}

static int run(const cw_batch_opts *o, const char *db_path,
	       const cw_config *cfg, char **files, size_t nfiles, enum verb verb)
{
	struct closing c;
	int rc, exists = cw_db_exists(db_path);

	memset(&c, 0, sizeof c);
	c.dry_run = o->dry_run;
	c.today = cw_date_today();
	c.cycle = cfg->review_cycle;
	c.reviews = cw_audit_ids_new(CW_K_REVIEW);
	c.closures = cw_audit_ids_new(CW_K_CLOSURE);
	c.followups = cw_audit_ids_new(CW_K_FOLLOWUP);
	cw_buf_init(&c.json);
	/* The records name stored cases: a database that does not exist is
	 * refused, never created; a dry run then checks without one. */
	rc = cw_batch_check_inputs(o, files, nfiles);
	if (!rc && (!o->dry_run || exists))
		rc = cw_db_open(&c.db, db_path, o->dry_run || !exists ? CW_DB_READ
				: CW_DB_WRITE, cfg);
	if (!rc)
		rc = prepare(&c);
	if (!rc) {
		if (verb == V_REVIEW)
			rc = cw_batch_run(o, c.db, files, nfiles, review_cols, NR,
					  &review_names, review_record,
					  closing_finish, &c);
		else if (verb == V_CLOSE)
			rc = cw_batch_run(o, c.db, files, nfiles, close_cols, NX,
					  &close_names, close_record,
					  closing_finish, &c);
		else
			rc = cw_batch_run(o, c.db, files, nfiles, reopen_cols, NO,
					  &reopen_names, reopen_record,
					  closing_finish, &c);
	}
	release(&c);
	return rc;
}

int plan_reviews(const cw_batch_opts *o, const char *db_path,
		    const cw_config *cfg, char **files, size_t nfiles)
{
	return run(o, db_path, cfg, files, nfiles, V_REVIEW);
}

int plan_close(const cw_batch_opts *o, const char *db_path,
		  const cw_config *cfg, char **files, size_t nfiles)
{
	return run(o, db_path, cfg, files, nfiles, V_CLOSE);
}

int plan_reopen(const cw_batch_opts *o, const char *db_path,
		   const cw_config *cfg, char **files, size_t nfiles)
{
	return run(o, db_path, cfg, files, nfiles, V_REOPEN);
}
