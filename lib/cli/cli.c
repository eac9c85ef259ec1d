/* cli/cli.c - the command line every sw-* command shares (casework.7). */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "verbs.h"
#include "core/core.h"

static const struct {
	const char *name;
	char shortopt;
	int has_arg;
	unsigned bit;
} common[] = {
	{"db", 0, 1, CW_O_DB},
	{"user", 0, 1, CW_O_USER},
	{"input-format", 'i', 1, CW_O_IN},
	{"output-format", 'o', 1, CW_O_OUT},
	{"encoding", 0, 1, CW_O_ENCODING},
	{"dry-run", 0, 0, CW_O_DRYRUN},
	{"keep-going", 0, 0, CW_O_KEEPGOING},
	{"rejects", 0, 1, CW_O_REJECTS},
	{"worker", 0, 1, CW_O_WORKER},
	{"status", 0, 1, CW_O_STATUS},
	{"since", 0, 1, CW_O_SINCE},
	{"until", 0, 1, CW_O_UNTIL},
	{"excel", 0, 0, CW_O_EXCEL},
};
#define NCOMMON (sizeof common / sizeof common[0])

/* $CASEWORK_DB, else the user's configuration's database, else the
 * default file: *out, or NULL when there is none. 0 or a usage error. */
static int default_db(char **out)
{
	const char *env = getenv("CASEWORK_DB");
	int rc;

	if (env && *env) {
		*out = cw_xstrdup(env);
		return 0;
	}
	if ((rc = core_config_database(out)) != 0 || *out)
		return rc;
	*out = cw_db_default_path();
	return 0;
}

static char *default_user(void)
{
	const char *env = getenv("CASEWORK_USER");
	struct passwd *pw;

	if (env && *env)
		return cw_xstrdup(env);
	pw = getpwuid(geteuid());
	if (pw && pw->pw_name && *pw->pw_name)
		return cw_xstrdup(pw->pw_name);
	env = getenv("LOGNAME");
	return cw_xstrdup(env && *env ? env : "unknown");
}

/* Stores one common option's value; returns 0 or a usage error. */
static int set_common(cw_cli *c, unsigned bit, const char *name, char *val)
{
	const char *why;
	switch (bit) {
	case CW_O_DB:
		/* SQLite takes "" for a temporary database that vanishes at
		 * exit: a script's unset variable must not look like success. */
		if (!*val)
			return cw_usage_error("option '--db' needs a file name");
		free(c->db_path);
		c->db_path = cw_xstrdup(val);
		break;
	case CW_O_USER:
		if (!*val)
			return cw_usage_error("option '--user' needs a name");
		free(c->user);
		c->user = cw_xstrdup(val);
		c->user_given = 1;
		break;
	case CW_O_IN:
		if (cw_format_parse(val, &c->in_fmt) || c->in_fmt == CW_FMT_TABLE)
			return cw_usage_error("unknown input format '%s' (use csv, jsonl, json or xlsx)", val);
		break;
	case CW_O_OUT:
		c->out_given = 1;
		/* -o html is a command's own (sw-report): checked once the
		 * command is known, with the message of any other word. */
		if (!strcmp(val, "html")) {
			c->html = 1;
			c->out_fmt = CW_FMT_JSONL;
		} else if (cw_format_parse(val, &c->out_fmt)) {
			return cw_usage_error("unknown output format '%s' (use jsonl, json, csv, table or xlsx)", val);
		}
		break;
	case CW_O_ENCODING:
		c->encoding = val;
		break;
	case CW_O_EXCEL:    /* settled with -o in cli_parse */
		break;
	case CW_O_DRYRUN:
		c->dry_run = 1;
		break;
	case CW_O_KEEPGOING:
		c->keep_going = 1;
		break;
	case CW_O_REJECTS:
		if (!*val)
			return cw_usage_error("option '--rejects' needs a file name");
		c->rejects = val;
		break;
	case CW_O_WORKER:
		c->worker = val;
		break;
	case CW_O_STATUS:
		c->status = val;
		break;
	case CW_O_SINCE:
	case CW_O_UNTIL:
		if (cw_date_parse(val, bit == CW_O_SINCE ? &c->since : &c->until, &why))
			return cw_usage_error("option '--%s': %s", name, why);
		if (bit == CW_O_SINCE)
			c->has_since = 1;
		else
			c->has_until = 1;
		break;
	}
	return 0;
}

/* One option at argv[*i]; takes its value from "=VALUE", the rest of a
 * short option, or the next argument. Records what was given in *given
 * and *given_extra for the verb check that follows. */
static int parse_option(cw_cli *c, int argc, char **argv, int *i,
			const cw_optdef *extra, size_t nextra,
			unsigned *given, unsigned *given_extra)
{
	char *arg = argv[*i], *val = NULL, namebuf[64];
	const char *name;
	size_t k, nlen;
	int has_arg = -1;
	unsigned bit = 0;
	long xi = -1;

	if (arg[1] == '-') {
		name = arg + 2;
		val = strchr(name, '=');
		nlen = val ? (size_t)(val - name) : strlen(name);
		if (val)
			val++;
		if (nlen >= sizeof namebuf)
			return cw_usage_error("unknown option '%s'", arg);
		memcpy(namebuf, name, nlen);
		namebuf[nlen] = '\0';
		name = namebuf;
		for (k = 0; k < NCOMMON; k++)
			if (!strcmp(name, common[k].name)) {
				has_arg = common[k].has_arg;
				bit = common[k].bit;
			}
		for (k = 0; k < nextra && has_arg < 0; k++)
			if (!strcmp(name, extra[k].name)) {
				has_arg = extra[k].has_arg;
				xi = (long)k;
			}
		if (has_arg < 0)
			return cw_usage_error("unknown option '--%s'", name);
	} else {
		for (k = 0; k < NCOMMON; k++)
			if (common[k].shortopt && arg[1] == common[k].shortopt)
				break;
		if (k == NCOMMON)
			return cw_usage_error("unknown option '%s'", arg);
		snprintf(namebuf, sizeof namebuf, "%c", arg[1]);
		name = namebuf;
		has_arg = common[k].has_arg;
		bit = common[k].bit;
		if (arg[2])
			val = arg + 2;
	}
	if (has_arg && !val) {
		if (*i + 1 >= argc)
			return cw_usage_error("option '%s%s' needs a value",
					      strlen(name) > 1 ? "--" : "-", name);
		val = argv[++*i];
	} else if (!has_arg && val) {
		return cw_usage_error("option '--%s' takes no value", name);
	}
	if (xi >= 0) {
		if (c->extra[xi] && !extra[xi].repeatable)
			return cw_usage_error("option '--%s' given twice", name);
		if (has_arg && c->extra[xi]) {
			cw_buf b;
			cw_buf_init(&b);
			cw_buf_printf(&b, "%s,%s", c->extra[xi], val);
			c->joined = cw_xrealloc(c->joined, (c->njoined + 1) * sizeof *c->joined);
			c->extra[xi] = c->joined[c->njoined++] = cw_buf_detach(&b, NULL);
		} else {
			c->extra[xi] = has_arg ? val : "";
		}
		*given_extra |= 1u << xi;
		return 0;
	}
	/* A common option is never repeatable: the second value would
	 * silently replace the first (-o and --output-format are one). */
	if (*given & bit) {
		for (k = 0; common[k].bit != bit; k++)
			;
		return cw_usage_error("option '--%s' given twice", common[k].name);
	}
	*given |= bit;
	return set_common(c, bit, name, val);
}

int cli_parse(cw_cli *c, int argc, char **argv, const cw_command *cmd)
{
	const cw_verbdef *verbs = cmd->verbs;
	const cw_optdef *extra = cmd->extra;
	size_t nverbs = cmd->nverbs, nextra = cmd->nextra;
	unsigned given = 0, given_extra = 0;
	int i, rc, only_args = 0;
	size_t k;
	const char *verbname = NULL;

	memset(c, 0, sizeof *c);
	cw_set_progname(argv[0]);
	c->extra = cw_xcalloc(nextra ? nextra : 1, sizeof *c->extra);
	c->args = cw_xcalloc((size_t)argc, sizeof *c->args);
	c->in_fmt = CW_FMT_AUTO;
	c->out_fmt = CW_FMT_AUTO;
	for (i = 1; i < argc; i++) {
		char *a = argv[i];
		if (!only_args && !strcmp(a, "--")) {
			only_args = 1;
		} else if (!only_args && (!strcmp(a, "--help") || !strcmp(a, "-h"))) {
			cli_usage(cmd, stdout);
			return -1;
		} else if (!only_args && !strcmp(a, "--version")) {
			printf("%s (casework) %s\n", cw_progname(), CW_VERSION);
			return -1;
		} else if (!only_args && a[0] == '-' && a[1]) {
			rc = parse_option(c, argc, argv, &i, extra, nextra,
					  &given, &given_extra);
			if (rc)
				return rc;
		} else if (!verbname) {
			verbname = a;
		} else {
			c->args[c->nargs++] = a;
		}
	}
	if (c->html && !cmd->html)
		return cw_usage_error("unknown output format 'html' (use jsonl, json, csv, table or xlsx)");
	if (!verbname)
		return cw_usage_error("no verb given");
	for (k = 0; k < nverbs; k++)
		if (!strcmp(verbname, verbs[k].name))
			c->verb = &verbs[k];
	if (!c->verb)
		return cw_usage_error("unknown verb '%s'", verbname);
	/* --excel goes wherever -o does. */
	for (k = 0; k < NCOMMON; k++)
		if ((given & common[k].bit) && !(c->verb->common & common[k].bit) &&
		    !(common[k].bit == CW_O_EXCEL && (c->verb->common & CW_O_OUT)))
			return cw_usage_error("option '--%s' does not apply to '%s'",
					      common[k].name, verbname);
	for (k = 0; k < nextra; k++)
		if ((given_extra & (1u << k)) && !(c->verb->extra & (1u << k)))
			return cw_usage_error("option '--%s' does not apply to '%s'",
					      extra[k].name, verbname);
	if ((int)c->nargs < c->verb->min_args)
		return cw_usage_error("'%s' needs %s", verbname,
				      c->verb->min_args == 1 ? "an argument"
							     : "more arguments");
	if (c->verb->max_args >= 0 && (int)c->nargs > c->verb->max_args)
		return cw_usage_error("too many arguments for '%s'", verbname);
	if (c->rejects && !c->keep_going)
		return cw_usage_error("option '--rejects' needs '--keep-going'");
	if (c->in_fmt == CW_FMT_XLSX && c->encoding)
		return cw_usage_error("option '--encoding' does not apply to a workbook (-i xlsx)");
	if (c->has_since && c->has_until && c->since > c->until)
		return cw_usage_error("'--since' is after '--until'");
	if ((given & CW_O_EXCEL) && c->html)
		return cw_usage_error("give '--excel' or '-o html', not both");
	if ((given & CW_O_EXCEL) && c->out_given && c->out_fmt != CW_FMT_CSV)
		return cw_usage_error("'--excel' writes CSV: it does not go with "
				      "'-o %s'", cw_format_name(c->out_fmt));
	if (given & CW_O_EXCEL)
		c->out_fmt = CW_FMT_EXCEL;
	/* A workbook is bytes for a file, not for a screen. */
	if (c->out_fmt == CW_FMT_XLSX && isatty(STDOUT_FILENO))
		return cw_usage_error("-o xlsx writes a workbook: send standard "
				      "output to a file (> FILE.xlsx)");
	if (c->out_fmt == CW_FMT_AUTO)
		c->out_fmt = isatty(STDOUT_FILENO) ? CW_FMT_TABLE : CW_FMT_JSONL;
	if (!c->db_path && (rc = default_db(&c->db_path)) != 0)
		return rc;
	if (!c->db_path)
		return cw_usage_error("cannot find the database: HOME is not set "
				      "or not absolute (give --db or set "
				      "CASEWORK_DB)");
	/* The database is a file, named as a file: SQLite would read these
	 * as a URI or as a database in memory, gone at exit. */
	if (!strncmp(c->db_path, "file:", 5) || !strcmp(c->db_path, ":memory:"))
		return cw_usage_error("the database '%s' is not a file name "
				      "(give the file's path)", c->db_path);
	if (!c->user) {
		const char *env = getenv("CASEWORK_USER");
		c->user_given = env && *env;
		c->user = default_user();
	}
	return 0;
}

void cli_release(cw_cli *c)
{
	free(c->db_path);
	free(c->user);
	free(c->extra);
	while (c->njoined)
		free(c->joined[--c->njoined]);
	free(c->joined);
	free(c->args);
	memset(c, 0, sizeof *c);
}

/* Output that never reached its destination is an error: a full disk or a
 * closed pipe must not look like success to a script. */
int cli_finish_stdout(int rc)
{
	int bad = fflush(stdout) != 0 || ferror(stdout);
	int e = errno;
	if (fclose(stdout) != 0 && !bad) {
		bad = 1;
		e = errno;
	}
	if (bad) {
		cw_output_failed(e);
		return rc && rc != CW_EXIT_EMPTY ? rc : CW_EXIT_IO;
	}
	return rc;
}

cw_batch_opts cli_batch_opts(const cw_cli *c)
{
	cw_batch_opts o = {
		.verb = c->verb->name, .actor = c->user, .in_fmt = c->in_fmt,
		.out_fmt = c->out_fmt, .encoding = c->encoding,
		.dry_run = c->dry_run, .keep_going = c->keep_going,
		.rejects = c->rejects,
	};
	return o;
}

/* The help of each common option, written once for every command: a
 * command's --help shows those its verbs take. */
static const struct {
	unsigned bits;
	const char *text;
} common_help[] = {
	{CW_O_DB, "  --db PATH             database (else $CASEWORK_DB, else\n"
		  "                        $XDG_DATA_HOME/casework/casework.db or\n"
		  "                        ~/.local/share/casework/casework.db)\n"},
	{CW_O_USER, "  --user NAME           who is acting, for the audit trail\n"},
	{CW_O_IN, "  -i, --input-format F  csv, jsonl, json or xlsx (default: detected)\n"},
	{CW_O_OUT, NULL},  /* the formats: see cli_usage */
	{CW_O_ENCODING, "  --encoding CHARSET    input charset, e.g. GB18030 (default UTF-8); input\n"
			"                        already UTF-8 is refused with another CHARSET\n"},
	{CW_O_DRYRUN, "  --dry-run             check and print, store nothing\n"},
	{CW_O_KEEPGOING, "  --keep-going          store the good records, reject the bad ones\n"},
	{CW_O_REJECTS, "  --rejects FILE        with --keep-going: write rejected records to FILE\n"},
	{CW_O_WORKER, "  --worker NAME         only what concerns the cases assigned to NAME\n"},
	{CW_O_STATUS, "  --status STATUS       only records in this status\n"},
	{CW_O_SINCE | CW_O_UNTIL, "  --since DATE, --until DATE\n"
				  "                        only what is dated within, both days included\n"},
};

void cli_usage(const cw_command *cmd, FILE *fp)
{
	unsigned taken = 0;
	size_t i;

	for (i = 0; i < cmd->nverbs; i++)
		taken |= cmd->verbs[i].common;
	fputs(cmd->synopsis, fp);
	fputs("\nOptions every command takes (see casework(7)):\n", fp);
	for (i = 0; i < sizeof common_help / sizeof common_help[0]; i++) {
		if (!(taken & common_help[i].bits))
			continue;
		if (common_help[i].text)
			fputs(common_help[i].text, fp);
		else if (cmd->html)
			fputs("  -o, --output-format F jsonl, json, csv, table, xlsx or html (one\n"
			      "                        page with the table and its chart)\n", fp);
		else
			fputs("  -o, --output-format F jsonl, json, csv, table or xlsx\n", fp);
		if (common_help[i].bits == CW_O_OUT)
			fputs("  --excel               CSV for Excel and WPS: BOM, CRLF, numbers and\n"
			      "                        dates kept as text, formulas neutralised\n", fp);
	}
	fputs(cmd->options, fp);
	fputs("  --help, --version\n\n", fp);
	fputs(cmd->footer, fp);
}
