#!/bin/sh
# sw-intake add's bulk path (bulk_after in casework.conf): the same batch
# run row by row and on the bulk path stores, prints, skips and refuses
# exactly the same, and leaves the indexes of the clients and cases tables
# in place.
. "$CW_TOP/tests/e2e/lib.sh"

# A resident identity number: 17 digits and their GB 11643 check character.
idn() {
	echo "$1" | awk '{ split("7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2", w, " "); s = 0;
		for (i = 1; i <= 17; i++) s += substr($1, i, 1) * w[i];
		printf "%s%s\n", $1, substr("10X98765432", s % 11 + 1, 1) }'
}
A=$(idn 11010519700101001) C=$(idn 11010519650303003) D=$(idn 31011519880808004)
F1=$(idn 44030519920202005) F2=$(idn 44030519920202013) X=$(idn 11010519750101007)

# Known before the batch: A, B (no identity number) and C, whose case is
# closed so that a new record for C links to C.
cat >known.csv <<CSV
name,id_number,birth_date,phone
王芳,$A,,13800000001
李强,,1980-05-05,13800000002
张伟,$C,,13800000003
周敏,,1960-06-06,13800000004
周敏,,1961-06-06,13800000005
CSV

cat >batch.csv <<CSV
name,id_number,birth_date,phone,notes
陈一,$D,,,new
陈一,$D,,,the same person again: skipped
陈二,$D,,,the same number under another name: refused
李强,,1980-05-05,,a known client with an open case: skipped
张伟,$C,,,a known client whose case is closed: linked
张伟,$C,,,linked again in one batch: skipped
赵敏,,1975-01-01,13900000009,new
赵敏,,,13900000009,by name and phone: skipped
赵敏,$X,1975-01-01,,by name and birth date: skipped
陈静,$F1,,,new
陈静,$F2,,,another number: another person
周敏,,1960-06-06,13800000005,two known people: refused
孙丽,,1990-09-09,,new
孙丽,,1990-09-09,,skipped
陈一,$D,,,again after the bulk path began: skipped
陈三,$D,,,another name again: refused
赵敏,,,13900000009,by name and phone again: skipped
CSV

# Strips the timestamps from the output.
ts() { sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z/TS/g' "$1"; }
# indexes DB : the clients and cases tables' indexes, as the schema table
# keeps them (PostgreSQL: pg_indexes).
indexes() {
	if [ "$CW_BACKEND" = pg ]; then
		dbq "$1" "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'casework' AND tablename IN ('clients', 'cases') ORDER BY indexname"
	else
		dbq "$1" "SELECT name, sql FROM sqlite_master WHERE tbl_name IN ('clients', 'cases') ORDER BY name"
	fi
}
# rebuilt DB : 1 when two of those indexes were made after every table of
# the schema (set aside and built again), else 0. Where the index's entry
# is in the schema table; on PostgreSQL its oid, given in order.
rebuilt() {
	if [ "$CW_BACKEND" = pg ]; then
		dbq "$1" "SELECT CASE WHEN (SELECT min(oid) FROM pg_class WHERE relnamespace = 'casework'::regnamespace AND relname IN ('clients_by_id_number', 'cases_by_client')) > (SELECT max(oid) FROM pg_class WHERE relnamespace = 'casework'::regnamespace AND relkind = 'r') THEN 1 ELSE 0 END"
	else
		dbq "$1" "SELECT (SELECT min(rowid) FROM sqlite_master WHERE name IN ('clients_by_id_number', 'cases_by_client')) > (SELECT max(rowid) FROM sqlite_master WHERE type = 'table')"
	fi
}

printf 'bulk_after = 1000000000\n' >row.conf
printf 'bulk_after = 1\n' >bulk.conf
for way in row bulk; do
	CASEWORK_CONFIG=$T/$way.conf
	export CASEWORK_CONFIG
	run sw-intake add --db $way.db -o csv known.csv
	check_rc 0 "$way: the known clients"
	dbq $way.db "UPDATE cases SET status = 'closed', closed_date = '2026-01-01' WHERE client_id = 3" ||
		not_ok "$way: closing a case"
	run sw-intake add --db $way.db --keep-going -o csv batch.csv
	check_rc 3 "$way: a batch with refused records"
	ts "$T/out" >$way.out
	cp "$T/err" $way.err
	sw-intake list --db $way.db --all -o csv >$way.cases 2>&1
	sw-intake list --clients --db $way.db -o csv >$way.clients 2>&1
	ts $way.cases >$way.cases.ts
	ts $way.clients >$way.clients.ts
	indexes $way.db >$way.schema
	rebuilt $way.db >$way.root
done
unset CASEWORK_CONFIG
check_file row.out bulk.out "the same records printed"
check_file row.err bulk.err "the same messages, skips and refusals"
check_file row.cases.ts bulk.cases.ts "the same cases stored"
check_file row.clients.ts bulk.clients.ts "the same clients stored"
check "the clients and cases tables' indexes listed" test -s row.schema
check_file row.schema bulk.schema "the clients and cases tables' indexes are back"
check_err_line "sw-intake: batch BT-2: 17 read, 6 stored, 8 skipped, 3 rejected" \
	"the totals of the bulk run"
check "the row-by-row run kept its indexes" test "$(cat row.root)" = 0
check "the bulk run rebuilt them" test "$(cat bulk.root)" = 1

# A longer batch, written 32 rows to a statement on the bulk path, with
# repeats of earlier records by each rule across those groups of rows,
# records linked to known clients, and refusals among them.
awk -v A="$A" -v C="$C" 'BEGIN {
	split("7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2", w, " ")
	print "name,id_number,birth_date,phone,notes"
	for (i = 1; i <= 400; i++) {
		base = sprintf("3101151980%02d%02d%03d", (i % 12) + 1, (i % 28) + 1, i % 1000)
		s = 0
		for (j = 1; j <= 17; j++) s += substr(base, j, 1) * w[j]
		id[i] = base substr("10X98765432", s % 11 + 1, 1)
		nm[i] = "客" i
		ph[i] = sprintf("139%08d", i)
		bd[i] = sprintf("1980-%02d-%02d", (i % 12) + 1, (i % 28) + 1)
		if (i % 7 == 0)
			printf "%s,%s,,,repeat by id_number\n", nm[i - 5], id[i - 5]
		else if (i % 11 == 0) {
			k = i > 40 ? i - 40 : 1
			printf "%s,,%s,,repeat by name+birth_date\n", nm[k], bd[k]
		}
		else if (i % 13 == 0)
			printf "%s,,,%s,repeat by name+phone\n", nm[i - 3], ph[i - 3]
		else if (i % 17 == 0)
			printf "别名%d,%s,,,another name: refused\n", i, id[i - 2]
		else if (i % 50 == 0)
			printf "张伟,%s,,,a known client\n", C
		else
			printf "%s,%s,,%s,new\n", nm[i], id[i], ph[i]
	}
}' >long.csv || not_ok "making the long batch"
for way in row bulk; do
	CASEWORK_CONFIG=$T/$way.conf
	export CASEWORK_CONFIG
	run sw-intake add --db long-$way.db -o csv known.csv
	dbq long-$way.db "UPDATE cases SET status = 'closed', closed_date = '2026-01-01' WHERE client_id = 3" ||
		not_ok "$way: closing a case"
	run sw-intake add --db long-$way.db --keep-going -o csv long.csv
	check_rc 3 "$way: the long batch"
	ts "$T/out" >long-$way.out
	cp "$T/err" long-$way.err
	sw-intake list --db long-$way.db --all -o csv >long-$way.cases 2>&1
	ts long-$way.cases >long-$way.cases.ts
done
unset CASEWORK_CONFIG
check_file long-row.out long-bulk.out "long batch: the same records printed"
check_file long-row.err long-bulk.err "long batch: the same messages"
check_file long-row.cases.ts long-bulk.cases.ts "long batch: the same cases stored"
check "long batch: most records stored" test "$(wc -l <long-bulk.out)" -gt 250
check "long batch: ids without gaps" test "$(dbq long-bulk.db "SELECT max(id) - count(*) FROM clients")" = 0
if [ "$CW_BACKEND" = pg ]; then
	check "long batch: the ids' sequence follows" test "$(dbq long-bulk.db "SELECT last_value FROM pg_sequences WHERE schemaname = 'casework' AND sequencename = 'cases_id_seq'")" = "$(dbq long-bulk.db "SELECT max(id) FROM cases")"
else
	check "long batch: AUTOINCREMENT's sequence follows" test "$(dbq long-bulk.db "SELECT seq FROM sqlite_sequence WHERE name = 'cases'")" = "$(dbq long-bulk.db "SELECT max(id) FROM cases")"
fi

# The records of both paths verify against their digests but the case
# closed above outside the tools, named by the same digest entries: the
# bulk path's commit, told the digests its writer stored (and those of
# the rows written before it began), reads none of them back.
for db in row bulk long-row long-bulk; do
	run sw-admin verify --db $db.db -o csv
	check_rc 4 "$db: a record fails verification"
	check_err "sw-admin: record verification failed in '$(dburi $db.db)': CA-3: edited outside casework since BT-1" \
		"$db: only the case closed outside the tools"
	dbq $db.db "SELECT entity || ' ' || ids FROM audit WHERE action = 'digest' ORDER BY id" >$db.digests
done
check "the digest entries listed" test -s bulk.digests
check_file row.digests bulk.digests "the same records in the digest entries"
check_file long-row.digests long-bulk.digests "long batch: the same records in the digest entries"

# Twenty known people share a name and birth date (each with their own
# identity number); a record with that name and date and no number
# matches them all: refused, naming the two with the lowest ids, on both
# paths (the bulk path gathers every client under the key, not a few).
awk -v S="$(idn 11010519700101001 | cut -c1-14)" 'BEGIN {
	split("7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2", w, " ")
	print "name,id_number"
	for (i = 1; i <= 20; i++) {
		base = S sprintf("%03d", 100 + i)
		s = 0
		for (j = 1; j <= 17; j++) s += substr(base, j, 1) * w[j]
		printf "同名,%s\n", base substr("10X98765432", s % 11 + 1, 1)
	}
}' >same.csv
{
	echo "name,birth_date"
	for i in 1 2 3 4 5 6 7 8 9 10 11 12; do echo "新人$i,1999-01-$((i + 10))"; done
	echo "同名,1970-01-01"
} >same-batch.csv
for way in row bulk; do
	CASEWORK_CONFIG=$T/$way.conf
	export CASEWORK_CONFIG
	run sw-intake add --db same-$way.db -o csv same.csv
	check_rc 0 "$way: twenty people of one name and birth date"
	run sw-intake add --db same-$way.db --keep-going -o csv same-batch.csv
	check_rc 3 "$way: a record matching all of them is refused"
	cp "$T/err" same-$way.err
done
unset CASEWORK_CONFIG
check_file same-row.err same-bulk.err "the same refusal on both paths"
check_err_line "sw-intake: same-batch.csv:14: matches two different known people: client CL-1 (by name+birth_date) and client CL-2 (by name+birth_date); give client_id to choose" \
	"naming the two lowest ids"

# The bulk path used the people index: the plan of a lookup by name and
# birth date uses the rebuilt index again.
# (PostgreSQL's planner picks between the two indexes on name_key by
# cost, which ties on so small a table: there the index is valid, ready
# for the planner.)
if [ "$CW_BACKEND" = pg ]; then
	check "the rebuilt index is valid" test "$(dbq bulk.db "SELECT CASE WHEN indisvalid AND indisready AND indislive THEN 1 ELSE 0 END FROM pg_index WHERE indexrelid = 'casework.clients_by_name_birth'::regclass")" = 1
else
	plan=$(dbq bulk.db "EXPLAIN QUERY PLAN SELECT id FROM clients WHERE name_key = 'x' AND birth_date = '2000-01-01'")
	case $plan in
	*clients_by_name_birth*) ok "the rebuilt index is used" ;;
	*) not_ok "the rebuilt index is used"; echo "# $plan" >&2 ;;
	esac
fi

# A bulk batch that rolls back leaves the database as it was, indexes
# included: five clients known, the bulk path taken after three more.
CASEWORK_CONFIG=$T/bulk.conf run sw-intake add --db back.db known.csv
before=$(dbdump back.db)
cat >bad.csv <<CSV
name,birth_date
何一,1991-01-01
何二,1992-01-01
何三,1993-01-01
何五,1995-01-01
何六,1996-01-01
何四,1993-02-30
CSV
CASEWORK_CONFIG=$T/bulk.conf run sw-intake add --db back.db bad.csv
check_rc 3 "a bulk batch with a bad record"
check_out "" "nothing printed when it rolls back"
check "the database is exactly as it was" test "$before" = "$(dbdump back.db)"

# bulk_after takes a count.
printf 'bulk_after = 0\n' >zero.conf
CASEWORK_CONFIG=$T/zero.conf run sw-intake add --db bulk.db bad.csv
check_rc 2 "bulk_after 0 is a configuration error"
check_err "sw-intake: $T/zero.conf:1: bulk_after: not a count (1 to 1000000000)" \
	"the message names the file, line and key"

done_testing
