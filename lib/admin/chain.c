/* admin/chain.c - sw-admin verify and head, and the switch of the audit
 * chain to format 2 that sw-admin upgrade makes (store/audit.c). */
#include <stdlib.h>
#include <string.h>
#include "admin/admin.h"

/* A head as head prints it: "AU-n:" and 64 hex digits: 0, or -1. */
static int parse_head(const char *s, long long *id, char hash[65])
{
	char *end;
	size_t i;

	if (strncmp(s, "AU-", 3) || s[3] < '1' || s[3] > '9')
		return -1;
	*id = strtoll(s + 3, &end, 10);
	if (*end != ':' || strlen(end + 1) != 64)
		return -1;
	for (i = 0; i < 64; i++)
		if (!strchr("0123456789abcdef", end[1 + i]))
			return -1;
	memcpy(hash, end + 1, 65);
	return 0;
}

int admin_verify_check(const char *head)
{
	long long id;
	char hash[65];

	if (head && parse_head(head, &id, hash))
		return cw_usage_error("--head must be a head as sw-admin head "
				      "prints it, AU-n:HASH (64 hex digits), "
				      "not '%s'", head);
	return 0;
}

/* "AU-n:HASH" of the chain's head into out ("" when the trail is empty). */
static void head_text(long long id, const char *hash, char out[96])
{
	if (id > 0)
		snprintf(out, 96, "AU-%lld:%s", id, hash);
	else
		out[0] = 0;
}

/* The one record of verify or head: its fields, of which n. */
static int print_record(const cw_ctx *x, enum cw_format fmt,
			const cw_col *cols, const char *const *vals, size_t n)
{
	cw_writer *w = cw_writer_new(x->out, fmt, cols, n);
	int rc = 0;

	cw_writer_row(w, vals);
	if (cw_writer_finish(w) != 0)
		rc = cw_writer_failed(w, 0);
	cw_writer_free(w);
	return rc;
}

/* Whether the head kept (id, hash) is an entry of the chain c verified:
 * 0, or CW_EXIT_DB after saying what is wrong. */
static int check_kept(cw_db *db, const store_chain *c, long long id,
		      const char *hash)
{
	if (id > c->head_id) {
		if (c->head_id)
			cw_error("audit verification failed in '%s': the head kept, "
				 "AU-%lld, is not in the chain, which ends at "
				 "AU-%lld: entries were cut from its end",
				 store_name(db), id, c->head_id);
		else
			cw_error("audit verification failed in '%s': the head kept, "
				 "AU-%lld, is not in the chain, which is empty: "
				 "the trail was wiped", store_name(db), id);
		return CW_EXIT_DB;
	}
	if (strcmp(c->at_hash, hash)) {
		cw_error("audit verification failed in '%s': entry AU-%lld is not "
			 "the head kept (its hash differs): the chain was written "
			 "again up to it", store_name(db), id);
		return CW_EXIT_DB;
	}
	return 0;
}

int admin_verify(const cw_ctx *x, const char *head, enum cw_format fmt)
{
	static const cw_col cols[] = {{"entries", 1}, {"format_1", 1},
				      {"format_2", 1}, {"head", 0},
				      {"records", 1}};
	store_chain c;
	long long kept = 0;
	long checked = 0;
	char hash[65], f1[24], f2[24], n[24], h[96], r[24] = "";
	const char *vals[5] = {n, f1, f2, h, r};
	int rc, rrc = 0;

	memset(&c, 0, sizeof c);
	if (head && parse_head(head, &kept, hash))
		return CW_EXIT_USAGE;
	c.at_id = kept;
	if (store_begin(x->db, 0))
		return CW_EXIT_DB;
	rc = store_audit_verify(x->db, &c);
	/* the records against their digests: the owner's to check on a
	 * server, where a login a role restricts does not read them all */
	if (!rc && !store_restricted(x->db)) {
		rrc = store_records_verify(x->db, intake_record_line,
					   &checked);
		if (checked >= 0)
			snprintf(r, sizeof r, "%ld", checked);
	}
	store_rollback(x->db);
	if (!rc && head)
		rc = check_kept(x->db, &c, kept, hash);
	if (!rc)
		rc = rrc;
	if (rc)
		return rc;
	snprintf(n, sizeof n, "%ld", c.entries);
	snprintf(f1, sizeof f1, "%ld", c.format1);
	snprintf(f2, sizeof f2, "%ld", c.entries - c.format1);
	head_text(c.head_id, c.head, h);
	return print_record(x, fmt, cols, vals, 5);
}

int admin_head(const cw_ctx *x, enum cw_format fmt)
{
	static const cw_col cols[] = {{"head", 0}};
	long long id;
	char hash[65], h[96];
	const char *vals[1] = {h};
	int rc;

	if (store_begin(x->db, 0))
		return CW_EXIT_DB;
	rc = store_audit_head(x->db, &id, hash);
	store_rollback(x->db);
	if (rc)
		return rc;
	if (!id) {
		cw_error("the audit trail of '%s' is empty", store_name(x->db));
		return CW_EXIT_EMPTY;
	}
	head_text(id, hash, h);
	return print_record(x, fmt, cols, vals, 1);
}

int admin_chain_switch(const cw_ctx *x)
{
	int64_t batch;
	long long id;
	char hash[65];
	int rc, switched = 0;

	if ((rc = cw_db_begin(x->db, x->user, "upgrade", &batch)) != 0)
		return rc;
	rc = store_audit_switch(x->db, &switched);
	if (!rc && switched)
		rc = store_audit_head(x->db, &id, hash);
	if (!rc && switched && (rc = cw_db_commit(x->db)) == 0)
		fprintf(stderr, "%s: '%s': the audit chain switched to format 2 "
			"at AU-%lld (batch BT-%lld)\n", cw_progname(),
			store_name(x->db), id, (long long)batch);
	else if (rc || !switched)
		cw_db_rollback(x->db);
	return rc;
}
