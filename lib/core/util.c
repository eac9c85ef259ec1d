/* core/util.c - allocation that cannot fail silently, growable buffers,
 * hashing and whole numbers. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include "casework.h"
#include "core/core.h"

static void oom(void)
{
	cw_error("out of memory");
	exit(CW_EXIT_IO);
}

/* Like malloc(3), but never returns NULL: running out of memory ends the
 * program with a message, because no caller could recover usefully. */
void *cw_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom();
	return p;
}

void *cw_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom();
	return p;
}

void *cw_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		oom();
	return q;
}

char *cw_xstrdup(const char *s)
{
	return cw_xstrndup(s, strlen(s));
}

/* Copies exactly n bytes (which may include NULs) and terminates them. */
char *cw_xstrndup(const char *s, size_t n)
{
	char *p = cw_xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

static char cw_buf_empty[1];

void cw_buf_init(cw_buf *b)
{
	b->s = cw_buf_empty;
	b->len = 0;
	b->cap = 0;
}

void cw_buf_release(cw_buf *b)
{
	if (b->cap)
		free(b->s);
	cw_buf_init(b);
}

void cw_buf_reset(cw_buf *b)
{
	b->len = 0;
	if (b->cap)
		b->s[0] = '\0';
}

/* Makes room for n more bytes plus the terminator, growing by half again
 * so that appending a byte at a time stays linear. */
static void grow(cw_buf *b, size_t n)
{
	size_t need = b->len + n + 1, cap;
	if (need <= b->cap)
		return;
	if (need < b->len) {
		cw_error("out of memory");
		exit(CW_EXIT_IO);
	}
	cap = b->cap ? b->cap + b->cap / 2 : 64;
	if (cap < need)
		cap = need;
	if (b->cap) {
		b->s = cw_xrealloc(b->s, cap);
	} else {
		b->s = cw_xmalloc(cap);
		b->s[0] = '\0';
	}
	b->cap = cap;
}

char *cw_buf_reserve(cw_buf *b, size_t n)
{
	grow(b, n);
	return b->s + b->len;
}

void cw_buf_add(cw_buf *b, const void *p, size_t n)
{
	if (!n)
		return;
	grow(b, n);
	memcpy(b->s + b->len, p, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void cw_buf_addstr(cw_buf *b, const char *s)
{
	cw_buf_add(b, s, strlen(s));
}

void cw_buf_addch_slow(cw_buf *b, int c)
{
	grow(b, 1);
	b->s[b->len++] = (char)c;
	b->s[b->len] = '\0';
}

void cw_buf_printf(cw_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;
	char tmp[256];

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof tmp) {
		cw_buf_add(b, tmp, (size_t)n);
		return;
	}
	grow(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

/* Gives the caller the contents (possibly a fresh empty string) and leaves
 * b empty, so the buffer's memory is never freed twice. */
char *cw_buf_detach(cw_buf *b, size_t *len)
{
	char *s = b->cap ? b->s : cw_xstrdup("");
	if (len)
		*len = b->len;
	cw_buf_init(b);
	return s;
}

void cw_hex(const void *p, size_t n, char *out)
{
	static const char digit[] = "0123456789abcdef";
	const unsigned char *b = p;
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = digit[b[i] >> 4];
		out[2 * i + 1] = digit[b[i] & 15];
	}
	out[2 * n] = '\0';
}

int cw_parse_long(const char *s, long min, long max, long *out)
{
	unsigned long n = 0, lim = LONG_MAX;
	int neg = 0;
	long v;

	if (!s)
		return -1;
	if (*s == '-' && min < 0) {
		neg = 1;
		lim = (unsigned long)LONG_MAX + 1;
		s++;
	}
	if (!*s)
		return -1;
	for (; *s; s++) {
		unsigned long d = (unsigned long)(*s - '0');
		if (*s < '0' || *s > '9' || n > (lim - d) / 10)
			return -1;
		n = n * 10 + d;
	}
	if (!neg)
		v = (long)n;
	else if (n > (unsigned long)LONG_MAX)
		v = LONG_MIN;
	else
		v = -(long)n;
	if (v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

uint64_t cw_hash(const void *p, size_t n)
{
	return core_fnv1a(CORE_FNV_BASIS, p, n);
}
