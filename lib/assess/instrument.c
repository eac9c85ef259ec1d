/* assess/instrument.c - assessment instruments defined as data: reading and
 * checking a definition, scoring a set of answers, comparing two scores.
 *
 * DEFINITIONS (sw-assess(1) copies this section)
 *
 * An instrument is one JSON object (RFC 8259, UTF-8).  The keys below are
 * the only ones allowed at each level, each at most once; anything else
 * is refused.  Keys marked * are required.
 *
 * A text shown to people is a pair {"en": "...", "zh": "..."}: both
 * required, neither empty.  An id is 1 to 32 characters from a-z, 0-9
 * and _.  A risk is one of low, medium, high, critical.
 *
 *   name *        id of the instrument ("phq9"): the NAME of
 *                 sw-assess score NAME.
 *   version *     text ("1", "2026-03").
 *   title *       pair.
 *   kind *        scale, needs, safety or survey.
 *   licence *     text: who owns the instrument and on what terms it is
 *                 used.
 *   direction *   higher_better or lower_better: which way an
 *                 improvement goes.
 *   scale         the default response scale of the items:
 *                   min *, max *  whole numbers from -100 to 100, min < max;
 *                   labels        one pair per value, from min to max.
 *                 Required unless every item has its own scale.
 *   items *       1 to 200 items, in the order they are asked:
 *                   id *       unique; an id of the form qN must be the
 *                              N-th item (answers may name item N "qN");
 *                   text *     pair;
 *                   scale      the item's own response scale (as above);
 *                   reverse    true: scored as min + max - answer.
 *   scoring *     method *   sum: the total is the sum of the item scores;
 *                            mean: their mean, kept to two decimals,
 *                            rounded half away from zero;
 *                            scaled: the total is the sum, and the scaled
 *                            score, reported beside it, is the sum times
 *                            factor.
 *                 factor     with scaled, and only then (required): a
 *                            number above 0, at most 100, at most two
 *                            decimals.
 *                 bands_on   with scaled only: total (the default) or
 *                            scaled, the score the bands read.
 *   subscales     up to 16:  name * (an id, unique) and items * (ids of
 *                 items, each once); a subscale scores the sum of its
 *                 items, reverse scoring applied.
 *   bands         the score's ranges, each min *, max * (numbers, at most
 *                 two decimals, both ends included), label * (pair) and
 *                 risk *.  In any order; together they must hold every
 *                 score the items can give exactly once (no gap, no
 *                 overlap) and nothing outside that range; every band
 *                 must hold some possible score.  Without bands a score
 *                 has no band and its band risk is low.
 *   rules         critical items: items * ("*" for every item, or a list
 *                 of item ids), min *, max * (whole numbers), risk *,
 *                 flag * (text without ";", at most 100 bytes; all flags
 *                 together at most 511 bytes).  A rule fires when the
 *                 answer to any of its items, as given (before reverse
 *                 scoring), is within min..max; min..max must meet the
 *                 scale of at least one of its items.
 *   meaningful_change
 *                 value * (above 0, at most two decimals) and on (total,
 *                 the default, or scaled with method scaled): a change
 *                 between two assessments of at least value is
 *                 meaningful.
 *   reassess      when to assess again: Nd, Nw, Nm or Ny with N above 0.
 *
 * Scoring a set of answers: the total (and with scaled the scaled score),
 * each subscale, the band holding the score the bands read, the risk (the
 * highest of the band's risk, low without bands, and the risk of every
 * rule that fires) and the flags (those of the rules that fire, in rule
 * order, each text once, joined by "; ").
 *
 * A complete example:
 *
 *   {
 *     "name": "wellbeing_check",
 *     "version": "2",
 *     "title": { "en": "Well-being check", "zh": "身心状况检查" },
 *     "kind": "scale",
 *     "licence": "Written by the agency; free to use.",
 *     "direction": "higher_better",
 *     "scale": {
 *       "min": 0, "max": 3,
 *       "labels": [
 *         { "en": "Never", "zh": "从不" },
 *         { "en": "Sometimes", "zh": "有时" },
 *         { "en": "Often", "zh": "经常" },
 *         { "en": "Always", "zh": "总是" }
 *       ]
 *     },
 *     "items": [
 *       { "id": "sleep", "text": { "en": "I sleep well", "zh": "我睡得好" } },
 *       { "id": "worry", "text": { "en": "I worry", "zh": "我感到担忧" },
 *         "reverse": true },
 *       { "id": "friends", "text": { "en": "I see friends", "zh": "我与朋友见面" } },
 *       { "id": "safe", "text": { "en": "I feel safe at home", "zh": "我在家感到安全" },
 *         "scale": { "min": 0, "max": 1,
 *                    "labels": [ { "en": "No", "zh": "否" },
 *                                { "en": "Yes", "zh": "是" } ] } }
 *     ],
 *     "scoring": { "method": "scaled", "factor": 10, "bands_on": "scaled" },
 *     "subscales": [
 *       { "name": "inner", "items": ["sleep", "worry"] },
 *       { "name": "outer", "items": ["friends", "safe"] }
 *     ],
 *     "bands": [
 *       { "min": 0, "max": 30, "label": { "en": "low", "zh": "低" },
 *         "risk": "medium" },
 *       { "min": 40, "max": 100, "label": { "en": "fair or good", "zh": "一般或良好" },
 *         "risk": "low" }
 *     ],
 *     "rules": [
 *       { "items": ["safe"], "min": 0, "max": 0, "risk": "high",
 *         "flag": "does not feel safe at home" }
 *     ],
 *     "meaningful_change": { "value": 20, "on": "scaled" },
 *     "reassess": "3m"
 *   }
 *
 * Its total runs 0..10 and its scaled score 0..100 in steps of 10, so the
 * bands 0..30 and 40..100 hold every possible score with no gap.
 *
 * A definition that breaks any of this is refused with "PATH: what", PATH
 * naming the place (items[3].id, bands[1].label.zh, scoring.factor), for
 * example "items[3].id: duplicate id 'mood'" or "bands: 11..14 leaves a
 * gap after 9".  cw_instrument_json prints the definition back with the
 * keys in the order above.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cJSON.h>
#include "casework.h"
#include "store/store.h"

#define MAX_ID      32        /* bytes in an id */
#define MAX_ITEMS   200
#define MAX_BANDS   50
#define MAX_RULES   100
#define MAX_FLAG    100       /* bytes in one flag */
#define SCALE_LIMIT 100       /* response values lie in -100..100 */
#define FACTOR_MAX  10000     /* factor x 100 */
#define VALUE_LIMIT 100000000 /* band ends and thresholds x 100 */
#define PATHLEN     160

enum method { M_SUM, M_MEAN, M_SCALED };

struct scale {
	long min, max;
	const cJSON *labels;      /* array of pairs, or NULL */
};

struct item {
	const char *id, *en, *zh;
	struct scale sc;
	int reverse;
};

struct band {
	long min100, max100;
	const char *en, *zh;
	enum cw_risk risk;
	size_t index;             /* position in the definition */
};

struct rule {
	size_t *items;            /* item indexes */
	size_t n;
	long min, max;
	enum cw_risk risk;
	const char *flag;
};

struct subscale {
	const char *name;
	size_t *items;
	size_t n;
};

struct cw_instrument {
	cJSON *root;              /* the definition; every text points into it */
	char *json;               /* root printed */
	const char *name, *version, *title_en, *title_zh, *kind, *licence;
	int direction;            /* +1 higher better, -1 lower better */
	struct item *items;
	size_t nitems;
	enum method method;
	long factor100;
	int bands_scaled;         /* the bands read the scaled score */
	struct subscale sub[CW_MAX_SUBSCALES];
	size_t nsub;
	struct band *bands;       /* sorted by min100 */
	size_t nbands;
	struct rule *rules;
	size_t nrules;
	int has_change, change_scaled;
	long change100;
	int has_reassess;
	cw_duration reassess;
};

/* Where the first error goes. */
struct ctx {
	char *err;
	size_t errlen;
};

/* ---- errors and paths ---------------------------------------------------- */

static int fail(struct ctx *c, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int fail(struct ctx *c, const char *path, const char *fmt, ...)
{
	va_list ap;
	int n = 0;

	if (!c->err || !c->errlen)
		return -1;
	if (path && *path)
		n = snprintf(c->err, c->errlen, "%s: ", path);
	if (n < 0 || (size_t)n >= c->errlen)
		return -1;
	va_start(ap, fmt);
	vsnprintf(c->err + n, c->errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

/* Appends s to out[0..n), keeping it terminated within PATHLEN. */
static size_t path_add(char out[PATHLEN], size_t n, const char *s)
{
	while (*s && n < PATHLEN - 1)
		out[n++] = *s++;
	out[n] = '\0';
	return n;
}

/* path.key, or key at the top (a long key cut short). */
static const char *key_path(char out[PATHLEN], const char *path, const char *key)
{
	char k[48];
	size_t n;

	cw_utf8_truncate(k, sizeof k, key);
	n = path_add(out, 0, path);
	n = path_add(out, n, *path ? "." : "");
	path_add(out, n, k);
	return out;
}

/* path[i]. */
static const char *index_path(char out[PATHLEN], const char *path, size_t i)
{
	char k[32];

	snprintf(k, sizeof k, "[%zu]", i);
	path_add(out, path_add(out, 0, path), k);
	return out;
}

/* "a, b or c" from a NULL-terminated list, into out. */
static const char *choice_list(char *out, size_t size, const char *const *list)
{
	size_t i, n = 0, len = 0;

	while (list[n])
		n++;
	out[0] = '\0';
	for (i = 0; i < n; i++) {
		const char *sep = i == 0 ? "" : i + 1 == n ? " or " : ", ";
		int w = snprintf(out + len, size - len, "%s%s", sep, list[i]);
		if (w < 0 || (size_t)w >= size - len)
			break;
		len += (size_t)w;
	}
	return out;
}

/* ---- reading JSON values --------------------------------------------------- */

static int in_list(const char *const *list, const char *s)
{
	int i;

	for (i = 0; list[i]; i++)
		if (!strcmp(list[i], s))
			return i;
	return -1;
}

/* Puts the members of o (all named in keys, each once) in the order of
 * keys, so that the definition prints the same whatever order it came in. */
static void reorder(cJSON *o, const char *const *keys)
{
	cJSON *order[16], *m, *prev = NULL;
	size_t n = 0, i;

	for (; *keys && n < 16; keys++)
		if ((m = cJSON_GetObjectItemCaseSensitive(o, *keys)))
			order[n++] = m;
	if (!n)
		return;
	for (i = 0; i < n; i++) {
		order[i]->prev = prev;
		order[i]->next = NULL;
		if (prev)
			prev->next = order[i];
		prev = order[i];
	}
	order[0]->prev = order[n - 1];  /* cJSON: the first points at the last */
	o->child = order[0];
}

/* Checks that v is an object with only the keys listed, each once, and
 * puts them in that order. */
static int check_object(struct ctx *c, cJSON *v, const char *path,
			const char *const *keys)
{
	char p[PATHLEN];
	const cJSON *m, *o;

	if (!cJSON_IsObject(v))
		return fail(c, path, "not an object");
	for (m = v->child; m; m = m->next) {
		if (in_list(keys, m->string) < 0)
			return fail(c, key_path(p, path, m->string), "unknown key");
		for (o = v->child; o != m; o = o->next)
			if (!strcmp(o->string, m->string))
				return fail(c, key_path(p, path, m->string),
					    "duplicate key");
	}
	reorder(v, keys);
	return 0;
}

/* A member that must be (or, when !required, may be) there. */
static int get_member(struct ctx *c, cJSON *o, const char *path,
		      const char *key, int required, cJSON **out)
{
	char p[PATHLEN];

	*out = cJSON_GetObjectItemCaseSensitive(o, key);
	if (!*out && required)
		return fail(c, key_path(p, path, key), "missing");
	return 0;
}

/* A string that is not empty; *out stays NULL when absent and optional. */
static int get_text(struct ctx *c, cJSON *o, const char *path,
		    const char *key, int required, const char **out)
{
	char p[PATHLEN];
	cJSON *v;

	*out = NULL;
	if (get_member(c, o, path, key, required, &v))
		return -1;
	if (!v)
		return 0;
	key_path(p, path, key);
	if (!cJSON_IsString(v))
		return fail(c, p, "not a string");
	if (!*v->valuestring)
		return fail(c, p, "empty");
	*out = v->valuestring;
	return 0;
}

/* v as a pair {"en", "zh"}. */
static int pair_value(struct ctx *c, cJSON *v, const char *path,
		      const char **en, const char **zh)
{
	static const char *const keys[] = { "en", "zh", NULL };

	if (check_object(c, v, path, keys) ||
	    get_text(c, v, path, "en", 1, en) ||
	    get_text(c, v, path, "zh", 1, zh))
		return -1;
	return 0;
}

/* The pair o.key (required). */
static int get_pair(struct ctx *c, cJSON *o, const char *path,
		    const char *key, const char **en, const char **zh)
{
	char p[PATHLEN];
	cJSON *v;

	if (get_member(c, o, path, key, 1, &v))
		return -1;
	return pair_value(c, v, key_path(p, path, key), en, zh);
}

/* One of choices; *idx stays -1 when absent and optional. */
static int get_choice(struct ctx *c, cJSON *o, const char *path,
		      const char *key, int required, const char *const *choices,
		      int *idx)
{
	char p[PATHLEN], list[128];
	const char *s;

	*idx = -1;
	if (get_text(c, o, path, key, required, &s))
		return -1;
	if (!s)
		return 0;
	if ((*idx = in_list(choices, s)) < 0)
		return fail(c, key_path(p, path, key), "must be %s",
			    choice_list(list, sizeof list, choices));
	return 0;
}

/* The risk of o (required): *idx its index in store_vocab_risk, the
 * word exactly as written. */
static int get_risk(struct ctx *c, cJSON *o, const char *path, int *idx)
{
	char p[PATHLEN], list[128];
	const char *s;

	*idx = -1;
	if (get_text(c, o, path, "risk", 1, &s))
		return -1;
	if (!s)
		return 0;
	if ((*idx = (int)store_vocab_index(&store_vocab_risk, s)) < 0)
		return fail(c, key_path(p, path, "risk"), "must be %s",
			    store_vocab_list(&store_vocab_risk, " or ", list,
					     sizeof list));
	return 0;
}

/* A number with at most two decimals, as hundredths within
 * -limit100..limit100. */
static int number_value(struct ctx *c, const cJSON *v, const char *path,
			long limit100, long *out)
{
	double x;

	if (!cJSON_IsNumber(v))
		return fail(c, path, "not a number");
	x = v->valuedouble * 100.0;
	if (!(x >= -(double)limit100 - 0.5 && x <= (double)limit100 + 0.5))
		return fail(c, path, "out of range");
	*out = (long)(x < 0 ? x - 0.5 : x + 0.5);
	if (*out < -limit100 || *out > limit100)
		return fail(c, path, "out of range");
	if (x - (double)*out > 1e-6 || (double)*out - x > 1e-6)
		return fail(c, path, "more than two decimals");
	return 0;
}

/* A whole number within lo..hi. */
static int whole_value(struct ctx *c, const cJSON *v, const char *path,
		       long lo, long hi, long *out)
{
	long x100;

	if (!cJSON_IsNumber(v))
		return fail(c, path, "not a number");
	if (v->valuedouble < (double)lo || v->valuedouble > (double)hi)
		return fail(c, path, "must be from %ld to %ld", lo, hi);
	if (number_value(c, v, path, VALUE_LIMIT, &x100) || x100 % 100)
		return fail(c, path, "not a whole number");
	*out = x100 / 100;
	return 0;
}

/* o.key as hundredths (required). */
static int get_number(struct ctx *c, cJSON *o, const char *path,
		      const char *key, long limit100, long *out)
{
	char p[PATHLEN];
	cJSON *v;

	if (get_member(c, o, path, key, 1, &v))
		return -1;
	return number_value(c, v, key_path(p, path, key), limit100, out);
}

/* o.key as a whole number (required). */
static int get_whole(struct ctx *c, cJSON *o, const char *path,
		     const char *key, long lo, long hi, long *out)
{
	char p[PATHLEN];
	cJSON *v;

	if (get_member(c, o, path, key, 1, &v))
		return -1;
	return whole_value(c, v, key_path(p, path, key), lo, hi, out);
}

/* An array of 1..max elements; *out stays NULL when absent and optional. */
static int get_array(struct ctx *c, cJSON *o, const char *path,
		     const char *key, int required, int max, cJSON **out)
{
	char p[PATHLEN];
	cJSON *v;
	int n;

	*out = NULL;
	if (get_member(c, o, path, key, required, &v))
		return -1;
	if (!v)
		return 0;
	key_path(p, path, key);
	*out = v;
	if (!cJSON_IsArray(v))
		return fail(c, p, "not a list");
	n = cJSON_GetArraySize(v);
	if (n == 0)
		return fail(c, p, "empty");
	if (n > max)
		return fail(c, p, "more than %d", max);
	return 0;
}

static int valid_id(const char *s)
{
	size_t n = 0;

	for (; s[n]; n++)
		if (!((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= '0' && s[n] <= '9')
		      || s[n] == '_'))
			return 0;
	return n >= 1 && n <= MAX_ID;
}

/* An id (required). */
static int get_id(struct ctx *c, cJSON *o, const char *path, const char *key,
		  const char **out)
{
	char p[PATHLEN];

	if (get_text(c, o, path, key, 1, out))
		return -1;
	if (!valid_id(*out))
		return fail(c, key_path(p, path, key),
			    "not an id (1 to %d of a-z, 0-9 and _)", MAX_ID);
	return 0;
}

/* The N of "qN" (N >= 1, no leading zero), or 0. */
static long position_name(const char *s)
{
	long n = 0;

	if (s[0] != 'q' || s[1] < '1' || s[1] > '9')
		return 0;
	for (s++; *s; s++) {
		if (*s < '0' || *s > '9' || n > 100000000L)
			return 0;
		n = n * 10 + (*s - '0');
	}
	return n;
}

static char *hundredths(long x100, char out[32])
{
	cw_hundredths_format(x100, out);
	return out;
}

/* ---- the parts of a definition -------------------------------------------- */

static int parse_scale(struct ctx *c, cJSON *v, const char *path,
		       struct scale *sc)
{
	static const char *const keys[] = { "min", "max", "labels", NULL };
	char p[PATHLEN], lp[PATHLEN];
	cJSON *labels, *l;
	const char *en, *zh;
	size_t i = 0;

	if (check_object(c, v, path, keys) ||
	    get_whole(c, v, path, "min", -SCALE_LIMIT, SCALE_LIMIT, &sc->min) ||
	    get_whole(c, v, path, "max", -SCALE_LIMIT, SCALE_LIMIT, &sc->max))
		return -1;
	if (sc->min >= sc->max)
		return fail(c, path, "min %ld is not below max %ld", sc->min, sc->max);
	if (get_array(c, v, path, "labels", 0, 2 * SCALE_LIMIT + 1, &labels))
		return -1;
	sc->labels = labels;
	if (!labels)
		return 0;
	key_path(p, path, "labels");
	if ((long)cJSON_GetArraySize(labels) != sc->max - sc->min + 1)
		return fail(c, p, "%d labels for the %ld values %ld..%ld",
			    cJSON_GetArraySize(labels), sc->max - sc->min + 1,
			    sc->min, sc->max);
	cJSON_ArrayForEach(l, labels)
		if (pair_value(c, l, index_path(lp, p, i++), &en, &zh))
			return -1;
	return 0;
}

static long find_item(const cw_instrument *in, const char *id)
{
	size_t i;

	for (i = 0; i < in->nitems; i++)
		if (!strcmp(in->items[i].id, id))
			return (long)i;
	return -1;
}

static int parse_item(struct ctx *c, cw_instrument *in, cJSON *v,
		      const char *path, const struct scale *def)
{
	static const char *const keys[] = { "id", "text", "scale", "reverse", NULL };
	struct item *it = &in->items[in->nitems];
	char p[PATHLEN];
	cJSON *m;
	long pos;

	if (check_object(c, v, path, keys) ||
	    get_id(c, v, path, "id", &it->id))
		return -1;
	key_path(p, path, "id");
	if (find_item(in, it->id) >= 0)
		return fail(c, p, "duplicate id '%s'", it->id);
	pos = position_name(it->id);
	if (pos && pos != (long)in->nitems + 1)
		return fail(c, p, "'%s' would name item %ld by position; "
			    "use q%zu or another id", it->id, pos, in->nitems + 1);
	if (get_pair(c, v, path, "text", &it->en, &it->zh) ||
	    get_member(c, v, path, "scale", 0, &m))
		return -1;
	if (m) {
		if (parse_scale(c, m, key_path(p, path, "scale"), &it->sc))
			return -1;
	} else if (def) {
		it->sc = *def;
	} else {
		return fail(c, key_path(p, path, "scale"),
			    "missing (there is no default scale)");
	}
	if (get_member(c, v, path, "reverse", 0, &m))
		return -1;
	if (m && !cJSON_IsBool(m))
		return fail(c, key_path(p, path, "reverse"), "not true or false");
	it->reverse = m && cJSON_IsTrue(m);
	in->nitems++;
	return 0;
}

static int parse_items(struct ctx *c, cw_instrument *in, cJSON *root)
{
	struct scale def;
	char p[PATHLEN];
	cJSON *v, *items;
	int has_def;
	size_t i = 0;

	if (get_member(c, root, "", "scale", 0, &v) ||
	    (v && parse_scale(c, v, "scale", &def)) ||
	    get_array(c, root, "", "items", 1, MAX_ITEMS, &items))
		return -1;
	has_def = v != NULL;
	in->items = cw_xcalloc((size_t)cJSON_GetArraySize(items), sizeof *in->items);
	cJSON_ArrayForEach(v, items)
		if (parse_item(c, in, v, index_path(p, "items", i++),
			       has_def ? &def : NULL))
			return -1;
	return 0;
}

static int parse_scoring(struct ctx *c, cw_instrument *in, cJSON *root)
{
	static const char *const keys[] = { "method", "factor", "bands_on", NULL };
	static const char *const methods[] = { "sum", "mean", "scaled", NULL };
	static const char *const on[] = { "total", "scaled", NULL };
	cJSON *v, *f;
	int m, b;

	if (get_member(c, root, "", "scoring", 1, &v) ||
	    check_object(c, v, "scoring", keys) ||
	    get_choice(c, v, "scoring", "method", 1, methods, &m) ||
	    get_member(c, v, "scoring", "factor", 0, &f) ||
	    get_choice(c, v, "scoring", "bands_on", 0, on, &b))
		return -1;
	in->method = (enum method)m;
	if (m == M_SCALED && !f)
		return fail(c, "scoring.factor", "missing (method scaled needs one)");
	if (m != M_SCALED && f)
		return fail(c, "scoring.factor", "only with method scaled");
	if (f) {
		if (number_value(c, f, "scoring.factor", VALUE_LIMIT, &in->factor100))
			return -1;
		if (in->factor100 <= 0 || in->factor100 > FACTOR_MAX)
			return fail(c, "scoring.factor",
				    "must be above 0 and at most %d", FACTOR_MAX / 100);
	}
	if (b >= 0 && m != M_SCALED)
		return fail(c, "scoring.bands_on", "only with method scaled");
	in->bands_scaled = b == 1;
	return 0;
}

/* The items o.items names: a list of item ids, or "*" (every item) when
 * star is allowed.  *out is allocated as soon as anything is read. */
static int item_list(struct ctx *c, cw_instrument *in, cJSON *o,
		     const char *path, int star, size_t **out, size_t *n)
{
	char p[PATHLEN], ep[PATHLEN], id[48];
	cJSON *v, *e;
	size_t i = 0, j;
	long k;

	if (get_member(c, o, path, "items", 1, &v))
		return -1;
	key_path(p, path, "items");
	if (star && cJSON_IsString(v) && !strcmp(v->valuestring, "*")) {
		*out = cw_xcalloc(in->nitems, sizeof **out);
		for (*n = 0; *n < in->nitems; ++*n)
			(*out)[*n] = *n;
		return 0;
	}
	if (!cJSON_IsArray(v))
		return fail(c, p, star ? "not \"*\" or a list of item ids"
			    : "not a list of item ids");
	if (!v->child)
		return fail(c, p, "empty");
	*out = cw_xcalloc((size_t)cJSON_GetArraySize(v), sizeof **out);
	cJSON_ArrayForEach(e, v) {
		index_path(ep, p, i++);
		if (!cJSON_IsString(e))
			return fail(c, ep, "not a string");
		cw_utf8_truncate(id, sizeof id, e->valuestring);
		if ((k = find_item(in, e->valuestring)) < 0)
			return fail(c, ep, "no item '%s'", id);
		for (j = 0; j < *n; j++)
			if ((*out)[j] == (size_t)k)
				return fail(c, ep, "'%s' listed twice", id);
		(*out)[(*n)++] = (size_t)k;
	}
	return 0;
}

static int parse_subscales(struct ctx *c, cw_instrument *in, cJSON *root)
{
	static const char *const keys[] = { "name", "items", NULL };
	char p[PATHLEN], np[PATHLEN];
	cJSON *list, *v;
	size_t j;

	if (get_array(c, root, "", "subscales", 0, CW_MAX_SUBSCALES, &list))
		return -1;
	if (!list)
		return 0;
	cJSON_ArrayForEach(v, list) {
		struct subscale *s = &in->sub[in->nsub];

		index_path(p, "subscales", in->nsub);
		if (check_object(c, v, p, keys) || get_id(c, v, p, "name", &s->name))
			return -1;
		for (j = 0; j < in->nsub; j++)
			if (!strcmp(in->sub[j].name, s->name))
				return fail(c, key_path(np, p, "name"),
					    "duplicate name '%s'", s->name);
		in->nsub++;  /* from here on, free() sees its items */
		if (item_list(c, in, v, p, 0, &s->items, &s->n))
			return -1;
	}
	return 0;
}

/* The score the bands read, for a raw sum of item scores. */
static long div_round(long num, long den)
{
	return num >= 0 ? (2 * num + den) / (2 * den)
		: -((-2 * num + den) / (2 * den));
}

static long total_of(const cw_instrument *in, long raw)
{
	return in->method == M_MEAN ? div_round(raw * 100, (long)in->nitems)
		: raw * 100;
}

static long basis_of(const cw_instrument *in, long raw)
{
	return in->bands_scaled ? raw * in->factor100 : total_of(in, raw);
}

static void raw_range(const cw_instrument *in, long *lo, long *hi)
{
	size_t i;

	*lo = *hi = 0;
	for (i = 0; i < in->nitems; i++) {
		*lo += in->items[i].sc.min;
		*hi += in->items[i].sc.max;
	}
}

static int parse_band(struct ctx *c, cJSON *v, const char *path,
		      long lo, long hi, struct band *b)
{
	static const char *const keys[] = { "min", "max", "label", "risk", NULL };
	char x[32], y[32], l[32], h[32];
	int risk;

	if (check_object(c, v, path, keys) ||
	    get_number(c, v, path, "min", VALUE_LIMIT, &b->min100) ||
	    get_number(c, v, path, "max", VALUE_LIMIT, &b->max100) ||
	    get_pair(c, v, path, "label", &b->en, &b->zh) ||
	    get_risk(c, v, path, &risk))
		return -1;
	b->risk = (enum cw_risk)(risk + 1);
	if (b->min100 > b->max100)
		return fail(c, path, "min %s is above max %s",
			    hundredths(b->min100, x), hundredths(b->max100, y));
	if (b->min100 < lo || b->max100 > hi)
		return fail(c, path, "%s..%s is past the range %s..%s",
			    hundredths(b->min100, x), hundredths(b->max100, y),
			    hundredths(lo, l), hundredths(hi, h));
	return 0;
}

/* Every possible score falls in exactly one band; every band holds one. */
static int check_cover(struct ctx *c, const cw_instrument *in, long rlo,
		       long rhi)
{
	const struct band *b = in->bands;
	unsigned char hit[MAX_BANDS] = { 0 };
	char x[32], y[32], z[32], w[32];
	size_t i, j = 0;
	long raw, s;

	for (i = 1; i < in->nbands; i++)
		if (b[i].min100 <= b[i - 1].max100)
			return fail(c, "bands", "%s..%s overlaps %s..%s",
				    hundredths(b[i].min100, x), hundredths(b[i].max100, y),
				    hundredths(b[i - 1].min100, z),
				    hundredths(b[i - 1].max100, w));
	for (raw = rlo; raw <= rhi; raw++) {
		s = basis_of(in, raw);
		while (j < in->nbands && b[j].max100 < s)
			j++;
		if (j < in->nbands && b[j].min100 <= s) {
			hit[j] = 1;
			continue;
		}
		if (j == 0)
			return fail(c, "bands", "no band holds the lowest possible score %s",
				    hundredths(s, x));
		if (j == in->nbands)
			return fail(c, "bands", "no band holds the highest possible score %s",
				    hundredths(basis_of(in, rhi), x));
		return fail(c, "bands", "%s..%s leaves a gap after %s",
			    hundredths(b[j].min100, x), hundredths(b[j].max100, y),
			    hundredths(b[j - 1].max100, z));
	}
	for (i = 0; i < in->nbands; i++)
		if (!hit[i]) {
			char p[PATHLEN];
			return fail(c, index_path(p, "bands", b[i].index),
				    "%s..%s holds no possible score",
				    hundredths(b[i].min100, x), hundredths(b[i].max100, y));
		}
	return 0;
}

static int parse_bands(struct ctx *c, cw_instrument *in, cJSON *root)
{
	char p[PATHLEN];
	cJSON *list, *v;
	long rlo, rhi;
	size_t j;

	if (get_array(c, root, "", "bands", 0, MAX_BANDS, &list))
		return -1;
	if (!list)
		return 0;
	raw_range(in, &rlo, &rhi);
	in->bands = cw_xcalloc((size_t)cJSON_GetArraySize(list), sizeof *in->bands);
	cJSON_ArrayForEach(v, list) {
		struct band b;

		b.index = in->nbands;
		if (parse_band(c, v, index_path(p, "bands", in->nbands),
			       basis_of(in, rlo), basis_of(in, rhi), &b))
			return -1;
		for (j = in->nbands; j > 0 && in->bands[j - 1].min100 > b.min100; j--)
			in->bands[j] = in->bands[j - 1];
		in->bands[j] = b;
		in->nbands++;
	}
	return check_cover(c, in, rlo, rhi);
}

static int parse_rule(struct ctx *c, cw_instrument *in, cJSON *v,
		      const char *path)
{
	static const char *const keys[] = { "items", "min", "max", "risk", "flag", NULL };
	struct rule *r = &in->rules[in->nrules++];
	char p[PATHLEN];
	size_t i;
	int risk, meets = 0;

	if (check_object(c, v, path, keys) ||
	    item_list(c, in, v, path, 1, &r->items, &r->n) ||
	    get_whole(c, v, path, "min", -SCALE_LIMIT, SCALE_LIMIT, &r->min) ||
	    get_whole(c, v, path, "max", -SCALE_LIMIT, SCALE_LIMIT, &r->max) ||
	    get_risk(c, v, path, &risk) ||
	    get_text(c, v, path, "flag", 1, &r->flag))
		return -1;
	r->risk = (enum cw_risk)(risk + 1);
	if (r->min > r->max)
		return fail(c, path, "min %ld is above max %ld", r->min, r->max);
	for (i = 0; i < r->n; i++) {
		const struct scale *sc = &in->items[r->items[i]].sc;
		meets |= r->min <= sc->max && sc->min <= r->max;
	}
	if (!meets)
		return fail(c, path, "%ld..%ld is outside the scale of every item "
			    "it lists", r->min, r->max);
	key_path(p, path, "flag");
	if (strchr(r->flag, ';'))
		return fail(c, p, "contains ';'");
	if (strlen(r->flag) > MAX_FLAG)
		return fail(c, p, "longer than %d bytes", MAX_FLAG);
	return 0;
}

/* Whether rule k has the flag of an earlier rule among those in mask
 * (NULL: all earlier rules). */
static int flag_seen(const cw_instrument *in, size_t k, const unsigned char *mask)
{
	size_t i;

	for (i = 0; i < k; i++)
		if ((!mask || mask[i]) && !strcmp(in->rules[i].flag, in->rules[k].flag))
			return 1;
	return 0;
}

static int parse_rules(struct ctx *c, cw_instrument *in, cJSON *root)
{
	char p[PATHLEN];
	cJSON *list, *v;
	size_t i, total = 0, n = 0;

	if (get_array(c, root, "", "rules", 0, MAX_RULES, &list))
		return -1;
	if (!list)
		return 0;
	in->rules = cw_xcalloc((size_t)cJSON_GetArraySize(list), sizeof *in->rules);
	cJSON_ArrayForEach(v, list)
		if (parse_rule(c, in, v, index_path(p, "rules", in->nrules)))
			return -1;
	for (i = 0; i < in->nrules; i++)
		if (!flag_seen(in, i, NULL)) {
			total += strlen(in->rules[i].flag) + (n++ ? 2 : 0);
		}
	if (total >= sizeof ((cw_score *)0)->flags)
		return fail(c, "rules", "the flags together are longer than %zu bytes",
			    sizeof ((cw_score *)0)->flags - 1);
	return 0;
}

static int parse_change(struct ctx *c, cw_instrument *in, cJSON *root)
{
	static const char *const keys[] = { "value", "on", NULL };
	static const char *const on[] = { "total", "scaled", NULL };
	const char *path = "meaningful_change";
	cJSON *v;
	int o;

	if (get_member(c, root, "", path, 0, &v))
		return -1;
	if (!v)
		return 0;
	if (check_object(c, v, path, keys) ||
	    get_number(c, v, path, "value", VALUE_LIMIT, &in->change100) ||
	    get_choice(c, v, path, "on", 0, on, &o))
		return -1;
	if (in->change100 <= 0)
		return fail(c, "meaningful_change.value", "must be above 0");
	if (o == 1 && in->method != M_SCALED)
		return fail(c, "meaningful_change.on", "scaled needs method scaled");
	in->has_change = 1;
	in->change_scaled = o == 1;
	return 0;
}

static int parse_reassess(struct ctx *c, cw_instrument *in, cJSON *root)
{
	const char *s, *why;

	if (get_text(c, root, "", "reassess", 0, &s))
		return -1;
	if (!s)
		return 0;
	if (cw_duration_parse(s, &in->reassess, &why))
		return fail(c, "reassess", "%s", why);
	if (in->reassess.n == 0)
		return fail(c, "reassess", "must be longer than 0");
	if (cw_duration_from_today(in->reassess, &why))
		return fail(c, "reassess", "%s", why);
	in->has_reassess = 1;
	return 0;
}

static int parse_definition(struct ctx *c, cw_instrument *in)
{
	static const char *const keys[] = {
		"name", "version", "title", "kind", "licence", "direction",
		"scale", "items", "scoring", "subscales", "bands", "rules",
		"meaningful_change", "reassess", NULL
	};
	static const char *const kinds[] = { "scale", "needs", "safety", "survey", NULL };
	static const char *const directions[] = { "higher_better", "lower_better", NULL };
	cJSON *root = in->root;
	int kind, dir;

	if (!cJSON_IsObject(root))
		return fail(c, NULL, "not a JSON object");
	if (check_object(c, root, "", keys) ||
	    get_id(c, root, "", "name", &in->name) ||
	    get_text(c, root, "", "version", 1, &in->version) ||
	    get_pair(c, root, "", "title", &in->title_en, &in->title_zh) ||
	    get_choice(c, root, "", "kind", 1, kinds, &kind) ||
	    get_text(c, root, "", "licence", 1, &in->licence) ||
	    get_choice(c, root, "", "direction", 1, directions, &dir) ||
	    parse_items(c, in, root) ||
	    parse_scoring(c, in, root) ||
	    parse_subscales(c, in, root) ||
	    parse_bands(c, in, root) ||
	    parse_rules(c, in, root) ||
	    parse_change(c, in, root) ||
	    parse_reassess(c, in, root))
		return -1;
	in->kind = kinds[kind];
	in->direction = dir == 0 ? 1 : -1;
	return 0;
}

/* ---- the canonical text ------------------------------------------------------ */

static void indent(cw_buf *b, int depth)
{
	cw_buf_addch(b, '\n');
	while (depth-- > 0)
		cw_buf_addstr(b, "  ");
}

static int is_scalar(const cJSON *v)
{
	return !cJSON_IsObject(v) && !cJSON_IsArray(v);
}

/* Two-space indentation, lists of plain values on one line, numbers as
 * the hundredths they were checked to be: the same definition always
 * prints the same bytes, whatever the cJSON version. */
static void print_value(cw_buf *b, const cJSON *v, int depth)
{
	const cJSON *m;
	char num[32];
	int flat = 1;

	if (cJSON_IsString(v)) {
		cw_json_quote(b, v->valuestring, strlen(v->valuestring));
	} else if (cJSON_IsNumber(v)) {
		double x = v->valuedouble * 100.0;
		cw_hundredths_format((long)(x < 0 ? x - 0.5 : x + 0.5), num);
		cw_buf_addstr(b, num);
	} else if (cJSON_IsBool(v)) {
		cw_buf_addstr(b, cJSON_IsTrue(v) ? "true" : "false");
	} else if (cJSON_IsNull(v)) {
		cw_buf_addstr(b, "null");
	} else if (cJSON_IsArray(v)) {
		cJSON_ArrayForEach(m, v)
			flat &= is_scalar(m);
		cw_buf_addch(b, '[');
		cJSON_ArrayForEach(m, v) {
			if (m != v->child)
				cw_buf_addstr(b, flat ? ", " : ",");
			if (!flat)
				indent(b, depth + 1);
			print_value(b, m, depth + 1);
		}
		if (!flat)
			indent(b, depth);
		cw_buf_addch(b, ']');
	} else {
		cw_buf_addch(b, '{');
		cJSON_ArrayForEach(m, v) {
			if (m != v->child)
				cw_buf_addch(b, ',');
			indent(b, depth + 1);
			cw_json_quote(b, m->string, strlen(m->string));
			cw_buf_addstr(b, ": ");
			print_value(b, m, depth + 1);
		}
		if (v->child)
			indent(b, depth);
		cw_buf_addch(b, '}');
	}
}

/* Running out of memory ends the program, as in util.c. */
static void oom(void)
{
	cw_error("out of memory");
	exit(CW_EXIT_IO);
}

/* ---- the interface ----------------------------------------------------------- */

/* Strict JSON first (cJSON alone accepts too much), then the definition. */
cw_instrument *cw_instrument_parse(const char *json, size_t len, char *err,
				   size_t errlen)
{
	struct ctx c = { err, errlen };
	cw_instrument *in;
	cw_buf text;
	const char *why;
	long line;

	if (err && errlen)
		err[0] = '\0';
	if (cw_json_validate(json, len, CW_MAX_DEPTH, &why, &line)) {
		fail(&c, NULL, "line %ld: %s", line, why);
		return NULL;
	}
	in = cw_xcalloc(1, sizeof *in);
	if (!(in->root = cJSON_ParseWithLength(json, len)))
		oom();
	if (parse_definition(&c, in)) {
		cw_instrument_free(in);
		return NULL;
	}
	cw_buf_init(&text);
	print_value(&text, in->root, 0);
	cw_buf_addch(&text, '\n');
	in->json = cw_buf_detach(&text, NULL);
	return in;
}

void cw_instrument_free(cw_instrument *in)
{
	size_t i;

	if (!in)
		return;
	for (i = 0; i < in->nrules; i++)
		free(in->rules[i].items);
	for (i = 0; i < in->nsub; i++)
		free(in->sub[i].items);
	free(in->rules);
	free(in->bands);
	free(in->items);
	cJSON_Delete(in->root);
	free(in->json);
	free(in);
}

const char *cw_instrument_name(const cw_instrument *in)
{
	return in->name;
}

const char *cw_instrument_version(const cw_instrument *in)
{
	return in->version;
}

const char *cw_instrument_title(const cw_instrument *in, int zh)
{
	return zh ? in->title_zh : in->title_en;
}

const char *cw_instrument_kind(const cw_instrument *in)
{
	return in->kind;
}

const char *cw_instrument_licence(const cw_instrument *in)
{
	return in->licence;
}

const char *cw_instrument_json(const cw_instrument *in)
{
	return in->json;
}

int cw_instrument_direction(const cw_instrument *in)
{
	return in->direction;
}

/* Returns 1 and sets *out when the definition gives an interval. */
int cw_instrument_reassess(const cw_instrument *in, cw_duration *out)
{
	if (!in->has_reassess)
		return 0;
	*out = in->reassess;
	return 1;
}

size_t cw_instrument_items(const cw_instrument *in)
{
	return in->nitems;
}

const char *cw_instrument_item_id(const cw_instrument *in, size_t i)
{
	return i < in->nitems ? in->items[i].id : NULL;
}

const char *cw_instrument_item_text(const cw_instrument *in, size_t i, int zh)
{
	if (i >= in->nitems)
		return NULL;
	return zh ? in->items[i].zh : in->items[i].en;
}

/* An id matches first; "qN" (no leading zero) names the N-th item. */
long cw_instrument_item_index(const cw_instrument *in, const char *column)
{
	long i = find_item(in, column), n;

	if (i >= 0)
		return i;
	n = position_name(column);
	return n >= 1 && (size_t)n <= in->nitems ? n - 1 : -1;
}

/* The reason is static and never echoes the value. */
const char *cw_instrument_check_answer(const cw_instrument *in, size_t i,
				       long value)
{
	if (i >= in->nitems)
		return "no such item";
	if (value < in->items[i].sc.min || value > in->items[i].sc.max)
		return "outside the item's response scale";
	return NULL;
}

void cw_instrument_item_scale(const cw_instrument *in, size_t i, long *min,
			      long *max)
{
	if (i >= in->nitems) {
		*min = *max = 0;
		return;
	}
	*min = in->items[i].sc.min;
	*max = in->items[i].sc.max;
}

static long item_score(const cw_instrument *in, size_t i, long answer)
{
	const struct item *it = &in->items[i];

	return it->reverse ? it->sc.min + it->sc.max - answer : answer;
}

static const struct band *band_for(const cw_instrument *in, long s)
{
	size_t i;

	for (i = 0; i < in->nbands; i++)
		if (in->bands[i].min100 <= s && s <= in->bands[i].max100)
			return &in->bands[i];
	return NULL;
}

static int rule_fires(const struct rule *r, const long *answers)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (answers[r->items[i]] >= r->min && answers[r->items[i]] <= r->max)
			return 1;
	return 0;
}

/* Scores in hundredths throughout; the flags always fit (checked on
 * load). */
void cw_instrument_score(const cw_instrument *in, const long *answers,
			 cw_score *out)
{
	unsigned char fired[MAX_RULES] = { 0 };
	const struct band *b;
	long raw = 0, sub;
	size_t i, j, len = 0;

	memset(out, 0, sizeof *out);
	for (i = 0; i < in->nitems; i++)
		raw += item_score(in, i, answers[i]);
	out->total100 = total_of(in, raw);
	out->has_scaled = in->method == M_SCALED;
	if (out->has_scaled)
		out->scaled100 = raw * in->factor100;
	out->risk = CW_RISK_LOW;
	if ((b = band_for(in, basis_of(in, raw)))) {
		out->band = b->en;
		out->band_zh = b->zh;
		out->risk = b->risk;
	}
	for (i = 0; i < in->nsub; i++) {
		for (sub = 0, j = 0; j < in->sub[i].n; j++)
			sub += item_score(in, in->sub[i].items[j],
					  answers[in->sub[i].items[j]]);
		out->sub_name[i] = in->sub[i].name;
		out->sub100[i] = sub * 100;
	}
	out->nsub = in->nsub;
	for (i = 0; i < in->nrules; i++) {
		if (!(fired[i] = (unsigned char)rule_fires(&in->rules[i], answers)))
			continue;
		if (in->rules[i].risk > out->risk)
			out->risk = in->rules[i].risk;
		if (flag_seen(in, i, fired))
			continue;
		len += (size_t)snprintf(out->flags + len, sizeof out->flags - len,
					"%s%s", len ? "; " : "", in->rules[i].flag);
	}
}

/* On the scaled score when the threshold is on it, else on the total. */
long cw_instrument_change(const cw_instrument *in, const cw_score *a,
			  const cw_score *b, int *improved, int *meaningful)
{
	long d = in->has_change && in->change_scaled
		? b->scaled100 - a->scaled100 : b->total100 - a->total100;

	if (improved)
		*improved = d * in->direction > 0;
	if (meaningful)
		*meaningful = in->has_change
			&& (d >= in->change100 || -d >= in->change100);
	return d;
}

int cw_instrument_threshold(const cw_instrument *in, long *value100)
{
	if (value100)
		*value100 = in->has_change ? in->change100 : 0;
	return in->has_change;
}

/* Whole numbers bare, then one or two decimals as needed. */
void cw_hundredths_format(long x100, char out[32])
{
	unsigned long m = x100 < 0 ? 0UL - (unsigned long)x100 : (unsigned long)x100;
	const char *sign = x100 < 0 ? "-" : "";

	if (m % 100 == 0)
		snprintf(out, 32, "%s%lu", sign, m / 100);
	else if (m % 10 == 0)
		snprintf(out, 32, "%s%lu.%lu", sign, m / 100, m % 100 / 10);
	else
		snprintf(out, 32, "%s%lu.%02lu", sign, m / 100, m % 100);
}

const char *cw_risk_name(enum cw_risk r)
{
	if (r >= CW_RISK_LOW && r <= CW_RISK_CRITICAL)
		return store_vocab_risk.w[r - CW_RISK_LOW].word;
	return "unknown";
}

int cw_risk_parse(const char *s, enum cw_risk *out)
{
	long i = store_vocab_index(&store_vocab_risk, s);

	if (i < 0)
		return -1;
	*out = (enum cw_risk)(CW_RISK_LOW + i);
	return 0;
}
