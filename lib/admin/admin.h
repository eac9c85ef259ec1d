/*
 * admin/admin.h - the private header of admin/: the database itself, as
 * sw-admin tends it (its schema, its settings, copying it whole). The
 * verbs are declared in verbs.h. Not installed.
 */
#ifndef CW_ADMIN_H
#define CW_ADMIN_H

#include "verbs.h"
#include "store/store.h"

/* settings.c: the value of setting key (one of core_config_stored_keys)
 * in cfg, as the file or the database writes it ("30d"). */
void admin_setting_value(const cw_config *cfg, const char *key, char out[32]);

/* store_settings.c: reads the value of key stored in db into *out (a new
 * string, NULL when none): 0 or CW_EXIT_DB after a message. */
int admin_db_setting(cw_db *db, const char *key, char **out);
/* Stores key = value in the open batch: 0 or CW_EXIT_DB. */
int admin_db_set(cw_db *db, const char *key, const char *value, const char *at);

/* store_grant.c: the role name's entry has on the roster into *role (new):
 * 1, 0 when name is not on it, -1 after store_fail. */
int admin_db_roster_role(cw_db *db, const char *name, char **role);
/* Whether the server has a login (a role that may log in) of that name:
 * 1, 0, or -1 after store_fail. */
int admin_db_login_exists(cw_db *db, const char *login);
/* The role granted login into *role (new; NULL when none): 0 or -1. */
int admin_db_login_role(cw_db *db, const char *login, char **role);
/* Makes login a member of role's group role alone and records it acting
 * as name, or with role NULL takes every group role and the record away,
 * in the open batch, the audit entry written by the server (cw_grant):
 * 0 or CW_EXIT_DB. */
int admin_db_set_grant(cw_db *db, const char *login, const char *name,
		       const char *role);
/* The logins granted (login, worker, role, team, granted_at), in login
 * order: NULL after store_fail. */
store_stmt *admin_db_logins(cw_db *db);

/* store_copy.c: a table of the schema and the columns ordering its rows;
 * admin_tables lists them all, parents first, ending in {NULL, NULL}. */
typedef struct admin_table {
	const char *name;
	const char *key;
} admin_table;
#define ADMIN_NTABLES 38
extern const admin_table admin_tables[ADMIN_NTABLES + 1];
/* Every row of t, in the order of its key: NULL after store_fail. */
store_stmt *admin_db_read(cw_db *db, const admin_table *t);
/* The rows of t a worker's extract holds (those of the cases assigned
 * to worker, the batches they name, the directory whole, the worker's
 * roster entry), in key order; *none is 1 (and NULL returned) for a
 * table the extract never holds (the audit trail). NULL after
 * store_fail otherwise. */
store_stmt *admin_db_read_extract(cw_db *db, const admin_table *t,
				  const char *worker, int *none);
/* Whether worker is on the roster or has a case: 0, CW_EXIT_DATA after
 * saying it is neither, or CW_EXIT_DB. */
int admin_db_worker_known(cw_db *db, const char *worker);
/* The rows of table into *n: 0 or CW_EXIT_DB after a message. */
int admin_db_count(cw_db *db, const char *table, int64_t *n);
/* An INSERT of nrows rows of the columns cols[0..ncols) into table, the
 * values bound row after row: NULL after store_fail. */
store_stmt *admin_db_insert(cw_db *db, const char *table,
			    const char *const *cols, int ncols, int nrows);

/* store_undo.c: sw-admin undo's SQL. The batch id's program and verb
 * (new strings): 1, 0 when there is no such batch, -1 after store_fail. */
int admin_db_batch(cw_db *db, int64_t id, char **program, char **verb);
/* The entries that say a batch was undone (batch_id of the undo, ids
 * BT-n of the batch undone), in order: NULL after store_fail. */
store_stmt *admin_db_undo_entries(cw_db *db);
/* The audit entries of batch (id, action, entity, ids, detail), in
 * order: NULL after store_fail. */
store_stmt *admin_db_batch_entries(cw_db *db, int64_t batch);
/* The audit entries of the batches after batch but undo batches
 * (batch_id, action, entity, ids), in order: NULL after store_fail. */
store_stmt *admin_db_later_entries(cw_db *db, int64_t batch);
/* The first row of table (by batch) of a batch other than batch whose
 * col is in lo..hi: 1 and *by its batch, *ref its col; 0 when none; -1
 * after store_fail. */
int admin_db_first_ref(cw_db *db, const char *table, const char *col,
		       int64_t lo, int64_t hi, int64_t batch, int64_t *by,
		       int64_t *ref);
/* Deletes the rows lo..hi of table (*n of them): 0 or CW_EXIT_DB. */
int admin_db_delete_range(cw_db *db, const char *table, int64_t lo,
			  int64_t hi, int64_t *n);
/* Deletes the rows of table that batch stored: 0 or CW_EXIT_DB. */
int admin_db_delete_batch_rows(cw_db *db, const char *table, int64_t batch);
/* The assignments batch stored (id, case_id), by id: NULL after
 * store_fail. */
store_stmt *admin_db_batch_assignments(cw_db *db, int64_t batch);
/* Deletes the assignments batch stored of the cases lo..hi: 0 or
 * CW_EXIT_DB. */
int admin_db_delete_case_assignments(cw_db *db, int64_t batch, int64_t lo,
				     int64_t hi);
/* The columns cols[0..n) of row id of table into out (new strings,
 * NULL for NULL): 1, 0 when there is no such row, -1 after store_fail. */
int admin_db_fields(cw_db *db, const char *table, int64_t id,
		    const char *const *cols, size_t n, char **out);
/* Sets cols[0..n) of row id of table to vals, and updated_at to stamp
 * unless NULL: 0 or CW_EXIT_DB. */
int admin_db_set_fields(cw_db *db, const char *table, int64_t id,
			const char *const *cols, const char *const *vals,
			size_t n, const char *stamp);
/* Opens again the follow-ups lo..hi that are done: 0 or CW_EXIT_DB. */
int admin_db_followups_reopen(cw_db *db, int64_t lo, int64_t hi);
/* Takes plan's revision number back by one, its updated_at set to
 * stamp: 0 or CW_EXIT_DB. */
int admin_db_plan_unrevise(cw_db *db, int64_t plan, const char *stamp);

/* copy.c: what a table holds, as sw-admin copy and check print it: its
 * rows and a SHA-256 of them (each value's text, in the order of its
 * key), the same on every engine for the same records. */
typedef struct admin_tally {
	int64_t rows;
	char sum[65];
} admin_tally;
/* Reads table t of db whole into *got: 0 or CW_EXIT_DB. */
int admin_tally_table(cw_db *db, const admin_table *t, admin_tally *got);
/* Prints got[i] for each table of admin_tables: 0 or CW_EXIT_IO. */
int admin_print_tallies(const cw_ctx *x, const admin_tally *got,
			enum cw_format fmt);

/* store_erase.c: erasure's SQL. Which rows of a table are a client's. */
enum admin_of {
	ADMIN_OF_CLIENT,        /* the client's own row */
	ADMIN_OF_CASE,          /* its cases */
	ADMIN_OF_CASE_ROW,      /* a row with the case_id of one of them */
	ADMIN_OF_GOAL_ROW,      /* a row of a goal of one of them */
	ADMIN_OF_PLAN_ROW,      /* a row of a plan of one of them */
	ADMIN_OF_REFERRAL_ROW,  /* a row of a referral of one of them */
	ADMIN_OF_PARTICIPANT    /* an activity's participant who is the
				 * client: by phone, or by name at an
				 * activity one of the cases took part in */
};
/* Client client's birth date (*birth new, NULL when none), its cases'
 * last closure date (*closed new, NULL when none) and its first open
 * case (*open_case, 0 when none): 1, 0 when there is no such client, -1
 * after store_fail. */
int admin_db_client_state(cw_db *db, int64_t client, char **birth,
			  char **closed, int64_t *open_case);
/* The ids entries of the erasures of clients (action erase, kind
 * client), in order: NULL after store_fail. */
store_stmt *admin_db_erased_clients(cw_db *db);
/* The columns cols of table's rows that are client's (of), by the first
 * column: NULL after store_fail. */
store_stmt *admin_db_owned_rows(cw_db *db, const char *table, int of,
				const char *cols, int64_t client);
/* UPDATE table SET set (its nparams placeholders bound to params, in
 * order) on the rows that are client's (of): 0 or CW_EXIT_DB. */
int admin_db_erase_rows(cw_db *db, const char *table, int of, const char *set,
			const char *const *params, int nparams, int64_t client);
/* Sets the snapshot of revision revision of plan: 0 or CW_EXIT_DB. */
int admin_db_set_snapshot(cw_db *db, int64_t plan, int64_t revision,
			  const char *snapshot);
/* The audit entries of batches other than batch whose details may hold
 * values (id, ids, detail, at, actor, batch_id, action, entity,
 * detail_sha256; not those that give a count and a digest, nor the
 * erasures' own), in order: NULL after store_fail. */
store_stmt *admin_db_detailed_entries(cw_db *db, int64_t batch);
/* The clients none of whose cases is open and whose last closure is on
 * or before cutoff (client_id, that closure's date, cases), in client
 * order: NULL after store_fail. */
store_stmt *admin_db_retained(cw_db *db, const char *cutoff);

#endif
