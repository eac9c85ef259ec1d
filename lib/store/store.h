/*
 * store/store.h - the private header of store/: the database layer
 * (first, below), the batch in steps (batch.c), the
 * mapping of a record's columns onto a batch verb's fields (fields.c),
 * the closed vocabularies (vocab.c) and a dry run's rows (dryrows.c).
 * Not installed: commands never see SQL or the engine.
 */
#ifndef CW_STORE_H
#define CW_STORE_H

#include <stddef.h>
#include <stdint.h>
#include "casework.h"
#include "core/core.h"

/*
 * ---- db.c: the database layer: the one interface through which the
 * library's SQL runs. Every domain's store file prepares, binds, steps
 * and reads its statements with these functions; which engine answers is
 * the backend's affair (struct store_backend, store/backend.h), chosen
 * when the database is opened. SQLite's backend is store/sqlite/; no file
 * outside that folder includes SQLite's header (tests may). Not installed.
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
 * as JSON for an engine's table function. A parameter takes its type, on
 * PostgreSQL, from its first use, so it is compared with a column before
 * it is tested alone: "(k.worker = ?1 OR ?1 IS NULL)", never "(?1 IS
 * NULL OR ...)" (or CAST(?1 AS TEXT) IS NULL when the other use is inside
 * a function). A number never named in a statement's text is a text NULL.
 */

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
/* Steps st (bound), which returns no rows, and resets it: 0, or
 * CW_EXIT_DB after store_fail(what). With id, *id is the row an INSERT
 * made. The one way a store file runs a write. */
int store_write(store_stmt *st, const char *what, int64_t *id);
/* Steps st (bound) once and resets it: 1 when it gave a row (with first,
 * *first is its first column as a number), 0 when none, -1 after
 * store_fail(what). */
int store_one(store_stmt *st, const char *what, int64_t *first);
/* The same with the first column as text: *first a new string, NULL
 * when there is no row or the value is NULL. */
int store_one_text(store_stmt *st, const char *what, char **first);
/* The same with the first n columns, into out[0..n-1]. */
int store_one_texts(store_stmt *st, const char *what, size_t n, char **out);
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
/* Says that st may give very many rows (a whole table, a year of
 * contacts): a server's backend then passes them on one by one as they
 * come, instead of holding the whole result (which is faster for a few
 * rows); st may be NULL. */
void store_hint_stream(store_stmt *st);
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

/* audit.c: adds to a the record id as a writer prints it, its fields
 * cols[0..n) with the values v, made canonical JSON in scratch. */
void store_audit_created(cw_audit_ids *a, int64_t id, const cw_col *cols,
			 size_t n, const char *const *v, cw_buf *scratch);
/* audit.c: cw_audit_append for an entity that is no kind of record
 * (entity "setting", ids the setting's key). */
int store_audit_append(cw_db *db, const char *action, const char *entity,
		       const char *ids, const char *detail_json);
/* Switches a chain of format 1 to format 2 in the open batch: the
 * switch entry appended (*switched 1) when the last entry is of format
 * 1, else nothing. 0 or CW_EXIT_DB after a message. */
int store_audit_switch(cw_db *db, int *switched);
/* The chain's head: the last entry's id and hash as stored (0 and 64
 * zeros when the trail is empty), verified by nothing. 0 or CW_EXIT_DB
 * after a message. */
int store_audit_head(cw_db *db, long long *id, char hash[65]);
/* Sets the detail of entry id, of a batch before the open one, to detail,
 * its redaction by an erasure (casework.7, ERASURE): the values erased
 * replaced, nothing else changed; *stored (new) is the detail as the
 * database keeps it (a server keeps its own form of the JSON). The
 * caller appends the redact entry that names it. 0 or CW_EXIT_DB after
 * a message. */
int store_audit_redact(cw_db *db, int64_t id, const char *detail,
		       char **stored);
/* The SHA-256 (hex) of an audit entry's fields but its detail and its
 * links, joined as its hash joins them: what a redact entry keeps of an
 * entry of format 1 it names (casework.7, ERASURE). */
void store_audit_fields_sum(long long id, const char *at, const char *actor,
			    long long batch, const char *action,
			    const char *entity, const char *ids, char out[65]);
/* An erasure's care of the engine's files: before its batch (after 0)
 * and once it has committed (after 1), the tables it wrote given (NULL
 * ended). 0 or CW_EXIT_DB after a message. */
int store_erase_files(cw_db *db, int after, const char *const *tables);
/* What store_audit_verify found of the chain. */
typedef struct store_chain {
	long entries;           /* entries verified */
	long format1;           /* of them, of format 1 (before the switch) */
	long long head_id;      /* the last entry's id; 0 when none */
	char head[65];          /* its hash; "" when none */
	long long at_id;        /* in: an entry whose hash to give (0: none) */
	char at_hash[65];       /* its hash; "" when not in the chain */
} store_chain;
/* cw_audit_verify, saying what it verified in *c (in a read transaction
 * of the caller's, for one snapshot): 0, or CW_EXIT_DB after naming the
 * first entry that fails. */
int store_audit_verify(cw_db *db, store_chain *c);

/* ---- record digests (store/digest.c) ------------------------------------- */
/* Keeps an audit entry of the open batch for its commit, noting the
 * records it names, whose digests the commit writes first: 1, or 0
 * while the commit writes the entries (to be written then). */
int store_digest_queue(cw_db *db, const char *action, const char *entity,
		       const char *ids, const char *detail);
/* Writes the digests of the records noted, then the batch's entries
 * kept and its digest entries (before its commit): 0 or CW_EXIT_DB
 * after a message. */
int store_digest_flush(cw_db *db);
/* Forgets what was noted and kept (a batch rolled back). */
void store_digest_drop(cw_db *db);
/* The digest a record of table (clients, cases, ...) has when its n
 * columns, in the canonical order casework(7) gives, hold vals (NULL:
 * none, numbers as decimal text): for a writer that stores it with the
 * record, which the commit then finds right and leaves. 0, or -1 for a
 * table not digested or a wrong n. */
int store_digest_of(const char *table, const char *const *vals, size_t n,
		    char out[65]);
/* Tells the open batch's commit that record id of kind, which the batch
 * writes no more, is stored with digest (64 hex digits): the commit need
 * not read it back. The digests told of a kind are used when they come
 * in increasing id order and name the first records of the kind that
 * the batch's entries name (those after them are read back), and no
 * entry of the batch changes or deletes one of them; else every record
 * of the kind is read back. */
void store_digest_known(cw_db *db, enum cw_kind kind, int64_t id,
			const char *digest);
/* Digests now the records first..last of kind, which the open batch
 * wrote and writes no more, as its commit would (their digests written
 * where wrong), and tells the commit (store_digest_known): for a writer
 * that goes on to name the records after them. 0, or CW_EXIT_DB after a
 * message. */
int store_digest_now(cw_db *db, enum cw_kind kind, int64_t first, int64_t last);
/* Where db keeps what was noted (store/db.c). */
struct store_digests **store_digest_slot(cw_db *db);
/* The JSON line of a record as its insert entry digested it, written
 * before digests, in out, with now 0 as the tools of then printed it
 * (without the fields added since), with now 1 as the tools print it
 * now: 1, 0 for a kind it does not know, -1 after a message. */
typedef int (*store_old_line)(cw_db *db, enum cw_kind kind, int64_t id,
			      int now, cw_buf *out);
/* Checks every record against the digest of its last audited write,
 * and those written before digests by their insert entries where line
 * gives their lines and none was changed since, naming each record (or
 * batch) that fails; *checked is the number of records checked (-1 for
 * a worker's extract, which keeps no trail: nothing checked): 0, or
 * CW_EXIT_DB. In a read transaction of the caller's. */
int store_records_verify(cw_db *db, store_old_line line, long *checked);

/* ---- the database itself (sw-admin) -------------------------------------- */
/* The engine that would answer target: "postgresql" or "sqlite". */
const char *store_backend_name(const char *target);
/* The engine of an open database. */
const char *store_engine(const cw_db *db);
/* Opens target for sw-admin: a SQLite file is opened for writing
 * (created or upgraded as by any writer); a server's database is
 * connected to with its schema unchecked. 0, or an exit code after a
 * message. */
int store_open_admin(cw_db **out, const char *target, const cw_config *cfg);
/* Creates the schema in an empty database (nothing done when it is
 * there already), or upgrades an older one in one transaction: 0, or
 * CW_EXIT_DB after a message. */
int store_init(cw_db *db);
int store_upgrade(cw_db *db);
/* Applies the settings a server's database keeps to cfg: 0, or an exit
 * code after a message. Nothing for SQLite, whose file keeps them. */
int store_settings(cw_db *db, cw_config *cfg);
/* Makes the next id of table at least next: 0 or CW_EXIT_DB. */
int store_reserve_ids(cw_db *db, const char *table, int64_t next);
/* cw_db_begin's batch row in a write transaction already open
 * (store_begin): 0, or CW_EXIT_DB after rolling it back. */
int store_batch_open(cw_db *db, const char *actor, const char *verb,
		     int64_t *batch_id);
/* Whether db is a read-only standby server. */
int store_standby(cw_db *db);
/* The SQL of the audit trail's head (append 0) or of appending an entry
 * (append 1): see struct store_backend. */
const char *store_audit_sql(const cw_db *db, int append);
/* Whom the program acts as: on a server that decides it (PostgreSQL's
 * logins granted a role), the roster name mapped to the login, which
 * replaces *user; a user given (--user, CASEWORK_USER: given is 1) must
 * then be that name or the login, else a usage error. Elsewhere (SQLite,
 * the owner of a server's database) *user stays. 0 or an exit code
 * after a message. */
int store_identify(cw_db *db, char **user, int given);
/* Whether the connection's login is restricted by a server's roles. */
int store_restricted(const cw_db *db);
/* A worker's extract (sw-admin copy --worker) is a SQLite file marked by
 * its application_id ("CWEX"): every command that would write refuses
 * it (exit 4, "read-only extract"). Marks db, a SQLite file in a write
 * transaction: 0 or -1 (store_fail reports). */
#define STORE_EXTRACT_ID 0x43574558
int store_mark_extract(cw_db *db);

/* ---- sqlite/backup.c: a SQLite database copied into a file of its own
 * with SQLite's online backup API (sw-admin backup and restore) -------- */
/* What the copy is, read from the file written. */
typedef struct store_file_info {
	int schema_version;   /* its user_version: 0 for no casework schema */
	int application_id;   /* STORE_EXTRACT_ID for a worker's extract */
} store_file_info;
/* Copies the open SQLite database src into the file to, which is there
 * and empty (the caller made it, owner-only), as one state of src while
 * other processes write to it: a WAL database (every casework database)
 * read as one snapshot that no writer waits for, a rollback-journal one
 * in steps that SQLite starts again when a writer commits meanwhile. A
 * step that finds src locked is tried again for up to busy_ms. The copy
 * is in rollback-journal mode: one file, nothing beside it. 0, or
 * CW_EXIT_DB after a message. */
int store_backup_db(cw_db *src, const char *to, int busy_ms,
		    store_file_info *info);
/* The same from the file from, opened read-only (never changed); a file
 * that is not a SQLite database is CW_EXIT_DB after "'from' is not a
 * casework database". */
int store_backup_file(const char *from, const char *to, int busy_ms,
		      store_file_info *info);
/* SQLite's check of db's structure (PRAGMA integrity_check): 0, or
 * CW_EXIT_DB after "'name' is corrupt: the first problem". 0 for a
 * server's database, whose server keeps its own. */
int store_integrity(cw_db *db, const char *name);

/* A number no other connection of the process has had: what a memo of
 * answers read from one connection is kept under. */
uint64_t store_serial(const cw_db *db);
/* The file name or connection target, for messages. */
const char *store_name(const cw_db *db);
/* Names an open database name in messages from now on (a temporary
 * file by the name it will have, or by the file it was copied from). */
void store_rename(cw_db *db, const char *name);
/* How the database was opened. */
enum cw_db_mode store_mode(const cw_db *db);
/* Who acts in the open batch (cw_db_begin), NULL outside one; the
 * batch's id, 0 outside one. */
const char *store_actor(const cw_db *db);
int64_t store_batch(const cw_db *db);

/* Steps st for the next row to write through w: STORE_ROW; STORE_DONE
 * at the end, and as soon as w's output has failed (a closed pipe, a full
 * disk), since the rest would be read for nothing; or an error code. */
int store_step_out(store_stmt *st, const cw_writer *w);
/* Prints every row st gives (columns in cols order) to out in fmt.
 * Returns 0, CW_EXIT_EMPTY when there was no row, or an error code
 * (after a message). */
int store_print(cw_db *db, FILE *out, store_stmt *st, const cw_col *cols,
		size_t ncols, enum cw_format fmt);

/* Whether case num is stored: 0; CW_EXIT_DATA after "no case CA-n"; or
 * CW_EXIT_DB after a database error (both reported). */
int store_case_stored(cw_db *db, int64_t num);
/* Whether case num is stored: 1, 0, or -1 after a database error
 * (reported). */
int store_case_exists(cw_db *db, int64_t num);

/* intake/store_workers.c: whether name may be assigned: 1 when the
 * worker roster is empty or has it, 0 when not, -1 after a database error
 * (reported). Without a database (a dry run without one), 1. */
int intake_roster_allows(cw_db *db, const char *name);

/* ---- project.c: the project a record names (casework.7, PROJECTS) -------- */
/* The contract of the project whose code is code: 1 and its id, first
 * and last day; 0 when there is none; -1 after store_fail. */
int store_project_contract(cw_db *db, const char *code, int64_t *id,
			   cw_date *start, cw_date *end);
/* Why a text is no project's code (core_project_code_valid), for a
 * message. */
#define STORE_PROJECT_CODE_WHY "not a project's code (letters, digits, - _ . " \
	"up to 24, a letter or digit first, not of an id's form such as PJ-1)"
/* A project's code a record gives in its field hdr: 0 when it is one;
 * CW_REJECTED after rejecting the record when it is empty (what: what
 * the field is for, in the message) or not of a code's form. */
int store_project_code(cw_batch *b, const cw_record *rec, const char *hdr,
		       const char *code, const char *what);
/* Forgets the contract last read (a project was just added). */
void store_project_forget(void);
/* Checks the project code a record names in its field hdr, for the
 * record's date (what names that date in the message: "the contact's
 * date"): a code's form, a project that exists, the date within its
 * contract. Without a database (a dry run without one) the form alone.
 * 0; CW_REJECTED after rejecting the record; or CW_EXIT_DB. */
int store_project_check(cw_db *db, cw_batch *b, const cw_record *rec,
			const char *hdr, const char *code, cw_date date,
			const char *what);
/* Checks a record without a project of its own, which counts for its
 * case's (casework.7, PROJECTS): the date (what names it, as above)
 * within the contract of case_id's project, when the case has one;
 * rejected in the field hdr otherwise, naming the case and the project,
 * never a value of the case. Without a database, nothing. 0; CW_REJECTED;
 * or CW_EXIT_DB. */
int store_project_case_check(cw_db *db, cw_batch *b, const cw_record *rec,
			     const char *hdr, int64_t case_id, cw_date date,
			     const char *what);
/* The first record of case_id without a project of its own (a contact, a
 * group session's attendance, a referral, dated the day it was drafted)
 * dated outside start..end, into *id ("CT-4", "GS-2", "RF-1") and *date,
 * both new strings: 1 when there is one, 0 when none, -1 after
 * store_fail. What sw-intake update checks before it moves a case to
 * another project. */
int store_project_case_outside(cw_db *db, int64_t case_id, cw_date start,
			       cw_date end, char **id, char **date);

/* ---- batch.c: the batch of casework.7 in steps ------------------------------
 * For a verb that reads several files with different record callbacks in
 * one batch (sw-refer import reads each HSDS table with its own).
 * cw_batch_run (casework.h) is these steps over a list of files with one
 * callback, printing to standard output; store_batch_run the same
 * printing to a verb's output (its context's). */
int store_batch_run(const cw_batch_opts *o, FILE *to, cw_db *db,
		    char **files, size_t nfiles, const cw_col *cols,
		    size_t ncols, const cw_names *names, cw_batch_fn fn,
		    cw_batch_finish_fn finish, void *ctx);
/* Starts a batch: creates the spool for the records to print to to after
 * the commit (cols, in o->out_fmt; a dry run prints each to to as it is
 * validated instead), creates the rejects file when o->rejects names one, and
 * begins the database transaction unless o->dry_run (db may then be NULL).
 * Returns 0 and *out, or an exit code after a message; nothing is left
 * behind then (a rejects file created is removed) and no totals line is
 * printed. */
int store_batch_start(cw_batch **out, const cw_batch_opts *o, FILE *to,
		      cw_db *db, const cw_col *cols, size_t ncols);
/* Reads one input (path, "-" for standard input), whose records may have
 * the columns names (see cw_reader_expect), through fn, which
 * accounts for each record exactly as cw_batch_fn says. Returns 0, or the
 * exit code of an error that ends the batch (the input cannot be opened
 * or read, a syntax error, fn returned a code, a record not accounted
 * for); the message has been printed. */
int store_batch_read(cw_batch *b, const char *path, const cw_names *names,
		  cw_batch_fn fn, void *ctx);
/* The same for an input open already (fp, owned from now on), named name
 * in messages: an input copied by store_copy_input. */
int store_batch_read_file(cw_batch *b, FILE *fp, const char *name,
			  const cw_names *names, cw_batch_fn fn, void *ctx);
/* An input that is not a regular file (a pipe, a terminal, "-" for
 * standard input) is copied into an anonymous owner-only temporary file
 * before a batch takes the write lock, so that no other command waits on
 * a slow pipe or a person typing. Returns 0 and *out (NULL: a regular
 * file or a folder, read in place), or an exit code after a message. */
int store_copy_input(const char *path, FILE **out);
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
/* Appends to out the JSON object of a record of the batch's columns,
 * vals, as cw_json_record gives it (the keys quoted once for the batch):
 * the form an insert entry digests (casework.7). */
void store_batch_json(const cw_batch *b, cw_buf *out, const char *const *vals);
/* cw_batch_stored for the record vals whose JSON object store_batch_json
 * gave as json (len bytes): printed as it is in JSON Lines. */
void store_batch_stored_json(cw_batch *b, const char *const *vals,
			     const char *json, size_t len);
/* The format of the input being read (CSV, JSONL, JSON, XLSX): for
 * advice that fits it. */
enum cw_format store_batch_format(const cw_batch *b);

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
 * false where text is expected reject the record through b: returns
 * CW_REJECTED then, else 0. */
int store_fields_map(cw_batch *b, const cw_record *rec, const cw_fieldspec *spec,
		  size_t n, const char **vals, const char **src);
/* Whether name is a field's name or accepted header in the cw_fieldspec
 * array names->set of names->n fields: the known of CW_FIELDS_NAMES. */
int store_fields_known(const cw_names *names, const char *name);
/* The cw_names of a cw_fieldspec array of n fields. */
#define CW_FIELDS_NAMES(spec, n) { store_fields_known, (spec), (n) }
/* The header to name field i in a message: as written, else its name. */
const char *store_fields_hdr(const cw_fieldspec *spec, const char **src, size_t i);
/* Parses a date field (text, from the column named src in messages):
 * 0 and *out set; CW_REJECTED after rejecting the record with the
 * parser's reason, or "is in the future" unless future is 1. */
int store_fields_date(cw_batch *b, const cw_record *rec, const char *src,
		      const char *text, cw_date today, int future, cw_date *out);

/* ---- household.c: households (casework.7, Households) -------------------- */
/* Whether word is a relationship that makes a household (spouse, parent,
 * child, grandparent, grandchild, sibling). */
int store_relationship_family(const char *word);
/* Whether client id exists: 1, 0, or -1 after a message. Where a
 * server's roles hide clients, asked through its narrow door
 * (cw_client_exists), which tells nothing else of the client. */
int store_client_exists(cw_db *db, int64_t id);
/* Every client's household, HH-m as m: the smallest client id of it. */
typedef struct store_households {
	int64_t *id;    /* the clients, ascending */
	int64_t *hh;    /* hh[i]: client id[i]'s household */
	size_t n;
} store_households;
/* Reads every client the login sees with the family relations and
 * household_ids: 0, or CW_EXIT_DB after a message. */
int store_households_load(cw_db *db, store_households *h);
/* The household of client (the client itself when not loaded). */
int64_t store_household_of(const store_households *h, int64_t client);
void store_households_release(store_households *h);
/* One client's household: its members' ids, ascending (the first names
 * it), in *members (newly allocated), as far as the login sees them.
 * 0, or CW_EXIT_DB after a message. */
int store_household_members(cw_db *db, int64_t client, int64_t **members,
			    size_t *n);

/* ---- vocab.c: the closed vocabularies, one table each ------------------------
 * A word of a closed list: the machine word (stored, printed, allowed by
 * the schema's CHECK), the other spellings input may use, and its Chinese
 * label for people (NULL where none is documented). */
#define STORE_VOCAB_ALIASES 5
typedef struct store_vocab_word {
	const char *word;
	const char *alias[STORE_VOCAB_ALIASES];  /* NULL after the last */
	const char *zh;
} store_vocab_word;
/* A closed list: its words in display order (the manual pages' order,
 * the report rows' order, the order of the CHECK list). */
typedef struct store_vocab {
	const char *name;                /* what it is, for tests */
	const store_vocab_word *w;
	size_t n;
} store_vocab;

extern const store_vocab store_vocab_sex, store_vocab_id_type,
	store_vocab_case_category, store_vocab_consenter, store_vocab_yes_no,
	store_vocab_case_status, store_vocab_risk, store_vocab_goal_term,
	store_vocab_goal_status, store_vocab_goal_outcome,
	store_vocab_closure_kind,
	store_vocab_task_status, store_vocab_contact_kind,
	store_vocab_followup_kind, store_vocab_followup_status,
	store_vocab_due_kind, store_vocab_service_category,
	store_vocab_referral_state, store_vocab_referral_urgency,
	store_vocab_address_kind, store_vocab_worker_role,
	store_vocab_indicator, store_vocab_activity_kind,
	store_vocab_programme_stage, store_vocab_consent_purpose,
	store_vocab_relationship;
/* All of them, NULL-terminated (for tests). */
extern const store_vocab *const store_vocabs[];

/* The word s means: a word or an alias of v, ASCII matched in either
 * case; NULL when none (or s is NULL). */
const char *store_vocab_canon(const store_vocab *v, const char *s);
/* The index of word in v (exactly as written), or -1. */
long store_vocab_index(const store_vocab *v, const char *word);
/* The Chinese label of word in v, or NULL. */
const char *store_vocab_zh(const store_vocab *v, const char *word);
/* v's words into out (size bytes) for a message: "a, b, c" with last
 * (", ", " or ") before the last one. Returns out. */
const char *store_vocab_list(const store_vocab *v, const char *last,
			     char *out, size_t size);
/* Why a value is refused, for a message: "not one of a, b, c (甲, 乙,
 * 丙)": v's words, then their labels when every word has one. */
#define STORE_VOCAB_WHY 320
const char *store_vocab_why(const store_vocab *v, char *out, size_t size);

/* ---- dryrows.c: what a dry run would have stored ---------------------------
 * The rows a dry run would have stored, so that a later record of the
 * batch naming one by the id it would have (or changing one again) is
 * judged as in the real run. The rows live in an anonymous, owner-only
 * temporary file; memory holds an offset every DRYROWS_BLOCK rows and one
 * per changed row: flat for a batch of millions. */
#define DRYROWS_BLOCK 64
typedef struct store_dryrows {
	FILE *f;                /* the rows, owned; NULL before the first */
	int64_t base;           /* the id the first new row would have */
	size_t ncols, n;        /* columns a row, new rows kept */
	uint64_t end;           /* bytes of rows kept */
	uint64_t written;       /* of which written to f (the rest in buf) */
	uint64_t *block;        /* offset of new row i * DRYROWS_BLOCK, owned */
	core_map later;         /* later versions of rows: id -> offset */
	int failed;
	cw_buf buf;             /* rows waiting to be written */
} store_dryrows;
/* Starts with the next id of table (store_next_id; db NULL: 1). 0 or
 * an exit code. */
int store_dryrows_init(store_dryrows *d, cw_db *db, const char *table, size_t ncols);
/* store_dryrows_init on first use (d zeroed before): so that the next id
 * is read in the dry run's read transaction. 0 or an exit code. */
int store_dryrows_ready(store_dryrows *d, cw_db *db, const char *table, size_t ncols);
/* Keeps a new row (ncols values, NULL for none): *id is the id the real
 * run would give it. 0 or CW_EXIT_IO (reported). */
int store_dryrows_add(store_dryrows *d, const char *const *v, int64_t *id);
/* Keeps v as the row id now stands (a stored or a new row changed). */
int store_dryrows_set(store_dryrows *d, int64_t id, const char *const *v);
/* The row id as the dry run left it into out[ncols] (owned): 1, 0 when
 * the dry run neither made nor changed it, or minus an exit code. */
int store_dryrows_get(store_dryrows *d, int64_t id, char **out);
void store_dryrows_release(store_dryrows *d);

#endif
