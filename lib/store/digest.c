/* store/digest.c - record digests (schema version 5): each record a batch
 * writes gets the SHA-256 of its canonical form in its column digest
 * when the batch commits, and the batch one audit entry per kind of
 * record, action "digest", naming the records with the SHA-256 of their
 * digests; sw-admin verify checks every record against them (casework.7,
 * AUDIT TRAIL). */
#include <stdlib.h>
#include <string.h>
#include <nettle/sha2.h>
#include "store/store.h"

#define FORM_TAG "cw-record-1"
#define DIGEST_ACTION "digest"
#define MAX_COLS 24

/* A list of column names, NULL after the last. */
#define COLS(...) ((const char *const[]){__VA_ARGS__, NULL})

/* The kinds of record digested, each with its table and its stored
 * columns in canonical order (the table's own order). */
static const struct dkind {
	enum cw_kind kind;
	const char *table;
	const char *const *cols;
} dkinds[] = {
	{CW_K_CLIENT, "clients", COLS("id", "name", "name_key", "sex",
	 "birth_date", "id_type", "id_number", "phone", "address", "household",
	 "language", "consent_date", "consent_by", "consent_share",
	 "consent_expires", "consent_withdrawn", "created_at", "updated_at",
	 "batch_id", "emergency_name", "emergency_relationship",
	 "emergency_phone", "household_id")},
	{CW_K_CASE, "cases", COLS("id", "client_id", "status", "intake_date",
	 "closed_date", "category", "worker", "referral_source",
	 "presenting_problem", "external_ref", "linked_by", "intake_snapshot",
	 "notes", "created_at", "updated_at", "batch_id", "project")},
	{CW_K_ASSESSMENT, "assessments", COLS("id", "case_id", "instrument",
	 "version", "date", "total100", "scaled100", "band", "risk", "flags",
	 "subscales", "answers", "created_at", "batch_id")},
	{CW_K_FOLLOWUP, "followups", COLS("id", "case_id", "kind", "due_date",
	 "instrument", "assessment_id", "status", "created_at", "done_at",
	 "done_date", "note", "batch_id")},
	{CW_K_PLAN, "plans", COLS("id", "case_id", "revision", "review_cycle",
	 "next_review", "created_at", "updated_at")},
	{CW_K_GOAL, "goals", COLS("id", "plan_id", "case_id", "term",
	 "description", "need", "indicator", "baseline", "target", "deadline",
	 "status", "created_at", "updated_at", "batch_id")},
	{CW_K_PROGRESS, "goal_progress", COLS("id", "goal_id", "date", "value",
	 "status", "note", "created_at", "batch_id")},
	{CW_K_TASK, "tasks", COLS("id", "goal_id", "case_id", "description",
	 "owner", "due_date", "status", "done_date", "created_at",
	 "updated_at", "batch_id")},
	{CW_K_SESSION, "group_sessions", COLS("id", "date", "title", "minutes",
	 "workers", "note", "created_at", "batch_id", "project",
	 "programme_id")},
	{CW_K_CONTACT, "contacts", COLS("id", "case_id", "date", "kind",
	 "minutes", "worker", "note", "session_id", "created_at", "batch_id",
	 "project", "activity_id")},
	{CW_K_REVIEW, "reviews", COLS("id", "case_id", "date", "worker",
	 "note", "next_review", "current", "created_at", "batch_id")},
	{CW_K_CLOSURE, "closures", COLS("id", "case_id", "closed_date",
	 "reason", "forced_reason", "outcomes", "reopened_date",
	 "reopen_reason", "created_at", "batch_id", "reason_kind")},
	{CW_K_REFERRAL, "referrals", COLS("id", "case_id", "service_id",
	 "provider", "reason", "urgency", "state", "consent_override",
	 "followup_date", "expected_date", "sent_date", "response_date",
	 "completed_date", "note", "created_at", "updated_at", "batch_id",
	 "project")},
};
#define NKINDS (sizeof dkinds / sizeof dkinds[0])

static int dkind_of(enum cw_kind kind)
{
	size_t i;
	for (i = 0; i < NKINDS; i++)
		if (dkinds[i].kind == kind)
			return (int)i;
	return -1;
}

/* The number of k's columns. */
static size_t ncols_of(const struct dkind *k)
{
	size_t n = 0;
	while (k->cols[n])
		n++;
	return n;
}

/* Appends k's columns to sql, comma-separated. */
static void cols_sql(cw_buf *sql, const struct dkind *k)
{
	size_t i;
	for (i = 0; k->cols[i]; i++)
		cw_buf_printf(sql, "%s%s", i ? ", " : "", k->cols[i]);
}

/* Whether a column added after the first digests (schema versions 9,
 * 10, 11 and 14) is left out of the canonical form when NULL, so that a record
 * written before it keeps its digest. */
static int late_column(const char *name)
{
	return !strcmp(name, "project") || !strcmp(name, "activity_id") ||
	       !strcmp(name, "programme_id") ||
	       !strncmp(name, "emergency_", 10) ||
	       !strcmp(name, "household_id");
}

/* A canonical form being digested, a block's worth at a time. */
struct form {
	struct sha256_ctx ctx;
	size_t n;                       /* bytes in buf */
	uint8_t buf[2 * SHA256_BLOCK_SIZE];
};

static void form_add(struct form *f, const char *s, size_t len)
{
	if (f->n + len > sizeof f->buf) {
		sha256_update(&f->ctx, f->n, f->buf);
		f->n = 0;
		if (len > sizeof f->buf) {
			sha256_update(&f->ctx, len, (const uint8_t *)s);
			return;
		}
	}
	memcpy(f->buf + f->n, s, len);
	f->n += len;
}

/* The digest of a record of kind k whose columns, in canonical order,
 * have the values vals (NULL: none), in out. */
static void values_digest(const struct dkind *k, const char *const *vals,
			  char out[65])
{
	uint8_t d[SHA256_DIGEST_SIZE];
	struct form f;
	size_t i;

	sha256_init(&f.ctx);
	f.n = 0;
	form_add(&f, FORM_TAG "\x1f", sizeof FORM_TAG);
	form_add(&f, k->table, strlen(k->table));
	for (i = 0; k->cols[i]; i++) {
		if (!vals[i] && late_column(k->cols[i]))
			continue;
		form_add(&f, "\x1f", 1);
		form_add(&f, k->cols[i], strlen(k->cols[i]));
		if (vals[i]) {
			form_add(&f, "=", 1);
			form_add(&f, vals[i], strlen(vals[i]));
		}
	}
	sha256_update(&f.ctx, f.n, f.buf);
	sha256_digest(&f.ctx, sizeof d, d);
	cw_hex(d, sizeof d, out);
}

/* The digest of the row st is on (k's n columns, in order), in out. */
static void row_digest(store_stmt *st, const struct dkind *k, size_t n,
		       char out[65])
{
	const char *vals[MAX_COLS];
	size_t i;

	for (i = 0; i < n; i++)
		vals[i] = store_col_text(st, (int)i);
	values_digest(k, vals, out);
}

int store_digest_of(const char *table, const char *const *vals, size_t n,
		    char out[65])
{
	size_t i;

	for (i = 0; i < NKINDS && strcmp(dkinds[i].table, table); i++)
		;
	if (i == NKINDS || ncols_of(&dkinds[i]) != n)
		return -1;
	values_digest(&dkinds[i], vals, out);
	return 0;
}

/* ---- one id list (the ids of audit entries) --------------------------------- */

struct range {
	int64_t first, last;
};

/* Calls fn for each run of ids of the list text ("CL-1..CL-40,CL-42")
 * of a kind digested, with that kind's index. */
struct each {
	void (*fn)(void *, int, int64_t, int64_t);
	void *ctx;
};

static void digested_run(void *ctx, enum cw_kind kind, int64_t x, int64_t y)
{
	struct each *r = ctx;
	int k = dkind_of(kind);
	if (k >= 0)
		r->fn(r->ctx, k, x, y);
}

static void each_range(const char *text, void (*fn)(void *, int,
		       int64_t, int64_t), void *ctx)
{
	struct each r = {fn, ctx};
	core_id_runs(text, digested_run, &r);
}

/* ---- written by a batch -------------------------------------------------- */

/* An audit entry of the open batch, kept until its commit. */
struct qentry {
	char *action, *entity, *ids, *detail;
};

/* Runs of ids, in the order noted. */
struct runs {
	struct range *r;        /* owned */
	size_t n, cap;
};

/* Adds x..y, joined to the last run when it follows it. */
static void runs_add(struct runs *s, int64_t x, int64_t y)
{
	if (s->n && s->r[s->n - 1].last + 1 == x) {
		s->r[s->n - 1].last = y;
		return;
	}
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 16;
		s->r = cw_xrealloc(s->r, s->cap * sizeof *s->r);
	}
	s->r[s->n].first = x;
	s->r[s->n++].last = y;
}

/* The digests of one kind the batch's writers gave (store_digest_known,
 * store_digest_now), in increasing id order: the runs of their ids and
 * their kind's digest entry as far as they go, so that the commit reads
 * none of those records back. */
struct known {
	struct runs ids;        /* the records, in id order */
	cw_audit_ids *entry;    /* the digest entry over them (owned) */
	int off;                /* not to be used: an id came out of order,
				   or an entry changes a record */
};

/* What the open batch wrote: the runs of ids of each kind, the digests
 * its writers gave, and its audit entries, written at its commit after
 * the records' digests (so that a batch cut off, which leaves a
 * server's sequence of audit ids where its entries took it, is cut off
 * before them). */
struct store_digests {
	struct runs w[NKINDS];  /* the records written, by kind */
	struct known known[NKINDS];
	struct qentry *q;
	size_t nq, capq;
	int writing;            /* the commit writes the entries */
};

static void pending_add(void *ctx, int k, int64_t x, int64_t y)
{
	struct store_digests *d = ctx;
	runs_add(&d->w[k], x, y);
}

static struct store_digests *pending(cw_db *db)
{
	struct store_digests **d = store_digest_slot(db);
	if (!*d)
		*d = cw_xcalloc(1, sizeof **d);
	return *d;
}

/* The actions of entries that name records without writing them: a
 * digest entry itself, a case file handed out, the feedback on a
 * referral (a record of its own, with no id). */
static int writes_records(const char *action)
{
	static const char *const reads[] = {DIGEST_ACTION, "hand_out",
					    "feedback"};
	size_t i;
	for (i = 0; i < sizeof reads / sizeof reads[0]; i++)
		if (!strcmp(action, reads[i]))
			return 0;
	return 1;
}

int store_digest_queue(cw_db *db, const char *action, const char *entity,
		       const char *ids, const char *detail)
{
	struct store_digests *d = pending(db);
	struct qentry *e;

	if (d->writing)
		return 0;
	/* Records a batch deletes (sw-admin undo) have no digest left to
	 * take. */
	if (writes_records(action) && strcmp(action, "delete"))
		each_range(ids, pending_add, d);
	if (d->nq == d->capq) {
		d->capq = d->capq ? 2 * d->capq : 8;
		d->q = cw_xrealloc(d->q, d->capq * sizeof *d->q);
	}
	e = &d->q[d->nq++];
	e->action = cw_xstrdup(action);
	e->entity = cw_xstrdup(entity);
	e->ids = cw_xstrdup(ids);
	e->detail = cw_xstrdup(detail);
	return 1;
}

void store_digest_drop(cw_db *db)
{
	struct store_digests **d = store_digest_slot(db);
	size_t k;

	if (!*d)
		return;
	for (k = 0; k < NKINDS; k++) {
		free((*d)->w[k].r);
		free((*d)->known[k].ids.r);
		cw_audit_ids_free((*d)->known[k].entry);
	}
	for (k = 0; k < (*d)->nq; k++) {
		free((*d)->q[k].action);
		free((*d)->q[k].entity);
		free((*d)->q[k].ids);
		free((*d)->q[k].detail);
	}
	free((*d)->q);
	free(*d);
	*d = NULL;
}

static int range_cmp(const void *a, const void *b)
{
	const struct range *x = a, *y = b;
	return x->first < y->first ? -1 : x->first > y->first;
}

/* The runs sorted, overlapping and touching ones merged: their number. */
static size_t merge(struct range *r, size_t n)
{
	size_t i, m = 0;

	qsort(r, n, sizeof *r, range_cmp);
	for (i = 0; i < n; i++) {
		if (m && r[i].first <= r[m - 1].last + 1) {
			if (r[i].last > r[m - 1].last)
				r[m - 1].last = r[i].last;
		} else {
			r[m++] = r[i];
		}
	}
	return m;
}

#define CHUNK 4096
#define ROWS 1000

/* The UPDATE of n records' digests in one statement: (id, digest)
 * pairs, the id first. */
static void update_sql(cw_buf *sql, const char *table, size_t n)
{
	size_t i;

	cw_buf_printf(sql, "UPDATE %s SET digest = v.column2 FROM (VALUES", table);
	for (i = 0; i < n; i++)
		cw_buf_addstr(sql, i ? ", (CAST(? AS bigint), ?)"
				     : " (CAST(? AS bigint), ?)");
	cw_buf_printf(sql, ") AS v WHERE %s.id = v.column1", table);
}

/* Writes the digests sums of the n records ids with upd, ROWS of them
 * (update_sql) a statement, on either engine (SQLite's UPDATE ... FROM,
 * 3.33 on); a last, shorter run with a statement of its own. */
static int write_digests(cw_db *db, store_stmt *upd, const char *table,
			 const int64_t *ids, char (*sums)[65], size_t n)
{
	store_stmt *st = upd;
	size_t i, per = n, done = 0;
	cw_buf sql;
	int rc = 0;

	cw_buf_init(&sql);
	if (n < ROWS) {
		update_sql(&sql, table, n);
		if (!(st = store_prepare(db, sql.s)))
			rc = CW_EXIT_DB;
	}
	while (!rc && done < n) {
		for (i = 0; i < per; i++) {
			store_bind_int(st, (int)(2 * i + 1), ids[done + i]);
			store_bind_text(st, (int)(2 * i + 2), sums[done + i]);
		}
		if (store_step(st) != STORE_DONE)
			rc = store_fail(db, "write the records' digests");
		store_reset(st);
		done += per;
	}
	if (st != upd)
		store_finalize(st);
	cw_buf_release(&sql);
	return rc;
}

/* Where the digests of the records read go, one record at a time in id
 * order: the kind's digest entry, or what is known. */
typedef void (*digest_sink)(void *ctx, int64_t id, const char *sum);

static void to_entry(void *ctx, int64_t id, const char *sum)
{
	cw_audit_ids_add(ctx, id, sum, 64);
}

/* Digests the records of kind k in the runs r (sorted), writes those
 * whose stored digest is not theirs, and gives each record's id and
 * digest to sink. */
static int flush_kind(cw_db *db, int k, const struct range *r, size_t n,
		      digest_sink sink, void *ctx)
{
	const struct dkind *dk = &dkinds[k];
	char (*sums)[65] = cw_xcalloc(CHUNK, 65);
	char (*ssums)[65] = cw_xcalloc(CHUNK, 65);
	int64_t *ids = cw_xcalloc(CHUNK, sizeof *ids), from, to;
	int64_t *sids = cw_xcalloc(CHUNK, sizeof *sids);
	size_t ncols = ncols_of(dk), got, stale, i, j;
	store_stmt *sel = NULL, *upd = NULL;
	cw_buf sql;
	int rc = 0, s;

	cw_buf_init(&sql);
	cw_buf_addstr(&sql, "SELECT ");
	cols_sql(&sql, dk);
	cw_buf_printf(&sql, ", digest FROM %s WHERE id BETWEEN ? AND ?"
		      " ORDER BY id", dk->table);
	sel = store_prepare(db, sql.s);
	sql.len = 0;
	update_sql(&sql, dk->table, ROWS);
	upd = store_prepare(db, sql.s);
	if (!sel || !upd)
		rc = CW_EXIT_DB;
	for (i = 0; !rc && i < n; i++) {
		for (from = r[i].first; !rc && from <= r[i].last; from = to + 1) {
			to = r[i].last - from >= CHUNK ? from + CHUNK - 1 : r[i].last;
			store_bind_int(sel, 1, from);
			store_bind_int(sel, 2, to);
			/* a record whose digest its writer stored right
			 * (store_digest_of) is not written again */
			for (got = stale = 0; (s = store_step(sel)) == STORE_ROW; got++) {
				const char *have = store_col_text(sel, (int)ncols);
				ids[got] = store_col_int(sel, 0);
				row_digest(sel, dk, ncols, sums[got]);
				if (!have || strcmp(have, sums[got])) {
					sids[stale] = ids[got];
					memcpy(ssums[stale++], sums[got], 65);
				}
			}
			store_reset(sel);
			if (s != STORE_DONE) {
				rc = store_fail(db, "read the records written");
				break;
			}
			for (j = 0; !rc && j < stale; j += ROWS) {
				size_t m = stale - j < ROWS ? stale - j : ROWS;
				rc = write_digests(db, upd, dk->table, sids + j,
						   ssums + j, m);
			}
			for (j = 0; !rc && j < got; j++)
				sink(ctx, ids[j], sums[j]);
		}
	}
	store_finalize(sel);
	store_finalize(upd);
	cw_buf_release(&sql);
	free(sums);
	free(ssums);
	free(ids);
	free(sids);
	return rc;
}

/* ---- digests the writers give ------------------------------------------- */

/* Notes the digest sum of record id of kind; an id not above the last
 * one noted leaves the kind's known digests unused. */
static void known_add(struct known *kn, enum cw_kind kind, int64_t id,
		      const char *sum)
{
	if (kn->off)
		return;
	if (kn->ids.n && id <= kn->ids.r[kn->ids.n - 1].last) {
		kn->off = 1;
		return;
	}
	runs_add(&kn->ids, id, id);
	if (!kn->entry)
		kn->entry = cw_audit_ids_new(kind);
	cw_audit_ids_add(kn->entry, id, sum, 64);
}

void store_digest_known(cw_db *db, enum cw_kind kind, int64_t id,
			const char *digest)
{
	struct store_digests *d;
	int k = dkind_of(kind);

	if (k < 0 || !digest || strlen(digest) != 64)
		return;
	d = pending(db);
	if (!d->writing)
		known_add(&d->known[k], kind, id, digest);
}

/* Where store_digest_now's records go. */
struct now {
	struct known *kn;       /* their kind's known digests */
	enum cw_kind kind;
};

static void to_known(void *ctx, int64_t id, const char *sum)
{
	struct now *x = ctx;
	known_add(x->kn, x->kind, id, sum);
}

int store_digest_now(cw_db *db, enum cw_kind kind, int64_t first, int64_t last)
{
	struct range r = {first, last};
	struct now x;
	int k = dkind_of(kind);

	if (k < 0 || first > last)
		return 0;
	x.kn = &pending(db)->known[k];
	x.kind = kind;
	return flush_kind(db, k, &r, 1, to_known, &x);
}

/* A record known that an entry of the batch changes or deletes: the
 * kind's known digests are not used. */
static void known_touched(void *ctx, int k, int64_t x, int64_t y)
{
	struct known *kn = &((struct store_digests *)ctx)->known[k];
	size_t i;

	for (i = 0; i < kn->ids.n; i++)
		if (kn->ids.r[i].first <= y && x <= kn->ids.r[i].last)
			kn->off = 1;
}

/* Whether the records of the known digests kn are the first of the n
 * runs r (sorted, merged), and those alone: then *rest is the first run
 * with records after them, cut to those. */
static int known_first(const struct known *kn, struct range *r, size_t n,
		       size_t *rest)
{
	const struct runs *s = &kn->ids;
	size_t i;

	if (kn->off || !s->n || s->n > n)
		return 0;
	for (i = 0; i + 1 < s->n; i++)
		if (s->r[i].first != r[i].first || s->r[i].last != r[i].last)
			return 0;
	if (s->r[i].first != r[i].first || s->r[i].last > r[i].last)
		return 0;
	if (s->r[i].last == r[i].last)
		i++;
	else
		r[i].first = s->r[i].last + 1;
	*rest = i;
	return 1;
}

int store_digest_flush(cw_db *db)
{
	struct store_digests *d = *store_digest_slot(db);
	cw_audit_ids *a[NKINDS] = {0};
	size_t k, i, n, rest;
	int rc = 0;

	if (!d)
		return 0;
	d->writing = 1;
	/* a kind of which an entry changes or deletes a record known is
	 * read back whole */
	for (i = 0; i < d->nq; i++)
		if (writes_records(d->q[i].action) && strcmp(d->q[i].action, "insert"))
			each_range(d->q[i].ids, known_touched, d);
	for (k = 0; !rc && k < NKINDS; k++) {
		if (!d->w[k].n)
			continue;
		n = merge(d->w[k].r, d->w[k].n);
		if (known_first(&d->known[k], d->w[k].r, n, &rest)) {
			/* those records are not read back */
			a[k] = d->known[k].entry;
			d->known[k].entry = NULL;
		} else {
			a[k] = cw_audit_ids_new(dkinds[k].kind);
			rest = 0;
		}
		if (rest < n)
			rc = flush_kind(db, (int)k, d->w[k].r + rest, n - rest,
					to_entry, a[k]);
	}
	for (k = 0; !rc && k < d->nq; k++)
		rc = store_audit_append(db, d->q[k].action, d->q[k].entity,
					d->q[k].ids, d->q[k].detail);
	for (k = 0; k < NKINDS; k++) {
		if (!rc && a[k])
			rc = cw_audit_ids_write(db, a[k], DIGEST_ACTION);
		cw_audit_ids_free(a[k]);
	}
	store_digest_drop(db);
	return rc;
}

/* ---- verified ---------------------------------------------------------------- */

/* An audit entry that wrote records: a digest entry, or an insert. */
struct wentry {
	long long au, batch;
	int digest;             /* action "digest" */
	int insert;             /* action "insert" */
	int del;                /* action "delete": the records are gone */
	long records;           /* its records, as its detail says */
	char sha[65];           /* the SHA-256 its detail gives */
	long current;           /* its records whose last digest it holds */
	struct sha256_ctx ctx;  /* over their digests, in id order */
	char *ids;
};

/* What verification knows of one kind. */
struct vkind {
	int32_t *last;          /* id -> 1 + index of its last digest entry */
	int32_t *wrote;         /* id -> 1 + index of its last entry */
	int64_t *client;        /* a case's client */
	uint8_t *named;         /* id -> NAMED, SEEN, CHANGED */
	int64_t max;            /* ids up to it */
};
#define NAMED 1                 /* created by an entry (insert, digest) */
#define SEEN 2                  /* its row read */
#define CHANGED 4               /* changed by an entry since its insert */

struct vstate {
	struct wentry *e;
	size_t n, cap;
	struct vkind v[NKINDS];
	size_t at;              /* the entry being read */
};

static void grow_kind(struct vkind *v, int64_t max, int cases)
{
	int64_t cap = v->max;
	if (max <= cap)
		return;
	while (cap < max)
		cap = cap ? 2 * cap : 1024;
	v->last = cw_xrealloc(v->last, (size_t)(cap + 1) * sizeof *v->last);
	v->wrote = cw_xrealloc(v->wrote, (size_t)(cap + 1) * sizeof *v->wrote);
	if (cases)
		v->client = cw_xrealloc(v->client, (size_t)(cap + 1) *
					sizeof *v->client);
	v->named = cw_xrealloc(v->named, (size_t)(cap + 1));
	memset(v->last + v->max + 1, 0, (size_t)(cap - v->max) * sizeof *v->last);
	memset(v->wrote + v->max + 1, 0, (size_t)(cap - v->max) * sizeof *v->wrote);
	if (cases)
		memset(v->client + v->max + 1, 0, (size_t)(cap - v->max) *
		       sizeof *v->client);
	memset(v->named + v->max + 1, 0, (size_t)(cap - v->max));
	v->max = cap;
}

static void vstate_add(void *ctx, int k, int64_t x, int64_t y)
{
	struct vstate *s = ctx;
	struct vkind *v = &s->v[k];
	int64_t i;

	grow_kind(v, y, dkinds[k].kind == CW_K_CASE);
	for (i = x; i <= y; i++) {
		v->wrote[i] = (int32_t)s->at + 1;
		if (s->e[s->at].del) {
			/* deleted by the tools (sw-admin undo): not there,
			 * rightly */
			v->named[i] &= (uint8_t)~NAMED;
			v->last[i] = 0;
			continue;
		}
		if (!s->e[s->at].insert && !s->e[s->at].digest) {
			v->named[i] |= CHANGED;
			continue;
		}
		v->named[i] |= NAMED;
		if (s->e[s->at].digest)
			v->last[i] = (int32_t)s->at + 1;
	}
}

/* Reads the entries that wrote records. */
static int read_entries(cw_db *db, struct vstate *s)
{
	store_stmt *st = store_prepare(db, "SELECT id, batch_id, action, ids,"
				       " detail FROM audit WHERE ids LIKE '%-%'"
				       " ORDER BY id");
	struct wentry *w;
	const char *detail;
	int r;

	if (!st)
		return CW_EXIT_DB;
	store_hint_stream(st);
	while ((r = store_step(st)) == STORE_ROW) {
		if (s->n == s->cap) {
			s->cap = s->cap ? 2 * s->cap : 64;
			s->e = cw_xrealloc(s->e, s->cap * sizeof *s->e);
		}
		w = &s->e[s->n];
		memset(w, 0, sizeof *w);
		w->au = store_col_int(st, 0);
		w->batch = store_col_int(st, 1);
		if (!writes_records(store_col_text(st, 2)) &&
		    strcmp(store_col_text(st, 2), DIGEST_ACTION))
			continue;
		w->digest = !strcmp(store_col_text(st, 2), DIGEST_ACTION);
		w->insert = !strcmp(store_col_text(st, 2), "insert");
		w->del = !strcmp(store_col_text(st, 2), "delete");
		detail = store_col_text(st, 4);
		if (!detail || sscanf(detail, "{\"records\":%ld,"
			"\"sha256\":\"%64[0-9a-f]\"}", &w->records, w->sha) != 2)
			w->sha[0] = 0;
		sha256_init(&w->ctx);
		w->ids = cw_xstrdup(store_col_text(st, 3));
		s->at = s->n++;
		each_range(w->ids, vstate_add, s);
	}
	store_finalize(st);
	if (r != STORE_DONE)
		return store_fail(db, "read the audit trail");
	return 0;
}

static void failed(cw_db *db, long *bad, const char *id, const char *what)
{
	cw_error("record verification failed in '%s': %s: %s", store_name(db),
		 id, what);
	++*bad;
}

/* Checks every record of kind k: 0, or CW_EXIT_DB when reading fails. */
static int verify_kind(cw_db *db, struct vstate *s, int k, long *checked,
		       long *bad)
{
	const struct dkind *dk = &dkinds[k];
	struct vkind *v = &s->v[k];
	const char *stored;
	char sum[65], id[32], what[80];
	size_t ncols = ncols_of(dk);
	struct wentry *w;
	store_stmt *st;
	cw_buf sql;
	int64_t n;
	int r;

	cw_buf_init(&sql);
	cw_buf_addstr(&sql, "SELECT ");
	cols_sql(&sql, dk);
	cw_buf_printf(&sql, ", digest FROM %s ORDER BY id", dk->table);
	st = store_prepare(db, sql.s);
	cw_buf_release(&sql);
	if (!st)
		return CW_EXIT_DB;
	store_hint_stream(st);
	while ((r = store_step(st)) == STORE_ROW) {
		n = store_col_int(st, 0);
		cw_id_format(dk->kind, n, id);
		++*checked;
		if (n > v->max || !(v->named[n] & NAMED)) {
			failed(db, bad, id, "not written by casework");
			continue;
		}
		v->named[n] |= SEEN;
		if (dk->kind == CW_K_CASE)
			v->client[n] = store_col_int(st, 1);
		if (!v->last[n]) {
			--*checked;     /* written before digests: its batch's */
			continue;
		}
		w = &s->e[v->last[n] - 1];
		row_digest(st, dk, ncols, sum);
		stored = store_col_text(st, (int)ncols);
		if (!stored || strcmp(stored, sum)) {
			snprintf(what, sizeof what, "edited outside casework "
				 "since BT-%lld", w->batch);
			failed(db, bad, id, what);
			continue;
		}
		w->current++;
		sha256_update(&w->ctx, 64, (const uint8_t *)stored);
		sha256_update(&w->ctx, 1, (const uint8_t *)"\n");
	}
	store_finalize(st);
	if (r != STORE_DONE)
		return store_fail(db, "read the records");
	for (n = 1; n <= v->max; n++)
		if ((v->named[n] & (NAMED | SEEN)) == NAMED) {
			cw_id_format(dk->kind, n, id);
			failed(db, bad, id, "deleted outside casework");
		}
	return 0;
}

/* The digest entries all of whose records are as they wrote them: the
 * SHA-256 of their digests is the one audited. */
static void verify_entries(cw_db *db, struct vstate *s, long *bad)
{
	uint8_t d[SHA256_DIGEST_SIZE];
	char hex[65], b[32];
	size_t i;

	for (i = 0; i < s->n; i++) {
		struct wentry *w = &s->e[i];
		if (!w->digest || w->current != w->records)
			continue;
		sha256_digest(&w->ctx, sizeof d, d);
		cw_hex(d, sizeof d, hex);
		if (strcmp(hex, w->sha)) {
			snprintf(b, sizeof b, "BT-%lld", w->batch);
			cw_error("record verification failed in '%s': %s: the digests "
				 "of %s are not those audited in AU-%lld",
				 store_name(db), b, w->ids, w->au);
			++*bad;
		}
	}
}

/* Records written before digests: an insert entry of theirs whose
 * records are all there, none written since, is checked against the
 * SHA-256 of their lines as line() gives them. */
struct old {
	struct vkind *v, *clients;
	int32_t at;             /* 1 + the insert entry's index */
	int ok;                 /* every record as its insert left it */
	enum cw_kind kind;
	store_old_line line;
	int now;                /* the lines of every field, as printed now */
	cw_db *db;
	cw_buf json;
	struct sha256_ctx ctx;
	long n;
	int rc;
};

static void old_eligible(void *ctx, int k, int64_t x, int64_t y)
{
	struct old *o = ctx;
	int64_t i;

	(void)k;
	for (i = x; i <= y && o->ok; i++) {
		int64_t c = o->kind == CW_K_CASE ? o->v->client[i] : 0;
		if (i > o->v->max || o->v->last[i] ||
		    (o->v->named[i] & (SEEN | CHANGED)) != SEEN)
			o->ok = 0;
		/* a case's line holds its client's fields as they were */
		else if (c > 0 && c <= o->clients->max &&
			 o->clients->wrote[c] > o->at)
			o->ok = 0;
	}
}

static void old_lines(void *ctx, int k, int64_t x, int64_t y)
{
	struct old *o = ctx;
	int64_t i;
	int r;

	(void)k;
	for (i = x; i <= y && !o->rc && o->ok; i++) {
		o->json.len = 0;
		if ((r = o->line(o->db, o->kind, i, o->now, &o->json)) < 0)
			o->rc = CW_EXIT_DB;
		else if (!r)
			o->ok = 0;
		sha256_update(&o->ctx, o->json.len, (const uint8_t *)o->json.s);
		sha256_update(&o->ctx, 1, (const uint8_t *)"\n");
		o->n++;
	}
}

static int verify_old(cw_db *db, struct vstate *s, store_old_line line,
		      long *checked, long *bad)
{
	uint8_t d[SHA256_DIGEST_SIZE];
	char hex[65];
	struct old o;
	size_t i;
	int k;

	memset(&o, 0, sizeof o);
	o.line = line;
	o.db = db;
	cw_buf_init(&o.json);
	for (i = 0; line && !o.rc && i < s->n; i++) {
		struct wentry *w = &s->e[i];
		enum cw_kind kind;
		int64_t num;
		char first[40];

		if (!w->insert || !w->sha[0])
			continue;
		snprintf(first, sizeof first, "%.*s", (int)strcspn(w->ids, ",."),
			 w->ids);
		if (cw_id_parse(first, &kind, &num) || (k = dkind_of(kind)) < 0)
			continue;
		o.v = &s->v[k];
		o.clients = &s->v[dkind_of(CW_K_CLIENT)];
		o.at = (int32_t)i + 1;
		o.kind = kind;
		o.ok = 1;
		o.n = 0;
		each_range(w->ids, old_eligible, &o);
		if (!o.ok)
			continue;
		/* the lines as the tools of then printed them (without the
		 * fields added since), else as the tools print them now */
		for (o.now = 0; o.now < 2; o.now++) {
			o.n = 0;
			sha256_init(&o.ctx);
			each_range(w->ids, old_lines, &o);
			if (o.rc || !o.ok)
				break;
			sha256_digest(&o.ctx, sizeof d, d);
			cw_hex(d, sizeof d, hex);
			if (!strcmp(hex, w->sha))
				break;
		}
		if (o.rc || !o.ok)
			continue;
		*checked += o.n;
		if (strcmp(hex, w->sha)) {
			cw_error("record verification failed in '%s': BT-%lld: %s: "
				 "not as inserted (AU-%lld)", store_name(db),
				 w->batch, w->ids, w->au);
			++*bad;
		}
	}
	cw_buf_release(&o.json);
	return o.rc;
}

/* Whether db is a worker's extract, which keeps no audit trail. */
static int extract(cw_db *db)
{
	store_stmt *st;
	int id = 0;

	if (strcmp(store_engine(db), "sqlite") ||
	    !(st = store_prepare(db, "PRAGMA application_id")))
		return 0;
	if (store_step(st) == STORE_ROW)
		id = (int)store_col_int(st, 0);
	store_finalize(st);
	return id == STORE_EXTRACT_ID;
}

int store_records_verify(cw_db *db, store_old_line line, long *checked)
{
	struct vstate s;
	long bad = 0;
	size_t k;
	int rc;

	*checked = -1;
	if (extract(db))
		return 0;
	*checked = 0;
	memset(&s, 0, sizeof s);
	rc = read_entries(db, &s);
	for (k = 0; !rc && k < NKINDS; k++)
		rc = verify_kind(db, &s, (int)k, checked, &bad);
	if (!rc)
		verify_entries(db, &s, &bad);
	if (!rc)
		rc = verify_old(db, &s, line, checked, &bad);
	for (k = 0; k < NKINDS; k++) {
		free(s.v[k].last);
		free(s.v[k].wrote);
		free(s.v[k].client);
		free(s.v[k].named);
	}
	for (k = 0; k < s.n; k++)
		free(s.e[k].ids);
	free(s.e);
	return rc ? rc : bad ? CW_EXIT_DB : 0;
}
