/*
 * report_suppress.c - disclosure control for sw-report: --suppress N.
 *
 * THE METHOD (the text for sw-report(1), "DISCLOSURE CONTROL")
 *
 * What is hidden.  With --suppress N (N >= 1), every count of records and
 * every count of distinct persons from 1 to N is hidden, in the body of
 * the table and in its total rows alike (primary suppression).  Zeros are
 * always shown: no count of 0 is ever hidden, so a reader may take every
 * hidden count to be at least 1.  With N = 0 nothing is hidden.  A sum
 * (minutes) is hidden in each row where the table's first count column is
 * hidden by this first step (the sum is read as the total of the records
 * that count counts), even where it is 0.  Then more counts and sums are
 * hidden (secondary suppression, below).  Last, a rate, mean or median is
 * hidden wherever the count it is built on is hidden, for whatever reason;
 * a rate or a mean is also hidden in any row in which a count, a count of
 * persons or a sum is hidden, because a published rate (or mean) times its
 * published base gives back its numerator, which may be that hidden
 * figure.  A hidden cell shows "x" in every format.
 *
 * What is guaranteed.  For tables of up to two groupings with their
 * totals: no hidden count or sum can be worked out exactly from the
 * published cells and totals of the same table, even by a reader who knows
 * the method (and so that hidden counts are at least 1 and hidden sums at
 * least 0).  For every hidden cell there is a second table of whole,
 * non-negative numbers -- hidden counts still at least 1 -- that agrees
 * with every published cell and total and differs from the true one in
 * that cell.
 *
 * How.  Counts and sums add up: in a table of one grouping the rows add up
 * to the total row; in a table of two, the cells of each value of the first
 * grouping add up to its total row, those of each value of the second to
 * its total row, and either set of totals to the grand total.  Each count
 * or sum column is protected on its own, as a table with its margins:
 *
 *   1. The equations.  Write the cells (and the totals) as unknowns where
 *      they are hidden and as known numbers where they are published.
 *      Gaussian elimination, in exact integer arithmetic, brings the
 *      equations between the hidden cells to reduced echelon form; a
 *      hidden cell is fixed by the equations alone when its column holds
 *      a pivot whose row has no entry in any free column (every solution
 *      of the homogeneous system is 0 there).
 *   2. The signs.  A cell not fixed by the equations can still be fixed by
 *      what a reader knows of the signs (a hidden count of 1 cannot go
 *      down).  The equations of such a table are those of a network: one
 *      node for each line of the table -- each row and each column of the
 *      cross-table with its margins -- and one edge for each cell, between
 *      the two lines it lies on (one grouping: two nodes, and every cell
 *      and the total an edge between them).  Their solutions that differ
 *      from the true table only in hidden cells are sums of cycles of
 *      hidden cells along which the figures go up and down by 1 in turn
 *      (the matrix is totally unimodular).  A cycle can be added to the
 *      true table when every cell it lowers stays possible: a count of at
 *      least 2, a sum above 0.  A hidden cell is safe when such a cycle
 *      runs through it; the search is a walk through the directed graph
 *      of moves.  (A cell safe here is never fixed by step 1, since a
 *      cycle is a solution of the equations; step 1 is the plain
 *      statement over the reals and a cross-check.)
 *   3. The choice.  While a hidden cell is not safe, the cheapest cycle
 *      through it is found (Dijkstra: hidden cells cost nothing, a
 *      published one costs first whether it is a total, then its value,
 *      then one for each cell) and its published cells are hidden.  Such a
 *      cycle always starts in the unsafe cell's row and column, prefers
 *      the cells of the table to its totals (totals are hidden only where
 *      nothing else will do), small figures to large and fewer cells to
 *      more; on equal cost the earlier row wins.  A published 0 is never
 *      chosen.  The loop ends: a safe cell stays safe as more are hidden,
 *      and with every non-zero cell and total hidden, every cell is safe.
 *
 * Why it holds (sketch).  If a hidden cell lies on a cycle of hidden cells
 * that can be added, adding it gives a second table: whole numbers, the
 * same totals and published cells, every hidden count at least 1 and every
 * figure at least 0, and a different value in that cell.  Conversely, if a
 * second such table exists, its difference from the true table splits into
 * cycles of the network that each go the same way as the difference
 * (conformal decomposition), so one of them can be added and runs through
 * the cell: the test is exact, not a rule of thumb.  The simple rule "hide
 * the next smallest cell in every row or column left with one hidden cell"
 * is not enough: two groups of hidden cells joined by one hidden cell have
 * at least two hidden cells in every row and column, yet the totals give
 * the joining cell back.  The test above finds it; the rule does not.
 *
 * Limits.
 *   - At most two groupings: a table of three (--by a,b,c) is refused with
 *     --suppress, because its equations are no longer a network and the
 *     test would no longer be exact.
 *   - Distinct persons (服务人数) are not additive -- a person served by two
 *     workers counts once in the total -- so no equation ties a total to
 *     its rows and they get primary suppression only.  A reader who knows
 *     that the groups do not share persons can treat them as additive.
 *   - "Not exactly" is the whole guarantee: a hidden cell may still be
 *     narrowed to a short range (1 or 2, say).
 *   - Each table is protected on its own: the same figures published in
 *     another table (another grouping, another period, an earlier report)
 *     can be combined with it.  The pattern of hidden cells is not treated
 *     as information.
 *   - A total or a cell that is not shown as a number (absent, or text) is
 *     taken to be known to the reader (it may be published elsewhere):
 *     this can only hide more.  A grouping value with no row counts 0.
 *
 * The code: primary() and follow_counts() first; then, for tables of one
 * or two groupings, secondary() for each count and sum column, where
 * real_fixed() is step 1, sign_free() step 2 and close_cycle() step 3;
 * derived() last.
 */
#include <stdlib.h>
#include <string.h>
#include "report_priv.h"

#define NONE ((size_t)-1)

/* ---- figures ------------------------------------------------------------ */

/* The number a cell shows: -3, 42, 12.5, 1e3, and a rate may end in "%".
 * Read by hand, so the locale's decimal mark does not matter. Returns 0
 * for anything else (absent cells, text). */
static int figure(const char *s, double *out)
{
	double v = 0, scale = 1;
	int neg = 0, digits = 0, ex = 0, exneg = 0;

	if (!s)
		return 0;
	if (*s == '-') {
		neg = 1;
		s++;
	}
	for (; *s >= '0' && *s <= '9'; s++, digits++)
		v = v * 10 + (*s - '0');
	if (*s == '.') {
		for (s++; *s >= '0' && *s <= '9'; s++, digits++) {
			scale /= 10;
			v += (*s - '0') * scale;
		}
	}
	if (!digits)
		return 0;
	if (*s == 'e' || *s == 'E') {
		s++;
		if (*s == '+' || *s == '-')
			exneg = *s++ == '-';
		if (!(*s >= '0' && *s <= '9'))
			return 0;
		for (; *s >= '0' && *s <= '9'; s++)
			if (ex < 400)
				ex = ex * 10 + (*s - '0');
		for (; ex > 0; ex--)
			v = exneg ? v / 10 : v * 10;
	}
	if (*s == '%')
		s++;
	if (*s)
		return 0;
	*out = neg ? -v : v;
	return 1;
}

static int cell_figure(const report_table *t, size_t r, size_t c, double *v)
{
	return figure(t->cell[r * t->ncols + c], v);
}

static int is_hidden(const report_table *t, size_t r, size_t c)
{
	return t->hidden[r * t->ncols + c] != 0;
}

/* ---- primary suppression ---------------------------------------------- */

/* Counts and distinct counts from 1 to n, total rows included. */
static void primary(report_table *t, long n)
{
	size_t r, c;
	double v;

	for (c = t->ngroups; c < t->ncols; c++) {
		if (t->cols[c].kind != RC_COUNT && t->cols[c].kind != RC_DISTINCT)
			continue;
		for (r = 0; r < t->nrows; r++)
			if (cell_figure(t, r, c, &v) && v >= 1 && v <= (double)n)
				t->hidden[r * t->ncols + c] = 1;
	}
}

/* A sum goes with the first count column: where that count is hidden by
 * primary suppression, the sum is hidden too (minutes of one or two
 * contacts are about those people). Secondary suppression of the count
 * hides counts above n, whose sums say nothing about anyone: those stay,
 * and the sum column gets its own secondary suppression. */
static void follow_counts(report_table *t)
{
	size_t r, c, first = NONE;
	double v;

	for (c = t->ngroups; c < t->ncols && first == NONE; c++)
		if (t->cols[c].kind == RC_COUNT)
			first = c;
	if (first == NONE)
		return;
	for (c = t->ngroups; c < t->ncols; c++) {
		if (t->cols[c].kind != RC_SUM)
			continue;
		for (r = 0; r < t->nrows; r++)
			if (is_hidden(t, r, first) && cell_figure(t, r, c, &v))
				t->hidden[r * t->ncols + c] = 1;
	}
}

/* ---- the table as a network -------------------------------------------- */

/* Every row of the table is one cell of the cross-table with its margins:
 * an edge between the two lines (nodes) it lies on. Raising the figure of
 * a cell by 1 is a move along its edge, from a to b when the cell adds up
 * into its lines (sgn +1: body cells and the grand total) and from b to a
 * when it is their total (sgn -1: the margins); lowering it is the move
 * back. A cycle of moves keeps every line's sum. One grouping: nodes 0 and
 * 1, the cells a +1 edge and the total a -1 edge between them. */
typedef struct layout {
	int nnodes;
	int *a, *b;           /* per row */
	signed char *sgn;     /* per row */
	unsigned char *margin;/* per row: a total row */
} layout;

static const char *group_key(const report_table *t, size_t r, size_t g)
{
	const char *s = t->cell[r * t->ncols + g];
	return s ? s : "";
}

/* The index of the row's value of group g among the values seen so far,
 * added if new. */
static int value_index(const char ***vals, int *n, int *cap, const char *key)
{
	int i;
	for (i = 0; i < *n; i++)
		if (!strcmp((*vals)[i], key))
			return i;
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		*vals = cw_xrealloc(*vals, (size_t)*cap * sizeof **vals);
	}
	(*vals)[*n] = key;
	return (*n)++;
}

static void layout_build(layout *L, const report_table *t)
{
	size_t r, nr = t->nrows;
	const char **v0 = NULL, **v1 = NULL;
	int n0 = 0, n1 = 0, cap0 = 0, cap1 = 0;
	int *i0 = cw_xcalloc(nr ? nr : 1, sizeof *i0);
	int *i1 = cw_xcalloc(nr ? nr : 1, sizeof *i1);

	L->a = cw_xcalloc(nr ? nr : 1, sizeof *L->a);
	L->b = cw_xcalloc(nr ? nr : 1, sizeof *L->b);
	L->sgn = cw_xcalloc(nr ? nr : 1, sizeof *L->sgn);
	L->margin = cw_xcalloc(nr ? nr : 1, 1);
	if (t->ngroups == 1) {
		L->nnodes = 2;
		for (r = 0; r < nr; r++) {
			int tot = (t->total_mask[r] & 1) != 0;
			L->a[r] = 0;
			L->b[r] = 1;
			L->sgn[r] = tot ? -1 : 1;
			L->margin[r] = (unsigned char)tot;
		}
	} else {
		/* Nodes: the values of the first grouping (rows of the cross-
		 * table), its total, the values of the second, its total. */
		for (r = 0; r < nr; r++) {
			unsigned m = t->total_mask[r] & 3;
			if (!(m & 1))
				i0[r] = value_index(&v0, &n0, &cap0, group_key(t, r, 0));
			if (!(m & 2))
				i1[r] = value_index(&v1, &n1, &cap1, group_key(t, r, 1));
		}
		L->nnodes = n0 + n1 + 2;
		for (r = 0; r < nr; r++) {
			unsigned m = t->total_mask[r] & 3;
			int row = m & 1 ? n0 : i0[r];
			int col = m & 2 ? n0 + 1 + n1 : n0 + 1 + i1[r];
			L->a[r] = row;
			L->b[r] = col;
			/* Body cells and the grand total add; margins total. */
			L->sgn[r] = m == 0 || m == 3 ? 1 : -1;
			L->margin[r] = m != 0;
		}
	}
	free(v0);
	free(v1);
	free(i0);
	free(i1);
}

static void layout_free(layout *L)
{
	free(L->a);
	free(L->b);
	free(L->sgn);
	free(L->margin);
}

/* One count or sum column under secondary suppression. */
enum { ST_FIXED, ST_HIDDEN, ST_OPEN };
typedef struct colstate {
	size_t n;              /* rows */
	unsigned char *st;     /* ST_FIXED: known (published 0, absent, text);
				  ST_HIDDEN; ST_OPEN: published, may be hidden */
	unsigned char *down;   /* could be lower and still possible: a count
				  of 2 or more, a sum above 0 */
	double *v;
} colstate;

/* ---- step 1: the equations (Gaussian elimination) ----------------------- */

static long long gcd_ll(long long a, long long b)
{
	if (a < 0)
		a = -a;
	if (b < 0)
		b = -b;
	while (b) {
		long long t = a % b;
		a = b;
		b = t;
	}
	return a;
}

/* fixed[r] = 1 for each hidden row whose value the line equations alone
 * determine, given the published cells. The matrix: one row per node,
 * one column per hidden cell, 1 where the cell lies on the line (the sign
 * of a margin scales its column and changes no null space). Fraction-free
 * Gauss-Jordan with each row divided by the gcd of its entries: exact, and
 * the entries stay within 0 and +-1 here (the matrix is totally
 * unimodular), so nothing can overflow. */
static void real_fixed(const layout *L, const colstate *S, unsigned char *fixed)
{
	size_t k = 0, q, i, r;
	size_t m = (size_t)L->nnodes;
	size_t *hid = cw_xmalloc((S->n ? S->n : 1) * sizeof *hid);
	long long *M;
	size_t *pivrow;
	size_t rank = 0;

	memset(fixed, 0, S->n);
	for (r = 0; r < S->n; r++)
		if (S->st[r] == ST_HIDDEN)
			hid[k++] = r;
	if (!k) {
		free(hid);
		return;
	}
	M = cw_xcalloc(m * k, sizeof *M);
	pivrow = cw_xmalloc(k * sizeof *pivrow);
	for (q = 0; q < k; q++) {
		M[(size_t)L->a[hid[q]] * k + q] += 1;
		M[(size_t)L->b[hid[q]] * k + q] += 1;
	}
	for (q = 0; q < k; q++) {
		size_t p = NONE;
		pivrow[q] = NONE;
		for (i = rank; i < m && p == NONE; i++)
			if (M[i * k + q])
				p = i;
		if (p == NONE)
			continue;
		if (p != rank)
			for (i = 0; i < k; i++) {
				long long x = M[p * k + i];
				M[p * k + i] = M[rank * k + i];
				M[rank * k + i] = x;
			}
		for (i = 0; i < m; i++) {
			long long a = M[rank * k + q], b = M[i * k + q], g = 0;
			size_t j;
			if (i == rank || !b)
				continue;
			for (j = 0; j < k; j++) {
				M[i * k + j] = a * M[i * k + j] - b * M[rank * k + j];
				g = gcd_ll(g, M[i * k + j]);
			}
			if (g > 1)
				for (j = 0; j < k; j++)
					M[i * k + j] /= g;
		}
		pivrow[q] = rank++;
	}
	/* A pivot column is fixed when its row is 0 in every free column. */
	for (q = 0; q < k; q++) {
		int free_entry = 0;
		if (pivrow[q] == NONE)
			continue;
		for (i = 0; i < k && !free_entry; i++)
			if (pivrow[i] == NONE && M[pivrow[q] * k + i])
				free_entry = 1;
		if (!free_entry)
			fixed[hid[q]] = 1;
	}
	free(M);
	free(pivrow);
	free(hid);
}

/* ---- step 2: the signs (a walk through the moves) ------------------------ */

/* The moves of the cells in play, by node: hidden cells, and with open
 * also the published cells that may be hidden. */
typedef struct move {
	int to;
	size_t row;
} move;
typedef struct graph {
	int nnodes;
	size_t *start;  /* nnodes + 1 */
	move *mv;
} graph;

static int in_play(const colstate *S, size_t r, int open)
{
	return S->st[r] == ST_HIDDEN || (open && S->st[r] == ST_OPEN);
}

/* The node a move raising row r leaves from. */
static int raise_from(const layout *L, size_t r)
{
	return L->sgn[r] > 0 ? L->a[r] : L->b[r];
}

static int raise_to(const layout *L, size_t r)
{
	return L->sgn[r] > 0 ? L->b[r] : L->a[r];
}

static void graph_build(graph *g, const layout *L, const colstate *S, int open)
{
	size_t r, nm = 0, *fill;
	int x;

	g->nnodes = L->nnodes;
	g->start = cw_xcalloc((size_t)L->nnodes + 1, sizeof *g->start);
	for (r = 0; r < S->n; r++) {
		if (!in_play(S, r, open))
			continue;
		g->start[raise_from(L, r) + 1]++;
		if (S->down[r])
			g->start[raise_to(L, r) + 1]++;
	}
	for (x = 0; x < L->nnodes; x++)
		g->start[x + 1] += g->start[x];
	nm = g->start[L->nnodes];
	g->mv = cw_xmalloc((nm ? nm : 1) * sizeof *g->mv);
	fill = cw_xmalloc(((size_t)L->nnodes + 1) * sizeof *fill);
	memcpy(fill, g->start, ((size_t)L->nnodes + 1) * sizeof *fill);
	/* In row order, so that searches meet earlier rows first. */
	for (r = 0; r < S->n; r++) {
		if (!in_play(S, r, open))
			continue;
		g->mv[fill[raise_from(L, r)]++] = (move){ raise_to(L, r), r };
		if (S->down[r])
			g->mv[fill[raise_to(L, r)]++] = (move){ raise_from(L, r), r };
	}
	free(fill);
}

static void graph_free(graph *g)
{
	free(g->start);
	free(g->mv);
}

/* Whether moves other than row skip's lead from node from to node to. */
static int reach(const graph *g, int from, int to, size_t skip,
		 unsigned char *seen, int *queue)
{
	int head = 0, tail = 0;

	memset(seen, 0, (size_t)g->nnodes);
	seen[from] = 1;
	queue[tail++] = from;
	while (head < tail) {
		int u = queue[head++];
		size_t i;
		if (u == to)
			return 1;
		for (i = g->start[u]; i < g->start[u + 1]; i++) {
			int w = g->mv[i].to;
			if (g->mv[i].row == skip || seen[w])
				continue;
			seen[w] = 1;
			queue[tail++] = w;
		}
	}
	return 0;
}

/* Whether hidden row e lies on a cycle of moves that keeps every hidden
 * figure possible: raised (a move raise_from -> raise_to, and back home
 * by other moves), or lowered when it can be. */
static int sign_free(const graph *g, const layout *L, const colstate *S,
		     size_t e, unsigned char *seen, int *queue)
{
	if (reach(g, raise_to(L, e), raise_from(L, e), e, seen, queue))
		return 1;
	return S->down[e] &&
	       reach(g, raise_from(L, e), raise_to(L, e), e, seen, queue);
}

/* ---- step 3: the cheapest cycle --------------------------------------- */

typedef struct cost {
	int margins;     /* totals to hide */
	double value;    /* their figures added up */
	int cells;       /* cells to hide */
} cost;

static int cost_less(cost x, cost y)
{
	if (x.margins != y.margins)
		return x.margins < y.margins;
	if (x.value != y.value)
		return x.value < y.value;
	return x.cells < y.cells;
}

/* The cheapest path from node from to node to without row skip (Dijkstra
 * over the few nodes of a table); its rows into path (from the end), their
 * number into *len. Returns 0 when there is none. */
static int cheapest(const graph *g, const layout *L, const colstate *S,
		    int from, int to, size_t skip, cost *total,
		    size_t *path, size_t *len)
{
	size_t nn = (size_t)g->nnodes;
	cost *dist = cw_xcalloc(nn, sizeof *dist);
	unsigned char *reached = cw_xcalloc(nn, 1), *done = cw_xcalloc(nn, 1);
	size_t *via = cw_xmalloc(nn * sizeof *via);
	int *prev = cw_xmalloc(nn * sizeof *prev);
	int found = 0;

	reached[from] = 1;
	for (;;) {
		int u = -1, x;
		size_t i;
		for (x = 0; x < g->nnodes; x++)
			if (reached[x] && !done[x] &&
			    (u < 0 || cost_less(dist[x], dist[u])))
				u = x;
		if (u < 0)
			break;
		done[u] = 1;
		if (u == to) {
			found = 1;
			break;
		}
		for (i = g->start[u]; i < g->start[u + 1]; i++) {
			size_t r = g->mv[i].row;
			int w = g->mv[i].to;
			cost c = dist[u];
			if (r == skip || done[w])
				continue;
			if (S->st[r] == ST_OPEN) {
				c.margins += L->margin[r];
				c.value += S->v[r];
				c.cells += 1;
			}
			if (!reached[w] || cost_less(c, dist[w])) {
				reached[w] = 1;
				dist[w] = c;
				via[w] = r;
				prev[w] = u;
			}
		}
	}
	if (found) {
		int x = to;
		*total = dist[to];
		*len = 0;
		while (x != from) {
			path[(*len)++] = via[x];
			x = prev[x];
		}
	}
	free(dist);
	free(reached);
	free(done);
	free(via);
	free(prev);
	return found;
}

/* Hides the published cells of the cheapest cycle through hidden row e
 * that keeps every hidden figure possible. Returns 0 when there is none
 * (only when a line's total is not shown as a number). */
static int close_cycle(const layout *L, colstate *S, size_t e)
{
	graph g;
	size_t *up = cw_xmalloc((S->n ? S->n : 1) * sizeof *up);
	size_t *dn = cw_xmalloc((S->n ? S->n : 1) * sizeof *dn);
	size_t nup = 0, ndn = 0, i;
	cost cup, cdn;
	int okup, okdn;

	graph_build(&g, L, S, 1);
	okup = cheapest(&g, L, S, raise_to(L, e), raise_from(L, e), e, &cup, up, &nup);
	okdn = S->down[e] &&
	       cheapest(&g, L, S, raise_from(L, e), raise_to(L, e), e, &cdn, dn, &ndn);
	graph_free(&g);
	if (okdn && (!okup || cost_less(cdn, cup))) {
		free(up);
		up = dn;
		nup = ndn;
		dn = NULL;
	} else if (!okup) {
		free(up);
		free(dn);
		return 0;
	}
	for (i = 0; i < nup; i++)
		S->st[up[i]] = ST_HIDDEN;
	free(up);
	free(dn);
	return 1;
}

/* ---- secondary suppression of one column --------------------------------- */

static void secondary(report_table *t, const layout *L, size_t col)
{
	size_t n = t->nrows, r;
	int count = t->cols[col].kind == RC_COUNT;
	colstate S;
	unsigned char *safe = cw_xcalloc(n, 1), *stuck = cw_xcalloc(n, 1);
	unsigned char *fixed = cw_xcalloc(n, 1), *seen;
	int *queue;

	S.n = n;
	S.st = cw_xcalloc(n, 1);
	S.down = cw_xcalloc(n, 1);
	S.v = cw_xcalloc(n, sizeof *S.v);
	seen = cw_xcalloc((size_t)L->nnodes, 1);
	queue = cw_xcalloc((size_t)L->nnodes, sizeof *queue);
	for (r = 0; r < n; r++) {
		double v;
		if (!cell_figure(t, r, col, &v))
			continue;
		S.v[r] = v;
		/* A reader knows a hidden count is at least 1 (zeros are
		 * shown) and a hidden sum at least 0: a hidden count can go
		 * down from 2, a sum from anything above 0. */
		S.down[r] = count ? v >= 2 : v > 0;
		if (is_hidden(t, r, col))
			S.st[r] = ST_HIDDEN;
		else if (v > 0)
			S.st[r] = ST_OPEN;
	}
	for (;;) {
		graph g;
		size_t e = NONE;

		real_fixed(L, &S, fixed);
		graph_build(&g, L, &S, 0);
		for (r = 0; r < n && e == NONE; r++) {
			if (S.st[r] != ST_HIDDEN || safe[r] || stuck[r])
				continue;
			if (!fixed[r] && sign_free(&g, L, &S, r, seen, queue))
				safe[r] = 1;  /* hiding more keeps it safe */
			else
				e = r;
		}
		graph_free(&g);
		if (e == NONE)
			break;
		if (!close_cycle(L, &S, e))
			stuck[e] = 1;
	}
	for (r = 0; r < n; r++)
		if (S.st[r] == ST_HIDDEN)
			t->hidden[r * t->ncols + col] = 1;
	free(S.st);
	free(S.down);
	free(S.v);
	free(safe);
	free(stuck);
	free(fixed);
	free(seen);
	free(queue);
}

/* ---- last: rates, means and medians ------------------------------------ */

/* Hidden with the count they are built on; rates and means also wherever a
 * count or a sum of their row is hidden (it may be their numerator). Until
 * nothing changes, for rates built on rates. */
static void derived(report_table *t)
{
	int changed;
	do {
		size_t r, c, k;
		changed = 0;
		for (c = t->ngroups; c < t->ncols; c++) {
			enum rcol_kind kind = t->cols[c].kind;
			int base = t->cols[c].base;
			if (kind != RC_RATE && kind != RC_MEAN && kind != RC_MEDIAN)
				continue;
			for (r = 0; r < t->nrows; r++) {
				double v;
				int hide = 0;
				if (is_hidden(t, r, c) || !cell_figure(t, r, c, &v))
					continue;
				if (base >= 0 && (size_t)base < t->ncols &&
				    (size_t)base != c && is_hidden(t, r, (size_t)base))
					hide = 1;
				for (k = t->ngroups; k < t->ncols && !hide &&
				     kind != RC_MEDIAN; k++) {
					enum rcol_kind kk = t->cols[k].kind;
					if ((kk == RC_COUNT || kk == RC_SUM ||
					     kk == RC_DISTINCT) && is_hidden(t, r, k))
						hide = 1;
				}
				if (hide) {
					t->hidden[r * t->ncols + c] = 1;
					changed = 1;
				}
			}
		}
	} while (changed);
}

int report_suppress(report_table *t, long n)
{
	size_t c;

	if (n <= 0 || !t)
		return 0;
	if (t->ngroups > 2) {
		cw_error("cannot suppress a table of more than two groupings "
			 "safely: use at most two --by groups");
		return CW_EXIT_USAGE;
	}
	if (!t->nrows || t->ngroups > t->ncols)
		return 0;
	primary(t, n);
	follow_counts(t);
	if (t->ngroups >= 1) {
		layout L;
		layout_build(&L, t);
		for (c = t->ngroups; c < t->ncols; c++)
			if (t->cols[c].kind == RC_COUNT || t->cols[c].kind == RC_SUM)
				secondary(t, &L, c);
		layout_free(&L);
	}
	derived(t);
	return 0;
}
