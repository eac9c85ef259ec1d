/* plan/reopen.c - reopening closed cases (sw-plan reopen): the latest
 * closure is undone, the follow-up after closure done, the plan reviewed
 * again one cycle on. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>
#include "plan/plan.h"

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
static int reopen_given(struct plan_closing *c, cw_batch *b, const cw_record *rec,
			const char **v, const char **src, const char *caseid)
{
	/* case_id, reopened_date, reopen_reason, CX-n, and whether it is
	 * the case's latest closure */
	char *stored[NO + 1];
	store_stmt *row;
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
	if (!found && c->db &&
	    (!(row = plan_db_reopening_row(c->db)) ||
	     (found = plan_load_row(c->db, row, num, NO + 1, stored)) < 0))
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
static int reopen_store(struct plan_closing *c, int64_t case_id, int64_t closure,
			const char *closed, const char **out, int64_t plan,
			const char *before, const char *next)
{
	char now[21];
	int64_t *ids;
	size_t n, i;
	int rc;

	cw_utc_now(now);
	if ((rc = plan_db_case_reopen(c->db, case_id, now)) != 0 ||
	    (rc = plan_closing_audit(c, "reopen", CW_K_CASE, case_id, "status",
				     "closed", "open", "closed_date", closed,
				     NULL)) != 0)
		return rc;
	if (closure &&
	    ((rc = plan_db_closure_reopened(c->db, closure, out[O_DATE],
					    out[O_REASON])) != 0 ||
	     (rc = plan_closing_audit(c, "update", CW_K_CLOSURE, closure,
				      "reopened_date", NULL, out[O_DATE],
				      "reopen_reason", NULL, out[O_REASON])) != 0))
		return rc;
	/* The follow-up after closure is moot once the case is open again:
	 * done on the day of the reopening, so that it no longer shows as
	 * due; audited as sw-plan followups marks one done. */
	if ((rc = plan_db_followups_after_closure(c->db, case_id, &ids, &n)) != 0)
		return rc;
	for (i = 0; i < n && !rc; i++) {
		if ((rc = plan_db_followup_reopened_done(c->db, ids[i], now, out[O_DATE])) != 0)
			break;
		rc = plan_closing_audit(c, "done", CW_K_FOLLOWUP, ids[i], "status",
					"open", "done", "done_date", NULL,
					out[O_DATE]);
	}
	free(ids);
	if (rc)
		return rc;
	return plan ? plan_closing_next_review(c, plan, before, next, now) : 0;
}

static int reopen_record(void *ctx, cw_batch *b, const cw_record *rec)
{
	struct plan_closing *c = ctx;
	const char *v[NO], *src[NO], *out[NO] = {0};
	char date[11], caseid[32], cxid[32], closed[11], next[11], *before = NULL;
	struct plan_caseinfo ci = {0};
	int64_t case_id, closure = 0, plan = 0;
	cw_duration cycle;
	cw_date d, cd, nd;
	int has_cd, rc = 0;

#define HDR(i) store_fields_hdr(reopen_fields, src, (i))
	if (store_fields_map(b, rec, reopen_fields, NO, v, src))
		return 0;
	if ((rc = plan_closing_case(c, b, rec, HDR(O_CASE), v[O_CASE], &case_id, &ci)))
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
	has_cd = ci.f.has_closed;
	cd = ci.f.closed;
	if (c->db) {
		int has;
		cw_date latest;
		if ((rc = plan_db_closure_latest(c->db, case_id, &closure, &has,
						 &latest)) != 0)
			goto done;
		if (has) {
			has_cd = 1;
			cd = latest;
		}
	}
	if (plan_closing_date(c, b, rec, HDR(O_DATE), v[O_DATE], &d))
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
	if ((rc = plan_closing_plan(c, case_id, &plan, &cycle, &before)) != 0)
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
	if (ci.f.has_closed)
		cw_date_format(ci.f.closed, closed);
	out[O_CASE] = caseid;
	out[O_DATE] = date;
	out[O_REASON] = v[O_REASON];
	if (closure) {
		cw_id_format(CW_K_CLOSURE, closure, cxid);
		out[O_CLOSURE] = cxid;
	}
	if (c->dry_run) {
		const char *row[NO + 1];
		plan_closing_flip(c, case_id);
		/* The closure as reopened, still the case's latest. */
		memcpy(row, out, sizeof out);
		row[NO] = "1";
		if (closure && ((rc = store_dryrows_ready(&c->dry, NULL, "closures",
							  NO + 1)) != 0 ||
				(rc = store_dryrows_set(&c->dry, closure, row)) != 0))
			goto done;
	} else if ((rc = reopen_store(c, case_id, closure,
				      ci.f.has_closed ? closed : NULL, out, plan,
				      before, next)) != 0) {
		goto done;
	}
	cw_batch_stored(b, out);
done:
	free(before);
	free(ci.f.worker);
	return rc;
}

int plan_reopen(const cw_ctx *x, const cw_batch_opts *o, char **files,
		size_t nfiles)
{
	return plan_closing_run(x, o, files, nfiles, reopen_cols, NO,
				&reopen_names, reopen_record);
}
