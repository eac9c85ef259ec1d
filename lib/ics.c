/* ics.c - an iCalendar file (RFC 5545) of all-day events, for sw-plan due.
 *
 * The file is written whole or not at all: into a temporary file beside
 * it (mkstemp: owner-only, 0600), renamed over it at the end, so that a
 * calendar program reading it meanwhile never sees half a calendar, and
 * a run that fails leaves the previous file as it was. */
#define _XOPEN_SOURCE 700  /* realpath */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "plan_priv.h"

struct plan_ics {
	char *name;        /* the path as given, for messages, owned */
	char *target;      /* the file to replace (a symlink resolved), owned */
	char *tmp;         /* the temporary file beside it, owned */
	FILE *fp;          /* open on tmp */
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
	if (c->fp)
		fclose(c->fp);
	if (c->tmp)
		unlink(c->tmp);
	free(c->name);
	free(c->target);
	free(c->tmp);
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
	struct stat st;
	char now[21];
	const char *p;
	size_t n = 0;
	int fd;

	*out = NULL;
	c->name = cw_xstrdup(path);
	cw_buf_init(&c->line);
	cw_buf_init(&c->out);
	if (!*path)
		return fail(c, strerror(ENOENT));
	/* A symlink stays one: the file it points at is replaced. */
	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
		if (!(c->target = realpath(path, NULL)))
			return fail(c, strerror(errno));
	} else {
		c->target = cw_xstrdup(path);
	}
	if (stat(c->target, &st) == 0) {
		if (S_ISDIR(st.st_mode))
			return fail(c, strerror(EISDIR));
		if (!S_ISREG(st.st_mode))
			return fail(c, "not a regular file");
		if (access(c->target, W_OK) != 0)
			return fail(c, strerror(errno));
	} else if (errno != ENOENT) {
		return fail(c, strerror(errno));
	}
	c->tmp = cw_xmalloc(strlen(c->target) + 8);
	strcpy(c->tmp, c->target);
	strcat(c->tmp, ".XXXXXX");
	if ((fd = mkstemp(c->tmp)) < 0) {
		free(c->tmp);
		c->tmp = NULL;
		return fail(c, strerror(errno));
	}
	if (!(c->fp = fdopen(fd, "wb"))) {
		close(fd);
		return fail(c, strerror(errno));
	}
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
	int err = 0;

	put(c, "END:VCALENDAR");
	errno = 0;
	if (fflush(c->fp) != 0 || ferror(c->fp))
		err = errno ? errno : EIO;
	else if (fsync(fileno(c->fp)) != 0 && errno != EINVAL)
		err = errno;
	if (fclose(c->fp) != 0 && !err)
		err = errno ? errno : EIO;
	c->fp = NULL;
	if (!err && rename(c->tmp, c->target) != 0)
		err = errno;
	if (err)
		return fail(c, strerror(err));
	free(c->tmp);
	c->tmp = NULL;  /* renamed: nothing to remove */
	ics_free(c);
	return 0;
}

void plan_ics_abort(plan_ics *c)
{
	if (c)
		ics_free(c);
}
