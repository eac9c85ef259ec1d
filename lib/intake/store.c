/* intake/store.c - the SQL behind clients, cases and the worker roster. */
#include <stdlib.h>
#include <string.h>
#include "intake/intake.h"

/* Both selects give the columns of intake_case_cols / intake_client_cols, in
 * order, so a row can be printed or compared as it comes. */
const char intake_case_select[] =
	"SELECT 'CA-' || k.id, 'CL-' || c.id, c.name, c.sex, c.birth_date,"
	" c.id_type, c.id_number, c.phone, c.address, c.household, c.language,"
	" c.consent_date, c.consent_by, c.consent_share, c.consent_expires,"
	" c.consent_withdrawn, k.category, k.referral_source,"
	" k.presenting_problem, k.worker, k.external_ref, k.intake_date,"
	" k.status, k.closed_date, k.linked_by, k.notes, k.created_at,"
	" k.updated_at FROM cases k JOIN clients c ON c.id = k.client_id";

const char intake_client_select[] =
	"SELECT 'CL-' || c.id, c.name, c.sex, c.birth_date, c.id_type,"
	" c.id_number, c.phone, c.address, c.household, c.language,"
	" c.consent_date, c.consent_by, c.consent_share, c.consent_expires,"
	" c.consent_withdrawn, c.created_at, c.updated_at FROM clients c";

/* Candidates for "the same person": different identity numbers of the
 * same kind are never the same person, whatever else matches. The
 * conditions of the three rules, used to search (with the indexes) and,
 * on the bulk path, to confirm a client the people index found (by id). */
static const char *const candidate_cond[3] = {
	"id_number = ?1 AND id_type = ?2",
	"name_key = ?3 AND birth_date = ?4 AND (?1 IS NULL OR id_number IS NULL"
	" OR id_type IS NOT ?2 OR id_number = ?1)",
	"name_key = ?3 AND phone = ?5 AND (?1 IS NULL OR id_number IS NULL"
	" OR id_type IS NOT ?2 OR id_number = ?1)",
};

int intake_db_prepare(struct intake_db *s, cw_db *db, int writes)
{
	char sql[1536];
	int i;

	memset(s, 0, sizeof *s);
	s->db = db;
	if (!db)
		return 0;
	snprintf(sql, sizeof sql, "%s WHERE k.id = ?", intake_case_select);
	if (!(s->get_case = store_prepare(db, sql)))
		return CW_EXIT_DB;
	snprintf(sql, sizeof sql, "%s WHERE c.id = ?", intake_client_select);
	if (!(s->get_client = store_prepare(db, sql)))
		return CW_EXIT_DB;
	for (i = 0; i < 3; i++) {
		snprintf(sql, sizeof sql, "SELECT id, batch_id, name_key = ?3 FROM"
			 " clients WHERE %s ORDER BY id LIMIT 8", candidate_cond[i]);
		if (!(s->candidates[i] = store_prepare(db, sql)))
			return CW_EXIT_DB;
		snprintf(sql, sizeof sql, "SELECT id, batch_id, name_key = ?3 FROM"
			 " clients WHERE id = ?6 AND %s", candidate_cond[i]);
		if (!(s->candidate_by_id[i] = store_prepare(db, sql)))
			return CW_EXIT_DB;
	}
	if (!(s->open_case = store_prepare(db,
		"SELECT id FROM cases WHERE client_id = ? AND status = 'open'"
		" ORDER BY id LIMIT 1")))
		return CW_EXIT_DB;
	if (!writes)
		return 0;
	s->utf8 = store_text_utf8(db);
	if (!(s->ins_client = store_prepare(db,
		"INSERT INTO clients (name, name_key, sex, birth_date, id_type,"
		" id_number, phone, address, household, language, consent_date,"
		" consent_by, consent_share, consent_expires, consent_withdrawn,"
		" created_at, batch_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) ||
	    !(s->ins_case = store_prepare(db,
		"INSERT INTO cases (client_id, status, intake_date, category,"
		" worker, referral_source, presenting_problem, external_ref,"
		" linked_by, intake_snapshot, notes, created_at, batch_id)"
		" VALUES (?,'open',?,?,?,?,?,?,?,?,?,?,?)")))
		return CW_EXIT_DB;
	return 0;
}

void intake_db_release(struct intake_db *s)
{
	int i;
	store_finalize(s->get_case);
	store_finalize(s->get_client);
	for (i = 0; i < 3; i++) {
		store_finalize(s->candidates[i]);
		store_finalize(s->candidate_by_id[i]);
	}
	store_finalize(s->open_case);
	store_finalize(s->ins_client);
	store_finalize(s->ins_case);
	store_finalize(s->roster);
	memset(s, 0, sizeof *s);
}

int intake_db_load(struct intake_db *s, int clients, int64_t id, char *out[NF])
{
	store_stmt *st = clients ? s->get_client : s->get_case;
	int r, i, n = clients ? NCLIENT : NF;

	if (!s->db)
		return 0;
	if (intake_bulk_flush(s))
		return -1;
	store_reset(st);
	store_bind_int(st, 1, id);
	r = store_step(st);
	if (r == STORE_ROW)
		for (i = 0; i < n; i++) {
			const char *t = store_col_text(st, i);
			out[clients ? intake_client_field[i] : i] = t ? cw_xstrdup(t) : NULL;
		}
	store_reset(st);
	if (r == STORE_ROW)
		return 1;
	if (r == STORE_DONE)
		return 0;
	store_fail(s->db, "read a record");
	return -1;
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

int64_t intake_db_open_case(struct intake_db *s, int64_t client)
{
	int r;
	int64_t id = 0;
	if (!s->db || client <= 0)
		return 0;
	store_reset(s->open_case);
	store_bind_int(s->open_case, 1, client);
	r = store_step(s->open_case);
	if (r == STORE_ROW)
		id = store_col_int(s->open_case, 0);
	else if (r != STORE_DONE)
		id = -1;
	store_reset(s->open_case);
	if (id < 0)
		store_fail(s->db, "look up open cases");
	return id;
}

int intake_db_worker_ok(struct intake_db *s, const char *name)
{
	return intake_roster_allows(s->db, &s->roster, name);
}

static int step_insert(cw_db *db, store_stmt *st, int64_t *id)
{
	int r = store_step(st);
	store_reset(st);
	store_clear(st);
	if (r != STORE_DONE)
		return store_fail(db, "store a record");
	*id = store_last_id(db);
	return 0;
}

int intake_db_insert_client(struct intake_db *s, const struct row *r,
			    int64_t batch, int64_t *id)
{
	char *key = intake_name_key(r->v[F_NAME]);
	int rc = intake_db_insert_client_key(s, r, key, batch, id);
	free(key);
	return rc;
}

int intake_db_insert_client_key(struct intake_db *s, const struct row *r,
				const char *key, int64_t batch, int64_t *id)
{
	static const int cols[] = {
		F_NAME, -1, F_SEX, F_BIRTH_DATE, F_ID_TYPE, F_ID_NUMBER, F_PHONE,
		F_ADDRESS, F_HOUSEHOLD, F_LANGUAGE, F_CONSENT_DATE, F_CONSENT_BY,
		F_CONSENT_SHARE, F_CONSENT_EXPIRES, F_CONSENT_WITHDRAWN,
		F_CREATED_AT
	};
	store_stmt *st = s->ins_client;
	int i;

	for (i = 0; i < (int)(sizeof cols / sizeof cols[0]); i++)
		store_bind_text(st, i + 1, cols[i] < 0 ? key : r->v[cols[i]]);
	store_bind_int(st, i + 1, batch);
	return step_insert(s->db, st, id);
}

int intake_db_insert_case(struct intake_db *s, const struct row *r,
			  int64_t client, const char *linked_by,
			  const char *snapshot, int64_t batch, int64_t *id)
{
	store_stmt *st = s->ins_case;
	store_bind_int(st, 1, client);
	store_bind_text(st, 2, r->v[F_INTAKE_DATE]);
	store_bind_text(st, 3, r->v[F_CATEGORY]);
	store_bind_text(st, 4, r->v[F_WORKER]);
	store_bind_text(st, 5, r->v[F_REFERRAL_SOURCE]);
	store_bind_text(st, 6, r->v[F_PRESENTING_PROBLEM]);
	store_bind_text(st, 7, r->v[F_EXTERNAL_REF]);
	store_bind_text(st, 8, linked_by);
	store_bind_text(st, 9, snapshot);
	store_bind_text(st, 10, r->v[F_NOTES]);
	store_bind_text(st, 11, r->v[F_CREATED_AT]);
	store_bind_int(st, 12, batch);
	return step_insert(s->db, st, id);
}

static void bind_candidate(store_stmt *st, const struct row *r,
			   const char *name_key)
{
	store_reset(st);
	store_bind_text(st, 1, r->v[F_ID_NUMBER]);
	store_bind_text(st, 2, r->v[F_ID_TYPE]);
	store_bind_text(st, 3, name_key);
	store_bind_text(st, 4, r->v[F_BIRTH_DATE]);
	store_bind_text(st, 5, r->v[F_PHONE]);
}

/* Reads the candidate rows of st into out (up to max) from *n on. */
static int read_candidates(struct intake_db *s, store_stmt *st,
			   struct intake_cand *out, int *n, int max)
{
	int step;
	while ((step = store_step(st)) == STORE_ROW && *n < max) {
		out[*n].id = store_col_int(st, 0);
		out[*n].batch = store_col_int(st, 1);
		out[*n].same_name = store_col_int(st, 2);
		(*n)++;
	}
	store_reset(st);
	if (step != STORE_ROW && step != STORE_DONE) {
		store_fail(s->db, "look up known clients");
		return -1;
	}
	return 0;
}

int intake_db_candidates(struct intake_db *s, int rule, const struct row *r,
			 const char *name_key, struct intake_cand *out, int max)
{
	int n = 0;

	if (!s->db)
		return 0;
	bind_candidate(s->candidates[rule], r, name_key);
	return read_candidates(s, s->candidates[rule], out, &n, max) ? -1 : n;
}

int intake_db_candidates_bulk(struct intake_db *s, const struct people *p,
			      int rule, const struct intake_people_key *k,
			      const struct row *r, const char *name_key,
			      struct intake_cand *out, int max)
{
	/* Every client under the key, however many share it, so that the
	 * lowest ids come first as with the indexed query. */
	int64_t few[16], *maybe;
	size_t nmaybe = intake_people_all(p, rule, k, few, 16, &maybe), i;
	int n = 0, rc = 0;

	if (nmaybe && intake_bulk_flush(s))
		rc = -1;
	for (i = 0; !rc && i < nmaybe && n < max; i++) {
		store_stmt *st = s->candidate_by_id[rule];
		bind_candidate(st, r, name_key);
		store_bind_int(st, 6, maybe[i]);
		rc = read_candidates(s, st, out, &n, max);
	}
	if (maybe != few)
		free(maybe);
	return rc ? -1 : n;
}

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
	store_stmt *st;
	int step, rc = 0;

	if (!(st = store_prepare(s->db, "SELECT id, name_key, id_type, id_number,"
				 " birth_date, phone FROM clients")))
		return CW_EXIT_DB;
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
	{
		static const char *const tables[] = {"clients", "cases", NULL};
		return store_bulk_begin(s->db, tables) ? CW_EXIT_DB : 0;
	}
}

int intake_db_bulk_end(struct intake_db *s)
{
	if (intake_bulk_flush(s))
		return CW_EXIT_DB;
	return store_bulk_end(s->db) ? CW_EXIT_DB : 0;
}

/* Applies the changed fields of r (those set in change[]) to the stored
 * client or case id, stamping updated_at. */
int intake_db_update(struct intake_db *s, int client, int64_t id,
		     const struct row *r, const int change[NF], const char *now)
{
	cw_buf sql;
	store_stmt *st;
	int f, n = 0, rc;
	char *key = NULL;

	cw_buf_init(&sql);
	cw_buf_printf(&sql, "UPDATE %s SET updated_at = ?", client ? "clients" : "cases");
	for (f = 0; f < NF; f++)
		if (change[f] && intake_fields[f].client == client)
			cw_buf_printf(&sql, ", %s = ?", intake_case_cols[f].name);
	if (client && change[F_NAME])
		cw_buf_addstr(&sql, ", name_key = ?");
	cw_buf_addstr(&sql, " WHERE id = ?");
	st = store_prepare(s->db, sql.s);
	cw_buf_release(&sql);
	if (!st)
		return CW_EXIT_DB;
	store_bind_text(st, ++n, now);
	for (f = 0; f < NF; f++)
		if (change[f] && intake_fields[f].client == client)
			store_bind_text(st, ++n, r->v[f]);
	if (client && change[F_NAME]) {
		key = intake_name_key(r->v[F_NAME]);
		store_bind_text(st, ++n, key);
	}
	store_bind_int(st, ++n, id);
	rc = store_step(st) == STORE_DONE ? 0 : store_fail(s->db, "update a record");
	store_finalize(st);
	free(key);
	return rc;
}

int intake_db_snapshot(struct intake_db *s, int64_t case_id, char **out)
{
	store_stmt *st = store_prepare(s->db,
		"SELECT intake_snapshot FROM cases WHERE id = ?");
	int r;
	*out = NULL;
	if (!st)
		return CW_EXIT_DB;
	store_bind_int(st, 1, case_id);
	r = store_step(st);
	if (r == STORE_ROW && store_col_text(st, 0))
		*out = cw_xstrdup(store_col_text(st, 0));
	store_finalize(st);
	return r == STORE_ROW || r == STORE_DONE ? 0
		: store_fail(s->db, "read a case");
}

int intake_db_relink(struct intake_db *s, int64_t case_id, int64_t client,
		     const char *now)
{
	store_stmt *st = store_prepare(s->db,
		"UPDATE cases SET client_id = ?, linked_by = NULL,"
		" intake_snapshot = NULL, updated_at = ? WHERE id = ?");
	int r;
	if (!st)
		return CW_EXIT_DB;
	store_bind_int(st, 1, client);
	store_bind_text(st, 2, now);
	store_bind_int(st, 3, case_id);
	r = store_step(st);
	store_finalize(st);
	return r == STORE_DONE ? 0 : store_fail(s->db, "move a case");
}
