#!/bin/sh
# The dry run is the real run without the commit (casework.7, BATCHES):
# crafted batches, each run with --dry-run and for real on copies of one
# database, give the same totals and the same exit status.
. "$CW_TOP/tests/e2e/lib.sh"

# A resident identity number: 17 digits and their GB 11643 check character.
idn() {
	echo "$1" | awk '{ split("7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2", w, " "); s = 0;
		for (i = 1; i <= 17; i++) s += substr($1, i, 1) * w[i];
		printf "%s%s\n", $1, substr("10X98765432", s % 11 + 1, 1) }'
}

# The counts of the totals line in $T/err: read, valid or stored, skipped,
# rejected (a dry run's, a commit's or a rollback's).
counts() {
	sed -En 's/^[a-z-]+: (dry run, nothing stored|batch BT-[0-9]+|batch rolled back, nothing stored): ([0-9]+) read, ([0-9]+) (valid|stored), ([0-9]+) skipped, ([0-9]+) rejected.*$/\2 \3 \5 \6/p' "$T/err"
}

# same DESC SEED PROGRAM VERB ARGS... : runs PROGRAM VERB --dry-run ARGS
# and PROGRAM VERB ARGS, each on its own copy of the database SEED ("-":
# none), and checks that the totals' counts and the exit statuses agree.
same() {
	desc=$1 seed=$2 prog=$3 verb=$4
	shift 4
	rm -f dry.db real.db
	if [ "$seed" != - ]; then cp "$seed" dry.db && cp "$seed" real.db; fi
	run "$prog" "$verb" --db "$T/dry.db" --dry-run "$@"
	drc=$rc dry=$(counts)
	cp "$T/err" dry.err
	run "$prog" "$verb" --db "$T/real.db" "$@"
	real=$(counts)
	if [ "$drc" = "$rc" ] && [ -n "$real" ] && [ "$dry" = "$real" ]; then
		ok "$desc: dry run = real run (exit $rc; $real)"
	else
		not_ok "$desc: dry run (exit $drc; $dry) = real run (exit $rc; $real)"
		diag dry.err
		diag "$T/err"
	fi
}

# seed FILE CSV [ARGS...] : a database made by a real sw-intake add.
seed() {
	f=$1 csv=$2
	shift 2
	rm -f "$f"
	sw-intake add --db "$f" "$@" "$csv" >/dev/null 2>&1 || not_ok "seeding $f"
}

P=$(idn 11010519580128001) Q=$(idn 11010519580128002)
printf 'bulk_after = 1\n' >bulk.conf

# Three rows of one name (a variant: rows "a", "b" and "c"), in every
# order, linked and skipped, row by row and on the bulk path (taken after
# one new client); refused in one order.
variant() {
	v=$1 a=$2 b=$3 c=$4
	for order in "a b c" "a c b" "b a c" "b c a" "c a b" "c b a"; do
		f="$v-$(echo $order | tr -d ' ').csv"
		echo "name,birth_date,id_number,phone" >"$f"
		for x in $order; do
			eval "echo \"\$$x\"" >>"$f"
		done
		same "$v, $order, link" - sw-intake add "$f"
		same "$v, $order, skip, --keep-going" - sw-intake add --duplicates skip --keep-going "$f"
		CASEWORK_CONFIG=$T/bulk.conf
		export CASEWORK_CONFIG
		same "$v, $order, bulk path, --keep-going" - sw-intake add --keep-going "$f"
		unset CASEWORK_CONFIG
	done
	same "$v, refuse" - sw-intake add --duplicates refuse "$v-abc.csv"
	same "$v, refuse, --keep-going" - sw-intake add --duplicates refuse --keep-going "$v-cba.csv"
	CASEWORK_CONFIG=$T/bulk.conf
	export CASEWORK_CONFIG
	same "$v, bulk path, skip" - sw-intake add --duplicates skip "$v-bac.csv"
	unset CASEWORK_CONFIG
}

# Two identity numbers and none, one birth date.
variant "two numbers and none" "刘国,1958-01-28,$P," "刘国,1958-01-28,$Q," "刘国,1958-01-28,,"
# One number twice and none.
variant "one number twice" "刘国,1958-01-28,$P," "刘国,1958-01-28,$P," "刘国,1958-01-28,,"
# One number and none twice.
variant "one number, none twice" "刘国,1958-01-28,$P," "刘国,1958-01-28,,," "刘国,1958-01-28,,"
# By name and phone (the numbers give the birth date).
variant "name and phone" "刘国,,$P,13800000001" "刘国,,$Q,13800000001" "刘国,,,13800000001"
# One number under two names.
variant "another name" "刘国,1958-01-28,$P," "刘果,1958-01-28,$P," "刘国,1958-01-28,,"
# By birth date and by phone, to two people.
variant "two rules" "刘国,1958-01-28,$P,13800000001" "刘国,1958-01-28,," "刘国,,,13800000001"
variant "two rules, two numbers" "刘国,,$P,13800000001" "刘国,,$Q,13800000002" "刘国,,,13800000002"

# Duplicates across batches: a second batch against the database the
# first created.
printf 'name,birth_date,id_number\n刘国,1958-01-28,%s\n' "$P" >p.csv
printf 'name,birth_date,id_number\n刘国,1958-01-28,%s\n' "$Q" >q.csv
printf 'name,birth_date,id_number\n刘国,1958-01-28,\n' >n.csv
seed p.db p.csv
cp p.db pq.db && sw-intake add --db pq.db q.csv >/dev/null 2>&1
seed n.db n.csv
cp p.db closed.db
sqlite3 closed.db "UPDATE cases SET status = 'closed', closed_date = '2026-01-01'" ||
	not_ok "closing a case"
for f in "two numbers and none"-*.csv "one number twice-abc.csv" \
	"one number twice-cab.csv" "one number, none twice-bca.csv"; do
	for db in p.db pq.db n.db closed.db; do
		same "$f after $db, --keep-going" $db sw-intake add --keep-going "$f"
		CASEWORK_CONFIG=$T/bulk.conf
		export CASEWORK_CONFIG
		same "$f after $db, bulk path, skip" $db sw-intake add --duplicates skip "$f"
		unset CASEWORK_CONFIG
	done
done
# The first batch and a second one in one run: two inputs.
same "two inputs" - sw-intake add --keep-going p.csv q.csv n.csv
same "two inputs, the same twice" - sw-intake add --keep-going p.csv p.csv n.csv

# The case the text reports.
printf 'name,birth_date,id_number\n刘国,1958-01-28,%s\n刘国,1958-01-28,%s\n刘国,1958-01-28,\n' "$P" "$Q" >amb.csv
run sw-intake add --dry-run amb.csv
check_rc 3 "three people, two numbers: the dry run refuses the third"
check_err_line "sw-intake: amb.csv:4: matches two different known people: the record at amb.csv:2 (by name+birth_date) and the record at amb.csv:3 (by name+birth_date); give client_id to choose" \
	"naming the two records"

done_testing
