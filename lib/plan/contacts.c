/* plan/contacts.c - contacts with a case and group sessions with their
 * attendance (sw-plan contacts, sessions). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "plan/plan.h"

/* ---- what both verbs of this file share ---------------------------------- */

/* Minutes of work: a whole number from 0 to 1440 (one day). */
#define MAX_MINUTES 1440

int plan_minutes(cw_batch *b, const cw_record *rec, const char *hdr,
		 const char *s, long *out)
{
	const char *p;
	if (!s) {
		cw_batch_reject(b, rec, hdr, "required (a whole number of minutes, "
				"0 to %d)", MAX_MINUTES);
		return CW_REJECTED;
	}
	if (*s == '-') {
		cw_batch_reject(b, rec, hdr, "negative minutes (a whole number, 0 "
				"to %d)", MAX_MINUTES);
		return CW_REJECTED;
	}
	if (cw_parse_long(s, 0, MAX_MINUTES, out)) {
		for (p = s; *p >= '0' && *p <= '9'; p++)
			;
		if (!*p)
			cw_batch_reject(b, rec, hdr, "more than %d minutes (one day)",
					MAX_MINUTES);
		else
			cw_batch_reject(b, rec, hdr, "not a whole number of minutes "
					"(0 to %d)", MAX_MINUTES);
		return CW_REJECTED;
	}
	return 0;
}

struct work {
	cw_db *db;                /* NULL in a dry run without one */
	int dry_run;
	cw_date today;
	cw_audit_ids *contacts;   /* contacts created */
	cw_audit_ids *sessions;   /* group sessions created */
	cw_buf json;              /* scratch */
	store_dryrows dry;        /* dry run: the contacts or sessions it
	                           * would store, for a record naming one */
	store_stmt *get_contact;  /* plan_db_contact_get's, with a database */
	store_stmt *get_session;  /* plan_db_session_get's */
};

/* The case's assigned worker into *out (newly allocated, NULL when none).
 * 0, or an exit code. */
static int case_worker(struct work *w, int64_t case_id, char **out)
{
	*out = NULL;
	return w->db ? plan_db_case_worker(w->db, case_id, out) : 0;
}

/* A worker the record names: 0 when allowed, CW_REJECTED after rejecting the
 * record, or an exit code. */
static int check_worker(struct work *w, cw_batch *b, const cw_record *rec,
			const char *hdr, const char *name)
{
	int ok = intake_roster_allows(w->db, name);
	if (ok < 0)
		return CW_EXIT_DB;
	if (!ok) {
		cw_batch_reject(b, rec, hdr, "not on the worker roster (see sw-intake "
				"workers)");
		return CW_REJECTED;
	}
	return 0;
}

/* Inserts a contact; *id set. 0 or an exit code. */
static int insert_contact(struct work *w, int64_t case_id, const char *date,
			  const char *kind, long minutes, const char *worker,
			  const char *note, int64_t session, const char *now,
			  int64_t batch, const char *project, int64_t *id)
{
	plan_contact c = {case_id, date, kind, minutes, worker, note, session,
			  now, batch, project, 0};
	return plan_db_contact_insert(w->db, &c, id);
}

/* ---- contacts ------------------------------------------------------------- */

enum {
	C_ID, C_CASE, C_DATE, C_KIND, C_MINUTES, C_WORKER, C_NOTE, C_SESSION,
	C_CREATED, C_PROJECT, C_VOLUNTEERS, NC
};

static const cw_fieldspec contact_fields[NC] = {
	{"contact_id", {NULL}},
	{"case_id", {"个案编号"}},
	{"date", {"日期"}},
	{"kind", {"方式"}},
	{"minutes", {"时长"}},
	{"worker", {"社工"}},
	{"note", {"进展记录"}},
	{"session_id", {NULL}},
	{"created_at", {"创建时间"}},
	{"project", {"项目"}},
	{"volunteers", {"志愿者"}},
};
static const cw_names contact_names = CW_FIELDS_NAMES(contact_fields, NC);

static const cw_col contact_cols[NC] = {
	{"contact_id", 0}, {"case_id", 0}, {"date", 0}, {"kind", 0},
	{"minutes", 1}, {"worker", 0}, {"note", 0}, {"session_id", 0},
	{"created_at", 0}, {"project", 0}, {"volunteers", 0},
};

static const char *contact_canon(size_t i, const char *given, cw_buf *scratch)
{
	switch (i) {
	case C_ID: case C_CASE: case C_SESSION:
		return plan_canon_id(given, scratch);
	case C_DATE:
		return plan_canon_date(given, scratch);
	case C_KIND:
		return store_vocab_canon(&store_vocab_contact_kind, given);
	case C_MINUTES:
		return plan_canon_count(given, scratch);
	case C_VOLUNTEERS:
		return plan_canon_hours(given, scratch);
	default:
		return given;
	}
}

static int contact_record(void *ctx, cw_batch *b, const cw_record *rec)
{
	struct work *w = ctx;
	const char *v[NC], *src[NC], *out[NC] = {0}, *kind;
	char date[11], minutes[32], idbuf[32], caseid[32], now[21];
	char *worker = NULL;
	int64_t case_id, id, *vols = NULL;
	long mins, *h100 = NULL;
	size_t nvols = 0, i;
	cw_buf vj;
	cw_date d;
	int open, rc = 0;

#define HDR(i) store_fields_hdr(contact_fields, src, (i))
	if (store_fields_map(b, rec, contact_fields, NC, v, src))
		return 0;
	if (v[C_ID])
		return plan_known_record(w->db, w->get_contact, &w->dry, b, rec,
					 contact_fields, NC, v, src,
					 CW_K_CONTACT, "contact", contact_canon);
	if (v[C_SESSION] || v[C_CREATED]) {
		cw_batch_reject(b, rec, HDR(v[C_SESSION] ? C_SESSION : C_CREATED),
				"read-only; leave it empty for a new contact");
		return 0;
	}
	if (!v[C_CASE]) {
		cw_batch_reject(b, rec, HDR(C_CASE), "required (the case, CA-n)");
		return 0;
	}
	if ((rc = plan_case(w->db, b, rec, HDR(C_CASE), v[C_CASE], &case_id, &open)))
		return rc;
	if (!v[C_DATE]) {
		cw_batch_reject(b, rec, HDR(C_DATE), "required (the date of the contact)");
		return 0;
	}
	if (plan_date(b, rec, HDR(C_DATE), v[C_DATE], w->today, 0, &d))
		return 0;
	if (!v[C_KIND]) {
		cw_batch_reject(b, rec, HDR(C_KIND), "required (interview, home_visit, "
				"phone, accompaniment, outreach, resource_linking or other)");
		return 0;
	}
	if (!(kind = store_vocab_canon(&store_vocab_contact_kind, v[C_KIND]))) {
		cw_batch_reject(b, rec, HDR(C_KIND), "not a kind of contact (interview, "
				"home_visit, phone, accompaniment, outreach, "
				"resource_linking or other)");
		return 0;
	}
	if (!strcmp(kind, "group")) {
		cw_batch_reject(b, rec, HDR(C_KIND), "group contacts come from sw-plan "
				"sessions");
		return 0;
	}
	if (!strcmp(kind, "community")) {
		cw_batch_reject(b, rec, HDR(C_KIND), "community contacts come from "
				"sw-project activities");
		return 0;
	}
	if (plan_minutes(b, rec, HDR(C_MINUTES), v[C_MINUTES], &mins))
		return 0;
	if (v[C_PROJECT] && (rc = store_project_check(w->db, b, rec, HDR(C_PROJECT),
						      v[C_PROJECT], d,
						      "the contact's date")))
		return rc == CW_REJECTED ? 0 : rc;
	/* without a project of its own, it counts for its case's */
	if (!v[C_PROJECT] && (rc = store_project_case_check(w->db, b, rec,
			HDR(C_DATE), case_id, d, "the contact's date")))
		return rc == CW_REJECTED ? 0 : rc;
	if (v[C_WORKER]) {
		if ((rc = check_worker(w, b, rec, HDR(C_WORKER), v[C_WORKER])))
			return rc;
	} else if ((rc = case_worker(w, case_id, &worker))) {
		return rc;
	}
	cw_buf_init(&vj);
	cw_date_format(d, date);
	if (v[C_VOLUNTEERS] &&
	    (rc = plan_volunteer_hours(w->db, b, rec, HDR(C_VOLUNTEERS),
				       v[C_VOLUNTEERS], date, &vols,
				       &h100, &nvols, &vj)) != 0) {
		if (rc == CW_REJECTED)
			rc = 0;
		goto out;
	}
#undef HDR
	cw_date_format(d, date);
	snprintf(minutes, sizeof minutes, "%ld", mins);
	cw_id_format(CW_K_CASE, case_id, caseid);
	out[C_CASE] = caseid;
	out[C_DATE] = date;
	out[C_KIND] = kind;
	out[C_MINUTES] = minutes;
	out[C_WORKER] = v[C_WORKER] ? v[C_WORKER] : worker;
	out[C_NOTE] = v[C_NOTE];
	out[C_PROJECT] = v[C_PROJECT];
	out[C_VOLUNTEERS] = vj.len ? vj.s : NULL;
	if (!w->dry_run) {
		cw_utc_now(now);
		rc = insert_contact(w, case_id, date, kind, mins, out[C_WORKER],
				    out[C_NOTE], 0, now, cw_batch_id(b),
				    out[C_PROJECT], &id);
		for (i = 0; !rc && i < nvols; i++)
			rc = plan_db_hours_insert(w->db, vols[i], 0, id, date, h100[i],
						  cw_batch_id(b));
		if (rc)
			goto out;
		cw_id_format(CW_K_CONTACT, id, idbuf);
		out[C_ID] = idbuf;
		out[C_CREATED] = now;
		store_audit_created(w->contacts, id, contact_cols, NC, out,
				   &w->json);
	} else {
		rc = plan_dry_keep(&w->dry, w->db, b, "contacts", NC, out, C_CREATED);
		goto out;
	}
	cw_batch_stored(b, out);
out:
	free(worker);
	free(vols);
	free(h100);
	cw_buf_release(&vj);
	return rc;
}

int plan_attendance_contact(cw_db *db, const plan_contact *c,
			    cw_audit_ids *audit, cw_buf *json, int64_t *id)
{
	const char *cv[NC] = {0};
	char ctid[32], caseid[32], session[32], minutes[32];
	int rc;

	if ((rc = plan_db_contact_insert(db, c, id)) != 0)
		return rc;
	cw_id_format(CW_K_CONTACT, *id, ctid);
	cw_id_format(CW_K_CASE, c->case_id, caseid);
	snprintf(minutes, sizeof minutes, "%ld", c->minutes);
	cv[C_ID] = ctid;
	cv[C_CASE] = caseid;
	cv[C_DATE] = c->date;
	cv[C_KIND] = c->kind;
	cv[C_MINUTES] = minutes;
	cv[C_WORKER] = c->worker;
	if (c->session) {
		cw_id_format(CW_K_SESSION, c->session, session);
		cv[C_SESSION] = session;
	}
	cv[C_CREATED] = c->created;
	cv[C_PROJECT] = c->project;
	store_audit_created(audit, *id, contact_cols, NC, cv, json);
	return 0;
}

/* ---- group sessions ------------------------------------------------------- */

enum {
	S_ID, S_DATE, S_TITLE, S_MINUTES, S_WORKERS, S_NOTE, S_CASES,
	S_ATTENDANCE, S_CREATED, S_PROJECT, S_PROGRAMME, NS
};

static const cw_fieldspec session_fields[NS] = {
	{"session_id", {NULL}},
	{"date", {"日期"}},
	{"title", {"主题"}},
	{"minutes", {"时长"}},
	{"workers", {"社工"}},
	{"note", {"备注"}},
	{"cases", {"参加个案"}},
	{"attendance", {NULL}},
	{"created_at", {"创建时间"}},
	{"project", {"项目"}},
	{"programme", {"小组编号"}},
};
static const cw_names session_names = CW_FIELDS_NAMES(session_fields, NS);

static const cw_col session_cols[NS] = {
	{"session_id", 0}, {"date", 0}, {"title", 0}, {"minutes", 1},
	{"workers", 0}, {"note", 0}, {"cases", 0}, {"attendance", 1},
	{"created_at", 0}, {"project", 0}, {"programme", 0},
};

/* The items of a list joined with ", " into scratch; with ids, each in
 * its canonical form (NULL when one is not an id). */
static const char *canon_list(const char *given, int ids, cw_buf *scratch)
{
	char **items, id[32];
	size_t n, i;
	enum cw_kind kind;
	int64_t num;
	int bad = 0;

	n = plan_split(given, ids, &items);
	for (i = 0; i < n && !bad; i++) {
		if (i)
			cw_buf_addstr(scratch, ", ");
		if (!ids) {
			cw_buf_addstr(scratch, items[i]);
		} else if (cw_id_parse(items[i], &kind, &num)) {
			bad = 1;
		} else {
			cw_id_format(kind, num, id);
			cw_buf_addstr(scratch, id);
		}
	}
	plan_list_free(items, n);
	return !bad && n ? scratch->s : NULL;
}

static const char *session_canon(size_t i, const char *given, cw_buf *scratch)
{
	switch (i) {
	case S_ID: case S_PROGRAMME:
		return plan_canon_id(given, scratch);
	case S_DATE:
		return plan_canon_date(given, scratch);
	case S_MINUTES: case S_ATTENDANCE:
		return plan_canon_count(given, scratch);
	case S_WORKERS:
		return canon_list(given, 0, scratch);
	case S_CASES:
		return canon_list(given, 1, scratch);
	default:
		return given;
	}
}

/* The group programme a session names (GP-n): a stored one, its id into
 * *id, canonical form into buf and project (a new string, or NULL) into
 * *project. 0, CW_REJECTED or an exit code. */
static int session_programme(struct work *w, cw_batch *b, const cw_record *rec,
			     const char *hdr, const char *given, int64_t *id,
			     char buf[32], char **project)
{
	enum cw_kind kind;
	int r;

	if (cw_id_parse(given, &kind, id) || kind != CW_K_PROGRAMME) {
		cw_batch_reject(b, rec, hdr, "not a group programme id (GP-n)");
		return CW_REJECTED;
	}
	cw_id_format(CW_K_PROGRAMME, *id, buf);
	if (!w->db)
		return 0;
	if ((r = plan_db_programme(w->db, *id, project)) < 0)
		return CW_EXIT_DB;
	if (!r) {
		cw_batch_reject(b, rec, hdr, "no group programme %s (see sw-project "
				"programmes)", buf);
		return CW_REJECTED;
	}
	return 0;
}

/* The session's workers: at least one, each allowed by the roster, none
 * twice; joined with ", " into joined. 0, CW_REJECTED or an exit code. */
static int session_workers(struct work *w, cw_batch *b, const cw_record *rec,
			   const char *hdr, const char *given, char ***names,
			   size_t *n, cw_buf *joined)
{
	size_t i, j;
	int rc;

	if (!given) {
		cw_batch_reject(b, rec, hdr, "required (one or more workers, "
				"separated by commas or 、)");
		return CW_REJECTED;
	}
	*n = plan_split(given, 0, names);
	if (!*n) {
		cw_batch_reject(b, rec, hdr, "no worker named (one or more, "
				"separated by commas or 、)");
		return CW_REJECTED;
	}
	for (i = 0; i < *n; i++) {
		for (j = 0; j < i; j++)
			if (!strcmp((*names)[i], (*names)[j])) {
				cw_batch_reject(b, rec, hdr, "worker %zu is listed twice "
						"(also worker %zu)", i + 1, j + 1);
				return CW_REJECTED;
			}
		if ((rc = check_worker(w, b, rec, hdr, (*names)[i])) != 0)
			return rc;
		if (i)
			cw_buf_addstr(joined, ", ");
		cw_buf_addstr(joined, (*names)[i]);
	}
	return 0;
}

int plan_case_list(cw_db *db, cw_batch *b, const cw_record *rec,
		   const char *hdr, const char *given, int required,
		   int64_t **ids, size_t *n, cw_buf *joined)
{
	char **items, idbuf[32];
	size_t nitems, i, j;
	enum cw_kind kind;
	int64_t num;
	int rc = 0, open;
	cw_buf what;

	*ids = NULL;
	*n = 0;
	if (!given && !required)
		return 0;
	if (!given) {
		cw_batch_reject(b, rec, hdr, "required (the cases attending: CA-n, "
				"separated by spaces, commas or 、)");
		return CW_REJECTED;
	}
	nitems = plan_split(given, 1, &items);
	if (!nitems && !required) {
		plan_list_free(items, nitems);
		return 0;
	}
	if (!nitems) {
		cw_batch_reject(b, rec, hdr, "no case listed (CA-n, separated by "
				"spaces, commas or 、)");
		plan_list_free(items, nitems);
		return CW_REJECTED;
	}
	*ids = cw_xcalloc(nitems, sizeof **ids);
	cw_buf_init(&what);
	for (i = 0; i < nitems && !rc; i++) {
		if (cw_id_parse(items[i], &kind, &num) || kind != CW_K_CASE) {
			cw_batch_reject(b, rec, hdr, "item %zu is not a case id (CA-n)",
					i + 1);
			rc = CW_REJECTED;
			break;
		}
		cw_id_format(CW_K_CASE, num, idbuf);
		for (j = 0; j < i; j++)
			if ((*ids)[j] == num)
				break;
		if (j < i) {
			cw_batch_reject(b, rec, hdr, "%s is listed twice", idbuf);
			rc = CW_REJECTED;
			break;
		}
		/* plan_case names the field in its message; here the case too. */
		cw_buf_reset(&what);
		cw_buf_printf(&what, "%s: %s", hdr, idbuf);
		rc = plan_case(db, b, rec, what.s, idbuf, &num, &open);
		if (rc)
			break;
		(*ids)[i] = num;
		if (i)
			cw_buf_addstr(joined, ", ");
		cw_buf_addstr(joined, idbuf);
	}
	*n = i;
	cw_buf_release(&what);
	plan_list_free(items, nitems);
	return rc;
}

static int session_record(void *ctx, cw_batch *b, const cw_record *rec)
{
	struct work *w = ctx;
	const char *v[NS], *src[NS], *out[NS] = {0};
	char date[11], minutes[32], count[32], idbuf[32], now[21], pgbuf[32];
	char **workers = NULL;
	int64_t programme = 0;
	char *pproject = NULL;      /* the programme's project */
	size_t nworkers = 0, ncases = 0, i;
	int64_t *cases = NULL, id, ct;
	cw_buf wjoined, cjoined;
	cw_date d;
	long mins, given_count;
	int rc = 0;

#define HDR(i) store_fields_hdr(session_fields, src, (i))
	cw_buf_init(&wjoined);
	cw_buf_init(&cjoined);
	if (store_fields_map(b, rec, session_fields, NS, v, src))
		goto out;
	if (v[S_ID]) {
		rc = plan_known_record(w->db, w->get_session, &w->dry, b, rec,
				       session_fields, NS, v, src, CW_K_SESSION,
				       "group session", session_canon);
		goto out;
	}
	if (v[S_CREATED]) {
		cw_batch_reject(b, rec, HDR(S_CREATED), "read-only; leave it empty "
				"for a new group session");
		goto out;
	}
	if (!v[S_DATE]) {
		cw_batch_reject(b, rec, HDR(S_DATE), "required (the date of the session)");
		goto out;
	}
	if (plan_date(b, rec, HDR(S_DATE), v[S_DATE], w->today, 0, &d))
		goto out;
	if (!v[S_TITLE]) {
		cw_batch_reject(b, rec, HDR(S_TITLE), "required (the session's title)");
		goto out;
	}
	if (plan_minutes(b, rec, HDR(S_MINUTES), v[S_MINUTES], &mins))
		goto out;
	if (v[S_PROJECT] && (rc = store_project_check(w->db, b, rec, HDR(S_PROJECT),
						      v[S_PROJECT], d,
						      "the session's date"))) {
		if (rc == CW_REJECTED)
			rc = 0;
		goto out;
	}
	if (v[S_PROGRAMME] && (rc = session_programme(w, b, rec, HDR(S_PROGRAMME),
						      v[S_PROGRAMME], &programme,
						      pgbuf, &pproject)) != 0) {
		if (rc == CW_REJECTED)
			rc = 0;
		goto out;
	}
	/* without a project of its own, a programme's session is of the
	 * programme's project, its date within that contract */
	if (!v[S_PROJECT] && pproject) {
		if ((rc = store_project_check(w->db, b, rec, HDR(S_DATE), pproject,
					      d, "the session's date")) != 0) {
			if (rc == CW_REJECTED)
				rc = 0;
			goto out;
		}
		v[S_PROJECT] = pproject;
	}
	if ((rc = session_workers(w, b, rec, HDR(S_WORKERS), v[S_WORKERS],
				  &workers, &nworkers, &wjoined)) != 0)
		goto out;
	if ((rc = plan_case_list(w->db, b, rec, HDR(S_CASES), v[S_CASES], 1,
				 &cases, &ncases, &cjoined)) != 0)
		goto out;
	/* without a project of its own, the attendance counts for each case's */
	for (i = 0; !v[S_PROJECT] && i < ncases; i++)
		if ((rc = store_project_case_check(w->db, b, rec, HDR(S_DATE),
						   cases[i], d,
						   "the session's date")) != 0) {
			if (rc == CW_REJECTED)
				rc = 0;
			goto out;
		}
	/* The count printed, read back, must be the count of the list. */
	if (v[S_ATTENDANCE] && (cw_parse_long(v[S_ATTENDANCE], 0, 1000000000L,
					       &given_count) ||
				(size_t)given_count != ncases)) {
		cw_batch_reject(b, rec, HDR(S_ATTENDANCE), "read-only; it differs from "
				"the number of cases listed");
		goto out;
	}
#undef HDR
	cw_date_format(d, date);
	snprintf(minutes, sizeof minutes, "%ld", mins);
	snprintf(count, sizeof count, "%zu", ncases);
	out[S_DATE] = date;
	out[S_TITLE] = v[S_TITLE];
	out[S_MINUTES] = minutes;
	out[S_WORKERS] = wjoined.s;
	out[S_NOTE] = v[S_NOTE];
	out[S_CASES] = cjoined.s;
	out[S_ATTENDANCE] = count;
	out[S_PROJECT] = v[S_PROJECT];
	out[S_PROGRAMME] = programme ? pgbuf : NULL;
	if (!w->dry_run) {
		plan_session s = {date, v[S_TITLE], mins, wjoined.s, v[S_NOTE],
				  now, cw_batch_id(b), v[S_PROJECT], programme};
		cw_utc_now(now);
		if ((rc = plan_db_session_insert(w->db, &s, &id)) != 0)
			goto out;
		cw_id_format(CW_K_SESSION, id, idbuf);
		/* Each attendance is a contact of kind group with that case,
		 * by the first worker of the session. */
		for (i = 0; i < ncases; i++) {
			plan_contact c = {cases[i], date, "group", mins,
					  workers[0], NULL, id, now,
					  cw_batch_id(b), v[S_PROJECT], 0};
			if ((rc = plan_attendance_contact(w->db, &c, w->contacts,
							  &w->json, &ct)) != 0)
				goto out;
		}
		out[S_ID] = idbuf;
		out[S_CREATED] = now;
		store_audit_created(w->sessions, id, session_cols, NS, out,
				   &w->json);
	} else {
		rc = plan_dry_keep(&w->dry, w->db, b, "group_sessions", NS, out,
				   S_CREATED);
		goto out;
	}
	cw_batch_stored(b, out);
	goto out;
out:
	free(pproject);
	plan_list_free(workers, nworkers);
	free(cases);
	cw_buf_release(&wjoined);
	cw_buf_release(&cjoined);
	return rc;
}

/* ---- running a batch ------------------------------------------------------- */

/* The audit entries: the sessions, then the contacts the batch created. */
static int work_finish(void *ctx, cw_batch *b)
{
	struct work *w = ctx;
	(void)b;
	if (cw_audit_ids_write(w->db, w->sessions, "insert"))
		return CW_EXIT_DB;
	return cw_audit_ids_write(w->db, w->contacts, "insert") ? CW_EXIT_DB : 0;
}

static int run(const cw_ctx *x, const cw_batch_opts *o, char **files,
	       size_t nfiles, int sessions)
{
	struct work w;
	int rc = 0;

	memset(&w, 0, sizeof w);
	w.db = x->db;
	w.dry_run = o->dry_run;
	w.today = x->today;
	w.contacts = cw_audit_ids_new(CW_K_CONTACT);
	w.sessions = cw_audit_ids_new(CW_K_SESSION);
	cw_buf_init(&w.json);
	if (w.db && (!(w.get_contact = plan_db_contact_get(w.db)) ||
		     !(w.get_session = plan_db_session_get(w.db))))
		rc = CW_EXIT_DB;
	if (!rc && sessions)
		rc = store_batch_run(o, x->out, w.db, files, nfiles, session_cols, NS,
				  &session_names, session_record, work_finish, &w);
	else if (!rc)
		rc = store_batch_run(o, x->out, w.db, files, nfiles, contact_cols, NC,
				  &contact_names, contact_record, work_finish, &w);
	cw_audit_ids_free(w.contacts);
	cw_audit_ids_free(w.sessions);
	cw_buf_release(&w.json);
	store_dryrows_release(&w.dry);
	return rc;
}

int plan_contacts(const cw_ctx *x, const cw_batch_opts *o, char **files,
		  size_t nfiles)
{
	return run(x, o, files, nfiles, 0);
}

int plan_sessions(const cw_ctx *x, const cw_batch_opts *o, char **files,
		  size_t nfiles)
{
	return run(x, o, files, nfiles, 1);
}
