/* core/pseudonym.c - keyed pseudonyms for exports (HMAC-SHA256, nettle). */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <nettle/hmac.h>
#include "casework.h"

struct cw_pseudonym {
	struct hmac_sha256_ctx keyed;  /* the key set once; copied per id */
};

/* Overwrites n bytes at p in a way the compiler may not drop. */
static void wipe(void *p, size_t n)
{
	volatile unsigned char *v = p;
	while (n--)
		*v++ = 0;
}

void cw_hmac_sha256_hex(const void *key, size_t klen, const void *data,
			size_t len, char out[65])
{
	struct hmac_sha256_ctx ctx;
	uint8_t d[SHA256_DIGEST_SIZE];

	hmac_sha256_set_key(&ctx, klen, key);
	hmac_sha256_update(&ctx, len, data);
	hmac_sha256_digest(&ctx, sizeof d, d);
	cw_hex(d, sizeof d, out);
	wipe(&ctx, sizeof ctx);
}

/* Reads the whole key file fd (already checked) into key; returns its
 * length, or -1 with errno set. Reads one byte past the limit so that a
 * file that is too long is seen. */
static long read_key(int fd, uint8_t *key, size_t cap)
{
	size_t got = 0;
	ssize_t r;

	while (got < cap) {
		r = read(fd, key + got, cap - got);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (r == 0)
			break;
		got += (size_t)r;
	}
	return (long)got;
}

/* Checks what the key file is: regular, the user's, owner-only. Returns
 * 0 or CW_EXIT_USAGE after a message. */
static int check_key_file(const char *path, const struct stat *st)
{
	if (!S_ISREG(st->st_mode)) {
		cw_error("pseudonym key '%s' (pseudonym_key_file) is not a "
			 "regular file", path);
		return CW_EXIT_USAGE;
	}
	if (st->st_uid != geteuid()) {
		cw_error("pseudonym key '%s' (pseudonym_key_file) is not owned "
			 "by the user running %s", path, cw_progname());
		return CW_EXIT_USAGE;
	}
	if (st->st_mode & (S_IRWXG | S_IRWXO)) {
		cw_error("pseudonym key '%s' (pseudonym_key_file) is open to "
			 "group or others (mode %03o): make it owner-only with "
			 "chmod 600", path, (unsigned)(st->st_mode & 0777));
		return CW_EXIT_USAGE;
	}
	return 0;
}

int cw_pseudonym_open(cw_pseudonym **out, const cw_config *cfg)
{
	const char *path = cfg->pseudonym_key_file;
	uint8_t key[CW_PSEUDONYM_KEY_MAX + 1];
	struct stat st;
	long n;
	int fd, rc;

	*out = NULL;
	if (!path) {
		if (cfg->path)
			cw_error("--pseudonymise needs a key: set pseudonym_key_file "
				 "in the configuration '%s'", cfg->path);
		else
			cw_error("--pseudonymise needs a key: set pseudonym_key_file "
				 "in the configuration (none was read: $CASEWORK_CONFIG, casework.conf beside a SQLite database, or ~/.config/casework/casework.conf for PostgreSQL)");
		return CW_EXIT_USAGE;
	}
	fd = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		cw_error("cannot open pseudonym key '%s' (pseudonym_key_file): %s",
			 path, strerror(errno));
		return CW_EXIT_USAGE;
	}
	if (fstat(fd, &st) != 0) {
		cw_error("cannot read pseudonym key '%s' (pseudonym_key_file): %s",
			 path, strerror(errno));
		close(fd);
		return CW_EXIT_USAGE;
	}
	if ((rc = check_key_file(path, &st)) != 0) {
		close(fd);
		return rc;
	}
	n = read_key(fd, key, sizeof key);
	if (n < 0) {
		cw_error("cannot read pseudonym key '%s' (pseudonym_key_file): %s",
			 path, strerror(errno));
		close(fd);
		return CW_EXIT_USAGE;
	}
	close(fd);
	if (n < CW_PSEUDONYM_KEY_MIN || n > CW_PSEUDONYM_KEY_MAX) {
		if (n < CW_PSEUDONYM_KEY_MIN)
			cw_error("pseudonym key '%s' (pseudonym_key_file) is too short:"
				 " %ld bytes, at least %d needed (head -c 32 "
				 "/dev/urandom > FILE && chmod 600 FILE)", path, n,
				 CW_PSEUDONYM_KEY_MIN);
		else
			cw_error("pseudonym key '%s' (pseudonym_key_file) is longer "
				 "than %d bytes", path, CW_PSEUDONYM_KEY_MAX);
		wipe(key, sizeof key);
		return CW_EXIT_USAGE;
	}
	*out = cw_xmalloc(sizeof **out);
	hmac_sha256_set_key(&(*out)->keyed, (size_t)n, key);
	wipe(key, sizeof key);
	return 0;
}

void cw_pseudonym_make(const cw_pseudonym *p, const char *prefix,
		       const char *id, size_t len, char *out)
{
	struct hmac_sha256_ctx ctx = p->keyed;
	uint8_t d[SHA256_DIGEST_SIZE];
	size_t plen = strlen(prefix);

	hmac_sha256_update(&ctx, len, (const uint8_t *)id);
	hmac_sha256_digest(&ctx, sizeof d, d);
	memcpy(out, prefix, plen);
	cw_hex(d, 8, out + plen);   /* 8 bytes: 16 hex digits */
}

void cw_pseudonym_free(cw_pseudonym *p)
{
	if (!p)
		return;
	wipe(p, sizeof *p);
	free(p);
}
