/* report/chart_target.c - the indicator report's chart: one horizontal
 * bar per indicator that has a target and a figure, its length what was
 * achieved as a share of the target, on one scale from 0 to at least
 * 100%, a dashed line at 100% (the target), and "achieved / target"
 * written beside it. Indicators count different things (sessions,
 * scores, percentages), so the share is the one scale they have in
 * common. Inline SVG, no colour needed to read it (the figures are
 * written), so that it prints in black and white. */
#include <stdlib.h>
#include <string.h>
#include "report/report.h"

#define W 640.0
#define LABEL 168.0   /* the indicators' names */
#define TEXT 150.0    /* the figures after the longest bar */
#define ROW 22.0
#define TOP 22.0

struct bar {
	const char *label, *achieved, *target, *rate;
	double share;     /* the rate, a percentage */
};

void report_html_target_chart(cw_buf *b, const report_table *t, int zh)
{
	size_t r, n = 0, i;
	int ca = t->chart_col, ct = ca - 1, cr = ca + 1, cl = zh ? 1 : 2;
	struct bar *p;
	double hi = 100, plot = W - LABEL - TEXT, x100, h, tick, step = 25;
	const char *caption = zh ? t->chart_zh : t->chart_en;

	if (ct < 1 || (size_t)cr >= t->ncols || !t->nrows)
		return;
	p = cw_xcalloc(t->nrows, sizeof *p);
	for (r = 0; r < t->nrows; r++) {
		const char *rate = report_cell(t, r, (size_t)cr);
		if (!rate || !cw_json_number(rate))
			continue;
		p[n].label = report_cell(t, r, (size_t)cl);
		if (!p[n].label)
			p[n].label = report_cell(t, r, 0);
		p[n].achieved = report_cell(t, r, (size_t)ca);
		p[n].target = report_cell(t, r, (size_t)ct);
		p[n].rate = rate;
		p[n].share = strtod(rate, NULL);
		if (p[n].share > hi)
			hi = p[n].share;
		n++;
	}
	if (!n) {
		free(p);
		return;
	}
	/* the scale: 0 to 100%, or further in steps of 50 */
	hi = 50.0 * (double)(long)((hi + 49.999) / 50.0);
	x100 = LABEL + plot * 100.0 / hi;
	h = TOP + ROW * (double)n + 36;
	cw_buf_printf(b, "<figure>\n<svg class=\"chart\" viewBox=\"0 0 %d %d\" "
		      "width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"",
		      (int)W, (int)h, (int)W, (int)h);
	report_html_esc(b, caption);
	cw_buf_addstr(b, "\">\n<title>");
	report_html_esc(b, caption);
	cw_buf_addstr(b, "</title>\n");
	/* the scale's ticks every 25%, or twice, four times ... that, eight
	 * at most */
	while (hi / step > 8)
		step *= 2;
	for (tick = 0; tick <= hi + 1e-9; tick += step) {
		double x = LABEL + plot * tick / hi;
		cw_buf_printf(b, "<line class=\"grid\" x1=\"%.1f\" y1=\"%.1f\" "
			      "x2=\"%.1f\" y2=\"%.1f\"/>\n", x, TOP - 4, x,
			      TOP + ROW * (double)n);
		cw_buf_printf(b, "<text class=\"tick\" x=\"%.1f\" y=\"%.1f\" "
			      "text-anchor=\"middle\">%.0f%%</text>\n", x,
			      TOP + ROW * (double)n + 14, tick);
	}
	for (i = 0; i < n; i++) {
		double y = TOP + ROW * (double)i, len = plot * p[i].share / hi;
		cw_buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">",
			      LABEL - 8, y + 14);
		report_html_esc(b, p[i].label);
		cw_buf_printf(b, "</text>\n<rect class=\"bar\" x=\"%.1f\" "
			      "y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"><title>",
			      LABEL, y + 4, len, ROW - 8);
		report_html_esc(b, p[i].label);
		cw_buf_addstr(b, ": ");
		report_html_esc(b, p[i].rate);
		cw_buf_addstr(b, "%</title></rect>\n");
		cw_buf_printf(b, "<text class=\"value\" x=\"%.1f\" y=\"%.1f\">",
			      LABEL + (len > plot * 100.0 / hi ? len : plot * 100.0 / hi) + 6,
			      y + 14);
		report_html_esc(b, p[i].achieved);
		cw_buf_addstr(b, " / ");
		report_html_esc(b, p[i].target);
		cw_buf_addstr(b, " (");
		report_html_esc(b, p[i].rate);
		cw_buf_addstr(b, "%)</text>\n");
	}
	/* the target: 100% */
	cw_buf_printf(b, "<line class=\"goal\" x1=\"%.1f\" y1=\"%.1f\" "
		      "x2=\"%.1f\" y2=\"%.1f\"/>\n", x100, TOP - 8, x100,
		      TOP + ROW * (double)n);
	cw_buf_printf(b, "<text class=\"title\" x=\"%.1f\" y=\"%.1f\" "
		      "text-anchor=\"middle\">%s</text>\n", x100, TOP - 10,
		      zh ? "目标" : "target");
	cw_buf_printf(b, "<text class=\"title\" x=\"%.1f\" y=\"%.1f\" "
		      "text-anchor=\"middle\">%s</text>\n", LABEL + plot / 2,
		      h - 4, zh ? "完成率（完成值 / 目标值）" :
		      "share of the target (achieved / target)");
	cw_buf_addstr(b, "</svg>\n<figcaption>");
	report_html_esc(b, caption);
	cw_buf_addstr(b, "</figcaption>\n</figure>\n");
	free(p);
}
