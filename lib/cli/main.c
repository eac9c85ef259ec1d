/* cli/main.c - the main of every sw-* command: parse, configure, run, finish. */
#include <signal.h>
#include <time.h>
#include <unistd.h>
#include "verbs.h"
#include "store/store.h"

/* Before anything is read: no file the command would write may be the
 * database, its companions, the configuration or the pseudonym key. */
static int check_outputs(const cw_cli *c, const cw_config *cfg,
			 const cw_command *cmd)
{
	const cw_optdef *extra = cmd->extra;
	size_t nextra = cmd->nextra;
	size_t k;
	int rc = cw_outpath_check(c->rejects, c->db_path, cfg);

	for (k = 0; k < nextra && !rc; k++)
		if (extra[k].writes && c->extra[k])
			rc = cw_outpath_check(c->extra[k], c->db_path, cfg);
	return rc;
}

/* Opens the database the verb needs (its row's db) into x->db. A verb
 * that reads files as a batch has them checked first, and a verb's own
 * checks of its command line come before the database too: a usage
 * error or a missing input is reported as such, whatever the database. */
static int open_db(cw_cli *c, cw_ctx *x)
{
	const cw_verbdef *v = c->verb;
	int dry = (v->common & CW_O_DRYRUN) && c->dry_run;
	enum cw_db_mode mode = CW_DB_READ;
	enum cli_db need = v->db;
	int rc;

	if (v->check && (rc = v->check(c, x, &need)) != 0)
		return rc;
	if (v->common & CW_O_DRYRUN) {
		cw_batch_opts o = cli_batch_opts(c);
		size_t skip = (v->common & CW_O_NAME_FIRST) && c->nargs ? 1 : 0;
		if ((rc = cw_batch_check_inputs(&o, c->args + skip,
						c->nargs - skip)) != 0)
			return rc;
	}
	switch (need) {
	case CLI_DB_NONE:
		return 0;
	case CLI_DB_ADMIN:
		if ((rc = store_open_admin(&x->db, c->db_path, x->cfg)) != 0 ||
		    (rc = store_identify(x->db, &c->user, c->user_given)) != 0)
			return rc;
		x->user = c->user;
		return 0;
	case CLI_DB_READ:
		break;
	case CLI_DB_WRITE:
		mode = CW_DB_WRITE;
		break;
	case CLI_DB_CHANGE:
		/* a missing database is refused (read mode), never created */
		mode = !dry && cw_db_exists(c->db_path) ? CW_DB_WRITE : CW_DB_READ;
		break;
	case CLI_DB_ADD:
		if (dry && !cw_db_exists(c->db_path))
			return 0;
		mode = dry ? CW_DB_READ : CW_DB_WRITE;
		break;
	}
	if ((rc = cw_db_open(&x->db, c->db_path, mode, x->cfg)) != 0)
		return rc;
	/* on a server that decides who acts, the actor is its answer */
	if ((rc = store_identify(x->db, &c->user, c->user_given)) != 0)
		return rc;
	x->user = c->user;
	/* a server's database keeps the settings that decide stored data */
	return store_settings(x->db, (cw_config *)x->cfg);
}

/* stdout's buffer: glibc takes the size only with a buffer of ours. */
static char outbuf[1 << 18];

int cli_main(int argc, char **argv, const cw_command *cmd)
{
	cw_cli c;
	cw_config cfg = {0};
	cw_ctx x = {0};
	int rc;

	/* A reader that closed the pipe fails the write (EPIPE), which the
	 * writers notice and stop at, and the command exits 5: never killed
	 * halfway by the signal, with its status lost (141). */
	signal(SIGPIPE, SIG_IGN);
	/* Records go out in 256 KiB writes to a file or a pipe (the C
	 * library's default is 4 KiB); a terminal keeps its line buffering. */
	if (!isatty(STDOUT_FILENO))
		setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
	rc = cli_parse(&c, argc, argv, cmd);
	if (rc) {
		cli_release(&c);
		/* -1: --help or --version, answered */
		return cli_finish_stdout(rc < 0 ? CW_EXIT_OK : rc);
	}
	rc = cw_config_load(&cfg, c.db_path);
	if (!rc)
		rc = check_outputs(&c, &cfg, cmd);
	if (!rc) {
		x.db_path = c.db_path;
		x.cfg = &cfg;
		x.user = c.user;
		x.out = stdout;
		x.now = time(NULL);
		x.today = cw_date_today();
		rc = open_db(&c, &x);
	}
	if (!rc)
		rc = c.verb->run(&c, &x);
	cw_db_free(x.db);
	cw_config_release(&cfg);
	cli_release(&c);
	return cli_finish_stdout(rc);
}
