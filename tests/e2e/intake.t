#!/bin/sh
# sw-intake's intake rules: fields and Chinese headers, identity numbers,
# consent, the worker roster, duplicates, update and unlink.
. "$CW_TOP/tests/e2e/lib.sh"

ts() { sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z/TS/g' "$T/out" >"$T/o" && mv "$T/o" "$T/out"; }
# field N of line L of the CSV output (no quoted commas in these tests)
col() { sed -n "$1p" "$T/out" | cut -d, -f"$2"; }

# A spreadsheet saved by Excel: GB18030, CRLF, Chinese headers and words.
cat >sheet.csv <<'CSV'
姓名,性别,出生日期,证件类型,身份证号码,联系电话,住址,服务类别,转介来源,求助问题,知情同意日期,同意人,同意信息共享,负责社工,备注
陈秀英,女,1949-12-31,居民身份证,11010519491231002x,0086 138 0013 8000,崂山路 12 弄,长者,居委会,独居,2026-11-02,本人,是,李敏,
张婷,,,,44030420100101002X,13600001234,东方路,青少年,学校,情绪低落,2026-11-05,监护人,否,周强,母亲陪同
Tom Lee,male,1980-01-01,护照,E12345678,+1 415 555 0100,,其他,自行求助,,,,,周强,
CSV
iconv -f UTF-8 -t GB18030 sheet.csv | sed 's/$/\r/' >sheet-gb.csv
run sw-intake add --db i.db --encoding GB18030 -o csv sheet-gb.csv
check_rc 0 "an Excel sheet in GB18030 with Chinese headers"
ts
check_out 'case_id,client_id,name,sex,birth_date,id_type,id_number,phone,address,household,language,consent_date,consent_by,consent_share,consent_expires,consent_withdrawn,category,referral_source,presenting_problem,worker,external_ref,intake_date,status,closed_date,linked_by,notes,created_at,updated_at,project,emergency_name,emergency_relationship,emergency_phone,household_id
CA-1,CL-1,陈秀英,female,1949-12-31,resident,11010519491231002X,13800138000,崂山路 12 弄,,,2026-11-02,self,yes,,,elder,居委会,独居,李敏,,'"$(date +%F)"',open,,,,TS,,,,,,
CA-2,CL-2,张婷,female,2010-01-01,resident,44030420100101002X,13600001234,东方路,,,2026-11-05,guardian,no,,,youth,学校,情绪低落,周强,,'"$(date +%F)"',open,,,母亲陪同,TS,,,,,,
CA-3,CL-3,Tom Lee,male,1980-01-01,passport,E12345678,+14155550100,,,,,,,,,other,自行求助,,周强,,'"$(date +%F)"',open,,,,TS,,,,,,' "Chinese words made canonical; x made X; birth date and sex read from the identity number; 0086 removed"

# Identity numbers: mangled, legacy 15 digits, mismatches.
cat >ids.csv <<'CSV'
name,id_number,birth_date,sex
甲,1.10105E+17,,
乙,110105700101001,,
丙,440304198001010017,1980-01-02,
丁,440304198001010017,,female
CSV
run sw-intake add --db i.db --keep-going -o csv ids.csv
check_rc 3 "identity number checks"
check_err 'sw-intake: ids.csv:2: id_number: looks like a number a spreadsheet has rounded; format the column as text and export again
sw-intake: ids.csv:4: birth_date: does not match the birth date in the identity number
sw-intake: ids.csv:5: sex: does not match the sex in the identity number
sw-intake: batch BT-2: 4 read, 1 stored, 0 skipped, 3 rejected' "each identity problem explained"
check "a 15-digit number is converted to 18" test "$(col 2 7)" = 110105197001010011

# Consent.
cat >consent.csv <<'CSV'
name,birth_date,consent_date,consent_by,consent_share,consent_expires
小明,2012-05-01,2026-11-01,self,yes,
小红,2012-05-01,,guardian,,
大李,1990-01-01,2026-11-01,self,maybe,
老王,1950-01-01,2026-11-01,self,no,2026-10-01
小刚,2008-11-02,2026-11-02,self,yes,2027-11-02
CSV
run sw-intake add --db i.db --keep-going -o csv consent.csv
check_rc 3 "consent checks"
check_err 'sw-intake: consent.csv:2: consent_by: consent for someone under 18 must be a guardian'"'"'s (consent_by guardian, 监护人)
sw-intake: consent.csv:3: consent_by: needs consent_date (知情同意日期), the day consent was given
sw-intake: consent.csv:4: consent_share: not yes or no (是, 否)
sw-intake: consent.csv:5: consent_expires: is before consent_date
sw-intake: batch BT-3: 5 read, 1 stored, 0 skipped, 4 rejected' "consent rules: a guardian under 18, a date, yes or no, an end after the start"
check "18 on the day of consent may consent alone; expiry may lie ahead" test "$(col 2 3),$(col 2 13),$(col 2 15)" = "小刚,self,2027-11-02"

printf 'name,birth_date,consent_date\n小华,2015-03-01,2026-11-01\n' >minor.csv
run sw-intake add --db i.db minor.csv
check_rc 3 "a minor's consent without consent_by"
check_err_line "sw-intake: minor.csv:2: consent_date: consent for someone under 18 must be a guardian's (consent_by guardian, 监护人)" "a minor's consent must be a guardian's"

# Enumerations refuse what they do not know.
printf 'name,category,id_type,id_number\n甲,elderly,,\n乙,,drivers_licence,X1\n' >enum.csv
run sw-intake add --db i.db --keep-going enum.csv
check_err_line "sw-intake: enum.csv:2: category: not one of elder, youth, child, family, disability, social_assistance, community, other (长者, 青少年, 儿童, 家庭, 残障, 低保, 社区, 其他)" "unknown category explained"
check_err_line "sw-intake: enum.csv:3: id_type: not one of resident, passport, hk_macao_permit, taiwan_permit, foreign_permanent_residence, other (see sw-intake(1) for the Chinese names)" "unknown id type explained"

# The worker roster: while empty, any name; once it has names, only those.
run sw-intake workers --db i.db
check_rc 1 "an empty roster lists nothing"
run sw-intake workers --add 李敏 周强 --db i.db -o csv
check_rc 0 "add names to the roster"
ts
check_out 'worker,role,team,open_cases,added_at
李敏,worker,,1,TS
周强,worker,,2,TS' "the roster with each worker's open cases: a worker of no team by default"
run sw-intake workers --add 李敏 --db i.db
check_rc 0 "a name already on the roster"
check_err_line "sw-intake: argument 1: skipped: already on the roster" "already on the roster: skipped"
printf 'name,worker\n甲,李明\n' >typo.csv
run sw-intake add --db i.db typo.csv
check_rc 3 "a worker not on the roster"
check_err_line "sw-intake: typo.csv:2: worker: not on the worker roster (see sw-intake workers)" "a typo never becomes a phantom caseload"
run sw-intake workers 李敏 --db i.db
check_rc 2 "names without --add"
# A roster entry's role and team (on both backends; casework(7), ACCESS).
run sw-intake workers --add 王督导 --role 督导 --team 一组 --db i.db -o csv
check_rc 0 "a supervisor of a team, the role in Chinese"
ts
check_out 'worker,role,team,open_cases,added_at
王督导,supervisor,一组,0,TS' "stored as the role's word"
run sw-intake workers --set 李敏 周强 --team 一组 --db i.db -o csv
check_rc 0 "--set moves workers to a team"
ts
check_out 'worker,role,team,open_cases,added_at
李敏,worker,一组,1,TS
周强,worker,一组,2,TS' "printing the entries as they now are"
check "the change is audited, before and after" test "$(dbq i.db "SELECT action || ' ' || entity FROM audit ORDER BY id DESC LIMIT 1")" = "update worker"
run sw-intake workers --set 周强 --team "" --db i.db -o csv
check_rc 0 "an empty team is none"
check "周强 is of no team" test "$(dbq i.db "SELECT coalesce(team, 'none') FROM workers WHERE name = '周强'")" = none
run sw-intake workers --set 无名 --role supervisor --db i.db
check_rc 0 "--set of a name not on the roster"
check_err_line "sw-intake: argument 1: skipped: not on the roster" "is skipped with the reason"
run sw-intake workers --add 甲 --role boss --db i.db
check_rc 2 "a role that is neither"
check_err_line "sw-intake: option '--role': use worker or supervisor (社工, 督导)" "naming the two"
run sw-intake workers --set 李敏 --db i.db
check_rc 2 "--set with nothing to set"
run sw-intake workers --role supervisor --db i.db
check_rc 2 "--role without --add or --set"
if sqlite_only "a database named is one of the cluster's" 2; then
	run sw-intake workers --set 李敏 --role supervisor --db missing.db
	check_rc 4 "--set never creates a database"
	check "nothing was created" test ! -e missing.db
fi

# Duplicates against known clients.
dbq i.db "UPDATE cases SET status = 'closed', closed_date = '2026-11-10' WHERE id = 1"
printf 'name,birth_date,phone,intake_date\n陈 秀英,1949-12-31,,2026-11-20\n' >again.csv
run sw-intake add --db i.db -o csv again.csv
check_rc 0 "a returning client (name with a space, same birth date)"
linked=$(col 2 1)
check "linked to the known client, saying by which rule" test "$(col 2 2),$(col 2 25)" = "CL-1,name+birth_date"
check "the case shows the known client's details" test "$(col 2 3)" = 陈秀英
run sw-intake add --db i.db again.csv
check_rc 0 "the same sheet again"
check_err_line "sw-intake: again.csv:2: skipped: same person as client CL-1 (by name+birth_date), who already has the open case $linked" "no second open case"

printf 'name,phone\n张婷,136-0000-1234\n' >byphone.csv
run sw-intake add --db i.db --duplicates refuse byphone.csv
check_rc 3 "--duplicates refuse"
check_err_line "sw-intake: byphone.csv:2: phone: same person as client CL-2 (by name+phone)" "refused, naming the rule"
run sw-intake add --db i.db --duplicates skip byphone.csv
check_rc 0 "--duplicates skip"
check_err_line "sw-intake: byphone.csv:2: skipped: same person as client CL-2 (by name+phone)" "skipped, naming the rule"
run sw-intake add --db i.db --duplicates merge byphone.csv
check_rc 2 "an unknown --duplicates policy"

# Different identity numbers are never the same person.
printf 'name,birth_date,id_number\n王芳,1980-01-01,44030419800101005X\n王芳,1980-01-01,440304198001010033\n' >twins.csv
run sw-intake add --db i.db -o csv twins.csv
check_rc 0 "namesakes born the same day with different identity numbers"
check "two clients, not one" test "$(col 2 2)" != "$(col 3 2)"

# A record matching two different known clients is refused as ambiguous.
printf 'name,birth_date,phone\n赵强,1970-01-01,13911112222\n赵强,1975-06-01,13933334444\n' >two.csv
sw-intake add --db i.db -o csv two.csv >"$T/out" 2>/dev/null
a=$(col 2 2) b=$(col 3 2)
printf 'name,birth_date,phone\n赵强,1970-01-01,13933334444\n' >amb.csv
run sw-intake add --db i.db amb.csv
check_rc 3 "an ambiguous match"
check_err_line "sw-intake: amb.csv:2: matches two different known people: client $a (by name+birth_date) and client $b (by name+phone); give client_id to choose" "both candidates named"

# Within one batch, and in a dry run.
printf 'name,birth_date\n新人,1990-02-02\n新 人,1990-02-02\n' >inbatch.csv
run sw-intake add --db i.db --dry-run inbatch.csv
check_rc 0 "a dry run sees duplicates within the batch"
check_err_line "sw-intake: inbatch.csv:3: skipped: same person as the record at inbatch.csv:2 (by name+birth_date), whose case this batch opens" "dry run: the earlier record named"
run sw-intake add --db i.db -o csv inbatch.csv
check_err_line "sw-intake: inbatch.csv:3: skipped: same person as client $(col 2 2) of this batch (by name+birth_date), whose case $(col 2 1) this batch opens" "real run: the same record skipped"

# update: change, leave, clear; audited with before and after.
printf 'case_id,phone,address,worker\nCA-2,13600009999,,李敏\n' >upd.csv
run sw-intake update --db i.db --clear address -o csv upd.csv
check_rc 0 "update a case and its client"
check "phone changed, address cleared, worker changed" test "$(col 2 8)|$(col 2 9)|$(col 2 20)" = "13600009999||李敏"
check "updated_at is set" test -n "$(col 2 28)"
check "the client change is audited with before and after" test "$(dbq i.db "SELECT detail FROM audit WHERE action='update' AND entity='client' ORDER BY id DESC LIMIT 1")" = '{"before":{"phone":"13600001234","address":"东方路"},"after":{"phone":"13600009999","address":null}}'
check "the case change is audited too" test "$(dbq i.db "SELECT ids || ' ' || detail FROM audit WHERE action='update' AND entity='case' ORDER BY id DESC LIMIT 1")" = 'CA-2 {"before":{"worker":"周强"},"after":{"worker":"李敏"}}'
run sw-intake update --db i.db upd.csv
check_rc 0 "the same update again"
check_err_line "sw-intake: upd.csv:2: skipped: no change" "nothing to change is skipped"
printf 'case_id,status\nCA-2,closed\n' >ro.csv
run sw-intake update --db i.db ro.csv
check_rc 3 "closing is not an update"
check_err_line "sw-intake: ro.csv:2: status: read-only; it differs from the stored value" "read-only field refused"
printf 'client_id,consent_withdrawn\nCL-2,2026-11-20\n' >withdraw.csv
run sw-intake update --db i.db --clients -o csv withdraw.csv
check_rc 0 "consent withdrawn on the client"
check "withdrawal recorded" test "$(col 2 15)" = 2026-11-20
printf 'CA-2,13600009999\n' >nohdr.csv
run sw-intake update --db i.db nohdr.csv
check_rc 3 "an update without a header"
check_err "sw-intake: nohdr.csv:1: the first line is not a header (no known column)
sw-intake: batch rolled back, nothing stored: 0 read, 0 valid, 0 skipped, 0 rejected before the error" "refused, no value quoted"
printf 'client_id,worker\nCL-2,李敏\n' >cf.csv
run sw-intake update --db i.db --clients cf.csv
check_err_line "sw-intake: cf.csv:2: worker: a field of the case: update it with case_id, without --clients" "case fields need case_id"
run sw-intake update --db i.db --clear name upd.csv
check_rc 2 "a name cannot be cleared"
printf 'client_id,language\nCL-2,普通话\n' >lang.csv
run sw-intake update --db i.db --clients --dry-run -o csv lang.csv
check_rc 0 "a dry-run update of a client"
check "printed in the client columns" test "$(col 2 1),$(col 2 2)" = "CL-2,张婷"
printf 'client_id,phone\nCL-2,13600007777\n' >ph.csv
run sw-intake update --db i.db --clients ph.csv
run sw-intake show CA-2 --db i.db -o csv
check "a client change stamps the case too" test -n "$(col 2 28)"
run sw-intake update --db i.db --duplicates skip upd.csv
check_rc 2 "an option of add is refused by update"
# On PostgreSQL, a database of the cluster that is not there.
if [ "$CW_BACKEND" = pg ]; then nowhere=$(pg_uri "$(pg_name nowhere.db)"); else nowhere=nowhere.db; fi
run sw-intake update --db "$nowhere" upd.csv
check_rc 4 "update on a missing database"
if [ "$CW_BACKEND" = pg ]; then
	check "update never creates a database" test -z "$(pg_psql postgres -At -c "SELECT 1 FROM pg_database WHERE datname = '$(pg_name nowhere.db)'")"
else
	check "update never creates a database" test ! -e nowhere.db
fi
run sw-intake add --db i.db --duplicates skip --duplicates link one.csv
check_rc 2 "an option given twice"
printf 'name,sex,birth_date\n孙,male,1970-01-01\n' >sun.csv
sw-intake add --db i.db -o csv sun.csv >"$T/out" 2>/dev/null
printf 'case_id,id_number\n%s,110105197001010011\n' "$(col 2 1)" >steal.csv
run sw-intake update --db i.db steal.csv
check_rc 3 "an identity number of another client"
check_err_line "sw-intake: steal.csv:2: id_number: already registered to client CL-4" "the owner named"

# unlink: a wrong link undone; what the record gave is not lost.
run sw-intake unlink "$linked" --db i.db -o csv
check_rc 0 "unlink a linked case"
check "the case now has its own client, built from its intake record" test "$(col 2 1),$(col 2 3),$(col 2 5),$(col 2 25)" = "$linked,陈 秀英,1949-12-31,"
check "a new client" test "$(col 2 2)" != CL-1
run sw-intake unlink "$linked" --db i.db
check_rc 3 "a case that is not linked"
check_err "sw-intake: $linked was not linked to a known client at intake" "not linked: explained"
run sw-intake unlink CL-1 --db i.db
check_rc 3 "unlink takes a case id"
# A link made by identity number cannot be undone into a second holder
# of the same number.
dbq i.db "UPDATE cases SET status = 'closed' WHERE id = 3"
printf 'name,id_type,id_number\nTom Lee,passport,E12345678\n' >tom.csv
run sw-intake add --db i.db -o csv tom.csv
check "linked by identity number" test "$(col 2 25)" = id_number
tomcase=$(col 2 1)
run sw-intake unlink "$tomcase" --db i.db
check_rc 3 "unlinking an identity-number link"
check_err "sw-intake: $tomcase: the identity number its intake record gave is registered to client CL-3, and one number names one person: correct it with update first" "refused: one number names one person"
check "every update and the unlink are audited (the ends of assignments the handovers made aside)" test "$(dbq i.db "SELECT count(*) FROM audit WHERE action IN ('update','unlink') AND entity NOT IN ('worker', 'assignment')")" -eq 5
done_testing
