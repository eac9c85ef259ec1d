/*
 * core/map.h - the library's one hash table: 64-bit keys (never 0) to
 * 64-bit values, open addressing with linear probing, grown at half full.
 * Tables keyed by text hash it (cw_hash) and keep the text themselves;
 * a pointer is a key and a value as (uint64_t)(uintptr_t). Not installed.
 */
#ifndef CW_CORE_MAP_H
#define CW_CORE_MAP_H

#include <stddef.h>
#include <stdint.h>

/* All zero is an empty map. */
typedef struct core_map {
	uint64_t *key;     /* 0: a free slot */
	uint64_t *val;
	size_t mask;       /* slots - 1; no slots before the first put */
	size_t used;
} core_map;

/* A key's home slot: keys that are counters or addresses spread. */
static inline uint64_t core_map_hash(uint64_t key)
{
	key *= 0x9e3779b97f4a7c15ULL;
	return key ^ (key >> 29);
}

/* The value of key, or NULL when absent. Valid until the next put. */
uint64_t *core_map_get(const core_map *m, uint64_t key);
/* The value of key, added as 0 when absent (*added says which; it may be
 * NULL). Valid until the next put. key must not be 0. */
uint64_t *core_map_put(core_map *m, uint64_t key, int *added);
/* Calls fn on every value (in no order), e.g. to free what they own. */
void core_map_each(const core_map *m, void (*fn)(uint64_t key, uint64_t val,
						 void *ctx), void *ctx);
/* Frees the table; m is empty again. */
void core_map_release(core_map *m);

#endif
