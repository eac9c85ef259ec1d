/*
 * store/store.h - the private header of store/: what the library's own
 * files use to reach SQLite (db.c, schema.c, audit.c), the batch in steps
 * (batch.c) and the mapping of a record's columns onto a batch verb's
 * fields (fields.c). Not installed: commands never see SQL or the engine.
 */
#ifndef CW_STORE_H
#define CW_STORE_H

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
int store_fail(cw_db *db, const char *what);
/* Prepares sql or fails with store_fail; returns NULL on failure. */
sqlite3_stmt *store_prepare(cw_db *db, const char *sql);
/* Binds text, or NULL when s is NULL. */
void store_bind_text(sqlite3_stmt *st, int i, const char *s);

/* Steps st for the next row to write through w: SQLITE_ROW; SQLITE_DONE
 * at the end, and as soon as w's output has failed (a closed pipe, a full
 * disk), since the rest would be read for nothing; or an error code. */
int store_step_out(sqlite3_stmt *st, const cw_writer *w);
/* Prints every row st gives (columns in cols order) to standard output in
 * fmt. Returns 0, CW_EXIT_EMPTY when there was no row, or an error code
 * (after a message). */
int store_print(cw_db *db, sqlite3_stmt *st, const cw_col *cols,
		size_t ncols, enum cw_format fmt);

/* Whether case num is stored: 0; CW_EXIT_DATA after "no case CA-n"; or
 * CW_EXIT_DB after a database error (both reported). */
int store_case_stored(cw_db *db, int64_t num);

/* workers.c: whether name may be assigned: 1 when the worker roster is
 * empty or has it, 0 when not, -1 after a database error (reported). *st
 * caches the query (the caller finalizes it). Without a database (a dry
 * run without one), 1. */
int intake_roster_allows(cw_db *db, sqlite3_stmt **st, const char *name);

/* schema.c: create or upgrade the schema (write mode), or check that a
 * database opened for reading has the schema this program reads:
 * store_schema_check returns 0, CW_EXIT_DB after a message (not casework's,
 * or newer), or minus the version of an older schema (no message). */
int store_schema_migrate(cw_db *db);
int store_schema_check(cw_db *db);

/* ---- batch.c: the batch of casework.7 in steps ------------------------------
 * For a verb that reads several files with different record callbacks in
 * one batch (sw-refer import reads each HSDS table with its own).
 * cw_batch_run (casework.h) is these steps over a list of files with one
 * callback. */
/* Starts a batch: creates the spool for the records to print after the
 * commit (cols, in o->out_fmt; a dry run prints each to stdout as it is
 * validated instead), creates the rejects file when o->rejects names one, and
 * begins the database transaction unless o->dry_run (db may then be NULL).
 * Returns 0 and *out, or an exit code after a message; nothing is left
 * behind then (a rejects file created is removed) and no totals line is
 * printed. */
int store_batch_start(cw_batch **out, const cw_batch_opts *o, cw_db *db,
		   const cw_col *cols, size_t ncols);
/* Reads one input (path, "-" for standard input), whose records may have
 * the columns names (see cw_reader_expect), through fn, which
 * accounts for each record exactly as cw_batch_fn says. Returns 0, or the
 * exit code of an error that ends the batch (the input cannot be opened
 * or read, a syntax error, fn returned a code, a record not accounted
 * for); the message has been printed. */
int store_batch_read(cw_batch *b, const char *path, const cw_names *names,
		  cw_batch_fn fn, void *ctx);
/* Ends the batch and frees b. fatal is the first nonzero code of
 * store_batch_read (or of the caller's own work), or 0. Unless this is a dry
 * run: when fatal is 0 and no record was rejected (or keep_going is on),
 * calls finish (may be NULL) and commits; otherwise rolls back. Prints the
 * totals line, then the spooled records when the batch committed (a dry
 * run has printed its records already). Removes the rejects file when a real batch
 * rolled back. Returns the exit code of the whole batch: fatal, else
 * CW_EXIT_DATA when a record was rejected, else an output error, else 0. */
int store_batch_end(cw_batch *b, cw_batch_finish_fn finish, void *ctx, int fatal);

/* Counts the current record as stored without printing it: for a verb
 * whose output rows are not one per record (see store_batch_print). Like
 * cw_batch_stored, it is the record's one outcome. */
void store_batch_count_stored(cw_batch *b);
/* Adds one output row (cols order) to the records printed after the
 * commit, without accounting for any record. */
void store_batch_print(cw_batch *b, const char *const *vals);

/* ---- fields.c: a record's columns mapped onto a verb's fields -------------
 * And the small value checks every batch verb shares (values point into
 * the record they came from). */
/* A field a verb reads: its name and other headers it accepts. */
typedef struct cw_fieldspec {
	const char *name;       /* canonical name, as the tools print it */
	const char *alias[3];   /* other accepted headers (Chinese), or NULL */
} cw_fieldspec;

/* Maps rec onto spec: vals[i] is field i's text (NULL when absent or
 * empty; it points into rec) and src[i] the header as written (NULL when
 * the column is absent). The columns every reader ignores (_file, _line,
 * _reason) are skipped. An unknown column, a field given twice, or true,
 * false where text is expected reject the record through b: returns 1
 * then, else 0. */
int store_fields_map(cw_batch *b, const cw_record *rec, const cw_fieldspec *spec,
		  size_t n, const char **vals, const char **src);
/* Whether name is a field's name or accepted header in the cw_fieldspec
 * array names->set of names->n fields: the known of CW_FIELDS_NAMES. */
int store_fields_known(const cw_names *names, const char *name);
/* The cw_names of a cw_fieldspec array of n fields. */
#define CW_FIELDS_NAMES(spec, n) { store_fields_known, (spec), (n) }
/* The header to name field i in a message: as written, else its name. */
const char *store_fields_hdr(const cw_fieldspec *spec, const char **src, size_t i);

/* A word list for an enumeration: what may be typed, what is stored. */
typedef struct cw_word {
	const char *in;
	const char *out;
} cw_word;
/* The stored word for s (ASCII matched in either case), or NULL. The
 * list ends with {NULL, NULL}. */
const char *store_word_canon(const cw_word *list, const char *s);

/* A whole number from 0 to max written in decimal digits alone: 0 and
 * *out set, or -1. */
int store_parse_count(const char *s, long max, long *out);

#endif
