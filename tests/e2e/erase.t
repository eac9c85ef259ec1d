#!/bin/sh
# erase.t - erasure on a lawful request (sw-intake erase) and at the end
# of retention (sw-admin purge): what is refused; a dry run changes
# nothing; afterwards the chain and every record verify, no erased value
# is left in the database (its dump; on SQLite its raw file and log too),
# the other clients' records and every statistical report are as before,
# the kept fields are kept, and neither a second erasure nor an undo goes
# through; a redacted detail edited, or the redact entry, is caught.
# Both backends.
. "$CW_TOP/tests/e2e/lib.sh"

D=e.db
demo_here "$D"
# a tool's change from TEXT (printf's escapes), which must go through
through() {
	printf '%b' "$3" >in.csv
	_p=$1 _v=$2
	shift 3
	"$_p" "$_v" "$@" --db "$D" in.csv >/dev/null 2>"$T/err" || { not_ok "seeding: $_p $_v"; diag "$T/err"; }
}
# CL-1 (陈秀英, CA-1) gets a value of every kind erased, and its phone and
# address changed twice, so that the trail holds the old ones
through sw-intake update 'client_id,phone,address,household,language\nCL-1,13900005678,旧址甲路1号,与女儿同住,上海话\n' --clients
through sw-intake update 'client_id,phone,address\nCL-1,13600009876,新址乙路2号\n' --clients
through sw-intake update 'case_id,external_ref,notes\nCA-1,档案X-778,邻居孙阿姨常来照看\n'
through sw-plan tasks "$(cat "$CW_TOP/tests/data/demo-tasks.csv")\n"
through sw-plan goals 'goal_id,description\nGL-2,与远在深圳的儿子每周视频通话\n'
through sw-plan progress 'goal_id,date,value,status,note\nGL-1,2026-11-20,2,in_progress,扶手已装好两处\n'
through sw-plan review 'case_id,date,note\nCA-1,2026-11-25,跌倒风险下降\n'
through sw-refer add 'case_id,provider,reason,urgency,note\nCA-1,某康复中心,髋部术后康复训练,routine,需轮椅接送\nCA-2,某机构,一般转介,urgent,\n'
through sw-refer status 'referral_id,state,date\nRF-1,sent,2026-11-27\n'
through sw-refer feedback 'referral_id,date,outcome,note\nRF-1,2026-11-28,已接收康复训练安排,周三上午训练\n'
# the values erased, each found in the database now
VALUES="陈秀英 310115194803120024 13600009876 13900005678 旧址甲路1号 新址乙路2号
与女儿同住 上海话 独居，近期跌倒后行动不便 档案X-778 邻居孙阿姨常来照看 评估居家环境
居家安全：消除跌倒隐患 与远在深圳的儿子每周视频通话 联系街道安排扶手安装 扶手已装好两处
跌倒风险下降 髋部术后康复训练 需轮椅接送 周三上午训练 家中浴室改造后结案 子女接回外地
完成家居改造项目数 已接收康复训练安排"

# the records other than the client's, and the fields kept of the
# client's, as they are before
others() {
	dbq "$D" "SELECT * FROM clients WHERE id <> 1 ORDER BY id;
SELECT * FROM cases WHERE client_id <> 1 ORDER BY id;
SELECT * FROM contacts WHERE case_id <> 1 ORDER BY id;
SELECT * FROM goals WHERE case_id <> 1 ORDER BY id;
SELECT * FROM referrals WHERE case_id <> 1 ORDER BY id;
SELECT * FROM assessments ORDER BY id"
}
kept() {
	dbq "$D" "SELECT id, sex, substr(CAST(birth_date AS text), 1, 4), id_type,
  consent_date, consent_by, consent_share, created_at FROM clients WHERE id = 1;
SELECT id, status, intake_date, closed_date, category, worker FROM cases WHERE id = 1;
SELECT id, date, kind, minutes, worker FROM contacts WHERE case_id = 1 ORDER BY id;
SELECT id, term, need, deadline, status FROM goals WHERE case_id = 1 ORDER BY id;
SELECT id, closed_date, reason_kind, forced_reason IS NOT NULL FROM closures WHERE case_id = 1;
SELECT id, state, urgency, provider, sent_date FROM referrals WHERE case_id = 1"
}
reports() {
	for r in caseload services outcomes goals referrals satisfaction; do
		for by in "" "--by worker" "--by category" "--by sex"; do
			sw-report $r --since 2026-01-01 --until 2026-12-31 $by --db "$D" -o csv 2>&1
		done
	done
	sw-report caseload --since 2026-01-01 --until 2026-12-31 --by closure_kind --db "$D" -o csv 2>&1
	sw-report services --since 2026-01-01 --until 2026-12-31 --by month --db "$D" -o csv 2>&1
}

# ---- refused ----------------------------------------------------------------------
dbdump "$D" >before.dump
run sw-intake erase CL-1 --db "$D"
check_rc 2 "no --reason"
check_err_line "sw-intake: an erasure needs its reason: --reason TEXT (kept in the audit trail)" "saying so"
run sw-intake erase CA-1 --reason x --db "$D"
check_rc 3 "a case id"
check_err "sw-intake: 'CA-1' is not a client id (CL-n)" "saying it is not a client's"
run sw-intake erase CL-99 --reason x --db "$D"
check_rc 3 "no such client"
check_err "sw-intake: no client CL-99" "naming it"
run sw-intake erase CL-1 --reason "个人信息删除申请 2026-12-01" --db "$D"
check_rc 3 "a client whose case is open"
check_err "sw-intake: CL-1 has an open case, CA-1: close it first (sw-plan close), then erase" "naming the open case"
dbdump "$D" >after.dump
check_file before.dump after.dump "nothing changed by what was refused"

through sw-plan close 'case_id,date,reason_kind,reason,outcomes,force\nCA-1,2026-11-30,goals_achieved,家中浴室改造后结案,"GL-1=achieved, GL-2=partly_achieved",子女接回外地\n'
held() { dbdump "$1" >held.dump; grep -c -F -e "$2" held.dump; }
missing=
for v in $VALUES; do
	[ "$(held "$D" "$v")" -gt 0 ] || missing="$missing $v"
done
check "each value to be erased is in the database first:$missing" test -z "$missing"
others >others.before
kept >kept.before
reports >reports.before
# refused: a reason that names the person; records edited outside the
# tools, which the erasure would hide by digesting them again
dbdump "$D" >before.dump
run sw-intake erase CL-1 --reason "陈秀英本人申请删除" --db "$D"
check_rc 2 "a reason that holds a value being erased"
check_err "sw-intake: the reason holds a value that is being erased (a name, a number, an address of the person's): give the request and its date without them, since the reason stays in the audit trail" "saying why"
dbcp "$D" t.db
dbq t.db "UPDATE contacts SET minutes = 600 WHERE id = 1" >/dev/null
run sw-intake erase CL-1 --reason "个人信息删除申请" --db t.db
check_rc 4 "records edited outside the tools"
check_err_line "sw-intake: cannot erase in '$(dburi t.db)': its audit trail or records do not verify (above): an erasure would hide it; run sw-admin verify and settle that first" "saying to verify first"
check_err_line "sw-intake: record verification failed in '$(dburi t.db)': CT-1: edited outside casework since BT-$(dbq t.db "SELECT batch_id FROM contacts WHERE id = 1")" "naming the record"
dbrm t.db
dbdump "$D" >after.dump
check_file before.dump after.dump "nothing changed by what was refused"

# ---- a dry run --------------------------------------------------------------------
dbdump "$D" >before.dump
run sw-intake erase CL-1 --reason "个人信息删除申请 2026-12-01" --dry-run --db "$D" -o csv
check_rc 0 "--dry-run"
check_out "client_id,cases,records,last_closed
CL-1,1,14,2026-11-30" "--dry-run: the client's row"
check_err "sw-intake: dry run, nothing changed: would erase 1 clients, 5 audit entries redacted" "--dry-run: what it would do"
dbdump "$D" >after.dump
check_file before.dump after.dump "--dry-run changes nothing"

# ---- the erasure --------------------------------------------------------------------
run sw-intake erase CL-1 --reason "个人信息删除申请 2026-12-01" --db "$D" -o csv
check_rc 0 "sw-intake erase"
check_out "client_id,cases,records,last_closed
CL-1,1,14,2026-11-30" "its row: the client, its cases, the records erased, its last closure"
bt=$(dbq "$D" "SELECT max(id) FROM batches")
check_err "sw-intake: erased in batch BT-$bt: 1 clients, 5 audit entries redacted" "saying what it did, in which batch"
run sw-admin verify --db "$D" -o csv
check_rc 0 "the chain and every record verify after it"
left=
for v in $VALUES; do
	[ "$(held "$D" "$v")" -eq 0 ] || left="$left $v"
done
check "no erased value is in the database's dump:$left" test -z "$left"
if sqlite_only "the raw file and its write-ahead log" 2; then
	left=
	for v in $VALUES; do
		if cat "$D" "$D-wal" 2>/dev/null | grep -q -a -F -e "$v"; then left="$left $v"; fi
	done
	check "no erased value is in the file's bytes or its log:$left" test -z "$left"
	check "the write-ahead log is empty" test ! -s "$D-wal"
fi
others >others.after
check_file others.before others.after "the other clients' records are as before"
kept >kept.after
check_file kept.before kept.after "the fields kept (sex, birth year, category, dates, kinds, minutes, scores) are kept"
check "the birth date is 1 January of its year" test \
	"$(dbq "$D" "SELECT CAST(birth_date AS text) FROM clients WHERE id = 1")" = 1948-01-01
check "the name is [erased]" test "$(dbq "$D" "SELECT name FROM clients WHERE id = 1")" = "[erased]"
reports >reports.after
check_file reports.before reports.after "every statistical report gives the same figures"
check "the erase entries name each kind of record" test \
	"$(dbq "$D" "SELECT entity || ' ' || ids FROM audit WHERE action = 'erase' ORDER BY id" | tr '\n' ';')" = \
	"client CL-1;case CA-1;follow-up FU-1,FU-6;goal GL-1..GL-2;progress entry PG-1;task TK-1;contact CT-1;plan review RV-1;closure CX-1;referral RF-1;assignment HO-1;plan PL-1;"
check "the reason is in the client's erase entry" test \
	"$(dbq "$D" "SELECT detail FROM audit WHERE action = 'erase' AND entity = 'client'")" = \
	'{"records":1,"fields":["name","id_number","phone","address","household","language","birth_date","emergency_name","emergency_relationship","emergency_phone"],"reason":"个人信息删除申请 2026-12-01"}'
# detail_is DB ID JSON : entry ID's detail is JSON (on PostgreSQL as JSON:
# the server keeps its own form of a detail it redacts)
detail_is() {
	if [ "$CW_BACKEND" = pg ]; then
		test "$(dbq "$1" "SELECT detail::jsonb = '$3'::jsonb FROM audit WHERE id = $2")" = t
	else
		test "$(dbq "$1" "SELECT detail FROM audit WHERE id = $2")" = "$3"
	fi
}
check "a redacted detail keeps its shape, its values [erased]" detail_is "$D" \
	"$(dbq "$D" "SELECT min(id) FROM audit WHERE action = 'update' AND ids = 'CL-1'")" \
	'{"before":{"phone":"[erased]","address":"[erased]","household":null,"language":null},"after":{"phone":"[erased]","address":"[erased]","household":"[erased]","language":"[erased]"}}'

if [ "$CW_BACKEND" = pg ]; then
	# the server's own check, an admin's (its owner may call it too)
	check "the server's check of the chain takes the redactions" test \
		"$(dbq "$D" "SELECT entries = (SELECT count(*) FROM audit), bad IS NULL FROM cw_audit_check(NULL)")" = "t|t"
	au=$(dbq "$D" "SELECT min(id) FROM audit WHERE action = 'update' AND ids = 'CL-1'")
	dbq "$D" "SELECT cw_audit_redact($au, '{\"before\":{},\"after\":{}}')" >redact.out 2>&1
	check "a detail that is not the old one with values erased is refused" \
		grep -q "AU-$au cannot be redacted so: only values may be erased" redact.out
else
	skip "sqlite: the server's check"
	skip "sqlite: the server's redaction"
fi

# ---- refused after it ----------------------------------------------------------------
# a value written after the erasure (the tools take it) goes with a
# second erasure
through sw-intake update 'client_id,phone\nCL-1,13512349999\n' --clients
run sw-intake erase CL-1 --reason "个人信息删除申请 2026-12-01" --db "$D" -o csv
check_rc 0 "erased again"
check_err_line "sw-intake: CL-1 was erased before: erasing again what was written since" "saying so"
check "the value written since is gone" test "$(held "$D" 13512349999)" = 0
run sw-admin verify --db "$D"
check_rc 0 "and the chain and records verify"
bt=$(dbq "$D" "SELECT max(batch_id) FROM audit WHERE action = 'erase'")
run sw-admin undo "BT-$bt" --db "$D"
check_rc 3 "an erasure undone"
check_err "sw-admin: cannot undo BT-$bt (sw-intake erase): an erasure cannot be undone: the values it erased are nowhere in the database any more" "saying why"

# ---- tampering with what it redacted ----------------------------------------------
# tamper FILE SQL : SQL run on a copy of the database past the rule that
# audit entries never change
tamper() {
	dbcp "$D" "$1"
	if [ "$CW_BACKEND" = pg ]; then
		dbq "$1" "ALTER TABLE audit DISABLE TRIGGER USER; $2; ALTER TABLE audit ENABLE TRIGGER USER" >/dev/null
	else
		sqlite3 "$1" "DROP TRIGGER audit_no_update; $2"
	fi
}
au=$(dbq "$D" "SELECT min(id) FROM audit WHERE action = 'update' AND ids = 'CL-1'")
tamper t.db "UPDATE audit SET detail = replace(detail, '[erased]', '13700000000') WHERE id = $au"
run sw-admin verify --db t.db
check_rc 4 "a redacted detail edited"
check_err_line "sw-admin: audit verification failed in '$(dburi t.db)': entry AU-$au does not match the chain" "named"
if [ "$CW_BACKEND" = pg ]; then
	check "the server's check names it too" test "$(dbq t.db "SELECT bad FROM cw_audit_check(NULL)")" = "$au"
else
	skip "sqlite: the server's check"
fi
red=$(dbq "$D" "SELECT min(id) FROM audit WHERE action = 'redact'")
tamper t.db "UPDATE audit SET detail = replace(detail, 'AU-$au', 'AU-1') WHERE id = $red"
run sw-admin verify --db t.db
check_rc 4 "the redact entry edited"
# a redact entry forged after the head kept, naming a digest entry whose
# detail was changed to cover a record edited: no erasure redacts a
# digest entry, so verify takes no redaction of it
if sqlite_only "the forgery's hashes computed with the auditor's script" 2; then
	head=$(sw-admin head --db "$D" -o csv | tail -n 1)
	dg=$(dbq "$D" "SELECT min(id) FROM audit WHERE action = 'digest' AND entity = 'contact'")
	dbcp "$D" t.db
	sqlite3 t.db "DROP TRIGGER audit_no_update;
UPDATE contacts SET minutes = 600 WHERE id = 2;
UPDATE audit SET detail = '{\"records\":1,\"sha256\":\"0000\"}' WHERE id = $dg;
INSERT INTO batches (started_at, actor, program, verb) VALUES ('2026-12-07T00:00:00Z', 'x', 'sw-intake', 'erase');
INSERT INTO audit (at, actor, batch_id, action, entity, ids, detail, prev_hash, hash, detail_sha256)
  VALUES ('2026-12-07T00:00:00Z', 'x', (SELECT max(id) FROM batches), 'erase', 'contact', 'CT-2', '{}', '', '', '');
INSERT INTO audit (at, actor, batch_id, action, entity, ids, detail, prev_hash, hash, detail_sha256)
  VALUES ('2026-12-07T00:00:00Z', 'x', (SELECT max(id) FROM batches), 'redact', 'audit', 'AU-$dg', '', '', '', '');"
	python3 - t.db "$dg" <<'PY'
import hashlib, sqlite3, sys
db = sqlite3.connect(sys.argv[1]); dg = sys.argv[2]
new = db.execute("SELECT detail FROM audit WHERE id = ?", (dg,)).fetchone()[0]
d = '{"entries":{"AU-%s":"%s"}}' % (dg, hashlib.sha256(new.encode()).hexdigest())
last = db.execute("SELECT max(id) FROM audit").fetchone()[0]
db.execute("UPDATE audit SET detail = ?, detail_sha256 = ? WHERE id = ?", (d, hashlib.sha256(d.encode()).hexdigest(), last))
db.execute("UPDATE audit SET detail_sha256 = ? WHERE id = ?", (hashlib.sha256(b'{}').hexdigest(), last - 1))
db.commit()
PY
	python3 "$CW_TOP/tests/e2e/audit_chain.py" t.db rehash
	run sw-admin verify --head "$head" --db t.db
	check_rc 4 "a forged redaction of a digest entry, with --head"
	check_err_line "sw-admin: audit verification failed in 't.db': entry AU-$dg does not match the chain" "the digest entry named"
fi
dbrm t.db

# ---- a trail of format 1 ----------------------------------------------------------------
# A database whose trail was written before the chain's format 2 (its
# entries' hashes over their details): an erasure is its first write
# since, which switches the chain; the entries of format 1 it redacts
# keep their hashes, linked to their neighbours.
F=f.db
cp "$CW_TOP"/tests/data/demo-intake.csv .
sw-intake workers --add 李敏 周强 --db "$F" >/dev/null 2>&1
sw-intake add --keep-going --db "$F" demo-intake.csv >/dev/null 2>&1; [ "$(dbq "$F" "SELECT count(*) FROM cases")" = 6 ] || not_ok "seeding f.db"
printf 'client_id,phone\nCL-2,13700001111\n' >f1.csv
sw-intake update --clients --db "$F" f1.csv >/dev/null 2>&1 || not_ok "seeding a change"
printf 'case_id,date,reason_kind,reason\nCA-2,2026-11-30,goals_achieved,康复期照护已安排妥当\n' >f2.csv
sw-plan close --db "$F" f2.csv >/dev/null 2>&1 || not_ok "seeding a closure"
rehash "$F" kept
n1=$(dbq "$F" "SELECT count(*) FROM audit")
run sw-admin verify --db "$F" -o csv
check "a trail of format 1 ($n1 entries) to begin with" test "$(sed -n 2p "$T/out" | cut -d, -f2)" = "$n1"
au=$(dbq "$F" "SELECT id FROM audit WHERE action = 'update' AND ids = 'CL-2'")
run sw-intake erase CL-2 --reason "个人信息删除申请" --db "$F"
check_rc 0 "an erasure in a trail of format 1"
check "its entry of format 1 redacted" detail_is "$F" "$au" \
	'{"before":{"phone":"[erased]"},"after":{"phone":"[erased]"}}'
run sw-admin verify --db "$F" -o csv
check_rc 0 "the chain verifies across the switch and the redaction"
check "its entries of format 1 still counted so" test "$(sed -n 2p "$T/out" | cut -d, -f2)" = "$n1"
if [ "$CW_BACKEND" = pg ]; then
	check "and the server's check agrees" test "$(dbq "$F" "SELECT bad IS NULL FROM cw_audit_check(NULL)")" = t
else
	skip "sqlite: the server's check"
fi
_d=$D D=$F
tamper t.db "UPDATE audit SET detail = replace(detail, '[erased]', '13700001111') WHERE id = $au"
D=$_d
run sw-admin verify --db t.db
check_rc 4 "its redacted detail edited"
check_err_line "sw-admin: audit verification failed in '$(dburi t.db)': entry AU-$au does not match the chain" "named"
_d=$D D=$F
tamper t.db "UPDATE audit SET actor = '周强' WHERE id = $au"
D=$_d
run sw-admin verify --db t.db
check_rc 4 "its other fields edited, which its hash no longer covers"
check_err_line "sw-admin: audit verification failed in '$(dburi t.db)': entry AU-$au does not match the chain" "named: the redact entry holds their digest"
dbrm t.db

# ---- purge ------------------------------------------------------------------------------
# retention_years: on PostgreSQL kept in the database, on SQLite the file's
retention() {
	if [ "$CW_BACKEND" = pg ]; then
		sw-admin config retention_years "$1" --db "$D" >/dev/null 2>&1 || not_ok "setting retention_years"
	else
		printf 'retention_years = %s\n' "$1" >"$T/ret.conf"
	fi
}
export CASEWORK_CONFIG="$T/ret.conf"
: >"$T/ret.conf"
run sw-admin purge --db "$D"
check_rc 2 "purge without retention_years"
check_err "sw-admin: retention_years is not set (see casework(7), CONFIGURATION): nothing is ever purged" "saying so"
# a case of 2019 closed in 2020, and one closed in 2020 whose client has
# a case still open
cat >old.csv <<'CSV'
name,birth_date,id_number,phone,intake_date,worker,category,consent_date,consent_share
钱多多,1970-02-02,,13512340000,2019-03-01,李敏,family,2019-03-01,yes
CSV
sw-intake add --db "$D" old.csv >/dev/null 2>&1 || not_ok "seeding an old case"
old=$(dbq "$D" "SELECT max(id) FROM cases")
oldcl=$(dbq "$D" "SELECT max(id) FROM clients")
through sw-intake update "case_id,notes\nCA-$old,旧案备注甲\n"
through sw-plan close "case_id,date,reason_kind,reason\nCA-$old,2020-06-30,moved_away,迁往外省居住\n"
retention 5
run sw-admin purge --dry-run --db "$D" -o csv
check_rc 0 "purge --dry-run"
check_out "client_id,cases,records,last_closed
CL-$oldcl,1,4,2020-06-30" "--dry-run lists the client past retention (CL-1, erased, not again)"
check_err "sw-admin: dry run, nothing changed: would erase 1 clients, 1 audit entries redacted" "--dry-run: what it would redact"
retention 10
run sw-admin purge --db "$D" -o csv
check_rc 0 "purge with nothing past retention"
check_out "" "nothing listed"
retention 5
run sw-admin purge --db "$D" -o csv
check_rc 0 "sw-admin purge"
check_out "client_id,cases,records,last_closed
CL-$oldcl,1,4,2020-06-30" "the client purged"
check_err "sw-admin: erased in batch BT-$(dbq "$D" "SELECT max(id) FROM batches"): 1 clients, 1 audit entries redacted" "redacting what the dry run said"
check "its values are gone" test "$(held "$D" 钱多多)$(held "$D" 13512340000)$(held "$D" 迁往外省居住)$(held "$D" 旧案备注甲)" = 0000
run sw-admin verify --db "$D"
check_rc 0 "the chain and every record verify after the purge"
run sw-admin purge --db "$D"
check_rc 0 "a second purge"
check_err_line "sw-admin: nothing to purge: no client not erased yet has all its cases closed on or before $(($(date +%Y) - 5))-$(date +%m-%d) (retention_years = 5)" "finds nothing more"
unset CASEWORK_CONFIG

# ---- an activity's participants (review of issue 20) -------------------------------------------
# Participants are named, not linked to clients: those who are the client
# erased (by phone; by name at an activity one of the client's cases took
# part in) are erased and the activities named by an erase entry, their
# insert entries' participants redacted; a namesake elsewhere is kept.
P=p.db
sw-intake workers --add 李敏 --db "$P" >/dev/null 2>&1
printf 'name,sex,worker,intake_date,phone\n吴桂兰,female,李敏,2026-03-02,13711112222\n' >pc.csv
sw-intake add --db "$P" pc.csv >/dev/null 2>&1 || not_ok "seeding a client"
cat >pa.csv <<'EOF'
date,title,kind,minutes,workers,headcount,participants,cases
2026-04-01,健康讲座,lecture,60,李敏,10,"吴桂兰:137-1111-2222, 赵大:13800001111",
2026-04-02,邻里节,festival,60,李敏,,"吴桂兰, 钱二",CA-1
2026-04-03,议事会,residents_meeting,60,李敏,,吴桂兰,
EOF
sw-project activities --db "$P" pa.csv >/dev/null 2>&1 || not_ok "seeding activities"
sw-plan close --db "$P" /dev/stdin >/dev/null 2>&1 <<'EOF' || not_ok "seeding a closure"
case_id,date,reason_kind,reason
CA-1,2026-05-01,goals_achieved,目标达成
EOF
run sw-intake erase CL-1 --reason "个人信息删除申请 2026-06-01" --db "$P"
check_rc 0 "erasure with participants"
check "her two participant rows erased, the namesake with no case of hers kept, the others kept" test \
	"$(dbq "$P" "SELECT group_concat(activity_id || ' ' || name || ' ' || coalesce(phone, '-'), '; ') FROM (SELECT * FROM activity_participants ORDER BY id) x")" = \
	"1 [erased] -; 1 赵大 13800001111; 2 [erased] -; 2 钱二 -; 3 吴桂兰 -"
check "named by an erase entry of the activities" test "$(dbq "$P" "SELECT ids FROM audit WHERE action = 'erase' AND entity = 'activity'")" = "AC-1..AC-2"
check "the phone is gone from the database" test "$(held "$P" 13711112222)" = 0
run sw-admin verify --db "$P"
check_rc 0 "the chain and every record verify"
done_testing
