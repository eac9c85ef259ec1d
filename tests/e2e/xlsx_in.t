#!/bin/sh
# Workbooks (.xlsx) in: the first sheet's records, as CSV's, through every
# command that reads records. The workbooks are made here from literal XML
# with python3's zipfile (tests/e2e/xlsx_mk.py).
. "$CW_TOP/tests/e2e/lib.sh"
mk() { python3 "$CW_TOP/tests/e2e/xlsx_mk.py" "$@"; }
NS='xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
# sheet FILE ROWS... : a sheet whose sheetData holds ROWS.
sheet() {
	f=$1; shift
	printf '<worksheet %s><sheetData>%s</sheetData></worksheet>' "$NS" "$*" >"$f"
}
# The intake list as JSON Lines, its timestamps cut.
listed() {
	run sw-intake list --db "$1" -o jsonl
	sed -E 's/"created_at":"[^"]*"/"created_at":"T"/' "$T/out" >"$T/out.cut"
	mv "$T/out.cut" "$T/out"
}
is() { printf '<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' "$1" "$2"; }

# Shared strings (rich text, a phonetic run left out, an escape), inline
# strings, a formula's string, sparse cells, a numeric phone, dates in a
# built-in and a custom format, a formula's cached date, empty rows.
cat >sst.xml <<EOF2
<sst $NS count="5" uniqueCount="5"><si><t>name</t></si><si><t>sex</t></si><si><r><t>no</t></r><r><rPr><b/></rPr><t>tes</t></r></si><si><t>张三</t></si><si><t>x_x0031_y</t><rPh sb="0" eb="1"><t>ignored</t></rPh></si></sst>
EOF2
cat >styles.xml <<EOF2
<styleSheet $NS><numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/><numFmt numFmtId="165" formatCode="[h]&quot;时&quot;mm&quot;分&quot;"/></numFmts><cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs><cellXfs count="6"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="49"/><xf numFmtId="21"/><xf numFmtId="165"/></cellXfs></styleSheet>
EOF2
sheet s.xml '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'"$(is C1 phone)"'<c r="D1" t="str"><v>intake_date</v></c><c r="E1" t="s"><v>2</v></c></row>' \
	'<row r="2"><c r="A2" t="s"><v>3</v></c><c r="C2" s="3"><v>13800138000</v></c><c r="D2" s="1"><v>46024</v></c><c r="E2" t="s"><v>4</v></c></row>' \
	'<row r="3"/><row r="4"><c r="A4" t="inlineStr"><is><r><t>李</t></r><r><rPr/><t xml:space="preserve">四</t></r><rPh><t>li si</t></rPh></is></c>'"$(is B4 female)"'<c r="D4" s="2"><f>DATE(2026,1,3)</f><v>46025</v></c><c r="E4" t="str"><f>"a_b"</f><v>a_x005F_b_x000A_c</v></c></row>' \
	'<row r="6"><c r="A6" s="1"/><c r="B6" t="inlineStr"><is><t></t></is></c></row>'
mk book.xlsx s.xml sst=sst.xml styles=styles.xml
run sw-intake add --db a.db book.xlsx
check_rc 0 "a workbook is detected and read"
check_err "sw-intake: batch BT-1: 2 read, 2 stored, 0 skipped, 0 rejected" "two records: the empty rows are skipped"
listed a.db
check_out '{"case_id":"CA-1","client_id":"CL-1","name":"张三","sex":null,"birth_date":null,"id_type":null,"id_number":null,"phone":"13800138000","address":null,"household":null,"language":null,"consent_date":null,"consent_by":null,"consent_share":null,"consent_expires":null,"consent_withdrawn":null,"category":null,"referral_source":null,"presenting_problem":null,"worker":null,"external_ref":null,"intake_date":"2026-01-02","status":"open","closed_date":null,"linked_by":null,"notes":"x1y","created_at":"T","updated_at":null,"project":null,"emergency_name":null,"emergency_relationship":null,"emergency_phone":null,"household_id":null}
{"case_id":"CA-2","client_id":"CL-2","name":"李四","sex":"female","birth_date":null,"id_type":null,"id_number":null,"phone":null,"address":null,"household":null,"language":null,"consent_date":null,"consent_by":null,"consent_share":null,"consent_expires":null,"consent_withdrawn":null,"category":null,"referral_source":null,"presenting_problem":null,"worker":null,"external_ref":null,"intake_date":"2026-01-03","status":"open","closed_date":null,"linked_by":null,"notes":"a_b\nc","created_at":"T","updated_at":null,"project":null,"emergency_name":null,"emergency_relationship":null,"emergency_phone":null,"household_id":null}' \
	"shared, rich and inline strings, sparse cells, a numeric phone, dates, a formula's value, escapes"

# The same workbook on standard input, and with -i xlsx.
run_in book.xlsx sw-intake add --db b.db -
check_rc 0 "a workbook on standard input"
check_err "sw-intake: batch BT-1: 2 read, 2 stored, 0 skipped, 0 rejected" "standard input: both records"
run_in book.xlsx sw-intake add --db b.db -i xlsx --dry-run -o csv -
check_rc 0 "-i xlsx on standard input"
check_err_line "sw-intake: -:2: skipped: same person as client CL-1 (by name+phone), who already has the open case CA-1" "the stored one recognised, by its row"
run sw-intake add --db b.db -i xlsx --encoding GB18030 book.xlsx
check_rc 2 "--encoding with -i xlsx is a usage error"
check_err_line "sw-intake: option '--encoding' does not apply to a workbook (-i xlsx)" "and says so"
before=$(dbdump b.db)
run sw-intake add --db b.db --encoding GB18030 book.xlsx
check_rc 2 "--encoding with a workbook detected is a usage error"
check_err "sw-intake: book.xlsx: this input is a workbook (.xlsx): '--encoding' does not apply" "and says so, naming the file, before the batch"
check "nothing changed" test "$before" = "$(dbdump b.db)"
for o in csv json xlsx; do
	run sw-intake add --db b.db --dry-run -o $o --encoding GB18030 book.xlsx
	check_rc 2 "-o $o: a workbook detected with --encoding"
	check "-o $o: nothing on standard output" test ! -s "$T/out"
	run_in book.xlsx sw-intake add --db b.db --dry-run -o $o --encoding GB18030 -
	check_rc 2 "-o $o: on standard input"
	check "-o $o: standard input: nothing on standard output" test ! -s "$T/out"
done
cat book.xlsx | sw-intake add --db b.db --dry-run -o csv --encoding GB18030 - >piped.out 2>/dev/null
check "a pipe: exit 2" test $? -eq 2
check "a pipe: nothing on standard output" test ! -s piped.out

# The shared strings and styles found through the workbook's
# relationships, by type: under other names, by an absolute or a relative
# Target, with the transitional or the strict types.
run sw-intake add --db e.db --dry-run -o csv book.xlsx
cp "$T/out" book.csv
mk rel.xlsx s.xml sst=sst.xml styles=styles.xml sstpart=sharedStrings2.xml stylespart=/xl/styles2.xml
run sw-intake add --db e.db --dry-run -o csv rel.xlsx
check_rc 0 "shared strings and styles under other names"
check "read as under their usual names" cmp -s book.csv "$T/out"
mk strict.xlsx s.xml sst=sst.xml styles=styles.xml sstpart=/xl/strings.xml stylespart=st.xml strict=1
run sw-intake add --db e.db --dry-run -o csv strict.xlsx
check_rc 0 "relationships of the strict types"
check "read the same" cmp -s book.csv "$T/out"

# A hidden first sheet is refused; a second sheet is said to be left.
for st in hidden veryHidden; do
	mk "$st.xlsx" s.xml sst=sst.xml state=$st other=1
	run sw-intake add --db e.db --dry-run "$st.xlsx"
	check_rc 3 "a first sheet $st is refused"
	check_err_line "sw-intake: $st.xlsx: the first sheet, 'Sheet1', is hidden: unhide it, or move the sheet to read to the front" "$st: the sheet named, and what to do"
	check "$st: nothing read" test ! -s "$T/out"
done

# The 1904 date system, a date-time, a date-time at midnight, a time, the
# day that never was, a number no date, prefixed names, an absolute target,
# a second sheet (said to be left unread).
x='<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>'
x=$x'<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>name</x:t></x:is></x:c><x:c r="B1" t="inlineStr"><x:is><x:t>intake_date</x:t></x:is></x:c><x:c r="C1" t="inlineStr"><x:is><x:t>notes</x:t></x:is></x:c></x:row>'
x=$x'<x:row r="2"><x:c r="A2" t="inlineStr"><x:is><x:t>王五</x:t></x:is></x:c><x:c r="B2" s="1"><x:v>44561</x:v></x:c><x:c r="C2" s="1"><x:v>44561.5</x:v></x:c></x:row>'
x=$x'<x:row r="3"><x:c r="A3" t="inlineStr"><x:is><x:t>赵六</x:t></x:is></x:c><x:c r="B3" s="2"><x:v>44562.00000001</x:v></x:c><x:c r="C3" s="4"><x:v>0.75</x:v></x:c></x:row>'
x=$x'<x:row r="4"><x:c r="A4" t="inlineStr"><x:is><x:t>钱七</x:t></x:is></x:c><x:c r="C4"><x:v>3.14159</x:v></x:c></x:row>'
x=$x'<x:row r="5"><x:c r="A5" t="inlineStr"><x:is><x:t>孙八</x:t></x:is></x:c><x:c r="B5" s="1"><x:v>44562.25</x:v></x:c></x:row>'
x=$x'</x:sheetData></x:worksheet>'
printf '%s' "$x" >s1904.xml
mk d1904.xlsx s1904.xml styles=styles.xml date1904=1 prefix=1 target=/xl/worksheets/data.xml other=1
run sw-intake add --db c.db --keep-going d1904.xlsx
check_rc 3 "the 1904 system: a date with a time of day is refused"
check_err "sw-intake: d1904.xlsx: the workbook has 2 sheets; only the first, 'Sheet1', is read
sw-intake: d1904.xlsx:5: intake_date: has a time of day; give the date alone (YYYY-MM-DD)
sw-intake: batch BT-1: 4 read, 3 stored, 0 skipped, 1 rejected" "the time as the date field's rules say"
run dbq c.db "SELECT cl.name || '|' || ca.intake_date || '|' || coalesce(ca.notes, '') FROM cases ca JOIN clients cl ON cl.id = ca.client_id ORDER BY ca.id"
check_out '王五|2026-01-01|2026-01-01T12:00:00
赵六|2026-01-02|18:00:00
钱七|'"$(date -u +%Y-%m-%d)"'|3.14159' "1904 dates, a date-time, a time, a number"
# Day 0 is a date in the 1904 system (1904-01-01), and a time alone in
# the 1900 one (1900-01-00 is no day) or in a format of a time alone.
sheet s0.xml '<row r="1">'"$(is A1 name)$(is B1 birth_date)$(is C1 notes)"'</row><row r="2">'"$(is A2 周零)"'<c r="B2" s="1"><v>0</v></c><c r="C2" s="4"><v>0</v></c></row><row r="3">'"$(is A3 吴零)"'<c r="C3" s="5"><v>0.5</v></c></row>'
mk d0.xlsx s0.xml styles=styles.xml date1904=1
run sw-intake add --db c.db --dry-run -o csv d0.xlsx
check_rc 0 "day 0 of the 1904 system"
cp "$T/out" d0.csv
run cut -d, -f3,5,26 d0.csv
check_out 'name,birth_date,notes
周零,1904-01-01,00:00:00
吴零,,12:00:00' "a date in a date format, a time alone in a built-in and a custom time format"
sheet s0b.xml '<row r="1">'"$(is A1 name)$(is B1 notes)"'</row><row r="2">'"$(is A2 周零)"'<c r="B2" s="1"><v>0.5</v></c></row>'
mk d0b.xlsx s0b.xml styles=styles.xml
run sw-intake add --db c.db --dry-run -o csv d0b.xlsx
check_rc 0 "day 0 of the 1900 system"
check "a time alone, even in a date format" grep -q ',12:00:00,' "$T/out"
sheet s60.xml '<row r="1">'"$(is A1 name)$(is B1 birth_date)"'</row><row r="2">'"$(is A2 周九)"'<c r="B2" s="1"><v>60</v></c></row><row r="3">'"$(is A3 吴十)"'<c r="B3" s="1"><v>61</v></c></row>'
mk d60.xlsx s60.xml styles=styles.xml
run sw-intake add --db c.db --keep-going --dry-run -o csv d60.xlsx
check_rc 3 "serial 60 in the 1900 system"
check_err_line "sw-intake: d60.xlsx:2: birth_date: the cell holds 1900-02-29, a day that does not exist" "1900-02-29 refused, naming the field"
check "serial 61 is 1900-03-01" grep -q '1900-03-01' "$T/out"

# Numbers beyond any integer's range: E-notation (no cast out of range).
sheet sbig.xml '<row r="1">'"$(is A1 name)$(is B1 notes)$(is C1 household)"'</row><row r="2">'"$(is A2 大)"'<c r="B2"><v>1e300</v></c><c r="C2"><v>-1E300</v></c></row>'
mk big.xlsx sbig.xml
run sw-intake add --db c.db --dry-run -o csv big.xlsx
check_rc 0 "numbers of 1e300 and -1e300"
check "1e300 in E-notation" grep -q ",1e+300,,,,,,,$" "$T/out"
check "-1e300 in E-notation" grep -q ",-1e+300," "$T/out"

# An identity number stored as a number has lost digits: refused.
sheet sid.xml '<row r="1">'"$(is A1 name)$(is B1 id_number)$(is C1 phone)"'</row><row r="2">'"$(is A2 郑一)"'<c r="B2"><v>110105199001011234</v></c><c r="C2"><v>13912345678</v></c></row>'
mk id.xlsx sid.xml
before=$(dbdump c.db)
run sw-intake add --db c.db id.xlsx
check_rc 3 "an identity number as a number cell"
check_err "sw-intake: id.xlsx:2: id_number: given as a number that has lost digits; format the column as text and type it again
sw-intake: batch rolled back, nothing stored: 1 read, 0 valid, 0 skipped, 1 rejected" "refused, naming the field"
check "nothing stored" test "$before" = "$(dbdump c.db)"

# An error cell, a cell past the header, a boolean where text goes.
sheet serr.xml '<row r="1">'"$(is A1 name)$(is B1 notes)"'</row><row r="2">'"$(is A2 甲)"'<c r="B2" t="e"><v>#DIV/0!</v></c></row><row r="3">'"$(is A3 乙)"'<c r="D3"><v>1</v></c></row><row r="4">'"$(is A4 丙)"'<c r="B4" t="b"><v>1</v></c></row><row r="5">'"$(is A5 丁)"'<c r="D5" s="1"/></row>'
mk err.xlsx serr.xml
run sw-intake add --db c.db --keep-going err.xlsx
check_rc 3 "bad cells reject their records"
check_err "sw-intake: err.xlsx:2: notes: the cell holds a spreadsheet error
sw-intake: err.xlsx:3: expected 2 fields, found 4
sw-intake: err.xlsx:4: notes: expected text, not true or false
sw-intake: batch BT-2: 4 read, 1 stored, 0 skipped, 3 rejected" "an error cell, an extra cell, a boolean: each with its row"

# A formula saved without its value (as openpyxl writes formulas) rejects
# its record; a formula whose saved value is the empty string does not.
sheet sf.xml '<row r="1">'"$(is A1 name)$(is B1 notes)"'</row><row r="2">'"$(is A2 甲)"'<c r="B2"><f>A1*2</f></c></row><row r="3">'"$(is A3 乙)"'<c r="B3"><f>A1*2</f><v/></c></row><row r="4">'"$(is A4 丙)"'<c r="B4" t="str"><f>""</f><v></v></c></row>'
mk f.xlsx sf.xml
run sw-intake add --db c.db --keep-going --dry-run f.xlsx
check_rc 3 "formulas without their values"
check_err "sw-intake: f.xlsx:2: notes: a formula without a saved value (open the workbook in a spreadsheet and save it)
sw-intake: f.xlsx:3: notes: a formula without a saved value (open the workbook in a spreadsheet and save it)
sw-intake: dry run, nothing stored: 3 read, 1 valid, 0 skipped, 2 rejected" "each rejected, naming the field; an empty text result is read"

# refused FILE DESC MSG: adding FILE stops with exit 3 and the message
# "sw-intake: FILEMSG".
refused() {
	run sw-intake add --db c.db "$1"
	check_rc 3 "$2"
	check_err_line "sw-intake: $1$3" "$2: the message"
}

# The rejected records in a rejects file, as CSV with the sheet's header
# and their rows, for a spreadsheet to open.
run sw-intake add --db r.db --keep-going --rejects rej.csv err.xlsx
check_rc 3 "a rejects file for a workbook"
check_file rej.csv - "rejected rows as CSV" <<'EOF2'
_file,_line,_reason,name,notes
err.xlsx,2,notes: the cell holds a spreadsheet error,甲,#DIV/0!
err.xlsx,3,"expected 2 fields, found 4",乙,,,1
err.xlsx,4,"notes: expected text, not true or false",丙,true
EOF2
printf 'name,notes\n戊,x\n' >same.csv
run sw-intake add --db r.db --keep-going --dry-run --rejects rej2.csv err.xlsx same.csv
check_rc 3 "a workbook and CSV of the same columns share a rejects file"
check "its rows" test "$(wc -l <rej2.csv)" -eq 4

# Header checks as for CSV.
sheet sdup.xml '<row r="2">'"$(is A2 name)$(is B2 name)"'</row>'
mk dup.xlsx sdup.xml
refused dup.xlsx "a duplicate column, named, with the header's row" ":2: name: duplicate column"
sheet sgap.xml '<row r="1">'"$(is A1 name)$(is C1 notes)"'</row>'
mk gap.xlsx sgap.xml
refused gap.xlsx "a header with a gap" ":1: empty column name"
sheet snoh.xml '<row r="1">'"$(is A1 甲)$(is B1 乙)"'</row>'
mk noh.xlsx snoh.xml
refused noh.xlsx "a sheet without a header, as CSV says" ":1: the first line is not a header (no known column)"

# What is no workbook, or a broken one: exit 3, the part named, nothing stored.
before=$(dbdump c.db)
head -c 300 book.xlsx >cut.xlsx
refused cut.xlsx "a truncated zip" ": not a workbook: Not a zip archive"
python3 -c 'import zipfile
with zipfile.ZipFile("doc.docx", "w") as z: z.writestr("word/document.xml", "<w/>")'
refused doc.docx "a zip that is no workbook" ": not an xlsx workbook: it has no part xl/workbook.xml"
printf '<worksheet %s><sheetData><row r="1">%s</row><row r="2"><c r="A2"><v>1</c></row></sheetData></worksheet>' "$NS" "$(is A1 name)" >sbad.xml
mk bad.xlsx sbad.xml
refused bad.xlsx "malformed XML in the sheet: the part and its line" ": xl/worksheets/sheet1.xml:1: malformed XML: mismatched tag"
sheet sref.xml '<row r="1">'"$(is A1 name)"'</row><row r="2"><c r="XFE2"><v>1</v></c></row>'
mk ref.xlsx sref.xml
refused ref.xlsx "a cell reference beyond Excel's columns" ": xl/worksheets/sheet1.xml: row 2: a cell reference that is not in the row or beyond Excel's columns"
sheet swide.xml '<row r="1">'"$(is A1 name)"'</row><row r="2"><c r="ALM2"><v>1</v></c></row>'
mk wide.xlsx swide.xml
refused wide.xlsx "a value past 1,000 columns, the limit of CSV" ": xl/worksheets/sheet1.xml: row 2: more than 1000 fields"
sheet ssst.xml '<row r="1"><c r="A1" t="s"><v>7</v></c></row>'
mk sst7.xlsx ssst.xml sst=sst.xml
refused sst7.xlsx "a shared string that is not there" ": xl/worksheets/sheet1.xml: row 1: a cell names a shared string that the workbook does not have"
printf '<sst %s><si><t>name</t></si>' "$NS" >sstbad.xml
mk sstbad.xlsx ssst.xml sst=sstbad.xml
refused sstbad.xlsx "malformed shared strings: the part named" ": xl/sharedStrings.xml:1: malformed XML: no element found"
python3 -c 'import zipfile
with zipfile.ZipFile("enc.xlsx", "w") as z: z.writestr("xl/workbook.xml", "<workbook/>")
b = bytearray(open("enc.xlsx", "rb").read())
for i in range(len(b) - 3):
    if b[i:i + 4] in (b"PK\x03\x04", b"PK\x01\x02"):
        b[i + (6 if b[i + 2] == 3 else 8)] |= 1
open("enc.xlsx", "wb").write(bytes(b))'
python3 -c 'import sys; sys.stdout.write("<styleSheet>" + " " * (17 << 20) + "</styleSheet>")' >big.xml
mk bomb.xlsx sid.xml styles=big.xml
refused bomb.xlsx "a part past its limit (a zip bomb)" ": xl/styles.xml: the part is larger than 16 MiB uncompressed"
rm -f big.xml
refused enc.xlsx "an encrypted part" ": xl/workbook.xml: the part is encrypted (save the workbook without a password)"
printf 'name\n甲\n' >plain.csv
run sw-intake add --db c.db -i xlsx plain.csv
check_rc 3 "-i xlsx on a CSV file"
check_err_line "sw-intake: plain.csv: not a workbook: Not a zip archive" "not a zip archive"
check "nothing stored by any of them" test "$before" = "$(dbdump c.db)"

# Other commands read workbooks too: sw-assess scores the answers.
sheet sa.xml '<row r="1">'"$(is A1 case_id)$(is B1 date)"'<c r="C1" t="inlineStr"><is><t>q1</t></is></c>'"$(is D1 q2)$(is E1 q3)$(is F1 q4)$(is G1 q5)$(is H1 q6)$(is I1 q7)"'</row><row r="2">'"$(is A2 CA-1)"'<c r="B2" s="1"><v>46027</v></c><c r="C2"><v>3</v></c><c r="D2"><v>2</v></c><c r="E2"><v>1</v></c><c r="F2"><v>0</v></c><c r="G2"><v>1</v></c><c r="H2"><v>2</v></c><c r="I2"><v>3</v></c></row>'
mk a.xlsx sa.xml styles=styles.xml
run sw-assess score --db a.db gad7 a.xlsx
check_rc 0 "sw-assess reads a workbook"
run dbq a.db "SELECT date || ' ' || total100 || ' ' || answers FROM assessments"
check_out '2026-01-05 1200 {"nervous":3,"control_worry":2,"worry":1,"relax":0,"restless":1,"irritable":2,"afraid":3}' "the answers scored, dated by the date cell"
done_testing
