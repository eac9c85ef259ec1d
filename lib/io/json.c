/*
 * io/json.c - strict JSON (RFC 8259): the validator, the string quoter and
 * the streaming JSON Lines / JSON array record reader.
 *
 * One scanner serves all three. It reads a window buf[pos..len) that is
 * either the whole input (the validator) or the current chunk of a cw_src
 * (the reader), refilling from the source when the window runs dry, so a
 * token may straddle chunks. Containers are parsed with an explicit stack,
 * never by recursion, so hostile nesting costs a refusal, not the C stack.
 * Physical lines are counted in white space only: a raw line break is
 * invalid everywhere else in JSON.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "core/core.h"
#include "io/io.h"

#define STR_(x) #x
#define XSTR(x) STR_(x)

#define SC_EOF (-1)     /* end of input (or a read error, see scan.io) */

/* Messages. Never echo input. */
#define M_EOF        "unexpected end of input"
#define M_UTF8       "invalid UTF-8"
#define M_DEPTH      "nesting deeper than " XSTR(CW_MAX_DEPTH)
#define M_DEEP       "nesting too deep"
#define M_NONOBJ     "record is not a JSON object"
#define M_DUP        "duplicate key"
#define M_NUL        "NUL character in text"
#define M_KEYNUL     "NUL character in field name"
#define M_NESTED     "nested objects and arrays are not supported"
#define M_COLUMNS    "more than " XSTR(CW_MAX_COLUMNS) " fields"
#define M_LONG       "field longer than 1 MiB"
#define M_KEYLONG    "field name longer than 1 MiB"

static const char M_CHAR[] = "unexpected character";

struct scan {
	const unsigned char *buf;  /* the window */
	size_t pos;                /* next byte */
	size_t len;                /* end of the window */
	cw_src *src;               /* where more comes from; NULL: no more */
	cw_read_error *err;        /* where io_src_fill reports */
	long line;                 /* physical line of buf[pos], 1-based */
	long ws_eof_line;          /* line where white space ran into EOF */
	int done;                  /* input exhausted (or failed) */
	int io;                    /* io_src_fill failed; err says why */
	const char *why;           /* first error, a static string */
	long errline;              /* its line */
	unsigned char *stack;      /* open containers: '[' or '{' */
	size_t stack_cap;
};

/* Where decoded string bytes or a number literal go. */
struct emit {
	cw_buf *out;     /* NULL: only check the syntax */
	size_t limit;    /* out never grows past this many bytes */
	int nul;         /* a \u0000 was decoded */
	int toolong;     /* the text was longer than limit; out has a prefix */
};

/* ---- the scanner -------------------------------------------------------- */

static void sc_init(struct scan *s, const unsigned char *buf, size_t len,
		    cw_src *src)
{
	memset(s, 0, sizeof *s);
	s->buf = buf;
	s->len = len;
	s->src = src;
	s->line = 1;
}

/* The window is empty: refill it. Returns the next byte or SC_EOF. */
static int sc_more(struct scan *s)
{
	int r;

	if (s->pos < s->len)
		return s->buf[s->pos];
	if (s->done || !s->src) {
		s->done = 1;
		return SC_EOF;
	}
	s->src->pos = s->pos;
	r = io_src_fill(s->src, s->err);
	s->buf = s->src->buf;
	s->pos = s->src->pos;
	s->len = s->src->len;
	if (r > 0 && s->pos < s->len)
		return s->buf[s->pos];
	if (r < 0)
		s->io = 1;
	s->done = 1;
	s->pos = s->len;
	return SC_EOF;
}

static inline int sc_peek(struct scan *s)
{
	return s->pos < s->len ? s->buf[s->pos] : sc_more(s);
}

/* Records the first error only: later ones are consequences. At end of
 * input reached through white space the line is the one where that white
 * space began, so "unexpected end" points at the unfinished text rather
 * than at an empty last line. */
static int sc_fail(struct scan *s, const char *why)
{
	if (!s->why) {
		s->why = why;
		s->errline = s->done && s->ws_eof_line ? s->ws_eof_line : s->line;
	}
	return -1;
}

/* Skips JSON white space, counting lines; returns the next byte. */
static inline int sc_ws(struct scan *s)
{
	long start = s->line;

	for (;;) {
		while (s->pos < s->len) {
			unsigned c = s->buf[s->pos];
			if (c == '\n')
				s->line++;
			else if (c != ' ' && c != '\t' && c != '\r')
				return (int)c;
			s->pos++;
		}
		if (sc_more(s) == SC_EOF) {
			s->ws_eof_line = start;
			return SC_EOF;
		}
	}
}

static inline int is_ws(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static inline int is_digit(int c)
{
	return c >= '0' && c <= '9';
}

/* Length of the valid UTF-8 sequence starting at p if it lies wholly
 * before e, else 0 (invalid, or cut by the end of the window). */
static inline size_t utf8_len(const unsigned char *p, const unsigned char *e)
{
	unsigned c = p[0];
	size_t avail = (size_t)(e - p);
	unsigned lo = 0x80, hi = 0xBF;

	if (c < 0xC2)
		return 0;
	if (c < 0xE0)
		return avail >= 2 && (p[1] & 0xC0) == 0x80 ? 2 : 0;
	if (c < 0xF0) {
		if (c == 0xE0)
			lo = 0xA0;
		else if (c == 0xED)
			hi = 0x9F;
		if (avail < 3 || p[1] < lo || p[1] > hi || (p[2] & 0xC0) != 0x80)
			return 0;
		return 3;
	}
	if (c < 0xF5) {
		if (c == 0xF0)
			lo = 0x90;
		else if (c == 0xF4)
			hi = 0x8F;
		if (avail < 4 || p[1] < lo || p[1] > hi ||
		    (p[2] & 0xC0) != 0x80 || (p[3] & 0xC0) != 0x80)
			return 0;
		return 4;
	}
	return 0;
}


static inline void emit(struct emit *e, const void *p, size_t n)
{
	if (!e->out || e->toolong)
		return;
	if (n > e->limit - e->out->len) {
		e->toolong = 1;
		return;
	}
	cw_buf_add(e->out, p, n);
}

static inline void emit_ch(struct emit *e, int c)
{
	unsigned char ch = (unsigned char)c;
	emit(e, &ch, 1);
}

/* A multibyte UTF-8 sequence at pos that the fast path could not take:
 * invalid, or split across two chunks of input. */
static int sc_utf8(struct scan *s, struct emit *e)
{
	unsigned char seq[4];
	int c = s->buf[s->pos], need, i, lo = 0x80, hi = 0xBF;

	if (c >= 0xC2 && c <= 0xDF) {
		need = 1;
	} else if (c >= 0xE0 && c <= 0xEF) {
		need = 2;
		if (c == 0xE0)
			lo = 0xA0;
		else if (c == 0xED)
			hi = 0x9F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		need = 3;
		if (c == 0xF0)
			lo = 0x90;
		else if (c == 0xF4)
			hi = 0x8F;
	} else {
		return sc_fail(s, M_UTF8);
	}
	seq[0] = (unsigned char)c;
	s->pos++;
	for (i = 1; i <= need; i++) {
		int d = sc_peek(s);
		if (d < lo || d > hi)
			return sc_fail(s, M_UTF8);
		seq[i] = (unsigned char)d;
		s->pos++;
		lo = 0x80;
		hi = 0xBF;
	}
	emit(e, seq, (size_t)need + 1);
	return 0;
}

/* Why byte c (peeked, at pos) cannot start what was expected here. A
 * non-ASCII byte is decoded, consuming input, to tell invalid UTF-8 from
 * a merely misplaced character: harmless, as the caller fails anyway. */
static const char *bad_char(struct scan *s, int c)
{
	struct emit none = { NULL, 0, 0, 0 };

	if (c == SC_EOF)
		return M_EOF;
	if (c == 0)
		return "unexpected NUL byte";
	if (c >= 0x80 && sc_utf8(s, &none))
		return M_UTF8;
	return M_CHAR;
}

/* Fails on byte c where msg was expected, unless c is bad anywhere. */
static int sc_expected(struct scan *s, int c, const char *msg)
{
	const char *why = bad_char(s, c);
	return sc_fail(s, why == M_CHAR ? msg : why);
}

static int sc_hex4(struct scan *s, unsigned *out)
{
	unsigned v = 0;
	int i;

	for (i = 0; i < 4; i++) {
		int c = sc_peek(s);
		if (c >= '0' && c <= '9')
			v = v * 16 + (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v = v * 16 + (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v = v * 16 + (unsigned)(c - 'A' + 10);
		else
			return sc_fail(s, c == SC_EOF ? "unterminated string"
					  : "invalid \\u escape");
		s->pos++;
	}
	*out = v;
	return 0;
}

/* An escape sequence; pos is at the backslash. */
static int sc_escape(struct scan *s, struct emit *e)
{
	unsigned cp, lo;
	unsigned char u[4];
	int c;

	s->pos++;
	c = sc_peek(s);
	switch (c) {
	case '"': case '\\': case '/':
		break;
	case 'b': c = '\b'; break;
	case 'f': c = '\f'; break;
	case 'n': c = '\n'; break;
	case 'r': c = '\r'; break;
	case 't': c = '\t'; break;
	case 'u':
		s->pos++;
		if (sc_hex4(s, &cp))
			return -1;
		if (cp >= 0xDC00 && cp <= 0xDFFF)
			return sc_fail(s, "unpaired surrogate in \\u escape");
		if (cp >= 0xD800 && cp <= 0xDBFF) {
			if (sc_peek(s) != '\\')
				return sc_fail(s, "unpaired surrogate in \\u escape");
			s->pos++;
			if (sc_peek(s) != 'u')
				return sc_fail(s, "unpaired surrogate in \\u escape");
			s->pos++;
			if (sc_hex4(s, &lo))
				return -1;
			if (lo < 0xDC00 || lo > 0xDFFF)
				return sc_fail(s, "unpaired surrogate in \\u escape");
			cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
		}
		if (cp < 0x80) {
			u[0] = (unsigned char)cp;
			if (!cp)
				e->nul = 1;
			emit(e, u, 1);
		} else if (cp < 0x800) {
			u[0] = (unsigned char)(0xC0 | cp >> 6);
			u[1] = (unsigned char)(0x80 | (cp & 0x3F));
			emit(e, u, 2);
		} else if (cp < 0x10000) {
			u[0] = (unsigned char)(0xE0 | cp >> 12);
			u[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
			u[2] = (unsigned char)(0x80 | (cp & 0x3F));
			emit(e, u, 3);
		} else {
			u[0] = (unsigned char)(0xF0 | cp >> 18);
			u[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3F));
			u[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
			u[3] = (unsigned char)(0x80 | (cp & 0x3F));
			emit(e, u, 4);
		}
		return 0;
	case SC_EOF:
		return sc_fail(s, "unterminated string");
	default:
		return sc_fail(s, "invalid escape");
	}
	s->pos++;
	emit_ch(e, c);
	return 0;
}

/* The rest of a string; pos is just past the opening quote. Runs of plain
 * text, multibyte characters included, are checked and copied a window at
 * a time; only escapes and chunk boundaries take the slow path. */
static int sc_string(struct scan *s, struct emit *e)
{
	for (;;) {
		const unsigned char *p = s->buf + s->pos, *end = s->buf + s->len;
		const unsigned char *q = p;
		int c;

		while (q < end) {
			unsigned b = *q;
			if (b >= 0x20 && b < 0x80) {
				if (b == '"' || b == '\\')
					break;
				q++;
			} else if (b >= 0x80) {
				size_t k = utf8_len(q, end);
				if (!k)
					break;
				q += k;
			} else {
				break;
			}
		}
		if (q > p) {
			emit(e, p, (size_t)(q - p));
			s->pos += (size_t)(q - p);
		}
		c = sc_peek(s);
		if (c == '"') {
			s->pos++;
			return 0;
		}
		if (c == '\\') {
			if (sc_escape(s, e))
				return -1;
		} else if (c >= 0x80) {
			if (sc_utf8(s, e))
				return -1;
		} else if (c == SC_EOF) {
			return sc_fail(s, "unterminated string");
		} else if (c == '\n' || c == '\r') {
			return sc_fail(s, "unescaped line break in string");
		} else if (c < 0x20) {
			return sc_fail(s, "unescaped control character in string");
		}
	}
}

/* A run of digits, copied a window at a time. */
static void sc_digits(struct scan *s, struct emit *e)
{
	for (;;) {
		const unsigned char *p = s->buf + s->pos, *end = s->buf + s->len;
		const unsigned char *q = p;
		while (q < end && is_digit(*q))
			q++;
		if (q > p) {
			emit(e, p, (size_t)(q - p));
			s->pos += (size_t)(q - p);
		}
		if (q < end || !is_digit(sc_peek(s)))
			return;
	}
}

/* A number, kept as written: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
static int sc_number(struct scan *s, struct emit *e)
{
	int c = sc_peek(s);

	if (c == '-') {
		emit_ch(e, c);
		s->pos++;
		c = sc_peek(s);
	}
	if (c == '0') {
		emit_ch(e, c);
		s->pos++;
		if (is_digit(sc_peek(s)))
			return sc_fail(s, "leading zero in number");
	} else if (is_digit(c)) {
		sc_digits(s, e);
	} else {
		return sc_fail(s, "invalid number");
	}
	c = sc_peek(s);
	if (c == '.') {
		emit_ch(e, c);
		s->pos++;
		if (!is_digit(sc_peek(s)))
			return sc_fail(s, "digit expected after the decimal point");
		sc_digits(s, e);
		c = sc_peek(s);
	}
	if (c == 'e' || c == 'E') {
		emit_ch(e, c);
		s->pos++;
		c = sc_peek(s);
		if (c == '+' || c == '-') {
			emit_ch(e, c);
			s->pos++;
			c = sc_peek(s);
		}
		if (!is_digit(c))
			return sc_fail(s, "digit expected in exponent");
		sc_digits(s, e);
	}
	return 0;
}

static int sc_literal(struct scan *s, const char *lit)
{
	for (; *lit; lit++) {
		int c = sc_peek(s);
		if (c != (unsigned char)*lit)
			return sc_fail(s, c == SC_EOF ? M_EOF : "invalid literal");
		s->pos++;
	}
	return 0;
}

/* A string, number or literal whose first byte c has been peeked. */
static int sc_scalar(struct scan *s, int c, struct emit *e,
		     enum cw_ftype *type)
{
	switch (c) {
	case '"':
		*type = CW_F_STRING;
		s->pos++;
		return sc_string(s, e);
	case 't':
		*type = CW_F_TRUE;
		return sc_literal(s, "true");
	case 'f':
		*type = CW_F_FALSE;
		return sc_literal(s, "false");
	case 'n':
		*type = CW_F_NULL;
		return sc_literal(s, "null");
	case '-': case '+': case '.':
		*type = CW_F_NUMBER;
		return sc_number(s, e);
	default:
		if (is_digit(c)) {
			*type = CW_F_NUMBER;
			return sc_number(s, e);
		}
		return sc_fail(s, bad_char(s, c));
	}
}

static int sc_too_deep(struct scan *s, int max_depth)
{
	return sc_fail(s, max_depth == CW_MAX_DEPTH ? M_DEPTH : M_DEEP);
}

enum { V_VALUE, V_AFTER, V_KEY };

/* One whole value of any kind, checked and thrown away; c is its first
 * byte, depth the number of containers already open around it. The
 * explicit stack is bounded by max_depth. */
static int sc_value(struct scan *s, int c, int depth, int max_depth)
{
	struct emit none = { NULL, 0, 0, 0 };
	enum cw_ftype t;
	size_t top = 0;
	int st = V_VALUE, open;

	for (;;) {
		if (st == V_VALUE) {
			if (c == '[' || c == '{') {
				if (depth >= max_depth)
					return sc_too_deep(s, max_depth);
				if (top == s->stack_cap) {
					s->stack_cap = s->stack_cap ? 2 * s->stack_cap : 64;
					s->stack = cw_xrealloc(s->stack, s->stack_cap);
				}
				s->stack[top++] = (unsigned char)c;
				depth++;
				s->pos++;
				open = c;
				c = sc_ws(s);
				if (c == (open == '[' ? ']' : '}')) {
					s->pos++;
					top--;
					depth--;
					st = V_AFTER;
				} else {
					st = open == '{' ? V_KEY : V_VALUE;
				}
				continue;
			}
			if (sc_scalar(s, c, &none, &t))
				return -1;
			st = V_AFTER;
		} else if (st == V_AFTER) {
			if (!top)
				return 0;
			open = s->stack[top - 1];
			c = sc_ws(s);
			if (c == ',') {
				s->pos++;
				c = sc_ws(s);
				if (open == '[' && c == ']')
					return sc_fail(s, "trailing comma in array");
				if (open == '{' && c == '}')
					return sc_fail(s, "trailing comma in object");
				st = open == '{' ? V_KEY : V_VALUE;
			} else if (c == (open == '[' ? ']' : '}')) {
				s->pos++;
				top--;
				depth--;
			} else {
				return sc_expected(s, c, open == '[' ?
						   "expected ',' or ']' in array" :
						   "expected ',' or '}' in object");
			}
		} else {
			if (c != '"')
				return sc_expected(s, c, "expected a string key");
			s->pos++;
			if (sc_string(s, &none))
				return -1;
			if ((c = sc_ws(s)) != ':')
				return sc_expected(s, c, "expected ':' after a key");
			s->pos++;
			c = sc_ws(s);
			st = V_VALUE;
		}
	}
}

/* ---- the validator ------------------------------------------------------ */

/* For callers holding a whole document in memory who must know it is
 * exactly one strict JSON text before trusting it: lenient parsers accept
 * trailing garbage, NUL bytes and worse. A BOM is refused because RFC 8259
 * forbids emitting one and a document in memory has no file to start. */
int cw_json_validate(const char *buf, size_t len, int max_depth,
		     const char **why, long *line)
{
	struct scan s;
	int c, rc = -1;

	sc_init(&s, (const unsigned char *)buf, len, NULL);
	if (len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3))
		sc_fail(&s, "byte order mark not allowed");
	else if ((c = sc_ws(&s)) == SC_EOF)
		sc_fail(&s, "empty input");
	else if (!sc_value(&s, c, 0, max_depth)) {
		if ((c = sc_ws(&s)) == SC_EOF)
			rc = 0;
		else
			sc_expected(&s, c, "trailing data after the value");
	}
	free(s.stack);
	if (rc) {
		if (why)
			*why = s.why;
		if (line)
			*line = s.errline;
	}
	return rc;
}

/* ---- the quoter --------------------------------------------------------- */

/* Part of the frozen output format: the same text must always give the
 * same bytes, so outputs can be diffed and compared across versions. Only
 * what JSON requires is escaped, plus DEL (invisible, and mangled by
 * terminals); UTF-8 passes through raw so Chinese text stays readable. */
char *cw_json_quote_to(char *o, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t i;

	*o++ = '"';
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7f) {
			*o++ = (char)c;
			continue;
		}
		*o++ = '\\';
		switch (c) {
		case '"': *o++ = '"'; break;
		case '\\': *o++ = '\\'; break;
		case '\b': *o++ = 'b'; break;
		case '\f': *o++ = 'f'; break;
		case '\n': *o++ = 'n'; break;
		case '\r': *o++ = 'r'; break;
		case '\t': *o++ = 't'; break;
		default:
			*o++ = 'u';
			*o++ = '0';
			*o++ = '0';
			*o++ = hex[c >> 4];
			*o++ = hex[c & 15];
			break;
		}
	}
	*o++ = '"';
	return o;
}

void cw_json_quote(cw_buf *b, const char *s, size_t n)
{
	/* Each byte takes at most six ("\u00XX"), plus the quotes. */
	char *o = cw_buf_reserve(b, 6 * n + 2);
	char *end = cw_json_quote_to(o, s, n);
	b->len += (size_t)(end - o);
	b->s[b->len] = '\0';
}

/* ---- the record reader -------------------------------------------------- */

#define KEY_SLOTS 2048  /* open addressing for duplicate keys, load < 1/2 */

_Static_assert(KEY_SLOTS >= 2 * CW_MAX_COLUMNS && CW_MAX_COLUMNS <= 65535,
	       "KEY_SLOTS must hold CW_MAX_COLUMNS uint16_t indexes at half load");

enum { J_START, J_NEXT, J_END, J_DEAD };

struct cw_jsonin {
	struct scan s;
	int array;              /* one JSON array rather than JSON Lines */
	int state;              /* J_* */
	int need_sep;           /* JSON Lines: a value was read */
	const char *errfield;   /* field whose value a fatal error is in */
	cw_read_error dead;     /* the fatal error, repeated on later calls */
	cw_buf key, val;        /* scratch, reused for every field */
	uint32_t gen;           /* marks the current record's slots */
	uint32_t stamp[KEY_SLOTS];
	uint16_t slot[KEY_SLOTS];
};

/* Reading starts where the source stands (after the BOM it strips and
 * after any look-ahead the caller did without consuming). */
struct cw_jsonin *io_jsonin_new(cw_src *src, int array)
{
	struct cw_jsonin *j = cw_xcalloc(1, sizeof *j);

	sc_init(&j->s, NULL, 0, src);
	j->array = array;
	j->state = J_START;
	cw_buf_init(&j->key);
	cw_buf_init(&j->val);
	return j;
}

/* Leaves the source open: it belongs to the caller (reader.c). */
void io_jsonin_free(struct cw_jsonin *j)
{
	if (!j)
		return;
	cw_buf_release(&j->key);
	cw_buf_release(&j->val);
	free(j->s.stack);
	free(j);
}

/* The slot where key lives among rec's fields (stamp == gen), or the
 * free slot where it would go. */
static uint32_t key_slot(const struct cw_jsonin *j, const cw_record *rec,
			 const char *key, size_t n)
{
	uint32_t i = (uint32_t)core_fnv1a(CORE_FNV_BASIS, key, n) &
		     (KEY_SLOTS - 1);

	while (j->stamp[i] == j->gen && strcmp(rec->f[j->slot[i]].name, key))
		i = (i + 1) & (KEY_SLOTS - 1);
	return i;
}

/* One object, c = '{' peeked, depth containers around it. Fields that
 * cannot be kept are left out; the first such problem is reported. */
static int read_object(struct cw_jsonin *j, int depth, cw_record *rec,
		       cw_read_error *err)
{
	struct scan *s = &j->s;
	int rejected = 0, c;

	if (++j->gen == 0) {
		memset(j->stamp, 0, sizeof j->stamp);
		j->gen = 1;
	}
	s->pos++;
	c = sc_ws(s);
	if (c == '}') {
		s->pos++;
		return CW_READ_RECORD;
	}
	for (;;) {
		struct emit ke = { &j->key, CW_MAX_FIELD, 0, 0 };
		struct emit ve = { &j->val, CW_MAX_FIELD, 0, 0 };
		enum cw_ftype type = CW_F_NULL;
		const char *problem = NULL, *field;
		int nested = 0;
		uint32_t ks = 0;

		cw_buf_reset(&j->key);
		cw_buf_reset(&j->val);
		if (c != '"') {
			sc_expected(s, c, "expected a string key");
			return CW_READ_FATAL;
		}
		s->pos++;
		if (sc_string(s, &ke))
			return CW_READ_FATAL;
		field = ke.nul || ke.toolong ? NULL : j->key.s;
		if ((c = sc_ws(s)) != ':') {
			sc_expected(s, c, "expected ':' after a key");
			return CW_READ_FATAL;
		}
		s->pos++;
		c = sc_ws(s);
		j->errfield = field;
		if (c == '{' || c == '[') {
			nested = 1;
			if (sc_value(s, c, depth + 1, CW_MAX_DEPTH))
				return CW_READ_FATAL;
		} else if (sc_scalar(s, c, &ve, &type)) {
			return CW_READ_FATAL;
		}
		j->errfield = NULL;

		if (ke.nul)
			problem = M_KEYNUL;
		else if (ke.toolong)
			problem = M_KEYLONG;
		else if (rec->n >= CW_MAX_COLUMNS)
			problem = M_COLUMNS;
		else if (j->stamp[(ks = key_slot(j, rec, j->key.s,
						 j->key.len))] == j->gen)
			problem = M_DUP;
		else if (nested)
			problem = M_NESTED;
		else if (ve.nul)
			problem = M_NUL;
		else if (ve.toolong)
			problem = M_LONG;
		if (!problem) {
			j->stamp[ks] = j->gen;
			j->slot[ks] = (uint16_t)rec->n;
			switch (type) {
			case CW_F_TRUE:
				cw_record_add(rec, j->key.s, "true", 4, type);
				break;
			case CW_F_FALSE:
				cw_record_add(rec, j->key.s, "false", 5, type);
				break;
			case CW_F_NULL:
				cw_record_add(rec, j->key.s, NULL, 0, type);
				break;
			default:
				cw_record_add(rec, j->key.s, j->val.s,
					      j->val.len, type);
				break;
			}
		} else if (!rejected) {
			rejected = 1;
			io_read_error_set(err, rec->line, field, CW_EXIT_DATA,
					  "%s", problem);
		}
		c = sc_ws(s);
		if (c == ',') {
			s->pos++;
			c = sc_ws(s);
			if (c == '}') {
				sc_fail(s, "trailing comma in object");
				return CW_READ_FATAL;
			}
		} else if (c == '}') {
			s->pos++;
			return rejected ? CW_READ_REJECT : CW_READ_RECORD;
		} else {
			sc_expected(s, c, "expected ',' or '}' in object");
			return CW_READ_FATAL;
		}
	}
}

/* Finds the next value, checking what separates it from the last, and
 * reads it as a record. */
static int next_value(struct cw_jsonin *j, cw_record *rec, cw_read_error *err)
{
	struct scan *s = &j->s;
	int c = sc_peek(s), depth = 0;
	int sep = is_ws(c);

	c = sc_ws(s);
	if (j->array) {
		depth = 1;
		if (j->state == J_START) {
			if (c == SC_EOF) {
				sc_fail(s, "empty input");
				return CW_READ_FATAL;
			}
			if (c != '[') {
				sc_expected(s, c,
					    "expected '[' at the start of a JSON array");
				return CW_READ_FATAL;
			}
			s->pos++;
			j->state = J_NEXT;
			c = sc_ws(s);
			if (c == ']') {
				s->pos++;
				goto closed;
			}
		} else if (c == ',') {
			s->pos++;
			c = sc_ws(s);
			if (c == ']') {
				sc_fail(s, "trailing comma in array");
				return CW_READ_FATAL;
			}
		} else if (c == ']') {
			s->pos++;
			goto closed;
		} else if (c == SC_EOF) {
			sc_fail(s, "unterminated array");
			return CW_READ_FATAL;
		} else {
			sc_expected(s, c,
				    "expected ',' or ']' after an array element");
			return CW_READ_FATAL;
		}
	} else {
		if (c == SC_EOF) {
			j->state = J_END;
			return CW_READ_END;
		}
		if (j->need_sep && !sep) {
			sc_expected(s, c, "trailing data after the value");
			return CW_READ_FATAL;
		}
		j->need_sep = 1;
	}

	rec->line = s->line;
	if (c == '{')
		return read_object(j, depth, rec, err);
	if (sc_value(s, c, depth, CW_MAX_DEPTH))
		return CW_READ_FATAL;
	io_read_error_set(err, rec->line, NULL, CW_EXIT_DATA, "%s", M_NONOBJ);
	return CW_READ_REJECT;

closed:
	if ((c = sc_ws(s)) != SC_EOF) {
		sc_expected(s, c, "trailing data after the array");
		return CW_READ_FATAL;
	}
	j->state = J_END;
	return CW_READ_END;
}

/* A bad record costs only itself (REJECT, stream positioned after it);
 * broken syntax costs the stream, because after it nothing says where the
 * next record would begin (FATAL, repeated by every later call). */
int io_jsonin_next(struct cw_jsonin *j, cw_record *rec, cw_read_error *err)
{
	struct scan *s = &j->s;
	int rc;

	cw_record_reset(rec);
	if (j->state == J_DEAD) {
		*err = j->dead;
		return CW_READ_FATAL;
	}
	if (j->state == J_END)
		return CW_READ_END;
	s->buf = s->src->buf;
	s->pos = s->src->pos;
	s->len = s->src->len;
	s->err = err;
	rc = next_value(j, rec, err);
	s->src->pos = s->pos;
	s->err = NULL;
	if (s->io) {
		rc = CW_READ_FATAL;   /* err already says why */
	} else if (rc == CW_READ_FATAL) {
		io_read_error_set(err, s->errline, j->errfield, CW_EXIT_DATA,
				  "%s", s->why ? s->why : M_CHAR);
	}
	if (rc == CW_READ_FATAL) {
		j->dead = *err;
		j->state = J_DEAD;
	}
	return rc;
}

int cw_json_number(const char *s)
{
	const char *p = s;
	if (!p || !*p)
		return 0;
	if (*p == '-')
		p++;
	if (*p == '0')
		p++;
	else if (*p >= '1' && *p <= '9')
		while (*p >= '0' && *p <= '9')
			p++;
	else
		return 0;
	if (*p == '.') {
		p++;
		if (!(*p >= '0' && *p <= '9'))
			return 0;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if (!(*p >= '0' && *p <= '9'))
			return 0;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	return *p == '\0';
}
