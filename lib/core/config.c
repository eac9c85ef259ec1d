/* core/config.c - the one configuration file an agency edits (casework.7). */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "casework.h"

static void set_defaults(cw_config *c)
{
	c->path = NULL;
	c->busy_timeout_ms = 10000;
	c->instrument_dir = NULL;
	c->crisis_followup_days = 1;
	c->review_cycle.n = 30;
	c->review_cycle.unit = 'd';
	c->followup_days[0] = 1;
	c->followup_days[1] = 3;
	c->followup_days[2] = 14;
	c->suppression_threshold = 5;
	c->bulk_after = 20000;
	c->pseudonym_key_file = NULL;
}

static char *trim(char *s)
{
	char *e;
	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' ||
			 e[-1] == '\n'))
		*--e = '\0';
	return s;
}

/* A folder or file named in the file is relative to the file's own
 * folder, so a configuration kept beside its database works from
 * anywhere. */
static char *relative_to(const char *file, const char *v)
{
	const char *slash = strrchr(file, '/');
	cw_buf b;
	if (*v == '/' || !slash)
		return cw_xstrdup(v);
	cw_buf_init(&b);
	cw_buf_add(&b, file, (size_t)(slash - file) + 1);
	cw_buf_addstr(&b, v);
	return cw_buf_detach(&b, NULL);
}

/* Key and value on one line: "key = value"; '#' starts a comment line.
 * Lines of any length: *line (*cap bytes) is the caller's to free. */
static int read_file(cw_config *c, FILE *fp, char **line, size_t *cap)
{
	long lineno = 0, n;

	while (getline(line, cap, fp) != -1) {
		char *k, *v, *eq;
		lineno++;
		k = trim(*line);
		if (!*k || *k == '#')
			continue;
		eq = strchr(k, '=');
		if (!eq) {
			cw_error_at(c->path, lineno, NULL, "expected 'key = value'");
			return CW_EXIT_USAGE;
		}
		*eq = '\0';
		k = trim(k);
		v = trim(eq + 1);
		if (!strcmp(k, "busy_timeout_ms")) {
			if (cw_parse_long(v, 0, 3600000, &n)) {
				cw_error_at(c->path, lineno, k,
					    "not a number of milliseconds (0 to 3600000)");
				return CW_EXIT_USAGE;
			}
			c->busy_timeout_ms = (int)n;
		} else if (!strcmp(k, "crisis_followup_days")) {
			if (cw_parse_long(v, 0, 30, &n)) {
				cw_error_at(c->path, lineno, k, "not a number of days (0 to 30)");
				return CW_EXIT_USAGE;
			}
			c->crisis_followup_days = (int)n;
		} else if (!strcmp(k, "followup_emergency_days") ||
			   !strcmp(k, "followup_urgent_days") ||
			   !strcmp(k, "followup_routine_days")) {
			int which = k[9] == 'e' ? 0 : k[9] == 'u' ? 1 : 2;
			if (cw_parse_long(v, 0, 365, &n)) {
				cw_error_at(c->path, lineno, k, "not a number of days (0 to 365)");
				return CW_EXIT_USAGE;
			}
			c->followup_days[which] = (int)n;
		} else if (!strcmp(k, "bulk_after")) {
			if (cw_parse_long(v, 1, 1000000000, &n)) {
				cw_error_at(c->path, lineno, k, "not a count (1 to 1000000000)");
				return CW_EXIT_USAGE;
			}
			c->bulk_after = (long)n;
		} else if (!strcmp(k, "suppression_threshold")) {
			if (cw_parse_long(v, 1, 1000, &n)) {
				cw_error_at(c->path, lineno, k, "not a count (1 to 1000)");
				return CW_EXIT_USAGE;
			}
			c->suppression_threshold = (int)n;
		} else if (!strcmp(k, "review_cycle")) {
			const char *why;
			if (cw_duration_parse(v, &c->review_cycle, &why) ||
			    c->review_cycle.n == 0) {
				cw_error_at(c->path, lineno, k, "not a duration (Nd, Nw, "
					    "Nm or Ny, above 0)");
				return CW_EXIT_USAGE;
			}
			if (cw_duration_from_today(c->review_cycle, &why)) {
				cw_error_at(c->path, lineno, k, "%s", why);
				return CW_EXIT_USAGE;
			}
		} else if (!strcmp(k, "instrument_dir") ||
			   !strcmp(k, "pseudonym_key_file")) {
			int dir = k[0] == 'i';
			char **dst = dir ? &c->instrument_dir : &c->pseudonym_key_file;
			if (!*v) {
				cw_error_at(c->path, lineno, k, dir ? "needs a folder"
								: "needs a file");
				return CW_EXIT_USAGE;
			}
			free(*dst);
			*dst = relative_to(c->path, v);
		} else {
			cw_error_at(c->path, lineno, k, "unknown setting");
			return CW_EXIT_USAGE;
		}
	}
	if (ferror(fp)) {
		cw_error("cannot read '%s': %s", c->path, strerror(errno));
		return CW_EXIT_USAGE;
	}
	return 0;
}

char *cw_config_path(const char *db_path)
{
	const char *env = getenv("CASEWORK_CONFIG");
	const char *slash;
	cw_buf b;

	cw_buf_init(&b);
	if (env && *env) {
		cw_buf_addstr(&b, env);
	} else {
		slash = strrchr(db_path, '/');
		if (slash)
			cw_buf_add(&b, db_path, (size_t)(slash - db_path) + 1);
		cw_buf_addstr(&b, "casework.conf");
	}
	return cw_buf_detach(&b, NULL);
}

int cw_config_load(cw_config *c, const char *db_path)
{
	const char *env = getenv("CASEWORK_CONFIG");
	FILE *fp;
	char *line = NULL;
	size_t cap = 0;
	int named = env && *env, rc;

	set_defaults(c);
	c->path = cw_config_path(db_path);
	fp = fopen(c->path, "r");
	if (!fp) {
		if (!named && errno == ENOENT) {
			free(c->path);
			c->path = NULL;
			return 0;
		}
		cw_error("cannot open configuration '%s': %s", c->path,
			 strerror(errno));
		return CW_EXIT_USAGE;
	}
	rc = read_file(c, fp, &line, &cap);
	free(line);
	fclose(fp);
	return rc;
}

void cw_config_release(cw_config *c)
{
	free(c->path);
	free(c->instrument_dir);
	free(c->pseudonym_key_file);
	c->path = NULL;
	c->instrument_dir = NULL;
	c->pseudonym_key_file = NULL;
}
