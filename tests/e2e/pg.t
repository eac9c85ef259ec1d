#!/bin/sh
# pg.t - PostgreSQL as casework's database (issue 15): choosing it with a
# connection string, sw-admin init, upgrade and config, the settings kept
# in the database, sw-admin copy both ways, a hot standby serving reads,
# and the server's refusals (exit 4). Runs in make check's PostgreSQL pass
# (CW_BACKEND=pg), on a throwaway cluster of its own with a standby, which
# it always stops and removes.
. "$CW_TOP/tests/e2e/lib.sh"

if [ "${CW_BACKEND:-sqlite}" != pg ]; then
	skip "PostgreSQL: runs in make check's PostgreSQL pass"
	done_testing
fi

# The commands themselves, not the PostgreSQL pass's wrappers.
B=$CW_BIN
CL=$CW_TOP/tests/pg/cluster.sh
P=$(mktemp -d /tmp/cw-pgt.XXXXXX)
chmod 755 "$P"
trap 'sh "$CL" stop "$P/c"; rm -rf "$P" "$T"' EXIT
trap 'exit 1' INT TERM
if ! sh "$CL" start "$P/c" 5432 2>"$T/cluster"; then
	not_ok "a throwaway cluster starts"
	diag "$T/cluster"
	done_testing
fi
PSQL=$(pg_config --bindir)/psql
# q DB SQL: one value, as the role cw_test sees it
q() { "$PSQL" -X -At -h "$P/c" -p 5432 -U cw_test -d "$1" -c "$2" 2>&1; }
su_q() { "$PSQL" -X -At -h "$P/c" -p 5432 -U postgres -d "$1" -c "$2" 2>&1; }
uri() { echo "postgresql:///$1?host=$P/c&port=${2:-5432}&user=${3:-cw_test}"; }
for d in a b c d e f g; do q postgres "CREATE DATABASE $d" >/dev/null; done
A=$(uri a)
today=$(date +%F)

# ---- choosing the database -----------------------------------------------------
run "$B/sw-intake" list --db "$A" -o csv
check_rc 4 "a database without casework's schema is refused"
check_err "sw-intake: '$A' holds no casework schema: run sw-admin init" "saying to run sw-admin init"
printf 'name,intake_date\n张三,2026-01-05\n' >one.csv
run "$B/sw-intake" add --db "$A" one.csv
check_rc 4 "a command that writes does not create the schema either"
check "nothing was created" test "$(q a "SELECT count(*) FROM pg_namespace WHERE nspname = 'casework'")" = 0

run "$B/sw-intake" list --db "postgresql://cw_test:s3cret@/a?host=$P/c" -o csv
check_rc 2 "a connection string with a password is refused"
check "the password is not repeated" sh -c "! grep -q s3cret '$T/err'"
check_err "sw-intake: the connection string holds a password: keep it in ~/.pgpass or the service file instead" "saying where passwords go"

# ---- sw-admin init, upgrade ---------------------------------------------------------
run "$B/sw-admin" init --db "$A"
check_rc 0 "sw-admin init"
check_err "sw-admin: '$A' has casework's schema, version 14 (postgresql)" "saying so"
check "the schema is one schema, casework, and an officer's views" test "$(q a "SELECT string_agg(nspname, ' ' ORDER BY nspname) FROM pg_namespace WHERE nspname NOT LIKE 'pg_%' AND nspname NOT IN ('information_schema', 'public')")" = "casework casework_officer"
run "$B/sw-admin" init --db "$A"
check_rc 0 "sw-admin init again changes nothing"
q b "CREATE TABLE payroll (id int)" >/dev/null
run "$B/sw-admin" init --db "$(uri b)"
check_rc 4 "a database holding something else is refused"
check_err "sw-admin: '$(uri b)' holds something other than casework's schema: casework needs an empty database" "saying why"
check "and left as it was" test "$(q b "SELECT count(*) FROM pg_namespace WHERE nspname = 'casework'")" = 0

run "$B/sw-intake" add --db "$A" -o csv one.csv
check_rc 0 "records go into the new schema"
check_out "case_id,client_id,name,sex,birth_date,id_type,id_number,phone,address,household,language,consent_date,consent_by,consent_share,consent_expires,consent_withdrawn,category,referral_source,presenting_problem,worker,external_ref,intake_date,status,closed_date,linked_by,notes,created_at,updated_at,project,emergency_name,emergency_relationship,emergency_phone,household_id
CA-1,CL-1,张三,,,,,,,,,,,,,,,,,,,2026-01-05,open,,,,$(q a "SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM casework.cases"),,,,,," "the case, its time printed as on SQLite"
check "dates are dates and times timestamptz" test "$(q a "SELECT string_agg(column_name || ':' || data_type, ' ' ORDER BY column_name) FROM information_schema.columns WHERE table_schema = 'casework' AND table_name = 'cases' AND column_name IN ('intake_date', 'created_at')")" = "created_at:timestamp with time zone intake_date:date"

q a "UPDATE casework.schema_version SET version = 99" >/dev/null
run "$B/sw-intake" list --db "$A" -o csv
check_rc 4 "a newer schema is refused"
check_err "sw-intake: database '$A' has schema version 99, newer than this program's 14: upgrade casework" "saying so"
q a "UPDATE casework.schema_version SET version = 1" >/dev/null
run "$B/sw-intake" list --db "$A" -o csv
check_rc 4 "an older schema is refused by every command but sw-admin"
check_err "sw-intake: database '$A' has the older schema version 1: run sw-admin upgrade" "saying to run sw-admin upgrade"
run "$B/sw-admin" upgrade --db "$A"
check_rc 4 "a version no PostgreSQL schema ever had is not upgraded"
check "and the database is left as it was" test "$(q a "SELECT version FROM casework.schema_version")" = 1
q a "UPDATE casework.schema_version SET version = 14" >/dev/null
run "$B/sw-admin" upgrade --db "$A"
check_rc 0 "sw-admin upgrade of a current schema does nothing"

# ---- settings in the database -------------------------------------------------------
run "$B/sw-admin" config --db "$A" -o csv
check_rc 0 "sw-admin config"
check_out "key,value,kept_in
crisis_followup_days,1,database
review_cycle,30d,database
followup_emergency_days,1,database
followup_urgent_days,3,database
followup_routine_days,14,database
retention_years,none,database
default_project,,database" "the settings, kept in the database"
run "$B/sw-admin" config crisis_followup_days 5 --db "$A" --user 督导王
check_rc 0 "a setting stored"
check "audited: who, what, before and after" test "$(q a "SELECT actor || ' ' || action || ' ' || entity || ' ' || ids || ' ' || detail FROM casework.audit ORDER BY id DESC LIMIT 1")" = '督导王 update setting crisis_followup_days {"before":null,"after":"5"}'
run "$B/sw-admin" config crisis_followup_days --db "$A" -o csv
check_out "key,value,kept_in
crisis_followup_days,5,database" "one setting shown"
run "$B/sw-admin" config crisis_followup_days 99 --db "$A"
check_rc 2 "a value out of range is refused"
check_err_line "sw-admin: '99' for crisis_followup_days: not a number of days (0 to 30)" "saying why"
run "$B/sw-admin" config bulk_after 5 --db "$A"
check_rc 2 "a setting the database does not keep is refused"
# the setting applies to every machine's commands
printf 'case_id,date,q1,q2,q3,q4,q5,q6,q7,q8,q9\nCA-1,%s,0,0,0,0,0,0,0,0,3\n' "$today" >phq.csv
run "$B/sw-assess" score phq9 --db "$A" -o csv phq.csv
check_rc 0 "an assessment with a critical item"
check "its crisis follow-up falls the stored 5 days on" test "$(q a "SELECT due_date - date '$today' FROM casework.followups WHERE kind = 'crisis'")" = 5
mkdir -p xdg/casework
printf 'crisis_followup_days = 2\n' >xdg/casework/casework.conf
XDG_CONFIG_HOME=$T/xdg run "$B/sw-intake" list --db "$A" -o csv
check_rc 2 "a machine's file may not set what the database keeps"
check_err "sw-intake: $T/xdg/casework/casework.conf:1: crisis_followup_days: kept in the database on PostgreSQL: set it with sw-admin config" "saying where it is set"
printf '# the agency server\ndatabase = %s\n' "$A" >xdg/casework/casework.conf
XDG_CONFIG_HOME=$T/xdg run "$B/sw-intake" list -o csv
check_rc 0 "the user's configuration names the database"
check "the records of that database" test "$(tail -n +2 "$T/out" | cut -d, -f1)" = CA-1
XDG_CONFIG_HOME=$T/xdg CASEWORK_DB=$T/local.db run "$B/sw-intake" list -o csv
check_rc 4 "CASEWORK_DB comes before the configuration's database"

# ---- sw-admin config on SQLite ---------------------------------------------------------
"$B/sw-intake" add --db l.db one.csv >/dev/null 2>&1
run "$B/sw-admin" config review_cycle 3m --db l.db
check_rc 2 "SQLite's settings are its configuration file's"
check_err_line "sw-admin: the settings of a SQLite database are kept in its configuration file (sqlite): edit casework.conf" "saying so, naming the backend"

# ---- sw-admin copy: SQLite to PostgreSQL and back --------------------------------------
demo_db s.db
"$B/sw-refer" import --db s.db "$CW_TOP/tests/data/directory" >/dev/null 2>&1
C=$(uri c)
run "$B/sw-admin" copy s.db "$C" -o csv
check_rc 0 "a laptop's file copied to the server"
check "one record a table, 38 tables" test "$(tail -n +2 "$T/out" | wc -l)" = 38
cp "$T/out" tallies.csv
check_err_line "sw-admin: copied $(tail -n +2 tallies.csv | awk -F, '{s += $2} END {print s}') rows of 38 tables from 's.db' to '$C' (batch BT-$(($(sqlite3 s.db 'SELECT max(id) FROM batches') + 1))): rows counted, checksums and the audit chain ($(sqlite3 s.db 'SELECT count(*) FROM audit') entries) verified" "saying what was verified"
for v in "sw-intake list" "sw-assess risk" "sw-plan due" "sw-plan show CA-1" "sw-refer services" "sw-report caseload" "sw-report services --since 2026-01-01 --until 2026-12-31"; do
	# shellcheck disable=SC2086
	"$B"/$v --db s.db -o csv >lite.out 2>lite.err
	lrc=$?
	# shellcheck disable=SC2086
	run "$B"/$v --db "$C" -o csv
	check "$v: the same exit status on both ($lrc)" test "$rc" = "$lrc"
	check_file lite.out "$T/out" "$v: the same records on both"
done
check "the copy's batch and audit entry" test "$(q c "SELECT b.verb || ' ' || a.action || ' ' || a.entity || ' ' || a.detail FROM casework.audit a JOIN casework.batches b ON b.id = a.batch_id ORDER BY a.id DESC LIMIT 1")" = "copy copy database {\"from\":\"sqlite\",\"tables\":38,\"rows\":$(tail -n +2 tallies.csv | awk -F, '{s += $2} END {print s}'),\"audit_entries\":$(sqlite3 s.db 'SELECT count(*) FROM audit')}"
check "the settings went with the records" test "$(q c "SELECT count(*) FROM casework.settings")" = 7
# a new record on the server gets the next id
printf 'name,intake_date\n新来的,2026-03-01\n' >new.csv
run "$B/sw-intake" add --db "$C" -o csv new.csv
check_rc 0 "the server takes new records"
check "with the next ids" test "$(cut -d, -f1,2 "$T/out" | tail -1)" = "CA-$(($(sqlite3 s.db 'SELECT max(id) FROM cases') + 1)),CL-$(($(sqlite3 s.db 'SELECT max(id) FROM clients') + 1))"

run "$B/sw-admin" copy "$C" back.db -o csv
check_rc 0 "the server's database copied to a new file"
check "owner-only" test "$(stat -c %a back.db)" = 600
check_err_line "sw-admin: a SQLite database keeps its settings in its configuration file (casework.conf beside it); the source's are:" "the settings to put in its file"
check_err_line "  crisis_followup_days = 1" "each of them"
check "assessments, contacts and the directory came back as they were" test "$(grep -E '^(assessments|contacts|services|addresses),' tallies.csv)" = "$(grep -E '^(assessments|contacts|services|addresses),' "$T/out")"
"$B/sw-intake" list --db "$C" -o csv >pg.out 2>/dev/null
run "$B/sw-intake" list --db back.db -o csv
check_file pg.out "$T/out" "the round trip lists the same records"
"$B/sw-admin" check --db back.db -o csv >back.check 2>/dev/null
check "the audit trail came back whole, and one entry more" test "$(sqlite3 back.db 'SELECT count(*) FROM audit')" = "$(($(q c 'SELECT count(*) FROM casework.audit') + 1))"

run "$B/sw-admin" check --db "$C" -o csv
check_rc 0 "sw-admin check on the server"
check "the same figures as the round trip's copy for the records" test "$(grep -v '^batches,\|^audit,' "$T/out")" = "$(grep -v '^batches,\|^audit,' back.check)"
su_q c "ALTER TABLE casework.audit DISABLE TRIGGER audit_no_change; UPDATE casework.audit SET detail = '{}' WHERE id = 3; ALTER TABLE casework.audit ENABLE TRIGGER audit_no_change" >/dev/null
check "the audit trail refuses a change" sh -c "! '$PSQL' -X -q -h '$P/c' -U postgres -d c -c \"UPDATE casework.audit SET detail = '' WHERE id = 1\" 2>/dev/null"
check "and being emptied" sh -c "! '$PSQL' -X -q -h '$P/c' -U postgres -d c -c 'TRUNCATE casework.audit CASCADE' 2>/dev/null"
run "$B/sw-admin" check --db "$C" -o csv
check_rc 4 "an entry changed behind casework's back (by a superuser) breaks the chain"
check_err "sw-admin: audit verification failed in '$C': entry AU-3 does not match the chain" "naming it"

# a worker's machine names the server by a service
printf '[casework]\nhost=%s\nport=5432\ndbname=c\nuser=cw_test\n' "$P/c" >services.conf
PGSERVICEFILE=$T/services.conf run "$B/sw-intake" list --db service=casework -o csv
check_rc 0 "a service of the service file"
check_file pg.out "$T/out" "the same records"

run "$B/sw-admin" copy s.db "$C"
check_rc 4 "a target holding records is refused"
check_err "sw-admin: '$C' is not empty (its table batches has $(q c 'SELECT count(*) FROM casework.batches') rows): copy into a new database" "saying why"
run "$B/sw-admin" copy nowhere.db fresh.db
check_rc 4 "a missing source"
check "creates no target" test ! -e fresh.db
run "$B/sw-admin" copy s.db ./s.db
check_rc 2 "a database copied into itself"

# ---- a rolled-back batch and ids ----------------------------------------------------------
D=$(uri d)
"$B/sw-admin" init --db "$D" >/dev/null 2>&1
printf 'name,intake_date\n甲,2026-02-01\n乙,2026-02-30\n' >bad.csv
run "$B/sw-intake" add --db "$D" bad.csv
check_rc 3 "a batch with a bad record stores nothing"
check "nothing stored" test "$(q d "SELECT count(*) FROM casework.cases")" = 0
run "$B/sw-intake" add --db "$D" -o csv one.csv
check_rc 0 "the next batch"
check "its ids are never ones given before" test "$(q d "SELECT count(*) FROM casework.cases WHERE id >= 1")" = 1

# ---- a writer gone between its audit entry and its COMMIT ---------------------------------
# The database's owner (cw_test ran sw-admin init) appends an entry, then
# its connection ends with the transaction open, as a writer killed before
# its commit: the server rolls it back, with no cleanup of the client's
# (store/pg/conn.c sets sequences back only on a rollback it sends). The
# audit sequence moves at commit (schema version 8): no entries seem cut
# from the trail's end.
seq_d() { q d "SELECT coalesce(last_value, 0) FROM pg_sequences WHERE schemaname = 'casework' AND sequencename = 'audit_id_seq'"; }
na=$(q d "SELECT count(*) FROM casework.audit")
check "a committed write of the owner's moved the audit sequence to its entry" test "$(seq_d)" = "$na" -a "$na" -gt 0
append="SELECT casework.cw_audit_append(NULL, NULL, 'tester', 1, 'insert', 'client', 'CL-1', '{}', NULL, NULL)"
check "the owner's append seen in its transaction, then the connection closed" test "$("$PSQL" -X -q -At -h "$P/c" -p 5432 -U cw_test -d d -c BEGIN -c "$append" -c "SELECT count(*) FROM casework.audit" 2>&1 | tail -1)" = $((na + 1))
check "the entry is gone" test "$(q d "SELECT count(*) FROM casework.audit")" = "$na"
check "the audit sequence did not move" test "$(seq_d)" = "$na"
run "$B/sw-admin" verify --db "$D"
check_rc 0 "sw-admin verify finds no entry missing"
# the same, the server process ended (pg_terminate_backend) while the
# transaction waits after its append
"$PSQL" -X -q -At -h "$P/c" -p 5432 -U cw_test -d "dbname=d application_name=cw_gone" -c BEGIN -c "$append" -c "SELECT pg_sleep(60)" >/dev/null 2>&1 &
gone=$!
i=0
while [ $i -lt 100 ] && [ "$(q d "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'cw_gone' AND query LIKE '%pg_sleep%'")" != 1 ]; do
	i=$((i + 1))
	sleep 0.1
done
check "a transaction waits after its append" test "$(q d "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'cw_gone'")" = t
wait "$gone"
check "its entry is gone" test "$(q d "SELECT count(*) FROM casework.audit")" = "$na"
check "and the audit sequence did not move" test "$(seq_d)" = "$na"
run "$B/sw-admin" check --db "$D"
check_rc 0 "sw-admin check finds no entry missing"
run "$B/sw-intake" add --db "$D" new.csv
check_rc 0 "the next write"
nb=$(q d "SELECT count(*) FROM casework.audit")
check "its entries the next ones, the audit sequence moved at its commit" test "$(q d "SELECT min(id) || ' ' || max(id) FROM casework.audit WHERE id > $na")" = "$((na + 1)) $nb" -a "$(seq_d)" = "$nb"
run "$B/sw-admin" verify --db "$D"
check_rc 0 "sw-admin verify"

# ---- the server's refusals ---------------------------------------------------------------
su_q postgres "CREATE ROLE stranger LOGIN" >/dev/null
run "$B/sw-intake" list --db "$(uri a 5432 stranger)" -o csv
check_rc 4 "a role without rights is refused by the server"
check_err "sw-intake: login 'stranger' has no grant on '$(uri a 5432 stranger)': an admin gives it one with sw-admin grant" "saying it has no grant (casework(7), ACCESS)"

# ---- a hot standby serves reads ------------------------------------------------------------
if ! sh "$CL" standby "$P/c" 5433 2>"$T/cluster"; then
	not_ok "a standby starts"
	diag "$T/cluster"
	done_testing
fi
S=$(echo "$C" | sed 's/port=5432/port=5433/')
# the standby has replayed the primary's last commit
for i in 1 2 3 4 5 6 7 8 9 10; do
	[ "$("$PSQL" -X -At -h "$P/c" -p 5433 -U cw_test -d c -c "SELECT count(*) FROM casework.cases" 2>/dev/null)" = "$(q c "SELECT count(*) FROM casework.cases")" ] && break
	sleep 1
done
for v in "sw-intake list" "sw-plan due" "sw-plan show CA-1" "sw-refer list" "sw-report caseload" "sw-report services --since 2026-01-01 --until 2026-12-31"; do
	# shellcheck disable=SC2086
	"$B"/$v --db "$C" -o csv >primary.out 2>/dev/null
	prc=$?
	# shellcheck disable=SC2086
	run "$B"/$v --db "$S" -o csv
	check "$v on the standby: as on the primary (exit $prc)" test "$rc" = "$prc"
	check_file primary.out "$T/out" "$v on the standby: the same records"
done
run "$B/sw-intake" add --db "$S" new.csv
check_rc 4 "a write on the standby is refused"
check_err "sw-intake: cannot write to '$S': the database is read-only (a standby server)" "saying the database is read-only"
run "$B/sw-report" case CA-1 --db "$S" -o csv
check_rc 4 "a case file is not handed out from the standby"
check_err "sw-report: cannot hand out the file of CA-1 from '$S': it is a read-only standby, and a case file's hand-out is audited on the primary" "saying it is audited on the primary"
check_out "" "and nothing is printed"
"$(pg_config --bindir)/pg_ctl" -D "$P/c/standby" -m immediate stop >/dev/null 2>&1 ||
	runuser -u postgres -- "$(pg_config --bindir)/pg_ctl" -D "$P/c/standby" -m immediate stop >/dev/null 2>&1
run "$B/sw-intake" list --db "$S" -o csv
check_rc 4 "a server that is gone"
done_testing
