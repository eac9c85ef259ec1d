#!/bin/sh
# Record formats in and out: detection, JSON strictness, encodings, empty
# selections, the table.
. "$CW_TOP/tests/e2e/lib.sh"

# JSON Lines in, with the line where each record starts.
cat >in.jsonl <<'EOF2'
{"name": "甲", "sex": "male", "intake_date": "2026-01-02"}

{"name": "乙",
 "intake_date": "2026/1/3"}
{"name": "丙", "phone": 13800138000, "intake_date": "20260104"}
EOF2
run sw-intake add --db j.db -o csv in.jsonl
check_rc 0 "JSON Lines detected and read"
run sw-intake list --db j.db -o jsonl
check_rc 0 "list as JSON Lines"
sed -E 's/"created_at":"[^"]*"/"created_at":"T"/' "$T/out" >"$T/out.cut"; mv "$T/out.cut" "$T/out"
check_out '{"case_id":"CA-1","client_id":"CL-1","name":"甲","sex":"male","birth_date":null,"id_type":null,"id_number":null,"phone":null,"address":null,"household":null,"language":null,"consent_date":null,"consent_by":null,"consent_share":null,"consent_expires":null,"consent_withdrawn":null,"category":null,"referral_source":null,"presenting_problem":null,"worker":null,"external_ref":null,"intake_date":"2026-01-02","status":"open","closed_date":null,"linked_by":null,"notes":null,"created_at":"T","updated_at":null}
{"case_id":"CA-2","client_id":"CL-2","name":"乙","sex":null,"birth_date":null,"id_type":null,"id_number":null,"phone":null,"address":null,"household":null,"language":null,"consent_date":null,"consent_by":null,"consent_share":null,"consent_expires":null,"consent_withdrawn":null,"category":null,"referral_source":null,"presenting_problem":null,"worker":null,"external_ref":null,"intake_date":"2026-01-03","status":"open","closed_date":null,"linked_by":null,"notes":null,"created_at":"T","updated_at":null}
{"case_id":"CA-3","client_id":"CL-3","name":"丙","sex":null,"birth_date":null,"id_type":null,"id_number":null,"phone":"13800138000","address":null,"household":null,"language":null,"consent_date":null,"consent_by":null,"consent_share":null,"consent_expires":null,"consent_withdrawn":null,"category":null,"referral_source":null,"presenting_problem":null,"worker":null,"external_ref":null,"intake_date":"2026-01-04","status":"open","closed_date":null,"linked_by":null,"notes":null,"created_at":"T","updated_at":null}' "JSON Lines out: canonical, null for absent values, phone from a JSON number kept as text"

# JSON lines output is valid input again (all skipped as already stored).
sw-intake list --db j.db -o jsonl >again.jsonl
run sw-intake add --db j.db again.jsonl
check_rc 0 "JSON Lines output is valid input"
check_err_line "sw-intake: batch BT-2: 3 read, 0 stored, 3 skipped, 0 rejected" "every record recognised as stored"
sw-intake list --db j.db -o json >again.json
run sw-intake add --db j.db again.json
check_rc 0 "JSON array output is valid input"

# A JSON array: errors name the line where the object opens.
cat >arr.json <<'EOF2'
[
  {"name": "丁"},
  {
    "name": "戊",
    "birth_date": "31/12/1990"
  },
  {"name": "己", "id_number": 1.10105E+17},
  {"name": "庚", "name": "庚"},
  "not an object",
  {"name": "辛", "notes": "a\u0000b"}
]
EOF2
before=$(dbdump j.db)
run sw-intake add --db j.db arr.json
check_rc 3 "bad records in a JSON array"
check_err 'sw-intake: arr.json:3: birth_date: day or month first; write the year first (YYYY-MM-DD)
sw-intake: arr.json:7: id_number: given as a number that has lost digits; give it as text in quotes
sw-intake: arr.json:8: name: duplicate key
sw-intake: arr.json:9: record is not a JSON object
sw-intake: arr.json:10: notes: NUL character in text
sw-intake: batch rolled back, nothing stored: 6 read, 1 valid, 0 skipped, 5 rejected' "each JSON record error has its line and field"
check "database unchanged" test "$before" = "$(dbdump j.db)"

# Syntax errors stop the batch with their line.
printf '{"name": "壬"}\n{"name": "癸",}\n' >syntax.jsonl
run sw-intake add --db j.db syntax.jsonl
check_rc 3 "a JSON syntax error"
check_err_line "sw-intake: batch rolled back, nothing stored: 1 read, 1 valid, 0 skipped, 0 rejected before the error" "syntax error rolls back the batch"
check "the syntax error names line 2" grep -q '^sw-intake: syntax.jsonl:2: ' "$T/err"
printf '{"name": "壬"} trailing\n' >trail.jsonl
run sw-intake add --db j.db -i jsonl trail.jsonl
check_rc 3 "garbage after a value is refused"

# CSV strictness: a bare quote and an unterminated quote, with lines.
printf 'name,notes\n"甲",ok\n乙,5"3\n' >bare.csv
run sw-intake add --db j.db bare.csv
check_rc 3 "a bare quote inside an unquoted field"
check_err_line "sw-intake: bare.csv:3: quote inside an unquoted field" "bare quote refused with its line"
printf 'name,notes\n甲,ok\n乙,"never\nclosed\n' >open.csv
run sw-intake add --db j.db open.csv
check_rc 3 "an unterminated quoted field"
check_err_line "sw-intake: open.csv:3: unterminated quoted field" "unterminated quote: the line where the record starts"
printf 'name,notes\n甲\n' >short.csv
run sw-intake add --db j.db short.csv
check_rc 3 "a record with too few fields"
check_err_line "sw-intake: short.csv:2: expected 2 fields, found 1" "field count mismatch"

# Encodings: invalid UTF-8 refused with its line; GB18030 converted.
printf 'name,notes\n\325\305\310\375,\261\270\327\242\n' >gb.csv
run sw-intake add --db j.db gb.csv
check_rc 3 "GB18030 bytes without --encoding"
check_err_line "sw-intake: gb.csv:2: name: not valid UTF-8 (name its charset with --encoding)" "invalid UTF-8 explained"
run sw-intake add --db j.db --encoding GB18030 -o csv gb.csv
check_rc 0 "--encoding GB18030"
check "converted text stored" sed -n 2p "$T/out" | grep -q '^CA-[0-9]*,CL-[0-9]*,张三,'
printf '\357\273\277name,sex\r\n王,女\r\n' >bom.csv
run sw-intake add --db j.db -o csv bom.csv
check_rc 0 "a UTF-8 BOM and CRLF line ends"
run sw-intake add --db j.db --encoding NO-SUCH-CHARSET bom.csv
check_rc 2 "an unknown charset is a usage error"
printf 'name\n\201\060\n' >trunc.csv
run sw-intake add --db j.db --encoding GB18030 trunc.csv
check_rc 3 "bytes invalid in the named charset"
check_err_line "sw-intake: trunc.csv:2: not valid in the named encoding" "invalid charset bytes: line named"

# Empty selections: nothing in jsonl and table, [] in json, the header in csv; exit 1.
run sw-intake list --db j.db --worker nobody -o jsonl
check_rc 1 "empty selection exits 1"
check_out "" "empty selection prints nothing as jsonl"
run sw-intake list --db j.db --worker nobody -o table
check_out "" "empty selection prints nothing as a table"
run sw-intake list --db j.db --worker nobody -o json
check_out "[]" "empty selection prints [] as json"
run sw-intake list --db j.db --worker nobody -o csv --clients
check_out "client_id,name,sex,birth_date,id_type,id_number,phone,address,household,language,consent_date,consent_by,consent_share,consent_expires,consent_withdrawn,created_at,updated_at" "empty selection prints the csv header"

# The table lines up Chinese text by display width; numbers align right.
printf 'name,worker,intake_date\n张三丰,李,2026-01-01\nAl,Bob,2026-01-02\n' >t.csv
sw-intake add --db tab.db t.csv >/dev/null 2>&1
sw-intake workers --add 张三丰 Al --db roster.db >/dev/null 2>&1
run sw-intake workers --db roster.db -o table
check_rc 0 "table output"
sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z/TS/' "$T/out" >"$T/out.cut"; mv "$T/out.cut" "$T/out"
check_out 'worker  open_cases  added_at
张三丰           0  TS
Al               0  TS' "columns aligned by display width"

# Filters: worker, status, dates (inclusive).
run sw-intake list --db tab.db --since 2026-01-02 -o csv
check_rc 0 "--since"
check "--since is inclusive and filters" test "$(wc -l <"$T/out")" -eq 2
run sw-intake list --db tab.db --until 2026-01-01 --worker 李 -o csv
check "--until and --worker" test "$(sed -n 2p "$T/out" | cut -d, -f1)" = CA-1
run sw-intake list --db tab.db --status closed
check_rc 1 "no closed cases"
run sw-intake list --db tab.db --status shut
check_rc 2 "an unknown status"

# show: ids of the wrong kind or unknown ids are refused.
run sw-intake show AS-1 --db tab.db
check_rc 3 "an id of another kind"
check_err "sw-intake: 'AS-1' is an assessment id: give a client (CL-n) or case (CA-n) id" "wrong kind explained"
run sw-intake show CL-99 --db tab.db
check_rc 3 "an unknown id"
check_err "sw-intake: no client CL-99" "unknown id named"
run sw-intake show 42 --db tab.db
check_rc 3 "a bare number is not an id"
run sw-intake show cl-2 --db tab.db -o csv
check_rc 0 "id prefixes are read in either case"
done_testing
