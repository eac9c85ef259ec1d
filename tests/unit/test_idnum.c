/* test_idnum.c - TAP tests for idnum.c: identity numbers (GB 11643) and
 * phone numbers.  Valid numbers are built here with an independent check
 * character computation, so the tests do not trust the code under test. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "casework.h"
#include "tap.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const char E_MANGLED[] = "looks like a number a spreadsheet has "
	"rounded; format the column as text and export again";
static const char E_LENGTH[] = "not 18 characters (or 15 digits)";
static const char E_CHARS[] =
	"contains characters other than digits and a final X";
static const char E_CHECK[] = "check character does not match "
	"(mistyped digit?)";
static const char E_BIRTH[] = "birth date in the number is not a real date";
static const char E_PHONE[] = "not a phone number";

/* GB 11643-1999, written out independently of idnum.c. */
static char gb11643_check(const char *d17)
{
	static const int w[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10,
				   5, 8, 4, 2 };
	static const char map[] = "10X98765432";
	int i, sum = 0;

	for (i = 0; i < 17; i++)
		sum += (d17[i] - '0') * w[i];
	return map[sum % 11];
}

/* Writes the 18-character number for 17 digits into out. */
static void make_id(const char *d17, char out[19])
{
	memcpy(out, d17, 17);
	out[17] = gb11643_check(d17);
	out[18] = '\0';
}

/* Numbers that must be accepted: the 17 digits (the check character is
 * computed), the birth date they carry, and the sex. */
static const struct { const char *d17, *birth; char sex; } good[] = {
	{ "11010519491231002", "1949-12-31", 'f' },
	{ "44030419900307123", "1990-03-07", 'm' },
	{ "11010519900101100", "1990-01-01", 'f' },
	{ "31011519851231008", "1985-12-31", 'f' },
	{ "51010819700101001", "1970-01-01", 'm' },
	{ "11010520000229002", "2000-02-29", 'f' },
	{ "11010519000101003", "1900-01-01", 'm' },
	{ "65010219620815045", "1962-08-15", 'm' },
	{ "54010219881101367", "1988-11-01", 'm' },
	{ "15010219750630289", "1975-06-30", 'm' },
	{ "81000019991231999", "1999-12-31", 'm' },
	{ "82000020240229018", "2024-02-29", 'f' },
};

/* Inputs that must be refused with the given message. */
static const struct { const char *in, *why; } bad[] = {
	/* spreadsheet damage */
	{ "1.10105E+17", E_MANGLED },
	{ "1.10105e+17", E_MANGLED },
	{ "1.10105194912310E+17", E_MANGLED },
	{ "110105199001011000.0", E_MANGLED },
	{ "110105199001011000.00", E_MANGLED },
	{ "11010519491231002X.0", E_MANGLED },
	{ "1.1E+17", E_MANGLED },
	/* length */
	{ "", E_LENGTH },
	{ "1", E_LENGTH },
	{ "11010519491231002", E_LENGTH },
	{ "1101051949123100", E_LENGTH },
	{ "11010549123100", E_LENGTH },
	{ "1101051949123100211", E_LENGTH },
	{ "11010519491231002X1", E_LENGTH },
	{ "1101051949123100XX", E_CHARS },
	/* characters */
	{ "11010519491231002Y", E_CHARS },
	{ "110105194912310X2X", E_CHARS },
	{ "X10105194912310021", E_CHARS },
	{ "11010519491231 02X", E_CHARS },
	{ "11010519491231002X ", E_CHARS },
	{ " 11010519491231002X", E_CHARS },
	{ "110105-19491231-002X", E_CHARS },
	{ "１１０１０５１９４９１２３１００２Ｘ", E_CHARS },
	{ "11010549123100X", E_CHARS },
	{ "+11010519491231002", E_CHARS },
	{ "-11010519491231002", E_CHARS },
	{ "abcdefghijklmnopqr", E_CHARS },
	/* check character */
	{ "110105194912310021", E_CHECK },
	{ "110105194912310020", E_CHECK },
	{ "11010519491231003X", E_CHECK },
	{ "110105199001011004", E_CHECK },
	{ "110105199001011006", E_CHECK },
	{ "11010519900101100X", E_CHECK },
};

/* Birth dates that are not real days, given as 17 digits: a correct check
 * character is added so that only the date is wrong. */
static const char *const bad_birth[] = {
	"11010520260230002",    /* 30 February */
	"11010520250229002",    /* 2025 is not a leap year */
	"11010519000229002",    /* nor is 1900 */
	"11010519901301002",    /* month 13 */
	"11010519900001002",    /* month 0 */
	"11010519900100002",    /* day 0 */
	"11010519900132002",    /* 32 January */
	"11010519900431002",    /* 31 April */
	"11010518991231002",    /* before 1900 */
	"11010500000101002",    /* year 0 */
	"11010529990101002",    /* in the future */
	"11010599999999002",    /* month 99 */
};

/* Legacy 15-digit numbers and the 18-character form they become. */
static const struct { const char *in, *d17; } legacy[] = {
	{ "110105491231002", "11010519491231002" },
	{ "440304900307123", "44030419900307123" },
	{ "510108700101001", "51010819700101001" },
	{ "310115000101008", "31011519000101008" },
	{ "650102620815045", "65010219620815045" },
};

static const char *const bad_legacy[] = {
	"110105490230002",      /* 1949-02-30 */
	"110105001301002",      /* month 13 */
	"110105000229002",      /* 1900-02-29 */
};

static const struct { const char *in, *want; } phones[] = {
	{ "13800138000", "13800138000" },
	{ "+86 138-0013-8000", "13800138000" },
	{ "+86 138 0013 8000", "13800138000" },
	{ "+8613800138000", "13800138000" },
	{ "+86-138-0013-8000", "13800138000" },
	{ "(+86) 138 0013 8000", "13800138000" },
	{ "+86 (138) 0013.8000", "13800138000" },
	{ "0086 138 0013 8000", "13800138000" },
	{ "008613800138000", "13800138000" },
	{ "0086-13800138000", "13800138000" },
	{ "138 0013 8000", "13800138000" },
	{ "138-0013-8000", "13800138000" },
	{ "138.0013.8000", "13800138000" },
	{ "(138)00138000", "13800138000" },
	{ "19912345678", "19912345678" },
	{ "010-12345678", "01012345678" },
	{ "(010) 1234 5678", "01012345678" },
	{ "0755-1234567", "07551234567" },
	{ "021 6123 4567", "02161234567" },
	{ "62345678", "62345678" },
	{ "+86 62345678", "+8662345678" },
	{ "400-123-4567", "4001234567" },
	{ "110", "110" },
	{ "120", "120" },
	{ "12345", "12345" },
	{ "12355", "12355" },
	{ "+86 10 1234 5678", "+861012345678" },
	{ "+44 20 7946 0958", "+442079460958" },
	{ "+1 (212) 555-0100", "+12125550100" },
	{ "+852 2345 6789", "+85223456789" },
	{ "00852 2345 6789", "0085223456789" },
	{ "00123456789012345678", "00123456789012345678" },
	{ "+12345678901234567890", "+12345678901234567890" },
};

static const char *const bad_phones[] = {
	"", " ", "-", "()", "+", "+86", "12", "1", "+12",
	"138001380001",         /* 12 digits starting with 1 */
	"1380013800",           /* 10 digits starting with 1 */
	"138001",               /* too long for a service number */
	"13800138000 ext 12",
	"13800138000转123",
	"138-0013-800O",        /* letter O for zero */
	"138+0013+8000",
	"++8613800138000",
	"86+13800138000",
	"1380013800013800138000",
	"001234567890123456789",
	"+123456789012345678901",
	"12345678",             /* 1 starts only mobiles and short codes */
	"１３８００１３８０００",
	"138\t0013\t8000",
	"138/0013/8000",
	"tel:13800138000",
	"13800138000\n",
};

int main(void)
{
	size_t i;
	int j;
	char id[19], out[19];
	const char *why;

	for (i = 0; i < N(good); i++) {
		cw_date bd = 0;
		char date[11] = "", lower[19];
		int r;

		make_id(good[i].d17, id);
		memset(out, 0, sizeof out);
		why = NULL;
		r = cw_idnum_normalise(id, out, &why);
		ok(r == 0 && why == NULL, "accepts %s", id);
		ok(strcmp(out, id) == 0, "%s stays %s", id, id);
		if (cw_idnum_birth_date(out, &bd) == 0)
			cw_date_format(bd, date);
		ok(strcmp(date, good[i].birth) == 0, "%s born %s", id,
		   good[i].birth);
		ok(cw_idnum_sex(out) == good[i].sex, "%s is %c", id,
		   good[i].sex);

		/* the same with a lowercase x, or a wrong check character */
		memcpy(lower, id, 19);
		if (lower[17] == 'X')
			lower[17] = 'x';
		memset(out, 0, sizeof out);
		r = cw_idnum_normalise(lower, out, &why);
		ok(r == 0 && strcmp(out, id) == 0, "%s normalises to %s",
		   lower, id);
		lower[17] = lower[17] == '0' ? '1' : '0';
		why = NULL;
		r = cw_idnum_normalise(lower, out, &why);
		ok(r == -1 && why && strcmp(why, E_CHECK) == 0,
		   "%s: wrong check character", lower);
	}

	make_id("11010519491231002", id);
	ok(strcmp(id, "11010519491231002X") == 0,
	   "known example 11010519491231002X has check X");
	ok(gb11643_check("11010519900101100") == '5',
	   "known example 110105199001011005 has check 5");

	for (i = 0; i < N(bad); i++) {
		int r;

		memcpy(out, "unchanged", 10);
		why = NULL;
		r = cw_idnum_normalise(bad[i].in, out, &why);
		ok(r == -1 && strcmp(out, "unchanged") == 0, "refuses \"%s\"",
		   show(bad[i].in));
		ok(why && strcmp(why, bad[i].why) == 0, "\"%s\": %s",
		   show(bad[i].in), bad[i].why);
	}

	for (i = 0; i < N(bad_birth); i++) {
		int r;

		make_id(bad_birth[i], id);
		why = NULL;
		r = cw_idnum_normalise(id, out, &why);
		ok(r == -1, "refuses %s", id);
		ok(why && strcmp(why, E_BIRTH) == 0, "%s: %s", id, E_BIRTH);
	}

	for (i = 0; i < N(legacy); i++) {
		int r;

		make_id(legacy[i].d17, id);
		memset(out, 0, sizeof out);
		why = NULL;
		r = cw_idnum_normalise(legacy[i].in, out, &why);
		ok(r == 0, "accepts 15-digit %s", legacy[i].in);
		ok(strcmp(out, id) == 0, "%s becomes %s", legacy[i].in, id);
	}
	for (i = 0; i < N(bad_legacy); i++) {
		int r;

		why = NULL;
		r = cw_idnum_normalise(bad_legacy[i], out, &why);
		ok(r == -1, "refuses 15-digit %s", bad_legacy[i]);
		ok(why && strcmp(why, E_BIRTH) == 0, "%s: %s", bad_legacy[i],
		   E_BIRTH);
	}

	/* Dates around today: a birth date today is fine, tomorrow is not. */
	{
		cw_date today = cw_date_today();
		int y, m, d, r1, r2;
		char d17[32];

		cw_date_to_ymd(today, &y, &m, &d);
		snprintf(d17, sizeof d17, "110105%04d%02d%02d002", y % 10000,
			 m % 100, d % 100);
		make_id(d17, id);
		r1 = cw_idnum_normalise(id, out, &why);
		ok(r1 == 0, "born today is accepted");
		cw_date_to_ymd(today + 1, &y, &m, &d);
		snprintf(d17, sizeof d17, "110105%04d%02d%02d002", y % 10000,
			 m % 100, d % 100);
		make_id(d17, id);
		why = NULL;
		r2 = cw_idnum_normalise(id, out, &why);
		ok(r2 == -1 && why && strcmp(why, E_BIRTH) == 0,
		   "born tomorrow is refused");
	}

	/* Every single-digit typo and every adjacent transposition of a
	 * valid number is refused (mod 11 with these weights catches all). */
	{
		long typos = 0, missed = 0, swaps = 0, swap_missed = 0;
		int k;

		make_id("11010519491231002", id);
		for (j = 0; j < 18; j++) {
			for (k = 0; k < 10; k++) {
				char t[19];
				memcpy(t, id, 19);
				if (t[j] == '0' + k)
					continue;
				t[j] = (char)('0' + k);
				typos++;
				if (cw_idnum_normalise(t, out, &why) == 0)
					missed++;
			}
		}
		ok(typos > 150 && missed == 0,
		   "all %ld single-digit typos caught (%ld missed)", typos,
		   missed);
		for (j = 0; j < 17; j++) {
			char t[19], c;
			memcpy(t, id, 19);
			if (t[j] == t[j + 1])
				continue;
			c = t[j];
			t[j] = t[j + 1];
			t[j + 1] = c;
			swaps++;
			if (cw_idnum_normalise(t, out, &why) == 0)
				swap_missed++;
		}
		ok(swaps > 5 && swap_missed == 0,
		   "all %ld adjacent transpositions caught (%ld missed)", swaps,
		   swap_missed);
	}

	/* birth date and sex of odd inputs */
	{
		cw_date bd = 42;

		ok(cw_idnum_sex("11010519491231001X") == 'm', "17th 1 is m");
		ok(cw_idnum_sex("11010519491231000X") == 'f', "17th 0 is f");
		ok(cw_idnum_sex("1101051949123100?X") == '\0',
		   "17th not a digit gives no sex");
		ok(cw_idnum_birth_date("11010519490230002X", &bd) == -1 &&
		   bd == 42, "birth_date refuses 1949-02-30");
	}

	for (i = 0; i < N(phones); i++) {
		char *p = NULL;
		int r;

		why = NULL;
		r = cw_phone_normalise(phones[i].in, &p, &why);
		ok(r == 0 && p != NULL, "phone \"%s\" accepted",
		   show(phones[i].in));
		ok(p && strcmp(p, phones[i].want) == 0, "\"%s\" is %s (got %s)",
		   show(phones[i].in), phones[i].want, p ? p : "(null)");
		free(p);
	}
	for (i = 0; i < N(bad_phones); i++) {
		char *p = NULL;
		int r;

		why = NULL;
		r = cw_phone_normalise(bad_phones[i], &p, &why);
		ok(r == -1 && p == NULL, "phone \"%s\" refused",
		   show(bad_phones[i]));
		ok(why && strcmp(why, E_PHONE) == 0, "\"%s\": %s",
		   show(bad_phones[i]), E_PHONE);
		free(p);
	}

	return tap_done();
}
