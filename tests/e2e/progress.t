#!/bin/sh
# Progress lines of a long batch (casework.7 BATCHES): on a terminal only,
# never with NO_COLOR set, never when standard error is not a terminal.
. "$CW_TOP/tests/e2e/lib.sh"

# A progress line comes at most twice a second: faketime(1) runs the
# commands' clock twenty times as fast, so that 20,000 records make a
# long batch (300,000 with a true clock took half a minute).
# ASan wants its runtime first; faketime preloads its own library.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
speed='+0 x20'
awk 'BEGIN { print "name"; for (i = 1; i <= 20000; i++) print "客户" i }' >big.csv

if ! command -v faketime >/dev/null 2>&1; then
	skip "faketime is missing: progress on a terminal"
	skip "faketime is missing: progress on a terminal, exit status"
	skip "faketime is missing: the totals line after progress"
	skip "faketime is missing: NO_COLOR"
	skip "faketime is missing: NO_COLOR, exit status"
	skip "faketime is missing: no terminal"
	skip "faketime is missing: no terminal, exit status"
	done_testing
fi

if ! command -v script >/dev/null 2>&1; then
	skip "script(1) is missing: progress on a terminal"
	skip "script(1) is missing: progress on a terminal, exit status"
	skip "script(1) is missing: the totals line after progress"
	skip "script(1) is missing: NO_COLOR"
	skip "script(1) is missing: NO_COLOR, exit status"
else
	# script(1) gives the command a terminal; -e passes its exit status on.
	script -qec "faketime -f '$speed' sw-intake add --db p.db big.csv >/dev/null" \
		/dev/null </dev/null >tty.out 2>&1
	rc=$?
	check_rc 0 "a long batch on a terminal"
	check "a terminal shows progress lines" grep -q 'records, [0-9]*/s' tty.out
	# The last progress line is blanked before the totals line.
	check "the totals line starts on a blank line" awk -v RS='\r' '
		/^sw-intake: batch BT-1: 20000 read/ { ok = prev ~ /^ *$/ }
		{ prev = $0 } END { exit !ok }' tty.out

	script -qec "NO_COLOR=1 faketime -f '$speed' sw-intake add --db q.db big.csv >/dev/null" \
		/dev/null </dev/null >nc.out 2>&1
	rc=$?
	check_rc 0 "a long batch on a terminal with NO_COLOR"
	check "NO_COLOR: no progress lines" sh -c '! grep -q "records," nc.out'
fi

run faketime -f "$speed" sw-intake add --db r.db big.csv
check_rc 0 "a long batch with standard error in a file"
check_err "sw-intake: batch BT-1: 20000 read, 20000 stored, 0 skipped, 0 rejected" \
	"no terminal: standard error is the totals line only"

done_testing
