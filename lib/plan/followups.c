/* plan/followups.c - marking follow-ups done (sw-plan followups): the
 * crisis follow-ups and re-assessments that sw-assess schedules and the
 * follow-ups after closure that sw-plan close schedules. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "core/core.h"
#include "plan/plan.h"

/* A follow-up, in output order. */
enum {
	F_ID, F_CASE, F_KIND, F_DUE, F_INSTRUMENT, F_STATUS, F_DONE, F_NOTE,
	F_CREATED, NF
};

static const cw_fieldspec fu_fields[NF] = {
	{"followup_id", {"跟进编号"}},
	{"case_id", {"个案编号"}},
	{"kind", {"跟进类型"}},
	{"due_date", {"截止日期"}},
	{"instrument", {"量表"}},
	{"status", {"状态"}},
	{"done_date", {"date", "完成日期"}},
	{"note", {"备注"}},
	{"created_at", {"创建时间"}},
};
static const cw_names fu_names = CW_FIELDS_NAMES(fu_fields, NF);

static const cw_col fu_cols[NF] = {
	{"followup_id", 0}, {"case_id", 0}, {"kind", 0}, {"due_date", 0},
	{"instrument", 0}, {"status", 0}, {"done_date", 0}, {"note", 0},
	{"created_at", 0},
};

/* A follow-up a dry run has marked done: what a real run would have
 * stored, so that a later record of the batch sees it so. */
struct marked {
	int64_t id;
	char date[11];
	char *note;                /* owned, or NULL */
};

struct fu {
	cw_db *db;                 /* NULL in a dry run without one */
	int dry_run;
	cw_date today;
	cw_buf json;               /* scratch */
	store_stmt *get;           /* plan_db_followup_get's, with a database */
	struct marked *marked;
	size_t nmarked, capmarked;
};

static const char *fu_canon(size_t i, const char *given, cw_buf *scratch)
{
	switch (i) {
	case F_ID: case F_CASE:
		return plan_canon_id(given, scratch);
	case F_DUE: case F_DONE:
		return plan_canon_date(given, scratch);
	case F_KIND:
		return store_vocab_canon(&store_vocab_followup_kind, given);
	case F_STATUS:
		return store_vocab_canon(&store_vocab_followup_status, given);
	default:
		return given;
	}
}

/* The first of the n fields in which[] that the record gives (not
 * empty) and that differs from the stored value; -1 when none does. */
static int first_difference(const char **v, char **stored, const int *which,
			    size_t n)
{
	cw_buf scratch;
	const char *c;
	size_t k;
	int i, found = -1;

	cw_buf_init(&scratch);
	for (k = 0; k < n && found < 0; k++) {
		i = which[k];
		if (!v[i])
			continue;
		cw_buf_reset(&scratch);
		c = fu_canon((size_t)i, v[i], &scratch);
		if (!c || !stored[i] || strcmp(c, stored[i]))
			found = i;
	}
	cw_buf_release(&scratch);
	return found;
}

static const int readonly_fields[] = {F_CASE, F_KIND, F_DUE, F_INSTRUMENT,
				      F_CREATED};
static const int all_fields[] = {F_CASE, F_KIND, F_DUE, F_INSTRUMENT,
				 F_STATUS, F_DONE, F_NOTE, F_CREATED};
#define COUNT(a) (sizeof (a) / sizeof (a)[0])

static struct marked *find_marked(struct fu *f, int64_t id)
{
	size_t i;
	for (i = 0; i < f->nmarked; i++)
		if (f->marked[i].id == id)
			return &f->marked[i];
	return NULL;
}

static void remember(struct fu *f, int64_t id, const char *date,
		     const char *note)
{
	struct marked *m;
	if (f->nmarked == f->capmarked) {
		f->capmarked = f->capmarked ? f->capmarked * 2 : 16;
		f->marked = cw_xrealloc(f->marked, f->capmarked * sizeof *f->marked);
	}
	m = &f->marked[f->nmarked++];
	m->id = id;
	memcpy(m->date, date, sizeof m->date);
	m->note = note ? cw_xstrdup(note) : NULL;
}

static void replace(char **slot, const char *s)
{
	free(*slot);
	*slot = s ? cw_xstrdup(s) : NULL;
}

/* The local day of a UTC timestamp YYYY-MM-DDTHH:MM:SSZ: the day it
 * was, where "today" is. 0 and *out set, or -1. */
static int local_day(const char *ts, cw_date *out)
{
	int y, mo, d, h, mi, s;
	cw_date day;
	time_t t;
	struct tm tm;

	if (!ts || sscanf(ts, "%4d-%2d-%2dT%2d:%2d:%2dZ", &y, &mo, &d, &h, &mi,
			  &s) != 6 || cw_date_from_ymd(y, mo, d, &day))
		return -1;
	t = (time_t)day * 86400 + h * 3600 + mi * 60 + s;
	if (!localtime_r(&t, &tm))
		return -1;
	return cw_date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, out);
}


/* Marks the follow-up done and audits it (action done, the fields that
 * changed before and after). 0 or an exit code. */
static int fu_store(struct fu *f, cw_batch *b, int64_t id, char **stored,
		    const char **out)
{
	char now[21];
	int r, note_changed = !core_same(stored[F_NOTE], out[F_NOTE]);

	cw_utc_now(now);
	r = plan_db_followup_done(f->db, id, out[F_DONE], now, out[F_NOTE]);
	if (r < 0)
		return CW_EXIT_DB;
	if (!r) {
		cw_error("follow-up %s changed while it was being marked done",
			 stored[F_ID]);
		return CW_EXIT_DB;
	}
	cw_buf_reset(&f->json);
	cw_buf_addstr(&f->json, "{\"before\":{");
	cw_json_kv(&f->json, "status", stored[F_STATUS]);
	cw_json_kv(&f->json, "done_date", stored[F_DONE]);
	if (note_changed)
		cw_json_kv(&f->json, "note", stored[F_NOTE]);
	cw_buf_addstr(&f->json, "},\"after\":{");
	cw_json_kv(&f->json, "status", "done");
	cw_json_kv(&f->json, "done_date", out[F_DONE]);
	if (note_changed)
		cw_json_kv(&f->json, "note", out[F_NOTE]);
	cw_buf_addstr(&f->json, "}}");
	if ((r = cw_audit_append(f->db, "done", CW_K_FOLLOWUP, stored[F_ID],
				 f->json.s)) != 0)
		return r;
	cw_batch_stored(b, out);
	return 0;
}

static int fu_record(void *ctx, cw_batch *b, const cw_record *rec)
{
	struct fu *f = ctx;
	const char *v[NF], *src[NF], *out[NF] = {0}, *st;
	char *stored[NF] = {0};
	char idbuf[32], date[11];
	struct marked *m;
	enum cw_kind kind;
	int64_t num;
	cw_date d, created;
	int found = 0, i, rc = 0;

#define HDR(i) store_fields_hdr(fu_fields, src, (i))
	if (store_fields_map(b, rec, fu_fields, NF, v, src))
		return 0;
	if (!v[F_ID]) {
		cw_batch_reject(b, rec, HDR(F_ID), "required (the follow-up, FU-n)");
		return 0;
	}
	if (cw_id_parse(v[F_ID], &kind, &num) || kind != CW_K_FOLLOWUP) {
		cw_batch_reject(b, rec, HDR(F_ID), "not a follow-up id (FU-n)");
		return 0;
	}
	cw_id_format(CW_K_FOLLOWUP, num, idbuf);
	if (v[F_STATUS] && (!(st = store_vocab_canon(&store_vocab_followup_status,
						   v[F_STATUS])) ||
			    strcmp(st, "done"))) {
		cw_batch_reject(b, rec, HDR(F_STATUS), "only done (this verb marks "
				"follow-ups done)");
		return 0;
	}
	if (f->db) {
		found = plan_load_row(f->db, f->get, num, NF, stored);
		if (found < 0)
			return CW_EXIT_DB;
		if (!found) {
			cw_batch_reject(b, rec, HDR(F_ID), "no such follow-up");
			return 0;
		}
	} else {
		replace(&stored[F_ID], idbuf);
		replace(&stored[F_STATUS], "open");
	}
	if ((m = find_marked(f, num)) != NULL) {
		replace(&stored[F_STATUS], "done");
		replace(&stored[F_DONE], m->date);
		if (m->note)
			replace(&stored[F_NOTE], m->note);
	}
	if (!stored[F_STATUS] || strcmp(stored[F_STATUS], "open")) {
		/* What this verb printed, read back, is skipped; anything
		 * else for a follow-up no longer open is refused. */
		if (stored[F_STATUS] && !strcmp(stored[F_STATUS], "done") &&
		    v[F_STATUS] && first_difference(v, stored, all_fields,
						    COUNT(all_fields)) < 0)
			cw_batch_skip(b, rec, "%s is already done, as given", idbuf);
		else
			cw_batch_reject(b, rec, HDR(F_ID), "%s is already %s", idbuf,
					stored[F_STATUS] ? stored[F_STATUS] : "closed");
		goto done;
	}
	if (found && (i = first_difference(v, stored, readonly_fields,
					   COUNT(readonly_fields))) >= 0) {
		cw_batch_reject(b, rec, HDR(i), "read-only; it differs from the "
				"stored value");
		goto done;
	}
	d = f->today;
	if (v[F_DONE] && plan_date(b, rec, HDR(F_DONE), v[F_DONE], f->today, 0, &d))
		goto done;
	if (found && !local_day(stored[F_CREATED], &created) && d < created) {
		cw_batch_reject(b, rec, HDR(F_DONE), "before the follow-up was created");
		goto done;
	}
#undef HDR
	cw_date_format(d, date);
	for (i = 0; i < NF; i++)
		out[i] = stored[i];
	out[F_STATUS] = "done";
	out[F_DONE] = date;
	if (v[F_NOTE])
		out[F_NOTE] = v[F_NOTE];
	if (f->dry_run) {
		remember(f, num, date, v[F_NOTE]);
		cw_batch_stored(b, out);
	} else {
		rc = fu_store(f, b, num, stored, out);
	}
done:
	plan_row_free(stored, NF);
	return rc;
}

int plan_followups(const cw_ctx *x, const cw_batch_opts *o, char **files,
		   size_t nfiles)
{
	struct fu f;
	size_t i;
	int rc = 0;

	memset(&f, 0, sizeof f);
	f.db = x->db;
	f.dry_run = o->dry_run;
	f.today = x->today;
	cw_buf_init(&f.json);
	if (f.db && !(f.get = plan_db_followup_get(f.db)))
		rc = CW_EXIT_DB;
	if (!rc)
		rc = store_batch_run(o, x->out, f.db, files, nfiles, fu_cols, NF, &fu_names,
				  fu_record, NULL, &f);
	for (i = 0; i < f.nmarked; i++)
		free(f.marked[i].note);
	free(f.marked);
	cw_buf_release(&f.json);
	return rc;
}
