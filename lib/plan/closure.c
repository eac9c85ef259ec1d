/* plan/closure.c - closing cases (结案, sw-plan close): a reason and each
 * goal's outcome; refused while work stands open unless forced. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>
#include "plan/plan.h"

enum {
	X_ID, X_CASE, X_DATE, X_REASON, X_FORCE, X_OUTCOMES, X_FOLLOW, X_CREATED,
	X_KIND, NX
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
	{"reason_kind", {"closure_kind", "结案类型"}},
};
static const cw_names close_names = CW_FIELDS_NAMES(close_fields, NX);

static const cw_col close_cols[NX] = {
	{"closure_id", 0}, {"case_id", 0}, {"closed_date", 0}, {"reason", 0},
	{"forced_reason", 0}, {"outcomes", 0}, {"follow_up_due", 0},
	{"created_at", 0}, {"reason_kind", 0},
};

/* ---- the outcomes of goals -------------------------------------------------- */

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
	case X_KIND:
		return store_vocab_canon(&store_vocab_closure_kind, given);
	default:
		return given;
	}
}

/* Checks the outcomes against the case's goals: each goal listed is the
 * case's (its status now kept in before), and every goal not finished
 * yet has one. 0, CW_REJECTED or an exit code. */
static int check_goals(struct plan_closing *c, cw_batch *b, const cw_record *rec,
		       const char *hdr, int64_t case_id, struct outcome *o,
		       size_t n)
{
	plan_goal_ref g;
	int64_t *open;
	char idbuf[32];
	size_t i, j, nopen;
	int r, rc = 0;

	if (!c->db)
		return 0;
	for (i = 0; i < n && !rc; i++) {
		memset(&g, 0, sizeof g);
		g.id = o[i].goal;
		cw_id_format(CW_K_GOAL, o[i].goal, idbuf);
		if ((r = plan_db_goal_ref(c->db, &g)) < 0) {
			rc = -r;
		} else if (!r) {
			cw_batch_reject(b, rec, hdr, "%s: no such goal", idbuf);
			rc = CW_REJECTED;
		} else if (g.case_id != case_id) {
			cw_batch_reject(b, rec, hdr, "%s is a goal of another case", idbuf);
			rc = CW_REJECTED;
		} else {
			o[i].before = g.status;
			g.status = NULL;
		}
		free(g.status);
	}
	if (rc)
		return rc;
	if ((rc = plan_db_case_goals_unfinished(c->db, case_id, &open, &nopen)) != 0)
		return rc;
	for (j = 0; j < nopen && !rc; j++) {
		for (i = 0; i < n && o[i].goal != open[j]; i++)
			;
		if (i == n) {
			cw_id_format(CW_K_GOAL, open[j], idbuf);
			cw_batch_reject(b, rec, hdr, "%s needs an outcome (achieved, "
					"partly_achieved or not_achieved)", idbuf);
			rc = CW_REJECTED;
		}
	}
	free(open);
	return rc;
}

/* ---- the work a closure waits for ------------------------------------------- */

/* The work that holds a closure back unless it is forced, in the order
 * of plan_db_case_open_work. */
enum { W_TASKS, W_REFERRALS, W_CRISIS, NW };

/* What stands open in the case: 0 when nothing or when forced,
 * CW_REJECTED after rejecting the record, or an exit code. pending[] set:
 * the open tasks, referrals and crisis follow-ups. */
static int check_open_work(struct plan_closing *c, cw_batch *b,
			   const cw_record *rec, int64_t case_id, int forced,
			   long pending[NW])
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
	if (plan_db_case_open_work(c->db, case_id, pending))
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

/* ---- storing a closure -------------------------------------------------------- */

/* On closure the case's open crisis follow-ups and re-assessments are
 * moot: cancelled, each audited (action cancel) with the closure. */
static int cancel_scheduled(struct plan_closing *c, int64_t case_id,
			    const char *closure)
{
	int64_t *ids;
	char fubuf[32];
	size_t n, i;
	int rc;

	if ((rc = plan_db_followups_scheduled(c->db, case_id, &ids, &n)) != 0)
		return rc;
	for (i = 0; i < n && !rc; i++) {
		if ((rc = plan_db_followup_cancel(c->db, ids[i])) != 0)
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

/* The follow-up after closure the record asks for, on due: scheduled,
 * and audited with the batch's new follow-ups. */
static int follow_up(struct plan_closing *c, int64_t case_id,
		     const char *caseid, const char *due, const char *now)
{
	char fubuf[32];
	int64_t fu;
	int rc;

	if ((rc = plan_db_followup_after_closure(c->db, case_id, due, now, &fu)) != 0)
		return rc;
	cw_id_format(CW_K_FOLLOWUP, fu, fubuf);
	cw_buf_reset(&c->json);
	cw_buf_addch(&c->json, '{');
	cw_json_kv(&c->json, "followup_id", fubuf);
	cw_json_kv(&c->json, "case_id", caseid);
	cw_json_kv(&c->json, "kind", "post_closure");
	cw_json_kv(&c->json, "due_date", due);
	cw_buf_addch(&c->json, '}');
	cw_audit_ids_add(c->followups, fu, c->json.s, c->json.len);
	return 0;
}

static int close_store(struct plan_closing *c, cw_batch *b, int64_t case_id,
		       const char **out, const struct outcome *o, size_t n,
		       const long pending[NW])
{
	char now[21], idbuf[32], *next = NULL;
	int64_t id, plan;
	cw_duration cycle;
	size_t i;
	int rc;

	cw_utc_now(now);
	if ((rc = plan_db_case_close(c->db, case_id, out[X_DATE], now)) != 0 ||
	    (rc = plan_closing_audit(c, "close", CW_K_CASE, case_id, "status",
				     "open", "closed", "closed_date", NULL,
				     out[X_DATE])) != 0)
		return rc;
	for (i = 0; i < n; i++) {
		if (o[i].before && !strcmp(o[i].before, o[i].status))
			continue;
		if ((rc = plan_db_goal_status_set(c->db, o[i].goal, o[i].status,
						  now)) != 0 ||
		    (rc = plan_closing_audit(c, "update", CW_K_GOAL, o[i].goal,
					     "status", o[i].before, o[i].status,
					     NULL, NULL, NULL)) != 0)
			return rc;
	}
	if ((rc = plan_db_closure_insert(c->db, case_id, out[X_DATE], out[X_KIND],
					 out[X_REASON], out[X_FORCE],
					 out[X_OUTCOMES], now, &id)) != 0)
		return rc;
	cw_id_format(CW_K_CLOSURE, id, idbuf);
	/* Nothing of a closed case is due but its follow-up after closure
	 * and its referrals: what sw-assess scheduled is cancelled, and the
	 * plan has no next review until the case is reopened. */
	if ((rc = cancel_scheduled(c, case_id, idbuf)) != 0)
		return rc;
	if ((rc = plan_closing_plan(c, case_id, &plan, &cycle, &next)) == 0 && plan)
		rc = plan_closing_next_review(c, plan, next, NULL, now);
	free(next);
	if (rc)
		return rc;
	if (out[X_FOLLOW] &&
	    (rc = follow_up(c, case_id, out[X_CASE], out[X_FOLLOW], now)) != 0)
		return rc;
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
	store_audit_created(c->closures, id, close_cols, NX, out, &c->json);
	cw_batch_stored(b, out);
	out[X_ID] = out[X_CREATED] = NULL;
	return 0;
}

/* ---- a record --------------------------------------------------------------- */

/* The follow-up after closure on the date given, or a duration after
 * the closure date d, into fdate (11 bytes): 0, or CW_REJECTED after
 * rejecting the record. */
static int follow_up_date(cw_batch *b, const cw_record *rec, const char *hdr,
			  const char *given, cw_date d, char *fdate)
{
	cw_duration dur;
	const char *why;
	cw_date fd;

	if (!cw_date_parse(given, &fd, &why)) {
		if (fd <= d) {
			cw_batch_reject(b, rec, hdr, "must be after the closure date");
			return CW_REJECTED;
		}
	} else if (!cw_duration_parse(given, &dur, &why) && dur.n > 0) {
		if (cw_date_add(d, dur, &fd)) {
			cw_batch_reject(b, rec, hdr, "falls after the year 9999");
			return CW_REJECTED;
		}
	} else {
		cw_batch_reject(b, rec, hdr, "not a duration (such as 3m) or a date "
				"after the closure date");
		return CW_REJECTED;
	}
	cw_date_format(fd, fdate);
	return 0;
}

static int close_record(void *ctx, cw_batch *b, const cw_record *rec)
{
	struct plan_closing *c = ctx;
	const char *v[NX], *src[NX], *out[NX] = {0};
	char date[11], fdate[11], caseid[32], msg[128];
	struct plan_caseinfo ci = {0};
	struct outcome *o = NULL;
	const char *kind;
	store_stmt *row = NULL;
	size_t no = 0;
	int64_t case_id;
	cw_buf canon;
	cw_date d;
	long pending[NW];
	int rc = 0;

#define HDR(i) store_fields_hdr(close_fields, src, (i))
	cw_buf_init(&canon);
	if (store_fields_map(b, rec, close_fields, NX, v, src))
		goto done;
	if (v[X_ID]) {
		if (c->db && !(row = plan_db_closure_row(c->db)))
			rc = CW_EXIT_DB;
		else
			rc = plan_known_record(c->db, row, &c->dry, b, rec,
					       close_fields, NX, v, src,
					       CW_K_CLOSURE, "closure", close_canon);
		goto done;
	}
	if (v[X_CREATED]) {
		cw_batch_reject(b, rec, HDR(X_CREATED), "read-only; leave it empty "
				"for a new closure");
		goto done;
	}
	if ((rc = plan_closing_case(c, b, rec, HDR(X_CASE), v[X_CASE], &case_id, &ci)))
		goto done;
	if (!ci.open) {
		cw_batch_reject(b, rec, HDR(X_CASE), "already closed");
		goto done;
	}
	if (plan_closing_date(c, b, rec, HDR(X_DATE), v[X_DATE], &d))
		goto done;
	if (ci.f.has_intake && d < ci.f.intake) {
		cw_batch_reject(b, rec, HDR(X_DATE), "before the case's intake date");
		goto done;
	}
	if (ci.f.has_reopened && d < ci.f.reopened) {
		cw_batch_reject(b, rec, HDR(X_DATE), "before the case was last reopened");
		goto done;
	}
	if (!v[X_KIND]) {
		cw_batch_reject(b, rec, HDR(X_KIND), "required (goals_achieved, "
				"client_withdrew, moved_away, referred_on, "
				"unreachable, died or other)");
		goto done;
	}
	if (!(kind = store_vocab_canon(&store_vocab_closure_kind, v[X_KIND]))) {
		cw_batch_reject(b, rec, HDR(X_KIND), "not one of goals_achieved, "
				"client_withdrew, moved_away, referred_on, "
				"unreachable, died, other (目标达成, 服务对象退出, "
				"迁出, 转介他处, 失去联系, 离世, 其他)");
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
	if ((rc = check_goals(c, b, rec, HDR(X_OUTCOMES), case_id, o, no)) != 0 ||
	    (rc = check_open_work(c, b, rec, case_id, v[X_FORCE] != NULL,
				  pending)) != 0)
		goto done;
	if (v[X_FOLLOW]) {
		if (follow_up_date(b, rec, HDR(X_FOLLOW), v[X_FOLLOW], d, fdate))
			goto done;
		out[X_FOLLOW] = fdate;
	}
#undef HDR
	cw_date_format(d, date);
	cw_id_format(CW_K_CASE, case_id, caseid);
	out[X_CASE] = caseid;
	out[X_DATE] = date;
	out[X_REASON] = v[X_REASON];
	out[X_KIND] = kind;
	out[X_FORCE] = v[X_FORCE];
	out[X_OUTCOMES] = canon.len ? canon.s : NULL;
	if (c->dry_run) {
		plan_closing_flip(c, case_id);
		rc = plan_dry_keep(&c->dry, c->db, b, "closures", NX, out, X_CREATED);
	} else {
		rc = close_store(c, b, case_id, out, o, no, pending);
	}
done:
	outcomes_free(o, no);
	cw_buf_release(&canon);
	free(ci.f.worker);
	return rc;
}

int plan_close(const cw_ctx *x, const cw_batch_opts *o, char **files,
	       size_t nfiles)
{
	return plan_closing_run(x, o, files, nfiles, close_cols, NX,
				&close_names, close_record);
}
