/* assess/store.c - the SQL behind assessments and their follow-ups. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>
#include "assess/assess.h"

/* ---- scoring: one statement of each per record, cached ------------------ */

static const char case_exists_sql[] = "SELECT 1 FROM cases WHERE id = ?";

static const char assessment_exists_sql[] =
	"SELECT 1 FROM assessments WHERE id = ? AND instrument = ?";

static const char same_sql[] =
	"SELECT id FROM assessments WHERE"
	" case_id = ? AND instrument = ? AND date = ? AND answers = ?"
	" ORDER BY id LIMIT 1";

static const char latest_sql[] =
	"SELECT max(date) FROM assessments WHERE case_id = ? AND instrument = ?";

static const char insert_sql[] =
	"INSERT INTO assessments (case_id, instrument, version, date,"
	" total100, scaled100, band, risk, flags, subscales, answers,"
	" created_at, batch_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)";

static const char followup_insert_sql[] =
	"INSERT INTO followups (case_id, kind, due_date, instrument,"
	" assessment_id, status, created_at, batch_id)"
	" VALUES (?,?,?,?,?,'open',?,?)";

static const char open_reassess_sql[] =
	"SELECT id FROM followups WHERE case_id = ? AND kind = 'reassessment'"
	" AND instrument = ? AND status = 'open' ORDER BY id";

static const char close_reassess_sql[] =
	"UPDATE followups SET status = 'done', done_at = ?, done_date = ?"
	" WHERE case_id = ? AND kind = 'reassessment' AND instrument = ?"
	" AND status = 'open'";

int assess_db_case_exists(cw_db *db, int64_t id)
{
	store_stmt *st = store_cached(db, case_exists_sql);

	if (!st)
		return -1;
	store_bind_int(st, 1, id);
	return store_one(st, "look up a case", NULL);
}

int assess_db_assessment_exists(cw_db *db, int64_t id, const char *instrument)
{
	store_stmt *st = store_cached(db, assessment_exists_sql);

	if (!st)
		return -1;
	store_bind_int(st, 1, id);
	store_bind_text(st, 2, instrument);
	return store_one(st, "look up an assessment", NULL);
}

int assess_db_assessment_same(cw_db *db, int64_t case_id, const char *instrument,
			      const char *date, const char *answers, int64_t *id)
{
	store_stmt *st = store_cached(db, same_sql);

	if (!st)
		return -1;
	store_bind_int(st, 1, case_id);
	store_bind_text(st, 2, instrument);
	store_bind_text(st, 3, date);
	store_bind_text(st, 4, answers);
	return store_one(st, "look up assessments", id);
}

int assess_db_latest_date(cw_db *db, int64_t case_id, const char *instrument,
			  char **date)
{
	store_stmt *st = store_cached(db, latest_sql);
	int r;

	*date = NULL;
	if (!st)
		return CW_EXIT_DB;
	store_bind_int(st, 1, case_id);
	store_bind_text(st, 2, instrument);
	r = store_step(st);
	if (r == STORE_ROW && store_col_text(st, 0))
		*date = cw_xstrdup(store_col_text(st, 0));
	store_reset(st);
	return r == STORE_ROW || r == STORE_DONE ? 0
		: store_fail(db, "look up assessments");
}

int assess_db_assessment_insert(cw_db *db, const struct assess_row *r, int64_t *id)
{
	store_stmt *st = store_cached(db, insert_sql);

	if (!st)
		return CW_EXIT_DB;
	store_bind_int(st, 1, r->case_id);
	store_bind_text(st, 2, r->instrument);
	store_bind_text(st, 3, r->version);
	store_bind_text(st, 4, r->date);
	store_bind_int(st, 5, r->total100);
	if (r->has_scaled)
		store_bind_int(st, 6, r->scaled100);
	else
		store_bind_null(st, 6);
	store_bind_text(st, 7, r->band);
	store_bind_text(st, 8, r->risk);
	store_bind_text(st, 9, r->flags);
	store_bind_text(st, 10, r->subscales);
	store_bind_text(st, 11, r->answers);
	store_bind_text(st, 12, r->created_at);
	store_bind_int(st, 13, r->batch_id);
	return store_write(st, "store an assessment", id);
}

int64_t assess_db_assessment_next_id(cw_db *db)
{
	return store_next_id(db, "assessments");
}

int assess_db_followup_insert(cw_db *db, int64_t case_id, const char *kind,
			      const char *due, const char *instrument,
			      int64_t assessment, const char *now, int64_t batch,
			      int64_t *id)
{
	store_stmt *st = store_cached(db, followup_insert_sql);

	if (!st)
		return CW_EXIT_DB;
	store_bind_int(st, 1, case_id);
	store_bind_text(st, 2, kind);
	store_bind_text(st, 3, due);
	store_bind_text(st, 4, instrument);
	store_bind_int(st, 5, assessment);
	store_bind_text(st, 6, now);
	store_bind_int(st, 7, batch);
	return store_write(st, "schedule a follow-up", id);
}

int assess_db_reassessments_close(cw_db *db, int64_t case_id,
				  const char *instrument, const char *now,
				  const char *date,
				  void (*fn)(int64_t id, void *ctx), void *ctx)
{
	store_stmt *st = store_cached(db, open_reassess_sql);
	int r;

	if (!st)
		return CW_EXIT_DB;
	store_bind_int(st, 1, case_id);
	store_bind_text(st, 2, instrument);
	while ((r = store_step(st)) == STORE_ROW)
		fn(store_col_int(st, 0), ctx);
	store_reset(st);
	if (r != STORE_DONE)
		return store_fail(db, "read follow-ups");
	if (!(st = store_cached(db, close_reassess_sql)))
		return CW_EXIT_DB;
	store_bind_text(st, 1, now);
	store_bind_text(st, 2, date);
	store_bind_int(st, 3, case_id);
	store_bind_text(st, 4, instrument);
	return store_write(st, "close a follow-up", NULL);
}

/* ---- history and risk: one query per command ---------------------------- */

store_stmt *assess_db_history(cw_db *db, int64_t case_id)
{
	store_stmt *st = store_prepare(db,
		"SELECT 'AS-' || id, 'CA-' || case_id, instrument,"
		" date, total100, scaled100, band, risk, flags"
		" FROM assessments WHERE case_id = ?"
		" ORDER BY instrument, date, id");

	if (st)
		store_bind_int(st, 1, case_id);
	return st;
}

store_stmt *assess_db_risk(cw_db *db, const char *worker,
			   const char *const *surveys, size_t nsurveys)
{
	store_stmt *st;
	cw_buf sql;
	size_t i;

	/* The latest assessment of each instrument per case, surveys left
	 * out; the case's risk is the highest of those, and the instruments
	 * that give it. The list of surveys and the worker are bound in the
	 * order their placeholders come. */
	cw_buf_init(&sql);
	cw_buf_addstr(&sql,
		"WITH latest AS ("
		"  SELECT a.case_id, a.instrument, a.date, a.risk,"
		"   CASE a.risk WHEN 'critical' THEN 4 WHEN 'high' THEN 3"
		"    WHEN 'medium' THEN 2 ELSE 1 END AS level"
		"  FROM assessments a WHERE a.id = (SELECT b.id FROM assessments b"
		"   WHERE b.case_id = a.case_id AND b.instrument = a.instrument"
		"   ORDER BY b.date DESC, b.id DESC LIMIT 1)");
	if (nsurveys) {
		cw_buf_addstr(&sql, "  AND a.instrument NOT IN ");
		store_in_list(&sql, nsurveys);
	}
	cw_buf_addstr(&sql, "),"
		" top AS (SELECT case_id, max(level) AS level, max(date) AS latest"
		"  FROM latest GROUP BY case_id)"
		" SELECT 'CA-' || k.id,"
		"  CASE t.level WHEN 4 THEN 'critical' WHEN 3 THEN 'high'"
		"   WHEN 2 THEN 'medium' ELSE 'low' END,"
		"  (SELECT string_agg(instrument, ', ') FROM (SELECT l.instrument"
		"   FROM latest l WHERE l.case_id = k.id AND l.level = t.level"
		"   ORDER BY l.instrument) i),"
		"  t.latest, k.worker"
		" FROM top t JOIN cases k ON k.id = t.case_id"
		" WHERE k.status = 'open'");
	if (worker)
		cw_buf_addstr(&sql, " AND k.worker = ?");
	cw_buf_addstr(&sql, " ORDER BY t.level DESC, k.id");
	st = store_prepare(db, sql.s);
	cw_buf_release(&sql);
	if (!st)
		return NULL;
	for (i = 0; i < nsurveys; i++)
		store_bind_text(st, (int)i + 1, surveys[i]);
	if (worker)
		store_bind_text(st, (int)nsurveys + 1, worker);
	return st;
}
