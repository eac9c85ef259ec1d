-- tests/pg/compat.sql - SQLite's functions the tests' own queries use
-- (dbq, tests/e2e/lib.sh), for the test databases of the PostgreSQL mode.
-- In schema public, never in casework: the program never sees them.
CREATE FUNCTION public.cw_gc_step(acc text, x anyelement, sep text)
RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN x IS NULL THEN acc WHEN acc IS NULL THEN x::text
	      ELSE acc || sep || x::text END $$;
CREATE FUNCTION public.cw_gc_step1(acc text, x anyelement)
RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT public.cw_gc_step(acc, x, ',') $$;
CREATE AGGREGATE public.group_concat(anyelement, text)
  (SFUNC = public.cw_gc_step, STYPE = text);
CREATE AGGREGATE public.group_concat(anyelement)
  (SFUNC = public.cw_gc_step1, STYPE = text);
CREATE FUNCTION public.hex(x text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT upper(encode(convert_to(x, 'UTF8'), 'hex')) $$;
CREATE FUNCTION public.json_extract(j text, path text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT jsonb_path_query_first(j::jsonb, path::jsonpath) #>> '{}' $$;
-- Empties the database as sw-admin init left it, ids from 1 again: what
-- dbrm does, much faster than making the database anew (DELETE, not
-- TRUNCATE: no new files; children first, by the order of creation).
CREATE FUNCTION public.cw_test_reset() RETURNS void LANGUAGE plpgsql AS $$
DECLARE r record;
BEGIN
  -- the append-only audit trail's trigger refuses a DELETE
  ALTER TABLE casework.audit DISABLE TRIGGER USER;
  FOR r IN SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
	   WHERE n.nspname = 'casework' AND c.relkind = 'r'
	   AND c.relname NOT IN ('schema_version', 'access_roles')
	   ORDER BY c.oid DESC LOOP
    EXECUTE format('DELETE FROM casework.%I', r.relname);
  END LOOP;
  ALTER TABLE casework.audit ENABLE TRIGGER USER;
  FOR r IN SELECT sequencename FROM pg_sequences WHERE schemaname = 'casework' LOOP
    PERFORM setval(format('casework.%I', r.sequencename), 1, false);
  END LOOP;
END $$;
-- The database's content (dbdump): each table's rows, by id, and where
-- its sequence stands, in lines that begin as those of sqlite3's .dump
-- ("INSERT INTO table ...", "INSERT INTO sqlite_sequence ...").
CREATE FUNCTION public.cw_test_dump() RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE r record;
BEGIN
  FOR r IN SELECT n.nspname, c.relname,
		  EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'id') AS has_id
	   FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
	   WHERE n.nspname IN ('casework', 'public') AND c.relkind = 'r' ORDER BY 1, 2 LOOP
    RETURN QUERY EXECUTE format('SELECT ''INSERT INTO '' || %L || '' '' || row_to_json(t)::text FROM %I.%I t %s',
				r.relname, r.nspname, r.relname,
				CASE WHEN r.has_id THEN 'ORDER BY id' ELSE 'ORDER BY row_to_json(t)::text' END);
  END LOOP;
  RETURN QUERY SELECT format('INSERT INTO sqlite_sequence VALUES(%L,%s);',
			     regexp_replace(sequencename, '_id_seq$', ''), coalesce(last_value, 0))
	       FROM pg_sequences WHERE schemaname = 'casework' ORDER BY 1;
END $$;
