/* test_instrument.c - instruments as data: the built-in definitions scored
 * at every band edge by hand, every risk rule, reverse and mean scoring,
 * changes, item lookup, answer checks, the registry with an agency folder,
 * and a table of bad definitions with the exact message for each. */
#define _POSIX_C_SOURCE 200809L
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "casework.h"
#include "tap.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static char dir[] = "/tmp/cw-test-instrument.XXXXXX";

/* ---- helpers --------------------------------------------------------------- */

/* s with every ' turned into ", so that definitions read easily here. */
static char *dq(const char *s)
{
	char *t = cw_xstrdup(s), *p;

	for (p = t; *p; p++)
		if (*p == '\'')
			*p = '"';
	return t;
}

/* Parses a definition written with ' for "; err gets the message. */
static cw_instrument *parse_q(const char *s, char *err, size_t errlen)
{
	char *t = dq(s);
	cw_instrument *in = cw_instrument_parse(t, strlen(t), err, errlen);

	free(t);
	return in;
}

static const char *fmt100(long x100)
{
	static char bufs[4][32];
	static int next;
	char *b = bufs[next++ % 4];

	cw_hundredths_format(x100, b);
	return b;
}

static void write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	if (fp) {
		fputs(text, fp);
		fclose(fp);
	}
}

/* Loads the registry with stderr caught in msg (its last newline cut). */
static int load_caught(const char *d, cw_instruments **out, char *msg,
		       size_t cap)
{
	FILE *tmp = tmpfile();
	int saved, rc;
	size_t n;

	msg[0] = '\0';
	if (!tmp)
		return -1;
	fflush(stderr);
	saved = dup(2);
	dup2(fileno(tmp), 2);
	rc = cw_instruments_load(out, d);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	rewind(tmp);
	n = fread(msg, 1, cap - 1, tmp);
	msg[n] = '\0';
	if (n && msg[n - 1] == '\n')
		msg[n - 1] = '\0';
	fclose(tmp);
	return rc;
}

/* ---- the built-ins --------------------------------------------------------- */

static const struct {
	const char *name;
	size_t items;
	int direction;
	const char *reassess;   /* "4w", or NULL for none */
	const char *kind;
} builtins[] = {
	{ "gad7", 7, -1, "4w", "scale" },
	{ "k10", 10, -1, "4w", "scale" },
	{ "k6", 6, -1, "4w", "scale" },
	{ "needs", 9, 1, "12w", "needs" },
	{ "phq9", 9, -1, "4w", "scale" },
	{ "safety", 5, -1, "1w", "safety" },
	{ "satisfaction", 5, 1, NULL, "survey" },
	{ "who5", 5, 1, "4w", "scale" },
};

static void test_builtins(const cw_instruments *all)
{
	size_t i, j;

	ok(cw_instruments_count(all) == N(builtins), "%zu built-ins",
	   N(builtins));
	for (i = 0; i < N(builtins); i++) {
		const cw_instrument *in = cw_instruments_find(all, builtins[i].name);
		cw_duration d;
		char want[16];

		ok(in != NULL, "%s is built in", builtins[i].name);
		if (!in) {
			skip("missing");
			continue;
		}
		ok(cw_instruments_at(all, i) == in, "%s is built-in %zu (file order)",
		   builtins[i].name, i);
		is_str(cw_instrument_name(in), builtins[i].name, "%s: name",
		       builtins[i].name);
		is_str(cw_instrument_kind(in), builtins[i].kind, "%s: kind",
		       builtins[i].name);
		ok(cw_instrument_items(in) == builtins[i].items, "%s: %zu items",
		   builtins[i].name, builtins[i].items);
		ok(cw_instrument_direction(in) == builtins[i].direction,
		   "%s: direction %d", builtins[i].name, builtins[i].direction);
		if (builtins[i].reassess) {
			int has = cw_instrument_reassess(in, &d);
			snprintf(want, sizeof want, "%d%c", has ? d.n : 0,
				 has ? d.unit : '-');
			is_str(want, builtins[i].reassess, "%s: re-assessed every %s",
			       builtins[i].name, builtins[i].reassess);
		} else {
			ok(cw_instrument_reassess(in, &d) == 0,
			   "%s: no re-assessment interval", builtins[i].name);
		}
		ok(*cw_instrument_version(in) && *cw_instrument_licence(in)
		   && *cw_instrument_title(in, 0) && *cw_instrument_title(in, 1),
		   "%s: version, licence, titles", builtins[i].name);
		for (j = 0; j < cw_instrument_items(in); j++)
			if (!*cw_instrument_item_text(in, j, 0)
			    || !*cw_instrument_item_text(in, j, 1))
				break;
		ok(j == cw_instrument_items(in), "%s: every item has en and zh text",
		   builtins[i].name);
	}
	ok(cw_instruments_find(all, "cssrs") == NULL, "no C-SSRS");
	ok(cw_instruments_find(all, "scl90") == NULL, "no SCL-90-R");
	ok(cw_instruments_at(all, N(builtins)) == NULL, "at past the end");
}

/* Hand-worked answer sets: at every band edge, and for every rule. */
static const struct scored {
	const char *name;
	long a[10];
	const char *total, *scaled, *band, *risk, *flags;
} scored[] = {
	/* PHQ-9: 0-4 minimal, 5-9 mild, 10-14 moderate, 15-19 moderately
	 * severe, 20-27 severe; item 9 (self_harm) 1..3 high, 3 critical. */
	{ "phq9", { 0, 0, 0, 0, 0, 0, 0, 0, 0 }, "0", NULL, "minimal", "low", "" },
	{ "phq9", { 1, 1, 1, 1, 0, 0, 0, 0, 0 }, "4", NULL, "minimal", "low", "" },
	{ "phq9", { 1, 1, 1, 1, 1, 0, 0, 0, 0 }, "5", NULL, "mild", "low", "" },
	{ "phq9", { 2, 2, 2, 2, 1, 0, 0, 0, 0 }, "9", NULL, "mild", "low", "" },
	{ "phq9", { 2, 2, 2, 2, 2, 0, 0, 0, 0 }, "10", NULL, "moderate", "medium", "" },
	{ "phq9", { 2, 2, 2, 2, 2, 2, 2, 0, 0 }, "14", NULL, "moderate", "medium", "" },
	{ "phq9", { 3, 3, 3, 3, 3, 0, 0, 0, 0 }, "15", NULL, "moderately severe", "medium", "" },
	{ "phq9", { 3, 3, 3, 3, 3, 2, 2, 0, 0 }, "19", NULL, "moderately severe", "medium", "" },
	{ "phq9", { 3, 3, 3, 3, 3, 3, 2, 0, 0 }, "20", NULL, "severe", "high", "" },
	{ "phq9", { 3, 3, 3, 3, 3, 3, 3, 3, 0 }, "24", NULL, "severe", "high", "" },
	{ "phq9", { 3, 3, 3, 3, 3, 3, 3, 3, 3 }, "27", NULL, "severe", "critical",
	  "thoughts of self-harm" },
	{ "phq9", { 0, 0, 0, 0, 0, 0, 0, 0, 1 }, "1", NULL, "minimal", "high",
	  "thoughts of self-harm" },
	{ "phq9", { 0, 0, 0, 0, 0, 0, 0, 0, 2 }, "2", NULL, "minimal", "high",
	  "thoughts of self-harm" },
	{ "phq9", { 0, 0, 0, 0, 0, 0, 0, 0, 3 }, "3", NULL, "minimal", "critical",
	  "thoughts of self-harm" },
	{ "phq9", { 2, 2, 2, 2, 2, 0, 0, 0, 1 }, "11", NULL, "moderate", "high",
	  "thoughts of self-harm" },
	/* GAD-7: 0-4 minimal, 5-9 mild, 10-14 moderate (medium), 15-21
	 * severe (high). */
	{ "gad7", { 0, 0, 0, 0, 0, 0, 0 }, "0", NULL, "minimal", "low", "" },
	{ "gad7", { 1, 1, 1, 1, 0, 0, 0 }, "4", NULL, "minimal", "low", "" },
	{ "gad7", { 1, 1, 1, 1, 1, 0, 0 }, "5", NULL, "mild", "low", "" },
	{ "gad7", { 2, 2, 2, 2, 1, 0, 0 }, "9", NULL, "mild", "low", "" },
	{ "gad7", { 2, 2, 2, 2, 2, 0, 0 }, "10", NULL, "moderate", "medium", "" },
	{ "gad7", { 2, 2, 2, 2, 2, 2, 2 }, "14", NULL, "moderate", "medium", "" },
	{ "gad7", { 3, 3, 3, 3, 3, 0, 0 }, "15", NULL, "severe", "high", "" },
	{ "gad7", { 3, 3, 3, 3, 3, 3, 3 }, "21", NULL, "severe", "high", "" },
	/* K10: items 1-5; 10-15 low, 16-21 moderate, 22-29 high (medium),
	 * 30-50 very high (high). */
	{ "k10", { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 }, "10", NULL, "low", "low", "" },
	{ "k10", { 2, 2, 2, 2, 2, 1, 1, 1, 1, 1 }, "15", NULL, "low", "low", "" },
	{ "k10", { 2, 2, 2, 2, 2, 2, 1, 1, 1, 1 }, "16", NULL, "moderate", "low", "" },
	{ "k10", { 3, 3, 3, 3, 3, 2, 1, 1, 1, 1 }, "21", NULL, "moderate", "low", "" },
	{ "k10", { 3, 3, 3, 3, 3, 3, 1, 1, 1, 1 }, "22", NULL, "high", "medium", "" },
	{ "k10", { 3, 3, 3, 3, 3, 3, 3, 3, 3, 2 }, "29", NULL, "high", "medium", "" },
	{ "k10", { 3, 3, 3, 3, 3, 3, 3, 3, 3, 3 }, "30", NULL, "very high", "high", "" },
	{ "k10", { 5, 5, 5, 5, 5, 5, 5, 5, 5, 5 }, "50", NULL, "very high", "high", "" },
	/* K6: items 0-4; 0-12 low, 13-24 serious psychological distress. */
	{ "k6", { 0, 0, 0, 0, 0, 0 }, "0", NULL, "no serious psychological distress", "low", "" },
	{ "k6", { 2, 2, 2, 2, 2, 2 }, "12", NULL, "no serious psychological distress", "low", "" },
	{ "k6", { 3, 2, 2, 2, 2, 2 }, "13", NULL, "serious psychological distress", "high", "" },
	{ "k6", { 4, 4, 4, 4, 4, 4 }, "24", NULL, "serious psychological distress", "high", "" },
	/* WHO-5: items 0-5, scaled x4; bands on the raw total: 0-7 likely
	 * depression (high), 8-12 poor (medium), 13-25 (low). */
	{ "who5", { 0, 0, 0, 0, 0 }, "0", "0", "likely depression", "high", "" },
	{ "who5", { 2, 2, 2, 1, 0 }, "7", "28", "likely depression", "high", "" },
	{ "who5", { 2, 2, 2, 2, 0 }, "8", "32", "poor well-being", "medium", "" },
	{ "who5", { 3, 3, 2, 2, 2 }, "12", "48", "poor well-being", "medium", "" },
	{ "who5", { 3, 3, 3, 2, 2 }, "13", "52", "adequate well-being", "low", "" },
	{ "who5", { 5, 5, 5, 5, 5 }, "25", "100", "adequate well-being", "low", "" },
	/* Needs matrix: no bands; a domain rated 1 high, 2 medium. */
	{ "needs", { 3, 3, 3, 3, 3, 3, 3, 3, 3 }, "27", NULL, NULL, "low", "" },
	{ "needs", { 5, 5, 5, 5, 5, 5, 5, 5, 5 }, "45", NULL, NULL, "low", "" },
	{ "needs", { 1, 3, 3, 3, 3, 3, 3, 3, 3 }, "25", NULL, NULL, "high",
	  "domain in crisis" },
	{ "needs", { 3, 3, 3, 3, 3, 3, 3, 3, 2 }, "26", NULL, NULL, "medium",
	  "domain vulnerable" },
	{ "needs", { 1, 1, 3, 3, 3, 3, 3, 3, 3 }, "23", NULL, NULL, "high",
	  "domain in crisis" },
	{ "needs", { 1, 2, 3, 3, 3, 3, 3, 3, 3 }, "24", NULL, NULL, "high",
	  "domain in crisis; domain vulnerable" },
	/* Safety screen (each item below too): any yes high, imminent
	 * critical. */
	{ "safety", { 0, 0, 0, 0, 0 }, "0", NULL, NULL, "low", "" },
	{ "safety", { 1, 0, 0, 2, 0 }, "3", NULL, NULL, "critical",
	  "risk of self-harm; child at imminent risk" },
	{ "safety", { 2, 2, 2, 2, 2 }, "10", NULL, NULL, "critical",
	  "imminent risk of self-harm; imminent risk of harm to others; "
	  "imminent domestic violence; child at imminent risk; "
	  "elder at imminent risk" },
	/* Satisfaction: mean of 5 items; 1-2.99, 3-3.99, 4-5. */
	{ "satisfaction", { 1, 1, 1, 1, 1 }, "1", NULL, "dissatisfied", "low", "" },
	{ "satisfaction", { 3, 3, 3, 3, 2 }, "2.8", NULL, "dissatisfied", "low", "" },
	{ "satisfaction", { 3, 3, 3, 3, 3 }, "3", NULL, "neutral", "low", "" },
	{ "satisfaction", { 4, 4, 4, 4, 3 }, "3.8", NULL, "neutral", "low", "" },
	{ "satisfaction", { 4, 4, 4, 4, 4 }, "4", NULL, "satisfied", "low", "" },
	{ "satisfaction", { 4, 4, 5, 5, 5 }, "4.6", NULL, "satisfied", "low", "" },
	{ "satisfaction", { 5, 5, 5, 5, 5 }, "5", NULL, "satisfied", "low", "" },
};

static void test_scores(const cw_instruments *all)
{
	size_t i, j;

	for (i = 0; i < N(scored); i++) {
		const struct scored *t = &scored[i];
		const cw_instrument *in = cw_instruments_find(all, t->name);
		char label[96];
		cw_score s;
		int valid = 1;

		if (!in) {
			skip("instrument missing");
			continue;
		}
		snprintf(label, sizeof label, "%s %zu", t->name, i);
		for (j = 0; j < cw_instrument_items(in); j++)
			valid &= cw_instrument_check_answer(in, j, t->a[j]) == NULL;
		ok(valid, "%s: every answer in its scale", label);
		cw_instrument_score(in, t->a, &s);
		is_str(fmt100(s.total100), t->total, "%s: total %s", label, t->total);
		is_str(s.has_scaled ? fmt100(s.scaled100) : NULL, t->scaled,
		       "%s: scaled %s", label, t->scaled ? t->scaled : "none");
		is_str(s.band, t->band, "%s: band %s", label, t->band ? t->band : "none");
		is_str(cw_risk_name(s.risk), t->risk, "%s: risk %s", label, t->risk);
		is_str(s.flags, t->flags, "%s: flags '%s'", label, t->flags);
	}
}

/* Each safety item alone: yes is high, yes-and-imminent critical. */
static void test_safety_items(const cw_instruments *all)
{
	static const char *const yes[] = { "risk of self-harm",
		"risk of harm to others", "domestic violence", "child at risk",
		"elder at risk" };
	static const char *const imminent[] = { "imminent risk of self-harm",
		"imminent risk of harm to others", "imminent domestic violence",
		"child at imminent risk", "elder at imminent risk" };
	const cw_instrument *in = cw_instruments_find(all, "safety");
	size_t i;

	if (!in) {
		skip("safety missing");
		return;
	}
	for (i = 0; i < 5; i++) {
		long a[5] = { 0, 0, 0, 0, 0 };
		cw_score s;

		a[i] = 1;
		cw_instrument_score(in, a, &s);
		is_str(cw_risk_name(s.risk), "high", "safety %s yes: high",
		       cw_instrument_item_id(in, i));
		is_str(s.flags, yes[i], "safety %s yes: flag",
		       cw_instrument_item_id(in, i));
		a[i] = 2;
		cw_instrument_score(in, a, &s);
		is_str(cw_risk_name(s.risk), "critical",
		       "safety %s yes and imminent: critical",
		       cw_instrument_item_id(in, i));
		is_str(s.flags, imminent[i], "safety %s yes and imminent: flag",
		       cw_instrument_item_id(in, i));
	}
}

static void test_band_zh(const cw_instruments *all)
{
	const cw_instrument *in = cw_instruments_find(all, "phq9");
	long a[9] = { 3, 3, 3, 3, 3, 0, 0, 0, 0 };
	cw_score s;

	cw_instrument_score(in, a, &s);
	is_str(s.band_zh, "中重度", "phq9 15: band in Chinese");
	is_str(cw_instrument_item_text(in, 8, 1), "有不如死掉或用某种方式伤害自己的念头",
	       "phq9 item 9 in Chinese");
	is_str(cw_instrument_item_text(in, 0, 0),
	       "Little interest or pleasure in doing things", "phq9 item 1 in English");
	ok(cw_instrument_item_text(in, 9, 0) == NULL, "no item 10 text");
	ok(cw_instrument_item_id(in, 9) == NULL, "no item 10 id");
}

/* The canonical text is itself a definition that prints the same. */
static void test_round_trip(const cw_instruments *all)
{
	size_t i;

	for (i = 0; i < cw_instruments_count(all); i++) {
		const cw_instrument *in = cw_instruments_at(all, i);
		const char *json = cw_instrument_json(in);
		char err[256];
		cw_instrument *again = cw_instrument_parse(json, strlen(json), err,
							   sizeof err);

		ok(again != NULL, "%s: the printed definition loads",
		   cw_instrument_name(in));
		is_str(again ? cw_instrument_json(again) : err, json,
		       "%s: and prints the same", cw_instrument_name(in));
		cw_instrument_free(again);
	}
}

/* ---- scoring rules on test definitions --------------------------------------- */

#define T_HEAD "'name':'t','version':'1','title':{'en':'T','zh':'T'}," \
	"'kind':'scale','licence':'test','direction':'higher_better'"
#define T_PAIR "{'en':'x','zh':'x'}"
#define T_ITEM(id) "{'id':'" id "','text':" T_PAIR "}"
#define T_BAND(lo, hi, r) "{'min':" #lo ",'max':" #hi ",'label':" T_PAIR \
	",'risk':'" r "'}"

static void test_reverse(void)
{
	static const char def[] = "{" T_HEAD ",'scale':{'min':1,'max':5},"
		"'items':[" T_ITEM("a") ",{'id':'b','text':" T_PAIR ",'reverse':true}],"
		"'scoring':{'method':'sum'},"
		"'subscales':[{'name':'only_b','items':['b']},"
		"{'name':'both','items':['b','a']}],"
		"'rules':[{'items':['b'],'min':1,'max':1,'risk':'medium',"
		"'flag':'b answered 1'}]}";
	static const struct { long a, b; const char *total, *only_b, *risk; } t[] = {
		{ 1, 1, "6", "5", "medium" },
		{ 5, 5, "6", "1", "low" },
		{ 2, 4, "4", "2", "low" },
		{ 5, 1, "10", "5", "medium" },
	};
	char err[256];
	cw_instrument *in = parse_q(def, err, sizeof err);
	size_t i;

	ok(in != NULL, "reverse-scored definition loads");
	if (!in) {
		printf("# %s\n", err);
		return;
	}
	for (i = 0; i < N(t); i++) {
		long a[2] = { t[i].a, t[i].b };
		cw_score s;

		cw_instrument_score(in, a, &s);
		is_str(fmt100(s.total100), t[i].total, "reverse: %ld,%ld totals %s",
		       t[i].a, t[i].b, t[i].total);
		ok(s.nsub == 2 && !strcmp(s.sub_name[0], "only_b")
		   && !strcmp(s.sub_name[1], "both"), "reverse: two subscales");
		is_str(fmt100(s.sub100[0]), t[i].only_b,
		       "reverse: subscale of b alone is %s", t[i].only_b);
		is_str(fmt100(s.sub100[1]), t[i].total,
		       "reverse: subscale of both is the total");
		is_str(cw_risk_name(s.risk), t[i].risk,
		       "reverse: the rule reads the answer as given (%s)", t[i].risk);
	}
	cw_instrument_free(in);
}

static void test_mean(void)
{
	static const char three[] = "{" T_HEAD ",'scale':{'min':1,'max':5},"
		"'items':[" T_ITEM("a") "," T_ITEM("b") "," T_ITEM("c") "],"
		"'scoring':{'method':'mean'}}";
	static const char two[] = "{" T_HEAD ",'scale':{'min':1,'max':5},"
		"'items':[" T_ITEM("a") "," T_ITEM("b") "],"
		"'scoring':{'method':'mean'}}";
	static const char eight[] = "{" T_HEAD ",'scale':{'min':-1,'max':1},"
		"'items':[" T_ITEM("q1") "," T_ITEM("q2") "," T_ITEM("q3") ","
		T_ITEM("q4") "," T_ITEM("q5") "," T_ITEM("q6") "," T_ITEM("q7") ","
		T_ITEM("q8") "],'scoring':{'method':'mean'}}";
	static const struct { const char *def; long a[8]; const char *want; } t[] = {
		{ three, { 4, 4, 5 }, "4.33" },
		{ three, { 4, 5, 5 }, "4.67" },
		{ three, { 1, 1, 2 }, "1.33" },
		{ three, { 5, 5, 5 }, "5" },
		{ two, { 4, 5 }, "4.5" },
		{ two, { 1, 2 }, "1.5" },
		{ eight, { 1, 0, 0, 0, 0, 0, 0, 0 }, "0.13" },      /* 0.125 */
		{ eight, { -1, 0, 0, 0, 0, 0, 0, 0 }, "-0.13" },    /* -0.125 */
		{ eight, { 1, 1, 1, 0, 0, 0, 0, 0 }, "0.38" },      /* 0.375 */
		{ eight, { -1, -1, -1, 0, 0, 0, 0, 0 }, "-0.38" },
		{ eight, { 1, 1, 0, 0, 0, 0, 0, 0 }, "0.25" },
		{ eight, { -1, -1, -1, -1, -1, -1, -1, 1 }, "-0.75" },
	};
	size_t i;

	for (i = 0; i < N(t); i++) {
		char err[256];
		cw_instrument *in = parse_q(t[i].def, err, sizeof err);
		cw_score s;

		if (!in) {
			ok(0, "mean definition loads: %s", err);
			continue;
		}
		cw_instrument_score(in, t[i].a, &s);
		is_str(fmt100(s.total100), t[i].want, "mean %zu: %s", i, t[i].want);
		ok(!s.has_scaled && s.band == NULL && s.risk == CW_RISK_LOW
		   && !*s.flags, "mean %zu: no scaled score, band, risk or flags", i);
		cw_instrument_free(in);
	}
}

/* The example of the definition format in instrument.c, verbatim. */
static const char example[] =
	"{\n"
	"  \"name\": \"wellbeing_check\",\n"
	"  \"version\": \"2\",\n"
	"  \"title\": { \"en\": \"Well-being check\", \"zh\": \"身心状况检查\" },\n"
	"  \"kind\": \"scale\",\n"
	"  \"licence\": \"Written by the agency; free to use.\",\n"
	"  \"direction\": \"higher_better\",\n"
	"  \"scale\": {\n"
	"    \"min\": 0, \"max\": 3,\n"
	"    \"labels\": [\n"
	"      { \"en\": \"Never\", \"zh\": \"从不\" },\n"
	"      { \"en\": \"Sometimes\", \"zh\": \"有时\" },\n"
	"      { \"en\": \"Often\", \"zh\": \"经常\" },\n"
	"      { \"en\": \"Always\", \"zh\": \"总是\" }\n"
	"    ]\n"
	"  },\n"
	"  \"items\": [\n"
	"    { \"id\": \"sleep\", \"text\": { \"en\": \"I sleep well\", \"zh\": \"我睡得好\" } },\n"
	"    { \"id\": \"worry\", \"text\": { \"en\": \"I worry\", \"zh\": \"我感到担忧\" },\n"
	"      \"reverse\": true },\n"
	"    { \"id\": \"friends\", \"text\": { \"en\": \"I see friends\", \"zh\": \"我与朋友见面\" } },\n"
	"    { \"id\": \"safe\", \"text\": { \"en\": \"I feel safe at home\", \"zh\": \"我在家感到安全\" },\n"
	"      \"scale\": { \"min\": 0, \"max\": 1,\n"
	"                 \"labels\": [ { \"en\": \"No\", \"zh\": \"否\" },\n"
	"                             { \"en\": \"Yes\", \"zh\": \"是\" } ] } }\n"
	"  ],\n"
	"  \"scoring\": { \"method\": \"scaled\", \"factor\": 10, \"bands_on\": \"scaled\" },\n"
	"  \"subscales\": [\n"
	"    { \"name\": \"inner\", \"items\": [\"sleep\", \"worry\"] },\n"
	"    { \"name\": \"outer\", \"items\": [\"friends\", \"safe\"] }\n"
	"  ],\n"
	"  \"bands\": [\n"
	"    { \"min\": 0, \"max\": 30, \"label\": { \"en\": \"low\", \"zh\": \"低\" },\n"
	"      \"risk\": \"medium\" },\n"
	"    { \"min\": 40, \"max\": 100, \"label\": { \"en\": \"fair or good\", \"zh\": \"一般或良好\" },\n"
	"      \"risk\": \"low\" }\n"
	"  ],\n"
	"  \"rules\": [\n"
	"    { \"items\": [\"safe\"], \"min\": 0, \"max\": 0, \"risk\": \"high\",\n"
	"      \"flag\": \"does not feel safe at home\" }\n"
	"  ],\n"
	"  \"meaningful_change\": { \"value\": 20, \"on\": \"scaled\" },\n"
	"  \"reassess\": \"3m\"\n"
	"}\n";

static void test_example(void)
{
	static const struct {
		long a[4];
		const char *total, *scaled, *band, *risk, *inner, *outer, *flags;
	} t[] = {
		{ { 3, 0, 3, 1 }, "10", "100", "fair or good", "low", "6", "4", "" },
		{ { 3, 3, 0, 1 }, "4", "40", "fair or good", "low", "3", "1", "" },
		{ { 3, 3, 0, 0 }, "3", "30", "low", "high", "3", "0",
		  "does not feel safe at home" },
		{ { 0, 3, 0, 1 }, "1", "10", "low", "medium", "0", "1", "" },
	};
	char err[256];
	cw_instrument *in = cw_instrument_parse(example, strlen(example), err,
						sizeof err);
	cw_duration d;
	size_t i;

	ok(in != NULL, "the documented example loads");
	if (!in) {
		printf("# %s\n", err);
		return;
	}
	ok(cw_instrument_reassess(in, &d) == 1 && d.n == 3 && d.unit == 'm',
	   "example: re-assessed after 3m");
	for (i = 0; i < N(t); i++) {
		cw_score s;

		cw_instrument_score(in, t[i].a, &s);
		is_str(fmt100(s.total100), t[i].total, "example %zu: total", i);
		is_str(fmt100(s.scaled100), t[i].scaled, "example %zu: scaled", i);
		is_str(s.band, t[i].band, "example %zu: band on the scaled score", i);
		is_str(cw_risk_name(s.risk), t[i].risk, "example %zu: risk", i);
		is_str(fmt100(s.sub100[0]), t[i].inner, "example %zu: inner", i);
		is_str(fmt100(s.sub100[1]), t[i].outer, "example %zu: outer", i);
		is_str(s.flags, t[i].flags, "example %zu: flags", i);
	}
	cw_instrument_free(in);
}

/* ---- change between two scores ---------------------------------------------- */

static void check_change(const cw_instrument *in, const long *a, const long *b,
			 const char *want, int improved, int meaningful,
			 const char *what)
{
	cw_score sa, sb;
	int imp = -1, mean = -1;
	long d;

	cw_instrument_score(in, a, &sa);
	cw_instrument_score(in, b, &sb);
	d = cw_instrument_change(in, &sa, &sb, &imp, &mean);
	is_str(fmt100(d), want, "%s: change %s", what, want);
	ok(imp == improved, "%s: %s", what, improved ? "improved" : "not improved");
	ok(mean == meaningful, "%s: %s", what,
	   meaningful ? "meaningful" : "not meaningful");
}

static void test_change(const cw_instruments *all)
{
	static const char def[] = "{" T_HEAD ",'scale':{'min':0,'max':5},"
		"'items':[" T_ITEM("a") "],'scoring':{'method':'sum'},"
		"'meaningful_change':{'value':2}}";
	const cw_instrument *phq9 = cw_instruments_find(all, "phq9");
	const cw_instrument *who5 = cw_instruments_find(all, "who5");
	long p20[9] = { 3, 3, 3, 3, 3, 3, 2, 0, 0 };
	long p10[9] = { 2, 2, 2, 2, 2, 0, 0, 0, 0 };
	long p15[9] = { 3, 3, 3, 3, 3, 0, 0, 0, 0 };
	long w10[5] = { 2, 2, 2, 2, 2 }, w12[5] = { 3, 3, 2, 2, 2 };
	long w13[5] = { 3, 3, 3, 2, 2 };
	long t1[1] = { 1 }, t2[1] = { 2 }, t3[1] = { 3 }, t4[1] = { 4 };
	char err[256];
	cw_instrument *t = parse_q(def, err, sizeof err);

	check_change(phq9, p20, p10, "-10", 1, 0, "phq9 20 to 10 (lower better)");
	check_change(phq9, p10, p15, "5", 0, 0, "phq9 10 to 15");
	check_change(phq9, p10, p10, "0", 0, 0, "phq9 no change");
	check_change(who5, w10, w13, "12", 1, 1, "who5 40 to 52 (scaled)");
	check_change(who5, w13, w10, "-12", 0, 1, "who5 52 to 40");
	check_change(who5, w10, w12, "8", 1, 0, "who5 40 to 48, below 10");
	ok(t != NULL, "threshold definition loads");
	if (!t)
		return;
	check_change(t, t1, t3, "2", 1, 1, "threshold 2: +2 exactly");
	check_change(t, t1, t2, "1", 1, 0, "threshold 2: +1");
	check_change(t, t4, t2, "-2", 0, 1, "threshold 2: -2 (higher better)");
	cw_instrument_free(t);
}

/* ---- items and answers ----------------------------------------------------- */

static void test_items(const cw_instruments *all)
{
	static const struct { const char *col; long want; } cols[] = {
		{ "interest", 0 }, { "mood", 1 }, { "self_harm", 8 },
		{ "q1", 0 }, { "q9", 8 }, { "q10", -1 }, { "q0", -1 },
		{ "q01", -1 }, { "Q1", -1 }, { "q", -1 }, { "", -1 },
		{ "q1x", -1 }, { "Mood", -1 }, { "q99999999999999999999", -1 },
	};
	static const char qdef[] = "{" T_HEAD ",'scale':{'min':0,'max':1},"
		"'items':[" T_ITEM("q1") "," T_ITEM("other") "," T_ITEM("q3") "],"
		"'scoring':{'method':'sum'}}";
	const cw_instrument *phq9 = cw_instruments_find(all, "phq9");
	const cw_instrument *k10 = cw_instruments_find(all, "k10");
	char err[256];
	cw_instrument *q;
	size_t i;

	for (i = 0; i < N(cols); i++)
		ok(cw_instrument_item_index(phq9, cols[i].col) == cols[i].want,
		   "phq9 column '%s' is item %ld", show(cols[i].col), cols[i].want);
	q = parse_q(qdef, err, sizeof err);
	ok(q != NULL, "items may be called qN at position N");
	if (q) {
		ok(cw_instrument_item_index(q, "q2") == 1, "q2 names item 2 (other)");
		ok(cw_instrument_item_index(q, "q3") == 2, "q3 is item 3");
		cw_instrument_free(q);
	}

	ok(cw_instrument_check_answer(phq9, 0, 0) == NULL, "phq9: 0 is an answer");
	ok(cw_instrument_check_answer(phq9, 8, 3) == NULL, "phq9: 3 is an answer");
	is_str(cw_instrument_check_answer(phq9, 0, -1),
	       "outside the item's response scale", "phq9: -1 is not");
	is_str(cw_instrument_check_answer(phq9, 0, 4),
	       "outside the item's response scale", "phq9: 4 is not");
	is_str(cw_instrument_check_answer(phq9, 9, 0), "no such item",
	       "phq9: there is no item 10");
	ok(cw_instrument_check_answer(k10, 0, 0) != NULL, "k10: 0 is not an answer");
	ok(cw_instrument_check_answer(k10, 0, 1) == NULL, "k10: 1 is");
	ok(cw_instrument_check_answer(k10, 9, 5) == NULL, "k10: 5 is");
	ok(cw_instrument_check_answer(k10, 9, LONG_MAX) != NULL, "k10: LONG_MAX is not");
	ok(cw_instrument_check_answer(k10, 9, LONG_MIN) != NULL, "k10: LONG_MIN is not");
}

/* ---- small functions ----------------------------------------------------------- */

static void test_format_and_risk(void)
{
	static const struct { long x; const char *want; } f[] = {
		{ 1200, "12" }, { 1250, "12.5" }, { 1225, "12.25" }, { -325, "-3.25" },
		{ 0, "0" }, { 5, "0.05" }, { -5, "-0.05" }, { -50, "-0.5" },
		{ 100, "1" }, { -100, "-1" }, { 10001, "100.01" }, { 433, "4.33" },
	};
	static const char *const names[] = { "low", "medium", "high", "critical" };
	char out[32];
	enum cw_risk r;
	size_t i;

	for (i = 0; i < N(f); i++) {
		cw_hundredths_format(f[i].x, out);
		is_str(out, f[i].want, "hundredths %ld -> %s", f[i].x, f[i].want);
	}
	cw_hundredths_format(LONG_MIN, out);
	ok(out[0] == '-' && strlen(out) > 10, "hundredths LONG_MIN: %s", out);
	for (i = 0; i < N(names); i++) {
		is_str(cw_risk_name((enum cw_risk)(CW_RISK_LOW + (int)i)), names[i],
		       "risk %zu is %s", i + 1, names[i]);
		ok(cw_risk_parse(names[i], &r) == 0 && (int)r == CW_RISK_LOW + (int)i,
		   "risk '%s' parses", names[i]);
	}
	ok(CW_RISK_LOW < CW_RISK_MEDIUM && CW_RISK_HIGH < CW_RISK_CRITICAL,
	   "risks are ordered");
	ok(cw_risk_parse("severe", &r) == -1, "risk 'severe' is unknown");
	ok(cw_risk_parse("High", &r) == -1, "risk names are lowercase");
	ok(cw_risk_parse(NULL, &r) == -1, "risk NULL is unknown");
	is_str(cw_risk_name((enum cw_risk)0), "unknown", "risk 0 has no name");
}

/* ---- bad definitions ----------------------------------------------------------- */

#define T_SCALE "'scale':{'min':0,'max':3}"
#define T_ITEMS "'items':[" T_ITEM("a") "," T_ITEM("b") "]"
#define T_SUM "'scoring':{'method':'sum'}"
#define T_BASE T_HEAD "," T_SCALE "," T_ITEMS "," T_SUM
#define T_BANDS(b) "{" T_BASE ",'bands':[" b "]}"
#define T_RULE(r) "{" T_BASE ",'rules':[" r "]}"
#define T_SUB(s) "{" T_BASE ",'subscales':[" s "]}"
#define T_SCORE(s) "{" T_HEAD "," T_SCALE "," T_ITEMS ",'scoring':" s "}"
#define T_OK_BANDS T_BAND(0, 2, "low") "," T_BAND(3, 6, "high")

static const struct { const char *def, *want; } bad[] = {
	/* the definition and its keys */
	{ "[]", "not a JSON object" },
	{ "{" T_BASE ",'colour':'red'}", "colour: unknown key" },
	{ "{" T_BASE ",'name':'u'}", "name: duplicate key" },
	{ "{'version':'1','title':" T_PAIR ",'kind':'scale','licence':'x',"
	  "'direction':'higher_better'," T_SCALE "," T_ITEMS "," T_SUM "}",
	  "name: missing" },
	{ "{'name':'PHQ','version':'1'}", "name: not an id (1 to 32 of a-z, 0-9 and _)" },
	{ "{'name':'t','version':1}", "version: not a string" },
	{ "{'name':'t','version':''}", "version: empty" },
	{ "{'name':'t','version':'1','title':{'en':'T'}}", "title.zh: missing" },
	{ "{'name':'t','version':'1','title':{'en':'','zh':'T'}}", "title.en: empty" },
	{ "{'name':'t','version':'1','title':'T'}", "title: not an object" },
	{ "{'name':'t','version':'1','title':{'en':'T','zh':'T','fr':'T'}}",
	  "title.fr: unknown key" },
	{ "{'name':'t','version':'1','title':" T_PAIR ",'kind':'quiz'}",
	  "kind: must be scale, needs, safety or survey" },
	{ "{'name':'t','version':'1','title':" T_PAIR ",'kind':'scale'}",
	  "licence: missing" },
	{ "{'name':'t','version':'1','title':" T_PAIR ",'kind':'scale',"
	  "'licence':'x','direction':'up'}",
	  "direction: must be higher_better or lower_better" },
	/* scales */
	{ "{" T_HEAD ",'scale':{'min':3,'max':3}," T_ITEMS "," T_SUM "}",
	  "scale: min 3 is not below max 3" },
	{ "{" T_HEAD ",'scale':{'min':0,'max':3.5}," T_ITEMS "," T_SUM "}",
	  "scale.max: not a whole number" },
	{ "{" T_HEAD ",'scale':{'min':0,'max':101}," T_ITEMS "," T_SUM "}",
	  "scale.max: must be from -100 to 100" },
	{ "{" T_HEAD ",'scale':{'min':'0','max':3}," T_ITEMS "," T_SUM "}",
	  "scale.min: not a number" },
	{ "{" T_HEAD ",'scale':{'max':3}," T_ITEMS "," T_SUM "}",
	  "scale.min: missing" },
	{ "{" T_HEAD ",'scale':{'min':0,'max':3,'labels':[" T_PAIR "," T_PAIR "]},"
	  T_ITEMS "," T_SUM "}", "scale.labels: 2 labels for the 4 values 0..3" },
	{ "{" T_HEAD ",'scale':{'min':0,'max':1,'labels':[" T_PAIR ",{'en':'y'}]},"
	  T_ITEMS "," T_SUM "}", "scale.labels[1].zh: missing" },
	/* items */
	{ "{" T_HEAD "," T_SCALE ",'items':[]," T_SUM "}", "items: empty" },
	{ "{" T_HEAD "," T_SCALE ",'items':{}," T_SUM "}", "items: not a list" },
	{ "{" T_HEAD "," T_SCALE "," T_SUM "}", "items: missing" },
	{ "{" T_HEAD "," T_SCALE ",'items':[" T_ITEM("a") "," T_ITEM("b") ","
	  T_ITEM("c") "," T_ITEM("b") "]," T_SUM "}", "items[3].id: duplicate id 'b'" },
	{ "{" T_HEAD "," T_SCALE ",'items':[" T_ITEM("Mood") "]," T_SUM "}",
	  "items[0].id: not an id (1 to 32 of a-z, 0-9 and _)" },
	{ "{" T_HEAD "," T_SCALE ",'items':[" T_ITEM("a") "," T_ITEM("q1") "]," T_SUM "}",
	  "items[1].id: 'q1' would name item 1 by position; use q2 or another id" },
	{ "{" T_HEAD "," T_SCALE ",'items':[{'id':'a','text':{'en':'A'}}]," T_SUM "}",
	  "items[0].text.zh: missing" },
	{ "{" T_HEAD "," T_SCALE ",'items':[{'id':'a'}]," T_SUM "}",
	  "items[0].text: missing" },
	{ "{" T_HEAD "," T_SCALE ",'items':[" T_ITEM("a") ",{'id':'b','text':" T_PAIR
	  ",'colour':1}]," T_SUM "}", "items[1].colour: unknown key" },
	{ "{" T_HEAD "," T_SCALE ",'items':[" T_ITEM("a") ",{'id':'b','text':" T_PAIR
	  ",'reverse':'yes'}]," T_SUM "}", "items[1].reverse: not true or false" },
	{ "{" T_HEAD "," T_ITEMS "," T_SUM "}",
	  "items[0].scale: missing (there is no default scale)" },
	{ "{" T_HEAD "," T_SCALE ",'items':[{'id':'a','text':" T_PAIR
	  ",'scale':{'min':1,'max':0}}]," T_SUM "}", "items[0].scale: min 1 is not below max 0" },
	/* scoring */
	{ "{" T_HEAD "," T_SCALE "," T_ITEMS "}", "scoring: missing" },
	{ T_SCORE("{'method':'median'}"), "scoring.method: must be sum, mean or scaled" },
	{ T_SCORE("{}"), "scoring.method: missing" },
	{ T_SCORE("{'method':'scaled'}"), "scoring.factor: missing (method scaled needs one)" },
	{ T_SCORE("{'method':'sum','factor':4}"), "scoring.factor: only with method scaled" },
	{ T_SCORE("{'method':'scaled','factor':0}"),
	  "scoring.factor: must be above 0 and at most 100" },
	{ T_SCORE("{'method':'scaled','factor':101}"),
	  "scoring.factor: must be above 0 and at most 100" },
	{ T_SCORE("{'method':'scaled','factor':1.234}"),
	  "scoring.factor: more than two decimals" },
	{ T_SCORE("{'method':'sum','bands_on':'total'}"),
	  "scoring.bands_on: only with method scaled" },
	{ T_SCORE("{'method':'scaled','factor':2,'bands_on':'raw'}"),
	  "scoring.bands_on: must be total or scaled" },
	/* subscales */
	{ T_SUB("{'name':'s','items':['a','zz']}"), "subscales[0].items[1]: no item 'zz'" },
	{ T_SUB("{'name':'s','items':['a']},{'name':'s','items':['b']}"),
	  "subscales[1].name: duplicate name 's'" },
	{ T_SUB("{'name':'s','items':'*'}"), "subscales[0].items: not a list of item ids" },
	{ T_SUB("{'name':'s','items':[]}"), "subscales[0].items: empty" },
	{ T_SUB("{'name':'s','items':['a','a']}"), "subscales[0].items[1]: 'a' listed twice" },
	/* bands */
	{ T_BANDS(T_BAND(0, 2, "low") "," T_BAND(4, 6, "high")),
	  "bands: 4..6 leaves a gap after 2" },
	{ T_BANDS(T_BAND(0, 3, "low") "," T_BAND(3, 6, "high")),
	  "bands: 3..6 overlaps 0..3" },
	{ T_BANDS(T_BAND(3, 6, "high") "," T_BAND(0, 4, "low")),
	  "bands: 3..6 overlaps 0..4" },
	{ T_BANDS(T_BAND(0, 2, "low") "," T_BAND(3, 7, "high")),
	  "bands[1]: 3..7 is past the range 0..6" },
	{ T_BANDS(T_BAND(-1, 2, "low") "," T_BAND(3, 6, "high")),
	  "bands[0]: -1..2 is past the range 0..6" },
	{ T_BANDS(T_BAND(1, 6, "low")), "bands: no band holds the lowest possible score 0" },
	{ T_BANDS(T_BAND(0, 2, "low") "," T_BAND(3, 5, "high")),
	  "bands: no band holds the highest possible score 6" },
	{ T_BANDS(T_BAND(2, 0, "low")), "bands[0]: min 2 is above max 0" },
	{ T_BANDS(T_BAND(0, 2, "low") "," T_BAND(3, 6, "severe")),
	  "bands[1].risk: must be low, medium, high or critical" },
	{ T_BANDS(T_BAND(0, 2, "low") ",{'min':3,'max':6,'risk':'high'}"),
	  "bands[1].label: missing" },
	{ T_BANDS(T_BAND(0, 2.555, "low")), "bands[0].max: more than two decimals" },
	{ T_BANDS(T_BAND(0, 2, "low") ",{'min':3,'max':6,'label':" T_PAIR "}"),
	  "bands[1].risk: missing" },
	{ "{" T_BASE ",'bands':[]}", "bands: empty" },
	{ "{" T_HEAD "," T_SCALE "," T_ITEMS ",'scoring':{'method':'mean'},'bands':["
	  T_BAND(0, 1, "low") "," T_BAND(1.1, 1.4, "low") "," T_BAND(1.5, 3, "low") "]}",
	  "bands[1]: 1.1..1.4 holds no possible score" },
	{ "{" T_HEAD "," T_SCALE "," T_ITEMS ",'scoring':{'method':'scaled','factor':4,"
	  "'bands_on':'scaled'},'bands':[" T_BAND(0, 12, "low") "," T_BAND(13, 28, "high")
	  "]}", "bands[1]: 13..28 is past the range 0..24" },
	{ "{" T_HEAD "," T_SCALE "," T_ITEMS ",'scoring':{'method':'scaled','factor':4,"
	  "'bands_on':'scaled'},'bands':[" T_BAND(0, 10, "low") "," T_BAND(13, 24, "high")
	  "]}", "bands: 13..24 leaves a gap after 10" },
	/* rules */
	{ T_RULE("{'items':['zz'],'min':1,'max':3,'risk':'high','flag':'f'}"),
	  "rules[0].items[0]: no item 'zz'" },
	{ T_RULE("{'items':'all','min':1,'max':3,'risk':'high','flag':'f'}"),
	  "rules[0].items: not \"*\" or a list of item ids" },
	{ T_RULE("{'items':['a'],'min':1,'max':3,'risk':'severe','flag':'f'}"),
	  "rules[0].risk: must be low, medium, high or critical" },
	{ T_RULE("{'items':['a'],'min':3,'max':1,'risk':'high','flag':'f'}"),
	  "rules[0]: min 3 is above max 1" },
	{ T_RULE("{'items':'*','min':4,'max':5,'risk':'high','flag':'f'}"),
	  "rules[0]: 4..5 is outside the scale of every item it lists" },
	{ T_RULE("{'items':['a'],'min':1,'max':3,'risk':'high','flag':'a; b'}"),
	  "rules[0].flag: contains ';'" },
	{ T_RULE("{'items':['a'],'min':1,'max':3,'risk':'high'}"), "rules[0].flag: missing" },
	{ T_RULE("{'items':['a','b','a'],'min':1,'max':3,'risk':'high','flag':'f'}"),
	  "rules[0].items[2]: 'a' listed twice" },
	{ T_RULE("{'items':['a'],'min':1,'max':3,'risk':'high','flag':'f'},"
		 "{'items':['a'],'min':1,'max':3,'risk':'high','flag':'f','note':'x'}"),
	  "rules[1].note: unknown key" },
	{ T_RULE("{'items':['a'],'min':1.5,'max':3,'risk':'high','flag':'f'}"),
	  "rules[0].min: not a whole number" },
	/* meaningful change and re-assessment */
	{ "{" T_BASE ",'meaningful_change':{'value':5,'on':'scaled'}}",
	  "meaningful_change.on: scaled needs method scaled" },
	{ "{" T_BASE ",'meaningful_change':{'value':0}}",
	  "meaningful_change.value: must be above 0" },
	{ "{" T_BASE ",'meaningful_change':{'on':'total'}}",
	  "meaningful_change.value: missing" },
	{ "{" T_BASE ",'reassess':'4 weeks'}", "reassess: not a duration: use Nd, Nw, Nm or Ny" },
	{ "{" T_BASE ",'reassess':'0w'}", "reassess: must be longer than 0" },
	{ "{" T_BASE ",'reassess':4}", "reassess: not a string" },
};

static void test_bad(void)
{
	const char *p;
	char err[256], big[600];
	cw_buf b;
	size_t i;
	cw_instrument *in;

	in = parse_q("{" T_BASE "}", err, sizeof err);
	ok(in != NULL, "the base of the bad definitions is good");
	cw_instrument_free(in);
	in = parse_q(T_BANDS(T_OK_BANDS), err, sizeof err);
	ok(in != NULL, "with bands 0..2, 3..6 too");
	cw_instrument_free(in);
	in = parse_q(T_BANDS(T_BAND(3, 6, "high") "," T_BAND(0, 2, "low")), err, sizeof err);
	ok(in != NULL, "bands may come in any order");
	cw_instrument_free(in);
	in = parse_q("{" T_HEAD "," T_SCALE "," T_ITEMS ",'scoring':{'method':'scaled',"
		     "'factor':4,'bands_on':'scaled'},'bands':[" T_BAND(0, 8, "low") ","
		     T_BAND(12, 24, "high") "]}", err, sizeof err);
	ok(in != NULL, "scaled 0..8, 12..24: no gap, as 9..11 cannot be scored");
	cw_instrument_free(in);

	for (i = 0; i < N(bad); i++) {
		in = parse_q(bad[i].def, err, sizeof err);
		ok(in == NULL, "bad definition %zu refused", i);
		is_str(in ? "(loaded)" : err, bad[i].want, "bad definition %zu: %s", i,
		       show(bad[i].want));
		cw_instrument_free(in);
	}

	/* not JSON at all: the strict validator speaks, with the line */
	p = "{\n\"name\": 'phq9'}";
	in = cw_instrument_parse(p, strlen(p), err, sizeof err);
	ok(in == NULL && !strncmp(err, "line 2: ", 8), "not JSON: '%s'", show(err));
	p = "{\"name\":\"a\",}";
	in = cw_instrument_parse(p, strlen(p), err, sizeof err);
	ok(in == NULL && !strncmp(err, "line 1: ", 8), "trailing comma: '%s'", show(err));

	/* the flags must fit cw_score.flags together */
	cw_buf_init(&b);
	cw_buf_addstr(&b, "{" T_BASE ",'rules':[");
	memset(big, 'x', 100);
	big[100] = '\0';
	for (i = 0; i < 6; i++) {
		big[0] = (char)('a' + i);
		cw_buf_printf(&b, "%s{'items':'*','min':0,'max':3,'risk':'low','flag':'%s'}",
			      i ? "," : "", big);
	}
	cw_buf_addstr(&b, "]}");
	in = parse_q(b.s, err, sizeof err);
	is_str(in ? "(loaded)" : err, "rules: the flags together are longer than 511 bytes",
	       "six flags of 100 bytes are too many");
	cw_instrument_free(in);
	memset(big, 'y', 101);
	big[101] = '\0';
	cw_buf_reset(&b);
	cw_buf_printf(&b, "{" T_BASE ",'rules':[{'items':['a'],'min':0,'max':3,"
		      "'risk':'low','flag':'%s'}]}", big);
	in = parse_q(b.s, err, sizeof err);
	is_str(in ? "(loaded)" : err, "rules[0].flag: longer than 100 bytes",
	       "a flag of 101 bytes is too long");
	cw_instrument_free(in);
	cw_buf_release(&b);

	/* a small error buffer is cut, never overrun */
	in = parse_q("{" T_BASE ",'colour':'red'}", err, 8);
	is_str(err, "colour:", "the message is cut to the buffer");
	ok(parse_q("{" T_BASE ",'colour':'red'}", NULL, 0) == NULL,
	   "no error buffer: still refused");
}

/* ---- the registry with an agency folder ---------------------------------------- */

/* Writes a folder file; quoted: its ' are " (see dq). */
static void put_file(const char *name, const char *text, int quoted)
{
	char path[256];
	char *t = quoted ? dq(text) : cw_xstrdup(text);

	snprintf(path, sizeof path, "%s/%s", dir, name);
	write_file(path, t);
	free(t);
}

static void put(const char *name, const char *def)
{
	put_file(name, def, 1);
}

static void unput(const char *name)
{
	char path[256];

	snprintf(path, sizeof path, "%s/%s", dir, name);
	unlink(path);
}

static void test_folder(const cw_instruments *builtins_only)
{
	const cw_instrument *phq9 = cw_instruments_find(builtins_only, "phq9");
	cw_instruments *all = NULL;
	char msg[1024], want[1024], path[256];
	const char *local_json = "{'name':'local','version':'1','title':" T_PAIR
		",'kind':'survey','licence':'x','direction':'higher_better',"
		T_SCALE "," T_ITEMS "," T_SUM "}";
	char *tight, *p;
	int rc;

	/* an agency tightens PHQ-9: a new version, item 9 critical from 2 */
	tight = cw_xstrdup(cw_instrument_json(phq9));
	p = strstr(tight, "\"version\": \"1\"");
	if (p)
		p[12] = '9';
	p = strstr(tight, "\"min\": 3,\n      \"max\": 3,\n      \"risk\": \"critical\"");
	if (p)
		p[7] = '2';
	put_file("phq9-agency.json", tight, 0);
	free(tight);
	put("b-local.json", local_json);
	put("notes.txt", "not a definition");
	put(".hidden.json", "not even JSON");

	rc = load_caught(dir, &all, msg, sizeof msg);
	ok(rc == 0, "folder loads (rc %d)", rc);
	is_str(msg, "", "and says nothing");
	if (rc == 0) {
		const cw_instrument *agency = cw_instruments_find(all, "phq9");
		long a[9] = { 0, 0, 0, 0, 0, 0, 0, 0, 2 };
		cw_score s;

		ok(cw_instruments_count(all) == N(builtins) + 1,
		   "the built-ins and one more");
		is_str(cw_instrument_version(agency), "9", "phq9 is the agency's");
		ok(cw_instruments_at(all, 4) == agency,
		   "in the built-in's place");
		is_str(cw_instrument_name(cw_instruments_at(all, N(builtins))), "local",
		       "the new one comes last");
		cw_instrument_score(agency, a, &s);
		is_str(cw_risk_name(s.risk), "critical",
		       "the tightened rule: item 9 = 2 is critical");
		cw_instrument_score(cw_instruments_find(builtins_only, "phq9"), a, &s);
		is_str(cw_risk_name(s.risk), "high", "the built-in says high");
	}
	cw_instruments_free(all);

	/* two folder files with one name */
	put("c-local.json", local_json);
	rc = load_caught(dir, &all, msg, sizeof msg);
	ok(rc == CW_EXIT_USAGE && all == NULL, "two files named local: refused");
	snprintf(want, sizeof want, "test_instrument: %s/c-local.json: name: 'local' is "
		 "also defined in %s/b-local.json", dir, dir);
	is_str(msg, want, "and says which");
	unput("c-local.json");

	/* a bad folder file */
	put("a-bad.json", "{" T_HEAD "," T_SCALE ",'items':[" T_ITEM("a") ","
	    T_ITEM("a") "]," T_SUM "}");
	rc = load_caught(dir, &all, msg, sizeof msg);
	ok(rc == CW_EXIT_USAGE && all == NULL, "a bad definition: refused");
	snprintf(want, sizeof want, "test_instrument: %s/a-bad.json: items[1].id: "
		 "duplicate id 'a'", dir);
	is_str(msg, want, "PROG: FILE: PATH: what");
	unput("a-bad.json");

	/* a folder definition with the name of a built-in twice */
	put_file("phq9-zz.json", cw_instrument_json(phq9), 0);
	rc = load_caught(dir, &all, msg, sizeof msg);
	ok(rc == CW_EXIT_USAGE, "two folder files for phq9: refused");
	snprintf(want, sizeof want, "test_instrument: %s/phq9-zz.json: name: 'phq9' "
		 "is also defined in %s/phq9-agency.json", dir, dir);
	is_str(msg, want, "and says which");
	unput("phq9-zz.json");

	/* a missing folder; a trailing slash is fine */
	snprintf(path, sizeof path, "%s/none", dir);
	rc = load_caught(path, &all, msg, sizeof msg);
	ok(rc == CW_EXIT_USAGE && all == NULL, "missing folder: refused");
	snprintf(want, sizeof want, "test_instrument: %s: cannot read the instrument "
		 "folder: No such file or directory", path);
	is_str(msg, want, "and says so");
	snprintf(path, sizeof path, "%s/", dir);
	rc = load_caught(path, &all, msg, sizeof msg);
	ok(rc == 0 && all && cw_instruments_count(all) == N(builtins) + 1,
	   "folder named with a trailing slash");
	cw_instruments_free(all);

	/* an empty folder: the built-ins alone */
	unput("phq9-agency.json");
	unput("b-local.json");
	unput("notes.txt");
	unput(".hidden.json");
	rc = load_caught(dir, &all, msg, sizeof msg);
	ok(rc == 0 && all && cw_instruments_count(all) == N(builtins),
	   "an empty folder: the built-ins");
	cw_instruments_free(all);
}

int main(void)
{
	cw_instruments *all = NULL;
	int rc;

	cw_set_progname("test_instrument");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	rc = cw_instruments_load(&all, NULL);
	ok(rc == 0 && all != NULL, "every built-in loads");
	if (!all)
		return tap_done();
	test_builtins(all);
	test_scores(all);
	test_safety_items(all);
	test_band_zh(all);
	test_round_trip(all);
	test_reverse();
	test_mean();
	test_example();
	test_change(all);
	test_items(all);
	test_format_and_risk();
	test_bad();
	test_folder(all);
	cw_instruments_free(all);
	rmdir(dir);
	return tap_done();
}
