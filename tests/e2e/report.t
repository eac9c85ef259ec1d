#!/bin/sh
# sw-report: every report checked against figures counted by hand from a
# small fixture built with the real commands; periods, groups and totals,
# distinct clients, medians, the case file and its audit entry, formats,
# suppression, exit codes, and that reports never write.
. "$CW_TOP/tests/e2e/lib.sh"

TODAY=$(date +%F)
q() { dbq r.db "$1"; }
rep() { run sw-report "$@" --db r.db; }
# Stops at the first setup command that fails, saying which.
setup() {
	"$@" >setup.out 2>setup.err || { not_ok "setup: $*"; diag setup.err; }
}

# ---- the fixture -------------------------------------------------------------
# Six cases (CA-n) of five clients (CL-n): CA-6 is a second case of client
# CL-2, opened after CA-2 closed. Workers 李敏 and 周强; CA-5 has none.
#
#   case  client  intake      worker  category   referral source
#   CA-1  CL-1    2026-01-10  李敏    family     居委会
#   CA-2  CL-2    2026-02-15  李敏    youth      自行求助
#   CA-3  CL-3    2026-02-20  周强    family     居委会
#   CA-4  CL-4    2026-04-05  周强    youth      -
#   CA-5  CL-5    2026-07-01  -       family     居委会
#   CA-6  CL-2    2026-09-01  周强    community  医院
#
# Closures: CA-2 closed 2026-03-20 (CX-1), reopened 2026-05-10, closed
# again 2026-08-15 (CX-3); CA-3 closed 2026-06-30 (CX-2).
cat >cases.csv <<'CSV'
name,birth_date,intake_date,worker,category,referral_source,consent_date,consent_share
甲,1980-05-01,2026-01-10,李敏,family,居委会,2026-01-10,yes
乙,1990-01-01,2026-02-15,李敏,youth,自行求助,2026-02-15,yes
丙,1985-03-03,2026-02-20,周强,family,居委会,2026-02-20,yes
丁,1970-07-07,2026-04-05,周强,youth,,2026-04-05,yes
戊,1960-06-06,2026-07-01,,family,居委会,2026-07-01,yes
CSV
setup sw-intake add --db r.db cases.csv
# Assessments (AS-1..AS-13). PHQ-9: lower is better, no threshold. WHO-5:
# higher is better, the meaningful change is 10 on the scaled score (x4).
#   CA-1 phq9 01-15 15 (medium), 03-15 8 (low), 09-10 5 (low)
#   CA-2 phq9 02-20 10 (medium), 03-10 12 (medium)
#   CA-1 who5 02-01 6/24 (high: crisis follow-up due 02-02, re-assessment 03-01)
#   CA-3 who5 03-01 10/40 (medium), 03-25 14/56 (low)
#   CA-4 who5 05-01 12/48 (medium), 06-01 13/52 (low; re-assessment 06-29)
#   satisfaction: CA-2 03-18 3.8, CA-1 03-30 5, CA-3 05-20 3
cat >phq.csv <<'CSV'
case_id,date,q1,q2,q3,q4,q5,q6,q7,q8,q9
CA-1,2026-01-15,2,2,2,2,2,2,2,1,0
CA-2,2026-02-20,2,2,2,1,1,1,1,0,0
CA-2,2026-03-10,2,2,2,2,1,1,1,1,0
CA-1,2026-03-15,1,1,1,1,1,1,1,1,0
CA-1,2026-09-10,1,1,1,1,1,0,0,0,0
CSV
setup sw-assess score phq9 --db r.db phq.csv
cat >who.csv <<'CSV'
case_id,date,q1,q2,q3,q4,q5
CA-1,2026-02-01,2,1,1,1,1
CA-3,2026-03-01,2,2,2,2,2
CA-3,2026-03-25,3,3,3,3,2
CA-4,2026-05-01,3,3,2,2,2
CA-4,2026-06-01,3,3,3,2,2
CSV
setup sw-assess score who5 --db r.db who.csv
cat >sat.csv <<'CSV'
case_id,date,q1,q2,q3,q4,q5
CA-2,2026-03-18,4,4,4,4,3
CA-1,2026-03-30,5,5,5,5,5
CA-3,2026-05-20,3,3,3,3,3
CSV
setup sw-assess score satisfaction --db r.db sat.csv
# Goals: GL-1..GL-6 now, GL-7 after CA-2 reopens.
#   GL-1 CA-1 short deadline 03-31, achieved by progress 03-20
#   GL-2 CA-1 long  deadline 12-31, not_started
#   GL-3 CA-2 short deadline 03-15, not_achieved at the closure of 03-20
#   GL-4 CA-3 short deadline 06-30, achieved at the closure of 06-30
#   GL-5 CA-3 long  deadline 2027-06-30, partly_achieved at that closure
#   GL-6 CA-4 short deadline 05-31, in_progress (progress 05-01)
#   GL-7 CA-2 short deadline 07-31, achieved at the closure of 08-15
# Tasks: TK-1 under GL-6 due 06-15, open; TK-2 under GL-1, done.
cat >goals.csv <<'CSV'
case_id,term,description,indicator,target,deadline
CA-1,short,找到工作,求职进度,入职,2026-03-31
CA-1,long,稳定就业,在职月数,12,2026-12-31
CA-2,short,改善情绪,PHQ-9,低于10,2026-03-15
CA-3,short,申请低保,申请进度,已批准,2026-06-30
CA-3,long,改善家庭关系,冲突次数,每月少于1次,2027-06-30
CA-4,short,完成学业,出勤率,90%,2026-05-31
CSV
setup sw-plan goals --db r.db goals.csv
cat >tasks.csv <<'CSV'
goal_id,description,due_date,status,done_date
GL-6,联系学校,2026-06-15,,
GL-1,准备简历,2026-02-28,done,2026-02-20
CSV
setup sw-plan tasks --db r.db tasks.csv
printf 'goal_id,date,status\nGL-1,2026-03-20,achieved\nGL-6,2026-05-01,in_progress\n' >progress.csv
setup sw-plan progress --db r.db progress.csv
# Contacts (kind, minutes, contact's worker, client):
#   CT-1  CA-1 01-12 interview   60 李敏 CL-1
#   CT-2  CA-1 02-03 phone       15 李敏 CL-1
#   CT-3  CA-2 02-16 interview   45 李敏 CL-2
#   CT-4  CA-3 02-21 home_visit  90 周强 CL-3
#   CT-5  CA-1 03-05 home_visit  60 周强 CL-1 (not the case's worker)
#   GS-1  03-10 group 90 李敏: CT-6 CA-1, CT-7 CA-2, CT-8 CA-3
#   CT-9  CA-2 07-21 interview   30 李敏 CL-2
#   GS-2  07-25 group 60 周强: CT-10 CA-4 (CL-4), CT-11 CA-5 (CL-5)
#   CT-12 CA-6 09-05 phone       10 周强 CL-2
cat >contacts.csv <<'CSV'
case_id,date,kind,minutes,worker,note
CA-1,2026-01-12,interview,60,,首次面谈
CA-1,2026-02-03,phone,15,,
CA-2,2026-02-16,interview,45,,
CA-3,2026-02-21,home_visit,90,,
CA-1,2026-03-05,home_visit,60,周强,
CSV
setup sw-plan contacts --db r.db contacts.csv
printf 'date,title,minutes,workers,cases\n2026-03-10,亲子小组,90,李敏,CA-1 CA-2 CA-3\n' >session1.csv
setup sw-plan sessions --db r.db session1.csv
# Two services of the directory; referrals to them and to providers typed
# in (category other). Days from sent to a response in brackets.
#   RF-1 CA-1 SV-1 mental_health: sent 01-20, accepted 01-23 [3], completed 02-25
#   RF-2 CA-2 SV-1 mental_health: sent 02-20, declined 03-02 [10]
#   RF-3 CA-3 typed in (other):   sent 03-01, accepted 03-02 [1], completed 04-01
#   RF-4 CA-1 SV-2 legal_aid:     sent 03-10, accepted 03-17 [7], expected 04-30
#   RF-5 CA-4 typed in (other):   sent 04-10 (follow-up 04-24), no answer
setup dbq r.db "INSERT INTO services (name, category, created_at, batch_id) VALUES ('心理咨询门诊', 'mental_health', '2026-01-01T00:00:00Z', 1), ('法律援助咨询', 'legal_aid', '2026-01-01T00:00:00Z', 1)"
cat >refer.csv <<'CSV'
case_id,service_id,provider,reason
CA-1,SV-1,,情绪低落
CA-2,SV-1,,情绪低落
CA-3,,街道就业服务站,就业
CA-1,SV-2,,劳动纠纷
CA-4,,区青少年中心,学业
CSV
setup sw-refer add --db r.db refer.csv
cat >status.csv <<'CSV'
referral_id,state,date,reason,expected_date
RF-1,sent,2026-01-20,,
RF-1,accepted,2026-01-23,,
RF-1,completed,2026-02-25,,
RF-2,sent,2026-02-20,,
RF-2,declined,2026-03-02,名额已满,
RF-3,sent,2026-03-01,,
RF-3,accepted,2026-03-02,,
RF-4,sent,2026-03-10,,
RF-4,accepted,2026-03-17,,2026-04-30
RF-3,completed,2026-04-01,,
RF-5,sent,2026-04-10,,
CSV
setup sw-refer status --db r.db status.csv
printf 'case_id,date,reason_kind,reason,outcomes\nCA-2,2026-03-20,转介他处,转介他处,GL-3=not_achieved\n' >close1.csv
setup sw-plan close --db r.db close1.csv
printf 'case_id,date,reason\nCA-2,2026-05-10,情绪反复\n' >reopen.csv
setup sw-plan reopen --db r.db reopen.csv
printf 'case_id,term,description,indicator,target,deadline\nCA-2,short,复学,是否复学,复学,2026-07-31\n' >goals2.csv
setup sw-plan goals --db r.db goals2.csv
printf 'case_id,date,reason_kind,reason,outcomes\nCA-3,2026-06-30,目标达成,目标达成,"GL-4=achieved, GL-5=partly_achieved"\n' >close3.csv
setup sw-plan close --db r.db close3.csv
printf 'case_id,date,kind,minutes,worker,note\nCA-2,2026-07-21,interview,30,,\n' >contacts2.csv
setup sw-plan contacts --db r.db contacts2.csv
printf 'date,title,minutes,workers,cases\n2026-07-25,就业小组,60,周强,CA-4 CA-5\n' >session2.csv
setup sw-plan sessions --db r.db session2.csv
printf 'case_id,date,reason_kind,reason,outcomes\nCA-2,2026-08-15,goals_achieved,目标达成,GL-7=achieved\n' >close2.csv
setup sw-plan close --db r.db close2.csv
printf 'name,birth_date,intake_date,worker,category,referral_source,consent_date,consent_share\n乙,1990-01-01,2026-09-01,周强,community,医院,2026-09-01,yes\n' >case6.csv
setup sw-intake add --db r.db case6.csv
printf 'case_id,date,kind,minutes,worker,note\nCA-6,2026-09-05,phone,10,,\n' >contacts3.csv
setup sw-plan contacts --db r.db contacts3.csv
check "the fixture: 6 cases of 5 clients, 12 contacts, 3 closures" \
	test "$(q "SELECT (SELECT count(*) FROM cases) || ' ' || (SELECT count(DISTINCT client_id) FROM cases) || ' ' || (SELECT count(*) FROM contacts) || ' ' || (SELECT count(*) FROM closures)")" = "6 5 12 3"
check "CA-6 is a second case of CL-2" test "$(q "SELECT client_id FROM cases WHERE id = 6")" = 2

before=$(dbdump r.db)

# ---- caseload ------------------------------------------------------------------
# Q1: new CA-1, CA-2, CA-3; closed CA-2 (03-20); open on 03-31 CA-1, CA-3.
rep caseload --quarter 2026Q1 -o csv
check_rc 0 "caseload, a quarter"
check_out "new,closed,reopened,open_at_end,households
3,1,0,2,2" "Q1: 3 new, 1 closed, 2 open at the end"
# Q2: new CA-4; closed CA-3 on 06-30 (the last day counts as closed);
# reopened CA-2; open on 06-30 CA-1, CA-2, CA-4.
rep caseload --quarter 2026Q2 -o csv
check_out "new,closed,reopened,open_at_end,households
1,1,1,3,3" "Q2: the reopened case is open again, the one closed on the last day is not"
rep caseload --half 2026H1 -o csv
check_out "new,closed,reopened,open_at_end,households
4,2,1,3,3" "a half year: H1"
# 2026 by worker: 周强 CA-3, CA-4, CA-6 (closed CA-3; open CA-4, CA-6);
# 李敏 CA-1, CA-2 (CA-2 closed twice, reopened once; open CA-1); CA-5 none.
rep caseload --year 2026 --by worker -o csv
check_out "worker,new,closed,reopened,open_at_end,households
周强,3,1,0,2,2
李敏,2,2,1,1,1
none,1,0,0,1,1
total,6,3,1,4,4" "a year by worker, with its total row; a case without a worker is none"
# By month: open at each month's end (01-31: CA-1; 02-28: CA-1..3;
# 03-31: CA-1, CA-3); the total row leaves it empty, since open cases do
# not add up over months.
rep caseload --quarter 2026Q1 --by month -o csv
check_out "month,new,closed,reopened,open_at_end,households
2026-01,1,0,0,1,1
2026-02,2,0,0,3,3
2026-03,0,1,0,2,2
total,3,1,0,," "by month, the month of each event"
# Risk on 03-31: CA-1 high (who5 of 02-01 is its latest who5), CA-2
# medium (phq9 of 03-10), CA-3 low (who5 of 03-25). Every level has a row.
rep caseload --quarter 2026Q1 --by risk -o csv
check_out "risk,new,closed,reopened,open_at_end,households
low,1,0,0,1,1
medium,1,1,0,0,0
high,1,0,0,1,1
critical,0,0,0,0,0
none,0,0,0,0,0
total,3,1,0,2,2" "by risk level as of the period's end"
rep caseload --quarter 2026Q1 --by worker,risk -o csv
check_out "worker,risk,new,closed,reopened,open_at_end,households
周强,low,1,0,0,1,1
周强,medium,0,0,0,0,0
周强,high,0,0,0,0,0
周强,critical,0,0,0,0,0
周强,none,0,0,0,0,0
周强,total,1,0,0,1,1
李敏,low,0,0,0,0,0
李敏,medium,1,1,0,0,0
李敏,high,1,0,0,1,1
李敏,critical,0,0,0,0,0
李敏,none,0,0,0,0,0
李敏,total,2,1,0,1,1
total,low,1,0,0,1,1
total,medium,1,1,0,0,0
total,high,1,0,0,1,1
total,critical,0,0,0,0,0
total,none,0,0,0,0,0
total,total,3,1,0,2,2" "two groups: both margins and the grand total"
rep caseload --year 2026 --by category -o csv
check_out "category,new,closed,reopened,open_at_end,households
community,1,0,0,1,1
family,3,1,0,2,2
youth,2,2,1,1,1
total,6,3,1,4,4" "by category"
rep caseload --year 2026 --by referral_source -o csv
check_out "referral_source,new,closed,reopened,open_at_end,households
医院,1,0,0,1,1
居委会,3,1,0,2,2
自行求助,1,2,1,0,0
none,1,0,0,1,1
total,6,3,1,4,4" "by referral source"
# --since alone runs to today: new CA-5, CA-6; closed CA-2 (08-15).
rep caseload --since 2026-07-01 -o csv
check_out "new,closed,reopened,open_at_end,households
2,1,0,4,4" "--since alone: up to today"
rep caseload --until 2026-02-28 --by month -o csv
check_out "month,new,closed,reopened,open_at_end,households
2026-01,1,0,0,1,1
2026-02,2,0,0,3,3
total,3,0,0,," "--until alone: from the first record"
# Mar-May: new CA-4; closed CA-2 (03-20) and reopened (05-10); open on
# 05-31 CA-1, CA-2, CA-3, CA-4.
rep caseload --since 2026-03-01 --until 2026-05-31 -o csv
check_out "new,closed,reopened,open_at_end,households
1,1,1,4,4" "--since and --until, both days included"
rep caseload -o csv
check_out "new,closed,reopened,open_at_end,households
0,0,0,4,4" "the default period is this month"
rep caseload --year 2026 --worker 李敏 --by risk -o csv
check_out "risk,new,closed,reopened,open_at_end,households
low,0,0,0,0,0
medium,1,2,1,0,0
high,1,0,0,1,1
critical,0,0,0,0,0
none,0,0,0,0,0
total,2,2,1,1,1" "--worker: that worker's cases"
# A survey says nothing of risk. On a copy, CA-5 is asked the satisfaction
# survey (its risk is always low) and nothing else: at the end of Q3 it
# has no risk level, like CA-6. CA-1 high (its who5 of 02-01), CA-2
# medium (phq9 of 03-10; closed 08-15), CA-4 low (who5 of 06-01).
dbcp r.db sv.db
printf 'case_id,date,q1,q2,q3,q4,q5\nCA-5,2026-07-15,2,2,2,2,2\n' >sv5.csv
setup sw-assess score satisfaction --db sv.db sv5.csv
run sw-report caseload --db sv.db --quarter 2026Q3 --by risk -o csv
check_out "risk,new,closed,reopened,open_at_end,households
low,0,0,0,1,1
medium,0,1,0,0,0
high,0,0,0,1,1
critical,0,0,0,0,0
none,2,0,0,2,2
total,2,1,0,4,4" "by risk: a case only surveyed has none, not low"

# ---- services ------------------------------------------------------------------
# Q1: CT-1..CT-8. Clients: CL-1 (CT-1, 2, 5, 6), CL-2 (CT-3, 7), CL-3
# (CT-4, 8): 3 in all, whatever the rows say. GS-1: 1 session, 3 attending.
rep services --quarter 2026Q1 -o csv
check_rc 0 "services"
check_out "kind,contacts,clients,households,minutes,sessions,attendance
interview,2,2,2,105,0,0
home_visit,2,2,2,150,0,0
phone,1,1,1,15,0,0
accompaniment,0,0,0,0,0,0
outreach,0,0,0,0,0,0
resource_linking,0,0,0,0,0,0
group,3,3,3,270,1,3
other,0,0,0,0,0,0
community,0,0,0,0,0,0
total,8,3,3,540,1,3" "by kind (the default): every kind, 8 contacts of 3 clients"
# Clients per month 1 + 3 + 3 = 7, but 3 distinct in the quarter.
rep services --quarter 2026Q1 --by month -o csv
check_out "month,contacts,clients,households,minutes,sessions,attendance
2026-01,1,1,1,60,0,0
2026-02,3,3,3,150,0,0
2026-03,4,3,3,330,1,3
total,8,3,3,540,1,3" "distinct clients are never a sum of months"
rep services --quarter 2026Q1 --by worker -o csv
check_out "worker,contacts,clients,households,minutes,sessions,attendance
周强,2,2,2,150,0,0
李敏,6,3,3,390,1,3
total,8,3,3,540,1,3" "by the worker who made the contact"
# Jul-Sep: CT-9 (李敏, CL-2), CT-10, CT-11 (GS-2, 周强, CL-4, CL-5),
# CT-12 (周强, CL-2 again, through CA-6): 3 distinct clients in total,
# though the workers' rows say 3 + 1 and the months' 3 + 0 + 1.
rep services --since 2026-07-01 --until 2026-09-30 --by worker,month -o csv
check_out "worker,month,contacts,clients,households,minutes,sessions,attendance
周强,2026-07,2,2,2,120,1,2
周强,2026-08,0,0,0,0,0,0
周强,2026-09,1,1,1,10,0,0
周强,total,3,3,3,130,1,2
李敏,2026-07,1,1,1,30,0,0
李敏,2026-08,0,0,0,0,0,0
李敏,2026-09,0,0,0,0,0,0
李敏,total,1,1,1,30,0,0
total,2026-07,3,3,3,150,1,2
total,2026-08,0,0,0,0,0,0
total,2026-09,1,1,1,10,0,0
total,total,4,3,3,160,1,2" "two groups: every margin counts its own distinct clients"
# GS-1 had cases of two categories: sessions do not add up over
# categories, so the total row leaves them empty.
rep services --year 2026 --by category -o csv
check_out "category,contacts,clients,households,minutes,sessions,attendance
community,1,1,1,10,0,0
family,7,3,3,465,2,3
youth,4,2,2,225,2,2
total,12,5,5,700,,5" "by the case's category"
# Case ids with a gap (CA-4 stored as CA-1000, its contacts with it): the
# report finds each contact's case all the same.
cp out category.csv
dbcp r.db gap.db
# (A new row and the old one's records moved to it, as the keys of the
# other tables refer to it.)
setup dbq gap.db "INSERT INTO cases (id, client_id, status, intake_date, closed_date, category, worker,
		referral_source, presenting_problem, external_ref, linked_by,
		intake_snapshot, notes, created_at, updated_at, batch_id)
	SELECT 1000, client_id, status, intake_date, closed_date, category, worker,
		referral_source, presenting_problem, external_ref, linked_by,
		intake_snapshot, notes, created_at, updated_at, batch_id FROM cases WHERE id = 4;
	UPDATE assessments SET case_id = 1000 WHERE case_id = 4;
	UPDATE followups SET case_id = 1000 WHERE case_id = 4;
	UPDATE plans SET case_id = 1000 WHERE case_id = 4;
	UPDATE goals SET case_id = 1000 WHERE case_id = 4;
	UPDATE tasks SET case_id = 1000 WHERE case_id = 4;
	UPDATE contacts SET case_id = 1000 WHERE case_id = 4;
	UPDATE reviews SET case_id = 1000 WHERE case_id = 4;
	UPDATE closures SET case_id = 1000 WHERE case_id = 4;
	UPDATE referrals SET case_id = 1000 WHERE case_id = 4;
	UPDATE assignments SET case_id = 1000 WHERE case_id = 4;
	DELETE FROM cases WHERE id = 4"
run sw-report services --db gap.db --year 2026 --by category -o csv
check_file category.csv out "case ids that are not consecutive: the same figures"
rep services --quarter 2026Q1 --worker 周强 --by month -o csv
check_out "month,contacts,clients,households,minutes,sessions,attendance
2026-01,0,0,0,0,0,0
2026-02,1,1,1,90,0,0
2026-03,1,1,1,60,0,0
total,2,2,2,150,0,0" "--worker: the contacts that worker made"

# ---- outcomes --------------------------------------------------------------------
# 2026: phq9 pairs CA-1 15->5 (-10, improved), CA-2 10->12 (+2); who5 CA-3
# 40->56 (+16, past 10), CA-4 48->52 (+4); CA-1's single who5 is no pair.
rep outcomes --year 2026 -o csv
check_rc 0 "outcomes"
check_out "instrument,cases,mean_change,improved,improved_pct,meaningful,meaningful_pct
phq9,2,-4.00,1,50.0,,
who5,2,10.00,2,100.0,1,50.0
total,4,,3,75.0,1," "first and latest of each case; by direction; past the threshold where there is one"
# Q1: CA-1 phq9 15->8 (-7), CA-2 10->12 (+2): mean -2.50; who5 CA-3 only.
rep outcomes --quarter 2026Q1 -o csv
check_out "instrument,cases,mean_change,improved,improved_pct,meaningful,meaningful_pct
phq9,2,-2.50,1,50.0,,
who5,1,16.00,1,100.0,1,100.0
total,3,,2,66.7,1," "only the assessments of the period; 2 of 3 is 66.7"
rep outcomes --year 2026 --by worker -o csv
check_out "instrument,worker,cases,mean_change,improved,improved_pct,meaningful,meaningful_pct
phq9,周强,0,,0,,,
phq9,李敏,2,-4.00,1,50.0,,
phq9,total,2,-4.00,1,50.0,,
who5,周强,2,10.00,2,100.0,1,50.0
who5,李敏,0,,0,,0,
who5,total,2,10.00,2,100.0,1,50.0
total,周强,2,,2,100.0,1,
total,李敏,2,,1,50.0,0,
total,total,4,,3,75.0,1," "always by instrument; --by adds a second group"

# ---- satisfaction ---------------------------------------------------------------
# Q1: 3.8 and 5: mean 4.40. 2026: (3.8 + 5 + 3) / 3 = 3.933.. = 3.93.
rep satisfaction --quarter 2026Q1 -o csv
check_rc 0 "satisfaction"
check_out "instrument,responses,mean_score
satisfaction,2,4.40
total,2," "responses and mean score of the survey"
rep satisfaction --year 2026 --by worker -o csv
check_out "instrument,worker,responses,mean_score
satisfaction,周强,1,3.00
satisfaction,李敏,2,4.40
satisfaction,total,3,3.93
total,周强,1,
total,李敏,2,
total,total,3," "by worker; rows over instruments give no mean"

# ---- goals -------------------------------------------------------------------------
# Q1: deadlines GL-1 (achieved), GL-3 (not achieved): 1 of 2 decided.
rep goals --quarter 2026Q1 -o csv
check_rc 0 "goals"
check_out "term,goals,achieved,partly_achieved,not_achieved,attainment_pct
short,2,1,0,1,50.0
long,0,0,0,0,
total,2,1,0,1,50.0" "by term (the default): rate = achieved / decided"
# 2026: every goal; GL-5 by its outcome at the closure of 06-30 (its
# deadline is 2027). short GL-1, 3, 4, 6, 7: 3 achieved of 4 decided;
# long GL-2 (open), GL-5 (partly): 0 of 1; in all 3 of 5.
rep goals --year 2026 -o csv
check_out "term,goals,achieved,partly_achieved,not_achieved,attainment_pct
short,5,3,0,1,75.0
long,2,0,1,0,0.0
total,7,3,1,1,60.0" "goals decided in the period count too"
rep goals --year 2026 --by status -o csv
check_out "status,goals,achieved,partly_achieved,not_achieved,attainment_pct
not_started,1,0,0,0,
in_progress,1,0,0,0,
achieved,3,3,0,0,100.0
partly_achieved,1,0,1,0,0.0
not_achieved,1,0,0,1,0.0
total,7,3,1,1,60.0" "by status"
rep goals --year 2026 --by term,worker -o csv
check_out "term,worker,goals,achieved,partly_achieved,not_achieved,attainment_pct
short,周强,2,1,0,0,100.0
short,李敏,3,2,0,1,66.7
short,total,5,3,0,1,75.0
long,周强,1,0,1,0,0.0
long,李敏,1,0,0,0,
long,total,2,0,1,0,0.0
total,周强,3,1,1,0,50.0
total,李敏,4,2,0,1,66.7
total,total,7,3,1,1,60.0" "by term and worker"

# ---- referrals ---------------------------------------------------------------------
# Q1 responses [3, 10] mental_health: median 6.5; in all [1, 3, 7, 10]:
# an even count takes the mean of the middle two, (3 + 7) / 2 = 5.0.
rep referrals --quarter 2026Q1 -o csv
check_rc 0 "referrals"
check_out "category,made,accepted,declined,completed,median_days_to_response
legal_aid,1,1,0,0,7.0
mental_health,2,1,1,1,6.5
other,1,1,0,0,1.0
total,4,3,1,1,5.0" "by category (typed-in providers other); medians of even counts"
# 李敏: RF-1, RF-2, RF-4: [3, 7, 10], an odd count: 7.0.
rep referrals --quarter 2026Q1 --by worker -o csv
check_out "worker,made,accepted,declined,completed,median_days_to_response
周强,1,1,0,0,1.0
李敏,3,2,1,1,7.0
total,4,3,1,1,5.0" "an odd count: the middle one"
# Each change of state in the month it happened; March: [10, 1, 7] -> 7.0.
rep referrals --year 2026 --by month -o csv
check_out "month,made,accepted,declined,completed,median_days_to_response
2026-01,1,1,0,0,3.0
2026-02,1,0,0,1,
2026-03,2,2,1,0,7.0
2026-04,1,0,0,1,
2026-05,0,0,0,0,
2026-06,0,0,0,0,
2026-07,0,0,0,0,
2026-08,0,0,0,0,
2026-09,0,0,0,0,
2026-10,0,0,0,0,
2026-11,0,0,0,0,
2026-12,0,0,0,0,
total,5,3,1,2,5.0" "by month, every month of the year"

# ---- overdue -----------------------------------------------------------------------
# As of 2026-06-30 (due before it, still open now):
#   周强: GL-6 (05-31), TK-1 (06-15), who5 re-assessment of CA-4 (06-29),
#         RF-5 no response (04-24)
#   李敏: crisis follow-up of CA-1 (02-02), its who5 re-assessment (03-01),
#         RF-4 not completed (04-30)
rep overdue --month 2026-06 -o csv
check_rc 0 "overdue"
check_out "worker,kind,overdue
周强,review,0
周强,goal,1
周强,task,1
周强,crisis,0
周强,reassessment,1
周强,post_closure,0
周强,referral,1
周强,consent,0
周强,total,4
李敏,review,0
李敏,goal,0
李敏,task,0
李敏,crisis,1
李敏,reassessment,1
李敏,post_closure,0
李敏,referral,1
李敏,consent,0
李敏,total,3
total,review,0
total,goal,1
total,task,1
total,crisis,1
total,reassessment,2
total,post_closure,0
total,referral,2
total,consent,0
total,total,7" "per worker and kind (the default) at the period's end"
# As of 2026-10-31 also CA-1's phq9 re-assessment (10-08).
rep overdue --until 2026-10-31 --by kind -o csv
check_out "kind,overdue
review,0
goal,1
task,1
crisis,1
reassessment,3
post_closure,0
referral,2
consent,0
total,8" "by kind"
rep overdue --by worker -o csv
check_rc 0 "overdue as of today"
sw-plan due --db r.db -o csv >due.csv 2>/dev/null
check "the same count as sw-plan due lists overdue today" \
	test "$(sed -n '$p' "$T/out")" = "total,$(grep -c ',overdue,' due.csv)"

# ---- formats ------------------------------------------------------------------------
rep referrals --quarter 2026Q1 -o jsonl
check_out '{"category":"legal_aid","made":1,"accepted":1,"declined":0,"completed":0,"median_days_to_response":7.0}
{"category":"mental_health","made":2,"accepted":1,"declined":1,"completed":1,"median_days_to_response":6.5}
{"category":"other","made":1,"accepted":1,"declined":0,"completed":0,"median_days_to_response":1.0}
{"category":"total","made":4,"accepted":3,"declined":1,"completed":1,"median_days_to_response":5.0}' "JSON Lines: figures as numbers"
rep outcomes --quarter 2026Q1 -o json
check_out '[
{"instrument":"phq9","cases":2,"mean_change":-2.50,"improved":1,"improved_pct":50.0,"meaningful":null,"meaningful_pct":null},
{"instrument":"who5","cases":1,"mean_change":16.00,"improved":1,"improved_pct":100.0,"meaningful":1,"meaningful_pct":100.0},
{"instrument":"total","cases":3,"mean_change":null,"improved":2,"improved_pct":66.7,"meaningful":1,"meaningful_pct":null}
]' "JSON: no figure is null"
rep caseload --quarter 2026Q1 --by month --excel
check_rc 0 "--excel"
check "a byte order mark" test "$(head -c 3 "$T/out" | od -An -tx1 | tr -d ' ')" = efbbbf
check "labels for people" test "$(head -1 "$T/out" | tr -d '\r' | tail -c +4)" = "month,new,closed,reopened,open at end,households"
check "every line ends in CRLF" test "$(tr -cd '\r' <"$T/out" | wc -c)" -eq "$(wc -l <"$T/out")"
rep caseload --year 2026 --by month -o html
check_rc 0 "-o html"
check "one page with a chart" grep -q '<svg' "$T/out"
check "a whole HTML document" test "$(head -1 "$T/out")" = '<!DOCTYPE html>'
rep caseload --year 2026 --by month --output-format=html
check "--output-format=html too" grep -q '<svg' "$T/out"
rep caseload --until 2026-02-28 --by month -o html
check "--until alone: the page runs up to its last day" \
	grep -q '^<title>Caseload (up to 2026-02-28)</title>$' "$T/out"
run env LANG=zh_CN.UTF-8 LC_ALL= LC_MESSAGES= sw-report caseload --until 2026-02-28 --db r.db -o html
check "--until alone, in Chinese" grep -q '^<p class="period">统计期间：截至 2026-02-28</p>$' "$T/out"
LANG=zh_CN.UTF-8 LC_ALL= LC_MESSAGES= run sw-report satisfaction --quarter 2026Q1 --db r.db -o table
check "Chinese labels under a zh locale" test "$(head -1 "$T/out")" = "量表          问卷份数  平均得分"

# ---- suppression ------------------------------------------------------------------------
# A row with a hidden figure is hidden whole, but its zeros: the 3 new
# cases beside the 1 closure would bound it.
rep caseload --quarter 2026Q1 --suppress 1 -o csv
check_out "new,closed,reopened,open_at_end,households
x,x,0,x,x" "--suppress 1 hides the 1 and the rest of its row, never a 0"
# 2026 by category: community has 1 contact, family and youth 2 sessions
# each, so with 2 every category is hidden whole, and the total row stays.
# The configuration: casework.conf beside the database on SQLite; on
# PostgreSQL the user's own, here $CASEWORK_CONFIG (casework(7),
# CONFIGURATION).
printf 'suppression_threshold = 2\n' >casework.conf
if [ "$CW_BACKEND" = pg ]; then export CASEWORK_CONFIG="$T/casework.conf"; fi
rep services --year 2026 --by category --public -o csv
unset CASEWORK_CONFIG
check_out "category,contacts,clients,households,minutes,sessions,attendance
community,x,x,x,x,0,0
family,x,x,x,x,x,x
youth,x,x,x,x,x,x
total,12,5,5,700,,5" "--public: the configured threshold; rows hidden whole"
rm casework.conf
rep services --year 2026 --by category --public -o csv
check_out "category,contacts,clients,households,minutes,sessions,attendance
community,x,x,x,x,0,0
family,x,x,x,x,x,x
youth,x,x,x,x,x,x
total,x,x,x,x,,x" "--public: 5 by default"
rep referrals --quarter 2026Q1 --by worker --suppress 1 -o csv
check_rc 0 "suppression of a table with a median"
check "a median goes with the count it is built on" grep -q '^周强,x,x,0,0,x$' "$T/out"
# Every row with a 1 in it is hidden whole, and its rates and means with
# it; a figure that is empty (PHQ-9 has no threshold; no mean over
# instruments) stays empty rather than hidden.
rep outcomes --year 2026 --by worker --suppress 1 -o csv
check_out "instrument,worker,cases,mean_change,improved,improved_pct,meaningful,meaningful_pct
phq9,周强,0,,0,,,
phq9,李敏,x,x,x,x,,
phq9,total,x,x,x,x,,
who5,周强,x,x,x,x,x,x
who5,李敏,0,,0,,0,
who5,total,x,x,x,x,x,x
total,周强,x,,x,x,x,
total,李敏,x,,x,x,0,
total,total,x,,x,x,x," "rows hidden whole; empty figures stay empty"

check "no report changed the database" test "$before" = "$(dbdump r.db)"

# ---- the case file -------------------------------------------------------------------------
# Everything about CA-2 in time order; what was recorded today (plan
# revisions, goals, the referral's draft) comes last.
run sw-report case CA-2 --db r.db --user 王芳 -o csv
check_rc 0 "the case file"
sed "s/$TODAY/TODAY/" "$T/out" >"$T/o" && mv "$T/o" "$T/out"
check_out "date,kind,id,summary
2026-02-15,intake,CA-2,case opened for CL-2; category youth; referral source 自行求助; worker 李敏
2026-02-16,contact,CT-3,interview; minutes 45; by 李敏
2026-02-20,assessment,AS-2,phq9; total 10; band moderate; risk medium
2026-02-20,referral,RF-2,draft to sent
2026-03-02,referral,RF-2,sent to declined; reason: 名额已满
2026-03-10,assessment,AS-3,phq9; total 12; band moderate; risk medium
2026-03-10,contact,CT-7,group; minutes 90; by 李敏; session GS-1
2026-03-18,assessment,AS-11,satisfaction; total 3.8; band neutral; risk low
2026-03-20,closure,CX-1,reason: 转介他处; outcomes: GL-3=not_achieved
2026-03-20,follow-up,FU-2,reassessment; phq9; status now done
2026-04-07,follow-up,FU-3,reassessment; phq9; status now cancelled
2026-05-10,reopening,CX-1,reason: 情绪反复
2026-07-21,contact,CT-9,interview; minutes 30; by 李敏
2026-08-15,closure,CX-3,reason: 目标达成; outcomes: GL-7=achieved
TODAY,plan revision,PL-2,revision 1; by tester
TODAY,plan revision,PL-2,revision 2; by tester
TODAY,goal,GL-3,term short; 改善情绪; target 低于10; deadline 2026-03-15; status now not_achieved
TODAY,goal,GL-7,term short; 复学; target 复学; deadline 2026-07-31; status now achieved
TODAY,referral,RF-2,drafted for 心理咨询门诊; reason: 情绪低落" "intake, assessments, contacts, referrals, closures, follow-ups, plan"
check "handing it out is audited: who, what, when" \
	test "$(q "SELECT actor || ' ' || action || ' ' || entity || ' ' || ids || ' ' || substr(detail, 1, 49) || ' ' || CASE WHEN CAST(at AS TEXT) > '2026' THEN 1 ELSE 0 END FROM audit ORDER BY id DESC LIMIT 1")" = '王芳 hand_out case CA-2 {"report":"case file","entries":19,"format":"csv" 1'
check "the audit chain still holds" test "$(q "SELECT count(*) FROM audit a JOIN audit b ON b.id = a.id + 1 WHERE b.prev_hash <> a.hash")" = 0
check "nothing but the batch and its audit entry was written" \
	test "$(echo "$before" | grep -v '^INSERT INTO \(batches\|audit\|sqlite_sequence\)')" = "$(dbdump r.db | grep -v '^INSERT INTO \(batches\|audit\|sqlite_sequence\)')"
run sw-report case ca-4 --db r.db -o jsonl
check_rc 0 "a case file as JSON Lines, the id in either case"
check "its audit entry carries the digest of what was printed" \
	test "$(q "SELECT detail FROM audit ORDER BY id DESC LIMIT 1")" = "{\"report\":\"case file\",\"entries\":13,\"format\":\"jsonl\",\"sha256\":\"$(sha256sum <"$T/out" | cut -d' ' -f1)\"}"
check "the task and the progress of CA-4 are in it" grep -q '"kind":"task","id":"TK-1","summary":"under GL-6; 联系学校; due 2026-06-15; status now open"' "$T/out"
n_audit=$(q "SELECT count(*) FROM audit")
run sw-report case CA-9 --db r.db
check_rc 3 "an unknown case"
check_err "sw-report: no case CA-9" "is named"
run sw-report case CL-1 --db r.db
check_rc 3 "an id of another kind"
check_err "sw-report: 'CL-1' is not a case id (CA-n)" "is refused"
check "refusals are not audited" test "$(q "SELECT count(*) FROM audit")" = "$n_audit"

# Plan revisions, goals and tasks are dated by the local day (TZ) of their
# creation time, recorded in UTC, like every other date. On a copy, CA-4's
# goal was created at 20:30 UTC on 1 March, its task at 23:59:59, its plan
# revisions at 02:00 UTC on 2 March: 8 hours east of UTC all are of 2 March,
# 5 hours west all of 1 March, and the file is in the order of those days.
dbcp r.db tz.db
setup dbq tz.db "UPDATE goals SET created_at = '2026-03-01T20:30:00Z' WHERE id = 6; UPDATE tasks SET created_at = '2026-03-01T23:59:59Z' WHERE id = 1; UPDATE plan_revisions SET created_at = '2026-03-02T02:00:00Z' WHERE plan_id = 4"
run env TZ=CST-8 sw-report case CA-4 --db tz.db -o csv
check_rc 0 "a case file east of UTC"
check "east of UTC: the next local day, first in the file" \
	test "$(sed -n 2,6p "$T/out" | cut -d, -f1-3 | tr '\n' ' ')" = "2026-03-02,plan revision,PL-4 2026-03-02,plan revision,PL-4 2026-03-02,goal,GL-6 2026-03-02,task,TK-1 2026-04-05,intake,CA-4 "
run env TZ=EST5 sw-report case CA-4 --db tz.db -o csv
check "west of UTC: the day before" \
	test "$(sed -n 2,5p "$T/out" | cut -d, -f1-3 | tr '\n' ' ')" = "2026-03-01,plan revision,PL-4 2026-03-01,plan revision,PL-4 2026-03-01,goal,GL-6 2026-03-01,task,TK-1 "
run env TZ=UTC sw-report case CA-4 --db tz.db -o csv
check "in UTC: the days of the times as written" \
	test "$(sed -n 2,5p "$T/out" | cut -d, -f1-3 | tr '\n' ' ')" = "2026-03-01,goal,GL-6 2026-03-01,task,TK-1 2026-03-02,plan revision,PL-4 2026-03-02,plan revision,PL-4 "

# ---- no database, exit codes ----------------------------------------------------------------
# On PostgreSQL, a database of the cluster that is not there.
if [ "$CW_BACKEND" = pg ]; then none=$(pg_uri "$(pg_name none.db)"); else none=none.db; fi
run sw-report caseload --db "$none"
check_rc 4 "a report without a database"
if [ "$CW_BACKEND" = pg ]; then
	check "says so" grep -q "^sw-report: cannot open database '$none': .*\"$(pg_name none.db)\" does not exist\$" "$T/err"
else
	check_err "sw-report: cannot open database 'none.db': No such file or directory" "says so"
fi
run sw-report case CA-1 --db "$none"
check_rc 4 "a case file without a database"
if [ "$CW_BACKEND" = pg ]; then
	check "no database was created" test -z "$(pg_psql postgres -At -c "SELECT 1 FROM pg_database WHERE datname = '$(pg_name none.db)'")"
else
	check "no database was created" test ! -e none.db
fi
run sw-report caseload --db r.db --by kind
check_rc 2 "a group the report does not take"
check_err "sw-report: option '--by': caseload cannot be grouped by kind (it takes worker, month, category, risk, referral_source, sex, age, closure_kind, project)
Try 'sw-report --help' for more information." "names the groups it takes"
run sw-report services --db r.db --by colour
check_rc 2 "an unknown group"
run sw-report caseload --db r.db --by worker,month,risk
check_rc 2 "three groups"
check_err_line "sw-report: option '--by': at most two groups" "at most two"
run sw-report outcomes --db r.db --by worker,category
check_rc 2 "outcomes: instrument and two more"
run sw-report caseload --db r.db --month 2026-10 --year 2026
check_rc 2 "two periods"
check_err_line "sw-report: give one period: --month, --quarter, --half, --year, or --since and --until" "one period at most"
run sw-report caseload --db r.db --month 2026-10 --since 2026-10-01
check_rc 2 "a period and --since"
run sw-report caseload --db r.db --month 2026-13
check_rc 2 "no such month"
check_err_line "sw-report: option '--month': not a month: use YYYY-MM (2026-10)" "the form to use"
run sw-report caseload --db r.db --quarter 2026Q5
check_rc 2 "no such quarter"
run sw-report caseload --db r.db --half 2026H3
check_rc 2 "no such half"
run sw-report caseload --db r.db --year 26
check_rc 2 "a two-digit year"
run sw-report caseload --db r.db --since 2026-10-01 --until 2026-09-30
check_rc 2 "--since after --until"
run sw-report caseload --db r.db --suppress 0
check_rc 2 "--suppress 0"
run sw-report caseload --db r.db --suppress 2 --public
check_rc 2 "--suppress and --public"
run sw-report caseload --db r.db --excel -o json
check_rc 2 "--excel with another format"
run sw-report caseload --db r.db --excel -o html
check_rc 2 "--excel with html"
run sw-report case CA-1 --db r.db --by worker
check_rc 2 "--by on a case file"
run sw-report case --db r.db
check_rc 2 "a case file needs its case"
run sw-report caseload --db r.db --user 王芳
check_rc 2 "--user on a report"
run sw-report nosuch --db r.db
check_rc 2 "an unknown report"
run sw-report --help
check_rc 0 "--help"
check "the usage names every report" test "$(grep -c '^       sw-report \|^usage: sw-report' "$T/out")" = 10

# Open cases carry over from month to month: suppressing a caseload by
# month would leak, so it is refused.
rep caseload --year 2026 --by month --suppress 3
check_rc 2 "caseload by month with --suppress is refused"
check_err_line "sw-report: caseload by month cannot be suppressed safely (open cases carry over from month to month): group by something else, or report each month on its own" "the reason is given"
done_testing
