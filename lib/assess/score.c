/* assess/score.c - scoring answer records and storing assessments (sw-assess). */
#define _POSIX_C_SOURCE 200809L
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/core.h"
#include "core/core.h"
#include "assess/assess.h"

/* The columns of an assessment record, in output order. */
enum {
	A_ID, A_CASE, A_INSTRUMENT, A_VERSION, A_DATE, A_TOTAL, A_SCALED,
	A_BAND, A_RISK, A_FLAGS, A_SUBSCALES, A_CRISIS, A_REASSESS, A_CREATED,
	NA
};

static const cw_col cw_assessment_cols[NA] = {
	{"assessment_id", 0}, {"case_id", 0}, {"instrument", 0}, {"version", 0},
	{"date", 0}, {"total", 1}, {"scaled", 1}, {"band", 0}, {"risk", 0},
	{"flags", 0}, {"subscales", 0}, {"crisis_followup", 0},
	{"reassess_due", 0}, {"created_at", 0},
};

struct assess {
	cw_db *db;                   /* NULL in a dry run without one */
	const cw_instrument *in;     /* the instrument scored */
	int dry_run;
	cw_date today;
	int crisis_days;             /* crisis follow-up after this many days */
	int has_reassess;            /* schedule re-assessments */
	cw_duration reassess;        /* after this long */
	size_t nitems;
	long *answers;               /* one per item, scratch */
	int *given;                  /* which items were answered, scratch */
	cw_audit_ids *created;       /* assessments created */
	cw_audit_ids *followups;     /* follow-ups created */
	cw_audit_ids *closed;        /* re-assessment follow-ups answered */
	const char *answered_on;     /* the date of the assessment answering
					them (closed_one) */
	cw_buf json;                 /* scratch */
	/* A dry run stores nothing: fingerprints of the case, date and
	 * answers of each assessment it would have stored, so that a
	 * repeat later in the batch is skipped as in the real run (keys,
	 * the values unused), */
	core_map batch_same;
	/* and the latest date of each case it would have assessed (what
	 * the real run's query of the latest date finds among the batch's
	 * own), so that a back-dated record is told as in the real run
	 * (case id to date). */
	core_map batch_late;
	int64_t next_id;              /* the id of the first it would store */
	int64_t nstored;              /* assessments it would store */
};

/* The latest date the dry run would have assessed case_id on, or
 * INT32_MIN; with d other than INT32_MIN, notes d first. */
static cw_date batch_latest(struct assess *a, int64_t case_id, cw_date d)
{
	uint64_t *v;
	int added;

	if (d == INT32_MIN) {
		v = core_map_get(&a->batch_late, (uint64_t)case_id);
		return v ? (cw_date)(int64_t)*v : INT32_MIN;
	}
	v = core_map_put(&a->batch_late, (uint64_t)case_id, &added);
	if (added || d > (cw_date)(int64_t)*v)
		*v = (uint64_t)(int64_t)d;
	return (cw_date)(int64_t)*v;
}

/* The fingerprint of an assessment of case_id on date with answers. */
static uint64_t same_key(int64_t case_id, const char *date, const char *answers)
{
	char head[48];
	int n = snprintf(head, sizeof head, "%lld %s ", (long long)case_id, date);
	uint64_t h = cw_hash(head, (size_t)n) * 0x9e3779b97f4a7c15ULL;
	h ^= cw_hash(answers, strlen(answers));
	return h ? h : 1;
}

/* The record's value as an integer answer: a JSON number or text of
 * digits, with an optional minus sign; -1 when it is not one. */
static int parse_answer(const cw_field *f, long *out)
{
	if (f->type == CW_F_TRUE || f->type == CW_F_FALSE)
		return -1;
	return cw_parse_long(f->value, LONG_MIN, LONG_MAX, out);
}

static int output_column(const char *name)
{
	int i;
	for (i = 0; i < NA; i++)
		if (!strcmp(name, cw_assessment_cols[i].name))
			return i;
	return -1;
}

/* Whether name is a column an answer record may have: an item of the
 * instrument names->set, or a column the verb prints. */
static int answer_known(const cw_names *names, const char *name)
{
	return cw_instrument_item_index(names->set, name) >= 0 ||
	       output_column(name) >= 0;
}

/* Reads the answers and the case and date columns into a, out[] and
 * src[]. Returns 0, or CW_REJECTED after rejecting the record. */
static int map_record(struct assess *a, cw_batch *b, const cw_record *rec,
		      const char *val[NA], const char *src[NA])
{
	size_t i;
	long item, v;
	const char *why;

	memset(a->given, 0, a->nitems * sizeof *a->given);
	for (i = 0; i < rec->n; i++) {
		const cw_field *f = &rec->f[i];
		int col;
		if (cw_batch_ignored_column(f->name))
			continue;
		item = cw_instrument_item_index(a->in, f->name);
		if (item >= 0) {
			if (a->given[item]) {
				cw_batch_reject(b, rec, f->name, "item '%s' answered twice",
						cw_instrument_item_id(a->in, (size_t)item));
				return CW_REJECTED;
			}
			a->given[item] = 1;
			if (!f->value || !f->len) {
				cw_batch_reject(b, rec, f->name, "no answer");
				return CW_REJECTED;
			}
			if (parse_answer(f, &v)) {
				cw_batch_reject(b, rec, f->name, "not a whole number");
				return CW_REJECTED;
			}
			if ((why = cw_instrument_check_answer(a->in, (size_t)item, v))) {
				long lo, hi;
				cw_instrument_item_scale(a->in, (size_t)item, &lo, &hi);
				cw_batch_reject(b, rec, f->name, "%s (%ld to %ld)", why, lo, hi);
				return CW_REJECTED;
			}
			a->answers[item] = v;
			continue;
		}
		col = output_column(f->name);
		if (col < 0) {
			cw_batch_reject(b, rec, f->name, "unknown column (not an item of "
					"%s, nor case_id or date)", cw_instrument_name(a->in));
			return CW_REJECTED;
		}
		if (f->type != CW_F_NULL && f->type != CW_F_STRING &&
		    f->type != CW_F_NUMBER) {
			cw_batch_reject(b, rec, f->name, "expected text, not true or false");
			return CW_REJECTED;
		}
		src[col] = f->name;
		val[col] = f->value && f->len ? f->value : NULL;
	}
	return 0;
}

/* Every item must be answered: a score is never made of part of the
 * answers. Returns 0, or CW_REJECTED after rejecting the record. */
static int check_complete(struct assess *a, cw_batch *b, const cw_record *rec)
{
	size_t i;
	for (i = 0; i < a->nitems; i++)
		if (!a->given[i]) {
			cw_batch_reject(b, rec, NULL, "item '%s' (q%zu) is not answered",
					cw_instrument_item_id(a->in, i), i + 1);
			return CW_REJECTED;
		}
	return 0;
}

static int check_case(struct assess *a, cw_batch *b, const cw_record *rec,
		      const char *src, const char *id, int64_t *num)
{
	enum cw_kind kind;
	int r;
	if (cw_id_parse(id, &kind, num) || kind != CW_K_CASE) {
		cw_batch_reject(b, rec, src, "not a case id (CA-n)");
		return CW_REJECTED;
	}
	if (!a->db)
		return 0;
	if ((r = assess_db_case_exists(a->db, *num)) < 0)
		return CW_EXIT_DB;
	if (!r) {
		cw_batch_reject(b, rec, src, "no such case");
		return CW_REJECTED;
	}
	return 0;
}

/* "name:12; name:3.5" */
static void subscales_text(const cw_score *s, cw_buf *out)
{
	size_t i;
	char num[32];
	for (i = 0; i < s->nsub; i++) {
		cw_hundredths_format(s->sub100[i], num);
		cw_buf_printf(out, "%s%s:%s", i ? "; " : "", s->sub_name[i], num);
	}
}

static int add_followup(struct assess *a, int64_t case_id, const char *kind,
			const char *due, int64_t assessment, int64_t batch,
			const char *now)
{
	int64_t id;
	char idbuf[32];
	int rc = assess_db_followup_insert(a->db, case_id, kind, due,
					   cw_instrument_name(a->in), assessment,
					   now, batch, &id);

	if (rc)
		return rc;
	cw_id_format(CW_K_FOLLOWUP, id, idbuf);
	cw_buf_reset(&a->json);
	cw_buf_printf(&a->json, "{\"followup_id\":\"%s\",\"case_id\":\"CA-%lld\","
		      "\"kind\":\"%s\",\"due_date\":\"%s\"}", idbuf,
		      (long long)case_id, kind, due);
	cw_audit_ids_add(a->followups, id, a->json.s, a->json.len);
	return 0;
}

/* The answers as stored: {"item": value, ...} in item order. */
static void answers_json(const struct assess *a, cw_buf *out)
{
	size_t i;
	cw_buf_addch(out, '{');
	for (i = 0; i < a->nitems; i++) {
		const char *item = cw_instrument_item_id(a->in, i);
		if (i)
			cw_buf_addch(out, ',');
		cw_json_quote(out, item, strlen(item));
		cw_buf_printf(out, ":%ld", a->answers[i]);
	}
	cw_buf_addch(out, '}');
}

/* Audits a re-assessment follow-up the assessment just stored answers
 * as done. */
static void closed_one(int64_t id, void *ctx)
{
	struct assess *a = ctx;

	cw_buf_reset(&a->json);
	cw_buf_printf(&a->json, "{\"followup_id\":\"FU-%lld\",\"status\":\"done\","
		      "\"done_date\":\"%s\"}", (long long)id, a->answered_on);
	cw_audit_ids_add(a->closed, id, a->json.s, a->json.len);
}

/* Stores the assessment and its follow-ups; fills v[A_ID], v[A_CREATED]. */
static int store(struct assess *a, cw_batch *b, int64_t case_id,
		 const cw_score *s, const char *v[NA], const char *answers,
		 int backdated, int64_t *id_out, char idbuf[32], char now[21])
{
	struct assess_row r;
	int64_t id;
	int rc;

	cw_utc_now(now);
	r.case_id = case_id;
	r.instrument = v[A_INSTRUMENT];
	r.version = v[A_VERSION];
	r.date = v[A_DATE];
	r.total100 = s->total100;
	r.has_scaled = s->has_scaled;
	r.scaled100 = s->scaled100;
	r.band = v[A_BAND];
	r.risk = v[A_RISK];
	r.flags = v[A_FLAGS];
	r.subscales = v[A_SUBSCALES];
	r.answers = answers;
	r.created_at = now;
	r.batch_id = cw_batch_id(b);
	if ((rc = assess_db_assessment_insert(a->db, &r, &id)) != 0)
		return rc;
	*id_out = id;
	cw_id_format(CW_K_ASSESSMENT, id, idbuf);
	v[A_ID] = idbuf;
	v[A_CREATED] = now;
	if (v[A_CRISIS] &&
	    (rc = add_followup(a, case_id, "crisis", v[A_CRISIS], id, r.batch_id, now)))
		return rc;
	/* A back-dated assessment leaves the schedule that a later one made;
	 * any other answers the case's open re-assessments of the instrument. */
	if (backdated)
		return 0;
	a->answered_on = r.date;
	if ((rc = assess_db_reassessments_close(a->db, case_id, r.instrument, now,
						r.date, closed_one, a)) != 0)
		return rc;
	if (v[A_REASSESS] &&
	    (rc = add_followup(a, case_id, "reassessment", v[A_REASSESS], id,
			       r.batch_id, now)))
		return rc;
	return 0;
}

/* A column the tools print, given on a new record, must agree with what
 * scoring computes: output fed back is checked, never silently redone. */
static int check_readonly(cw_batch *b, const cw_record *rec,
			  const char *given[NA], const char *src[NA],
			  const char *v[NA])
{
	static const int computed[] = {
		A_INSTRUMENT, A_VERSION, A_TOTAL, A_SCALED, A_BAND, A_RISK,
		A_FLAGS, A_SUBSCALES, A_CRISIS, A_REASSESS
	};
	size_t i;
	for (i = 0; i < sizeof computed / sizeof computed[0]; i++) {
		int c = computed[i];
		if (src[c] && given[c] && !core_same(given[c], v[c])) {
			cw_batch_reject(b, rec, src[c], "read-only; it differs from the "
					"value scoring gives");
			return CW_REJECTED;
		}
	}
	if (src[A_CREATED] && given[A_CREATED]) {
		cw_batch_reject(b, rec, src[A_CREATED], "read-only; leave it empty "
				"for a new assessment");
		return CW_REJECTED;
	}
	return 0;
}

/* A record carrying an assessment id (the tools' output fed back): a
 * stored assessment is skipped; anything else is refused. Returns 0, 1
 * (skipped or rejected) or an exit code. */
static int known_assessment(struct assess *a, cw_batch *b, const cw_record *rec,
			    const char *src, const char *id)
{
	enum cw_kind kind;
	int64_t num;
	int r;

	if (cw_id_parse(id, &kind, &num) || kind != CW_K_ASSESSMENT) {
		cw_batch_reject(b, rec, src, "not an assessment id (AS-n)");
		return CW_REJECTED;
	}
	if (!a->db) {
		cw_batch_reject(b, rec, src, "no such assessment (no database)");
		return CW_REJECTED;
	}
	/* One the dry run would have stored earlier, by the id the real
	 * run gives it. */
	if (a->dry_run && a->nstored && num >= a->next_id &&
	    num - a->next_id < a->nstored) {
		char canon[32];
		cw_id_format(CW_K_ASSESSMENT, num, canon);
		cw_batch_skip(b, rec, "already stored as %s", canon);
		return CW_REJECTED;
	}
	r = assess_db_assessment_exists(a->db, num, cw_instrument_name(a->in));
	if (r < 0)
		return CW_EXIT_DB;
	if (r) {
		char canon[32];
		cw_id_format(CW_K_ASSESSMENT, num, canon);
		cw_batch_skip(b, rec, "already stored as %s", canon);
	} else {
		cw_batch_reject(b, rec, src, "no such %s assessment",
				cw_instrument_name(a->in));
	}
	return CW_REJECTED;
}

/* The stored assessment with the same case, instrument, date and answers
 * (*dup, "AS-n"), and the latest date of the instrument for the case
 * (*last); either NULL when there is none. */
static int lookup(struct assess *a, int64_t case_id, const char *answers,
		  cw_date d, char **dup, char **last)
{
	const char *instrument = cw_instrument_name(a->in);
	char date[11];
	int64_t id;
	int r;

	cw_date_format(d, date);
	r = assess_db_assessment_same(a->db, case_id, instrument, date, answers, &id);
	if (r < 0)
		return CW_EXIT_DB;
	if (r) {
		char idbuf[32];
		cw_id_format(CW_K_ASSESSMENT, id, idbuf);
		*dup = cw_xstrdup(idbuf);
	}
	return assess_db_latest_date(a->db, case_id, instrument, last);
}

static int score_record(void *ctx, cw_batch *b, const cw_record *rec)
{
	struct assess *a = ctx;
	const char *given[NA] = {0}, *src[NA] = {0}, *v[NA] = {0}, *why;
	char date[11], total[32], scaled[32], crisis[11], reassess[11];
	char idbuf[32], now[21];
	cw_buf flags, subs, answers;
	cw_score s;
	cw_date d = a->today, due;
	int64_t case_id = 0;
	int rc = 0, backdated = 0;

	crisis[0] = '\0';
	cw_buf_init(&subs);
	cw_buf_init(&answers);
	if (map_record(a, b, rec, given, src))
		goto out;
	if (given[A_ID]) {
		rc = known_assessment(a, b, rec, src[A_ID], given[A_ID]);
		goto out;
	}
	if (check_complete(a, b, rec))
		goto out;
	if (given[A_CASE]) {
		rc = check_case(a, b, rec, src[A_CASE], given[A_CASE], &case_id);
		if (rc)
			goto out;
	} else if (!a->dry_run) {
		cw_batch_reject(b, rec, "case_id", "required (the case assessed, CA-n)");
		goto out;
	}
	if (given[A_DATE]) {
		if (cw_date_parse(given[A_DATE], &d, &why)) {
			cw_batch_reject(b, rec, src[A_DATE], "%s", why);
			goto out;
		}
		if (d > a->today) {
			cw_batch_reject(b, rec, src[A_DATE], "is in the future");
			goto out;
		}
	}
	cw_buf_reset(&answers);
	answers_json(a, &answers);
	if (a->db && case_id) {
		char *dup = NULL, *last = NULL;
		rc = lookup(a, case_id, answers.s, d, &dup, &last);
		if (!rc && dup)
			cw_batch_skip(b, rec, "already stored as %s (same case, date "
				      "and answers)", dup);
		if (!rc && !dup && a->dry_run) {
			char dd[11];
			cw_date_format(d, dd);
			if (core_map_get(&a->batch_same, same_key(case_id, dd, answers.s))) {
				cw_batch_skip(b, rec, "the same as an earlier record of "
					      "this batch (same case, date and answers)");
				free(last);
				goto out;
			}
		}
		if (!rc && !dup) {
			cw_date ld = INT32_MIN, bl;
			const char *w;
			if (last && cw_date_parse(last, &ld, &w))
				ld = INT32_MIN;
			/* A dry run: the latest among those it would store too. */
			if (a->dry_run && (bl = batch_latest(a, case_id, INT32_MIN)) > ld)
				ld = bl;
			backdated = d < ld;
		}
		free(last);
		if (rc || dup) {
			free(dup);
			goto out;
		}
	}
	cw_instrument_score(a->in, a->answers, &s);
	cw_date_format(d, date);
	cw_hundredths_format(s.total100, total);
	cw_hundredths_format(s.scaled100, scaled);
	subscales_text(&s, &subs);
	v[A_CASE] = given[A_CASE];
	v[A_INSTRUMENT] = cw_instrument_name(a->in);
	v[A_VERSION] = cw_instrument_version(a->in);
	v[A_DATE] = date;
	v[A_TOTAL] = total;
	v[A_SCALED] = s.has_scaled ? scaled : NULL;
	v[A_BAND] = s.band;
	v[A_RISK] = cw_risk_name(s.risk);
	v[A_FLAGS] = s.flags[0] ? s.flags : NULL;
	v[A_SUBSCALES] = subs.len ? subs.s : NULL;
	if (s.risk >= CW_RISK_HIGH) {
		cw_duration days = {a->crisis_days, 'd'};
		if (cw_date_add(d, days, &due)) {
			cw_batch_reject(b, rec, src[A_DATE], "the crisis follow-up "
					"would fall after the year 9999");
			goto out;
		}
		cw_date_format(due, crisis);
		v[A_CRISIS] = crisis;
	}
	if (a->has_reassess && !backdated) {
		if (cw_date_add(d, a->reassess, &due)) {
			cw_batch_reject(b, rec, src[A_DATE], "the re-assessment would "
					"fall after the year 9999");
			goto out;
		}
		cw_date_format(due, reassess);
		v[A_REASSESS] = reassess;
	}
	if (check_readonly(b, rec, given, src, v))
		goto out;
	if (s.risk >= CW_RISK_HIGH) {
		/* Never missed: on stderr whatever stdout is, naming the case,
		 * never the person. */
		cw_buf_init(&flags);
		cw_buf_printf(&flags, "%s risk on %s", cw_risk_name(s.risk), v[A_INSTRUMENT]);
		if (s.flags[0])
			cw_buf_printf(&flags, " (%s)", s.flags);
		cw_error_at(cw_batch_file(b), rec->line, NULL, "warning: %s: %s; crisis "
			    "follow-up due %s", given[A_CASE] ? given[A_CASE] : "no case",
			    flags.s, crisis);
		cw_buf_release(&flags);
	}
	if (!a->dry_run) {
		int64_t id = 0;
		if ((rc = store(a, b, case_id, &s, v, answers.s, backdated, &id,
				idbuf, now)) != 0)
			goto out;
		cw_buf_reset(&a->json);
		cw_json_record(&a->json, cw_assessment_cols, NA, v);
		cw_audit_ids_add(a->created, id, a->json.s, a->json.len);
	} else if (a->db && case_id) {
		core_map_put(&a->batch_same, same_key(case_id, date, answers.s), NULL);
		batch_latest(a, case_id, d);
		if (!a->nstored && (a->next_id = assess_db_assessment_next_id(a->db)) < 0) {
			rc = CW_EXIT_DB;
			goto out;
		}
		a->nstored++;
	}
	cw_batch_stored(b, v);
out:
	cw_buf_release(&subs);
	cw_buf_release(&answers);
	return rc;
}

static int score_finish(void *ctx, cw_batch *b)
{
	struct assess *a = ctx;
	(void)b;
	if (cw_audit_ids_write(a->db, a->created, "insert") ||
	    cw_audit_ids_write(a->db, a->closed, "done"))
		return CW_EXIT_DB;
	return cw_audit_ids_write(a->db, a->followups, "insert") ? CW_EXIT_DB : 0;
}

int assess_score(const cw_ctx *x, const cw_batch_opts *o, const char *instrument,
		 const cw_duration *reassess, char **files, size_t nfiles)
{
	struct assess a;
	cw_instruments *all = NULL;
	cw_names names = {answer_known, NULL, 0};
	int rc;

	memset(&a, 0, sizeof a);
	a.db = x->db;
	a.dry_run = o->dry_run;
	a.today = x->today;
	a.crisis_days = x->cfg->crisis_followup_days;
	if ((rc = assess_instrument_find(&all, &a.in, x->cfg, instrument)) != 0)
		return rc;
	cw_buf_init(&a.json);
	a.created = cw_audit_ids_new(CW_K_ASSESSMENT);
	a.followups = cw_audit_ids_new(CW_K_FOLLOWUP);
	a.closed = cw_audit_ids_new(CW_K_FOLLOWUP);
	a.nitems = cw_instrument_items(a.in);
	a.answers = cw_xcalloc(a.nitems, sizeof *a.answers);
	a.given = cw_xcalloc(a.nitems, sizeof *a.given);
	if (reassess) {
		a.has_reassess = 1;
		a.reassess = *reassess;
	} else {
		a.has_reassess = cw_instrument_reassess(a.in, &a.reassess);
	}
	names.set = a.in;
	rc = store_batch_run(o, x->out, a.db, files, nfiles, cw_assessment_cols, NA, &names,
			  score_record, score_finish, &a);
	cw_audit_ids_free(a.closed);
	cw_instruments_free(all);
	cw_audit_ids_free(a.created);
	cw_audit_ids_free(a.followups);
	cw_buf_release(&a.json);
	core_map_release(&a.batch_same);
	core_map_release(&a.batch_late);
	free(a.answers);
	free(a.given);
	return rc;
}
