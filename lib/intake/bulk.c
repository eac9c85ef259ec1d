/* intake/bulk.c - the bulk path's inserts: new clients and cases get their
 * ids at once and are written BULK_ROWS rows to a statement.
 *
 * The batch's transaction (BEGIN IMMEDIATE) is the only writer, so the
 * ids AUTOINCREMENT would hand out are known: one more than the larger of
 * the table's sequence and its highest id, then one more each time. Rows
 * are inserted with those ids, which moves the sequence exactly as
 * AUTOINCREMENT would. Until a flush, the rows wait in the writer's arena;
 * every read of the clients or cases tables on the bulk path flushes
 * first (store.c), so nothing reads around them. */
#include <stdlib.h>
#include <string.h>
#include "intake/intake.h"

static const int client_field[BULK_CLIENT_TEXT] = {
	F_NAME, -1, F_SEX, F_BIRTH_DATE, F_ID_TYPE, F_ID_NUMBER, F_PHONE,
	F_ADDRESS, F_HOUSEHOLD, F_LANGUAGE, F_CONSENT_DATE, F_CONSENT_BY,
	F_CONSENT_SHARE, F_CONSENT_EXPIRES, F_CONSENT_WITHDRAWN, F_CREATED_AT
};

/* An INSERT of n rows with explicit ids. */
static store_stmt *prepare_rows(cw_db *db, int cases, int n)
{
	cw_buf sql;
	store_stmt *st;
	int i, j, ncol = cases ? BULK_CASE_TEXT + 3 : BULK_CLIENT_TEXT + 2;

	cw_buf_init(&sql);
	cw_buf_addstr(&sql, cases
		? "INSERT INTO cases (id, client_id, intake_date, category, worker,"
		  " referral_source, presenting_problem, external_ref, linked_by,"
		  " intake_snapshot, notes, created_at, batch_id, status) VALUES "
		: "INSERT INTO clients (id, name, name_key, sex, birth_date, id_type,"
		  " id_number, phone, address, household, language, consent_date,"
		  " consent_by, consent_share, consent_expires, consent_withdrawn,"
		  " created_at, batch_id) VALUES ");
	for (i = 0; i < n; i++) {
		cw_buf_addstr(&sql, i ? ",(" : "(");
		for (j = 0; j < ncol; j++)
			cw_buf_addstr(&sql, j ? ",?" : "?");
		cw_buf_addstr(&sql, cases ? ",'open')" : ")");
	}
	st = store_prepare(db, sql.s);
	cw_buf_release(&sql);
	return st;
}

int intake_bulk_start(struct intake_db *s, struct bulk_ins *b, int64_t batch)
{
	int i;

	memset(b, 0, sizeof *b);
	cw_buf_init(&b->arena);
	b->batch = batch;
	for (i = 0; i < 2; i++)
		if (!(b->client[i] = prepare_rows(s->db, 0, i ? BULK_ROWS : 1)) ||
		    !(b->cases[i] = prepare_rows(s->db, 1, i ? BULK_ROWS : 1)))
			return CW_EXIT_DB;
	if ((b->next_client = store_next_id(s->db, "clients")) < 0 ||
	    (b->next_case = store_next_id(s->db, "cases")) < 0)
		return CW_EXIT_DB;
	s->bulk = b;
	return 0;
}

void intake_bulk_release(struct bulk_ins *b)
{
	int i;
	if (!b->client[0] && !b->arena.s)
		return;   /* never started */
	for (i = 0; i < 2; i++) {
		store_finalize(b->client[i]);
		store_finalize(b->cases[i]);
	}
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

static void bind_kept(struct bulk_ins *b, store_stmt *st, int i, size_t at)
{
	store_bind_text(st, i, at ? b->arena.s + at - 1 : NULL);
}

/* Writes rows [from, to) of the clients waiting, with st (to - from rows). */
static int write_clients(struct intake_db *s, struct bulk_ins *b,
			 store_stmt *st, int from, int to)
{
	int r, j, p = 0;
	for (r = from; r < to; r++) {
		store_bind_int(st, ++p, b->cid[r]);
		for (j = 0; j < BULK_CLIENT_TEXT; j++)
			bind_kept(b, st, ++p, b->cv[r][j]);
		store_bind_int(st, ++p, b->batch);
	}
	r = store_step(st);
	store_reset(st);
	return r == STORE_DONE ? 0 : store_fail(s->db, "store a record");
}

static int write_cases(struct intake_db *s, struct bulk_ins *b,
		       store_stmt *st, int from, int to)
{
	int r, j, p = 0;
	for (r = from; r < to; r++) {
		store_bind_int(st, ++p, b->kid[r]);
		store_bind_int(st, ++p, b->kclient[r]);
		for (j = 0; j < BULK_CASE_TEXT; j++)
			bind_kept(b, st, ++p, b->kv[r][j]);
		store_bind_int(st, ++p, b->batch);
	}
	r = store_step(st);
	store_reset(st);
	return r == STORE_DONE ? 0 : store_fail(s->db, "store a record");
}

int intake_bulk_flush(struct intake_db *s)
{
	struct bulk_ins *b = s->bulk;
	int r, rc = 0;

	if (!b || (!b->nc && !b->nk))
		return 0;
	/* Clients first: the cases refer to them. */
	if (b->nc == BULK_ROWS)
		rc = write_clients(s, b, b->client[1], 0, BULK_ROWS);
	for (r = 0; !rc && b->nc < BULK_ROWS && r < b->nc; r++)
		rc = write_clients(s, b, b->client[0], r, r + 1);
	if (!rc && b->nk == BULK_ROWS)
		rc = write_cases(s, b, b->cases[1], 0, BULK_ROWS);
	for (r = 0; !rc && b->nk < BULK_ROWS && r < b->nk; r++)
		rc = write_cases(s, b, b->cases[0], r, r + 1);
	b->nc = b->nk = 0;
	cw_buf_reset(&b->arena);
	return rc;
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
	for (j = 0; j < BULK_CASE_TEXT; j++)
		b->kv[b->nk][j] = keep(b, v[j]);
	b->kclient[b->nk] = client;
	*id = b->kid[b->nk++] = b->next_case++;
	return 0;
}
