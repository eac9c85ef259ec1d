/* test_digest.c - the digests a writer gives the commit of its batch
 * (store_digest_known, store_digest_now): the records they name are not
 * read back, unless the batch changes them, they come out of id order or
 * others of their kind come before them; the digest entry is the same
 * either way, and the records verify. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <unistd.h>
#include "store/store.h"
#include "tap.h"
#include "query.h"

#define NCOLS 23                /* a client's columns, casework(7) */

static char dir[] = "/tmp/cw-test-digest.XXXXXX";
static cw_db *db;
static int64_t batch;

/* The digest of client id as insert() writes it, its phone phone (NULL:
 * none), in out. */
static void client_digest(int64_t id, const char *phone, char out[65])
{
	const char *v[NCOLS] = {0};
	char idt[24], bt[24];

	snprintf(idt, sizeof idt, "%lld", (long long)id);
	snprintf(bt, sizeof bt, "%lld", (long long)batch);
	v[0] = idt;
	v[1] = "王芳";
	v[2] = "王芳";
	v[7] = phone;
	v[16] = "2026-12-01T00:00:00Z";
	v[18] = bt;
	if (store_digest_of("clients", v, NCOLS, out))
		strcpy(out, "<none>");
}

/* Inserts client id in the open batch, its digest stored (or none), and
 * gives the commit that digest when told. */
static void insert(int64_t id, int stored, int known)
{
	store_stmt *st = store_prepare(db, "INSERT INTO clients (id, name,"
				       " name_key, created_at, batch_id, digest)"
				       " VALUES (?, '王芳', '王芳',"
				       " '2026-12-01T00:00:00Z', ?, ?)");
	char d[65];

	client_digest(id, NULL, d);
	store_bind_int(st, 1, id);
	store_bind_int(st, 2, batch);
	store_bind_text(st, 3, stored ? d : NULL);
	if (store_step(st) != STORE_DONE)
		printf("# inserting CL-%lld failed\n", (long long)id);
	store_finalize(st);
	if (known)
		store_digest_known(db, CW_K_CLIENT, id, d);
}

/* Whether client id's stored digest is its own (1), none (0) or another
 * (-1). */
static int stored(int64_t id, const char *phone)
{
	char sql[80], d[65], *v;
	int r;

	snprintf(sql, sizeof sql, "SELECT digest FROM clients WHERE id = %lld",
		 (long long)id);
	v = value(db, sql);
	client_digest(id, phone, d);
	r = !v ? 0 : !strcmp(v, d) ? 1 : -1;
	free(v);
	return r;
}

/* The detail the batch's digest entry of clients should have: the SHA-256
 * of the digests of clients first..last, one a line. */
static void entry_detail(int64_t first, int64_t last, char out[120])
{
	cw_buf b;
	char d[65], sum[65];
	int64_t i;

	cw_buf_init(&b);
	for (i = first; i <= last; i++) {
		client_digest(i, i == 5 ? "13900000005" : NULL, d);
		cw_buf_addstr(&b, d);
		cw_buf_addch(&b, '\n');
	}
	cw_sha256_hex(b.s, b.len, sum);
	snprintf(out, 120, "{\"records\":%lld,\"sha256\":\"%s\"}",
		 (long long)(last - first + 1), sum);
	cw_buf_release(&b);
}

/* Commits the batch, whose insert entry names ids, and checks its digest
 * entry: that of clients first..last. */
static void commit(const char *ids, int64_t first, int64_t last, const char *what)
{
	char want[120], *got;

	cw_audit_append(db, "insert", CW_K_CLIENT, ids, "{}");
	ok(cw_db_commit(db) == 0, "%s: the batch commits", what);
	entry_detail(first, last, want);
	got = value(db, "SELECT detail FROM audit WHERE action = 'digest' AND"
		    " id = (SELECT max(id) FROM audit)");
	is_str(got ? got : "(null)", want, "%s: its digest entry names the"
	       " digests of its records", what);
	free(got);
}

/* Sets client id's digest to its own, past the tools. */
static void set_digest(int64_t id)
{
	store_stmt *st = store_prepare(db, "UPDATE clients SET digest = ?"
				       " WHERE id = ?");
	char d[65];

	client_digest(id, NULL, d);
	store_bind_text(st, 1, d);
	store_bind_int(st, 2, id);
	ok(st && store_step(st) == STORE_DONE, "(CL-%lld's digest set outside)",
	   (long long)id);
	store_finalize(st);
}

static void begin(void)
{
	if (cw_db_begin(db, "tester", "test", &batch) != 0)
		printf("# a batch did not begin\n");
}

/* A batch that inserts clients a and b (next to each other), in that
 * order, their digests not stored, and gives b's digest (and a's when
 * known_a): both are read back. */
static void two_read_back(int64_t a, int64_t b, int known_a, const char *what)
{
	int64_t lo = a < b ? a : b, hi = a < b ? b : a;
	char ids[48];

	begin();
	insert(a, 0, known_a);
	insert(b, 0, 1);
	snprintf(ids, sizeof ids, "CL-%lld..CL-%lld", (long long)lo, (long long)hi);
	commit(ids, lo, hi, what);
	ok(stored(a, NULL) == 1 && stored(b, NULL) == 1,
	   "%s: both read back and their digests written", what);
}

int main(void)
{
	char path[256];
	cw_config cfg = {.busy_timeout_ms = 2000};
	long checked = 0;

	if (!mkdtemp(dir))
		return 1;
	snprintf(path, sizeof path, "%s/t.db", dir);
	if (cw_db_open(&db, path, CW_DB_WRITE, &cfg) != 0)
		return 1;

	/* digests given in id order, of the batch's first records: the
	 * commit takes them as they are, reading nothing back (a digest
	 * not stored stays unwritten) */
	begin();
	insert(1, 1, 1);
	insert(2, 1, 1);
	insert(3, 0, 1);
	commit("CL-1..CL-3", 1, 3, "three known");
	ok(stored(1, NULL) == 1 && stored(2, NULL) == 1, "the digests stored stay");
	ok(stored(3, NULL) == 0, "a record known is not read back");
	set_digest(3);

	/* a record the batch changes after its digest was given: read back */
	begin();
	insert(4, 1, 1);
	insert(5, 1, 1);
	ok(store_exec(db, "UPDATE clients SET phone = '13900000005' WHERE id = 5") == 0,
	   "(a record changed after its digest was given)");
	cw_audit_append(db, "update", CW_K_CLIENT, "CL-5", "{}");
	commit("CL-4..CL-5", 4, 5, "one changed");
	ok(stored(5, "13900000005") == 1, "the changed record's digest is written");

	/* others of the kind before them, or out of id order: all read
	 * back */
	two_read_back(6, 7, 0, "one known after one not");
	two_read_back(9, 8, 1, "known out of order");

	/* known for the first, not the rest: only the rest read back */
	begin();
	insert(10, 0, 1);
	insert(11, 0, 0);
	commit("CL-10..CL-11", 10, 11, "the first known");
	ok(stored(10, NULL) == 0, "the first not read back");
	ok(stored(11, NULL) == 1, "the rest read back and their digests written");
	set_digest(10);

	/* records digested before the writer's: at once, then known */
	begin();
	insert(12, 0, 0);
	insert(13, 0, 0);
	ok(store_digest_now(db, CW_K_CLIENT, 12, 13) == 0, "two digested now");
	ok(stored(12, NULL) == 1 && stored(13, NULL) == 1,
	   "their digests written at once");
	insert(14, 0, 1);
	commit("CL-12..CL-14", 12, 14, "digested now, then known");
	ok(stored(14, NULL) == 0, "the one known after them is not read back");
	set_digest(14);

	/* a batch rolled back forgets what it was told */
	begin();
	insert(15, 0, 1);
	cw_db_rollback(db);
	begin();
	insert(15, 0, 0);
	commit("CL-15", 15, 15, "after a rollback");
	ok(stored(15, NULL) == 1, "the record read back");

	ok(store_begin(db, 0) == 0 && store_records_verify(db, NULL, &checked) == 0,
	   "every record verifies");
	store_rollback(db);
	ok(checked == 15, "all 15 checked (%ld)", checked);

	cw_db_free(db);
	unlink(path);
	rmdir(dir);
	return tap_done();
}
