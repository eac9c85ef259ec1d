/* intake/names.c - the comparable form of a person's name. */
#include <string.h>
#include "intake/intake.h"

/* Decodes one UTF-8 character at s (valid input assumed: names are
 * checked before they get here); returns its length. */
static size_t decode(const unsigned char *s, unsigned *cp)
{
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xE0) == 0xC0 && s[1]) {
		*cp = (unsigned)(s[0] & 0x1F) << 6 | (s[1] & 0x3F);
		return 2;
	}
	if ((s[0] & 0xF0) == 0xE0 && s[1] && s[2]) {
		*cp = (unsigned)(s[0] & 0x0F) << 12 | (unsigned)(s[1] & 0x3F) << 6 |
		      (s[2] & 0x3F);
		return 3;
	}
	*cp = 0xFFFD;
	return 1;
}

/* Chinese names are compared as written, but a spreadsheet or an input
 * method adds what is not part of the name: spaces (half- and full-width),
 * full-width Latin letters and digits, and several kinds of middle dot in
 * transliterated names (买买提·艾力). */
char *intake_name_key(const char *name)
{
	const unsigned char *s = (const unsigned char *)name;
	cw_buf b;
	unsigned cp;
	size_t n;

	cw_buf_init(&b);
	while (*s) {
		n = decode(s, &cp);
		if (cp == ' ' || cp == '\t' || cp == 0x3000 || cp == 0x00A0) {
			s += n;
			continue;
		}
		if (cp == 0x00B7 || cp == 0x2022 || cp == 0x30FB || cp == 0xFF0E ||
		    cp == 0x2027 || cp == 0x2219 || cp == 0xFF65 || cp == 0x2E31) {
			cw_buf_add(&b, "\xC2\xB7", 2);
			s += n;
			continue;
		}
		if (cp >= 0xFF01 && cp <= 0xFF5E)
			cp -= 0xFEE0;
		if (cp < 0x80) {
			if (cp >= 'A' && cp <= 'Z')
				cp += 'a' - 'A';
			cw_buf_addch(&b, (int)cp);
			if (n > 1) {
				s += n;
				continue;
			}
		} else {
			cw_buf_add(&b, s, n);
		}
		s += n;
	}
	return cw_buf_detach(&b, NULL);
}
