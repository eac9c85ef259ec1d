/* store/batch.c - one batch: read every record, account for each, commit once. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include "store/store.h"
#include "io/io.h"

#define SPOOL_BUF (1 << 18)   /* the spool's buffer */

struct cw_batch {
	const cw_batch_opts *o;  /* options, not owned */
	cw_db *db;               /* the database, not owned; NULL in a dry run
				    without one */
	int64_t id;              /* batch id, 0 in a dry run */
	cw_reader *reader;       /* the input being read */
	const char *file;        /* its name for messages */
	long read, stored, skipped, rejected;  /* the accounting */
	int outcomes;            /* outcomes reported for the current record */
	FILE *spool;             /* stored records, printed after commit;
				    NULL in a dry run, which prints as it
				    goes */
	char *spool_buf;         /* its buffer, SPOOL_BUF bytes, owned */
	FILE *to;                /* where the records are printed, not owned */
	cw_writer *out;          /* writes into spool, or to to */
	cw_outfile *rej_file;    /* the rejects file, written whole when the
				    batch commits or a dry run ends */
	FILE *rej;               /* writes to it, or NULL */
	enum cw_format rej_fmt;  /* CSV or JSONL, fixed by the first input */
	char **rej_cols;         /* CSV rejects: the header written, owned */
	size_t nrej_cols;        /* its length */
	cw_buf line;             /* scratch */
	int progress;            /* progress lines on: stderr is a terminal
				    and NO_COLOR is not set */
	int shown;               /* width of the progress line on screen, 0
				    when none is */
	double t0, last;         /* when the batch began, when the progress
				    line was last written (monotonic s) */
};

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Rewrites the progress line in place, at most twice a second. It says
 * how many records and how fast, never what they hold. */
static void progress_show(cw_batch *b)
{
	char line[128];
	double t = now();
	int n;

	if (t - b->last < 0.5)
		return;
	b->last = t;
	n = snprintf(line, sizeof line, "\r%s: %ld records, %.0f/s",
		     cw_progname(), b->read,
		     t > b->t0 ? (double)b->read / (t - b->t0) : 0.0);
	if (n <= 0 || (size_t)n >= sizeof line)
		return;
	fputs(line, stderr);
	b->shown = n - 1;
}

/* Blanks the progress line, if one is on screen, so that the next message
 * starts on a clean line. */
static void progress_clear(cw_batch *b)
{
	if (!b->shown)
		return;
	fprintf(stderr, "\r%*s\r", b->shown, "");
	b->shown = 0;
}

const char *cw_batch_file(const cw_batch *b)
{
	return b->file;
}

int64_t cw_batch_id(const cw_batch *b)
{
	return b->id;
}

int cw_batch_dry_run(const cw_batch *b)
{
	return b->o->dry_run;
}

void cw_batch_stored(cw_batch *b, const char *const *vals)
{
	b->stored++;
	b->outcomes++;
	cw_writer_row(b->out, vals);
}

void store_batch_json(const cw_batch *b, cw_buf *out, const char *const *vals)
{
	io_writer_json(b->out, out, vals);
}

void store_batch_stored_json(cw_batch *b, const char *const *vals,
			     const char *json, size_t len)
{
	b->stored++;
	b->outcomes++;
	io_writer_row_json(b->out, vals, json, len);
}

void store_batch_count_stored(cw_batch *b)
{
	b->stored++;
	b->outcomes++;
}

enum cw_format store_batch_format(const cw_batch *b)
{
	return b->reader ? cw_reader_format(b->reader) : CW_FMT_AUTO;
}

void store_batch_print(cw_batch *b, const char *const *vals)
{
	cw_writer_row(b->out, vals);
}

void cw_batch_skip(cw_batch *b, const cw_record *rec, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	b->skipped++;
	b->outcomes++;
	progress_clear(b);
	cw_error_at(b->file, rec->line, NULL, "skipped: %s", msg);
}

/* The rejects file keeps the input as it was, with where and why in
 * front, so that the fields after them line up with the input even when
 * the record had the wrong number of fields. */
static void write_reject(cw_batch *b, const cw_record *rec, const char *why)
{
	size_t i, n;
	char num[32];

	if (!b->rej)
		return;
	cw_buf_reset(&b->line);
	snprintf(num, sizeof num, "%ld", rec->line);
	if (b->rej_fmt == CW_FMT_CSV) {
		cw_csv_quote(&b->line, b->file, strlen(b->file));
		cw_buf_printf(&b->line, ",%s,", num);
		cw_csv_quote(&b->line, why, strlen(why));
		/* The where and why of an earlier rejects file are replaced,
		 * not repeated. */
		for (i = 0, n = 0; i < rec->n; i++) {
			if (cw_batch_ignored_column(rec->f[i].name))
				continue;
			cw_buf_addch(&b->line, ',');
			if (rec->f[i].value)
				cw_csv_quote(&b->line, rec->f[i].value, rec->f[i].len);
			n++;
		}
		for (; n < b->nrej_cols; n++)
			cw_buf_addch(&b->line, ',');
	} else {
		cw_buf_addstr(&b->line, "{\"_file\":");
		cw_json_quote(&b->line, b->file, strlen(b->file));
		cw_buf_printf(&b->line, ",\"_line\":%s,\"_reason\":", num);
		cw_json_quote(&b->line, why, strlen(why));
		for (i = 0; i < rec->n; i++) {
			const cw_field *f = &rec->f[i];
			if (cw_batch_ignored_column(f->name))
				continue;
			cw_buf_addch(&b->line, ',');
			cw_json_quote(&b->line, f->name, strlen(f->name));
			cw_buf_addch(&b->line, ':');
			if (f->type == CW_F_STRING)
				cw_json_quote(&b->line, f->value, f->len);
			else
				cw_buf_addstr(&b->line, f->value ? f->value : "null");
		}
		cw_buf_addch(&b->line, '}');
	}
	cw_buf_addch(&b->line, '\n');
	fwrite(b->line.s, 1, b->line.len, b->rej);
}

void cw_batch_reject(cw_batch *b, const cw_record *rec, const char *field,
		     const char *fmt, ...)
{
	char msg[512], why[800];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	b->rejected++;
	b->outcomes++;
	progress_clear(b);
	cw_error_at(b->file, rec->line, field, "%s", msg);
	if (field && *field)
		snprintf(why, sizeof why, "%s: %s", field, msg);
	else
		snprintf(why, sizeof why, "%s", msg);
	write_reject(b, rec, why);
}

/* A CSV rejects file has one header: the first input's columns. A later
 * input with other columns or another format cannot share the file. */
static int rejects_start_file(cw_batch *b)
{
	const char *const *all;
	const char **cols;
	size_t n, i, nall;
	enum cw_format f = cw_reader_format(b->reader);
	int rc = 0;

	if (!b->rej)
		return 0;
	/* A workbook's, as CSV's, is CSV with its header: a spreadsheet
	 * opens it. */
	f = f == CW_FMT_CSV || f == CW_FMT_XLSX ? CW_FMT_CSV : CW_FMT_JSONL;
	if (b->rej_fmt == CW_FMT_AUTO)
		b->rej_fmt = f;
	else if (b->rej_fmt != f)
		goto mismatch;
	if (f != CW_FMT_CSV)
		return 0;
	all = cw_reader_columns(b->reader, &nall);
	if (!all)
		return 0;
	cols = cw_xcalloc(nall ? nall : 1, sizeof *cols);
	for (i = n = 0; i < nall; i++)
		if (!cw_batch_ignored_column(all[i]))
			cols[n++] = all[i];
	if (b->rej_cols) {
		if (n != b->nrej_cols)
			rc = -1;
		for (i = 0; i < n && !rc; i++)
			if (strcmp(cols[i], b->rej_cols[i]))
				rc = -1;
		free(cols);
		if (rc)
			goto mismatch;
		return 0;
	}
	b->rej_cols = cw_xcalloc(n ? n : 1, sizeof *b->rej_cols);
	b->nrej_cols = n;
	cw_buf_reset(&b->line);
	cw_buf_addstr(&b->line, "_file,_line,_reason");
	for (i = 0; i < n; i++) {
		b->rej_cols[i] = cw_xstrdup(cols[i]);
		cw_buf_addch(&b->line, ',');
		cw_csv_quote(&b->line, cols[i], strlen(cols[i]));
	}
	cw_buf_addch(&b->line, '\n');
	fwrite(b->line.s, 1, b->line.len, b->rej);
	free(cols);
	return 0;
mismatch:
	cw_error_at(b->file, 1, NULL, "'--rejects' needs every input in the "
		    "same format with the same columns");
	return CW_EXIT_USAGE;
}

int cw_batch_check_inputs(const cw_batch_opts *o, char **files, size_t nfiles)
{
	size_t i;
	int rc;

	for (i = 0; i < nfiles; i++) {
		if (strcmp(files[i], "-") && access(files[i], R_OK) != 0) {
			cw_error_at(files[i], 0, NULL, "cannot open: %s", strerror(errno));
			return CW_EXIT_IO;
		}
		if ((rc = io_check_encoding(files[i], o->in_fmt, o->encoding)))
			return rc;
	}
	return cw_outpath_check_inputs(o->rejects, files, nfiles);
}

static int open_rejects(cw_batch *b)
{
	int e = cw_outfile_open(&b->rej_file, b->o->rejects, &b->rej);
	if (e) {
		cw_error("cannot create rejects file '%s': %s", b->o->rejects,
			 cw_outfile_why(e));
		return CW_EXIT_IO;
	}
	b->rej_fmt = CW_FMT_AUTO;
	return 0;
}

/* ---- reading ahead --------------------------------------------------------- */

/* A regular file is parsed by a second thread, AHEAD records ahead of the
 * one being checked and stored, so that a large batch uses both cores.
 * The records, results and errors reach the batch in input order, and the
 * reader prints nothing but a workbook's warning about its sheets, before
 * its first record, so nothing the batch reports changes. Terminals
 * and pipes are read in turn: a read that may wait for a person or a
 * program must not hold up the end of a batch that has stopped. */
#define AHEAD 256

struct ahead {
	cw_reader *rd;            /* the reader, used by the thread only */
	pthread_t th;
	pthread_mutex_t mu;
	pthread_cond_t filled_cv; /* a record came, for a waiting batch */
	pthread_cond_t room_cv;   /* half the slots are free, for the thread */
	int batch_waits, thread_waits; /* who sleeps, so that nobody is woken
					  for nothing */
	cw_record rec[AHEAD];     /* record n is in slot n % AHEAD */
	int res[AHEAD];           /* what cw_reader_next returned */
	cw_read_error err[AHEAD]; /* its error, for a reject or a fatal one */
	unsigned long filled;     /* records read */
	unsigned long taken;      /* records the batch has finished with, as
				     the thread knows */
	unsigned long seen;       /* the batch's own: records it knows read, */
	unsigned long done;       /* and records it has finished with (told
				     to the thread every 32, or when it
				     runs out) */
	int stop;                 /* the batch has stopped: read no more */
};

static void *ahead_run(void *arg)
{
	struct ahead *a = arg;
	int r;

	do {
		size_t i;
		pthread_mutex_lock(&a->mu);
		while (a->filled - a->taken == AHEAD && !a->stop) {
			a->thread_waits = 1;
			pthread_cond_wait(&a->room_cv, &a->mu);
		}
		a->thread_waits = 0;
		if (a->stop) {
			pthread_mutex_unlock(&a->mu);
			break;
		}
		i = a->filled % AHEAD;
		pthread_mutex_unlock(&a->mu);
		r = cw_reader_next(a->rd, &a->rec[i]);
		if (r == CW_READ_REJECT || r == CW_READ_FATAL)
			a->err[i] = *cw_reader_error(a->rd);
		pthread_mutex_lock(&a->mu);
		a->res[i] = r;
		a->filled++;
		if (a->batch_waits)
			pthread_cond_signal(&a->filled_cv);
		pthread_mutex_unlock(&a->mu);
	} while (r != CW_READ_END && r != CW_READ_FATAL);
	return NULL;
}

/* Starts reading ahead of rd; 0, or -1 when it cannot (then read in turn). */
static int ahead_start(struct ahead *a, cw_reader *rd)
{
	size_t i;
	memset(a, 0, sizeof *a);
	a->rd = rd;
	for (i = 0; i < AHEAD; i++)
		cw_record_init(&a->rec[i]);
	pthread_mutex_init(&a->mu, NULL);
	pthread_cond_init(&a->filled_cv, NULL);
	pthread_cond_init(&a->room_cv, NULL);
	if (pthread_create(&a->th, NULL, ahead_run, a) == 0)
		return 0;
	pthread_mutex_destroy(&a->mu);
	pthread_cond_destroy(&a->filled_cv);
	pthread_cond_destroy(&a->room_cv);
	return -1;
}

/* The next record, in order: its result, with *rec and *err set. */
/* Tells the thread which records the batch has finished with; called
 * with the lock held. */
static void ahead_tell(struct ahead *a)
{
	a->taken = a->done;
	if (a->thread_waits && a->filled - a->taken <= AHEAD / 2)
		pthread_cond_signal(&a->room_cv);
}

static int ahead_next(struct ahead *a, cw_record **rec, const cw_read_error **err)
{
	size_t i;
	if (a->done == a->seen) {
		pthread_mutex_lock(&a->mu);
		ahead_tell(a);
		while (a->filled == a->taken) {
			a->batch_waits = 1;
			pthread_cond_wait(&a->filled_cv, &a->mu);
		}
		a->batch_waits = 0;
		a->seen = a->filled;
		pthread_mutex_unlock(&a->mu);
	}
	i = a->done % AHEAD;
	*rec = &a->rec[i];
	*err = &a->err[i];
	return a->res[i];
}

/* The batch is done with the record ahead_next gave. */
static void ahead_done(struct ahead *a)
{
	if (++a->done - a->taken < 32)
		return;
	pthread_mutex_lock(&a->mu);
	ahead_tell(a);
	pthread_mutex_unlock(&a->mu);
}

/* Stops the thread (it finishes the record it is reading) and frees. */
static void ahead_end(struct ahead *a)
{
	size_t i;
	pthread_mutex_lock(&a->mu);
	a->stop = 1;
	pthread_cond_signal(&a->room_cv);
	pthread_mutex_unlock(&a->mu);
	pthread_join(a->th, NULL);
	pthread_mutex_destroy(&a->mu);
	pthread_cond_destroy(&a->filled_cv);
	pthread_cond_destroy(&a->room_cv);
	for (i = 0; i < AHEAD; i++)
		cw_record_release(&a->rec[i]);
}

/* Whether path names a regular file (standard input included). */
static int regular_input(const char *path)
{
	struct stat sb;
	if (!path || !strcmp(path, "-"))
		return fstat(STDIN_FILENO, &sb) == 0 && S_ISREG(sb.st_mode);
	return stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

/* Reads one input: path, or fp (owned) when it was copied already. */
static int read_input(cw_batch *b, const char *path, FILE *fp,
		      const cw_names *names, cw_batch_fn fn, void *ctx)
{
	cw_record own, *rec = &own;
	struct ahead *a = NULL;
	int r, rc = 0, started = 0;
	const cw_read_error *e;

	rc = cw_reader_open_file(&b->reader, fp, path, b->o->in_fmt,
				 b->o->encoding);
	if (rc)
		return rc;
	b->file = cw_reader_name(b->reader);
	cw_reader_expect(b->reader, names);
	cw_record_init(&own);
	if (fp || regular_input(path)) {
		a = cw_xmalloc(sizeof *a);
		if (ahead_start(a, b->reader)) {
			free(a);
			a = NULL;
		}
	}
	for (;;) {
		if (a) {
			r = ahead_next(a, &rec, &e);
		} else {
			r = cw_reader_next(b->reader, rec);
			e = cw_reader_error(b->reader);
		}
		if (r == CW_READ_END)
			break;
		if (!started) {
			started = 1;
			if ((rc = rejects_start_file(b)) != 0)
				break;
		}
		if (r == CW_READ_FATAL) {
			progress_clear(b);
			cw_error_at(b->file, e->line, e->field, "%s", e->msg);
			rc = e->code ? e->code : CW_EXIT_DATA;
			break;
		}
		b->read++;
		b->outcomes = 0;
		if (b->progress && !(b->read & 1023))
			progress_show(b);
		if (r == CW_READ_REJECT) {
			cw_batch_reject(b, rec, e->field, "%s", e->msg);
		} else {
			if ((rc = fn(ctx, b, rec)) == CW_REJECTED)
				rc = 0;
			else if (rc != 0)
				break;
			if (b->outcomes != 1) {
				cw_error("internal error: a record was not accounted for");
				rc = CW_EXIT_DB;
				break;
			}
		}
		/* A dry run's records go straight out: once they cannot (a
		 * closed pipe), checking the rest is for nothing. */
		if (!b->spool && cw_writer_errno(b->out)) {
			progress_clear(b);
			cw_output_failed(cw_writer_errno(b->out));
			rc = CW_EXIT_IO;
			break;
		}
		if (a)
			ahead_done(a);
	}
	progress_clear(b);
	if (a) {
		ahead_end(a);
		free(a);
	}
	cw_record_release(&own);
	cw_reader_free(b->reader);
	b->reader = NULL;
	return rc;
}

int store_batch_read(cw_batch *b, const char *path, const cw_names *names,
		  cw_batch_fn fn, void *ctx)
{
	return read_input(b, path, NULL, names, fn, ctx);
}

int store_batch_read_file(cw_batch *b, FILE *fp, const char *name,
			  const cw_names *names, cw_batch_fn fn, void *ctx)
{
	return read_input(b, name, fp, names, fn, ctx);
}

int store_copy_input(const char *path, FILE **out)
{
	char buf[65536];
	struct stat sb;
	FILE *tmp = NULL;
	ssize_t n;
	int fd = STDIN_FILENO, rc = 0;

	*out = NULL;
	if (strcmp(path, "-") && (fd = open(path, O_RDONLY)) < 0) {
		cw_error_at(path, 0, NULL, "cannot open: %s", strerror(errno));
		return CW_EXIT_IO;
	}
	if (fstat(fd, &sb) == 0 && (S_ISREG(sb.st_mode) || S_ISDIR(sb.st_mode)))
		goto done;
	if (isatty(fd))
		cw_error("reading records from the terminal (end with Ctrl-D)");
	if (!(tmp = tmpfile())) {
		cw_error("cannot create a temporary file: %s", strerror(errno));
		rc = CW_EXIT_IO;
		goto done;
	}
	while ((n = read(fd, buf, sizeof buf)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			cw_error_at(path, 0, NULL, "cannot read: %s", strerror(errno));
			rc = CW_EXIT_IO;
			goto done;
		}
		if (fwrite(buf, 1, (size_t)n, tmp) != (size_t)n)
			break;
	}
	if (fflush(tmp) != 0 || ferror(tmp)) {
		cw_error("cannot write a temporary file: %s", strerror(errno));
		rc = CW_EXIT_IO;
		goto done;
	}
	rewind(tmp);
	*out = tmp;
	tmp = NULL;
done:
	if (tmp)
		fclose(tmp);
	if (fd != STDIN_FILENO)
		close(fd);
	return rc;
}

static int copy_spool(FILE *spool, FILE *out)
{
	char buf[65536];
	size_t n;
	rewind(spool);
	while ((n = fread(buf, 1, sizeof buf, spool)) > 0)
		if (fwrite(buf, 1, n, out) != n) {
			cw_output_failed(errno);
			return CW_EXIT_IO;
		}
	if (ferror(spool)) {
		cw_error("cannot read back the output: %s", strerror(errno));
		return CW_EXIT_IO;
	}
	return 0;
}

/* Releases what the batch holds. The rejects file takes its place when
 * the batch committed or a dry run ended; a real batch that did not
 * commit leaves it as it was (or absent): nothing was stored, so nothing
 * was rejected for good. Returns rc, or CW_EXIT_IO when the rejects file
 * cannot be written. */
static int release(cw_batch *b, int commit, int rc)
{
	size_t i;
	int e;

	if (b->rej_file && (commit || b->o->dry_run)) {
		if ((e = cw_outfile_commit(b->rej_file)) != 0) {
			cw_error("cannot write rejects file '%s': %s",
				 b->o->rejects, cw_outfile_why(e));
			rc = rc ? rc : CW_EXIT_IO;
		}
	} else {
		cw_outfile_abort(b->rej_file);
	}
	b->rej_file = NULL;
	b->rej = NULL;
	for (i = 0; i < b->nrej_cols; i++)
		free(b->rej_cols[i]);
	free(b->rej_cols);
	cw_writer_free(b->out);
	if (b->spool)
		fclose(b->spool);
	free(b->spool_buf);
	cw_buf_release(&b->line);
	free(b);
	return rc;
}

int store_batch_start(cw_batch **out, const cw_batch_opts *o, FILE *to,
		      cw_db *db, const cw_col *cols, size_t ncols)
{
	cw_batch *b = cw_xcalloc(1, sizeof *b);
	int rc;

	*out = NULL;
	b->o = o;
	b->to = to;
	b->db = db;
	/* A dry run's output says what would be stored: a reader that went
	 * away lost it, which is said even for a closed pipe (a real batch
	 * says so through cw_db_begin). */
	cw_output_report_pipe();
	cw_buf_init(&b->line);
	b->progress = isatty(STDERR_FILENO) && !(getenv("NO_COLOR") &&
						 *getenv("NO_COLOR"));
	if (b->progress)
		b->t0 = b->last = now();
	/* A real batch prints what it stored once it has committed; a dry
	 * run stores nothing and prints each record as it is validated. */
	if (!o->dry_run && !(b->spool = tmpfile())) {
		cw_error("cannot create a temporary file: %s", strerror(errno));
		return release(b, 0, CW_EXIT_IO);
	}
	/* written in 256 KiB pieces, as standard output is (cli/main.c),
	 * rather than the C library's 4 KiB: a large batch's records are
	 * many megabytes */
	if (b->spool) {
		b->spool_buf = cw_xmalloc(SPOOL_BUF);
		setvbuf(b->spool, b->spool_buf, _IOFBF, SPOOL_BUF);
	}
	b->out = cw_writer_new(b->spool ? b->spool : to, o->out_fmt, cols, ncols);
	if (o->rejects && (rc = open_rejects(b)) != 0)
		return release(b, 0, rc);
	if (!o->dry_run && (rc = cw_db_begin(db, o->actor, o->verb, &b->id)) != 0)
		return release(b, 0, rc);
	/* A dry run reads in one transaction, as the real run does: the
	 * same state from the first record to the last (and one lock). */
	if (o->dry_run && db && store_begin(db, 0))
		return release(b, 0, CW_EXIT_DB);
	*out = b;
	return 0;
}

int store_batch_end(cw_batch *b, cw_batch_finish_fn finish, void *ctx, int fatal)
{
	const cw_batch_opts *o = b->o;
	int rc, commit = 0;
	char idbuf[32];

	progress_clear(b);
	if (!o->dry_run) {
		commit = !fatal && (o->keep_going || !b->rejected);
		if (commit && finish)
			fatal = finish(ctx, b);
		if (commit && !fatal)
			fatal = cw_db_commit(b->db);
		else
			cw_db_rollback(b->db);
		commit = commit && !fatal;
	} else if (b->db) {
		cw_db_rollback(b->db);
	}
	rc = fatal ? fatal : b->rejected ? CW_EXIT_DATA : 0;
	if (commit) {
		cw_id_format(CW_K_BATCH, b->id, idbuf);
		cw_error("batch %s: %ld read, %ld stored, %ld skipped, %ld rejected",
			 idbuf, b->read, b->stored, b->skipped, b->rejected);
	} else {
		cw_error("%s, nothing stored: %ld read, %ld valid, %ld skipped, "
			 "%ld rejected%s", o->dry_run ? "dry run" : "batch rolled back",
			 b->read, b->stored, b->skipped, b->rejected,
			 fatal ? " before the error" : "");
	}
	/* A usage error found reading (a workbook on a pipe given an
	 * encoding) before a dry run printed anything prints nothing. */
	if (fatal == CW_EXIT_USAGE && !b->spool && !cw_writer_rows(b->out))
		return release(b, commit, rc);
	if (cw_writer_finish(b->out) != 0) {
		if (b->spool && cw_writer_errno(b->out)) {
			cw_error("cannot write the temporary output: %s",
				 strerror(cw_writer_errno(b->out)));
			rc = rc ? rc : CW_EXIT_IO;
		} else {
			rc = cw_writer_failed(b->out, rc);
		}
	} else if (commit) {
		int w = copy_spool(b->spool, b->to);
		rc = rc ? rc : w;
	}
	return release(b, commit, rc);
}

int cw_batch_run(const cw_batch_opts *o, cw_db *db, char **files,
		 size_t nfiles, const cw_col *cols, size_t ncols,
		 const cw_names *names, cw_batch_fn fn,
		 cw_batch_finish_fn finish, void *ctx)
{
	return store_batch_run(o, stdout, db, files, nfiles, cols, ncols,
			       names, fn, finish, ctx);
}

int store_batch_run(const cw_batch_opts *o, FILE *to, cw_db *db,
		    char **files, size_t nfiles, const cw_col *cols,
		    size_t ncols, const cw_names *names, cw_batch_fn fn,
		    cw_batch_finish_fn finish, void *ctx)
{
	static char *const std_in[] = {"-"};
	FILE **copies;
	cw_batch *b;
	size_t i;
	int rc = 0, fatal = 0;

	if (!nfiles) {
		files = (char **)std_in;
		nfiles = 1;
	}
	/* A real batch holds the write lock while it reads: what may keep
	 * it waiting is read first. A dry run takes no lock, and reads as it
	 * goes, as a filter does. */
	copies = cw_xcalloc(nfiles, sizeof *copies);
	for (i = 0; i < nfiles && !rc && !o->dry_run; i++)
		rc = store_copy_input(files[i], &copies[i]);
	if (!rc)
		rc = store_batch_start(&b, o, to, db, cols, ncols);
	if (!rc) {
		for (i = 0; i < nfiles && !fatal; i++) {
			fatal = read_input(b, files[i], copies[i], names, fn, ctx);
			copies[i] = NULL;  /* the reader has closed it */
		}
		rc = store_batch_end(b, finish, ctx, fatal);
	}
	for (i = 0; i < nfiles; i++)
		if (copies[i])
			fclose(copies[i]);
	free(copies);
	return rc;
}
