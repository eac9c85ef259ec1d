/* test_report_out.c - a report table in every output format, byte for
 * byte where the format is exact, and the HTML page checked by parsing. */
#define _POSIX_C_SOURCE 200809L
#include <fcntl.h>
#include <locale.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>
#include "report/report.h"
#include "tap.h"

/* Two groupings (month, worker), counts, a rate and a mean built on the
 * count, and a text column of ids and phones. */
static const report_col cols[] = {
	{"month", "Month", "月份", RC_GROUP, -1},
	{"worker", "Worker", "社工", RC_GROUP, -1},
	{"contacts", "Contacts", "服务人次", RC_COUNT, -1},
	{"clients", "Clients", "服务人数", RC_DISTINCT, -1},
	{"improved", "Improved %", "改善率%", RC_RATE, 2},
	{"change", "Mean change", "平均变化", RC_MEAN, 2},
	{"id_number", "ID number", "身份证号", RC_TEXT, -1},
};
#define W "O'Neil & <Co>, \"Ltd\""
static const char *const rows[][7] = {
	{"2026-07", "李敏", "5", "3", "40.0", "-3", "110101199003071234"},
	{"2026-07", W, "2", "2", "50.0", "1.5", "=1+1"},
	{"2026-07", "total", "7", "5", "42.9", "-1.7", NULL},
	{"2026-08", "李敏", "4", "4", "25.0", "-2", "13800138000"},
	{"2026-08", W, "6", "3", "33.3", "0", NULL},
	{"2026-08", "total", "10", "6", "30.0", "-0.8", NULL},
	{"2026-09", "李敏", "8", "5", "50.0", "-4.25", "@SUM(A1)"},
	{"2026-09", W, "3", "3", "0.0", "2", NULL},
	{"2026-09", "total", "11", "7", "36.4", "-2.4", NULL},
	{"total", "李敏", "17", "8", "41.2", "-3.1", NULL},
	{"total", W, "11", "5", "27.3", "0.9", NULL},
	{"total", "total", "28", "12", "35.7", "-1.5", NULL},
};
static const unsigned masks[] = {0, 0, 2, 0, 0, 2, 0, 0, 2, 1, 1, 3};

static void build(report_table *t)
{
	size_t i;
	report_init(t, "services", cols, 7, 2);
	t->title_en = "Services by month & worker";
	t->title_zh = "按月份和社工的服务";
	t->period = "2026-07-01..2026-09-30";
	for (i = 0; i < sizeof rows / sizeof *rows; i++)
		report_add_row(t, rows[i], masks[i]);
	t->hidden[1 * 7 + 2] = 1;   /* contacts of 2026-07, O'Neil */
	t->hidden[1 * 7 + 4] = 1;   /* and the rate built on it */
	t->chart = CH_LINE;
	t->chart_col = 2;
	t->chart_en = "Contacts per month";
	t->chart_zh = "每月服务人次";
}

/* One grouping, a bar chart, a hidden category. */
static const report_col kcols[] = {
	{"kind", "Kind", "类型", RC_GROUP, -1},
	{"contacts", "Contacts", "服务人次", RC_COUNT, -1},
	{"minutes", "Minutes", "分钟", RC_SUM, -1},
};
static const char *const krows[][3] = {
	{"home_visit", "12", "600"},
	{"phone", "2", "30"},
	{"interview", "20", NULL},
	{"group", "7", "420"},
	{"total", "41", "1050"},
};

static void build_kinds(report_table *t)
{
	size_t i;
	report_init(t, "services", kcols, 3, 1);
	t->title_en = "Services by kind";
	t->title_zh = "按类型的服务";
	for (i = 0; i < 5; i++)
		report_add_row(t, krows[i], i == 4 ? 1u : 0u);
	t->hidden[1 * 3 + 1] = 1;
	t->hidden[1 * 3 + 2] = 1;
	t->chart = CH_BAR;
	t->chart_col = 1;
}

/* Runs report_render with standard output sent to a temporary file and
 * returns what it wrote. */
static char *capture(const report_table *t, enum cw_format fmt, int excel,
		     int html, int zh, int *rc)
{
	char path[] = "/tmp/test_report_out.XXXXXX";
	int fd = mkstemp(path), saved;
	cw_buf b;
	char chunk[4096];
	ssize_t n;

	if (fd < 0) {
		perror("mkstemp");
		exit(1);
	}
	unlink(path);
	fflush(stdout);
	saved = dup(1);
	dup2(fd, 1);
	*rc = report_render(stdout, t, excel ? CW_FMT_EXCEL : fmt, html, zh);
	fflush(stdout);
	dup2(saved, 1);
	close(saved);
	lseek(fd, 0, SEEK_SET);
	cw_buf_init(&b);
	while ((n = read(fd, chunk, sizeof chunk)) > 0)
		cw_buf_add(&b, chunk, (size_t)n);
	close(fd);
	return cw_buf_detach(&b, NULL);
}

/* Renders in a child whose standard output is /dev/full: returns the
 * child's exit status (report_render's result) and what it said on
 * standard error in err. */
static int render_to_full(const report_table *t, enum cw_format fmt,
			  int excel, int html, char *err, size_t errsz)
{
	char path[] = "/tmp/test_report_err.XXXXXX";
	int efd = mkstemp(path), status = -1;
	pid_t pid;
	ssize_t n;

	if (efd < 0)
		return -1;
	unlink(path);
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid == 0) {
		int fd = open("/dev/full", O_WRONLY);
		if (fd < 0)
			_exit(99);
		dup2(fd, 1);
		dup2(efd, 2);
		_exit(report_render(stdout, t, excel ? CW_FMT_EXCEL : fmt, html, 0));
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	lseek(efd, 0, SEEK_SET);
	n = read(efd, err, errsz - 1);
	err[n > 0 ? n : 0] = '\0';
	close(efd);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* ---- a small XML checker for the page --------------------------------- */

static int is_name_ch(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == ':' || c == '_';
}

/* An entity the page may use: &amp; &lt; &gt; &quot; &#39; &#NNN;. */
static size_t entity(const char *p)
{
	static const char *const named[] = {"&amp;", "&lt;", "&gt;", "&quot;", "&#39;"};
	size_t i;
	for (i = 0; i < 5; i++)
		if (!strncmp(p, named[i], strlen(named[i])))
			return strlen(named[i]);
	if (p[1] == '#') {
		i = 2;
		while (p[i] >= '0' && p[i] <= '9')
			i++;
		if (i > 2 && p[i] == ';')
			return i + 1;
	}
	return 0;
}

/* Checks that s is one well-formed element (after an optional doctype):
 * tags balanced and properly nested, attributes quoted, text and
 * attribute values escaped. Returns NULL or what is wrong; counts the
 * elements in *nel. */
static const char *xml_check(const char *s, size_t *nel)
{
	char stack[64][32];
	int depth = 0, roots = 0;
	const char *p = s;

	*nel = 0;
	if (!strncmp(p, "<!DOCTYPE html>", 15))
		p += 15;
	while (*p) {
		if (*p == '<' && !strncmp(p, "<!--", 4)) {
			const char *e = strstr(p, "-->");
			if (!e)
				return "comment not closed";
			p = e + 3;
		} else if (*p == '<' && p[1] == '/') {
			size_t n = 0;
			p += 2;
			while (is_name_ch(p[n]))
				n++;
			if (!depth || n != strlen(stack[depth - 1]) ||
			    strncmp(p, stack[depth - 1], n))
				return "end tag does not match";
			p += n;
			if (*p != '>')
				return "junk in an end tag";
			p++;
			depth--;
		} else if (*p == '<') {
			size_t n = 0;
			p++;
			while (is_name_ch(p[n]))
				n++;
			if (!n || n >= sizeof stack[0])
				return "bad element name";
			if (depth == 0 && roots++)
				return "more than one root element";
			if (depth == 64)
				return "too deep";
			memcpy(stack[depth], p, n);
			stack[depth][n] = '\0';
			(*nel)++;
			p += n;
			for (;;) {
				size_t a = 0;
				while (*p == ' ' || *p == '\n')
					p++;
				if (*p == '>') {
					p++;
					depth++;
					break;
				}
				if (p[0] == '/' && p[1] == '>') {
					p += 2;
					break;
				}
				while (is_name_ch(p[a]))
					a++;
				if (!a || p[a] != '=' || p[a + 1] != '"')
					return "attribute not name=\"value\"";
				p += a + 2;
				while (*p && *p != '"') {
					if (*p == '<')
						return "< in an attribute";
					if (*p == '&') {
						size_t e = entity(p);
						if (!e)
							return "bare & in an attribute";
						p += e;
					} else {
						p++;
					}
				}
				if (!*p)
					return "attribute not closed";
				p++;
			}
		} else {
			if (*p == '&') {
				size_t e = entity(p);
				if (!e)
					return "bare & in text";
				p += e;
				continue;
			}
			if (*p == '>')
				return "bare > in text";
			if (!depth && *p != '\n' && *p != ' ')
				return "text outside the root";
			p++;
		}
	}
	if (depth)
		return "elements left open";
	if (roots != 1)
		return "no root element";
	return NULL;
}

static size_t count(const char *s, const char *what)
{
	size_t n = 0;
	for (s = strstr(s, what); s; s = strstr(s + 1, what))
		n++;
	return n;
}

/* The part of s from the first from up to the end of the first to after
 * it (a copy), or NULL. */
static char *between(const char *s, const char *from, const char *to)
{
	const char *a = strstr(s, from), *e;
	if (!a || !(e = strstr(a, to)))
		return NULL;
	return cw_xstrndup(a, (size_t)(e - a) + strlen(to));
}

static void check_self_contained(const char *html, const char *which)
{
	static const char *const bad[] = {"http:", "https:", "src=", "href=",
					  "url(", "@import", "<script", "<link"};
	size_t i;
	int clean = 1;
	for (i = 0; i < sizeof bad / sizeof *bad; i++)
		if (strstr(html, bad[i])) {
			printf("# found %s\n", bad[i]);
			clean = 0;
		}
	ok(clean, "%s: nothing fetched (no http, src, href, url(, @import, script, link)", which);
}

static void test_html(const report_table *t, const report_table *k)
{
	char *h, *svg;
	const char *why;
	size_t nel;
	int rc;

	h = capture(t, CW_FMT_JSONL, 0, 1, 1, &rc);
	ok(rc == 0, "html: returns 0");
	why = xml_check(h, &nel);
	is_str(why, NULL, "html zh: well-formed (%zu elements)", nel);
	check_self_contained(h, "html zh");
	ok(!strncmp(h, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n"
		    "<meta charset=\"utf-8\"/>\n", 64), "html zh: doctype, lang zh-CN, charset first");
	ok(strstr(h, "<title>按月份和社工的服务（2026-07-01 至 2026-09-30）</title>") != NULL,
	   "html zh: title with the period");
	ok(strstr(h, "\"Noto Sans CJK SC\"") && strstr(h, "\"Microsoft YaHei\"") &&
	   strstr(h, "\"PingFang SC\"") && strstr(h, "sans-serif}"),
	   "html: a font stack with CJK fallbacks");
	ok(strstr(h, "<td>O&#39;Neil &amp; &lt;Co&gt;, &quot;Ltd&quot;</td>") != NULL,
	   "html: text escaped (& < > \" ')");
	ok(strstr(h, "<th scope=\"col\">月份</th><th scope=\"col\">社工</th>"
		  "<th scope=\"col\" class=\"num\">服务人次</th>") != NULL,
	   "html zh: Chinese headings, numeric ones right-aligned");
	ok(strstr(h, "<tr class=\"total\"><td>2026-07</td><td>合计</td><td class=\"num\">7</td>") != NULL,
	   "html zh: total rows say 合计, numbers right-aligned");
	ok(strstr(h, "<td class=\"num hidden\">x</td>") != NULL &&
	   strstr(h, "<p class=\"note\">x：") != NULL,
	   "html: a hidden cell shows x, with a footnote");
	ok(strstr(h, "<td>110101199003071234</td>") && strstr(h, "<td>=1+1</td>"),
	   "html: ids and text as they are");
	ok(strstr(h, "<thead>") && strstr(h, "<tbody>"), "html: thead and tbody");
	svg = between(h, "<svg", "</svg>");
	ok(svg != NULL, "html: an inline svg");
	if (svg) {
		char *pl = between(svg, "<polyline", "/>");
		ok(count(svg, "<polyline") == 1 && pl && count(pl, ",") == 3,
		   "line chart: one polyline through 3 points");
		ok(count(svg, "<circle") == 3, "line chart: a marker per month");
		ok(strstr(svg, ">2026-07</text>") && strstr(svg, ">2026-08</text>") &&
		   strstr(svg, ">2026-09</text>"), "line chart: the months label the x axis");
		ok(strstr(svg, "<title>2026-08: 10</title>") != NULL,
		   "line chart: the month margins drawn (2026-08: 10)");
		ok(!strstr(svg, ">28<") && !strstr(svg, "李敏"),
		   "line chart: no total row, no per-worker rows");
		ok(strstr(svg, ">月份</text>") && strstr(svg, ">服务人次</text>"),
		   "line chart: axis titles");
		ok(strstr(svg, ">0</text>") && strstr(svg, ">12</text>"),
		   "line chart: y ticks from 0 to 12");
		ok(strstr(h, "<figcaption>每月服务人次</figcaption>") != NULL, "chart caption");
		free(pl);
	}
	free(svg);
	free(h);

	h = capture(t, CW_FMT_JSONL, 0, 1, 0, &rc);
	why = xml_check(h, &nel);
	is_str(why, NULL, "html en: well-formed");
	ok(strstr(h, "<html lang=\"en\">") && strstr(h,
	   "<title>Services by month &amp; worker (2026-07-01 to 2026-09-30)</title>") &&
	   strstr(h, "<h1>Services by month &amp; worker</h1>"),
	   "html en: lang, escaped title and heading");
	ok(strstr(h, "<td>Total</td>") && strstr(h, ">Contacts</th>") &&
	   strstr(h, "<figcaption>Contacts per month</figcaption>"),
	   "html en: English labels");
	free(h);

	h = capture(k, CW_FMT_JSONL, 0, 1, 0, &rc);
	why = xml_check(h, &nel);
	is_str(why, NULL, "bar chart page: well-formed");
	check_self_contained(h, "bar chart page");
	svg = between(h, "<svg", "</svg>");
	ok(svg && count(svg, "<rect") == 3, "bar chart: a bar per shown category, hidden one skipped");
	ok(svg && strstr(svg, "<text class=\"hidden\"") && !strstr(svg, ">41<"),
	   "bar chart: the hidden one marked, the total not drawn");
	ok(svg && !strstr(svg, "<polyline"), "bar chart: no line");
	ok(strstr(h, "<figcaption>Contacts</figcaption>") != NULL,
	   "bar chart: caption falls back to the column label");
	ok(!strstr(h, "class=\"period\""), "no period, no period line");
	free(svg);
	free(h);
}

/* A line over months with one hidden: the line breaks there; long
 * category labels are cut on the axis, never in the table. */
static void test_line_gap(void)
{
	static const report_col mcols[] = {
		{"month", "Month", "月份", RC_GROUP, -1},
		{"change", "Mean change", "平均变化", RC_MEAN, -1},
	};
	static const char *const mrows[][2] = {
		{"2026-01", "-1.5"}, {"2026-02", "2"}, {"2026-03", "4"},
		{"2026-04", "3"}, {"2026-05", "0.5"},
		{"一个很长很长很长的类别名称", "1"}, {"total", "1.6"},
	};
	report_table m;
	char *h, *svg;
	size_t i, nel;
	int rc;

	report_init(&m, "m", mcols, 2, 1);
	for (i = 0; i < 7; i++)
		report_add_row(&m, mrows[i], i == 6 ? 1u : 0u);
	m.hidden[2 * 2 + 1] = 1;
	m.chart = CH_LINE;
	m.chart_col = 1;
	h = capture(&m, CW_FMT_JSONL, 0, 1, 1, &rc);
	is_str(xml_check(h, &nel), NULL, "line with a gap: well-formed");
	svg = between(h, "<svg", "</svg>");
	ok(svg && count(svg, "<polyline") == 2 && count(svg, "<circle") == 5,
	   "line with a hidden month: broken in two, a marker per shown month");
	ok(svg && strstr(svg, "points=\"") && strstr(svg, ">-2</text>") &&
	   strstr(svg, ">3</text>") && !strstr(svg, ">4</text>"), "negative values: the scale goes from -2 to 3, the hidden 4 not drawn");
	ok(svg && strstr(svg, ">一个很长很…</text>") != NULL,
	   "a long category is cut on the axis");
	ok(strstr(h, "<td>一个很长很长很长的类别名称</td>") != NULL, "and whole in the table");
	free(svg);
	free(h);
	report_release(&m);
}

/* Periods with an open end: --until alone has no first day. The title
 * and the period line word it, never " ( to 2026-11-15)". */
static void test_open_period(void)
{
	static const struct {
		const char *period;
		int zh;
		const char *title, *line;
	} cases[] = {
		{"..2026-11-15", 0, "<title>Services by kind (up to 2026-11-15)</title>",
		 "<p class=\"period\">Period: up to 2026-11-15</p>"},
		{"..2026-11-15", 1, "<title>按类型的服务（截至 2026-11-15）</title>",
		 "<p class=\"period\">统计期间：截至 2026-11-15</p>"},
		{"2026-10-01..", 0, "<title>Services by kind (from 2026-10-01)</title>",
		 "<p class=\"period\">Period: from 2026-10-01</p>"},
		{"2026-10-01..", 1, "<title>按类型的服务（自 2026-10-01 起）</title>",
		 "<p class=\"period\">统计期间：自 2026-10-01 起</p>"},
		{"2026-10-01..2026-12-31", 0,
		 "<title>Services by kind (2026-10-01 to 2026-12-31)</title>",
		 "<p class=\"period\">Period: 2026-10-01 to 2026-12-31</p>"},
	};
	report_table k;
	size_t i, nel;
	int rc;

	for (i = 0; i < sizeof cases / sizeof *cases; i++) {
		char *h;
		build_kinds(&k);
		k.period = cases[i].period;
		h = capture(&k, CW_FMT_JSONL, 0, 1, cases[i].zh, &rc);
		is_str(xml_check(h, &nel), NULL, "period %s (%s): well-formed",
		       cases[i].period, cases[i].zh ? "zh" : "en");
		ok(strstr(h, cases[i].title) != NULL, "period %s (%s): the title",
		   cases[i].period, cases[i].zh ? "zh" : "en");
		ok(strstr(h, cases[i].line) != NULL,
		   "period %s (%s): the period line", cases[i].period,
		   cases[i].zh ? "zh" : "en");
		ok(!strstr(h, "( to") && !strstr(h, ": to") && !strstr(h, "（ 至") &&
		   !strstr(h, "to )") && !strstr(h, " 至）"),
		   "period %s (%s): no end left empty", cases[i].period,
		   cases[i].zh ? "zh" : "en");
		free(h);
		report_release(&k);
	}
}

static void test_locale(void)
{
	static const struct {
		const char *lc_all, *lc_messages, *lang;
		int zh;
	} cases[] = {
		{NULL, NULL, NULL, 0},
		{NULL, NULL, "zh_CN.UTF-8", 1},
		{NULL, NULL, "zh", 1},
		{NULL, NULL, "en_US.UTF-8", 0},
		{NULL, NULL, "C.UTF-8", 0},
		{"en_US.UTF-8", NULL, "zh_CN.UTF-8", 0},
		{"zh_TW.UTF-8", NULL, "en_US.UTF-8", 1},
		{"", NULL, "zh_CN.UTF-8", 1},
		{"", "", "zh_CN.GB18030", 1},
		{NULL, "zh_CN.UTF-8", "en_US.UTF-8", 1},
		{NULL, "C", "zh_CN.UTF-8", 0},
		{"C", "zh_CN.UTF-8", "zh_CN.UTF-8", 0},
		{"POSIX", NULL, "zh_CN.UTF-8", 0},
		{NULL, NULL, "ZH_CN", 0},
		{NULL, NULL, "", 0},
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof *cases; i++) {
		const char *v[3] = {cases[i].lc_all, cases[i].lc_messages, cases[i].lang};
		const char *name[3] = {"LC_ALL", "LC_MESSAGES", "LANG"};
		int j;
		for (j = 0; j < 3; j++) {
			if (v[j])
				setenv(name[j], v[j], 1);
			else
				unsetenv(name[j]);
		}
		ok(report_locale_zh() == cases[i].zh,
		   "locale: LC_ALL=%s LC_MESSAGES=%s LANG=%s -> %s",
		   v[0] ? v[0] : "(unset)", v[1] ? v[1] : "(unset)",
		   v[2] ? v[2] : "(unset)", cases[i].zh ? "zh" : "en");
	}
	is_str(setlocale(LC_ALL, NULL), "C", "locale: setlocale never called");
}

/* Group values and case-file kinds: Chinese words in the table and the
 * HTML page under zh; machine words in English and in every machine
 * format, whatever the locale. */
static void test_zh_words(const report_table *k)
{
	static const report_col gcols[] = {
		{"category", "Category", "类别", RC_GROUP, -1},
		{"risk", "Risk level", "风险等级", RC_GROUP, -1},
		{"worker", "Worker", "社工", RC_GROUP, -1},
		{"cases", "Cases", "个案数", RC_COUNT, -1},
	};
	static const char *const grows[][4] = {
		{"social_assistance", "high", "李敏", "3"},
		{"elder", "none", "high", "2"},
		{"mental_health", "critical", "none", "1"},
		{"other", "low", "王芳", "4"},
		{"儿童", "medium", "王芳", "5"},
		{"total", "total", "total", "15"},
	};
	static const report_col scols[] = {
		{"term", "Term", "期限", RC_GROUP, -1},
		{"status", "Status", "状态", RC_GROUP, -1},
		{"goals", "Goals", "目标数", RC_COUNT, -1},
	};
	static const char *const srows[][3] = {
		{"short", "not_started", "1"},
		{"short", "partly_achieved", "2"},
		{"long", "in_progress", "3"},
		{"long", "achieved", "4"},
		{"long", "not_achieved", "5"},
		{"long", "accepted", "6"},
	};
	/* the case file: kind is text, not a group, and still translated;
	 * the summary never is */
	static const report_col ccols[] = {
		{"date", "date", "日期", RC_TEXT, -1},
		{"kind", "kind", "类型", RC_TEXT, -1},
		{"id", "id", "编号", RC_TEXT, -1},
		{"summary", "summary", "摘要", RC_TEXT, -1},
	};
	static const char *const crows[][4] = {
		{"2026-07-01", "intake", "CA-1", "case opened for CL-1"},
		{"2026-07-02", "assessment", "AS-1", "phq9; risk high"},
		{"2026-07-03", "plan revision", "PL-1", "revision 1"},
		{"2026-07-03", "goal", "GL-1", "term short"},
		{"2026-07-03", "task", "TK-1", "under GL-1"},
		{"2026-07-04", "contact", "CT-1", "home_visit"},
		{"2026-07-05", "progress", "PG-1", "GL-1"},
		{"2026-07-06", "review", "RV-1", "by 李敏"},
		{"2026-07-07", "referral", "RF-1", "draft to sent"},
		{"2026-07-08", "referral feedback", "RF-1", "outcome: ok"},
		{"2026-07-09", "task done", "TK-1", "under GL-1"},
		{"2026-07-10", "closure", "CX-1", "reason: goals met"},
		{"2026-07-11", "reopening", "CX-1", "reason: relapse"},
		{"2026-07-12", "follow-up", "FU-1", "post_closure"},
		{"2026-07-13", "home_visit", "XX-1", "an unknown kind"},
	};
	static const report_col dcols[] = {
		{"kind", "Kind", "类型", RC_GROUP, -1},
		{"overdue", "Overdue", "逾期事项", RC_COUNT, -1},
	};
	static const char *const drows[][2] = {
		{"review", "1"}, {"goal", "1"}, {"task", "1"}, {"crisis", "1"},
		{"reassessment", "1"}, {"post_closure", "1"}, {"referral", "1"},
		{"outreach", "1"}, {"accompaniment", "1"}, {"resource_linking", "1"},
		{"other", "1"},
	};
	report_table g, st, cf, d;
	char *s, *en, *h, *svg;
	int rc;
	size_t i, nel;

	/* the kinds of contact: table, page and chart */
	s = capture(k, CW_FMT_TABLE, 0, 0, 1, &rc);
	is_str(s,
	       "类型  服务人次  分钟\n"
	       "家访        12   600\n"
	       "电话         x     x\n"
	       "面谈        20\n"
	       "小组         7   420\n"
	       "合计        41  1050\n",
	       "table zh: contact kinds in Chinese, aligned");
	free(s);
	h = capture(k, CW_FMT_JSONL, 0, 1, 1, &rc);
	is_str(xml_check(h, &nel), NULL, "html zh kinds: well-formed");
	ok(strstr(h, "<tr><td>家访</td>") && strstr(h, "<tr><td>面谈</td>") &&
	   strstr(h, "<tr><td>小组</td>") && !strstr(h, "home_visit") &&
	   !strstr(h, "interview"), "html zh: contact kinds in Chinese, none left in English");
	svg = between(h, "<svg", "</svg>");
	ok(svg && strstr(svg, ">家访</text>") && strstr(svg, "<title>家访: 12</title>"),
	   "html zh: the chart's categories in Chinese");
	free(svg);
	free(h);
	h = capture(k, CW_FMT_JSONL, 0, 1, 0, &rc);
	ok(strstr(h, "<tr><td>home_visit</td>") && strstr(h, ">home_visit</text>") &&
	   !strstr(h, "家访"), "html en: the machine words");
	free(h);

	/* --excel is read by people: its group values follow the language */
	s = capture(k, CW_FMT_CSV, 1, 0, 1, &rc);
	ok(strstr(s, "家访") && !strstr(s, "home_visit"), "excel zh: contact kinds in Chinese");
	free(s);
	s = capture(k, CW_FMT_CSV, 1, 0, 0, &rc);
	ok(strstr(s, "home_visit") && !strstr(s, "家访"), "excel en: the machine words");
	free(s);

	/* machine formats: the same bytes under zh as under en */
	for (i = 0; i < 3; i++) {
		enum cw_format f[3] = {CW_FMT_CSV, CW_FMT_JSONL, CW_FMT_JSON};
		const char *name[3] = {"csv", "jsonl", "json"};
		en = capture(k, f[i], 0, 0, 0, &rc);
		s = capture(k, f[i], 0, 0, 1, &rc);
		is_str(s, en, "%s: the same under zh as under en", name[i]);
		ok(strstr(s, "home_visit") && !strstr(s, "家访"),
		   "%s zh: machine words", name[i]);
		free(s);
		free(en);
	}
	s = capture(k, CW_FMT_CSV, 0, 0, 1, &rc);
	is_str(s,
	       "kind,contacts,minutes\n"
	       "home_visit,12,600\n"
	       "phone,x,x\n"
	       "interview,20,\n"
	       "group,7,420\n"
	       "total,41,1050\n",
	       "csv zh: exact, machine words");
	free(s);
	s = capture(k, CW_FMT_JSONL, 0, 0, 1, &rc);
	is_str(s,
	       "{\"kind\":\"home_visit\",\"contacts\":12,\"minutes\":600}\n"
	       "{\"kind\":\"phone\",\"contacts\":\"x\",\"minutes\":\"x\"}\n"
	       "{\"kind\":\"interview\",\"contacts\":20,\"minutes\":null}\n"
	       "{\"kind\":\"group\",\"contacts\":7,\"minutes\":420}\n"
	       "{\"kind\":\"total\",\"contacts\":41,\"minutes\":1050}\n",
	       "jsonl zh: exact, machine words");
	free(s);

	/* categories, risk, none; a worker's name is never translated */
	report_init(&g, "caseload", gcols, 4, 3);
	for (i = 0; i < 6; i++)
		report_add_row(&g, grows[i], i == 5 ? 7u : 0u);
	s = capture(&g, CW_FMT_TABLE, 0, 0, 1, &rc);
	is_str(s,
	       "类别      风险等级  社工  个案数\n"
	       "低保      高        李敏       3\n"
	       "长者      未评估    high       2\n"
	       "心理健康  危急      无         1\n"
	       "其他      低        王芳       4\n"
	       "儿童      中        王芳       5\n"
	       "合计      合计      合计      15\n",
	       "table zh: categories, risk (none: 未评估), none 无, names as they are");
	free(s);
	s = capture(&g, CW_FMT_TABLE, 0, 0, 0, &rc);
	ok(strstr(s, "social_assistance  high") && strstr(s, "elder") &&
	   strstr(s, "none") && !strstr(s, "低保"), "table en: machine words");
	free(s);
	s = capture(&g, CW_FMT_CSV, 0, 0, 1, &rc);
	is_str(s,
	       "category,risk,worker,cases\n"
	       "social_assistance,high,李敏,3\n"
	       "elder,none,high,2\n"
	       "mental_health,critical,none,1\n"
	       "other,low,王芳,4\n"
	       "儿童,medium,王芳,5\n"
	       "total,total,total,15\n",
	       "csv zh: unchanged");
	free(s);
	h = capture(&g, CW_FMT_JSONL, 0, 1, 1, &rc);
	ok(strstr(h, "<tr><td>长者</td><td>未评估</td><td>high</td>") &&
	   strstr(h, "<tr><td>心理健康</td><td>危急</td><td>无</td>"),
	   "html zh: categories, risk, none");
	free(h);

	/* goal terms and statuses, referral states */
	report_init(&st, "goals", scols, 3, 2);
	for (i = 0; i < 6; i++)
		report_add_row(&st, srows[i], 0);
	s = capture(&st, CW_FMT_TABLE, 0, 0, 1, &rc);
	is_str(s,
	       "期限  状态      目标数\n"
	       "短期  未开始         1\n"
	       "短期  部分达成       2\n"
	       "长期  进行中         3\n"
	       "长期  已达成         4\n"
	       "长期  未达成         5\n"
	       "长期  已接受         6\n",
	       "table zh: terms and statuses");
	free(s);

	/* the case file */
	report_init(&cf, "case", ccols, 4, 0);
	for (i = 0; i < sizeof crows / sizeof *crows; i++)
		report_add_row(&cf, crows[i], 0);
	s = capture(&cf, CW_FMT_TABLE, 0, 0, 1, &rc);
	ok(strstr(s, "2026-07-01  接案 ") && strstr(s, "  评估 ") &&
	   strstr(s, "  计划修订 ") && strstr(s, "  目标 ") && strstr(s, "  任务 ") &&
	   strstr(s, "  服务记录 ") && strstr(s, "  目标进展 ") &&
	   strstr(s, "  计划检讨 ") && strstr(s, "  转介 ") &&
	   strstr(s, "  转介反馈 ") && strstr(s, "  任务完成 ") &&
	   strstr(s, "  结案 ") && strstr(s, "  重新开案 ") && strstr(s, "  跟进 "),
	   "case file zh: every kind in Chinese");
	ok(strstr(s, "home_visit\n") && strstr(s, "post_closure\n") &&
	   strstr(s, "phq9; risk high"), "case file zh: summaries as they are");
	free(s);
	h = capture(&cf, CW_FMT_JSONL, 0, 1, 1, &rc);
	ok(strstr(h, "<td>计划修订</td>") && strstr(h, "<td>转介反馈</td>") &&
	   !strstr(h, "<td>plan revision</td>"), "case file html zh: kinds in Chinese");
	free(h);
	s = capture(&cf, CW_FMT_TABLE, 0, 0, 0, &rc);
	ok(strstr(s, "plan revision") && strstr(s, "referral feedback") &&
	   !strstr(s, "计划修订"), "case file en: the machine kinds");
	free(s);
	en = capture(&cf, CW_FMT_JSONL, 0, 0, 0, &rc);
	s = capture(&cf, CW_FMT_JSONL, 0, 0, 1, &rc);
	is_str(s, en, "case file jsonl: the same under zh");
	ok(strstr(s, "\"kind\":\"plan revision\"") != NULL, "case file jsonl: machine kinds");
	free(s);
	free(en);

	/* due and overdue work, and the contact kinds left */
	report_init(&d, "overdue", dcols, 2, 1);
	for (i = 0; i < sizeof drows / sizeof *drows; i++)
		report_add_row(&d, drows[i], 0);
	s = capture(&d, CW_FMT_TABLE, 0, 0, 1, &rc);
	is_str(s,
	       "类型        逾期事项\n"
	       "计划检讨           1\n"
	       "目标               1\n"
	       "任务               1\n"
	       "危机跟进           1\n"
	       "复评               1\n"
	       "结案后跟进         1\n"
	       "转介               1\n"
	       "外展               1\n"
	       "陪同               1\n"
	       "资源链接           1\n"
	       "其他               1\n",
	       "table zh: due kinds");
	free(s);

	report_release(&g);
	report_release(&st);
	report_release(&cf);
	report_release(&d);
}

int main(void)
{
	report_table t, k, e;
	char *s, err[512];
	int rc;

	build(&t);
	build_kinds(&k);
	report_init(&e, "empty", kcols, 3, 1);

	s = capture(&t, CW_FMT_CSV, 0, 0, 1, &rc);
	ok(rc == 0, "csv: returns 0");
	is_str(s,
	       "month,worker,contacts,clients,improved,change,id_number\n"
	       "2026-07,李敏,5,3,40.0,-3,110101199003071234\n"
	       "2026-07,\"O'Neil & <Co>, \"\"Ltd\"\"\",x,2,x,1.5,=1+1\n"
	       "2026-07,total,7,5,42.9,-1.7,\n"
	       "2026-08,李敏,4,4,25.0,-2,13800138000\n"
	       "2026-08,\"O'Neil & <Co>, \"\"Ltd\"\"\",6,3,33.3,0,\n"
	       "2026-08,total,10,6,30.0,-0.8,\n"
	       "2026-09,李敏,8,5,50.0,-4.25,@SUM(A1)\n"
	       "2026-09,\"O'Neil & <Co>, \"\"Ltd\"\"\",3,3,0.0,2,\n"
	       "2026-09,total,11,7,36.4,-2.4,\n"
	       "total,李敏,17,8,41.2,-3.1,\n"
	       "total,\"O'Neil & <Co>, \"\"Ltd\"\"\",11,5,27.3,0.9,\n"
	       "total,total,28,12,35.7,-1.5,\n",
	       "csv: exact, keys, total, x, nothing neutralised, zh ignored");
	free(s);

	s = capture(&t, CW_FMT_JSONL, 0, 0, 1, &rc);
	is_str(s,
	       "{\"month\":\"2026-07\",\"worker\":\"李敏\",\"contacts\":5,\"clients\":3,\"improved\":40.0,\"change\":-3,\"id_number\":\"110101199003071234\"}\n"
	       "{\"month\":\"2026-07\",\"worker\":\"O'Neil & <Co>, \\\"Ltd\\\"\",\"contacts\":\"x\",\"clients\":2,\"improved\":\"x\",\"change\":1.5,\"id_number\":\"=1+1\"}\n"
	       "{\"month\":\"2026-07\",\"worker\":\"total\",\"contacts\":7,\"clients\":5,\"improved\":42.9,\"change\":-1.7,\"id_number\":null}\n"
	       "{\"month\":\"2026-08\",\"worker\":\"李敏\",\"contacts\":4,\"clients\":4,\"improved\":25.0,\"change\":-2,\"id_number\":\"13800138000\"}\n"
	       "{\"month\":\"2026-08\",\"worker\":\"O'Neil & <Co>, \\\"Ltd\\\"\",\"contacts\":6,\"clients\":3,\"improved\":33.3,\"change\":0,\"id_number\":null}\n"
	       "{\"month\":\"2026-08\",\"worker\":\"total\",\"contacts\":10,\"clients\":6,\"improved\":30.0,\"change\":-0.8,\"id_number\":null}\n"
	       "{\"month\":\"2026-09\",\"worker\":\"李敏\",\"contacts\":8,\"clients\":5,\"improved\":50.0,\"change\":-4.25,\"id_number\":\"@SUM(A1)\"}\n"
	       "{\"month\":\"2026-09\",\"worker\":\"O'Neil & <Co>, \\\"Ltd\\\"\",\"contacts\":3,\"clients\":3,\"improved\":0.0,\"change\":2,\"id_number\":null}\n"
	       "{\"month\":\"2026-09\",\"worker\":\"total\",\"contacts\":11,\"clients\":7,\"improved\":36.4,\"change\":-2.4,\"id_number\":null}\n"
	       "{\"month\":\"total\",\"worker\":\"李敏\",\"contacts\":17,\"clients\":8,\"improved\":41.2,\"change\":-3.1,\"id_number\":null}\n"
	       "{\"month\":\"total\",\"worker\":\"O'Neil & <Co>, \\\"Ltd\\\"\",\"contacts\":11,\"clients\":5,\"improved\":27.3,\"change\":0.9,\"id_number\":null}\n"
	       "{\"month\":\"total\",\"worker\":\"total\",\"contacts\":28,\"clients\":12,\"improved\":35.7,\"change\":-1.5,\"id_number\":null}\n",
	       "jsonl: keys, numbers bare, hidden as the string \"x\"");
	free(s);

	s = capture(&k, CW_FMT_JSON, 0, 0, 0, &rc);
	is_str(s,
	       "[\n{\"kind\":\"home_visit\",\"contacts\":12,\"minutes\":600},\n"
	       "{\"kind\":\"phone\",\"contacts\":\"x\",\"minutes\":\"x\"},\n"
	       "{\"kind\":\"interview\",\"contacts\":20,\"minutes\":null},\n"
	       "{\"kind\":\"group\",\"contacts\":7,\"minutes\":420},\n"
	       "{\"kind\":\"total\",\"contacts\":41,\"minutes\":1050}\n]\n",
	       "json: one array, hidden \"x\", absent null");
	free(s);

	s = capture(&t, CW_FMT_TABLE, 0, 0, 1, &rc);
	ok(rc == 0, "table: returns 0");
	is_str(s,
	       "月份     社工                  服务人次  服务人数  改善率%  平均变化  身份证号\n"
	       "2026-07  李敏                         5         3     40.0        -3  110101199003071234\n"
	       "2026-07  O'Neil & <Co>, \"Ltd\"         x         2        x       1.5  =1+1\n"
	       "2026-07  合计                         7         5     42.9      -1.7\n"
	       "2026-08  李敏                         4         4     25.0        -2  13800138000\n"
	       "2026-08  O'Neil & <Co>, \"Ltd\"         6         3     33.3         0\n"
	       "2026-08  合计                        10         6     30.0      -0.8\n"
	       "2026-09  李敏                         8         5     50.0     -4.25  @SUM(A1)\n"
	       "2026-09  O'Neil & <Co>, \"Ltd\"         3         3      0.0         2\n"
	       "2026-09  合计                        11         7     36.4      -2.4\n"
	       "合计     李敏                        17         8     41.2      -3.1\n"
	       "合计     O'Neil & <Co>, \"Ltd\"        11         5     27.3       0.9\n"
	       "合计     合计                        28        12     35.7      -1.5\n",
	       "table zh: Chinese labels, 合计, aligned");
	free(s);

	s = capture(&k, CW_FMT_TABLE, 0, 0, 0, &rc);
	is_str(s,
	       "Kind        Contacts  Minutes\n"
	       "home_visit        12      600\n"
	       "phone              x        x\n"
	       "interview         20\n"
	       "group              7      420\n"
	       "Total             41     1050\n",
	       "table en: English labels, Total");
	free(s);

	s = capture(&t, CW_FMT_CSV, 1, 0, 1, &rc);
	ok(rc == 0, "excel: returns 0");
	is_str(s,
	       "\xEF\xBB\xBF月份,社工,服务人次,服务人数,改善率%,平均变化,身份证号\r\n"
	       "\"=\"\"2026-07\"\"\",李敏,5,3,40.0,-3,\"=\"\"110101199003071234\"\"\"\r\n"
	       "\"=\"\"2026-07\"\"\",\"O'Neil & <Co>, \"\"Ltd\"\"\",x,2,x,1.5,'=1+1\r\n"
	       "\"=\"\"2026-07\"\"\",合计,7,5,42.9,-1.7,\r\n"
	       "\"=\"\"2026-08\"\"\",李敏,4,4,25.0,-2,\"=\"\"13800138000\"\"\"\r\n"
	       "\"=\"\"2026-08\"\"\",\"O'Neil & <Co>, \"\"Ltd\"\"\",6,3,33.3,0,\r\n"
	       "\"=\"\"2026-08\"\"\",合计,10,6,30.0,-0.8,\r\n"
	       "\"=\"\"2026-09\"\"\",李敏,8,5,50.0,-4.25,'@SUM(A1)\r\n"
	       "\"=\"\"2026-09\"\"\",\"O'Neil & <Co>, \"\"Ltd\"\"\",3,3,0.0,2,\r\n"
	       "\"=\"\"2026-09\"\"\",合计,11,7,36.4,-2.4,\r\n"
	       "合计,李敏,17,8,41.2,-3.1,\r\n"
	       "合计,\"O'Neil & <Co>, \"\"Ltd\"\"\",11,5,27.3,0.9,\r\n"
	       "合计,合计,28,12,35.7,-1.5,\r\n",
	       "excel zh: BOM, CRLF, labels, =\"id\" and =\"month\", '=1+1 and '@, -3 stays a number");
	free(s);

	s = capture(&k, CW_FMT_CSV, 1, 0, 0, &rc);
	is_str(s,
	       "\xEF\xBB\xBFKind,Contacts,Minutes\r\n"
	       "home_visit,12,600\r\n"
	       "phone,x,x\r\n"
	       "interview,20,\r\n"
	       "group,7,420\r\n"
	       "Total,41,1050\r\n",
	       "excel en: English labels, Total");
	free(s);

	{
		/* every trigger, in text and numeric columns */
		static const report_col xcols[] = {
			{"name", "Name", "名称", RC_GROUP, -1},
			{"change", "Change", "变化", RC_MEAN, -1},
			{"phone", "Phone", "电话", RC_TEXT, -1},
			{"note", "Note", "备注", RC_TEXT, -1},
		};
		static const char *const xrows[][4] = {
			{"+cmd", "-3", "+8613800138000", "-x"},
			{"@A1", "-0.5", "010-12345678", "\tTAB"},
			{"\rCR", "-", "0123\"4", "plain"},
			{"=HYPERLINK(\"x\")", "1e3", NULL, "a\nb"},
		};
		report_table x;
		size_t i;
		report_init(&x, "x", xcols, 4, 1);
		for (i = 0; i < 4; i++)
			report_add_row(&x, xrows[i], 0);
		s = capture(&x, CW_FMT_CSV, 1, 0, 0, &rc);
		is_str(s,
		       "\xEF\xBB\xBFName,Change,Phone,Note\r\n"
		       "'+cmd,-3,'+8613800138000,'-x\r\n"
		       "'@A1,-0.5,\"=\"\"010-12345678\"\"\",'\tTAB\r\n"
		       "\"'\rCR\",'-,\"=\"\"0123\"\"\"\"4\"\"\",plain\r\n"
		       "\"'=HYPERLINK(\"\"x\"\")\",1e3,,\"a\nb\"\r\n",
		       "excel: = + - @ tab CR neutralised in text, numbers kept, quotes doubled twice in =\"\"");
		free(s);
		s = capture(&x, CW_FMT_CSV, 0, 0, 0, &rc);
		is_str(s,
		       "name,change,phone,note\n"
		       "+cmd,-3,+8613800138000,-x\n"
		       "@A1,-0.5,010-12345678,\tTAB\n"
		       "\"\rCR\",-,\"0123\"\"4\",plain\n"
		       "\"=HYPERLINK(\"\"x\"\")\",1e3,,\"a\nb\"\n",
		       "plain csv of the same: exact, nothing neutralised");
		free(s);
		s = capture(&x, CW_FMT_JSONL, 0, 0, 0, &rc);
		ok(strstr(s, "\"change\":\"-\"") && strstr(s, "\"change\":1e3"),
		   "json: a numeric cell that is no number is a string");
		free(s);
		report_release(&x);
	}

	s = capture(&e, CW_FMT_JSON, 0, 0, 0, &rc);
	is_str(s, "[]\n", "empty json");
	free(s);
	s = capture(&e, CW_FMT_JSONL, 0, 0, 0, &rc);
	is_str(s, "", "empty jsonl");
	free(s);
	s = capture(&e, CW_FMT_CSV, 0, 0, 0, &rc);
	is_str(s, "kind,contacts,minutes\n", "empty csv: the header");
	free(s);
	s = capture(&e, CW_FMT_CSV, 1, 0, 1, &rc);
	is_str(s, "\xEF\xBB\xBF类型,服务人次,分钟\r\n", "empty excel: BOM and labels");
	free(s);
	s = capture(&e, CW_FMT_JSONL, 0, 1, 0, &rc);
	{
		size_t nel;
		is_str(xml_check(s, &nel), NULL, "empty html: well-formed");
		ok(strstr(s, "No records") && !strstr(s, "<svg"), "empty html: says so, no chart");
		ok(strstr(s, "<title>empty</title>") != NULL, "no title: the report name");
	}
	free(s);

	test_html(&t, &k);
	test_line_gap();
	test_open_period();
	test_zh_words(&k);

	rc = render_to_full(&t, CW_FMT_CSV, 0, 0, err, sizeof err);
	ok(rc == CW_EXIT_IO && strstr(err, "cannot write output: No space left on device"),
	   "csv to a full disk: CW_EXIT_IO, said once");
	ok(count(err, "\n") == 1, "one message");
	rc = render_to_full(&t, CW_FMT_JSONL, 0, 0, err, sizeof err);
	ok(rc == CW_EXIT_IO && strstr(err, "cannot write output"), "jsonl to a full disk");
	rc = render_to_full(&t, CW_FMT_JSON, 0, 0, err, sizeof err);
	ok(rc == CW_EXIT_IO && strstr(err, "cannot write output"), "json to a full disk");
	rc = render_to_full(&t, CW_FMT_TABLE, 0, 0, err, sizeof err);
	ok(rc == CW_EXIT_IO && strstr(err, "cannot write output"), "table to a full disk");
	rc = render_to_full(&t, CW_FMT_CSV, 1, 0, err, sizeof err);
	ok(rc == CW_EXIT_IO && strstr(err, "cannot write output"), "excel to a full disk");
	rc = render_to_full(&t, CW_FMT_JSONL, 0, 1, err, sizeof err);
	ok(rc == CW_EXIT_IO && strstr(err, "cannot write output"), "html to a full disk");

	test_locale();

	report_release(&t);
	report_release(&k);
	report_release(&e);
	return tap_done();
}
