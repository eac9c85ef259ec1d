#!/bin/sh
# sw-admin verify and head: the whole audit chain verified, of either
# format and across the switch, on either backend; what an adversary does
# to the trail with the guards off (an entry edited, deleted, moved, the
# tail cut, the trail wiped, every hash computed again) found and named,
# with the head kept elsewhere where the chain alone cannot tell; a
# write refused after a chain whose last entry does not verify.
. "$CW_TOP/tests/e2e/lib.sh"

AC="$CW_TOP/tests/e2e/audit_chain.py"
# (cases without a worker: no assignment, whose entry would come with
# each batch)
printf 'name\n甲\n乙\n' >a.csv
printf 'name\n丙\n' >b.csv
printf 'name\n丁\n' >c.csv
printf 'name\n戊\n' >d.csv

# adversary DB SQL: SQL run on the trail with its guards off
adversary() {
	if [ "$CW_BACKEND" = pg ]; then
		dbq "$1" "ALTER TABLE audit DISABLE TRIGGER USER; $2; ALTER TABLE audit ENABLE TRIGGER USER" >/dev/null
	else
		sqlite3 "$1" "DROP TRIGGER IF EXISTS audit_no_update; DROP TRIGGER IF EXISTS audit_no_delete; $2"
	fi
}
# set_seq DB N: the trail's sequence set back to N, as if N were the last
# id ever given
set_seq() {
	if [ "$CW_BACKEND" = pg ]; then
		dbq "$1" "SELECT setval('casework.audit_id_seq', greatest($2, 1), $2 > 0)" >/dev/null
	else
		sqlite3 "$1" "UPDATE sqlite_sequence SET seq = $2 WHERE name = 'audit'"
	fi
}
hash_of() { dbq "$1" "SELECT hash FROM audit WHERE id = $2"; }
# fails DB DESC MESSAGE [--head H]: verify exits 4, saying MESSAGE, printing nothing
fails() {
	_db=$1 _d=$2 _m=$3
	shift 3
	run sw-admin verify --db "$_db" "$@"
	check_rc 4 "$_d: found"
	check_err "sw-admin: audit verification failed in '$(dburi "$_db")': $_m" "$_d: named"
}

# only_head DB DESC MESSAGE: the chain alone verifies, not with the head kept
only_head() {
	run sw-admin verify --db "$1" -o csv
	check_rc 0 "$2: the chain alone holds"
	fails "$1" "$2, with the head kept" "$3" --head "$head12"
}

# ---- a clean database ---------------------------------------------------------------
# (each batch: an insert entry and a digest entry for its clients, the
# same for its cases)
for f in a b c; do sw-intake add --db s.db $f.csv >/dev/null 2>&1; done
h12=$(hash_of s.db 12)
run sw-admin verify --db s.db -o csv
check_rc 0 "a clean database verifies"
check_out "entries,format_1,format_2,head,records
12,0,12,AU-12:$h12,8" "one record: the entries, of each format, the head and the records checked"
check_err "" "saying nothing else"
run sw-admin head --db s.db -o csv
check_rc 0 "sw-admin head"
check_out "head
AU-12:$h12" "the last entry's id and hash"
head12=$(tail -n 1 "$T/out")
run sw-admin verify --db s.db --head "$head12" -o jsonl
check_rc 0 "the head kept is the chain's"
check_out "{\"entries\":12,\"format_1\":0,\"format_2\":12,\"head\":\"$head12\",\"records\":8}" "the same record (-o jsonl)"
head4="AU-4:$(hash_of s.db 4)"
run sw-admin verify --db s.db --head "$head4"
check_rc 0 "an earlier head kept is an entry of the chain"
for bad in AU-4 "AU-0:$h12" "$h12" "AU-4:$(printf %s "$h12" | tr a-f A-F)"; do
	run sw-admin verify --db s.db --head "$bad"
	check_rc 2 "--head '$(printf %.12s "$bad")...' is not a head"
done
run sw-admin head --db s.db --head "$head12"
check_rc 2 "--head is verify's alone"
check "a new database is of format 2: each entry keeps its detail's digest" \
	test "$(dbq s.db "SELECT count(*) FROM audit WHERE detail_sha256 IS NOT NULL")" = 12
check "the digest is the detail's SHA-256, as sha256sum computes it" test \
	"$(dbq s.db "SELECT detail FROM audit WHERE id = 2" | tr -d '\n' | sha256sum | cut -c1-64)" = \
	"$(dbq s.db "SELECT detail_sha256 FROM audit WHERE id = 2")"
if sqlite_only "the auditor's script reads a SQLite file"; then
	python3 "$AC" s.db print >recomputed
	dbq s.db "SELECT 'AU-' || id || ':' || hash FROM audit ORDER BY id" >stored
	check_file stored recomputed "every hash is the one casework.7 says, computed independently"
fi
printf 'x\n' >none.csv
dbrm e.db
sw-admin init --db e.db >/dev/null 2>&1
run sw-admin head --db e.db
check_rc 1 "an empty trail has no head"
run sw-admin verify --db e.db -o csv
check_rc 0 "an empty trail verifies"
check_out "entries,format_1,format_2,head,records
0,0,0,,0" "with no head"

# ---- what an adversary does ----------------------------------------------------------------
dbcp s.db t.db
adversary t.db "UPDATE audit SET detail = '{\"records\":3}' WHERE id = 2"
fails t.db "a detail edited" "entry AU-2 does not match the chain"
dbcp s.db t.db
adversary t.db "UPDATE audit SET detail = '{}', detail_sha256 = '$(printf '{}' | sha256sum | cut -c1-64)' WHERE id = 2"
fails t.db "a detail and its digest edited" "entry AU-2 does not match the chain"
dbcp s.db t.db
adversary t.db "UPDATE audit SET actor = 'someone' WHERE id = 3"
fails t.db "an actor edited" "entry AU-3 does not match the chain"
dbcp s.db t.db
adversary t.db "DELETE FROM audit WHERE id = 3"
fails t.db "an entry deleted" "entry AU-3 does not match the chain"
dbcp s.db t.db
adversary t.db "UPDATE audit SET id = 100 WHERE id = 2; UPDATE audit SET id = 2 WHERE id = 3; UPDATE audit SET id = 3 WHERE id = 100"
fails t.db "two entries swapped" "entry AU-2 does not match the chain"
dbcp s.db t.db
adversary t.db "DELETE FROM audit WHERE id = 12"
fails t.db "the tail cut" "entries after AU-11 are missing"
set_seq t.db 11
only_head t.db "the tail cut and the sequence set back" "the head kept, AU-12, is not in the chain, which ends at AU-11: entries were cut from its end"
dbcp s.db t.db
adversary t.db "DELETE FROM audit"
set_seq t.db 0
# (the records, which no entry names any more, show it without the head)
run sw-admin verify --db t.db -o csv
check_rc 4 "the trail wiped, the sequence with it: its records found"
check_err_line "sw-admin: record verification failed in '$(dburi t.db)': CA-4: not written by casework" "each named"
run sw-admin verify --db t.db --head "$head12"
check_rc 4 "with the head kept"
check_err_line "sw-admin: audit verification failed in '$(dburi t.db)': the head kept, AU-12, is not in the chain, which is empty: the trail was wiped" "the chain named"
dbcp s.db t.db
adversary t.db "UPDATE audit SET detail = '{}', detail_sha256 = '$(printf '{}' | sha256sum | cut -c1-64)' WHERE id = 2"
rehash t.db
only_head t.db "every hash computed again" "entry AU-12 is not the head kept (its hash differs): the chain was written again up to it"
fails t.db "... nor with an earlier one" "entry AU-4 is not the head kept (its hash differs): the chain was written again up to it" --head "$head4"

# ---- a write refused after a last entry that does not verify ---------------------------------
dbcp s.db t.db
adversary t.db "UPDATE audit SET actor = 'someone' WHERE id = 12"
dbdump t.db >before.dump
run sw-intake add --db t.db d.csv
check_rc 4 "a write after a last entry edited is refused"
check_err_line "sw-intake: cannot write the audit trail in '$(dburi t.db)': its last entry, AU-12, does not verify: run sw-admin verify" "naming the entry and sw-admin verify"
dbdump t.db >after.dump
check_file before.dump after.dump "nothing stored"
dbcp s.db t.db
adversary t.db "UPDATE audit SET actor = 'someone' WHERE id = 3"
run sw-intake add --db t.db d.csv
check_rc 0 "the check is of the last entry alone (one row): a write goes on"
fails t.db "and verify finds the one before" "entry AU-3 does not match the chain"

# ---- format 1, and the switch to format 2 ------------------------------------------------------
# A trail of format 1: on SQLite a database of schema version 3; on
# PostgreSQL the trail alone made so.
dbcp s.db o.db
as_v5 o.db
rehash o.db 1
if [ "$CW_BACKEND" = sqlite ]; then sqlite3 o.db "ALTER TABLE closures DROP COLUMN reason_kind; PRAGMA user_version = 3"; fi
dbcp o.db o2.db
if [ "$CW_BACKEND" = pg ]; then
	# schema version 3 on the server: no digest column, version 3's
	# check function (a stand-in of the same signature), so that
	# sw-admin upgrade below runs the upgrade to version 4 itself
	dbq o2.db "DROP FUNCTION cw_audit_check(bigint);
CREATE FUNCTION cw_audit_check() RETURNS void LANGUAGE sql AS 'SELECT';
ALTER TABLE audit DROP COLUMN detail_sha256;
ALTER TABLE closures DROP COLUMN reason_kind CASCADE;
UPDATE schema_version SET version = 3" >/dev/null
	# o.db: the trail alone of format 1, the schema upgraded
	for t in $CW_DIGEST_TABLES; do
		dbq o.db "ALTER TABLE $t ADD COLUMN digest text COLLATE \"C\"" >/dev/null
	done
	# and the tables and columns of versions 9, 10, 11, 12, 13 and 14, as the owner
	# uses them
	for t in cases group_sessions contacts referrals; do
		dbq o.db "ALTER TABLE $t ADD COLUMN project text COLLATE \"C\"" >/dev/null
	done
	dbq o.db "CREATE TABLE projects (id bigint GENERATED BY DEFAULT AS IDENTITY
PRIMARY KEY, code text COLLATE \"C\" NOT NULL UNIQUE, name text NOT NULL,
funder text NOT NULL, start_date date NOT NULL, end_date date NOT NULL,
target_population bigint NOT NULL, workers text, created_at timestamptz(0)
NOT NULL, batch_id bigint NOT NULL REFERENCES batches(id));
CREATE TABLE project_targets (id bigint GENERATED BY DEFAULT AS IDENTITY
PRIMARY KEY, project text COLLATE \"C\" NOT NULL, indicator text NOT NULL,
period text, target text NOT NULL, created_at timestamptz(0) NOT NULL,
batch_id bigint NOT NULL REFERENCES batches(id));
CREATE TABLE volunteers (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY
KEY, name text COLLATE \"C\" NOT NULL UNIQUE, phone text, joined date NOT NULL,
created_at timestamptz(0) NOT NULL, batch_id bigint NOT NULL);
CREATE TABLE activities (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY
KEY, date date NOT NULL, title text NOT NULL, kind text NOT NULL, project text,
place text, minutes integer NOT NULL, workers text NOT NULL, headcount integer
NOT NULL, named_count integer NOT NULL, case_count integer NOT NULL,
created_at timestamptz(0) NOT NULL, batch_id bigint NOT NULL);
CREATE TABLE activity_participants (id bigint GENERATED BY DEFAULT AS IDENTITY
PRIMARY KEY, activity_id bigint NOT NULL, name text NOT NULL, phone text);
CREATE TABLE volunteer_hours (id bigint GENERATED BY DEFAULT AS IDENTITY
PRIMARY KEY, volunteer_id bigint NOT NULL, activity_id bigint, contact_id
bigint, date date NOT NULL, hours100 integer NOT NULL, batch_id bigint NOT NULL);
CREATE TABLE trainings (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY
KEY, date date NOT NULL, title text NOT NULL, project text, minutes integer
NOT NULL, created_at timestamptz(0) NOT NULL, batch_id bigint NOT NULL);
CREATE TABLE training_attendees (training_id bigint NOT NULL, volunteer_id
bigint NOT NULL, PRIMARY KEY (training_id, volunteer_id));
ALTER TABLE contacts ADD COLUMN activity_id bigint;
CREATE TABLE programmes (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY
KEY, title text NOT NULL, aims text, stage text NOT NULL, project text,
created_at timestamptz(0) NOT NULL, updated_at timestamptz(0), batch_id bigint
NOT NULL);
CREATE TABLE programme_members (programme_id bigint NOT NULL, case_id bigint
NOT NULL, batch_id bigint NOT NULL, PRIMARY KEY (programme_id, case_id));
ALTER TABLE group_sessions ADD COLUMN programme_id bigint;
ALTER TABLE clients ADD COLUMN emergency_name text COLLATE \"C\";
ALTER TABLE clients ADD COLUMN emergency_relationship text COLLATE \"C\";
ALTER TABLE clients ADD COLUMN emergency_phone text COLLATE \"C\";
CREATE TABLE consents (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
client_id bigint NOT NULL, purpose text NOT NULL, given date NOT NULL, expires
date, withdrawn date, agreement_date date, created_at timestamptz(0) NOT NULL,
batch_id bigint NOT NULL);
CREATE TABLE assignments (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY
KEY, case_id bigint NOT NULL, worker text NOT NULL, from_date date NOT NULL,
to_date date, reason text, created_at timestamptz(0) NOT NULL, batch_id bigint
NOT NULL);
CREATE TABLE relations (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY
KEY, client_id bigint NOT NULL, related_id bigint NOT NULL, relationship text
NOT NULL, legal_guardian text NOT NULL, created_at timestamptz(0) NOT NULL,
batch_id bigint NOT NULL);
ALTER TABLE clients ADD COLUMN household_id text COLLATE \"C\";
UPDATE schema_version SET version = 14" >/dev/null
fi
run sw-admin verify --db o.db -o csv
check_rc 0 "a chain of format 1 verifies"
check_out "entries,format_1,format_2,head,records
6,6,0,AU-6:$(hash_of o.db 6),8" "six entries of format 1"
if sqlite_only "a SQLite file upgraded in place" 2; then
	check "the file is upgraded in place" test "$(sqlite3 o.db 'PRAGMA user_version')" = 14
	check "and its trail left as it was" test "$(sqlite3 o.db 'SELECT count(*) FROM audit WHERE detail_sha256 IS NULL')" = 6
fi
run sw-intake add --db o.db d.csv
check_rc 0 "the first write after it"
check "switches the chain: the switch first" test \
	"$(dbq o.db "SELECT id || ' ' || action || ' ' || entity || ' ' || ids || ' ' || detail FROM audit WHERE id = 7 AND detail_sha256 IS NOT NULL")" = \
	'7 chain-format audit AU-1..AU-6 {"format":2}'
check "then the write's entries, of format 2" test \
	"$(dbq o.db "SELECT group_concat(x, ',') FROM (SELECT id || ' ' || action || ' ' || ids AS x FROM audit WHERE id > 7 AND detail_sha256 IS NOT NULL ORDER BY id) y")" = \
	'8 insert CL-5,9 insert CA-5,10 digest CL-5,11 digest CA-5'
run sw-admin verify --db o.db -o csv
check_rc 0 "the chain verifies across the switch"
check_out "entries,format_1,format_2,head,records
11,6,5,AU-11:$(hash_of o.db 11),10" "six entries of format 1, five of format 2"
if sqlite_only "the auditor's script reads a SQLite file"; then
	python3 "$AC" o.db print >recomputed
	dbq o.db "SELECT 'AU-' || id || ':' || hash FROM audit ORDER BY id" >stored
	check_file stored recomputed "both formats computed independently"
fi

run sw-admin upgrade --db o2.db --user 管理员
check_rc 0 "sw-admin upgrade"
if [ "$CW_BACKEND" = pg ]; then v=$(dbq o2.db "SELECT version FROM schema_version"); else v=$(sqlite3 o2.db "PRAGMA user_version"); fi
check "from schema version 3 to 14" test "$v" = 14
check_err_line "sw-admin: '$(dburi o2.db)': the audit chain switched to format 2 at AU-7 (batch BT-4)" "switches the chain in a batch of its own"
check "the switch, in the upgrader's name" test "$(dbq o2.db "SELECT a.actor || ' ' || a.action || ' ' || b.verb FROM audit a JOIN batches b ON b.id = a.batch_id WHERE a.id = 7")" = "管理员 chain-format upgrade"
run sw-admin upgrade --db o2.db
check_rc 0 "upgrade again"
check "switches nothing more" test "$(dbq o2.db "SELECT count(*) FROM audit")" = 7
run sw-admin verify --db o2.db -o csv
check_out "entries,format_1,format_2,head,records
7,6,1,AU-7:$(hash_of o2.db 7),8" "verified across the switch"
dbcp o2.db t.db
adversary t.db "UPDATE audit SET detail = '{\"format\":3}', detail_sha256 = '$(printf '{"format":3}' | sha256sum | cut -c1-64)' WHERE id = 7"
rehash t.db
fails t.db "a switch that is not the switch, every hash computed again" "entry AU-7 does not match the chain"
dbcp o.db t.db
adversary t.db "UPDATE audit SET detail_sha256 = NULL WHERE id = 8"
rehash t.db
fails t.db "an entry of format 1 after the switch, every hash computed again" "entry AU-8 does not match the chain"
dbcp o.db t.db
adversary t.db "UPDATE audit SET detail_sha256 = '$(printf '{"format":2}' | sha256sum | cut -c1-64)' WHERE id = 3"
rehash t.db
fails t.db "an entry of format 2 before the switch, every hash computed again" "entry AU-3 does not match the chain"
done_testing
