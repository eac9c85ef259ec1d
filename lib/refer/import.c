/* refer/import.c - importing an Open Referral HSDS directory (sw-refer
 * import): organisations, locations, services, the links between them,
 * phones, addresses, eligibility and taxonomy, as one batch. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cJSON.h>
#include "core/core.h"
#include "refer/refer.h"
#include "store/store.h"

/* ---- the tables --------------------------------------------------------- */

/* The tables imported, in the order a batch reads them: parents before
 * the rows that refer to them. */
enum table { T_ORG, T_LOC, T_SVC, T_SAL, T_PHONE, T_ADDR, T_ELIG, T_TERM,
	     T_LINK, NT };

/* How a file's table is spelt, in HSDS 1.x, 2.0 and 3.0. */
enum variant {
	V_PLAIN, V_ADDR_TYPED, V_ADDR_POSTAL, V_ADDR_PHYSICAL, V_LINK_SERVICE,
	V_LINK_ATTRIBUTES, V_LINK_OTHER
};

static const struct tablename {
	const char *name;
	enum table t;
	enum variant v;
} tablenames[] = {
	{"organizations", T_ORG, V_PLAIN},
	{"locations", T_LOC, V_PLAIN},
	{"services", T_SVC, V_PLAIN},
	{"services_at_location", T_SAL, V_PLAIN},
	{"service_at_location", T_SAL, V_PLAIN},
	{"phones", T_PHONE, V_PLAIN},
	{"addresses", T_ADDR, V_ADDR_TYPED},
	{"postal_addresses", T_ADDR, V_ADDR_POSTAL},
	{"physical_addresses", T_ADDR, V_ADDR_PHYSICAL},
	{"eligibility", T_ELIG, V_PLAIN},
	{"taxonomy", T_TERM, V_PLAIN},
	{"taxonomy_terms", T_TERM, V_PLAIN},
	{"services_taxonomy", T_LINK, V_LINK_SERVICE},
	{"service_attributes", T_LINK, V_LINK_SERVICE},
	{"attributes", T_LINK, V_LINK_ATTRIBUTES},
	{"other_attributes", T_LINK, V_LINK_OTHER},
};

/* HSDS tables (1.x to 3.0) that have no place in casework: a file of one
 * is named and left unread. */
static const char *const not_imported[] = {
	"accessibility", "accessibility_for_disabilities", "contacts",
	"cost_options", "funding", "holiday_schedules", "languages",
	"meta_table_description", "metadata", "organization_identifiers",
	"payments_accepted", "programs", "regular_schedules",
	"required_documents", "schedules", "service_areas", "service_capacity",
	"taxonomies", "units", "urls",
};

/* A column of a table: the slot of a modelled field, or X for a standard
 * HSDS column kept in the row's extra JSON object under its own name. */
#define X (-1)
struct colspec {
	const char *name;
	int slot;
};
#define NSPEC(a) (sizeof a / sizeof a[0])

enum { O_ID, O_NAME, O_ALT, O_DESC, O_EMAIL, O_URL, NO_ };
static const struct colspec org_spec[] = {
	{"id", O_ID}, {"name", O_NAME}, {"alternate_name", O_ALT},
	{"description", O_DESC}, {"email", O_EMAIL}, {"url", O_URL},
	{"website", O_URL}, {"tax_status", X}, {"tax_id", X},
	{"year_incorporated", X}, {"legal_status", X}, {"logo", X}, {"uri", X},
	{"parent_organization_id", X},
};
enum { L_ID, L_ORG, L_NAME, L_DESC, L_LAT, L_LON, NL_ };
static const struct colspec loc_spec[] = {
	{"id", L_ID}, {"organization_id", L_ORG}, {"name", L_NAME},
	{"description", L_DESC}, {"latitude", L_LAT}, {"longitude", L_LON},
	{"alternate_name", X}, {"transportation", X}, {"location_type", X},
	{"url", X}, {"external_identifier", X}, {"external_identifier_type", X},
};
enum { S_ID, S_ORG, S_NAME, S_ALT, S_DESC, S_URL, S_EMAIL, S_STATUS, S_ELIG,
       NS_ };
static const struct colspec svc_spec[] = {
	{"id", S_ID}, {"organization_id", S_ORG}, {"name", S_NAME},
	{"alternate_name", S_ALT}, {"description", S_DESC}, {"url", S_URL},
	{"email", S_EMAIL}, {"status", S_STATUS},
	{"eligibility_description", S_ELIG}, {"program_id", X},
	{"interpretation_services", X}, {"application_process", X},
	{"fees_description", X}, {"wait_time", X}, {"fees", X},
	{"accreditations", X}, {"minimum_age", X}, {"maximum_age", X},
	{"assured_date", X}, {"assurer_email", X}, {"licenses", X},
	{"alert", X}, {"last_modified", X},
};
enum { A_SVC, A_LOC, NA_ };
static const struct colspec sal_spec[] = {
	{"service_id", A_SVC}, {"location_id", A_LOC}, {"id", X},
	{"description", X},
};
enum { P_LOC, P_SVC, P_ORG, P_NUMBER, P_EXT, P_TYPE, P_LANG, P_DESC, NP_ };
static const struct colspec phone_spec[] = {
	{"location_id", P_LOC}, {"service_id", P_SVC}, {"organization_id", P_ORG},
	{"number", P_NUMBER}, {"extension", P_EXT}, {"type", P_TYPE},
	{"language", P_LANG}, {"description", P_DESC}, {"id", X},
	{"contact_id", X}, {"service_at_location_id", X}, {"department", X},
};
enum { D_LOC, D_ORG, D_KIND, D_ATT, D_ADDR1, D_CITY, D_REGION, D_STATE,
       D_POSTAL, D_COUNTRY, ND_ };
/* organization_id is not HSDS, but published directories (such as the
 * HSDS transformer's) give it for an organisation's own address. */
static const struct colspec addr_spec[] = {
	{"location_id", D_LOC}, {"organization_id", D_ORG},
	{"address_type", D_KIND}, {"attention", D_ATT}, {"address_1", D_ADDR1},
	{"city", D_CITY}, {"region", D_REGION}, {"state_province", D_STATE},
	{"postal_code", D_POSTAL}, {"country", D_COUNTRY}, {"id", X},
	{"address_2", X}, {"address_3", X}, {"address_4", X},
};
enum { E_SVC, E_TEXT, NE_ };
static const struct colspec elig_spec[] = {
	{"service_id", E_SVC}, {"eligibility", E_TEXT}, {"id", X},
};
enum { M_ID, M_NAME, M_PARENT, M_PARENT_NAME, NM_ };
static const struct colspec term_spec[] = {
	{"id", M_ID}, {"name", M_NAME}, {"term", M_NAME}, {"parent_id", M_PARENT},
	{"parent_name", M_PARENT_NAME}, {"code", X}, {"description", X},
	{"vocabulary", X}, {"taxonomy", X}, {"language", X}, {"taxonomy_id", X},
	{"term_uri", X},
};
enum { K_SVC, K_LINK, K_ENTITY, K_TERM, NK_ };
static const struct colspec link_service_spec[] = {   /* 1.x, 2.0 */
	{"service_id", K_SVC}, {"taxonomy_id", K_TERM},
	{"taxonomy_term_id", K_TERM}, {"id", X}, {"taxonomy_detail", X},
};
static const struct colspec link_attr_spec[] = {      /* 3.0 */
	{"link_id", K_LINK}, {"link_entity", K_ENTITY},
	{"taxonomy_term_id", K_TERM}, {"id", X}, {"link_type", X},
	{"value", X}, {"label", X},
};
static const struct colspec link_other_spec[] = {     /* 2.0 */
	{"link_id", K_LINK}, {"link_type", K_ENTITY},
	{"taxonomy_term_id", K_TERM}, {"id", X},
};
#define NSLOTS 16

/* ---- a string map (taxonomy terms by id, eligibility by service) -------- */

struct smap {
	char **key;          /* slots: owned keys, NULL when free */
	void **val;          /* each slot's value, owned by the user */
	size_t slots, used;  /* slots is a power of two */
};

static size_t smap_slot(const struct smap *x, const char *key)
{
	size_t i = cw_hash(key, strlen(key)) & (x->slots - 1);
	while (x->key[i] && strcmp(x->key[i], key))
		i = (i + 1) & (x->slots - 1);
	return i;
}

static void *smap_get(const struct smap *x, const char *key)
{
	size_t i;
	if (!x->slots || !key)
		return NULL;
	i = smap_slot(x, key);
	return x->key[i] ? x->val[i] : NULL;
}

/* Adds key (copied) with val; the key must not be there yet. */
static void smap_put(struct smap *x, const char *key, void *val)
{
	size_t i;
	if ((x->used + 1) * 2 > x->slots) {
		struct smap n = *x;
		n.slots = x->slots ? x->slots * 2 : 64;
		n.key = cw_xcalloc(n.slots, sizeof *n.key);
		n.val = cw_xcalloc(n.slots, sizeof *n.val);
		for (i = 0; i < x->slots; i++)
			if (x->key[i]) {
				size_t j = smap_slot(&n, x->key[i]);
				n.key[j] = x->key[i];
				n.val[j] = x->val[i];
			}
		free(x->key);
		free(x->val);
		*x = n;
	}
	i = smap_slot(x, key);
	x->key[i] = cw_xstrdup(key);
	x->val[i] = val;
	x->used++;
}

/* Frees the keys, and the values with fn (NULL: they are not owned);
 * x is empty again. */
static void smap_release(struct smap *x, void (*fn)(void *))
{
	size_t i;
	for (i = 0; i < x->slots; i++)
		if (x->key[i]) {
			free(x->key[i]);
			if (fn)
				fn(x->val[i]);
		}
	free(x->key);
	free(x->val);
	memset(x, 0, sizeof *x);
}

/* ---- canonical JSON for the extra columns --------------------------------- */

static int by_key(const void *a, const void *b)
{
	return strcmp((*(const cJSON *const *)a)->string,
		      (*(const cJSON *const *)b)->string);
}

/* Appends j as canonical JSON: object keys in byte order, text as UTF-8,
 * nothing but the escapes casework.7 gives. */
static void canon(cw_buf *b, const cJSON *j)
{
	const cJSON *c;
	size_t n = 0, i;

	if (cJSON_IsObject(j)) {
		const cJSON **kids;
		for (c = j->child; c; c = c->next)
			n++;
		kids = cw_xcalloc(n ? n : 1, sizeof *kids);
		for (c = j->child, i = 0; c; c = c->next)
			kids[i++] = c;
		qsort(kids, n, sizeof *kids, by_key);
		cw_buf_addch(b, '{');
		for (i = 0; i < n; i++) {
			if (i)
				cw_buf_addch(b, ',');
			cw_json_quote(b, kids[i]->string, strlen(kids[i]->string));
			cw_buf_addch(b, ':');
			canon(b, kids[i]);
		}
		cw_buf_addch(b, '}');
		free(kids);
	} else if (cJSON_IsArray(j)) {
		cw_buf_addch(b, '[');
		for (c = j->child; c; c = c->next) {
			if (c != j->child)
				cw_buf_addch(b, ',');
			canon(b, c);
		}
		cw_buf_addch(b, ']');
	} else if (cJSON_IsString(j)) {
		cw_json_quote(b, j->valuestring, strlen(j->valuestring));
	} else if (cJSON_IsNumber(j)) {
		char *s = cJSON_PrintUnformatted(j);
		cw_buf_addstr(b, s ? s : "null");
		cJSON_free(s);
	} else if (cJSON_IsTrue(j)) {
		cw_buf_addstr(b, "true");
	} else if (cJSON_IsFalse(j)) {
		cw_buf_addstr(b, "false");
	} else {
		cw_buf_addstr(b, "null");
	}
}

/* The stored form of an extra object: canonical JSON, or NULL when it is
 * empty. Newly allocated. */
static char *extra_text(const cJSON *o)
{
	cw_buf b;
	if (!o || !o->child)
		return NULL;
	cw_buf_init(&b);
	canon(&b, o);
	return cw_buf_detach(&b, NULL);
}

/* A stored extra column as an object to change (a new empty one when
 * there is none). */
static cJSON *extra_parse(const char *text)
{
	cJSON *o = text ? cJSON_Parse(text) : NULL;
	if (!cJSON_IsObject(o)) {
		cJSON_Delete(o);
		o = cJSON_CreateObject();
	}
	return o;
}

/* Sets the row's own extra columns in o: the columns x gives replace
 * theirs (an empty one removes it); the others stay. */
static void extra_apply(cJSON *o, const cJSON *x)
{
	const cJSON *c;
	for (c = x ? x->child : NULL; c; c = c->next) {
		cJSON_DeleteItemFromObjectCaseSensitive(o, c->string);
		if (cJSON_IsString(c))
			cJSON_AddStringToObject(o, c->string, c->valuestring);
	}
}

static const char *str_of(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static int same_json(const cJSON *a, const cJSON *b)
{
	cw_buf x, y;
	int same;
	cw_buf_init(&x);
	cw_buf_init(&y);
	canon(&x, a);
	canon(&y, b);
	same = !strcmp(x.s, y.s);
	cw_buf_release(&x);
	cw_buf_release(&y);
	return same;
}

/* Puts entry (taken; NULL removes) into o[key], an array of objects kept
 * in the order of their text field, in place of the one whose field is
 * value. Returns 1 when o changed. */
static int array_put(cJSON *o, const char *key, const char *field,
		     const char *value, cJSON *entry)
{
	cJSON *arr = cJSON_GetObjectItemCaseSensitive(o, key), *c;
	int i = 0, changed = 1;

	if (!cJSON_IsArray(arr)) {
		if (!entry)
			return 0;
		cJSON_DeleteItemFromObjectCaseSensitive(o, key);
		arr = cJSON_AddArrayToObject(o, key);
	}
	for (c = arr->child; c; c = c->next, i++) {
		const char *f = str_of(c, field);
		int cmp = strcmp(f ? f : "", value);
		if (cmp == 0) {
			if (entry && same_json(c, entry)) {
				cJSON_Delete(entry);
				return 0;
			}
			if (entry)
				cJSON_ReplaceItemInArray(arr, i, entry);
			else
				cJSON_DeleteItemFromArray(arr, i);
			entry = NULL;
			break;
		}
		if (cmp > 0)
			break;
	}
	if (entry) {
		if (c)
			cJSON_InsertItemInArray(arr, i, entry);
		else
			cJSON_AddItemToArray(arr, entry);
	} else if (!c) {
		changed = 0;
	}
	if (!arr->child)
		cJSON_DeleteItemFromObjectCaseSensitive(o, key);
	return changed;
}

/* ---- the import ------------------------------------------------------------ */

/* A taxonomy term read (taxonomy.csv, taxonomy_terms.csv). */
struct term {
	cJSON *obj;            /* every column given, canonical names */
	int used, changed;     /* linked by this batch; stored anew by it */
};

/* One service's eligibility rows in this batch. */
struct elig {
	int64_t service;
	char *before;          /* the stored value when the batch began */
	char *now;             /* the rows so far, joined with "; " */
};

/* Ids whose printed services changed. */
struct idset {
	int64_t *id;
	size_t n, cap;
};

struct file {
	char *path;            /* as it will be named in messages, owned */
	FILE *copy;            /* a pipe's tables copied before the batch
				  (store_copy_input), owned; NULL: read the
				  file at path */
	enum table t;
	enum variant v;
	size_t order;          /* its place among the arguments */
};

/* The first row (by id) of each published id a part's extra keeps. */
struct partids {
	struct smap ids;       /* int64_t *, by published id */
	int loaded;            /* read from the database */
};

struct imp {
	cw_db *db;             /* the database, or the dry run's copy */
	cw_db *own;            /* the dry run's copy, owned; else NULL */
	int dry_run;
	int64_t batch_id;      /* the batch the rows are stored with */
	char now[21];          /* the batch's time: created_at, updated_at */
	const char *category;  /* --category, canonical, or NULL */
	const char *encoding;  /* --encoding of every file, or NULL */
	int64_t max_org, max_svc;  /* dry run: ids past these would be new */
	cw_audit_ids *created[3];  /* organisations, locations, services */
	struct idset dirty_svc, dirty_org, dirty_loc;
	struct smap terms;     /* struct term *, by id */
	struct smap elig;      /* struct elig *, by service */
	/* The services that rows of eligibility files give a criterion in
	 * this batch, by their reference as written (and an SV-n also in
	 * capitals): their eligibility is those rows, not services.csv's
	 * column. */
	struct smap elig_refs;
	/* The taxonomy terms stored with records, by id: the first one
	 * (services, organisations, then locations, each by id), read from
	 * the database when a term is first looked for there. The batch
	 * stores with a record only terms that it read or that this finds,
	 * so what this finds stays the first: it is not read again. */
	struct smap stored_terms;  /* struct term *, obj NULL for none */
	int terms_loaded;
	struct partids phone_ids, address_ids;
	cw_buf json;           /* scratch */
};

struct job {
	struct imp *m;
	const struct file *f;
};

static void idset_add(struct idset *s, int64_t id)
{
	if (s->n && s->id[s->n - 1] == id)
		return;
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		s->id = cw_xrealloc(s->id, s->cap * sizeof *s->id);
	}
	s->id[s->n++] = id;
}

/* Maps rec onto spec: v[slot] is a modelled field's text (NULL when
 * empty) and src[slot] its column (NULL when absent); *x gets the other
 * standard columns given, as text, or null when empty. An unknown column,
 * or two columns for one field, reject the record through b (when b is
 * NULL, nothing is reported): returns 1 then, with *x NULL. */
static int map(cw_batch *b, const cw_record *rec, const struct colspec *spec,
	       size_t nspec, const char **v, const char **src, cJSON **x)
{
	size_t i, k;

	for (i = 0; i < NSLOTS; i++)
		v[i] = src[i] = NULL;
	*x = cJSON_CreateObject();
	for (i = 0; i < rec->n; i++) {
		const cw_field *f = &rec->f[i];
		const char *val = f->value && f->len ? f->value : NULL;
		if (cw_batch_ignored_column(f->name))
			continue;
		for (k = 0; k < nspec && strcmp(spec[k].name, f->name); k++)
			;
		if (k == nspec) {
			if (b)
				cw_batch_reject(b, rec, f->name, "unknown column");
			goto refused;
		}
		if (spec[k].slot == X) {
			if (val)
				cJSON_AddStringToObject(*x, f->name, val);
			else
				cJSON_AddNullToObject(*x, f->name);
			continue;
		}
		if (src[spec[k].slot]) {
			if (b)
				cw_batch_reject(b, rec, f->name, "same field as column "
						"'%s'", src[spec[k].slot]);
			goto refused;
		}
		src[spec[k].slot] = f->name;
		v[spec[k].slot] = val;
	}
	return 0;
refused:
	cJSON_Delete(*x);
	*x = NULL;
	return CW_REJECTED;
}

/* ---- references --------------------------------------------------------- */

/* The records, indexed as their tables (REFER_ORG, _LOC, _SVC). */
static const struct parent {
	enum cw_kind kind;
	const char *what;
} parents[3] = {
	[REFER_ORG] = {CW_K_ORGANIZATION, "organization"},
	[REFER_LOC] = {CW_K_LOCATION, "location"},
	[REFER_SVC] = {CW_K_SERVICE, "service"},
};

/* The stored record a reference names: its HSDS id, or our own id
 * (OR-n, LO-n, SV-n) for a record stored without one. Returns 0 with *id
 * set, CW_REJECTED after rejecting the record, or an exit code. */
static int resolve(struct imp *m, cw_batch *b, const cw_record *rec, int p,
		   const char *src, const char *text, int64_t *id)
{
	enum cw_kind kind;
	int64_t num;
	int rc, found;

	if ((rc = refer_db_record_by_hsds(m->db, p, text, id)) != 0 || *id)
		return rc;
	if (!cw_id_parse(text, &kind, &num) && kind == parents[p].kind) {
		if ((rc = refer_db_record_exists(m->db, p, num, &found)) != 0)
			return rc;
		if (found) {
			*id = num;
			return 0;
		}
	}
	cw_batch_reject(b, rec, src, "no such %s in the import or the database",
			parents[p].what);
	return CW_REJECTED;
}

/* ---- reading and writing rows --------------------------------------------- */

/* Appends a column's value for the audit trail: ids as OR-n, SV-n, LO-n,
 * the extra column as the object it holds. */
static void audit_value(cw_buf *b, const char *name, const char *val)
{
	char id[32];
	if (!val) {
		cw_buf_addstr(b, "null");
	} else if (!strcmp(name, "extra")) {
		cw_buf_addstr(b, val);
	} else if (!strcmp(name, "organization_id") ||
		   !strcmp(name, "service_id") || !strcmp(name, "location_id")) {
		cw_id_format(name[0] == 'o' ? CW_K_ORGANIZATION : name[0] == 's'
			     ? CW_K_SERVICE : CW_K_LOCATION, strtoll(val, NULL, 10), id);
		cw_json_quote(b, id, strlen(id));
	} else {
		cw_json_quote(b, val, strlen(val));
	}
}

/* Appends "name":value,... for the columns (only those in mask when
 * mask is not NULL), after a comma unless first. */
static void audit_fields(cw_buf *b, const char *const *names,
			 const char *const *vals, size_t n, const int *mask,
			 int first)
{
	size_t i;
	for (i = 0; i < n; i++) {
		if (mask && !mask[i])
			continue;
		if (!first)
			cw_buf_addch(b, ',');
		first = 0;
		cw_json_quote(b, names[i], strlen(names[i]));
		cw_buf_addch(b, ':');
		audit_value(b, names[i], vals[i]);
	}
}

/* Appends {"name":value,...}, as audit_fields. */
static void audit_object(cw_buf *b, const char *const *names,
			 const char *const *vals, size_t n, const int *mask)
{
	cw_buf_addch(b, '{');
	audit_fields(b, names, vals, n, mask, 1);
	cw_buf_addch(b, '}');
}

static void free_vals(char **v, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++) {
		free(v[i]);
		v[i] = NULL;
	}
}

/* The place of column name in a row of t (refer_db_columns). */
static size_t column(enum refer_table t, const char *name)
{
	size_t n, i;
	const char *const *col = refer_db_columns(t, &n);

	for (i = 0; i < n && strcmp(col[i], name); i++)
		;
	return i;
}

/* Loads the named columns of row id of t into out (owned, NULL for
 * null). Returns 1 when the row exists, 0 when not, or -exit code. */
static int load_row(struct imp *m, enum refer_table t, int64_t id,
		    const char *const *names, size_t n, char **out)
{
	char *row[REFER_MAX_COLS];
	size_t i, ncol;
	int r = refer_db_row_get(m->db, t, id, row);

	refer_db_columns(t, &ncol);
	for (i = 0; i < n; i++) {
		size_t c = column(t, names[i]);
		out[i] = row[c];
		row[c] = NULL;
	}
	free_vals(row, ncol);
	return r;
}

static int differ(const char *a, const char *b)
{
	return (a == NULL) != (b == NULL) || (a && strcmp(a, b));
}

/* Changes row id of t to the values given, when any differs (setting a
 * record's updated_at), and audits the change on the record akind, aid:
 * the fields that changed, or, for a part of a record (label, such as
 * "phone"), the whole part before and after. Returns 1 when changed, 0
 * when not, or -exit code. */
static int update_row(struct imp *m, enum refer_table t, int64_t id,
		      const char *const *names, const char *const *vals, size_t n,
		      enum cw_kind akind, int64_t aid, const char *label)
{
	char *row[REFER_MAX_COLS];
	const char *old[NSLOTS + 4], *now[REFER_MAX_COLS];
	int mask[NSLOTS + 4], changed[REFER_MAX_COLS] = {0}, any = 0, r;
	char ids[32];
	size_t i, ncol;

	refer_db_columns(t, &ncol);
	r = refer_db_row_get(m->db, t, id, row);
	if (r <= 0) {
		free_vals(row, ncol);
		return r < 0 ? r : -store_fail(m->db, "find a directory record");
	}
	for (i = 0; i < ncol; i++)
		now[i] = row[i];
	for (i = 0; i < n; i++) {
		size_t c = column(t, names[i]);
		old[i] = row[c];
		any |= mask[i] = differ(old[i], vals[i]);
		changed[c] |= mask[i];
		now[c] = vals[i];
	}
	if (!any) {
		free_vals(row, ncol);
		return 0;
	}
	if ((r = refer_db_row_set(m->db, t, id, now, changed, m->batch_id, m->now)) != 0) {
		free_vals(row, ncol);
		return -r;
	}
	cw_buf_reset(&m->json);
	cw_buf_addstr(&m->json, "{\"before\":");
	if (label)
		cw_buf_printf(&m->json, "{\"%s\":", label);
	audit_object(&m->json, names, old, n, label ? NULL : mask);
	cw_buf_addstr(&m->json, label ? "},\"after\":" : ",\"after\":");
	if (label)
		cw_buf_printf(&m->json, "{\"%s\":", label);
	audit_object(&m->json, names, vals, n, label ? NULL : mask);
	cw_buf_addstr(&m->json, label ? "}}" : "}");
	free_vals(row, ncol);
	cw_id_format(akind, aid, ids);
	r = cw_audit_append(m->db, "update", akind, ids, m->json.s);
	return r ? -r : 1;
}

/* Inserts a row of t with these columns, the batch and, for a record,
 * its HSDS id hsds; *id is its id. */
static int insert_row(struct imp *m, enum refer_table t,
		      const char *const *names, const char *const *vals,
		      size_t n, const char *hsds, int64_t *id)
{
	const char *row[REFER_MAX_COLS] = {0};
	size_t i;

	for (i = 0; i < n; i++)
		row[column(t, names[i])] = vals[i];
	return refer_db_row_add(m->db, t, row, hsds, m->now, m->batch_id, id);
}

/* Stores a part of a record (a phone, an address): changes row match when
 * it is not 0, else inserts one; audits it on its owner. Accounts for the
 * record. Returns 0 and *stored, the row changed or added (0 when it
 * was stored already), or an exit code. */
static int store_part(struct imp *m, cw_batch *b, const cw_record *rec,
		      enum refer_table t, const char *label, int64_t match,
		      const char *const *names, const char *const *vals, size_t n,
		      enum cw_kind okind, int64_t oid, int64_t *stored)
{
	char ids[32];
	int64_t id = match;
	int r;

	cw_id_format(okind, oid, ids);
	*stored = 0;
	if (match) {
		r = update_row(m, t, match, names, vals, n, okind, oid, label);
		if (r < 0)
			return -r;
		if (!r) {
			cw_batch_skip(b, rec, "already stored (%s of %s)", label, ids);
			return 0;
		}
	} else {
		if ((r = insert_row(m, t, names, vals, n, NULL, &id)) != 0)
			return r;
		cw_buf_reset(&m->json);
		cw_buf_printf(&m->json, "{\"%s\":", label);
		audit_object(&m->json, names, vals, n, NULL);
		cw_buf_addch(&m->json, '}');
		if ((r = cw_audit_append(m->db, "insert", okind, ids, m->json.s)) != 0)
			return r;
	}
	*stored = id;
	store_batch_count_stored(b);
	return 0;
}

/* ---- categories ----------------------------------------------------------- */

static cJSON *find_term(struct imp *m, const char *id, struct term **t, int *rc);

/* The category a term places its record in: by its name, its parent's
 * name, or up its parents (read in this batch, or stored with a record). */
static const char *term_category(struct imp *m, const cJSON *term)
{
	const char *c = NULL, *pid;
	cJSON *parent = NULL;
	struct term *t;
	int depth, rc;

	for (depth = 0; term && depth < 8 && !c; depth++) {
		if ((c = refer_category_guess(str_of(term, "name"))) ||
		    (c = refer_category_guess(str_of(term, "parent_name"))))
			break;
		pid = str_of(term, "parent_id");
		term = NULL;
		if (pid) {
			cJSON *next = find_term(m, pid, &t, &rc);
			cJSON_Delete(parent);
			term = parent = next;
		}
	}
	cJSON_Delete(parent);
	return c;
}

/* A service's category: from its taxonomy terms, else --category, else
 * the keywords of its name, then its description, else other. */
static const char *service_category(struct imp *m, const cJSON *extra,
				    const char *name, const char *desc)
{
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(extra, "taxonomy"), *e;
	const char *c;

	for (e = cJSON_IsArray(arr) ? arr->child : NULL; e; e = e->next)
		if ((c = term_category(m, cJSON_GetObjectItemCaseSensitive(e, "term"))))
			return c;
	if (m->category)
		return m->category;
	if ((c = refer_category_guess(name)) || (c = refer_category_guess(desc)))
		return c;
	return "other";
}

/* ---- organisations, locations, services ------------------------------------- */

static const struct ptable {
	int parent;               /* index into parents[] */
	const struct colspec *spec;
	size_t nspec, nslot;
	const char *col[NSLOTS];  /* the database column of each slot but 0 */
	int org_slot;             /* the organisation reference, or 0 */
	int name_slot;
	int name_required;
	int audit;                /* index into imp.created */
} ptables[] = {
	[T_ORG] = {0, org_spec, NSPEC(org_spec), NO_,
		   {NULL, "name", "alternate_name", "description", "email", "url"},
		   0, O_NAME, 1, 0},
	[T_LOC] = {1, loc_spec, NSPEC(loc_spec), NL_,
		   {NULL, "organization_id", "name", "description", "latitude",
		    "longitude"}, L_ORG, L_NAME, 0, 1},
	[T_SVC] = {2, svc_spec, NSPEC(svc_spec), NS_,
		   {NULL, "organization_id", "name", "alternate_name",
		    "description", "url", "email", "status", "eligibility"},
		   S_ORG, S_NAME, 1, 2},
};

/* The columns of f's table: the spec its rows are mapped by. */
static const struct colspec *table_columns(const struct file *f, size_t *n)
{
	switch (f->t) {
	case T_ORG: case T_LOC: case T_SVC:
		*n = ptables[f->t].nspec;
		return ptables[f->t].spec;
	case T_SAL: *n = NSPEC(sal_spec); return sal_spec;
	case T_PHONE: *n = NSPEC(phone_spec); return phone_spec;
	case T_ADDR: *n = NSPEC(addr_spec); return addr_spec;
	case T_ELIG: *n = NSPEC(elig_spec); return elig_spec;
	case T_LINK:
		if (f->v == V_LINK_SERVICE) {
			*n = NSPEC(link_service_spec);
			return link_service_spec;
		}
		if (f->v == V_LINK_OTHER) {
			*n = NSPEC(link_other_spec);
			return link_other_spec;
		}
		*n = NSPEC(link_attr_spec);
		return link_attr_spec;
	default: *n = NSPEC(term_spec); return term_spec;
	}
}

/* Whether name is a column of the table whose colspec array is
 * names->set (names->n columns). */
static int table_known(const cw_names *names, const char *name)
{
	const struct colspec *spec = names->set;
	size_t k;

	for (k = 0; k < names->n; k++)
		if (!strcmp(spec[k].name, name))
			return 1;
	return 0;
}

/* Finds the stored row a parent record is: by its HSDS id, or without one
 * by its organisation (0: none) and name among rows stored without an id. */
static int find_parent(struct imp *m, const struct ptable *p, const char *hsds,
		       int64_t org, const char *name, int64_t *id)
{
	if (hsds)
		return refer_db_record_by_hsds(m->db, p->parent, hsds, id);
	return refer_db_record_by_name(m->db, p->parent, name, org, id);
}

/* Whether rows of the eligibility table of this import give a criterion
 * for the service whose HSDS id is hsds (or NULL), stored as id (or 0). */
static int elig_rows_for(struct imp *m, const char *hsds, int64_t id)
{
	char sv[32];
	if (hsds && smap_get(&m->elig_refs, hsds))
		return 1;
	if (!id)
		return 0;
	cw_id_format(CW_K_SERVICE, id, sv);
	return smap_get(&m->elig_refs, sv) != NULL;
}

static int parent_record(void *ctx, cw_batch *b, const cw_record *rec)
{
	struct job *j = ctx;
	struct imp *m = j->m;
	const struct ptable *p = &ptables[j->f->t];
	const struct parent *pa = &parents[p->parent];
	const char *v[NSLOTS], *src[NSLOTS], *names[NSLOTS + 4];
	const char *nv[NSLOTS + 4];
	char *old[NSLOTS + 4] = {0}, *extra = NULL, orgbuf[32], idbuf[32];
	cJSON *x = NULL, *eo = NULL;
	int64_t id = 0, org = 0;
	size_t n = 0, i, s, ncat = 0, nextra;
	int rc = 0, r;

	if (map(b, rec, p->spec, p->nspec, v, src, &x))
		return 0;
	if (p->org_slot && v[p->org_slot]) {
		rc = resolve(m, b, rec, 0, src[p->org_slot], v[p->org_slot], &org);
		if (rc)
			goto out;
		snprintf(orgbuf, sizeof orgbuf, "%lld", (long long)org);
	}
	if (p->name_required && !v[p->name_slot]) {
		cw_batch_reject(b, rec, src[p->name_slot] ? src[p->name_slot] : "name",
				"required");
		goto out;
	}
	for (s = 1; s < p->nslot; s++)
		names[n++] = p->col[s];
	if (p->parent == 2)
		names[ncat = n++] = "category";
	names[nextra = n++] = "extra";
	if ((rc = find_parent(m, p, v[0], org, v[p->name_slot], &id)) != 0)
		goto out;
	if (id && (r = load_row(m, p->parent, id, names, n, old)) < 0) {
		rc = -r;
		goto out;
	}
	/* A column the file does not have keeps the stored value. */
	for (s = 1, i = 0; s < p->nslot; s++, i++)
		nv[i] = !src[s] ? old[i] : s == (size_t)p->org_slot && v[s] ? orgbuf
			: v[s];
	/* So does the eligibility of a service that rows of the eligibility
	 * table of this import describe: those rows set it, after this one,
	 * and an import of the same files changes nothing. */
	if (p->parent == 2 && src[S_ELIG] && elig_rows_for(m, v[0], id))
		nv[S_ELIG - 1] = old[S_ELIG - 1];
	eo = extra_parse(old[nextra]);
	extra_apply(eo, x);
	extra = extra_text(eo);
	nv[nextra] = extra;
	if (ncat)
		nv[ncat] = service_category(m, eo, nv[S_NAME - 1], nv[S_DESC - 1]);
	if (id) {
		r = update_row(m, p->parent, id, names, nv, n, pa->kind, id, NULL);
		if (r < 0) {
			rc = -r;
			goto out;
		}
		if (!r) {
			cw_id_format(pa->kind, id, idbuf);
			cw_batch_skip(b, rec, "already stored as %s", idbuf);
			goto out;
		}
	} else {
		if ((rc = insert_row(m, p->parent, names, nv, n, v[0], &id)) != 0)
			goto out;
		names[n] = "hsds_id";
		nv[n] = v[0];
		names[n + 1] = "created_at";
		nv[n + 1] = m->now;
		cw_id_format(pa->kind, id, idbuf);
		cw_buf_reset(&m->json);
		cw_buf_printf(&m->json, "{\"%s_id\":", pa->what);
		cw_json_quote(&m->json, idbuf, strlen(idbuf));
		audit_fields(&m->json, names, nv, n + 2, NULL, 0);
		cw_buf_addch(&m->json, '}');
		cw_audit_ids_add(m->created[p->audit], id, m->json.s, m->json.len);
	}
	/* Its services print its name: they change with it. */
	if (p->parent == 0 && differ(old[O_NAME - 1], nv[O_NAME - 1]))
		idset_add(&m->dirty_org, id);
	else if (p->parent == 2)
		idset_add(&m->dirty_svc, id);
	store_batch_count_stored(b);
out:
	free_vals(old, n);
	free(extra);
	cJSON_Delete(eo);
	cJSON_Delete(x);
	return rc;
}

/* ---- the extra of a stored record, changed by a part of it ------------------ */

/* Puts entry into the array key of record id's extra (see array_put) and,
 * for a service, sets its category again and, when elig is not NULL, its
 * eligibility. Stores and audits what changed. Returns 1 when something
 * changed, 0 when not, or -exit code. */
static int put_part(struct imp *m, int p, int64_t id, const char *key,
		    const char *field, const char *value, cJSON *entry,
		    int set_elig, const char *elig)
{
	static const char *const snames[] = {"extra", "category", "eligibility",
					     "name", "description"};
	const char *nv[3];
	char *old[5] = {0}, *extra;
	size_t n = p == 2 ? 5 : 1;
	cJSON *eo;
	int r;

	r = load_row(m, p, id, snames, n, old);
	if (r <= 0) {
		free_vals(old, n);
		cJSON_Delete(entry);
		return r < 0 ? r : -store_fail(m->db, "find a directory record");
	}
	eo = extra_parse(old[0]);
	if (key)
		array_put(eo, key, field, value, entry);
	else
		cJSON_Delete(entry);
	extra = extra_text(eo);
	nv[0] = extra;
	if (p == 2) {
		nv[1] = service_category(m, eo, old[3], old[4]);
		nv[2] = set_elig ? elig : old[2];
	}
	r = update_row(m, p, id, snames, nv, p == 2 ? 3 : 1, parents[p].kind, id,
		       NULL);
	free(extra);
	cJSON_Delete(eo);
	free_vals(old, n);
	return r;
}

/* ---- services at locations ------------------------------------------------ */

static int sal_record(void *ctx, cw_batch *b, const cw_record *rec)
{
	struct job *j = ctx;
	struct imp *m = j->m;
	const char *v[NSLOTS], *src[NSLOTS];
	char sv[32], lo[32];
	cJSON *x = NULL, *entry = NULL, *c;
	int64_t svc, loc;
	int rc = 0, r, added = 0;

	if (map(b, rec, sal_spec, NSPEC(sal_spec), v, src, &x))
		return 0;
	if (!v[A_SVC] || !v[A_LOC]) {
		cw_batch_reject(b, rec, !v[A_SVC] ? src[A_SVC] ? src[A_SVC] : "service_id"
				: src[A_LOC] ? src[A_LOC] : "location_id", "required");
		goto out;
	}
	if ((rc = resolve(m, b, rec, 2, src[A_SVC], v[A_SVC], &svc)) != 0 ||
	    (rc = resolve(m, b, rec, 1, src[A_LOC], v[A_LOC], &loc)) != 0)
		goto out;
	cw_id_format(CW_K_SERVICE, svc, sv);
	cw_id_format(CW_K_LOCATION, loc, lo);
	if ((r = refer_db_service_location_add(m->db, svc, loc)) < 0) {
		rc = -r;
		goto out;
	}
	if (r) {
		cw_buf_reset(&m->json);
		cw_buf_addstr(&m->json, "{\"location\":");
		cw_json_quote(&m->json, lo, strlen(lo));
		cw_buf_addch(&m->json, '}');
		if ((rc = cw_audit_append(m->db, "insert", CW_K_SERVICE, sv, m->json.s)))
			goto out;
		added = 1;
	}
	/* The link's own id and description have no column: they are kept
	 * with the service, under its location. */
	for (c = x->child; c; c = c->next)
		if (cJSON_IsString(c)) {
			if (!entry) {
				entry = cJSON_CreateObject();
				cJSON_AddStringToObject(entry, "location", lo);
			}
			cJSON_AddStringToObject(entry, c->string, c->valuestring);
		}
	r = put_part(m, 2, svc, "service_at_location", "location", lo, entry, 0, NULL);
	if (r < 0) {
		rc = -r;
		goto out;
	}
	if (r || added) {
		idset_add(&m->dirty_svc, svc);
		store_batch_count_stored(b);
	} else {
		cw_batch_skip(b, rec, "already stored (%s at %s)", sv, lo);
	}
out:
	cJSON_Delete(x);
	return rc;
}

/* ---- phones and addresses -------------------------------------------------- */

/* Resolves the owner references of a part (slots of organisation,
 * location, service; -1 when it has none). Returns 0, CW_REJECTED after
 * rejecting, or a code; ids[] are 0 when not given, text[] their decimal
 * form. */
static int owners(struct imp *m, cw_batch *b, const cw_record *rec,
		  const char **v, const char **src, const int slot[3],
		  int64_t id[3], char text[3][32])
{
	int p, rc;
	for (p = 0; p < 3; p++) {
		id[p] = 0;
		text[p][0] = '\0';
		if (slot[p] < 0 || !v[slot[p]])
			continue;
		if ((rc = resolve(m, b, rec, p, src[slot[p]], v[slot[p]], &id[p])))
			return rc;
		snprintf(text[p], 32, "%lld", (long long)id[p]);
	}
	return 0;
}

/* The published id an extra object keeps, or NULL. */
static const char *published_id(const cJSON *extra)
{
	return str_of(extra, "id");
}

static int note_part_id(void *ctx, int64_t id, const char *extra)
{
	struct partids *p = ctx;
	cJSON *o = extra ? cJSON_Parse(extra) : NULL;
	const char *hsds = published_id(o);

	if (hsds && !smap_get(&p->ids, hsds)) {
		int64_t *v = cw_xmalloc(sizeof *v);
		*v = id;
		smap_put(&p->ids, hsds, v);
	}
	cJSON_Delete(o);
	return 0;
}

/* Forgets what p knows: it is read again when next needed. */
static void partids_forget(struct partids *p)
{
	smap_release(&p->ids, free);
	p->loaded = 0;
}

/* The parts of t (phones, addresses) by published id. */
static struct partids *partids_of(struct imp *m, enum refer_table t)
{
	return t == REFER_PHONE ? &m->phone_ids : &m->address_ids;
}

/* The first stored part of t (by id) whose published id (kept in its
 * extra) is hsds: 0 and *id (0 for none), or an exit code. */
static int find_by_json_id(struct imp *m, enum refer_table t, const char *hsds,
			   int64_t *id)
{
	struct partids *p = partids_of(m, t);
	int64_t *v;
	int rc;

	if (!p->loaded) {
		if ((rc = refer_db_extras_each(m->db, t, note_part_id, p)) != 0) {
			partids_forget(p);
			return rc;
		}
		p->loaded = 1;
	}
	v = smap_get(&p->ids, hsds);
	*id = v ? *v : 0;
	return 0;
}

/* After row id of t was stored with extra (whose published id was
 * before, for a row changed): keeps the parts by published id as the
 * database has them. */
static void part_stored(struct imp *m, enum refer_table t, int64_t id,
			int added, const char *before, const char *extra)
{
	struct partids *p = partids_of(m, t);
	cJSON *o;

	if (!p->loaded)
		return;
	o = extra ? cJSON_Parse(extra) : NULL;
	if (added)
		note_part_id(p, id, extra);
	else if (differ(before, published_id(o)))
		/* the first row of before may now be a later one */
		partids_forget(p);
	cJSON_Delete(o);
}

static void mark_owner(struct imp *m, const int64_t id[3])
{
	if (id[2])
		idset_add(&m->dirty_svc, id[2]);
	if (id[1])
		idset_add(&m->dirty_loc, id[1]);
	if (id[0])
		idset_add(&m->dirty_org, id[0]);
}

/* The extra of a part to store: that of row match of t (none when match
 * is 0) with the columns x gives put in. Returns 0 and *extra (newly
 * allocated, NULL when empty) and *before, the published id row match
 * had (newly allocated, or NULL), or CW_EXIT_DB. */
static int part_extra(struct imp *m, enum refer_table t, int64_t match,
		      const cJSON *x, char **extra, char **before)
{
	const char *en[] = {"extra"};
	const char *hsds;
	char *old = NULL;
	cJSON *eo;

	*before = NULL;
	if (match && load_row(m, t, match, en, 1, &old) < 0) {
		free(old);
		return CW_EXIT_DB;
	}
	eo = extra_parse(old);
	if ((hsds = published_id(eo)) != NULL)
		*before = cw_xstrdup(hsds);
	extra_apply(eo, x);
	*extra = extra_text(eo);
	cJSON_Delete(eo);
	free(old);
	return 0;
}

static int phone_record(void *ctx, cw_batch *b, const cw_record *rec)
{
	static const char *const names[] = {
		"organization_id", "location_id", "service_id", "number",
		"extension", "type", "language", "description", "extra"
	};
	static const int slot[3] = {P_ORG, P_LOC, P_SVC};
	struct job *j = ctx;
	struct imp *m = j->m;
	const char *v[NSLOTS], *src[NSLOTS], *nv[9];
	char text[3][32], *extra = NULL, *before = NULL;
	cJSON *x = NULL;
	int64_t id[3], match = 0, stored;
	int rc = 0, okind;
	const char *hsds;

	if (map(b, rec, phone_spec, NSPEC(phone_spec), v, src, &x))
		return 0;
	if (!v[P_NUMBER]) {
		cw_batch_reject(b, rec, src[P_NUMBER] ? src[P_NUMBER] : "number",
				"required");
		goto out;
	}
	if ((rc = owners(m, b, rec, v, src, slot, id, text)) != 0)
		goto out;
	if (!id[0] && !id[1] && !id[2]) {
		cw_batch_skip(b, rec, "belongs to no organization, service or "
			      "location: not imported");
		goto out;
	}
	if ((hsds = published_id(x)) != NULL)
		rc = find_by_json_id(m, REFER_PHONE, hsds, &match);
	else
		rc = refer_db_phone_find(m->db, id[0], id[1], id[2], v[P_NUMBER],
					 &match);
	if (rc || (rc = part_extra(m, REFER_PHONE, match, x, &extra, &before)))
		goto out;
	nv[0] = id[0] ? text[0] : NULL;
	nv[1] = id[1] ? text[1] : NULL;
	nv[2] = id[2] ? text[2] : NULL;
	nv[3] = v[P_NUMBER];
	nv[4] = v[P_EXT];
	nv[5] = v[P_TYPE];
	nv[6] = v[P_LANG];
	nv[7] = v[P_DESC];
	nv[8] = extra;
	okind = id[2] ? 2 : id[1] ? 1 : 0;
	rc = store_part(m, b, rec, REFER_PHONE, "phone", match, names, nv, 9,
			parents[okind].kind, id[okind], &stored);
	if (!rc && stored) {
		part_stored(m, REFER_PHONE, stored, !match, before, extra);
		mark_owner(m, id);
	}
out:
	free(before);
	free(extra);
	cJSON_Delete(x);
	return rc;
}

static int address_record(void *ctx, cw_batch *b, const cw_record *rec)
{
	static const char *const names[] = {
		"organization_id", "location_id", "kind", "attention", "address_1",
		"city", "region", "state_province", "postal_code", "country", "extra"
	};
	static const int slot[3] = {D_ORG, D_LOC, -1};
	struct job *j = ctx;
	struct imp *m = j->m;
	const char *v[NSLOTS], *src[NSLOTS], *nv[11], *kind, *hsds;
	char text[3][32], *extra = NULL, *before = NULL;
	cJSON *x = NULL;
	int64_t id[3], match = 0, stored;
	int rc = 0;

	if (map(b, rec, addr_spec, NSPEC(addr_spec), v, src, &x))
		return 0;
	if (src[D_KIND] && j->f->v != V_ADDR_TYPED) {
		cw_batch_reject(b, rec, src[D_KIND], "unknown column");
		goto out;
	}
	if (j->f->v == V_ADDR_POSTAL) {
		kind = "postal";
	} else if (j->f->v == V_ADDR_PHYSICAL) {
		kind = "physical";
	} else if (!v[D_KIND]) {
		cw_batch_reject(b, rec, src[D_KIND] ? src[D_KIND] : "address_type",
				"required (physical or postal)");
		goto out;
	} else if ((kind = store_vocab_canon(&store_vocab_address_kind,
					      v[D_KIND])) != NULL) {
		/* physical or postal, in either case */
	} else if (!strcasecmp(v[D_KIND], "virtual")) {
		cw_batch_skip(b, rec, "a virtual address is not imported");
		goto out;
	} else {
		cw_batch_reject(b, rec, src[D_KIND], "not physical, postal or virtual");
		goto out;
	}
	if ((rc = owners(m, b, rec, v, src, slot, id, text)) != 0)
		goto out;
	if (!id[0] && !id[1]) {
		cw_batch_skip(b, rec, "belongs to no location or organization: "
			      "not imported");
		goto out;
	}
	if ((hsds = published_id(x)) != NULL)
		rc = find_by_json_id(m, REFER_ADDR, hsds, &match);
	else
		rc = refer_db_address_find(m->db, id[0], id[1], kind, v[D_ADDR1],
					   v[D_CITY], v[D_POSTAL], &match);
	if (rc || (rc = part_extra(m, REFER_ADDR, match, x, &extra, &before)))
		goto out;
	nv[0] = id[0] ? text[0] : NULL;
	nv[1] = id[1] ? text[1] : NULL;
	nv[2] = kind;
	nv[3] = v[D_ATT];
	nv[4] = v[D_ADDR1];
	nv[5] = v[D_CITY];
	nv[6] = v[D_REGION];
	nv[7] = v[D_STATE];
	nv[8] = v[D_POSTAL];
	nv[9] = v[D_COUNTRY];
	nv[10] = extra;
	rc = store_part(m, b, rec, REFER_ADDR, "address", match, names, nv, 11,
			id[1] ? CW_K_LOCATION : CW_K_ORGANIZATION,
			id[1] ? id[1] : id[0], &stored);
	if (!rc && stored) {
		part_stored(m, REFER_ADDR, stored, !match, before, extra);
		mark_owner(m, id);
	}
out:
	free(before);
	free(extra);
	cJSON_Delete(x);
	return rc;
}

/* ---- eligibility -------------------------------------------------------------- */

/* Whether joined (the rows read so far) agrees with the stored value: the
 * same, or its beginning up to a "; ". Rows that agree change nothing. */
static int agrees(const char *stored, const char *joined)
{
	size_t n;
	if (!joined)
		return 1;
	if (!stored)
		return 0;
	n = strlen(joined);
	return !strncmp(stored, joined, n) &&
	       (!stored[n] || (stored[n] == ';' && stored[n + 1] == ' '));
}

static int elig_record(void *ctx, cw_batch *b, const cw_record *rec)
{
	struct job *j = ctx;
	struct imp *m = j->m;
	const char *v[NSLOTS], *src[NSLOTS];
	char key[32], sv[32];
	cJSON *x = NULL, *entry = NULL, *c;
	struct elig *e;
	int64_t svc;
	int rc = 0, r, set = 0;

	if (map(b, rec, elig_spec, NSPEC(elig_spec), v, src, &x))
		return 0;
	if (!v[E_SVC]) {
		cw_batch_reject(b, rec, src[E_SVC] ? src[E_SVC] : "service_id",
				"required");
		goto out;
	}
	if ((rc = resolve(m, b, rec, 2, src[E_SVC], v[E_SVC], &svc)) != 0)
		goto out;
	snprintf(key, sizeof key, "%lld", (long long)svc);
	cw_id_format(CW_K_SERVICE, svc, sv);
	if (!(e = smap_get(&m->elig, key))) {
		const char *en[] = {"eligibility"};
		e = cw_xcalloc(1, sizeof *e);
		e->service = svc;
		smap_put(&m->elig, key, e);
		if (load_row(m, REFER_SVC, svc, en, 1, &e->before) < 0) {
			rc = CW_EXIT_DB;
			goto out;
		}
	}
	/* The rows of one service, joined in order, are its eligibility. */
	if (v[E_TEXT]) {
		if (e->now) {
			cw_buf t;
			cw_buf_init(&t);
			cw_buf_printf(&t, "%s; %s", e->now, v[E_TEXT]);
			free(e->now);
			e->now = cw_buf_detach(&t, NULL);
		} else {
			e->now = cw_xstrdup(v[E_TEXT]);
		}
		set = !agrees(e->before, e->now);
	}
	for (c = x->child; c; c = c->next)
		if (cJSON_IsString(c)) {
			if (!entry) {
				entry = cJSON_CreateObject();
				cJSON_AddStringToObject(entry, "eligibility",
							v[E_TEXT] ? v[E_TEXT] : "");
			}
			cJSON_AddStringToObject(entry, c->string, c->valuestring);
		}
	r = put_part(m, 2, svc, entry ? "eligibility" : NULL, "eligibility",
		     v[E_TEXT] ? v[E_TEXT] : "", entry, set, e->now);
	if (r < 0) {
		rc = -r;
		goto out;
	}
	if (r) {
		idset_add(&m->dirty_svc, svc);
		store_batch_count_stored(b);
	} else if (!v[E_TEXT]) {
		cw_batch_skip(b, rec, "no eligibility given (%s)", sv);
	} else {
		cw_batch_skip(b, rec, "already stored (eligibility of %s)", sv);
	}
out:
	cJSON_Delete(x);
	return rc;
}

/* After the eligibility rows: a service whose rows now say less than it
 * stored (a criterion dropped) gets what they say. */
static int elig_finish(struct imp *m)
{
	size_t i;
	int r;
	for (i = 0; i < m->elig.slots; i++) {
		struct elig *e = m->elig.val[i];
		if (!m->elig.key[i] || !differ(e->before, e->now))
			continue;
		r = put_part(m, 2, e->service, NULL, NULL, NULL, NULL, 1, e->now);
		if (r < 0)
			return -r;
		if (r)
			idset_add(&m->dirty_svc, e->service);
	}
	return 0;
}

/* ---- taxonomy ------------------------------------------------------------------ */

/* A term record as an object of every column given (the 2.0 "term" is
 * its name). Returns NULL when the record has no id. */
static cJSON *term_object(const char **v, cJSON *x)
{
	static const char *const slot_name[NM_] = {"id", "name", "parent_id",
						    "parent_name"};
	cJSON *o, *c;
	int s;
	if (!v[M_ID])
		return NULL;
	o = cJSON_CreateObject();
	for (s = 0; s < NM_; s++)
		if (v[s])
			cJSON_AddStringToObject(o, slot_name[s], v[s]);
	for (c = x->child; c; c = c->next)
		if (cJSON_IsString(c))
			cJSON_AddStringToObject(o, c->string, c->valuestring);
	return o;
}

/* Table f's copy from its start, for one more pass (each pass reads the
 * copy again): *fp, or NULL when the table is read from its file. 0, or
 * CW_EXIT_IO after a message. */
static int table_copy(const struct file *f, FILE **fp)
{
	int fd = -1;

	*fp = NULL;
	if (!f->copy)
		return 0;
	if ((fd = dup(fileno(f->copy))) < 0 || lseek(fd, 0, SEEK_SET) < 0 ||
	    !(*fp = fdopen(fd, "rb"))) {
		cw_error_at(f->path, 0, NULL, "cannot read: %s", strerror(errno));
		if (fd >= 0)
			close(fd);
		return CW_EXIT_IO;
	}
	return 0;
}

/* A reader on table f from its start. 0, or an exit code after a
 * message. */
static int open_table(cw_reader **r, const struct file *f, const char *encoding)
{
	FILE *fp;
	int rc = table_copy(f, &fp);
	return rc ? rc : cw_reader_open_file(r, fp, f->path, CW_FMT_CSV, encoding);
}

/* Reads the terms of a taxonomy file before the links that use them,
 * without accounting for them: term_record does that after the links.
 * Returns 0, or 1 when the file cannot be read to its end. */
static int preread_terms(struct imp *m, const struct file *f)
{
	cw_reader *r;
	cw_record rec;
	const char *v[NSLOTS], *src[NSLOTS];
	cJSON *x, *o;
	int k, bad = 0;
	static const cw_names names = {table_known, term_spec, NSPEC(term_spec)};

	if (open_table(&r, f, m->encoding) != 0)
		return 1;
	cw_reader_expect(r, &names);
	cw_record_init(&rec);
	while ((k = cw_reader_next(r, &rec)) != CW_READ_END) {
		if (k == CW_READ_FATAL) {
			bad = 1;
			break;
		}
		if (k != CW_READ_RECORD || map(NULL, &rec, term_spec,
					       NSPEC(term_spec), v, src, &x))
			continue;
		if ((o = term_object(v, x)) && !smap_get(&m->terms, v[M_ID])) {
			struct term *t = cw_xcalloc(1, sizeof *t);
			t->obj = o;
			smap_put(&m->terms, v[M_ID], t);
		} else {
			cJSON_Delete(o);
		}
		cJSON_Delete(x);
	}
	cw_record_release(&rec);
	cw_reader_free(r);
	return bad;
}

/* Keeps the terms the taxonomy of a stored record's extra has that
 * m->stored_terms has not yet: each term_id's term (NULL for none, or
 * what is not an object: the term itself as text, parsed). */
static int note_terms(void *ctx, int64_t id, const char *extra)
{
	struct imp *m = ctx;
	cJSON *o = extra ? cJSON_Parse(extra) : NULL, *e;
	const cJSON *tax = cJSON_GetObjectItemCaseSensitive(o, "taxonomy"), *v;
	const char *tid;
	struct term *t;

	(void)id;
	for (e = tax ? tax->child : NULL; e; e = e->next) {
		if (!(tid = str_of(e, "term_id")) || smap_get(&m->stored_terms, tid))
			continue;
		t = cw_xcalloc(1, sizeof *t);
		v = cJSON_GetObjectItemCaseSensitive(e, "term");
		if (cJSON_IsString(v))
			t->obj = cJSON_Parse(v->valuestring);
		else if (v && !cJSON_IsNull(v))
			t->obj = cJSON_Duplicate(v, 1);
		smap_put(&m->stored_terms, tid, t);
	}
	cJSON_Delete(o);
	return 0;
}

/* The term with this id: read in this batch, else as stored with a
 * record (see imp.stored_terms). Returns a new object, or NULL. */
static cJSON *find_term(struct imp *m, const char *id, struct term **t, int *rc)
{
	static const enum refer_table order[] = {REFER_SVC, REFER_ORG, REFER_LOC};
	struct term *st;
	size_t i;

	*rc = 0;
	if ((*t = smap_get(&m->terms, id)))
		return cJSON_Duplicate((*t)->obj, 1);
	for (i = 0; !m->terms_loaded && i < 3 && !*rc; i++)
		*rc = refer_db_extras_each(m->db, order[i], note_terms, m);
	if (*rc)
		return NULL;
	m->terms_loaded = 1;
	st = smap_get(&m->stored_terms, id);
	return st && st->obj ? cJSON_Duplicate(st->obj, 1) : NULL;
}

static int link_record(void *ctx, cw_batch *b, const cw_record *rec)
{
	struct job *j = ctx;
	struct imp *m = j->m;
	size_t nspec;
	const struct colspec *spec = table_columns(j->f, &nspec);
	const char *v[NSLOTS], *src[NSLOTS], *ref, *refsrc;
	char idbuf[32];
	cJSON *x = NULL, *term = NULL, *entry, *attr = NULL, *c;
	struct term *t = NULL;
	int64_t id;
	int rc = 0, r, p;

	if (map(b, rec, spec, nspec, v, src, &x))
		return 0;
	if (j->f->v == V_LINK_SERVICE) {
		p = 2;
		ref = v[K_SVC];
		refsrc = src[K_SVC] ? src[K_SVC] : "service_id";
	} else {
		ref = v[K_LINK];
		refsrc = src[K_LINK] ? src[K_LINK] : "link_id";
		if (!v[K_ENTITY]) {
			cw_batch_reject(b, rec, src[K_ENTITY] ? src[K_ENTITY]
					: "link_entity", "required");
			goto out;
		}
		if (!strcasecmp(v[K_ENTITY], "service")) {
			p = 2;
		} else if (!strcasecmp(v[K_ENTITY], "organization")) {
			p = 0;
		} else if (!strcasecmp(v[K_ENTITY], "location")) {
			p = 1;
		} else {
			cw_batch_skip(b, rec, "a taxonomy term of another kind of "
				      "record than a service, organization or "
				      "location is not imported");
			goto out;
		}
	}
	if (!ref) {
		cw_batch_reject(b, rec, refsrc, "required");
		goto out;
	}
	if (!v[K_TERM]) {
		cw_batch_reject(b, rec, src[K_TERM] ? src[K_TERM] : "taxonomy_term_id",
				"required");
		goto out;
	}
	if ((rc = resolve(m, b, rec, p, refsrc, ref, &id)) != 0)
		goto out;
	term = find_term(m, v[K_TERM], &t, &rc);
	if (rc)
		goto out;
	if (!term) {
		cw_batch_reject(b, rec, src[K_TERM], "no such taxonomy term in the "
				"import or the database");
		goto out;
	}
	entry = cJSON_CreateObject();
	cJSON_AddStringToObject(entry, "term_id", v[K_TERM]);
	cJSON_AddItemToObject(entry, "term", term);
	for (c = x->child; c; c = c->next)
		if (cJSON_IsString(c)) {
			if (!attr)
				attr = cJSON_AddObjectToObject(entry, "attribute");
			cJSON_AddStringToObject(attr, c->string, c->valuestring);
		}
	r = put_part(m, p, id, "taxonomy", "term_id", v[K_TERM], entry, 0, NULL);
	if (r < 0) {
		rc = -r;
		goto out;
	}
	if (t) {
		t->used = 1;
		t->changed |= r;
	}
	cw_id_format(parents[p].kind, id, idbuf);
	if (r) {
		if (p == 2)
			idset_add(&m->dirty_svc, id);
		store_batch_count_stored(b);
	} else {
		cw_batch_skip(b, rec, "already stored (taxonomy term of %s)", idbuf);
	}
out:
	cJSON_Delete(x);
	return rc;
}

/* A term is accounted for after the links: stored when a link stored it
 * with a record anew, else skipped. */
static int term_record(void *ctx, cw_batch *b, const cw_record *rec)
{
	struct job *j = ctx;
	const char *v[NSLOTS], *src[NSLOTS];
	struct term *t;
	cJSON *x;

	if (map(b, rec, term_spec, NSPEC(term_spec), v, src, &x))
		return 0;
	cJSON_Delete(x);
	if (!v[M_ID]) {
		cw_batch_reject(b, rec, src[M_ID] ? src[M_ID] : "id", "required");
		return 0;
	}
	if (!v[M_NAME]) {
		cw_batch_reject(b, rec, src[M_NAME] ? src[M_NAME] : "name", "required");
		return 0;
	}
	t = smap_get(&j->m->terms, v[M_ID]);
	if (t && t->changed)
		store_batch_count_stored(b);
	else if (t && t->used)
		cw_batch_skip(b, rec, "already stored with the records it describes");
	else
		cw_batch_skip(b, rec, "a taxonomy term that no service, organization "
			      "or location imported uses");
	if (t)
		t->changed = 0;   /* a second row with the same id: skipped */
	return 0;
}

/* ---- the files named -------------------------------------------------------------- */

struct files {
	struct file *f;
	size_t n, cap;
};

static void add_file(struct files *fs, const char *path, enum table t,
		     enum variant v)
{
	if (fs->n == fs->cap) {
		fs->cap = fs->cap ? fs->cap * 2 : 16;
		fs->f = cw_xrealloc(fs->f, fs->cap * sizeof *fs->f);
	}
	fs->f[fs->n].path = cw_xstrdup(path);
	fs->f[fs->n].copy = NULL;
	fs->f[fs->n].t = t;
	fs->f[fs->n].v = v;
	fs->f[fs->n].order = fs->n;
	fs->n++;
}

static int has_csv_suffix(const char *name)
{
	size_t n = strlen(name);
	return n > 4 && !strcasecmp(name + n - 4, ".csv");
}

/* Classifies one file by its name: appends it to fs, or to skipped when it
 * is an HSDS table casework does not import. An unknown name is a usage
 * error. */
static int classify(const char *path, struct files *fs, struct files *skipped)
{
	const char *base = strrchr(path, '/');
	char name[256];
	size_t i, n;

	base = base ? base + 1 : path;
	n = strlen(base);
	if (has_csv_suffix(base))
		n -= 4;
	if (n >= sizeof name)
		n = sizeof name - 1;
	memcpy(name, base, n);
	name[n] = '\0';
	for (i = 0; i < NSPEC(tablenames); i++)
		if (!strcmp(name, tablenames[i].name)) {
			add_file(fs, path, tablenames[i].t, tablenames[i].v);
			return 0;
		}
	for (i = 0; i < NSPEC(not_imported); i++)
		if (!strcmp(name, not_imported[i])) {
			add_file(skipped, path, NT, V_PLAIN);
			return 0;
		}
	return cw_usage_error("'%s' is not an HSDS table: a file's name says its "
			      "table (organizations.csv, services.csv, ...)", path);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A folder: its CSV files, in name order. */
static int scan_folder(const char *dir, struct files *fs, struct files *skipped)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0, i, len = strlen(dir);
	int rc = 0;

	if (!d) {
		cw_error_at(dir, 0, NULL, "cannot open: %s", strerror(errno));
		return CW_EXIT_IO;
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' || !has_csv_suffix(e->d_name))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			names = cw_xrealloc(names, cap * sizeof *names);
		}
		names[n] = cw_xmalloc(len + strlen(e->d_name) + 2);
		sprintf(names[n], "%s%s%s", dir, len && dir[len - 1] == '/' ? "" : "/",
			e->d_name);
		n++;
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof *names, by_name);
	if (!n)
		rc = cw_usage_error("'%s' has no CSV files: give the folder of an "
				    "HSDS directory", dir);
	for (i = 0; i < n; i++) {
		if (!rc)
			rc = classify(names[i], fs, skipped);
		free(names[i]);
	}
	free(names);
	return rc;
}

static int by_table(const void *pa, const void *pb)
{
	const struct file *a = pa, *b = pb;
	if (a->t != b->t)
		return a->t < b->t ? -1 : 1;
	return a->order < b->order ? -1 : a->order > b->order;
}

static int collect(char **paths, size_t npaths, struct files *fs,
		   struct files *skipped)
{
	struct stat sb;
	size_t i;
	int rc = 0;

	for (i = 0; i < npaths && !rc; i++) {
		if (!strcmp(paths[i], "-"))
			return cw_usage_error("'-': name the folder of an HSDS "
					      "directory or its CSV files (a "
					      "file's name says its table)");
		if (stat(paths[i], &sb) != 0) {
			cw_error_at(paths[i], 0, NULL, "cannot open: %s", strerror(errno));
			return CW_EXIT_IO;
		}
		rc = S_ISDIR(sb.st_mode) ? scan_folder(paths[i], fs, skipped)
					 : classify(paths[i], fs, skipped);
	}
	if (!rc && fs->n)
		qsort(fs->f, fs->n, sizeof *fs->f, by_table);
	return rc;
}

/* ---- the batch ---------------------------------------------------------------------- */

static int add_service(void *ctx, int64_t svc)
{
	idset_add(ctx, svc);
	return 0;
}

struct printing {
	struct imp *m;
	cw_batch *b;
};

/* Prints a service's record after the batch. A dry run shows no new ids,
 * nor the times it would set. */
static int print_service(void *ctx, const char *const *row)
{
	struct printing *p = ctx;
	const struct imp *m = p->m;
	const char *v[NRS];
	size_t k;

	for (k = 0; k < NRS; k++)
		v[k] = row[k];
	if (m->dry_run) {
		if (strtoll(v[RS_ID] + 3, NULL, 10) > m->max_svc)
			v[RS_ID] = NULL;
		if (v[RS_ORG_ID] && strtoll(v[RS_ORG_ID] + 3, NULL, 10) > m->max_org)
			v[RS_ORG_ID] = NULL;
		for (k = RS_CREATED; k <= RS_UPDATED; k++)
			if (v[k] && !strcmp(v[k], m->now))
				v[k] = NULL;
	}
	store_batch_print(p->b, v);
	return 0;
}

/* The services whose printed record this batch changed, printed once each
 * in id order. */
static int print_services(struct imp *m, cw_batch *b)
{
	struct printing p = {m, b};
	struct idset *s = &m->dirty_svc;
	size_t i, n;
	int k, rc;

	for (k = 0; k < 2; k++) {
		struct idset *from = k ? &m->dirty_loc : &m->dirty_org;
		for (i = 0; i < from->n; i++)
			if ((rc = refer_db_services_of(m->db, k ? REFER_LOC : REFER_ORG,
						       from->id[i], add_service, s)))
				return rc;
	}
	if (!s->n)
		return 0;
	qsort(s->id, s->n, sizeof *s->id, core_cmp_i64);
	for (i = n = 1; i < s->n; i++)
		if (s->id[i] != s->id[n - 1])
			s->id[n++] = s->id[i];
	return refer_db_services_each(m->db, s->id, n, print_service, &p);
}

static int import_finish(void *ctx, cw_batch *b)
{
	struct imp *m = ctx;
	int i;
	(void)b;
	for (i = 0; i < 3; i++)
		if (cw_audit_ids_write(m->db, m->created[i], "insert"))
			return CW_EXIT_DB;
	return 0;
}

/* A dry run works on a private copy of the directory in memory, so that
 * it checks and prints exactly what a real run would store, and writes
 * nothing to the database (which it only reads, when it exists). */
static int open_dry(struct imp *m, const cw_ctx *x, const cw_batch_opts *o)
{
	static const char *const tables[] = {
		"organizations", "locations", "services", "service_locations",
		"addresses", "phones", NULL
	};
	cw_db *real = NULL;
	int rc = 0;

	if (cw_db_exists(x->db_path) &&
	    (rc = cw_db_open(&real, x->db_path, CW_DB_READ, x->cfg)) != 0)
		return rc;
	rc = store_open_scratch(&m->own, x->db_path, real, tables);
	cw_db_free(real);
	if (rc)
		return rc;
	m->db = m->own;
	if ((rc = refer_db_max_id(m->db, REFER_ORG, &m->max_org)) != 0 ||
	    (rc = refer_db_max_id(m->db, REFER_SVC, &m->max_svc)) != 0)
		return rc;
	return cw_db_begin(m->db, o->actor, o->verb, &m->batch_id);
}

/* Reads the files of the tables from..to (inclusive) through fn. */
static int read_tables(struct imp *m, cw_batch *b, const struct files *fs,
		       enum table from, enum table to, cw_batch_fn fn)
{
	struct job j;
	cw_names names = {table_known, NULL, 0};
	size_t i;
	int rc = 0;

	j.m = m;
	for (i = 0; i < fs->n && !rc; i++)
		if (fs->f[i].t >= from && fs->f[i].t <= to) {
			j.f = &fs->f[i];
			names.set = table_columns(j.f, &names.n);
			FILE *fp;
			if ((rc = table_copy(&fs->f[i], &fp)) != 0)
				break;
			rc = store_batch_read_file(b, fp, fs->f[i].path, &names,
						   fn, &j);
		}
	return rc;
}

static int table_record(void *ctx, cw_batch *b, const cw_record *rec)
{
	struct job *j = ctx;
	switch (j->f->t) {
	case T_ORG: case T_LOC: case T_SVC: return parent_record(ctx, b, rec);
	case T_SAL: return sal_record(ctx, b, rec);
	case T_PHONE: return phone_record(ctx, b, rec);
	case T_ADDR: return address_record(ctx, b, rec);
	case T_ELIG: return elig_record(ctx, b, rec);
	case T_LINK: return link_record(ctx, b, rec);
	default: return term_record(ctx, b, rec);
	}
}

/* Reads the eligibility files before the services, to know which services
 * their rows give a criterion (m->elig_refs), without accounting for the
 * rows: elig_record does that. A row that cannot be read is left for
 * elig_record to reject. Returns 0, or the exit code of a file that
 * cannot be opened (the message printed). */
static int preread_elig(struct imp *m, const struct files *fs)
{
	const char *v[NSLOTS], *src[NSLOTS], *key;
	char canon_id[32];
	cw_reader *r;
	cw_record rec;
	enum cw_kind kind;
	int64_t num;
	size_t i;
	cJSON *x;
	int k, rc;

	for (i = 0; i < fs->n; i++) {
		if (fs->f[i].t != T_ELIG)
			continue;
		if ((rc = open_table(&r, &fs->f[i], m->encoding)))
			return rc;
		cw_record_init(&rec);
		while ((k = cw_reader_next(r, &rec)) != CW_READ_END &&
		       k != CW_READ_FATAL) {
			if (k != CW_READ_RECORD || map(NULL, &rec, elig_spec,
						       NSPEC(elig_spec), v, src, &x))
				continue;
			cJSON_Delete(x);
			if (!v[E_SVC] || !v[E_TEXT])
				continue;
			/* As written (an HSDS id), and as SV-n in capitals. */
			key = v[E_SVC];
			if (!smap_get(&m->elig_refs, key))
				smap_put(&m->elig_refs, key, m);
			if (!cw_id_parse(key, &kind, &num) && kind == CW_K_SERVICE) {
				cw_id_format(kind, num, canon_id);
				if (!smap_get(&m->elig_refs, canon_id))
					smap_put(&m->elig_refs, canon_id, m);
			}
		}
		cw_record_release(&rec);
		cw_reader_free(r);
	}
	return 0;
}

static int run(struct imp *m, cw_batch *b, const struct files *fs)
{
	size_t i;
	int rc, bad = 0;

	if ((rc = read_tables(m, b, fs, T_ORG, T_LOC, table_record)) != 0)
		return rc;
	for (i = 0; i < fs->n; i++)
		if (fs->f[i].t == T_SVC) {
			if ((rc = preread_elig(m, fs)) != 0)
				return rc;
			break;
		}
	if ((rc = read_tables(m, b, fs, T_SVC, T_ELIG, table_record)) != 0 ||
	    (rc = elig_finish(m)) != 0)
		return rc;
	/* Terms first, to know them; then the links, which store them with
	 * the records they describe; then the terms again, to account for
	 * each as what the links made of it. */
	for (i = 0; i < fs->n && !bad; i++)
		if (fs->f[i].t == T_TERM)
			bad = preread_terms(m, &fs->f[i]);
	if (!bad && (rc = read_tables(m, b, fs, T_LINK, T_LINK, table_record)) != 0)
		return rc;
	if ((rc = read_tables(m, b, fs, T_TERM, T_TERM, table_record)) != 0)
		return rc;
	return print_services(m, b);
}

static void release_files(struct files *fs)
{
	size_t i;
	for (i = 0; i < fs->n; i++) {
		free(fs->f[i].path);
		if (fs->f[i].copy)
			fclose(fs->f[i].copy);
	}
	free(fs->f);
}

int refer_import_check(const char *category, char **paths, size_t npaths)
{
	struct files fs = {0}, skipped = {0};
	cw_batch_opts opts = {0};
	const char *canon;
	char **names = NULL;
	size_t i, n;
	int rc;

	opts.in_fmt = CW_FMT_CSV;
	if ((rc = refer_category_option(category, &canon)) != 0 ||
	    (rc = collect(paths, npaths, &fs, &skipped)) != 0)
		goto out;
	names = cw_xcalloc(fs.n + 1, sizeof *names);
	for (i = 0; i < fs.n; i++)
		names[i] = fs.f[i].path;
	if ((rc = cw_batch_check_inputs(&opts, names, fs.n)) != 0)
		goto out;
	for (i = 0; i < skipped.n; i++) {
		const char *base = strrchr(skipped.f[i].path, '/');
		base = base ? base + 1 : skipped.f[i].path;
		n = strlen(base) - (has_csv_suffix(base) ? 4 : 0);
		cw_error_at(skipped.f[i].path, 0, NULL, "skipped: %.*s is not "
			    "imported", (int)n, base);
	}
out:
	release_files(&fs);
	release_files(&skipped);
	free(names);
	return rc;
}

static void free_term(void *p)
{
	struct term *t = p;
	cJSON_Delete(t->obj);
	free(t);
}

static void free_elig(void *p)
{
	struct elig *e = p;
	free(e->before);
	free(e->now);
	free(e);
}

int refer_import(const cw_ctx *x, const cw_batch_opts *o,
		 const char *category, char **paths, size_t npaths)
{
	struct files fs = {0}, skipped = {0};
	struct imp m;
	cw_batch_opts opts = *o;
	cw_batch *b = NULL;
	size_t i;
	int rc, fatal;

	memset(&m, 0, sizeof m);
	m.db = x->db;
	m.dry_run = o->dry_run;
	m.encoding = o->encoding;
	cw_utc_now(m.now);
	cw_buf_init(&m.json);
	/* HSDS tables are CSV files, named for their table. */
	opts.in_fmt = CW_FMT_CSV;
	/* What refer_import_check found fit, found again. */
	if ((rc = refer_category_option(category, &m.category)) != 0 ||
	    (rc = collect(paths, npaths, &fs, &skipped)) != 0)
		goto out;
	/* A table read from a pipe is read whole before the batch takes the
	 * write lock, and kept for the passes that read it again. */
	for (i = 0; i < fs.n && !rc; i++)
		rc = store_copy_input(fs.f[i].path, &fs.f[i].copy);
	if (rc)
		goto out;
	for (i = 0; i < 3; i++)
		m.created[i] = cw_audit_ids_new(parents[i].kind);
	if (o->dry_run && (rc = open_dry(&m, x, o)) != 0)
		goto out;
	if ((rc = store_batch_start(&b, &opts, x->out, o->dry_run ? NULL : m.db,
				    refer_service_cols, NRS)) != 0)
		goto out;
	if (!o->dry_run)
		m.batch_id = cw_batch_id(b);
	fatal = run(&m, b, &fs);
	rc = store_batch_end(b, import_finish, &m, fatal);
	if (o->dry_run)
		cw_db_rollback(m.db);
out:
	cw_db_free(m.own);
	smap_release(&m.terms, free_term);
	smap_release(&m.stored_terms, free_term);
	smap_release(&m.elig, free_elig);
	smap_release(&m.elig_refs, NULL);
	smap_release(&m.phone_ids.ids, free);
	smap_release(&m.address_ids.ids, free);
	for (i = 0; i < 3; i++)
		cw_audit_ids_free(m.created[i]);
	free(m.dirty_svc.id);
	free(m.dirty_org.id);
	free(m.dirty_loc.id);
	release_files(&fs);
	release_files(&skipped);
	cw_buf_release(&m.json);
	return rc;
}
