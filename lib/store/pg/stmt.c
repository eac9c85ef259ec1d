/* store/pg/stmt.c - statements: store/store.h's calls, answered by a
 * PostgreSQL server through libpq.
 *
 * The library's SQL numbers its parameters as SQLite does (?, ?NNN,
 * :name); they are rewritten as $N once, when the statement is prepared.
 * A statement runs with PQexecParams the first time and is prepared on
 * the server when it runs a second time, so a statement run once costs
 * one round trip and one run per record is planned once. Its whole
 * result comes back at its first step. An INSERT into a table with ids
 * returns the ids it made (RETURNING id), which store_last_id gives. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "store/pg/pg.h"

/* Type OIDs of the server's built-in types (pg_type.dat). */
enum {
	OID_BOOL = 16, OID_INT8 = 20, OID_INT2 = 21, OID_INT4 = 23,
	OID_OID = 26, OID_FLOAT4 = 700, OID_FLOAT8 = 701, OID_DATE = 1082,
	OID_TIMESTAMPTZ = 1184, OID_NUMERIC = 1700
};

struct pname {
	char *name;             /* ":since", as bound by name */
	int num;
};

struct pg_stmt {
	cw_db *db;
	char *sql;              /* with $N parameters */
	char name[24];          /* its name once prepared on the server */
	int runs;               /* times run since it was made */
	int nparams;
	Oid *types;             /* 0 (the server infers it), or text for a
				   number the text never names */
	char **vals;            /* each parameter's text, NULL for NULL */
	size_t *caps;
	struct pname *names;
	int nnames;
	int returning;          /* an INSERT ... RETURNING id of ours */
	char *table;            /* the table an INSERT writes */
	int explicit_id;        /* an INSERT naming its ids */
	/* An INSERT that names its ids, as a bulk batch may send it as
	 * COPY rows (pg_copy_take): its column list, and each value of its
	 * VALUES in order, a parameter's number or minus one more than the
	 * index of a literal in lits. */
	char *cols;
	int *tmpl, ntmpl;
	char **lits;
	int nlits;
	int width;              /* values a row */
	PGresult *res;          /* the result the current row is in */
	int row;                /* the current row, -1 before the first */
	/* How the current run's rows come: */
	enum { RUN_NONE, RUN_DONE, RUN_WHOLE, RUN_LIVE, RUN_KEPT } how;
	int stream;             /* its rows one by one (store_hint_stream) */
	/* RUN_LIVE: one result a row, as the server sends them (libpq's
	 * single-row mode), the connection busy until the last; RUN_KEPT:
	 * the rest of them, read ahead (pg_drain) so that another statement
	 * could run: kept[at..nkept), and whether the server failed after. */
	PGresult **kept;
	size_t nkept, at, capkept;
	int kept_failed;
	char *conv;             /* 32 bytes a column: converted values */
	int nconv;
};

/* ---- the text of a statement ----------------------------------------------- */

static int name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_';
}

/* The number of the parameter named [s, s + n), given one when new. */
static int name_number(pg_stmt *p, const char *s, size_t n, int *max)
{
	int i;
	for (i = 0; i < p->nnames; i++)
		if (strlen(p->names[i].name) == n && !memcmp(p->names[i].name, s, n))
			return p->names[i].num;
	p->names = cw_xrealloc(p->names, (size_t)(p->nnames + 1) * sizeof *p->names);
	p->names[p->nnames].name = cw_xstrndup(s, n);
	p->names[p->nnames].num = ++*max;
	return p->names[p->nnames++].num;
}

/* Rewrites sql's parameters as $N (SQLite's numbering: ? is one more than
 * the largest so far, ?N is N, a name keeps the number it got first),
 * leaving quoted text, quoted names, comments and :: alone. */
static void rewrite(pg_stmt *p, const char *sql, cw_buf *out, core_map *used)
{
	const char *s = sql;
	int max = 0, num;

	while (*s) {
		char c = *s;
		if (c == '\'' || c == '"') {
			const char *e = s + 1;
			for (;;) {
				if (!*e)
					break;
				if (*e == c) {
					if (e[1] == c) {
						e += 2;
						continue;
					}
					e++;
					break;
				}
				e++;
			}
			cw_buf_add(out, s, (size_t)(e - s));
			s = e;
		} else if (c == '-' && s[1] == '-') {
			const char *e = strchr(s, '\n');
			e = e ? e + 1 : s + strlen(s);
			cw_buf_add(out, s, (size_t)(e - s));
			s = e;
		} else if (c == ':' && s[1] == ':') {
			cw_buf_addstr(out, "::");
			s += 2;
		} else if (c == '?') {
			s++;
			if (*s >= '0' && *s <= '9') {
				num = 0;
				while (*s >= '0' && *s <= '9')
					num = num * 10 + (*s++ - '0');
				if (num > max)
					max = num;
			} else {
				num = ++max;
			}
			cw_buf_printf(out, "$%d", num);
			core_map_put(used, (uint64_t)num, NULL);
		} else if ((c == ':' || c == '@') && name_char(s[1]) &&
			   !(s[1] >= '0' && s[1] <= '9')) {
			const char *e = s + 1;
			while (name_char(*e))
				e++;
			num = name_number(p, s, (size_t)(e - s), &max);
			cw_buf_printf(out, "$%d", num);
			core_map_put(used, (uint64_t)num, NULL);
			s = e;
		} else {
			cw_buf_addch(out, c);
			s++;
		}
	}
	p->nparams = max;
}

/* Tables whose rows have no id of their own. */
static const char *const no_id[] = {
	"plan_revisions", "service_locations", "settings", "schema_version",
	"logins", "access_roles", "training_attendees",
	"programme_members", NULL
};

static int word_is(const char *s, const char *w)
{
	size_t n = strlen(w);
	return !strncasecmp(s, w, n) && !name_char(s[n]);
}

/* An INSERT INTO table (...): notes the table, whether the column list
 * begins with id, and returns the ids it makes when the table has them. */
static void see_insert(pg_stmt *p, cw_buf *sql)
{
	const char *s = sql->s, *t;
	size_t n, k;

	while (*s == ' ' || *s == '\n' || *s == '\t')
		s++;
	if (!word_is(s, "INSERT"))
		return;
	s += 6;
	while (*s == ' ')
		s++;
	if (!word_is(s, "INTO"))
		return;
	s += 4;
	while (*s == ' ')
		s++;
	for (t = s; name_char(*t); t++)
		;
	if (t == s)
		return;
	n = (size_t)(t - s);
	p->table = cw_xstrndup(s, n);
	while (*t == ' ')
		t++;
	if (*t == '(') {
		t++;
		while (*t == ' ')
			t++;
		p->explicit_id = word_is(t, "id");
	}
	for (k = 0; no_id[k]; k++)
		if (!strcmp(no_id[k], p->table))
			return;
	if (strstr(sql->s, "RETURNING") || strstr(sql->s, "returning"))
		return;
	/* a trailing ';' would end the statement before RETURNING */
	while (sql->len && (sql->s[sql->len - 1] == ';' || sql->s[sql->len - 1] == ' ' ||
			    sql->s[sql->len - 1] == '\n'))
		sql->s[--sql->len] = '\0';
	cw_buf_addstr(sql, " RETURNING id");
	p->returning = 1;
}

/* Reads the column list and the VALUES of an INSERT that names its ids
 * (text as rewritten: $N parameters, 'literals', NULL), for COPY; leaves
 * p->cols NULL when the statement has another shape. */
static void see_values(pg_stmt *p, const char *sql)
{
	const char *s = strchr(sql, '('), *e;
	int cap = 0;

	if (!s || !(e = strchr(s, ')')))
		return;
	p->cols = cw_xstrndup(s + 1, (size_t)(e - s - 1));
	s = e + 1;
	while (*s == ' ')
		s++;
	if (strncasecmp(s, "VALUES", 6))
		goto other;
	s += 6;
	for (;;) {
		while (*s == ' ' || *s == ',')
			s++;
		if (*s != '(')
			break;
		s++;
		for (;;) {
			while (*s == ' ')
				s++;
			if (p->ntmpl == cap) {
				cap = cap ? 2 * cap : 64;
				p->tmpl = cw_xrealloc(p->tmpl, (size_t)cap * sizeof *p->tmpl);
			}
			if (*s == '$') {
				p->tmpl[p->ntmpl++] = (int)strtol(s + 1, (char **)&s, 10);
			} else if (*s == '\'') {
				cw_buf lit;
				cw_buf_init(&lit);
				for (s++; *s && !(*s == '\'' && s[1] != '\''); s++) {
					if (*s == '\'')
						s++;
					cw_buf_addch(&lit, *s);
				}
				if (!*s) {
					cw_buf_release(&lit);
					goto other;
				}
				s++;
				p->lits = cw_xrealloc(p->lits, (size_t)(p->nlits + 1) * sizeof *p->lits);
				p->lits[p->nlits] = cw_buf_detach(&lit, NULL);
				p->tmpl[p->ntmpl++] = -(++p->nlits);
			} else {
				goto other;
			}
			while (*s == ' ')
				s++;
			if (*s == ',') {
				s++;
				continue;
			}
			if (*s != ')')
				goto other;
			s++;
			if (!p->width)
				p->width = p->ntmpl;
			break;
		}
	}
	while (*s == ' ')
		s++;
	if (!strncmp(s, "RETURNING", 9) || !*s)
		return;
other:
	free(p->cols);
	p->cols = NULL;
}

void *pg_prepare(cw_db *db, const char *sql)
{
	pg_stmt *p = cw_xcalloc(1, sizeof *p);
	core_map used = {0};
	cw_buf b;
	int i;

	cw_buf_init(&b);
	p->db = db;
	rewrite(p, sql, &b, &used);
	see_insert(p, &b);
	p->sql = cw_buf_detach(&b, NULL);
	if (p->explicit_id)
		see_values(p, p->sql);
	if (p->nparams) {
		p->vals = cw_xcalloc((size_t)p->nparams, sizeof *p->vals);
		p->caps = cw_xcalloc((size_t)p->nparams, sizeof *p->caps);
		p->types = cw_xcalloc((size_t)p->nparams, sizeof *p->types);
		/* SQLite lets a statement skip a number; the server must be
		 * told the type of one it cannot infer */
		for (i = 0; i < p->nparams; i++)
			if (!core_map_get(&used, (uint64_t)(i + 1)))
				p->types[i] = 25;       /* text */
	}
	core_map_release(&used);
	p->row = -1;
	return p;
}

/* Reads what is left of p's live run into p->kept (rows), or drops it
 * (keep 0); the connection is free after. */
static void read_rest(pg_stmt *p, int keep)
{
	pg_conn *c = PG_H(p->db);
	PGresult *r;

	while ((r = PQgetResult(c->conn)) != NULL) {
		ExecStatusType st = PQresultStatus(r);
		if (st == PGRES_SINGLE_TUPLE && keep) {
			if (p->nkept == p->capkept) {
				p->capkept = p->capkept ? 2 * p->capkept : 256;
				p->kept = cw_xrealloc(p->kept, p->capkept * sizeof *p->kept);
			}
			p->kept[p->nkept++] = r;
			continue;
		}
		if (st != PGRES_SINGLE_TUPLE && st != PGRES_TUPLES_OK && keep) {
			pg_failed(p->db, r);
			p->kept_failed = 1;
		}
		PQclear(r);
	}
	if (c->active == p)
		c->active = NULL;
}

void pg_drain(cw_db *db)
{
	pg_conn *c = PG_H(db);
	pg_stmt *p = c->active;

	if (!p)
		return;
	read_rest(p, 1);
	p->how = RUN_KEPT;
	p->at = 0;
}

static void drop_result(pg_stmt *p)
{
	if (p->how == RUN_LIVE)
		read_rest(p, 0);
	if (p->res)
		PQclear(p->res);
	while (p->at < p->nkept)
		PQclear(p->kept[p->at++]);
	p->nkept = p->at = 0;
	p->kept_failed = 0;
	p->res = NULL;
	p->row = -1;
	p->how = RUN_NONE;
}

void pg_finalize(void *h)
{
	pg_stmt *p = h;
	int i;

	if (!p)
		return;
	drop_result(p);
	/* A statement prepared on the server is dropped there, unless the
	 * connection is going (its statements go with it). */
	if (p->name[0] && p->db->h && PG_H(p->db)->conn &&
	    PQstatus(PG_H(p->db)->conn) == CONNECTION_OK) {
		char sql[40];
		snprintf(sql, sizeof sql, "DEALLOCATE %s", p->name);
		PQclear(PQexec(PG_H(p->db)->conn, sql));
	}
	for (i = 0; i < p->nparams; i++)
		free(p->vals[i]);
	for (i = 0; i < p->nnames; i++)
		free(p->names[i].name);
	free(p->names);
	free(p->vals);
	free(p->caps);
	free(p->types);
	free(p->conv);
	for (i = 0; i < p->nlits; i++)
		free(p->lits[i]);
	free(p->lits);
	free(p->kept);
	free(p->tmpl);
	free(p->cols);
	free(p->table);
	free(p->sql);
	free(p);
}

/* ---- running ----------------------------------------------------------------- */

/* ---- a bulk batch's rows, as COPY ------------------------------------------------ */

/* Appends v to b as a field of COPY's text format. */
static void copy_field(cw_buf *b, const char *v)
{
	if (!v) {
		cw_buf_addstr(b, "\\N");
		return;
	}
	for (; *v; v++)
		switch (*v) {
		case '\\':
			cw_buf_addstr(b, "\\\\");
			break;
		case '\t':
			cw_buf_addstr(b, "\\t");
			break;
		case '\n':
			cw_buf_addstr(b, "\\n");
			break;
		case '\r':
			cw_buf_addstr(b, "\\r");
			break;
		default:
			cw_buf_addch(b, *v);
		}
}

/* The rows a table waits to be sent with, in the order tables came. */
struct pg_copy {
	char *table;
	char *cols;
	cw_buf data;
};

/* Sends every table's waiting rows, each as one COPY: 0, or -1 after
 * pg_failed. Tables go in the order their first rows came, so that a
 * case follows the client it names. */
int pg_copy_flush(cw_db *db)
{
	pg_conn *c = PG_H(db);
	struct pg_copy *t;
	size_t k;
	int rc = 0;

	pg_drain(db);
	for (k = 0; k < c->ncopies; k++) {
		PGresult *res;
		cw_buf sql;

		t = &c->copies[k];
		if (rc || !t->data.len)
			continue;
		cw_buf_init(&sql);
		cw_buf_printf(&sql, "COPY %s (%s) FROM STDIN", t->table, t->cols);
		res = PQexec(c->conn, sql.s);
		cw_buf_release(&sql);
		if (PQresultStatus(res) != PGRES_COPY_IN) {
			rc = pg_failed(db, res);
			PQclear(res);
			continue;
		}
		PQclear(res);
		if (PQputCopyData(c->conn, t->data.s, (int)t->data.len) != 1)
			rc = -1;
		if (PQputCopyEnd(c->conn, rc ? "not sent" : NULL) != 1)
			rc = -1;
		while ((res = PQgetResult(c->conn)) != NULL) {
			if (PQresultStatus(res) != PGRES_COMMAND_OK && !rc)
				rc = pg_failed(db, res);
			PQclear(res);
		}
		if (rc && !c->msg)
			pg_failed(db, NULL);
		cw_buf_reset(&t->data);
	}
	c->copy_bytes = 0;
	return rc;
}

void pg_copy_discard(cw_db *db)
{
	pg_conn *c = PG_H(db);
	size_t k;

	for (k = 0; k < c->ncopies; k++) {
		free(c->copies[k].table);
		free(c->copies[k].cols);
		cw_buf_release(&c->copies[k].data);
	}
	free(c->copies);
	c->copies = NULL;
	c->ncopies = 0;
	c->copy_bytes = 0;
}

/* In a bulk batch, an INSERT that names its ids is kept as COPY rows of
 * its table, sent when 8 MiB wait, before any other statement runs, and
 * at the end of the bulk: 1 when p was so kept (its rows counted, the
 * last id noted), 0 when it is to run as any statement, -1 on failure. */
static int copy_take(pg_stmt *p)
{
	pg_conn *c = PG_H(p->db);
	struct pg_copy *t = NULL;
	size_t k, before;
	int i;

	if (!c->bulk || !p->cols || !p->width || p->ntmpl % p->width)
		return 0;
	for (k = 0; k < c->ncopies && !t; k++)
		if (!strcmp(c->copies[k].table, p->table) &&
		    !strcmp(c->copies[k].cols, p->cols))
			t = &c->copies[k];
	if (!t) {
		c->copies = cw_xrealloc(c->copies, (c->ncopies + 1) * sizeof *c->copies);
		t = &c->copies[c->ncopies++];
		t->table = cw_xstrdup(p->table);
		t->cols = cw_xstrdup(p->cols);
		cw_buf_init(&t->data);
	}
	before = t->data.len;
	for (i = 0; i < p->ntmpl; i++) {
		int v = p->tmpl[i];
		const char *val = v > 0 ? (v <= p->nparams ? p->vals[v - 1] : NULL)
					: p->lits[-v - 1];
		/* a row's first value is its id */
		if (i % p->width == 0 && val)
			c->last_id = strtoll(val, NULL, 10);
		copy_field(&t->data, val);
		cw_buf_addch(&t->data, (i + 1) % p->width ? '\t' : '\n');
	}
	c->changes = p->ntmpl / p->width;
	c->copy_bytes += t->data.len - before;
	pg_note_explicit(p->db, p->table, strlen(p->table));
	if (c->copy_bytes >= ((size_t)8 << 20) && pg_copy_flush(p->db))
		return -1;
	return 1;
}

/* Sends p's run and reads its first answer: STORE_ROW with p->res the
 * first row's (single-row mode) or a whole result, STORE_DONE for a
 * statement that gave no rows, STORE_ERROR after pg_failed. */
static int run(pg_stmt *p)
{
	pg_conn *c = PG_H(p->db);
	const char *const *vals = (const char *const *)p->vals;
	PGresult *res;
	ExecStatusType st;
	int sent, taken;

	/* the connection must be free: a live run elsewhere is read ahead */
	pg_drain(p->db);
	if ((taken = copy_take(p)) != 0)
		return taken > 0 ? STORE_DONE : STORE_ERROR;
	/* rows waiting to be sent go before any other statement */
	if (c->copy_bytes && pg_copy_flush(p->db))
		return STORE_ERROR;
	if (p->table && !p->explicit_id && c->nexplicit) {
		/* the sequence of a table given ids of our own this
		 * transaction is moved past them before it gives one */
		size_t k;
		for (k = 0; k < c->nexplicit; k++)
			if (!strcmp(c->explicit[k], p->table))
				break;
		if (k < c->nexplicit) {
			cw_buf q;
			cw_buf_init(&q);
			pg_sync_sequence(&q, p->table);
			res = pg_query(p->db, q.s);
			cw_buf_release(&q);
			if (!res)
				return STORE_ERROR;
			PQclear(res);
		}
	}
	if (p->runs == 1 && !p->name[0]) {
		snprintf(p->name, sizeof p->name, "cw%u", ++c->next_name);
		res = PQprepare(c->conn, p->name, p->sql, p->nparams, p->types);
		if (PQresultStatus(res) != PGRES_COMMAND_OK) {
			pg_failed(p->db, res);
			PQclear(res);
			p->name[0] = '\0';
			return STORE_ERROR;
		}
		PQclear(res);
	}
	p->runs++;
	sent = p->name[0]
		? PQsendQueryPrepared(c->conn, p->name, p->nparams, vals, NULL, NULL, 0)
		: PQsendQueryParams(c->conn, p->sql, p->nparams, p->types, vals, NULL, NULL, 0);
	if (!sent)
		return pg_failed(p->db, NULL), STORE_ERROR;
	/* A statement that may give very many rows has them one by one as
	 * the server sends them (libpq's single-row mode): a list of a
	 * million never waits whole in memory. Any other comes whole, which
	 * costs less a row. */
	if (p->stream && !p->returning)
		PQsetSingleRowMode(c->conn);
	c->active = p;
	p->how = RUN_LIVE;
	res = PQgetResult(c->conn);
	st = PQresultStatus(res);
	if (st == PGRES_SINGLE_TUPLE && !p->returning) {
		p->res = res;
		p->row = 0;
		return STORE_ROW;
	}
	if (st == PGRES_TUPLES_OK && !p->returning && PQntuples(res) > 0) {
		read_rest(p, 0);
		p->how = RUN_WHOLE;
		p->res = res;
		p->row = 0;
		return STORE_ROW;
	}
	if (p->returning && st == PGRES_TUPLES_OK) {
		int n = PQntuples(res);
		c->changes = n;
		if (n)
			c->last_id = strtoll(PQgetvalue(res, n - 1, 0), NULL, 10);
		if (p->explicit_id && n)
			pg_note_explicit(p->db, p->table, strlen(p->table));
		PQclear(res);
		read_rest(p, 0);
		p->how = RUN_DONE;
		return STORE_DONE;
	}
	if (p->returning && (st == PGRES_SINGLE_TUPLE || st == PGRES_TUPLES_OK)) {
		/* an INSERT's ids: the last row's is store_last_id */
		int64_t n = 0;
		while (st == PGRES_SINGLE_TUPLE) {
			c->last_id = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
			n++;
			PQclear(res);
			res = PQgetResult(c->conn);
			st = PQresultStatus(res);
		}
		c->changes = n;
		if (p->explicit_id && n)
			pg_note_explicit(p->db, p->table, strlen(p->table));
	} else if (st == PGRES_COMMAND_OK) {
		const char *t = PQcmdTuples(res);
		c->changes = *t ? strtoll(t, NULL, 10) : 0;
		if (p->explicit_id && p->table)
			pg_note_explicit(p->db, p->table, strlen(p->table));
	}
	if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
		pg_failed(p->db, res);
		PQclear(res);
		read_rest(p, 0);
		p->how = RUN_DONE;
		return STORE_ERROR;
	}
	PQclear(res);
	read_rest(p, 0);
	p->how = RUN_DONE;
	return STORE_DONE;
}

int pg_step(void *h)
{
	pg_stmt *p = h;
	pg_conn *c = PG_H(p->db);
	PGresult *r;
	ExecStatusType st;

	switch (p->how) {
	case RUN_NONE:
		return run(p);
	case RUN_DONE:
		return STORE_DONE;
	case RUN_WHOLE:
		if (p->row + 1 < PQntuples(p->res)) {
			p->row++;
			return STORE_ROW;
		}
		p->how = RUN_DONE;
		return STORE_DONE;
	case RUN_KEPT:
		if (p->res)
			PQclear(p->res);
		p->res = NULL;
		if (p->at < p->nkept) {
			p->res = p->kept[p->at++];
			p->row = 0;
			return STORE_ROW;
		}
		p->how = RUN_DONE;
		return p->kept_failed ? STORE_ERROR : STORE_DONE;
	case RUN_LIVE:
		break;
	}
	if (p->res)
		PQclear(p->res);
	p->res = NULL;
	r = PQgetResult(c->conn);
	st = PQresultStatus(r);
	if (st == PGRES_SINGLE_TUPLE) {
		p->res = r;
		p->row = 0;
		return STORE_ROW;
	}
	if (st != PGRES_TUPLES_OK && r)
		pg_failed(p->db, r);
	PQclear(r);
	read_rest(p, 0);
	p->how = RUN_DONE;
	return st == PGRES_TUPLES_OK || !r ? STORE_DONE : STORE_ERROR;
}

const char *pg_sql(void *h, int *nparams)
{
	pg_stmt *p = h;
	if (nparams)
		*nparams = p->nparams;
	return p->sql;
}

void pg_stream(void *h)
{
	((pg_stmt *)h)->stream = 1;
}

void pg_reset(void *h)
{
	drop_result(h);
}

void pg_clear(void *h)
{
	pg_stmt *p = h;
	int i;
	for (i = 0; i < p->nparams; i++)
		pg_bind_null(p, i + 1);
}

/* ---- parameters -------------------------------------------------------------- */

static char *slot(pg_stmt *p, int i, size_t need)
{
	if (i < 1 || i > p->nparams)
		return NULL;
	if (!p->vals[i - 1] || p->caps[i - 1] < need) {
		free(p->vals[i - 1]);
		p->caps[i - 1] = need < 32 ? 32 : need;
		p->vals[i - 1] = cw_xmalloc(p->caps[i - 1]);
	}
	return p->vals[i - 1];
}

void pg_bind_text(void *h, int i, const char *s, size_t n)
{
	char *d;
	if (n == (size_t)-1)
		n = strlen(s);
	if ((d = slot(h, i, n + 1)) != NULL) {
		memcpy(d, s, n);
		d[n] = '\0';
	}
}

void pg_bind_int(void *h, int i, int64_t v)
{
	char *d = slot(h, i, 32);
	if (d)
		snprintf(d, 32, "%lld", (long long)v);
}

void pg_bind_double(void *h, int i, double v)
{
	char *d = slot(h, i, 32);
	if (d)
		snprintf(d, 32, "%.17g", v);
}

void pg_bind_null(void *h, int i)
{
	pg_stmt *p = h;
	if (i >= 1 && i <= p->nparams) {
		free(p->vals[i - 1]);
		p->vals[i - 1] = NULL;
		p->caps[i - 1] = 0;
	}
}

int pg_bind_index(void *h, const char *name)
{
	pg_stmt *p = h;
	int i;
	for (i = 0; i < p->nnames; i++)
		if (!strcmp(p->names[i].name, name))
			return p->names[i].num;
	return 0;
}

/* ---- the current row ----------------------------------------------------------- */

int pg_cols(void *h)
{
	pg_stmt *p = h;
	if (!p->res) {
		pg_drain(p->db);
		/* the columns of a statement not run yet: described */
		PGresult *d;
		int n;
		if (!p->name[0]) {
			pg_conn *c = PG_H(p->db);
			snprintf(p->name, sizeof p->name, "cw%u", ++c->next_name);
			d = PQprepare(c->conn, p->name, p->sql, p->nparams, p->types);
			if (PQresultStatus(d) != PGRES_COMMAND_OK) {
				pg_failed(p->db, d);
				PQclear(d);
				p->name[0] = '\0';
				return 0;
			}
			PQclear(d);
		}
		d = PQdescribePrepared(PG_H(p->db)->conn, p->name);
		n = PQresultStatus(d) == PGRES_COMMAND_OK ? PQnfields(d) : 0;
		PQclear(d);
		return n;
	}
	return PQnfields(p->res);
}

const char *pg_col_name(void *h, int i)
{
	pg_stmt *p = h;
	return p->res ? PQfname(p->res, i) : NULL;
}

static int on_row(const pg_stmt *p, int i)
{
	return p->res && p->row >= 0 && p->row < PQntuples(p->res) &&
	       i >= 0 && i < PQnfields(p->res);
}

int pg_col_type(void *h, int i)
{
	pg_stmt *p = h;
	const char *v;

	if (!on_row(p, i) || PQgetisnull(p->res, p->row, i))
		return STORE_NULL;
	switch (PQftype(p->res, i)) {
	case OID_BOOL:
	case OID_INT2:
	case OID_INT4:
	case OID_INT8:
	case OID_OID:
		return STORE_INT;
	case OID_FLOAT4:
	case OID_FLOAT8:
		return STORE_FLOAT;
	case OID_NUMERIC:
		v = PQgetvalue(p->res, p->row, i);
		return strchr(v, '.') || strchr(v, 'e') || strchr(v, 'N')
			? STORE_FLOAT : STORE_INT;
	default:
		return STORE_TEXT;
	}
}

/* Space for column i's converted text in the current row. */
static char *conv_slot(pg_stmt *p, int i)
{
	int n = PQnfields(p->res);
	if (p->nconv < n) {
		free(p->conv);
		p->conv = cw_xcalloc((size_t)n, 32);
		p->nconv = n;
	}
	return p->conv + (size_t)i * 32;
}

/* A value as SQLite would give it: a time as the library writes it
 * (2026-01-02T03:04:05Z; the session's zone is UTC), a truth as 1 or 0,
 * a fraction with at least one digit after its point and no trailing
 * zeros (2.5, 3.0). */
const char *pg_col_text(void *h, int i)
{
	pg_stmt *p = h;
	const char *v;
	char *d;
	size_t n;

	if (!on_row(p, i) || PQgetisnull(p->res, p->row, i))
		return NULL;
	v = PQgetvalue(p->res, p->row, i);
	switch (PQftype(p->res, i)) {
	case OID_TIMESTAMPTZ:
		/* "2026-01-02 03:04:05+00", maybe with a fraction */
		if (strlen(v) < 19)
			return v;
		d = conv_slot(p, i);
		memcpy(d, v, 19);
		d[10] = 'T';
		d[19] = 'Z';
		d[20] = '\0';
		return d;
	case OID_BOOL:
		return *v == 't' ? "1" : "0";
	case OID_FLOAT4:
	case OID_FLOAT8:
	case OID_NUMERIC:
		n = strlen(v);
		if (n > 30 || strchr(v, 'e') || strchr(v, 'N') || strchr(v, 'I'))
			return v;
		d = conv_slot(p, i);
		memcpy(d, v, n + 1);
		if (!strchr(d, '.')) {
			if (PQftype(p->res, i) == OID_NUMERIC)
				return v;
			memcpy(d + n, ".0", 3);
			return d;
		}
		while (n > 2 && d[n - 1] == '0' && d[n - 2] != '.')
			d[--n] = '\0';
		return d;
	default:
		return v;
	}
}

size_t pg_col_bytes(void *h, int i)
{
	const char *v = pg_col_text(h, i);
	return v ? strlen(v) : 0;
}

int64_t pg_col_int(void *h, int i)
{
	const char *v = pg_col_text(h, i);
	if (!v)
		return 0;
	return strchr(v, '.') || strchr(v, 'e') ? (int64_t)strtod(v, NULL)
						 : strtoll(v, NULL, 10);
}

double pg_col_double(void *h, int i)
{
	const char *v = pg_col_text(h, i);
	return v ? strtod(v, NULL) : 0.0;
}
