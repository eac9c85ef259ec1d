/* plan/review.c - plan reviews (sw-plan review): each sets its plan's
 * next review date, given or one review cycle on. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include "plan/plan.h"

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

static int review_store(struct plan_closing *c, cw_batch *b, int64_t case_id,
			const char **out)
{
	int64_t id, plan;
	cw_duration cycle;
	char *before = NULL, now[21], idbuf[32];
	int current, rc;

	cw_utc_now(now);
	/* Only the case's current review (its latest) can be due. */
	if ((rc = plan_db_review_insert(c->db, case_id, out[R_DATE], out[R_WORKER],
					out[R_NOTE], out[R_NEXT], now, &id,
					&current)) != 0)
		return rc;
	cw_id_format(CW_K_REVIEW, id, idbuf);
	out[R_ID] = idbuf;
	out[R_CREATED] = now;
	store_audit_created(c->reviews, id, review_cols, NR, out, &c->json);
	/* The plan's next review follows its latest review. */
	if (current && !(rc = plan_closing_plan(c, case_id, &plan, &cycle, &before)) &&
	    plan)
		rc = plan_closing_next_review(c, plan, before, out[R_NEXT], now);
	free(before);
	if (!rc)
		cw_batch_stored(b, out);
	out[R_ID] = out[R_CREATED] = NULL;
	return rc;
}

static int review_record(void *ctx, cw_batch *b, const cw_record *rec)
{
	struct plan_closing *c = ctx;
	const char *v[NR], *src[NR], *out[NR] = {0};
	char date[11], next[11], caseid[32], *planned = NULL;
	struct plan_caseinfo ci = {0};
	int64_t case_id, plan;
	store_stmt *row = NULL;
	cw_duration cycle;
	cw_date d, nd;
	int rc = 0;

#define HDR(i) store_fields_hdr(review_fields, src, (i))
	if (store_fields_map(b, rec, review_fields, NR, v, src))
		return 0;
	if (v[R_ID]) {
		if (c->db && !(row = plan_db_review_row(c->db)))
			return CW_EXIT_DB;
		return plan_known_record(c->db, row, &c->dry, b, rec,
					 review_fields, NR, v, src, CW_K_REVIEW,
					 "review", review_canon);
	}
	if (v[R_CREATED]) {
		cw_batch_reject(b, rec, HDR(R_CREATED), "read-only; leave it empty "
				"for a new review");
		return 0;
	}
	if ((rc = plan_closing_case(c, b, rec, HDR(R_CASE), v[R_CASE], &case_id, &ci)))
		goto done;
	if (!ci.open) {
		cw_batch_reject(b, rec, HDR(R_CASE), "the case is closed (reopen it "
				"first)");
		goto done;
	}
	if (plan_closing_date(c, b, rec, HDR(R_DATE), v[R_DATE], &d))
		goto done;
	if (v[R_WORKER]) {
		int ok = intake_roster_allows(c->db, v[R_WORKER]);
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
		if ((rc = plan_closing_plan(c, case_id, &plan, &cycle, &planned)) != 0)
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
	out[R_WORKER] = v[R_WORKER] ? v[R_WORKER] : ci.f.worker;
	out[R_NOTE] = v[R_NOTE];
	out[R_NEXT] = next;
	if (c->dry_run)
		rc = plan_dry_keep(&c->dry, c->db, b, "reviews", NR, out, R_CREATED);
	else
		rc = review_store(c, b, case_id, out);
done:
	free(planned);
	free(ci.f.worker);
	return rc;
}

int plan_reviews(const cw_ctx *x, const cw_batch_opts *o, char **files,
		 size_t nfiles)
{
	return plan_closing_run(x, o, files, nfiles, review_cols, NR,
				&review_names, review_record);
}
