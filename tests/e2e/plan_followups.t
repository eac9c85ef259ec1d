#!/bin/sh
# sw-plan followups: marking done the crisis follow-ups and re-assessments
# of sw-assess and the follow-ups after closure; what due lists then, the
# refusals, the round trip, dry runs and the audit trail.
. "$CW_TOP/tests/e2e/lib.sh"

# Today follows TZ, as for the commands: every date is relative to it.
today=$(date +%F)
d() { date -d "$today $1 days" +%F; }     # d N: today + N days
q() { dbq f.db "$1"; }
ts() { sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z/TS/g' "$T/out" >"$T/o" && mv "$T/o" "$T/out"; }
FU=followup_id,case_id,kind,due_date,instrument,status,done_date,note,created_at
DUE=due_date,state,days,kind,item_id,case_id,worker,what

printf 'name,intake_date,worker\n甲,%s,李敏\n乙,%s,周强\n丙,%s,李敏\n' "$(d -30)" "$(d -30)" "$(d -30)" >cases.csv
sw-intake add --db f.db cases.csv >/dev/null 2>&1
check "three cases" test "$(q "SELECT count(*) FROM cases")" = 3

# ---- a crisis follow-up, from sw-assess to done -----------------------------------
# A PHQ-9 two days ago with thoughts of self-harm (q9 = 3): a crisis
# follow-up due yesterday (FU-1), overdue, and a re-assessment (FU-2).
printf 'case_id,date,q1,q2,q3,q4,q5,q6,q7,q8,q9\nCA-1,%s,0,0,0,0,0,0,0,0,3\n' "$(d -2)" >phq.csv
sw-assess score phq9 --db f.db phq.csv >/dev/null 2>&1
check "sw-assess scheduled a crisis follow-up and a re-assessment" test "$(q "SELECT group_concat(id || ':' || kind || ':' || status, ' ') FROM (SELECT * FROM followups ORDER BY id) AS s")" = "1:crisis:open 2:reassessment:open"
run sw-plan due --db f.db -o csv
check_rc 0 "something is due"
check_out "$DUE
$(d -1),overdue,-1,crisis,FU-1,CA-1,李敏,crisis follow-up (phq9)" "the crisis follow-up, overdue"

printf 'case_id,reason_kind,reason\nCA-1,other,x\n' >close1.csv
run sw-plan close --db f.db close1.csv
check_rc 3 "closing the case while the crisis follow-up is open"
check_err_line "sw-plan: close1.csv:2: CA-1 has 1 open crisis follow-up; close them or give force with a reason" "refused"

printf 'followup_id,note\nFU-1,电话联系，服务对象安全\n' >called.csv
run sw-plan followups --db f.db -o csv called.csv
check_rc 0 "the crisis follow-up marked done"
cp "$T/out" printed.csv
ts
check_out "$FU
FU-1,CA-1,crisis,$(d -1),phq9,done,$today,电话联系，服务对象安全,TS" "printed as stored, done today by default"
check_err "sw-plan: batch BT-3: 1 read, 1 stored, 0 skipped, 0 rejected" "the totals line"
check "stored done, with its day, time and note" test "$(q "SELECT status || ' ' || done_date || ' ' || CASE WHEN done_at IS NOT NULL THEN 1 ELSE 0 END || ' ' || note FROM followups WHERE id = 1")" = "done $today 1 电话联系，服务对象安全"
check "audited as done, before and after" test "$(q "SELECT action || ' ' || entity || ' ' || ids || ' ' || detail FROM audit WHERE batch_id = 3 AND action <> 'digest'")" = "done follow-up FU-1 {\"before\":{\"status\":\"open\",\"done_date\":null,\"note\":null},\"after\":{\"status\":\"done\",\"done_date\":\"$today\",\"note\":\"电话联系，服务对象安全\"}}"

run sw-plan due --db f.db -o csv
check_rc 1 "nothing due any more"
check_out "$DUE" "the crisis follow-up is no longer listed"
run sw-plan due --db f.db --within 4w -o csv
check "the re-assessment still is" test "$(sed -n '2,$p' "$T/out" | cut -d, -f4,5 | tr '\n' ' ')" = "reassessment,FU-2 "

# ---- refusals ------------------------------------------------------------------------
run sw-plan followups --db f.db called.csv
check_rc 3 "marking it done again"
check_err "sw-plan: called.csv:2: followup_id: FU-1 is already done
sw-plan: batch rolled back, nothing stored: 1 read, 0 valid, 0 skipped, 1 rejected" "refused: already done"

before=$(dbdump f.db)
cat >bad.csv <<CSV
followup_id,date,note,status,kind
,,,,
CA-1,,,,
FU-9,,,,
fu-2,$(d 1),,,
fu-2,$(d -3),,,
FU-2,,,open,
FU-2,,,,crisis
FU-2,05/03/2026,,,
CSV
run sw-plan followups --db f.db bad.csv
check_rc 3 "bad records"
check_err "sw-plan: bad.csv:2: followup_id: required (the follow-up, FU-n)
sw-plan: bad.csv:3: followup_id: not a follow-up id (FU-n)
sw-plan: bad.csv:4: followup_id: no such follow-up
sw-plan: bad.csv:5: date: is in the future
sw-plan: bad.csv:6: date: before the follow-up was created
sw-plan: bad.csv:7: status: only done (this verb marks follow-ups done)
sw-plan: bad.csv:8: kind: read-only; it differs from the stored value
sw-plan: bad.csv:9: date: day or month first; write the year first (YYYY-MM-DD)
sw-plan: batch rolled back, nothing stored: 8 read, 0 valid, 0 skipped, 8 rejected" "each names its line and field, never the value"
check_out "" "nothing printed"
check "nothing stored" test "$before" = "$(dbdump f.db)"

# ---- the round trip ------------------------------------------------------------------
run sw-plan followups --db f.db printed.csv
check_rc 0 "what followups printed, read back"
check_err "sw-plan: printed.csv:2: skipped: FU-1 is already done, as given
sw-plan: batch BT-4: 1 read, 0 stored, 1 skipped, 0 rejected" "is skipped"
sed 's/服务对象安全/改了/' printed.csv >changed.csv
run sw-plan followups --db f.db changed.csv
check_rc 3 "read back with another note"
check_err_line "sw-plan: changed.csv:2: followup_id: FU-1 is already done" "is refused"

# ---- dry runs ----------------------------------------------------------------------------
before=$(dbdump f.db)
printf '跟进编号,完成日期,备注\nFU-2,%s,提前复评\nFU-2,%s,again\n' "$today" "$today" >dry.csv
run sw-plan followups --db f.db --dry-run -o csv dry.csv
check_rc 3 "a dry run, the same follow-up twice"
ts
check_out "$FU
FU-2,CA-1,reassessment,$(d 26),phq9,done,$today,提前复评,TS" "Chinese headers; printed as it would be stored"
check_err "sw-plan: dry.csv:3: 跟进编号: FU-2 is already done
sw-plan: dry run, nothing stored: 2 read, 1 valid, 0 skipped, 1 rejected" "the second sees the first done"
check "the dry run wrote nothing" test "$before" = "$(dbdump f.db)"
run sw-plan followups --db "$(dburi none.db)" --dry-run -o csv dry.csv
if [ "$CW_BACKEND" = sqlite ]; then
	check_rc 3 "a dry run without a database"
	check_out "$FU
FU-2,,,,,done,$today,提前复评," "checks the form of the fields only"
else	# a server's database is there or the server refuses it
	check_rc 4 "a dry run without a database"
	check_err_nodb sw-plan none.db "the server refuses it"
fi
check "no database was created" dbgone none.db
run sw-plan followups --db "$(dburi none.db)" called.csv
check_rc 4 "a real run without a database"
check_err_nodb sw-plan none.db "refused"
check "no database was created" dbgone none.db

# ---- a re-assessment, JSON, keep-going ------------------------------------------------------
printf '{"followup_id":"FU-2","date":"%s","note":"提前复评"}\n{"followup_id":"FU-7"}\n' "$today" >more.jsonl
run sw-plan followups --db f.db --keep-going -o jsonl more.jsonl
check_rc 3 "keep-going: the good one stored, the bad one rejected"
ts
check_out "{\"followup_id\":\"FU-2\",\"case_id\":\"CA-1\",\"kind\":\"reassessment\",\"due_date\":\"$(d 26)\",\"instrument\":\"phq9\",\"status\":\"done\",\"done_date\":\"$today\",\"note\":\"提前复评\",\"created_at\":\"TS\"}" "the re-assessment marked done"
check_err_line "sw-plan: more.jsonl:2: followup_id: no such follow-up" "the other rejected"

# With nothing open left, the case closes without force.
run sw-plan close --db f.db close1.csv
check_rc 0 "the case closes once its crisis follow-up is done"
check "done follow-ups are not cancelled" test "$(q "SELECT group_concat(status, ' ') FROM (SELECT * FROM followups WHERE case_id = 1 ORDER BY id) AS s")" = "done done"
check "nothing to cancel, nothing audited as cancelled" test "$(q "SELECT count(*) FROM audit WHERE action = 'cancel'")" = 0

# ---- a follow-up after closure -----------------------------------------------------------
printf 'case_id,closed_date,reason_kind,reason,follow_up\nCA-2,%s,goals_achieved,服务完成,1d\n' "$(d -3)" >close2.csv
sw-plan close --db f.db close2.csv >/dev/null 2>&1
run sw-plan due --db f.db -o csv
check_out "$DUE
$(d -2),overdue,-2,post_closure,FU-3,CA-2,周强,post-closure follow-up" "the follow-up after closure is due"
printf 'followup_id,note\nFU-3,回访：情况稳定\n' >post.csv
run sw-plan followups --db f.db -o csv post.csv
check_rc 0 "marked done while the case stays closed"
check "done" test "$(q "SELECT status || ' ' || done_date FROM followups WHERE id = 3")" = "done $today"
run sw-plan due --db f.db -o csv
check_rc 1 "no longer due"
printf 'case_id,reason\nCA-2,再次求助\n' >reopen2.csv
run sw-plan reopen --db f.db reopen2.csv
check_rc 0 "the case reopens"
check "the follow-up keeps the day and note it was done with" test "$(q "SELECT status || ' ' || done_date || ' ' || note FROM followups WHERE id = 3")" = "done $today 回访：情况稳定"
check "every follow-up done is audited as done, one entry each" test "$(q "SELECT group_concat(ids, ' ') FROM (SELECT ids FROM audit WHERE action = 'done' ORDER BY id) AS s")" = "FU-1 FU-2 FU-3"

# ---- a crisis follow-up cancelled by a forced closure -----------------------------------------
printf 'case_id,date,q1,q2,q3,q4,q5,q6,q7,q8,q9\nCA-3,%s,0,0,0,0,0,0,0,0,3\n' "$(d -1)" >phq3.csv
sw-assess score phq9 --db f.db phq3.csv >/dev/null 2>&1
printf 'case_id,结案类型,reason,force\nCA-3,迁出,迁出本区,已转介迁入地\n' >close3.csv
run sw-plan close --db f.db close3.csv
check_rc 0 "forced with a reason"
printf 'followup_id\nFU-4\nFU-5\n' >fu45.csv
run sw-plan followups --db f.db fu45.csv
check_rc 3 "cancelled follow-ups"
check_err "sw-plan: fu45.csv:2: followup_id: FU-4 is already cancelled
sw-plan: fu45.csv:3: followup_id: FU-5 is already cancelled
sw-plan: batch rolled back, nothing stored: 2 read, 0 valid, 0 skipped, 2 rejected" "are refused"
done_testing
