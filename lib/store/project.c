/* store/project.c - the project a record names (casework.7, PROJECTS):
 * what sw-intake, sw-plan and sw-refer check of a case's, contact's,
 * group session's or referral's project before storing it. */
#include <stdlib.h>
#include <string.h>
#include "store/store.h"

static const char contract_sql[] =
	"SELECT id, start_date, end_date FROM projects WHERE code = ?";

/* The last project looked up, for one connection: a batch names the same
 * project record after record. */
static struct {
	uint64_t conn;
	char code[CORE_PROJECT_CODE_MAX + 1];
	int found;
	int64_t id;
	cw_date start, end;
} memo;

void store_project_forget(void)
{
	memo.conn = 0;
}

int store_project_contract(cw_db *db, const char *code, int64_t *id,
			   cw_date *start, cw_date *end)
{
	store_stmt *st;
	const char *why;
	int r;

	if (memo.conn == store_serial(db) && !strcmp(memo.code, code))
		goto answer;
	if (!(st = store_cached(db, contract_sql)))
		return -1;
	store_bind_text(st, 1, code);
	r = store_step(st);
	memo.found = r == STORE_ROW;
	if (r == STORE_ROW) {
		memo.id = store_col_int(st, 0);
		if (cw_date_parse(store_col_text(st, 1), &memo.start, &why) ||
		    cw_date_parse(store_col_text(st, 2), &memo.end, &why))
			r = STORE_ERROR;
	}
	store_reset(st);
	if (r == STORE_ERROR) {
		memo.conn = 0;
		store_fail(db, "read the projects");
		return -1;
	}
	memo.conn = store_serial(db);
	snprintf(memo.code, sizeof memo.code, "%s", code);
answer:
	if (!memo.found)
		return 0;
	*id = memo.id;
	*start = memo.start;
	*end = memo.end;
	return 1;
}

int store_project_code(cw_batch *b, const cw_record *rec, const char *hdr,
		       const char *code, const char *what)
{
	if (!code) {
		cw_batch_reject(b, rec, hdr, "required (%s)", what);
		return CW_REJECTED;
	}
	if (!core_project_code_valid(code)) {
		cw_batch_reject(b, rec, hdr, STORE_PROJECT_CODE_WHY);
		return CW_REJECTED;
	}
	return 0;
}

int store_project_check(cw_db *db, cw_batch *b, const cw_record *rec,
			const char *hdr, const char *code, cw_date date,
			const char *what)
{
	char d[11], s[11], e[11];
	cw_date start, end;
	int64_t id;
	int r;

	if (store_project_code(b, rec, hdr, code, "a project's code"))
		return CW_REJECTED;
	if (!db)
		return 0;
	if ((r = store_project_contract(db, code, &id, &start, &end)) < 0)
		return CW_EXIT_DB;
	if (!r) {
		cw_batch_reject(b, rec, hdr, "no project %s (see sw-project list)",
				code);
		return CW_REJECTED;
	}
	if (date < start || date > end) {
		cw_date_format(date, d);
		cw_date_format(start, s);
		cw_date_format(end, e);
		cw_batch_reject(b, rec, hdr, "%s %s is outside the contract of "
				"project %s (%s to %s)", what, d, code, s, e);
		return CW_REJECTED;
	}
	return 0;
}

static const char case_project_sql[] =
	"SELECT project FROM cases WHERE id = ?";

int store_project_case_check(cw_db *db, cw_batch *b, const cw_record *rec,
			     const char *hdr, int64_t case_id, cw_date date,
			     const char *what)
{
	store_stmt *st;
	char *code = NULL, d[11], s[11], e[11], caseid[32];
	cw_date start, end;
	int64_t id;
	int r, rc = 0;

	if (!db)
		return 0;
	if (!(st = store_cached(db, case_project_sql)))
		return CW_EXIT_DB;
	store_bind_int(st, 1, case_id);
	if (store_one_text(st, "read the cases", &code) < 0)
		return CW_EXIT_DB;
	if (!code)
		return 0;
	if ((r = store_project_contract(db, code, &id, &start, &end)) < 0)
		rc = CW_EXIT_DB;
	else if (r && (date < start || date > end)) {
		cw_date_format(date, d);
		cw_date_format(start, s);
		cw_date_format(end, e);
		cw_id_format(CW_K_CASE, case_id, caseid);
		cw_batch_reject(b, rec, hdr, "%s %s is outside the contract of "
				"project %s (%s to %s), the project of case %s, "
				"for which it counts (give it a project of its own)",
				what, d, code, s, e, caseid);
		rc = CW_REJECTED;
	}
	free(code);
	return rc;
}

/* a group session's attendance is named by its session; a referral is
 * dated by its first event, its drafting */
static const char case_outside_sql[] =
	"SELECT id, date FROM ("
	" SELECT CASE WHEN session_id IS NULL THEN 'CT-' || id"
	"  ELSE 'GS-' || session_id END AS id, date, 0 AS k, id AS n"
	"  FROM contacts WHERE case_id = ?1 AND project IS NULL"
	"  AND (date < ?2 OR date > ?3)"
	" UNION ALL"
	" SELECT 'RF-' || r.id, e.date, 1, r.id FROM referrals r"
	"  JOIN referral_events e ON e.referral_id = r.id AND e.from_state IS NULL"
	"  WHERE r.case_id = ?1 AND r.project IS NULL"
	"  AND (e.date < ?2 OR e.date > ?3)) x"
	" ORDER BY date, k, n LIMIT 1";

int store_project_case_outside(cw_db *db, int64_t case_id, cw_date start,
			       cw_date end, char **id, char **date)
{
	store_stmt *st = store_cached(db, case_outside_sql);
	char s[11], e[11], *v[2] = {NULL, NULL};
	int r;

	*id = *date = NULL;
	if (!st)
		return -1;
	cw_date_format(start, s);
	cw_date_format(end, e);
	store_bind_int(st, 1, case_id);
	store_bind_text(st, 2, s);
	store_bind_text(st, 3, e);
	r = store_one_texts(st, "read the records of a case", 2, v);
	*id = v[0];
	*date = v[1];
	return r;
}
