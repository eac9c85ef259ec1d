/* fuzz_xlsx.c - fuzz target: a workbook's XML as the .xlsx reader parses
 * it, from memory without an archive (io/xlsxin.c): the input is split
 * at its NUL bytes into the shared strings, the styles and the sheet
 * ("SHEET", "SST\0SHEET" or "SST\0STYLES\0SHEET"), the records read with
 * the header checked against a few known names. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "io/io.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int known(const cw_names *names, const char *name)
{
	(void)names;
	return !strcmp(name, "name") || !strcmp(name, "notes");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const cw_names names = {known, NULL, 0};
	const char *p = (const char *)data, *a = NULL, *b = NULL;
	const char *nul1 = memchr(p, '\0', size), *nul2 = NULL;
	size_t alen = 0, blen = 0;
	struct cw_xlsxin *x;
	cw_read_error err;
	cw_record rec;
	long n = 0;
	int res;

	if (nul1) {
		a = p;
		alen = (size_t)(nul1 - p);
		nul2 = memchr(nul1 + 1, '\0', size - alen - 1);
		if (nul2) {
			b = nul1 + 1;
			blen = (size_t)(nul2 - b);
			p = nul2 + 1;
		} else {
			p = nul1 + 1;
		}
	}
	x = io_xlsxin_mem(a, alen, b, blen, p, size - (size_t)(p - (const char *)data));
	if (data[0] & 1)
		io_xlsxin_expect(x, &names);
	cw_record_init(&rec);
	/* Every call ends in a record, a rejected record, the end or a fatal
	 * error: never a crash, a hang or a leak. */
	while ((res = io_xlsxin_next(x, &rec, &err)) != CW_READ_END &&
	       res != CW_READ_FATAL)
		if (++n > 10000000)
			abort();
	cw_record_release(&rec);
	io_xlsxin_free(x);
	return 0;
}
