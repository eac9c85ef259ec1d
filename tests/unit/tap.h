/* tap.h - the TAP helpers every C unit test shares.  Include it once, in
 * the test's one source file; end main with "return tap_done();". */
#ifndef CW_TAP_H
#define CW_TAP_H
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TAP_UNUSED __attribute__((unused))

static int tap_n, tap_failed;   /* tests so far; tests that failed */

/* tap_vok: ok() with a va_list. */
static TAP_UNUSED void tap_vok(int cond, const char *fmt, va_list ap)
{
	tap_n++;
	if (!cond)
		tap_failed++;
	printf("%sok %d - ", cond ? "" : "not ", tap_n);
	vprintf(fmt, ap);
	putchar('\n');
	fflush(stdout);
}

/* ok: one test, "ok N - desc" if cond is true, else "not ok N - desc". */
static void ok(int cond, const char *fmt, ...)
	__attribute__((format(printf, 2, 3), unused));
static void ok(int cond, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tap_vok(cond, fmt, ap);
	va_end(ap);
}

/* tap_escape: s into out (cap >= 6 bytes, always terminated), control
 * characters, DEL and the bytes in also as \xNN; stops before overflow. */
static TAP_UNUSED char *tap_escape(char *out, size_t cap, const char *s,
				   const char *also)
{
	size_t n = 0;

	for (; *s && n < cap - 5; s++) {
		unsigned char c = (unsigned char)*s;
		if (c < 0x20 || c == 0x7F || strchr(also, c))
			n += (size_t)sprintf(out + n, "\\x%02X", c);
		else
			out[n++] = (char)c;
	}
	out[n] = '\0';
	return out;
}

/* show: s made safe for one TAP line (as above, also \ " and #), cut at
 * about 250 bytes; four rotating static buffers. */
static TAP_UNUSED const char *show(const char *s)
{
	static char bufs[4][256];
	static int next;

	return tap_escape(bufs[next++ % 4], sizeof bufs[0], s, "\\\"#");
}

/* tap_diag_str: "#   label's'" with s escaped whole, or "(null)". */
static TAP_UNUSED void tap_diag_str(const char *label, const char *s)
{
	size_t cap;
	char *e;

	if (!s) {
		printf("#   %s(null)\n", label);
		return;
	}
	cap = 4 * strlen(s) + 6;
	e = malloc(cap);
	if (!e) {
		printf("#   %s(out of memory)\n", label);
		return;
	}
	printf("#   %s'%s'\n", label, tap_escape(e, cap, s, "\\'"));
	free(e);
}

/* is_str: ok() if got and want are equal strings (NULL equals only NULL);
 * on a mismatch, both follow as escaped "#   got:"/"#   want:" lines. */
static void is_str(const char *got, const char *want, const char *fmt, ...)
	__attribute__((format(printf, 3, 4), unused));
static void is_str(const char *got, const char *want, const char *fmt, ...)
{
	int same = got && want ? !strcmp(got, want) : got == want;
	va_list ap;

	va_start(ap, fmt);
	tap_vok(same, fmt, ap);
	va_end(ap);
	if (!same) {
		tap_diag_str("got:  ", got);
		tap_diag_str("want: ", want);
		fflush(stdout);
	}
}

/* skip: a test not run, "ok N # SKIP why"; it counts, and does not fail. */
static TAP_UNUSED void skip(const char *why)
{
	printf("ok %d # SKIP %s\n", ++tap_n, why);
	fflush(stdout);
}

/* tap_done: prints the plan "1..N" last; returns 1 if a test failed, else 0. */
static TAP_UNUSED int tap_done(void)
{
	printf("1..%d\n", tap_n);
	if (tap_failed)
		printf("# %d of %d failed\n", tap_failed, tap_n);
	fflush(stdout);
	return tap_failed != 0;
}
#endif
