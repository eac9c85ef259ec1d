/* project/store_project.c - the SQL of projects and their targets. */
#include <stdlib.h>
#include <string.h>
#include "project/project.h"

#define PROJECT_COLS \
	"'PJ-' || p.id, p.code, p.name, p.funder, p.start_date, p.end_date," \
	" p.target_population, p.workers, p.created_at"
static const char insert_sql[] =
	"INSERT INTO projects (code, name, funder, start_date, end_date,"
	" target_population, workers, created_at, batch_id)"
	" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char code_sql[] = "SELECT code FROM projects WHERE id = ?";
static const char list_sql[] =
	"SELECT " PROJECT_COLS " FROM projects p ORDER BY p.id";
static const char one_sql[] =
	"SELECT " PROJECT_COLS " FROM projects p WHERE p.id = ?";
/* the indicators' order is the vocabulary's (store/vocab.c) */
static const char targets_sql[] =
	"SELECT indicator, target, period FROM project_targets"
	" WHERE project = ? ORDER BY CASE indicator";
static const char target_set_sql[] =
	"SELECT target, created_at FROM project_targets WHERE project = ?1 AND indicator = ?2"
	" AND coalesce(period, '') = coalesce(CAST(?3 AS TEXT), '')";
static const char period_kind_sql[] =
	"SELECT CASE WHEN strpos(period, 'Q') > 0 THEN 'Q' ELSE 'M' END"
	" FROM project_targets WHERE project = ? AND indicator = ?"
	" AND period IS NOT NULL ORDER BY id LIMIT 1";
static const char target_insert_sql[] =
	"INSERT INTO project_targets (project, indicator, period, target,"
	" created_at, batch_id) VALUES (?, ?, ?, ?, ?, ?)";

int project_db_insert(cw_db *db, const project_row *p, int64_t *id)
{
	store_stmt *st = store_cached(db, insert_sql);

	if (!st)
		return CW_EXIT_DB;
	store_bind_text(st, 1, p->code);
	store_bind_text(st, 2, p->name);
	store_bind_text(st, 3, p->funder);
	store_bind_text(st, 4, p->start);
	store_bind_text(st, 5, p->end);
	store_bind_int(st, 6, p->target_population);
	store_bind_text(st, 7, p->workers);
	store_bind_text(st, 8, p->created_at);
	store_bind_int(st, 9, p->batch);
	store_project_forget();
	return store_write(st, "add a project", id);
}

int project_db_get(cw_db *db, int64_t id, char *v[9])
{
	store_stmt *st = store_cached(db, one_sql);

	if (!st)
		return -1;
	store_bind_int(st, 1, id);
	return store_one_texts(st, "read the projects", 9, v);
}

int project_db_code_of(cw_db *db, int64_t id, char **code)
{
	store_stmt *st = store_cached(db, code_sql);

	*code = NULL;
	if (!st)
		return -1;
	store_bind_int(st, 1, id);
	return store_one_text(st, "read the projects", code);
}

store_stmt *project_db_list(cw_db *db)
{
	return store_prepare(db, list_sql);
}

store_stmt *project_db_one(cw_db *db, int64_t id)
{
	store_stmt *st = store_prepare(db, one_sql);
	if (st)
		store_bind_int(st, 1, id);
	return st;
}

store_stmt *project_db_targets(cw_db *db, const char *code)
{
	const store_vocab *v = &store_vocab_indicator;
	store_stmt *st;
	cw_buf sql;
	size_t i;

	cw_buf_init(&sql);
	cw_buf_addstr(&sql, targets_sql);
	for (i = 0; i < v->n; i++)
		cw_buf_printf(&sql, " WHEN '%s' THEN %zu", v->w[i].word, i);
	cw_buf_addstr(&sql, " END, period IS NOT NULL, period");
	st = store_prepare(db, sql.s);
	cw_buf_release(&sql);
	if (st)
		store_bind_text(st, 1, code);
	return st;
}

int project_db_target_get(cw_db *db, const char *code, const char *indicator,
			  const char *period, char **target, char **created)
{
	store_stmt *st = store_cached(db, target_set_sql);
	char *v[2] = {NULL, NULL};
	int r;

	if (!st) {
		*target = *created = NULL;
		return -1;
	}
	store_bind_text(st, 1, code);
	store_bind_text(st, 2, indicator);
	store_bind_text(st, 3, period);
	r = store_one_texts(st, "read the project targets", 2, v);
	*target = v[0];
	*created = v[1];
	return r;
}

int project_db_period_kind(cw_db *db, const char *code, const char *indicator,
			   char *kind)
{
	store_stmt *st = store_cached(db, period_kind_sql);
	char *k = NULL;
	int r;

	*kind = 0;
	if (!st)
		return -1;
	store_bind_text(st, 1, code);
	store_bind_text(st, 2, indicator);
	r = store_one_text(st, "read the project targets", &k);
	if (r > 0 && k)
		*kind = k[0];
	free(k);
	return r;
}

int project_db_target_insert(cw_db *db, const char *code,
			     const char *indicator, const char *target,
			     const char *period, const char *now, int64_t batch)
{
	store_stmt *st = store_cached(db, target_insert_sql);

	if (!st)
		return CW_EXIT_DB;
	store_bind_text(st, 1, code);
	store_bind_text(st, 2, indicator);
	store_bind_text(st, 3, period);
	store_bind_text(st, 4, target);
	store_bind_text(st, 5, now);
	store_bind_int(st, 6, batch);
	return store_write(st, "set a project target", NULL);
}
