/* plan/ics.c - an iCalendar file (RFC 5545) of all-day events, for sw-plan due.
 *
 * The file is written whole or not at all (cw_outfile), so that a
 * calendar program reading it meanwhile never sees half a calendar, and
 * a run that fails leaves the previous file as it was. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "plan/plan.h"

struct plan_ics {
	char *name;        /* the path as given, for messages, owned */
	cw_outfile *file;  /* the file, written whole (outpath.c) */
	FILE *fp;          /* writes to it */
	char stamp[17];    /* DTSTAMP: YYYYMMDDTHHMMSSZ */
	cw_buf line;       /* one content line, unfolded */
	cw_buf out;        /* the same, folded, with CRLF */
};

void plan_ics_escape(cw_buf *b, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		switch (c) {
		case '\\': cw_buf_addstr(b, "\\\\"); break;
		case ';': cw_buf_addstr(b, "\\;"); break;
		case ',': cw_buf_addstr(b, "\\,"); break;
		case '\r':
			if (s[1] == '\n')
				s++;
			/* fall through */
		case '\n': cw_buf_addstr(b, "\\n"); break;
		default:
			/* TEXT allows no control character but HTAB. */
			cw_buf_addch(b, (c < 0x20 && c != '\t') || c == 0x7F ? ' ' : c);
			break;
		}
	}
}

void plan_ics_fold(cw_buf *b, const char *s, size_t n)
{
	size_t i = 0, room = 75, cut;

	while (n - i > room) {
		cut = i + room;
		/* Never between the bytes of one UTF-8 character. */
		while (cut > i + 1 && ((unsigned char)s[cut] & 0xC0) == 0x80)
			cut--;
		cw_buf_add(b, s + i, cut - i);
		cw_buf_addstr(b, "\r\n ");
		i = cut;
		room = 74;  /* the leading space counts */
	}
	cw_buf_add(b, s + i, n - i);
	cw_buf_addstr(b, "\r\n");
}

/* Writes the content line in c->line, folded. */
static void put_line(plan_ics *c)
{
	cw_buf_reset(&c->out);
	plan_ics_fold(&c->out, c->line.s, c->line.len);
	fwrite(c->out.s, 1, c->out.len, c->fp);
	cw_buf_reset(&c->line);
}

static void put(plan_ics *c, const char *s)
{
	cw_buf_reset(&c->line);
	cw_buf_addstr(&c->line, s);
	put_line(c);
}

static void ics_free(plan_ics *c)
{
	cw_outfile_abort(c->file);
	free(c->name);
	cw_buf_release(&c->line);
	cw_buf_release(&c->out);
	free(c);
}

static int fail(plan_ics *c, const char *why)
{
	cw_error("cannot write calendar '%s': %s", c->name, why);
	ics_free(c);
	return CW_EXIT_IO;
}

int plan_ics_open(plan_ics **out, const char *path)
{
	plan_ics *c = cw_xcalloc(1, sizeof *c);
	char now[21];
	const char *p;
	size_t n = 0;
	int e;

	*out = NULL;
	c->name = cw_xstrdup(path);
	cw_buf_init(&c->line);
	cw_buf_init(&c->out);
	if ((e = cw_outfile_open(&c->file, path, &c->fp)) != 0)
		return fail(c, cw_outfile_why(e));
	cw_utc_now(now);
	for (p = now; *p && n < sizeof c->stamp - 1; p++)
		if (*p != '-' && *p != ':')
			c->stamp[n++] = *p;
	c->stamp[n] = '\0';
	put(c, "BEGIN:VCALENDAR");
	put(c, "VERSION:2.0");
	put(c, "PRODID:-//casework//sw-plan//EN");
	put(c, "CALSCALE:GREGORIAN");
	*out = c;
	return 0;
}

/* YYYYMMDD */
static void ics_date(cw_date d, char out[16])
{
	int y, m, day;
	cw_date_to_ymd(d, &y, &m, &day);
	snprintf(out, 16, "%04d%02d%02d", y, m, day);
}

void plan_ics_event(plan_ics *c, const char *uid, cw_date day,
		    const char *summary, const char *category)
{
	char d[16];
	cw_duration one = {1, 'd'};
	cw_date end;

	put(c, "BEGIN:VEVENT");
	cw_buf_addstr(&c->line, "UID:");
	plan_ics_escape(&c->line, uid);
	put_line(c);
	cw_buf_printf(&c->line, "DTSTAMP:%s", c->stamp);
	put_line(c);
	ics_date(day, d);
	cw_buf_printf(&c->line, "DTSTART;VALUE=DATE:%s", d);
	put_line(c);
	/* A one-day event: its end is the next day, or, on 9999-12-31, no
	 * end at all (RFC 5545 3.6.1: then it lasts the day). */
	if (!cw_date_add(day, one, &end)) {
		ics_date(end, d);
		cw_buf_printf(&c->line, "DTEND;VALUE=DATE:%s", d);
		put_line(c);
	}
	cw_buf_addstr(&c->line, "SUMMARY:");
	plan_ics_escape(&c->line, summary);
	put_line(c);
	cw_buf_addstr(&c->line, "CATEGORIES:");
	plan_ics_escape(&c->line, category);
	put_line(c);
	/* A reminder does not make its worker busy all day. */
	put(c, "TRANSP:TRANSPARENT");
	put(c, "END:VEVENT");
}

int plan_ics_finish(plan_ics *c)
{
	int err;

	put(c, "END:VCALENDAR");
	err = cw_outfile_commit(c->file);
	c->file = NULL;
	c->fp = NULL;
	if (err)
		return fail(c, cw_outfile_why(err));
	ics_free(c);
	return 0;
}

void plan_ics_abort(plan_ics *c)
{
	if (c)
		ics_free(c);
}
