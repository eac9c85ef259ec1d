/* store/sqlite/stmt.c - statements: store/store.h's calls, answered by SQLite. */
#include "store/sqlite/sqlite.h"

void *sqlite_prepare(cw_db *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(SQLITE_H(db), sql, -1, &st, NULL) != SQLITE_OK) {
		sqlite3_finalize(st);
		return NULL;
	}
	return st;
}

void sqlite_finalize(void *h) { sqlite3_finalize(h); }

int sqlite_step(void *h)
{
	switch (sqlite3_step(h)) {
	case SQLITE_ROW:
		return STORE_ROW;
	case SQLITE_DONE:
		return STORE_DONE;
	default:
		return STORE_ERROR;
	}
}

void sqlite_reset(void *h) { sqlite3_reset(h); }
void sqlite_clear(void *h) { sqlite3_clear_bindings(h); }

void sqlite_bind_text(void *h, int i, const char *s, size_t n)
{
	sqlite3_bind_text(h, i, s, n == (size_t)-1 ? -1 : (int)n, SQLITE_STATIC);
}

void sqlite_bind_int(void *h, int i, int64_t v) { sqlite3_bind_int64(h, i, v); }
void sqlite_bind_double(void *h, int i, double v) { sqlite3_bind_double(h, i, v); }
void sqlite_bind_null(void *h, int i) { sqlite3_bind_null(h, i); }
int sqlite_bind_index(void *h, const char *name)
{
	return sqlite3_bind_parameter_index(h, name);
}

int sqlite_cols(void *h) { return sqlite3_column_count(h); }
const char *sqlite_col_name(void *h, int i) { return sqlite3_column_name(h, i); }

int sqlite_col_type(void *h, int i)
{
	switch (sqlite3_column_type(h, i)) {
	case SQLITE_INTEGER:
		return STORE_INT;
	case SQLITE_FLOAT:
		return STORE_FLOAT;
	case SQLITE_TEXT:
		return STORE_TEXT;
	case SQLITE_BLOB:
		return STORE_BLOB;
	default:
		return STORE_NULL;
	}
}

const char *sqlite_col_text(void *h, int i)
{
	return (const char *)sqlite3_column_text(h, i);
}

size_t sqlite_col_bytes(void *h, int i) { return (size_t)sqlite3_column_bytes(h, i); }
int64_t sqlite_col_int(void *h, int i) { return sqlite3_column_int64(h, i); }
double sqlite_col_double(void *h, int i) { return sqlite3_column_double(h, i); }
