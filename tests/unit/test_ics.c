/* test_ics.c - iCalendar text: escaping and line folding (RFC 5545). */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include "plan/plan.h"
#include "tap.h"

static char *escaped(const char *s)
{
	cw_buf b;
	cw_buf_init(&b);
	plan_ics_escape(&b, s);
	return cw_buf_detach(&b, NULL);
}

static char *folded(const char *s)
{
	cw_buf b;
	cw_buf_init(&b);
	plan_ics_fold(&b, s, strlen(s));
	return cw_buf_detach(&b, NULL);
}

/* Every physical line at most 75 octets, valid UTF-8, ended by CRLF;
 * continuation lines start with one space; unfolded, the input. */
static int well_folded(const char *in, const char *out)
{
	cw_buf un;
	const char *p = out, *e;
	int good = 1, first = 1;

	cw_buf_init(&un);
	while (*p) {
		e = strstr(p, "\r\n");
		if (!e || (size_t)(e - p) > 75 || !cw_utf8_valid(p, (size_t)(e - p), NULL))
			good = 0;
		if (!e)
			break;
		if (!first && *p != ' ')
			good = 0;
		cw_buf_add(&un, p + !first, (size_t)(e - p) - !first);
		first = 0;
		p = e + 2;
	}
	good = good && !strcmp(un.s, in);
	cw_buf_release(&un);
	return good;
}

static char *repeat(const char *unit, size_t n, const char *prefix)
{
	cw_buf b;
	cw_buf_init(&b);
	cw_buf_addstr(&b, prefix);
	while (n--)
		cw_buf_addstr(&b, unit);
	return cw_buf_detach(&b, NULL);
}

int main(void)
{
	char *s, *in;
	size_t pre;

	s = escaped("a,b;c\\d");
	is_str(s, "a\\,b\\;c\\\\d", "comma, semicolon and backslash escaped");
	free(s);
	s = escaped("one\ntwo\r\nthree\rfour");
	is_str(s, "one\\ntwo\\nthree\\nfour", "LF, CRLF and CR each one \\n");
	free(s);
	s = escaped("tab\tbell\adel\x7f:colon \"q\"");
	is_str(s, "tab\tbell del :colon \"q\"", "tab kept, other controls as spaces, colon and quote as they are");
	free(s);
	s = escaped("社工：李敏");
	is_str(s, "社工：李敏", "UTF-8 as it is");
	free(s);

	s = folded("SUMMARY:short");
	is_str(s, "SUMMARY:short\r\n", "a short line: CRLF only");
	free(s);
	in = repeat("x", 75, "");
	s = folded(in);
	is_str(s, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\r\n",
	       "75 octets: not folded");
	free(s);
	free(in);
	in = repeat("x", 76, "");
	s = folded(in);
	is_str(s, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\r\n x\r\n",
	       "76 octets: the 76th on a continuation line");
	free(s);
	free(in);
	in = repeat("x", 75 + 74 + 1, "");
	s = folded(in);
	ok(well_folded(in, s) && !strcmp(s + 75 + 2 + 75, "\r\n x\r\n"),
	   "the space of a continuation line counts: 74 octets follow it");
	free(s);
	free(in);

	/* Chinese (3 octets) and emoji (4) at every alignment. */
	for (pre = 0; pre < 4; pre++) {
		in = repeat("折", 60, pre == 0 ? "" : pre == 1 ? "a" : pre == 2 ? "ab" : "abc");
		s = folded(in);
		ok(well_folded(in, s), "3-octet characters after %zu ASCII: folded whole", pre);
		free(s);
		free(in);
		in = repeat("\xF0\x9F\x98\x80", 50, pre == 0 ? "" : pre == 1 ? "a" : pre == 2 ? "ab" : "abc");
		s = folded(in);
		ok(well_folded(in, s), "4-octet characters after %zu ASCII: folded whole", pre);
		free(s);
		free(in);
	}
	in = repeat("折", 30, "SUMMARY:task CA-2: ");
	s = folded(in);
	ok(!strncmp(s + 73, "\r\n ", 3), "cut at 73 octets, before the character that would pass 75");
	free(s);
	free(in);
	return tap_done();
}
