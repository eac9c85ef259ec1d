/*
 * store/pg/pg.h - the private header of the PostgreSQL backend: the one
 * folder of the library that includes <libpq-fe.h>. Not installed.
 */
#ifndef CW_STORE_PG_H
#define CW_STORE_PG_H

#include <libpq-fe.h>
#include "store/backend.h"

/* libpq.c: libpq is loaded when a command first opens a PostgreSQL
 * database (dlopen), not linked: a command on a SQLite file never loads
 * it and the libraries it pulls in (TLS, Kerberos, LDAP), which would
 * cost every command more than its whole run on a small database. The
 * library's calls go through this table, under their own names. */
#define PG_API(X) \
	X(PQconnectdbParams) X(PQstatus) X(PQerrorMessage) X(PQfinish) \
	X(PQexec) X(PQexecParams) X(PQprepare) X(PQexecPrepared) \
	X(PQdescribePrepared) X(PQresultStatus) X(PQresultErrorField) \
	X(PQclear) X(PQntuples) X(PQnfields) X(PQfname) X(PQftype) \
	X(PQgetvalue) X(PQgetisnull) X(PQcmdTuples) X(PQtransactionStatus) \
	X(PQputCopyData) X(PQputCopyEnd) X(PQgetResult) X(PQsendQueryParams) \
	X(PQsendQueryPrepared) X(PQsetSingleRowMode)
#define PG_API_MEMBER(f) __typeof__(f) *f;
struct pg_api {
	PG_API(PG_API_MEMBER)
};
extern struct pg_api pg_api;
/* Loads libpq.so.5: 0, or CW_EXIT_DB after a message naming the package. */
int pg_load(void);
#define PQconnectdbParams (pg_api.PQconnectdbParams)
#define PQstatus (pg_api.PQstatus)
#define PQerrorMessage (pg_api.PQerrorMessage)
#define PQfinish (pg_api.PQfinish)
#define PQexec (pg_api.PQexec)
#define PQexecParams (pg_api.PQexecParams)
#define PQprepare (pg_api.PQprepare)
#define PQexecPrepared (pg_api.PQexecPrepared)
#define PQdescribePrepared (pg_api.PQdescribePrepared)
#define PQresultStatus (pg_api.PQresultStatus)
#define PQresultErrorField (pg_api.PQresultErrorField)
#define PQclear (pg_api.PQclear)
#define PQntuples (pg_api.PQntuples)
#define PQnfields (pg_api.PQnfields)
#define PQfname (pg_api.PQfname)
#define PQftype (pg_api.PQftype)
#define PQgetvalue (pg_api.PQgetvalue)
#define PQgetisnull (pg_api.PQgetisnull)
#define PQcmdTuples (pg_api.PQcmdTuples)
#define PQtransactionStatus (pg_api.PQtransactionStatus)
#define PQputCopyData (pg_api.PQputCopyData)
#define PQputCopyEnd (pg_api.PQputCopyEnd)
#define PQgetResult (pg_api.PQgetResult)
#define PQsendQueryParams (pg_api.PQsendQueryParams)
#define PQsendQueryPrepared (pg_api.PQsendQueryPrepared)
#define PQsetSingleRowMode (pg_api.PQsetSingleRowMode)

typedef struct pg_stmt pg_stmt;

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
	char *settings;         /* the settings kept, read at opening */
	/* Whom the login acts as (conn.c, access.c), once read: */
	int identified;
	char *login;            /* session_user, owned */
	char *who;              /* the roster name granted it, or NULL */
	char *role;             /* the role granted it, or NULL */
	int owner;              /* holds the owner's rights: no policy */
	pg_stmt *active;        /* a statement whose rows are still coming */
	int bulk;               /* between store_bulk_begin and _end */
	char *reindex;          /* the indexes it set aside, to build again */
	struct pg_copy *copies; /* rows waiting to go as COPY (stmt.c) */
	size_t ncopies;
	size_t copy_bytes;      /* how many bytes of them */
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

/* stmt.c: reads ahead the rows of the statement still coming (if any),
 * so that the connection is free for another. */
void pg_drain(cw_db *db);
/* conn.c: appends SQL moving table's sequence past the ids given by
 * hand, never back. */
void pg_sync_sequence(cw_buf *b, const char *table);
/* stmt.c: a bulk batch's rows kept for COPY: sent (0, or -1 after
 * pg_failed), or dropped with their transaction. */
int pg_copy_flush(cw_db *db);
void pg_copy_discard(cw_db *db);

/* schema.c: creates the schema in an empty database (sw-admin init),
 * upgrades an older one (sw-admin upgrade), and checks that an open
 * database has the schema this program reads. */
int pg_schema_init(cw_db *db);
int pg_schema_upgrade(cw_db *db);
/* The schema's version, 0 when the database holds no casework schema,
 * -1 after a message when it cannot be read or holds something else. */
int pg_schema_version(cw_db *db);
/* access.c: the statements of schema version 3 that make the server
 * roles, the grants and the row-level security policies; NULL-ended. */
extern const char *const pg_access_sql[];
/* The rights on the projects' tables (schema version 9, access.c). */
extern const char *const pg_projects_access_sql[];
/* The rights on the activities', volunteers' and trainings' tables and
 * the officer's view of contacts with its activity (schema version 10,
 * access.c). */
extern const char *const pg_activities_access_sql[];
extern const char *const pg_consents_access_sql[];
/* The rights on the cases' assignments and the officer's view of them
 * (schema version 13, access.c). */
extern const char *const pg_assignments_access_sql[];
/* The columns of an officer's view of clients as version 11 made them
 * (schema.c), which later versions make again with their columns
 * appended (access.c): a view's columns are fixed when it is made. */
#define PG_OFFICER_CLIENTS_V11 \
	"  id, NULL::text AS name, NULL::text AS name_key, sex,\n" \
	"  make_date(extract(year FROM birth_date)::integer, 1, 1) AS birth_date,\n" \
	"  id_type, NULL::text AS id_number, NULL::text AS phone,\n" \
	"  NULL::text AS address, NULL::text AS household,\n" \
	"  NULL::text AS language, consent_date, consent_by, consent_share,\n" \
	"  consent_expires, consent_withdrawn, created_at, updated_at,\n" \
	"  batch_id, NULL::text AS emergency_name,\n" \
	"  NULL::text AS emergency_relationship,\n" \
	"  NULL::text AS emergency_phone"
/* Schema version 14: the relations between clients (access.c). */
extern const char *const pg_relations_access_sql[];
/* chain.c: the statements of the audit chain's format 2 (version 4),
 * the first of them the server's append (run again at version 8). */
extern const char pg_audit_append_sql[];
extern const char *const pg_audit_sql[];
/* chain.c: schema version 8's, the audit sequence moved at commit for
 * every writer. */
extern const char *const pg_seq_sql[];
/* chain.c: schema version 7's functions of erasure, and the backend's
 * audit_redact and erase_files. */
extern const char *const pg_redact_sql[];
int pg_audit_redact(cw_db *db, int64_t id, const char *detail,
		    char **stored);
int pg_erase_files(cw_db *db, int after, const char *const *tables);

/* stmt.c: the statement functions of the backend table. */
void *pg_prepare(cw_db *db, const char *sql);
void pg_finalize(void *h);
int pg_step(void *h);
void pg_reset(void *h);
void pg_stream(void *h);
/* The text a statement runs as on the server ($N parameters, RETURNING
 * id added), and how many parameters it has: for the tests. */
const char *pg_sql(void *h, int *nparams);
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
