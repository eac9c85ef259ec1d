/*
 * plan/plan.h - what the sw-plan parts of the library share. Not
 * installed; ownership as in casework.h.
 */
#ifndef CW_PLAN_H
#define CW_PLAN_H

#include "store/store.h"
#include "verbs.h"

/* Looks up the case a record names (text "CA-n", from the column named
 * src in messages). Returns 0 with *case_id and *open (1 open, 0 closed)
 * set; CW_REJECTED after rejecting the record ("not a case id (CA-n)", "no such
 * case"); or CW_EXIT_DB. With db NULL (a dry run without a database) only
 * the form is checked and *open is 1. */
int plan_case(cw_db *db, cw_batch *b, const cw_record *rec, const char *src,
	      const char *text, int64_t *case_id, int *open);
/* Parses a date field: 0 and *out set; CW_REJECTED after rejecting the
 * record with the parser's reason, or "is in the future" unless future
 * is 1. */
int plan_date(cw_batch *b, const cw_record *rec, const char *src,
	      const char *text, cw_date today, int future, cw_date *out);
/* Adds record id, just created, to the audit list a as its canonical
 * JSON (its n fields v under cols), built in scratch. */
void plan_audit_created(cw_audit_ids *a, int64_t id, const cw_col *cols,
			size_t n, const char *const *v, cw_buf *scratch);

/* ics.c: an iCalendar file (RFC 5545) of all-day events, for sw-plan due.
 * Written whole or not at all: into a temporary file beside it (0600),
 * renamed over it by plan_ics_finish. */
typedef struct plan_ics plan_ics;
/* Starts the calendar at path (a symlink: the file it names). Returns 0
 * and *out, or prints "cannot write calendar 'PATH': why" and returns
 * CW_EXIT_IO (a directory, not a regular file, not writable, ...). */
int plan_ics_open(plan_ics **out, const char *path);
/* Adds an all-day event on day: UID, DTSTAMP (UTC, when the calendar was
 * opened), DTSTART and DTEND (the next day), SUMMARY, CATEGORIES. */
void plan_ics_event(plan_ics *c, const char *uid, cw_date day,
		    const char *summary, const char *category);
/* Ends the calendar, puts it in place and frees c. Returns 0, or
 * CW_EXIT_IO after a message; the previous file then stays as it was. */
int plan_ics_finish(plan_ics *c);
/* Drops the calendar (the previous file stays) and frees c (may be NULL). */
void plan_ics_abort(plan_ics *c);
/* Appends s as an RFC 5545 TEXT value: backslash, semicolon, comma and
 * line breaks escaped, other control characters but tab as spaces. */
void plan_ics_escape(cw_buf *b, const char *s);
/* Appends the content line s[0..n), folded at 75 octets (never inside a
 * UTF-8 character), and its CRLF. */
void plan_ics_fold(cw_buf *b, const char *s, size_t n);

/* common.c: lists and records read back, shared by the batch verbs. */
/* Splits s into items separated by commas (also ， and 、) or semicolons
 * (also ；) and, when spaces is 1, by spaces and tabs; items are trimmed
 * and empty ones skipped. Returns the count; free with plan_list_free. */
size_t plan_split(const char *s, int spaces, char ***out);
void plan_list_free(char **items, size_t n);
/* Canonical forms of an id, a date and a count as given, for comparing a
 * record read back with the stored one: given itself or text built in
 * scratch; NULL when it cannot be read as its type. */
const char *plan_canon_id(const char *given, cw_buf *scratch);
const char *plan_canon_date(const char *given, cw_buf *scratch);
const char *plan_canon_count(const char *given, cw_buf *scratch);
/* Reads the n columns of st's row for id into out (newly allocated text
 * or NULL): 1 found, 0 not, -1 after a database error. */
int plan_load_row(cw_db *db, store_stmt *st, int64_t id, size_t n, char **out);
void plan_row_free(char **row, size_t n);
typedef const char *(*plan_canon_fn)(size_t i, const char *given, cw_buf *scratch);
/* A record carrying the id of a stored record: skipped when every field
 * it gives equals the stored one (canonical), rejected naming the first
 * field that differs otherwise. */
void plan_same_as_stored(cw_batch *b, const cw_record *rec,
			 const cw_fieldspec *spec, size_t n, const char **vals,
			 const char **src, char **stored, plan_canon_fn canon,
			 const char *what, const char *id);
/* A record whose field 0 gives the id of a stored record of kind (what
 * the tools printed, read back): rejected when that is not an id of kind
 * ("not a WHAT id (PREFIX-n)") or names no record st (see plan_load_row)
 * finds (with db NULL, none) nor dry, a dry run's records (may be NULL:
 * its rows in the order of spec, field 0 left empty), with "no such
 * WHAT"; else judged by plan_same_as_stored. what names the kind in
 * messages. Returns 0, or an exit code after a message. */
int plan_known_record(cw_db *db, store_stmt *st, store_dryrows *dry,
		      cw_batch *b, const cw_record *rec, const cw_fieldspec *spec,
		      size_t n, const char **vals, const char **src,
		      enum cw_kind kind, const char *what, plan_canon_fn canon);
/* A dry run's new record v (n values in the order of spec, field 0
 * empty), that the real run would store in table: printed as the real
 * run would print it but for its id and the time it is stored (column
 * created, empty), then kept with the dry run's clock there for
 * plan_known_record (dry made ready on first use). 0 or an exit code. */
int plan_dry_keep(store_dryrows *dry, cw_db *db, cw_batch *b,
		  const char *table, size_t n, const char **v, size_t created);

/* show.c: appends the case's current plan view (goals in id order,
 * each followed by its tasks) to out as a revision snapshot: a canonical
 * JSON array of plan view records. Returns 0 or CW_EXIT_DB. */
int plan_view_snapshot(cw_db *db, int64_t case_id, cw_buf *out);

#endif
