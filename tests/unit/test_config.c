/* test_config.c - the configuration file (lib/config.c, casework.7
 * CONFIGURATION): where it is found, its defaults, every key with good
 * and bad values, and the syntax of its lines. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <unistd.h>
#include <sys/stat.h>
#include "casework.h"
#include "tap.h"
#include "capture.h"

static char dir[] = "/tmp/cw-test-config.XXXXXX";

/* One load, its messages caught. */
struct res {
	int rc;
	char *err;
	cw_config c;
};

static void load_db(struct res *r, const char *db_path)
{
	capture ce;
	int c2 = capture_start(&ce, 2);

	r->rc = cw_config_load(&r->c, db_path);
	r->err = c2 ? NULL : capture_end(&ce);
}

/* casework.conf (beside t.db, in the test's folder) holding text, loaded. */
static void load(struct res *r, const char *text)
{
	write_file("casework.conf", text);
	load_db(r, "t.db");
}

static void done(struct res *r)
{
	cw_config_release(&r->c);
	free(r->err);
}

/* text is refused: exit 2 and exactly the message want. */
static void refused(const char *text, const char *want, const char *what)
{
	struct res r;
	load(&r, text);
	ok(r.rc == CW_EXIT_USAGE, "%s: exit 2 (got %d)", what, r.rc);
	is_str(r.err, want, "%s: the message", what);
	done(&r);
}

/* A bad value of key: "tcf: casework.conf:1: KEY: why". */
static void bad_value(const char *key, const char *value, const char *why)
{
	refused(strf("%s = %s\n", key, value), strf("tcf: casework.conf:1: %s: %s\n", key, why),
		strf("%s = '%s'", key, value));
}

/* A good value of an integer key: what the field holds after. */
static long good_int(const char *key, const char *value)
{
	struct res r;
	long v = -12345;

	load(&r, strf("%s = %s\n", key, value));
	if (r.rc == 0 && r.err && !*r.err) {
		if (!strcmp(key, "busy_timeout_ms"))
			v = r.c.busy_timeout_ms;
		else if (!strcmp(key, "crisis_followup_days"))
			v = r.c.crisis_followup_days;
		else if (!strcmp(key, "followup_emergency_days"))
			v = r.c.followup_days[0];
		else if (!strcmp(key, "followup_urgent_days"))
			v = r.c.followup_days[1];
		else if (!strcmp(key, "followup_routine_days"))
			v = r.c.followup_days[2];
		else if (!strcmp(key, "suppression_threshold"))
			v = r.c.suppression_threshold;
		else if (!strcmp(key, "bulk_after"))
			v = r.c.bulk_after;
	}
	done(&r);
	return v;
}

/* A key's bounds: lo and hi taken, lo - 1 and hi + 1 and junk refused. */
static void bounds(const char *key, long lo, long hi, const char *why)
{
	char v[32];
	long got;

	snprintf(v, sizeof v, "%ld", lo);
	got = good_int(key, v);
	ok(got == lo, "%s = %ld taken (got %ld)", key, lo, got);
	snprintf(v, sizeof v, "%ld", hi);
	got = good_int(key, v);
	ok(got == hi, "%s = %ld taken (got %ld)", key, hi, got);
	snprintf(v, sizeof v, "%ld", lo - 1);
	bad_value(key, v, why);
	snprintf(v, sizeof v, "%ld", hi + 1);
	bad_value(key, v, why);
	bad_value(key, "", why);
	bad_value(key, "+3", why);
	bad_value(key, "3 days", why);
	bad_value(key, "0x10", why);
	bad_value(key, "99999999999999999999999", why);
}

static void test_defaults(void)
{
	struct res r;

	unlink("casework.conf");
	load_db(&r, "t.db");
	ok(r.rc == 0, "no casework.conf beside the database: fine (got %d)", r.rc);
	is_str(r.err, "", "nothing said");
	ok(r.c.path == NULL, "no file read");
	ok(r.c.busy_timeout_ms == 10000, "busy_timeout_ms defaults to 10000");
	ok(r.c.instrument_dir == NULL, "instrument_dir not set");
	ok(r.c.crisis_followup_days == 1, "crisis_followup_days defaults to 1");
	ok(r.c.review_cycle.n == 30 && r.c.review_cycle.unit == 'd',
	   "review_cycle defaults to 30d");
	ok(r.c.followup_days[0] == 1 && r.c.followup_days[1] == 3 &&
	   r.c.followup_days[2] == 14, "follow-ups default to 1, 3 and 14 days");
	ok(r.c.suppression_threshold == 5, "suppression_threshold defaults to 5");
	ok(r.c.bulk_after == 20000, "bulk_after defaults to 20000");
	ok(r.c.pseudonym_key_file == NULL, "pseudonym_key_file not set");
	ok(r.c.nage_bands == 5 && r.c.age_from[0] == 0 && r.c.age_from[1] == 14 &&
	   r.c.age_from[2] == 18 && r.c.age_from[3] == 35 && r.c.age_from[4] == 60,
	   "age_bands defaults to 0-13,14-17,18-34,35-59,60-");
	done(&r);

	load(&r, "");
	ok(r.rc == 0 && r.c.path && !strcmp(r.c.path, "casework.conf"),
	   "an empty file is read (path %s)", r.c.path ? r.c.path : "NULL");
	ok(r.c.busy_timeout_ms == 10000 && r.c.bulk_after == 20000, "and gives the defaults");
	done(&r);
}

static void test_keys(void)
{
	struct res r;
	cw_duration far = {9000, 'y'};
	const char *why = "";

	bounds("busy_timeout_ms", 0, 3600000, "not a number of milliseconds (0 to 3600000)");
	bounds("crisis_followup_days", 0, 30, "not a number of days (0 to 30)");
	bounds("followup_emergency_days", 0, 365, "not a number of days (0 to 365)");
	bounds("followup_urgent_days", 0, 365, "not a number of days (0 to 365)");
	bounds("followup_routine_days", 0, 365, "not a number of days (0 to 365)");
	bounds("suppression_threshold", 1, 1000, "not a count (1 to 1000)");
	bounds("bulk_after", 1, 1000000000, "not a count (1 to 1000000000)");

	load(&r, "followup_urgent_days = 9\n");
	ok(r.c.followup_days[0] == 1 && r.c.followup_days[1] == 9 &&
	   r.c.followup_days[2] == 14, "each follow-up key sets its own urgency");
	done(&r);

	load(&r, "review_cycle = 2w\n");
	ok(r.rc == 0 && r.c.review_cycle.n == 2 && r.c.review_cycle.unit == 'w',
	   "review_cycle = 2w");
	done(&r);
	load(&r, "review_cycle = 1y\n");
	ok(r.rc == 0 && r.c.review_cycle.n == 1 && r.c.review_cycle.unit == 'y',
	   "review_cycle = 1y");
	done(&r);
	load(&r, "review_cycle = 6m\n");
	ok(r.rc == 0 && r.c.review_cycle.n == 6 && r.c.review_cycle.unit == 'm',
	   "review_cycle = 6m");
	done(&r);
	bad_value("review_cycle", "0d", "not a duration (Nd, Nw, Nm or Ny, above 0)");
	bad_value("review_cycle", "30", "not a duration (Nd, Nw, Nm or Ny, above 0)");
	bad_value("review_cycle", "d", "not a duration (Nd, Nw, Nm or Ny, above 0)");
	bad_value("review_cycle", "-1d", "not a duration (Nd, Nw, Nm or Ny, above 0)");
	bad_value("review_cycle", "", "not a duration (Nd, Nw, Nm or Ny, above 0)");
	ok(cw_duration_from_today(far, &why) == -1, "9000y is past the years");
	bad_value("review_cycle", "9000y", why);

	load(&r, "instrument_dir = inst\npseudonym_key_file = keys/k\n");
	ok(r.rc == 0, "relative paths (got %d)", r.rc);
	is_str(r.c.instrument_dir, "inst", "relative to a file in the current folder");
	is_str(r.c.pseudonym_key_file, "keys/k", "the same for the key");
	done(&r);
	mkdir("sub", 0700);
	write_file("sub/casework.conf", "instrument_dir = inst\n"
		   "pseudonym_key_file = ../k\n");
	load_db(&r, "sub/t.db");
	ok(r.rc == 0, "the file beside sub/t.db (got %d)", r.rc);
	is_str(r.c.path, "sub/casework.conf", "is read");
	is_str(r.c.instrument_dir, "sub/inst", "instrument_dir relative to its folder");
	is_str(r.c.pseudonym_key_file, "sub/../k", "pseudonym_key_file too");
	done(&r);
	write_file("sub/casework.conf", "instrument_dir = /abs/inst\n"
		   "pseudonym_key_file = /abs/k\n");
	load_db(&r, "sub/t.db");
	is_str(r.c.instrument_dir, "/abs/inst", "an absolute folder is kept");
	is_str(r.c.pseudonym_key_file, "/abs/k", "an absolute file is kept");
	done(&r);
	load(&r, "age_bands = 0-5 , 6-64,65-\n");
	ok(r.rc == 0 && r.c.nage_bands == 3 && r.c.age_from[0] == 0 &&
	   r.c.age_from[1] == 6 && r.c.age_from[2] == 65,
	   "age_bands = 0-5 , 6-64,65- (blanks around a band)");
	done(&r);
	load(&r, "age_bands = 0-\n");
	ok(r.rc == 0 && r.c.nage_bands == 1, "age_bands = 0-: one band");
	done(&r);
	load(&r, "age_bands = 0-0,1-1,2-2,3-3,4-4,5-5,6-6,7-7,8-8,9-9,10-10,"
	     "11-11,12-12,13-13,14-14,15-\n");
	ok(r.rc == 0 && r.c.nage_bands == 16, "age_bands: 16 bands");
	done(&r);
	bad_value("age_bands", "0-0,1-1,2-2,3-3,4-4,5-5,6-6,7-7,8-8,9-9,10-10,"
		  "11-11,12-12,13-13,14-14,15-15,16-", "more than 16 bands");
	bad_value("age_bands", "0-13,15-", "two bands leave a gap between them");
	bad_value("age_bands", "0-13,12-", "two bands overlap");
	bad_value("age_bands", "0-13,14-17", "the last band is not open-ended (such as 60-)");
	bad_value("age_bands", "0-,14-", "only the last band is open-ended (60-)");
	bad_value("age_bands", "1-13,14-", "the first band does not start at 0");
	bad_value("age_bands", "0-13,14-10,11-", "a band ends before it starts");
	bad_value("age_bands", "0-13,14-151", "not a list of age bands such as "
		  "0-13,14-17,18-34,35-59,60- (ages 0 to 150)");
	bad_value("age_bands", "0-13,,14-", "not a list of age bands such as "
		  "0-13,14-17,18-34,35-59,60- (ages 0 to 150)");
	bad_value("age_bands", "+0-13,14-", "not a list of age bands such as "
		  "0-13,14-17,18-34,35-59,60- (ages 0 to 150)");
	bad_value("instrument_dir", "", "needs a folder");
	bad_value("pseudonym_key_file", "", "needs a file");
	bad_value("instrument_dir", " \t ", "needs a folder");
}

static void test_syntax(void)
{
	struct res r;
	char *big;
	size_t n = 10000;

	load(&r, "# the north office\n\n   # indented comment\n\t\n"
		 "busy_timeout_ms = 42\n\n# end\n");
	ok(r.rc == 0 && r.c.busy_timeout_ms == 42,
	   "comments and blank lines are skipped (got %d)", r.rc);
	done(&r);
	load(&r, " \t busy_timeout_ms\t =  \t 43 \t\n");
	ok(r.rc == 0 && r.c.busy_timeout_ms == 43,
	   "spaces and tabs around key and value ignored (got %d)", r.rc);
	done(&r);
	load(&r, "busy_timeout_ms=44");
	ok(r.rc == 0 && r.c.busy_timeout_ms == 44,
	   "no spaces, no line end at the end of the file (got %d)", r.rc);
	done(&r);
	load(&r, "busy_timeout_ms = 45\r\ncrisis_followup_days = 2\r\n");
	ok(r.rc == 0 && r.c.busy_timeout_ms == 45 && r.c.crisis_followup_days == 2,
	   "CRLF line ends (got %d)", r.rc);
	done(&r);
	load(&r, "instrument_dir = a # b\n");
	is_str(r.c.instrument_dir, "a # b", "a # later in a line is part of the value");
	done(&r);
	refused("busy_timeout_ms = 5 # five\n", "tcf: casework.conf:1: busy_timeout_ms: "
		"not a number of milliseconds (0 to 3600000)\n",
		"so a number followed by a comment");
	load(&r, "instrument_dir = a=b\n");
	is_str(r.c.instrument_dir, "a=b", "the value runs from the first =");
	done(&r);
	load(&r, "busy_timeout_ms = 1\nbusy_timeout_ms = 2\n"
		 "instrument_dir = x\ninstrument_dir = y\n");
	ok(r.rc == 0 && r.c.busy_timeout_ms == 2, "a key given twice takes its last value");
	is_str(r.c.instrument_dir, "y", "a path too");
	done(&r);

	refused("# settings\nbusy_timeout_ms 5\n",
		"tcf: casework.conf:2: expected 'key = value'\n", "a line without =");
	refused("busy_timeout_ms = 5\n\ncolour = red\n",
		"tcf: casework.conf:3: colour: unknown setting\n",
		"an unknown key names file, line and key");
	refused("Busy_Timeout_MS = 5\n",
		"tcf: casework.conf:1: Busy_Timeout_MS: unknown setting\n",
		"keys are lowercase");
	refused("busy timeout ms = 5\n",
		"tcf: casework.conf:1: busy timeout ms: unknown setting\n",
		"a key with spaces inside");
	refused("= 5\n", "tcf: casework.conf:1: unknown setting\n", "no key");
	refused("busy_timeout_ms = 5\ncrisis_followup_days = 99\nbulk_after = 0\n",
		"tcf: casework.conf:2: crisis_followup_days: not a number of days (0 to 30)\n",
		"the first bad line is the one reported");

	/* Lines longer than any buffer are still lines. */
	big = malloc(n + 64);
	memset(big, 'x', n);
	big[0] = '#';
	strcpy(big + n, "\nbusy_timeout_ms = 46\n");
	load(&r, big);
	ok(r.rc == 0 && r.c.busy_timeout_ms == 46, "a comment line of 10000 bytes "
	   "(got %d)", r.rc);
	is_str(r.err, "", "is skipped whole");
	done(&r);
	memcpy(big, "colour = ", 9);
	load(&r, big);
	ok(r.rc == CW_EXIT_USAGE && r.err && !strncmp(r.err, "tcf: casework.conf:1: colour:", 29),
	   "a long line with an unknown key is one line (line 1)");
	done(&r);
	free(big);
}

static void test_where(void)
{
	struct res r;
	char *p, named[300], sub[300];

	p = cw_config_path("t.db");
	is_str(p, "casework.conf", "cw_config_path: a database without a folder");
	free(p);
	p = cw_config_path("/srv/cw/t.db");
	is_str(p, "/srv/cw/casework.conf", "beside the database");
	free(p);
	p = cw_config_path("/t.db");
	is_str(p, "/casework.conf", "in /");
	free(p);

	snprintf(named, sizeof named, "%s/named.conf", dir);
	setenv("CASEWORK_CONFIG", named, 1);
	p = cw_config_path("/srv/cw/t.db");
	is_str(p, named, "CASEWORK_CONFIG when set");
	free(p);

	write_file("casework.conf", "busy_timeout_ms = 7\n");
	load_db(&r, "t.db");
	ok(r.rc == CW_EXIT_USAGE, "CASEWORK_CONFIG naming a missing file: exit 2 (got %d)",
	   r.rc);
	is_str(r.err, strf("tcf: cannot open configuration '%s': No such file or directory\n",
			named), "with its name");
	done(&r);

	write_file(named, "busy_timeout_ms = 8\n");
	load_db(&r, "t.db");
	ok(r.rc == 0 && r.c.busy_timeout_ms == 8, "CASEWORK_CONFIG is read, not the file "
	   "beside the database (got %d)", r.c.busy_timeout_ms);
	is_str(r.c.path, named, "its path kept");
	done(&r);

	write_file(named, "crisis_followup_days = 31\n");
	load_db(&r, "t.db");
	is_str(r.err, strf("tcf: %s:1: crisis_followup_days: not a number of days (0 to 30)\n",
			named), "messages name the file as CASEWORK_CONFIG does");
	done(&r);

	snprintf(sub, sizeof sub, "%s/sub/x.conf", dir);
	write_file(sub, "instrument_dir = inst\n");
	setenv("CASEWORK_CONFIG", sub, 1);
	load_db(&r, "/elsewhere/t.db");
	is_str(r.c.instrument_dir, strf("%s/sub/inst", dir),
	       "paths relative to CASEWORK_CONFIG's folder");
	done(&r);

	setenv("CASEWORK_CONFIG", "", 1);
	load_db(&r, "t.db");
	ok(r.rc == 0 && r.c.busy_timeout_ms == 7, "CASEWORK_CONFIG empty: the file beside "
	   "the database (got %d)", r.c.busy_timeout_ms);
	done(&r);
	unsetenv("CASEWORK_CONFIG");

	load_db(&r, "nowhere/t.db");
	ok(r.rc == 0 && r.c.path == NULL, "a database folder that does not exist: no file, "
	   "fine (got %d)", r.rc);
	done(&r);

	mkdir("isdir", 0700);
	mkdir("isdir/casework.conf", 0700);
	load_db(&r, "isdir/t.db");
	ok(r.rc == CW_EXIT_USAGE, "a folder where the file should be: exit 2 (got %d)", r.rc);
	is_str(r.err, "tcf: cannot read 'isdir/casework.conf': Is a directory\n",
	       "cannot read it");
	done(&r);
}

int main(void)
{
	cw_set_progname("tcf");
	unsetenv("CASEWORK_CONFIG");
	if (!mkdtemp(dir) || chdir(dir) != 0)
		return 1;
	test_defaults();
	test_keys();
	test_syntax();
	test_where();
	if (chdir("/") == 0) {
		char cmd[300];
		snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
		if (system(cmd) != 0)
			fprintf(stderr, "# could not remove %s\n", dir);
	}
	return tap_done();
}
