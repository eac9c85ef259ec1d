/* core/config.c - the one configuration file an agency edits (casework.7). */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "core/core.h"

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
	{
		static const int bands[] = {0, 14, 18, 35, 60};
		c->nage_bands = (int)(sizeof bands / sizeof *bands);
		memcpy(c->age_from, bands, sizeof bands);
	}
	c->bulk_after = 20000;
	c->retention_years = 0;
	c->pseudonym_key_file = NULL;
	c->default_project = NULL;
	c->timely_days = 3;
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

/* The settings that decide what is stored (a follow-up's date, a plan's
 * review): on a server they live in the database, the same for every
 * machine of a team (sw-admin config), never in one machine's file. */
static const char *const stored_keys[] = {
	"crisis_followup_days", "review_cycle", "followup_emergency_days",
	"followup_urgent_days", "followup_routine_days", "retention_years",
	"default_project", NULL
};

int core_config_is_stored(const char *key)
{
	size_t i;
	for (i = 0; stored_keys[i]; i++)
		if (!strcmp(stored_keys[i], key))
			return 1;
	return 0;
}

const char *const *core_config_stored_keys(void) { return stored_keys; }

/* An age from 0 to CW_AGE_MAX at *p, its digits skipped: 0, or -1 when
 * there is none. */
static int age_at(const char **p, int *age)
{
	long n = 0;

	if (**p < '0' || **p > '9')
		return -1;
	while (**p >= '0' && **p <= '9') {
		n = n * 10 + (**p - '0');
		if (n > CW_AGE_MAX)
			return -1;
		(*p)++;
	}
	*age = (int)n;
	return 0;
}

/* age_bands: "0-13,14-17,...,60-", ascending from 0, each band starting
 * the year after the one before ends, the last open-ended (blanks around
 * a band allowed). 0 and the bands into c, or -1 and *why. */
static int age_bands(cw_config *c, const char *v, const char **why)
{
	static const char not_bands[] = "not a list of age bands such as "
		"0-13,14-17,18-34,35-59,60- (ages 0 to 150)";
	int from[CW_AGE_BANDS_MAX], n = 0, a, b = -1, open = 0;
	const char *p = v;

	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (open)
			return *why = "only the last band is open-ended (60-)", -1;
		if (age_at(&p, &a) || *p++ != '-')
			return *why = not_bands, -1;
		if (n == CW_AGE_BANDS_MAX)
			return *why = "more than 16 bands", -1;
		if (!n && a)
			return *why = "the first band does not start at 0", -1;
		if (a != b + 1)
			return *why = a <= b ? "two bands overlap" : "two bands "
				"leave a gap between them", -1;
		from[n++] = a;
		if (age_at(&p, &b))
			open = 1;
		else if (b < a)
			return *why = "a band ends before it starts", -1;
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		if (*p++ != ',')
			return *why = not_bands, -1;
	}
	if (!open)
		return *why = "the last band is not open-ended (such as 60-)", -1;
	memcpy(c->age_from, from, (size_t)n * sizeof *from);
	c->nage_bands = n;
	return 0;
}

/* Sets key to v in c: 0, 1 for a key that is not a setting, or -1 with
 * *why saying what v should be. A file's folder or file name is made
 * relative to the file (from, NULL for none). */
static int set_key(cw_config *c, const char *k, const char *v, const char *from,
		   const char **why)
{
	long n;

	if (!strcmp(k, "busy_timeout_ms")) {
		if (cw_parse_long(v, 0, 3600000, &n))
			return *why = "not a number of milliseconds (0 to 3600000)", -1;
		c->busy_timeout_ms = (int)n;
	} else if (!strcmp(k, "crisis_followup_days")) {
		if (cw_parse_long(v, 0, 30, &n))
			return *why = "not a number of days (0 to 30)", -1;
		c->crisis_followup_days = (int)n;
	} else if (!strcmp(k, "followup_emergency_days") ||
		   !strcmp(k, "followup_urgent_days") ||
		   !strcmp(k, "followup_routine_days")) {
		int which = k[9] == 'e' ? 0 : k[9] == 'u' ? 1 : 2;
		if (cw_parse_long(v, 0, 365, &n))
			return *why = "not a number of days (0 to 365)", -1;
		c->followup_days[which] = (int)n;
	} else if (!strcmp(k, "retention_years")) {
		if (!strcmp(v, "none"))
			n = 0;
		else if (cw_parse_long(v, 0, 100, &n))
			return *why = "not a number of years (1 to 100, or none)", -1;
		c->retention_years = (int)n;
	} else if (!strcmp(k, "bulk_after")) {
		if (cw_parse_long(v, 1, 1000000000, &n))
			return *why = "not a count (1 to 1000000000)", -1;
		c->bulk_after = (long)n;
	} else if (!strcmp(k, "suppression_threshold")) {
		if (cw_parse_long(v, 1, 1000, &n))
			return *why = "not a count (1 to 1000)", -1;
		c->suppression_threshold = (int)n;
	} else if (!strcmp(k, "timely_days")) {
		if (cw_parse_long(v, 0, 365, &n))
			return *why = "not a number of days (0 to 365)", -1;
		c->timely_days = (int)n;
	} else if (!strcmp(k, "age_bands")) {
		if (age_bands(c, v, why))
			return -1;
	} else if (!strcmp(k, "review_cycle")) {
		cw_duration d;
		if (cw_duration_parse(v, &d, why) || d.n == 0)
			return *why = "not a duration (Nd, Nw, Nm or Ny, above 0)", -1;
		if (cw_duration_from_today(d, why))
			return -1;
		c->review_cycle = d;
	} else if (!strcmp(k, "instrument_dir") ||
		   !strcmp(k, "pseudonym_key_file")) {
		int dir = k[0] == 'i';
		char **dst = dir ? &c->instrument_dir : &c->pseudonym_key_file;
		if (!*v)
			return *why = dir ? "needs a folder" : "needs a file", -1;
		free(*dst);
		*dst = from ? relative_to(from, v) : cw_xstrdup(v);
	} else if (!strcmp(k, "default_project")) {
		if (*v && !core_project_code_valid(v))
			return *why = "not a project's code (letters, digits, - _ ."
				" up to 24, a letter or digit first, not of an"
				" id's form such as PJ-1; empty: none)", -1;
		free(c->default_project);
		c->default_project = *v ? cw_xstrdup(v) : NULL;
	} else if (!strcmp(k, "database")) {
		/* read by core_config_database */
	} else {
		return 1;
	}
	return 0;
}

int core_config_check(const char *key, const char *value, const char **why)
{
	cw_config c;
	int r;

	set_defaults(&c);
	r = set_key(&c, key, value, NULL, why);
	cw_config_release(&c);
	if (r > 0)
		*why = "unknown setting";
	return r ? -1 : 0;
}

int core_config_set_stored(cw_config *c, const char *db, const char *key,
			 const char *value)
{
	const char *why = NULL;
	int r = core_config_is_stored(key) ? set_key(c, key, value, NULL, &why) : 1;

	if (r > 0)
		why = "not a setting this program knows (a newer casework's?)";
	if (r) {
		cw_error("'%s': the setting '%s' stored in the database: %s", db,
			 key, why);
		return CW_EXIT_DB;
	}
	return 0;
}

/* Key and value on one line: "key = value"; '#' starts a comment line.
 * Lines of any length: *line (*cap bytes) is the caller's to free. On a
 * server (server set), the settings it keeps are not the file's. */
static int read_file(cw_config *c, FILE *fp, char **line, size_t *cap,
		     int server)
{
	long lineno = 0;

	while (getline(line, cap, fp) != -1) {
		char *k, *v, *eq;
		const char *why = NULL;
		int r;

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
		if (server && core_config_is_stored(k)) {
			cw_error_at(c->path, lineno, k, "kept in the database on "
				    "PostgreSQL: set it with sw-admin config");
			return CW_EXIT_USAGE;
		}
		r = set_key(c, k, v, c->path, &why);
		if (r) {
			cw_error_at(c->path, lineno, k, "%s",
				    r > 0 ? "unknown setting" : why);
			return CW_EXIT_USAGE;
		}
	}
	if (ferror(fp)) {
		cw_error("cannot read '%s': %s", c->path, strerror(errno));
		return CW_EXIT_USAGE;
	}
	return 0;
}

int core_target_is_server(const char *target)
{
	return target && (!strncmp(target, "postgresql://", 13) ||
			  !strncmp(target, "postgres://", 11) ||
			  !strncmp(target, "service=", 8));
}

/* The user's own configuration file: $XDG_CONFIG_HOME/casework/
 * casework.conf, else ~/.config/casework/casework.conf; NULL when
 * neither is an absolute folder. */
static char *user_config(void)
{
	const char *base = getenv("XDG_CONFIG_HOME");
	cw_buf b;

	cw_buf_init(&b);
	if (base && *base == '/') {
		cw_buf_printf(&b, "%s/casework/casework.conf", base);
	} else {
		base = getenv("HOME");
		if (!base || *base != '/') {
			cw_buf_release(&b);
			return NULL;
		}
		cw_buf_printf(&b, "%s/.config/casework/casework.conf", base);
	}
	return cw_buf_detach(&b, NULL);
}

int core_config_database(char **out)
{
	const char *env = getenv("CASEWORK_CONFIG");
	char *path = env && *env ? cw_xstrdup(env) : user_config();
	char *line = NULL, *k, *v, *eq;
	size_t cap = 0;
	long lineno = 0;
	FILE *fp;
	int rc = 0;

	*out = NULL;
	if (!path || !(fp = fopen(path, "r"))) {
		free(path);
		return 0;
	}
	while (!*out && getline(&line, &cap, fp) != -1) {
		lineno++;
		k = trim(line);
		if (*k == '#' || !(eq = strchr(k, '=')))
			continue;
		*eq = '\0';
		v = trim(eq + 1);
		if (strcmp(trim(k), "database"))
			continue;
		if (!*v) {
			cw_error_at(path, lineno, "database", "needs a database");
			rc = CW_EXIT_USAGE;
			break;
		}
		*out = core_target_is_server(v) ? cw_xstrdup(v) : relative_to(path, v);
	}
	free(line);
	fclose(fp);
	free(path);
	return rc;
}

char *cw_config_path(const char *db_path)
{
	const char *env = getenv("CASEWORK_CONFIG");
	const char *slash;
	cw_buf b;

	if (!(env && *env) && core_target_is_server(db_path)) {
		char *u = user_config();
		return u ? u : cw_xstrdup("casework.conf");
	}
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
	rc = read_file(c, fp, &line, &cap, core_target_is_server(db_path));
	free(line);
	fclose(fp);
	return rc;
}

void cw_config_release(cw_config *c)
{
	free(c->path);
	free(c->instrument_dir);
	free(c->pseudonym_key_file);
	free(c->default_project);
	c->default_project = NULL;
	c->path = NULL;
	c->instrument_dir = NULL;
	c->pseudonym_key_file = NULL;
}
