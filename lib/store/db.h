/*
 * store/db.h - the database layer: the one interface through which the
 * library's SQL runs. Every domain's store file prepares, binds, steps
 * and reads its statements with these functions; which engine answers is
 * the backend's affair (struct store_backend, store/backend.h), chosen
 * when the database is opened. SQLite's backend is store/sqlite/; no file
 * outside that folder includes <sqlite3.h> (tests may). Not installed.
 *
 * The SQL a domain writes is the common part of SQLite's and PostgreSQL's
 * dialects: parameters as ?, ?NNN or :name (a backend rewrites them as it
 * needs), || for concatenation, IS DISTINCT FROM, ON CONFLICT DO NOTHING,
 * coalesce, nullif, CASE, common table expressions. What is not common
 * is not written in a domain's SQL: ids come from store_last_id,
 * AUTOINCREMENT and the pragmas live in the backend's schema and
 * connection, and the functions below are provided by every backend (the
 * SQLite backend defines those SQLite lacks, store/sqlite/func.c):
 *   strpos(s, sub)         1-based position of sub in s, 0 when absent
 *   string_agg(x, sep)     the aggregate joining x with sep
 *   cw_local_date(ts)      the local calendar date (YYYY-MM-DD) of a UTC
 *                          timestamp as stored (…Z), in the process's
 *                          time zone; NULL for NULL
 *   cw_days(a, b)          whole days from date a to date b (b - a)
 *   cw_add_days(d, n)      the date n days after date d (n may be < 0)
 *   cw_add_months(d, n)    the date n months after date d, the day clamped
 *                          to the month's last (Jan 31 + 1 = Feb 28/29)
 * Dates are TEXT YYYY-MM-DD, timestamps TEXT YYYY-MM-DDTHH:MM:SSZ; the
 * date functions give NULL for NULL or for text that is not a date.
 * A list of values is bound as one placeholder each (store_in_list), never
 * as JSON for an engine's table function.
 */
#ifndef CW_STORE_DB_H
#define CW_STORE_DB_H

#include <stddef.h>
#include <stdint.h>
#include "casework.h"

/* A prepared statement, owned by whoever prepared it (store_finalize),
 * or by the connection when it came from store_cached. */
typedef struct store_stmt store_stmt;

/* What store_step says. */
enum store_step_rc {
	STORE_ERROR = -1,   /* failed: store_fail says why */
	STORE_DONE = 0,     /* no more rows; a write has been done */
	STORE_ROW = 1       /* a row is ready for the store_col_* calls */
};
/* The type of a column's value in the current row. */
enum store_type { STORE_NULL, STORE_INT, STORE_FLOAT, STORE_TEXT, STORE_BLOB };

/* ---- errors ------------------------------------------------------------- */
/* Prints "cannot WHAT in 'DB': the engine's message" (or that the database
 * was busy past the timeout) and returns CW_EXIT_DB. */
int store_fail(cw_db *db, const char *what);

/* ---- statements --------------------------------------------------------- */
/* Prepares sql; NULL after store_fail("prepare a query"). */
store_stmt *store_prepare(cw_db *db, const char *sql);
/* The connection's prepared statement for sql, prepared on first use and
 * kept until the database is closed: sql must be a text that lives as
 * long (a literal, a static table), since its address is the key. The
 * statement comes reset, its parameters unbound; reset it when done with
 * it (store_reset), so that it holds no lock. NULL after store_fail. */
store_stmt *store_cached(cw_db *db, const char *sql);
/* Runs sql, which may hold several statements and returns no rows:
 * 0, or -1 (nothing printed: store_fail reports). */
int store_exec(cw_db *db, const char *sql);
/* Back to before its first step (bindings kept); st may be NULL. */
void store_reset(store_stmt *st);
/* Frees st (NULL is fine). Never for a statement of store_cached. */
void store_finalize(store_stmt *st);
/* The next row: STORE_ROW, STORE_DONE or STORE_ERROR. */
int store_step(store_stmt *st);

/* ---- parameters (1-based) ------------------------------------------------ */
/* Binds text s, or NULL when s is NULL. s is not copied: it must stay
 * as it is until the statement is stepped to its end or reset. */
void store_bind_text(store_stmt *st, int i, const char *s);
/* The same for s[0..n), which need not end in a NUL. */
void store_bind_textn(store_stmt *st, int i, const char *s, size_t n);
void store_bind_int(store_stmt *st, int i, int64_t v);
void store_bind_double(store_stmt *st, int i, double v);
void store_bind_null(store_stmt *st, int i);
/* The index of the parameter named name (":since"), 0 when none. */
int store_bind_index(store_stmt *st, const char *name);
/* Unbinds every parameter (all NULL). */
void store_clear(store_stmt *st);
/* Appends "(?, ?, ?)" with n placeholders (n >= 1; "(NULL)" for none,
 * which matches nothing) to sql: a list bound value by value. */
void store_in_list(cw_buf *sql, size_t n);

/* ---- the current row (columns 0-based) ------------------------------------ */
int store_cols(store_stmt *st);
const char *store_col_name(store_stmt *st, int i);
int store_col_type(store_stmt *st, int i);
/* Text of column i, NULL for NULL; valid until the next step or reset.
 * A number comes as its text. */
const char *store_col_text(store_stmt *st, int i);
/* Bytes of store_col_text's text. */
size_t store_col_bytes(store_stmt *st, int i);
int64_t store_col_int(store_stmt *st, int i);
double store_col_double(store_stmt *st, int i);

/* ---- the connection ------------------------------------------------------- */
/* The id the last INSERT gave its row. */
int64_t store_last_id(cw_db *db);
/* Rows the last INSERT, UPDATE or DELETE changed. */
int64_t store_changes(cw_db *db);

/* Transactions: store_begin takes the write lock at once (waiting up to
 * the busy timeout) when write, else starts a read transaction that sees
 * one state of the database throughout. 0 or -1 (store_fail reports). */
int store_begin(cw_db *db, int write);
int store_commit(cw_db *db);
/* Never fails; nothing happens outside a transaction. */
void store_rollback(cw_db *db);

/* The next id table's AUTOINCREMENT will give (the highest it has given
 * + 1, as a real batch's inserts get them): 1 without a database, -1
 * after store_fail. */
int64_t store_next_id(cw_db *db, const char *table);

/* Before reading most of a large database once: lets the engine map
 * the file. Only an optimisation; never fails. */
void store_hint_scan(cw_db *db);
/* Appends to sql, right after a table's name or alias in a FROM clause,
 * the engine's words that make the query read that table's rows through
 * index (a covering index its planner would pass over for the primary
 * key): " INDEXED BY index" for SQLite; nothing for an engine that needs
 * no hint. Only an optimisation: the rows are the same without it. */
void store_index_hint(cw_db *db, cw_buf *sql, const char *index);
/* For a batch that appends many rows to tables (NULL-terminated): their
 * secondary indexes are set aside and the page cache made small, and
 * store_bulk_end builds the indexes again, in the same transaction.
 * 0 or -1 after store_fail. */
int store_bulk_begin(cw_db *db, const char *const *tables);
int store_bulk_end(cw_db *db);
/* Whether the database stores text as UTF-8 (so that its byte order is
 * the code points' order). */
int store_text_utf8(cw_db *db);

/* A database private to this process for a dry run that must see its
 * own writes: empty, with this program's schema, holding a copy of the
 * rows of src's tables (NULL-terminated; src may be NULL); named name in
 * messages. Freed with cw_db_free. 0, or an exit code after a message. */
int store_open_scratch(cw_db **out, const char *name, cw_db *src,
		       const char *const *tables);

/* The file name or connection target, for messages. */
const char *store_name(const cw_db *db);
/* How the database was opened. */
enum cw_db_mode store_mode(const cw_db *db);
/* Who acts in the open batch (cw_db_begin), NULL outside one; the
 * batch's id, 0 outside one. */
const char *store_actor(const cw_db *db);
int64_t store_batch(const cw_db *db);

#endif
