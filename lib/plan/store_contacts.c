/* plan/store_contacts.c - the SQL of sw-plan contacts and sessions:
 * contacts and group sessions stored and read back, a case's worker. */
#include <stdlib.h>
#include "plan/plan.h"

/* A contact as sw-plan contacts prints it: its volunteers with their
 * hours in the order stored. */
#define CONTACT_SELECT \
	"SELECT 'CT-' || c.id, 'CA-' || c.case_id, c.date, c.kind, c.minutes," \
	" c.worker, c.note, CASE WHEN c.session_id IS NULL THEN NULL" \
	" ELSE 'GS-' || c.session_id END, c.created_at, c.project," \
	" (SELECT string_agg(x, ', ') FROM (SELECT v.name || '=' || " \
	HOURS_TEXT("h.hours100") " AS x FROM volunteer_hours h JOIN volunteers v" \
	"  ON v.id = h.volunteer_id WHERE h.contact_id = c.id ORDER BY h.id) AS a)" \
	" FROM contacts c"

/* A group session as sw-plan sessions prints it: the cases attending
 * joined with ", " in the order of their contacts, and their count. */
#define SESSION_SELECT \
	"SELECT 'GS-' || s.id, s.date, s.title, s.minutes, s.workers, s.note," \
	" (SELECT string_agg(x, ', ') FROM (SELECT 'CA-' || c.case_id AS x" \
	"  FROM contacts c WHERE c.session_id = s.id ORDER BY c.id) AS a)," \
	" (SELECT count(*) FROM contacts c WHERE c.session_id = s.id)," \
	" s.created_at, s.project, CASE WHEN s.programme_id IS NULL THEN NULL" \
	" ELSE 'GP-' || s.programme_id END FROM group_sessions s"

/* Steps the INSERT st: 0 and *id, the new row's, or CW_EXIT_DB after
 * "cannot WHAT". */
static int insert(cw_db *db, store_stmt *st, const char *what, int64_t *id)
{
	int r = store_step(st) != STORE_DONE ? store_fail(db, what) : 0;
	store_reset(st);
	*id = store_last_id(db);
	return r;
}

store_stmt *plan_db_contact_get(cw_db *db)
{
	static const char sql[] = CONTACT_SELECT " WHERE c.id = ?";
	return store_cached(db, sql);
}

store_stmt *plan_db_session_get(cw_db *db)
{
	static const char sql[] = SESSION_SELECT " WHERE s.id = ?";
	return store_cached(db, sql);
}

int plan_db_contact_insert(cw_db *db, const plan_contact *c, int64_t *id)
{
	static const char sql[] =
		"INSERT INTO contacts (case_id, date, kind, minutes, worker, note,"
		" session_id, created_at, batch_id, project, activity_id)"
		" VALUES (?,?,?,?,?,?,?,?,?,?,?)";
	store_stmt *st = store_cached(db, sql);

	if (!st)
		return CW_EXIT_DB;
	store_bind_int(st, 1, c->case_id);
	store_bind_text(st, 2, c->date);
	store_bind_text(st, 3, c->kind);
	store_bind_int(st, 4, c->minutes);
	store_bind_text(st, 5, c->worker);
	store_bind_text(st, 6, c->note);
	if (c->session)
		store_bind_int(st, 7, c->session);
	else
		store_bind_null(st, 7);
	store_bind_text(st, 8, c->created);
	store_bind_int(st, 9, c->batch);
	store_bind_text(st, 10, c->project);
	if (c->activity)
		store_bind_int(st, 11, c->activity);
	else
		store_bind_null(st, 11);
	return insert(db, st, "store a contact", id);
}

int plan_db_session_insert(cw_db *db, const plan_session *s, int64_t *id)
{
	static const char sql[] =
		"INSERT INTO group_sessions (date, title, minutes, workers, note,"
		" created_at, batch_id, project, programme_id)"
		" VALUES (?,?,?,?,?,?,?,?,?)";
	store_stmt *st = store_cached(db, sql);

	if (!st)
		return CW_EXIT_DB;
	store_bind_text(st, 1, s->date);
	store_bind_text(st, 2, s->title);
	store_bind_int(st, 3, s->minutes);
	store_bind_text(st, 4, s->workers);
	store_bind_text(st, 5, s->note);
	store_bind_text(st, 6, s->created);
	store_bind_int(st, 7, s->batch);
	store_bind_text(st, 8, s->project);
	if (s->programme)
		store_bind_int(st, 9, s->programme);
	else
		store_bind_null(st, 9);
	return insert(db, st, "store a group session", id);
}

int plan_db_case_worker(cw_db *db, int64_t case_id, char **out)
{
	static const char sql[] = "SELECT worker FROM cases WHERE id = ?";
	store_stmt *st = store_cached(db, sql);
	const char *t;
	int r;

	*out = NULL;
	if (!st)
		return CW_EXIT_DB;
	store_bind_int(st, 1, case_id);
	r = store_step(st);
	if (r == STORE_ROW && (t = store_col_text(st, 0)))
		*out = cw_xstrdup(t);
	return plan_db_one_end(db, st, r, "look up a case") < 0 ? CW_EXIT_DB : 0;
}

int plan_db_programme(cw_db *db, int64_t id, char **project)
{
	store_stmt *st = store_cached(db, "SELECT project, 1 FROM programmes"
				      " WHERE id = ?");
	char *v[2] = {NULL, NULL};
	int r;

	*project = NULL;
	if (!st)
		return -1;
	store_bind_int(st, 1, id);
	if ((r = store_one_texts(st, "read the group programmes", 2, v)) == 1)
		*project = v[0];
	else
		free(v[0]);
	free(v[1]);
	return r;
}

int plan_db_volunteer(cw_db *db, const char *name, int64_t *id)
{
	store_stmt *st = store_cached(db, "SELECT id FROM volunteers WHERE name = ?");

	if (!st)
		return -1;
	store_bind_text(st, 1, name);
	return store_one(st, "read the volunteer roster", id);
}

int plan_db_hours_insert(cw_db *db, int64_t volunteer, int64_t activity,
			 int64_t contact, const char *date, long hours100,
			 int64_t batch)
{
	static const char sql[] =
		"INSERT INTO volunteer_hours (volunteer_id, activity_id, contact_id,"
		" date, hours100, batch_id) VALUES (?, ?, ?, ?, ?, ?)";
	store_stmt *st = store_cached(db, sql);

	if (!st)
		return CW_EXIT_DB;
	store_bind_int(st, 1, volunteer);
	if (activity)
		store_bind_int(st, 2, activity);
	else
		store_bind_null(st, 2);
	if (contact)
		store_bind_int(st, 3, contact);
	else
		store_bind_null(st, 3);
	store_bind_text(st, 4, date);
	store_bind_int(st, 5, hours100);
	store_bind_int(st, 6, batch);
	return store_write(st, "record a volunteer's hours", NULL);
}

int plan_db_volunteer_joined_after(cw_db *db, int64_t id, const char *date)
{
	store_stmt *st = store_cached(db, "SELECT 1 FROM volunteers WHERE id = ?"
				      " AND joined > ?");
	int64_t one;

	if (!st)
		return -1;
	store_bind_int(st, 1, id);
	store_bind_text(st, 2, date);
	return store_one(st, "read the volunteer roster", &one);
}

int plan_db_volunteer_day_hours(cw_db *db, int64_t id, const char *date,
				int64_t *h100)
{
	store_stmt *st = store_cached(db, "SELECT coalesce(sum(hours100), 0)"
				      " FROM volunteer_hours WHERE volunteer_id = ?"
				      " AND date = ?");

	*h100 = 0;
	if (!st)
		return -1;
	store_bind_int(st, 1, id);
	store_bind_text(st, 2, date);
	return store_one(st, "read volunteers' hours", h100) < 0 ? -1 : 0;
}
