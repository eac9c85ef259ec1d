/* admin/erase.c - erasure of a person's data (casework.7, ERASURE): on a
 * lawful request (sw-intake erase) or once their records are past the
 * agency's retention (sw-admin purge). In one batch: the personal values
 * of the client and of every record of their cases are erased, each
 * kind of record named by an erase entry (so its digest is written
 * again), the audit details that held those values redacted and named,
 * with their new digests, by a redact entry; then the engine's files
 * are rewritten so that no erased byte remains in them. */
#include <stdlib.h>
#include <string.h>
#include <cJSON.h>
#include "admin/admin.h"

#define ERASED "[erased]"
#define KEEP_NULL(col) col " = CASE WHEN " col " IS NULL THEN NULL ELSE '" \
	ERASED "' END"

/* What is erased, table by table: its rows that are the client's, the
 * SET that erases them (its placeholders: the time when it has
 * updated_at, then for clients the birth date), the fields as the erase
 * entry names them, and the columns whose values are looked for in the
 * audit trail too. A table whose rows have no id of their own is named
 * by its parent's entry (named 0). The participants of community
 * activities are not linked to clients: those who are the client (by
 * phone, or by name at an activity of one of the cases) are erased and
 * named by the activities' ids (idcol); erase_client erases them first,
 * while the client's own row still holds the name and phone that find
 * them. */
static const struct etable {
	enum cw_kind kind;
	int named;
	const char *table;
	int of;
	const char *set;
	int stamped;
	const char *fields;
	const char *values;
	const char *idcol;  /* the column of the ids named; NULL: id */
} etables[] = {
	{CW_K_CLIENT, 1, "clients", ADMIN_OF_CLIENT,
	 "name = '" ERASED "', name_key = '', id_number = NULL, phone = NULL,"
	 " address = NULL, household = NULL, language = NULL,"
	 " emergency_name = NULL, emergency_relationship = NULL,"
	 " emergency_phone = NULL, updated_at = ?, birth_date = ?", 1,
	 "\"name\",\"id_number\",\"phone\",\"address\",\"household\","
	 "\"language\",\"birth_date\",\"emergency_name\","
	 "\"emergency_relationship\",\"emergency_phone\"",
	 "name, id_number, phone, address, household, emergency_name,"
	 " emergency_phone", NULL},
	{CW_K_CASE, 1, "cases", ADMIN_OF_CASE,
	 "referral_source = NULL, presenting_problem = NULL, external_ref = NULL,"
	 " intake_snapshot = NULL, notes = NULL, updated_at = ?", 1,
	 "\"referral_source\",\"presenting_problem\",\"external_ref\","
	 "\"intake_snapshot\",\"notes\"",
	 "referral_source, presenting_problem, external_ref, notes", NULL},
	{CW_K_FOLLOWUP, 1, "followups", ADMIN_OF_CASE_ROW, "note = NULL", 0,
	 "\"note\"", NULL, NULL},
	{CW_K_GOAL, 1, "goals", ADMIN_OF_CASE_ROW,
	 "description = '" ERASED "', indicator = '" ERASED "', baseline = NULL,"
	 " target = '" ERASED "', updated_at = ?", 1,
	 "\"description\",\"indicator\",\"baseline\",\"target\"", NULL, NULL},
	{CW_K_PROGRESS, 1, "goal_progress", ADMIN_OF_GOAL_ROW,
	 "value = NULL, note = NULL", 0, "\"value\",\"note\"", NULL, NULL},
	{CW_K_TASK, 1, "tasks", ADMIN_OF_CASE_ROW,
	 "description = '" ERASED "', updated_at = ?", 1, "\"description\"", NULL, NULL},
	{CW_K_CONTACT, 1, "contacts", ADMIN_OF_CASE_ROW, "note = NULL", 0,
	 "\"note\"", NULL, NULL},
	{CW_K_REVIEW, 1, "reviews", ADMIN_OF_CASE_ROW, "note = NULL", 0,
	 "\"note\"", NULL, NULL},
	{CW_K_CLOSURE, 1, "closures", ADMIN_OF_CASE_ROW,
	 "reason = '" ERASED "', " KEEP_NULL("forced_reason") ", "
	 KEEP_NULL("reopen_reason"), 0,
	 "\"reason\",\"forced_reason\",\"reopen_reason\"", NULL, NULL},
	{CW_K_REFERRAL, 1, "referrals", ADMIN_OF_CASE_ROW,
	 "reason = '" ERASED "', note = NULL, " KEEP_NULL("consent_override")
	 ", updated_at = ?", 1,
	 "\"reason\",\"note\",\"consent_override\",\"event_reason\","
	 "\"feedback_outcome\",\"feedback_note\"", NULL, NULL},
	{CW_K_REFERRAL, 0, "referral_events", ADMIN_OF_REFERRAL_ROW,
	 KEEP_NULL("reason"), 0, NULL, NULL, NULL},
	{CW_K_REFERRAL, 0, "referral_feedback", ADMIN_OF_REFERRAL_ROW,
	 "outcome = NULL, note = NULL", 0, NULL, NULL, NULL},
	/* why a case was handed over: free text of the case (the worker,
	 * a roster name, stays) */
	{CW_K_ASSIGNMENT, 1, "assignments", ADMIN_OF_CASE_ROW,
	 KEEP_NULL("reason"), 0, "\"reason\"", NULL, NULL},
	{CW_K_ACTIVITY, 1, "activity_participants", ADMIN_OF_PARTICIPANT,
	 "name = '" ERASED "', phone = NULL", 0, "\"participant_name\","
	 "\"participant_phone\"", "name, phone", "activity_id"},
};
#define NET (sizeof etables / sizeof etables[0])

/* The keys whose string values are erased wherever they stand in an
 * audit detail or a plan's snapshot that names the client's records:
 * every field above, under the names the details give them. */
static const char *const erased_keys[] = {
	"name", "name_key", "id_number", "phone", "address", "household",
	"language", "birth_date", "referral_source", "presenting_problem",
	"external_ref", "intake_snapshot", "notes", "note", "description",
	"reason", "forced_reason", "reopen_reason", "consent_override",
	"indicator", "baseline", "target", "value", "outcome",
	"emergency_contact", "emergency_name", "emergency_relationship",
	"emergency_phone",
};

/* The keys whose values are kept whatever they equal: words of the
 * vocabularies and the workers' and providers' names, which a value
 * erased may happen to spell. */
static const char *const kept_keys[] = {
	"worker", "owner", "actor", "provider", "status", "state", "kind",
	"category", "sex", "urgency", "term", "need", "risk", "band",
	"instrument", "reason_kind", "consent_by", "consent_share", "id_type",
};

/* Ids, sorted once collected. */
struct ids {
	int64_t *v;
	size_t n, cap;
};

static void ids_add(struct ids *s, int64_t id)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 64;
		s->v = cw_xrealloc(s->v, s->cap * sizeof *s->v);
	}
	s->v[s->n++] = id;
}

/* Whether any id of s (sorted) is within lo..hi. */
static int ids_meet(const struct ids *s, int64_t lo, int64_t hi)
{
	size_t a = 0, b = s->n;

	while (a < b) {
		size_t m = a + (b - a) / 2;
		if (s->v[m] < lo)
			a = m + 1;
		else
			b = m;
	}
	return a < s->n && s->v[a] <= hi;
}

/* One erasure: its batch, the records it erased by kind, the values
 * erased, the plans whose revisions it redacted, and what it found. */
struct erasure {
	cw_db *db;
	int write;              /* 0: a dry run, which only counts */
	int64_t batch;
	char now[21];
	struct ids ids[NET], plans;
	char **values;
	size_t nvalues, capvalues;
	long redacted;
	/* the rows printed: client_id, cases, records, last closure */
	char **rows;
	size_t nrows, caprows;
};

static void erasure_free(struct erasure *e)
{
	size_t i;

	for (i = 0; i < NET; i++)
		free(e->ids[i].v);
	free(e->plans.v);
	for (i = 0; i < e->nvalues; i++)
		free(e->values[i]);
	free(e->values);
	for (i = 0; i < e->nrows; i++)
		free(e->rows[i]);
	free(e->rows);
}

static void value_add(struct erasure *e, const char *v)
{
	/* one or two bytes say nothing of a person, and would match
	 * words of their own */
	if (!v || strlen(v) < 3 || !strcmp(v, ERASED))
		return;
	if (e->nvalues == e->capvalues) {
		e->capvalues = e->capvalues ? 2 * e->capvalues : 16;
		e->values = cw_xrealloc(e->values, e->capvalues * sizeof *e->values);
	}
	e->values[e->nvalues++] = cw_xstrdup(v);
}

static int erased_key(const char *k)
{
	size_t i;
	for (i = 0; i < sizeof erased_keys / sizeof erased_keys[0]; i++)
		if (!strcmp(k, erased_keys[i]))
			return 1;
	return 0;
}

static int kept_key(const char *k)
{
	size_t i;
	for (i = 0; i < sizeof kept_keys / sizeof kept_keys[0]; i++)
		if (!strcmp(k, kept_keys[i]))
			return 1;
	return 0;
}

static int erased_value(const struct erasure *e, const char *v)
{
	size_t i;
	for (i = 0; i < e->nvalues; i++)
		if (!strcmp(v, e->values[i]))
			return 1;
	return 0;
}

/* Whether an activity's participants as printed (NAME:PHONE, ...) hold
 * a value erased: the whole list is then redacted. */
static int erased_in_list(const struct erasure *e, const char *k,
			  const char *v)
{
	size_t i;
	if (!k || strcmp(k, "participants"))
		return 0;
	for (i = 0; i < e->nvalues; i++)
		if (strstr(v, e->values[i]))
			return 1;
	return 0;
}

/* Replaces, in the JSON j, each string that is the value of an erased
 * key or is itself a value erased with ERASED: whether any was. */
static int redact_json(cJSON *j, const struct erasure *e)
{
	cJSON *it;
	int changed = 0;

	cJSON_ArrayForEach(it, j) {
		if (cJSON_IsString(it) && strcmp(it->valuestring, ERASED) &&
		    ((it->string && erased_key(it->string)) ||
		     erased_in_list(e, it->string, it->valuestring) ||
		     ((!it->string || !kept_key(it->string)) &&
		      erased_value(e, it->valuestring)))) {
			cJSON_SetValuestring(it, ERASED);
			changed = 1;
		} else if (cJSON_IsObject(it) || cJSON_IsArray(it)) {
			changed |= redact_json(it, e);
		}
	}
	return changed;
}

/* text redacted (a new string), or NULL when it is not JSON or holds
 * nothing erased. */
static char *redacted(const char *text, const struct erasure *e)
{
	cJSON *j = cJSON_Parse(text);
	char *out = NULL;

	if (j && redact_json(j, e))
		out = cJSON_PrintUnformatted(j);
	cJSON_Delete(j);
	return out;
}

/* ---- the client's records ----------------------------------------------------- */

/* Reads the ids (and the values to look for) of t's rows that are
 * client's into e: their number, or -1 after store_fail. */
static long collect(struct erasure *e, size_t t, int64_t client)
{
	const struct etable *et = &etables[t];
	store_stmt *st;
	cw_buf cols;
	long n = 0;
	int r, i;

	cw_buf_init(&cols);
	cw_buf_printf(&cols, "%s%s%s", et->idcol ? et->idcol : "id",
		      et->values ? ", " : "",
		      et->values ? et->values : "");
	st = admin_db_owned_rows(e->db, et->table, et->of, cols.s, client);
	cw_buf_release(&cols);
	if (!st)
		return -1;
	while ((r = store_step(st)) == STORE_ROW) {
		ids_add(&e->ids[t], store_col_int(st, 0));
		for (i = 1; i < store_cols(st); i++)
			value_add(e, store_col_text(st, i));
		n++;
	}
	store_finalize(st);
	if (r != STORE_DONE)
		return store_fail(e->db, "read the records"), -1;
	return n;
}

/* The snapshots of the revisions of client's plans, redacted; the plans
 * noted: 0 or CW_EXIT_DB. */
static int redact_snapshots(struct erasure *e, int64_t client, long *plans)
{
	store_stmt *st;
	struct snap { int64_t plan, rev; char *text; } *v = NULL;
	size_t n = 0, cap = 0, i;
	int r, rc = 0;

	if (!(st = admin_db_owned_rows(e->db, "plans", ADMIN_OF_CASE_ROW, "id",
				       client)))
		return CW_EXIT_DB;
	*plans = 0;
	while ((r = store_step(st)) == STORE_ROW) {
		ids_add(&e->plans, store_col_int(st, 0));
		++*plans;
	}
	store_finalize(st);
	if (r != STORE_DONE)
		return store_fail(e->db, "read the records");
	if (!(st = admin_db_owned_rows(e->db, "plan_revisions", ADMIN_OF_PLAN_ROW,
				       "plan_id, revision, snapshot", client)))
		return CW_EXIT_DB;
	while (e->write && (r = store_step(st)) == STORE_ROW) {
		char *text = redacted(store_col_text(st, 2), e);
		if (!text)
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 8;
			v = cw_xrealloc(v, cap * sizeof *v);
		}
		v[n].plan = store_col_int(st, 0);
		v[n].rev = store_col_int(st, 1);
		v[n++].text = text;
	}
	store_finalize(st);
	if (e->write && r != STORE_DONE)
		rc = store_fail(e->db, "read the records");
	for (i = 0; i < n; i++) {
		if (!rc)
			rc = admin_db_set_snapshot(e->db, v[i].plan, v[i].rev, v[i].text);
		cJSON_free(v[i].text);
	}
	free(v);
	return rc;
}

/* The birth date kept: 1 January of its year. */
static void birth_year(const char *birth, char out[11])
{
	snprintf(out, 11, "%.4s-01-01", birth);
}

static void row_add(struct erasure *e, const char *v)
{
	if (e->nrows == e->caprows) {
		e->caprows = e->caprows ? 2 * e->caprows : 32;
		e->rows = cw_xrealloc(e->rows, e->caprows * sizeof *e->rows);
	}
	e->rows[e->nrows++] = v ? cw_xstrdup(v) : NULL;
}

/* Erases client's records in the open batch, its row noted: 0 or an
 * exit code after a message. */
static int erase_client(struct erasure *e, int64_t client)
{
	char *birth = NULL, *closed = NULL, year[11], id[32], num[24];
	const char *params[2];
	int64_t open_case;
	long n, records = 0, plans = 0, cases = 0;
	size_t t;
	int r, rc = 0;

	cw_id_format(CW_K_CLIENT, client, id);
	if ((r = admin_db_client_state(e->db, client, &birth, &closed,
					&open_case)) < 0)
		return CW_EXIT_DB;
	if (!r) {
		cw_error("no client %s", id);
		return CW_EXIT_DATA;
	}
	if (open_case) {
		char ca[32];
		cw_id_format(CW_K_CASE, open_case, ca);
		cw_error("%s has an open case, %s: close it first (sw-plan close), "
			 "then erase", id, ca);
		free(birth);
		free(closed);
		return CW_EXIT_DATA;
	}
	for (t = 0; t < NET && !rc; t++) {
		if (!etables[t].named)
			continue;
		if ((n = collect(e, t, client)) < 0)
			rc = CW_EXIT_DB;
		records += n > 0 ? n : 0;
		if (etables[t].kind == CW_K_CASE)
			cases = n;
	}
	if (!rc)
		rc = redact_snapshots(e, client, &plans);
	if (birth)
		birth_year(birth, year);
	/* the participants first: the client's row finds them */
	for (t = 0; t < 2 * NET && !rc && e->write; t++) {
		const struct etable *et = &etables[t % NET];
		int np = 0;
		if ((et->of == ADMIN_OF_PARTICIPANT) != (t < NET))
			continue;
		if (et->stamped)
			params[np++] = e->now;
		if (et->kind == CW_K_CLIENT)
			params[np++] = birth ? year : NULL;
		rc = admin_db_erase_rows(e->db, et->table, et->of, et->set, params,
					 np, client);
	}
	free(birth);
	if (rc) {
		free(closed);
		return rc;
	}
	row_add(e, id);
	snprintf(num, sizeof num, "%ld", cases);
	row_add(e, num);
	snprintf(num, sizeof num, "%ld", records + plans);
	row_add(e, num);
	row_add(e, closed);
	free(closed);
	return 0;
}

/* ---- the trail ---------------------------------------------------------------- */

/* Whether the entry's ids name a record erased: the run noted in *hit. */
struct hit {
	const struct erasure *e;
	int hit;
};

static void erased_run(void *ctx, enum cw_kind kind, int64_t x, int64_t y)
{
	struct hit *h = ctx;
	size_t t;

	if (kind == CW_K_PLAN && ids_meet(&h->e->plans, x, y))
		h->hit = 1;
	for (t = 0; t < NET; t++)
		if (etables[t].named && etables[t].kind == kind &&
		    ids_meet(&h->e->ids[t], x, y))
			h->hit = 1;
}

static int names_erased(const struct erasure *e, const char *text)
{
	struct hit h = {e, 0};
	core_id_runs(text, erased_run, &h);
	return h.hit;
}

/* Redacts the details of the entries before the batch that name an
 * erased record and hold an erased value, and appends the redact entry
 * naming them with their new details' digests: 0 or an exit code. */
static int redact_trail(struct erasure *e)
{
	struct red { int64_t id; char *detail; char fields[65]; } *v = NULL;
	size_t n = 0, cap = 0, i;
	cw_audit_ids *names = cw_audit_ids_new(CW_K_AUDIT);
	store_stmt *st = admin_db_detailed_entries(e->db, e->batch);
	char sum[65], au[32];
	cw_buf d, f1;
	long count;
	int r, rc = 0;

	if (!st) {
		cw_audit_ids_free(names);
		return CW_EXIT_DB;
	}
	while ((r = store_step(st)) == STORE_ROW) {
		char *text;
		if (!names_erased(e, store_col_text(st, 1)) ||
		    !(text = redacted(store_col_text(st, 2), e)))
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 16;
			v = cw_xrealloc(v, cap * sizeof *v);
		}
		v[n].id = store_col_int(st, 0);
		v[n].detail = text;
		/* an entry of format 1: its other fields, which its hash
		 * covers with the detail as written */
		v[n].fields[0] = 0;
		if (store_col_type(st, 8) == STORE_NULL)
			store_audit_fields_sum(v[n].id, store_col_text(st, 3),
					       store_col_text(st, 4),
					       store_col_int(st, 5),
					       store_col_text(st, 6),
					       store_col_text(st, 7),
					       store_col_text(st, 1), v[n].fields);
		n++;
	}
	store_finalize(st);
	if (r != STORE_DONE)
		rc = store_fail(e->db, "read the audit trail");
	cw_buf_init(&d);
	cw_buf_init(&f1);
	cw_buf_addstr(&d, "{\"entries\":{");
	for (i = 0; i < n; i++) {
		char *stored = NULL;
		if (!rc && e->write)
			rc = store_audit_redact(e->db, v[i].id, v[i].detail, &stored);
		/* the detail as stored (a server's, normalised) */
		cw_sha256_hex(stored ? stored : v[i].detail,
			      strlen(stored ? stored : v[i].detail), sum);
		free(stored);
		cw_id_format(CW_K_AUDIT, v[i].id, au);
		cw_buf_printf(&d, "%s\"%s\":\"%s\"", i ? "," : "", au, sum);
		if (v[i].fields[0])
			cw_buf_printf(&f1, "%s\"%s\":\"%s\"", f1.len ? "," : "", au,
				      v[i].fields);
		cw_audit_ids_add(names, v[i].id, "", 0);
		cJSON_free(v[i].detail);
	}
	free(v);
	cw_buf_addstr(&d, "}");
	if (f1.len)
		cw_buf_printf(&d, ",\"format1\":{%s}", f1.s);
	cw_buf_addstr(&d, "}");
	e->redacted = (long)n;
	if (!rc && n && e->write)
		rc = store_audit_append(e->db, "redact", "audit",
					cw_audit_ids_text(names, &count), d.s);
	cw_audit_ids_free(names);
	cw_buf_release(&d);
	cw_buf_release(&f1);
	return rc;
}

static int id_cmp(const void *a, const void *b)
{
	return core_cmp_i64(a, b);
}

/* The ids collected, sorted (ids_meet searches them). */
static void sort_ids(struct erasure *e)
{
	size_t t, i, n;

	for (t = 0; t < NET; t++)
		if (e->ids[t].n) {
			qsort(e->ids[t].v, e->ids[t].n, sizeof *e->ids[t].v, id_cmp);
			/* an activity is named once for its participants */
			for (i = n = 1; i < e->ids[t].n; i++)
				if (e->ids[t].v[i] != e->ids[t].v[n - 1])
					e->ids[t].v[n++] = e->ids[t].v[i];
			e->ids[t].n = n;
		}
	if (e->plans.n)
		qsort(e->plans.v, e->plans.n, sizeof *e->plans.v, id_cmp);
}

/* Whether the reason holds a value erased (a name or a number written
 * into it would stay in the trail). */
static int reason_holds_value(const struct erasure *e, const char *reason)
{
	size_t i;
	for (i = 0; i < e->nvalues; i++)
		if (strstr(reason, e->values[i]))
			return 1;
	return 0;
}

/* The erase entries, one per kind of record (the client's with the
 * reason): 0 or an exit code. */
static int write_entries(struct erasure *e, const char *reason)
{
	cw_audit_ids *a;
	cw_buf d;
	size_t t, i;
	long count;
	int rc = 0;

	cw_buf_init(&d);
	for (t = 0; t <= NET && !rc; t++) {
		struct ids *s = t < NET ? &e->ids[t] : &e->plans;
		enum cw_kind kind = t < NET ? etables[t].kind : CW_K_PLAN;
		if ((t < NET && !etables[t].named) || !s->n)
			continue;
		a = cw_audit_ids_new(kind);
		for (i = 0; i < s->n; i++)
			cw_audit_ids_add(a, s->v[i], "", 0);
		cw_buf_reset(&d);
		cw_buf_printf(&d, "{\"records\":%ld,\"fields\":[%s]", (long)s->n,
			      t < NET ? etables[t].fields : "\"snapshot\"");
		if (kind == CW_K_CLIENT)
			cw_json_kv(&d, "reason", reason);
		cw_buf_addstr(&d, "}");
		rc = cw_audit_append(e->db, "erase", kind,
				     cw_audit_ids_text(a, &count), d.s);
		cw_audit_ids_free(a);
	}
	cw_buf_release(&d);
	return rc;
}

/* The tables an erasure writes, for the engine to rewrite. */
static const char *const written[] = {
	"clients", "cases", "followups", "goals", "goal_progress", "tasks",
	"contacts", "reviews", "closures", "referrals", "referral_events",
	"referral_feedback", "plan_revisions", "activity_participants",
	"assignments", "audit", NULL
};

/* Whether the trail and the records verify, in the open transaction:
 * 0, or CW_EXIT_DB after saying what does not and what to run. */
static int verified(cw_db *db)
{
	store_chain c;
	long checked;
	int rc;

	memset(&c, 0, sizeof c);
	rc = store_audit_verify(db, &c);
	if (!rc && !store_restricted(db))
		rc = store_records_verify(db, intake_record_line, &checked);
	if (rc)
		cw_error("cannot erase in '%s': its audit trail or records do not "
			 "verify (above): an erasure would hide it; run sw-admin "
			 "verify and settle that first", store_name(db));
	return rc;
}

/* Erases the n clients in one batch of verb, with reason; prints a row
 * each (dry run: the batch rolled back, nothing changed): 0 or an exit
 * code. */
static int erase_run(const cw_ctx *x, const int64_t *clients, size_t n,
		     const char *reason, const char *verb, int dry_run,
		     enum cw_format fmt)
{
	static const cw_col cols[] = {{"client_id", 0}, {"cases", 1},
				      {"records", 1}, {"last_closed", 0}};
	struct erasure e;
	cw_writer *w;
	size_t i;
	int rc;

	if (store_restricted(x->db)) {
		cw_error("an erasure changes the records of any case and the audit "
			 "trail: run it as the database's owner");
		return CW_EXIT_DB;
	}
	memset(&e, 0, sizeof e);
	e.db = x->db;
	e.write = !dry_run;
	cw_utc_now(e.now);
	/* a dry run reads what the erasure would, in one read transaction */
	if (dry_run)
		rc = store_begin(x->db, 0) ? CW_EXIT_DB : 0;
	else if ((rc = store_erase_files(x->db, 0, written)) == 0)
		rc = cw_db_begin(x->db, x->user, verb, &e.batch);
	if (rc)
		return rc;
	/* an erasure writes every digest of the records it erases again and
	 * changes details: on a trail or records that do not verify, it
	 * would hide what was done to them */
	rc = verified(x->db);
	for (i = 0; i < n && !rc; i++)
		rc = erase_client(&e, clients[i]);
	sort_ids(&e);
	if (!rc && reason_holds_value(&e, reason)) {
		cw_error("the reason holds a value that is being erased (a name, "
			 "a number, an address of the person's): give the request "
			 "and its date without them, since the reason stays in the "
			 "audit trail");
		rc = CW_EXIT_USAGE;
	}
	if (!rc && !dry_run)
		rc = write_entries(&e, reason);
	/* the entries written, so that the last is the batch's own and
	 * never one redacted */
	if (!rc && !dry_run)
		rc = store_digest_flush(x->db);
	if (!rc)
		rc = redact_trail(&e);
	if (dry_run)
		store_rollback(x->db);
	else if (rc)
		cw_db_rollback(x->db);
	else
		rc = cw_db_commit(x->db);
	if (!rc) {
		if (dry_run)
			fprintf(stderr, "%s: dry run, nothing changed: would "
				"erase %zu clients, %ld audit entries redacted\n",
				cw_progname(), n, e.redacted);
		else
			fprintf(stderr, "%s: erased in batch BT-%lld: %zu "
				"clients, %ld audit entries redacted\n",
				cw_progname(), (long long)e.batch, n, e.redacted);
		w = cw_writer_new(x->out, fmt, cols, 4);
		for (i = 0; i + 4 <= e.nrows; i += 4)
			cw_writer_row(w, (const char *const *)&e.rows[i]);
		rc = cw_writer_end(w, 0);
		if (rc == CW_EXIT_EMPTY)
			rc = 0;
		/* the batch is in: the files rewritten after (and an erasure
		 * run again rewrites them when this fails) */
		if (!dry_run && store_erase_files(x->db, 1, written)) {
			cw_error("erased in batch BT-%lld, but the old values may "
				 "remain in the file's free space or log until "
				 "it is rewritten: run the erasure again",
				 (long long)e.batch);
			rc = CW_EXIT_DB;
		}
	}
	erasure_free(&e);
	return rc;
}

/* ---- the verbs -------------------------------------------------------------------- */

int admin_erase_check(const char *id, const char *reason)
{
	enum cw_kind kind;
	int64_t num;

	if (cw_id_parse(id, &kind, &num) || kind != CW_K_CLIENT) {
		cw_error("'%s' is not a client id (CL-n)", id);
		return CW_EXIT_DATA;
	}
	if (!reason || !*reason)
		return cw_usage_error("an erasure needs its reason: --reason TEXT "
				      "(kept in the audit trail)");
	return 0;
}

/* The clients erased before (their erase entries), sorted: 0 or
 * CW_EXIT_DB. */
static void erased_run_add(void *ctx, enum cw_kind kind, int64_t x, int64_t y)
{
	if (kind == CW_K_CLIENT)
		for (; x <= y; x++)
			ids_add(ctx, x);
}

static int erased_before(cw_db *db, struct ids *s)
{
	store_stmt *st = admin_db_erased_clients(db);
	int r;

	if (!st)
		return CW_EXIT_DB;
	while ((r = store_step(st)) == STORE_ROW)
		core_id_runs(store_col_text(st, 0), erased_run_add, s);
	store_finalize(st);
	if (r != STORE_DONE)
		return store_fail(db, "read the audit trail");
	if (s->n)
		qsort(s->v, s->n, sizeof *s->v, id_cmp);
	return 0;
}

int admin_erase(const cw_ctx *x, const char *id, const char *reason,
		int dry_run, enum cw_format fmt)
{
	struct ids done = {NULL, 0, 0};
	enum cw_kind kind;
	int64_t client;
	int rc;

	if ((rc = admin_erase_check(id, reason)) != 0)
		return rc;
	cw_id_parse(id, &kind, &client);
	/* erased before: erased again (what was written since goes too) */
	if ((rc = erased_before(x->db, &done)) == 0 &&
	    ids_meet(&done, client, client))
		fprintf(stderr, "%s: %s was erased before: erasing again what "
			"was written since\n", cw_progname(), id);
	free(done.v);
	return rc ? rc : erase_run(x, &client, 1, reason, "erase", dry_run, fmt);
}

int admin_purge(const cw_ctx *x, int dry_run, enum cw_format fmt)
{
	struct ids done = {NULL, 0, 0};
	int64_t *clients = NULL;
	char cutoff[11], reason[96];
	size_t n = 0, cap = 0;
	store_stmt *st;
	int y, m, d, r, rc;
	cw_date c;

	if (!x->cfg->retention_years) {
		cw_error("retention_years is not set (see casework(7), "
			 "CONFIGURATION): nothing is ever purged");
		return CW_EXIT_USAGE;
	}
	cw_date_to_ymd(cw_date_today(), &y, &m, &d);
	y -= x->cfg->retention_years;
	/* 29 February, in a year without one, is the 28th */
	if (cw_date_from_ymd(y, m, d, &c) && cw_date_from_ymd(y, m, d - 1, &c)) {
		cw_error("retention_years: %d years before today is before the "
			 "years a date may have", x->cfg->retention_years);
		return CW_EXIT_USAGE;
	}
	cw_date_format(c, cutoff);
	if ((rc = erased_before(x->db, &done)) != 0)
		return rc;
	if (!(st = admin_db_retained(x->db, cutoff))) {
		free(done.v);
		return CW_EXIT_DB;
	}
	while ((r = store_step(st)) == STORE_ROW) {
		int64_t client = store_col_int(st, 0);
		if (ids_meet(&done, client, client))
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			clients = cw_xrealloc(clients, cap * sizeof *clients);
		}
		clients[n++] = client;
	}
	store_finalize(st);
	free(done.v);
	if (r != STORE_DONE) {
		rc = store_fail(x->db, "read the cases");
	} else if (!n) {
		fprintf(stderr, "%s: nothing to purge: no client not erased yet "
			"has all its cases closed on or before %s (retention_years "
			"= %d)\n", cw_progname(), cutoff, x->cfg->retention_years);
	} else {
		snprintf(reason, sizeof reason, "retention_years = %d: the last "
			 "case closed on or before %s", x->cfg->retention_years,
			 cutoff);
		rc = erase_run(x, clients, n, reason, "purge", dry_run, fmt);
	}
	free(clients);
	return rc;
}
