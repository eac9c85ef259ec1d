/*
 * store/pg/pg.h - the private header of the PostgreSQL backend: the one
 * folder of the library that includes <libpq-fe.h>. Not installed.
 */
#ifndef CW_STORE_PG_H
#define CW_STORE_PG_H

#include <libpq-fe.h>
#include "store/backend.h"

/* The connection's state (db->h). */
typedef struct pg_conn {
	PGconn *conn;
	char *msg;              /* the last failure's message, owned */
	char sqlstate[6];       /* and its SQLSTATE, "" when none */
	int64_t last_id;        /* the id the last INSERT made */
	int64_t changes;        /* rows the last write touched */
	unsigned next_name;     /* for the names of prepared statements */
	int in_tx;              /* a transaction is open */
	int standby;            /* the server is a standby (in recovery) */
	int busy_ms;            /* the lock timeout */
	/* Tables written with ids of their own in the open transaction:
	 * their sequences are moved past those ids before it commits. */
	char *explicit[8];
	size_t nexplicit;
	/* The write transaction's sequences as it began, an SQL VALUES
	 * list "('name', last value), ...", NULL when none: a rollback
	 * sets them back, so that a batch rolled back uses up no ids (as
	 * on SQLite). Owned. */
	char *seqs;
} pg_conn;

#define PG_H(db) ((pg_conn *)(db)->h)

/* conn.c: keeps res's failure (or the connection's when res is NULL) as
 * the last message; returns -1. */
int pg_failed(cw_db *db, const PGresult *res);
/* Runs sql with no parameters: its result (PQclear it), or NULL after
 * pg_failed. */
PGresult *pg_query(cw_db *db, const char *sql);
/* Notes that table got rows with ids of their own. */
void pg_note_explicit(cw_db *db, const char *table, size_t len);

/* schema.c: creates the schema in an empty database (sw-admin init),
 * upgrades an older one (sw-admin upgrade), and checks that an open
 * database has the schema this program reads. */
int pg_schema_init(cw_db *db);
int pg_schema_upgrade(cw_db *db);
/* The schema's version, 0 when the database holds no casework schema,
 * -1 after a message when it cannot be read or holds something else. */
int pg_schema_version(cw_db *db);

/* stmt.c: the statement functions of the backend table. */
void *pg_prepare(cw_db *db, const char *sql);
void pg_finalize(void *h);
int pg_step(void *h);
void pg_reset(void *h);
void pg_clear(void *h);
void pg_bind_text(void *h, int i, const char *s, size_t n);
void pg_bind_int(void *h, int i, int64_t v);
void pg_bind_double(void *h, int i, double v);
void pg_bind_null(void *h, int i);
int pg_bind_index(void *h, const char *name);
int pg_cols(void *h);
const char *pg_col_name(void *h, int i);
int pg_col_type(void *h, int i);
const char *pg_col_text(void *h, int i);
size_t pg_col_bytes(void *h, int i);
int64_t pg_col_int(void *h, int i);
double pg_col_double(void *h, int i);

#endif
