#!/bin/sh
# emergency.t - the client's emergency contact (issue 22, point 4):
# emergency_name, emergency_relationship and emergency_phone, read under
# their names and Chinese headers by sw-intake add and update, the phone
# normalised as phone is, printed at the end of the client record and of
# the case record (after the case's project), on the bulk path as row by
# row, left out of a pseudonymised list, erased with the client, their
# records verifying by their digests, carried by sw-admin copy, and on
# PostgreSQL empty in the officer's view of clients (schema version 11).
# Both backends.
. "$CW_TOP/tests/e2e/lib.sh"

ts() { sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z/TS/g' "$T/out" >"$T/o" && mv "$T/o" "$T/out"; }
H=client_id,name,sex,birth_date,id_type,id_number,phone,address,household,language,consent_date,consent_by,consent_share,consent_expires,consent_withdrawn,created_at,updated_at,emergency_name,emergency_relationship,emergency_phone,household_id

# ---- add: Chinese headers, the phone normalised, at the end of both records ------------
cat >in.csv <<'CSV'
姓名,联系电话,紧急联系人,与本人关系,紧急联系电话,负责社工,接案日期
陈秀英,138 0013 8000,王芳,女儿,+86 139-0013-9000,李敏,2026-11-02
张伟,,,,,李敏,2026-11-03
CSV
run sw-intake add --db e.db -o csv in.csv
check_rc 0 "add: the emergency contact under its Chinese headers"
ts
check_out "case_id,client_id,name,sex,birth_date,id_type,id_number,phone,address,household,language,consent_date,consent_by,consent_share,consent_expires,consent_withdrawn,category,referral_source,presenting_problem,worker,external_ref,intake_date,status,closed_date,linked_by,notes,created_at,updated_at,project,emergency_name,emergency_relationship,emergency_phone,household_id
CA-1,CL-1,陈秀英,,,,,13800138000,,,,,,,,,,,,李敏,,2026-11-02,open,,,,TS,,,王芳,女儿,13900139000,
CA-2,CL-2,张伟,,,,,,,,,,,,,,,,,李敏,,2026-11-03,open,,,,TS,,,,,," \
	"after the case's own fields and its project, the phone as digits"
run sw-intake list --clients --db e.db -o csv
check_rc 0 "list --clients"
ts
check_out "$H
CL-1,陈秀英,,,,,13800138000,,,,,,,,,TS,,王芳,女儿,13900139000,
CL-2,张伟,,,,,,,,,,,,,,TS,,,,," "at the end of the client record"
run sw-intake show CL-1 --db e.db -o jsonl
check_rc 0 "show CL-1"
check "JSON: the last keys" grep -q '"updated_at":null,"emergency_name":"王芳","emergency_relationship":"女儿","emergency_phone":"13900139000","household_id":null}$' "$T/out"

# a phone that is no phone is refused like phone
printf 'name,emergency_phone\n李四,1390013x\n' >bad.csv
run sw-intake add --db e.db bad.csv
check_rc 3 "add: an emergency phone that is no phone"
check_err_line "sw-intake: bad.csv:2: emergency_phone: not a phone number" "refused, naming the field"
check "without its value" sh -c "! grep -q 1390013x '$T/err'"
# not a key of the duplicate rules: another person's emergency phone is no match
printf 'name,phone\n王芳,13900139000\n' >other.csv
run sw-intake add --db e.db -o csv other.csv
check_rc 0 "a person whose phone is a client's emergency phone"
check "is a new client" test "$(tail -n 1 "$T/out" | cut -d, -f1,2,25)" = "CA-3,CL-3,"

# ---- update: given, changed, cleared; audited --------------------------------------
printf 'client_id,紧急联系人,与本人关系,紧急联系电话\nCL-2,赵敏,邻居,021-5888 1234\n' >u1.csv
run sw-intake update --clients --db e.db -o csv u1.csv
check_rc 0 "update: an emergency contact given"
ts
check_out "$H
CL-2,张伟,,,,,,,,,,,,,,TS,TS,赵敏,邻居,02158881234," "printed as stored"
check "the update's audit entry holds before and after" test \
	"$(dbq e.db "SELECT detail FROM audit WHERE action = 'update' AND ids = 'CL-2'")" = \
	'{"before":{"emergency_name":null,"emergency_relationship":null,"emergency_phone":null},"after":{"emergency_name":"赵敏","emergency_relationship":"邻居","emergency_phone":"02158881234"}}'
printf 'case_id,emergency_relationship,notes\nCA-1,儿媳,女儿已出嫁\n' >u2.csv
run sw-intake update --db e.db -o csv u2.csv
check_rc 0 "update of a case: the client's emergency contact"
check "changed on the client" test "$(dbq e.db "SELECT emergency_relationship FROM clients WHERE id = 1")" = 儿媳
printf 'client_id\nCL-2\n' >u3.csv
run sw-intake update --clients --clear emergency_name,emergency_relationship,emergency_phone --db e.db -o csv u3.csv
check_rc 0 "update --clear of the emergency contact"
check "emptied" test "$(dbq e.db "SELECT count(*) FROM clients WHERE id = 2 AND emergency_name IS NULL AND emergency_relationship IS NULL AND emergency_phone IS NULL")" = 1
run sw-admin verify --db e.db -o csv
check_rc 0 "every record verifies after the adds and updates (digests)"
run sw-admin check --db e.db -o csv
check_rc 0 "sw-admin check"

# ---- a pseudonymised list leaves them out, as it leaves out phone ------------------
printf 'casework pseudonym test key 0001' >key
chmod 600 key
printf 'pseudonym_key_file = %s\n' "$T/key" >p.conf
for what in --clients ""; do
	CASEWORK_CONFIG=$T/p.conf run sw-intake list $what --pseudonymise --db e.db -o csv
	check_rc 0 "list $what --pseudonymise"
	check "list $what --pseudonymise: the columns kept, empty" test \
		"$(sed -n 2p "$T/out" | awk -F, '{ print $(NF-2) "|" $(NF-1) "|" $NF }')" = "||"
	check "list $what --pseudonymise: no emergency name or phone" \
		sh -c "! grep -q '王芳\|女儿\|13900139000\|儿媳' '$T/out'"
done

# ---- the bulk path stores them as row by row does ----------------------------------
awk 'BEGIN { print "name,phone,emergency_name,emergency_relationship,emergency_phone"
	for (i = 1; i <= 70; i++)
		printf "人%03d,1380000%04d,%s,%s,%s\n", i, i, (i % 3 ? "联系人" i : ""),
			(i % 3 ? "亲属" : ""), (i % 3 ? sprintf("139 0000 %04d", i) : "") }' >many.csv
printf 'bulk_after = 1000000000\n' >row.conf
printf 'bulk_after = 1\n' >bulk.conf
for way in row bulk; do
	CASEWORK_CONFIG=$T/$way.conf run sw-intake add --db $way.db many.csv
	check_rc 0 "$way: 70 clients"
	sw-intake list --clients --db $way.db -o csv 2>&1 | sed -E 's/[0-9T:-]{19}Z/TS/g' >$way.clients
done
check_file row.clients bulk.clients "the bulk path: the same clients stored"
check "with their emergency contacts" test "$(grep -c ',亲属,139000' bulk.clients)" = 47
run sw-admin verify --db bulk.db -o csv
check_rc 0 "the bulk path's records verify"

# ---- sw-admin copy carries them (into a SQLite file, from either backend) ------------
run "$CW_BIN/sw-admin" copy "$(dburi e.db)" c.db -o csv
check_rc 0 "sw-admin copy"
sw-intake list --clients --db e.db -o csv >e.list 2>&1
run "$CW_BIN/sw-intake" list --clients --db c.db -o csv
check_file e.list "$T/out" "the copy lists the same clients, emergency contacts and all"
run "$CW_BIN/sw-admin" verify --db c.db -o csv
check_rc 0 "the copy verifies"
run "$CW_BIN/sw-admin" check --db c.db -o csv
check_rc 0 "the copy checks"
if [ "$CW_BACKEND" != pg ]; then
	run "$CW_BIN/sw-admin" copy c.db c2.db -o csv
	check_rc 0 "sw-admin copy SQLite -> SQLite"
	run "$CW_BIN/sw-admin" check --db c2.db -o csv
	check_rc 0 "sw-admin check of the second copy"
	check "the columns carried" test "$(sqlite3 c2.db "SELECT emergency_name || '|' || emergency_relationship || '|' || emergency_phone FROM clients WHERE id = 1")" = "王芳|儿媳|13900139000"
fi

# ---- erasure clears them -------------------------------------------------------------
printf 'case_id,date,reason_kind,reason,force\nCA-1,2026-11-30,client_withdrew,本人退出,服务对象要求\n' >cl.csv
run sw-plan close --db e.db cl.csv
check_rc 0 "CA-1 closed"
run sw-intake erase CL-1 --reason "the client asked" --db e.db
check_rc 0 "sw-intake erase CL-1"
check "the emergency contact erased" test "$(dbq e.db "SELECT count(*) FROM clients WHERE id = 1 AND emergency_name IS NULL AND emergency_relationship IS NULL AND emergency_phone IS NULL")" = 1
dbq e.db "SELECT detail FROM audit" >trail 2>&1
check "nor left in the audit trail" sh -c "! grep -q '王芳\|13900139000' trail"
run sw-admin verify --db e.db -o csv
check_rc 0 "every record verifies after the erasure"

# ---- PostgreSQL: the officer's view shows them empty, as it shows phone ----------------
# officers DB: the officer's view of clients is the owner's, and the
# officer may read it
officers() {
	test "$(dbq "$1" "SELECT pg_get_userbyid(c.relowner) = (SELECT name FROM casework.access_roles WHERE kind = 'owner') AND has_table_privilege((SELECT name FROM casework.access_roles WHERE kind = 'officer'), 'casework_officer.clients', 'SELECT') FROM pg_class c WHERE c.oid = 'casework_officer.clients'::regclass")" = t
}
if [ "$CW_BACKEND" = pg ]; then
	printf 'name,emergency_name,emergency_relationship,emergency_phone\n刘洋,刘军,父亲,13700137000\n' >pg.csv
	run sw-intake add --db e.db pg.csv
	check_rc 0 "a client with an emergency contact, after the erasure"
	check "the table holds them" test "$(dbq e.db "SELECT count(*) FROM casework.clients WHERE emergency_phone IS NOT NULL")" = 1
	check "the officer's view has the columns, empty" test \
		"$(dbq e.db "SELECT count(*) || ' ' || count(emergency_name) || count(emergency_relationship) || count(emergency_phone) || count(phone) FROM casework_officer.clients")" = "4 0000"
	check "the view of a new database is its owner's, which the officer reads" officers e.db
	# upgraded from version 10, whose view lacks the columns
	dbcp e.db v10.db
	as_v10 v10.db
	# (as_v10: and without versions 12 to 14's tables, which its
	# upgrade makes)
	dbq v10.db "UPDATE schema_version SET version = 10" >/dev/null
	run sw-admin upgrade --db v10.db
	check_rc 0 "sw-admin upgrade from version 10"
	check "the upgraded view: the columns at its end, empty (and version 14's household_id after them)" test \
		"$(dbq v10.db "SELECT string_agg(attname, ',' ORDER BY attnum) FROM pg_attribute WHERE attrelid = 'casework_officer.clients'::regclass AND attnum > 16")" = \
		"created_at,updated_at,batch_id,emergency_name,emergency_relationship,emergency_phone,household_id"
	check "still its owner's, and the officer's to read" officers v10.db
	check "the officer reads no emergency contact" test \
		"$(dbq v10.db "SELECT count(emergency_name) + count(emergency_phone) FROM casework_officer.clients")" = 0
else
	skip "PostgreSQL: the officer's view (make test-pg)"
fi

done_testing
