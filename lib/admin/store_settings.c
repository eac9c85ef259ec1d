/* admin/store_settings.c - the settings table's SQL (a server's
 * database keeps the settings that decide stored data). */
#include <stdlib.h>
#include "admin/admin.h"

int admin_db_setting(cw_db *db, const char *key, char **out)
{
	static const char sql[] = "SELECT value FROM settings WHERE key = ?";
	store_stmt *st = store_cached(db, sql);

	*out = NULL;
	if (!st)
		return CW_EXIT_DB;
	store_bind_text(st, 1, key);
	return store_one_text(st, "read the settings", out) < 0 ? CW_EXIT_DB : 0;
}

int admin_db_set(cw_db *db, const char *key, const char *value, const char *at)
{
	static const char sql[] = "INSERT INTO settings (key, value, set_at,"
		" batch_id) VALUES (?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET"
		" value = excluded.value, set_at = excluded.set_at,"
		" batch_id = excluded.batch_id";
	store_stmt *st = store_cached(db, sql);

	if (!st)
		return CW_EXIT_DB;
	store_bind_text(st, 1, key);
	store_bind_text(st, 2, value);
	store_bind_text(st, 3, at);
	store_bind_int(st, 4, store_batch(db));
	return store_write(st, "store the setting", NULL);
}
