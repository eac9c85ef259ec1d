#!/bin/sh
# relations.t - relations between clients and households (issue 22,
# points 1 and 2): sw-intake relations from JSON Lines and from CSV with
# Chinese headers, the related client as the client's relationship, its
# repeats and read-backs; bad records refused naming file, line and
# field, the database unchanged; the client's household_id; households
# (family relations and household_id, else one each) counted by
# sw-report services and caseload, a family of three across two cases as
# one household, suppressed as persons; sw-intake show listing the
# family; sw-plan due's consent item of a minor whose consent is a
# guardian's with no guardian linked 30 days after intake; the upgrade
# from schema version 11 and sw-admin copy. Both backends.
. "$CW_TOP/tests/e2e/lib.sh"

today=$(date +%F)
d() { date -d "$today $1 days" +%F; }     # d N: today + N days
month=$(date -d "$today -45 days" +%Y-%m)  # a month wholly in the past
m1="$month-05" m2="$month-06" m3="$month-07"
ts() { sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z/TS/g' "$T/out" >"$T/o" && mv "$T/o" "$T/out"; }

# ---- the clients ------------------------------------------------------------------
#   CL-1 王强  father          CA-1 李敏
#   CL-2 刘芳  mother          CA-2 周强
#   CL-3 王小明 their son, 12  CA-3 李敏
#   CL-4 陈秀英 an elder        CA-4 周强
#   CL-5 赵敏  her lodger      CA-5 周强  (household_id HH-4)
#   CL-6 孙伟  alone           CA-6 周强
cat >clients.csv <<CSV
姓名,出生日期,负责社工,接案日期,知情同意日期,同意人
王强,1980-03-01,李敏,$m1,$m1,本人
刘芳,1982-04-01,周强,$m1,$m1,本人
王小明,$(date -d "$today -12 years" +%F),李敏,$m1,$m1,监护人
陈秀英,1945-01-01,周强,$m1,$m1,本人
CSV
run sw-intake add --db r.db clients.csv
check_rc 0 "four clients"
# household_id under its Chinese header: the household of CL-4
printf '姓名,出生日期,家庭编号,负责社工,接案日期\n赵敏,1990-01-01,HH-4,周强,%s\n孙伟,1970-01-01,,周强,%s\n' "$m1" "$m1" >more.csv
run sw-intake add --db r.db -o csv more.csv
check_rc 0 "household_id given at intake"
check "at the end of the case record" test "$(tail -n 1 "$T/out" | awk -F, '{print $1, $NF}')" = "CA-6 "
check "HH-4 on CL-5" test "$(sed -n 2p "$T/out" | awk -F, '{print $2, $NF}')" = "CL-5 HH-4"

# ---- relations: JSON Lines -----------------------------------------------------------
cat >rel.jsonl <<'JSON'
{"client_id":"CL-3","related_client_id":"CL-1","relationship":"parent","legal_guardian":"yes"}
{"client_id":"cl-2","related_client_id":"CL-1","relationship":"spouse"}
JSON
run sw-intake relations --db r.db -o csv rel.jsonl
check_rc 0 "relations from JSON Lines"
ts
check_out "relation_id,client_id,related_client_id,relationship,legal_guardian,created_at
RL-1,CL-3,CL-1,parent,yes,TS
RL-2,CL-2,CL-1,spouse,no,TS" "stored as RL-n, ids and words canonical, legal_guardian no by default"
check "audited as one insert entry" test \
	"$(dbq r.db "SELECT action || ' ' || entity || ' ' || ids FROM audit WHERE entity = 'relation'")" = "insert relation RL-1..RL-2"

# ---- CSV with Chinese headers; a repeat either way round ---------------------------------
cat >rel.csv <<'CSV'
服务对象编号,相关服务对象编号,关系,法定监护人
CL-3,CL-2,母亲,是
CL-1,CL-3,儿子,否
CL-1,CL-2,配偶,
CL-4,CL-5,照顾者,否
CSV
run sw-intake relations --db r.db -o csv rel.csv
check_rc 0 "relations from CSV with Chinese headers"
ts
check_out "relation_id,client_id,related_client_id,relationship,legal_guardian,created_at
RL-3,CL-3,CL-2,parent,yes,TS
RL-4,CL-4,CL-5,caregiver,no,TS" "母亲 read as parent, 是 as yes, 照顾者 as caregiver"
check_err_line "sw-intake: rel.csv:3: skipped: the same relation as RL-1, stored already" "CL-3 is CL-1's child: RL-1 the other way round"
check_err_line "sw-intake: rel.csv:4: skipped: the same relation as RL-2, stored already" "a spouse either way round"

# read back: unchanged skipped, changed refused naming the field
printf 'relation_id,client_id,related_client_id,relationship,legal_guardian\nRL-2,CL-2,CL-1,spouse,no\n' >back.csv
run sw-intake relations --db r.db -o csv back.csv
check_rc 0 "a relation read back"
check_err_line "sw-intake: back.csv:2: skipped: RL-2 is stored already (read back; it is never changed)" "skipped"
printf 'relation_id,关系\nRL-2,兄弟姐妹\n' >back2.csv
run sw-intake relations --db r.db back2.csv
check_rc 3 "a relation read back with another relationship"
check_err_line "sw-intake: back2.csv:2: 关系: differs from the stored RL-2 (a relation is never changed)" "refused naming the field"

# sw-admin undo takes a batch of relations back
dbcp r.db undo.db
batch=$(dbq undo.db "SELECT batch_id FROM relations WHERE id = 3")
run sw-admin undo "BT-$batch" --db undo.db -o csv
check_rc 0 "sw-admin undo of a batch of relations"
check "its relations deleted, the others kept" test "$(dbq undo.db "SELECT group_concat(id, ',') FROM (SELECT id FROM relations ORDER BY id) q")" = "1,2"

# ---- bad records: exit 3, file, line and field, the database unchanged --------------------
before=$(dbdump r.db)
cat >bad.csv <<'CSV'
client_id,related_client_id,relationship,legal_guardian
CL-6,CL-6,sibling,no
CL-6,CL-99,sibling,no
CL-6,CA-1,sibling,no
CL-6,CL-4,cousin,no
CL-6,CL-4,other,maybe
,CL-4,other,no
CL-3,CL-1,parent,no
CL-1,CL-3,parent,no
CL-1,CL-3,child,yes
CL-6,CL-4,other,no
CSV
dbcp r.db k.db
run sw-intake relations --db k.db --keep-going bad.csv
check_rc 3 "bad relations"
check_err_line "sw-intake: bad.csv:2: related_client_id: the client themself: a relation is between two clients" "a relation to oneself"
check_err_line "sw-intake: bad.csv:3: related_client_id: no such client" "an unknown client"
check_err_line "sw-intake: bad.csv:4: related_client_id: not a client id (CL-n)" "a case id"
check_err_line "sw-intake: bad.csv:5: relationship: not a relationship (spouse, parent, child, grandparent, grandchild, sibling, guardian, caregiver or other, or their Chinese names, sw-intake(1))" "a word not of the list"
check_err_line "sw-intake: bad.csv:6: legal_guardian: not yes or no (是, 否)" "legal_guardian neither yes nor no"
check_err_line "sw-intake: bad.csv:7: client_id: required (the client, CL-n)" "no client"
check_err_line "sw-intake: bad.csv:8: legal_guardian: differs from the stored RL-1 (a relation is never changed)" "RL-1 told otherwise"
check_err_line "sw-intake: bad.csv:9: relationship: the related client is not older than the client: it reads \"the related client is the client's parent\" (is it the other way round?)" "a parent younger than the child: the relation the wrong way round"
check_err_line "sw-intake: bad.csv:10: legal_guardian: the related client is under 18: a legal guardian is of age (is the relation the other way round? the guardian is related_client_id)" "a child of 12 as the legal guardian"
check "the good record stored alone with --keep-going" test "$(dbq k.db "SELECT count(*) FROM relations")" = 5
run sw-intake relations --db r.db bad.csv
check_rc 3 "the same without --keep-going"
check_err_line "sw-intake: batch rolled back, nothing stored: 10 read, 1 valid, 0 skipped, 9 rejected" "rolled back"
check "the database unchanged" test "$before" = "$(dbdump r.db)"
printf 'name,household_id\n钱七,HH-99\n' >badhh.csv
run sw-intake add --db r.db badhh.csv
check_rc 3 "a household_id of no client"
check_err_line "sw-intake: badhh.csv:2: household_id: no such client as the household names (HH-n is the household of client CL-n)" "refused, naming the field"
printf 'name,household_id\n钱七,4\n' >badhh2.csv
run sw-intake add --db r.db badhh2.csv
check_rc 3 "a household_id not of the form HH-n"
check_err_line "sw-intake: badhh2.csv:2: household_id: not a household id (HH-n, the household of client CL-n)" "its form"
check "nothing stored" test "$before" = "$(dbdump r.db)"

# ---- show: the family --------------------------------------------------------------
run sw-intake show CL-3 --db r.db -o table
check_rc 0 "show CL-3"
check "the family after the record" test "$(sed -n '4,$p' "$T/out" | tr -s ' ')" = "client_id name relationship legal_guardian relation_id household_id
CL-3 王小明 self HH-1
CL-1 王强 parent yes RL-1 HH-1
CL-2 刘芳 parent yes RL-3 HH-1"
run sw-intake show CL-1 --db r.db -o table
check "seen from the father: his son and his wife" test "$(sed -n '5,$p' "$T/out" | tr -s ' ')" = "CL-1 王强 self HH-1
CL-3 王小明 child no RL-1 HH-1
CL-2 刘芳 spouse no RL-2 HH-1"
run sw-intake show CL-5 --db r.db -o table
check "the lodger: her household by household_id, the elder she cares for" test "$(sed -n '5,$p' "$T/out" | tr -s ' ')" = "CL-5 赵敏 self HH-4
CL-4 陈秀英 cared_for no RL-4 HH-4"
run sw-intake show CL-6 --db r.db -o table
check "a household of one" test "$(sed -n '5,$p' "$T/out" | tr -s ' ')" = "CL-6 孙伟 self HH-6"
run sw-intake show CL-6 --db r.db -o csv
check "the machine formats: the record alone" test "$(wc -l <"$T/out")" = 2

# ---- households in the reports ------------------------------------------------------
# contacts of the month: the family of three across two cases (CA-1 the
# father's, CA-3 the son's), the elder and her lodger (CA-4, CA-5), CL-6
cat >ct.csv <<CSV
case_id,date,kind,minutes,worker
CA-1,$m2,interview,30,李敏
CA-3,$m2,interview,30,李敏
CA-3,$m3,home_visit,60,李敏
CA-4,$m2,home_visit,60,周强
CA-5,$m3,home_visit,60,周强
CA-6,$m3,phone,10,周强
CSV
run sw-plan contacts --db r.db ct.csv
check_rc 0 "the month's contacts"
run sw-report services --db r.db --month "$month" -o csv
check_rc 0 "services"
check "by kind: households after clients" test "$(grep -E '^(kind|interview|home_visit|phone|total),' "$T/out" | tr '\n' ' ')" = \
	"kind,contacts,clients,households,minutes,sessions,attendance interview,2,2,1,60,0,0 home_visit,3,3,2,180,0,0 phone,1,1,1,10,0,0 total,6,5,3,250,0,0 "
run sw-report services --db r.db --month "$month" --by worker -o csv
check "by worker: the family of three one household of 李敏's" test "$(tr '\n' ' ' <"$T/out")" = \
	"worker,contacts,clients,households,minutes,sessions,attendance 周强,3,3,2,130,0,0 李敏,3,2,1,120,0,0 total,6,5,3,250,0,0 "
run sw-report caseload --db r.db --month "$month" -o csv
check_rc 0 "caseload"
check_out "new,closed,reopened,open_at_end,households
6,0,0,6,3" "six open cases of three households: the family, the elder with her lodger, CL-6 alone"
run sw-report caseload --db r.db --month "$month" --by worker -o csv
check_out "worker,new,closed,reopened,open_at_end,households
周强,4,0,0,4,3
李敏,2,0,0,2,1
total,6,0,0,6,3" "by worker: 周强's mother of the family, elder, lodger and CL-6 are three households"
for f in json jsonl table html; do
	run sw-report caseload --db r.db --month "$month" -o $f
	check "-o $f carries households" grep -q 'households' "$T/out"
done
run sw-report services --db r.db --month "$month" -o xlsx
check_rc 0 "-o xlsx"
# suppression: a household count is a count of persons
run sw-report services --db r.db --month "$month" --by worker --suppress 1 -o csv
check_rc 0 "--suppress 1"
check "李敏's row holds a household of 1: hidden whole with it" test "$(grep '^李敏,' "$T/out")" = "李敏,x,x,x,x,0,0"
run sw-report caseload --db r.db --month "$month" --by worker --suppress 1 -o csv
check "and in caseload" test "$(grep '^李敏,' "$T/out")" = "李敏,x,0,0,x,x"
run sw-report caseload --db r.db --month "$month" --by worker --suppress 3 -o csv
check "a household count of 3 hidden under --suppress 3" test "$(grep '^周强,' "$T/out" | cut -d, -f6)" = x

# ---- guardians: sw-plan due, kind consent -------------------------------------------
# CL-7, a minor whose consent is a guardian's, taken in 40 days ago: due
# 30 days after; CL-8 taken in 10 days ago: not due within a week
cat >minors.csv <<CSV
name,birth_date,consent_date,consent_by,worker,intake_date
周小丽,$(date -d "$today -10 years" +%F),$(d -40),guardian,李敏,$(d -40)
吴小刚,$(date -d "$today -10 years" +%F),$(d -10),监护人,李敏,$(d -10)
CSV
run sw-intake add --db r.db minors.csv
check_rc 0 "a minor's consent by a guardian stays accepted at intake"
run sw-plan due --db r.db --within 7d -o csv
check_rc 0 "sw-plan due"
check "the minor without a linked guardian, 30 days after intake" test \
	"$(grep ',consent,' "$T/out" | tr '\n' ' ')" = \
	"$(d -10),overdue,-10,consent,CL-7,CA-7,李敏,consent by a guardian: no guardian linked (sw-intake relations) "
check "CL-3, whose parents are linked as legal guardians, is not listed" sh -c "! grep -q ',CL-3,' '$T/out'"
run sw-plan due --db r.db --within 30d -o csv
check "within 30 days, CL-8 too" test "$(grep -c ',consent,' "$T/out")" = 2
run sw-report overdue --db r.db --since "$(d -1)" --until "$(d 0)" -o csv
check_rc 0 "sw-report overdue"
check "counts CL-7's item, overdue, as sw-plan due lists it" grep -qx 'total,consent,1' "$T/out"
printf 'client_id,related_client_id,relationship\nCL-7,CL-6,guardian\n' >g.csv
run sw-intake relations --db r.db g.csv
check_rc 0 "a guardian linked"
run sw-plan due --db r.db --within 7d -o csv
check "not listed once a guardian is linked" sh -c "! grep -q ',consent,' '$T/out'"
run sw-report overdue --db r.db --since "$(d -1)" --until "$(d 0)" -o csv
check "nor counted" grep -qx 'total,consent,0' "$T/out"
check "the guardian is no family: CL-6 and CL-7 two households" test \
	"$(dbq r.db "SELECT count(*) FROM relations WHERE relationship = 'guardian'")" = 1

# ---- erasure keeps relations and household_id (ids, no personal value) -------------------------
sw-report caseload --db r.db --month "$month" -o csv >caseload.csv 2>&1
printf 'case_id,date,reason_kind,reason,force\nCA-5,%s,moved_away,搬走,服务对象要求\n' "$today" >cl.csv
run sw-plan close --db r.db cl.csv
check_rc 0 "CA-5 closed"
run sw-intake erase CL-5 --reason "the client asked" --db r.db
check_rc 0 "CL-5 erased"
check "her relation and household_id kept" test "$(dbq r.db "SELECT (SELECT count(*) FROM relations WHERE related_id = 5) || ' ' || (SELECT household_id FROM clients WHERE id = 5)")" = "1 HH-4"
run sw-report caseload --db r.db --month "$month" -o csv
check_file caseload.csv "$T/out" "the past month's households as before"
run sw-admin verify --db r.db -o csv
check_rc 0 "every record verifies"
run sw-admin check --db r.db -o csv
check_rc 0 "sw-admin check"
check "the relations checked" grep -q '^relations,' "$T/out"

# ---- sw-admin copy ----------------------------------------------------------------------
run "$CW_BIN/sw-admin" copy "$(dburi r.db)" c.db -o csv
check_rc 0 "sw-admin copy to a SQLite file"
run "$CW_BIN/sw-report" caseload --db c.db --month "$month" -o csv
check_file caseload.csv "$T/out" "the copy counts the same households"
check "the relations carried" test "$(sqlite3 c.db "SELECT count(*) FROM relations")" = "$(dbq r.db "SELECT count(*) FROM relations")"
dbq c2.db "SELECT 1" >/dev/null   # (on PostgreSQL, a database made for it)
run sw-admin copy c.db "$(dburi c2.db)" -o csv
check_rc 0 "sw-admin copy back to the backend under test"
run sw-report services --db c2.db --month "$month" --by worker -o csv
check "the copy back counts them too" test "$(tail -n 1 "$T/out")" = "total,6,5,3,250,0,0"

# a worker's extract: the relations between the worker's own clients alone
run "$CW_BIN/sw-admin" copy "$(dburi r.db)" ex.db --worker 李敏 -o csv
check_rc 0 "sw-admin copy --worker 李敏"
check "RL-1 (CL-3 and CL-1, both 李敏's) goes, RL-3 (with 周强's CL-2) not" test \
	"$(sqlite3 ex.db "SELECT group_concat(id, ',') FROM relations")" = 1

# ---- the upgrade from schema version 11 -------------------------------------------------
# (a database of version 11 had no household_id, no relations)
printf 'name,worker\n甲,李敏\n乙,李敏\n' >v11.csv
sw-intake add --db v11.db v11.csv >/dev/null 2>&1
if [ "$CW_BACKEND" = pg ]; then
	as_v10 v11.db
	dbq v11.db "ALTER TABLE clients ADD COLUMN emergency_name text; ALTER TABLE clients ADD COLUMN emergency_relationship text; ALTER TABLE clients ADD COLUMN emergency_phone text; UPDATE schema_version SET version = 11" >/dev/null
	run sw-admin upgrade --db v11.db
	check_rc 0 "sw-admin upgrade from version 11"
	check "version 14" test "$(dbq v11.db "SELECT version FROM schema_version")" = 14
	check "the officer's view of clients ends in household_id" test \
		"$(dbq v11.db "SELECT attname FROM pg_attribute WHERE attrelid = 'casework_officer.clients'::regclass ORDER BY attnum DESC LIMIT 1")" = household_id
else
	as_v11 v11.db
	run sw-plan due --db v11.db -o csv
	check_rc 1 "a command on a file of version 11 upgrades it (nothing due)"
	check "version 14" test "$(dbq v11.db "PRAGMA user_version")" = 14
	check "the relations table made" test "$(dbq v11.db "SELECT count(*) FROM relations")" = 0
fi
printf 'client_id,related_client_id,relationship\nCL-1,CL-2,spouse\n' >u.csv
run sw-intake relations --db v11.db -o csv u.csv
check_rc 0 "relations recorded after the upgrade"
run sw-admin verify --db v11.db -o csv
check_rc 0 "the upgraded database verifies"

done_testing
