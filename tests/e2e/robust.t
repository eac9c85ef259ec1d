#!/bin/sh
# Under load and crashes: eight writers at once lose nothing and never
# fail with "database is locked"; an import killed at any moment
# leaves a sound database holding all of its batch or none of it.
. "$CW_TOP/tests/e2e/lib.sh"

# is_sound : the database is sound: SQLite's integrity_check; on PostgreSQL,
# whose server keeps its own pages, sw-admin check, which reads every
# table in one snapshot and verifies the audit chain.
is_sound() {
	if [ "$CW_BACKEND" = pg ]; then
		sw-admin check --db r.db >/dev/null 2>&1
	else
		[ "$(dbq r.db 'PRAGMA integrity_check')" = ok ]
	fi
}

printf 'name,worker\n甲,李敏\n乙,周强\n' >base.csv
sw-intake add --db r.db base.csv >/dev/null 2>&1
printf 'case_id,service_id,provider,reason\nCA-1,,区法律援助中心,咨询\n' >ref.csv
sw-refer add --db r.db ref.csv >/dev/null 2>&1

# Eight writers at once, twelve commands each: intakes, assessments,
# contacts, referral updates. Each counts what it stored. (Eight on two
# cores keep each other waiting for the write lock all the time: a count,
# not a clock, ends them.)
writer() { # writer N KIND
	n=$1 kind=$2 ok=0 i=0
	while [ "$i" -lt 12 ]; do
		i=$((i + 1))
		case $kind in
		intake) printf 'name\n写入%s_%s\n' "$n" "$i" >"w$n.csv"
			sw-intake add --db r.db "w$n.csv" >/dev/null 2>>"err$n" ;;
		assess) # a day of its own for each answer set: none is a duplicate
			printf 'case_id,date,q1,q2,q3,q4,q5,q6,q7,q8,q9\nCA-%s,%s,%s,0,0,0,0,0,0,0,0\n' \
				$((n - 2)) "$(date -d "2020-01-01 + $i day" +%F)" $((i % 4)) >"w$n.csv"
			sw-assess score phq9 --db r.db --reassess-in "${i}d" "w$n.csv" >/dev/null 2>>"err$n" ;;
		contact) printf 'case_id,date,kind,minutes\nCA-2,2026-11-01,phone,%s\n' "$i" >"w$n.csv"
			sw-plan contacts --db r.db "w$n.csv" >/dev/null 2>>"err$n" ;;
		refer) printf 'referral_id,state,date,consent_override\nRF-1,%s,2026-11-01,%s\n' \
			"$([ $((i % 2)) = 1 ] && echo sent || echo cancelled)" \
			"$([ $((i % 2)) = 1 ] && echo 测试 || echo)" >"w$n.csv"
			[ $((i % 2)) = 0 ] || true
			sw-refer status --db r.db "w$n.csv" >/dev/null 2>>"err$n" ;;
		esac
		[ $? -eq 0 ] && ok=$((ok + 1))
	done
	echo "$ok $i" >"count$n"
}
writer 1 intake & writer 2 intake & writer 3 assess & writer 4 assess &
writer 5 contact & writer 6 contact & writer 7 refer & writer 8 refer &
wait
locked=$(cat err1 err2 err3 err4 err5 err6 err7 err8 | grep -c -i 'locked\|busy' || true)
check "no writer failed with 'database is locked' or busy" test "$locked" -eq 0
intakes=$(( $(cut -d' ' -f1 count1) + $(cut -d' ' -f1 count2) ))
assessments=$(( $(cut -d' ' -f1 count3) + $(cut -d' ' -f1 count4) ))
contacts=$(( $(cut -d' ' -f1 count5) + $(cut -d' ' -f1 count6) ))
check "every intake that succeeded is stored ($intakes)" test "$(dbq r.db "SELECT count(*) FROM clients WHERE name LIKE '写入%'")" -eq "$intakes"
check "every assessment that succeeded is stored ($assessments)" test "$(dbq r.db 'SELECT count(*) FROM assessments')" -eq "$assessments"
check "every contact that succeeded is stored ($contacts)" test "$(dbq r.db 'SELECT count(*) FROM contacts')" -eq "$((contacts + 0))"
check "the writers got work done" test "$intakes" -gt 0 -a "$assessments" -gt 0 -a "$contacts" -gt 0
check "every intake attempt succeeded" test "$(cut -d' ' -f1 count1)" = "$(cut -d' ' -f2 count1)"
check "the database is sound" is_sound

# An import killed at twenty moments spread over its run, from before it
# takes the write lock to after its commit: all of a batch or none. Each
# attempt brings names of its own, so that each one that finishes stores
# its whole batch (the moments are fractions of an import timed first).
batch() { # batch K : 5,000 new clients in big.csv
	awk -v k="$1" 'BEGIN { print "name,worker"
		for (i = 1; i <= 5000; i++) printf "批量%s_%d,李敏\n", k, i }' >big.csv
}
batch 0
t0=$(date +%s%N)
sw-intake add --db r.db --duplicates refuse big.csv >/dev/null 2>&1
took=$(( ($(date +%s%N) - t0) / 1000000 ))
prev=$(dbq r.db "SELECT count(*) FROM clients")
sound=0 whole=0 cut=0
k=0
while [ $k -lt 20 ]; do
	k=$((k + 1))
	batch "$k"
	sw-intake add --db r.db --duplicates refuse big.csv >/dev/null 2>&1 &
	pid=$!
	# k/16 of the time the first import took: the last few come after
	# the end, when the batch is whole.
	sleep "$(awk -v k="$k" -v t="$took" 'BEGIN { printf "%.3f", k * t / 16000 }')"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	now=$(dbq r.db "SELECT count(*) FROM clients")
	is_sound && sound=$((sound + 1))
	# The batch is all or nothing: nothing, or all 5,000.
	{ [ "$now" -eq "$prev" ] || [ "$now" -eq $((prev + 5000)) ]; } && whole=$((whole + 1))
	[ "$now" -eq "$prev" ] && cut=$((cut + 1))
	prev=$now
done
echo "# the first import took $took ms; $cut of the 20 were killed before their commit"
check "20 killed imports: the database passed integrity_check every time ($sound)" test "$sound" -eq 20
check "20 killed imports: each left all of its batch or none ($whole)" test "$whole" -eq 20
run sw-intake list --db r.db --clients -o csv
check_rc 0 "the database still reads after the kills"
done_testing
