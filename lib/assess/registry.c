/* assess/registry.c - the instruments known to a run: the built-in
 * definitions (the JSON files in lib/assess/instruments, embedded at build time),
 * then those of the agency's folder, which replace built-ins of the same
 * name. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "casework.h"

/* The table make generates from the JSON files in lib/assess/instruments into
 * $(B)/gen/builtin_instruments.c (the same struct is spelled there). */
struct assess_builtin_instrument {
	const char *file;   /* "phq9.json" */
	const char *json;   /* its text, NUL-terminated */
	size_t len;         /* bytes in json */
};
extern const struct assess_builtin_instrument assess_builtin_instruments[];
extern const size_t assess_builtin_instruments_count;

#define MAX_DEFINITION (1024 * 1024)   /* bytes in one folder file */

struct cw_instruments {
	cw_instrument **v;
	char **from;        /* the folder file each came from, or NULL (built-in) */
	size_t n, cap;
};

static long find(const cw_instruments *all, const char *name)
{
	size_t i;

	for (i = 0; i < all->n; i++)
		if (!strcmp(cw_instrument_name(all->v[i]), name))
			return (long)i;
	return -1;
}

/* Adds in (taking it), or puts it in the place of the built-in of its name.
 * Returns CW_EXIT_USAGE (in freed) when another folder file has the name. */
static int add(cw_instruments *all, cw_instrument *in, const char *from)
{
	long i = find(all, cw_instrument_name(in));

	if (i >= 0 && all->from[i]) {
		cw_error("%s: name: '%s' is also defined in %s", from,
			 cw_instrument_name(in), all->from[i]);
		cw_instrument_free(in);
		return CW_EXIT_USAGE;
	}
	if (i < 0) {
		if (all->n == all->cap) {
			all->cap = all->cap ? 2 * all->cap : 16;
			all->v = cw_xrealloc(all->v, all->cap * sizeof *all->v);
			all->from = cw_xrealloc(all->from, all->cap * sizeof *all->from);
		}
		i = (long)all->n++;
	} else {
		cw_instrument_free(all->v[i]);
	}
	all->v[i] = in;
	all->from[i] = from ? cw_xstrdup(from) : NULL;
	return 0;
}

/* Parses one definition; label names it in the message. */
static int load_one(cw_instruments *all, const char *json, size_t len,
		    const char *label, const char *from)
{
	char err[512];
	cw_instrument *in = cw_instrument_parse(json, len, err, sizeof err);

	if (!in) {
		cw_error("%s: %s", label, err);
		return CW_EXIT_USAGE;
	}
	return add(all, in, from);
}

static int load_builtins(cw_instruments *all)
{
	char label[128];
	size_t i;
	int rc;

	for (i = 0; i < assess_builtin_instruments_count; i++) {
		const struct assess_builtin_instrument *b = &assess_builtin_instruments[i];

		snprintf(label, sizeof label, "built-in %s", b->file);
		if ((rc = load_one(all, b->json, b->len, label, NULL)))
			return rc;
	}
	return 0;
}

/* Reads a whole file of at most MAX_DEFINITION bytes. */
static int read_file(const char *path, cw_buf *b)
{
	char chunk[8192];
	size_t n;
	FILE *fp = fopen(path, "rb");

	if (!fp) {
		cw_error("%s: cannot read: %s", path, strerror(errno));
		return CW_EXIT_USAGE;
	}
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0) {
		cw_buf_add(b, chunk, n);
		if (b->len > MAX_DEFINITION) {
			fclose(fp);
			cw_error("%s: larger than %d bytes", path, MAX_DEFINITION);
			return CW_EXIT_USAGE;
		}
	}
	if (ferror(fp)) {
		int e = errno;
		fclose(fp);
		cw_error("%s: cannot read: %s", path, strerror(e ? e : EIO));
		return CW_EXIT_USAGE;
	}
	fclose(fp);
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int is_definition(const char *name)
{
	size_t n = strlen(name);

	return name[0] != '.' && n > 5 && !strcmp(name + n - 5, ".json");
}

/* The *.json names in dir (not hidden), sorted; NULL after a message. */
static char **list_dir(const char *dir, size_t *count)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0;
	int err;

	if (!d) {
		cw_error("%s: cannot read the instrument folder: %s", dir,
			 strerror(errno));
		return NULL;
	}
	for (;;) {
		errno = 0;
		if (!(e = readdir(d)))
			break;
		if (!is_definition(e->d_name))
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 16;
			names = cw_xrealloc(names, cap * sizeof *names);
		}
		names[n++] = cw_xstrdup(e->d_name);
	}
	err = errno;
	closedir(d);
	if (err) {
		cw_error("%s: cannot read the instrument folder: %s", dir,
			 strerror(err));
		while (n)
			free(names[--n]);
		free(names);
		return NULL;
	}
	if (n)
		qsort(names, n, sizeof *names, by_name);
	*count = n;
	return names ? names : cw_xcalloc(1, sizeof *names);
}

static int load_dir(cw_instruments *all, const char *dir)
{
	size_t n, i, dl = strlen(dir);
	char **names = list_dir(dir, &n);
	cw_buf path, text;
	int rc = 0;

	if (!names)
		return CW_EXIT_USAGE;
	cw_buf_init(&path);
	cw_buf_init(&text);
	for (i = 0; i < n && !rc; i++) {
		cw_buf_reset(&path);
		cw_buf_reset(&text);
		cw_buf_printf(&path, "%s%s%s", dir,
			      dl && dir[dl - 1] == '/' ? "" : "/", names[i]);
		rc = read_file(path.s, &text);
		if (!rc)
			rc = load_one(all, text.s, text.len, path.s, path.s);
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	cw_buf_release(&path);
	cw_buf_release(&text);
	return rc;
}

/* Built-ins first, then the folder's files in name order. */
int cw_instruments_load(cw_instruments **out, const char *dir)
{
	cw_instruments *all = cw_xcalloc(1, sizeof *all);
	int rc = load_builtins(all);

	if (!rc && dir)
		rc = load_dir(all, dir);
	if (rc) {
		cw_instruments_free(all);
		*out = NULL;
		return rc;
	}
	*out = all;
	return 0;
}

/* NULL when no instrument has that name. */
const cw_instrument *cw_instruments_find(const cw_instruments *all,
					 const char *name)
{
	long i = find(all, name);

	return i < 0 ? NULL : all->v[i];
}

size_t cw_instruments_count(const cw_instruments *all)
{
	return all->n;
}

/* The i-th, built-ins in file-name order first; NULL past the end. */
const cw_instrument *cw_instruments_at(const cw_instruments *all, size_t i)
{
	return i < all->n ? all->v[i] : NULL;
}

void cw_instruments_free(cw_instruments *all)
{
	size_t i;

	if (!all)
		return;
	for (i = 0; i < all->n; i++) {
		cw_instrument_free(all->v[i]);
		free(all->from[i]);
	}
	free(all->v);
	free(all->from);
	free(all);
}
