/* intake/store_relations.c - the SQL of relations between clients
 * (sw-intake relations, show). */
#include <stdlib.h>
#include <string.h>
#include "intake/intake.h"
#include "store/store.h"

int intake_db_relation_insert(cw_db *db, int64_t client, int64_t related,
			      const char *relationship, const char *legal,
			      const char *now, int64_t batch, int64_t *id)
{
	store_stmt *st = store_cached(db, "INSERT INTO relations (client_id,"
				      " related_id, relationship, legal_guardian,"
				      " created_at, batch_id)"
				      " VALUES (?, ?, ?, ?, ?, ?)");
	if (!st)
		return CW_EXIT_DB;
	store_bind_int(st, 1, client);
	store_bind_int(st, 2, related);
	store_bind_text(st, 3, relationship);
	store_bind_text(st, 4, legal);
	store_bind_text(st, 5, now);
	store_bind_int(st, 6, batch);
	return store_write(st, "record a relation", id);
}

int intake_db_relation_usable(cw_db *db, int64_t client, int64_t related)
{
	store_stmt *st;
	int64_t one;

	/* without a server's roles every client is the login's */
	if (!store_restricted(db))
		return 1;
	if (!(st = store_cached(db, "SELECT 1 WHERE cw_client_usable(?)"
				" OR cw_client_usable(?)")))
		return -1;
	store_bind_int(st, 1, client);
	store_bind_int(st, 2, related);
	return store_one(st, "look up a client", &one);
}

int intake_db_client_birth(cw_db *db, int64_t client, char **birth)
{
	store_stmt *st = store_cached(db, "SELECT birth_date FROM clients"
				      " WHERE id = ?");

	*birth = NULL;
	if (!st)
		return -1;
	store_bind_int(st, 1, client);
	return store_one_texts(st, "look up a client", 1, birth) < 0 ? -1 : 0;
}

int intake_db_relation_same(cw_db *db, int64_t client, int64_t related,
			    const char *relationship, const char *inverse,
			    const char *legal, int64_t *id)
{
	static const char sql[] =
		"SELECT id, CASE WHEN client_id = ?1 AND legal_guardian <> ?5"
		" THEN 2 ELSE 1 END AS k FROM relations"
		" WHERE (client_id = ?1 AND related_id = ?2 AND relationship = ?3)"
		" OR (?5 = 'no' AND client_id = ?2"
		" AND related_id = ?1 AND relationship = ?4)"
		" ORDER BY k, id LIMIT 1";
	store_stmt *st = store_cached(db, sql);
	int r;

	if (!st)
		return -1;
	store_bind_int(st, 1, client);
	store_bind_int(st, 2, related);
	store_bind_text(st, 3, relationship);
	store_bind_text(st, 4, inverse);
	store_bind_text(st, 5, legal);
	r = store_step(st);
	if (r == STORE_ROW) {
		*id = store_col_int(st, 0);
		r = (int)store_col_int(st, 1);
	} else if (r == STORE_DONE) {
		r = 0;
	} else {
		r = -1;
	}
	store_reset(st);
	if (r < 0)
		store_fail(db, "read the relations");
	return r;
}

int intake_db_relation_printed(cw_db *db, int64_t id, char **out, size_t n)
{
	store_stmt *st = store_cached(db, "SELECT 'RL-' || id, 'CL-' || client_id,"
				      " 'CL-' || related_id, relationship,"
				      " legal_guardian, created_at FROM relations"
				      " WHERE id = ?");
	if (!st)
		return -1;
	store_bind_int(st, 1, id);
	return store_one_texts(st, "read a relation", n, out);
}

store_stmt *intake_db_family(cw_db *db, int64_t client)
{
	/* each relation of the client, either way round, with the other
	 * client's name where the login sees it */
	store_stmt *st = store_prepare(db,
		"SELECT r.id, r.related_id, c.name, r.relationship,"
		" r.legal_guardian, 0 AS inv FROM relations r"
		" LEFT JOIN clients c ON c.id = r.related_id WHERE r.client_id = ?1"
		" UNION ALL SELECT r.id, r.client_id, c.name, r.relationship,"
		" r.legal_guardian, 1 FROM relations r"
		" LEFT JOIN clients c ON c.id = r.client_id WHERE r.related_id = ?1"
		" ORDER BY 1");
	if (st)
		store_bind_int(st, 1, client);
	return st;
}

int intake_db_client_name(cw_db *db, int64_t id, char **name)
{
	store_stmt *st = store_cached(db, "SELECT name FROM clients WHERE id = ?");

	*name = NULL;
	if (!st)
		return -1;
	store_bind_int(st, 1, id);
	return store_one_text(st, "read a client", name);
}
