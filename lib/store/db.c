/* store/db.c - opening the database and running write batches. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "store/store.h"

int store_fail(cw_db *db, const char *what)
{
	int code = sqlite3_extended_errcode(db->h);
	if ((code & 0xff) == SQLITE_BUSY || (code & 0xff) == SQLITE_LOCKED)
		cw_error("cannot %s in '%s': the database is busy (another "
			 "program held it past the timeout)", what, db->path);
	else
		cw_error("cannot %s in '%s': %s", what, db->path,
			 sqlite3_errmsg(db->h));
	return CW_EXIT_DB;
}

sqlite3_stmt *store_prepare(cw_db *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) != SQLITE_OK) {
		store_fail(db, "prepare a query");
		sqlite3_finalize(st);
		return NULL;
	}
	return st;
}

void store_bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

int cw_db_exists(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0;
}

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

static int is_default_location(const char *path)
{
	char *def = cw_db_default_path();
	int same = def && !strcmp(def, path);
	free(def);
	return same;
}

static int apply_pragmas(cw_db *db, const cw_config *cfg)
{
	sqlite3_busy_timeout(db->h, cfg ? cfg->busy_timeout_ms : 10000);
	if (sqlite3_exec(db->h, "PRAGMA foreign_keys = ON", NULL, NULL, NULL))
		return store_fail(db, "configure the connection");
	if (db->mode == CW_DB_WRITE &&
	    sqlite3_exec(db->h, "PRAGMA journal_mode = WAL; "
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

/* A database of an older schema, found by a command that only reads:
 * upgraded in place (one write transaction, as any command that writes
 * would), then opened again for reading. A file this user cannot write
 * is left as it is and refused. */
static int upgrade_then_open(cw_db **out, cw_db *db, int version,
			     const cw_config *cfg)
{
	char *path = cw_xstrdup(db->path);
	cw_db *w;
	int rc;

	cw_db_free(db);
	if (access(path, W_OK) != 0) {
		cw_error("database '%s' has the older schema version %d and "
			 "cannot be upgraded here: %s", path, version,
			 strerror(errno));
		free(path);
		return CW_EXIT_DB;
	}
	rc = cw_db_open(&w, path, CW_DB_WRITE, cfg);
	cw_db_free(w);
	if (!rc)
		rc = cw_db_open(out, path, CW_DB_READ, cfg);
	free(path);
	return rc;
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

int cw_db_open(cw_db **out, const char *path, enum cw_db_mode mode,
	       const cw_config *cfg)
{
	cw_db *db = cw_xcalloc(1, sizeof *db);
	int flags, rc, existed = cw_db_exists(path);
	unsigned loose = existed ? loose_parts(path) : 0;
	mode_t old;
	cw_buf file;

	*out = NULL;
	db->path = cw_xstrdup(path);
	db->mode = mode;
	if (!*path) {
		cw_error("cannot open database '': no file named");
		cw_db_free(db);
		return CW_EXIT_DB;
	}
	if (mode == CW_DB_READ && !existed) {
		cw_error("cannot open database '%s': No such file or directory",
			 path);
		cw_db_free(db);
		return CW_EXIT_DB;
	}
	if (!existed && is_default_location(path))
		make_parents(path);
	flags = mode == CW_DB_READ ? SQLITE_OPEN_READONLY
				   : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
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
	old = umask(077);
	rc = sqlite3_open_v2(file.s, &db->h, flags, NULL);
	cw_buf_release(&file);
	if (rc == SQLITE_OK)
		rc = apply_pragmas(db, cfg) ? SQLITE_ERROR : SQLITE_OK;
	else
		store_fail(db, "open the database");
	if (rc == SQLITE_OK)
		rc = mode == CW_DB_WRITE ? store_schema_migrate(db)
					 : store_schema_check(db);
	umask(old);
	if (mode == CW_DB_READ && rc < 0)
		return upgrade_then_open(out, db, -rc, cfg);
	if (rc != SQLITE_OK) {
		cw_db_free(db);
		return CW_EXIT_DB;
	}
	/* Another program's file is left alone; a casework database is
	 * made owner-only whatever was there. */
	if (!existed)
		chmod(path, 0600);
	else if (loose)
		tighten(path, loose);
	*out = db;
	return 0;
}

void cw_db_free(cw_db *db)
{
	if (!db)
		return;
	sqlite3_finalize(db->audit_last);
	sqlite3_finalize(db->audit_insert);
	if (db->h)
		sqlite3_close(db->h);
	free(db->path);
	free(db);
}

int cw_db_begin(cw_db *db, const char *actor, const char *verb,
		int64_t *batch_id)
{
	sqlite3_stmt *st;

	/* What a command that writes prints says what it stored: a reader
	 * that went away lost it, which is said even for a closed pipe. */
	cw_output_report_pipe();
	if (sqlite3_exec(db->h, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return store_fail(db, "lock the database");
	cw_utc_now(db->batch_at);
	st = store_prepare(db, "INSERT INTO batches (started_at, actor, program,"
			   " verb) VALUES (?, ?, ?, ?)");
	if (!st)
		goto fail;
	store_bind_text(st, 1, db->batch_at);
	store_bind_text(st, 2, actor);
	store_bind_text(st, 3, cw_progname());
	store_bind_text(st, 4, verb);
	if (sqlite3_step(st) != SQLITE_DONE) {
		sqlite3_finalize(st);
		store_fail(db, "start a batch");
		goto fail;
	}
	sqlite3_finalize(st);
	db->batch = sqlite3_last_insert_rowid(db->h);
	db->actor = actor;
	*batch_id = db->batch;
	return 0;
fail:
	sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
	return CW_EXIT_DB;
}

int cw_db_commit(cw_db *db)
{
	int rc = 0;
	if (sqlite3_exec(db->h, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		rc = store_fail(db, "commit the batch");
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
	}
	db->batch = 0;
	db->actor = NULL;
	return rc;
}

void cw_db_rollback(cw_db *db)
{
	sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
	db->batch = 0;
	db->actor = NULL;
}

int store_step_out(sqlite3_stmt *st, const cw_writer *w)
{
	return cw_writer_errno(w) ? SQLITE_DONE : sqlite3_step(st);
}

int store_print(cw_db *db, sqlite3_stmt *st, const cw_col *cols,
		size_t ncols, enum cw_format fmt)
{
	cw_writer *w = cw_writer_new(stdout, fmt, cols, ncols);
	const char **vals = cw_xcalloc(ncols ? ncols : 1, sizeof *vals);
	size_t i;
	int r, rc = 0;

	while ((r = store_step_out(st, w)) == SQLITE_ROW) {
		for (i = 0; i < ncols; i++)
			vals[i] = (const char *)sqlite3_column_text(st, (int)i);
		cw_writer_row(w, vals);
	}
	if (r != SQLITE_DONE)
		rc = store_fail(db, "read records");
	if (cw_writer_finish(w) != 0) {
		cw_output_failed(cw_writer_errno(w));
		rc = rc ? rc : CW_EXIT_IO;
	}
	if (!rc && !cw_writer_rows(w))
		rc = CW_EXIT_EMPTY;
	cw_writer_free(w);
	free(vals);
	return rc;
}

int store_case_stored(cw_db *db, int64_t num)
{
	sqlite3_stmt *st = store_prepare(db, "SELECT 1 FROM cases WHERE id = ?");
	char id[32];
	int r;

	if (!st)
		return CW_EXIT_DB;
	sqlite3_bind_int64(st, 1, num);
	r = sqlite3_step(st);
	sqlite3_finalize(st);
	if (r == SQLITE_ROW)
		return 0;
	if (r != SQLITE_DONE)
		return store_fail(db, "read a case");
	cw_id_format(CW_K_CASE, num, id);
	cw_error("no case %s", id);
	return CW_EXIT_DATA;
}
