#!/bin/sh
# sw-intake add: the batch rules of casework.7 through real files and pipes.
. "$CW_TOP/tests/e2e/lib.sh"

# Drops the last column (created_at, a timestamp) from CSV output.
# Timestamps (created_at, updated_at) become TS.
strip_created() {
	sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z/TS/g' "$T/out" >"$T/out.cut" &&
	mv "$T/out.cut" "$T/out"
}
HEADER=case_id,client_id,name,sex,birth_date,id_type,id_number,phone,address,household,language,consent_date,consent_by,consent_share,consent_expires,consent_withdrawn,category,referral_source,presenting_problem,worker,external_ref,intake_date,status,closed_date,linked_by,notes,created_at,updated_at,project,emergency_name,emergency_relationship,emergency_phone,household_id

cat >clients.csv <<'CSV'
name,sex,birth_date,id_number,phone,address,referral_source,presenting_problem,worker,notes,intake_date
张三,女,1949-12-31,11010519491231002X,+86 138-0013-8000,"北京市, 朝阳区",居委会,"独居, 需要照顾",李社工,"第一行
第二行",2026-11-02
李四,F,1990/3/5,,13900000000,上海,self,,王社工,,2026-11-03
CSV
run sw-intake add --db c.db -o csv clients.csv
check_rc 0 "add two clients from CSV"
strip_created
check_out "$HEADER"'
CA-1,CL-1,张三,female,1949-12-31,resident,11010519491231002X,13800138000,"北京市, 朝阳区",,,,,,,,,居委会,"独居, 需要照顾",李社工,,2026-11-02,open,,,"第一行
第二行",TS,,,,,,
CA-2,CL-2,李四,female,1990-03-05,,,13900000000,上海,,,,,,,,,self,,王社工,,2026-11-03,open,,,,TS,,,,,,' "created records printed with ids, canonical values"
check_err "sw-intake: batch BT-1: 2 read, 2 stored, 0 skipped, 0 rejected" "totals on stderr"
if sqlite_only "the database file's mode"; then
	check "database is owner-only" test "$(stat -c %a c.db)" = 600
fi

# Free text comes back byte for byte, SQL and formulas included.
cat >odd.csv <<'CSV'
name,address,notes
"Robert'); DROP TABLE clients;--","=HYPERLINK(""x"")","  spaces kept  "
CSV
run sw-intake add --db c.db -o csv odd.csv
check_rc 0 "text that looks dangerous is data"
run sw-intake show CA-3 --db c.db -o csv
strip_created
check_out "$HEADER"'
CA-3,CL-3,Robert'"'"'); DROP TABLE clients;--,,,,,,"=HYPERLINK(""x"")",,,,,,,,,,,,,'"$(date +%F)"',open,,,"  spaces kept  ",TS,,,,,,' "stored exactly as typed, intake date today"

# All or nothing: one bad record leaves the database exactly as it was.
before=$(dbdump c.db)
cat >bad.csv <<'CSV'
姓名,性别,出生日期,身份证号
王五,男,1980-01-01,
赵六,男,05/03/1980,
钱七,女,2026-02-30,
孙八,男,1980-01-01,110105194912310021
CSV
run sw-intake add --db c.db bad.csv
check_rc 3 "a batch with bad records"
check_err 'sw-intake: bad.csv:3: 出生日期: day or month first; write the year first (YYYY-MM-DD)
sw-intake: bad.csv:4: 出生日期: not a valid date (no such day)
sw-intake: bad.csv:5: 身份证号: check character does not match (mistyped digit?)
sw-intake: batch rolled back, nothing stored: 4 read, 1 valid, 0 skipped, 3 rejected' "each error names file, line and the header as written; no values echoed"
check_out "" "nothing printed when the batch rolls back"
check "the database is unchanged" test "$before" = "$(dbdump c.db)"

# --keep-going stores the good and writes the bad to a rejects file.
run sw-intake add --db c.db --keep-going --rejects rej.csv -o csv bad.csv
check_rc 3 "--keep-going still exits 3 when records were rejected"
check_err_line "sw-intake: batch BT-3: 4 read, 1 stored, 0 skipped, 3 rejected" "keep-going totals add up"
check "rejects file is owner-only" test "$(stat -c %a rej.csv)" = 600
cat >want.csv <<'CSV'
_file,_line,_reason,姓名,性别,出生日期,身份证号
bad.csv,3,出生日期: day or month first; write the year first (YYYY-MM-DD),赵六,男,05/03/1980,
bad.csv,4,出生日期: not a valid date (no such day),钱七,女,2026-02-30,
bad.csv,5,身份证号: check character does not match (mistyped digit?),孙八,男,1980-01-01,110105194912310021
CSV
check_file want.csv rej.csv "rejects keep the input columns as they were, with line and reason"

# A corrected rejects file goes back in: its extra columns are ignored.
sed -e 's#05/03/1980#1980-03-05#' -e 's#2026-02-30#2016-02-29#' -e 's#110105194912310021$#110105198001010016#' rej.csv >fixed.csv
run sw-intake add --db c.db -o csv fixed.csv
check_rc 0 "a corrected rejects file is accepted"
check_err "sw-intake: batch BT-4: 3 read, 3 stored, 0 skipped, 0 rejected" "all three corrected records stored"

# A rejects file of a rejects file has one set of _file,_line,_reason.
run sw-intake add --db c.db --keep-going --rejects rej2.csv rej.csv
check_rc 3 "a rejects file read again with --keep-going"
check "the rejects header is not repeated" test "$(sed -n 1p rej2.csv)" = "_file,_line,_reason,姓名,性别,出生日期,身份证号"
check "the rejects of rejects name the new file and line" test "$(sed -n 2p rej2.csv | cut -d, -f1,2)" = "rej.csv,2"
run sw-intake add --db c.db --keep-going --rejects rej.csv rej.csv
check_rc 2 "--rejects naming an input file is refused"
check "and the input is left as it was" test "$(wc -l <rej.csv)" -eq 4

# Duplicates: the same person again is skipped, another name refused.
cat >dup.csv <<'CSV'
name,id_number
张三,11010519491231002X
张叁,11010519491231002X
新人,110105198001010016
CSV
before=$(dbdump c.db)
run sw-intake add --db c.db dup.csv
check_rc 3 "a known identity number under another name is refused"
check_err 'sw-intake: dup.csv:2: skipped: same person as client CL-1 (by id_number), who already has the open case CA-1
sw-intake: dup.csv:3: id_number: already registered to client CL-1 under another name
sw-intake: dup.csv:4: id_number: already registered to client CL-7 under another name
sw-intake: batch rolled back, nothing stored: 3 read, 0 valid, 1 skipped, 2 rejected' "duplicate outcomes explained without personal data"
check "the database is unchanged after the refused duplicates" test "$before" = "$(dbdump c.db)"

cat >dup2.csv <<'CSV'
name,id_number
周九,110105200001010016
周九,110105200001010016
CSV
run sw-intake add --db c.db -o csv dup2.csv
check_rc 0 "a duplicate within one batch is skipped"
check_err 'sw-intake: dup2.csv:3: skipped: same person as client CL-8 of this batch (by id_number), whose case CA-8 this batch opens
sw-intake: batch BT-6: 2 read, 1 stored, 1 skipped, 0 rejected' "within-batch duplicate named by line"

# Output of the tools is valid input: unchanged records are skipped,
# changed ones refused.
sw-intake list --db c.db -o csv >all.csv
run_in all.csv sw-intake add --db c.db
check_rc 0 "list output fed back to add"
check_err_line "sw-intake: batch BT-7: 8 read, 0 stored, 8 skipped, 0 rejected" "every listed case is already stored"
sed '2s/李社工/张社工/' all.csv >changed.csv
run sw-intake add --db c.db changed.csv
check_rc 3 "a changed read-only record is refused"
check_err_line "sw-intake: changed.csv:2: worker: differs from the stored case CA-1; use update to change it" "the changed field is named"

# Unknown columns are refused, naming them.
printf 'name,nmae\nx,y\n' >typo.csv
run sw-intake add --db c.db typo.csv
check_rc 3 "an unknown column"
check_err_line "sw-intake: typo.csv:2: nmae: unknown column" "unknown column named"

# --dry-run: checks against the database, prints without ids, writes nothing.
before=$(dbdump c.db)
printf 'name,id_number\n新客,110105200001010016\n另一人,\n' >dry.csv
run sw-intake add --db c.db --dry-run -o csv dry.csv
check_rc 3 "dry run with a refused record exits 3"
check "dry run writes nothing" test "$before" = "$(dbdump c.db)"
check_err 'sw-intake: dry.csv:2: id_number: already registered to client CL-8 under another name
sw-intake: dry run, nothing stored: 2 read, 1 valid, 0 skipped, 1 rejected' "dry run finds duplicates in the database" 
printf 'name,intake_date\n王五,2026-01-05\n' >one.csv
run sw-intake add --db new.db --dry-run -o csv one.csv
check_rc 0 "dry run without a database"
strip_created
check_out "$HEADER"'
,,王五,,,,,,,,,,,,,,,,,,,2026-01-05,,,,,,,,,,,' "dry run prints the record without new ids"
check "dry run never creates a database" test ! -e new.db

# A dry run prints each record as it is validated: what came before an
# error that stops reading stands, and the exit status is the error's.
printf 'name,intake_date\n王五,2026-01-05\n"赵六,2026-01-06\n' >stops.csv
run sw-intake add --dry-run -o csv stops.csv
check_rc 3 "a dry run stopped by a syntax error"
strip_created
check_out "$HEADER"'
,,王五,,,,,,,,,,,,,,,,,,,2026-01-05,,,,,,,,,,,' "the records before the error are printed"
check_err_line "sw-intake: dry run, nothing stored: 1 read, 1 valid, 0 skipped, 0 rejected before the error" \
	"the totals say where it stopped"

# A missing input file creates nothing.
run sw-intake add --db fresh.db no-such.csv
check_rc 5 "a missing input"
check "no database is created for a missing input" test ! -e fresh.db

# Another program's SQLite database is not taken over.
dbforeign other.db
before=$(dbdump other.db)
run sw-intake add --db other.db one.csv
check_rc 4 "a database that is not casework's"
if [ "$CW_BACKEND" = pg ]; then
	check_err "sw-intake: '$(dburi other.db)' holds something other than casework's schema: casework needs an empty database" "foreign database named"
else
	check_err "sw-intake: 'other.db' is not a casework database" "foreign database named"
fi
check "the foreign database is untouched" test "$before" = "$(dbdump other.db)"

# Reading standard input, named '-' in messages.
printf 'name,sex\n甲,X\n' >stdin.csv
run_in stdin.csv sw-intake add --db c.db
check_rc 3 "standard input"
check_err_line "sw-intake: -:2: sex: not one of female, male, other, unknown (女, 男 and F, M are read too)" "standard input is named -"
run_in stdin.csv sw-intake add --db c.db -
check_err_line "sw-intake: -:2: sex: not one of female, male, other, unknown (女, 男 and F, M are read too)" "- means standard input"

# ---- a CSV file without a header -------------------------------------------------
# Its first record would be read as the header: a header naming no column
# of a client or case is refused as what it is, quoting none of its values
# (not even one repeated, which would otherwise be a duplicate column).
before=$(dbdump c.db)
printf '王五,13912345678,13912345678\n赵六,13800000000,13800000000\n' >nohdr.csv
run sw-intake add --db c.db nohdr.csv
check_rc 3 "a CSV file without a header"
check_err "sw-intake: nohdr.csv:1: the first line is not a header (no known column)
sw-intake: batch rolled back, nothing stored: 0 read, 0 valid, 0 skipped, 0 rejected before the error" \
	"refused as such, no value quoted (a repeated value is no duplicate column)"
check "the database is unchanged" test "$before" = "$(dbdump c.db)"
printf '王五,13912345678\n' >nohdr1.csv
run sw-intake add --db c.db --keep-going nohdr1.csv
check_rc 3 "one line without a header (it was read as a header and nothing stored)"
check_err "sw-intake: nohdr1.csv:1: the first line is not a header (no known column)
sw-intake: batch rolled back, nothing stored: 0 read, 0 valid, 0 skipped, 0 rejected before the error" \
	"refused with --keep-going too, no value quoted"
run_in nohdr1.csv sw-intake add --dry-run
check_rc 3 "a dry run of standard input without a header"
check_err "sw-intake: -:1: the first line is not a header (no known column)
sw-intake: dry run, nothing stored: 0 read, 0 valid, 0 skipped, 0 rejected before the error" "standard input named -"
printf '_file,_line,_reason\nx.csv,2,bad\n' >where.csv
run sw-intake add --db c.db where.csv
check_rc 3 "the where and why of a rejects file alone are no header"
check_err_line "sw-intake: where.csv:1: the first line is not a header (no known column)" "refused the same way"
printf '_file,_line,_reason,nmae,phone\nx.csv,2,bad,王五,13912345678\n' >typo.csv
run sw-intake add --db c.db typo.csv
check_rc 3 "a header with one known column and a misspelt one"
check_err "sw-intake: typo.csv:2: nmae: unknown column
sw-intake: batch rolled back, nothing stored: 1 read, 0 valid, 0 skipped, 1 rejected" "the unknown column is named, as before"
check "the database is unchanged by all of these" test "$before" = "$(dbdump c.db)"
printf '' >empty.csv
run sw-intake add --db c.db -o csv empty.csv
check_rc 0 "an empty file is still no error"
done_testing
