/*
 * store/sqlite/sqlite.h - the private header of the SQLite backend: the
 * one folder of the library that includes <sqlite3.h>. Not installed.
 */
#ifndef CW_STORE_SQLITE_H
#define CW_STORE_SQLITE_H

#include <sqlite3.h>
#include "store/backend.h"

/* The connection of db. */
#define SQLITE_H(db) ((sqlite3 *)(db)->h)

/* schema.c: creates or upgrades the schema (inside one write
 * transaction), or checks that a database opened for reading has the
 * schema this program reads: sqlite_schema_check returns 0, CW_EXIT_DB
 * after a message (not casework's, or newer), or minus the version of an
 * older schema (no message). */
int sqlite_schema_migrate(cw_db *db);
int sqlite_schema_check(cw_db *db);

/* The rule that audit entries never change (schema.c creates it, an
 * erasure's redaction lifts it for its one statement: erase.c). */
#define SQLITE_AUDIT_NO_UPDATE \
	"CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit" \
	"  BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;"

/* erase.c: the backend's audit_redact and erase_files. */
int sqlite_audit_redact(cw_db *db, int64_t id, const char *detail,
			char **stored);
int sqlite_erase_files(cw_db *db, int after, const char *const *tables);

/* func.c: defines on db's connection the SQL functions every backend
 * provides (store/store.h) that SQLite lacks. 0 or -1. */
int sqlite_functions(sqlite3 *h);

/* stmt.c: the statement functions of the backend table. */
void *sqlite_prepare(cw_db *db, const char *sql);
void sqlite_finalize(void *h);
int sqlite_step(void *h);
void sqlite_reset(void *h);
void sqlite_clear(void *h);
void sqlite_bind_text(void *h, int i, const char *s, size_t n);
void sqlite_bind_int(void *h, int i, int64_t v);
void sqlite_bind_double(void *h, int i, double v);
void sqlite_bind_null(void *h, int i);
int sqlite_bind_index(void *h, const char *name);
int sqlite_cols(void *h);
const char *sqlite_col_name(void *h, int i);
int sqlite_col_type(void *h, int i);
const char *sqlite_col_text(void *h, int i);
size_t sqlite_col_bytes(void *h, int i);
int64_t sqlite_col_int(void *h, int i);
double sqlite_col_double(void *h, int i);

/* bulk.c: store_bulk_begin and store_bulk_end. */
int sqlite_bulk_begin(cw_db *db, const char *const *tables);
int sqlite_bulk_end(cw_db *db);
/* Frees what sqlite_bulk_begin kept, when the batch ended otherwise. */
void sqlite_bulk_forget(cw_db *db);

#endif
