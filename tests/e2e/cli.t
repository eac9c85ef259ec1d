#!/bin/sh
# The command-line conventions of casework.7: grammar, options, exit codes.
. "$CW_TOP/tests/e2e/lib.sh"

run sw-intake
check_rc 2 "no verb is a usage error"
check_err_line "sw-intake: no verb given" "no verb: message names the program"

run sw-intake frobnicate
check_rc 2 "unknown verb"
check_err_line "sw-intake: unknown verb 'frobnicate'" "unknown verb named"

run sw-intake list --frob
check_rc 2 "unknown option"
check_err_line "sw-intake: unknown option '--frob'" "unknown option named"

run sw-intake --help
check_rc 0 "--help"
check "--help goes to stdout" grep -q '^usage: sw-intake add' "$T/out"
check_err "" "--help writes nothing on stderr"

run sw-intake add --help
check_rc 0 "--help after a verb"

run sw-intake --version
check_rc 0 "--version"
check_out "sw-intake (casework) 0.1.0" "--version prints program and version"

run sw-intake list --keep-going --db x.db
check_rc 2 "an option the verb does not take"
check_err_line "sw-intake: option '--keep-going' does not apply to 'list'" "inapplicable option named"

run sw-intake list --since 05/03/2026 --db x.db
check_rc 2 "a day-first date in an option"
check_err_line "sw-intake: option '--since': day or month first; write the year first (YYYY-MM-DD)" "bad date option explained"

run sw-intake list --since 2026-03-05 --until 2026-03-01 --db x.db
check_rc 2 "--since after --until"

run sw-intake show --db x.db
check_rc 2 "show without an id"
run sw-intake show CA-1 CA-2 --db x.db
check_rc 2 "show with two ids"

run sw-intake add --rejects r.csv --db x.db
check_rc 2 "--rejects without --keep-going"

run sw-intake list -o xml --db x.db
check_rc 2 "unknown output format"

# A common option given twice is a usage error, never "the last wins".
printf 'name\n王五\n' >twice.csv
run sw-intake add --db one.db --db two.db twice.csv
check_rc 2 "--db given twice"
check_err "sw-intake: option '--db' given twice
Try 'sw-intake --help' for more information." "the option named"
check "neither database created" test ! -e one.db -a ! -e two.db
run sw-intake add --db=one.db --db one.db twice.csv
check_rc 2 "--db given twice, the same value both times"
run sw-intake list -o csv --output-format json --db x.db
check_rc 2 "-o and --output-format together"
check_err_line "sw-intake: option '--output-format' given twice" "named by its long name"
run sw-intake list -ocsv -o csv --db x.db
check_rc 2 "-o twice"
run sw-intake add --dry-run --dry-run twice.csv
check_rc 2 "a flag given twice"
check_err_line "sw-intake: option '--dry-run' given twice" "the flag named"
check_out "" "nothing done"
for opt in user=a input-format=json encoding=GBK keep-going rejects=r.csv worker=a status=open since=2026-01-01 until=2026-01-01; do
	run sw-intake list "--$opt" "--$opt" --db x.db
	check_rc 2 "--$opt given twice"
	check_err_line "sw-intake: option '--${opt%%=*}' given twice" "--${opt%%=*} named"
done
run sw-plan due --db x.db --db x.db
check_rc 2 "the same in every command"
check_err_line "sw-plan: option '--db' given twice" "sw-plan names it too"
run sw-report caseload --since 2026-01-01 --since 2026-02-01 --db x.db
check_rc 2 "sw-report too"
check_err_line "sw-report: option '--since' given twice" "sw-report names it"
check "x.db never created" test ! -e x.db

run sw-intake list --db "$(dbmissing missing.db)"
check_rc 4 "reading a missing database"
check_err_line "sw-intake: cannot open database '$(dbmissing missing.db)': $(dbmissing_why missing.db)" "missing database named"
check "a read-only command never creates a database" test ! -e missing.db

# Options before and after the verb, and --opt=value.
printf 'name\n王五\n' >one.csv
run sw-intake --db=a.db add one.csv -o csv
check_rc 0 "options before and after the verb"
if [ "$CW_BACKEND" = pg ]; then  # (no command creates a database there)
	check "the records were stored where --db= said" test "$(dbq a.db 'SELECT count(*) FROM clients')" = 1
else
	check "the database was created where --db= said" test -f a.db
fi

run sw-intake list -ocsv --db a.db --status open
check_rc 0 "-oFORMAT joined"
check "csv output has the header first" sed -n 1p "$T/out" | grep -q '^case_id,client_id,name,'

# -- ends options: a file named like an option is a file.
printf 'name\n赵六\n' >./--odd.csv
run sw-intake add --db a.db -- --odd.csv
check_rc 0 "-- ends the options"

# The database from the environment, and the default under HOME.
CASEWORK_DB="$T/env.db" run sw-intake add one.csv
check_rc 0 "CASEWORK_DB names the database"
if [ "$CW_BACKEND" = pg ]; then
	check "the records were stored where CASEWORK_DB said" test "$(dbq env.db 'SELECT count(*) FROM clients')" = 1
else
	check "CASEWORK_DB database created" test -f env.db
fi
HOME="$T/home" XDG_DATA_HOME= run sw-intake add one.csv
check_rc 0 "default database under HOME"
check "default location ~/.local/share/casework/casework.db" test -f home/.local/share/casework/casework.db
check "the default folder is owner-only" test "$(stat -c %a home/.local/share/casework)" = 700

# Without HOME (or with a relative one) there is no default database: it
# would land in the folder the command was run from. --help and --version
# need none.
mkdir here
NOHOME="sw-intake: cannot find the database: HOME is not set or not absolute (give --db or set CASEWORK_DB)
Try 'sw-intake --help' for more information."
run env -u HOME -u XDG_DATA_HOME -u CASEWORK_DB -C here sw-intake add ../one.csv
check_rc 2 "a batch without HOME, --db or CASEWORK_DB"
check_err "$NOHOME" "what is missing is named"
run env -u HOME -u XDG_DATA_HOME -C here sw-intake list
check_rc 2 "a query without HOME"
check_err "$NOHOME" "the same for a query"
run env -C here HOME=rel XDG_DATA_HOME=rel/data sw-intake add --dry-run ../one.csv
check_rc 2 "a relative HOME (and XDG_DATA_HOME), even for a dry run"
check_err "$NOHOME" "a relative HOME is no home"
run env -C here HOME= sw-plan due
check_rc 2 "an empty HOME, another command"
check "nothing was created in the current folder" test -z "$(ls -A here)"
run env -u HOME -C here sw-intake --help
check_rc 0 "--help without HOME"
run env -u HOME -C here sw-intake --version
check_rc 0 "--version without HOME"
check_out "sw-intake (casework) 0.1.0" "the version printed"
run env -u HOME -C here sw-intake add --db ../nohome.db ../one.csv
check_rc 0 "--db needs no HOME"
CASEWORK_DB="$T/nohome2.db" run env -u HOME -C here sw-intake add ../one.csv
check_rc 0 "nor does CASEWORK_DB"
run env -u HOME -C here XDG_DATA_HOME="$T/xdg" sw-intake add ../one.csv
check_rc 0 "nor an absolute XDG_DATA_HOME"
check "the database under XDG_DATA_HOME" test -f xdg/casework/casework.db
check "still nothing in the current folder" test -z "$(ls -A here)"

# Configuration: a bad setting is a usage error naming file and line.
printf '# settings\nbusy_timeout_ms = 5000\nfrobs = 1\n' >bad.conf
CASEWORK_CONFIG="$T/bad.conf" run sw-intake list --db a.db
check_rc 2 "unknown configuration key"
check_err_line "sw-intake: $T/bad.conf:3: frobs: unknown setting" "configuration error names file, line and key"
CASEWORK_CONFIG="$T/none.conf" run sw-intake list --db a.db
check_rc 2 "a named configuration file that is missing"
# (on PostgreSQL the configuration is the user's own, not beside the
# database: the user's configuration folder is this one, through a link)
if [ "$CW_BACKEND" = pg ]; then
	mkdir conf && ln -s "$PWD" conf/casework
	XDG_CONFIG_HOME=$PWD/conf
	export XDG_CONFIG_HOME
fi
printf 'busy_timeout_ms = 2000\n' >casework.conf
run sw-intake list --db a.db -o csv
check_rc 0 "casework.conf beside the database is read"
printf 'busy_timeout_ms = soon\n' >casework.conf
run sw-intake list --db a.db
check_rc 2 "a bad value in casework.conf beside the database"
rm casework.conf
if [ "$CW_BACKEND" = pg ]; then unset XDG_CONFIG_HOME; fi

# Output that cannot be written is an I/O error.
if [ -w /dev/full ]; then
	sw-intake list --db a.db -o csv >/dev/full 2>"$T/err"
	rc=$?
	check_rc 5 "writing to a full disk"
else
	skip "/dev/full not available"
fi

# A reader that went away (head -c0, a pager quit) exits 5, never 141 (killed
# by SIGPIPE): silently for a query, with the message for a batch, whose
# records stay stored. closed_out runs a command with its standard output
# a pipe whose reading end is already closed, SIGPIPE as a shell leaves it.
closed_out() {
	perl -e '$SIG{PIPE} = "DEFAULT"; pipe(my $r, my $w) or die; close $r;
		open(STDOUT, ">&", $w) or die; close $w; exec @ARGV or die' "$@"
}
run closed_out sw-intake list --db a.db -o csv
check_rc 5 "a query whose reader went away"
check_err "" "says nothing"
run closed_out sw-plan due --db a.db --within 9999d -o csv
check_rc 5 "sw-plan due, its reader gone"
check_err "" "silent too"
run closed_out sw-report caseload --db a.db --since 2026-01-01 --until 2026-01-31 -o csv
check_rc 5 "a report, its reader gone"
check_err "" "a report is silent too"
printf 'name\n管道甲\n管道乙\n' >pipe.csv
before=$(dbq a.db "SELECT count(*) FROM clients")
run closed_out sw-intake add --db a.db -o csv pipe.csv
check_rc 5 "a batch whose reader went away"
check_err "sw-intake: batch BT-$(dbq a.db "SELECT max(id) FROM batches"): 2 read, 2 stored, 0 skipped, 0 rejected
sw-intake: cannot write output: Broken pipe" "the batch says the output was lost"
check "its records stay stored" test "$(dbq a.db "SELECT count(*) FROM clients")" = $((before + 2))
# A dry run stops checking once its output is lost: of 5000 records, the
# first few hundred fill the output buffer; none of the rest is read.
awk 'BEGIN { print "name,notes"; for (i = 1; i <= 5000; i++) printf "干%d,%0200d\n", i, i }' >many.csv
run closed_out sw-intake add --dry-run -o csv many.csv
check_rc 5 "a dry run whose reader went away"
check_err_line "sw-intake: cannot write output: Broken pipe" "the dry run says so"
check "it stopped reading" sh -c 'n=$(sed -n "s/^sw-intake: dry run, nothing stored: \([0-9]*\) read.*/\1/p" "$1"); [ -n "$n" ] && [ "$n" -lt 5000 ]' - "$T/err"
# Reading a terminal: the command says so instead of waiting silently.
if command -v script >/dev/null 2>&1; then
	script -qec "sw-intake add --db '$T/tty.db'" /dev/null </dev/null >"$T/tty.out" 2>&1
	check "a command reading a terminal says so" grep -q "sw-intake: reading records from the terminal (end with Ctrl-D)" "$T/tty.out"
else
	skip "script(1) not available"
fi

# A file that cannot be read is an I/O error naming it.
run sw-intake add --db a.db no-such-file.csv
check_rc 5 "a missing input file"
check_err_line "sw-intake: no-such-file.csv: cannot open: No such file or directory" "missing input file named"
done_testing
