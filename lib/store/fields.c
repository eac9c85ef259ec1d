/* store/fields.c - a record's columns onto a verb's fields; shared value checks. */
#include <stdlib.h>
#include <string.h>
#include "store/store.h"

static long find(const cw_fieldspec *spec, size_t n, const char *header)
{
	size_t i;
	int a;
	for (i = 0; i < n; i++) {
		if (!strcmp(header, spec[i].name))
			return (long)i;
		for (a = 0; a < 3 && spec[i].alias[a]; a++)
			if (!strcmp(header, spec[i].alias[a]))
				return (long)i;
	}
	return -1;
}

int store_fields_map(cw_batch *b, const cw_record *rec, const cw_fieldspec *spec,
		  size_t n, const char **vals, const char **src)
{
	size_t i;
	long f;

	for (i = 0; i < n; i++) {
		vals[i] = NULL;
		src[i] = NULL;
	}
	for (i = 0; i < rec->n; i++) {
		const cw_field *fl = &rec->f[i];
		if (cw_batch_ignored_column(fl->name))
			continue;
		f = find(spec, n, fl->name);
		if (f < 0) {
			cw_batch_reject(b, rec, fl->name, "unknown column");
			return CW_REJECTED;
		}
		if (src[f]) {
			cw_batch_reject(b, rec, fl->name, "same field as column '%s'",
					src[f]);
			return CW_REJECTED;
		}
		if (fl->type == CW_F_TRUE || fl->type == CW_F_FALSE) {
			cw_batch_reject(b, rec, fl->name, "expected text, not true or false");
			return CW_REJECTED;
		}
		src[f] = fl->name;
		vals[f] = fl->value && fl->len ? fl->value : NULL;
	}
	return 0;
}

int store_fields_known(const cw_names *names, const char *name)
{
	return find(names->set, names->n, name) >= 0;
}

const char *store_fields_hdr(const cw_fieldspec *spec, const char **src, size_t i)
{
	return src[i] ? src[i] : spec[i].name;
}

int store_fields_date(cw_batch *b, const cw_record *rec, const char *src,
		      const char *text, cw_date today, int future, cw_date *out)
{
	const char *why;
	if (cw_date_parse(text, out, &why)) {
		cw_batch_reject(b, rec, src, "%s", why);
		return CW_REJECTED;
	}
	if (!future && *out > today) {
		cw_batch_reject(b, rec, src, "is in the future");
		return CW_REJECTED;
	}
	return 0;
}
