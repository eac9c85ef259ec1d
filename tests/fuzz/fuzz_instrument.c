/* fuzz_instrument.c - fuzz target: the instrument-definition loader, and
 * scoring whatever definition it accepts. */
#include <stdint.h>
#include <stdlib.h>
#include "casework.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[512];
	cw_instrument *in = cw_instrument_parse((const char *)data, size, err, sizeof err);
	size_t i, n;
	long *answers, lo, hi;
	cw_score s;

	if (!in)
		return 0;
	n = cw_instrument_items(in);
	answers = calloc(n ? n : 1, sizeof *answers);
	for (i = 0; i < n; i++) {
		cw_instrument_item_scale(in, i, &lo, &hi);
		answers[i] = (i & 1) ? hi : lo;
	}
	cw_instrument_score(in, answers, &s);
	(void)cw_instrument_json(in);
	free(answers);
	cw_instrument_free(in);
	return 0;
}
