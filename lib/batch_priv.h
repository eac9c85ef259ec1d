/*
 * batch_priv.h - the batch of casework.7 in steps, for a verb that reads
 * several files with different record callbacks in one batch (sw-refer
 * import reads each HSDS table with its own). cw_batch_run (casework.h) is
 * these steps over a list of files with one callback. Not installed;
 * ownership as in casework.h.
 */
#ifndef CW_BATCH_PRIV_H
#define CW_BATCH_PRIV_H

#include "casework.h"

/* Starts a batch: creates the spool for the records to print after the
 * commit (cols, in o->out_fmt; a dry run prints each to stdout as it is
 * validated instead), creates the rejects file when o->rejects names one, and
 * begins the database transaction unless o->dry_run (db may then be NULL).
 * Returns 0 and *out, or an exit code after a message; nothing is left
 * behind then (a rejects file created is removed) and no totals line is
 * printed. */
int cw_batch_start(cw_batch **out, const cw_batch_opts *o, cw_db *db,
		   const cw_col *cols, size_t ncols);
/* Reads one input (path, "-" for standard input), whose records may have
 * the columns names (see cw_reader_expect), through fn, which
 * accounts for each record exactly as cw_batch_fn says. Returns 0, or the
 * exit code of an error that ends the batch (the input cannot be opened
 * or read, a syntax error, fn returned a code, a record not accounted
 * for); the message has been printed. */
int cw_batch_read(cw_batch *b, const char *path, const cw_names *names,
		  cw_batch_fn fn, void *ctx);
/* Ends the batch and frees b. fatal is the first nonzero code of
 * cw_batch_read (or of the caller's own work), or 0. Unless this is a dry
 * run: when fatal is 0 and no record was rejected (or keep_going is on),
 * calls finish (may be NULL) and commits; otherwise rolls back. Prints the
 * totals line, then the spooled records when the batch committed (a dry
 * run has printed its records already). Removes the rejects file when a real batch
 * rolled back. Returns the exit code of the whole batch: fatal, else
 * CW_EXIT_DATA when a record was rejected, else an output error, else 0. */
int cw_batch_end(cw_batch *b, cw_batch_finish_fn finish, void *ctx, int fatal);

/* Counts the current record as stored without printing it: for a verb
 * whose output rows are not one per record (see cw_batch_print). Like
 * cw_batch_stored, it is the record's one outcome. */
void cw_batch_count_stored(cw_batch *b);
/* Adds one output row (cols order) to the records printed after the
 * commit, without accounting for any record. */
void cw_batch_print(cw_batch *b, const char *const *vals);

#endif
