/* intake/list.c - listing and showing clients and cases. */
#include <stdlib.h>
#include <string.h>
#include "intake/intake.h"

/* What a pseudonymised list does with each field (sw-intake(1),
 * PSEUDONYMS): ids become pseudonyms, direct identifiers (the emergency
 * contact's too), the client's
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
	[F_EMERGENCY_NAME] = PA_EMPTY, [F_EMERGENCY_RELATIONSHIP] = PA_EMPTY,
	[F_EMERGENCY_PHONE] = PA_EMPTY, [F_HOUSEHOLD_ID] = PA_EMPTY,
};

/* store_print with the fields pseudonymised: st gives the columns of
 * intake_client_cols (clients) or intake_case_cols, ids as "CL-n" and "CA-n",
 * which are the text each pseudonym is made from. */
static int print_pseudonymised(const cw_ctx *x, store_stmt *st, int clients,
			       const cw_pseudonym *ps, enum cw_format fmt)
{
	const cw_col *cols = clients ? intake_client_cols : intake_case_cols;
	size_t ncols = clients ? NCLIENT : NF, i;
	enum pseudo_action act[NF];
	const char *vals[NF];
	char client[32], kase[32], year[5];
	const char *v;
	cw_writer *w = cw_writer_new(x->out, fmt, cols, ncols);
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
		rc = store_fail(x->db, "read records");
	return cw_writer_end(w, rc);
}

int intake_list_check(const cw_ctx *x, const cw_intake_query *q)
{
	cw_pseudonym *ps = NULL;
	int rc;

	if (q->status && store_vocab_index(&store_vocab_case_status, q->status) < 0)
		return cw_usage_error("option '--status': use open or closed");
	if (q->pseudonymise && (rc = cw_pseudonym_open(&ps, x->cfg)) != 0)
		return rc;
	cw_pseudonym_free(ps);
	return 0;
}

int intake_list(const cw_ctx *x, const cw_intake_query *q, enum cw_format fmt)
{
	store_stmt *st;
	cw_pseudonym *ps = NULL;
	char since[11], until[11];
	int rc;

	/* The key first: a refused key prints nothing on standard output. */
	if (q->pseudonymise && (rc = cw_pseudonym_open(&ps, x->cfg)) != 0)
		return rc;
	cw_date_format(q->since, since);
	cw_date_format(q->until, until);
	st = intake_db_list(x->db, q->clients, q->worker, q->status,
			    q->has_since ? since : NULL, q->has_until ? until : NULL);
	if (!st)
		rc = CW_EXIT_DB;
	else if (ps)
		rc = print_pseudonymised(x, st, q->clients, ps, fmt);
	else
		rc = q->clients ? store_print(x->db, x->out, st, intake_client_cols, NCLIENT, fmt)
				: store_print(x->db, x->out, st, intake_case_cols, NF, fmt);
	store_finalize(st);
	cw_pseudonym_free(ps);
	return rc;
}

/* Refuses what is not a client or case id, naming what it is instead. */
int intake_parse_id(const char *id, enum cw_kind *kind, int64_t *num)
{
	if (cw_id_parse(id, kind, num)) {
		cw_error("'%s' is not an id: give a client (CL-n), case (CA-n) "
			 "or consent (CN-n) id", id);
		return CW_EXIT_DATA;
	}
	if (*kind != CW_K_CLIENT && *kind != CW_K_CASE) {
		const char *k = cw_kind_name(*kind);
		cw_error("'%s' is %s %s id: give a client (CL-n), case (CA-n) or "
			 "consent (CN-n) id",
			 id, strchr("aeiou", k[0]) ? "an" : "a", k);
		return CW_EXIT_DATA;
	}
	return 0;
}

int intake_show_check(const char *id, int consents)
{
	enum cw_kind kind;
	int64_t num;

	if (!cw_id_parse(id, &kind, &num) && kind == CW_K_CONSENT && !consents)
		return 0;
	if (intake_parse_id(id, &kind, &num))
		return CW_EXIT_DATA;
	if (consents && kind != CW_K_CLIENT)
		return cw_usage_error("'--consents' lists a client's consents: "
				      "give a client id (CL-n)");
	return 0;
}

int intake_show(const cw_ctx *x, const char *id, int consents,
		enum cw_format fmt)
{
	store_stmt *st;
	enum cw_kind kind;
	int64_t num;
	int rc;

	if (!cw_id_parse(id, &kind, &num) && kind == CW_K_CONSENT)
		return intake_consents_show(x, 0, num, fmt);
	if ((rc = intake_parse_id(id, &kind, &num)) != 0)
		return rc;
	if (consents)
		return intake_consents_show(x, num, 0, fmt);
	if (!(st = intake_db_record(x->db, kind == CW_K_CLIENT, num)))
		return CW_EXIT_DB;
	/* Look before printing: a missing record prints nothing at all, not
	 * the empty selection of the machine formats. */
	rc = store_step(st);
	store_reset(st);
	if (rc == STORE_DONE) {
		cw_error("no %s %s", cw_kind_name(kind), id);
		rc = CW_EXIT_DATA;
	} else if (rc != STORE_ROW) {
		rc = store_fail(x->db, "read a record");
	} else {
		rc = kind == CW_K_CLIENT ? store_print(x->db, x->out, st, intake_client_cols, NCLIENT, fmt)
					 : store_print(x->db, x->out, st, intake_case_cols, NF, fmt);
	}
	store_finalize(st);
	/* for people, the client's family follows (relations.c) */
	if (!rc && kind == CW_K_CLIENT && fmt == CW_FMT_TABLE)
		rc = intake_family_print(x, num);
	return rc;
}
