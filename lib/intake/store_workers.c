/* intake/store_workers.c - the SQL of the worker roster: listing it,
 * adding to it, and whether a name may be assigned a case. */
#include <stdlib.h>
#include <string.h>
#include "intake/intake.h"

/* The roster's columns: the name, role, team, the worker's open cases,
 * when added. */
#define ROSTER_SELECT \
	"SELECT w.name, w.role, w.team, (SELECT count(*) FROM cases k" \
	" WHERE k.worker = w.name AND k.status = 'open'), w.added_at" \
	" FROM workers w"
static const char roster_sql[] = ROSTER_SELECT " ORDER BY w.id";
static const char roster_entry_sql[] = ROSTER_SELECT " WHERE w.id = ?";
static const char roster_add_sql[] =
	"INSERT INTO workers (name, role, team, added_at, batch_id)"
	" VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";
static const char roster_find_sql[] = "SELECT id FROM workers WHERE name = ?";
/* ?1 the role or NULL (kept), ?2 1 when the team is given, ?3 the team
 * ("" none) */
static const char roster_set_sql[] =
	"UPDATE workers SET role = coalesce(?1, role), team = CASE WHEN ?2 = 1"
	" THEN nullif(?3, '') ELSE team END WHERE id = ?4";

store_stmt *intake_db_roster(cw_db *db)
{
	return store_prepare(db, roster_sql);
}

/* What intake_roster_allows answered, by name, for one connection: a
 * command runs one verb, whose batch holds the write lock (or reads one
 * snapshot), so the roster does not change under it. Each name is asked
 * of the database once: on a server, a round trip saved a record. */
static struct {
	uint64_t conn;          /* store_serial of the connection */
	core_map seen;          /* cw_hash(name) -> index + 1 in names */
	char **names;
	unsigned char *allowed;
	size_t n;
} roster_memo;

static void memo_reset(uint64_t conn)
{
	while (roster_memo.n)
		free(roster_memo.names[--roster_memo.n]);
	free(roster_memo.names);
	free(roster_memo.allowed);
	core_map_release(&roster_memo.seen);
	memset(&roster_memo, 0, sizeof roster_memo);
	roster_memo.conn = conn;
}

/* At exit: the memo's memory given back, so that nothing is left
 * reachable (valgrind's check counts what is). */
static void memo_release(void)
{
	memo_reset(0);
}

int intake_db_roster_add(cw_db *db, const char *name, const char *role,
			 const char *team, const char *now, int64_t batch,
			 int64_t *id)
{
	store_stmt *st = store_cached(db, roster_add_sql);
	int r;

	memo_reset(0);          /* the roster changes */
	if (!st)
		return -1;
	store_bind_text(st, 1, name);
	store_bind_text(st, 2, role ? role : "worker");
	if (team && *team)
		store_bind_text(st, 3, team);
	else
		store_bind_null(st, 3);
	store_bind_text(st, 4, now);
	store_bind_int(st, 5, batch);
	r = store_step(st);
	store_reset(st);
	if (r != STORE_DONE) {
		store_fail(db, "add a worker");
		return -1;
	}
	if (!store_changes(db))
		return 0;
	*id = store_last_id(db);
	return 1;
}

int intake_db_roster_entry(cw_db *db, int64_t id, char *out[INTAKE_ROSTER_COLS])
{
	store_stmt *st = store_cached(db, roster_entry_sql);
	int r, c;

	if (!st)
		return -1;
	store_bind_int(st, 1, id);
	r = store_step(st);
	if (r == STORE_ROW)
		for (c = 0; c < INTAKE_ROSTER_COLS; c++) {
			const char *t = store_col_text(st, c);
			out[c] = t ? cw_xstrdup(t) : NULL;
		}
	store_reset(st);
	if (r == STORE_ROW)
		return 1;
	if (r == STORE_DONE)
		return 0;
	store_fail(db, "read the worker roster");
	return -1;
}

int intake_db_roster_find(cw_db *db, const char *name, int64_t *id)
{
	store_stmt *st = store_cached(db, roster_find_sql);

	if (!st)
		return -1;
	store_bind_text(st, 1, name);
	return store_one(st, "read the worker roster", id);
}

int intake_db_roster_set(cw_db *db, int64_t id, const char *role,
			 const char *team)
{
	store_stmt *st = store_cached(db, roster_set_sql);

	memo_reset(0);
	if (!st)
		return -1;
	if (role)
		store_bind_text(st, 1, role);
	else
		store_bind_null(st, 1);
	store_bind_int(st, 2, team != NULL);
	store_bind_text(st, 3, team ? team : "");
	store_bind_int(st, 4, id);
	return store_write(st, "change a worker", NULL) ? -1 : 0;
}

int intake_roster_allows(cw_db *db, const char *name)
{
	static const char sql[] = "SELECT CASE WHEN NOT EXISTS"
		" (SELECT 1 FROM workers) OR EXISTS (SELECT 1"
		" FROM workers WHERE name = ?) THEN 1 ELSE 0 END";
	store_stmt *st;
	uint64_t key, *slot;
	int r;

	if (!db)
		return 1;
	if (roster_memo.conn != store_serial(db))
		memo_reset(store_serial(db));
	key = cw_hash(name, strlen(name));
	key += !key;
	slot = core_map_get(&roster_memo.seen, key);
	if (slot && !strcmp(roster_memo.names[*slot - 1], name))
		return roster_memo.allowed[*slot - 1];
	if (!(st = store_cached(db, sql)))
		return -1;
	store_bind_text(st, 1, name);
	r = store_step(st);
	if (r == STORE_ROW) {
		r = store_col_int(st, 0) != 0;
	} else {
		store_fail(db, "read the worker roster");
		r = -1;
	}
	store_reset(st);
	if (r >= 0 && !slot) {
		static int released_at_exit;
		if (!released_at_exit++)
			atexit(memo_release);
		roster_memo.names = cw_xrealloc(roster_memo.names,
			(roster_memo.n + 1) * sizeof *roster_memo.names);
		roster_memo.allowed = cw_xrealloc(roster_memo.allowed,
			roster_memo.n + 1);
		roster_memo.names[roster_memo.n] = cw_xstrdup(name);
		roster_memo.allowed[roster_memo.n++] = (unsigned char)r;
		*core_map_put(&roster_memo.seen, key, NULL) = roster_memo.n;
	}
	return r;
}
