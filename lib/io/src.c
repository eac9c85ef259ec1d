/* io/src.c - a buffered byte source, converted to UTF-8 when asked. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "io/io.h"

#define OUT_CAP (CW_SRC_CHUNK * 4)

void io_read_error_set(cw_read_error *err, long line, const char *field,
		       int code, const char *fmt, ...)
{
	va_list ap;
	err->line = line;
	err->code = code;
	cw_utf8_truncate(err->field, sizeof err->field, field ? field : "");
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
}

static int is_utf8_name(const char *e)
{
	return !strcasecmp(e, "UTF-8") || !strcasecmp(e, "UTF8");
}

/* Opening never reads: standard input may be a terminal the caller still
 * has to warn about. */
int io_src_open(cw_src *s, const char *path, const char *encoding,
		cw_read_error *err)
{
	FILE *fp;

	if (!path || !strcmp(path, "-"))
		return io_src_attach(s, stdin, "-", encoding, err);
	if (!(fp = fopen(path, "rb"))) {
		memset(s, 0, sizeof *s);
		s->cd = (iconv_t)-1;
		io_read_error_set(err, 0, NULL, CW_EXIT_IO, "cannot open: %s",
				  strerror(errno));
		return CW_EXIT_IO;
	}
	return io_src_attach(s, fp, path, encoding, err);
}

int io_src_attach(cw_src *s, FILE *fp, const char *name,
		  const char *encoding, cw_read_error *err)
{
	memset(s, 0, sizeof *s);
	s->cd = (iconv_t)-1;
	s->fp = fp;
	s->name = name;
	if (encoding && *encoding && !is_utf8_name(encoding)) {
		s->cd = iconv_open("UTF-8", encoding);
		if (s->cd == (iconv_t)-1) {
			io_read_error_set(err, 0, NULL, CW_EXIT_USAGE,
					  "unknown encoding '%s'", encoding);
			if (s->fp != stdin)
				fclose(s->fp);
			s->fp = NULL;
			return CW_EXIT_USAGE;
		}
		s->raw = cw_xmalloc(CW_SRC_CHUNK);
	}
	s->buf = cw_xmalloc(OUT_CAP);
	return 0;
}

static long count_nl(const unsigned char *p, size_t n)
{
	long c = 0;
	const unsigned char *e = p + n;
	while ((p = memchr(p, '\n', (size_t)(e - p))) != NULL) {
		c++;
		p++;
	}
	return c;
}

static int read_error(cw_src *s, cw_read_error *err)
{
	io_read_error_set(err, 0, NULL, CW_EXIT_IO, "cannot read: %s",
			  strerror(errno));
	(void)s;
	return -1;
}

/* Converts what is pending in raw into buf. An incomplete sequence at the
 * end of a chunk waits for the next read; at end of file it is an error. */
static int convert(cw_src *s, cw_read_error *err)
{
	char *in = (char *)s->raw, *out = (char *)s->buf;
	size_t inleft = s->raw_len, outleft = OUT_CAP;
	size_t r = iconv(s->cd, &in, &inleft, &out, &outleft);
	int e = errno;

	s->len = OUT_CAP - outleft;
	s->pos = 0;
	if (r == (size_t)-1 && e != E2BIG &&
	    (e == EILSEQ || (e == EINVAL && s->eof))) {
		long line = s->lines_out + count_nl(s->buf, s->len) + 1;
		io_read_error_set(err, line, NULL, CW_EXIT_DATA,
				  "not valid in the named encoding");
		return -1;
	}
	memmove(s->raw, in, inleft);
	s->raw_len = inleft;
	s->lines_out += count_nl(s->buf, s->len);
	return 0;
}

/* Whether p[0..n) is UTF-8, but for a sequence cut short at its end (the
 * rest of it in the next chunk). */
static int utf8_but_cut(const unsigned char *p, size_t n)
{
	size_t bad, need, i;

	if (cw_utf8_valid((const char *)p, n, &bad))
		return 1;
	need = p[bad] >= 0xC2 && p[bad] <= 0xDF ? 2 :
	       p[bad] >= 0xE0 && p[bad] <= 0xEF ? 3 :
	       p[bad] >= 0xF0 && p[bad] <= 0xF4 ? 4 : 0;
	if (need == 0 || n - bad >= need)
		return 0;
	for (i = bad + 1; i < n; i++)
		if ((p[i] & 0xC0) != 0x80)
			return 0;
	return 1;
}

/* Input already in UTF-8 read with --encoding would be converted a second
 * time into mojibake (张三 as 寮犱笁) and stored without a word.  Text in
 * another charset is next to never valid UTF-8, so the first chunk read
 * that has a byte past ASCII decides: valid UTF-8 there stops the reading,
 * at the line of that byte. */
static int check_not_utf8(cw_src *s, size_t from, cw_read_error *err)
{
	const unsigned char *p = s->raw + from, *e = s->raw + s->raw_len;

	while (p < e && *p < 0x80)
		p++;
	if (p == e)
		return 0;
	s->charset_seen = 1;
	if (!utf8_but_cut(s->raw, s->raw_len))
		return 0;
	io_read_error_set(err, s->lines_out + count_nl(s->raw, (size_t)(p - s->raw)) + 1,
			  NULL, CW_EXIT_DATA, "this input is already UTF-8: drop --encoding");
	return -1;
}

static int fill_once(cw_src *s, cw_read_error *err)
{
	size_t n;

	if (s->cd == (iconv_t)-1) {
		if (s->eof)
			return 0;
		n = fread(s->buf, 1, CW_SRC_CHUNK, s->fp);
		if (n < CW_SRC_CHUNK) {
			if (ferror(s->fp))
				return read_error(s, err);
			s->eof = 1;
		}
		s->pos = 0;
		s->len = n;
		return 0;
	}
	if (!s->eof && s->raw_len < CW_SRC_CHUNK) {
		n = fread(s->raw + s->raw_len, 1, CW_SRC_CHUNK - s->raw_len, s->fp);
		if (n < CW_SRC_CHUNK - s->raw_len) {
			if (ferror(s->fp))
				return read_error(s, err);
			s->eof = 1;
		}
		s->raw_len += n;
		/* From 0: io_src_peek may have read the first bytes. */
		if (!s->charset_seen && check_not_utf8(s, 0, err))
			return -1;
	}
	if (!s->raw_len) {
		s->pos = s->len = 0;
		return 0;
	}
	return convert(s, err);
}

/* Loops because a read can decode to nothing (a split multibyte sequence)
 * without the input being over. */
int io_src_fill(cw_src *s, cw_read_error *err)
{
	if (s->pos < s->len)
		return 1;
	for (;;) {
		if (fill_once(s, err) < 0)
			return -1;
		if (!s->started && s->len) {
			s->started = 1;
			if (s->len >= 3 && !memcmp(s->buf, "\xEF\xBB\xBF", 3))
				s->pos = 3;
		}
		if (s->pos < s->len)
			return 1;
		if (s->eof && (s->cd == (iconv_t)-1 || !s->raw_len))
			return 0;
	}
}

const unsigned char *io_src_peek(cw_src *s, size_t n, size_t *len,
				 cw_read_error *err)
{
	size_t got;

	if (s->cd == (iconv_t)-1) {
		/* Unconverted: the buffer holds the bytes as they are. */
		if (io_src_fill(s, err) < 0)
			return NULL;
		*len = s->len < n ? s->len : n;
		return s->buf;
	}
	while (!s->eof && s->raw_len < n) {
		got = fread(s->raw + s->raw_len, 1, n - s->raw_len, s->fp);
		if (!got) {
			if (ferror(s->fp)) {
				read_error(s, err);
				return NULL;
			}
			s->eof = 1;
		}
		s->raw_len += got;
	}
	*len = s->raw_len < n ? s->raw_len : n;
	return s->raw;
}

void io_src_close(cw_src *s)
{
	if (s->fp && s->fp != stdin)
		fclose(s->fp);
	if (s->cd != (iconv_t)-1)
		iconv_close(s->cd);
	free(s->buf);
	free(s->raw);
	memset(s, 0, sizeof *s);
	s->cd = (iconv_t)-1;
}
