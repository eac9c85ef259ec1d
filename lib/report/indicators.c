/* report/indicators.c - sw-report project CODE: a project's indicators
 * over a period, each with its target for the period, what was achieved
 * and the rate (casework(7), Indicators; sw-report(1), project).
 *
 * Each indicator is one row of the table below: its key, English label,
 * kind, and how it is counted: one query giving two numbers (num, den)
 * or a function giving them. An indicator without either (NULL, NULL)
 * is not counted yet: its row shows its target and no figure. */
#define _POSIX_C_SOURCE 200809L
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "core/core.h"
#include "report/report.h"

/* What an indicator's figure is, which says how its target is read and
 * whether it is prorated. */
enum ikind {
	IK_COUNT,     /* a count (num); target prorated, whole */
	IK_NUMBER,    /* a sum in hundredths (num), such as hours; target
			 prorated, to two decimals */
	IK_MEAN,      /* a mean score: num (hundredths) / den; target as set */
	IK_PERCENT    /* a share: num / den as a percentage; target as set */
};

struct ictx;

struct indicator {
	const char *key, *en;     /* the Chinese label is the vocabulary's */
	enum ikind kind;
	const char *sql;          /* one row: num, den; or NULL */
	const char *tail;         /* with the survey list before it, or NULL */
	/* when sql is NULL: num and den into v; 0, or an exit code */
	int (*count)(struct ictx *c, int64_t v[2]);
};

/* What the counting functions read. */
struct ictx {
	cw_db *db;
	report_query q;
	cw_instruments *instr;
};

static int prepost(struct ictx *c, int64_t v[2]);
static int goal_attainment(struct ictx *c, int64_t v[2]);

/* In the order of the vocabulary (store/vocab.c) and of casework(7). */
static const struct indicator indicators[] = {
	{"case_contacts", "case contacts", IK_COUNT,
	 report_sql_case_contacts, NULL, NULL},
	{"case_clients", "clients served", IK_COUNT,
	 report_sql_case_clients, NULL, NULL},
	{"group_sessions", "group sessions", IK_COUNT,
	 report_sql_group_sessions, NULL, NULL},
	{"group_attendance", "group attendance", IK_COUNT,
	 report_sql_group_attendance, NULL, NULL},
	{"activities", "community activities", IK_COUNT,
	 report_sql_activities, NULL, NULL},
	{"activity_participants", "community participants", IK_COUNT,
	 report_sql_activity_participants, NULL, NULL},
	{"volunteers", "volunteers", IK_COUNT, report_sql_volunteers, NULL, NULL},
	{"volunteer_hours", "volunteer hours", IK_NUMBER,
	 report_sql_volunteer_hours, NULL, NULL},
	{"volunteer_trainings", "volunteer trainings", IK_COUNT,
	 report_sql_volunteer_trainings, NULL, NULL},
	{"new_partners", "new partner organisations", IK_COUNT,
	 report_sql_new_partners, NULL, NULL},
	{"satisfaction", "satisfaction (mean score)", IK_MEAN,
	 report_sql_satisfaction, report_sql_satisfaction_end, NULL},
	{"goal_attainment", "goal attainment %", IK_PERCENT,
	 NULL, NULL, goal_attainment},
	{"prepost_improved", "improved at post-test %", IK_PERCENT,
	 NULL, NULL, prepost},
	{"coverage", "coverage %", IK_PERCENT, report_sql_coverage, NULL, NULL},
	{"timeliness", "records entered on time %", IK_PERCENT,
	 report_sql_timeliness, NULL, NULL},
	{"completeness", "complete closed cases %", IK_PERCENT,
	 report_sql_completeness, report_sql_completeness_end, NULL},
	/* No supervision records yet (issue 21). */
	{"supervision_frequency", "supervision sessions", IK_COUNT,
	 NULL, NULL, NULL},
};
#define NIND (sizeof indicators / sizeof indicators[0])

/* ---- counting ------------------------------------------------------------ */

/* The pairs of sw-report outcomes (a case's baseline and its latest
 * assessment in the period) of the project's cases: improved / pairs.
 * Surveys and instruments not defined are left out, as there. */
static int prepost(struct ictx *c, int64_t v[2])
{
	store_stmt *st = report_db_outcome_pairs(c->db, &c->q);
	int s;

	if (!st)
		return CW_EXIT_DB;
	while ((s = store_step(st)) == STORE_ROW) {
		const char *name = store_col_text(st, 0);
		const cw_instrument *in = name ? cw_instruments_find(c->instr, name)
					       : NULL;
		int improved, meaningful;

		if (!in || !strcmp(cw_instrument_kind(in), "survey"))
			continue;
		report_pair_change(st, in, &improved, &meaningful);
		v[0] += improved != 0;
		v[1]++;
	}
	return report_db_end(c->db, st, s, "read assessments");
}

/* The goals of sw-report goals of the project's cases: achieved /
 * (achieved + partly achieved + not achieved). */
static int goal_attainment(struct ictx *c, int64_t v[2])
{
	store_stmt *st = report_db_goals(c->db, &c->q);
	int s;

	if (!st)
		return CW_EXIT_DB;
	while ((s = store_step(st)) == STORE_ROW) {
		const char *status = store_col_text(st, 1);
		if (!status)
			continue;
		if (!strcmp(status, "achieved"))
			v[0]++;
		if (!strcmp(status, "achieved") || !strcmp(status, "partly_achieved") ||
		    !strcmp(status, "not_achieved"))
			v[1]++;
	}
	return report_db_end(c->db, st, s, "read goals");
}

/* One row of two numbers from sql into v. */
static int by_query(struct ictx *c, const struct indicator *in, int days,
		    int64_t v[2])
{
	store_stmt *st = report_db_indicator(c->db, in->sql, in->tail, &c->q, days);
	int s;

	if (!st)
		return CW_EXIT_DB;
	if ((s = store_step(st)) == STORE_ROW) {
		v[0] = store_col_int(st, 0);
		v[1] = store_col_int(st, 1);
		s = store_step(st);
	}
	return report_db_end(c->db, st, s, "count an indicator");
}

/* ---- figures -------------------------------------------------------------- */

/* num / den rounded half up; num >= 0, den > 0. */
static int64_t half_up(int64_t num, int64_t den)
{
	return (2 * num + den) / (2 * den);
}

/* Hundredths x as a decimal without trailing zeros: 1250 "12.5". */
static const char *fmt_h(char *buf, int64_t x)
{
	int64_t f = x % 100;
	if (!f)
		snprintf(buf, 32, "%lld", (long long)(x / 100));
	else if (f % 10)
		snprintf(buf, 32, "%lld.%02lld", (long long)(x / 100), (long long)f);
	else
		snprintf(buf, 32, "%lld.%lld", (long long)(x / 100), (long long)(f / 10));
	return buf;
}

/* x / 10^places with exactly that many places (x >= 0). */
static const char *fmt_fixed(char *buf, int64_t x, int places)
{
	int64_t p = places == 1 ? 10 : 100;
	snprintf(buf, 32, "%lld.%0*lld", (long long)(x / p), places,
		 (long long)(x % p));
	return buf;
}

/* A target's text (digits, up to two decimals) in hundredths; -1 when
 * it is not one. */
static int64_t hundredths(const char *s)
{
	int64_t v = 0;
	int f = -1;

	for (; s && *s; s++) {
		if (*s == '.' && f < 0)
			f = 0;
		else if (*s >= '0' && *s <= '9' && f < 2 && v < INT64_MAX / 100) {
			v = v * 10 + (*s - '0');
			if (f >= 0)
				f++;
		} else
			return -1;
	}
	for (f = f < 0 ? 0 : f; f < 2; f++)
		v *= 10;
	return v;
}

/* ---- periods and targets ------------------------------------------------- */

/* The days of [a, b] within [s, e] (0 when they do not meet). */
static int64_t overlap(cw_date a, cw_date b, cw_date s, cw_date e)
{
	cw_date lo = a > s ? a : s, hi = b < e ? b : e;
	return hi >= lo ? (int64_t)(hi - lo) + 1 : 0;
}

/* The days of a target's period (YYYY-MM or YYYYQn) into *s and *e: 0,
 * or -1 when it is neither. */
static int target_period(const char *p, cw_date *s, cw_date *e)
{
	const char *why;
	return report_period_parse(strchr(p, 'Q') ? "quarter" : "month", p, s, e,
				   &why);
}

/* A project's contract and the period the report covers. */
struct span {
	cw_date start, end;     /* the contract */
	cw_date since, until;   /* the period, cut to the contract's days */
	cw_date asked_since, asked_until;   /* the period as asked (a month,
				   a quarter, --since/--until; the contract or
				   its first half), before the cut */
	int exact;              /* 1: asked as a period a month's or a
				   quarter's target can be set for exactly (not
				   --contract, --midterm or an open --since) */
};

/* The target of indicator in over the period, in hundredths, or -1 for
 * none: rows are the project's targets (indicator, target, period); the
 * rule is issue 20's (casework(7), Indicators; sw-report(1), project).
 *
 * A count or number: the sum of its per-period targets (a month's or a
 * quarter's) that fall in the period, unprorated, when any does; a month
 * or quarter falls in it when all its days inside the contract lie in
 * the period as asked (so that January's target of a contract starting
 * on 15 January is January's whole target in a report of January, and
 * every per-period target falls in --contract). Otherwise the contract's
 * target x the period's days inside the contract / the contract's days,
 * rounded half up to a whole number (counts) or to hundredths. No
 * target at all when there is neither.
 *
 * An indicator's per-period targets are all months or all quarters
 * (sw-project targets refuses a mix, which would count a quarter and its
 * months twice in a sum).
 *
 * A mean or share is neither prorated nor summed: the target set for
 * exactly the month or quarter asked for (as asked, before the cut to
 * the contract), else the contract's, as set. */
static int64_t period_target(const struct indicator *in, const struct span *p,
			     char *(*rows)[3], size_t nrows)
{
	int64_t contract = -1, exact = -1, sum = 0, inside, days;
	int any = 0, kinds = 0;
	size_t i;

	for (i = 0; i < nrows; i++) {
		cw_date s, e, cs, ce;
		int64_t t;
		if (strcmp(rows[i][0], in->key) || (t = hundredths(rows[i][1])) < 0)
			continue;
		if (!rows[i][2]) {
			contract = t;
			continue;
		}
		if (target_period(rows[i][2], &s, &e))
			continue;
		kinds |= strchr(rows[i][2], 'Q') ? 2 : 1;
		if (p->exact && s == p->asked_since && e == p->asked_until)
			exact = t;
		cs = s > p->start ? s : p->start;
		ce = e < p->end ? e : p->end;
		if (cs <= ce && cs >= p->asked_since && ce <= p->asked_until) {
			any = 1;
			sum += t;
		}
	}
	assert(kinds != 3);  /* months and quarters: refused by sw-project */
	if (in->kind == IK_MEAN || in->kind == IK_PERCENT)
		return exact >= 0 ? exact : contract;
	/* the whole contract asked for: the target set for exactly it, as
	 * a month's or a quarter's is for exactly that period */
	if (contract >= 0 && p->asked_since == p->start &&
	    p->asked_until == p->end)
		return contract;
	if (any)
		return sum;
	if (contract < 0)
		return -1;
	inside = overlap(p->start, p->end, p->since, p->until);
	days = (int64_t)(p->end - p->start) + 1;
	return in->kind == IK_COUNT ? 100 * half_up(contract * inside, 100 * days)
				    : half_up(contract * inside, days);
}

/* The last day of the first half of the contract: the day before start +
 * ceil(months / 2) months, months the contract's whole months rounded up
 * (the fewest m for which start + m months - 1 day reaches its end). */
static cw_date midterm_end(cw_date start, cw_date end)
{
	cw_duration d = {1, 'm'};
	cw_date t;
	int months = 1;

	for (;;) {
		d.n = months;
		if (cw_date_add(start, d, &t) || t - 1 >= end)
			break;
		months++;
	}
	d.n = (months + 1) / 2;
	if (cw_date_add(start, d, &t))
		return end;
	return t - 1 < end ? t - 1 : end;
}

/* ---- the report --------------------------------------------------------- */

enum { C_KEY, C_ZH, C_EN, C_TARGET, C_ACHIEVED, C_RATE, NCOL };
static const report_col cols[NCOL] = {
	{"indicator", "indicator", "指标", RC_GROUP, -1},
	{"label_zh", "Chinese label", "指标名称", RC_TEXT, -1},
	{"label_en", "English label", "英文名称", RC_TEXT, -1},
	{"target", "target", "目标值", RC_MEAN, -1},
	{"achieved", "achieved", "完成值", RC_MEAN, -1},
	{"rate", "rate %", "完成率(%)", RC_RATE, -1},
};

/* The achieved figure of in from v, for people, and as the fraction
 * an / ad of its unit (a count, a score, a percentage) for the rate; NULL
 * when there is none (a mean or share of nothing). */
static const char *achieved(const struct indicator *in, const int64_t v[2],
			    char *buf, int64_t *an, int64_t *ad)
{
	switch (in->kind) {
	case IK_COUNT:
		*an = v[0], *ad = 1;
		snprintf(buf, 32, "%lld", (long long)v[0]);
		return buf;
	case IK_NUMBER:
		*an = v[0], *ad = 100;
		return fmt_h(buf, v[0]);
	case IK_MEAN:
		if (v[1] <= 0)
			return NULL;
		*an = v[0], *ad = 100 * v[1];
		return fmt_fixed(buf, half_up(v[0], v[1]), 2);
	default:
		if (v[1] <= 0)
			return NULL;
		*an = 100 * v[0], *ad = v[1];
		return fmt_fixed(buf, half_up(v[0] * 1000, v[1]), 1);
	}
}

/* Reads the contract into p (the period as o says): 1, 0 when there is
 * no such project, or -1 (CW_EXIT_DB said). */
static int contract(cw_db *db, const char *code, const cw_report_opts *o,
		    struct span *p)
{
	store_stmt *st = report_db_project(db, code);
	const char *why;
	int s, found = 0;

	if (!st)
		return -1;
	if ((s = store_step(st)) == STORE_ROW) {
		found = !cw_date_parse(store_col_text(st, 0), &p->start, &why) &&
			!cw_date_parse(store_col_text(st, 1), &p->end, &why);
		s = store_step(st);
	}
	if (report_db_end(db, st, s, "read the project"))
		return -1;
	if (!found)
		return 0;
	/* the period's days inside the contract: a record of the project's
	 * cases outside it (a contact after the contract ended) is not the
	 * contract's work */
	p->since = o->has_since && o->since > p->start ? o->since : p->start;
	p->until = o->until < p->end ? o->until : p->end;
	p->asked_since = o->has_since ? o->since : p->since;
	p->asked_until = o->until;
	p->exact = o->has_since && !o->contract;
	if (o->contract) {
		p->since = p->asked_since = p->start;
		p->until = p->asked_until = o->contract == 2
			? midterm_end(p->start, p->end) : p->end;
	}
	return 1;
}

/* The project's targets into *rows (three texts each, owned). */
static int targets(cw_db *db, const char *code, char *(**rows)[3], size_t *n)
{
	store_stmt *st = report_db_project_targets(db, code);
	int s, i;

	*rows = NULL;
	*n = 0;
	if (!st)
		return CW_EXIT_DB;
	while ((s = store_step(st)) == STORE_ROW) {
		*rows = cw_xrealloc(*rows, (*n + 1) * sizeof **rows);
		for (i = 0; i < 3; i++) {
			const char *t = store_col_text(st, i);
			(*rows)[*n][i] = t ? cw_xstrdup(t) : NULL;
		}
		(*n)++;
	}
	return report_db_end(db, st, s, "read the project targets");
}

/* The row of indicator in into t. */
static int add_row(struct ictx *c, const struct indicator *in,
		   const struct span *p, char *(*rows)[3], size_t nrows,
		   int days, report_table *t)
{
	char tb[32], ab[32], rb[32];
	const char *v[NCOL] = {0};
	int64_t n[2] = {0, 0}, an = 0, ad = 1, target;
	long w = store_vocab_index(&store_vocab_indicator, in->key);
	int rc = 0;

	v[C_KEY] = in->key;
	v[C_ZH] = w >= 0 ? store_vocab_indicator.w[w].zh : NULL;
	v[C_EN] = in->en;
	target = period_target(in, p, rows, nrows);
	if (target >= 0)
		v[C_TARGET] = fmt_h(tb, target);
	if (in->sql)
		rc = by_query(c, in, days, n);
	else if (in->count)
		rc = in->count(c, n);
	if (rc)
		return rc;
	if (in->sql || in->count)
		v[C_ACHIEVED] = achieved(in, n, ab, &an, &ad);
	/* achieved / target as a percentage, to one decimal */
	if (v[C_ACHIEVED] && target > 0)
		v[C_RATE] = fmt_fixed(rb, half_up(an * 100000, ad * target), 1);
	report_add_row(t, v, 0);
	return 0;
}

int report_project(const cw_ctx *x, const char *code, const cw_report_opts *o)
{
	struct ictx c;
	struct span p;
	report_table t;
	char since[11], until[11], period[32];
	char *(*rows)[3] = NULL;
	size_t nrows = 0, i;
	char title_en[64], title_zh[64];
	int rc, found;

	memset(&c, 0, sizeof c);
	if (!core_project_code_valid(code)) {
		cw_error("no project %s (see sw-project list)", code);
		return CW_EXIT_DATA;
	}
	if ((found = contract(x->db, code, o, &p)) < 0)
		return CW_EXIT_DB;
	if (!found) {
		cw_error("no project %s (see sw-project list)", code);
		return CW_EXIT_DATA;
	}
	if (p.since > p.until) {
		char a[11], b[11];
		cw_date_format(p.start, a);
		cw_date_format(p.end, b);
		return cw_usage_error("the period is outside the contract of "
				      "project %s (%s to %s)%s", code, a, b,
				      o->this_month && !o->contract
				      ? ": give a period, or --contract" : "");
	}
	cw_date_format(p.since, since);
	cw_date_format(p.until, until);
	snprintf(period, sizeof period, "%s..%s", since, until);
	c.db = x->db;
	c.q.since = since;
	c.q.until = until;
	c.q.project = code;
	if ((rc = cw_instruments_load(&c.instr, x->cfg->instrument_dir)) != 0)
		return rc;
	{
		/* the survey instruments, for satisfaction and completeness */
		size_t n = cw_instruments_count(c.instr);
		const char **s = cw_xcalloc(n ? n : 1, sizeof *s);
		for (i = 0; i < n; i++) {
			const cw_instrument *in = cw_instruments_at(c.instr, i);
			if (!strcmp(cw_instrument_kind(in), "survey"))
				s[c.q.nsurveys++] = cw_instrument_name(in);
		}
		c.q.surveys = s;
	}
	report_init(&t, "project", cols, NCOL, 1);
	snprintf(title_en, sizeof title_en, "Project indicators: %s", code);
	snprintf(title_zh, sizeof title_zh, "项目指标：%s", code);
	t.title_en = title_en;
	t.title_zh = title_zh;
	t.period = period;
	t.chart = CH_TARGET;
	t.chart_col = C_ACHIEVED;
	t.chart_en = "Achieved against target";
	t.chart_zh = "完成值与目标值";
	if (!(rc = targets(x->db, code, &rows, &nrows)))
		for (i = 0; i < NIND && !rc; i++)
			rc = add_row(&c, &indicators[i], &p, rows, nrows,
				     x->cfg->timely_days, &t);
	if (!rc)
		rc = report_render(x->out, &t, o->fmt, o->html, report_locale_zh());
	for (i = 0; i < nrows; i++) {
		free(rows[i][0]);
		free(rows[i][1]);
		free(rows[i][2]);
	}
	free(rows);
	free((void *)c.q.surveys);
	cw_instruments_free(c.instr);
	report_release(&t);
	return rc;
}
