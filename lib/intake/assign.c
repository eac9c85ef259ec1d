/* intake/assign.c - a case's assignments (HO-n, casework.7): each case
 * keeps who held it from which day to which. A new case with a worker
 * begins one from its intake date (sw-intake add, row by row and on the
 * bulk path alike); a change of the case's worker (sw-intake update)
 * ends the current one on the day of the handover and begins the next,
 * each write audited; sw-intake assignments lists them. A case without
 * a worker has no assignment until one is given. */
#include <stdlib.h>
#include <string.h>
#include "intake/intake.h"

const cw_col intake_assign_cols[INTAKE_ASSIGN_COLS] = {
	{"assignment_id", 0}, {"case_id", 0}, {"worker", 0},
	{"from_date", 0}, {"to_date", 0}, {"reason", 0},
};

/* The insert entry of the assignments st (its first column the id, then
 * the record's) gives, one by one. 0 or CW_EXIT_DB. */
static int audit_inserted(cw_db *db, store_stmt *st)
{
	cw_audit_ids *a = cw_audit_ids_new(CW_K_ASSIGNMENT);
	const char *v[INTAKE_ASSIGN_COLS];
	cw_buf json;
	int r, i, rc;

	cw_buf_init(&json);
	while ((r = store_step(st)) == STORE_ROW) {
		for (i = 0; i < INTAKE_ASSIGN_COLS; i++)
			v[i] = store_col_text(st, i + 1);
		store_audit_created(a, store_col_int(st, 0), intake_assign_cols,
				    INTAKE_ASSIGN_COLS, v, &json);
	}
	rc = r == STORE_DONE ? 0 : store_fail(db, "read the assignments");
	if (!rc && cw_audit_ids_write(db, a, "insert"))
		rc = CW_EXIT_DB;
	cw_audit_ids_free(a);
	cw_buf_release(&json);
	return rc;
}

int intake_assign_new_cases(cw_db *db, int64_t batch)
{
	store_stmt *st;
	int rc;

	if (!db || (rc = intake_db_assign_begin(db, batch)) != 0)
		return db ? rc : 0;
	if (!(st = intake_db_assign_of_batch(db, batch)))
		return CW_EXIT_DB;
	rc = audit_inserted(db, st);
	store_finalize(st);
	return rc;
}

/* The update entry of a field of assignment id set from before to
 * after. */
static int audit_change(cw_db *db, int64_t id, const char *field,
			const char *before, const char *after)
{
	char idbuf[32];
	cw_buf d;
	int rc;

	cw_buf_init(&d);
	cw_buf_addstr(&d, "{\"before\":{");
	cw_json_kv(&d, field, before);
	cw_buf_addstr(&d, "},\"after\":{");
	cw_json_kv(&d, field, after);
	cw_buf_addstr(&d, "}}");
	cw_id_format(CW_K_ASSIGNMENT, id, idbuf);
	rc = cw_audit_append(db, "update", CW_K_ASSIGNMENT, idbuf, d.s);
	cw_buf_release(&d);
	return rc;
}

int intake_assign_handover(cw_db *db, int64_t case_id, const char *worker,
			   const char *date, const char *reason,
			   const char *now, int64_t batch)
{
	int64_t cur, id;
	char *from = NULL;
	store_stmt *st;
	int r, rc = 0;

	if ((r = intake_db_assign_current(db, case_id, &cur, &from)) < 0)
		return CW_EXIT_DB;
	free(from);
	if (r && ((rc = intake_db_assign_end(db, cur, date)) != 0 ||
		  (rc = audit_change(db, cur, "to_date", NULL, date)) != 0))
		return rc;
	if (!worker)
		return 0;
	if ((rc = intake_db_assign_insert(db, case_id, worker, date, reason, now,
					  batch, &id)) != 0)
		return rc;
	if (!(st = intake_db_assign_one(db, id)))
		return CW_EXIT_DB;
	rc = audit_inserted(db, st);
	store_finalize(st);
	return rc;
}

int intake_assign_intake_moved(cw_db *db, int64_t case_id, const char *was,
			       const char *now_date)
{
	int64_t id;
	char *from, *to;
	int r, rc = 0;

	if ((r = intake_db_assign_first(db, case_id, &id, &from, &to)) < 0)
		return CW_EXIT_DB;
	/* the first holder took the case at intake: they still do, unless
	 * the new intake date is past the end of their assignment */
	if (r && was && !strcmp(from, was) && (!to || strcmp(now_date, to) <= 0) &&
	    (rc = intake_db_assign_move(db, id, now_date)) == 0)
		rc = audit_change(db, id, "from_date", from, now_date);
	free(from);
	free(to);
	return rc;
}

int intake_assignments(const cw_ctx *x, const char *id, enum cw_format fmt)
{
	store_stmt *st;
	enum cw_kind kind;
	int64_t num;
	char *v[NF] = {0};
	struct intake_db s;
	int rc, f;

	if ((rc = intake_assignments_check(id)) != 0)
		return rc;
	cw_id_parse(id, &kind, &num);
	intake_db_init(&s, x->db, 0);
	rc = intake_db_load(&s, 0, num, v);
	intake_db_release(&s);
	for (f = 0; f < NF; f++)
		free(v[f]);
	if (rc < 0)
		return CW_EXIT_DB;
	if (!rc) {
		cw_error("no case %s", id);
		return CW_EXIT_DATA;
	}
	if (!(st = intake_db_assignments(x->db, num)))
		return CW_EXIT_DB;
	rc = store_print(x->db, x->out, st, intake_assign_cols,
			 INTAKE_ASSIGN_COLS, fmt);
	store_finalize(st);
	return rc;
}

int intake_assignments_check(const char *id)
{
	enum cw_kind kind;
	int64_t num;

	if (cw_id_parse(id, &kind, &num) || kind != CW_K_CASE) {
		cw_error("'%s' is not a case id (CA-n)", id);
		return CW_EXIT_DATA;
	}
	return 0;
}
