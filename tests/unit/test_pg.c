/* test_pg.c - the PostgreSQL backend's part that needs no server: the
 * library's SQLite-style parameters (?, ?NNN, :name) rewritten as $N,
 * quoted text, comments and casts left alone, the ids an INSERT returns,
 * and the connection strings it claims. (The backend with a server is
 * tested end to end: tests/e2e/pg.t and the PostgreSQL pass of make
 * check.) */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include "store/pg/pg.h"
#include "core/core.h"
#include "tap.h"

static void is_sql(const char *in, const char *want, int want_n)
{
	cw_db db = {0};
	void *h = pg_prepare(&db, in);
	int n = -1;
	const char *got = pg_sql(h, &n);

	char desc[200];
	size_t i;

	/* one line of TAP whatever the statement */
	snprintf(desc, sizeof desc, "%s", in);
	for (i = 0; desc[i]; i++)
		if (desc[i] == '\n')
			desc[i] = ' ';
	is_str(got, want, "%s", desc);
	ok(n == want_n, "%s: %d parameters (got %d)", desc, want_n, n);
	pg_finalize(h);
}

static void test_rewrite(void)
{
	is_sql("SELECT 1", "SELECT 1", 0);
	is_sql("SELECT ? + ?", "SELECT $1 + $2", 2);
	is_sql("SELECT ?2, ?1, ?", "SELECT $2, $1, $3", 3);
	is_sql("SELECT :a, :b, :a", "SELECT $1, $2, $1", 2);
	is_sql("SELECT ?1 WHERE x = :since OR :since IS NULL",
	       "SELECT $1 WHERE x = $2 OR $2 IS NULL", 2);
	is_sql("SELECT '?', 'it''s ?', \"a?b\" FROM t WHERE c = ?",
	       "SELECT '?', 'it''s ?', \"a?b\" FROM t WHERE c = $1", 1);
	is_sql("SELECT '10:30', x::text FROM t -- ? :x\nWHERE y = ?",
	       "SELECT '10:30', x::text FROM t -- ? :x\nWHERE y = $1", 1);
	is_sql("SELECT ?5", "SELECT $5", 5);
	is_sql("INSERT INTO clients (name) VALUES (?)",
	       "INSERT INTO clients (name) VALUES ($1) RETURNING id", 1);
	is_sql("INSERT INTO plan_revisions (plan_id) VALUES (?)",
	       "INSERT INTO plan_revisions (plan_id) VALUES ($1)", 1);
	is_sql("INSERT INTO workers (name) VALUES (?) ON CONFLICT DO NOTHING;",
	       "INSERT INTO workers (name) VALUES ($1) ON CONFLICT DO NOTHING RETURNING id", 1);
	is_sql("UPDATE cases SET status = ? WHERE id = ?",
	       "UPDATE cases SET status = $1 WHERE id = $2", 2);
}

static void test_claims(void)
{
	ok(core_target_is_server("postgresql:///casework"), "a postgresql:// URI");
	ok(core_target_is_server("postgres://host/db"), "a postgres:// URI");
	ok(core_target_is_server("service=casework"), "a service");
	ok(!core_target_is_server("casework.db"), "a file");
	ok(!core_target_is_server("./postgresql:x.db"), "a file whose name begins oddly");
	ok(!core_target_is_server("host=/tmp dbname=x"), "key=value strings other than service= are files");
}

int main(void)
{
	test_rewrite();
	test_claims();
	return tap_done();
}
