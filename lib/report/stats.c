/* report/stats.c - the statistical reports of sw-report: caseload,
 * services, outcomes, satisfaction, goals, referrals, overdue.
 *
 * Every report works the same way. One query (store_stats.c) reads the
 * facts of the period, each with the values of every group the report
 * can be broken down by and what it adds to the figures; the facts are
 * added to every cell of the table at once: the cells of the groups
 * asked for, their margins and the grand total. So each total row
 * is computed from the facts themselves, never from the rows it totals:
 * a count of distinct clients over a quarter is the clients seen in the
 * quarter, not the sum of three months, and a median is the median of
 * all the values. Figures are integers until they are printed; rates and
 * means are rounded once, half away from zero. */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "core/core.h"
#include "report/report.h"

/* ---- groups ------------------------------------------------------------- */

enum {
	G_WORKER, G_MONTH, G_CATEGORY, G_RISK, G_SOURCE, G_KIND, G_TERM,
	G_STATUS, G_INSTRUMENT, G_SEX, G_AGE, G_CLOSURE_KIND, G_PROJECT, NG
};

static const struct {
	const char *name, *en, *zh;
} group_info[NG] = {
	[G_WORKER] = {"worker", "worker", "社工"},
	[G_MONTH] = {"month", "month", "月份"},
	[G_CATEGORY] = {"category", "category", "类别"},
	[G_RISK] = {"risk", "risk level", "风险等级"},
	[G_SOURCE] = {"referral_source", "referral source", "转介来源"},
	[G_KIND] = {"kind", "kind", "类型"},
	[G_TERM] = {"term", "term", "期限"},
	[G_STATUS] = {"status", "status", "状态"},
	[G_INSTRUMENT] = {"instrument", "instrument", "量表"},
	[G_SEX] = {"sex", "sex", "性别"},
	[G_AGE] = {"age", "age", "年龄段"},
	[G_CLOSURE_KIND] = {"closure_kind", "closure kind", "结案类型"},
	[G_PROJECT] = {"project", "project", "项目"},
};
#define GB(g) (1u << (g))
/* The groups of the person a record is about, that every report takes. */
#define PERSON_GROUPS (GB(G_SEX) | GB(G_AGE))
/* The groups every report takes: the person's, and the project a record
 * counts for (casework(7): its own, else its case's). */
#define EVERY_GROUPS (PERSON_GROUPS | GB(G_PROJECT))

/* ---- cells -------------------------------------------------------------- */

/* How a fact's value adds to a cell. */
enum agg {
	AG_SUM,       /* added */
	AG_DISTINCT,  /* an id: the cell counts the distinct ids */
	AG_LIST       /* a value kept for the median */
};
#define ABSENT INT64_MIN   /* a fact without this value */

/* Which cells a fact adds to. */
enum scope {
	SC_ALL,       /* every cell */
	SC_MONTH,     /* only cells of one month (month a group kept) */
	SC_PERIOD     /* only cells of the whole period (month totalled or
			 not a group) */
};

struct acc {
	int64_t sum;    /* AG_SUM: the sum; AG_DISTINCT: the count, once
			   finished */
	report_dset ids; /* AG_DISTINCT: the ids */
	int64_t *v;     /* AG_LIST: the values, sorted once finished; owned */
	size_t n, cap;  /* values in v, and room */
};

/* The values a group has taken, each once, numbered from 1 in the order
 * first seen (0 stands for none: a total). */
struct names {
	char **s;            /* s[i - 1]: value i; owned */
	size_t n, cap;
	core_map num;        /* the hash of a value's text (cw_hash; the
				next key free when another text has it) to
				its number */
};

struct cell {
	unsigned mask;       /* bit i set: totals over group i */
	uint32_t id[2];      /* the groups' values (struct names), 0 where
				totalled */
	const char *val[2];  /* their text, NULL where totalled; the names' */
	struct acc *m;       /* one per measure, owned */
};

/* A measure column of a report. */
struct mcol {
	const char *key, *en, *zh;
	enum rcol_kind kind;
	int base;            /* the column (of these) it is built on, or -1 */
	int dep[2];          /* columns whose hiding hides it too, or -1 */
	unsigned absent_over; /* groups over which it does not add up: the
				 rows that total over one of them leave it
				 empty, so that what is left adds up */
};

struct run;

/* A report. */
struct rdef {
	const char *name, *title_en, *title_zh;
	unsigned groups;                 /* the groups --by may name */
	const char *by;                  /* the groups without --by, or NULL */
	int forced;                      /* a group always there, or -1 */
	/* The values of a group (a closed vocabulary, store/vocab.c) in the
	 * order rows show them; each has a row, zero or not. Other values
	 * follow in byte order, "none" (no value) last; "none" of the risk
	 * (never assessed) has a row too. */
	const store_vocab *values[NG];
	const enum agg *agg;             /* the measures */
	size_t nm;
	const struct mcol *cols;         /* the columns printed */
	size_t ncols;
	int chart;                       /* the column charted, or -1 */
	const char *chart_en, *chart_zh;
	int (*facts)(struct run *r);
	/* The printed figures of a cell: v[i] (buf[i] or NULL) for column i. */
	void (*fill)(const struct run *r, const struct cell *c, unsigned mask,
		     char (*buf)[32], const char **v);
};

struct run {
	const struct rdef *def;
	const cw_report_opts *o;
	const cw_config *cfg;
	cw_db *db;                  /* the context's */
	cw_instruments *instr;      /* outcomes, satisfaction; owned */
	int ng;                     /* groups: 0, 1 or 2 */
	int g[2];                   /* which, in column order */
	char since[11];             /* the period as text; "" for no first day */
	char until[11];
	char asof[11];              /* overdue: the day it is counted on */
	char period[32];            /* "2026-10-01..2026-10-31", "..2026-11-15" */
	report_query q;             /* what the queries select */
	const char **surveys;       /* q's survey names, the instruments';
				       owned array */
	struct names names[2];      /* the values of each group; owned */
	core_map cells;             /* cell_key -> struct cell *, owned */
	struct cell *zero;          /* an empty cell, for rows without facts */
	const char *row[2];         /* the values of the row being filled */
	int any_threshold;          /* outcomes: an instrument with a
				       meaningful-change threshold was seen */
	report_col *cols;           /* the table's columns, owned */
	char **warned;              /* instruments warned about, owned */
	size_t nwarned;
	int person;                 /* grouped by sex or age */
	char age_label[CW_AGE_BANDS_MAX][24]; /* "18-34", "60-" */
	store_vocab_word age_word[CW_AGE_BANDS_MAX + 1]; /* the bands, then
							   "unknown" */
	store_vocab ages;           /* their row order */
	char age_day[11];           /* the day of the last age_band */
};

/* The key of the text s in t's map, where its number is or is to be:
 * the first of its hash and the keys after it that no other text has
 * (never 0). *num is the number found there, 0 when none. */
static uint64_t names_key(const struct names *t, const char *s, uint32_t *num)
{
	uint64_t key = cw_hash(s, strlen(s));
	const uint64_t *v;

	for (key = key ? key : 1; (v = core_map_get(&t->num, key)) != NULL;
	     key = key + 1 ? key + 1 : 1)
		if (!strcmp(t->s[*v - 1], s)) {
			*num = (uint32_t)*v;
			return key;
		}
	*num = 0;
	return key;
}

/* Value number of the text s in t, or 0 when it has none. */
static uint32_t names_find(const struct names *t, const char *s)
{
	uint32_t num;
	names_key(t, s, &num);
	return num;
}

/* Value number of the text s in t, given the next number when new. */
static uint32_t names_add(struct names *t, const char *s)
{
	uint32_t num;
	uint64_t key = names_key(t, s, &num);

	if (num)
		return num;
	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 16;
		t->s = cw_xrealloc(t->s, t->cap * sizeof *t->s);
	}
	t->s[t->n++] = cw_xstrdup(s);
	*core_map_put(&t->num, key, NULL) = t->n;
	return (uint32_t)t->n;
}

static void names_release(struct names *t)
{
	while (t->n)
		free(t->s[--t->n]);
	free(t->s);
	core_map_release(&t->num);
}

/* The key of a cell in r->cells: its values' numbers. The mask is not
 * needed: bit i is set where id[i] is 0 (a value is numbered from 1).
 * Plus one, as a key is never 0 (a group has far fewer than 2^32 - 1
 * values). */
static uint64_t cell_key(const uint32_t id[2])
{
	return ((uint64_t)id[0] << 32 | id[1]) + 1;
}

static struct cell *cell_new(const struct run *r, unsigned mask,
			     const uint32_t id[2])
{
	struct cell *c = cw_xcalloc(1, sizeof *c);
	int i;

	c->mask = mask;
	for (i = 0; i < 2; i++) {
		c->id[i] = id[i];
		c->val[i] = id[i] ? r->names[i].s[id[i] - 1] : NULL;
	}
	c->m = cw_xcalloc(r->def->nm, sizeof *c->m);
	return c;
}

static void cell_free(struct cell *c, size_t nm)
{
	size_t i;
	if (!c)
		return;
	for (i = 0; i < nm; i++) {
		free(c->m[i].v);
		report_dset_release(&c->m[i].ids);
	}
	free(c->m);
	free(c);
}

/* The cell of these values (0 where totalled); made when create is 1,
 * else NULL when there is none. */
static struct cell *cell_get(struct run *r, unsigned mask,
			     const uint32_t id[2], int create)
{
	uint64_t key = cell_key(id), *v;

	if (!create) {
		v = core_map_get(&r->cells, key);
		return v ? (struct cell *)(uintptr_t)*v : NULL;
	}
	v = core_map_put(&r->cells, key, NULL);
	if (!*v)
		*v = (uint64_t)(uintptr_t)cell_new(r, mask, id);
	return (struct cell *)(uintptr_t)*v;
}

static void acc_push(struct acc *a, int64_t v)
{
	if (a->n == a->cap) {
		a->cap = a->cap ? 2 * a->cap : 8;
		a->v = cw_xrealloc(a->v, a->cap * sizeof *a->v);
	}
	a->v[a->n++] = v;
}

/* Adds one fact to every cell it counts in: dim[g] is its value of group
 * g (NULL: none), val[m] what it adds to measure m (ABSENT: nothing). */
static void fact(struct run *r, const char *const dim[NG], enum scope scope,
		 const int64_t *val)
{
	unsigned full = (1u << r->ng) - 1, mask;
	uint32_t vid[2] = { 0, 0 };
	size_t m;
	int i;

	for (i = 0; i < r->ng; i++)
		vid[i] = names_add(&r->names[i], dim[r->g[i]] ? dim[r->g[i]]
							      : "none");
	for (mask = 0; mask <= full; mask++) {
		uint32_t id[2] = { 0, 0 };
		int month_kept = 0;
		struct cell *c;

		for (i = 0; i < r->ng; i++) {
			if (mask & (1u << i))
				continue;
			id[i] = vid[i];
			month_kept |= r->g[i] == G_MONTH;
		}
		if ((scope == SC_MONTH && !month_kept) ||
		    (scope == SC_PERIOD && month_kept))
			continue;
		c = cell_get(r, mask, id, 1);
		for (m = 0; m < r->def->nm; m++) {
			if (val[m] == ABSENT)
				continue;
			if (r->def->agg[m] == AG_SUM)
				c->m[m].sum += val[m];
			else if (r->def->agg[m] == AG_DISTINCT)
				report_dset_add(&c->m[m].ids, val[m]);
			else
				acc_push(&c->m[m], val[m]);
		}
	}
}

/* Distinct ids counted, listed values sorted: of the cell val. */
static void finish_cell(uint64_t key, uint64_t val, void *ctx)
{
	const struct run *r = ctx;
	struct cell *c = (struct cell *)(uintptr_t)val;
	size_t m;

	(void)key;
	for (m = 0; m < r->def->nm; m++) {
		struct acc *a = &c->m[m];
		if (r->def->agg[m] == AG_DISTINCT)
			a->sum = (int64_t)a->ids.n;
		else if (r->def->agg[m] == AG_LIST && a->n)
			qsort(a->v, a->n, sizeof *a->v, core_cmp_i64);
	}
}

/* ---- figures -------------------------------------------------------------- */

/* num / den rounded half away from zero; den > 0. */
static int64_t div_round(int64_t num, int64_t den)
{
	int64_t a = num < 0 ? -num : num;
	int64_t q = (2 * a + den) / (2 * den);
	return num < 0 ? -q : q;
}

static const char *fmt_int(char *buf, int64_t v)
{
	snprintf(buf, 32, "%lld", (long long)v);
	return buf;
}

/* x / 10^places as a decimal with exactly that many places. */
static const char *fmt_fixed(char *buf, int64_t x, int places)
{
	int64_t a = x < 0 ? -x : x, p = places == 1 ? 10 : 100;
	snprintf(buf, 32, "%s%lld.%0*lld", x < 0 ? "-" : "", (long long)(a / p),
		 places, (long long)(a % p));
	return buf;
}

/* num / den as a percentage with one decimal; NULL when den is 0. */
static const char *fmt_pct(char *buf, int64_t num, int64_t den)
{
	return den > 0 ? fmt_fixed(buf, div_round(num * 1000, den), 1) : NULL;
}

/* The mean of n values whose sum is sum100 (hundredths), to two decimals;
 * NULL when n is 0. */
static const char *fmt_mean(char *buf, int64_t sum100, int64_t n)
{
	return n > 0 ? fmt_fixed(buf, div_round(sum100, n), 2) : NULL;
}

/* The median of sorted whole values, to one decimal (an even count takes
 * the mean of the middle two); NULL when there are none. */
static const char *fmt_median(char *buf, const struct acc *a)
{
	if (!a->n)
		return NULL;
	if (a->n % 2)
		return fmt_fixed(buf, a->v[a->n / 2] * 10, 1);
	return fmt_fixed(buf, (a->v[a->n / 2 - 1] + a->v[a->n / 2]) * 5, 1);
}

/* Whether a row totals over group g. */
static int totals_over(const struct run *r, unsigned mask, int g)
{
	int i;
	for (i = 0; i < r->ng; i++)
		if (r->g[i] == g && (mask & (1u << i)))
			return 1;
	return 0;
}

/* The value of group g in the row being filled, or NULL (totalled, or
 * not a group). */
static const char *row_value(const struct run *r, unsigned mask, int g)
{
	int i;
	for (i = 0; i < r->ng; i++)
		if (r->g[i] == g && !(mask & (1u << i)))
			return r->row[i];
	return NULL;
}

/* ---- queries ---------------------------------------------------------------- */

static const char *text(store_stmt *st, int i)
{
	return store_col_text(st, i);
}

static int grouped(const struct run *r, int g)
{
	return (r->ng > 0 && r->g[0] == g) || (r->ng > 1 && r->g[1] == g);
}

/* ---- the person: sex and age ------------------------------------------------ */

/* The age bands of the configuration as labels ("18-34", "60-") and rows
 * in that order, "unknown" last. */
static void age_setup(struct run *r)
{
	const cw_config *c = r->cfg;
	int i;

	r->person = grouped(r, G_SEX) || grouped(r, G_AGE);
	for (i = 0; i < c->nage_bands; i++) {
		if (i + 1 < c->nage_bands)
			snprintf(r->age_label[i], sizeof r->age_label[i], "%d-%d",
				 c->age_from[i], c->age_from[i + 1] - 1);
		else
			snprintf(r->age_label[i], sizeof r->age_label[i], "%d-",
				 c->age_from[i]);
		r->age_word[i].word = r->age_label[i];
	}
	r->age_word[i].word = "unknown";
	r->ages.name = "age band";
	r->ages.w = r->age_word;
	r->ages.n = (size_t)i + 1;
}

/* The last day of month ("YYYY-MM") within the period. */
static const char *month_end(struct run *r, const char *month)
{
	int y = atoi(month), m = atoi(month + 5) + 1;
	cw_date d;

	if (m > 12) {
		y++;
		m = 1;
	}
	if (y > CW_YEAR_MAX || cw_date_from_ymd(y, m, 1, &d))
		return r->until;
	cw_date_format(d - 1, r->age_day);
	return strcmp(r->age_day, r->until) > 0 ? r->until : r->age_day;
}

/* The age band of a person born on birth (YYYY-MM-DD, or NULL) on day:
 * "unknown" without a birth date, or on a day before it. A person born
 * on 29 February is a year older on 1 March in other years. */
static const char *age_band(const struct run *r, const char *birth,
			    const char *day)
{
	int age, i;

	if (!birth || strlen(birth) < 10 || birth[4] != '-')
		return "unknown";
	age = atoi(day) - atoi(birth) - (strcmp(day + 4, birth + 4) < 0);
	if (age < 0)
		return "unknown";
	for (i = r->cfg->nage_bands - 1; i > 0 && age < r->cfg->age_from[i]; i--)
		;
	return r->age_label[i];
}

/* A stored sex as its word, "unknown" for none. */
static const char *sex_word(const char *sex)
{
	long i = sex ? store_vocab_index(&store_vocab_sex, sex) : -1;
	return i >= 0 ? store_vocab_sex.w[i].word : "unknown";
}

/* The person groups of a record into dim: the client's sex, and age
 * band on day, or with --by month on the last day of the record's month
 * (month, "YYYY-MM", or NULL) within the period. */
static void person_dims(struct run *r, const char *dim[NG], const char *sex,
			const char *birth, const char *month, const char *day)
{
	if (!r->person)
		return;
	dim[G_SEX] = sex_word(sex);
	if (month && grouped(r, G_MONTH))
		day = month_end(r, month);
	dim[G_AGE] = age_band(r, birth, day);
}

/* The same from the columns col (sex) and col + 1 (birth date) of st,
 * the age on the period's last day. */
static void person_cols(struct run *r, const char *dim[NG], store_stmt *st,
			int col, const char *month)
{
	person_dims(r, dim, text(st, col), text(st, col + 1), month, r->until);
}

/* The names of the survey instruments (of kind survey, such as the
 * built-in satisfaction) into r->q; none when the definitions were not
 * loaded. */
static void survey_names(struct run *r)
{
	size_t i, n = r->instr ? cw_instruments_count(r->instr) : 0;

	r->surveys = cw_xcalloc(n ? n : 1, sizeof *r->surveys);
	for (i = 0; i < n; i++) {
		const cw_instrument *in = cw_instruments_at(r->instr, i);
		if (!strcmp(cw_instrument_kind(in), "survey"))
			r->surveys[r->q.nsurveys++] = cw_instrument_name(in);
	}
	r->q.surveys = r->surveys;
}

/* ---- caseload ------------------------------------------------------------------ */

enum { CL_NEW, CL_CLOSED, CL_REOPENED, CL_OPEN, CL_HOUSEHOLDS, NCL };
static const enum agg caseload_agg[NCL] = {
	AG_SUM, AG_SUM, AG_SUM, AG_SUM, AG_DISTINCT
};
static const struct mcol caseload_cols[NCL] = {
	{"new", "new", "新增个案", RC_COUNT, -1, {-1, -1}, 0},
	{"closed", "closed", "结案", RC_COUNT, -1, {-1, -1}, 0},
	{"reopened", "reopened", "重新开案", RC_COUNT, -1, {-1, -1}, 0},
	/* Open at the end of each month does not add up over months: the
	 * rows that total over months leave it empty (absent_over), and the
	 * period's figure is the one in the row of its last month. */
	{"open_at_end", "open at end", "期末在案", RC_COUNT, -1, {-1, -1},
	 GB(G_MONTH)},
	/* the distinct households (casework.7, Households) of the cases
	 * open at the end, a count of persons; over months as open_at_end */
	{"households", "households", "在案家庭数", RC_DISTINCT, -1, {-1, -1},
	 GB(G_MONTH)},
};

/* The caseload: each case (of the worker asked for) with its risk on the
 * period's last day counts where it was opened, closed, reopened, and
 * open at the end of the period (and of each month, by month). */
static int caseload_facts(struct run *r)
{
	store_households hh;
	store_stmt *st;
	int s;

	if (store_households_load(r->db, &hh))
		return CW_EXIT_DB;
	if (!(st = report_db_caseload(r->db, &r->q, grouped(r, G_MONTH)))) {
		store_households_release(&hh);
		return CW_EXIT_DB;
	}
	while ((s = store_step(st)) == STORE_ROW) {
		int what = store_col_int(st, 0);
		const char *dim[NG] = {0};
		int64_t val[NCL] = {0, 0, 0, 0, ABSENT};
		static const enum scope scope[5] = {
			SC_ALL, SC_ALL, SC_ALL, SC_PERIOD, SC_MONTH
		};

		dim[G_WORKER] = text(st, 1);
		dim[G_RISK] = text(st, 2);
		dim[G_CATEGORY] = text(st, 3);
		dim[G_SOURCE] = text(st, 4);
		dim[G_MONTH] = text(st, 5);
		person_cols(r, dim, st, 6, dim[G_MONTH]);
		/* why the case closed, for a closure and its reopening;
		 * "none" for the others */
		dim[G_CLOSURE_KIND] = text(st, 8);
		dim[G_PROJECT] = text(st, 9);
		if (what < 0 || what > 4)
			continue;
		val[what < 3 ? what : CL_OPEN] = 1;
		if (what >= 3)
			val[CL_HOUSEHOLDS] = store_household_of(&hh,
						store_col_int(st, 10));
		fact(r, dim, scope[what], val);
	}
	store_households_release(&hh);
	return report_db_end(r->db, st, s, "read the caseload");
}

static void caseload_fill(const struct run *r, const struct cell *c,
			  unsigned mask, char (*buf)[32], const char **v)
{
	int i;
	(void)r;
	(void)mask;
	for (i = 0; i < NCL; i++)
		v[i] = fmt_int(buf[i], c->m[i].sum);
}

/* ---- services ---------------------------------------------------------------- */

/* Every case's client and category, by case id: read once rather than
 * looked up per contact. */
struct cases {
	struct case_rec {
		int64_t id, client;
		uint32_t category;   /* in names, 0 for none */
		uint32_t project;    /* in names too, 0 for none */
		const char *sex;     /* the client's (sex_word) */
		char birth[11];      /* the client's birth date, "" for none */
	} *k;                        /* by id, ascending; owned */
	size_t n, cap;
	struct names names;          /* the categories and projects */
};

static void cases_release(struct cases *cs)
{
	free(cs->k);
	names_release(&cs->names);
}

/* Reads the cases into cs (zeroed): 0, or CW_EXIT_DB after a message. */
static int cases_load(struct run *r, struct cases *cs)
{
	store_stmt *st = report_db_cases(r->db);
	int s;

	if (!st)
		return CW_EXIT_DB;
	while ((s = store_step(st)) == STORE_ROW) {
		const char *cat = text(st, 2);
		struct case_rec *k;
		if (cs->n == cs->cap) {
			cs->cap = cs->cap ? 2 * cs->cap : 1024;
			cs->k = cw_xrealloc(cs->k, cs->cap * sizeof *cs->k);
		}
		k = &cs->k[cs->n++];
		k->id = store_col_int(st, 0);
		k->client = store_col_int(st, 1);
		k->category = cat ? names_add(&cs->names, cat) : 0;
		k->project = text(st, 5) ? names_add(&cs->names, text(st, 5)) : 0;
		k->sex = sex_word(text(st, 3));
		snprintf(k->birth, sizeof k->birth, "%s", text(st, 4) ? text(st, 4) : "");
	}
	return report_db_end(r->db, st, s, "read cases");
}

/* Case id in cs, or NULL when it is not there. Ids are mostly
 * consecutive, so the place they would have as such is tried first. */
static const struct case_rec *cases_find(const struct cases *cs, int64_t id)
{
	size_t lo = 0, hi = cs->n, mid;
	uint64_t guess;

	if (!cs->n || id < cs->k[0].id)
		return NULL;
	guess = (uint64_t)id - (uint64_t)cs->k[0].id;
	if (guess < cs->n && cs->k[guess].id == id)
		return &cs->k[guess];
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (cs->k[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < cs->n && cs->k[lo].id == id ? &cs->k[lo] : NULL;
}

enum { SV_CONTACTS, SV_CLIENTS, SV_HOUSEHOLDS, SV_MINUTES, SV_SESSIONS,
       SV_ATTEND, NSV };
static const enum agg services_agg[NSV] = {
	AG_SUM, AG_DISTINCT, AG_DISTINCT, AG_SUM, AG_DISTINCT, AG_SUM
};
static const struct mcol services_cols[NSV] = {
	{"contacts", "contacts", "服务人次", RC_COUNT, -1, {-1, -1}, 0},
	{"clients", "clients", "服务人数", RC_DISTINCT, -1, {-1, -1}, 0},
	/* the distinct households of those clients (casework.7,
	 * Households): a count of persons, at most the clients */
	{"households", "households", "服务家庭数", RC_DISTINCT, -1, {-1, -1},
	 0},
	{"minutes", "minutes", "服务时长(分钟)", RC_SUM, -1, {-1, -1}, 0},
	/* A session's contacts share its day, kind and worker, not the
	 * categories of the cases attending nor their clients' sex and age,
	 * nor always a project (one without its own counts for each case's). */
	{"sessions", "group sessions", "活动场次", RC_COUNT, -1, {-1, -1},
	 GB(G_CATEGORY) | EVERY_GROUPS},
	{"attendance", "attendance", "参与人次", RC_COUNT, -1, {-1, -1}, 0},
};

/* The contacts of the period (with --worker, those that worker made),
 * each with its case's client and category; those of a case not stored
 * (there are none) are left out. */
static int services_facts(struct run *r)
{
	struct cases cs;
	store_households hh;
	store_stmt *st;
	int s;

	memset(&cs, 0, sizeof cs);
	if (store_households_load(r->db, &hh))
		return CW_EXIT_DB;
	if (cases_load(r, &cs) || !(st = report_db_contacts(r->db, &r->q))) {
		cases_release(&cs);
		store_households_release(&hh);
		return CW_EXIT_DB;
	}
	while ((s = store_step(st)) == STORE_ROW) {
		const char *dim[NG] = {0};
		const char *date = text(st, 2);
		const struct case_rec *k = cases_find(&cs, store_col_int(st, 3));
		int64_t val[NSV];
		int session = store_col_type(st, 5) != STORE_NULL;
		char month[8];

		if (!k)
			continue;
		dim[G_KIND] = text(st, 0);
		dim[G_WORKER] = text(st, 1);
		if (date) {   /* substr(date, 1, 7) */
			size_t n = strnlen(date, 7);
			memcpy(month, date, n);
			month[n] = '\0';
			dim[G_MONTH] = month;
		}
		if (k->category)
			dim[G_CATEGORY] = cs.names.s[k->category - 1];
		/* the contact's own project, else its case's */
		dim[G_PROJECT] = text(st, 6) ? text(st, 6) : k->project
			? cs.names.s[k->project - 1] : NULL;
		person_dims(r, dim, k->sex, k->birth, dim[G_MONTH], r->until);
		val[SV_CONTACTS] = 1;
		val[SV_CLIENTS] = k->client;
		val[SV_HOUSEHOLDS] = store_household_of(&hh, k->client);
		val[SV_MINUTES] = store_col_int(st, 4);
		val[SV_SESSIONS] = session ? store_col_int(st, 5) : ABSENT;
		val[SV_ATTEND] = session;
		fact(r, dim, SC_ALL, val);
	}
	s = report_db_end(r->db, st, s, "read contacts");
	cases_release(&cs);
	store_households_release(&hh);
	return s;
}

static void services_fill(const struct run *r, const struct cell *c,
			  unsigned mask, char (*buf)[32], const char **v)
{
	int i;
	(void)r;
	(void)mask;
	for (i = 0; i < NSV; i++)
		v[i] = fmt_int(buf[i], c->m[i].sum);
}

/* ---- outcomes ------------------------------------------------------------------ */

enum { OM_CASES, OM_CHANGE, OM_IMPROVED, OM_MEANINGFUL, NOM };
static const enum agg outcomes_agg[NOM] = { AG_SUM, AG_SUM, AG_SUM, AG_SUM };
enum { OC_CASES, OC_MEAN, OC_IMPROVED, OC_IMPROVED_PCT, OC_MEANINGFUL,
       OC_MEANINGFUL_PCT, NOC };
static const struct mcol outcomes_cols[NOC] = {
	{"cases", "cases", "个案数", RC_COUNT, -1, {-1, -1}, 0},
	{"mean_change", "mean change", "平均变化", RC_MEAN, OC_CASES,
	 {-1, -1}, 0},
	{"improved", "improved", "改善个案", RC_COUNT, -1, {-1, -1}, 0},
	{"improved_pct", "improved %", "改善比例(%)", RC_RATE, OC_IMPROVED,
	 {OC_CASES, -1}, 0},
	{"meaningful", "improved past threshold", "显著改善个案", RC_COUNT, -1,
	 {-1, -1}, 0},
	{"meaningful_pct", "improved past threshold %", "显著改善比例(%)",
	 RC_RATE, OC_MEANINGFUL, {OC_CASES, -1}, 0},
};

/* Loads the instrument definitions when the report needs them:
 * outcomes and satisfaction do; so does a caseload by risk, which leaves
 * the surveys out. 0, or an exit code after a message. */
static int load_instruments(struct run *r)
{
	if (!(r->def->groups & GB(G_INSTRUMENT)) && !grouped(r, G_RISK))
		return 0;
	return cw_instruments_load(&r->instr, r->cfg->instrument_dir);
}

/* Says once per instrument that its assessments are left out. */
static void warn_unknown(struct run *r, const char *name)
{
	size_t i;
	for (i = 0; i < r->nwarned; i++)
		if (!strcmp(r->warned[i], name))
			return;
	r->warned = cw_xrealloc(r->warned, (r->nwarned + 1) * sizeof *r->warned);
	r->warned[r->nwarned++] = cw_xstrdup(name);
	cw_error("warning: instrument '%s' is not defined: its assessments "
		 "are left out", name);
}

long report_pair_change(store_stmt *st, const cw_instrument *in,
			int *improved, int *meaningful)
{
	cw_score a, b;

	memset(&a, 0, sizeof a);
	memset(&b, 0, sizeof b);
	a.total100 = store_col_int(st, 3);
	a.has_scaled = store_col_type(st, 4) != STORE_NULL;
	a.scaled100 = store_col_int(st, 4);
	b.total100 = store_col_int(st, 5);
	b.has_scaled = store_col_type(st, 6) != STORE_NULL;
	b.scaled100 = store_col_int(st, 6);
	return cw_instrument_change(in, &a, &b, improved, meaningful);
}

/* For each case and instrument assessed at least twice in the period, the
 * change from the first assessment to the latest. */
static int outcomes_facts(struct run *r)
{
	store_stmt *st = report_db_outcome_pairs(r->db, &r->q);
	int s;

	if (!st)
		return CW_EXIT_DB;
	while ((s = store_step(st)) == STORE_ROW) {
		const char *dim[NG] = {0};
		const char *name = text(st, 0);
		const cw_instrument *in = name ? cw_instruments_find(r->instr, name) : NULL;
		int64_t val[NOM];
		int improved, meaningful, thr;
		long d;

		if (!in) {
			if (name)
				warn_unknown(r, name);
			continue;
		}
		if (!strcmp(cw_instrument_kind(in), "survey"))
			continue;
		d = report_pair_change(st, in, &improved, &meaningful);
		thr = cw_instrument_threshold(in, NULL);
		dim[G_INSTRUMENT] = name;
		dim[G_WORKER] = text(st, 1);
		dim[G_CATEGORY] = text(st, 2);
		person_cols(r, dim, st, 7, NULL);
		dim[G_PROJECT] = text(st, 9);
		val[OM_CASES] = 1;
		val[OM_CHANGE] = d;
		val[OM_IMPROVED] = improved;
		val[OM_MEANINGFUL] = thr && improved && meaningful;
		r->any_threshold |= thr;
		fact(r, dim, SC_ALL, val);
	}
	return report_db_end(r->db, st, s, "read assessments");
}

/* Rows of one instrument give its mean change and its share past its
 * threshold; rows that total over instruments do not mix them. */
static void outcomes_fill(const struct run *r, const struct cell *c,
			  unsigned mask, char (*buf)[32], const char **v)
{
	const char *name = row_value(r, mask, G_INSTRUMENT);
	const cw_instrument *in = name ? cw_instruments_find(r->instr, name) : NULL;
	int mixed = totals_over(r, mask, G_INSTRUMENT);
	int64_t n = c->m[OM_CASES].sum;
	int thr = mixed ? r->any_threshold
			: in && cw_instrument_threshold(in, NULL);

	v[OC_CASES] = fmt_int(buf[OC_CASES], n);
	v[OC_MEAN] = mixed ? NULL : fmt_mean(buf[OC_MEAN], c->m[OM_CHANGE].sum, n);
	v[OC_IMPROVED] = fmt_int(buf[OC_IMPROVED], c->m[OM_IMPROVED].sum);
	v[OC_IMPROVED_PCT] = fmt_pct(buf[OC_IMPROVED_PCT],
				     c->m[OM_IMPROVED].sum, n);
	v[OC_MEANINGFUL] = thr ? fmt_int(buf[OC_MEANINGFUL],
					 c->m[OM_MEANINGFUL].sum) : NULL;
	v[OC_MEANINGFUL_PCT] = thr && !mixed
		? fmt_pct(buf[OC_MEANINGFUL_PCT], c->m[OM_MEANINGFUL].sum, n)
		: NULL;
}

/* ---- satisfaction ------------------------------------------------------------ */

enum { SM_RESPONSES, SM_SCORE, NSM };
static const enum agg satisfaction_agg[NSM] = { AG_SUM, AG_SUM };
static const struct mcol satisfaction_cols[NSM] = {
	{"responses", "responses", "问卷份数", RC_COUNT, -1, {-1, -1}, 0},
	{"mean_score", "mean score", "平均得分", RC_MEAN, SM_RESPONSES,
	 {-1, -1}, 0},
};

/* The assessments of the survey instruments. */
static int satisfaction_facts(struct run *r)
{
	store_stmt *st = report_db_survey_responses(r->db, &r->q);
	int s;

	if (!st)
		return CW_EXIT_DB;
	while ((s = store_step(st)) == STORE_ROW) {
		const char *dim[NG] = {0};
		int64_t val[NSM];

		dim[G_INSTRUMENT] = text(st, 0);
		dim[G_WORKER] = text(st, 1);
		dim[G_CATEGORY] = text(st, 2);
		dim[G_MONTH] = text(st, 3);
		person_cols(r, dim, st, 5, dim[G_MONTH]);
		dim[G_PROJECT] = text(st, 7);
		val[SM_RESPONSES] = 1;
		val[SM_SCORE] = store_col_int(st, 4);
		fact(r, dim, SC_ALL, val);
	}
	return report_db_end(r->db, st, s, "read assessments");
}

static void satisfaction_fill(const struct run *r, const struct cell *c,
			      unsigned mask, char (*buf)[32], const char **v)
{
	int64_t n = c->m[SM_RESPONSES].sum;
	v[0] = fmt_int(buf[0], n);
	v[1] = totals_over(r, mask, G_INSTRUMENT) ? NULL
		: fmt_mean(buf[1], c->m[SM_SCORE].sum, n);
}

/* ---- goals ------------------------------------------------------------------ */

enum { GM_GOALS, GM_ACHIEVED, GM_PARTLY, GM_NOT, NGM };
static const enum agg goals_agg[NGM] = { AG_SUM, AG_SUM, AG_SUM, AG_SUM };
enum { GC_GOALS, GC_ACHIEVED, GC_PARTLY, GC_NOT, GC_RATE, NGC };
static const struct mcol goals_cols[NGC] = {
	{"goals", "goals", "目标数", RC_COUNT, -1, {-1, -1}, 0},
	{"achieved", "achieved", "已达成", RC_COUNT, -1, {-1, -1}, 0},
	{"partly_achieved", "partly achieved", "部分达成", RC_COUNT, -1,
	 {-1, -1}, 0},
	{"not_achieved", "not achieved", "未达成", RC_COUNT, -1, {-1, -1}, 0},
	/* achieved / (achieved + partly + not): hidden with any of them */
	{"attainment_pct", "attainment %", "目标达成率(%)", RC_RATE, GC_ACHIEVED,
	 {GC_PARTLY, GC_NOT}, 0},
};

/* The goals of a period, each with its status now. */
static int goals_facts(struct run *r)
{
	store_stmt *st = report_db_goals(r->db, &r->q);
	int s;

	if (!st)
		return CW_EXIT_DB;
	while ((s = store_step(st)) == STORE_ROW) {
		const char *dim[NG] = {0};
		const char *status;
		int64_t val[NGM] = {1, 0, 0, 0};

		dim[G_TERM] = text(st, 0);
		dim[G_STATUS] = status = text(st, 1);
		dim[G_WORKER] = text(st, 2);
		dim[G_CATEGORY] = text(st, 3);
		person_cols(r, dim, st, 4, NULL);
		dim[G_PROJECT] = text(st, 6);
		if (status && !strcmp(status, "achieved"))
			val[GM_ACHIEVED] = 1;
		else if (status && !strcmp(status, "partly_achieved"))
			val[GM_PARTLY] = 1;
		else if (status && !strcmp(status, "not_achieved"))
			val[GM_NOT] = 1;
		fact(r, dim, SC_ALL, val);
	}
	return report_db_end(r->db, st, s, "read goals");
}

static void goals_fill(const struct run *r, const struct cell *c,
		       unsigned mask, char (*buf)[32], const char **v)
{
	int i;
	(void)r;
	(void)mask;
	for (i = 0; i < NGM; i++)
		v[i] = fmt_int(buf[i], c->m[i].sum);
	v[GC_RATE] = fmt_pct(buf[GC_RATE], c->m[GM_ACHIEVED].sum,
			     c->m[GM_ACHIEVED].sum + c->m[GM_PARTLY].sum +
			     c->m[GM_NOT].sum);
}

/* ---- referrals ---------------------------------------------------------------- */

enum { RM_MADE, RM_ACCEPTED, RM_DECLINED, RM_COMPLETED, RM_DAYS, NRM };
static const enum agg referrals_agg[NRM] = {
	AG_SUM, AG_SUM, AG_SUM, AG_SUM, AG_LIST
};
static const struct mcol referrals_cols[NRM] = {
	{"made", "made", "转介数", RC_COUNT, -1, {-1, -1}, 0},
	{"accepted", "accepted", "已接受", RC_COUNT, -1, {-1, -1}, 0},
	{"declined", "declined", "已拒绝", RC_COUNT, -1, {-1, -1}, 0},
	{"completed", "completed", "已完成", RC_COUNT, -1, {-1, -1}, 0},
	/* over the responses: accepted and declined */
	{"median_days_to_response", "median days to response",
	 "回复天数中位数", RC_MEDIAN, RM_ACCEPTED, {RM_DECLINED, -1}, 0},
};

/* The changes of state in the period: sent (a referral made), accepted,
 * declined, completed; a response carries the days since the referral
 * was last sent. */
static int referrals_facts(struct run *r)
{
	store_stmt *st = report_db_referral_moves(r->db, &r->q);
	static const char *const states[4] = {
		"sent", "accepted", "declined", "completed"
	};
	int s, i;

	if (!st)
		return CW_EXIT_DB;
	while ((s = store_step(st)) == STORE_ROW) {
		const char *dim[NG] = {0};
		const char *state = text(st, 0);
		int64_t val[NRM] = {0, 0, 0, 0, ABSENT};

		for (i = 0; i < 4 && state && strcmp(state, states[i]); i++)
			;
		if (i == 4)
			continue;
		val[i] = 1;
		if (store_col_type(st, 4) != STORE_NULL)
			val[RM_DAYS] = store_col_int(st, 4);
		dim[G_CATEGORY] = text(st, 1);
		dim[G_WORKER] = text(st, 2);
		dim[G_MONTH] = text(st, 3);
		person_cols(r, dim, st, 5, dim[G_MONTH]);
		dim[G_PROJECT] = text(st, 7);
		fact(r, dim, SC_ALL, val);
	}
	return report_db_end(r->db, st, s, "read referrals");
}

static void referrals_fill(const struct run *r, const struct cell *c,
			   unsigned mask, char (*buf)[32], const char **v)
{
	int i;
	(void)r;
	(void)mask;
	for (i = 0; i < RM_DAYS; i++)
		v[i] = fmt_int(buf[i], c->m[i].sum);
	v[RM_DAYS] = fmt_median(buf[RM_DAYS], &c->m[RM_DAYS]);
}

/* ---- overdue ------------------------------------------------------------------- */

static const enum agg overdue_agg[1] = { AG_SUM };
static const struct mcol overdue_cols[1] = {
	{"overdue", "overdue", "逾期事项", RC_COUNT, -1, {-1, -1}, 0},
};

/* What sw-plan due lists as overdue on the day asked for. */
static int overdue_facts(struct run *r)
{
	store_stmt *st = report_db_overdue(r->db, &r->q);
	int s;

	if (!st)
		return CW_EXIT_DB;
	while ((s = store_step(st)) == STORE_ROW) {
		const char *dim[NG] = {0};
		int64_t one = 1;
		dim[G_KIND] = text(st, 0);
		dim[G_WORKER] = text(st, 1);
		person_dims(r, dim, text(st, 2), text(st, 3), NULL, r->asof);
		dim[G_PROJECT] = text(st, 4);
		fact(r, dim, SC_ALL, &one);
	}
	return report_db_end(r->db, st, s, "read what is overdue");
}

static void overdue_fill(const struct run *r, const struct cell *c,
			 unsigned mask, char (*buf)[32], const char **v)
{
	(void)r;
	(void)mask;
	v[0] = fmt_int(buf[0], c->m[0].sum);
}

/* ---- the reports ------------------------------------------------------------ */

#define N(a) (sizeof a / sizeof a[0])
static const struct rdef reports[] = {
	{"caseload", "Caseload", "个案量",
	 GB(G_WORKER) | GB(G_MONTH) | GB(G_CATEGORY) | GB(G_RISK) | GB(G_SOURCE)
	 | EVERY_GROUPS | GB(G_CLOSURE_KIND),
	 NULL, -1, {[G_RISK] = &store_vocab_risk,
		    [G_CLOSURE_KIND] = &store_vocab_closure_kind},
	 caseload_agg, NCL, caseload_cols, NCL, CL_OPEN,
	 "Open cases", "在案个案", caseload_facts, caseload_fill},
	{"services", "Services", "服务量",
	 GB(G_KIND) | GB(G_WORKER) | GB(G_MONTH) | GB(G_CATEGORY)
	 | EVERY_GROUPS,
	 "kind", -1, {[G_KIND] = &store_vocab_contact_kind},
	 services_agg, NSV, services_cols, NSV, SV_CONTACTS,
	 "Contacts", "服务人次", services_facts, services_fill},
	{"outcomes", "Outcomes", "成效评估",
	 GB(G_INSTRUMENT) | GB(G_WORKER) | GB(G_CATEGORY)
	 | EVERY_GROUPS,
	 "instrument", G_INSTRUMENT, {0},
	 outcomes_agg, NOM, outcomes_cols, NOC, OC_IMPROVED_PCT,
	 "Improved %", "改善比例(%)", outcomes_facts, outcomes_fill},
	{"satisfaction", "Satisfaction", "满意度",
	 GB(G_INSTRUMENT) | GB(G_WORKER) | GB(G_CATEGORY) | GB(G_MONTH)
	 | EVERY_GROUPS,
	 "instrument", G_INSTRUMENT, {0},
	 satisfaction_agg, NSM, satisfaction_cols, NSM, 1,
	 "Mean score", "平均得分", satisfaction_facts, satisfaction_fill},
	{"goals", "Goal attainment", "目标达成",
	 GB(G_TERM) | GB(G_STATUS) | GB(G_WORKER) | GB(G_CATEGORY)
	 | EVERY_GROUPS,
	 "term", -1, {[G_TERM] = &store_vocab_goal_term,
	  [G_STATUS] = &store_vocab_goal_status},
	 goals_agg, NGM, goals_cols, NGC, GC_RATE,
	 "Attainment %", "目标达成率(%)", goals_facts, goals_fill},
	{"referrals", "Referrals", "转介与资源链接",
	 GB(G_CATEGORY) | GB(G_WORKER) | GB(G_MONTH)
	 | EVERY_GROUPS,
	 "category", -1, {0},
	 referrals_agg, NRM, referrals_cols, NRM, RM_MADE,
	 "Referrals made", "转介数", referrals_facts, referrals_fill},
	{"overdue", "Overdue", "逾期事项",
	 GB(G_WORKER) | GB(G_KIND)
	 | EVERY_GROUPS,
	 "worker,kind", -1, {[G_KIND] = &store_vocab_due_kind},
	 overdue_agg, 1, overdue_cols, 1, 0,
	 "Overdue items", "逾期事项", overdue_facts, overdue_fill},
};

/* ---- --by ------------------------------------------------------------------- */

/* The groups a report takes, for messages: "worker, month, ...". */
static void group_list(const struct rdef *d, cw_buf *b)
{
	int g;
	for (g = 0; g < NG; g++)
		if (d->groups & GB(g)) {
			if (b->len)
				cw_buf_addstr(b, ", ");
			cw_buf_addstr(b, group_info[g].name);
		}
}

/* Sets r's groups from by (--by; NULL for the report's default), the
 * report's forced group first. 0, or CW_EXIT_USAGE after a message. */
static int parse_by(struct run *r, const char *by)
{
	const struct rdef *d = r->def;
	const char *p, *end;
	cw_buf list;
	int g, i, rc = 0;

	if (!by)
		by = d->by;
	r->ng = 0;
	cw_buf_init(&list);
	group_list(d, &list);
	for (p = by; p && !rc; p = *end ? end + 1 : NULL) {
		size_t n;
		end = strchr(p, ',');
		if (!end)
			end = p + strlen(p);
		n = (size_t)(end - p);
		for (g = 0; g < NG; g++)
			if (strlen(group_info[g].name) == n &&
			    !memcmp(group_info[g].name, p, n))
				break;
		if (!n) {
			rc = cw_usage_error("option '--by': an empty group (use %s)",
					    list.s);
		} else if (g == NG) {
			rc = cw_usage_error("option '--by': unknown group '%.*s' "
					    "(%s takes %s)", (int)n, p, d->name,
					    list.s);
		} else if (!(d->groups & GB(g))) {
			rc = cw_usage_error("option '--by': %s cannot be grouped by "
					    "%s (it takes %s)", d->name,
					    group_info[g].name, list.s);
		} else if (grouped(r, g)) {
			rc = cw_usage_error("option '--by': group '%s' given twice",
					    group_info[g].name);
		} else if (r->ng == 2) {
			rc = cw_usage_error("option '--by': at most two groups");
		} else {
			r->g[r->ng++] = g;
		}
	}
	if (!rc && d->forced >= 0 && !grouped(r, d->forced)) {
		if (r->ng == 2) {
			rc = cw_usage_error("option '--by': at most two groups, and "
					    "%s is always grouped by %s", d->name,
					    group_info[d->forced].name);
		} else {
			for (i = r->ng; i > 0; i--)
				r->g[i] = r->g[i - 1];
			r->g[0] = d->forced;
			r->ng++;
		}
	}
	cw_buf_release(&list);
	return rc;
}

/* ---- the table ---------------------------------------------------------------- */

/* A group's values, in row order. */
struct values {
	char **v;       /* not owned: the cells' or the report's */
	size_t n, cap;
	char **own;     /* made here (months), owned */
	size_t nown;
};

static void values_add(struct values *vs, const char *s)
{
	size_t i;
	for (i = 0; i < vs->n; i++)
		if (!strcmp(vs->v[i], s))
			return;
	if (vs->n == vs->cap) {
		vs->cap = vs->cap ? 2 * vs->cap : 16;
		vs->v = cw_xrealloc(vs->v, vs->cap * sizeof *vs->v);
	}
	vs->v[vs->n++] = (char *)s;
}

static void values_own(struct values *vs, const char *s)
{
	vs->own = cw_xrealloc(vs->own, (vs->nown + 1) * sizeof *vs->own);
	vs->own[vs->nown] = cw_xstrdup(s);
	values_add(vs, vs->own[vs->nown++]);
}

static void values_release(struct values *vs)
{
	while (vs->nown)
		free(vs->own[--vs->nown]);
	free(vs->own);
	free(vs->v);
}

/* Known values first in their order, then others in byte order, "none"
 * last. */
static long rank(const store_vocab *order, const char *s)
{
	long i = order ? store_vocab_index(order, s) : -1;
	if (i >= 0)
		return i;
	return !strcmp(s, "none") ? 2000000 : 1000000;
}

static int before(const store_vocab *order, const char *a, const char *b)
{
	long ra = rank(order, a), rb = rank(order, b);
	return ra != rb ? ra < rb : ra == 1000000 && strcmp(a, b) < 0;
}

/* The months from the first to the last ("YYYY-MM") into vs. */
static void add_months(struct values *vs, const char *first, const char *last)
{
	int y = atoi(first), m = atoi(first + 5);
	char buf[16];

	for (;;) {
		snprintf(buf, sizeof buf, "%04d-%02d", y, m);
		if (strcmp(buf, last) > 0 || y > 9999)
			break;
		values_own(vs, buf);
		if (++m > 12) {
			m = 1;
			y++;
		}
	}
}

/* The values of group i that the cells keeping it alone give. */
struct values_of {
	struct values *vs;
	unsigned keep;       /* the mask of those cells */
	int i;               /* the group */
};

/* The value of the cell val into w's values when it is such a cell. */
static void value_of(uint64_t key, uint64_t val, void *ctx)
{
	const struct values_of *w = ctx;
	const struct cell *c = (const struct cell *)(uintptr_t)val;

	(void)key;
	if (c->mask == w->keep && c->val[w->i])
		values_add(w->vs, c->val[w->i]);
}

/* The values of group g in their row order (NULL: none known). */
static const store_vocab *group_order(const struct run *r, int g)
{
	if (g == G_SEX)
		return &store_vocab_sex;
	if (g == G_AGE)
		return &r->ages;
	return r->def->values[g];
}

/* Group i's values: those of the cells that keep group i alone (or,
 * with one group, every cell keeping it), the report's known values, and
 * for months every month of the period. */
static void group_values(struct run *r, int i, struct values *vs)
{
	struct values_of w;
	const store_vocab *order = group_order(r, r->g[i]);
	size_t j, k;

	memset(vs, 0, sizeof *vs);
	w.vs = vs;
	w.keep = ((1u << r->ng) - 1) & ~(1u << i);
	w.i = i;
	core_map_each(&r->cells, value_of, &w);
	for (j = 0; order && j < order->n; j++)
		values_add(vs, order->w[j].word);
	if (r->g[i] == G_RISK)
		values_add(vs, "none");
	if (r->g[i] == G_MONTH) {
		char first[8] = "", last[8];
		if (r->since[0]) {
			memcpy(first, r->since, 7);
			first[7] = '\0';
		}
		for (j = 0; j < vs->n; j++)
			if (strlen(vs->v[j]) == 7 && (!first[0] || strcmp(vs->v[j], first) < 0))
				memcpy(first, vs->v[j], 8);
		memcpy(last, r->until, 7);
		last[7] = '\0';
		if (first[0])
			add_months(vs, first, last);
	}
	/* Insertion sort: a few dozen values. */
	for (j = 1; j < vs->n; j++) {
		char *x = vs->v[j];
		for (k = j; k > 0 && before(order, x, vs->v[k - 1]); k--)
			vs->v[k] = vs->v[k - 1];
		vs->v[k] = x;
	}
}

/* Appends the row of the cell with these values (NULL: totalled). */
static void add_row(struct run *r, report_table *t, unsigned mask,
		    const char *v0, const char *v1)
{
	const char *key[2] = { v0, v1 };
	uint32_t id[2] = { 0, 0 };
	const struct cell *c = NULL;
	const char **vals = cw_xcalloc(t->ncols, sizeof *vals);
	char (*buf)[32] = cw_xcalloc(r->def->ncols, sizeof *buf);
	size_t j;
	int i, known = 1;

	for (i = 0; i < 2; i++)
		if (key[i] && !(id[i] = names_find(&r->names[i], key[i])))
			known = 0;
	if (known)
		c = cell_get(r, mask, id, 0);
	if (!c)
		c = r->zero;
	r->row[0] = v0;
	r->row[1] = v1;
	for (i = 0; i < r->ng; i++)
		vals[i] = mask & (1u << i) ? "total" : key[i];
	r->def->fill(r, c, mask, buf, vals + r->ng);
	for (j = 0; j < r->def->ncols; j++)
		for (i = 0; i < r->ng; i++)
			if ((mask & (1u << i)) &&
			    (r->def->cols[j].absent_over & GB(r->g[i])))
				vals[r->ng + j] = NULL;
	report_add_row(t, vals, mask);
	free(buf);
	free(vals);
}

/* Rows: each value with its total; with two groups, each value of the
 * first with the second's values and their total, then the second's
 * values over the first, then the grand total. */
static void build_rows(struct run *r, report_table *t)
{
	struct values a, b;
	size_t i, j;

	if (r->ng == 0) {
		add_row(r, t, 0, NULL, NULL);
		return;
	}
	group_values(r, 0, &a);
	if (r->ng == 1) {
		for (i = 0; i < a.n; i++)
			add_row(r, t, 0, a.v[i], NULL);
		add_row(r, t, 1, NULL, NULL);
		values_release(&a);
		return;
	}
	group_values(r, 1, &b);
	for (i = 0; i < a.n; i++) {
		for (j = 0; j < b.n; j++)
			add_row(r, t, 0, a.v[i], b.v[j]);
		add_row(r, t, 2, a.v[i], NULL);
	}
	for (j = 0; j < b.n; j++)
		add_row(r, t, 1, NULL, b.v[j]);
	add_row(r, t, 3, NULL, NULL);
	values_release(&a);
	values_release(&b);
}

static void build_cols(struct run *r)
{
	const struct rdef *d = r->def;
	size_t n = (size_t)r->ng + d->ncols, j;
	int i;

	r->cols = cw_xcalloc(n, sizeof *r->cols);
	for (i = 0; i < r->ng; i++) {
		report_col *c = &r->cols[i];
		c->key = group_info[r->g[i]].name;
		c->en = group_info[r->g[i]].en;
		c->zh = group_info[r->g[i]].zh;
		c->kind = RC_GROUP;
		c->base = -1;
	}
	for (j = 0; j < d->ncols; j++) {
		const struct mcol *m = &d->cols[j];
		report_col *c = &r->cols[(size_t)r->ng + j];
		c->key = m->key;
		c->en = m->en;
		c->zh = m->zh;
		c->kind = m->kind;
		c->base = m->base >= 0 ? r->ng + m->base : -1;
	}
}

/* A figure built on counts that are hidden is hidden too, whichever of
 * them report_suppress knows as its base: a rate would give back its
 * numerator from its denominator, and the other way round. A figure that
 * is empty (over nothing, or not made for that row) stays empty. */
static void hide_dependants(const struct run *r, report_table *t)
{
	size_t row, j;
	int k;

	for (row = 0; row < t->nrows; row++)
		for (j = 0; j < r->def->ncols; j++) {
			const struct mcol *m = &r->def->cols[j];
			unsigned char *h = t->hidden + row * t->ncols + r->ng;
			if (!report_cell(t, row, (size_t)r->ng + j))
				continue;
			if (m->base >= 0 && h[m->base])
				h[j] = 1;
			for (k = 0; k < 2; k++)
				if (m->dep[k] >= 0 && h[m->dep[k]])
					h[j] = 1;
		}
}

static void free_cell(uint64_t key, uint64_t val, void *ctx)
{
	const struct run *r = ctx;
	(void)key;
	cell_free((struct cell *)(uintptr_t)val, r->def->nm);
}

static void run_release(struct run *r)
{
	core_map_each(&r->cells, free_cell, r);
	core_map_release(&r->cells);
	cell_free(r->zero, r->def->nm);
	names_release(&r->names[0]);
	names_release(&r->names[1]);
	free(r->cols);
	while (r->nwarned)
		free(r->warned[--r->nwarned]);
	free(r->warned);
	free(r->surveys);
	cw_instruments_free(r->instr);
}

/* The report named name, or NULL after a message. */
static const struct rdef *find_report(const char *name)
{
	size_t i;

	for (i = 0; i < N(reports); i++)
		if (!strcmp(reports[i].name, name))
			return &reports[i];
	cw_usage_error("unknown report '%s'", name);
	return NULL;
}

int report_check(const cw_ctx *x, const char *name, const char *by)
{
	struct run r;
	int rc;

	memset(&r, 0, sizeof r);
	if (!(r.def = find_report(name)))
		return CW_EXIT_USAGE;
	r.cfg = x->cfg;
	if ((rc = parse_by(&r, by)) == 0)
		rc = load_instruments(&r);
	cw_instruments_free(r.instr);
	return rc;
}

int report_run(const cw_ctx *x, const char *name, const cw_report_opts *o)
{
	const uint32_t none[2] = { 0, 0 };
	struct run r;
	report_table t;
	int rc;

	memset(&r, 0, sizeof r);
	memset(&t, 0, sizeof t);
	if (!(r.def = find_report(name)))
		return CW_EXIT_USAGE;
	r.o = o;
	r.cfg = x->cfg;
	r.db = x->db;
	if ((rc = parse_by(&r, o->by)) != 0)
		return rc;
	if (o->has_since)
		cw_date_format(o->since, r.since);
	cw_date_format(o->until, r.until);
	cw_date_format(o->until < x->today ? o->until : x->today, r.asof);
	r.q.since = r.since;
	r.q.until = r.until;
	r.q.asof = r.asof;
	r.q.worker = o->worker;
	r.q.within_period = o->within_period;
	/* "2026-10-01..2026-10-31"; without a first day (--until alone), an
	 * open start: "..2026-11-15". */
	if (o->has_since)
		snprintf(r.period, sizeof r.period, "%s..%s", r.since, r.until);
	else
		snprintf(r.period, sizeof r.period, "..%s", r.until);
	r.zero = cell_new(&r, 0, none);
	age_setup(&r);
	rc = load_instruments(&r);
	survey_names(&r);
	if (!rc)
		rc = r.def->facts(&r);
	if (rc)
		goto out;
	core_map_each(&r.cells, finish_cell, &r);
	build_cols(&r);
	report_init(&t, r.def->name, r.cols, (size_t)r.ng + r.def->ncols,
		    (size_t)r.ng);
	t.title_en = r.def->title_en;
	t.title_zh = r.def->title_zh;
	t.period = r.period;
	build_rows(&r, &t);
	if (r.ng > 0 && r.def->chart >= 0) {
		t.chart = r.g[0] == G_MONTH ? CH_LINE : CH_BAR;
		t.chart_col = r.ng + r.def->chart;
		t.chart_en = r.def->chart_en;
		t.chart_zh = r.def->chart_zh;
	}
	if (o->suppress > 0) {
		/* Open cases carry over from month to month (open at a month's
		 * end = the month before's + new + reopened - closed): a tie
		 * between rows the method does not model. Refused rather than
		 * published with a leak. */
		if (!strcmp(r.def->name, "caseload") && grouped(&r, G_MONTH)) {
			rc = cw_usage_error("caseload by month cannot be suppressed "
					    "safely (open cases carry over from month to "
					    "month): group by something else, or report "
					    "each month on its own");
			goto out;
		}
		if ((rc = report_suppress(&t, o->suppress)) != 0)
			goto out;
		hide_dependants(&r, &t);
	}
	rc = report_render(x->out, &t, o->fmt, o->html,
			   report_locale_zh());
out:
	report_release(&t);
	run_release(&r);
	return rc;
}
