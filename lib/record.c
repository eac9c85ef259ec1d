/* record.c - a record: named fields in input order, with its start line. */
#include <stdlib.h>
#include <string.h>
#include "casework.h"

void cw_record_init(cw_record *r)
{
	r->f = NULL;
	r->n = 0;
	r->cap = 0;
	r->line = 0;
}

static void field_release(cw_field *f)
{
	free(f->name);
	free(f->value);
	f->name = NULL;
	f->value = NULL;
}

void cw_record_release(cw_record *r)
{
	cw_record_reset(r);
	free(r->f);
	cw_record_init(r);
}

void cw_record_reset(cw_record *r)
{
	size_t i;
	for (i = 0; i < r->n; i++)
		field_release(&r->f[i]);
	r->n = 0;
	r->line = 0;
}

/* Copies name and value so the reader's buffers can be reused at once. */
void cw_record_add(cw_record *r, const char *name, const char *value,
		   size_t len, enum cw_ftype type)
{
	cw_field *f;
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 16;
		r->f = cw_xrealloc(r->f, r->cap * sizeof *r->f);
	}
	f = &r->f[r->n++];
	f->name = cw_xstrdup(name ? name : "");
	f->value = value ? cw_xstrndup(value, len) : NULL;
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
