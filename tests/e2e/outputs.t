#!/bin/sh
# outputs.t - no output path can destroy an input (casework.7 OUTPUT
# FILES): the database, its companions, the configuration, the pseudonym
# key and the inputs are refused as --rejects or --ics before anything is
# read; the rejects file is written whole when the batch commits or a dry
# run ends, and left as it was otherwise; a database is owner-only
# whatever was there; a batch reading a pipe holds no lock while it waits.
. "$CW_TOP/tests/e2e/lib.sh"

# On PostgreSQL the configuration file is the user's own, not one beside
# the database (casework.7 BACKENDS): the user's configuration folder is
# this one, through a link, so that casework.conf here is the
# configuration on both backends.
if [ "$CW_BACKEND" = pg ]; then
	mkdir xdg && ln -s "$PWD" xdg/casework
	XDG_CONFIG_HOME=$PWD/xdg
	export XDG_CONFIG_HOME
fi

cat >in.csv <<'EOF'
name,sex,birth_date
王芳,女,1980-02-03
,男,1975-06-07
EOF
cat >good.csv <<'EOF'
name,sex
李明,男
EOF
run sw-intake add --db r.db good.csv
check_rc 0 "a database to protect"
sum() { if [ -e "$1" ]; then cksum <"$1"; else echo absent; fi; }
before_db=$(dbdump r.db)
before_sum=$(sum r.db)

# refuse OUT WHAT DESC ARGS... : sw-intake add --rejects OUT refused
# with "it is WHAT", nothing read, the database and OUT untouched.
refuse() {
	out=$1 what=$2 desc=$3
	shift 3
	[ -e "$out" ] && osum=$(sum "$out") || osum=absent
	run sw-intake add --db r.db --keep-going --rejects "$out" "$@" in.csv
	# (before dbdump: dbq removes the -wal and -shm files it closes)
	if [ -e "$out" ]; then nsum=$(sum "$out"); else nsum=absent; fi
	check_rc 2 "--rejects $desc refused"
	check_err_line "sw-intake: refusing to write $out: it is $what" \
		"--rejects $desc: the message names it"
	if [ "$(sum r.db)" = "$before_sum" ] && [ "$(dbdump r.db)" = "$before_db" ]; then
		ok "--rejects $desc: the database is untouched"
	else
		not_ok "--rejects $desc: the database is untouched"
	fi
	check "--rejects $desc: the file itself is untouched" [ "$osum" = "$nsum" ]
}

mkdir sub
# The database's file, its links and SQLite's files beside it: a
# PostgreSQL database has no file here.
if sqlite_only "the database's file, its links, its -wal, -shm and -journal" 36; then
	ln -s r.db link.db
	ln r.db hard.db
	refuse r.db "the database" "the database"
	refuse ./r.db "the database" "./the database"
	refuse "../${PWD##*/}/r.db" "the database" "../the database"
	refuse "$PWD/sub/../r.db" "the database" "a path through a folder and .."
	refuse link.db "the database" "a symbolic link to the database"
	refuse hard.db "the database" "a hard link to the database"
	refuse r.db-wal "the database's write-ahead log" "the -wal file (absent)"
	refuse r.db-shm "the database's shared memory" "the -shm file (absent)"
	refuse r.db-journal "the database's journal" "the -journal file"
fi
# While a reader holds the database, its -wal and -shm exist: compared by
# inode then, by name above.
sw-intake list --db r.db >/dev/null 2>&1
if ! sqlite_only "SQLite's -wal and -shm files, left by a reader" 12; then
	:
elif [ -e r.db-wal ] && [ -e r.db-shm ]; then
	before_sum=$(sum r.db)
	refuse r.db-wal "the database's write-ahead log" "the -wal file (present)"
	refuse r.db-shm "the database's shared memory" "the -shm file (present)"
	ln -s r.db-wal wal.link
	refuse wal.link "the database's write-ahead log" "a link to the -wal file"
else
	skip "the -wal and -shm files were not left by the reader"
fi
refuse casework.conf "the configuration file" "the configuration file beside the database (absent)"
echo 'busy_timeout_ms = 2000' >casework.conf
refuse casework.conf "the configuration file" "the configuration file (present)"
echo 'busy_timeout_ms = 2000' >other.conf
CASEWORK_CONFIG=other.conf
export CASEWORK_CONFIG
refuse other.conf "the configuration file" "the file CASEWORK_CONFIG names"
unset CASEWORK_CONFIG
head -c 32 /dev/zero | tr '\0' k >key.bin
chmod 600 key.bin
echo 'pseudonym_key_file = key.bin' >casework.conf
refuse key.bin "the pseudonym key" "the pseudonym key"
rm casework.conf

# A database that does not exist yet is compared by name, through a link.
if sqlite_only "a database file that is not there yet" 4; then
	ln -s new.db dangling
	run sw-intake add --db new.db --keep-going --rejects dangling in.csv
	check_rc 2 "a dangling link to the database that is not there yet is refused"
	check_err_line "sw-intake: refusing to write dangling: it is the database" \
		"the message names the link"
	check "and no database was created" [ ! -e new.db ]
	run sw-intake add --db new.db --dry-run --keep-going --rejects new.db in.csv
	check_rc 2 "a dry run's rejects file is checked the same way"
fi

run sw-intake add --db r.db --keep-going --rejects "" in.csv
check_rc 2 "an empty --rejects is a usage error"
check_err_line "sw-intake: option '--rejects' needs a file name" "the message names the option"

# An input, under another name.
run sw-intake add --db r.db --keep-going --rejects ./in.csv in.csv
check_rc 2 "--rejects naming an input by another name"
check_err_line "sw-intake: refusing to write ./in.csv: it is the input 'in.csv'" \
	"the message names the input"
ln -s in.csv in.link
run sw-intake add --db r.db --keep-going --rejects in.link in.csv
check_rc 2 "--rejects naming an input through a link"
check_file in.csv in.csv "the input is untouched"

# The same refusals for sw-plan due --ics.
if sqlite_only "the database's file, its links, its -wal and -shm" 8; then
	for out in r.db ./r.db link.db hard.db r.db-wal r.db-shm; do
		run sw-plan due --db r.db --ics "$out"
		check_rc 2 "due --ics $out refused"
	done
	check_err_line "sw-plan: refusing to write r.db-shm: it is the database's shared memory" \
		"the --ics message names the file"
	check "the database survived every --ics" [ "$(sum r.db)" = "$before_sum" ]
fi
run sw-plan due --db r.db
check_rc 1 "and still opens (nothing due)"

# ---- the rejects file is written whole --------------------------------------

printf 'old rejects\n' >rej.csv
chmod 644 rej.csv
cat >bad-late.csv <<'EOF'
name,sex
赵六,男
,女
"钱七,女
EOF
run sw-intake add --db r.db --keep-going --rejects rej.csv bad-late.csv
check_rc 3 "a batch stopped by a syntax error"
check_out "" "prints nothing"
printf 'old rejects\n' >want.csv
check_file want.csv rej.csv "a rolled-back batch leaves the old rejects file as it was"
set -- rej.csv.*
check "and no temporary file beside it" [ ! -e "$1" ]

run sw-intake add --db r.db --keep-going --rejects rej.csv in.csv
check_rc 3 "a batch with one rejected record commits the good one"
cat >want.csv <<'EOF'
_file,_line,_reason,name,sex,birth_date
in.csv,3,name: required,,男,1975-06-07
EOF
check_file want.csv rej.csv "the rejects file replaced, with the rejected record"
check "the rejects file is owner-only, though the old one was not" \
	[ "$(stat -c %a rej.csv)" = 600 ]

# Through a link: the link stays, the file it names gets the records.
printf 'x\n' >target.csv
ln -s target.csv rlink.csv
run sw-intake add --db r.db --keep-going --rejects rlink.csv in.csv
check_rc 3 "rejects through a symbolic link"
check "the link is still a link" [ -L rlink.csv ]
check_file want.csv target.csv "the file it names holds the rejects"

# Not a regular file: never replaced.
run sw-intake add --db r.db --keep-going --rejects /dev/null in.csv
check_rc 5 "a rejects file that is a device is refused"
check_err_line "sw-intake: cannot create rejects file '/dev/null': not a regular file" \
	"the message says why"
check "/dev/null is still a device" [ -c /dev/null ]
run sw-intake add --db r.db --keep-going --rejects sub in.csv
check_rc 5 "a rejects file that is a folder is refused"

# A dry run writes its rejects file and nothing else.
mkdir dry
cp in.csv dry/
(
	cd dry || exit 1
	ls -A >../before.ls
	sw-intake add --db d.db --dry-run --keep-going --rejects rej.csv in.csv \
		>../dry.out 2>../dry.err
	echo $? >../dry.rc
	ls -A >../after.ls
)
check "the dry run exits 3 (a record rejected)" [ "$(cat dry.rc)" = 3 ]
echo rej.csv >>before.ls
sort -o before.ls before.ls
check_file before.ls after.ls "a dry run writes only its rejects file (no database, no temporary file)"
check_file want.csv dry/rej.csv "the dry run's rejects file holds the rejected record"

# ---- a database is owner-only whatever was there ------------------------------
# (on PostgreSQL who may read is the server's to decide: no file here)

if sqlite_only "the database file's mode" 7; then
	(umask 022; : >pre.db)
	run sw-intake add --db pre.db good.csv
	check_rc 0 "a database file made with a loose umask is used"
	check "and made owner-only" [ "$(stat -c %a pre.db)" = 600 ]
	check_err_line "sw-intake: warning: 'pre.db' was open to others: made owner-only (0600)" \
		"with a warning naming the file"
	chmod 644 r.db
	run sw-intake list --db r.db
	check_rc 0 "a query verb on a database open to others"
	check "tightens it too" [ "$(stat -c %a r.db)" = 600 ]
	if [ -e r.db-wal ] && [ -e r.db-shm ]; then
		chmod 644 r.db-wal r.db-shm
		run sw-intake list --db r.db
		check "the -wal file is tightened" [ "$(stat -c %a r.db-wal)" = 600 ]
		check "the -shm file is tightened" [ "$(stat -c %a r.db-shm)" = 600 ]
	else
		skip "the -wal and -shm files were not left by the reader"
		skip "the -wal and -shm files were not left by the reader"
	fi
fi
dbforeign other.db
[ "$CW_BACKEND" = sqlite ] && chmod 644 other.db
run sw-intake add --db other.db good.csv
check_rc 4 "another program's database is refused"
if sqlite_only "the database file's mode"; then
	check "and its mode left alone" [ "$(stat -c %a other.db)" = 644 ]
fi

# ---- no lock held while a batch waits for its input ------------------------------

# The first batch reads a FIFO whose writer has sent half the input; a
# second writer with a short timeout must get through meanwhile. Opening
# the FIFO to write waits for the batch to open it to read (a guard opens
# it instead after 20 s, should the batch have died first). The batch
# itself waits up to a minute for the lock (waiting.conf): it opens the
# database while the second writer may hold it, and on a loaded machine
# 300 ms is not enough. A batch that died anyway fails the checks below
# instead of its pipe's SIGPIPE ending this script.
echo 'busy_timeout_ms = 300' >casework.conf
echo 'busy_timeout_ms = 60000' >waiting.conf
trap '' PIPE
run sw-intake add --db p.db good.csv
check_rc 0 "a database for the pipe tests"
mkfifo pipe
cat >second.csv <<'EOF'
name,sex
孙八,男
EOF
open_pipe() {
	( sleep 20; exec 5<pipe ) &
	guard=$!
	exec 4>pipe
	kill $guard 2>/dev/null
}
CASEWORK_CONFIG=waiting.conf sw-intake add --db p.db pipe >first.out 2>first.err &
first=$!
open_pipe
printf 'name,sex\n' >&4
run sw-intake add --db p.db second.csv
check_rc 0 "a second writer gets through while a batch waits on a pipe"
printf '周九,女\n' >&4
exec 4>&-
wait $first
rc=$?
check_rc 0 "the batch reading the pipe then stores its record"
printf '%s\n' 'sw-intake: batch BT-[0-9]*: 1 read, 1 stored, 0 skipped, 0 rejected' >want.err
check "its totals" grep -qx -f want.err first.err
# The same for standard input that is a pipe.
CASEWORK_CONFIG=waiting.conf sw-intake add --db p.db - <pipe >first.out 2>first.err &
first=$!
open_pipe
printf 'name,sex\n' >&4
run sw-intake add --db p.db second.csv
check_rc 0 "a second writer gets through while a batch waits on standard input"
printf '吴十,女\n' >&4
exec 4>&-
wait $first
rc=$?
check_rc 0 "the batch reading standard input then stores its record"
check "its totals" grep -qx -f want.err first.err
run dbq p.db "SELECT count(*) FROM clients WHERE name IN ('周九','吴十')"
check_out 2 "both records read from pipes are stored"
# sw-refer import reads a table more than once: a table that is a pipe is
# copied first, and the lock taken once it has ended.
mkdir hsds
mkfifo hsds/organizations.csv
CASEWORK_CONFIG=waiting.conf sw-refer import --db p.db hsds/organizations.csv >imp.out 2>imp.err &
first=$!
( sleep 20; exec 5<hsds/organizations.csv ) &
guard=$!
exec 4>hsds/organizations.csv
kill $guard 2>/dev/null
head -2 "$CW_TOP/tests/data/directory/organizations.csv" >&4
run sw-intake add --db p.db second.csv
check_rc 0 "a second writer gets through while an import waits on a table that is a pipe"
tail -n +3 "$CW_TOP/tests/data/directory/organizations.csv" >&4
exec 4>&-
wait $first
rc=$?
check_rc 0 "the import then stores the table read from the pipe"
rm casework.conf waiting.conf
trap - PIPE

# ---- the database is a file, named as a file ---------------------------------
run sw-intake add --db file:r.db good.csv
check_rc 2 "--db as an SQLite URI is refused"
check_err_line "sw-intake: the database 'file:r.db' is not a file name (give the file's path)" \
	"the message says to give the file's path"
run sw-intake add --db :memory: good.csv
check_rc 2 "--db :memory: is refused (it would vanish at exit)"
run sw-intake add --db "" good.csv
check_rc 2 "an empty --db is refused"
check_err_line "sw-intake: option '--db' needs a file name" "the message names the option"
CASEWORK_DB=:memory: run sw-intake list
check_rc 2 "CASEWORK_DB=:memory: is refused too"
check "no file named like a URI was created" [ ! -e file:r.db ] && [ ! -e :memory: ]

# No output replaces an SQLite database, whichever database the command uses
# (on PostgreSQL too: one made by sqlite3).
if [ "$CW_BACKEND" = sqlite ]; then
	run sw-intake add --db p2.db good.csv
else
	sqlite3 p2.db 'CREATE TABLE t (x); INSERT INTO t VALUES (1);'
fi
before_p2=$(sum p2.db)
run sw-intake add --db other2.db --keep-going --rejects p2.db in.csv
check_rc 2 "--rejects naming another database is refused"
check_err_line "sw-intake: refusing to write p2.db: it is a database" "the message says it is a database"
check "that database is untouched" [ "$(sum p2.db)" = "$before_p2" ]

# ---- a file that does not exist yet, spelt another way -------------------------
# The default location on first use: its folders do not exist yet.
mkdir fresh
HOME=$PWD/fresh run sw-intake add --keep-going --rejects "$PWD/fresh//.local/./share/casework/casework.db" in.csv
check_rc 2 "the default database on first use, spelt with // and ./, is refused"
check "and nothing was created" [ ! -e fresh/.local ]
mkdir realdir
ln -s realdir aliasdir
if sqlite_only "a database file that is not there yet" 2; then
	run sw-intake add --db realdir/new.db --keep-going --rejects aliasdir/new.db in.csv
	check_rc 2 "a database not there yet, named through a linked folder, is refused"
	check "and not created" [ ! -e realdir/new.db ]
fi
run sw-plan due --db r.db --ics "aliasdir/../casework.conf"
check_rc 2 "the configuration not there yet, named through .. , is refused"
mkdir bindsrc bindto
if ! sqlite_only "a database file that is not there yet"; then
	:
elif mount --bind bindsrc bindto 2>/dev/null; then
	run sw-intake add --db bindsrc/new.db --keep-going --rejects bindto/new.db in.csv
	check_rc 2 "a database not there yet, named through a bind mount, is refused"
	umount bindto
else
	skip "bind mounts are not allowed here"
fi

# ---- standard input and output redirected from or to a file -------------------------
cp in.csv keep.csv
run_in keep.csv sw-intake add --db r.db --keep-going --rejects keep.csv
check_rc 2 "--rejects naming the file standard input reads is refused"
check_err_line "sw-intake: refusing to write keep.csv: it is the standard input" "the message says so"
check_file in.csv keep.csv "the input is untouched"
echo '{"earlier":"ids"}' >log.jsonl
sw-intake add --db r.db --keep-going --rejects log.jsonl in.csv >>log.jsonl 2>"$T/err"
rc=$?
check_rc 2 "--rejects naming the file standard output appends to is refused"
printf '%s\n' '{"earlier":"ids"}' >want.jsonl
check_file want.jsonl log.jsonl "the log is untouched"

# ---- the -wal and -shm of a database named through a link ------------------------------
run sw-intake add --db c.db good.csv
ln -s c.db cl.db
sw-intake list --db cl.db >/dev/null 2>&1
if ! sqlite_only "the database file's mode, its -wal and -shm" 4; then
	:
elif [ -e c.db-wal ] && [ -e c.db-shm ]; then
	chmod 644 c.db c.db-wal c.db-shm
	run sw-intake list --db cl.db
	check_rc 0 "a database named through a link"
	check "its -wal beside the file it names is tightened" [ "$(stat -c %a c.db-wal)" = 600 ]
	check "its -shm too" [ "$(stat -c %a c.db-shm)" = 600 ]
	check "and the database" [ "$(stat -c %a c.db)" = 600 ]
else
	skip "the -wal and -shm files were not left by the reader"
fi

# ---- an interrupt leaves no temporary file -------------------------------------------
/usr/bin/awk 'BEGIN { print "name,birth_date"; for (i = 0; i < 200000; i++) printf "P%d,1980-02-%d\n", i, i % 2 ? 30 : 10 }' >many.csv
echo precious >int.csv
mkfifo slow
sw-intake add --dry-run --keep-going --rejects int.csv slow >/dev/null 2>int.err &
victim=$!
exec 5>slow
cat many.csv >&5
# the dry run has rejects written to its temporary file by now, or soon
for i in 1 2 3 4 5 6 7 8 9 10; do
	set -- int.csv.*
	[ -e "$1" ] && break
	sleep 0.2
done
check "the dry run writes its rejects to a temporary file" [ -e "$1" ]
# (SIGTERM: a shell script's background job ignores SIGINT; the handler
# is the same for both, and for SIGHUP)
kill -TERM $victim
exec 5>&-
wait $victim
set -- int.csv.*
check "an interrupt removes the temporary file" [ ! -e "$1" ]
printf 'precious\n' >want.int
check_file want.int int.csv "and leaves the rejects file as it was"

done_testing
