#!/bin/sh
# sw-report ledger (台账): every record of a kind in the period, one row
# each with its case, client and worker; audited as a hand-out unless
# pseudonymised.
. "$CW_TOP/tests/e2e/lib.sh"

# The demo's records, through the commands first in PATH (on either
# backend).
cp "$CW_TOP"/tests/data/demo-*.csv .
sw-intake workers --add 李敏 周强 --db l.db >/dev/null 2>&1
sw-intake add --db l.db --keep-going demo-intake.csv >/dev/null 2>&1
sw-assess score phq9 --db l.db --keep-going demo-phq9.csv >/dev/null 2>&1
sw-plan goals --db l.db --keep-going demo-goals.csv >/dev/null 2>&1
sw-plan contacts --db l.db --keep-going demo-contacts.csv >/dev/null 2>&1
sw-plan sessions --db l.db demo-sessions.csv >/dev/null 2>&1
sw-refer import --db l.db "$CW_TOP/tests/data/directory" >/dev/null 2>&1
printf 'case_id,service_id,reason,urgency\nCA-4,SV-1,申请最低生活保障,urgent\n' >ref.csv
sw-refer add --db l.db ref.csv >/dev/null 2>&1
printf 'referral_id,state,date\nRF-1,sent,2026-11-19\n' >sent.csv
sw-refer status --db l.db sent.csv >/dev/null 2>&1
printf 'case_id,reason_kind,reason,follow_up,date\nCA-2,目标达成,康复期照护已安排妥当,3m,2026-11-28\n' >close.csv
sw-plan close --db l.db close.csv >/dev/null 2>&1
# the last audit entry, as "actor action entity ids detail"
last() { dbq l.db "SELECT actor || ' ' || action || ' ' || entity || ' ' || ids || ' ' || detail FROM audit ORDER BY id DESC LIMIT 1"; }
entries() { dbq l.db "SELECT count(*) FROM audit"; }

run sw-report ledger contacts --db l.db --month 2026-11 -o csv --user 督导王
check_rc 0 "the month's contacts"
check_out 'contact_id,date,case_id,client_id,name,worker,kind,minutes,session_id,note
CT-1,2026-11-04,CA-1,CL-1,陈秀英,李敏,home_visit,60,,评估居家环境，发现浴室无扶手
CT-2,2026-11-12,CA-4,CL-4,刘洋,李敏,interview,45,,了解家庭经济状况
CT-3,2026-11-18,CA-4,CL-4,刘洋,李敏,phone,15,,提醒准备身份证明和收入证明
CT-4,2026-11-20,CA-1,CL-1,陈秀英,李敏,group,90,GS-1,
CT-5,2026-11-20,CA-2,CL-2,王建国,李敏,group,90,GS-1,
CT-6,2026-11-20,CA-5,CL-5,赵桂兰,李敏,group,90,GS-1,' "one row a contact, oldest first, with case, client, name and worker"
check_err '' "nothing on standard error"
sw-report ledger contacts --db l.db --month 2026-11 -o jsonl --pseudonymise >/dev/null 2>&1
run sw-report ledger contacts --db l.db --month 2026-11 -o jsonl
cp "$T/out" contacts.jsonl
check "audited as a hand-out of the cases named, the ledger, the period, the form and the rows' digest" \
	test "$(last)" = "tester hand_out case CA-1..CA-2,CA-4..CA-5 {\"report\":\"ledger\",\"ledger\":\"contacts\",\"period\":\"2026-11-01..2026-11-30\",\"rows\":6,\"cases\":4,\"format\":\"jsonl\",\"sha256\":\"$(sha256sum contacts.jsonl | cut -c1-64)\"}"
check "in a batch of its own" test "$(dbq l.db "SELECT verb FROM batches ORDER BY id DESC LIMIT 1")" = ledger

run sw-report ledger sessions --db l.db --month 2026-11 -o csv
check_rc 0 "group sessions"
check_out 'session_id,date,title,minutes,workers,attendance,note
GS-1,2026-11-20,长者防跌倒健康讲座,90,"李敏, 周强",3,' "one row a session, with its attendance"
run sw-report ledger sessions --db l.db --month 2026-11 -o csv --worker 周强
check_rc 0 "--worker with sessions: those the worker led"
check "one of them" test "$(sed -n '2p' "$T/out" | cut -d, -f1)" = GS-1
run sw-report ledger sessions --db l.db --month 2026-11 -o csv --worker 周
check_rc 1 "a worker's name is matched whole, not in part"
run sw-report ledger assessments --db l.db --month 2026-11 -o csv --worker 李敏
check_rc 0 "assessments of 李敏's cases"
check_out 'assessment_id,date,case_id,client_id,name,worker,instrument,version,total,scaled,band,risk
AS-1,2026-11-03,CA-1,CL-1,陈秀英,李敏,phq9,1,13,,moderate,medium
AS-2,2026-11-04,CA-2,CL-2,王建国,李敏,phq9,1,5,,mild,low
AS-5,2026-11-22,CA-1,CL-1,陈秀英,李敏,phq9,1,5,,mild,low' "--worker: the cases assigned to that worker"
run sw-report ledger contacts --db l.db --month 2026-11 -o csv --worker 周强
check_rc 1 "--worker with contacts: those the worker made (周强 made none)"
check_out 'contact_id,date,case_id,client_id,name,worker,kind,minutes,session_id,note' "the header alone"
run sw-report ledger referral_events --db l.db --month 2026-11 -o csv
check_rc 0 "referral events"
check_out 'referral_id,date,case_id,client_id,name,worker,service_id,provider,from_state,to_state,actor,reason
RF-1,2026-11-19,CA-4,CL-4,刘洋,周强,SV-1,,draft,sent,tester,' "each state a referral moved to, dated"
run sw-report ledger closures --db l.db --month 2026-11 -o csv
check_rc 0 "closures"
check_out 'closure_id,closed_date,case_id,client_id,name,worker,reason_kind,reason,forced_reason,outcomes,reopened_date,reopen_reason
CX-1,2026-11-28,CA-2,CL-2,王建国,李敏,goals_achieved,康复期照护已安排妥当,,,,' "the month's closure, with the kind of its reason"
run sw-report ledger followups --db l.db --since 2026-11-01 --until 2027-03-31 -o csv
check_rc 0 "follow-ups by due date"
check_out 'followup_id,due_date,case_id,client_id,name,worker,kind,instrument,status,done_date,assessment_id,note
FU-3,2026-11-07,CA-3,CL-3,张婷,周强,crisis,phq9,open,,AS-3,
FU-1,2026-12-01,CA-1,CL-1,陈秀英,李敏,reassessment,phq9,done,2026-11-22,AS-1,
FU-2,2026-12-02,CA-2,CL-2,王建国,李敏,reassessment,phq9,cancelled,,AS-2,
FU-4,2026-12-04,CA-3,CL-3,张婷,周强,reassessment,phq9,open,,AS-3,
FU-5,2026-12-08,CA-4,CL-4,刘洋,周强,reassessment,phq9,open,,AS-4,
FU-6,2026-12-20,CA-1,CL-1,陈秀英,李敏,reassessment,phq9,open,,AS-5,
FU-7,2027-02-28,CA-2,CL-2,王建国,李敏,post_closure,,open,,,' "with a period of one's own"

# Nothing in the period: the header, exit 1, nothing handed out.
before=$(entries)
run sw-report ledger closures --db l.db --month 2026-10 -o csv
check_rc 1 "no closure in October: exit 1"
check_out 'closure_id,closed_date,case_id,client_id,name,worker,reason_kind,reason,forced_reason,outcomes,reopened_date,reopen_reason' "the header alone"
check "an empty ledger hands nothing out" test "$(entries)" = "$before"

# Pseudonymised: pseudonyms for the ids, no names, no free text, no audit.
printf 'casework pseudonym test key 0001' >key
chmod 600 key
printf 'pseudonym_key_file = %s\n' "$T/key" >p.conf
before=$(entries)
CASEWORK_CONFIG="$T/p.conf" run sw-report ledger contacts --db l.db --month 2026-11 -o csv --pseudonymise
check_rc 0 "pseudonymised"
CASEWORK_CONFIG="$T/p.conf" sw-intake list --db l.db --pseudonymise -o csv >plist.csv 2>/dev/null
check "case ids as sw-intake list --pseudonymise gives them" test "$(sed -n '2p' "$T/out" | cut -d, -f3)" = "$(sed -n '2p' plist.csv | cut -d, -f1)"
check "no name, no note" test "$(sed -n '2p' "$T/out" | cut -d, -f5,10)" = ","
check "client ids as pseudonyms too" grep -q '^CT-1,2026-11-04,PC-[0-9a-f]*,PS-[0-9a-f]*,,李敏,home_visit,60,,$' "$T/out"
check "nothing audited" test "$(entries)" = "$before"
CASEWORK_CONFIG="$T/p.conf" run sw-report ledger sessions --db l.db --month 2026-11 -o csv --pseudonymise
check "a session's title, free text, left out too" test "$(sed -n '2p' "$T/out")" = 'GS-1,2026-11-20,,90,"李敏, 周强",3,'
CASEWORK_CONFIG="$T/p.conf" run sw-report ledger referral_events --db l.db --month 2026-11 -o csv --pseudonymise
check "a referral's typed provider and reason left out" grep -q '^RF-1,2026-11-19,PC-[0-9a-f]*,PS-[0-9a-f]*,,周强,SV-1,,draft,sent,tester,$' "$T/out"

# People's formats: labels, the title and period above a workbook's table.
LC_ALL=zh_CN.UTF-8 run sw-report ledger contacts --db l.db --month 2026-11 -o table
check_rc 0 "the table in Chinese"
check "Chinese labels" grep -q '^服务记录  日期 ' "$T/out"

run sw-report ledger assessments --db l.db --month 2026-11 -o xlsx
check_rc 0 "a workbook"
check "a zip archive" test "$(head -c 2 "$T/out")" = PK

# What a ledger does not take.
run sw-report ledger contacts --db l.db --by worker
check_rc 2 "--by"
run sw-report ledger contacts --db l.db --suppress 3
check_rc 2 "--suppress"
run sw-report ledger contacts --db l.db --public
check_rc 2 "--public"
run sw-report ledger visits --db l.db
check_rc 2 "an unknown ledger"
check_err "sw-report: unknown ledger 'visits' (use contacts, sessions, assessments, referral_events, closures or followups)
Try 'sw-report --help' for more information." "names the ledgers"

done_testing
