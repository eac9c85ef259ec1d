/* intake/store_bulk.c - the SQL of sw-intake add's bulk path: what the
 * people index starts from, the tables' indexes set aside and rebuilt,
 * and the INSERTs that write BULK_ROWS clients or cases at once with the
 * ids the batch gave them (bulk.c). */
#include <stdlib.h>
#include <string.h>
#include "intake/intake.h"

int64_t intake_db_last_client(struct intake_db *s)
{
	store_stmt *st = store_prepare(s->db, "SELECT max(id) FROM clients");
	int64_t id = -1;
	if (!st)
		return -1;
	if (store_step(st) == STORE_ROW)
		id = store_col_int(st, 0);
	store_finalize(st);
	if (id < 0)
		store_fail(s->db, "count the clients");
	return id;
}

/* Notes the open case of each client (the lowest, as the indexed query
 * finds it) in open[client]; 1 when an id is too large for it. */
static int seed_open_cases(struct intake_db *s, struct bulk_cases *oc)
{
	store_stmt *st = store_prepare(s->db, "SELECT client_id, min(id) FROM"
					  " cases WHERE status = 'open' GROUP BY client_id");
	int step, rc = 0;

	if (!st)
		return CW_EXIT_DB;
	while (!rc && (step = store_step(st)) == STORE_ROW) {
		int64_t client = store_col_int(st, 0);
		int64_t id = store_col_int(st, 1);
		if (client < 0 || id <= 0 || id > UINT32_MAX)
			rc = 1;
		else
			intake_bulk_cases_set(oc, client, id);
	}
	if (!rc && step != STORE_DONE)
		rc = store_fail(s->db, "read the open cases");
	store_finalize(st);
	return rc;
}

int intake_db_bulk_begin(struct intake_db *s, struct people *p,
			 struct bulk_cases *oc)
{
	static const char *const tables[] = {"clients", "cases", NULL};
	store_stmt *st;
	int step, rc = 0;

	if (!(st = store_prepare(s->db, "SELECT id, name_key, id_type, id_number,"
				 " birth_date, phone FROM clients")))
		return CW_EXIT_DB;
	store_hint_stream(st);
	while (!rc && (step = store_step(st)) == STORE_ROW) {
		struct intake_people_key k;
		int64_t id = store_col_int(st, 0);
		intake_people_key(&k, store_col_text(st, 1),
			   store_col_text(st, 2),
			   store_col_text(st, 3),
			   store_col_text(st, 4),
			   store_col_text(st, 5));
		if (id < 0 || intake_people_add(p, (size_t)id, &k, PEOPLE_ALL))
			rc = 1;
	}
	if (!rc && step != STORE_DONE)
		rc = store_fail(s->db, "read the clients");
	store_finalize(st);
	if (!rc)
		rc = seed_open_cases(s, oc);
	if (rc) {
		intake_people_release(p);
		intake_bulk_cases_release(oc);
		return rc;
	}
	/* The indexes of the clients and cases tables, set aside for the
	 * batch. */
	return store_bulk_begin(s->db, tables) ? CW_EXIT_DB : 0;
}

int intake_db_bulk_end(struct intake_db *s)
{
	if (intake_bulk_flush(s))
		return CW_EXIT_DB;
	return store_bulk_end(s->db) ? CW_EXIT_DB : 0;
}

/* ---- the writer's INSERTs ------------------------------------------------ */

/* An INSERT of n rows with explicit ids. */
static store_stmt *prepare_rows(cw_db *db, int cases, int n)
{
	cw_buf sql;
	store_stmt *st;
	int i, j, ncol = cases ? BULK_CASE_TEXT + 4 : BULK_CLIENT_TEXT + 3;

	cw_buf_init(&sql);
	cw_buf_addstr(&sql, cases
		? "INSERT INTO cases (id, client_id, intake_date, category, worker,"
		  " referral_source, presenting_problem, external_ref, linked_by,"
		  " intake_snapshot, notes, created_at, project, batch_id, digest,"
		  " status)"
		  " VALUES "
		: "INSERT INTO clients (id, name, name_key, sex, birth_date, id_type,"
		  " id_number, phone, address, household, language, consent_date,"
		  " consent_by, consent_share, consent_expires, consent_withdrawn,"
		  " created_at, emergency_name, emergency_relationship,"
		  " emergency_phone, household_id, batch_id, digest) VALUES ");
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

int intake_db_bulk_prepare(struct intake_db *s, struct bulk_ins *b)
{
	int i;

	for (i = 0; i < 2; i++)
		if (!(b->client[i] = prepare_rows(s->db, 0, i ? BULK_ROWS : 1)) ||
		    !(b->cases[i] = prepare_rows(s->db, 1, i ? BULK_ROWS : 1)))
			return CW_EXIT_DB;
	if ((b->next_client = store_next_id(s->db, "clients")) < 0 ||
	    (b->next_case = store_next_id(s->db, "cases")) < 0)
		return CW_EXIT_DB;
	return 0;
}

void intake_db_bulk_finalize(struct bulk_ins *b)
{
	int i;
	for (i = 0; i < 2; i++) {
		store_finalize(b->client[i]);
		store_finalize(b->cases[i]);
		b->client[i] = b->cases[i] = NULL;
	}
}

/* The value kept at arena offset at - 1 (0: NULL). */
static const char *kept(const struct bulk_ins *b, size_t at)
{
	return at ? b->arena.s + at - 1 : NULL;
}

/* The digest of a row as it is stored (store_digest_of), its columns in
 * the table's order: what the INSERT gives, NULL for the rest, status
 * open for a case, a client's emergency contact after its batch. Stored with the row and told to the commit, it spares
 * the commit reading the row back and writing it again (store/digest.c). */
static void row_digest(const struct bulk_ins *b, int cases, int r,
		       char out[65])
{
	const char *v[BULK_CLIENT_TEXT + 4];
	char id[24], client[24], batch[24];
	int j, n = 0;

	snprintf(batch, sizeof batch, "%lld", (long long)b->batch);
	if (cases) {
		snprintf(id, sizeof id, "%lld", (long long)b->kid[r]);
		snprintf(client, sizeof client, "%lld", (long long)b->kclient[r]);
		v[n++] = id;
		v[n++] = client;
		v[n++] = "open";
		v[n++] = kept(b, b->kv[r][0]);           /* intake_date */
		v[n++] = NULL;                           /* closed_date */
		for (j = 1; j < BULK_CASE_TEXT - 1; j++) /* category .. created_at */
			v[n++] = kept(b, b->kv[r][j]);
	} else {
		snprintf(id, sizeof id, "%lld", (long long)b->cid[r]);
		v[n++] = id;
		for (j = 0; j < BULK_CLIENT_FIRST; j++)  /* name .. created_at */
			v[n++] = kept(b, b->cv[r][j]);
	}
	v[n++] = NULL;                                   /* updated_at */
	v[n++] = batch;
	for (j = BULK_CLIENT_FIRST; !cases && j < BULK_CLIENT_TEXT; j++)
		v[n++] = kept(b, b->cv[r][j]);  /* emergency_*, household_id */
	if (cases)                                       /* project */
		v[n++] = kept(b, b->kv[r][BULK_CASE_TEXT - 1]);
	if (store_digest_of(cases ? "cases" : "clients", v, (size_t)n, out))
		out[0] = '\0';
}

int intake_db_bulk_write(struct intake_db *s, struct bulk_ins *b, int cases,
			 int from, int to)
{
	store_stmt *st = cases ? b->cases[to - from == BULK_ROWS]
			       : b->client[to - from == BULK_ROWS];
	int r, j, p = 0;

	/* bound, not copied: one for each row of the statement */
	char digest[BULK_ROWS][65];

	for (r = from; r < to; r++) {
		if (cases) {
			store_bind_int(st, ++p, b->kid[r]);
			store_bind_int(st, ++p, b->kclient[r]);
			for (j = 0; j < BULK_CASE_TEXT; j++)
				store_bind_text(st, ++p, kept(b, b->kv[r][j]));
		} else {
			store_bind_int(st, ++p, b->cid[r]);
			for (j = 0; j < BULK_CLIENT_TEXT; j++)
				store_bind_text(st, ++p, kept(b, b->cv[r][j]));
		}
		store_bind_int(st, ++p, b->batch);
		row_digest(b, cases, r, digest[r - from]);
		store_bind_text(st, ++p, digest[r - from][0] ? digest[r - from] : NULL);
	}
	r = store_step(st);
	store_reset(st);
	if (r != STORE_DONE)
		return store_fail(s->db, "store a record");
	/* text bound is read back byte for byte: the digests are the
	 * stored records' */
	for (r = from; s->utf8 && r < to; r++)
		if (digest[r - from][0])
			store_digest_known(s->db, cases ? CW_K_CASE : CW_K_CLIENT,
					   cases ? b->kid[r] : b->cid[r],
					   digest[r - from]);
	return 0;
}
