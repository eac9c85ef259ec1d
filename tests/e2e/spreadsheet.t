#!/bin/sh
# The round trip through a real spreadsheet (issue 17): LibreOffice opens
# our -o xlsx and --excel output and saves it as a workbook; openpyxl
# reads every cell back (tests/sheet/compare.py); a workbook edited as a
# person would is read back by sw-intake update, which changes exactly
# the edited cells. Counted as skipped where LibreOffice
# (libreoffice-calc-nogui) or python3-openpyxl is not installed.
. "$CW_TOP/tests/e2e/lib.sh"

PY=/usr/bin/python3
SHEET="$CW_TOP/tests/sheet"
NTESTS=16
if ! command -v soffice >/dev/null 2>&1 ||
   ! { [ -x "$PY" ] && "$PY" -c 'import openpyxl' 2>/dev/null; }; then
	i=0
	while [ $i -lt $NTESTS ]; do
		skip "LibreOffice (libreoffice-calc-nogui) or python3-openpyxl is not installed"
		i=$((i + 1))
	done
	done_testing
fi

# soffice BOOK... : LibreOffice converts each to a workbook in lo/, with a
# profile of its own in the scratch folder (never the user's).
lo() {
	mkdir -p lo
	soffice --headless -env:UserInstallation="file://$T/lo-profile" \
		--convert-to xlsx --outdir lo "$@" >lo.log 2>&1
}
# compare MODE A B : compare.py's differences in $T/out, status in $rc
compare() { run "$PY" "$SHEET/compare.py" "$@"; }

cat >in.csv <<'CSV'
name,sex,birth_date,id_number,phone,address,category,referral_source,presenting_problem,worker,external_ref,notes
陈秀英,女,1948-03-12,310115194803120024,02158881234,浦东新区崂山路 12 弄 3 号 502 室,长者,居委会,"=HYPERLINK(""http://x.example"",""点我"")",李敏,007,=1+1
王建国,男,1956-07-30,310115195607300014,13900001111,潍坊路 88 号,长者,医院,-3 度,李敏,0012,@SUM(A1)
李娜,女,1990-01-05,110105199001050020,0085261234567,"东方路 1 号, 2 楼",家庭,自行求助,"情绪低落
睡眠差",周强,1e5,+86 的备注
CSV
run sw-intake add --db x.db -o csv in.csv
check_rc 0 "three clients whose values a spreadsheet would change"
cat >phq9.csv <<'CSV'
case_id,date,q1,q2,q3,q4,q5,q6,q7,q8,q9
CA-1,2026-11-03,2,2,3,2,1,1,1,1,0
CSV
run sw-assess score phq9 --db x.db -o csv phq9.csv
check_rc 0 "an assessment, for a record with figures"

sw-intake list --db x.db -o csv >records.csv
sw-intake list --db x.db -o xlsx >records.xlsx
sw-intake list --db x.db --excel >excel.csv
sw-assess history CA-1 --db x.db -o csv >history.csv
sw-assess history CA-1 --db x.db -o xlsx >history.xlsx
sw-assess history CA-1 --db x.db --excel >history-excel.csv
numeric=total,scaled,change_from_baseline,change_from_previous

# Our workbooks, opened and saved again by LibreOffice.
lo records.xlsx history.xlsx
check "LibreOffice converts our workbooks" test -s lo/records.xlsx -a -s lo/history.xlsx
compare xlsx records.csv lo/records.xlsx
check_rc 0 "xlsx through LibreOffice: every cell the value written, text as text, dates as dates"
check_out '' "no difference"
compare --numeric "$numeric" xlsx history.csv lo/history.xlsx
check_rc 0 "xlsx through LibreOffice: figures as numbers ($numeric)"
check_out '' "no difference"

# Our CSV for Excel, opened by LibreOffice as a person opens a CSV file.
mkdir csv && cp excel.csv csv/records.csv && cp history-excel.csv csv/history.csv
lo --infilter="CSV:44,34,76,1" csv/records.csv csv/history.csv
compare excel records.csv lo/records.xlsx
check_rc 0 "--excel through LibreOffice: identity numbers, phones, leading zeros, dates and Chinese exact; formulas shown with ', never run"
check_out '' "no difference"
compare --numeric "$numeric" excel history.csv lo/history.xlsx
check_rc 0 "--excel through LibreOffice: figures stay numbers"
check_out '' "no difference"

# The workbook back: LibreOffice's save of it, unedited, changes nothing.
cp records.csv before.csv
lo records.xlsx
run sw-intake update --db x.db -o csv lo/records.xlsx
check_rc 0 "update from LibreOffice's save of the workbook"
sw-intake list --db x.db -o csv >after.csv
check "nothing changes that nobody changed" cmp -s before.csv after.csv

# Edited as a person would: two cells of two records.
col() { sed -n '1s/,/\n/gp' records.csv | grep -nx "$1" | cut -d: -f1; }
letter() { printf "\\$(printf '%03o' $((64 + $1)))"; }
A=$(letter "$(col address)"); X=$(letter "$(col external_ref)")
run "$PY" "$SHEET/edit.py" lo/records.xlsx edited.xlsx "${A}3=潍坊路 90 号" "${X}2=0070"
check_rc 0 "the workbook edited"
run sw-intake update --db x.db -o csv edited.xlsx
check_rc 0 "update from the edited workbook"
sw-intake list --db x.db -o csv >after.csv
compare changed before.csv after.csv
check_out 'CA-1 external_ref
CA-2 address' "exactly the edited cells changed"

done_testing
