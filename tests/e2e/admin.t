#!/bin/sh
# admin.t - sw-admin on SQLite: init, upgrade, config, check and copy
# between files (pg.t runs the same verbs on PostgreSQL).
. "$CW_TOP/tests/e2e/lib.sh"

if [ "${CW_BACKEND:-sqlite}" = pg ]; then
	skip "sw-admin on SQLite files: pg.t covers PostgreSQL"
	done_testing
fi
B=$CW_BIN
TBL=table,rows,sha256

run "$B/sw-admin" init --db n.db
check_rc 0 "init creates a database"
check_err "sw-admin: 'n.db' has casework's schema, version 14 (sqlite)" "saying its schema"
check "owner-only" test "$(stat -c %a n.db)" = 600
run "$B/sw-admin" init --db n.db
check_rc 0 "init again leaves it as it is"
sqlite3 other.db "CREATE TABLE payroll (id INTEGER)"
run "$B/sw-admin" init --db other.db
check_rc 4 "another program's database is refused"
check_err "sw-admin: 'other.db' is not a casework database" "saying so"
run "$B/sw-admin" upgrade --db n.db
check_rc 0 "upgrade of a current schema"
run "$B/sw-admin" upgrade --db nothing.db
check_rc 4 "upgrade of a database that is not there"
check_err "sw-admin: cannot open database 'nothing.db': No such file or directory" "saying so"
check "creates none" test ! -e nothing.db
run "$B/sw-admin" init --db n.db --keep-going
check_rc 2 "an option init does not take"

# ---- config: the file's settings ---------------------------------------------------
run "$B/sw-admin" config --db n.db -o csv
check_rc 0 "config shows the settings"
check_out "key,value,kept_in
crisis_followup_days,1,default
review_cycle,30d,default
followup_emergency_days,1,default
followup_urgent_days,3,default
followup_routine_days,14,default
retention_years,none,default
default_project,,default" "the defaults, when no file sets them"
printf 'review_cycle = 2m\n' >casework.conf
run "$B/sw-admin" config review_cycle --db n.db -o csv
check_out "key,value,kept_in
review_cycle,2m,casework.conf" "a file's setting, and the file"
run "$B/sw-admin" config review_cycle 3m --db n.db
check_rc 2 "SQLite keeps its settings in its file: not set by sw-admin"
check_err_line "sw-admin: the settings of a SQLite database are kept in its configuration file (sqlite): edit casework.conf" "saying so, naming the backend"
run "$B/sw-admin" config colour --db n.db
check_rc 2 "an unknown setting"
check_err_line "sw-admin: 'colour' is not a setting sw-admin config keeps (see casework(7), CONFIGURATION)" "named"
run "$B/sw-admin" config a b c --db n.db
check_rc 2 "too many arguments"
rm casework.conf

# ---- check ---------------------------------------------------------------------------
demo_db s.db
cp s.db s0.db
run "$B/sw-admin" check --db s.db -o csv
check_rc 0 "check"
check "one record a table, 38 tables" test "$(tail -n +2 "$T/out" | wc -l)" = 38
check "rows counted as the database holds them" test "$(grep '^cases,' "$T/out" | cut -d, -f2)" = "$(sqlite3 s.db 'SELECT count(*) FROM cases')"
check_err "sw-admin: 's.db': $(tail -n +2 "$T/out" | awk -F, '{s += $2} END {print s}') rows in 38 tables, the audit chain ($(sqlite3 s.db 'SELECT count(*) FROM audit') entries) verified" "what was checked"
cp "$T/out" s.check
check "a read, nothing written" cmp -s s.db s0.db
run "$B/sw-admin" check --db missing.db
check_rc 4 "a missing database"
check "is not created" test ! -e missing.db
# a broken chain: an entry edited behind casework's back
cp s.db broken.db
sqlite3 broken.db "DROP TRIGGER audit_no_update; UPDATE audit SET actor = 'someone' WHERE id = 2"
run "$B/sw-admin" check --db broken.db -o csv
check_rc 4 "a broken audit chain"
check_err "sw-admin: audit verification failed in 'broken.db': entry AU-2 does not match the chain" "naming the first entry that does not match"
check_out "" "and no figures"

# ---- copy between files ---------------------------------------------------------------
run "$B/sw-admin" copy s.db c.db -o csv
check_rc 0 "a copy into a new file"
check "owner-only" test "$(stat -c %a c.db)" = 600
check "its figures are the source's" test "$(grep -v '^batches,\|^audit,' "$T/out")" = "$(grep -v '^batches,\|^audit,' s.check)"
check "with one batch more, the copy's" test "$(sqlite3 c.db "SELECT verb FROM batches ORDER BY id DESC LIMIT 1")|$(sqlite3 c.db 'SELECT count(*) FROM batches')" = "copy|$(($(sqlite3 s.db 'SELECT count(*) FROM batches') + 1))"
check "and its audit entry" test "$(sqlite3 c.db "SELECT action || ' ' || entity || ' ' || ids FROM audit ORDER BY id DESC LIMIT 1")" = "copy database all"
check "the source is untouched" cmp -s s.db s0.db
"$B/sw-intake" list --db s.db -o csv >s.list 2>/dev/null
run "$B/sw-intake" list --db c.db -o csv
check_file s.list "$T/out" "the copy lists the same records"
run "$B/sw-admin" check --db c.db -o csv
check_rc 0 "the copy checks"
# ids given once are not given again: the source's next ids carry over
sqlite3 s1.db ".read /dev/null" 2>/dev/null
rm -f s1.db
cp s.db s1.db
printf 'name,intake_date\n甲,2026-02-01\n' >one.csv
"$B/sw-intake" add --db s1.db one.csv >/dev/null 2>&1
sqlite3 s1.db "PRAGMA foreign_keys = OFF; DELETE FROM cases WHERE id = (SELECT max(id) FROM cases); DELETE FROM clients WHERE id = (SELECT max(id) FROM clients)"
run "$B/sw-admin" copy s1.db c1.db
check_rc 0 "a source whose last ids were given and then removed"
"$B/sw-intake" add --db c1.db -o csv one.csv >"$T/o1" 2>/dev/null
check "the copy does not give those ids again" test "$(tail -1 "$T/o1" | cut -d, -f1)" = "CA-$(($(sqlite3 s.db 'SELECT max(id) FROM cases') + 2))"

run "$B/sw-admin" copy s.db c.db
check_rc 4 "a target that holds records is refused"
check_err "sw-admin: 'c.db' is not empty (its table batches has $(sqlite3 c.db 'SELECT count(*) FROM batches') rows): copy into a new database" "saying why"
run "$B/sw-admin" copy s.db s.db
check_rc 2 "a database into itself"
check_err_line "sw-admin: copy 's.db' into itself" "saying so"
ln -s s.db link.db
run "$B/sw-admin" copy s.db link.db
check_rc 2 "into itself through a link"
run "$B/sw-admin" copy nowhere.db fresh.db
check_rc 4 "a missing source"
check "leaves no target" test ! -e fresh.db
run "$B/sw-admin" copy broken.db fresh.db
check_rc 4 "a source whose chain is broken is not copied"
check "and the file the copy began is removed" test ! -e fresh.db -a ! -e fresh.db-wal
run "$B/sw-admin" copy s.db other.db
check_rc 4 "another program's file is not a target"
check "and it is left as it was" test "$(sqlite3 other.db .tables)" = payroll

# ---- a worker's extract ------------------------------------------------------------------
audit_before=$(sqlite3 s.db 'SELECT count(*) FROM audit')
run "$B/sw-admin" copy s.db ex.db --worker 李敏 -o csv
check_rc 0 "a worker's extract"
check "owner-only" test "$(stat -c %a ex.db)" = 600
check "the worker's cases alone" test "$(sqlite3 ex.db 'SELECT count(*) FROM cases WHERE worker <> '"'"'李敏'"'"'')|$(sqlite3 ex.db 'SELECT count(*) FROM cases')" = "0|$(sqlite3 s.db "SELECT count(*) FROM cases WHERE worker = '李敏'")"
check "their clients alone" test "$(sqlite3 ex.db 'SELECT count(*) FROM clients')" = "$(sqlite3 s.db "SELECT count(DISTINCT client_id) FROM cases WHERE worker = '李敏'")"
check "every contact of those cases, no other" test "$(sqlite3 ex.db 'SELECT count(*) FROM contacts')" = "$(sqlite3 s.db "SELECT count(*) FROM contacts WHERE case_id IN (SELECT id FROM cases WHERE worker = '李敏')")"
check "no audit trail" test "$(sqlite3 ex.db 'SELECT count(*) FROM audit')" = 0
check "the counts it printed are the extract's" test "$(grep '^cases,' "$T/out" | cut -d, -f2)" = "$(sqlite3 ex.db 'SELECT count(*) FROM cases')"
check "the source audits the hand-out" test "$(sqlite3 s.db "SELECT count(*) || ' ' || (SELECT action || ' ' || entity || ' ' || ids FROM audit ORDER BY id DESC LIMIT 1) FROM audit")" = "$((audit_before + 1)) extract worker 李敏"
run "$B/sw-admin" check --db ex.db -o csv
check_rc 0 "the extract reads and checks"
run "$B/sw-intake" list --db ex.db --worker 周强 -o csv
check_rc 1 "another worker's cases are not in it"
printf 'case_id,date,kind,minutes\nCA-1,2026-11-12,phone,5\n' >ex.csv
cp ex.db ex0.db
run "$B/sw-plan" contacts --db ex.db ex.csv
check_rc 4 "every write verb refuses the extract"
check_err "sw-plan: 'ex.db' is a read-only extract (sw-admin copy --worker): record on the agency's database" "saying it is a read-only extract"
run "$B/sw-intake" workers --add 某人 --db ex.db
check_rc 4 "the roster too"
run "$B/sw-admin" upgrade --db ex.db
check_rc 4 "and sw-admin"
check "the extract is as it was" cmp -s ex.db ex0.db
run "$B/sw-admin" copy s.db ex2.db --worker 无名
check_rc 3 "a worker nobody knows"
check_err "sw-admin: no worker '无名': not on the roster, and no case is assigned to that name" "saying so"
check "and no file is left" test ! -e ex2.db
run "$B/sw-admin" copy s.db "postgresql:///x" --worker 李敏
check_rc 2 "an extract is a SQLite file"
done_testing
