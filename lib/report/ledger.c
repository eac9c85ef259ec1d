/*
 * report/ledger.c - the ledgers (台账): every contact, group session,
 * assessment, referral event, closure or follow-up of a period, one row
 * each with its case, client and worker, as funders audit against.
 *
 * A ledger with names hands out personal data of many cases: it is
 * audited as the case file is (a batch "ledger" with one hand_out entry
 * naming the cases, the ledger, the period, the form and the digest of
 * its rows), and refused on a read-only standby, where no entry can be
 * written. Pseudonymised, it names nobody: case and client ids become
 * the pseudonyms sw-intake list --pseudonymise gives, names and free
 * text are left out, and nothing is audited.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>
#include "core/core.h"
#include "report/report.h"

/* What a pseudonymised ledger does with a column; HUNDREDTHS marks a
 * figure stored in hundredths (an assessment's total), printed as a
 * number in every ledger. */
enum lact { L_KEEP, L_EMPTY, L_CASE, L_CLIENT, L_HUNDREDTHS };

struct lcol {
	report_col col;
	enum lact act;
};

#define T(key, en, zh) {{key, en, zh, RC_TEXT, -1}, L_KEEP}
#define FREE(key, en, zh) {{key, en, zh, RC_TEXT, -1}, L_EMPTY}
#define NUM(key, en, zh) {{key, en, zh, RC_SUM, -1}, L_KEEP}
#define WHO_COLS \
	{{"case_id", "case", "个案", RC_TEXT, -1}, L_CASE}, \
	{{"client_id", "client", "服务对象", RC_TEXT, -1}, L_CLIENT}, \
	FREE("name", "name", "姓名"), T("worker", "worker", "社工")

static const struct lcol contacts[] = {
	T("contact_id", "contact", "服务记录"), T("date", "date", "日期"),
	WHO_COLS, T("kind", "kind", "类型"), NUM("minutes", "minutes", "分钟"),
	T("session_id", "group session", "小组活动"), FREE("note", "note", "备注"),
};
static const struct lcol sessions[] = {
	T("session_id", "group session", "小组活动"), T("date", "date", "日期"),
	FREE("title", "title", "名称"), NUM("minutes", "minutes", "分钟"),
	T("workers", "workers", "社工"),
	NUM("attendance", "attendance", "参与人次"), FREE("note", "note", "备注"),
};
static const struct lcol assessments[] = {
	T("assessment_id", "assessment", "评估"), T("date", "date", "日期"),
	WHO_COLS, T("instrument", "instrument", "量表"),
	T("version", "version", "版本"),
	{{"total", "total", "总分", RC_SUM, -1}, L_HUNDREDTHS},
	{{"scaled", "scaled", "标准分", RC_SUM, -1}, L_HUNDREDTHS},
	T("band", "band", "分级"), T("risk", "risk", "风险等级"),
};
static const struct lcol referral_events[] = {
	T("referral_id", "referral", "转介"), T("date", "date", "日期"),
	WHO_COLS, T("service_id", "service", "服务"),
	FREE("provider", "provider", "接收机构"),
	T("from_state", "from", "原状态"), T("to_state", "to", "新状态"),
	T("actor", "by", "操作人"), FREE("reason", "reason", "原因"),
};
static const struct lcol closures[] = {
	T("closure_id", "closure", "结案"), T("closed_date", "closed", "结案日期"),
	WHO_COLS, T("reason_kind", "kind of reason", "结案类型"),
	FREE("reason", "reason", "结案原因"),
	FREE("forced_reason", "forced reason", "强制结案原因"),
	FREE("outcomes", "goal outcomes", "目标结果"),
	T("reopened_date", "reopened", "重新开案日期"),
	FREE("reopen_reason", "reopen reason", "重新开案原因"),
};
static const struct lcol followups[] = {
	T("followup_id", "follow-up", "跟进"), T("due_date", "due", "到期日"),
	WHO_COLS, T("kind", "kind", "类型"), T("instrument", "instrument", "量表"),
	T("status", "status", "状态"), T("done_date", "done", "完成日期"),
	T("assessment_id", "assessment", "评估"), FREE("note", "note", "备注"),
};

static const struct {
	const char *name;
	const struct lcol *cols;
	size_t ncols;
	const char *en, *zh;
} ledgers[REPORT_LEDGERS] = {
#define L(k, name, cols, en, zh) [k] = {name, cols, sizeof cols / sizeof *cols, en, zh}
	L(REPORT_LEDGER_CONTACTS, "contacts", contacts,
	  "Ledger of contacts", "服务记录台账"),
	L(REPORT_LEDGER_SESSIONS, "sessions", sessions,
	  "Ledger of group sessions", "小组活动台账"),
	L(REPORT_LEDGER_ASSESSMENTS, "assessments", assessments,
	  "Ledger of assessments", "评估台账"),
	L(REPORT_LEDGER_REFERRAL_EVENTS, "referral_events", referral_events,
	  "Ledger of referral events", "转介台账"),
	L(REPORT_LEDGER_CLOSURES, "closures", closures,
	  "Ledger of closures", "结案台账"),
	L(REPORT_LEDGER_FOLLOWUPS, "followups", followups,
	  "Ledger of follow-ups", "跟进台账"),
#undef L
};

static int ledger_kind(const char *name)
{
	int k;
	for (k = 0; k < REPORT_LEDGERS; k++)
		if (!strcmp(name, ledgers[k].name))
			return k;
	return -1;
}

int report_ledger_check(const char *kind)
{
	if (ledger_kind(kind) < 0)
		return cw_usage_error("unknown ledger '%s' (use contacts, sessions, "
				      "assessments, referral_events, closures or "
				      "followups)", kind);
	return 0;
}

/* The cases of the ledger's rows, sorted and distinct, as the audit
 * names ids: CA-1..CA-3,CA-7. */
static void case_ranges(const int64_t *n, size_t count, cw_buf *ids)
{
	size_t i, j;
	char a[32], b[32];

	for (i = 0; i < count; i = j) {
		for (j = i + 1; j < count && n[j] <= n[j - 1] + 1; j++)
			;
		cw_id_format(CW_K_CASE, n[i], a);
		cw_id_format(CW_K_CASE, n[j - 1], b);
		if (ids->len)
			cw_buf_addch(ids, ',');
		if (n[i] == n[j - 1])
			cw_buf_addstr(ids, a);
		else
			cw_buf_printf(ids, "%s..%s", a, b);
	}
}

/* One row's values into vals (texts in scratch), pseudonymised when ps
 * is set; its case's number appended to cases (when it has one). */
static void row_values(store_stmt *st, const struct lcol *cols, size_t ncols,
		       const cw_pseudonym *ps, char (*scratch)[32],
		       const char **vals, int64_t **cases, size_t *ncases,
		       size_t *cap)
{
	size_t i;

	for (i = 0; i < ncols; i++) {
		const char *v = store_col_text(st, (int)i);
		enum lact a = cols[i].act;

		if (a == L_HUNDREDTHS && v) {
			cw_hundredths_format((long)store_col_int(st, (int)i), scratch[i]);
			v = scratch[i];
		} else if (ps && a == L_EMPTY) {
			v = NULL;
		} else if (ps && v && (a == L_CASE || a == L_CLIENT)) {
			cw_pseudonym_make(ps, a == L_CASE ? "PC-" : "PS-", v,
					  strlen(v), scratch[i]);
			v = scratch[i];
		}
		vals[i] = v;
	}
	if (store_col_type(st, (int)ncols) != STORE_NULL) {
		if (*ncases == *cap) {
			*cap = *cap ? *cap * 2 : 256;
			*cases = cw_xrealloc(*cases, *cap * sizeof **cases);
		}
		(*cases)[(*ncases)++] = store_col_int(st, (int)ncols);
	}
}

/* The audit entry of a ledger with names: the distinct cases, and a
 * detail naming the ledger, its period, its rows, its form and the
 * digest of its rows as JSON Lines. */
static int audit(const cw_ctx *x, const char *kind, const char *period,
		 size_t rows, int64_t *cases, size_t ncases, const char *format,
		 const char *sha)
{
	cw_buf ids, detail;
	size_t i, n = 0;
	int rc;

	cw_buf_init(&ids);
	cw_buf_init(&detail);
	if (ncases)
		qsort(cases, ncases, sizeof *cases, core_cmp_i64);
	for (i = 0; i < ncases; i++)
		if (!n || cases[n - 1] != cases[i])
			cases[n++] = cases[i];
	case_ranges(cases, n, &ids);
	cw_buf_printf(&detail, "{\"report\":\"ledger\",\"ledger\":\"%s\","
		      "\"period\":\"%s\",\"rows\":%zu,\"cases\":%zu,"
		      "\"format\":\"%s\",\"sha256\":\"%s\"}", kind, period, rows,
		      n, format, sha);
	rc = report_hand_out(x, "ledger", ids.len ? ids.s : "", detail.s);
	cw_buf_release(&ids);
	cw_buf_release(&detail);
	return rc;
}

int report_ledger(const cw_ctx *x, const char *name, const cw_report_opts *o,
		  int pseudonymise)
{
	int k = ledger_kind(name), s, rc = 0;
	const struct lcol *lc;
	report_col *cols;
	const char **vals;
	char (*scratch)[32];
	char since[11] = "", until[11], period[32];
	cw_pseudonym *ps = NULL;
	report_query q = {0};
	report_table t;
	store_stmt *st;
	int64_t *cases = NULL;
	size_t ncases = 0, cap = 0, i, n;
	cw_buf json;

	if (k < 0)
		return report_ledger_check(name);
	lc = ledgers[k].cols;
	n = ledgers[k].ncols;
	if (!pseudonymise && store_standby(x->db)) {
		cw_error("cannot hand out a ledger with names from '%s': it is a "
			 "read-only standby, and the hand-out is audited on the "
			 "primary (or give --pseudonymise)", x->db_path);
		return CW_EXIT_DB;
	}
	if (pseudonymise && (rc = cw_pseudonym_open(&ps, x->cfg)) != 0)
		return rc;
	if (o->has_since)
		cw_date_format(o->since, since);
	cw_date_format(o->until, until);
	snprintf(period, sizeof period, "%s..%s", since, until);
	q.since = since;
	q.until = until;
	q.worker = o->worker;

	cols = cw_xcalloc(n, sizeof *cols);
	vals = cw_xcalloc(n, sizeof *vals);
	scratch = cw_xcalloc(n, sizeof *scratch);
	for (i = 0; i < n; i++)
		cols[i] = lc[i].col;
	report_init(&t, name, cols, n, 0);
	t.title_en = ledgers[k].en;
	t.title_zh = ledgers[k].zh;
	t.period = period;
	cw_buf_init(&json);
	if (!(st = report_db_ledger(x->db, k, &q))) {
		rc = CW_EXIT_DB;
		goto out;
	}
	while ((s = store_step(st)) == STORE_ROW) {
		row_values(st, lc, n, ps, scratch, vals, &cases, &ncases, &cap);
		report_add_row(&t, vals, 0);
	}
	if ((rc = report_db_end(x->db, st, s, "read the ledger")) != 0)
		goto out;
	/* The digest is of what is handed out, as JSON Lines whatever the
	 * output's format; a ledger without rows hands nothing out. */
	if (!pseudonymise && t.nrows) {
		char sha[65];
		cw_col *jc = cw_xcalloc(n, sizeof *jc);
		size_t r;
		for (r = 0; r < t.nrows; r++) {
			report_out_json_row(&json, &t, r, jc, vals);
			cw_buf_addch(&json, '\n');
		}
		free(jc);
		cw_sha256_hex(json.s, json.len, sha);
		rc = audit(x, name, period, t.nrows, cases, ncases,
			   o->html ? "html" : cw_format_name(o->fmt), sha);
		if (rc)
			goto out;
	}
	rc = report_render(x->out, &t, o->fmt, o->html, report_locale_zh());
	if (!rc && !t.nrows)
		rc = CW_EXIT_EMPTY;
out:
	cw_buf_release(&json);
	report_release(&t);
	cw_pseudonym_free(ps);
	free(cases);
	free(scratch);
	free(vals);
	free(cols);
	return rc;
}
