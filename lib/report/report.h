/*
 * report/report.h - the report table every sw-report report builds, and the
 * parts that act on it: disclosure control (suppress.c) and output
 * (out.c). Not installed; ownership as in casework.h.
 */
#ifndef CW_REPORT_H
#define CW_REPORT_H

#include "store/store.h"
#include "verbs.h"

/* What a column holds. Counts and sums are additive: a total row is the
 * sum of the rows it totals. Distinct counts (服务人数) are not. */
enum rcol_kind {
	RC_GROUP,     /* a grouping value (worker, month, category, ...) */
	RC_COUNT,     /* a count of records, additive */
	RC_SUM,       /* a sum (minutes), additive */
	RC_DISTINCT,  /* a count of distinct persons: not additive */
	RC_RATE,      /* a percentage built on a count (see base) */
	RC_MEAN,      /* a mean built on a count (see base) */
	RC_MEDIAN,    /* a median built on a count (see base) */
	RC_TEXT       /* other text (case file entries) */
};

typedef struct report_col {
	const char *key;      /* machine key: frozen, the same in every locale */
	const char *en;       /* label for people, English */
	const char *zh;       /* label for people, Chinese */
	enum rcol_kind kind;
	int base;             /* RC_RATE/MEAN/MEDIAN: the column of the count it
				 is built on (hidden with it); else -1 */
	int text;             /* 1: keep as text in --excel (ids, phones) */
} report_col;

/* Charts the HTML page draws from a table. */
enum rchart {
	CH_NONE,
	CH_LINE,      /* over time: x the first group (months), y a column */
	CH_BAR        /* by category: x the first group, y a column */
};

/* A report: named columns (group columns first) and rows of text. The
 * rows that total others carry "total" in the group columns they total
 * (total_mask bit g set for group column g), so a table of one grouping
 * has one total row and a table of two has the margins of both and the
 * grand total. */
typedef struct report_table {
	const char *name;          /* report name: "caseload" */
	const char *title_en;      /* titles for people */
	const char *title_zh;
	const char *period;        /* "2026-10-01..2026-10-31", or NULL */
	const report_col *cols;    /* not owned */
	size_t ncols;
	size_t ngroups;            /* the first ngroups columns are groups */
	char **cell;               /* nrows * ncols texts, owned; NULL absent */
	unsigned *total_mask;      /* per row */
	unsigned char *hidden;     /* nrows * ncols, set by report_suppress */
	size_t nrows, cap;
	enum rchart chart;         /* what the HTML page draws */
	int chart_col;             /* the value column it draws */
	const char *chart_en;      /* chart caption */
	const char *chart_zh;
} report_table;

/* table.c: building tables. */
void report_init(report_table *t, const char *name, const report_col *cols,
		 size_t ncols, size_t ngroups);
/* Appends a row (vals[i] copied; NULL absent) with its total mask. */
void report_add_row(report_table *t, const char *const *vals, unsigned total_mask);
/* The text of a cell. */
const char *report_cell(const report_table *t, size_t row, size_t col);
void report_release(report_table *t);

/* dset.c: a set of distinct ids (zeroed to start), for distinct
 * counts. */
typedef struct report_dset {
	size_t n;            /* the ids in the set */
	uint64_t *bits;      /* bit v: id v, for 0 <= v < 64 * nwords; owned */
	size_t nwords;
	int64_t *slot;       /* the other ids, hashed (INT64_MIN: free); owned */
	size_t cap, used;    /* slots (a power of two, or 0), and those used */
} report_dset;
/* Adds id v (any but INT64_MIN) unless it is there. */
void report_dset_add(report_dset *s, int64_t v);
/* Releases its memory and empties it. */
void report_dset_release(report_dset *s);

/* suppress.c: hides counts from 1 to n (primary suppression) and
 * whatever else must go so that no hidden cell can be worked out exactly
 * from the published cells and totals (secondary suppression), for tables
 * of up to two groupings; a row with a hidden figure is hidden whole, and
 * rates, means and medians built on a hidden count are hidden with it. Returns 0, or CW_EXIT_USAGE (after a message)
 * for a table of more than two groupings. */
int report_suppress(report_table *t, long n);
/* The symbol a hidden cell shows in every format. */
#define REPORT_HIDDEN "x"

/* out.c: writes the table to stdout in fmt (jsonl, json, csv,
 * table), or as CSV for Excel and WPS when excel is 1 (a BOM, CRLF, ids
 * and phones kept as text, formula-like cells neutralised), or as one
 * self-contained HTML page with the table and its chart when html is 1.
 * zh picks the Chinese labels for people (table and HTML); machine keys
 * never change. Returns 0 or CW_EXIT_IO. */
int report_render(const report_table *t, enum cw_format fmt, int excel,
		  int html, int zh);
/* Shared by out.c and html.c. */
void report_html_page(cw_buf *b, const report_table *t, int zh);
/* Whether a column holds numbers (counts, sums, rates, means, medians). */
int report_out_numeric(const report_col *col);
/* Whether s is a number as the reports write them. */
int report_out_is_number(const char *s);
/* A cell as shown: the hidden symbol, the total word for a total row's
 * group column, or the text. */
const char *report_out_shown(const report_table *t, size_t r, size_t c,
			     const char *total);
/* A column's label for people. */
const char *report_out_label(const report_col *col, int zh);
/* A group value or case-file kind as people read it: the Chinese word for
 * a machine word of that column when zh is 1, else value unchanged. */
const char *report_out_word(const report_col *col, const char *value, int zh);
/* Whether labels for people are Chinese: LC_ALL, else LC_MESSAGES, else
 * LANG begins with "zh" (whether or not that locale is installed). */
int report_locale_zh(void);

#endif
