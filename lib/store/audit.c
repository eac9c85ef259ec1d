/* store/audit.c - the audit trail: who changed what, when, chained by SHA-256. */
#include <stdlib.h>
#include <string.h>
#include <nettle/sha2.h>
#include "store/store.h"

#define GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

void cw_sha256_hex(const void *data, size_t len, char out[65])
{
	struct sha256_ctx ctx;
	uint8_t d[SHA256_DIGEST_SIZE];

	sha256_init(&ctx);
	sha256_update(&ctx, len, data);
	sha256_digest(&ctx, sizeof d, d);
	cw_hex(d, sizeof d, out);
}

/* The hashed text: every column of the entry, separated by a byte that
 * cannot appear in any of them unescaped, so no two entries share one. */
static void entry_hash(const char *prev, long long id, const char *at,
		       const char *actor, long long batch, const char *action,
		       const char *entity, const char *ids, const char *detail,
		       char out[65])
{
	cw_buf b;
	cw_buf_init(&b);
	cw_buf_printf(&b, "%s\x1f%lld\x1f%s\x1f", prev, id, at);
	cw_buf_addstr(&b, actor);
	cw_buf_printf(&b, "\x1f%lld\x1f%s\x1f%s\x1f", batch, action, entity);
	cw_buf_addstr(&b, ids);
	cw_buf_addch(&b, 0x1f);
	cw_buf_addstr(&b, detail);
	cw_sha256_hex(b.s, b.len, out);
	cw_buf_release(&b);
}

int cw_audit_append(cw_db *db, const char *action, enum cw_kind kind,
		    const char *ids, const char *detail_json)
{
	return store_audit_append(db, action, cw_kind_name(kind), ids, detail_json);
}

int store_audit_append(cw_db *db, const char *action, const char *entity,
		       const char *ids, const char *detail_json)
{
	char prev[65], hash[65], at[21];
	long long id;
	store_stmt *st;
	int r;

	const char *last = store_audit_sql(db, 0);
	const char *insert = store_audit_sql(db, 1);
	const char *actor = store_actor(db);
	int64_t batch = store_batch(db);

	if (!batch) {
		cw_error("internal error: audit outside a batch");
		return CW_EXIT_DB;
	}
	if (!(st = store_cached(db, last)))
		return CW_EXIT_DB;
	if (store_step(st) == STORE_ROW) {
		id = store_col_int(st, 0) + 1;
		snprintf(prev, sizeof prev, "%s",
			 store_col_text(st, 1));
	} else {
		/* AUTOINCREMENT never reuses ids; an empty table starts at 1
		 * only if nothing was ever in it, which the triggers ensure. */
		id = 1;
		memcpy(prev, GENESIS, sizeof prev);
	}
	store_reset(st);
	cw_utc_now(at);
	entry_hash(prev, id, at, actor, (long long)batch, action, entity, ids,
		   detail_json, hash);
	if (!(st = store_cached(db, insert)))
		return CW_EXIT_DB;
	store_bind_int(st, 1, id);
	store_bind_text(st, 2, at);
	store_bind_text(st, 3, actor);
	store_bind_int(st, 4, batch);
	store_bind_text(st, 5, action);
	store_bind_text(st, 6, entity);
	store_bind_text(st, 7, ids);
	store_bind_text(st, 8, detail_json);
	store_bind_text(st, 9, prev);
	store_bind_text(st, 10, hash);
	r = store_step(st);
	if (r != STORE_DONE && r != STORE_ROW) {
		store_reset(st);
		return store_fail(db, "write the audit trail");
	}
	store_reset(st);
	return 0;
}

/* The chain verified by the server (store/pg/access.c, cw_audit_check),
 * for a login that may not read the trail: an admin's. */
static int verify_on_server(cw_db *db, long *entries)
{
	store_stmt *st = store_prepare(db, "SELECT entries, bad, missing"
				       " FROM cw_audit_check()");
	int rc = 0;

	*entries = 0;
	if (!st)
		return CW_EXIT_DB;
	if (store_step(st) != STORE_ROW) {
		rc = store_fail(db, "verify the audit trail");
	} else {
		*entries = (long)store_col_int(st, 0);
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
		}
	}
	store_finalize(st);
	return rc;
}

int cw_audit_verify(cw_db *db, long *entries)
{
	store_stmt *st;
	char prev[65], hash[65];
	long long expect = 1;
	int rc = 0, s;

	if (store_restricted(db))
		return verify_on_server(db, entries);
	st = store_prepare(db, "SELECT id, at, actor, batch_id, action, entity,"
			   " ids, detail, prev_hash, hash FROM audit ORDER BY id");
	store_hint_stream(st);
	*entries = 0;
	if (!st)
		return CW_EXIT_DB;
	memcpy(prev, GENESIS, sizeof prev);
	while ((s = store_step(st)) == STORE_ROW) {
		long long id = store_col_int(st, 0);
		const char *c[10];
		int i;
		for (i = 0; i < 10; i++) {
			c[i] = store_col_text(st, i);
			if (!c[i])
				c[i] = "";
		}
		entry_hash(prev, id, c[1], c[2], store_col_int(st, 3),
			   c[4], c[5], c[6], c[7], hash);
		if (id != expect || strcmp(c[8], prev) || strcmp(c[9], hash)) {
			cw_error("audit verification failed in '%s': entry AU-%lld "
				 "does not match the chain", store_name(db),
				 id != expect ? expect : id);
			rc = CW_EXIT_DB;
			break;
		}
		memcpy(prev, hash, sizeof prev);
		expect++;
		(*entries)++;
	}
	if (!rc && s != STORE_DONE)
		rc = store_fail(db, "read the audit trail");
	store_finalize(st);
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
