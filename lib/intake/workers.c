/* intake/workers.c - the optional roster of workers cases may be assigned to. */
#include <stdlib.h>
#include <string.h>
#include "store/store.h"
#include "verbs.h"

static const cw_col roster_cols[] = {
	{"worker", 0}, {"open_cases", 1}, {"added_at", 0},
};
#define NROSTER (sizeof roster_cols / sizeof roster_cols[0])

static const char roster_select[] =
	"SELECT w.name, (SELECT count(*) FROM cases k WHERE k.worker = w.name"
	" AND k.status = 'open'), w.added_at FROM workers w";

int intake_workers_list(const char *db_path, const cw_config *cfg,
		    enum cw_format fmt)
{
	cw_db *db;
	store_stmt *st;
	char sql[512];
	int rc;

	if ((rc = cw_db_open(&db, db_path, CW_DB_READ, cfg)) != 0)
		return rc;
	snprintf(sql, sizeof sql, "%s ORDER BY w.id", roster_select);
	st = store_prepare(db, sql);
	rc = st ? store_print(db, stdout, st, roster_cols, NROSTER, fmt) : CW_EXIT_DB;
	store_finalize(st);
	cw_db_free(db);
	return rc;
}

/* A worker's name is how cases name them, so it is checked like any text
 * a person typed: valid UTF-8 and something there (white space alone is
 * no name). */
static int check_names(char **names, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (!cw_utf8_valid(names[i], strlen(names[i]), NULL) ||
		    cw_utf8_blank(names[i]))
			return cw_usage_error("worker name %zu is empty, white space "
					      "alone or not valid UTF-8", i + 1);
	return 0;
}

int intake_workers_add(const char *db_path, const cw_config *cfg,
		   const char *actor, char **names, size_t n, enum cw_format fmt)
{
	cw_db *db = NULL;
	store_stmt *ins = NULL, *get = NULL;
	cw_audit_ids *ids = NULL;
	cw_writer *w = NULL;
	FILE *spool = NULL;
	int64_t batch;
	long added = 0, skipped = 0;
	size_t i;
	int rc;
	char now[21], bt[32];
	char sql[512];

	if ((rc = check_names(names, n)) != 0)
		return rc;
	if ((rc = cw_db_open(&db, db_path, CW_DB_WRITE, cfg)) != 0)
		return rc;
	snprintf(sql, sizeof sql, "%s WHERE w.id = ?", roster_select);
	if (!(ins = store_prepare(db, "INSERT OR IGNORE INTO workers (name,"
				  " added_at, batch_id) VALUES (?, ?, ?)")) ||
	    !(get = store_prepare(db, sql)) ||
	    (rc = cw_db_begin(db, actor, "workers", &batch)) != 0) {
		rc = rc ? rc : CW_EXIT_DB;
		goto out;
	}
	ids = cw_audit_ids_new(CW_K_WORKER);
	if (!(spool = tmpfile())) {
		cw_error("cannot create a temporary file");
		rc = CW_EXIT_IO;
		cw_db_rollback(db);
		goto out;
	}
	w = cw_writer_new(spool, fmt, roster_cols, NROSTER);
	cw_utc_now(now);
	for (i = 0; i < n && !rc; i++) {
		int64_t id;
		store_bind_text(ins, 1, names[i]);
		store_bind_text(ins, 2, now);
		store_bind_int(ins, 3, batch);
		if (store_step(ins) != STORE_DONE) {
			rc = store_fail(db, "add a worker");
			break;
		}
		store_reset(ins);
		if (!store_changes(db)) {
			cw_error("argument %zu: skipped: already on the roster", i + 1);
			skipped++;
			continue;
		}
		id = store_last_id(db);
		store_reset(get);
		store_bind_int(get, 1, id);
		if (store_step(get) == STORE_ROW) {
			const char *v[NROSTER];
			cw_buf json;
			size_t c;
			for (c = 0; c < NROSTER; c++)
				v[c] = store_col_text(get, (int)c);
			cw_writer_row(w, v);
			cw_buf_init(&json);
			cw_json_record(&json, roster_cols, NROSTER, v);
			cw_audit_ids_add(ids, id, json.s, json.len);
			cw_buf_release(&json);
		}
		store_reset(get);
		added++;
	}
	if (!rc)
		rc = cw_audit_ids_write(db, ids, "insert");
	if (!rc)
		rc = cw_db_commit(db);
	else
		cw_db_rollback(db);
	if (rc)
		goto out;
	cw_id_format(CW_K_BATCH, batch, bt);
	cw_error("batch %s: %zu read, %ld stored, %ld skipped, 0 rejected", bt, n,
		 added, skipped);
	if (cw_writer_finish(w) == 0) {
		char buf[4096];
		size_t got;
		rewind(spool);
		while ((got = fread(buf, 1, sizeof buf, spool)) > 0)
			fwrite(buf, 1, got, stdout);
	} else {
		rc = CW_EXIT_IO;
	}
out:
	cw_writer_free(w);
	if (spool)
		fclose(spool);
	cw_audit_ids_free(ids);
	store_finalize(ins);
	store_finalize(get);
	cw_db_free(db);
	return rc;
}

int intake_roster_allows(cw_db *db, store_stmt **st, const char *name)
{
	int r;
	if (!db)
		return 1;
	if (!*st && !(*st = store_prepare(db, "SELECT NOT EXISTS (SELECT 1 FROM"
					 " workers) OR EXISTS (SELECT 1 FROM workers"
					 " WHERE name = ?)")))
		return -1;
	store_reset(*st);
	store_bind_text(*st, 1, name);
	r = store_step(*st);
	if (r == STORE_ROW) {
		r = store_col_int(*st, 0) != 0;
	} else {
		store_fail(db, "read the worker roster");
		r = -1;
	}
	store_reset(*st);
	return r;
}
