/* test_util.c - core/: whole numbers, the comparison of field values,
 * the hash. */
#include <limits.h>
#include <stdio.h>
#include "casework.h"
#include "core/core.h"
#include "tap.h"

static void parses(const char *s, long min, long max, long want)
{
	long n = -7;
	int rc = cw_parse_long(s, min, max, &n);
	ok(rc == 0 && n == want, "'%s' in %ld..%ld is %ld (rc %d, got %ld)", s,
	   min, max, want, rc, n);
}

static void refused(const char *s, long min, long max)
{
	long n = -7;
	int rc = cw_parse_long(s, min, max, &n);
	ok(rc == -1 && n == -7, "'%s' in %ld..%ld refused, *out left alone", s,
	   min, max);
}

int main(void)
{
	static const char *const bad[] = {
		"", "+3", "-3", " 3", "3 ", "\t3", "\v3", "3 days", "0x10", "1e3",
		"3.0", "3,000", "--3", "-", "+", "\xef\xbc\x93",
	};
	char buf[64];
	size_t i;

	parses("0", 0, 10, 0);
	parses("7", 0, 10, 7);
	parses("10", 0, 10, 10);
	parses("007", 0, 10, 7);
	parses("1000000", 1, 1000000, 1000000);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		refused(bad[i], 0, 1000000);
	refused(NULL, 0, 10);
	refused("11", 0, 10);
	refused("0", 1, 10);
	refused("99999999999999999999999", 0, LONG_MAX);

	/* A minus sign only where the range has negative numbers. */
	parses("-3", -5, 5, -3);
	parses("-0", -5, 5, 0);
	refused("-6", -5, 5);
	refused("+3", -5, 5);
	refused("- 3", -5, 5);

	/* The ends of a long, and one past them. */
	snprintf(buf, sizeof buf, "%ld", LONG_MAX);
	parses(buf, LONG_MIN, LONG_MAX, LONG_MAX);
	snprintf(buf, sizeof buf, "%ld", LONG_MIN);
	parses(buf, LONG_MIN, LONG_MAX, LONG_MIN);
	snprintf(buf, sizeof buf, "%lu", (unsigned long)LONG_MAX + 1);
	refused(buf, LONG_MIN, LONG_MAX);
	snprintf(buf, sizeof buf, "-%lu", (unsigned long)LONG_MAX + 2);
	refused(buf, LONG_MIN, LONG_MAX);

	/* No value is the same as no value only. */
	ok(core_same(NULL, NULL), "NULL and NULL are the same");
	ok(!core_same("a", NULL) && !core_same(NULL, "a"), "text and NULL differ");
	ok(!core_same("", NULL) && !core_same(NULL, ""), "empty text and NULL differ");
	ok(core_same("a", "a") && core_same("", ""), "equal text is the same");
	ok(!core_same("a", "b") && !core_same("a", "ab"), "other text differs");

	/* FNV-1a 64 (its prime; the library's own basis), whole or in
	 * pieces, inline or through cw_hash. */
	ok(cw_hash("", 0) == CORE_FNV_BASIS, "the hash of nothing is the basis");
	ok(cw_hash("a", 1) == ((CORE_FNV_BASIS ^ 'a') * 1099511628211ULL),
	   "one byte: xor, then times the prime");
	ok(cw_hash("ab", 2) != cw_hash("ba", 2), "order counts");
	ok(core_fnv1a(core_fnv1a(CORE_FNV_BASIS, "foo", 3), "bar", 3) ==
	   cw_hash("foobar", 6), "a hash goes on over pieces");
	return tap_done();
}
