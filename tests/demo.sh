#!/bin/sh
# demo.sh - the sample casework pipeline `make demo` runs: one realistic
# intake batch, as a data officer would run it, on ./demo.db.
# It grows with each command until it walks a batch through intake,
# assessment, plan, referral and report.
set -u
: "${CW_BIN:?run through make demo}"
PATH="$CW_BIN:$PATH"
export LC_ALL=C.UTF-8
data=tests/data
out=demo-out
db=demo.db
export CASEWORK_USER="${CASEWORK_USER:-demo-officer}"

rm -rf "$out" "$db" "$db-wal" "$db-shm"
mkdir -p "$out"

failed=0
# step EXIT TITLE COMMAND... : runs COMMAND and checks its exit status.
step() {
	want=$1
	printf '\n== %s\n' "$2"
	shift 2
	printf '$ %s\n' "$*"
	"$@"
	rc=$?
	if [ "$rc" -eq "$want" ]; then
		printf '(exit %d, as expected)\n' "$rc"
	else
		printf '(exit %d, expected %d)\n' "$rc" "$want"
		failed=1
	fi
}

echo "casework demo: database $db, files in $out"

step 0 "0. The team: cases may only be assigned to workers on the roster" \
	sw-intake workers --add 李敏 周强 --db "$db" -o table

step 3 "1. Check the month's intake sheet without storing anything (--dry-run)" \
	sw-intake add --db "$db" --dry-run -o csv "$data/demo-intake.csv"

step 3 "2. Store the good records; put the two mistyped ones aside" \
	sw-intake add --db "$db" --keep-going --rejects "$out/rejects.csv" -o csv "$data/demo-intake.csv"

printf '\nThe rejects file keeps each record as it was, with its line and reason:\n'
cat "$out/rejects.csv"

# The data officer corrects the two records in the spreadsheet, which
# saves them as GB18030 with CRLF line ends.
sed -e 's#15/04/1972#1972-04-15#' -e 's#310115198309200030#310115198309200035#' \
	"$out/rejects.csv" | iconv -f UTF-8 -t GB18030 | sed 's/$/\r/' >"$out/corrected-gb18030.csv"

step 0 "3. Feed the corrected rejects back (a GB18030 spreadsheet export)" \
	sw-intake add --db "$db" --encoding GB18030 -o csv "$out/corrected-gb18030.csv"

step 0 "4. The corrected sheet again by mistake: nobody is registered twice" \
	sw-intake add --db "$db" --encoding GB18030 "$out/corrected-gb18030.csv"

printf 'case_id,phone,worker\nCA-4,139 1111 2222,李敏\n' >"$out/phone-call.csv"
step 0 "5. 刘洋 phoned with a new number, and 李敏 takes over his case (audited)" \
	sw-intake update --db "$db" -o csv "$out/phone-call.csv"

step 0 "6. 李敏's open cases, for the team meeting" \
	sw-intake list --db "$db" --worker 李敏 --status open -o csv

step 0 "7. The roster with each worker's open cases" \
	sw-intake workers --db "$db" -o table

step 0 "8. All clients as CSV for the spreadsheet" \
	sw-intake list --db "$db" --clients -o csv

step 0 "9. One case in full, as JSON" \
	sw-intake show CA-3 --db "$db" -o json

step 0 "10. PHQ-9 answers the workers typed after their first visits (a high result warns)" \
	sw-assess score phq9 --db "$db" -o csv "$data/demo-phq9.csv"

step 0 "11. 孙磊's safety screen after the family conflict" \
	sw-assess score safety --db "$db" -o csv "$data/demo-safety.csv"

step 0 "12. Which open cases need attention first" \
	sw-assess risk --db "$db" -o table

step 0 "13. 陈秀英's PHQ-9 over time: lower is better" \
	sw-assess history CA-1 --db "$db" -o table

step 0 "14. Plans made with 陈秀英 and 刘洋: measurable goals (plan revision 1 each)" \
	sw-plan goals --db "$db" -o table "$data/demo-goals.csv"

step 0 "15. Tasks under the goals, each with an owner and a due date (revision 2)" \
	sw-plan tasks --db "$db" -o table "$data/demo-tasks.csv"

step 0 "16. Contacts typed in from the visit log (服务人次)" \
	sw-plan contacts --db "$db" -o table "$data/demo-contacts.csv"

step 0 "17. A group session: each attendance is also a contact of kind group" \
	sw-plan sessions --db "$db" -o table "$data/demo-sessions.csv"

step 0 "18. The resource directory, in Open Referral HSDS tables" \
	sw-refer import --db "$db" -o table "$data/directory"

step 0 "19. 刘洋's needs matrix: income in crisis, employment vulnerable" \
	sw-assess score needs --db "$db" -o csv "$data/demo-needs.csv"

step 0 "20. Services that answer the needs his assessments found" \
	sw-refer match CA-4 --db "$db" -o table

printf 'case_id,service_id,reason,urgency\nCA-4,SV-1,申请最低生活保障,urgent\n' >"$out/referral.csv"
step 0 "21. A referral to the 低保 office (a draft)" \
	sw-refer add --db "$db" -o table "$out/referral.csv"

printf 'referral_id,state,date\nRF-1,sent,2026-11-19\n' >"$out/sent.csv"
step 0 "22. Sent, with his recorded consent to share information; follow-up in 3 days" \
	sw-refer status --db "$db" -o table "$out/sent.csv"

step 0 "23. The cron mail: everything due or overdue in the next two weeks, for 李敏" \
	sw-plan due --db "$db" --within 14d --worker 李敏 -o table --ics "$out/limin.ics"

printf 'case_id,reason_kind,reason,follow_up\nCA-2,goals_achieved,康复期照护已安排妥当，服务对象同意结案,3m\n' >"$out/close.csv"
step 0 "24. 王建国's case is closed, with a follow-up call in three months" \
	sw-plan close --db "$db" -o table "$out/close.csv"

step 0 "25. The month's caseload by worker, for the funder: small counts hidden (--public)" \
	sw-report caseload --db "$db" --month 2026-11 --by worker --public -o table

step 0 "26. 服务人次 and 服务人数 by kind of service this month" \
	sw-report services --db "$db" --month 2026-11 -o table

step 0 "27. Referrals made and answered, by category" \
	sw-report referrals --db "$db" --month 2026-11 -o table

printf '\n== 28. The same services report as one page with its chart, in Chinese\n'
printf '$ LANG=zh_CN.UTF-8 sw-report services --month 2026-11 -o html > %s\n' "$out/services.html"
LANG=zh_CN.UTF-8 sw-report services --db "$db" --month 2026-11 -o html >"$out/services.html" ||
	failed=1
printf '(%s bytes, nothing fetched from a network)\n' "$(wc -c <"$out/services.html")"

# The project the district's civil affairs bureau buys: its contract,
# target population and targets, the cases that are its work, and its
# indicators for November against those targets.
cat >"$out/project.csv" <<'EOF'
项目编号,项目名称,购买方,开始日期,结束日期,目标人数,项目社工
SQ2026-01,长者关爱服务项目,浦东新区民政局,2026-01-01,2026-12-31,120,李敏、周强
EOF
cat >"$out/targets.csv" <<'EOF'
项目编号,指标,目标值,周期
SQ2026-01,个案服务人次,360,
SQ2026-01,个案服务人次,30,2026-11
SQ2026-01,服务人数,100,
SQ2026-01,小组活动场次,24,
SQ2026-01,小组活动场次,6,2026Q4
SQ2026-01,小组参与人次,200,
SQ2026-01,社区活动场次,12,
SQ2026-01,满意度,4.5,
SQ2026-01,服务覆盖率,80%,
SQ2026-01,服务记录及时性,95%,
SQ2026-01,服务记录完整性,90%,
EOF
step 0 "29. The project the district bought from the agency: its contract" \
	sw-project add --db "$db" -o table "$out/project.csv"
step 0 "30. Its targets: for the contract, for November, for the quarter" \
	sw-project targets --db "$db" -o table "$out/targets.csv"
printf 'case_id,project\nCA-1,SQ2026-01\nCA-2,SQ2026-01\nCA-3,SQ2026-01\nCA-5,SQ2026-01\n' >"$out/project-cases.csv"
step 0 "31. The elderly cases are the project's work (their contacts count for it)" \
	sw-intake update --db "$db" -o csv "$out/project-cases.csv"
step 0 "32. The project's indicators for November: target, achieved, rate" \
	sw-report project SQ2026-01 --db "$db" --month 2026-11 -o table
printf '\n== 33. The same for the purchaser, as a page with its chart, in Chinese\n'
printf '$ LANG=zh_CN.UTF-8 sw-report project SQ2026-01 --month 2026-11 -o html > %s\n' "$out/project.html"
LANG=zh_CN.UTF-8 sw-report project SQ2026-01 --db "$db" --month 2026-11 -o html \
	>"$out/project.html" || failed=1
printf '(%s bytes, nothing fetched from a network)\n' "$(wc -c <"$out/project.html")"

printf '\nDone. The database is %s (owner-only: %s).\n' "$db" "$(stat -c %A "$db")"
if [ "$failed" -ne 0 ]; then
	echo "demo: a step did not end as expected" >&2
	exit 1
fi
