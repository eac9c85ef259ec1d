/* report/dset.c - sets of distinct ids, for the distinct counts of the
 * reports (clients served, group sessions).
 *
 * Ids from 0 up to a bound are bits of a bitmap; the others are kept in
 * an open-addressing hash table. The bitmap is made, or grown, only when
 * the hash table is full and the bitmap grown to cover every id it holds
 * that is not negative would take no more room than the table grown: so
 * sets of a few ids stay small, and sets of many ids out of a dense range
 * (the rowids of a table) take about one bit per id of that range.
 * (core_map is not used for the table: a set keeps no values, and its
 * ids move into the bitmap as it grows.) */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>
#include "core/core.h"
#include "report/report.h"

#define EMPTY INT64_MIN   /* a free slot of the table */

/* v's home slot, hashed as core/map.c hashes its keys. */
static size_t slot_of(int64_t v, size_t cap)
{
	return (size_t)core_map_hash((uint64_t)v) & (cap - 1);
}

/* Puts v into the table, which has room; 1 when it was not there. */
static int table_put(int64_t *slot, size_t cap, int64_t v)
{
	size_t i;
	for (i = slot_of(v, cap); slot[i] != EMPTY; i = (i + 1) & (cap - 1))
		if (slot[i] == v)
			return 0;
	slot[i] = v;
	return 1;
}

/* Whether v is a bit of the bitmap. */
static int in_bits(const report_dset *s, int64_t v)
{
	return v >= 0 && (uint64_t)v / 64 < s->nwords;
}

/* Sets bit v; 1 when it was clear. */
static int bit_put(report_dset *s, int64_t v)
{
	uint64_t *w = &s->bits[(uint64_t)v / 64], b = 1ULL << (v % 64);
	if (*w & b)
		return 0;
	*w |= b;
	return 1;
}

/* Remakes the table with room for its ids and one more, moving the ids
 * that are not negative into the bitmap first when that is no larger. */
static void grow(report_dset *s)
{
	int64_t *old = s->slot, top = -1;
	size_t oldcap = s->cap, i, keep = 0, cap;

	for (i = 0; i < oldcap; i++)
		if (old[i] != EMPTY && old[i] > top)
			top = old[i];
	cap = oldcap ? 2 * oldcap : 16;
	if (top >= 0) {
		/* top is in the table, so beyond the bitmap: grown by half at
		 * least, so that it is copied a few times only */
		size_t need = (size_t)((uint64_t)top / 64 + 1);
		size_t n = need > s->nwords + s->nwords / 2
			? need : s->nwords + s->nwords / 2;
		if ((n - s->nwords) * sizeof *s->bits <= cap * sizeof *old) {
			s->bits = cw_xrealloc(s->bits, n * sizeof *s->bits);
			memset(s->bits + s->nwords, 0,
			       (n - s->nwords) * sizeof *s->bits);
			s->nwords = n;
		}
	}
	for (i = 0; i < oldcap; i++)
		if (old[i] != EMPTY && !in_bits(s, old[i]))
			keep++;
	for (cap = 16; cap < 2 * (keep + 1); cap *= 2)
		;
	s->slot = cw_xcalloc(cap, sizeof *s->slot);
	for (i = 0; i < cap; i++)
		s->slot[i] = EMPTY;
	s->cap = cap;
	s->used = 0;
	for (i = 0; i < oldcap; i++) {
		if (old[i] == EMPTY)
			continue;
		if (in_bits(s, old[i]))
			bit_put(s, old[i]);
		else
			s->used += table_put(s->slot, s->cap, old[i]);
	}
	free(old);
}

void report_dset_add(report_dset *s, int64_t v)
{
	if (in_bits(s, v)) {
		s->n += (size_t)bit_put(s, v);
		return;
	}
	if (2 * (s->used + 1) > s->cap) {
		grow(s);
		if (in_bits(s, v)) {
			s->n += (size_t)bit_put(s, v);
			return;
		}
	}
	if (table_put(s->slot, s->cap, v)) {
		s->used++;
		s->n++;
	}
}

void report_dset_release(report_dset *s)
{
	free(s->slot);
	free(s->bits);
	memset(s, 0, sizeof *s);
}
