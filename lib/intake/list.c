/* intake/list.c - listing and showing clients and cases. */
#include <stdlib.h>
#include <string.h>
#include "intake/intake.h"

/* What a pseudonymised list does with each field (sw-intake(1),
 * PSEUDONYMS): ids become pseudonyms, direct identifiers, the client's
 * free text (household, language) and the case's (with the agency's own
 * reference) are left out, the birth date keeps its year; the rest is
 * printed as it is. */
enum pseudo_action { PA_KEEP, PA_EMPTY, PA_YEAR, PA_CLIENT, PA_CASE };
static const enum pseudo_action pseudo_action[NF] = {
	[F_CASE_ID] = PA_CASE, [F_CLIENT_ID] = PA_CLIENT,
	[F_NAME] = PA_EMPTY, [F_BIRTH_DATE] = PA_YEAR,
	[F_ID_NUMBER] = PA_EMPTY, [F_PHONE] = PA_EMPTY,
	[F_ADDRESS] = PA_EMPTY, [F_HOUSEHOLD] = PA_EMPTY, [F_LANGUAGE] = PA_EMPTY,
	[F_REFERRAL_SOURCE] = PA_EMPTY, [F_PRESENTING_PROBLEM] = PA_EMPTY,
	[F_EXTERNAL_REF] = PA_EMPTY, [F_NOTES] = PA_EMPTY,
};

/* store_print with the fields pseudonymised: st gives the columns of
 * intake_client_cols (clients) or intake_case_cols, ids as "CL-n" and "CA-n",
 * which are the text each pseudonym is made from. */
static int print_pseudonymised(cw_db *db, store_stmt *st, int clients,
			       const cw_pseudonym *ps, enum cw_format fmt)
{
	const cw_col *cols = clients ? intake_client_cols : intake_case_cols;
	size_t ncols = clients ? NCLIENT : NF, i;
	enum pseudo_action act[NF];
	const char *vals[NF];
	char client[32], kase[32], year[5];
	const char *v;
	cw_writer *w = cw_writer_new(stdout, fmt, cols, ncols);
	int r, rc = 0;

	for (i = 0; i < ncols; i++)
		act[i] = pseudo_action[clients ? intake_client_field[i] : (int)i];
	while ((r = store_step_out(st, w)) == STORE_ROW) {
		for (i = 0; i < ncols; i++) {
			v = store_col_text(st, (int)i);
			switch (act[i]) {
			case PA_KEEP:
				break;
			case PA_EMPTY:
				v = NULL;
				break;
			case PA_YEAR:
				if (v && strlen(v) >= 4) {
					memcpy(year, v, 4);
					year[4] = '\0';
					v = year;
				}
				break;
			case PA_CLIENT:
			case PA_CASE:
				if (v) {
					char *o = act[i] == PA_CLIENT ? client : kase;
					cw_pseudonym_make(ps, act[i] == PA_CLIENT ? "PS-" : "PC-",
							  v, (size_t)store_col_bytes(st, (int)i), o);
					v = o;
				}
				break;
			}
			vals[i] = v;
		}
		cw_writer_row(w, vals);
	}
	if (r != STORE_DONE)
		rc = store_fail(db, "read records");
	return cw_writer_end(w, rc);
}

int intake_list(const char *db_path, const cw_config *cfg,
		   const cw_intake_query *q, enum cw_format fmt)
{
	cw_db *db;
	store_stmt *st;
	cw_buf sql;
	cw_pseudonym *ps = NULL;
	char since[11], until[11];
	int rc;

	if (q->status && store_vocab_index(&store_vocab_case_status, q->status) < 0)
		return cw_usage_error("option '--status': use open or closed");
	/* The key first: a refused key prints nothing on standard output. */
	if (q->pseudonymise && (rc = cw_pseudonym_open(&ps, cfg)) != 0)
		return rc;
	if ((rc = cw_db_open(&db, db_path, CW_DB_READ, cfg)) != 0) {
		cw_pseudonym_free(ps);
		return rc;
	}
	cw_buf_init(&sql);
	/* Clients are selected through their cases: a worker's clients are
	 * those with a case assigned to the worker. */
	if (q->clients)
		cw_buf_printf(&sql, "%s WHERE EXISTS (SELECT 1 FROM cases k WHERE"
			      " k.client_id = c.id", intake_client_select);
	else
		cw_buf_printf(&sql, "%s WHERE 1", intake_case_select);
	cw_buf_addstr(&sql, " AND (?1 IS NULL OR k.worker = ?1)"
		      " AND (?2 IS NULL OR k.status = ?2)"
		      " AND (?3 IS NULL OR k.intake_date >= ?3)"
		      " AND (?4 IS NULL OR k.intake_date <= ?4)");
	cw_buf_addstr(&sql, q->clients ? ") ORDER BY c.id" : " ORDER BY k.id");
	st = store_prepare(db, sql.s);
	cw_buf_release(&sql);
	if (!st) {
		cw_db_free(db);
		cw_pseudonym_free(ps);
		return CW_EXIT_DB;
	}
	cw_date_format(q->since, since);
	cw_date_format(q->until, until);
	store_bind_text(st, 1, q->worker);
	store_bind_text(st, 2, q->status);
	store_bind_text(st, 3, q->has_since ? since : NULL);
	store_bind_text(st, 4, q->has_until ? until : NULL);
	if (ps)
		rc = print_pseudonymised(db, st, q->clients, ps, fmt);
	else
		rc = q->clients ? store_print(db, stdout, st, intake_client_cols, NCLIENT, fmt)
				: store_print(db, stdout, st, intake_case_cols, NF, fmt);
	store_finalize(st);
	cw_db_free(db);
	cw_pseudonym_free(ps);
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

int intake_show(const char *db_path, const cw_config *cfg, const char *id,
		   enum cw_format fmt)
{
	cw_db *db;
	store_stmt *st;
	enum cw_kind kind;
	int64_t num;
	char sql[1536];
	int rc;

	if ((rc = intake_parse_id(id, &kind, &num)) != 0)
		return rc;
	if ((rc = cw_db_open(&db, db_path, CW_DB_READ, cfg)) != 0)
		return rc;
	snprintf(sql, sizeof sql, "%s WHERE %s = ?",
		 kind == CW_K_CLIENT ? intake_client_select : intake_case_select,
		 kind == CW_K_CLIENT ? "c.id" : "k.id");
	st = store_prepare(db, sql);
	if (!st) {
		cw_db_free(db);
		return CW_EXIT_DB;
	}
	store_bind_int(st, 1, num);
	/* Look before printing: a missing record prints nothing at all, not
	 * the empty selection of the machine formats. */
	rc = store_step(st);
	store_reset(st);
	if (rc == STORE_DONE) {
		cw_error("no %s %s", cw_kind_name(kind), id);
		rc = CW_EXIT_DATA;
	} else if (rc != STORE_ROW) {
		rc = store_fail(db, "read a record");
	} else {
		rc = kind == CW_K_CLIENT ? store_print(db, stdout, st, intake_client_cols, NCLIENT, fmt)
					 : store_print(db, stdout, st, intake_case_cols, NF, fmt);
	}
	store_finalize(st);
	cw_db_free(db);
	return rc;
}
