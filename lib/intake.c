/* intake.c - registering clients and opening cases; listing them. */
#define _POSIX_C_SOURCE 200809L
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <nettle/sha2.h>
#include "db_priv.h"

/* The fields of a case record, in output order (casework.7, RECORDS). */
enum {
	F_CASE_ID, F_CLIENT_ID, F_NAME, F_SEX, F_BIRTH_DATE, F_ID_NUMBER,
	F_PHONE, F_ADDRESS, F_REFERRAL_SOURCE, F_PRESENTING_PROBLEM, F_WORKER,
	F_INTAKE_DATE, F_STATUS, F_CLOSED_DATE, F_NOTES, F_CREATED_AT, NF
};

enum fkind { FK_TEXT, FK_SEX, FK_DATE, FK_IDNUM, FK_PHONE, FK_READONLY };

static const struct fieldspec {
	const char *alias[3];   /* other accepted headers */
	enum fkind kind;        /* how the value is checked */
	int client;             /* 1: belongs to the client, not the case */
} spec[NF] = {
	[F_CASE_ID] = {{"个案编号"}, FK_READONLY, 0},
	[F_CLIENT_ID] = {{"服务对象编号"}, FK_READONLY, 1},
	[F_NAME] = {{"姓名"}, FK_TEXT, 1},
	[F_SEX] = {{"性别"}, FK_SEX, 1},
	[F_BIRTH_DATE] = {{"出生日期"}, FK_DATE, 1},
	[F_ID_NUMBER] = {{"身份证号", "身份证号码"}, FK_IDNUM, 1},
	[F_PHONE] = {{"联系电话", "电话"}, FK_PHONE, 1},
	[F_ADDRESS] = {{"住址", "地址"}, FK_TEXT, 1},
	[F_REFERRAL_SOURCE] = {{"转介来源"}, FK_TEXT, 0},
	[F_PRESENTING_PROBLEM] = {{"求助问题"}, FK_TEXT, 0},
	[F_WORKER] = {{"负责社工"}, FK_TEXT, 0},
	[F_INTAKE_DATE] = {{"接案日期"}, FK_DATE, 0},
	[F_STATUS] = {{"状态"}, FK_READONLY, 0},
	[F_CLOSED_DATE] = {{"结案日期"}, FK_READONLY, 0},
	[F_NOTES] = {{"备注"}, FK_TEXT, 0},
	[F_CREATED_AT] = {{"创建时间"}, FK_READONLY, 0},
};

static const cw_col case_cols[NF] = {
	{"case_id", 0}, {"client_id", 0}, {"name", 0}, {"sex", 0},
	{"birth_date", 0}, {"id_number", 0}, {"phone", 0}, {"address", 0},
	{"referral_source", 0}, {"presenting_problem", 0}, {"worker", 0},
	{"intake_date", 0}, {"status", 0}, {"closed_date", 0}, {"notes", 0},
	{"created_at", 0},
};

/* Client records: these case fields, in this order. */
static const int client_fields[] = {
	F_CLIENT_ID, F_NAME, F_SEX, F_BIRTH_DATE, F_ID_NUMBER, F_PHONE,
	F_ADDRESS, F_CREATED_AT
};
#define NCLIENT (sizeof client_fields / sizeof client_fields[0])
static cw_col client_cols[NCLIENT];

static const char case_select[] =
	"SELECT 'CA-' || k.id, 'CL-' || c.id, c.name, c.sex, c.birth_date,"
	" c.id_number, c.phone, c.address, k.referral_source,"
	" k.presenting_problem, k.worker, k.intake_date, k.status,"
	" k.closed_date, k.notes, k.created_at"
	" FROM cases k JOIN clients c ON c.id = k.client_id";

static const char client_select[] =
	"SELECT 'CL-' || c.id, c.name, c.sex, c.birth_date, c.id_number,"
	" c.phone, c.address, c.created_at FROM clients c";

static int field_index(const char *name)
{
	int i, a;
	for (i = 0; i < NF; i++) {
		if (!strcmp(name, case_cols[i].name))
			return i;
		for (a = 0; a < 3 && spec[i].alias[a]; a++)
			if (!strcmp(name, spec[i].alias[a]))
				return i;
	}
	return -1;
}

/* ---- people already seen in this batch --------------------------------- */

/* An open-addressing table from identity number to the record that first
 * gave it, so that a duplicate within one batch is found in constant time
 * whether or not the batch writes (a dry run writes nothing to look up). */
struct seen {
	char idnum[19];     /* canonical identity number, "" for a free slot */
	long line;          /* where it was first given */
	char *file;         /* in which input, owned */
	char *name;         /* the name given with it, owned */
	int64_t client;     /* its client id (0 in a dry run for a new one) */
};

struct seen_table {
	struct seen *slot;  /* slots, owned */
	size_t cap;         /* a power of two */
	size_t used;        /* slots taken */
};

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

static struct seen *seen_find(struct seen_table *t, const char *idnum,
			      int insert)
{
	size_t i;
	if (insert && (t->used + 1) * 2 > t->cap) {
		struct seen_table n = {0};
		n.cap = t->cap ? t->cap * 2 : 1024;
		n.slot = cw_xcalloc(n.cap, sizeof *n.slot);
		for (i = 0; i < t->cap; i++)
			if (t->slot[i].idnum[0]) {
				struct seen *d = seen_find(&n, t->slot[i].idnum, 1);
				*d = t->slot[i];
			}
		free(t->slot);
		n.used = t->used;
		*t = n;
	}
	if (!t->cap)
		return NULL;
	for (i = hash_str(idnum) & (t->cap - 1);; i = (i + 1) & (t->cap - 1)) {
		if (!t->slot[i].idnum[0]) {
			if (!insert)
				return NULL;
			memcpy(t->slot[i].idnum, idnum, 19);
			t->used++;
			return &t->slot[i];
		}
		if (!strcmp(t->slot[i].idnum, idnum))
			return &t->slot[i];
	}
}

static void seen_release(struct seen_table *t)
{
	size_t i;
	for (i = 0; i < t->cap; i++) {
		free(t->slot[i].name);
		free(t->slot[i].file);
	}
	free(t->slot);
}

/* ---- id lists for the audit trail ---------------------------------------- */

/* Ids created by a batch, written as ranges ("CL-1..CL-40,CL-42"). */
struct idlist {
	enum cw_kind kind;  /* what they are */
	int64_t first;      /* the open run, 0 when none */
	int64_t last;
	long count;         /* ids added */
	cw_buf text;        /* closed runs */
	struct sha256_ctx digest;  /* over the created records */
};

static void idlist_init(struct idlist *l, enum cw_kind kind)
{
	memset(l, 0, sizeof *l);
	l->kind = kind;
	cw_buf_init(&l->text);
	sha256_init(&l->digest);
}

static void idlist_flush(struct idlist *l)
{
	char a[32], b[32];
	if (!l->first)
		return;
	cw_id_format(l->kind, l->first, a);
	cw_id_format(l->kind, l->last, b);
	if (l->text.len)
		cw_buf_addch(&l->text, ',');
	if (l->first == l->last)
		cw_buf_addstr(&l->text, a);
	else
		cw_buf_printf(&l->text, "%s..%s", a, b);
	l->first = 0;
}

static void idlist_add(struct idlist *l, int64_t id, const cw_buf *rec)
{
	if (l->first && id == l->last + 1) {
		l->last = id;
	} else {
		idlist_flush(l);
		l->first = l->last = id;
	}
	l->count++;
	sha256_update(&l->digest, rec->len, (const uint8_t *)rec->s);
	sha256_update(&l->digest, 1, (const uint8_t *)"\n");
}

/* ---- the add batch ---------------------------------------------------- */

struct intake {
	cw_db *db;                   /* NULL in a dry run without a database */
	int dry_run;                 /* check only */
	cw_date today;               /* default intake date */
	struct seen_table seen;      /* identity numbers in this batch */
	struct idlist clients;       /* clients created */
	struct idlist cases;         /* cases created */
	cw_buf scratch;              /* canonical JSON of one record */
	sqlite3_stmt *by_idnum;      /* client with an identity number */
	sqlite3_stmt *open_case;     /* a client's open case */
	sqlite3_stmt *get_case;      /* a case as output */
	sqlite3_stmt *get_client;    /* a client as output */
	sqlite3_stmt *ins_client;
	sqlite3_stmt *ins_case;
};

/* The values of one record as the tools print them. */
struct row {
	char *v[NF];                 /* canonical values, owned; NULL absent */
	const char *src[NF];         /* header as written, NULL when absent */
};

static void row_release(struct row *r)
{
	int i;
	for (i = 0; i < NF; i++)
		free(r->v[i]);
}

static const char *hdr(const struct row *r, int f)
{
	return r->src[f] ? r->src[f] : case_cols[f].name;
}

static int prepare_all(struct intake *in)
{
	cw_db *db = in->db;
	char sql[1024];
	if (!db)
		return 0;
	snprintf(sql, sizeof sql, "%s WHERE k.id = ?", case_select);
	if (!(in->get_case = cw_db_prepare(db, sql)))
		return CW_EXIT_DB;
	snprintf(sql, sizeof sql, "%s WHERE c.id = ?", client_select);
	if (!(in->get_client = cw_db_prepare(db, sql)) ||
	    !(in->by_idnum = cw_db_prepare(db,
		"SELECT id, name FROM clients WHERE id_number = ?"
		" ORDER BY id LIMIT 1")) ||
	    !(in->open_case = cw_db_prepare(db,
		"SELECT id FROM cases WHERE client_id = ? AND status = 'open'"
		" ORDER BY id LIMIT 1")))
		return CW_EXIT_DB;
	if (in->dry_run)
		return 0;
	if (!(in->ins_client = cw_db_prepare(db,
		"INSERT INTO clients (name, sex, birth_date, id_type, id_number,"
		" phone, address, created_at, batch_id)"
		" VALUES (?,?,?,?,?,?,?,?,?)")) ||
	    !(in->ins_case = cw_db_prepare(db,
		"INSERT INTO cases (client_id, status, intake_date, worker,"
		" referral_source, presenting_problem, notes, created_at,"
		" batch_id) VALUES (?,'open',?,?,?,?,?,?,?)")))
		return CW_EXIT_DB;
	return 0;
}

static void finalize_all(struct intake *in)
{
	sqlite3_finalize(in->by_idnum);
	sqlite3_finalize(in->open_case);
	sqlite3_finalize(in->get_case);
	sqlite3_finalize(in->get_client);
	sqlite3_finalize(in->ins_client);
	sqlite3_finalize(in->ins_case);
}

/* Reads a stored case or client (by the statement given) into out[NF];
 * returns 1 when found, 0 when not, -1 on a database error. */
static int load_row(cw_db *db, sqlite3_stmt *st, int64_t id, int clients,
		    char *out[NF])
{
	int r, i, n = clients ? (int)NCLIENT : NF;
	sqlite3_reset(st);
	sqlite3_bind_int64(st, 1, id);
	r = sqlite3_step(st);
	if (r == SQLITE_ROW) {
		for (i = 0; i < n; i++) {
			const char *t = (const char *)sqlite3_column_text(st, i);
			out[clients ? client_fields[i] : i] = t ? cw_xstrdup(t) : NULL;
		}
		sqlite3_reset(st);
		return 1;
	}
	sqlite3_reset(st);
	if (r == SQLITE_DONE)
		return 0;
	cw_db_fail(db, "read a record");
	return -1;
}

static int64_t query_id(cw_db *db, sqlite3_stmt *st, const char *text,
			int64_t num, char **name)
{
	int r;
	int64_t id = 0;
	sqlite3_reset(st);
	if (text)
		cw_db_bind_text(st, 1, text);
	else
		sqlite3_bind_int64(st, 1, num);
	r = sqlite3_step(st);
	if (r == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		if (name)
			*name = cw_xstrdup((const char *)sqlite3_column_text(st, 1));
	} else if (r != SQLITE_DONE) {
		cw_db_fail(db, "look up a client");
		id = -1;
	}
	sqlite3_reset(st);
	return id;
}

static const char *const sex_words[][2] = {
	{"female", "female"}, {"f", "female"}, {"女", "female"},
	{"male", "male"}, {"m", "male"}, {"男", "male"},
	{"other", "other"}, {"其他", "other"},
	{"unknown", "unknown"}, {"未知", "unknown"},
};

/* Checks one present value and replaces it with its canonical form.
 * Returns NULL when fine, else the reason. */
static const char *check_value(struct intake *in, int f, char **v)
{
	const char *why = NULL;
	cw_date d;
	char id[19], buf[11], *p;
	size_t i;

	switch (spec[f].kind) {
	case FK_SEX:
		for (i = 0; i < sizeof sex_words / sizeof sex_words[0]; i++)
			if (!strcasecmp(*v, sex_words[i][0])) {
				free(*v);
				*v = cw_xstrdup(sex_words[i][1]);
				return NULL;
			}
		return "not one of female, male, other, unknown (女, 男 and F, M are read too)";
	case FK_DATE:
		if (cw_date_parse(*v, &d, &why))
			return why;
		if (d > in->today)
			return "is in the future";
		cw_date_format(d, buf);
		free(*v);
		*v = cw_xstrdup(buf);
		return NULL;
	case FK_IDNUM:
		if (cw_idnum_normalise(*v, id, &why))
			return why;
		free(*v);
		*v = cw_xstrdup(id);
		return NULL;
	case FK_PHONE:
		if (cw_phone_normalise(*v, &p, &why))
			return why;
		free(*v);
		*v = p;
		return NULL;
	default:
		return NULL;
	}
}

/* Maps the record's fields onto the row, refusing what cannot be stored
 * exactly. Returns 0, or 1 after rejecting the record. */
static int map_record(struct intake *in, cw_batch *b, const cw_record *rec,
		      struct row *r)
{
	size_t i;
	int f;
	const char *why;

	for (i = 0; i < rec->n; i++) {
		const cw_field *fl = &rec->f[i];
		if (cw_batch_ignored_column(fl->name))
			continue;
		f = field_index(fl->name);
		if (f < 0) {
			cw_batch_reject(b, rec, fl->name, "unknown column");
			return 1;
		}
		if (r->src[f]) {
			cw_batch_reject(b, rec, fl->name, "same field as column '%s'",
					r->src[f]);
			return 1;
		}
		r->src[f] = fl->name;
		if (fl->type == CW_F_TRUE || fl->type == CW_F_FALSE) {
			cw_batch_reject(b, rec, fl->name, "expected text, not true or false");
			return 1;
		}
		if (fl->type == CW_F_NUMBER &&
		    (spec[f].kind == FK_IDNUM || spec[f].kind == FK_PHONE) &&
		    strpbrk(fl->value, ".eE-+")) {
			cw_batch_reject(b, rec, fl->name, "given as a number that has "
					"lost digits; give it as text in quotes");
			return 1;
		}
		if (!fl->value || !fl->len)
			continue;
		r->v[f] = cw_xstrndup(fl->value, fl->len);
	}
	if (!r->v[F_NAME]) {
		cw_batch_reject(b, rec, hdr(r, F_NAME), "required");
		return 1;
	}
	for (f = 0; f < NF; f++)
		if (r->v[f] && (why = check_value(in, f, &r->v[f])) != NULL) {
			cw_batch_reject(b, rec, hdr(r, f), "%s", why);
			return 1;
		}
	if (r->v[F_ID_NUMBER]) {
		cw_date bd, given;
		char sx = cw_idnum_sex(r->v[F_ID_NUMBER]);
		if (r->v[F_BIRTH_DATE] && !cw_idnum_birth_date(r->v[F_ID_NUMBER], &bd) &&
		    !cw_date_parse(r->v[F_BIRTH_DATE], &given, &why) && bd != given) {
			cw_batch_reject(b, rec, hdr(r, F_BIRTH_DATE),
					"does not match the birth date in the identity number");
			return 1;
		}
		if (r->v[F_SEX] && ((sx == 'm' && !strcmp(r->v[F_SEX], "female")) ||
				    (sx == 'f' && !strcmp(r->v[F_SEX], "male")))) {
			cw_batch_reject(b, rec, hdr(r, F_SEX),
					"does not match the sex in the identity number");
			return 1;
		}
	}
	return 0;
}

static int same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

/* A record carrying the id of a stored record: unchanged, it is skipped
 * (output of the tools is valid input); changed, it is refused, since
 * add never edits. Returns 0 when handled, or an exit code. */
static int existing_case(struct intake *in, cw_batch *b, const cw_record *rec,
			 struct row *r, int64_t num)
{
	char *stored[NF] = {0};
	int f, found;

	found = in->db ? load_row(in->db, in->get_case, num, 0, stored) : 0;
	if (found < 0)
		return CW_EXIT_DB;
	if (!found) {
		cw_batch_reject(b, rec, hdr(r, F_CASE_ID), "no such case");
		return 0;
	}
	for (f = 0; f < NF; f++)
		if (r->src[f] && !same(r->v[f], stored[f]))
			break;
	if (f < NF)
		cw_batch_reject(b, rec, hdr(r, f), "differs from the stored case "
				"%s; add does not change stored records", stored[F_CASE_ID]);
	else
		cw_batch_skip(b, rec, "already stored as %s", stored[F_CASE_ID]);
	for (f = 0; f < NF; f++)
		free(stored[f]);
	return 0;
}

/* Finds the client a new case belongs to: the one named by client_id, or
 * the one with the same identity number (in the database or earlier in
 * this batch). *client is 0 for a new client. Returns 0 when the record
 * may go on, 1 after it was skipped or rejected, or an exit code. */
static int find_client(struct intake *in, cw_batch *b, const cw_record *rec,
		       struct row *r, int64_t *client, struct seen **seen)
{
	char *stored[NF] = {0}, idbuf[32], *name = NULL;
	int64_t num, open_case = 0;
	enum cw_kind kind;
	int f, found, rc = 0;

	*client = 0;
	*seen = NULL;
	if (r->v[F_CLIENT_ID]) {
		if (cw_id_parse(r->v[F_CLIENT_ID], &kind, &num) || kind != CW_K_CLIENT) {
			cw_batch_reject(b, rec, hdr(r, F_CLIENT_ID), "not a client id (CL-n)");
			return 1;
		}
		found = in->db ? load_row(in->db, in->get_client, num, 1, stored) : 0;
		if (found < 0)
			return CW_EXIT_DB;
		if (!found) {
			cw_batch_reject(b, rec, hdr(r, F_CLIENT_ID), "no such client");
			return 1;
		}
		for (f = 0; f < NF && !rc; f++)
			if (spec[f].client && f != F_CLIENT_ID && f != F_CREATED_AT &&
			    r->src[f] && !same(r->v[f], stored[f])) {
				cw_batch_reject(b, rec, hdr(r, f), "differs from the stored "
						"client %s", stored[F_CLIENT_ID]);
				rc = 1;
			}
		for (f = 0; f < NF; f++)
			free(stored[f]);
		if (rc)
			return rc;
		*client = num;
	} else if (r->v[F_ID_NUMBER]) {
		struct seen *s = seen_find(&in->seen, r->v[F_ID_NUMBER], 0);
		if (s) {
			if (strcmp(s->name, r->v[F_NAME]))
				cw_batch_reject(b, rec, hdr(r, F_ID_NUMBER), "also given "
						"at %s:%ld with another name", s->file, s->line);
			else
				cw_batch_skip(b, rec, "same person as %s:%ld in this "
					      "batch", s->file, s->line);
			return 1;
		}
		num = in->db ? query_id(in->db, in->by_idnum, r->v[F_ID_NUMBER], 0, &name) : 0;
		if (num < 0)
			return CW_EXIT_DB;
		if (num && strcmp(name, r->v[F_NAME])) {
			cw_id_format(CW_K_CLIENT, num, idbuf);
			cw_batch_reject(b, rec, hdr(r, F_ID_NUMBER), "already registered "
					"to client %s under another name", idbuf);
			free(name);
			return 1;
		}
		free(name);
		*client = num;
		*seen = seen_find(&in->seen, r->v[F_ID_NUMBER], 1);
		(*seen)->line = rec->line;
		(*seen)->file = cw_xstrdup(cw_batch_file(b));
		(*seen)->name = cw_xstrdup(r->v[F_NAME]);
		(*seen)->client = num;
	}
	if (*client && in->db) {
		open_case = query_id(in->db, in->open_case, NULL, *client, NULL);
		if (open_case < 0)
			return CW_EXIT_DB;
	}
	if (open_case) {
		char cl[32], ca[32];
		cw_id_format(CW_K_CLIENT, *client, cl);
		cw_id_format(CW_K_CASE, open_case, ca);
		cw_batch_skip(b, rec, "client %s already has the open case %s", cl, ca);
		return 1;
	}
	return 0;
}

static int step_insert(cw_db *db, sqlite3_stmt *st, int64_t *id)
{
	int r = sqlite3_step(st);
	sqlite3_reset(st);
	if (r != SQLITE_DONE)
		return cw_db_fail(db, "store a record");
	*id = sqlite3_last_insert_rowid(db->h);
	return 0;
}

static int store(struct intake *in, cw_batch *b, struct row *r, int64_t *client,
		 int64_t *case_id)
{
	char now[21];
	sqlite3_stmt *st;
	int rc;

	cw_utc_now(now);
	r->v[F_CREATED_AT] = cw_xstrdup(now);
	if (!*client) {
		st = in->ins_client;
		cw_db_bind_text(st, 1, r->v[F_NAME]);
		cw_db_bind_text(st, 2, r->v[F_SEX]);
		cw_db_bind_text(st, 3, r->v[F_BIRTH_DATE]);
		cw_db_bind_text(st, 4, r->v[F_ID_NUMBER] ? "resident" : NULL);
		cw_db_bind_text(st, 5, r->v[F_ID_NUMBER]);
		cw_db_bind_text(st, 6, r->v[F_PHONE]);
		cw_db_bind_text(st, 7, r->v[F_ADDRESS]);
		cw_db_bind_text(st, 8, now);
		sqlite3_bind_int64(st, 9, cw_batch_id(b));
		if ((rc = step_insert(in->db, st, client)) != 0)
			return rc;
	}
	st = in->ins_case;
	sqlite3_bind_int64(st, 1, *client);
	cw_db_bind_text(st, 2, r->v[F_INTAKE_DATE]);
	cw_db_bind_text(st, 3, r->v[F_WORKER]);
	cw_db_bind_text(st, 4, r->v[F_REFERRAL_SOURCE]);
	cw_db_bind_text(st, 5, r->v[F_PRESENTING_PROBLEM]);
	cw_db_bind_text(st, 6, r->v[F_NOTES]);
	cw_db_bind_text(st, 7, now);
	sqlite3_bind_int64(st, 8, cw_batch_id(b));
	return step_insert(in->db, st, case_id);
}

static int add_record(void *ctx, cw_batch *b, const cw_record *rec)
{
	struct intake *in = ctx;
	struct row r;
	struct seen *seen;
	int64_t client = 0, case_id = 0, num;
	enum cw_kind kind;
	int rc = 0, f, new_client;
	char idbuf[32], cl[32];

	memset(&r, 0, sizeof r);
	if (map_record(in, b, rec, &r))
		goto out;
	if (r.v[F_CASE_ID]) {
		if (cw_id_parse(r.v[F_CASE_ID], &kind, &num) || kind != CW_K_CASE)
			cw_batch_reject(b, rec, hdr(&r, F_CASE_ID), "not a case id (CA-n)");
		else
			rc = existing_case(in, b, rec, &r, num);
		goto out;
	}
	for (f = F_STATUS; f < NF; f++)
		if (spec[f].kind == FK_READONLY && r.v[f]) {
			cw_batch_reject(b, rec, hdr(&r, f), "read-only; leave it "
					"empty for a new case");
			goto out;
		}
	rc = find_client(in, b, rec, &r, &client, &seen);
	if (rc) {
		rc = rc == 1 ? 0 : rc;
		goto out;
	}
	if (!r.v[F_INTAKE_DATE]) {
		char d[11];
		cw_date_format(in->today, d);
		r.v[F_INTAKE_DATE] = cw_xstrdup(d);
	}
	new_client = !client;
	if (!in->dry_run) {
		if ((rc = store(in, b, &r, &client, &case_id)) != 0)
			goto out;
		if (seen)
			seen->client = client;
		free(r.v[F_CASE_ID]);
		cw_id_format(CW_K_CASE, case_id, idbuf);
		r.v[F_CASE_ID] = cw_xstrdup(idbuf);
		r.v[F_STATUS] = cw_xstrdup("open");
	}
	free(r.v[F_CLIENT_ID]);
	r.v[F_CLIENT_ID] = NULL;
	if (client) {
		cw_id_format(CW_K_CLIENT, client, cl);
		r.v[F_CLIENT_ID] = cw_xstrdup(cl);
	}
	if (!in->dry_run) {
		const char *cv[NCLIENT];
		size_t i;
		if (new_client) {
			for (i = 0; i < NCLIENT; i++)
				cv[i] = r.v[client_fields[i]];
			cw_buf_reset(&in->scratch);
			cw_json_record(&in->scratch, client_cols, NCLIENT, cv);
			idlist_add(&in->clients, client, &in->scratch);
		}
		cw_buf_reset(&in->scratch);
		cw_json_record(&in->scratch, case_cols, NF, (const char *const *)r.v);
		idlist_add(&in->cases, case_id, &in->scratch);
	}
	cw_batch_stored(b, (const char *const *)r.v);
out:
	row_release(&r);
	return rc;
}

static int audit_list(cw_db *db, struct idlist *l)
{
	uint8_t d[SHA256_DIGEST_SIZE];
	char detail[160];
	int i, n;

	if (!l->count)
		return 0;
	idlist_flush(l);
	sha256_digest(&l->digest, sizeof d, d);
	n = snprintf(detail, sizeof detail, "{\"records\":%ld,\"sha256\":\"", l->count);
	for (i = 0; i < SHA256_DIGEST_SIZE; i++)
		n += snprintf(detail + n, sizeof detail - (size_t)n, "%02x", d[i]);
	snprintf(detail + n, sizeof detail - (size_t)n, "\"}");
	return cw_audit_append(db, "insert", l->kind, l->text.s, detail);
}

/* The batch's audit entries: one per kind of record it created, naming
 * them and a digest of their contents as first printed. */
static int add_finish(void *ctx, cw_batch *b)
{
	struct intake *in = ctx;
	(void)b;
	if (audit_list(in->db, &in->clients))
		return CW_EXIT_DB;
	return audit_list(in->db, &in->cases) ? CW_EXIT_DB : 0;
}

static void init_client_cols(void)
{
	size_t i;
	for (i = 0; i < NCLIENT; i++)
		client_cols[i] = case_cols[client_fields[i]];
}

int cw_intake_add(const cw_batch_opts *o, const char *db_path,
		  const cw_config *cfg, char **files, size_t nfiles)
{
	struct intake in;
	int rc = 0;

	init_client_cols();
	memset(&in, 0, sizeof in);
	in.dry_run = o->dry_run;
	in.today = cw_date_today();
	cw_buf_init(&in.scratch);
	idlist_init(&in.clients, CW_K_CLIENT);
	idlist_init(&in.cases, CW_K_CASE);
	rc = cw_batch_check_inputs(o, files, nfiles);
	if (!rc && (!o->dry_run || cw_db_exists(db_path)))
		rc = cw_db_open(&in.db, db_path, o->dry_run ? CW_DB_READ : CW_DB_WRITE, cfg);
	if (!rc)
		rc = prepare_all(&in);
	if (!rc)
		rc = cw_batch_run(o, in.db, files, nfiles, case_cols, NF,
				  add_record, add_finish, &in);
	finalize_all(&in);
	cw_db_free(in.db);
	seen_release(&in.seen);
	cw_buf_release(&in.scratch);
	cw_buf_release(&in.clients.text);
	cw_buf_release(&in.cases.text);
	return rc;
}

/* ---- list and show ---------------------------------------------------- */

/* Streams the rows of st to a writer; returns 0, CW_EXIT_EMPTY, or an
 * error code. */
static int print_rows(cw_db *db, sqlite3_stmt *st, const cw_col *cols,
		      size_t ncols, enum cw_format fmt)
{
	cw_writer *w = cw_writer_new(stdout, fmt, cols, ncols);
	const char *vals[NF];
	size_t i;
	int r, rc = 0;

	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		for (i = 0; i < ncols; i++)
			vals[i] = (const char *)sqlite3_column_text(st, (int)i);
		cw_writer_row(w, vals);
	}
	if (r != SQLITE_DONE)
		rc = cw_db_fail(db, "read records");
	if (cw_writer_finish(w) != 0) {
		cw_output_failed(cw_writer_errno(w));
		rc = rc ? rc : CW_EXIT_IO;
	}
	if (!rc && !cw_writer_rows(w))
		rc = CW_EXIT_EMPTY;
	cw_writer_free(w);
	return rc;
}

int cw_intake_list(const char *db_path, const cw_config *cfg,
		   const cw_intake_query *q, enum cw_format fmt)
{
	cw_db *db;
	sqlite3_stmt *st;
	cw_buf sql;
	char since[11], until[11];
	int rc, n = 0;

	init_client_cols();
	if (q->status && strcmp(q->status, "open") && strcmp(q->status, "closed"))
		return cw_usage_error("option '--status': use open or closed");
	if ((rc = cw_db_open(&db, db_path, CW_DB_READ, cfg)) != 0)
		return rc;
	cw_buf_init(&sql);
	if (q->clients)
		cw_buf_printf(&sql, "%s WHERE EXISTS (SELECT 1 FROM cases k WHERE"
			      " k.client_id = c.id", client_select);
	else
		cw_buf_printf(&sql, "%s WHERE 1", case_select);
	cw_buf_addstr(&sql, " AND (?1 IS NULL OR k.worker = ?1)"
		      " AND (?2 IS NULL OR k.status = ?2)"
		      " AND (?3 IS NULL OR k.intake_date >= ?3)"
		      " AND (?4 IS NULL OR k.intake_date <= ?4)");
	cw_buf_addstr(&sql, q->clients ? ") ORDER BY c.id" : " ORDER BY k.id");
	st = cw_db_prepare(db, sql.s);
	cw_buf_release(&sql);
	if (!st) {
		cw_db_free(db);
		return CW_EXIT_DB;
	}
	cw_date_format(q->since, since);
	cw_date_format(q->until, until);
	cw_db_bind_text(st, ++n, q->worker);
	cw_db_bind_text(st, ++n, q->status);
	cw_db_bind_text(st, ++n, q->has_since ? since : NULL);
	cw_db_bind_text(st, ++n, q->has_until ? until : NULL);
	rc = q->clients ? print_rows(db, st, client_cols, NCLIENT, fmt)
			: print_rows(db, st, case_cols, NF, fmt);
	sqlite3_finalize(st);
	cw_db_free(db);
	return rc;
}

int cw_intake_show(const char *db_path, const cw_config *cfg, const char *id,
		   enum cw_format fmt)
{
	cw_db *db;
	sqlite3_stmt *st;
	enum cw_kind kind;
	int64_t num;
	char sql[1024];
	int rc;

	init_client_cols();
	if (cw_id_parse(id, &kind, &num)) {
		cw_error("'%s' is not an id: give a client (CL-n) or case (CA-n) id", id);
		return CW_EXIT_DATA;
	}
	if (kind != CW_K_CLIENT && kind != CW_K_CASE) {
		cw_error("'%s' is %s id: give a client (CL-n) or case (CA-n) id",
			 id, kind == CW_K_ASSESSMENT ? "an assessment" :
			 kind == CW_K_AUDIT ? "an audit" : "another kind of");
		return CW_EXIT_DATA;
	}
	if ((rc = cw_db_open(&db, db_path, CW_DB_READ, cfg)) != 0)
		return rc;
	snprintf(sql, sizeof sql, "%s WHERE %s = ?",
		 kind == CW_K_CLIENT ? client_select : case_select,
		 kind == CW_K_CLIENT ? "c.id" : "k.id");
	st = cw_db_prepare(db, sql);
	if (!st) {
		cw_db_free(db);
		return CW_EXIT_DB;
	}
	sqlite3_bind_int64(st, 1, num);
	/* Look before printing: a missing record prints nothing at all, not
	 * the empty selection of the machine formats. */
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_DONE) {
		cw_error("no %s %s", cw_kind_name(kind), id);
		rc = CW_EXIT_DATA;
	} else if (rc != SQLITE_ROW) {
		rc = cw_db_fail(db, "read a record");
	} else {
		rc = kind == CW_K_CLIENT ? print_rows(db, st, client_cols, NCLIENT, fmt)
					 : print_rows(db, st, case_cols, NF, fmt);
	}
	sqlite3_finalize(st);
	cw_db_free(db);
	return rc;
}
