/*
 * intake/intake.h - what the sw-intake parts of the library share: the
 * fields of client and case records, their checks, the people index, the
 * bulk path's writer, and the functions of the store files (store*.c),
 * the only ones that hold SQL. Not installed. Ownership as in casework.h.
 */
#ifndef CW_INTAKE_H
#define CW_INTAKE_H

#include "store/store.h"
#include "verbs.h"

/* The fields of a case record, in output order (casework.7, RECORDS).
 * Machine formats are frozen: new fields go before F_STATUS only with a
 * deliberate change of casework.7, or at the end (project, schema
 * version 9; the client's emergency contact, version 11; the client's
 * household_id, version 14). */
enum {
	F_CASE_ID, F_CLIENT_ID, F_NAME, F_SEX, F_BIRTH_DATE, F_ID_TYPE,
	F_ID_NUMBER, F_PHONE, F_ADDRESS, F_HOUSEHOLD, F_LANGUAGE,
	F_CONSENT_DATE, F_CONSENT_BY, F_CONSENT_SHARE, F_CONSENT_EXPIRES,
	F_CONSENT_WITHDRAWN, F_CATEGORY, F_REFERRAL_SOURCE,
	F_PRESENTING_PROBLEM, F_WORKER, F_EXTERNAL_REF, F_INTAKE_DATE,
	F_STATUS, F_CLOSED_DATE, F_LINKED_BY, F_NOTES, F_CREATED_AT,
	F_UPDATED_AT, F_PROJECT, F_EMERGENCY_NAME, F_EMERGENCY_RELATIONSHIP,
	F_EMERGENCY_PHONE, F_HOUSEHOLD_ID, NF
};

/* How a field's value is checked and made canonical. */
enum fkind {
	FK_TEXT,        /* free text, stored exactly as typed */
	FK_SEX,         /* female, male, other, unknown */
	FK_DATE,        /* a date, not in the future */
	FK_IDTYPE,      /* resident, passport, ... */
	FK_IDNUM,       /* checked by id_type */
	FK_PHONE,       /* normalised digits */
	FK_CATEGORY,    /* elder, youth, ... */
	FK_CONSENT_BY,  /* self or guardian */
	FK_BOOL,        /* yes or no */
	FK_ANYDATE,     /* a date that may lie ahead (consent_expires) */
	FK_PROJECT,     /* a project's code (its contract: add.c, update.c) */
	FK_HOUSEHOLD,   /* HH-n, the household of client n (add.c, update.c) */
	FK_READONLY     /* printed by the tools, never set by a record */
};

struct intake_field {
	const char *alias[4];   /* other accepted headers (Chinese first) */
	enum fkind kind;        /* how it is checked */
	int client;             /* 1: a field of the client, 0: of the case */
};

extern const struct intake_field intake_fields[NF];
extern const cw_col intake_case_cols[NF];

/* Client records print these case fields, in this order; the last
 * NCLIENT_LATE of them came later: the emergency contact with schema
 * version 11, household_id with version 14. */
#define NCLIENT 21
#define NCLIENT_LATE 4
extern const int intake_client_field[NCLIENT];
extern const cw_col intake_client_cols[NCLIENT];

/* One record's values as the tools print them. */
struct row {
	char *v[NF];            /* canonical values, owned; NULL when absent */
	const char *src[NF];    /* header as written, or NULL when absent */
};

void intake_row_release(struct row *r);
/* The header to name in a message: as written, else the field name. */
const char *intake_row_hdr(const struct row *r, int f);

/* fields.c ------------------------------------------------------- */

/* The field a header names (name or alias), or -1. */
int intake_field_index(const char *header);
/* The columns an intake record may have: the fields' names and headers. */
extern const cw_names intake_names;
/* Maps the record's columns onto r, the values as read, unchecked (see
 * intake_check_values). Returns 0, or CW_REJECTED after rejecting the
 * record through b (an unknown column, a field given twice, a value of
 * the wrong JSON type). */
int intake_map_fields(cw_batch *b, const cw_record *rec, struct row *r);
/* Columns a verb reads besides the fields of a record (sw-intake
 * update's handover_date and handover_reason): each with its name and
 * an alias (NULL: none); what a record gives of them, as read. */
#define INTAKE_EXTRA_MAX 4
struct intake_extra {
	int n;
	const char *name[INTAKE_EXTRA_MAX][2];
	const char *src[INTAKE_EXTRA_MAX];   /* the header as written, or NULL */
	char *v[INTAKE_EXTRA_MAX];           /* the value, owned; NULL: none */
};
/* intake_map_fields, the columns of ex taken into ex (release them with
 * intake_extra_release). */
int intake_map_extra(cw_batch *b, const cw_record *rec, struct row *r,
		     struct intake_extra *ex);
/* Whether header names a column of ex. */
int intake_extra_known(const struct intake_extra *ex, const char *header);
void intake_extra_release(struct intake_extra *ex);
/* Checks each value of r on its own and makes it canonical
 * (intake_check_value). Returns 0, or CW_REJECTED after rejecting. */
int intake_check_values(cw_batch *b, const cw_record *rec, struct row *r,
			cw_date today);
/* What intake_map finds for the headers of each column position, kept
 * from one record to the next of a batch (the headers of a CSV file are
 * the same on every record): a column whose header is the one cached for
 * its position is not looked up again. Zero it before the first use. */
#define INTAKE_HDR_COLS 64
#define INTAKE_HDR_LEN 64
struct intake_hdr_cache {
	uint64_t names;         /* the records' cw_record.names the positions
				   were cached for; 0: compare names */
	struct {
		char name[INTAKE_HDR_LEN]; /* the header; "" when not cached */
		int field;      /* its field, -1 unknown, -2 an ignored column */
	} col[INTAKE_HDR_COLS];
};
/* intake_map_fields then intake_check_values, with a cache (NULL:
 * none). */
int intake_map_cached(cw_batch *b, const cw_record *rec, struct row *r,
		      cw_date today, struct intake_hdr_cache *cache);
/* Rules across fields (identity number against birth date and sex,
 * consent). Fills birth date and sex from a resident identity number
 * when they are absent. Returns 0, or CW_REJECTED after rejecting through b. */
int intake_cross_check(cw_batch *b, const cw_record *rec, struct row *r,
		       cw_date today);
/* Checks one value and replaces it with its canonical form: NULL when
 * fine, else the reason (valid until the next call). */
const char *intake_check_value(int f, char **v, cw_date today);

/* damage.c: what a spreadsheet did to a value (its contract there) - */

enum intake_damage {
	INTAKE_DAMAGE_NONE,
	INTAKE_DAMAGE_ZEROS,        /* a number that lost its leading zeros */
	INTAKE_DAMAGE_E_NOTATION,   /* digits turned into E-notation */
	INTAKE_DAMAGE_SERIAL,       /* a date turned into its serial number */
	INTAKE_DAMAGE_NUMBER        /* a number written as another number */
};
/* The damage that makes value (read, not empty) of the stored value
 * stored (not empty), or INTAKE_DAMAGE_NONE. */
enum intake_damage intake_damage_of(const char *stored, const char *value);
/* The message for damage d (without the value), NULL for none. */
const char *intake_damage_why(enum intake_damage d);
/* Whether value is stored written as CSV for Excel writes text: ="…",
 * or with ' in front of text that begins like a formula. */
int intake_damage_same(const char *stored, const char *value);
/* An update's record against the stored values: a value that is a
 * stored one in a spreadsheet's safe form becomes the stored value; a
 * value damaged from the stored one (of a field that is not read-only,
 * nor marked in accept) rejects the record. Call before its values are
 * checked. 0, or CW_REJECTED after rejecting through b. */
int intake_damage_check(cw_batch *b, const cw_record *rec, struct row *r,
			char *const stored[NF], const int accept[NF]);

/* people.c: the people index ------------------------------------ */

/* What the index keeps of a person: fingerprints of the keys of the three
 * duplicate rules (0 when the record lacks the fields), and of the name
 * key (the high 24 bits of name_type and the 32 of name) and the first
 * letter of the identity type (the low 8 bits of name_type: the canonical
 * types differ in it). 32 bytes. */
struct intake_people_key {
	uint64_t key[3];     /* id type + number; name + birth date; name + phone */
	uint32_t name_type;  /* the name key and the identity type */
	uint32_t name;       /* 32 more bits of the name key's fingerprint */
};
/* Entries by reference (a client id, or a record of the batch), found
 * again by the key of a rule. Zero it before use; set narrow to keep only
 * 32 bits of each key (for callers that confirm every match). */
struct people {
	int narrow;              /* keys of 32 bits, no name_type */
	struct intake_people_key *e;    /* entries by reference, owned (not narrow) */
	uint32_t *e32;           /* narrow: three keys a reference, owned */
	size_t n, cap;           /* references used (highest + 1), and room */
	uint32_t *slot;          /* the table, owned */
	size_t mask, used;       /* slots - 1, slots in use */
};
/* Fills k from the canonical values of a record (NULL when absent;
 * name_key never NULL). */
void intake_people_key(struct intake_people_key *k, const char *name_key, const char *id_type,
		const char *id_number, const char *birth_date, const char *phone);
/* The key under which a dry run notes the known client a record linked
 * to (rule 0; no identity key can equal it). */
void intake_people_link_key(struct intake_people_key *k, int64_t client);
/* Adds ref (below 2^26 - 1) with the keys of k, indexed under the rules
 * set in rules (bit r for rule r; a rule whose key is 0 is never
 * indexed). The caller decides whether a key already indexed for another
 * reference is indexed again. Returns 0, or -1 when ref is too large for
 * the index. */
int intake_people_add(struct people *p, size_t ref, const struct intake_people_key *k,
	       unsigned rules);
#define PEOPLE_ALL 7u
/* The references whose rule key equals k's, in no set order: the first
 * (or -1), then each next from *pos (or -1). */
long intake_people_first(const struct people *p, int rule, const struct intake_people_key *k,
		  size_t *pos);
long intake_people_next(const struct people *p, int rule, const struct intake_people_key *k,
		 size_t *pos);
/* Every reference whose rule key equals k's, in increasing order: into
 * few (room for nfew) while they fit, else into a new array; *out is the
 * one used (free it when it is not few). Returns how many. */
size_t intake_people_all(const struct people *p, int rule, const struct intake_people_key *k,
		  int64_t *few, size_t nfew, int64_t **out);
void intake_people_release(struct people *p);

/* bulk.c: the bulk path's writer --------------------------------- */

#define BULK_ROWS 32          /* rows written by one statement */
#define BULK_CLIENT_TEXT 20   /* text columns of a client row */
#define BULK_CLIENT_FIRST 16  /* of them before updated_at in the table */
#define BULK_CASE_TEXT 11     /* text columns of a case row */
/* Clients and cases waiting to be written, with the ids they will have. */
struct bulk_ins {
	store_stmt *client[2], *cases[2]; /* INSERT of 1 and BULK_ROWS rows */
	int64_t next_client, next_case;     /* the next ids */
	int64_t batch;                      /* the batch writing them */
	cw_buf arena;                       /* the waiting rows' values */
	size_t cv[BULK_ROWS][BULK_CLIENT_TEXT]; /* client values: arena
						   offset + 1, 0 for NULL */
	int64_t cid[BULK_ROWS];             /* their ids */
	int nc;                             /* clients waiting */
	size_t kv[BULK_ROWS][BULK_CASE_TEXT];   /* case values, likewise */
	int64_t kid[BULK_ROWS], kclient[BULK_ROWS];
	int nk;                             /* cases waiting */
};

struct intake_db;
/* Prepares b for batch and makes it s's writer (s->bulk): from now on
 * intake_bulk_client and _case store rows. The clients from first_client
 * and the cases from first_case (0: none) that the batch created before
 * are digested now, so that its commit reads none of its rows back
 * (store_digest_now; the writer tells it the digests of its own). 0 or
 * an exit code. */
int intake_bulk_start(struct intake_db *s, struct bulk_ins *b, int64_t batch,
		      int64_t first_client, int64_t first_case);
/* Takes a new client from r: *id is the id it has, written at the next
 * flush at the latest. 0 or an exit code. */
int intake_bulk_client(struct intake_db *s, const struct row *r,
		       const char *name_key, int64_t *id);
/* Takes a new open case of client from r, likewise. */
int intake_bulk_case(struct intake_db *s, const struct row *r, int64_t client,
		     const char *linked_by, const char *snapshot, int64_t *id);
/* Writes every row waiting (none without a writer). 0 or an exit code. */
int intake_bulk_flush(struct intake_db *s);
/* Whether client is among the rows waiting (or after them): a read of
 * it flushes first. */
int intake_bulk_waits(const struct intake_db *s, int64_t client);
void intake_bulk_release(struct bulk_ins *b);
/* The bulk path's open cases: open[client] is the client's open case (the
 * lowest when several), 0 when none. Zero it before use. */
struct bulk_cases {
	uint32_t *open;   /* by client id, owned */
	size_t cap;
};
/* Notes id as client's open case unless one is noted already. */
void intake_bulk_cases_set(struct bulk_cases *oc, int64_t client, int64_t id);
void intake_bulk_cases_release(struct bulk_cases *oc);

/* store.c: the SQL of clients and cases --------------------------- */

/* The database as the verbs of intake use it. */
struct intake_db {
	cw_db *db;                /* not owned; NULL in a dry run without one */
	int utf8;                 /* the database keeps text as UTF-8: text
				   * bound is read back byte for byte */
	struct bulk_ins *bulk;    /* bulk path: rows waiting to be written,
				     flushed before any read; not owned */
};

/* Sets s up for db (NULL: a dry run without one); writes: it will store
 * records. */
void intake_db_init(struct intake_db *s, cw_db *db, int writes);
void intake_db_release(struct intake_db *s);
/* Reads a stored case (clients == 0) or client into out[NF] (fields not
 * in a client record stay NULL). 1 found, 0 not, -1 database error. */
int intake_db_load(struct intake_db *s, int clients, int64_t id, char *out[NF]);
/* The open case of a client: its id, 0 when none, -1 on error. */
int64_t intake_db_open_case(struct intake_db *s, int64_t client);
/* Whether the worker roster allows this name: 1 yes, 0 no, -1 error. */
int intake_db_worker_ok(struct intake_db *s, const char *name);
/* Inserts a client from r; sets *id. */
int intake_db_insert_client(struct intake_db *s, const struct row *r,
			    int64_t batch, int64_t *id);
/* The same with the name key of r's name already made (intake_name_key). */
int intake_db_insert_client_key(struct intake_db *s, const struct row *r,
				const char *name_key, int64_t batch, int64_t *id);
/* Inserts an open case for client from r; sets *id. snapshot is the JSON
 * of the client fields as the record gave them (for unlinking). */
int intake_db_insert_case(struct intake_db *s, const struct row *r,
			  int64_t client, const char *linked_by,
			  const char *snapshot, int64_t batch, int64_t *id);
/* A known client that a duplicate rule matched. */
struct intake_cand {
	int64_t id;         /* the client */
	int64_t batch;      /* the batch that created it */
	int same_name;      /* its name key equals the record's */
};
/* The clients that rule matches for r, up to max into out; returns how
 * many, or -1 on error. rule: 0 identity number, 1 name and birth date,
 * 2 name and phone. */
int intake_db_candidates(struct intake_db *s, int rule, const struct row *r,
			 const char *name_key, struct intake_cand *out, int max);
/* The same on the bulk path: the clients p (by client id) names under k's
 * key of rule, each confirmed against its stored row, in id order. */
int intake_db_candidates_bulk(struct intake_db *s, const struct people *p,
			      int rule, const struct intake_people_key *k,
			      const struct row *r, const char *name_key,
			      struct intake_cand *out, int max);
/* Writes the fields marked in change[] (those of the client when client
 * is 1, of the case when 0) to the stored record id, with updated_at. */
int intake_db_update(struct intake_db *s, int client, int64_t id,
		     const struct row *r, const int change[NF], const char *now);
/* The intake record kept with a linked case (NULL when none); *out is
 * newly allocated. */
int intake_db_snapshot(struct intake_db *s, int64_t case_id, char **out);
/* Moves a case to another client and forgets how it was linked. */
int intake_db_relink(struct intake_db *s, int64_t case_id, int64_t client,
		     const char *now);
/* The cases (clients 0) or clients a listing selects, in id order, as a
 * cursor of the columns of intake_case_cols / intake_client_cols (ids as
 * CA-n, CL-n): those with a case of worker, in status, taken in on or
 * after since and on or before until (dates; NULL: any). The strings
 * stay as they are until the cursor is finalized. NULL after store_fail. */
store_stmt *intake_db_list(cw_db *db, int clients, const char *worker,
			   const char *status, const char *since,
			   const char *until);
/* Client (client 1) or case id as a cursor of one row, or none, in the
 * same columns. NULL after store_fail. */
store_stmt *intake_db_record(cw_db *db, int client, int64_t id);

/* store_bulk.c: the SQL of the bulk path --------------------------- */

/* The highest client id (0 when none), or -1 on error. */
int64_t intake_db_last_client(struct intake_db *s);
/* Starts the bulk path inside the batch's transaction: indexes every
 * stored client in p (by id) and every open case in oc, then sets the
 * indexes of the clients and cases tables aside. Returns 0, 1 when an id
 * is too large for them (nothing set aside; p and oc released), or an
 * exit code. */
int intake_db_bulk_begin(struct intake_db *s, struct people *p,
			 struct bulk_cases *oc);
/* Writes what waits and builds the indexes bulk_begin set aside. 0 or an
 * exit code. */
int intake_db_bulk_end(struct intake_db *s);
/* Prepares b's INSERTs (of one row and of BULK_ROWS) and sets the next
 * ids of clients and cases. 0 or an exit code. */
int intake_db_bulk_prepare(struct intake_db *s, struct bulk_ins *b);
/* Frees b's INSERTs. */
void intake_db_bulk_finalize(struct bulk_ins *b);
/* Writes the waiting rows [from, to) of b's clients (cases 0) or cases,
 * each with its digest, which the batch's commit is told of when the
 * database keeps text as UTF-8 (store_digest_known): to - from is 1 or
 * BULK_ROWS. 0 or an exit code. */
int intake_db_bulk_write(struct intake_db *s, struct bulk_ins *b, int cases,
			 int from, int to);

/* consent.c, store_consent.c: consents by purpose ------------------ */

/* A consent record's fields, in output order (casework.7, Consent
 * record). */
enum {
	INTAKE_CN_ID, INTAKE_CN_CLIENT, INTAKE_CN_PURPOSE, INTAKE_CN_GIVEN,
	INTAKE_CN_EXPIRES, INTAKE_CN_WITHDRAWN, INTAKE_CN_AGREEMENT,
	INTAKE_CN_CREATED, INTAKE_NCN
};
extern const cw_col intake_consent_cols[INTAKE_NCN];
/* A new consent of client for purpose from v (given to agreement
 * date): *id. 0 or CW_EXIT_DB. */
int intake_db_consent_insert(cw_db *db, int64_t client, const char *purpose,
			     const char *const v[INTAKE_NCN], const char *now,
			     int64_t batch, int64_t *id);
/* Consent id as printed into out (owned): 1, 0 when none, -1. */
int intake_db_consent_printed(cw_db *db, int64_t id, char *out[INTAKE_NCN]);
/* The first stored consent of client the same as v (purpose to
 * agreement date): 1 with *id, 0, or -1. */
int intake_db_consent_same(cw_db *db, int64_t client,
			   const char *const v[INTAKE_NCN], int64_t *id);
/* The client's latest consent of purpose (the latest given, then the
 * highest id): 1 with *id and out[] its given, expires and withdrawn
 * (owned), 0 when none, -1. */
int intake_db_consent_latest(cw_db *db, int64_t client, const char *purpose,
			     int64_t *id, char *out[3]);
/* Sets consent id's expires and withdrawn. 0 or CW_EXIT_DB. */
int intake_db_consent_set(cw_db *db, int64_t id, const char *expires,
			  const char *withdrawn);
/* A share consent, from its columns, for each client batch stored who
 * consented to share and has none. 0 or CW_EXIT_DB. */
int intake_db_consents_from_clients(cw_db *db, int64_t batch);
/* The consents of client, or consent id, or of batch (0: any), in id
 * order, as a cursor of the consent record's columns. NULL after
 * store_fail. */
store_stmt *intake_db_consents(cw_db *db, int64_t client, int64_t id,
			       int64_t batch);
/* After sw-intake add stored its clients (batch): their consents to
 * share made from their columns, audited. 0 or an exit code. */
int intake_consents_of_batch(cw_db *db, int64_t batch);
/* After client's consent columns were written (sw-intake update): the
 * latest share consent made to agree with them (recorded, given on
 * given, when the client consents to share and has none, its expires and
 * withdrawn set when they differ), audited. 0 or an exit code. */
int intake_consent_follow_client(struct intake_db *s, int64_t client,
				 const char *now, const char *given);
/* What sw-intake update refuses of the consent columns merged into m
 * (the client's stored values in stored): consent_share no longer yes
 * while the latest share consent is not withdrawn, an end before its
 * given day. 0, CW_REJECTED after rejecting through b, or an exit
 * code. */
int intake_consent_update_check(struct intake_db *s, cw_batch *b,
				const cw_record *rec, const struct row *r,
				char *const stored[NF], char *const merged[NF],
				int64_t client);

/* store_workers.c: the SQL of the worker roster -------------------- */

/* An entry's columns: worker, role, team, open_cases, added_at. */
#define INTAKE_ROSTER_COLS 5
/* The roster, each worker with their open cases, in the order added, as
 * a cursor of an entry's columns. NULL after store_fail. */
store_stmt *intake_db_roster(cw_db *db);
/* Adds name to the roster, at now, in batch: 1 with *id, 0 when it is on
 * it already, -1 after store_fail. */
int intake_db_roster_add(cw_db *db, const char *name, const char *role,
			 const char *team, const char *now, int64_t batch,
			 int64_t *id);
/* The id of name's entry: 1 with *id, 0 when not on the roster, -1
 * after store_fail. */
int intake_db_roster_find(cw_db *db, const char *name, int64_t *id);
/* Sets entry id's role (NULL: kept) and team (NULL: kept, "": none). 0,
 * or -1 after store_fail. */
int intake_db_roster_set(cw_db *db, int64_t id, const char *role,
			 const char *team);
/* Entry id's columns into out (owned): 1, 0 when there is none, -1
 * after store_fail. */
int intake_db_roster_entry(cw_db *db, int64_t id, char *out[INTAKE_ROSTER_COLS]);
/* (intake_roster_allows, which plan/ uses too, is declared in
 * store/store.h.) */

/* assign.c: a case's assignments (HO-n) --------------------------- */

/* An assignment's record: assignment_id, case_id, worker, from_date,
 * to_date, reason. */
#define INTAKE_ASSIGN_COLS 6
extern const cw_col intake_assign_cols[INTAKE_ASSIGN_COLS];
/* The new cases of batch that have a worker each begin an assignment
 * from their intake date, audited. 0 or an exit code. */
int intake_assign_new_cases(cw_db *db, int64_t batch);
/* Case case_id handed over to worker (NULL: to nobody) on date, for
 * reason (NULL: none): its current assignment ends on date and the
 * next begins on it, each write audited. 0 or an exit code. */
int intake_assign_handover(cw_db *db, int64_t case_id, const char *worker,
			   const char *date, const char *reason,
			   const char *now, int64_t batch);
/* The case's intake date moved from was to now_date: its first
 * assignment, when it began on was, begins on now_date (when that is not
 * past its end), audited. 0 or an exit code. */
int intake_assign_intake_moved(cw_db *db, int64_t case_id, const char *was,
			       const char *now_date);

/* store_assign.c: the SQL of assignments --------------------------- */

/* The case's current assignment (to_date empty, the latest begun): 1
 * with *id and *from (owned), 0 when none, -1 after store_fail. */
int intake_db_assign_current(cw_db *db, int64_t case_id, int64_t *id,
			     char **from);
/* The day of the case's latest closure (reopened or not) into *date
 * (owned; NULL when it never closed): 0, or -1 after store_fail. */
int intake_db_last_closure(cw_db *db, int64_t case_id, char **date);
/* Its first assignment: 1 with *id, *from and *to (owned, NULL while
 * held), 0 when none, -1 after store_fail. */
int intake_db_assign_first(cw_db *db, int64_t case_id, int64_t *id,
			   char **from, char **to);
/* Sets assignment id's to_date, or from_date. 0 or CW_EXIT_DB. */
int intake_db_assign_end(cw_db *db, int64_t id, const char *to);
int intake_db_assign_move(cw_db *db, int64_t id, const char *from);
/* Stores an assignment, held from from; sets *id. 0 or CW_EXIT_DB. */
int intake_db_assign_insert(cw_db *db, int64_t case_id, const char *worker,
			    const char *from, const char *reason,
			    const char *now, int64_t batch, int64_t *id);
/* Begins the assignments of batch's new cases (intake_assign_new_cases).
 * 0 or CW_EXIT_DB. */
int intake_db_assign_begin(cw_db *db, int64_t batch);
/* Cursors of assignments as their id, then their record's columns:
 * those batch made, in id order; assignment id alone. NULL after
 * store_fail. */
store_stmt *intake_db_assign_of_batch(cw_db *db, int64_t batch);
store_stmt *intake_db_assign_one(cw_db *db, int64_t id);
/* A case's assignments as their records, in the order they began. */
store_stmt *intake_db_assignments(cw_db *db, int64_t case_id);

/* list.c: parses a client or case id, refusing other kinds with
 * a message; returns 0 or CW_EXIT_DATA. */
int intake_parse_id(const char *id, enum cw_kind *kind, int64_t *num);

/* relations.c, store_relations.c: relations between clients ------------ */
/* The relationship a relation implies the other way round (parent and
 * child, grandparent and grandchild, spouse and sibling themselves), or
 * NULL (guardian, caregiver, other). */
const char *intake_relationship_inverse(const char *word);
/* Stores a relation: 0 with *id, or CW_EXIT_DB after a message. */
int intake_db_relation_insert(cw_db *db, int64_t client, int64_t related,
			      const char *relationship, const char *legal,
			      const char *now, int64_t batch, int64_t *id);
/* The birth date of client into *birth (owned; NULL when none is
 * recorded or the login does not see the client): 0, or -1 after a
 * message. */
int intake_db_client_birth(cw_db *db, int64_t client, char **birth);
/* Whether the login may record a relation of the two clients (one of
 * them it may use in a case; always without a server's roles): 1, 0,
 * or -1 after a message. */
int intake_db_relation_usable(cw_db *db, int64_t client, int64_t related);
/* A stored relation the same as this one: of client and related with
 * relationship, or the other way round with inverse when this one is not
 * of a legal guardian (which the other way round would not say). 1 with *id when the same, 2 with *id when one of the
 * client, related and relationship differs in legal_guardian, 0 when
 * none, -1 after a message. */
int intake_db_relation_same(cw_db *db, int64_t client, int64_t related,
			    const char *relationship, const char *inverse,
			    const char *legal, int64_t *id);
/* Relation id's fields as sw-intake relations prints them into out
 * (owned): 1, 0 when there is none, -1 after a message. */
int intake_db_relation_printed(cw_db *db, int64_t id, char **out, size_t n);
/* The relations of client either way round: relation id, the other
 * client's id and name (NULL where not seen), relationship, legal
 * guardian, and 1 when the client is the related one. NULL after a
 * message. */
store_stmt *intake_db_family(cw_db *db, int64_t client);

/* A household_id (HH-n) of a record checked against the database:
 * client n must exist. 0, CW_REJECTED after saying so, or CW_EXIT_DB. */
int intake_household_check(struct intake_db *s, cw_batch *b,
			   const cw_record *rec, const char *hdr, const char *v);
/* Client id's name as the login sees it (*name NULL when hidden or
 * none): 1, 0, or -1 after a message. */
int intake_db_client_name(cw_db *db, int64_t id, char **name);
/* sw-intake show's family of client, after the client's record (table
 * format): 0 or an exit code. */
int intake_family_print(const cw_ctx *x, int64_t client);

/* names.c */
/* The form of a name used to compare people: full-width ASCII folded to
 * ASCII, white space (ASCII and U+3000) removed, ASCII lowercased, the
 * middle dots of transliterated names unified. Newly allocated. */
char *intake_name_key(const char *name);

#endif
