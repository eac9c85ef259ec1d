/* store/sqlite/erase.c - what an erasure needs of SQLite (casework.7,
 * ERASURE): an audit entry's detail redacted past the trigger that keeps
 * entries as written, and no erased byte left in the file or its log. */
#include "store/sqlite/sqlite.h"

/* The trigger is dropped and made again around the one UPDATE, inside
 * the erasure's transaction: no other writer sees it missing. */
int sqlite_audit_redact(cw_db *db, int64_t id, const char *detail,
			char **stored)
{
	sqlite3_stmt *st;
	int r;

	if (sqlite3_exec(SQLITE_H(db), "DROP TRIGGER audit_no_update", NULL,
			 NULL, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_prepare_v2(SQLITE_H(db), "UPDATE audit SET detail = ?"
			       " WHERE id = ?", -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(st, 1, detail, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, id);
	r = sqlite3_step(st);
	sqlite3_finalize(st);
	if (r != SQLITE_DONE)
		return -1;
	if (sqlite3_exec(SQLITE_H(db), SQLITE_AUDIT_NO_UPDATE, NULL, NULL,
			 NULL) != SQLITE_OK)
		return -1;
	*stored = cw_xstrdup(detail);
	return 0;
}

/* Before: secure_delete, so that the pages and cells the erasure frees
 * are written over with zeros. After: VACUUM writes the whole file
 * again (no free page, no old cell left), and a checkpoint that
 * truncates the write-ahead log takes the old pages out of it. */
int sqlite_erase_files(cw_db *db, int after, const char *const *tables)
{
	int busy = 0, log = 0, done = 0;
	sqlite3_stmt *st;

	(void)tables;
	if (!after)
		return sqlite3_exec(SQLITE_H(db), "PRAGMA secure_delete = ON",
				    NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
	if (sqlite3_exec(SQLITE_H(db), "VACUUM", NULL, NULL, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_prepare_v2(SQLITE_H(db), "PRAGMA wal_checkpoint(TRUNCATE)",
			       -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW) {
		busy = sqlite3_column_int(st, 0);
		log = sqlite3_column_int(st, 1);
		done = sqlite3_column_int(st, 2);
	}
	if (sqlite3_finalize(st) != SQLITE_OK)
		return -1;
	/* a reader still on an old snapshot keeps the log: said, not
	 * failed (the erasure is done; the last program to close the
	 * database empties the log) */
	if (busy || (log > 0 && done < log))
		cw_error("warning: another program reads '%s': the old pages "
			 "stay in its write-ahead log (-wal) until the last "
			 "program using the database closes it", db->path);
	return 0;
}
