/*
 * core/core.h - the private header of core/: small helpers the library's
 * own files share that are no part of the installed API (casework.h).
 * Not installed.
 */
#ifndef CW_CORE_H
#define CW_CORE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "casework.h"

/* Whether a and b are the same text, NULL (no value) being the same as
 * NULL only: the comparison of a stored field with a given one. */
static inline int core_same(const char *a, const char *b)
{
	return a ? b && !strcmp(a, b) : !b;
}

/* core/ids.c: calls fn for each run of an id list as the audit trail
 * writes them ("CL-1..CL-40,CL-42"), with its kind and its first and last
 * number, in order; a part that is no id, nor a run of ids of one kind
 * (first to last), is passed over. 0, or -1 when a part was. */
typedef void (*core_run_fn)(void *ctx, enum cw_kind kind, int64_t first,
			    int64_t last);
int core_id_runs(const char *text, core_run_fn fn, void *ctx);

/* qsort's order of int64_t values, smallest first. */
static inline int core_cmp_i64(const void *pa, const void *pb)
{
	int64_t a = *(const int64_t *)pa, b = *(const int64_t *)pb;
	return (a > b) - (a < b);
}

/* FNV-1a, 64 bits: the hash of the library's in-memory tables.  A hash
 * starts from CORE_FNV_BASIS (or a basis of its own: intake/people.c
 * seeds it) and core_fnv1a goes on from h over p[0..n), so that one hash
 * may run over several pieces.  cw_hash(p, n) is
 * core_fnv1a(CORE_FNV_BASIS, p, n); inline here for the readers' and the
 * bulk path's loops. */
/* Not FNV's published offset basis (14695981039346656037): the library's
 * has lost its last digit. Any basis hashes as well; this one is kept so
 * that no table's layout changes. */
#define CORE_FNV_BASIS 1469598103934665603ULL
static inline uint64_t core_fnv1a(uint64_t h, const void *p, size_t n)
{
	const unsigned char *s = p;
	size_t i;
	for (i = 0; i < n; i++)
		h = (h ^ s[i]) * 1099511628211ULL;
	return h;
}

/*
 * ---- map.c: the library's one hash table: 64-bit keys (never 0) to
 * 64-bit values, open addressing with linear probing, grown at half full.
 * Tables keyed by text hash it (cw_hash) and keep the text themselves;
 * a pointer is a key and a value as (uint64_t)(uintptr_t).
 */
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

/* ---- config.c: what the configuration shares with the database layer ---- */
/* Whether target names a database on a server (a PostgreSQL connection
 * string: postgresql://..., postgres://... or service=NAME) rather than
 * a SQLite file. */
int core_target_is_server(const char *target);
/* The settings that decide stored data (casework.7, CONFIGURATION): on a
 * server they are kept in the database (sw-admin config), not in a file.
 * The list ends in NULL. */
int core_config_is_stored(const char *key);
/* Whether s is a project's code as agencies type it (casework.7, IDS):
 * 1 to 24 ASCII letters, digits, '-', '_' or '.', a letter or digit
 * first, and never of an id's form (cw_id_parse fails: PJ-1, ca-2). */
#define CORE_PROJECT_CODE_MAX 24
int core_project_code_valid(const char *s);
const char *const *core_config_stored_keys(void);
/* Whether value is good for the setting key: 0, or -1 with *why. */
int core_config_check(const char *key, const char *value, const char **why);
/* Applies the setting key = value read from database db: 0, or CW_EXIT_DB
 * after a message naming db and the key. */
int core_config_set_stored(cw_config *c, const char *db, const char *key,
			   const char *value);
/* The key database of the user's configuration ($CASEWORK_CONFIG, else
 * $XDG_CONFIG_HOME/casework/casework.conf, else ~/.config/casework/
 * casework.conf): *out a new string, or NULL when there is none. 0, or
 * CW_EXIT_USAGE after a message. */
int core_config_database(char **out);

#endif
