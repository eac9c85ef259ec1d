/* store/sqlite/backup.c - SQLite's online backup API: a database copied
 * page by page into a file of its own (sw-admin backup and restore), and
 * the engine's check of a file's structure. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "store/sqlite/sqlite.h"

/* Pages copied a step: 1 MiB at SQLite's 4 KiB pages. */
#define STEP_PAGES 256

/* The name SQLite is given for path: ./path for a relative one, so that
 * it is never read as a URI or as ":memory:" (as conn.c opens files). */
static void file_name(cw_buf *b, const char *path)
{
	cw_buf_init(b);
	if (path[0] != '/')
		cw_buf_addstr(b, "./");
	cw_buf_addstr(b, path);
}

/* An integer pragma of h (user_version, application_id); -1 on failure. */
static int pragma_int(sqlite3 *h, const char *sql)
{
	sqlite3_stmt *st = NULL;
	int v = -1;

	if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* Whether h's main database is in WAL mode. */
static int in_wal(sqlite3 *h)
{
	sqlite3_stmt *st = NULL;
	int wal = 0;

	if (sqlite3_prepare_v2(h, "PRAGMA journal_mode", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		wal = !strcmp((const char *)sqlite3_column_text(st, 0), "wal");
	sqlite3_finalize(st);
	return wal;
}

/* Copies src into the file to (there, empty) in steps of STEP_PAGES.
 * A source in WAL mode (every casework database) is read in one read
 * transaction held from the first step to the last: one snapshot, which
 * writers never wait for (they append to the log meanwhile). A source in
 * rollback-journal mode is read step by step, its lock let go between
 * steps so that a writer waits at most one step; a writer's commit
 * meanwhile makes SQLite start the copy again from its first page, so the
 * copy is still one state of the source. A step that finds the source
 * locked is tried again for up to busy_ms. The copy is then put in
 * rollback-journal mode: one file, no -wal or -shm beside it. */
static int copy(sqlite3 *src, const char *from, const char *to, int busy_ms,
		store_file_info *info)
{
	sqlite3 *dst = NULL;
	sqlite3_backup *b = NULL;
	int snapshot = in_wal(src), rc, waited = 0;
	const char *why = NULL;
	mode_t old = umask(077);
	cw_buf name;

	file_name(&name, to);
	rc = sqlite3_open_v2(name.s, &dst, SQLITE_OPEN_READWRITE, NULL);
	cw_buf_release(&name);
	if (rc == SQLITE_OK && snapshot &&
	    (sqlite3_exec(src, "BEGIN", NULL, NULL, NULL) != SQLITE_OK ||
	     sqlite3_exec(src, "SELECT count(*) FROM sqlite_master", NULL, NULL,
			  NULL) != SQLITE_OK)) {
		rc = sqlite3_extended_errcode(src);
		why = sqlite3_errmsg(src);
	}
	if (rc == SQLITE_OK && !why && !(b = sqlite3_backup_init(dst, "main", src, "main"))) {
		rc = sqlite3_extended_errcode(dst);
		why = sqlite3_errmsg(dst);
	}
	while (b) {
		rc = sqlite3_backup_step(b, STEP_PAGES);
		if (rc == SQLITE_OK) {
			waited = 0;
			if (!snapshot)
				sqlite3_sleep(1);  /* a writer's turn */
		} else if ((rc == SQLITE_BUSY || rc == SQLITE_LOCKED) &&
			   waited < busy_ms) {
			sqlite3_sleep(10);
			waited += 10;
		} else {
			break;
		}
	}
	if (b) {
		sqlite3_backup_finish(b);
		if (rc == SQLITE_DONE)
			rc = SQLITE_OK;
		else
			why = sqlite3_errstr(rc);
	} else if (rc != SQLITE_OK && !why) {
		why = dst ? sqlite3_errmsg(dst) : sqlite3_errstr(rc);
	}
	if (snapshot)
		sqlite3_exec(src, "ROLLBACK", NULL, NULL, NULL);
	if (rc == SQLITE_OK &&
	    sqlite3_exec(dst, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL) != SQLITE_OK) {
		rc = sqlite3_extended_errcode(dst);
		why = sqlite3_errmsg(dst);
	}
	if (rc == SQLITE_OK) {
		info->schema_version = pragma_int(dst, "PRAGMA user_version");
		info->application_id = pragma_int(dst, "PRAGMA application_id");
	}
	if ((rc & 0xff) == SQLITE_NOTADB)
		cw_error("'%s' is not a casework database: %s", from, why);
	else if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
		cw_error("cannot copy '%s': the database is busy", from);
	else if (rc != SQLITE_OK)
		cw_error("cannot copy '%s' to '%s': %s", from, to, why);
	/* why may be dst's message: said before it is closed */
	sqlite3_close(dst);
	umask(old);
	return rc == SQLITE_OK ? 0 : CW_EXIT_DB;
}

int store_backup_db(cw_db *src, const char *to, int busy_ms,
		    store_file_info *info)
{
	if (strcmp(store_engine(src), "sqlite")) {
		cw_error("internal error: a file backup of a server's database");
		return CW_EXIT_DB;
	}
	return copy(SQLITE_H(src), store_name(src), to, busy_ms, info);
}

int store_backup_file(const char *from, const char *to, int busy_ms,
		      store_file_info *info)
{
	sqlite3 *src = NULL;
	cw_buf name;
	int rc;

	/* read only: the file is never changed, not even by a recovery */
	file_name(&name, from);
	rc = sqlite3_open_v2(name.s, &src, SQLITE_OPEN_READONLY, NULL);
	cw_buf_release(&name);
	if (rc != SQLITE_OK) {
		cw_error("cannot open '%s': %s", from,
			 src ? sqlite3_errmsg(src) : sqlite3_errstr(rc));
		sqlite3_close(src);
		return CW_EXIT_DB;
	}
	sqlite3_busy_timeout(src, busy_ms);
	rc = copy(src, from, to, busy_ms, info);
	sqlite3_close(src);
	return rc;
}

int store_integrity(cw_db *db, const char *name)
{
	sqlite3_stmt *st = NULL;
	const char *msg;
	int rc = 0;

	if (strcmp(store_engine(db), "sqlite"))
		return 0;
	if (sqlite3_prepare_v2(SQLITE_H(db), "PRAGMA integrity_check(1)", -1,
			       &st, NULL) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW) {
		cw_error("'%s' is corrupt: %s", name, sqlite3_errmsg(SQLITE_H(db)));
		rc = CW_EXIT_DB;
	} else if ((msg = (const char *)sqlite3_column_text(st, 0)) &&
		   strcmp(msg, "ok")) {
		/* one line: "*** in database main *** Page 33: ..." */
		char *line = cw_xstrdup(msg), *nl;
		for (nl = line; (nl = strchr(nl, '\n')) != NULL;)
			*nl = ' ';
		cw_error("'%s' is corrupt: %s", name, line);
		free(line);
		rc = CW_EXIT_DB;
	}
	sqlite3_finalize(st);
	return rc;
}
