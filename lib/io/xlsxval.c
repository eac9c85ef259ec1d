/*
 * io/xlsxval.c - a workbook cell's value as text: Excel's _xHHHH_
 * escapes, numbers as the shortest decimal that is the same double,
 * date serials as dates, and which number formats show dates.
 */
#include <math.h>  /* isfinite, a macro: no libm */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "io/io.h"

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The code unit of an escape _xHHHH_ at s (n bytes left), or -1. */
static long escape_at(const char *s, size_t n)
{
	long v = 0;
	int i, h;

	if (n < 7 || s[0] != '_' || (s[1] != 'x' && s[1] != 'X') || s[6] != '_')
		return -1;
	for (i = 2; i < 6; i++) {
		if ((h = hexval((unsigned char)s[i])) < 0)
			return -1;
		v = v * 16 + h;
	}
	return v;
}

static size_t put_utf8(char *o, unsigned long c)
{
	if (c < 0x80) {
		o[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		o[0] = (char)(0xC0 | (c >> 6));
		o[1] = (char)(0x80 | (c & 0x3F));
		return 2;
	}
	if (c < 0x10000) {
		o[0] = (char)(0xE0 | (c >> 12));
		o[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		o[2] = (char)(0x80 | (c & 0x3F));
		return 3;
	}
	o[0] = (char)(0xF0 | (c >> 18));
	o[1] = (char)(0x80 | ((c >> 12) & 0x3F));
	o[2] = (char)(0x80 | ((c >> 6) & 0x3F));
	o[3] = (char)(0x80 | (c & 0x3F));
	return 4;
}

size_t io_xlsx_unescape(char *s, size_t n)
{
	size_t i = 0, o = 0;
	long c, lo;

	if (!memchr(s, '_', n))
		return n;
	while (i < n) {
		c = escape_at(s + i, n - i);
		if (c < 0) {
			s[o++] = s[i++];
			continue;
		}
		/* A character past U+FFFF is two escapes, a surrogate pair;
		 * a lone surrogate is no character and stays as written. */
		if (c >= 0xD800 && c <= 0xDBFF) {
			lo = escape_at(s + i + 7, n - i - 7);
			if (lo < 0xDC00 || lo > 0xDFFF) {
				s[o++] = s[i++];
				continue;
			}
			c = 0x10000 + ((c - 0xD800) << 10) + (lo - 0xDC00);
			i += 7;
		} else if (c >= 0xDC00 && c <= 0xDFFF) {
			s[o++] = s[i++];
			continue;
		}
		/* Never longer than the 7 bytes it replaces. */
		o += put_utf8(s + o, (unsigned long)c);
		i += 7;
	}
	s[o] = '\0';
	return o;
}

/* Built-in number formats that show a date or time (ECMA-376 18.8.30,
 * with the East Asian ones), and of them those that show a time alone. */
int io_xlsx_date_id(long id)
{
	if ((id >= 18 && id <= 21) || (id >= 32 && id <= 35) ||
	    (id >= 45 && id <= 47))
		return IO_XLSX_TIME;
	return (id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 31) ||
	       id == 36 || (id >= 50 && id <= 58) ? IO_XLSX_DATE : 0;
}

int io_xlsx_date_code(const char *code)
{
	const char *p;
	size_t n;
	int date = 0, time = 0, month = 0;

	for (p = code; *p && *p != ';'; p++) {  /* the first section decides */
		switch (*p) {
		case '"':   /* literal text */
			while (p[1] && p[1] != '"')
				p++;
			if (p[1])
				p++;
			break;
		case '[':   /* a colour, a condition, a locale; [h] is hours */
			n = strcspn(p + 1, "]");
			if (n && strspn(p + 1, "hH") == n)
				time = 1;
			p += n + (p[n + 1] != '\0');
			break;
		case '\\':  /* the next character as it is */
		case '_':   /* a space as wide as the next character */
		case '*':   /* the next character repeated */
			if (p[1])
				p++;
			break;
		case 'y': case 'Y': case 'd': case 'D':
			date = 1;
			break;
		case 'm': case 'M':  /* a month, or minutes beside h or s */
			month = 1;
			break;
		case 'h': case 'H': case 's': case 'S':
			time = 1;
			break;
		default:
			break;
		}
	}
	if (date || (month && !time))
		return IO_XLSX_DATE;
	return time ? IO_XLSX_TIME : 0;
}

int io_xlsx_number(const char *v, double *d, char out[32])
{
	char *end;
	int prec;

	*d = strtod(v, &end);
	if (end == v || *end || !isfinite(*d))
		return -1;
	/* A whole number with 15 digits at most, as a spreadsheet shows it
	 * (%g would write 13800138000 as 1.3800138e+10); the range first, as
	 * a cast of a double out of long long's is undefined. */
	if (*d > -1e15 && *d < 1e15 && *d == (double)(long long)*d) {
		snprintf(out, 32, "%lld", (long long)*d);
		return 0;
	}
	for (prec = 1; prec <= 17; prec++) {
		snprintf(out, 32, "%.*g", prec, *d);
		if (strtod(out, NULL) == *d)
			break;
	}
	return 0;
}

const char *io_xlsx_date(double serial, int date1904, int time, char out[32])
{
	static const char *const range =
		"the cell's date is outside the years 1900 to 9999";
	cw_date d;
	long days, secs;
	int y, m, day;

	if (!(serial >= 0 && serial < 2958466))
		return range;
	days = (long)serial;
	secs = (long)((serial - (double)days) * 86400.0 + 0.5);
	if (secs >= 86400) {
		days += 1;
		secs = 0;
	}
	/* Day 0 of the 1900 system, 1900-01-00, is no day: a time alone, as
	 * it is in a format of a time alone. Else day 0 of the 1904 system
	 * is 1904-01-01. */
	if (days == 0 && (!date1904 || time)) {
		snprintf(out, 32, "%02d:%02d:%02d", (int)(secs / 3600),
			 (int)(secs / 60 % 60), (int)(secs % 60));
		return NULL;
	}
	/* The 1900 system counts 1900-02-29, which never was, as day 60
	 * (Lotus 1-2-3's mistake, kept for compatibility). */
	if (!date1904 && days == 60)
		return "the cell holds 1900-02-29, a day that does not exist";
	if (cw_date_from_ymd(date1904 ? 1904 : 1900, 1, 1, &d) != 0)
		return range;
	d += (cw_date)(days - (date1904 ? 0 : days > 60 ? 2 : 1));
	cw_date_to_ymd(d, &y, &m, &day);
	if (y < CW_YEAR_MIN || y > CW_YEAR_MAX || m < 1 || m > 12 ||
	    day < 1 || day > 31)
		return range;
	if (secs)
		snprintf(out, 32, "%04d-%02d-%02dT%02d:%02d:%02d", y, m, day,
			 (int)(secs / 3600), (int)(secs / 60 % 60),
			 (int)(secs % 60));
	else
		snprintf(out, 32, "%04d-%02d-%02d", y, m, day);
	return NULL;
}
