/* cli/main.c - the main of every sw-* command: parse, configure, run, finish. */
#include <signal.h>
#include <unistd.h>
#include "verbs.h"

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

/* stdout's buffer: glibc takes the size only with a buffer of ours. */
static char outbuf[1 << 18];

int cli_main(int argc, char **argv, const cw_command *cmd)
{
	cw_cli c;
	cw_config cfg = {0};
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
	if (!rc)
		rc = c.verb->run(&c, &cfg);
	cw_config_release(&cfg);
	cli_release(&c);
	return cli_finish_stdout(rc);
}
