/* core/diag.c - one-line messages on standard error, prefixed by the program. */
#include <stdio.h>
#include <stdarg.h>
#include <string.h>
#include <errno.h>
#include "casework.h"

static const char *progname = "casework";

void cw_set_progname(const char *name)
{
	const char *p;
	for (p = name; *p; p++)
		if (*p == '/')
			name = p + 1;
	progname = name;
}

const char *cw_progname(void)
{
	return progname;
}

/* Messages are built in one buffer and written with one call, so lines
 * from processes sharing a terminal or a cron mail never interleave.
 * Control characters (such as the ESC of a file name) show as U+FFFD:
 * they reach a terminal. */
static void emit(const char *prefix, const char *fmt, va_list ap)
{
	char line[2048], shown[3 * sizeof line];
	int n = snprintf(line, sizeof line, "%s: %s", progname, prefix);
	if (n < 0 || (size_t)n >= sizeof line)
		n = 0;
	vsnprintf(line + n, sizeof line - (size_t)n, fmt, ap);
	cw_utf8_shown(shown, line, strlen(line));
	fprintf(stderr, "%s\n", shown);
}

static int output_failed;
static int report_pipe;

void cw_output_report_pipe(void)
{
	report_pipe = 1;
}

void cw_output_failed(int err)
{
	if (output_failed++)
		return;
	/* A reader that closed the pipe (head, a pager quit) has what it
	 * wanted from a query: that is no news, though the exit status
	 * still says the output was not all written. */
	if (err == EPIPE && !report_pipe)
		return;
	cw_error("cannot write output: %s", strerror(err ? err : EIO));
}

int cw_output_failed_reported(void)
{
	return output_failed != 0;
}

void cw_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	emit("", fmt, ap);
	va_end(ap);
}

void cw_error_at(const char *file, long line, const char *field,
		 const char *fmt, ...)
{
	char prefix[1024];
	va_list ap;

	if (line > 0 && field && *field)
		snprintf(prefix, sizeof prefix, "%s:%ld: %s: ", file, line, field);
	else if (line > 0)
		snprintf(prefix, sizeof prefix, "%s:%ld: ", file, line);
	else if (field && *field)
		snprintf(prefix, sizeof prefix, "%s: %s: ", file, field);
	else
		snprintf(prefix, sizeof prefix, "%s: ", file);
	va_start(ap, fmt);
	emit(prefix, fmt, ap);
	va_end(ap);
}

int cw_usage_error(const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	cw_error("%s", msg);
	fprintf(stderr, "Try '%s --help' for more information.\n", cw_progname());
	return CW_EXIT_USAGE;
}
