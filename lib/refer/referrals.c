/* refer/referrals.c - referrals (sw-refer add, status, feedback): drafting
 * them, moving them through the state machine, provider feedback. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>
#include "core/core.h"
#include "plan/plan.h"
#include "refer/refer.h"

/* ---- the referral record, as every verb prints it ------------------------ */

/* Shared with list.c (refer.h). */
const cw_col refer_referral_cols[NRF] = {
	{"referral_id", 0}, {"case_id", 0}, {"service_id", 0}, {"service", 0},
	{"provider", 0}, {"reason", 0}, {"urgency", 0}, {"state", 0},
	{"followup_date", 0}, {"expected_date", 0}, {"sent_date", 0},
	{"response_date", 0}, {"completed_date", 0}, {"consent_override", 0},
	{"note", 0}, {"created_at", 0}, {"updated_at", 0}, {"project", 0},
};

/* The states, in the order of store_vocab_referral_state (and of the
 * schema). */
enum { S_DRAFT, S_SENT, S_ACCEPTED, S_DECLINED, S_COMPLETED, S_CANCELLED,
       S_REVOKED, NS };
#define state_name(i) (store_vocab_referral_state.w[(i)].word)

/* The state machine, exactly: allowed[from][to]. Going back to draft is
 * the reopening of a referral that has ended. */
static const unsigned char allowed[NS][NS] = {
	[S_DRAFT] = {[S_SENT] = 1, [S_CANCELLED] = 1},
	[S_SENT] = {[S_ACCEPTED] = 1, [S_DECLINED] = 1, [S_CANCELLED] = 1},
	[S_ACCEPTED] = {[S_COMPLETED] = 1, [S_REVOKED] = 1},
	[S_DECLINED] = {[S_DRAFT] = 1},
	[S_COMPLETED] = {[S_DRAFT] = 1},
	[S_CANCELLED] = {[S_DRAFT] = 1},
	[S_REVOKED] = {[S_DRAFT] = 1},
};
/* Where each state can go, for the message that refuses a transition. */
static const char *const next_text[NS] = {
	[S_DRAFT] = "sent or cancelled",
	[S_SENT] = "accepted, declined or cancelled",
	[S_ACCEPTED] = "completed or revoked",
	[S_DECLINED] = "draft, to reopen it",
	[S_COMPLETED] = "draft, to reopen it",
	[S_CANCELLED] = "draft, to reopen it",
	[S_REVOKED] = "draft, to reopen it",
};

static int state_index(const char *s)
{
	return (int)store_vocab_index(&store_vocab_referral_state, s);
}

/* cw_config.followup_days: emergency, urgent, routine, the order of
 * store_vocab_referral_urgency. */
static int urgency_index(const char *s)
{
	long i = store_vocab_index(&store_vocab_referral_urgency, s);
	return i < 0 ? 2 : (int)i;
}

/* ---- what the three verbs share ------------------------------------------- */

/* One referral as stored (or, in a dry run, as the batch left it). */
struct ref {
	int64_t id;
	int64_t case_num;
	char *v[NRF];         /* the record's columns, owned */
	char last[11];        /* date of the last change of state, or "" */
};

struct refer {
	cw_db *db;
	const char *actor;
	int dry_run;
	cw_date today;
	const int *followup_days;   /* cw_config.followup_days */
	cw_audit_ids *created;      /* add: the referrals drafted */
	cw_buf json;                /* scratch */
	/* A dry run: the referrals it would add or move, as the batch
	 * leaves them (columns NRF, then the case's number and the date of
	 * the last change of state); a new one without its id. */
	store_dryrows rows;
	/* feedback: the referrals of the records stored (sorted when the
	 * batch ends), and the records as printed, a line each (for the
	 * digest); in a dry run, the records it would store, to skip their
	 * repetition (referral, date, outcome, note: NUL-separated). */
	int64_t *fb_refs;
	size_t nfb, capfb;
	cw_buf fb_lines, fb_seen;
};

static void ref_release(struct ref *r)
{
	int i;
	for (i = 0; i < NRF; i++) {
		free(r->v[i]);
		r->v[i] = NULL;
	}
}

static void ref_copy(struct ref *dst, const struct ref *src)
{
	int i;
	dst->id = src->id;
	dst->case_num = src->case_num;
	memcpy(dst->last, src->last, sizeof dst->last);
	for (i = 0; i < NRF; i++)
		dst->v[i] = src->v[i] ? cw_xstrdup(src->v[i]) : NULL;
}

static void set(struct ref *r, int col, const char *s)
{
	free(r->v[col]);
	r->v[col] = s ? cw_xstrdup(s) : NULL;
}

/* Runs a batch verb on the database the command layer opened (an
 * existing one: referrals need cases, so a mistyped path is refused,
 * never created empty; read in a dry run, written otherwise): reads the
 * files through fn and ends with finish (may be NULL). Returns the
 * batch's exit code. */
static int refer_batch(const cw_ctx *c, const cw_batch_opts *o, char **files,
		       size_t nfiles, const cw_col *cols, size_t ncols,
		       const cw_names *names, cw_batch_fn fn,
		       cw_batch_finish_fn finish)
{
	struct refer x;
	int rc;

	memset(&x, 0, sizeof x);
	x.db = c->db;
	x.actor = c->user;
	x.dry_run = o->dry_run;
	x.today = c->today;
	x.followup_days = c->cfg->followup_days;
	x.created = cw_audit_ids_new(CW_K_REFERRAL);
	cw_buf_init(&x.json);
	cw_buf_init(&x.fb_lines);
	cw_buf_init(&x.fb_seen);
	rc = store_batch_run(o, c->out, x.db, files, nfiles, cols, ncols, names, fn, finish, &x);
	free(x.fb_refs);
	cw_buf_release(&x.fb_lines);
	cw_buf_release(&x.fb_seen);
	store_dryrows_release(&x.rows);
	cw_audit_ids_free(x.created);
	cw_buf_release(&x.json);
	return rc;
}

/* Finds referral id: 1 (and *out filled), 0 when there is none, or an
 * exit code. A dry run sees what earlier records added and changed. */
static int load_ref(struct refer *x, int64_t id, struct ref *out)
{
	char *row[NRF + 2];
	int r;

	memset(out, 0, sizeof *out);
	out->id = id;
	if (x->dry_run && (r = store_dryrows_get(&x->rows, id, row)) != 0) {
		if (r < 0)
			return -r;
		memcpy(out->v, row, sizeof out->v);
		if (!out->v[RF_ID]) {
			char idbuf[32];
			cw_id_format(CW_K_REFERRAL, id, idbuf);
			out->v[RF_ID] = cw_xstrdup(idbuf);
		}
		out->case_num = row[NRF] ? strtoll(row[NRF], NULL, 10) : 0;
		if (row[NRF + 1])
			cw_utf8_truncate(out->last, sizeof out->last, row[NRF + 1]);
		free(row[NRF]);
		free(row[NRF + 1]);
		return 1;
	}
	return refer_db_referral_get(x->db, id, out->v, &out->case_num, out->last);
}

/* Keeps a referral a dry run would add (r->id 0) or change, so that
 * later records see it. 0 or an exit code. */
static int remember(struct refer *x, const struct ref *r)
{
	const char *row[NRF + 2];
	char num[32];
	int64_t id = r->id;
	int rc;

	if ((rc = store_dryrows_ready(&x->rows, x->db, "referrals", NRF + 2)) != 0)
		return rc;
	memcpy(row, r->v, sizeof r->v);
	snprintf(num, sizeof num, "%lld", (long long)r->case_num);
	row[NRF] = num;
	row[NRF + 1] = r->last[0] ? r->last : NULL;
	return id ? store_dryrows_set(&x->rows, id, row)
		  : store_dryrows_add(&x->rows, row, &id);
}

/* The referral a record names (RF-n in field src): 0 with *out loaded,
 * CW_REJECTED after rejecting the record, or an exit code. */
static int find_ref(struct refer *x, cw_batch *b, const cw_record *rec,
		    const char *hdr, const char *text, struct ref *out)
{
	enum cw_kind kind;
	int64_t num;
	int r;

	if (!text) {
		cw_batch_reject(b, rec, hdr, "required: the referral (RF-n)");
		return CW_REJECTED;
	}
	if (cw_id_parse(text, &kind, &num) || kind != CW_K_REFERRAL) {
		cw_batch_reject(b, rec, hdr, "not a referral id (RF-n)");
		return CW_REJECTED;
	}
	r = load_ref(x, num, out);
	if (r == 0) {
		cw_batch_reject(b, rec, hdr, "no such referral");
		return CW_REJECTED;
	}
	return r == 1 ? 0 : r;
}

static int add_event(struct refer *x, cw_batch *b, int64_t id, const char *from,
		     const char *to, const char *date, const char *at,
		     const char *reason)
{
	return refer_db_event_insert(x->db, id, from, to, date, at, x->actor,
				     reason, cw_batch_id(b));
}

static int finish_created(void *ctx, cw_batch *b)
{
	struct refer *x = ctx;
	(void)b;
	return cw_audit_ids_write(x->db, x->created, "insert") ? CW_EXIT_DB : 0;
}

/* ---- add: draft referrals ---------------------------------------------------- */

/* The fields of a new referral: every column of the record, so that
 * output can be read back; the read-only ones must be empty. */
static const cw_fieldspec add_spec[NRF] = {
	[RF_ID] = {"referral_id", {"转介编号"}},
	[RF_CASE] = {"case_id", {"个案编号"}},
	[RF_SERVICE_ID] = {"service_id", {"服务编号"}},
	[RF_SERVICE] = {"service", {"服务名称"}},
	[RF_PROVIDER] = {"provider", {"转介机构"}},
	[RF_REASON] = {"reason", {"转介原因"}},
	[RF_URGENCY] = {"urgency", {"紧急程度"}},
	[RF_STATE] = {"state", {"状态"}},
	[RF_FOLLOWUP] = {"followup_date", {"跟进日期"}},
	[RF_EXPECTED] = {"expected_date", {"预计完成日期"}},
	[RF_SENT] = {"sent_date", {"发送日期"}},
	[RF_RESPONSE] = {"response_date", {"回复日期"}},
	[RF_COMPLETED] = {"completed_date", {"完成日期"}},
	[RF_OVERRIDE] = {"consent_override", {"同意豁免"}},
	[RF_NOTE] = {"note", {"备注"}},
	[RF_CREATED] = {"created_at", {"创建时间"}},
	[RF_UPDATED] = {"updated_at", {"更新时间"}},
	[RF_PROJECT] = {"project", {"项目"}},
};

/* The service a record names: 0 with *num and *name (owned) set,
 * CW_REJECTED after rejecting the record, or an exit code. */
static int find_service(struct refer *x, cw_batch *b, const cw_record *rec,
			const char *hdr, const char *text, int64_t *num,
			char **name)
{
	enum cw_kind kind;
	int r;

	if (cw_id_parse(text, &kind, num) || kind != CW_K_SERVICE) {
		cw_batch_reject(b, rec, hdr, "not a service id (SV-n)");
		return CW_REJECTED;
	}
	r = refer_db_service_name(x->db, *num, name);
	if (r == 0) {
		cw_batch_reject(b, rec, hdr, "no such service (see sw-refer services)");
		return CW_REJECTED;
	}
	return r == 1 ? 0 : r;
}

static int add_store(struct refer *x, cw_batch *b, int64_t case_num,
		     int64_t service, const char *v[NRF], char idbuf[32],
		     char now[21])
{
	char today[11];
	int64_t id;
	int r;

	cw_utc_now(now);
	if ((r = refer_db_referral_insert(x->db, case_num, service, v, now,
					  cw_batch_id(b), &id)) != 0)
		return r;
	cw_id_format(CW_K_REFERRAL, id, idbuf);
	v[RF_ID] = idbuf;
	v[RF_CREATED] = now;
	cw_date_format(x->today, today);
	if ((r = add_event(x, b, id, NULL, "draft", today, now, NULL)) != 0)
		return r;
	cw_buf_reset(&x->json);
	cw_json_record(&x->json, refer_referral_cols, NRF, v);
	cw_audit_ids_add(x->created, id, x->json.s, x->json.len);
	return 0;
}

/* A field given in a record read back, in the form add, status and list
 * print it: ids in capitals, the urgency and state in English, dates as
 * YYYY-MM-DD; text as given. NULL when it cannot be read as its kind (it
 * then differs from whatever is stored). */
static const char *known_canon(int col, const char *s, char buf[32])
{
	enum cw_kind kind;
	int64_t num;
	const char *why;
	cw_date d;

	switch (col) {
	case RF_ID: case RF_CASE: case RF_SERVICE_ID:
		if (cw_id_parse(s, &kind, &num) || kind != (col == RF_ID ? CW_K_REFERRAL
		    : col == RF_CASE ? CW_K_CASE : CW_K_SERVICE))
			return NULL;
		cw_id_format(kind, num, buf);
		return buf;
	case RF_URGENCY:
		return store_vocab_canon(&store_vocab_referral_urgency, s);
	case RF_STATE:
		return store_vocab_canon(&store_vocab_referral_state, s);
	case RF_FOLLOWUP: case RF_EXPECTED: case RF_SENT: case RF_RESPONSE:
	case RF_COMPLETED:
		if (cw_date_parse(s, &d, &why))
			return NULL;
		cw_date_format(d, buf);
		return buf;
	default:
		return s;
	}
}

/* A record that carries a referral_id (a line of add's, status's or
 * list's output read back): it must name a stored referral, and is
 * skipped when every field it gives equals the stored one, rejected
 * naming the first field that differs otherwise, since add never changes
 * a referral (casework.7, Round trip). Returns 0 or an exit code. */
static int add_known(struct refer *x, cw_batch *b, const cw_record *rec,
		     const char **in, const char **src)
{
	struct ref cur;
	char buf[32];
	const char *c;
	int rc, i;

	memset(&cur, 0, sizeof cur);
	if ((rc = find_ref(x, b, rec, store_fields_hdr(add_spec, src, RF_ID), in[RF_ID],
			   &cur)) != 0)
		return rc;
	for (i = 0; i < NRF; i++) {
		if (!in[i])
			continue;
		c = known_canon(i, in[i], buf);
		if (!c || !cur.v[i] || strcmp(c, cur.v[i]))
			break;
	}
	if (i < NRF)
		cw_batch_reject(b, rec, store_fields_hdr(add_spec, src, (size_t)i),
				"differs from the stored referral %s, which add never "
				"changes (a referral changes through sw-refer status)",
				cur.v[RF_ID]);
	else
		cw_batch_skip(b, rec, "already stored as %s", cur.v[RF_ID]);
	ref_release(&cur);
	return 0;
}

static int add_record(void *ctx, cw_batch *b, const cw_record *rec)
{
	static const int readonly[] = {
		RF_SERVICE, RF_STATE, RF_FOLLOWUP, RF_SENT, RF_RESPONSE, RF_COMPLETED,
		RF_OVERRIDE, RF_CREATED, RF_UPDATED
	};
	struct refer *x = ctx;
	const char *in[NRF], *src[NRF], *v[NRF] = {0};
	char *service_name = NULL, expected[11], idbuf[32], svbuf[32];
	char rfbuf[32], now[21], why[STORE_VOCAB_WHY];
	int64_t case_num = 0, service = 0;
	int open, rc = 0;
	size_t i;
	cw_date d;

	if (store_fields_map(b, rec, add_spec, NRF, in, src))
		return 0;
#define HDR(f) store_fields_hdr(add_spec, src, (f))
	if (in[RF_ID])
		return add_known(x, b, rec, in, src);
	for (i = 0; i < sizeof readonly / sizeof readonly[0]; i++)
		if (in[readonly[i]]) {
			cw_batch_reject(b, rec, HDR(readonly[i]), "read-only; leave "
					"it empty for a new referral");
			return 0;
		}
	if (!in[RF_CASE]) {
		cw_batch_reject(b, rec, HDR(RF_CASE), "required: the case referred (CA-n)");
		return 0;
	}
	if ((rc = plan_case(x->db, b, rec, HDR(RF_CASE), in[RF_CASE], &case_num, &open)))
		return rc;
	if (!open) {
		cw_batch_reject(b, rec, HDR(RF_CASE), "the case is closed");
		return 0;
	}
	if (in[RF_SERVICE_ID] && in[RF_PROVIDER]) {
		cw_batch_reject(b, rec, HDR(RF_PROVIDER), "give service_id or provider, "
				"not both");
		return 0;
	}
	if (!in[RF_SERVICE_ID] && !in[RF_PROVIDER]) {
		cw_batch_reject(b, rec, NULL, "give service_id (a service of the "
				"directory, SV-n) or provider (one typed in)");
		return 0;
	}
	if (in[RF_SERVICE_ID] &&
	    (rc = find_service(x, b, rec, HDR(RF_SERVICE_ID), in[RF_SERVICE_ID],
			       &service, &service_name)))
		return rc;
	if (!in[RF_REASON]) {
		cw_batch_reject(b, rec, HDR(RF_REASON), "required: why the case is referred");
		goto out;
	}
	v[RF_URGENCY] = "routine";
	if (in[RF_URGENCY] && !(v[RF_URGENCY] = store_vocab_canon(
			&store_vocab_referral_urgency, in[RF_URGENCY]))) {
		cw_batch_reject(b, rec, HDR(RF_URGENCY), "%s",
				store_vocab_why(&store_vocab_referral_urgency,
						why, sizeof why));
		goto out;
	}
	if (in[RF_EXPECTED]) {
		if (plan_date(b, rec, HDR(RF_EXPECTED), in[RF_EXPECTED], x->today, 1, &d))
			goto out;
		cw_date_format(d, expected);
		v[RF_EXPECTED] = expected;
	}
	/* a referral is dated the day it is drafted */
	if (in[RF_PROJECT] && (rc = store_project_check(x->db, b, rec,
			HDR(RF_PROJECT), in[RF_PROJECT], x->today,
			"the referral's date (today)"))) {
		if (rc == CW_REJECTED)
			rc = 0;
		goto out;
	}
	/* without a project of its own, it counts for its case's */
	if (!in[RF_PROJECT] && (rc = store_project_case_check(x->db, b, rec,
			HDR(RF_PROJECT), case_num, x->today,
			"the referral's date (today)"))) {
		if (rc == CW_REJECTED)
			rc = 0;
		goto out;
	}
#undef HDR
	cw_id_format(CW_K_CASE, case_num, idbuf);
	v[RF_CASE] = idbuf;
	if (service) {
		/* The canonical spelling, SV-7, whatever case was typed. */
		cw_id_format(CW_K_SERVICE, service, svbuf);
		v[RF_SERVICE_ID] = svbuf;
	}
	v[RF_SERVICE] = service_name;
	v[RF_PROVIDER] = in[RF_PROVIDER];
	v[RF_REASON] = in[RF_REASON];
	v[RF_STATE] = "draft";
	v[RF_NOTE] = in[RF_NOTE];
	v[RF_PROJECT] = in[RF_PROJECT];
	if (x->dry_run) {
		/* Printed without its id and time, kept with them. */
		struct ref r;
		cw_batch_stored(b, v);
		memset(&r, 0, sizeof r);
		memcpy(r.v, v, sizeof r.v);
		cw_utc_now(now);
		r.v[RF_CREATED] = now;
		r.case_num = case_num;
		rc = remember(x, &r);
		goto out;
	}
	if ((rc = add_store(x, b, case_num, service, v, rfbuf, now)) != 0)
		goto out;
	cw_batch_stored(b, v);
out:
	free(service_name);
	return rc;
}

int refer_add(const cw_ctx *x, const cw_batch_opts *o, char **files,
	      size_t nfiles)
{
	static const cw_names names = CW_FIELDS_NAMES(add_spec, NRF);
	return refer_batch(x, o, files, nfiles, refer_referral_cols, NRF, &names,
			   add_record, finish_created);
}

/* ---- status: the state machine ----------------------------------------------- */

enum { T_ID, T_STATE, T_DATE, T_REASON, T_OVERRIDE, T_EXPECTED, NT };
static const cw_fieldspec status_spec[NT] = {
	[T_ID] = {"referral_id", {"转介编号"}},
	[T_STATE] = {"state", {"新状态", "状态"}},
	[T_DATE] = {"date", {"日期"}},
	[T_REASON] = {"reason", {"原因", "理由"}},
	[T_OVERRIDE] = {"consent_override", {"同意豁免"}},
	[T_EXPECTED] = {"expected_date", {"预计完成日期"}},
};

/* The days after its acceptance by which a referral accepted without an
 * expected_date is expected to be completed. */
#define EXPECTED_DAYS 30

/* The columns a change of state may change, for its audit entry. */
static const int tracked[] = {
	RF_STATE, RF_FOLLOWUP, RF_EXPECTED, RF_SENT, RF_RESPONSE, RF_COMPLETED,
	RF_OVERRIDE
};
#define NTRACKED (sizeof tracked / sizeof tracked[0])

/* Whether the case's client may have information shared on date: NULL
 * when so, else which part of the consent is missing (*word for the audit
 * trail, the return value for the message). Sets *rc on a database error. */
static const char *consent_problem(struct refer *x, int64_t case_num,
				   const char *date, const char **word, int *rc)
{
	struct refer_consent c;
	const char *why = NULL, *share, *expires, *withdrawn;

	if ((*rc = refer_db_case_consent(x->db, case_num, date, &c)) != 0)
		return NULL;
	share = c.share;
	expires = c.expires;
	withdrawn = c.withdrawn;
	if (!share || strcmp(share, "yes")) {
		*word = "consent_share";
		why = "the client has not consented to sharing information (consent_share)";
	} else if (withdrawn && strcmp(withdrawn, date) <= 0) {
		*word = "consent_withdrawn";
		why = "the client has withdrawn consent to sharing information "
		      "(consent_withdrawn)";
	} else if (expires && strcmp(expires, date) < 0) {
		*word = "consent_expires";
		why = "the client's consent to sharing information has expired "
		      "(consent_expires)";
	}
	refer_consent_release(&c);
	return why;
}

static void audit_value(cw_buf *b, const char *key, const char *v)
{
	cw_json_quote(b, key, strlen(key));
	cw_buf_addch(b, ':');
	if (v)
		cw_json_quote(b, v, strlen(v));
	else
		cw_buf_addstr(b, "null");
}

/* Writes the change: the record, its event, its audit entry. */
static int status_store(struct refer *x, cw_batch *b, const struct ref *cur,
			struct ref *nxt, const char *date, const char *reason,
			const char *consent)
{
	char now[21];
	size_t i;
	int r, pass, first;

	cw_utc_now(now);
	set(nxt, RF_UPDATED, now);
	if ((r = refer_db_referral_update(x->db, nxt->id,
					  (const char *const *)nxt->v)) != 0)
		return r;
	if ((r = add_event(x, b, nxt->id, cur->v[RF_STATE], nxt->v[RF_STATE], date,
			   now, reason)) != 0)
		return r;
	cw_buf_reset(&x->json);
	for (pass = 0; pass < 2; pass++) {
		const struct ref *s = pass ? nxt : cur;
		cw_buf_addstr(&x->json, pass ? ",\"after\":{" : "{\"before\":{");
		for (i = 0, first = 1; i < NTRACKED; i++) {
			if (core_same(cur->v[tracked[i]], nxt->v[tracked[i]]))
				continue;
			if (!first)
				cw_buf_addch(&x->json, ',');
			first = 0;
			audit_value(&x->json, refer_referral_cols[tracked[i]].name,
				    s->v[tracked[i]]);
		}
		cw_buf_addch(&x->json, '}');
	}
	cw_buf_addch(&x->json, ',');
	audit_value(&x->json, "date", date);
	if (reason) {
		cw_buf_addch(&x->json, ',');
		audit_value(&x->json, "reason", reason);
	}
	if (consent) {
		/* Sent without the client's consent: which part was missing. */
		cw_buf_addch(&x->json, ',');
		audit_value(&x->json, "consent_missing", consent);
	}
	cw_buf_addch(&x->json, '}');
	return cw_audit_append(x->db, "update", CW_K_REFERRAL, nxt->v[RF_ID], x->json.s);
}

static int status_record(void *ctx, cw_batch *b, const cw_record *rec)
{
	struct refer *x = ctx;
	const char *in[NT], *src[NT], *word, *why, *consent = NULL;
	struct ref cur, nxt;
	char date[11], expected[11], follow[11];
	int from, to, rc;
	cw_date d = x->today, e, due = 0;

	memset(&cur, 0, sizeof cur);
	memset(&nxt, 0, sizeof nxt);
	if (store_fields_map(b, rec, status_spec, NT, in, src))
		return 0;
#define HDR(f) store_fields_hdr(status_spec, src, (f))
	if ((rc = find_ref(x, b, rec, HDR(T_ID), in[T_ID], &cur)) != 0)
		goto out;
	if (!in[T_STATE]) {
		cw_batch_reject(b, rec, HDR(T_STATE), "required: the new state (sent, "
				"accepted, declined, completed, cancelled, revoked, "
				"or draft to reopen)");
		goto out;
	}
	if (!(word = store_vocab_canon(&store_vocab_referral_state, in[T_STATE]))) {
		cw_batch_reject(b, rec, HDR(T_STATE), "not one of sent, accepted, "
				"declined, completed, cancelled, revoked, draft (已发送, "
				"已接受, 已拒绝, 已完成, 已取消, 已撤销, 草稿)");
		goto out;
	}
	to = state_index(word);
	from = state_index(cur.v[RF_STATE]);
	if (from < 0) {
		cw_error("referral %s has an unknown state: the database is damaged",
			 cur.v[RF_ID]);
		rc = CW_EXIT_DB;
		goto out;
	}
	if (in[T_DATE] && plan_date(b, rec, HDR(T_DATE), in[T_DATE], x->today, 0, &d))
		goto out;
	cw_date_format(d, date);
	if (from == to) {
		cw_batch_reject(b, rec, HDR(T_STATE), "cannot go from %s to %s: the "
				"referral is already %s", state_name(from),
				state_name(to), state_name(from));
		goto out;
	}
	if (!allowed[from][to]) {
		cw_batch_reject(b, rec, HDR(T_STATE), "cannot go from %s to %s: the "
				"referral is %s (next: %s)", state_name(from),
				state_name(to), state_name(from), next_text[from]);
		goto out;
	}
	if (cur.last[0] && strcmp(date, cur.last) < 0) {
		cw_batch_reject(b, rec, HDR(T_DATE), "is before the referral's last "
				"change of state");
		goto out;
	}
	if ((to == S_DECLINED || to == S_REVOKED) && !in[T_REASON]) {
		cw_batch_reject(b, rec, HDR(T_REASON), "required when a referral is %s",
				state_name(to));
		goto out;
	}
	if (in[T_OVERRIDE] && to != S_SENT) {
		cw_batch_reject(b, rec, HDR(T_OVERRIDE), "only when sending (state sent)");
		goto out;
	}
	if (in[T_EXPECTED]) {
		if (to != S_ACCEPTED) {
			cw_batch_reject(b, rec, HDR(T_EXPECTED), "only when accepting "
					"(state accepted)");
			goto out;
		}
		if (plan_date(b, rec, HDR(T_EXPECTED), in[T_EXPECTED], x->today, 1, &e))
			goto out;
		if (e < d) {
			cw_batch_reject(b, rec, HDR(T_EXPECTED), "is before the date the "
					"referral is accepted");
			goto out;
		}
		cw_date_format(e, expected);
	}
	if (to == S_SENT) {
		why = consent_problem(x, cur.case_num, date, &consent, &rc);
		if (rc)
			goto out;
		if (why && !in[T_OVERRIDE]) {
			cw_batch_reject(b, rec, NULL, "%s; to send it anyway, give "
					"consent_override (同意豁免) with the reason", why);
			goto out;
		}
		if (!why && in[T_OVERRIDE]) {
			cw_batch_reject(b, rec, HDR(T_OVERRIDE), "not needed: the client "
					"has consented to sharing information; leave it empty");
			goto out;
		}
	}
	/* The follow-up of a referral sent, or the completion expected of
	 * one accepted without a date (below). */
	if (to == S_SENT || (to == S_ACCEPTED && !in[T_EXPECTED] && !cur.v[RF_EXPECTED])) {
		cw_duration days = {to == S_ACCEPTED ? EXPECTED_DAYS :
				    x->followup_days[urgency_index(cur.v[RF_URGENCY])], 'd'};
		if (cw_date_add(d, days, &due)) {
			cw_batch_reject(b, rec, HDR(T_DATE), "the follow-up would fall "
					"after the year 9999");
			goto out;
		}
	}
#undef HDR
	ref_copy(&nxt, &cur);
	set(&nxt, RF_STATE, state_name(to));
	switch (to) {
	case S_SENT:
		cw_date_format(due, follow);
		set(&nxt, RF_SENT, date);
		set(&nxt, RF_FOLLOWUP, follow);
		/* A new round: the answer to an earlier one no longer holds. */
		set(&nxt, RF_RESPONSE, NULL);
		set(&nxt, RF_COMPLETED, NULL);
		set(&nxt, RF_OVERRIDE, in[T_OVERRIDE]);
		break;
	case S_ACCEPTED:
		set(&nxt, RF_RESPONSE, date);
		/* Accepted without a date for its completion, neither given now
		 * nor held (from its adding, or an earlier acceptance): expected
		 * within EXPECTED_DAYS, so that sw-plan due and list --overdue
		 * follow it up. */
		if (!in[T_EXPECTED] && !cur.v[RF_EXPECTED])
			cw_date_format(due, expected);
		if (in[T_EXPECTED] || !cur.v[RF_EXPECTED])
			set(&nxt, RF_EXPECTED, expected);
		break;
	case S_DECLINED:
		set(&nxt, RF_RESPONSE, date);
		break;
	case S_COMPLETED:
		set(&nxt, RF_COMPLETED, date);
		break;
	case S_DRAFT:
		set(&nxt, RF_FOLLOWUP, NULL);
		break;
	default:
		break;
	}
	memcpy(nxt.last, date, sizeof nxt.last);
	if (x->dry_run) {
		if ((rc = remember(x, &nxt)) != 0)
			goto out;
	} else if ((rc = status_store(x, b, &cur, &nxt, date, in[T_REASON],
				    in[T_OVERRIDE] ? consent : NULL)) != 0)
		goto out;
	cw_batch_stored(b, (const char *const *)nxt.v);
	goto out;
out:
	ref_release(&cur);
	ref_release(&nxt);
	return rc;
}

int refer_status(const cw_ctx *x, const cw_batch_opts *o, char **files,
		 size_t nfiles)
{
	static const cw_names names = CW_FIELDS_NAMES(status_spec, NT);
	return refer_batch(x, o, files, nfiles, refer_referral_cols, NRF, &names,
			   status_record, NULL);
}

/* ---- feedback: what the provider reports --------------------------------------- */

/* Feedback has no id kind of its own: it is named by its referral and
 * date. */
enum { B_ID, B_DATE, B_OUTCOME, B_NOTE, B_CREATED, NB };
static const cw_col feedback_cols[NB] = {
	{"referral_id", 0}, {"date", 0}, {"outcome", 0}, {"note", 0},
	{"created_at", 0},
};
static const cw_fieldspec feedback_spec[NB] = {
	[B_ID] = {"referral_id", {"转介编号"}},
	[B_DATE] = {"date", {"日期", "反馈日期"}},
	[B_OUTCOME] = {"outcome", {"结果", "反馈结果"}},
	[B_NOTE] = {"note", {"备注"}},
	[B_CREATED] = {"created_at", {"创建时间"}},
};

/* The dry run's memory of the feedback it would store: the four fields
 * of a record, each ended by a NUL, one record after another. */
static void fb_key(cw_buf *k, int64_t ref, const char *date, const char *outcome,
		   const char *note)
{
	cw_buf_printf(k, "%lld", (long long)ref);
	cw_buf_addch(k, '\0');
	cw_buf_addstr(k, date);
	cw_buf_addch(k, '\0');
	cw_buf_addstr(k, outcome ? outcome : "");
	cw_buf_addch(k, '\0');
	cw_buf_addch(k, note ? '+' : '-');
	cw_buf_addstr(k, note ? note : "");
	cw_buf_addch(k, '\0');
}

static int fb_seen(const cw_buf *seen, const cw_buf *k)
{
	size_t i = 0, j, n;
	while (i < seen->len) {
		/* Each entry is four NUL-ended strings. */
		for (j = i, n = 0; n < 4; j++)
			if (!seen->s[j])
				n++;
		if (j - i == k->len && !memcmp(seen->s + i, k->s, k->len))
			return 1;
		i = j;
	}
	return 0;
}

/* Whether feedback equal to this (the same referral, date, outcome and
 * note) is stored, or, in a dry run, was read earlier in the batch: 1
 * when so (*created_at, when given, must then equal the stored time: 2
 * when it does not), 0 when not, or -exit code. */
static int fb_stored(struct refer *x, int64_t ref, const char *date,
		     const char *outcome, const char *note, const char *created_at)
{
	int r = refer_db_feedback_find(x->db, ref, date, outcome, note, created_at);
	cw_buf k;

	if (r != 0 || !x->dry_run || created_at)
		return r;
	cw_buf_init(&k);
	fb_key(&k, ref, date, outcome, note);
	r = fb_seen(&x->fb_seen, &k);
	cw_buf_release(&k);
	return r;
}

static int feedback_record(void *ctx, cw_batch *b, const cw_record *rec)
{
	struct refer *x = ctx;
	const char *in[NB], *src[NB], *v[NB] = {0};
	struct ref cur;
	char date[11], now[21];
	cw_date d = x->today;
	int rc, r;

	memset(&cur, 0, sizeof cur);
	if (store_fields_map(b, rec, feedback_spec, NB, in, src))
		return 0;
#define HDR(f) store_fields_hdr(feedback_spec, src, (f))
	if ((rc = find_ref(x, b, rec, HDR(B_ID), in[B_ID], &cur)) != 0)
		goto out;
	if (in[B_DATE] && plan_date(b, rec, HDR(B_DATE), in[B_DATE], x->today, 0, &d))
		goto out;
	cw_date_format(d, date);
	if (!in[B_OUTCOME]) {
		cw_batch_reject(b, rec, HDR(B_OUTCOME), "required: what the provider "
				"reports");
		goto out;
	}
	/* The same feedback again (a file read twice, or feedback's own
	 * output read back with its created_at) stores nothing. */
	r = fb_stored(x, cur.id, date, in[B_OUTCOME], in[B_NOTE], in[B_CREATED]);
	if (r < 0) {
		rc = -r;
		goto out;
	}
	if (r == 1) {
		cw_batch_skip(b, rec, "already stored (feedback of %s on %s)",
			      cur.v[RF_ID], date);
		goto out;
	}
	if (in[B_CREATED]) {
		cw_batch_reject(b, rec, HDR(B_CREATED), r == 2 ? "read-only; it "
				"differs from the stored feedback" : "read-only; no "
				"such feedback is stored: leave it empty for new "
				"feedback");
		goto out;
	}
	if (!cur.v[RF_SENT]) {
		cw_batch_reject(b, rec, HDR(B_ID), "the referral has not been sent: "
				"no provider has had it");
		goto out;
	}
	if (strcmp(date, cur.v[RF_SENT]) < 0) {
		cw_batch_reject(b, rec, HDR(B_DATE), "is before the referral was sent");
		goto out;
	}
#undef HDR
	v[B_ID] = cur.v[RF_ID];
	v[B_DATE] = date;
	v[B_OUTCOME] = in[B_OUTCOME];
	v[B_NOTE] = in[B_NOTE];
	if (x->dry_run) {
		fb_key(&x->fb_seen, cur.id, date, v[B_OUTCOME], v[B_NOTE]);
	} else {
		cw_utc_now(now);
		v[B_CREATED] = now;
		if ((rc = refer_db_feedback_insert(x->db, cur.id, date, v[B_OUTCOME],
						   v[B_NOTE], now, cw_batch_id(b))) != 0)
			goto out;
		/* Audited when the batch ends: the referrals, and the records
		 * as printed. */
		if (x->nfb == x->capfb) {
			x->capfb = x->capfb ? 2 * x->capfb : 64;
			x->fb_refs = cw_xrealloc(x->fb_refs, x->capfb * sizeof *x->fb_refs);
		}
		x->fb_refs[x->nfb++] = cur.id;
		cw_json_record(&x->fb_lines, feedback_cols, NB, v);
		cw_buf_addch(&x->fb_lines, '\n');
	}
	cw_batch_stored(b, v);
out:
	ref_release(&cur);
	return rc;
}

/* Feedback has no id of its own: the batch's one audit entry names the
 * referrals it is about, in id order, each once (RF-2..RF-4,RF-9), with
 * the number of records and the SHA-256 of the records as printed, one
 * JSON line each, in the order they were read. */
static int finish_feedback(void *ctx, cw_batch *b)
{
	struct refer *x = ctx;
	char first[32], last[32], hex[65];
	cw_buf ids, detail;
	size_t i, j;
	int rc;

	(void)b;
	if (!x->nfb)
		return 0;
	qsort(x->fb_refs, x->nfb, sizeof *x->fb_refs, core_cmp_i64);
	cw_buf_init(&ids);
	for (i = 0; i < x->nfb; i = j) {
		/* A run of consecutive ids, repetitions included. */
		for (j = i + 1; j < x->nfb && x->fb_refs[j] - x->fb_refs[j - 1] <= 1; j++)
			;
		cw_id_format(CW_K_REFERRAL, x->fb_refs[i], first);
		cw_id_format(CW_K_REFERRAL, x->fb_refs[j - 1], last);
		if (ids.len)
			cw_buf_addch(&ids, ',');
		if (x->fb_refs[i] == x->fb_refs[j - 1])
			cw_buf_addstr(&ids, first);
		else
			cw_buf_printf(&ids, "%s..%s", first, last);
	}
	cw_sha256_hex(x->fb_lines.s, x->fb_lines.len, hex);
	cw_buf_init(&detail);
	cw_buf_printf(&detail, "{\"records\":%zu,\"sha256\":\"%s\"}", x->nfb, hex);
	rc = cw_audit_append(x->db, "feedback", CW_K_REFERRAL, ids.s, detail.s);
	cw_buf_release(&ids);
	cw_buf_release(&detail);
	return rc ? CW_EXIT_DB : 0;
}

int refer_feedback(const cw_ctx *x, const cw_batch_opts *o, char **files,
		   size_t nfiles)
{
	static const cw_names names = CW_FIELDS_NAMES(feedback_spec, NB);
	return refer_batch(x, o, files, nfiles, feedback_cols, NB, &names,
			   feedback_record, finish_feedback);
}
