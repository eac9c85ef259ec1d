/* intake/workers.c - the optional roster of workers cases may be assigned to. */
#include <stdlib.h>
#include <string.h>
#include "intake/intake.h"

static const cw_col roster_cols[INTAKE_ROSTER_COLS] = {
	{"worker", 0}, {"role", 0}, {"team", 0}, {"open_cases", 1},
	{"added_at", 0},
};

int intake_workers_list(const cw_ctx *x, enum cw_format fmt)
{
	store_stmt *st = intake_db_roster(x->db);
	int rc = st ? store_print(x->db, x->out, st, roster_cols,
				  INTAKE_ROSTER_COLS, fmt) : CW_EXIT_DB;
	store_finalize(st);
	return rc;
}

/* A worker's name is how cases name them, so it is checked like any text
 * a person typed: valid UTF-8 and something there (white space alone is
 * no name). So is a team's, which may be empty (no team). */
int intake_workers_check(char **names, size_t n, const intake_roster_opts *o)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (!cw_utf8_valid(names[i], strlen(names[i]), NULL) ||
		    cw_utf8_blank(names[i]))
			return cw_usage_error("worker name %zu is empty, white space "
					      "alone or not valid UTF-8", i + 1);
	if (o->role && !store_vocab_canon(&store_vocab_worker_role, o->role))
		return cw_usage_error("option '--role': use worker or supervisor "
				      "(社工, 督导)");
	if (o->team && (!cw_utf8_valid(o->team, strlen(o->team), NULL) ||
			(*o->team && cw_utf8_blank(o->team))))
		return cw_usage_error("option '--team': white space alone or not "
				      "valid UTF-8 (an empty team is none)");
	if (o->set && !o->role && !o->team)
		return cw_usage_error("'workers --set' needs --role or --team");
	return 0;
}

/* The entry of names[i] as it now is, to w and (with before, the entry
 * as it was) to ids. */
static int report_entry(const cw_ctx *x, int64_t id, char **before,
			cw_writer *w, cw_audit_ids *ids)
{
	char *v[INTAKE_ROSTER_COLS] = {0};
	int changed[INTAKE_ROSTER_COLS] = {0};
	cw_buf json;
	size_t c;
	int r;

	if ((r = intake_db_roster_entry(x->db, id, v)) < 0)
		return CW_EXIT_DB;
	if (r) {
		cw_writer_row(w, (const char *const *)v);
		cw_buf_init(&json);
		if (before) {
			/* role and team: what --set changes */
			changed[1] = changed[2] = 1;
			cw_json_change(&json, roster_cols, INTAKE_ROSTER_COLS,
				       before, (const char *const *)v, changed);
		} else {
			cw_json_record(&json, roster_cols, INTAKE_ROSTER_COLS,
				       (const char *const *)v);
		}
		cw_audit_ids_add(ids, id, json.s, json.len);
		cw_buf_release(&json);
	}
	for (c = 0; c < INTAKE_ROSTER_COLS; c++)
		free(v[c]);
	return 0;
}

/* Adds names[i] to the roster in batch, or with o->set changes its
 * entry: the entry goes to w and ids; a name already on it (adding) or
 * not on it (changing) is counted in *skipped. 0 or an exit code. */
static int write_one(const cw_ctx *x, char **names, size_t i,
		     const intake_roster_opts *o, const char *now,
		     int64_t batch, cw_writer *w, cw_audit_ids *ids,
		     long *skipped)
{
	char *before[INTAKE_ROSTER_COLS] = {0};
	int64_t id;
	size_t c;
	int r, rc;

	if (!o->set) {
		r = intake_db_roster_add(x->db, names[i], o->role, o->team, now,
					 batch, &id);
		if (r < 0)
			return CW_EXIT_DB;
		if (!r) {
			cw_error("argument %zu: skipped: already on the roster", i + 1);
			(*skipped)++;
			return 0;
		}
		return report_entry(x, id, NULL, w, ids);
	}
	if ((r = intake_db_roster_find(x->db, names[i], &id)) < 0 ||
	    (r && (r = intake_db_roster_entry(x->db, id, before)) < 0))
		return CW_EXIT_DB;
	if (!r) {
		cw_error("argument %zu: skipped: not on the roster", i + 1);
		(*skipped)++;
		return 0;
	}
	if (intake_db_roster_set(x->db, id, o->role, o->team) < 0)
		rc = CW_EXIT_DB;
	else
		rc = report_entry(x, id, before, w, ids);
	for (c = 0; c < INTAKE_ROSTER_COLS; c++)
		free(before[c]);
	return rc;
}

int intake_workers_write(const cw_ctx *x, char **names, size_t n,
			 const intake_roster_opts *given, enum cw_format fmt)
{
	intake_roster_opts canon = *given, *o = &canon;
	cw_audit_ids *ids = NULL;
	cw_writer *w = NULL;
	FILE *spool = NULL;
	int64_t batch;
	long skipped = 0;
	size_t i;
	int rc;
	char now[21], bt[32];

	if (o->role)    /* 督导 is supervisor */
		o->role = store_vocab_canon(&store_vocab_worker_role, o->role);
	if ((rc = cw_db_begin(x->db, x->user, "workers", &batch)) != 0)
		return rc;
	ids = cw_audit_ids_new(CW_K_WORKER);
	if (!(spool = tmpfile())) {
		cw_error("cannot create a temporary file");
		rc = CW_EXIT_IO;
		cw_db_rollback(x->db);
		goto out;
	}
	w = cw_writer_new(spool, fmt, roster_cols, INTAKE_ROSTER_COLS);
	cw_utc_now(now);
	for (i = 0; i < n && !rc; i++)
		rc = write_one(x, names, i, o, now, batch, w, ids, &skipped);
	if (!rc)
		rc = cw_audit_ids_write(x->db, ids, o->set ? "update" : "insert");
	if (!rc)
		rc = cw_db_commit(x->db);
	else
		cw_db_rollback(x->db);
	if (rc)
		goto out;
	cw_id_format(CW_K_BATCH, batch, bt);
	cw_error("batch %s: %zu read, %ld stored, %ld skipped, 0 rejected", bt, n,
		 (long)n - skipped, skipped);
	if (cw_writer_finish(w) == 0) {
		char buf[4096];
		size_t got;
		rewind(spool);
		while ((got = fread(buf, 1, sizeof buf, spool)) > 0)
			fwrite(buf, 1, got, x->out);
	} else {
		rc = cw_writer_failed(w, 0);
	}
out:
	cw_writer_free(w);
	if (spool)
		fclose(spool);
	cw_audit_ids_free(ids);
	return rc;
}
