/* store/pg/chain.c - the audit chain's format 2 on the server (schema
 * version 4): what store/audit.c computes and checks, in the functions
 * through which every login appends (cw_audit_append) and an admin
 * verifies (cw_audit_check), byte for byte the same text hashed.
 *
 * An entry of format 2 keeps the SHA-256 of its detail (hex) in
 * detail_sha256, and its hash covers that digest in the detail's place;
 * an entry of format 1 (detail_sha256 NULL) covers the detail itself. A
 * chain of format 1 switches at its next entry: the server writes the
 * switch ('chain-format', {"format":2}) first, itself of format 2. Run
 * by upgrade_from (schema.c) inside its transaction, after the column
 * is added; the functions replaced keep their owner and grants. */
#include "store/pg/pg.h"

/* The detail's digest, the time as stored, an entry's hashed text. */
#define DIGEST(x) "encode(sha256(convert_to(" x ", 'UTF8')), 'hex')"
#define AT_TEXT(x) "to_char(" x " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
#define SWITCH_DETAIL "'{\"format\":2}'"

/* Appends one entry, as access.c's did (the caller's batch and name,
 * the server's id, time and hash), once the chain's last entry is found
 * to hold: its detail its digest's, its hash its own. With p_action
 * 'chain-format', the switch alone, when due. It never moves the audit
 * sequence: that is cw_audit_seq's, at commit, for every writer (schema
 * version 8: pg_seq_sql), since setval is not undone by a rollback and
 * a writer killed before its COMMIT cannot set it back, which would
 * leave the sequence past the trail's last entry, as if entries had
 * been cut from its end. Run at version 4 and again at version 8
 * (before which the owner's append moved it at once). */
const char pg_audit_append_sql[] =
	"SET LOCAL search_path = casework;\n"
	"CREATE OR REPLACE FUNCTION cw_audit_append(p_id bigint, p_at text,\n"
	"  p_actor text, p_batch bigint, p_action text, p_entity text,\n"
	"  p_ids text, p_detail text, p_prev text, p_hash text) RETURNS void\n"
	"  LANGUAGE plpgsql SECURITY DEFINER SET search_path = casework, pg_temp\n"
	"  AS $f$\n"
	"DECLARE h record; v_last bigint := 0; v_id bigint;\n"
	"  v_prev text := repeat('0', 64); v_at text; v_sum text; v_ids text;\n"
	"  v_owner boolean := pg_has_role(session_user, (SELECT name FROM\n"
	"    access_roles WHERE kind = 'owner'), 'USAGE');\n"
	"BEGIN\n"
	"  IF NOT v_owner THEN\n"
	"    IF p_actor IS DISTINCT FROM cw_login_worker() OR NOT EXISTS (\n"
	"        SELECT 1 FROM batches b WHERE b.id = p_batch\n"
	"        AND b.actor = p_actor\n"
	"        AND b.xmin = pg_current_xact_id_if_assigned()::xid) THEN\n"
	"      RAISE EXCEPTION 'permission denied for the audit trail'\n"
	"        USING ERRCODE = '42501';\n"
	"    END IF;\n"
	"  END IF;\n"
	"  PERFORM pg_advisory_xact_lock(7161128542117032299);\n"
	"  v_at := " AT_TEXT("clock_timestamp()") ";\n"
	"  SELECT * INTO h FROM audit a ORDER BY a.id DESC LIMIT 1;\n"
	"  IF FOUND THEN\n"
	"    v_last := h.id; v_prev := h.hash;\n"
	"    IF h.detail_sha256 <> " DIGEST("h.detail") "\n"
	"        OR h.hash IS DISTINCT FROM cw_audit_text(h.prev_hash, h.id,\n"
	"        " AT_TEXT("h.at") ", h.actor, h.batch_id, h.action,\n"
	"        h.entity, h.ids, coalesce(h.detail_sha256, h.detail)) THEN\n"
	"      RAISE EXCEPTION 'its last entry, AU-%, does not verify: run"
	" sw-admin verify', h.id USING ERRCODE = 'XX001';\n"
	"    END IF;\n"
	"  END IF;\n"
	"  v_id := v_last;\n"
	"  IF v_last > 0 AND h.detail_sha256 IS NULL THEN\n"
	"    v_id := v_id + 1;\n"
	"    v_sum := " DIGEST(SWITCH_DETAIL) ";\n"
	"    v_ids := CASE WHEN v_last > 1 THEN 'AU-1..AU-' || v_last ELSE 'AU-1' END;\n"
	"    INSERT INTO audit (id, at, actor, batch_id, action, entity, ids,\n"
	"      detail, prev_hash, hash, detail_sha256) VALUES (v_id,\n"
	"      v_at::timestamptz, p_actor, p_batch, 'chain-format', 'audit', v_ids,\n"
	"      " SWITCH_DETAIL ", v_prev, cw_audit_text(v_prev, v_id, v_at, p_actor,\n"
	"      p_batch, 'chain-format', 'audit', v_ids, v_sum), v_sum)\n"
	"      RETURNING hash INTO v_prev;\n"
	"  END IF;\n"
	"  IF p_action IS DISTINCT FROM 'chain-format' THEN\n"
	"    v_id := v_id + 1;\n"
	"    v_sum := " DIGEST("p_detail") ";\n"
	"    INSERT INTO audit (id, at, actor, batch_id, action, entity, ids,\n"
	"      detail, prev_hash, hash, detail_sha256) VALUES (v_id,\n"
	"      v_at::timestamptz, p_actor, p_batch, p_action, p_entity, p_ids,\n"
	"      p_detail, v_prev, cw_audit_text(v_prev, v_id, v_at, p_actor,\n"
	"      p_batch, p_action, p_entity, p_ids, v_sum), v_sum);\n"
	"  ELSIF v_id = v_last THEN\n"
	"    RETURN;\n"
	"  END IF;\n"
	"  DELETE FROM audited_xacts x WHERE x.xid <> pg_current_xact_id();\n"
	"  INSERT INTO audited_xacts VALUES (pg_current_xact_id())\n"
	"    ON CONFLICT DO NOTHING;\n"
	"END $f$;\n";

const char *const pg_audit_sql[] = {
	pg_audit_append_sql,
	"SET LOCAL search_path = casework;\n"
	/* the admin's check, as store/audit.c verifies: both formats, the
	 * switch where it may be; with p_at, that entry's hash too */
	"DROP FUNCTION cw_audit_check();\n"
	"CREATE FUNCTION cw_audit_check(p_at bigint, OUT entries bigint,\n"
	"  OUT bad bigint, OUT missing boolean, OUT format1 bigint, OUT head text,\n"
	"  OUT at_hash text) LANGUAGE plpgsql STABLE SECURITY DEFINER\n"
	"  SET search_path = casework, pg_temp AS $f$\n"
	"DECLARE a record; prev text := repeat('0', 64); h text; last bigint;\n"
	"  fmt integer := 0; sw boolean;\n"
	"BEGIN\n"
	"  IF NOT pg_has_role(session_user, (SELECT name FROM access_roles\n"
	"      WHERE kind = 'owner'), 'USAGE')\n"
	"      AND cw_login_role() IS DISTINCT FROM 'admin' THEN\n"
	"    RAISE EXCEPTION 'permission denied for the audit check'\n"
	"      USING ERRCODE = '42501';\n"
	"  END IF;\n"
	"  entries := 0; missing := false; format1 := 0;\n"
	"  FOR a IN SELECT * FROM audit ORDER BY id LOOP\n"
	"    IF a.id <> entries + 1 THEN bad := entries + 1; RETURN; END IF;\n"
	"    sw := a.action = 'chain-format';\n"
	"    IF a.detail_sha256 IS NULL THEN\n"
	"      IF sw OR fmt = 2 THEN bad := a.id; RETURN; END IF;\n"
	"      fmt := 1; format1 := format1 + 1;\n"
	"    ELSE\n"
	"      IF a.detail_sha256 <> " DIGEST("a.detail") "\n"
	"          OR (sw AND a.detail <> " SWITCH_DETAIL ") OR sw <> (fmt = 1) THEN\n"
	"        bad := a.id; RETURN;\n"
	"      END IF;\n"
	"      fmt := 2;\n"
	"    END IF;\n"
	"    h := cw_audit_text(prev, a.id, " AT_TEXT("a.at") ", a.actor,\n"
	"      a.batch_id, a.action, a.entity, a.ids,\n"
	"      coalesce(a.detail_sha256, a.detail));\n"
	"    IF a.prev_hash <> prev OR a.hash <> h THEN bad := a.id; RETURN; END IF;\n"
	"    IF a.id = p_at THEN at_hash := h; END IF;\n"
	"    prev := h; entries := entries + 1;\n"
	"  END LOOP;\n"
	"  IF entries > 0 THEN head := prev; END IF;\n"
	"  SELECT coalesce(s.last_value, 0) INTO last FROM pg_sequences s\n"
	"    WHERE s.schemaname = 'casework' AND s.sequencename = 'audit_id_seq';\n"
	"  IF coalesce(last, 0) > entries THEN bad := entries; missing := true; END IF;\n"
	"END $f$;\n"
	/* the owner's, an admin's to call, as the one it replaces */
	"DO $d$ BEGIN\n"
	"  EXECUTE format('ALTER FUNCTION cw_audit_check(bigint) OWNER TO %I',\n"
	"    (SELECT name FROM access_roles WHERE kind = 'owner'));\n"
	"  REVOKE ALL ON FUNCTION cw_audit_check(bigint) FROM PUBLIC;\n"
	"  EXECUTE format('GRANT EXECUTE ON FUNCTION cw_audit_check(bigint) TO %I',\n"
	"    (SELECT name FROM access_roles WHERE kind = 'admin'));\n"
	"END $d$;\n",
	NULL
};

/* Schema version 8: the audit sequence moved at commit for every writer,
 * the database's owner included (its append moved it at once before:
 * pg_audit_append_sql). Version 3's trigger on the trail (access.c) did
 * so for a restricted login alone, at each entry. Made without its
 * condition it would queue an event for each of the owner's entries,
 * and an erasure's redaction after them (cw_audit_redact) cannot ALTER
 * the trail while its events wait; so the trigger is on audited_xacts
 * instead, whose one row a transaction that appended gets from
 * cw_audit_append: at commit the sequence is moved to the trail's last
 * entry, once a transaction. */
const char *const pg_seq_sql[] = {
	pg_audit_append_sql,
	"SET LOCAL search_path = casework;\n"
	/* on the trail since version 3 (wherever it is: a database made
	 * to look older, as the tests' are, may have it here already) */
	"DO $d$ DECLARE r record; BEGIN\n"
	"  FOR r IN SELECT t.tgrelid::regclass AS rel FROM pg_trigger t\n"
	"      JOIN pg_class c ON c.oid = t.tgrelid\n"
	"      WHERE t.tgname = 'cw_audit_seq'\n"
	"      AND c.relnamespace = 'casework'::regnamespace LOOP\n"
	"    EXECUTE format('DROP TRIGGER cw_audit_seq ON %s', r.rel);\n"
	"  END LOOP;\n"
	"END $d$;\n"
	"CREATE OR REPLACE FUNCTION cw_audit_seq() RETURNS trigger\n"
	"  LANGUAGE plpgsql SECURITY DEFINER SET search_path = casework, pg_temp\n"
	"  AS $f$\n"
	"DECLARE v bigint;\n"
	"BEGIN\n"
	"  SELECT greatest((SELECT max(a.id) FROM audit a), (SELECT s.last_value\n"
	"    FROM pg_sequences s WHERE s.schemaname = 'casework'\n"
	"    AND s.sequencename = 'audit_id_seq')) INTO v;\n"
	"  IF v IS NOT NULL THEN\n"
	"    PERFORM setval(pg_get_serial_sequence('casework.audit', 'id'), v);\n"
	"  END IF;\n"
	"  RETURN NULL;\n"
	"END $f$;\n"
	"CREATE CONSTRAINT TRIGGER cw_audit_seq AFTER INSERT ON audited_xacts\n"
	"  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW\n"
	"  EXECUTE FUNCTION cw_audit_seq();\n",
	NULL
};

/* Schema version 7: erasure (casework.7, ERASURE). An entry's detail
 * may be redacted by the database's owner alone, through
 * cw_audit_redact, and only so that the new detail is the old one with
 * string values replaced by "[erased]" (kept in the server's own form of
 * the JSON, which it returns); the redact entry after it names it with
 * its new detail's digest, and cw_audit_check takes that digest for the
 * entry's own when the entry names a record an erase entry of the
 * redact entry's batch names (an entry of format 1: with its other
 * fields as the redact entry gives their digest). */
#define FIELDS_TEXT(a) "a.id || chr(31) || " AT_TEXT(a ".at") " || chr(31) ||" \
	" a.actor || chr(31) || a.batch_id || chr(31) || a.action || chr(31) ||" \
	" a.entity || chr(31) || a.ids"
const char *const pg_redact_sql[] = {
	"SET LOCAL search_path = casework;\n"
	/* whether n is o with some string values made "[erased]" */
	"CREATE OR REPLACE FUNCTION cw_json_redacts(o jsonb, n jsonb)\n"
	"  RETURNS boolean\n"
	"  LANGUAGE plpgsql IMMUTABLE SET search_path = casework, pg_temp AS $f$\n"
	"DECLARE k text; i integer;\n"
	"BEGIN\n"
	"  IF jsonb_typeof(o) = 'string' AND n = '\"[erased]\"'::jsonb THEN\n"
	"    RETURN true;\n"
	"  END IF;\n"
	"  IF jsonb_typeof(o) IS DISTINCT FROM jsonb_typeof(n) THEN RETURN false; END IF;\n"
	"  IF jsonb_typeof(o) = 'object' THEN\n"
	"    IF (SELECT array_agg(x ORDER BY x) FROM jsonb_object_keys(o) x)\n"
	"        IS DISTINCT FROM (SELECT array_agg(x ORDER BY x)\n"
	"        FROM jsonb_object_keys(n) x) THEN\n"
	"      RETURN false;\n"
	"    END IF;\n"
	"    FOR k IN SELECT jsonb_object_keys(o) LOOP\n"
	"      IF NOT cw_json_redacts(o -> k, n -> k) THEN RETURN false; END IF;\n"
	"    END LOOP;\n"
	"    RETURN true;\n"
	"  ELSIF jsonb_typeof(o) = 'array' THEN\n"
	"    IF jsonb_array_length(o) <> jsonb_array_length(n) THEN RETURN false; END IF;\n"
	"    FOR i IN 0 .. jsonb_array_length(o) - 1 LOOP\n"
	"      IF NOT cw_json_redacts(o -> i, n -> i) THEN RETURN false; END IF;\n"
	"    END LOOP;\n"
	"    RETURN true;\n"
	"  END IF;\n"
	"  RETURN o = n;\n"
	"END $f$;\n"
	/* the runs of an id list ("CL-1..CL-40,CL-42"), and whether two
	 * lists name a record in common */
	"CREATE OR REPLACE FUNCTION cw_id_runs(p text)\n"
	"  RETURNS TABLE (kind text, lo bigint, hi bigint)\n"
	"  LANGUAGE sql IMMUTABLE AS $f$\n"
	"  SELECT upper(m[1]), m[2]::bigint, coalesce(m[5], m[2])::bigint\n"
	"  FROM regexp_split_to_table(p, ',') part,\n"
	"    regexp_match(part, '^([A-Za-z]{2})-([1-9][0-9]{0,17})"
	"(\\.\\.([A-Za-z]{2})-([1-9][0-9]{0,17}))?$') m\n"
	"  WHERE m[4] IS NULL OR upper(m[4]) = upper(m[1])\n"
	"$f$;\n"
	"CREATE OR REPLACE FUNCTION cw_ids_meet(a text, b text) RETURNS boolean\n"
	"  LANGUAGE sql IMMUTABLE AS $f$\n"
	"  SELECT EXISTS (SELECT 1 FROM casework.cw_id_runs(a) x,\n"
	"    casework.cw_id_runs(b) y WHERE x.kind = y.kind AND x.lo <= y.hi\n"
	"    AND y.lo <= x.hi)\n"
	"$f$;\n"
	"CREATE OR REPLACE FUNCTION cw_audit_redact(p_id bigint, p_detail text)\n"
	"  RETURNS text\n"
	"  LANGUAGE plpgsql SECURITY DEFINER SET search_path = casework, pg_temp\n"
	"  AS $f$\n"
	"DECLARE a record; v_new text;\n"
	"BEGIN\n"
	"  IF NOT pg_has_role(session_user, (SELECT name FROM access_roles\n"
	"      WHERE kind = 'owner'), 'USAGE') THEN\n"
	"    RAISE EXCEPTION 'permission denied for the audit trail'\n"
	"      USING ERRCODE = '42501';\n"
	"  END IF;\n"
	"  SELECT * INTO a FROM audit WHERE id = p_id;\n"
	"  IF NOT FOUND OR a.id = (SELECT max(id) FROM audit)\n"
	"      OR a.action IN ('digest', 'erase', 'redact', 'chain-format')\n"
	"      OR NOT cw_json_redacts(a.detail::jsonb, p_detail::jsonb) THEN\n"
	"    RAISE EXCEPTION 'AU-% cannot be redacted so: only values may be"
	" erased', p_id USING ERRCODE = '22023';\n"
	"  END IF;\n"
	/* the server's own form of the JSON: no key given twice, no text
	 * but the values' */
	"  v_new := p_detail::jsonb::text;\n"
	"  ALTER TABLE audit DISABLE TRIGGER audit_no_change;\n"
	"  UPDATE audit SET detail = v_new WHERE id = p_id;\n"
	"  ALTER TABLE audit ENABLE TRIGGER audit_no_change;\n"
	"  RETURN v_new;\n"
	"END $f$;\n"
	"DO $d$ BEGIN\n"
	"  EXECUTE format('ALTER FUNCTION cw_audit_redact(bigint, text) OWNER TO %I',\n"
	"    (SELECT name FROM access_roles WHERE kind = 'owner'));\n"
	"  REVOKE ALL ON FUNCTION cw_audit_redact(bigint, text) FROM PUBLIC;\n"
	"END $d$;\n",
	"SET LOCAL search_path = casework;\n"
	"CREATE OR REPLACE FUNCTION cw_audit_check(p_at bigint, OUT entries bigint,\n"
	"  OUT bad bigint, OUT missing boolean, OUT format1 bigint, OUT head text,\n"
	"  OUT at_hash text) LANGUAGE plpgsql STABLE SECURITY DEFINER\n"
	"  SET search_path = casework, pg_temp AS $f$\n"
	"DECLARE a record; prev text := repeat('0', 64); h text; last bigint;\n"
	"  fmt integer := 0; sw boolean; red jsonb := '{}'; r record; k text;\n"
	"  sum text; m jsonb; mapped text; erased text; cur bigint := 0;\n"
	"BEGIN\n"
	"  IF NOT pg_has_role(session_user, (SELECT name FROM access_roles\n"
	"      WHERE kind = 'owner'), 'USAGE')\n"
	"      AND cw_login_role() IS DISTINCT FROM 'admin' THEN\n"
	"    RAISE EXCEPTION 'permission denied for the audit check'\n"
	"      USING ERRCODE = '42501';\n"
	"  END IF;\n"
	/* what the redact entries say, each of entries before it, with
	 * the records the erase entries of its batch before it name */
	"  FOR r IN SELECT id, batch_id, action, ids, detail FROM audit\n"
	"      WHERE action IN ('redact', 'erase') ORDER BY id LOOP\n"
	"    IF r.batch_id <> cur THEN cur := r.batch_id; erased := NULL; END IF;\n"
	"    IF r.action = 'erase' THEN\n"
	"      erased := coalesce(erased || ',', '') || r.ids;\n"
	"      CONTINUE;\n"
	"    END IF;\n"
	"    CONTINUE WHEN erased IS NULL;\n"
	"    BEGIN\n"
	"      FOR k IN SELECT jsonb_object_keys(r.detail::jsonb -> 'entries') LOOP\n"
	"        IF k ~ '^AU-[1-9][0-9]{0,17}$' AND substr(k, 4)::bigint < r.id\n"
	"            AND length(r.detail::jsonb -> 'entries' ->> k) = 64 THEN\n"
	"          red := red || jsonb_build_object(k, jsonb_build_object(\n"
	"            'sum', r.detail::jsonb -> 'entries' ->> k,\n"
	"            'fields', r.detail::jsonb -> 'format1' ->> k,\n"
	"            'erased', erased));\n"
	"        END IF;\n"
	"      END LOOP;\n"
	"    EXCEPTION WHEN others THEN NULL;\n"
	"    END;\n"
	"  END LOOP;\n"
	"  entries := 0; missing := false; format1 := 0;\n"
	"  FOR a IN SELECT * FROM audit ORDER BY id LOOP\n"
	"    IF a.id <> entries + 1 THEN bad := entries + 1; RETURN; END IF;\n"
	"    sw := a.action = 'chain-format';\n"
	"    m := red -> ('AU-' || a.id);\n"
	"    mapped := NULL;\n"
	"    IF m IS NOT NULL AND a.action NOT IN ('digest', 'erase', 'redact',\n"
	"        'chain-format') AND cw_ids_meet(a.ids, m ->> 'erased')\n"
	"        AND (a.detail_sha256 IS NOT NULL OR m ->> 'fields' =\n"
	"        encode(sha256(convert_to(" FIELDS_TEXT("a") ", 'UTF8')), 'hex')) THEN\n"
	"      mapped := m ->> 'sum';\n"
	"    END IF;\n"
	"    sum := CASE WHEN a.detail_sha256 IS NOT NULL OR mapped IS NOT NULL\n"
	"      THEN " DIGEST("a.detail") " END;\n"
	"    IF a.detail_sha256 IS NULL THEN\n"
	"      IF sw OR fmt = 2 THEN bad := a.id; RETURN; END IF;\n"
	"      fmt := 1; format1 := format1 + 1;\n"
	"    ELSE\n"
	"      IF (a.detail_sha256 <> sum AND sum IS DISTINCT FROM mapped)\n"
	"          OR (sw AND a.detail <> " SWITCH_DETAIL ") OR sw <> (fmt = 1) THEN\n"
	"        bad := a.id; RETURN;\n"
	"      END IF;\n"
	"      fmt := 2;\n"
	"    END IF;\n"
	"    IF a.detail_sha256 IS NULL AND mapped IS NOT NULL THEN\n"
	"      IF sum <> mapped THEN bad := a.id; RETURN; END IF;\n"
	"      h := a.hash;\n"
	"    ELSE\n"
	"      h := cw_audit_text(prev, a.id, " AT_TEXT("a.at") ", a.actor,\n"
	"        a.batch_id, a.action, a.entity, a.ids,\n"
	"        coalesce(a.detail_sha256, a.detail));\n"
	"    END IF;\n"
	"    IF a.prev_hash <> prev OR a.hash <> h THEN bad := a.id; RETURN; END IF;\n"
	"    IF a.id = p_at THEN at_hash := h; END IF;\n"
	"    prev := h; entries := entries + 1;\n"
	"  END LOOP;\n"
	"  IF entries > 0 THEN head := prev; END IF;\n"
	"  SELECT coalesce(s.last_value, 0) INTO last FROM pg_sequences s\n"
	"    WHERE s.schemaname = 'casework' AND s.sequencename = 'audit_id_seq';\n"
	"  IF coalesce(last, 0) > entries THEN bad := entries; missing := true; END IF;\n"
	"END $f$;\n",
	NULL
};

int pg_audit_redact(cw_db *db, int64_t id, const char *detail, char **stored)
{
	const char *params[2];
	char num[24];
	PGresult *res;
	int rc;

	snprintf(num, sizeof num, "%lld", (long long)id);
	params[0] = num;
	params[1] = detail;
	pg_drain(db);
	if (PG_H(db)->copy_bytes && pg_copy_flush(db))
		return -1;
	res = PQexecParams(PG_H(db)->conn, "SELECT casework.cw_audit_redact($1, $2)",
			   2, NULL, params, NULL, NULL, 0);
	rc = PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1 ? 0
	   : pg_failed(db, res);
	if (!rc)
		*stored = cw_xstrdup(PQgetvalue(res, 0, 0));
	PQclear(res);
	return rc;
}

/* A server keeps old versions of rows until VACUUM: once the erasure
 * has committed, the tables it wrote are vacuumed (their space made
 * free for new rows; the files' bytes are the server's to reuse). */
int pg_erase_files(cw_db *db, int after, const char *const *tables)
{
	PGresult *res;
	cw_buf sql;
	int rc = 0;

	if (!after || !*tables)
		return 0;
	cw_buf_init(&sql);
	cw_buf_addstr(&sql, "VACUUM");
	for (; *tables; tables++)
		cw_buf_printf(&sql, "%s casework.%s", sql.len > 6 ? "," : "",
			      *tables);
	if (!(res = pg_query(db, sql.s)))
		rc = -1;
	else
		PQclear(res);
	cw_buf_release(&sql);
	return rc;
}
