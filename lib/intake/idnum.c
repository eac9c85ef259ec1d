/* intake/idnum.c - resident identity numbers (GB 11643) and phone numbers.
 *
 * Both arrive typed by hand or exported from spreadsheets, so the checks
 * aim at the mistakes people and spreadsheets actually make: a mistyped
 * digit (the check character catches it), a lowercase x, a legacy
 * 15-digit number, and an 18-digit number a spreadsheet turned into
 * 1.10105E+17.  Messages are static and never repeat the number: it is
 * personal data. */
#include <string.h>
#include "casework.h"

static const char E_MANGLED[] = "looks like a number a spreadsheet has "
	"rounded; format the column as text and export again";
static const char E_LENGTH[] = "not 18 characters (or 15 digits)";
static const char E_CHARS[] =
	"contains characters other than digits and a final X";
static const char E_CHECK[] = "check character does not match "
	"(mistyped digit?)";
static const char E_BIRTH[] = "birth date in the number is not a real date";
static const char E_PHONE[] = "not a phone number";

static int is_digit(int c)
{
	return c >= '0' && c <= '9';
}

/* The GB 11643 check character of the 17 digits at p. */
static char check_char(const char *p)
{
	static const unsigned char weight[17] =
		{ 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
	unsigned sum = 0;
	int i;

	for (i = 0; i < 17; i++)
		sum += (unsigned)(p[i] - '0') * weight[i];
	return "10X98765432"[sum % 11];
}

/* The tell-tales of a number that went through a spreadsheet's floating
 * point: an exponent (1.10105E+17) or a decimal point next to a digit
 * (110105199001011000.0).  Checked first, because such a value is also
 * the wrong length and "not 18 characters" would send the user looking in
 * the wrong place. */
static int looks_mangled(const char *s)
{
	const char *p;

	if (strstr(s, "E+") != NULL || strstr(s, "e+") != NULL)
		return 1;
	for (p = strchr(s, '.'); p != NULL; p = strchr(p + 1, '.'))
		if ((p > s && is_digit((unsigned char)p[-1])) ||
		    is_digit((unsigned char)p[1]))
			return 1;
	return 0;
}

/* The YYYYMMDD at p must name a real day from 1900 up to today. */
static int birth_date_ok(const char *p)
{
	cw_date d;
	int y, m, day, i;

	for (i = 0; i < 8; i++)
		if (!is_digit((unsigned char)p[i]))
			return 0;
	y = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 +
	    (p[3] - '0');
	m = (p[4] - '0') * 10 + (p[5] - '0');
	day = (p[6] - '0') * 10 + (p[7] - '0');
	return y >= 1900 && cw_date_from_ymd(y, m, day, &d) == 0 &&
	       d <= cw_date_today();
}

/* Checks in the order that gives the most useful message: spreadsheet
 * damage, stray characters, length, birth date, then the check character
 * (a mistyped birth-date digit is reported as the date it breaks). */
int cw_idnum_normalise(const char *s, char out[19], const char **why)
{
	char id[19];
	size_t n, i;

	if (s == NULL) {
		*why = E_LENGTH;
		return -1;
	}
	if (looks_mangled(s)) {
		*why = E_MANGLED;
		return -1;
	}
	n = strlen(s);
	for (i = 0; i < n; i++) {
		if (is_digit((unsigned char)s[i]))
			continue;
		if ((s[i] == 'X' || s[i] == 'x') && i == 17 && n == 18)
			continue;
		if ((s[i] == 'X' || s[i] == 'x') && n != 18 && n != 15)
			continue;       /* wrong length is the better message */
		*why = E_CHARS;
		return -1;
	}
	if (n == 15) {
		/* Legacy: YYMMDD in the 20th century and no check character. */
		memcpy(id, s, 6);
		id[6] = '1';
		id[7] = '9';
		memcpy(id + 8, s + 6, 9);
	} else if (n == 18) {
		memcpy(id, s, 18);
		if (id[17] == 'x')
			id[17] = 'X';
	} else {
		*why = E_LENGTH;
		return -1;
	}
	if (!birth_date_ok(id + 6)) {
		*why = E_BIRTH;
		return -1;
	}
	if (n == 15) {
		id[17] = check_char(id);
	} else if (id[17] != check_char(id)) {
		*why = E_CHECK;
		return -1;
	}
	id[18] = '\0';
	memcpy(out, id, 19);
	return 0;
}

/* For a normalised number; -1 when characters 7-14 are not a real date. */
int cw_idnum_birth_date(const char id[19], cw_date *out)
{
	int y = 0, m = 0, d = 0, i;

	for (i = 6; i < 14; i++)
		if (!is_digit((unsigned char)id[i]))
			return -1;
	for (i = 6; i < 10; i++)
		y = y * 10 + (id[i] - '0');
	m = (id[10] - '0') * 10 + (id[11] - '0');
	d = (id[12] - '0') * 10 + (id[13] - '0');
	return cw_date_from_ymd(y, m, d, out);
}

/* 'm' when the 17th character (the order code's last digit) is odd, 'f'
 * when even, '\0' when it is not a digit (not a normalised number). */
char cw_idnum_sex(const char id[19])
{
	if (!is_digit((unsigned char)id[16]))
		return '\0';
	return (id[16] - '0') % 2 ? 'm' : 'f';
}

/* Separators people put in phone numbers; all are dropped. */
static int is_phone_sep(int c)
{
	return c == ' ' || c == '-' || c == '.' || c == '(' || c == ')';
}

/* Keeps '+' and digits, dropping separators; then strips +86 or 0086 from
 * a mainland mobile (11 digits starting with 1), so one person's number
 * compares equal however it was written.  Other numbers keep their
 * prefix: a landline stays 01012345678, a foreign number +44...  A number
 * starting with 1 must be an 11-digit mobile unless it is a short service
 * number (110, 12345, 10086: at most 5 digits). */
int cw_phone_normalise(const char *s, char **out, const char **why)
{
	char buf[32];
	size_t n = 0, digits;
	const char *p, *num;
	int plus = 0;

	if (s == NULL)
		goto bad;
	for (p = s; *p; p++) {
		if (is_phone_sep((unsigned char)*p))
			continue;
		if (*p == '+' && n == 0 && !plus) {
			plus = 1;
			continue;
		}
		if (!is_digit((unsigned char)*p) || n >= sizeof buf - 1)
			goto bad;
		buf[n++] = *p;
	}
	buf[n] = '\0';
	num = buf;
	digits = n;
	if (plus && digits == 13 && memcmp(num, "86", 2) == 0 &&
	    num[2] == '1') {
		num += 2;
		digits -= 2;
		plus = 0;
	} else if (!plus && digits == 15 && memcmp(num, "0086", 4) == 0 &&
		   num[4] == '1') {
		num += 4;
		digits -= 4;
	}
	if (digits < 3 || digits > 20)
		goto bad;
	if (!plus && num[0] == '1' && digits != 11 && digits > 5)
		goto bad;
	if (plus) {
		char *r = cw_xmalloc(digits + 2);
		r[0] = '+';
		memcpy(r + 1, num, digits + 1);
		*out = r;
	} else {
		*out = cw_xstrdup(num);
	}
	return 0;
bad:
	*why = E_PHONE;
	return -1;
}
