/* test_dset.c - report_dset, the sets behind the distinct counts of
 * sw-report, checked against a sorted list of the same ids. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "report/report.h"
#include "tap.h"

static uint64_t rng = 88172645463325252ULL;

static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static int cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

/* The distinct ids among v[0..n). */
static size_t distinct(int64_t *v, size_t n)
{
	size_t i, k = n > 0;
	qsort(v, n, sizeof *v, cmp);
	for (i = 1; i < n; i++)
		k += v[i] != v[i - 1];
	return k;
}

/* Adds the n ids draw() gives to a set and to a list; whether the set
 * counts what the list holds. bytes: the memory the set took. */
static int same(const char *name, size_t n, int64_t (*draw)(size_t i),
		size_t *bytes)
{
	report_dset s;
	int64_t *v = malloc(n * sizeof *v);
	size_t i, want;
	int good;

	memset(&s, 0, sizeof s);
	for (i = 0; i < n; i++) {
		v[i] = draw(i);
		report_dset_add(&s, v[i]);
	}
	want = distinct(v, n);
	good = s.n == want;
	if (!good)
		printf("# %s: %zu in the set, %zu distinct\n", name, s.n, want);
	*bytes = s.nwords * 8 + s.cap * 8;
	report_dset_release(&s);
	free(v);
	return good;
}

static int64_t dense(size_t i) { (void)i; return (int64_t)(next() % 1000000); }
static int64_t rising(size_t i) { return (int64_t)(i / 3); }
static int64_t sparse(size_t i) { (void)i; return (int64_t)(next() >> 1); }
static int64_t few(size_t i) { return (int64_t)(i % 7) * 1000003; }
static int64_t mixed(size_t i)
{
	uint64_t x = next();
	switch (i % 4) {
	case 0: return -(int64_t)(x % 5000) - 1;
	case 1: return (int64_t)(x % 20000);
	case 2: return INT64_MAX - (int64_t)(x % 100);
	default: return (int64_t)(x % 3000000);
	}
}

int main(void)
{
	size_t b;

	ok(same("dense", 2000000, dense, &b), "ids of a dense range, in any order");
	ok(b <= 300000, "take a bitmap of the range (%zu bytes)", b);
	ok(same("rising", 3000000, rising, &b), "ids in rowid order, each thrice");
	ok(b <= 400000, "take a bitmap grown a few times (%zu bytes)", b);
	ok(same("sparse", 200000, sparse, &b), "ids spread over 2^63");
	ok(b <= 200000 * 32, "take a hash table, no bitmap (%zu bytes)", b);
	ok(same("few", 100000, few, &b), "a few ids far apart");
	ok(b <= 1024, "take a small table (%zu bytes)", b);
	ok(same("mixed", 400000, mixed, &b),
	   "negative, small, huge and middling ids together");
	return tap_done();
}
