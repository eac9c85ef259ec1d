#!/bin/sh
# access.t - who may see what on PostgreSQL (issue 16): server roles made
# by sw-admin init, sw-admin grant and revoke (ADMIN OPTION, no
# CREATEROLE), the acting user taken from the login, row-level security
# through the tools (hidden is "no such case", a refused write exit 4),
# the duplicate check and the audit trail through their SECURITY DEFINER
# doors, and psql connected as each role, bypassing the tools, refused or
# shown nothing at every forbidden read and write. Runs in make check's
# PostgreSQL pass, on its cluster, with a database and logins of its own,
# dropped at the end.
. "$CW_TOP/tests/e2e/lib.sh"

if [ "${CW_BACKEND:-sqlite}" != pg ]; then
	run sw-admin grant li 李敏 worker --db s.db
	check_rc 2 "grant on a SQLite file: a usage error naming the backend"
	check_err_line "sw-admin: logins and their roles are a server's (postgresql); a SQLite file is its owner's alone" "saying so"
	done_testing
fi

B=$CW_BIN
PSQL=$(pg_config --bindir)/psql
# every name this test makes on the shared cluster carries its own part
s=$(printf '%s' "${CW_T##*.}" | tr 'A-Z' 'a-z' | tr -c 'a-z0-9' '_')
D=acc_$s
L=l${s}_
PFX=cw_${D}_
as() { # as LOGIN SQL: psql connected as LOGIN, its output and errors
	PGOPTIONS="-c search_path=casework -c client_min_messages=warning" \
		"$PSQL" -X -q -At -v ON_ERROR_STOP=1 -h "$CW_PG_HOST" -p "$CW_PG_PORT" \
		-U "$1" -d "$D" -c "$2" 2>&1
}
uri() { echo "postgresql:///$D?host=$CW_PG_HOST&port=$CW_PG_PORT&user=$1"; }
cleanup() {
	pg_psql postgres -c "DROP DATABASE IF EXISTS $D" >/dev/null 2>&1
	for r in owner worker supervisor officer admin; do
		pg_psql postgres -c "DROP ROLE IF EXISTS $PFX$r" >/dev/null 2>&1
	done
	for r in li zhou wang zhao adm off stranger; do
		pg_psql postgres -c "DROP ROLE IF EXISTS $L$r" >/dev/null 2>&1
	done
}
trap 'cleanup; rm -rf "$T" "$CW_T.pg"' EXIT
cleanup
pg_psql postgres -c "CREATE DATABASE $D" >/dev/null
for r in li zhou wang zhao adm off stranger; do
	pg_psql postgres -c "CREATE ROLE $L$r LOGIN" >/dev/null
done
O=$(uri cw_test)

# ---- the roles sw-admin init makes --------------------------------------------------
run "$B/sw-admin" init --db "$O"
check_rc 0 "sw-admin init by a role that may create roles"
check "five server roles carry the database's name" test \
	"$(as cw_test "SELECT string_agg(rolname || ':' || rolcanlogin, ' ' ORDER BY rolname) FROM pg_roles WHERE rolname LIKE '$PFX%'")" = \
	"${PFX}admin:false ${PFX}officer:false ${PFX}owner:false ${PFX}supervisor:false ${PFX}worker:false"
check "the tables are owned by the NOLOGIN owner role" test \
	"$(as cw_test "SELECT DISTINCT pg_get_userbyid(relowner) FROM pg_class WHERE relnamespace = 'casework'::regnamespace AND relkind = 'r'")" = "${PFX}owner"
check "every table has row-level security" test \
	"$(as cw_test "SELECT count(*) FROM pg_class WHERE relnamespace = 'casework'::regnamespace AND relkind = 'r' AND NOT relrowsecurity")" = 0

# ---- the roster: role and team --------------------------------------------------------
export CASEWORK_USER=dba
"$B/sw-intake" workers --add 李敏 周强 --team 一组 --db "$O" >/dev/null 2>&1
"$B/sw-intake" workers --add 王督导 --role supervisor --team 一组 --db "$O" >/dev/null 2>&1
"$B/sw-intake" workers --add 赵六 --team 二组 --db "$O" >/dev/null 2>&1
"$B/sw-intake" workers --add 管理员 数据员 --db "$O" >/dev/null 2>&1

# ---- grant and revoke -----------------------------------------------------------------
run "$B/sw-admin" grant "${L}adm" 管理员 admin --db "$O"
check_rc 0 "the owner grants the first admin"
check_err "sw-admin: login '${L}adm' acts as '管理员', admin, on '$O' (batch BT-5)" "saying who acts as whom"
check "an admin login may not create roles" test "$(as cw_test "SELECT rolcreaterole FROM pg_roles WHERE rolname = '${L}adm'")" = f
unset CASEWORK_USER
run "$B/sw-admin" grant "${L}li" 李敏 worker --db "$(uri "${L}adm")"
check_rc 0 "an admin grants a worker with ADMIN OPTION alone"
for g in "${L}zhou 周强 worker" "${L}wang 王督导 supervisor" "${L}zhao 赵六 worker" "${L}off 数据员 officer"; do
	# shellcheck disable=SC2086
	"$B/sw-admin" grant $g --db "$(uri "${L}adm")" >/dev/null 2>&1
done
run "$B/sw-admin" grant "${L}zhao" 赵六 worker --db "$(uri "${L}adm")"
check_rc 0 "a grant given again"
check_err "sw-admin: login '${L}zhao' acts as '赵六', worker, on '$(uri "${L}adm")' (batch BT-11)" "says only that, no notice of the server's"
run "$B/sw-admin" grant "${L}stranger" 赵六 supervisor --db "$(uri "${L}adm")"
check_rc 3 "a supervisor's grant for a worker of the roster"
check_err "sw-admin: '赵六' is a worker on the roster: grant worker, or change the roster first (sw-intake workers --set)" "saying what the roster says"
run "$B/sw-admin" grant "${L}stranger" 无名 worker --db "$(uri "${L}adm")"
check_rc 3 "a name not on the roster"
run "$B/sw-admin" grant "${L}nobody" 赵六 worker --db "$(uri "${L}adm")"
check_rc 3 "a login the server does not have"
run "$B/sw-admin" grant "${L}stranger" 赵六 boss --db "$(uri "${L}adm")"
check_rc 2 "a role that is none of the four"
run "$B/sw-admin" grant "${L}stranger" 赵六 worker --db "$(uri "${L}li")"
check_rc 4 "a worker cannot grant"
run "$B/sw-admin" logins --db "$(uri "${L}adm")" -o csv
check_rc 0 "the admin lists the logins"
sed 's/,[0-9TZ:-]*$/,TS/' "$T/out" >"$T/o2" && mv "$T/o2" "$T/out"
check_out "login,worker,role,team,granted_at
${L}adm,管理员,admin,,TS
${L}li,李敏,worker,一组,TS
${L}off,数据员,officer,,TS
${L}wang,王督导,supervisor,一组,TS
${L}zhao,赵六,worker,二组,TS
${L}zhou,周强,worker,一组,TS" "with their roster names, roles and teams"

# ---- identity ------------------------------------------------------------------------
printf 'name,birth_date,phone,worker,intake_date\n张三,1950-01-01,13800000000,李敏,2026-11-01\n' >li.csv
run "$B/sw-intake" add --db "$(uri "${L}li")" --user 周强 li.csv
check_rc 2 "--user naming someone else is refused"
check_err_line "sw-intake: the user '周强' (--user or CASEWORK_USER) is not who this login is: '${L}li' acts as '李敏' on '$(uri "${L}li")'" "saying who the login is"
run "$B/sw-intake" add --db "$(uri "${L}li")" --user "${L}li" li.csv -o csv
check_rc 0 "--user naming the login itself is accepted"
check "the batch is recorded under the roster name" test \
	"$(as cw_test "SELECT actor FROM batches ORDER BY id DESC LIMIT 1")" = 李敏
check "and so is its audit entry" test \
	"$(as cw_test "SELECT actor FROM audit ORDER BY id DESC LIMIT 1")" = 李敏
run "$B/sw-intake" list --db "$(uri "${L}stranger")" -o csv
check_rc 4 "a login with no grant is refused"
check_err "sw-intake: login '${L}stranger' has no grant on '$(uri "${L}stranger")': an admin gives it one with sw-admin grant" "saying an admin grants it"

# ---- row-level security through the tools ------------------------------------------------
printf 'name,birth_date,phone,worker,intake_date\n李四,1960-01-01,13900000000,周强,2026-11-02\n' >zhou.csv
"$B/sw-intake" add --db "$(uri "${L}zhou")" zhou.csv >/dev/null 2>&1
printf 'name,birth_date,phone,worker,intake_date\n王五,1970-01-01,13700000000,赵六,2026-11-03\n' >zhao.csv
"$B/sw-intake" add --db "$(uri "${L}zhao")" zhao.csv >/dev/null 2>&1
printf 'name,birth_date,worker,intake_date\n赵七,1980-01-01,周强,2026-11-04\n' >other.csv
run "$B/sw-intake" add --db "$(uri "${L}li")" other.csv
check_rc 4 "a worker cannot open a case for another worker"
check_err_line "sw-intake: cannot store a record in '$(uri "${L}li")': permission denied by the server's access rules" "saying the server's rules refuse it"
run "$B/sw-intake" list --db "$(uri "${L}li")" -o csv
check_rc 0 "a worker lists their cases"
check "only their own" test "$(cut -d, -f1,20 "$T/out" | tail -n +2)" = "CA-1,李敏"
run "$B/sw-intake" show CA-2 --db "$(uri "${L}li")"
check_rc 3 "another worker's case is as if it did not exist"
check_err "sw-intake: no case CA-2" "no case CA-2"
run "$B/sw-intake" list --db "$(uri "${L}wang")" -o csv
check_rc 0 "a supervisor lists their team's cases"
check "theirs: both workers of 一组, not 二组's" test "$(cut -d, -f1 "$T/out" | tail -n +2 | tr '\n' ' ')" = "CA-1 CA-2 "
printf 'case_id,worker\nCA-2,赵六\n' >out.csv
run "$B/sw-intake" update --db "$(uri "${L}wang")" out.csv
check_rc 4 "a supervisor cannot move a case out of the team"
check_err_line "sw-intake: cannot update CA-2 in '$(uri "${L}wang")': permission denied by the server's access rules" "naming the case"
printf 'case_id,worker\nCA-2,李敏\n' >move.csv
run "$B/sw-intake" update --db "$(uri "${L}wang")" move.csv -o csv
check_rc 0 "a supervisor reassigns within the team"
run "$B/sw-intake" show CA-2 --db "$(uri "${L}li")" -o csv
check_rc 0 "the case is now the new worker's to see"
run "$B/sw-intake" show CA-2 --db "$(uri "${L}zhou")"
check_rc 3 "and no longer the old worker's"
check "the handover's assignments: the new holder reads the case's whole history" test \
	"$(as "${L}li" "SELECT string_agg(worker || ':' || coalesce(to_date::text, ''), ' ' ORDER BY id) FROM assignments WHERE case_id = 2")" = \
	"周强:$(date +%F) 李敏:"
check "the old holder, none of it" test \
	"$(as "${L}zhou" "SELECT count(*) FROM assignments WHERE case_id = 2")" = 0
run "$B/sw-intake" assignments CA-2 --db "$(uri "${L}zhou")"
check_rc 3 "nor through the tools: no case CA-2"
printf 'case_id,date,kind,minutes\nCA-3,2026-11-10,phone,10\n' >c3.csv
run "$B/sw-plan" contacts --db "$(uri "${L}li")" c3.csv
check_rc 3 "a contact on a case one cannot see: no such case"
printf 'case_id,date,kind,minutes\nCA-1,2026-11-10,phone,10\n' >c1.csv
run "$B/sw-plan" contacts --db "$(uri "${L}li")" c1.csv -o csv
check_rc 0 "a contact on one's own case"

# The duplicate check sees every client: a worker registering a client
# another worker serves links to them (here: skipped, the case is open),
# never a second record of the person.
printf 'name,birth_date,worker,intake_date\n王五,1970-01-01,李敏,2026-11-20\n' >dup.csv
run "$B/sw-intake" add --db "$(uri "${L}li")" dup.csv
check_rc 0 "a known client another worker serves"
check_err_line "sw-intake: dup.csv:2: skipped: same person as client CL-3 (by name+birth_date), who already has the open case CA-3" "is found, and the open case named by id only"
check "no second record of the person" test "$(as cw_test "SELECT count(*) FROM clients WHERE name = '王五'")" = 1
if [ -r "$CW_PG_HOST/primary.log" ]; then
	check "the look-up is in the server's log, which no rollback undoes" \
		grep -q "casework: login ${L}li found CL-3 by the duplicate rule 1" "$CW_PG_HOST/primary.log"
else
	skip "the server's log is not readable here"
fi

# ---- an officer: every figure, no name -----------------------------------------------
run "$B/sw-report" services --since 2026-11-01 --until 2026-11-30 --db "$O" -o csv
check_rc 0 "the services report, as the owner"
cp "$T/out" services-owner.csv
run "$B/sw-report" services --since 2026-11-01 --until 2026-11-30 --db "$(uri "${L}off")" -o csv
check_rc 0 "the same report, as an officer"
check_file services-owner.csv "$T/out" "the same figures, every worker's cases counted"
run "$B/sw-report" caseload --since 2026-11-01 --until 2026-11-30 --db "$(uri "${L}off")" -o csv
check_rc 0 "the caseload report, as an officer"
check_out "new,closed,reopened,open_at_end,households
3,0,0,3,3" "every case counted, of three households"
run "$B/sw-intake" list --db "$(uri "${L}off")" -o csv
check_rc 0 "an officer lists the cases"
check "with no name, phone or free text, and the birth year alone" test \
	"$(cut -d, -f1,3,5,8,20 "$T/out" | tail -n +2 | tr '\n' ' ')" = "CA-1,,1950-01-01,,李敏 CA-2,,1960-01-01,,李敏 CA-3,,1970-01-01,,赵六 "
# The pseudonymised list runs unchanged on the officer's views: the same
# lines as the owner's.
head -c 32 /dev/urandom >ps.key
chmod 600 ps.key
printf 'pseudonym_key_file = %s/ps.key\n' "$T" >ps.conf
export CASEWORK_CONFIG="$T/ps.conf"
run "$B/sw-intake" list --pseudonymise --db "$O" -o csv
cp "$T/out" ps-owner.csv
run "$B/sw-intake" list --pseudonymise --db "$(uri "${L}off")" -o csv
unset CASEWORK_CONFIG
check_rc 0 "the pseudonymised list, as an officer"
check_file ps-owner.csv "$T/out" "the same lines as the owner's"

# ---- a worker's extract, from the server -------------------------------------------------
run "$B/sw-admin" copy "$O" ex.db --worker 李敏 -o csv
check_rc 0 "the owner makes 李敏's extract"
check "李敏's cases alone" test "$(sqlite3 ex.db 'SELECT group_concat(id || worker, " ") FROM cases')" = "1李敏 2李敏"
check "no audit trail" test "$(sqlite3 ex.db 'SELECT count(*) FROM audit')" = 0
check "the server audits the hand-out" test "$(as cw_test "SELECT action || ' ' || ids FROM audit ORDER BY id DESC LIMIT 1")" = "extract 李敏"
run "$B/sw-plan" contacts --db ex.db c1.csv
check_rc 4 "the extract refuses writes"

# ---- the audit trail still verifies ---------------------------------------------------------
run "$B/sw-admin" check --db "$O" -o csv
check_rc 0 "the chain verifies after writes by restricted logins"

# ---- psql as each role, bypassing the tools: refused or shown nothing -------------------
refused() { # refused DESC LOGIN SQL: the server refuses (an error)
	if as "$2" "$3" >"$T/psql" 2>&1; then not_ok "refused: $1"; diag "$T/psql"
	elif grep -q 'permission denied\|row-level security\|must be\|must have\|append-only\|no audit entry' "$T/psql"; then ok "refused: $1"
	else not_ok "refused: $1 (another error)"; diag "$T/psql"; fi
}
hidden() { # hidden DESC LOGIN SQL: the query runs and shows nothing
	if v=$(as "$2" "$3") && [ -z "$v" -o "$v" = 0 ]; then ok "hidden: $1"
	else not_ok "hidden: $1 ($v)"; fi
}
hidden "another worker's case, read" "${L}zhou" "SELECT id FROM cases WHERE id = 1"
hidden "another worker's client's name" "${L}zhou" "SELECT name FROM clients WHERE id = 1"
hidden "another worker's contacts" "${L}zhou" "SELECT count(*) FROM contacts"
hidden "another team's case, to a supervisor" "${L}wang" "SELECT id FROM cases WHERE id = 3"
hidden "another worker's assignments" "${L}zhou" "SELECT count(*) FROM assignments WHERE case_id = 1"
refused "an assignment deleted" "${L}li" "DELETE FROM assignments WHERE case_id = 1"
refused "an assignment ended by hand, unaudited" "${L}li" "UPDATE assignments SET to_date = '2026-11-30' WHERE case_id = 1"
refused "the assignments' table, to an officer" "${L}off" "SELECT reason FROM casework.assignments"
hidden "a handover's reason through an officer's views" "${L}off" "SELECT count(reason) FROM casework_officer.assignments"
hidden "another login's grant" "${L}li" "SELECT login FROM logins WHERE login <> current_user"
hidden "another worker's batches" "${L}li" "SELECT id FROM batches WHERE actor <> '李敏'"
hidden "updating another worker's case changes nothing" "${L}zhou" "WITH u AS (UPDATE cases SET notes = 'x' WHERE id = 1 RETURNING 1) SELECT count(*) FROM u"
refused "the audit trail's details" "${L}li" "SELECT detail FROM audit"
refused "updating an audit entry" "${L}li" "UPDATE audit SET detail = '{}'"
refused "deleting audit entries" "${L}adm" "DELETE FROM audit"
refused "an audit entry written directly" "${L}li" "INSERT INTO audit (at, actor, batch_id, action, entity, ids, detail, prev_hash, hash) VALUES (now(), '李敏', 1, 'x', 'x', 'x', '{}', 'x', 'x')"
refused "an audit entry in another's name" "${L}li" "SELECT cw_audit_append(1000, '2026-01-01T00:00:00Z', '周强', 1, 'x', 'x', 'x', '{}', 'x', 'x')"
refused "a batch in another's name" "${L}li" "INSERT INTO batches (started_at, actor, program, verb) VALUES (now(), '周强', 'psql', 'x')"
refused "moving one's case to another worker" "${L}li" "UPDATE cases SET worker = '周强' WHERE id = 1"
refused "a case for another worker" "${L}li" "INSERT INTO cases (client_id, status, intake_date, worker, created_at, batch_id) VALUES (1, 'open', '2026-01-01', '周强', now(), 1)"
refused "deleting a case" "${L}li" "DELETE FROM cases WHERE id = 1"
refused "emptying a table" "${L}wang" "TRUNCATE contacts"
refused "granting oneself a role" "${L}li" "GRANT ${PFX}supervisor TO ${L}li"
refused "becoming the admin" "${L}li" "SET ROLE ${PFX}admin"
refused "granting oneself through the function" "${L}li" "SELECT cw_grant('${L}li', '李敏', 'supervisor', 1)"
refused "a grant written directly" "${L}li" "INSERT INTO logins VALUES ('${L}li', '李敏', 'supervisor', now(), 1)"
refused "changing one's team" "${L}li" "UPDATE workers SET team = '二组' WHERE name = '李敏'"
refused "turning row-level security off" "${L}li" "ALTER TABLE cases DISABLE ROW LEVEL SECURITY"
refused "a table of one's own in the schema" "${L}li" "CREATE TABLE casework.mine (x int)"
refused "names, to an officer" "${L}off" "SELECT name FROM casework.clients"
refused "case notes, to an officer" "${L}off" "SELECT notes FROM casework.cases"
hidden "names through an officer's views" "${L}off" "SELECT count(name) + count(phone) + count(id_number) + count(address) FROM casework_officer.clients"
hidden "free text through an officer's views" "${L}off" "SELECT count(notes) + count(presenting_problem) + count(external_ref) FROM casework_officer.cases"
refused "an officer writing" "${L}off" "INSERT INTO casework.contacts (case_id, date, kind, minutes, created_at, batch_id) VALUES (1, '2026-11-11', 'phone', 5, now(), 1)"
refused "cases, to an admin" "${L}adm" "SELECT id, notes FROM cases"
refused "clients, to an admin" "${L}adm" "SELECT name FROM clients"
refused "the audit trail, to an admin" "${L}adm" "SELECT detail FROM audit"
refused "a case of one's own for a client one cannot see" "${L}zhou" "BEGIN; INSERT INTO batches (started_at, actor, program, verb) VALUES (now(), '周强', 'psql', 'x'); INSERT INTO cases (client_id, status, intake_date, worker, created_at, batch_id) SELECT 1, 'closed', '2026-01-01', '周强', now(), max(id) FROM batches; COMMIT"
refused "one's case moved to a client one cannot see" "${L}zhao" "UPDATE cases SET client_id = 1 WHERE id = 3"
refused "an admin becoming a worker" "${L}adm" "SET ROLE ${PFX}worker"
refused "a grant written by an admin by hand" "${L}adm" "UPDATE logins SET worker = '周强' WHERE login = '${L}adm'"
refused "a write of one's own with no audit entry" "${L}li" "BEGIN; INSERT INTO batches (started_at, actor, program, verb) VALUES (now(), '李敏', 'psql', 'x'); INSERT INTO contacts (case_id, date, kind, minutes, created_at, batch_id) SELECT 1, '2026-11-12', 'phone', 5, now(), max(id) FROM batches; COMMIT"
refused "an admin's change of the roster by hand, unaudited" "${L}adm" "UPDATE workers SET team = '二组' WHERE name = '李敏'"
refused "an admin granting a group by hand" "${L}adm" "GRANT ${PFX}worker TO ${L}adm"
refused "an admin becoming an officer" "${L}adm" "SET ROLE ${PFX}officer"
refused "a row in another's batch, even audited" "${L}zhao" "BEGIN; INSERT INTO batches (started_at, actor, program, verb) VALUES (now(), '赵六', 'psql', 'x'); SELECT cw_audit_append(NULL, NULL, '赵六', max(id), 'x', 'x', 'x', '{}', NULL, NULL) FROM batches; UPDATE clients SET batch_id = 1 WHERE id = 3; COMMIT"
refused "an id pushed to the end of its sequence" "${L}li" "BEGIN; INSERT INTO batches (started_at, actor, program, verb) VALUES (now(), '李敏', 'psql', 'x'); SELECT cw_audit_append(NULL, NULL, '李敏', max(id), 'x', 'x', 'x', '{}', NULL, NULL) FROM batches; INSERT INTO contacts (id, case_id, date, kind, minutes, created_at, batch_id) SELECT 9223372036854775807, 1, '2026-11-12', 'phone', 5, now(), max(id) FROM batches; COMMIT"
refused "a batch id the table did not give" "${L}li" "INSERT INTO batches (id, started_at, actor, program, verb) VALUES (9223372036854775806, now(), '李敏', 'psql', 'x')"
refused "the audit's sequence synced by hand" "${L}li" "SELECT cw_sync_id('audit')"
refused "an admin changing their own grant" "${L}adm" "BEGIN; INSERT INTO batches (started_at, actor, program, verb) VALUES (now(), '管理员', 'psql', 'x'); SELECT cw_grant('${L}adm', '王督导', 'supervisor', max(id)) FROM batches; COMMIT"
refused "a goal of one's case under another's plan" "${L}li" "BEGIN; INSERT INTO batches (started_at, actor, program, verb) VALUES (now(), '李敏', 'psql', 'x'); SELECT cw_audit_append(NULL, NULL, '李敏', max(id), 'x', 'x', 'x', '{}', NULL, NULL) FROM batches; INSERT INTO goals (plan_id, case_id, term, description, indicator, target, deadline, status, created_at, batch_id) SELECT 999, 1, 'short', 'x', 'x', 'x', '2027-01-01', 'in_progress', now(), max(id) FROM batches; COMMIT"
refused "the audit sequence moved" "${L}li" "SELECT nextval('casework.audit_id_seq')"
refused "a sequence set back" "${L}li" "SELECT setval('casework.cases_id_seq', 1)"
refused "the duplicate check, to an officer" "${L}off" "SELECT * FROM cw_client_candidates(1, NULL, NULL, 'x', '1950-01-01', NULL, NULL)"
refused "a batch, to an officer" "${L}off" "INSERT INTO batches (started_at, actor, program, verb) VALUES (now(), '数据员', 'psql', 'x')"
refused "anything, to a login with no grant" "${L}stranger" "SELECT 1 FROM casework.cases"
# ... and what each may do, they can
check "a worker reads their case" test "$(as "${L}li" "SELECT count(*) FROM cases")" = 2
check "a supervisor their team's" test "$(as "${L}wang" "SELECT count(*) FROM cases")" = 2
check "an admin the roster" test "$(as "${L}adm" "SELECT count(*) FROM workers")" = 6
check "an officer every case, through the views" test \
	"$(as "${L}off" "SELECT count(*) FROM casework_officer.cases WHERE status = 'open'")" = 3
check "an admin each worker's open cases, by worker and status alone" test \
	"$(as "${L}adm" "SELECT count(*) FROM cases WHERE status = 'open'")" = 3

# An entry a worker appends by hand is the server's: in their name, in
# their open batch, with the hash the server computes, whatever was given.
as "${L}li" "BEGIN; INSERT INTO batches (started_at, actor, program, verb) VALUES (now(), '李敏', 'psql', 'x'); SELECT cw_audit_append(1, '2001-01-01T00:00:00Z', '李敏', (SELECT max(id) FROM batches), 'delete', 'case', 'CA-1', '{}', 'x', 'bogus'); COMMIT" >/dev/null 2>&1
check "an entry appended by hand" test "$(as cw_test "SELECT actor || ' ' || action || ' ' || (hash <> 'bogus') || ' ' || (at > now() - interval '1 hour') FROM audit ORDER BY id DESC LIMIT 1")" = "李敏 delete true true"
run "$B/sw-admin" check --db "$O" -o csv
check_rc 0 "is a true link of the chain"

# The roster's role decides: a supervisor demoted on the roster sees their
# own cases alone at once.
CASEWORK_USER=dba "$B/sw-intake" workers --set 王督导 --role worker --db "$O" >/dev/null 2>&1
check "a supervisor demoted on the roster" test "$(as "${L}wang" "SELECT count(*) FROM cases")" = 0
CASEWORK_USER=dba "$B/sw-intake" workers --set 王督导 --role supervisor --db "$O" >/dev/null 2>&1
check "and promoted again" test "$(as "${L}wang" "SELECT count(*) FROM cases")" = 2
run "$B/sw-admin" copy "$(uri "${L}li")" li.db --worker 李敏
check_rc 4 "a restricted login makes no extract"
check_err "sw-admin: a copy or a worker's extract reads the whole database: make it as the database's owner" "saying who does"
check "and no file is left" test ! -e li.db
# an undo changes the records of any case: the owner's alone
last=$(as cw_test "SELECT max(id) FROM batches")
for who in li adm; do
	run "$B/sw-admin" undo "BT-$last" --db "$(uri "$L$who")"
	check_rc 4 "an undo by a restricted login ($who)"
	check_err "sw-admin: an undo changes the records of any case: run it as the database's owner" "saying who does"
done
check "and no batch is added" test "$(as cw_test "SELECT max(id) FROM batches")" = "$last"

# ---- the audit check, by an admin who may not read the trail ------------------------------
na=$(as cw_test "SELECT count(*) FROM audit")
run "$B/sw-admin" check --db "$(uri "${L}adm")" -o csv
check_rc 0 "an admin checks the audit chain"
check_err "sw-admin: '$(uri "${L}adm")': the audit chain ($na entries) verified; the tables' figures are the owner's to check" "through the server: the chain alone"
check_out "" "no table's figures"
run "$B/sw-admin" check --db "$(uri "${L}li")"
check_rc 4 "a worker does not"
hn=$(as cw_test "SELECT 'AU-' || id || ':' || hash FROM audit ORDER BY id DESC LIMIT 1")
run "$B/sw-admin" head --db "$(uri "${L}adm")" -o csv
check_out "head
$hn" "an admin reads the chain's head"
run "$B/sw-admin" verify --db "$(uri "${L}adm")" --head "$hn" -o csv
check_rc 0 "an admin verifies the chain, with the head kept"
check_out "entries,format_1,format_2,head,records
$na,0,$na,$hn," "through the server: its entries, formats and head (the records are the owner's to check)"
run "$B/sw-admin" verify --db "$(uri "${L}li")"
check_rc 4 "a worker does not verify it"
was=$(as cw_test "SELECT ids FROM audit WHERE id = $na")
as cw_test "ALTER TABLE audit DISABLE TRIGGER USER; UPDATE audit SET ids = 'x' WHERE id = $na; ALTER TABLE audit ENABLE TRIGGER USER" >/dev/null
run "$B/sw-plan" contacts --db "$(uri "${L}li")" c1.csv
check_rc 4 "the server refuses a worker's write after a last entry that does not verify"
check_err_line "sw-plan: cannot write the audit trail in '$(uri "${L}li")': its last entry, AU-$na, does not verify: run sw-admin verify" "naming sw-admin verify"
as cw_test "ALTER TABLE audit DISABLE TRIGGER USER; UPDATE audit SET ids = '$was' WHERE id = $na; ALTER TABLE audit ENABLE TRIGGER USER" >/dev/null
was=$(as cw_test "SELECT actor FROM audit WHERE id = 3")
as cw_test "ALTER TABLE audit DISABLE TRIGGER USER; UPDATE audit SET actor = 'someone' WHERE id = 3; ALTER TABLE audit ENABLE TRIGGER USER" >/dev/null
run "$B/sw-admin" check --db "$(uri "${L}adm")"
check_rc 4 "an entry edited behind casework's back"
check_err "sw-admin: audit verification failed in '$(uri "${L}adm")': entry AU-3 does not match the chain" "named by the admin's check"
as cw_test "ALTER TABLE audit DISABLE TRIGGER USER; UPDATE audit SET actor = '$was' WHERE id = 3; DELETE FROM audit WHERE id = $na; ALTER TABLE audit ENABLE TRIGGER USER" >/dev/null
run "$B/sw-admin" check --db "$(uri "${L}adm")"
check_rc 4 "the newest entry cut off"
check_err "sw-admin: audit verification failed in '$(uri "${L}adm")': entries after AU-$((na - 1)) are missing" "found too"
as cw_test "ALTER TABLE audit DISABLE TRIGGER USER; ALTER TABLE audit ENABLE TRIGGER USER" >/dev/null

# ---- projects: every role reads them, an admin writes them -----------------------------------
printf 'code,name,funder,start,end,target_population\nSQ1,长者项目,民政局,2026-01-01,2026-12-31,50\n' >pj.csv
run "$B/sw-project" add --db "$(uri "${L}li")" pj.csv
check_rc 4 "a worker does not add a project"
run "$B/sw-project" add --db "$(uri "${L}adm")" pj.csv
check_rc 0 "an admin adds one"
printf 'project,indicator,target\nSQ1,case_contacts,100\n' >pt.csv
run "$B/sw-project" targets --db "$(uri "${L}adm")" pt.csv
check_rc 0 "and sets its targets"
check "each write audited in the admin's name" test "$(as cw_test "SELECT string_agg(actor || ' ' || action || ' ' || entity || ' ' || ids, '; ' ORDER BY id) FROM audit WHERE entity = 'project'")" = "管理员 insert project PJ-1; 管理员 target project PJ-1"
run "$B/sw-project" show SQ1 --db "$(uri "${L}li")" -o csv
check_rc 0 "a worker reads the project and its targets"
cp "$T/out" show-li.csv
run "$B/sw-project" show SQ1 --db "$(uri "${L}adm")" -o csv
check_rc 0 "an admin, who reads no case, shows it too"
check_file show-li.csv "$T/out" "the same for every role: no count that the rights on cases would change"
run "$B/sw-project" list --db "$(uri "${L}adm")" -o csv
check_rc 0 "and lists the projects"
run "$B/sw-admin" config --db "$(uri "${L}adm")" default_project NOPE
check_rc 3 "default_project: a project that does not exist"
check_err "sw-admin: default_project: no project NOPE (see sw-project list)" "refused, saying so"
printf 'case_id,date,kind,minutes,project\nCA-1,2026-11-12,phone,10,SQ1\n' >cp.csv
run "$B/sw-plan" contacts --db "$(uri "${L}li")" cp.csv
check_rc 0 "and records a contact of it"
check "an officer reads the projects" test "$(as "${L}off" "SELECT code || ' ' || (SELECT count(*) FROM casework.project_targets) FROM casework.projects")" = "SQ1 1"
check "and a record's project through the views" test "$(as "${L}off" "SELECT count(project) FROM casework_officer.contacts")" = 1
# The indicator report and --by project read only what an officer may:
# the same figures as the owner's.
run "$B/sw-report" project SQ1 --month 2026-11 --db "$O" -o csv
check_rc 0 "the project's indicators, as the owner"
cp "$T/out" project-owner.csv
run "$B/sw-report" project SQ1 --month 2026-11 --db "$(uri "${L}off")" -o csv
check_rc 0 "the same, as an officer"
check_file project-owner.csv "$T/out" "the same figures"
check "the contact counted" test "$(sed -n 2p "$T/out")" = "case_contacts,个案服务人次,case contacts,8,1,12.5"
run "$B/sw-report" services --month 2026-11 --by project --db "$(uri "${L}off")" -o csv
check "services by project, as an officer" grep -q '^SQ1,1,1,1,10,0,0$' "$T/out"
refused "a project, written by an officer" "${L}off" "INSERT INTO casework.projects (code, name, funder, start_date, end_date, target_population, created_at, batch_id) VALUES ('X', 'x', 'x', '2026-01-01', '2026-12-31', 1, now(), 1)"
refused "a target, written by a worker" "${L}li" "INSERT INTO casework.project_targets (project, indicator, target, created_at, batch_id) VALUES ('SQ1', 'coverage', '90', now(), 1)"

# ---- activities, volunteers, trainings: a worker records them; an officer reads the counts ----
printf 'name,phone,joined\n王芳,13800138000,2026-02-01\n' >vl.csv
run "$B/sw-project" volunteers --db "$(uri "${L}li")" vl.csv
check_rc 0 "a worker adds a volunteer"
printf 'date,title,kind,minutes,workers,headcount,participants,cases,volunteers,project\n2026-11-12,防诈骗讲座,lecture,60,李敏,45,张三:13900000000,CA-1,王芳=2,SQ1\n' >ac.csv
run "$B/sw-project" activities --db "$(uri "${L}li")" ac.csv
check_rc 0 "records an activity with a case of theirs"
printf 'date,title,minutes,attendees\n2026-11-13,入门培训,60,王芳\n' >tr.csv
run "$B/sw-project" trainings --db "$(uri "${L}li")" tr.csv
check_rc 0 "and a training"
check "each write audited in the worker's name" test "$(as cw_test "SELECT string_agg(actor || ' ' || action || ' ' || entity || ' ' || ids, '; ' ORDER BY id) FROM audit WHERE entity IN ('volunteer', 'activity', 'training')")" = "李敏 insert volunteer VL-1; 李敏 insert activity AC-1; 李敏 insert training TR-1"
check "a worker reads the named participants" test "$(as "${L}li" "SELECT name || ' ' || phone FROM activity_participants")" = "张三 13900000000"
check "an officer reads an activity's counts" test "$(as "${L}off" "SELECT headcount || ' ' || named_count || ' ' || case_count FROM casework.activities")" = "45 1 1"
check "the hours and the trainings" test "$(as "${L}off" "SELECT (SELECT sum(hours100) FROM casework.volunteer_hours) || ' ' || (SELECT count(*) FROM casework.training_attendees)")" = "200 1"
check "the roster without names or phones" test "$(as "${L}off" "SELECT id || ' ' || joined || ' ' || count(name) OVER () || ' ' || count(phone) OVER () FROM casework_officer.volunteers")" = "1 2026-02-01 0 0"
check "a contact's activity through the views" test "$(as "${L}off" "SELECT count(activity_id) FROM casework_officer.contacts WHERE kind = 'community'")" = 1
refused "participants' names, read by an officer" "${L}off" "SELECT name FROM casework.activity_participants"
refused "participants' phones, read by an officer" "${L}off" "SELECT phone FROM casework.activity_participants"
refused "the roster's names, read by an officer from its table" "${L}off" "SELECT name FROM casework.volunteers"
refused "an activity, written by an officer" "${L}off" "INSERT INTO casework.activities (date, title, kind, minutes, workers, headcount, named_count, case_count, created_at, batch_id) VALUES ('2026-11-12', 'x', 'other', 1, 'x', 1, 0, 0, now(), 1)"
refused "a participant, written without an audit entry" "${L}li" "INSERT INTO casework.activity_participants (activity_id, name) VALUES (1, 'x')"
refused "an activity changed" "${L}li" "UPDATE casework.activities SET headcount = 450"
run "$B/sw-report" services --db "$(uri "${L}off")" --month 2026-11 -o csv
check "the officer's services report counts the community contact" grep -q '^community,1,1,1,60,' "$T/out"
printf 'title,members\n互助小组,CA-1\n' >gp.csv
run "$B/sw-project" programmes --db "$(uri "${L}li")" gp.csv
check_rc 0 "a worker records a group programme"
printf 'programme_id,stage\nGP-1,formation\n' >gp2.csv
run "$B/sw-project" programmes --db "$(uri "${L}li")" gp2.csv
check_rc 0 "and moves its stage on"
check "an officer reads a programme's stage, never its title or aims" test "$(as "${L}off" "SELECT coalesce(title, '-') || ' ' || coalesce(aims, '-') || ' ' || stage FROM casework_officer.programmes")" = "- - formation"
check "and its members" test "$(as "${L}off" "SELECT count(*) FROM casework.programme_members")" = 1
refused "a programme's title, read by an officer from its table" "${L}off" "SELECT title FROM casework.programmes"

# ---- relations: of the clients one sees; the other client through a narrow door ------------
# CL-1 and CL-2 are 李敏's clients, CL-3 赵六's
printf 'client_id,related_client_id,relationship\nCL-1,CL-3,sibling\n' >rl.csv
run "$B/sw-intake" relations --db "$(uri "${L}li")" rl.csv -o csv
check_rc 0 "a worker relates a client of theirs to one they do not see"
check "audited in the worker's name" test "$(as cw_test "SELECT actor || ' ' || action || ' ' || ids FROM audit WHERE entity = 'relation'")" = "李敏 insert RL-1"
if [ -r "$CW_PG_HOST/primary.log" ]; then
	check "the other client asked for through the door, in the server's log" \
		grep -q "casework: login ${L}li asked whether CL-3 exists" "$CW_PG_HOST/primary.log"
else
	skip "the server's log is not readable here"
fi
check "the worker reads the relation" test "$(as "${L}li" "SELECT client_id || ' ' || related_id || ' ' || relationship FROM relations")" = "1 3 sibling"
hidden "the other client's name, to the worker" "${L}li" "SELECT name FROM clients WHERE id = 3"
check "the other client's worker reads it too" test "$(as "${L}zhao" "SELECT count(*) FROM relations")" = 1
hidden "a relation of clients one does not see" "${L}wang" "SELECT count(*) FROM relations WHERE client_id = 3 AND related_id = 99"
printf 'client_id,related_client_id,relationship\nCL-1,CL-99,sibling\n' >rl2.csv
run "$B/sw-intake" relations --db "$(uri "${L}li")" rl2.csv
check_rc 3 "a related client that does not exist"
check_err_line "sw-intake: rl2.csv:2: related_client_id: no such client" "no such client, said as on SQLite"
printf 'client_id,related_client_id,relationship\nCL-3,CL-2,other\n' >rl3.csv
run "$B/sw-intake" relations --db "$(uri "${L}zhou")" rl3.csv
check_rc 3 "a relation of two clients neither of whose cases the worker sees"
check_err_line "sw-intake: rl3.csv:2: client_id: neither client is one of the cases you see" "refused before the server's rules"
refused "a relation written directly" "${L}li" "INSERT INTO casework.relations (client_id, related_id, relationship, legal_guardian, created_at, batch_id) VALUES (2, 1, 'spouse', 'no', now(), 1)"
refused "a relation changed" "${L}li" "UPDATE casework.relations SET relationship = 'other'"
refused "the narrow door, to an officer" "${L}off" "SELECT casework.cw_client_exists(1)"
check "an officer reads the relations: ids and words" test "$(as "${L}off" "SELECT client_id || ' ' || related_id || ' ' || relationship || ' ' || legal_guardian FROM casework_officer.relations")" = "1 3 sibling no"
check "and the clients' household_id" test "$(as "${L}off" "SELECT count(*) FROM casework_officer.clients WHERE household_id IS NULL")" = 3
run "$B/sw-report" caseload --since 2026-11-01 --until 2026-11-30 --db "$(uri "${L}off")" -o csv
check_out "new,closed,reopened,open_at_end,households
3,0,0,3,2" "the officer's caseload: CL-1 and CL-3 siblings, one household"
# ---- consents by purpose (schema version 12): the client's ------------------------------------
cli=$(as cw_test "SELECT min(client_id) FROM cases WHERE worker = '李敏'")
czh=$(as cw_test "SELECT min(client_id) FROM cases WHERE worker = '赵六' AND client_id NOT IN (SELECT client_id FROM cases WHERE worker = '李敏')")
printf 'client_id,purpose,given,expires\nCL-%s,share,2026-11-01,2027-11-01\n' "$cli" >cn-li.csv
run "$B/sw-intake" consents --db "$(uri "${L}li")" cn-li.csv
check_rc 0 "a worker records a consent of their client"
check "its client's columns follow, in the worker's name" test \
	"$(as cw_test "SELECT c.consent_share || ' ' || c.consent_expires || ' ' || a.actor FROM clients c, audit a WHERE c.id = $cli AND a.action = 'update' AND a.ids = 'CL-$cli' ORDER BY a.id DESC LIMIT 1")" = "yes 2027-11-01 李敏"
printf 'client_id,purpose,given\nCL-%s,publish,2026-11-02\n' "$czh" >cn-zhao.csv
run "$B/sw-intake" consents --db "$(uri "${L}li")" cn-zhao.csv
check_rc 3 "a consent of another worker's client"
check_err_line "sw-intake: cn-zhao.csv:2: client_id: no such client" "refused as no such client"
run "$B/sw-intake" consents --db "$(uri "${L}zhao")" cn-zhao.csv
check_rc 0 "recorded by the client's worker"
check "a worker sees the consents of their clients alone" test \
	"$(as "${L}li" "SELECT string_agg(client_id || ':' || purpose, ' ' ORDER BY id) FROM casework.consents")" = "$cli:share"
check "another worker sees none of them" test "$(as "${L}zhao" "SELECT count(*) FROM casework.consents WHERE client_id = $cli")" = 0
check "an officer reads every consent through the views (no name in one)" test \
	"$(as "${L}off" "SELECT string_agg(client_id || ':' || purpose || ':' || given, ' ' ORDER BY id) FROM casework_officer.consents")" = "$cli:share:2026-11-01 $czh:publish:2026-11-02"
refused "consents, read by an officer from the table" "${L}off" "SELECT 1 FROM casework.consents"
refused "consents, read by an admin" "${L}adm" "SELECT 1 FROM casework.consents"
refused "a consent written without an audit entry" "${L}li" "UPDATE casework.consents SET expires = '2030-01-01'"
printf 'name,worker,intake_date,consent_date,consent_share,consent_expires\n钱八,李敏,2026-11-05,2026-11-05,yes,2027-05-05\n' >cn-add.csv
run "$B/sw-intake" add --db "$(uri "${L}li")" cn-add.csv
check_rc 0 "a worker's intake of a client consenting to share"
check "records the client's share consent, seen by the worker" test \
	"$(as "${L}li" "SELECT count(*) FROM casework.consents n JOIN casework.clients c ON c.id = n.client_id WHERE c.name = '钱八' AND n.purpose = 'share' AND n.expires = '2027-05-05'")" = 1

# ---- revoke -------------------------------------------------------------------------------
run "$B/sw-admin" revoke "${L}zhou" --db "$(uri "${L}adm")"
check_rc 0 "an admin revokes a grant"
run "$B/sw-intake" list --db "$(uri "${L}zhou")" -o csv
check_rc 4 "the login is refused from then on"
refused "and psql shows it nothing" "${L}zhou" "SELECT 1 FROM casework.cases"
run "$B/sw-admin" revoke "${L}zhou" --db "$(uri "${L}adm")"
check_rc 3 "revoking a login with no grant"

done_testing
