/* project/volunteer.c - the volunteer roster and volunteers' trainings
 * (sw-project volunteers, trainings, roster). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "project/project.h"

/* ---- sw-project volunteers ----------------------------------------------------- */

enum { V_ID, V_NAME, V_PHONE, V_JOINED, V_CREATED, NV };

static const cw_fieldspec volunteer_fields[NV] = {
	{"volunteer_id", {"志愿者编号"}},
	{"name", {"姓名"}},
	{"phone", {"电话", "联系电话"}},
	{"joined", {"加入日期"}},
	{"created_at", {"创建时间"}},
};
static const cw_names volunteer_names = CW_FIELDS_NAMES(volunteer_fields, NV);

static const cw_col volunteer_cols[NV] = {
	{"volunteer_id", 0}, {"name", 0}, {"phone", 0}, {"joined", 0},
	{"created_at", 0},
};

static int volunteer_record(void *ctx, cw_batch *b, const cw_record *rec)
{
	project_work *w = ctx;
	const char *v[NV], *src[NV], *out[NV] = {0}, *why;
	char joined[11], idbuf[32], now[21], *phone = NULL;
	int64_t id;
	cw_date d;
	size_t i;
	int r, rc = 0;

#define HDR(i) store_fields_hdr(volunteer_fields, src, (i))
	if (store_fields_map(b, rec, volunteer_fields, NV, v, src))
		return 0;
	if (v[V_ID])
		return project_known(w->db, b, rec, volunteer_fields, v, src,
				     V_ID, CW_K_VOLUNTEER, "volunteers");
	if (v[V_CREATED]) {
		cw_batch_reject(b, rec, HDR(V_CREATED), "read-only; leave it empty "
				"for a new volunteer");
		return 0;
	}
	if (project_required(b, rec, HDR(V_NAME), v[V_NAME], "the volunteer's "
			     "name, as activities and trainings list it"))
		return 0;
	if (strchr(v[V_NAME], '=') || strchr(v[V_NAME], ',') ||
	    strstr(v[V_NAME], "、") || strstr(v[V_NAME], "，") ||
	    strchr(v[V_NAME], ';') || strstr(v[V_NAME], "；")) {
		cw_batch_reject(b, rec, HDR(V_NAME), "a name with = , 、 or ; "
				"cannot be listed with hours");
		return 0;
	}
	/* the name is never repeated: the line of its first record in
	 * this batch, or the id it is stored under */
	for (i = 0; i < w->nseen; i++)
		if (!strcmp(strchr(w->seen[i], '\t') + 1, v[V_NAME]))
			break;
	if (i < w->nseen) {
		cw_batch_reject(b, rec, HDR(V_NAME), "given twice in this batch "
				"(line %ld; names are how activities list them: "
				"tell two apart, 王芳(东区))", atol(w->seen[i]));
		return 0;
	}
	r = w->db ? plan_db_volunteer(w->db, v[V_NAME], &id) : 0;
	if (r < 0)
		return CW_EXIT_DB;
	if (r) {
		cw_batch_reject(b, rec, HDR(V_NAME), "on the volunteer roster "
				"already as VL-%lld (names are how activities "
				"list them: tell two apart, 王芳(东区))",
				(long long)id);
		return 0;
	}
	if (v[V_PHONE] && cw_phone_normalise(v[V_PHONE], &phone, &why)) {
		cw_batch_reject(b, rec, HDR(V_PHONE), "%s", why);
		return 0;
	}
	if (!v[V_JOINED]) {
		cw_batch_reject(b, rec, HDR(V_JOINED), "required (the day the "
				"volunteer joined)");
		goto out;
	}
	if (plan_date(b, rec, HDR(V_JOINED), v[V_JOINED], w->x->today, 0, &d))
		goto out;
#undef HDR
	cw_date_format(d, joined);
	out[V_NAME] = v[V_NAME];
	out[V_PHONE] = phone;
	out[V_JOINED] = joined;
	w->seen = cw_xrealloc(w->seen, (w->nseen + 1) * sizeof *w->seen);
	{	/* "LINE\tNAME" */
		size_t len = strlen(v[V_NAME]) + 24;
		char *key = cw_xcalloc(len, 1);

		snprintf(key, len, "%ld\t%s", rec->line, v[V_NAME]);
		w->seen[w->nseen++] = key;
	}
	if (!w->dry_run) {
		cw_utc_now(now);
		if ((rc = project_db_volunteer_insert(w->db, v[V_NAME], phone, joined,
						      now, cw_batch_id(b), &id)))
			goto out;
		cw_id_format(CW_K_VOLUNTEER, id, idbuf);
		out[V_ID] = idbuf;
		out[V_CREATED] = now;
		store_audit_created(w->records, id, volunteer_cols, NV, out,
				   &w->json);
	}
	cw_batch_stored(b, out);
out:
	free(phone);
	return rc;
}

/* ---- sw-project trainings ------------------------------------------------------- */

enum { T_ID, T_DATE, T_TITLE, T_MINUTES, T_ATTENDEES, T_CREATED, T_PROJECT, NT };

static const cw_fieldspec training_fields[NT] = {
	{"training_id", {"培训编号"}},
	{"date", {"日期", "培训日期"}},
	{"title", {"培训主题", "主题"}},
	{"minutes", {"时长"}},
	{"attendees", {"参训志愿者"}},
	{"created_at", {"创建时间"}},
	{"project", {"项目"}},
};
static const cw_names training_names = CW_FIELDS_NAMES(training_fields, NT);

static const project_event training_event = {
	CW_K_TRAINING, "trainings", "training", T_ID, T_CREATED, T_DATE, T_TITLE
};

static const cw_col training_cols[NT] = {
	{"training_id", 0}, {"date", 0}, {"title", 0}, {"minutes", 1},
	{"attendees", 0}, {"created_at", 0}, {"project", 0},
};

static int id_order(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

/* A new training the same as one stored (or earlier in the batch) on
 * date, title, project and attendees is a repeat: skipped, and
 * CW_REJECTED returned so that it is not stored; else 0, or an exit
 * code. */
static int same_training(project_work *w, cw_batch *b, const cw_record *rec,
			 const char *date, const char *title,
			 const char *project, const int64_t *vols, size_t n)
{
	int64_t *sorted = cw_xcalloc(n ? n : 1, sizeof *sorted), same;
	char idbuf[32];
	cw_buf ids;
	size_t i;
	int r;

	memcpy(sorted, vols, n * sizeof *sorted);
	qsort(sorted, n, sizeof *sorted, id_order);
	cw_buf_init(&ids);
	for (i = 0; i < n; i++)
		cw_buf_printf(&ids, "%s%lld", i ? "," : "", (long long)sorted[i]);
	r = project_db_training_same(w->db, date, title, project,
				     ids.len ? ids.s : "", &same);
	free(sorted);
	cw_buf_release(&ids);
	if (r < 0)
		return CW_EXIT_DB;
	if (!r)
		return 0;
	cw_id_format(CW_K_TRAINING, same, idbuf);
	cw_batch_skip(b, rec, "the same training as %s, stored already", idbuf);
	return CW_REJECTED;
}

static int training_record(void *ctx, cw_batch *b, const cw_record *rec)
{
	project_work *w = ctx;
	const char *v[NT], *src[NT], *out[NT] = {0}, *project;
	char date[11], minutes[32], idbuf[32], now[21], **names = NULL;
	int64_t *vols = NULL, id;
	size_t n = 0, i, j;
	cw_buf joined;
	cw_date d;
	long mins;
	int rc = 0;

	cw_buf_init(&joined);
#define HDR(i) store_fields_hdr(training_fields, src, (i))
	if (store_fields_map(b, rec, training_fields, NT, v, src))
		goto out;
	if ((rc = project_event_head(w->x, b, rec, training_fields, v, src,
				     &training_event, &d)) != 0) {
		if (rc == CW_REJECTED)
			rc = 0;
		goto out;
	}
	if (plan_minutes(b, rec, HDR(T_MINUTES), v[T_MINUTES], &mins))
		goto out;
	if (mins < 1) {
		cw_batch_reject(b, rec, HDR(T_MINUTES), "must be 1 or more (a "
				"whole number of minutes, 1 to 1440)");
		goto out;
	}
	project = v[T_PROJECT];
	if ((rc = project_of_record(w->x, b, rec, HDR(T_PROJECT), &project, d,
				    "the training's date")) != 0) {
		if (rc == CW_REJECTED)
			rc = 0;
		goto out;
	}
	n = v[T_ATTENDEES] ? plan_split(v[T_ATTENDEES], 0, &names) : 0;
	if (!n) {
		cw_batch_reject(b, rec, HDR(T_ATTENDEES), "required (the volunteers "
				"who attended, by their names on the roster, "
				"separated by commas or 、)");
		goto out;
	}
	vols = cw_xcalloc(n, sizeof *vols);
	for (i = 0; i < n; i++) {
		for (j = 0; j < i; j++)
			if (!strcmp(names[i], names[j]))
				break;
		if (j < i) {
			cw_batch_reject(b, rec, HDR(T_ATTENDEES), "volunteer %zu is "
					"listed twice (also volunteer %zu)", i + 1,
					j + 1);
			goto out;
		}
		if ((rc = plan_volunteer_of(w->db, b, rec, HDR(T_ATTENDEES), names[i],
				       i + 1, &vols[i])) != 0) {
			if (rc == CW_REJECTED)
				rc = 0;
			goto out;
		}
		cw_buf_printf(&joined, "%s%s", i ? ", " : "", names[i]);
	}
#undef HDR
	cw_date_format(d, date);
	snprintf(minutes, sizeof minutes, "%ld", mins);
	out[T_DATE] = date;
	out[T_TITLE] = v[T_TITLE];
	out[T_MINUTES] = minutes;
	out[T_ATTENDEES] = joined.s;
	out[T_PROJECT] = project;
	if (!w->dry_run) {
		if ((rc = same_training(w, b, rec, date, v[T_TITLE], project, vols,
					n)) != 0) {
			if (rc == CW_REJECTED)
				rc = 0;
			goto out;
		}
		cw_utc_now(now);
		if ((rc = project_db_training_insert(w->db, date, v[T_TITLE], mins,
						     now, cw_batch_id(b), project,
						     &id)) != 0)
			goto out;
		for (i = 0; i < n; i++)
			if ((rc = project_db_attendee_insert(w->db, id, vols[i])) != 0)
				goto out;
		cw_id_format(CW_K_TRAINING, id, idbuf);
		out[T_ID] = idbuf;
		out[T_CREATED] = now;
		store_audit_created(w->records, id, training_cols, NT, out,
				   &w->json);
	}
	cw_batch_stored(b, out);
out:
	plan_list_free(names, n);
	free(vols);
	cw_buf_release(&joined);
	return rc;
}

int project_volunteers(const cw_ctx *x, const cw_batch_opts *o, char **files,
		       size_t nfiles)
{
	return project_run(x, o, files, nfiles, CW_K_VOLUNTEER, volunteer_cols,
			   NV, &volunteer_names, volunteer_record);
}

int project_trainings(const cw_ctx *x, const cw_batch_opts *o, char **files,
		      size_t nfiles)
{
	return project_run(x, o, files, nfiles, CW_K_TRAINING, training_cols, NT,
			   &training_names, training_record);
}

/* ---- sw-project roster ---------------------------------------------------------- */

enum { R_ID, R_NAME, R_PHONE, R_JOINED, R_CREATED, R_HOURS, R_TRAININGS, NR };

static const cw_col roster_cols[NR] = {
	{"volunteer_id", 0}, {"name", 0}, {"phone", 0}, {"joined", 0},
	{"created_at", 0}, {"hours", 1}, {"trainings", 1},
};

int project_roster(const cw_ctx *x, enum cw_format fmt)
{
	const char *v[NR];
	char hours[32];
	store_stmt *st = project_db_volunteers(x->db);
	cw_writer *w;
	int r, c, rc = 0, rows = 0;

	if (!st)
		return CW_EXIT_DB;
	w = cw_writer_new(x->out, fmt, roster_cols, NR);
	while ((r = store_step_out(st, w)) == STORE_ROW) {
		for (c = 0; c < R_HOURS; c++)
			v[c] = store_col_text(st, c);
		plan_hours_text((long)store_col_int(st, 5), hours);
		v[R_HOURS] = hours;
		v[R_TRAININGS] = store_col_text(st, 6);
		cw_writer_row(w, v);
		rows++;
	}
	if (r != STORE_DONE)
		rc = store_fail(x->db, "read the volunteer roster");
	store_finalize(st);
	if (!rc && cw_writer_finish(w) != 0)
		rc = cw_writer_failed(w, 0);
	cw_writer_free(w);
	return rc ? rc : rows ? 0 : CW_EXIT_EMPTY;
}
