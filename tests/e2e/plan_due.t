#!/bin/sh
# sw-plan due: what is due or overdue, its window, filters and formats,
# and the iCalendar file.
. "$CW_TOP/tests/e2e/lib.sh"

# Today follows TZ, as for the commands: every date is relative to it.
today=$(date +%F)
d() { date -d "$today $1 days" +%F; }     # d N: today + N days
ics_d() { date -d "$today $1 days" +%Y%m%d; }
q() { dbq "$DB" "$1"; }
HDR=due_date,state,days,kind,item_id,case_id,worker,what
TS=2026-01-01T00:00:00Z  # created_at, a time on both backends
# An .ics file as text: CRLF to LF, DTSTAMP masked.
ics_text() { sed -e 's/\r$//' -e 's/^DTSTAMP:[0-9]\{8\}T[0-9]\{6\}Z$/DTSTAMP:X/' "$1"; }
# today + N months as casework adds them: the month's last day when short.
add_months() {
	y=${today%%-*}; m=${today#*-}; m=${m%%-*}; m=${m#0}; dd=${today##*-}; dd=${dd#0}
	m=$((m + $1)); y=$((y + (m - 1) / 12)); m=$(((m - 1) % 12 + 1))
	last=$(date -d "$(printf '%04d-%02d-01' "$y" "$m") +1 month -1 day" +%d)
	[ "$dd" -gt "${last#0}" ] && dd=${last#0}
	printf '%04d-%02d-%02d\n' "$y" "$m" "$dd"
}

# ---- a caseload ------------------------------------------------------------
DB=d.db
cat >cases.csv <<'CSV'
name,worker
甲,李敏
乙,王强
丙,李敏
丁,王强
戊,李敏
己,
庚,
辛,
壬,
癸,李敏
子,王强
CSV
sw-intake add --db d.db cases.csv >/dev/null 2>&1
check "eleven cases" test "$(q "SELECT count(*) FROM cases")" -eq 11

# Follow-ups from sw-assess: a critical PHQ-9 yesterday for CA-2 and CA-4
# (crisis due today, re-assessment in 4 weeks); CA-5 assessed twice, so
# its first re-assessment is done.
cat >phq.csv <<CSV
case_id,date,q1,q2,q3,q4,q5,q6,q7,q8,q9
CA-2,$(d -1),0,0,0,0,0,0,0,0,3
CA-4,$(d -1),0,0,0,0,0,0,0,0,3
CA-5,$(d -2),0,0,0,0,0,0,0,0,0
CSV
printf 'case_id,date,q1,q2,q3,q4,q5,q6,q7,q8,q9\nCA-5,%s,0,0,0,0,0,0,0,0,0\n' "$(d -1)" >phq2.csv
sw-assess score phq9 --db d.db phq.csv >/dev/null 2>&1
sw-assess score phq9 --db d.db phq2.csv >/dev/null 2>&1
check "sw-assess scheduled the follow-ups" test "$(q "SELECT group_concat(id || ':' || case_id || ':' || kind || ':' || status, ' ') FROM (SELECT * FROM followups ORDER BY id) AS s")" = \
	"1:2:crisis:open 2:2:reassessment:open 3:4:crisis:open 4:4:reassessment:open 5:5:reassessment:done 6:5:reassessment:open"

# Plans, reviews, goals, tasks and follow-ups after closure, as the other
# sw-plan verbs store them (sw-plan review marks a case's latest review
# current); CA-4 is closed.
q "UPDATE cases SET status = 'closed', closed_date = '$today' WHERE id = 4;
INSERT INTO plans (case_id, revision, review_cycle, next_review, created_at) VALUES
 (1, 1, '30d', '$(d 7)', '$TS'), (4, 1, '30d', '$today', '$TS'),
 (5, 1, '30d', '$(d 8)', '$TS'), (10, 1, '30d', NULL, '$TS');
INSERT INTO reviews (case_id, date, next_review, created_at, batch_id, current) VALUES
 (3, '$(d -40)', '$(d -10)', '$TS', 1, 0), (3, '$(d -10)', '$(d 6)', '$TS', 1, 1),
 (1, '$(d -20)', '$(d -1)', '$TS', 1, 1), (11, '$(d -35)', '$(d -5)', '$TS', 1, 1);
INSERT INTO goals (plan_id, case_id, term, description, indicator, target, deadline, status, created_at, batch_id) VALUES
 (1, 1, 'short', '按时上学, 每周5天', 'x', '5', '$(d -3)', 'in_progress', '$TS', 1),
 (1, 1, 'short', '改善睡眠', 'x', '5', '$(d 7)', 'not_started', '$TS', 1),
 (1, 1, 'short', '重建社交网络', 'x', '4', '$(d 8)', 'not_started', '$TS', 1),
 (1, 1, 'short', 'achieved', 'x', '1', '$today', 'achieved', '$TS', 1),
 (1, 1, 'short', 'partly', 'x', '1', '$today', 'partly_achieved', '$TS', 1),
 (1, 1, 'short', 'not', 'x', '1', '$today', 'not_achieved', '$TS', 1),
 (2, 4, 'short', 'closed case', 'x', '1', '$today', 'in_progress', '$TS', 1);
INSERT INTO tasks (goal_id, case_id, description, owner, due_date, status, created_at, batch_id) VALUES
 (1, 1, '联系学校老师', '李敏', '$(d -1)', 'open', '$TS', 1),
 (1, 1, 'home visit', '李敏', '$today', 'open', '$TS', 1),
 (1, 10, 'call the school', NULL, '$(d 6)', 'open', '$TS', 1),
 (1, 2, 'apply for 低保', NULL, '$(d 6)', 'open', '$TS', 1),
 (1, 1, 'later', NULL, '$(d 8)', 'open', '$TS', 1),
 (1, 1, 'done', NULL, '$today', 'done', '$TS', 1),
 (1, 1, 'cancelled', NULL, '$today', 'cancelled', '$TS', 1),
 (7, 4, 'closed case', NULL, '$today', 'open', '$TS', 1);
INSERT INTO followups (case_id, kind, due_date, status, created_at, batch_id) VALUES
 (4, 'post_closure', '$(d 2)', 'open', '$TS', 1),
 (5, 'post_closure', '$today', 'open', '$TS', 1),
 (4, 'post_closure', '$today', 'done', '$TS', 1);"

# ---- the window ------------------------------------------------------------
run sw-plan due --db d.db -o csv
check_rc 0 "due today"
check_out "$HDR
$(d -5),overdue,-5,review,CA-11,CA-11,王强,plan review
$(d -3),overdue,-3,goal,GL-1,CA-1,李敏,\"按时上学, 每周5天\"
$(d -1),overdue,-1,task,TK-1,CA-1,李敏,联系学校老师
$today,due,0,crisis,FU-1,CA-2,王强,crisis follow-up (phq9)
$today,due,0,task,TK-2,CA-1,李敏,home visit" "by default today and everything overdue"
check_err "" "nothing on stderr"

run sw-plan due --db d.db --within 7d -o csv
check_rc 0 "due within 7 days"
check_out "$HDR
$(d -5),overdue,-5,review,CA-11,CA-11,王强,plan review
$(d -3),overdue,-3,goal,GL-1,CA-1,李敏,\"按时上学, 每周5天\"
$(d -1),overdue,-1,task,TK-1,CA-1,李敏,联系学校老师
$today,due,0,crisis,FU-1,CA-2,王强,crisis follow-up (phq9)
$today,due,0,task,TK-2,CA-1,李敏,home visit
$(d 2),due,2,post_closure,FU-7,CA-4,王强,post-closure follow-up
$(d 6),due,6,review,CA-3,CA-3,李敏,plan review
$(d 6),due,6,task,TK-4,CA-2,王强,apply for 低保
$(d 6),due,6,task,TK-3,CA-10,李敏,call the school
$(d 7),due,7,goal,GL-2,CA-1,李敏,改善睡眠
$(d 7),due,7,review,PL-1,CA-1,李敏,plan review" "today through the seventh day after, by date, kind and case number"
check "the eighth day is left out" test -z "$(grep -e ",$(d 8)," -e "^$(d 8)," "$T/out")"
check "a plan's review comes from the plan, not the case's reviews" test -z "$(grep "^$(d -1),.*,review," "$T/out")"
check "a case without a plan: its latest review only" test -z "$(grep "^$(d -10)," "$T/out")"

run sw-plan due --db d.db --within 1w -o csv
cp "$T/out" week.csv
run sw-plan due --db d.db --within 7d -o csv
check "1w is 7d" cmp -s week.csv "$T/out"
run sw-plan due --db d.db --within 0d -o csv
cp "$T/out" zero.csv
run sw-plan due --db d.db -o csv
check "0d is the default" cmp -s zero.csv "$T/out"

run sw-plan due --db d.db --within 8d -o csv
check "the eighth day with --within 8d" test "$(grep -c "^$(d 8)," "$T/out")" -eq 3
run sw-plan due --db d.db --within 4w -o csv
check_rc 0 "four weeks"
check "re-assessments of open cases only, after 27 days" test "$(grep ',reassessment,' "$T/out" | tr '\n' ' ')" = \
	"$(d 27),due,27,reassessment,FU-2,CA-2,王强,re-assessment: phq9 $(d 27),due,27,reassessment,FU-6,CA-5,李敏,re-assessment: phq9 "
check "closed cases: only their post-closure follow-ups" test "$(grep -c ',CA-4,' "$T/out")" -eq 1
check "open cases: no post-closure follow-up" test -z "$(grep ',post_closure,.*,CA-5,' "$T/out")"
check "achieved, partly or not achieved goals, done or cancelled tasks, done follow-ups: none" \
	test -z "$(grep -e ',achieved$' -e ',partly$' -e ',not$' -e ',done$' -e ',cancelled$' -e ',FU-5,' -e ',FU-9,' "$T/out")"
check "a plan without a next review date is never due" test -z "$(grep ',CA-10,.*plan review' "$T/out")"

# ---- filters and formats ---------------------------------------------------
run sw-plan due --db d.db --within 7d --worker 王强 -o csv
check_rc 0 "--worker"
check_out "$HDR
$(d -5),overdue,-5,review,CA-11,CA-11,王强,plan review
$today,due,0,crisis,FU-1,CA-2,王强,crisis follow-up (phq9)
$(d 2),due,2,post_closure,FU-7,CA-4,王强,post-closure follow-up
$(d 6),due,6,task,TK-4,CA-2,王强,apply for 低保" "only the cases assigned to the worker"

run sw-plan due --db d.db --within 7d --worker 王强 -o table
check_rc 0 "a table for the cron mail"
check_out "due_date    state    days  kind          item_id  case_id  worker  what
$(d -5)  overdue    -5  review        CA-11    CA-11    王强    plan review
$today  due         0  crisis        FU-1     CA-2     王强    crisis follow-up (phq9)
$(d 2)  due         2  post_closure  FU-7     CA-4     王强    post-closure follow-up
$(d 6)  due         6  task          TK-4     CA-2     王强    apply for 低保" "aligned columns, days right-aligned"

run sw-plan due --db d.db --worker 王强 -o json
check_out "[
{\"due_date\":\"$(d -5)\",\"state\":\"overdue\",\"days\":-5,\"kind\":\"review\",\"item_id\":\"CA-11\",\"case_id\":\"CA-11\",\"worker\":\"王强\",\"what\":\"plan review\"},
{\"due_date\":\"$today\",\"state\":\"due\",\"days\":0,\"kind\":\"crisis\",\"item_id\":\"FU-1\",\"case_id\":\"CA-2\",\"worker\":\"王强\",\"what\":\"crisis follow-up (phq9)\"}
]" "JSON: days is a number"

run sw-plan due --db d.db --worker 无此人
check_rc 1 "nothing due"
check_out "" "nothing printed, so cron sends no mail"
check_err "" "and nothing on stderr"
run sw-plan due --db d.db --worker 无此人 -o table
check_rc 1 "nothing due, as a table"
check_out "" "an empty table prints nothing"
run sw-plan due --db d.db --worker 无此人 -o csv
check_rc 1 "nothing due, as CSV"
check_out "$HDR" "CSV: the header alone"
run sw-plan due --db d.db --worker 无此人 -o json
check_out "[]" "JSON: an empty array"

before=$(dbdump d.db)
run sw-plan due --db d.db --within 1y
check "due never writes to the database" test "$before" = "$(dbdump d.db)"
run sw-plan due --db "$(dburi none.db)" --ics none.ics
check_rc 4 "a database that does not exist"
check "no database created" dbgone none.db
check "no calendar written without a database" test ! -e none.ics
run sw-plan due --db d.db --within soon
check_rc 2 "a bad duration"
run sw-plan due --db d.db --status open
check_rc 2 "--status does not apply"

# ---- the edges of months and years (as casework adds them) -----------------
DB=m.db
printf 'name,worker\n甲,李敏\n' >one.csv
sw-intake add --db m.db one.csv >/dev/null 2>&1
m1=$(add_months 1)
y1=$(add_months 12)
m1n=$(date -d "$m1 1 day" +%F)
y1n=$(date -d "$y1 1 day" +%F)
q "INSERT INTO plans (case_id, revision, review_cycle, next_review, created_at) VALUES (1, 1, '30d', NULL, '$TS');
INSERT INTO goals (plan_id, case_id, term, description, indicator, target, deadline, status, created_at, batch_id) VALUES (1, 1, 'short', 'g', 'x', '1', '$today', 'not_started', '$TS', 1);
INSERT INTO tasks (goal_id, case_id, description, due_date, status, created_at, batch_id) VALUES
 (1, 1, 'month end', '$m1', 'open', '$TS', 1), (1, 1, 'after month end', '$m1n', 'open', '$TS', 1),
 (1, 1, 'year end', '$y1', 'open', '$TS', 1), (1, 1, 'after year end', '$y1n', 'open', '$TS', 1);"
run sw-plan due --db m.db --within 1m -o csv
check "--within 1m ends on $m1, inclusive" test "$(cut -d, -f1,5 "$T/out" | tr '\n' ' ')" = "due_date,item_id $today,GL-1 $m1,TK-1 "
run sw-plan due --db m.db --within 12m -o csv
check "--within 12m ends on $y1, inclusive" test "$(cut -d, -f1,5 "$T/out" | tr '\n' ' ')" = "due_date,item_id $today,GL-1 $m1,TK-1 $m1n,TK-2 $y1,TK-3 "
run sw-plan due --db m.db --within 1y -o csv
check "--within 1y is 12m" test "$(cut -d, -f5 "$T/out" | tr '\n' ' ')" = "item_id GL-1 TK-1 TK-2 TK-3 "
check "days counts across the year end" test "$(grep ',TK-3,' "$T/out" | cut -d, -f3)" -eq \
	$(( ($(date -d "$y1" +%s) - $(date -d "$today" +%s) + 43200) / 86400 ))

# ---- the iCalendar file ----------------------------------------------------
DB=e.db
printf 'name,worker\n甲,李敏\n乙,王强\n' >two.csv
sw-intake add --db e.db two.csv >/dev/null 2>&1
long=这是一段很长的中文任务描述用来检验折行时不会把一个汉字拆成两半而且每行不超过七十五个八位组
q "INSERT INTO plans (case_id, revision, review_cycle, next_review, created_at) VALUES (1, 1, '30d', NULL, '$TS');
INSERT INTO goals (plan_id, case_id, term, description, indicator, target, deadline, status, created_at, batch_id) VALUES (1, 1, 'short', 'g', 'x', '1', '$(d 30)', 'not_started', '$TS', 1);
INSERT INTO tasks (goal_id, case_id, description, due_date, status, created_at, batch_id) VALUES
 (1, 1, 'call school, re: 3;4 \\ ok
then visit', '$(d 2)', 'open', '$TS', 1),
 (1, 2, '$long', '$today', 'open', '$TS', 1);"

run sw-plan due --db e.db --within 7d --worker 李敏 --ics cal.ics -o csv
check_rc 0 "--ics"
check_out "$HDR
$(d 2),due,2,task,TK-1,CA-1,李敏,\"call school, re: 3;4 \\ ok
then visit\"" "the items are printed as well"
check "the calendar is owner-only" test "$(stat -c %a cal.ics)" = 600
check "every line ends in CRLF" awk '!/\r$/ { bad = 1 } END { exit bad }' cal.ics
ics_text cal.ics >cal.txt
printf '%s\n' BEGIN:VCALENDAR VERSION:2.0 'PRODID:-//casework//sw-plan//EN' CALSCALE:GREGORIAN \
	BEGIN:VEVENT "UID:TK-1-task-$(d 2)@casework" DTSTAMP:X "DTSTART;VALUE=DATE:$(ics_d 2)" \
	"DTEND;VALUE=DATE:$(ics_d 3)" 'SUMMARY:task CA-1: call school\, re: 3\;4 \\ ok\nthen visit' \
	CATEGORIES:task TRANSP:TRANSPARENT END:VEVENT END:VCALENDAR >want.txt
check_file want.txt cal.txt "the calendar, exactly (text escaped, an all-day event)"
check "DTSTAMP is a UTC date-time" grep -q '^DTSTAMP:[0-9]\{8\}T[0-9]\{6\}Z.$' cal.ics

cp cal.ics first.ics
run sw-plan due --db e.db --within 7d --worker 李敏 --ics cal.ics -o csv
ics_text first.ics >first.txt
ics_text cal.ics >cal.txt
check_file first.txt cal.txt "the same items give the same calendar, UIDs and all"

run sw-plan due --db e.db --worker 王强 --ics long.ics -o csv
check_rc 0 "a long Chinese summary"
check "no line is longer than 75 octets" env LC_ALL=C awk '{ sub(/\r$/, ""); if (length($0) > 75) bad = 1 } END { exit bad }' long.ics
check "the summary is folded onto continuation lines" test "$(grep -c '^ ' long.ics)" -ge 2
bad_utf8=0
while IFS= read -r line; do
	printf '%s' "$line" | iconv -f UTF-8 -t UTF-8 >/dev/null 2>&1 || bad_utf8=1
done <long.ics
check "no UTF-8 character is split between lines" test "$bad_utf8" -eq 0
check "unfolded, the summary is whole" test "$(perl -0pe 's/\r\n //g' long.ics | sed -n 's/\r$//; /^SUMMARY:/p')" = "SUMMARY:task CA-2: $long"
check "the first line is cut before a character that would pass 75 octets" test "$(sed -n '/^SUMMARY:/{s/\r$//;p}' long.ics | LC_ALL=C awk '{ print length($0) }')" -eq 73

run sw-plan due --db e.db --worker 无此人 --ics empty.ics
check_rc 1 "nothing due, with --ics"
check_out "" "nothing printed"
ics_text empty.ics >empty.txt
printf '%s\n' BEGIN:VCALENDAR VERSION:2.0 'PRODID:-//casework//sw-plan//EN' CALSCALE:GREGORIAN END:VCALENDAR >want.txt
check_file want.txt empty.txt "the calendar is still written, empty: yesterday's reminders go"

printf 'old\n' >open.ics
chmod 644 open.ics
run sw-plan due --db e.db --worker 李敏 --within 7d --ics open.ics
check_rc 0 "over an existing calendar"
check "it is replaced, owner-only" test "$(stat -c %a open.ics)" = 600 -a "$(head -c 15 open.ics)" = BEGIN:VCALENDAR
mkdir pub
printf 'old\n' >pub/real.ics
ln -s pub/real.ics link.ics
run sw-plan due --db e.db --worker 李敏 --within 7d --ics link.ics
check_rc 0 "through a symbolic link"
check "the link stays, the file it names is replaced" test -L link.ics -a "$(head -c 15 pub/real.ics)" = BEGIN:VCALENDAR

run sw-plan due --db e.db --within 7d --ics nodir/cal.ics
check_rc 5 "a calendar in a folder that does not exist"
check_err "sw-plan: cannot write calendar 'nodir/cal.ics': No such file or directory" "the reason"
check_out "" "nothing printed before the calendar fails"
run sw-plan due --db e.db --within 7d --ics pub
check_rc 5 "a calendar path that is a folder"
check_err "sw-plan: cannot write calendar 'pub': Is a directory" "the reason"
if [ "$(id -u)" -ne 0 ]; then
	mkdir ro && chmod 555 ro
	run sw-plan due --db e.db --within 7d --ics ro/cal.ics
	check_rc 5 "a folder that cannot be written"
	check_err "sw-plan: cannot write calendar 'ro/cal.ics': Permission denied" "the reason"
	chmod 755 ro
else
	skip "a folder that cannot be written (running as root)"
	skip "the reason"
fi
leftover=$(find . -name '*.ics.??????')
check "no temporary file left behind" test -z "$leftover"
done_testing
