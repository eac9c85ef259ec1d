/*
 * store/store.h - the private header of store/: the database layer
 * (store/db.h, which it includes), the batch in steps (batch.c), the
 * mapping of a record's columns onto a batch verb's fields (fields.c),
 * the closed vocabularies (vocab.c) and a dry run's rows (dryrows.c).
 * Not installed: commands never see SQL or the engine.
 */
#ifndef CW_STORE_H
#define CW_STORE_H

#include "casework.h"
#include "store/db.h"

/* Steps st for the next row to write through w: STORE_ROW; STORE_DONE
 * at the end, and as soon as w's output has failed (a closed pipe, a full
 * disk), since the rest would be read for nothing; or an error code. */
int store_step_out(store_stmt *st, const cw_writer *w);
/* Prints every row st gives (columns in cols order) to out in fmt.
 * Returns 0, CW_EXIT_EMPTY when there was no row, or an error code
 * (after a message). */
int store_print(cw_db *db, FILE *out, store_stmt *st, const cw_col *cols,
		size_t ncols, enum cw_format fmt);

/* Whether case num is stored: 0; CW_EXIT_DATA after "no case CA-n"; or
 * CW_EXIT_DB after a database error (both reported). */
int store_case_stored(cw_db *db, int64_t num);

/* intake/store_workers.c: whether name may be assigned: 1 when the worker roster is
 * empty or has it, 0 when not, -1 after a database error (reported). *st
 * caches the query (the caller finalizes it). Without a database (a dry
 * run without one), 1. */
int intake_roster_allows(cw_db *db, store_stmt **st, const char *name);

/* ---- batch.c: the batch of casework.7 in steps ------------------------------
 * For a verb that reads several files with different record callbacks in
 * one batch (sw-refer import reads each HSDS table with its own).
 * cw_batch_run (casework.h) is these steps over a list of files with one
 * callback. */
/* Starts a batch: creates the spool for the records to print after the
 * commit (cols, in o->out_fmt; a dry run prints each to stdout as it is
 * validated instead), creates the rejects file when o->rejects names one, and
 * begins the database transaction unless o->dry_run (db may then be NULL).
 * Returns 0 and *out, or an exit code after a message; nothing is left
 * behind then (a rejects file created is removed) and no totals line is
 * printed. */
int store_batch_start(cw_batch **out, const cw_batch_opts *o, cw_db *db,
		   const cw_col *cols, size_t ncols);
/* Reads one input (path, "-" for standard input), whose records may have
 * the columns names (see cw_reader_expect), through fn, which
 * accounts for each record exactly as cw_batch_fn says. Returns 0, or the
 * exit code of an error that ends the batch (the input cannot be opened
 * or read, a syntax error, fn returned a code, a record not accounted
 * for); the message has been printed. */
int store_batch_read(cw_batch *b, const char *path, const cw_names *names,
		  cw_batch_fn fn, void *ctx);
/* The same for an input open already (fp, owned from now on), named name
 * in messages: an input copied by store_copy_input. */
int store_batch_read_file(cw_batch *b, FILE *fp, const char *name,
			  const cw_names *names, cw_batch_fn fn, void *ctx);
/* An input that is not a regular file (a pipe, a terminal, "-" for
 * standard input) is copied into an anonymous owner-only temporary file
 * before a batch takes the write lock, so that no other command waits on
 * a slow pipe or a person typing. Returns 0 and *out (NULL: a regular
 * file or a folder, read in place), or an exit code after a message. */
int store_copy_input(const char *path, FILE **out);
/* Ends the batch and frees b. fatal is the first nonzero code of
 * store_batch_read (or of the caller's own work), or 0. Unless this is a dry
 * run: when fatal is 0 and no record was rejected (or keep_going is on),
 * calls finish (may be NULL) and commits; otherwise rolls back. Prints the
 * totals line, then the spooled records when the batch committed (a dry
 * run has printed its records already). Removes the rejects file when a real batch
 * rolled back. Returns the exit code of the whole batch: fatal, else
 * CW_EXIT_DATA when a record was rejected, else an output error, else 0. */
int store_batch_end(cw_batch *b, cw_batch_finish_fn finish, void *ctx, int fatal);

/* Counts the current record as stored without printing it: for a verb
 * whose output rows are not one per record (see store_batch_print). Like
 * cw_batch_stored, it is the record's one outcome. */
void store_batch_count_stored(cw_batch *b);
/* Adds one output row (cols order) to the records printed after the
 * commit, without accounting for any record. */
void store_batch_print(cw_batch *b, const char *const *vals);

/* ---- fields.c: a record's columns mapped onto a verb's fields -------------
 * And the small value checks every batch verb shares (values point into
 * the record they came from). */
/* A field a verb reads: its name and other headers it accepts. */
typedef struct cw_fieldspec {
	const char *name;       /* canonical name, as the tools print it */
	const char *alias[3];   /* other accepted headers (Chinese), or NULL */
} cw_fieldspec;

/* Maps rec onto spec: vals[i] is field i's text (NULL when absent or
 * empty; it points into rec) and src[i] the header as written (NULL when
 * the column is absent). The columns every reader ignores (_file, _line,
 * _reason) are skipped. An unknown column, a field given twice, or true,
 * false where text is expected reject the record through b: returns
 * CW_REJECTED then, else 0. */
int store_fields_map(cw_batch *b, const cw_record *rec, const cw_fieldspec *spec,
		  size_t n, const char **vals, const char **src);
/* Whether name is a field's name or accepted header in the cw_fieldspec
 * array names->set of names->n fields: the known of CW_FIELDS_NAMES. */
int store_fields_known(const cw_names *names, const char *name);
/* The cw_names of a cw_fieldspec array of n fields. */
#define CW_FIELDS_NAMES(spec, n) { store_fields_known, (spec), (n) }
/* The header to name field i in a message: as written, else its name. */
const char *store_fields_hdr(const cw_fieldspec *spec, const char **src, size_t i);

/* ---- vocab.c: the closed vocabularies, one table each ------------------------
 * A word of a closed list: the machine word (stored, printed, allowed by
 * the schema's CHECK), the other spellings input may use, and its Chinese
 * label for people (NULL where none is documented). */
#define STORE_VOCAB_ALIASES 5
typedef struct store_vocab_word {
	const char *word;
	const char *alias[STORE_VOCAB_ALIASES];  /* NULL after the last */
	const char *zh;
} store_vocab_word;
/* A closed list: its words in display order (the manual pages' order,
 * the report rows' order, the order of the CHECK list). */
typedef struct store_vocab {
	const char *name;                /* what it is, for tests */
	const store_vocab_word *w;
	size_t n;
} store_vocab;

extern const store_vocab store_vocab_sex, store_vocab_id_type,
	store_vocab_case_category, store_vocab_consenter, store_vocab_yes_no,
	store_vocab_case_status, store_vocab_risk, store_vocab_goal_term,
	store_vocab_goal_status, store_vocab_goal_outcome,
	store_vocab_task_status, store_vocab_contact_kind,
	store_vocab_followup_kind, store_vocab_followup_status,
	store_vocab_due_kind, store_vocab_service_category,
	store_vocab_referral_state, store_vocab_referral_urgency,
	store_vocab_address_kind;
/* All of them, NULL-terminated (for tests). */
extern const store_vocab *const store_vocabs[];

/* The word s means: a word or an alias of v, ASCII matched in either
 * case; NULL when none (or s is NULL). */
const char *store_vocab_canon(const store_vocab *v, const char *s);
/* The index of word in v (exactly as written), or -1. */
long store_vocab_index(const store_vocab *v, const char *word);
/* The Chinese label of word in v, or NULL. */
const char *store_vocab_zh(const store_vocab *v, const char *word);
/* v's words into out (size bytes) for a message: "a, b, c" with last
 * (", ", " or ") before the last one. Returns out. */
const char *store_vocab_list(const store_vocab *v, const char *last,
			     char *out, size_t size);
/* Why a value is refused, for a message: "not one of a, b, c (甲, 乙,
 * 丙)": v's words, then their labels when every word has one. */
#define STORE_VOCAB_WHY 320
const char *store_vocab_why(const store_vocab *v, char *out, size_t size);

/* ---- dryrows.c: what a dry run would have stored ---------------------------
 * The rows a dry run would have stored, so that a later record of the
 * batch naming one by the id it would have (or changing one again) is
 * judged as in the real run. The rows live in an anonymous, owner-only
 * temporary file; memory holds an offset every DRYROWS_BLOCK rows and one
 * per changed row: flat for a batch of millions. */
#define DRYROWS_BLOCK 64
typedef struct store_dryrows {
	FILE *f;                /* the rows, owned; NULL before the first */
	int64_t base;           /* the id the first new row would have */
	size_t ncols, n;        /* columns a row, new rows kept */
	uint64_t end;           /* bytes of rows kept */
	uint64_t written;       /* of which written to f (the rest in buf) */
	uint64_t *block;        /* offset of new row i * DRYROWS_BLOCK, owned */
	int64_t *ov_id;         /* later versions of rows: id (0 free), */
	uint64_t *ov_off;       /* and offset, owned */
	size_t ov_mask, ov_used;
	int failed;
	cw_buf buf;             /* rows waiting to be written */
} store_dryrows;
/* Starts with the next id of table (store_next_id; db NULL: 1). 0 or
 * an exit code. */
int store_dryrows_init(store_dryrows *d, cw_db *db, const char *table, size_t ncols);
/* store_dryrows_init on first use (d zeroed before): so that the next id
 * is read in the dry run's read transaction. 0 or an exit code. */
int store_dryrows_ready(store_dryrows *d, cw_db *db, const char *table, size_t ncols);
/* Keeps a new row (ncols values, NULL for none): *id is the id the real
 * run would give it. 0 or CW_EXIT_IO (reported). */
int store_dryrows_add(store_dryrows *d, const char *const *v, int64_t *id);
/* Keeps v as the row id now stands (a stored or a new row changed). */
int store_dryrows_set(store_dryrows *d, int64_t id, const char *const *v);
/* The row id as the dry run left it into out[ncols] (owned): 1, 0 when
 * the dry run neither made nor changed it, or minus an exit code. */
int store_dryrows_get(store_dryrows *d, int64_t id, char **out);
void store_dryrows_release(store_dryrows *d);

#endif
