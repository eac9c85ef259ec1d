/* test_suppress.c - disclosure control: report_suppress (sw-report
 * --suppress N), checked against a brute-force reader who searches for a
 * second table consistent with everything published. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "report/report.h"
#include "tap.h"

/* ---- tables ------------------------------------------------------------ */

static const report_col C1[] = {
	{ "g", "group", "组", RC_GROUP, -1 },
	{ "n", "count", "数", RC_COUNT, -1 },
};
static const report_col C2[] = {
	{ "a", "first", "甲", RC_GROUP, -1 },
	{ "b", "second", "乙", RC_GROUP, -1 },
	{ "n", "count", "数", RC_COUNT, -1 },
};

#define MAXC 64   /* cells of a problem: a 4x5 table has 30 with margins */
#define MAXK 16   /* equations */

/* What a reader has: every cell of the table with its margins, which are
 * hidden, and the equations between them (sum of lhs = rhs). row[i] is the
 * table row that holds cell i. */
typedef struct problem {
	int ncells;
	long val[MAXC];
	int hid[MAXC];
	size_t row[MAXC];
	int ncons;
	int nl[MAXK], lhs[MAXK][MAXC], rhs[MAXK];
} problem;

static void num(char *buf, long v)
{
	snprintf(buf, 24, "%ld", v);
}

/* One grouping: cells x[0..m-1] then the total row. */
static void build1(report_table *t, problem *p, const long *x, int m)
{
	char g[24], v[24];
	const char *vals[2];
	long sum = 0;
	int i;

	report_init(t, "t1", C1, 2, 1);
	memset(p, 0, sizeof *p);
	for (i = 0; i < m; i++) {
		snprintf(g, sizeof g, "g%d", i);
		num(v, x[i]);
		vals[0] = g;
		vals[1] = v;
		report_add_row(t, vals, 0);
		p->val[i] = x[i];
		p->row[i] = (size_t)i;
		sum += x[i];
	}
	num(v, sum);
	vals[0] = "total";
	vals[1] = v;
	report_add_row(t, vals, 1);
	p->val[m] = sum;
	p->row[m] = (size_t)m;
	p->ncells = m + 1;
	p->ncons = 1;
	p->nl[0] = m;
	for (i = 0; i < m; i++)
		p->lhs[0][i] = i;
	p->rhs[0] = m;
}

static unsigned long rng = 12345;
static unsigned rnd(unsigned n)
{
	rng = rng * 6364136223846793005UL + 1442695040888963407UL;
	return (unsigned)((rng >> 33) % n);
}

/* Two groupings: x is r x c. Cell (i, j) of the table with its margins
 * (i = r: column totals, j = c: row totals) is problem cell i*(c+1)+j. The
 * table's rows: the body, the first grouping's totals (mask 2), the
 * second's (mask 1), the grand total (mask 3), in that order, or shuffled
 * when shuffle is 1. */
static void build2(report_table *t, problem *p, const long *x, int r, int c,
		   int shuffle)
{
	int i, j, k, n = (r + 1) * (c + 1), order[MAXC];

	report_init(t, "t2", C2, 3, 2);
	memset(p, 0, sizeof *p);
	p->ncells = n;
	for (i = 0; i <= r; i++)
		for (j = 0; j <= c; j++) {
			long s = 0;
			int a, b;
			for (a = 0; a < (i < r ? 1 : r); a++)
				for (b = 0; b < (j < c ? 1 : c); b++)
					s += x[(i < r ? i : a) * c + (j < c ? j : b)];
			p->val[i * (c + 1) + j] = s;
		}
	/* Body first, then margins: the order report builders use. */
	k = 0;
	for (i = 0; i < r; i++)
		for (j = 0; j < c; j++)
			order[k++] = i * (c + 1) + j;
	for (i = 0; i < r; i++)
		order[k++] = i * (c + 1) + c;
	for (j = 0; j < c; j++)
		order[k++] = r * (c + 1) + j;
	order[k++] = r * (c + 1) + c;
	if (shuffle)
		for (k = n - 1; k > 0; k--) {
			int s = (int)rnd((unsigned)k + 1), tmp = order[k];
			order[k] = order[s];
			order[s] = tmp;
		}
	for (k = 0; k < n; k++) {
		char a[24], b[24], v[24];
		const char *vals[3];
		unsigned mask = 0;
		i = order[k] / (c + 1);
		j = order[k] % (c + 1);
		if (i < r)
			snprintf(a, sizeof a, "r%d", i);
		else {
			strcpy(a, "total");
			mask |= 1;
		}
		if (j < c)
			snprintf(b, sizeof b, "c%d", j);
		else {
			strcpy(b, "total");
			mask |= 2;
		}
		num(v, p->val[order[k]]);
		vals[0] = a;
		vals[1] = b;
		vals[2] = v;
		report_add_row(t, vals, mask);
		p->row[order[k]] = (size_t)k;
	}
	/* Each line of the extended table: its cells add up to its total. */
	p->ncons = 0;
	for (i = 0; i <= r; i++, p->ncons++) {
		for (j = 0; j < c; j++)
			p->lhs[p->ncons][j] = i * (c + 1) + j;
		p->nl[p->ncons] = c;
		p->rhs[p->ncons] = i * (c + 1) + c;
	}
	for (j = 0; j <= c; j++, p->ncons++) {
		for (i = 0; i < r; i++)
			p->lhs[p->ncons][i] = i * (c + 1) + j;
		p->nl[p->ncons] = r;
		p->rhs[p->ncons] = r * (c + 1) + j;
	}
}

/* Reads the hidden flags of column col into p. */
static int read_hidden(const report_table *t, problem *p, size_t col)
{
	int i, n = 0;
	for (i = 0; i < p->ncells; i++) {
		p->hid[i] = t->hidden[p->row[i] * t->ncols + col];
		n += p->hid[i];
	}
	return n;
}

/* ---- the brute-force reader ------------------------------------------- */

static long nodes_left;

/* Whether the published cells (set) extend to a whole table with every
 * hidden cell in [lo, hi], every equation holding and cell e not te.
 * Exhaustive within the bound (values near the true ones are tried first,
 * only to find an answer sooner); an equation left with one unknown gives
 * it. Returns 1, 0, or -1 when the search grew too large. */
static int extend(const problem *p, long *x, unsigned char *set, long lo,
		  long hi, int e, long te)
{
	int trail[MAXC], nt = 0, changed = 1, k, i, res = 0;

	while (changed) {
		changed = 0;
		for (k = 0; k < p->ncons; k++) {
			long s = 0;
			int nun = 0, unl = 0, rhs_un = 0, un = -1;
			for (i = 0; i < p->nl[k]; i++) {
				int q = p->lhs[k][i];
				if (set[q])
					s += x[q];
				else {
					nun++;
					unl++;
					un = q;
				}
			}
			if (set[p->rhs[k]])
				s -= x[p->rhs[k]];
			else {
				nun++;
				rhs_un = 1;
				un = p->rhs[k];
			}
			if (nun == 0) {
				if (s)
					goto out;
			} else if (nun == 1) {
				long v = rhs_un ? s : -s;
				if (v < lo || v > hi || (un == e && v == te))
					goto out;
				x[un] = v;
				set[un] = 1;
				trail[nt++] = un;
				changed = 1;
			} else {
				long min = s + lo * unl - (rhs_un ? hi : 0);
				long max = s + hi * unl - (rhs_un ? lo : 0);
				if (min > 0 || max < 0)
					goto out;
			}
		}
	}
	for (i = 0; i < p->ncells && set[i]; i++)
		;
	if (i == p->ncells) {
		res = 1;
		goto out;
	}
	if (--nodes_left < 0) {
		res = -1;
		goto out;
	}
	{
		long t0 = p->val[i], d;
		for (d = 0; t0 + d <= hi || t0 - d >= lo; d++) {
			long cand[2] = { t0 + d, t0 - d };
			int h;
			for (h = 0; h < (d ? 2 : 1); h++) {
				long v = cand[h];
				if (v < lo || v > hi || (i == e && v == te))
					continue;
				x[i] = v;
				set[i] = 1;
				res = extend(p, x, set, lo, hi, e, te);
				set[i] = 0;
				if (res)
					goto out;
			}
		}
	}
out:
	while (nt)
		set[trail[--nt]] = 0;
	return res;
}

/* The number of hidden cells a reader can work out exactly: for each, no
 * second table with hidden cells in [lo, bound] (bound: the grand total
 * plus 2, more than any cell of a second table needs to differ) differs
 * there. *first: the first such cell. */
static int worked_out(const problem *p, long lo, int *first)
{
	long x[MAXC], hi = 0;
	unsigned char set[MAXC];
	int e, i, n = 0;

	for (i = 0; i < p->ncells; i++)
		if (p->val[i] > hi)
			hi = p->val[i];
	hi += 2;
	*first = -1;
	for (e = 0; e < p->ncells; e++) {
		if (!p->hid[e])
			continue;
		for (i = 0; i < p->ncells; i++) {
			x[i] = p->val[i];
			set[i] = !p->hid[i];
		}
		nodes_left = 2000000;
		if (extend(p, x, set, lo, hi, e, p->val[e]) != 1) {
			if (*first < 0)
				*first = e;
			n++;
		}
	}
	return n;
}

/* The rule that is not enough: while a line (row or column, margins
 * included) has exactly one hidden cell, hide its smallest published
 * non-zero cell. */
static void naive_rule(problem *p)
{
	int changed = 1, k, i;
	while (changed) {
		changed = 0;
		for (k = 0; k < p->ncons; k++) {
			int line[MAXC], n = 0, nh = 0, best = -1;
			for (i = 0; i < p->nl[k]; i++)
				line[n++] = p->lhs[k][i];
			line[n++] = p->rhs[k];
			for (i = 0; i < n; i++)
				nh += p->hid[line[i]];
			if (nh != 1)
				continue;
			for (i = 0; i < n; i++)
				if (!p->hid[line[i]] && p->val[line[i]] > 0 &&
				    (best < 0 || p->val[line[i]] < p->val[best]))
					best = line[i];
			if (best >= 0) {
				p->hid[best] = 1;
				changed = 1;
			}
		}
	}
}

/* Cells hidden as a string "0,3,..." of problem cell numbers. */
static const char *hidden_list(const problem *p)
{
	static char buf[512];
	size_t n = 0;
	int i;
	buf[0] = '\0';
	for (i = 0; i < p->ncells; i++)
		if (p->hid[i])
			n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%d",
					      n ? "," : "", i);
	return buf;
}

/* Every check of one table and column: primary cells hidden, zeros shown,
 * and the brute-force reader works nothing out, whether it takes hidden
 * cells to be at least 0 or (as zeros are always shown) at least 1. */
static int sound(const problem *p, long n, const char *what)
{
	int i, f0, f1, w0, w1, good = 1;
	for (i = 0; i < p->ncells; i++) {
		if (p->val[i] >= 1 && p->val[i] <= n && !p->hid[i]) {
			printf("# %s: cell %d (%ld) not hidden\n", what, i,
			       p->val[i]);
			good = 0;
		}
		if (p->val[i] == 0 && p->hid[i]) {
			printf("# %s: zero cell %d hidden\n", what, i);
			good = 0;
		}
	}
	w0 = worked_out(p, 0, &f0);
	w1 = worked_out(p, 1, &f1);
	if (w0 || w1) {
		printf("# %s: %d (>= 0) / %d (>= 1) cells worked out, "
		       "first %d / %d; hidden %s\n",
		       what, w0, w1, f0, f1, hidden_list(p));
		good = 0;
	}
	return good;
}

/* ---- tables of several columns, and a reader of their rows --------------- */

/* Services as sw-report builds it, one grouping (kind) or two (worker,
 * month): what ties its figures within a row is that attendance is among
 * the contacts, sessions at most their attendance, persons at most the
 * contacts. Goals: achieved, partly achieved and not achieved are three
 * kinds of the goals. The reader below is told these ties and nothing of
 * how report_suppress uses them. */
static const report_col SV1[] = {
	{ "kind", "kind", "类型", RC_GROUP, -1 },
	{ "contacts", "contacts", "服务人次", RC_COUNT, -1 },
	{ "clients", "clients", "服务人数", RC_DISTINCT, -1 },
	{ "minutes", "minutes", "服务时长(分钟)", RC_SUM, -1 },
	{ "sessions", "group sessions", "活动场次", RC_COUNT, -1 },
	{ "attendance", "attendance", "参与人次", RC_COUNT, -1 },
};
static const report_col SV2[] = {
	{ "worker", "worker", "社工", RC_GROUP, -1 },
	{ "month", "month", "月份", RC_GROUP, -1 },
	{ "contacts", "contacts", "服务人次", RC_COUNT, -1 },
	{ "clients", "clients", "服务人数", RC_DISTINCT, -1 },
	{ "minutes", "minutes", "服务时长(分钟)", RC_SUM, -1 },
	{ "sessions", "group sessions", "活动场次", RC_COUNT, -1 },
	{ "attendance", "attendance", "参与人次", RC_COUNT, -1 },
};
/* Figure columns of services: what each is at most (a figure column), or -1. */
enum { F_CONTACTS, F_CLIENTS, F_MINUTES, F_SESSIONS, F_ATTEND, NSVF };
static const int sv_whole[NSVF] = { -1, F_CONTACTS, -1, F_ATTEND, F_CONTACTS };
static const int sv_kind[NSVF] = { RC_COUNT, RC_DISTINCT, RC_SUM, RC_COUNT, RC_COUNT };

static const report_col GL1[] = {
	{ "term", "term", "期限", RC_GROUP, -1 },
	{ "goals", "goals", "目标数", RC_COUNT, -1 },
	{ "achieved", "achieved", "已达成", RC_COUNT, -1 },
	{ "partly_achieved", "partly achieved", "部分达成", RC_COUNT, -1 },
	{ "not_achieved", "not achieved", "未达成", RC_COUNT, -1 },
	{ "attainment_pct", "attainment %", "目标达成率(%)", RC_RATE, 2 },
};
static const int gl_whole[4] = { -1, 0, 0, 0 };
static const int gl_kind[4] = { RC_COUNT, RC_COUNT, RC_COUNT, RC_COUNT };

#define MV 160   /* cells: 16 rows of a 3x3 table with margins, 5 figures */
#define MK 200   /* constraints */
#define MT 12    /* terms on one side */
#define MF 6     /* figure columns */

/* A table of nf figure columns over cells of the table with its margins:
 * one grouping: cells 0..nr-1 and the total nr; two: cell (i, j) is
 * i * (nc + 1) + j, i = nr and j = nc the margins. val[f][cell]. */
typedef struct mtable {
	int ng, nr, nc, nf;
	const int *kind, *whole;
	long val[MF][16];
	int absent;   /* a figure not shown in the totals over the first
			 grouping, as sessions over categories, which do not
			 add up there; or -1 */
} mtable;

static int mcells(const mtable *m)
{
	return m->ng == 1 ? m->nr + 1 : (m->nr + 1) * (m->nc + 1);
}

/* What a reader has: every figure of the table (row r of the report,
 * figure f is cell r * nf + f), which are hidden, and what ties them:
 * constraints sum(plus) - sum(minus) = 0, or <= 0 where le. */
typedef struct mproblem {
	int nv, nf;
	long val[MV];
	int hid[MV], kind[MV];
	int absent[MV];             /* not shown: unknown, and no figure */
	long top[MV];               /* a bound for the search */
	int nk;
	int le[MK], np[MK], nm[MK];
	int plus[MK][MT], minus[MK][MT];
} mproblem;

static void mcons(mproblem *p, int le, const int *plus, int np,
		  const int *minus, int nm)
{
	int k = p->nk++;
	if (k >= MK || np > MT || nm > MT) {
		printf("# mproblem: too many constraints\n");
		exit(1);
	}
	p->le[k] = le;
	p->np[k] = np;
	p->nm[k] = nm;
	memcpy(p->plus[k], plus, (size_t)np * sizeof *plus);
	memcpy(p->minus[k], minus, (size_t)nm * sizeof *minus);
}

/* Rows of the report in the order sw-report writes them: one grouping,
 * the values then the total; two, each value of the first with the
 * second's values and their total, then the second's values over the
 * first, then the grand total. Fills order[] with cells and mask[] with
 * total masks; returns the number of rows. */
static int mrows(const mtable *m, int *order, unsigned *mask)
{
	int n = 0, i, j;
	if (m->ng == 1) {
		for (i = 0; i <= m->nr; i++) {
			order[n] = i;
			mask[n++] = i == m->nr;
		}
		return n;
	}
	for (i = 0; i < m->nr; i++) {
		for (j = 0; j <= m->nc; j++) {
			order[n] = i * (m->nc + 1) + j;
			mask[n++] = j == m->nc ? 2 : 0;
		}
	}
	for (j = 0; j <= m->nc; j++) {
		order[n] = m->nr * (m->nc + 1) + j;
		mask[n++] = j == m->nc ? 3 : 1;
	}
	return n;
}

/* The additive figures of the margins, from the body. */
static void madd(mtable *m)
{
	int f, i, j, C = m->nc + 1;
	for (f = 0; f < m->nf; f++) {
		if (m->kind[f] == RC_DISTINCT)
			continue;
		if (m->ng == 1) {
			m->val[f][m->nr] = 0;
			for (i = 0; i < m->nr; i++)
				m->val[f][m->nr] += m->val[f][i];
			continue;
		}
		for (i = 0; i <= m->nr; i++)
			m->val[f][i * C + m->nc] = 0;
		for (j = 0; j <= m->nc; j++)
			m->val[f][m->nr * C + j] = 0;
		for (i = 0; i < m->nr; i++)
			for (j = 0; j < m->nc; j++) {
				long v = m->val[f][i * C + j];
				m->val[f][i * C + m->nc] += v;
				m->val[f][m->nr * C + j] += v;
				m->val[f][m->nr * C + m->nc] += v;
			}
	}
}

/* The report table of m (cols: its group columns then its figures, and
 * any others after them left empty) and the reader's problem. */
static void mbuild(const mtable *m, const report_col *cols, size_t ncols,
		   report_table *t, mproblem *p)
{
	int order[16], cellrow[16], n, r, f, i, j, C = m->nc + 1;
	unsigned mask[16];
	size_t ng = (size_t)m->ng;

	report_init(t, "m", cols, ncols, ng);
	memset(p, 0, sizeof *p);
	n = mrows(m, order, mask);
	p->nf = m->nf;
	p->nv = n * m->nf;
	for (r = 0; r < n; r++) {
		const char *vals[16];
		char g[2][24], v[MF][24];
		int cell = order[r];
		size_t c;
		cellrow[cell] = r;
		for (c = 0; c < ncols; c++)
			vals[c] = NULL;
		if (m->ng == 1) {
			if (mask[r])
				strcpy(g[0], "total");
			else
				snprintf(g[0], sizeof g[0], "g%d", cell);
		} else {
			i = cell / C;
			j = cell % C;
			if (i == m->nr)
				strcpy(g[0], "total");
			else
				snprintf(g[0], sizeof g[0], "w%d", i);
			if (j == m->nc)
				strcpy(g[1], "total");
			else
				snprintf(g[1], sizeof g[1], "2026-%02d", j + 1);
			vals[1] = g[1];
		}
		vals[0] = g[0];
		for (f = 0; f < m->nf; f++) {
			long x = m->val[f][cell];
			snprintf(v[f], sizeof v[f], "%ld", x);
			p->val[r * m->nf + f] = x;
			p->kind[r * m->nf + f] = m->kind[f];
			if (f == m->absent && (mask[r] & 1))
				p->absent[r * m->nf + f] = 1;
			else
				vals[ng + (size_t)f] = v[f];
		}
		report_add_row(t, vals, mask[r]);
	}
	for (f = 0; f < m->nf; f++) {
		long top = 0;
		for (r = 0; r < n; r++)
			if (p->val[r * m->nf + f] > top)
				top = p->val[r * m->nf + f];
		for (r = 0; r < n; r++)
			p->top[r * m->nf + f] = top + 2;
	}
	/* The totals of counts and sums. */
	for (f = 0; f < m->nf; f++) {
		int plus[MT], np, minus[1];
		if (m->kind[f] == RC_DISTINCT)
			continue;
		if (m->ng == 1) {
			for (np = 0; np < m->nr; np++)
				plus[np] = cellrow[np] * m->nf + f;
			minus[0] = cellrow[m->nr] * m->nf + f;
			mcons(p, 0, plus, np, minus, 1);
			continue;
		}
		for (i = 0; i <= m->nr; i++) {
			for (np = 0, j = 0; j < m->nc; j++)
				plus[np++] = cellrow[i * C + j] * m->nf + f;
			minus[0] = cellrow[i * C + m->nc] * m->nf + f;
			mcons(p, 0, plus, np, minus, 1);
		}
		for (j = 0; j <= m->nc; j++) {
			for (np = 0, i = 0; i < m->nr; i++)
				plus[np++] = cellrow[i * C + j] * m->nf + f;
			minus[0] = cellrow[m->nr * C + j] * m->nf + f;
			mcons(p, 0, plus, np, minus, 1);
		}
	}
	/* What ties a row: the counted parts of a whole add up to at most
	 * it, a count of persons is at most it. */
	for (r = 0; r < n; r++)
		for (f = 0; f < m->nf; f++) {
			int plus[MT], np = 0, minus[1], k;
			for (k = 0; k < m->nf; k++)
				if (m->whole[k] == f && m->kind[k] != RC_DISTINCT)
					plus[np++] = r * m->nf + k;
			minus[0] = r * m->nf + f;
			if (np)
				mcons(p, 1, plus, np, minus, 1);
			for (k = 0; k < m->nf; k++)
				if (m->whole[k] == f && m->kind[k] == RC_DISTINCT) {
					plus[0] = r * m->nf + k;
					mcons(p, 1, plus, 1, minus, 1);
				}
		}
}

static void mread_hidden(const report_table *t, mproblem *p)
{
	int v;
	for (v = 0; v < p->nv; v++)
		p->hid[v] = t->hidden[(size_t)(v / p->nf) * t->ncols + t->ngroups +
				      (size_t)(v % p->nf)];
}

static long mnodes;

/* Narrows every bound by every constraint until nothing changes; 0 when
 * some bound is left empty. */
static int narrow(const mproblem *p, long *lo, long *hi)
{
	int changed = 1, k, i, side;
	while (changed) {
		changed = 0;
		for (k = 0; k < p->nk; k++)
			for (side = 0; side < 2; side++) {
				int n = side ? p->nm[k] : p->np[k];
				for (i = 0; i < n; i++) {
					int q = side ? p->minus[k][i] : p->plus[k][i];
					long rmin = 0, rmax = 0;
					int a;
					/* the rest of the expression, q left out */
					for (a = 0; a < p->np[k]; a++)
						if (side || a != i) {
							rmin += lo[p->plus[k][a]];
							rmax += hi[p->plus[k][a]];
						}
					for (a = 0; a < p->nm[k]; a++)
						if (!side || a != i) {
							rmin -= hi[p->minus[k][a]];
							rmax -= lo[p->minus[k][a]];
						}
					if (!side) {
						/* x + rest <= 0 (= 0): x <= -rmin, x >= -rmax */
						if (-rmin < hi[q]) {
							hi[q] = -rmin;
							changed = 1;
						}
						if (!p->le[k] && -rmax > lo[q]) {
							lo[q] = -rmax;
							changed = 1;
						}
					} else {
						/* rest - x <= 0 (= 0): x >= rmin, x <= rmax */
						if (rmin > lo[q]) {
							lo[q] = rmin;
							changed = 1;
						}
						if (!p->le[k] && rmax < hi[q]) {
							hi[q] = rmax;
							changed = 1;
						}
					}
					if (lo[q] > hi[q])
						return 0;
				}
			}
	}
	return 1;
}

/* Whether a whole table lies within the bounds and keeps every
 * constraint: 1, 0, or -1 when the search grew too large. Values near
 * the true ones are tried first, only to find an answer sooner. */
static int msolve(const mproblem *p, const long *lo0, const long *hi0)
{
	long lo[MV], hi[MV];
	int q = -1, v, res;
	long t, d;

	memcpy(lo, lo0, (size_t)p->nv * sizeof *lo);
	memcpy(hi, hi0, (size_t)p->nv * sizeof *hi);
	if (!narrow(p, lo, hi))
		return 0;
	for (v = 0; v < p->nv; v++)
		if (lo[v] < hi[v] && (q < 0 || hi[v] - lo[v] < hi[q] - lo[q]))
			q = v;
	if (q < 0)
		return 1;
	if (--mnodes < 0)
		return -1;
	t = p->val[q] < lo[q] ? lo[q] : p->val[q] > hi[q] ? hi[q] : p->val[q];
	for (d = 0; t + d <= hi[q] || t - d >= lo[q]; d++) {
		long cand[2] = { t + d, t - d };
		int h;
		for (h = 0; h < (d ? 2 : 1); h++) {
			long x = cand[h];
			long keep_lo = lo[q], keep_hi = hi[q];
			if (x < lo[q] || x > hi[q])
				continue;
			lo[q] = hi[q] = x;
			res = msolve(p, lo, hi);
			lo[q] = keep_lo;
			hi[q] = keep_hi;
			if (res)
				return res;
		}
	}
	return 0;
}

/* Whether a reader can work out hidden figure e exactly, hidden figures
 * taken to be at least least (0, or 1 as zeros are always shown): whether
 * no second table differs there. */
static int mread(const mproblem *p, long least, int e)
{
	long lo[MV], hi[MV];
	int v, below = 0, above = 0;

	for (v = 0; v < p->nv; v++) {
		lo[v] = p->absent[v] ? 0 : p->hid[v] ? least : p->val[v];
		hi[v] = p->absent[v] ? 100000 : p->hid[v] ? p->top[v] : p->val[v];
	}
	if (p->val[e] - 1 >= lo[e]) {
		hi[e] = p->val[e] - 1;
		mnodes = 200000;
		below = msolve(p, lo, hi);
		hi[e] = p->top[e];
	}
	if (below != 1) {
		lo[e] = p->val[e] + 1;
		mnodes = 200000;
		above = msolve(p, lo, hi);
	}
	if (below < 0 || above < 0)
		printf("# figure %d: the search grew too large\n", e);
	return below != 1 && above != 1;
}

/* The hidden figures a reader can work out exactly (see mread); *first:
 * the first. */
static int mworked_out(const mproblem *p, long least, int *first)
{
	int e, n = 0;

	*first = -1;
	for (e = 0; e < p->nv; e++) {
		if (!p->hid[e] || p->absent[e] || !mread(p, least, e))
			continue;
		if (*first < 0)
			*first = e;
		n++;
	}
	return n;
}

/* Figures hidden, as rows of 0s and 1s. */
static const char *mhidden_list(const mproblem *p)
{
	static char buf[512];
	size_t n = 0;
	int v;
	for (v = 0; v < p->nv && n + 3 < sizeof buf; v++) {
		if (v && v % p->nf == 0)
			buf[n++] = ' ';
		buf[n++] = (char)('0' + p->hid[v]);
	}
	buf[n] = '\0';
	return buf;
}

/* Every check of a table of several columns: primary figures hidden,
 * zeros shown, each row published or hidden whole (zeros apart), and the
 * reader works nothing out, taking hidden figures to be at least 1 (a
 * reader who takes them to be at least 0 has every second table this one
 * has, and more). A figure not shown is none of these: it is not
 * published, and this reader does not know it (it is a total that does
 * not add up). */
static int msound(const mproblem *p, long n, const char *what)
{
	int v, f1, w1, good = 1;
	for (v = 0; v < p->nv; v++) {
		int r = v / p->nf, any = 0, k;
		int count = p->kind[v] != RC_SUM;
		if (count && p->val[v] >= 1 && p->val[v] <= n && !p->hid[v] &&
		    !p->absent[v]) {
			printf("# %s: figure %d (%ld) not hidden\n", what, v,
			       p->val[v]);
			good = 0;
		}
		if (p->val[v] == 0 && p->hid[v]) {
			printf("# %s: zero figure %d hidden\n", what, v);
			good = 0;
		}
		for (k = 0; k < p->nf; k++)
			any |= p->hid[r * p->nf + k];
		if (any && !p->hid[v] && p->val[v] != 0 && !p->absent[v]) {
			printf("# %s: figure %d (%ld) shown in a hidden row\n",
			       what, v, p->val[v]);
			good = 0;
		}
	}
	w1 = mworked_out(p, 1, &f1);
	if (w1) {
		printf("# %s: %d figures worked out, the first %d; hidden %s\n",
		       what, w1, f1, mhidden_list(p));
		printf("# values:");
		for (v = 0; v < p->nv; v++)
			printf("%s%ld", v % p->nf ? "," : " ", p->val[v]);
		printf("\n");
		good = 0;
	}
	return good;
}

/* Services with the demo's figures for November: an interview, a home
 * visit and a phone call of one client each, and a group session with
 * three attending; four clients in all. Before rows were hidden whole,
 * --suppress 2 hid the contacts of all four kinds but published the
 * group's 3 clients and 3 attending beside its hidden contacts: a floor of
 * 3 under them, which with the total of 6 gave every hidden contact back. */
static void services_demo(void)
{
	static const long v[NSVF][5] = {
		/* interview, home_visit, phone, group, total */
		{ 1, 1, 1, 3, 6 },
		{ 1, 1, 1, 3, 4 },
		{ 45, 60, 15, 270, 390 },
		{ 0, 0, 0, 1, 1 },
		{ 0, 0, 0, 3, 3 },
	};
	mtable m;
	report_table t;
	mproblem p, q;
	long n;
	int f, first = -1, read;

	memset(&m, 0, sizeof m);
	m.absent = -1;
	m.ng = 1;
	m.nr = 4;
	m.nf = NSVF;
	m.kind = sv_kind;
	m.whole = sv_whole;
	for (f = 0; f < NSVF; f++)
		memcpy(m.val[f], v[f], sizeof v[f]);
	mbuild(&m, SV1, 6, &t, &p);
	/* The old result: contacts and clients of the first three kinds and
	 * the sessions hidden, their minutes with them. */
	q = p;
	for (f = 0; f < q.nv; f++)
		q.hid[f] = 0;
	for (f = 0; f < 3; f++) {
		q.hid[f * NSVF + F_CONTACTS] = q.hid[f * NSVF + F_CLIENTS] = 1;
		q.hid[f * NSVF + F_MINUTES] = 1;
	}
	q.hid[3 * NSVF + F_CONTACTS] = 1;
	q.hid[3 * NSVF + F_SESSIONS] = q.hid[4 * NSVF + F_SESSIONS] = 1;
	read = mworked_out(&q, 1, &first);
	ok(read > 0 && first == F_CONTACTS,
	   "services demo: the old pattern gives the contacts back to a reader "
	   "of the row (%d figures, the first %d)", read, first);
	report_release(&t);
	for (n = 1; n <= 3; n++) {
		char what[128];
		mbuild(&m, SV1, 6, &t, &p);
		report_suppress(&t, n);
		mread_hidden(&t, &p);
		snprintf(what, sizeof what, "services demo, --suppress %ld", n);
		ok(msound(&p, n, what), "%s: sound (%s)", what,
		   mhidden_list(&p));
		report_release(&t);
	}
	/* With 2, as in the report of the demo: every figure but the zeros. */
	mbuild(&m, SV1, 6, &t, &p);
	report_suppress(&t, 2);
	mread_hidden(&t, &p);
	is_str(mhidden_list(&p), "11100 11100 11100 11111 11111",
	       "services demo, --suppress 2: every non-zero figure hidden");
	report_release(&t);
}

/* Rows hidden whole, and each column safe on its own, are not enough: two
 * workers whose contacts are all attendance (of sessions of one person
 * each), and a third with one interview. Hiding the third's row (1
 * contact, 1 client) and, for each column on its own, the cheapest
 * partners leaves the contacts and attendance totals published: 8 - 7 = 1
 * contact that is no attendance, which can only be the third's. */
static void tight_rows(void)
{
	static const long v[NSVF][4] = {
		{ 3, 4, 1, 8 },
		{ 3, 4, 1, 8 },
		{ 90, 120, 30, 240 },
		{ 3, 4, 0, 7 },
		{ 3, 4, 0, 7 },
	};
	mtable m;
	report_table t;
	mproblem p, q;
	int f, first = -1, read;

	memset(&m, 0, sizeof m);
	m.absent = -1;
	m.ng = 1;
	m.nr = 3;
	m.nf = NSVF;
	m.kind = sv_kind;
	m.whole = sv_whole;
	for (f = 0; f < NSVF; f++)
		memcpy(m.val[f], v[f], sizeof v[f]);
	mbuild(&m, SV1, 6, &t, &p);
	/* Rows 0 to 2 hidden whole, the total published: each column on its
	 * own is safe (a cycle through every hidden cell). */
	q = p;
	for (f = 0; f < q.nv; f++)
		q.hid[f] = f < 3 * NSVF && q.val[f] != 0;
	read = mworked_out(&q, 1, &first);
	ok(read > 0, "tight rows: rows hidden whole, each column safe, still "
	   "read (%d figures, the first %d)", read, first);
	report_suppress(&t, 2);
	mread_hidden(&t, &p);
	ok(msound(&p, 2, "tight rows"), "tight rows: sound (%s)",
	   mhidden_list(&p));
	report_release(&t);
}

/* A services cell: contacts, some of them attendance of sessions, clients
 * among the contacts, minutes. */
static void random_services_cell(mtable *m, int cell)
{
	long c = rnd(4) ? (long)rnd(8) : 0, a, s;
	a = c && rnd(2) ? (rnd(2) ? c : (long)rnd((unsigned)c + 1)) : 0;
	s = a ? 1 + (long)rnd((unsigned)(a < 3 ? a : 3)) : 0;
	m->val[F_CONTACTS][cell] = c;
	m->val[F_ATTEND][cell] = a;
	m->val[F_SESSIONS][cell] = s;
	m->val[F_CLIENTS][cell] = c ? 1 + (long)rnd((unsigned)c) : 0;
	m->val[F_MINUTES][cell] = c * 15 * (long)rnd(4);
}

/* Persons of a total: at least its largest row, at most the sum of its
 * rows and its contacts. */
static long random_persons(long max, long sum, long contacts)
{
	long hi = sum < contacts ? sum : contacts;
	return hi > max ? max + (long)rnd((unsigned)(hi - max + 1)) : hi;
}

static void random_services(mtable *m, int ng)
{
	int i, j, C;
	memset(m, 0, sizeof *m);
	/* A third of them as by category, whose sessions are not added up
	 * over categories: absent from those totals. */
	m->absent = rnd(3) ? -1 : F_SESSIONS;
	m->ng = ng;
	m->nf = NSVF;
	m->kind = sv_kind;
	m->whole = sv_whole;
	if (ng == 1) {
		long max = 0, sum = 0;
		m->nr = 2 + (int)rnd(5);
		for (i = 0; i < m->nr; i++) {
			random_services_cell(m, i);
			sum += m->val[F_CLIENTS][i];
			if (m->val[F_CLIENTS][i] > max)
				max = m->val[F_CLIENTS][i];
		}
		madd(m);
		m->val[F_CLIENTS][m->nr] =
			random_persons(max, sum, m->val[F_CONTACTS][m->nr]);
		return;
	}
	m->nr = 2 + (int)rnd(2);
	m->nc = 2 + (int)rnd(2);
	C = m->nc + 1;
	for (i = 0; i < m->nr; i++)
		for (j = 0; j < m->nc; j++)
			random_services_cell(m, i * C + j);
	madd(m);
	/* Persons of the margins, the rows' first, then the columns', then
	 * the grand total over the rows' margins. */
	for (i = 0; i <= m->nr; i++)
		for (j = 0; j <= m->nc; j++) {
			long max = 0, sum = 0, x;
			int k, n, cell = i * C + j;
			if (i < m->nr && j < m->nc)
				continue;
			n = j < m->nc ? m->nr : m->nc;
			for (k = 0; k < n; k++) {
				x = m->val[F_CLIENTS][j < m->nc ? k * C + j : i * C + k];
				sum += x;
				if (x > max)
					max = x;
			}
			if (i == m->nr && j == m->nc) {
				for (k = 0, max = 0, sum = 0; k < m->nr; k++) {
					x = m->val[F_CLIENTS][k * C + m->nc];
					sum += x;
					if (x > max)
						max = x;
				}
			}
			m->val[F_CLIENTS][cell] =
				random_persons(max, sum, m->val[F_CONTACTS][cell]);
		}
}

static void random_goals(mtable *m)
{
	int i;
	memset(m, 0, sizeof *m);
	m->absent = -1;
	m->ng = 1;
	m->nf = 4;
	m->kind = gl_kind;
	m->whole = gl_whole;
	m->nr = 2 + (int)rnd(4);
	for (i = 0; i < m->nr; i++) {
		long g = rnd(5) ? (long)rnd(9) : 0, left, x;
		int k;
		m->val[0][i] = g;
		left = rnd(3) ? g : (long)rnd((unsigned)g + 1);
		for (k = 1; k <= 3; k++) {
			x = k < 3 ? (long)rnd((unsigned)left + 1) : left;
			if (k == 3 && rnd(2))
				x = (long)rnd((unsigned)left + 1);
			m->val[k][i] = x;
			left -= x;
		}
	}
	madd(m);
}

static void random_rows(void)
{
	int k, bad1 = 0, bad2 = 0, badg = 0;
	long hidden = 0, primary_n = 0;

	for (k = 0; k < 240; k++) {
		mtable m;
		report_table t;
		mproblem p;
		long n = 1 + (long)rnd(3);
		int ng = k % 3 ? 1 : 2, v, good;
		char what[128];

		random_services(&m, ng);
		mbuild(&m, ng == 1 ? SV1 : SV2, ng == 1 ? 6 : 7, &t, &p);
		report_suppress(&t, n);
		mread_hidden(&t, &p);
		for (v = 0; v < p.nv; v++) {
			hidden += p.hid[v];
			primary_n += p.kind[v] != RC_SUM && p.val[v] >= 1 &&
				     p.val[v] <= n;
		}
		snprintf(what, sizeof what, "random services #%d (%s, %d rows, "
			 "--suppress %ld)", k, ng == 1 ? "1-D" : "2-D",
			 mcells(&m), n);
		good = msound(&p, n, what);
		if (ng == 1)
			bad1 += !good;
		else
			bad2 += !good;
		report_release(&t);
	}
	printf("# random services: %ld figures hidden for %ld primary\n",
	       hidden, primary_n);
	ok(bad1 == 0, "160 random services tables of one grouping: all sound "
	   "(%d not)", bad1);
	ok(bad2 == 0, "80 random services tables of two groupings: all sound "
	   "(%d not)", bad2);
	for (k = 0; k < 80; k++) {
		mtable m;
		report_table t;
		mproblem p;
		long n = 1 + (long)rnd(3);
		char what[128];

		random_goals(&m);
		mbuild(&m, GL1, 6, &t, &p);
		report_suppress(&t, n);
		mread_hidden(&t, &p);
		snprintf(what, sizeof what, "random goals #%d (%d rows, "
			 "--suppress %ld)", k, mcells(&m), n);
		badg += !msound(&p, n, what);
		report_release(&t);
	}
	ok(badg == 0, "80 random goals tables: all sound (%d not)", badg);
}

/* ---- the tests ---------------------------------------------------------- */

static void one_grouping(void)
{
	report_table t;
	problem p;
	static const long a[] = { 1, 7, 0, 5, 9 };
	static const long b[] = { 2, 0, 4, 8 };
	static const long c[] = { 1, 0, 2 };
	static const long d[] = { 4, 1, 1, 9 };

	build1(&t, &p, a, 5);
	ok(report_suppress(&t, 3) == 0, "1-D: returns 0");
	read_hidden(&t, &p, 1);
	is_str(hidden_list(&p), "0,3",
	       "1-D: the 1 and the next smallest (5) hidden, not the 0 or the total");
	ok(sound(&p, 3, "1-D a"), "1-D: no hidden cell can be worked out");
	is_str(report_cell(&t, 0, 1), "1", "1-D: cell texts are not changed");
	report_release(&t);

	build1(&t, &p, b, 4);
	report_suppress(&t, 3);
	read_hidden(&t, &p, 1);
	is_str(hidden_list(&p), "0,2", "1-D: a zero is never the second cell");
	ok(sound(&p, 3, "1-D b"), "1-D b: sound");
	report_release(&t);

	build1(&t, &p, c, 3);
	report_suppress(&t, 3);
	read_hidden(&t, &p, 1);
	is_str(hidden_list(&p), "0,2,3",
	       "1-D: a total of 1..n is hidden (and nothing else needed)");
	ok(sound(&p, 3, "1-D c"), "1-D c: sound");
	report_release(&t);

	/* Two 1s: each can only go up, so they protect each other only
	 * through a cell that can go down. */
	build1(&t, &p, d, 4);
	report_suppress(&t, 3);
	read_hidden(&t, &p, 1);
	is_str(hidden_list(&p), "0,1,2",
	       "1-D: 4, 1, 1 hidden; 1s cannot go below 1");
	ok(sound(&p, 3, "1-D d"), "1-D d: sound");
	report_release(&t);
}

static void rectangle(void)
{
	report_table t;
	problem p;
	static const long x[] = { 2, 8, 9,
				  7, 6, 10,
				  11, 12, 13 };
	build2(&t, &p, x, 3, 3, 0);
	report_suppress(&t, 3);
	read_hidden(&t, &p, 2);
	/* (0,0) (0,1) (1,0) (1,1) of the 4x4 extended table: the cheapest
	 * rectangle, 8 + 7 + 6; no margin. */
	is_str(hidden_list(&p), "0,1,4,5",
	       "2-D: one small cell forces the cheapest rectangle");
	ok(sound(&p, 3, "rectangle"), "2-D rectangle: sound");
	report_release(&t);

	/* The same table with its rows in another order: same guarantee. */
	build2(&t, &p, x, 3, 3, 1);
	report_suppress(&t, 3);
	read_hidden(&t, &p, 2);
	is_str(hidden_list(&p), "0,1,4,5",
	       "2-D: the row order of the table does not matter here");
	report_release(&t);
}

static void chain(void)
{
	report_table t;
	problem p, q;
	int f, n;
	/* Two blocks of small cells, rows 0-1 x columns 0-1 and rows 2-3 x
	 * columns 2-3, joined by the small cell (0,2): every row and column
	 * has 0 or at least 2 small cells, yet the totals give (0,2) back:
	 * (0,2) = hidden(row 0) + hidden(row 1) - hidden(col 0) - hidden(col 1). */
	static const long x[] = { 2, 3, 2, 9, 8,
				  3, 2, 7, 8, 9,
				  9, 8, 2, 3, 7,
				  8, 9, 3, 2, 9,
				  7, 8, 9, 9, 10 };
	build2(&t, &p, x, 5, 5, 0);
	/* The naive rule on the primary cells. */
	q = p;
	for (f = 0; f < q.ncells; f++)
		q.hid[f] = q.val[f] >= 1 && q.val[f] <= 3;
	n = 0;
	for (f = 0; f < q.ncells; f++)
		n += q.hid[f];
	naive_rule(&q);
	for (f = 0; f < q.ncells; f++)
		n -= q.hid[f];
	ok(n == 0, "chain: the naive row/column rule hides nothing more");
	n = worked_out(&q, 0, &f);
	ok(n == 1 && f == 2,
	   "chain: and the brute-force reader works out cell (0,2) "
	   "alone (%d, cell %d)", n, f);
	ok(report_suppress(&t, 3) == 0, "chain: suppress");
	n = read_hidden(&t, &p, 2);
	ok(n > 9,
	   "chain: more than the 9 primary cells hidden (%d: %s)", n, hidden_list(&p));
	ok(sound(&p, 3, "chain"), "chain: no hidden cell can be worked out");
	report_release(&t);
}

/* Four 1s in a rectangle: over the reals (and over counts from 0) each
 * lies on a cycle of hidden cells, but a reader who knows that hidden
 * counts are at least 1 (zeros are shown) reads them all: row 0's hidden
 * cells add to 2. */
static void ones(void)
{
	report_table t;
	problem p, q;
	int f;
	static const long x[] = { 1, 1, 9,
				  1, 1, 8,
				  9, 7, 12 };
	build2(&t, &p, x, 3, 3, 0);
	q = p;
	for (f = 0; f < q.ncells; f++)
		q.hid[f] = q.val[f] >= 1 && q.val[f] <= 3;
	ok(worked_out(&q, 0, &f) == 0,
	   "ones: primary cells alone: safe for a reader allowing 0");
	ok(worked_out(&q, 1, &f) == 4,
	   "ones: but all four read by one who knows they are >= 1");
	report_suppress(&t, 3);
	read_hidden(&t, &p, 2);
	ok(sound(&p, 3, "ones"), "ones: sound (%s)", hidden_list(&p));
	report_release(&t);
}

static void margins(void)
{
	report_table t;
	problem p;
	static const long x[] = { 1, 1, 0,
				  5, 6, 7,
				  8, 9, 10 };
	static const long y[] = { 1, 5, 6, 7 };
	build2(&t, &p, x, 3, 3, 0);
	report_suppress(&t, 3);
	read_hidden(&t, &p, 2);
	ok(p.hid[3] && p.val[3] == 2, "margins: the row total 2 is hidden");
	ok(!p.hid[2], "margins: the 0 beside it is not");
	ok(sound(&p, 3, "margins"), "margins: sound (%s)", hidden_list(&p));
	report_release(&t);

	/* One row: the column totals are the cells again. */
	build2(&t, &p, y, 1, 4, 0);
	report_suppress(&t, 3);
	read_hidden(&t, &p, 2);
	ok(p.hid[0] && p.hid[5],
	   "margins: 1x4: the 1 and its column total hidden");
	ok(sound(&p, 3, "1x4"), "margins: 1x4 sound (%s)", hidden_list(&p));
	report_release(&t);
}

/* Sums, rates, means, medians and distinct persons, one grouping. */
static void columns(void)
{
	static const report_col cols[] = {
		{ "g", "group", "组", RC_GROUP, -1 },
		{ "n", "contacts", "服务人次", RC_COUNT, -1 },
		{ "min", "minutes", "分钟", RC_SUM, -1 },
		{ "share", "share", "比例", RC_RATE, 1 },
		{ "avg", "mean", "平均", RC_MEAN, 1 },
		{ "med", "median", "中位数", RC_MEDIAN, 1 },
		{ "d", "persons", "服务人数", RC_DISTINCT, -1 },
	};
	static const char *rows[][7] = {
		{ "A", "2", "30", "10.0", "15", "14", "1" },
		{ "B", "9", "400", "40.5", "44.4", "40", "7" },
		{ "C", "12", "100", "60", "8.3", "7", "9" },
		{ "D", "0", "0", "0", NULL, "-", "0" },
		{ "total", "23", "530", "33.3", "23.0", "20", "15" },
	};
	/* Hidden, by row, as the columns n min share avg med d: A's 2 and 1
	 * with their row, B's 9 (the cheapest partner of the 2) with its
	 * row; the minutes of A and B then protect each other. */
	static const char *want[] = { "111111", "111111", "000000", "000000",
		"000000" };
	report_table t;
	problem p;
	long mins[] = { 30, 400, 100, 0 };
	size_t r, c;
	int f;

	report_init(&t, "cols", cols, 7, 1);
	for (r = 0; r < 5; r++)
		report_add_row(&t, rows[r], r == 4);
	report_suppress(&t, 3);
	for (r = 0; r < 5; r++) {
		char got[8];
		for (c = 1; c < 7; c++)
			got[c - 1] = (char)('0' + t.hidden[r * 7 + c]);
		got[6] = '\0';
		is_str(got, want[r],
		       "columns: row %s hidden as n min share avg med d", rows[r][0]);
	}
	/* The minutes column on its own: hidden sums are at least 1, as zeros
	 * are shown. */
	{
		report_table u;
		build1(&u, &p, mins, 4);
		report_release(&u);
	}
	for (r = 0; r < 5; r++)
		p.hid[r] = t.hidden[r * 7 + 2];
	ok(worked_out(&p, 1, &f) == 0,
	   "columns: no hidden sum of minutes can be worked out (%s)",
		hidden_list(&p));
	report_release(&t);

	/* A sum of 0 minutes beside a hidden count of 1 is shown, as every
	 * zero is (it bounds nothing: a contact may last 0 minutes); the
	 * minutes hidden with B's row are protected by C's. */
	{
		static const char *rows2[][7] = {
			{ "A", "1", "0", NULL, NULL, NULL, "1" },
			{ "B", "8", "50", NULL, NULL, NULL, "5" },
			{ "C", "9", "70", NULL, NULL, NULL, "6" },
			{ "total", "18", "120", NULL, NULL, NULL, "10" },
		};
		long m2[] = { 0, 50, 70 };
		report_init(&t, "cols2", cols, 7, 1);
		for (r = 0; r < 4; r++)
			report_add_row(&t, rows2[r], r == 3);
		report_suppress(&t, 3);
		{
			report_table u;
			build1(&u, &p, m2, 3);
			report_release(&u);
		}
		for (r = 0; r < 4; r++)
			p.hid[r] = t.hidden[r * 7 + 2];
		ok(t.hidden[0 * 7 + 1] && !p.hid[0],
		   "columns: a sum of 0 beside a hidden count is shown (%s)",
		   hidden_list(&p));
		ok(p.hid[1] && p.hid[2] && worked_out(&p, 1, &f) == 0,
		   "columns: the hidden sums are protected (%s)",
		   hidden_list(&p));
		ok(t.hidden[0 * 7 + 6] && t.hidden[1 * 7 + 6] && t.hidden[2 * 7 + 6] &&
		   !t.hidden[3 * 7 + 6],
		   "columns: distinct persons hidden with their rows");
		report_release(&t);
	}
}

static void distinct_only(void)
{
	static const report_col cols[] = {
		{ "g", "group", "组", RC_GROUP, -1 },
		{ "d", "persons", "服务人数", RC_DISTINCT, -1 },
		{ "r", "rate", "比例", RC_RATE, 1 },
	};
	static const char *rows[][3] = {
		{ "A", "1", "50" }, { "B", "6", "20" }, { "C", "7", "30" },
		{ "total", "10", "25" },
	};
	report_table t;
	size_t r;
	report_init(&t, "d", cols, 3, 1);
	for (r = 0; r < 4; r++)
		report_add_row(&t, rows[r], r == 3);
	report_suppress(&t, 3);
	ok(t.hidden[0 * 3 + 1] && t.hidden[0 * 3 + 2],
	   "distinct: the 1 and its rate hidden");
	ok(!t.hidden[1 * 3 + 1] && !t.hidden[2 * 3 + 1] && !t.hidden[3 * 3 + 1],
	   "distinct: no secondary suppression (not additive)");
	ok(!t.hidden[1 * 3 + 2] && !t.hidden[3 * 3 + 2],
	   "distinct: other rates shown");
	report_release(&t);
}

static void skipped_cells(void)
{
	static const char *rows[][2] = {
		{ "A", "2" }, { "B", NULL }, { "C", "n/a" }, { "D", "8" },
		{ "E", "9" }, { "total", "30" },
	};
	report_table t;
	size_t r;
	report_init(&t, "s", C1, 2, 1);
	for (r = 0; r < 6; r++)
		report_add_row(&t, rows[r], r == 5);
	report_suppress(&t, 3);
	ok(t.hidden[0 * 2 + 1], "skipped: the 2 hidden");
	ok(!t.hidden[1 * 2 + 1] && !t.hidden[2 * 2 + 1],
	   "skipped: absent and text cells are left alone");
	ok(t.hidden[3 * 2 + 1] && !t.hidden[4 * 2 + 1] && !t.hidden[5 * 2 + 1],
	   "skipped: the 8 hidden with it (an unknown figure is taken as known)");
	is_str(report_cell(&t, 2, 1), "n/a", "skipped: text unchanged");
	report_release(&t);
}

/* Runs report_suppress with standard error caught into err. */
static int suppress_caught(report_table *t, long n, char *err, size_t cap)
{
	FILE *tmp = tmpfile();
	int saved, rc;
	size_t got;

	fflush(stderr);
	saved = dup(2);
	dup2(fileno(tmp), 2);
	rc = report_suppress(t, n);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	rewind(tmp);
	got = fread(err, 1, cap - 1, tmp);
	err[got] = '\0';
	fclose(tmp);
	return rc;
}

static void refusals(void)
{
	static const report_col cols[] = {
		{ "a", "a", "a", RC_GROUP, -1 },
		{ "b", "b", "b", RC_GROUP, -1 },
		{ "c", "c", "c", RC_GROUP, -1 },
		{ "n", "n", "n", RC_COUNT, -1 },
	};
	static const char *row[] = { "x", "y", "z", "1" };
	static const long a[] = { 1, 7, 0, 5, 9 };
	report_table t;
	problem p;
	char err[512];
	int rc;

	report_init(&t, "three", cols, 4, 3);
	report_add_row(&t, row, 0);
	report_add_row(&t, row, 7);
	rc = suppress_caught(&t, 3, err, sizeof err);
	ok(rc == CW_EXIT_USAGE,
	   "three groupings: refused with the usage status (%d)", rc);
	ok(strstr(err, "cannot suppress a table of more than two groupings "
		  "safely: use at most two --by groups\n") != NULL,
	   "three groupings: the message");
	ok(!t.hidden[3] && !t.hidden[7], "three groupings: nothing hidden");
	rc = suppress_caught(&t, 0, err, sizeof err);
	ok(rc == 0 && !err[0], "three groupings with n = 0: nothing to do");
	report_release(&t);

	build1(&t, &p, a, 5);
	ok(report_suppress(&t, 0) == 0 && read_hidden(&t, &p, 1) == 0,
	   "n = 0: nothing hidden");
	ok(report_suppress(&t, -5) == 0 && read_hidden(&t, &p, 1) == 0,
	   "n < 0: nothing hidden");
	is_str(report_cell(&t, 0, 1), "1", "n = 0: cells unchanged");
	report_release(&t);

	report_init(&t, "empty", C2, 3, 2);
	ok(report_suppress(&t, 3) == 0, "an empty table");
	report_release(&t);
}

static void randomised(void)
{
	int k, bad2 = 0, bad1 = 0;
	long total_hidden = 0, total_primary = 0;

	for (k = 0; k < 200; k++) {
		report_table t;
		problem p;
		long x[20];
		int r = 3 + (int)rnd(2), c = 3 + (int)rnd(3), i, ok2;
		char what[128];
		for (i = 0; i < r * c; i++)
			x[i] = (long)rnd(13);
		build2(&t, &p, x, r, c, k % 2);
		report_suppress(&t, 3);
		total_hidden += read_hidden(&t, &p, 2);
		for (i = 0; i < p.ncells; i++)
			total_primary += p.val[i] >= 1 && p.val[i] <= 3;
		snprintf(what, sizeof what, "random 2-D #%d (%dx%d)", k, r, c);
		ok2 = sound(&p, 3, what);
		bad2 += !ok2;
		ok(ok2,
		   "%s: primary hidden, no zero hidden, nothing worked out", what);
		report_release(&t);
	}
	printf("# random 2-D: %ld cells hidden for %ld primary\n", total_hidden,
	       total_primary);
	for (k = 0; k < 100; k++) {
		report_table t;
		problem p;
		long x[8];
		int m = 2 + (int)rnd(7), i;
		char what[128];
		for (i = 0; i < m; i++)
			x[i] = (long)rnd(13);
		build1(&t, &p, x, m);
		report_suppress(&t, 3);
		read_hidden(&t, &p, 1);
		snprintf(what, sizeof what, "random 1-D #%d (%d)", k, m);
		bad1 += !sound(&p, 3, what);
		report_release(&t);
	}
	ok(bad1 == 0, "100 random 1-D tables: all sound (%d not)", bad1);
	ok(bad2 == 0, "200 random 2-D tables: all sound (%d not)", bad2);
}

int main(void)
{
	one_grouping();
	rectangle();
	chain();
	ones();
	margins();
	columns();
	distinct_only();
	skipped_cells();
	refusals();
	randomised();
	services_demo();
	tight_rows();
	random_rows();
	return tap_done();
}
