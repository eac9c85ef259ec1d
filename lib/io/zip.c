/*
 * io/zip.c - a workbook's archive, read with libzip loaded on first use.
 *
 * libzip is loaded (dlopen) when a command first reads a workbook, not
 * linked: it pulls in OpenSSL's libcrypto, whose loading would slow the
 * start of every command, most of which never see a workbook. Its calls
 * go through this table, under their own names, as libpq's do
 * (store/pg/pg.h). Only this file includes <zip.h>.
 */
#define _POSIX_C_SOURCE 200809L
#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>
#include "io/io.h"

#define ZIP_API(X) \
	X(zip_fdopen) X(zip_close) X(zip_discard) X(zip_name_locate) \
	X(zip_stat_index) X(zip_fopen_index) X(zip_fread) X(zip_fclose) \
	X(zip_file_get_error) X(zip_get_error) X(zip_error_init_with_code) \
	X(zip_error_strerror) X(zip_error_fini)
#define ZIP_API_MEMBER(f) __typeof__(f) *f;
static struct {
	ZIP_API(ZIP_API_MEMBER)
} zip_api;

struct io_zip {
	zip_t *za;              /* the archive */
	zip_file_t *part;       /* the part being read, or NULL */
	const char *name;       /* its name (not owned) */
	uint64_t cap;           /* the most bytes it may give */
	uint64_t left;          /* bytes it may still give */
};

/* Loads libzip.so.4: 0, or -1 with err filled naming the package. */
static int zip_load(cw_read_error *err)
{
	static void *lib;
	const char *missing = NULL;

	if (lib)
		return 0;
	/* libzip4's soname, which Debian's package provides (libzip-dev
	 * links the build; the commands need only libzip4) */
	if (!(lib = dlopen("libzip.so.4", RTLD_LAZY | RTLD_LOCAL))) {
		io_read_error_set(err, 0, NULL, CW_EXIT_IO, "reading a workbook "
				  "needs libzip (Debian: apt-get install libzip4): %s",
				  dlerror());
		return -1;
	}
#define ZIP_API_LOAD(f) \
	if (!missing && !(*(void **)&zip_api.f = dlsym(lib, #f))) \
		missing = #f;
	ZIP_API(ZIP_API_LOAD)
	if (missing) {
		io_read_error_set(err, 0, NULL, CW_EXIT_IO, "the libzip found "
				  "lacks %s: reading a workbook needs libzip 1.2 "
				  "or later", missing);
		dlclose(lib);
		lib = NULL;
		return -1;
	}
	return 0;
}

/* libzip's words for an error code. */
static void zip_why(int code, char *out, size_t size)
{
	zip_error_t ze;

	zip_api.zip_error_init_with_code(&ze, code);
	snprintf(out, size, "%s", zip_api.zip_error_strerror(&ze));
	zip_api.zip_error_fini(&ze);
}

int io_zip_open(struct io_zip **out, int fd, cw_read_error *err)
{
	char why[128];
	zip_t *za;
	int code = 0;

	*out = NULL;
	if (zip_load(err)) {
		close(fd);
		return -1;
	}
	if (!(za = zip_api.zip_fdopen(fd, ZIP_RDONLY, &code))) {
		close(fd);
		zip_why(code, why, sizeof why);
		io_read_error_set(err, 0, NULL, code == ZIP_ER_READ ||
				  code == ZIP_ER_MEMORY ? CW_EXIT_IO : CW_EXIT_DATA,
				  "not a workbook: %s", why);
		return -1;
	}
	*out = cw_xcalloc(1, sizeof **out);
	(*out)->za = za;
	return 0;
}

/* Ends the reading of the open part, if any. */
static void part_close(struct io_zip *z)
{
	if (z->part)
		zip_api.zip_fclose(z->part);
	z->part = NULL;
}

int io_zip_part(struct io_zip *z, const char *name, uint64_t cap,
		cw_read_error *err)
{
	zip_int64_t i;
	zip_stat_t st;

	part_close(z);
	z->name = name;
	i = zip_api.zip_name_locate(z->za, name, ZIP_FL_NOCASE);
	if (i < 0)
		return 0;
	if (zip_api.zip_stat_index(z->za, (zip_uint64_t)i, 0, &st) != 0) {
		io_read_error_set(err, 0, NULL, CW_EXIT_DATA,
				  "%s: cannot read the part", name);
		return -1;
	}
	if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) &&
	    st.encryption_method != ZIP_EM_NONE) {
		io_read_error_set(err, 0, NULL, CW_EXIT_DATA, "%s: the part is "
				  "encrypted (save the workbook without a password)",
				  name);
		return -1;
	}
	if ((st.valid & ZIP_STAT_SIZE) && st.size > cap) {
		io_read_error_set(err, 0, NULL, CW_EXIT_DATA, "%s: the part is "
				  "larger than %llu MiB uncompressed", name,
				  (unsigned long long)(cap >> 20));
		return -1;
	}
	if (!(z->part = zip_api.zip_fopen_index(z->za, (zip_uint64_t)i, 0))) {
		io_read_error_set(err, 0, NULL, CW_EXIT_DATA,
				  "%s: cannot read the part: %s", name,
				  zip_api.zip_error_strerror(zip_api.zip_get_error(z->za)));
		return -1;
	}
	z->cap = z->left = cap;
	return 1;
}

long io_zip_read(void *ctx, void *buf, size_t n, cw_read_error *err)
{
	struct io_zip *z = ctx;
	zip_int64_t got;

	if (!z->part)
		return 0;
	got = zip_api.zip_fread(z->part, buf, n);
	if (got < 0) {
		io_read_error_set(err, 0, NULL, CW_EXIT_DATA, "%s: the part is "
				  "corrupt: %s", z->name,
				  zip_api.zip_error_strerror(
					  zip_api.zip_file_get_error(z->part)));
		return -1;
	}
	/* The size the archive states may lie: the bytes are counted. */
	if ((uint64_t)got > z->left) {
		io_read_error_set(err, 0, NULL, CW_EXIT_DATA, "%s: the part is "
				  "larger than %llu MiB uncompressed", z->name,
				  (unsigned long long)(z->cap >> 20));
		return -1;
	}
	z->left -= (uint64_t)got;
	return (long)got;
}

void io_zip_close(struct io_zip *z)
{
	if (!z)
		return;
	part_close(z);
	/* Read only: nothing to write back. */
	zip_api.zip_discard(z->za);
	free(z);
}
