/* project/project.c - projects bought by a purchaser of services and
 * their indicator targets (sw-project add, targets, list, show). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "project/project.h"

/* ---- what both batch verbs share ------------------------------------------ */

struct work {
	cw_db *db;                /* NULL in a dry run without one */
	int dry_run;
	cw_audit_ids *projects;   /* projects created */
	cw_buf json;              /* scratch */
	char **seen;              /* the keys this batch stored or would */
	size_t nseen;
};

/* Whether key is among those the batch has stored (or a dry run would
 * have); with add, it is added when not. */
static int seen(struct work *w, const char *key, int add)
{
	size_t i;
	for (i = 0; i < w->nseen; i++)
		if (!strcmp(w->seen[i], key))
			return 1;
	if (add) {
		w->seen = cw_xrealloc(w->seen, (w->nseen + 1) * sizeof *w->seen);
		w->seen[w->nseen++] = cw_xstrdup(key);
	}
	return 0;
}

static void work_release(struct work *w)
{
	while (w->nseen)
		free(w->seen[--w->nseen]);
	free(w->seen);
	cw_audit_ids_free(w->projects);
	cw_buf_release(&w->json);
}

static int run_finish(void *ctx, cw_batch *b)
{
	project_work *w = ctx;
	(void)b;
	return cw_audit_ids_write(w->db, w->records, "insert") ? CW_EXIT_DB : 0;
}

int project_run(const cw_ctx *x, const cw_batch_opts *o, char **files,
		size_t nfiles, enum cw_kind kind, const cw_col *cols, size_t ncols,
		const cw_names *names, cw_batch_fn fn)
{
	project_work w;
	int rc;

	memset(&w, 0, sizeof w);
	w.x = x;
	w.db = x->db;
	w.dry_run = o->dry_run;
	w.records = cw_audit_ids_new(kind);
	cw_buf_init(&w.json);
	rc = store_batch_run(o, x->out, w.db, files, nfiles, cols, ncols, names,
			     fn, run_finish, &w);
	while (w.nseen)
		free(w.seen[--w.nseen]);
	free(w.seen);
	cw_audit_ids_free(w.records);
	cw_buf_release(&w.json);
	return rc;
}

int project_required(cw_batch *b, const cw_record *rec, const char *hdr,
		     const char *v, const char *what)
{
	if (!v || cw_utf8_blank(v)) {
		cw_batch_reject(b, rec, hdr, "required (%s)", what);
		return CW_REJECTED;
	}
	return 0;
}

int project_event_head(const cw_ctx *x, cw_batch *b, const cw_record *rec,
		       const cw_fieldspec *spec, const char **v,
		       const char **src, const project_event *e, cw_date *d)
{
	char what[64];
	int rc;

	if (v[e->id]) {
		rc = project_known(x->db, b, rec, spec, v, src, e->id, e->kind,
				   e->table);
		return rc ? rc : CW_REJECTED;
	}
	if (v[e->created]) {
		cw_batch_reject(b, rec, store_fields_hdr(spec, src, e->created),
				"read-only; leave it empty for a new %s", e->what);
		return CW_REJECTED;
	}
	if (!v[e->date]) {
		cw_batch_reject(b, rec, store_fields_hdr(spec, src, e->date),
				"required (the date of the %s)", e->what);
		return CW_REJECTED;
	}
	if (plan_date(b, rec, store_fields_hdr(spec, src, e->date), v[e->date],
		      x->today, 0, d))
		return CW_REJECTED;
	snprintf(what, sizeof what, "the %s's title", e->what);
	return project_required(b, rec, store_fields_hdr(spec, src, e->title),
				v[e->title], what);
}

/* ---- sw-project add --------------------------------------------------------- */

enum {
	J_ID, J_CODE, J_NAME, J_FUNDER, J_START, J_END, J_POPULATION,
	J_WORKERS, J_CREATED, NJ
};

static const cw_fieldspec project_fields[NJ] = {
	{"project_id", {NULL}},
	{"code", {"项目编号"}},
	{"name", {"项目名称"}},
	{"funder", {"购买方", "资助方"}},
	{"start", {"开始日期"}},
	{"end", {"结束日期"}},
	{"target_population", {"目标人数"}},
	{"workers", {"项目社工"}},
	{"created_at", {"创建时间"}},
};
static const cw_names project_names = CW_FIELDS_NAMES(project_fields, NJ);

static const cw_col project_cols[NJ] = {
	{"project_id", 0}, {"code", 0}, {"name", 0}, {"funder", 0},
	{"start", 0}, {"end", 0}, {"target_population", 1}, {"workers", 0},
	{"created_at", 0},
};

/* A field of a project record as stored: dates and the number
 * canonical, workers joined with ", ", into buf; NULL when s is none of
 * its form (it differs from any stored value). */
static const char *project_canon(int f, const char *s, char buf[32],
				 cw_buf *workers)
{
	char **names;
	const char *why;
	cw_date d;
	size_t n, i;
	long num;

	switch (f) {
	case J_START: case J_END:
		if (cw_date_parse(s, &d, &why))
			return NULL;
		cw_date_format(d, buf);
		return buf;
	case J_POPULATION:
		if (cw_parse_long(s, 0, 1000000000L, &num))
			return NULL;
		snprintf(buf, 32, "%ld", num);
		return buf;
	case J_WORKERS:
		n = plan_split(s, 0, &names);
		cw_buf_reset(workers);
		for (i = 0; i < n; i++) {
			if (i)
				cw_buf_addstr(workers, ", ");
			cw_buf_addstr(workers, names[i]);
		}
		plan_list_free(names, n);
		return n ? workers->s : NULL;
	default:
		return s;
	}
}

/* A record read back with its project_id: skipped when every field it
 * gives equals the stored project's, else rejected naming the first that
 * differs (add never changes a project; casework.7, Round trip). 0,
 * CW_REJECTED or an exit code. */
static int known_project(struct work *w, cw_batch *b, const cw_record *rec,
			 const char **src, const char *const *v)
{
	enum cw_kind kind;
	int64_t num;
	char *stored[NJ] = {0}, buf[32];
	const char *c;
	cw_buf workers;
	int r, f;

#define HDR(i) store_fields_hdr(project_fields, src, (i))
	if (cw_id_parse(v[J_ID], &kind, &num) || kind != CW_K_PROJECT) {
		cw_batch_reject(b, rec, HDR(J_ID), "not a project id (PJ-n)");
		return CW_REJECTED;
	}
	if (!w->db) {
		cw_batch_skip(b, rec, "%s: read-only; already stored", HDR(J_ID));
		return CW_REJECTED;
	}
	if ((r = project_db_get(w->db, num, stored)) < 0)
		return CW_EXIT_DB;
	if (!r) {
		cw_batch_reject(b, rec, HDR(J_ID), "no such project");
		return CW_REJECTED;
	}
	cw_buf_init(&workers);
	for (f = J_ID + 1; f < NJ; f++) {
		if (!src[f])
			continue;
		c = v[f] ? project_canon(f, v[f], buf, &workers) : NULL;
		if ((v[f] && !c) || !core_same(c, stored[f]))
			break;
	}
	if (f < NJ)
		cw_batch_reject(b, rec, HDR(f), "differs from the stored project "
				"%s (add never changes a project)", stored[J_ID]);
	else
		cw_batch_skip(b, rec, "project %s is stored already (add never "
			      "changes a project)", stored[J_CODE]);
#undef HDR
	cw_buf_release(&workers);
	for (f = 0; f < NJ; f++)
		free(stored[f]);
	return CW_REJECTED;
}

int project_workers(cw_db *db, cw_batch *b, const cw_record *rec,
		    const char *hdr, const char *given, int required,
		    cw_buf *joined)
{
	char **names;
	size_t n, i, j;
	int rc = 0, ok;

	n = given ? plan_split(given, 0, &names) : (names = NULL, 0);
	if (required && !n) {
		cw_batch_reject(b, rec, hdr, "required (one or more workers, "
				"separated by commas or 、)");
		rc = CW_REJECTED;
	}
	for (i = 0; i < n && !rc; i++) {
		for (j = 0; j < i; j++)
			if (!strcmp(names[i], names[j]))
				break;
		if (j < i) {
			cw_batch_reject(b, rec, hdr, "worker %zu is listed twice "
					"(also worker %zu)", i + 1, j + 1);
			rc = CW_REJECTED;
		} else if ((ok = intake_roster_allows(db, names[i])) < 0) {
			rc = CW_EXIT_DB;
		} else if (!ok) {
			cw_batch_reject(b, rec, hdr, "worker %zu is not on the worker "
					"roster (see sw-intake workers)", i + 1);
			rc = CW_REJECTED;
		} else {
			if (i)
				cw_buf_addstr(joined, ", ");
			cw_buf_addstr(joined, names[i]);
		}
	}
	plan_list_free(names, n);
	return rc;
}

/* Why a target population (s; NULL: none) is refused. */
static const char *population_why(const char *s)
{
	long n;

	if (!s)
		return "required (the number of people the project is to serve, "
		       "1 or more)";
	if (!cw_parse_long(s, 0, 1000000000L, &n))
		return "must be 1 or more (the number of people the project is "
		       "to serve)";
	if (s[strspn(s, "0123456789")] == '\0')
		return "too large (the number of people the project is to serve, "
		       "at most 1000000000)";
	return "not a whole number (the number of people the project is to "
	       "serve, 1 or more)";
}

int project_of_record(const cw_ctx *x, cw_batch *b, const cw_record *rec,
		      const char *hdr, const char **code, cw_date date,
		      const char *what)
{
	int rc;

	if (!*code && x->cfg && x->cfg->default_project) {
		*code = x->cfg->default_project;
		hdr = "project (default_project)";
	}
	if (!*code)
		return 0;
	rc = store_project_check(x->db, b, rec, hdr, *code, date, what);
	return rc;
}

/* Whether two lists joined with ", " hold the same items, in any order
 * (a training's attendees, stored without an order of their own). */
static int same_set(const char *x, const char *y)
{
	size_t nx = 0, ny = 0;
	const char *p;

	for (p = x; p && *p; p += strcspn(p, ","), p += strspn(p, ", "))
		nx++;
	for (p = y; p && *p; p += strcspn(p, ","), p += strspn(p, ", "))
		ny++;
	if (nx != ny)
		return 0;
	for (p = x; p && *p; p += strcspn(p, ","), p += strspn(p, ", ")) {
		size_t len = strcspn(p, ","), l2;
		const char *q;
		int found = 0;

		for (q = y; *q && !found; q += strcspn(q, ","),
		     q += strspn(q, ", ")) {
			l2 = strcspn(q, ",");
			found = l2 == len && !memcmp(p, q, len);
		}
		if (!found)
			return 0;
	}
	return 1;
}

int project_known(cw_db *db, cw_batch *b, const cw_record *rec,
		  const cw_fieldspec *spec, const char **v, const char **src,
		  size_t idf, enum cw_kind kind, const char *table)
{
	const char *hdr = store_fields_hdr(spec, src, idf), *what;
	char *stored[16] = {0}, idbuf[32];
	size_t n, f;
	enum cw_kind k;
	int64_t num;
	int r;

	(void)table;
	what = kind == CW_K_ACTIVITY ? "an activity" : kind == CW_K_VOLUNTEER ?
	       "a volunteer" : "a training";
	if (cw_id_parse(v[idf], &k, &num) || k != kind) {
		cw_batch_reject(b, rec, hdr, "not %s id (%s-n)", what,
				cw_kind_prefix(kind));
		return 0;
	}
	/* the fields of its record, as the verb prints them */
	n = kind == CW_K_ACTIVITY ? 14 : kind == CW_K_VOLUNTEER ? 5 : 7;
	if ((r = db ? project_db_printed(db, kind, num, stored, n) : 0) < 0)
		return CW_EXIT_DB;
	if (!r) {
		cw_batch_reject(b, rec, hdr, "no such %s", cw_kind_name(kind));
		return 0;
	}
	cw_id_format(kind, num, idbuf);
	/* skipped only when every field it gives is the stored one */
	for (f = 0; f < n; f++) {
		const char *g = v[f] ? v[f] : "", *s = stored[f] ? stored[f] : "";

		if (f == idf || !src[f])
			continue;
		if (kind == CW_K_TRAINING && f == 4 ? !same_set(g, s) :
		    strcmp(g, s) != 0)
			break;
	}
	if (f < n)
		cw_batch_reject(b, rec, store_fields_hdr(spec, src, f), "differs "
				"from the stored %s (%s is never changed)", idbuf,
				what);
	else
		cw_batch_skip(b, rec, "%s is stored already (read back; it is "
			      "never changed)", idbuf);
	for (f = 0; f < n; f++)
		free(stored[f]);
	return 0;
}

static int project_record(void *ctx, cw_batch *b, const cw_record *rec)
{
	struct work *w = ctx;
	const char *v[NJ], *src[NJ], *out[NJ] = {0};
	char start[11], end[11], pop[32], idbuf[32], now[21];
	cw_date ds, de, s0, e0;
	cw_buf workers;
	int64_t id;
	long n;
	int r, rc = 0;

#define HDR(i) store_fields_hdr(project_fields, src, (i))
	if (store_fields_map(b, rec, project_fields, NJ, v, src))
		return 0;
	if (v[J_ID])
		return known_project(w, b, rec, src, v) == CW_REJECTED ? 0 :
			CW_EXIT_DB;
	if (v[J_CREATED]) {
		cw_batch_reject(b, rec, HDR(J_CREATED), "read-only; leave it empty "
				"for a new project");
		return 0;
	}
	if (store_project_code(b, rec, HDR(J_CODE), v[J_CODE], "the project's "
			       "code, as the agency writes it"))
		return 0;
	r = w->db ? store_project_contract(w->db, v[J_CODE], &id, &s0, &e0) : 0;
	if (r < 0)
		return CW_EXIT_DB;
	if (r || seen(w, v[J_CODE], 0)) {
		cw_batch_reject(b, rec, HDR(J_CODE), "%s is the code of another "
				"project already", v[J_CODE]);
		return 0;
	}
	if (project_required(b, rec, HDR(J_NAME), v[J_NAME], "the project's name") ||
	    project_required(b, rec, HDR(J_FUNDER), v[J_FUNDER], "who buys the "
			  "service: a government body or a foundation"))
		return 0;
	if (!v[J_START]) {
		cw_batch_reject(b, rec, HDR(J_START), "required (the contract's "
				"first day)");
		return 0;
	}
	if (plan_date(b, rec, HDR(J_START), v[J_START], 0, 1, &ds))
		return 0;
	if (!v[J_END]) {
		cw_batch_reject(b, rec, HDR(J_END), "required (the contract's "
				"last day)");
		return 0;
	}
	if (plan_date(b, rec, HDR(J_END), v[J_END], 0, 1, &de))
		return 0;
	if (de < ds) {
		cw_batch_reject(b, rec, HDR(J_END), "before the start");
		return 0;
	}
	if (!v[J_POPULATION] || cw_parse_long(v[J_POPULATION], 0, 1000000000L,
					      &n) || n < 1) {
		cw_batch_reject(b, rec, HDR(J_POPULATION), "%s",
				population_why(v[J_POPULATION]));
		return 0;
	}
	cw_buf_init(&workers);
	if (v[J_WORKERS] && (rc = project_workers(w->db, b, rec, HDR(J_WORKERS),
						  v[J_WORKERS], 0, &workers)) != 0) {
		cw_buf_release(&workers);
		return rc == CW_REJECTED ? 0 : rc;
	}
#undef HDR
	cw_date_format(ds, start);
	cw_date_format(de, end);
	snprintf(pop, sizeof pop, "%ld", n);
	cw_utc_now(now);
	out[J_CODE] = v[J_CODE];
	out[J_NAME] = v[J_NAME];
	out[J_FUNDER] = v[J_FUNDER];
	out[J_START] = start;
	out[J_END] = end;
	out[J_POPULATION] = pop;
	out[J_WORKERS] = workers.len ? workers.s : NULL;
	seen(w, v[J_CODE], 1);
	if (!w->dry_run) {
		project_row p = {v[J_CODE], v[J_NAME], v[J_FUNDER], start, end, n,
				 out[J_WORKERS], now, cw_batch_id(b)};
		if ((rc = project_db_insert(w->db, &p, &id)) == 0) {
			cw_id_format(CW_K_PROJECT, id, idbuf);
			out[J_ID] = idbuf;
			out[J_CREATED] = now;
			store_audit_created(w->projects, id, project_cols, NJ, out,
					   &w->json);
		}
	}
	if (!rc)
		cw_batch_stored(b, out);
	cw_buf_release(&workers);
	return rc;
}

static int project_finish(void *ctx, cw_batch *b)
{
	struct work *w = ctx;
	(void)b;
	return cw_audit_ids_write(w->db, w->projects, "insert") ? CW_EXIT_DB : 0;
}

/* ---- sw-project targets ----------------------------------------------------- */

enum { T_PROJECT, T_INDICATOR, T_TARGET, T_PERIOD, T_CREATED, NT };

static const cw_fieldspec target_fields[NT] = {
	{"project", {"项目编号", "项目"}},
	{"indicator", {"指标"}},
	{"target", {"目标值", "目标"}},
	{"period", {"周期", "期间"}},
	{"created_at", {"创建时间"}},
};
static const cw_names target_names = CW_FIELDS_NAMES(target_fields, NT);

static const cw_col target_cols[NT] = {
	{"project", 0}, {"indicator", 0}, {"target", 1}, {"period", 0},
	{"created_at", 0},
};

/* How an indicator's target is written: a count, a number (hours, a mean
 * score) or a percentage. */
enum measure { M_COUNT, M_NUMBER, M_PERCENT };

static enum measure measure_of(const char *indicator)
{
	static const char *const percent[] = {"goal_attainment",
		"prepost_improved", "coverage", "timeliness", "completeness"};
	size_t i;

	for (i = 0; i < sizeof percent / sizeof percent[0]; i++)
		if (!strcmp(indicator, percent[i]))
			return M_PERCENT;
	if (!strcmp(indicator, "volunteer_hours") ||
	    !strcmp(indicator, "satisfaction"))
		return M_NUMBER;
	return M_COUNT;
}

/* A target's canonical text into out: digits, and for a number or a
 * percentage up to two decimals (trailing zeros dropped); a percentage
 * may end in %, and is at most 100. 0, or -1 with *why. */
static int parse_target(const char *s, enum measure m, char out[32],
			const char **why)
{
	const char *p = s, *dot = NULL;
	size_t ni = 0, nsig = 0, nf = 0, len = strlen(s);
	long whole;
	char frac[3] = "";

	if (m == M_PERCENT && len && s[len - 1] == '%')
		len--;
	for (; p < s + len; p++) {
		if (*p == '.' && !dot && m != M_COUNT) {
			dot = p;
		} else if (*p >= '0' && *p <= '9') {
			if (dot && nf < 2)
				frac[nf] = *p;
			if (dot)
				nf++;
			else if (ni++, nsig || *p != '0')
				nsig++;  /* leading zeros are no digits */
		} else {
			break;
		}
	}
	if (p != s + len || !ni || (dot && !nf) || nf > 2) {
		*why = m == M_COUNT ? "not a whole number (0 or more)" :
		       m == M_NUMBER ? "not a number (0 or more, up to two "
				       "decimals)" :
		       "not a percentage (0 to 100, up to two decimals, % "
		       "optional)";
		return -1;
	}
	if (nsig > 9) {
		*why = "too large (at most 999999999)";
		return -1;
	}
	whole = strtol(s, NULL, 10);
	while (nf && frac[nf - 1] == '0')
		frac[--nf] = '\0';
	if (m == M_PERCENT && (whole > 100 || (whole == 100 && nf))) {
		*why = "a percentage above 100";
		return -1;
	}
	snprintf(out, 32, "%ld%s%s", whole, nf ? "." : "", frac);
	return 0;
}

/* A period: YYYY-MM or YYYYQn (q in either case), canonical into out,
 * with its first and last day. 0, or -1. */
static int parse_period(const char *s, char out[16], cw_date *first,
			cw_date *last)
{
	int y, m, q;
	char c;

	if (strlen(s) == 7 && sscanf(s, "%4d-%2d%c", &y, &m, &c) == 2 &&
	    s[4] == '-' && s[5] >= '0' && s[5] <= '9' && s[6] >= '0' &&
	    s[6] <= '9' && m >= 1 && m <= 12 && y >= 1900) {
		snprintf(out, 16, "%04d-%02d", y, m);
		if (cw_date_from_ymd(y, m, 1, first))
			return -1;
		if (cw_date_from_ymd(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1,
				     last))
			return -1;
		(*last)--;
		return 0;
	}
	if (strlen(s) == 6 && (s[4] == 'Q' || s[4] == 'q') && s[5] >= '1' &&
	    s[5] <= '4' && sscanf(s, "%4d", &y) == 1 && y >= 1900 &&
	    strspn(s, "0123456789") == 4) {
		q = s[5] - '0';
		snprintf(out, 16, "%04dQ%d", y, q);
		if (cw_date_from_ymd(y, 3 * q - 2, 1, first))
			return -1;
		if (cw_date_from_ymd(q == 4 ? y + 1 : y, q == 4 ? 1 : 3 * q + 1, 1,
				     last))
			return -1;
		(*last)--;
		return 0;
	}
	return -1;
}

/* The kind of the periods the batch gave code's indicator so far ('M',
 * 'Q', 0 none): kept among the seen keys as "code|indicator|M". */
static char batch_period_kind(struct work *w, const char *code,
			      const char *indicator)
{
	char key[128];

	snprintf(key, sizeof key, "%s|%s|M", code, indicator);
	if (seen(w, key, 0))
		return 'M';
	key[strlen(key) - 1] = 'Q';
	return seen(w, key, 0) ? 'Q' : 0;
}

static int target_record(void *ctx, cw_batch *b, const cw_record *rec)
{
	struct work *w = ctx;
	const char *v[NT], *src[NT], *out[NT] = {0}, *indicator, *why;
	char target[32], period[16], key[128], now[21], why_buf[512];
	char s[11], e[11], pidbuf[32], tkey[192], *stored = NULL, *created = NULL;
	cw_date start = 0, end = 0, first, last;
	int same = 0;
	int64_t pid = 0;
	char kind = 0, given_kind;
	int r, rc;

#define HDR(i) store_fields_hdr(target_fields, src, (i))
	if (store_fields_map(b, rec, target_fields, NT, v, src))
		return 0;
	if (store_project_code(b, rec, HDR(T_PROJECT), v[T_PROJECT],
			       "the project's code"))
		return 0;
	r = w->db ? store_project_contract(w->db, v[T_PROJECT], &pid, &start,
					   &end) : 1;
	if (r < 0)
		return CW_EXIT_DB;
	if (!r) {
		cw_batch_reject(b, rec, HDR(T_PROJECT), "no project %s (see "
				"sw-project list)", v[T_PROJECT]);
		return 0;
	}
	if (!v[T_INDICATOR]) {
		cw_batch_reject(b, rec, HDR(T_INDICATOR), "required (an indicator's "
				"key, such as case_contacts)");
		return 0;
	}
	if (!(indicator = store_vocab_canon(&store_vocab_indicator,
					    v[T_INDICATOR]))) {
		cw_batch_reject(b, rec, HDR(T_INDICATOR), "not an indicator's "
				"key: use one of %s (or their Chinese names, "
				"sw-project(1))", store_vocab_list(&store_vocab_indicator,
				" or ", why_buf, sizeof why_buf));
		return 0;
	}
	if (!v[T_TARGET]) {
		cw_batch_reject(b, rec, HDR(T_TARGET), "required (the figure to "
				"reach)");
		return 0;
	}
	if (parse_target(v[T_TARGET], measure_of(indicator), target, &why)) {
		cw_batch_reject(b, rec, HDR(T_TARGET), "%s", why);
		return 0;
	}
	/* the mean score of the built-in satisfaction survey, whose scale is
	 * 1 to 5 (assess/instruments/satisfaction.json) */
	if (!strcmp(indicator, "satisfaction") && strtod(target, NULL) > 5) {
		cw_batch_reject(b, rec, HDR(T_TARGET), "above 5, the top of the "
				"satisfaction survey's scale (1 to 5)");
		return 0;
	}
	if (v[T_PERIOD]) {
		if (parse_period(v[T_PERIOD], period, &first, &last)) {
			cw_batch_reject(b, rec, HDR(T_PERIOD), "not a month "
					"(YYYY-MM) or a quarter (YYYYQn)");
			return 0;
		}
		if (w->db && (last < start || first > end)) {
			cw_date_format(start, s);
			cw_date_format(end, e);
			cw_batch_reject(b, rec, HDR(T_PERIOD), "%s lies outside "
					"the contract of project %s (%s to %s)",
					period, v[T_PROJECT], s, e);
			return 0;
		}
		given_kind = strchr(period, 'Q') ? 'Q' : 'M';
		if (w->db && project_db_period_kind(w->db, v[T_PROJECT], indicator,
						    &kind) < 0)
			return CW_EXIT_DB;
		if (!kind)
			kind = batch_period_kind(w, v[T_PROJECT], indicator);
		if (kind && kind != given_kind) {
			cw_batch_reject(b, rec, HDR(T_PERIOD), "the targets of %s of "
					"project %s are by %s: give %s too", indicator,
					v[T_PROJECT], kind == 'Q' ? "quarter" : "month",
					kind == 'Q' ? "quarters" : "months");
			return 0;
		}
	}
	snprintf(key, sizeof key, "%s|%s|%s", v[T_PROJECT], indicator,
		 v[T_PERIOD] ? period : "");
	/* a target read back (created_at given or not) is skipped when it
	 * repeats the stored one, refused when it differs: targets never
	 * change (casework.7, Round trip) */
	r = w->db ? project_db_target_get(w->db, v[T_PROJECT], indicator,
					  v[T_PERIOD] ? period : NULL, &stored,
					  &created) : 0;
	if (r < 0)
		return CW_EXIT_DB;
	if (!r && seen(w, key, 0)) {
		/* stored by this dry run: the key with its target is seen too */
		snprintf(tkey, sizeof tkey, "%s|=%s", key, target);
		r = 1;
		same = seen(w, tkey, 0);
	} else if (r) {
		same = !strcmp(stored, target) && (!v[T_CREATED] ||
						   !strcmp(created, v[T_CREATED]));
	}
	if (r) {
		if (same)
			cw_batch_skip(b, rec, "project %s has this target of %s "
				      "for %s already", v[T_PROJECT], indicator,
				      v[T_PERIOD] ? period : "the whole contract");
		else
			cw_batch_reject(b, rec, !stored || strcmp(stored, target) ?
					HDR(T_TARGET) : HDR(T_CREATED),
					"differs from the stored target of %s "
					"for %s of project %s (a target never "
					"changes)", indicator, v[T_PERIOD] ?
					period : "the whole contract",
					v[T_PROJECT]);
		free(stored);
		free(created);
		return 0;
	}
#undef HDR
	seen(w, key, 1);
	snprintf(tkey, sizeof tkey, "%s|=%s", key, target);
	seen(w, tkey, 1);
	if (v[T_PERIOD]) {
		snprintf(key, sizeof key, "%s|%s|%c", v[T_PROJECT], indicator,
			 strchr(period, 'Q') ? 'Q' : 'M');
		seen(w, key, 1);
	}
	cw_utc_now(now);
	out[T_PROJECT] = v[T_PROJECT];
	out[T_INDICATOR] = indicator;
	out[T_TARGET] = target;
	out[T_PERIOD] = v[T_PERIOD] ? period : NULL;
	if (!w->dry_run) {
		out[T_CREATED] = now;
		if ((rc = project_db_target_insert(w->db, v[T_PROJECT], indicator,
						   target, out[T_PERIOD], now,
						   cw_batch_id(b))) != 0)
			return rc;
		/* audited as a change of its project: a target has no id */
		cw_buf_reset(&w->json);
		cw_json_record(&w->json, target_cols, NT, out);
		cw_id_format(CW_K_PROJECT, pid, pidbuf);
		if (store_audit_append(w->db, "target", "project", pidbuf,
				       w->json.s))
			return CW_EXIT_DB;
	}
	cw_batch_stored(b, out);
	return 0;
}

/* Runs one batch of add (targets 0) or targets over files. */
static int run(const cw_ctx *x, const cw_batch_opts *o, char **files,
	       size_t nfiles, int targets)
{
	struct work w;
	int rc;

	memset(&w, 0, sizeof w);
	w.db = x->db;
	w.dry_run = o->dry_run;
	w.projects = cw_audit_ids_new(CW_K_PROJECT);
	cw_buf_init(&w.json);
	rc = targets ? store_batch_run(o, x->out, w.db, files, nfiles, target_cols,
				       NT, &target_names, target_record, NULL, &w)
		     : store_batch_run(o, x->out, w.db, files, nfiles, project_cols,
				       NJ, &project_names, project_record,
				       project_finish, &w);
	work_release(&w);
	return rc;
}

int project_add(const cw_ctx *x, const cw_batch_opts *o, char **files,
		size_t nfiles)
{
	return run(x, o, files, nfiles, 0);
}

int project_targets(const cw_ctx *x, const cw_batch_opts *o, char **files,
		    size_t nfiles)
{
	return run(x, o, files, nfiles, 1);
}

/* ---- list and show ------------------------------------------------------------ */

int project_list(const cw_ctx *x, enum cw_format fmt)
{
	store_stmt *st = project_db_list(x->db);
	int rc = st ? store_print(x->db, x->out, st, project_cols, NJ, fmt)
		    : CW_EXIT_DB;
	store_finalize(st);
	return rc;
}

/* show's rows: the project, then each of its targets. */
enum {
	V_RECORD, V_ID, V_CODE, V_NAME, V_FUNDER, V_START, V_END, V_POPULATION,
	V_WORKERS, V_CREATED, V_INDICATOR, V_LABEL, V_TARGET,
	V_PERIOD, NV
};
static const cw_col show_cols[NV] = {
	{"record", 0}, {"project_id", 0}, {"code", 0}, {"name", 0},
	{"funder", 0}, {"start", 0}, {"end", 0}, {"target_population", 1},
	{"workers", 0}, {"created_at", 0}, {"indicator", 0},
	{"label", 0}, {"target", 1}, {"period", 0},
};

int project_show_check(const char *arg)
{
	enum cw_kind kind;
	int64_t num;

	if (!cw_id_parse(arg, &kind, &num) && (kind == CW_K_PROJECT ||
						kind == CW_K_PROGRAMME))
		return 0;
	if (core_project_code_valid(arg))
		return 0;
	cw_error("'%s' is neither a project id (PJ-n), a project's code nor a "
		 "group programme id (GP-n)", arg);
	return CW_EXIT_DATA;
}

int project_show(const cw_ctx *x, const char *arg, enum cw_format fmt)
{
	const char *v[NV] = {0};
	char *code = NULL;
	store_stmt *st = NULL;
	cw_writer *w;
	enum cw_kind kind;
	cw_date s, e;
	int64_t id;
	int r, c, rc = 0;

	if (!cw_id_parse(arg, &kind, &id) && kind == CW_K_PROGRAMME)
		return project_programme_show(x, id, fmt);
	if (!cw_id_parse(arg, &kind, &id) && kind == CW_K_PROJECT)
		r = project_db_code_of(x->db, id, &code);
	else if ((r = store_project_contract(x->db, arg, &id, &s, &e)) > 0)
		code = cw_xstrdup(arg);
	if (r < 0)
		return CW_EXIT_DB;
	if (!r || !code) {
		cw_error("no project %s", arg);
		free(code);
		return CW_EXIT_DATA;
	}
	w = cw_writer_new(x->out, fmt, show_cols, NV);
	if (!(st = project_db_one(x->db, id)) || (r = store_step(st)) != STORE_ROW) {
		rc = st ? store_fail(x->db, "read the projects") : CW_EXIT_DB;
		goto out;
	}
	v[V_RECORD] = "project";
	for (c = 0; c < 9; c++)
		v[V_ID + c] = store_col_text(st, c);
	cw_writer_row(w, v);
	store_finalize(st);
	memset(v, 0, sizeof v);
	if (!(st = project_db_targets(x->db, code))) {
		rc = CW_EXIT_DB;
		goto out;
	}
	v[V_RECORD] = "target";
	v[V_CODE] = code;
	while ((r = store_step_out(st, w)) == STORE_ROW) {
		v[V_INDICATOR] = store_col_text(st, 0);
		v[V_LABEL] = store_vocab_zh(&store_vocab_indicator, v[V_INDICATOR]);
		v[V_TARGET] = store_col_text(st, 1);
		v[V_PERIOD] = store_col_text(st, 2);
		cw_writer_row(w, v);
	}
	if (r != STORE_DONE)
		rc = store_fail(x->db, "read the project targets");
out:
	store_finalize(st);
	if (!rc && cw_writer_finish(w) != 0)
		rc = cw_writer_failed(w, 0);
	cw_writer_free(w);
	free(code);
	return rc;
}
