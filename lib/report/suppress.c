/*
 * report/suppress.c - disclosure control for sw-report: --suppress N.
 *
 * THE METHOD (the text for sw-report(1), "DISCLOSURE CONTROL")
 *
 * What is hidden.  With --suppress N (N >= 1), every count of records and
 * every count of distinct persons from 1 to N is hidden, in the body of
 * the table and in its total rows alike (primary suppression).  With N = 0
 * nothing is hidden.  Then a row in which a count, a count of persons or
 * a sum (minutes) is hidden has all of them hidden but its zeros, so that
 * no figure published beside a hidden one can bound it (a group's
 * published attendance would be a floor under its hidden contacts).  Then
 * more counts and sums are hidden so that none can be worked out
 * (secondary suppression, below), the rows they lie in are hidden whole
 * in turn, and the two steps repeat until nothing changes.  Last, a rate,
 * mean or median is hidden wherever the count it is built on is hidden,
 * and in every row in which a count, a count of persons or a sum is
 * hidden: a published rate (or mean) times its published base gives back
 * its numerator.
 *
 * Zeros are always shown: no figure of 0 is ever hidden, so a reader may
 * take every hidden count or sum to be at least 1.  A 0 bounds nothing: a
 * contact may last 0 minutes.  A hidden cell shows "x" in every format.
 *
 * What is guaranteed.  For tables of up to two groupings with their
 * totals:
 *   - Each row is published whole or hidden whole, its zeros apart: no
 *     figure is published beside a hidden one in its row, whatever ties
 *     the two.
 *   - No hidden figure can be worked out exactly from the published cells
 *     and totals of the same table, even by a reader who knows the method
 *     (and so that hidden figures are at least 1) and what ties the
 *     figures of one row together: the attendance of group sessions is
 *     among the contacts, the sessions are at most their attendance, the
 *     persons at most the contacts (services); the goals achieved, partly
 *     achieved and not achieved are three kinds of the goals (goals); the
 *     pairs improved are among the cases, and those improved past the
 *     threshold among the improved (outcomes).  For every hidden figure
 *     there is a second table of whole numbers -- hidden figures still at
 *     least 1 -- that agrees with every published cell and total, keeps
 *     those relations in every row, and differs from the true one in that
 *     figure.
 *   The relations between columns that the method knows are those, each
 *   within one row; between rows it knows the totals only (see Limits).
 *
 * How.  Counts and sums add up: in a table of one grouping the rows add up
 * to the total row; in a table of two, the cells of each value of the
 * first grouping add up to its total row, those of each value of the
 * second to its total row, and either set of totals to the grand total.
 * A total that is not shown as a number is one that does not add up (the
 * cases open at the end of months over months, the sessions over
 * categories): it ties nothing.  A cell of the body that is not shown as
 * a number is taken to be known to the reader.
 *
 * A column with parts is first taken apart into its parts and what is
 * left of it: contacts = attendance + the other contacts, attendance =
 * sessions + the attendance beyond one per session, goals = achieved +
 * partly achieved + not achieved + the goals undecided, cases = improved +
 * the others, improved = improved past the threshold + the others.  What
 * is left is a column like the others: it adds up the same way, and it is
 * at least 0 -- at least 1 where none of the whole's parts counts anything
 * in the row, since the whole's hidden figure is then all in it.  Since
 * every row is hidden whole, these columns are independent of one another:
 * each is a table with its margins and the bounds of its own cells, and a
 * hidden figure can be changed exactly when one of the columns it is made
 * of can be changed in its row.  A part that is not shown in some total
 * (the sessions, grouped by category) cannot be taken out of its whole
 * there; it only bounds it, like a count of persons: each of the two is
 * then changed with the other held, the part only where its whole has room
 * for more, the whole only down to its parts.  Each column is protected in
 * three steps:
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
 *      true table when every cell it lowers stays above its bound.  A
 *      hidden cell is safe when such a cycle runs through it; the search
 *      is a walk through the directed graph of moves.  (A cell safe here
 *      is never fixed by step 1, since a cycle is a solution of the
 *      equations; step 1 is the plain statement over the reals and a
 *      cross-check.)
 *   3. The choice.  While a hidden figure cannot be changed, the cheapest
 *      cycle through its row in one of the columns it is made of is found
 *      (Dijkstra: hidden cells cost nothing, a published one costs first
 *      whether it is a total, then its figure, then one for each cell),
 *      and its published cells are hidden, with their rows.  Such a cycle
 *      always starts in the figure's row and column, prefers the cells of
 *      the table to its totals (totals are hidden only where nothing else
 *      will do), small figures to large and fewer cells to more; on equal
 *      cost the column itself before its parts, and the earlier row wins.
 *      A published 0 is never chosen.
 *
 * A figure can also be raised by 1 together with everything it is a part
 * of, in a body row and in the totals of that row's lines, when all of
 * those are hidden: a second table that keeps every equation and every
 * relation.  Where no cycle will do (a part that only bounds its whole,
 * with no room in it), those totals are hidden.  The loop ends: a figure
 * that can be changed stays so as more are hidden, and with every non-zero
 * figure hidden, each can be raised so.
 *
 * A hidden count of persons is not added up (see Limits), so it needs no
 * cycle: it is at least 1 and at most its row's contacts, so one above 1
 * can be 1 less, and one of 1 can be 2, since its row's contacts are at
 * least 2 or can be changed (and a count of 1 only goes up).
 *
 * Why it holds (sketch).  If a hidden cell lies on a cycle of hidden cells
 * that can be added, adding it gives a second table of its column: whole
 * numbers, the same totals and published cells, every figure within its
 * bound, and a different value in that cell; with the other columns left
 * as they are, and the counts of persons lowered to the contacts where
 * they would exceed them, it is a second table of the whole.  Conversely,
 * if a second such table exists, its difference from the true table
 * splits, column by column, into cycles of the network that each go the
 * same way as the difference (conformal decomposition), so one of them can
 * be added and runs through the cell: the test is exact, not a rule of
 * thumb.  (Where a part only bounds its whole, holding one of the two
 * while changing the other gives second tables, but may miss some: there
 * the test is safe, not exact, and may hide more than it must.)  The
 * simple rule "hide the next smallest cell in every row or
 * column left with one hidden cell" is not enough: two groups of hidden
 * cells joined by one hidden cell have at least two hidden cells in every
 * row and column, yet the totals give the joining cell back.  Nor is it
 * enough to protect each column on its own once rows are hidden whole: a
 * group's contacts equal to its attendance, with both totals published,
 * can give back the contacts of the other rows, which is why columns are
 * taken apart first.  The test above finds both; the rules do not.
 *
 * Limits.
 *   - At most two groupings: a table of three (--by a,b,c) is refused with
 *     --suppress, because its equations are no longer a network and the
 *     test would no longer be exact.
 *   - Ties between rows other than the totals are not modelled, and
 *     reports have some.  Distinct persons (服务人数) are not additive -- a
 *     person served by two workers counts once in the total -- so no
 *     equation ties a total to its rows; but a total's persons are at
 *     least those of its largest row and at most the sum of its rows, and
 *     a reader who knows that the groups do not share persons can add them
 *     up.  In caseload by month, the cases open at the end of a month are
 *     those open at the end of the month before, plus the new and the
 *     reopened, less the closed: beside published months, a hidden month
 *     can be worked out.  A reader who uses such ties can narrow a hidden
 *     figure, and work one out.
 *   - Ties between the figures of one row other than those above are not
 *     modelled either.  They can only tie hidden figures, since a row is
 *     hidden whole; but in caseload, say, the cases new in the period are
 *     at most those open at its end plus those closed in it, and a reader
 *     who uses that can narrow a hidden figure, and in an unlucky table
 *     work one out.  (Minutes are tied to nothing: a contact may last 0
 *     minutes.)
 *   - "Not exactly" is the whole guarantee: a hidden cell may still be
 *     narrowed to a short range (1 or 2, say).
 *   - Each table is protected on its own: the same figures published in
 *     another table (another grouping, another period, an earlier report)
 *     can be combined with it.  The pattern of hidden cells is not treated
 *     as information.
 *   - A cell of the body not shown as a number (absent, or text) is taken
 *     to be known to the reader (it may be published elsewhere): this can
 *     only hide more.  A total not shown as a number is taken to tie
 *     nothing: in the reports it is one that does not add up.  A grouping
 *     value with no row counts 0.
 *
 * The code: primary() first; parts() reads which columns are parts of
 * which; then, for tables of one or two groupings, secondary() repeats
 * whole_rows() and the three steps over every column taken apart
 * (part_state()), where real_fixed() is step 1, sign_free() step 2 and
 * best_cycle() step 3, with joint_raise() besides; derived() last.
 */
#include <stdlib.h>
#include <string.h>
#include "report/report.h"

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

/* ---- what ties the figures of a row ------------------------------------ */

static int additive(const report_col *col)
{
	return col->kind == RC_COUNT || col->kind == RC_SUM;
}

static int figure_col(const report_col *col)
{
	return additive(col) || col->kind == RC_DISTINCT;
}

/* The columns that are parts of another, by their machine keys (frozen in
 * every locale): part's figure is among whole's in every row. The counted
 * parts of one whole are disjoint: together they are at most the whole
 * (achieved, partly achieved and not achieved are three kinds of goal).
 * A count of persons is at most its whole, and adds nothing up. */
static const struct {
	const char *part, *whole;
} parts_known[] = {
	/* services */
	{"attendance", "contacts"},   /* a group session's attendance is a
					 contact */
	{"sessions", "attendance"},   /* a session counts where one of its
					 attendances does */
	{"clients", "contacts"},      /* persons: at most their contacts */
	{"households", "contacts"},   /* households: at most their clients,
					 so at most their contacts */
	/* caseload */
	{"households", "open_at_end"}, /* households: at most their cases */
	/* goals */
	{"achieved", "goals"},
	{"partly_achieved", "goals"},
	{"not_achieved", "goals"},
	/* outcomes */
	{"improved", "cases"},
	{"meaningful", "improved"},
};

static size_t col_by_key(const report_table *t, const char *key)
{
	size_t c;
	for (c = t->ngroups; c < t->ncols; c++)
		if (t->cols[c].key && !strcmp(t->cols[c].key, key))
			return c;
	return NONE;
}

/* What ties the columns of a table: whole[c], the column that column c
 * is a part of, or NONE; split[c], 1 when c is taken out of its whole
 * (a count or a sum shown wherever its whole is), 0 when it only bounds
 * it (a count of persons, or a part not shown in some total, such as the
 * sessions over categories, which do not add up). */
typedef struct ties {
	size_t *whole;
	unsigned char *split;
} ties;

/* The ties of table t. A part is used only where both columns are there,
 * of kinds that fit (a count of a count, a sum of a sum, persons of
 * either), and where the table keeps the relation in every row whose
 * figures are all numbers; otherwise it ties nothing a reader could know. */
static void parts(const report_table *t, ties *T)
{
	size_t *whole = T->whole, i, c, k, r;

	for (c = 0; c < t->ncols; c++)
		whole[c] = NONE;
	for (i = 0; i < sizeof parts_known / sizeof parts_known[0]; i++) {
		size_t p = col_by_key(t, parts_known[i].part);
		size_t w = col_by_key(t, parts_known[i].whole);
		if (p == NONE || w == NONE || p == w || !additive(&t->cols[w]))
			continue;
		if (t->cols[p].kind != t->cols[w].kind &&
		    t->cols[p].kind != RC_DISTINCT)
			continue;
		whole[p] = w;
	}
	/* No loops (a table with keys used twice, say). */
	for (c = 0; c < t->ncols; c++) {
		size_t x = c, steps = 0;
		while (x != NONE && steps++ <= t->ncols)
			x = whole[x];
		if (x != NONE)
			whole[c] = NONE;
	}
	/* Kept in every row: the counted parts add up to at most the whole,
	 * a count of persons is at most it. */
	for (c = t->ngroups; c < t->ncols; c++) {
		int broken = 0;
		if (!additive(&t->cols[c]))
			continue;
		for (r = 0; r < t->nrows && !broken; r++) {
			double w, v, sum = 0;
			int all = cell_figure(t, r, c, &w);
			for (k = t->ngroups; k < t->ncols && all; k++) {
				if (whole[k] != c || !additive(&t->cols[k]))
					continue;
				if (!cell_figure(t, r, k, &v))
					all = 0;
				else
					sum += v;
			}
			broken = all && sum > w;
		}
		for (k = t->ngroups; k < t->ncols; k++) {
			double w, v;
			if (whole[k] != c)
				continue;
			if (broken && additive(&t->cols[k]))
				whole[k] = NONE;
			for (r = 0; r < t->nrows && t->cols[k].kind == RC_DISTINCT; r++)
				if (cell_figure(t, r, k, &v) &&
				    cell_figure(t, r, c, &w) && v > w)
					whole[k] = NONE;
		}
	}
	for (c = 0; c < t->ncols; c++) {
		double v;
		T->split[c] = whole[c] != NONE && additive(&t->cols[c]);
		for (r = 0; r < t->nrows && T->split[c]; r++)
			if (cell_figure(t, r, whole[c], &v) &&
			    !cell_figure(t, r, c, &v))
				T->split[c] = 0;
	}
}

/* Whether column a is column c or one of the parts taken out of it, or a
 * part taken out of those: whether a's figures are among what c's are
 * made of. */
static int within(const report_table *t, const ties *T, size_t a, size_t c)
{
	size_t steps = 0;
	for (; a != NONE && steps <= t->ncols; steps++) {
		if (a == c)
			return 1;
		a = T->split[a] ? T->whole[a] : NONE;
	}
	return 0;
}

/* ---- whole rows ---------------------------------------------------------- */

/* A row in which a count, a count of persons or a sum is hidden has them
 * all hidden, but its zeros: zeros are always shown, and bound nothing (a
 * contact may last 0 minutes). Returns whether anything more was hidden. */
static int whole_rows(report_table *t)
{
	size_t r, c;
	int more = 0;

	for (r = 0; r < t->nrows; r++) {
		int any = 0;
		for (c = t->ngroups; c < t->ncols && !any; c++)
			any = figure_col(&t->cols[c]) && is_hidden(t, r, c);
		if (!any)
			continue;
		for (c = t->ngroups; c < t->ncols; c++) {
			double v;
			if (!figure_col(&t->cols[c]) || is_hidden(t, r, c) ||
			    !cell_figure(t, r, c, &v))
				continue;
			if (v != 0) {
				t->hidden[r * t->ncols + c] = 1;
				more = 1;
			}
		}
	}
	return more;
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

/* One count or sum column, taken apart (see part_state), under secondary
 * suppression. */
enum { ST_FIXED, ST_HIDDEN, ST_OPEN };
typedef struct colstate {
	size_t n;              /* rows */
	unsigned char *st;     /* ST_FIXED: known (published 0, absent, text);
				  ST_HIDDEN; ST_OPEN: published, may be hidden */
	unsigned char *down;   /* could be lower and still possible: above
				  its bound */
	unsigned char *up;     /* could be higher: always, but for a part that
				  only bounds its whole, which is held */
	double *v;             /* the figure hiding it would hide (costs) */
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
		if (S->up[r])
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
		if (S->up[r])
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
 * figure possible: raised when it can be (a move raise_from -> raise_to,
 * and back home by other moves), or lowered when it can be. */
static int sign_free(const graph *g, const layout *L, const colstate *S,
		     size_t e, unsigned char *seen, int *queue)
{
	if (S->up[e] &&
	    reach(g, raise_to(L, e), raise_from(L, e), e, seen, queue))
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

/* The cheapest cycle through hidden row e of one column taken apart that
 * keeps every hidden figure possible, published cells in play: its rows
 * into path (room for S->n), their number into *len, its cost into *c.
 * Returns 0 when there is none (only when a line's total is not shown as a
 * number). */
static int best_cycle(const layout *L, const colstate *S, size_t e, cost *c,
		      size_t *path, size_t *len)
{
	graph g;
	size_t *dn = cw_xmalloc((S->n ? S->n : 1) * sizeof *dn);
	size_t ndn = 0;
	cost cdn;
	int okup, okdn;

	graph_build(&g, L, S, 1);
	okup = S->up[e] &&
	       cheapest(&g, L, S, raise_to(L, e), raise_from(L, e), e, c, path, len);
	okdn = S->down[e] &&
	       cheapest(&g, L, S, raise_from(L, e), raise_to(L, e), e, &cdn, dn, &ndn);
	graph_free(&g);
	if (okdn && (!okup || cost_less(cdn, *c))) {
		*c = cdn;
		memcpy(path, dn, ndn * sizeof *dn);
		*len = ndn;
		okup = 1;
	}
	free(dn);
	return okup;
}

/* ---- secondary suppression -------------------------------------------- */

/* Column c taken apart: what is left of it once the parts split from it
 * are taken out (all of it when it has none), as one column under
 * secondary suppression. A cell is hidden where c is; open (published,
 * and may be hidden) where c is published and not 0; known where c is a
 * published 0 or a cell of the body not shown as a number. A total not
 * shown as a number is one that does not add up (sessions over
 * categories, the cases open at the end of months): it ties nothing, and
 * is free to go up or down. A cell can go down when it stays at or above
 * its bound: 0, or 1 where no part split from c counts anything in the row
 * (c's figure, hidden so at least 1, is then all in it), and at least the
 * parts that only bound c, which are held. It can go up unless c is such
 * a part itself, and its whole, held, has no room left in the row. Costs
 * are c's figures. */
static void part_state(const report_table *t, const ties *T, size_t c,
		       colstate *S)
{
	size_t r, k, w = T->whole[c];
	int bounding = w != NONE && !T->split[c];

	for (r = 0; r < t->nrows; r++) {
		double v, x, left, bound = 1, held = 0, room;

		S->st[r] = ST_FIXED;
		S->down[r] = 0;
		S->up[r] = 1;
		S->v[r] = 0;
		if (!cell_figure(t, r, c, &v)) {
			if (t->total_mask[r]) {
				S->st[r] = ST_HIDDEN;
				S->down[r] = 1;
			}
			continue;
		}
		S->v[r] = v;
		left = v;
		for (k = t->ngroups; k < t->ncols; k++) {
			if (T->whole[k] != c || !additive(&t->cols[k]) ||
			    !cell_figure(t, r, k, &x))
				continue;
			if (T->split[k]) {
				left -= x;
				if (x != 0)
					bound = 0;
			} else {
				held += x;
			}
		}
		if (held > bound)
			bound = held;
		if (is_hidden(t, r, c))
			S->st[r] = ST_HIDDEN;
		else if (v > 0)
			S->st[r] = ST_OPEN;
		S->down[r] = left - bound >= 1;
		/* The room its whole has for it: the whole less all its
		 * counted parts. */
		if (bounding && cell_figure(t, r, w, &room)) {
			for (k = t->ngroups; k < t->ncols; k++)
				if (T->whole[k] == w && additive(&t->cols[k]) &&
				    cell_figure(t, r, k, &x))
					room -= x;
			S->up[r] = room >= 1;
		}
	}
}

/* The state of every column taken apart, each with its cells fixed by the
 * equations and its moves. */
typedef struct apart {
	size_t n, ncols;
	const ties *T;
	colstate *S;           /* per column; only counts and sums */
	graph *g;
	unsigned char *fixed;  /* ncols * n */
	unsigned char *seen;
	int *queue;
} apart;

/* The rows a raise of body row b moves: b and the totals of its lines
 * (one grouping: the total row; two: its two margins and the grand
 * total), into out; their number. */
static size_t lines_of(const report_table *t, const layout *L, size_t b,
		       size_t *out)
{
	size_t m, n = 0;

	out[n++] = b;
	for (m = 0; m < t->nrows; m++) {
		unsigned k = t->total_mask[m] & 3;
		if (!t->total_mask[m])
			continue;
		if (t->ngroups == 1 || k == 3 ||
		    (k == 2 && L->a[m] == L->a[b]) ||
		    (k == 1 && L->b[m] == L->b[b]))
			out[n++] = m;
	}
	return n;
}

/* Whether column c, and every column it is a part of, is hidden in row m
 * or not shown there as a number. */
static int chain_hidden(const report_table *t, const ties *T, size_t c,
			size_t m)
{
	size_t steps = 0;
	for (; c != NONE && steps <= t->ncols; c = T->whole[c], steps++) {
		double v;
		if (cell_figure(t, m, c, &v) && !is_hidden(t, m, c))
			return 0;
	}
	return 1;
}

/* Whether figure (r, c) can be raised by 1 with everything it is a part
 * of, in a body row and the totals of its lines: all of them hidden (or
 * totals that tie nothing). Such a second table keeps every equation and
 * every relation; it is there for every figure once all is hidden. */
static int joint_raise(const report_table *t, const layout *L, const ties *T,
		       size_t c, size_t r, size_t *rows)
{
	size_t b, i, n;

	for (b = 0; b < t->nrows; b++) {
		int in = 0, all = 1;
		if (t->total_mask[b] || !is_hidden(t, b, c) ||
		    (!t->total_mask[r] && b != r))
			continue;
		n = lines_of(t, L, b, rows);
		for (i = 0; i < n && all; i++) {
			in |= rows[i] == r;
			all = chain_hidden(t, T, c, rows[i]);
		}
		if (in && all)
			return 1;
	}
	return 0;
}

/* Whether hidden figure (r, c) can be changed: one of the columns it is
 * made of can be changed in row r, or it can be raised with all it is a
 * part of. */
static int changeable(const report_table *t, const apart *A, const layout *L,
		      size_t c, size_t r, size_t *rows)
{
	size_t a;
	for (a = 0; a < A->ncols; a++)
		if (A->S[a].st && within(t, A->T, a, c) &&
		    A->S[a].st[r] == ST_HIDDEN && !A->fixed[a * A->n + r] &&
		    sign_free(&A->g[a], L, &A->S[a], r, A->seen, A->queue))
			return 1;
	return joint_raise(t, L, A->T, c, r, rows);
}

/* Hides the published cells of the cheapest cycle through row r in one of
 * the columns figure (r, c) is made of (c itself first on equal cost); if
 * there is none (a part that only bounds its whole, with no room), c in a
 * body row of r's lines and in the totals of that row's lines, so that it
 * can be raised with all it is a part of. Returns the number of cells
 * hidden. */
static int hide_cycle(report_table *t, const apart *A, const layout *L,
		      size_t c, size_t r, size_t *rows)
{
	size_t *path = cw_xmalloc((A->n ? A->n : 1) * sizeof *path);
	size_t *best = cw_xmalloc((A->n ? A->n : 1) * sizeof *best);
	size_t nbest = 0, len, i, k, a, from = NONE;
	cost cbest, cc;
	int more = 0;

	memset(&cbest, 0, sizeof cbest);
	for (k = 0; k <= A->ncols; k++) {
		a = k == 0 ? c : k - 1;
		if ((k > 0 && a == c) || !A->S[a].st ||
		    !within(t, A->T, a, c) || A->S[a].st[r] != ST_HIDDEN)
			continue;
		if (!best_cycle(L, &A->S[a], r, &cc, path, &len))
			continue;
		if (from == NONE || cost_less(cc, cbest)) {
			cbest = cc;
			from = a;
			memcpy(best, path, len * sizeof *path);
			nbest = len;
		}
	}
	if (from == NONE) {
		/* The body row: r itself, or among those whose lines r totals
		 * the one with the smallest figure, a hidden one first. */
		size_t b = t->total_mask[r] ? NONE : r, x, j, m;
		double vb = 0, v;
		for (x = 0; b != r && x < t->nrows; x++) {
			int hid;
			if (t->total_mask[x] || !cell_figure(t, x, c, &v) || v <= 0)
				continue;
			m = lines_of(t, L, x, rows);
			for (j = 1; j < m && rows[j] != r; j++)
				;
			if (j == m)
				continue;
			hid = is_hidden(t, x, c);
			if (b == NONE || (hid && !is_hidden(t, b, c)) ||
			    (hid == is_hidden(t, b, c) && v < vb)) {
				b = x;
				vb = v;
			}
		}
		nbest = b == NONE ? 0 : lines_of(t, L, b, best);
		from = c;
	}
	for (i = 0; i < nbest; i++) {
		double v;
		if (cell_figure(t, best[i], from, &v) && v != 0 &&
		    !is_hidden(t, best[i], from)) {
			t->hidden[best[i] * t->ncols + from] = 1;
			more++;
		}
	}
	free(path);
	free(best);
	return more;
}

/* Rows hidden whole, and every hidden count or sum made one that can be
 * changed, over and over until nothing changes. */
static void secondary(report_table *t, const layout *L, const ties *T)
{
	size_t n = t->nrows, nc = t->ncols, c, r;
	unsigned char *safe = cw_xcalloc(n * nc, 1), *stuck = cw_xcalloc(n * nc, 1);
	size_t *rows = cw_xmalloc((n ? n : 1) * sizeof *rows);
	apart A;

	A.n = n;
	A.ncols = nc;
	A.T = T;
	A.S = cw_xcalloc(nc, sizeof *A.S);
	A.g = cw_xcalloc(nc, sizeof *A.g);
	A.fixed = cw_xcalloc(n * nc, 1);
	A.seen = cw_xcalloc((size_t)L->nnodes, 1);
	A.queue = cw_xcalloc((size_t)L->nnodes, sizeof *A.queue);
	for (c = t->ngroups; c < nc; c++) {
		if (!additive(&t->cols[c]))
			continue;
		A.S[c].n = n;
		A.S[c].st = cw_xcalloc(n, 1);
		A.S[c].down = cw_xcalloc(n, 1);
		A.S[c].up = cw_xcalloc(n, 1);
		A.S[c].v = cw_xcalloc(n, sizeof *A.S[c].v);
	}
	for (;;) {
		size_t ec = NONE, er = NONE;

		whole_rows(t);
		for (c = 0; c < nc; c++) {
			if (!A.S[c].st)
				continue;
			part_state(t, T, c, &A.S[c]);
			real_fixed(L, &A.S[c], A.fixed + c * n);
			graph_build(&A.g[c], L, &A.S[c], 0);
		}
		for (c = 0; c < nc && ec == NONE; c++) {
			if (!A.S[c].st)
				continue;
			for (r = 0; r < n && ec == NONE; r++) {
				if (!is_hidden(t, r, c) || safe[c * n + r] ||
				    stuck[c * n + r])
					continue;
				if (changeable(t, &A, L, c, r, rows))
					safe[c * n + r] = 1;  /* hiding more keeps it so */
				else {
					ec = c;
					er = r;
				}
			}
		}
		for (c = 0; c < nc; c++)
			if (A.S[c].st)
				graph_free(&A.g[c]);
		if (ec == NONE)
			break;
		if (!hide_cycle(t, &A, L, ec, er, rows))
			stuck[ec * n + er] = 1;
	}
	for (c = 0; c < nc; c++) {
		free(A.S[c].st);
		free(A.S[c].down);
		free(A.S[c].up);
		free(A.S[c].v);
	}
	free(A.S);
	free(A.g);
	free(A.fixed);
	free(A.seen);
	free(A.queue);
	free(rows);
	free(safe);
	free(stuck);
}

/* ---- last: rates, means and medians ------------------------------------ */

/* Hidden with the count they are built on, and in every row in which a
 * count, a count of persons or a sum is hidden (a rate or a mean times
 * its published base would give back its numerator; a median goes with
 * its row). Until nothing changes, for rates built on rates. */
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
				for (k = t->ngroups; k < t->ncols && !hide; k++)
					if (figure_col(&t->cols[k]) && is_hidden(t, r, k))
						hide = 1;
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
	if (t->ngroups >= 1) {
		layout L;
		ties T;
		T.whole = cw_xmalloc(t->ncols * sizeof *T.whole);
		T.split = cw_xmalloc(t->ncols);
		parts(t, &T);
		layout_build(&L, t);
		secondary(t, &L, &T);
		layout_free(&L);
		free(T.whole);
		free(T.split);
	} else {
		/* One row, its own total: nothing ties it to another, and
		 * every hidden figure can be raised. */
		whole_rows(t);
	}
	derived(t);
	return 0;
}
