/* test_damage.c - what a spreadsheet did to a value read back by update
 * (intake/damage.c). */
#include "intake/intake.h"
#include "tap.h"

/* A stored value, the value read, the damage found, whether the value is
 * the stored one in a safe form of CSV for Excel, and why. */
static const struct {
	const char *stored, *value;
	enum intake_damage damage;
	int same;
	const char *what;
} cases[] = {
	{"02158881234", "2158881234", INTAKE_DAMAGE_ZEROS, 0, "a landline"},
	{"007", "7", INTAKE_DAMAGE_ZEROS, 0, "an agency's reference"},
	{"000", "0", INTAKE_DAMAGE_ZEROS, 0, "all zeros: the number 0"},
	{"007", "07", INTAKE_DAMAGE_NONE, 0, "one zero of two: typed"},
	{"007", "8", INTAKE_DAMAGE_NONE, 0, "another number"},
	{"7", "7", INTAKE_DAMAGE_NONE, 0, "no leading zero, unchanged"},
	{"0", "0", INTAKE_DAMAGE_NONE, 0, "0 stays 0"},
	{"0A7", "A7", INTAKE_DAMAGE_NONE, 0, "not all digits"},
	{"13600001234", "3600001234", INTAKE_DAMAGE_NONE, 0,
	 "no leading zero to drop"},
	{"320102197505201234", "3.20102197505201E+17", INTAKE_DAMAGE_E_NOTATION, 0,
	 "an identity number"},
	{"12300000000", "1.23e+10", INTAKE_DAMAGE_E_NOTATION, 0, "lower case"},
	{"12300000000", "1.23E10", INTAKE_DAMAGE_E_NOTATION, 0, "no sign"},
	{"12300000000", "-1E-3", INTAKE_DAMAGE_E_NOTATION, 0, "signs"},
	{"12300000000", "+1e3", INTAKE_DAMAGE_E_NOTATION, 0, "a plus"},
	{"12300000000", "1.E3", INTAKE_DAMAGE_E_NOTATION, 0,
	 "an empty fraction"},
	{"12300000000", "E10", INTAKE_DAMAGE_NONE, 0, "no digits before E"},
	{"12300000000", "1.23E", INTAKE_DAMAGE_NONE, 0, "no exponent"},
	{"12300000000", "1.23E+10x", INTAKE_DAMAGE_NONE, 0, "text after"},
	{"E12345678", "1.2E+8", INTAKE_DAMAGE_NONE, 0, "stored not all digits"},
	{"12300000000", "12300000001", INTAKE_DAMAGE_NONE, 0, "a plain edit"},
	{"1E5", "100000", INTAKE_DAMAGE_NUMBER, 0, "text in E-notation, as a number"},
	{"1.50", "1.5", INTAKE_DAMAGE_NUMBER, 0, "a trailing zero dropped"},
	{"+5", "5", INTAKE_DAMAGE_NUMBER, 0, "a plus dropped"},
	{"\xC2\xA0" "123", "123", INTAKE_DAMAGE_NUMBER, 0, "a no-break space dropped"},
	{" 123 ", "123", INTAKE_DAMAGE_NUMBER, 0, "spaces around it dropped"},
	{"\xE3\x80\x80" "42", "42", INTAKE_DAMAGE_NUMBER, 0, "an ideographic space dropped"},
	{"1.5", "1.50", INTAKE_DAMAGE_NONE, 0, "a zero added: typed"},
	{"5", "+5", INTAKE_DAMAGE_NONE, 0, "a plus added: typed"},
	{"1E5", "100001", INTAKE_DAMAGE_NONE, 0, "another number"},
	{"1.5", "1.5", INTAKE_DAMAGE_NONE, 0, "unchanged"},
	{"0x10", "16", INTAKE_DAMAGE_NONE, 0, "hex is text"},
	{"inf", "inf", INTAKE_DAMAGE_NONE, 0, "not a number"},
	{"A 123", "123", INTAKE_DAMAGE_NONE, 0, "text around it: an edit"},
	{"12", " 12", INTAKE_DAMAGE_NONE, 0, "spaces added: typed"},
	{"2026-03-01", "46082", INTAKE_DAMAGE_SERIAL, 0, "1900 system"},
	{"2026-03-01", "46082.0", INTAKE_DAMAGE_SERIAL, 0, "with .0"},
	{"2026-03-01", "46082.000", INTAKE_DAMAGE_SERIAL, 0, "with .000"},
	{"2026-03-01", "44620", INTAKE_DAMAGE_SERIAL, 0, "1904 system"},
	{"1900-03-01", "61", INTAKE_DAMAGE_SERIAL, 0,
	 "after Excel's 29 February 1900"},
	{"1900-02-28", "59", INTAKE_DAMAGE_SERIAL, 0, "before it"},
	{"1900-01-01", "1", INTAKE_DAMAGE_SERIAL, 0, "day 1"},
	{"1949-12-31", "18263", INTAKE_DAMAGE_SERIAL, 0, "a birth date"},
	{"2026-03-01", "46083", INTAKE_DAMAGE_NONE, 0, "the next day's serial"},
	{"2026-03-01", "46082.5", INTAKE_DAMAGE_NONE, 0, "a time of day"},
	{"2026-03-01", "46082.", INTAKE_DAMAGE_NONE, 0, "a bare point"},
	{"2026-03-01", "20260301", INTAKE_DAMAGE_NONE, 0, "a date's digits"},
	{"2026-03-01", "2026-03-02", INTAKE_DAMAGE_NONE, 0, "another date"},
	{"2026-02-30", "46083", INTAKE_DAMAGE_NONE, 0, "stored no real day"},
	{"2026/03/01", "46082", INTAKE_DAMAGE_NONE, 0, "stored not YYYY-MM-DD"},
	{"0042", "=\"0042\"", INTAKE_DAMAGE_NONE, 1,
	 "a formula of the stored text"},
	{"a\"b", "=\"a\"\"b\"", INTAKE_DAMAGE_NONE, 1, "quotes doubled inside"},
	{"a\"b", "=\"a\"b\"", INTAKE_DAMAGE_NONE, 0, "a quote not doubled"},
	{"0042", "=\"0043\"", INTAKE_DAMAGE_NONE, 0, "another value"},
	{"0042", "=\"0042\"x", INTAKE_DAMAGE_NONE, 0, "text after"},
	{"0042", "=\"0042", INTAKE_DAMAGE_NONE, 0, "not closed"},
	{"0042", "=0042", INTAKE_DAMAGE_NONE, 0, "no quotes"},
	{"=1+1", "'=1+1", INTAKE_DAMAGE_NONE, 1, "a neutralised formula"},
	{"-5", "'-5", INTAKE_DAMAGE_NONE, 1, "a minus"},
	{"@home", "'@home", INTAKE_DAMAGE_NONE, 1, "an at"},
	{"+86", "'+86", INTAKE_DAMAGE_NONE, 1, "a plus"},
	{"abc", "'abc", INTAKE_DAMAGE_NONE, 0,
	 "an apostrophe typed before text"},
	{"=1", "'=2", INTAKE_DAMAGE_NONE, 0, "another formula"},
	{"'=1", "'=1", INTAKE_DAMAGE_NONE, 0,
	 "the stored value itself is no safe form"},
};

int main(void)
{
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		enum intake_damage got = intake_damage_of(cases[i].stored,
							  cases[i].value);
		ok(got == cases[i].damage, "%s: damage of '%s' from '%s' (got %d, "
		   "want %d)", cases[i].what, show(cases[i].value),
		   show(cases[i].stored), (int)got, (int)cases[i].damage);
		ok(intake_damage_same(cases[i].stored, cases[i].value) ==
		   cases[i].same, "%s: '%s' is %sthe stored value", cases[i].what,
		   show(cases[i].value), cases[i].same ? "" : "not ");
	}
	ok(intake_damage_why(INTAKE_DAMAGE_NONE) == NULL, "no damage, no message");
	is_str(intake_damage_why(INTAKE_DAMAGE_ZEROS),
	       "looks like a spreadsheet dropped its leading zeros", "zeros' message");
	return tap_done();
}
