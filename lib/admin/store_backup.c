/* admin/store_backup.c - the SQL of sw-admin backup and restore: the
 * audit trail's head, which a backup and its restore name. */
#include <string.h>
#include "admin/admin.h"

int admin_db_audit_head(cw_db *db, char out[65])
{
	store_stmt *st = store_cached(db, store_audit_sql(db, 0));
	int s;

	memset(out, '0', 64);
	out[64] = '\0';
	if (!st)
		return CW_EXIT_DB;
	s = store_step(st);
	if (s == STORE_ROW && store_col_text(st, 1))
		snprintf(out, 65, "%s", store_col_text(st, 1));
	store_reset(st);
	return s == STORE_ERROR ? store_fail(db, "read the audit trail") : 0;
}
