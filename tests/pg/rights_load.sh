#!/bin/sh
# tests/pg/rights_load.sh - many clients under rights at once (issue 16):
# N logins, each a worker of the roster with cases of their own, run a
# mix of verbs against one PostgreSQL database for S seconds: contacts
# and assessments (one record a batch), referrals drafted and sent,
# sw-plan due, a report and the case list. Used by tests/e2e/load.t (8
# clients, 10 s) and make bench (50 clients, 60 s).
#
#   rights_load.sh HOST PORT DB N SECONDS OUT
#
# HOST is the cluster's socket folder, DB a new database's name (made,
# given casework's schema by the role cw_test, which may create roles),
# OUT a folder for what each client did. The commands are those of
# $CW_BIN. Prints one line:
#   clients N seconds S writes W reads R refused F wrong V
# W the records each client saw stored, R the reads, F the commands
# that failed (their stderr kept in OUT/fail.*), V the lists that showed
# a case not the client's. The logins are cw_test's roles named
# <DB>_w1 ... <DB>_wN; the caller drops them (rights_load_drop).
set -u
host=$1 port=$2 db=$3 n=$4 secs=$5 out=$6
psql=$(pg_config --bindir)/psql
B=$CW_BIN
rm -rf "$out"
mkdir -p "$out"
q() { "$psql" -X -q -At -h "$host" -p "$port" -U "${2:-cw_test}" -d "$db" -c "$1"; }
qp() { "$psql" -X -q -At -h "$host" -p "$port" -U cw_test -d postgres -c "$1"; }
uri() { echo "postgresql:///$db?host=$host&port=$port&user=$1"; }

qp "CREATE DATABASE $db" >/dev/null || exit 1
O=$(uri cw_test)
export CASEWORK_USER=loader
"$B/sw-admin" init --db "$O" >/dev/null 2>&1 || { echo "cannot init $db" >&2; exit 1; }
i=1
names=
while [ "$i" -le "$n" ]; do
	names="$names 社工$i"
	qp "CREATE ROLE ${db}_w$i LOGIN" >/dev/null 2>&1
	i=$((i + 1))
done
# shellcheck disable=SC2086
"$B/sw-intake" workers --add $names --team 一组 --db "$O" >/dev/null 2>&1
{
	echo 'name,birth_date,worker,intake_date,consent_date,consent_by,consent_share'
	i=1
	while [ "$i" -le "$n" ]; do
		echo "服务对象$i,1970-01-$(printf %02d $((i % 28 + 1))),社工$i,2026-11-01,2026-11-01,self,yes"
		i=$((i + 1))
	done
} >"$out/intake.csv"
"$B/sw-intake" add --db "$O" "$out/intake.csv" >/dev/null 2>&1 || exit 1
i=1
while [ "$i" -le "$n" ]; do
	"$B/sw-admin" grant "${db}_w$i" "社工$i" worker --db "$O" >/dev/null 2>&1 || exit 1
	i=$((i + 1))
done
unset CASEWORK_USER

# one client: its login, its case (CA-i), until the deadline
client() {
	i=$1 end=$2
	U=$(uri "${db}_w$i")
	d=$out/c$i
	mkdir -p "$d"
	w=0 r=0 f=0 v=0 k=0
	printf 'case_id,date,kind,minutes\nCA-%s,2026-11-10,phone,10\n' "$i" >"$d/ct.csv"
	printf 'case_id,date,q1,q2,q3,q4,q5,q6,q7,q8,q9\nCA-%s,2026-11-10,1,1,1,1,1,1,1,1,0\n' "$i" >"$d/phq.csv"
	printf 'case_id,provider,reason,urgency\nCA-%s,某机构,就业,routine\n' "$i" >"$d/ref.csv"
	while [ "$(date +%s)" -lt "$end" ]; do
		k=$((k + 1))
		case $((k % 6)) in
		1) cmd="sw-plan contacts --db $U $d/ct.csv" ;;
		2) cmd="sw-assess score phq9 --db $U $d/phq.csv" ;;
		3) cmd="sw-refer add --db $U -o csv $d/ref.csv" ;;
		4) cmd="sw-plan due --db $U --within 400d -o csv" ;;
		5) cmd="sw-report services --since 2026-11-01 --until 2026-11-30 --db $U -o csv" ;;
		0) cmd="sw-intake list --db $U -o csv" ;;
		esac
		# shellcheck disable=SC2086
		set -- $cmd
		prog=$1
		shift
		"$B/$prog" "$@" >"$d/out" 2>"$d/err"
		rc=$?
		case $((k % 6)),$rc in
		[123],0)
			# what the batch says it stored (a repeat may be
			# skipped as a duplicate, and say so)
			grep -q ': 1 read, 1 stored,' "$d/err" && w=$((w + 1)) ;;
		[450],[01]) r=$((r + 1)) ;;
		*) f=$((f + 1)); cp "$d/err" "$out/fail.$i.$k" ;;
		esac
		if [ $((k % 6)) = 3 ] && [ "$rc" = 0 ]; then
			# the referral drafted, sent: a status change, one record
			ref=$(tail -n 1 "$d/out" | cut -d, -f1)
			printf 'referral_id,state,date\n%s,sent,2026-11-11\n' "$ref" >"$d/st.csv"
			if "$B/sw-refer" status --db "$U" "$d/st.csv" >/dev/null 2>"$d/err"; then
				grep -q ': 1 read, 1 stored,' "$d/err" && w=$((w + 1))
			else
				f=$((f + 1)); cp "$d/err" "$out/fail.$i.$k.status"
			fi
		fi
		if [ $((k % 6)) = 0 ] && [ "$rc" = 0 ] &&
		   [ "$(tail -n +2 "$d/out" | cut -d, -f1 | sort -u)" != "CA-$i" ]; then
			v=$((v + 1))
		fi
	done
	echo "$w $r $f $v" >"$d/tally"
}

end=$(($(date +%s) + secs))
i=1
while [ "$i" -le "$n" ]; do
	client "$i" "$end" &
	i=$((i + 1))
done
wait
W=0 R=0 F=0 V=0
i=1
while [ "$i" -le "$n" ]; do
	read -r w r f v <"$out/c$i/tally"
	W=$((W + w)) R=$((R + r)) F=$((F + f)) V=$((V + v))
	i=$((i + 1))
done
echo "clients $n seconds $secs writes $W reads $R refused $F wrong $V"
