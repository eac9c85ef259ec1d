/* test_batch.c - the batch rules of casework.7 (lib/batch.c): every record
 * accounted for once, all or nothing unless --keep-going, the totals line,
 * the exit code, dry runs, the rejects file, several inputs, standard
 * input. A test callback does what each record's "action" column says. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sqlite3.h>
#include "store/store.h"
#include "store/backend.h"   /* db->h: the SQLite connection */
#include "tap.h"
#include "capture.h"

static char dir[] = "/tmp/cw-test-batch.XXXXXX";
static cw_db *db;

static const cw_col cols[] = {{"name", 0}};
static const cw_col cols2[] = {{"name", 0}, {"n", 1}};

/* The columns the test's records may have. */
static int known(const cw_names *names, const char *name)
{
	(void)names;
	return !strcmp(name, "name") || !strcmp(name, "action");
}
static const cw_names names = {known, NULL, 2};

struct ctx {
	int finish_calls;  /* times finish was called */
	int finish_rc;     /* what finish returns */
	int64_t ids_seen;  /* sum of cw_batch_id over the records */
	int dry_seen;      /* records seen in a dry run */
	int db_error;      /* an insert failed */
};

static void insert(cw_batch *b, struct ctx *x, const char *name)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db->h, "INSERT INTO t (name, batch) VALUES (?, ?)",
			       -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 2, cw_batch_id(b)) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_DONE)
		x->db_error = 1;
	sqlite3_finalize(st);
}

/* action store (or absent, or empty): stored; twice: stored and skipped;
 * skip; reject (field name, then returns CW_REJECTED, which the batch
 * takes as 0); none: no outcome; fatal: returns 5. */
static int fn(void *vctx, cw_batch *b, const cw_record *rec)
{
	struct ctx *x = vctx;
	const cw_field *nf = cw_record_get(rec, "name");
	const cw_field *af = cw_record_get(rec, "action");
	const char *a = af && af->value ? af->value : "";
	const char *vals[2] = {NULL, NULL};  /* cols or cols2 */

	vals[0] = nf && nf->value ? nf->value : "";
	x->ids_seen += cw_batch_id(b);
	x->dry_seen += cw_batch_dry_run(b);
	if (!*a || !strcmp(a, "store") || !strcmp(a, "twice")) {
		if (!cw_batch_dry_run(b))
			insert(b, x, vals[0]);
		cw_batch_stored(b, vals);
		if (!strcmp(a, "twice"))
			cw_batch_skip(b, rec, "counted again");
	} else if (!strcmp(a, "skip")) {
		cw_batch_skip(b, rec, "already there");
	} else if (!strcmp(a, "reject")) {
		cw_batch_reject(b, rec, "name", "is not allowed");
		return CW_REJECTED;
	} else if (!strcmp(a, "fatal")) {
		return CW_EXIT_IO;
	}
	return 0;
}

static int finish(void *vctx, cw_batch *b)
{
	struct ctx *x = vctx;
	(void)b;
	x->finish_calls++;
	return x->finish_rc;
}

/* A second callback for store_batch_read: one record, two output rows. */
static int fn_rows(void *vctx, cw_batch *b, const cw_record *rec)
{
	const cw_field *nf = cw_record_get(rec, "name");
	const char *v1[2], *v2[2];
	(void)vctx;
	v1[0] = v2[0] = nf && nf->value ? nf->value : "";
	v1[1] = "1";
	v2[1] = "2";
	store_batch_count_stored(b);
	store_batch_print(b, v1);
	store_batch_print(b, v2);
	return 0;
}

/* The first column of the first row of sql, as text ("" for none or
 * NULL), in a static buffer. */
static const char *q1(const char *sql)
{
	static char out[4][1024];
	static int next;
	char *s = out[next++ % 4];
	sqlite3_stmt *st = NULL;

	snprintf(s, sizeof out[0], "(error)");
	if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) == SQLITE_OK) {
		int r = sqlite3_step(st);
		const unsigned char *t = r == SQLITE_ROW ? sqlite3_column_text(st, 0) : NULL;
		snprintf(s, sizeof out[0], "%s", t ? (const char *)t : "");
	}
	sqlite3_finalize(st);
	return s;
}

/* What the table t holds, names in order, comma-separated. */
static const char *stored(void)
{
	return q1("SELECT group_concat(name, ',') FROM (SELECT name FROM t ORDER BY rowid)");
}

static const char *nbatches(void)
{
	return q1("SELECT count(*) FROM batches");
}

static const char *last_batch(void)
{
	return q1("SELECT max(id) FROM batches");
}

/* One batch, its output and messages caught. */
struct run {
	int rc;
	char *out, *err;
};

static void run_batch(struct run *r, const cw_batch_opts *o, cw_db *d,
		      char **files, size_t n, struct ctx *x)
{
	capture co, ce;
	int c1 = capture_start(&co, 1), c2 = capture_start(&ce, 2);

	r->rc = cw_batch_run(o, d, files, n, cols, 1, &names, fn, finish, x);
	r->err = c2 ? NULL : capture_end(&ce);
	r->out = c1 ? NULL : capture_end(&co);
}

/* The same with standard input reading text: a file, or a pipe. */
static void run_stdin(struct run *r, const cw_batch_opts *o, char **files,
		      size_t n, const char *text, int as_pipe, struct ctx *x)
{
	capture in;
	int bad = as_pipe ? stdin_pipe(&in, text) : stdin_start(&in, text);

	run_batch(r, o, db, files, n, x);
	if (!bad)
		stdin_end(&in);
}

static void run_free(struct run *r)
{
	free(r->out);
	free(r->err);
	r->out = r->err = NULL;
}

/* Whether the folder holds any file whose name starts with prefix and
 * goes on (a temporary file left behind). */
static int leftovers(const char *prefix)
{
	DIR *d = opendir(".");
	struct dirent *e;
	int n = 0;
	size_t len = strlen(prefix);

	if (!d)
		return -1;
	while ((e = readdir(d)) != NULL)
		if (!strncmp(e->d_name, prefix, len) && e->d_name[len])
			n++;
	closedir(d);
	return n;
}

static int exists(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0;
}

static void test_accounting(void)
{
	cw_batch_opts o = {.verb = "test", .actor = "tester", .out_fmt = CW_FMT_JSONL};
	struct ctx x = {0};
	struct run r;
	char *a[] = {"a.csv"}, *b[] = {"b.csv"}, *e[] = {"e.csv"}, *f[] = {"f.csv"},
	     *g[] = {"g.csv"}, *h[] = {"h.csv"}, *d[] = {"d.csv"};

	write_file("a.csv", "name,action\nAnn,store\nBob,\n");
	write_file("b.csv", "name,action\nCy,store\nDee,reject\nEve,skip\nFay,store\n");
	write_file("d.csv", "name,action\nGus,skip\n");
	write_file("e.csv", "name,action\nHal,store\nIda,none\nJo,store\n");
	write_file("f.csv", "name,action\nKay,twice\nLou,store\n");
	write_file("g.csv", "name,action\nKim,store\nLee,fatal\nMo,store\n");
	write_file("h.csv", "name,action\nNia,store\n");

	run_batch(&r, &o, db, a, 1, &x);
	ok(r.rc == 0, "every record stored: exit 0 (got %d)", r.rc);
	is_str(r.err, "tb: batch BT-1: 2 read, 2 stored, 0 skipped, 0 rejected\n",
	       "the totals line of a batch that committed");
	is_str(r.out, "{\"name\":\"Ann\"}\n{\"name\":\"Bob\"}\n",
	       "the stored records printed after the commit");
	is_str(stored(), "Ann,Bob", "both are in the database");
	is_str(q1("SELECT group_concat(DISTINCT batch) FROM t"), "1",
	       "under the batch's id");
	ok(x.finish_calls == 1 && x.ids_seen == 2,
	   "finish called once (%d), the callback saw BT-1", x.finish_calls);
	is_str(q1("SELECT actor || ' ' || verb FROM batches"), "tester test",
	       "the batch records who and what");
	run_free(&r);

	x = (struct ctx){0};
	run_batch(&r, &o, db, b, 1, &x);
	ok(r.rc == CW_EXIT_DATA, "a record rejected: exit 3 (got %d)", r.rc);
	is_str(r.err, "tb: b.csv:3: name: is not allowed\n"
		      "tb: b.csv:4: skipped: already there\n"
		      "tb: batch rolled back, nothing stored: 4 read, 2 valid, "
		      "1 skipped, 1 rejected\n",
	       "the reject, the skip, then the totals of a batch rolled back");
	is_str(r.out, "", "nothing printed when nothing was stored");
	is_str(stored(), "Ann,Bob", "all or nothing: the valid records are not stored");
	is_str(nbatches(), "1", "nor the batch");
	ok(x.finish_calls == 0, "finish not called before a rollback");
	run_free(&r);

	o.keep_going = 1;
	x = (struct ctx){0};
	run_batch(&r, &o, db, b, 1, &x);
	ok(r.rc == CW_EXIT_DATA, "--keep-going with a record rejected: still exit 3 (got %d)",
	   r.rc);
	is_str(r.err, "tb: b.csv:3: name: is not allowed\n"
		      "tb: b.csv:4: skipped: already there\n"
		      "tb: batch BT-2: 4 read, 2 stored, 1 skipped, 1 rejected\n",
	       "--keep-going commits the rest");
	is_str(r.out, "{\"name\":\"Cy\"}\n{\"name\":\"Fay\"}\n", "and prints what it stored");
	is_str(stored(), "Ann,Bob,Cy,Fay", "the valid records are stored");
	ok(x.finish_calls == 1, "finish called (%d)", x.finish_calls);
	run_free(&r);

	o.keep_going = 0;
	run_batch(&r, &o, db, d, 1, &x);
	ok(r.rc == 0, "a record skipped is no error: exit 0 (got %d)", r.rc);
	is_str(r.err, "tb: d.csv:2: skipped: already there\n"
		      "tb: batch BT-3: 1 read, 0 stored, 1 skipped, 0 rejected\n",
	       "the skip is said, and the batch commits");
	is_str(nbatches(), "3", "the batch of nothing stored is kept");
	run_free(&r);

	/* Accounting: a record must end with exactly one outcome. */
	o.keep_going = 1;
	run_batch(&r, &o, db, e, 1, &x);
	ok(r.rc == CW_EXIT_DB, "a record with no outcome: exit 4 (got %d)", r.rc);
	is_str(r.err, "tb: internal error: a record was not accounted for\n"
		      "tb: batch rolled back, nothing stored: 2 read, 1 valid, "
		      "0 skipped, 0 rejected before the error\n",
	       "is an internal error that stops the batch, even with --keep-going");
	is_str(stored(), "Ann,Bob,Cy,Fay", "and rolls it back");
	run_free(&r);

	run_batch(&r, &o, db, f, 1, &x);
	ok(r.rc == CW_EXIT_DB, "a record with two outcomes: exit 4 (got %d)", r.rc);
	is_str(r.err, "tb: f.csv:2: skipped: counted again\n"
		      "tb: internal error: a record was not accounted for\n"
		      "tb: batch rolled back, nothing stored: 1 read, 1 valid, "
		      "1 skipped, 0 rejected before the error\n",
	       "is the same internal error");
	is_str(stored(), "Ann,Bob,Cy,Fay", "nothing stored");
	run_free(&r);

	x = (struct ctx){0};
	run_batch(&r, &o, db, g, 1, &x);
	ok(r.rc == CW_EXIT_IO, "a callback's code is the batch's exit code (got %d)", r.rc);
	is_str(r.err, "tb: batch rolled back, nothing stored: 2 read, 1 valid, "
		      "0 skipped, 0 rejected before the error\n",
	       "the batch stops at the record (Mo is never read)");
	is_str(r.out, "", "nothing printed");
	is_str(stored(), "Ann,Bob,Cy,Fay", "nothing stored, even with --keep-going");
	ok(x.finish_calls == 0, "finish not called");
	run_free(&r);

	x = (struct ctx){.finish_rc = CW_EXIT_DB};
	run_batch(&r, &o, db, h, 1, &x);
	ok(r.rc == CW_EXIT_DB, "finish failing: its code (got %d)", r.rc);
	is_str(r.err, "tb: batch rolled back, nothing stored: 1 read, 1 valid, "
		      "0 skipped, 0 rejected before the error\n",
	       "rolls the batch back");
	is_str(r.out, "", "nothing printed");
	is_str(stored(), "Ann,Bob,Cy,Fay", "nothing stored");
	is_str(nbatches(), "3", "no batch added by the failures");
	ok(x.finish_calls == 1, "finish was called (%d)", x.finish_calls);
	run_free(&r);

	o.keep_going = 0;
	o.out_fmt = CW_FMT_CSV;
	x = (struct ctx){0};
	run_batch(&r, &o, db, h, 1, &x);
	is_str(r.out, "name\nNia\n", "records printed in the output format asked (csv)");
	run_free(&r);
	run_batch(&r, &o, db, b, 1, &x);
	is_str(r.out, "", "a batch rolled back prints not even the csv header");
	run_free(&r);
	ok(sqlite3_get_autocommit(db->h), "no transaction left open");
}

static void test_dry_run(void)
{
	cw_batch_opts o = {.verb = "test", .actor = "tester", .out_fmt = CW_FMT_JSONL,
			   .dry_run = 1};
	struct ctx x = {0};
	struct run r;
	char *b[] = {"b.csv"}, *g[] = {"g.csv"}, *h[] = {"h.csv"};
	const char *before = strf("%s|%s", stored(), nbatches());

	run_batch(&r, &o, db, b, 1, &x);
	ok(r.rc == CW_EXIT_DATA, "dry run with a record rejected: exit 3 (got %d)", r.rc);
	is_str(r.err, "tb: b.csv:3: name: is not allowed\n"
		      "tb: b.csv:4: skipped: already there\n"
		      "tb: dry run, nothing stored: 4 read, 2 valid, 1 skipped, 1 rejected\n",
	       "the totals line of a dry run");
	is_str(r.out, "{\"name\":\"Cy\"}\n{\"name\":\"Fay\"}\n",
	       "the valid records printed as they are validated, even with a reject");
	ok(x.dry_seen == 4 && x.ids_seen == 0,
	   "the callback sees a dry run (%d) with no batch id", x.dry_seen);
	ok(x.finish_calls == 0, "finish not called in a dry run");
	is_str(strf("%s|%s", stored(), nbatches()), before, "the database unchanged, no batch");
	ok(sqlite3_get_autocommit(db->h), "no transaction left open");
	run_free(&r);

	x = (struct ctx){0};
	run_batch(&r, &o, db, g, 1, &x);
	ok(r.rc == CW_EXIT_IO, "dry run stopped by a callback: its code (got %d)", r.rc);
	is_str(r.out, "{\"name\":\"Kim\"}\n", "what was validated before was printed");
	is_str(r.err, "tb: dry run, nothing stored: 2 read, 1 valid, 0 skipped, "
		      "0 rejected before the error\n", "the dry run's totals");
	run_free(&r);

	x = (struct ctx){0};
	run_batch(&r, &o, NULL, h, 1, &x);
	ok(r.rc == 0, "dry run without a database: exit 0 (got %d)", r.rc);
	is_str(r.out, "{\"name\":\"Nia\"}\n", "prints the record");
	is_str(r.err, "tb: dry run, nothing stored: 1 read, 1 valid, 0 skipped, 0 rejected\n",
	       "and the totals");
	run_free(&r);
}

static void test_rejects(void)
{
	cw_batch_opts o = {.verb = "test", .actor = "tester", .out_fmt = CW_FMT_JSONL,
			   .keep_going = 1, .rejects = "rej.csv"};
	struct ctx x = {0};
	struct run r;
	char *s;
	char *j[] = {"j.csv"}, *k[] = {"k.csv"}, *l[] = {"l.jsonl"}, *m[] = {"m.csv"},
	     *b[] = {"b.csv"}, *mm[] = {"h.csv", "l.jsonl"};

	write_file("j.csv", "name,action\nNed,reject\nOla,store\n\"P, q\",reject\nQ\n");
	run_batch(&r, &o, db, j, 1, &x);
	ok(r.rc == CW_EXIT_DATA, "rejects: exit 3 (got %d)", r.rc);
	is_str(r.err, strf("tb: j.csv:2: name: is not allowed\n"
			"tb: j.csv:4: name: is not allowed\n"
			"tb: j.csv:5: expected 2 fields, found 1\n"
			"tb: batch BT-%s: 4 read, 1 stored, 0 skipped, 3 rejected\n",
			last_batch()),
	       "the reader's reject counts as one too");
	s = read_file("rej.csv");
	is_str(s, "_file,_line,_reason,name,action\n"
		  "j.csv,2,name: is not allowed,Ned,reject\n"
		  "j.csv,4,name: is not allowed,\"P, q\",reject\n"
		  "j.csv,5,\"expected 2 fields, found 1\",Q,\n",
	       "CSV rejects: where and why first, the record as it was, short rows padded");
	free(s);
	ok(leftovers("rej.csv") == 0, "no temporary file left beside it");
	run_free(&r);

	/* A rejects file read back: its where and why are replaced. */
	rename("rej.csv", "k.csv");
	o.rejects = "rej2.csv";
	run_batch(&r, &o, db, k, 1, &x);
	ok(r.rc == CW_EXIT_DATA, "a rejects file as input (got %d)", r.rc);
	s = read_file("rej2.csv");
	is_str(s, "_file,_line,_reason,name,action\n"
		  "k.csv,2,name: is not allowed,Ned,reject\n"
		  "k.csv,3,name: is not allowed,\"P, q\",reject\n",
	       "_file, _line and _reason replaced, not repeated");
	free(s);
	is_str(q1("SELECT name FROM t ORDER BY rowid DESC LIMIT 1"), "Q",
	       "the corrected record is stored");
	run_free(&r);

	write_file("l.jsonl",
		   "{\"name\":\"Rae\",\"action\":\"reject\",\"n\":5,\"ok\":true,\"z\":null}\n"
		   "{\"name\":\"Sam\",\"action\":\"store\"}\n"
		   "{\"_file\":\"old.csv\",\"_line\":9,\"_reason\":\"old\",\"name\":\"Tia\","
		   "\"action\":\"reject\"}\n");
	o.rejects = "rej.jsonl";
	run_batch(&r, &o, db, l, 1, &x);
	ok(r.rc == CW_EXIT_DATA, "JSON Lines rejects (got %d)", r.rc);
	s = read_file("rej.jsonl");
	is_str(s, "{\"_file\":\"l.jsonl\",\"_line\":1,\"_reason\":\"name: is not allowed\","
		  "\"name\":\"Rae\",\"action\":\"reject\",\"n\":5,\"ok\":true,\"z\":null}\n"
		  "{\"_file\":\"l.jsonl\",\"_line\":3,\"_reason\":\"name: is not allowed\","
		  "\"name\":\"Tia\",\"action\":\"reject\"}\n",
	       "JSON Lines rejects: types kept, earlier _file/_line/_reason replaced");
	free(s);
	run_free(&r);

	/* A batch that does not commit leaves the rejects file as it was. */
	write_file("keep.csv", "old content\n");
	write_file("m.csv", "name,action\nUma,reject\nVic,fatal\n");
	o.rejects = "keep.csv";
	run_batch(&r, &o, db, m, 1, &x);
	ok(r.rc == CW_EXIT_IO, "a batch stopped after a reject (got %d)", r.rc);
	s = read_file("keep.csv");
	is_str(s, "old content\n", "leaves the rejects file untouched");
	free(s);
	ok(leftovers("keep.csv") == 0, "and no temporary file beside it");
	run_free(&r);

	o.keep_going = 0;
	o.rejects = "none.csv";
	run_batch(&r, &o, db, b, 1, &x);
	ok(r.rc == CW_EXIT_DATA && !exists("none.csv") && leftovers("none.csv") == 0,
	   "an all-or-nothing batch rolled back creates no rejects file");
	run_free(&r);

	o.dry_run = 1;
	o.rejects = "dry.csv";
	run_batch(&r, &o, db, b, 1, &x);
	s = read_file("dry.csv");
	is_str(s, "_file,_line,_reason,name,action\nb.csv,3,name: is not allowed,Dee,reject\n",
	       "a dry run writes its rejects file when it ends");
	free(s);
	run_free(&r);

	o.dry_run = 0;
	o.keep_going = 1;
	o.rejects = "mm.csv";
	run_batch(&r, &o, db, mm, 2, &x);
	ok(r.rc == CW_EXIT_USAGE, "inputs of two formats with --rejects: exit 2 (got %d)", r.rc);
	is_str(r.err, "tb: l.jsonl:1: '--rejects' needs every input in the same format "
		      "with the same columns\n"
		      "tb: batch rolled back, nothing stored: 1 read, 1 valid, 0 skipped, "
		      "0 rejected before the error\n",
	       "are refused at the second input's first record");
	ok(!exists("mm.csv"), "no rejects file");
	run_free(&r);

	write_file("other.csv", "action,name\nstore,Wyn\n");
	{
		char *two[] = {"h.csv", "other.csv"};
		run_batch(&r, &o, db, two, 2, &x);
		ok(r.rc == CW_EXIT_USAGE, "CSV inputs with other columns and --rejects: "
		   "exit 2 (got %d)", r.rc);
		run_free(&r);
	}
	o.rejects = NULL;
	{
		char *two[] = {"h.csv", "other.csv"};
		const char *n0 = nbatches();
		run_batch(&r, &o, db, two, 2, &x);
		ok(r.rc == 0 && atoi(nbatches()) == atoi(n0) + 1,
		   "without --rejects they are one batch (got %d)", r.rc);
		run_free(&r);
	}
}

static void test_inputs(void)
{
	cw_batch_opts o = {.verb = "test", .actor = "tester", .out_fmt = CW_FMT_JSONL};
	struct ctx x = {0};
	struct run r;
	const char *before;
	char *two[] = {"i1.csv", "i2.jsonl"}, *bad2[] = {"i1.csv", "b.csv"},
	     *q[] = {"q.csv"}, *q2[] = {"q2.csv"}, *u[] = {"u.json"},
	     *missing[] = {"i1.csv", "nope.csv"}, *same[] = {"i1.csv"},
	     *withstdin[] = {"i1.csv", "-"};

	write_file("i1.csv", "name,action\nAb,store\n");
	write_file("i2.jsonl", "{\"name\":\"Bc\"}\n{\"name\":\"Cd\",\"action\":\"skip\"}\n");
	run_batch(&r, &o, db, two, 2, &x);
	ok(r.rc == 0, "two inputs in one batch: exit 0 (got %d)", r.rc);
	is_str(r.err, strf("tb: i2.jsonl:2: skipped: already there\n"
			"tb: batch BT-%s: 3 read, 2 stored, 1 skipped, 0 rejected\n",
			last_batch()),
	       "one totals line over both, messages name each file");
	is_str(r.out, "{\"name\":\"Ab\"}\n{\"name\":\"Bc\"}\n", "records in input order");
	is_str(q1("SELECT count(DISTINCT batch) || ' ' || count(*) FROM t "
		  "WHERE name IN ('Ab', 'Bc')"), "1 2", "one batch holds both");
	run_free(&r);

	before = strf("%s|%s", stored(), nbatches());
	run_batch(&r, &o, db, bad2, 2, &x);
	ok(r.rc == CW_EXIT_DATA, "a reject in the second input (got %d)", r.rc);
	is_str(strf("%s|%s", stored(), nbatches()), before,
	       "rolls back the records of the first");
	run_free(&r);

	/* cw_names: a CSV header naming no known column has no header. */
	write_file("q.csv", "foo,bar\n1,2\n");
	run_batch(&r, &o, db, q, 1, &x);
	ok(r.rc == CW_EXIT_DATA, "a header naming no known column: exit 3 (got %d)", r.rc);
	is_str(r.err, "tb: q.csv:1: the first line is not a header (no known column)\n"
		      "tb: batch rolled back, nothing stored: 0 read, 0 valid, 0 skipped, "
		      "0 rejected before the error\n",
	       "is refused without quoting it");
	run_free(&r);
	write_file("q2.csv", "_file,_line,_reason,foo\na,1,b,c\n");
	run_batch(&r, &o, db, q2, 1, &x);
	ok(r.rc == CW_EXIT_DATA, "the columns of a rejects file are no known column "
	   "(got %d)", r.rc);
	run_free(&r);
	{
		struct ctx y = {0};
		capture co, ce;
		int c1 = capture_start(&co, 1), c2 = capture_start(&ce, 2);
		int rc = cw_batch_run(&o, db, q, 1, cols, 1, NULL, fn, finish, &y);
		char *err = c2 ? NULL : capture_end(&ce), *out = c1 ? NULL : capture_end(&co);
		ok(rc == 0, "without names any header is read (got %d)", rc);
		free(err);
		free(out);
	}

	write_file("u.json", "[{\"name\":\"De\"},\n{\"name\":");
	before = strf("%s|%s", stored(), nbatches());
	run_batch(&r, &o, db, u, 1, &x);
	{
		const char *last = r.err ? strrchr(r.err, '\n') : NULL;
		while (last && last > r.err && last[-1] != '\n')
			last--;
		ok(r.rc == CW_EXIT_DATA, "a syntax error ends the batch: exit 3 (got %d)",
		   r.rc);
		is_str(last, "tb: batch rolled back, nothing stored: 1 read, 1 valid, "
			     "0 skipped, 0 rejected before the error\n",
		       "after the records before it");
		is_str(strf("%s|%s", stored(), nbatches()), before, "nothing stored");
	}
	run_free(&r);

	/* A missing input is found before the batch starts. */
	before = strf("%s|%s", stored(), nbatches());
	run_batch(&r, &o, db, missing, 2, &x);
	ok(r.rc == CW_EXIT_IO, "a missing input: exit 5 (got %d)", r.rc);
	is_str(r.err, "tb: nope.csv: cannot open: No such file or directory\n",
	       "named, with no totals line: no batch began");
	is_str(strf("%s|%s", stored(), nbatches()), before, "nothing stored");
	run_free(&r);
	{
		capture ce;
		int c2 = capture_start(&ce, 2), rc1, rc2;
		char *err;
		rc1 = cw_batch_check_inputs(&o, missing, 2);
		o.rejects = "i1.csv";
		rc2 = cw_batch_check_inputs(&o, same, 1);
		o.rejects = NULL;
		err = c2 ? NULL : capture_end(&ce);
		ok(rc1 == CW_EXIT_IO && rc2 == CW_EXIT_USAGE,
		   "cw_batch_check_inputs: 5 for a missing input, 2 for rejects over one");
		is_str(err, "tb: nope.csv: cannot open: No such file or directory\n"
			    "tb: refusing to write i1.csv: it is an input\n"
			    "Try 'tb --help' for more information.\n", "with these messages");
		free(err);
	}

	/* Standard input: a file, a pipe, and "-" among files. */
	o.keep_going = 1;
	o.rejects = "stdin-rej.csv";
	run_stdin(&r, &o, NULL, 0, "name,action\nEf,reject\nFg,store\n", 0, &x);
	ok(r.rc == CW_EXIT_DATA, "no inputs: standard input is read (got %d)", r.rc);
	is_str(r.err, strf("tb: -:2: name: is not allowed\n"
			"tb: batch BT-%s: 2 read, 1 stored, 0 skipped, 1 rejected\n",
			last_batch()),
	       "named - in messages");
	is_str(r.out, "{\"name\":\"Fg\"}\n", "its records stored");
	{
		char *s = read_file("stdin-rej.csv");
		is_str(s, "_file,_line,_reason,name,action\n-,2,name: is not allowed,Ef,reject\n",
		       "and named - in the rejects file");
		free(s);
	}
	run_free(&r);
	o.rejects = NULL;
	o.keep_going = 0;

	run_stdin(&r, &o, NULL, 0, "{\"name\":\"Gh\"}\n{\"name\":\"Hi\"}\n", 1, &x);
	ok(r.rc == 0, "a pipe on standard input (copied first): exit 0 (got %d)", r.rc);
	is_str(r.out, "{\"name\":\"Gh\"}\n{\"name\":\"Hi\"}\n", "its records stored");
	run_free(&r);

	o.dry_run = 1;
	run_stdin(&r, &o, NULL, 0, "name\nIj\n", 1, &x);
	ok(r.rc == 0, "a dry run reads a pipe as it goes (got %d)", r.rc);
	is_str(r.out, "{\"name\":\"Ij\"}\n", "and checks its records");
	run_free(&r);
	o.dry_run = 0;

	run_stdin(&r, &o, withstdin, 2, "name,action\nJk,store\n", 1, &x);
	ok(r.rc == 0, "\"-\" among the inputs (got %d)", r.rc);
	is_str(r.out, "{\"name\":\"Ab\"}\n{\"name\":\"Jk\"}\n", "read in its place");
	run_free(&r);
}

/* The steps of batch_priv.h over i1.csv (fn), then, unless NULL, second
 * (fn_rows), ended with fatal: the exit code, output and messages. */
static void run_steps(struct run *r, const cw_batch_opts *o, const char *second,
		      int fatal)
{
	struct ctx x = {0};
	cw_batch *b;
	capture co, ce;
	int c1 = capture_start(&co, 1), c2 = capture_start(&ce, 2);

	r->rc = store_batch_start(&b, o, stdout, db, cols2, 2);
	if (!r->rc) {
		int r1 = store_batch_read(b, "i1.csv", &names, fn, &x);
		if (!r1 && second)
			r1 = store_batch_read(b, second, NULL, fn_rows, &x);
		r->rc = store_batch_end(b, finish, &x, fatal ? fatal : r1);
	}
	r->err = c2 ? NULL : capture_end(&ce);
	r->out = c1 ? NULL : capture_end(&co);
}

/* The steps of batch_priv.h: inputs with their own callbacks in one batch. */
static void test_steps(void)
{
	cw_batch_opts o = {.verb = "steps", .actor = "tester", .out_fmt = CW_FMT_JSONL,
			   .rejects = "."};
	struct ctx x = {0};
	cw_batch *b = (cw_batch *)&x;  /* not NULL: a failed start sets it */
	capture ce;
	struct run r;
	char *err;
	int rc, c2;
	const char *n0 = nbatches();

	c2 = capture_start(&ce, 2);
	rc = store_batch_start(&b, &o, stdout, db, cols2, 2);
	err = c2 ? NULL : capture_end(&ce);
	ok(rc == CW_EXIT_IO && b == NULL, "a rejects file that cannot be made: exit 5 "
	   "(got %d), no batch", rc);
	is_str(err, "tb: cannot create rejects file '.': Is a directory\n", "said so");
	is_str(nbatches(), n0, "and no transaction was begun");
	ok(sqlite3_get_autocommit(db->h), "none left open");
	free(err);

	o.rejects = NULL;
	write_file("s2.jsonl", "{\"name\":\"Kl\"}\n");
	run_steps(&r, &o, "s2.jsonl", 0);
	ok(r.rc == 0, "start, read with two callbacks, end: exit 0 (got %d)", r.rc);
	is_str(r.err, strf("tb: batch BT-%s: 2 read, 2 stored, 0 skipped, 0 rejected\n",
			last_batch()), "a row printed is no record; a record counted is one");
	is_str(r.out, "{\"name\":\"Ab\",\"n\":null}\n{\"name\":\"Kl\",\"n\":1}\n"
		      "{\"name\":\"Kl\",\"n\":2}\n", "every row printed after the commit");
	run_free(&r);

	n0 = nbatches();
	run_steps(&r, &o, NULL, CW_EXIT_DB);
	ok(r.rc == CW_EXIT_DB, "the caller's own error ends the batch (got %d)", r.rc);
	is_str(r.err, "tb: batch rolled back, nothing stored: 1 read, 1 valid, 0 skipped, "
		      "0 rejected before the error\n", "rolled back");
	is_str(r.out, "", "nothing printed");
	is_str(nbatches(), n0, "no batch kept");
	run_free(&r);

	ok(cw_batch_ignored_column("_file") && cw_batch_ignored_column("_line") &&
	   cw_batch_ignored_column("_reason"), "the rejects file's columns are ignored");
	ok(!cw_batch_ignored_column("file") && !cw_batch_ignored_column("_files") &&
	   !cw_batch_ignored_column("_"), "no other column is");
}

/* store_batch_run prints where it is told: the verb's output, not always
 * standard output. Run last: it stores a record. */
static void test_out(void)
{
	cw_batch_opts o = {.verb = "test", .actor = "tester", .out_fmt = CW_FMT_JSONL};
	struct ctx x = {0};
	struct run r;
	char *files[] = {"o.csv"};
	FILE *to = tmpfile();
	char got[256] = "";
	size_t n;
	capture co, ce;
	int c1, c2;

	write_file("o.csv", "name,action\nOla,store\n");
	c1 = capture_start(&co, 1);
	c2 = capture_start(&ce, 2);
	r.rc = store_batch_run(&o, to, db, files, 1, cols, 1, &names, fn, finish, &x);
	r.err = c2 ? NULL : capture_end(&ce);
	r.out = c1 ? NULL : capture_end(&co);
	rewind(to);
	n = fread(got, 1, sizeof got - 1, to);
	got[n] = '\0';
	ok(r.rc == 0, "a batch printing to a stream of its own: exit 0 (got %d)", r.rc);
	is_str(got, "{\"name\":\"Ola\"}\n", "its records went to that stream");
	is_str(r.out, "", "and none to standard output");
	run_free(&r);
	fclose(to);
}

int main(void)
{
	cw_config cfg = {.busy_timeout_ms = 2000};

	cw_set_progname("tb");
	/* progress lines appear only on a terminal */
	setenv("NO_COLOR", "1", 1);
	if (!mkdtemp(dir) || chdir(dir) != 0)
		return 1;
	if (cw_db_open(&db, "t.db", CW_DB_WRITE, &cfg) != 0 ||
	    sqlite3_exec(db->h, "CREATE TABLE t (name TEXT, batch INTEGER)",
			 NULL, NULL, NULL) != SQLITE_OK)
		return 1;

	test_accounting();
	test_dry_run();
	test_rejects();
	test_inputs();
	test_steps();
	test_out();

	cw_db_free(db);
	if (chdir("/") == 0) {
		char cmd[300];
		snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
		if (system(cmd) != 0)
			fprintf(stderr, "# could not remove %s\n", dir);
	}
	return tap_done();
}
