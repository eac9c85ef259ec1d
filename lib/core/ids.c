/* core/ids.c - prefixed record ids: CL-17 is client 17, CA-42 is case 42. */
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <inttypes.h>
#include "core/core.h"

static const struct {
	const char *prefix;
	const char *name;
} kinds[CW_K_COUNT] = {
	[CW_K_CLIENT] = {"CL", "client"},
	[CW_K_CASE] = {"CA", "case"},
	[CW_K_ASSESSMENT] = {"AS", "assessment"},
	[CW_K_PLAN] = {"PL", "plan"},
	[CW_K_GOAL] = {"GL", "goal"},
	[CW_K_TASK] = {"TK", "task"},
	[CW_K_CONTACT] = {"CT", "contact"},
	[CW_K_SESSION] = {"GS", "group session"},
	[CW_K_REFERRAL] = {"RF", "referral"},
	[CW_K_SERVICE] = {"SV", "service"},
	[CW_K_ORGANIZATION] = {"OR", "organisation"},
	[CW_K_LOCATION] = {"LO", "location"},
	[CW_K_BATCH] = {"BT", "batch"},
	[CW_K_AUDIT] = {"AU", "audit entry"},
	[CW_K_WORKER] = {"WK", "worker"},
	[CW_K_FOLLOWUP] = {"FU", "follow-up"},
	[CW_K_REVIEW] = {"RV", "plan review"},
	[CW_K_CLOSURE] = {"CX", "closure"},
	[CW_K_PROGRESS] = {"PG", "progress entry"},
	[CW_K_PROJECT] = {"PJ", "project"},
	[CW_K_ACTIVITY] = {"AC", "activity"},
	[CW_K_VOLUNTEER] = {"VL", "volunteer"},
	[CW_K_TRAINING] = {"TR", "training"},
	[CW_K_PROGRAMME] = {"GP", "programme"},
	[CW_K_CONSENT] = {"CN", "consent"},
	[CW_K_ASSIGNMENT] = {"HO", "assignment"},
	[CW_K_RELATION] = {"RL", "relation"},
	/* a household is no stored record: HH-n names the household of
	 * client n (casework.7, Households) */
	[CW_K_HOUSEHOLD] = {"HH", "household"},
};

/* Digits only after the dash, no sign, no leading zero, at most 18 digits:
 * so that every id has exactly one spelling apart from the prefix case. */
int cw_id_parse(const char *s, enum cw_kind *kind, int64_t *num)
{
	int k;
	const char *p;
	int64_t n = 0;

	if (!s || strlen(s) < 4 || s[2] != '-')
		return -1;
	for (k = 0; k < CW_K_COUNT; k++)
		if (!strncasecmp(s, kinds[k].prefix, 2))
			break;
	if (k == CW_K_COUNT)
		return -1;
	p = s + 3;
	if (*p == '0' || strlen(p) > 18)
		return -1;
	for (; *p; p++) {
		if (*p < '0' || *p > '9')
			return -1;
		n = n * 10 + (*p - '0');
	}
	*kind = (enum cw_kind)k;
	*num = n;
	return 0;
}

int core_id_runs(const char *text, core_run_fn fn, void *ctx)
{
	const char *p = text;
	int bad = 0;

	while (p && *p) {
		size_t n = strcspn(p, ",");
		char tok[80], *dots;
		enum cw_kind k1, k2;
		int64_t a, b;

		if (n < sizeof tok) {
			memcpy(tok, p, n);
			tok[n] = '\0';
			if ((dots = strstr(tok, "..")) != NULL)
				*dots = '\0';
			if (!cw_id_parse(tok, &k1, &a) && (!dots ||
			    (!cw_id_parse(dots + 2, &k2, &b) && k2 == k1 && b >= a))) {
				fn(ctx, k1, a, dots ? b : a);
				p += n + (p[n] == ',');
				continue;
			}
		}
		bad = -1;
		p += n + (p[n] == ',');
	}
	return bad;
}

void cw_id_format(enum cw_kind kind, int64_t num, char out[32])
{
	snprintf(out, 32, "%s-%" PRId64, kinds[kind].prefix, num);
}

const char *cw_kind_name(enum cw_kind kind)
{
	return kinds[kind].name;
}

const char *cw_kind_prefix(enum cw_kind kind)
{
	return kinds[kind].prefix;
}

int core_project_code_valid(const char *s)
{
	enum cw_kind kind;
	int64_t num;
	size_t n;

	if (!s || !((*s >= '0' && *s <= '9') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= 'a' && *s <= 'z')))
		return 0;
	for (n = 0; s[n]; n++)
		if (n == CORE_PROJECT_CODE_MAX || !strchr("abcdefghijklmnopqrstuvwxyz"
			"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.", s[n]))
			return 0;
	/* never of an id's form, a reserved prefix's included (casework.7,
	 * IDS): sw-project show PJ-1 names one record */
	if (!cw_id_parse(s, &kind, &num))
		return 0;
	if (n > 3 && s[2] == '-' && strspn(s + 3, "0123456789") == n - 3) {
		static const char reserved[] = "AC VL TR SU RL HH HO CN AP";
		char p[3] = {s[0], s[1], '\0'};
		if (p[0] >= 'a' && p[0] <= 'z')
			p[0] = (char)(p[0] - 'a' + 'A');
		if (p[1] >= 'a' && p[1] <= 'z')
			p[1] = (char)(p[1] - 'a' + 'A');
		if (p[0] >= 'A' && p[0] <= 'Z' && p[1] >= 'A' && p[1] <= 'Z' &&
		    strstr(reserved, p))
			return 0;
	}
	return 1;
}
