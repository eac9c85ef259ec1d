/*
 * report/report.h - the report table every sw-report report builds, the
 * parts that act on it: disclosure control (suppress.c) and output
 * (out.c), and what the reports read and write of the database
 * (store.c, store_stats.c). Not installed; ownership as in casework.h.
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
} report_col;

/* Charts the HTML page draws from a table. */
enum rchart {
	CH_NONE,
	CH_LINE,      /* over time: x the first group (months), y a column */
	CH_BAR,       /* by category: x the first group, y a column */
	CH_TARGET     /* the indicator report: each row's achieved (chart_col)
			 against its target (the column before) as a share
			 of it (chart_target.c) */
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

/* out.c: writes the table to out in fmt (jsonl, json, csv, table, the
 * Excel CSV, xlsx), or as one self-contained HTML page with the table
 * and its chart when html is 1. zh picks the Chinese labels for people
 * (table, Excel CSV, xlsx, HTML); machine keys never change. Returns 0,
 * CW_EXIT_IO, or CW_EXIT_USAGE (a workbook refused). */
int report_render(FILE *out, const report_table *t, enum cw_format fmt,
		  int html, int zh);
/* Appends a period for people to b: "2026-10-01..2026-10-31" as
 * "2026-10-01 to 2026-10-31" (2026-10-01 至 2026-10-31); one without a
 * first day, "..2026-11-15", as "up to 2026-11-15" (截至 2026-11-15); one
 * without a last day as "from 2026-10-01" (自 2026-10-01 起); text
 * without ".." as it is. */
void report_out_period(cw_buf *b, const char *p, int zh);
/* Shared by out.c and html.c. */
void report_html_page(cw_buf *b, const report_table *t, int zh);
/* html.c: text for HTML and XML alike (the five special characters as
 * entities, control characters as spaces). */
void report_html_esc(cw_buf *b, const char *s);
/* chart_target.c: the chart of CH_TARGET, as a <figure> with inline
 * SVG. */
void report_html_target_chart(cw_buf *b, const report_table *t, int zh);
/* Whether a column holds numbers (counts, sums, rates, means, medians). */
int report_out_numeric(const report_col *col);
/* A cell as shown: the hidden symbol, the total word for a total row's
 * group column, or the text. */
const char *report_out_shown(const report_table *t, size_t r, size_t c,
			     const char *total);
/* Appends row r of t to b as the JSON object -o jsonl writes for it
 * (keys, bare numbers, "x" for a hidden cell), without its newline;
 * cols and vals are scratch of t->ncols entries. */
void report_out_json_row(cw_buf *b, const report_table *t, size_t r,
			 cw_col *cols, const char **vals);
/* A report's title for people, in zh's language or else the other,
 * else its name. */
const char *report_out_title(const report_table *t, int zh);
/* A column's label for people. */
const char *report_out_label(const report_col *col, int zh);
/* A group value or case-file kind as people read it: the Chinese word for
 * a machine word of that column when zh is 1, else value unchanged. */
const char *report_out_word(const report_col *col, const char *value, int zh);
/* case.c: audits a hand-out of personal data (verb "case": a case
 * file; "ledger") to x->user, ids naming the cases, detail saying what
 * and in what form, through a connection of its own opened for writing
 * (x->db, read only, is the one the report reads). 0 or an exit code. */
int report_hand_out(const cw_ctx *x, const char *verb, const char *ids,
		    const char *detail);
/* Whether labels for people are Chinese: LC_ALL, else LC_MESSAGES, else
 * LANG begins with "zh" (whether or not that locale is installed). */
int report_locale_zh(void);

/* ---- store.c, store_stats.c: the database ---------------------------------
 * The queries return a cursor: the caller steps it (store_step) and reads
 * the columns listed (store_col_*, 0-based), and ends it with
 * report_db_end. NULL after a message. */

/* Frees a cursor after its last step (step, what store_step said last):
 * 0, or CW_EXIT_DB after "cannot WHAT" when the step failed. */
int report_db_end(cw_db *db, store_stmt *st, int step, const char *what);

/* The case file of case num, in time order (date, rank, number): date,
 * kind, id, the rank of its kind within a day, the number of its id,
 * then what its summary is made of, a to f (5-10) as text, n1 and n2
 * (11-12) as numbers: see case.c. */
store_stmt *report_db_case_file(cw_db *db, int64_t num);
/* Audits that the file of case_id (CA-n), or the ledger of the cases ids
 * names (CA-1..CA-5,CA-9), was handed to actor, detail saying in what
 * form: a batch of its own (verb "case" or "ledger"). 0 or an exit
 * code. */
int report_db_hand_out(cw_db *db, const char *actor, const char *verb,
		       const char *ids, const char *detail);

/* The ledgers (台账), as ledger.c and store_ledger.c number them. */
enum {
	REPORT_LEDGER_CONTACTS, REPORT_LEDGER_SESSIONS,
	REPORT_LEDGER_ASSESSMENTS, REPORT_LEDGER_REFERRAL_EVENTS,
	REPORT_LEDGER_CLOSURES, REPORT_LEDGER_FOLLOWUPS, REPORT_LEDGERS
};

/* What the statistical queries select. Dates as text (YYYY-MM-DD). Each
 * query's rows end with the sex and birth date of the case's client (NULL
 * when not known), after the columns listed, and then the project (its
 * code) the fact counts for (NULL for none): a contact's and a
 * referral's own, else its case's (report_db_cases and report_db_contacts
 * give theirs as listed). */
/* SQL: the worker who held case k (an expression of its id) on day d
 * (casework.7, Assignment record): the one whose assignment began latest
 * on or before it and had not ended by it; for a day before the first
 * began, the first holder (who answers for what came before); NULL for
 * a case never assigned, or without a worker that day (its worker
 * cleared). Its aliases, ho_h and ho_e, shadow no table of the query
 * around it. */
#define REPORT_HOLDER(k, d) "coalesce((SELECT ho_h.worker FROM" \
	" assignments ho_h WHERE ho_h.case_id = " k " AND ho_h.from_date <= " \
	d " AND (ho_h.to_date IS NULL OR ho_h.to_date > " d ") ORDER BY" \
	" ho_h.from_date DESC, ho_h.id DESC LIMIT 1), (SELECT ho_h.worker" \
	" FROM assignments ho_h WHERE ho_h.case_id = " k " AND NOT EXISTS" \
	" (SELECT 1 FROM assignments ho_e WHERE ho_e.case_id = " k \
	" AND ho_e.from_date <= " d ") ORDER BY ho_h.from_date, ho_h.id" \
	" LIMIT 1))"
/* SQL: the condition that it is q's worker (any without one). */
#define REPORT_HOLDER_IS(k, d) " AND (" REPORT_HOLDER(k, d) " = :worker" \
	" OR :worker IS NULL)"

typedef struct report_query {
	const char *since;           /* the period's first day; "" for none */
	const char *until;           /* its last day */
	const char *asof;            /* overdue: the day it is counted on */
	const char *worker;          /* only this worker's records, or NULL */
	const char *const *surveys;  /* the survey instruments' names (an
					assessment of one is a response, and
					says nothing of risk) */
	size_t nsurveys;
	int within_period;           /* outcomes: the baseline is the first
					assessment in the period, not the
					first ever */
	const char *project;         /* goals, outcomes: only the cases of
					this project (its code), or NULL */
} report_query;

/* Prepares sql with what q selects bound: the first nsurveys of q's
 * survey names as ?1 to ?n (their list, store_in_list, comes before
 * every other parameter in the text), then the period (:since, :until),
 * the day overdue counts on (:asof) and the worker (:worker), by name.
 * NULL after a message. */
store_stmt *report_db_query(cw_db *db, const char *sql, const report_query *q,
			    size_t nsurveys);

/* The rows of ledger kind (REPORT_LEDGER_*) in q's period, of q's
 * worker: the ledger's columns in order (ledger.c), then the case's
 * number (NULL for group sessions). */
store_stmt *report_db_ledger(cw_db *db, int kind, const report_query *q);

/* The caseload's facts: what (0 new, 1 closed, 2 reopened, 3 open on the
 * period's last day, 4 open on the last day of a month of the period:
 * only when by_month), then the case's worker, risk on the period's last
 * day ("none" when never assessed), category, referral source, the
 * month of the fact (NULL for 3), the client's sex and birth date, and
 * the closure's reason_kind (1 and 2; NULL for the others). */
store_stmt *report_db_caseload(cw_db *db, const report_query *q, int by_month);
/* Every case: id, client id, category, the client's sex and birth date,
 * project; by id. */
store_stmt *report_db_cases(cw_db *db);
/* The contacts of the period (that q's worker made): kind, worker, date,
 * case id, minutes, session id (NULL for none), its own project (NULL
 * for none). */
store_stmt *report_db_contacts(cw_db *db, const report_query *q);
/* For each case (of q's worker) and instrument, its baseline, the first
 * assessment ever (by date, then id; the first in the period with
 * q->within_period), and its follow-up, the latest in the period after
 * the baseline, when it has one: instrument, worker, category, then
 * total100 and scaled100 of the baseline and of the follow-up. */
store_stmt *report_db_outcome_pairs(cw_db *db, const report_query *q);
/* stats.c: the change from the baseline to the follow-up of the row of
 * report_db_outcome_pairs that st is on, with in's direction, and
 * whether it improved and past in's meaningful change
 * (cw_instrument_change). */
long report_pair_change(store_stmt *st, const cw_instrument *in,
			int *improved, int *meaningful);
/* The assessments of q's surveys in the period (of q's worker's cases):
 * instrument, worker, category, month, total100. */
store_stmt *report_db_survey_responses(cw_db *db, const report_query *q);
/* The goals of the period (of q's worker's cases): those whose deadline
 * falls in it, and those given a final status in it, by a progress entry
 * or as an outcome of a closure dated in it: term, status now, worker,
 * category. */
store_stmt *report_db_goals(cw_db *db, const report_query *q);
/* The changes of a referral's state in the period to sent, accepted,
 * declined or completed (of q's worker's cases): state, the service's
 * category ("other" for none), worker, month, and for a response
 * (accepted, declined) the days since it was last sent. */
store_stmt *report_db_referral_moves(cw_db *db, const report_query *q);
/* What sw-plan due lists as overdue on q's asof (due before it), one row
 * an item: kind (review, goal, task, a follow-up's kind, referral),
 * worker. */
store_stmt *report_db_overdue(cw_db *db, const report_query *q);

/* ---- store_indicators.c: the indicator report (indicators.c) ----------- */

/* Project code's contract: start, end (no row: no such project). */
store_stmt *report_db_project(cw_db *db, const char *code);
/* Its targets: indicator, target (text, up to two decimals), period
 * (YYYY-MM, YYYYQn, NULL for the contract). */
store_stmt *report_db_project_targets(cw_db *db, const char *code);
/* The counted indicators' queries, each one row of two numbers (see
 * indicators.c); satisfaction and completeness take the survey list
 * between the text and its tail (_end). */
extern const char report_sql_case_contacts[], report_sql_case_clients[],
	report_sql_group_sessions[], report_sql_group_attendance[],
	report_sql_activities[], report_sql_activity_participants[],
	report_sql_volunteers[], report_sql_volunteer_hours[],
	report_sql_volunteer_trainings[],
	report_sql_new_partners[], report_sql_satisfaction[],
	report_sql_satisfaction_end[],
	report_sql_coverage[], report_sql_timeliness[],
	report_sql_completeness[], report_sql_completeness_end[];
/* Prepares sql (then, when tail is not NULL, the list of q's surveys and
 * tail) with q's project, period and days (:days, timely_days) bound.
 * NULL after a message. */
store_stmt *report_db_indicator(cw_db *db, const char *sql, const char *tail,
				const report_query *q, int days);

#endif
