/* intake/bulk.c - the bulk path's writer: new clients and cases get their
 * ids at once and are written BULK_ROWS rows to a statement (store_bulk.c
 * holds the statements); and the open cases the bulk path keeps.
 *
 * The batch's transaction (BEGIN IMMEDIATE) is the only writer, so the
 * ids AUTOINCREMENT would hand out are known: one more than the larger of
 * the table's sequence and its highest id, then one more each time. Rows
 * are inserted with those ids, which moves the sequence exactly as
 * AUTOINCREMENT would. Until a flush, the rows wait in the writer's arena;
 * every read of the clients or cases tables on the bulk path that could
 * meet them flushes first (store.c), so nothing reads around them. */
#include <stdlib.h>
#include <string.h>
#include "intake/intake.h"

static const int client_field[BULK_CLIENT_TEXT] = {
	F_NAME, -1, F_SEX, F_BIRTH_DATE, F_ID_TYPE, F_ID_NUMBER, F_PHONE,
	F_ADDRESS, F_HOUSEHOLD, F_LANGUAGE, F_CONSENT_DATE, F_CONSENT_BY,
	F_CONSENT_SHARE, F_CONSENT_EXPIRES, F_CONSENT_WITHDRAWN, F_CREATED_AT,
	F_EMERGENCY_NAME, F_EMERGENCY_RELATIONSHIP, F_EMERGENCY_PHONE,
	F_HOUSEHOLD_ID
};

int intake_bulk_start(struct intake_db *s, struct bulk_ins *b, int64_t batch,
		      int64_t first_client, int64_t first_case)
{
	int rc;

	memset(b, 0, sizeof *b);
	cw_buf_init(&b->arena);
	b->batch = batch;
	if ((rc = intake_db_bulk_prepare(s, b)) != 0)
		return rc;
	if ((first_client && store_digest_now(s->db, CW_K_CLIENT, first_client,
					      b->next_client - 1)) ||
	    (first_case && store_digest_now(s->db, CW_K_CASE, first_case,
					    b->next_case - 1)))
		return CW_EXIT_DB;
	s->bulk = b;
	return 0;
}

void intake_bulk_release(struct bulk_ins *b)
{
	if (!b->client[0] && !b->arena.s)
		return;   /* never started */
	intake_db_bulk_finalize(b);
	cw_buf_release(&b->arena);
	memset(b, 0, sizeof *b);
}

/* Keeps v in the arena: its offset + 1, or 0 for NULL. */
static size_t keep(struct bulk_ins *b, const char *v)
{
	size_t at;
	if (!v)
		return 0;
	at = b->arena.len;
	cw_buf_add(&b->arena, v, strlen(v) + 1);
	return at + 1;
}

int intake_bulk_flush(struct intake_db *s)
{
	struct bulk_ins *b = s->bulk;
	int r, rc = 0;

	if (!b || (!b->nc && !b->nk))
		return 0;
	/* Clients first: the cases refer to them. */
	if (b->nc == BULK_ROWS)
		rc = intake_db_bulk_write(s, b, 0, 0, BULK_ROWS);
	for (r = 0; !rc && b->nc < BULK_ROWS && r < b->nc; r++)
		rc = intake_db_bulk_write(s, b, 0, r, r + 1);
	if (!rc && b->nk == BULK_ROWS)
		rc = intake_db_bulk_write(s, b, 1, 0, BULK_ROWS);
	for (r = 0; !rc && b->nk < BULK_ROWS && r < b->nk; r++)
		rc = intake_db_bulk_write(s, b, 1, r, r + 1);
	b->nc = b->nk = 0;
	cw_buf_reset(&b->arena);
	return rc;
}

int intake_bulk_waits(const struct intake_db *s, int64_t client)
{
	const struct bulk_ins *b = s->bulk;
	return b && b->nc && client >= b->cid[0];
}

int intake_bulk_client(struct intake_db *s, const struct row *r,
		       const char *name_key, int64_t *id)
{
	struct bulk_ins *b = s->bulk;
	int j;

	if (b->nc == BULK_ROWS || b->nk == BULK_ROWS) {
		int rc = intake_bulk_flush(s);
		if (rc)
			return rc;
	}
	for (j = 0; j < BULK_CLIENT_TEXT; j++)
		b->cv[b->nc][j] = keep(b, client_field[j] < 0 ? name_key
				       : r->v[client_field[j]]);
	*id = b->cid[b->nc++] = b->next_client++;
	return 0;
}

int intake_bulk_case(struct intake_db *s, const struct row *r, int64_t client,
		     const char *linked_by, const char *snapshot, int64_t *id)
{
	struct bulk_ins *b = s->bulk;
	const char *v[BULK_CASE_TEXT];
	int j;

	if (b->nk == BULK_ROWS) {
		int rc = intake_bulk_flush(s);
		if (rc)
			return rc;
	}
	v[0] = r->v[F_INTAKE_DATE];
	v[1] = r->v[F_CATEGORY];
	v[2] = r->v[F_WORKER];
	v[3] = r->v[F_REFERRAL_SOURCE];
	v[4] = r->v[F_PRESENTING_PROBLEM];
	v[5] = r->v[F_EXTERNAL_REF];
	v[6] = linked_by;
	v[7] = snapshot;
	v[8] = r->v[F_NOTES];
	v[9] = r->v[F_CREATED_AT];
	v[10] = r->v[F_PROJECT];
	for (j = 0; j < BULK_CASE_TEXT; j++)
		b->kv[b->nk][j] = keep(b, v[j]);
	b->kclient[b->nk] = client;
	*id = b->kid[b->nk++] = b->next_case++;
	return 0;
}

void intake_bulk_cases_set(struct bulk_cases *oc, int64_t client, int64_t id)
{
	if ((size_t)client >= oc->cap) {
		size_t cap = oc->cap ? oc->cap : 1024;
		while (cap <= (size_t)client)
			cap += cap / 2;
		oc->open = cw_xrealloc(oc->open, cap * sizeof *oc->open);
		memset(oc->open + oc->cap, 0, (cap - oc->cap) * sizeof *oc->open);
		oc->cap = cap;
	}
	if (!oc->open[client])
		oc->open[client] = (uint32_t)id;
}

void intake_bulk_cases_release(struct bulk_cases *oc)
{
	free(oc->open);
	memset(oc, 0, sizeof *oc);
}
