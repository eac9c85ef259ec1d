/* project/activity.c - community activities (sw-project activities): a
 * lecture, health check, festival... for residents who need not be
 * clients, counted by head and by name, the cases who took part each
 * given a contact of kind community, and the volunteers' hours. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "project/project.h"

/* The most people counted by head at one activity. */
#define MAX_HEADCOUNT 100000

enum {
	A_ID, A_DATE, A_TITLE, A_KIND, A_PLACE, A_MINUTES, A_WORKERS,
	A_HEADCOUNT, A_PARTICIPANTS, A_CASES, A_VOLUNTEERS, A_ATTENDANCE,
	A_CREATED, A_PROJECT, NA
};

static const cw_fieldspec activity_fields[NA] = {
	{"activity_id", {"活动编号"}},
	{"date", {"日期", "活动日期"}},
	{"title", {"活动名称", "主题"}},
	{"kind", {"活动类型", "类型"}},
	{"place", {"地点"}},
	{"minutes", {"时长"}},
	{"workers", {"社工"}},
	{"headcount", {"人数", "现场人数"}},
	{"participants", {"参与者", "签到名单"}},
	{"cases", {"参加个案"}},
	{"volunteers", {"志愿者"}},
	{"attendance", {"参与人次"}},
	{"created_at", {"创建时间"}},
	{"project", {"项目"}},
};
static const cw_names activity_names = CW_FIELDS_NAMES(activity_fields, NA);

static const project_event activity_event = {
	CW_K_ACTIVITY, "activities", "activity", A_ID, A_CREATED, A_DATE, A_TITLE
};

static const cw_col activity_cols[NA] = {
	{"activity_id", 0}, {"date", 0}, {"title", 0}, {"kind", 0},
	{"place", 0}, {"minutes", 1}, {"workers", 0}, {"headcount", 1},
	{"participants", 0}, {"cases", 0}, {"volunteers", 0},
	{"attendance", 1}, {"created_at", 0}, {"project", 0},
};

struct work {
	const cw_ctx *x;
	cw_db *db;                /* NULL in a dry run without one */
	int dry_run;
	cw_audit_ids *activities; /* activities created */
	cw_audit_ids *contacts;   /* the contacts of the cases who took part */
	cw_buf json;              /* scratch */
};

/* One named participant: a name, and a phone or NULL. */
struct person {
	char *name, *phone;
};

/* The named participants: NAME or NAME:PHONE (also ：), the phone
 * normalised as a client's; none listed twice. *people (newly
 * allocated) and *n set; canonical items joined with ", " into joined.
 * 0 or CW_REJECTED. */
static int participants(cw_batch *b, const cw_record *rec, const char *hdr,
			const char *given, struct person **people, size_t *n,
			cw_buf *joined)
{
	char **items, *colon, *name;
	const char *why, *phone;
	size_t nitems, i, j;
	int rc = 0;

	*people = NULL;
	*n = 0;
	if (!given)
		return 0;
	nitems = plan_split(given, 0, &items);
	*people = cw_xcalloc(nitems ? nitems : 1, sizeof **people);
	for (i = 0; i < nitems && !rc; i++) {
		name = items[i];
		phone = NULL;
		if ((colon = strstr(name, "\xef\xbc\x9a")) != NULL) {  /* ： */
			*colon = '\0';
			phone = colon + 3;
		} else if ((colon = strchr(name, ':')) != NULL) {
			*colon = '\0';
			phone = colon + 1;
		}
		for (j = strlen(name); j && name[j - 1] == ' '; j--)
			name[j - 1] = '\0';
		if (cw_utf8_blank(name)) {
			cw_batch_reject(b, rec, hdr, "participant %zu has no name "
					"(NAME or NAME:PHONE)", i + 1);
			rc = CW_REJECTED;
			break;
		}
		(*people)[i].name = cw_xstrdup(name);
		*n = i + 1;
		if (phone && !cw_utf8_blank(phone) &&
		    cw_phone_normalise(phone, &(*people)[i].phone, &why)) {
			cw_batch_reject(b, rec, hdr, "participant %zu: %s",
					i + 1, why);
			rc = CW_REJECTED;
			break;
		}
		for (j = 0; j < i; j++)
			if (!strcmp((*people)[j].name, name) &&
			    !strcmp((*people)[j].phone ? (*people)[j].phone : "",
				    (*people)[i].phone ? (*people)[i].phone : "")) {
				cw_batch_reject(b, rec, hdr, "participant %zu is "
						"listed twice (also participant %zu)",
						i + 1, j + 1);
				rc = CW_REJECTED;
				break;
			}
		if (i)
			cw_buf_addstr(joined, ", ");
		cw_buf_addstr(joined, name);
		if ((*people)[i].phone)
			cw_buf_printf(joined, ":%s", (*people)[i].phone);
	}
	plan_list_free(items, nitems);
	return rc;
}

static void people_free(struct person *p, size_t n)
{
	size_t i;
	for (i = 0; p && i < n; i++) {
		free(p[i].name);
		free(p[i].phone);
	}
	free(p);
}

/* Stores the activity the record gave (out, its printed values) with its
 * participants, volunteers' hours and the contacts of its cases; out's
 * id and created_at set. 0 or an exit code. */
static int store_activity(struct work *w, cw_batch *b, const char **out,
			  const project_activity *a, const struct person *people,
			  size_t npeople, const int64_t *cases, size_t ncases,
			  const int64_t *vols, const long *h100, size_t nvols,
			  char idbuf[32])
{
	char worker[256];
	const char *comma;
	int64_t id, ct;
	size_t i;
	int rc;

	if ((rc = project_db_activity_insert(w->db, a, &id)) != 0)
		return rc;
	for (i = 0; i < npeople; i++)
		if ((rc = project_db_participant_insert(w->db, id, people[i].name,
							people[i].phone)) != 0)
			return rc;
	for (i = 0; i < nvols; i++)
		if ((rc = plan_db_hours_insert(w->db, vols[i], id, 0, a->date,
					       h100[i], a->batch)) != 0)
			return rc;
	/* each case's contact is by the activity's first worker */
	comma = strstr(a->workers, ", ");
	snprintf(worker, sizeof worker, "%.*s", comma ? (int)(comma - a->workers) :
		 (int)strlen(a->workers), a->workers);
	for (i = 0; i < ncases; i++) {
		plan_contact c = {cases[i], a->date, "community", a->minutes, worker,
				  NULL, 0, a->created_at, a->batch, a->project, id};
		if ((rc = plan_attendance_contact(w->db, &c, w->contacts, &w->json,
						  &ct)) != 0)
			return rc;
	}
	(void)b;
	cw_id_format(CW_K_ACTIVITY, id, idbuf);
	out[A_ID] = idbuf;
	out[A_CREATED] = a->created_at;
	store_audit_created(w->activities, id, activity_cols, NA, out, &w->json);
	return 0;
}

static int activity_record(void *ctx, cw_batch *b, const cw_record *rec)
{
	struct work *w = ctx;
	const char *v[NA], *src[NA], *out[NA] = {0}, *kind, *project;
	char date[11], minutes[32], head[32], total[32], idbuf[32], now[21];
	char why[256];
	struct person *people = NULL;
	int64_t *cases = NULL, *vols = NULL;
	long *h100 = NULL, mins, headcount = 0, given_total;
	size_t npeople = 0, ncases = 0, nvols = 0;
	cw_buf wj, pj, cj, vj;
	cw_date d;
	int rc = 0;

	cw_buf_init(&wj);
	cw_buf_init(&pj);
	cw_buf_init(&cj);
	cw_buf_init(&vj);
#define HDR(i) store_fields_hdr(activity_fields, src, (i))
	if (store_fields_map(b, rec, activity_fields, NA, v, src))
		goto out;
	if ((rc = project_event_head(w->x, b, rec, activity_fields, v, src,
				     &activity_event, &d)) != 0) {
		if (rc == CW_REJECTED)
			rc = 0;
		goto out;
	}
	if (!v[A_KIND] || !(kind = store_vocab_canon(&store_vocab_activity_kind,
						    v[A_KIND]))) {
		cw_batch_reject(b, rec, HDR(A_KIND), "%s (%s, or their Chinese "
				"names, sw-project(1))", v[A_KIND] ? "not a kind of "
				"activity" : "required", store_vocab_list(
				&store_vocab_activity_kind, " or ", why, sizeof why));
		goto out;
	}
	if (plan_minutes(b, rec, HDR(A_MINUTES), v[A_MINUTES], &mins))
		goto out;
	project = v[A_PROJECT];
	if ((rc = project_of_record(w->x, b, rec, HDR(A_PROJECT), &project, d,
				    "the activity's date")) != 0) {
		if (rc == CW_REJECTED)
			rc = 0;
		goto out;
	}
	if ((rc = project_workers(w->db, b, rec, HDR(A_WORKERS), v[A_WORKERS], 1,
				  &wj)) != 0)
		goto out;
	if (v[A_HEADCOUNT] && cw_parse_long(v[A_HEADCOUNT], 0, MAX_HEADCOUNT,
					    &headcount)) {
		cw_batch_reject(b, rec, HDR(A_HEADCOUNT), "not a whole number of "
				"people (0 to %d), counted by head and not named",
				MAX_HEADCOUNT);
		goto out;
	}
	if ((rc = participants(b, rec, HDR(A_PARTICIPANTS), v[A_PARTICIPANTS],
			       &people, &npeople, &pj)) != 0)
		goto out;
	if ((rc = plan_case_list(w->db, b, rec, HDR(A_CASES), v[A_CASES], 0,
				 &cases, &ncases, &cj)) != 0)
		goto out;
	if (!headcount && !npeople && !ncases) {
		cw_batch_reject(b, rec, HDR(A_HEADCOUNT), "no one took part: give a "
				"head-count, participants or cases");
		goto out;
	}
	cw_date_format(d, date);
	if (v[A_VOLUNTEERS] &&
	    (rc = plan_volunteer_hours(w->db, b, rec, HDR(A_VOLUNTEERS),
					  v[A_VOLUNTEERS], date, &vols,
					  &h100, &nvols, &vj)) != 0)
		goto out;
	snprintf(total, sizeof total, "%ld", headcount + (long)npeople +
		 (long)ncases);
	if (v[A_ATTENDANCE] && (cw_parse_long(v[A_ATTENDANCE], 0, 1000000000L,
					       &given_total) ||
				given_total != headcount + (long)npeople +
				(long)ncases)) {
		cw_batch_reject(b, rec, HDR(A_ATTENDANCE), "read-only; it differs "
				"from the head-count, participants and cases given");
		goto out;
	}
#undef HDR
	cw_date_format(d, date);
	snprintf(minutes, sizeof minutes, "%ld", mins);
	snprintf(head, sizeof head, "%ld", headcount);
	out[A_DATE] = date;
	out[A_TITLE] = v[A_TITLE];
	out[A_KIND] = kind;
	out[A_PLACE] = v[A_PLACE];
	out[A_MINUTES] = minutes;
	out[A_WORKERS] = wj.s;
	out[A_HEADCOUNT] = head;
	out[A_PARTICIPANTS] = pj.len ? pj.s : NULL;
	out[A_CASES] = cj.len ? cj.s : NULL;
	out[A_VOLUNTEERS] = vj.len ? vj.s : NULL;
	out[A_ATTENDANCE] = total;
	out[A_PROJECT] = project;
	if (!w->dry_run) {
		project_activity a = {date, v[A_TITLE], kind, v[A_PLACE], mins, wj.s,
				      headcount, (long)npeople, (long)ncases, now,
				      cw_batch_id(b), project};
		int64_t same;
		int r;

		cw_utc_now(now);
		/* a new record the same as one stored (or earlier in the
		 * batch) is a repeat, skipped */
		if ((r = project_db_activity_same(w->db, &a, pj.len ? pj.s : "",
						  cj.len ? cj.s : "",
						  vj.len ? vj.s : "", &same)) < 0) {
			rc = CW_EXIT_DB;
			goto out;
		}
		if (r) {
			cw_id_format(CW_K_ACTIVITY, same, idbuf);
			cw_batch_skip(b, rec, "the same activity as %s, stored "
				      "already", idbuf);
			goto out;
		}
		if ((rc = store_activity(w, b, out, &a, people, npeople, cases,
					 ncases, vols, h100, nvols, idbuf)) != 0)
			goto out;
	}
	cw_batch_stored(b, out);
out:
	people_free(people, npeople);
	free(cases);
	free(vols);
	free(h100);
	cw_buf_release(&wj);
	cw_buf_release(&pj);
	cw_buf_release(&cj);
	cw_buf_release(&vj);
	return rc;
}

/* The audit entries: the activities, then the contacts they made. */
static int activity_finish(void *ctx, cw_batch *b)
{
	struct work *w = ctx;
	(void)b;
	if (cw_audit_ids_write(w->db, w->activities, "insert"))
		return CW_EXIT_DB;
	return cw_audit_ids_write(w->db, w->contacts, "insert") ? CW_EXIT_DB : 0;
}

int project_activities(const cw_ctx *x, const cw_batch_opts *o, char **files,
		       size_t nfiles)
{
	struct work w;
	int rc;

	memset(&w, 0, sizeof w);
	w.x = x;
	w.db = x->db;
	w.dry_run = o->dry_run;
	w.activities = cw_audit_ids_new(CW_K_ACTIVITY);
	w.contacts = cw_audit_ids_new(CW_K_CONTACT);
	cw_buf_init(&w.json);
	rc = store_batch_run(o, x->out, w.db, files, nfiles, activity_cols, NA,
			     &activity_names, activity_record, activity_finish,
			     &w);
	cw_audit_ids_free(w.activities);
	cw_audit_ids_free(w.contacts);
	cw_buf_release(&w.json);
	return rc;
}
