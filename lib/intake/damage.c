/* intake/damage.c - what a spreadsheet did to a value sent back to
 * sw-intake update.
 *
 * Contract. A data officer exports records (sw-intake list -o csv),
 * corrects them in Excel, WPS or LibreOffice and reads them back with
 * update. The spreadsheet takes text that looks like a number for one and
 * writes the number back: a stored value that comes back so is damage,
 * not an edit, and update rejects its record unless --accept names the
 * field. Given the stored value and the value read (both text, neither
 * empty), intake_damage_of says which damage it is:
 *   - zeros: the stored value is all digits with leading zeros ("007",
 *     "02158881234") and the value read is that number (the stored value
 *     without its leading zeros, "0" for all zeros);
 *   - E-notation: the stored value is all digits and the value read is a
 *     number in E-notation (3.20102197505201E+17, -1.2e5: an optional
 *     sign, digits, an optional fraction, e or E, an optional sign,
 *     digits);
 *   - serial: the stored value is a date YYYY-MM-DD and the value read
 *     is that date's serial number (digits, optionally followed by a
 *     point and zeros) in the 1900 date system of Excel and WPS (day 1
 *     is 1900-01-01, and Excel's day 60 is a 29 February 1900 that never
 *     was, so that from 1900-03-01 the serial counts days since
 *     1899-12-30) or in the 1904 system of older Mac spreadsheets (day 0
 *     is 1904-01-01).
 * Anything else is no damage; the rules never look at the field.
 *
 * A value unchanged in a spreadsheet's safe form is no edit either:
 * intake_damage_same says whether the value read is the stored value
 * written as the formula ="…" (quotes inside doubled), or with an
 * apostrophe in front of a stored value that begins like a formula (=,
 * +, -, @, a tab or a line break): the forms that CSV for Excel writes.
 *
 * intake_damage_check applies both to an update's record before its
 * values are checked. Messages name the field, never the values. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>
#include "intake/intake.h"

/* Whether s is one or more ASCII digits and nothing else. */
static int all_digits(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

/* Whether s is a number in E-notation. */
static int e_notation(const char *s)
{
	size_t n;

	if (*s == '+' || *s == '-')
		s++;
	n = strspn(s, "0123456789");
	if (!n)
		return 0;
	s += n;
	if (*s == '.')
		s += 1 + strspn(s + 1, "0123456789");
	if (*s != 'e' && *s != 'E')
		return 0;
	s++;
	if (*s == '+' || *s == '-')
		s++;
	n = strspn(s, "0123456789");
	return n > 0 && !s[n];
}

/* The whole number s writes (digits, then "." and zeros or nothing):
 * 0 and *out, or -1. */
static int serial_of(const char *s, long *out)
{
	size_t n = strspn(s, "0123456789");
	long v = 0;
	size_t i;

	if (!n || n > 9)
		return -1;
	if (s[n] == '.' && s[n + 1] && strspn(s + n + 1, "0") == strlen(s + n + 1))
		;
	else if (s[n])
		return -1;
	for (i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	*out = v;
	return 0;
}

/* Whether stored is a date YYYY-MM-DD whose serial number is serial, in
 * the 1900 or the 1904 system. */
static int date_serial(const char *stored, long serial)
{
	int y, m, d;
	cw_date day, base, leap;

	if (strlen(stored) != 10 || stored[4] != '-' || stored[7] != '-' ||
	    strspn(stored, "0123456789-") != 10)
		return 0;
	y = (stored[0] - '0') * 1000 + (stored[1] - '0') * 100 +
	    (stored[2] - '0') * 10 + (stored[3] - '0');
	m = (stored[5] - '0') * 10 + (stored[6] - '0');
	d = (stored[8] - '0') * 10 + (stored[9] - '0');
	if (cw_date_from_ymd(y, m, d, &day))
		return 0;
	/* 1900: day 1 is 1900-01-01; from 1900-03-01 one more, for the 29
	 * February 1900 that Excel counts and that never was. */
	if (y >= 1900) {
		cw_date_from_ymd(1900, 1, 1, &base);
		cw_date_from_ymd(1900, 3, 1, &leap);
		if (day - base + 1 + (day >= leap) == serial)
			return 1;
	}
	if (y >= 1904) {
		cw_date_from_ymd(1904, 1, 1, &base);
		if (day - base == serial)
			return 1;
	}
	return 0;
}

/* The length of the white space at s that a spreadsheet drops around a
 * number: a space, a tab, a no-break space (U+00A0) or an ideographic
 * space (U+3000); 0 when none. */
static size_t space_at(const char *s)
{
	if (*s == ' ' || *s == '\t')
		return 1;
	if (!strncmp(s, "\xC2\xA0", 2))
		return 2;
	if (!strncmp(s, "\xE3\x80\x80", 3))
		return 3;
	return 0;
}

/* Whether s, spaces around it allowed when spaced is set, is a decimal
 * number (sign, digits, point, exponent: no hex, no inf or nan): *out
 * is its value. */
static int number_of(const char *s, int spaced, double *out)
{
	char buf[64], *end;
	size_t n, k;

	while (spaced && (k = space_at(s)) > 0)
		s += k;
	n = strspn(s, "0123456789+-.eE");
	if (!n || n >= sizeof buf || !strpbrk(s, "0123456789"))
		return 0;
	for (k = n; s[k]; k += space_at(s + k))
		if (!spaced || !space_at(s + k))
			return 0;
	memcpy(buf, s, n);
	buf[n] = '\0';
	*out = strtod(buf, &end);
	return *end == '\0';
}

/* Whether a number's text is as a spreadsheet writes it: no plus, no
 * leading zero before a digit, no trailing zero after a point. */
static int as_spreadsheet_writes(const char *v)
{
	const char *p = v + (*v == '-'), *e = strpbrk(p, "eE"), *dot;
	size_t n = e ? (size_t)(e - v) : strlen(v);

	if (*p == '+' || (p[0] == '0' && p[1] >= '0' && p[1] <= '9'))
		return 0;
	dot = memchr(v, '.', n);
	return !dot || (v[n - 1] != '0' && v[n - 1] != '.');
}

enum intake_damage intake_damage_of(const char *stored, const char *value)
{
	long serial;
	double a, b;

	if (all_digits(stored)) {
		const char *s = stored;
		while (s[0] == '0' && s[1])
			s++;
		if (s != stored && !strcmp(s, value))
			return INTAKE_DAMAGE_ZEROS;
		if (e_notation(value))
			return INTAKE_DAMAGE_E_NOTATION;
	}
	if (strcmp(stored, value) && number_of(stored, 1, &a) &&
	    number_of(value, 0, &b) && a == b && as_spreadsheet_writes(value))
		return INTAKE_DAMAGE_NUMBER;
	if (all_digits(stored))
		return INTAKE_DAMAGE_NONE;
	if (!serial_of(value, &serial) && date_serial(stored, serial))
		return INTAKE_DAMAGE_SERIAL;
	return INTAKE_DAMAGE_NONE;
}

const char *intake_damage_why(enum intake_damage d)
{
	switch (d) {
	case INTAKE_DAMAGE_ZEROS:
		return "looks like a spreadsheet dropped its leading zeros";
	case INTAKE_DAMAGE_E_NOTATION:
		return "looks like a spreadsheet turned it into a number in E-notation";
	case INTAKE_DAMAGE_SERIAL:
		return "looks like a spreadsheet turned the date into a number";
	case INTAKE_DAMAGE_NUMBER:
		return "looks like a spreadsheet took the text for a number";
	default:
		return NULL;
	}
}

int intake_damage_same(const char *stored, const char *value)
{
	const char *s = stored, *v = value;

	if (value[0] == '\'')
		return stored[0] && strchr("=+-@\t\r\n", stored[0]) &&
		       !strcmp(value + 1, stored);
	if (v[0] != '=' || v[1] != '"')
		return 0;
	for (v += 2; *s; s++, v++) {
		if (*v != *s)
			return 0;
		if (*s == '"' && *++v != '"')
			return 0;
	}
	return v[0] == '"' && !v[1];
}

int intake_damage_check(cw_batch *b, const cw_record *rec, struct row *r,
			char *const stored[NF], const int accept[NF])
{
	enum intake_damage d;
	int f;

	for (f = 0; f < NF; f++) {
		if (!r->v[f] || !stored[f])
			continue;
		if (intake_damage_same(stored[f], r->v[f])) {
			free(r->v[f]);
			r->v[f] = cw_xstrdup(stored[f]);
			continue;
		}
		if (accept[f] || intake_fields[f].kind == FK_READONLY)
			continue;
		d = intake_damage_of(stored[f], r->v[f]);
		if (d != INTAKE_DAMAGE_NONE) {
			cw_batch_reject(b, rec, intake_row_hdr(r, f), "%s",
					intake_damage_why(d));
			return CW_REJECTED;
		}
	}
	return 0;
}
