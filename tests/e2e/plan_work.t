#!/bin/sh
# sw-plan contacts, sessions, review, close and reopen: the work with a
# case, group attendance, reviews and the closure rules.
. "$CW_TOP/tests/e2e/lib.sh"

ts() { sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z/TS/g' "$T/out" >"$T/o" && mv "$T/o" "$T/out"; }
q() { dbq p.db "$1"; }
CT=contact_id,case_id,date,kind,minutes,worker,note,session_id,created_at,project,volunteers
GS=session_id,date,title,minutes,workers,note,cases,attendance,created_at,project,programme
RV=review_id,case_id,date,worker,note,next_review,created_at
CX=closure_id,case_id,closed_date,reason,forced_reason,outcomes,follow_up_due,created_at,reason_kind
RO=case_id,reopened_date,reason,closure_id

printf 'name,intake_date,worker\n甲,2026-10-01,李敏\n乙,2026-10-01,周强\n丙,2026-10-01,李敏\n丁,2026-10-01,\n' >cases.csv
sw-intake add --db p.db cases.csv >/dev/null 2>&1
sw-intake workers --add 李敏 周强 --db p.db >/dev/null 2>&1

# ---- contacts ------------------------------------------------------------------
cat >contacts.csv <<'CSV'
case_id,date,kind,minutes,worker,note
CA-1,2026-10-02,interview,45,,首次面谈
CA-1,2026/10/3,家访,60,周强,
CA-2,2026-10-04,phone,10,,
CA-2,2026-10-05,陪同,120,,
CA-3,2026-10-06,outreach,30,,
ca-3,2026-10-07,资源链接,20,,
CA-4,2026-10-08,其他,0,,
CSV
run sw-plan contacts --db p.db -o csv contacts.csv
check_rc 0 "contacts of every kind but group"
ts
check_out "$CT
CT-1,CA-1,2026-10-02,interview,45,李敏,首次面谈,,TS,,
CT-2,CA-1,2026-10-03,home_visit,60,周强,,,TS,,
CT-3,CA-2,2026-10-04,phone,10,周强,,,TS,,
CT-4,CA-2,2026-10-05,accompaniment,120,周强,,,TS,,
CT-5,CA-3,2026-10-06,outreach,30,李敏,,,TS,,
CT-6,CA-3,2026-10-07,resource_linking,20,李敏,,,TS,,
CT-7,CA-4,2026-10-08,other,0,,,,TS,," "canonical kinds and dates; the worker defaults to the case's"
check_err "sw-plan: batch BT-3: 7 read, 7 stored, 0 skipped, 0 rejected" "the totals line"
check "the contacts are audited as one insert" test "$(q "SELECT action || ' ' || entity || ' ' || ids || ' ' || substr(detail, 1, 12) FROM audit WHERE action <> 'digest' ORDER BY id DESC LIMIT 1")" = 'insert contact CT-1..CT-7 {"records":7'

printf '个案编号,日期,方式,时长,社工,进展记录\nCA-4,2026-10-09,电话,15,李敏,跟进\n' >zh.csv
run sw-plan contacts --db p.db -o csv zh.csv
ts
check_out "$CT
CT-8,CA-4,2026-10-09,phone,15,李敏,跟进,,TS,," "Chinese headers"

before=$(dbdump p.db)
cat >badcontacts.csv <<'CSV'
case_id,date,kind,minutes,worker
CA-1,2026-10-02,interview,-5,
CA-1,2026-10-02,visit,5,
CA-1,2099-01-01,phone,5,
CA-9,2026-10-02,phone,5,
CA-1,2026-10-02,小组,5,
CA-1,2026-10-02,group,5,
CA-1,2026-10-02,phone,1441,
CA-1,2026-10-02,phone,4.5,
CA-1,,phone,5,
CA-1,2026-10-02,,5,
CA-1,2026-10-02,phone,,
CL-1,2026-10-02,phone,5,
CA-1,2026-10-02,phone,5,李明
CSV
run sw-plan contacts --db p.db badcontacts.csv
check_rc 3 "bad contacts"
check_err "sw-plan: badcontacts.csv:2: minutes: negative minutes (a whole number, 0 to 1440)
sw-plan: badcontacts.csv:3: kind: not a kind of contact (interview, home_visit, phone, accompaniment, outreach, resource_linking or other)
sw-plan: badcontacts.csv:4: date: is in the future
sw-plan: badcontacts.csv:5: case_id: no such case
sw-plan: badcontacts.csv:6: kind: group contacts come from sw-plan sessions
sw-plan: badcontacts.csv:7: kind: group contacts come from sw-plan sessions
sw-plan: badcontacts.csv:8: minutes: more than 1440 minutes (one day)
sw-plan: badcontacts.csv:9: minutes: not a whole number of minutes (0 to 1440)
sw-plan: badcontacts.csv:10: date: required (the date of the contact)
sw-plan: badcontacts.csv:11: kind: required (interview, home_visit, phone, accompaniment, outreach, resource_linking or other)
sw-plan: badcontacts.csv:12: minutes: required (a whole number of minutes, 0 to 1440)
sw-plan: badcontacts.csv:13: case_id: not a case id (CA-n)
sw-plan: badcontacts.csv:14: worker: not on the worker roster (see sw-intake workers)
sw-plan: batch rolled back, nothing stored: 13 read, 0 valid, 0 skipped, 13 rejected" "each refusal names its line and column, never the value"
check_out "" "nothing printed"
check "a rejected batch leaves the database unchanged" test "$before" = "$(dbdump p.db)"

printf '{"case_id":"CA-1","date":"2026-10-02","kind":"phone","minutes":-3}\n' >neg.jsonl
run sw-plan contacts --db p.db neg.jsonl
check_err_line "sw-plan: neg.jsonl:1: minutes: negative minutes (a whole number, 0 to 1440)" "negative minutes as a JSON number"

# What the tools print is valid input: stored records are skipped, changed
# ones refused.
sw-plan contacts --db p.db -o csv zh.csv >ct9.csv 2>/dev/null   # CT-9
printf '%s\n%s\n' "$CT" "$(sed -n 2p ct9.csv)" >again.csv
run sw-plan contacts --db p.db again.csv
check_rc 0 "a printed contact read back"
check_err "sw-plan: again.csv:2: skipped: already stored as CT-9
sw-plan: batch BT-6: 1 read, 0 stored, 1 skipped, 0 rejected" "is skipped"
sed 's/跟进/改了/' again.csv >changed.csv
run sw-plan contacts --db p.db changed.csv
check_rc 3 "a printed contact changed"
check_err_line "sw-plan: changed.csv:2: note: differs from the stored contact CT-9, which is never changed" "is refused"

# ---- group sessions --------------------------------------------------------------
cat >session.csv <<'CSV'
日期,主题,时长,社工,备注,参加个案
2026-10-09,亲子小组,90,李敏、周强,第一次,"CA-1 CA-2、ca-3"
CSV
run sw-plan sessions --db p.db -o csv session.csv
check_rc 0 "a group session with three cases"
ts
check_out "$GS
GS-1,2026-10-09,亲子小组,90,\"李敏, 周强\",第一次,\"CA-1, CA-2, CA-3\",3,TS,," "the session with its attendance"
check "each attendance is a group contact by the first worker" test "$(q "SELECT group_concat(case_id || ':' || kind || ':' || date || ':' || minutes || ':' || worker || ':' || session_id, ' ') FROM (SELECT * FROM contacts WHERE session_id IS NOT NULL ORDER BY id) AS s")" = "1:group:2026-10-09:90:李敏:1 2:group:2026-10-09:90:李敏:1 3:group:2026-10-09:90:李敏:1"
check "the session and its contacts are audited" test "$(q "SELECT group_concat(entity || ' ' || ids, '; ') FROM (SELECT * FROM audit WHERE batch_id = (SELECT max(id) FROM batches) AND action <> 'digest' ORDER BY id) AS s")" = "group session GS-1; contact CT-10..CT-12"

before=$(dbdump p.db)
cat >badsessions.csv <<'CSV'
date,title,minutes,workers,cases
2026-10-10,a,60,李敏,"CA-1, ca-1"
2026-10-10,a,60,李敏,CA-1 CA-9
2026-10-10,a,60,李敏,CA-1 甲
2026-10-10,a,60,李敏,
2026-10-10,a,60,,CA-1
2026-10-10,a,60,"李敏,李明",CA-1
2026-10-10,a,60,"李敏,李敏",CA-1
2026-10-10,,60,李敏,CA-1
2099-10-10,a,60,李敏,CA-1
2026-10-10,a,-1,李敏,CA-1
CSV
run sw-plan sessions --db p.db badsessions.csv
check_rc 3 "bad sessions"
check_err "sw-plan: badsessions.csv:2: cases: CA-1 is listed twice
sw-plan: badsessions.csv:3: cases: CA-9: no such case
sw-plan: badsessions.csv:4: cases: item 2 is not a case id (CA-n)
sw-plan: badsessions.csv:5: cases: required (the cases attending: CA-n, separated by spaces, commas or 、)
sw-plan: badsessions.csv:6: workers: required (one or more workers, separated by commas or 、)
sw-plan: badsessions.csv:7: workers: not on the worker roster (see sw-intake workers)
sw-plan: badsessions.csv:8: workers: worker 2 is listed twice (also worker 1)
sw-plan: badsessions.csv:9: title: required (the session's title)
sw-plan: badsessions.csv:10: date: is in the future
sw-plan: badsessions.csv:11: minutes: negative minutes (a whole number, 0 to 1440)
sw-plan: batch rolled back, nothing stored: 10 read, 0 valid, 0 skipped, 10 rejected" "a case listed twice and the other refusals"
check "nothing stored" test "$before" = "$(dbdump p.db)"

# ---- reviews -----------------------------------------------------------------------
printf 'case_id,date,note\nCA-1,2026-10-10,按计划\n' >review1.csv
run sw-plan review --db p.db -o csv review1.csv
check_rc 0 "a review of a case without a plan"
ts
check_out "$RV
RV-1,CA-1,2026-10-10,李敏,按计划,2026-11-09,TS" "next review one configured cycle (30d) on"
check "no plan is created" test "$(q "SELECT count(*) FROM plans")" = 0
check "the next review lives in the review" test "$(q "SELECT next_review FROM reviews WHERE case_id = 1")" = 2026-11-09
printf 'case_id,date\nCA-4,2026-10-10\n' >review4.csv
if [ "$CW_BACKEND" = sqlite ]; then
	printf 'review_cycle = 2w\n' >cycle.conf
	run env CASEWORK_CONFIG=cycle.conf sw-plan review --db p.db -o csv review4.csv
else	# on PostgreSQL the database keeps review_cycle (sw-admin config)
	sw-admin config review_cycle 2w --db p.db >/dev/null 2>&1
	run sw-plan review --db p.db -o csv review4.csv
	sw-admin config review_cycle 30d --db p.db >/dev/null 2>&1
fi
ts
check_out "$RV
RV-2,CA-4,2026-10-10,,,2026-10-24,TS" "the configuration's review cycle"

q "INSERT INTO plans (case_id, revision, review_cycle, next_review, created_at) VALUES (2, 1, '3w', '2026-10-15', '2026-10-01T00:00:00Z')"
printf 'case_id,date,worker\nCA-2,2026-10-12,李敏\nCA-2,2026-10-11,\n' >review2.csv
run sw-plan review --db p.db -o csv review2.csv
check_rc 0 "reviews of a case with a plan"
ts
check_out "$RV
RV-3,CA-2,2026-10-12,李敏,,2026-11-02,TS
RV-4,CA-2,2026-10-11,周强,,2026-11-01,TS" "next review one plan cycle (3w) on"
check "the plan's next review follows its latest review" test "$(q "SELECT next_review FROM plans WHERE case_id = 2")" = 2026-11-02
check "the change is audited" test "$(q "SELECT action || ' ' || ids || ' ' || detail FROM audit WHERE entity = 'plan' AND action <> 'digest'")" = 'update PL-1 {"before":{"next_review":"2026-10-15"},"after":{"next_review":"2026-11-02"}}'

printf 'case_id,下次评估日期\nCA-3,2099-12-01\n' >review3.csv
run sw-plan review --db p.db -o csv review3.csv
today=$(sqlite3 :memory: "SELECT date('now')")
check "a review dated today by default, next review as given" test "$(sed -n 2p "$T/out" | cut -d, -f3,6)" = "$today,2099-12-01"

before=$(dbdump p.db)
printf 'case_id,date,next_review,worker\nCA-3,2026-10-10,2026-10-10,\nCA-3,2099-01-01,,\nCA-9,2026-10-10,,\nCA-3,2026-10-10,,李明\n' >badreview.csv
run sw-plan review --db p.db badreview.csv
check_rc 3 "bad reviews"
check_err "sw-plan: badreview.csv:2: next_review: must be after the review date
sw-plan: badreview.csv:3: date: is in the future
sw-plan: badreview.csv:4: case_id: no such case
sw-plan: badreview.csv:5: worker: not on the worker roster (see sw-intake workers)
sw-plan: batch rolled back, nothing stored: 4 read, 0 valid, 0 skipped, 4 rejected" "each refused"
check "nothing stored" test "$before" = "$(dbdump p.db)"

# ---- closing a case --------------------------------------------------------------------
# Goals and tasks come from sw-plan goals and tasks; here they are set up
# directly: CA-2 has GL-1 (in progress), GL-2 (not started), GL-3
# (achieved), an open task and a done one; CA-3 has GL-4.
q "INSERT INTO plans (case_id, revision, review_cycle, next_review, created_at) VALUES (3, 1, '30d', '2026-11-09', '2026-10-01T00:00:00Z');
INSERT INTO goals (plan_id, case_id, term, description, indicator, target, deadline, status, created_at, batch_id) VALUES
 (1, 2, 'short', 'g1', 'i', 't', '2026-12-01', 'in_progress', '2026-10-01T00:00:00Z', 1),
 (1, 2, 'long', 'g2', 'i', 't', '2026-12-01', 'not_started', '2026-10-01T00:00:00Z', 1),
 (1, 2, 'long', 'g3', 'i', 't', '2026-12-01', 'achieved', '2026-10-01T00:00:00Z', 1),
 (2, 3, 'short', 'g4', 'i', 't', '2026-12-01', 'in_progress', '2026-10-01T00:00:00Z', 1);
INSERT INTO tasks (goal_id, case_id, description, due_date, status, created_at, batch_id) VALUES
 (1, 2, 't1', '2026-11-01', 'open', '2026-10-01T00:00:00Z', 1),
 (1, 2, 't2', '2026-11-01', 'done', '2026-10-01T00:00:00Z', 1);"

before=$(dbdump p.db)
printf 'case_id,date,reason_kind,reason,outcomes\nCA-2,2026-10-20,goals_achieved,目标达成,"GL-1=achieved, GL-2=achieved"\n' >opentask.csv
run sw-plan close --db p.db opentask.csv
check_rc 3 "closing with an open task"
check_err "sw-plan: opentask.csv:2: CA-2 has 1 open task; close them or give force with a reason
sw-plan: batch rolled back, nothing stored: 1 read, 0 valid, 0 skipped, 1 rejected" "refused, saying how to go on"
check "nothing stored" test "$before" = "$(dbdump p.db)"

cat >badclose.csv <<'CSV'
case_id,date,reason_kind,reason,outcomes,force,follow_up
CA-2,2026-10-20,other,x,GL-1=achieved,f,
CA-2,2026-10-20,other,x,"GL-1=achieved, GL-2=achieved, GL-99=achieved",f,
CA-2,2026-10-20,other,x,"GL-1=achieved, GL-2=achieved, GL-4=achieved",f,
CA-2,2026-10-20,other,x,"GL-1=done, GL-2=achieved",f,
CA-2,2026-10-20,other,x,"GL-1=achieved, gl-1=not_achieved",f,
CA-2,2026-10-20,other,x,"GL-1 achieved",f,
CA-2,2026-10-20,other,,"GL-1=achieved, GL-2=achieved",f,
CA-2,2099-10-20,other,x,"GL-1=achieved, GL-2=achieved",f,
CA-2,2026-09-20,other,x,"GL-1=achieved, GL-2=achieved",f,
CA-2,2026-10-20,other,x,"GL-1=achieved, GL-2=achieved",f,2026-10-20
CA-2,2026-10-20,other,x,"GL-1=achieved, GL-2=achieved",f,soon
CA-2,2026-10-20,,x,"GL-1=achieved, GL-2=achieved",f,
CA-2,2026-10-20,tired,x,"GL-1=achieved, GL-2=achieved",f,
CSV
run sw-plan close --db p.db badclose.csv
check_rc 3 "bad closures"
check_err "sw-plan: badclose.csv:2: outcomes: GL-2 needs an outcome (achieved, partly_achieved or not_achieved)
sw-plan: badclose.csv:3: outcomes: GL-99: no such goal
sw-plan: badclose.csv:4: outcomes: GL-4 is a goal of another case
sw-plan: badclose.csv:5: outcomes: GL-1: not an outcome (achieved, partly_achieved or not_achieved)
sw-plan: badclose.csv:6: outcomes: GL-1 is listed twice
sw-plan: badclose.csv:7: outcomes: item 1 is not GL-n=outcome
sw-plan: badclose.csv:8: reason: required (why the case closes)
sw-plan: badclose.csv:9: date: is in the future
sw-plan: badclose.csv:10: date: before the case's intake date
sw-plan: badclose.csv:11: follow_up: must be after the closure date
sw-plan: badclose.csv:12: follow_up: not a duration (such as 3m) or a date after the closure date
sw-plan: badclose.csv:13: reason_kind: required (goals_achieved, client_withdrew, moved_away, referred_on, unreachable, died or other)
sw-plan: badclose.csv:14: reason_kind: not one of goals_achieved, client_withdrew, moved_away, referred_on, unreachable, died, other (目标达成, 服务对象退出, 迁出, 转介他处, 失去联系, 离世, 其他)
sw-plan: batch rolled back, nothing stored: 13 read, 0 valid, 0 skipped, 13 rejected" "outcomes for every open goal, and the other rules"
check "nothing stored" test "$before" = "$(dbdump p.db)"

# A dry run checks everything, prints without ids and writes nothing.
printf 'case_id,date,reason_kind,reason,outcomes,force,follow_up\nCA-2,2026-10-20,迁出,目标达成,"GL-1=已达成, GL-2=部分达成",服务对象搬迁,3m\nCA-2,2026-10-20,other,again,,,\n' >close.csv
run sw-plan close --db p.db --dry-run -o csv close.csv
check_rc 3 "a dry run of a closure, and the same case again"
check_out "$CX
,CA-2,2026-10-20,目标达成,服务对象搬迁,\"GL-1=achieved, GL-2=partly_achieved\",2027-01-20,,moved_away" "printed without ids"
check_err "sw-plan: close.csv:3: case_id: already closed
sw-plan: dry run, nothing stored: 2 read, 1 valid, 0 skipped, 1 rejected" "the second sees the first's closure"
check "the dry run wrote nothing" test "$before" = "$(dbdump p.db)"

head -2 close.csv >close1.csv
run sw-plan close --db p.db -o csv close1.csv
check_rc 0 "a forced closure with outcomes and a follow-up"
ts
check_out "$CX
CX-1,CA-2,2026-10-20,目标达成,服务对象搬迁,\"GL-1=achieved, GL-2=partly_achieved\",2027-01-20,TS,moved_away" "the closure"
check "the case is closed" test "$(q "SELECT status || ' ' || closed_date FROM cases WHERE id = 2")" = "closed 2026-10-20"
check "each goal has its outcome" test "$(q "SELECT group_concat(id || ':' || status, ' ') FROM (SELECT * FROM goals ORDER BY id) AS s")" = "1:achieved 2:partly_achieved 3:achieved 4:in_progress"
check "a follow-up after closure is scheduled" test "$(q "SELECT case_id || ' ' || kind || ' ' || due_date || ' ' || status FROM followups")" = "2 post_closure 2027-01-20 open"
check "the forced closure is audited with its reason" test "$(q "SELECT ids || ' ' || detail FROM audit WHERE action = 'force'")" = 'CX-1 {"case_id":"CA-2","forced_reason":"服务对象搬迁","open_tasks":1,"open_referrals":0,"open_crisis_followups":0}'
check "the plan's next review is cleared" test "$(q "SELECT coalesce(CAST(next_review AS TEXT), '-') FROM plans WHERE case_id = 2")" = -
check "the clearing is audited" test "$(q "SELECT action || ' ' || ids || ' ' || detail FROM audit WHERE entity = 'plan' AND action <> 'digest' AND batch_id = (SELECT max(id) FROM batches)")" = 'update PL-1 {"before":{"next_review":"2026-11-02"},"after":{"next_review":null}}'
check "the closing of the case is audited" test "$(q "SELECT detail FROM audit WHERE action = 'close' AND ids = 'CA-2'")" = '{"before":{"status":"open","closed_date":null},"after":{"status":"closed","closed_date":"2026-10-20"}}'
check "the goals' changes are audited" test "$(q "SELECT group_concat(ids, ' ') FROM (SELECT ids FROM audit WHERE entity = 'goal' AND action <> 'digest' ORDER BY id) AS s")" = "GL-1 GL-2"
check "the closure and the follow-up are audited as inserts" test "$(q "SELECT group_concat(entity || ' ' || ids, '; ') FROM (SELECT * FROM audit WHERE action = 'insert' AND batch_id = (SELECT max(id) FROM batches) ORDER BY id) AS s")" = "closure CX-1; follow-up FU-1"

run sw-plan close --db p.db close1.csv
check_rc 3 "closing a closed case"
check_err_line "sw-plan: close1.csv:2: case_id: already closed" "refused"
printf 'case_id,date\nCA-2,2026-10-21\n' >review5.csv
run sw-plan review --db p.db review5.csv
check_rc 3 "a review of a closed case"
check_err_line "sw-plan: review5.csv:2: case_id: the case is closed (reopen it first)" "refused"

printf '个案编号,结案日期,结案类型,结案原因,结案后跟进\nCA-4,2026-10-21,转介他处,转介完成,2026-12-01\n' >close4.csv
run sw-plan close --db p.db -o csv close4.csv
check_rc 0 "a case without goals or tasks, Chinese headers, follow-up by date"
ts
check_out "$CX
CX-2,CA-4,2026-10-21,转介完成,,,2026-12-01,TS,referred_on" "no outcomes needed, nothing to force"

# ---- reopening -----------------------------------------------------------------------------
before=$(dbdump p.db)
printf 'case_id,date,reason\nCA-1,2026-10-25,x\nCA-2,2026-10-19,x\nCA-2,2026-10-25,\n' >badreopen.csv
run sw-plan reopen --db p.db badreopen.csv
check_rc 3 "bad reopenings"
check_err "sw-plan: badreopen.csv:2: case_id: not closed (only a closed case can be reopened)
sw-plan: badreopen.csv:3: date: before the closure date
sw-plan: badreopen.csv:4: reason: required (why the case reopens)
sw-plan: batch rolled back, nothing stored: 3 read, 0 valid, 0 skipped, 3 rejected" "an open case is refused"
check "nothing stored" test "$before" = "$(dbdump p.db)"

printf 'case_id,date,reason\nCA-2,2026-10-25,再次求助\n' >reopen.csv
run sw-plan reopen --db p.db -o csv reopen.csv
check_rc 0 "reopen a closed case"
check_out "$RO
CA-2,2026-10-25,再次求助,CX-1" "the reopening names the closure it undoes"
check "the case is open again" test "$(q "SELECT status || ' ' || coalesce(CAST(closed_date AS TEXT), '-') FROM cases WHERE id = 2")" = "open -"
check "the closure keeps the reopening" test "$(q "SELECT reopened_date || ' ' || reopen_reason FROM closures WHERE id = 1")" = "2026-10-25 再次求助"
check "the follow-up after closure is done" test "$(q "SELECT status || ' ' || done_date FROM followups WHERE id = 1")" = "done 2026-10-25"
check "the follow-up done is audited as done" test "$(q "SELECT action || ' ' || ids || ' ' || detail FROM audit WHERE entity = 'follow-up' AND action <> 'digest' AND batch_id = (SELECT max(id) FROM batches)")" = 'done FU-1 {"before":{"status":"open","done_date":null},"after":{"status":"done","done_date":"2026-10-25"}}'
check "the plan is next reviewed one cycle (3w) after the reopening" test "$(q "SELECT next_review FROM plans WHERE case_id = 2")" = 2026-11-15
check "the next review is audited" test "$(q "SELECT action || ' ' || ids || ' ' || detail FROM audit WHERE entity = 'plan' AND action <> 'digest' AND batch_id = (SELECT max(id) FROM batches)")" = 'update PL-1 {"before":{"next_review":null},"after":{"next_review":"2026-11-15"}}'
check "the reopening is audited" test "$(q "SELECT detail FROM audit WHERE action = 'reopen'")" = '{"before":{"status":"closed","closed_date":"2026-10-20"},"after":{"status":"open","closed_date":null}}'
cp "$T/out" reopened.csv
run sw-plan reopen --db p.db reopened.csv
check_rc 0 "the printed reopening read back"
check_err_line "sw-plan: reopened.csv:2: skipped: already stored as CX-1" "is skipped"
run sw-plan reopen --db p.db reopen.csv
check_rc 3 "reopening an open case"
check_err_line "sw-plan: reopen.csv:2: case_id: not closed (only a closed case can be reopened)" "refused"

printf 'case_id,date,reason_kind,reason,force\nCA-2,2026-10-24,other,again,x\n' >early.csv
run sw-plan close --db p.db early.csv
check_err_line "sw-plan: early.csv:2: date: before the case was last reopened" "a new closure comes after the reopening"

# ---- dry runs -------------------------------------------------------------------------------
before=$(dbdump p.db)
run sw-plan contacts --db p.db --dry-run -o csv contacts.csv
check_rc 0 "a dry run of contacts"
check "printed without ids" test "$(sed -n 2p "$T/out")" = ",CA-1,2026-10-02,interview,45,李敏,首次面谈,,,,"
run sw-plan sessions --db p.db --dry-run -o csv session.csv
check_out "$GS
,2026-10-09,亲子小组,90,\"李敏, 周强\",第一次,\"CA-1, CA-2, CA-3\",3,,," "a dry run of a session"
run sw-plan review --db p.db --dry-run -o csv review2.csv
check_rc 0 "a dry run of reviews"
printf 'case_id,date,reason_kind,reason,outcomes\nCA-3,2026-10-20,unreachable,done,GL-4=not_achieved\n' >close3.csv
run sw-plan close --db p.db --dry-run -o csv close3.csv
check_out "$CX
,CA-3,2026-10-20,done,,GL-4=not_achieved,,,unreachable" "a dry run of a closure"
run sw-plan reopen --db p.db --dry-run -o csv close4.csv
check_rc 3 "a dry run checks as a real run does"
printf 'case_id,date,reason\nCA-4,2026-10-30,back\nCA-4,2026-10-30,back\n' >reopen4.csv
run sw-plan reopen --db p.db --dry-run -o csv reopen4.csv
check_out "$RO
CA-4,2026-10-30,back,CX-2" "a dry run of a reopening"
check_err_line "sw-plan: reopen4.csv:3: case_id: not closed (only a closed case can be reopened)" "the second sees the first's reopening"
check "no dry run wrote anything" test "$before" = "$(dbdump p.db)"
run sw-plan contacts --db "$(dburi none.db)" --dry-run -o csv contacts.csv
if [ "$CW_BACKEND" = sqlite ]; then
	check_rc 0 "a dry run without a database"
else	# a server's database is there or the server refuses it
	check_rc 4 "a dry run without a database: the server refuses it"
fi
check "no database was created" dbgone none.db
# ---- closing with follow-ups of sw-assess -------------------------------------------
# A critical PHQ-9 for CA-3 (plan PL-2, goal GL-4): a crisis follow-up
# (FU-3, due the next day) and a re-assessment (FU-4). A low one for CA-1:
# a re-assessment alone (FU-5).
printf 'case_id,date,q1,q2,q3,q4,q5,q6,q7,q8,q9\nCA-3,2026-10-28,0,0,0,0,0,0,0,0,3\nCA-1,2026-10-28,0,0,0,0,0,0,0,0,0\n' >phq.csv
sw-assess score phq9 --db p.db phq.csv >/dev/null 2>&1
check "sw-assess scheduled them" test "$(q "SELECT group_concat(id || ':' || case_id || ':' || kind || ':' || status, ' ') FROM (SELECT * FROM followups WHERE id > 2 ORDER BY id) AS s")" = "3:3:crisis:open 4:3:reassessment:open 5:1:reassessment:open"

before=$(dbdump p.db)
printf 'case_id,date,reason_kind,reason,outcomes\nCA-3,2026-10-30,goals_achieved,目标达成,GL-4=achieved\n' >crisis.csv
run sw-plan close --db p.db crisis.csv
check_rc 3 "closing with an open crisis follow-up"
check_err "sw-plan: crisis.csv:2: CA-3 has 1 open crisis follow-up; close them or give force with a reason
sw-plan: batch rolled back, nothing stored: 1 read, 0 valid, 0 skipped, 1 rejected" "refused, as with open tasks"
check "nothing stored" test "$before" = "$(dbdump p.db)"
q "INSERT INTO tasks (goal_id, case_id, description, due_date, status, created_at, batch_id) VALUES (4, 3, 't3', '2026-11-01', 'open', '2026-10-01T00:00:00Z', 1)"
run sw-plan close --db p.db crisis.csv
check_err_line "sw-plan: crisis.csv:2: CA-3 has 1 open task and 1 open crisis follow-up; close them or give force with a reason" "the open tasks and crisis follow-ups together"
run sw-plan close --db p.db --dry-run crisis.csv
check_rc 3 "a dry run refuses it too"

printf 'case_id,date,reason_kind,reason,outcomes,force\nCA-3,2026-10-30,client_withdrew,目标达成,GL-4=achieved,服务对象拒绝继续跟进\n' >crisisforced.csv
run sw-plan close --db p.db -o csv crisisforced.csv
check_rc 0 "forced"
check "the crisis follow-up and the re-assessment are cancelled" test "$(q "SELECT group_concat(id || ':' || status, ' ') FROM (SELECT * FROM followups WHERE case_id = 3 ORDER BY id) AS s")" = "3:cancelled 4:cancelled"
check "the force names the crisis follow-up it overrode" test "$(q "SELECT ids || ' ' || detail FROM audit WHERE action = 'force' AND batch_id = (SELECT max(id) FROM batches)")" = 'CX-3 {"case_id":"CA-3","forced_reason":"服务对象拒绝继续跟进","open_tasks":1,"open_referrals":0,"open_crisis_followups":1}'
check "each cancellation is audited with the closure" test "$(q "SELECT group_concat(ids || ' ' || detail, '; ') FROM (SELECT * FROM audit WHERE action = 'cancel' ORDER BY id) AS s")" = 'FU-3 {"closure_id":"CX-3","before":{"status":"open"},"after":{"status":"cancelled"}}; FU-4 {"closure_id":"CX-3","before":{"status":"open"},"after":{"status":"cancelled"}}'
check "the plan's next review is cleared, audited" test "$(q "SELECT coalesce(CAST(p.next_review AS TEXT), '-') || ' ' || a.detail FROM plans p, audit a WHERE p.case_id = 3 AND a.entity = 'plan' AND a.action <> 'digest' AND a.batch_id = (SELECT max(id) FROM batches)")" = '- {"before":{"next_review":"2026-11-09"},"after":{"next_review":null}}'
check "the audit of the closure, in order" test "$(q "SELECT group_concat(action || ' ' || entity || ' ' || ids, '; ') FROM (SELECT * FROM audit WHERE batch_id = (SELECT max(id) FROM batches) AND action <> 'digest' ORDER BY id) AS s")" = "close case CA-3; update goal GL-4; cancel follow-up FU-3; cancel follow-up FU-4; update plan PL-2; force closure CX-3; insert closure CX-3"
run sw-plan due --db p.db --within 1y -o csv
check "nothing of the closed case is due" test "$(cut -d, -f6 "$T/out" | grep -c '^CA-3$')" = 0

# A re-assessment alone does not hold a closure back; it is cancelled too.
printf 'case_id,date,reason_kind,reason\nCA-1,2026-10-30,goals achieved,服务完成\n' >close1b.csv
run sw-plan close --db p.db close1b.csv
check_rc 0 "a case with an open re-assessment closes"
check "the re-assessment is cancelled" test "$(q "SELECT status FROM followups WHERE id = 5")" = cancelled
printf 'followup_id\nFU-3\n' >fu3.csv
run sw-plan followups --db p.db fu3.csv
check_rc 3 "a cancelled follow-up cannot be marked done"
check_err_line "sw-plan: fu3.csv:2: followup_id: FU-3 is already cancelled" "refused"

printf 'case_id,date,reason\nCA-3,2026-11-01,重新求助\n' >reopen3.csv
run sw-plan reopen --db p.db reopen3.csv
check_rc 0 "the case reopens"
check "its plan is next reviewed one cycle (30d) on" test "$(q "SELECT next_review FROM plans WHERE case_id = 3")" = 2026-12-01
check "its cancelled follow-ups stay cancelled" test "$(q "SELECT group_concat(status, ' ') FROM (SELECT * FROM followups WHERE case_id = 3 ORDER BY id) AS s")" = "cancelled cancelled"

# ---- a case without a plan ------------------------------------------------------------
run sw-plan show CA-4 --db p.db -o csv
check_rc 1 "show: a case without a plan"
check_out "record,id,goal_id,case_id,term,description,need,indicator,baseline,target,deadline_or_due,status,owner" "the empty selection: the header in CSV"
check_err "sw-plan: CA-4 has no plan" "said on stderr"
run sw-plan show CA-4 --db p.db -o json
check_out "[]" "[] in JSON"
run sw-plan show CA-4 --db p.db -o jsonl
check_out "" "nothing in JSON Lines"
run sw-plan revisions CA-4 --db p.db -o csv
check_rc 1 "revisions: a case without a plan"
check_out "revision,plan_id,case_id,created_at,actor,goals,tasks" "the header in CSV"
check_err "sw-plan: CA-4 has no plan" "said on stderr"
run sw-plan revisions CA-4 --db p.db -o json
check_out "[]" "[] in JSON"
run sw-plan revisions CA-4 --db p.db -o table
check_out "" "nothing in the table"

# ---- a database that does not exist -----------------------------------------------------
for v in contacts:contacts.csv sessions:session.csv review:review1.csv close:close1.csv reopen:reopen.csv; do
	run sw-plan "${v%%:*}" --db "$(dburi missing.db)" "${v#*:}"
	check_rc 4 "${v%%:*} without a database"
	check_err_nodb sw-plan missing.db "${v%%:*}: refused"
	check "${v%%:*}: no database created" dbgone missing.db
	run sw-plan "${v%%:*}" --db "$(dburi missing.db)" --dry-run "${v#*:}"
	check "${v%%:*} --dry-run: no database created" dbgone missing.db
done
run sw-plan review --db "$(dburi missing.db)" --dry-run -o csv review1.csv
if [ "$CW_BACKEND" = sqlite ]; then
	check_rc 0 "a dry run without a database checks the form alone"
else	# a server's database is there or the server refuses it
	check_rc 4 "a dry run without a database: the server refuses it"
fi

# Only a case's latest review is current: one entered late, dated before
# it, is kept but never due.
printf 'name\n复查甲\n' >rvc.csv
sw-intake add --db rv.db -o csv rvc.csv >"$T/out" 2>/dev/null
rvcase=$(sed -n 2p "$T/out" | cut -d, -f1)
printf 'case_id,date,next_review\n%s,%s,%s\n' "$rvcase" "$(date -d '-10 day' +%F)" "$(date -d '+5 day' +%F)" >rv1.csv
printf 'case_id,date,next_review\n%s,%s,%s\n' "$rvcase" "$(date -d '-20 day' +%F)" "$(date -d '-1 day' +%F)" >rv2.csv
sw-plan review --db rv.db rv1.csv >/dev/null 2>&1
sw-plan review --db rv.db rv2.csv >/dev/null 2>&1
run sw-plan due --db rv.db --within 7d -o csv
check_rc 0 "the case's review is due"
check "only the latest review's next date, not the late-entered older one" test "$(sed -n '2,$p' "$T/out" | cut -d, -f1,4,5 | tr '\n' ' ')" = "$(date -d '+5 day' +%F),review,$rvcase "
done_testing
