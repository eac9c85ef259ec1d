/* core/map.c - the one hash table (core/core.h). */
#include <stdlib.h>
#include "casework.h"
#include "core/core.h"

uint64_t *core_map_get(const core_map *m, uint64_t key)
{
	size_t i;
	if (!m->key || !key)
		return NULL;
	for (i = core_map_hash(key) & m->mask; m->key[i]; i = (i + 1) & m->mask)
		if (m->key[i] == key)
			return &m->val[i];
	return NULL;
}

static void grow(core_map *m)
{
	size_t n = m->key ? (m->mask + 1) * 2 : 16, i, j;
	uint64_t *key = cw_xcalloc(n, sizeof *key);
	uint64_t *val = cw_xcalloc(n, sizeof *val);

	for (i = 0; m->key && i <= m->mask; i++) {
		if (!m->key[i])
			continue;
		for (j = core_map_hash(m->key[i]) & (n - 1); key[j]; j = (j + 1) & (n - 1))
			;
		key[j] = m->key[i];
		val[j] = m->val[i];
	}
	free(m->key);
	free(m->val);
	m->key = key;
	m->val = val;
	m->mask = n - 1;
}

uint64_t *core_map_put(core_map *m, uint64_t key, int *added)
{
	uint64_t *v = core_map_get(m, key);
	size_t i;

	if (added)
		*added = !v;
	if (v)
		return v;
	if (!m->key || (m->used + 1) * 2 > m->mask + 1)
		grow(m);
	for (i = core_map_hash(key) & m->mask; m->key[i]; i = (i + 1) & m->mask)
		;
	m->key[i] = key;
	m->val[i] = 0;
	m->used++;
	return &m->val[i];
}

void core_map_each(const core_map *m, void (*fn)(uint64_t key, uint64_t val,
						 void *ctx), void *ctx)
{
	size_t i;
	for (i = 0; m->key && i <= m->mask; i++)
		if (m->key[i])
			fn(m->key[i], m->val[i], ctx);
}

void core_map_release(core_map *m)
{
	free(m->key);
	free(m->val);
	m->key = m->val = NULL;
	m->mask = m->used = 0;
}
