/* intake/fields.c - the fields of client and case records and their rules. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "intake/intake.h"
#include "store/store.h"

const struct intake_field intake_fields[NF] = {
	[F_CASE_ID] = {{"个案编号"}, FK_READONLY, 0},
	[F_CLIENT_ID] = {{"服务对象编号"}, FK_READONLY, 1},
	[F_NAME] = {{"姓名"}, FK_TEXT, 1},
	[F_SEX] = {{"性别"}, FK_SEX, 1},
	[F_BIRTH_DATE] = {{"出生日期"}, FK_DATE, 1},
	[F_ID_TYPE] = {{"证件类型"}, FK_IDTYPE, 1},
	[F_ID_NUMBER] = {{"身份证号", "身份证号码", "证件号码"}, FK_IDNUM, 1},
	[F_PHONE] = {{"联系电话", "电话", "手机"}, FK_PHONE, 1},
	[F_ADDRESS] = {{"住址", "地址", "家庭住址"}, FK_TEXT, 1},
	[F_HOUSEHOLD] = {{"家庭情况", "同住人员"}, FK_TEXT, 1},
	[F_LANGUAGE] = {{"语言", "沟通语言"}, FK_TEXT, 1},
	[F_CONSENT_DATE] = {{"知情同意日期"}, FK_DATE, 1},
	[F_CONSENT_BY] = {{"同意人", "知情同意人"}, FK_CONSENT_BY, 1},
	[F_CONSENT_SHARE] = {{"同意信息共享"}, FK_BOOL, 1},
	[F_CONSENT_EXPIRES] = {{"同意有效期至"}, FK_ANYDATE, 1},
	[F_CONSENT_WITHDRAWN] = {{"撤回同意日期"}, FK_DATE, 1},
	[F_CATEGORY] = {{"服务类别"}, FK_CATEGORY, 0},
	[F_REFERRAL_SOURCE] = {{"转介来源"}, FK_TEXT, 0},
	[F_PRESENTING_PROBLEM] = {{"求助问题"}, FK_TEXT, 0},
	[F_WORKER] = {{"负责社工"}, FK_TEXT, 0},
	[F_EXTERNAL_REF] = {{"机构编号", "档案编号"}, FK_TEXT, 0},
	[F_INTAKE_DATE] = {{"接案日期"}, FK_DATE, 0},
	[F_STATUS] = {{"状态"}, FK_READONLY, 0},
	[F_CLOSED_DATE] = {{"结案日期"}, FK_READONLY, 0},
	[F_LINKED_BY] = {{"关联依据"}, FK_READONLY, 0},
	[F_NOTES] = {{"备注"}, FK_TEXT, 0},
	[F_CREATED_AT] = {{"创建时间"}, FK_READONLY, 0},
	[F_UPDATED_AT] = {{"更新时间"}, FK_READONLY, 0},
	[F_PROJECT] = {{"项目"}, FK_PROJECT, 0},
	[F_EMERGENCY_NAME] = {{"紧急联系人"}, FK_TEXT, 1},
	[F_EMERGENCY_RELATIONSHIP] = {{"与本人关系"}, FK_TEXT, 1},
	[F_EMERGENCY_PHONE] = {{"紧急联系电话"}, FK_PHONE, 1},
	[F_HOUSEHOLD_ID] = {{"家庭编号", "户号"}, FK_HOUSEHOLD, 1},
};

const cw_col intake_case_cols[NF] = {
	{"case_id", 0}, {"client_id", 0}, {"name", 0}, {"sex", 0},
	{"birth_date", 0}, {"id_type", 0}, {"id_number", 0}, {"phone", 0},
	{"address", 0}, {"household", 0}, {"language", 0},
	{"consent_date", 0}, {"consent_by", 0}, {"consent_share", 0},
	{"consent_expires", 0}, {"consent_withdrawn", 0}, {"category", 0},
	{"referral_source", 0}, {"presenting_problem", 0}, {"worker", 0},
	{"external_ref", 0}, {"intake_date", 0}, {"status", 0},
	{"closed_date", 0}, {"linked_by", 0}, {"notes", 0},
	{"created_at", 0}, {"updated_at", 0}, {"project", 0},
	{"emergency_name", 0}, {"emergency_relationship", 0},
	{"emergency_phone", 0}, {"household_id", 0},
};

const int intake_client_field[NCLIENT] = {
	F_CLIENT_ID, F_NAME, F_SEX, F_BIRTH_DATE, F_ID_TYPE, F_ID_NUMBER,
	F_PHONE, F_ADDRESS, F_HOUSEHOLD, F_LANGUAGE, F_CONSENT_DATE,
	F_CONSENT_BY, F_CONSENT_SHARE, F_CONSENT_EXPIRES, F_CONSENT_WITHDRAWN,
	F_CREATED_AT, F_UPDATED_AT, F_EMERGENCY_NAME, F_EMERGENCY_RELATIONSHIP,
	F_EMERGENCY_PHONE, F_HOUSEHOLD_ID
};

const cw_col intake_client_cols[NCLIENT] = {
	{"client_id", 0}, {"name", 0}, {"sex", 0}, {"birth_date", 0},
	{"id_type", 0}, {"id_number", 0}, {"phone", 0}, {"address", 0},
	{"household", 0}, {"language", 0}, {"consent_date", 0},
	{"consent_by", 0}, {"consent_share", 0}, {"consent_expires", 0},
	{"consent_withdrawn", 0}, {"created_at", 0}, {"updated_at", 0},
	{"emergency_name", 0}, {"emergency_relationship", 0},
	{"emergency_phone", 0}, {"household_id", 0},
};

void intake_row_release(struct row *r)
{
	int i;
	for (i = 0; i < NF; i++)
		free(r->v[i]);
}

const char *intake_row_hdr(const struct row *r, int f)
{
	return r->src[f] ? r->src[f] : intake_case_cols[f].name;
}

int intake_field_index(const char *header)
{
	int i, a;
	for (i = 0; i < NF; i++) {
		if (!strcmp(header, intake_case_cols[i].name))
			return i;
		for (a = 0; a < 4 && intake_fields[i].alias[a]; a++)
			if (!strcmp(header, intake_fields[i].alias[a]))
				return i;
	}
	return -1;
}

static int intake_known(const cw_names *names, const char *name)
{
	(void)names;
	return intake_field_index(name) >= 0;
}

const cw_names intake_names = {intake_known, NULL, 0};

/* Replaces *v by its canonical word; 0 when it was in the list. */
static int canon_word(const store_vocab *w, char **v)
{
	const char *out = store_vocab_canon(w, *v);
	size_t n;
	if (!out)
		return -1;
	/* The canonical word fits where the word was when not longer. */
	n = strlen(out);
	if (n > strlen(*v)) {
		free(*v);
		*v = cw_xstrdup(out);
	} else {
		memcpy(*v, out, n + 1);
	}
	return 0;
}

/* The reason a word of v is refused: valid until the next call. */
static const char *vocab_why(const store_vocab *v)
{
	static char why[STORE_VOCAB_WHY];
	return store_vocab_why(v, why, sizeof why);
}

const char *intake_check_value(int f, char **v, cw_date today)
{
	const char *why = NULL;
	cw_date d;
	char buf[11], *p;

	switch (intake_fields[f].kind) {
	case FK_SEX:
		return canon_word(&store_vocab_sex, v) ? "not one of female, male, other, "
			"unknown (女, 男 and F, M are read too)" : NULL;
	case FK_IDTYPE:
		return canon_word(&store_vocab_id_type, v) ? "not one of resident, passport, "
			"hk_macao_permit, taiwan_permit, foreign_permanent_residence, "
			"other (see sw-intake(1) for the Chinese names)" : NULL;
	case FK_CATEGORY:
		return canon_word(&store_vocab_case_category, v) ?
			vocab_why(&store_vocab_case_category) : NULL;
	case FK_CONSENT_BY:
		return canon_word(&store_vocab_consenter, v) ?
			vocab_why(&store_vocab_consenter) : NULL;
	case FK_BOOL:
		return canon_word(&store_vocab_yes_no, v) ? "not yes or no (是, 否)" : NULL;
	case FK_DATE:
	case FK_ANYDATE:
		if (cw_date_parse(*v, &d, &why))
			return why;
		if (intake_fields[f].kind == FK_DATE && d > today)
			return "is in the future";
		cw_date_format(d, buf);
		if (strlen(*v) < 10) {
			free(*v);
			*v = cw_xstrdup(buf);
		} else {
			memcpy(*v, buf, 11);
		}
		return NULL;
	case FK_PROJECT:
		return core_project_code_valid(*v) ? NULL : STORE_PROJECT_CODE_WHY;
	case FK_HOUSEHOLD: {
		/* HH-n as the tools print it; the client's existence is
		 * checked against the database (add.c, update.c) */
		enum cw_kind k;
		int64_t n;
		if (cw_id_parse(*v, &k, &n) || k != CW_K_HOUSEHOLD)
			return "not a household id (HH-n, the household of "
			       "client CL-n)";
		free(*v);
		*v = cw_xcalloc(1, 32);
		cw_id_format(CW_K_HOUSEHOLD, n, *v);
		return NULL;
	}
	case FK_PHONE:
		if (cw_phone_normalise(*v, &p, &why))
			return why;
		free(*v);
		*v = p;
		return NULL;
	default:
		/* Identity numbers are checked with their type, across fields. */
		return NULL;
	}
}

/* The field of a column's header (-2 for a column the batch ignores),
 * through the cache of its position when there is one. */
static int column_field(struct intake_hdr_cache *cache, size_t i,
			const char *name, uint64_t names)
{
	int f;
	size_t len;

	/* Records of one CSV file share their header: a position cached for
	 * it needs no comparing. */
	if (cache && i < INTAKE_HDR_COLS && cache->col[i].name[0] &&
	    ((names && names == cache->names) || !strcmp(cache->col[i].name, name)))
		return cache->col[i].field;
	f = cw_batch_ignored_column(name) ? -2 : intake_field_index(name);
	len = strlen(name);
	if (cache && i < INTAKE_HDR_COLS && len > 0 && len < INTAKE_HDR_LEN) {
		memcpy(cache->col[i].name, name, len + 1);
		cache->col[i].field = f;
	}
	return f;
}

/* The extra column (of ex, NULL: none) that header names, or -1. */
static int extra_index(const struct intake_extra *ex, const char *header)
{
	int i, a;
	for (i = 0; ex && i < ex->n; i++)
		for (a = 0; a < 2 && ex->name[i][a]; a++)
			if (!strcmp(header, ex->name[i][a]))
				return i;
	return -1;
}

/* intake_map_fields through a cache (NULL: none), the columns of ex
 * (NULL: none) into it. */
static int map_columns(cw_batch *b, const cw_record *rec, struct row *r,
		       struct intake_hdr_cache *cache, struct intake_extra *ex)
{
	size_t i;
	int f, e;

	if (cache && cache->names != rec->names) {
		memset(cache, 0, sizeof *cache);   /* another file's header */
		cache->names = rec->names;
	}
	for (i = 0; i < rec->n; i++) {
		const cw_field *fl = &rec->f[i];
		f = column_field(cache, i, fl->name, rec->names);
		if (f == -2)
			continue;
		if (f < 0 && (e = extra_index(ex, fl->name)) >= 0) {
			if (ex->src[e]) {
				cw_batch_reject(b, rec, fl->name, "same field as "
						"column '%s'", ex->src[e]);
				return CW_REJECTED;
			}
			ex->src[e] = fl->name;
			if (fl->type == CW_F_TRUE || fl->type == CW_F_FALSE) {
				cw_batch_reject(b, rec, fl->name, "expected text, "
						"not true or false");
				return CW_REJECTED;
			}
			if (fl->value && fl->len)
				ex->v[e] = cw_xstrndup(fl->value, fl->len);
			continue;
		}
		if (f < 0) {
			cw_batch_reject(b, rec, fl->name, "unknown column");
			return CW_REJECTED;
		}
		if (r->src[f]) {
			cw_batch_reject(b, rec, fl->name, "same field as column '%s'",
					r->src[f]);
			return CW_REJECTED;
		}
		r->src[f] = fl->name;
		if ((fl->type == CW_F_TRUE || fl->type == CW_F_FALSE) &&
		    intake_fields[f].kind != FK_BOOL) {
			cw_batch_reject(b, rec, fl->name, "expected text, not true or false");
			return CW_REJECTED;
		}
		if (fl->type == CW_F_NUMBER &&
		    (intake_fields[f].kind == FK_IDNUM ||
		     intake_fields[f].kind == FK_PHONE) &&
		    strpbrk(fl->value, ".eE-+")) {
			cw_batch_reject(b, rec, fl->name, "given as a number that has "
					"lost digits; %s", store_batch_format(b) ==
					CW_FMT_XLSX ? "format the column as text "
					"and type it again" : "give it as text in quotes");
			return CW_REJECTED;
		}
		if (!fl->value || !fl->len)
			continue;
		r->v[f] = cw_xstrndup(fl->value, fl->len);
	}
	return 0;
}

int intake_map_fields(cw_batch *b, const cw_record *rec, struct row *r)
{
	return map_columns(b, rec, r, NULL, NULL);
}

int intake_map_extra(cw_batch *b, const cw_record *rec, struct row *r,
		     struct intake_extra *ex)
{
	return map_columns(b, rec, r, NULL, ex);
}

int intake_extra_known(const struct intake_extra *ex, const char *header)
{
	return extra_index(ex, header) >= 0;
}

void intake_extra_release(struct intake_extra *ex)
{
	int i;
	for (i = 0; i < ex->n; i++) {
		free(ex->v[i]);
		ex->v[i] = NULL;
		ex->src[i] = NULL;
	}
}

int intake_check_values(cw_batch *b, const cw_record *rec, struct row *r,
			cw_date today)
{
	const char *why;
	int f;

	for (f = 0; f < NF; f++)
		if (r->v[f] && (why = intake_check_value(f, &r->v[f], today)) != NULL) {
			cw_batch_reject(b, rec, intake_row_hdr(r, f), "%s", why);
			return CW_REJECTED;
		}
	return 0;
}

int intake_map_cached(cw_batch *b, const cw_record *rec, struct row *r,
		      cw_date today, struct intake_hdr_cache *cache)
{
	if (map_columns(b, rec, r, cache, NULL))
		return CW_REJECTED;
	return intake_check_values(b, rec, r, today);
}

/* Whole years from birth to day. */
static int age_on(cw_date birth, cw_date day)
{
	int by, bm, bd, y, m, d, age;
	cw_date_to_ymd(birth, &by, &bm, &bd);
	cw_date_to_ymd(day, &y, &m, &d);
	age = y - by;
	if (m < bm || (m == bm && d < bd))
		age--;
	return age;
}

static cw_date date_of(const char *v)
{
	cw_date d = 0;
	const char *why;
	cw_date_parse(v, &d, &why);
	return d;
}

/* Identity numbers: a resident number is checked and made canonical, and
 * must agree with the record's birth date and sex (which it supplies when
 * they are missing); any other kind is kept as typed. A number that a
 * spreadsheet turned into a rounded float is refused whatever its type. */
static const char *check_identity(struct row *r, int *bad)
{
	const char *why;
	char id[19], buf[11];
	cw_date bd;
	char sx;

	*bad = F_ID_NUMBER;
	if (!r->v[F_ID_NUMBER])
		return NULL;
	if (!r->v[F_ID_TYPE])
		r->v[F_ID_TYPE] = cw_xstrdup("resident");
	if (strcmp(r->v[F_ID_TYPE], "resident")) {
		if (strpbrk(r->v[F_ID_NUMBER], "eE") && strchr(r->v[F_ID_NUMBER], '+') &&
		    strchr(r->v[F_ID_NUMBER], '.'))
			return "looks like a number a spreadsheet has rounded; "
			       "format the column as text and export again";
		return NULL;
	}
	if (cw_idnum_normalise(r->v[F_ID_NUMBER], id, &why))
		return why;
	free(r->v[F_ID_NUMBER]);
	r->v[F_ID_NUMBER] = cw_xstrdup(id);
	cw_idnum_birth_date(id, &bd);
	sx = cw_idnum_sex(id);
	if (r->v[F_BIRTH_DATE] && date_of(r->v[F_BIRTH_DATE]) != bd) {
		*bad = F_BIRTH_DATE;
		return "does not match the birth date in the identity number";
	}
	if (r->v[F_SEX] && ((sx == 'm' && !strcmp(r->v[F_SEX], "female")) ||
			    (sx == 'f' && !strcmp(r->v[F_SEX], "male")))) {
		*bad = F_SEX;
		return "does not match the sex in the identity number";
	}
	if (!r->v[F_BIRTH_DATE]) {
		cw_date_format(bd, buf);
		r->v[F_BIRTH_DATE] = cw_xstrdup(buf);
	}
	if (!r->v[F_SEX])
		r->v[F_SEX] = cw_xstrdup(sx == 'm' ? "male" : "female");
	return NULL;
}

/* Consent: recorded on a date; given by a guardian for anyone under 18
 * on that date; ends no earlier than it starts. */
static const char *check_consent(struct row *r, cw_date today, int *bad)
{
	static const int details[] = {
		F_CONSENT_BY, F_CONSENT_SHARE, F_CONSENT_EXPIRES, F_CONSENT_WITHDRAWN
	};
	cw_date given;
	size_t i;

	if (!r->v[F_CONSENT_DATE]) {
		for (i = 0; i < sizeof details / sizeof details[0]; i++)
			if (r->v[details[i]]) {
				*bad = details[i];
				return "needs consent_date (知情同意日期), the day consent was given";
			}
		return NULL;
	}
	given = date_of(r->v[F_CONSENT_DATE]);
	if ((!r->v[F_CONSENT_BY] || strcmp(r->v[F_CONSENT_BY], "guardian")) &&
	    r->v[F_BIRTH_DATE] && age_on(date_of(r->v[F_BIRTH_DATE]), given) < 18) {
		*bad = r->v[F_CONSENT_BY] ? F_CONSENT_BY : F_CONSENT_DATE;
		return "consent for someone under 18 must be a guardian's "
		       "(consent_by guardian, 监护人)";
	}
	if (r->v[F_CONSENT_EXPIRES] && date_of(r->v[F_CONSENT_EXPIRES]) < given) {
		*bad = F_CONSENT_EXPIRES;
		return "is before consent_date";
	}
	if (r->v[F_CONSENT_WITHDRAWN] && date_of(r->v[F_CONSENT_WITHDRAWN]) < given) {
		*bad = F_CONSENT_WITHDRAWN;
		return "is before consent_date";
	}
	(void)today;
	return NULL;
}

int intake_cross_check(cw_batch *b, const cw_record *rec, struct row *r,
		       cw_date today)
{
	const char *why;
	int bad;

	if ((why = check_identity(r, &bad)) != NULL ||
	    (why = check_consent(r, today, &bad)) != NULL) {
		cw_batch_reject(b, rec, intake_row_hdr(r, bad), "%s", why);
		return CW_REJECTED;
	}
	return 0;
}
