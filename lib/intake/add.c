/* intake/add.c - registering clients and opening cases (sw-intake add). */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>
#include "core/core.h"
#include "intake/intake.h"

static const char *const rule_name[] = {
	"id_number", "name+birth_date", "name+phone"
};
static const int rule_field[] = { F_ID_NUMBER, F_BIRTH_DATE, F_PHONE };

int intake_dup_policy_parse(const char *s, enum cw_dup_policy *out)
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
 * would have created are kept here: their keys in the people index (by
 * record number), where each was read beside it. A real run finds them in
 * the database, inside its own transaction. */
struct seen {
	struct people idx;  /* the records, by the keys of the three rules */
	uint32_t *line;     /* where record i was read: its line */
	size_t n, cap;      /* records noted, and room */
	char **files;       /* the inputs' names, owned, */
	size_t *first;      /* and the first record noted from each */
	size_t nfiles;
};

static void seen_release(struct seen *x)
{
	size_t i;
	intake_people_release(&x->idx);
	free(x->line);
	for (i = 0; i < x->nfiles; i++)
		free(x->files[i]);
	free(x->files);
	free(x->first);
}

/* The record noted under k's key of rule, or -1. */
static long seen_get(const struct seen *x, int rule, const struct intake_people_key *k)
{
	size_t pos;
	return intake_people_first(&x->idx, rule, k, &pos);
}

/* The clients earlier records of a dry run would have created that rule
 * matches for k, as the real run's query finds them among the batch's new
 * clients (whose ids follow every stored one's): in the order they would
 * be created, appended to c from n on, up to max, each by -1 - its record.
 * Returns the new count. */
static int seen_candidates(const struct seen *x, int rule,
			   const struct intake_people_key *k, struct intake_cand *c,
			   int n, int max)
{
	int64_t few[16], *refs;
	size_t nrefs = intake_people_all(&x->idx, rule, k, few, 16, &refs), i;

	for (i = 0; i < nrefs && n < max; i++) {
		const struct intake_people_key *e = &x->idx.e[refs[i]];
		/* Different identity numbers of one type are never the same
		 * person (store.c, candidate_cond). */
		if (rule > 0 && k->key[0] && e->key[0] &&
		    (e->name_type & 0xff) == (k->name_type & 0xff) &&
		    e->key[0] != k->key[0])
			continue;
		c[n].id = -1 - refs[i];
		c[n].batch = 0;
		c[n].same_name = (e->name_type >> 8) == (k->name_type >> 8) &&
				 e->name == k->name;
		n++;
	}
	if (refs != few)
		free(refs);
	return n;
}

/* ---- the batch ---------------------------------------------------------- */

struct add {
	struct intake_db s;          /* statements */
	int dry_run;
	enum cw_dup_policy policy;   /* --duplicates */
	cw_date today;               /* default intake date */
	const char *default_project; /* the configuration's, or NULL */
	struct seen seen;            /* dry run: clients the batch would create */
	struct people bulk;          /* bulk path: the clients, by id */
	struct bulk_cases open;      /* bulk path: their open cases */
	struct bulk_ins ins;         /* bulk path: the rows being written */
	int bulk_on;                 /* the bulk path is taken */
	int bulk_off;                /* it is not to be taken */
	long bulk_after;             /* clients created before it is taken */
	int64_t last_before;         /* the highest client id before the batch */
	int stored;                  /* dry run: 1 when the database holds
					clients, 0 none, -1 not asked yet */
	/* A dry run keeps the cases it would store (record i of seen would
	 * be case rows.base + i) and which records would create a client,
	 * so that a later record naming one by the id the real run would
	 * give it finds it, as the real run does in its transaction. */
	int rows_on;                 /* rows and client_base are set */
	store_dryrows rows;             /* the would-be cases, in id order */
	int64_t client_base;         /* the first new client's id */
	int64_t made;                /* clients the dry run would create */
	uint64_t *made_bit;          /* bit i of word j: record 64j + i would
					create a client */
	int64_t *made_rank;          /* clients before record 64j */
	size_t made_cap;             /* words of both */
	long created;                /* clients this batch created */
	int64_t first_client;        /* the first of them (0: none) */
	int64_t first_case;          /* the first case it created (0: none) */
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

/* Where record i of a dry run was read, as "FILE:LINE". */
static void seen_where(const struct add *a, size_t i, char *out, size_t n)
{
	size_t f = a->seen.nfiles - 1;
	while (f > 0 && a->seen.first[f] > i)
		f--;
	snprintf(out, n, "%s:%lu", a->seen.files[f], (unsigned long)a->seen.line[i]);
}

static void describe(const struct add *a, const struct match *m, char *out, size_t n)
{
	char id[32], where[280];
	if (m->id > 0) {
		cw_id_format(CW_K_CLIENT, m->id, id);
		snprintf(out, n, "client %s", id);
	} else {
		seen_where(a, (size_t)(-1 - m->id), where, sizeof where);
		snprintf(out, n, "the record at %s", where);
	}
}

/* ---- ids the dry run would give ---------------------------------------- */

/* Notes the case record i of a dry run would store (r, linked to m's
 * client or, when m->id is 0, with a new client), under the ids the real
 * run would give them. created_at is the dry run's own clock, as the
 * real run's is its own at the record. 0 or an exit code. */
static int dry_keep(struct add *a, const struct row *r, const struct match *m)
{
	const char *v[NF];
	char *client[NF] = {0}, now[21];
	size_t i = a->seen.n, w = i / 64;
	int64_t id;
	int f, rc;

	if (!a->rows_on) {
		if ((rc = store_dryrows_init(&a->rows, a->s.db, "cases", NF)) != 0)
			return rc;
		if ((a->client_base = store_next_id(a->s.db, "clients")) < 0)
			return CW_EXIT_DB;
		a->rows_on = 1;
	}
	if (i % 64 == 0) {
		if (w == a->made_cap) {
			a->made_cap = a->made_cap ? a->made_cap * 2 : 64;
			a->made_bit = cw_xrealloc(a->made_bit, a->made_cap *
						  sizeof *a->made_bit);
			a->made_rank = cw_xrealloc(a->made_rank, a->made_cap *
						   sizeof *a->made_rank);
		}
		a->made_bit[w] = 0;
		a->made_rank[w] = a->made;
	}
	for (f = 0; f < NF; f++)
		v[f] = r->v[f];
	if (m->id > 0) {
		/* A linked case shows its client's stored fields. */
		if (intake_db_load(&a->s, 1, m->id, client) < 0)
			return CW_EXIT_DB;
		for (f = 0; f < NF; f++)
			if (intake_fields[f].client)
				v[f] = client[f];
	} else {
		/* Its id follows from the record (dry_load). */
		a->made++;
		a->made_bit[w] |= (uint64_t)1 << (i % 64);
	}
	/* So do the case's id and status. */
	v[F_CASE_ID] = v[F_STATUS] = NULL;
	cw_utc_now(now);
	v[F_CREATED_AT] = now;
	rc = store_dryrows_add(&a->rows, v, &id);
	for (f = 0; f < NF; f++)
		free(client[f]);
	return rc;
}

/* The record of a dry run that would create client id, or -1. */
static long dry_client_record(const struct add *a, int64_t id)
{
	int64_t k = id - a->client_base;
	size_t lo = 0, hi, j;
	uint64_t bits;

	if (!a->rows_on || k < 0 || k >= a->made)
		return -1;
	/* The last word with fewer clients before it than k + 1. */
	hi = (a->seen.n + 63) / 64;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (a->made_rank[mid] <= k)
			lo = mid;
		else
			hi = mid;
	}
	k -= a->made_rank[lo];
	for (bits = a->made_bit[lo], j = 0; j < 64; j++, bits >>= 1)
		if ((bits & 1) && k-- == 0)
			return (long)(lo * 64 + j);
	return -1;
}

/* Loads case id (clients == 0) or client id as a dry run would have
 * stored it, else as stored: intake_db_load's results. */
static int dry_load(struct add *a, int clients, int64_t id, char *out[NF])
{
	char *row[NF];
	long rec;
	int f, found;

	if (!a->dry_run || !a->rows_on)
		return intake_db_load(&a->s, clients, id, out);
	if (clients) {
		if (id < a->client_base)
			return intake_db_load(&a->s, 1, id, out);
		if ((rec = dry_client_record(a, id)) < 0)
			return 0;
		id = a->rows.base + rec;
	}
	found = store_dryrows_get(&a->rows, id, row);
	if (found < 0) {
		cw_error("a dry run cannot follow the batch");
		return -1;
	}
	if (!found)
		return intake_db_load(&a->s, clients, id, out);
	/* What dry_keep left out: the ids and the status of a new case. */
	rec = (long)(id - a->rows.base);
	row[F_CASE_ID] = cw_xmalloc(32);
	cw_id_format(CW_K_CASE, id, row[F_CASE_ID]);
	row[F_STATUS] = cw_xstrdup("open");
	if (!row[F_CLIENT_ID]) {
		uint64_t below = a->made_bit[rec / 64] &
				 (((uint64_t)1 << (rec % 64)) - 1);
		int64_t k = a->made_rank[rec / 64];
		for (; below; below &= below - 1)
			k++;
		row[F_CLIENT_ID] = cw_xmalloc(32);
		cw_id_format(CW_K_CLIENT, a->client_base + k, row[F_CLIENT_ID]);
	}
	for (f = 0; f < NF; f++) {
		if (clients && !intake_fields[f].client) {
			free(row[f]);
			row[f] = NULL;
		}
		out[f] = row[f];
	}
	return 1;
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
		cw_batch_reject(b, rec, intake_row_hdr(r, F_CASE_ID), "not a case id (CA-n)");
		return 0;
	}
	found = dry_load(a, 0, num, stored);
	if (found < 0)
		return CW_EXIT_DB;
	if (!found) {
		cw_batch_reject(b, rec, intake_row_hdr(r, F_CASE_ID), "no such case");
		return 0;
	}
	for (f = 0; f < NF; f++)
		if (r->src[f] && f != F_UPDATED_AT && !core_same(r->v[f], stored[f]))
			break;
	if (f < NF)
		cw_batch_reject(b, rec, intake_row_hdr(r, f), "differs from the stored case "
				"%s; use update to change it", stored[F_CASE_ID]);
	else
		cw_batch_skip(b, rec, "already stored as %s", stored[F_CASE_ID]);
	for (f = 0; f < NF; f++)
		free(stored[f]);
	return 0;
}

/* Finds the known clients r matches. Returns 0 with *m set (m->id 0 when
 * none), CW_REJECTED after rejecting the record, or an exit code. */
static int find_match(struct add *a, cw_batch *b, const cw_record *rec,
		      struct row *r, const char *name_key, struct match *m)
{
	struct intake_cand c[8];
	struct match found[2];
	struct intake_people_key k;
	int rule, i, n, nfound = 0;
	char what[2][300];

	memset(m, 0, sizeof *m);
	if (a->dry_run || a->bulk_on)
		intake_people_key(&k, name_key, r->v[F_ID_TYPE], r->v[F_ID_NUMBER],
			   r->v[F_BIRTH_DATE], r->v[F_PHONE]);
	for (rule = 0; rule < 3; rule++) {
		if (!r->v[rule_field[rule]])
			continue;
		/* A dry run asks the database (in its read transaction) once
		 * whether it holds any client at all. */
		if (a->dry_run && a->stored < 0 && a->s.db) {
			int64_t last = intake_db_last_client(&a->s);
			if (last < 0)
				return CW_EXIT_DB;
			a->stored = last > 0;
		}
		if (a->dry_run && a->stored <= 0)
			n = 0;
		else if (a->bulk_on)
			n = intake_db_candidates_bulk(&a->s, &a->bulk, rule, &k, r,
						      name_key, c, 8);
		else
			n = intake_db_candidates(&a->s, rule, r, name_key, c, 8);
		if (n < 0)
			return CW_EXIT_DB;
		/* A dry run stores nothing: the clients the batch would have
		 * created by now come after the stored ones, as in the real
		 * run's transaction. */
		if (a->dry_run)
			n = seen_candidates(&a->seen, rule, &k, c, n, 8);
		for (i = 0; i < n; i++) {
			struct match x = {c[i].id, rule, c[i].batch};
			if (rule == 0 && !c[i].same_name && x.id < 0) {
				seen_where(a, (size_t)(-1 - x.id), what[0], sizeof what[0]);
				cw_batch_reject(b, rec, intake_row_hdr(r, F_ID_NUMBER), "also given "
						"at %s with another name", what[0]);
				return CW_REJECTED;
			}
			if (rule == 0 && !c[i].same_name) {
				describe(a, &x, what[0], sizeof what[0]);
				cw_batch_reject(b, rec, intake_row_hdr(r, F_ID_NUMBER), "already "
						"registered to %s under another name", what[0]);
				return CW_REJECTED;
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
		return CW_REJECTED;
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
		cw_batch_reject(b, rec, intake_row_hdr(r, F_CLIENT_ID), "not a client id (CL-n)");
		return CW_REJECTED;
	}
	found = dry_load(a, 1, num, stored);
	if (found < 0)
		return CW_EXIT_DB;
	if (!found) {
		cw_batch_reject(b, rec, intake_row_hdr(r, F_CLIENT_ID), "no such client");
		return CW_REJECTED;
	}
	for (f = 0; f < NF && !rc; f++)
		if (intake_fields[f].client && f != F_CLIENT_ID &&
		    intake_fields[f].kind != FK_READONLY && r->v[f] &&
		    !core_same(r->v[f], stored[f])) {
			cw_batch_reject(b, rec, intake_row_hdr(r, f), "differs from the stored "
					"client %s; use update to change it",
					stored[F_CLIENT_ID]);
			rc = CW_REJECTED;
		}
	for (f = 0; f < NF; f++)
		free(stored[f]);
	m->id = num;
	m->rule = -1;
	return rc;
}

/* The checks a new case needs beyond its fields: read-only columns left
 * empty, the worker on the roster. Returns 0, CW_REJECTED or a code. */
static int check_new(struct add *a, cw_batch *b, const cw_record *rec,
		     struct row *r)
{
	int f, ok;
	for (f = 0; f < NF; f++)
		if (intake_fields[f].kind == FK_READONLY && r->v[f] &&
		    f != F_CASE_ID && f != F_CLIENT_ID) {
			cw_batch_reject(b, rec, intake_row_hdr(r, f), "read-only; leave it "
					"empty for a new case");
			return CW_REJECTED;
		}
	if (r->v[F_WORKER]) {
		ok = intake_db_worker_ok(&a->s, r->v[F_WORKER]);
		if (ok < 0)
			return CW_EXIT_DB;
		if (!ok) {
			cw_batch_reject(b, rec, intake_row_hdr(r, F_WORKER), "not on the worker "
					"roster (see sw-intake workers)");
			return CW_REJECTED;
		}
	}
	return 0;
}

/* The case's project: the one given, else the configuration's
 * default_project (none when neither), which must exist with the intake
 * date within its contract. 0, CW_REJECTED or an exit code. */
static int check_project(struct add *a, cw_batch *b, const cw_record *rec,
			 struct row *r)
{
	const char *why, *hdr = intake_row_hdr(r, F_PROJECT);
	cw_date d;

	if (!r->v[F_PROJECT] && a->default_project) {
		r->v[F_PROJECT] = cw_xstrdup(a->default_project);
		hdr = "project (default_project)";
	}
	if (!r->v[F_PROJECT])
		return 0;
	if (cw_date_parse(r->v[F_INTAKE_DATE], &d, &why))
		return 0;   /* checked already */
	return store_project_check(a->s.db, b, rec, hdr, r->v[F_PROJECT], d,
				   "the intake date");
}

/* What to do with a record that matched a known client, by policy.
 * Returns 0 to go on and link, CW_REJECTED when the record was skipped
 * or refused, or an exit code. */
static int apply_policy(struct add *a, cw_batch *b, const cw_record *rec,
			struct row *r, const struct match *m)
{
	char who[300], ca[32];
	const char *rule = m->rule < 0 ? "client_id" : rule_name[m->rule];
	int64_t open_case;

	describe(a, m, who, sizeof who);
	if (m->id > 0 && m->batch && m->batch == cw_batch_id(b))
		snprintf(who + strlen(who), sizeof who - strlen(who), " of this batch");
	if (m->rule >= 0 && a->policy == CW_DUP_REFUSE) {
		cw_batch_reject(b, rec, intake_row_hdr(r, rule_field[m->rule]),
				"same person as %s (by %s)", who, rule);
		return CW_REJECTED;
	}
	if (m->rule >= 0 && a->policy == CW_DUP_SKIP) {
		cw_batch_skip(b, rec, "same person as %s (by %s)", who, rule);
		return CW_REJECTED;
	}
	/* Linking never opens a second case beside an open one: a sheet
	 * imported twice must not double anyone's caseload. */
	if (m->id < 0) {
		cw_batch_skip(b, rec, "same person as %s (by %s), whose case this "
			      "batch opens", who, rule);
		return CW_REJECTED;
	}
	/* A dry run notes the known clients it linked a case to, so that a
	 * later record for the same person is skipped as in a real run,
	 * where the linked case is open by then. */
	if (a->dry_run) {
		struct intake_people_key k;
		long e;
		intake_people_link_key(&k, m->id);
		if ((e = seen_get(&a->seen, 0, &k)) >= 0) {
			char where[280];
			seen_where(a, (size_t)e, where, sizeof where);
			cw_batch_skip(b, rec, "same person as %s (by %s), whose case "
				      "this batch opens at %s", who, rule, where);
			return CW_REJECTED;
		}
	}
	if (a->bulk_on)
		open_case = (size_t)m->id < a->open.cap ? a->open.open[m->id] : 0;
	else if (a->dry_run && a->rows_on && m->id >= a->client_base)
		/* A client the dry run would create: the case it opens. */
		open_case = a->rows.base + dry_client_record(a, m->id);
	else
		open_case = intake_db_open_case(&a->s, m->id);
	if (open_case < 0)
		return CW_EXIT_DB;
	if (open_case) {
		cw_id_format(CW_K_CASE, open_case, ca);
		if (m->batch && m->batch == cw_batch_id(b))
			cw_batch_skip(b, rec, "same person as %s (by %s), whose case "
				      "%s this batch opens", who, rule, ca);
		else
			cw_batch_skip(b, rec, "same person as %s (by %s), who already "
				      "has the open case %s", who, rule, ca);
		return CW_REJECTED;
	}
	return 0;
}

/* Notes a record of a dry run: under the keys of the three rules when it
 * would create a client, under the linked client's key when it links.
 * Returns 0, or an exit code when the batch is too large to follow. */
static int remember(struct add *a, cw_batch *b, const cw_record *rec,
		     const struct row *r, const char *name_key, int64_t linked)
{
	struct seen *x = &a->seen;
	struct intake_people_key k;
	const char *file = cw_batch_file(b);

	if (x->n == x->cap) {
		x->cap = x->cap ? x->cap + x->cap / 2 : 1024;
		x->line = cw_xrealloc(x->line, x->cap * sizeof *x->line);
	}
	if (!x->nfiles || strcmp(x->files[x->nfiles - 1], file)) {
		x->files = cw_xrealloc(x->files, (x->nfiles + 1) * sizeof *x->files);
		x->first = cw_xrealloc(x->first, (x->nfiles + 1) * sizeof *x->first);
		x->first[x->nfiles] = x->n;
		x->files[x->nfiles++] = cw_xstrdup(file);
	}
	x->line[x->n] = rec->line > UINT32_MAX ? UINT32_MAX : (uint32_t)rec->line;
	/* Every client the batch would create is indexed under each of its
	 * keys, as the real run's database holds each; a linked client's key
	 * is new (apply_policy skips the record otherwise). */
	if (linked)
		intake_people_link_key(&k, linked);
	else
		intake_people_key(&k, name_key, r->v[F_ID_TYPE], r->v[F_ID_NUMBER],
			   r->v[F_BIRTH_DATE], r->v[F_PHONE]);
	if (intake_people_add(&x->idx, x->n, &k, linked ? 1u : PEOPLE_ALL)) {
		cw_error("a dry run follows at most %lu records; split the input",
			 (unsigned long)x->n);
		return CW_EXIT_DATA;
	}
	x->n++;
	return 0;
}

/* Client fields as the record gave them, kept with a linked case so that
 * a wrong link can be undone without losing what was typed. */
static char *snapshot(struct add *a, const struct row *r)
{
	const char *v[NCLIENT];
	int i;
	for (i = 0; i < NCLIENT; i++)
		v[i] = intake_client_field[i] == F_CLIENT_ID ? NULL : r->v[intake_client_field[i]];
	cw_buf_reset(&a->json);
	cw_json_record(&a->json, intake_client_cols, NCLIENT, v);
	return cw_xstrndup(a->json.s, a->json.len);
}

/* Leaves the bulk path for the rest of the batch (the ids outgrew the
 * people index): writes what waits, rebuilds the indexes, and goes on
 * row by row. 0 or an exit code. */
static int bulk_stop(struct add *a)
{
	a->bulk_on = 0;
	a->bulk_off = 1;
	intake_people_release(&a->bulk);
	intake_bulk_cases_release(&a->open);
	if (intake_db_bulk_end(&a->s))
		return CW_EXIT_DB;
	intake_bulk_release(&a->ins);
	a->s.bulk = NULL;
	return 0;
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
		rc = a->bulk_on ? intake_bulk_client(&a->s, r, name_key, &client)
				: intake_db_insert_client_key(&a->s, r, name_key,
							      cw_batch_id(b), &client);
		if (rc)
			return rc;
		if (!a->created++)
			a->first_client = client;
		if (a->bulk_on) {
			struct intake_people_key k;
			intake_people_key(&k, name_key, r->v[F_ID_TYPE], r->v[F_ID_NUMBER],
				   r->v[F_BIRTH_DATE], r->v[F_PHONE]);
			if (intake_people_add(&a->bulk, (size_t)client, &k, PEOPLE_ALL) &&
			    (rc = bulk_stop(a)) != 0)
				return rc;
		}
		cw_id_format(CW_K_CLIENT, client, id);
		r->v[F_CLIENT_ID] = cw_xstrdup(id);
		for (i = 0; i < NCLIENT; i++)
			cv[i] = r->v[intake_client_field[i]];
		cw_buf_reset(&a->json);
		cw_json_record(&a->json, intake_client_cols, NCLIENT, cv);
		cw_audit_ids_add(a->clients, client, a->json.s, a->json.len);
	} else {
		snap = snapshot(a, r);
	}
	rc = a->bulk_on ? intake_bulk_case(&a->s, r, client, linked, snap, &case_id)
			: intake_db_insert_case(&a->s, r, client, linked, snap,
						cw_batch_id(b), &case_id);
	free(snap);
	if (rc)
		return rc;
	if (!a->first_case)
		a->first_case = case_id;
	if (a->bulk_on && case_id > UINT32_MAX && (rc = bulk_stop(a)) != 0)
		return rc;
	if (a->bulk_on)
		intake_bulk_cases_set(&a->open, client, case_id);
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
	/* the line printed, which the insert entry digests */
	cw_buf_reset(&a->json);
	store_batch_json(b, &a->json, (const char *const *)r->v);
	cw_audit_ids_add(a->cases, case_id, a->json.s, a->json.len);
	return 0;
}

/* Takes the bulk path once the batch has created bulk_after clients and
 * at least half as many as the database held before it: from then on
 * the clients table's indexes are set aside (rebuilt by add_finish) and
 * the people index finds the candidates. 0 or an exit code. */
static int maybe_bulk(struct add *a, cw_batch *b)
{
	int rc;
	if (a->dry_run || a->bulk_on || a->bulk_off || a->created < a->bulk_after ||
	    a->created * 2 < a->last_before)
		return 0;
	a->bulk.narrow = 1;
	rc = intake_db_bulk_begin(&a->s, &a->bulk, &a->open);
	if (rc == 1)
		a->bulk_off = 1;
	else if (!rc)
		a->bulk_on = 1;
	if (a->bulk_on)
		rc = intake_bulk_start(&a->s, &a->ins, cw_batch_id(b),
				       a->first_client, a->first_case);
	return rc == 1 ? 0 : rc;
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
	if (!r.v[F_NAME] || cw_utf8_blank(r.v[F_NAME])) {
		cw_batch_reject(b, rec, intake_row_hdr(&r, F_NAME), r.v[F_NAME] ?
				"required: white space alone is no name" : "required");
		goto out;
	}
	if (intake_cross_check(b, rec, &r, a->today))
		goto out;
	if ((rc = check_new(a, b, rec, &r)) != 0)
		goto out;
	if ((rc = maybe_bulk(a, b)) != 0)
		goto out;
	name_key = intake_name_key(r.v[F_NAME]);
	rc = r.v[F_CLIENT_ID] ? explicit_client(a, b, rec, &r, &m)
			      : find_match(a, b, rec, &r, name_key, &m);
	if (!rc && m.id)
		rc = apply_policy(a, b, rec, &r, &m);
	if (rc)
		goto out;
	if (!r.v[F_INTAKE_DATE]) {
		char d[11];
		cw_date_format(a->today, d);
		r.v[F_INTAKE_DATE] = cw_xstrdup(d);
	}
	if ((rc = check_project(a, b, rec, &r)) != 0 ||
	    (rc = intake_household_check(&a->s, b, rec,
					 intake_row_hdr(&r, F_HOUSEHOLD_ID),
					 r.v[F_HOUSEHOLD_ID])) != 0) {
		if (rc == CW_REJECTED)
			rc = 0;
		goto out;
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
		if ((rc = dry_keep(a, &r, &m)) != 0 ||
		    (rc = remember(a, b, rec, &r, name_key, m.id)) != 0)
			goto out;
		cw_batch_stored(b, (const char *const *)r.v);
	} else if ((rc = store(a, b, &r, &m, name_key)) == 0) {
		/* its line, as store() made it for the insert entry */
		store_batch_stored_json(b, (const char *const *)r.v, a->json.s,
					a->json.len);
	}
out:
	free(name_key);
	intake_row_release(&r);
	return rc;
}

/* The batch's audit entries: the clients and the cases it created, and
 * the consents to share of its clients (intake/consent.c). */
static int add_finish(void *ctx, cw_batch *b)
{
	struct add *a = ctx;
	if (a->bulk_on) {
		intake_people_release(&a->bulk);
		intake_bulk_cases_release(&a->open);
		if (intake_db_bulk_end(&a->s))
			return CW_EXIT_DB;
	}
	if (cw_audit_ids_write(a->s.db, a->clients, "insert") ||
	    cw_audit_ids_write(a->s.db, a->cases, "insert"))
		return CW_EXIT_DB;
	/* the consent to share of each client it stored who gave one */
	if (intake_consents_of_batch(a->s.db, cw_batch_id(b)))
		return CW_EXIT_DB;
	/* each new case's first assignment, on either path */
	return a->dry_run ? 0 : intake_assign_new_cases(a->s.db, cw_batch_id(b));
}

int intake_add(const cw_ctx *x, const cw_batch_opts *o,
	       enum cw_dup_policy policy, char **files, size_t nfiles)
{
	struct add a;
	int rc = 0;

	memset(&a, 0, sizeof a);
	a.dry_run = o->dry_run;
	a.stored = -1;
	a.policy = policy;
	a.today = x->today;
	a.default_project = x->cfg ? x->cfg->default_project : NULL;
	a.clients = cw_audit_ids_new(CW_K_CLIENT);
	a.cases = cw_audit_ids_new(CW_K_CASE);
	cw_buf_init(&a.json);
	intake_db_init(&a.s, x->db, !o->dry_run);
	a.bulk_after = x->cfg ? x->cfg->bulk_after : 20000;
	/* the bulk path reads every client: not for a login the server's
	 * roles restrict, whose duplicate check goes through the server */
	a.bulk_off = store_restricted(x->db);
	if (!o->dry_run && (a.last_before = intake_db_last_client(&a.s)) < 0)
		rc = CW_EXIT_DB;
	if (!rc)
		rc = store_batch_run(o, x->out, x->db, files, nfiles, intake_case_cols, NF,
				  &intake_names, add_record, add_finish, &a);
	intake_bulk_release(&a.ins);   /* its statements, before the database */
	intake_db_release(&a.s);
	seen_release(&a.seen);
	store_dryrows_release(&a.rows);
	free(a.made_bit);
	free(a.made_rank);
	intake_people_release(&a.bulk);
	intake_bulk_cases_release(&a.open);
	cw_audit_ids_free(a.clients);
	cw_audit_ids_free(a.cases);
	cw_buf_release(&a.json);
	return rc;
}
