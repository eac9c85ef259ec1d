/* io/outpath.c - a file a command writes is never one it reads or keeps. */
#define _XOPEN_SOURCE 700  /* realpath */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "casework.h"

/* Where a path leads: the file it names once every symbolic link is
 * followed, as an absolute name. A path whose file does not exist yet is
 * resolved as far as it goes: a dangling link to its target, then the
 * folder that would hold it. */
static char *resolve(const char *path)
{
	char *p = cw_xstrdup(path), *r, *slash, *dir;
	char link[PATH_MAX];
	int hops;
	cw_buf b;

	for (hops = 0; hops < 40; hops++) {
		ssize_t n;
		if ((r = realpath(p, NULL)) != NULL) {
			free(p);
			return r;
		}
		n = readlink(p, link, sizeof link - 1);
		if (n < 0)
			break;
		link[n] = '\0';
		cw_buf_init(&b);
		slash = strrchr(p, '/');
		if (link[0] != '/' && slash)
			cw_buf_add(&b, p, (size_t)(slash - p) + 1);
		cw_buf_addstr(&b, link);
		free(p);
		p = cw_buf_detach(&b, NULL);
	}
	/* The file is not there: its folder, resolved, and its name. */
	cw_buf_init(&b);
	slash = strrchr(p, '/');
	dir = slash ? cw_xstrndup(p, slash == p ? 1 : (size_t)(slash - p))
		    : cw_xstrdup(".");
	r = realpath(dir, NULL);
	if (r) {
		cw_buf_addstr(&b, r);
		if (strcmp(r, "/"))
			cw_buf_addch(&b, '/');
		cw_buf_addstr(&b, slash ? slash + 1 : p);
	} else {
		cw_buf_addstr(&b, p);
	}
	free(r);
	free(dir);
	free(p);
	return cw_buf_detach(&b, NULL);
}

int cw_same_file(const char *a, const char *b)
{
	struct stat sa, sb;
	char *ra, *rb;
	int same;

	if (stat(a, &sa) == 0 && stat(b, &sb) == 0)
		return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
	ra = resolve(a);
	rb = resolve(b);
	same = !strcmp(ra, rb);
	free(ra);
	free(rb);
	return same;
}

char *cw_path_resolve(const char *path)
{
	return resolve(path);
}

/* Whether out is the database or one of SQLite's files beside it. The
 * companions are named after the path as given and after the file it
 * leads to, since SQLite follows a link to the database. */
static const char *database_part(const char *out, const char *db)
{
	static const char *const suffix[] = {"", "-wal", "-shm", "-journal"};
	static const char *const what[] = {
		"the database", "the database's write-ahead log",
		"the database's shared memory", "the database's journal"
	};
	char *real = resolve(db);
	const char *hit = NULL;
	size_t i, j;

	for (i = 0; i < 4 && !hit; i++)
		for (j = 0; j < 2 && !hit; j++) {
			cw_buf b;
			cw_buf_init(&b);
			cw_buf_addstr(&b, j ? real : db);
			cw_buf_addstr(&b, suffix[i]);
			if (cw_same_file(out, b.s))
				hit = what[i];
			cw_buf_release(&b);
		}
	free(real);
	return hit;
}

int cw_outpath_check(const char *out, const char *db_path,
		     const cw_config *cfg)
{
	const char *what = NULL;
	char *conf;

	if (!out)
		return 0;
	if (db_path)
		what = database_part(out, db_path);
	if (!what && db_path) {
		conf = cw_config_path(db_path);
		if (cw_same_file(out, conf))
			what = "the configuration file";
		free(conf);
	}
	if (!what && cfg && cfg->path && cw_same_file(out, cfg->path))
		what = "the configuration file";
	if (!what && cfg && cfg->pseudonym_key_file &&
	    cw_same_file(out, cfg->pseudonym_key_file))
		what = "the pseudonym key";
	if (what)
		return cw_usage_error("refusing to write %s: it is %s", out, what);
	return 0;
}

int cw_outpath_check_inputs(const char *out, char *const *files,
			    size_t nfiles)
{
	size_t i;

	if (!out)
		return 0;
	for (i = 0; i < nfiles; i++)
		if (strcmp(files[i], "-") && cw_same_file(out, files[i]))
			return strcmp(out, files[i])
			       ? cw_usage_error("refusing to write %s: it is the "
						"input '%s'", out, files[i])
			       : cw_usage_error("refusing to write %s: it is an "
						"input", out);
	return 0;
}

/* ---- a file written whole or not at all ----------------------------------- */

struct cw_outfile {
	char *target;  /* the file to replace (a symbolic link followed) */
	char *tmp;     /* the temporary file beside it, NULL once renamed */
	FILE *fp;      /* open on tmp */
};

static void outfile_free(cw_outfile *f)
{
	if (f->fp)
		fclose(f->fp);
	if (f->tmp)
		unlink(f->tmp);
	free(f->target);
	free(f->tmp);
	free(f);
}

int cw_outfile_open(cw_outfile **out, const char *path, FILE **fp)
{
	cw_outfile *f;
	struct stat st;
	int fd, e;

	*out = NULL;
	*fp = NULL;
	if (!*path)
		return ENOENT;
	f = cw_xcalloc(1, sizeof *f);
	/* A symbolic link stays one: the file it names is replaced. */
	f->target = resolve(path);
	if (stat(f->target, &st) == 0) {
		e = S_ISDIR(st.st_mode) ? EISDIR :
		    !S_ISREG(st.st_mode) ? EINVAL : 0;
		if (!e && access(f->target, W_OK) != 0)
			e = errno;
		if (e) {
			outfile_free(f);
			return e;
		}
	}
	f->tmp = cw_xmalloc(strlen(f->target) + 8);
	strcpy(f->tmp, f->target);
	strcat(f->tmp, ".XXXXXX");
	/* mkstemp creates the file for its owner alone (0600). */
	if ((fd = mkstemp(f->tmp)) < 0 || !(f->fp = fdopen(fd, "wb"))) {
		e = errno;
		if (fd >= 0) {
			close(fd);
			unlink(f->tmp);
		}
		free(f->tmp);
		f->tmp = NULL;
		outfile_free(f);
		return e;
	}
	*out = f;
	*fp = f->fp;
	return 0;
}

int cw_outfile_commit(cw_outfile *f)
{
	int e = 0;

	errno = 0;
	if (fflush(f->fp) != 0 || ferror(f->fp))
		e = errno ? errno : EIO;
	else if (fsync(fileno(f->fp)) != 0 && errno != EINVAL)
		e = errno;
	if (fclose(f->fp) != 0 && !e)
		e = errno ? errno : EIO;
	f->fp = NULL;
	if (!e && rename(f->tmp, f->target) != 0)
		e = errno;
	if (!e) {
		free(f->tmp);
		f->tmp = NULL;  /* renamed: nothing to remove */
	}
	outfile_free(f);
	return e;
}

const char *cw_outfile_why(int e)
{
	return e == EINVAL ? "not a regular file" : strerror(e);
}

void cw_outfile_abort(cw_outfile *f)
{
	if (f)
		outfile_free(f);
}
