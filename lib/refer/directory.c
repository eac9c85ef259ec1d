/* refer/directory.c - categories, searching the resource directory and
 * matching services to a case's needs (sw-refer services, match). */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <cJSON.h>
#include "refer/refer.h"
#include "store/store.h"

/* ---- categories ----------------------------------------------------------- */

const char *refer_category_canon(const char *s)
{
	return store_vocab_canon(&store_vocab_service_category, s);
}

const char *refer_category_list(char *out, size_t size)
{
	return store_vocab_list(&store_vocab_service_category, ", ", out, size);
}

/* The keyword table, in order of precedence: the first category with a
 * keyword in the text wins, so the specific comes before the general
 * ("child welfare" before "welfare", "legal clinic" is legal aid, "mental
 * health" before "health"). sw-refer(1) documents it. */
static const struct keyword {
	const char *category;
	const char *const words[16];
} keywords[] = {
	{"child_protection", {"child protection", "child abuse", "child welfare",
	  "foster care", "儿童保护", "未成年人保护", "儿童福利", NULL}},
	{"legal_aid", {"legal", "lawyer", "attorney", "law", "court",
	  "bankruptcy", "法律援助", "法律", "律师", "维权", NULL}},
	{"mental_health", {"mental health", "counseling", "counselling",
	  "psychiatr", "psycholog", "心理", "精神卫生", "精神健康", NULL}},
	{"medical", {"medical", "health", "clinic", "hospital", "doctor",
	  "dental", "医疗", "医院", "卫生", "诊所", NULL}},
	{"disability_rehabilitation", {"disabilit", "disabled", "rehabilitation",
	  "残疾", "残障", "康复", NULL}},
	{"elder_care", {"elder", "senior", "aging", "ageing", "older adult",
	  "养老", "老年", "长者", "敬老", NULL}},
	{"housing", {"housing", "shelter", "homeless", "住房", "住所", "庇护",
	  "廉租", "公租房", NULL}},
	{"employment", {"employment", "job", "career", "vocational", "就业",
	  "职业", NULL}},
	{"education", {"education", "school", "tutoring", "literacy", "教育",
	  "学校", "助学", NULL}},
	{"social_assistance", {"social assistance", "public benefit", "benefit",
	  "welfare", "cash assistance", "financial assistance", "food", "meal",
	  "minimum living", "低保", "社会救助", "救助", NULL}},
};

static int is_alnum(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z');
}

/* Whether text holds word: Chinese anywhere; ASCII in either case at the
 * start of a word (so "rent" is not found in "parent"). */
static int has_word(const char *text, const char *word)
{
	size_t n = strlen(word);
	const char *p;

	if ((unsigned char)word[0] >= 0x80)
		return strstr(text, word) != NULL;
	for (p = text; *p; p++)
		if ((p == text || !is_alnum((unsigned char)p[-1])) &&
		    !strncasecmp(p, word, n))
			return 1;
	return 0;
}

const char *refer_category_guess(const char *text)
{
	const char *c;
	size_t i, j;

	if (!text || !*text)
		return NULL;
	if ((c = refer_category_canon(text)) != NULL)
		return c;
	for (i = 0; i < sizeof keywords / sizeof keywords[0]; i++)
		for (j = 0; keywords[i].words[j]; j++)
			if (has_word(text, keywords[i].words[j]))
				return keywords[i].category;
	return NULL;
}

/* ---- the service record ----------------------------------------------------- */

const cw_col refer_service_cols[NRS] = {
	{"service_id", 0}, {"hsds_id", 0}, {"organization_id", 0},
	{"organization", 0}, {"name", 0}, {"category", 0}, {"eligibility", 0},
	{"phone", 0}, {"address", 0}, {"created_at", 0}, {"updated_at", 0},
};

/* The first phone of service s: its own, else its locations', else its
 * organisation's own, with its extension; faxes left out. Three lookups
 * on one column each, not one with OR, so that SQLite can index them. */
#define PHONE_TEXT "p.number || coalesce(' ext. ' || p.extension, '')"
#define NOT_FAX "coalesce(p.type, '') <> 'fax'"
#define FIRST_PHONE \
	"coalesce((SELECT " PHONE_TEXT " FROM phones p WHERE p.service_id = s.id" \
	"  AND " NOT_FAX " ORDER BY p.id LIMIT 1)," \
	" (SELECT " PHONE_TEXT " FROM service_locations l JOIN phones p" \
	"  ON p.location_id = l.location_id WHERE l.service_id = s.id" \
	"  AND " NOT_FAX " ORDER BY l.location_id, p.id LIMIT 1)," \
	" (SELECT " PHONE_TEXT " FROM phones p" \
	"  WHERE p.organization_id = s.organization_id AND p.service_id IS NULL" \
	"  AND p.location_id IS NULL AND " NOT_FAX " ORDER BY p.id LIMIT 1))"
/* The addresses of service s: its locations' (FROM_LOC_ADDRESSES), its
 * organisation's own (FROM_ORG_ADDRESSES). */
#define FROM_LOC_ADDRESSES " FROM service_locations l JOIN addresses a" \
	" ON a.location_id = l.location_id WHERE l.service_id = s.id"
#define FROM_ORG_ADDRESSES " FROM addresses a WHERE a.organization_id =" \
	" s.organization_id AND a.location_id IS NULL"
/* An address on one line: its parts that are given, joined by ", ". */
#define ADDRESS_LINE \
	"nullif(substr(coalesce(', ' || a.address_1, '')" \
	"  || coalesce(', ' || a.city, '') || coalesce(', ' || a.region, '')" \
	"  || coalesce(', ' || a.state_province, '')" \
	"  || coalesce(', ' || a.postal_code, '')" \
	"  || coalesce(', ' || a.country, ''), 3), '')"
/* The first address of service s: its locations' (physical before
 * postal), else its organisation's. */
#define FIRST_ADDRESS \
	"coalesce((SELECT " ADDRESS_LINE FROM_LOC_ADDRESSES \
	"  ORDER BY a.kind <> 'physical', l.location_id, a.id LIMIT 1)," \
	" (SELECT " ADDRESS_LINE FROM_ORG_ADDRESSES \
	"  ORDER BY a.kind <> 'physical', a.id LIMIT 1))"

const char refer_service_select[] =
	"SELECT 'SV-' || s.id, s.hsds_id, 'OR-' || s.organization_id, o.name,"
	" s.name, s.category, s.eligibility, " FIRST_PHONE ", " FIRST_ADDRESS ","
	" s.created_at, s.updated_at"
	" FROM services s LEFT JOIN organizations o ON o.id = s.organization_id";

/* ---- sw-refer services -------------------------------------------------------- */

/* Whether address a is in the area ?3. */
#define AREA \
	" (instr(lower(coalesce(a.city, '')), lower(?3))" \
	"  OR instr(lower(coalesce(a.region, '')), lower(?3))" \
	"  OR instr(lower(coalesce(a.state_province, '')), lower(?3))" \
	"  OR instr(lower(coalesce(a.postal_code, '')), lower(?3))" \
	"  OR instr(lower(coalesce(a.address_1, '')), lower(?3))))"

int refer_services(const char *db_path, const cw_config *cfg,
		      const cw_service_query *q, enum cw_format fmt)
{
	const char *category = NULL;
	char list[REFER_CATEGORY_LIST];
	cw_db *db;
	store_stmt *st;
	cw_buf sql;
	int rc;

	if (q->category && !(category = refer_category_canon(q->category)))
		return cw_usage_error("option '--category': not one of %s",
				      refer_category_list(list, sizeof list));
	if (q->keyword && !*q->keyword)
		return cw_usage_error("option '--keyword': give a word");
	if (q->area && !*q->area)
		return cw_usage_error("option '--area': give a place");
	if ((rc = cw_db_open(&db, db_path, CW_DB_READ, cfg)) != 0)
		return rc;
	cw_buf_init(&sql);
	cw_buf_addstr(&sql, refer_service_select);
	/* instr, not LIKE: a keyword's % and _ are letters like any other. */
	cw_buf_addstr(&sql, " WHERE (?1 IS NULL OR s.category = ?1)"
		" AND (?2 IS NULL OR instr(lower(s.name), lower(?2))"
		"  OR instr(lower(coalesce(s.alternate_name, '')), lower(?2))"
		"  OR instr(lower(coalesce(s.description, '')), lower(?2))"
		"  OR instr(lower(coalesce(s.eligibility, '')), lower(?2))"
		"  OR instr(lower(coalesce(o.name, '')), lower(?2)))"
		" AND (?3 IS NULL OR EXISTS (SELECT 1" FROM_LOC_ADDRESSES " AND" AREA
		"  OR EXISTS (SELECT 1" FROM_ORG_ADDRESSES " AND" AREA ")"
		" ORDER BY s.id");
	st = store_prepare(db, sql.s);
	cw_buf_release(&sql);
	if (!st) {
		cw_db_free(db);
		return CW_EXIT_DB;
	}
	store_bind_text(st, 1, category);
	store_bind_text(st, 2, q->keyword);
	store_bind_text(st, 3, q->area);
	rc = store_print(db, stdout, st, refer_service_cols, NRS, fmt);
	store_finalize(st);
	cw_db_free(db);
	return rc;
}

/* ---- sw-refer match ------------------------------------------------------------ */

/* Needs-matrix domains (rated 1 in crisis or 2 vulnerable) and the
 * categories of services that answer them. sw-refer(1) documents it. */
static const struct domain {
	const char *id;
	const char *cat[2];
} needs_domains[] = {
	{"psychological", {"mental_health", NULL}},
	/* Family counselling is filed under counselling; family and
	 * community centres have no category of their own. */
	{"family_social", {"mental_health", "other"}},
	{"income", {"social_assistance", NULL}},
	{"housing", {"housing", NULL}},
	{"physical_health", {"medical", NULL}},
	/* Protection orders and the protection of children in the home. */
	{"safety", {"legal_aid", "child_protection"}},
	{"legal", {"legal_aid", NULL}},
	{"education_employment", {"education", "employment"}},
	{"daily_living", {"elder_care", "disability_rehabilitation"}},
};

/* Safety-screen items answered yes (1) or yes and imminent (2). */
static const struct domain safety_items[] = {
	{"self_harm", {"mental_health", NULL}},
	{"harm_to_others", {"mental_health", NULL}},
	{"domestic_violence", {"legal_aid", "child_protection"}},
	{"child_at_risk", {"child_protection", "legal_aid"}},
	{"elder_at_risk", {"elder_care", "legal_aid"}},
};

/* Scales whose result at medium risk or above is a mental-health need. */
static const char *const mh_scales[] = {"gad7", "k10", "k6", "phq9", "who5"};

struct need {
	char *need;             /* the domain, item or instrument, owned */
	char *rating;           /* the rating or band, owned */
	int urgency;            /* an enum cw_risk: higher first */
	int seq;                /* order found, to break ties */
	const char *cat[2];
};

enum { M_CASE, M_NEED, M_RATING, M_CATEGORY, M_SERVICE_ID, M_SERVICE, M_ORG,
       M_PHONE, NM };
static const cw_col match_cols[NM] = {
	{"case_id", 0}, {"need", 0}, {"rating_or_band", 0}, {"category", 0},
	{"service_id", 0}, {"service", 0}, {"organization", 0}, {"phone", 0},
};

struct suggestion {
	const struct need *n;
	int cat;                /* index into n->cat */
	int64_t service;
	char *v[NM];            /* the output columns, owned */
};



struct needs {
	struct need *e;
	size_t n, cap;
};

static void add_need(struct needs *x, const char *need, const char *rating,
		     int urgency, const char *const cat[2])
{
	struct need *e;
	if (x->n == x->cap) {
		x->cap = x->cap ? x->cap * 2 : 16;
		x->e = cw_xrealloc(x->e, x->cap * sizeof *x->e);
	}
	e = &x->e[x->n];
	e->need = cw_xstrdup(need);
	e->rating = cw_xstrdup(rating);
	e->urgency = urgency;
	e->seq = (int)x->n;
	e->cat[0] = cat[0];
	e->cat[1] = cat[1];
	x->n++;
}

/* The rating an answers object gives item, or -1. */
static long answer_of(const cJSON *answers, const char *item)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(answers, item);
	return cJSON_IsNumber(v) ? (long)v->valuedouble : -1;
}

/* The needs one assessment shows. */
static void needs_of(struct needs *x, const char *instrument, const char *band,
		     const char *risk, const char *answers_json)
{
	cJSON *answers;
	enum cw_risk r;
	size_t i;
	long v;
	char rating[8];

	if (!strcmp(instrument, "needs") || !strcmp(instrument, "safety")) {
		int needs = instrument[0] == 'n';
		const struct domain *d = needs ? needs_domains : safety_items;
		size_t nd = needs ? sizeof needs_domains / sizeof needs_domains[0]
				  : sizeof safety_items / sizeof safety_items[0];
		answers = answers_json ? cJSON_Parse(answers_json) : NULL;
		for (i = 0; answers && i < nd; i++) {
			v = answer_of(answers, d[i].id);
			if (needs && (v == 1 || v == 2)) {
				snprintf(rating, sizeof rating, "%ld", v);
				add_need(x, d[i].id, rating, v == 1 ? CW_RISK_HIGH
					 : CW_RISK_MEDIUM, d[i].cat);
			} else if (!needs && (v == 1 || v == 2)) {
				add_need(x, d[i].id, v == 1 ? "yes" : "imminent",
					 v == 1 ? CW_RISK_HIGH : CW_RISK_CRITICAL,
					 d[i].cat);
			}
		}
		cJSON_Delete(answers);
		return;
	}
	for (i = 0; i < sizeof mh_scales / sizeof mh_scales[0]; i++)
		if (!strcmp(instrument, mh_scales[i]))
			break;
	if (i == sizeof mh_scales / sizeof mh_scales[0] ||
	    cw_risk_parse(risk, &r) || r < CW_RISK_MEDIUM)
		return;
	{
		static const char *const mh[2] = {"mental_health", NULL};
		add_need(x, instrument, band ? band : risk, (int)r, mh);
	}
}

static int by_urgency(const void *pa, const void *pb)
{
	const struct suggestion *a = pa, *b = pb;
	if (a->n->urgency != b->n->urgency)
		return a->n->urgency > b->n->urgency ? -1 : 1;
	if (a->service != b->service)
		return a->service < b->service ? -1 : 1;
	if (a->n->seq != b->n->seq)
		return a->n->seq < b->n->seq ? -1 : 1;
	return a->cat - b->cat;
}

/* Reads the case's latest assessment of each instrument into x. */
static int read_needs(cw_db *db, int64_t case_id, struct needs *x)
{
	store_stmt *st = store_prepare(db,
		"SELECT a.instrument, a.band, a.risk, a.answers FROM assessments a"
		" WHERE a.case_id = ?1 AND a.id = (SELECT b.id FROM assessments b"
		"  WHERE b.case_id = ?1 AND b.instrument = a.instrument"
		"  ORDER BY b.date DESC, b.id DESC LIMIT 1)"
		" ORDER BY a.instrument");
	int r;

	if (!st)
		return CW_EXIT_DB;
	store_bind_int(st, 1, case_id);
	while ((r = store_step(st)) == STORE_ROW)
		needs_of(x, store_col_text(st, 0),
			 store_col_text(st, 1),
			 store_col_text(st, 2),
			 store_col_text(st, 3));
	store_finalize(st);
	return r == STORE_DONE ? 0 : store_fail(db, "read assessments");
}

/* Adds the services of each need's categories to *out. */
static int find_services(cw_db *db, const char *case_id, const struct needs *x,
			 struct suggestion **out, size_t *nout)
{
	store_stmt *st = store_prepare(db,
		"SELECT s.id, 'SV-' || s.id, s.name, o.name, " FIRST_PHONE
		" FROM services s LEFT JOIN organizations o"
		" ON o.id = s.organization_id WHERE s.category = ?"
		" AND lower(coalesce(s.status, '')) NOT IN ('inactive', 'defunct')"
		" ORDER BY s.id");
	size_t i, cap = 0;
	int c, r = STORE_DONE, k;

	if (!st)
		return CW_EXIT_DB;
	for (i = 0; i < x->n && r == STORE_DONE; i++)
		for (c = 0; c < 2 && x->e[i].cat[c] && r == STORE_DONE; c++) {
			store_reset(st);
			store_bind_text(st, 1, x->e[i].cat[c]);
			while ((r = store_step(st)) == STORE_ROW) {
				struct suggestion *g;
				const char *v[NM];
				if (*nout == cap) {
					cap = cap ? cap * 2 : 32;
					*out = cw_xrealloc(*out, cap * sizeof **out);
				}
				g = &(*out)[(*nout)++];
				g->n = &x->e[i];
				g->cat = c;
				g->service = store_col_int(st, 0);
				v[M_CASE] = case_id;
				v[M_NEED] = x->e[i].need;
				v[M_RATING] = x->e[i].rating;
				v[M_CATEGORY] = x->e[i].cat[c];
				v[M_SERVICE_ID] = store_col_text(st, 1);
				v[M_SERVICE] = store_col_text(st, 2);
				v[M_ORG] = store_col_text(st, 3);
				v[M_PHONE] = store_col_text(st, 4);
				for (k = 0; k < NM; k++)
					g->v[k] = v[k] ? cw_xstrdup(v[k]) : NULL;
			}
		}
	store_finalize(st);
	return r == STORE_DONE ? 0 : store_fail(db, "read services");
}

int refer_match(const char *db_path, const cw_config *cfg,
		   const char *case_id, enum cw_format fmt)
{
	cw_db *db = NULL;
	struct needs x = {0};
	struct suggestion *g = NULL;
	size_t ng = 0, i;
	enum cw_kind kind;
	int64_t num;
	char id[32];
	int rc, k;

	if (cw_id_parse(case_id, &kind, &num) || kind != CW_K_CASE) {
		cw_error("'%s' is not a case id (CA-n)", case_id);
		return CW_EXIT_DATA;
	}
	cw_id_format(CW_K_CASE, num, id);
	if ((rc = cw_db_open(&db, db_path, CW_DB_READ, cfg)) != 0)
		return rc;
	if ((rc = store_case_stored(db, num)) != 0)
		goto out;
	if ((rc = read_needs(db, num, &x)) != 0 ||
	    (rc = find_services(db, id, &x, &g, &ng)) != 0)
		goto out;
	if (ng)
		qsort(g, ng, sizeof *g, by_urgency);
	{
		cw_writer *w = cw_writer_new(stdout, fmt, match_cols, NM);
		for (i = 0; i < ng; i++)
			cw_writer_row(w, (const char *const *)g[i].v);
		if (cw_writer_finish(w)) {
			cw_output_failed(cw_writer_errno(w));
			rc = CW_EXIT_IO;
		} else if (!ng) {
			/* No need found, or no service for any: both select
			 * nothing, as any query verb. */
			rc = CW_EXIT_EMPTY;
		}
		cw_writer_free(w);
	}
out:
	for (i = 0; i < ng; i++)
		for (k = 0; k < NM; k++)
			free(g[i].v[k]);
	free(g);
	for (i = 0; i < x.n; i++) {
		free(x.e[i].need);
		free(x.e[i].rating);
	}
	free(x.e);
	cw_db_free(db);
	return rc;
}
