/* plan/volunteers.c - volunteers a record names with the hours they gave
 * (NAME=HOURS), as a contact or a community activity lists them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "plan/plan.h"

/* The most hours one volunteer gives at one activity: a day. */
#define MAX_HOURS100 2400

void plan_hours_text(long h100, char out[32])
{
	if (h100 % 100 == 0)
		snprintf(out, 32, "%ld", h100 / 100);
	else if (h100 % 10 == 0)
		snprintf(out, 32, "%ld.%ld", h100 / 100, h100 % 100 / 10);
	else
		snprintf(out, 32, "%ld.%02ld", h100 / 100, h100 % 100);
}

/* Hours as given: digits, then up to two decimals; into hundredths.
 * 0, or -1. */
static int parse_hours(const char *s, long *h100)
{
	long whole = 0, frac = 0;
	int ni = 0, nf = 0, dot = 0;

	for (; *s; s++) {
		if (*s == '.' && !dot) {
			dot = 1;
		} else if (*s >= '0' && *s <= '9') {
			if (dot) {
				if (++nf > 2)
					return -1;
				frac = frac * 10 + (*s - '0');
			} else {
				if (++ni > 4)
					return -1;
				whole = whole * 10 + (*s - '0');
			}
		} else {
			return -1;
		}
	}
	if (!ni || (dot && !nf))
		return -1;
	*h100 = whole * 100 + (nf == 1 ? frac * 10 : frac);
	return 0;
}

int plan_volunteer_of(cw_db *db, cw_batch *b, const cw_record *rec,
			const char *hdr, const char *name, size_t nth, int64_t *id)
{
	int r;

	*id = 0;
	if (!db)
		return 0;
	if ((r = plan_db_volunteer(db, name, id)) < 0)
		return CW_EXIT_DB;
	if (!r) {
		cw_batch_reject(b, rec, hdr, "volunteer %zu is not on the "
				"volunteer roster (see sw-project volunteers)", nth);
		return CW_REJECTED;
	}
	return 0;
}

/* A volunteer's hours h100 on date (the record's own minutes are no
 * bound: a volunteer's hours include setting up and clearing away):
 * refused before the volunteer joined, or above 24 on the day with
 * the hours already stored (those of the records earlier in the batch
 * among them; a dry run, storing none, counts only those stored). 0,
 * CW_REJECTED or an exit code. */
static int check_hours(cw_db *db, cw_batch *b, const cw_record *rec,
		       const char *hdr, size_t i, int64_t id, long h100,
		       const char *date)
{
	int64_t got;
	int r;

	if (!db || !id || !date)
		return 0;
	if ((r = plan_db_volunteer_joined_after(db, id, date)) < 0)
		return CW_EXIT_DB;
	if (r) {
		cw_batch_reject(b, rec, hdr, "volunteer %zu had not joined by %s",
				i + 1, date);
		return CW_REJECTED;
	}
	if (plan_db_volunteer_day_hours(db, id, date, &got) < 0)
		return CW_EXIT_DB;
	if (got + h100 > MAX_HOURS100) {
		cw_batch_reject(b, rec, hdr, "volunteer %zu would have more than "
				"24 hours on %s", i + 1, date);
		return CW_REJECTED;
	}
	return 0;
}

int plan_volunteer_hours(cw_db *db, cw_batch *b, const cw_record *rec,
			    const char *hdr, const char *given, const char *date,
			    int64_t **ids, long **h100, size_t *n, cw_buf *joined)
{
	char **items, *eq, hours[32];
	size_t nitems, i, j;
	int rc = 0;

	nitems = plan_split(given, 0, &items);
	*ids = cw_xcalloc(nitems ? nitems : 1, sizeof **ids);
	*h100 = cw_xcalloc(nitems ? nitems : 1, sizeof **h100);
	for (i = 0; i < nitems && !rc; i++) {
		eq = strchr(items[i], '=');
		if (eq)
			*eq = '\0';
		for (j = strlen(items[i]); j && items[i][j - 1] == ' '; j--)
			items[i][j - 1] = '\0';
		if (!eq || cw_utf8_blank(items[i]) ||
		    parse_hours(eq + 1 + strspn(eq + 1, " "), &(*h100)[i]) ||
		    !(*h100)[i] || (*h100)[i] > MAX_HOURS100) {
			cw_batch_reject(b, rec, hdr, "volunteer %zu: not NAME=HOURS "
					"(hours above 0, up to 24, up to two "
					"decimals: 王芳=2.5)", i + 1);
			rc = CW_REJECTED;
			break;
		}
		for (j = 0; j < i; j++)
			if (!strcmp(items[i], items[j]))
				break;
		if (j < i) {
			cw_batch_reject(b, rec, hdr, "volunteer %zu is listed twice "
					"(also volunteer %zu)", i + 1, j + 1);
			rc = CW_REJECTED;
			break;
		}
		if ((rc = plan_volunteer_of(db, b, rec, hdr, items[i], i + 1, &(*ids)[i])) != 0)
			break;
		if ((rc = check_hours(db, b, rec, hdr, i, (*ids)[i], (*h100)[i],
				      date)) != 0)
			break;
		plan_hours_text((*h100)[i], hours);
		cw_buf_printf(joined, "%s%s=%s", i ? ", " : "", items[i], hours);
	}
	*n = i;
	plan_list_free(items, nitems);
	return rc;
}

const char *plan_canon_hours(const char *given, cw_buf *scratch)
{
	char **items, *eq, hours[32];
	size_t n, i;
	long h100;
	int bad = 0;

	n = plan_split(given, 0, &items);
	for (i = 0; i < n && !bad; i++) {
		if (!(eq = strchr(items[i], '=')) ||
		    parse_hours(eq + 1 + strspn(eq + 1, " "), &h100)) {
			bad = 1;
			break;
		}
		*eq = '\0';
		while (eq > items[i] && eq[-1] == ' ')
			*--eq = '\0';
		plan_hours_text(h100, hours);
		cw_buf_printf(scratch, "%s%s=%s", i ? ", " : "", items[i], hours);
	}
	plan_list_free(items, n);
	return !bad && n ? scratch->s : NULL;
}
