/* query.h - the one value of a query, for the tests of the database
 * layer. Include it once, after store/store.h and tap.h. */
#ifndef CW_QUERY_H
#define CW_QUERY_H

/* The one text value of sql on db (owned), or NULL; "<error>" on
 * failure. */
static TAP_UNUSED char *value(cw_db *db, const char *sql)
{
	store_stmt *st = store_prepare(db, sql);
	char *v = NULL;
	int r;
	if (!st)
		return strdup("<error>");
	r = store_step(st);
	if (r == STORE_ROW && store_col_text(st, 0))
		v = strdup(store_col_text(st, 0));
	else if (r == STORE_ERROR)
		v = strdup("<error>");
	store_finalize(st);
	return v;
}

#endif
