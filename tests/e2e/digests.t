#!/bin/sh
# Record digests (schema version 6): every record a batch writes gets the
# digest of its canonical form, and the batch a digest entry per kind;
# sw-admin verify checks every record against the digest of its last
# audited write, naming by id each record edited, inserted or deleted
# outside casework, and checks records written before digests by their
# insert batch. Updates through the tools keep it at 0.
. "$CW_TOP/tests/e2e/lib.sh"

# outside DB SQL: SQL run on the records as their owner (sqlite3; dbq on
# PostgreSQL), past the tools
outside() { dbq "$1" "$2" >/dev/null; }
# verified DB DESC RECORDS: verify exits 0, saying nothing, RECORDS checked
verified() {
	run sw-admin verify --db "$1" -o csv
	check_rc 0 "$2: verifies"
	check "$2: $3 records checked" test "$(tail -n 1 "$T/out" | cut -d, -f5)" = "$3"
	check_err "" "$2: saying nothing"
}
# named DB DESC MESSAGE...: verify exits 4, printing nothing, each MESSAGE
# one of its lines
named() {
	_db=$1 _d=$2
	shift 2
	run sw-admin verify --db "$_db" -o csv
	check_rc 4 "$_d: found"
	check_out "" "$_d: no record printed"
	for _m in "$@"; do
		check_err_line "sw-admin: record verification failed in '$(dburi "$_db")': $_m" "$_d: $_m"
	done
}

# ---- every tool writes, and the records verify --------------------------------------
D=w.db
demo_here "$D"
verified "$D" "a demonstration database (intake, scores, goals, contacts)" \
	"$(dbq "$D" "SELECT (SELECT count(*) FROM clients) + (SELECT count(*) FROM cases)
	+ (SELECT count(*) FROM assessments) + (SELECT count(*) FROM followups)
	+ (SELECT count(*) FROM plans) + (SELECT count(*) FROM goals)
	+ (SELECT count(*) FROM contacts)")"
check "every record has its digest" test "$(dbq "$D" "SELECT count(*) FROM clients WHERE digest IS NULL")" = 0
check "one digest entry per kind a batch wrote" test \
	"$(dbq "$D" "SELECT group_concat(entity || ' ' || ids, '; ') FROM (SELECT * FROM audit WHERE action = 'digest' AND batch_id = (SELECT max(id) FROM batches) ORDER BY id) AS s")" = \
	"contact CT-1..CT-$(dbq "$D" "SELECT count(*) FROM contacts")"
check "its detail: the records and the SHA-256 of their digests, one a line" test \
	"$(dbq "$D" "SELECT detail FROM audit WHERE action = 'digest' AND entity = 'client'")" = \
	"{\"records\":$(dbq "$D" "SELECT count(*) FROM clients"),\"sha256\":\"$(dbq "$D" "SELECT digest FROM clients ORDER BY id" | sha256sum | cut -c1-64)\"}"
# the canonical form, computed as casework.7 says, with SQL
form="'cw-record-1' || char(31) || 'clients' || char(31) || 'id=' || id || char(31) || 'name=' || name
 || char(31) || 'name_key=' || name_key || char(31) || coalesce('sex=' || sex, 'sex')
 || char(31) || coalesce('birth_date=' || birth_date, 'birth_date') || char(31) || coalesce('id_type=' || id_type, 'id_type')
 || char(31) || coalesce('id_number=' || id_number, 'id_number') || char(31) || coalesce('phone=' || phone, 'phone')
 || char(31) || coalesce('address=' || address, 'address') || char(31) || coalesce('household=' || household, 'household')
 || char(31) || coalesce('language=' || language, 'language') || char(31) || coalesce('consent_date=' || consent_date, 'consent_date')
 || char(31) || coalesce('consent_by=' || consent_by, 'consent_by') || char(31) || coalesce('consent_share=' || consent_share, 'consent_share')
 || char(31) || coalesce('consent_expires=' || consent_expires, 'consent_expires')
 || char(31) || coalesce('consent_withdrawn=' || consent_withdrawn, 'consent_withdrawn')
 || char(31) || 'created_at=' || created_at || char(31) || coalesce('updated_at=' || updated_at, 'updated_at')
 || char(31) || 'batch_id=' || batch_id"
if sqlite_only "the canonical form recomputed with sqlite3 and sha256sum" 4; then
	check "a client's digest is the SHA-256 of its canonical form" test \
		"$(sqlite3 "$D" "SELECT $form FROM clients WHERE id = 1" | tr -d '\n' | sha256sum | cut -c1-64)" = \
		"$(sqlite3 "$D" "SELECT digest FROM clients WHERE id = 1")"
	# an adversary who edits a record and writes its digest again as
	# casework.7 says: the digest entry's SHA-256 names the batch
	dbcp "$D" t.db
	sqlite3 t.db "UPDATE clients SET phone = '1' WHERE id = 2"
	sqlite3 t.db "UPDATE clients SET digest = '$(sqlite3 t.db "SELECT $form FROM clients WHERE id = 2" | tr -d '\n' | sha256sum | cut -c1-64)' WHERE id = 2"
	named t.db "a client edited, its digest computed again" \
		"BT-$(dbq "$D" "SELECT batch_id FROM audit WHERE action = 'digest' AND entity = 'client'"): the digests of CL-1..CL-$(dbq "$D" "SELECT count(*) FROM clients") are not those audited in AU-$(dbq "$D" "SELECT id FROM audit WHERE action = 'digest' AND entity = 'client'")"
fi

# changes through the tools: through DESC PROG VERB TEXT [ARGS]: PROG VERB
# on a file of TEXT (with printf's escapes), exit 0
through() {
	printf '%b' "$4" >in.csv
	run "$2" "$3" --db "$D" in.csv
	check_rc 0 "$1"
}
through "sw-intake update" sw-intake update 'case_id,phone,worker\nCA-1,13900005678,周强\n'
through "sw-intake update of a case record changing its client's fields alone" sw-intake update 'case_id,phone\nCA-2,13900007777\n'
through "sw-plan goals changes a goal" sw-plan goals 'goal_id,target\nGL-1,4\n'
through "sw-plan tasks" sw-plan tasks "$(cat "$CW_TOP/tests/data/demo-tasks.csv")\n"
through "a task done" sw-plan tasks 'task_id,status,done_date\nTK-1,done,2026-11-30\n'
through "sw-plan progress" sw-plan progress 'goal_id,date,value,status\nGL-1,2026-11-20,2,in_progress\n'
through "sw-plan sessions" sw-plan sessions "$(cat "$CW_TOP/tests/data/demo-sessions.csv")\n"
through "sw-plan review, twice (the first superseded)" sw-plan review 'case_id,date\nCA-1,2026-11-25\nCA-1,2026-11-26\n'
through "sw-refer add" sw-refer add 'case_id,provider,reason,urgency\nCA-1,某机构,测试,routine\nCA-2,某机构,测试,urgent\n'
through "sw-refer status" sw-refer status 'referral_id,state,date\nRF-1,sent,2026-11-27\n'
through "sw-refer feedback" sw-refer feedback 'referral_id,date,outcome\nRF-1,2026-11-28,已接收\n'
through "sw-plan followups" sw-plan followups "followup_id,date\n$(dbq "$D" "SELECT 'FU-' || min(id) FROM followups WHERE status = 'open'"),$(date +%F)\n"
through "sw-plan close, forced" sw-plan close 'case_id,date,reason_kind,reason,force\nCA-3,2026-11-30,goals_achieved,服务完成,结案测试\n'
through "sw-plan reopen" sw-plan reopen 'case_id,date,reason\nCA-3,2026-12-01,再次求助\n'
total=$(dbq "$D" "SELECT (SELECT count(*) FROM clients) + (SELECT count(*) FROM cases)
	+ (SELECT count(*) FROM assessments) + (SELECT count(*) FROM followups)
	+ (SELECT count(*) FROM plans) + (SELECT count(*) FROM goals)
	+ (SELECT count(*) FROM goal_progress) + (SELECT count(*) FROM tasks)
	+ (SELECT count(*) FROM group_sessions) + (SELECT count(*) FROM contacts)
	+ (SELECT count(*) FROM reviews) + (SELECT count(*) FROM closures)
	+ (SELECT count(*) FROM referrals)")
verified "$D" "after changes through every tool" "$total"
check "the trail still verifies as a chain" test "$(cut -d, -f1 "$T/out" | tail -n 1)" -gt 0

if sqlite_only "a worker's extract" 2; then
	sw-admin copy "$D" ex.db --worker 李敏 >/dev/null 2>&1
	run sw-admin verify --db ex.db -o csv
	check_rc 0 "a worker's extract, which keeps no trail, verifies"
	check_out "entries,format_1,format_2,head,records
0,0,0,," "its records not checked"
fi

# ---- what is done outside the tools, named by id ------------------------------------
ub=$(dbq "$D" "SELECT max(batch_id) FROM audit WHERE action = 'digest' AND ids LIKE '%CA-1%' AND entity = 'case'")
dbcp "$D" t.db
outside t.db "UPDATE cases SET notes = '改过' WHERE id = 1"
named t.db "a case edited" "CA-1: edited outside casework since BT-$ub"
dbcp "$D" t.db
outside t.db "UPDATE goals SET target = '9' WHERE id = 2"
named t.db "a goal edited" "GL-2: edited outside casework since BT-$(dbq "$D" "SELECT batch_id FROM goals WHERE id = 2")"
dbcp "$D" t.db
outside t.db "UPDATE contacts SET minutes = minutes + 1, digest = NULL WHERE id = 3"
named t.db "a contact edited, its digest taken away" "CT-3: edited outside casework since BT-$(dbq "$D" "SELECT batch_id FROM contacts WHERE id = 3")"
dbcp "$D" t.db
outside t.db "UPDATE referrals SET state = 'completed' WHERE id = 1"
named t.db "a referral edited" "RF-1: edited outside casework since BT-$(dbq "$D" "SELECT max(batch_id) FROM audit WHERE action = 'digest' AND entity = 'referral'")"
dbcp "$D" t.db
outside t.db "INSERT INTO clients (name, name_key, created_at, batch_id) SELECT '外人', '外人', '2026-12-01T00:00:00Z', max(id) FROM batches"
nc=$(dbq t.db "SELECT max(id) FROM clients")
named t.db "a client inserted" "CL-$nc: not written by casework"
dbcp "$D" t.db
outside t.db "DELETE FROM goal_progress WHERE id = 1"
named t.db "a progress entry deleted" "PG-1: deleted outside casework"
dbcp "$D" t.db
outside t.db "DELETE FROM contacts WHERE id >= 2 AND id <= 3"
named t.db "two contacts deleted" "CT-2: deleted outside casework" "CT-3: deleted outside casework"
# an adversary who writes the digest again: the digest entry's SHA-256
# of the batch's digests names the batch
dbcp "$D" t.db
d=$(dbq t.db "SELECT digest FROM assessments WHERE id = 1")
outside t.db "UPDATE assessments SET band = 'x' WHERE id = 1"
if [ "$CW_BACKEND" = pg ]; then
	outside t.db "UPDATE assessments SET digest = encode(sha256(convert_to('x', 'UTF8')), 'hex') WHERE id = 1"
else
	outside t.db "UPDATE assessments SET digest = '$(printf x | sha256sum | cut -c1-64)' WHERE id = 1"
fi
named t.db "an assessment edited, its digest too" "AS-1: edited outside casework since BT-$(dbq "$D" "SELECT batch_id FROM assessments WHERE id = 1")"
check "(the digest stored is not the record's)" test "$d" != "$(printf x | sha256sum | cut -c1-64)"

# ---- a database of the previous schema (version 5): no digests -------------------
dbrm o.db
printf 'name,worker\n甲,李敏\n乙,王强\n' >a.csv
printf 'name,worker\n丙,李敏\n' >b.csv
sw-intake add --db o.db a.csv >/dev/null 2>&1
sw-intake add --db o.db b.csv >/dev/null 2>&1
as_v5 o.db
if [ "$CW_BACKEND" = pg ]; then
	dbq o.db "ALTER TABLE audit DISABLE TRIGGER USER;
DO \$\$ DECLARE a record; prev text := repeat('0', 64); h text; BEGIN
  FOR a IN SELECT * FROM casework.audit ORDER BY id LOOP
    h := casework.cw_audit_text(prev, a.id, to_char(a.at AT TIME ZONE 'UTC',
      'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), a.actor, a.batch_id, a.action, a.entity,
      a.ids, a.detail_sha256);
    UPDATE casework.audit SET prev_hash = prev, hash = h WHERE id = a.id;
    prev := h;
  END LOOP; END \$\$;
ALTER TABLE audit ENABLE TRIGGER USER" >/dev/null
	run sw-admin upgrade --db o.db
	check_rc 0 "sw-admin upgrade to the version of now"
else
	python3 "$CW_TOP/tests/e2e/audit_chain.py" o.db rehash
fi
dbcp o.db o2.db
verified o.db "a database of version 5: its records checked by their insert batches" 6
check "its records have no digest" test "$(dbq o.db "SELECT count(*) FROM cases WHERE digest IS NOT NULL")" = 0
outside o.db "UPDATE clients SET phone = '13800000000' WHERE id = 3"
named o.db "an old record edited: named by its batch" \
	"BT-2: CL-3: not as inserted (AU-3)" "BT-2: CA-3: not as inserted (AU-4)"
# an old record written again through the tools gets its digest
printf 'client_id,phone\nCL-1,13900000001\n' >u1.csv
run sw-intake update --db o2.db --clients u1.csv
check_rc 0 "an old client updated"
check "gets its digest" test "$(dbq o2.db "SELECT count(*) FROM clients WHERE digest IS NOT NULL")" = 1
verified o2.db "checked by its digest then; its batches, changed since, no more (CL-3 and CA-3 still)" 3
outside o2.db "UPDATE clients SET phone = '1' WHERE id = 1"
named o2.db "and named by id" "CL-1: edited outside casework since BT-3"
done_testing
