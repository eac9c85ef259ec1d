/* refer/store_import.c - the SQL of sw-refer import: the rows of the
 * directory's tables it finds, reads, changes and adds. */
#include "refer/refer.h"

/* A table's statements. The records (organizations, locations,
 * services) also have an HSDS id, created_at and updated_at. */
static const struct table {
	const char *const *col;   /* the columns of a row, NULL-terminated */
	const char *get;          /* a row by id */
	const char *add;          /* a row, then for a record the HSDS id and
				     created_at, then the batch */
	const char *extras;       /* id, extra of the rows that have one */
	const char *by_hsds;      /* a record by its HSDS id */
	const char *by_id;        /* a record by its id */
	const char *by_name;      /* a record without an HSDS id by name (and
				     organisation) */
	const char *max_id;
} tables[] = {
	[REFER_ORG] = {
		(const char *const[]){"name", "alternate_name", "description",
				      "email", "url", "extra", NULL},
		"SELECT name, alternate_name, description, email, url, extra"
		" FROM organizations WHERE id = ?",
		"INSERT INTO organizations (name, alternate_name, description,"
		" email, url, extra, hsds_id, created_at, batch_id)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
		"SELECT id, extra FROM organizations WHERE extra IS NOT NULL"
		" ORDER BY id",
		"SELECT id FROM organizations WHERE hsds_id = ?",
		"SELECT id FROM organizations WHERE id = ?",
		"SELECT id FROM organizations WHERE hsds_id IS NULL"
		" AND name IS NOT DISTINCT FROM ?1 ORDER BY id LIMIT 1",
		"SELECT max(id) FROM organizations",
	},
	[REFER_LOC] = {
		(const char *const[]){"organization_id", "name", "description",
				      "latitude", "longitude", "extra", NULL},
		"SELECT organization_id, name, description, latitude, longitude,"
		" extra FROM locations WHERE id = ?",
		"INSERT INTO locations (organization_id, name, description,"
		" latitude, longitude, extra, hsds_id, created_at, batch_id)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
		"SELECT id, extra FROM locations WHERE extra IS NOT NULL"
		" ORDER BY id",
		"SELECT id FROM locations WHERE hsds_id = ?",
		"SELECT id FROM locations WHERE id = ?",
		"SELECT id FROM locations WHERE hsds_id IS NULL"
		" AND name IS NOT DISTINCT FROM ?1"
		" AND organization_id IS NOT DISTINCT FROM ?2 ORDER BY id LIMIT 1",
		"SELECT max(id) FROM locations",
	},
	[REFER_SVC] = {
		(const char *const[]){"organization_id", "name", "alternate_name",
				      "description", "url", "email", "status",
				      "eligibility", "category", "extra", NULL},
		"SELECT organization_id, name, alternate_name, description, url,"
		" email, status, eligibility, category, extra FROM services"
		" WHERE id = ?",
		"INSERT INTO services (organization_id, name, alternate_name,"
		" description, url, email, status, eligibility, category, extra,"
		" hsds_id, created_at, batch_id)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		"SELECT id, extra FROM services WHERE extra IS NOT NULL"
		" ORDER BY id",
		"SELECT id FROM services WHERE hsds_id = ?",
		"SELECT id FROM services WHERE id = ?",
		"SELECT id FROM services WHERE hsds_id IS NULL"
		" AND name IS NOT DISTINCT FROM ?1"
		" AND organization_id IS NOT DISTINCT FROM ?2 ORDER BY id LIMIT 1",
		"SELECT max(id) FROM services",
	},
	[REFER_PHONE] = {
		(const char *const[]){"organization_id", "location_id",
				      "service_id", "number", "extension", "type",
				      "language", "description", "extra", NULL},
		"SELECT organization_id, location_id, service_id, number,"
		" extension, type, language, description, extra FROM phones"
		" WHERE id = ?",
		"INSERT INTO phones (organization_id, location_id, service_id,"
		" number, extension, type, language, description, extra, batch_id)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		"SELECT id, extra FROM phones WHERE extra IS NOT NULL ORDER BY id",
		NULL, NULL, NULL, NULL,
	},
	[REFER_ADDR] = {
		(const char *const[]){"organization_id", "location_id", "kind",
				      "attention", "address_1", "city", "region",
				      "state_province", "postal_code", "country",
				      "extra", NULL},
		"SELECT organization_id, location_id, kind, attention, address_1,"
		" city, region, state_province, postal_code, country, extra"
		" FROM addresses WHERE id = ?",
		"INSERT INTO addresses (organization_id, location_id, kind,"
		" attention, address_1, city, region, state_province, postal_code,"
		" country, extra, batch_id)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		"SELECT id, extra FROM addresses WHERE extra IS NOT NULL"
		" ORDER BY id",
		NULL, NULL, NULL, NULL,
	},
};

static int is_record(enum refer_table t)
{
	return t == REFER_ORG || t == REFER_LOC || t == REFER_SVC;
}

static size_t ncols(enum refer_table t)
{
	size_t n = 0;
	while (tables[t].col[n])
		n++;
	return n;
}

/* Binds id, or NULL for 0 (none). */
static void bind_id(store_stmt *st, int i, int64_t id)
{
	if (id)
		store_bind_int(st, i, id);
	else
		store_bind_null(st, i);
}

/* Steps st, bound, for the id its first row begins with: 0 and *id (0
 * when there is no row), or CW_EXIT_DB after a message. */
static int first_id(cw_db *db, store_stmt *st, int64_t *id)
{
	int r = store_step(st);
	*id = r == STORE_ROW ? store_col_int(st, 0) : 0;
	store_reset(st);
	return r == STORE_ROW || r == STORE_DONE ? 0
		: store_fail(db, "look up the directory");
}

/* ---- rows ------------------------------------------------------------------- */

const char *const *refer_db_columns(enum refer_table t, size_t *n)
{
	*n = ncols(t);
	return tables[t].col;
}

int refer_db_row_get(cw_db *db, enum refer_table t, int64_t id, char **row)
{
	store_stmt *st = store_cached(db, tables[t].get);
	size_t i, n = ncols(t);
	int r;

	for (i = 0; i < n; i++)
		row[i] = NULL;
	if (!st)
		return -CW_EXIT_DB;
	store_bind_int(st, 1, id);
	r = store_step(st);
	for (i = 0; r == STORE_ROW && i < n; i++) {
		const char *s = store_col_text(st, (int)i);
		row[i] = s ? cw_xstrdup(s) : NULL;
	}
	store_reset(st);
	if (r != STORE_ROW && r != STORE_DONE)
		return -store_fail(db, "read the directory");
	return r == STORE_ROW;
}

/* Statement sql of t (cached) with row bound to its first parameters:
 * NULL after a message; *next is the parameter after them. */
static store_stmt *with_row(cw_db *db, const char *sql, enum refer_table t,
			    const char *const *row, int *next)
{
	store_stmt *st = store_cached(db, sql);
	size_t i, n = ncols(t);

	for (i = 0; st && i < n; i++)
		store_bind_text(st, (int)i + 1, row[i]);
	*next = (int)n + 1;
	return st;
}

/* The tables, as the UPDATE of refer_db_row_set names them. */
static const char *const table_name[] = {
	[REFER_ORG] = "organizations", [REFER_LOC] = "locations",
	[REFER_SVC] = "services", [REFER_PHONE] = "phones",
	[REFER_ADDR] = "addresses",
};

/* Only the columns that changed are written: a column left alone keeps
 * its stored value exactly (a latitude stored as a number is not
 * rewritten from its text). */
int refer_db_row_set(cw_db *db, enum refer_table t, int64_t id,
		     const char *const *row, const int *changed, int64_t batch,
		     const char *now)
{
	size_t i, n = ncols(t);
	int p = 1, any = 0, rc;
	store_stmt *st;
	cw_buf sql;

	cw_buf_init(&sql);
	cw_buf_printf(&sql, "UPDATE %s SET ", table_name[t]);
	for (i = 0; i < n; i++)
		if (changed[i])
			cw_buf_printf(&sql, "%s%s = ?", any++ ? ", " : "",
				      tables[t].col[i]);
	if (!any) {
		cw_buf_release(&sql);
		return 0;
	}
	if (is_record(t))
		cw_buf_addstr(&sql, ", updated_at = CASE WHEN batch_id = ?"
			      " THEN updated_at ELSE ? END");
	cw_buf_addstr(&sql, " WHERE id = ?");
	st = store_prepare(db, sql.s);
	cw_buf_release(&sql);
	if (!st)
		return CW_EXIT_DB;
	for (i = 0; i < n; i++)
		if (changed[i])
			store_bind_text(st, p++, row[i]);
	if (is_record(t)) {
		store_bind_int(st, p++, batch);
		store_bind_text(st, p++, now);
	}
	store_bind_int(st, p, id);
	rc = store_step(st) == STORE_DONE ? 0 : store_fail(db, "change the directory");
	store_finalize(st);
	return rc;
}

int refer_db_row_add(cw_db *db, enum refer_table t, const char *const *row,
		     const char *hsds, const char *now, int64_t batch,
		     int64_t *id)
{
	int p, rc;
	store_stmt *st = with_row(db, tables[t].add, t, row, &p);

	if (!st)
		return CW_EXIT_DB;
	if (is_record(t)) {
		store_bind_text(st, p++, hsds);
		store_bind_text(st, p++, now);
	}
	store_bind_int(st, p, batch);
	if ((rc = store_write(st, "add to the directory", NULL)) == 0)
		*id = store_last_id(db);
	return rc;
}

int refer_db_extras_each(cw_db *db, enum refer_table t,
			 int (*fn)(void *ctx, int64_t id, const char *extra),
			 void *ctx)
{
	store_stmt *st = store_cached(db, tables[t].extras);
	int r, rc = 0;

	if (!st)
		return CW_EXIT_DB;
	while ((r = store_step(st)) == STORE_ROW)
		if ((rc = fn(ctx, store_col_int(st, 0), store_col_text(st, 1))) != 0)
			break;
	store_reset(st);
	return rc ? rc : r == STORE_DONE ? 0
		: store_fail(db, "look up the directory");
}

/* ---- records ---------------------------------------------------------------- */

int refer_db_record_by_hsds(cw_db *db, enum refer_table t, const char *hsds,
			    int64_t *id)
{
	store_stmt *st = store_cached(db, tables[t].by_hsds);

	if (!st)
		return CW_EXIT_DB;
	store_bind_text(st, 1, hsds);
	return first_id(db, st, id);
}

int refer_db_record_exists(cw_db *db, enum refer_table t, int64_t id,
			   int *found)
{
	store_stmt *st = store_cached(db, tables[t].by_id);
	int64_t got;
	int rc;

	if (!st)
		return CW_EXIT_DB;
	store_bind_int(st, 1, id);
	rc = first_id(db, st, &got);
	*found = !rc && got;
	return rc;
}

int refer_db_record_by_name(cw_db *db, enum refer_table t, const char *name,
			    int64_t org, int64_t *id)
{
	store_stmt *st = store_cached(db, tables[t].by_name);

	if (!st)
		return CW_EXIT_DB;
	store_bind_text(st, 1, name);
	if (t != REFER_ORG)
		bind_id(st, 2, org);
	return first_id(db, st, id);
}

int refer_db_max_id(cw_db *db, enum refer_table t, int64_t *max)
{
	store_stmt *st = store_cached(db, tables[t].max_id);
	return st ? first_id(db, st, max) : CW_EXIT_DB;
}

/* ---- parts -------------------------------------------------------------------- */

int refer_db_phone_find(cw_db *db, int64_t org, int64_t loc, int64_t svc,
			const char *number, int64_t *id)
{
	static const char sql[] =
		"SELECT id FROM phones WHERE organization_id IS NOT DISTINCT FROM ?"
		" AND location_id IS NOT DISTINCT FROM ?"
		" AND service_id IS NOT DISTINCT FROM ? AND number = ?"
		" ORDER BY id LIMIT 1";
	store_stmt *st = store_cached(db, sql);

	if (!st)
		return CW_EXIT_DB;
	bind_id(st, 1, org);
	bind_id(st, 2, loc);
	bind_id(st, 3, svc);
	store_bind_text(st, 4, number);
	return first_id(db, st, id);
}

int refer_db_address_find(cw_db *db, int64_t org, int64_t loc,
			  const char *kind, const char *address_1,
			  const char *city, const char *postal_code,
			  int64_t *id)
{
	static const char sql[] =
		"SELECT id FROM addresses WHERE organization_id IS NOT DISTINCT FROM ?"
		" AND location_id IS NOT DISTINCT FROM ? AND kind = ?"
		" AND address_1 IS NOT DISTINCT FROM ?"
		" AND city IS NOT DISTINCT FROM ?"
		" AND postal_code IS NOT DISTINCT FROM ? ORDER BY id LIMIT 1";
	store_stmt *st = store_cached(db, sql);

	if (!st)
		return CW_EXIT_DB;
	bind_id(st, 1, org);
	bind_id(st, 2, loc);
	store_bind_text(st, 3, kind);
	store_bind_text(st, 4, address_1);
	store_bind_text(st, 5, city);
	store_bind_text(st, 6, postal_code);
	return first_id(db, st, id);
}

int refer_db_service_location_add(cw_db *db, int64_t svc, int64_t loc)
{
	static const char sql[] =
		"INSERT INTO service_locations (service_id, location_id)"
		" VALUES (?, ?) ON CONFLICT DO NOTHING";
	store_stmt *st = store_cached(db, sql);
	int rc;

	if (!st)
		return -CW_EXIT_DB;
	store_bind_int(st, 1, svc);
	store_bind_int(st, 2, loc);
	if ((rc = store_write(st, "add to the directory", NULL)) != 0)
		return -rc;
	return store_changes(db) > 0;
}

int refer_db_services_of(cw_db *db, enum refer_table t, int64_t id,
			 int (*fn)(void *ctx, int64_t svc), void *ctx)
{
	static const char of_org[] =
		"SELECT id FROM services WHERE organization_id = ?";
	static const char at_loc[] =
		"SELECT service_id FROM service_locations WHERE location_id = ?";
	store_stmt *st = store_cached(db, t == REFER_LOC ? at_loc : of_org);
	int r, rc = 0;

	if (!st)
		return CW_EXIT_DB;
	store_bind_int(st, 1, id);
	while ((r = store_step(st)) == STORE_ROW)
		if ((rc = fn(ctx, store_col_int(st, 0))) != 0)
			break;
	store_reset(st);
	return rc ? rc : r == STORE_DONE ? 0
		: store_fail(db, "read the directory");
}
