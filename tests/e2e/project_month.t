#!/bin/sh
# project_month.t - one month of a project as issue 20 sets it: a
# community lecture for 45 residents who are not cases (a head-count)
# with 3 cases taking part, a group programme of 4 sessions with 8
# members, 30 individual contacts and 12 volunteer hours; its indicator
# report (sw-report project) checked figure by figure against numbers
# worked out by hand below.
. "$CW_TOP/tests/e2e/lib.sh"

setup() {
	"$@" >setup.out 2>setup.err || { not_ok "setup: $*"; diag setup.err; }
}

# ---- the month ---------------------------------------------------------------------
# SQ-M: 2026-01-01..2026-12-31 (365 days), target population 50. June's
# own targets for case_contacts (40) and activities (2); the others for
# the contract, prorated over June's 30 days.
setup sw-intake workers --add 李敏 周强 --db m.db
printf 'code,name,funder,start,end,target_population,workers\nSQ-M,社区综合服务项目,街道办,2026-01-01,2026-12-31,50,李敏\n' >p.csv
setup sw-project add --db m.db p.csv
cat >t.csv <<'EOF'
project,indicator,target,period
SQ-M,case_contacts,40,2026-06
SQ-M,activities,2,2026-06
SQ-M,group_sessions,48,
SQ-M,group_attendance,365,
SQ-M,activity_participants,600,
SQ-M,volunteers,10,
SQ-M,volunteer_hours,146,
SQ-M,volunteer_trainings,12,
SQ-M,coverage,60,
SQ-M,timeliness,90,
EOF
setup sw-project targets --db m.db t.csv
# Ten cases of the project, CA-1..CA-10.
printf 'name,sex,worker,intake_date,project\n' >c.csv
for i in 1 2 3 4 5 6 7 8 9 10; do echo "服务对象$i,female,李敏,2026-05-$(printf %02d $i),SQ-M" >>c.csv; done
setup sw-intake add --db m.db c.csv
# The volunteer roster: 王芳, 李雷, 张伟.
printf 'name,phone,joined\n王芳,,2026-01-05\n李雷,,2026-02-01\n张伟,,2026-03-01\n' >v.csv
setup sw-project volunteers --db m.db v.csv
# 30 individual contacts: each case three times (06-03, 06-10, 06-17);
# 张伟 served on two of them, 2 hours each (4 hours).
printf 'case_id,date,kind,minutes,worker,volunteers\n' >ct.csv
for d in 03 10 17; do
	for i in 1 2 3 4 5 6 7 8 9 10; do
		vol=
		[ "$d$i" = 031 ] || [ "$d$i" = 032 ] && vol='张伟=2'
		echo "CA-$i,2026-06-$d,phone,30,李敏,$vol" >>ct.csv
	done
done
setup sw-plan contacts --db m.db ct.csv
# The lecture: 45 residents by head-count, CA-1, CA-2 and CA-3 taking
# part (3 community contacts), 王芳 3 hours and 李雷 5 (8 hours).
cat >a.csv <<'EOF'
date,title,kind,place,minutes,workers,headcount,participants,cases,volunteers,project
2026-06-15,防诈骗知识讲座,讲座,社区活动室,90,李敏,45,,CA-1 CA-2 CA-3,王芳=3、李雷=5,SQ-M
EOF
setup sw-project activities --db m.db a.csv
# The group programme of SQ-M, 8 members (CA-3..CA-10), 4 sessions all
# attended by the 8; the sessions name the programme alone and are of
# its project.
printf 'title,aims,members,stage,project\n长者互助小组,减少孤独感,CA-3 CA-4 CA-5 CA-6 CA-7 CA-8 CA-9 CA-10,formation,SQ-M\n' >g.csv
setup sw-project programmes --db m.db g.csv
M="CA-3 CA-4 CA-5 CA-6 CA-7 CA-8 CA-9 CA-10"
cat >s.csv <<EOF
date,title,minutes,workers,cases,programme
2026-06-05,第一节,90,李敏,$M,GP-1
2026-06-12,第二节,90,李敏,$M,GP-1
2026-06-19,第三节,90,李敏,$M,GP-1
2026-06-26,第四节,90,李敏,$M,GP-1
EOF
run sw-plan sessions --db m.db -o csv s.csv
check_rc 0 "the programme's four sessions"
check "each of the programme's project, named by none" test "$(grep -c ',SQ-M,GP-1$' "$T/out")" = 4
# A training of the project: 王芳 and 李雷.
printf 'date,title,minutes,attendees,project\n2026-06-20,志愿者培训,120,王芳、李雷,SQ-M\n' >tr.csv
setup sw-project trainings --db m.db tr.csv
# Entered on their day: the contacts of 06-03 and 06-10 (20); everything
# else is entered today, months after June.
for d in 03 10; do
	dbq m.db "UPDATE contacts SET created_at = '2026-06-${d}T02:00:00Z' WHERE kind = 'phone' AND date = '2026-06-$d'" >/dev/null
done

# ---- the report, by hand -----------------------------------------------------------
# case_contacts: the 30 phone contacts (the 3 community contacts and the
#   32 attendances are not individual contacts); June's target 40:
#   30 / 40 = 75.0%.
# case_clients: CA-1..CA-10, 10; no target.
# group_sessions: 4; 48 x 30 / 365 = 3.95 -> 4: 100.0%.
# group_attendance: 4 x 8 = 32; 365 x 30 / 365 = 30: 32 / 30 = 106.7%.
# activities: 1; June's 2: 50.0%.
# activity_participants: 45 by head + 3 cases = 48; 600 x 30 / 365 =
#   49.3 -> 49: 48 / 49 = 98.0%.
# volunteers: 王芳, 李雷, 张伟 served: 3; 10 x 30 / 365 = 0.82 -> 1: 300.0%.
# volunteer_hours: 3 + 5 + 2 + 2 = 12; 146 x 30 / 365 = 12: 100.0%.
# volunteer_trainings: 1; 12 x 30 / 365 = 0.99 -> 1: 100.0%.
# new_partners: no referral: 0; no target.
# satisfaction, goal_attainment, prepost_improved: nothing to count over.
# coverage: the 10 clients of SQ-M's cases, all served in June: 10 / 50 =
#   20.0%; target 60: 20.0 / 60 = 33.3%.
# timeliness: 30 contacts + 1 activity + 4 sessions = 35 records, 20 of
#   them entered on their day: 57.1%; target 90: 57.14 / 90 = 63.5%.
# completeness: no case closed; supervision_frequency: no records.
run sw-report project SQ-M --month 2026-06 --db m.db -o csv
check_rc 0 "June's indicator report"
check_out "indicator,label_zh,label_en,target,achieved,rate
case_contacts,个案服务人次,case contacts,40,30,75.0
case_clients,服务人数,clients served,,10,
group_sessions,小组活动场次,group sessions,4,4,100.0
group_attendance,小组参与人次,group attendance,30,32,106.7
activities,社区活动场次,community activities,2,1,50.0
activity_participants,社区参与人次,community participants,49,48,98.0
volunteers,志愿者人数,volunteers,1,3,300.0
volunteer_hours,志愿服务时长,volunteer hours,12,12,100.0
volunteer_trainings,志愿者培训次数,volunteer trainings,1,1,100.0
new_partners,新增合作机构数量,new partner organisations,,0,
satisfaction,满意度,satisfaction (mean score),,,
goal_attainment,目标达成度,goal attainment %,,,
prepost_improved,前后测改善率,improved at post-test %,,,
coverage,服务覆盖率,coverage %,60,20.0,33.3
timeliness,服务记录及时性,records entered on time %,90,57.1,63.5
completeness,服务记录完整性,complete closed cases %,,,
supervision_frequency,社工督导频率,supervision sessions,,," "figure by figure"

# May holds none of it: every figure 0 or empty.
run sw-report project SQ-M --month 2026-05 --db m.db -o csv
check_rc 0 "May"
check "May: no activity, no volunteer hour" test "$(grep -E '^(activities|activity_participants|volunteers|volunteer_hours|volunteer_trainings),' "$T/out" | cut -d, -f5 | tr '\n' ' ')" = "0 0 0 0 0 "

# The same month by the services report: the lecture's 3 community
# contacts in their own row (3 clients, 3 x 90 minutes), the 32
# attendances in the group row, the 30 phone contacts.
run sw-report services --month 2026-06 --db m.db -o csv
check_rc 0 "services"
check "community contacts in their own row" test "$(grep -E '^(phone|group|community|total),' "$T/out" | tr '\n' ' ')" = "phone,30,10,10,900,0,0 group,32,8,8,2880,4,32 community,3,3,3,270,0,0 total,65,10,10,4050,4,32 "

done_testing
