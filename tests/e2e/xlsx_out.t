#!/bin/sh
# Spreadsheets out: -o xlsx (a real workbook, read back cell by cell with
# openpyxl) and --excel (CSV for Excel and WPS), on every verb that
# prints records.
. "$CW_TOP/tests/e2e/lib.sh"

# The cells of a workbook as openpyxl reads them (tests/sheet/cells.py),
# with Debian's python3: counted as skipped where it cannot run.
PY=/usr/bin/python3
CELLS="$CW_TOP/tests/sheet/cells.py"
have_openpyxl() { [ -x "$PY" ] && "$PY" -c 'import openpyxl' 2>/dev/null; }
# cells [--values|--sheet] BOOK : the dump in $T/cells, the status in $crc
cells() { "$PY" "$CELLS" "$@" >"$T/cells" 2>"$T/cells.err"; crc=$?; }
check_cells() {
	printf '%s\n' "$1" >"$T/want"
	if cmp -s "$T/want" "$T/cells"; then ok "$2"; else
		not_ok "$2"; diff "$T/want" "$T/cells" | sed 's/^/# /' >&2; fi
}
today=$(date +%F)

cat >in.csv <<'CSV'
name,sex,birth_date,id_number,phone,address,category,referral_source,presenting_problem,worker,external_ref,notes
陈秀英,女,1948-03-12,310115194803120024,02158881234,浦东新区崂山路 12 弄 3 号 502 室,长者,居委会,"=HYPERLINK(""http://x.example"",""点我"")",李敏,007,=1+1
王建国,男,1956-07-30,310115195607300014,13900001111,潍坊路 88 号,长者,医院,-3 度,李敏,0012,@SUM(A1)
CSV
run sw-intake add --db x.db -o xlsx in.csv
check_rc 0 "add -o xlsx: the stored records as a workbook"
cp "$T/out" added.xlsx
check "the workbook is a zip archive" test "$(head -c 4 added.xlsx | od -An -c | tr -d ' ')" = 'PK003004'

run sw-intake list --db x.db -o xlsx
check_rc 0 "list -o xlsx"
check_err '' "nothing on standard error"
cp "$T/out" list.xlsx
if have_openpyxl; then
	cells list.xlsx
	sed -e 's/[0-9-]*T[0-9:]*Z$/TS/' -e "s/$today/TODAY/" "$T/cells" | grep -v '^[A-Z]*1	' >"$T/c2"
	mv "$T/c2" "$T/cells"
	check_cells 'A2	s	CA-1
B2	s	CL-1
C2	s	陈秀英
D2	s	female
E2	d	1948-03-12
F2	s	resident
G2	s	310115194803120024
H2	s	02158881234
I2	s	浦东新区崂山路 12 弄 3 号 502 室
Q2	s	elder
R2	s	居委会
S2	s	=HYPERLINK("http://x.example","点我")
T2	s	李敏
U2	s	007
V2	d	TODAY
W2	s	open
Z2	s	=1+1
AA2	s	TS
A3	s	CA-2
B3	s	CL-2
C3	s	王建国
D3	s	male
E3	d	1956-07-30
F3	s	resident
G3	s	310115195607300014
H3	s	13900001111
I3	s	潍坊路 88 号
Q3	s	elder
R3	s	医院
S3	s	-3 度
T3	s	李敏
U3	s	0012
V3	d	TODAY
W3	s	open
Z3	s	@SUM(A1)
AA3	s	TS' "identity numbers, phones, leading zeros and formula-like text are text cells, exact; dates are date cells; no formula"
	cells list.xlsx
	check "the header row: the field names" test "$(sed -n '1p;2p;28p' "$T/cells" | tr '\t' ' ' | tr '\n' '|')" = 'A1 s case_id|B1 s client_id|AB1 s updated_at|'
	cells --sheet list.xlsx
	check "the header row is bold and frozen" test "$(sed -n '1,2p' "$T/cells" | tr '\n' '|')" = 'freeze A2|bold 1|'
	check "every column in the Text format, so that what is typed there stays text" \
		grep -qx 'text A,B,C,D,E,F,G,H,I,J,K,L,M,N,O,P,Q,R,S,T,U,V,W,X,Y,Z,AA,AB,AC,AD,AE,AF,AG' "$T/cells"
	check "and every text cell" grep -qx 'plain 0' "$T/cells"
	wname=$(sed -n 's/^width C //p' "$T/cells"); waddr=$(sed -n 's/^width I //p' "$T/cells")
	check "columns fit Chinese text: name $wname, address $waddr" \
		awk -v a="$wname" -v b="$waddr" 'BEGIN { exit !(a >= 8 && b >= 33 && b < 40) }'
	cells added.xlsx
	check "add's workbook holds the two records" test "$(grep -c '^A[0-9]	s	CA-' "$T/cells")" = 2
else
	for i in 1 2 3 4 5; do skip "python3-openpyxl is not installed"; done
fi

# Figures: number cells, in columns that are not text.
printf 'case_id,date,q1,q2,q3,q4,q5,q6,q7,q8,q9\nCA-1,2026-11-03,2,2,3,2,1,1,1,1,0\n' >phq9.csv
run sw-assess score phq9 --db x.db -o csv phq9.csv
check_rc 0 "an assessment"
run sw-assess history CA-1 --db x.db -o xlsx
check_rc 0 "sw-assess history -o xlsx"
cp "$T/out" history.xlsx
if have_openpyxl; then
	cells history.xlsx
	check "the total is a number cell, the date a date cell" \
		test "$(grep -e '^E2	' -e '^D2	' "$T/cells" | tr '\t\n' ' |')" = 'D2 d 2026-11-03|E2 n 13|'
	cells --sheet history.xlsx
	check "numeric columns are not in the Text format" \
		test "$(sed -n 's/^text //p' "$T/cells" | tr ',' '\n' | grep -cx -e E -e F -e J -e M)" = 0
else
	skip "python3-openpyxl is not installed"; skip "python3-openpyxl is not installed"
fi

# A selection that finds nothing: the header alone, exit 1 as ever.
run sw-intake list --db x.db --worker nobody -o xlsx
check_rc 1 "an empty selection: exit 1"
cp "$T/out" empty.xlsx
if have_openpyxl; then
	cells empty.xlsx
	check "an empty selection: the header row alone" test "$(wc -l <"$T/cells")" = 33
else
	skip "python3-openpyxl is not installed"
fi

# The temporary workbook is made in TMPDIR and removed.
mkdir tmpd
TMPDIR="$T/tmpd" run sw-intake list --db x.db -o xlsx
check_rc 0 "list -o xlsx with TMPDIR"
check "the temporary workbook is removed" test -z "$(ls -A tmpd)"
TMPDIR="$T/no-such-folder" run sw-intake list --db x.db -o xlsx
check_rc 5 "no temporary file can be made: exit 5"
check "and nothing written" test ! -s "$T/out"

# Interrupted (Ctrl-C, a kill, a hang-up), the command removes its
# temporary workbook: no copy of the records stays behind. The workbook
# of 5,000 records fills a pipe nobody reads, so the command waits there
# with its temporary file in place.
awk 'BEGIN { print "name,sex,address"; for (i = 0; i < 5000; i++) printf "张三%d,女,东方路 %d 号\n", i, i }' >many.csv
run sw-intake add --db many.db -o csv many.csv
check_rc 0 "5,000 clients"
mkdir tmpk
mkfifo pipe
exec 4<>pipe
TMPDIR="$T/tmpk" sw-intake list --db many.db -o xlsx >pipe 2>/dev/null &
pid=$!
i=0
# (only casework's own files: a harness such as valgrind may keep its own)
while [ $i -lt 300 ] && [ -z "$(ls tmpk | grep '^casework-')" ]; do sleep 0.1; i=$((i + 1)); done
check "while it runs, its temporary workbook is in TMPDIR, owner-only" \
	test "$(ls -l tmpk | grep ' casework-' | sed 's/ .*//')" = "-rw-------"
sleep 0.5
kill -TERM $pid
wait $pid
rc=$?
exec 4<&-
check "killed: exit 143 ($rc)" test "$rc" = 143
check "killed: the temporary workbook is removed" test -z "$(ls tmpk | grep '^casework-')"

# A workbook is refused on a terminal.
if command -v script >/dev/null 2>&1; then
	script -qec "sw-intake list --db x.db -o xlsx" /dev/null >tty.out 2>&1
	rc=$?
	check_rc 2 "-o xlsx on a terminal"
	check "says why" grep -q "o xlsx writes a workbook: send standard output to a file" tty.out
else
	skip "script (util-linux) is not installed"; skip "script"
fi

# A report: its title and period above the table, labels, numbers.
run sw-report caseload --db x.db --month "${today%-*}" --by worker -o xlsx
check_rc 0 "sw-report caseload -o xlsx"
cp "$T/out" report.xlsx
LC_ALL=zh_CN.UTF-8 run sw-report caseload --db x.db --month "${today%-*}" --by worker -o xlsx
check_rc 0 "the same in Chinese"
cp "$T/out" report-zh.xlsx
if have_openpyxl; then
	cells report.xlsx
	check_cells "A1	s	Caseload
A2	s	Period: ${today%-*}-01 to $(date -d "${today%-*}-01 +1 month -1 day" +%F)
A3	s	worker
B3	s	new
C3	s	closed
D3	s	reopened
E3	s	open at end
F3	s	households
A4	s	李敏
B4	n	2
C4	n	0
D4	n	0
E4	n	2
F4	n	2
A5	s	Total
B5	n	2
C5	n	0
D5	n	0
E5	n	2
F5	n	2" "the title, the period, the labels, figures as numbers"
	cells --sheet report.xlsx
	check "the report's header row is bold and frozen" test "$(sed -n '1,4p' "$T/cells" | tr '\n' '|')" = 'freeze A4|bold 1|bold 2|bold 3|'
	cells report-zh.xlsx
	check "in Chinese: 期间, 社工, 合计" test "$(cut -f3 "$T/cells" | sed -n '2p;3p;15p' | tr '\n' '|')" = "期间：${today%-*}-01 至 $(date -d "${today%-*}-01 +1 month -1 day" +%F)|社工|合计|"
else
	for i in 1 2 3; do skip "python3-openpyxl is not installed"; done
fi

# --excel: CSV for Excel and WPS, on every verb that prints records.
run sw-intake list --db x.db --excel
check_rc 0 "list --excel"
printf '\357\273\277case_id,client_id,name,sex,birth_date,id_type,id_number,phone,address,household,language,consent_date,consent_by,consent_share,consent_expires,consent_withdrawn,category,referral_source,presenting_problem,worker,external_ref,intake_date,status,closed_date,linked_by,notes,created_at,updated_at,project,emergency_name,emergency_relationship,emergency_phone,household_id\r\nCA-1,CL-1,陈秀英,female,"=""1948-03-12""",resident,"=""310115194803120024""","=""02158881234""",浦东新区崂山路 12 弄 3 号 502 室,,,,,,,,elder,居委会,"\047=HYPERLINK(""http://x.example"",""点我"")",李敏,"=""007""","=""%s""",open,,,\04722=1+1,TS,,,,,,\r\n' "$today" | sed 's/\x2722=/\x27=/' >want.csv
sed -n 1,2p "$T/out" | sed -E 's/"=""[0-9-]{10}T[0-9:]{8}Z"""/TS/' >got.csv
check "BOM, CRLF, =\"...\" for dates, identity numbers, phones, leading zeros; ' before formulas" cmp -s want.csv got.csv
run sw-assess instruments --db x.db --excel
check_rc 0 "--excel on sw-assess"
run sw-plan due --db x.db --excel
check "--excel on sw-plan due (exit $rc)" test "$rc" -le 1
run sw-refer list --db x.db --excel
check "--excel on sw-refer list (exit $rc)" test "$rc" -le 1
run sw-intake list --db x.db --excel -o json
check_rc 2 "--excel with -o json"
check_err "sw-intake: '--excel' writes CSV: it does not go with '-o json'
Try 'sw-intake --help' for more information." "says why"
run sw-report caseload --db x.db --excel -o html
check_rc 2 "--excel with -o html"
run sw-admin init --db y.db --excel
check_rc 2 "--excel on a verb without -o"
run sw-intake list --db x.db -o xls
check_rc 2 "an unknown output format"
check_err "sw-intake: unknown output format 'xls' (use jsonl, json, csv, table or xlsx)
Try 'sw-intake --help' for more information." "names xlsx among the formats"

done_testing
