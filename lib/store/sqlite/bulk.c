/* store/sqlite/bulk.c - a batch that appends many rows: the tables'
 * indexes set aside, and built again once the rows are in. */
#include <stdlib.h>
#include <string.h>
#include "store/sqlite/sqlite.h"

/* The indexes set aside: name and CREATE statement, in pairs. */
struct bulk {
	char **sql;
	size_t n;
};

static void bulk_free(struct bulk *k)
{
	size_t i;
	if (!k)
		return;
	for (i = 0; i < 2 * k->n; i++)
		free(k->sql[i]);
	free(k->sql);
	free(k);
}

int sqlite_bulk_begin(cw_db *db, const char *const *tables)
{
	struct bulk *k = cw_xcalloc(1, sizeof *k);
	sqlite3_stmt *st = NULL;
	size_t i;
	int step = SQLITE_DONE;

	bulk_free(db->bulk);
	db->bulk = k;
	for (; *tables; tables++) {
		if (sqlite3_prepare_v2(SQLITE_H(db), "SELECT name, sql FROM"
				       " sqlite_master WHERE type = 'index' AND"
				       " tbl_name = ? AND sql IS NOT NULL ORDER BY name",
				       -1, &st, NULL) != SQLITE_OK) {
			sqlite3_finalize(st);
			store_fail(db, "list the indexes");
			return -1;
		}
		sqlite3_bind_text(st, 1, *tables, -1, SQLITE_STATIC);
		while ((step = sqlite3_step(st)) == SQLITE_ROW) {
			k->sql = cw_xrealloc(k->sql, (k->n + 1) * 2 * sizeof *k->sql);
			k->sql[2 * k->n] = cw_xstrdup((const char *)
						      sqlite3_column_text(st, 0));
			k->sql[2 * k->n++ + 1] = cw_xstrdup((const char *)
							    sqlite3_column_text(st, 1));
		}
		sqlite3_finalize(st);
		if (step != SQLITE_DONE) {
			store_fail(db, "list the indexes");
			return -1;
		}
	}
	for (i = 0; i < k->n; i++) {
		char *sql = sqlite3_mprintf("DROP INDEX \"%w\"", k->sql[2 * i]);
		int ok = sql && sqlite3_exec(SQLITE_H(db), sql, NULL, NULL, NULL) == SQLITE_OK;
		sqlite3_free(sql);
		if (!ok) {
			store_fail(db, "set the indexes aside");
			return -1;
		}
	}
	/* Appending rows needs little page cache; the index needs the room. */
	sqlite3_exec(SQLITE_H(db), "PRAGMA cache_size = -8192", NULL, NULL, NULL);
	return 0;
}

int sqlite_bulk_end(cw_db *db)
{
	struct bulk *k = db->bulk;
	size_t i;
	int rc = 0;

	for (i = 0; k && i < k->n && !rc; i++)
		if (sqlite3_exec(SQLITE_H(db), k->sql[2 * i + 1], NULL, NULL,
				 NULL) != SQLITE_OK)
			{ store_fail(db, "rebuild the indexes"); rc = -1; }
	bulk_free(k);
	db->bulk = NULL;
	return rc;
}

void sqlite_bulk_forget(cw_db *db)
{
	bulk_free(db->bulk);
	db->bulk = NULL;
}
