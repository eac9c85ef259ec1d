/* store/sqlite/conn.c - SQLite's backend: opening a database file, its
 * connection's settings, transactions, and the backend table. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "store/sqlite/sqlite.h"

/* Creates the folders of the default location, owner-only. Only missing
 * parents of a path under the user's own data folder are made; a
 * mistyped --db folder is an error, not a new folder. */
static void make_parents(const char *path)
{
	char *p = cw_xstrdup(path), *s;
	for (s = p + 1; (s = strchr(s, '/')) != NULL; s++) {
		*s = '\0';
		if (mkdir(p, 0700) != 0 && errno != EEXIST)
			break;
		*s = '/';
	}
	free(p);
}

static int is_default_location(const char *path)
{
	char *def = cw_db_default_path();
	int same = def && !strcmp(def, path);
	free(def);
	return same;
}

static int apply_pragmas(cw_db *db, const cw_config *cfg)
{
	sqlite3_busy_timeout(SQLITE_H(db), cfg ? cfg->busy_timeout_ms : 10000);
	if (sqlite3_exec(SQLITE_H(db), "PRAGMA foreign_keys = ON", NULL, NULL, NULL) ||
	    sqlite_functions(SQLITE_H(db)))
		return store_fail(db, "configure the connection");
	if (db->mode == CW_DB_WRITE &&
	    sqlite3_exec(SQLITE_H(db), "PRAGMA journal_mode = WAL; "
			 /* A commit reaches the disk before it returns, so
			  * that the ids printed after it survive a power
			  * cut (NORMAL would sync at checkpoints only). */
			 "PRAGMA synchronous = FULL; "
			 /* After a large batch the log is cut back to 64 MiB
			  * once it has been copied into the database. */
			 "PRAGMA journal_size_limit = 67108864; "
			 /* 32 MiB of page cache (2 MiB by default): large
			  * batches keep their indexes' pages in memory. */
			 "PRAGMA cache_size = -32768", NULL, NULL, NULL))
		return store_fail(db, "configure the connection");
	return 0;
}

/* The database and its -wal and -shm files. */
static const char *const part_suffix[] = {"", "-wal", "-shm"};

/* The name of part i of the database at path: the database as named,
 * its -wal and -shm beside the file it names (SQLite follows a link). */
static void part_name(cw_buf *b, const char *path, const char *real, unsigned i)
{
	cw_buf_reset(b);
	cw_buf_printf(b, "%s%s", i ? real : path, part_suffix[i]);
}

/* Which of the database's files others may read: bit i for part i. */
static unsigned loose_parts(const char *path)
{
	char *real = cw_path_resolve(path);
	struct stat sb;
	unsigned bits = 0, i;
	cw_buf b;

	cw_buf_init(&b);
	for (i = 0; i < 3; i++) {
		part_name(&b, path, real, i);
		if (stat(b.s, &sb) == 0 && S_ISREG(sb.st_mode) && (sb.st_mode & 077))
			bits |= 1u << i;
	}
	cw_buf_release(&b);
	free(real);
	return bits;
}

/* A database file, or its -wal or -shm, that others may read (one
 * created by hand under a loose umask, or copied) is made owner-only
 * (0600), with a warning naming each file that was so before the command
 * opened it (SQLite gives a new -wal or -shm the database's mode). */
static void tighten(const char *path, unsigned before)
{
	char *real = cw_path_resolve(path);
	unsigned now = loose_parts(path), i;
	cw_buf b;

	cw_buf_init(&b);
	for (i = 0; i < 3; i++) {
		if (!(now & (1u << i)))
			continue;
		part_name(&b, path, real, i);
		if (chmod(b.s, 0600) != 0)
			cw_error("warning: '%s' is open to others and cannot be "
				 "made owner-only: %s", b.s, strerror(errno));
		else if (before & (1u << i))
			cw_error("warning: '%s' was open to others: made "
				 "owner-only (0600)", b.s);
	}
	cw_buf_release(&b);
	free(real);
}

static void sqlite_close(cw_db *db)
{
	sqlite_bulk_forget(db);
	if (db->h)
		sqlite3_close(SQLITE_H(db));
	db->h = NULL;
}

/* SQLite as casework uses it, set before its first connection: a
 * connection is used by one thread at a time (the thread that reads a
 * batch's input ahead, store/batch.c, never touches one), so none needs
 * a lock of its own, and nothing asks how much memory SQLite holds, so
 * it keeps no count (each a mutex taken per call or allocation). A
 * statement's journal (the pages it changes, as they were, to undo it
 * alone) stays in memory up to 8 MiB rather than 64 KiB: setting a bulk
 * batch's indexes aside journals every page of them (secure_delete
 * zeroes them), and a journal once spilled to a file stays one for the
 * rest of the transaction, a system call for every page each later
 * statement changes. */
static void sqlite_setup(void)
{
	static int done;

	if (!done) {
		sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
		sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, 8 << 20);
	}
	done = 1;
}

/* Opens the file db->path names in db->mode; the schema is migrated or
 * checked: 0, CW_EXIT_DB after a message, or minus the version of an
 * older schema found in CW_DB_READ. */
static int open_file(cw_db *db, const cw_config *cfg, int existed)
{
	const char *path = db->path;
	int flags, rc;
	mode_t old;
	cw_buf file;
	sqlite3 *h = NULL;

	flags = (db->mode == CW_DB_READ ? SQLITE_OPEN_READONLY
				        : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
		SQLITE_OPEN_NOMUTEX;
	/* Case records are for their owner's eyes: the file and its -wal and
	 * -shm companions are created owner-only. */
	/* The file the path names, and nothing else: a relative path is
	 * given to SQLite as ./path, which it cannot read as a URI
	 * ("file:d.db?mode=memory") or as ":memory:", so that the database
	 * is the file the output checks (io/outpath.c) compare with. */
	cw_buf_init(&file);
	if (path[0] != '/')
		cw_buf_addstr(&file, "./");
	cw_buf_addstr(&file, path);
	if (!existed && is_default_location(path))
		make_parents(path);
	old = umask(077);
	sqlite_setup();
	rc = sqlite3_open_v2(file.s, &h, flags, NULL);
	db->h = h;
	cw_buf_release(&file);
	if (rc == SQLITE_OK)
		rc = apply_pragmas(db, cfg) ? SQLITE_ERROR : SQLITE_OK;
	else
		store_fail(db, "open the database");
	if (rc == SQLITE_OK)
		rc = db->mode == CW_DB_WRITE ? sqlite_schema_migrate(db)
					     : sqlite_schema_check(db);
	umask(old);
	return rc < 0 ? rc : rc != SQLITE_OK ? CW_EXIT_DB : 0;
}

/* Whether db is a worker's extract (store/store.h). */
static int is_extract(cw_db *db)
{
	sqlite3_stmt *st = NULL;
	int id = 0;

	if (sqlite3_prepare_v2(SQLITE_H(db), "PRAGMA application_id", -1, &st,
			       NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		id = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return id == STORE_EXTRACT_ID;
}

static int sqlite_open(cw_db *db, const cw_config *cfg)
{
	const char *path = db->path;
	int rc, existed = cw_db_exists(path);
	unsigned loose = existed ? loose_parts(path) : 0;

	if (!*path) {
		cw_error("cannot open database '': no file named");
		return CW_EXIT_DB;
	}
	if (db->mode == CW_DB_READ && !existed) {
		cw_error("cannot open database '%s': No such file or directory",
			 path);
		return CW_EXIT_DB;
	}
	rc = open_file(db, cfg, existed);
	if (rc < 0) {
		/* A database of an older schema, found by a command that
		 * only reads: upgraded in place (one write transaction, as
		 * any command that writes would), then opened again for
		 * reading. A file this user cannot write is left as it is
		 * and refused. */
		int version = -rc;
		sqlite_close(db);
		if (access(path, W_OK) != 0) {
			cw_error("database '%s' has the older schema version %d and "
				 "cannot be upgraded here: %s", path, version,
				 strerror(errno));
			return CW_EXIT_DB;
		}
		db->mode = CW_DB_WRITE;
		rc = open_file(db, cfg, existed);
		sqlite_close(db);
		db->mode = CW_DB_READ;
		if (!rc)
			rc = open_file(db, cfg, existed);
		if (rc < 0)
			rc = CW_EXIT_DB;
	}
	if (rc)
		return rc;
	/* A worker's extract is read-only, to every command that writes
	 * and to sw-admin. */
	if (existed && (db->mode == CW_DB_WRITE || db->admin) && is_extract(db)) {
		cw_error("'%s' is a read-only extract (sw-admin copy --worker): "
			 "record on the agency's database", path);
		return CW_EXIT_DB;
	}
	/* Another program's file is left alone; a casework database is
	 * made owner-only whatever was there. */
	if (!existed)
		chmod(path, 0600);
	else if (loose)
		tighten(path, loose);
	return 0;
}

static int sqlite_scratch(cw_db *db)
{
	sqlite3 *h = NULL;
	int rc;

	sqlite_setup();
	rc = sqlite3_open_v2(":memory:", &h, SQLITE_OPEN_READWRITE |
			     SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	db->h = h;
	if (rc != SQLITE_OK || sqlite_functions(h))
		return store_fail(db, "open a private database");
	return sqlite_schema_migrate(db);
}

static int sqlite_claims(const char *target)
{
	(void)target;
	return 1;
}

static const char *sqlite_errmsg(cw_db *db)
{
	return db->h ? sqlite3_errmsg(SQLITE_H(db)) : "out of memory";
}

static int sqlite_busy(cw_db *db)
{
	int code = db->h ? sqlite3_extended_errcode(SQLITE_H(db)) & 0xff : 0;
	return code == SQLITE_BUSY || code == SQLITE_LOCKED;
}

static int sqlite_exec(cw_db *db, const char *sql)
{
	return sqlite3_exec(SQLITE_H(db), sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

static int64_t sqlite_last_id(cw_db *db) { return sqlite3_last_insert_rowid(SQLITE_H(db)); }
static int64_t sqlite_changes(cw_db *db) { return sqlite3_changes(SQLITE_H(db)); }

/* A write transaction takes the write lock at once (IMMEDIATE), so that
 * two writers wait for each other at the start instead of one failing
 * halfway; a read transaction sees one snapshot from its first read. */
static int sqlite_begin(cw_db *db, int write)
{
	return sqlite_exec(db, write ? "BEGIN IMMEDIATE" : "BEGIN");
}

static int sqlite_commit(cw_db *db) { return sqlite_exec(db, "COMMIT"); }

static void sqlite_rollback(cw_db *db)
{
	if (!sqlite3_get_autocommit(SQLITE_H(db)))
		sqlite3_exec(SQLITE_H(db), "ROLLBACK", NULL, NULL, NULL);
}

static int64_t sqlite_next_id(cw_db *db, const char *table)
{
	char sql[200];
	sqlite3_stmt *st = NULL;
	int64_t id = -1;

	snprintf(sql, sizeof sql, "SELECT max(coalesce((SELECT seq FROM"
		 " sqlite_sequence WHERE name = '%s'), 0), coalesce((SELECT"
		 " max(id) FROM %s), 0)) + 1", table, table);
	if (sqlite3_prepare_v2(SQLITE_H(db), sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return id;
}

static int sqlite_reserve_ids(cw_db *db, const char *table, int64_t next)
{
	char sql[300];

	if (next <= 1)
		return 0;
	snprintf(sql, sizeof sql, "UPDATE sqlite_sequence SET seq = max(seq, %lld)"
		 " WHERE name = '%s'", (long long)(next - 1), table);
	if (sqlite_exec(db, sql))
		return -1;
	if (sqlite3_changes(SQLITE_H(db)))
		return 0;
	snprintf(sql, sizeof sql, "INSERT INTO sqlite_sequence (name, seq)"
		 " VALUES ('%s', %lld)", table, (long long)(next - 1));
	return sqlite_exec(db, sql);
}

/* A list that reads index pages here and there in a large file: mapped,
 * they are not copied into the page cache one read(2) at a time. A
 * connection that cannot map the file reads it as before. */
static void sqlite_hint_scan(cw_db *db)
{
	sqlite3_exec(SQLITE_H(db), "PRAGMA mmap_size = 1073741824", NULL, NULL, NULL);
}

/* The planner looks a row up by its rowid rather than in a covering
 * index holding the key and the few columns a query reads: named, the
 * index is used, and the table's wide rows are never read. */
static void sqlite_index_hint(cw_db *db, cw_buf *sql, const char *index)
{
	(void)db;
	cw_buf_printf(sql, " INDEXED BY %s", index);
}

static int sqlite_text_utf8(cw_db *db)
{
	sqlite3_stmt *st = NULL;
	int utf8 = 0;
	if (sqlite3_prepare_v2(SQLITE_H(db), "PRAGMA encoding", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		utf8 = !strcmp((const char *)sqlite3_column_text(st, 0), "UTF-8");
	sqlite3_finalize(st);
	return utf8;
}

/* Opened for sw-admin, the file was created or upgraded as any writer
 * does (sqlite_open): nothing is left to do. */
static int sqlite_admin_done(cw_db *db)
{
	(void)db;
	return 0;
}

/* SQLite's settings are its configuration file's. */
static int sqlite_settings(cw_db *db, cw_config *cfg)
{
	(void)db;
	(void)cfg;
	return 0;
}

/* SQLite's rows come one by one anyway. */
static void sqlite_stream(void *h)
{
	(void)h;
}

static int sqlite_standby(cw_db *db)
{
	(void)db;
	return 0;
}

const struct store_backend store_sqlite_backend = {
	.name = "sqlite",
	.claims = sqlite_claims,
	.open = sqlite_open,
	.close = sqlite_close,
	.errmsg = sqlite_errmsg,
	.busy = sqlite_busy,
	.exec = sqlite_exec,
	.prepare = sqlite_prepare,
	.finalize = sqlite_finalize,
	.step = sqlite_step,
	.reset = sqlite_reset,
	.stream = sqlite_stream,
	.clear = sqlite_clear,
	.bind_text = sqlite_bind_text,
	.bind_int = sqlite_bind_int,
	.bind_double = sqlite_bind_double,
	.bind_null = sqlite_bind_null,
	.bind_index = sqlite_bind_index,
	.cols = sqlite_cols,
	.col_name = sqlite_col_name,
	.col_type = sqlite_col_type,
	.col_text = sqlite_col_text,
	.col_bytes = sqlite_col_bytes,
	.col_int = sqlite_col_int,
	.col_double = sqlite_col_double,
	.last_id = sqlite_last_id,
	.changes = sqlite_changes,
	.begin = sqlite_begin,
	.commit = sqlite_commit,
	.rollback = sqlite_rollback,
	.next_id = sqlite_next_id,
	.reserve_ids = sqlite_reserve_ids,
	.hint_scan = sqlite_hint_scan,
	.index_hint = sqlite_index_hint,
	.bulk_begin = sqlite_bulk_begin,
	.bulk_end = sqlite_bulk_end,
	.text_utf8 = sqlite_text_utf8,
	.scratch = sqlite_scratch,
	.init = sqlite_admin_done,
	.upgrade = sqlite_admin_done,
	.settings = sqlite_settings,
	.standby = sqlite_standby,
	.audit_head_sql = "SELECT id, at, actor, batch_id, action, entity, ids,"
		" detail, prev_hash, hash, detail_sha256 FROM audit"
		" ORDER BY id DESC LIMIT 1",
	.audit_append_sql = "INSERT INTO audit (id, at, actor, batch_id, action,"
		" entity, ids, detail, prev_hash, hash, detail_sha256)"
		" VALUES (?,?,?,?,?,?,?,?,?,?,?)",
	.audit_redact = sqlite_audit_redact,
	.erase_files = sqlite_erase_files,
};
