/* io/outpath.c - a file a command writes is never one it reads or keeps. */
#define _XOPEN_SOURCE 700  /* realpath */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "io/io.h"

/* path, its dangling symbolic links followed to the name they lead to
 * (a link to a file that does not exist yet names that file). */
static char *follow_links(const char *path)
{
	char *p = cw_xstrdup(path), *slash;
	char link[PATH_MAX];
	struct stat st;
	int hops;
	cw_buf b;

	for (hops = 0; hops < 40 && stat(p, &st) != 0; hops++) {
		ssize_t n = readlink(p, link, sizeof link - 1);
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
	return p;
}

/* Where a path lies, whether or not its file exists: the nearest folder
 * on its way that exists (resolved, and as device and inode, which a
 * bind mount or a linked folder shares) and the rest of the path below
 * it, without empty or "." parts and with ".." taken back. */
struct place {
	char *dir;      /* the folder, resolved */
	dev_t dev;
	ino_t ino;
	cw_buf rest;    /* "a/b.db", or "" for the folder itself */
};

static void place_of(const char *path, struct place *pl)
{
	char *p = follow_links(path), *slash, **part = NULL, **kept;
	size_t nparts = 0, depth = 0, i;
	struct stat st;

	cw_buf_init(&pl->rest);
	if (!*p) {
		free(p);
		p = cw_xstrdup(".");
	}
	for (;;) {
		pl->dir = realpath(p, NULL);
		if (pl->dir && stat(pl->dir, &st) == 0)
			break;
		free(pl->dir);
		if (!strcmp(p, ".") || !strcmp(p, "/")) {
			/* the working folder is gone: the path as it is */
			pl->dir = cw_xstrdup(p);
			memset(&st, 0, sizeof st);
			break;
		}
		/* Not there: its last part goes to the rest (taken from the
		 * end), and the folder above is tried. "/" is always there. */
		slash = strrchr(p, '/');
		part = cw_xrealloc(part, (nparts + 1) * sizeof *part);
		part[nparts++] = cw_xstrdup(slash ? slash + 1 : p);
		if (!slash)
			strcpy(p, ".");
		else if (slash == p)
			p[1] = '\0';
		else
			*slash = '\0';
	}
	pl->dev = st.st_dev;
	pl->ino = st.st_ino;
	kept = cw_xcalloc(nparts ? nparts : 1, sizeof *kept);
	for (i = nparts; i-- > 0;) {
		if (!*part[i] || !strcmp(part[i], "."))
			continue;
		if (!strcmp(part[i], "..")) {
			if (depth)
				depth--;
			continue;
		}
		kept[depth++] = part[i];
	}
	for (i = 0; i < depth; i++) {
		if (i)
			cw_buf_addch(&pl->rest, '/');
		cw_buf_addstr(&pl->rest, kept[i]);
	}
	for (i = 0; i < nparts; i++)
		free(part[i]);
	free(part);
	free(kept);
	free(p);
}

static void place_release(struct place *pl)
{
	free(pl->dir);
	cw_buf_release(&pl->rest);
}

/* Where a path leads, as an absolute name with every link followed: the
 * nearest folder that exists, resolved, and the rest below it. */
static char *resolve(const char *path)
{
	struct place pl;
	cw_buf b;

	place_of(path, &pl);
	cw_buf_init(&b);
	cw_buf_addstr(&b, pl.dir);
	if (pl.rest.len) {
		if (strcmp(pl.dir, "/"))
			cw_buf_addch(&b, '/');
		cw_buf_add(&b, pl.rest.s, pl.rest.len);
	}
	place_release(&pl);
	return cw_buf_detach(&b, NULL);
}

int cw_same_file(const char *a, const char *b)
{
	struct stat sa, sb;
	struct place pa, pb;
	int ea = stat(a, &sa) == 0, eb = stat(b, &sb) == 0, same;

	if (ea && eb)
		return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
	if (ea || eb)
		return 0;
	/* Neither is there yet: the same place under the same folder,
	 * however that folder is reached (a link, a bind mount, "//"). */
	place_of(a, &pa);
	place_of(b, &pb);
	same = pa.dev == pb.dev && pa.ino == pb.ino && pa.rest.len == pb.rest.len &&
	       !memcmp(pa.rest.s, pb.rest.s, pa.rest.len);
	place_release(&pa);
	place_release(&pb);
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

/* Whether path is the regular file open as descriptor fd (standard input
 * or output redirected from or to a file). */
static int same_as_fd(const char *path, int fd)
{
	struct stat f, p;
	return fstat(fd, &f) == 0 && S_ISREG(f.st_mode) && stat(path, &p) == 0 &&
	       f.st_dev == p.st_dev && f.st_ino == p.st_ino;
}

/* Whether path is an SQLite database (its first 16 bytes say so): no
 * output ever replaces one, whichever database the command uses. */
static int is_database(const char *path)
{
	static const char magic[16] = "SQLite format 3";
	char head[16];
	FILE *fp = fopen(path, "rb");
	int yes;

	if (!fp)
		return 0;
	yes = fread(head, 1, sizeof head, fp) == sizeof head &&
	      !memcmp(head, magic, sizeof head);
	fclose(fp);
	return yes;
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
	if (!what && same_as_fd(out, STDIN_FILENO))
		what = "the standard input";
	if (!what && same_as_fd(out, STDOUT_FILENO))
		what = "the standard output";
	if (!what && is_database(out))
		what = "a database";
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

/* The temporary files not yet renamed or removed, which an interrupt
 * (Ctrl-C, a kill, a hang-up) removes before the command dies, so that
 * no half-written copy of personal data is left beside its target. */
#define PENDING_MAX 8
static char *volatile pending[PENDING_MAX];

static void on_signal(int sig)
{
	int i;
	for (i = 0; i < PENDING_MAX; i++)
		if (pending[i])
			unlink(pending[i]);
	signal(sig, SIG_DFL);
	raise(sig);
}

void io_pending_add(char *tmp)
{
	static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
	static int handled;
	struct sigaction sa;
	int i;

	if (!handled) {
		handled = 1;
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = on_signal;
		sigemptyset(&sa.sa_mask);
		for (i = 0; i < 3; i++) {
			struct sigaction old;
			/* a signal the caller ignores (nohup) stays ignored */
			if (sigaction(sigs[i], NULL, &old) == 0 &&
			    old.sa_handler != SIG_IGN)
				sigaction(sigs[i], &sa, NULL);
		}
	}
	for (i = 0; i < PENDING_MAX; i++)
		if (!pending[i]) {
			pending[i] = tmp;
			return;
		}
}

void io_pending_drop(const char *tmp)
{
	int i;
	for (i = 0; i < PENDING_MAX; i++)
		if (pending[i] == tmp)
			pending[i] = NULL;
}

static void outfile_free(cw_outfile *f)
{
	if (f->fp)
		fclose(f->fp);
	if (f->tmp) {
		unlink(f->tmp);
		io_pending_drop(f->tmp);
	}
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
	io_pending_add(f->tmp);
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
		io_pending_drop(f->tmp);
		free(f->tmp);
		f->tmp = NULL;  /* renamed: nothing to remove */
	}
	outfile_free(f);
	return e;
}

const char *io_outfile_tmp(const cw_outfile *f)
{
	return f->tmp;
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
