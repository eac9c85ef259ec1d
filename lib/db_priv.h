/*
 * db_priv.h - what the library's own files use to reach SQLite. Not
 * installed: commands never see SQL or the engine.
 */
#ifndef CW_DB_PRIV_H
#define CW_DB_PRIV_H

#include <sqlite3.h>
#include "casework.h"

struct cw_db {
	sqlite3 *h;             /* the connection, owned */
	char *path;             /* file name for messages, owned */
	enum cw_db_mode mode;   /* how it was opened */
	int64_t batch;          /* the open batch, 0 outside one */
	const char *actor;      /* who acts in the open batch, not owned */
	char batch_at[21];      /* when the batch began (UTC) */
	sqlite3_stmt *audit_last;   /* cached: last hash in the chain */
	sqlite3_stmt *audit_insert; /* cached: append an entry */
};

/* Prints "cannot ...: SQLite's message" naming the database; returns
 * CW_EXIT_DB. what says what was being done ("read cases"). */
int cw_db_fail(cw_db *db, const char *what);
/* Prepares sql or fails with cw_db_fail; returns NULL on failure. */
sqlite3_stmt *cw_db_prepare(cw_db *db, const char *sql);
/* Binds text, or NULL when s is NULL. */
void cw_db_bind_text(sqlite3_stmt *st, int i, const char *s);

/* Steps st for the next row to write through w: SQLITE_ROW; SQLITE_DONE
 * at the end, and as soon as w's output has failed (a closed pipe, a full
 * disk), since the rest would be read for nothing; or an error code. */
int cw_db_step_out(sqlite3_stmt *st, const cw_writer *w);
/* Prints every row st gives (columns in cols order) to standard output in
 * fmt. Returns 0, CW_EXIT_EMPTY when there was no row, or an error code
 * (after a message). */
int cw_db_print(cw_db *db, sqlite3_stmt *st, const cw_col *cols,
		size_t ncols, enum cw_format fmt);

/* Whether case num is stored: 0; CW_EXIT_DATA after "no case CA-n"; or
 * CW_EXIT_DB after a database error (both reported). */
int cw_db_case_stored(cw_db *db, int64_t num);

/* workers.c: whether name may be assigned: 1 when the worker roster is
 * empty or has it, 0 when not, -1 after a database error (reported). *st
 * caches the query (the caller finalizes it). Without a database (a dry
 * run without one), 1. */
int cw_roster_allows(cw_db *db, sqlite3_stmt **st, const char *name);

/* schema.c: create or upgrade the schema (write mode), or check that a
 * database opened for reading has the schema this program reads:
 * cw_schema_check returns 0, CW_EXIT_DB after a message (not casework's,
 * or newer), or minus the version of an older schema (no message). */
int cw_schema_migrate(cw_db *db);
int cw_schema_check(cw_db *db);

/* dryrows.c: the next id AUTOINCREMENT gives in table (the highest it
 * has given + 1, as a real batch's inserts get them; 1 without a
 * database), or -1 after a message. */
int64_t cw_db_next_id(cw_db *db, const char *table);

/* The rows a dry run would have stored, so that a later record of the
 * batch naming one by the id it would have (or changing one again) is
 * judged as in the real run. The rows live in an anonymous, owner-only
 * temporary file; memory holds an offset every DRYROWS_BLOCK rows and one
 * per changed row: flat for a batch of millions. */
#define DRYROWS_BLOCK 64
typedef struct cw_dryrows {
	FILE *f;                /* the rows, owned; NULL before the first */
	int64_t base;           /* the id the first new row would have */
	size_t ncols, n;        /* columns a row, new rows kept */
	uint64_t end;           /* bytes of rows kept */
	uint64_t written;       /* of which written to f (the rest in buf) */
	uint64_t *block;        /* offset of new row i * DRYROWS_BLOCK, owned */
	int64_t *ov_id;         /* later versions of rows: id (0 free), */
	uint64_t *ov_off;       /* and offset, owned */
	size_t ov_mask, ov_used;
	int failed;
	cw_buf buf;             /* rows waiting to be written */
} cw_dryrows;
/* Starts with the next id of table (cw_db_next_id; db NULL: 1). 0 or
 * an exit code. */
int cw_dryrows_init(cw_dryrows *d, cw_db *db, const char *table, size_t ncols);
/* Keeps a new row (ncols values, NULL for none): *id is the id the real
 * run would give it. 0 or CW_EXIT_IO (reported). */
int cw_dryrows_add(cw_dryrows *d, const char *const *v, int64_t *id);
/* Keeps v as the row id now stands (a stored or a new row changed). */
int cw_dryrows_set(cw_dryrows *d, int64_t id, const char *const *v);
/* The row id as the dry run left it into out[ncols] (owned): 1, 0 when
 * the dry run neither made nor changed it, or minus an exit code. */
int cw_dryrows_get(cw_dryrows *d, int64_t id, char **out);
void cw_dryrows_release(cw_dryrows *d);

#endif
