/* intake_add.c - registering clients and opening cases (sw-intake add). */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>
#include "intake_priv.h"

static const char *const rule_name[] = {
	"id_number", "name+birth_date", "name+phone"
};
static const int rule_field[] = { F_ID_NUMBER, F_BIRTH_DATE, F_PHONE };

int cw_dup_policy_parse(const char *s, enum cw_dup_policy *out)
{
	static const char *const names[] = {"link", "skip", "refuse"};
	int i;
	for (i = 0; i < 3; i++)
		if (!strcmp(s, names[i])) {
			*out = (enum cw_dup_policy)i;
			return 0;
		}
	return -1;
}

/* ---- people seen earlier in a dry run ----------------------------------- */

/* A dry run writes nothing, so the clients earlier records of the batch
 * would have created are kept here, under the keys of the three rules.
 * A real run finds them in the database, inside its own transaction. */
struct seen {
	char *file;         /* where the record was read, owned */
	long line;
	char *name_key;     /* owned */
	char *id_type;      /* owned, or NULL */
	char *id_number;    /* owned, or NULL */
};

struct seen_index {
	struct seen *e;     /* entries, owned */
	size_t n, cap;
	char **key;         /* hash slots: key strings, owned, NULL free */
	size_t *val;        /* entry index of each slot */
	size_t slots, used; /* slots is a power of two */
};

static size_t slot_of(const struct seen_index *x, const char *key)
{
	size_t i = cw_hash(key, strlen(key)) & (x->slots - 1);
	while (x->key[i] && strcmp(x->key[i], key))
		i = (i + 1) & (x->slots - 1);
	return i;
}

static const struct seen *seen_get(const struct seen_index *x, const char *key)
{
	size_t i;
	if (!x->slots)
		return NULL;
	i = slot_of(x, key);
	return x->key[i] ? &x->e[x->val[i]] : NULL;
}

static void seen_put(struct seen_index *x, const char *key, size_t entry)
{
	size_t i;
	if ((x->used + 1) * 2 > x->slots) {
		struct seen_index n = *x;
		n.slots = x->slots ? x->slots * 2 : 1024;
		n.key = cw_xcalloc(n.slots, sizeof *n.key);
		n.val = cw_xcalloc(n.slots, sizeof *n.val);
		for (i = 0; i < x->slots; i++)
			if (x->key[i]) {
				size_t j = slot_of(&n, x->key[i]);
				n.key[j] = x->key[i];
				n.val[j] = x->val[i];
			}
		free(x->key);
		free(x->val);
		*x = n;
	}
	i = slot_of(x, key);
	if (x->key[i])
		return;   /* the first record with a key keeps it */
	x->key[i] = cw_xstrdup(key);
	x->val[i] = entry;
	x->used++;
}

static void seen_release(struct seen_index *x)
{
	size_t i;
	for (i = 0; i < x->slots; i++)
		free(x->key[i]);
	for (i = 0; i < x->n; i++) {
		free(x->e[i].file);
		free(x->e[i].name_key);
		free(x->e[i].id_type);
		free(x->e[i].id_number);
	}
	free(x->key);
	free(x->val);
	free(x->e);
}

/* The key of rule for r, or NULL when the record lacks its fields. */
static char *rule_key(int rule, const struct row *r, const char *name_key)
{
	cw_buf b;
	if (!r->v[rule_field[rule]])
		return NULL;
	cw_buf_init(&b);
	if (rule == 0)
		cw_buf_printf(&b, "0\x1f%s\x1f%s", r->v[F_ID_TYPE], r->v[F_ID_NUMBER]);
	else
		cw_buf_printf(&b, "%d\x1f%s\x1f%s", rule, name_key, r->v[rule_field[rule]]);
	return cw_buf_detach(&b, NULL);
}

/* ---- the batch ---------------------------------------------------------- */

struct add {
	struct intake_db s;          /* statements */
	int dry_run;
	enum cw_dup_policy policy;   /* --duplicates */
	cw_date today;               /* default intake date */
	struct seen_index seen;      /* dry run: clients the batch would create */
	cw_audit_ids *clients;       /* clients created */
	cw_audit_ids *cases;         /* cases created */
	cw_buf json;                 /* scratch: one record as JSON */
	struct intake_hdr_cache hdr; /* the fields of the columns' headers */
};

/* Who a record was matched to: a stored client (id > 0) or, in a dry
 * run, an earlier record of the batch (id < 0: -1 - its seen index). */
struct match {
	int64_t id;
	int rule;
	int64_t batch;
};

static void describe(const struct add *a, const struct match *m, char *out, size_t n)
{
	char id[32];
	if (m->id > 0) {
		cw_id_format(CW_K_CLIENT, m->id, id);
		snprintf(out, n, "client %s", id);
	} else {
		const struct seen *e = &a->seen.e[-1 - m->id];
		snprintf(out, n, "the record at %s:%ld", e->file, e->line);
	}
}

/* A record that carries the id of a stored case: unchanged, it is skipped
 * (the tools' output is valid input); changed, it is refused, since add
 * never edits. */
static int existing_case(struct add *a, cw_batch *b, const cw_record *rec,
			 struct row *r)
{
	char *stored[NF] = {0};
	enum cw_kind kind;
	int64_t num;
	int f, found;

	if (cw_id_parse(r->v[F_CASE_ID], &kind, &num) || kind != CW_K_CASE) {
		cw_batch_reject(b, rec, row_hdr(r, F_CASE_ID), "not a case id (CA-n)");
		return 0;
	}
	found = intake_db_load(&a->s, 0, num, stored);
	if (found < 0)
		return CW_EXIT_DB;
	if (!found) {
		cw_batch_reject(b, rec, row_hdr(r, F_CASE_ID), "no such case");
		return 0;
	}
	for (f = 0; f < NF; f++)
		if (r->src[f] && f != F_UPDATED_AT &&
		    !((!r->v[f] && !stored[f]) ||
		      (r->v[f] && stored[f] && !strcmp(r->v[f], stored[f]))))
			break;
	if (f < NF)
		cw_batch_reject(b, rec, row_hdr(r, f), "differs from the stored case "
				"%s; use update to change it", stored[F_CASE_ID]);
	else
		cw_batch_skip(b, rec, "already stored as %s", stored[F_CASE_ID]);
	for (f = 0; f < NF; f++)
		free(stored[f]);
	return 0;
}

/* Finds the known clients r matches. Returns 0 with *m set (m->id 0 when
 * none), 1 after rejecting the record, or an exit code. */
static int find_match(struct add *a, cw_batch *b, const cw_record *rec,
		      struct row *r, const char *name_key, struct match *m)
{
	struct intake_cand c[8];
	struct match found[2];
	int rule, i, n, nfound = 0;
	char what[2][300];

	memset(m, 0, sizeof *m);
	for (rule = 0; rule < 3; rule++) {
		/* Only a dry run looks the key up (among the records seen). */
		char *key = a->dry_run ? rule_key(rule, r, name_key) : NULL;
		const struct seen *e;
		if (!r->v[rule_field[rule]])
			continue;
		n = intake_db_candidates(&a->s, rule, r, name_key, c, 8);
		if (n < 0) {
			free(key);
			return CW_EXIT_DB;
		}
		for (i = 0; i < n; i++) {
			struct match x = {c[i].id, rule, c[i].batch};
			if (rule == 0 && !c[i].same_name) {
				describe(a, &x, what[0], sizeof what[0]);
				cw_batch_reject(b, rec, row_hdr(r, F_ID_NUMBER), "already "
						"registered to %s under another name", what[0]);
				free(key);
				return 1;
			}
			if (nfound < 2 && (!nfound || found[0].id != x.id))
				found[nfound++] = x;
		}
		e = a->dry_run ? seen_get(&a->seen, key) : NULL;
		free(key);
		if (e && rule > 0 && r->v[F_ID_NUMBER] && e->id_number &&
		    !strcmp(e->id_type, r->v[F_ID_TYPE]) &&
		    strcmp(e->id_number, r->v[F_ID_NUMBER]))
			e = NULL;   /* different identity numbers: not the same person */
		if (e) {
			struct match x = {-1 - (int64_t)(e - a->seen.e), rule, 0};
			if (rule == 0 && strcmp(e->name_key, name_key)) {
				describe(a, &x, what[0], sizeof what[0]);
				cw_batch_reject(b, rec, row_hdr(r, F_ID_NUMBER), "also given "
						"at %s:%ld with another name", e->file, e->line);
				return 1;
			}
			if (nfound < 2 && (!nfound || found[0].id != x.id))
				found[nfound++] = x;
		}
	}
	if (nfound > 1) {
		describe(a, &found[0], what[0], sizeof what[0]);
		describe(a, &found[1], what[1], sizeof what[1]);
		cw_batch_reject(b, rec, NULL, "matches two different known people: "
				"%s (by %s) and %s (by %s); give client_id to choose",
				what[0], rule_name[found[0].rule], what[1],
				rule_name[found[1].rule]);
		return 1;
	}
	if (nfound)
		*m = found[0];
	return 0;
}

/* An explicit client_id links the new case to that client; the client's
 * fields, when the record gives them, must be the stored ones. */
static int explicit_client(struct add *a, cw_batch *b, const cw_record *rec,
			   struct row *r, struct match *m)
{
	char *stored[NF] = {0};
	enum cw_kind kind;
	int64_t num;
	int f, found, rc = 0;

	if (cw_id_parse(r->v[F_CLIENT_ID], &kind, &num) || kind != CW_K_CLIENT) {
		cw_batch_reject(b, rec, row_hdr(r, F_CLIENT_ID), "not a client id (CL-n)");
		return 1;
	}
	found = intake_db_load(&a->s, 1, num, stored);
	if (found < 0)
		return CW_EXIT_DB;
	if (!found) {
		cw_batch_reject(b, rec, row_hdr(r, F_CLIENT_ID), "no such client");
		return 1;
	}
	for (f = 0; f < NF && !rc; f++)
		if (cw_intake_field[f].client && f != F_CLIENT_ID &&
		    cw_intake_field[f].kind != FK_READONLY && r->v[f] &&
		    (!stored[f] || strcmp(r->v[f], stored[f]))) {
			cw_batch_reject(b, rec, row_hdr(r, f), "differs from the stored "
					"client %s; use update to change it",
					stored[F_CLIENT_ID]);
			rc = 1;
		}
	for (f = 0; f < NF; f++)
		free(stored[f]);
	m->id = num;
	m->rule = -1;
	return rc;
}

/* The checks a new case needs beyond its fields: read-only columns left
 * empty, the worker on the roster. Returns 0, 1 (rejected) or a code. */
static int check_new(struct add *a, cw_batch *b, const cw_record *rec,
		     struct row *r)
{
	int f, ok;
	for (f = 0; f < NF; f++)
		if (cw_intake_field[f].kind == FK_READONLY && r->v[f] &&
		    f != F_CASE_ID && f != F_CLIENT_ID) {
			cw_batch_reject(b, rec, row_hdr(r, f), "read-only; leave it "
					"empty for a new case");
			return 1;
		}
	if (r->v[F_WORKER]) {
		ok = intake_db_worker_ok(&a->s, r->v[F_WORKER]);
		if (ok < 0)
			return CW_EXIT_DB;
		if (!ok) {
			cw_batch_reject(b, rec, row_hdr(r, F_WORKER), "not on the worker "
					"roster (see sw-intake workers)");
			return 1;
		}
	}
	return 0;
}

/* The key under which a dry run notes a known client it linked a case
 * to, so that a later record for the same person is skipped as in a real
 * run, where the linked case is open by then. */
static void linked_key(char out[40], int64_t client)
{
	snprintf(out, 40, "L\x1f%lld", (long long)client);
}

/* What to do with a record that matched a known client, by policy.
 * Returns 0 to go on and link, 1 when the record was skipped or refused,
 * or an exit code. */
static int apply_policy(struct add *a, cw_batch *b, const cw_record *rec,
			struct row *r, const struct match *m)
{
	char who[300], ca[32];
	const char *rule = m->rule < 0 ? "client_id" : rule_name[m->rule];
	int64_t open_case;

	describe(a, m, who, sizeof who);
	if (m->id > 0 && m->batch == cw_batch_id(b))
		snprintf(who + strlen(who), sizeof who - strlen(who), " of this batch");
	if (m->rule >= 0 && a->policy == CW_DUP_REFUSE) {
		cw_batch_reject(b, rec, row_hdr(r, rule_field[m->rule]),
				"same person as %s (by %s)", who, rule);
		return 1;
	}
	if (m->rule >= 0 && a->policy == CW_DUP_SKIP) {
		cw_batch_skip(b, rec, "same person as %s (by %s)", who, rule);
		return 1;
	}
	/* Linking never opens a second case beside an open one: a sheet
	 * imported twice must not double anyone's caseload. */
	if (m->id < 0) {
		cw_batch_skip(b, rec, "same person as %s (by %s), whose case this "
			      "batch opens", who, rule);
		return 1;
	}
	if (a->dry_run) {
		char key[40];
		const struct seen *e;
		linked_key(key, m->id);
		if ((e = seen_get(&a->seen, key)) != NULL) {
			cw_batch_skip(b, rec, "same person as %s (by %s), whose case "
				      "this batch opens at %s:%ld", who, rule, e->file,
				      e->line);
			return 1;
		}
	}
	open_case = intake_db_open_case(&a->s, m->id);
	if (open_case < 0)
		return CW_EXIT_DB;
	if (open_case) {
		cw_id_format(CW_K_CASE, open_case, ca);
		if (m->batch == cw_batch_id(b))
			cw_batch_skip(b, rec, "same person as %s (by %s), whose case "
				      "%s this batch opens", who, rule, ca);
		else
			cw_batch_skip(b, rec, "same person as %s (by %s), who already "
				      "has the open case %s", who, rule, ca);
		return 1;
	}
	return 0;
}

/* Notes a record of a dry run: under the keys of the three rules when it
 * would create a client, under the linked client's key when it links. */
static void remember(struct add *a, cw_batch *b, const cw_record *rec,
		     const struct row *r, const char *name_key, int64_t linked)
{
	struct seen *e;
	int rule;
	char key[40];

	if (a->seen.n == a->seen.cap) {
		a->seen.cap = a->seen.cap ? a->seen.cap * 2 : 256;
		a->seen.e = cw_xrealloc(a->seen.e, a->seen.cap * sizeof *a->seen.e);
	}
	e = &a->seen.e[a->seen.n];
	e->file = cw_xstrdup(cw_batch_file(b));
	e->line = rec->line;
	e->name_key = cw_xstrdup(name_key);
	e->id_type = r->v[F_ID_TYPE] ? cw_xstrdup(r->v[F_ID_TYPE]) : NULL;
	e->id_number = r->v[F_ID_NUMBER] ? cw_xstrdup(r->v[F_ID_NUMBER]) : NULL;
	if (linked) {
		linked_key(key, linked);
		seen_put(&a->seen, key, a->seen.n++);
		return;
	}
	for (rule = 0; rule < 3; rule++) {
		char *key = rule_key(rule, r, name_key);
		if (key)
			seen_put(&a->seen, key, a->seen.n);
		free(key);
	}
	a->seen.n++;
}

/* Client fields as the record gave them, kept with a linked case so that
 * a wrong link can be undone without losing what was typed. */
static char *snapshot(struct add *a, const struct row *r)
{
	const char *v[NCLIENT];
	int i;
	for (i = 0; i < NCLIENT; i++)
		v[i] = cw_client_field[i] == F_CLIENT_ID ? NULL : r->v[cw_client_field[i]];
	cw_buf_reset(&a->json);
	cw_json_record(&a->json, cw_client_cols, NCLIENT, v);
	return cw_xstrndup(a->json.s, a->json.len);
}

static int store(struct add *a, cw_batch *b, struct row *r, const struct match *m,
		 const char *name_key)
{
	char now[21], id[32], *snap = NULL, *stored[NF] = {0};
	int64_t client = m->id, case_id;
	const char *linked = m->id ? (m->rule < 0 ? "client_id" : rule_name[m->rule]) : NULL;
	const char *cv[NCLIENT];
	int rc, i, f;

	cw_utc_now(now);
	r->v[F_CREATED_AT] = cw_xstrdup(now);
	if (!client) {
		if ((rc = intake_db_insert_client_key(&a->s, r, name_key,
						       cw_batch_id(b), &client)) != 0)
			return rc;
		cw_id_format(CW_K_CLIENT, client, id);
		r->v[F_CLIENT_ID] = cw_xstrdup(id);
		for (i = 0; i < NCLIENT; i++)
			cv[i] = r->v[cw_client_field[i]];
		cw_buf_reset(&a->json);
		cw_json_record(&a->json, cw_client_cols, NCLIENT, cv);
		cw_audit_ids_add(a->clients, client, a->json.s, a->json.len);
	} else {
		snap = snapshot(a, r);
	}
	rc = intake_db_insert_case(&a->s, r, client, linked, snap, cw_batch_id(b),
				   &case_id);
	free(snap);
	if (rc)
		return rc;
	/* Print what is stored: a linked case shows its client's details,
	 * read back. A new client's case is stored as r gives it: every
	 * column bound from r (read-only ones are empty, checked), a new case
	 * open, not linked, never updated; only its id and status are new. */
	if (m->id || !a->s.utf8) {
		if (intake_db_load(&a->s, 0, case_id, stored) != 1)
			return CW_EXIT_DB;
		for (f = 0; f < NF; f++) {
			free(r->v[f]);
			r->v[f] = stored[f];
		}
	} else {
		cw_id_format(CW_K_CASE, case_id, id);
		free(r->v[F_CASE_ID]);
		r->v[F_CASE_ID] = cw_xstrdup(id);
		free(r->v[F_STATUS]);
		r->v[F_STATUS] = cw_xstrdup("open");
	}
	cw_buf_reset(&a->json);
	cw_json_record(&a->json, cw_case_cols, NF, (const char *const *)r->v);
	cw_audit_ids_add(a->cases, case_id, a->json.s, a->json.len);
	return 0;
}

static int add_record(void *ctx, cw_batch *b, const cw_record *rec)
{
	struct add *a = ctx;
	struct row r;
	struct match m = {0, -1, 0};
	char *name_key = NULL, id[32];
	int rc = 0;

	memset(&r, 0, sizeof r);
	if (intake_map_cached(b, rec, &r, a->today, &a->hdr))
		goto out;
	if (r.v[F_CASE_ID]) {
		rc = existing_case(a, b, rec, &r);
		goto out;
	}
	if (!r.v[F_NAME]) {
		cw_batch_reject(b, rec, row_hdr(&r, F_NAME), "required");
		goto out;
	}
	if (intake_cross_check(b, rec, &r, a->today))
		goto out;
	if ((rc = check_new(a, b, rec, &r)) != 0)
		goto done;
	name_key = cw_name_key(r.v[F_NAME]);
	rc = r.v[F_CLIENT_ID] ? explicit_client(a, b, rec, &r, &m)
			      : find_match(a, b, rec, &r, name_key, &m);
	if (!rc && m.id)
		rc = apply_policy(a, b, rec, &r, &m);
	if (rc)
		goto done;
	if (!r.v[F_INTAKE_DATE]) {
		char d[11];
		cw_date_format(a->today, d);
		r.v[F_INTAKE_DATE] = cw_xstrdup(d);
	}
	if (a->dry_run) {
		free(r.v[F_CLIENT_ID]);
		r.v[F_CLIENT_ID] = NULL;
		if (m.id > 0) {
			cw_id_format(CW_K_CLIENT, m.id, id);
			r.v[F_CLIENT_ID] = cw_xstrdup(id);
			r.v[F_LINKED_BY] = cw_xstrdup(m.rule < 0 ? "client_id"
							  : rule_name[m.rule]);
		}
		remember(a, b, rec, &r, name_key, m.id);
	} else if ((rc = store(a, b, &r, &m, name_key)) != 0) {
		goto out;
	}
	cw_batch_stored(b, (const char *const *)r.v);
done:
	rc = rc == 1 ? 0 : rc;
out:
	free(name_key);
	row_release(&r);
	return rc;
}

/* The batch's audit entries: the clients and the cases it created. */
static int add_finish(void *ctx, cw_batch *b)
{
	struct add *a = ctx;
	(void)b;
	if (cw_audit_ids_write(a->s.db, a->clients, "insert"))
		return CW_EXIT_DB;
	return cw_audit_ids_write(a->s.db, a->cases, "insert") ? CW_EXIT_DB : 0;
}

int cw_intake_add(const cw_batch_opts *o, enum cw_dup_policy policy,
		  const char *db_path, const cw_config *cfg, char **files,
		  size_t nfiles)
{
	struct add a;
	cw_db *db = NULL;
	int rc;

	memset(&a, 0, sizeof a);
	a.dry_run = o->dry_run;
	a.policy = policy;
	a.today = cw_date_today();
	a.clients = cw_audit_ids_new(CW_K_CLIENT);
	a.cases = cw_audit_ids_new(CW_K_CASE);
	cw_buf_init(&a.json);
	rc = cw_batch_check_inputs(o, files, nfiles);
	if (!rc && (!o->dry_run || cw_db_exists(db_path)))
		rc = cw_db_open(&db, db_path, o->dry_run ? CW_DB_READ : CW_DB_WRITE, cfg);
	if (!rc)
		rc = intake_db_prepare(&a.s, db, !o->dry_run);
	if (!rc)
		rc = cw_batch_run(o, db, files, nfiles, cw_case_cols, NF,
				  add_record, add_finish, &a);
	intake_db_release(&a.s);
	cw_db_free(db);
	seen_release(&a.seen);
	cw_audit_ids_free(a.clients);
	cw_audit_ids_free(a.cases);
	cw_buf_release(&a.json);
	return rc;
}
