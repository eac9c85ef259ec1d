/* intake/store_assign.c - the SQL of a case's assignments (HO-n): who
 * held it from which day to which (assign.c). */
#include <stdlib.h>
#include <string.h>
#include "intake/intake.h"

/* An assignment as its record prints it (intake_assign_cols). */
#define ASSIGN_COLS "'HO-' || h.id, 'CA-' || h.case_id, h.worker," \
	" h.from_date, h.to_date, h.reason"

static const char current_sql[] =
	"SELECT h.id, h.worker, h.from_date FROM assignments h"
	" WHERE h.case_id = ? AND h.to_date IS NULL"
	" ORDER BY h.from_date DESC, h.id DESC LIMIT 1";
static const char end_sql[] =
	"UPDATE assignments SET to_date = ? WHERE id = ?";
static const char insert_sql[] =
	"INSERT INTO assignments (case_id, worker, from_date, reason, created_at,"
	" batch_id) VALUES (?, ?, ?, ?, ?, ?)";
/* the new cases of a batch with a worker: one assignment each, from
 * its intake date, made when the case was (no parameter among the
 * values: PostgreSQL would not know its type) */
static const char begin_sql[] =
	"INSERT INTO assignments (case_id, worker, from_date, reason, created_at,"
	" batch_id) SELECT c.id, c.worker, c.intake_date, NULL, c.created_at,"
	" c.batch_id FROM cases c WHERE c.batch_id = ? AND c.worker IS NOT NULL"
	" AND NOT EXISTS (SELECT 1 FROM assignments x WHERE x.case_id = c.id)"
	" ORDER BY c.id";
static const char of_batch_sql[] =
	"SELECT h.id, " ASSIGN_COLS " FROM assignments h WHERE h.batch_id = ?"
	" ORDER BY h.id";
static const char one_sql[] =
	"SELECT h.id, " ASSIGN_COLS " FROM assignments h WHERE h.id = ?";
static const char of_case_sql[] =
	"SELECT " ASSIGN_COLS " FROM assignments h WHERE h.case_id = ?"
	" ORDER BY h.from_date, h.id";
static const char first_sql[] =
	"SELECT h.id, h.from_date, h.to_date FROM assignments h"
	" WHERE h.case_id = ? ORDER BY h.from_date, h.id LIMIT 1";
static const char closed_sql[] =
	"SELECT max(closed_date) FROM closures WHERE case_id = ?";
static const char move_sql[] =
	"UPDATE assignments SET from_date = ? WHERE id = ?";

/* One assignment of case_id that sql selects (its id, then two texts):
 * 1 with *id and the texts in v[1], v[2] (owned), 0 when none, -1
 * after store_fail. */
static int assign_row(cw_db *db, const char *sql, int64_t case_id,
		      int64_t *id, char *v[3])
{
	store_stmt *st = store_cached(db, sql);
	int r;

	*id = 0;
	v[0] = v[1] = v[2] = NULL;
	if (!st)
		return -1;
	store_bind_int(st, 1, case_id);
	r = store_one_texts(st, "read a case's assignments", 3, v);
	if (r == 1)
		*id = strtoll(v[0], NULL, 10);
	else {
		free(v[1]);
		free(v[2]);
		v[1] = v[2] = NULL;
	}
	free(v[0]);
	return r;
}

int intake_db_assign_current(cw_db *db, int64_t case_id, int64_t *id,
			     char **from)
{
	char *v[3];
	int r = assign_row(db, current_sql, case_id, id, v);

	*from = v[2];
	free(v[1]);
	return r;
}

int intake_db_assign_first(cw_db *db, int64_t case_id, int64_t *id,
			   char **from, char **to)
{
	char *v[3];
	int r = assign_row(db, first_sql, case_id, id, v);

	*from = v[1];
	*to = v[2];
	return r;
}

int intake_db_assign_end(cw_db *db, int64_t id, const char *to)
{
	store_stmt *st = store_cached(db, end_sql);

	if (!st)
		return CW_EXIT_DB;
	store_bind_text(st, 1, to);
	store_bind_int(st, 2, id);
	return store_write(st, "end an assignment", NULL);
}

int intake_db_assign_move(cw_db *db, int64_t id, const char *from)
{
	store_stmt *st = store_cached(db, move_sql);

	if (!st)
		return CW_EXIT_DB;
	store_bind_text(st, 1, from);
	store_bind_int(st, 2, id);
	return store_write(st, "move an assignment", NULL);
}

int intake_db_assign_insert(cw_db *db, int64_t case_id, const char *worker,
			    const char *from, const char *reason,
			    const char *now, int64_t batch, int64_t *id)
{
	store_stmt *st = store_cached(db, insert_sql);

	if (!st)
		return CW_EXIT_DB;
	store_bind_int(st, 1, case_id);
	store_bind_text(st, 2, worker);
	store_bind_text(st, 3, from);
	store_bind_text(st, 4, reason);
	store_bind_text(st, 5, now);
	store_bind_int(st, 6, batch);
	return store_write(st, "store an assignment", id);
}

int intake_db_assign_begin(cw_db *db, int64_t batch)
{
	store_stmt *st = store_prepare(db, begin_sql);
	int rc;

	if (!st)
		return CW_EXIT_DB;
	store_bind_int(st, 1, batch);
	rc = store_write(st, "store the new cases' assignments", NULL);
	store_finalize(st);
	return rc;
}

store_stmt *intake_db_assign_of_batch(cw_db *db, int64_t batch)
{
	store_stmt *st = store_prepare(db, of_batch_sql);

	if (st)
		store_bind_int(st, 1, batch);
	store_hint_stream(st);
	return st;
}

store_stmt *intake_db_assignments(cw_db *db, int64_t case_id)
{
	store_stmt *st = store_prepare(db, of_case_sql);

	if (st)
		store_bind_int(st, 1, case_id);
	return st;
}

store_stmt *intake_db_assign_one(cw_db *db, int64_t id)
{
	store_stmt *st = store_prepare(db, one_sql);

	if (st)
		store_bind_int(st, 1, id);
	return st;
}

int intake_db_last_closure(cw_db *db, int64_t case_id, char **date)
{
	store_stmt *st = store_cached(db, closed_sql);

	*date = NULL;
	if (!st)
		return -1;
	store_bind_int(st, 1, case_id);
	return store_one_texts(st, "read a case's closures", 1, date) < 0 ? -1 : 0;
}
