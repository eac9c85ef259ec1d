/* project/programme.c - group programmes (小组, sw-project programmes):
 * a series of group sessions under one programme, with its aims, its
 * members and its current stage (MZ/T 095-2017); shown with its sessions
 * and attendance (sw-project show GP-n). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "project/project.h"

enum {
	M_ID, M_TITLE, M_AIMS, M_MEMBERS, M_STAGE, M_CREATED, M_PROJECT, NM
};

static const cw_fieldspec programme_fields[NM] = {
	{"programme_id", {"小组编号"}},
	{"title", {"小组名称"}},
	{"aims", {"小组目标"}},
	{"members", {"组员"}},
	{"stage", {"阶段"}},
	{"created_at", {"创建时间"}},
	{"project", {"项目"}},
};
static const cw_names programme_names = CW_FIELDS_NAMES(programme_fields, NM);

static const cw_col programme_cols[NM] = {
	{"programme_id", 0}, {"title", 0}, {"aims", 0}, {"members", 0},
	{"stage", 0}, {"created_at", 0}, {"project", 0},
};

/* Whether id is an item of list (items joined with ", "). */
static int in_list(const char *list, const char *id)
{
	size_t n = strlen(id);
	const char *p;

	for (p = list; (p = strstr(p, id)) != NULL; p += n)
		if ((p == list || p[-1] == ' ') && (p[n] == ',' || !p[n]))
			return 1;
	return 0;
}

/* The place of a stage in the order of MZ/T 095-2017 (筹备期 first). */
static int stage_rank(const char *stage)
{
	static const char *const order[] = {
		"preparation", "formation", "transition", "maturity", "ending"
	};
	int i;

	for (i = 0; i < (int)(sizeof order / sizeof order[0]); i++)
		if (!strcmp(order[i], stage))
			return i;
	return -1;
}

static int by_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/* The members' case ids ids[0..n) into out in the order of their ids,
 * joined with ", " (as the man page promises); sorts ids. */
static void members_text(int64_t *ids, size_t n, cw_buf *out)
{
	char c[32];
	size_t i;

	qsort(ids, n, sizeof *ids, by_id);
	cw_buf_reset(out);
	for (i = 0; i < n; i++) {
		if (i && ids[i] == ids[i - 1])
			continue;
		cw_id_format(CW_K_CASE, ids[i], c);
		cw_buf_printf(out, "%s%s", out->len ? ", " : "", c);
	}
}

/* The stage a record gives (NULL: dflt) into *stage. 0 or CW_REJECTED. */
static int stage_of(cw_batch *b, const cw_record *rec, const char *hdr,
		    const char *given, const char *dflt, const char **stage)
{
	char why[256];

	if (!given) {
		*stage = dflt;
		return 0;
	}
	if (!(*stage = store_vocab_canon(&store_vocab_programme_stage, given))) {
		cw_batch_reject(b, rec, hdr, "not a stage of a group (%s, or their "
				"Chinese names: 筹备期 ...)", store_vocab_list(
				&store_vocab_programme_stage, " or ", why, sizeof why));
		return CW_REJECTED;
	}
	return 0;
}

/* A programme read back with its id: the fields it gives must be the
 * stored ones, but for the stage, which it may move on, and the members,
 * which it may add to. out (the record as it then is) filled from the
 * stored row st. 0, CW_REJECTED or an exit code. */
static int change(project_work *w, cw_batch *b, const cw_record *rec,
		  const char **v, const char **src, const char **out,
		  char idbuf[32], char now[21], cw_buf *members)
{
	static const size_t fixed[] = {M_TITLE, M_AIMS, M_PROJECT};
	const char *stage, *before[NM] = {0}, *after[NM] = {0};
	int changed[NM] = {0};
	enum cw_kind kind;
	int64_t id, *cases = NULL;
	size_t n = 0, i;
	store_stmt *st;
	cw_buf given;
	int r, rc = 0;

#define HDR(i) store_fields_hdr(programme_fields, src, (i))
	if (cw_id_parse(v[M_ID], &kind, &id) || kind != CW_K_PROGRAMME) {
		cw_batch_reject(b, rec, HDR(M_ID), "not a group programme id (GP-n)");
		return CW_REJECTED;
	}
	cw_id_format(CW_K_PROGRAMME, id, idbuf);
	if (!w->db || !(st = project_db_programme_get(w->db)))
		return w->db ? CW_EXIT_DB : (cw_batch_reject(b, rec, HDR(M_ID),
				"no such programme"), CW_REJECTED);
	store_bind_int(st, 1, id);
	if ((r = store_step(st)) != STORE_ROW) {
		store_reset(st);
		if (r != STORE_DONE)
			return store_fail(w->db, "read the group programmes");
		cw_batch_reject(b, rec, HDR(M_ID), "no such programme");
		return CW_REJECTED;
	}
	for (i = 0; i < sizeof fixed / sizeof fixed[0]; i++) {
		const char *stored = store_col_text(st, fixed[i] == M_TITLE ? 0 :
						    fixed[i] == M_AIMS ? 1 : 3);
		if (v[fixed[i]] && (!stored || strcmp(stored, v[fixed[i]]))) {
			cw_batch_reject(b, rec, HDR(fixed[i]), "differs from the "
					"stored programme %s: only its stage and "
					"members change", idbuf);
			store_reset(st);
			return CW_REJECTED;
		}
	}
	out[M_TITLE] = cw_xstrdup(store_col_text(st, 0));
	out[M_AIMS] = store_col_text(st, 1) ? cw_xstrdup(store_col_text(st, 1)) : NULL;
	before[M_STAGE] = cw_xstrdup(store_col_text(st, 2));
	out[M_PROJECT] = store_col_text(st, 3) ? cw_xstrdup(store_col_text(st, 3)) :
			 NULL;
	before[M_MEMBERS] = store_col_text(st, 4) ? cw_xstrdup(store_col_text(st, 4)) :
			    NULL;
	out[M_CREATED] = cw_xstrdup(store_col_text(st, 5));
	store_reset(st);
	if (v[M_CREATED] && strcmp(v[M_CREATED], out[M_CREATED])) {
		cw_batch_reject(b, rec, HDR(M_CREATED), "differs from the stored "
				"programme %s: read-only, when it was recorded",
				idbuf);
		rc = CW_REJECTED;
		goto out;
	}
	if ((rc = stage_of(b, rec, HDR(M_STAGE), v[M_STAGE], before[M_STAGE],
			   &stage)) != 0)
		goto out;
	if (stage_rank(stage) < stage_rank(before[M_STAGE])) {
		cw_batch_reject(b, rec, HDR(M_STAGE), "cannot move back from %s "
				"to %s", before[M_STAGE], stage);
		rc = CW_REJECTED;
		goto out;
	}
	cw_buf_init(&given);
	rc = plan_case_list(w->db, b, rec, HDR(M_MEMBERS), v[M_MEMBERS], 0, &cases,
			    &n, &given);
	cw_buf_release(&given);
	if (rc)
		goto out;
#undef HDR
	/* the members after: those stored and those new, in the order of
	 * their case ids */
	{
		int64_t *all = cw_xcalloc(n + 1, sizeof *all), cid;
		size_t nall = 0;
		const char *p = before[M_MEMBERS];

		while (p && *p) {
			char item[32];
			size_t len = strcspn(p, ",");

			if (len < sizeof item) {
				memcpy(item, p, len);
				item[len] = '\0';
				if (!cw_id_parse(item, &kind, &cid) &&
				    kind == CW_K_CASE) {
					all = cw_xrealloc(all, (nall + n + 1) *
							  sizeof *all);
					all[nall++] = cid;
				}
			}
			p += len;
			p += strspn(p, ", ");
		}
		for (i = 0; i < n; i++) {
			char c[32];
			cw_id_format(CW_K_CASE, cases[i], c);
			if (before[M_MEMBERS] && in_list(before[M_MEMBERS], c))
				cases[i] = 0;
			else
				all[nall++] = cases[i];
		}
		members_text(all, nall, members);
		free(all);
	}
	after[M_STAGE] = stage;
	after[M_MEMBERS] = members->len ? members->s : NULL;
	changed[M_STAGE] = strcmp(stage, before[M_STAGE]) != 0;
	changed[M_MEMBERS] = (members->len ? members->s : NULL) != NULL &&
		(!before[M_MEMBERS] || strcmp(members->s, before[M_MEMBERS]));
	out[M_ID] = idbuf;
	out[M_STAGE] = stage;
	out[M_MEMBERS] = after[M_MEMBERS];
	if (!changed[M_STAGE] && !changed[M_MEMBERS]) {
		cw_batch_skip(b, rec, "%s is stored already, at that stage", idbuf);
		rc = CW_REJECTED;
		goto out;
	}
	if (!w->dry_run) {
		cw_utc_now(now);
		if (changed[M_STAGE] && (rc = project_db_programme_stage(w->db, id,
						stage, now, cw_batch_id(b))) != 0)
			goto out;
		for (i = 0; i < n && !rc; i++)
			if (cases[i])
				rc = project_db_member_insert(w->db, id, cases[i],
							      cw_batch_id(b));
		if (rc)
			goto out;
		cw_buf_reset(&w->json);
		cw_json_change(&w->json, programme_cols, NM, (char *const *)before,
			       after, changed);
		if (cw_audit_append(w->db, "update", CW_K_PROGRAMME, idbuf,
				    w->json.s)) {
			rc = CW_EXIT_DB;
			goto out;
		}
	}
	cw_batch_stored(b, out);
out:
	free((char *)before[M_STAGE]);
	free((char *)before[M_MEMBERS]);
	free(cases);
	return rc;
}

static int programme_record(void *ctx, cw_batch *b, const cw_record *rec)
{
	project_work *w = ctx;
	const char *v[NM], *src[NM], *out[NM] = {0}, *stage;
	char idbuf[32], now[21];
	int64_t *cases = NULL, id, pid;
	size_t n = 0, i;
	cw_date s, e;
	cw_buf members;
	int r, rc = 0;

	cw_buf_init(&members);
#define HDR(i) store_fields_hdr(programme_fields, src, (i))
	if (store_fields_map(b, rec, programme_fields, NM, v, src))
		goto out;
	if (v[M_CREATED] && !v[M_ID]) {
		cw_batch_reject(b, rec, HDR(M_CREATED), "read-only; leave it empty "
				"for a new programme");
		goto out;
	}
	if (v[M_ID]) {
		rc = change(w, b, rec, v, src, out, idbuf, now, &members);
		free((char *)out[M_TITLE]);
		free((char *)out[M_AIMS]);
		free((char *)out[M_PROJECT]);
		free((char *)out[M_CREATED]);
		if (rc == CW_REJECTED)
			rc = 0;
		goto out;
	}
	if (project_required(b, rec, HDR(M_TITLE), v[M_TITLE], "the group's "
			     "title"))
		goto out;
	if (stage_of(b, rec, HDR(M_STAGE), v[M_STAGE], "preparation", &stage))
		goto out;
	if ((rc = plan_case_list(w->db, b, rec, HDR(M_MEMBERS), v[M_MEMBERS], 0,
				 &cases, &n, &members)) != 0) {
		if (rc == CW_REJECTED)
			rc = 0;
		goto out;
	}
	{	/* printed in the order of their ids, whatever the order given */
		int64_t *sorted = cw_xcalloc(n + 1, sizeof *sorted);

		for (i = 0; i < n; i++)
			sorted[i] = cases[i];
		members_text(sorted, n, &members);
		free(sorted);
	}
	if (v[M_PROJECT]) {
		if (store_project_code(b, rec, HDR(M_PROJECT), v[M_PROJECT],
				       "a project's code"))
			goto out;
		r = w->db ? store_project_contract(w->db, v[M_PROJECT], &pid, &s, &e)
			  : 1;
		if (r < 0) {
			rc = CW_EXIT_DB;
			goto out;
		}
		if (!r) {
			cw_batch_reject(b, rec, HDR(M_PROJECT), "no project %s (see "
					"sw-project list)", v[M_PROJECT]);
			goto out;
		}
	}
#undef HDR
	out[M_TITLE] = v[M_TITLE];
	out[M_AIMS] = v[M_AIMS];
	out[M_MEMBERS] = members.len ? members.s : NULL;
	out[M_STAGE] = stage;
	out[M_PROJECT] = v[M_PROJECT];
	if (!w->dry_run) {
		cw_utc_now(now);
		if ((rc = project_db_programme_insert(w->db, v[M_TITLE], v[M_AIMS],
						      stage, v[M_PROJECT], now,
						      cw_batch_id(b), &id)) != 0)
			goto out;
		for (i = 0; i < n && !rc; i++)
			rc = project_db_member_insert(w->db, id, cases[i],
						      cw_batch_id(b));
		if (rc)
			goto out;
		cw_id_format(CW_K_PROGRAMME, id, idbuf);
		out[M_ID] = idbuf;
		out[M_CREATED] = now;
		store_audit_created(w->records, id, programme_cols, NM, out,
				   &w->json);
	}
	cw_batch_stored(b, out);
out:
	free(cases);
	cw_buf_release(&members);
	return rc;
}

int project_programmes(const cw_ctx *x, const cw_batch_opts *o, char **files,
		       size_t nfiles)
{
	return project_run(x, o, files, nfiles, CW_K_PROGRAMME, programme_cols,
			   NM, &programme_names, programme_record);
}

/* ---- sw-project show GP-n ------------------------------------------------------- */

enum {
	W_RECORD, W_ID, W_TITLE, W_STAGE, W_LABEL, W_PROJECT, W_MEMBERS,
	W_SESSIONS, W_ATTENDANCE, W_SESSION, W_DATE, W_CASE, W_INSTRUMENT,
	W_IMPROVED, W_CHANGE, NW
};
static const cw_col show_cols[NW] = {
	{"record", 0}, {"programme_id", 0}, {"title", 0}, {"stage", 0},
	{"label", 0}, {"project", 0}, {"members", 1}, {"sessions", 1},
	{"attendance", 1}, {"session_id", 0}, {"date", 0}, {"case_id", 0},
	{"instrument", 0}, {"improved", 1}, {"change", 1},
};

/* The pre/post comparison of one instrument so far. */
struct prepost {
	char instrument[64];
	long members, improved, sum100;
};

/* Prints the comparison p (when any member counts) as a row prepost:
 * the members assessed before and after, how many improved (by the
 * instrument's direction) and the mean change (after - before). */
static void prepost_row(cw_writer *w, const struct prepost *p)
{
	const char *v[NW] = {0};
	char n[32], imp[32], mean[32];
	long m;

	if (!p->members)
		return;
	m = p->sum100 >= 0 ? (p->sum100 + p->members / 2) / p->members :
			     -((-p->sum100 + p->members / 2) / p->members);
	snprintf(n, sizeof n, "%ld", p->members);
	snprintf(imp, sizeof imp, "%ld", p->improved);
	cw_hundredths_format(m, mean);
	v[W_RECORD] = "prepost";
	v[W_INSTRUMENT] = p->instrument;
	v[W_MEMBERS] = n;
	v[W_IMPROVED] = imp;
	v[W_CHANGE] = mean;
	cw_writer_row(w, v);
}

/* Part 3 of show: for each instrument (surveys aside), the members
 * assessed on or before the first session and on or after the last. */
static int prepost_rows(const cw_ctx *x, int64_t id, cw_writer *w)
{
	cw_instruments *all = NULL;
	const cw_instrument *in;
	struct prepost p;
	store_stmt *st;
	cw_score a, b;
	int r, rc, improved, meaningful;

	if ((rc = cw_instruments_load(&all, x->cfg ? x->cfg->instrument_dir :
				      NULL)) != 0)
		return rc;
	if (!(st = project_db_programme_one(x->db, id, 3))) {
		cw_instruments_free(all);
		return CW_EXIT_DB;
	}
	memset(&p, 0, sizeof p);
	while ((r = store_step_out(st, w)) == STORE_ROW) {
		const char *name = store_col_text(st, 0);
		if (strcmp(name, p.instrument)) {
			prepost_row(w, &p);
			memset(&p, 0, sizeof p);
			snprintf(p.instrument, sizeof p.instrument, "%s", name);
		}
		in = cw_instruments_find(all, name);
		if (!in || !strcmp(cw_instrument_kind(in), "survey") ||
		    store_col_type(st, 2) == STORE_NULL ||
		    store_col_type(st, 4) == STORE_NULL)
			continue;
		memset(&a, 0, sizeof a);
		memset(&b, 0, sizeof b);
		a.total100 = store_col_int(st, 2);
		a.has_scaled = store_col_type(st, 3) != STORE_NULL;
		a.scaled100 = store_col_int(st, 3);
		b.total100 = store_col_int(st, 4);
		b.has_scaled = store_col_type(st, 5) != STORE_NULL;
		b.scaled100 = store_col_int(st, 5);
		p.sum100 += cw_instrument_change(in, &a, &b, &improved, &meaningful);
		p.improved += improved != 0;
		p.members++;
	}
	prepost_row(w, &p);
	if (r != STORE_DONE)
		rc = store_fail(x->db, "read the members' assessments");
	store_finalize(st);
	cw_instruments_free(all);
	return rc;
}

int project_programme_show(const cw_ctx *x, int64_t id, enum cw_format fmt)
{
	const char *v[NW];
	store_stmt *st;
	cw_writer *w;
	int part, r = STORE_DONE, rc = 0, rows = 0;

	w = cw_writer_new(x->out, fmt, show_cols, NW);
	for (part = 0; part < 3 && !rc; part++) {
		if (!(st = project_db_programme_one(x->db, id, part))) {
			rc = CW_EXIT_DB;
			break;
		}
		while ((r = store_step_out(st, w)) == STORE_ROW) {
			memset(v, 0, sizeof v);
			if (part == 0) {
				v[W_RECORD] = "programme";
				v[W_ID] = store_col_text(st, 0);
				v[W_TITLE] = store_col_text(st, 1);
				v[W_STAGE] = store_col_text(st, 2);
				v[W_LABEL] = store_vocab_zh(&store_vocab_programme_stage,
							    v[W_STAGE]);
				v[W_PROJECT] = store_col_text(st, 3);
				v[W_MEMBERS] = store_col_text(st, 4);
				v[W_SESSIONS] = store_col_text(st, 5);
				v[W_ATTENDANCE] = store_col_text(st, 6);
			} else if (part == 1) {
				v[W_RECORD] = "session";
				v[W_SESSION] = store_col_text(st, 0);
				v[W_DATE] = store_col_text(st, 1);
				v[W_TITLE] = store_col_text(st, 2);
				v[W_ATTENDANCE] = store_col_text(st, 3);
			} else {
				/* a case that attended but is no member
				 * is listed too, so that the rows add up
				 * to the attendance */
				v[W_RECORD] = strcmp(store_col_text(st, 2), "0") ?
					      "member" : "non_member";
				v[W_CASE] = store_col_text(st, 0);
				v[W_ATTENDANCE] = store_col_text(st, 1);
			}
			cw_writer_row(w, v);
			rows++;
		}
		if (r != STORE_DONE)
			rc = store_fail(x->db, "read the group programmes");
		store_finalize(st);
		if (part == 0 && !rows && !rc) {
			cw_error("no such programme");
			rc = CW_EXIT_DATA;
		}
	}
	if (!rc)
		rc = prepost_rows(x, id, w);
	if (!rc && cw_writer_finish(w) != 0)
		rc = cw_writer_failed(w, 0);
	cw_writer_free(w);
	return rc;
}
