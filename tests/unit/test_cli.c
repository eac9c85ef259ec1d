/* test_cli.c - the command line every command shares (lib/cli.c): where
 * options go, how values are given, what is refused and with which
 * message, the defaults of the output format, the database and the user. */
#define _XOPEN_SOURCE 700   /* posix_openpt: a terminal for -o's default */
#include <pwd.h>
#include <stdarg.h>
#include <stdlib.h>
#include <unistd.h>
#include "verbs.h"
#include "tap.h"
#include "capture.h"

static const char usage[] = "Usage: tc VERB [OPTION]... [FILE]...\n";

enum { X_DUPLICATES, X_CLIENTS, X_FIELD };
static const cw_optdef extra[] = {
	[X_DUPLICATES] = {"duplicates", 1, 0, 0},
	[X_CLIENTS] = {"clients", 0, 0, 0},
	[X_FIELD] = {"field", 1, 1, 0},
};
static const cw_verbdef verbs[] = {
	{"add", CW_O_BATCH, 1u << X_DUPLICATES, 0, -1, NULL, CLI_DB_NONE, NULL},
	{"list", CW_O_QUERY, 1u << X_CLIENTS | 1u << X_FIELD, 0, 0, NULL, CLI_DB_NONE, NULL},
	{"show", CW_O_DB | CW_O_OUT, 0, 1, 1, NULL, CLI_DB_NONE, NULL},
	{"pair", CW_O_DB, 0, 2, 2, NULL, CLI_DB_NONE, NULL},
};
static const cw_command command = {
	usage, "Options of tc:\n  --duplicates P\n", "Exit status: 0.\n",
	verbs, sizeof verbs / sizeof verbs[0], extra, sizeof extra / sizeof extra[0], 0
};
/* The same command with -o html among its formats (as sw-report). */
static const cw_command html_command = {
	usage, "Options of tc:\n", "Exit status: 0.\n",
	verbs, sizeof verbs / sizeof verbs[0], extra, sizeof extra / sizeof extra[0], 1
};
/* The whole --help of cmd, as cli_usage writes it (owned). */
static char *help_of(const cw_command *cmd)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	cli_usage(cmd, fp);
	fclose(fp);
	return buf;
}

/* One parse, its output and messages caught. */
struct res {
	int rc;
	char *out, *err;
	cw_cli c;
};

static void parse_argv(struct res *r, const char **argv)
{
	capture co, ce;
	int argc = 0, c1, c2;

	while (argv[argc])
		argc++;
	c1 = capture_start(&co, 1);
	c2 = capture_start(&ce, 2);
	r->rc = cli_parse(&r->c, argc, (char **)argv, &command);
	r->err = c2 ? NULL : capture_end(&ce);
	r->out = c1 ? NULL : capture_end(&co);
}

/* P(&r, "add", "--db", "x"): the arguments after the program's name
 * (which is a path: the messages use its last part). They live to the
 * end of the enclosing block, as r->c.args needs. */
#define P(r, ...) parse_argv((r), (const char *[]){"/usr/bin/tc", __VA_ARGS__, NULL})

static void done(struct res *r)
{
	cli_release(&r->c);
	free(r->out);
	free(r->err);
}

/* A usage error's message as printed: the line and the hint. */
static const char *E(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static const char *E(const char *fmt, ...)
{
	static char bufs[4][1024];
	static int next;
	char msg[900], *s = bufs[next++ % 4];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	snprintf(s, sizeof bufs[0], "tc: %s\nTry 'tc --help' for more information.\n", msg);
	return s;
}

/* A parse that must fail with exit 2 and exactly this message. */
static void refused(struct res *r, const char *want, const char *what)
{
	ok(r->rc == CW_EXIT_USAGE, "%s: exit 2 (got %d)", what, r->rc);
	is_str(r->err, want, "%s: the message", what);
	is_str(r->out, "", "%s: nothing on stdout", what);
	done(r);
}

static void test_placement(void)
{
	struct res r;

	P(&r, "add", "a.csv", "--dry-run", "b.csv");
	ok(r.rc == 0 && r.c.dry_run, "an option after the verb and between files (%d)", r.rc);
	ok(!strcmp(r.c.verb->name, "add") && r.c.nargs == 2 &&
	   !strcmp(r.c.args[0], "a.csv") && !strcmp(r.c.args[1], "b.csv"),
	   "the files are the arguments, in order");
	is_str(r.err, "", "nothing said");
	done(&r);

	P(&r, "--keep-going", "--db", "x.db", "add", "-");
	ok(r.rc == 0 && r.c.keep_going && r.c.nargs == 1, "options before the verb (%d)", r.rc);
	is_str(r.c.db_path, "x.db", "--db VALUE");
	is_str(r.c.args[0], "-", "a lone - is an argument");
	done(&r);

	P(&r, "add", "--db=y.db", "--user=ann", "--encoding=GB18030");
	is_str(r.c.db_path, "y.db", "--db=VALUE");
	is_str(r.c.user, "ann", "--user=VALUE");
	is_str(r.c.encoding, "GB18030", "--encoding=VALUE");
	done(&r);

	P(&r, "add", "--user=", "z");
	refused(&r, E("option '--user' needs a name"),
		"--user= gives an empty value, not the next argument");
	P(&r, "add", "--db=", "z");
	refused(&r, E("option '--db' needs a file name"),
		"--db= gives an empty value, refused (SQLite would make it a database that vanishes)");
	P(&r, "add", "--db", "file:d.db");
	refused(&r, E("the database 'file:d.db' is not a file name (give the file's path)"),
		"--db as an SQLite URI");
	P(&r, "add", "--db", ":memory:");
	refused(&r, E("the database ':memory:' is not a file name (give the file's path)"),
		"--db :memory:");

	P(&r, "pair", "a", "--db", "p.db", "b");
	ok(r.rc == 0 && r.c.nargs == 2 && !strcmp(r.c.args[1], "b"),
	   "an option between arguments (%d)", r.rc);
	done(&r);

	P(&r, "add", "--", "--dry-run", "-x", "--db");
	ok(r.rc == 0 && !r.c.dry_run && r.c.nargs == 3, "-- ends the options (%d)", r.rc);
	ok(r.c.nargs == 3 && !strcmp(r.c.args[0], "--dry-run") && !strcmp(r.c.args[1], "-x")
	   && !strcmp(r.c.args[2], "--db"), "what follows it is arguments");
	done(&r);

	P(&r, "--", "add", "--");
	ok(r.rc == 0 && !strcmp(r.c.verb->name, "add") && r.c.nargs == 1 &&
	   !strcmp(r.c.args[0], "--"), "the verb after --, and a second -- is an argument");
	done(&r);

	P(&r, "list", "--worker", "wu", "--status", "open", "--field", "x");
	is_str(r.c.worker, "wu", "--worker");
	is_str(r.c.status, "open", "--status");
	is_str(r.c.extra[X_FIELD], "x", "a command option's value");
	ok(r.c.extra[X_CLIENTS] == NULL && r.c.extra[X_DUPLICATES] == NULL,
	   "options not given are NULL");
	done(&r);

	P(&r, "list", "--clients");
	is_str(r.c.extra[X_CLIENTS], "", "a command flag given is \"\"");
	done(&r);
}

static void test_formats(void)
{
	struct res r;

	P(&r, "add", "-o", "csv", "-i", "json");
	ok(r.rc == 0 && r.c.out_fmt == CW_FMT_CSV && r.c.in_fmt == CW_FMT_JSON,
	   "-o csv -i json");
	done(&r);
	P(&r, "add", "-ocsv", "-ijsonl");
	ok(r.rc == 0 && r.c.out_fmt == CW_FMT_CSV && r.c.in_fmt == CW_FMT_JSONL,
	   "-ocsv -ijsonl");
	done(&r);
	P(&r, "add", "--output-format=json", "--input-format", "csv");
	ok(r.rc == 0 && r.c.out_fmt == CW_FMT_JSON && r.c.in_fmt == CW_FMT_CSV,
	   "--output-format=json --input-format csv");
	done(&r);
	P(&r, "add");
	ok(r.rc == 0 && r.c.in_fmt == CW_FMT_AUTO, "no -i: detected from the input");
	ok(r.c.out_fmt == CW_FMT_JSONL, "no -o and stdout not a terminal: jsonl (got %d)",
	   (int)r.c.out_fmt);
	done(&r);
	P(&r, "add", "-o", "table");
	ok(r.rc == 0 && r.c.out_fmt == CW_FMT_TABLE, "-o table asked for is table");
	done(&r);

	/* The default on a terminal: stdout a pseudo-terminal for the parse. */
	{
		int m = posix_openpt(O_RDWR | O_NOCTTY), s = -1, saved;
		const char *name = m >= 0 && grantpt(m) == 0 && unlockpt(m) == 0
				   ? ptsname(m) : NULL;
		if (name)
			s = open(name, O_RDWR | O_NOCTTY);
		if (s < 0) {
			skip("no pseudo-terminal here");
		} else {
			fflush(stdout);
			saved = dup(1);
			dup2(s, 1);
			r.rc = cli_parse(&r.c, 2, (char *[]){"tc", "add", NULL},
					 &command);
			dup2(saved, 1);
			close(saved);
			ok(r.rc == 0 && r.c.out_fmt == CW_FMT_TABLE,
			   "no -o and stdout a terminal: table (got %d)", (int)r.c.out_fmt);
			cli_release(&r.c);
			close(s);
		}
		if (m >= 0)
			close(m);
	}

	P(&r, "add", "-o", "xml");
	refused(&r, E("unknown output format 'xml' (use jsonl, json, csv, table or xlsx)"),
		"an unknown output format");
	P(&r, "add", "-o", "CSV");
	refused(&r, E("unknown output format 'CSV' (use jsonl, json, csv, table or xlsx)"),
		"format names are lowercase");
	P(&r, "add", "-itable");
	refused(&r, E("unknown input format 'table' (use csv, jsonl, json or xlsx)"),
		"table is no input format");
}

static void test_refusals(void)
{
	struct res r;
	char longopt[80];
	const char *why = "";
	cw_date d;

	P(&r, "frob");
	refused(&r, E("unknown verb 'frob'"), "an unknown verb");
	P(&r, "--dry-run");
	refused(&r, E("no verb given"), "no verb");
	P(&r, "--", "--dry-run", "add");
	refused(&r, E("unknown verb '--dry-run'"), "after --, an option's name is a verb");
	P(&r, "add", "--bogus");
	refused(&r, E("unknown option '--bogus'"), "an unknown long option");
	P(&r, "add", "--bogus=1");
	refused(&r, E("unknown option '--bogus'"), "an unknown long option with a value");
	P(&r, "add", "-x");
	refused(&r, E("unknown option '-x'"), "an unknown short option");
	memset(longopt, 'a', sizeof longopt);
	memcpy(longopt, "--", 2);
	longopt[sizeof longopt - 1] = '\0';
	P(&r, "add", longopt);
	refused(&r, E("unknown option '%s'", longopt), "a long option's name too long");
	P(&r, "add", "--dry");
	refused(&r, E("unknown option '--dry'"), "no abbreviations");

	P(&r, "list", "--dry-run");
	refused(&r, E("option '--dry-run' does not apply to 'list'"),
		"a common option the verb does not take");
	P(&r, "-o", "csv", "pair", "a", "b");
	refused(&r, E("option '--output-format' does not apply to 'pair'"),
		"-o given before a verb that does not take it");
	P(&r, "add", "--clients");
	refused(&r, E("option '--clients' does not apply to 'add'"),
		"a command option the verb does not take");

	P(&r, "add", "--db");
	refused(&r, E("option '--db' needs a value"), "a long option's value missing");
	P(&r, "add", "-o");
	refused(&r, E("option '-o' needs a value"), "a short option's value missing");
	P(&r, "add", "--duplicates");
	refused(&r, E("option '--duplicates' needs a value"),
		"a command option's value missing");
	P(&r, "add", "--dry-run=yes");
	refused(&r, E("option '--dry-run' takes no value"), "a value given to a flag");
	P(&r, "list", "--clients=1");
	refused(&r, E("option '--clients' takes no value"),
		"a value given to a command flag");
	P(&r, "add", "--user", "");
	refused(&r, E("option '--user' needs a name"), "an empty user");

	P(&r, "add", "--db", "a.db", "--db", "b.db");
	refused(&r, E("option '--db' given twice"), "a common option given twice");
	P(&r, "add", "-o", "csv", "--output-format=json");
	refused(&r, E("option '--output-format' given twice"),
		"-o and --output-format are one option");
	P(&r, "--dry-run", "add", "--dry-run");
	refused(&r, E("option '--dry-run' given twice"), "a common flag given twice");
	P(&r, "add", "--duplicates", "skip", "--duplicates=link");
	refused(&r, E("option '--duplicates' given twice"),
		"a command option that is not repeatable, given twice");
	P(&r, "list", "--clients", "--clients");
	refused(&r, E("option '--clients' given twice"), "a command flag given twice");
	P(&r, "list", "--field", "a", "--field=b", "--field", "c,d");
	ok(r.rc == 0, "a repeatable option given three times (%d)", r.rc);
	is_str(r.c.extra[X_FIELD], "a,b,c,d", "its values joined with commas");
	done(&r);

	P(&r, "show");
	refused(&r, E("'show' needs an argument"), "an argument missing");
	P(&r, "pair", "a");
	refused(&r, E("'pair' needs more arguments"), "arguments missing");
	P(&r, "show", "a", "b");
	refused(&r, E("too many arguments for 'show'"), "too many arguments");
	P(&r, "list", "a");
	refused(&r, E("too many arguments for 'list'"), "an argument to a verb that takes none");
	P(&r, "pair", "a", "b");
	ok(r.rc == 0 && r.c.nargs == 2, "as many arguments as it takes (%d)", r.rc);
	done(&r);

	P(&r, "add", "--rejects", "r.csv");
	refused(&r, E("option '--rejects' needs '--keep-going'"),
		"--rejects without --keep-going");
	P(&r, "add", "--rejects", "r.csv", "--keep-going");
	ok(r.rc == 0 && r.c.keep_going, "--rejects with --keep-going (%d)", r.rc);
	is_str(r.c.rejects, "r.csv", "the rejects file");
	done(&r);

	P(&r, "list", "--since", "2026-03-05", "--until", "2026-03-01");
	refused(&r, E("'--since' is after '--until'"), "--since after --until");
	P(&r, "list", "--since", "2026-03-05", "--until", "2026/3/5");
	ok(r.rc == 0 && r.c.has_since && r.c.has_until && r.c.since == r.c.until,
	   "--since and --until the same day (%d)", r.rc);
	ok(cw_date_parse("2026-03-05", &d, &why) == 0 && r.c.since == d,
	   "the date parsed");
	done(&r);
	P(&r, "list", "--until", "20260305");
	ok(r.rc == 0 && !r.c.has_since && r.c.has_until, "--until alone");
	done(&r);
	why = "";
	cw_date_parse("2026-02-30", &d, &why);
	P(&r, "list", "--since", "2026-02-30");
	refused(&r, E("option '--since': %s", why), "a day that does not exist");
	cw_date_parse("soon", &d, &why);
	P(&r, "list", "--until=soon");
	refused(&r, E("option '--until': %s", why), "not a date");
}

static void test_help(void)
{
	struct res r;
	char want[64];
	char *help = help_of(&command), *html_usage = help_of(&html_command);

	/* The help: the command's synopsis, the common options its verbs
	 * take (written once, in cli.c), its own options, its footer. */
	ok(!strncmp(help, "Usage: tc VERB", 14), "the help begins with the synopsis");
	ok(strstr(help, "\nOptions every command takes (see casework(7)):\n  --db PATH") != NULL,
	   "then the common options");
	ok(strstr(help, "  --rejects FILE ") && strstr(help, "  --status STATUS ") &&
	   strstr(help, "  --since DATE, --until DATE\n"),
	   "those the verbs take, batch and query options alike");
	ok(strstr(help, "jsonl, json, csv, table or xlsx\n") && !strstr(help, "html") &&
	   strstr(help, "  --excel "),
	   "-o without html for a command that does not write it");
	ok(strstr(html_usage, "table, xlsx or html") != NULL, "-o with html for one that does");
	ok(strstr(help, "Options of tc:\n  --duplicates P\n  --help, --version\n\nExit status: 0.\n") != NULL,
	   "then the command's own options, --help and the footer");
	free(html_usage);

	P(&r, "--help");
	ok(r.rc == -1, "--help returns -1 (got %d)", r.rc);
	is_str(r.out, help, "and prints the usage on stdout");
	is_str(r.err, "", "nothing on stderr");
	done(&r);
	P(&r, "add", "-h");
	ok(r.rc == -1, "-h after a verb too");
	is_str(r.out, help, "the usage");
	done(&r);
	P(&r, "frob", "--help");
	ok(r.rc == -1, "--help even after an unknown verb");
	done(&r);
	P(&r, "--version");
	snprintf(want, sizeof want, "tc (casework) %s\n", CW_VERSION);
	ok(r.rc == -1, "--version returns -1");
	is_str(r.out, want, "and prints the version on stdout");
	is_str(r.err, "", "nothing on stderr");
	done(&r);
	P(&r, "add", "--", "--help");
	ok(r.rc == 0 && r.c.nargs == 1, "--help after -- is an argument");
	done(&r);
	free(help);
}

/* -o html: a command's own format (sw-report), read by the parser. */
static void test_html(void)
{
	struct res r;
	const char *argv[] = {"/usr/bin/tc", "show", "-o", "html", "CA-1", NULL};
	capture ce;

	P(&r, "show", "-o", "html", "CA-1");
	refused(&r, E("unknown output format 'html' (use jsonl, json, csv, table or xlsx)"),
		"-o html to a command without it");
	capture_start(&ce, 2);
	r.rc = cli_parse(&r.c, 5, (char **)argv, &html_command);
	r.err = capture_end(&ce);
	r.out = NULL;
	ok(r.rc == 0 && r.c.html && r.c.out_given && r.c.out_fmt == CW_FMT_JSONL,
	   "-o html to a command with it: html, the records as jsonl");
	done(&r);
	P(&r, "show", "CA-1");
	ok(r.rc == 0 && !r.c.html && !r.c.out_given, "no -o: neither html nor given");
	done(&r);
}

static void test_defaults(void)
{
	struct res r;
	struct passwd *pw = getpwuid(geteuid());
	const char *hint = E("cannot find the database: HOME is not set or not "
			     "absolute (give --db or set CASEWORK_DB)");

	setenv("CASEWORK_DB", "/env/c.db", 1);
	setenv("CASEWORK_USER", "envuser", 1);
	P(&r, "add");
	is_str(r.c.db_path, "/env/c.db", "the database from CASEWORK_DB");
	is_str(r.c.user, "envuser", "the user from CASEWORK_USER");
	done(&r);
	P(&r, "add", "--db", "o.db", "--user", "u");
	is_str(r.c.db_path, "o.db", "--db before CASEWORK_DB");
	is_str(r.c.user, "u", "--user before CASEWORK_USER");
	done(&r);

	setenv("CASEWORK_DB", "", 1);
	setenv("XDG_DATA_HOME", "/xdg", 1);
	setenv("HOME", "/home/h", 1);
	P(&r, "add");
	is_str(r.c.db_path, "/xdg/casework/casework.db",
	       "CASEWORK_DB empty: from XDG_DATA_HOME");
	done(&r);
	unsetenv("CASEWORK_DB");
	setenv("XDG_DATA_HOME", "rel", 1);
	P(&r, "add");
	is_str(r.c.db_path, "/home/h/.local/share/casework/casework.db",
	       "XDG_DATA_HOME relative: from HOME");
	done(&r);
	unsetenv("XDG_DATA_HOME");
	P(&r, "add");
	is_str(r.c.db_path, "/home/h/.local/share/casework/casework.db",
	       "XDG_DATA_HOME unset: from HOME");
	done(&r);
	unsetenv("HOME");
	P(&r, "add");
	refused(&r, hint, "HOME unset and no database named");
	setenv("HOME", "home", 1);
	P(&r, "add");
	refused(&r, hint, "HOME relative");
	P(&r, "add", "--db", "d.db");
	ok(r.rc == 0, "--db needs no HOME (%d)", r.rc);
	done(&r);
	setenv("XDG_DATA_HOME", "/xdg", 1);
	P(&r, "add");
	is_str(r.c.db_path, "/xdg/casework/casework.db", "XDG_DATA_HOME needs no HOME");
	done(&r);

	unsetenv("CASEWORK_USER");
	P(&r, "add");
	if (pw && pw->pw_name && *pw->pw_name)
		is_str(r.c.user, pw->pw_name, "CASEWORK_USER unset: the login name");
	else
		skip("no name for this user id");
	done(&r);
	setenv("CASEWORK_USER", "", 1);
	P(&r, "add");
	ok(r.c.user && *r.c.user && strcmp(r.c.user, ""), "CASEWORK_USER empty: "
	   "not used");
	done(&r);
	setenv("CASEWORK_DB", "/env/c.db", 1);
	setenv("CASEWORK_USER", "envuser", 1);
}

int main(void)
{
	setenv("CASEWORK_DB", "/env/c.db", 1);
	setenv("CASEWORK_USER", "envuser", 1);
	test_placement();
	test_formats();
	test_refusals();
	test_help();
	test_html();
	test_defaults();
	return tap_done();
}
