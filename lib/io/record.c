/* io/record.c - a record: named fields in input order, with its start line. */
#include <stdlib.h>
#include <string.h>
#include "casework.h"

void cw_record_init(cw_record *r)
{
	r->f = NULL;
	r->n = 0;
	r->cap = 0;
	r->line = 0;
	r->names = 0;
}

void cw_record_release(cw_record *r)
{
	size_t i;
	for (i = 0; i < r->cap; i++) {
		free(r->f[i].nbuf);
		free(r->f[i].vbuf);
	}
	free(r->f);
	cw_record_init(r);
}

void cw_record_reset(cw_record *r)
{
	r->n = 0;
	r->line = 0;
	r->names = 0;
}

/* Copies s (n bytes) into *buf, growing it to hold n + 1 bytes. */
static char *copy_in(char **buf, size_t *cap, const char *s, size_t n)
{
	if (n + 1 > *cap) {
		*cap = n + 1 > 32 ? n + 1 : 32;
		free(*buf);
		*buf = cw_xmalloc(*cap);
	}
	memcpy(*buf, s, n);
	(*buf)[n] = '\0';
	return *buf;
}

/* Copies name and value so the reader's buffers can be reused at once;
 * the copies live in buffers the record keeps from one record to the
 * next. */
void cw_record_add(cw_record *r, const char *name, const char *value,
		   size_t len, enum cw_ftype type)
{
	cw_field *f;
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 16;
		r->f = cw_xrealloc(r->f, cap * sizeof *r->f);
		memset(r->f + r->cap, 0, (cap - r->cap) * sizeof *r->f);
		r->cap = cap;
	}
	f = &r->f[r->n++];
	name = name ? name : "";
	f->name = copy_in(&f->nbuf, &f->ncap, name, strlen(name));
	f->value = value ? copy_in(&f->vbuf, &f->vcap, value, len) : NULL;
	f->len = value ? len : 0;
	f->type = value ? type : CW_F_NULL;
}

const cw_field *cw_record_get(const cw_record *r, const char *name)
{
	size_t i;
	for (i = 0; i < r->n; i++)
		if (strcmp(r->f[i].name, name) == 0)
			return &r->f[i];
	return NULL;
}

/* The columns a rejects file adds: every reader ignores them. */
int cw_batch_ignored_column(const char *name)
{
	return !strcmp(name, "_file") || !strcmp(name, "_line") ||
	       !strcmp(name, "_reason");
}
