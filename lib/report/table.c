/* report/table.c - the table a report builds before it is printed. */
#include <stdlib.h>
#include <string.h>
#include "report/report.h"

void report_init(report_table *t, const char *name, const report_col *cols,
		 size_t ncols, size_t ngroups)
{
	memset(t, 0, sizeof *t);
	t->name = name;
	t->cols = cols;
	t->ncols = ncols;
	t->ngroups = ngroups;
	t->chart = CH_NONE;
	t->chart_col = -1;
}

/* Rows grow by doubling: a report over a year of contacts has as many
 * rows as groups, never as many as records. */
void report_add_row(report_table *t, const char *const *vals, unsigned total_mask)
{
	size_t i;
	if (t->nrows == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 16;
		t->cell = cw_xrealloc(t->cell, t->cap * t->ncols * sizeof *t->cell);
		t->total_mask = cw_xrealloc(t->total_mask, t->cap * sizeof *t->total_mask);
		t->hidden = cw_xrealloc(t->hidden, t->cap * t->ncols);
	}
	for (i = 0; i < t->ncols; i++)
		t->cell[t->nrows * t->ncols + i] = vals[i] ? cw_xstrdup(vals[i]) : NULL;
	memset(t->hidden + t->nrows * t->ncols, 0, t->ncols);
	t->total_mask[t->nrows] = total_mask;
	t->nrows++;
}

const char *report_cell(const report_table *t, size_t row, size_t col)
{
	return t->cell[row * t->ncols + col];
}

void report_release(report_table *t)
{
	size_t i;
	for (i = 0; i < t->nrows * t->ncols; i++)
		free(t->cell[i]);
	free(t->cell);
	free(t->total_mask);
	free(t->hidden);
	memset(t, 0, sizeof *t);
}
