#!/bin/sh
# undo.t - sw-admin undo BT-n: each kind of batch it reverses leaves the
# records exactly as they were before it (the tables dumped before the
# batch and after the undo, the audit trail, batches and sequences
# aside); what it refuses (a later batch depending on it, a kind it does
# not reverse, a batch undone already, an unknown batch), --dry-run, and
# the audit chain verified after. Both backends.
. "$CW_TOP/tests/e2e/lib.sh"

D=u.db
# the records: every table but the trail (and on PostgreSQL the
# transactions it audited), the batches and the sequences
dump() { dbdump "$1" | grep -Ev '^INSERT INTO "?(audit|audited_xacts|batches|sqlite_sequence)[ "]'; }
# the same with updated_at blanked, which an undo sets to its own time
# when it sets fields back (the trail does not hold the time before),
# and so the record's digest, which covers it
dump_unstamped() {
	dbcp "$1" stamp.db
	dbq stamp.db "UPDATE clients SET updated_at = NULL, digest = NULL;
		UPDATE cases SET updated_at = NULL, digest = NULL; UPDATE plans SET
		updated_at = NULL, digest = NULL; UPDATE goals SET updated_at = NULL,
		digest = NULL; UPDATE tasks SET updated_at = NULL, digest = NULL;" >/dev/null
	dump stamp.db
	dbrm stamp.db
}
# same DESC FILE: the dump now (dump or dump_unstamped, as FILE was made)
# is FILE's
same() {
	if [ "${3:-}" = unstamped ]; then dump_unstamped $D >now.dump; else dump $D >now.dump; fi
	check_file "$2" now.dump "$1"
}
# round DESC BT-n DUMP [unstamped] COMMAND...: the batch COMMAND (which
# must be BT-n) stored, then undone: the records as in DUMP
round() {
	d=$1 bt=$2 dumpf=$3
	shift 3
	stamp=
	if [ "$1" = unstamped ]; then stamp=unstamped; shift; fi
	run "$@"
	check_rc 0 "$d ($bt)"
	run sw-admin undo "$bt" --db $D
	check_rc 0 "$d: undone"
	same "$d: the records as before it" "$dumpf" $stamp
}
verified() {
	run sw-admin verify --db $D
	check_rc 0 "$1: the audit chain verifies"
}

sw-intake workers --add 李敏 周强 --db $D >/dev/null 2>&1
cat >cases.csv <<'CSV'
name,birth_date,intake_date,worker,category,referral_source,consent_date,consent_share
甲,1980-05-01,2026-01-10,李敏,family,居委会,2026-01-10,yes
乙,1990-01-01,2026-02-15,李敏,youth,自行求助,2026-02-15,yes
CSV
sw-intake add --db $D cases.csv >/dev/null 2>&1 || not_ok "seeding cases"

# ---- sw-intake add: a wrong file imported ---------------------------------------------
cat >more.csv <<'CSV'
name,birth_date,intake_date,worker,category,referral_source,consent_date,consent_share
丙,1985-03-03,2026-02-20,周强,family,居委会,2026-02-20,yes
丁,1975-04-04,2026-02-21,周强,family,居委会,2026-02-21,yes
CSV
dump $D >add.dump
run sw-intake add --db $D more.csv
check_err_line "sw-intake: batch BT-3: 2 read, 2 stored, 0 skipped, 0 rejected" "an intake of two cases (BT-3)"
dump $D >added.dump
run sw-admin undo BT-3 --dry-run --db $D -o csv
check_rc 0 "--dry-run"
check_out "kind,id,action,fields
consent,CN-3,delete,
consent,CN-4,delete,
assignment,HO-3,delete,
assignment,HO-4,delete,
case,CA-3,delete,
case,CA-4,delete,
client,CL-3,delete,
client,CL-4,delete," "--dry-run prints the records it would delete, the clients' consents to share, the cases' assignments and cases before their clients"
check_err "sw-admin: dry run, nothing changed: undoing BT-3 (sw-intake add) would delete 8 records and set 0 back" "--dry-run: its totals"
same "--dry-run changes nothing" added.dump
run sw-admin undo BT-3 --db $D -o csv
check_rc 0 "undo of sw-intake add"
check_err "sw-admin: BT-3 (sw-intake add) undone in batch BT-4: 8 records deleted, 0 set back" "saying what it did, in which batch"
check_out "kind,id,action,fields
consent,CN-3,delete,
consent,CN-4,delete,
assignment,HO-3,delete,
assignment,HO-4,delete,
case,CA-3,delete,
case,CA-4,delete,
client,CL-3,delete,
client,CL-4,delete," "printing the records it deleted"
same "the records are as before the intake" add.dump
verified "undo of an intake"
check "its audit entries name the batch undone" test \
	"$(dbq $D "SELECT action || ' ' || entity || ' ' || ids || ' ' || detail FROM audit WHERE batch_id = 4 ORDER BY id")" = \
	'delete consent CN-3..CN-4 {"records":2,"undo":"BT-3"}
delete assignment HO-3..HO-4 {"records":2,"undo":"BT-3"}
delete case CA-3..CA-4 {"records":2,"undo":"BT-3"}
delete client CL-3..CL-4 {"records":2,"undo":"BT-3"}
undo batch BT-3 {"program":"sw-intake","verb":"add","deleted":8,"restored":0}'
check "the undo is a batch of its own, verb undo" test \
	"$(dbq $D "SELECT program || ' ' || verb FROM batches WHERE id = 4")" = "sw-admin undo"
run sw-admin undo BT-3 --db $D
check_rc 3 "a batch undone already"
check_err "sw-admin: cannot undo BT-3: it was undone already, by BT-4" "saying by which batch"
run sw-admin undo BT-4 --db $D
check_rc 3 "an undo"
check_err "sw-admin: cannot undo BT-4 (sw-admin undo): an undo cannot be undone" "saying an undo cannot be undone"
# ids are never given again: the next case is CA-5, the next client CL-5
sw-intake add --db $D more.csv -o csv >out.csv 2>/dev/null
check "the ids of the records deleted are not given again" test \
	"$(cut -d, -f1,2 out.csv | sed 1d | tr '\n' ' ')" = "CA-5,CL-5 CA-6,CL-6 "
sw-admin undo BT-5 --db $D >/dev/null 2>&1 || not_ok "undo of the second intake"

# ---- sw-intake update: a wrong update ---------------------------------------------------
printf 'case_id,phone,worker,name\nCA-1,13900001111,周强,甲乙\n' >up.csv
dump_unstamped $D >update.dump
run sw-intake update --db $D up.csv
check_rc 0 "an update of a case and its client (BT-7)"
run sw-admin undo BT-7 --db $D -o csv
check_rc 0 "undo of sw-intake update"
check_out 'kind,id,action,fields
assignment,HO-7,delete,
case,CA-1,restore,worker
client,CL-1,restore,"name,phone"
assignment,HO-1,restore,to_date' "printing the fields it set back (the handover taken back: the assignment it began deleted, the one it ended held again)"
same "the fields are as before the update (updated_at aside)" update.dump unstamped
check "a client's name key goes back with its name" test \
	"$(dbq $D "SELECT name || ' ' || name_key FROM clients WHERE id = 1")" = "甲 甲"
check "the undo's entry for the client: what it was, what it is again" test \
	"$(dbq $D "SELECT detail FROM audit WHERE batch_id = 8 AND entity = 'client' AND action = 'update'")" = \
	'{"before":{"name":"甲乙","phone":"13900001111"},"after":{"name":"甲","phone":null},"undo":"BT-7"}'
verified "undo of an update"

# ---- sw-assess score -----------------------------------------------------------------------
printf 'case_id,date,q1,q2,q3,q4,q5,q6,q7,q8,q9\nCA-1,2026-01-15,3,3,3,3,3,3,3,3,2\nCA-2,2026-02-16,1,1,0,0,0,0,0,0,0\n' >phq.csv
dump $D >score.dump
round "two assessments, one with a crisis follow-up" BT-9 score.dump \
	sw-assess score phq9 --db $D phq.csv
check "a follow-up was made and deleted" test "$(dbq $D "SELECT count(*) FROM followups")" = 0
verified "undo of scores"

# ---- sw-plan goals and tasks ---------------------------------------------------------------
printf 'case_id,term,description,indicator,target,deadline\nCA-1,short,找到工作,求职进度,入职,2026-03-31\n' >goals.csv
dump $D >goals.dump
run sw-plan goals --db $D goals.csv
check_rc 0 "a plan and its goal (BT-11)"
run sw-admin undo BT-11 --db $D -o csv
check_rc 0 "undo of sw-plan goals"
check_out "kind,id,action,fields
goal,GL-1,delete,
plan,PL-1,delete," "the goal and the plan deleted"
same "the records are as before the goals" goals.dump
sw-plan goals --db $D goals.csv >/dev/null 2>&1 || not_ok "the goals again (BT-13)"
dump_unstamped $D >tasks.dump
printf 'goal_id,description,due_date\nGL-2,投简历,2026-02-28\n' >tasks.csv
run sw-plan tasks --db $D tasks.csv
check_rc 0 "a task of the goal (BT-14)"
run sw-admin undo BT-13 --db $D
check_rc 3 "the goals, which the tasks depend on"
check_err "sw-admin: cannot undo BT-13: BT-14 depends on it: it changed PL-2" "naming the first batch that depends on it"
run sw-admin undo BT-14 --db $D -o csv
check_rc 0 "undo of sw-plan tasks"
check_out "kind,id,action,fields
task,TK-1,delete,
plan,PL-2,restore,revision" "the task deleted, the plan's revision set back"
same "the records are as before the tasks (updated_at aside)" tasks.dump unstamped
printf 'goal_id,status\nGL-2,in_progress\n' >gstat.csv
dump_unstamped $D >gupd.dump
round "a goal's status changed" BT-16 gupd.dump unstamped \
	sw-plan goals --db $D gstat.csv
verified "undo of goals and tasks"

# ---- sw-plan contacts -------------------------------------------------------------------
printf 'case_id,date,kind,minutes,worker,note\nCA-1,2026-01-12,interview,60,李敏,x\nCA-2,2026-02-20,phone,15,李敏,\n' >contacts.csv
dump $D >contacts.dump
round "two contacts" BT-18 contacts.dump sw-plan contacts --db $D contacts.csv

# ---- sw-refer add ------------------------------------------------------------------------
dbq $D "INSERT INTO services (name, category, created_at, batch_id) VALUES ('心理咨询门诊', 'mental_health', '2026-01-01T00:00:00Z', 1)"
printf 'case_id,service_id,provider,reason\nCA-1,SV-1,,情绪低落\n' >refer.csv
dump $D >refer.dump
round "a referral drafted" BT-20 refer.dump sw-refer add --db $D refer.csv
verified "undo of a referral"

# ---- what depends on a batch ----------------------------------------------------------
sw-intake add --db $D more.csv >/dev/null 2>&1 || not_ok "an intake (BT-22)"
printf 'case_id,date,kind,minutes,worker,note\nCA-8,2026-03-01,interview,30,周强,\n' >c8.csv
sw-plan contacts --db $D c8.csv >/dev/null 2>&1 || not_ok "a contact of a case it made (BT-23)"
printf 'case_id,phone\nCA-7,13700000000\n' >u7.csv
sw-intake update --db $D u7.csv >/dev/null 2>&1 || not_ok "an update of a client it made (BT-24)"
dump $D >dep.dump
run sw-admin undo BT-22 --db $D
check_rc 3 "an intake with a contact of its case after it"
check_err "sw-admin: cannot undo BT-22: BT-23 depends on it: its records refer to CA-8" "naming the contact's batch"
same "a refusal changes nothing" dep.dump
sw-admin undo BT-23 --db $D >/dev/null 2>&1 || not_ok "undo of the contact (BT-25)"
run sw-admin undo BT-22 --db $D
check_rc 3 "then the update of its client"
check_err "sw-admin: cannot undo BT-22: BT-24 depends on it: it changed CL-7" "naming the update; the contact undone is not counted"
sw-admin undo BT-24 --db $D >/dev/null 2>&1 || not_ok "undo of the update (BT-26)"
run sw-admin undo BT-22 --db $D
check_rc 0 "once nothing depends on it, the intake is undone"
verified "undo after undos"

# ---- kinds it does not reverse, unknown batches --------------------------------------------
run sw-admin undo BT-1 --db $D
check_rc 3 "the roster"
check_err "sw-admin: cannot undo BT-1 (sw-intake workers): undo reverses the batches of sw-intake add, update, consents and relations, sw-assess score, sw-plan goals, tasks, contacts and sessions, and sw-refer add" "saying what it reverses"
sw-report case CA-1 --db $D >/dev/null 2>&1 || not_ok "a case file handed out (BT-28)"
run sw-admin undo BT-28 --db $D
check_rc 3 "a hand-out"
check_err "sw-admin: cannot undo BT-28 (sw-report case): it handed records out, which cannot be taken back" "saying why"
printf 'case_id,date,reason_kind,reason\nCA-2,2026-04-01,other,x\n' >close.csv
sw-plan close --db $D close.csv >/dev/null 2>&1 || not_ok "a closure (BT-29)"
run sw-admin undo BT-29 --db $D
check_rc 3 "a closure"
run sw-admin undo BT-99 --db $D
check_rc 3 "a batch that does not exist"
check_err "sw-admin: no batch BT-99 in '$(dburi $D)'" "saying so"
run sw-admin undo CA-1 --db $D
check_rc 3 "an id of another kind"
check_err "sw-admin: 'CA-1' is not a batch id (BT-n)" "saying what it wants"
run sw-admin undo --db $D
check_rc 2 "no batch named"
run sw-admin undo BT-2 BT-3 --db $D
check_rc 2 "two batches"
run sw-admin check --db $D
check_rc 0 "sw-admin check after every undo"

done_testing
