/* core/date.c - calendar dates as day numbers, the date forms people type, and
 * durations.
 *
 * Dates are days since 1970-01-01 in the proleptic Gregorian calendar and
 * are computed with integer arithmetic only, so no time zone, DST rule or
 * 32-bit time_t can move a birthday.  Only cw_date_today and cw_utc_now
 * look at the clock.
 *
 * The parser accepts the year-first forms and refuses everything else
 * with a message naming the form to use: a date that a spreadsheet or a
 * colleague wrote day-first must never be guessed at, because 05/03 is
 * 5 March to one person and 3 May to another. */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "casework.h"

static const char E_NOT_DATE[] = "not a date: use YYYY-MM-DD";
static const char E_DAY_FIRST[] =
	"day or month first; write the year first (YYYY-MM-DD)";
static const char E_TWO_DIGIT[] =
	"two-digit year; write all four digits (YYYY-MM-DD)";
static const char E_SERIAL[] = "spreadsheet date serial number; "
	"format the column as a date or text (YYYY-MM-DD)";
static const char E_NO_SUCH_DAY[] = "not a valid date (no such day)";
static const char E_TIME[] =
	"has a time of day; give the date alone (YYYY-MM-DD)";
static const char E_DURATION[] = "not a duration: use Nd, Nw, Nm or Ny";
static const char E_YEAR_RANGE[] = "the year must be from 1900 to 9999";
static const char E_PAST_9999[] =
	"from today this falls after the year 9999";

/* Years cw_date_from_ymd accepts: far beyond any record, small enough that
 * every day number fits an int32_t. */
#define YEAR_MIN (-1000000L)
#define YEAR_MAX 1000000L

#define MAX_DURATION 100000

/* ---- day numbers (Howard Hinnant, "chrono-Compatible Low-Level Date
 * Algorithms"): exact for every year, no tables, no loops. -------------- */

static int64_t days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;                                    /* [0, 399] */
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;  /* [0, 365] */
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;            /* [0, 146096] */
	return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;                                 /* [0, 146096] */
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);          /* [0, 365] */
	mp = (5 * doy + 2) / 153;                               /* [0, 11] */
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

static int is_leap(int64_t y)
{
	return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
}

static int days_in_month(int64_t y, int m)
{
	static const unsigned char dim[12] =
		{ 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	return m == 2 && is_leap(y) ? 29 : dim[m - 1];
}

/* Returns -1, leaving *out alone, when month or day is out of range for
 * that month of that year (so 1900-02-29 is refused, 2000-02-29 is not). */
int cw_date_from_ymd(int y, int m, int d, cw_date *out)
{
	if (y < YEAR_MIN || y > YEAR_MAX || m < 1 || m > 12 || d < 1 ||
	    d > days_in_month(y, m))
		return -1;
	*out = (cw_date)days_from_civil(y, m, d);
	return 0;
}

void cw_date_to_ymd(cw_date d, int *y, int *m, int *day)
{
	int64_t yy;

	civil_from_days(d, &yy, m, day);
	*y = (int)yy;
}

/* Years 0-9999 come out as YYYY-MM-DD.  Nothing outside them can reach
 * here: cw_date_parse and cw_date_add keep every date within the years
 * CW_YEAR_MIN to CW_YEAR_MAX, so one that does is a bug, stopped before it
 * is written as a date that is not one. */
void cw_date_format(cw_date d, char out[11])
{
	int y, m, day;

	cw_date_to_ymd(d, &y, &m, &day);
	if (y < 0 || y > 9999) {
		cw_error("internal error: a date outside the years %d to %d",
			 CW_YEAR_MIN, CW_YEAR_MAX);
		exit(CW_EXIT_DATA);
	}
	/* Digits by hand: this runs for every date of every record. */
	out[0] = (char)('0' + y / 1000);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '-';
	out[8] = (char)('0' + day / 10);
	out[9] = (char)('0' + day % 10);
	out[10] = '\0';
}

/* Uses localtime_r, so the day rolls over at local midnight as TZ says:
 * a worker in Shanghai at 07:00 is on today's date, not yesterday's UTC. */
cw_date cw_date_today(void)
{
	time_t t = time(NULL);
	struct tm tm;
	cw_date d;

	if (localtime_r(&t, &tm) == NULL ||
	    cw_date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
			     &d) != 0)
		return (cw_date)(t / 86400);
	return d;
}

void cw_utc_now(char out[21])
{
	/* The last second formatted: a batch asks thousands of times a second. */
	static time_t last = (time_t)-1;
	static char last_out[21];
	time_t t = time(NULL);
	struct tm tm;

	if (t == last) {
		memcpy(out, last_out, 21);
		return;
	}
	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm) != 20)
		strcpy(out, "1970-01-01T00:00:00Z");
	last = t;
	memcpy(last_out, out, 21);
}

/* ---- parsing -------------------------------------------------------- */

static int is_digit(int c)
{
	return c >= '0' && c <= '9';
}

/* Value of the n digits at p (n <= 9). */
static long digits_value(const char *p, size_t n)
{
	long v = 0;

	while (n--)
		v = v * 10 + (*p++ - '0');
	return v;
}

/* The date part split at its separators: up to three runs of digits. */
struct date_parts {
	int n;               /* digit runs found */
	size_t len[3];       /* digits in each run */
	long val[3];         /* value of each run (runs longer than 9: 0) */
	char sep[3];         /* what followed each run: '-', '/', '.', 'Y'
			      * (年), 'M' (月), 'D' (日) or 0 (end) */
};

/* The separators a date may use; the CJK ones are matched as UTF-8. */
static size_t match_sep(const char *p, const char *end, char *sep)
{
	static const struct { const char *s; char code; } seps[] = {
		{ "-", '-' }, { "/", '/' }, { ".", '.' },
		{ "\xE5\xB9\xB4", 'Y' },   /* 年 */
		{ "\xE6\x9C\x88", 'M' },   /* 月 */
		{ "\xE6\x97\xA5", 'D' },   /* 日 */
	};
	size_t i;

	for (i = 0; i < sizeof seps / sizeof seps[0]; i++) {
		size_t n = strlen(seps[i].s);
		if ((size_t)(end - p) >= n && memcmp(p, seps[i].s, n) == 0) {
			*sep = seps[i].code;
			return n;
		}
	}
	return 0;
}

/* Splits p[0..end) into digit runs and separators; -1 when it has any
 * other shape (letters, empty runs, doubled separators, four runs). */
static int split_date(const char *p, const char *end, struct date_parts *dp)
{
	memset(dp, 0, sizeof *dp);
	while (p < end) {
		const char *start = p;
		size_t n;

		if (dp->n == 3)
			return -1;
		while (p < end && is_digit((unsigned char)*p))
			p++;
		if (p == start)
			return -1;
		dp->len[dp->n] = (size_t)(p - start);
		dp->val[dp->n] = dp->len[dp->n] <= 9 ?
			digits_value(start, dp->len[dp->n]) : 0;
		if (p < end) {
			n = match_sep(p, end, &dp->sep[dp->n]);
			if (n == 0)
				return -1;
			p += n;
		}
		dp->n++;
	}
	return dp->n > 0 ? 0 : -1;
}

/* Could d/m/yyyy or m/d/yyyy be a real date?  Used only to choose the
 * message for something already refused. */
static int plausible_day_first(long a, long b, long y)
{
	cw_date tmp;

	if (y < CW_YEAR_MIN || y > CW_YEAR_MAX)
		return 0;
	return cw_date_from_ymd((int)y, (int)b, (int)a, &tmp) == 0 ||
	       cw_date_from_ymd((int)y, (int)a, (int)b, &tmp) == 0;
}

static int plausible_yymmdd(long v)
{
	long m = v / 100 % 100, d = v % 100;

	return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

/* Checks a four-digit year and its month and day. */
static const char *make_date(long y, long m, long d, cw_date *out)
{
	if (y < CW_YEAR_MIN || y > CW_YEAR_MAX)
		return E_YEAR_RANGE;
	if (cw_date_from_ymd((int)y, (int)m, (int)d, out) != 0)
		return E_NO_SUCH_DAY;
	return NULL;
}

/* A run of digits alone: 20260305, 260305 (two-digit year), a year
 * alone, or else a spreadsheet serial (46086 is 2026-03-05 in Excel). */
static const char *parse_digits(const struct date_parts *dp, cw_date *out)
{
	size_t n = dp->len[0];
	long v = dp->val[0];

	if (n == 8) {
		long y = v / 10000, m = v / 100 % 100, d = v % 100;
		const char *why = make_date(y, m, d, out);

		if (why == NULL)
			return NULL;
		if (plausible_day_first(v / 1000000, v / 10000 % 100,
					v % 10000))
			return E_DAY_FIRST;
		return why;
	}
	if (n == 6 && plausible_yymmdd(v))
		return E_TWO_DIGIT;
	if (n == 4 && v >= 1900 && v <= 2099)
		return E_NOT_DATE;              /* a year alone, not a serial */
	if (n >= 1 && n <= 6)
		return E_SERIAL;
	return E_NOT_DATE;
}

/* Classifies the date part (everything before a time) and, when it is one
 * of the accepted forms naming a real day, sets *out. */
static const char *parse_date_part(const char *p, const char *end,
				   cw_date *out)
{
	struct date_parts dp;
	const size_t *len = dp.len;
	const long *val = dp.val;

	if (split_date(p, end, &dp) != 0)
		return E_NOT_DATE;
	if (dp.n == 1 && dp.sep[0] == 0)
		return parse_digits(&dp, out);
	if (dp.n == 2 && dp.sep[0] == '.' && dp.sep[1] == 0 && len[0] <= 6)
		return E_SERIAL;                /* 46086.5 */
	if (dp.n != 3)
		return E_NOT_DATE;

	if (dp.sep[0] == 'Y' && dp.sep[1] == 'M' && dp.sep[2] == 'D') {
		if (len[1] > 2 || len[2] > 2)
			return E_NOT_DATE;
		if (len[0] == 4)
			return make_date(val[0], val[1], val[2], out);
		if (len[0] <= 2)
			return E_TWO_DIGIT;     /* 26年3月5日 */
		return E_NOT_DATE;
	}
	if (dp.sep[2] != 0 || dp.sep[0] != dp.sep[1] ||
	    (dp.sep[0] != '-' && dp.sep[0] != '/' && dp.sep[0] != '.'))
		return E_NOT_DATE;
	if (len[0] == 4 && len[1] <= 2 && len[2] <= 2)
		return make_date(val[0], val[1], val[2], out);
	if (len[0] <= 2 && len[1] <= 2 && len[2] == 4)
		return E_DAY_FIRST;             /* 05/03/2026, 3/5/2026 */
	if (len[0] <= 2 && len[1] <= 2 && len[2] <= 2)
		return E_TWO_DIGIT;             /* 26-03-05, 3/5/26 */
	return E_NOT_DATE;
}

/* Reads exactly n digits at *pp into *v. */
static int take_digits(const char **pp, size_t n, long *v)
{
	const char *p = *pp;
	size_t i;

	for (i = 0; i < n; i++)
		if (!is_digit((unsigned char)p[i]))
			return -1;
	*v = digits_value(p, n);
	*pp = p + n;
	return 0;
}

/* Parses the time after the date: H:MM or HH:MM, optional :SS and
 * fraction, optional Z or +HH:MM / -HHMM offset.  Returns 0 for midnight,
 * 1 for any other time of day, -1 when it is not a time at all. */
static int parse_time(const char *p)
{
	long h, mi, s = 0, oh, om;
	int zero_fraction = 1;

	if (!is_digit((unsigned char)p[0]))
		return -1;
	if (is_digit((unsigned char)p[1])) {
		h = (p[0] - '0') * 10 + (p[1] - '0');
		p += 2;
	} else {
		h = p[0] - '0';
		p++;
	}
	if (*p++ != ':' || take_digits(&p, 2, &mi) != 0)
		return -1;
	if (*p == ':') {
		p++;
		if (take_digits(&p, 2, &s) != 0)
			return -1;
		if (*p == '.') {
			p++;
			if (!is_digit((unsigned char)*p))
				return -1;
			for (; is_digit((unsigned char)*p); p++)
				if (*p != '0')
					zero_fraction = 0;
		}
	}
	if (*p == 'Z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		p++;
		if (take_digits(&p, 2, &oh) != 0)
			return -1;
		if (*p == ':')
			p++;
		if (take_digits(&p, 2, &om) != 0 || oh > 14 || om > 59)
			return -1;
	}
	if (*p != '\0' || h > 23 || mi > 59 || s > 60)
		return -1;
	return h == 0 && mi == 0 && s == 0 && zero_fraction ? 0 : 1;
}

/* The input is taken exactly as typed: surrounding white space is refused
 * like any other stray character, so callers see what the file holds. */
int cw_date_parse(const char *s, cw_date *out, const char **why)
{
	const char *end, *msg;
	cw_date d;

	if (s == NULL) {
		*why = E_NOT_DATE;
		return -1;
	}
	end = s + strcspn(s, " T");
	msg = parse_date_part(s, end, &d);
	if (msg == NULL && *end != '\0') {
		switch (parse_time(end + 1)) {
		case 0:
			break;
		case 1:
			msg = E_TIME;
			break;
		default:
			msg = E_NOT_DATE;
			break;
		}
	}
	if (msg != NULL) {
		*why = msg;
		return -1;
	}
	*out = d;
	return 0;
}

/* ---- durations ------------------------------------------------------ */

int cw_duration_parse(const char *s, cw_duration *out, const char **why)
{
	const char *p = s;
	long n = 0;

	if (s == NULL || !is_digit((unsigned char)*p))
		goto bad;
	for (; is_digit((unsigned char)*p); p++) {
		n = n * 10 + (*p - '0');
		if (n > MAX_DURATION)
			goto bad;
	}
	if ((*p != 'd' && *p != 'w' && *p != 'm' && *p != 'y') || p[1] != '\0')
		goto bad;
	out->n = (int)n;
	out->unit = *p;
	return 0;
bad:
	*why = E_DURATION;
	return -1;
}

/* The first and last days a date may be: 1900-01-01 and 9999-12-31. */
#define DAY_MIN (-25567)
#define DAY_MAX 2932896

/* Days and weeks are exact; months and years move the calendar month and
 * keep the day, or the month's last day when it is shorter, so a monthly
 * review from 31 January falls on 28 (or 29) February.  The one place a
 * date moves: whatever comes out is a date cw_date_parse would accept. */
int cw_date_add(cw_date d, cw_duration dur, cw_date *out)
{
	int64_t y, months, total, r, res;
	int m, day, last;

	switch (dur.unit) {
	case 'd':
		res = d + (int64_t)dur.n;
		goto check;
	case 'w':
		res = d + (int64_t)dur.n * 7;
		goto check;
	case 'm':
		months = dur.n;
		break;
	case 'y':
		months = (int64_t)dur.n * 12;
		break;
	default:
		res = d;
		goto check;
	}
	civil_from_days(d, &y, &m, &day);
	total = y * 12 + (m - 1) + months;
	r = total % 12;
	if (r < 0)
		r += 12;
	y = (total - r) / 12;
	m = (int)r + 1;
	if (y < CW_YEAR_MIN || y > CW_YEAR_MAX)
		return -1;
	last = days_in_month(y, m);
	if (day > last)
		day = last;
	res = days_from_civil(y, m, day);
check:
	if (res < DAY_MIN || res > DAY_MAX)
		return -1;
	*out = (cw_date)res;
	return 0;
}

int cw_duration_from_today(cw_duration dur, const char **why)
{
	cw_date d;

	if (cw_date_add(cw_date_today(), dur, &d) == 0)
		return 0;
	*why = E_PAST_9999;
	return -1;
}
