/* intake/people.c - the people index: who earlier records of a batch, or
 * stored clients, were, by the three duplicate rules, in 32 bytes a person
 * (12 for a narrow index) and without keeping any of their text.
 *
 * An entry keeps 64-bit fingerprints of the keys of the rules (identity
 * type and number; name key and birth date; name key and phone), a
 * fingerprint of the name key (56 bits) and the identity type's first
 * letter (the canonical types differ in it); a narrow entry keeps only
 * the keys, in 32 bits each. The table is open addressing over 32-bit
 * slots (the rule, four bits of the key's hash and
 * the entry), doubled at three quarters full; a slot's first position is
 * recomputed from its entry when the table grows. Equal fingerprints are
 * "maybe the same": a real run confirms every candidate against the
 * stored client (a narrow index suffices), a dry run (which has nothing
 * stored to ask) takes two equal fingerprints (64 bits a key, 56 a name)
 * as equal values, a chance of error far below one in a million million
 * per batch. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/core.h"
#include "intake/intake.h"

/* A slot: the rule (2 bits), 4 bits of the key's hash (most slots of
 * other keys are passed over without reading their entries), and the
 * entry + 1 (26 bits; 0 is an empty slot). */
#define RULE_SHIFT 30
#define TAG_SHIFT 26
#define REF_MASK ((1u << TAG_SHIFT) - 1)
#define HEAD_MASK (~REF_MASK)

static uint64_t mix(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

/* FNV-1a (core_fnv1a) over a, a unit separator and b, from a basis
 * seeded by seed, then mixed: never 0. */
static uint64_t fp(uint64_t seed, const char *a, const char *b)
{
	uint64_t h = CORE_FNV_BASIS ^ mix(seed);

	h = core_fnv1a(h, a, strlen(a));
	h = core_fnv1a(h, "\x1f", 1);
	if (b)
		h = core_fnv1a(h, b, strlen(b));
	h = mix(h);
	return h ? h : 1;
}

void intake_people_key(struct intake_people_key *k, const char *name_key, const char *id_type,
		const char *id_number, const char *birth_date, const char *phone)
{
	/* The canonical identity types differ in their first letter. */
	uint32_t t = id_type ? (unsigned char)id_type[0] : 0;
	uint64_t name = fp(4, name_key, NULL);

	k->key[0] = id_number ? fp(1, id_type ? id_type : "", id_number) : 0;
	k->key[1] = birth_date ? fp(2, name_key, birth_date) : 0;
	k->key[2] = phone ? fp(3, name_key, phone) : 0;
	k->name_type = ((uint32_t)name << 8) | t;
	k->name = (uint32_t)(name >> 32);
}

/* The key of rule that entry ref keeps (the low 32 bits when narrow). */
static uint64_t key_of(const struct people *p, size_t ref, int rule)
{
	return p->narrow ? p->e32[3 * ref + (size_t)rule]
			 : p->e[ref].key[rule];
}

static uint64_t want(const struct people *p, const struct intake_people_key *k, int rule)
{
	return p->narrow ? (uint32_t)k->key[rule] : k->key[rule];
}

void intake_people_release(struct people *p)
{
	free(p->e);
	free(p->e32);
	free(p->slot);
	memset(p, 0, sizeof *p);
}

static uint64_t hash_of(int rule, uint64_t key)
{
	return mix(key + (uint64_t)rule);
}

/* The rule and tag bits of a slot for a key's hash. */
static uint32_t head_of(int rule, uint64_t h)
{
	return ((uint32_t)rule << RULE_SHIFT) | ((uint32_t)(h >> 60) << TAG_SHIFT);
}

static void place(struct people *p, uint32_t s)
{
	uint32_t ref = (s & REF_MASK) - 1;
	int rule = (int)(s >> RULE_SHIFT);
	size_t i = (size_t)hash_of(rule, key_of(p, ref, rule)) & p->mask;

	while (p->slot[i])
		i = (i + 1) & p->mask;
	p->slot[i] = s;
}

static void grow(struct people *p)
{
	uint32_t *old = p->slot;
	size_t n = p->mask + 1, i;

	p->mask = old ? 2 * n - 1 : 4095;
	p->slot = cw_xcalloc(p->mask + 1, sizeof *p->slot);
	for (i = 0; old && i < n; i++)
		if (old[i])
			place(p, old[i]);
	free(old);
}

/* The first slot of rule's chain holding an entry whose key equals k's,
 * from position *i on; -1 when there is none (then *i is the free slot). */
static long find_from(const struct people *p, int rule, const struct intake_people_key *k,
		      size_t *i)
{
	uint64_t key = want(p, k, rule);
	uint32_t head = head_of(rule, hash_of(rule, key));

	for (; p->slot[*i]; *i = (*i + 1) & p->mask) {
		uint32_t s = p->slot[*i];
		uint32_t ref = (s & REF_MASK) - 1;
		if ((s & HEAD_MASK) == head && key_of(p, ref, rule) == key)
			return (long)ref;
	}
	return -1;
}

int intake_people_add(struct people *p, size_t ref, const struct intake_people_key *k,
	       unsigned rules)
{
	int rule;

	if (ref >= REF_MASK)
		return -1;
	if (ref >= p->cap) {
		size_t cap = p->cap ? p->cap : 1024;
		while (cap <= ref)
			cap += cap / 2;
		if (p->narrow) {
			p->e32 = cw_xrealloc(p->e32, 3 * cap * sizeof *p->e32);
			memset(p->e32 + 3 * p->cap, 0, 3 * (cap - p->cap) * sizeof *p->e32);
		} else {
			p->e = cw_xrealloc(p->e, cap * sizeof *p->e);
			memset(p->e + p->cap, 0, (cap - p->cap) * sizeof *p->e);
		}
		p->cap = cap;
	}
	if (ref >= p->n)
		p->n = ref + 1;
	if (p->narrow)
		for (rule = 0; rule < 3; rule++)
			p->e32[3 * ref + (size_t)rule] = (uint32_t)k->key[rule];
	else
		p->e[ref] = *k;
	for (rule = 0; rule < 3; rule++) {
		size_t i;
		uint64_t h;
		if (!k->key[rule] || !(rules & (1u << rule)))
			continue;
		if (!p->slot || (p->used + 1) * 4 > (p->mask + 1) * 3)
			grow(p);
		h = hash_of(rule, want(p, k, rule));
		i = (size_t)h & p->mask;
		while (p->slot[i])
			i = (i + 1) & p->mask;
		p->slot[i] = head_of(rule, h) | (uint32_t)(ref + 1);
		p->used++;
	}
	return 0;
}

long intake_people_first(const struct people *p, int rule, const struct intake_people_key *k,
		  size_t *pos)
{
	if (!p->slot || !k->key[rule])
		return -1;
	*pos = (size_t)hash_of(rule, want(p, k, rule)) & p->mask;
	return find_from(p, rule, k, pos);
}

long intake_people_next(const struct people *p, int rule, const struct intake_people_key *k,
		 size_t *pos)
{
	*pos = (*pos + 1) & p->mask;
	return find_from(p, rule, k, pos);
}

static int cmp_ref(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

size_t intake_people_all(const struct people *p, int rule, const struct intake_people_key *k,
		  int64_t *few, size_t nfew, int64_t **out)
{
	size_t pos, n = 0, cap = nfew;
	long ref;

	*out = few;
	for (ref = intake_people_first(p, rule, k, &pos); ref >= 0;
	     ref = intake_people_next(p, rule, k, &pos)) {
		if (n == cap) {
			cap = cap ? 2 * cap : 16;
			*out = *out == few ? memcpy(cw_xmalloc(cap * sizeof **out),
						    few, n * sizeof **out)
					   : cw_xrealloc(*out, cap * sizeof **out);
		}
		(*out)[n++] = ref;
	}
	qsort(*out, n, sizeof **out, cmp_ref);
	return n;
}

void intake_people_link_key(struct intake_people_key *k, int64_t client)
{
	char id[32];
	memset(k, 0, sizeof *k);
	snprintf(id, sizeof id, "%lld", (long long)client);
	k->key[0] = fp(6, "linked", id);
}
