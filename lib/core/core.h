/*
 * core/core.h - the private header of core/: small helpers the library's
 * own files share that are no part of the installed API (casework.h).
 * Not installed.
 */
#ifndef CW_CORE_H
#define CW_CORE_H

#include <string.h>

/* Whether a and b are the same text, NULL (no value) being the same as
 * NULL only: the comparison of a stored field with a given one. */
static inline int core_same(const char *a, const char *b)
{
	return a ? b && !strcmp(a, b) : !b;
}

#endif
