/* test_utf8.c - TAP tests for utf8.c: strict validation (against tables
 * and an independent reference decoder, exhaustively over every code point
 * and every two- and three-byte sequence) and display width. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "casework.h"
#include "tap.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* Bytes as hex, for test names (inputs here are mostly not printable). */
static const char *hex(const char *s, size_t n)
{
	static char bufs[4][200];
	static int next;
	char *out = bufs[next++ % 4];
	size_t i, k = 0;

	for (i = 0; i < n && k < sizeof bufs[0] - 4; i++)
		k += (size_t)sprintf(out + k, "%s%02X", i ? " " : "",
				     (unsigned char)s[i]);
	out[k] = '\0';
	return k ? out : "(empty)";
}

/* Test inputs carry their length, because some contain NUL bytes.  S()
 * takes a string literal and its size without the terminator. */
#define S(lit) lit, sizeof(lit) - 1

static const struct { const char *s; size_t n; } valid[] = {
	{ S("") },
	{ S("a") },
	{ S("abc") },
	{ S("abcdefg") },                       /* 7: below one word */
	{ S("abcdefgh") },                      /* exactly one word */
	{ S("abcdefghi") },
	{ S("abcdefghijklmnop") },
	{ S("abcdefghijklmnopq") },
	{ S("\x01\x1F\x7F tab\there") },        /* controls are valid */
	{ S("张三") },
	{ S("表格 ok") },
	{ S("李四，女，1990年3月5日") },
	{ S("abcdefg张三") },                   /* multibyte across a word */
	{ S("abcdefgh张三abcdefgh张") },
	{ S("\xC2\x80") },                      /* U+0080 */
	{ S("\xDF\xBF") },                      /* U+07FF */
	{ S("\xE0\xA0\x80") },                  /* U+0800 */
	{ S("\xED\x9F\xBF") },                  /* U+D7FF */
	{ S("\xEE\x80\x80") },                  /* U+E000 */
	{ S("\xEF\xBF\xBD") },                  /* U+FFFD */
	{ S("\xEF\xBF\xBF") },                  /* U+FFFF */
	{ S("\xEF\xBB\xBF") },                  /* BOM: valid UTF-8 */
	{ S("\xF0\x90\x80\x80") },              /* U+10000 */
	{ S("\xF0\x9F\x98\x80") },              /* U+1F600 */
	{ S("\xF0\xA0\x80\x80") },              /* U+20000 */
	{ S("\xF4\x8F\xBF\xBF") },              /* U+10FFFF */
	{ S("e\xCC\x81") },                     /* e + combining acute */
};

/* Invalid inputs and the offset of the first offending byte (the start
 * of the ill-formed sequence). */
static const struct { const char *s; size_t n; size_t bad; } invalid[] = {
	{ S("\xC0\x80"), 0 },                   /* overlong NUL */
	{ S("\xC1\xBF"), 0 },                   /* overlong U+007F */
	{ S("\xE0\x80\x80"), 0 },               /* overlong 3-byte */
	{ S("\xE0\x9F\xBF"), 0 },               /* overlong U+07FF */
	{ S("\xF0\x80\x80\x80"), 0 },           /* overlong 4-byte */
	{ S("\xF0\x8F\xBF\xBF"), 0 },           /* overlong U+FFFF */
	{ S("\xED\xA0\x80"), 0 },               /* surrogate U+D800 */
	{ S("\xED\xBF\xBF"), 0 },               /* surrogate U+DFFF */
	{ S("\xED\xA0\xBD\xED\xB8\x80"), 0 },   /* CESU-8 surrogate pair */
	{ S("\xF4\x90\x80\x80"), 0 },           /* U+110000 */
	{ S("\xF5\x80\x80\x80"), 0 },
	{ S("\xF7\xBF\xBF\xBF"), 0 },
	{ S("\xF8\x88\x80\x80\x80"), 0 },       /* 5-byte form */
	{ S("\xFC\x84\x80\x80\x80\x80"), 0 },   /* 6-byte form */
	{ S("\xFE"), 0 },
	{ S("\xFF"), 0 },
	{ S("\x80"), 0 },                       /* lone continuation */
	{ S("\xBF"), 0 },
	{ S("a\x80"), 1 },
	{ S("\xC2"), 0 },                       /* truncated */
	{ S("\xE4\xB8"), 0 },
	{ S("\xF0\x9F\x98"), 0 },
	{ S("abc\xE4\xB8"), 3 },
	{ S("\xE4\xB8\x41"), 0 },               /* bad continuation */
	{ S("\xC2\x41"), 0 },
	{ S("\xF0\x9F\x41\x80"), 0 },
	{ S("\xF0\x9F\x98\x41"), 0 },
	{ S("\xC2\xC2\x80"), 0 },
	{ S("张\xE4\xB8"), 3 },
	{ S("\x00"), 0 },                       /* NUL */
	{ S("a\x00" "b"), 1 },
	{ S("abcdefg\x00" "ijklmnop"), 7 },     /* NUL inside a word */
	{ S("abcdefgh\x00" "ijk"), 8 },         /* NUL starting a word */
	{ S("abcdefghijklmnopqrst\xFF"), 20 },
	{ S("abcdefghijklmnop\xC0\x80"), 16 },
	{ S("abcdefgh\xE5\xBC\xA0\xED\xA0\x80xyz"), 11 },
};

static const struct { const char *s; size_t n; size_t width; } widths[] = {
	{ S(""), 0 },
	{ S("abc"), 3 },
	{ S("张三"), 4 },
	{ S("表格 ok"), 7 },
	{ S("\xEF\xBD\x81"), 2 },               /* U+FF41 fullwidth a */
	{ S("Ａ１"), 4 },                        /* fullwidth A and 1 */
	{ S("e\xCC\x81"), 1 },                  /* e + U+0301 */
	{ S("\xC3\xA9"), 1 },                   /* precomposed é */
	{ S("a\xE2\x83\xA3"), 1 },              /* U+20E3 enclosing keycap */
	{ S("\t"), 0 },
	{ S("\x1B[0m"), 3 },                    /* ESC counts 0 */
	{ S("\x7F"), 0 },
	{ S("\xC2\x85"), 0 },                   /* U+0085 C1 control */
	{ S("\x00"), 0 },
	{ S("a\xE2\x80\x8B" "b"), 2 },          /* zero width space */
	{ S("\xE2\x80\x8D"), 0 },               /* ZWJ */
	{ S("\xE2\x81\xA0"), 0 },               /* word joiner */
	{ S("\xEF\xBB\xBF" "x"), 1 },           /* BOM */
	{ S("한국어"), 6 },
	{ S("ひらがな"), 8 },
	{ S("カタカナ"), 8 },
	{ S("\xEF\xBD\xB6"), 1 },               /* U+FF76 halfwidth ka */
	{ S("が"), 2 },                         /* precomposed */
	{ S("\xE3\x81\x8B\xE3\x82\x99"), 2 },   /* か + U+3099 combining */
	{ S("。、，：！？"), 12 },
	{ S("\xE3\x80\x80"), 2 },               /* U+3000 ideographic space */
	{ S("\xE3\x80\x9C"), 2 },               /* U+301C wave dash */
	{ S("\xEF\xBF\xA5"), 2 },               /* U+FFE5 fullwidth yen */
	{ S("\xC2\xA5"), 1 },                   /* U+00A5 yen */
	{ S("\xE2\x80\x94"), 1 },               /* U+2014 em dash */
	{ S("\xC2\xB7"), 1 },                   /* middle dot */
	{ S("\xF0\x9F\x98\x80"), 2 },           /* U+1F600 grinning face */
	{ S("\xF0\x9F\xA4\x9D"), 2 },           /* U+1F91D handshake */
	{ S("\xF0\x9F\x9A\x80"), 2 },           /* U+1F680 rocket */
	{ S("\xE2\x9C\x85"), 2 },               /* U+2705 check mark */
	{ S("\xE2\x98\x85"), 1 },               /* U+2605 black star */
	{ S("\xEF\xB8\x8F"), 0 },               /* U+FE0F variation sel. */
	{ S("\xF0\xA0\x80\x80"), 2 },           /* U+20000 CJK ext B */
	{ S("\xF0\xB0\x80\x80"), 2 },           /* U+30000 CJK ext G */
	{ S("\xEA\xB0\x80"), 2 },               /* U+AC00 first Hangul */
	{ S("\xED\x9E\xA3"), 2 },               /* U+D7A3 last Hangul */
	{ S("\xE1\x85\xA0"), 0 },               /* U+1160 jungseong */
	{ S("\xE1\x84\x80"), 2 },               /* U+1100 choseong */
	{ S("\xE4\xB8\x80"), 2 },               /* U+4E00 */
	{ S("\xE9\xBF\xBF"), 2 },               /* U+9FFF */
	{ S("\xE3\x90\x80"), 2 },               /* U+3400 ext A */
	{ S("\xEF\xA4\x80"), 2 },               /* U+F900 compat */
	{ S("\xCB\xBF"), 1 },                   /* U+02FF before the table */
	{ S("\xCC\x80"), 0 },                   /* U+0300 first entry */
	{ S("\xCD\xAF"), 0 },                   /* U+036F */
	{ S("\xCD\xB0"), 1 },                   /* U+0370 */
	{ S("\xE1\xAA\xB0"), 0 },               /* U+1AB0 */
	{ S("\xE1\xB7\x80"), 0 },               /* U+1DC0 */
	{ S("\xE2\x83\x90"), 0 },               /* U+20D0 */
	{ S("\xEF\xB8\xA0"), 0 },               /* U+FE20 */
	{ S("\xF3\xA0\x84\x80"), 0 },           /* U+E0100 var. sel. 17 */
	{ S("\xF3\xA0\x81\x81"), 0 },           /* U+E0041 tag */
	{ S("\xF4\x8F\xBF\xBF"), 1 },           /* U+10FFFF */
	{ S("བོད"), 2 },                        /* Tibetan with a vowel sign */
	{ S("Ω"), 1 },
	{ S("\xFF"), 1 },                       /* invalid: 1 per byte */
	{ S("\xE4\xB8"), 2 },
	{ S("a\xC0\x80" "b"), 4 },
	{ S("\xED\xA0\x80"), 3 },               /* surrogate: 3 bytes */
	{ S("张\xFF三"), 5 },
};

/* An independent, deliberately naive decoder: returns the length of the
 * valid sequence at s[0..n), or 0. */
static size_t ref_decode(const unsigned char *s, size_t n)
{
	size_t len, i;
	uint32_t cp, min;

	if (n == 0)
		return 0;
	if (s[0] < 0x80)
		return s[0] ? 1 : 0;
	if ((s[0] & 0xE0) == 0xC0) {
		len = 2; cp = s[0] & 0x1Fu; min = 0x80;
	} else if ((s[0] & 0xF0) == 0xE0) {
		len = 3; cp = s[0] & 0x0Fu; min = 0x800;
	} else if ((s[0] & 0xF8) == 0xF0) {
		len = 4; cp = s[0] & 0x07u; min = 0x10000;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3Fu);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return len;
}

/* Whole-buffer verdict of the reference decoder. */
static int ref_valid(const unsigned char *s, size_t n)
{
	size_t i = 0, len;

	while (i < n) {
		if ((len = ref_decode(s + i, n - i)) == 0)
			return 0;
		i += len;
	}
	return 1;
}

static size_t encode(uint32_t cp, unsigned char *b)
{
	if (cp < 0x80) {
		b[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		b[0] = (unsigned char)(0xC0 | cp >> 6);
		b[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		b[0] = (unsigned char)(0xE0 | cp >> 12);
		b[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
		b[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	b[0] = (unsigned char)(0xF0 | cp >> 18);
	b[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3F));
	b[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
	b[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
}

/* Every code point encoded, alone and after 7 ASCII bytes (so the
 * sequence straddles the word boundary of the fast path). */
static void exhaustive_code_points(void)
{
	unsigned char buf[16];
	long wrong = 0, wrong_shifted = 0;
	uint32_t cp;

	memset(buf, 'a', sizeof buf);
	for (cp = 0; cp <= 0x10FFFF; cp++) {
		int want = cp != 0 && (cp < 0xD800 || cp > 0xDFFF);
		size_t n;

		n = encode(cp, buf);
		if (cw_utf8_valid((const char *)buf, n, NULL) != want)
			wrong++;
		n = encode(cp, buf + 7);
		if (cw_utf8_valid((const char *)buf, n + 7, NULL) != want)
			wrong_shifted++;
	}
	ok(wrong == 0, "every code point: valid unless NUL or surrogate "
	   "(%ld wrong)", wrong);
	ok(wrong_shifted == 0, "every code point after 7 ASCII bytes "
	   "(%ld wrong)", wrong_shifted);
}

/* Every one-, two- and three-byte string, and four-byte strings with the
 * interesting trailing bytes, against the reference decoder. */
static void exhaustive_sequences(void)
{
	static const unsigned char tails[] = { 0x00, 0x41, 0x7F, 0x80, 0x8F,
		0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC2, 0xE0, 0xF0, 0xFF };
	unsigned char b[4];
	long wrong2 = 0, wrong3 = 0, wrong4 = 0, width_bad = 0;
	unsigned i, j, k, l;

	for (i = 0; i < 256; i++) {
		for (j = 0; j < 256; j++) {
			b[0] = (unsigned char)i;
			b[1] = (unsigned char)j;
			if (cw_utf8_valid((const char *)b, 2, NULL) !=
			    ref_valid(b, 2))
				wrong2++;
			if (cw_display_width((const char *)b, 2) > 4)
				width_bad++;
		}
	}
	for (i = 0xC0; i < 256; i++)
		for (j = 0; j < 256; j++)
			for (k = 0; k < 256; k++) {
				b[0] = (unsigned char)i;
				b[1] = (unsigned char)j;
				b[2] = (unsigned char)k;
				if (cw_utf8_valid((const char *)b, 3, NULL) !=
				    ref_valid(b, 3))
					wrong3++;
			}
	for (i = 0xE0; i < 256; i++)
		for (j = 0; j < 256; j++)
			for (k = 0; k < N(tails); k++)
				for (l = 0; l < N(tails); l++) {
					b[0] = (unsigned char)i;
					b[1] = (unsigned char)j;
					b[2] = tails[k];
					b[3] = tails[l];
					if (cw_utf8_valid((const char *)b, 4,
							  NULL) !=
					    ref_valid(b, 4))
						wrong4++;
				}
	ok(wrong2 == 0, "all two-byte strings agree with the reference "
	   "(%ld wrong)", wrong2);
	ok(wrong3 == 0, "all three-byte strings from C0 agree with the "
	   "reference (%ld wrong)", wrong3);
	ok(wrong4 == 0, "four-byte strings agree with the reference "
	   "(%ld wrong)", wrong4);
	ok(width_bad == 0, "two bytes never take more than 4 columns");
}

int main(void)
{
	size_t i;

	for (i = 0; i < N(valid); i++) {
		size_t bad = 999;
		ok(cw_utf8_valid(valid[i].s, valid[i].n, &bad) == 1 &&
		   bad == 999, "valid: %s", hex(valid[i].s, valid[i].n));
		ok(ref_valid((const unsigned char *)valid[i].s, valid[i].n),
		   "reference agrees: %s", hex(valid[i].s, valid[i].n));
	}
	for (i = 0; i < N(invalid); i++) {
		size_t bad = 999;
		int r = cw_utf8_valid(invalid[i].s, invalid[i].n, &bad);
		ok(r == 0 && cw_utf8_valid(invalid[i].s, invalid[i].n, NULL) == 0,
		   "invalid: %s", hex(invalid[i].s, invalid[i].n));
		ok(bad == invalid[i].bad, "%s: first bad byte at %zu (got %zu)",
		   hex(invalid[i].s, invalid[i].n), invalid[i].bad, bad);
	}
	for (i = 0; i < N(widths); i++) {
		size_t w = cw_display_width(widths[i].s, widths[i].n);
		ok(w == widths[i].width, "width of %s is %zu (got %zu)",
		   hex(widths[i].s, widths[i].n), widths[i].width, w);
	}

	exhaustive_code_points();
	exhaustive_sequences();

	/* The length is honoured: no reading past n, NUL or not. */
	{
		const char *s = "abc\xFF";
		char big[4096];
		size_t bad = 0;

		ok(cw_utf8_valid(s, 3, NULL) == 1, "stops at n (bad byte after)");
		ok(cw_utf8_valid("\xE5\xBC\xA0", 2, &bad) == 0 && bad == 0,
		   "a sequence cut by n is truncated, whatever follows");
		ok(cw_display_width("\xF0\x9F\x98\x80", 3) == 3,
		   "a sequence cut by n counts one column per byte");
		memset(big, 'x', sizeof big);
		big[4000] = '\x80';
		ok(cw_utf8_valid(big, sizeof big, &bad) == 0 && bad == 4000 &&
		   cw_utf8_valid(big, 4000, NULL) == 1,
		   "4 KB of ASCII: finds the one bad byte at 4000");
	}

	{
		char out[8];
		cw_utf8_truncate(out, sizeof out, "abc");
		is_str(out, "abc", "truncate: short text copied whole");
		cw_utf8_truncate(out, sizeof out, "abcdefghij");
		is_str(out, "abcdefg", "truncate: ASCII cut at the size");
		cw_utf8_truncate(out, sizeof out, "ab张三李四");
		is_str(out, "ab张", "truncate: never splits a character (8 bytes hold ab + one)");
		cw_utf8_truncate(out, 4, "张三");
		is_str(out, "张", "truncate: exactly one character fits");
		cw_utf8_truncate(out, 3, "张三");
		is_str(out, "", "truncate: no whole character fits");
	}

	/* Shown on a terminal: C0 but tab and newline, DEL, C1 and bytes
	 * that are not UTF-8 become U+FFFD; everything else is kept. */
	{
		static const struct { const char *in, *want, *what; } shown[] = {
			{ "张三 abc", "张三 abc", "text is kept" },
			{ "a\tb\nc", "a\tb\nc", "tab and newline are kept" },
			{ "\033[31mred", "\xEF\xBF\xBD[31mred", "ESC" },
			{ "ding\a", "ding\xEF\xBF\xBD", "BEL" },
			{ "\r\b\x01\x1F", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD",
			  "CR, BS and the rest of C0" },
			{ "x\x7Fy", "x\xEF\xBF\xBDy", "DEL" },
			{ "\xC2\x80\xC2\x9B" "2J\xC2\x9F", "\xEF\xBF\xBD\xEF\xBF\xBD" "2J\xEF\xBF\xBD",
			  "C1: U+0080, U+009B (CSI), U+009F" },
			{ "\xC2\xA0\xC2\xA9", "\xC2\xA0\xC2\xA9", "U+00A0 and U+00A9 are kept" },
			{ "a\x9B[2Jb", "a\xEF\xBF\xBD[2Jb", "a lone 0x9B (8-bit CSI) is not UTF-8" },
			{ "\xE5\xBC", "\xEF\xBF\xBD\xEF\xBF\xBD", "a cut sequence, byte by byte" },
			{ "\xEF\xBF\xBD", "\xEF\xBF\xBD", "U+FFFD itself is kept" },
		};
		char out[64];
		size_t k, n;

		for (k = 0; k < sizeof shown / sizeof shown[0]; k++) {
			n = cw_utf8_shown(out, shown[k].in, strlen(shown[k].in));
			ok(n == strlen(shown[k].want) && !strcmp(out, shown[k].want),
			   "shown: %s", shown[k].what);
		}
		n = cw_utf8_shown(out, "\033\033", 2);
		ok(n == 6 && cw_display_width(out, n) == 2,
		   "shown: 3 bytes for one, and U+FFFD is one column");
	}
	/* White space alone is no name. */
	{
		static const char *const blank[] = {
			"", " ", "   ", "\t", " \t\n\r\v\f", "\xE3\x80\x80",
			"\xE3\x80\x80 \xE3\x80\x80", "\xC2\xA0", "\xC2\x85",
			"\xE1\x9A\x80", "\xE2\x80\x80\xE2\x80\x8A", "\xE2\x80\xA8",
			"\xE2\x80\xA9", "\xE2\x80\xAF", "\xE2\x81\x9F",
		};
		static const char *const name[] = {
			"a", " a ", "\xE3\x80\x80张三", "张 三", "\xE2\x80\x8B",
			"\xEF\xBB\xBF", " \x80", ".", "_", "\xE2\x80\x8B ",
		};
		for (i = 0; i < sizeof blank / sizeof blank[0]; i++)
			ok(cw_utf8_blank(blank[i]) == 1, "blank %zu is white space alone", i);
		for (i = 0; i < sizeof name / sizeof name[0]; i++)
			ok(cw_utf8_blank(name[i]) == 0, "name %zu is not blank", i);
	}
	return tap_done();
}
