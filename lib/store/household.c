/* store/household.c - households (casework.7, Households): the clients
 * connected by family relations (spouse, parent, child, grandparent,
 * grandchild, sibling; never guardian, caregiver or other), together with
 * those given the same household_id (HH-n) and client n itself; a client
 * with neither is a household of one. A household is named HH-m, m the
 * smallest client id in it: it changes only when households join.
 *
 * Every client's household at once (the reports) is one pass over the
 * clients and one over the family relations, joined by union-find with
 * the smaller id as the root: near-linear, a million clients in about a
 * second. One client's household (sw-intake show) is walked from the
 * client through the indexes instead. */
#include <stdlib.h>
#include <string.h>
#include "core/core.h"
#include "store/store.h"

/* The relationships that make a household, as an SQL list. */
#define FAMILY "('spouse', 'parent', 'child', 'grandparent', 'grandchild'," \
	" 'sibling')"

int store_relationship_family(const char *word)
{
	static const char *const family[] = {
		"spouse", "parent", "child", "grandparent", "grandchild",
		"sibling"
	};
	size_t i;
	for (i = 0; word && i < sizeof family / sizeof family[0]; i++)
		if (!strcmp(word, family[i]))
			return 1;
	return 0;
}

int store_client_exists(cw_db *db, int64_t id)
{
	/* through the server's narrow door where roles hide clients
	 * (store/pg/access.c): yes or no, nothing of the client */
	store_stmt *st = store_cached(db, store_restricted(db)
				      ? "SELECT 1 WHERE cw_client_exists(?)"
				      : "SELECT 1 FROM clients WHERE id = ?");
	int64_t one;

	if (!st)
		return -1;
	store_bind_int(st, 1, id);
	return store_one(st, "look up a client", &one);
}

/* ---- every client's household ------------------------------------------ */

/* The index of client id in h, or -1. Ids are mostly consecutive: the
 * place they would have as such is tried first. */
static long find_index(const store_households *h, int64_t id)
{
	size_t lo = 0, hi = h->n, mid;
	uint64_t guess;

	if (!h->n || id < h->id[0])
		return -1;
	guess = (uint64_t)id - (uint64_t)h->id[0];
	if (guess < h->n && h->id[guess] == id)
		return (long)guess;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (h->id[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < h->n && h->id[lo] == id ? (long)lo : -1;
}

/* The root of i, halving the path on the way. */
static size_t root(int64_t *up, size_t i)
{
	while ((size_t)up[i] != i) {
		up[i] = up[up[i]];
		i = (size_t)up[i];
	}
	return i;
}

/* Joins the sets of a and b under the smaller index (the smaller id). */
static void join(int64_t *up, size_t a, size_t b)
{
	a = root(up, a);
	b = root(up, b);
	if (a < b)
		up[b] = (int64_t)a;
	else if (b < a)
		up[a] = (int64_t)b;
}

struct label {
	int64_t n;     /* HH-n's n */
	size_t at;     /* the client given it */
};

static int label_cmp(const void *pa, const void *pb)
{
	const struct label *a = pa, *b = pb;
	return a->n < b->n ? -1 : a->n > b->n;
}

int store_households_load(cw_db *db, store_households *h)
{
	store_stmt *st;
	struct label *lab = NULL;
	size_t nlab = 0, caplab = 0, cap = 0, i;
	int s;

	memset(h, 0, sizeof *h);
	if (!(st = store_prepare(db, "SELECT id, household_id FROM clients"
				 " ORDER BY id")))
		return CW_EXIT_DB;
	store_hint_stream(st);
	while ((s = store_step(st)) == STORE_ROW) {
		const char *hh = store_col_text(st, 1);
		enum cw_kind k;
		int64_t n;

		if (h->n == cap) {
			cap = cap ? 2 * cap : 1024;
			h->id = cw_xrealloc(h->id, cap * sizeof *h->id);
			h->hh = cw_xrealloc(h->hh, cap * sizeof *h->hh);
		}
		h->id[h->n] = store_col_int(st, 0);
		h->hh[h->n] = (int64_t)h->n;
		if (hh && !cw_id_parse(hh, &k, &n) && k == CW_K_HOUSEHOLD) {
			if (nlab == caplab) {
				caplab = caplab ? 2 * caplab : 64;
				lab = cw_xrealloc(lab, caplab * sizeof *lab);
			}
			lab[nlab].n = n;
			lab[nlab++].at = h->n;
		}
		h->n++;
	}
	store_finalize(st);
	if (s != STORE_DONE) {
		free(lab);
		store_households_release(h);
		return store_fail(db, "read the clients' households");
	}
	/* those given HH-n: with client n, and with one another (client n
	 * may be one the login does not see) */
	if (nlab)
		qsort(lab, nlab, sizeof *lab, label_cmp);
	for (i = 0; i < nlab; i++) {
		long at = find_index(h, lab[i].n);
		if (at >= 0)
			join(h->hh, lab[i].at, (size_t)at);
		if (i && lab[i - 1].n == lab[i].n)
			join(h->hh, lab[i - 1].at, lab[i].at);
	}
	free(lab);
	if (!(st = store_prepare(db, "SELECT client_id, related_id FROM relations"
				 " WHERE relationship IN " FAMILY))) {
		store_households_release(h);
		return CW_EXIT_DB;
	}
	store_hint_stream(st);
	while ((s = store_step(st)) == STORE_ROW) {
		long a = find_index(h, store_col_int(st, 0));
		long b = find_index(h, store_col_int(st, 1));
		if (a >= 0 && b >= 0)
			join(h->hh, (size_t)a, (size_t)b);
	}
	store_finalize(st);
	if (s != STORE_DONE) {
		store_households_release(h);
		return store_fail(db, "read the relations");
	}
	/* each client's household: the smallest id of its set. A parent's
	 * index is never above its child's (join, root), so one pass in
	 * order finds every root, a second names it by its id. */
	for (i = 0; i < h->n; i++)
		h->hh[i] = h->hh[h->hh[i]];
	for (i = 0; i < h->n; i++)
		h->hh[i] = h->id[h->hh[i]];
	return 0;
}

int64_t store_household_of(const store_households *h, int64_t client)
{
	long at = find_index(h, client);
	return at >= 0 ? h->hh[at] : client;
}

void store_households_release(store_households *h)
{
	free(h->id);
	free(h->hh);
	memset(h, 0, sizeof *h);
}

/* ---- one client's household --------------------------------------------- */

struct walk {
	int64_t *v;
	size_t n, cap;
};

static int walk_has(const struct walk *w, int64_t id)
{
	size_t i;
	for (i = 0; i < w->n; i++)
		if (w->v[i] == id)
			return 1;
	return 0;
}

static void walk_add(struct walk *w, int64_t id)
{
	if (walk_has(w, id))
		return;
	if (w->n == w->cap) {
		w->cap = w->cap ? 2 * w->cap : 16;
		w->v = cw_xrealloc(w->v, w->cap * sizeof *w->v);
	}
	w->v[w->n++] = id;
}

/* Adds to w the ids of st's rows (first column), bound already. */
static int walk_rows(cw_db *db, store_stmt *st, struct walk *w)
{
	int s;
	while ((s = store_step(st)) == STORE_ROW)
		if (store_col_type(st, 0) != STORE_NULL)
			walk_add(w, store_col_int(st, 0));
	store_reset(st);
	return s == STORE_DONE ? 0 : store_fail(db, "read a household");
}

int store_household_members(cw_db *db, int64_t client, int64_t **members,
			    size_t *n)
{
	static const char rel_sql[] =
		"SELECT related_id FROM relations WHERE client_id = ?1"
		" AND relationship IN " FAMILY
		" UNION SELECT client_id FROM relations WHERE related_id = ?1"
		" AND relationship IN " FAMILY;
	static const char label_sql[] =
		"SELECT household_id FROM clients WHERE id = ?";
	static const char same_sql[] =
		"SELECT id FROM clients WHERE household_id = ?";
	struct walk w = {0};
	size_t i;
	int rc = 0;

	walk_add(&w, client);
	for (i = 0; i < w.n && !rc; i++) {
		store_stmt *st;
		char *label = NULL, own[32];
		enum cw_kind k;
		int64_t num;

		if (!(st = store_cached(db, rel_sql))) {
			rc = CW_EXIT_DB;
			break;
		}
		store_bind_int(st, 1, w.v[i]);
		if ((rc = walk_rows(db, st, &w)) != 0)
			break;
		/* those given HH-<this one>, and the one this one's HH-n names
		 * with those given the same */
		cw_id_format(CW_K_HOUSEHOLD, w.v[i], own);
		if (!(st = store_cached(db, same_sql))) {
			rc = CW_EXIT_DB;
			break;
		}
		store_bind_text(st, 1, own);
		if ((rc = walk_rows(db, st, &w)) != 0)
			break;
		if (!(st = store_cached(db, label_sql))) {
			rc = CW_EXIT_DB;
			break;
		}
		store_bind_int(st, 1, w.v[i]);
		if (store_one_text(st, "read a household", &label) < 0) {
			rc = CW_EXIT_DB;
			break;
		}
		if (label && !cw_id_parse(label, &k, &num) && k == CW_K_HOUSEHOLD) {
			if (store_client_exists(db, num) == 1)
				walk_add(&w, num);
			if ((st = store_cached(db, same_sql)) != NULL) {
				store_bind_text(st, 1, label);
				rc = walk_rows(db, st, &w);
			} else {
				rc = CW_EXIT_DB;
			}
		}
		free(label);
	}
	if (rc) {
		free(w.v);
		return rc;
	}
	if (w.n)
		qsort(w.v, w.n, sizeof *w.v, core_cmp_i64);
	*members = w.v;
	*n = w.n;
	return 0;
}
