#!/bin/sh
# tests/pg/wrap.sh - in the e2e suite's PostgreSQL mode, each command of
# the tests' PATH (sw-intake, sw-plan, ...: links to this script, made by
# tests/e2e/lib.sh): a database named by --db FILE, --db=FILE or
# CASEWORK_DB=FILE, a SQLite file name, becomes a database of the test
# cluster of its own (tests/pg/map.sh), then the real command runs
# ($CW_BIN) with everything else as it was.
. "$CW_TOP/tests/pg/map.sh"
prog=${0##*/}

if [ -n "${CASEWORK_DB:-}" ]; then
	CASEWORK_DB=$(pg_map "$CASEWORK_DB") || exit 99
fi
n=$# prev= ended=
while [ "$n" -gt 0 ]; do
	a=$1
	shift
	n=$((n - 1))
	if [ -z "$ended" ]; then
		case $prev,$a in
		--db,*) a=$(pg_map "$a") || exit 99 ;;
		*,--db=*) a=--db=$(pg_map "${a#--db=}") || exit 99 ;;
		*,--) ended=1 ;;
		esac
	fi
	prev=$a
	set -- "$@" "$a"
done
exec "$CW_BIN/$prog" "$@"
