# lib.sh - helpers for the end-to-end tests: TAP output, a scratch folder,
# and a way to run a command that keeps its exit status, stdout and stderr
# apart (never piping the command under test into another).
set -u
: "${CW_TOP:?run through make check}"
export LC_ALL=C.UTF-8 TZ="${TZ:-UTC}"
unset CASEWORK_DB CASEWORK_CONFIG CASEWORK_USER
export CASEWORK_USER=tester
T=$(mktemp -d "${TMPDIR:-/tmp}/cw-test.XXXXXX")
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 1
# The user's own configuration (its database key, a PostgreSQL database's
# settings) is the test's, never the developer's: an empty folder.
export XDG_CONFIG_HOME="$T/.user-config"

# The backend the tests run against: sqlite (the default), or pg
# (CW_BACKEND=pg, make test-pg): each SQLite file a test names is then a
# database of its own on the PostgreSQL cluster at CW_PG_HOST
# (tests/pg/map.sh), through wrappers of the commands first in PATH
# (tests/pg/wrap.sh). A test inspects a database with dbq, dbdump, dbcp
# and dbrm, which work on either; what only SQLite has is skipped with
# sqlite_only.
CW_BACKEND=${CW_BACKEND:-sqlite}
if [ "$CW_BACKEND" = pg ]; then
	: "${CW_PG_HOST:?CW_BACKEND=pg needs CW_PG_HOST, the cluster's socket folder}"
	: "${CW_BIN:?CW_BACKEND=pg needs CW_BIN, the folder of the real commands}"
	CW_T=$(realpath "$T")
	# the test's part of every database name (tests/pg/map.sh), once
	CW_PG_NAMEPRE=$(printf '%s%s_' "${CW_PG_PREFIX:-t_}" "${CW_T##*.}" |
		tr 'A-Z' 'a-z' | tr -c 'a-z0-9\n' '_')
	export CW_BACKEND CW_PG_HOST CW_BIN CW_T CW_TOP CW_PG_NAMEPRE
	. "$CW_TOP/tests/pg/map.sh"
	export CW_PG_PORT CW_PG_USER CW_PG_PREFIX
	mkdir -p "$CW_T.pg/bin" "$CW_T.pg/db"
	for c in sw-intake sw-assess sw-plan sw-refer sw-project sw-report sw-admin; do
		ln -s "$CW_TOP/tests/pg/wrap.sh" "$CW_T.pg/bin/$c"
	done
	PATH="$CW_T.pg/bin:$PATH"
	trap 'for _cwf in "$CW_T.pg/db"/*; do [ -e "$_cwf" ] && pg_drop "${_cwf##*/}"; done; rm -rf "$T" "$CW_T.pg"' EXIT
	pg_make_template || { echo "Bail out! cannot make the template database on $CW_PG_HOST"; exit 1; }
fi
n=0
failed=0

plan() { :; }  # the plan is printed at the end by done_testing
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; }
diag() { sed 's/^/# /' "$@" >&2; }
skip() { n=$((n + 1)); echo "ok $n # SKIP $1"; }

# run CMD ARGS... : stdout in $T/out, stderr in $T/err, status in $rc.
run() {
	"$@" >"$T/out" 2>"$T/err"
	rc=$?
	return 0
}
# run_in FILE CMD ARGS... : the same with standard input from FILE.
run_in() {
	f=$1
	shift
	"$@" <"$f" >"$T/out" 2>"$T/err"
	rc=$?
	return 0
}

check_rc() {
	if [ "$rc" -eq "$1" ]; then ok "$2 (exit $1)"; else
		not_ok "$2 (exit $rc, want $1)"; diag "$T/err"; fi
}
# check_out EXPECTED DESC : stdout is exactly EXPECTED plus a newline,
# or empty when EXPECTED is empty.
check_out() {
	if [ -z "$1" ]; then : >"$T/want"; else printf '%s\n' "$1" >"$T/want"; fi
	if cmp -s "$T/want" "$T/out"; then ok "$2"; else
		not_ok "$2"; diff "$T/want" "$T/out" | sed 's/^/# /' >&2; fi
}
check_err() {
	if [ -z "$1" ]; then : >"$T/want"; else printf '%s\n' "$1" >"$T/want"; fi
	if cmp -s "$T/want" "$T/err"; then ok "$2"; else
		not_ok "$2"; diff "$T/want" "$T/err" | sed 's/^/# /' >&2; fi
}
# check_err_line LINE DESC : stderr has LINE as one of its lines.
check_err_line() {
	if grep -qxF -- "$1" "$T/err"; then ok "$2"; else
		not_ok "$2"; echo "# want: $1" >&2; diag "$T/err"; fi
}
check_file() {
	if cmp -s "$1" "$2"; then ok "$3"; else
		not_ok "$3"; diff "$1" "$2" | sed 's/^/# /' >&2; fi
}
check() { # check DESC COMMAND... : passes when COMMAND succeeds
	d=$1; shift
	if "$@"; then ok "$d"; else not_ok "$d"; fi
}
# The database's whole content, to prove a failed command changed nothing
# (on PostgreSQL each table's rows as "INSERT INTO TABLE {json}", by id,
# and where its sequences stand: tests/pg/compat.sql).
dbdump() {
	if [ "$CW_BACKEND" = pg ]; then
		pg_ensure "$(pg_name "$1")" &&
			pg_psql "$(pg_name "$1")" -At -c 'SELECT public.cw_test_dump()' 2>&1
	else
		sqlite3 "$1" .dump 2>&1
	fi
}
# dbq FILE [SQL] : runs SQL (else standard input) on the database and
# prints its rows as sqlite3 does (columns joined by |, NULL empty). On
# PostgreSQL, SQLite's group_concat, hex and json_extract are there too
# (tests/pg/compat.sql).
dbq() {
	if [ "$CW_BACKEND" = pg ]; then
		pg_ensure "$(pg_name "$1")" || return 1
		if [ $# -ge 2 ]; then
			pg_psql "$(pg_name "$1")" -At -c "$2"
		else
			pg_psql "$(pg_name "$1")" -At -f -
		fi
	elif [ $# -ge 2 ]; then
		sqlite3 "$1" "$2"
	else
		sqlite3 "$1"
	fi
}
# The tables whose records keep a digest (schema version 5).
CW_DIGEST_TABLES="clients cases assessments followups plans goals goal_progress
tasks group_sessions contacts reviews closures referrals"
# as_v10 FILE : the database's clients made those of schema version 10:
# no emergency contact, and on PostgreSQL the officer's view of clients
# as version 3 made it, the owner's, which the officer reads.
as_v10() {
	if [ "$CW_BACKEND" = pg ]; then
		dbq "$1" "DROP VIEW IF EXISTS casework_officer.clients;
DROP VIEW IF EXISTS casework_officer.relations; $(as_v10_columns)
DO \$\$ BEGIN IF to_regnamespace('casework_officer') IS NOT NULL THEN
  CREATE VIEW casework_officer.clients AS SELECT id, NULL::text AS name,
    NULL::text AS name_key, sex,
    make_date(extract(year FROM birth_date)::integer, 1, 1) AS birth_date,
    id_type, NULL::text AS id_number, NULL::text AS phone,
    NULL::text AS address, NULL::text AS household, NULL::text AS language,
    consent_date, consent_by, consent_share, consent_expires,
    consent_withdrawn, created_at, updated_at, batch_id FROM casework.clients;
  EXECUTE format('ALTER VIEW casework_officer.clients OWNER TO %I',
    (SELECT name FROM casework.access_roles WHERE kind = 'owner'));
  EXECUTE format('GRANT SELECT ON casework_officer.clients TO %I',
    (SELECT name FROM casework.access_roles WHERE kind = 'officer'));
END IF; END \$\$" >/dev/null
	else
		dbq "$1" "$(as_v10_columns)" >/dev/null
	fi
}
as_v10_columns() {
	as_v11_sql
	for _c in emergency_name emergency_relationship emergency_phone; do
		printf 'ALTER TABLE clients DROP COLUMN %s;\n' $_c
	done
}
# as_v11 FILE : the database made one of schema version 11: no consents
# by purpose (the clients' consent columns as they are), no assignments
# (the audit trail's updates of worker as they are), no relations nor
# household_id, on PostgreSQL nor the officer's views of them.
as_v11_sql() {
	_c=$([ "$CW_BACKEND" = pg ] && echo ' CASCADE')
	for _t in consents assignments relations; do
		printf 'DROP TABLE %s%s;\n' $_t "$_c"
	done
	# (and of schema version 14: no household_id; on PostgreSQL the
	# officer's view of clients goes with it, made again by the upgrade)
	printf 'DROP INDEX clients_by_household;\n'
	printf 'DROP INDEX clients_by_guardian_consent;\n'
	printf 'ALTER TABLE clients DROP COLUMN household_id%s;\n' "$_c"
}
as_v11() {
	if [ "$CW_BACKEND" = pg ]; then
		dbq "$1" "$(as_v11_sql) UPDATE schema_version SET version = 11" >/dev/null
	else
		dbq "$1" "$(as_v11_sql) PRAGMA user_version = 11;" >/dev/null
	fi
}
# as_v5 FILE : the database made one that schema version 5 wrote: no
# record digests, no digest entries in its trail (the entries after them
# numbered down; their hashes left to compute again: verify.t's rehash),
# of version 5 (and so of version 10's clients: as_v10).
as_v5() {
	as_v10 "$1"
	_s="DELETE FROM audit WHERE action = 'digest' OR entity = 'assignment';
UPDATE audit SET id = -(SELECT count(*) FROM audit b WHERE b.id <= audit.id);
UPDATE audit SET id = -id;"
	for _t in $CW_DIGEST_TABLES; do
		_s="$_s ALTER TABLE $_t DROP COLUMN digest;"
	done
	# and nothing of version 8: no projects (on PostgreSQL an officer's
	# views of the four tables go with their column: the upgrade to
	# version 8 makes them again)
	_s="$_s DROP INDEX cases_by_project; DROP TABLE project_targets;
DROP TABLE projects;"
	for _t in cases contacts group_sessions referrals; do
		_s="$_s ALTER TABLE $_t DROP COLUMN project$([ "$CW_BACKEND" = pg ] && echo ' CASCADE');"
	done
	# nor of version 10: no activities, volunteers or trainings
	_s="$_s DROP INDEX contacts_by_activity;
ALTER TABLE contacts DROP COLUMN activity_id$([ "$CW_BACKEND" = pg ] && echo ' CASCADE');
DROP INDEX group_sessions_by_programme;
ALTER TABLE group_sessions DROP COLUMN programme_id$([ "$CW_BACKEND" = pg ] && echo ' CASCADE');"
	# nor of version 10 (and of version 13 no audit entries of
	# assignments: as_v10 dropped their table)
	for _t in training_attendees trainings volunteer_hours activity_participants \
	    activities volunteers programme_members programmes; do
		_s="$_s DROP TABLE $_t$([ "$CW_BACKEND" = pg ] && echo ' CASCADE');"
	done
	if [ "$CW_BACKEND" = pg ]; then
		dbq "$1" "ALTER TABLE audit DISABLE TRIGGER USER; $_s
SELECT setval('casework.audit_id_seq', (SELECT max(id) FROM audit));
UPDATE schema_version SET version = 5;
ALTER TABLE audit ENABLE TRIGGER USER" >/dev/null
	else
		sqlite3 "$1" "DROP TRIGGER IF EXISTS audit_no_update;
DROP TRIGGER IF EXISTS audit_no_delete; $_s
UPDATE sqlite_sequence SET seq = (SELECT max(id) FROM audit) WHERE name = 'audit';
PRAGMA user_version = 5"
	fi
}
# rehash DB [1|kept]: every prev_hash and hash of the trail written again,
# as an adversary would (with 1: the trail made one of format 1, as before
# schema version 4, on SQLite its detail_sha256 column dropped; with
# kept: the same, the column kept and NULL, as in a database upgraded from
# version 3 before its first write)
rehash() {
	if [ "$CW_BACKEND" = pg ]; then
		_f1=$([ -n "${2:-}" ] && echo 1)
		dbq "$1" "ALTER TABLE audit DISABLE TRIGGER USER;
DO \$\$ DECLARE a record; prev text := repeat('0', 64); h text; BEGIN
  FOR a IN SELECT * FROM casework.audit ORDER BY id LOOP
    h := casework.cw_audit_text(prev, a.id, to_char(a.at AT TIME ZONE 'UTC',
      'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), a.actor, a.batch_id, a.action, a.entity,
      a.ids, CASE WHEN '$_f1' = '1' THEN a.detail ELSE coalesce(a.detail_sha256, a.detail) END);
    UPDATE casework.audit SET prev_hash = prev, hash = h, detail_sha256 =
      CASE WHEN '$_f1' = '1' THEN NULL ELSE detail_sha256 END WHERE id = a.id;
    prev := h;
  END LOOP; END \$\$;
ALTER TABLE audit ENABLE TRIGGER USER" >/dev/null
	else
		case ${2:-} in
		1) _how=format1 ;;
		kept) _how=format1-kept ;;
		*) _how=rehash ;;
		esac
		python3 "$CW_TOP/tests/e2e/audit_chain.py" "$1" $_how
	fi
}
# dburi FILE : the database as the commands name it in messages (the
# file's name on SQLite).
dburi() {
	if [ "$CW_BACKEND" = pg ]; then pg_uri "$(pg_name "$1")"; else printf '%s\n' "$1"; fi
}
# dbmissing FILE : a database that is not there, as --db names it: FILE
# on SQLite (no file yet); on PostgreSQL the connection string of a
# database the cluster does not have (the wrappers pass it as it is).
# dbmissing_why FILE : why a command cannot open it, as its message
# "cannot open database 'DB': WHY" says (the server's words on PostgreSQL).
# A database that does not exist: --db "$(dburi FILE)" names it on both
# backends (on PostgreSQL a database the cluster does not have, which the
# wrappers leave alone). dbgone FILE: it is still not there.
dbgone() {
	if [ "$CW_BACKEND" = pg ]; then
		test -z "$(pg_psql postgres -At -c "SELECT 1 FROM pg_database WHERE datname = '$(pg_name "$1")'")"
	else
		test ! -e "$1"
	fi
}
# check_err_nodb PROG FILE DESC: stderr is the one line refusing the
# database dburi FILE names (on PostgreSQL in the server's words).
check_err_nodb() {
	if [ "$CW_BACKEND" = sqlite ]; then
		check_err "$1: cannot open database '$2': No such file or directory" "$3"
		return
	fi
	case $(cat "$T/err") in
	*"
"*) not_ok "$3"; diag "$T/err" ;;
	"$1: cannot open database '$(dburi "$2")': "*"database \"$(pg_name "$2")\" does not exist") ok "$3" ;;
	*) not_ok "$3"; diag "$T/err" ;;
	esac
}
dbmissing() {
	if [ "$CW_BACKEND" = pg ]; then pg_uri "$(pg_name "$1.missing")"; else printf '%s\n' "$1"; fi
}
dbmissing_why() {
	if [ "$CW_BACKEND" = pg ]; then
		printf 'connection to server on socket "%s/.s.PGSQL.%s" failed: FATAL:  database "%s" does not exist\n' \
			"$CW_PG_HOST" "$CW_PG_PORT" "$(pg_name "$1.missing")"
	else
		echo 'No such file or directory'
	fi
}
# dbforeign FILE : the database of another program: on SQLite a file with
# a table of its own, on PostgreSQL a database with a table of its own
# and no casework schema.
dbforeign() {
	if [ "$CW_BACKEND" = pg ]; then
		pg_drop "$(pg_name "$1")" &&
			pg_ensure "$(pg_name "$1")" &&
			pg_psql "$(pg_name "$1")" -c 'DROP SCHEMA casework CASCADE' \
				-c 'CREATE TABLE public.t (x int); INSERT INTO public.t VALUES (1)' >/dev/null
	else
		sqlite3 "$1" 'CREATE TABLE t (x); INSERT INTO t VALUES (1);'
	fi
}
# dbcp FROM TO : TO becomes a copy of the database FROM.
dbcp() {
	if [ "$CW_BACKEND" = pg ]; then
		pg_drop "$(pg_name "$2")" &&
			pg_psql postgres -c "CREATE DATABASE $(pg_name "$2") TEMPLATE $(pg_name "$1") STRATEGY FILE_COPY" >/dev/null &&
			: >"$CW_T.pg/db/$(pg_name "$2")"
	else
		cp "$1" "$2"
	fi
}
# dbrm FILE... : the databases are gone (on PostgreSQL: as new, emptied).
dbrm() {
	for _cwf; do
		if [ "$CW_BACKEND" = pg ]; then pg_reset "$(pg_name "$_cwf")"; else rm -f "$_cwf"; fi
	done
}
# demo_db FILE : a SQLite file (the real commands of CW_BIN, whatever the
# backend) holding the demo records of tests/data, copied here: two
# workers, the intake, PHQ-9 scores, goals and contacts.
demo_db() {
	cp "$CW_TOP"/tests/data/demo-*.csv .
	"$CW_BIN/sw-intake" workers --add 李敏 周强 --db "$1" >/dev/null 2>&1
	"$CW_BIN/sw-intake" add --db "$1" --keep-going demo-intake.csv >/dev/null 2>&1
	"$CW_BIN/sw-assess" score phq9 --db "$1" --keep-going demo-phq9.csv >/dev/null 2>&1
	"$CW_BIN/sw-plan" goals --db "$1" --keep-going demo-goals.csv >/dev/null 2>&1
	"$CW_BIN/sw-plan" contacts --db "$1" --keep-going demo-contacts.csv >/dev/null 2>&1
}
# demo_here FILE : demo_db's records through the commands first in PATH
# (the backend's), the CSV files copied here.
demo_here() {
	cp "$CW_TOP"/tests/data/demo-*.csv .
	sw-intake workers --add 李敏 周强 --db "$1" >/dev/null 2>&1
	sw-intake add --db "$1" --keep-going demo-intake.csv >/dev/null 2>&1
	sw-assess score phq9 --db "$1" --keep-going demo-phq9.csv >/dev/null 2>&1
	sw-plan goals --db "$1" --keep-going demo-goals.csv >/dev/null 2>&1
	sw-plan contacts --db "$1" --keep-going demo-contacts.csv >/dev/null 2>&1
}
# sqlite_only REASON : true on SQLite; on another backend, a test skipped
# for REASON (what only SQLite has), so that "if sqlite_only ...; then"
# runs a block of checks on SQLite alone. Give it the number of checks
# the block makes as a second argument, to skip that many.
sqlite_only() {
	[ "$CW_BACKEND" = sqlite ] && return 0
	_cwk=${2:-1}
	while [ "$_cwk" -gt 0 ]; do skip "$CW_BACKEND: $1"; _cwk=$((_cwk - 1)); done
	return 1
}
# sqlite_file REASON : a test file only about SQLite skips everything
# on another backend.
sqlite_file() {
	[ "$CW_BACKEND" = sqlite ] && return 0
	echo "1..0 # SKIP $CW_BACKEND: $1"
	exit 0
}
done_testing() { echo "1..$n"; exit $((failed > 0)); }
