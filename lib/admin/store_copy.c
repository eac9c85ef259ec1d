/* admin/store_copy.c - the SQL of sw-admin copy: every table read whole
 * in the order of its key, rows written many to a statement. */
#include <stdlib.h>
#include <string.h>
#include "admin/admin.h"

/* The tables, parents before children (the order the schema creates
 * them), each with the columns that order its rows. */
const admin_table admin_tables[ADMIN_NTABLES + 1] = {
	{"batches", "id"}, {"audit", "id"}, {"clients", "id"}, {"cases", "id"},
	{"assessments", "id"}, {"followups", "id"}, {"plans", "id"},
	{"plan_revisions", "plan_id, revision"}, {"goals", "id"},
	{"goal_progress", "id"}, {"tasks", "id"}, {"group_sessions", "id"},
	{"contacts", "id"}, {"reviews", "id"}, {"closures", "id"},
	{"organizations", "id"}, {"services", "id"}, {"locations", "id"},
	{"service_locations", "service_id, location_id"}, {"addresses", "id"},
	{"phones", "id"}, {"referrals", "id"}, {"referral_events", "id"},
	{"referral_feedback", "id"}, {"workers", "id"}, {"projects", "id"},
	{"project_targets", "id"}, {"volunteers", "id"}, {"activities", "id"},
	{"activity_participants", "id"}, {"volunteer_hours", "id"},
	{"trainings", "id"}, {"training_attendees", "training_id, volunteer_id"},
	{"programmes", "id"}, {"programme_members", "programme_id, case_id"},
	{"consents", "id"},
	{"assignments", "id"},
	{"relations", "id"},
	{NULL, NULL}
};

/* A worker's extract (sw-admin copy --worker): which rows of each table
 * of admin_tables go, ?1 the worker's roster name. */
#define OWN_CASES "(SELECT id FROM cases WHERE worker = ?1)"
#define OWN_CHILD "case_id IN " OWN_CASES
#define OWN_CLIENTS "(SELECT client_id FROM cases WHERE worker = ?1)"
#define OWN_RELATION "client_id IN " OWN_CLIENTS " AND related_id IN " \
	OWN_CLIENTS
static const char *const extract_where[ADMIN_NTABLES] = {
	/* batches: those a row of the extract names */
	"id IN (SELECT batch_id FROM clients WHERE id IN (SELECT client_id"
	" FROM cases WHERE worker = ?1) UNION SELECT batch_id FROM cases WHERE"
	" worker = ?1 UNION SELECT batch_id FROM assessments WHERE " OWN_CHILD
	" UNION SELECT batch_id FROM followups WHERE " OWN_CHILD
	" UNION SELECT batch_id FROM plan_revisions WHERE plan_id IN (SELECT id"
	" FROM plans WHERE " OWN_CHILD ") UNION SELECT batch_id FROM goals WHERE "
	OWN_CHILD " UNION SELECT batch_id FROM goal_progress WHERE goal_id IN"
	" (SELECT id FROM goals WHERE " OWN_CHILD ") UNION SELECT batch_id FROM"
	" tasks WHERE " OWN_CHILD " UNION SELECT batch_id FROM group_sessions"
	" WHERE id IN (SELECT session_id FROM contacts WHERE " OWN_CHILD ")"
	" UNION SELECT batch_id FROM contacts WHERE " OWN_CHILD
	" UNION SELECT batch_id FROM reviews WHERE " OWN_CHILD
	" UNION SELECT batch_id FROM closures WHERE " OWN_CHILD
	" UNION SELECT batch_id FROM organizations UNION SELECT batch_id FROM"
	" services UNION SELECT batch_id FROM locations UNION SELECT batch_id"
	" FROM addresses UNION SELECT batch_id FROM phones"
	" UNION SELECT batch_id FROM referrals WHERE " OWN_CHILD
	" UNION SELECT batch_id FROM referral_events WHERE referral_id IN"
	" (SELECT id FROM referrals WHERE " OWN_CHILD ") UNION SELECT batch_id"
	" FROM referral_feedback WHERE referral_id IN (SELECT id FROM referrals"
	" WHERE " OWN_CHILD ") UNION SELECT batch_id FROM workers WHERE"
	" name = ?1 UNION SELECT batch_id FROM projects UNION SELECT batch_id"
	" FROM project_targets UNION SELECT batch_id FROM volunteers UNION"
	" SELECT batch_id FROM activities UNION SELECT batch_id FROM"
	" volunteer_hours UNION SELECT batch_id FROM trainings UNION SELECT"
	" batch_id FROM programmes UNION SELECT batch_id FROM programme_members"
	" WHERE " OWN_CHILD " UNION SELECT batch_id FROM consents WHERE"
	" client_id IN (SELECT client_id FROM cases WHERE worker = ?1)"
	" UNION SELECT batch_id FROM assignments WHERE " OWN_CHILD
	" UNION SELECT batch_id FROM relations WHERE " OWN_RELATION ")",
	NULL,   /* audit: none */
	"id IN (SELECT client_id FROM cases WHERE worker = ?1)",
	"worker = ?1",
	OWN_CHILD, OWN_CHILD, OWN_CHILD,
	"plan_id IN (SELECT id FROM plans WHERE " OWN_CHILD ")",
	OWN_CHILD,
	"goal_id IN (SELECT id FROM goals WHERE " OWN_CHILD ")",
	OWN_CHILD,
	"id IN (SELECT session_id FROM contacts WHERE " OWN_CHILD ")",
	OWN_CHILD, OWN_CHILD, OWN_CHILD,
	"", "", "", "", "", "",  /* the resource directory, whole */
	OWN_CHILD,
	"referral_id IN (SELECT id FROM referrals WHERE " OWN_CHILD ")",
	"referral_id IN (SELECT id FROM referrals WHERE " OWN_CHILD ")",
	"name = ?1",
	"", "",  /* the projects and their targets, whole */
	/* the roster of volunteers, the activities and trainings whole; an
	 * activity's named participants (not clients) never */
	"", "", NULL, "", "", "",
	/* the programmes whole, their members of the worker's cases */
	"", OWN_CHILD,
	/* the consents of the worker's clients */
	"client_id IN (SELECT client_id FROM cases WHERE worker = ?1)",
	/* the assignments of the worker's cases (those of others before
	 * them included: the case's history) */
	OWN_CHILD,
	/* the relations between the worker's clients */
	OWN_RELATION,
};

store_stmt *admin_db_read_extract(cw_db *db, const admin_table *t,
				  const char *worker, int *none)
{
	const char *where = extract_where[t - admin_tables];
	cw_buf sql;
	store_stmt *st;

	*none = where == NULL;
	if (!where)
		return NULL;
	if (!*where)
		return admin_db_read(db, t);
	cw_buf_init(&sql);
	cw_buf_printf(&sql, "SELECT * FROM %s WHERE %s ORDER BY %s", t->name,
		      where, t->key);
	st = store_prepare(db, sql.s);
	cw_buf_release(&sql);
	if (st)
		store_bind_text(st, 1, worker);
	store_hint_stream(st);
	return st;
}

store_stmt *admin_db_read(cw_db *db, const admin_table *t)
{
	cw_buf sql;
	store_stmt *st;

	cw_buf_init(&sql);
	cw_buf_printf(&sql, "SELECT * FROM %s ORDER BY %s", t->name, t->key);
	st = store_prepare(db, sql.s);
	cw_buf_release(&sql);
	store_hint_stream(st);
	return st;
}

int admin_db_count(cw_db *db, const char *table, int64_t *n)
{
	cw_buf sql;
	store_stmt *st;
	int r;

	cw_buf_init(&sql);
	cw_buf_printf(&sql, "SELECT count(*) FROM %s", table);
	st = store_prepare(db, sql.s);
	cw_buf_release(&sql);
	if (!st)
		return CW_EXIT_DB;
	r = store_one(st, "count the rows", n);
	store_finalize(st);
	return r < 0 ? CW_EXIT_DB : 0;
}

store_stmt *admin_db_insert(cw_db *db, const char *table,
			    const char *const *cols, int ncols, int nrows)
{
	cw_buf sql;
	store_stmt *st;
	int i;

	cw_buf_init(&sql);
	cw_buf_printf(&sql, "INSERT INTO %s (", table);
	for (i = 0; i < ncols; i++)
		cw_buf_printf(&sql, "%s%s", i ? ", " : "", cols[i]);
	cw_buf_addstr(&sql, ") VALUES ");
	for (i = 0; i < nrows; i++) {
		if (i)
			cw_buf_addstr(&sql, ", ");
		store_in_list(&sql, (size_t)ncols);
	}
	st = store_prepare(db, sql.s);
	cw_buf_release(&sql);
	return st;
}

int admin_db_worker_known(cw_db *db, const char *worker)
{
	store_stmt *st = store_prepare(db, "SELECT (SELECT count(*) FROM workers"
				       " WHERE name = ?1) + (SELECT count(*) FROM"
				       " cases WHERE worker = ?1)");
	int64_t n = 0;
	int r;

	if (!st)
		return CW_EXIT_DB;
	store_bind_text(st, 1, worker);
	r = store_one(st, "look up the worker", &n);
	store_finalize(st);
	if (r < 0)
		return CW_EXIT_DB;
	if (!n) {
		cw_error("no worker '%s': not on the roster, and no case is "
			 "assigned to that name", worker);
		return CW_EXIT_DATA;
	}
	return 0;
}
