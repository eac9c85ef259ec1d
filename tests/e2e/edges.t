#!/bin/sh
# Edges of the input (issue 13): dates past the year 9999 or before 1900;
# control characters on a terminal; names of white space alone.
. "$CW_TOP/tests/e2e/lib.sh"

today=$(date +%F)
d() { date -d "$today $1 days" +%F; }     # d N: today + N days
q() { dbq "$1" "$2"; }

# ---- dates: the years 1900 to 9999, also after adding a duration ------------------
printf 'name,intake_date,worker\n甲,%s,李敏\n乙,%s,李敏\n' "$(d -30)" "$(d -30)" >cases.csv
sw-intake add --db e.db cases.csv >/dev/null 2>&1
check "two cases" test "$(q e.db "SELECT count(*) FROM cases")" = 2
before=$(dbdump e.db)

printf 'case_id,date,q1,q2,q3,q4,q5,q6,q7,q8,q9\nCA-1,%s,1,1,0,0,0,0,0,0,0\n' "$(d -1)" >phq.csv
run sw-assess score phq9 --db e.db --reassess-in 100000y phq.csv
check_rc 2 "--reassess-in 100000y"
check_err_line "sw-assess: option '--reassess-in': from today this falls after the year 9999" "refused as a usage error"
run sw-assess score phq9 --db e.db --reassess-in 8000y phq.csv
check_rc 2 "--reassess-in 8000y"
check "nothing stored" test "$before" = "$(dbdump e.db)"
run sw-assess score phq9 --db e.db --reassess-in 7000y -o csv phq.csv
check_rc 0 "--reassess-in 7000y is still within 9999"
y=$(d -1)
far="$(( ${y%%-*} + 7000 ))-${y#*-}"
check "re-assessment due 7000 years on" test "$(cut -d, -f13 "$T/out" | sed -n 2p)" = "$far"
run sw-plan due --db e.db --within 7001y -o csv
check "the far re-assessment is listed by sw-plan due" grep -q "^$far,.*,reassessment," "$T/out"
before=$(dbdump e.db)

printf 'case_id,date,reason_kind,reason,follow_up_due,force\nCA-2,%s,moved_away,moved away,100000y,f\n' "$(d -1)" >close.csv
run sw-plan close --db e.db close.csv
check_rc 3 "a closure whose follow-up falls after 9999"
check_err "sw-plan: close.csv:2: follow_up_due: falls after the year 9999
sw-plan: batch rolled back, nothing stored: 1 read, 0 valid, 0 skipped, 1 rejected" "the record is refused, naming file, line and field"
check "nothing stored" test "$before" = "$(dbdump e.db)"

# The review cycle is the configuration file's on SQLite; on PostgreSQL
# it is kept in the database, set with sw-admin config (casework(7),
# CONFIGURATION).
if [ "$CW_BACKEND" = pg ]; then
	run sw-admin config review_cycle 8000y --db e.db
	check_rc 2 "a review cycle past 9999 for the database's settings"
	check_err "sw-admin: '8000y' for review_cycle: from today this falls after the year 9999
Try 'sw-admin --help' for more information." "refused, naming the key"
else
	printf 'review_cycle = 8000y\n' >far.conf
	run env CASEWORK_CONFIG=far.conf sw-plan due --db e.db
	check_rc 2 "a review cycle past 9999 in the configuration"
	check_err "sw-plan: far.conf:1: review_cycle: from today this falls after the year 9999" "refused, naming the file, line and key"
fi

run sw-plan due --db e.db --within 100000y
check_rc 2 "--within 100000y"
check_err_line "sw-plan: option '--within': the window ends after the year 9999" "refused"

mkdir inst
sed -e 's/"name": "gad7"/"name": "far"/' -e 's/"reassess": "4w"/"reassess": "100000m"/' "$CW_TOP/lib/assess/instruments/gad7.json" >inst/far.json
printf 'instrument_dir = inst\n' >inst.conf
run env CASEWORK_CONFIG=inst.conf sw-assess instruments --db e.db
check_rc 2 "an instrument's re-assessment interval past 9999"
check "the error names the file and the key" grep -q "^sw-assess: inst/far.json: .*reassess: from today this falls after the year 9999" "$T/err"

printf 'name,intake_date,worker\n丙,1899-12-31,李敏\n' >old.csv
run sw-intake add --db e.db old.csv
check_rc 3 "an intake date before 1900"
check_err "sw-intake: old.csv:2: intake_date: the year must be from 1900 to 9999
sw-intake: batch rolled back, nothing stored: 1 read, 0 valid, 0 skipped, 1 rejected" "refused, naming the field"
run sw-intake list --db e.db --since 1899-12-31
check_rc 2 "--since before 1900"
check "nothing stored" test "$before" = "$(dbdump e.db)"
run sw-report caseload --db e.db --year 1899
check_rc 2 "a report period before 1900"
check_err_line "sw-report: option '--year': not a year: use YYYY (2026)" "refused"

# ---- control characters: shown as U+FFFD on a terminal, kept everywhere else ----
# notes holds ESC [ 3 1 m (red), BEL, DEL and the C1 control U+009B (CSI).
note=$(printf 'red \033[31mtext\007 del\177 csi\302\233x')
shown=$(printf 'red \357\277\275[31mtext\357\277\275 del\357\277\275 csi\357\277\275x')
printf 'name,notes,intake_date\n张三,%s,%s\n' "$note" "$(d -1)" >ctl.csv
run sw-intake add --db c.db -o csv ctl.csv
check_rc 0 "a record with control characters is stored"
check "stored byte for byte" test "$(q c.db "SELECT hex(notes) FROM cases")" = "$(printf %s "$note" | od -An -tx1 | tr -d ' \n' | tr a-f A-F)"
run sw-intake list --db c.db -o csv
check "csv prints them as they are" test "$(sed -n 2p "$T/out" | cut -d, -f26)" = "$note"
run sw-intake list --db c.db -o jsonl
check "jsonl escapes C0 and DEL as JSON does, C1 as it is" grep -qF '"notes":"red \u001b[31mtext\u0007 del\u007f csi'"$(printf '\302\233')"'x"' "$T/out"
run sw-intake list --db c.db -o table
check_rc 0 "-o table"
check "the table shows each as U+FFFD" grep -qF "  $shown  " "$T/out"
check "no ESC, BEL, DEL or C1 in the table" sh -c '! LC_ALL=C grep -q "$(printf "[\033\007\177]\\|\302[\200-\237]")" "$1"' sh "$T/out"
# created_at starts in the same column in both lines: the row has two
# characters fewer before it (张三 is two characters of two columns each).
check "the columns still line up (U+FFFD is one column)" test \
	"$(sed -n 1p "$T/out" | sed 's/created_at.*//' | wc -m)" = "$(( $(sed -n 2p "$T/out" | sed 's/20[0-9-]*T.*//' | wc -m) + 2 ))"
bad=$(printf 'no\033]0;owned\007such.csv')
run sw-intake add --db c.db "$bad"
check_rc 5 "a file name with ESC and BEL that does not exist"
check_err "$(printf 'sw-intake: no\357\277\275]0;owned\357\277\275such.csv: cannot open: No such file or directory')" \
	"the message shows them as U+FFFD"
printf 'name,intake_date\n李四,2026-13-01\n' >"$(printf 'x\033[2J.csv')"
run sw-intake add --db c.db "$(printf 'x\033[2J.csv')"
check_rc 3 "a file named with ESC, read"
check_err "$(printf 'sw-intake: x\357\277\275[2J.csv:2: intake_date: not a valid date (no such day)')
sw-intake: batch rolled back, nothing stored: 1 read, 0 valid, 0 skipped, 1 rejected" "its messages too"

# ---- a name of white space alone is no name --------------------------------------
before=$(dbdump c.db)
printf 'name,intake_date\n"   ",%s\n"　　",%s\n"\t \t",%s\n" 　\302\240\342\200\202",%s\n' "$(d -1)" "$(d -1)" "$(d -1)" "$(d -1)" >blank.csv
run sw-intake add --db c.db blank.csv
check_rc 3 "names of spaces, ideographic spaces, tabs, no-break and en spaces"
check_err "sw-intake: blank.csv:2: name: required: white space alone is no name
sw-intake: blank.csv:3: name: required: white space alone is no name
sw-intake: blank.csv:4: name: required: white space alone is no name
sw-intake: blank.csv:5: name: required: white space alone is no name
sw-intake: batch rolled back, nothing stored: 4 read, 0 valid, 0 skipped, 4 rejected" "each refused as missing its name"
check "nothing stored" test "$before" = "$(dbdump c.db)"
printf '{"name":"\\u3000 ","intake_date":"%s"}\n' "$(d -1)" >blank.jsonl
run sw-intake add --db c.db blank.jsonl
check_rc 3 "in JSON too"
check_err_line "sw-intake: blank.jsonl:1: name: required: white space alone is no name" "refused"
printf 'bulk_after = 1\n' >bulk.conf
run env CASEWORK_CONFIG=bulk.conf sw-intake add --db c.db blank.csv
check_rc 3 "on the bulk path too"
check "nothing stored" test "$before" = "$(dbdump c.db)"
printf 'name,intake_date\n" 王 五 ",%s\n' "$(d -1)" >spaced.csv
run sw-intake add --db c.db -o csv spaced.csv
check_rc 0 "a name with spaces around it"
check "stored exactly as typed, never trimmed" test "$(q c.db "SELECT '[' || name || ']' FROM clients WHERE id = 2")" = "[ 王 五 ]"
before=$(dbdump c.db)
printf 'case_id,name\nCA-2,"　 "\n' >upd.csv
run sw-intake update --db c.db upd.csv
check_rc 3 "update to a name of white space alone"
check_err "sw-intake: upd.csv:2: name: required: white space alone is no name
sw-intake: batch rolled back, nothing stored: 1 read, 0 valid, 0 skipped, 1 rejected" "refused as no name"
check "the name is kept" test "$before" = "$(dbdump c.db)"
printf 'case_id,name,notes\nCA-2,,x\n' >upd2.csv
run sw-intake update --db c.db upd2.csv
check_rc 0 "an empty name cell in update leaves the name"
check "the name is kept" test "$(q c.db "SELECT '[' || name || ']' FROM clients WHERE id = 2")" = "[ 王 五 ]"
run sw-intake workers --db c.db --add 李敏 "  "
check_rc 2 "sw-intake workers --add with a blank name"
check_err_line "sw-intake: worker name 2 is empty, white space alone or not valid UTF-8" "a usage error"
run sw-intake workers --db c.db --add "　"
check_rc 2 "an ideographic space alone"
run sw-intake workers --db c.db
check_rc 1 "the roster is still empty"

done_testing
