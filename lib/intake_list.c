/* intake_list.c - listing and showing clients and cases. */
#include <stdlib.h>
#include <string.h>
#include "intake_priv.h"

int cw_intake_list(const char *db_path, const cw_config *cfg,
		   const cw_intake_query *q, enum cw_format fmt)
{
	cw_db *db;
	sqlite3_stmt *st;
	cw_buf sql;
	char since[11], until[11];
	int rc;

	if (q->status && strcmp(q->status, "open") && strcmp(q->status, "closed"))
		return cw_usage_error("option '--status': use open or closed");
	if ((rc = cw_db_open(&db, db_path, CW_DB_READ, cfg)) != 0)
		return rc;
	cw_buf_init(&sql);
	/* Clients are selected through their cases: a worker's clients are
	 * those with a case assigned to the worker. */
	if (q->clients)
		cw_buf_printf(&sql, "%s WHERE EXISTS (SELECT 1 FROM cases k WHERE"
			      " k.client_id = c.id", cw_client_select);
	else
		cw_buf_printf(&sql, "%s WHERE 1", cw_case_select);
	cw_buf_addstr(&sql, " AND (?1 IS NULL OR k.worker = ?1)"
		      " AND (?2 IS NULL OR k.status = ?2)"
		      " AND (?3 IS NULL OR k.intake_date >= ?3)"
		      " AND (?4 IS NULL OR k.intake_date <= ?4)");
	cw_buf_addstr(&sql, q->clients ? ") ORDER BY c.id" : " ORDER BY k.id");
	st = cw_db_prepare(db, sql.s);
	cw_buf_release(&sql);
	if (!st) {
		cw_db_free(db);
		return CW_EXIT_DB;
	}
	cw_date_format(q->since, since);
	cw_date_format(q->until, until);
	cw_db_bind_text(st, 1, q->worker);
	cw_db_bind_text(st, 2, q->status);
	cw_db_bind_text(st, 3, q->has_since ? since : NULL);
	cw_db_bind_text(st, 4, q->has_until ? until : NULL);
	rc = q->clients ? cw_db_print(db, st, cw_client_cols, NCLIENT, fmt)
			: cw_db_print(db, st, cw_case_cols, NF, fmt);
	sqlite3_finalize(st);
	cw_db_free(db);
	return rc;
}

/* Refuses what is not a client or case id, naming what it is instead. */
int intake_parse_id(const char *id, enum cw_kind *kind, int64_t *num)
{
	if (cw_id_parse(id, kind, num)) {
		cw_error("'%s' is not an id: give a client (CL-n) or case (CA-n) id", id);
		return CW_EXIT_DATA;
	}
	if (*kind != CW_K_CLIENT && *kind != CW_K_CASE) {
		const char *k = cw_kind_name(*kind);
		cw_error("'%s' is %s %s id: give a client (CL-n) or case (CA-n) id",
			 id, strchr("aeiou", k[0]) ? "an" : "a", k);
		return CW_EXIT_DATA;
	}
	return 0;
}

int cw_intake_show(const char *db_path, const cw_config *cfg, const char *id,
		   enum cw_format fmt)
{
	cw_db *db;
	sqlite3_stmt *st;
	enum cw_kind kind;
	int64_t num;
	char sql[1536];
	int rc;

	if ((rc = intake_parse_id(id, &kind, &num)) != 0)
		return rc;
	if ((rc = cw_db_open(&db, db_path, CW_DB_READ, cfg)) != 0)
		return rc;
	snprintf(sql, sizeof sql, "%s WHERE %s = ?",
		 kind == CW_K_CLIENT ? cw_client_select : cw_case_select,
		 kind == CW_K_CLIENT ? "c.id" : "k.id");
	st = cw_db_prepare(db, sql);
	if (!st) {
		cw_db_free(db);
		return CW_EXIT_DB;
	}
	sqlite3_bind_int64(st, 1, num);
	/* Look before printing: a missing record prints nothing at all, not
	 * the empty selection of the machine formats. */
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_DONE) {
		cw_error("no %s %s", cw_kind_name(kind), id);
		rc = CW_EXIT_DATA;
	} else if (rc != SQLITE_ROW) {
		rc = cw_db_fail(db, "read a record");
	} else {
		rc = kind == CW_K_CLIENT ? cw_db_print(db, st, cw_client_cols, NCLIENT, fmt)
					 : cw_db_print(db, st, cw_case_cols, NF, fmt);
	}
	sqlite3_finalize(st);
	cw_db_free(db);
	return rc;
}
