/* plan/common.c - what the sw-plan batch verbs share: the case a record
 * names, dates, audit entries, lists in one field, and the round trip of
 * stored records (a record the tools printed, read back). */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>
#include "plan/plan.h"

int plan_case(cw_db *db, cw_batch *b, const cw_record *rec, const char *src,
	      const char *text, int64_t *case_id, int *open)
{
	enum cw_kind kind;
	int r;

	*open = 1;
	if (cw_id_parse(text, &kind, case_id) || kind != CW_K_CASE) {
		cw_batch_reject(b, rec, src, "not a case id (CA-n)");
		return CW_REJECTED;
	}
	if (!db)
		return 0;
	if ((r = plan_db_case_state(db, *case_id, open)) < 0)
		return CW_EXIT_DB;
	if (!r) {
		cw_batch_reject(b, rec, src, "no such case");
		return CW_REJECTED;
	}
	return 0;
}

int plan_date(cw_batch *b, const cw_record *rec, const char *src,
	      const char *text, cw_date today, int future, cw_date *out)
{
	return store_fields_date(b, rec, src, text, today, future, out);
}


/* ---- lists in one field ------------------------------------------------ */

/* The length of the list separator at s (a comma, semicolon, their
 * fullwidth forms or the enumeration comma 、; with spaces, also a space
 * or a tab), or 0. */
static size_t separator(const char *s, int spaces)
{
	if (*s == ',' || *s == ';' || (spaces && (*s == ' ' || *s == '\t')))
		return 1;
	if (!strncmp(s, "\xef\xbc\x8c", 3) || !strncmp(s, "\xef\xbc\x9b", 3) ||
	    !strncmp(s, "\xe3\x80\x81", 3))   /* ， ； 、 */
		return 3;
	return 0;
}

/* Splits s into its items: separated by commas (also ， and 、) or
 * semicolons (also ；) and, when spaces is 1, by spaces and tabs too;
 * spaces and tabs around an item are dropped and empty items skipped.
 * Returns the number of items, each newly allocated in (*out)[i]; free
 * them with plan_list_free. */
size_t plan_split(const char *s, int spaces, char ***out)
{
	size_t n = 0, cap = 0, k;
	const char *p = s, *start, *end;

	*out = NULL;
	while (*p) {
		while ((k = separator(p, spaces)) != 0 || *p == ' ' || *p == '\t')
			p += k ? k : 1;
		if (!*p)
			break;
		start = p;
		while (*p && !separator(p, spaces))
			p++;
		end = p;
		while (end > start && (end[-1] == ' ' || end[-1] == '\t'))
			end--;
		if (n == cap) {
			cap = cap ? cap * 2 : 8;
			*out = cw_xrealloc(*out, cap * sizeof **out);
		}
		(*out)[n++] = cw_xstrndup(start, (size_t)(end - start));
	}
	return n;
}

void plan_list_free(char **items, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		free(items[i]);
	free(items);
}

/* ---- the round trip of stored records ---------------------------------- */

/* Canonical forms of a value as given, for the round trip: built in
 * scratch (emptied first by the caller), NULL when given is not one. */
const char *plan_canon_id(const char *given, cw_buf *scratch)
{
	enum cw_kind kind;
	int64_t num;
	char out[32];
	if (cw_id_parse(given, &kind, &num))
		return NULL;
	cw_id_format(kind, num, out);
	cw_buf_addstr(scratch, out);
	return scratch->s;
}

const char *plan_canon_date(const char *given, cw_buf *scratch)
{
	cw_date d;
	const char *why;
	char out[11];
	if (cw_date_parse(given, &d, &why))
		return NULL;
	cw_date_format(d, out);
	cw_buf_addstr(scratch, out);
	return scratch->s;
}

const char *plan_canon_count(const char *given, cw_buf *scratch)
{
	long n;
	if (cw_parse_long(given, 0, 1000000000L, &n))
		return NULL;
	cw_buf_printf(scratch, "%ld", n);
	return scratch->s;
}

void plan_row_free(char **row, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++) {
		free(row[i]);
		row[i] = NULL;
	}
}

/* A record that carries the id of a stored record (what the tools
 * printed, read back): skipped when every field it gives equals the
 * stored one (in canonical form), rejected naming the first field that
 * differs otherwise, since these verbs never change a stored record.
 * stored[] is the record in the order of spec; what names its kind
 * ("contact") and id its id. */
void plan_same_as_stored(cw_batch *b, const cw_record *rec,
			 const cw_fieldspec *spec, size_t n, const char **vals,
			 const char **src, char **stored, plan_canon_fn canon,
			 const char *what, const char *id)
{
	cw_buf scratch;
	size_t i;
	const char *c;

	cw_buf_init(&scratch);
	for (i = 0; i < n; i++) {
		if (!src[i])
			continue;
		cw_buf_reset(&scratch);
		c = vals[i] ? canon(i, vals[i], &scratch) : NULL;
		if (vals[i] ? !c || !stored[i] || strcmp(c, stored[i]) : stored[i] != NULL)
			break;
	}
	cw_buf_release(&scratch);
	if (i < n)
		cw_batch_reject(b, rec, store_fields_hdr(spec, src, i), "differs from "
				"the stored %s %s, which is never changed", what, id);
	else
		cw_batch_skip(b, rec, "already stored as %s", id);
}

int plan_known_record(cw_db *db, store_stmt *st, store_dryrows *dry,
		      cw_batch *b, const cw_record *rec, const cw_fieldspec *spec,
		      size_t n, const char **vals, const char **src,
		      enum cw_kind kind, const char *what, plan_canon_fn canon)
{
	const char *hdr = store_fields_hdr(spec, src, 0);
	enum cw_kind k;
	int64_t num;
	char **stored, idbuf[32];
	int found;

	if (cw_id_parse(vals[0], &k, &num) || k != kind) {
		cw_batch_reject(b, rec, hdr, "not a %s id (%s-n)", what,
				cw_kind_prefix(kind));
		return 0;
	}
	stored = cw_xcalloc(n, sizeof *stored);
	found = db ? plan_load_row(db, st, num, n, stored) : 0;
	if (!found && dry && (found = store_dryrows_get(dry, num, stored)) > 0 &&
	    !stored[0]) {
		/* A record the dry run would have stored: its id is known. */
		cw_id_format(kind, num, idbuf);
		stored[0] = cw_xstrdup(idbuf);
	}
	if (found > 0)
		plan_same_as_stored(b, rec, spec, n, vals, src, stored, canon,
				    what, stored[0]);
	else if (!found)
		cw_batch_reject(b, rec, hdr, "no such %s", what);
	plan_row_free(stored, n);
	free(stored);
	return found == -1 ? CW_EXIT_DB : found < 0 ? -found : 0;
}

int plan_dry_keep(store_dryrows *dry, cw_db *db, cw_batch *b,
		  const char *table, size_t n, const char **v, size_t created)
{
	char now[21];
	int64_t id;
	int rc;

	cw_batch_stored(b, v);
	if ((rc = store_dryrows_ready(dry, db, table, n)) != 0)
		return rc;
	cw_utc_now(now);
	v[created] = now;
	rc = store_dryrows_add(dry, v, &id);
	v[created] = NULL;
	return rc;
}
