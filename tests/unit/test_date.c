/* test_date.c - TAP tests for date.c: the accepted and refused date forms,
 * the calendar arithmetic, durations and the clock functions. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "casework.h"
#include "tap.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

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

/* Every accepted form, with the date it names. */
static const struct { const char *in, *want; } accepted[] = {
	{ "2026-03-05", "2026-03-05" },
	{ "2026-3-5", "2026-03-05" },
	{ "2026-03-5", "2026-03-05" },
	{ "2026-3-05", "2026-03-05" },
	{ "2026/3/5", "2026-03-05" },
	{ "2026/03/05", "2026-03-05" },
	{ "2026.3.5", "2026-03-05" },
	{ "2026.03.05", "2026-03-05" },
	{ "2026年3月5日", "2026-03-05" },
	{ "2026年03月05日", "2026-03-05" },
	{ "2026年12月31日", "2026-12-31" },
	{ "20260305", "2026-03-05" },
	{ "2026-03-05 00:00", "2026-03-05" },
	{ "2026-03-05T00:00", "2026-03-05" },
	{ "2026-03-05 00:00:00", "2026-03-05" },
	{ "2026-03-05T00:00:00", "2026-03-05" },
	{ "2026-03-05 0:00", "2026-03-05" },
	{ "2026-03-05 0:00:00", "2026-03-05" },
	{ "2026-03-05 00:00:00.000", "2026-03-05" },
	{ "2026-03-05T00:00:00.0", "2026-03-05" },
	{ "2026-03-05T00:00:00Z", "2026-03-05" },
	{ "2026-03-05T00:00:00.000Z", "2026-03-05" },
	{ "2026-03-05T00:00+08:00", "2026-03-05" },
	{ "2026-03-05T00:00:00+08:00", "2026-03-05" },
	{ "2026-03-05T00:00:00-05:00", "2026-03-05" },
	{ "2026-03-05T00:00:00+0800", "2026-03-05" },
	{ "2026/3/5 0:00", "2026-03-05" },
	{ "2026/03/05 00:00:00", "2026-03-05" },
	{ "2026.3.5 00:00", "2026-03-05" },
	{ "2026年3月5日 00:00", "2026-03-05" },
	{ "20260305T00:00:00Z", "2026-03-05" },
	{ "1900-01-01", "1900-01-01" },
	{ "9999-12-31", "9999-12-31" },
	{ "1900-02-28", "1900-02-28" },
	{ "2000-02-29", "2000-02-29" },
	{ "2024-02-29", "2024-02-29" },
	{ "1970-01-01", "1970-01-01" },
	{ "1969-12-31", "1969-12-31" },
	{ "19491001", "1949-10-01" },
};

/* Every refused form, with the message that tells the user what to do. */
static const struct { const char *in, *why; } refused[] = {
	/* day or month first */
	{ "05/03/2026", E_DAY_FIRST },
	{ "3/5/2026", E_DAY_FIRST },
	{ "05-03-2026", E_DAY_FIRST },
	{ "5.3.2026", E_DAY_FIRST },
	{ "31/12/2026", E_DAY_FIRST },
	{ "05/03/2026 00:00", E_DAY_FIRST },
	{ "05032026", E_DAY_FIRST },
	{ "12032026", E_DAY_FIRST },
	/* two-digit years */
	{ "26-03-05", E_TWO_DIGIT },
	{ "3/5/26", E_TWO_DIGIT },
	{ "05/03/26", E_TWO_DIGIT },
	{ "26.3.5", E_TWO_DIGIT },
	{ "260305", E_TWO_DIGIT },
	{ "26年3月5日", E_TWO_DIGIT },
	/* spreadsheet serial numbers */
	{ "46086", E_SERIAL },
	{ "46086.5", E_SERIAL },
	{ "1", E_SERIAL },
	{ "0", E_SERIAL },
	{ "999999", E_SERIAL },
	{ "46086.25", E_SERIAL },
	/* no such day */
	{ "2026-02-30", E_NO_SUCH_DAY },
	{ "2025-02-29", E_NO_SUCH_DAY },
	{ "1900-02-29", E_NO_SUCH_DAY },
	{ "2100-02-29", E_NO_SUCH_DAY },
	{ "2026-13-01", E_NO_SUCH_DAY },
	{ "2026-00-10", E_NO_SUCH_DAY },
	{ "2026-01-00", E_NO_SUCH_DAY },
	{ "2026-04-31", E_NO_SUCH_DAY },
	{ "2026-01-32", E_NO_SUCH_DAY },
	{ "2026/2/30", E_NO_SUCH_DAY },
	{ "2026年2月30日", E_NO_SUCH_DAY },
	{ "20260230", E_NO_SUCH_DAY },
	{ "20261301", E_NO_SUCH_DAY },
	{ "2026-02-30 00:00", E_NO_SUCH_DAY },
	/* a time of day */
	{ "2026-03-05 10:30", E_TIME },
	{ "2026-03-05T10:30:00", E_TIME },
	{ "2026-03-05T00:00:01", E_TIME },
	{ "2026-03-05T00:01", E_TIME },
	{ "2026-03-05 00:00:00.001", E_TIME },
	{ "2026-03-05T23:59:59Z", E_TIME },
	{ "2026-03-05T08:00:00+08:00", E_TIME },
	{ "2026年3月5日 9:00", E_TIME },
	/* anything else */
	{ "", E_NOT_DATE },
	{ " 2026-03-05", E_NOT_DATE },
	{ "2026-03-05 ", E_NOT_DATE },
	{ "2026-03-05\n", E_NOT_DATE },
	{ "\t2026-03-05", E_NOT_DATE },
	{ "2026-03", E_NOT_DATE },
	{ "2026", E_NOT_DATE },
	{ "1990", E_NOT_DATE },
	{ "1899", E_SERIAL },
	{ "9284", E_SERIAL },
	{ "2026-03-05-", E_NOT_DATE },
	{ "2026--03-05", E_NOT_DATE },
	{ "2026-03/05", E_NOT_DATE },
	{ "2026-003-05", E_NOT_DATE },
	{ "2026-03-005", E_NOT_DATE },
	{ "02026-03-05", E_NOT_DATE },
	{ "0999-12-31", E_YEAR_RANGE },
	/* the years 1900 to 9999 only */
	{ "1899-12-31", E_YEAR_RANGE },
	{ "1000-01-01", E_YEAR_RANGE },
	{ "0000-01-01", E_YEAR_RANGE },
	{ "1899/12/31", E_YEAR_RANGE },
	{ "1899年12月31日", E_YEAR_RANGE },
	{ "18991231", E_YEAR_RANGE },
	{ "-2026-03-05", E_NOT_DATE },
	{ "+2026-03-05", E_NOT_DATE },
	{ "2026年3月5", E_NOT_DATE },
	{ "2026年3月5号", E_NOT_DATE },
	{ "2026年 3月 5日", E_NOT_DATE },
	{ "2026-03-05T", E_NOT_DATE },
	{ "2026-03-05 ", E_NOT_DATE },
	{ "2026-03-05 00", E_NOT_DATE },
	{ "2026-03-05 00:0", E_NOT_DATE },
	{ "2026-03-05 000:00", E_NOT_DATE },
	{ "2026-03-05 24:00", E_NOT_DATE },
	{ "2026-03-05 00:60", E_NOT_DATE },
	{ "2026-03-05 00:00:00.", E_NOT_DATE },
	{ "2026-03-05 00:00 Z", E_NOT_DATE },
	{ "2026-03-05 00:00+8", E_NOT_DATE },
	{ "2026-03-05 00:00+08:", E_NOT_DATE },
	{ "2026-03-05 00:00+15:00", E_NOT_DATE },
	{ "2026-03-05 00:00z", E_NOT_DATE },
	{ "2026-03-05  00:00", E_NOT_DATE },
	{ "2026-03-05t00:00", E_NOT_DATE },
	{ "March 5, 2026", E_NOT_DATE },
	{ "Today", E_NOT_DATE },
	{ "2026-Mar-05", E_NOT_DATE },
	{ "１９９０-01-01", E_NOT_DATE },
	{ "2026030", E_NOT_DATE },
	{ "202603051", E_NOT_DATE },
	{ "12345678901234567890", E_NOT_DATE },
	{ "46086.", E_NOT_DATE },
	{ ".5", E_NOT_DATE },
	{ "2026.3.5.1", E_NOT_DATE },
	{ "1234567.5", E_NOT_DATE },
};

/* Leap years by the Gregorian rule: 1900 and 2100 are not, 2000 is. */
static const struct { int y; int leap; } leaps[] = {
	{ 1900, 0 }, { 2000, 1 }, { 2100, 0 }, { 2400, 1 }, { 1600, 1 },
	{ 2024, 1 }, { 2025, 0 }, { 2026, 0 }, { 2028, 1 }, { 1000, 0 },
	{ 1004, 1 }, { 9996, 1 }, { 9999, 0 },
};

/* Day numbers checked against an independent implementation (Python's
 * datetime.date: (date - date(1970, 1, 1)).days). */
static const struct { int y, m, d; long days; } known[] = {
	{ 1970, 1, 1, 0 },
	{ 1969, 12, 31, -1 },
	{ 1000, 1, 1, -354285 },
	{ 9999, 12, 31, 2932896 },
	{ 1900, 1, 1, -25567 },
	{ 2100, 12, 31, 47846 },
	{ 2000, 2, 29, 11016 },
	{ 2026, 3, 5, 20517 },
	{ 1600, 3, 1, -135080 },
};

/* Parts that name no day. */
static const struct { int y, m, d; } bad_ymd[] = {
	{ 2026, 0, 1 }, { 2026, 13, 1 }, { 2026, 1, 0 }, { 2026, 1, 32 },
	{ 2026, 2, 29 }, { 1900, 2, 29 }, { 2026, 4, 31 }, { 2026, 6, 31 },
	{ 2026, 9, 31 }, { 2026, 11, 31 }, { 2026, -1, 1 }, { 2026, 1, -1 },
};

static const struct { const char *in; int n; char unit; } durations[] = {
	{ "0d", 0, 'd' }, { "1d", 1, 'd' }, { "30d", 30, 'd' },
	{ "2w", 2, 'w' }, { "6m", 6, 'm' }, { "1y", 1, 'y' },
	{ "100000d", 100000, 'd' }, { "007d", 7, 'd' }, { "12m", 12, 'm' },
};

static const char *const bad_durations[] = {
	"", "d", "1", "-1d", "+1d", "1D", "1W", "1M", "1Y", "1 d", " 1d",
	"1d ", "1h", "1dd", "1.5m", "100001d", "99999999999999999999d",
	"1dw", "one day", "1年",
};

/* Calendar arithmetic, with month-end clamping. */
static const struct { const char *from, *dur, *want; } adds[] = {
	{ "2026-01-31", "1m", "2026-02-28" },
	{ "2024-01-31", "1m", "2024-02-29" },
	{ "2024-02-29", "1y", "2025-02-28" },
	{ "2024-02-29", "4y", "2028-02-29" },
	{ "2024-02-29", "12m", "2025-02-28" },
	{ "2026-03-31", "1m", "2026-04-30" },
	{ "2026-01-31", "2m", "2026-03-31" },
	{ "2026-08-31", "1m", "2026-09-30" },
	{ "2026-12-15", "1m", "2027-01-15" },
	{ "2026-11-30", "3m", "2027-02-28" },
	{ "2026-01-15", "0m", "2026-01-15" },
	{ "2026-01-15", "24m", "2028-01-15" },
	{ "2026-01-15", "25m", "2028-02-15" },
	{ "2026-03-05", "0d", "2026-03-05" },
	{ "2026-03-05", "1d", "2026-03-06" },
	{ "2026-02-28", "1d", "2026-03-01" },
	{ "2024-02-28", "1d", "2024-02-29" },
	{ "2026-12-31", "1d", "2027-01-01" },
	{ "2026-03-05", "30d", "2026-04-04" },
	{ "2026-03-05", "1w", "2026-03-12" },
	{ "2026-12-28", "2w", "2027-01-11" },
	{ "2026-03-05", "1y", "2027-03-05" },
	{ "1999-12-31", "1d", "2000-01-01" },
	{ "2000-02-29", "100y", "2100-02-28" },
	{ "1900-01-01", "100000d", "2173-10-16" },
};

/* Walks every day of 1900-2100 with its own calendar rule and checks each
 * one both ways and through format and parse. */
static void round_trip(void)
{
	static const int dim[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
				     30, 31 };
	long days = 0, bad_from = 0, bad_to = 0, bad_fmt = 0, bad_parse = 0;
	cw_date first = 0, prev = 0;
	int y, m, d;

	for (y = 1900; y <= 2100; y++) {
		int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
		for (m = 1; m <= 12; m++) {
			int last = dim[m - 1] + (m == 2 && leap);
			for (d = 1; d <= last; d++) {
				cw_date x, p;
				int yy, mm, dd;
				char want[40], got[11];
				const char *why = NULL;

				if (cw_date_from_ymd(y, m, d, &x) != 0 ||
				    (days > 0 && x != prev + 1)) {
					bad_from++;
					continue;
				}
				if (days == 0)
					first = x;
				prev = x;
				days++;
				cw_date_to_ymd(x, &yy, &mm, &dd);
				if (yy != y || mm != m || dd != d)
					bad_to++;
				snprintf(want, sizeof want, "%04d-%02d-%02d",
					 y, m, d);
				cw_date_format(x, got);
				if (strcmp(want, got) != 0)
					bad_fmt++;
				if (cw_date_parse(got, &p, &why) != 0 || p != x)
					bad_parse++;
			}
		}
	}
	ok(days == 73414, "1900-01-01..2100-12-31 is 73414 days (%ld)", days);
	ok(first == -25567, "1900-01-01 is day -25567");
	ok(bad_from == 0, "from_ymd gives consecutive days (%ld wrong)",
	   bad_from);
	ok(bad_to == 0, "to_ymd inverts from_ymd (%ld wrong)", bad_to);
	ok(bad_fmt == 0, "format writes YYYY-MM-DD (%ld wrong)", bad_fmt);
	ok(bad_parse == 0, "parse reads format's output (%ld wrong)",
	   bad_parse);
}

/* cw_date_today follows TZ: in Asia/Shanghai it is UTC+8 all year. */
static void clock_tests(void)
{
	const char *tz = getenv("TZ");
	time_t before = time(NULL), after;
	cw_date today = cw_date_today();
	char now[21], date[40];
	struct tm tm;
	int shape = 1, i;

	after = time(NULL);
	if (tz != NULL && strcmp(tz, "Asia/Shanghai") == 0) {
		cw_date lo = (cw_date)((before + 8 * 3600) / 86400);
		cw_date hi = (cw_date)((after + 8 * 3600) / 86400);
		ok(today == lo || today == hi,
		   "today in Asia/Shanghai is UTC+8's date");
	} else {
		struct tm lt;
		cw_date want = 0;
		localtime_r(&before, &lt);
		cw_date_from_ymd(lt.tm_year + 1900, lt.tm_mon + 1, lt.tm_mday,
				 &want);
		ok(today == want || today == want + 1,
		   "today matches localtime (TZ %s)", tz ? tz : "unset");
	}

	memset(now, 'x', sizeof now);
	cw_utc_now(now);
	for (i = 0; i < 20; i++) {
		const char *pat = "dddd-dd-ddTdd:dd:ddZ";
		if (pat[i] == 'd' ? now[i] < '0' || now[i] > '9'
				  : now[i] != pat[i])
			shape = 0;
	}
	ok(shape && now[20] == '\0', "utc_now is YYYY-MM-DDTHH:MM:SSZ");
	gmtime_r(&before, &tm);
	snprintf(date, sizeof date, "%04d-%02d-%02d", tm.tm_year + 1900,
		 tm.tm_mon + 1, tm.tm_mday);
	ok(strncmp(now, date, 10) == 0 || after / 86400 != before / 86400,
	   "utc_now's date is the UTC date");
}

int main(void)
{
	size_t i;

	for (i = 0; i < N(accepted); i++) {
		cw_date d = -999999;
		const char *why = NULL;
		char got[11] = "";
		int r = cw_date_parse(accepted[i].in, &d, &why);

		if (r == 0)
			cw_date_format(d, got);
		ok(r == 0 && why == NULL, "parse accepts \"%s\"",
		   show(accepted[i].in));
		ok(strcmp(got, accepted[i].want) == 0, "\"%s\" is %s (got %s)",
		   show(accepted[i].in), accepted[i].want, got);
	}

	for (i = 0; i < N(refused); i++) {
		cw_date d = 12345;
		const char *why = NULL;
		int r = cw_date_parse(refused[i].in, &d, &why);

		ok(r == -1 && d == 12345, "parse refuses \"%s\"",
		   show(refused[i].in));
		ok(why != NULL && strcmp(why, refused[i].why) == 0,
		   "\"%s\": %s (got %s)", show(refused[i].in), refused[i].why,
		   why ? why : "(null)");
	}

	for (i = 0; i < N(leaps); i++) {
		cw_date d;
		int r = cw_date_from_ymd(leaps[i].y, 2, 29, &d);
		ok((r == 0) == leaps[i].leap, "%d is %sa leap year",
		   leaps[i].y, leaps[i].leap ? "" : "not ");
	}

	for (i = 0; i < N(known); i++) {
		cw_date d = 0;
		int y = 0, m = 0, day = 0;
		int r = cw_date_from_ymd(known[i].y, known[i].m, known[i].d,
					 &d);
		ok(r == 0 && d == known[i].days, "%04d-%02d-%02d is day %ld",
		   known[i].y, known[i].m, known[i].d, known[i].days);
		cw_date_to_ymd((cw_date)known[i].days, &y, &m, &day);
		ok(y == known[i].y && m == known[i].m && day == known[i].d,
		   "day %ld is %04d-%02d-%02d", known[i].days, known[i].y,
		   known[i].m, known[i].d);
	}

	for (i = 0; i < N(bad_ymd); i++) {
		cw_date d = 777;
		int r = cw_date_from_ymd(bad_ymd[i].y, bad_ymd[i].m,
					 bad_ymd[i].d, &d);
		ok(r == -1 && d == 777, "from_ymd refuses %d-%d-%d",
		   bad_ymd[i].y, bad_ymd[i].m, bad_ymd[i].d);
	}

	round_trip();

	for (i = 0; i < N(durations); i++) {
		cw_duration dur = { -1, '?' };
		const char *why = NULL;
		int r = cw_duration_parse(durations[i].in, &dur, &why);
		ok(r == 0 && dur.n == durations[i].n &&
		   dur.unit == durations[i].unit, "duration \"%s\" is %d%c",
		   durations[i].in, durations[i].n, durations[i].unit);
	}
	for (i = 0; i < N(bad_durations); i++) {
		cw_duration dur = { -1, '?' };
		const char *why = NULL;
		int r = cw_duration_parse(bad_durations[i], &dur, &why);
		ok(r == -1 && dur.n == -1, "duration refuses \"%s\"",
		   show(bad_durations[i]));
		ok(why != NULL && strcmp(why, E_DURATION) == 0,
		   "\"%s\": %s", show(bad_durations[i]), E_DURATION);
	}

	for (i = 0; i < N(adds); i++) {
		cw_date d = 0;
		cw_duration dur = { 0, 'd' };
		const char *why = NULL;
		char got[11] = "";

		if (cw_date_parse(adds[i].from, &d, &why) == 0 &&
		    cw_duration_parse(adds[i].dur, &dur, &why) == 0 &&
		    cw_date_add(d, dur, &d) == 0)
			cw_date_format(d, got);
		ok(strcmp(got, adds[i].want) == 0, "%s + %s = %s (got %s)",
		   adds[i].from, adds[i].dur, adds[i].want, got);
	}

	{
		char out[11];
		cw_duration bogus = { 5, 'q' };
		cw_date d = 20517, back = 0;
		int y, m, day;

		cw_date_format(0, out);
		ok(strcmp(out, "1970-01-01") == 0, "day 0 formats 1970-01-01");
		cw_date_format(-354285, out);
		ok(strcmp(out, "1000-01-01") == 0, "year 1000 formats");
		ok(cw_date_add(d, bogus, &back) == 0 && back == d,
		   "unknown unit adds nothing");
		cw_date_to_ymd(-719528, &y, &m, &day);
		ok(y == 0 && m == 1 && day == 1, "day -719528 is 0000-01-01");
		ok(cw_date_from_ymd(-4713, 11, 24, &back) == 0 &&
		   back == -2440588, "-4713-11-24 (JD 0) is day -2440588");
	}

	/* Nothing added goes past 9999-12-31 (or before 1900-01-01): the
	 * result is refused, *out left alone, never a date that is not one. */
	{
		static const struct { const char *from, *dur; } past[] = {
			{ "2026-12-05", "100000y" }, { "2026-12-05", "7974y" },
			{ "9999-12-31", "1d" }, { "9999-12-25", "1w" },
			{ "9999-12-01", "1m" }, { "9999-01-01", "1y" },
			{ "9000-01-01", "100000w" }, { "2026-01-01", "100000m" },
		};
		static const struct { const char *from, *dur, *want; } edge[] = {
			{ "2026-12-05", "7973y", "9999-12-05" },
			{ "9999-12-30", "1d", "9999-12-31" },
			{ "9999-11-30", "1m", "9999-12-30" },
			{ "1900-01-01", "0d", "1900-01-01" },
		};
		for (i = 0; i < N(past); i++) {
			cw_date d = 0, out = 12345;
			cw_duration dur = { 0, 'd' };
			const char *why;
			int r = cw_date_parse(past[i].from, &d, &why) == 0 &&
				cw_duration_parse(past[i].dur, &dur, &why) == 0 ?
				cw_date_add(d, dur, &out) : 0;
			ok(r == -1 && out == 12345, "%s + %s is past 9999: refused",
			   past[i].from, past[i].dur);
		}
		for (i = 0; i < N(edge); i++) {
			cw_date d = 0;
			cw_duration dur = { 0, 'd' };
			const char *why;
			char got[11] = "";
			if (cw_date_parse(edge[i].from, &d, &why) == 0 &&
			    cw_duration_parse(edge[i].dur, &dur, &why) == 0 &&
			    cw_date_add(d, dur, &d) == 0)
				cw_date_format(d, got);
			ok(strcmp(got, edge[i].want) == 0, "%s + %s = %s (got %s)",
			   edge[i].from, edge[i].dur, edge[i].want, got);
		}
		{
			cw_date out = 7;
			ok(cw_date_add(-25568, (cw_duration){ 0, 'd' }, &out) == -1 &&
			   out == 7, "1899-12-31 + 0d is refused (before 1900)");
		}
	}
	{
		cw_duration dur = { 100000, 'y' };
		const char *why = NULL;
		ok(cw_duration_from_today(dur, &why) == -1 && why &&
		   !strcmp(why, "from today this falls after the year 9999"),
		   "100000y from today is refused");
		dur.n = 1;
		ok(cw_duration_from_today(dur, &why) == 0, "1y from today is fine");
	}

	clock_tests();

	return tap_done();
}
