/* project/store_activity.c - the SQL of community activities and their
 * participants, the volunteer roster and the trainings (sw-project
 * activities, volunteers, trainings); volunteers' hours are plan's
 * (store_contacts.c). */
#include <stdlib.h>
#include <string.h>
#include "project/project.h"

static const char volunteer_insert_sql[] =
	"INSERT INTO volunteers (name, phone, joined, created_at, batch_id)"
	" VALUES (?, ?, ?, ?, ?)";
static const char activity_insert_sql[] =
	"INSERT INTO activities (date, title, kind, project, place, minutes,"
	" workers, headcount, named_count, case_count, created_at, batch_id)"
	" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char participant_insert_sql[] =
	"INSERT INTO activity_participants (activity_id, name, phone)"
	" VALUES (?, ?, ?)";
static const char training_insert_sql[] =
	"INSERT INTO trainings (date, title, project, minutes, created_at,"
	" batch_id) VALUES (?, ?, ?, ?, ?, ?)";
static const char attendee_insert_sql[] =
	"INSERT INTO training_attendees (training_id, volunteer_id) VALUES (?, ?)";
static const char volunteers_sql[] =
	"SELECT 'VL-' || v.id, v.name, v.phone, v.joined, v.created_at,"
	" (SELECT coalesce(sum(h.hours100), 0) FROM volunteer_hours h"
	"  WHERE h.volunteer_id = v.id),"
	" (SELECT count(*) FROM training_attendees t WHERE t.volunteer_id = v.id)"
	" FROM volunteers v ORDER BY v.id";

int project_db_volunteer_insert(cw_db *db, const char *name,
				const char *phone, const char *joined,
				const char *now, int64_t batch, int64_t *id)
{
	store_stmt *st = store_cached(db, volunteer_insert_sql);

	if (!st)
		return CW_EXIT_DB;
	store_bind_text(st, 1, name);
	store_bind_text(st, 2, phone);
	store_bind_text(st, 3, joined);
	store_bind_text(st, 4, now);
	store_bind_int(st, 5, batch);
	return store_write(st, "add a volunteer", id);
}

int project_db_activity_insert(cw_db *db, const project_activity *a,
			       int64_t *id)
{
	store_stmt *st = store_cached(db, activity_insert_sql);

	if (!st)
		return CW_EXIT_DB;
	store_bind_text(st, 1, a->date);
	store_bind_text(st, 2, a->title);
	store_bind_text(st, 3, a->kind);
	store_bind_text(st, 4, a->project);
	store_bind_text(st, 5, a->place);
	store_bind_int(st, 6, a->minutes);
	store_bind_text(st, 7, a->workers);
	store_bind_int(st, 8, a->headcount);
	store_bind_int(st, 9, a->named);
	store_bind_int(st, 10, a->cases);
	store_bind_text(st, 11, a->created_at);
	store_bind_int(st, 12, a->batch);
	return store_write(st, "record an activity", id);
}

int project_db_participant_insert(cw_db *db, int64_t activity,
				  const char *name, const char *phone)
{
	store_stmt *st = store_cached(db, participant_insert_sql);

	if (!st)
		return CW_EXIT_DB;
	store_bind_int(st, 1, activity);
	store_bind_text(st, 2, name);
	store_bind_text(st, 3, phone);
	return store_write(st, "record an activity's participant", NULL);
}

int project_db_training_insert(cw_db *db, const char *date,
			       const char *title, long minutes,
			       const char *now, int64_t batch,
			       const char *project, int64_t *id)
{
	store_stmt *st = store_cached(db, training_insert_sql);

	if (!st)
		return CW_EXIT_DB;
	store_bind_text(st, 1, date);
	store_bind_text(st, 2, title);
	store_bind_text(st, 3, project);
	store_bind_int(st, 4, minutes);
	store_bind_text(st, 5, now);
	store_bind_int(st, 6, batch);
	return store_write(st, "record a training", id);
}

int project_db_attendee_insert(cw_db *db, int64_t training,
			       int64_t volunteer)
{
	store_stmt *st = store_cached(db, attendee_insert_sql);

	if (!st)
		return CW_EXIT_DB;
	store_bind_int(st, 1, training);
	store_bind_int(st, 2, volunteer);
	return store_write(st, "record a training's attendee", NULL);
}

/* The first stored activity the same as a: its date, title, kind,
 * project and head-count, its participants (NAME or NAME:PHONE), cases
 * (CA-n) and volunteers (NAME=HOURS) as given, each list joined with
 * ", " in its order ("" for none). 1 with *id, 0, or -1. */
int project_db_activity_same(cw_db *db, const project_activity *a,
			     const char *people, const char *cases,
			     const char *vols, int64_t *id)
{
	static const char sql[] =
		"SELECT a.id FROM activities a WHERE a.date = ? AND a.title = ?"
		" AND a.kind = ? AND a.project IS NOT DISTINCT FROM ?"
		" AND a.headcount = ? AND coalesce((SELECT string_agg(x, ', ')"
		"  FROM (SELECT p.name || coalesce(':' || p.phone, '') AS x"
		"  FROM activity_participants p WHERE p.activity_id = a.id"
		"  ORDER BY p.id) AS q), '') = ?"
		" AND coalesce((SELECT string_agg(x, ', ') FROM (SELECT"
		"  'CA-' || c.case_id AS x FROM contacts c"
		"  WHERE c.activity_id = a.id ORDER BY c.id) AS q), '') = ?"
		" AND coalesce((SELECT string_agg(x, ', ') FROM (SELECT v.name"
		"  || '=' || " HOURS_TEXT("h.hours100") " AS x FROM volunteer_hours h"
		"  JOIN volunteers v ON v.id = h.volunteer_id"
		"  WHERE h.activity_id = a.id ORDER BY h.id) AS q), '') = ?"
		" ORDER BY a.id LIMIT 1";
	store_stmt *st = store_cached(db, sql);

	if (!st)
		return -1;
	store_bind_text(st, 1, a->date);
	store_bind_text(st, 2, a->title);
	store_bind_text(st, 3, a->kind);
	store_bind_text(st, 4, a->project);
	store_bind_int(st, 5, a->headcount);
	store_bind_text(st, 6, people);
	store_bind_text(st, 7, cases);
	store_bind_text(st, 8, vols);
	return store_one(st, "read the activities", id);
}

/* The first stored training of date, title and project whose attendees
 * are the volunteers ids (text "1,2,3", ascending). 1 with *id, 0, -1. */
int project_db_training_same(cw_db *db, const char *date, const char *title,
			     const char *project, const char *ids, int64_t *id)
{
	static const char sql[] =
		"SELECT t.id FROM trainings t WHERE t.date = ? AND t.title = ?"
		" AND t.project IS NOT DISTINCT FROM ? AND coalesce((SELECT"
		"  string_agg(x, ',') FROM (SELECT CAST(a.volunteer_id AS TEXT) AS x"
		"  FROM training_attendees a WHERE a.training_id = t.id"
		"  ORDER BY a.volunteer_id) AS q), '') = ? ORDER BY t.id LIMIT 1";
	store_stmt *st = store_cached(db, sql);

	if (!st)
		return -1;
	store_bind_text(st, 1, date);
	store_bind_text(st, 2, title);
	store_bind_text(st, 3, project);
	store_bind_text(st, 4, ids);
	return store_one(st, "read the trainings", id);
}

int project_db_exists(cw_db *db, const char *table, int64_t id)
{
	static const char *const tables[] = {"activities", "volunteers",
					     "trainings"};
	char sql[64];
	store_stmt *st;
	int64_t one;
	size_t i;
	int r;

	for (i = 0; i < sizeof tables / sizeof tables[0]; i++)
		if (!strcmp(table, tables[i]))
			break;
	if (i == sizeof tables / sizeof tables[0])
		return -1;
	snprintf(sql, sizeof sql, "SELECT 1 FROM %s WHERE id = ?", tables[i]);
	if (!(st = store_prepare(db, sql)))
		return -1;
	store_bind_int(st, 1, id);
	r = store_one(st, "read the records", &one);
	store_finalize(st);
	return r;
}

store_stmt *project_db_volunteers(cw_db *db)
{
	return store_prepare(db, volunteers_sql);
}

/* ---- a record read back: the stored one as the verbs print it ------------------ */

static const char activity_printed_sql[] =
	"SELECT 'AC-' || a.id, a.date, a.title, a.kind, a.place, a.minutes,"
	" a.workers, a.headcount, (SELECT string_agg(x, ', ') FROM (SELECT"
	"  p.name || coalesce(':' || p.phone, '') AS x FROM activity_participants p"
	"  WHERE p.activity_id = a.id ORDER BY p.id) AS q1),"
	" (SELECT string_agg(x, ', ') FROM (SELECT 'CA-' || c.case_id AS x"
	"  FROM contacts c WHERE c.activity_id = a.id ORDER BY c.id) AS q2),"
	" NULL, a.headcount + a.named_count + a.case_count, a.created_at, a.project"
	" FROM activities a WHERE a.id = ?";
static const char activity_hours_sql[] =
	"SELECT v.name, h.hours100 FROM volunteer_hours h JOIN volunteers v"
	" ON v.id = h.volunteer_id WHERE h.activity_id = ? ORDER BY h.id";
static const char volunteer_printed_sql[] =
	"SELECT 'VL-' || v.id, v.name, v.phone, v.joined, v.created_at"
	" FROM volunteers v WHERE v.id = ?";
static const char training_printed_sql[] =
	"SELECT 'TR-' || t.id, t.date, t.title, t.minutes, (SELECT"
	" string_agg(x, ', ') FROM (SELECT v.name AS x FROM training_attendees ta"
	"  JOIN volunteers v ON v.id = ta.volunteer_id WHERE ta.training_id = t.id"
	"  ORDER BY v.id) AS q), t.created_at, t.project FROM trainings t"
	" WHERE t.id = ?";

int project_db_printed(cw_db *db, enum cw_kind kind, int64_t id, char **out,
		       size_t n)
{
	store_stmt *st;
	const char *c;
	size_t i;
	int r;

	st = store_prepare(db, kind == CW_K_ACTIVITY ? activity_printed_sql :
			   kind == CW_K_VOLUNTEER ? volunteer_printed_sql :
			   training_printed_sql);
	if (!st)
		return -1;
	store_bind_int(st, 1, id);
	r = store_step(st);
	if (r == STORE_ROW)
		for (i = 0; i < n; i++)
			out[i] = (c = store_col_text(st, (int)i)) != NULL ?
				 cw_xstrdup(c) : NULL;
	store_finalize(st);
	if (r != STORE_ROW)
		return r == STORE_DONE ? 0 : (store_fail(db, "read the records"), -1);
	if (kind != CW_K_ACTIVITY)
		return 1;
	/* an activity's volunteers, NAME=HOURS as printed */
	if (!(st = store_prepare(db, activity_hours_sql)))
		return -1;
	store_bind_int(st, 1, id);
	{
		cw_buf vj;
		char hours[32];

		cw_buf_init(&vj);
		while ((r = store_step(st)) == STORE_ROW) {
			plan_hours_text(atol(store_col_text(st, 1)), hours);
			cw_buf_printf(&vj, "%s%s=%s", vj.len ? ", " : "",
				      store_col_text(st, 0), hours);
		}
		store_finalize(st);
		if (r != STORE_DONE) {
			cw_buf_release(&vj);
			store_fail(db, "read the volunteers' hours");
			return -1;
		}
		if (vj.len && n > 10)
			out[10] = cw_xstrdup(vj.s);
		cw_buf_release(&vj);
	}
	return 1;
}
