#!/bin/sh
# handovers.t - handovers keep history (issue 22, point 5): each case
# keeps its assignments (HO-n), the first begun at intake, the next at
# each change of its worker (sw-intake update, handover_date and
# handover_reason); sw-report counts a case for the worker who held it
# on the day each figure counts it (new: the intake date, closed: the
# closure's date, open_at_end and overdue: the period's last day),
# services for the worker who made the contact; sw-intake assignments
# lists them; the upgrade from version 11 makes them from the audit
# trail; sw-admin copy carries them; on PostgreSQL an officer reads them
# without their reasons. Both backends.
. "$CW_TOP/tests/e2e/lib.sh"

D=h.db
rep() { run sw-report "$@" --db $D; }
setup() {
	"$@" >setup.out 2>setup.err || { not_ok "setup: $*"; diag setup.err; }
}

# ---- the cases -----------------------------------------------------------------------
#   CA-1  李敏 from its intake 10-05, handed to 周强 on 10-16 (产假), open
#   CA-2  李敏 from its intake 10-08, handed to 周强 on 10-20, closed by
#         周强 on 10-25
#   CA-3  周强 from its intake 09-01, never handed over, open
#   CA-4  taken in on 10-03 without a worker, given 周强 on 10-10, open
setup sw-intake workers --db $D --add 李敏 周强
cat >cases.csv <<'CSV'
name,birth_date,intake_date,worker,category,consent_date,consent_share
甲,1990-03-01,2026-10-05,李敏,family,2026-10-05,yes
乙,1985-06-01,2026-10-08,李敏,family,2026-10-08,yes
丙,1970-01-01,2026-09-01,周强,elder,2026-09-01,yes
丁,2000-01-01,2026-10-03,,youth,2026-10-03,yes
CSV
run sw-intake add --db $D cases.csv
check_rc 0 "four cases taken in"
run sw-intake assignments CA-1 --db $D -o csv
check_rc 0 "sw-intake assignments"
check_out "assignment_id,case_id,worker,from_date,to_date,reason
HO-1,CA-1,李敏,2026-10-05,," "a case taken in with a worker: held from its intake date"
run sw-intake assignments CA-4 --db $D -o csv
check_rc 1 "a case taken in without a worker has none"
check "the first assignments' insert entry" test \
	"$(dbq $D "SELECT action || ' ' || entity || ' ' || ids FROM audit WHERE entity = 'assignment'")" = "insert assignment HO-1..HO-3"

# the bulk path begins the same assignments as the row-by-row one
awk 'BEGIN { print "name,phone,worker,intake_date"
	for (i = 1; i <= 60; i++)
		printf "人%03d,1380000%04d,%s,2026-10-%02d\n", i, i,
			(i % 3 ? (i % 2 ? "李敏" : "周强") : ""), i % 28 + 1 }' >many.csv
printf 'bulk_after = 1000000000\n' >row.conf
printf 'bulk_after = 1\n' >bulk.conf
for way in row bulk; do
	CASEWORK_CONFIG=$T/$way.conf run sw-intake add --db $way.db many.csv
	check_rc 0 "$way: 60 cases"
	dbq $way.db "SELECT id || ',' || case_id || ',' || worker || ',' || from_date FROM assignments ORDER BY id" >$way.assignments
done
check_file row.assignments bulk.assignments "the bulk path: the same assignments"
check "one for each case with a worker, from its intake date" test "$(wc -l <bulk.assignments)" = 40
check "their insert entry" test \
	"$(dbq bulk.db "SELECT ids || ' ' || substr(detail, 1, 13) FROM audit WHERE entity = 'assignment'")" = 'HO-1..HO-40 {"records":40'

# ---- what a handover record may not be --------------------------------------------------
# refused NAME CSV DESC MESSAGE: the update of CSV (in NAME.csv) exits 3
# saying MESSAGE of its line 2
refused() {
	printf "$2" >"$1.csv"
	run sw-intake update --db $D "$1.csv"
	check_rc 3 "$3"
	check_err_line "sw-intake: $1.csv:2: $4" "$3: refused, naming the column"
}
refused early 'case_id,worker,handover_date\nCA-1,周强,2026-10-01\n' \
	"a handover before the current assignment began" \
	"handover_date: is before the day the current assignment began (2026-10-05)"
refused early4 'case_id,worker,交接日期\nCA-4,周强,2026-10-01\n' \
	"a first worker given before the intake date (the Chinese header)" \
	"交接日期: is before the intake date (2026-10-03)"
refused noworker 'case_id,worker,handover_reason\nCA-1,李敏,产假\n' \
	"a handover reason without a change of worker (the worker the case has)" \
	"handover_reason: goes with a change of the case's worker"
refused ahead 'case_id,worker,handover_date\nCA-1,周强,2099-01-01\n' \
	"a handover ahead" "handover_date: is in the future"
refused baddate 'case_id,worker,handover_date\nCA-1,周强,2026-13-01\n' \
	"a handover date that is no date" "handover_date: not a valid date (no such day)"
# two handovers of one case in a batch, the second before the first:
# refused by the dry run as by the real run
printf 'case_id,worker,handover_date\nCA-1,周强,2026-10-16\nCA-1,李敏,2026-10-10\n' >twice.csv
run sw-intake update --db $D --dry-run twice.csv
check_rc 3 "a dry run: a handover before the one earlier in the batch"
check_err_line "sw-intake: twice.csv:3: handover_date: is before the day the case's handover earlier in the batch took effect (2026-10-16)" "refused, naming it"
run sw-intake update --db $D twice.csv
check_rc 3 "the real run refuses it too"
check_err_line "sw-intake: twice.csv:3: handover_date: is before the day the current assignment began (2026-10-16)" "naming the day the first began (not its id: it was rolled back)"
check "nothing stored" test "$(dbq $D "SELECT count(*) FROM assignments")" = 3

# ---- the handovers ----------------------------------------------------------------------
cat >hand.csv <<'CSV'
case_id,worker,交接日期,交接原因
CA-1,周强,2026-10-16,产假
CA-2,周强,2026-10-20,
CA-4,周强,2026-10-10,
CSV
run sw-intake update --db $D hand.csv
check_rc 0 "three handovers"
run sw-intake assignments CA-1 --db $D -o csv
check_out "assignment_id,case_id,worker,from_date,to_date,reason
HO-1,CA-1,李敏,2026-10-05,2026-10-16,
HO-4,CA-1,周强,2026-10-16,,产假" "the history: 李敏's ended on the handover's day, 周强's begun on it, with its reason"
run sw-intake assignments CA-4 --db $D -o csv
check_out "assignment_id,case_id,worker,from_date,to_date,reason
HO-6,CA-4,周强,2026-10-10,," "a worker given to a case without one: its first assignment"
check "each handover audited: the end of one, the start of the next, the case's change" test \
	"$(dbq $D "SELECT action || ' ' || ids || ' ' || CASE WHEN action = 'update' THEN detail ELSE '' END FROM audit WHERE batch_id = (SELECT max(batch_id) FROM audit WHERE entity = 'case' AND action = 'update') AND ids LIKE '%-1' AND action <> 'digest' ORDER BY id")" = \
	'update HO-1 {"before":{"to_date":null},"after":{"to_date":"2026-10-16"}}
update CA-1 {"before":{"worker":"李敏"},"after":{"worker":"周强"}}'
check "and the assignment begun" test \
	"$(dbq $D "SELECT count(*) FROM audit WHERE action = 'insert' AND entity = 'assignment' AND ids = 'HO-4'")" = 1

# the closure by 周强, contacts by each, a referral sent by 李敏 and
# overdue at the end of October, an assessment by each
printf 'case_id,date,reason_kind,reason\nCA-2,2026-10-25,goals_achieved,目标达成\n' >close.csv
setup sw-plan close --db $D close.csv
cat >contacts.csv <<'CSV'
case_id,date,kind,minutes,worker
CA-1,2026-10-06,interview,30,李敏
CA-1,2026-10-20,home_visit,60,周强
CA-2,2026-10-12,phone,10,李敏
CSV
setup sw-plan contacts --db $D contacts.csv
printf 'case_id,service_id,provider,reason\nCA-1,,街道就业服务站,就业\n' >refer.csv
setup sw-refer add --db $D refer.csv
printf 'referral_id,state,date\nRF-1,sent,2026-10-12\n' >sent.csv
setup sw-refer status --db $D sent.csv

# ---- sw-report: each figure for the worker who held the case on its day ----------------
rep caseload --month 2026-10 --by worker -o csv
check_rc 0 "caseload by worker"
check_out "worker,new,closed,reopened,open_at_end,households
周强,1,1,0,3,3
李敏,2,0,0,0,0
total,3,1,0,3,3" "new for 李敏 (CA-1, CA-2 at intake) and 周强 (CA-4, before its first assignment: its first holder); CA-2 closed by 周强; open at the end: 周强's three"
rep caseload --month 2026-10 --worker 李敏 -o csv
check_rc 0 "caseload --worker 李敏"
check_out "new,closed,reopened,open_at_end,households
2,0,0,0,0" "the two she took in, none she closed or held at the end"
rep caseload --month 2026-10 --worker 周强 -o csv
check_out "new,closed,reopened,open_at_end,households
1,1,0,3,3" "--worker 周强: what he held on each figure's day"
rep caseload --month 2026-09 --by worker -o csv
check_out "worker,new,closed,reopened,open_at_end,households
周强,1,0,0,1,1
total,1,0,0,1,1" "September: CA-3 alone"
rep services --month 2026-10 --by worker -o csv
check_rc 0 "services by worker"
check "services: each contact for the worker who made it" test \
	"$(cut -d, -f1-2 "$T/out" | tr '\n' ';')" = "worker,contacts;周强,1;李敏,2;total,3;"
rep referrals --month 2026-10 --by worker -o csv
check_rc 0 "referrals by worker"
check "a referral sent while 李敏 held the case is hers" test \
	"$(cut -d, -f1-2 "$T/out" | tr '\n' ';')" = "worker,made;李敏,1;total,1;"
rep overdue --month 2026-10 --by worker -o csv
check_rc 0 "overdue by worker"
check "overdue on the period's last day: 周强's, who holds the case then" test \
	"$(tail -n +2 "$T/out" | grep -v '^total' | cut -d, -f1 | sort -u | tr '\n' ';')" = "周强;"
rep ledger closures --month 2026-10 -o csv
check_rc 0 "the closures' ledger"
check "its worker: the holder on the closure's day" test \
	"$(tail -n +2 "$T/out" | cut -d, -f3,6)" = "CA-2,周强"
# sw-plan due and sw-intake list: the holder now
run sw-plan due --db $D --worker 李敏 --within 400d -o csv
check_rc 1 "sw-plan due --worker 李敏: nothing, she holds no case now"
run sw-intake list --db $D --worker 周强 -o csv
check "sw-intake list --worker: the cases held now" test "$(tail -n +2 "$T/out" | cut -d, -f1 | tr '\n' ' ')" = "CA-1 CA-2 CA-3 CA-4 "

# the case file: the handover on its day, the intake's worker then
run sw-report case CA-1 --db $D -o csv
check_rc 0 "the case file"
check "its intake by 李敏, the handover to 周强 on its day" test \
	"$(grep -E '^2026-10-(05|16),(intake|handover)' "$T/out" | tr '\n' ';')" = \
	"2026-10-05,intake,CA-1,case opened for CL-1; category family; worker 李敏;2026-10-16,handover,HO-4,from 李敏; to 周强; reason: 产假;"

# ---- a handover undone, a handover to nobody --------------------------------------------
printf 'case_id,worker,handover_date\nCA-3,李敏,2026-11-01\n' >h3.csv
run sw-intake update --db $D h3.csv
check_rc 0 "CA-3 handed to 李敏"
b=$(dbq $D "SELECT max(id) FROM batches")
run sw-admin undo BT-$b --db $D
check_rc 0 "and the handover undone"
run sw-intake assignments CA-3 --db $D -o csv
check_out "assignment_id,case_id,worker,from_date,to_date,reason
HO-3,CA-3,周强,2026-09-01,," "周强 holds CA-3 again, as before"
printf 'case_id\nCA-4\n' >clear.csv
run sw-intake update --db $D --clear worker clear.csv
check_rc 0 "CA-4's worker cleared"
run sw-intake assignments CA-4 --db $D -o csv
check "the assignment ended today, none begun" test "$(tail -n +2 "$T/out")" = "HO-6,CA-4,周强,2026-10-10,$(date +%F),"
rep caseload --month "$(date +%Y-%m)" --by worker -o csv
check "a case without a worker since today counts for none at the month's end" test \
	"$(grep -E '^(none|周强),' "$T/out" | cut -d, -f1,5 | tr '\n' ';')" = "周强,2;none,1;"
# an intake date moved: the first assignment, begun on it, moves with it
printf 'case_id,intake_date\nCA-3,2026-08-25\n' >intake.csv
run sw-intake update --db $D intake.csv
check_rc 0 "CA-3's intake date moved"
run sw-intake assignments CA-3 --db $D -o csv
check "its first assignment begins on it" test "$(tail -n +2 "$T/out")" = "HO-3,CA-3,周强,2026-08-25,,"
check "audited" test \
	"$(dbq $D "SELECT detail FROM audit WHERE action = 'update' AND ids = 'HO-3' ORDER BY id DESC LIMIT 1")" = \
	'{"before":{"from_date":"2026-09-01"},"after":{"from_date":"2026-08-25"}}'
run sw-intake assignments CA-99 --db $D
check_rc 3 "no such case"
check_err "sw-intake: no case CA-99" "saying so"
run sw-intake assignments CL-1 --db $D
check_rc 3 "not a case id"

# ---- sw-admin copy carries them, check and verify hold ----------------------------------
run "$CW_BIN/sw-admin" copy "$(dburi $D)" c.db -o csv
check_rc 0 "sw-admin copy into a SQLite file"
check "the assignments' row of the tallies: six (the one undone deleted)" grep -q '^assignments,6,' "$T/out"
for c in CA-1 CA-2 CA-3 CA-4; do
	sw-intake assignments $c --db $D -o csv >a.$c 2>&1
	"$CW_BIN/sw-intake" assignments $c --db c.db -o csv >c.$c 2>&1
	check_file a.$c c.$c "the copy: $c's assignments"
done
run "$CW_BIN/sw-admin" check --db c.db -o csv
check_rc 0 "the copy checks"
run sw-admin verify --db $D -o csv
check_rc 0 "the database verifies"
run "$CW_BIN/sw-report" caseload --month 2026-10 --by worker --db c.db -o csv
check_out "worker,new,closed,reopened,open_at_end,households
周强,1,1,0,3,3
李敏,2,0,0,0,0
total,3,1,0,3,3" "the copy's figures are the same"

# a worker's extract: the assignments of the cases they hold, the
# earlier holders' included (the case's history); CA-4, whose worker was
# cleared, is no longer his
run "$CW_BIN/sw-admin" copy --worker 周强 "$(dburi $D)" ex.db -o csv
check_rc 0 "a worker's extract"
check "every assignment of 周强's cases" test \
	"$(sqlite3 ex.db "SELECT group_concat(id || ':' || worker, ' ') FROM (SELECT id, worker FROM assignments ORDER BY id)")" = \
	"1:李敏 2:李敏 3:周强 4:周强 5:周强"

# ---- the upgrade from version 11: the history from the audit trail -----------------------
dbcp $D v11.db
as_v11 v11.db
run sw-admin upgrade --db v11.db
check_rc 0 "sw-admin upgrade from version 11"
today=$(date +%F)
run sw-intake assignments CA-1 --db v11.db -o csv
check_out "assignment_id,case_id,worker,from_date,to_date,reason
HO-1,CA-1,李敏,2026-10-05,$today,
HO-2,CA-1,周强,$today,," "a case handed over: its worker before from the intake date to the day of the update's entry, the next from it"
run sw-intake assignments CA-3 --db v11.db -o csv
check_out "assignment_id,case_id,worker,from_date,to_date,reason
HO-5,CA-3,周强,2026-08-25,$today,
HO-6,CA-3,李敏,$today,$today,
HO-7,CA-3,周强,$today,," "the undo's update entry is a handover too: back to 周强"
run sw-intake assignments CA-4 --db v11.db -o csv
check_out "assignment_id,case_id,worker,from_date,to_date,reason
HO-8,CA-4,周强,$today,$today," "a case without a worker at intake: from the day one was given, to the day it was cleared"
run sw-intake assignments CA-2 --db v11.db -o csv
check "a case never changed again after its handover" test "$(tail -n +2 "$T/out" | cut -d, -f3-5 | tr '\n' ';')" = "李敏,2026-10-08,$today;周强,$today,;"
if [ "$CW_BACKEND" = pg ]; then v=$(dbq v11.db "SELECT version FROM schema_version"); else v=$(sqlite3 v11.db "PRAGMA user_version"); fi
check "at version 14" test "$v" = 14
run sw-admin verify --db v11.db -o csv
check_rc 0 "the upgraded database verifies"

# ---- what a handover may not do to the history ------------------------------------------
# first holder's assignment ending before the intake, a closure moved
# to another worker
dbq $D "SELECT id, case_id, worker, from_date, coalesce(to_date || '', ''), coalesce(reason, '') FROM assignments ORDER BY id" >before.assignments
printf 'case_id,worker,交接原因\nCA-1,,离职\n' >clearwhy.csv
run sw-intake update --db $D --clear worker clearwhy.csv
check_rc 3 "a worker cleared with a handover reason (it would be kept nowhere)"
check_err_line "sw-intake: clearwhy.csv:2: 交接原因: goes with a handover to another worker (clearing the worker ends the assignment and keeps no reason: say why in the case's notes)" "refused, naming the column"
refused lateintake 'case_id,intake_date\nCA-1,2026-10-20\n' \
	"an intake date moved past the case's first handover" \
	"intake_date: is after the case's first handover (2026-10-16): the case's assignments begin before it"
refused beforeclosure 'case_id,worker,handover_date\nCA-2,李敏,2026-10-22\n' \
	"a closed case handed over before its closure" \
	"handover_date: is before the case's closure on 2026-10-25, which stays its holder's"
dbq $D "SELECT id, case_id, worker, from_date, coalesce(to_date || '', ''), coalesce(reason, '') FROM assignments ORDER BY id" >after.assignments
check "the assignments read" test -s before.assignments
check_file before.assignments after.assignments "the refused handovers changed no assignment"
# a batch handing one case over twice, undone: the assignment it began
# and ended goes with it
printf 'case_id,worker,handover_date\nCA-3,李敏,2026-11-02\nCA-3,周强,2026-11-03\n' >back.csv
run sw-intake update --db $D back.csv
check_rc 0 "CA-3 handed to 李敏 and back to 周强 in one batch"
b=$(dbq $D "SELECT max(id) FROM batches")
run sw-admin undo BT-$b --db $D -o csv
check_rc 0 "the batch undone"
run sw-intake assignments CA-3 --db $D -o csv
check_out "assignment_id,case_id,worker,from_date,to_date,reason
HO-3,CA-3,周强,2026-08-25,," "周强 holds CA-3 as before the batch"

# ---- PostgreSQL: an officer reads the assignments without their reasons -----------------
if [ "$CW_BACKEND" = pg ]; then
	for db in $D v11.db; do
		check "$db: the officer's view, the owner's, which the officer reads" test \
			"$(dbq $db "SELECT pg_get_userbyid(c.relowner) = (SELECT name FROM casework.access_roles WHERE kind = 'owner') AND has_table_privilege((SELECT name FROM casework.access_roles WHERE kind = 'officer'), 'casework_officer.assignments', 'SELECT') AND NOT has_table_privilege((SELECT name FROM casework.access_roles WHERE kind = 'officer'), 'casework.assignments', 'SELECT') FROM pg_class c WHERE c.oid = 'casework_officer.assignments'::regclass")" = t
	done
	check "the workers and days shown, no reason" test \
		"$(dbq $D "SELECT count(*) || ' ' || count(worker) || ' ' || count(reason) FROM casework_officer.assignments")" = "6 6 0"
	check "a worker's and a supervisor's rights: read, add and end, never delete" test \
		"$(dbq $D "SELECT has_table_privilege((SELECT name FROM casework.access_roles WHERE kind = 'worker'), 'casework.assignments', 'SELECT, INSERT, UPDATE') AND NOT has_table_privilege((SELECT name FROM casework.access_roles WHERE kind = 'worker'), 'casework.assignments', 'DELETE') AND (SELECT relrowsecurity FROM pg_class WHERE oid = 'casework.assignments'::regclass)")" = t
else
	skip "PostgreSQL: the officer's view (make test-pg)"
fi

done_testing
