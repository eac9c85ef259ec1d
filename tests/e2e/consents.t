#!/bin/sh
# consents.t - consent by purpose (issue 22, point 3): sw-intake consents
# by JSON and by CSV with Chinese headers (CN-n), bad records refused
# naming line and field with the database unchanged, a read-back, the
# share purpose and the client's consent columns agreeing both ways, the
# referral consent check on the share purpose, sw-plan due inside and
# outside its window, sw-report overdue, sw-admin undo, the upgrade from
# schema version 11, sw-admin copy (both directions), verify and check,
# and an erasure keeping the consents. Both backends.
. "$CW_TOP/tests/e2e/lib.sh"

today=$(date +%F)
d() { date -d "$today $1 days" +%F; }     # d N: today + N days
q() { dbq c.db "$1"; }
ts() { sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z/TS/g' "$T/out" >"$T/o" && mv "$T/o" "$T/out"; }
H=consent_id,client_id,purpose,given,expires,withdrawn,agreement_date,created_at
DUE=due_date,state,days,kind,item_id,case_id,worker,what

sw-intake workers --add 李敏 王强 --db c.db >/dev/null 2>&1
# 甲 consents to share until 4 days from now, 乙 refuses, 丙 and 己 say
# nothing, 丁's consent ended 3 days ago, 戊's runs 20 days more.
cat >cases.csv <<CSV
name,worker,consent_date,consent_share,consent_expires
甲,李敏,$(d -100),yes,$(d 4)
乙,李敏,$(d -100),no,
丙,王强,,,
丁,王强,$(d -100),是,$(d -3)
戊,李敏,$(d -100),yes,$(d 20)
己,王强,,,
CSV
run sw-intake add --db c.db cases.csv
check_rc 0 "six clients, three consenting to share"

# ---- add: a client consenting to share has its share consent --------------------------------
run sw-intake show CL-1 --consents --db c.db -o csv
check_rc 0 "show CL-1 --consents"
ts
check_out "$H
CN-1,CL-1,share,$(d -100),$(d 4),,,TS" "the client's consent to share, given on its consent_date"
run sw-intake show CL-2 --consents --db c.db -o csv
check_rc 1 "a client who refused to share has none"
check "one for each client consenting, audited as inserted" test \
	"$(q "SELECT ids FROM audit WHERE action = 'insert' AND entity = 'consent'")" = "CN-1..CN-3"

# the bulk path (bulk_after) makes them as row by row does
awk -v d="$(d -10)" -v e="$(d 50)" 'BEGIN { print "name,consent_date,consent_share,consent_expires"
	for (i = 1; i <= 40; i++)
		printf "人%03d,%s,%s,%s\n", i, d, (i % 4 ? "yes" : "no"), (i % 4 ? e : "") }' >many.csv
printf 'bulk_after = 1000000000\n' >row.conf
printf 'bulk_after = 1\n' >bulk.conf
for way in row bulk; do
	CASEWORK_CONFIG=$T/$way.conf run sw-intake add --db $way.db many.csv
	check_rc 0 "$way: 40 clients"
	dbq $way.db "SELECT group_concat(x, ' ') FROM (SELECT client_id || ':' || purpose || ':' || given || ':' || expires AS x FROM consents ORDER BY id) y" >$way.consents
done
check_file row.consents bulk.consents "the bulk path: the same consents"
check "one for each client consenting" test "$(dbq bulk.db "SELECT count(*) FROM consents")" = 30

# ---- consents by JSON and by CSV with Chinese headers --------------------------------------
cat >c1.jsonl <<JSON
{"client_id":"CL-3","purpose":"research","given":"$(d -10)","expires":"$(d 40)"}
{"client_id":"CL-2","purpose":"publish","given":"$(d -5)","expires":"$(d 4)","agreement_date":"$(d -5)"}
JSON
run sw-intake consents --db c.db -o csv c1.jsonl
check_rc 0 "consents from JSON Lines"
ts
check_out "$H
CN-4,CL-3,research,$(d -10),$(d 40),,,TS
CN-5,CL-2,publish,$(d -5),$(d 4),,$(d -5),TS" "each a consent, CN-n"
cat >c2.csv <<CSV
服务对象编号,同意用途,同意日期,有效期至,撤回日期,服务协议日期
CL-2,信息共享,$(d -1),$(d 200),,$(d -1)
CL-3,案例发表,$(d -2),$(d 10),$(d -1),
CSV
run sw-intake consents --db c.db -o csv c2.csv
check_rc 0 "consents from CSV with Chinese headers and words"
ts
check_out "$H
CN-6,CL-2,share,$(d -1),$(d 200),,$(d -1),TS
CN-7,CL-3,publish,$(d -2),$(d 10),$(d -1),,TS" "the purposes as their words"
check_err_line "sw-intake: batch BT-4: 2 read, 2 stored, 0 skipped, 0 rejected" "counted"
check "each audited as inserted" test \
	"$(q "SELECT group_concat(ids, ' ') FROM audit WHERE action = 'insert' AND entity = 'consent'")" = "CN-1..CN-3 CN-4..CN-5 CN-6..CN-7"

# ---- share: the consent sets the client's columns ------------------------------------------
run sw-intake show CL-2 --db c.db -o csv
check "乙's consent_share, consent_expires and consent_withdrawn are the share consent's" \
	test "$(tail -n 1 "$T/out" | cut -d, -f11-15)" = "$(d -100),,yes,$(d 200),"
check "audited as an update of the client" test \
	"$(q "SELECT detail FROM audit WHERE action = 'update' AND ids = 'CL-2'")" = \
	"{\"before\":{\"consent_share\":\"no\",\"consent_expires\":null},\"after\":{\"consent_share\":\"yes\",\"consent_expires\":\"$(d 200)\"}}"

# ---- read back: skipped when the same, refused naming the field when not --------------------
sw-intake show CL-3 --consents --db c.db -o csv >back.csv 2>/dev/null
run sw-intake consents --db c.db back.csv
check_rc 0 "its own output read back"
check_err_line "sw-intake: back.csv:2: skipped: CN-4 is stored already (read back; it is never changed)" "skipped, naming it"
sed 's/,research,/,publish,/' back.csv >edit.csv
run sw-intake consents --db c.db edit.csv
check_rc 3 "a consent read back changed"
check_err_line "sw-intake: edit.csv:2: purpose: differs from the stored CN-4 (a consent is never changed but for its withdrawal: record a later one of the same purpose)" "refused naming the field"
run sw-intake consents --db c.db c1.jsonl
check_rc 0 "the same consents given again"
check_err_line "sw-intake: c1.jsonl:1: skipped: the same consent as CN-4, stored already" "skipped, naming the stored one"

# ---- bad records: exit 3 naming line and field, nothing stored ------------------------------
dbdump c.db >before.dump
printf 'client_id,purpose,given\nCL-1,research,%s\n' "$(d -1)" >dry.csv
run sw-intake consents --dry-run --db c.db -o csv dry.csv
check_rc 0 "--dry-run"
check_out "$H
,CL-1,research,$(d -1),,,," "prints the consent it would record, without an id"
dbdump c.db >after.dump
check_file before.dump after.dump "and stores nothing"
cat >bad.csv <<CSV
client_id,purpose,given,expires
CL-1,marketing,$(d -1),
CL-1,share,2026-13-45,
CL-1,research,$(d -1),$(d -2)
CL-99,share,$(d -1),
CL-1,share,$(d 1),
,share,$(d -1),
CSV
run sw-intake consents --db c.db bad.csv
check_rc 3 "bad records"
check_err_line "sw-intake: bad.csv:2: purpose: not one of share, publish, research (信息共享, 案例发表, 研究)" "an unknown purpose"
check "a bad date" grep -q '^sw-intake: bad.csv:3: given: ' "$T/err"
check_err_line "sw-intake: bad.csv:4: expires: is before given" "expires before given"
check_err_line "sw-intake: bad.csv:5: client_id: no such client" "an unknown client"
check_err_line "sw-intake: bad.csv:6: given: is in the future" "given in the future"
check_err_line "sw-intake: bad.csv:7: client_id: required (the client who consents, CL-n)" "no client"
dbdump c.db >after.dump
check_file before.dump after.dump "the database unchanged"
printf 'client_id,purpose,given\nCL-1,share,%s\n' "$(d -200)" >early.csv
run sw-intake consents --db c.db early.csv
check_rc 3 "a share consent before the client's consent_date"
check_err_line "sw-intake: early.csv:2: given: is before the client's consent_date (知情同意日期): a share consent is the client's consent to share information" "refused"

# ---- share: the client's columns set the consent ----------------------------------------------
sw-plan due --db c.db --within 30d -o csv >due0.csv 2>/dev/null
check "before its renewal, 甲's consent ending in 4 days is due" grep -qx "$(d 4),due,4,consent,CN-1,CA-1,李敏,consent to share information ends" due0.csv
printf 'client_id,consent_expires\nCL-1,%s\n' "$(d 100)" >renew.csv
run sw-intake update --clients --db c.db renew.csv
check_rc 0 "update: 甲's consent_expires renewed"
check "the latest share consent follows" test "$(q "SELECT expires FROM consents WHERE id = 1")" = "$(d 100)"
check "audited as an update of the consent" test \
	"$(q "SELECT detail FROM audit WHERE action = 'update' AND ids = 'CN-1'")" = \
	"{\"before\":{\"expires\":\"$(d 4)\",\"withdrawn\":null},\"after\":{\"expires\":\"$(d 100)\",\"withdrawn\":null}}"
printf 'client_id,consent_withdrawn\nCL-5,%s\n' "$(d -1)" >withdraw.csv
run sw-intake update --clients --db c.db withdraw.csv
check_rc 0 "update: 戊 withdraws consent"
check "the share consent withdrawn" test "$(q "SELECT withdrawn FROM consents WHERE id = 3")" = "$(d -1)"
printf 'client_id\nCL-5\n' >unwithdraw.csv
run sw-intake update --clients --clear consent_withdrawn --db c.db unwithdraw.csv
check_rc 3 "a withdrawal cleared"
check_err_line "sw-intake: unwithdraw.csv:2: consent_withdrawn: the client's consent to share (CN-3) was withdrawn on $(d -1), which is never changed: record a new consent (sw-intake consents)" "refused: a withdrawal is history"
printf 'client_id,consent_withdrawn\nCL-5,%s\n' "$(d 0)" >rewithdraw.csv
run sw-intake update --clients --db c.db rewithdraw.csv
check_rc 3 "a withdrawal moved to another day"
check "the withdrawal as it was" test "$(q "SELECT withdrawn FROM consents WHERE id = 3")" = "$(d -1)"
printf 'client_id,consent_share\nCL-1,no\n' >no.csv
dbdump c.db >before.dump
run sw-intake update --clients --db c.db no.csv
check_rc 3 "consent_share no while the share consent is in effect"
check_err_line "sw-intake: no.csv:2: consent_share: the client's consent to share (CN-1) is not withdrawn: give consent_withdrawn (撤回同意日期) instead" "refused, saying what to give"
dbdump c.db >after.dump
check_file before.dump after.dump "the database unchanged"
printf 'client_id,consent_date,consent_share\nCL-3,%s,yes\n' "$(d -30)" >yes.csv
run sw-intake update --clients --db c.db yes.csv
check_rc 0 "update: 丙 consents to share"
run sw-intake show CL-3 --consents --db c.db -o csv
ts
check "its share consent recorded, given on its consent_date" grep -qx "CN-8,CL-3,share,$(d -30),,,,TS" "$T/out"
check "the two agree for every client" test "$(q "SELECT count(*) FROM clients c LEFT JOIN consents n ON n.id = (SELECT x.id FROM consents x WHERE x.client_id = c.id AND x.purpose = 'share' ORDER BY x.given DESC, x.id DESC LIMIT 1) WHERE (c.consent_share = 'yes') <> (n.id IS NOT NULL) OR n.expires IS DISTINCT FROM c.consent_expires OR n.withdrawn IS DISTINCT FROM c.consent_withdrawn")" = 0
# a refusal recorded at intake, consent to share given later: given on
# the day of the update (not on the day of the refusal), or on the
# consent_date the update gives
printf 'name,worker,consent_date,consent_share\n庚,李敏,%s,no\n辛,李敏,%s,no\n' "$(d -100)" "$(d -100)" >refused.csv
sw-intake add --db n.db refused.csv >/dev/null 2>&1
printf 'client_id,consent_share\nCL-1,yes\n' >later.csv
run sw-intake update --clients --db n.db later.csv
check_rc 0 "update: 庚, who refused at intake, consents to share"
check "the share consent is given on the day of the update" test \
	"$(dbq n.db "SELECT given FROM consents WHERE client_id = 1")" = "$today"
printf 'client_id,consent_share,consent_date\nCL-2,yes,%s\n' "$(d -7)" >later2.csv
run sw-intake update --clients --db n.db later2.csv
check_rc 0 "update: 辛 consents to share, the form dated a week ago"
check "given on the consent_date the update gives" test \
	"$(dbq n.db "SELECT given FROM consents WHERE client_id = 2")" = "$(d -7)"

# ---- sw-admin undo of a batch of consents -------------------------------------------------
dbdump c.db >before-undo.dump
printf 'client_id,purpose,given,expires\nCL-4,share,%s,%s\n' "$(d -1)" "$(d 300)" >renew4.csv
sw-intake consents --db c.db renew4.csv >/dev/null 2>&1
bt=$(q "SELECT 'BT-' || max(id) FROM batches")
run sw-admin undo "$bt" --db c.db -o csv
check_rc 0 "undo of sw-intake consents"
check_out "kind,id,action,fields
consent,CN-9,delete,
client,CL-4,restore,consent_expires" "its consent deleted, the client's column set back"
check "the client's consent_expires as before" test "$(q "SELECT consent_expires FROM clients WHERE id = 4")" = "$(d -3)"

# ---- sw-plan due: inside and outside the window; sw-report overdue ---------------------------
run sw-plan due --db c.db --within 30d -o csv
check_rc 0 "sw-plan due --within 30d"
check_out "$DUE
$(d -3),overdue,-3,consent,CN-2,CA-4,王强,consent to share information ends
$(d 4),due,4,consent,CN-5,CA-2,李敏,consent to publish the case story ends" \
	"丁's ended consent overdue, 乙's ending in 4 days due; none renewed, withdrawn or ending in 40 days"
run sw-plan due --db c.db --within 3d -o csv
check_out "$DUE
$(d -3),overdue,-3,consent,CN-2,CA-4,王强,consent to share information ends" "one ending in 4 days is outside a 3-day window"
run sw-plan due --db c.db --within 60d --worker 王强 -o csv
check_out "$DUE
$(d -3),overdue,-3,consent,CN-2,CA-4,王强,consent to share information ends
$(d 40),due,40,consent,CN-4,CA-3,王强,consent to research ends" "by worker; the research consent in a 60-day window"
run sw-report overdue --db c.db --by kind -o csv
check_rc 0 "sw-report overdue"
check "counts the ended consent" grep -qx 'consent,1' "$T/out"
sw-intake consents --db c.db renew4.csv >/dev/null 2>&1
run sw-plan due --db c.db --within 3d -o csv
check_rc 1 "a later share consent renews the ended one: nothing due"
check "and 丁's columns show the renewal" test "$(q "SELECT consent_expires FROM clients WHERE id = 4")" = "$(d 300)"
run sw-report overdue --db c.db --by kind -o csv
check "nothing counted" grep -qx 'consent,0' "$T/out"

# ---- a withdrawal read back: the one change a consent takes -------------------------------
sw-intake show CN-5 --db c.db -o csv >w5.csv 2>/dev/null
sed "2s/,$(d 4),,/,$(d 4),$today,/" w5.csv >w5b.csv
run sw-intake consents --db c.db -o csv w5b.csv
check_rc 0 "乙's consent to publish withdrawn by reading it back with the day"
ts
check_out "$H
CN-5,CL-2,publish,$(d -5),$(d 4),$today,$(d -5),TS" "printed withdrawn"
check "audited as an update of the consent" test \
	"$(q "SELECT detail FROM audit WHERE action = 'update' AND ids = 'CN-5'")" = "{\"before\":{\"withdrawn\":null},\"after\":{\"withdrawn\":\"$today\"}}"
run sw-plan due --db c.db --within 30d -o csv
check_rc 1 "a withdrawn consent is not due"
sed "2s/,$today,/,$(d -1),/" w5b.csv >w5c.csv
run sw-intake consents --db c.db w5c.csv
check_rc 3 "a withdrawal changed"
check_err_line "sw-intake: w5c.csv:2: withdrawn: differs from the stored CN-5 (a consent is never changed but for its withdrawal: record a later one of the same purpose)" "refused"

# ---- the referral consent check reads the share consent --------------------------------------
printf 'case_id,provider,reason,urgency\nCA-6,某机构,测试,routine\n' >ref.csv
sw-refer add --db c.db ref.csv >/dev/null 2>&1
printf 'referral_id,state,date\nRF-1,sent,%s\n' "$today" >send1.csv
run sw-refer status --db c.db send1.csv
check_rc 3 "己 has no share consent"
check_err_line "sw-refer: send1.csv:2: the client has not consented to sharing information (consent_share); to send it anyway, give consent_override (同意豁免) with the reason" "refused"
printf 'client_id,purpose,given\nCL-6,publish,%s\nCL-6,research,%s\n' "$(d -1)" "$(d -1)" >other.csv
sw-intake consents --db c.db other.csv >/dev/null 2>&1
run sw-refer status --db c.db send1.csv
check_rc 3 "consents of other purposes are no consent to share"
printf 'client_id,purpose,given\nCL-6,share,%s\n' "$(d -1)" >share6.csv
sw-intake consents --db c.db share6.csv >/dev/null 2>&1
printf 'referral_id,state,date\nRF-1,sent,%s\n' "$(d -2)" >send0.csv
run sw-refer status --db c.db send0.csv
check_rc 3 "a referral sent the day before 己's share consent was given"
check_err_line "sw-refer: send0.csv:2: the client has not consented to sharing information (consent_share); to send it anyway, give consent_override (同意豁免) with the reason" "refused: the consent in effect on the day it is sent"
run sw-refer status --db c.db send1.csv
check_rc 0 "sent once 己's share consent is recorded"
printf 'case_id,provider,reason,urgency\nCA-5,某机构,测试,routine\n' >ref2.csv
sw-refer add --db c.db ref2.csv >/dev/null 2>&1
printf 'referral_id,state,date\nRF-2,sent,%s\n' "$today" >send3.csv
run sw-refer status --db c.db send3.csv
check_rc 3 "戊's share consent withdrawn"
check_err_line "sw-refer: send3.csv:2: the client has withdrawn consent to sharing information (consent_withdrawn); to send it anyway, give consent_override (同意豁免) with the reason" "refused as before"

# ---- verify, check; copy between backends ---------------------------------------------------
run sw-admin verify --db c.db -o csv
check_rc 0 "every record verifies"
run sw-admin check --db c.db -o csv
check_rc 0 "sw-admin check"
check "the consents counted" grep -q "^consents,12," "$T/out"
sw-intake show CL-2 --consents --db c.db -o csv >c.consents 2>&1
run "$CW_BIN/sw-admin" copy "$(dburi c.db)" cp.sqlite -o csv
check_rc 0 "sw-admin copy into a SQLite file"
run "$CW_BIN/sw-intake" show CL-2 --consents --db cp.sqlite -o csv
check_file c.consents "$T/out" "the copy holds the same consents"
run "$CW_BIN/sw-admin" check --db cp.sqlite -o csv
check_rc 0 "the copy checks"
if [ "$CW_BACKEND" = pg ]; then
	back=$(pg_name back.db)
	pg_drop "$back"
	pg_psql postgres -c "CREATE DATABASE $back" >/dev/null && : >"$CW_T.pg/db/$back"
	run "$CW_BIN/sw-admin" copy cp.sqlite "$(pg_uri "$back")" -o csv
	check_rc 0 "sw-admin copy SQLite -> PostgreSQL"
	run "$CW_BIN/sw-intake" show CL-2 --consents --db "$(pg_uri "$back")" -o csv
	check_file c.consents "$T/out" "and back: the same consents"
else
	run "$CW_BIN/sw-admin" copy cp.sqlite cp2.sqlite -o csv
	check_rc 0 "sw-admin copy SQLite -> SQLite"
	run "$CW_BIN/sw-intake" show CL-2 --consents --db cp2.sqlite -o csv
	check_file c.consents "$T/out" "and again: the same consents"
fi

run "$CW_BIN/sw-admin" copy --worker 李敏 "$(dburi c.db)" ext.sqlite -o csv
check_rc 0 "a worker's extract"
check "holds the consents of the worker's clients alone" test \
	"$(sqlite3 ext.sqlite "SELECT group_concat(DISTINCT client_id) FROM (SELECT client_id FROM consents ORDER BY client_id)")" = \
	"$(dbq c.db "SELECT group_concat(DISTINCT client_id) FROM (SELECT n.client_id FROM consents n WHERE n.client_id IN (SELECT client_id FROM cases WHERE worker = '李敏') ORDER BY n.client_id) y")"

# ---- the upgrade from schema version 11 ------------------------------------------------------
dbcp c.db v11.db
as_v11 v11.db
run sw-admin upgrade --db v11.db
check_rc 0 "sw-admin upgrade from version 11"
check "a share consent for each client consenting to share, from its columns" test \
	"$(dbq v11.db "SELECT group_concat(x, ' ') FROM (SELECT 'CL-' || client_id || ':' || purpose || ':' || given || ':' || coalesce(expires || '', '') || ':' || coalesce(withdrawn || '', '') AS x FROM consents ORDER BY id) y")" = \
	"CL-1:share:$(d -100):$(d 100): CL-2:share:$(d -100):$(d 200): CL-3:share:$(d -30):: CL-4:share:$(d -100):$(d 300): CL-5:share:$(d -100):$(d 20):$(d -1) CL-6:share:$(d -1)::"
run sw-plan due --db v11.db --within 30d -o csv
check "none of them due (the referral sent only)" test "$(tail -n +2 "$T/out" | cut -d, -f4 | sort -u)" = referral
run sw-admin verify --db v11.db -o csv
check_rc 0 "the upgraded database verifies"
if [ "$CW_BACKEND" = pg ]; then
	check "the officer's view of consents made by the upgrade, every row" test \
		"$(dbq v11.db "SELECT count(*) FROM casework_officer.consents")" = "$(dbq v11.db "SELECT count(*) FROM casework.consents")"
	check "the view is the owner's, the officer's to read" test \
		"$(dbq v11.db "SELECT pg_get_userbyid(c.relowner) = (SELECT name FROM casework.access_roles WHERE kind = 'owner') AND has_table_privilege((SELECT name FROM casework.access_roles WHERE kind = 'officer'), 'casework_officer.consents', 'SELECT') FROM pg_class c WHERE c.oid = 'casework_officer.consents'::regclass")" = t
fi

# ---- erasure keeps the consents ------------------------------------------------------------
printf 'case_id,date,reason_kind,reason,force\nCA-5,%s,moved_away,迁出,转介随迁出取消\n' "$today" >close.csv
sw-plan close --db c.db close.csv >/dev/null 2>&1
run sw-intake erase CL-5 --reason "当事人要求" --db c.db
check_rc 0 "erase 戊"
check "the client's consents kept" test "$(q "SELECT count(*) FROM consents WHERE client_id = 5")" = 1
run sw-admin verify --db c.db -o csv
check_rc 0 "the erased database verifies"

# ---- show: ids -----------------------------------------------------------------------------
run sw-intake show CN-5 --db c.db -o csv
check_rc 0 "show CN-5"
ts
check_out "$H
CN-5,CL-2,publish,$(d -5),$(d 4),$today,$(d -5),TS" "one consent, as withdrawn"
run sw-intake show CN-99 --db c.db
check_rc 3 "show of a consent not there"
check_err "sw-intake: no consent CN-99" "saying so"
run sw-intake show CA-1 --consents --db c.db
check_rc 2 "--consents with a case"
done_testing
