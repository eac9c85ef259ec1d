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

/* Whether a and b are the same text, NULL (no value) being the same as
 * NULL only: the comparison of a stored field with a given one. */
static inline int core_same(const char *a, const char *b)
{
	return a ? b && !strcmp(a, b) : !b;
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

#endif
