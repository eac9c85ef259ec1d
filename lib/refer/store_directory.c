/* refer/store_directory.c - the SQL of the resource directory's readers:
 * the service record (sw-refer services, and the services sw-refer import
 * prints), and the assessments and services sw-refer match reads. */
#include "refer/refer.h"

/* ---- the service record ----------------------------------------------------- */

/* The first phone of service s: its own, else its locations', else its
 * organisation's own, with its extension; faxes left out. Three lookups
 * on one column each, not one with OR, so that SQLite can index them. */
#define PHONE_TEXT "p.number || coalesce(' ext. ' || p.extension, '')"
#define NOT_FAX "coalesce(p.type, '') <> 'fax'"
#define FIRST_PHONE \
	"coalesce((SELECT " PHONE_TEXT " FROM phones p WHERE p.service_id = s.id" \
	"  AND " NOT_FAX " ORDER BY p.id LIMIT 1)," \
	" (SELECT " PHONE_TEXT " FROM service_locations l JOIN phones p" \
	"  ON p.location_id = l.location_id WHERE l.service_id = s.id" \
	"  AND " NOT_FAX " ORDER BY l.location_id, p.id LIMIT 1)," \
	" (SELECT " PHONE_TEXT " FROM phones p" \
	"  WHERE p.organization_id = s.organization_id AND p.service_id IS NULL" \
	"  AND p.location_id IS NULL AND " NOT_FAX " ORDER BY p.id LIMIT 1))"
/* The addresses of service s: its locations' (FROM_LOC_ADDRESSES), its
 * organisation's own (FROM_ORG_ADDRESSES). */
#define FROM_LOC_ADDRESSES " FROM service_locations l JOIN addresses a" \
	" ON a.location_id = l.location_id WHERE l.service_id = s.id"
#define FROM_ORG_ADDRESSES " FROM addresses a WHERE a.organization_id =" \
	" s.organization_id AND a.location_id IS NULL"
/* An address on one line: its parts that are given, joined by ", ". */
#define ADDRESS_LINE \
	"nullif(substr(coalesce(', ' || a.address_1, '')" \
	"  || coalesce(', ' || a.city, '') || coalesce(', ' || a.region, '')" \
	"  || coalesce(', ' || a.state_province, '')" \
	"  || coalesce(', ' || a.postal_code, '')" \
	"  || coalesce(', ' || a.country, ''), 3), '')"
/* The first address of service s: its locations' (physical before
 * postal), else its organisation's. */
#define FIRST_ADDRESS \
	"coalesce((SELECT " ADDRESS_LINE FROM_LOC_ADDRESSES \
	"  ORDER BY a.kind <> 'physical', l.location_id, a.id LIMIT 1)," \
	" (SELECT " ADDRESS_LINE FROM_ORG_ADDRESSES \
	"  ORDER BY a.kind <> 'physical', a.id LIMIT 1))"

/* The NRS columns of refer_service_cols: add a WHERE on s (and o) and an
 * ORDER BY. The phone is the first of the service's own, its locations',
 * then its organisation's (faxes left out); the address the first of its
 * locations' (physical before postal), then its organisation's, on one
 * line. */
#define SERVICE_SELECT \
	"SELECT 'SV-' || s.id, s.hsds_id, 'OR-' || s.organization_id, o.name," \
	" s.name, s.category, s.eligibility, " FIRST_PHONE ", " FIRST_ADDRESS "," \
	" s.created_at, s.updated_at" \
	" FROM services s LEFT JOIN organizations o ON o.id = s.organization_id"

/* ---- sw-refer services -------------------------------------------------------- */

/* Whether text x holds ?n, in either case: strpos, not LIKE, so that a
 * keyword's % and _ are letters like any other. */
#define HOLDS(x, n) "strpos(lower(coalesce(" x ", '')), lower(?" n ")) > 0"
/* Whether address a is in the area ?3. */
#define AREA \
	" (" HOLDS("a.city", "3") " OR " HOLDS("a.region", "3") \
	"  OR " HOLDS("a.state_province", "3") \
	"  OR " HOLDS("a.postal_code", "3") " OR " HOLDS("a.address_1", "3") "))"

store_stmt *refer_db_services_search(cw_db *db, const char *category,
				     const char *keyword, const char *area)
{
	static const char sql[] = SERVICE_SELECT
		" WHERE (s.category = ?1 OR ?1 IS NULL)"
		" AND (CAST(?2 AS TEXT) IS NULL OR " HOLDS("s.name", "2")
		"  OR " HOLDS("s.alternate_name", "2")
		"  OR " HOLDS("s.description", "2")
		"  OR " HOLDS("s.eligibility", "2") " OR " HOLDS("o.name", "2") ")"
		" AND (CAST(?3 AS TEXT) IS NULL OR EXISTS (SELECT 1" FROM_LOC_ADDRESSES " AND" AREA
		"  OR EXISTS (SELECT 1" FROM_ORG_ADDRESSES " AND" AREA ")"
		" ORDER BY s.id";
	store_stmt *st = store_cached(db, sql);

	if (st) {
		store_bind_text(st, 1, category);
		store_bind_text(st, 2, keyword);
		store_bind_text(st, 3, area);
	}
	return st;
}

/* ---- the services an import changed ---------------------------------------------- */

/* Services read by one statement: their parts are looked up once for
 * all of them (SQLite indexes them once), and the list stays within
 * what every engine takes as parameters. */
#define SERVICES_AT_ONCE 1000

int refer_db_services_each(cw_db *db, const int64_t *ids, size_t n,
			   int (*fn)(void *ctx, const char *const *v),
			   void *ctx)
{
	const char *v[NRS];
	store_stmt *st = NULL;
	size_t at, k, len, prepared = 0;
	cw_buf sql;
	int r, rc = 0;

	cw_buf_init(&sql);
	for (at = 0; at < n && !rc; at += len) {
		len = n - at < SERVICES_AT_ONCE ? n - at : SERVICES_AT_ONCE;
		if (len != prepared) {
			store_finalize(st);
			cw_buf_reset(&sql);
			cw_buf_addstr(&sql, SERVICE_SELECT " WHERE s.id IN ");
			store_in_list(&sql, len);
			cw_buf_addstr(&sql, " ORDER BY s.id");
			if (!(st = store_prepare(db, sql.s))) {
				rc = CW_EXIT_DB;
				break;
			}
			prepared = len;
		}
		store_reset(st);
		for (k = 0; k < len; k++)
			store_bind_int(st, (int)k + 1, ids[at + k]);
		while ((r = store_step(st)) == STORE_ROW) {
			for (k = 0; k < NRS; k++)
				v[k] = store_col_text(st, (int)k);
			if ((rc = fn(ctx, v)) != 0)
				break;
		}
		if (!rc && r != STORE_DONE)
			rc = store_fail(db, "read the directory");
	}
	store_finalize(st);
	cw_buf_release(&sql);
	return rc;
}

/* ---- sw-refer match ------------------------------------------------------------ */

store_stmt *refer_db_latest_assessments(cw_db *db, int64_t case_id)
{
	static const char sql[] =
		"SELECT a.instrument, a.band, a.risk, a.answers FROM assessments a"
		" WHERE a.case_id = ?1 AND a.id = (SELECT b.id FROM assessments b"
		"  WHERE b.case_id = ?1 AND b.instrument = a.instrument"
		"  ORDER BY b.date DESC, b.id DESC LIMIT 1)"
		" ORDER BY a.instrument";
	store_stmt *st = store_cached(db, sql);

	if (st)
		store_bind_int(st, 1, case_id);
	return st;
}

store_stmt *refer_db_category_services(cw_db *db, const char *category)
{
	static const char sql[] =
		"SELECT s.id, 'SV-' || s.id, s.name, o.name, " FIRST_PHONE
		" FROM services s LEFT JOIN organizations o"
		" ON o.id = s.organization_id WHERE s.category = ?"
		" AND lower(coalesce(s.status, '')) NOT IN ('inactive', 'defunct')"
		" ORDER BY s.id";
	store_stmt *st = store_cached(db, sql);

	if (st)
		store_bind_text(st, 1, category);
	return st;
}
