#!/bin/sh
# The hostile-input catalogue: each input gets a clear error naming the
# file and line, the documented exit status, and leaves the database
# exactly as it was. Text that merely looks dangerous is data.
. "$CW_TOP/tests/e2e/lib.sh"

printf 'name,worker\n基线,李敏\n' >base.csv
sw-intake add --db h.db base.csv >/dev/null 2>&1
printf 'case_id,date,kind,minutes\nCA-1,2026-11-01,phone,10\n' >c0.csv
sw-plan contacts --db h.db c0.csv >/dev/null 2>&1
before=$(dbdump h.db)

# expect EXIT LINE-IN-STDERR COMMAND...: exit status, one stderr line
# exactly, database unchanged.
expect() {
	want=$1 line=$2
	shift 2
	run "$@"
	check_rc "$want" "$*"
	check_err_line "$line" "$*: message"
	check "$*: database unchanged" test "$before" = "$(dbdump h.db)"
}

# Truncated and malformed CSV.
printf 'name,notes\n甲,"never closed\n' >unterminated.csv
expect 3 "sw-intake: unterminated.csv:2: unterminated quoted field" sw-intake add --db h.db unterminated.csv
printf 'name,notes\n甲,5"3\n' >barequote.csv
expect 3 "sw-intake: barequote.csv:2: quote inside an unquoted field" sw-intake add --db h.db barequote.csv
printf 'name,notes\n甲,"a"b\n' >afterquote.csv
expect 3 "sw-intake: afterquote.csv:2: text after a closing quote" sw-intake add --db h.db afterquote.csv
printf 'name,notes\n甲' >truncated.csv
expect 3 "sw-intake: truncated.csv:2: expected 2 fields, found 1" sw-intake add --db h.db truncated.csv

# NUL bytes and invalid UTF-8.
printf 'name,notes\n甲,a\000b\n' >nul.csv
expect 3 "sw-intake: nul.csv:2: notes: NUL byte in field" sw-intake add --db h.db nul.csv
printf 'name\n\377\376\n' >badutf8.csv
expect 3 "sw-intake: badutf8.csv:2: name: not valid UTF-8 (name its charset with --encoding)" sw-intake add --db h.db badutf8.csv
printf '{"name": "\377"}\n' >badutf8.jsonl
expect 3 "sw-intake: badutf8.jsonl:1: name: invalid UTF-8" sw-intake add --db h.db badutf8.jsonl

# Truncated and malformed JSON.
printf '{"name": "甲", "notes": "never' >truncated.jsonl
expect 3 "sw-intake: truncated.jsonl:1: notes: unterminated string" sw-intake add --db h.db truncated.jsonl
printf '[{"name": "甲"},\n' >truncated.json
expect 3 "sw-intake: truncated.json:1: unexpected end of input" sw-intake add --db h.db truncated.json
printf '{"name": "甲\000"}\n' >nul.jsonl
expect 3 "sw-intake: nul.jsonl:1: name: unescaped control character in string" sw-intake add --db h.db nul.jsonl

# Limits: a field past 1 MiB, more than 1000 columns, nesting 100,000 deep.
{ printf 'name,notes\n甲,'; head -c 1048577 /dev/zero | tr '\0' 'a'; printf '\n'; } >bigfield.csv
expect 3 "sw-intake: bigfield.csv:2: notes: field longer than 1 MiB" sw-intake add --db h.db bigfield.csv
awk 'BEGIN { for (i = 1; i <= 1001; i++) printf "c%d%s", i, i < 1001 ? "," : "\n" }' >wide.csv
expect 3 "sw-intake: wide.csv:1: more than 1000 fields" sw-intake add --db h.db wide.csv
head -c 100000 /dev/zero | tr '\0' '[' >deep.json
expect 3 "sw-intake: deep.json:1: nesting deeper than 64" sw-intake add --db h.db deep.json

# Impossible dates, negative minutes, unknown ids, a mangled ID number.
printf 'name,birth_date\n甲,2026-02-30\n' >feb30.csv
expect 3 "sw-intake: feb30.csv:2: birth_date: not a valid date (no such day)" sw-intake add --db h.db feb30.csv
printf 'case_id,date,kind,minutes\nCA-1,2026-11-02,phone,-5\n' >negative.csv
expect 3 "sw-plan: negative.csv:2: minutes: negative minutes (a whole number, 0 to 1440)" sw-plan contacts --db h.db negative.csv
printf 'case_id,date,kind,minutes\nCA-99,2026-11-02,phone,5\n' >unknown.csv
expect 3 "sw-plan: unknown.csv:2: case_id: no such case" sw-plan contacts --db h.db unknown.csv
printf 'case_id,date,kind,minutes\nCL-1,2026-11-02,phone,5\n' >wrongkind.csv
expect 3 "sw-plan: wrongkind.csv:2: case_id: not a case id (CA-n)" sw-plan contacts --db h.db wrongkind.csv
printf 'name,id_number\n甲,1.10105E+17\n' >mangled.csv
expect 3 "sw-intake: mangled.csv:2: id_number: looks like a number a spreadsheet has rounded; format the column as text and export again" sw-intake add --db h.db mangled.csv

# Text that looks dangerous is data: stored exactly, returned byte for byte.
cat >danger.csv <<'CSV'
name,address,household,language,referral_source,presenting_problem,notes,external_ref
"x'); DROP TABLE cases;--","=cmd|' /C calc'!A0","+SUM(1,2)","-1+1","@SUM(A1)","'; DELETE FROM audit; --","<script>alert(1)</script>","=HYPERLINK(""http://x"")"
CSV
run sw-intake add --db h.db -o csv danger.csv
check_rc 0 "dangerous-looking text is accepted"
id=$(sed -n 2p "$T/out" | cut -d, -f1)
run sw-intake show "$id" --db h.db -o jsonl
for pair in '"name":"x'"'"'); DROP TABLE cases;--"' '"address":"=cmd|'"'"' /C calc'"'"'!A0"' \
	'"household":"+SUM(1,2)"' '"language":"-1+1"' '"referral_source":"@SUM(A1)"' \
	'"presenting_problem":"'"'"'; DELETE FROM audit; --"' '"notes":"<script>alert(1)</script>"' \
	'"external_ref":"=HYPERLINK(\"http://x\")"'; do
	check "stored and returned exactly: $pair" grep -qF "$pair" "$T/out"
done
check "the audit trail is intact" test "$(dbq h.db 'SELECT count(*) FROM audit')" -ge 3
done_testing
