#!/bin/sh
# sw-plan goals, tasks and progress; plan revisions, show and compare.
. "$CW_TOP/tests/e2e/lib.sh"

ts() { sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z/TS/g' "$T/out" >"$T/o" && mv "$T/o" "$T/out"; }
q() { dbq p.db "$1"; }
today=$(date +%F)
next=$(date -d "$today +30 days" +%F)
GHDR=goal_id,case_id,plan_id,term,description,need,indicator,baseline,target,deadline,status,created_at,updated_at
THDR=task_id,goal_id,case_id,description,owner,due_date,status,done_date,created_at,updated_at
PHDR=progress_id,goal_id,case_id,date,value,status,note,created_at
VHDR=record,id,goal_id,case_id,term,description,need,indicator,baseline,target,deadline_or_due,status,owner
RHDR=revision,plan_id,case_id,created_at,actor,goals,tasks
CHDR=change,record,id,field,from,to

printf 'name,intake_date\n甲,2026-10-01\n乙,2026-10-01\n丙,2026-10-01\n' >cases.csv
sw-intake add --db p.db cases.csv >/dev/null 2>&1
q "UPDATE cases SET status = 'closed', closed_date = '2026-10-20' WHERE id = 3"

# ---- goals: the first goal of a case makes its plan, revision 1 ----------
cat >goals.csv <<'CSV'
个案编号,期限,目标,对应需求,指标,基线,目标值,期限日期,状态
CA-1,短期,改善睡眠,psychological,每周睡得好的天数,1,5,2027-01-31,
CA-1,long,重建社交网络,family_social,每月外出次数,0,4,2027/6/30,进行中
ca-2,short,申请低保,income,申请进度,未申请,已批准,20270131,
CSV
run sw-plan goals --db p.db -o csv goals.csv
check_rc 0 "new goals with Chinese headers and words"
ts
check_out "$GHDR
GL-1,CA-1,PL-1,short,改善睡眠,psychological,每周睡得好的天数,1,5,2027-01-31,not_started,TS,
GL-2,CA-1,PL-1,long,重建社交网络,family_social,每月外出次数,0,4,2027-06-30,in_progress,TS,
GL-3,CA-2,PL-2,short,申请低保,income,申请进度,未申请,已批准,2027-01-31,not_started,TS," "goals stored in canonical form, each case's plan made"
check_err "sw-plan: batch BT-2: 3 read, 3 stored, 0 skipped, 0 rejected" "the totals"
check "one plan per case, revision 1, reviewed one cycle on" test "$(q "SELECT group_concat(id || ':' || case_id || ':' || revision || ':' || review_cycle || ':' || next_review, ' ') FROM plans")" = "1:1:1:30d:$next 2:2:1:30d:$next"
check "plans, goals and revisions audited" test "$(q "SELECT group_concat(action || ' ' || entity || ' ' || ids, '; ') FROM audit WHERE batch_id = 2 AND action <> 'digest'")" = "insert plan PL-1..PL-2; insert goal GL-1..GL-3; revise plan PL-1..PL-2"

run sw-plan revisions CA-1 --db p.db -o csv
check_rc 0 "revisions"
ts
check_out "$RHDR
1,PL-1,CA-1,TS,tester,2,0" "revision 1 with its two goals"

# ---- a dry run checks against the database and writes nothing -----------
before=$(dbdump p.db)
printf 'goal_id,target\nGL-1,6\n' >dry.csv
run sw-plan goals --dry-run --db p.db -o csv dry.csv
check_rc 0 "a dry run of a change"
ts
check_out "$GHDR
GL-1,CA-1,PL-1,short,改善睡眠,psychological,每周睡得好的天数,1,6,2027-01-31,not_started,TS," "the change shown"
check_err "sw-plan: dry run, nothing stored: 1 read, 1 valid, 0 skipped, 0 rejected" "dry-run totals"
printf 'case_id,term,description,indicator,target,deadline\nCA-1,short,按时服药,每周漏服次数,0,2027-02-28\nCA-9,short,x,y,z,2027-02-28\n' >drynew.csv
run sw-plan goals --dry-run --db p.db -o csv drynew.csv
check_rc 3 "a dry run finds an unknown case in the database"
check_out "$GHDR
,CA-1,PL-1,short,按时服药,,每周漏服次数,,0,2027-02-28,not_started,," "without a new id, with the case's plan"
check_err_line "sw-plan: drynew.csv:3: case_id: no such case" "unknown case named"
check "the dry runs wrote nothing" test "$before" = "$(dbdump p.db)"
run sw-plan goals --dry-run --db "$(dburi none.db)" -o csv drynew.csv
if [ "$CW_BACKEND" = sqlite ]; then
	check_rc 0 "a dry run without a database checks the form only"
else	# a server's database is there or the server refuses it
	check_rc 4 "a dry run without a database: the server refuses it"
fi
check "no database created" dbgone none.db

# ---- one revision per case per batch, however many changes --------------
cat >change.csv <<'CSV'
goal_id,case_id,target,status
GL-1,CA-1,6,in_progress
CSV
printf 'case_id,term,description,indicator,target,deadline\nCA-1,short,按时服药,每周漏服次数,0,2027-02-28\n' >more.csv
run sw-plan goals --db p.db -o csv change.csv more.csv
check_rc 0 "a change and a new goal of one case"
ts
check_out "$GHDR
GL-1,CA-1,PL-1,short,改善睡眠,psychological,每周睡得好的天数,1,6,2027-01-31,in_progress,TS,TS
GL-4,CA-1,PL-1,short,按时服药,,每周漏服次数,,0,2027-02-28,not_started,TS," "changed and new goals as stored"
check "the change audited with before and after" test "$(q "SELECT detail FROM audit WHERE action = 'update' AND ids = 'GL-1'")" = '{"before":{"target":"5","status":"not_started"},"after":{"target":"6","status":"in_progress"}}'
check "one new revision for the case, none for the other" test "$(q "SELECT group_concat(plan_id || ':' || revision, ' ') FROM (SELECT * FROM plan_revisions ORDER BY batch_id, plan_id) AS s")" = "1:1 2:1 1:2"
printf 'goal_id,target,updated_at\nGL-1,7,2026-11-01T09:00:00Z\n' >stale.csv
run sw-plan goals --db p.db stale.csv
check_rc 3 "updated_at fed back from an older export"
check_err_line "sw-plan: stale.csv:2: updated_at: read-only; it differs from the stored value" "a stale record refused"
printf 'goal_id,target,revision\nGL-1,6,2\n' >same.csv
run sw-plan goals --db p.db same.csv
check_rc 0 "an unchanged goal"
check_err "sw-plan: same.csv:2: skipped: no change
sw-plan: batch BT-4: 1 read, 0 stored, 1 skipped, 0 rejected" "skipped, and no revision"
check "still two revisions" test "$(q "SELECT max(revision) FROM plans WHERE id = 1")" = 2

# ---- tasks: under goals, a revision too ----------------------------------
cat >tasks.csv <<'CSV'
目标编号,任务,负责人,截止日期,状态
GL-1,转介睡眠门诊,李敏,2026-12-05,
GL-2,参加社区小组,周强,2027-01-10,进行中
GL-2,联系亲属,周强,2026-11-01,已完成
CSV
run sw-plan tasks --db p.db -o csv tasks.csv
check_rc 0 "new tasks"
ts
check_out "$THDR
TK-1,GL-1,CA-1,转介睡眠门诊,李敏,2026-12-05,open,,TS,
TK-2,GL-2,CA-1,参加社区小组,周强,2027-01-10,open,,TS,
TK-3,GL-2,CA-1,联系亲属,周强,2026-11-01,done,$today,TS," "tasks take their case from the goal; done today by default"
printf 'task_id,status\nTK-1,已完成\nTK-3,open\n' >done.csv
run sw-plan tasks --db p.db -o csv done.csv
check_rc 0 "a task done, another reopened"
ts
check_out "$THDR
TK-1,GL-1,CA-1,转介睡眠门诊,李敏,2026-12-05,done,$today,TS,TS
TK-3,GL-2,CA-1,联系亲属,周强,2026-11-01,open,,TS,TS" "done_date set when done, cleared when not"
printf 'task_id,done_date,goal_id\nTK-1,2026-11-02,gl-2\n' >moved.csv
run sw-plan tasks --db p.db -o csv moved.csv
check_rc 0 "a done date corrected, the task moved to another goal of its case"
ts
check_out "$THDR
TK-1,GL-2,CA-1,转介睡眠门诊,李敏,2026-12-05,done,2026-11-02,TS,TS" "both changed"
check "each tasks batch one revision" test "$(q "SELECT revision FROM plans WHERE id = 1")" = 5
check "the task change audited" test "$(q "SELECT detail FROM audit WHERE ids = 'TK-1' AND action <> 'digest' ORDER BY id DESC LIMIT 1")" = '{"before":{"goal_id":"GL-1","done_date":"'"$today"'"},"after":{"goal_id":"GL-2","done_date":"2026-11-02"}}'

# ---- show, revisions, compare ----------------------------------------------
run sw-plan show CA-1 --db p.db -o csv
check_rc 0 "show the plan now"
check_out "$VHDR
goal,GL-1,GL-1,CA-1,short,改善睡眠,psychological,每周睡得好的天数,1,6,2027-01-31,in_progress,
goal,GL-2,GL-2,CA-1,long,重建社交网络,family_social,每月外出次数,0,4,2027-06-30,in_progress,
task,TK-1,GL-2,CA-1,,转介睡眠门诊,,,,,2026-12-05,done,李敏
task,TK-2,GL-2,CA-1,,参加社区小组,,,,,2027-01-10,open,周强
task,TK-3,GL-2,CA-1,,联系亲属,,,,,2026-11-01,open,周强
goal,GL-4,GL-4,CA-1,short,按时服药,,每周漏服次数,,0,2027-02-28,not_started," "goals, each followed by its tasks"
run sw-plan show CA-1 --revision 1 --db p.db -o csv
check_rc 0 "show revision 1"
check_out "$VHDR
goal,GL-1,GL-1,CA-1,short,改善睡眠,psychological,每周睡得好的天数,1,5,2027-01-31,not_started,
goal,GL-2,GL-2,CA-1,long,重建社交网络,family_social,每月外出次数,0,4,2027-06-30,in_progress," "the plan as it was"
run sw-plan show CA-1 --revision 5 --db p.db -o csv
cp "$T/out" rev5
run sw-plan show CA-1 --db p.db -o csv
check_file rev5 "$T/out" "the latest snapshot is the plan now"
run sw-plan revisions CA-1 --db p.db -o csv
ts
check_out "$RHDR
1,PL-1,CA-1,TS,tester,2,0
2,PL-1,CA-1,TS,tester,3,0
3,PL-1,CA-1,TS,tester,3,3
4,PL-1,CA-1,TS,tester,3,3
5,PL-1,CA-1,TS,tester,3,3" "five revisions with their counts"
run sw-plan compare CA-1 1 2 --db p.db -o csv
check_rc 0 "compare 1 and 2"
check_out "$CHDR
changed,goal,GL-1,target,5,6
changed,goal,GL-1,status,not_started,in_progress
added,goal,GL-4,,," "one row per changed field, and the goal added"
run sw-plan compare CA-1 5 3 --db p.db -o csv
check_rc 0 "compare backwards"
check_out "$CHDR
changed,task,TK-1,goal_id,GL-2,GL-1
changed,task,TK-1,status,done,open
changed,task,TK-3,status,open,done" "from 5 back to 3"
run sw-plan compare CA-1 2 2 --db p.db
check_rc 1 "nothing changed"
check_out "" "nothing printed"
run sw-plan compare CA-1 2 9 --db p.db
check_rc 3 "a revision that does not exist"
check_err "sw-plan: CA-1 has no plan revision 9 (its plan has 5 revisions)" "the revisions named"
run sw-plan show CA-2 --revision 2 --db p.db
check_rc 3 "show a revision that does not exist"
check_err "sw-plan: CA-2 has no plan revision 2 (its plan has 1 revision)" "one revision"
run sw-plan show CA-3 --db p.db -o csv
check_rc 1 "a case without a plan"
check_out "record,id,goal_id,case_id,term,description,need,indicator,baseline,target,deadline_or_due,status,owner" "the empty selection: the header in CSV"
check_err "sw-plan: CA-3 has no plan" "said on stderr"
run sw-plan revisions CA-3 --db p.db
check_rc 1 "no revisions without a plan"
run sw-plan compare CA-3 1 2 --db p.db
check_rc 3 "compare without a plan"
check_err "sw-plan: CA-3 has no plan revision 1 (it has no plan)" "no plan to compare"
run sw-plan show CA-9 --db p.db
check_rc 3 "an unknown case"
check_err "sw-plan: no case CA-9" "unknown case named"
run sw-plan show GL-1 --db p.db
check_rc 3 "a goal id for a case id"
check_err "sw-plan: 'GL-1' is not a case id (CA-n)" "wrong kind named"
run sw-plan show CA-1 --db "$(dburi missing.db)"
check_rc 4 "show needs a database"

# ---- progress: values over time; a status moves the goal -------------------
cat >progress.csv <<'CSV'
目标编号,日期,测量值,状态,备注
GL-1,2026-11-01,3,,睡眠改善
GL-1,,5,已达成,
GL-2,2026-11-02,1,in_progress,
CSV
run sw-plan progress --db p.db -o csv progress.csv
check_rc 0 "progress entries"
cp "$T/out" progress.out
ts
check_out "$PHDR
PG-1,GL-1,CA-1,2026-11-01,3,,睡眠改善,TS
PG-2,GL-1,CA-1,$today,5,achieved,,TS
PG-3,GL-2,CA-1,2026-11-02,1,in_progress,,TS" "dated today by default"
check "the goal achieved" test "$(q "SELECT status FROM goals WHERE id = 1")" = achieved
check "the status change audited" test "$(q "SELECT detail FROM audit WHERE action = 'update' AND ids = 'GL-1' ORDER BY id DESC LIMIT 1")" = '{"before":{"status":"in_progress"},"after":{"status":"achieved"}}'
check "GL-2's status unchanged, not audited" test "$(q "SELECT count(*) FROM audit WHERE ids = 'GL-2'")" = 0
check "progress is no revision" test "$(q "SELECT revision FROM plans WHERE id = 1")" = 5
check "the progress entries audited" test "$(q "SELECT action || ' ' || entity || ' ' || ids FROM audit WHERE action <> 'digest' ORDER BY id DESC LIMIT 1")" = "insert progress entry PG-1..PG-3"
printf 'goal_id,date,status\nGL-1,2026-10-15,in_progress\n' >older.csv
run sw-plan progress --db p.db older.csv
check_rc 0 "an older entry with a status"
check "a later entry's status stands" test "$(q "SELECT status FROM goals WHERE id = 1")" = achieved
printf '%s\n' "$PHDR" >again.csv
sed -n 2p progress.out >>again.csv
run sw-plan progress --db p.db again.csv
check_rc 0 "output fed back"
check_err_line "sw-plan: again.csv:2: skipped: already stored as PG-1" "a stored entry skipped"

# ---- refusals, each with its line and column; nothing stored ---------------
before=$(dbdump p.db)
cat >badgoals.csv <<'CSV'
goal_id,case_id,term,description,indicator,target,deadline,status,plan_id
,CA-1,short,,x,y,2027-01-01,,
,CA-1,medium,d,x,y,2027-01-01,,
,CA-1,short,d,x,y,2027-01-01,done,
,CA-3,short,d,x,y,2027-01-01,,
,CA-9,short,d,x,y,2027-01-01,,
,CL-1,short,d,x,y,2027-01-01,,
,CA-1,short,d,x,y,2027-02-30,,
,CA-1,short,d,x,y,2027-01-01,,PL-1
GL-99,,,,,,,,
GL-1,CA-2,,,,,,,
TK-1,,,,,,,,
CSV
run sw-plan goals --db p.db badgoals.csv
check_rc 3 "bad goal records"
check_err "sw-plan: badgoals.csv:2: description: required
sw-plan: badgoals.csv:3: term: not one of short, long (短期, 长期)
sw-plan: badgoals.csv:4: status: not one of not_started, in_progress, achieved, partly_achieved, not_achieved (未开始, 进行中, 已达成, 部分达成, 未达成)
sw-plan: badgoals.csv:5: case_id: the case is closed (reopen it first)
sw-plan: badgoals.csv:6: case_id: no such case
sw-plan: badgoals.csv:7: case_id: not a case id (CA-n)
sw-plan: badgoals.csv:8: deadline: not a valid date (no such day)
sw-plan: badgoals.csv:9: plan_id: read-only; leave it empty for a new goal
sw-plan: badgoals.csv:10: goal_id: no such goal
sw-plan: badgoals.csv:11: case_id: read-only; it differs from the stored value
sw-plan: badgoals.csv:12: goal_id: not a goal id (GL-n)
sw-plan: batch rolled back, nothing stored: 11 read, 0 valid, 0 skipped, 11 rejected" "each goal problem named"
printf 'case_id,term,description,indicator,target\nCA-1,short,d,x,y\n' >nodeadline.csv
run sw-plan goals --db p.db nodeadline.csv
check_err_line "sw-plan: nodeadline.csv:2: deadline: required" "a missing column is required too"
printf 'case_id,term,description,indicator,target,deadline,colour\nCA-1,short,d,x,y,2027-01-01,red\n' >unknown.csv
run sw-plan goals --db p.db unknown.csv
check_err_line "sw-plan: unknown.csv:2: colour: unknown column" "an unknown column"

dbq p.db "INSERT INTO plans (case_id, revision, review_cycle, next_review, created_at) VALUES (3, 1, '30d', '2026-11-01', '2026-10-02T00:00:00Z');
INSERT INTO batches (started_at, actor, program, verb) VALUES ('2026-10-02T00:00:00Z', 'tester', 'sw-plan', 'goals');
INSERT INTO goals (plan_id, case_id, term, description, indicator, target, deadline, status, created_at, batch_id) VALUES (3, 3, 'short', 'd', 'x', 'y', '2026-12-01', 'in_progress', '2026-10-02T00:00:00Z', (SELECT max(id) FROM batches));"
before=$(dbdump p.db)
printf 'goal_id,status\nGL-5,achieved\n' >closedgoal.csv
run sw-plan goals --db p.db closedgoal.csv
check_err_line "sw-plan: closedgoal.csv:2: goal_id: its case CA-3 is closed (reopen it first)" "no plan changes on a closed case"
cat >badtasks.csv <<'CSV'
task_id,goal_id,case_id,description,due_date,status,done_date
,,,d,2027-01-01,,
,GL-99,,d,2027-01-01,,
,GL-1,CA-2,d,2027-01-01,,
,GL-1,,d,,,
,GL-1,,d,2027-01-01,finished,
,GL-1,,d,2027-01-01,open,2026-11-01
,GL-1,,d,2027-01-01,done,2099-01-01
,GL-5,,d,2027-01-01,,
TK-2,GL-3,,,,,
TK-9,,,,,,
CSV
run sw-plan tasks --db p.db badtasks.csv
check_rc 3 "bad task records"
check_err "sw-plan: badtasks.csv:2: goal_id: required
sw-plan: badtasks.csv:3: goal_id: no such goal
sw-plan: badtasks.csv:4: case_id: read-only; it differs from the stored value
sw-plan: badtasks.csv:5: due_date: required
sw-plan: badtasks.csv:6: status: not one of open, done, cancelled (进行中, 已完成, 已取消)
sw-plan: badtasks.csv:7: done_date: only for a task that is done (status done)
sw-plan: badtasks.csv:8: done_date: is in the future
sw-plan: badtasks.csv:9: goal_id: its case CA-3 is closed (reopen it first)
sw-plan: badtasks.csv:10: goal_id: a goal of another case; a task stays with its case
sw-plan: badtasks.csv:11: task_id: no such task
sw-plan: batch rolled back, nothing stored: 10 read, 0 valid, 0 skipped, 10 rejected" "each task problem named"
cat >badprogress.csv <<'CSV'
goal_id,date,value,status
,2026-11-01,1,
GL-1,2099-01-01,1,
GL-1,2026-11-01,,
GL-1,2026-11-01,1,almost
GL-99,2026-11-01,1,
GL-5,2026-11-01,1,
GL-1,2026-11-01,1,
CSV
run sw-plan progress --db p.db badprogress.csv
check_rc 3 "bad progress records"
check_err "sw-plan: badprogress.csv:2: goal_id: required
sw-plan: badprogress.csv:3: date: is in the future
sw-plan: badprogress.csv:4: nothing to record: give a value or a status (or both)
sw-plan: badprogress.csv:5: status: not one of not_started, in_progress, achieved, partly_achieved, not_achieved (未开始, 进行中, 已达成, 部分达成, 未达成)
sw-plan: badprogress.csv:6: goal_id: no such goal
sw-plan: badprogress.csv:7: goal_id: its case CA-3 is closed (reopen it first)
sw-plan: batch rolled back, nothing stored: 7 read, 1 valid, 0 skipped, 6 rejected" "each progress problem named; the good one rolled back too"
# Records without a header: the first names no column of a goal, a task or
# progress, and is refused without being quoted.
printf 'CA-1,short,找工作,面试次数,3,2026-12-31\nCA-2,short,找工作,面试次数,3,2026-12-31\n' >nohdr.csv
for verb in goals tasks progress; do
	run sw-plan $verb --db p.db nohdr.csv
	check_rc 3 "$verb without a header"
	check_err "sw-plan: nohdr.csv:1: the first line is not a header (no known column)
sw-plan: batch rolled back, nothing stored: 0 read, 0 valid, 0 skipped, 0 rejected before the error" "$verb: refused as such, no value quoted"
done
printf '短期,找工作,找工作\n' >nohdr1.csv
run sw-plan goals --dry-run nohdr1.csv
check_rc 3 "a dry run of one line without a header"
check_err "sw-plan: nohdr1.csv:1: the first line is not a header (no known column)
sw-plan: dry run, nothing stored: 0 read, 0 valid, 0 skipped, 0 rejected before the error" "refused, a repeated value is no duplicate column"
printf '{"nmae":"x"}\n' >odd.jsonl
run sw-plan goals --dry-run odd.jsonl
check_rc 3 "JSON keys are names: a foreign one is an unknown column, as before"
check_err_line "sw-plan: odd.jsonl:1: nmae: unknown column" "the key named"
check "the refused batches changed nothing" test "$before" = "$(dbdump p.db)"

# ---- --keep-going: the good records and their revision ---------------------
printf 'goal_id,description\nGL-3,申请低保和临时救助\nGL-5,x\n' >keep.csv
run sw-plan goals --db p.db --keep-going -o csv keep.csv
check_rc 3 "keep going past a refused record"
check "the good change stored, with its case's revision" test "$(q "SELECT revision FROM plans WHERE id = 2")" = 2

# ---- JSON input --------------------------------------------------------------
printf '{"goal_id":"GL-4","value":2,"note":"第二周"}\n' >p.jsonl
run sw-plan progress --db p.db -o jsonl p.jsonl
check_rc 0 "JSON Lines with a number"
ts
check_out '{"progress_id":"PG-5","goal_id":"GL-4","case_id":"CA-1","date":"'"$today"'","value":"2","status":null,"note":"第二周","created_at":"TS"}' "the number kept as written"

done_testing
