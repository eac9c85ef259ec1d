/* project/store_programme.c - the SQL of group programmes (小组): the
 * programme, its members and its stage; its sessions and attendance as
 * sw-project show prints them. */
#include <stdlib.h>
#include "project/project.h"

/* The programme's attendance: the contacts of its sessions. */
#define ATTENDANCE "(SELECT count(*) FROM contacts c JOIN group_sessions s" \
	" ON s.id = c.session_id WHERE s.programme_id = p.id)"

static const char insert_sql[] =
	"INSERT INTO programmes (title, aims, stage, project, created_at,"
	" batch_id) VALUES (?, ?, ?, ?, ?, ?)";
static const char member_sql[] =
	"INSERT INTO programme_members (programme_id, case_id, batch_id)"
	" VALUES (?, ?, ?)";
static const char stage_sql[] =
	"UPDATE programmes SET stage = ?, updated_at = ?, batch_id = ?"
	" WHERE id = ?";
static const char get_sql[] =
	"SELECT p.title, p.aims, p.stage, p.project, (SELECT string_agg(x, ', ')"
	" FROM (SELECT 'CA-' || m.case_id AS x FROM programme_members m"
	" WHERE m.programme_id = p.id ORDER BY m.case_id) AS a), p.created_at"
	" FROM programmes p WHERE p.id = ?";
static const char one_sql[] =
	"SELECT 'GP-' || p.id, p.title, p.stage, p.project,"
	" (SELECT count(*) FROM programme_members m WHERE m.programme_id = p.id),"
	" (SELECT count(*) FROM group_sessions s WHERE s.programme_id = p.id), "
	ATTENDANCE " FROM programmes p WHERE p.id = ?";
static const char sessions_sql[] =
	"SELECT 'GS-' || s.id, s.date, s.title, (SELECT count(*) FROM contacts c"
	" WHERE c.session_id = s.id) FROM group_sessions s"
	" WHERE s.programme_id = ? ORDER BY s.date, s.id";
/* Each member's assessments of each instrument: the latest on or before
 * the programme's first session (pre) and the first on or after its
 * last (post), total100 and scaled100 of each. */
#define PREPOST(col, cmp, agg, dir) \
	"(SELECT a." col " FROM assessments a WHERE a.case_id = x.case_id" \
	" AND a.instrument = x.instrument AND a.date " cmp " (SELECT " agg \
	"(s.date) FROM group_sessions s WHERE s.programme_id = ?1)" \
	" ORDER BY a.date" dir ", a.id" dir " LIMIT 1)"
static const char prepost_sql[] =
	"SELECT x.instrument, x.case_id, "
	PREPOST("total100", "<=", "min", " DESC") ", "
	PREPOST("scaled100", "<=", "min", " DESC") ", "
	PREPOST("total100", ">=", "max", "") ", "
	PREPOST("scaled100", ">=", "max", "")
	" FROM (SELECT DISTINCT a.case_id, a.instrument FROM assessments a"
	"  JOIN programme_members m ON m.case_id = a.case_id"
	"  WHERE m.programme_id = ?1) AS x ORDER BY x.instrument, x.case_id";
/* Every case that attended a session of the programme and every member,
 * in case order: the sessions each attended, and whether a member (a
 * session may be attended by a case that is not, sw-project(1)). */
static const char members_sql[] =
	"SELECT 'CA-' || x.case_id, (SELECT count(*) FROM contacts c JOIN"
	" group_sessions s ON s.id = c.session_id WHERE s.programme_id = ?1"
	" AND c.case_id = x.case_id), (SELECT count(*) FROM programme_members m"
	" WHERE m.programme_id = ?1 AND m.case_id = x.case_id)"
	" FROM (SELECT m.case_id FROM programme_members m WHERE m.programme_id = ?1"
	" UNION SELECT c.case_id FROM contacts c JOIN group_sessions s"
	" ON s.id = c.session_id WHERE s.programme_id = ?1) AS x ORDER BY x.case_id";

int project_db_programme_insert(cw_db *db, const char *title,
				const char *aims, const char *stage,
				const char *project, const char *now,
				int64_t batch, int64_t *id)
{
	store_stmt *st = store_cached(db, insert_sql);

	if (!st)
		return CW_EXIT_DB;
	store_bind_text(st, 1, title);
	store_bind_text(st, 2, aims);
	store_bind_text(st, 3, stage);
	store_bind_text(st, 4, project);
	store_bind_text(st, 5, now);
	store_bind_int(st, 6, batch);
	return store_write(st, "record a group programme", id);
}

int project_db_member_insert(cw_db *db, int64_t programme, int64_t case_id,
			     int64_t batch)
{
	store_stmt *st = store_cached(db, member_sql);

	if (!st)
		return CW_EXIT_DB;
	store_bind_int(st, 1, programme);
	store_bind_int(st, 2, case_id);
	store_bind_int(st, 3, batch);
	return store_write(st, "add a group programme's member", NULL);
}

int project_db_programme_stage(cw_db *db, int64_t id, const char *stage,
			       const char *now, int64_t batch)
{
	store_stmt *st = store_cached(db, stage_sql);

	if (!st)
		return CW_EXIT_DB;
	store_bind_text(st, 1, stage);
	store_bind_text(st, 2, now);
	store_bind_int(st, 3, batch);
	store_bind_int(st, 4, id);
	return store_write(st, "change a group programme's stage", NULL);
}

store_stmt *project_db_programme_get(cw_db *db)
{
	return store_cached(db, get_sql);
}

store_stmt *project_db_programme_one(cw_db *db, int64_t id, int part)
{
	store_stmt *st = store_prepare(db, part == 0 ? one_sql : part == 1 ?
				       sessions_sql : part == 2 ? members_sql :
				       prepost_sql);
	if (st)
		store_bind_int(st, 1, id);
	return st;
}
