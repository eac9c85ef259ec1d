/* test_pseudonym.c - HMAC-SHA256 (RFC 4231 vectors) and pseudonyms. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <unistd.h>
#include <sys/stat.h>
#include "casework.h"
#include "tap.h"

static char dir[] = "/tmp/cw-test-pseudonym.XXXXXX";

/* Writes n bytes of key to path with mode; 0 when done. */
static int write_key(const char *path, const unsigned char *key, size_t n,
		     mode_t mode)
{
	FILE *fp = fopen(path, "wb");
	int bad;
	if (!fp)
		return -1;
	bad = fwrite(key, 1, n, fp) != n;
	bad |= fclose(fp) != 0;
	return bad || chmod(path, mode) ? -1 : 0;
}

int main(void)
{
	unsigned char k[131];
	unsigned char data[50];
	char hex[65], want[32], got[32], path[256], other[256];
	cw_config cfg = {0};
	cw_pseudonym *ps = NULL;
	int rc;

	/* RFC 4231, test cases 1, 2, 3 and 6. */
	memset(k, 0x0b, 20);
	cw_hmac_sha256_hex(k, 20, "Hi There", 8, hex);
	is_str(hex, "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
	       "RFC 4231 test case 1");
	cw_hmac_sha256_hex("Jefe", 4, "what do ya want for nothing?", 28, hex);
	is_str(hex, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
	       "RFC 4231 test case 2 (key shorter than the output)");
	memset(k, 0xaa, 20);
	memset(data, 0xdd, sizeof data);
	cw_hmac_sha256_hex(k, 20, data, sizeof data, hex);
	is_str(hex, "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
	       "RFC 4231 test case 3 (50 bytes of data)");
	memset(k, 0xaa, 131);
	cw_hmac_sha256_hex(k, 131, "Test Using Larger Than Block-Size Key - Hash Key First",
			   54, hex);
	is_str(hex, "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
	       "RFC 4231 test case 6 (key longer than a block)");

	if (!mkdtemp(dir))
		return 1;
	snprintf(path, sizeof path, "%s/key", dir);
	snprintf(other, sizeof other, "%s/other", dir);

	/* No key configured: refused. */
	rc = cw_pseudonym_open(&ps, &cfg);
	ok(rc == CW_EXIT_USAGE && !ps, "no pseudonym_key_file: usage error");

	/* A 32-byte owner-only key: the pseudonym is the truncated HMAC of
	 * the id text, the same on every call (the keyed state is copied). */
	memset(k, 0x5a, 32);
	k[0] = 1;
	k[31] = 0xff;
	ok(write_key(path, k, 32, 0600) == 0, "key file written");
	cfg.pseudonym_key_file = path;
	rc = cw_pseudonym_open(&ps, &cfg);
	ok(rc == 0 && ps, "owner-only key of 32 bytes accepted");
	if (ps) {
		cw_hmac_sha256_hex(k, 32, "CL-17", 5, hex);
		snprintf(want, sizeof want, "PS-%.16s", hex);
		cw_pseudonym_make(ps, "PS-", "CL-17", 5, got);
		is_str(got, want, "PS- and 16 hex digits of HMAC-SHA256(key, \"CL-17\")");
		cw_pseudonym_make(ps, "PC-", "CA-3", 4, got);
		cw_pseudonym_make(ps, "PS-", "CL-17", 5, got);
		is_str(got, want, "the same pseudonym again after another");
		cw_hmac_sha256_hex(k, 32, "CA-3", 4, hex);
		snprintf(want, sizeof want, "PC-%.16s", hex);
		cw_pseudonym_make(ps, "PC-", "CA-3", 4, got);
		is_str(got, want, "PC- for a case");
		cw_pseudonym_free(ps);
		ps = NULL;
	}
	cw_pseudonym_free(NULL);

	/* Refusals: too short, too open, missing, not a regular file. */
	ok(write_key(other, k, 31, 0600) == 0, "short key written");
	cfg.pseudonym_key_file = other;
	ok(cw_pseudonym_open(&ps, &cfg) == CW_EXIT_USAGE && !ps, "31 bytes refused");
	ok(write_key(other, k, 32, 0640) == 0, "group-readable key written");
	ok(cw_pseudonym_open(&ps, &cfg) == CW_EXIT_USAGE && !ps,
	   "a key group may read is refused");
	ok(chmod(other, 0602) == 0 && cw_pseudonym_open(&ps, &cfg) == CW_EXIT_USAGE,
	   "a key others may write is refused");
	unlink(other);
	ok(cw_pseudonym_open(&ps, &cfg) == CW_EXIT_USAGE && !ps, "a missing key refused");
	cfg.pseudonym_key_file = dir;
	chmod(dir, 0700);
	ok(cw_pseudonym_open(&ps, &cfg) == CW_EXIT_USAGE && !ps, "a folder refused");

	unlink(path);
	rmdir(dir);
	return tap_done();
}
