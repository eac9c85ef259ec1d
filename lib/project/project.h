/*
 * project/project.h - what the sw-project parts of the library share:
 * the functions of its store file, the only one that holds its SQL. Not
 * installed; ownership as in casework.h.
 */
#ifndef CW_PROJECT_H
#define CW_PROJECT_H

#include "plan/plan.h"

/* A project as stored (sw-project add): its fields in record order. */
typedef struct project_row {
	const char *code, *name, *funder, *start, *end;
	long target_population;
	const char *workers;    /* joined with ", ", or NULL */
	const char *created_at;
	int64_t batch;
} project_row;

/* ---- store_project.c: the SQL of projects and their targets -------------
 * Each reports its own database error (store_fail): 0 when done, else
 * CW_EXIT_DB; a look-up returns 1 when found, 0 when not, -1 after an
 * error. */
int project_db_insert(cw_db *db, const project_row *p, int64_t *id);
/* The code of project id into *code (newly allocated). */
int project_db_code_of(cw_db *db, int64_t id, char **code);
/* The projects, by id, in the columns of a project record. */
store_stmt *project_db_list(cw_db *db);
/* One project (by id), in the columns of a project record. */
store_stmt *project_db_one(cw_db *db, int64_t id);
/* The same into v, nine new strings (NULL where the column is). */
int project_db_get(cw_db *db, int64_t id, char *v[9]);
/* Project code's targets, in the indicators' order (casework.7), the
 * contract's first, then by period: indicator, target, period. */
store_stmt *project_db_targets(cw_db *db, const char *code);
/* The target set for code, indicator and period (NULL: the whole
 * contract), and its created_at, new strings. */
int project_db_target_get(cw_db *db, const char *code, const char *indicator,
			  const char *period, char **target, char **created);
/* The kind of the periods of code's targets of indicator: 'M' months,
 * 'Q' quarters, 0 none. */
int project_db_period_kind(cw_db *db, const char *code, const char *indicator,
			   char *kind);
int project_db_target_insert(cw_db *db, const char *code,
			     const char *indicator, const char *target,
			     const char *period, const char *now, int64_t batch);

#endif
