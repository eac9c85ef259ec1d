/* admin/backup.c - sw-admin backup and restore: a SQLite database copied
 * into a file of its own while writers go on, verified before it is
 * kept, and a database written back from such a file. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <nettle/sha2.h>
#include "admin/admin.h"
#include "io/io.h"

/* What a verified copy holds, for the audit entries that name it. */
typedef struct verified {
	long entries;      /* audit entries, the chain verified */
	char head[65];     /* the last one's hash (64 zeros: none) */
	char sha[65];      /* SHA-256 of the file's bytes */
} verified;

/* A server's database is backed up by its server's tools. */
static int refuse_server(const char *target, const char *verb)
{
	if (!core_target_is_server(target))
		return 0;
	return cw_usage_error("%s is a SQLite file's: back up a PostgreSQL "
			      "database with pg_dump -Fc, restore it with "
			      "pg_restore, then verify it with sw-admin check "
			      "(sw-admin(1), EXAMPLES)", verb);
}

/* A backup never replaces a file. */
static int refuse_existing(const char *file, int code)
{
	struct stat sb;

	if (lstat(file, &sb) != 0)
		return 0;
	if (code == CW_EXIT_USAGE)
		return cw_usage_error("'%s' exists: a backup is written to a new "
				      "file", file);
	cw_error("'%s' exists: a backup is written to a new file", file);
	return code;
}

int admin_backup_check(const char *target, const char *file,
		       const cw_config *cfg)
{
	int rc = refuse_server(target, "backup");

	if (!rc)
		rc = cw_outpath_check(file, target, cfg);
	if (!rc)
		rc = refuse_existing(file, CW_EXIT_USAGE);
	return rc;
}

int admin_restore_check(const char *target, const char *file, int replace)
{
	struct stat sb;
	int rc = refuse_server(target, "restore");

	if (rc)
		return rc;
	if (cw_same_file(file, target))
		return cw_usage_error("restore '%s' onto itself", file);
	if (stat(file, &sb) != 0) {
		cw_error("cannot open '%s': %s", file, strerror(errno));
		return CW_EXIT_IO;
	}
	if (!replace && lstat(target, &sb) == 0)
		return cw_usage_error("'%s' exists: restore to a new name, or "
				      "give --replace to replace it (it is "
				      "backed up beside itself first)", target);
	return 0;
}

/* SHA-256 of the file path's bytes into out: 0 or CW_EXIT_IO. */
static int file_sha256(const char *path, char out[65])
{
	struct sha256_ctx h;
	uint8_t d[SHA256_DIGEST_SIZE];
	unsigned char buf[65536];
	FILE *fp = fopen(path, "rb");
	size_t n;
	int bad;

	if (!fp) {
		cw_error("cannot read '%s': %s", path, strerror(errno));
		return CW_EXIT_IO;
	}
	sha256_init(&h);
	while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
		sha256_update(&h, n, buf);
	bad = ferror(fp);
	fclose(fp);
	if (bad) {
		cw_error("cannot read '%s'", path);
		return CW_EXIT_IO;
	}
	sha256_digest(&h, sizeof d, d);
	cw_hex(d, sizeof d, out);
	return 0;
}

/* Verifies the copy at tmp, named name in messages: casework's schema
 * (not an extract), SQLite's integrity check, the audit chain. */
static int verify(const char *tmp, const char *name,
		  const store_file_info *info, const cw_config *cfg,
		  verified *v)
{
	cw_db *db = NULL;
	int rc;

	if (info->schema_version <= 0) {
		cw_error("'%s' is not a casework database", name);
		return CW_EXIT_DB;
	}
	if (info->schema_version > CW_SCHEMA_VERSION) {
		cw_error("database '%s' has schema version %d, newer than this "
			 "program's %d: upgrade casework", name,
			 info->schema_version, CW_SCHEMA_VERSION);
		return CW_EXIT_DB;
	}
	if (info->application_id == STORE_EXTRACT_ID) {
		cw_error("'%s' is a worker's extract (sw-admin copy --worker), "
			 "not a database's backup", name);
		return CW_EXIT_DB;
	}
	if ((rc = cw_db_open(&db, tmp, CW_DB_READ, cfg)) != 0)
		return rc;
	store_rename(db, name);
	if (store_begin(db, 0))
		rc = CW_EXIT_DB;
	if (!rc)
		rc = store_integrity(db, name);
	if (!rc)
		rc = cw_audit_verify(db, &v->entries);
	if (!rc) {
		long long head_id;
		rc = store_audit_head(db, &head_id, v->head);
	}
	store_rollback(db);
	cw_db_free(db);
	return rc;
}

/* The audit entry of a batch of its own (verb and action what, entity
 * database, ids "all") in db: 0 or an exit code. */
static int audit_database(cw_db *db, const char *user, const char *what,
			  const char *detail)
{
	int64_t batch;
	int rc = cw_db_begin(db, user, what, &batch);

	if (rc)
		return rc;
	rc = store_audit_append(db, what, "database", "all", detail);
	if (!rc)
		return cw_db_commit(db);
	cw_db_rollback(db);
	return rc;
}

/* Backs db up into file, which must not exist: copied into a temporary
 * file beside it, verified, the hand-out audited in db (when audit: a
 * database's copy kept beside it as it is replaced is no hand-out, and
 * an entry in it would be lost with it), renamed. */
static int backup_to(cw_db *db, const char *user, const cw_config *cfg,
		     const char *file, int audit, verified *v)
{
	store_file_info info = {0, 0};
	cw_outfile *out = NULL;
	cw_buf detail;
	FILE *fp;
	int rc, e;

	if ((rc = refuse_existing(file, CW_EXIT_DB)) != 0)
		return rc;
	if ((e = cw_outfile_open(&out, file, &fp)) != 0) {
		cw_error("cannot create '%s': %s", file, cw_outfile_why(e));
		return CW_EXIT_IO;
	}
	rc = store_backup_db(db, io_outfile_tmp(out), cfg->busy_timeout_ms, &info);
	if (!rc)
		rc = verify(io_outfile_tmp(out), file, &info, cfg, v);
	if (!rc)
		rc = file_sha256(io_outfile_tmp(out), v->sha);
	/* a backup hands every record out: the database says so before the
	 * copy is kept, or there is no copy. The file is named by its
	 * digest, never by its name, which may say anything. */
	cw_buf_init(&detail);
	cw_buf_printf(&detail, "{\"sha256\":\"%s\",\"audit_entries\":%ld,"
		      "\"audit_head\":\"%s\"}", v->sha, v->entries, v->head);
	if (!rc && audit)
		rc = audit_database(db, user, "backup", detail.s);
	cw_buf_release(&detail);
	if (rc) {
		cw_outfile_abort(out);
		return rc;
	}
	if ((e = cw_outfile_commit(out)) != 0) {
		cw_error("cannot write '%s': %s", file, cw_outfile_why(e));
		return CW_EXIT_IO;
	}
	return 0;
}

int admin_backup(const cw_ctx *x, const char *file)
{
	verified v;
	int rc = backup_to(x->db, x->user, x->cfg, file, 1, &v);

	if (!rc)
		fprintf(stderr, "%s: backed up '%s' to '%s' (sha256 %s): its "
			"integrity and audit chain (%ld entries) verified\n",
			cw_progname(), x->db_path, file, v.sha, v.entries);
	return rc;
}

/* The database at target, about to be replaced, backed up beside itself
 * as TARGET.before-restore-YYYYMMDDTHHMMSSZ (named in *kept, its digest
 * in sha). Then no other connection may hold it: its write-ahead log,
 * which would be read into the database put in its place, must be gone
 * (the last connection to close removes it). */
static int keep_replaced(const cw_ctx *x, const char *target, cw_buf *kept,
			 char sha[65])
{
	char stamp[20];
	cw_db *db = NULL;
	struct stat sb;
	verified v;
	cw_buf wal;
	int rc;

	strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", gmtime(&x->now));
	cw_buf_printf(kept, "%s.before-restore-%s", target, stamp);
	rc = cw_db_open(&db, target, CW_DB_WRITE, x->cfg);
	if (!rc)
		rc = backup_to(db, x->user, x->cfg, kept->s, 0, &v);
	cw_db_free(db);
	if (!rc)
		memcpy(sha, v.sha, 65);
	if (rc) {
		cw_error("'%s' is not replaced: it could not be backed up "
			 "first (move it aside to restore to its name)", target);
		return rc;
	}
	cw_buf_init(&wal);
	cw_buf_printf(&wal, "%s-wal", target);
	if (lstat(wal.s, &sb) == 0) {
		cw_error("'%s' is in use (its write-ahead log is open): not "
			 "replaced; restore when no command uses it", target);
		rc = CW_EXIT_DB;
	}
	cw_buf_release(&wal);
	return rc;
}

/* The restored database's first entry of its own, in the file at tmp:
 * the backup it came from, by its digest and its audit head, and the
 * copy kept of the database it replaces by its digest (replaced NULL
 * when there was none). */
static int audit_restore(const cw_ctx *x, const char *tmp,
			 const char *target, const verified *v,
			 const char *replaced)
{
	cw_db *db = NULL;
	cw_buf detail;
	int rc = cw_db_open(&db, tmp, CW_DB_WRITE, x->cfg);

	if (rc)
		return rc;
	store_rename(db, target);
	cw_buf_init(&detail);
	cw_buf_printf(&detail, "{\"backup_sha256\":\"%s\",\"audit_entries\":%ld,"
		      "\"audit_head\":\"%s\"", v->sha, v->entries, v->head);
	if (replaced)
		cw_buf_printf(&detail, ",\"replaced_sha256\":\"%s\"", replaced);
	cw_buf_addch(&detail, '}');
	rc = audit_database(db, x->user, "restore", detail.s);
	cw_buf_release(&detail);
	cw_db_free(db);
	return rc;
}

int admin_restore(const cw_ctx *x, const char *file)
{
	const char *target = x->db_path;
	store_file_info info = {0, 0};
	cw_outfile *out = NULL;
	struct stat sb;
	int existed = lstat(target, &sb) == 0, rc, e;
	char replaced[65];
	verified v;
	cw_buf kept;
	FILE *fp;

	/* a target there was allowed by --replace (admin_restore_check) */
	if ((e = cw_outfile_open(&out, target, &fp)) != 0) {
		cw_error("cannot create '%s': %s", target, cw_outfile_why(e));
		return CW_EXIT_IO;
	}
	cw_buf_init(&kept);
	rc = store_backup_file(file, io_outfile_tmp(out),
			       x->cfg->busy_timeout_ms, &info);
	if (!rc)
		rc = verify(io_outfile_tmp(out), file, &info, x->cfg, &v);
	if (!rc)
		rc = file_sha256(file, v.sha);
	if (!rc && existed)
		rc = keep_replaced(x, target, &kept, replaced);
	if (!rc)
		rc = audit_restore(x, io_outfile_tmp(out), target, &v,
				   existed ? replaced : NULL);
	if (rc) {
		cw_outfile_abort(out);
		cw_buf_release(&kept);
		return rc;
	}
	if ((e = cw_outfile_commit(out)) != 0) {
		cw_error("cannot write '%s': %s", target, cw_outfile_why(e));
		cw_buf_release(&kept);
		return CW_EXIT_IO;
	}
	fprintf(stderr, "%s: restored '%s' from '%s': its integrity and audit "
		"chain (%ld entries, head %s) verified", cw_progname(), target,
		file, v.entries, v.head);
	if (existed)
		fprintf(stderr, "; the database it replaced is kept as '%s'",
			kept.s);
	fputc('\n', stderr);
	cw_buf_release(&kept);
	return 0;
}
