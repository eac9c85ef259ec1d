/* store/sqlite/func.c - the SQL functions every backend provides
 * (store/store.h) that SQLite lacks, defined on each connection. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "store/sqlite/sqlite.h"

/* A stored date (YYYY-MM-DD exactly), or -1. */
static int arg_date(sqlite3_value *v, cw_date *d)
{
	const char *s = (const char *)sqlite3_value_text(v);
	int y, m, day, n = 0;
	if (!s || sscanf(s, "%4d-%2d-%2d%n", &y, &m, &day, &n) != 3 || n != 10 ||
	    s[n] || cw_date_from_ymd(y, m, day, d))
		return -1;
	return 0;
}

static void result_date(sqlite3_context *cx, cw_date d)
{
	char out[11];
	int y, m, day;
	cw_date_to_ymd(d, &y, &m, &day);
	if (y < CW_YEAR_MIN || y > CW_YEAR_MAX) {
		sqlite3_result_null(cx);
		return;
	}
	cw_date_format(d, out);
	sqlite3_result_text(cx, out, 10, SQLITE_TRANSIENT);
}

/* cw_days(a, b): b - a in days. */
static void f_days(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	cw_date a, b;
	(void)argc;
	if (arg_date(argv[0], &a) || arg_date(argv[1], &b))
		sqlite3_result_null(cx);
	else
		sqlite3_result_int64(cx, (sqlite3_int64)b - a);
}

/* cw_add_days(d, n) */
static void f_add_days(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	cw_date d;
	(void)argc;
	if (arg_date(argv[0], &d) || sqlite3_value_type(argv[1]) == SQLITE_NULL)
		sqlite3_result_null(cx);
	else
		result_date(cx, (cw_date)(d + sqlite3_value_int(argv[1])));
}

/* cw_add_months(d, n): the day clamped to the month's last. */
static void f_add_months(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	cw_date d;
	int y, m, day, n, last;
	long months;
	(void)argc;
	if (arg_date(argv[0], &d) || sqlite3_value_type(argv[1]) == SQLITE_NULL) {
		sqlite3_result_null(cx);
		return;
	}
	n = sqlite3_value_int(argv[1]);
	cw_date_to_ymd(d, &y, &m, &day);
	months = (long)y * 12 + (m - 1) + n;
	if (months < (long)CW_YEAR_MIN * 12 || months >= ((long)CW_YEAR_MAX + 1) * 12) {
		sqlite3_result_null(cx);
		return;
	}
	y = (int)(months / 12);
	m = (int)(months % 12) + 1;
	for (last = day; last > 28 && cw_date_from_ymd(y, m, last, &d); last--)
		;
	if (cw_date_from_ymd(y, m, last, &d))
		sqlite3_result_null(cx);
	else
		result_date(cx, d);
}

/* strpos(s, sub): PostgreSQL's, 1-based, 0 when absent; by characters
 * as instr counts them. */
static void f_strpos(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	const unsigned char *s = sqlite3_value_text(argv[0]);
	const char *sub = (const char *)sqlite3_value_text(argv[1]), *at;
	sqlite3_int64 pos = 1;
	const unsigned char *p;
	(void)argc;
	if (!s || !sub) {
		sqlite3_result_null(cx);
		return;
	}
	if (!(at = strstr((const char *)s, sub))) {
		sqlite3_result_int(cx, 0);
		return;
	}
	for (p = s; p < (const unsigned char *)at; p++)
		if ((*p & 0xc0) != 0x80)
			pos++;
	sqlite3_result_int64(cx, pos);
}

/* The local day (as TZ says, like cw_date_today) of a UTC time written
 * YYYY-MM-DDTHH:MM:SSZ, as YYYY-MM-DD into out. Returns 0, or -1 when ts
 * is not such a time. */
static int local_date(const char *ts, char out[11])
{
	int y, mo, d, h, mi, sec, n = 0;
	cw_date day;
	time_t t;
	struct tm tm;

	if (!ts || sscanf(ts, "%4d-%2d-%2dT%2d:%2d:%2dZ%n", &y, &mo, &d, &h,
			  &mi, &sec, &n) != 6 || n != 20 || ts[n] ||
	    h > 23 || mi > 59 || sec > 60 || cw_date_from_ymd(y, mo, d, &day))
		return -1;
	/* timegm, without asking for it: days since the epoch, and the time
	 * of day, in UTC */
	t = (time_t)day * 86400 + (time_t)h * 3600 + mi * 60 + sec;
	if (!localtime_r(&t, &tm) ||
	    cw_date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, &day))
		return -1;
	cw_date_format(day, out);
	return 0;
}

/* cw_local_date(ts): local_date, or the UTC date written in the time
 * when it is not one. */
static void f_local_date(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	const char *ts = (const char *)sqlite3_value_text(argv[0]);
	char day[11];

	(void)argc;
	if (!ts) {
		sqlite3_result_null(cx);
	} else if (!local_date(ts, day)) {
		sqlite3_result_text(cx, day, 10, SQLITE_TRANSIENT);
	} else {
		size_t n = strlen(ts);
		sqlite3_result_text(cx, ts, n < 10 ? (int)n : 10, SQLITE_TRANSIENT);
	}
}

/* string_agg(x, sep): group_concat with PostgreSQL's name (SQLite has it
 * itself from 3.44; this one is used either way, the same). */
static void agg_step(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	cw_buf *b;
	const char *x = (const char *)sqlite3_value_text(argv[0]);
	const char *sep = argc > 1 ? (const char *)sqlite3_value_text(argv[1]) : ",";

	if (!x)
		return;
	if (!(b = sqlite3_aggregate_context(cx, sizeof *b)))
		return;
	if (!b->s)
		cw_buf_init(b);   /* the first value */
	else if (sep)
		cw_buf_addstr(b, sep);
	cw_buf_addstr(b, x);
}

static void agg_final(sqlite3_context *cx)
{
	cw_buf *b = sqlite3_aggregate_context(cx, 0);
	if (!b || !b->s) {
		sqlite3_result_null(cx);
		return;
	}
	sqlite3_result_text(cx, b->s, (int)b->len, SQLITE_TRANSIENT);
	cw_buf_release(b);
}

int sqlite_functions(sqlite3 *h)
{
	int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC;
	return sqlite3_create_function(h, "cw_days", 2, flags, NULL, f_days, NULL, NULL) ||
	       sqlite3_create_function(h, "cw_add_days", 2, flags, NULL, f_add_days, NULL, NULL) ||
	       sqlite3_create_function(h, "cw_add_months", 2, flags, NULL, f_add_months, NULL, NULL) ||
	       sqlite3_create_function(h, "strpos", 2, flags, NULL, f_strpos, NULL, NULL) ||
	       /* not deterministic: it reads TZ */
	       sqlite3_create_function(h, "cw_local_date", 1, SQLITE_UTF8, NULL,
				       f_local_date, NULL, NULL) ||
	       sqlite3_create_function(h, "string_agg", 2, flags, NULL, NULL,
				       agg_step, agg_final) ? -1 : 0;
}
