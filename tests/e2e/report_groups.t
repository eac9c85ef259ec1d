#!/bin/sh
# sw-report: the outcomes' baseline (前后测 as funders count it) and the
# breakdowns by sex and age of every statistical report, checked against
# figures counted by hand from a small fixture; age_bands; disclosure
# control of these groupings.
. "$CW_TOP/tests/e2e/lib.sh"

rep() { run sw-report "$@" --db g.db; }
setup() {
	"$@" >setup.out 2>setup.err || { not_ok "setup: $*"; diag setup.err; }
}

# ---- the fixture -------------------------------------------------------------
# Ten clients, one case each (CL-n, CA-n). Age on 2026-10-31 (and on
# 2026-11-30 where it differs) and its band with the default age_bands:
#
#   case  sex      birth       age       band     worker  intake      closed / reopened
#   CA-1  female   1990-03-01  36        35-59    李敏    2026-08-10
#   CA-2  male     1995-06-01  31        18-34    李敏    2026-09-05  closed 09-30, reopened 10-10
#   CA-3  female   2012-01-01  14        14-17    李敏    2026-10-03
#   CA-4  male     1950-01-01  76        60-      李敏    2026-10-12
#   CA-5  other    2018-05-05  8         0-13     李敏    2026-10-20
#   CA-6  -        1980-01-01  46        35-59    周强    2026-09-15  closed 11-20
#   CA-7  female   -           unknown   unknown  周强    2026-10-25
#   CA-8  male     2008-11-15  17 (18)   14-17 (18-34 from 11-15)  周强  2026-10-08
#   CA-9  female   1970-07-07  56        35-59    周强    2026-07-01  closed 10-15
#   CA-10 male     2000-02-29  26        18-34    周强    2026-11-03
#
# CA-6's sex is not recorded: it counts as unknown.
cat >cases.csv <<'CSV'
name,sex,birth_date,intake_date,worker,category,consent_date,consent_share,consent_by
甲,female,1990-03-01,2026-08-10,李敏,family,2026-08-10,yes,self
乙,male,1995-06-01,2026-09-05,李敏,youth,2026-09-05,yes,self
丙,female,2012-01-01,2026-10-03,李敏,youth,2026-10-03,yes,guardian
丁,male,1950-01-01,2026-10-12,李敏,elder,2026-10-05,yes,self
戊,other,2018-05-05,2026-10-20,李敏,child,2026-09-20,yes,guardian
己,,1980-01-01,2026-09-15,周强,family,2026-09-15,yes,self
庚,female,,2026-10-25,周强,family,2026-10-25,yes,self
辛,male,2008-11-15,2026-10-08,周强,youth,2026-10-08,yes,guardian
壬,female,1970-07-07,2026-07-01,周强,family,2026-07-01,yes,self
癸,male,2000-02-29,2026-11-03,周强,youth,2026-11-03,yes,self
CSV
setup sw-intake add --db g.db cases.csv
# PHQ-9 (lower is better, no threshold; totals in brackets):
#   CA-1 09-10 [15], 10-20 [10]
#   CA-2 08-05 [18], 10-12 [14], 10-25 [8]
#   CA-3 10-06 [12]
#   CA-4 10-02 [10], 10-28 [12]
#   CA-6 09-01 [9],  11-10 [5]
cat >phq.csv <<'CSV'
case_id,date,q1,q2,q3,q4,q5,q6,q7,q8,q9
CA-1,2026-09-10,2,2,2,2,2,2,2,1,0
CA-1,2026-10-20,2,2,1,1,1,1,1,1,0
CA-2,2026-08-05,3,3,2,2,2,2,2,2,0
CA-2,2026-10-12,2,2,2,2,2,2,1,1,0
CA-2,2026-10-25,1,1,1,1,1,1,1,1,0
CA-3,2026-10-06,2,2,2,1,1,1,1,2,0
CA-4,2026-10-02,2,2,1,1,1,1,1,1,0
CA-4,2026-10-28,2,2,2,1,1,1,1,2,0
CA-6,2026-09-01,1,1,1,1,1,1,1,2,0
CA-6,2026-11-10,1,1,1,1,1,0,0,0,0
CSV
setup sw-assess score phq9 --db g.db phq.csv
# Satisfaction: CA-1 10-22 4, CA-4 10-14 5, CA-5 10-16 3, CA-9 10-10 2.
cat >sat.csv <<'CSV'
case_id,date,q1,q2,q3,q4,q5
CA-1,2026-10-22,4,4,4,4,4
CA-4,2026-10-14,5,5,5,5,5
CA-5,2026-10-16,3,3,3,3,3
CA-9,2026-10-10,2,2,2,2,2
CSV
setup sw-assess score satisfaction --db g.db sat.csv
# Contacts (the case's worker): CA-1 10-02 interview 30, CA-1 10-09 phone
# 10, CA-2 10-11 interview 30, CA-3 10-05 home_visit 60, CA-4 10-13
# interview 30, CA-8 10-20 phone 10, CA-7 10-26 interview 30; outside
# October CA-6 09-20, CA-10 11-05, CA-8 11-20. GS-1 10-15 60 minutes by
# 周强: CA-5 and CA-6.
cat >contacts.csv <<'CSV'
case_id,date,kind,minutes,worker,note
CA-1,2026-10-02,interview,30,,
CA-1,2026-10-09,phone,10,,
CA-2,2026-10-11,interview,30,,
CA-3,2026-10-05,home_visit,60,,
CA-4,2026-10-13,interview,30,,
CA-8,2026-10-20,phone,10,,
CA-7,2026-10-26,interview,30,,
CA-6,2026-09-20,interview,30,,
CA-10,2026-11-05,interview,30,,
CA-8,2026-11-20,phone,10,,
CSV
setup sw-plan contacts --db g.db contacts.csv
printf 'date,title,minutes,workers,cases\n2026-10-15,亲子小组,60,周强,CA-5 CA-6\n' >session.csv
setup sw-plan sessions --db g.db session.csv
# Goals: GL-1 CA-1 short 10-15 achieved (progress 10-14); GL-2 CA-3 short
# 10-31 in progress; GL-3 CA-4 long 12-31 achieved (progress 10-20);
# GL-4 CA-8 short 10-25 not achieved (progress 10-26); GL-5 CA-6 short
# 11-30 (not achieved at its closure, 11-20); GL-6 CA-9 short 2027-03-31
# partly achieved at its closure (10-15); GL-7 CA-7 short 10-20 not
# started (overdue). TK-1 under GL-2 due 10-10, open (overdue).
cat >goals.csv <<'CSV'
case_id,term,description,indicator,target,deadline
CA-1,short,找到工作,求职进度,入职,2026-10-15
CA-3,short,按时上学,出勤率,90%,2026-10-31
CA-4,long,按时服药,服药天数,每周7天,2026-12-31
CA-8,short,完成实习,实习天数,20,2026-10-25
CA-6,short,申请低保,申请进度,已批准,2026-11-30
CA-9,short,改善家庭关系,冲突次数,每月少于1次,2027-03-31
CA-7,short,办理证件,进度,办结,2026-10-20
CSV
setup sw-plan goals --db g.db goals.csv
printf 'goal_id,description,due_date,status,done_date\nGL-2,联系学校,2026-10-10,,\n' >tasks.csv
setup sw-plan tasks --db g.db tasks.csv
printf 'goal_id,date,status\nGL-1,2026-10-14,achieved\nGL-3,2026-10-20,achieved\nGL-4,2026-10-26,not_achieved\nGL-2,2026-10-07,in_progress\n' >progress.csv
setup sw-plan progress --db g.db progress.csv
# Referrals to providers typed in (category other), days to a response
# in brackets: RF-1 CA-1 sent 10-05, accepted 10-08 [3]; RF-2 CA-4 sent
# 10-10, declined 10-20 [10]; RF-3 CA-5 sent 09-25, accepted 10-02 [7],
# completed 10-30; RF-4 CA-8 sent 10-12, no answer (follow-up 10-26:
# overdue).
cat >refer.csv <<'CSV'
case_id,service_id,provider,reason
CA-1,,街道就业服务站,就业
CA-4,,社区卫生服务中心,慢病
CA-5,,区儿童服务中心,托育
CA-8,,区青少年中心,实习
CSV
setup sw-refer add --db g.db refer.csv
cat >status.csv <<'CSV'
referral_id,state,date,reason,expected_date
RF-1,sent,2026-10-05,,
RF-1,accepted,2026-10-08,,
RF-2,sent,2026-10-10,,
RF-2,declined,2026-10-20,名额已满,
RF-3,sent,2026-09-25,,
RF-3,accepted,2026-10-02,,
RF-3,completed,2026-10-30,,
RF-4,sent,2026-10-12,,
CSV
setup sw-refer status --db g.db status.csv
printf 'case_id,date,reason_kind,reason,outcomes\nCA-2,2026-09-30,client_withdrew,暂停服务,\nCA-9,2026-10-15,referred_on,转介他处,GL-6=partly_achieved\nCA-6,2026-11-20,unreachable,目标未达成,GL-5=not_achieved\n' >close.csv
setup sw-plan close --db g.db close.csv
printf 'case_id,date,reason\nCA-2,2026-10-10,情绪反复\n' >reopen.csv
setup sw-plan reopen --db g.db reopen.csv
check "the fixture: 10 cases, 10 contacts and 2 of a session, 3 closures" \
	test "$(dbq g.db "SELECT (SELECT count(*) FROM cases) || ' ' || (SELECT count(*) FROM contacts) || ' ' || (SELECT count(*) FROM closures)")" = "10 12 3"
before=$(dbdump g.db)

# ---- outcomes: the baseline ----------------------------------------------------
# October: CA-1 is paired 09-10 [15] -> 10-20 [10] (-5, improved); CA-2
# 08-05 [18] -> 10-25 [8], the latest in October (-10, improved); CA-4
# 10-02 [10] -> 10-28 [12] (+2); CA-3, assessed only in October, has its
# baseline and no follow-up; CA-6 has no follow-up in October. Mean
# (-5 - 10 + 2) / 3 = -4.33.
rep outcomes --month 2026-10 -o csv
check_rc 0 "outcomes: the baseline is the first assessment ever"
check_out "instrument,cases,mean_change,improved,improved_pct,meaningful,meaningful_pct
phq9,3,-4.33,2,66.7,,
total,3,,2,66.7,," "September and October make a pair; October alone does not; August pairs with the latest of October"
# --within-period: the first and latest inside October: CA-2 10-12 [14]
# -> 10-25 [8] (-6), CA-4 (+2); CA-1's one October assessment is no pair.
rep outcomes --month 2026-10 --within-period -o csv
check_rc 0 "outcomes --within-period"
check_out "instrument,cases,mean_change,improved,improved_pct,meaningful,meaningful_pct
phq9,2,-2.00,1,50.0,,
total,2,,1,50.0,," "--within-period: first and latest assessment inside the period"
# November: CA-6 09-01 [9] -> 11-10 [5]; the others have nothing in it.
rep outcomes --month 2026-11 -o csv
check_out "instrument,cases,mean_change,improved,improved_pct,meaningful,meaningful_pct
phq9,1,-4.00,1,100.0,,
total,1,,1,100.0,," "a baseline months before the period"
rep outcomes --month 2026-11 --within-period -o csv
check_out "instrument,cases,mean_change,improved,improved_pct,meaningful,meaningful_pct
total,0,,0,,," "--within-period: one assessment in November is no pair"
# The same definition as sw-assess history: CA-2's latest October row
# is -10 from its baseline, the figure the report counts for CA-2 alone
# (李敏's other pairs are CA-1 and CA-4).
run sw-assess history CA-2 --db g.db -o csv
check "history: the change from the baseline of CA-2's 10-25 assessment is -10" \
	grep -q '^AS-5,CA-2,phq9,2026-10-25,8,,[a-z]*,[a-z]*,,-10,yes,,' "$T/out"
for v in caseload services satisfaction goals referrals overdue; do
	rep "$v" --month 2026-10 --within-period -o csv
	check_rc 2 "--within-period is for outcomes only: $v"
	check_err "sw-report: option '--within-period' does not apply to '$v'
Try 'sw-report --help' for more information." "$v --within-period: the message"
done

# ---- by sex --------------------------------------------------------------------
# October. Caseload: new CA-3, 4, 5, 7, 8; closed CA-9; reopened CA-2;
# open on 10-31 CA-1..8. A session's attendees of two sexes: the rows
# over sex leave the sessions empty, as over categories.
rep caseload --month 2026-10 --by sex -o csv
check_out "sex,new,closed,reopened,open_at_end,households
female,2,1,0,3,3
male,2,0,1,3,3
other,1,0,0,1,1
unknown,0,0,0,1,1
total,5,1,1,8,8" "caseload by sex; a sex not recorded is unknown"
rep services --month 2026-10 --by sex -o csv
check_out "sex,contacts,clients,households,minutes,sessions,attendance
female,4,3,3,130,0,0
male,3,3,3,70,0,0
other,1,1,1,60,1,1
unknown,1,1,1,60,1,1
total,9,8,8,320,,2" "services by sex"
rep outcomes --month 2026-10 --by sex -o csv
check_out "instrument,sex,cases,mean_change,improved,improved_pct,meaningful,meaningful_pct
phq9,female,1,-5.00,1,100.0,,
phq9,male,2,-4.00,1,50.0,,
phq9,other,0,,0,,,
phq9,unknown,0,,0,,,
phq9,total,3,-4.33,2,66.7,,
total,female,1,,1,100.0,,
total,male,2,,1,50.0,,
total,other,0,,0,,,
total,unknown,0,,0,,,
total,total,3,,2,66.7,," "outcomes by sex (always by instrument first)"
rep satisfaction --month 2026-10 --by sex -o csv
check_out "instrument,sex,responses,mean_score
satisfaction,female,2,3.00
satisfaction,male,1,5.00
satisfaction,other,1,3.00
satisfaction,unknown,0,
satisfaction,total,4,3.50
total,female,2,
total,male,1,
total,other,1,
total,unknown,0,
total,total,4," "satisfaction by sex"
# Goals: GL-1 (achieved), GL-2 (in progress), GL-6 (partly), GL-7 (not
# started) of women; GL-3 (achieved), GL-4 (not achieved) of men.
rep goals --month 2026-10 --by sex -o csv
check_out "sex,goals,achieved,partly_achieved,not_achieved,attainment_pct
female,4,1,1,0,50.0
male,2,1,0,1,50.0
other,0,0,0,0,
unknown,0,0,0,0,
total,6,2,1,1,50.0" "goals by sex"
rep referrals --month 2026-10 --by sex -o csv
check_out "sex,made,accepted,declined,completed,median_days_to_response
female,1,1,0,0,3.0
male,2,0,1,0,10.0
other,0,1,0,1,7.0
unknown,0,0,0,0,
total,3,2,1,1,7.0" "referrals by sex"
# Overdue on 10-31: GL-7 (CA-7), TK-1 (CA-3), RF-4 (CA-8).
rep overdue --month 2026-10 --by sex -o csv
check_out "sex,overdue
female,2
male,1
other,0
unknown,0
total,3" "overdue by sex"

# ---- by age ----------------------------------------------------------------------
# Ages on the period's last day, 10-31 (the table of the fixture).
rep caseload --month 2026-10 --by age -o csv
check_out "age,new,closed,reopened,open_at_end,households
0-13,1,0,0,1,1
14-17,2,0,0,2,2
18-34,0,0,1,1,1
35-59,0,1,0,2,2
60-,1,0,0,1,1
unknown,1,0,0,1,1
total,5,1,1,8,8" "caseload by age: every band has a row, unknown (no birth date) last"
rep services --month 2026-10 --by age -o csv
check_out "age,contacts,clients,households,minutes,sessions,attendance
0-13,1,1,1,60,1,1
14-17,2,2,2,70,0,0
18-34,1,1,1,30,0,0
35-59,3,2,2,100,1,1
60-,1,1,1,30,0,0
unknown,1,1,1,30,0,0
total,9,8,8,320,,2" "services by age"
rep outcomes --month 2026-10 --by age -o csv
check_out "instrument,age,cases,mean_change,improved,improved_pct,meaningful,meaningful_pct
phq9,0-13,0,,0,,,
phq9,14-17,0,,0,,,
phq9,18-34,1,-10.00,1,100.0,,
phq9,35-59,1,-5.00,1,100.0,,
phq9,60-,1,2.00,0,0.0,,
phq9,unknown,0,,0,,,
phq9,total,3,-4.33,2,66.7,,
total,0-13,0,,0,,,
total,14-17,0,,0,,,
total,18-34,1,,1,100.0,,
total,35-59,1,,1,100.0,,
total,60-,1,,0,0.0,,
total,unknown,0,,0,,,
total,total,3,,2,66.7,," "outcomes by age"
rep satisfaction --month 2026-10 --by age -o csv
check_out "instrument,age,responses,mean_score
satisfaction,0-13,1,3.00
satisfaction,14-17,0,
satisfaction,18-34,0,
satisfaction,35-59,2,3.00
satisfaction,60-,1,5.00
satisfaction,unknown,0,
satisfaction,total,4,3.50
total,0-13,1,
total,14-17,0,
total,18-34,0,
total,35-59,2,
total,60-,1,
total,unknown,0,
total,total,4," "satisfaction by age"
rep goals --month 2026-10 --by age -o csv
check_out "age,goals,achieved,partly_achieved,not_achieved,attainment_pct
0-13,0,0,0,0,
14-17,2,0,0,1,0.0
18-34,0,0,0,0,
35-59,2,1,1,0,50.0
60-,1,1,0,0,100.0
unknown,1,0,0,0,
total,6,2,1,1,50.0" "goals by age"
rep referrals --month 2026-10 --by age -o csv
check_out "age,made,accepted,declined,completed,median_days_to_response
0-13,0,1,0,1,7.0
14-17,1,0,0,0,
18-34,0,0,0,0,
35-59,1,1,0,0,3.0
60-,1,0,1,0,10.0
unknown,0,0,0,0,
total,3,2,1,1,7.0" "referrals by age"
rep overdue --month 2026-10 --by age -o csv
check_out "age,overdue
0-13,0
14-17,2
18-34,0
35-59,0
60-,0
unknown,1
total,3" "overdue by age"

# ---- two groups ---------------------------------------------------------------------
rep caseload --month 2026-10 --by sex,age -o csv
check_out "sex,age,new,closed,reopened,open_at_end,households
female,0-13,0,0,0,0,0
female,14-17,1,0,0,1,1
female,18-34,0,0,0,0,0
female,35-59,0,1,0,1,1
female,60-,0,0,0,0,0
female,unknown,1,0,0,1,1
female,total,2,1,0,3,3
male,0-13,0,0,0,0,0
male,14-17,1,0,0,1,1
male,18-34,0,0,1,1,1
male,35-59,0,0,0,0,0
male,60-,1,0,0,1,1
male,unknown,0,0,0,0,0
male,total,2,0,1,3,3
other,0-13,1,0,0,1,1
other,14-17,0,0,0,0,0
other,18-34,0,0,0,0,0
other,35-59,0,0,0,0,0
other,60-,0,0,0,0,0
other,unknown,0,0,0,0,0
other,total,1,0,0,1,1
unknown,0-13,0,0,0,0,0
unknown,14-17,0,0,0,0,0
unknown,18-34,0,0,0,0,0
unknown,35-59,0,0,0,1,1
unknown,60-,0,0,0,0,0
unknown,unknown,0,0,0,0,0
unknown,total,0,0,0,1,1
total,0-13,1,0,0,1,1
total,14-17,2,0,0,2,2
total,18-34,0,0,1,1,1
total,35-59,0,1,0,2,2
total,60-,1,0,0,1,1
total,unknown,1,0,0,1,1
total,total,5,1,1,8,8" "caseload by sex and age"
# Services by worker and sex: GS-1 (周强) was attended by CA-5 (other)
# and CA-6 (unknown sex).
rep services --month 2026-10 --by worker,sex -o csv
check_out "worker,sex,contacts,clients,households,minutes,sessions,attendance
周强,female,1,1,1,30,0,0
周强,male,1,1,1,10,0,0
周强,other,1,1,1,60,1,1
周强,unknown,1,1,1,60,1,1
周强,total,4,4,4,160,,2
李敏,female,3,2,2,100,0,0
李敏,male,2,2,2,60,0,0
李敏,other,0,0,0,0,0,0
李敏,unknown,0,0,0,0,0,0
李敏,total,5,4,4,160,,0
total,female,4,3,3,130,0,0
total,male,3,3,3,70,0,0
total,other,1,1,1,60,1,1
total,unknown,1,1,1,60,1,1
total,total,9,8,8,320,,2" "services by worker and sex"
rep goals --month 2026-10 --by term,sex -o csv
check_out "term,sex,goals,achieved,partly_achieved,not_achieved,attainment_pct
short,female,4,1,1,0,50.0
short,male,1,0,0,1,0.0
short,other,0,0,0,0,
short,unknown,0,0,0,0,
short,total,5,1,1,1,33.3
long,female,0,0,0,0,
long,male,1,1,0,0,100.0
long,other,0,0,0,0,
long,unknown,0,0,0,0,
long,total,1,1,0,0,100.0
total,female,4,1,1,0,50.0
total,male,2,1,0,1,50.0
total,other,0,0,0,0,
total,unknown,0,0,0,0,
total,total,6,2,1,1,50.0" "goals by term and sex"
rep referrals --month 2026-10 --by sex,worker -o csv
check_out "sex,worker,made,accepted,declined,completed,median_days_to_response
female,周强,0,0,0,0,
female,李敏,1,1,0,0,3.0
female,total,1,1,0,0,3.0
male,周强,1,0,0,0,
male,李敏,1,0,1,0,10.0
male,total,2,0,1,0,10.0
other,周强,0,0,0,0,
other,李敏,0,1,0,1,7.0
other,total,0,1,0,1,7.0
unknown,周强,0,0,0,0,
unknown,李敏,0,0,0,0,
unknown,total,0,0,0,0,
total,周强,1,0,0,0,
total,李敏,2,2,1,1,7.0
total,total,3,2,1,1,7.0" "referrals by sex and worker"
rep overdue --month 2026-10 --by worker,sex -o csv
check_out "worker,sex,overdue
周强,female,1
周强,male,1
周强,other,0
周强,unknown,0
周强,total,2
李敏,female,1
李敏,male,0
李敏,other,0
李敏,unknown,0
李敏,total,1
total,female,2
total,male,1
total,other,0
total,unknown,0
total,total,3" "overdue by worker and sex"
rep outcomes --month 2026-10 --by sex,age -o csv
check_rc 2 "outcomes is always by instrument: sex and age are one group too many"

# ---- age by month ------------------------------------------------------------------
# By month, ages on each month's last day: CA-8 is 17 on 10-31 and 18 on
# 11-30. The fourth quarter: new CA-10 (11-03), closed CA-6 (11-20).
rep caseload --quarter 2026Q4 --by month,age -o csv
check_out "month,age,new,closed,reopened,open_at_end,households
2026-10,0-13,1,0,0,1,1
2026-10,14-17,2,0,0,2,2
2026-10,18-34,0,0,1,1,1
2026-10,35-59,0,1,0,2,2
2026-10,60-,1,0,0,1,1
2026-10,unknown,1,0,0,1,1
2026-10,total,5,1,1,8,8
2026-11,0-13,0,0,0,1,1
2026-11,14-17,0,0,0,1,1
2026-11,18-34,1,0,0,3,3
2026-11,35-59,0,1,0,1,1
2026-11,60-,0,0,0,1,1
2026-11,unknown,0,0,0,1,1
2026-11,total,1,1,0,8,8
2026-12,0-13,0,0,0,1,1
2026-12,14-17,0,0,0,1,1
2026-12,18-34,0,0,0,3,3
2026-12,35-59,0,0,0,1,1
2026-12,60-,0,0,0,1,1
2026-12,unknown,0,0,0,1,1
2026-12,total,0,0,0,8,8
total,0-13,1,0,0,,
total,14-17,2,0,0,,
total,18-34,1,0,1,,
total,35-59,0,2,0,,
total,60-,1,0,0,,
total,unknown,1,0,0,,
total,total,6,2,1,," "by month and age: the age on each month's last day"
# Without month, the age on the period's last day: CA-8 is 18-34.
rep caseload --quarter 2026Q4 --by age -o csv
check_out "age,new,closed,reopened,open_at_end,households
0-13,1,0,0,1,1
14-17,1,0,0,1,1
18-34,2,0,1,3,3
35-59,0,2,0,1,1
60-,1,0,0,1,1
unknown,1,0,0,1,1
total,6,2,1,8,8" "by age alone: the age on the period's last day"
# Services by age and month: CA-8's phone calls of 10-20 (14-17) and
# 11-20 (18-34), CA-10's interview of 11-05.
rep services --quarter 2026Q4 --by age,month -o csv
check_out "age,month,contacts,clients,households,minutes,sessions,attendance
0-13,2026-10,1,1,1,60,1,1
0-13,2026-11,0,0,0,0,0,0
0-13,2026-12,0,0,0,0,0,0
0-13,total,1,1,1,60,1,1
14-17,2026-10,2,2,2,70,0,0
14-17,2026-11,0,0,0,0,0,0
14-17,2026-12,0,0,0,0,0,0
14-17,total,2,2,2,70,0,0
18-34,2026-10,1,1,1,30,0,0
18-34,2026-11,2,2,2,40,0,0
18-34,2026-12,0,0,0,0,0,0
18-34,total,3,3,3,70,0,0
35-59,2026-10,3,2,2,100,1,1
35-59,2026-11,0,0,0,0,0,0
35-59,2026-12,0,0,0,0,0,0
35-59,total,3,2,2,100,1,1
60-,2026-10,1,1,1,30,0,0
60-,2026-11,0,0,0,0,0,0
60-,2026-12,0,0,0,0,0,0
60-,total,1,1,1,30,0,0
unknown,2026-10,1,1,1,30,0,0
unknown,2026-11,0,0,0,0,0,0
unknown,2026-12,0,0,0,0,0,0
unknown,total,1,1,1,30,0,0
total,2026-10,9,8,8,320,,2
total,2026-11,2,2,2,40,,0
total,2026-12,0,0,0,0,,0
total,total,11,9,9,360,,2" "services by age and month: a client in two bands counts in both"

# ---- age_bands ------------------------------------------------------------------------
# The configuration: casework.conf beside the database on SQLite; on
# PostgreSQL the user's own, here $CASEWORK_CONFIG.
CONF=casework.conf
if [ "$CW_BACKEND" = pg ]; then CONF="$T/casework.conf"; export CASEWORK_CONFIG="$CONF"; fi
printf 'age_bands = 0-17, 18-59,60-\n' >casework.conf
rep caseload --month 2026-10 --by age -o csv
check_out "age,new,closed,reopened,open_at_end,households
0-17,3,0,0,3,3
18-59,0,1,1,3,3
60-,1,0,0,1,1
unknown,1,0,0,1,1
total,5,1,1,8,8" "age_bands from the configuration, labels as written"
printf 'age_bands = 0-\n' >casework.conf
rep overdue --month 2026-10 --by age -o csv
check_out "age,overdue
0-,2
unknown,1
total,3" "one open-ended band"
for bad in "0-13,15-:two bands leave a gap between them" \
	   "0-13,13-:two bands overlap" \
	   "0-13,14-17:the last band is not open-ended (such as 60-)" \
	   "0-13,14-,60-:only the last band is open-ended (60-)" \
	   "5-17,18-:the first band does not start at 0" \
	   "0-13,14-10,11-:a band ends before it starts" \
	   "0-13;14-:not a list of age bands such as 0-13,14-17,18-34,35-59,60- (ages 0 to 150)" \
	   "0-200,201-:not a list of age bands such as 0-13,14-17,18-34,35-59,60- (ages 0 to 150)" \
	   ":not a list of age bands such as 0-13,14-17,18-34,35-59,60- (ages 0 to 150)"; do
	printf 'age_bands = %s\n' "${bad%%:*}" >casework.conf
	rep caseload --month 2026-10 --by age -o csv
	check_rc 2 "age_bands = ${bad%%:*}: a configuration error"
	check_err "sw-report: $CONF:1: age_bands: ${bad#*:}" "age_bands = ${bad%%:*}: the message"
done
rm casework.conf
unset CASEWORK_CONFIG

# ---- labels for people ------------------------------------------------------------------
LANG=zh_CN.UTF-8 LC_ALL= LC_MESSAGES= run sw-report caseload --month 2026-10 --by sex,age --db g.db -o table
check "Chinese labels: sex and age band; 女, 其他, 未知 and 合计" \
	test "$(sed -n '1p;3p;15p;16p;28p' "$T/out" | tr -s ' ')" = "性别 年龄段 新增个案 结案 重新开案 期末在案 在案家庭数
女 14-17 1 0 0 1 1
男 合计 2 0 1 3 3
其他 0-13 1 0 0 1 1
未知 未知 0 0 0 0 0"
run sw-report caseload --month 2026-10 --by sex --db g.db -o table
check "English labels for people, machine words as values" \
	test "$(sed -n '1p;5p' "$T/out" | tr -s ' ')" = "sex new closed reopened open at end households
unknown 0 0 0 1 1"

# ---- disclosure control ----------------------------------------------------------------
# Caseload by sex, --suppress 1: every row holds a 1 (female's closure,
# male's reopening, other's new case, unknown's open case) and is hidden
# whole but its zeros; the total row has the 1 closure and 1 reopening.
rep caseload --month 2026-10 --by sex --suppress 1 -o csv
check_out "sex,new,closed,reopened,open_at_end,households
female,x,x,0,x,x
male,x,0,x,x,x
other,x,0,0,x,x
unknown,0,0,0,x,x
total,x,x,x,x,x" "caseload by sex, suppressed"
# Age: 14-17 (2 new, 2 open) alone has no 1; its row is published, and
# every other row and the total are hidden, so no total gives a cell back.
rep caseload --month 2026-10 --by age --suppress 1 -o csv
check_out "age,new,closed,reopened,open_at_end,households
0-13,x,0,0,x,x
14-17,2,0,0,2,2
18-34,0,0,x,x,x
35-59,0,x,0,x,x
60-,x,0,0,x,x
unknown,x,0,0,x,x
total,x,x,x,x,x" "caseload by age, suppressed"

# leaks TRUE SUPPRESSED NGROUPS COLUMNS N: whether the suppressed table
# (CSV) lets a hidden count be worked out from the published cells and
# totals of one line of the table (the cells of one value of a group and
# their total), comparing with the true table: a line of additive
# columns (COLUMNS, CSV field numbers) with one hidden figure, or whose
# hidden figures, at least 1 each, can only all be 1; or a count from 1
# to N published. Prints what leaks; succeeds when nothing does.
leaks() {
	awk -F, -v ng="$3" -v cols="$4" -v n="$5" '
	FNR == 1 { next }
	NR == FNR { t[FNR] = $0; next }
	{
		split(t[FNR], tv, ","); split($0, sv, ",")
		nc = split(cols, cl, " ")
		a = $1; b = (ng == 2) ? $2 : "total"
		for (i = 1; i <= nc; i++) {
			c = cl[i]; v = sv[c]; tr = tv[c]
			if (v != "x" && v != "" && v + 0 >= 1 && v + 0 <= n)
				print "published " a "," b " field " c ": " v
			# the lines the cell lies on: its first value (over the
			# second), its second value (over the first)
			for (l = 1; l <= 2; l++) {
				if (ng == 1 && l == 2) continue
				key = l == 1 ? "a:" a : "b:" b
				if (ng == 1) key = "one"
				istot = l == 1 ? (b == "total") : (a == "total")
				if (ng == 1) istot = (a == "total")
				key = key SUBSEP c
				if (v == "") { blank[key] = 1; continue }
				if (v == "x") { hid[key]++; if (istot) htot[key] = 1; else hsum[key] += tr }
			}
		}
	}
	END {
		for (k in hid) {
			if (k in blank) continue
			if (hid[k] == 1) { print "one hidden figure in line " k; bad = 1 }
			else if (!(k in htot) && hsum[k] == hid[k]) { print "hidden figures all 1 in line " k; bad = 1 }
		}
		exit bad
	}' "$1" "$2" >leaks.out && ! grep -q . leaks.out
}
# Every report by sex, by age, and by two groups with one of them, with
# --suppress 1 and 2: no total gives a hidden cell back. The additive
# columns: counts and sums (not the distinct clients nor households, not the sessions,
# not rates, means or medians).
for spec in "caseload:sex::2 3 4 5" "caseload:age::2 3 4 5" "caseload:sex,age:2:3 4 5 6" \
	    "caseload:closure_kind::2 3 4 5" "caseload:closure_kind,sex:2:3 4 5 6" \
	    "caseload:worker,age:2:3 4 5 6" \
	    "services:sex::2 5 7" "services:age::2 5 7" "services:sex,age:2:3 6 8" \
	    "services:worker,sex:2:3 6 8" \
	    "outcomes:sex:2:3 5" "outcomes:age:2:3 5" \
	    "satisfaction:sex:2:3" "satisfaction:age:2:3" \
	    "goals:sex::2 3 4 5" "goals:age::2 3 4 5" "goals:sex,age:2:3 4 5 6" "goals:term,sex:2:3 4 5 6" \
	    "referrals:sex::2 3 4 5" "referrals:age::2 3 4 5" "referrals:sex,age:2:3 4 5 6" \
	    "referrals:sex,worker:2:3 4 5 6" \
	    "overdue:sex::2" "overdue:age::2" "overdue:sex,age:2:3" "overdue:worker,sex:2:3"; do
	r=${spec%%:*}; rest=${spec#*:}; by=${rest%%:*}; rest=${rest#*:}
	ng=${rest%%:*}; cols=${rest#*:}
	[ -n "$ng" ] || ng=1
	rep "$r" --month 2026-10 --by "$by" -o csv
	cp "$T/out" true.csv
	for N in 1 2; do
		rep "$r" --month 2026-10 --by "$by" --suppress $N -o csv
		cp "$T/out" supp.csv
		check "$r by $by, --suppress $N: exit 0, every row there" \
			test "$rc" -eq 0 -a "$(wc -l <supp.csv)" -eq "$(wc -l <true.csv)"
		if leaks true.csv supp.csv "$ng" "$cols" $N; then
			ok "$r by $by, --suppress $N: no total gives a hidden figure back"
		else
			not_ok "$r by $by, --suppress $N: no total gives a hidden figure back"
			diag leaks.out supp.csv
		fi
	done
done

# ---- closures by why they closed (closure_kind) ----------------------------------
# The fourth quarter: CA-9 closed (referred_on, 10-15), CA-6 closed
# (unreachable, 11-20), CA-2 reopened (10-10) from its closure of 09-30
# (client_withdrew); new cases and those open count under none.
rep caseload --quarter 2026Q4 --by closure_kind -o csv
check_rc 0 "caseload by closure_kind"
check "closed and reopened by the kind of the closure, by hand" test \
	"$(cut -d, -f1,3,4 "$T/out" | tr '\n' ' ')" = \
	"closure_kind,closed,reopened goals_achieved,0,0 client_withdrew,0,1 moved_away,0,0 referred_on,1,0 unreachable,1,0 died,0,0 other,0,0 none,0,0 total,2,1 "
rep caseload --quarter 2026Q4 --by closure_kind,sex -o csv
check_rc 0 "caseload by closure_kind and sex"
check "CA-9 (female) closed referred_on, CA-6 (sex unknown) unreachable, CA-2 (male) reopened from client_withdrew" \
	test "$(grep -e '^referred_on,female,' -e '^unreachable,unknown,' -e '^client_withdrew,male,' "$T/out" | tr '\n' ' ')" = \
	"client_withdrew,male,0,0,1,0,0 referred_on,female,0,1,0,0,0 unreachable,unknown,0,1,0,0,0 "
check "and no other closure or reopening in a kind's row" test \
	"$(awk -F, 'NR > 1 && $1 != "none" && $1 != "total" && $2 != "total" { c += $4 + $5 } END { print c }' "$T/out")" = 3
rep services --quarter 2026Q4 --by closure_kind -o csv
check_rc 2 "a report that counts no closure does not take closure_kind"
LC_ALL=zh_CN.UTF-8 rep caseload --quarter 2026Q4 --by closure_kind -o table
check "the kinds in Chinese for people" test "$(awk 'NR > 1 { print $1 }' "$T/out" | tr '\n' '|')" = "目标达成|服务对象退出|迁出|转介他处|失去联系|离世|其他|无|合计|"

check "no report changed the database" test "$before" = "$(dbdump g.db)"
done_testing
