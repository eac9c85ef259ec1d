/*
 * report/html.c - a report as one self-contained HTML5 page: its title and
 * period, an SVG chart when the report has one, and the table.
 *
 * Nothing is fetched: no link, no src, no url(), no script; the style is
 * inline and the chart is drawn in the page. The markup is also
 * well-formed XML (every element closed, void elements written <meta/>,
 * only the entities &amp; &lt; &gt; &quot; &#39;), so that it can be
 * checked by parsing it. No timestamps: the same table gives the same
 * bytes.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "report/report.h"


/* Text for HTML and XML alike: the five special characters as entities,
 * and the control characters XML does not allow as spaces. */
void report_html_esc(cw_buf *b, const char *s)
{
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		switch (c) {
		case '&': cw_buf_addstr(b, "&amp;"); break;
		case '<': cw_buf_addstr(b, "&lt;"); break;
		case '>': cw_buf_addstr(b, "&gt;"); break;
		case '"': cw_buf_addstr(b, "&quot;"); break;
		case '\'': cw_buf_addstr(b, "&#39;"); break;
		default:
			if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
				cw_buf_addch(b, ' ');
			else
				cw_buf_addch(b, (char)c);
		}
	}
}

static const char *pick(int zh, const char *z, const char *e)
{
	return zh ? (z ? z : e) : (e ? e : z);
}

/* The period for people (report_out_period), escaped. */
static void period(cw_buf *b, const char *p, int zh)
{
	cw_buf t;
	cw_buf_init(&t);
	report_out_period(&t, p, zh);
	report_html_esc(b, t.s ? t.s : "");
	cw_buf_release(&t);
}

/* ---- the chart ------------------------------------------------------- */

/* Geometry of the drawing, in SVG user units. */
#define SVG_W 640.0
#define PL 64.0     /* left: tick labels and the y axis title */
#define PR 16.0
#define PT 24.0
#define PH 252.0    /* the plot; below it the category labels and the x
		       title: 56 more, 104 when the labels are slanted */
#define PW (SVG_W - PL - PR)

struct point {
	const char *label;   /* the first group's value */
	const char *text;    /* the value as the table writes it */
	double v;
	int shown;           /* v holds a number to draw */
	int hidden;          /* the cell is hidden */
};

/* A category label short enough for the axis: at most 12 terminal
 * columns (6 Chinese characters), cut before a whole character with an
 * ellipsis; the table below the chart has it in full. */
static void axis_label(cw_buf *b, const char *s)
{
	size_t i = 0, w = 0, n;
	char *cut;

	if (!s)
		return;
	if (cw_display_width(s, strlen(s)) <= 12) {
		report_html_esc(b, s);
		return;
	}
	while (s[i]) {
		n = 1;
		while ((s[i + n] & 0xC0) == 0x80)
			n++;
		if (w + cw_display_width(s + i, n) > 11)
			break;
		w += cw_display_width(s + i, n);
		i += n;
	}
	cut = cw_xstrndup(s, i);
	report_html_esc(b, cut);
	free(cut);
	cw_buf_addstr(b, "…");
}

/* floor and ceil without libm (the library does not link it). */
static double floor_of(double x)
{
	double f;
	if (x > 9e15 || x < -9e15)
		return x;
	f = (double)(long long)x;
	return f > x ? f - 1 : f;
}

static double ceil_of(double x)
{
	return -floor_of(-x);
}

/* A step of 1, 2 or 5 times a power of ten nearest raw (about five
 * intervals over the range); at least 1 for counts and sums, whose ticks
 * must be whole. */
static double nice_step(double raw, int whole)
{
	double mag = 1, norm, step;
	if (!(raw > 0) || !isfinite(raw))
		raw = 1;
	while (mag * 10 <= raw)
		mag *= 10;
	while (mag > raw)
		mag /= 10;
	norm = raw / mag;
	step = norm < 1.5 ? mag : norm < 3 ? 2 * mag : norm < 7 ? 5 * mag
							  : 10 * mag;
	return whole && step < 1 ? 1 : step;
}

static int decimals(double step)
{
	int d = 0;
	while (step < 0.999999 && d < 6) {
		step *= 10;
		d++;
	}
	return d;
}

/* The rows the chart draws: one per value of the first group, with every
 * other grouping at its total (a table of one grouping: its rows that are
 * not totals; of two: the margins of the first). */
static struct point *chart_points(const report_table *t, size_t *n)
{
	struct point *p = cw_xcalloc(t->nrows ? t->nrows : 1, sizeof *p);
	unsigned want = t->ngroups >= 8 * sizeof(unsigned) ? ~1u
			: ((1u << t->ngroups) - 1) & ~1u;
	size_t r, c = (size_t)t->chart_col;

	*n = 0;
	for (r = 0; r < t->nrows; r++) {
		unsigned m = t->total_mask[r];
		const char *v;
		if ((m & 1u) || (m & want) != want)
			continue;
		p[*n].label = report_cell(t, r, 0);
		p[*n].hidden = t->hidden && t->hidden[r * t->ncols + c];
		v = report_cell(t, r, c);
		if (!p[*n].hidden && cw_json_number(v)) {
			p[*n].text = v;
			p[*n].v = strtod(v, NULL);
			p[*n].shown = isfinite(p[*n].v);
		}
		(*n)++;
	}
	return p;
}

static void chart(cw_buf *b, const report_table *t, int zh)
{
	const report_col *col, *gcol;
	const char *caption;
	struct point *p;
	size_t n, i, k, nshown = 0, every;
	double lo = 0, hi = 0, step, slot, y0;
	int whole, d, slant = 0, bar, open = 0, height;

	if ((t->chart != CH_LINE && t->chart != CH_BAR) || !t->ngroups ||
	    t->chart_col < (int)t->ngroups || (size_t)t->chart_col >= t->ncols)
		return;
	col = &t->cols[t->chart_col];
	gcol = &t->cols[0];
	bar = t->chart == CH_BAR;
	p = chart_points(t, &n);
	for (i = 0; i < n; i++)
		p[i].label = report_out_word(gcol, p[i].label, zh);
	for (i = 0; i < n; i++)
		if (p[i].shown) {
			nshown++;
			if (p[i].v < lo)
				lo = p[i].v;
			if (p[i].v > hi)
				hi = p[i].v;
		}
	if (!nshown) {
		free(p);
		return;
	}
	if (hi == lo)
		hi = lo + 1;
	whole = col->kind == RC_COUNT || col->kind == RC_SUM ||
		col->kind == RC_DISTINCT;
	step = nice_step((hi - lo) / 5, whole);
	lo = step * floor_of(lo / step);
	hi = step * ceil_of(hi / step);
	d = decimals(step);
	slot = PW / (double)n;
#define X(i) (PL + ((double)(i) + 0.5) * slot)
#define Y(v) (PT + PH - ((v) - lo) / (hi - lo) * PH)
	y0 = Y(0.0);
	for (i = 0; i < n; i++) {
		const char *l = p[i].label ? p[i].label : "";
		size_t w = cw_display_width(l, strlen(l));
		if ((double)(w < 12 ? w : 12) * 7 > slot - 4)
			slant = 1;
	}
	every = n > 24 ? (n + 23) / 24 : 1;

	caption = pick(zh, t->chart_zh, t->chart_en);
	if (!caption)
		caption = report_out_label(col, zh);
	height = (int)(PT + PH) + (slant ? 104 : 56);
	cw_buf_printf(b, "<figure>\n<svg class=\"chart\" viewBox=\"0 0 %d %d\" "
		      "width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"",
		      (int)SVG_W, height, (int)SVG_W, height);
	report_html_esc(b, caption);
	cw_buf_addstr(b, "\">\n<title>");
	report_html_esc(b, caption);
	cw_buf_addstr(b, "</title>\n");

	/* y: grid lines, ticks and their values, the title */
	for (k = 0;; k++) {
		double yv = lo + (double)k * step, y;
		if (yv > hi + step * 1e-6)
			break;
		if (yv < step * 1e-6 && yv > -step * 1e-6)
			yv = 0;
		y = Y(yv);
		cw_buf_printf(b, "<line class=\"grid\" x1=\"%.1f\" y1=\"%.1f\" "
			      "x2=\"%.1f\" y2=\"%.1f\"/>\n", PL, y, PL + PW, y);
		cw_buf_printf(b, "<line class=\"axis\" x1=\"%.1f\" y1=\"%.1f\" "
			      "x2=\"%.1f\" y2=\"%.1f\"/>\n", PL - 5, y, PL, y);
		cw_buf_printf(b, "<text class=\"tick\" x=\"%.1f\" y=\"%.1f\" "
			      "text-anchor=\"end\">%.*f</text>\n",
			      PL - 8, y + 4, d, yv);
	}
	cw_buf_printf(b, "<text class=\"title\" transform=\"translate(14 %.1f) "
		      "rotate(-90)\" text-anchor=\"middle\">", PT + PH / 2);
	report_html_esc(b, report_out_label(col, zh));
	cw_buf_addstr(b, "</text>\n");

	/* the axes: y on the left, x at the bottom, and zero when the
	 * values go below it */
	cw_buf_printf(b, "<line class=\"axis\" x1=\"%.1f\" y1=\"%.1f\" "
		      "x2=\"%.1f\" y2=\"%.1f\"/>\n", PL, PT, PL, PT + PH);
	cw_buf_printf(b, "<line class=\"axis\" x1=\"%.1f\" y1=\"%.1f\" "
		      "x2=\"%.1f\" y2=\"%.1f\"/>\n", PL, PT + PH, PL + PW, PT + PH);
	if (lo < 0)
		cw_buf_printf(b, "<line class=\"axis\" x1=\"%.1f\" y1=\"%.1f\" "
			      "x2=\"%.1f\" y2=\"%.1f\"/>\n", PL, y0, PL + PW, y0);

	/* x: a tick and a label per category (every few when there are
	 * many), slanted when they would not fit; the title */
	for (i = 0; i < n; i++) {
		cw_buf_printf(b, "<line class=\"axis\" x1=\"%.1f\" y1=\"%.1f\" "
			      "x2=\"%.1f\" y2=\"%.1f\"/>\n",
			      X(i), PT + PH, X(i), PT + PH + 5);
		if (i % every)
			continue;
		if (slant)
			cw_buf_printf(b, "<text class=\"tick\" transform=\"translate("
				      "%.1f %.1f) rotate(-40)\" text-anchor=\"end\">",
				      X(i) + 4, PT + PH + 16);
		else
			cw_buf_printf(b, "<text class=\"tick\" x=\"%.1f\" y=\"%.1f\" "
				      "text-anchor=\"middle\">", X(i), PT + PH + 18);
		axis_label(b, p[i].label);
		cw_buf_addstr(b, "</text>\n");
	}
	cw_buf_printf(b, "<text class=\"title\" x=\"%.1f\" y=\"%.1f\" "
		      "text-anchor=\"middle\">", PL + PW / 2,
		      height - 6.0);
	report_html_esc(b, report_out_label(gcol, zh));
	cw_buf_addstr(b, "</text>\n");

	/* the values: bars from zero, or a line through the points, broken
	 * where a value is hidden or missing; a hidden one shows the symbol
	 * at zero */
	for (i = 0; i < n; i++) {
		double x = X(i), y;
		if (!p[i].shown) {
			if (open)
				cw_buf_addstr(b, "\"/>\n");
			open = 0;
			if (p[i].hidden)
				cw_buf_printf(b, "<text class=\"hidden\" x=\"%.1f\" "
					      "y=\"%.1f\" text-anchor=\"middle\">"
					      REPORT_HIDDEN "</text>\n", x, y0 - 4);
			continue;
		}
		y = Y(p[i].v);
		if (bar) {
			cw_buf_printf(b, "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" "
				      "width=\"%.1f\" height=\"%.1f\"><title>",
				      x - slot * 0.3, y < y0 ? y : y0, slot * 0.6,
				      y < y0 ? y0 - y : y - y0);
			report_html_esc(b, p[i].label);
			cw_buf_addstr(b, ": ");
			report_html_esc(b, p[i].text);
			cw_buf_addstr(b, "</title></rect>\n");
		} else {
			cw_buf_printf(b, "%s%.1f,%.1f", open ? " " :
				      "<polyline class=\"line\" points=\"", x, y);
			open = 1;
		}
	}
	if (open)
		cw_buf_addstr(b, "\"/>\n");
	/* a line's points, with the category and value as their tooltip, and
	 * the values written at the points or bars (the chart is small: a
	 * value is easier read than guessed) */
	for (i = 0; i < n; i++) {
		double y;
		if (!p[i].shown)
			continue;
		y = Y(p[i].v);
		if (!bar) {
			cw_buf_printf(b, "<circle class=\"point\" cx=\"%.1f\" "
				      "cy=\"%.1f\" r=\"3.5\"><title>", X(i), y);
			report_html_esc(b, p[i].label);
			cw_buf_addstr(b, ": ");
			report_html_esc(b, p[i].text);
			cw_buf_addstr(b, "</title></circle>\n");
		}
		if (n <= 16) {
			cw_buf_printf(b, "<text class=\"value\" x=\"%.1f\" "
				      "y=\"%.1f\" text-anchor=\"middle\">", X(i),
				      p[i].v < 0 ? y + 14 : y - 7);
			report_html_esc(b, p[i].text);
			cw_buf_addstr(b, "</text>\n");
		}
	}
#undef X
#undef Y
	cw_buf_addstr(b, "</svg>\n<figcaption>");
	report_html_esc(b, caption);
	cw_buf_addstr(b, "</figcaption>\n</figure>\n");
	free(p);
}

/* ---- the page -------------------------------------------------------- */

/* Inline style only. Both font stacks name a CJK face for each system
 * (macOS, Windows, Linux) before the generic sans-serif, so that Chinese
 * never falls to a font without its glyphs; Chinese pages put them first,
 * so that punctuation shared by both scripts takes the Chinese form. */
static const char style_common[] =
	"body{margin:2em auto;max-width:64em;padding:0 1em;color:#1a1a1a;"
	"background:#fff;line-height:1.5}\n"
	"h1{font-size:1.4em;margin:0 0 .2em}\n"
	".period{color:#555;margin:0 0 1.2em}\n"
	"figure{margin:1em 0 1.5em}\n"
	"figcaption{color:#333;font-size:.95em;margin-top:.3em}\n"
	"svg.chart{max-width:100%;height:auto}\n"
	"svg .grid{stroke:#e4e4e4;stroke-width:1}\n"
	"svg .axis{stroke:#444;stroke-width:1}\n"
	"svg text{fill:#333;font-size:11px}\n"
	"svg .title{font-size:12px;fill:#111}\n"
	"svg .value{font-size:10px;fill:#555}\n"
	"svg .hidden{font-size:11px;fill:#999}\n"
	"svg .bar{fill:#4e79a7}\n"
	"svg .line{fill:none;stroke:#4e79a7;stroke-width:2}\n"
	"svg .point{fill:#4e79a7}\n"
	"svg .goal{stroke:#b03a2e;stroke-width:1.5;stroke-dasharray:4 3}\n"
	"table{border-collapse:collapse;font-variant-numeric:tabular-nums;"
	"margin:1em 0}\n"
	"th,td{padding:.3em .8em;border-bottom:1px solid #ddd;text-align:left;"
	"vertical-align:top}\n"
	"thead th{border-bottom:2px solid #444;vertical-align:bottom}\n"
	".num{text-align:right;white-space:nowrap}\n"
	"tr.total td{font-weight:bold;background:#f5f5f5}\n"
	"td.hidden{color:#777}\n"
	".note{font-size:.9em;color:#555}\n"
	"@media print{body{margin:0;max-width:none}figure{break-inside:avoid}}\n";
static const char font_zh[] =
	"body{font-family:\"PingFang SC\",\"Hiragino Sans GB\",\"Microsoft YaHei\","
	"\"Noto Sans CJK SC\",\"Source Han Sans SC\",\"WenQuanYi Micro Hei\","
	"system-ui,\"Segoe UI\",sans-serif}\n";
static const char font_en[] =
	"body{font-family:system-ui,-apple-system,\"Segoe UI\",Roboto,"
	"\"Helvetica Neue\",Arial,\"Noto Sans CJK SC\",\"Source Han Sans SC\","
	"\"PingFang SC\",\"Microsoft YaHei\",\"WenQuanYi Micro Hei\",sans-serif}\n";

static void table(cw_buf *b, const report_table *t, int zh, int *any_hidden)
{
	const char *total = zh ? "合计" : "Total";
	size_t r, c;

	cw_buf_addstr(b, "<table>\n<thead>\n<tr>");
	for (c = 0; c < t->ncols; c++) {
		cw_buf_addstr(b, report_out_numeric(&t->cols[c])
			      ? "<th scope=\"col\" class=\"num\">"
			      : "<th scope=\"col\">");
		report_html_esc(b, report_out_label(&t->cols[c], zh));
		cw_buf_addstr(b, "</th>");
	}
	cw_buf_addstr(b, "</tr>\n</thead>\n<tbody>\n");
	if (!t->nrows)
		cw_buf_printf(b, "<tr><td colspan=\"%zu\">%s</td></tr>\n",
			      t->ncols ? t->ncols : 1,
			      zh ? "没有记录" : "No records");
	for (r = 0; r < t->nrows; r++) {
		cw_buf_addstr(b, t->total_mask[r] ? "<tr class=\"total\">" : "<tr>");
		for (c = 0; c < t->ncols; c++) {
			int hid = t->hidden && t->hidden[r * t->ncols + c] &&
				  !(c < t->ngroups && (t->total_mask[r] >> c & 1u));
			int num = report_out_numeric(&t->cols[c]);
			if (hid)
				*any_hidden = 1;
			cw_buf_addstr(b, num && hid ? "<td class=\"num hidden\">"
				      : num ? "<td class=\"num\">"
				      : hid ? "<td class=\"hidden\">" : "<td>");
			report_html_esc(b, report_out_word(&t->cols[c],
					       report_out_shown(t, r, c, total), zh));
			cw_buf_addstr(b, "</td>");
		}
		cw_buf_addstr(b, "</tr>\n");
	}
	cw_buf_addstr(b, "</tbody>\n</table>\n");
}

void report_html_page(cw_buf *b, const report_table *t, int zh)
{
	const char *title = report_out_title(t, zh);
	int any_hidden = 0;

	cw_buf_addstr(b, "<!DOCTYPE html>\n");
	cw_buf_addstr(b, zh ? "<html lang=\"zh-CN\">\n" : "<html lang=\"en\">\n");
	cw_buf_addstr(b, "<head>\n<meta charset=\"utf-8\"/>\n"
		      "<meta name=\"viewport\" content=\"width=device-width, "
		      "initial-scale=1\"/>\n<title>");
	report_html_esc(b, title);
	if (t->period) {
		cw_buf_addstr(b, zh ? "（" : " (");
		period(b, t->period, zh);
		cw_buf_addstr(b, zh ? "）" : ")");
	}
	cw_buf_addstr(b, "</title>\n<style>\n");
	cw_buf_addstr(b, zh ? font_zh : font_en);
	cw_buf_addstr(b, style_common);
	cw_buf_addstr(b, "</style>\n</head>\n<body>\n<main>\n<h1>");
	report_html_esc(b, title);
	cw_buf_addstr(b, "</h1>\n");
	if (t->period) {
		cw_buf_addstr(b, zh ? "<p class=\"period\">统计期间：" :
			      "<p class=\"period\">Period: ");
		period(b, t->period, zh);
		cw_buf_addstr(b, "</p>\n");
	}
	if (t->chart == CH_TARGET)
		report_html_target_chart(b, t, zh);
	else
		chart(b, t, zh);
	table(b, t, zh, &any_hidden);
	if (any_hidden)
		cw_buf_addstr(b, zh
			? "<p class=\"note\">" REPORT_HIDDEN "：为保护服务对象隐私而隐藏的数字"
			  "——小的计数，与它同行或可据以推算出它们的数字，以及建立在"
			  "它们之上的比率、平均数和中位数。</p>\n"
			: "<p class=\"note\">" REPORT_HIDDEN ": hidden to protect the "
			  "people counted: a small count, a figure in its row or from "
			  "which one could be worked out, or a rate, mean or median "
			  "built on one.</p>\n");
	cw_buf_addstr(b, "</main>\n</body>\n</html>\n");
}
