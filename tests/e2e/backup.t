#!/bin/sh
# backup.t - sw-admin backup and restore: a SQLite database copied while
# writers run, verified and audited; restored from such a copy, refused
# when the copy is not one; on PostgreSQL, a pointer to pg_dump.
. "$CW_TOP/tests/e2e/lib.sh"

PG_POINTER="is a SQLite file's: back up a PostgreSQL database with pg_dump -Fc, restore it with pg_restore, then verify it with sw-admin check (sw-admin(1), EXAMPLES)"
HINT="Try 'sw-admin --help' for more information."

if [ "$CW_BACKEND" = pg ]; then
	# sw-admin from PATH: the wrapper makes --db s.db a server's database
	sw-intake workers --add 李敏 --db s.db >/dev/null 2>&1
	run sw-admin backup b.db --db s.db
	check_rc 2 "backup of a server's database: its own tools"
	check_err "sw-admin: backup $PG_POINTER
$HINT" "pointing to pg_dump, pg_restore and sw-admin check"
	check_out "" "nothing on standard output"
	check "no file written" test ! -e b.db
	printf 'not a backup\n' >b.db
	run sw-admin restore b.db --db s.db --replace
	check_rc 2 "restore of a server's database: its own tools"
	check_err "sw-admin: restore $PG_POINTER
$HINT" "the same pointer"
	done_testing
fi

B=$CW_BIN
sha() { sha256sum "$1" | cut -d' ' -f1; }
# the last audit entry of a database, as "action detail"
last_entry() { sqlite3 "$1" "SELECT action || ' ' || detail FROM audit ORDER BY id DESC LIMIT 1"; }

demo_db s.db
"$B/sw-intake" list --db s.db -o csv >s.list 2>/dev/null
"$B/sw-admin" check --db s.db -o csv >s.check 2>/dev/null
entries=$(sqlite3 s.db 'SELECT count(*) FROM audit')
head=$(sqlite3 s.db 'SELECT hash FROM audit ORDER BY id DESC LIMIT 1')

# ---- backup ---------------------------------------------------------------------------
run "$B/sw-admin" backup b.db --db s.db
check_rc 0 "a backup"
check_out "" "nothing on standard output"
check_err "sw-admin: backed up 's.db' to 'b.db' (sha256 $(sha b.db)): its integrity and audit chain ($entries entries) verified" "saying what was verified, with the copy's digest"
check "owner-only" test "$(stat -c %a b.db)" = 600
check "one file, nothing beside it" test ! -e b.db-wal -a ! -e b.db-shm -a ! -e b.db-journal
check "in rollback-journal mode" test "$(od -An -tu1 -j18 -N2 b.db | tr -s ' ')" = " 1 1"
check "no temporary file left" test "$(ls b.db.* 2>/dev/null)" = ""
run "$B/sw-intake" list --db b.db -o csv
check_file s.list "$T/out" "the copy lists the same records"
run "$B/sw-admin" check --db b.db -o csv
check_rc 0 "the copy checks"
check_file s.check "$T/out" "with the source's figures as they were"
check "the source audits the hand-out by the copy's digest" test "$(last_entry s.db)" = "backup {\"sha256\":\"$(sha b.db)\",\"audit_entries\":$entries,\"audit_head\":\"$head\"}"
check "in a batch of its own" test "$(sqlite3 s.db 'SELECT verb || actor FROM batches ORDER BY id DESC LIMIT 1')" = backuptester
check "which the copy does not hold" test "$(sqlite3 b.db 'SELECT count(*) FROM audit')" = "$entries"
run "$B/sw-admin" check --db s.db
check_rc 0 "the source's chain still holds"
cp b.db b0.db

printf 'keep me\n' >taken.txt
run "$B/sw-admin" backup taken.txt --db s.db
check_rc 2 "a file that exists is refused"
check_err "sw-admin: 'taken.txt' exists: a backup is written to a new file
$HINT" "naming it"
check "and left as it was" test "$(cat taken.txt)" = "keep me"
run "$B/sw-admin" backup s.db --db s.db
check_rc 2 "the database itself"
check_err "sw-admin: refusing to write s.db: it is the database
$HINT" "saying so"
run "$B/sw-admin" backup ./s.db-wal --db s.db
check_rc 2 "its write-ahead log"
run "$B/sw-admin" backup b.db --db s.db
check_rc 2 "another database"
check "which is left as it was" cmp -s b.db b0.db
run "$B/sw-admin" backup nb.db --db missing.db
check_rc 4 "a database that is not there"
check "creates neither" test ! -e nb.db -a ! -e missing.db
run "$B/sw-admin" backup nb.db --db s.db --replace
check_rc 2 "--replace is restore's"
run "$B/sw-admin" backup --db s.db
check_rc 2 "a file is needed"
run "$B/sw-admin" backup nb.db --db "postgresql:///casework"
check_rc 2 "a server's database: pg_dump"
check_err "sw-admin: backup $PG_POINTER
$HINT" "pointing to pg_dump, before connecting"
"$B/sw-admin" copy s.db ex.db --worker 李敏 >/dev/null 2>&1
run "$B/sw-admin" backup exb.db --db ex.db
check_rc 4 "a worker's extract is not backed up"
check "and nothing is written" test ! -e exb.db

# ---- backups while writers run ------------------------------------------------------
# a database of some megabytes (the copy takes several steps), three
# writers adding batches of 40 clients until told to stop, and backups
# taken meanwhile: each is one state of the database, verified
{
	echo 'name,intake_date,address,presenting_problem'
	i=1
	while [ $i -le 12000 ]; do
		echo "大$i,2026-11-01,浦东新区崂山路 $i 弄 3 号 502 室,独居，近期跌倒后行动不便，子女在外地，需要上门评估 $i"
		i=$((i + 1))
	done
} >big.csv
"$B/sw-intake" add --db s.db big.csv >/dev/null 2>&1
writers=
for w in 1 2 3; do
	(
		i=0
		while [ ! -e stop ] && [ $i -lt 200 ]; do
			i=$((i + 1))
			{
				echo 'name,intake_date'
				j=1
				while [ $j -le 40 ]; do echo "写$w-$i-$j,2026-11-20"; j=$((j + 1)); done
			} >"w$w.csv"
			if "$B/sw-intake" add --db s.db "w$w.csv" >/dev/null 2>"w$w.err"; then
				echo "$i" >"w$w.done"
			else
				echo "writer $w batch $i: exit $?" >>writers.failed
				cat "w$w.err" >>writers.failed
			fi
		done
	) &
	writers="$writers $!"
done
# the backups begin once the writers have
k=0
while [ $k -lt 100 ] && [ ! -e w1.done ] && [ ! -e w2.done ] && [ ! -e w3.done ]; do
	sleep 0.1; k=$((k + 1))
done
k=0 bad=0
while [ $k -lt 5 ]; do
	k=$((k + 1))
	if ! "$B/sw-admin" backup "live$k.db" --db s.db >/dev/null 2>"live$k.err"; then
		bad=$((bad + 1)); diag "live$k.err"
	elif ! "$B/sw-admin" check --db "live$k.db" >/dev/null 2>&1; then
		bad=$((bad + 1)); echo "# live$k.db does not check" >&2
	elif [ "$(sqlite3 "live$k.db" 'SELECT count(*) FROM clients')" != "$(sqlite3 "live$k.db" "SELECT sum(json_extract(detail, '\$.records')) FROM audit WHERE action = 'insert' AND entity = 'client'")" ]; then
		bad=$((bad + 1)); echo "# live$k.db: its clients and their audit entries differ" >&2
	fi
done
: >stop
for p in $writers; do wait "$p"; done
check "five backups taken while writers ran, each verified, checked and whole" test "$bad" = 0
if [ -e writers.failed ]; then not_ok "no writer failed"; diag writers.failed; else ok "no writer failed"; fi
batches=$(($(cat w1.done) + $(cat w2.done) + $(cat w3.done)))
check "every writer's clients are in the database" test "$(sqlite3 s.db "SELECT count(*) FROM clients WHERE name LIKE '写%'")" = "$((batches * 40))"
check "the backups saw the writers at work" test "$(for k in 1 2 3 4 5; do sqlite3 "live$k.db" 'SELECT count(*) FROM clients'; done | sort -u | wc -l)" -gt 1
check "each backup audited in the source" test "$(sqlite3 s.db "SELECT count(*) FROM audit WHERE action = 'backup'")" = 6
run "$B/sw-admin" check --db s.db
check_rc 0 "the source's chain holds"
check "the backups are owner-only" test "$(stat -c %a live1.db live5.db | sort -u)" = 600

# ---- restore ------------------------------------------------------------------------------
run "$B/sw-admin" restore b.db --db r.db
check_rc 0 "a restore to a new database"
check_out "" "nothing on standard output"
check_err "sw-admin: restored 'r.db' from 'b.db': its integrity and audit chain ($entries entries, head $head) verified" "saying what was verified"
check "owner-only" test "$(stat -c %a r.db)" = 600
check "no temporary file left" test "$(ls -d r.db.* r.db-journal 2>/dev/null)" = ""
check "the backup is untouched" cmp -s b.db b0.db
run "$B/sw-intake" list --db r.db -o csv
check_file s.list "$T/out" "the restored database lists the backup's records"
check "audited in the restored database, naming the backup's digest and head" test "$(last_entry r.db)" = "restore {\"backup_sha256\":\"$(sha b.db)\",\"audit_entries\":$entries,\"audit_head\":\"$head\"}"
check "after the backup's chain, whose head it keeps" test "$(sqlite3 r.db "SELECT hash FROM audit WHERE id = $entries")" = "$head"
check "the same digest as the source's backup entry" test "$(sqlite3 s.db "SELECT json_extract(detail, '\$.sha256') FROM audit WHERE action = 'backup' ORDER BY id LIMIT 1")" = "$(sha b.db)"
run "$B/sw-admin" check --db r.db
check_rc 0 "its chain holds"
printf 'name,intake_date\n新来,2026-12-01\n' >one.csv
run "$B/sw-intake" add --db r.db one.csv
check_rc 0 "and it takes new records"
cp r.db r0.db
"$B/sw-intake" list --db r.db -o csv >r.list 2>/dev/null

run "$B/sw-admin" restore b.db --db r.db
check_rc 2 "a target that exists, without --replace"
check_err "sw-admin: 'r.db' exists: restore to a new name, or give --replace to replace it (it is backed up beside itself first)
$HINT" "saying how"
check "is left as it was" cmp -s r.db r0.db
run "$B/sw-admin" restore b.db --db b.db
check_rc 2 "a backup onto itself"
run "$B/sw-admin" restore nothing.db --db n.db
check_rc 5 "a backup that is not there"
check_err "sw-admin: cannot open 'nothing.db': No such file or directory" "saying so"
check "creates nothing" test ! -e n.db

run "$B/sw-admin" restore b.db --db r.db --replace
check_rc 0 "--replace"
kept=$(ls r.db.before-restore-* 2>/dev/null)
check "the database replaced is kept beside it" test -n "$kept" -a "$(stat -c %a "$kept" 2>/dev/null)" = 600
check_err "sw-admin: restored 'r.db' from 'b.db': its integrity and audit chain ($entries entries, head $head) verified; the database it replaced is kept as '$kept'" "naming it"
run "$B/sw-intake" list --db "$kept" -o csv
check_file r.list "$T/out" "holding what it held"
check "the restore's entry names it by its digest" test "$(sqlite3 r.db "SELECT json_extract(detail, '\$.replaced_sha256') FROM audit ORDER BY id DESC LIMIT 1")" = "$(sha "$kept")"
check "its own chain as it was, no entry added" test "$(sqlite3 "$kept" 'SELECT count(*) FROM audit')" = "$(sqlite3 r0.db 'SELECT count(*) FROM audit')"
run "$B/sw-intake" list --db r.db -o csv
check_file s.list "$T/out" "the database is the backup's again"
run "$B/sw-admin" check --db r.db
check_rc 0 "its chain holds"
rm -f "$kept"

# a database another program holds open is not replaced
cp r.db r0.db
(echo "BEGIN; SELECT count(*) FROM clients;"; sleep 3) | sqlite3 r.db >/dev/null &
holder=$!
sleep 0.5
run "$B/sw-admin" restore b.db --db r.db --replace
check_rc 4 "a database in use"
kept=$(ls r.db.before-restore-* 2>/dev/null)
check_err "sw-admin: 'r.db' is in use (its write-ahead log is open): not replaced; restore when no command uses it" "saying so"
check "is left as it was" test "$(sqlite3 r.db 'SELECT count(*) FROM audit')" = "$(sqlite3 r0.db 'SELECT count(*) FROM audit')"
check "its backup kept beside it" test -n "$kept"
wait "$holder"
rm -f "$kept"

# ---- backups refused: nothing is written ------------------------------------------------
cp r.db r0.db
# refused FILE DESC MESSAGE : restoring FILE over r.db is exit 4 with
# MESSAGE, r.db untouched and nothing left beside it
refused() {
	run "$B/sw-admin" restore "$1" --db r.db --replace
	check_rc 4 "$2"
	check_err "$3" "saying so"
	check "the target is untouched" cmp -s r.db r0.db
	check "nothing left beside it" test "$(ls -d r.db.* r.db-journal 2>/dev/null)" = ""
}
# a page in the middle of the file overwritten
cp b.db corrupt.db
pages=$(($(stat -c %s corrupt.db) / 4096))
dd if=/dev/zero of=corrupt.db bs=4096 seek=$((pages / 2)) count=1 conv=notrunc 2>/dev/null
refused corrupt.db "a corrupt backup" "sw-admin: 'corrupt.db' is corrupt: $(sqlite3 corrupt.db 'PRAGMA integrity_check(1)' 2>&1 | tr '\n' ' ' | sed 's/ $//')"
run "$B/sw-admin" restore corrupt.db --db c.db
check_rc 4 "to a new name too"
check "which is not created" test ! -e c.db

printf 'name,intake_date\n甲,2026-12-01\n' >notdb.db
refused notdb.db "a file that is not a database" "sw-admin: 'notdb.db' is not a casework database: file is not a database"
sqlite3 other.db 'CREATE TABLE payroll (id INTEGER); INSERT INTO payroll VALUES (1)'
refused other.db "another program's database" "sw-admin: 'other.db' is not a casework database"
refused ex.db "a worker's extract" "sw-admin: 'ex.db' is a worker's extract (sw-admin copy --worker), not a database's backup"

# an audit entry edited behind casework's back (the trigger that forbids
# it dropped first)
cp b.db tampered.db
sqlite3 tampered.db "DROP TRIGGER audit_no_update; UPDATE audit SET detail = '{}' WHERE id = 2"
refused tampered.db "a backup whose audit chain does not hold" "sw-admin: audit verification failed in 'tampered.db': entry AU-2 does not match the chain"
run "$B/sw-admin" backup t2.db --db tampered.db
check_rc 4 "nor is such a database backed up"
check "and no file is left" test "$(ls t2.db* 2>/dev/null)" = ""

# a target that cannot be backed up is not replaced
printf 'not a database\n' >junk.db
run "$B/sw-admin" restore b.db --db junk.db --replace
check_rc 4 "a target that cannot be backed up first"
check_err_line "sw-admin: 'junk.db' is not replaced: it could not be backed up first (move it aside to restore to its name)" "saying what to do"
check "is left as it was" test "$(cat junk.db)" = "not a database"
run "$B/sw-admin" restore b.db --db "postgresql:///casework"
check_rc 2 "a server's database: pg_restore"
check_err "sw-admin: restore $PG_POINTER
$HINT" "pointing to pg_restore"
done_testing
