/* test_suppress.c - disclosure control: report_suppress (sw-report
 * --suppress N), checked against a brute-force reader who searches for a
 * second table consistent with everything published. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "report_priv.h"
#include "tap.h"

/* ---- tables ------------------------------------------------------------ */

static const report_col C1[] = {
	{ "g", "group", "组", RC_GROUP, -1, 0 },
	{ "n", "count", "数", RC_COUNT, -1, 0 },
};
static const report_col C2[] = {
	{ "a", "first", "甲", RC_GROUP, -1, 0 },
	{ "b", "second", "乙", RC_GROUP, -1, 0 },
	{ "n", "count", "数", RC_COUNT, -1, 0 },
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
		{ "g", "group", "组", RC_GROUP, -1, 0 },
		{ "n", "contacts", "服务人次", RC_COUNT, -1, 0 },
		{ "min", "minutes", "分钟", RC_SUM, -1, 0 },
		{ "share", "share", "比例", RC_RATE, 1, 0 },
		{ "avg", "mean", "平均", RC_MEAN, 1, 0 },
		{ "med", "median", "中位数", RC_MEDIAN, 1, 0 },
		{ "d", "persons", "服务人数", RC_DISTINCT, -1, 0 },
	};
	static const char *rows[][7] = {
		{ "A", "2", "30", "10.0", "15", "14", "1" },
		{ "B", "9", "400", "40.5", "44.4", "40", "7" },
		{ "C", "12", "100", "60", "8.3", "7", "9" },
		{ "D", "0", "0", "0", NULL, "-", "0" },
		{ "total", "23", "530", "33.3", "23.0", "20", "15" },
	};
	/* Hidden, by row, as the columns n min share avg med d. */
	static const char *want[] = { "111111", "101110", "011100", "000000",
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
	/* The minutes column on its own: a reader allowing 0 for a sum. */
	{
		report_table u;
		build1(&u, &p, mins, 4);
		report_release(&u);
	}
	for (r = 0; r < 5; r++)
		p.hid[r] = t.hidden[r * 7 + 2];
	ok(worked_out(&p, 0, &f) == 0,
	   "columns: no hidden sum of minutes can be worked out (%s)",
		hidden_list(&p));
	report_release(&t);

	/* A sum of 0 minutes hidden with its count of 1: it can only go up. */
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
		ok(p.hid[0] && worked_out(&p, 0, &f) == 0,
		   "columns: a hidden sum of 0 is protected too (%s)",
			hidden_list(&p));
		ok(t.hidden[0 * 7 + 6] && !t.hidden[1 * 7 + 6] && !t.hidden[2 * 7 + 6] &&
		   !t.hidden[3 * 7 + 6],
			"columns: distinct persons: primary only");
		report_release(&t);
	}
}

static void distinct_only(void)
{
	static const report_col cols[] = {
		{ "g", "group", "组", RC_GROUP, -1, 0 },
		{ "d", "persons", "服务人数", RC_DISTINCT, -1, 0 },
		{ "r", "rate", "比例", RC_RATE, 1, 0 },
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
		{ "a", "a", "a", RC_GROUP, -1, 0 },
		{ "b", "b", "b", RC_GROUP, -1, 0 },
		{ "c", "c", "c", RC_GROUP, -1, 0 },
		{ "n", "n", "n", RC_COUNT, -1, 0 },
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
		char what[64];
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
		char what[64];
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
	return tap_done();
}
