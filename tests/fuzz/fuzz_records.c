/* fuzz_records.c - fuzz target: the CSV and JSON record readers (and the
 * strict JSON validator) on any bytes. The first byte picks the format
 * and encoding, the rest is the input. */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include "casework.h"

static int fd = -1;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum cw_format fmts[] = {
		CW_FMT_AUTO, CW_FMT_CSV, CW_FMT_JSONL, CW_FMT_JSON
	};
	char path[64];
	cw_reader *r;
	cw_record rec;
	const char *why;
	long line, n = 0;
	int res;

	if (size < 1)
		return 0;
	cw_json_validate((const char *)data + 1, size - 1, CW_MAX_DEPTH, &why, &line);
	if (fd < 0 && (fd = memfd_create("fuzz", 0)) < 0)
		abort();
	if (ftruncate(fd, 0) != 0 || lseek(fd, 0, SEEK_SET) != 0 ||
	    write(fd, data + 1, size - 1) != (ssize_t)(size - 1))
		abort();
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	if (cw_reader_open(&r, path, fmts[data[0] & 3],
			   (data[0] & 4) ? "GB18030" : NULL) != 0)
		return 0;
	cw_record_init(&rec);
	/* Every call ends in a record, a rejected record, the end or a fatal
	 * error: never a crash, a hang or a leak. */
	while ((res = cw_reader_next(r, &rec)) != CW_READ_END && res != CW_READ_FATAL)
		if (++n > 1000000)
			abort();
	cw_record_release(&rec);
	cw_reader_free(r);
	return 0;
}
