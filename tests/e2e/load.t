#!/bin/sh
# load.t - eight clients under rights at once for ten seconds (issue 16;
# make bench runs fifty for a minute): different logins, mixed verbs.
# No record lost, no failure reaching a client, the audit chain verifies,
# every client sees its own case alone. Runs in make check's PostgreSQL
# pass (tests/pg/rights_load.sh does the work).
. "$CW_TOP/tests/e2e/lib.sh"

if [ "${CW_BACKEND:-sqlite}" != pg ]; then
	skip "PostgreSQL: runs in make check's PostgreSQL pass"
	done_testing
fi
s=$(printf '%s' "${CW_T##*.}" | tr 'A-Z' 'a-z' | tr -c 'a-z0-9' '_')
D=load_$s
N=8
cleanup() {
	pg_psql postgres -c "DROP DATABASE IF EXISTS $D" >/dev/null 2>&1
	for r in owner worker supervisor officer admin; do
		pg_psql postgres -c "DROP ROLE IF EXISTS cw_${D}_$r" >/dev/null 2>&1
	done
	i=1
	while [ "$i" -le "$N" ]; do
		pg_psql postgres -c "DROP ROLE IF EXISTS ${D}_w$i" >/dev/null 2>&1
		i=$((i + 1))
	done
}
trap 'cleanup; rm -rf "$T" "$CW_T.pg"' EXIT
cleanup
q() { pg_psql "$D" -At -c "$1"; }

sh "$CW_TOP/tests/pg/rights_load.sh" "$CW_PG_HOST" "$CW_PG_PORT" "$D" "$N" 10 \
	"$T/load" >"$T/out" 2>"$T/err"
rc=$?
check_rc 0 "eight clients, ten seconds"
read -r _ clients _ secs _ writes _ reads _ refused _ wrong <"$T/out"
check "every client ran ($clients), and wrote ($writes) and read ($reads)" \
	test "$clients" = "$N" -a "$writes" -gt "$N" -a "$reads" -gt "$N"
check "no command failed ($refused): no serialization failure, deadlock or lock timeout reached a client" test "$refused" = 0
[ "$refused" = 0 ] || for f in "$T/load"/fail.*; do diag "$f"; done
check "no client saw a case not its own ($wrong)" test "$wrong" = 0
stored=$(q "SELECT (SELECT count(*) FROM contacts) + (SELECT count(*) FROM assessments) + (SELECT count(*) FROM referrals) + (SELECT count(*) FROM referral_events WHERE to_state = 'sent')")
check "no record lost: what the clients were told is stored is ($writes, $stored)" test "$stored" = "$writes"
check "every record in its writer's name, on its writer's case" test \
	"$(q "SELECT count(*) FROM contacts ct JOIN batches b ON b.id = ct.batch_id JOIN cases k ON k.id = ct.case_id WHERE b.actor <> k.worker")" = 0
run "$CW_BIN/sw-admin" check --db "postgresql:///$D?host=$CW_PG_HOST&port=$CW_PG_PORT&user=cw_test" -o csv
check_rc 0 "the audit chain verifies afterwards"
done_testing
