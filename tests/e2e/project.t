#!/bin/sh
# project.t - sw-project: projects and their targets (add, targets, list,
# show), the project of cases, contacts, group sessions and referrals,
# default_project, what is refused, the audit entries, and copy and
# verify with projects in the database.
. "$CW_TOP/tests/e2e/lib.sh"
q() { dbq p.db "$1"; }
ts() { sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z/TS/g' "$T/out" >"$T/out.ts" && mv "$T/out.ts" "$T/out"; }

PH=project_id,code,name,funder,start,end,target_population,workers,created_at
TH=project,indicator,target,period,created_at

# ---- add ------------------------------------------------------------------------------
sw-intake workers --add 李敏 周强 --db p.db >/dev/null 2>&1
cat >projects.csv <<'EOF'
项目编号,项目名称,购买方,开始日期,结束日期,目标人数,项目社工
SQ2026-01,长者关爱服务项目,浦东新区民政局,2026-01-01,2026-12-31,120,李敏、周强
YF.2026,青少年成长项目,某公益基金会,2026/3/1,2026-08-31,40,
EOF
run sw-project add --db p.db -o csv projects.csv
check_rc 0 "two projects, Chinese headers"
ts
check_out "$PH
PJ-1,SQ2026-01,长者关爱服务项目,浦东新区民政局,2026-01-01,2026-12-31,120,\"李敏, 周强\",TS
PJ-2,YF.2026,青少年成长项目,某公益基金会,2026-03-01,2026-08-31,40,,TS" "printed with their ids, dates made canonical, workers as a list"
check_err "sw-project: batch BT-2: 2 read, 2 stored, 0 skipped, 0 rejected" "the totals"
check "audited as one insert" test "$(q "SELECT action || ' ' || entity || ' ' || ids || ' ' || substr(detail, 1, 12) FROM audit WHERE batch_id = 2")" = 'insert project PJ-1..PJ-2 {"records":2'

# What is refused, each with its reason; nothing stored.
before=$(dbdump p.db)
cat >bad.csv <<'EOF'
code,name,funder,start,end,target_population,workers
SQ2026-01,again,x,2026-01-01,2026-12-31,10,
NEW-1,a,x,2026-01-01,2026-12-31,10,
NEW-1,the same code twice,x,2026-01-01,2026-12-31,10,
项目一,a,x,2026-01-01,2026-12-31,10,
-dash,a,x,2026-01-01,2026-12-31,10,
NEW-2,,x,2026-01-01,2026-12-31,10,
NEW-3,a,,2026-01-01,2026-12-31,10,
NEW-4,a,x,2026-12-31,2026-01-01,10,
NEW-5,a,x,2026-01-01,2026-13-01,10,
NEW-6,a,x,2026-01-01,2026-12-31,0,
NEW-7,a,x,2026-01-01,2026-12-31,,
NEW-8,a,x,2026-01-01,2026-12-31,10,王五
NEW-9,a,x,2026-01-01,2026-12-31,10,"李敏,李敏"
PJ-3,an id's form,x,2026-01-01,2026-12-31,10,
ct-12,an id's form,x,2026-01-01,2026-12-31,10,
NEW-10,a,x,2026-01-01,2026-12-31,1000000001,
NEW-11,a,x,2026-01-01,2026-12-31,ten,
EOF
run sw-project add --db p.db bad.csv
check_rc 3 "bad projects"
check_out "" "nothing printed"
check_err "sw-project: bad.csv:2: code: SQ2026-01 is the code of another project already
sw-project: bad.csv:4: code: NEW-1 is the code of another project already
sw-project: bad.csv:5: code: not a project's code (letters, digits, - _ . up to 24, a letter or digit first, not of an id's form such as PJ-1)
sw-project: bad.csv:6: code: not a project's code (letters, digits, - _ . up to 24, a letter or digit first, not of an id's form such as PJ-1)
sw-project: bad.csv:7: name: required (the project's name)
sw-project: bad.csv:8: funder: required (who buys the service: a government body or a foundation)
sw-project: bad.csv:9: end: before the start
sw-project: bad.csv:10: end: not a valid date (no such day)
sw-project: bad.csv:11: target_population: must be 1 or more (the number of people the project is to serve)
sw-project: bad.csv:12: target_population: required (the number of people the project is to serve, 1 or more)
sw-project: bad.csv:13: workers: worker 1 is not on the worker roster (see sw-intake workers)
sw-project: bad.csv:14: workers: worker 2 is listed twice (also worker 1)
sw-project: bad.csv:15: code: not a project's code (letters, digits, - _ . up to 24, a letter or digit first, not of an id's form such as PJ-1)
sw-project: bad.csv:16: code: not a project's code (letters, digits, - _ . up to 24, a letter or digit first, not of an id's form such as PJ-1)
sw-project: bad.csv:17: target_population: too large (the number of people the project is to serve, at most 1000000000)
sw-project: bad.csv:18: target_population: not a whole number (the number of people the project is to serve, 1 or more)
sw-project: batch rolled back, nothing stored: 17 read, 1 valid, 0 skipped, 16 rejected" "each refused with its reason"
check "nothing stored" test "$before" = "$(dbdump p.db)"

# Round trip: the list read back is skipped, never a change.
run sw-project list --db p.db -o csv
check_rc 0 "list"
cp "$T/out" list.csv
run sw-project add --db p.db list.csv
check_rc 0 "the list read back"
sed -i -E 's/batch BT-[0-9]+/batch BT-n/' "$T/err"
check_err "sw-project: list.csv:2: skipped: project SQ2026-01 is stored already (add never changes a project)
sw-project: list.csv:3: skipped: project YF.2026 is stored already (add never changes a project)
sw-project: batch BT-n: 2 read, 0 stored, 2 skipped, 0 rejected" "each skipped"
printf 'project_id,code,name,funder,start,end,target_population\nPJ-1,OTHER,a,x,2026-01-01,2026-12-31,5\nPJ-9,SQ2026-01,a,x,2026-01-01,2026-12-31,5\n' >ro.csv
run sw-project add --db p.db ro.csv
check_rc 3 "an id with another code, an id of none"
check_err "sw-project: ro.csv:2: code: differs from the stored project PJ-1 (add never changes a project)
sw-project: ro.csv:3: project_id: no such project
sw-project: batch rolled back, nothing stored: 2 read, 0 valid, 0 skipped, 2 rejected" "refused"
# The list read back with a change: refused naming the field, never a skip.
# Each line changes one field of the list's; the last repeats it in other
# spellings (a date with slashes, the workers with 、), so it is skipped.
before=$(dbdump p.db)
{
	head -n 1 list.csv
	sed -n 2p list.csv | sed 's/,长者关爱服务项目,/,长者关爱项目,/'
	sed -n 2p list.csv | sed 's/,2026-12-31,120,/,2027-06-30,120,/'
	sed -n 2p list.csv | sed 's/,2026-12-31,120,/,2026-12-31,150,/'
	sed -n 2p list.csv | sed 's/"李敏, 周强"/李敏/'
	sed -n 2p list.csv | sed 's/,浦东新区民政局,/,静安区民政局,/'
	sed -n 3p list.csv | sed -E 's/,[0-9T:-]+Z$/,2020-01-01T00:00:00Z/'
	sed -n 3p list.csv | sed 's/,40,,/,40,李敏,/'
	sed -n 2p list.csv | sed 's/,2026-01-01,/,2026\/1\/1,/; s/"李敏, 周强"/李敏、周强/'
} >changed.csv
run sw-project add --db p.db changed.csv
check_rc 3 "a project read back with changes"
check_err "sw-project: changed.csv:2: name: differs from the stored project PJ-1 (add never changes a project)
sw-project: changed.csv:3: end: differs from the stored project PJ-1 (add never changes a project)
sw-project: changed.csv:4: target_population: differs from the stored project PJ-1 (add never changes a project)
sw-project: changed.csv:5: workers: differs from the stored project PJ-1 (add never changes a project)
sw-project: changed.csv:6: funder: differs from the stored project PJ-1 (add never changes a project)
sw-project: changed.csv:7: created_at: differs from the stored project PJ-2 (add never changes a project)
sw-project: changed.csv:8: workers: differs from the stored project PJ-2 (add never changes a project)
sw-project: changed.csv:9: skipped: project SQ2026-01 is stored already (add never changes a project)
sw-project: batch rolled back, nothing stored: 8 read, 0 valid, 1 skipped, 7 rejected" "each refused naming the field that differs; the same in other spellings skipped"
check "nothing stored" test "$before" = "$(dbdump p.db)"

# A dry run checks against the database and stores nothing.
printf 'code,name,funder,start,end,target_population\nDRY-1,a,x,2026-01-01,2026-12-31,5\nDRY-1,b,x,2026-01-01,2026-12-31,5\n' >dry.csv
before=$(dbdump p.db)
run sw-project add --db p.db --dry-run -o csv dry.csv
check_rc 3 "a dry run"
check_out "$PH
,DRY-1,a,x,2026-01-01,2026-12-31,5,," "printed without an id"
check_err_line "sw-project: dry.csv:3: code: DRY-1 is the code of another project already" "the batch's own codes are checked too"
check "a dry run stores nothing" test "$before" = "$(dbdump p.db)"

# ---- targets ---------------------------------------------------------------------------
cat >targets.csv <<'EOF'
项目编号,指标,目标值,周期
SQ2026-01,个案服务人次,360,
SQ2026-01,case_contacts,30,2026-01
SQ2026-01,case_contacts,30,2026-02
SQ2026-01,服务覆盖率,80%,
SQ2026-01,satisfaction,4.50,
SQ2026-01,volunteer_hours,12.5,2026q1
SQ2026-01,Group_Sessions,4,2026Q1
YF.2026,case_clients,40,
EOF
run sw-project targets --db p.db -o csv targets.csv
check_rc 0 "targets, Chinese headers and names"
cp "$T/out" targets-out.csv
ts
check_out "$TH
SQ2026-01,case_contacts,360,,TS
SQ2026-01,case_contacts,30,2026-01,TS
SQ2026-01,case_contacts,30,2026-02,TS
SQ2026-01,coverage,80,,TS
SQ2026-01,satisfaction,4.5,,TS
SQ2026-01,volunteer_hours,12.5,2026Q1,TS
SQ2026-01,group_sessions,4,2026Q1,TS
YF.2026,case_clients,40,,TS" "keys and figures made canonical"
check "each target audited on its project" test "$(q "SELECT count(*) || ' ' || min(action) || ' ' || min(entity) || ' ' || min(ids) FROM audit WHERE batch_id = (SELECT max(id) FROM batches) AND ids = 'PJ-1'")" = "7 target project PJ-1"
check "the detail is the target record" test "$(q "SELECT detail FROM audit WHERE action = 'target' ORDER BY id LIMIT 1" | sed -E 's/[0-9T:-]{19}Z/TS/')" = '{"project":"SQ2026-01","indicator":"case_contacts","target":360,"period":null,"created_at":"TS"}'

before=$(dbdump p.db)
cat >tbad.csv <<'EOF'
project,indicator,target,period
SQ2026-01,case_contacts,400,
SQ2026-01,case_contacts,30,2026-01
SQ2026-01,case_contacts,90,2026Q2
SQ2026-01,participants,10,
SQ2026-01,,10,
NOPE,case_contacts,10,
SQ2026-01,case_clients,1.5,
SQ2026-01,coverage,101%,
SQ2026-01,coverage,-5,
SQ2026-01,timeliness,90,2026-13
SQ2026-01,timeliness,90,2026Q5
SQ2026-01,timeliness,90,March
SQ2026-01,timeliness,90,2025-12
YF.2026,case_clients,10,2026Q4
SQ2026-01,activities,,
SQ2026-01,activities,2,2026-05
SQ2026-01,activities,3,2026-05
SQ2026-01,volunteers,1000000000,
SQ2026-01,满意度,5.5,2026-06
EOF
run sw-project targets --db p.db tbad.csv
check_rc 3 "bad targets"
check_err "sw-project: tbad.csv:2: target: differs from the stored target of case_contacts for the whole contract of project SQ2026-01 (a target never changes)
sw-project: tbad.csv:3: skipped: project SQ2026-01 has this target of case_contacts for 2026-01 already
sw-project: tbad.csv:4: period: the targets of case_contacts of project SQ2026-01 are by month: give months too
sw-project: tbad.csv:5: indicator: not an indicator's key: use one of case_contacts, case_clients, group_sessions, group_attendance, activities, activity_participants, volunteers, volunteer_hours, volunteer_trainings, new_partners, satisfaction, goal_attainment, prepost_improved, coverage, timeliness, completeness or supervision_frequency (or their Chinese names, sw-project(1))
sw-project: tbad.csv:6: indicator: required (an indicator's key, such as case_contacts)
sw-project: tbad.csv:7: project: no project NOPE (see sw-project list)
sw-project: tbad.csv:8: target: not a whole number (0 or more)
sw-project: tbad.csv:9: target: a percentage above 100
sw-project: tbad.csv:10: target: not a percentage (0 to 100, up to two decimals, % optional)
sw-project: tbad.csv:11: period: not a month (YYYY-MM) or a quarter (YYYYQn)
sw-project: tbad.csv:12: period: not a month (YYYY-MM) or a quarter (YYYYQn)
sw-project: tbad.csv:13: period: not a month (YYYY-MM) or a quarter (YYYYQn)
sw-project: tbad.csv:14: period: 2025-12 lies outside the contract of project SQ2026-01 (2026-01-01 to 2026-12-31)
sw-project: tbad.csv:15: period: 2026Q4 lies outside the contract of project YF.2026 (2026-03-01 to 2026-08-31)
sw-project: tbad.csv:16: target: required (the figure to reach)
sw-project: tbad.csv:18: target: differs from the stored target of activities for 2026-05 of project SQ2026-01 (a target never changes)
sw-project: tbad.csv:19: target: too large (at most 999999999)
sw-project: tbad.csv:20: target: above 5, the top of the satisfaction survey's scale (1 to 5)
sw-project: batch rolled back, nothing stored: 19 read, 1 valid, 1 skipped, 17 rejected" "each refused with its reason"
check "nothing stored" test "$before" = "$(dbdump p.db)"
printf 'project,indicator,target,period\nSQ2026-01,activities,2,2026-05\nSQ2026-01,activities,6,2026Q3\n' >mix.csv
run sw-project targets --db p.db --dry-run mix.csv
check_rc 3 "months then a quarter in one batch"
check_err_line "sw-project: mix.csv:3: period: the targets of activities of project SQ2026-01 are by month: give months too" "refused in a dry run too"
# Round trip: the file run again, the output read back, are skipped; a
# target read back with a change is refused, naming the field.
run sw-project targets --db p.db targets.csv
check_rc 0 "the same file again"
sed -i -E 's/batch BT-[0-9]+/batch BT-n/' "$T/err"
check_err "$(for i in 2 3 4 5 6 7 8 9; do echo "sw-project: targets.csv:$i: skipped: project $(sed -n ${i}p targets-out.csv | cut -d, -f1) has this target of $(sed -n ${i}p targets-out.csv | cut -d, -f2) for $(sed -n ${i}p targets-out.csv | cut -d, -f4 | sed 's/^$/the whole contract/') already"; done)
sw-project: batch BT-n: 8 read, 0 stored, 8 skipped, 0 rejected" "each skipped"
run sw-project targets --db p.db targets-out.csv
check_rc 0 "its own output read back (created_at given)"
sed -i -E 's/batch BT-[0-9]+/batch BT-n/' "$T/err"
check_err_line "sw-project: batch BT-n: 8 read, 0 stored, 8 skipped, 0 rejected" "each skipped"
sed -E '2s/,[0-9T:-]+Z$/,2020-01-01T00:00:00Z/; 3s/,30,2026-01,/,31,2026-01,/; 4q' targets-out.csv >tchanged.csv
before=$(dbdump p.db)
run sw-project targets --db p.db tchanged.csv
check_rc 3 "targets read back with changes"
check_err "sw-project: tchanged.csv:2: created_at: differs from the stored target of case_contacts for the whole contract of project SQ2026-01 (a target never changes)
sw-project: tchanged.csv:3: target: differs from the stored target of case_contacts for 2026-01 of project SQ2026-01 (a target never changes)
sw-project: tchanged.csv:4: skipped: project SQ2026-01 has this target of case_contacts for 2026-02 already
sw-project: batch rolled back, nothing stored: 3 read, 0 valid, 1 skipped, 2 rejected" "refused, naming the field"
check "nothing stored" test "$before" = "$(dbdump p.db)"
printf 'project,indicator,target,created_at\nSQ2026-01,volunteers,0000000012,2020-01-01T00:00:00Z\nSQ2026-01,volunteers,12,\n' >tnew.csv
run sw-project targets --db p.db --dry-run -o csv tnew.csv
check_rc 0 "a new target: leading zeros dropped, created_at read-only"
check_out "$TH
SQ2026-01,volunteers,12,," "printed as it would be stored"
sed -i -E 's/batch BT-[0-9]+/batch BT-n/' "$T/err"
check_err "sw-project: tnew.csv:3: skipped: project SQ2026-01 has this target of volunteers for the whole contract already
sw-project: dry run, nothing stored: 2 read, 1 valid, 1 skipped, 0 rejected" "the batch's own target repeated: skipped"

run sw-project targets --db "$(dbmissing none.db)" targets.csv
check_rc 4 "targets need a database"
check "none made" dbgone none.db
if sqlite_only "a dry run without a database (a file not there)" 2; then
	run sw-project targets --db none.db --dry-run -o csv tbad.csv
	check_rc 3 "a dry run without a database checks the form"
	check_err_line "sw-project: tbad.csv:8: target: not a whole number (0 or more)" "the figures"
fi

# ---- list and show ------------------------------------------------------------------------
run sw-project list --db p.db -o csv
ts
check_out "$PH
PJ-1,SQ2026-01,长者关爱服务项目,浦东新区民政局,2026-01-01,2026-12-31,120,\"李敏, 周强\",TS
PJ-2,YF.2026,青少年成长项目,某公益基金会,2026-03-01,2026-08-31,40,,TS" "list: every project"
run sw-project show SQ2026-01 --db p.db -o csv
check_rc 0 "show by code"
ts
check_out "record,project_id,code,name,funder,start,end,target_population,workers,created_at,indicator,label,target,period
project,PJ-1,SQ2026-01,长者关爱服务项目,浦东新区民政局,2026-01-01,2026-12-31,120,\"李敏, 周强\",TS,,,,
target,,SQ2026-01,,,,,,,,case_contacts,个案服务人次,360,
target,,SQ2026-01,,,,,,,,case_contacts,个案服务人次,30,2026-01
target,,SQ2026-01,,,,,,,,case_contacts,个案服务人次,30,2026-02
target,,SQ2026-01,,,,,,,,group_sessions,小组活动场次,4,2026Q1
target,,SQ2026-01,,,,,,,,volunteer_hours,志愿服务时长,12.5,2026Q1
target,,SQ2026-01,,,,,,,,satisfaction,满意度,4.5,
target,,SQ2026-01,,,,,,,,coverage,服务覆盖率,80," "the project, then its targets in the indicators' order"
run sw-project show pj-2 --db p.db -o jsonl
check_rc 0 "show by id"
check "one line, the project" test "$(wc -l <"$T/out")" = 2
run sw-project show NOPE --db p.db
check_rc 3 "show of no project"
check_err "sw-project: no project NOPE" "says so"
run sw-project show 项目 --db p.db
check_rc 3 "show of no code"
check_err "sw-project: '项目' is neither a project id (PJ-n), a project's code nor a group programme id (GP-n)" "says so"
printf 'code\n' >none.csv
sw-project add --db e.db none.csv >/dev/null 2>&1
run sw-project list --db e.db -o csv
check_rc 1 "list of none"
check_out "$PH" "the header alone"

# ---- the project of cases, contacts, sessions and referrals -----------------------------
cat >cases.csv <<'EOF'
name,sex,worker,intake_date,project
王秀英,female,李敏,2026-03-02,SQ2026-01
陈明,male,周强,2026-04-01,
林小红,female,周强,2026-05-01,YF.2026
EOF
run sw-intake add --db p.db -o csv cases.csv
check_rc 0 "cases with and without a project"
check "the project is the case record's last field" test "$(cut -d, -f1,29 "$T/out" | tr '\n' ' ')" = "case_id,project CA-1,SQ2026-01 CA-2, CA-3,YF.2026 "
check "stored" test "$(q "SELECT group_concat(id || '=' || coalesce(project, '-'), ' ') FROM cases")" = "1=SQ2026-01 2=- 3=YF.2026"
before=$(dbdump p.db)
cat >cbad.csv <<'EOF'
name,intake_date,项目
赵一,2026-09-15,YF.2026
钱二,2025-12-31,SQ2026-01
孙三,2026-03-02,NOPE
李四,2026-03-02,项目一
EOF
run sw-intake add --db p.db cbad.csv
check_rc 3 "cases outside a contract, of no project"
check_err "sw-intake: cbad.csv:2: 项目: the intake date 2026-09-15 is outside the contract of project YF.2026 (2026-03-01 to 2026-08-31)
sw-intake: cbad.csv:3: 项目: the intake date 2025-12-31 is outside the contract of project SQ2026-01 (2026-01-01 to 2026-12-31)
sw-intake: cbad.csv:4: 项目: no project NOPE (see sw-project list)
sw-intake: cbad.csv:5: 项目: not a project's code (letters, digits, - _ . up to 24, a letter or digit first, not of an id's form such as PJ-1)
sw-intake: batch rolled back, nothing stored: 4 read, 0 valid, 0 skipped, 4 rejected" "each refused, naming the field"
check "nothing stored" test "$before" = "$(dbdump p.db)"

# update sets a case's project, under the same check
printf 'case_id,project\nCA-2,SQ2026-01\n' >up.csv
run sw-intake update --db p.db -o csv up.csv
check_rc 0 "update sets a project"
check "audited with before and after" test "$(q "SELECT detail FROM audit WHERE action = 'update' AND ids = 'CA-2'")" = '{"before":{"project":null},"after":{"project":"SQ2026-01"}}'
printf 'case_id,intake_date,project\nCA-2,2026-02-15,YF.2026\nCA-3,2026-02-15,\n' >up2.csv
run sw-intake update --db p.db up2.csv
check_rc 3 "a project whose contract the intake date is outside, or an intake date outside the project's"
check_err "sw-intake: up2.csv:2: project: the intake date 2026-02-15 is outside the contract of project YF.2026 (2026-03-01 to 2026-08-31)
sw-intake: up2.csv:3: project: the intake date 2026-02-15 is outside the contract of project YF.2026 (2026-03-01 to 2026-08-31)
sw-intake: batch rolled back, nothing stored: 2 read, 0 valid, 0 skipped, 2 rejected" "both refused"

# contacts
cat >contacts.csv <<'EOF'
case_id,date,kind,minutes,project
CA-1,2026-03-09,interview,50,SQ2026-01
CA-1,2026-03-16,phone,10,
CA-3,2026-09-01,phone,10,YF.2026
CA-3,2026-05-02,phone,10,NOPE
EOF
run sw-plan contacts --db p.db --keep-going -o csv contacts.csv
check_rc 3 "contacts, one outside its project's contract, one of no project"
check "the project is the contact record's last field" test "$(cut -d, -f1,10 "$T/out" | tr '\n' ' ')" = "contact_id,project CT-1,SQ2026-01 CT-2, "
sed -i -E 's/batch BT-[0-9]+/batch BT-n/' "$T/err"
check_err "sw-plan: contacts.csv:4: project: the contact's date 2026-09-01 is outside the contract of project YF.2026 (2026-03-01 to 2026-08-31)
sw-plan: contacts.csv:5: project: no project NOPE (see sw-project list)
sw-plan: batch BT-n: 4 read, 2 stored, 0 skipped, 2 rejected" "refused with their reasons"

# group sessions: the contacts of the attendance carry the session's project
printf 'date,title,minutes,workers,cases,项目\n2026-03-20,睡眠小组,90,李敏,CA-1 CA-2,SQ2026-01\n2026-03-27,睡眠小组,90,李敏,CA-1,\n' >s.csv
run sw-plan sessions --db p.db -o csv s.csv
check_rc 0 "sessions with and without a project"
check "the project is the session record's field after created_at (the programme after it)" test "$(head -n 1 "$T/out" | cut -d, -f9-)" = created_at,project,programme
check "stored" test "$(q "SELECT group_concat(id || ':' || coalesce(project, '-'), ' ') FROM group_sessions")" = "1:SQ2026-01 2:-"
check "the attendance carries it" test "$(q "SELECT group_concat(session_id || ':' || coalesce(project, '-'), ' ') FROM contacts WHERE session_id IS NOT NULL")" = "1:SQ2026-01 1:SQ2026-01 2:-"
printf 'date,title,minutes,workers,cases,project\n2027-01-05,x,90,李敏,CA-1,SQ2026-01\n2025-12-05,x,90,李敏,CA-1,SQ2026-01\n' >sbad.csv
run sw-plan sessions --db p.db sbad.csv
check_rc 3 "a session outside the contract"
check_err_line "sw-plan: sbad.csv:3: project: the session's date 2025-12-05 is outside the contract of project SQ2026-01 (2026-01-01 to 2026-12-31)" "refused"

# referrals: dated the day they are drafted (CA-4: a case of no project)
printf 'name,intake_date\n何五,2026-05-05\n' >c4.csv
sw-intake add --db p.db c4.csv >/dev/null 2>&1
printf 'case_id,provider,reason,project\nCA-1,社区卫生服务中心,慢病管理,SQ2026-01\nCA-4,区法律援助中心,咨询,\n' >r.csv
run sw-refer add --db p.db -o csv r.csv
check_rc 0 "referrals with and without a project"
check "the project is the referral record's last field" test "$(cut -d, -f1,18 "$T/out" | tr '\n' ' ')" = "referral_id,project RF-1,SQ2026-01 RF-2, "
printf 'case_id,provider,reason,project\nCA-3,区法律援助中心,咨询,YF.2026\n' >rbad.csv
run sw-refer add --db p.db rbad.csv
if [ "$(date +%F)" \> 2026-08-31 ]; then
	check_rc 3 "a referral drafted after its project's contract"
	check_err_line "sw-refer: rbad.csv:2: project: the referral's date (today) $(date +%F) is outside the contract of project YF.2026 (2026-03-01 to 2026-08-31)" "refused"
else
	check_rc 0 "a referral drafted within its project's contract"
	skip "(refused after the contract)"
fi

# A contact, session or referral without a project of its own counts for
# its case's: its date must lie within that project's contract, and a case
# moves to another project only when its records without one lie within
# the new contract (casework.7, PROJECTS).
sw-intake workers --add 李敏 --db m.db >/dev/null 2>&1
printf 'code,name,funder,start,end,target_population\nYEAR,a,x,2026-01-01,2026-12-31,10\nMARCH,b,x,2026-03-01,2026-03-31,10\n' >mp.csv
sw-project add --db m.db mp.csv >/dev/null 2>&1
printf 'name,intake_date,project\n甲,2026-03-05,YEAR\n乙,2026-03-02,MARCH\n' >mc.csv
sw-intake add --db m.db mc.csv >/dev/null 2>&1
check "two cases, two projects" test "$(dbq m.db "SELECT group_concat(project, ' ') FROM cases")" = "YEAR MARCH"
before=$(dbdump m.db)
printf 'case_id,date,kind,minutes\nCA-2,2026-04-01,phone,10\nCA-1,2026-04-01,phone,10\nCA-2,2026-03-31,phone,10\n' >mct.csv
run sw-plan contacts --db m.db mct.csv
check_rc 3 "a contact without a project, dated outside its case's project's contract"
check_err "sw-plan: mct.csv:2: date: the contact's date 2026-04-01 is outside the contract of project MARCH (2026-03-01 to 2026-03-31), the project of case CA-2, for which it counts (give it a project of its own)
sw-plan: batch rolled back, nothing stored: 3 read, 2 valid, 0 skipped, 1 rejected" "refused naming the date, the case's id and its project, no value of the case"
printf 'date,title,minutes,workers,cases\n2026-04-02,x,60,李敏,CA-1 CA-2\n' >ms.csv
run sw-plan sessions --db m.db ms.csv
check_rc 3 "a session without a project, outside the contract of one attending case's project"
check_err_line "sw-plan: ms.csv:2: date: the session's date 2026-04-02 is outside the contract of project MARCH (2026-03-01 to 2026-03-31), the project of case CA-2, for which it counts (give it a project of its own)" "refused, naming that case"
printf 'case_id,provider,reason\nCA-2,区法律援助中心,咨询\n' >mr.csv
run sw-refer add --db m.db mr.csv
check_rc 3 "a referral without a project, drafted after its case's project's contract"
check_err_line "sw-refer: mr.csv:2: project: the referral's date (today) $(date +%F) is outside the contract of project MARCH (2026-03-01 to 2026-03-31), the project of case CA-2, for which it counts (give it a project of its own)" "refused, naming the empty field"
check "nothing stored" test "$before" = "$(dbdump m.db)"
printf 'case_id,date,kind,minutes,project\nCA-2,2026-04-01,phone,10,YEAR\nCA-1,2026-04-03,phone,10,\n' >mct2.csv
run sw-plan contacts --db m.db mct2.csv
check_rc 0 "with a project of its own, or its case's contract around it"
printf 'date,title,minutes,workers,cases\n2026-04-02,x,60,李敏,CA-1\n' >ms2.csv
run sw-plan sessions --db m.db ms2.csv
check_rc 0 "a session without a project within its case's project's contract"
before=$(dbdump m.db)
printf 'case_id,project\nCA-1,MARCH\n' >mu.csv
run sw-intake update --db m.db mu.csv
check_rc 3 "a case moved to a project whose contract its records without a project are outside"
gs=$(dbq m.db "SELECT id FROM group_sessions")
check_err "sw-intake: mu.csv:2: project: GS-$gs, dated 2026-04-02 and without a project of its own, would count for project MARCH, whose contract it is outside (2026-03-01 to 2026-03-31)
sw-intake: batch rolled back, nothing stored: 1 read, 0 valid, 0 skipped, 1 rejected" "refused, naming the first such record by its id (a session's attendance by its session)"
check "nothing stored" test "$before" = "$(dbdump m.db)"
printf 'case_id,project\nCA-1,YEAR\n' >mu1.csv
printf 'case_id,project\nCA-2,YEAR\n' >mu2.csv
run sw-intake update --db m.db mu2.csv
check_rc 0 "a move whose records lie within the new contract"

# ---- default_project ------------------------------------------------------------------------
mkdir cfg
dbcp p.db cfg/p.db
if [ "$CW_BACKEND" = pg ]; then  # kept in the database there (casework.7 CONFIGURATION)
	run sw-admin config --db cfg/p.db default_project SQ2026-01
	check_rc 0 "default_project set in the database"
	run sw-admin config --db cfg/p.db default_project 项目
	check_rc 2 "default_project: not a code"
	run sw-admin config --db cfg/p.db default_project PJ-1
	check_rc 2 "default_project: an id, no code"
	run sw-admin config --db cfg/p.db default_project NOPE
	check_rc 3 "default_project: no such project"
	check_err "sw-admin: default_project: no project NOPE (see sw-project list)" "says so"
else
	printf 'default_project = SQ2026-01\n' >cfg/casework.conf
	run sw-admin config --db cfg/p.db -o csv default_project
	check_out "key,value,kept_in
default_project,SQ2026-01,cfg/casework.conf" "default_project read from the file"
fi
printf 'name,intake_date,project\n周一,2026-06-01,\n吴二,2026-06-01,YF.2026\n' >d.csv
run sw-intake add --db cfg/p.db -o csv d.csv
check_rc 0 "cases without a project take default_project"
check "the default, and one given" test "$(cut -d, -f1,29 "$T/out" | tr '\n' ' ')" = "case_id,project CA-5,SQ2026-01 CA-6,YF.2026 "
printf 'name,intake_date\n郑三,2025-06-01\n' >d2.csv
run sw-intake add --db cfg/p.db d2.csv
check_rc 3 "an intake outside the default's contract"
check_err_line "sw-intake: d2.csv:2: project (default_project): the intake date 2025-06-01 is outside the contract of project SQ2026-01 (2026-01-01 to 2026-12-31)" "refused, naming the setting"
printf 'case_id,date,kind,minutes\nCA-2,2026-06-02,phone,5\n' >dc.csv
run sw-plan contacts --db cfg/p.db -o csv dc.csv
check "a contact without a project stays without one (it counts for its case's)" test "$(cut -d, -f10 "$T/out" | tail -n 1)" = ""

# ---- digests, verify, copy ------------------------------------------------------------------
run sw-admin verify --db p.db -o csv
check_rc 0 "every record verifies, with and without a project"
if sqlite_only "the canonical form as casework(7) gives it, computed with sqlite3" 2; then
	# a case with a project: the column named last; one without: left out
	for id in 1 2; do
		form=$(sqlite3 p.db "SELECT 'cw-record-1' || char(31) || 'contacts' || char(31) || 'id=' || id || char(31) || 'case_id=' || case_id || char(31) || 'date=' || date || char(31) || 'kind=' || kind || char(31) || 'minutes=' || minutes || char(31) || coalesce('worker=' || worker, 'worker') || char(31) || coalesce('note=' || note, 'note') || char(31) || coalesce('session_id=' || session_id, 'session_id') || char(31) || 'created_at=' || created_at || char(31) || 'batch_id=' || batch_id || coalesce(char(31) || 'project=' || project, '') FROM contacts WHERE id = $id")
		check "contact $id's digest is its canonical form's" test "$(printf '%s' "$form" | sha256sum | cut -c1-64)" = "$(q "SELECT digest FROM contacts WHERE id = $id")"
	done
fi
# into a SQLite file, from either backend (the real command: the file is
# one on both)
run "$CW_BIN/sw-admin" copy "$(dburi p.db)" c.sqlite
check_rc 0 "copy with projects"
check "the projects copied" test "$(sqlite3 c.sqlite "SELECT group_concat(code, ' ') FROM projects")" = "SQ2026-01 YF.2026"
check "their targets copied" test "$(sqlite3 c.sqlite "SELECT count(*) || ' ' || sum(target = '4.5') || ' ' || group_concat(DISTINCT period) FROM project_targets")" = "8 1 2026-01,2026-02,2026Q1"
check "the records' projects copied" test "$(sqlite3 c.sqlite "SELECT group_concat(coalesce(project, '-'), ' ') FROM cases")" = "SQ2026-01 SQ2026-01 YF.2026 -"
check "the contract's dates copied" test "$(sqlite3 c.sqlite "SELECT start_date || ' ' || end_date FROM projects WHERE id = 2")" = "2026-03-01 2026-08-31"
run "$CW_BIN/sw-admin" verify --db c.sqlite -o csv
check_rc 0 "the copy verifies"
run "$CW_BIN/sw-admin" check --db c.sqlite -o csv
check_rc 0 "and checks"
check "projects and targets are counted" test "$(grep -c '^project' "$T/out")" = 2
run sw-project show YF.2026 --db p.db -o csv
cp "$T/out" show-p.csv
run "$CW_BIN/sw-project" show YF.2026 --db c.sqlite -o csv
check_file show-p.csv "$T/out" "the copy shows the project as the original does"
done_testing
