/*
 * casework.h - libcasework, the library behind the sw-* commands.
 *
 * Ownership: a function that returns `char *` or a pointer to a new object
 * hands it to the caller, who releases it with the matching `_free`
 * (objects) or free(3) (strings); `const` pointers stay owned by the object
 * they came from and live as long as it does.  `x_init`/`x_release` set up
 * and tear down the contents of a caller-owned struct; `x_free` releases
 * contents and struct.  Functions returning `int` return 0 on success or an
 * exit code from `enum cw_exit` unless their contract says otherwise.  A
 * function that checks one record of a batch (a cw_batch_fn and the
 * functions it calls) may also return CW_REJECTED once it has reported the
 * record's outcome itself (cw_batch_reject, cw_batch_skip): the record is
 * done with and the batch goes on.  CW_REJECTED is none of the exit codes,
 * so it never stands for one (CW_EXIT_EMPTY is 1), and cw_batch_run takes
 * it as 0.
 *
 * This is the installed header: the toolkit a program links against
 * (messages, buffers, text, dates, ids, records and their readers and
 * writers, JSON, the configuration, output files, the database, the audit
 * trail, batches, instruments). The verbs of the commands and the command
 * line they share are in verbs.h, which is not installed. The header is
 * grouped by the source file that implements each part.
 */
#ifndef CASEWORK_H
#define CASEWORK_H

#include <stddef.h>
#include <stdio.h>
#include <stdint.h>
#include <stdarg.h>

#define CW_VERSION "0.1.0"

/* ---- exit codes (casework.7, EXIT STATUS) ---------------------------- */
enum cw_exit {
	CW_EXIT_OK = 0,     /* success */
	CW_EXIT_EMPTY = 1,  /* a query verb selected nothing */
	CW_EXIT_USAGE = 2,  /* usage or configuration error */
	CW_EXIT_DATA = 3,   /* bad data: a record refused, unknown id, ... */
	CW_EXIT_DB = 4,     /* database error */
	CW_EXIT_IO = 5      /* cannot read input or write output */
};
/* A record of a batch was rejected (or skipped) and its outcome reported:
 * not an exit code (see the top of this file). */
#define CW_REJECTED (-100)

/* ---- limits (casework.7, LIMITS) ------------------------------------- */
#define CW_MAX_FIELD   (1024 * 1024)  /* bytes in one field */
#define CW_MAX_COLUMNS 1000           /* fields in one record */
#define CW_MAX_DEPTH   64             /* JSON nesting */

/* ---- core/diag.c: messages on stderr ------------------------------------ */

/* Sets the program name used as the prefix of every message. */
void cw_set_progname(const char *name);
const char *cw_progname(void);
/* Prints "PROG: MESSAGE" on stderr. */
void cw_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints "PROG: FILE:LINE: FIELD: MESSAGE"; FIELD may be NULL (then
 * omitted) and LINE 0 (then omitted). FILE is the name as given, "-" for
 * standard input. Callers never pass field values: no personal data. */
void cw_error_at(const char *file, long line, const char *field,
		 const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Reports that standard output could not be written ("cannot write
 * output: REASON"), once per process: later calls print nothing. err is
 * the errno of the failed write. A closed pipe (EPIPE) is not reported
 * unless cw_output_report_pipe was called. */
void cw_output_failed(int err);
/* Makes cw_output_failed report a closed pipe too: for the verbs that
 * store records (cw_db_begin calls it) or check them (a dry run), whose
 * output says what they stored or would store. */
void cw_output_report_pipe(void);
/* Whether cw_output_failed has reported already. */
int cw_output_failed_reported(void);

/* Prints "PROG: MESSAGE" and a hint to see --help; returns CW_EXIT_USAGE. */
int cw_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ---- core/util.c: memory and growable buffers --------------------------- */

/* Allocation that never returns NULL: on failure prints "out of memory"
 * and exits with CW_EXIT_IO. */
void *cw_xmalloc(size_t n);
void *cw_xcalloc(size_t n, size_t size);
void *cw_xrealloc(void *p, size_t n);
char *cw_xstrdup(const char *s);
char *cw_xstrndup(const char *s, size_t n);

/* Writes n bytes as 2n lowercase hex digits and a NUL into out. */
void cw_hex(const void *p, size_t n, char *out);

/* Parses a whole number written in decimal digits alone, from min to
 * max: no white space, no '+', nothing after the digits; a '-' only when
 * min is negative; leading zeros are read as such. Returns 0 and sets
 * *out, or -1 (out of range or past a long included), leaving *out
 * alone. The one integer parser of the library, the configuration and
 * the command line. */
int cw_parse_long(const char *s, long min, long max, long *out);

/* FNV-1a over n bytes (64 bits; the basis of core/core.h): the hash of
 * the library's in-memory tables. */
uint64_t cw_hash(const void *p, size_t n);

/* A growable byte buffer, always NUL-terminated after init. */
typedef struct cw_buf {
	char *s;      /* contents, owned; "" after init */
	size_t len;   /* bytes used, not counting the terminating NUL */
	size_t cap;   /* bytes allocated */
} cw_buf;
void cw_buf_init(cw_buf *b);
void cw_buf_release(cw_buf *b);             /* frees s; b may be reused after init */
void cw_buf_reset(cw_buf *b);               /* empties, keeps the allocation */
void cw_buf_add(cw_buf *b, const void *p, size_t n);
void cw_buf_addstr(cw_buf *b, const char *s);
/* Appends one byte (inline: the writers call it for every separator). */
void cw_buf_addch_slow(cw_buf *b, int c);
static inline void cw_buf_addch(cw_buf *b, int c)
{
	if (b->len + 2 <= b->cap) {
		b->s[b->len++] = (char)c;
		b->s[b->len] = '\0';
	} else {
		cw_buf_addch_slow(b, c);
	}
}
/* Room for n more bytes (and the NUL) after len: returns where they go;
 * the caller writes them, then adds what it wrote to len and puts the
 * NUL back. */
char *cw_buf_reserve(cw_buf *b, size_t n);
void cw_buf_printf(cw_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Hands the contents to the caller (free(3)) and re-inits b. */
char *cw_buf_detach(cw_buf *b, size_t *len);

/* ---- core/utf8.c: text -------------------------------------------------- */

/* Returns 1 when s[0..n) is valid UTF-8 with no NUL byte, else 0 and, when
 * bad is not NULL, the offset of the first offending byte. Overlong forms,
 * surrogates and code points past U+10FFFF are invalid. */
int cw_utf8_valid(const char *s, size_t n, size_t *bad);
/* Returns 1 when s is empty or holds nothing but white space: the
 * characters of Unicode's White_Space property (space, tab, line breaks,
 * U+00A0, U+1680, U+2000 to U+200A, U+2028, U+2029, U+202F, U+205F and
 * the ideographic space U+3000), else 0.  Such a name is no name. */
int cw_utf8_blank(const char *s);
/* Writes s[0..n) into out as a terminal may show it: control characters
 * (C0 but tab and newline, DEL, and C1, U+0080 to U+009F) and bytes that
 * are not UTF-8 become U+FFFD, so that no escape sequence in a record or
 * a file name reaches the terminal.  out holds at least 3n + 1 bytes;
 * returns the bytes written before the NUL it adds. */
size_t cw_utf8_shown(char *out, const char *s, size_t n);
/* Copies src into dst (size bytes) like snprintf "%s", but when it must
 * cut, cuts before a whole UTF-8 character so dst stays valid text. */
void cw_utf8_truncate(char *dst, size_t size, const char *src);
/* Columns s[0..n) takes on a terminal: East Asian wide and fullwidth
 * characters count 2, combining marks and zero-width characters 0, other
 * printable characters 1. Computed from the code points, not the locale.
 * Invalid bytes count 1 each. */
size_t cw_display_width(const char *s, size_t n);

/* ---- core/date.c: calendar dates and durations -------------------------- */

/* A calendar date as days since 1970-01-01 (proleptic Gregorian). */
typedef int32_t cw_date;
/* The years a date may have (casework.7, DATES AND DURATIONS): every date
 * cw_date_parse and cw_date_add give is within them. */
#define CW_YEAR_MIN 1900
#define CW_YEAR_MAX 9999

/* Parses the year-first forms of casework.7 DATES (2026-03-05, 2026/3/5,
 * 2026.3.5, 2026年3月5日, 20260305, and a date-time at midnight). Returns
 * 0 and sets *out, or returns -1 and points *why at a static message
 * saying what is wrong (never echoing the input). */
int cw_date_parse(const char *s, cw_date *out, const char **why);
/* Writes YYYY-MM-DD into out (at least 11 bytes).  A date past the year
 * 9999 is a bug: reported as an internal error, exit CW_EXIT_DATA. */
void cw_date_format(cw_date d, char out[11]);
/* Today in the local time zone (TZ). */
cw_date cw_date_today(void);
/* Builds a date from its parts; -1 when the parts name no real day. */
int cw_date_from_ymd(int y, int m, int d, cw_date *out);
void cw_date_to_ymd(cw_date d, int *y, int *m, int *day);

/* A duration: N days, weeks, months or years. */
typedef struct cw_duration {
	int n;       /* count, >= 0 */
	char unit;   /* 'd', 'w', 'm' or 'y' */
} cw_duration;
/* Parses "Nd", "Nw", "Nm", "Ny"; same return convention as cw_date_parse. */
int cw_duration_parse(const char *s, cw_duration *out, const char **why);
/* Adds a duration; months and years clamp to the last day of the month
 * (2026-01-31 + 1m = 2026-02-28).  Returns 0 and sets *out, or returns -1
 * (leaving *out alone) when the result falls outside the years
 * CW_YEAR_MIN to CW_YEAR_MAX. */
int cw_date_add(cw_date d, cw_duration dur, cw_date *out)
	__attribute__((warn_unused_result));
/* Checks a duration from the command line or the configuration: 0 when
 * today plus dur is within the years, else -1 and *why (a static message). */
int cw_duration_from_today(cw_duration dur, const char **why);
/* Current UTC time as YYYY-MM-DDTHH:MM:SSZ (out: at least 21 bytes). */
void cw_utc_now(char out[21]);

/* ---- intake/idnum.c: identity numbers and phones ------------------------ */

/* Checks an 18-character resident identity number (GB 11643): digits,
 * birth date, check character (a lowercase x is accepted). A 15-digit
 * legacy number is converted to 18. On success writes the canonical
 * 18-character form (uppercase X) into out (19 bytes) and returns 0;
 * otherwise returns -1 with *why set to a static message. */
int cw_idnum_normalise(const char *s, char out[19], const char **why);
/* The birth date and sex ('m' or 'f') an 18-character number encodes. */
int cw_idnum_birth_date(const char id[19], cw_date *out);
char cw_idnum_sex(const char id[19]);
/* Normalises a phone number: spaces, dashes, dots and brackets removed,
 * "+86"/"0086" removed before an 11-digit mainland mobile. Returns 0 and
 * a newly allocated string, or -1 with *why set. */
int cw_phone_normalise(const char *s, char **out, const char **why);

/* ---- io/record.c: one input or output record ---------------------------- */

enum cw_ftype {
	CW_F_STRING,  /* text (CSV fields are always text) */
	CW_F_NUMBER,  /* JSON number: value holds the literal as written */
	CW_F_TRUE,    /* JSON true */
	CW_F_FALSE,   /* JSON false */
	CW_F_NULL     /* JSON null, or absent */
};

typedef struct cw_field {
	char *name;         /* column name as written in the input */
	char *value;        /* UTF-8 text, NUL-terminated; NULL for CW_F_NULL */
	size_t len;         /* bytes in value */
	enum cw_ftype type; /* what kind of value it was */
	char *nbuf, *vbuf;  /* the record's buffers behind name and value,
			       owned by the record and kept for its next
			       fields */
	size_t ncap, vcap;  /* their sizes */
} cw_field;

typedef struct cw_record {
	cw_field *f;        /* fields in input order, owned */
	size_t n;           /* fields used */
	size_t cap;         /* fields allocated */
	long line;          /* physical line where the record starts (1-based) */
	uint64_t names;     /* 0, or a token: records with the same token have
			       the same name at each position (the header of
			       one CSV file), so a mapping of names may be
			       kept by position */
} cw_record;

void cw_record_init(cw_record *r);
void cw_record_release(cw_record *r);
void cw_record_reset(cw_record *r);        /* empties, keeps allocations */
/* Appends a field; name and value are copied (value may be NULL). */
void cw_record_add(cw_record *r, const char *name, const char *value,
		   size_t len, enum cw_ftype type);
/* The field with this exact name, or NULL. */
const cw_field *cw_record_get(const cw_record *r, const char *name);

/* Names the columns a reader's input may carry that every tool ignores:
 * those of a rejects file (_file, _line, _reason). */
int cw_batch_ignored_column(const char *name);

/* ---- io/reader.c: streaming record readers (CSV, JSON, workbooks) ------ */

enum cw_format {
	CW_FMT_AUTO = 0,  /* input: detect from the first byte */
	CW_FMT_CSV,
	CW_FMT_JSONL,
	CW_FMT_JSON,      /* one array of objects */
	CW_FMT_TABLE,     /* output only */
	CW_FMT_XLSX,      /* an Excel workbook (.xlsx), in and out */
	CW_FMT_EXCEL      /* output only: CSV for Excel and WPS (--excel) */
};
/* Parses "csv", "jsonl", "json", "table", "xlsx"; -1 when unknown (the
 * Excel CSV is chosen with --excel, not by name). */
int cw_format_parse(const char *s, enum cw_format *out);
const char *cw_format_name(enum cw_format f);

typedef struct cw_reader cw_reader;

/* What went wrong with the last record or the stream. */
typedef struct cw_read_error {
	long line;          /* physical line of the record (0 when unknown) */
	char field[256];    /* column name as written, or "" */
	char msg[256];      /* what is wrong, never the value itself */
	int code;           /* exit code: CW_EXIT_DATA or CW_EXIT_IO */
} cw_read_error;

enum cw_read_result {
	CW_READ_RECORD = 1,  /* a record was read */
	CW_READ_END = 0,     /* no more records */
	CW_READ_REJECT = -1, /* this record is bad; the stream can go on */
	CW_READ_FATAL = -2   /* the stream cannot go on */
};

/* The columns one kind of record may have: known(names, name) says
 * whether name is one of its fields' names or accepted headers (set and n
 * describe them, as known needs). A CSV header naming none of them is
 * the first record of a file without a header, and is refused as such. */
typedef struct cw_names {
	int (*known)(const struct cw_names *names, const char *name);
	const void *set;
	size_t n;
} cw_names;

/* Opens PATH ("-" or NULL: standard input) for reading records. FORMAT
 * CW_FMT_AUTO detects: the bytes of a zip archive a workbook (.xlsx),
 * '{' JSON Lines, '[' a JSON array, anything else CSV. ENCODING NULL or
 * "UTF-8" means the input must be valid UTF-8; any other charset name is
 * converted with iconv (none applies to a workbook: CW_EXIT_USAGE).
 * Returns 0 and *out, or an exit code after printing a message. */
int cw_reader_open(cw_reader **out, const char *path, enum cw_format format,
		   const char *encoding);
/* The same for a file open already (fp, owned from now on: closed by
 * cw_reader_free, or here when opening fails), named path in messages. */
int cw_reader_open_file(cw_reader **out, FILE *fp, const char *path,
			enum cw_format format, const char *encoding);
/* Reads the next record into rec (reset first). On CW_READ_REJECT rec
 * holds what could be read of the record, for a rejects file. */
int cw_reader_next(cw_reader *r, cw_record *rec);
/* Names the columns the records may have (names, not copied, outlives
 * r; NULL: any), before the first cw_reader_next: a CSV header naming
 * none of them then fails the stream (CW_READ_FATAL, CW_EXIT_DATA), and
 * is never quoted. */
void cw_reader_expect(cw_reader *r, const cw_names *names);
const cw_read_error *cw_reader_error(const cw_reader *r);
/* The name to use in messages: the path, or "-" for standard input. */
const char *cw_reader_name(const cw_reader *r);
/* The format actually being read (after detection). */
enum cw_format cw_reader_format(const cw_reader *r);
/* The CSV header or a sheet's header row as read (NULL before the first
 * record or for JSON). */
const char *const *cw_reader_columns(const cw_reader *r, size_t *n);
void cw_reader_free(cw_reader *r);

/* ---- io/json.c: strict JSON (RFC 8259) ---------------------------------- */

/* Checks that buf[0..len) is exactly one JSON text: UTF-8, no BOM, one
 * value, only white space after it, nesting at most max_depth. Returns 0,
 * or -1 with a static message in *why and the line in *line. */
int cw_json_validate(const char *buf, size_t len, int max_depth,
		     const char **why, long *line);
/* Whether s is a number as RFC 8259 writes one (-3, 42.5, 1e3): what a
 * numeric column's value may be written bare as, in JSON and to a
 * spreadsheet. */
int cw_json_number(const char *s);
/* Appends s[0..n) to b as a JSON string literal with quotes. */
void cw_json_quote(cw_buf *b, const char *s, size_t n);
/* The same written at o, which has room for 6 * n + 2 bytes; returns the
 * end of what it wrote. */
char *cw_json_quote_to(char *o, const char *s, size_t n);

/* ---- io/writer.c: the record writer (jsonl, json, csv, table) ----------- */

/* An output column: its name and how its values are written in JSON. */
typedef struct cw_col {
	const char *name;   /* field name, frozen for machine formats */
	int numeric;        /* 1: a number (12, 4.25), written bare in JSON
			       and aligned right in a table */
} cw_col;

typedef struct cw_writer cw_writer;

/* Starts writing records with these columns (the array must outlive the
 * writer) to fp in format fmt (not CW_FMT_AUTO). The table format holds
 * rows until cw_writer_finish to size its columns. */
cw_writer *cw_writer_new(FILE *fp, enum cw_format fmt, const cw_col *cols,
			 size_t ncols);
/* Writes one record: vals[i] is column i's text, NULL when absent.
 * Nothing once a write has failed (see cw_writer_errno). */
void cw_writer_row(cw_writer *w, const char *const *vals);
/* The errno of the first write that failed, or 0: a loop writing rows
 * stops when it is set (a closed pipe, a full disk). */
int cw_writer_errno(const cw_writer *w);
/* Rows written so far. */
size_t cw_writer_rows(const cw_writer *w);
/* A line of text above the records, for people: the workbook's title
 * rows (xlsx); the other formats have none. Before the first row. */
void cw_writer_note(cw_writer *w, const char *text);
/* Ends the output as the format requires (csv: the header even with no
 * rows; json: "[]"; jsonl and table: nothing when empty; xlsx: the
 * workbook, copied to fp) and flushes. Returns 0, CW_EXIT_IO when fp
 * reported an error, or CW_EXIT_USAGE when the records do not fit a
 * workbook (more than a sheet holds, a value longer than a cell holds:
 * said already, and nothing written). */
int cw_writer_finish(cw_writer *w);
/* After cw_writer_finish failed: reports an output failure (nothing more
 * when the workbook was refused, which said why) and returns rc when it
 * is not 0, else the failure's exit code. */
int cw_writer_failed(const cw_writer *w, int rc);
void cw_writer_free(cw_writer *w);
/* Finishes and frees w, the end of a command's records: returns rc when
 * it is not 0, else CW_EXIT_IO when output failed (reported with
 * cw_output_failed), else CW_EXIT_EMPTY when no row was written, else 0. */
int cw_writer_end(cw_writer *w, int rc);
/* Appends one record to b as a canonical JSON object (the jsonl line
 * without its newline): keys in column order, absent values null. */
void cw_json_record(cw_buf *b, const cw_col *cols, size_t ncols,
		    const char *const *vals);
/* Appends {"before":{...},"after":{...}} to b: the audit detail of a
 * change, over the columns marked in changed, in column order. */
void cw_json_change(cw_buf *b, const cw_col *cols, size_t n,
		    char *const *before, const char *const *after,
		    const int *changed);
/* Appends "key":value to a JSON object being built in b (a comma first
 * unless b ends with '{'); value NULL is written null. */
void cw_json_kv(cw_buf *b, const char *key, const char *value);
/* (io/csv.c) Appends one CSV field to b, quoted only when it must be (comma, quote,
 * CR or LF; a leading or trailing space is also quoted so that no reader
 * can trim it). */
void cw_csv_quote(cw_buf *b, const char *s, size_t n);


/* ---- io/excel.c: CSV for Excel and WPS (--excel) ------------------------ */

/* Whether a spreadsheet opening CSV would take v for a number, a date, a
 * time or a truth value (and so change it): it begins with a digit, or
 * with a point, a parenthesis or a currency sign before one, or names a
 * month before a digit, or is TRUE or FALSE. */
int cw_excel_converts(const char *v);
/* Whether a spreadsheet would run v as a formula, or it hides one: its
 * first character is =, +, -, @, tab, CR or LF. */
int cw_excel_formula_like(const char *v);
/* Appends v (NULL or "": nothing) to b as one field of CSV for Excel:
 * when number is set (a number in a numeric column) as it is; else
 * formula-like text after a ', text a spreadsheet would convert as the
 * formula ="v" (when it fits one: 255 characters, no line break), other
 * text as it is; RFC 4180 quoting (cw_csv_quote). */
void cw_excel_field(cw_buf *b, const char *v, int number);

/* ---- core/ids.c: record ids with a prefix that says what they are ------- */

enum cw_kind {
	CW_K_CLIENT, CW_K_CASE, CW_K_ASSESSMENT, CW_K_PLAN, CW_K_GOAL,
	CW_K_TASK, CW_K_CONTACT, CW_K_SESSION, CW_K_REFERRAL, CW_K_SERVICE,
	CW_K_ORGANIZATION, CW_K_LOCATION, CW_K_BATCH, CW_K_AUDIT, CW_K_WORKER,
	CW_K_FOLLOWUP, CW_K_REVIEW, CW_K_CLOSURE, CW_K_PROGRESS, CW_K_PROJECT,
	CW_K_ACTIVITY, CW_K_VOLUNTEER, CW_K_TRAINING, CW_K_PROGRAMME,
	CW_K_CONSENT, CW_K_ASSIGNMENT, CW_K_RELATION, CW_K_HOUSEHOLD, CW_K_COUNT
};
/* Parses "CA-42" (prefix in either case). Returns 0 and the kind and
 * number, or -1 when s is not a prefixed id of any kind. */
int cw_id_parse(const char *s, enum cw_kind *kind, int64_t *num);
/* Writes "CA-42" into out. */
void cw_id_format(enum cw_kind kind, int64_t num, char out[32]);
/* "client", "case", ... for messages. */
const char *cw_kind_name(enum cw_kind kind);
/* "CL", "CA", ... */
const char *cw_kind_prefix(enum cw_kind kind);

/* ---- core/config.c: the agency's configuration file --------------------- */

/* The most age bands age_bands may list, and the oldest age it may name. */
#define CW_AGE_BANDS_MAX 16
#define CW_AGE_MAX 150

typedef struct cw_config {
	char *path;             /* the file read, or NULL when none, owned */
	int busy_timeout_ms;    /* busy_timeout_ms: wait for a lock this long */
	char *instrument_dir;   /* instrument_dir: the agency's definitions,
				   relative to the file; NULL when not set */
	int crisis_followup_days; /* crisis_followup_days: a high or critical
				     result is followed up this many days on */
	cw_duration review_cycle; /* review_cycle: a new plan is reviewed
				     after this long (default 30d) */
	int followup_days[3];     /* followup_emergency_days, _urgent_days,
				     _routine_days: a sent referral is
				     followed up after (1, 3, 14) */
	int suppression_threshold; /* suppression_threshold: sw-report
				      --public hides counts 1..this (5) */
	long bulk_after;        /* bulk_after: sw-intake add takes its bulk
				   path after creating this many clients
				   (20000) */
	char *pseudonym_key_file; /* pseudonym_key_file: the secret of
				     pseudonymised exports, relative to the
				     file; NULL when not set */
	int age_from[CW_AGE_BANDS_MAX]; /* age_bands: sw-report --by age;
				     band i is the ages from age_from[i] to
				     age_from[i + 1] - 1, the last open-ended;
				     age_from[0] is 0 */
	int nage_bands;         /* the bands (default 0-13,14-17,18-34,35-59,60-) */
	int retention_years;    /* retention_years: sw-admin purge erases a
				   client this many years after the last of
				   its cases closed; 0 (none, the default):
				   never */
	char *default_project;  /* default_project: the project (its code) of
				   a new case that names none; NULL when not
				   set */
	int timely_days;        /* timely_days: sw-report project counts a
				   record entered within this many days of
				   its date as on time (3) */
} cw_config;

/* Finds the configuration ($CASEWORK_CONFIG, else casework.conf beside the
 * database) and reads it into c, defaults first. A file that is absent
 * where it is only looked for is fine; a named file that is absent, an
 * unknown key or a bad value prints FILE:LINE and returns CW_EXIT_USAGE. */
int cw_config_load(cw_config *c, const char *db_path);
void cw_config_release(cw_config *c);
/* The configuration file for the database at db_path, whether or not it
 * exists: $CASEWORK_CONFIG when set, else casework.conf beside the
 * database. Returns a new string. */
char *cw_config_path(const char *db_path);

/* ---- io/outpath.c: what a command writes is never what it reads --------- */

/* Whether paths a and b name one file: by device and inode when both
 * exist (symbolic links followed), else by the names they resolve to. */
int cw_same_file(const char *a, const char *b);
/* path made absolute with every symbolic link followed, as far as it
 * exists (a file not there yet: its folder resolved, then its name).
 * Returns a new string. */
char *cw_path_resolve(const char *path);
/* Refuses, as a usage error (exit 2, "refusing to write FILE: it is the
 * database"), an output path out that is the database at db_path, its
 * -wal, -shm or -journal file, the configuration file, the pseudonym key
 * cfg names, the file standard input is read from or standard output
 * written to, or any SQLite database. Returns 0 when out may be written
 * (NULL: nothing). */
int cw_outpath_check(const char *out, const char *db_path,
		     const cw_config *cfg);
/* The same for the command's inputs files[0..nfiles) ("-" is none):
 * "refusing to write FILE: it is an input". */
int cw_outpath_check_inputs(const char *out, char *const *files,
			    size_t nfiles);

/* A file written whole or not at all: into an owner-only (0600)
 * temporary file beside it, renamed over it at the end, so that a reader
 * never sees half of it and a run that fails leaves the old file as it
 * was. A symbolic link at path stays one: the file it names is replaced. */
typedef struct cw_outfile cw_outfile;
/* Creates the temporary file; *fp writes to it. Returns 0, or an errno
 * value (nothing created; EISDIR for a folder, EINVAL for anything else
 * that is not a regular file: a device or a pipe is never replaced). */
int cw_outfile_open(cw_outfile **out, const char *path, FILE **fp);
/* Flushes, syncs and closes it, then renames it into place. Returns 0 or
 * an errno value (the temporary file removed, path as it was). Frees f. */
int cw_outfile_commit(cw_outfile *f);
/* Removes the temporary file, leaving path as it was. Frees f (NULL: no-op). */
void cw_outfile_abort(cw_outfile *f);
/* What an errno value of cw_outfile_open or _commit means, for a message. */
const char *cw_outfile_why(int e);

/* ---- core/pseudonym.c: pseudonyms for exports --------------------------- */

/* HMAC-SHA256 of data[0..len) under key[0..klen) as 64 lowercase hex
 * digits (out: 65 bytes). */
void cw_hmac_sha256_hex(const void *key, size_t klen, const void *data,
			size_t len, char out[65]);

/* The agency's pseudonym key, ready to make pseudonyms. */
typedef struct cw_pseudonym cw_pseudonym;
/* Reads the key that cfg's pseudonym_key_file names: a regular file owned
 * by the effective user, with no permission for group or others, of
 * CW_PSEUDONYM_KEY_MIN to CW_PSEUDONYM_KEY_MAX bytes, used as raw bytes.
 * Returns 0 and *out, or CW_EXIT_USAGE after a message naming the
 * setting or the file (never the key). */
#define CW_PSEUDONYM_KEY_MIN 32
#define CW_PSEUDONYM_KEY_MAX 4096
int cw_pseudonym_open(cw_pseudonym **out, const cw_config *cfg);
/* The pseudonym of the id text id[0..len) ("CL-17"): prefix followed by
 * the first 16 lowercase hex digits of HMAC-SHA256(key, id), written
 * into out (at least strlen(prefix) + 17 bytes). Stable for one key. */
void cw_pseudonym_make(const cw_pseudonym *p, const char *prefix,
		       const char *id, size_t len, char *out);
/* Forgets the key (its bytes are overwritten) and frees p. */
void cw_pseudonym_free(cw_pseudonym *p);

/* ---- store/db.c: the database (opaque: which engine keeps it, SQLite
 * today, is the library's affair; store/store.h is its private layer) ----- */

typedef struct cw_db cw_db;

enum cw_db_mode {
	CW_DB_READ,   /* never creates, never writes */
	CW_DB_WRITE   /* creates (owner-only) and migrates the schema */
};

/* The schema version this program writes and reads. */
#define CW_SCHEMA_VERSION 14

/* Opens the database at path. CW_DB_READ refuses a missing file instead of
 * creating an empty one. Prints the reason and returns CW_EXIT_DB when the
 * file cannot be opened, is not a casework database, is corrupt, or has a
 * schema newer than this program. */
int cw_db_open(cw_db **out, const char *path, enum cw_db_mode mode,
	       const cw_config *cfg);
/* The database used when neither --db nor $CASEWORK_DB names one:
 * $XDG_DATA_HOME/casework/casework.db when XDG_DATA_HOME is an absolute
 * path, else $HOME/.local/share/casework/casework.db when HOME is one.
 * Newly allocated; NULL when there is none (HOME unset or relative). */
char *cw_db_default_path(void);
/* Whether a database file exists at path (for --dry-run, which reads one
 * when it is there and never creates one). */
int cw_db_exists(const char *path);
void cw_db_free(cw_db *db);
/* Starts a write batch: takes the write lock at once (waiting up to the
 * busy timeout), records who and what in a new batch, and returns its id.
 * Everything until cw_db_commit or cw_db_rollback is one transaction.
 * From then on a closed output pipe is reported (cw_output_report_pipe). */
int cw_db_begin(cw_db *db, const char *actor, const char *verb,
		int64_t *batch_id);
int cw_db_commit(cw_db *db);
void cw_db_rollback(cw_db *db);

/* ---- store/audit.c: the tamper-evident audit trail ---------------------- */

/* Appends an audit entry to the open batch: action ("insert", "update",
 * ...), the kind of record, the ids it touched (as text, e.g.
 * "CL-1..CL-40") and a JSON detail (before/after, or a digest). Each entry
 * carries the SHA-256 of the one before, so that an edited or deleted
 * entry breaks the chain. */
int cw_audit_append(cw_db *db, const char *action, enum cw_kind kind,
		    const char *ids, const char *detail_json);
/* Recomputes the whole chain. Returns 0 when intact; otherwise prints the
 * first entry that does not match and returns CW_EXIT_DB. Sets *entries to
 * the number of entries checked. */
int cw_audit_verify(cw_db *db, long *entries);
/* The records one batch created, for one audit entry naming them as
 * ranges ("CL-1..CL-40,CL-42") with a SHA-256 digest of their contents
 * as first printed (canonical JSON, one line each). */
typedef struct cw_audit_ids cw_audit_ids;
cw_audit_ids *cw_audit_ids_new(enum cw_kind kind);
/* Adds a record: its id and its canonical JSON (json[0..len)). */
void cw_audit_ids_add(cw_audit_ids *a, int64_t id, const char *json, size_t len);
/* Appends the audit entry (action, e.g. "insert") when any record was
 * added; does nothing otherwise. */
int cw_audit_ids_write(cw_db *db, cw_audit_ids *a, const char *action);
/* The ids added so far as the entry names them ("CL-1..CL-40,CL-42"; ""
 * when none), owned by a, and in *count how many. */
const char *cw_audit_ids_text(cw_audit_ids *a, long *count);
void cw_audit_ids_free(cw_audit_ids *a);
/* SHA-256 of data as 64 lowercase hex digits (out: 65 bytes). */
void cw_sha256_hex(const void *data, size_t len, char out[65]);

/* ---- store/batch.c: the batch rules every importing verb follows -------- */

typedef struct cw_batch cw_batch;

/* What a batch needs to know from the command line. */
typedef struct cw_batch_opts {
	const char *verb;         /* the verb, recorded with the batch */
	const char *actor;        /* who acts (audit) */
	enum cw_format in_fmt;    /* -i, or CW_FMT_AUTO */
	enum cw_format out_fmt;   /* output format for the stored records */
	const char *encoding;     /* --encoding or NULL */
	int dry_run;              /* validate only: write nothing */
	int keep_going;           /* commit the good records, reject the bad */
	const char *rejects;      /* --rejects FILE or NULL */
} cw_batch_opts;

/* Called for each record read. It validates the record and stores it
 * (or, in a dry run, only checks it), then reports the outcome with
 * exactly one of cw_batch_stored, cw_batch_skip or cw_batch_reject and
 * returns 0 (or CW_REJECTED after cw_batch_reject or cw_batch_skip), or
 * returns an exit code to stop the batch (a database error). */
typedef int (*cw_batch_fn)(void *ctx, cw_batch *b, const cw_record *rec);
/* Called once after the last record when the batch is about to commit:
 * writes the batch's audit entries. Returns 0 or an exit code, which
 * rolls the batch back. */
typedef int (*cw_batch_finish_fn)(void *ctx, cw_batch *b);

/* Runs one batch over files (none: standard input): opens the database
 * transaction (unless db is NULL, as in a dry run without a database),
 * reads every record, calls fn, then finish, then commits, or rolls back when any
 * record was rejected and keep_going is off, or on any fatal error.
 * Stored records are printed (cols) only after the commit. Prints the
 * totals on stderr. names are the columns the records may have (see
 * cw_reader_expect). Returns the exit code for the whole batch. */
int cw_batch_run(const cw_batch_opts *o, cw_db *db, char **files,
		 size_t nfiles, const cw_col *cols, size_t ncols,
		 const cw_names *names, cw_batch_fn fn,
		 cw_batch_finish_fn finish, void *ctx);
/* Checks, before anything is created, that every named input can be
 * opened and that the rejects file (when given) is none of them. Prints
 * the reason and returns CW_EXIT_IO or CW_EXIT_USAGE, else 0. */
int cw_batch_check_inputs(const cw_batch_opts *o, char **files, size_t nfiles);
/* The file being read, for messages ("-" for standard input). */
const char *cw_batch_file(const cw_batch *b);
/* The id of the open batch (0 in a dry run). */
int64_t cw_batch_id(const cw_batch *b);
/* Whether this is a dry run. */
int cw_batch_dry_run(const cw_batch *b);
/* The record was stored: vals (cols order) are printed after the commit. */
void cw_batch_stored(cw_batch *b, const char *const *vals);
/* The record was not stored, for a reason that is not an error. */
void cw_batch_skip(cw_batch *b, const cw_record *rec, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The record is refused: prints FILE:LINE: FIELD: reason, writes it to
 * the rejects file. field is the column as written in the input, or NULL. */
void cw_batch_reject(cw_batch *b, const cw_record *rec, const char *field,
		     const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* ---- assess/instrument.c, registry.c: assessment instruments, defined as data  */

/* Risk levels, in order: a higher value is more urgent. */
enum cw_risk {
	CW_RISK_LOW = 1, CW_RISK_MEDIUM, CW_RISK_HIGH, CW_RISK_CRITICAL
};
/* "low", "medium", "high", "critical". */
const char *cw_risk_name(enum cw_risk r);
/* Parses a risk name; -1 when unknown. */
int cw_risk_parse(const char *s, enum cw_risk *out);

typedef struct cw_instrument cw_instrument;

/* Parses and checks one definition (JSON text, sw-assess(1) DEFINITIONS).
 * Returns the instrument, or NULL after writing into err (errlen bytes)
 * what is wrong and where, as "PATH: what" with PATH like items[3].id. */
cw_instrument *cw_instrument_parse(const char *json, size_t len, char *err,
				   size_t errlen);
void cw_instrument_free(cw_instrument *in);

const char *cw_instrument_name(const cw_instrument *in);    /* "phq9" */
const char *cw_instrument_version(const cw_instrument *in);
const char *cw_instrument_title(const cw_instrument *in, int zh);
const char *cw_instrument_kind(const cw_instrument *in);    /* scale, needs, safety, survey */
const char *cw_instrument_licence(const cw_instrument *in);
/* The definition as canonical, indented JSON (owned by the instrument). */
const char *cw_instrument_json(const cw_instrument *in);
/* +1 when a higher score is better, -1 when lower is better. */
int cw_instrument_direction(const cw_instrument *in);
/* Sets *out to the re-assessment interval and returns 1, or returns 0
 * when the definition gives none. */
int cw_instrument_reassess(const cw_instrument *in, cw_duration *out);
size_t cw_instrument_items(const cw_instrument *in);
const char *cw_instrument_item_id(const cw_instrument *in, size_t i);
const char *cw_instrument_item_text(const cw_instrument *in, size_t i, int zh);
/* The item a column names: its id, or qN for the N-th item; -1 if none. */
long cw_instrument_item_index(const cw_instrument *in, const char *column);
/* Checks one answer (an integer) for item i: NULL when it is in the
 * item's response scale, else why not (static text). */
const char *cw_instrument_check_answer(const cw_instrument *in, size_t i,
				       long value);
/* The response scale of item i: its lowest and highest answer. */
void cw_instrument_item_scale(const cw_instrument *in, size_t i, long *min,
			      long *max);

/* A score. Totals are kept in hundredths so that sums, means and scaled
 * scores are exact to the figure they are printed with. */
#define CW_MAX_SUBSCALES 16
typedef struct cw_score {
	long total100;          /* total (sum, or mean) x 100 */
	int has_scaled;         /* the definition scales the total */
	long scaled100;         /* scaled score x 100 */
	const char *band;       /* band label (English), or NULL */
	const char *band_zh;    /* band label (Chinese), or NULL */
	enum cw_risk risk;      /* highest of band and rules */
	char flags[512];        /* flags of the rules that fired, joined with
				   "; " ("thoughts of self-harm"), or "" */
	size_t nsub;            /* subscales */
	const char *sub_name[CW_MAX_SUBSCALES];
	long sub100[CW_MAX_SUBSCALES];
} cw_score;
/* Scores a complete set of answers (answers[i] for item i, every one
 * already checked). */
void cw_instrument_score(const cw_instrument *in, const long *answers,
			 cw_score *out);
/* The change from a to b (b - a, x 100) on the score the definition's
 * meaningful-change threshold uses (scaled when it says so). Sets
 * *improved (by the direction) and *meaningful (past the threshold; 0 when
 * the definition has none). */
long cw_instrument_change(const cw_instrument *in, const cw_score *a,
			  const cw_score *b, int *improved, int *meaningful);
/* Whether the definition has a meaningful-change threshold; when it
 * does, *value100 is the threshold x 100 (either may be NULL). */
int cw_instrument_threshold(const cw_instrument *in, long *value100);
/* Writes x/100 as a decimal ("12", "12.5", "-3.25") into out (32 bytes). */
void cw_hundredths_format(long x100, char out[32]);

/* The instruments known: the built-in definitions, then those of the
 * agency's folder (which replace a built-in of the same name). */
typedef struct cw_instruments cw_instruments;
/* Loads them; dir may be NULL. A bad definition is reported as
 * "PROG: FILE: PATH: what" and gives CW_EXIT_USAGE. */
int cw_instruments_load(cw_instruments **out, const char *dir);
const cw_instrument *cw_instruments_find(const cw_instruments *all,
					 const char *name);
size_t cw_instruments_count(const cw_instruments *all);
const cw_instrument *cw_instruments_at(const cw_instruments *all, size_t i);
void cw_instruments_free(cw_instruments *all);

#endif
