/* intake/relations.c - relations between clients (sw-intake relations):
 * "the related client is the client's <relationship>", RL-n, with whether
 * the related client is the client's legal guardian. A relation is never
 * changed: one read back is skipped when every field given is the stored
 * one, refused naming the field otherwise. The relations that make a
 * household are store/household.c's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "intake/intake.h"
#include "store/store.h"

enum {
	R_ID, R_CLIENT, R_RELATED, R_RELATIONSHIP, R_LEGAL, R_CREATED, NR
};

static const cw_fieldspec relation_fields[NR] = {
	{"relation_id", {"关系编号"}},
	{"client_id", {"服务对象编号"}},
	{"related_client_id", {"相关服务对象编号", "家庭成员编号"}},
	{"relationship", {"关系", "家庭关系"}},
	{"legal_guardian", {"法定监护人", "是否法定监护人"}},
	{"created_at", {"创建时间"}},
};
static const cw_names relation_names = CW_FIELDS_NAMES(relation_fields, NR);

static const cw_col relation_cols[NR] = {
	{"relation_id", 0}, {"client_id", 0}, {"related_client_id", 0},
	{"relationship", 0}, {"legal_guardian", 0}, {"created_at", 0},
};

const char *intake_relationship_inverse(const char *word)
{
	static const char *const pairs[][2] = {
		{"spouse", "spouse"}, {"sibling", "sibling"},
		{"parent", "child"}, {"child", "parent"},
		{"grandparent", "grandchild"}, {"grandchild", "grandparent"},
	};
	size_t i;
	for (i = 0; word && i < sizeof pairs / sizeof pairs[0]; i++)
		if (!strcmp(word, pairs[i][0]))
			return pairs[i][1];
	return NULL;
}

struct work {
	const cw_ctx *x;
	cw_db *db;                /* NULL in a dry run without one */
	int dry_run;
	cw_audit_ids *relations;  /* relations created */
	cw_buf json;              /* scratch */
};

#define HDR(i) store_fields_hdr(relation_fields, src, (i))

/* A client id of field f as CL-n into out (*num set); 0, or CW_REJECTED
 * after saying why. */
static int client_field(cw_batch *b, const cw_record *rec, const char **v,
			const char **src, int f, int64_t *num, char out[32])
{
	enum cw_kind k;

	if (!v[f]) {
		cw_batch_reject(b, rec, HDR(f), f == R_CLIENT ? "required (the "
				"client, CL-n)" : "required (the related client, "
				"CL-n)");
		return CW_REJECTED;
	}
	if (cw_id_parse(v[f], &k, num) || k != CW_K_CLIENT) {
		cw_batch_reject(b, rec, HDR(f), "not a client id (CL-n)");
		return CW_REJECTED;
	}
	cw_id_format(CW_K_CLIENT, *num, out);
	return 0;
}

/* A relation read back (relation_id given): skipped when every field it
 * gives is the stored one as printed, else refused naming the first that
 * differs. 0 or CW_EXIT_DB. */
static int known(struct work *w, cw_batch *b, const cw_record *rec,
		 const char **v, const char **src)
{
	char *stored[NR] = {0}, idbuf[32], cl[32];
	const char *g;
	enum cw_kind k;
	int64_t num, c;
	size_t f;
	int r;

	if (cw_id_parse(v[R_ID], &k, &num) || k != CW_K_RELATION) {
		cw_batch_reject(b, rec, HDR(R_ID), "not a relation id (RL-n)");
		return 0;
	}
	if ((r = w->db ? intake_db_relation_printed(w->db, num, stored, NR)
		       : 0) < 0)
		return CW_EXIT_DB;
	if (!r) {
		cw_batch_reject(b, rec, HDR(R_ID), "no such relation");
		return 0;
	}
	cw_id_format(CW_K_RELATION, num, idbuf);
	for (f = 0; f < NR; f++) {
		if (f == R_ID || !src[f])
			continue;
		g = v[f] ? v[f] : "";
		/* as the verb would store it: ids and words canonical */
		if (v[f] && (f == R_CLIENT || f == R_RELATED) &&
		    !cw_id_parse(v[f], &k, &c) && k == CW_K_CLIENT) {
			cw_id_format(CW_K_CLIENT, c, cl);
			g = cl;
		} else if (v[f] && f == R_RELATIONSHIP &&
			   store_vocab_canon(&store_vocab_relationship, v[f])) {
			g = store_vocab_canon(&store_vocab_relationship, v[f]);
		} else if (v[f] && f == R_LEGAL &&
			   store_vocab_canon(&store_vocab_yes_no, v[f])) {
			g = store_vocab_canon(&store_vocab_yes_no, v[f]);
		}
		if (strcmp(g, stored[f] ? stored[f] : ""))
			break;
	}
	if (f < NR)
		cw_batch_reject(b, rec, HDR(f), "differs from the stored %s (a "
				"relation is never changed)", idbuf);
	else
		cw_batch_skip(b, rec, "%s is stored already (read back; it is "
			      "never changed)", idbuf);
	for (f = 0; f < NR; f++)
		free(stored[f]);
	return 0;
}

/* Whether the two clients' birth dates, where both are recorded and
 * seen, allow the relation as written (the related client is the
 * client's rel): a parent or grandparent older than the client, a child
 * or grandchild younger, a legal guardian of age (18) today; a relation
 * given the wrong way round is the usual slip. 0, CW_REJECTED after
 * rejecting it, or an exit code. */
static int ages_fit(struct work *w, cw_batch *b, const cw_record *rec,
		    const char **src, int64_t client, int64_t related,
		    const char *rel, const char *legal)
{
	char *cb = NULL, *rb = NULL, today[11], adult[32];
	int older, r = 0;

	if (intake_db_client_birth(w->db, client, &cb) ||
	    intake_db_client_birth(w->db, related, &rb)) {
		free(cb);
		return CW_EXIT_DB;
	}
	cw_date_format(w->x->today, today);
	if (rb && !strcmp(legal, "yes")) {
		snprintf(adult, sizeof adult, "%04d%s", atoi(rb) + 18, rb + 4);
		if (strcmp(adult, today) > 0) {
			cw_batch_reject(b, rec, HDR(R_LEGAL), "the related client "
					"is under 18: a legal guardian is of age (is "
					"the relation the other way round? the "
					"guardian is related_client_id)");
			r = CW_REJECTED;
		}
	}
	older = !strcmp(rel, "parent") || !strcmp(rel, "grandparent");
	if (!r && cb && rb && (older || !strcmp(rel, "child") ||
			       !strcmp(rel, "grandchild")) &&
	    (older ? strcmp(rb, cb) >= 0 : strcmp(rb, cb) <= 0)) {
		cw_batch_reject(b, rec, HDR(R_RELATIONSHIP), "the related client "
				"is %s the client: it reads \"the related client "
				"is the client's %s\" (is it the other way "
				"round?)", older ? "not older than" :
				"not younger than", rel);
		r = CW_REJECTED;
	}
	free(cb);
	free(rb);
	return r;
}

static int relation_record(void *ctx, cw_batch *b, const cw_record *rec)
{
	struct work *w = ctx;
	const char *v[NR], *src[NR], *out[NR] = {0}, *rel, *legal = "no";
	char cl[32], rl[32], idbuf[32], now[21], why[256];
	int64_t client, related, id, same;
	int r, visible;

	if (store_fields_map(b, rec, relation_fields, NR, v, src))
		return 0;
	if (v[R_ID])
		return known(w, b, rec, v, src);
	if (v[R_CREATED]) {
		cw_batch_reject(b, rec, HDR(R_CREATED), "read-only; leave it "
				"empty for a new relation");
		return 0;
	}
	if (client_field(b, rec, v, src, R_CLIENT, &client, cl) ||
	    client_field(b, rec, v, src, R_RELATED, &related, rl))
		return 0;
	if (client == related) {
		cw_batch_reject(b, rec, HDR(R_RELATED), "the client themself: a "
				"relation is between two clients");
		return 0;
	}
	if (!v[R_RELATIONSHIP] ||
	    !(rel = store_vocab_canon(&store_vocab_relationship,
				      v[R_RELATIONSHIP]))) {
		cw_batch_reject(b, rec, HDR(R_RELATIONSHIP), "%s (%s, or their "
				"Chinese names, sw-intake(1))", v[R_RELATIONSHIP] ?
				"not a relationship" : "required",
				store_vocab_list(&store_vocab_relationship, " or ",
						 why, sizeof why));
		return 0;
	}
	if (v[R_LEGAL] &&
	    !(legal = store_vocab_canon(&store_vocab_yes_no, v[R_LEGAL]))) {
		cw_batch_reject(b, rec, HDR(R_LEGAL), "not yes or no (是, 否)");
		return 0;
	}
	if (w->db) {
		/* both exist (the related one through the narrow door where
		 * roles hide clients), and the login may use one of them */
		int f;

		for (f = R_CLIENT; f <= R_RELATED; f++) {
			if ((r = store_client_exists(w->db, f == R_CLIENT ? client
						     : related)) < 0)
				return CW_EXIT_DB;
			if (!r) {
				cw_batch_reject(b, rec, HDR(f), "no such client");
				return 0;
			}
		}
		if ((visible = intake_db_relation_usable(w->db, client,
							 related)) < 0)
			return CW_EXIT_DB;
		if (!visible) {
			cw_batch_reject(b, rec, HDR(R_CLIENT), "neither client is "
					"one of the cases you see");
			return 0;
		}
		if ((r = ages_fit(w, b, rec, src, client, related, rel,
				  legal)) != 0)
			return r == CW_REJECTED ? 0 : r;
		/* the same relation stored (either way round), or one of
		 * the same two clients and relationship told otherwise */
		if ((r = intake_db_relation_same(w->db, client, related, rel,
						 intake_relationship_inverse(rel),
						 legal, &same)) < 0)
			return CW_EXIT_DB;
		if (r) {
			cw_id_format(CW_K_RELATION, same, idbuf);
			if (r == 2)
				cw_batch_reject(b, rec, HDR(R_LEGAL), "differs from "
						"the stored %s (a relation is "
						"never changed)", idbuf);
			else
				cw_batch_skip(b, rec, "the same relation as %s, "
					      "stored already", idbuf);
			return 0;
		}
	}
	out[R_CLIENT] = cl;
	out[R_RELATED] = rl;
	out[R_RELATIONSHIP] = rel;
	out[R_LEGAL] = legal;
	if (!w->dry_run) {
		cw_utc_now(now);
		if (intake_db_relation_insert(w->db, client, related, rel, legal,
					      now, cw_batch_id(b), &id))
			return CW_EXIT_DB;
		cw_id_format(CW_K_RELATION, id, idbuf);
		out[R_ID] = idbuf;
		out[R_CREATED] = now;
		store_audit_created(w->relations, id, relation_cols, NR, out,
				    &w->json);
	}
	cw_batch_stored(b, out);
	return 0;
}
#undef HDR

static int relation_finish(void *ctx, cw_batch *b)
{
	struct work *w = ctx;
	(void)b;
	return cw_audit_ids_write(w->db, w->relations, "insert") ? CW_EXIT_DB : 0;
}

int intake_relations(const cw_ctx *x, const cw_batch_opts *o, char **files,
		     size_t nfiles)
{
	struct work w;
	int rc;

	memset(&w, 0, sizeof w);
	w.x = x;
	w.db = x->db;
	w.dry_run = o->dry_run;
	w.relations = cw_audit_ids_new(CW_K_RELATION);
	cw_buf_init(&w.json);
	rc = store_batch_run(o, x->out, w.db, files, nfiles, relation_cols, NR,
			     &relation_names, relation_record, relation_finish,
			     &w);
	cw_audit_ids_free(w.relations);
	cw_buf_release(&w.json);
	return rc;
}

/* ---- sw-intake show: the client's family ---------------------------------- */

enum { M_CLIENT, M_NAME, M_RELATIONSHIP, M_LEGAL, M_RELATION, M_HOUSEHOLD, NM };
static const cw_col family_cols[NM] = {
	{"client_id", 0}, {"name", 0}, {"relationship", 0},
	{"legal_guardian", 0}, {"relation_id", 0}, {"household_id", 0},
};

/* The word for the other client of a relation seen from the related
 * one: the inverse, else ward (of a guardian), cared_for (of a
 * caregiver), other. */
static const char *seen_back(const char *word)
{
	const char *inv = intake_relationship_inverse(word);
	if (inv)
		return inv;
	return !strcmp(word, "guardian") ? "ward" : !strcmp(word, "caregiver")
	       ? "cared_for" : "other";
}

static int member_of(const int64_t *m, size_t n, int64_t id)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (m[i] == id)
			return 1;
	return 0;
}

int intake_family_print(const cw_ctx *x, int64_t client)
{
	const char *v[NM];
	char cl[32], rl[32], hh[32], *name = NULL;
	int64_t *members = NULL, *seen = NULL;
	size_t n = 0, nseen = 0, i;
	store_stmt *st;
	cw_writer *w;
	int r, rc;

	if ((rc = store_household_members(x->db, client, &members, &n)) != 0)
		return rc;
	cw_id_format(CW_K_HOUSEHOLD, members[0], hh);
	seen = cw_xcalloc(n + 1, sizeof *seen);
	fputc('\n', x->out);
	w = cw_writer_new(x->out, CW_FMT_TABLE, family_cols, NM);
	/* the client, their household's id; then each relation of theirs
	 * as the other client is to them; then the household's other
	 * members (by household_id, or through another's relation) */
	if (intake_db_client_name(x->db, client, &name) < 0)
		rc = CW_EXIT_DB;
	cw_id_format(CW_K_CLIENT, client, cl);
	memset(v, 0, sizeof v);
	v[M_CLIENT] = cl;
	v[M_NAME] = name;
	v[M_RELATIONSHIP] = "self";
	v[M_HOUSEHOLD] = hh;
	cw_writer_row(w, v);
	free(name);
	if (rc || !(st = intake_db_family(x->db, client))) {
		rc = CW_EXIT_DB;
		goto out;
	}
	while ((r = store_step(st)) == STORE_ROW) {
		int64_t other = store_col_int(st, 1);
		int back = (int)store_col_int(st, 5);
		const char *word = store_col_text(st, 3);

		memset(v, 0, sizeof v);
		cw_id_format(CW_K_CLIENT, other, cl);
		cw_id_format(CW_K_RELATION, store_col_int(st, 0), rl);
		v[M_CLIENT] = cl;
		v[M_NAME] = store_col_text(st, 2);
		v[M_RELATIONSHIP] = back ? seen_back(word) : word;
		/* whether the other is this client's legal guardian */
		v[M_LEGAL] = back ? "no" : store_col_text(st, 4);
		v[M_RELATION] = rl;
		v[M_HOUSEHOLD] = member_of(members, n, other) ? hh : NULL;
		cw_writer_row(w, v);
		if (v[M_HOUSEHOLD] && !member_of(seen, nseen, other))
			seen[nseen++] = other;
	}
	if (r != STORE_DONE)
		rc = store_fail(x->db, "read the relations");
	store_finalize(st);
	for (i = 0; i < n && !rc; i++) {
		if (members[i] == client || member_of(seen, nseen, members[i]))
			continue;
		name = NULL;
		if (intake_db_client_name(x->db, members[i], &name) < 0)
			rc = CW_EXIT_DB;
		memset(v, 0, sizeof v);
		cw_id_format(CW_K_CLIENT, members[i], cl);
		v[M_CLIENT] = cl;
		v[M_NAME] = name;
		v[M_HOUSEHOLD] = hh;
		cw_writer_row(w, v);
		free(name);
	}
out:
	free(members);
	free(seen);
	return cw_writer_end(w, rc);
}

int intake_household_check(struct intake_db *s, cw_batch *b,
			   const cw_record *rec, const char *hdr, const char *v)
{
	enum cw_kind k;
	int64_t n;
	int r;

	if (!v || !s->db || cw_id_parse(v, &k, &n) || k != CW_K_HOUSEHOLD)
		return 0;   /* its form is checked with the other values */
	/* a client of this batch on the bulk path is written first */
	if (intake_bulk_flush(s))
		return CW_EXIT_DB;
	if ((r = store_client_exists(s->db, n)) < 0)
		return CW_EXIT_DB;
	if (!r) {
		cw_batch_reject(b, rec, hdr, "no such client as the household "
				"names (HH-n is the household of client CL-n)");
		return CW_REJECTED;
	}
	return 0;
}
