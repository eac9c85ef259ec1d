/* store/db.c - the database layer (store/store.h, its first part): opening a database with
 * the backend that claims it, statements through that backend, the
 * statement cache, and write batches. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "store/store.h"
#include "store/backend.h"

/* Asked in order; SQLite's takes whatever no other claims. */
static const struct store_backend *const backends[] = {
	&store_pg_backend,
	&store_sqlite_backend,
};

int store_fail(cw_db *db, const char *what)
{
	if (db->be->busy(db))
		cw_error("cannot %s in '%s': the database is busy (another "
			 "program held it past the timeout)", what, db->path);
	else
		cw_error("cannot %s in '%s': %s", what, db->path,
			 db->be->errmsg(db));
	return CW_EXIT_DB;
}

/* ---- statements --------------------------------------------------------- */

store_stmt *store_prepare(cw_db *db, const char *sql)
{
	void *h = db->be->prepare(db, sql);
	store_stmt *st;

	if (!h) {
		store_fail(db, "prepare a query");
		return NULL;
	}
	st = cw_xcalloc(1, sizeof *st);
	st->db = db;
	st->h = h;
	return st;
}

store_stmt *store_cached(cw_db *db, const char *sql)
{
	uint64_t *slot = core_map_put(&db->cache, (uint64_t)(uintptr_t)sql, NULL);
	store_stmt *st = (store_stmt *)(uintptr_t)*slot;

	if (st) {
		db->be->reset(st->h);
		db->be->clear(st->h);
		return st;
	}
	/* A statement that failed to prepare leaves its slot 0: tried
	 * again next time. */
	if ((st = store_prepare(db, sql)) != NULL)
		*slot = (uint64_t)(uintptr_t)st;
	return st;
}

int store_exec(cw_db *db, const char *sql) { return db->be->exec(db, sql); }

void store_reset(store_stmt *st)
{
	if (st)
		st->db->be->reset(st->h);
}

void store_finalize(store_stmt *st)
{
	if (!st)
		return;
	st->db->be->finalize(st->h);
	free(st);
}

int store_step(store_stmt *st) { return st->db->be->step(st->h); }

int store_write(store_stmt *st, const char *what, int64_t *id)
{
	int r = store_step(st);

	/* the message before the reset, while the engine still has it */
	if (r != STORE_DONE) {
		store_fail(st->db, what);
		store_reset(st);
		return CW_EXIT_DB;
	}
	store_reset(st);
	if (id)
		*id = store_last_id(st->db);
	return 0;
}

int store_one(store_stmt *st, const char *what, int64_t *first)
{
	int r = store_step(st);

	if (r == STORE_ROW && first)
		*first = store_col_int(st, 0);
	if (r != STORE_ROW && r != STORE_DONE)
		store_fail(st->db, what);
	store_reset(st);
	return r == STORE_ROW ? 1 : r == STORE_DONE ? 0 : -1;
}

int store_one_text(store_stmt *st, const char *what, char **first)
{
	int r = store_step(st);
	const char *t = r == STORE_ROW ? store_col_text(st, 0) : NULL;

	*first = t ? cw_xstrdup(t) : NULL;
	if (r != STORE_ROW && r != STORE_DONE)
		store_fail(st->db, what);
	store_reset(st);
	return r == STORE_ROW ? 1 : r == STORE_DONE ? 0 : -1;
}

int store_one_texts(store_stmt *st, const char *what, size_t n, char **out)
{
	int r = store_step(st);
	size_t i;

	for (i = 0; i < n; i++) {
		const char *t = r == STORE_ROW ? store_col_text(st, (int)i) : NULL;
		out[i] = t ? cw_xstrdup(t) : NULL;
	}
	if (r != STORE_ROW && r != STORE_DONE)
		store_fail(st->db, what);
	store_reset(st);
	return r == STORE_ROW ? 1 : r == STORE_DONE ? 0 : -1;
}

void store_bind_text(store_stmt *st, int i, const char *s)
{
	if (s)
		st->db->be->bind_text(st->h, i, s, (size_t)-1);
	else
		st->db->be->bind_null(st->h, i);
}

void store_bind_textn(store_stmt *st, int i, const char *s, size_t n)
{
	st->db->be->bind_text(st->h, i, s, n);
}

void store_bind_int(store_stmt *st, int i, int64_t v) { st->db->be->bind_int(st->h, i, v); }
void store_bind_double(store_stmt *st, int i, double v) { st->db->be->bind_double(st->h, i, v); }
void store_bind_null(store_stmt *st, int i) { st->db->be->bind_null(st->h, i); }
int store_bind_index(store_stmt *st, const char *name) { return st->db->be->bind_index(st->h, name); }
void store_clear(store_stmt *st) { st->db->be->clear(st->h); }
void store_hint_stream(store_stmt *st)
{
	if (st)
		st->db->be->stream(st->h);
}

void store_in_list(cw_buf *sql, size_t n)
{
	size_t i;
	if (!n) {
		cw_buf_addstr(sql, "(NULL)");
		return;
	}
	cw_buf_addch(sql, '(');
	for (i = 0; i < n; i++)
		cw_buf_addstr(sql, i ? ", ?" : "?");
	cw_buf_addch(sql, ')');
}

int store_cols(store_stmt *st) { return st->db->be->cols(st->h); }
const char *store_col_name(store_stmt *st, int i) { return st->db->be->col_name(st->h, i); }
int store_col_type(store_stmt *st, int i) { return st->db->be->col_type(st->h, i); }
const char *store_col_text(store_stmt *st, int i) { return st->db->be->col_text(st->h, i); }
size_t store_col_bytes(store_stmt *st, int i) { return st->db->be->col_bytes(st->h, i); }
int64_t store_col_int(store_stmt *st, int i) { return st->db->be->col_int(st->h, i); }
double store_col_double(store_stmt *st, int i) { return st->db->be->col_double(st->h, i); }

/* ---- the connection --------------------------------------------------------- */

int64_t store_last_id(cw_db *db) { return db->be->last_id(db); }
int64_t store_changes(cw_db *db) { return db->be->changes(db); }

int store_begin(cw_db *db, int write)
{
	if (db->be->begin(db, write)) {
		store_fail(db, write ? "lock the database" : "read the database");
		return -1;
	}
	return 0;
}

int store_commit(cw_db *db)
{
	if (db->be->commit(db)) {
		store_fail(db, "commit the batch");
		db->be->rollback(db);
		return -1;
	}
	return 0;
}

void store_rollback(cw_db *db) { db->be->rollback(db); }

int store_audit_redact(cw_db *db, int64_t id, const char *detail,
		       char **stored)
{
	*stored = NULL;
	if (db->be->audit_redact(db, id, detail, stored)) {
		free(*stored);
		*stored = NULL;
		return store_fail(db, "redact the audit trail");
	}
	return 0;
}

int store_erase_files(cw_db *db, int after, const char *const *tables)
{
	if (db->be->erase_files(db, after, tables))
		return store_fail(db, after ? "rewrite the database's files"
				       : "set up the erasure");
	return 0;
}

int64_t store_next_id(cw_db *db, const char *table)
{
	int64_t id;
	if (!db)
		return 1;
	if ((id = db->be->next_id(db, table)) < 1) {
		store_fail(db, "read the next id");
		return -1;
	}
	return id;
}

int store_reserve_ids(cw_db *db, const char *table, int64_t next)
{
	return db->be->reserve_ids(db, table, next) ? store_fail(db, "keep the ids") : 0;
}

void store_hint_scan(cw_db *db) { db->be->hint_scan(db); }
void store_index_hint(cw_db *db, cw_buf *sql, const char *index) { db->be->index_hint(db, sql, index); }
int store_bulk_begin(cw_db *db, const char *const *tables) { return db->be->bulk_begin(db, tables); }
int store_bulk_end(cw_db *db) { return db->be->bulk_end(db); }
int store_text_utf8(cw_db *db) { return db->be->text_utf8(db); }
const char *store_name(const cw_db *db) { return db->path; }

void store_rename(cw_db *db, const char *name)
{
	free(db->path);
	db->path = cw_xstrdup(name);
}
uint64_t store_serial(const cw_db *db) { return db->serial; }
enum cw_db_mode store_mode(const cw_db *db) { return db->mode; }
const char *store_actor(const cw_db *db) { return db->actor; }
int64_t store_batch(const cw_db *db) { return db->batch; }

/* ---- opening and closing ------------------------------------------------------ */

int cw_db_exists(const char *path)
{
	struct stat sb;
	/* a server's database is there or the connection says otherwise */
	return core_target_is_server(path) || stat(path, &sb) == 0;
}

char *cw_db_default_path(void)
{
	const char *base = getenv("XDG_DATA_HOME");
	cw_buf b;

	/* Relative folders are not homes: the database would land wherever
	 * the command was run (under cron, often /). */
	if (base && *base == '/') {
		cw_buf_init(&b);
		cw_buf_printf(&b, "%s/casework/casework.db", base);
	} else {
		base = getenv("HOME");
		if (!base || *base != '/')
			return NULL;
		cw_buf_init(&b);
		cw_buf_printf(&b, "%s/.local/share/casework/casework.db", base);
	}
	return cw_buf_detach(&b, NULL);
}

static cw_db *db_new(const char *path, enum cw_db_mode mode)
{
	static uint64_t serial;
	cw_db *db = cw_xcalloc(1, sizeof *db);
	size_t i;

	db->serial = ++serial;
	db->path = cw_xstrdup(path);
	db->mode = mode;
	for (i = 0; i < sizeof backends / sizeof backends[0]; i++)
		if (backends[i]->claims(path)) {
			db->be = backends[i];
			break;
		}
	return db;
}

const char *store_backend_name(const char *target)
{
	size_t i;
	for (i = 0; i < sizeof backends / sizeof backends[0]; i++)
		if (backends[i]->claims(target))
			return backends[i]->name;
	return "sqlite";
}

int store_open_admin(cw_db **out, const char *target, const cw_config *cfg)
{
	cw_db *db = db_new(target, CW_DB_WRITE);
	int rc;

	db->admin = 1;
	if ((rc = db->be->open(db, cfg)) != 0) {
		cw_db_free(db);
		db = NULL;
	}
	*out = db;
	return rc;
}

int store_init(cw_db *db) { return db->be->init(db); }
int store_upgrade(cw_db *db) { return db->be->upgrade(db); }
int store_settings(cw_db *db, cw_config *cfg) { return db->be->settings(db, cfg); }
int store_standby(cw_db *db) { return db->be->standby(db); }

const char *store_audit_sql(const cw_db *db, int append)
{
	return append ? db->be->audit_append_sql : db->be->audit_head_sql;
}

int store_identify(cw_db *db, char **user, int given)
{
	const char *who = NULL, *login = NULL;
	int r;

	if (!db || !db->be->identity)
		return 0;
	if ((r = db->be->identity(db, &who, &login)) != 1)
		return r;
	db->restricted = 1;
	if (given && *user && strcmp(*user, who) && strcmp(*user, login))
		return cw_usage_error("the user '%s' (--user or CASEWORK_USER) is "
				      "not who this login is: '%s' acts as '%s' "
				      "on '%s'", *user, login, who, db->path);
	free(*user);
	*user = cw_xstrdup(who);
	return 0;
}

int store_restricted(const cw_db *db) { return db && db->restricted; }

int store_mark_extract(cw_db *db)
{
	char sql[48];

	if (strcmp(db->be->name, "sqlite"))
		return -1;
	snprintf(sql, sizeof sql, "PRAGMA application_id = %d", STORE_EXTRACT_ID);
	return store_exec(db, sql);
}
const char *store_engine(const cw_db *db) { return db->be->name; }

int cw_db_open(cw_db **out, const char *path, enum cw_db_mode mode,
	       const cw_config *cfg)
{
	cw_db *db = db_new(path, mode);
	int rc = db->be->open(db, cfg);

	if (rc) {
		cw_db_free(db);
		db = NULL;
	}
	*out = db;
	return rc;
}

/* Copies every row of table from src into db (the same columns). */
static int copy_table(cw_db *db, cw_db *src, const char *table)
{
	store_stmt *rd, *wr = NULL;
	cw_buf sql;
	int r, i, n, rc = 0;

	cw_buf_init(&sql);
	cw_buf_printf(&sql, "SELECT * FROM %s", table);
	rd = store_prepare(src, sql.s);
	if (!rd) {
		cw_buf_release(&sql);
		return CW_EXIT_DB;
	}
	n = store_cols(rd);
	cw_buf_reset(&sql);
	cw_buf_printf(&sql, "INSERT INTO %s VALUES ", table);
	store_in_list(&sql, (size_t)n);
	if (!(wr = store_prepare(db, sql.s)))
		rc = CW_EXIT_DB;
	while (!rc && (r = store_step(rd)) == STORE_ROW) {
		for (i = 0; i < n; i++)
			switch (store_col_type(rd, i)) {
			case STORE_NULL:
				store_bind_null(wr, i + 1);
				break;
			case STORE_INT:
				store_bind_int(wr, i + 1, store_col_int(rd, i));
				break;
			case STORE_FLOAT:
				store_bind_double(wr, i + 1, store_col_double(rd, i));
				break;
			default:
				store_bind_textn(wr, i + 1, store_col_text(rd, i),
						 store_col_bytes(rd, i));
			}
		if (store_step(wr) != STORE_DONE)
			rc = store_fail(db, "copy the directory");
		store_reset(wr);
	}
	if (!rc && r != STORE_DONE)
		rc = store_fail(src, "read the directory");
	store_finalize(rd);
	store_finalize(wr);
	cw_buf_release(&sql);
	return rc;
}

int store_open_scratch(cw_db **out, const char *name, cw_db *src,
		       const char *const *tables)
{
	cw_db *db = db_new(name, CW_DB_WRITE);
	int rc;

	/* on every engine, a private database in memory */
	db->be = &store_sqlite_backend;
	rc = db->be->scratch(db);

	for (; !rc && src && *tables; tables++)
		rc = copy_table(db, src, *tables);
	if (rc) {
		cw_db_free(db);
		db = NULL;
	}
	*out = db;
	return rc;
}

static void free_cached(uint64_t key, uint64_t val, void *ctx)
{
	(void)key;
	(void)ctx;
	store_finalize((store_stmt *)(uintptr_t)val);
}

void cw_db_free(cw_db *db)
{
	if (!db)
		return;
	core_map_each(&db->cache, free_cached, NULL);
	core_map_release(&db->cache);
	store_digest_drop(db);
	db->be->close(db);
	free(db->path);
	free(db);
}

/* ---- write batches ---------------------------------------------------------- */

int cw_db_begin(cw_db *db, const char *actor, const char *verb,
		int64_t *batch_id)
{
	/* What a command that writes prints says what it stored: a reader
	 * that went away lost it, which is said even for a closed pipe. */
	cw_output_report_pipe();
	if (store_begin(db, 1))
		return CW_EXIT_DB;
	return store_batch_open(db, actor, verb, batch_id);
}

int store_batch_open(cw_db *db, const char *actor, const char *verb,
		     int64_t *batch_id)
{
	static const char insert[] = "INSERT INTO batches (started_at, actor,"
		" program, verb) VALUES (?, ?, ?, ?)";
	store_stmt *st;

	cw_utc_now(db->batch_at);
	if (!(st = store_cached(db, insert)))
		goto fail;
	store_bind_text(st, 1, db->batch_at);
	store_bind_text(st, 2, actor);
	store_bind_text(st, 3, cw_progname());
	store_bind_text(st, 4, verb);
	if (store_step(st) != STORE_DONE) {
		store_fail(db, "start a batch");
		store_reset(st);
		goto fail;
	}
	store_reset(st);
	db->batch = store_last_id(db);
	db->actor = actor;
	*batch_id = db->batch;
	return 0;
fail:
	store_rollback(db);
	return CW_EXIT_DB;
}

struct store_digests **store_digest_slot(cw_db *db)
{
	return &db->digests;
}

int cw_db_commit(cw_db *db)
{
	int rc = db->batch ? store_digest_flush(db) : 0;

	if (rc)
		store_rollback(db);
	else if (store_commit(db))
		rc = CW_EXIT_DB;
	db->batch = 0;
	db->actor = NULL;
	return rc;
}

void cw_db_rollback(cw_db *db)
{
	store_rollback(db);
	store_digest_drop(db);
	db->batch = 0;
	db->actor = NULL;
}

/* ---- reading rows out ---------------------------------------------------------- */

int store_step_out(store_stmt *st, const cw_writer *w)
{
	return cw_writer_errno(w) ? STORE_DONE : store_step(st);
}

int store_print(cw_db *db, FILE *out, store_stmt *st, const cw_col *cols,
		size_t ncols, enum cw_format fmt)
{
	cw_writer *w = cw_writer_new(out, fmt, cols, ncols);
	const char **vals = cw_xcalloc(ncols ? ncols : 1, sizeof *vals);
	size_t i;
	int r, rc = 0;

	while ((r = store_step_out(st, w)) == STORE_ROW) {
		for (i = 0; i < ncols; i++)
			vals[i] = store_col_text(st, (int)i);
		cw_writer_row(w, vals);
	}
	if (r != STORE_DONE)
		rc = store_fail(db, "read records");
	if (cw_writer_finish(w) != 0) {
		rc = cw_writer_failed(w, rc);
	}
	if (!rc && !cw_writer_rows(w))
		rc = CW_EXIT_EMPTY;
	cw_writer_free(w);
	free(vals);
	return rc;
}

int store_case_exists(cw_db *db, int64_t num)
{
	static const char sql[] = "SELECT 1 FROM cases WHERE id = ?";
	store_stmt *st = store_cached(db, sql);
	int r;

	if (!st)
		return -1;
	store_bind_int(st, 1, num);
	r = store_step(st);
	store_reset(st);
	if (r == STORE_ROW || r == STORE_DONE)
		return r == STORE_ROW;
	store_fail(db, "read a case");
	return -1;
}

int store_case_stored(cw_db *db, int64_t num)
{
	char id[32];
	int r = store_case_exists(db, num);

	if (r < 0)
		return CW_EXIT_DB;
	if (r)
		return 0;
	cw_id_format(CW_K_CASE, num, id);
	cw_error("no case %s", id);
	return CW_EXIT_DATA;
}
