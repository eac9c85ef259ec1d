/* intake/update.c - changing stored clients and cases (sw-intake update). */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>
#include "core/core.h"
#include "intake/intake.h"

/* A client or a case as a dry run left it: the fields of its part
 * (client or case) that a record may change, owned. */
struct kept {
	int client;               /* 1 a client, 0 a case */
	int64_t id;
	char *v[NF];
	char handover[11];        /* a case: the day of the handover the
				     dry run made last, "" for none */
};

struct update {
	struct intake_db s;
	int clients;              /* --clients: records are client records */
	int clear[NF];            /* --clear: fields to empty */
	int accept[NF];           /* --accept: fields taken as typed */
	int diff;                 /* --diff: print the changes, field by field */
	cw_date today;
	cw_buf json;              /* scratch */
	/* A dry run writes nothing: the clients and cases it has changed so
	 * far, so that later records see them as the real run would. */
	struct kept *kept;
	size_t nkept, capkept;
	core_map index;           /* kept_key(client, id) to its kept entry */
	struct intake_extra ex;   /* a record's handover_date and _reason */
};

/* The columns of a case's update besides its fields: the day a change
 * of worker takes effect and why (casework.7, Assignment record). */
enum { X_HANDOVER_DATE, X_HANDOVER_REASON, NX };
static const struct intake_extra handover_cols = {
	NX, {{"handover_date", "交接日期"}, {"handover_reason", "交接原因"}},
	{NULL}, {NULL}
};

static int update_known(const cw_names *names, const char *name)
{
	(void)names;
	return intake_field_index(name) >= 0 ||
	       intake_extra_known(&handover_cols, name);
}

static const cw_names update_names = {update_known, NULL, 0};

/* The key of a client (client 1) or case id in the index: never 0. */
static uint64_t kept_key(int client, int64_t id)
{
	return (uint64_t)id * 2 + (uint64_t)client + 1;
}

/* The kept client (client 1) or case id, or NULL. */
static struct kept *kept_find(const struct update *u, int client, int64_t id)
{
	const uint64_t *at = core_map_get(&u->index, kept_key(client, id));
	return at ? &u->kept[*at] : NULL;
}

/* Keeps the fields of v that belong to the client (client 1) or the case
 * as the dry run left id. */
static void kept_put(struct update *u, int client, int64_t id, char *const v[NF])
{
	int added;
	uint64_t *at = core_map_put(&u->index, kept_key(client, id), &added);
	struct kept *k;
	int f;

	if (added) {
		if (u->nkept == u->capkept) {
			u->capkept = u->capkept ? 2 * u->capkept : 16;
			u->kept = cw_xrealloc(u->kept, u->capkept * sizeof *u->kept);
		}
		*at = u->nkept;
		k = &u->kept[u->nkept++];
		memset(k, 0, sizeof *k);
		k->client = client;
		k->id = id;
	}
	k = &u->kept[*at];
	for (f = 0; f < NF; f++)
		if (intake_fields[f].client == client && f != F_CLIENT_ID &&
		    intake_fields[f].kind != FK_READONLY) {
			free(k->v[f]);
			k->v[f] = v[f] ? cw_xstrdup(v[f]) : NULL;
		}
}

/* Puts into stored[] what a dry run changed earlier in the batch. */
static void kept_apply(const struct update *u, int client, int64_t id,
		       char *stored[NF])
{
	const struct kept *k = kept_find(u, client, id);
	int f;
	for (f = 0; k && f < NF; f++)
		if (intake_fields[f].client == client && f != F_CLIENT_ID &&
		    intake_fields[f].kind != FK_READONLY) {
			free(stored[f]);
			stored[f] = k->v[f] ? cw_xstrdup(k->v[f]) : NULL;
		}
}

static void kept_release(struct update *u)
{
	size_t i;
	int f;
	for (i = 0; i < u->nkept; i++)
		for (f = 0; f < NF; f++)
			free(u->kept[i].v[f]);
	free(u->kept);
	core_map_release(&u->index);
}

/* Whether m's identity number is stored with id yet no longer held by it
 * in a dry run that changed that client. */
static int kept_gone(const struct update *u, const struct row *m, int64_t id)
{
	const struct kept *k = kept_find(u, 1, id);
	return k && !(core_same(k->v[F_ID_NUMBER], m->v[F_ID_NUMBER]) &&
		      core_same(k->v[F_ID_TYPE], m->v[F_ID_TYPE]));
}

/* A client other than client that a dry run gave m's identity number,
 * or 0. */
static int64_t kept_holder(const struct update *u, const struct row *m,
			   int64_t client)
{
	size_t i;
	for (i = 0; i < u->nkept; i++) {
		const struct kept *k = &u->kept[i];
		if (k->client && k->id != client &&
		    core_same(k->v[F_ID_NUMBER], m->v[F_ID_NUMBER]) &&
		    core_same(k->v[F_ID_TYPE], m->v[F_ID_TYPE]))
			return k->id;
	}
	return 0;
}

/* {"before":{...},"after":{...}} over the fields that changed and belong
 * to the client (client 1) or the case (client 0). */
static void change_json(cw_buf *b, char *const before[NF], char *const after[NF],
			const int change[NF], int client)
{
	int f, pass, first;
	for (pass = 0; pass < 2; pass++) {
		char *const *v = pass ? after : before;
		cw_buf_addstr(b, pass ? ",\"after\":{" : "{\"before\":{");
		first = 1;
		for (f = 0; f < NF; f++) {
			if (!change[f] || intake_fields[f].client != client)
				continue;
			if (!first)
				cw_buf_addch(b, ',');
			first = 0;
			cw_json_quote(b, intake_case_cols[f].name, strlen(intake_case_cols[f].name));
			cw_buf_addch(b, ':');
			if (v[f])
				cw_json_quote(b, v[f], strlen(v[f]));
			else
				cw_buf_addstr(b, "null");
		}
		cw_buf_addch(b, '}');
	}
	cw_buf_addch(b, '}');
}

/* Merges the record into the stored values. Returns 0, CW_REJECTED or
 * an exit code. */
static int merge(struct update *u, cw_batch *b, const cw_record *rec,
		 struct row *r, char *stored[NF], char *merged[NF])
{
	int f;
	for (f = 0; f < NF; f++) {
		int field_of_client = intake_fields[f].client;
		if (r->src[f] && u->clear[f] && r->v[f]) {
			cw_batch_reject(b, rec, intake_row_hdr(r, f), "given a value and "
					"named by --clear");
			return CW_REJECTED;
		}
		if (intake_fields[f].kind == FK_READONLY) {
			if (r->v[f] && !core_same(r->v[f], stored[f])) {
				cw_batch_reject(b, rec, intake_row_hdr(r, f), "read-only; it "
						"differs from the stored value");
				return CW_REJECTED;
			}
			merged[f] = stored[f] ? cw_xstrdup(stored[f]) : NULL;
			continue;
		}
		if (u->clients && !field_of_client && (r->v[f] || u->clear[f])) {
			cw_batch_reject(b, rec, intake_row_hdr(r, f), "a field of the case: "
					"update it with case_id, without --clients");
			return CW_REJECTED;
		}
		if (u->clear[f])
			merged[f] = NULL;
		else if (r->v[f])
			merged[f] = cw_xstrdup(r->v[f]);
		else
			merged[f] = stored[f] ? cw_xstrdup(stored[f]) : NULL;
	}
	return 0;
}

/* Writes the changes that belong to the client (client 1) or to the case
 * (0) with their audit entry. Nothing changed there: nothing is written,
 * unless stamp asks for updated_at alone. */
static int write_part(struct update *u, int client, int64_t id,
		      char *const stored[NF], const struct row *m,
		      const int change[NF], const char *now, int stamp)
{
	int f, any = 0, rc;
	char idbuf[32];
	enum cw_kind kind = client ? CW_K_CLIENT : CW_K_CASE;

	for (f = 0; f < NF; f++)
		if (change[f] && intake_fields[f].client == client)
			any = 1;
	if (!any && !stamp)
		return 0;
	rc = intake_db_update(&u->s, client, id, m, change, now);
	if (rc)
		return rc;
	cw_buf_reset(&u->json);
	if (any) {
		change_json(&u->json, stored, m->v, change, client);
	} else {
		/* a case record whose client's fields alone changed: the
		 * case is stamped, and so audited (its digest follows) */
		cw_buf_addstr(&u->json, "{\"before\":{");
		cw_json_kv(&u->json, "updated_at", stored[F_UPDATED_AT]);
		cw_buf_addstr(&u->json, "},\"after\":{");
		cw_json_kv(&u->json, "updated_at", now);
		cw_buf_addstr(&u->json, "}}");
	}
	cw_id_format(kind, id, idbuf);
	return cw_audit_append(u->s.db, "update", kind, idbuf, u->json.s);
}

/* What --diff prints: one record per field changed. */
static const cw_col diff_case_cols[] = {
	{"case_id", 0}, {"field", 0}, {"before", 0}, {"after", 0},
};
static const cw_col diff_client_cols[] = {
	{"client_id", 0}, {"field", 0}, {"before", 0}, {"after", 0},
};
#define NDIFF (sizeof diff_case_cols / sizeof diff_case_cols[0])

/* Hands the record to the batch as --diff prints it: a row for each
 * field that changes, in the order of the record's columns, under the
 * id of the case (or client) stored. */
static void print_diff(const struct update *u, cw_batch *b,
		       char *const stored[NF], char *const after[NF],
		       const int change[NF])
{
	const char *v[NDIFF];
	int f;

	v[0] = stored[u->clients ? F_CLIENT_ID : F_CASE_ID];
	store_batch_count_stored(b);
	for (f = 0; f < NF; f++) {
		if (!change[f])
			continue;
		v[1] = intake_case_cols[f].name;
		v[2] = stored[f];
		v[3] = after[f];
		store_batch_print(b, v);
	}
}

/* Hands the record to the batch in the columns it prints. */
static void print_row(const struct update *u, cw_batch *b, char *const v[NF])
{
	const char *cv[NCLIENT];
	int i;
	if (!u->clients) {
		cw_batch_stored(b, (const char *const *)v);
		return;
	}
	for (i = 0; i < NCLIENT; i++)
		cv[i] = v[intake_client_field[i]];
	cw_batch_stored(b, cv);
}

/* A case moving to project code: refused, in its field hdr, when one of
 * its records without a project of their own (which count for the
 * case's) is dated outside code's contract. 0, CW_REJECTED or an exit
 * code. */
static int moved_records(struct update *u, cw_batch *b, const cw_record *rec,
			 const char *hdr, int64_t case_id, const char *code)
{
	cw_date start, end;
	char s[11], e[11], *id, *date;
	int64_t pid;
	int r;

	if ((r = store_project_contract(u->s.db, code, &pid, &start, &end)) <= 0)
		return r < 0 ? CW_EXIT_DB : 0;
	if ((r = store_project_case_outside(u->s.db, case_id, start, end, &id,
					    &date)) < 0)
		return CW_EXIT_DB;
	if (r) {
		cw_date_format(start, s);
		cw_date_format(end, e);
		cw_batch_reject(b, rec, hdr, "%s, dated %s and without a project "
				"of its own, would count for project %s, whose "
				"contract it is outside (%s to %s)", id, date, code,
				s, e);
	}
	free(id);
	free(date);
	return r ? CW_REJECTED : 0;
}

/* Whether the record gives handover_date or handover_reason without a
 * change of the case's worker, which they go with: 1 after rejecting
 * it, else 0. */
static int handover_alone(struct update *u, cw_batch *b, const cw_record *rec,
			  const int change[NF])
{
	int i;

	for (i = 0; i < NX; i++)
		if (u->ex.v[i] && (u->clients || !change[F_WORKER])) {
			cw_batch_reject(b, rec, u->ex.src[i], "goes with a change "
					"of the case's worker");
			return 1;
		}
	return 0;
}

/* The day a change of the case's worker takes effect, into day: the
 * record's handover_date, else today; on or after the day the current
 * assignment began (else the intake date), never ahead. 0, CW_REJECTED
 * after rejecting, or an exit code. */
static int check_handover(struct update *u, cw_batch *b, const cw_record *rec,
			  int64_t case_id, const int change[NF],
			  char *const v[NF], char day[11])
{
	const char *given = u->ex.v[X_HANDOVER_DATE], *why;
	const char *since;
	char *from = NULL;
	int64_t cur = 0;
	const struct kept *k;
	cw_date d;
	int r;

	cw_date_format(u->today, day);
	if (u->clients || !change[F_WORKER])
		return 0;
	/* a reason is the next holder's: none when the worker is cleared */
	if (!v[F_WORKER] && u->ex.v[X_HANDOVER_REASON]) {
		cw_batch_reject(b, rec, u->ex.src[X_HANDOVER_REASON], "goes with a "
				"handover to another worker (clearing the worker "
				"ends the assignment and keeps no reason: say why "
				"in the case's notes)");
		return CW_REJECTED;
	}
	if (given) {
		if (cw_date_parse(given, &d, &why)) {
			cw_batch_reject(b, rec, u->ex.src[X_HANDOVER_DATE], "%s", why);
			return CW_REJECTED;
		}
		if (d > u->today) {
			cw_batch_reject(b, rec, u->ex.src[X_HANDOVER_DATE],
					"is in the future");
			return CW_REJECTED;
		}
		cw_date_format(d, day);
	}
	if (u->s.db && (r = intake_db_assign_current(u->s.db, case_id, &cur,
						     &from)) < 0)
		return CW_EXIT_DB;
	/* a dry run: the assignment a handover earlier in the batch began */
	if (cw_batch_dry_run(b) && (k = kept_find(u, 0, case_id)) != NULL &&
	    k->handover[0]) {
		free(from);
		from = cw_xstrdup(k->handover);
		cur = 0;
	}
	/* (today is never before them: neither lies ahead) */
	since = from ? from : v[F_INTAKE_DATE];
	r = 0;
	if (given && since && strcmp(day, since) < 0) {
		if (from && !cur) {
			cw_batch_reject(b, rec, u->ex.src[X_HANDOVER_DATE], "is before "
					"the day the case's handover earlier in the "
					"batch took effect (%s)", since);
		} else if (from) {
			cw_batch_reject(b, rec, u->ex.src[X_HANDOVER_DATE], "is before "
					"the day the current assignment began (%s)",
					since);
		} else {
			cw_batch_reject(b, rec, u->ex.src[X_HANDOVER_DATE], "is before "
					"the intake date (%s)", since);
		}
		r = CW_REJECTED;
	}
	/* a closure stays its holder's: a handover dated takes effect on
	 * or after the case's latest closure, never before it (one of today
	 * is never before it) */
	if (!r && given && u->s.db) {
		char *closed = NULL;
		if (intake_db_last_closure(u->s.db, case_id, &closed) < 0) {
			free(from);
			return CW_EXIT_DB;
		}
		if (closed && strcmp(day, closed) < 0) {
			cw_batch_reject(b, rec, u->ex.src[X_HANDOVER_DATE], "is before the "
					"case's closure on %s, which stays its holder's",
					closed);
			r = CW_REJECTED;
		}
		free(closed);
	}
	free(from);
	return r;
}

/* Whether a case's new intake date v[F_INTAKE_DATE] lies after its
 * first handover, which would leave the first holder an assignment
 * ending before it began: CW_REJECTED after rejecting it in field hdr,
 * else 0, or an exit code. */
static int check_intake_move(struct update *u, cw_batch *b,
			     const cw_record *rec, int64_t case_id,
			     const char *intake, const char *hdr)
{
	char *from = NULL, *to = NULL;
	int64_t id;
	int r;

	if (!u->s.db || !intake)
		return 0;
	if ((r = intake_db_assign_first(u->s.db, case_id, &id, &from, &to)) < 0)
		return CW_EXIT_DB;
	if (r && to && strcmp(intake, to) > 0) {
		cw_batch_reject(b, rec, hdr, "is after the case's first handover "
				"(%s): the case's assignments begin before it",
				to);
		r = CW_REJECTED;
	} else {
		r = 0;
	}
	free(from);
	free(to);
	return r;
}

static int update_record(void *ctx, cw_batch *b, const cw_record *rec)
{
	struct update *u = ctx;
	struct row r, m;
	char *stored[NF] = {0}, now[21], idbuf[32], handover[11];
	int change[NF] = {0}, f, rc = 0, found, any = 0, key_f;
	enum cw_kind kind;
	int64_t num, client = 0;

	memset(&r, 0, sizeof r);
	memset(&m, 0, sizeof m);
	if (intake_map_extra(b, rec, &r, &u->ex))
		goto out;
	key_f = u->clients ? F_CLIENT_ID : F_CASE_ID;
	if (!r.v[key_f]) {
		cw_batch_reject(b, rec, intake_row_hdr(&r, key_f), u->clients ?
				"required: the client to change (CL-n)" :
				"required: the case to change (CA-n; --clients for clients)");
		goto out;
	}
	if (cw_id_parse(r.v[key_f], &kind, &num) ||
	    kind != (u->clients ? CW_K_CLIENT : CW_K_CASE)) {
		cw_batch_reject(b, rec, intake_row_hdr(&r, key_f), u->clients ?
				"not a client id (CL-n)" : "not a case id (CA-n)");
		goto out;
	}
	found = intake_db_load(&u->s, u->clients, num, stored);
	if (found < 0) {
		rc = CW_EXIT_DB;
		goto out;
	}
	if (!found) {
		cw_batch_reject(b, rec, intake_row_hdr(&r, key_f), "no such %s",
				u->clients ? "client" : "case");
		goto out;
	}
	if (cw_batch_dry_run(b)) {
		cw_id_parse(stored[F_CLIENT_ID], &kind, &client);
		kept_apply(u, 1, client, stored);
		if (!u->clients)
			kept_apply(u, 0, num, stored);
	}
	/* The values as read are compared with the stored ones before they
	 * are checked: a date's serial number is no date. */
	if (intake_damage_check(b, rec, &r, stored, u->accept) ||
	    intake_check_values(b, rec, &r, u->today))
		goto out;
	if ((rc = merge(u, b, rec, &r, stored, m.v)) != 0)
		goto out;
	memcpy(m.src, r.src, sizeof m.src);
	if (!m.v[F_NAME] || cw_utf8_blank(m.v[F_NAME])) {
		cw_batch_reject(b, rec, intake_row_hdr(&r, F_NAME), m.v[F_NAME] ?
				"required: white space alone is no name" : "required");
		goto out;
	}
	if (intake_cross_check(b, rec, &m, u->today))
		goto out;
	for (f = 0; f < NF; f++)
		if (intake_fields[f].kind != FK_READONLY && !core_same(m.v[f], stored[f]))
			change[f] = any = 1;
	if (handover_alone(u, b, rec, change))
		goto out;
	if (!any) {
		cw_batch_skip(b, rec, "no change");
		goto out;
	}
	if ((change[F_PROJECT] || change[F_INTAKE_DATE]) && m.v[F_PROJECT]) {
		cw_date d;
		const char *why;
		if (!cw_date_parse(m.v[F_INTAKE_DATE], &d, &why) &&
		    (rc = store_project_check(u->s.db, b, rec,
					      intake_row_hdr(&r, F_PROJECT),
					      m.v[F_PROJECT], d, "the intake date"))) {
			if (rc == CW_REJECTED)
				rc = 0;
			goto out;
		}
	}
	/* its records without a project of their own count for the case's:
	 * each must lie within the contract of the project it moves to */
	if (change[F_PROJECT] && m.v[F_PROJECT] && !u->clients && u->s.db &&
	    (rc = moved_records(u, b, rec, intake_row_hdr(&r, F_PROJECT), num,
				m.v[F_PROJECT])) != 0) {
		if (rc == CW_REJECTED)
			rc = 0;
		goto out;
	}
	if (change[F_WORKER] && m.v[F_WORKER]) {
		int ok = intake_db_worker_ok(&u->s, m.v[F_WORKER]);
		if (ok < 0) {
			rc = CW_EXIT_DB;
			goto out;
		}
		if (!ok) {
			cw_batch_reject(b, rec, intake_row_hdr(&r, F_WORKER), "not on the worker "
					"roster (see sw-intake workers)");
			goto out;
		}
	}
	if ((rc = check_handover(u, b, rec, num, change, m.v, handover)) != 0) {
		if (rc == CW_REJECTED)
			rc = 0;
		goto out;
	}
	if (!u->clients && change[F_INTAKE_DATE] &&
	    (rc = check_intake_move(u, b, rec, num, m.v[F_INTAKE_DATE],
				    intake_row_hdr(&r, F_INTAKE_DATE))) != 0) {
		if (rc == CW_REJECTED)
			rc = 0;
		goto out;
	}
	if (change[F_HOUSEHOLD_ID] &&
	    (rc = intake_household_check(&u->s, b, rec,
					 intake_row_hdr(&r, F_HOUSEHOLD_ID),
					 m.v[F_HOUSEHOLD_ID])) != 0) {
		if (rc == CW_REJECTED)
			rc = 0;
		goto out;
	}
	cw_id_parse(m.v[F_CLIENT_ID], &kind, &client);
	/* the consent columns are the client's latest share consent */
	if ((rc = intake_consent_update_check(&u->s, b, rec, &r, stored, m.v,
					      client)) != 0) {
		if (rc == CW_REJECTED)
			rc = 0;
		goto out;
	}
	if ((change[F_ID_NUMBER] || change[F_ID_TYPE]) && m.v[F_ID_NUMBER]) {
		struct intake_cand c[8];
		char *key = intake_name_key(m.v[F_NAME]);
		int n = intake_db_candidates(&u->s, 0, &m, key, c, 8), i;
		free(key);
		if (n < 0) {
			rc = CW_EXIT_DB;
			goto out;
		}
		/* A dry run: not the holders it changed, but those it made. */
		for (i = 0; i <= n; i++) {
			int64_t other = i < n ? c[i].id : 0;
			if (i < n && (other == client ||
				      (cw_batch_dry_run(b) && kept_gone(u, &m, other))))
				continue;
			if (i == n && cw_batch_dry_run(b))
				other = kept_holder(u, &m, client);
			if (other) {
				cw_id_format(CW_K_CLIENT, other, idbuf);
				cw_batch_reject(b, rec, intake_row_hdr(&r, F_ID_NUMBER),
						"already registered to client %s", idbuf);
				goto out;
			}
		}
	}
	if (cw_batch_dry_run(b)) {
		kept_put(u, 1, client, m.v);
		if (!u->clients)
			kept_put(u, 0, num, m.v);
		if (!u->clients && change[F_WORKER])
			memcpy(kept_find(u, 0, num)->handover, handover, 11);
		if (u->diff)
			print_diff(u, b, stored, m.v, change);
		else
			print_row(u, b, m.v);
		goto out;
	}
	cw_utc_now(now);
	/* the assignments first: the case is still the writer's to see
	 * (on PostgreSQL, a worker sees the cases they hold) */
	if (!u->clients && change[F_INTAKE_DATE] &&
	    (rc = intake_assign_intake_moved(u->s.db, num, stored[F_INTAKE_DATE],
					     m.v[F_INTAKE_DATE])) != 0)
		goto out;
	if (!u->clients && change[F_WORKER] &&
	    (rc = intake_assign_handover(u->s.db, num, m.v[F_WORKER], handover,
					 u->ex.v[X_HANDOVER_REASON], now,
					 cw_batch_id(b))) != 0)
		goto out;
	/* A case record shows its client's fields: a change to them is a
	 * change to the case as printed, so the case is stamped too. */
	rc = write_part(u, 1, client, stored, &m, change, now, 0);
	if (!rc)
		rc = write_part(u, 0, num, stored, &m, change, now, !u->clients);
	if (!rc && (change[F_CONSENT_DATE] || change[F_CONSENT_SHARE] ||
		    change[F_CONSENT_EXPIRES] || change[F_CONSENT_WITHDRAWN]))
	{
		/* a consent to share newly given: on the consent_date the
		 * record gives, else on the day of the update (never on the
		 * day of an earlier refusal) */
		char today[11];
		cw_date_format(u->today, today);
		rc = intake_consent_follow_client(&u->s, client, now,
						  change[F_CONSENT_DATE] &&
						  m.v[F_CONSENT_DATE] ?
						  m.v[F_CONSENT_DATE] : today);
	}
	if (rc)
		goto out;
	intake_row_release(&m);
	memset(&m, 0, sizeof m);
	if (intake_db_load(&u->s, u->clients, num, m.v) != 1) {
		rc = CW_EXIT_DB;
		goto out;
	}
	print_row(u, b, m.v);
	goto out;
out:
	for (f = 0; f < NF; f++)
		free(stored[f]);
	intake_row_release(&m);
	intake_row_release(&r);
	intake_extra_release(&u->ex);
	return rc;
}

/* Turns the comma-separated names of --clear or --accept (opt) into
 * flags in flags[]; a usage error for a name that is not a field the
 * records may change, or (--clear) a required one. */
static int parse_fields(const char *opt, int clients, const char *list,
			int flags[NF])
{
	char *copy, *p, *tok, *save = NULL;
	int f, rc = 0;

	if (!list)
		return 0;
	copy = cw_xstrdup(list);
	for (p = copy; (tok = strtok_r(p, ",", &save)) != NULL && !rc; p = NULL) {
		f = intake_field_index(tok);
		if (f < 0)
			rc = cw_usage_error("option '--%s': unknown field '%s'", opt, tok);
		else if (intake_fields[f].kind == FK_READONLY)
			rc = cw_usage_error("option '--%s': '%s' is read-only", opt, tok);
		else if (f == F_NAME && !strcmp(opt, "clear"))
			rc = cw_usage_error("option '--clear': a name cannot be cleared");
		else if (clients && !intake_fields[f].client)
			rc = cw_usage_error("option '--%s': '%s' is a field of the "
					    "case, not of the client", opt, tok);
		else
			flags[f] = 1;
	}
	free(copy);
	return rc;
}

/* The options of u into the flags of v; 0 or a usage error. */
static int parse_opts(const intake_update_opts *u, struct update *v)
{
	int rc = parse_fields("clear", u->clients, u->clear, v->clear);
	return rc ? rc : parse_fields("accept", u->clients, u->accept, v->accept);
}

int intake_update_check(const intake_update_opts *u, int dry_run)
{
	struct update v;

	if (u->diff && !dry_run)
		return cw_usage_error("option '--diff' needs '--dry-run'");
	memset(&v, 0, sizeof v);
	return parse_opts(u, &v);
}

int intake_update(const cw_ctx *x, const cw_batch_opts *o,
		  const intake_update_opts *uo, char **files, size_t nfiles)
{
	struct update u;
	const cw_col *cols;
	size_t ncols;
	int rc;

	memset(&u, 0, sizeof u);
	u.ex = handover_cols;
	u.clients = uo->clients;
	u.diff = uo->diff && o->dry_run;
	u.today = x->today;
	cw_buf_init(&u.json);
	intake_db_init(&u.s, x->db, 0);
	if (u.diff) {
		cols = u.clients ? diff_client_cols : diff_case_cols;
		ncols = NDIFF;
	} else {
		cols = u.clients ? intake_client_cols : intake_case_cols;
		ncols = u.clients ? NCLIENT : NF;
	}
	rc = parse_opts(uo, &u);
	if (!rc)
		rc = store_batch_run(o, x->out, x->db, files, nfiles, cols, ncols,
				  &update_names, update_record, NULL, &u);
	intake_db_release(&u.s);
	cw_buf_release(&u.json);
	kept_release(&u);
	return rc;
}
