/* capture.h - what a test's code writes to standard output or error, and
 * what it reads from standard input, through temporary files put in
 * place of the descriptors (the library prints through stdout and
 * stderr).  Include it after tap.h, in the test's one source file. */
#ifndef CW_CAPTURE_H
#define CW_CAPTURE_H
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* One descriptor redirected: fd 1 or 2 into a file, or fd 0 from one. */
typedef struct capture {
	int fd;        /* the descriptor replaced */
	int saved;     /* a copy of what it was */
	char path[64]; /* the temporary file */
} capture;

static TAP_UNUSED void capture_flush(int fd)
{
	fflush(fd == 1 ? stdout : fd == 2 ? stderr : NULL);
}

/* Replaces fd (1 or 2) by an empty temporary file; 0, or -1 when it
 * cannot (nothing changed). */
static TAP_UNUSED int capture_start(capture *c, int fd)
{
	int t;

	snprintf(c->path, sizeof c->path, "/tmp/cw-capture.XXXXXX");
	if ((t = mkstemp(c->path)) < 0)
		return -1;
	capture_flush(fd);
	c->fd = fd;
	c->saved = dup(fd);
	dup2(t, fd);
	close(t);
	return 0;
}

/* The whole content of path (free(3)), or NULL when it cannot be read. */
static TAP_UNUSED char *read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *s;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	s = malloc((size_t)(n > 0 ? n : 0) + 1);
	if (s)
		s[fread(s, 1, (size_t)(n > 0 ? n : 0), f)] = '\0';
	fclose(f);
	return s;
}
/* Puts fd back and returns what was written to it (free(3)), or NULL
 * when it cannot be read back. The temporary file is removed. */
static TAP_UNUSED char *capture_end(capture *c)
{
	char *s;

	capture_flush(c->fd);
	dup2(c->saved, c->fd);
	close(c->saved);
	s = read_file(c->path);
	unlink(c->path);
	return s;
}

/* Makes standard input read text (a regular file): 0 or -1. End with
 * stdin_end. */
static TAP_UNUSED int stdin_start(capture *c, const char *text)
{
	int t;
	size_t n = strlen(text);

	snprintf(c->path, sizeof c->path, "/tmp/cw-stdin.XXXXXX");
	if ((t = mkstemp(c->path)) < 0)
		return -1;
	if (write(t, text, n) != (ssize_t)n || lseek(t, 0, SEEK_SET) != 0) {
		close(t);
		unlink(c->path);
		return -1;
	}
	c->fd = 0;
	c->saved = dup(0);
	dup2(t, 0);
	close(t);
	clearerr(stdin);
	return 0;
}

/* Makes standard input a pipe that holds text (at most a pipe's buffer,
 * 4 KiB at least) and then ends: 0 or -1. End with stdin_end. */
static TAP_UNUSED int stdin_pipe(capture *c, const char *text)
{
	int p[2];
	size_t n = strlen(text);

	if (n > 4096 || pipe(p) != 0)
		return -1;
	if (write(p[1], text, n) != (ssize_t)n) {
		close(p[0]);
		close(p[1]);
		return -1;
	}
	close(p[1]);
	c->path[0] = '\0';
	c->fd = 0;
	c->saved = dup(0);
	dup2(p[0], 0);
	close(p[0]);
	clearerr(stdin);
	return 0;
}

/* Puts standard input back. */
static TAP_UNUSED void stdin_end(capture *c)
{
	__fpurge(stdin);  /* what a reader stopped early left buffered */
	dup2(c->saved, 0);
	close(c->saved);
	clearerr(stdin);
	if (c->path[0])
		unlink(c->path);
}

/* Writes text to path: 0, or -1. */
static TAP_UNUSED int write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");
	int bad;

	if (!f)
		return -1;
	bad = fputs(text, f) < 0;
	return fclose(f) != 0 || bad ? -1 : 0;
}

/* printf into one of eight rotating buffers of 2 KiB: for expected
 * messages built from names the test chose. */
static const char *strf(const char *fmt, ...)
	__attribute__((format(printf, 1, 2), unused));
static const char *strf(const char *fmt, ...)
{
	static char bufs[8][2048];
	static int next;
	char *s = bufs[next++ % 8];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(s, sizeof bufs[0], fmt, ap);
	va_end(ap);
	return s;
}
#endif
