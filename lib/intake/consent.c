/* intake/consent.c - consents by purpose (sw-intake consents, show): a
 * client's consent to share information with other agencies, to the
 * publishing of their case story, to research, each given on a day,
 * ending or withdrawn on one, with the day of the service agreement
 * (服务协议). The client's consent_share, consent_expires and
 * consent_withdrawn are the share purpose: they show the latest share
 * consent, and a change of them changes it (casework.7, Consent
 * record). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/core.h"
#include "intake/intake.h"

static const cw_fieldspec consent_fields[INTAKE_NCN] = {
	{"consent_id", {"同意编号"}},
	{"client_id", {"服务对象编号"}},
	{"purpose", {"同意用途", "用途"}},
	{"given", {"同意日期", "签署日期"}},
	{"expires", {"有效期至", "同意有效期至"}},
	{"withdrawn", {"撤回日期", "撤回同意日期"}},
	{"agreement_date", {"服务协议日期", "服务协议"}},
	{"created_at", {"创建时间"}},
};
static const cw_names consent_names = CW_FIELDS_NAMES(consent_fields, INTAKE_NCN);

const cw_col intake_consent_cols[INTAKE_NCN] = {
	{"consent_id", 0}, {"client_id", 0}, {"purpose", 0}, {"given", 0},
	{"expires", 0}, {"withdrawn", 0}, {"agreement_date", 0},
	{"created_at", 0},
};


struct consents {
	const cw_ctx *x;
	struct intake_db s;
	cw_audit_ids *records;    /* consents created */
	cw_buf json;              /* scratch */
};

static void free_n(char **v, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++) {
		free(v[i]);
		v[i] = NULL;
	}
}

static int client_follow(struct intake_db *s, int64_t client, const char *now,
			 cw_buf *json);
static int date_field(const struct consents *w, cw_batch *b,
		      const cw_record *rec, const char **v, const char **src,
		      int f, int future, char out[11]);

/* A consent read back without a withdrawal, given one: the consent
 * withdrawn on that day (not in the future, not before it was given),
 * audited as an update, the client's columns following when it is the
 * latest share consent. 0 or an exit code. */
static int withdraw(struct consents *w, cw_batch *b, const cw_record *rec,
		    const char **v, const char **src, int64_t num,
		    char *stored[INTAKE_NCN])
{
	char day[11], idbuf[32], now[21];
	const char *out[INTAKE_NCN];
	enum cw_kind k;
	int64_t client;
	int rc, f;

	if (date_field(w, b, rec, v, src, INTAKE_CN_WITHDRAWN, 0, day))
		return 0;
	if (strcmp(day, stored[INTAKE_CN_GIVEN]) < 0) {
		cw_batch_reject(b, rec, store_fields_hdr(consent_fields, src,
							 INTAKE_CN_WITHDRAWN),
				"is before given");
		return 0;
	}
	for (f = 0; f < INTAKE_NCN; f++)
		out[f] = stored[f];
	out[INTAKE_CN_WITHDRAWN] = day;
	if (cw_batch_dry_run(b)) {
		cw_batch_stored(b, out);
		return 0;
	}
	if ((rc = intake_db_consent_set(w->s.db, num, stored[INTAKE_CN_EXPIRES],
					day)) != 0)
		return rc;
	cw_buf_reset(&w->json);
	cw_buf_addstr(&w->json, "{\"before\":{");
	cw_json_kv(&w->json, "withdrawn", NULL);
	cw_buf_addstr(&w->json, "},\"after\":{");
	cw_json_kv(&w->json, "withdrawn", day);
	cw_buf_addstr(&w->json, "}}");
	cw_id_format(CW_K_CONSENT, num, idbuf);
	if (cw_audit_append(w->s.db, "update", CW_K_CONSENT, idbuf, w->json.s))
		return CW_EXIT_DB;
	cw_utc_now(now);
	cw_id_parse(stored[INTAKE_CN_CLIENT], &k, &client);
	if (!strcmp(stored[INTAKE_CN_PURPOSE], "share") &&
	    (rc = client_follow(&w->s, client, now, &w->json)) != 0)
		return rc;
	cw_batch_stored(b, out);
	return 0;
}

/* A consent read back by its id (the verb's own output): skipped when
 * every field it gives is the stored one as printed, else refused in
 * the first field that differs. A consent is never changed, but for
 * its withdrawal: one read back without a withdrawal may be given one. */
static int known(struct consents *w, cw_batch *b, const cw_record *rec,
		 const char **v, const char **src)
{
	const char *hdr = store_fields_hdr(consent_fields, src, INTAKE_CN_ID);
	char *stored[INTAKE_NCN] = {0}, idbuf[32];
	enum cw_kind k;
	int64_t num;
	size_t f, diff = INTAKE_NCN, ndiff = 0;
	int r, rc = 0;

	if (cw_id_parse(v[INTAKE_CN_ID], &k, &num) || k != CW_K_CONSENT) {
		cw_batch_reject(b, rec, hdr, "not a consent id (CN-n)");
		return 0;
	}
	if ((r = w->s.db ? intake_db_consent_printed(w->s.db, num, stored) : 0) < 0)
		return CW_EXIT_DB;
	if (!r) {
		cw_batch_reject(b, rec, hdr, "no such consent");
		return 0;
	}
	cw_id_format(CW_K_CONSENT, num, idbuf);
	for (f = 0; f < INTAKE_NCN; f++) {
		const char *g = v[f] ? v[f] : "", *s = stored[f] ? stored[f] : "";
		const char *canon = f == INTAKE_CN_PURPOSE ?
			store_vocab_canon(&store_vocab_consent_purpose, g) : NULL;

		if (f == INTAKE_CN_ID || !src[f] || !strcmp(canon ? canon : g, s))
			continue;
		if (!ndiff++)
			diff = f;
	}
	if (ndiff == 1 && diff == INTAKE_CN_WITHDRAWN &&
	    !stored[INTAKE_CN_WITHDRAWN])
		rc = withdraw(w, b, rec, v, src, num, stored);
	else if (ndiff)
		cw_batch_reject(b, rec, store_fields_hdr(consent_fields, src, diff),
				"differs from the stored %s (a consent is never "
				"changed but for its withdrawal: record a later one "
				"of the same purpose)", idbuf);
	else
		cw_batch_skip(b, rec, "%s is stored already (read back; it is "
			      "never changed)", idbuf);
	free_n(stored, INTAKE_NCN);
	return rc;
}

/* The client's consent columns made those of its latest share consent:
 * consent_share yes, its end and withdrawal, and its given day as the
 * consent_date when the client has none. Audited as an update of the
 * client. 0 or an exit code. */
static int client_follow(struct intake_db *s, int64_t client, const char *now,
			 cw_buf *json)
{
	char *stored[NF] = {0}, *latest[3] = {0}, idbuf[32];
	int change[NF] = {0}, f, r, rc = 0, any = 0;
	struct row m;
	int64_t id;

	memset(&m, 0, sizeof m);
	if ((r = intake_db_load(s, 1, client, stored)) != 1 ||
	    (r = intake_db_consent_latest(s->db, client, "share", &id, latest)) != 1) {
		rc = r < 0 ? CW_EXIT_DB : 0;
		goto out;
	}
	for (f = 0; f < NF; f++)
		m.v[f] = stored[f] ? cw_xstrdup(stored[f]) : NULL;
#define SET(f, val) do { \
	if (!core_same(m.v[f], (val))) { \
		free(m.v[f]); \
		m.v[f] = (val) ? cw_xstrdup(val) : NULL; \
		change[f] = any = 1; \
	} } while (0)
	SET(F_CONSENT_SHARE, "yes");
	SET(F_CONSENT_EXPIRES, latest[1]);
	SET(F_CONSENT_WITHDRAWN, latest[2]);
	if (!stored[F_CONSENT_DATE])
		SET(F_CONSENT_DATE, latest[0]);
#undef SET
	if (!any)
		goto out;
	if ((rc = intake_db_update(s, 1, client, &m, change, now)) != 0)
		goto out;
	cw_buf_reset(json);
	for (r = 0; r < 2; r++) {
		char *const *v = r ? m.v : stored;
		cw_buf_addstr(json, r ? ",\"after\":{" : "{\"before\":{");
		for (f = 0; f < NF; f++)
			if (change[f])
				cw_json_kv(json, intake_case_cols[f].name, v[f]);
		cw_buf_addch(json, '}');
	}
	cw_buf_addch(json, '}');
	cw_id_format(CW_K_CLIENT, client, idbuf);
	rc = cw_audit_append(s->db, "update", CW_K_CLIENT, idbuf, json->s);
out:
	free_n(stored, NF);
	free_n(latest, 3);
	intake_row_release(&m);
	return rc;
}

/* Parses date field f of v into out (canonical); future: whether it may
 * lie ahead. 0 or CW_REJECTED. */
static int date_field(const struct consents *w, cw_batch *b,
		      const cw_record *rec, const char **v, const char **src,
		      int f, int future, char out[11])
{
	cw_date d;

	if (!v[f])
		return 0;
	if (store_fields_date(b, rec, store_fields_hdr(consent_fields, src,
							    (size_t)f),
			      v[f], w->x->today, future, &d))
		return CW_REJECTED;
	cw_date_format(d, out);
	return 0;
}

static int consent_record(void *ctx, cw_batch *b, const cw_record *rec)
{
	struct consents *w = ctx;
	const char *v[INTAKE_NCN], *src[INTAKE_NCN], *out[INTAKE_NCN] = {0};
	const char *purpose;
	char given[11], expires[11], withdrawn[11], agreement[11], now[21];
	char idbuf[32], why[STORE_VOCAB_WHY], *client[NF] = {0};
	enum cw_kind k;
	int64_t cl, id;
	int r, rc = 0;

#define HDR(i) store_fields_hdr(consent_fields, src, (i))
	if (store_fields_map(b, rec, consent_fields, INTAKE_NCN, v, src))
		return 0;
	if (v[INTAKE_CN_ID])
		return known(w, b, rec, v, src);
	if (v[INTAKE_CN_CREATED]) {
		cw_batch_reject(b, rec, HDR(INTAKE_CN_CREATED), "read-only; leave "
				"it empty for a new consent");
		return 0;
	}
	if (!v[INTAKE_CN_CLIENT]) {
		cw_batch_reject(b, rec, HDR(INTAKE_CN_CLIENT), "required (the "
				"client who consents, CL-n)");
		return 0;
	}
	if (cw_id_parse(v[INTAKE_CN_CLIENT], &k, &cl) || k != CW_K_CLIENT) {
		cw_batch_reject(b, rec, HDR(INTAKE_CN_CLIENT), "not a client id (CL-n)");
		return 0;
	}
	if (!v[INTAKE_CN_PURPOSE]) {
		cw_batch_reject(b, rec, HDR(INTAKE_CN_PURPOSE), "required (%s)",
				store_vocab_list(&store_vocab_consent_purpose,
						 " or ", why, sizeof why));
		return 0;
	}
	if (!(purpose = store_vocab_canon(&store_vocab_consent_purpose,
					  v[INTAKE_CN_PURPOSE]))) {
		cw_batch_reject(b, rec, HDR(INTAKE_CN_PURPOSE), "%s",
				store_vocab_why(&store_vocab_consent_purpose, why,
						sizeof why));
		return 0;
	}
	if (!v[INTAKE_CN_GIVEN]) {
		cw_batch_reject(b, rec, HDR(INTAKE_CN_GIVEN), "required (the day "
				"the consent was given)");
		return 0;
	}
	if (date_field(w, b, rec, v, src, INTAKE_CN_GIVEN, 0, given) ||
	    date_field(w, b, rec, v, src, INTAKE_CN_EXPIRES, 1, expires) ||
	    date_field(w, b, rec, v, src, INTAKE_CN_WITHDRAWN, 0, withdrawn) ||
	    date_field(w, b, rec, v, src, INTAKE_CN_AGREEMENT, 1, agreement))
		return 0;
	if (v[INTAKE_CN_EXPIRES] && strcmp(expires, given) < 0) {
		cw_batch_reject(b, rec, HDR(INTAKE_CN_EXPIRES), "is before given");
		return 0;
	}
	if (v[INTAKE_CN_WITHDRAWN] && strcmp(withdrawn, given) < 0) {
		cw_batch_reject(b, rec, HDR(INTAKE_CN_WITHDRAWN), "is before given");
		return 0;
	}
	/* the client: there, and for a share consent one whose consent
	 * to share it may become (its consent_date no later) */
	if (w->s.db) {
		if ((r = intake_db_load(&w->s, 1, cl, client)) < 0)
			return CW_EXIT_DB;
		if (!r) {
			cw_batch_reject(b, rec, HDR(INTAKE_CN_CLIENT), "no such client");
			return 0;
		}
		r = !strcmp(purpose, "share") && client[F_CONSENT_DATE] &&
		    strcmp(given, client[F_CONSENT_DATE]) < 0;
		free_n(client, NF);
		if (r) {
			cw_batch_reject(b, rec, HDR(INTAKE_CN_GIVEN), "is before the "
					"client's consent_date (知情同意日期): a "
					"share consent is the client's consent to "
					"share information");
			return 0;
		}
	}
#undef HDR
	{	/* the consent as printed */
		char cid[32];
		cw_id_format(CW_K_CLIENT, cl, cid);
		out[INTAKE_CN_CLIENT] = cid;
		out[INTAKE_CN_PURPOSE] = purpose;
		out[INTAKE_CN_GIVEN] = given;
		out[INTAKE_CN_EXPIRES] = v[INTAKE_CN_EXPIRES] ? expires : NULL;
		out[INTAKE_CN_WITHDRAWN] = v[INTAKE_CN_WITHDRAWN] ? withdrawn : NULL;
		out[INTAKE_CN_AGREEMENT] = v[INTAKE_CN_AGREEMENT] ? agreement : NULL;
		if (cw_batch_dry_run(b)) {
			cw_batch_stored(b, out);
			return 0;
		}
		/* the same consent as one stored (or earlier in the batch):
		 * skipped, naming it */
		if ((r = intake_db_consent_same(w->s.db, cl, out, &id)) < 0)
			return CW_EXIT_DB;
		if (r) {
			cw_id_format(CW_K_CONSENT, id, idbuf);
			cw_batch_skip(b, rec, "the same consent as %s, stored "
				      "already", idbuf);
			return 0;
		}
		cw_utc_now(now);
		if ((rc = intake_db_consent_insert(w->s.db, cl, purpose, out, now,
						   cw_batch_id(b), &id)) != 0)
			return rc;
		cw_id_format(CW_K_CONSENT, id, idbuf);
		out[INTAKE_CN_ID] = idbuf;
		out[INTAKE_CN_CREATED] = now;
		store_audit_created(w->records, id, intake_consent_cols, INTAKE_NCN,
				    out, &w->json);
		/* the share purpose is the client's columns */
		if (!strcmp(purpose, "share") &&
		    (rc = client_follow(&w->s, cl, now, &w->json)) != 0)
			return rc;
		cw_batch_stored(b, out);
	}
	return 0;
}

static int consents_finish(void *ctx, cw_batch *b)
{
	struct consents *w = ctx;
	(void)b;
	return cw_audit_ids_write(w->s.db, w->records, "insert") ? CW_EXIT_DB : 0;
}

int intake_consents(const cw_ctx *x, const cw_batch_opts *o, char **files,
		    size_t nfiles)
{
	struct consents w;
	int rc;

	memset(&w, 0, sizeof w);
	w.x = x;
	intake_db_init(&w.s, x->db, !o->dry_run);
	w.records = cw_audit_ids_new(CW_K_CONSENT);
	cw_buf_init(&w.json);
	rc = store_batch_run(o, x->out, x->db, files, nfiles, intake_consent_cols,
			     INTAKE_NCN, &consent_names, consent_record,
			     consents_finish, &w);
	intake_db_release(&w.s);
	cw_audit_ids_free(w.records);
	cw_buf_release(&w.json);
	return rc;
}

/* ---- the share purpose kept in step with the client's columns --------------- */

/* Adds the consents st gives (the consent record's columns) to the
 * audit list a. 0 or CW_EXIT_DB. */
static int audit_rows(cw_db *db, store_stmt *st, cw_audit_ids *a, cw_buf *json)
{
	const char *v[INTAKE_NCN];
	enum cw_kind k;
	int64_t id;
	int r, c;

	while ((r = store_step(st)) == STORE_ROW) {
		for (c = 0; c < INTAKE_NCN; c++)
			v[c] = store_col_text(st, c);
		cw_id_parse(v[INTAKE_CN_ID], &k, &id);
		store_audit_created(a, id, intake_consent_cols, INTAKE_NCN, v, json);
	}
	return r == STORE_DONE ? 0 : store_fail(db, "read the consents");
}

int intake_consents_of_batch(cw_db *db, int64_t batch)
{
	cw_audit_ids *a;
	store_stmt *st;
	cw_buf json;
	int rc;

	if ((rc = intake_db_consents_from_clients(db, batch)) != 0)
		return rc;
	if (!(st = intake_db_consents(db, 0, 0, batch)))
		return CW_EXIT_DB;
	a = cw_audit_ids_new(CW_K_CONSENT);
	cw_buf_init(&json);
	rc = audit_rows(db, st, a, &json);
	store_finalize(st);
	if (!rc && cw_audit_ids_write(db, a, "insert"))
		rc = CW_EXIT_DB;
	cw_audit_ids_free(a);
	cw_buf_release(&json);
	return rc;
}

int intake_consent_follow_client(struct intake_db *s, int64_t client,
				 const char *now, const char *given)
{
	char *stored[NF] = {0}, *latest[3] = {0}, idbuf[32];
	const char *v[INTAKE_NCN] = {0};
	int64_t id;
	cw_buf json;
	int r, rc = 0;

	cw_buf_init(&json);
	if ((r = intake_db_load(s, 1, client, stored)) != 1) {
		rc = r < 0 ? CW_EXIT_DB : 0;
		goto out;
	}
	if (!core_same(stored[F_CONSENT_SHARE], "yes") || !stored[F_CONSENT_DATE])
		goto out;
	if ((r = intake_db_consent_latest(s->db, client, "share", &id, latest)) < 0) {
		rc = CW_EXIT_DB;
		goto out;
	}
	if (!r) {
		/* consented now: the client's consent to share recorded */
		cw_audit_ids *a = cw_audit_ids_new(CW_K_CONSENT);
		store_stmt *st;

		v[INTAKE_CN_GIVEN] = given;
		v[INTAKE_CN_EXPIRES] = stored[F_CONSENT_EXPIRES];
		v[INTAKE_CN_WITHDRAWN] = stored[F_CONSENT_WITHDRAWN];
		if ((rc = intake_db_consent_insert(s->db, client, "share", v, now,
						   store_batch(s->db),
						   &id)) == 0) {
			if (!(st = intake_db_consents(s->db, 0, id, 0)))
				rc = CW_EXIT_DB;
			else
				rc = audit_rows(s->db, st, a, &json);
			store_finalize(st);
		}
		if (!rc && cw_audit_ids_write(s->db, a, "insert"))
			rc = CW_EXIT_DB;
		cw_audit_ids_free(a);
		goto out;
	}
	if (core_same(latest[1], stored[F_CONSENT_EXPIRES]) &&
	    core_same(latest[2], stored[F_CONSENT_WITHDRAWN]))
		goto out;
	if ((rc = intake_db_consent_set(s->db, id, stored[F_CONSENT_EXPIRES],
					stored[F_CONSENT_WITHDRAWN])) != 0)
		goto out;
	cw_buf_addstr(&json, "{\"before\":{");
	cw_json_kv(&json, "expires", latest[1]);
	cw_json_kv(&json, "withdrawn", latest[2]);
	cw_buf_addstr(&json, "},\"after\":{");
	cw_json_kv(&json, "expires", stored[F_CONSENT_EXPIRES]);
	cw_json_kv(&json, "withdrawn", stored[F_CONSENT_WITHDRAWN]);
	cw_buf_addstr(&json, "}}");
	cw_id_format(CW_K_CONSENT, id, idbuf);
	rc = cw_audit_append(s->db, "update", CW_K_CONSENT, idbuf, json.s);
out:
	free_n(stored, NF);
	free_n(latest, 3);
	cw_buf_release(&json);
	return rc;
}

int intake_consent_update_check(struct intake_db *s, cw_batch *b,
				const cw_record *rec, const struct row *r,
				char *const stored[NF], char *const merged[NF],
				int64_t client)
{
	char *latest[3] = {0}, idbuf[32];
	int64_t id;
	int n, rc = 0;

	if (!s->db || (core_same(stored[F_CONSENT_SHARE], merged[F_CONSENT_SHARE]) &&
		       core_same(stored[F_CONSENT_EXPIRES], merged[F_CONSENT_EXPIRES]) &&
		       core_same(stored[F_CONSENT_WITHDRAWN], merged[F_CONSENT_WITHDRAWN])))
		return 0;
	if ((n = intake_db_consent_latest(s->db, client, "share", &id, latest)) < 0)
		return CW_EXIT_DB;
	if (!n)
		return 0;
	cw_id_format(CW_K_CONSENT, id, idbuf);
	if (latest[2] && !core_same(merged[F_CONSENT_WITHDRAWN], latest[2])) {
		/* a withdrawal is history: never cleared nor moved */
		cw_batch_reject(b, rec, intake_row_hdr(r, F_CONSENT_WITHDRAWN),
				"the client's consent to share (%s) was withdrawn "
				"on %s, which is never changed: record a new "
				"consent (sw-intake consents)", idbuf, latest[2]);
		rc = CW_REJECTED;
	} else if (!core_same(merged[F_CONSENT_SHARE], "yes")) {
		if (!latest[2]) {
			cw_batch_reject(b, rec, intake_row_hdr(r, F_CONSENT_SHARE),
					"the client's consent to share (%s) is not "
					"withdrawn: give consent_withdrawn (撤回同意日期) "
					"instead", idbuf);
			rc = CW_REJECTED;
		}
	} else if (merged[F_CONSENT_EXPIRES] &&
		   strcmp(merged[F_CONSENT_EXPIRES], latest[0]) < 0) {
		cw_batch_reject(b, rec, intake_row_hdr(r, F_CONSENT_EXPIRES),
				"is before the day the client's consent to share "
				"(%s) was given", idbuf);
		rc = CW_REJECTED;
	} else if (merged[F_CONSENT_WITHDRAWN] &&
		   strcmp(merged[F_CONSENT_WITHDRAWN], latest[0]) < 0) {
		cw_batch_reject(b, rec, intake_row_hdr(r, F_CONSENT_WITHDRAWN),
				"is before the day the client's consent to share "
				"(%s) was given", idbuf);
		rc = CW_REJECTED;
	}
	free_n(latest, 3);
	return rc;
}

/* ---- sw-intake show CN-n, show CL-n --consents ------------------------------- */

int intake_consents_show(const cw_ctx *x, int64_t client, int64_t id,
			 enum cw_format fmt)
{
	store_stmt *st = intake_db_consents(x->db, client, id, 0);
	int r, rc;

	if (!st)
		return CW_EXIT_DB;
	r = store_step(st);
	store_reset(st);
	if (r == STORE_DONE && id) {
		char idbuf[32];
		cw_id_format(CW_K_CONSENT, id, idbuf);
		cw_error("no consent %s", idbuf);
		rc = CW_EXIT_DATA;
	} else if (r == STORE_DONE) {
		rc = CW_EXIT_EMPTY;
	} else if (r != STORE_ROW) {
		rc = store_fail(x->db, "read the consents");
	} else {
		rc = store_print(x->db, x->out, st, intake_consent_cols, INTAKE_NCN,
				 fmt);
	}
	store_finalize(st);
	return rc;
}
