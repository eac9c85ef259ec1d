/* admin/settings.c - sw-admin config: the settings that decide stored
 * data (casework.7, CONFIGURATION). A server's database keeps them, so
 * that every machine of a team applies the same; SQLite's are in its
 * configuration file. */
#include <stdlib.h>
#include <string.h>
#include "admin/admin.h"
#include "core/core.h"

void admin_setting_value(const cw_config *cfg, const char *key, char out[32])
{
	if (!strcmp(key, "crisis_followup_days"))
		snprintf(out, 32, "%d", cfg->crisis_followup_days);
	else if (!strcmp(key, "review_cycle"))
		snprintf(out, 32, "%d%c", cfg->review_cycle.n, cfg->review_cycle.unit);
	else if (!strcmp(key, "followup_emergency_days"))
		snprintf(out, 32, "%d", cfg->followup_days[0]);
	else if (!strcmp(key, "followup_urgent_days"))
		snprintf(out, 32, "%d", cfg->followup_days[1]);
	else if (!strcmp(key, "retention_years"))
		snprintf(out, 32, cfg->retention_years ? "%d" : "none",
			 cfg->retention_years);
	else if (!strcmp(key, "default_project"))   /* 24 bytes at most */
		snprintf(out, 32, "%s", cfg->default_project ? cfg->default_project : "");
	else
		snprintf(out, 32, "%d", cfg->followup_days[2]);
}

int admin_config_check(const char *target, const char *key, const char *value)
{
	const char *why;

	if (key && !core_config_is_stored(key))
		return cw_usage_error("'%s' is not a setting sw-admin config keeps "
				      "(see casework(7), CONFIGURATION)", key);
	if (value && !core_target_is_server(target))
		return cw_usage_error("the settings of a SQLite database are kept in "
				      "its configuration file (sqlite): edit "
				      "casework.conf");
	if (value && core_config_check(key, value, &why))
		return cw_usage_error("'%s' for %s: %s", value, key, why);
	return 0;
}

/* Prints key and value, each setting or the one named. */
static int show(const cw_ctx *x, const char *key, enum cw_format fmt)
{
	static const cw_col cols[] = {{"key", 0}, {"value", 0}, {"kept_in", 0}};
	const char *const *k = core_config_stored_keys();
	cw_writer *w = cw_writer_new(x->out, fmt, cols, 3);
	const char *server = core_target_is_server(x->db_path) ? "database" : NULL;
	char value[32];
	int rc = 0;

	for (; *k; k++) {
		const char *vals[3];
		if (key && strcmp(key, *k))
			continue;
		admin_setting_value(x->cfg, *k, value);
		vals[0] = *k;
		vals[1] = value;
		vals[2] = server ? server : x->cfg->path ? x->cfg->path : "default";
		cw_writer_row(w, vals);
	}
	if (cw_writer_finish(w) != 0) {
		rc = cw_writer_failed(w, 0);
	}
	cw_writer_free(w);
	return rc;
}

/* Stores key = value in one batch, with its audit entry. */
static int set(const cw_ctx *x, const char *key, const char *value)
{
	char *before = NULL, at[21];
	int64_t batch;
	cw_buf detail;
	int rc;

	if (!strcmp(key, "default_project") && *value) {
		/* the project a case takes must exist (casework.7, PROJECTS) */
		cw_date s, e;
		int64_t id;
		int r = store_project_contract(x->db, value, &id, &s, &e);
		if (r < 0)
			return CW_EXIT_DB;
		if (!r) {
			cw_error("default_project: no project %s (see sw-project "
				 "list)", value);
			return CW_EXIT_DATA;
		}
	}
	if ((rc = cw_db_begin(x->db, x->user, "config", &batch)) != 0)
		return rc;
	cw_buf_init(&detail);
	rc = admin_db_setting(x->db, key, &before);
	cw_utc_now(at);
	if (!rc)
		rc = admin_db_set(x->db, key, value, at);
	if (!rc) {
		cw_buf_addstr(&detail, "{\"before\":");
		if (before)
			cw_json_quote(&detail, before, strlen(before));
		else
			cw_buf_addstr(&detail, "null");
		cw_buf_addstr(&detail, ",\"after\":");
		cw_json_quote(&detail, value, strlen(value));
		cw_buf_addch(&detail, '}');
		rc = store_audit_append(x->db, "update", "setting", key, detail.s);
	}
	if (!rc)
		rc = cw_db_commit(x->db);
	else
		cw_db_rollback(x->db);
	if (!rc)
		fprintf(stderr, "%s: %s = %s stored in '%s' (batch BT-%lld)\n",
			cw_progname(), key, value, store_name(x->db), (long long)batch);
	free(before);
	cw_buf_release(&detail);
	return rc;
}

int admin_config(const cw_ctx *x, const char *key, const char *value,
		 enum cw_format fmt)
{
	return value ? set(x, key, value) : show(x, key, fmt);
}
