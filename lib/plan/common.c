/* plan/common.c - lookups every sw-plan verb shares. */
#include <string.h>
#include "plan/plan.h"

int plan_case(cw_db *db, cw_batch *b, const cw_record *rec, const char *src,
	      const char *text, int64_t *case_id, int *open)
{
	enum cw_kind kind;
	store_stmt *st;
	int r;

	*open = 1;
	if (cw_id_parse(text, &kind, case_id) || kind != CW_K_CASE) {
		cw_batch_reject(b, rec, src, "not a case id (CA-n)");
		return CW_REJECTED;
	}
	if (!db)
		return 0;
	st = store_prepare(db, "SELECT status = 'open' FROM cases WHERE id = ?");
	if (!st)
		return CW_EXIT_DB;
	store_bind_int(st, 1, *case_id);
	r = store_step(st);
	if (r == STORE_ROW)
		*open = store_col_int(st, 0);
	store_finalize(st);
	if (r == STORE_DONE) {
		cw_batch_reject(b, rec, src, "no such case");
		return CW_REJECTED;
	}
	return r == STORE_ROW ? 0 : store_fail(db, "look up a case");
}

int plan_date(cw_batch *b, const cw_record *rec, const char *src,
	      const char *text, cw_date today, int future, cw_date *out)
{
	const char *why;
	if (cw_date_parse(text, out, &why)) {
		cw_batch_reject(b, rec, src, "%s", why);
		return CW_REJECTED;
	}
	if (!future && *out > today) {
		cw_batch_reject(b, rec, src, "is in the future");
		return CW_REJECTED;
	}
	return 0;
}

void plan_audit_created(cw_audit_ids *a, int64_t id, const cw_col *cols,
			size_t n, const char *const *v, cw_buf *scratch)
{
	cw_buf_reset(scratch);
	cw_json_record(scratch, cols, n, v);
	cw_audit_ids_add(a, id, scratch->s, scratch->len);
}
