/* store/pg/conn.c - PostgreSQL's backend: connecting to a server,
 * transactions, failures, and the backend table.
 *
 * A connection string (postgresql://..., postgres://..., service=NAME)
 * is given to libpq as it is: passwords come from ~/.pgpass, the service
 * file or peer authentication, never from the string (refused, so that
 * no message or process list shows one). Each connection sets what the
 * library's SQL relies on in its start-up packet, at no round trip: the
 * casework schema first, times in UTC, ISO dates, and the process's own
 * time zone for cw_local_date. Writers take one lock for the database
 * (an advisory lock, held until the transaction ends), so that two
 * batches run one after the other as on SQLite, waiting up to the
 * configured busy timeout. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "store/pg/pg.h"

/* The key of the writers' lock: "casework" in ASCII. */
#define WRITE_LOCK "7161128542117032299"

int pg_failed(cw_db *db, const PGresult *res)
{
	pg_conn *c = PG_H(db);
	const char *m = NULL, *state = NULL;
	size_t n;

	if (res) {
		/* the primary message only: DETAIL may quote a row's values */
		m = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
		state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
	}
	if (!m)
		m = PQerrorMessage(c->conn);
	if (!m || !*m)
		m = "the server gave no reason";
	free(c->msg);
	c->msg = cw_xstrdup(m);
	n = strlen(c->msg);
	while (n && (c->msg[n - 1] == '\n' || c->msg[n - 1] == ' '))
		c->msg[--n] = '\0';
	snprintf(c->sqlstate, sizeof c->sqlstate, "%s", state ? state : "");
	if (PQstatus(c->conn) == CONNECTION_BAD) {
		free(c->msg);
		c->msg = cw_xstrdup("the connection to the server was lost");
	} else if (!strcmp(c->sqlstate, "42501") && strstr(c->msg, "row-level security")) {
		/* a write the policies refuse (store/pg/access.c) */
		free(c->msg);
		c->msg = cw_xstrdup("permission denied by the server's access rules");
	} else if (!strcmp(c->sqlstate, "25006")) {
		free(c->msg);
		c->msg = cw_xstrdup("the database is read-only (a standby server)");
	}
	return -1;
}

PGresult *pg_query(cw_db *db, const char *sql)
{
	PGresult *res;
	ExecStatusType st;

	pg_drain(db);
	if (PG_H(db)->copy_bytes && pg_copy_flush(db))
		return NULL;
	res = PQexec(PG_H(db)->conn, sql);
	st = PQresultStatus(res);

	if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
		return res;
	pg_failed(db, res);
	PQclear(res);
	return NULL;
}

void pg_note_explicit(cw_db *db, const char *table, size_t len)
{
	pg_conn *c = PG_H(db);
	size_t k;

	for (k = 0; k < c->nexplicit; k++)
		if (strlen(c->explicit[k]) == len && !memcmp(c->explicit[k], table, len))
			return;
	if (c->nexplicit < sizeof c->explicit / sizeof c->explicit[0])
		c->explicit[c->nexplicit++] = cw_xstrndup(table, len);
}

static void forget_explicit(pg_conn *c)
{
	while (c->nexplicit)
		free(c->explicit[--c->nexplicit]);
}

/* ---- opening ------------------------------------------------------------------- */

static int pg_claims(const char *target)
{
	return !strncmp(target, "postgresql://", 13) ||
	       !strncmp(target, "postgres://", 11) ||
	       !strncmp(target, "service=", 8);
}

/* Whether a connection string carries a password. */
static int has_password(const char *t)
{
	const char *at, *colon, *s;

	if (strstr(t, "password=") || strstr(t, "password ="))
		return 1;
	if (strncmp(t, "postgres", 8))
		return 0;
	s = strstr(t, "://") + 3;
	at = strchr(s, '@');
	if (!at)
		return 0;
	colon = memchr(s, ':', (size_t)(at - s));
	return colon != NULL && strcspn(s, "/?") > (size_t)(at - s);
}

/* The process's time zone, as PostgreSQL names zones: TZ, else the zone
 * /etc/localtime links to, else UTC. */
static void local_zone(char *out, size_t n)
{
	const char *tz = getenv("TZ");
	char link[PATH_MAX];
	ssize_t len;
	const char *z;

	if (tz && *tz == ':')
		tz++;
	if (tz && *tz && !strchr(tz, ' ') && !strchr(tz, '\\')) {
		snprintf(out, n, "%s", tz);
		return;
	}
	len = readlink("/etc/localtime", link, sizeof link - 1);
	if (len > 0) {
		link[len] = '\0';
		if ((z = strstr(link, "zoneinfo/")) != NULL) {
			snprintf(out, n, "%s", z + 9);
			return;
		}
	}
	snprintf(out, n, "UTC");
}

static void pg_close(cw_db *db)
{
	pg_conn *c = db->h;
	if (!c)
		return;
	if (c->conn)
		PQfinish(c->conn);
	forget_explicit(c);
	pg_copy_discard(db);
	free(c->reindex);
	free(c->settings);
	free(c->login);
	free(c->who);
	free(c->role);
	free(c->seqs);
	free(c->msg);
	free(c);
	db->h = NULL;
}

/* ---- whom a login acts as (access.c) --------------------------------------- */

/* The columns that say it, in the opening round trip: the login, the
 * roster name and role granted it, and whether it holds the owner's
 * rights (the DBA: whoever ran sw-admin init, or a superuser). */
#define IDENTITY_COLS "session_user, (SELECT worker FROM casework.logins" \
	" WHERE login = session_user), (SELECT role FROM casework.logins" \
	" WHERE login = session_user), pg_has_role(session_user, (SELECT name" \
	" FROM casework.access_roles WHERE kind = 'owner'), 'USAGE')"

/* An officer reads the views of casework_officer (access.c) under the
 * tables' names: first on the search_path. 0, or -1 after pg_failed. */
static int officer_path(cw_db *db)
{
	pg_conn *c = PG_H(db);
	PGresult *res;

	if (c->owner || !c->role || strcmp(c->role, "officer"))
		return 0;
	if (!(res = pg_query(db, "SET search_path = casework_officer, casework")))
		return -1;
	PQclear(res);
	return 0;
}

static void keep_identity(pg_conn *c, PGresult *res, int col)
{
	free(c->login);
	free(c->who);
	free(c->role);
	c->login = cw_xstrdup(PQgetvalue(res, 0, col));
	c->who = PQgetisnull(res, 0, col + 1) ? NULL
		 : cw_xstrdup(PQgetvalue(res, 0, col + 1));
	c->role = PQgetisnull(res, 0, col + 2) ? NULL
		  : cw_xstrdup(PQgetvalue(res, 0, col + 2));
	c->owner = !strcmp(PQgetvalue(res, 0, col + 3), "t");
	c->identified = 1;
}

/* The message for a login without a grant: CW_EXIT_DB. */
static int no_grant(cw_db *db)
{
	PGresult *res = pg_query(db, "SELECT session_user");

	cw_error("login '%s' has no grant on '%s': an admin gives it one with "
		 "sw-admin grant", res ? PQgetvalue(res, 0, 0) : "?", db->path);
	PQclear(res);
	return CW_EXIT_DB;
}

static int pg_identity(cw_db *db, const char **who, const char **login)
{
	pg_conn *c = PG_H(db);
	PGresult *res;
	int has;

	if (!c->identified) {
		/* sw-admin's connections: a schema without the logins of
		 * version 3 (before init or upgrade) has no roles to decide */
		if (!(res = pg_query(db, "SELECT to_regclass('casework.logins')"
				     " IS NOT NULL AND to_regclass("
				     "'casework.access_roles') IS NOT NULL")))
			return store_fail(db, "read who this login is");
		has = !strcmp(PQgetvalue(res, 0, 0), "t");
		PQclear(res);
		if (!has)
			return 0;
		if (!(res = pg_query(db, "SELECT " IDENTITY_COLS)))
			return store_fail(db, "read who this login is");
		keep_identity(c, res, 0);
		PQclear(res);
		if (officer_path(db))
			return store_fail(db, "read who this login is");
	}
	if (c->owner)
		return 0;
	if (!c->who)
		return no_grant(db);
	*who = c->who;
	*login = c->login;
	return 1;
}

/* Connects, and reads in one round trip what opening needs: whether the
 * server is a standby, the schema's version, and whom the login acts
 * as. */

static int pg_open(cw_db *db, const cw_config *cfg)
{
	const char *keys[] = {"dbname", "options", "application_name",
			      "client_encoding", NULL};
	const char *vals[5];
	char zone[128], opts[512];
	pg_conn *c;
	PGresult *res;
	int version;

	if (has_password(db->path)) {
		cw_error("the connection string holds a password: keep it in "
			 "~/.pgpass or the service file instead");
		return CW_EXIT_USAGE;
	}
	if (pg_load())
		return CW_EXIT_DB;
	c = cw_xcalloc(1, sizeof *c);
	db->h = c;
	c->busy_ms = cfg ? cfg->busy_timeout_ms : 10000;
	local_zone(zone, sizeof zone);
	/* No parallel workers and no JIT: casework's statements read few
	 * rows by index or stream many to the client, where starting
	 * workers or compiling costs more than it saves. */
	snprintf(opts, sizeof opts, "-c search_path=casework -c TimeZone=UTC"
		 " -c DateStyle=ISO,YMD -c IntervalStyle=postgres"
		 " -c max_parallel_workers_per_gather=0 -c jit=off"
		 " -c lock_timeout=%d -c casework.local_tz=%s", c->busy_ms, zone);
	vals[0] = db->path;
	vals[1] = opts;
	vals[2] = cw_progname();
	vals[3] = "UTF8";
	vals[4] = NULL;
	c->conn = PQconnectdbParams(keys, vals, 1);
	if (!c->conn || PQstatus(c->conn) != CONNECTION_OK) {
		const char *m = c->conn ? PQerrorMessage(c->conn) : "out of memory";
		size_t n = strlen(m);
		while (n && (m[n - 1] == '\n' || m[n - 1] == ' '))
			n--;
		cw_error("cannot open database '%s': %.*s", db->path, (int)n, m);
		return CW_EXIT_DB;
	}
	/* One round trip: a standby?, the schema's version, the settings
	 * it keeps. Only when that fails is the database looked at closer
	 * (pg_schema_version), to say what it holds. */
	res = db->admin ? NULL : PQexec(c->conn, "SELECT pg_is_in_recovery(),"
		" (SELECT version FROM casework.schema_version),"
		" (SELECT string_agg(key || '=' || value, chr(10) ORDER BY key)"
		"  FROM casework.settings), " IDENTITY_COLS);
	if (res && PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1 &&
	    !PQgetisnull(res, 0, 1)) {
		c->standby = !strcmp(PQgetvalue(res, 0, 0), "t");
		version = atoi(PQgetvalue(res, 0, 1));
		if (!PQgetisnull(res, 0, 2))
			c->settings = cw_xstrdup(PQgetvalue(res, 0, 2));
		keep_identity(c, res, 3);
		PQclear(res);
		if (officer_path(db))
			return store_fail(db, "open the database");
	} else {
		/* a login refused the schema has no grant (access.c) */
		if (res && PQresultStatus(res) == PGRES_FATAL_ERROR &&
		    PQresultErrorField(res, PG_DIAG_SQLSTATE) &&
		    !strcmp(PQresultErrorField(res, PG_DIAG_SQLSTATE), "42501")) {
			PQclear(res);
			return no_grant(db);
		}
		PQclear(res);
		if (!(res = pg_query(db, "SELECT pg_is_in_recovery()")))
			return store_fail(db, "open the database");
		c->standby = !strcmp(PQgetvalue(res, 0, 0), "t");
		PQclear(res);
		version = db->admin ? 0 : pg_schema_version(db);
	}
	if (db->admin)
		return 0;
	if (db->mode == CW_DB_WRITE && c->standby) {
		cw_error("cannot write to '%s': the database is read-only (a "
			 "standby server)", db->path);
		return CW_EXIT_DB;
	}
	if (version < 0)
		return CW_EXIT_DB;
	if (version == 0) {
		cw_error("'%s' holds no casework schema: run sw-admin init", db->path);
		return CW_EXIT_DB;
	}
	if (version > CW_SCHEMA_VERSION) {
		cw_error("database '%s' has schema version %d, newer than this "
			 "program's %d: upgrade casework", db->path, version,
			 CW_SCHEMA_VERSION);
		return CW_EXIT_DB;
	}
	if (version < CW_SCHEMA_VERSION) {
		cw_error("database '%s' has the older schema version %d: run "
			 "sw-admin upgrade", db->path, version);
		return CW_EXIT_DB;
	}
	return 0;
}

/* ---- the connection's calls ------------------------------------------------------ */

static const char *pg_errmsg(cw_db *db)
{
	pg_conn *c = db->h;
	return c && c->msg ? c->msg : "unknown failure";
}

/* A lock held past lock_timeout, or a transaction the server gave up. */
static int pg_busy(cw_db *db)
{
	pg_conn *c = db->h;
	return c && (!strcmp(c->sqlstate, "55P03") || !strcmp(c->sqlstate, "40001") ||
		     !strcmp(c->sqlstate, "40P01"));
}

static int pg_exec(cw_db *db, const char *sql)
{
	PGresult *res = pg_query(db, sql);
	if (!res)
		return -1;
	PQclear(res);
	return 0;
}

static int64_t pg_last_id(cw_db *db) { return PG_H(db)->last_id; }
static int64_t pg_changes(cw_db *db) { return PG_H(db)->changes; }

/* A writer waits for the one before it (the lock); a reader sees one
 * snapshot from its first statement. A writer also notes, in the same
 * round trip, where the sequences it may take ids from stand, behind a
 * savepoint, so that a rollback can give the ids back (pg_rollback). */
static int pg_begin(cw_db *db, int write)
{
	pg_conn *c = PG_H(db);
	PGresult *res;
	cw_buf b;
	int i;

	forget_explicit(c);
	free(c->seqs);
	c->seqs = NULL;
	if (!write)
		return pg_exec(db, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
	/* A login the roles restrict may not set sequences back, and its
	 * rows must carry its transaction's own id, which the policies of
	 * access.c recognise (a savepoint's would not): no savepoint, and a
	 * rolled-back batch may leave a gap in the ids. */
	/* The writers' lock is waited for up to lock_timeout (the busy
	 * timeout), and as many times again twice more, so that many
	 * writers at once queue rather than fail: bounded. */
	for (i = 0;; i++) {
		if (c->identified && !c->owner)
			res = pg_query(db, "BEGIN; SELECT pg_advisory_xact_lock("
				       WRITE_LOCK ")");
		else
			res = pg_query(db, "BEGIN; SELECT pg_advisory_xact_lock("
				       WRITE_LOCK "); SAVEPOINT cw_batch; SELECT"
				       " sequencename, coalesce(last_value, 0)"
				       " FROM pg_sequences WHERE schemaname ="
				       " 'casework' AND has_sequence_privilege("
				       "format('casework.%I', sequencename),"
				       " 'UPDATE')");
		if (res || i == 2 || strcmp(c->sqlstate, "55P03"))
			break;
		PQclear(PQexec(c->conn, "ROLLBACK"));
	}
	if (!res)
		return -1;
	if (c->identified && !c->owner) {
		PQclear(res);
		return 0;
	}
	cw_buf_init(&b);
	for (i = 0; i < PQntuples(res); i++) {
		const char *n = PQgetvalue(res, i, 0);
		if (strspn(n, "abcdefghijklmnopqrstuvwxyz_") != strlen(n))
			continue;       /* none of ours */
		cw_buf_printf(&b, "%s('%s', %lld)", b.len ? ", " : "", n,
			      strtoll(PQgetvalue(res, i, 1), NULL, 10));
	}
	PQclear(res);
	if (b.len)
		c->seqs = cw_xstrdup(b.s);
	cw_buf_release(&b);
	return 0;
}

void pg_sync_sequence(cw_buf *b, const char *table)
{
	/* through the schema's function, which a login the roles restrict
	 * may call (store/pg/access.c) */
	cw_buf_printf(b, "SELECT cw_sync_id('%s');", table);
}

static int pg_commit(cw_db *db)
{
	pg_conn *c = PG_H(db);
	cw_buf b;
	size_t k;
	int rc;

	cw_buf_init(&b);
	for (k = 0; k < c->nexplicit; k++)
		pg_sync_sequence(&b, c->explicit[k]);
	cw_buf_addstr(&b, "COMMIT");
	rc = pg_exec(db, b.s);
	cw_buf_release(&b);
	forget_explicit(c);
	free(c->seqs);
	c->seqs = NULL;
	/* a COMMIT of a failed transaction rolls it back without an error */
	if (!rc && PQtransactionStatus(c->conn) != PQTRANS_IDLE)
		rc = -1;
	return rc;
}

/* Back to the savepoint of pg_begin, still holding the writers' lock:
 * the sequences the batch moved go back where they were (setval is
 * never rolled back), before the transaction ends. Only when that fails
 * (a lost connection, a privilege) does the batch leave a gap. */
static void pg_rollback(cw_db *db)
{
	pg_conn *c = PG_H(db);
	forget_explicit(c);
	pg_copy_discard(db);
	c->bulk = 0;
	free(c->reindex);
	c->reindex = NULL;
	pg_drain(db);
	if (!c->conn || PQtransactionStatus(c->conn) == PQTRANS_IDLE) {
		free(c->seqs);
		c->seqs = NULL;
		return;
	}
	if (c->seqs) {
		cw_buf b;
		cw_buf_init(&b);
		cw_buf_printf(&b, "ROLLBACK TO SAVEPOINT cw_batch; SELECT"
			      " setval(format('casework.%%I', s.sequencename), greatest(v.x, 1),"
			      " v.x > 0) FROM (VALUES %s) v(n, x) JOIN pg_sequences s ON"
			      " s.schemaname = 'casework' AND s.sequencename = v.n WHERE"
			      " coalesce(s.last_value, 0) <> v.x", c->seqs);
		PQclear(PQexec(c->conn, b.s));
		cw_buf_release(&b);
		free(c->seqs);
		c->seqs = NULL;
	}
	PQclear(PQexec(c->conn, "ROLLBACK"));
}

/* The id the next row of table gets: past every id stored and every id
 * the sequence has given (a rolled-back batch's included). */
static int64_t pg_next_id(cw_db *db, const char *table)
{
	cw_buf b;
	PGresult *res;
	int64_t id = -1;

	cw_buf_init(&b);
	cw_buf_printf(&b, "SELECT greatest(coalesce((SELECT max(id) FROM %s), 0),"
		      " coalesce((SELECT last_value FROM pg_sequences WHERE"
		      " schemaname = 'casework' AND sequencename = '%s_id_seq'),"
		      " 0)) + 1", table, table);
	if ((res = pg_query(db, b.s)) != NULL) {
		id = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
		PQclear(res);
	}
	cw_buf_release(&b);
	return id;
}

static int pg_reserve_ids(cw_db *db, const char *table, int64_t next)
{
	cw_buf b;
	int rc;

	if (next <= 1)
		return 0;
	cw_buf_init(&b);
	cw_buf_printf(&b, "SELECT setval(pg_get_serial_sequence('%s', 'id'),"
		      " greatest(%lld, (SELECT last_value FROM pg_sequences WHERE"
		      " schemaname = 'casework' AND sequencename = '%s_id_seq')))",
		      table, (long long)(next - 1), table);
	rc = pg_exec(db, b.s);
	cw_buf_release(&b);
	return rc;
}

static void pg_hint_scan(cw_db *db) { (void)db; }

/* The planner needs no hint. */
static void pg_index_hint(cw_db *db, cw_buf *sql, const char *index)
{
	(void)db;
	(void)sql;
	(void)index;
}

/* A batch of many rows sends the rows that name their ids as COPY, many
 * to a round trip (stmt.c), and sets the tables' secondary indexes aside
 * meanwhile, as SQLite's backend does: built again at the end, in one
 * sort each, they cost a fraction of being kept row by row. That takes
 * the tables for the transaction (readers of them wait for its commit),
 * and needs a role that owns them: a role that does not keeps the
 * indexes (and is slower). The indexes' CREATE statements are kept in
 * c->reindex, run by pg_bulk_end before the batch commits; a rollback
 * gives the dropped indexes back with the rest. */
static int pg_bulk_begin(cw_db *db, const char *const *tables)
{
	pg_conn *c = PG_H(db);
	PGresult *res;
	cw_buf q;
	int i, rc = 0;

	c->bulk = 1;
	free(c->reindex);
	c->reindex = NULL;
	cw_buf_init(&q);
	cw_buf_addstr(&q, "SELECT i.indexname, i.indexdef FROM pg_indexes i"
		      " JOIN pg_index x ON x.indexrelid = format('%I.%I',"
		      " i.schemaname, i.indexname)::regclass"
		      " WHERE i.schemaname = 'casework' AND NOT x.indisunique"
		      " AND pg_has_role((SELECT tableowner FROM pg_tables t"
		      "  WHERE t.schemaname = 'casework' AND t.tablename = i.tablename),"
		      "  'USAGE') AND i.tablename IN (");
	for (i = 0; tables[i]; i++)
		cw_buf_printf(&q, "%s'%s'", i ? ", " : "", tables[i]);
	cw_buf_addstr(&q, ") ORDER BY i.indexname");
	res = pg_query(db, q.s);
	cw_buf_reset(&q);
	if (!res) {
		cw_buf_release(&q);
		return -1;
	}
	if (PQntuples(res)) {
		cw_buf drop;
		cw_buf_init(&drop);
		for (i = 0; i < PQntuples(res); i++) {
			cw_buf_printf(&drop, "DROP INDEX casework.%s;", PQgetvalue(res, i, 0));
			cw_buf_printf(&q, "%s;", PQgetvalue(res, i, 1));
		}
		rc = pg_exec(db, drop.s);
		cw_buf_release(&drop);
		if (!rc)
			c->reindex = cw_buf_detach(&q, NULL);
	}
	PQclear(res);
	cw_buf_release(&q);
	return rc;
}

static int pg_bulk_end(cw_db *db)
{
	pg_conn *c = PG_H(db);
	int rc = pg_copy_flush(db);

	c->bulk = 0;
	pg_copy_discard(db);
	if (!rc && c->reindex)
		rc = pg_exec(db, c->reindex);
	free(c->reindex);
	c->reindex = NULL;
	return rc;
}

/* The connection's client_encoding is UTF8: text comes and goes as
 * UTF-8 whatever the server keeps. */
static int pg_text_utf8(cw_db *db)
{
	(void)db;
	return 1;
}

/* A dry run's private database is SQLite's (store/db.c): never asked. */
static int pg_scratch(cw_db *db)
{
	cw_error("internal error: no private database on a server ('%s')", db->path);
	return CW_EXIT_DB;
}

/* The settings read when the database was opened (pg_open), key=value
 * a line. */
static int pg_settings(cw_db *db, cw_config *cfg)
{
	char *s = PG_H(db)->settings, *line, *eq, *save = NULL;
	int rc = 0;

	if (!s)
		return 0;
	for (line = strtok_r(s, "\n", &save); line && !rc;
	     line = strtok_r(NULL, "\n", &save)) {
		if (!(eq = strchr(line, '=')))
			continue;
		*eq = '\0';
		rc = core_config_set_stored(cfg, db->path, line, eq + 1);
	}
	free(PG_H(db)->settings);
	PG_H(db)->settings = NULL;
	return rc;
}

static int pg_standby(cw_db *db) { return PG_H(db)->standby; }

const struct store_backend store_pg_backend = {
	.name = "postgresql",
	.claims = pg_claims,
	.open = pg_open,
	.close = pg_close,
	.errmsg = pg_errmsg,
	.busy = pg_busy,
	.exec = pg_exec,
	.prepare = pg_prepare,
	.finalize = pg_finalize,
	.step = pg_step,
	.reset = pg_reset,
	.stream = pg_stream,
	.clear = pg_clear,
	.bind_text = pg_bind_text,
	.bind_int = pg_bind_int,
	.bind_double = pg_bind_double,
	.bind_null = pg_bind_null,
	.bind_index = pg_bind_index,
	.cols = pg_cols,
	.col_name = pg_col_name,
	.col_type = pg_col_type,
	.col_text = pg_col_text,
	.col_bytes = pg_col_bytes,
	.col_int = pg_col_int,
	.col_double = pg_col_double,
	.last_id = pg_last_id,
	.changes = pg_changes,
	.begin = pg_begin,
	.commit = pg_commit,
	.rollback = pg_rollback,
	.next_id = pg_next_id,
	.reserve_ids = pg_reserve_ids,
	.hint_scan = pg_hint_scan,
	.index_hint = pg_index_hint,
	.bulk_begin = pg_bulk_begin,
	.bulk_end = pg_bulk_end,
	.text_utf8 = pg_text_utf8,
	.scratch = pg_scratch,
	.init = pg_schema_init,
	.upgrade = pg_schema_upgrade,
	.settings = pg_settings,
	.standby = pg_standby,
	.audit_head_sql = "SELECT id, hash FROM cw_audit_head()",
	.audit_append_sql = "SELECT cw_audit_append(?,?,?,?,?,?,?,?,?,?)",
	.identity = pg_identity,
	.audit_redact = pg_audit_redact,
	.erase_files = pg_erase_files,
};
