/* test_store.c - the database layer (store/store.h) on SQLite's backend, the
 * SQL functions every backend provides, and the one hash table
 * (core/core.h). */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include "store/store.h"
#include "core/core.h"
#include "tap.h"
#include "query.h"

static char dir[] = "/tmp/cw-test-store.XXXXXX";

static void is_value(cw_db *db, const char *sql, const char *want)
{
	char *got = value(db, sql);
	if (want)
		is_str(got ? got : "(null)", want, "%s", sql);
	else
		ok(!got, "%s is NULL", sql);
	free(got);
}

static void count_each(uint64_t key, uint64_t val, void *ctx)
{
	uint64_t *sum = ctx;
	sum[0]++;
	sum[1] += key == val ? 1 : 0;
}

static void test_map(void)
{
	core_map m = {0};
	uint64_t i, *v, sum[2] = {0, 0};
	int added, good = 1;

	ok(core_map_get(&m, 7) == NULL, "an empty map has nothing");
	for (i = 1; i <= 100000; i++) {
		v = core_map_put(&m, i * 4096, &added);
		if (!added || *v)
			good = 0;
		*v = i * 4096;
	}
	ok(good, "100,000 keys that differ only above bit 12 are each new");
	ok(m.used == 100000 && (m.mask + 1) >= 200000, "the table grew to keep "
	   "half free (%zu used, %zu slots)", m.used, m.mask + 1);
	for (i = 1; i <= 100000 && good; i++)
		if (!(v = core_map_get(&m, i * 4096)) || *v != i * 4096)
			good = 0;
	ok(good, "every value is found again after growing");
	ok(core_map_get(&m, 4095) == NULL, "a key never put is absent");
	v = core_map_put(&m, 4096, &added);
	ok(!added && *v == 4096, "putting a key again finds its value");
	core_map_each(&m, count_each, sum);
	ok(sum[0] == 100000 && sum[1] == 100000, "each visits every entry once");
	core_map_release(&m);
	ok(m.used == 0 && core_map_get(&m, 4096) == NULL, "released: empty again");
}

/* A dry run's rows: new ones by the ids they would get, later versions
 * of any row (new or stored), many of them. */
static void test_dryrows(void)
{
	store_dryrows d;
	const char *row[2];
	char *out[2], num[32];
	int64_t id, i;
	int good = 1;

	memset(&d, 0, sizeof d);
	ok(store_dryrows_ready(&d, NULL, "cases", 2) == 0 && d.base == 1,
	   "without a database the first new row would be 1");
	for (i = 0; i < 200; i++) {
		snprintf(num, sizeof num, "%lld", (long long)i);
		row[0] = num;
		row[1] = i % 2 ? NULL : "even";
		if (store_dryrows_add(&d, row, &id) || id != i + 1)
			good = 0;
	}
	ok(good, "200 new rows get the ids 1 to 200");
	ok(store_dryrows_get(&d, 130, out) == 1 && !strcmp(out[0], "129") &&
	   !out[1], "a new row reads back as kept (NULL kept)");
	free(out[0]);
	ok(store_dryrows_get(&d, 5000, out) == 0, "a stored row never changed is not there");
	for (i = 1; i <= 3000 && good; i++) {
		snprintf(num, sizeof num, "v%lld", (long long)i);
		row[0] = num;
		row[1] = "later";
		if (store_dryrows_set(&d, i * 7, row))
			good = 0;
	}
	ok(good, "3,000 later versions kept");
	row[0] = "last";
	ok(store_dryrows_set(&d, 14, row) == 0, "a row changed twice");
	for (i = 1; i <= 3000 && good; i++) {
		snprintf(num, sizeof num, "v%lld", (long long)i);
		if (store_dryrows_get(&d, i * 7, out) != 1 ||
		    strcmp(out[0], i == 2 ? "last" : num) || strcmp(out[1], "later"))
			good = 0;
		free(out[0]);
		free(out[1]);
	}
	ok(good, "each row reads back as last changed (new and stored rows alike)");
	ok(store_dryrows_get(&d, 8, out) == 1 && !strcmp(out[0], "7"),
	   "a new row never changed still reads as added");
	free(out[0]);
	free(out[1]);
	store_dryrows_release(&d);
}

int main(void)
{
	char path[256];
	cw_config cfg = {.busy_timeout_ms = 2000};
	cw_db *db = NULL, *copy = NULL;
	store_stmt *a, *b;
	cw_buf sql;
	int64_t batch;

	test_map();
	test_dryrows();
	if (!mkdtemp(dir))
		return 1;
	snprintf(path, sizeof path, "%s/t.db", dir);
	if (cw_db_open(&db, path, CW_DB_WRITE, &cfg) != 0)
		return 1;

	/* the statement cache */
	a = store_cached(db, "SELECT 1");
	b = store_cached(db, "SELECT 1");
	ok(a && a == b, "store_cached gives one statement for one SQL text");
	{
		static const char text[] = "SELECT ?";
		a = store_cached(db, text);
		store_bind_text(a, 1, "x");
		ok(store_step(a) == STORE_ROW && !strcmp(store_col_text(a, 0), "x"),
		   "a cached statement runs");
		b = store_cached(db, text);
		ok(a == b && store_step(b) == STORE_ROW && !store_col_text(b, 0),
		   "and comes back reset, its parameters unbound");
		store_reset(b);
	}
	ok(store_cached(db, "SELECT nonsense FROM nowhere") == NULL,
	   "a statement that cannot be prepared is NULL (reported)");

	/* lists bound value by value */
	cw_buf_init(&sql);
	cw_buf_addstr(&sql, "SELECT count(*) FROM (SELECT 'a' AS x UNION ALL"
		      " SELECT 'b' UNION ALL SELECT 'c') WHERE x IN ");
	store_in_list(&sql, 2);
	is_str(sql.s + sql.len - 6, "(?, ?)", "store_in_list writes a placeholder each");
	a = store_prepare(db, sql.s);
	store_bind_text(a, 1, "a");
	store_bind_text(a, 2, "c");
	ok(a && store_step(a) == STORE_ROW && store_col_int(a, 0) == 2,
	   "and the list selects its values");
	store_finalize(a);
	cw_buf_reset(&sql);
	cw_buf_addstr(&sql, "SELECT count(*) FROM (SELECT 1 AS x) WHERE x IN ");
	store_in_list(&sql, 0);
	{
		char *v = value(db, sql.s);
		is_str(v ? v : "(null)", "0", "an empty list matches nothing");
		free(v);
	}
	cw_buf_release(&sql);

	/* the SQL functions every backend provides */
	is_value(db, "SELECT cw_days('2024-02-28', '2024-03-01')", "2");
	is_value(db, "SELECT cw_days('2026-01-01', '2025-12-31')", "-1");
	is_value(db, "SELECT cw_days('2026-02-30', '2026-03-01')", NULL);
	is_value(db, "SELECT cw_days(NULL, '2026-03-01')", NULL);
	is_value(db, "SELECT cw_add_days('2024-02-28', 1)", "2024-02-29");
	is_value(db, "SELECT cw_add_days('2026-01-01', -1)", "2025-12-31");
	is_value(db, "SELECT cw_add_months('2026-01-31', 1)", "2026-02-28");
	is_value(db, "SELECT cw_add_months('2024-01-31', 1)", "2024-02-29");
	is_value(db, "SELECT cw_add_months('2026-03-31', -1)", "2026-02-28");
	is_value(db, "SELECT cw_add_months('2026-12-15', 1)", "2027-01-15");
	is_value(db, "SELECT cw_add_months('2026-01-01', -1)", "2025-12-01");
	is_value(db, "SELECT cw_add_months('9999-12-01', 1)", NULL);
	is_value(db, "SELECT cw_add_months('2026-1-1', 1)", NULL);
	is_value(db, "SELECT strpos('abc', 'c')", "3");
	is_value(db, "SELECT strpos('abc', 'd')", "0");
	is_value(db, "SELECT strpos('社会工作', '工作')", "3");
	is_value(db, "SELECT string_agg(x, ', ') FROM (SELECT 'a' AS x UNION ALL"
		 " SELECT NULL UNION ALL SELECT 'b')", "a, b");
	is_value(db, "SELECT string_agg(x, ', ') FROM (SELECT NULL AS x)", NULL);
	is_value(db, "SELECT cw_local_date('2026-03-01T23:30:00Z')", "2026-03-01");
	is_value(db, "SELECT cw_local_date(NULL)", NULL);
	setenv("TZ", "CST-8", 1);   /* China Standard Time, no zoneinfo needed */
	tzset();
	is_value(db, "SELECT cw_local_date('2026-03-01T23:30:00Z')", "2026-03-02");
	setenv("TZ", "UTC", 1);
	tzset();
	is_value(db, "SELECT cw_local_date('2026-03-01 junk')", "2026-03-01");

	/* transactions and ids */
	ok(cw_db_begin(db, "tester", "test", &batch) == 0 && batch > 0,
	   "a write batch begins");
	a = store_prepare(db, "INSERT INTO workers (name, added_at, batch_id)"
			  " VALUES ('王芳', '2026-01-01T00:00:00Z', ?)");
	store_bind_int(a, 1, batch);
	ok(store_step(a) == STORE_DONE, "a worker is added");
	store_finalize(a);
	ok(store_exec(db, "CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT,"
		      " v TEXT); CREATE INDEX t_v ON t(v)") == 0, "store_exec runs DDL");
	ok(store_next_id(db, "t") == 1, "the next id of an empty table is 1");
	a = store_prepare(db, "INSERT INTO t (v) VALUES (?)");
	store_bind_textn(a, 1, "abcdef", 3);
	ok(store_step(a) == STORE_DONE && store_last_id(db) == 1 &&
	   store_changes(db) == 1, "an insert gives its id and one change");
	store_finalize(a);
	is_value(db, "SELECT v FROM t", "abc");
	{
		static const char *const tables[] = {"t", NULL};
		ok(store_bulk_begin(db, tables) == 0, "bulk begins");
		is_value(db, "SELECT count(*) FROM sqlite_master WHERE name = 't_v'", "0");
		ok(store_bulk_end(db) == 0, "bulk ends");
		is_value(db, "SELECT count(*) FROM sqlite_master WHERE name = 't_v'", "1");
	}
	ok(cw_db_commit(db) == 0, "the batch commits");
	ok(store_next_id(db, "t") == 2, "the next id follows the last given");

	/* a private copy */
	{
		static const char *const tables[] = {"batches", "workers", NULL};
		ok(store_open_scratch(&copy, "copy", db, tables) == 0, "a scratch copy opens");
		is_value(copy, "SELECT name || ' ' || batch_id FROM workers", "王芳 1");
		cw_db_free(copy);
		copy = NULL;
	}
	ok(store_open_scratch(&copy, "copy", NULL, NULL) == 0,
	   "an empty scratch database has the schema");
	is_value(copy, "SELECT count(*) FROM cases", "0");
	cw_db_free(copy);

	cw_db_free(db);
	unlink(path);
	rmdir(dir);
	return tap_done();
}
