/* admin/copy.c - sw-admin copy FROM TO: a whole database, from SQLite to
 * PostgreSQL or back (or to another of the same engine), into an empty
 * target, verified before it is committed.
 *
 * Every table is read in the order of its key from one snapshot of the
 * source and written with its own ids in one transaction of the target,
 * many rows to a statement. Before the commit the copy is checked: the
 * rows of each table counted again, a SHA-256 of every table's rows (each
 * value's text, in key order) computed again from the target and
 * compared, and the audit chain verified in the target. Only then does
 * the target get its one batch of its own (verb copy), with an audit
 * entry saying where the rows came from, and commit. A failure leaves the
 * target as it was; a SQLite file the copy created is removed. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <nettle/sha2.h>
#include "admin/admin.h"
#include "core/core.h"

/* Adds the current row of st (n columns) to the digest: each value's
 * text with a mark for NULL, separated so no two rows hash alike. */
static void digest_row(struct sha256_ctx *h, store_stmt *st, int n)
{
	int i;
	for (i = 0; i < n; i++) {
		const char *v = store_col_text(st, i);
		if (v)
			sha256_update(h, store_col_bytes(st, i), (const uint8_t *)v);
		else
			sha256_update(h, 1, (const uint8_t *)"\x00");
		sha256_update(h, 1, (const uint8_t *)"\x1f");
	}
	sha256_update(h, 1, (const uint8_t *)"\x1e");
}

static void digest_end(struct sha256_ctx *h, char out[65])
{
	uint8_t d[SHA256_DIGEST_SIZE];
	sha256_digest(h, sizeof d, d);
	cw_hex(d, sizeof d, out);
}

/* The rows kept for one INSERT: each value's text (NULL for NULL) and
 * whether it is a whole number. */
struct chunk {
	char **val;
	int *isint;
	int rows, max, ncols;
};

static int flush(cw_db *dst, const char *table, const char *const *cols,
		 struct chunk *c, store_stmt **full)
{
	store_stmt *st;
	int i, n = c->rows * c->ncols, rc;

	if (!c->rows)
		return 0;
	if (c->rows == c->max) {
		if (!*full && !(*full = admin_db_insert(dst, table, cols, c->ncols, c->max)))
			return CW_EXIT_DB;
		st = *full;
	} else if (!(st = admin_db_insert(dst, table, cols, c->ncols, c->rows))) {
		return CW_EXIT_DB;
	}
	for (i = 0; i < n; i++) {
		if (!c->val[i])
			store_bind_null(st, i + 1);
		else if (c->isint[i])
			store_bind_int(st, i + 1, strtoll(c->val[i], NULL, 10));
		else
			store_bind_text(st, i + 1, c->val[i]);
	}
	rc = store_write(st, "copy the rows", NULL);
	if (st != *full)
		store_finalize(st);
	for (i = 0; i < n; i++) {
		free(c->val[i]);
		c->val[i] = NULL;
	}
	c->rows = 0;
	return rc;
}

/* Copies table t from src to dst (with worker, the rows of that
 * worker's extract), tallying what was read. */
static int copy_table(cw_db *src, cw_db *dst, const admin_table *t,
		      const char *worker, admin_tally *got)
{
	store_stmt *rd, *full = NULL;
	struct sha256_ctx h;
	struct chunk c = {0};
	const char **cols = NULL;
	int r = STORE_DONE, i, rc = 0, none = 0;

	sha256_init(&h);
	got->rows = 0;
	rd = worker ? admin_db_read_extract(src, t, worker, &none)
		    : admin_db_read(src, t);
	if (none) {
		digest_end(&h, got->sum);
		return 0;
	}
	if (!rd)
		return CW_EXIT_DB;
	while (!rc && (r = store_step(rd)) == STORE_ROW) {
		if (!cols) {
			c.ncols = store_cols(rd);
			cols = cw_xcalloc((size_t)c.ncols, sizeof *cols);
			for (i = 0; i < c.ncols; i++)
				cols[i] = cw_xstrdup(store_col_name(rd, i));
			/* many rows a statement, under every engine's limit of
			 * parameters */
			c.max = 30000 / c.ncols < 200 ? 30000 / c.ncols : 200;
			c.val = cw_xcalloc((size_t)(c.max * c.ncols), sizeof *c.val);
			c.isint = cw_xcalloc((size_t)(c.max * c.ncols), sizeof *c.isint);
		}
		digest_row(&h, rd, c.ncols);
		for (i = 0; i < c.ncols; i++) {
			int k = c.rows * c.ncols + i;
			const char *v = store_col_text(rd, i);
			c.val[k] = v ? cw_xstrndup(v, store_col_bytes(rd, i)) : NULL;
			c.isint[k] = store_col_type(rd, i) == STORE_INT;
		}
		got->rows++;
		if (++c.rows == c.max)
			rc = flush(dst, t->name, cols, &c, &full);
	}
	if (!rc && r != STORE_DONE)
		rc = store_fail(src, "read the rows");
	if (!rc)
		rc = flush(dst, t->name, cols, &c, &full);
	digest_end(&h, got->sum);
	for (i = 0; i < c.rows * c.ncols; i++)
		free(c.val[i]);
	for (i = 0; cols && i < c.ncols; i++)
		free((char *)cols[i]);
	free(cols);
	free(c.val);
	free(c.isint);
	store_finalize(full);
	store_finalize(rd);
	return rc;
}

int admin_tally_table(cw_db *db, const admin_table *t, admin_tally *got)
{
	store_stmt *rd = admin_db_read(db, t);
	struct sha256_ctx h;
	int r;

	sha256_init(&h);
	got->rows = 0;
	if (!rd)
		return CW_EXIT_DB;
	while ((r = store_step(rd)) == STORE_ROW) {
		digest_row(&h, rd, store_cols(rd));
		got->rows++;
	}
	store_finalize(rd);
	digest_end(&h, got->sum);
	return r == STORE_DONE ? 0 : store_fail(db, "read the copy");
}

/* Whether every table of db is empty: 0, or CW_EXIT_DB after saying
 * which is not. */
static int check_empty(cw_db *db)
{
	const admin_table *t;
	int64_t n;
	int rc;

	for (t = admin_tables; t->name; t++) {
		if ((rc = admin_db_count(db, t->name, &n)) != 0)
			return rc;
		if (n) {
			cw_error("'%s' is not empty (its table %s has %lld rows): "
				 "copy into a new database", store_name(db), t->name,
				 (long long)n);
			return CW_EXIT_DB;
		}
	}
	return 0;
}

/* The settings that decide stored data, as src applies them: stored in a
 * server's database dst in the copy's batch; for a SQLite dst, which
 * keeps them in its configuration file, said on standard error. */
static int carry_settings(cw_db *dst, const cw_config *cfg, int server)
{
	const char *const *k = core_config_stored_keys();
	char value[32], at[21];
	int rc = 0;

	cw_utc_now(at);
	if (!server)
		fprintf(stderr, "%s: a SQLite database keeps its settings in its "
			"configuration file (casework.conf beside it); the "
			"source's are:\n", cw_progname());
	for (; *k && !rc; k++) {
		admin_setting_value(cfg, *k, value);
		if (server)
			rc = admin_db_set(dst, *k, value, at);
		else
			fprintf(stderr, "  %s = %s\n", *k, value);
	}
	return rc;
}

/* Removes a SQLite file the copy created, with its companions. */
static void remove_created(const char *path)
{
	static const char *const suffix[] = {"", "-wal", "-shm", "-journal"};
	size_t i;
	cw_buf b;

	cw_buf_init(&b);
	for (i = 0; i < sizeof suffix / sizeof suffix[0]; i++) {
		cw_buf_reset(&b);
		cw_buf_printf(&b, "%s%s", path, suffix[i]);
		unlink(b.s);
	}
	cw_buf_release(&b);
}

int admin_print_tallies(const cw_ctx *x, const admin_tally *got,
			enum cw_format fmt)
{
	static const cw_col cols[] = {{"table", 0}, {"rows", 1}, {"sha256", 0}};
	cw_writer *w = cw_writer_new(x->out, fmt, cols, 3);
	char rows[24];
	size_t i;
	int rc = 0;

	for (i = 0; admin_tables[i].name; i++) {
		const char *vals[3];
		snprintf(rows, sizeof rows, "%lld", (long long)got[i].rows);
		vals[0] = admin_tables[i].name;
		vals[1] = rows;
		vals[2] = got[i].sum;
		cw_writer_row(w, vals);
	}
	if (cw_writer_finish(w) != 0) {
		rc = cw_writer_failed(w, 0);
	}
	cw_writer_free(w);
	return rc;
}

/* The copy itself, src and dst open: everything in one transaction of
 * dst, verified before it commits. With worker, that worker's extract:
 * no audit trail and no batch of its own, marked read-only. */
static int copy_all(const cw_ctx *x, cw_db *src, cw_db *dst,
		    const cw_config *src_cfg, const char *worker,
		    admin_tally *got, int64_t *batch, int64_t *total,
		    long *entries)
{
	const admin_table *t;
	admin_tally back;
	cw_buf detail;
	size_t i;
	int rc;

	if ((rc = check_empty(dst)) != 0)
		return rc;
	if (store_begin(src, 0))
		return CW_EXIT_DB;
	if (store_begin(dst, 1)) {
		store_rollback(src);
		return CW_EXIT_DB;
	}
	*total = 0;
	for (i = 0, t = admin_tables; !rc && t->name; t++, i++) {
		rc = copy_table(src, dst, t, worker, &got[i]);
		*total += got[i].rows;
		/* ids its source gave once are never given again (an
		 * extract is never written to) */
		if (!rc && !worker && !strcmp(t->key, "id")) {
			int64_t next = store_next_id(src, t->name);
			rc = next < 0 ? CW_EXIT_DB : store_reserve_ids(dst, t->name, next);
		}
	}
	store_rollback(src);
	for (i = 0, t = admin_tables; !rc && t->name; t++, i++) {
		if ((rc = admin_tally_table(dst, t, &back)) != 0)
			break;
		if (back.rows != got[i].rows || strcmp(back.sum, got[i].sum)) {
			cw_error("the copy of table %s does not match its source "
				 "(%lld rows read, %lld written): nothing copied",
				 t->name, (long long)got[i].rows, (long long)back.rows);
			rc = CW_EXIT_DB;
		}
	}
	if (worker) {
		/* committed by admin_copy once the source has audited it */
		*entries = 0;
		if (!rc && store_mark_extract(dst))
			rc = store_fail(dst, "mark the extract");
		if (rc)
			store_rollback(dst);
		return rc;
	}
	if (!rc)
		rc = cw_audit_verify(dst, entries);
	if (!rc && (int64_t)*entries != got[1].rows) {
		cw_error("the copy's audit trail has %ld entries, its source %lld: "
			 "nothing copied", *entries, (long long)got[1].rows);
		rc = CW_EXIT_DB;
	}
	if (!rc)
		rc = store_batch_open(dst, x->user, "copy", batch);
	else
		store_rollback(dst);
	if (rc)
		return rc;
	rc = carry_settings(dst, src_cfg, !strcmp(store_engine(dst), "postgresql"));
	cw_buf_init(&detail);
	cw_buf_printf(&detail, "{\"from\":\"%s\",\"tables\":%zu,\"rows\":%lld,"
		      "\"audit_entries\":%ld}", store_engine(src), i,
		      (long long)*total, *entries);
	if (!rc)
		rc = store_audit_append(dst, "copy", "database", "all", detail.s);
	cw_buf_release(&detail);
	if (!rc)
		return cw_db_commit(dst);
	cw_db_rollback(dst);
	return rc;
}

int admin_copy_check(const char *from, const char *to, const char *worker)
{
	char *a, *b;
	int same;

	if (worker && core_target_is_server(to))
		return cw_usage_error("a worker's extract is a SQLite file: "
				      "'%s' is a server's database (postgresql)", to);
	if (worker && (!*worker || cw_utf8_blank(worker)))
		return cw_usage_error("option '--worker' needs a name");
	if (!strcmp(from, to))
		return cw_usage_error("copy '%s' into itself", from);
	if (core_target_is_server(from) || core_target_is_server(to))
		return 0;
	a = cw_path_resolve(from);
	b = cw_path_resolve(to);
	same = a && b && !strcmp(a, b);
	free(a);
	free(b);
	return same ? cw_usage_error("copy '%s' into itself", from) : 0;
}

/* The source's record that the extract was handed out: a batch of its
 * own (verb extract) with an audit entry (action extract, entity
 * worker, the worker as the ids, the rows and cases as the detail). */
static int audit_extract(const cw_ctx *x, const char *from,
			 const cw_config *cfg, const char *worker,
			 const admin_tally *got, int64_t total)
{
	cw_db *src = NULL;
	char *user = cw_xstrdup(x->user);
	int64_t batch;
	cw_buf d;
	int rc = cw_db_open(&src, from, CW_DB_WRITE, cfg);

	if (!rc)
		rc = store_identify(src, &user, 0);
	if (!rc)
		rc = cw_db_begin(src, user, "extract", &batch);
	cw_buf_init(&d);
	cw_buf_printf(&d, "{\"cases\":%lld,\"rows\":%lld}",
		      (long long)got[3].rows, (long long)total);
	if (!rc) {
		rc = store_audit_append(src, "extract", "worker", worker, d.s);
		if (!rc)
			rc = cw_db_commit(src);
		else
			cw_db_rollback(src);
	}
	cw_buf_release(&d);
	cw_db_free(src);
	free(user);
	return rc;
}

int admin_copy(const cw_ctx *x, const char *from, const char *to,
	       const char *worker, enum cw_format fmt)
{
	cw_config src_cfg = {0};
	cw_db *src = NULL, *dst = NULL;
	admin_tally got[ADMIN_NTABLES];
	int created = !core_target_is_server(to) && !cw_db_exists(to);
	int64_t batch = 0, total = 0;
	long entries = 0;
	char *user = cw_xstrdup(x->user);
	int rc;

	memset(got, 0, sizeof got);
	/* the source as its own commands see it: its configuration's
	 * settings, or its database's */
	rc = cw_config_load(&src_cfg, from);
	if (!rc)
		rc = cw_db_open(&src, from, CW_DB_READ, &src_cfg);
	if (!rc)
		rc = store_settings(src, &src_cfg);
	if (!rc)
		rc = store_open_admin(&dst, to, x->cfg);
	if (!rc)
		rc = store_init(dst);
	/* a copy reads the whole database: a login the server's roles
	 * restrict sees part of it */
	if (!rc && (rc = store_identify(src, &user, 0)) == 0 &&
	    store_restricted(src)) {
		cw_error("a copy or a worker's extract reads the whole database: "
			 "make it as the database's owner");
		rc = CW_EXIT_DB;
	}
	if (!rc && worker)
		rc = admin_db_worker_known(src, worker);
	if (!rc)
		rc = copy_all(x, src, dst, &src_cfg, worker, got, &batch, &total,
			      &entries);
	cw_db_free(src);
	/* an extract hands personal data out: the source says so before
	 * the extract is committed, or there is no extract */
	if (!rc && worker) {
		rc = audit_extract(x, from, &src_cfg, worker, got, total);
		if (!rc && store_commit(dst))
			rc = store_fail(dst, "commit the extract");
		if (rc)
			store_rollback(dst);
	}
	cw_db_free(dst);
	cw_config_release(&src_cfg);
	free(user);
	if (rc) {
		if (created)
			remove_created(to);
		return rc;
	}
	if (worker) {
		fprintf(stderr, "%s: extracted %lld rows of %s's %lld cases from "
			"'%s' to '%s', read-only, without the audit trail: rows "
			"counted and checksums verified\n", cw_progname(),
			(long long)total, worker, (long long)got[3].rows, from, to);
		return admin_print_tallies(x, got, fmt);
	}
	fprintf(stderr, "%s: copied %lld rows of %zu tables from '%s' to '%s' "
		"(batch BT-%lld): rows counted, checksums and the audit chain "
		"(%ld entries) verified\n", cw_progname(), (long long)total,
		(size_t)ADMIN_NTABLES, from, to,
		(long long)batch, entries);
	return admin_print_tallies(x, got, fmt);
}

int admin_check(const cw_ctx *x, enum cw_format fmt)
{
	admin_tally got[ADMIN_NTABLES];
	int64_t total = 0;
	long entries = 0;
	size_t i;
	int rc;

	if (store_begin(x->db, 0))
		return CW_EXIT_DB;
	/* an admin, who may not read the records, checks the chain alone,
	 * through the server */
	if (store_restricted(x->db)) {
		rc = cw_audit_verify(x->db, &entries);
		store_rollback(x->db);
		if (!rc)
			fprintf(stderr, "%s: '%s': the audit chain (%ld entries) "
				"verified; the tables' figures are the owner's to "
				"check\n", cw_progname(), store_name(x->db), entries);
		return rc;
	}
	for (i = 0, rc = 0; !rc && admin_tables[i].name; i++) {
		rc = admin_tally_table(x->db, &admin_tables[i], &got[i]);
		total += got[i].rows;
	}
	if (!rc)
		rc = cw_audit_verify(x->db, &entries);
	store_rollback(x->db);
	if (rc)
		return rc;
	fprintf(stderr, "%s: '%s': %lld rows in %d tables, the audit chain "
		"(%ld entries) verified\n", cw_progname(), store_name(x->db),
		(long long)total, ADMIN_NTABLES, entries);
	return admin_print_tallies(x, got, fmt);
}
