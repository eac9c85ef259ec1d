#!/bin/sh
# sw-intake update and spreadsheets: values a spreadsheet damaged (leading
# zeros dropped, E-notation, a date as its serial number) are rejected
# unless --accept names the field; Excel's safe forms of a stored value
# change nothing; --dry-run --diff prints each change.
. "$CW_TOP/tests/e2e/lib.sh"

# the database's content and the list, to compare before and after
snapshot() { dbdump i.db >"$T/$1.dump"; sw-intake list --db i.db -o json >"$T/$1.json" 2>&1; }
unchanged() {
	snapshot after
	if cmp -s "$T/before.dump" "$T/after.dump" && cmp -s "$T/before.json" "$T/after.json"
	then ok "$1"; else not_ok "$1"; diff "$T/before.json" "$T/after.json" | sed 's/^/# /' >&2; fi
}
# field N of line L of the CSV output (no quoted commas here)
col() { sed -n "$1p" "$T/out" | cut -d, -f"$2"; }

cat >in.csv <<'CSV'
name,sex,birth_date,id_type,id_number,phone,external_ref,intake_date,notes
甲,male,1970-01-01,resident,110105197001010011,02158881234,007,2026-03-01,
乙,female,1990-05-05,,,13600001234,0042,2026-03-02,=SUM(A1)
CSV
run sw-intake add --db i.db -o csv in.csv
check_rc 0 "two cases with values a spreadsheet damages"
snapshot before

# Each kind of damage, as a spreadsheet writes it back.
reject_case() { # FILE FIELD DESC: a one-record update rejected, nothing stored
	run sw-intake update --db i.db -o csv "$1"
	check_rc 3 "$3: rejected"
	check_err "sw-intake: $1:2: $2
sw-intake: batch rolled back, nothing stored: 1 read, 0 valid, 0 skipped, 1 rejected" "$3: program, file, line and field named, no value"
	check_out '' "$3: nothing printed"
	unchanged "$3: the database unchanged"
}
printf 'case_id,phone\nCA-1,2158881234\n' >zeros.csv
reject_case zeros.csv "phone: looks like a spreadsheet dropped its leading zeros" "a landline without its 0"
printf 'case_id,机构编号\nCA-1,7\n' >ref.csv
reject_case ref.csv "机构编号: looks like a spreadsheet dropped its leading zeros" "a reference 007 as 7, under its Chinese header"
printf 'case_id,id_number\nCA-1,1.10105197001E+17\n' >enot.csv
reject_case enot.csv "id_number: looks like a spreadsheet turned it into a number in E-notation" "an identity number in E-notation"
printf 'case_id,external_ref\nCA-2,4.2e+1\n' >enot2.csv
reject_case enot2.csv "external_ref: looks like a spreadsheet turned it into a number in E-notation" "lower-case E-notation of digits"
printf 'case_id,intake_date\nCA-1,46082\n' >serial.csv
reject_case serial.csv "intake_date: looks like a spreadsheet turned the date into a number" "a date as its serial number"
printf 'case_id,intake_date\nCA-1,46082.0\n' >serial0.csv
reject_case serial0.csv "intake_date: looks like a spreadsheet turned the date into a number" "a serial number with .0"
printf 'case_id,intake_date\nCA-1,44620\n' >serial1904.csv
reject_case serial1904.csv "intake_date: looks like a spreadsheet turned the date into a number" "a serial number of the 1904 system"
printf 'client_id,birth_date\nCL-2,32998\n' >cserial.csv
run sw-intake update --db i.db --clients cserial.csv
check_rc 3 "a client's birth date as a serial number"
check_err_line "sw-intake: cserial.csv:2: birth_date: looks like a spreadsheet turned the date into a number" "clients are checked too"
unchanged "the client unchanged"
check "stderr never holds the values" test -z "$(grep -l -e 2158881234 -e 46082 -e 1.10105 -e 32998 "$T/err")"

# --keep-going: the damaged record rejected, the rest stored; the rejects
# file says why.
cat >mixed.csv <<'CSV'
case_id,phone,external_ref,notes
CA-1,2158881234,,
CA-2,,0043,
CA-1,,,checked
CSV
run sw-intake update --db i.db --keep-going --rejects rej.csv -o csv mixed.csv
check_rc 3 "--keep-going with a damaged record"
check_err "sw-intake: mixed.csv:2: phone: looks like a spreadsheet dropped its leading zeros
sw-intake: batch BT-2: 3 read, 2 stored, 0 skipped, 1 rejected" "the counts add up"
check "a genuine edit of a zero-led value and a new note are stored" test "$(col 2 1),$(col 2 21),$(col 3 1),$(col 3 26)" = "CA-2,0043,CA-1,checked"
check "the phone is still the stored one" test "$(col 3 8)" = 02158881234
check_file rej.csv - "the rejects file gives the reason" <<'CSV'
_file,_line,_reason,case_id,phone,external_ref,notes
mixed.csv,2,phone: looks like a spreadsheet dropped its leading zeros,CA-1,2158881234,,
CSV

# --accept takes the value as typed; it still passes the field's checks.
snapshot before
run sw-intake update --db i.db --accept 联系电话 --accept external_ref,intake_date -o csv zeros.csv ref.csv
check_rc 0 "--accept phone and the reference (repeated, and FIELD,FIELD)"
check "stored as typed" test "$(col 3 8),$(col 3 21)" = "2158881234,7"
run sw-intake update --db i.db --accept intake_date serial.csv
check_rc 3 "--accept a date's serial number"
check_err_line "sw-intake: serial.csv:2: intake_date: spreadsheet date serial number; format the column as a date or text (YYYY-MM-DD)" "is still no date"
run sw-intake update --db i.db --accept nosuch zeros.csv
check_rc 2 "--accept an unknown field"
check_err "sw-intake: option '--accept': unknown field 'nosuch'
Try 'sw-intake --help' for more information." "named in the usage error"
run sw-intake update --db i.db --accept status zeros.csv
check_rc 2 "--accept a read-only field"
run sw-intake update --db i.db --clients --accept external_ref cserial.csv
check_rc 2 "--accept a field of the case with --clients"
run sw-intake list --db i.db --accept phone
check_rc 2 "--accept is update's"

# Excel's safe forms of the stored value change nothing.
printf 'case_id,external_ref,notes\nCA-2,"=""0043""","\047=SUM(A1)"\n' >safe.csv
snapshot before
run sw-intake update --db i.db safe.csv
check_rc 0 '="…" and a neutralised formula of the stored values'
check_err "sw-intake: safe.csv:2: skipped: no change
sw-intake: batch BT-4: 1 read, 0 stored, 1 skipped, 0 rejected" "skipped as unchanged"
snapshot after
check_file "$T/before.json" "$T/after.json" "the records unchanged"
printf 'case_id,external_ref,notes\nCA-2,"=""0044""",\047note\n' >unsafe.csv
run sw-intake update --db i.db --dry-run -o csv unsafe.csv
check_rc 0 "another value in those forms"
check "is taken as typed" test "$(col 2 21),$(col 2 26)" = '"=""0044""",'"'"'note'

# --dry-run --diff: one record per field changed, in input order and the
# columns' order; standard error has the totals alone. A value is judged
# against the stored one as the batch's earlier records left it.
cat >diff.csv <<'CSV'
case_id,notes,phone,external_ref
CA-2,,13600009999,0045
CA-1,new note,,
CA-2,,13600009999,0045
CA-2,,,45
CSV
snapshot before
run sw-intake update --db i.db --dry-run --diff --keep-going -o csv diff.csv
check_rc 3 "--dry-run --diff --keep-going -o csv, a record damaged"
check_out 'case_id,field,before,after
CA-2,phone,13600001234,13600009999
CA-2,external_ref,0043,0045
CA-1,notes,checked,new note' "each change: id, field, before, after; a repeated change skipped"
check_err "sw-intake: diff.csv:4: skipped: no change
sw-intake: diff.csv:5: external_ref: looks like a spreadsheet dropped its leading zeros
sw-intake: dry run, nothing stored: 4 read, 2 valid, 1 skipped, 1 rejected" "no value on stderr"
unchanged "a dry run stores nothing"
run sw-intake update --db i.db --dry-run --diff --keep-going -o jsonl diff.csv
check_rc 3 "--dry-run --diff -o jsonl"
check_out '{"case_id":"CA-2","field":"phone","before":"13600001234","after":"13600009999"}
{"case_id":"CA-2","field":"external_ref","before":"0043","after":"0045"}
{"case_id":"CA-1","field":"notes","before":"checked","after":"new note"}' "the same in JSON Lines"
check_err_line "sw-intake: dry run, nothing stored: 4 read, 2 valid, 1 skipped, 1 rejected" "the same totals"
printf 'client_id,address,phone\nCL-1,东方路,021-5888-1234\n' >cdiff.csv
run sw-intake update --db i.db --clients --dry-run --diff --accept phone -o csv cdiff.csv
check_rc 0 "--clients --dry-run --diff"
check_out 'client_id,field,before,after
CL-1,phone,2158881234,02158881234
CL-1,address,,东方路' "under client_id, in the client record's order"
printf 'case_id,address,phone\nCA-2,,\n' >clr.csv
run sw-intake update --db i.db --dry-run --diff --clear notes -o json clr.csv
check_rc 0 "--diff of a field cleared"
check_out '[
{"case_id":"CA-2","field":"notes","before":"=SUM(A1)","after":null}
]' "cleared: after is null; no value is null"
run sw-intake update --db i.db --dry-run --diff -o csv enot2.csv
check_rc 3 "--diff of a damaged record"
check_out 'case_id,field,before,after' "prints no change for it"
run sw-intake update --db i.db --diff diff.csv
check_rc 2 "--diff without --dry-run"
check_err "sw-intake: option '--diff' needs '--dry-run'
Try 'sw-intake --help' for more information." "is a usage error"
unchanged "and stores nothing"
# Text a spreadsheet took for a number: E-notation text, a no-break
# space before digits; a real edit of it is still taken.
printf 'name,external_ref,notes\n丙,1E5,\302\240123\n' >num.csv
run sw-intake add --db n.db -o csv num.csv
check_rc 0 "a reference 1E5 and a note of a no-break space and digits"
printf 'case_id,external_ref\nCA-1,100000\n' >num1.csv
run sw-intake update --db n.db -o csv num1.csv
check_rc 3 "1E5 read back as 100000: rejected"
check_err_line "sw-intake: num1.csv:2: external_ref: looks like a spreadsheet took the text for a number" "says why"
printf 'case_id,notes\nCA-1,123\n' >num2.csv
run sw-intake update --db n.db -o csv num2.csv
check_rc 3 "a no-break space and digits read back as digits: rejected"
printf 'case_id,external_ref\nCA-1,2E5\n' >num3.csv
run sw-intake update --db n.db -o csv num3.csv
check_rc 0 "another value: taken"

done_testing
