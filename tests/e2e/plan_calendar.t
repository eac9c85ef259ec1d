#!/bin/sh
# sw-plan due across month ends, year ends and 29 February, with the
# clock set by faketime(1): "today" is whatever the calendar says.
. "$CW_TOP/tests/e2e/lib.sh"
# ASan wants its runtime first; faketime preloads its own library.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"

if ! command -v faketime >/dev/null 2>&1; then
	skip "faketime not installed"
	done_testing
fi

at() { # at DAY COMMAND...: run COMMAND with today = DAY (noon, local)
	day=$1
	shift
	faketime "$day 12:00:00" "$@"
}

printf 'name,worker,intake_date\n甲,李敏,2020-01-01\n' >cases.csv
sw-intake add --db c.db cases.csv >/dev/null 2>&1
# Tasks due on the days around the edges of the windows below.
q() { dbq c.db "$1"; }
q "INSERT INTO plans (case_id, revision, review_cycle, next_review, created_at) VALUES (1, 1, '30d', NULL, '2020-01-01T00:00:00Z');
INSERT INTO goals (plan_id, case_id, term, description, indicator, target, deadline, status, created_at, batch_id)
 VALUES (1, 1, 'short', 'g', 'x', '1', '2099-01-01', 'in_progress', '2020-01-01T00:00:00Z', 1);
INSERT INTO tasks (goal_id, case_id, description, due_date, status, created_at, batch_id) VALUES
 (1, 1, 'feb28', '2028-02-28', 'open', '2020-01-01T00:00:00Z', 1), (1, 1, 'feb29', '2028-02-29', 'open', '2020-01-01T00:00:00Z', 1),
 (1, 1, 'mar01', '2028-03-01', 'open', '2020-01-01T00:00:00Z', 1), (1, 1, 'mar07', '2028-03-07', 'open', '2020-01-01T00:00:00Z', 1),
 (1, 1, 'mar08', '2028-03-08', 'open', '2020-01-01T00:00:00Z', 1),
 (1, 1, 'dec31', '2026-12-31', 'open', '2020-01-01T00:00:00Z', 1), (1, 1, 'jan01', '2027-01-01', 'open', '2020-01-01T00:00:00Z', 1),
 (1, 1, 'jan07', '2027-01-07', 'open', '2020-01-01T00:00:00Z', 1), (1, 1, 'jan08', '2027-01-08', 'open', '2020-01-01T00:00:00Z', 1),
 (1, 1, 'feb28b', '2027-02-28', 'open', '2020-01-01T00:00:00Z', 1), (1, 1, 'mar01b', '2027-03-01', 'open', '2020-01-01T00:00:00Z', 1),
 (1, 1, 'mar31', '2027-03-31', 'open', '2020-01-01T00:00:00Z', 1), (1, 1, 'apr30', '2027-04-30', 'open', '2020-01-01T00:00:00Z', 1),
 (1, 1, 'may01', '2027-05-01', 'open', '2020-01-01T00:00:00Z', 1);"

# what DAY WINDOW: the tasks due in the window, as "what" words.
what() {
	at "$1" sw-plan due --db c.db --within "$2" -o csv >"$T/out" 2>"$T/err"
	rc=$?
	sed -n '2,$p' "$T/out" | awk -F, '$4 == "task" { print $8 }' | tr '\n' ' '
}

# 28 February 2028 (a leap year): 29 February exists; 7 days run to 6
# March. Everything due in 2026 and 2027 is overdue by then, listed first.
old="dec31 jan01 jan07 jan08 feb28b mar01b mar31 apr30 may01 "
check "2028-02-28, today only: feb28" test "$(what 2028-02-28 0d)" = "${old}feb28 "
check "2028-02-28 +1d reaches 29 February" test "$(what 2028-02-28 1d)" = "${old}feb28 feb29 "
check "2028-02-28 +7d: through 6 March, inclusive (mar07 not yet)" test "$(what 2028-02-28 7d)" = "${old}feb28 feb29 mar01 "
check "2028-02-29 +1w: through 7 March, inclusive" test "$(what 2028-02-29 1w)" = "${old}feb28 feb29 mar01 mar07 "
check "on 2028-03-01, the earlier days are overdue and still listed" test "$(what 2028-03-01 0d)" = "${old}feb28 feb29 mar01 "
# The year end: 31 December 2026 + 7 days = 7 January 2027.
check "2026-12-31 +7d crosses the year end, inclusive" test "$(what 2026-12-31 7d)" = "dec31 jan01 jan07 "
check "2026-12-31 +1d: 1 January" test "$(what 2026-12-31 1d)" = "dec31 jan01 "
# Month ends: 31 January 2027 + 1m clamps to 28 February 2027.
check "2027-01-31 +1m clamps to 28 February (mar01b out)" test "$(what 2027-01-31 1m)" = "dec31 jan01 jan07 jan08 feb28b "
check "2027-03-31 +1m clamps to 30 April (may01 out)" test "$(what 2027-03-31 1m)" = "dec31 jan01 jan07 jan08 feb28b mar01b mar31 apr30 "
# 29 February 2028 + 1y = 28 February 2029: everything before is in.
at 2028-02-29 sw-plan due --db c.db --within 1y -o csv >"$T/out" 2>"$T/err"
rc=$?
check_rc 0 "2028-02-29 +1y"
check "the overdue items carry negative days" test "$(awk -F, '$8 == "dec31" { print $2 "," $3 }' "$T/out")" = "overdue,-425"
done_testing
