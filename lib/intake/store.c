/* intake/store.c - the SQL behind clients and cases: reading one, the
 * known clients a record may be, writing and changing them, a listing. */
#include <stdlib.h>
#include <string.h>
#include "intake/intake.h"
#include "verbs.h"

/* Both selects give the columns of intake_case_cols / intake_client_cols, in
 * order, so a row can be printed or compared as it comes. */
#define CASE_SELECT \
	"SELECT 'CA-' || k.id, 'CL-' || c.id, c.name, c.sex, c.birth_date," \
	" c.id_type, c.id_number, c.phone, c.address, c.household, c.language," \
	" c.consent_date, c.consent_by, c.consent_share, c.consent_expires," \
	" c.consent_withdrawn, k.category, k.referral_source," \
	" k.presenting_problem, k.worker, k.external_ref, k.intake_date," \
	" k.status, k.closed_date, k.linked_by, k.notes, k.created_at," \
	" k.updated_at, k.project, c.emergency_name, c.emergency_relationship," \
	" c.emergency_phone, c.household_id" \
	" FROM cases k JOIN clients c ON c.id = k.client_id"
#define CLIENT_SELECT \
	"SELECT 'CL-' || c.id, c.name, c.sex, c.birth_date, c.id_type," \
	" c.id_number, c.phone, c.address, c.household, c.language," \
	" c.consent_date, c.consent_by, c.consent_share, c.consent_expires," \
	" c.consent_withdrawn, c.created_at, c.updated_at, c.emergency_name," \
	" c.emergency_relationship, c.emergency_phone, c.household_id" \
	" FROM clients c"

/* One record by id: [1] a client, [0] a case. */
static const char *const get_sql[2] = {
	CASE_SELECT " WHERE k.id = ?",
	CLIENT_SELECT " WHERE c.id = ?",
};

/* A listing's filters, on the case k (?1 worker, ?2 status, ?3 and ?4 the
 * intake dates), each NULL for any. Clients are selected through their
 * cases: a worker's clients are those with a case assigned to the
 * worker. [1] clients, [0] cases. */
#define LIST_FILTER \
	"(k.worker = ?1 OR ?1 IS NULL) AND (k.status = ?2 OR ?2 IS NULL)" \
	" AND (k.intake_date >= ?3 OR ?3 IS NULL)" \
	" AND (k.intake_date <= ?4 OR ?4 IS NULL)"
static const char *const list_sql[2] = {
	CASE_SELECT " WHERE " LIST_FILTER " ORDER BY k.id",
	CLIENT_SELECT " WHERE EXISTS (SELECT 1 FROM cases k WHERE"
	" k.client_id = c.id AND " LIST_FILTER ") ORDER BY c.id",
};

/* Candidates for "the same person": different identity numbers of the
 * same kind are never the same person, whatever else matches. The
 * conditions of the three rules, used to search (with the indexes) and,
 * on the bulk path, to confirm a client the people index found (?6, its
 * id). The columns: the client, its batch, 1 when its name key is the
 * record's. */
#define CAND_COLS "SELECT id, batch_id, CASE WHEN name_key = ?3 THEN 1 ELSE 0 END" \
	" FROM clients WHERE "
#define CAND_OTHER_NUMBER " AND (CAST(?1 AS TEXT) IS NULL OR id_number IS NULL" \
	" OR id_type IS DISTINCT FROM ?2 OR id_number = ?1)"
#define CAND_RULE0 "id_number = ?1 AND id_type = ?2"
#define CAND_RULE1 "name_key = ?3 AND birth_date = ?4" CAND_OTHER_NUMBER
#define CAND_RULE2 "name_key = ?3 AND phone = ?5" CAND_OTHER_NUMBER
static const char *const candidates_sql[3] = {
	CAND_COLS CAND_RULE0 " ORDER BY id LIMIT 8",
	CAND_COLS CAND_RULE1 " ORDER BY id LIMIT 8",
	CAND_COLS CAND_RULE2 " ORDER BY id LIMIT 8",
};
static const char *const candidate_by_id_sql[3] = {
	CAND_COLS "id = ?6 AND " CAND_RULE0,
	CAND_COLS "id = ?6 AND " CAND_RULE1,
	CAND_COLS "id = ?6 AND " CAND_RULE2,
};

/* The same through the SECURITY DEFINER function of a server whose
 * roles hide clients (store/pg/access.c): the duplicate check sees
 * every client, and learns only which match. */
#define CAND_FN(rule) "SELECT id, batch_id, same_name FROM cw_client_candidates(" \
	rule ", ?1, ?2, ?3, ?4, ?5, NULL)"
static const char *const candidates_fn_sql[3] = {
	CAND_FN("0"), CAND_FN("1"), CAND_FN("2"),
};

static const char open_case_sql[] =
	"SELECT id FROM cases WHERE client_id = ? AND status = 'open'"
	" ORDER BY id LIMIT 1";
/* through the server's function, which sees every case (access.c) */
static const char open_case_fn_sql[] = "SELECT id FROM cw_open_case_of(?)";
static const char insert_client_sql[] =
	"INSERT INTO clients (name, name_key, sex, birth_date, id_type,"
	" id_number, phone, address, household, language, consent_date,"
	" consent_by, consent_share, consent_expires, consent_withdrawn,"
	" created_at, emergency_name, emergency_relationship, emergency_phone,"
	" household_id, batch_id)"
	" VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
static const char insert_case_sql[] =
	"INSERT INTO cases (client_id, status, intake_date, category,"
	" worker, referral_source, presenting_problem, external_ref,"
	" linked_by, intake_snapshot, notes, created_at, batch_id, project)"
	" VALUES (?,'open',?,?,?,?,?,?,?,?,?,?,?,?)";

void intake_db_init(struct intake_db *s, cw_db *db, int writes)
{
	memset(s, 0, sizeof *s);
	s->db = db;
	if (db && writes)
		s->utf8 = store_text_utf8(db);
}

void intake_db_release(struct intake_db *s)
{
	memset(s, 0, sizeof *s);
}

int intake_db_load(struct intake_db *s, int clients, int64_t id, char *out[NF])
{
	store_stmt *st;
	int r, i, n = clients ? NCLIENT : NF;

	if (!s->db)
		return 0;
	if (intake_bulk_flush(s) || !(st = store_cached(s->db, get_sql[clients != 0])))
		return -1;
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

int intake_record_line(cw_db *db, enum cw_kind kind, int64_t id, int now,
		       cw_buf *out)
{
	int clients = kind == CW_K_CLIENT, r, i;
	const char *cv[NCLIENT];
	char *v[NF] = {0};
	struct intake_db s;

	if (!clients && kind != CW_K_CASE)
		return 0;
	intake_db_init(&s, db, 0);
	if ((r = intake_db_load(&s, clients, id, v)) == 1) {
		/* with now 0, the line of the tools before the emergency
		 * contact (schema version 11), which had not its fields,
		 * unless the record has a value in one of them */
		int late = now || v[F_EMERGENCY_NAME] ||
			   v[F_EMERGENCY_RELATIONSHIP] || v[F_EMERGENCY_PHONE] ||
			   v[F_HOUSEHOLD_ID] ? 0 : NCLIENT_LATE;
		for (i = 0; clients && i < NCLIENT; i++)
			cv[i] = v[intake_client_field[i]];
		if (clients)
			cw_json_record(out, intake_client_cols,
				       (size_t)(NCLIENT - late), cv);
		else
			cw_json_record(out, intake_case_cols,
				       (size_t)(NF - late),
				       (const char *const *)v);
	}
	for (i = 0; i < NF; i++)
		free(v[i]);
	intake_db_release(&s);
	return r;
}

int64_t intake_db_open_case(struct intake_db *s, int64_t client)
{
	store_stmt *st;
	int r;
	int64_t id = 0;

	if (!s->db || client <= 0)
		return 0;
	if (!(st = store_cached(s->db, store_restricted(s->db) ? open_case_fn_sql
				: open_case_sql)))
		return -1;
	store_bind_int(st, 1, client);
	r = store_step(st);
	if (r == STORE_ROW)
		id = store_col_int(st, 0);
	else if (r != STORE_DONE)
		id = -1;
	store_reset(st);
	if (id < 0)
		store_fail(s->db, "look up open cases");
	return id;
}

int intake_db_worker_ok(struct intake_db *s, const char *name)
{
	return intake_roster_allows(s->db, name);
}

/* Steps the INSERT st and gives the id of its row. */
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
		F_CREATED_AT, F_EMERGENCY_NAME, F_EMERGENCY_RELATIONSHIP,
		F_EMERGENCY_PHONE, F_HOUSEHOLD_ID
	};
	store_stmt *st = store_cached(s->db, insert_client_sql);
	int i;

	if (!st)
		return CW_EXIT_DB;
	for (i = 0; i < (int)(sizeof cols / sizeof cols[0]); i++)
		store_bind_text(st, i + 1, cols[i] < 0 ? key : r->v[cols[i]]);
	store_bind_int(st, i + 1, batch);
	return step_insert(s->db, st, id);
}

int intake_db_insert_case(struct intake_db *s, const struct row *r,
			  int64_t client, const char *linked_by,
			  const char *snapshot, int64_t batch, int64_t *id)
{
	store_stmt *st = store_cached(s->db, insert_case_sql);

	if (!st)
		return CW_EXIT_DB;
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
	store_bind_text(st, 13, r->v[F_PROJECT]);
	return step_insert(s->db, st, id);
}

/* The candidate query sql with r's values bound; NULL after store_fail. */
static store_stmt *bind_candidate(struct intake_db *s, const char *sql,
				  const struct row *r, const char *name_key)
{
	store_stmt *st = store_cached(s->db, sql);
	if (!st)
		return NULL;
	store_bind_text(st, 1, r->v[F_ID_NUMBER]);
	store_bind_text(st, 2, r->v[F_ID_TYPE]);
	store_bind_text(st, 3, name_key);
	store_bind_text(st, 4, r->v[F_BIRTH_DATE]);
	store_bind_text(st, 5, r->v[F_PHONE]);
	return st;
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
	store_stmt *st;
	int n = 0;

	if (!s->db)
		return 0;
	if (!(st = bind_candidate(s, store_restricted(s->db) ? candidates_fn_sql[rule]
				  : candidates_sql[rule], r, name_key)))
		return -1;
	return read_candidates(s, st, out, &n, max) ? -1 : n;
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

	/* read by id: the rows waiting are written first only when one of
	 * the clients is among them (the ids in increasing order) */
	if (nmaybe && intake_bulk_waits(s, maybe[nmaybe - 1]) &&
	    intake_bulk_flush(s))
		rc = -1;
	for (i = 0; !rc && i < nmaybe && n < max; i++) {
		store_stmt *st = bind_candidate(s, candidate_by_id_sql[rule], r,
						name_key);
		if (!st) {
			rc = -1;
			break;
		}
		store_bind_int(st, 6, maybe[i]);
		rc = read_candidates(s, st, out, &n, max);
	}
	if (maybe != few)
		free(maybe);
	return rc ? -1 : n;
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
	if (store_step(st) == STORE_DONE) {
		rc = 0;
	} else {
		char what[48];
		cw_id_format(client ? CW_K_CLIENT : CW_K_CASE, id, what + 7);
		memcpy(what, "update ", 7);
		rc = store_fail(s->db, what);
	}
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

store_stmt *intake_db_list(cw_db *db, int clients, const char *worker,
			   const char *status, const char *since,
			   const char *until)
{
	store_stmt *st = store_prepare(db, list_sql[clients != 0]);

	store_hint_stream(st);
	if (!st)
		return NULL;
	store_bind_text(st, 1, worker);
	store_bind_text(st, 2, status);
	store_bind_text(st, 3, since);
	store_bind_text(st, 4, until);
	return st;
}

store_stmt *intake_db_record(cw_db *db, int client, int64_t id)
{
	store_stmt *st = store_prepare(db, get_sql[client != 0]);
	if (st)
		store_bind_int(st, 1, id);
	return st;
}
