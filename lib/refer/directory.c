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

int refer_category_option(const char *s, const char **canon)
{
	char list[REFER_CATEGORY_LIST];

	*canon = NULL;
	if (s && !(*canon = refer_category_canon(s)))
		return cw_usage_error("option '--category': not one of %s",
				      refer_category_list(list, sizeof list));
	return 0;
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

/* ---- sw-refer services -------------------------------------------------------- */

int refer_services_check(const cw_service_query *q)
{
	const char *category;
	int rc;

	if ((rc = refer_category_option(q->category, &category)) != 0)
		return rc;
	if (q->keyword && !*q->keyword)
		return cw_usage_error("option '--keyword': give a word");
	if (q->area && !*q->area)
		return cw_usage_error("option '--area': give a place");
	return 0;
}

int refer_services(const cw_ctx *x, const cw_service_query *q,
		   enum cw_format fmt)
{
	store_stmt *st;
	int rc;

	if ((rc = refer_services_check(q)) != 0)
		return rc;
	st = refer_db_services_search(x->db, refer_category_canon(q->category),
				      q->keyword, q->area);
	if (!st)
		return CW_EXIT_DB;
	rc = store_print(x->db, x->out, st, refer_service_cols, NRS, fmt);
	store_reset(st);
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
	store_stmt *st = refer_db_latest_assessments(db, case_id);
	int r;

	if (!st)
		return CW_EXIT_DB;
	while ((r = store_step(st)) == STORE_ROW)
		needs_of(x, store_col_text(st, 0),
			 store_col_text(st, 1),
			 store_col_text(st, 2),
			 store_col_text(st, 3));
	store_reset(st);
	return r == STORE_DONE ? 0 : store_fail(db, "read assessments");
}

/* Adds the services of each need's categories to *out. */
static int find_services(cw_db *db, const char *case_id, const struct needs *x,
			 struct suggestion **out, size_t *nout)
{
	store_stmt *st;
	size_t i, cap = 0;
	int c, r = STORE_DONE, k;

	for (i = 0; i < x->n && r == STORE_DONE; i++)
		for (c = 0; c < 2 && x->e[i].cat[c] && r == STORE_DONE; c++) {
			if (!(st = refer_db_category_services(db, x->e[i].cat[c])))
				return CW_EXIT_DB;
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
			store_reset(st);
		}
	return r == STORE_DONE ? 0 : store_fail(db, "read services");
}

/* The number of case id text (CA-n): 0 and *num, or CW_EXIT_DATA after
 * saying why. */
static int case_number(const char *text, int64_t *num)
{
	enum cw_kind kind;

	if (cw_id_parse(text, &kind, num) || kind != CW_K_CASE) {
		cw_error("'%s' is not a case id (CA-n)", text);
		return CW_EXIT_DATA;
	}
	return 0;
}

int refer_match_check(const char *case_id)
{
	int64_t num;
	return case_number(case_id, &num);
}

int refer_match(const cw_ctx *x, const char *case_id, enum cw_format fmt)
{
	struct needs nx = {0};
	struct suggestion *g = NULL;
	size_t ng = 0, i;
	int64_t num;
	char id[32];
	int rc, k;

	if ((rc = case_number(case_id, &num)) != 0)
		return rc;
	cw_id_format(CW_K_CASE, num, id);
	if ((rc = store_case_stored(x->db, num)) != 0 ||
	    (rc = read_needs(x->db, num, &nx)) != 0 ||
	    (rc = find_services(x->db, id, &nx, &g, &ng)) != 0)
		goto out;
	if (ng)
		qsort(g, ng, sizeof *g, by_urgency);
	{
		cw_writer *w = cw_writer_new(x->out, fmt, match_cols, NM);
		for (i = 0; i < ng; i++)
			cw_writer_row(w, (const char *const *)g[i].v);
		if (cw_writer_finish(w)) {
			rc = cw_writer_failed(w, 0);
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
	for (i = 0; i < nx.n; i++) {
		free(nx.e[i].need);
		free(nx.e[i].rating);
	}
	free(nx.e);
	return rc;
}
