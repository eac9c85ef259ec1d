/* intake/unlink.c - undoing the link of a case to a known client made at
 * intake (sw-intake unlink). */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>
#include <cJSON.h>
#include "intake/intake.h"

/* Rebuilds the client fields a linked case's record gave at intake. */
static int parse_snapshot(const char *json, struct row *r)
{
	cJSON *o = cJSON_Parse(json);
	int i;
	if (!cJSON_IsObject(o)) {
		cJSON_Delete(o);
		return -1;
	}
	for (i = 0; i < NCLIENT; i++) {
		int f = intake_client_field[i];
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, intake_case_cols[f].name);
		if (cJSON_IsString(v) && intake_fields[f].kind != FK_READONLY)
			r->v[f] = cw_xstrdup(v->valuestring);
	}
	cJSON_Delete(o);
	return r->v[F_NAME] ? 0 : -1;
}

int intake_unlink_check(const char *id)
{
	enum cw_kind kind;
	int64_t num;
	if (cw_id_parse(id, &kind, &num) || kind != CW_K_CASE) {
		cw_error("'%s' is not a case id (CA-n)", id);
		return CW_EXIT_DATA;
	}
	return 0;
}

int intake_unlink(const cw_ctx *x, const char *id, enum cw_format fmt)
{
	struct intake_db s;
	struct row r;
	cw_db *db = x->db;
	enum cw_kind kind;
	int64_t num, batch, client = 0;
	char *snap = NULL, *stored[NF] = {0}, now[21], idbuf[32];
	cw_buf detail;
	int rc, f;
	const char *v[NF];
	cw_writer *w;

	if ((rc = intake_unlink_check(id)) != 0)
		return rc;
	cw_id_parse(id, &kind, &num);
	memset(&r, 0, sizeof r);
	cw_buf_init(&detail);
	intake_db_init(&s, db, 1);
	if ((rc = cw_db_begin(db, x->user, "unlink", &batch)) != 0)
		goto out;
	rc = intake_db_load(&s, 0, num, stored);
	if (rc != 1) {
		if (!rc)
			cw_error("no case %s", id);
		rc = rc ? CW_EXIT_DB : CW_EXIT_DATA;
		goto rollback;
	}
	if (!stored[F_LINKED_BY]) {
		cw_error("%s was not linked to a known client at intake", stored[F_CASE_ID]);
		rc = CW_EXIT_DATA;
		goto rollback;
	}
	if ((rc = intake_db_snapshot(&s, num, &snap)) != 0)
		goto rollback;
	if (!snap || parse_snapshot(snap, &r)) {
		cw_error("%s has no readable intake record to rebuild its client from",
			 stored[F_CASE_ID]);
		rc = CW_EXIT_DB;
		goto rollback;
	}
	if (r.v[F_ID_NUMBER]) {
		struct intake_cand c[8];
		char *key = intake_name_key(r.v[F_NAME]);
		int n = intake_db_candidates(&s, 0, &r, key, c, 8);
		free(key);
		if (n < 0) {
			rc = CW_EXIT_DB;
			goto rollback;
		}
		if (n > 0) {
			cw_id_format(CW_K_CLIENT, c[0].id, idbuf);
			cw_error("%s: the identity number its intake record gave is "
				 "registered to client %s, and one number names one "
				 "person: correct it with update first",
				 stored[F_CASE_ID], idbuf);
			rc = CW_EXIT_DATA;
			goto rollback;
		}
	}
	cw_utc_now(now);
	r.v[F_CREATED_AT] = cw_xstrdup(now);
	if ((rc = intake_db_insert_client(&s, &r, batch, &client)) != 0 ||
	    (rc = intake_db_relink(&s, num, client, now)) != 0)
		goto rollback;
	cw_id_format(CW_K_CLIENT, client, idbuf);
	cw_buf_printf(&detail, "{\"records\":1,\"unlinked\":\"%s\"}", stored[F_CASE_ID]);
	if ((rc = cw_audit_append(db, "insert", CW_K_CLIENT, idbuf, detail.s)) != 0)
		goto rollback;
	cw_buf_reset(&detail);
	cw_buf_addstr(&detail, "{\"before\":{\"client_id\":");
	cw_json_quote(&detail, stored[F_CLIENT_ID], strlen(stored[F_CLIENT_ID]));
	cw_buf_addstr(&detail, ",\"linked_by\":");
	cw_json_quote(&detail, stored[F_LINKED_BY], strlen(stored[F_LINKED_BY]));
	cw_buf_addstr(&detail, "},\"after\":{\"client_id\":");
	cw_json_quote(&detail, idbuf, strlen(idbuf));
	cw_buf_addstr(&detail, ",\"linked_by\":null}}");
	if ((rc = cw_audit_append(db, "unlink", CW_K_CASE, stored[F_CASE_ID], detail.s)) != 0)
		goto rollback;
	if ((rc = cw_db_commit(db)) != 0)
		goto out;
	for (f = 0; f < NF; f++) {
		free(stored[f]);
		stored[f] = NULL;
	}
	if (intake_db_load(&s, 0, num, stored) != 1) {
		rc = CW_EXIT_DB;
		goto out;
	}
	for (f = 0; f < NF; f++)
		v[f] = stored[f];
	w = cw_writer_new(x->out, fmt, intake_case_cols, NF);
	cw_writer_row(w, v);
	if (cw_writer_finish(w)) {
		rc = cw_writer_failed(w, 0);
	}
	cw_writer_free(w);
	goto out;
rollback:
	cw_db_rollback(db);
out:
	for (f = 0; f < NF; f++)
		free(stored[f]);
	free(snap);
	intake_row_release(&r);
	cw_buf_release(&detail);
	intake_db_release(&s);
	return rc;
}
