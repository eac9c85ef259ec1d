/* assess/query.c - instruments, a case's assessment history, current risk. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>
#include "assess/assess.h"

static const cw_col instrument_cols[] = {
	{"instrument", 0}, {"version", 0}, {"kind", 0}, {"items", 1},
	{"title", 0}, {"title_zh", 0}, {"reassess", 0}, {"licence", 0},
};
#define NINSTR (sizeof instrument_cols / sizeof instrument_cols[0])

int assess_instrument_find(cw_instruments **all, const cw_instrument **in,
			   const cw_config *cfg, const char *name)
{
	int rc = cw_instruments_load(all, cfg->instrument_dir);

	if (rc || !name)
		return rc;
	if (!(*in = cw_instruments_find(*all, name))) {
		cw_instruments_free(*all);
		*all = NULL;
		return cw_usage_error("unknown instrument '%s' (see sw-assess instruments)",
				      name);
	}
	return 0;
}

/* case_id as a case's number: 0 and *num, or CW_EXIT_DATA after a
 * message. */
static int case_number(const char *case_id, int64_t *num)
{
	enum cw_kind kind;

	if (cw_id_parse(case_id, &kind, num) || kind != CW_K_CASE) {
		cw_error("'%s' is not a case id (CA-n)", case_id);
		return CW_EXIT_DATA;
	}
	return 0;
}

int assess_check(const cw_config *cfg, const char *name, const char *case_id)
{
	cw_instruments *all = NULL;
	const cw_instrument *in;
	int64_t num;
	int rc = case_id ? case_number(case_id, &num) : 0;

	if (!rc)
		rc = assess_instrument_find(&all, &in, cfg, name);
	cw_instruments_free(all);
	return rc;
}

int assess_instruments(const cw_ctx *x, enum cw_format fmt)
{
	cw_instruments *all;
	cw_writer *w;
	size_t i;
	int rc = assess_instrument_find(&all, NULL, x->cfg, NULL);

	if (rc)
		return rc;
	w = cw_writer_new(x->out, fmt, instrument_cols, NINSTR);
	for (i = 0; i < cw_instruments_count(all); i++) {
		const cw_instrument *in = cw_instruments_at(all, i);
		char items[32], every[32];
		cw_duration d;
		const char *v[NINSTR];
		snprintf(items, sizeof items, "%zu", cw_instrument_items(in));
		every[0] = '\0';
		if (cw_instrument_reassess(in, &d))
			snprintf(every, sizeof every, "%d%c", d.n, d.unit);
		v[0] = cw_instrument_name(in);
		v[1] = cw_instrument_version(in);
		v[2] = cw_instrument_kind(in);
		v[3] = items;
		v[4] = cw_instrument_title(in, 0);
		v[5] = cw_instrument_title(in, 1);
		v[6] = every[0] ? every : NULL;
		v[7] = cw_instrument_licence(in);
		cw_writer_row(w, v);
	}
	if (cw_writer_finish(w)) {
		rc = cw_writer_failed(w, 0);
	} else if (!cw_writer_rows(w)) {
		rc = CW_EXIT_EMPTY;
	}
	cw_writer_free(w);
	cw_instruments_free(all);
	return rc;
}

int assess_instrument(const cw_ctx *x, const char *name)
{
	cw_instruments *all;
	const cw_instrument *in;
	const char *json;
	size_t n;
	int rc = assess_instrument_find(&all, &in, x->cfg, name);

	if (rc)
		return rc;
	json = cw_instrument_json(in);
	n = strlen(json);
	fputs(json, x->out);
	if (!n || json[n - 1] != '\n')
		fputc('\n', x->out);
	cw_instruments_free(all);
	return 0;
}

/* ---- history ---------------------------------------------------------- */

enum {
	H_ID, H_CASE, H_INSTRUMENT, H_DATE, H_TOTAL, H_SCALED, H_BAND, H_RISK,
	H_FLAGS, H_CH_BASE, H_IMP_BASE, H_MEAN_BASE, H_CH_PREV, H_IMP_PREV,
	H_MEAN_PREV, NH
};

static const cw_col history_cols[NH] = {
	{"assessment_id", 0}, {"case_id", 0}, {"instrument", 0}, {"date", 0},
	{"total", 1}, {"scaled", 1}, {"band", 0}, {"risk", 0}, {"flags", 0},
	{"change_from_baseline", 1}, {"improved_from_baseline", 0},
	{"meaningful_from_baseline", 0}, {"change_from_previous", 1},
	{"improved_from_previous", 0}, {"meaningful_from_previous", 0},
};

/* Change from a to b, written into the three columns at v[col..]. */
static void change_cols(const cw_instrument *in, const cw_score *a,
			const cw_score *b, const char *v[NH], int col,
			char num[32])
{
	int improved, meaningful;
	long d = cw_instrument_change(in, a, b, &improved, &meaningful);

	cw_hundredths_format(d, num);
	v[col] = num;
	v[col + 1] = d == 0 ? "unchanged" : improved ? "yes" : "no";
	v[col + 2] = cw_instrument_threshold(in, NULL) ? (meaningful ? "yes" : "no")
						       : NULL;
}

int assess_history(const cw_ctx *x, const char *case_id, enum cw_format fmt)
{
	cw_instruments *all = NULL;
	store_stmt *st = NULL;
	cw_writer *w = NULL;
	int64_t num;
	int rc, r;
	char *prev_instr = NULL;
	cw_score base, prev;

	if ((rc = case_number(case_id, &num)) != 0 ||
	    (rc = assess_instrument_find(&all, NULL, x->cfg, NULL)) != 0 ||
	    (rc = store_case_stored(x->db, num)) != 0)
		goto out;
	if (!(st = assess_db_history(x->db, num))) {
		rc = CW_EXIT_DB;
		goto out;
	}
	w = cw_writer_new(x->out, fmt, history_cols, NH);
	while ((r = store_step_out(st, w)) == STORE_ROW) {
		const char *v[NH] = {0};
		char total[32], scaled[32], c1[32], c2[32];
		const char *instr = store_col_text(st, 2);
		const cw_instrument *in = cw_instruments_find(all, instr);
		cw_score cur;
		int i;

		memset(&cur, 0, sizeof cur);
		cur.total100 = store_col_int(st, 4);
		cur.has_scaled = store_col_type(st, 5) != STORE_NULL;
		cur.scaled100 = store_col_int(st, 5);
		for (i = 0; i < 4; i++)
			v[i] = store_col_text(st, i);
		cw_hundredths_format(cur.total100, total);
		cw_hundredths_format(cur.scaled100, scaled);
		v[H_TOTAL] = total;
		v[H_SCALED] = cur.has_scaled ? scaled : NULL;
		v[H_BAND] = store_col_text(st, 6);
		v[H_RISK] = store_col_text(st, 7);
		v[H_FLAGS] = store_col_text(st, 8);
		if (prev_instr && !strcmp(prev_instr, instr) && in) {
			change_cols(in, &base, &cur, v, H_CH_BASE, c1);
			change_cols(in, &prev, &cur, v, H_CH_PREV, c2);
		} else {
			free(prev_instr);
			prev_instr = cw_xstrdup(instr);
			base = cur;
		}
		prev = cur;
		cw_writer_row(w, v);
	}
	if (r != STORE_DONE)
		rc = store_fail(x->db, "read assessments");
	if (cw_writer_finish(w)) {
		rc = cw_writer_failed(w, rc);
	}
	if (!rc && !cw_writer_rows(w))
		rc = CW_EXIT_EMPTY;
out:
	free(prev_instr);
	cw_writer_free(w);
	store_finalize(st);
	cw_instruments_free(all);
	return rc;
}

/* ---- current risk ------------------------------------------------------- */

static const cw_col risk_cols[] = {
	{"case_id", 0}, {"risk", 0}, {"instruments", 0}, {"latest", 0},
	{"worker", 0},
};

int assess_risk(const cw_ctx *x, const char *worker, enum cw_format fmt)
{
	cw_instruments *all;
	const char **surveys;
	store_stmt *st;
	size_t i, n = 0;
	int rc;

	/* The definitions say which instruments are surveys (kind survey,
	 * such as the built-in satisfaction): a survey says nothing of risk. */
	if ((rc = assess_instrument_find(&all, NULL, x->cfg, NULL)) != 0)
		return rc;
	surveys = cw_xcalloc(cw_instruments_count(all) + 1, sizeof *surveys);
	for (i = 0; i < cw_instruments_count(all); i++) {
		const cw_instrument *in = cw_instruments_at(all, i);
		if (!strcmp(cw_instrument_kind(in), "survey"))
			surveys[n++] = cw_instrument_name(in);
	}
	st = assess_db_risk(x->db, worker, surveys, n);
	rc = st ? store_print(x->db, x->out, st, risk_cols,
			      sizeof risk_cols / sizeof risk_cols[0], fmt)
		: CW_EXIT_DB;
	store_finalize(st);
	free(surveys);
	cw_instruments_free(all);
	return rc;
}
