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
check_out '{"case_id":"CA-1","client_id":"CL-1","name":"甲","sex":"male","birth_date":null,"id_type":null,"id_number":null,"phone":null,"address":null,"household":null,"language":null,"consent_date":null,"consent_by":null,"consent_share":null,"consent_expires":null,"consent_withdrawn":null,"category":null,"referral_source":null,"presenting_problem":null,"worker":null,"external_ref":null,"intake_date":"2026-01-02","status":"open","closed_date":null,"linked_by":null,"notes":null,"created_at":"T","updated_at":null,"project":null,"emergency_name":null,"emergency_relationship":null,"emergency_phone":null,"household_id":null}
{"case_id":"CA-2","client_id":"CL-2","name":"乙","sex":null,"birth_date":null,"id_type":null,"id_number":null,"phone":null,"address":null,"household":null,"language":null,"consent_date":null,"consent_by":null,"consent_share":null,"consent_expires":null,"consent_withdrawn":null,"category":null,"referral_source":null,"presenting_problem":null,"worker":null,"external_ref":null,"intake_date":"2026-01-03","status":"open","closed_date":null,"linked_by":null,"notes":null,"created_at":"T","updated_at":null,"project":null,"emergency_name":null,"emergency_relationship":null,"emergency_phone":null,"household_id":null}
{"case_id":"CA-3","client_id":"CL-3","name":"丙","sex":null,"birth_date":null,"id_type":null,"id_number":null,"phone":"13800138000","address":null,"household":null,"language":null,"consent_date":null,"consent_by":null,"consent_share":null,"consent_expires":null,"consent_withdrawn":null,"category":null,"referral_source":null,"presenting_problem":null,"worker":null,"external_ref":null,"intake_date":"2026-01-04","status":"open","closed_date":null,"linked_by":null,"notes":null,"created_at":"T","updated_at":null,"project":null,"emergency_name":null,"emergency_relationship":null,"emergency_phone":null,"household_id":null}' "JSON Lines out: canonical, null for absent values, phone from a JSON number kept as text"

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

# Input already in UTF-8 with --encoding naming another charset: refused,
# never converted twice into mojibake (张三 as 寮犱笁).
before=$(dbdump j.db)
printf 'name,notes\nWang,plain\n张三,备注\n李四,x\n' >u8.csv
run sw-intake add --db j.db --encoding GB18030 u8.csv
check_rc 3 "UTF-8 input with --encoding GB18030"
check_err "sw-intake: u8.csv:3: this input is already UTF-8: drop --encoding
sw-intake: batch rolled back, nothing stored: 0 read, 0 valid, 0 skipped, 0 rejected before the error" \
	"refused at the line of the first byte past ASCII; the batch rolls back"
check "nothing stored" test "$before" = "$(dbdump j.db)"
run_in u8.csv sw-intake add --db j.db --encoding gbk -
check_rc 3 "the same on standard input, with GBK"
check_err_line "sw-intake: -:3: this input is already UTF-8: drop --encoding" "named as -"
printf '\357\273\277name\n王\n' >u8bom.csv
run sw-intake add --db j.db --encoding GB18030 u8bom.csv
check_rc 3 "a UTF-8 byte order mark with --encoding GB18030"
check_err_line "sw-intake: u8bom.csv:1: this input is already UTF-8: drop --encoding" "line 1"
# The first byte past ASCII far into a big file (past the first 64 KiB read).
{ printf 'name,notes\n'; i=0; while [ $i -lt 3000 ]; do printf 'Person%d,an ASCII note long enough to fill the first chunk\n' $i; i=$((i + 1)); done
  printf '王五,住址\n'; } >big8.csv
run sw-intake add --db j.db --dry-run --encoding GB18030 big8.csv
check_rc 3 "UTF-8 first past ASCII on line 3002"
check_err_line "sw-intake: big8.csv:3002: this input is already UTF-8: drop --encoding" "its line"
run sw-intake add --db j.db --dry-run --encoding UTF-8 -o csv u8.csv
check_rc 0 "--encoding UTF-8: no conversion"
check "stored as typed" sed -n 4p "$T/out" | grep -q '^,,张三,'
run sw-intake add --db j.db --dry-run --encoding utf8 -o csv u8.csv
check_rc 0 "--encoding utf8 too"
# Real GB18030 text still converts: names, addresses and notes, made with
# iconv, in a file larger than one chunk whose first line past ASCII is
# far in, and in short files whose every byte past ASCII is Chinese.
cat >zh.txt <<'TXT'
name,address,notes
陈秀英,崂山路 12 弄 3 室,独居老人，每周探访一次；子女在外地工作
张伟,东方路 88 号,失业后情绪低落，需要就业辅导与心理支持
李娜,和平里 7 号,单亲母亲，孩子上小学，申请课后托管
王建国,人民大道 100 号,出院后无人照顾，行动不便
刘洋,解放路 5 号,青少年，厌学，与父母关系紧张
赵敏,中山北路 200 弄,遭受家庭暴力，已转介法律援助
TXT
iconv -f UTF-8 -t GB18030 zh.txt >zh.csv
run sw-intake add --db j.db --dry-run --encoding GB18030 -o csv zh.csv
check_rc 0 "GB18030 Chinese converts"
check "every name converted" test "$(cut -d, -f3 "$T/out" | sed 1d | tr '\n' ' ')" = "陈秀英 张伟 李娜 王建国 刘洋 赵敏 "
{ printf 'name,notes\n'; i=0; while [ $i -lt 3000 ]; do printf 'Person%d,an ASCII note long enough to fill the first chunk\n' $i; i=$((i + 1)); done
  i=0; while [ $i -lt 2000 ]; do sed 1d zh.txt; i=$((i + 1)); done | cut -d, -f1,3; } >bigzh.txt
iconv -f UTF-8 -t GB18030 bigzh.txt >bigzh.csv
run sw-intake add --db j.db --dry-run --encoding GB18030 -o csv bigzh.csv
check_rc 0 "a big GB18030 file converts"
check "all 15000 records, the last one Chinese" test "$(wc -l <"$T/out") $(tail -n 1 "$T/out" | cut -d, -f3)" = "15001 赵敏"
for w in 张三 李四 王五 陈 中国 职工 你好 社会工作; do
	printf 'name\n%s\n' "$w" | iconv -f UTF-8 -t GB18030 >one.csv
	run sw-intake add --db j.db --dry-run --encoding GB18030 -o csv one.csv
	check "GB18030 $w converts" test "$rc $(cut -d, -f3 "$T/out" | sed -n 2p)" = "0 $w"
done

# Empty selections: nothing in jsonl and table, [] in json, the header in csv; exit 1.
run sw-intake list --db j.db --worker nobody -o jsonl
check_rc 1 "empty selection exits 1"
check_out "" "empty selection prints nothing as jsonl"
run sw-intake list --db j.db --worker nobody -o table
check_out "" "empty selection prints nothing as a table"
run sw-intake list --db j.db --worker nobody -o json
check_out "[]" "empty selection prints [] as json"
run sw-intake list --db j.db --worker nobody -o csv --clients
check_out "client_id,name,sex,birth_date,id_type,id_number,phone,address,household,language,consent_date,consent_by,consent_share,consent_expires,consent_withdrawn,created_at,updated_at,emergency_name,emergency_relationship,emergency_phone,household_id" "empty selection prints the csv header"

# The table lines up Chinese text by display width; numbers align right.
printf 'name,worker,intake_date\n张三丰,李,2026-01-01\nAl,Bob,2026-01-02\n' >t.csv
sw-intake add --db tab.db t.csv >/dev/null 2>&1
sw-intake workers --add 张三丰 Al --db roster.db >/dev/null 2>&1
run sw-intake workers --db roster.db -o table
check_rc 0 "table output"
sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z/TS/' "$T/out" >"$T/out.cut"; mv "$T/out.cut" "$T/out"
check_out 'worker  role    team  open_cases  added_at
张三丰  worker                 0  TS
Al      worker                 0  TS' "columns aligned by display width"

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
check_err "sw-intake: 'AS-1' is an assessment id: give a client (CL-n), case (CA-n) or consent (CN-n) id" "wrong kind explained"
run sw-intake show CL-99 --db tab.db
check_rc 3 "an unknown id"
check_err "sw-intake: no client CL-99" "unknown id named"
run sw-intake show 42 --db tab.db
check_rc 3 "a bare number is not an id"
run sw-intake show cl-2 --db tab.db -o csv
check_rc 0 "id prefixes are read in either case"
done_testing
