/*
 * store/backend.h - what a database engine provides to the database layer
 * (store/store.h): the table of functions a backend fills in, as git's
 * struct ref_storage_be or SQLite's VFS, and the connection they share.
 * Only store/db.c and the backends' folders (store/sqlite/, store/pg/)
 * include it.
 * Not installed.
 */
#ifndef CW_STORE_BACKEND_H
#define CW_STORE_BACKEND_H

#include "store/store.h"
#include "core/core.h"

/* An open database: what every backend keeps, and its own handle. */
struct cw_db {
	const struct store_backend *be;
	void *h;                /* the backend's connection, owned */
	char *path;             /* file name or target, for messages, owned */
	enum cw_db_mode mode;   /* how it was opened */
	int admin;              /* opened by sw-admin: the schema unchecked */
	int restricted;         /* a server's login granted a role */
	uint64_t serial;        /* this connection's number in the process */
	int64_t batch;          /* the open batch, 0 outside one */
	const char *actor;      /* who acts in the open batch, not owned */
	char batch_at[21];      /* when the batch began (UTC) */
	core_map cache;         /* store_cached: SQL text address -> store_stmt */
	void *bulk;             /* the backend's state of store_bulk_begin */
	struct store_digests *digests; /* what the open batch wrote (digest.c) */
};

/* A prepared statement: its connection and the backend's handle. */
struct store_stmt {
	cw_db *db;
	void *h;
};

/* The functions of one engine. Each does what the store_ function of the
 * same name says (store/store.h); h is the backend's statement handle. */
struct store_backend {
	const char *name;
	/* Whether target names a database of this engine (a SQLite backend
	 * takes every path; a server's, its connection strings). */
	int (*claims)(const char *target);
	/* Opens db->path in db->mode and sets db->h: creates the database
	 * (owner-only) and migrates its schema for CW_DB_WRITE; refuses a
	 * missing one and checks the schema for CW_DB_READ (upgrading an
	 * older one first when it may). 0, or CW_EXIT_DB after a message;
	 * db->h is then closed by close. With db->admin, a server's
	 * schema is neither checked nor created (init and upgrade do). */
	int (*open)(cw_db *db, const cw_config *cfg);
	void (*close)(cw_db *db);
	/* The engine's message for the last failure, and whether that
	 * failure was a lock held past the busy timeout. */
	const char *(*errmsg)(cw_db *db);
	int (*busy)(cw_db *db);

	int (*exec)(cw_db *db, const char *sql);
	void *(*prepare)(cw_db *db, const char *sql);
	void (*finalize)(void *h);
	int (*step)(void *h);
	void (*reset)(void *h);
	void (*stream)(void *h);
	void (*clear)(void *h);
	/* n is (size_t)-1 for a NUL-terminated s; s is not copied. */
	void (*bind_text)(void *h, int i, const char *s, size_t n);
	void (*bind_int)(void *h, int i, int64_t v);
	void (*bind_double)(void *h, int i, double v);
	void (*bind_null)(void *h, int i);
	int (*bind_index)(void *h, const char *name);
	int (*cols)(void *h);
	const char *(*col_name)(void *h, int i);
	int (*col_type)(void *h, int i);
	const char *(*col_text)(void *h, int i);
	size_t (*col_bytes)(void *h, int i);
	int64_t (*col_int)(void *h, int i);
	double (*col_double)(void *h, int i);

	int64_t (*last_id)(cw_db *db);
	int64_t (*changes)(cw_db *db);
	int (*begin)(cw_db *db, int write);
	int (*commit)(cw_db *db);
	void (*rollback)(cw_db *db);
	int64_t (*next_id)(cw_db *db, const char *table);
	/* Makes the next id table gives at least next (a copy keeps the
	 * ids its source never gives again): 0 or -1. */
	int (*reserve_ids)(cw_db *db, const char *table, int64_t next);
	void (*hint_scan)(cw_db *db);
	void (*index_hint)(cw_db *db, cw_buf *sql, const char *index);
	int (*bulk_begin)(cw_db *db, const char *const *tables);
	int (*bulk_end)(cw_db *db);
	int (*text_utf8)(cw_db *db);
	/* Opens db (path and mode set) as store_open_scratch's empty
	 * private database with the schema. */
	int (*scratch)(cw_db *db);
	/* sw-admin init and upgrade on a database opened with db->admin:
	 * 0, or an exit code after a message. */
	int (*init)(cw_db *db);
	int (*upgrade)(cw_db *db);
	/* Applies the settings kept in the database to cfg (a server's;
	 * SQLite keeps them in its file): 0 or an exit code. */
	int (*settings)(cw_db *db, cw_config *cfg);
	/* Whether the database is a read-only standby. */
	int (*standby)(cw_db *db);
	/* The SQL of the audit trail's head (no row when empty): its last
	 * entry whole (the eleven columns of store/audit.c's ENTRY_COLS,
	 * which the append checks), or a server's that checks it in its
	 * own append, its id and hash alone; and of appending an entry
	 * (those eleven columns, in order; a server's takes the first ten
	 * and computes the id, time, hash and digest itself). A server's
	 * goes through functions that a login who may not read the trail
	 * may call. */
	const char *audit_head_sql;
	const char *audit_append_sql;
	/* Whom the connection acts as, for a server that decides it
	 * (NULL on SQLite): fills *who (the roster name) and *login and
	 * returns 1 for a login granted a role, 0 for the database's owner
	 * (no policy restricts it; --user names the actor, as on SQLite),
	 * or an exit code after a message. */
	int (*identity)(cw_db *db, const char **who, const char **login);
	/* Sets audit entry id's detail to detail, an erasure's redaction of
	 * it (in the open batch, past the rule that entries never change:
	 * a server checks that detail only erases values, and keeps its own
	 * form of it), *stored the detail as kept (new): 0 or -1. */
	int (*audit_redact)(cw_db *db, int64_t id, const char *detail,
			    char **stored);
	/* Around an erasure: before its batch (after 0), makes what it
	 * deletes leave no bytes behind; once committed (after 1), rewrites
	 * the files of tables so that no old version of a row remains and
	 * empties the write-ahead log: 0 or -1. */
	int (*erase_files)(cw_db *db, int after, const char *const *tables);
};

/* The backends, in the order they are asked to claim a target:
 * PostgreSQL's takes connection strings, SQLite's whatever is left. */
extern const struct store_backend store_pg_backend;
extern const struct store_backend store_sqlite_backend;

#endif
