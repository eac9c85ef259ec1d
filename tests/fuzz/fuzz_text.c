/* fuzz_text.c - fuzz target: the date, duration, identity-number, phone
 * and UTF-8 functions on any text. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "casework.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1), id[19], out[11], buf[8];
	char *shown = malloc(3 * size + 1);
	const char *why;
	cw_date d;
	cw_duration dur;
	char *phone = NULL;

	memcpy(s, data, size);
	s[size] = '\0';
	if (!cw_date_parse(s, &d, &why))
		cw_date_format(d, out);
	if (!cw_duration_parse(s, &dur, &why) && !cw_date_add(cw_date_today(), dur, &d))
		cw_date_format(d, out);
	if (!cw_idnum_normalise(s, id, &why)) {
		(void)cw_idnum_sex(id);
		(void)cw_idnum_birth_date(id, &d);
	}
	if (!cw_phone_normalise(s, &phone, &why))
		free(phone);
	(void)cw_utf8_valid(s, size, NULL);
	(void)cw_display_width(s, size);
	cw_utf8_truncate(buf, sizeof buf, s);
	(void)cw_utf8_blank(s);
	if (cw_utf8_shown(shown, s, size) > 3 * size)
		abort();
	free(shown);
	free(s);
	return 0;
}
