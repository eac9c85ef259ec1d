/* test_db.c - the database layer and the audit chain. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sqlite3.h>
#include "store/store.h"
#include "store/backend.h"   /* db->h: the SQLite connection */
#include "tap.h"

static char dir[] = "/tmp/cw-test-db.XXXXXX";

static int exec_sql(const char *path, const char *sql)
{
	sqlite3 *h;
	int rc;
	if (sqlite3_open(path, &h) != SQLITE_OK)
		return -1;
	rc = sqlite3_exec(h, sql, NULL, NULL, NULL);
	sqlite3_close(h);
	return rc;
}

int main(void)
{
	char path[256], missing[256];
	cw_db *db = NULL;
	cw_config cfg = {.busy_timeout_ms = 2000};
	int64_t batch;
	long n;
	int good;
	struct stat sb;
	char hex[65];

	if (!mkdtemp(dir))
		return 1;
	snprintf(path, sizeof path, "%s/t.db", dir);
	snprintf(missing, sizeof missing, "%s/missing.db", dir);

	cw_sha256_hex("abc", 3, hex);
	is_str(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
	       "SHA-256 of 'abc' (FIPS 180-2 example)");

	ok(cw_db_open(&db, missing, CW_DB_READ, &cfg) == CW_EXIT_DB,
	   "opening a missing database for reading fails with 4");
	ok(!cw_db_exists(missing), "and does not create it");

	ok(cw_db_open(&db, path, CW_DB_WRITE, &cfg) == 0, "create a database");
	/* ok() is a function: find the values first, then describe them */
	good = stat(path, &sb) == 0 && (sb.st_mode & 0777) == 0600;
	ok(good, "created owner-only (mode %o)", (unsigned)(sb.st_mode & 0777));
	{
		/* casework(7): a printed id survives a power cut, so a
		 * commit is on the disk before it returns. */
		sqlite3_stmt *st = NULL;
		int sync = -1;
		if (sqlite3_prepare_v2(db->h, "PRAGMA synchronous", -1, &st, NULL) == SQLITE_OK &&
		    sqlite3_step(st) == SQLITE_ROW)
			sync = sqlite3_column_int(st, 0);
		sqlite3_finalize(st);
		ok(sync == 2, "writes commit with synchronous = FULL (got %d)", sync);
	}
	ok(cw_db_begin(db, "tester", "add", &batch) == 0 && batch == 1,
	   "first batch is BT-1");
	ok(cw_audit_append(db, "insert", CW_K_CLIENT, "CL-1..CL-3",
			   "{\"records\":3}") == 0, "append an audit entry");
	ok(cw_audit_append(db, "insert", CW_K_CASE, "CA-1",
			   "{\"records\":1}") == 0, "append a second entry");
	ok(cw_db_commit(db) == 0, "commit");
	ok(cw_db_begin(db, "tester", "add", &batch) == 0 && batch == 2,
	   "second batch is BT-2");
	cw_db_rollback(db);
	good = cw_audit_verify(db, &n) == 0 && n == 2;
	ok(good, "chain verifies (%ld entries)", n);
	cw_db_free(db);

	ok(exec_sql(path, "UPDATE audit SET actor = 'x' WHERE id = 1") != SQLITE_OK,
	   "the audit trail refuses updates");
	ok(exec_sql(path, "DELETE FROM audit WHERE id = 2") != SQLITE_OK,
	   "the audit trail refuses deletes");

	/* Someone with the sqlite3 shell drops the guard and edits history. */
	ok(exec_sql(path, "DROP TRIGGER audit_no_update;"
		    "UPDATE audit SET ids = 'CL-1..CL-2' WHERE id = 1") == SQLITE_OK,
	   "tamper with an entry behind the library's back");
	ok(cw_db_open(&db, path, CW_DB_READ, &cfg) == 0, "reopen read-only");
	fprintf(stderr, "# (an audit failure message is expected next)\n");
	ok(cw_audit_verify(db, &n) == CW_EXIT_DB, "an edited entry breaks the chain");
	cw_db_free(db);

	ok(exec_sql(path, "UPDATE audit SET ids = 'CL-1..CL-3' WHERE id = 1;"
		    "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id = 2")
	   == SQLITE_OK, "restore the entry, then cut the last one");
	ok(cw_db_open(&db, path, CW_DB_READ, &cfg) == 0, "reopen read-only");
	fprintf(stderr, "# (an audit failure message is expected next)\n");
	ok(cw_audit_verify(db, &n) == CW_EXIT_DB, "a cut tail is found");
	cw_db_free(db);

	ok(exec_sql(path, "PRAGMA user_version = 99") == SQLITE_OK, "mark the schema newer");
	fprintf(stderr, "# (schema messages are expected next)\n");
	ok(cw_db_open(&db, path, CW_DB_READ, &cfg) == CW_EXIT_DB,
	   "a newer schema is refused for reading");
	ok(cw_db_open(&db, path, CW_DB_WRITE, &cfg) == CW_EXIT_DB,
	   "and for writing");

	snprintf(missing, sizeof missing, "%s/notdb", dir);
	{
		FILE *f = fopen(missing, "w");
		fputs("this is not a database, just text that is long enough "
		      "to fill a header of one hundred bytes or so .............", f);
		fclose(f);
	}
	ok(cw_db_open(&db, missing, CW_DB_READ, &cfg) == CW_EXIT_DB,
	   "a file that is not a database is refused");

	{
		char cmd[300];
		snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
		if (system(cmd) != 0)
			fprintf(stderr, "# could not remove %s\n", dir);
	}
	return tap_done();
}
