#!/bin/sh
# activities.t - sw-project volunteers, activities, trainings and roster
# (issue 20, points 2 and 3): the volunteer roster, community activities
# counted by head and by name with the cases who took part (each a
# contact of kind community, counted by sw-report services) and the
# volunteers' hours, a contact's volunteers (sw-plan contacts), trainings,
# group programmes with their stages, sessions and attendance, what is refused (exit 3, naming file,
# line and field, the database unchanged), default_project, the audit
# entries, and verify, check and copy with them. The rights on
# PostgreSQL are access.t's.
. "$CW_TOP/tests/e2e/lib.sh"
q() { dbq a.db "$1"; }
ts() { sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z/TS/g' "$T/out" >"$T/out.ts" && mv "$T/out.ts" "$T/out"; }

VH=volunteer_id,name,phone,joined,created_at
AH=activity_id,date,title,kind,place,minutes,workers,headcount,participants,cases,volunteers,attendance,created_at,project
TH=training_id,date,title,minutes,attendees,created_at,project

sw-intake workers --add 李敏 周强 --db a.db >/dev/null 2>&1
printf 'code,name,funder,start,end,target_population\nSQ1,社区长者项目,民政局,2026-01-01,2026-12-31,100\n' >p.csv
sw-project add --db a.db p.csv >/dev/null 2>&1
cat >cases.csv <<'EOF'
name,sex,worker,intake_date,project
王秀英,female,李敏,2026-03-02,SQ1
陈明,male,周强,2026-04-01,SQ1
林小红,female,周强,2026-05-01,
EOF
sw-intake add --db a.db cases.csv >/dev/null 2>&1
check "three cases to take part" test "$(q 'SELECT count(*) FROM cases')" = 3

# ---- volunteers -------------------------------------------------------------------------------
cat >v.csv <<'EOF'
姓名,电话,加入日期
王芳,138-0013-8000,2026-02-01
李雷,,2026/3/1
张伟,+86 139 0000 0000,2026-03-15
EOF
run sw-project volunteers --db a.db -o csv v.csv
check_rc 0 "three volunteers, Chinese headers"
cp "$T/out" vl-back.csv
ts
check_out "$VH
VL-1,王芳,13800138000,2026-02-01,TS
VL-2,李雷,,2026-03-01,TS
VL-3,张伟,13900000000,2026-03-15,TS" "printed with their ids, phones normalised as clients', dates canonical"
check "audited as one insert" test "$(q "SELECT action || ' ' || entity || ' ' || ids FROM audit ORDER BY id DESC LIMIT 1")" = 'insert volunteer VL-1..VL-3'

before=$(dbdump a.db)
cat >vbad.csv <<'EOF'
name,phone,joined
王芳,,2026-02-01
新人,,2026-02-01
新人,,2026-02-02
,,2026-02-01
王=五,,2026-02-01
赵六,12,2026-02-01
钱七,,
孙八,,2099-01-01
EOF
run sw-project volunteers --db a.db vbad.csv
check_rc 3 "bad volunteers"
check_err "sw-project: vbad.csv:2: name: on the volunteer roster already as VL-1 (names are how activities list them: tell two apart, 王芳(东区))
sw-project: vbad.csv:4: name: given twice in this batch (line 3; names are how activities list them: tell two apart, 王芳(东区))
sw-project: vbad.csv:5: name: required (the volunteer's name, as activities and trainings list it)
sw-project: vbad.csv:6: name: a name with = , 、 or ; cannot be listed with hours
sw-project: vbad.csv:7: phone: not a phone number
sw-project: vbad.csv:8: joined: required (the day the volunteer joined)
sw-project: vbad.csv:9: joined: is in the future
sw-project: batch rolled back, nothing stored: 8 read, 1 valid, 0 skipped, 7 rejected" "each refused with its reason"
check "nothing stored" test "$before" = "$(dbdump a.db)"
check "no message repeats a name or a phone" sh -c "sed 's/王芳(东区)//' '$T/err' | grep -q -e 王芳 -e 新人 -e 赵六 -e 钱七 -e 孙八 -e 12; test \$? = 1"

# ---- activities -------------------------------------------------------------------------------
# June: a community lecture for 45 residents who are not clients, with 3
# cases taking part; a health check with two residents named; 12
# volunteer hours in all (2.5 + 3 + 4 + 2.5).
cat >a.csv <<'EOF'
日期,活动名称,活动类型,地点,时长,社工,人数,参与者,参加个案,志愿者,项目
2026-06-10,防诈骗知识讲座,讲座,社区活动室,90,李敏、周强,45,,CA-1 CA-2 CA-3,王芳=2.5、李雷=3,SQ1
2026-06-12,健康义诊,义诊,广场,120,周强,,"张三:139-1111-2222、李四",,"王芳=4, 张伟=2.50",SQ1
EOF
run sw-project activities --db a.db -o csv a.csv
check_rc 0 "two activities"
cp "$T/out" ac-back.csv
ts
check_out "$AH
AC-1,2026-06-10,防诈骗知识讲座,lecture,社区活动室,90,\"李敏, 周强\",45,,\"CA-1, CA-2, CA-3\",\"王芳=2.5, 李雷=3\",48,TS,SQ1
AC-2,2026-06-12,健康义诊,health_check,广场,120,周强,0,\"张三:13911112222, 李四\",,\"王芳=4, 张伟=2.5\",2,TS,SQ1" "printed: kinds and lists canonical, the attendance added up"
check_err "sw-project: batch BT-5: 2 read, 2 stored, 0 skipped, 0 rejected" "the totals"
check "the lecture's counts: 45 by head, none named, 3 cases" test "$(q "SELECT headcount || ' ' || named_count || ' ' || case_count FROM activities WHERE id = 1")" = "45 0 3"
check "the health check's named participants, their phones normalised" test "$(q "SELECT group_concat(name || ':' || coalesce(phone, '-'), ' ') FROM (SELECT * FROM activity_participants WHERE activity_id = 2 ORDER BY id) x")" = "张三:13911112222 李四:-"
check "a contact of kind community for each case, by the first worker, of the activity's minutes and project" test \
	"$(q "SELECT group_concat(case_id || ' ' || kind || ' ' || date || ' ' || minutes || ' ' || worker || ' ' || project || ' AC-' || activity_id, '; ') FROM (SELECT * FROM contacts ORDER BY id) x")" = \
	"1 community 2026-06-10 90 李敏 SQ1 AC-1; 2 community 2026-06-10 90 李敏 SQ1 AC-1; 3 community 2026-06-10 90 李敏 SQ1 AC-1"
check "the volunteers' hours, in hundredths: 12 hours in June" test "$(q "SELECT sum(hours100) || ' ' || count(*) FROM volunteer_hours WHERE date BETWEEN '2026-06-01' AND '2026-06-30'")" = "1200 4"
check "audited: the activities, then their contacts, then the contacts' digests" test \
	"$(q "SELECT group_concat(action || ' ' || entity || ' ' || ids, '; ') FROM (SELECT * FROM audit WHERE batch_id = 5 ORDER BY id) x")" = \
	"insert activity AC-1..AC-2; insert contact CT-1..CT-3; digest contact CT-1..CT-3"
check "the activities' insert entry counts them" test "$(q "SELECT substr(detail, 1, 12) FROM audit WHERE batch_id = 5 AND entity = 'activity'")" = '{"records":2'

# The contacts are the cases' own, counted by the services report.
run sw-report services --db a.db --month 2026-06 -o csv
check_rc 0 "services in June"
check_out "kind,contacts,clients,households,minutes,sessions,attendance
interview,0,0,0,0,0,0
home_visit,0,0,0,0,0,0
phone,0,0,0,0,0,0
accompaniment,0,0,0,0,0,0
outreach,0,0,0,0,0,0
resource_linking,0,0,0,0,0,0
group,0,0,0,0,0,0
other,0,0,0,0,0,0
community,3,3,3,270,0,0
total,3,3,3,270,0,0" "the community row: 3 contacts of 3 clients of 3 households"
printf 'case_id,date,kind,minutes\nCA-1,2026-06-11,社区活动,30\n' >ct.csv
run sw-plan contacts --db a.db ct.csv
check_rc 3 "sw-plan contacts does not make a community contact"
check_err_line "sw-plan: ct.csv:2: kind: community contacts come from sw-project activities" "saying where they come from"

# What is refused, each with its reason; nothing stored.
before=$(dbdump a.db)
cat >abad.csv <<'EOF'
date,title,kind,minutes,workers,headcount,participants,cases,volunteers,project
,讲座,lecture,60,李敏,10,,,,
2026-06-01,,lecture,60,李敏,10,,,,
2026-06-01,讲座,party,60,李敏,10,,,,
2026-06-01,讲座,lecture,,李敏,10,,,,
2026-06-01,讲座,lecture,60,,10,,,,
2026-06-01,讲座,lecture,60,王五,10,,,,
2026-06-01,讲座,lecture,60,李敏,-1,,,,
2026-06-01,讲座,lecture,60,李敏,0,,,,
2026-06-01,讲座,lecture,60,李敏,,":13800138000",,,
2026-06-01,讲座,lecture,60,李敏,,张三:12,,,
2026-06-01,讲座,lecture,60,李敏,,"张三、张三",,,
2026-06-01,讲座,lecture,60,李敏,,,CA-9,,
2026-06-01,讲座,lecture,60,李敏,,,"CA-1,CA-1",,
2026-06-01,讲座,lecture,60,李敏,,,CL-1,,
2026-06-01,讲座,lecture,60,李敏,5,,,王芳,
2026-06-01,讲座,lecture,60,李敏,5,,,王芳=0,
2026-06-01,讲座,lecture,60,李敏,5,,,王芳=25,
2026-06-01,讲座,lecture,60,李敏,5,,,王芳=1.255,
2026-06-01,讲座,lecture,60,李敏,5,,,无名=1,
2026-06-01,讲座,lecture,60,李敏,5,,,"王芳=1,王芳=2",
2026-06-01,讲座,lecture,60,李敏,5,,,,NOPE
2025-06-01,讲座,lecture,60,李敏,5,,,,SQ1
2099-06-01,讲座,lecture,60,李敏,5,,,,
EOF
run sw-project activities --db a.db abad.csv
check_rc 3 "bad activities"
check_out "" "nothing printed"
check_err "sw-project: abad.csv:2: date: required (the date of the activity)
sw-project: abad.csv:3: title: required (the activity's title)
sw-project: abad.csv:4: kind: not a kind of activity (lecture, health_check, festival, outreach, residents_meeting, training or other, or their Chinese names, sw-project(1))
sw-project: abad.csv:5: minutes: required (a whole number of minutes, 0 to 1440)
sw-project: abad.csv:6: workers: required (one or more workers, separated by commas or 、)
sw-project: abad.csv:7: workers: worker 1 is not on the worker roster (see sw-intake workers)
sw-project: abad.csv:8: headcount: not a whole number of people (0 to 100000), counted by head and not named
sw-project: abad.csv:9: headcount: no one took part: give a head-count, participants or cases
sw-project: abad.csv:10: participants: participant 1 has no name (NAME or NAME:PHONE)
sw-project: abad.csv:11: participants: participant 1: not a phone number
sw-project: abad.csv:12: participants: participant 2 is listed twice (also participant 1)
sw-project: abad.csv:13: cases: CA-9: no such case
sw-project: abad.csv:14: cases: CA-1 is listed twice
sw-project: abad.csv:15: cases: item 1 is not a case id (CA-n)
sw-project: abad.csv:16: volunteers: volunteer 1: not NAME=HOURS (hours above 0, up to 24, up to two decimals: 王芳=2.5)
sw-project: abad.csv:17: volunteers: volunteer 1: not NAME=HOURS (hours above 0, up to 24, up to two decimals: 王芳=2.5)
sw-project: abad.csv:18: volunteers: volunteer 1: not NAME=HOURS (hours above 0, up to 24, up to two decimals: 王芳=2.5)
sw-project: abad.csv:19: volunteers: volunteer 1: not NAME=HOURS (hours above 0, up to 24, up to two decimals: 王芳=2.5)
sw-project: abad.csv:20: volunteers: volunteer 1 is not on the volunteer roster (see sw-project volunteers)
sw-project: abad.csv:21: volunteers: volunteer 2 is listed twice (also volunteer 1)
sw-project: abad.csv:22: project: no project NOPE (see sw-project list)
sw-project: abad.csv:23: project: the activity's date 2025-06-01 is outside the contract of project SQ1 (2026-01-01 to 2026-12-31)
sw-project: abad.csv:24: date: is in the future
sw-project: batch rolled back, nothing stored: 23 read, 0 valid, 0 skipped, 23 rejected" "each refused, naming file, line and field"
check "nothing stored" test "$before" = "$(dbdump a.db)"

# A dry run prints what it would store and stores nothing; the records
# printed, read back, are skipped.
printf 'date,title,kind,minutes,workers,headcount\n2026-07-01,夏日游园,festival,180,李敏,120\n' >dry.csv
run sw-project activities --dry-run --db a.db -o csv dry.csv
check_rc 0 "a dry run"
check_out "$AH
,2026-07-01,夏日游园,festival,,180,李敏,120,,,,120,," "printed without an id"
check "nothing stored" test "$before" = "$(dbdump a.db)"
printf 'activity_id,date,title\nAC-1,2026-06-10,防诈骗知识讲座\n' >back.csv
run sw-project activities --db a.db back.csv
check_rc 0 "an activity read back"
check_err_line "sw-project: back.csv:2: skipped: AC-1 is stored already (read back; it is never changed)" "skipped"
printf 'activity_id,date,title\nAC-99,2026-06-01,x\nVL-1,2026-06-01,x\n' >ro.csv
run sw-project activities --db a.db ro.csv
check_rc 3 "an id of no activity, an id of another kind"
check_err "sw-project: ro.csv:2: activity_id: no such activity
sw-project: ro.csv:3: activity_id: not an activity id (AC-n)
sw-project: batch rolled back, nothing stored: 2 read, 0 valid, 0 skipped, 2 rejected" "refused"

# ---- trainings ---------------------------------------------------------------------------------
cat >t.csv <<'EOF'
培训日期,培训主题,时长,参训志愿者,项目
2026-05-20,志愿者入门培训,120,王芳、李雷、张伟,SQ1
2026-06-20,急救培训,90,王芳,
EOF
run sw-project trainings --db a.db -o csv t.csv
check_rc 0 "two trainings"
cp "$T/out" tr-back.csv
ts
check_out "$TH
TR-1,2026-05-20,志愿者入门培训,120,\"王芳, 李雷, 张伟\",TS,SQ1
TR-2,2026-06-20,急救培训,90,王芳,TS," "printed with their attendees"
check "the attendees stored" test "$(q 'SELECT count(*) FROM training_attendees')" = 4
before=$(dbdump a.db)
cat >tbad.csv <<'EOF'
date,title,minutes,attendees,project
2026-06-01,培训,60,,
2026-06-01,培训,60,无名,
2026-06-01,培训,60,"王芳,王芳",
2026-06-01,,60,王芳,
2026-06-01,培训,abc,王芳,
2025-06-01,培训,60,王芳,SQ1
2026-06-01,培训,0,王芳,
EOF
run sw-project trainings --db a.db tbad.csv
check_rc 3 "bad trainings"
check_err "sw-project: tbad.csv:2: attendees: required (the volunteers who attended, by their names on the roster, separated by commas or 、)
sw-project: tbad.csv:3: attendees: volunteer 1 is not on the volunteer roster (see sw-project volunteers)
sw-project: tbad.csv:4: attendees: volunteer 2 is listed twice (also volunteer 1)
sw-project: tbad.csv:5: title: required (the training's title)
sw-project: tbad.csv:6: minutes: not a whole number of minutes (0 to 1440)
sw-project: tbad.csv:7: project: the training's date 2025-06-01 is outside the contract of project SQ1 (2026-01-01 to 2026-12-31)
sw-project: tbad.csv:8: minutes: must be 1 or more (a whole number of minutes, 1 to 1440)
sw-project: batch rolled back, nothing stored: 7 read, 0 valid, 0 skipped, 7 rejected" "each refused, a training of 0 minutes too"
check "nothing stored" test "$before" = "$(dbdump a.db)"

# ---- a contact's volunteers ---------------------------------------------------------------------
printf 'case_id,date,kind,minutes,volunteers\nCA-1,2026-06-15,home_visit,60,"张伟=1.50、李雷=0.5"\n' >cv.csv
run sw-plan contacts --db a.db -o csv cv.csv
check_rc 0 "a contact with two volunteers"
check "printed with their hours, canonical" test "$(tail -n 1 "$T/out" | grep -o '"[^"]*"$')" = '"张伟=1.5, 李雷=0.5"'
check "stored as the contact's hours, in hundredths" test "$(q "SELECT group_concat(volunteer_id || '=' || hours100 || ' ' || date, ', ') FROM (SELECT * FROM volunteer_hours WHERE contact_id = 4 ORDER BY id) x")" = "3=150 2026-06-15, 2=50 2026-06-15"
cp "$T/out" cv-back.csv
run sw-plan contacts --db a.db cv-back.csv
check_rc 0 "the contact read back"
check_err_line "sw-plan: cv-back.csv:2: skipped: already stored as CT-4" "is skipped, its volunteers as stored"
sed 's/李雷=0.5/李雷=1/' cv-back.csv >cv-changed.csv
run sw-plan contacts --db a.db cv-changed.csv
check_rc 3 "the contact read back with other hours"
check_err_line "sw-plan: cv-changed.csv:2: volunteers: differs from the stored contact CT-4, which is never changed" "is refused"
before=$(dbdump a.db)
printf 'case_id,date,kind,minutes,volunteers\nCA-1,2026-06-15,phone,5,无名=1\nCA-1,2026-06-15,phone,5,王芳\n' >cvbad.csv
run sw-plan contacts --db a.db cvbad.csv
check_rc 3 "bad volunteers of a contact"
check_err "sw-plan: cvbad.csv:2: volunteers: volunteer 1 is not on the volunteer roster (see sw-project volunteers)
sw-plan: cvbad.csv:3: volunteers: volunteer 1: not NAME=HOURS (hours above 0, up to 24, up to two decimals: 王芳=2.5)
sw-plan: batch rolled back, nothing stored: 2 read, 0 valid, 0 skipped, 2 rejected" "each refused"
check "nothing stored" test "$before" = "$(dbdump a.db)"
dbcp a.db u.db
run sw-admin undo --db u.db "BT-$(q 'SELECT batch_id FROM contacts WHERE id = 4')"
check_rc 0 "the contacts' batch undone"
check "its volunteers' hours go with it" test "$(dbq u.db 'SELECT count(*) FROM volunteer_hours WHERE contact_id IS NOT NULL')" = 0

# ---- group programmes -----------------------------------------------------------------------------
# Eight members (five more cases), four sessions, the stage moved on.
printf 'name,worker,intake_date\n' >more.csv
for i in 4 5 6 7 8; do echo "组员$i,李敏,2026-05-0$i" >>more.csv; done
sw-intake add --db a.db more.csv >/dev/null 2>&1
GH=programme_id,title,aims,members,stage,created_at,project
printf '小组名称,小组目标,组员,阶段,项目\n长者互助小组,减少孤独感,CA-8 CA-1 CA-2 CA-3 CA-4 CA-5 CA-6 CA-7,,SQ1\n' >g.csv
run sw-project programmes --db a.db -o csv g.csv
check_rc 0 "a group programme of eight members"
ts
check_out "$GH
GP-1,长者互助小组,减少孤独感,\"CA-1, CA-2, CA-3, CA-4, CA-5, CA-6, CA-7, CA-8\",preparation,TS,SQ1" "printed at its first stage, its members in the order of their ids"
check "its members stored" test "$(q 'SELECT count(*) FROM programme_members WHERE programme_id = 1')" = 8
M="CA-1 CA-2 CA-3 CA-4 CA-5 CA-6 CA-7 CA-8"
cat >gs.csv <<EOF
date,title,minutes,workers,cases,programme
2026-06-02,第一节 相识,90,李敏,$M,GP-1
2026-06-09,第二节 分享,90,李敏,$M,gp-1
2026-06-16,第三节 互助,90,李敏,CA-1 CA-2 CA-3 CA-4 CA-5 CA-6 CA-7,GP-1
2026-06-23,第四节 告别,90,李敏,CA-1 CA-2 CA-3 CA-4 CA-5 CA-6,GP-1
EOF
run sw-plan sessions --db a.db -o csv gs.csv
check_rc 0 "its four sessions"
check "each names its programme" test "$(cut -d, -f1 "$T/out" | tail -n +2 | tr '\n' ' ')$(grep -c ',GP-1$' "$T/out")" = "GS-1 GS-2 GS-3 GS-4 4"
printf 'programme_id,stage\nGP-1,形成期\n' >st1.csv
run sw-project programmes --db a.db -o csv st1.csv
check_rc 0 "its stage moved on"
ts
check_out "$GH
GP-1,长者互助小组,减少孤独感,\"CA-1, CA-2, CA-3, CA-4, CA-5, CA-6, CA-7, CA-8\",formation,TS,SQ1" "printed as it now is"
check "audited as an update, the stage before and after" test "$(q "SELECT detail FROM audit WHERE action = 'update' AND entity = 'programme'")" = '{"before":{"stage":"preparation"},"after":{"stage":"formation"}}'
run sw-project programmes --db a.db st1.csv
check_rc 0 "the same stage again"
check_err_line "sw-project: st1.csv:2: skipped: GP-1 is stored already, at that stage" "is skipped"
printf 'programme_id,stage\nGP-1,转折\nGP-1,maturity\n' >st2.csv
run sw-project programmes --db a.db -o csv st2.csv
check_rc 0 "two stages in one batch"
check "the last stands" test "$(q 'SELECT stage FROM programmes WHERE id = 1')" = maturity
# A stage never moves back.
printf 'programme_id,stage\nGP-1,筹备期\n' >stback.csv
run sw-project programmes --db a.db stback.csv
check_rc 3 "a stage moving back"
check_err_line "sw-project: stback.csv:2: stage: cannot move back from maturity to preparation" "refused"
check "the stage stands" test "$(q 'SELECT stage FROM programmes WHERE id = 1')" = maturity
# The members' PHQ-9 before the first session and after the last: CA-1
# 16 -> 8 (improved), CA-2 8 -> 8, CA-3 8 -> 0 (improved); CA-4 only
# before, not compared; the assessment of CA-2 between the sessions is
# neither before nor after. Mean change (-8 + 0 - 8) / 3 = -5.33.
cat >phq.csv <<'EOF'
case_id,date,q1,q2,q3,q4,q5,q6,q7,q8,q9
CA-1,2026-05-30,2,2,2,2,2,2,2,2,0
CA-2,2026-05-30,1,1,1,1,1,1,1,1,0
CA-3,2026-06-02,1,1,1,1,1,1,1,1,0
CA-4,2026-06-01,1,1,1,1,1,1,1,1,0
CA-2,2026-06-10,3,3,3,3,3,3,3,3,0
CA-1,2026-06-25,1,1,1,1,1,1,1,1,0
CA-2,2026-06-24,1,1,1,1,1,1,1,1,0
CA-3,2026-06-30,0,0,0,0,0,0,0,0,0
EOF
sw-assess score phq9 --db a.db phq.csv >/dev/null 2>&1
run sw-project show GP-1 --db a.db -o csv
check_rc 0 "show GP-1"
check_out "record,programme_id,title,stage,label,project,members,sessions,attendance,session_id,date,case_id,instrument,improved,change
programme,GP-1,长者互助小组,maturity,成熟期,SQ1,8,4,29,,,,,,
session,,第一节 相识,,,,,,8,GS-1,2026-06-02,,,,
session,,第二节 分享,,,,,,8,GS-2,2026-06-09,,,,
session,,第三节 互助,,,,,,7,GS-3,2026-06-16,,,,
session,,第四节 告别,,,,,,6,GS-4,2026-06-23,,,,
member,,,,,,,,4,,,CA-1,,,
member,,,,,,,,4,,,CA-2,,,
member,,,,,,,,4,,,CA-3,,,
member,,,,,,,,4,,,CA-4,,,
member,,,,,,,,4,,,CA-5,,,
member,,,,,,,,4,,,CA-6,,,
member,,,,,,,,3,,,CA-7,,,
member,,,,,,,,2,,,CA-8,,,
prepost,,,,,,3,,,,,,phq9,2,-5.33" "the programme: 4 sessions, 29 attendances; each session and member; the group's pre/post"
before=$(dbdump a.db)
cat >gbad.csv <<'EOF'
programme_id,title,members,stage,project
,,CA-1,,
,小组,CA-99,,
,小组,CA-1 CA-1,,
,小组,,开始期,
,小组,,,NOPE
GP-1,别的名字,,ending,
GP-9,,,ending,
CA-1,,,ending,
EOF
run sw-project programmes --db a.db gbad.csv
check_rc 3 "bad programmes"
check_err "sw-project: gbad.csv:2: title: required (the group's title)
sw-project: gbad.csv:3: members: CA-99: no such case
sw-project: gbad.csv:4: members: CA-1 is listed twice
sw-project: gbad.csv:5: stage: not a stage of a group (preparation, formation, transition, maturity or ending, or their Chinese names: 筹备期 ...)
sw-project: gbad.csv:6: project: no project NOPE (see sw-project list)
sw-project: gbad.csv:7: title: differs from the stored programme GP-1: only its stage and members change
sw-project: gbad.csv:8: programme_id: no such programme
sw-project: gbad.csv:9: programme_id: not a group programme id (GP-n)
sw-project: batch rolled back, nothing stored: 8 read, 0 valid, 0 skipped, 8 rejected" "each refused"
printf 'date,title,minutes,workers,cases,programme\n2026-06-30,x,60,李敏,CA-1,GP-9\n2026-06-30,x,60,李敏,CA-1,CA-1\n' >gsbad.csv
run sw-plan sessions --db a.db gsbad.csv
check_rc 3 "a session naming no programme"
check_err "sw-plan: gsbad.csv:2: programme: no group programme GP-9 (see sw-project programmes)
sw-plan: gsbad.csv:3: programme: not a group programme id (GP-n)
sw-plan: batch rolled back, nothing stored: 2 read, 0 valid, 0 skipped, 2 rejected" "refused"
check "nothing stored" test "$before" = "$(dbdump a.db)"

# A second programme, its members given out of order: printed in the
# order of their ids; its own output read back: unchanged, skipped;
# created_at changed, refused naming it; members added, in id order.
printf 'title,members\n读书小组,CA-3 CA-1\n' >g2.csv
run sw-project programmes --db a.db -o csv g2.csv
check_rc 0 "a second programme"
cp "$T/out" gp-back.csv
ts
check_out "$GH
GP-2,读书小组,,\"CA-1, CA-3\",preparation,TS," "its members in the order of their ids"
run sw-project programmes --db a.db gp-back.csv
check_rc 0 "its own csv output read back"
check_err_line "sw-project: gp-back.csv:2: skipped: GP-2 is stored already, at that stage" "is skipped"
printf 'programme_id,members\nGP-2,CA-2\n' >g2m.csv
run sw-project programmes --db a.db -o json g2m.csv
check_rc 0 "a member added"
cp "$T/out" gp-back.json
check "the members after, in the order of their ids" grep -q '"members": *"CA-1, CA-2, CA-3"' gp-back.json
run sw-project programmes --db a.db gp-back.json
check_rc 0 "its own json output read back"
check_err_line "sw-project: gp-back.json:2: skipped: GP-2 is stored already, at that stage" "is skipped"
sed 's/,[0-9T:.-]*Z,$/,2020-01-01T00:00:00Z,/' gp-back.csv >gp-ts.csv
run sw-project programmes --db a.db gp-ts.csv
check_rc 3 "created_at changed"
check_err_line "sw-project: gp-ts.csv:2: created_at: differs from the stored programme GP-2: read-only, when it was recorded" "refused naming created_at"

# ---- the roster ----------------------------------------------------------------------------------
run sw-project roster --db a.db -o csv
check_rc 0 "the roster"
ts
check_out "volunteer_id,name,phone,joined,created_at,hours,trainings
VL-1,王芳,13800138000,2026-02-01,TS,6.5,2
VL-2,李雷,,2026-03-01,TS,3.5,1
VL-3,张伟,13900000000,2026-03-15,TS,4,1" "each volunteer's hours (activities and contacts) and trainings"

# ---- default_project -----------------------------------------------------------------------------
mkdir cfg
dbcp a.db cfg/a.db
if [ "$CW_BACKEND" = pg ]; then
	sw-admin config --db cfg/a.db default_project SQ1 >/dev/null 2>&1
else
	printf 'default_project = SQ1\n' >cfg/casework.conf
fi
printf 'date,title,kind,minutes,workers,headcount\n2026-07-01,夏日游园,节日活动,180,李敏,120\n2025-07-01,旧活动,other,60,李敏,5\n' >d.csv
run sw-project activities --db cfg/a.db -o csv --keep-going d.csv
check_rc 3 "default_project applies to an activity without a project"
check "the activity takes it" test "$(tail -n 1 "$T/out" | awk -F, '{print $4 " " $NF}')" = "festival SQ1"
check_err_line "sw-project: d.csv:3: project (default_project): the activity's date 2025-07-01 is outside the contract of project SQ1 (2026-01-01 to 2026-12-31)" "and is checked, naming the setting"

# ---- read back ------------------------------------------------------------------------------------
# The volunteers, activities and trainings printed when stored, read back:
# each unchanged record skipped; an edited field refused (exit 3), naming
# it, never skipped.
run sw-project volunteers --db a.db vl-back.csv
check_rc 0 "the volunteers read back, skipped"
sed '3s/,2026-03-01,/,2026-03-02,/' vl-back.csv >vl-edit.csv
run sw-project volunteers --db a.db vl-edit.csv
check_rc 3 "a volunteer read back with its joined edited"
check_err_line "sw-project: vl-edit.csv:3: joined: differs from the stored VL-2 (a volunteer is never changed)" "refused naming joined"
run sw-project activities --db a.db ac-back.csv
check_rc 0 "the activities read back"
check_err_line "sw-project: ac-back.csv:3: skipped: AC-2 is stored already (read back; it is never changed)" "each skipped"
for f in 's/防诈骗知识讲座/防骗讲座/:title' 's/,90,/,95,/:minutes' 's/王芳=2.5/王芳=3.5/:volunteers' 's/,45,/,46,/:headcount'; do
	sed "2${f%:*}" ac-back.csv >ac-edit.csv
	run sw-project activities --db a.db ac-edit.csv
	check_rc 3 "an activity read back with its ${f#*:} edited"
	check_err_line "sw-project: ac-edit.csv:2: ${f#*:}: differs from the stored AC-1 (an activity is never changed)" "refused naming ${f#*:}, never skipped"
done
run sw-project trainings --db a.db tr-back.csv
check_rc 0 "the trainings read back, skipped"
sed '2s/"王芳, 李雷, 张伟"/"王芳, 李雷"/' tr-back.csv >tr-edit.csv
run sw-project trainings --db a.db tr-edit.csv
check_rc 3 "a training read back with an attendee dropped"
check_err_line "sw-project: tr-edit.csv:2: attendees: differs from the stored TR-1 (a training is never changed)" "refused naming attendees"

# ---- verify, check, copy ----------------------------------------------------------------------------
run sw-admin verify --db a.db -o csv
check_rc 0 "every record verifies, the community contacts too"
if sqlite_only "a community contact's canonical form names its activity last" 1; then
	form=$(sqlite3 a.db "SELECT 'cw-record-1' || char(31) || 'contacts' || char(31) || 'id=' || id || char(31) || 'case_id=' || case_id || char(31) || 'date=' || date || char(31) || 'kind=' || kind || char(31) || 'minutes=' || minutes || char(31) || 'worker=' || worker || char(31) || 'note' || char(31) || 'session_id' || char(31) || 'created_at=' || created_at || char(31) || 'batch_id=' || batch_id || char(31) || 'project=' || project || char(31) || 'activity_id=' || activity_id FROM contacts WHERE id = 1")
	check "contact 1's digest is its canonical form's" test "$(printf '%s' "$form" | sha256sum | cut -c1-64)" = "$(q "SELECT digest FROM contacts WHERE id = 1")"
fi
run "$CW_BIN/sw-admin" copy "$(dburi a.db)" c.sqlite
check_rc 0 "copy with activities, volunteers and trainings"
check "everything copied" test "$(sqlite3 c.sqlite "SELECT (SELECT count(*) FROM activities) || ' ' || (SELECT count(*) FROM activity_participants) || ' ' || (SELECT sum(hours100) FROM volunteer_hours) || ' ' || (SELECT count(*) FROM volunteers) || ' ' || (SELECT count(*) FROM trainings) || ' ' || (SELECT count(*) FROM training_attendees) || ' ' || (SELECT count(activity_id) FROM contacts)")" = "2 2 1400 3 2 4 3"
run "$CW_BIN/sw-admin" check --db c.sqlite -o csv
check_rc 0 "the copy checks"
check "the six tables are counted" test "$(grep -c '^volunteers,\|^activities,\|^activity_participants,\|^volunteer_hours,\|^trainings,\|^training_attendees,' "$T/out")" = 6
run "$CW_BIN/sw-admin" verify --db c.sqlite -o csv
check_rc 0 "the copy verifies"
run "$CW_BIN/sw-project" roster --db c.sqlite -o csv
cp "$T/out" roster-c.csv
run sw-project roster --db a.db -o csv
check_file roster-c.csv "$T/out" "the copy's roster is the original's"

# ---- a programme's session attended by a case that is no member ---------------------------------
# GP-2 (CA-1, CA-2, CA-3) meets once, CA-1 and CA-5 attending: show lists
# CA-5 as a non-member, so the rows add up to the attendance of 2.
printf 'date,title,minutes,workers,cases,programme\n2026-07-02,读书会,60,李敏,CA-1 CA-5,GP-2\n' >g2s.csv
sw-plan sessions --db a.db g2s.csv >/dev/null 2>&1
run sw-project show GP-2 --db a.db -o csv
check_rc 0 "show GP-2"
check "every case that attended listed, the non-member marked" test "$(grep -v '^programme\|^record' "$T/out" | cut -d, -f1,9,12 | tr '\n' ' ')" = "session,2, member,1,CA-1 member,0,CA-2 member,0,CA-3 non_member,1,CA-5 "
check "the rows add up to the attendance" test "$(awk -F, '$1 == "programme" {a = $9} $1 == "member" || $1 == "non_member" {s += $9} END {print a " " s}' "$T/out")" = "2 2"

# ---- repeats and volunteers' hours (review of issue 20) -----------------------------------------
# A new row the same as a stored activity, or as one earlier in the
# batch (date, title, kind, project, head-count and its lists), is a
# repeat: skipped naming the stored id, its cases given no second contact.
cat >dup.csv <<'EOF'
date,title,kind,place,minutes,workers,headcount,participants,cases,volunteers,project
2026-06-10,防诈骗知识讲座,lecture,社区活动室,90,"李敏, 周强",45,,"CA-1, CA-2, CA-3","王芳=2.5, 李雷=3",SQ1
2026-06-14,楼道议事会,residents_meeting,,60,李敏,8,"张三:139-1111-2222",CA-1,,SQ1
2026-06-14,楼道议事会,居民议事会,,60,李敏,8,"张三:13911112222",CA-1,,SQ1
2026-06-14,楼道议事会,residents_meeting,,60,李敏,9,"张三:13911112222",CA-1,,SQ1
EOF
contacts=$(q 'SELECT count(*) FROM contacts')
run sw-project activities --db a.db -o csv dup.csv
check_rc 0 "repeats are skipped, not refused"
check_err "sw-project: dup.csv:2: skipped: the same activity as AC-1, stored already
sw-project: dup.csv:4: skipped: the same activity as AC-3, stored already
sw-project: batch BT-$(q 'SELECT max(id) FROM batches'): 4 read, 2 stored, 2 skipped, 0 rejected" "a stored one and one earlier in the batch, named by id"
check "two activities stored, one contact each" test "$(q 'SELECT count(*) FROM activities') $(q 'SELECT count(*) FROM contacts')" = "4 $((contacts + 2))"
cat >tdup.csv <<'EOF'
date,title,minutes,attendees,project
2026-05-20,志愿者入门培训,120,张伟、王芳、李雷,SQ1
2026-06-20,急救培训,90,"王芳, 李雷",
2026-06-20,急救培训,90,"李雷, 王芳",
EOF
run sw-project trainings --db a.db -o csv tdup.csv
check_rc 0 "repeated trainings are skipped"
check_err "sw-project: tdup.csv:2: skipped: the same training as TR-1, stored already
sw-project: tdup.csv:4: skipped: the same training as TR-3, stored already
sw-project: batch BT-$(q 'SELECT max(id) FROM batches'): 3 read, 1 stored, 2 skipped, 0 rejected" "the attendees in any order"

# Hours before the volunteer joined, or above 24 in a day with those
# stored and earlier in the batch, are refused; the volunteer by number.
before=$(dbdump a.db)
cat >vh.csv <<'EOF'
date,title,kind,minutes,workers,headcount,volunteers
2026-03-10,早春义诊,health_check,60,李敏,5,"王芳=1, 张伟=1"
2026-06-12,晚间讲座,lecture,60,李敏,5,王芳=20.5
2026-06-21,长者节,festival,60,李敏,5,王芳=12
2026-06-21,长者节筹备,other,60,李敏,5,王芳=12.5
EOF
run sw-project activities --db a.db vh.csv
check_rc 3 "hours that cannot be"
check_err "sw-project: vh.csv:2: volunteers: volunteer 2 had not joined by 2026-03-10
sw-project: vh.csv:3: volunteers: volunteer 1 would have more than 24 hours on 2026-06-12
sw-project: vh.csv:5: volunteers: volunteer 1 would have more than 24 hours on 2026-06-21
sw-project: batch rolled back, nothing stored: 4 read, 1 valid, 0 skipped, 3 rejected" "refused, no name given"
printf 'case_id,date,kind,minutes,volunteers\nCA-1,2026-03-10,phone,5,张伟=1\nCA-1,2026-06-12,phone,5,王芳=20.5\n' >cvh.csv
run sw-plan contacts --db a.db cvh.csv
check_rc 3 "a contact's hours likewise"
check_err "sw-plan: cvh.csv:2: volunteers: volunteer 1 had not joined by 2026-03-10
sw-plan: cvh.csv:3: volunteers: volunteer 1 would have more than 24 hours on 2026-06-12
sw-plan: batch rolled back, nothing stored: 2 read, 0 valid, 0 skipped, 2 rejected" "refused"
check "nothing stored" test "$before" = "$(dbdump a.db)"
run sw-admin undo "BT-$(q "SELECT max(batch_id) FROM activities")" --db a.db
check_rc 3 "an activities batch cannot be undone"
check_err_line "sw-admin: cannot undo BT-$(q "SELECT max(batch_id) FROM activities") (sw-project activities): undo does not reverse sw-project's batches: an activity's participants, volunteers' hours and its cases' community contacts, a training's attendees, a programme's stages and members, and the projects and targets other records name are not taken back; correct them by a later record" "saying why"
done_testing
