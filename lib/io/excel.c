/*
 * io/excel.c - CSV for Excel and WPS (--excel): values a spreadsheet
 * would change when it opens the file, written so that it cannot.
 *
 * A spreadsheet opening CSV takes every cell that looks like a number or
 * a date for one: an identity number turns into 3.20102197505201E+17 (its
 * last digits gone), a phone or a code loses its leading zeros, 2026-03-01
 * becomes a date in the reader's own format. Such a value is written as
 * the formula ="...", which Excel, WPS and LibreOffice evaluate to the
 * text itself, nothing else in the cell. (The other common trick, a
 * leading tab, keeps the digits too, but the tab stays in the value and in
 * every copy and re-export.) A formula's string holds at most 255
 * characters and no line break; longer or multi-line values are written
 * as they are, which no spreadsheet takes for a number anyway.
 *
 * Text a spreadsheet would run as a formula, or that hides one (a first
 * character of =, +, -, @, tab, CR or LF: OWASP's list), gets a leading '
 * so that it is shown, never run: "=HYPERLINK(...)" arrives as the text
 * '=HYPERLINK(...). A number in a numeric column (a count, a change of
 * -3) stays a number.
 */
#include <string.h>
#include <strings.h>
#include "casework.h"

static int digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Whether s begins with the English name of a month, whole or in three
 * letters, then separators and a digit: "Mar 5", "March-2026". */
static int month_first(const char *s)
{
	static const char *const m[] = {
		"january", "february", "march", "april", "may", "june", "july",
		"august", "september", "october", "november", "december"
	};
	size_t i, k, n;

	for (i = 0; i < 12; i++)
		for (k = 0; k < 2; k++) {
			const char *q = s;
			n = k ? strlen(m[i]) : 3;
			if (strncasecmp(s, m[i], n))
				continue;
			for (q += n; *q && strchr(" -/.,", *q); q++)
				;
			if (digit(*q))
				return 1;
		}
	return 0;
}

/* Characters in s (UTF-8). */
static size_t chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += (*s & 0xC0) != 0x80;
	return n;
}

int cw_excel_converts(const char *v)
{
	const char *p = v;

	/* Spaces before a number do not keep it text: ASCII, no-break
	 * (U+00A0) and ideographic (U+3000) ones. */
	for (;;) {
		if (*p == ' ')
			p++;
		else if (!strncmp(p, "\xC2\xA0", 2))
			p += 2;
		else if (!strncmp(p, "\xE3\x80\x80", 3))
			p += 3;
		else
			break;
	}
	/* Numbers, dates, times, fractions, percentages, E-notation: all
	 * begin with a digit, or with a sign, a point, a parenthesis or a
	 * currency sign before one. */
	if (digit(*p))
		return 1;
	if ((*p == '.' || *p == '(' || *p == '$') && digit(p[1]))
		return 1;
	if ((!strncmp(p, "\xC2\xA5", 2) || !strncmp(p, "\xC2\xA3", 2)) &&
	    digit(p[2]))
		return 1;  /* ¥ £ */
	if ((!strncmp(p, "\xEF\xBF\xA5", 3) || !strncmp(p, "\xE2\x82\xAC", 3)) &&
	    digit(p[3]))
		return 1;  /* ￥ € */
	if (!strcmp(p, "TRUE") || !strcmp(p, "FALSE") ||
	    !strcmp(p, "true") || !strcmp(p, "false") ||
	    !strcmp(p, "True") || !strcmp(p, "False"))
		return 1;
	return month_first(p);
}

int cw_excel_formula_like(const char *v)
{
	return v[0] && strchr("=+-@\t\r\n", v[0]) != NULL;
}

void cw_excel_field(cw_buf *b, const char *v, int number)
{
	size_t n;
	cw_buf tmp;
	const char *p;

	if (!v || !*v)
		return;
	n = strlen(v);
	if (number) {
		cw_csv_quote(b, v, n);
		return;
	}
	cw_buf_init(&tmp);
	if (cw_excel_formula_like(v)) {
		cw_buf_addch(&tmp, '\'');
		cw_buf_add(&tmp, v, n);
	} else if (cw_excel_converts(v) && chars(v) <= 255 && !strpbrk(v, "\r\n")) {
		cw_buf_addstr(&tmp, "=\"");
		for (p = v; *p; p++) {
			if (*p == '"')
				cw_buf_addch(&tmp, '"');
			cw_buf_addch(&tmp, *p);
		}
		cw_buf_addch(&tmp, '"');
	} else {
		cw_buf_add(&tmp, v, n);
	}
	cw_csv_quote(b, tmp.s, tmp.len);
	cw_buf_release(&tmp);
}
