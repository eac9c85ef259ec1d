/* report/period.c - the periods sw-report names: a month, a quarter, a
 * half year, a year. */
#include <string.h>
#include "verbs.h"

/* n decimal digits at s: 0 and *out, or -1. */
static int digits(const char *s, size_t n, int *out)
{
	size_t i;
	int v = 0;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

/* The first day of month m of year y; m 13 is January of the next year. */
static cw_date first_day(int y, int m)
{
	cw_date d = 0;

	if (m > 12) {
		y++;
		m -= 12;
	}
	cw_date_from_ymd(y, m, 1, &d);
	return d;
}

/* count months of year y from month first, both ends included. */
static void months(int y, int first, int count, cw_date *since, cw_date *until)
{
	*since = first_day(y, first);
	*until = first_day(y, first + count) - 1;
}

/* Each form is a year of four digits (from 1900) and what follows it:
 * "-M" or "-MM" for a month, "Qn" for a quarter, "Hn" for a half, nothing
 * for a year. The letters may be in either case. */
int report_period_parse(const char *form, const char *s, cw_date *since,
		    cw_date *until, const char **why)
{
	size_t len = strlen(s);
	int y, n;

	if (!strcmp(form, "month")) {
		*why = "not a month: use YYYY-MM (2026-10)";
		if ((len != 7 && len != 6) || digits(s, 4, &y) || y < CW_YEAR_MIN ||
		    s[4] != '-' || digits(s + 5, len - 5, &n) || n < 1 || n > 12)
			return -1;
		months(y, n, 1, since, until);
		return 0;
	}
	if (!strcmp(form, "quarter")) {
		*why = "not a quarter: use YYYYQn, n from 1 to 4 (2026Q3)";
		if (len != 6 || digits(s, 4, &y) || y < CW_YEAR_MIN ||
		    (s[4] != 'Q' && s[4] != 'q') || digits(s + 5, 1, &n) ||
		    n < 1 || n > 4)
			return -1;
		months(y, 3 * (n - 1) + 1, 3, since, until);
		return 0;
	}
	if (!strcmp(form, "half")) {
		*why = "not a half year: use YYYYH1 or YYYYH2 (2026H1)";
		if (len != 6 || digits(s, 4, &y) || y < CW_YEAR_MIN ||
		    (s[4] != 'H' && s[4] != 'h') || digits(s + 5, 1, &n) ||
		    n < 1 || n > 2)
			return -1;
		months(y, 6 * (n - 1) + 1, 6, since, until);
		return 0;
	}
	*why = "not a year: use YYYY (2026)";
	if (strcmp(form, "year") || len != 4 || digits(s, 4, &y) || y < CW_YEAR_MIN)
		return -1;
	months(y, 1, 12, since, until);
	return 0;
}
