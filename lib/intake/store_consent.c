/* intake/store_consent.c - the SQL of consents by purpose (sw-intake
 * consents; the share consent kept in step with the client's columns). */
#include <stdlib.h>
#include <string.h>
#include "intake/intake.h"

#define CONSENT_COLS "'CN-' || n.id, 'CL-' || n.client_id, n.purpose," \
	" n.given, n.expires, n.withdrawn, n.agreement_date, n.created_at"

int intake_db_consent_insert(cw_db *db, int64_t client, const char *purpose,
			     const char *const v[INTAKE_NCN], const char *now,
			     int64_t batch, int64_t *id)
{
	static const char sql[] =
		"INSERT INTO consents (client_id, purpose, given, expires,"
		" withdrawn, agreement_date, created_at, batch_id)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
	store_stmt *st = store_cached(db, sql);

	if (!st)
		return CW_EXIT_DB;
	store_bind_int(st, 1, client);
	store_bind_text(st, 2, purpose);
	store_bind_text(st, 3, v[INTAKE_CN_GIVEN]);
	store_bind_text(st, 4, v[INTAKE_CN_EXPIRES]);
	store_bind_text(st, 5, v[INTAKE_CN_WITHDRAWN]);
	store_bind_text(st, 6, v[INTAKE_CN_AGREEMENT]);
	store_bind_text(st, 7, now);
	store_bind_int(st, 8, batch);
	return store_write(st, "record a consent", id);
}

int intake_db_consent_printed(cw_db *db, int64_t id, char *out[INTAKE_NCN])
{
	static const char sql[] = "SELECT " CONSENT_COLS
		" FROM consents n WHERE n.id = ?";
	store_stmt *st = store_cached(db, sql);

	if (!st)
		return -1;
	store_bind_int(st, 1, id);
	return store_one_texts(st, "read a consent", INTAKE_NCN, out);
}

int intake_db_consent_same(cw_db *db, int64_t client,
			   const char *const v[INTAKE_NCN], int64_t *id)
{
	static const char sql[] =
		"SELECT n.id FROM consents n WHERE n.client_id = ?"
		" AND n.purpose = ? AND n.given = ?"
		" AND n.expires IS NOT DISTINCT FROM ?"
		" AND n.withdrawn IS NOT DISTINCT FROM ?"
		" AND n.agreement_date IS NOT DISTINCT FROM ?"
		" ORDER BY n.id LIMIT 1";
	store_stmt *st = store_cached(db, sql);

	if (!st)
		return -1;
	store_bind_int(st, 1, client);
	store_bind_text(st, 2, v[INTAKE_CN_PURPOSE]);
	store_bind_text(st, 3, v[INTAKE_CN_GIVEN]);
	store_bind_text(st, 4, v[INTAKE_CN_EXPIRES]);
	store_bind_text(st, 5, v[INTAKE_CN_WITHDRAWN]);
	store_bind_text(st, 6, v[INTAKE_CN_AGREEMENT]);
	return store_one(st, "read the consents", id);
}

int intake_db_consent_latest(cw_db *db, int64_t client, const char *purpose,
			     int64_t *id, char *out[3])
{
	static const char sql[] =
		"SELECT n.given, n.expires, n.withdrawn, n.id FROM consents n"
		" WHERE n.client_id = ? AND n.purpose = ?"
		" ORDER BY n.given DESC, n.id DESC LIMIT 1";
	store_stmt *st = store_cached(db, sql);
	char *v[4] = {0};
	int r;

	if (!st)
		return -1;
	store_bind_int(st, 1, client);
	store_bind_text(st, 2, purpose);
	r = store_one_texts(st, "read the consents", 4, v);
	if (r == 1) {
		*id = strtoll(v[3], NULL, 10);
		memcpy(out, v, 3 * sizeof *v);
	}
	free(v[3]);
	return r;
}

int intake_db_consent_set(cw_db *db, int64_t id, const char *expires,
			  const char *withdrawn)
{
	static const char sql[] =
		"UPDATE consents SET expires = ?, withdrawn = ? WHERE id = ?";
	store_stmt *st = store_cached(db, sql);

	if (!st)
		return CW_EXIT_DB;
	store_bind_text(st, 1, expires);
	store_bind_text(st, 2, withdrawn);
	store_bind_int(st, 3, id);
	return store_write(st, "change a consent", NULL);
}

int intake_db_consents_from_clients(cw_db *db, int64_t batch)
{
	static const char sql[] =
		"INSERT INTO consents (client_id, purpose, given, expires,"
		" withdrawn, created_at, batch_id) SELECT c.id, 'share',"
		" c.consent_date, c.consent_expires, c.consent_withdrawn,"
		" c.created_at, c.batch_id FROM clients c WHERE c.batch_id = ?"
		" AND c.consent_share = 'yes' AND c.consent_date IS NOT NULL"
		" AND NOT EXISTS (SELECT 1 FROM consents x"
		"  WHERE x.client_id = c.id AND x.purpose = 'share')"
		" ORDER BY c.id";
	store_stmt *st = store_cached(db, sql);

	if (!st)
		return CW_EXIT_DB;
	store_bind_int(st, 1, batch);
	return store_write(st, "record the clients' consents to share", NULL);
}

store_stmt *intake_db_consents(cw_db *db, int64_t client, int64_t id,
			       int64_t batch)
{
	static const char sql[] = "SELECT " CONSENT_COLS " FROM consents n"
		" WHERE (n.client_id = ?1 OR ?1 = 0) AND (n.id = ?2 OR ?2 = 0)"
		" AND (n.batch_id = ?3 OR ?3 = 0) ORDER BY n.id";
	store_stmt *st = store_prepare(db, sql);

	if (!st)
		return NULL;
	store_bind_int(st, 1, client);
	store_bind_int(st, 2, id);
	store_bind_int(st, 3, batch);
	return st;
}
