/*
 * fields.h - mapping a record's columns onto a verb's fields, and the
 * small value checks every batch verb shares. Not installed; ownership as
 * in casework.h (values point into the record they came from).
 */
#ifndef CW_FIELDS_H
#define CW_FIELDS_H

#include "casework.h"

/* A field a verb reads: its name and other headers it accepts. */
typedef struct cw_fieldspec {
	const char *name;       /* canonical name, as the tools print it */
	const char *alias[3];   /* other accepted headers (Chinese), or NULL */
} cw_fieldspec;

/* Maps rec onto spec: vals[i] is field i's text (NULL when absent or
 * empty; it points into rec) and src[i] the header as written (NULL when
 * the column is absent). The columns every reader ignores (_file, _line,
 * _reason) are skipped. An unknown column, a field given twice, or true,
 * false where text is expected reject the record through b: returns 1
 * then, else 0. */
int cw_fields_map(cw_batch *b, const cw_record *rec, const cw_fieldspec *spec,
		  size_t n, const char **vals, const char **src);
/* Whether name is a field's name or accepted header in the cw_fieldspec
 * array names->set of names->n fields: the known of CW_FIELDS_NAMES. */
int cw_fields_known(const cw_names *names, const char *name);
/* The cw_names of a cw_fieldspec array of n fields. */
#define CW_FIELDS_NAMES(spec, n) { cw_fields_known, (spec), (n) }
/* The header to name field i in a message: as written, else its name. */
const char *cw_fields_hdr(const cw_fieldspec *spec, const char **src, size_t i);

/* A word list for an enumeration: what may be typed, what is stored. */
typedef struct cw_word {
	const char *in;
	const char *out;
} cw_word;
/* The stored word for s (ASCII matched in either case), or NULL. The
 * list ends with {NULL, NULL}. */
const char *cw_word_canon(const cw_word *list, const char *s);

/* A whole number from 0 to max written in decimal digits alone: 0 and
 * *out set, or -1. */
int cw_parse_count(const char *s, long max, long *out);

#endif
