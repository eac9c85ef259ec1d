/* store/audit.c - the audit trail: who changed what, when, chained by SHA-256. */
#include <stdlib.h>
#include <string.h>
#include <cJSON.h>
#include <nettle/sha2.h>
#include "store/store.h"

#define GENESIS "0000000000000000000000000000000000000000000000000000000000000000"
/* The entry that switches a chain of format 1 to format 2 (casework.7,
 * AUDIT TRAIL): the first of format 2. */
#define SWITCH_ACTION "chain-format"
#define SWITCH_DETAIL "{\"format\":2}"
/* The entry that names the entries an erasure redacted, each with the
 * SHA-256 of its detail since (casework.7, ERASURE). */
#define REDACT_ACTION "redact"
/* The action of the entries of records' digests (store/digest.c). */
#define DIGEST_ACTION_NAME "digest"

void cw_sha256_hex(const void *data, size_t len, char out[65])
{
	struct sha256_ctx ctx;
	uint8_t d[SHA256_DIGEST_SIZE];

	sha256_init(&ctx);
	sha256_update(&ctx, len, data);
	sha256_digest(&ctx, sizeof d, d);
	cw_hex(d, sizeof d, out);
}

/* An entry as stored: every column, NULL text read as "" except digest,
 * the detail's SHA-256 (hex), which is NULL in an entry of format 1. */
struct entry {
	long long id, batch;
	const char *at, *actor, *action, *entity, *ids, *detail, *prev, *hash;
	const char *digest;
};

/* The columns of struct entry, in the order entry_read takes them. */
#define ENTRY_COLS "id, at, actor, batch_id, action, entity, ids, detail," \
	" prev_hash, hash, detail_sha256"

static void entry_read(store_stmt *st, struct entry *e)
{
	const char **c[] = {NULL, &e->at, &e->actor, NULL, &e->action,
			    &e->entity, &e->ids, &e->detail, &e->prev, &e->hash};
	size_t i;

	e->id = store_col_int(st, 0);
	e->batch = store_col_int(st, 3);
	for (i = 0; i < sizeof c / sizeof c[0]; i++)
		if (c[i] && !(*c[i] = store_col_text(st, (int)i)))
			*c[i] = "";
	e->digest = store_col_type(st, 10) == STORE_NULL ? NULL
		  : store_col_text(st, 10);
}

/* The hashed text: every column of the entry, separated by a byte that
 * cannot appear in any of them unescaped, so no two entries share one;
 * the last is the detail (format 1) or its digest (format 2). */
static void entry_hash(const char *prev, const struct entry *e, char out[65])
{
	cw_buf b;
	cw_buf_init(&b);
	cw_buf_printf(&b, "%s\x1f%lld\x1f%s\x1f", prev, e->id, e->at);
	cw_buf_addstr(&b, e->actor);
	cw_buf_printf(&b, "\x1f%lld\x1f%s\x1f%s\x1f", e->batch, e->action,
		      e->entity);
	cw_buf_addstr(&b, e->ids);
	cw_buf_addch(&b, 0x1f);
	cw_buf_addstr(&b, e->digest ? e->digest : e->detail);
	cw_sha256_hex(b.s, b.len, out);
	cw_buf_release(&b);
}

/* Whether e holds as stored: its detail is the one its digest names,
 * or, redacted by an erasure (redacted: the SHA-256 of its detail since,
 * as a later redact entry gives it; NULL when none), that one; after an
 * entry of format after (0 for none; -1: not known) it is of a format
 * that may follow (the switch right after format 1 and only there,
 * format 1 never after 2); it links to prev (NULL: its own prev_hash,
 * not known either) and its hash is its own. An entry of format 1
 * redacted keeps the hash of its detail as written, which no one can
 * compute again: its hash is taken as kept (the next entry's prev_hash
 * still holds it). The hash computed is left in out. */
static int entry_holds(const struct entry *e, int after, const char *prev,
		       const char *redacted, char out[65])
{
	int switches = !strcmp(e->action, SWITCH_ACTION);
	char sum[65];

	if (e->digest || redacted)
		cw_sha256_hex(e->detail, strlen(e->detail), sum);
	if (e->digest) {
		if ((strcmp(sum, e->digest) && (!redacted || strcmp(sum, redacted))) ||
		    (switches && strcmp(e->detail, SWITCH_DETAIL)))
			return 0;
		if (after >= 0 && switches != (after == 1))
			return 0;
	} else if (switches || after == 2) {
		return 0;
	}
	if (!prev)
		prev = e->prev;
	if (!e->digest && redacted) {
		snprintf(out, 65, "%s", e->hash);
		return !strcmp(sum, redacted) && !strcmp(e->prev, prev);
	}
	entry_hash(prev, e, out);
	return !strcmp(e->prev, prev) && !strcmp(e->hash, out);
}

int cw_audit_append(cw_db *db, const char *action, enum cw_kind kind,
		    const char *ids, const char *detail_json)
{
	return store_audit_append(db, action, cw_kind_name(kind), ids, detail_json);
}

/* Writes e, of format 2 (its digest computed here), after the entry
 * whose hash is e->prev; its hash is left in hash. */
static int insert_entry(cw_db *db, struct entry *e, char hash[65])
{
	char sum[65];
	store_stmt *st;
	int r;

	cw_sha256_hex(e->detail, strlen(e->detail), sum);
	e->digest = sum;
	entry_hash(e->prev, e, hash);
	if (!(st = store_cached(db, store_audit_sql(db, 1))))
		return CW_EXIT_DB;
	store_bind_int(st, 1, e->id);
	store_bind_text(st, 2, e->at);
	store_bind_text(st, 3, e->actor);
	store_bind_int(st, 4, e->batch);
	store_bind_text(st, 5, e->action);
	store_bind_text(st, 6, e->entity);
	store_bind_text(st, 7, e->ids);
	store_bind_text(st, 8, e->detail);
	store_bind_text(st, 9, e->prev);
	store_bind_text(st, 10, hash);
	store_bind_text(st, 11, sum);
	r = store_step(st);
	store_reset(st);
	if (r != STORE_DONE && r != STORE_ROW)
		return store_fail(db, "write the audit trail");
	return 0;
}

/* The trail's head: its id and hash (the next entry's prev; 0 and the
 * genesis hash when empty), and *fmt its format (1 or 2; 2 for an empty
 * trail), or 0 when the server's append sees to it. With check, where
 * the backend's head is the whole entry (ENTRY_COLS: not a server's,
 * which checks it in its own append), the entry is checked: a write
 * never extends a chain whose last link does not hold. */
static int read_head(cw_db *db, long long *id, char prev[65], int *fmt,
		     int check)
{
	store_stmt *st = store_cached(db, store_audit_sql(db, 0));
	struct entry last;
	char hash[65];
	int r;

	*id = 0;
	*fmt = 2;
	memcpy(prev, GENESIS, 65);
	if (!st)
		return CW_EXIT_DB;
	if ((r = store_step(st)) == STORE_ROW && store_cols(st) == 2) {
		*id = store_col_int(st, 0);
		snprintf(prev, 65, "%s", store_col_text(st, 1));
		*fmt = 0;
	} else if (r == STORE_ROW) {
		entry_read(st, &last);
		*id = last.id;
		snprintf(prev, 65, "%s", last.hash);
		*fmt = last.digest ? 2 : 1;
		if (check && !entry_holds(&last, -1, NULL, NULL, hash))
			r = -1;
	}
	store_reset(st);
	if (r == -1) {
		cw_error("cannot write the audit trail in '%s': its last entry, "
			 "AU-%lld, does not verify: run sw-admin verify",
			 store_name(db), *id);
		return CW_EXIT_DB;
	}
	if (r != STORE_ROW && r != STORE_DONE)
		return store_fail(db, "read the audit trail");
	return 0;
}

int store_audit_append(cw_db *db, const char *action, const char *entity,
		       const char *ids, const char *detail_json)
{
	char prev[65], hash[65], at[21], range[64];
	struct entry e;
	long long last;
	int fmt, rc;

	memset(&e, 0, sizeof e);
	if (!(e.batch = store_batch(db))) {
		cw_error("internal error: audit outside a batch");
		return CW_EXIT_DB;
	}
	/* kept for the batch's commit (store/digest.c), but the switch
	 * that store_audit_switch asks for */
	if (strcmp(action, SWITCH_ACTION) &&
	    store_digest_queue(db, action, entity, ids, detail_json))
		return 0;
	if ((rc = read_head(db, &last, prev, &fmt, 1)) != 0)
		return rc;
	cw_utc_now(at);
	e.at = at;
	e.actor = store_actor(db);
	e.prev = prev;
	e.id = last + 1;
	/* A chain of format 1 (a database of schema version 3) switches
	 * to format 2 at its first entry since: the entries of format 1
	 * that it closes as its ids. */
	if (fmt == 1) {
		if (last > 1)
			snprintf(range, sizeof range, "AU-1..AU-%lld", last);
		else
			snprintf(range, sizeof range, "AU-1");
		e.action = SWITCH_ACTION;
		e.entity = "audit";
		e.ids = range;
		e.detail = SWITCH_DETAIL;
		if ((rc = insert_entry(db, &e, hash)) != 0)
			return rc;
		memcpy(prev, hash, sizeof prev);
		e.id++;
	}
	/* the switch alone, asked for by store_audit_switch: written when
	 * due, never as an entry of its own (a server's append sees to
	 * both) */
	if (fmt && !strcmp(action, SWITCH_ACTION))
		return 0;
	e.action = action;
	e.entity = entity;
	e.ids = ids;
	e.detail = detail_json;
	return insert_entry(db, &e, hash);
}

int store_audit_switch(cw_db *db, int *switched)
{
	long long before, after;
	char prev[65];
	int fmt, rc;

	*switched = 0;
	if ((rc = read_head(db, &before, prev, &fmt, 1)) != 0 ||
	    (rc = store_audit_append(db, SWITCH_ACTION, "audit", "",
				     SWITCH_DETAIL)) != 0 ||
	    (rc = read_head(db, &after, prev, &fmt, 1)) != 0)
		return rc;
	*switched = after != before;
	return 0;
}

int store_audit_head(cw_db *db, long long *id, char hash[65])
{
	int fmt;
	return read_head(db, id, hash, &fmt, 0);
}

/* The chain verified by the server (store/pg/access.c, cw_audit_check),
 * for a login that may not read the trail: an admin's. */
static int verify_on_server(cw_db *db, store_chain *c)
{
	store_stmt *st = store_prepare(db, "SELECT entries, bad, missing,"
				       " format1, head, at_hash"
				       " FROM cw_audit_check(?)");
	int rc = 0;

	if (!st)
		return CW_EXIT_DB;
	if (c->at_id > 0)
		store_bind_int(st, 1, c->at_id);
	else
		store_bind_null(st, 1);
	if (store_step(st) != STORE_ROW) {
		rc = store_fail(db, "verify the audit trail");
	} else {
		c->entries = (long)store_col_int(st, 0);
		c->format1 = (long)store_col_int(st, 3);
		if (store_col_type(st, 1) != STORE_NULL) {
			const char *m = store_col_text(st, 2);
			long long bad = store_col_int(st, 1);
			if (m && (*m == 't' || *m == '1'))
				cw_error("audit verification failed in '%s': entries "
					 "after AU-%lld are missing", store_name(db), bad);
			else
				cw_error("audit verification failed in '%s': entry "
					 "AU-%lld does not match the chain",
					 store_name(db), bad);
			rc = CW_EXIT_DB;
		} else {
			c->head_id = c->entries;
			if (store_col_type(st, 4) != STORE_NULL)
				snprintf(c->head, sizeof c->head, "%s",
					 store_col_text(st, 4));
			if (store_col_type(st, 5) != STORE_NULL)
				snprintf(c->at_hash, sizeof c->at_hash, "%s",
					 store_col_text(st, 5));
		}
	}
	store_finalize(st);
	return rc;
}

/* An entry an erasure redacted: its id, the redact entry that says so,
 * the SHA-256 of its detail since and, for an entry of format 1, of its
 * other fields (redact_fields), and the records its batch erased. */
struct redaction {
	long long id, by;
	char sum[65], fields[65];
	const char *erased;     /* the erase entries' ids, comma-joined */
};
struct redactions {
	struct redaction *v;
	size_t n, cap;
	char **erased;          /* the strings the entries point into */
	size_t nerased;
};

static int redaction_cmp(const void *a, const void *b)
{
	const struct redaction *x = a, *y = b;
	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	return x->by < y->by ? -1 : x->by > y->by;
}

static void redactions_free(struct redactions *r)
{
	size_t i;
	for (i = 0; i < r->nerased; i++)
		free(r->erased[i]);
	free(r->erased);
	free(r->v);
}

/* A 64-digit hex string of o's member key, or NULL. */
static const char *hex_member(const cJSON *o, const char *key)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsString(it) && strlen(it->valuestring) == 64 ?
		it->valuestring : NULL;
}

/* Notes what the redact entry by (its detail) says: the entries before
 * it that it names, each with its digests, and erased, the records its
 * batch's erase entries name (a detail it does not give so names
 * nothing, and the chain check then says what is wrong). */
static void redaction_add(struct redactions *r, long long by, const char *detail,
			  const char *erased)
{
	cJSON *o = cJSON_Parse(detail), *e, *f1, *it;
	enum cw_kind kind;
	int64_t id;
	const char *f;

	e = cJSON_GetObjectItemCaseSensitive(o, "entries");
	f1 = cJSON_GetObjectItemCaseSensitive(o, "format1");
	if (!cJSON_IsObject(e))
		e = NULL;
	cJSON_ArrayForEach(it, e) {
		if (!it->string || cw_id_parse(it->string, &kind, &id) ||
		    kind != CW_K_AUDIT || id >= by || !hex_member(e, it->string))
			continue;
		if (r->n == r->cap) {
			r->cap = r->cap ? 2 * r->cap : 16;
			r->v = cw_xrealloc(r->v, r->cap * sizeof *r->v);
		}
		r->v[r->n].id = id;
		r->v[r->n].by = by;
		memcpy(r->v[r->n].sum, it->valuestring, 65);
		f = hex_member(f1, it->string);
		snprintf(r->v[r->n].fields, 65, "%s", f ? f : "");
		r->v[r->n++].erased = erased;
	}
	cJSON_Delete(o);
}

/* Reads every redact entry's names into r, sorted by entry, the last
 * redaction of an entry kept: 0 or CW_EXIT_DB. A redact entry counts
 * only with the erase entries of its batch before it. */
static int read_redactions(cw_db *db, struct redactions *r)
{
	store_stmt *st = store_prepare(db, "SELECT id, batch_id, action, ids,"
				       " detail FROM audit WHERE action IN"
				       " ('" REDACT_ACTION "', 'erase')"
				       " ORDER BY id");
	long long batch = 0;
	cw_buf erased;
	size_t i, m = 0;
	int s;

	if (!st)
		return CW_EXIT_DB;
	cw_buf_init(&erased);
	while ((s = store_step(st)) == STORE_ROW) {
		const char *ids = store_col_text(st, 3);
		const char *detail = store_col_text(st, 4);
		if (store_col_int(st, 1) != batch) {
			batch = store_col_int(st, 1);
			erased.len = 0;
			if (erased.s)
				erased.s[0] = 0;
		}
		if (strcmp(store_col_text(st, 2), REDACT_ACTION)) {
			if (erased.len)
				cw_buf_addch(&erased, ',');
			cw_buf_addstr(&erased, ids ? ids : "");
			continue;
		}
		if (!erased.len)
			continue;
		r->erased = cw_xrealloc(r->erased, (r->nerased + 1) *
					sizeof *r->erased);
		r->erased[r->nerased] = cw_xstrdup(erased.s);
		redaction_add(r, store_col_int(st, 0), detail ? detail : "",
			      r->erased[r->nerased++]);
	}
	store_finalize(st);
	cw_buf_release(&erased);
	if (s != STORE_DONE)
		return store_fail(db, "read the audit trail");
	if (r->n)
		qsort(r->v, r->n, sizeof *r->v, redaction_cmp);
	for (i = 0; i < r->n; i++) {
		if (m && r->v[m - 1].id == r->v[i].id)
			m--;
		r->v[m++] = r->v[i];
	}
	r->n = m;
	return 0;
}

/* The runs of one id list, for meets(). */
struct idruns {
	struct { enum cw_kind kind; int64_t lo, hi; } v[64];
	size_t n;
	int hit;
};

static void idrun_add(void *ctx, enum cw_kind kind, int64_t lo, int64_t hi)
{
	struct idruns *r = ctx;
	if (r->n < sizeof r->v / sizeof r->v[0]) {
		r->v[r->n].kind = kind;
		r->v[r->n].lo = lo;
		r->v[r->n++].hi = hi;
	}
}

static void idrun_meet(void *ctx, enum cw_kind kind, int64_t lo, int64_t hi)
{
	struct idruns *r = ctx;
	size_t i;
	for (i = 0; i < r->n; i++)
		if (r->v[i].kind == kind && r->v[i].lo <= hi && lo <= r->v[i].hi)
			r->hit = 1;
}

/* Whether the id lists a and b name a record in common (a's first 64
 * runs: an entry a redaction may name names one record). */
static int meets(const char *a, const char *b)
{
	struct idruns r;
	r.n = 0;
	r.hit = 0;
	core_id_runs(a, idrun_add, &r);
	core_id_runs(b, idrun_meet, &r);
	return r.hit;
}

/* The text redact_fields covers: an entry's fields but its detail and
 * its links, as its hash joins them. */
static void fields_text(const struct entry *e, cw_buf *b)
{
	cw_buf_printf(b, "%lld\x1f%s\x1f", e->id, e->at);
	cw_buf_addstr(b, e->actor);
	cw_buf_printf(b, "\x1f%lld\x1f%s\x1f%s\x1f", e->batch, e->action,
		      e->entity);
	cw_buf_addstr(b, e->ids);
}

void store_audit_fields_sum(long long id, const char *at, const char *actor,
			    long long batch, const char *action,
			    const char *entity, const char *ids, char out[65])
{
	struct entry e;
	cw_buf b;

	memset(&e, 0, sizeof e);
	e.id = id;
	e.at = at;
	e.actor = actor;
	e.batch = batch;
	e.action = action;
	e.entity = entity;
	e.ids = ids;
	cw_buf_init(&b);
	fields_text(&e, &b);
	cw_sha256_hex(b.s, b.len, out);
	cw_buf_release(&b);
}

/* The digest of e's detail since its redaction, or NULL: a redaction
 * holds for an entry that names a record its erasure erased, never for
 * the entries that name no record's values (digests, erasures,
 * redactions, the switch), and for an entry of format 1 only with its
 * other fields as the redaction found them. */
static const char *redaction_of(const struct redactions *r, const struct entry *e)
{
	static const char *const never[] = {DIGEST_ACTION_NAME, "erase",
					    REDACT_ACTION, SWITCH_ACTION};
	size_t lo = 0, hi = r->n, i;
	const struct redaction *x;
	char sum[65];

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (r->v[mid].id < e->id)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == r->n || r->v[lo].id != e->id)
		return NULL;
	x = &r->v[lo];
	for (i = 0; i < sizeof never / sizeof never[0]; i++)
		if (!strcmp(e->action, never[i]))
			return NULL;
	if (!meets(e->ids, x->erased))
		return NULL;
	if (!e->digest) {
		store_audit_fields_sum(e->id, e->at, e->actor, e->batch, e->action,
				       e->entity, e->ids, sum);
		if (strcmp(sum, x->fields))
			return NULL;
	}
	return x->sum;
}

int store_audit_verify(cw_db *db, store_chain *c)
{
	struct redactions red = {NULL, 0, 0, NULL, 0};
	store_stmt *st;
	struct entry e;
	char prev[65], hash[65];
	long long expect = 1;
	int rc = 0, s, format = 0;

	c->entries = c->format1 = 0;
	c->head_id = 0;
	c->head[0] = c->at_hash[0] = 0;
	if (store_restricted(db))
		return verify_on_server(db, c);
	if ((rc = read_redactions(db, &red)) != 0) {
		redactions_free(&red);
		return rc;
	}
	st = store_prepare(db, "SELECT " ENTRY_COLS " FROM audit ORDER BY id");
	store_hint_stream(st);
	if (!st) {
		redactions_free(&red);
		return CW_EXIT_DB;
	}
	memcpy(prev, GENESIS, sizeof prev);
	while ((s = store_step(st)) == STORE_ROW) {
		entry_read(st, &e);
		if (e.id != expect || !entry_holds(&e, format, prev,
					redaction_of(&red, &e), hash)) {
			cw_error("audit verification failed in '%s': entry AU-%lld "
				 "does not match the chain", store_name(db),
				 e.id != expect ? expect : e.id);
			rc = CW_EXIT_DB;
			break;
		}
		format = e.digest ? 2 : 1;
		c->format1 += format == 1;
		if (e.id == c->at_id)
			memcpy(c->at_hash, hash, sizeof hash);
		memcpy(prev, hash, sizeof prev);
		expect++;
		c->entries++;
	}
	if (!rc && s != STORE_DONE)
		rc = store_fail(db, "read the audit trail");
	store_finalize(st);
	redactions_free(&red);
	/* Entries cut from the end leave the chain intact but not the
	 * sequence the database keeps for the table: the highest id ever
	 * given. */
	if (!rc) {
		int64_t next = store_next_id(db, "audit");
		if (next < 0) {
			rc = CW_EXIT_DB;
		} else if (next - 1 != expect - 1) {
			cw_error("audit verification failed in '%s': entries after "
				 "AU-%lld are missing", store_name(db), expect - 1);
			rc = CW_EXIT_DB;
		}
	}
	if (!rc && c->entries) {
		c->head_id = expect - 1;
		memcpy(c->head, prev, sizeof prev);
	}
	return rc;
}

int cw_audit_verify(cw_db *db, long *entries)
{
	store_chain c;
	int rc;

	memset(&c, 0, sizeof c);
	rc = store_audit_verify(db, &c);
	*entries = c.entries;
	return rc;
}

struct cw_audit_ids {
	enum cw_kind kind;         /* what the ids are */
	int64_t first, last;       /* the open run; first 0 when none */
	long count;                /* records added */
	cw_buf text;               /* closed runs, comma-separated */
	struct sha256_ctx digest;  /* over the records' JSON lines */
};

cw_audit_ids *cw_audit_ids_new(enum cw_kind kind)
{
	cw_audit_ids *a = cw_xcalloc(1, sizeof *a);
	a->kind = kind;
	cw_buf_init(&a->text);
	sha256_init(&a->digest);
	return a;
}

static void ids_flush(cw_audit_ids *a)
{
	char x[32], y[32];
	if (!a->first)
		return;
	cw_id_format(a->kind, a->first, x);
	cw_id_format(a->kind, a->last, y);
	if (a->text.len)
		cw_buf_addch(&a->text, ',');
	if (a->first == a->last)
		cw_buf_addstr(&a->text, x);
	else
		cw_buf_printf(&a->text, "%s..%s", x, y);
	a->first = 0;
}

/* Ids a batch creates are consecutive (it holds the write lock), so the
 * list stays short however large the batch. */
void cw_audit_ids_add(cw_audit_ids *a, int64_t id, const char *json, size_t len)
{
	if (a->first && id == a->last + 1) {
		a->last = id;
	} else {
		ids_flush(a);
		a->first = a->last = id;
	}
	a->count++;
	sha256_update(&a->digest, len, (const uint8_t *)json);
	sha256_update(&a->digest, 1, (const uint8_t *)"\n");
}

void store_audit_created(cw_audit_ids *a, int64_t id, const cw_col *cols,
			 size_t n, const char *const *v, cw_buf *scratch)
{
	cw_buf_reset(scratch);
	cw_json_record(scratch, cols, n, v);
	cw_audit_ids_add(a, id, scratch->s, scratch->len);
}

const char *cw_audit_ids_text(cw_audit_ids *a, long *count)
{
	ids_flush(a);
	*count = a->count;
	return a->text.s ? a->text.s : "";
}

int cw_audit_ids_write(cw_db *db, cw_audit_ids *a, const char *action)
{
	uint8_t d[SHA256_DIGEST_SIZE];
	cw_buf detail;
	int i, rc;

	if (!a->count)
		return 0;
	ids_flush(a);
	sha256_digest(&a->digest, sizeof d, d);
	cw_buf_init(&detail);
	cw_buf_printf(&detail, "{\"records\":%ld,\"sha256\":\"", a->count);
	for (i = 0; i < SHA256_DIGEST_SIZE; i++)
		cw_buf_printf(&detail, "%02x", d[i]);
	cw_buf_addstr(&detail, "\"}");
	rc = cw_audit_append(db, action, a->kind, a->text.s, detail.s);
	cw_buf_release(&detail);
	return rc;
}

void cw_audit_ids_free(cw_audit_ids *a)
{
	if (!a)
		return;
	cw_buf_release(&a->text);
	free(a);
}
