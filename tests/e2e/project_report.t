#!/bin/sh
# project_report.t - sw-report project CODE: a project's indicators over a
# month, a quarter, --since/--until, --contract and --midterm, checked
# figure by figure against numbers worked out by hand below; a period's
# target the sum of the per-period targets falling in it, else the
# contract's prorated and rounded half up; every output format; --by
# project on the statistical reports; what is refused.
. "$CW_TOP/tests/e2e/lib.sh"

q() { dbq p.db "$1"; }
rep() { run sw-report "$@" --db p.db; }
setup() {
	"$@" >setup.out 2>setup.err || { not_ok "setup: $*"; diag setup.err; }
}

# ---- the fixture -----------------------------------------------------------------
# SQ-A: 2026-01-01..2026-12-31 (365 days), target population 40.
# OT-B: another project of the same year. MID: 2026-01-15..2026-08-15,
# HALF: 2026-01-01..2026-01-10 (10 days), for the periods' edges; OLD, a
# contract long over.
setup sw-intake workers --add 李敏 周强 --db p.db
cat >projects.csv <<'EOF'
code,name,funder,start,end,target_population,workers
SQ-A,长者关爱服务项目,民政局,2026-01-01,2026-12-31,40,李敏
OT-B,青少年项目,基金会,2026-01-01,2026-12-31,10,
MID,中期测试,基金会,2026-01-15,2026-08-15,10,
HALF,取整测试,基金会,2026-01-01,2026-01-10,10,
OLD,旧项目,基金会,2020-01-01,2020-12-31,10,
EOF
setup sw-project add --db p.db projects.csv
# Targets. SQ-A: for the contract, and case_contacts by month (March 32,
# April 28), group_sessions by quarter (Q1 12). MID: case_contacts for
# January alone (its contract starts on 01-15), completeness for the
# contract and for January.
cat >targets.csv <<'EOF'
project,indicator,target,period
SQ-A,case_contacts,360,
SQ-A,case_contacts,32,2026-03
SQ-A,case_contacts,28,2026-04
SQ-A,case_clients,50,
SQ-A,group_sessions,40,
SQ-A,group_sessions,12,2026Q1
SQ-A,group_attendance,300,
SQ-A,activities,12,
SQ-A,volunteer_hours,100.5,
SQ-A,new_partners,10,
SQ-A,satisfaction,4.5,
SQ-A,goal_attainment,80,
SQ-A,prepost_improved,60,
SQ-A,coverage,80,
SQ-A,timeliness,95,
SQ-A,completeness,90,
SQ-A,supervision_frequency,12,
OT-B,group_sessions,3,2026-03
HALF,case_contacts,5,
HALF,volunteer_hours,0.05,
MID,case_clients,100,
MID,case_contacts,10,2026-01
MID,completeness,90,
MID,completeness,70,2026-01
EOF
setup sw-project targets --db p.db targets.csv
# Cases: CA-1..CA-6 of SQ-A, CA-7 of OT-B, CA-8 of none (clients CL-1..CL-8).
cat >cases.csv <<'EOF'
name,sex,intake_date,worker,consent_date,consent_share,project
甲,female,2026-02-01,李敏,2026-02-01,yes,SQ-A
乙,male,2026-02-01,李敏,2026-02-01,yes,SQ-A
丙,female,2026-02-01,李敏,2026-02-01,yes,SQ-A
丁,male,2026-02-01,周强,2026-02-01,yes,SQ-A
戊,female,2026-02-01,周强,2026-02-01,yes,SQ-A
己,male,2026-02-01,周强,2026-02-01,yes,SQ-A
庚,female,2026-02-01,周强,2026-02-01,yes,OT-B
辛,male,2026-02-01,周强,2026-02-01,yes,
EOF
setup sw-intake add --db p.db cases.csv
# Contacts. For SQ-A in March, 30 (个案服务人次):
#   03-02, 03-09, 03-16: CA-1..CA-6 (6, their case's project), CA-7 and
#            CA-1 naming SQ-A (2): 8 a day, 24
#   03-23:   CA-1..CA-6: 6                                   24 + 6 = 30
# Not SQ-A's: CA-2 naming OT-B (03-09, 03-23, and 04-10, its only contact
# in April), CA-8 of none (03-09 twice), CA-7 without a project (03-02
# twice: OT-B's); CA-1 on 02-20 (February).
# Clients of SQ-A's contacts (服务人数): CL-1..CL-6 and CL-7 = 7.
{
	echo case_id,date,kind,minutes,project
	for d in 02 09 16; do
		for k in 1 2 3 4 5 6; do echo "CA-$k,2026-03-$d,interview,30,"; done
		echo "CA-7,2026-03-$d,phone,10,SQ-A"
		echo "CA-1,2026-03-$d,phone,10,SQ-A"
	done
	for k in 1 2 3 4 5 6; do echo "CA-$k,2026-03-23,home_visit,60,"; done
	echo "CA-2,2026-03-09,phone,10,OT-B"
	echo "CA-2,2026-03-23,phone,10,OT-B"
	echo "CA-2,2026-04-10,phone,10,OT-B"
	echo "CA-8,2026-03-09,phone,10,"
	echo "CA-8,2026-03-09,phone,10,"
	echo "CA-7,2026-03-02,phone,10,"
	echo "CA-7,2026-03-02,phone,10,"
	echo "CA-1,2026-02-20,interview,30,"
} >contacts.csv
setup sw-plan contacts --db p.db contacts.csv
# A group programme of SQ-A, GS-1..GS-4 (project SQ-A), and GS-5 without
# a project: its attendance counts for each case's project.
#   GS-1 03-05 CA-1..CA-6       6
#   GS-2 03-12 CA-1..CA-5       5
#   GS-3 03-19 CA-1..CA-4 CA-8  5 (CA-8 counts: the session is SQ-A's)
#   GS-4 03-26 CA-1..CA-6       6
#   GS-5 03-27 CA-1 CA-7        1 for SQ-A (CA-1), 1 for OT-B
# 小组活动场次 5, 小组参与人次 6 + 5 + 5 + 6 + 1 = 23.
cat >sessions.csv <<'EOF'
date,title,minutes,workers,cases,project
2026-03-05,睡眠小组,90,李敏,CA-1 CA-2 CA-3 CA-4 CA-5 CA-6,SQ-A
2026-03-12,睡眠小组,90,李敏,CA-1 CA-2 CA-3 CA-4 CA-5,SQ-A
2026-03-19,睡眠小组,90,李敏,CA-1 CA-2 CA-3 CA-4 CA-8,SQ-A
2026-03-26,睡眠小组,90,李敏,CA-1 CA-2 CA-3 CA-4 CA-5 CA-6,SQ-A
2026-03-27,联合活动,60,周强,CA-1 CA-7,
EOF
setup sw-plan sessions --db p.db sessions.csv
# Coverage (服务覆盖率): the distinct clients of SQ-A's cases (CA-1..CA-6)
# served in March, by a contact or an attendance whatever its own
# project: CL-1..CL-6 = 6; 6 / 40 = 15.0%. Not CL-7 (CA-7 is OT-B's, though
# its contacts name SQ-A) nor CL-8 (CA-8 has no project, though it
# attended SQ-A's GS-3). In April, CL-2 alone, by its contact naming
# OT-B: 1 / 40 = 2.5%.
#
# The directory: organisations 1, 2, 3; services SV-1 (org 1), SV-2
# (org 2), SV-3 (org 3), SV-4 (org 1). Referrals sent:
#   RF-1 CA-1 SV-1 02-10  org 1 first referred to in February
#   RF-2 CA-2 SV-4 03-05  org 1 again: not new
#   RF-3 CA-3 SV-2 03-10  org 2: new in March
#   RF-4 CA-7 SV-3 03-12  org 3: new, the referral's own project SQ-A
#   RF-5 CA-8 SV-2 03-15  none's
#   RF-6 CA-4 SV-3        a draft, never sent
# 新增合作机构 in March: 2 (orgs 2 and 3); February 1; the contract 3.
setup dbq p.db "INSERT INTO organizations (name, created_at, batch_id) VALUES ('甲机构', '2026-01-01T00:00:00Z', 1), ('乙机构', '2026-01-01T00:00:00Z', 1), ('丙机构', '2026-01-01T00:00:00Z', 1)"
setup dbq p.db "INSERT INTO services (organization_id, name, category, created_at, batch_id) VALUES (1, '心理咨询', 'mental_health', '2026-01-01T00:00:00Z', 1), (2, '法律援助', 'legal_aid', '2026-01-01T00:00:00Z', 1), (3, '康复服务', 'health', '2026-01-01T00:00:00Z', 1), (1, '家庭辅导', 'family', '2026-01-01T00:00:00Z', 1)"
cat >refer.csv <<'EOF'
case_id,service_id,reason
CA-1,SV-1,情绪
CA-2,SV-4,家庭
CA-3,SV-2,法律
CA-7,SV-3,康复
CA-8,SV-2,法律
CA-4,SV-3,康复
EOF
setup sw-refer add --db p.db refer.csv
cat >status.csv <<'EOF'
referral_id,state,date
RF-1,sent,2026-02-10
RF-2,sent,2026-03-05
RF-3,sent,2026-03-10
RF-4,sent,2026-03-12
RF-5,sent,2026-03-15
EOF
setup sw-refer status --db p.db status.csv
# A referral's own project (drafted today, so set here rather than
# through a contract that must hold today).
setup q "UPDATE referrals SET project = 'SQ-A' WHERE id = 4"
# Assessments. PHQ-9 (lower is better): baseline first ever, follow-up
# the latest in the period (as sw-report outcomes):
#   CA-1 02-05 15 -> 03-20 8   improved
#   CA-2 02-05 10 -> 03-20 12  worse
#   CA-3 02-05 12 -> 03-25 6   improved
#   CA-4 03-02 14              no pair
#   CA-5 02-06 9               no pair (but an assessment: completeness)
#   CA-8 02-05 15 -> 03-20 8   none's
# 前后测改善率 2 / 3 = 66.7%.
cat >phq.csv <<'EOF'
case_id,date,q1,q2,q3,q4,q5,q6,q7,q8,q9
CA-1,2026-02-05,2,2,2,2,2,2,2,1,0
CA-2,2026-02-05,2,2,2,1,1,1,1,0,0
CA-3,2026-02-05,2,2,2,2,1,1,1,1,0
CA-5,2026-02-06,1,1,1,1,1,1,1,2,0
CA-8,2026-02-05,2,2,2,2,2,2,2,1,0
CA-1,2026-03-20,1,1,1,1,1,1,1,1,0
CA-2,2026-03-20,2,2,2,2,1,1,1,1,0
CA-3,2026-03-25,1,1,1,1,1,1,0,0,0
CA-4,2026-03-02,2,2,2,2,2,2,1,1,0
CA-8,2026-03-20,1,1,1,1,1,1,1,1,0
EOF
setup sw-assess score phq9 --db p.db phq.csv
# Satisfaction surveys in March: CA-1 4.6, CA-2 4.0, CA-3 5.0; CA-8
# (none's) 1.0; CA-6 in February (and its only assessment).
# 满意度 (4.6 + 4.0 + 5.0) / 3 = 4.533 -> 4.53.
cat >sat.csv <<'EOF'
case_id,date,q1,q2,q3,q4,q5
CA-1,2026-03-10,5,5,5,4,4
CA-2,2026-03-10,4,4,4,4,4
CA-3,2026-03-11,5,5,5,5,5
CA-8,2026-03-11,1,1,1,1,1
CA-6,2026-02-15,3,3,3,3,3
EOF
setup sw-assess score satisfaction --db p.db sat.csv
# Goals (as sw-report goals: deadline in the period, or a final status
# given in it):
#   GL-1 CA-5 deadline 03-31, achieved at the closure of 03-28
#   GL-2 CA-6 deadline 03-31, not achieved at the closure of 03-29
#   GL-3 CA-1 deadline 03-31, achieved by progress 03-20
#   GL-4 CA-2 deadline 03-15, in progress (no final status)
#   GL-5 CA-8 deadline 03-31, achieved by progress (none's)
# 目标达成度 2 / 3 = 66.7%.
cat >goals.csv <<'EOF'
case_id,term,description,indicator,target,deadline
CA-5,short,改善睡眠,睡眠时长,7小时,2026-03-31
CA-6,short,参加活动,次数,4,2026-03-31
CA-1,short,情绪稳定,PHQ-9,低于10,2026-03-31
CA-2,short,家庭沟通,冲突次数,减少,2026-03-15
CA-8,short,就业,入职,入职,2026-03-31
EOF
setup sw-plan goals --db p.db goals.csv
printf 'goal_id,date,status\nGL-3,2026-03-20,achieved\nGL-4,2026-03-01,in_progress\nGL-5,2026-03-20,achieved\n' >progress.csv
setup sw-plan progress --db p.db progress.csv
# Closures in March: CA-5 (an assessment, a plan, a kind, every goal
# final: complete), CA-6 (a satisfaction survey only, no assessment:
# incomplete). 服务记录完整性 1 / 2 = 50.0%.
cat >close.csv <<'EOF'
case_id,date,reason_kind,reason,outcomes
CA-5,2026-03-28,goals_achieved,目标达成,GL-1=achieved
CA-6,2026-03-29,client_withdrew,退出,GL-2=not_achieved
EOF
setup sw-plan close --db p.db close.csv
# Timeliness (timely_days 3): SQ-A's records dated in March are its 30
# contacts, 5 group sessions, 7 assessments (4 PHQ-9, 3 surveys) and 2
# closures: 44. Entered (created_at) within 3 days of their date:
#   contacts of 03-02 entered 03-04 (2 days) and of 03-09 on 03-12 (3
#   days, the limit): 16; of 03-16 on 03-20 (4 days): late; of 03-23
#   entered 03-20, 3 days before the day they record: not on time
#   GS-1 and GS-2 entered the same day: 2; the others today
#   CX-1 (CA-5) entered 03-28: 1; the assessments and CX-2 today
# 服务记录及时性 (16 + 2 + 1) / 44 = 43.2%.
setup q "UPDATE contacts SET created_at = '2026-03-04T09:00:00Z' WHERE date = '2026-03-02'"
setup q "UPDATE contacts SET created_at = '2026-03-12T23:00:00Z' WHERE date = '2026-03-09'"
setup q "UPDATE contacts SET created_at = '2026-03-20T09:00:00Z' WHERE date = '2026-03-16'"
setup q "UPDATE contacts SET created_at = '2026-03-20T09:00:00Z' WHERE date = '2026-03-23'"
setup q "UPDATE group_sessions SET created_at = '2026-03-05T18:00:00Z' WHERE id = 1"
setup q "UPDATE group_sessions SET created_at = '2026-03-12T18:00:00Z' WHERE id = 2"
setup q "UPDATE closures SET created_at = '2026-03-28T18:00:00Z' WHERE case_id = 5"
check "the fixture: 8 cases, 62 contacts (38 and 24 attending), 5 sessions, 6 referrals, 2 closures" \
	test "$(q "SELECT (SELECT count(*) FROM cases) || ' ' || (SELECT count(*) FROM contacts) || ' ' || (SELECT count(*) FROM group_sessions) || ' ' || (SELECT count(*) FROM referrals) || ' ' || (SELECT count(*) FROM closures)")" = "8 62 5 6 2"

H=indicator,label_zh,label_en,target,achieved,rate

# ---- March ------------------------------------------------------------------------
# Targets for March: the sum of the per-period targets falling in it,
# else the contract's x 31 / 365 (its days of the contract's), rounded
# half up; the rate is achieved / the target as printed, to one decimal:
#   case_contacts   the month's own: 32          rate 30 / 32 = 93.75 -> 93.8
#   case_clients    50 x 31 / 365 = 4.25 -> 4    rate 7 / 4 = 175.0
#   group_sessions  Q1's 12 does not fall in March (a quarter is not in a
#                   month): 40 x 31 / 365 = 3.40 -> 3  rate 5 / 3 = 166.7
#   group_attendance 300 x 31 / 365 = 25.48 -> 25  rate 23 / 25 = 92.0
#   activities      12 x 31 / 365 = 1.02 -> 1    (not counted yet)
#   volunteer_hours 100.5 x 31 / 365 = 8.5356 -> 8.54 (hundredths)
#   new_partners    10 x 31 / 365 = 0.85 -> 1    rate 2 / 1 = 200.0
#   satisfaction    4.5, not prorated            4.5333 / 4.5 = 100.7
#   goal_attainment 80                           66.67 / 80 = 83.3
#   prepost_improved 60                          66.67 / 60 = 111.1
#   coverage        80                           15 / 80 = 18.75 -> 18.8
#   timeliness      95                           43.18 / 95 = 45.5
#   completeness    90                           50 / 90 = 55.6
#   supervision_frequency 12 x 31 / 365 = 1.02 -> 1 (no records yet)
MARCH="$H
case_contacts,个案服务人次,case contacts,32,30,93.8
case_clients,服务人数,clients served,4,7,175.0
group_sessions,小组活动场次,group sessions,3,5,166.7
group_attendance,小组参与人次,group attendance,25,23,92.0
activities,社区活动场次,community activities,1,0,0.0
activity_participants,社区参与人次,community participants,,0,
volunteers,志愿者人数,volunteers,,0,
volunteer_hours,志愿服务时长,volunteer hours,8.54,0,0.0
volunteer_trainings,志愿者培训次数,volunteer trainings,,0,
new_partners,新增合作机构数量,new partner organisations,1,2,200.0
satisfaction,满意度,satisfaction (mean score),4.5,4.53,100.7
goal_attainment,目标达成度,goal attainment %,80,66.7,83.3
prepost_improved,前后测改善率,improved at post-test %,60,66.7,111.1
coverage,服务覆盖率,coverage %,80,15.0,18.8
timeliness,服务记录及时性,records entered on time %,95,43.2,45.5
completeness,服务记录完整性,complete closed cases %,90,50.0,55.6
supervision_frequency,社工督导频率,supervision sessions,1,,"
rep project SQ-A --month 2026-03 -o csv
check_rc 0 "the indicator report of March"
check_out "$MARCH" "March, figure by figure"
check "timeliness: the contacts entered 3 days before their date are not on time (19 / 44)" test "$(grep '^timeliness' "$T/out" | cut -d, -f5)" = 43.2
rep project sq-a --month 2026-03 -o csv
check_rc 3 "a code is matched exactly"
rep project SQ-A --since 2026-03-01 --until 2026-03-31 -o csv
check_out "$MARCH" "--since and --until: the same days, the same figures"

# timely_days from the configuration: 4 days makes the contacts of 03-16
# on time: (16 + 8 + 2 + 1) / 44 = 61.4%, rate 61.36 / 95 = 64.6.
if [ "$CW_BACKEND" != pg ]; then
	mkdir cfg && dbcp p.db cfg/p.db && printf 'timely_days = 4\n' >cfg/casework.conf
	run sw-report project SQ-A --month 2026-03 --db cfg/p.db -o csv
	check "timely_days 4" test "$(grep '^timeliness' "$T/out")" = "timeliness,服务记录及时性,records entered on time %,95,61.4,64.6"
	printf 'timely_days = soon\n' >cfg/casework.conf
	run sw-report project SQ-A --month 2026-03 --db cfg/p.db -o csv
	check_rc 2 "timely_days must be a number of days"
else
	skip "timely_days from the configuration file (SQLite's)"
	skip "(a bad timely_days)"
fi

# ---- February, the quarter, the contract, the mid-term -----------------------------
# February (28 days): case_contacts has targets for March and April, none
# falling in February, which takes the contract's: 360 x 28 / 365 = 27.6
# -> 28; achieved 1 (CA-1, 02-20), 3.6%. new_partners 10 x 28 / 365 =
# 0.77 -> 1, achieved 1 (org 1). group_sessions: Q1 does not fall in
# February, the contract's 40 x 28 / 365 = 3.07 -> 3.
rep project SQ-A --month 2026-02 -o csv
check "February: a month without its own target takes the contract's" test "$(sed -n 2p "$T/out")" = "case_contacts,个案服务人次,case contacts,28,1,3.6"
check "February: new partners" test "$(grep '^new_partners' "$T/out")" = "new_partners,新增合作机构数量,new partner organisations,1,1,100.0"
check "February: a quarter's target is not spread over its months" test "$(grep '^group_sessions' "$T/out")" = "group_sessions,小组活动场次,group sessions,3,0,0.0"
# Q1: case_contacts March's 32, the one per-period target falling in it,
# unprorated and not topped up for January and February; achieved 31
# (02-20 and March's 30), 31 / 32 = 96.875 -> 96.9%; group_sessions 12
# (the quarter's own), 5 / 12 = 41.7%; case_clients 50 x 90 / 365 =
# 12.33 -> 12, achieved 7, 58.3%.
rep project SQ-A --quarter 2026Q1 -o csv
check_rc 0 "the first quarter"
check "Q1: the months' targets falling in it, alone" test "$(sed -n 2p "$T/out")" = "case_contacts,个案服务人次,case contacts,32,31,96.9"
check "Q1: the quarter's target" test "$(grep '^group_sessions' "$T/out")" = "group_sessions,小组活动场次,group sessions,12,5,41.7"
check "Q1: prorated" test "$(grep '^case_clients' "$T/out")" = "case_clients,服务人数,clients served,12,7,58.3"
# OT-B has a target for March alone (group_sessions 3, no contract
# target): February has none; March's is 3, achieved 1 (GS-5), 33.3%.
run sw-report project OT-B --month 2026-02 --db p.db -o csv
check "no target on days no target covers" test "$(grep '^group_sessions' "$T/out")" = "group_sessions,小组活动场次,group sessions,,0,"
run sw-report project OT-B --month 2026-03 --db p.db -o csv
check "the month's own" test "$(grep '^group_sessions' "$T/out")" = "group_sessions,小组活动场次,group sessions,3,1,33.3"
# The contract: the contract's own targets, set for exactly this period
# (case_contacts 360, achieved 31, 8.61 -> 8.6%; group_sessions 40,
# achieved 5, 12.5%; new_partners 10, achieved 3; volunteer_hours
# 100.5), not the sum of the months' (60) or the quarter's (12); achieved
# over the year.
rep project SQ-A --contract -o csv
check_rc 0 "the whole contract"
check "contract: the contract's target, not the months' summed" test "$(sed -n 2p "$T/out")" = "case_contacts,个案服务人次,case contacts,360,31,8.6"
check "contract: the contract's, not the quarter's" test "$(grep '^group_sessions' "$T/out")" = "group_sessions,小组活动场次,group sessions,40,5,12.5"
check "contract: new partners 3" test "$(grep '^new_partners' "$T/out")" = "new_partners,新增合作机构数量,new partner organisations,10,3,30.0"
check "contract: volunteer hours whole" test "$(grep '^volunteer_hours' "$T/out")" = "volunteer_hours,志愿服务时长,volunteer hours,100.5,0,0.0"
# The mid-term of SQ-A: 12 months, ceil(12 / 2) = 6: 2026-01-01 to
# 2026-06-30 (181 days). case_contacts: March's 32 + April's 28 = 60 (the
# other months have none; the contract's is not added), achieved 31,
# 51.67 -> 51.7%; group_sessions Q1's 12, achieved 5, 41.7%;
# case_clients (no per-period target) 50 x 181 / 365 = 24.79 -> 25,
# achieved 7, 28.0%.
rep project SQ-A --midterm -o json
check_rc 0 "the mid-term"
rep project SQ-A --midterm -o csv
check "mid-term: the months' targets alone" test "$(sed -n 2p "$T/out")" = "case_contacts,个案服务人次,case contacts,60,31,51.7"
check "mid-term: the quarter's alone" test "$(grep '^group_sessions' "$T/out")" = "group_sessions,小组活动场次,group sessions,12,5,41.7"
check "mid-term: prorated over 181 days" test "$(grep '^case_clients' "$T/out")" = "case_clients,服务人数,clients served,25,7,28.0"
rep project SQ-A --midterm -o html
check "mid-term: its days in the page" grep -q "Period: 2026-01-01 to 2026-06-30" "$T/out"
# MID: 2026-01-15..2026-08-15 is 7 months and a day (01-15 + 7 months -
# 1 day = 08-14): 8 months, half 4: 01-15 to 05-14 (120 of its 213 days);
# case_clients 100 x 120 / 213 = 56.34 -> 56.
run sw-report project MID --midterm --db p.db -o html
check "the mid-term of a contract of 7 months and a day: 4 months" grep -q "Period: 2026-01-15 to 2026-05-14" "$T/out"
run sw-report project MID --midterm --db p.db -o csv
check "and its target prorated" test "$(grep '^case_clients' "$T/out")" = "case_clients,服务人数,clients served,56,0,0.0"
# January's case_contacts 10 falls in the mid-term: all its days inside
# the contract (01-15..01-31) are in it.
check "and January's target whole" test "$(sed -n 2p "$T/out" | cut -d, -f4)" = 10
# A month cut by the contract's start: January as asked holds January's
# target, whole (10, not 10 x 17 / 31 = 5.48 -> 5); a share's target is
# January's own (70), matched with the month as asked, not as cut
# (01-15..01-31).
run sw-report project MID --month 2026-01 --db p.db -o csv
check "MID January: the month's target, whole" test "$(sed -n 2p "$T/out")" = "case_contacts,个案服务人次,case contacts,10,0,0.0"
check "MID January: the month's share target" test "$(grep '^completeness' "$T/out" | cut -d, -f4)" = 70
# Q1: January's 10 falls in it; a share's target is never summed nor
# taken from a month: the contract's 90.
run sw-report project MID --quarter 2026Q1 --db p.db -o csv
check "MID Q1: January's count target" test "$(sed -n 2p "$T/out" | cut -d, -f4)" = 10
check "MID Q1: the contract's share target" test "$(grep '^completeness' "$T/out" | cut -d, -f4)" = 90
# 01-20..02-28: January does not fall in it, and MID has no contract
# target for case_contacts: none (not January's spread over its days).
run sw-report project MID --since 2026-01-20 --until 2026-02-28 --db p.db -o csv
check "MID from 01-20: no target" test "$(sed -n 2p "$T/out" | cut -d, -f4)" = ""
# SQ-A 03-15..04-30: March's target does not fall in it (its first half
# is outside), April's 28 does: 28, not 32 x 17 / 31 + 28; achieved the
# contacts of 03-16 (8) and 03-23 (6): 14, 50.0%.
rep project SQ-A --since 2026-03-15 --until 2026-04-30 -o csv
check "a month partly in the period is not counted" test "$(sed -n 2p "$T/out")" = "case_contacts,个案服务人次,case contacts,28,14,50.0"
# Rounding half up: HALF's 10 days, target 5: 5 days 2.5 -> 3, 3 days
# 1.5 -> 2, 1 day 0.5 -> 1; hours 0.05 x 5 / 10 = 0.025 -> 0.03.
for x in "01-05 3 0.03" "01-03 2 0.02" "01-01 1 0.01"; do
	set -- $x
	run sw-report project HALF --since 2026-01-01 --until "2026-$1" --db p.db -o csv
	check "HALF to $1: $2" test "$(sed -n 2p "$T/out" | cut -d, -f4)" = "$2"
	check "HALF to $1: hours $3" test "$(grep '^volunteer_hours' "$T/out" | cut -d, -f4)" = "$3"
done
# A period partly outside the contract: its days inside it, the period
# the page names.
run sw-report project HALF --month 2026-01 --db p.db -o csv
check "a month past the contract's end: the whole target (10 of 10 days)" test "$(sed -n 2p "$T/out" | cut -d, -f4)" = "5"
run sw-report project HALF --month 2026-01 --db p.db -o html
check "and its days inside the contract" grep -q "Period: 2026-01-01 to 2026-01-10" "$T/out"
# A contact of a project's case after the contract ended is refused
# (sw-project(1)), so it never counts: HALF's case CA-9 has a contact on
# 01-05; one on 01-20 is rejected and stores nothing.
printf 'name,intake_date,project
壬,2026-01-02,HALF
' >half.csv
setup sw-intake add --db p.db half.csv
printf 'case_id,date,kind,minutes
CA-9,2026-01-05,phone,5
CA-9,2026-01-20,phone,5
' >halfc.csv
run sw-plan contacts --db p.db halfc.csv
check_rc 3 "a contact after its case's contract: rejected"
check_err_line "sw-plan: halfc.csv:3: date: the contact's date 2026-01-20 is outside the contract of project HALF (2026-01-01 to 2026-01-10), the project of case CA-9, for which it counts (give it a project of its own)" "naming file, line, field and project"
check_out "" "and nothing stored of its batch"
printf 'case_id,date,kind,minutes
CA-9,2026-01-05,phone,5
' >halfc.csv
setup sw-plan contacts --db p.db halfc.csv
run sw-report project HALF --month 2026-01 --db p.db -o csv
check "only the contract's days are counted" test "$(sed -n 2p "$T/out")" = "case_contacts,个案服务人次,case contacts,5,1,20.0"

# ---- formats -----------------------------------------------------------------------
rep project SQ-A --month 2026-03 -o jsonl
check_rc 0 "jsonl"
check "jsonl: a line per indicator" test "$(wc -l <"$T/out")" = 17
check "jsonl: numbers bare, none null" test "$(sed -n 1p "$T/out")" = '{"indicator":"case_contacts","label_zh":"个案服务人次","label_en":"case contacts","target":32,"achieved":30,"rate":93.8}'
check "jsonl: every line parses" /usr/bin/python3 -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1])]' "$T/out"
rep project SQ-A --month 2026-03 -o json
check "json parses, 17 rows, satisfaction 4.53" /usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d)==17 and d[10]["achieved"]==4.53 and d[4]["achieved"]==0 and d[16]["achieved"] is None, d' "$T/out"
rep project SQ-A --month 2026-03 -o table
check_rc 0 "table"
check "table: English labels" grep -q "records entered on time %" "$T/out"
rep project SQ-A --month 2026-03 --excel
check "--excel: BOM and CRLF" test "$(head -c 3 "$T/out" | od -An -tx1 | tr -d ' ')" = efbbbf
if /usr/bin/python3 -c 'import openpyxl' 2>/dev/null; then
	run sw-report project SQ-A --month 2026-03 --db p.db -o xlsx
	cp "$T/out" r.xlsx
	check_rc 0 "xlsx"
	check "xlsx: figures are numbers" /usr/bin/python3 -c '
import openpyxl, sys
ws = openpyxl.load_workbook(sys.argv[1]).active
rows = [[c.value for c in r] for r in ws.iter_rows()]
hdr = next(i for i, r in enumerate(rows) if r and r[0] == "indicator")
r = rows[hdr + 1]
assert r[:6] == ["case_contacts", "个案服务人次", "case contacts", 32, 30, 93.8], r
' r.xlsx
else
	skip "openpyxl not installed"
	skip "(xlsx)"
fi
rep project SQ-A --month 2026-03 -o html
check_rc 0 "html"
check "html: an inline svg chart" grep -q '<svg class="chart"' "$T/out"
check "html: a bar per indicator with a target and a figure (13)" test "$(grep -c '<rect class="bar"' "$T/out")" = 13
check "html: the target line" grep -q '<line class="goal"' "$T/out"
check "html: achieved / target written" grep -q '>30 / 32 (93.8%)<' "$T/out"
check "html: nothing fetched" sh -c "! grep -Eq 'src=|href=|url\\(|<script' '$T/out'"
check "html: well-formed" /usr/bin/python3 -c 'import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])' "$T/out"
LC_ALL=zh_CN.UTF-8 sw-report project SQ-A --month 2026-03 --db p.db -o html >zh.html 2>/dev/null
check "html in Chinese: the Chinese labels in the chart" grep -q '>个案服务人次</text>' zh.html

# ---- --by project ----------------------------------------------------------------
# services in March by project (a contact's own project, else its
# case's; a session's attendance carries the session's):
#   SQ-A: 30 contacts + 23 attending = 53, clients CL-1..CL-8 (8);
#         minutes 3 x (6 x 30 + 2 x 10) + 6 x 60 = 960, sessions
#         GS-1..GS-4 90 x 22 = 1980, GS-5 60 x 1: 3000
#   OT-B: CA-2's 2 naming it, CA-7's 2 without one (10 each), CA-7 at
#         GS-5 (60): 5 contacts, 2 clients, 100 minutes, 1 session
#   none: CA-8's 2 (10 each; at GS-3 it counts for SQ-A)
# GS-5 counts for both projects: sessions do not add up over projects,
# and the total row leaves them empty (as over categories).
rep services --month 2026-03 --by project -o csv
check_rc 0 "services --by project"
check_out "project,contacts,clients,households,minutes,sessions,attendance
OT-B,5,2,2,100,1,1
SQ-A,53,8,8,3000,5,23
none,2,1,1,20,0,0
total,60,8,8,3120,,24" "services by project: a contact's own project, else its case's"
rep satisfaction --month 2026-03 --by project -o csv
check_rc 0 "satisfaction --by project"
check_out "instrument,project,responses,mean_score
satisfaction,SQ-A,3,4.53
satisfaction,none,1,1.00
satisfaction,total,4,3.65
total,SQ-A,3,
total,none,1,
total,total,4," "satisfaction by project: the case's"
# referrals sent in March: RF-2, RF-3 (their cases'), RF-4 (its own
# SQ-A, though its case is OT-B's): 3; RF-5 none's.
rep referrals --month 2026-03 --by project -o csv
check_rc 0 "referrals --by project"
check_out "project,made,accepted,declined,completed,median_days_to_response
SQ-A,3,0,0,0,
none,1,0,0,0,
total,4,0,0,0," "referrals by project: a referral's own, else its case's"
# goals, outcomes, caseload: the case's project
rep goals --month 2026-03 --by project,term -o csv
check "goals by project and term" test "$(grep '^SQ-A,short' "$T/out")" = "SQ-A,short,4,2,0,1,66.7"
rep caseload --month 2026-03 --by project -o csv
check "caseload by project" test "$(grep '^SQ-A' "$T/out")" = "SQ-A,0,2,0,4,4"
# overdue at 03-31: the referrals still sent past their follow-up day
# (14 days for routine ones): RF-1..RF-4 SQ-A's (RF-4 by its own
# project), RF-5 none's; GL-4 (deadline 03-15, in progress) SQ-A's.
rep overdue --month 2026-03 --by project,kind -o csv
check "overdue by project: a referral's own project, else its case's" test "$(grep -E '^(SQ-A|none),(referral|goal),' "$T/out" | tr '\n' ' ')" = "SQ-A,goal,1 SQ-A,referral,4 none,goal,0 none,referral,1 "
rep outcomes --month 2026-03 --by project -o csv
check "outcomes by project: the project report's pre/post" test "$(grep '^phq9,SQ-A' "$T/out" | cut -d, -f3,5,6)" = "3,2,66.7"

# ---- coverage and completeness ----------------------------------------------------
# April: of SQ-A's cases only CA-2 is served, by its contact naming OT-B:
# coverage 1 / 40 = 2.5%, rate 2.5 / 80 = 3.125 -> 3.1.
rep project SQ-A --month 2026-04 -o csv
check "coverage: a contact of the project's case, whatever its own project" test "$(grep '^coverage' "$T/out")" = "coverage,服务覆盖率,coverage %,80,2.5,3.1"
# CA-5, complete and closed on 03-28, reopens on 04-05: March's figure is
# unchanged (1 / 2 = 50.0%: not reopened by March's end); over the
# contract CA-5 is reopened by its end: CA-6 alone, 0 / 1 = 0.0%.
printf 'case_id,reopened_date,reason\nCA-5,2026-04-05,复发\n' >reopen.csv
setup sw-plan reopen --db p.db reopen.csv
rep project SQ-A --month 2026-03 -o csv
check "completeness: a reopening after the period does not change it" test "$(grep '^completeness' "$T/out")" = "completeness,服务记录完整性,complete closed cases %,90,50.0,55.6"
rep project SQ-A --contract -o csv
check "completeness: a case reopened by the period's end is not closed" test "$(grep '^completeness' "$T/out")" = "completeness,服务记录完整性,complete closed cases %,90,0.0,0.0"

# ---- refused -----------------------------------------------------------------------
rep project NOPE --month 2026-03
check_rc 3 "no such project"
check_err "sw-report: no project NOPE (see sw-project list)" "named"
rep project 项目 --month 2026-03
check_rc 3 "not a code"
rep project SQ-A --month 2026-13
check_rc 2 "a bad month"
rep project SQ-A --month 2026-03 --contract
check_rc 2 "two periods"
rep project SQ-A --contract --midterm
check_rc 2 "--contract and --midterm"
rep project SQ-A --quarter 2026Q5
check_rc 2 "a bad quarter"
rep project SQ-A --month 2026-03 --by worker
check_rc 2 "--by is not the project report's"
rep project SQ-A --month 2026-03 --suppress 3
check_rc 2 "nor --suppress"
rep project --month 2026-03
check_rc 2 "a code is required"
rep project SQ-A --until 2025-12-31
check_rc 2 "a period that ends before the contract begins"
check_err_line "sw-report: the period is outside the contract of project SQ-A (2026-01-01 to 2026-12-31)" "says so"
rep project SQ-A --month 2027-01
check_rc 2 "a month after it"
rep project OLD
check_rc 2 "no period option: this month, after the contract"
check_err_line "sw-report: the period is outside the contract of project OLD (2020-01-01 to 2020-12-31): give a period, or --contract" "suggests --contract"
rep services --month 2026-03 --contract
check_rc 2 "--contract is the project report's"
before=$(dbdump p.db)
rep project SQ-A --contract -o csv
check "the report writes nothing" test "$before" = "$(dbdump p.db)"
done_testing
