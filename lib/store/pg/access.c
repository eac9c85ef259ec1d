/* store/pg/access.c - who may see what on PostgreSQL (schema version 3):
 * the server roles of a database, who owns its objects, what each role
 * is granted, the row-level security policies and the SECURITY DEFINER
 * functions through which the policies' narrow doors open.
 *
 * The roles carry the database's name, since roles are cluster-wide:
 * cw_<db>_owner (NOLOGIN: owns the schema, every table and function;
 * the login that ran sw-admin init is made its member, the database's
 * DBA, whom no policy restricts), and the group roles cw_<db>_worker,
 * _supervisor, _officer and _admin, which sw-admin grant gives logins.
 * The owner role holds the groups' ADMIN OPTION, so that its function
 * cw_grant (the one way to grant, audited) grants them: no login, an
 * admin's included, holds ADMIN OPTION or CREATEROLE. Whom a login acts as is the logins table's row for
 * session_user, read only by SECURITY DEFINER functions: a login cannot
 * pretend to be another by SET ROLE.
 *
 * The policies name no role: the grants decide which tables a role
 * touches, the policies which rows. A worker's rows are those of the
 * cases assigned to their roster name; a supervisor's, those of the
 * cases of their team's workers. Run by upgrade_from (schema.c) inside
 * its transaction, after the tables of version 3 exist. */
#include "store/pg/pg.h"

/* The statements, in order: functions and policies, then the roles, the
 * ownership and the grants (one DO block, since role names are made
 * from the database's). */
const char *const pg_access_sql[] = {
	"SET LOCAL search_path = casework;\n"
	/* whom session_user acts as: its roster name and role, or NULL */
	"CREATE FUNCTION cw_login_worker() RETURNS text LANGUAGE sql STABLE\n"
	"  SECURITY DEFINER SET search_path = casework, pg_temp\n"
	"  AS 'SELECT worker FROM logins WHERE login = session_user';\n"
	"CREATE FUNCTION cw_login_role() RETURNS text LANGUAGE sql STABLE\n"
	"  SECURITY DEFINER SET search_path = casework, pg_temp\n"
	"  AS 'SELECT role FROM logins WHERE login = session_user';\n"
	/* whether session_user may see the cases assigned to w: a worker
	 * or supervisor by the roster's role now (a change of the roster
	 * takes effect at once), an officer or admin never */
	"CREATE FUNCTION cw_sees_worker(w text) RETURNS boolean LANGUAGE sql\n"
	"  STABLE SECURITY DEFINER SET search_path = casework, pg_temp AS $f$\n"
	"  SELECT coalesce((SELECT CASE WHEN l.role NOT IN ('worker',\n"
	"      'supervisor') THEN false\n"
	"    WHEN w = l.worker THEN true\n"
	"    WHEN a.role = 'supervisor' THEN EXISTS (SELECT 1 FROM workers b\n"
	"      WHERE b.name = w AND b.team = a.team)\n"
	"    ELSE false END\n"
	"    FROM logins l JOIN workers a ON a.name = l.worker\n"
	"    WHERE l.login = session_user), false) $f$;\n"
	/* whether the session acts as an admin now: granted admin, and
	 * with the admin group's rights (not after SET ROLE to another of
	 * the groups, which the admin group is a member of) */
	"CREATE FUNCTION cw_admin_acting() RETURNS boolean LANGUAGE sql STABLE\n"
	"  AS 'SELECT coalesce(casework.cw_login_role() = ''admin'' AND pg_has_role(\n"
	"  current_user, (SELECT name FROM casework.access_roles\n"
	"  WHERE kind = ''admin''), ''USAGE''), false)';\n"
	/* whether session_user may use client c in a case: one seen
	 * through a case seen, one registered in the caller's open batch,
	 * or one the duplicate check found in this transaction */
	"CREATE TABLE client_links (xid xid8 NOT NULL, client_id bigint NOT NULL);\n"
	"CREATE TABLE audited_xacts (xid xid8 PRIMARY KEY);\n"
	"CREATE FUNCTION cw_client_usable(c bigint) RETURNS boolean LANGUAGE sql\n"
	"  STABLE SECURITY DEFINER SET search_path = casework, pg_temp AS $f$\n"
	"  SELECT EXISTS (SELECT 1 FROM cases k WHERE k.client_id = c\n"
	"      AND cw_sees_worker(k.worker))\n"
	"    OR EXISTS (SELECT 1 FROM clients x JOIN batches b ON b.id = x.batch_id\n"
	"      WHERE x.id = c AND b.actor = cw_login_worker()\n"
	"      AND b.xmin = pg_current_xact_id_if_assigned()::xid)\n"
	"    OR EXISTS (SELECT 1 FROM client_links x WHERE x.client_id = c\n"
	"      AND x.xid = pg_current_xact_id_if_assigned()) $f$;\n"
	/* the head of the audit chain's text of an entry, as store/audit.c
	 * hashes it */
	"CREATE FUNCTION cw_audit_text(prev text, id bigint, at text, actor text,\n"
	"  batch bigint, action text, entity text, ids text, detail text)\n"
	"  RETURNS text LANGUAGE sql IMMUTABLE AS $f$\n"
	"  SELECT encode(sha256(convert_to(prev || chr(31) || id || chr(31) || at\n"
	"    || chr(31) || actor || chr(31) || batch || chr(31) || action\n"
	"    || chr(31) || entity || chr(31) || ids || chr(31) || detail,\n"
	"    'UTF8')), 'hex') $f$;\n",
	"SET LOCAL search_path = casework;\n"
	/* the chain's head, for a writer who may not read the trail */
	"CREATE FUNCTION cw_audit_head() RETURNS TABLE (id bigint, hash text)\n"
	"  LANGUAGE sql STABLE SECURITY DEFINER\n"
	"  SET search_path = casework, pg_temp\n"
	"  AS 'SELECT a.id, a.hash FROM audit a ORDER BY a.id DESC LIMIT 1';\n"
	/* appends one entry, in a batch of the caller's open transaction,
	 * in the caller's name: its id, time and hash the server's own
	 * (the client's p_id, p_at, p_prev and p_hash are not taken), so
	 * that no login but the owner can put a false link in the chain */
	"CREATE FUNCTION cw_audit_append(p_id bigint, p_at text, p_actor text,\n"
	"  p_batch bigint, p_action text, p_entity text, p_ids text,\n"
	"  p_detail text, p_prev text, p_hash text) RETURNS void\n"
	"  LANGUAGE plpgsql SECURITY DEFINER SET search_path = casework, pg_temp\n"
	"  AS $f$\n"
	"DECLARE h record; v_id bigint; v_prev text; v_at text;\n"
	"BEGIN\n"
	"  IF NOT pg_has_role(session_user, (SELECT name FROM access_roles\n"
	"      WHERE kind = 'owner'), 'USAGE') THEN\n"
	"    IF p_actor IS DISTINCT FROM cw_login_worker() OR NOT EXISTS (\n"
	"        SELECT 1 FROM batches b WHERE b.id = p_batch\n"
	"        AND b.actor = p_actor\n"
	"        AND b.xmin = pg_current_xact_id_if_assigned()::xid) THEN\n"
	"      RAISE EXCEPTION 'permission denied for the audit trail'\n"
	"        USING ERRCODE = '42501';\n"
	"    END IF;\n"
	"  END IF;\n"
	"  PERFORM pg_advisory_xact_lock(7161128542117032299);\n"
	"  SELECT a.id, a.hash INTO h FROM audit a ORDER BY a.id DESC LIMIT 1;\n"
	"  v_id := coalesce(h.id, 0) + 1;\n"
	"  v_prev := coalesce(h.hash, repeat('0', 64));\n"
	"  v_at := to_char(clock_timestamp() AT TIME ZONE 'UTC',\n"
	"    'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"');\n"
	"  INSERT INTO audit (id, at, actor, batch_id, action, entity, ids,\n"
	"    detail, prev_hash, hash) VALUES (v_id, v_at::timestamptz, p_actor,\n"
	"    p_batch, p_action, p_entity, p_ids, p_detail, v_prev,\n"
	"    cw_audit_text(v_prev, v_id, v_at, p_actor, p_batch, p_action,\n"
	"    p_entity, p_ids, p_detail));\n"
	/* the highest id given, so that entries cut from the end show: the
	 * owner's now (a rollback sets it back, store/pg/conn.c), any
	 * other's at commit (cw_audit_seq) */
	"  IF pg_has_role(session_user, (SELECT name FROM access_roles\n"
	"      WHERE kind = 'owner'), 'USAGE') THEN\n"
	"    PERFORM setval(pg_get_serial_sequence('casework.audit', 'id'), v_id);\n"
	"  END IF;\n"
	/* this transaction wrote its audit entry (cw_require_audit) */
	"  DELETE FROM audited_xacts x WHERE x.xid <> pg_current_xact_id();\n"
	"  INSERT INTO audited_xacts VALUES (pg_current_xact_id())\n"
	"    ON CONFLICT DO NOTHING;\n"
	"END $f$;\n"
	/* a restricted login's write commits only with an audit entry
	 * appended by its transaction: checked at commit (constraint
	 * triggers, made below for every table such a login may write) */
	"CREATE FUNCTION cw_require_audit() RETURNS trigger LANGUAGE plpgsql\n"
	"  SECURITY DEFINER SET search_path = casework, pg_temp AS $f$\n"
	"BEGIN\n"
	"  IF NOT EXISTS (SELECT 1 FROM audited_xacts x\n"
	"      WHERE x.xid = pg_current_xact_id_if_assigned()) THEN\n"
	"    RAISE EXCEPTION 'a write to % with no audit entry: casework audits"
	" every write (write through its commands)', TG_TABLE_NAME\n"
	"      USING ERRCODE = '42501';\n"
	"  END IF;\n"
	"  RETURN NULL;\n"
	"END $f$;\n"
	/* the audit check an admin runs, who may not read the trail: the
	 * chain walked and each hash computed again as store/audit.c does;
	 * the answer only (entries, and the first entry that does not
	 * match or after which entries are missing) */
	"CREATE FUNCTION cw_audit_check(OUT entries bigint, OUT bad bigint,\n"
	"  OUT missing boolean) LANGUAGE plpgsql STABLE SECURITY DEFINER\n"
	"  SET search_path = casework, pg_temp AS $f$\n"
	"DECLARE a record; prev text := repeat('0', 64); h text; last bigint;\n"
	"BEGIN\n"
	"  IF NOT pg_has_role(session_user, (SELECT name FROM access_roles\n"
	"      WHERE kind = 'owner'), 'USAGE')\n"
	"      AND cw_login_role() IS DISTINCT FROM 'admin' THEN\n"
	"    RAISE EXCEPTION 'permission denied for the audit check'\n"
	"      USING ERRCODE = '42501';\n"
	"  END IF;\n"
	"  entries := 0; missing := false;\n"
	"  FOR a IN SELECT * FROM audit ORDER BY id LOOP\n"
	"    h := cw_audit_text(prev, a.id, to_char(a.at AT TIME ZONE 'UTC',\n"
	"      'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), a.actor, a.batch_id, a.action,\n"
	"      a.entity, a.ids, a.detail);\n"
	"    IF a.id <> entries + 1 THEN bad := entries + 1; RETURN; END IF;\n"
	"    IF a.prev_hash <> prev OR a.hash <> h THEN bad := a.id; RETURN; END IF;\n"
	"    prev := h; entries := entries + 1;\n"
	"  END LOOP;\n"
	"  SELECT coalesce(s.last_value, 0) INTO last FROM pg_sequences s\n"
	"    WHERE s.schemaname = 'casework' AND s.sequencename = 'audit_id_seq';\n"
	"  IF coalesce(last, 0) > entries THEN bad := entries; missing := true; END IF;\n"
	"END $f$;\n",
	"SET LOCAL search_path = casework;\n"
	/* the duplicate check of intake sees every client, and answers
	 * only which clients match a record by one rule (intake/store.c:
	 * the same conditions); in a transaction that may write, what it
	 * found may then be linked to a new case (cw_client_usable) */
	"CREATE FUNCTION cw_client_candidates(p_rule integer, p_number text,\n"
	"  p_type text, p_key text, p_birth date, p_phone text, p_id bigint)\n"
	"  RETURNS TABLE (id bigint, batch_id bigint, same_name integer)\n"
	"  LANGUAGE plpgsql SECURITY DEFINER\n"
	"  SET search_path = casework, pg_temp AS $f$\n"
	"#variable_conflict use_column\n"
	"DECLARE r record; w boolean := current_setting('transaction_read_only') = 'off';\n"
	"BEGIN\n"
	"  IF w THEN\n"
	"    DELETE FROM client_links x WHERE x.xid <> pg_current_xact_id();\n"
	"  END IF;\n"
	"  FOR r IN SELECT c.id AS cid, c.batch_id AS bid,\n"
	"      CASE WHEN c.name_key = p_key THEN 1 ELSE 0 END AS same\n"
	"    FROM clients c WHERE (p_id IS NULL OR c.id = p_id) AND CASE p_rule\n"
	"      WHEN 0 THEN c.id_number = p_number AND c.id_type = p_type\n"
	"      WHEN 1 THEN c.name_key = p_key AND c.birth_date = p_birth\n"
	"      WHEN 2 THEN c.name_key = p_key AND c.phone = p_phone END\n"
	"    AND (p_rule = 0 OR p_number IS NULL OR c.id_number IS NULL\n"
	"      OR c.id_type IS DISTINCT FROM p_type OR c.id_number = p_number)\n"
	"    ORDER BY c.id LIMIT 8 LOOP\n"
	"    RAISE LOG 'casework: login % found CL-% by the duplicate rule %',\n"
	"      session_user, r.cid, p_rule;\n"
	"    id := r.cid; batch_id := r.bid; same_name := r.same;\n"
	"    RETURN NEXT;\n"
	"    IF w THEN\n"
	"      INSERT INTO client_links VALUES (pg_current_xact_id(), r.cid);\n"
	"    END IF;\n"
	"  END LOOP;\n"
	"END $f$;\n",
	"SET LOCAL search_path = casework;\n"
	/* sequences moved past ids given by hand (store/pg/conn.c
	 * pg_sync_sequence), forward only, for a login who may not set
	 * them */
	"CREATE FUNCTION cw_sync_id(t text) RETURNS void LANGUAGE plpgsql\n"
	"  SECURITY DEFINER SET search_path = casework, pg_temp AS $f$\n"
	"BEGIN\n"
	"  IF t IN ('audit', 'batches') AND NOT pg_has_role(session_user,\n"
	"      (SELECT name FROM access_roles WHERE kind = 'owner'), 'USAGE') THEN\n"
	"    RAISE EXCEPTION 'permission denied for the sequence of %', t\n"
	"      USING ERRCODE = '42501';\n"
	"  END IF;\n"
	"  IF to_regclass(format('casework.%I', t)) IS NULL\n"
	"      OR pg_get_serial_sequence(format('casework.%I', t), 'id') IS NULL THEN\n"
	"    RAISE EXCEPTION 'no table % with ids', t;\n"
	"  END IF;\n"
	"  EXECUTE format('SELECT setval(pg_get_serial_sequence(%L, ''id''),'\n"
	"    ' greatest((SELECT max(id) FROM casework.%I), (SELECT last_value FROM'\n"
	"    ' pg_sequences WHERE schemaname = ''casework'' AND sequencename = %L),'\n"
	"    ' 1))', 'casework.' || t, t, t || '_id_seq');\n"
	"END $f$;\n"
	/* a client's open case (one at a time), which a worker who
	 * links a new case to them may not otherwise see: its id only.
	 * Each look-up through a door is written to the server's log, which
	 * a rollback does not undo: a search for someone leaves a trace. */
	"CREATE FUNCTION cw_open_case_of(p_client bigint) RETURNS TABLE (id bigint)\n"
	"  LANGUAGE plpgsql STABLE SECURITY DEFINER\n"
	"  SET search_path = casework, pg_temp AS $f$\n"
	"BEGIN\n"
	"  RAISE LOG 'casework: login % asked for the open case of CL-%',\n"
	"    session_user, p_client;\n"
	"  RETURN QUERY SELECT k.id FROM cases k WHERE k.client_id = p_client\n"
	"    AND k.status = 'open' ORDER BY k.id LIMIT 1;\n"
	"END $f$;\n",
	"SET LOCAL search_path = casework;\n"
	/* sw-admin grant and revoke: p_login a member of the group of
	 * p_role alone (NULL: of none), acting as roster entry p_worker,
	 * recorded in logins and audited, in one call. The group roles'
	 * ADMIN OPTION is the owner role's (given at init), so that this
	 * function, the owner's, grants them: no login, admins included,
	 * holds ADMIN OPTION or CREATEROLE, and no grant goes unaudited.
	 * (In a SECURITY DEFINER function current_user is the owner: who
	 * calls it is session_user's grant, and that the caller acts with
	 * the admin group's rights is the EXECUTE privilege, the admin
	 * group's alone, which SET ROLE to another group does not keep.) */
	"CREATE FUNCTION cw_grant(p_login text, p_worker text, p_role text,\n"
	"  p_batch bigint) RETURNS void LANGUAGE plpgsql SECURITY DEFINER\n"
	"  SET search_path = casework, pg_temp SET client_min_messages = warning\n"
	"  AS $f$\n"
	"DECLARE v_before text; v_actor text; v_roster text; r record;\n"
	"BEGIN\n"
	/* the owner's batch (begun under a savepoint, store/pg/conn.c), or
	 * an admin's own made by this transaction */
	"  SELECT b.actor INTO v_actor FROM batches b WHERE b.id = p_batch\n"
	"    AND (pg_has_role(session_user, (SELECT name FROM access_roles\n"
	"      WHERE kind = 'owner'), 'USAGE') OR (cw_login_role() = 'admin'\n"
	"      AND b.actor = cw_login_worker()\n"
	"      AND b.xmin = pg_current_xact_id_if_assigned()::xid));\n"
	"  IF v_actor IS NULL OR (p_login = session_user AND NOT pg_has_role(\n"
	"      session_user, (SELECT name FROM access_roles WHERE kind = 'owner'),\n"
	"      'USAGE')) THEN\n"
	"    RAISE EXCEPTION 'permission denied for the logins'\n"
	"      USING ERRCODE = '42501';\n"
	"  END IF;\n"
	"  IF p_role IS NOT NULL THEN\n"
	"    SELECT w.role INTO v_roster FROM workers w WHERE w.name = p_worker;\n"
	"    IF p_role NOT IN ('worker', 'supervisor', 'officer', 'admin')\n"
	"        OR v_roster IS NULL OR (p_role IN ('worker', 'supervisor')\n"
	"        AND p_role <> v_roster) OR NOT EXISTS (SELECT 1 FROM pg_roles\n"
	"        WHERE rolname = p_login AND rolcanlogin) THEN\n"
	"      RAISE EXCEPTION 'no such grant: a login, a roster entry and its role'\n"
	"        USING ERRCODE = '22023';\n"
	"    END IF;\n"
	"  END IF;\n"
	"  FOR r IN SELECT a.kind, a.name FROM access_roles a\n"
	"      WHERE a.kind <> 'owner' AND EXISTS (SELECT 1 FROM pg_auth_members m\n"
	"        JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles u\n"
	"        ON u.oid = m.member WHERE g.rolname = a.name\n"
	"        AND u.rolname = p_login) LOOP\n"
	"    IF r.kind IS DISTINCT FROM p_role THEN\n"
	"      EXECUTE format('REVOKE %I FROM %I', r.name, p_login);\n"
	"    END IF;\n"
	"  END LOOP;\n"
	"  IF p_role IS NOT NULL THEN\n"
	"    EXECUTE format('GRANT %I TO %I', (SELECT a.name FROM access_roles a\n"
	"      WHERE a.kind = p_role), p_login);\n"
	"  END IF;\n"
	"  SELECT l.role INTO v_before FROM logins l WHERE l.login = p_login;\n"
	"  IF p_role IS NULL THEN\n"
	"    DELETE FROM logins WHERE login = p_login;\n"
	"  ELSE\n"
	"    INSERT INTO logins (login, worker, role, granted_at, batch_id)\n"
	"      VALUES (p_login, p_worker, p_role, now(), p_batch)\n"
	"      ON CONFLICT (login) DO UPDATE SET worker = excluded.worker,\n"
	"      role = excluded.role, granted_at = excluded.granted_at,\n"
	"      batch_id = excluded.batch_id;\n"
	"  END IF;\n"
	"  PERFORM cw_audit_append(NULL, NULL, v_actor, p_batch, CASE WHEN p_role\n"
	"    IS NULL THEN 'revoke' ELSE 'grant' END, 'login', p_login,\n"
	"    json_build_object('login', p_login, 'worker', p_worker, 'role', p_role,\n"
	"    'before', v_before)::text, NULL, NULL);\n"
	"END $f$;\n",
	"SET LOCAL search_path = casework;\n"
	/* what a login that is not the owner writes: in its own open
	 * batch (a row's batch never another's), in its own name (an
	 * actor column), ids never changed nor given far past the table's
	 * (so that no sequence is pushed to its end) */
	"CREATE FUNCTION cw_stamp() RETURNS trigger LANGUAGE plpgsql\n"
	"  SECURITY DEFINER SET search_path = casework, pg_temp AS $f$\n"
	"DECLARE n jsonb := to_jsonb(NEW); o jsonb; b bigint; last bigint;\n"
	"BEGIN\n"
	"  IF TG_OP = 'UPDATE' THEN o := to_jsonb(OLD); END IF;\n"
	"  IF n ? 'batch_id' THEN\n"
	"    b := (n->>'batch_id')::bigint;\n"
	"    IF (o IS NULL OR b IS DISTINCT FROM (o->>'batch_id')::bigint)\n"
	"        AND NOT EXISTS (SELECT 1 FROM batches x WHERE x.id = b\n"
	"        AND x.actor = cw_login_worker()\n"
	"        AND x.xmin = pg_current_xact_id_if_assigned()::xid) THEN\n"
	"      RAISE EXCEPTION 'permission denied: a row of % in a batch not the"
	" caller''s open one', TG_TABLE_NAME USING ERRCODE = '42501';\n"
	"    END IF;\n"
	"  END IF;\n"
	"  IF n ? 'actor' AND ((o IS NULL AND n->>'actor' IS DISTINCT FROM\n"
	"      cw_login_worker()) OR (o IS NOT NULL AND n->'actor' IS DISTINCT\n"
	"      FROM o->'actor')) THEN\n"
	"    RAISE EXCEPTION 'permission denied: a row of % in another''s name',\n"
	"      TG_TABLE_NAME USING ERRCODE = '42501';\n"
	"  END IF;\n"
	"  IF n ? 'id' AND o IS NOT NULL AND n->'id' IS DISTINCT FROM o->'id' THEN\n"
	"    RAISE EXCEPTION 'permission denied: ids never change'\n"
	"      USING ERRCODE = '42501';\n"
	"  END IF;\n"
	"  IF n ? 'id' AND o IS NULL THEN\n"
	"    SELECT s.last_value INTO last FROM pg_sequences s WHERE\n"
	"      s.schemaname = 'casework' AND s.sequencename = TG_TABLE_NAME || '_id_seq';\n"
	/* an id the sequence gave; plans' are given by hand, the next
	 * ones (plan/goals.c): never far past */
	"    IF (n->>'id')::bigint > (coalesce(last, 0)\n"
	"        + CASE WHEN TG_TABLE_NAME = 'plans' THEN 100000 ELSE 0 END) THEN\n"
	"      RAISE EXCEPTION 'permission denied: an id the table did not give'\n"
	"        USING ERRCODE = '42501';\n"
	"    END IF;\n"
	"  END IF;\n"
	"  RETURN NEW;\n"
	"END $f$;\n"
	/* where the audit sequence stands, moved at the commit of a
	 * transaction that appended (a rollback must not move it: that
	 * would look like entries cut from the end) */
	"CREATE FUNCTION cw_audit_seq() RETURNS trigger LANGUAGE plpgsql\n"
	"  SECURITY DEFINER SET search_path = casework, pg_temp AS $f$\n"
	"BEGIN\n"
	"  PERFORM setval(pg_get_serial_sequence('casework.audit', 'id'),\n"
	"    greatest(NEW.id, (SELECT coalesce(s.last_value, 0) FROM pg_sequences s\n"
	"    WHERE s.schemaname = 'casework' AND s.sequencename = 'audit_id_seq')));\n"
	"  RETURN NULL;\n"
	"END $f$;\n",
	/* Row-level security on every table. The owner is not subject to
	 * it (no FORCE); a table with no policy shows nothing to others. */
	"ALTER TABLE cases ENABLE ROW LEVEL SECURITY;\n"
	/* an admin counts the open cases of each worker on the roster: the
	 * rows, but of their columns only worker and status (granted
	 * below) */
	"CREATE POLICY cw_read ON cases FOR SELECT USING (cw_sees_worker(worker)\n"
	"  OR cw_admin_acting());\n"
	"CREATE POLICY cw_add ON cases FOR INSERT WITH CHECK (cw_sees_worker(worker)\n"
	"  AND cw_client_usable(client_id));\n"
	"CREATE POLICY cw_change ON cases FOR UPDATE USING (cw_sees_worker(worker))\n"
	"  WITH CHECK (cw_sees_worker(worker) AND cw_client_usable(client_id));\n"
	/* a client is seen through a case seen, or while the batch that
	 * registers them is open: a batch of one's own (batches' policy)
	 * made by the open transaction (its INSERT returns the id) */
	"CREATE FUNCTION cw_batch_open(b bigint) RETURNS boolean LANGUAGE sql\n"
	"  STABLE AS 'SELECT EXISTS (SELECT 1 FROM casework.batches x WHERE x.id = b\n"
	"  AND x.xmin = pg_current_xact_id_if_assigned()::xid)';\n"
	"ALTER TABLE clients ENABLE ROW LEVEL SECURITY;\n"
	"CREATE POLICY cw_read ON clients FOR SELECT USING (\n"
	"  EXISTS (SELECT 1 FROM cases k WHERE k.client_id = clients.id)\n"
	"  OR cw_batch_open(batch_id));\n"
	"CREATE POLICY cw_add ON clients FOR INSERT WITH CHECK (true);\n"
	"CREATE POLICY cw_change ON clients FOR UPDATE USING (\n"
	"  EXISTS (SELECT 1 FROM cases k WHERE k.client_id = clients.id)\n"
	"  OR cw_batch_open(batch_id)) WITH CHECK (true);\n"
	"DO $d$ DECLARE t text; BEGIN\n"
	"  FOREACH t IN ARRAY ARRAY['assessments', 'plans', 'reviews', 'closures',\n"
	"      'referrals'] LOOP\n"
	"    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);\n"
	"    EXECUTE format('CREATE POLICY cw_case ON %I USING (EXISTS (SELECT 1'\n"
	"      ' FROM cases k WHERE k.id = %I.case_id)) WITH CHECK (EXISTS'\n"
	"      ' (SELECT 1 FROM cases k WHERE k.id = %I.case_id))', t, t, t);\n"
	"  END LOOP;\n"
	"END $d$;\n",
	"SET LOCAL search_path = casework;\n"
	/* a record naming a parent record: the parent of the same case */
	"ALTER TABLE goals ENABLE ROW LEVEL SECURITY;\n"
	"CREATE POLICY cw_case ON goals\n"
	"  USING (EXISTS (SELECT 1 FROM cases k WHERE k.id = goals.case_id))\n"
	"  WITH CHECK (EXISTS (SELECT 1 FROM plans p WHERE p.id = goals.plan_id\n"
	"  AND p.case_id = goals.case_id));\n"
	"ALTER TABLE tasks ENABLE ROW LEVEL SECURITY;\n"
	"CREATE POLICY cw_case ON tasks\n"
	"  USING (EXISTS (SELECT 1 FROM cases k WHERE k.id = tasks.case_id))\n"
	"  WITH CHECK (EXISTS (SELECT 1 FROM goals g WHERE g.id = tasks.goal_id\n"
	"  AND g.case_id = tasks.case_id));\n"
	"ALTER TABLE followups ENABLE ROW LEVEL SECURITY;\n"
	"CREATE POLICY cw_case ON followups\n"
	"  USING (EXISTS (SELECT 1 FROM cases k WHERE k.id = followups.case_id))\n"
	"  WITH CHECK (EXISTS (SELECT 1 FROM cases k WHERE k.id = followups.case_id)\n"
	"  AND (followups.assessment_id IS NULL OR EXISTS (SELECT 1 FROM assessments a\n"
	"  WHERE a.id = followups.assessment_id AND a.case_id = followups.case_id)));\n"
	"ALTER TABLE goal_progress ENABLE ROW LEVEL SECURITY;\n"
	"CREATE POLICY cw_case ON goal_progress\n"
	"  USING (EXISTS (SELECT 1 FROM goals g WHERE g.id = goal_progress.goal_id))\n"
	"  WITH CHECK (EXISTS (SELECT 1 FROM goals g WHERE g.id = goal_progress.goal_id));\n"
	"ALTER TABLE plan_revisions ENABLE ROW LEVEL SECURITY;\n"
	"CREATE POLICY cw_case ON plan_revisions\n"
	"  USING (EXISTS (SELECT 1 FROM plans p WHERE p.id = plan_revisions.plan_id))\n"
	"  WITH CHECK (EXISTS (SELECT 1 FROM plans p WHERE p.id = plan_revisions.plan_id));\n"
	"ALTER TABLE referral_events ENABLE ROW LEVEL SECURITY;\n"
	"CREATE POLICY cw_case ON referral_events\n"
	"  USING (EXISTS (SELECT 1 FROM referrals r WHERE r.id = referral_events.referral_id))\n"
	"  WITH CHECK (EXISTS (SELECT 1 FROM referrals r WHERE r.id = referral_events.referral_id));\n"
	/* a contact's group session: one recorded in the caller's open
	 * batch, or one a case they see attended */
	"CREATE FUNCTION cw_session_usable(g bigint) RETURNS boolean LANGUAGE sql\n"
	"  STABLE SECURITY DEFINER SET search_path = casework, pg_temp AS $f$\n"
	"  SELECT g IS NULL OR EXISTS (SELECT 1 FROM group_sessions x\n"
	"      JOIN batches b ON b.id = x.batch_id WHERE x.id = g\n"
	"      AND b.actor = cw_login_worker()\n"
	"      AND b.xmin = pg_current_xact_id_if_assigned()::xid)\n"
	"    OR EXISTS (SELECT 1 FROM contacts c JOIN cases k ON k.id = c.case_id\n"
	"      WHERE c.session_id = g AND cw_sees_worker(k.worker)) $f$;\n"
	"ALTER TABLE contacts ENABLE ROW LEVEL SECURITY;\n"
	"CREATE POLICY cw_case ON contacts\n"
	"  USING (EXISTS (SELECT 1 FROM cases k WHERE k.id = contacts.case_id))\n"
	"  WITH CHECK (EXISTS (SELECT 1 FROM cases k WHERE k.id = contacts.case_id)\n"
	"  AND cw_session_usable(session_id));\n"
	/* a group session is seen through an attendance (a contact) seen,
	 * or while the batch recording it is open */
	"ALTER TABLE group_sessions ENABLE ROW LEVEL SECURITY;\n"
	"CREATE POLICY cw_read ON group_sessions FOR SELECT USING (\n"
	"  EXISTS (SELECT 1 FROM contacts c WHERE c.session_id = group_sessions.id)\n"
	"  OR cw_batch_open(batch_id));\n"
	"CREATE POLICY cw_add ON group_sessions FOR INSERT\n"
	"  WITH CHECK (cw_batch_open(batch_id));\n"
	"CREATE POLICY cw_change ON group_sessions FOR UPDATE\n"
	"  USING (cw_batch_open(batch_id)) WITH CHECK (cw_batch_open(batch_id));\n"
	"ALTER TABLE referral_feedback ENABLE ROW LEVEL SECURITY;\n"
	"CREATE POLICY cw_case ON referral_feedback\n"
	"  USING (EXISTS (SELECT 1 FROM referrals r WHERE r.id = referral_feedback.referral_id))\n"
	"  WITH CHECK (EXISTS (SELECT 1 FROM referrals r WHERE r.id = referral_feedback.referral_id));\n"
	/* a batch is its actor's: one cannot write in another's name */
	"ALTER TABLE batches ENABLE ROW LEVEL SECURITY;\n"
	"CREATE POLICY cw_own ON batches USING (actor = cw_login_worker())\n"
	"  WITH CHECK (actor = cw_login_worker());\n"
	/* a login reads its own grant; an admin every grant */
	"ALTER TABLE logins ENABLE ROW LEVEL SECURITY;\n"
	"CREATE POLICY cw_own ON logins USING (login = session_user\n"
	"  OR cw_admin_acting()) WITH CHECK (false);\n"
	"ALTER TABLE client_links ENABLE ROW LEVEL SECURITY;\n"
	"ALTER TABLE audited_xacts ENABLE ROW LEVEL SECURITY;\n"
	/* shared tables: which roles may read or write them is the grants' */
	"DO $d$ DECLARE t text; BEGIN\n"
	"  FOREACH t IN ARRAY ARRAY['organizations', 'services',\n"
	"      'locations', 'service_locations', 'addresses', 'phones', 'workers',\n"
	"      'settings', 'schema_version', 'access_roles'] LOOP\n"
	"    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);\n"
	"    EXECUTE format('CREATE POLICY cw_all ON %I USING (true)'\n"
	"      ' WITH CHECK (true)', t);\n"
	"  END LOOP;\n"
	"END $d$;\n"
	/* nobody but the owner sees the trail: it is appended through
	 * cw_audit_append */
	"ALTER TABLE audit ENABLE ROW LEVEL SECURITY;\n",
	/* An officer's tables: views of the same names in a schema of
	 * their own, first on an officer's search_path, so that every
	 * statistical report and the pseudonymised list run unchanged.
	 * Each shows every row and its non-identifying columns (ids,
	 * dates, kinds, categories, workers, scores, minutes, sex, the
	 * birth year as 1 January of it); names, identity numbers, phones,
	 * addresses, the language, the emergency contact (its columns come
	 * with version 11, whose upgrade makes the view of clients again,
	 * schema.c) and every free text are NULL. The views
	 * are the owner's: they read the tables past the policies, and an
	 * officer holds no right on the tables themselves. */
	"CREATE SCHEMA casework_officer;\n"
	"DO $d$\n"
	"DECLARE\n"
	"  t text; cols text; x record;\n"
	"  hidden text[] := ARRAY['clients.name', 'clients.name_key',\n"
	"    'clients.id_number', 'clients.phone', 'clients.address',\n"
	"    'clients.household', 'clients.language', 'clients.emergency_name',\n"
	"    'clients.emergency_relationship', 'clients.emergency_phone',\n"
	"    'cases.presenting_problem', 'cases.external_ref',\n"
	"    'cases.intake_snapshot', 'cases.notes', 'followups.note',\n"
	"    'plan_revisions.snapshot', 'goals.description', 'goals.need',\n"
	"    'goals.indicator', 'goals.baseline', 'goals.target',\n"
	"    'goal_progress.note', 'goal_progress.value', 'tasks.description',\n"
	"    'tasks.owner',\n"
	"    'group_sessions.title', 'referrals.provider',\n"
	"    'referral_feedback.outcome',\n"
	"    'group_sessions.note', 'contacts.note', 'reviews.note',\n"
	"    'closures.reason', 'closures.forced_reason',\n"
	"    'closures.reopen_reason', 'referrals.reason',\n"
	"    'referrals.consent_override', 'referrals.note',\n"
	"    'referral_events.reason', 'referral_feedback.note'];\n"
	"BEGIN\n"
	"  FOREACH t IN ARRAY ARRAY['clients', 'cases', 'assessments', 'followups',\n"
	"      'plans', 'plan_revisions', 'goals', 'goal_progress', 'tasks',\n"
	"      'group_sessions', 'contacts', 'reviews', 'closures', 'referrals',\n"
	"      'referral_events', 'referral_feedback'] LOOP\n"
	"    cols := NULL;\n"
	"    FOR x IN SELECT a.attname, format_type(a.atttypid, a.atttypmod) AS ty\n"
	"        FROM pg_attribute a WHERE a.attrelid = format('casework.%I', t)::regclass\n"
	"        AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum LOOP\n"
	"      cols := coalesce(cols || ', ', '') || CASE\n"
	"        WHEN t || '.' || x.attname = ANY (hidden)\n"
	"          THEN format('NULL::%s AS %I', x.ty, x.attname)\n"
	"        WHEN t || '.' || x.attname = 'clients.birth_date'\n"
	"          THEN 'make_date(extract(year FROM birth_date)::integer, 1, 1)'\n"
	"               ' AS birth_date'\n"
	"        ELSE format('%I', x.attname) END;\n"
	"    END LOOP;\n"
	"    EXECUTE format('CREATE VIEW casework_officer.%I AS SELECT %s FROM'\n"
	"      ' casework.%I', t, cols, t);\n"
	"  END LOOP;\n"
	"END $d$;\n",
	/* The roles, the owner and the grants. A role of the same name
	 * (a database of the same name dropped, its roles left) is never
	 * taken over: its members would be given this database. */
	"DO $d$\n"
	"DECLARE\n"
	"  base text := 'cw_' || current_database();\n"
	"  k text; r text; x record;\n"
	"  o text; w text; s text; f text; a text;\n"
	"  cases text := 'clients, cases, assessments, followups, plans,"
	" plan_revisions, goals, goal_progress, tasks, contacts, reviews,"
	" closures, referrals, referral_events, referral_feedback,"
	" group_sessions';\n"
	"  dir text := 'organizations, services, locations, service_locations,"
	" addresses, phones';\n"
	"BEGIN\n"
	"  IF octet_length(base) > 50 THEN\n"
	"    base := 'cw_' || left(md5(current_database()), 16);\n"
	"  END IF;\n"
	"  FOREACH k IN ARRAY ARRAY['owner', 'worker', 'supervisor', 'officer',\n"
	"      'admin'] LOOP\n"
	"    r := base || '_' || k;\n"
	"    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN\n"
	"      RAISE EXCEPTION 'the server role % exists already (left by a"
	" database of the same name?): drop it first', r\n"
	"        USING ERRCODE = '42710';\n"
	"    END IF;\n"
	"    EXECUTE format('CREATE ROLE %I NOLOGIN %s', r,\n"
	"      CASE k WHEN 'admin' THEN 'NOINHERIT' ELSE 'INHERIT' END);\n"
	"    INSERT INTO casework.access_roles VALUES (k, r);\n"
	"  END LOOP;\n"
	"  o := base || '_owner'; w := base || '_worker';\n"
	"  s := base || '_supervisor'; f := base || '_officer';\n"
	"  a := base || '_admin';\n"
	/* the one who runs init becomes the owner's member, then gives it
	 * everything */
	"  EXECUTE format('GRANT %I TO %I', o, current_user);\n"
	"  EXECUTE format('ALTER SCHEMA casework OWNER TO %I', o);\n"
	"  EXECUTE format('ALTER SCHEMA casework_officer OWNER TO %I', o);\n"
	"  FOR x IN SELECT c.relname FROM pg_class c JOIN pg_namespace n\n"
	"      ON n.oid = c.relnamespace WHERE n.nspname = 'casework_officer' LOOP\n"
	"    EXECUTE format('ALTER VIEW casework_officer.%I OWNER TO %I', x.relname, o);\n"
	"  END LOOP;\n"
	"  EXECUTE 'REVOKE ALL ON SCHEMA casework_officer FROM PUBLIC';\n"
	"  EXECUTE format('GRANT USAGE ON SCHEMA casework_officer TO %I', f);\n"
	"  EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA casework_officer TO %I', f);\n"
	"  FOR x IN SELECT c.relname FROM pg_class c JOIN pg_namespace n\n"
	"      ON n.oid = c.relnamespace WHERE n.nspname = 'casework'\n"
	"      AND c.relkind IN ('r', 'v', 'p') LOOP\n"
	"    EXECUTE format('ALTER TABLE casework.%I OWNER TO %I', x.relname, o);\n"
	"  END LOOP;\n"
	"  FOR x IN SELECT p.oid::regprocedure AS sig FROM pg_proc p\n"
	"      JOIN pg_namespace n ON n.oid = p.pronamespace\n"
	"      WHERE n.nspname = 'casework' LOOP\n"
	"    EXECUTE format('ALTER FUNCTION %s OWNER TO %I', x.sig, o);\n"
	"  END LOOP;\n"
	"  EXECUTE format('REVOKE ALL ON SCHEMA casework FROM PUBLIC');\n"
	"  EXECUTE format('GRANT USAGE ON SCHEMA casework TO %I, %I, %I, %I', w, s, f, a);\n"
	"  EXECUTE 'REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA casework FROM PUBLIC';\n"
	"  EXECUTE format('GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA casework TO %I, %I, %I, %I', w, s, f, a);\n"
	/* each door to those who need it */
	"  EXECUTE format('REVOKE EXECUTE ON FUNCTION cw_client_candidates(integer,"
	" text, text, text, date, text, bigint), cw_open_case_of(bigint) FROM %I, %I', f, a);\n"
	"  EXECUTE format('REVOKE EXECUTE ON FUNCTION cw_audit_append(bigint, text,"
	" text, bigint, text, text, text, text, text, text), cw_sync_id(text) FROM %I', f);\n"
	"  EXECUTE format('REVOKE EXECUTE ON FUNCTION cw_grant(text, text, text,"
	" bigint), cw_audit_check() FROM %I, %I, %I', w, s, f);\n"
	"  EXECUTE format('REVOKE EXECUTE ON FUNCTION cw_audit_head() FROM %I', f);\n"
	"  EXECUTE format('GRANT SELECT ON schema_version, settings, workers,"
	" access_roles, logins, batches TO %I, %I, %I, %I', w, s, f, a);\n"
	/* an officer writes nothing, not even a batch */
	"  EXECUTE format('GRANT INSERT ON batches TO %I, %I, %I', w, s, a);\n"
	"  EXECUTE format('GRANT SELECT, INSERT, UPDATE ON %s TO %I, %I', cases, w, s);\n"
	"  EXECUTE format('GRANT SELECT ON %s TO %I, %I, %I, %I', dir, w, s, f, a);\n"
	"  EXECUTE format('GRANT INSERT, UPDATE ON %s, settings TO %I', dir, a);\n"
	"  EXECUTE format('GRANT INSERT, UPDATE ON workers TO %I', a);\n"
	"  EXECUTE format('GRANT SELECT (worker, status) ON cases TO %I', a);\n"
	/* where the sequences stand (the next id a dry run shows, a plan's
	 * id given by hand), never moving them: no nextval, no setval */
	"  EXECUTE format('GRANT SELECT ON ALL SEQUENCES IN SCHEMA casework"
	" TO %I, %I, %I', w, s, a);\n"
	"  EXECUTE format('REVOKE ALL ON SEQUENCE audit_id_seq FROM %I, %I, %I', w, s, a);\n"
	/* the groups are granted by the owner's function cw_grant: the
	 * owner role holds their ADMIN OPTION, no login does */
	"  EXECUTE format('GRANT %I, %I, %I, %I TO %I WITH ADMIN OPTION', w, s, f, a, o);\n"
	"END $d$;\n",
	/* The audit required of every write but the owner's (the owner's
	 * rows queue nothing: the condition is false). */
	"DO $d$\n"
	"DECLARE k text; o text := (SELECT name FROM casework.access_roles\n"
	"  WHERE kind = 'owner');\n"
	"BEGIN\n"
	"  FOREACH k IN ARRAY ARRAY['clients', 'cases', 'assessments', 'followups',\n"
	"      'plans', 'plan_revisions', 'goals', 'goal_progress', 'tasks',\n"
	"      'group_sessions', 'contacts', 'reviews', 'closures', 'referrals',\n"
	"      'referral_events', 'referral_feedback', 'organizations', 'services',\n"
	"      'locations', 'service_locations', 'addresses', 'phones', 'workers',\n"
	"      'settings'] LOOP\n"
	"    EXECUTE format('CREATE CONSTRAINT TRIGGER cw_audited AFTER INSERT OR'\n"
	"      ' UPDATE ON casework.%I DEFERRABLE INITIALLY DEFERRED FOR EACH ROW'\n"
	"      ' WHEN (NOT pg_has_role(session_user, %L, ''USAGE''))'\n"
	"      ' EXECUTE FUNCTION casework.cw_require_audit()', k, o);\n"
	"    EXECUTE format('CREATE TRIGGER cw_stamp BEFORE INSERT OR UPDATE ON'\n"
	"      ' casework.%I FOR EACH ROW WHEN (NOT pg_has_role(session_user, %L,'\n"
	"      ' ''USAGE'')) EXECUTE FUNCTION casework.cw_stamp()', k, o);\n"
	"  END LOOP;\n"
	"  EXECUTE format('CREATE TRIGGER cw_stamp BEFORE INSERT OR UPDATE ON'\n"
	"    ' casework.batches FOR EACH ROW WHEN (NOT pg_has_role(session_user, %L,'\n"
	"    ' ''USAGE'')) EXECUTE FUNCTION casework.cw_stamp()', o);\n"
	"  EXECUTE format('CREATE CONSTRAINT TRIGGER cw_audit_seq AFTER INSERT ON'\n"
	"    ' casework.audit DEFERRABLE INITIALLY DEFERRED FOR EACH ROW'\n"
	"    ' WHEN (NOT pg_has_role(session_user, %L, ''USAGE''))'\n"
	"    ' EXECUTE FUNCTION casework.cw_audit_seq()', o);\n"
	"END $d$;\n",
	NULL
};

/* The later versions' statements (a DO block each): the server roles as
 * variables o, w, s, f and a; table t the owner's, with row-level
 * security and a policy letting every row through (the grants decide);
 * the triggers that make every write to t audited and stamped, as
 * version 3 gives each table. */
#define ACCESS_ROLES \
	"  o text := (SELECT name FROM casework.access_roles WHERE kind = 'owner');\n" \
	"  w text := (SELECT name FROM casework.access_roles WHERE kind = 'worker');\n" \
	"  s text := (SELECT name FROM casework.access_roles WHERE kind = 'supervisor');\n" \
	"  f text := (SELECT name FROM casework.access_roles WHERE kind = 'officer');\n" \
	"  a text := (SELECT name FROM casework.access_roles WHERE kind = 'admin');\n"
#define ACCESS_AUDITED \
	"    EXECUTE format('CREATE CONSTRAINT TRIGGER cw_audited AFTER INSERT OR'\n" \
	"      ' UPDATE ON casework.%I DEFERRABLE INITIALLY DEFERRED FOR EACH ROW'\n" \
	"      ' WHEN (NOT pg_has_role(session_user, %L, ''USAGE''))'\n" \
	"      ' EXECUTE FUNCTION casework.cw_require_audit()', t, o);\n" \
	"    EXECUTE format('CREATE TRIGGER cw_stamp BEFORE INSERT OR UPDATE ON'\n" \
	"      ' casework.%I FOR EACH ROW WHEN (NOT pg_has_role(session_user, %L,'\n" \
	"      ' ''USAGE'')) EXECUTE FUNCTION casework.cw_stamp()', t, o);\n"

#define ACCESS_SHARED \
	"    EXECUTE format('ALTER TABLE casework.%I OWNER TO %I', t, o);\n" \
	"    EXECUTE format('ALTER TABLE casework.%I ENABLE ROW LEVEL SECURITY', t);\n" \
	"    EXECUTE format('CREATE POLICY cw_all ON casework.%I USING (true)'\n" \
	"      ' WITH CHECK (true)', t);\n"
/* The officer's view of table t made again with every column but its
 * digest, those named in hidden (table.column) NULL. */
#define ACCESS_OFFICER_VIEW \
	"    cols := NULL;\n" \
	"    FOR x IN SELECT a.attname, format_type(a.atttypid, a.atttypmod) AS ty\n" \
	"        FROM pg_attribute a WHERE a.attrelid = format('casework.%I', t)::regclass\n" \
	"        AND a.attnum > 0 AND NOT a.attisdropped AND a.attname <> 'digest'\n" \
	"        ORDER BY a.attnum LOOP\n" \
	"      cols := coalesce(cols || ', ', '') || CASE\n" \
	"        WHEN t || '.' || x.attname = ANY (hidden)\n" \
	"          THEN format('NULL::%s AS %I', x.ty, x.attname)\n" \
	"        ELSE format('%I', x.attname) END;\n" \
	"    END LOOP;\n" \
	"    EXECUTE format('CREATE OR REPLACE VIEW casework_officer.%I AS SELECT %s'\n" \
	"      ' FROM casework.%I', t, cols, t);\n"

/* Schema version 9: the projects' tables shared as the roster is (every
 * role reads them, an admin writes them, each write in the writer's own
 * open batch and audited), and the officer's views of the four tables
 * that gained a project, made again with it at their end (a view's
 * columns are fixed when it is made). Run by upgrade_from (schema.c)
 * after the tables of version 9 exist. */
const char *const pg_projects_access_sql[] = {
	"DO $d$\n"
	"DECLARE\n"
	ACCESS_ROLES
	"  t text; cols text; x record;\n"
	"  hidden text[] := ARRAY['cases.presenting_problem', 'cases.external_ref',\n"
	"    'cases.intake_snapshot', 'cases.notes', 'group_sessions.title',\n"
	"    'group_sessions.note', 'contacts.note', 'referrals.provider',\n"
	"    'referrals.reason', 'referrals.consent_override', 'referrals.note'];\n"
	"BEGIN\n"
	"  FOREACH t IN ARRAY ARRAY['projects', 'project_targets'] LOOP\n"
	ACCESS_SHARED
	"    EXECUTE format('GRANT SELECT ON casework.%I TO %I, %I, %I, %I', t, w, s, f, a);\n"
	"    EXECUTE format('GRANT INSERT, UPDATE ON casework.%I TO %I', t, a);\n"
	"    EXECUTE format('GRANT SELECT ON SEQUENCE casework.%I TO %I, %I, %I',\n"
	"      t || '_id_seq', w, s, a);\n"
	ACCESS_AUDITED
	"  END LOOP;\n"
	"  FOREACH t IN ARRAY ARRAY['cases', 'group_sessions', 'contacts',\n"
	"      'referrals'] LOOP\n"
	ACCESS_OFFICER_VIEW
	"  END LOOP;\n"
	"END $d$;\n",
	NULL
};

/* Schema version 10: community activities, volunteers and their
 * trainings. Every role but the officer reads and adds them (a worker
 * records the activities and trainings the centre runs), each write in
 * the writer's own open batch and audited; nobody changes them. An
 * officer reads the activities with their counts (head-count, named
 * participants, cases), the hours and the trainings, and the roster as
 * a view without names or phones; never a participant's name or phone
 * (no right on activity_participants). The officer's view of contacts
 * made again with the contact's activity at its end. Run by
 * upgrade_from (schema.c) after the tables of version 10 exist. Group
 * programmes the same, their stage changed by the same roles; an
 * officer reads a programme's stage, project and members, never its
 * title or aims (as a group session's title); the officer's view of
 * group sessions made again with the session's programme. */
const char *const pg_activities_access_sql[] = {
	"DO $d$\n"
	"DECLARE\n"
	ACCESS_ROLES
	"  t text; cols text; x record;\n"
	"  hidden text[] := ARRAY['contacts.note', 'group_sessions.title',\n"
	"    'group_sessions.note'];\n"
	"BEGIN\n"
	"  FOREACH t IN ARRAY ARRAY['volunteers', 'activities',\n"
	"      'activity_participants', 'volunteer_hours', 'trainings',\n"
	"      'training_attendees', 'programmes', 'programme_members'] LOOP\n"
	ACCESS_SHARED
	"    EXECUTE format('GRANT SELECT, INSERT ON casework.%I TO %I, %I, %I',\n"
	"      t, w, s, a);\n"
	"    IF t NOT IN ('volunteers', 'activity_participants', 'programmes') THEN\n"
	"      EXECUTE format('GRANT SELECT ON casework.%I TO %I', t, f);\n"
	"    END IF;\n"
	"    IF t NOT IN ('training_attendees', 'programme_members') THEN\n"
	"      EXECUTE format('GRANT SELECT ON SEQUENCE casework.%I TO %I, %I, %I',\n"
	"        t || '_id_seq', w, s, a);\n"
	"    END IF;\n"
	ACCESS_AUDITED
	"  END LOOP;\n"
	"  CREATE VIEW casework_officer.volunteers AS SELECT id,\n"
	"    NULL::text AS name, NULL::text AS phone, joined, created_at,\n"
	"    batch_id FROM casework.volunteers;\n"
	"  EXECUTE format('ALTER VIEW casework_officer.volunteers OWNER TO %I', o);\n"
	"  EXECUTE format('GRANT SELECT ON casework_officer.volunteers TO %I', f);\n"
	"  EXECUTE format('GRANT UPDATE ON casework.programmes TO %I, %I, %I',\n"
	"    w, s, a);\n"
	"  CREATE VIEW casework_officer.programmes AS SELECT id,\n"
	"    NULL::text AS title, NULL::text AS aims, stage, project, created_at,\n"
	"    updated_at, batch_id FROM casework.programmes;\n"
	"  EXECUTE format('ALTER VIEW casework_officer.programmes OWNER TO %I', o);\n"
	"  EXECUTE format('GRANT SELECT ON casework_officer.programmes TO %I', f);\n"
	"  FOREACH t IN ARRAY ARRAY['contacts', 'group_sessions'] LOOP\n"
	ACCESS_OFFICER_VIEW
	"  END LOOP;\n"
	"END $d$;\n",
	NULL
};

/* Schema version 12: consent by purpose. A consent is its client's: a
 * worker or supervisor sees, adds and changes the consents of the
 * clients they see (the clients' policy, through a case seen or the
 * batch registering them), each write in the writer's own open batch
 * and audited; an admin none (as clients). A consent holds no name:
 * the officer's view shows it whole, as the officer's view of clients
 * shows their consent columns. Run by upgrade_from (schema.c) after the
 * table exists. */
const char *const pg_consents_access_sql[] = {
	"DO $d$\n"
	"DECLARE\n"
	ACCESS_ROLES
	"  t text := 'consents';\n"
	"BEGIN\n"
	"  EXECUTE format('ALTER TABLE casework.%I OWNER TO %I', t, o);\n"
	"  EXECUTE format('ALTER TABLE casework.%I ENABLE ROW LEVEL SECURITY', t);\n"
	"  CREATE POLICY cw_client ON casework.consents\n"
	"    USING (EXISTS (SELECT 1 FROM casework.clients c\n"
	"      WHERE c.id = consents.client_id))\n"
	"    WITH CHECK (EXISTS (SELECT 1 FROM casework.clients c\n"
	"      WHERE c.id = consents.client_id));\n"
	"  EXECUTE format('GRANT SELECT, INSERT, UPDATE ON casework.%I TO %I, %I',\n"
	"    t, w, s);\n"
	"  EXECUTE format('GRANT SELECT ON SEQUENCE casework.%I TO %I, %I, %I',\n"
	"    t || '_id_seq', w, s, a);\n"
	ACCESS_AUDITED
	"  IF to_regnamespace('casework_officer') IS NOT NULL THEN\n"
	"    CREATE VIEW casework_officer.consents AS SELECT id, client_id,\n"
	"      purpose, given, expires, withdrawn, agreement_date, created_at,\n"
	"      batch_id FROM casework.consents;\n"
	"    EXECUTE format('ALTER VIEW casework_officer.consents OWNER TO %I', o);\n"
	"    EXECUTE format('GRANT SELECT ON casework_officer.consents TO %I', f);\n"
	"  END IF;\n"
	"END $d$;\n",
	NULL
};

/* Schema version 13: the cases' assignments follow their cases, as a
 * case's other records do: a worker or supervisor reads, adds and ends
 * (to_date) the assignments of the cases they see, each write audited;
 * nobody deletes one. An officer reads them through a view without the
 * reason (free text), the worker's roster name shown as the officer's
 * view of cases shows it. Run by upgrade_from (schema.c) after the table
 * exists. */
const char *const pg_assignments_access_sql[] = {
	"DO $d$\n"
	"DECLARE\n"
	ACCESS_ROLES
	"  t text := 'assignments'; cols text; x record;\n"
	"  hidden text[] := ARRAY['assignments.reason'];\n"
	"BEGIN\n"
	"  EXECUTE format('ALTER TABLE casework.%I OWNER TO %I', t, o);\n"
	"  EXECUTE format('ALTER TABLE casework.%I ENABLE ROW LEVEL SECURITY', t);\n"
	"  CREATE POLICY cw_case ON casework.assignments USING (EXISTS (SELECT 1\n"
	"    FROM casework.cases k WHERE k.id = assignments.case_id))\n"
	"    WITH CHECK (EXISTS (SELECT 1 FROM casework.cases k\n"
	"    WHERE k.id = assignments.case_id));\n"
	"  EXECUTE format('GRANT SELECT, INSERT, UPDATE ON casework.%I TO %I, %I',\n"
	"    t, w, s);\n"
	"  EXECUTE format('GRANT SELECT ON SEQUENCE casework.%I TO %I, %I, %I',\n"
	"    t || '_id_seq', w, s, a);\n"
	ACCESS_AUDITED
	ACCESS_OFFICER_VIEW
	"  EXECUTE format('ALTER VIEW casework_officer.%I OWNER TO %I', t, o);\n"
	"  EXECUTE format('GRANT SELECT ON casework_officer.%I TO %I', t, f);\n"
	"END $d$;\n",
	NULL
};

/* Schema version 14: the relations between clients (sw-intake
 * relations). A worker or supervisor reads the relations of the clients
 * they see (either side), and adds one of a client they may use in a
 * case (either side), each write in the writer's own open batch and
 * audited; nobody changes one. The other client of a relation, and the
 * client a household_id names, may be one they do not see: whether such
 * a client exists is asked through cw_client_exists, a narrow door like
 * the duplicate check's, which answers yes or no and nothing of the
 * client, each look-up written to the server's log. An officer reads the
 * relations whole (ids and words, never a name) and the clients'
 * household_id (an id), through their views; the view of clients is
 * made again with it at its end, its other columns as version 11 made
 * them. Run by upgrade_from (schema.c) after the tables of version 14
 * exist. */
const char *const pg_relations_access_sql[] = {
	"SET LOCAL search_path = casework;\n"
	"CREATE OR REPLACE FUNCTION cw_client_exists(p_client bigint)\n"
	"  RETURNS boolean\n"
	"  LANGUAGE plpgsql STABLE SECURITY DEFINER\n"
	"  SET search_path = casework, pg_temp AS $f$\n"
	"BEGIN\n"
	"  RAISE LOG 'casework: login % asked whether CL-% exists',\n"
	"    session_user, p_client;\n"
	"  RETURN EXISTS (SELECT 1 FROM clients c WHERE c.id = p_client);\n"
	"END $f$;\n"
	"ALTER TABLE relations ENABLE ROW LEVEL SECURITY;\n"
	"CREATE POLICY cw_read ON relations FOR SELECT USING (\n"
	"  EXISTS (SELECT 1 FROM clients c WHERE c.id = relations.client_id)\n"
	"  OR EXISTS (SELECT 1 FROM clients c WHERE c.id = relations.related_id));\n"
	"CREATE POLICY cw_add ON relations FOR INSERT WITH CHECK (\n"
	"  cw_client_usable(client_id) OR cw_client_usable(related_id));\n",
	"DO $d$\n"
	"DECLARE\n"
	ACCESS_ROLES
	"  t text := 'relations';\n"
	"BEGIN\n"
	"  EXECUTE format('ALTER TABLE casework.%I OWNER TO %I', t, o);\n"
	"  EXECUTE format('ALTER FUNCTION casework.cw_client_exists(bigint)'\n"
	"    ' OWNER TO %I', o);\n"
	"  REVOKE EXECUTE ON FUNCTION casework.cw_client_exists(bigint)\n"
	"    FROM PUBLIC;\n"
	"  EXECUTE format('GRANT EXECUTE ON FUNCTION casework.cw_client_exists('\n"
	"    'bigint) TO %I, %I', w, s);\n"
	"  EXECUTE format('GRANT SELECT, INSERT ON casework.relations TO %I, %I',\n"
	"    w, s);\n"
	"  EXECUTE format('GRANT SELECT ON SEQUENCE casework.relations_id_seq'\n"
	"    ' TO %I, %I, %I', w, s, a);\n"
	ACCESS_AUDITED
	"  CREATE VIEW casework_officer.relations AS SELECT id, client_id,\n"
	"    related_id, relationship, legal_guardian, created_at, batch_id\n"
	"    FROM casework.relations;\n"
	"  EXECUTE format('ALTER VIEW casework_officer.relations OWNER TO %I', o);\n"
	"  EXECUTE format('GRANT SELECT ON casework_officer.relations TO %I', f);\n"
	"  CREATE OR REPLACE VIEW casework_officer.clients AS SELECT\n"
	PG_OFFICER_CLIENTS_V11 ", household_id FROM casework.clients;\n"
	"END $d$;\n",
	NULL
};
