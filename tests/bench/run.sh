#!/bin/sh
# tests/bench/run.sh - the benchmarks of issue 9 (figures 1-6, SQLite) and
# issue 15 (figures 7-10, PostgreSQL), side by side with their anchors
# (sqlite3, miller, psql), run by `make bench` from the top of the tree.
#
# Figures: 1 sw-intake add vs sqlite3 .import; 2 add --dry-run vs mlr;
# 3 sw-report services vs its SQL in sqlite3; 4 list vs sqlite3 -csv;
# 5 sw-plan due and small commands; 6 growth of figure 1; on PostgreSQL:
# 7 sw-intake add vs psql \copy into a bare table; 8 sw-report services
# vs the same SQL in psql; 9 sw-plan due; 10 commands on a small database,
# connection included; 11 fifty clients under rights at once vs pgbench
# (issue 16); 12 sw-admin verify of the records against their digests, on
# SQLite (issue 18).
#
# Each figure runs ours and its anchor on the same data in one run,
# alternating, REPS times (FAST_REPS for the quick ones), and prints the
# medians, their ratio, the target and the peak memory (GNU time's maximum
# resident set size).  Progress goes to stderr, the table to stdout, and
# both the table and the raw times to build/bench/.
#
# Environment:
#   BENCH_QUICK=1        small sizes for trying it out (20k clients, 200k
#                        contacts, 20k cases for the due list)
#   BENCH_CLIENTS=N      client rows of figures 1, 2 and 4 (1000000)
#   BENCH_CONTACTS=N     contacts of figure 3 (10000000)
#   BENCH_DUE_CASES=N    open cases of figure 5 (100000)
#   BENCH_GROWTH="a b c" sizes of figure 6 (10000 100000 BENCH_CLIENTS)
#   BENCH_REPS=3, BENCH_FAST_REPS=5
#   BENCH_ONLY="1 2 3"   run only these figures (1-12; 7-11 are PostgreSQL's)
#   BENCH_VERIFY_CONTACTS=N  contacts of figure 12 (BENCH_CLIENTS)
#   BENCH_LOAD_CLIENTS=N, BENCH_LOAD_SECONDS=S  figure 11's clients (50)
#                        and duration (60)
#   BENCH_PG=0           leave out the PostgreSQL figures 7-10 (issue 15,
#                        point 7); else they run on a throwaway cluster
#                        (tests/pg/cluster.sh) in build/bench/pg.XXXXXX,
#                        stopped and removed however the script ends
#   BENCH_PG_PORT=5439   the port of that cluster (its socket only)
#   BENCH_PG_TRIPS=1     count the round trips of sw-intake add on 2000
#                        rows (the server's statement log); 0 to skip
#   BENCH_PROFILE=1      also profile sw-intake add and the dry run on
#                        20k rows with perf (when installed) and print the
#                        top functions
#   CW_BIN               the commands (build/bin); GEN the generator
#                        (build/bench/gen)
set -u

TOP=$(pwd)
W=$TOP/build/bench
CW_BIN=${CW_BIN:-$TOP/build/bin}
GEN=${GEN:-$W/gen}
QUICK=${BENCH_QUICK:-0}
if [ "$QUICK" = 1 ]; then
	CLIENTS=${BENCH_CLIENTS:-20000}
	CONTACTS=${BENCH_CONTACTS:-200000}
	DUE_CASES=${BENCH_DUE_CASES:-20000}
	GROWTH=${BENCH_GROWTH:-"2000 5000 $CLIENTS"}
else
	CLIENTS=${BENCH_CLIENTS:-1000000}
	CONTACTS=${BENCH_CONTACTS:-10000000}
	DUE_CASES=${BENCH_DUE_CASES:-100000}
	GROWTH=${BENCH_GROWTH:-"10000 100000 $CLIENTS"}
fi
REPS=${BENCH_REPS:-3}
FAST_REPS=${BENCH_FAST_REPS:-5}
ONLY=${BENCH_ONLY:-"1 2 3 4 5 6 7 8 9 10 11 12"}
PG=${BENCH_PG:-1}
PGPORT=${BENCH_PG_PORT:-5439}
export LC_ALL=C.UTF-8 TZ=${TZ:-UTC}
unset CASEWORK_DB CASEWORK_CONFIG
export CASEWORK_USER=bench

note() { printf '%s bench: %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { note "error: $*"; exit 1; }
have() { command -v "$1" >/dev/null 2>&1; }
wants() { case " $ONLY " in *" $1 "*) return 0 ;; esac; return 1; }

[ -x "$GEN" ] || die "no generator at $GEN (make bench builds it)"
for c in sw-intake sw-plan sw-report; do
	[ -x "$CW_BIN/$c" ] || die "no $CW_BIN/$c (make bench builds it)"
done
have sqlite3 || die "sqlite3 is not installed"

# A snapshot of the commands: the tree may be rebuilt while we measure.
mkdir -p "$W/bin" "$W/res" || die "cannot create $W"
rm -f "$W"/res/* "$W/notes" "$W/growth.txt" "$W"/profile-*.txt "$W"/perf-*.data* "$W/none.db"
for c in sw-intake sw-plan sw-report sw-assess sw-admin sw-refer; do
	cp "$CW_BIN/$c" "$W/bin/$c" || die "cannot copy $c"
done
SW=$W/bin

GTIME=
if [ -x /usr/bin/time ] && /usr/bin/time -f %e -o /dev/null true 2>/dev/null; then
	GTIME=/usr/bin/time
fi
HYPERFINE=
if have hyperfine && hyperfine -N --runs 1 true >/dev/null 2>&1; then
	HYPERFINE=hyperfine
fi

# ---- measuring -------------------------------------------------------------

# timed NAME OUT ERR CMD...: runs CMD with its output to OUT and ERR and
# appends "seconds peak_kib exit_status" to res/NAME: the wall time from
# the clock in nanoseconds (GNU time's has two decimals), the peak memory
# from GNU time.
timed() {
	name=$1 out=$2 err=$3
	shift 3
	t0=$(date +%s%N)
	if [ -n "$GTIME" ]; then
		"$GTIME" -f '%M %x' -o "$W/.time" "$@" >"$out" 2>"$err"
		t1=$(date +%s%N)
		mem=$(tail -n 1 "$W/.time")
	else
		"$@" >"$out" 2>"$err"
		rc=$?
		t1=$(date +%s%N)
		mem="- $rc"
	fi
	echo "$t0 $t1 $mem" | awk '{ printf "%.4f %s %s\n", ($2 - $1) / 1e9, $3, $4 }' \
		>>"$W/res/$name"
	st=$(tail -n 1 "$W/res/$name" | awk '{ print $3 }')
	[ "$st" = 0 ] || note "warning: $name exited $st: $(tail -n 2 "$err" | tr '\n' ' ')"
}

# The median of the first column of res/NAME; peak memory in MiB.
median() {
	[ -s "$W/res/$1" ] || { echo -; return; }
	awk '{ print $1 }' "$W/res/$1" | sort -n |
		awk '{ a[NR] = $1 } END { if (NR % 2) m = a[(NR + 1) / 2];
			else m = (a[NR / 2] + a[NR / 2 + 1]) / 2; printf "%.6f\n", m }'
}
peak() {
	[ -s "$W/res/$1" ] || { echo -; return; }
	awk '$2 != "-" && $2 > m { m = $2 } END { if (m) printf "%.1f\n", m / 1024;
		else print "-" }' "$W/res/$1"
}

# fast NAME CMD...: start-to-finish wall time of a fast command, median of
# hyperfine's runs (without a shell), else of a loop; one GNU time run
# gives the peak memory.
fast() {
	name=$1
	shift
	# A command that fails is not timed: a quick failure is no result
	# (exit 1, "nothing due", is an answer).
	"$@" >/dev/null 2>"$W/.fast.err"
	st=$?
	if [ "$st" -gt 1 ]; then
		note "warning: $name exited $st, not timed: $(tail -n 1 "$W/.fast.err")"
		return
	fi
	if [ -n "$HYPERFINE" ]; then
		cmd=
		for a in "$@"; do cmd="$cmd '$a'"; done
		hyperfine -N -i --warmup 3 --min-runs 30 --export-json "$W/.hf.json" \
			"$cmd" >/dev/null 2>&1
		m=$(grep -o '"median": *[0-9.e-]*' "$W/.hf.json" | head -n 1 | sed 's/.*: *//')
		echo "$m - 0" | awk '{ printf "%.6f - 0\n", $1 }' >>"$W/res/$name"
	else
		i=0
		t0=$(date +%s%N)
		while [ $i -lt 50 ]; do "$@" >/dev/null 2>&1; i=$((i + 1)); done
		t1=$(date +%s%N)
		echo "$t0 $t1" | awk '{ printf "%.6f - 0\n", ($2 - $1) / 50e9 }' >>"$W/res/$name"
	fi
	if [ -n "$GTIME" ]; then
		"$GTIME" -f '%e %M %x' -o "$W/.time" "$@" >/dev/null 2>&1
		tail -n 1 "$W/.time" | awk '{ print "x", $2, 0 }' >>"$W/res/$name.mem"
	fi
}

# ---- the table ---------------------------------------------------------------

TABLE=$W/table.txt
: >"$TABLE"
# row FIGURE OURS ANCHOR TARGET_RATIO MEM MEM_LIMIT [ABS_TARGET_SECONDS]
# Times in seconds (or -); the verdict compares the ratio with its target,
# or ours with an absolute target, and the memory with its limit.
row() {
	awk -v f="$1" -v o="$2" -v a="$3" -v t="$4" -v m="$5" -v ml="$6" -v abs="${7:-}" '
	function fmt(s) {
		if (s == "-" || s == "") return "-";
		if (s < 0.1) return sprintf("%.1f ms", s * 1000);
		return sprintf("%.2f s", s);
	}
	BEGIN {
		ratio = "-"; verdict = "";
		if (o != "-" && a != "-" && a > 0) ratio = sprintf("%.2fx", o / a);
		if (t != "-" && ratio != "-") {
			verdict = (o / a <= t) ? "met" : "MISSED";
			target = "<= " t "x";
		} else if (abs != "") {
			verdict = (o != "-" && o <= abs) ? "met" : "MISSED";
			target = "< " abs * 1000 " ms";
		} else target = "-";
		mem = m == "-" ? "-" : m " MiB";
		if (ml != "-" && m != "-") {
			mem = mem " (< " ml ")";
			if (m >= ml) verdict = verdict (verdict ? ", " : "") "MEM MISSED";
			else if (verdict == "") verdict = "met";
		}
		printf "%-44s %10s %10s %8s %10s %-20s %s\n", f, fmt(o), fmt(a), ratio,
			target, mem, verdict;
	}' >>"$TABLE"
}

note "casework benchmarks: clients $CLIENTS, contacts $CONTACTS, due cases $DUE_CASES, growth $GROWTH, reps $REPS/$FAST_REPS"
note "load average at start: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null), $(nproc 2>/dev/null) cores"
[ -n "$GTIME" ] || note "GNU time not installed: no peak memory (apt-get install time)"
[ -n "$HYPERFINE" ] || note "hyperfine not installed: fast figures timed with a loop"
LOAD0=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)
START=$(date +%s)

# ---- data ------------------------------------------------------------------

WORKERS=$("$GEN" workers | tr '\n' ' ')
CSV=$W/clients-$CLIENTS.csv
if [ ! -s "$CSV" ]; then
	note "generating $CLIENTS client rows"
	"$GEN" clients "$CLIENTS" >"$CSV.tmp" && mv "$CSV.tmp" "$CSV" || die "gen clients"
fi

# new_db PATH: a new database with the worker roster on it (so that the
# roster check is on), as an agency's would be.
new_db() {
	rm -f "$1" "$1-wal" "$1-shm"
	"$SW/sw-intake" workers --db "$1" --add $WORKERS >/dev/null 2>&1 ||
		die "cannot create $1"
}

# upgrade DB: a database kept from an earlier run, perhaps made by an older
# casework, brought to this one's schema (the commands that only read
# refuse an older one) by a command that writes: an empty batch.
upgrade() {
	printf 'followup_id,date\n' >"$W/none.csv"
	"$SW/sw-plan" followups --db "$1" "$W/none.csv" >/dev/null 2>&1 ||
		die "cannot upgrade $1"
}

# fig1 CSV ROWS: sw-intake add vs sqlite3 .import, REPS times each.
fig1() {
	f=$1 n=$2
	r=1
	while [ $r -le "$REPS" ]; do
		note "figure 1, $n rows: sw-intake add, run $r/$REPS"
		new_db "$W/add-$n.db"
		timed "add-$n" /dev/null "$W/add-$n.err" \
			"$SW/sw-intake" add --db "$W/add-$n.db" "$f"
		note "figure 1, $n rows: sqlite3 .import, run $r/$REPS"
		rm -f "$W/import-$n.db"
		timed "import-$n" /dev/null "$W/import-$n.err" \
			sqlite3 "$W/import-$n.db" ".import --csv $f t"
		r=$((r + 1))
	done
}

# ---- figure 1: sw-intake add vs sqlite3 .import ------------------------------
if wants 1 || wants 3 || wants 4 || wants 6; then
	fig1 "$CSV" "$CLIENTS"
	stored=$(sqlite3 "$W/add-$CLIENTS.db" "SELECT count(*) FROM cases")
	note "figure 1: $stored cases stored of $CLIENTS rows (the rest skipped as repeats)"
	echo "   1: $stored cases stored of $CLIENTS rows, $((CLIENTS - stored)) skipped as repeats within the batch" >>"$W/notes"
	# Progress: on a terminal (script(1) gives one), never on a pipe.
	piped=$(grep -c -v -e 'skipped: ' -e 'batch BT-' "$W/add-$CLIENTS.err")
	shown=unknown
	if have script; then
		pf=$W/clients-100000.csv
		[ -s "$pf" ] || "$GEN" clients 100000 >"$pf"
		new_db "$W/pty.db"
		script -qc "'$SW/sw-intake' add --db '$W/pty.db' '$pf' >/dev/null" /dev/null |
			tr '\r' '\n' | grep -v -e 'skipped: ' -e 'batch BT-' -e '^$' >"$W/pty.err"
		shown=$(wc -l <"$W/pty.err")
	fi
	echo "      progress lines of add: $shown on a terminal (100000 rows), $piped on a pipe" >>"$W/notes"
	row "1 add $CLIENTS rows vs sqlite3 .import" "$(median "add-$CLIENTS")" \
		"$(median "import-$CLIENTS")" 6 "$(peak "add-$CLIENTS")" 64
fi

# ---- figure 2: add --dry-run -o jsonl vs mlr -----------------------------------
# The dry run checks against the database figure 1's add starts from (the
# roster only), which it never writes: the same state for both runs.
if wants 1 || wants 2; then
	new_db "$W/roster.db"
fi
if wants 2; then
	if have mlr; then
		r=1
		while [ $r -le "$REPS" ]; do
			note "figure 2: sw-intake add --dry-run -o jsonl, run $r/$REPS"
			timed dryrun /dev/null "$W/dryrun.err" \
				"$SW/sw-intake" add --dry-run -o jsonl --db "$W/roster.db" "$CSV"
			note "figure 2: mlr --icsv --ojsonl cat, run $r/$REPS"
			timed mlr /dev/null "$W/mlr.err" mlr --icsv --ojsonl cat "$CSV"
			r=$((r + 1))
		done
		row "2 add --dry-run -o jsonl vs mlr" "$(median dryrun)" "$(median mlr)" \
			0.5 "$(peak dryrun)" 64
	else
		note "figure 2: miller is not installed (apt-get install miller)"
		row "2 add --dry-run -o jsonl vs mlr (no mlr)" "-" "-" - - -
	fi
fi

# ---- the dry run is the real run without the commit -------------------------------
# Figure 1's add and figure 2's dry run read the same sheet against the same
# database state: their totals (read, valid or stored, skipped, rejected)
# and exit statuses must agree (casework.7, BATCHES). The runs the figures
# made are compared; a figure not run is run once here.
# totals ERR: the counts of the totals line in ERR.
totals() {
	sed -En 's/^sw-intake: (dry run, nothing stored|batch BT-[0-9]+|batch rolled back, nothing stored): ([0-9]+) read, ([0-9]+) (valid|stored), ([0-9]+) skipped, ([0-9]+) rejected.*$/\2 read, \3 valid, \5 skipped, \6 rejected/p' "$1" | tail -n 1
}
status() { tail -n 1 "$W/res/$1" | awk '{ print $3 }'; }
DRYEQ=
if wants 1 || wants 2; then
	if ! [ -s "$W/res/add-$CLIENTS" ]; then
		note "dry run = real run: sw-intake add, $CLIENTS rows"
		new_db "$W/add-$CLIENTS.db"
		timed "once-add" /dev/null "$W/add-$CLIENTS.err" \
			"$SW/sw-intake" add --db "$W/add-$CLIENTS.db" "$CSV"
		real_st=$(status once-add)
	else
		real_st=$(status "add-$CLIENTS")
	fi
	if ! [ -s "$W/res/dryrun" ]; then
		note "dry run = real run: sw-intake add --dry-run, $CLIENTS rows"
		timed "once-dryrun" /dev/null "$W/dryrun.err" \
			"$SW/sw-intake" add --dry-run -o jsonl --db "$W/roster.db" "$CSV"
		dry_st=$(status once-dryrun)
	else
		dry_st=$(status dryrun)
	fi
	real_t=$(totals "$W/add-$CLIENTS.err") dry_t=$(totals "$W/dryrun.err")
	DRYEQ=no
	[ -n "$real_t" ] && [ "$real_t" = "$dry_t" ] && [ "$real_st" = "$dry_st" ] && DRYEQ=yes
	{
		echo "   dry run = real run: $DRYEQ (sw-intake add, $CLIENTS rows)"
		echo "      real run: exit $real_st; ${real_t:-no totals line}"
		echo "      dry run:  exit $dry_st; ${dry_t:-no totals line}"
	} >>"$W/notes"
fi

# ---- figure 3: the services report vs the data officer's SQL --------------------
if wants 3; then
	DB3=$W/services.db
	note "figure 3: copying the $CLIENTS-client database and loading $CONTACTS contacts"
	rm -f "$DB3" "$DB3-wal" "$DB3-shm"
	sqlite3 "$W/add-$CLIENTS.db" ".backup '$DB3'" || die "backup"
	ncases=$(sqlite3 "$DB3" "SELECT count(*) FROM cases")
	batch=$(sqlite3 "$DB3" "SELECT max(id) + 1 FROM batches")
	"$GEN" -b "$batch" contacts "$ncases" "$CONTACTS" | sqlite3 -bail "$DB3" >/dev/null ||
		die "loading the contacts"
	note "figure 3: $(sqlite3 "$DB3" "SELECT count(*) || ' contacts, ' || count(session_id) || ' of them group attendance' FROM contacts")"
	SQL3="SELECT strftime('%Y-%m', ct.date) AS month, ct.kind,
	  COUNT(*) AS contacts, COUNT(DISTINCT k.client_id) AS clients,
	  SUM(ct.minutes) AS minutes
	  FROM contacts ct JOIN cases k ON k.id = ct.case_id
	  WHERE ct.date BETWEEN '2025-01-01' AND '2025-12-31'
	  GROUP BY month, ct.kind"
	r=1
	while [ $r -le "$REPS" ]; do
		note "figure 3: sw-report services --year 2025 --by month,kind, run $r/$REPS"
		timed report "$W/report.csv" "$W/report.err" "$SW/sw-report" services \
			--db "$DB3" --year 2025 --by month,kind -o csv
		note "figure 3: sqlite3 GROUP BY, run $r/$REPS"
		timed report-sql "$W/report-sql.csv" "$W/report-sql.err" \
			sqlite3 -csv "$DB3" "$SQL3"
		r=$((r + 1))
	done
	# The cells of month and kind: same contacts, clients and minutes
	# (the report's households, column 5 since schema version 14, left
	# out: the SQL has none).
	awk -F, 'NR > 1 && $1 != "total" && $2 != "total" && $3 != 0 {
		print $1 "," $2 "," $3 "," $4 "," $6 }' "$W/report.csv" | sort >"$W/report.cells"
	sort "$W/report-sql.csv" >"$W/report-sql.cells"
	if [ -s "$W/report.cells" ] && cmp -s "$W/report.cells" "$W/report-sql.cells"; then
		same="identical figures"
	else
		same="FIGURES DIFFER (diff build/bench/report.cells report-sql.cells)"
	fi
	note "figure 3: $(wc -l <"$W/report.cells") month-kind cells, $same"
	row "3 services report, 1 year vs SQL GROUP BY" "$(median report)" \
		"$(median report-sql)" 0.5 "$(peak report)" -
	echo "   3: $same ($(wc -l <"$W/report.cells") cells; $CONTACTS contacts)" >>"$W/notes"
fi

# ---- figure 4: list --clients -o csv vs sqlite3 -csv ----------------------------
if wants 4; then
	DB4=$W/add-$CLIENTS.db
	SQL4="SELECT 'CL-' || c.id AS client_id, c.name, c.sex, c.birth_date,
	  c.id_type, c.id_number, c.phone, c.address, c.household, c.language,
	  c.consent_date, c.consent_by, c.consent_share, c.consent_expires,
	  c.consent_withdrawn, c.created_at, c.updated_at, c.emergency_name,
	  c.emergency_relationship, c.emergency_phone, c.household_id
	  FROM clients c ORDER BY c.id"
	pseudo=no
	if "$SW/sw-intake" --help 2>/dev/null | grep -q pseudonymi; then
		pseudo=yes
		# --pseudonymise needs a key: an owner-only file of 32 random
		# bytes, named by a configuration of its own (sw-intake(1)).
		KEY4=$W/pseudonym.key CONF4=$W/pseudonym.conf
		if [ ! -s "$KEY4" ]; then
			(umask 077 && head -c 32 /dev/urandom >"$KEY4") || die "cannot make $KEY4"
		fi
		chmod 600 "$KEY4" || die "chmod $KEY4"
		printf 'pseudonym_key_file = %s\n' "$KEY4" >"$CONF4" || die "cannot write $CONF4"
	fi
	r=1
	while [ $r -le "$REPS" ]; do
		note "figure 4: sw-intake list --clients -o csv, run $r/$REPS"
		timed list "$W/list.csv" "$W/list.err" "$SW/sw-intake" list --clients \
			--db "$DB4" -o csv
		note "figure 4: sqlite3 -csv, run $r/$REPS"
		timed list-sql "$W/list-sql.csv" "$W/list-sql.err" sqlite3 -csv -header \
			"$DB4" "$SQL4"
		if [ $pseudo = yes ]; then
			note "figure 4: sw-intake list --clients --pseudonymise -o csv, run $r/$REPS"
			timed list-pseudo "$W/list-pseudo.csv" "$W/list-pseudo.err" \
				env CASEWORK_CONFIG="$CONF4" "$SW/sw-intake" list --clients \
				--pseudonymise --db "$DB4" -o csv
			note "figure 4: sqlite3 -csv again, run $r/$REPS"
			timed list-sql "$W/list-sql.csv" "$W/list-sql.err" sqlite3 -csv -header \
				"$DB4" "$SQL4"
		fi
		r=$((r + 1))
	done
	if cmp -s "$W/list.csv" "$W/list-sql.csv"; then
		same="byte-identical"
	else
		same="$(wc -l <"$W/list.csv") and $(wc -l <"$W/list-sql.csv") lines, not byte-identical (quoting)"
	fi
	note "figure 4: outputs $same"
	echo "   4: list and sqlite3 -csv outputs: $same" >>"$W/notes"
	row "4 list --clients -o csv vs sqlite3 -csv" "$(median list)" \
		"$(median list-sql)" 1.2 "$(peak list)" -
	if [ $pseudo = yes ]; then
		# The same rows, every id a pseudonym.
		if [ "$(wc -l <"$W/list-pseudo.csv")" = "$(wc -l <"$W/list-sql.csv")" ] &&
		   [ "$(sed 1d "$W/list-pseudo.csv" | grep -c -v '^PS-[0-9a-f]\{16\},')" = 0 ]; then
			psame="same rows, every client_id a pseudonym"
		else
			psame="ROWS DIFFER (build/bench/list-pseudo.csv)"
		fi
		note "figure 4: --pseudonymise: $psame"
		echo "   4: list --pseudonymise: $psame" >>"$W/notes"
		row "4 list --clients --pseudonymise vs sqlite3" "$(median list-pseudo)" \
			"$(median list-sql)" 2 "$(peak list-pseudo)" -
	else
		row "4 list --pseudonymise: not built" - - - - -
	fi
fi

# ---- figure 5: sw-plan due on open cases; commands on a small database ---------------
if wants 5; then
	DB5=$W/due-$DUE_CASES.db
	today=$(date +%Y-%m-%d)
	if [ ! -s "$DB5" ] || [ "$(cat "$DB5.day" 2>/dev/null)" != "$today" ]; then
		note "figure 5: making a database of $DUE_CASES open cases with their plans"
		"$GEN" clients "$DUE_CASES" >"$W/due.csv" || die "gen clients"
		new_db "$DB5"
		"$SW/sw-intake" add --db "$DB5" "$W/due.csv" >/dev/null 2>"$W/due.err" ||
			die "sw-intake add for figure 5: $(tail -n 1 "$W/due.err")"
		ncases=$(sqlite3 "$DB5" "SELECT count(*) FROM cases")
		batch=$(sqlite3 "$DB5" "SELECT max(id) + 1 FROM batches")
		"$GEN" -b "$batch" sql-plans "$ncases" "$today" | sqlite3 -bail "$DB5" >/dev/null ||
			die "loading the plans"
		echo "$today" >"$DB5.day"
	fi
	upgrade "$DB5"
	items=$("$SW/sw-plan" due --db "$DB5" -o csv 2>/dev/null | tail -n +2 | wc -l)
	note "figure 5: sw-plan due lists $items items on $(sqlite3 "$DB5" "SELECT count(*) FROM cases WHERE status = 'open'") open cases"
	echo "   5: sw-plan due on $DUE_CASES open cases lists $items items (due today or overdue)" >>"$W/notes"
	fast due "$SW/sw-plan" due --db "$DB5" -o csv
	row "5 sw-plan due, $DUE_CASES open cases" "$(median due)" - - \
		"$(peak due.mem)" - 0.050
	# The same list for one worker of the twelve, and for the week ahead.
	w1=$("$GEN" workers | head -n 1)
	fast due-worker "$SW/sw-plan" due --db "$DB5" -o csv --worker "$w1"
	fast due-week "$SW/sw-plan" due --db "$DB5" -o csv --within 7d
	n1=$("$SW/sw-plan" due --db "$DB5" -o csv --worker "$w1" 2>/dev/null | tail -n +2 | wc -l)
	n7=$("$SW/sw-plan" due --db "$DB5" -o csv --within 7d 2>/dev/null | tail -n +2 | wc -l)
	row "5 sw-plan due --worker (1 of 12)" "$(median due-worker)" - - \
		"$(peak due-worker.mem)" - 0.050
	row "5 sw-plan due --within 7d" "$(median due-week)" - - \
		"$(peak due-week.mem)" - 0.050
	echo "      --worker lists $n1 items, --within 7d $n7" >>"$W/notes"

	DBS=$W/small.db
	if [ ! -s "$DBS" ] || [ "$(cat "$DBS.day" 2>/dev/null)" != "$today" ]; then
		"$GEN" clients 40 >"$W/small.csv"
		new_db "$DBS"
		"$SW/sw-intake" add --db "$DBS" "$W/small.csv" >/dev/null 2>&1 || die "small db"
		batch=$(sqlite3 "$DBS" "SELECT max(id) + 1 FROM batches")
		"$GEN" -b "$batch" sql-plans 40 "$today" | sqlite3 -bail "$DBS" >/dev/null
		echo "$today" >"$DBS.day"
	fi
	upgrade "$DBS"
	note "figure 5: commands on a small database (40 cases)"
	fast small-list "$SW/sw-intake" list --db "$DBS" -o csv
	fast small-sqlite sqlite3 "$DBS" "SELECT count(*) FROM cases"
	fast small-due "$SW/sw-plan" due --db "$DBS" -o csv
	fast small-report "$SW/sw-report" caseload --db "$DBS" -o csv
	fast small-version "$SW/sw-intake" --version
	row "5 sw-intake list, small db (vs sqlite3 run)" "$(median small-list)" \
		"$(median small-sqlite)" - "$(peak small-list.mem)" - 0.005
	row "5 sw-plan due, small db" "$(median small-due)" - - \
		"$(peak small-due.mem)" - 0.005
	row "5 sw-report caseload, small db" "$(median small-report)" - - \
		"$(peak small-report.mem)" - 0.005
	row "5 sw-intake --version (no database)" "$(median small-version)" - - \
		"$(peak small-version.mem)" - 0.005
fi

# ---- figure 6: linear growth of figure 1 -------------------------------------------
if wants 6; then
	for n in $GROWTH; do
		if [ "$n" != "$CLIENTS" ] || ! [ -s "$W/res/add-$n" ]; then
			f=$W/clients-$n.csv
			[ -s "$f" ] || "$GEN" clients "$n" >"$f" || die "gen clients $n"
			fig1 "$f" "$n"
		fi
	done
	{
		echo "6 growth of figure 1 (time per 1k rows):"
		printf '   %10s %12s %12s %12s %12s %8s %10s\n' rows "add" "add/1k" \
			".import" ".import/1k" ratio "peak"
		for n in $GROWTH; do
			o=$(median "add-$n") a=$(median "import-$n") m=$(peak "add-$n")
			echo "$n $o $a $m" | awk '{ printf "   %10d %10.2f s %9.2f ms %10.2f s %9.2f ms %7.2fx %6s MiB\n",
				$1, $2, $2 / $1 * 1000000, $3, $3 / $1 * 1000000, $2 / $3, $4 }'
		done
		first= last=
		for n in $GROWTH; do
			[ -n "$first" ] || first=$n
			last=$n
		done
		o1=$(median "add-$first") o2=$(median "add-$last")
		echo "$first $o1 $last $o2" | awk '{ s1 = $2 / $1; s2 = $4 / $3;
			printf "   slope %d -> %d rows: %.2f -> %.2f ms per 1k rows (x%.2f per row; 1.00 is linear)\n",
				$1, $3, s1 * 1e6, s2 * 1e6, s2 / s1 }'
	} >"$W/growth.txt"
fi

# ---- PostgreSQL: figures 7-10 (issue 15, point 7) --------------------------------
# The same generated data as figures 1, 3 and 5, on a throwaway cluster of
# our own (tests/pg/cluster.sh: initdb -A trust, a Unix socket only, fsync
# off; the role cw_test, no superuser), each figure beside its anchor in
# the same run. Our commands connect as cw_test; the bulk loads that stand
# for data an agency already has (the contacts of figure 8, the plans of
# figures 9 and 10) go through psql as the cluster's superuser, straight
# into casework's tables: gen's SQL (its multi-row INSERTs, ids given) with
# the foreign keys' triggers off (session_replication_role = replica; gen's
# rows satisfy them by construction), then each table's id sequence moved
# past its rows and VACUUM ANALYZE, as autovacuum would have left them.
# The measured commands are always ours.
PGDIR=
pg_stop() {
	if [ -n "$PGDIR" ]; then
		sh "$TOP/tests/pg/cluster.sh" stop "$PGDIR" || :
		PGDIR=
	fi
}
trap pg_stop EXIT
trap 'pg_stop; exit 130' INT
trap 'pg_stop; exit 143' TERM HUP

pg_wanted=no
for f in 7 8 9 10 11; do wants $f && pg_wanted=yes; done
[ "$PG" = 0 ] && pg_wanted=no
if [ $pg_wanted = yes ]; then
	if ! have psql || ! have pg_config || ! [ -x "$(pg_config --bindir)/initdb" ]; then
		note "figures 7-10: PostgreSQL's server is not installed (apt-get install postgresql), left out"
		row "7-10 PostgreSQL (not installed)" - - - - -
		pg_wanted=no
	fi
fi
if [ $pg_wanted = yes ]; then
	PGDIR=$(mktemp -d "$W/pg.XXXXXX") || die "cannot make a folder for the cluster"
	# a socket's path is at most 107 bytes
	[ $((${#PGDIR} + 15)) -lt 108 ] ||
		{ rmdir "$PGDIR"; PGDIR=; die "the path $W is too long for a socket (BENCH_PG=0 leaves PostgreSQL out)"; }
	note "figures 7-10: starting a PostgreSQL cluster in $PGDIR (port $PGPORT)"
	sh "$TOP/tests/pg/cluster.sh" start "$PGDIR" "$PGPORT" ||
		die "cannot start the cluster (tests/pg/cluster.sh)"
	echo "   7-10: PostgreSQL $(pg_config --version | sed 's/^PostgreSQL //'), throwaway cluster (trust, Unix socket, fsync off), same for ours and the anchors" >>"$W/notes"
fi

# pguri DB: the connection string of DB on our cluster, as cw_test.
pguri() { printf 'postgresql:///%s?host=%s&port=%s&user=cw_test' "$1" "$PGDIR" "$PGPORT"; }
# pgsql DB ARGS...: psql as cw_test (casework's schema first); pgsu as
# the superuser.
pgsql() {
	d=$1
	shift
	PGOPTIONS="-c search_path=casework -c client_min_messages=warning" \
		psql -X -q -v ON_ERROR_STOP=1 -h "$PGDIR" -p "$PGPORT" -U cw_test -d "$d" "$@"
}
pgsu() {
	d=$1
	shift
	PGOPTIONS="-c search_path=casework -c client_min_messages=warning" \
		psql -X -q -v ON_ERROR_STOP=1 -h "$PGDIR" -p "$PGPORT" -U postgres -d "$d" "$@"
}
# new_pg_db DB: a new database with casework's schema (sw-admin init) and
# the worker roster, as new_db makes one for SQLite.
new_pg_db() {
	pgsql postgres -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1" ||
		die "cannot create the database $1"
	"$SW/sw-admin" init --db "$(pguri "$1")" >/dev/null 2>"$W/pg-init.err" ||
		die "sw-admin init $1: $(tail -n 1 "$W/pg-init.err")"
	"$SW/sw-intake" workers --db "$(pguri "$1")" --add $WORKERS >/dev/null 2>&1 ||
		die "cannot add the roster to $1"
}
# pg_load DB: gen's SQL on stdin into DB's tables (see above).
pg_load() {
	sed '/^PRAGMA /d' | PGOPTIONS="-c search_path=casework -c session_replication_role=replica" \
		psql -X -q -v ON_ERROR_STOP=1 -h "$PGDIR" -p "$PGPORT" -U postgres \
		-d "$1" >/dev/null
}
pg_settle() {
	pgsu "$1" >/dev/null <<'SQL' || die "cannot settle $1"
DO $$
DECLARE r record;
BEGIN
	FOR r IN SELECT table_name FROM information_schema.columns
		 WHERE table_schema = 'casework' AND column_name = 'id'
		 AND is_identity = 'YES'
	LOOP
		EXECUTE format('SELECT setval(pg_get_serial_sequence(%L, ''id''),'
			       ' greatest((SELECT max(id) FROM casework.%I), 1))',
			       'casework.' || r.table_name, r.table_name);
	END LOOP;
END $$;
VACUUM ANALYZE;
SQL
}
# pg_count DB SQL: one value.
pg_count() { pgsql "$1" -At -c "$2"; }

# fig7 CSV ROWS: sw-intake add vs psql \copy into a bare table of the
# sheet's columns (all text), REPS times each, alternating. Each add
# starts from a new database with the roster; each \copy from a new table.
fig7() {
	f=$1 n=$2
	cols=$(head -n 1 "$f" | awk -F, '{ for (i = 1; i <= NF; i++)
		printf "%s\"%s\" text", (i > 1 ? ", " : ""), $i }')
	[ -n "$cols" ] || die "cannot read the columns of $f"
	pgsql postgres -c "DROP DATABASE IF EXISTS cw_copy" -c "CREATE DATABASE cw_copy" ||
		die "cannot create cw_copy"
	r=1
	while [ $r -le "$REPS" ]; do
		note "figure 7, $n rows: sw-intake add (PostgreSQL), run $r/$REPS"
		new_pg_db cw_add
		timed "pg-add-$n" /dev/null "$W/pg-add-$n.err" \
			"$SW/sw-intake" add --db "$(pguri cw_add)" "$f"
		note "figure 7, $n rows: psql \\copy, run $r/$REPS"
		pgsql cw_copy -c "DROP TABLE IF EXISTS public.t" \
			-c "CREATE TABLE public.t ($cols)" || die "cannot create t"
		timed "pg-copy-$n" /dev/null "$W/pg-copy-$n.err" \
			psql -X -q -v ON_ERROR_STOP=1 -h "$PGDIR" -p "$PGPORT" -U cw_test \
			-d cw_copy -c "\\copy t from '$f' csv header"
		r=$((r + 1))
	done
}

# ---- figure 7: sw-intake add vs psql \copy -----------------------------------------
PGADD=
if [ $pg_wanted = yes ] && { wants 7 || wants 8; }; then
	if wants 7; then
		fig7 "$CSV" "$CLIENTS"
		row "7 pg: add $CLIENTS rows vs psql \\copy" "$(median "pg-add-$CLIENTS")" \
			"$(median "pg-copy-$CLIENTS")" 5 "$(peak "pg-add-$CLIENTS")" 64
		ncol=$(head -n 1 "$CSV" | awk -F, '{ print NF }')
		note "figure 7: $(pg_count cw_copy "SELECT count(*) FROM public.t") rows copied into t ($ncol text columns)"
		printf '   7: the sheet: %s rows, %s columns, %s MiB; \\copy into a bare table t of %s text columns\n' \
			"$CLIENTS" "$ncol" "$(($(wc -c <"$CSV") / 1048576))" "$ncol" >>"$W/notes"
	else
		note "figure 8: sw-intake add of $CLIENTS rows (PostgreSQL), once"
		new_pg_db cw_add
		timed "pg-once-add" /dev/null "$W/pg-add-$CLIENTS.err" \
			"$SW/sw-intake" add --db "$(pguri cw_add)" "$CSV"
		note "figure 8: sw-intake add took $(median pg-once-add) s"
	fi
	PGADD=$(pg_count cw_add "SELECT count(*) FROM cases")
	sqlite_stored=-
	[ -s "$W/add-$CLIENTS.db" ] && sqlite_stored=$(sqlite3 "$W/add-$CLIENTS.db" "SELECT count(*) FROM cases")
	echo "   7: $PGADD cases stored of $CLIENTS rows on PostgreSQL ($sqlite_stored on SQLite); $(totals "$W/pg-add-$CLIENTS.err")" >>"$W/notes"
fi

# Round trips: sw-intake add of 2000 rows with every statement in the
# server's log (log_min_duration_statement = 0 on that database only):
# a statement run as it is, or a prepared one executed, is a round trip;
# preparing one (parse cwN) is another.
if [ $pg_wanted = yes ] && wants 7 && [ "${BENCH_PG_TRIPS:-1}" = 1 ]; then
	head -n 2001 "$CSV" >"$W/pg-trips.csv"
	new_pg_db cw_trips
	pgsu postgres -c "ALTER DATABASE cw_trips SET log_min_duration_statement = 0" ||
		die "cannot log cw_trips"
	l0=$(wc -l <"$PGDIR/primary.log")
	t0=$(date +%s%N)
	"$SW/sw-intake" add --db "$(pguri cw_trips)" "$W/pg-trips.csv" >/dev/null 2>&1
	t1=$(date +%s%N)
	tail -n +$((l0 + 1)) "$PGDIR/primary.log" >"$W/pg-trips.log"
	rows=$(pg_count cw_trips "SELECT count(*) FROM clients")
	awk -v rows="$rows" -v wall="$(( (t1 - t0) / 1000 ))" '
		/duration: .* ms  (statement|execute [^:]*|parse cw[0-9]+):/ { trips++ }
		/duration: / { d = $0; sub(/.*duration: /, "", d); sub(/ ms.*/, "", d); srv += d }
		END { printf "   7: round trips of sw-intake add: %d for %d rows (%.1f a row); the server busy %.0f ms of %.0f ms (with its statement log on)\n",
			trips, rows, trips / (rows ? rows : 1), srv, wall / 1000 }' \
		"$W/pg-trips.log" >>"$W/notes"
	# which statements, how often (numbers folded)
	grep -o -E '(statement|execute [^:]*|parse cw[0-9]+): .{0,70}' "$W/pg-trips.log" |
		sed -E 's/cw[0-9]+/cwN/; s/[0-9]+/N/g' | sort | uniq -c | sort -rn | head -n 8 |
		awk '{ printf "      %s\n", $0 }' >>"$W/notes"
	pgsql postgres -c "DROP DATABASE cw_trips" >/dev/null 2>&1
fi

# ---- figure 8: the services report vs the same SQL in psql --------------------------
# As figure 3: the clients of figure 7's add, the contacts loaded, and the
# data officer's GROUP BY in PostgreSQL's words (to_char for strftime).
if [ $pg_wanted = yes ] && wants 8; then
	note "figure 8: copying the $CLIENTS-client database and loading $CONTACTS contacts"
	pgsql postgres -c "DROP DATABASE IF EXISTS cw_services" \
		-c "CREATE DATABASE cw_services TEMPLATE cw_add" || die "cannot copy cw_add"
	ncases=$(pg_count cw_services "SELECT count(*) FROM cases")
	batch=$(pg_count cw_services "SELECT max(id) + 1 FROM batches")
	t0=$(date +%s)
	"$GEN" -b "$batch" contacts "$ncases" "$CONTACTS" | pg_load cw_services ||
		die "loading the contacts"
	t1=$(date +%s)
	pg_settle cw_services
	t2=$(date +%s)
	note "figure 8: $(pg_count cw_services "SELECT count(*) || ' contacts, ' || count(session_id) || ' of them group attendance' FROM contacts"), loaded in $((t1 - t0)) s, VACUUM ANALYZE $((t2 - t1)) s"
	echo "   8: $CONTACTS contacts loaded with psql in $((t1 - t0)) s (+ $((t2 - t1)) s VACUUM ANALYZE)" >>"$W/notes"
	SQL8="SELECT to_char(ct.date, 'YYYY-MM') AS month, ct.kind,
	  COUNT(*) AS contacts, COUNT(DISTINCT k.client_id) AS clients,
	  SUM(ct.minutes) AS minutes
	  FROM contacts ct JOIN cases k ON k.id = ct.case_id
	  WHERE ct.date BETWEEN '2025-01-01' AND '2025-12-31'
	  GROUP BY month, ct.kind"
	r=1
	while [ $r -le "$REPS" ]; do
		note "figure 8: sw-report services --year 2025 --by month,kind (PostgreSQL), run $r/$REPS"
		timed pg-report "$W/pg-report.csv" "$W/pg-report.err" "$SW/sw-report" services \
			--db "$(pguri cw_services)" --year 2025 --by month,kind -o csv
		note "figure 8: psql GROUP BY, run $r/$REPS"
		timed pg-report-sql "$W/pg-report-sql.csv" "$W/pg-report-sql.err" \
			env PGOPTIONS="-c search_path=casework" psql -X -q --csv -t \
			-h "$PGDIR" -p "$PGPORT" -U cw_test -d cw_services -c "$SQL8"
		r=$((r + 1))
	done
	awk -F, 'NR > 1 && $1 != "total" && $2 != "total" && $3 != 0 {
		print $1 "," $2 "," $3 "," $4 "," $5 }' "$W/pg-report.csv" | sort >"$W/pg-report.cells"
	sort "$W/pg-report-sql.csv" >"$W/pg-report-sql.cells"
	if [ -s "$W/pg-report.cells" ] && cmp -s "$W/pg-report.cells" "$W/pg-report-sql.cells"; then
		same="identical figures"
	else
		same="FIGURES DIFFER (diff build/bench/pg-report.cells pg-report-sql.cells)"
	fi
	if wants 3 && [ -s "$W/report.cells" ]; then
		if cmp -s "$W/report.cells" "$W/pg-report.cells"; then
			same="$same, the same as SQLite's (figure 3)"
		else
			same="$same, NOT THE SAME AS SQLITE'S (figure 3)"
		fi
	fi
	note "figure 8: $(wc -l <"$W/pg-report.cells") month-kind cells, $same"
	row "8 pg: services report, 1 year vs psql SQL" "$(median pg-report)" \
		"$(median pg-report-sql)" 0.5 "$(peak pg-report)" -
	echo "   8: $same ($(wc -l <"$W/pg-report.cells") cells; $CONTACTS contacts)" >>"$W/notes"
fi

# ---- figure 9: sw-plan due on open cases ---------------------------------------------
# As figure 5: the cases through sw-intake add, their plans loaded.
if [ $pg_wanted = yes ] && { wants 9 || wants 10; }; then
	today=$(date +%Y-%m-%d)
fi
if [ $pg_wanted = yes ] && wants 9; then
	note "figure 9: making a database of $DUE_CASES open cases with their plans"
	f=$W/due-$DUE_CASES.csv
	[ -s "$f" ] || "$GEN" clients "$DUE_CASES" >"$f" || die "gen clients"
	new_pg_db cw_due
	t0=$(date +%s)
	"$SW/sw-intake" add --db "$(pguri cw_due)" "$f" >/dev/null 2>"$W/pg-due.err" ||
		die "sw-intake add for figure 9: $(tail -n 1 "$W/pg-due.err")"
	t1=$(date +%s)
	ncases=$(pg_count cw_due "SELECT count(*) FROM cases")
	batch=$(pg_count cw_due "SELECT max(id) + 1 FROM batches")
	"$GEN" -b "$batch" sql-plans "$ncases" "$today" | pg_load cw_due ||
		die "loading the plans"
	pg_settle cw_due
	t2=$(date +%s)
	D9=$(pguri cw_due)
	items=$("$SW/sw-plan" due --db "$D9" -o csv 2>/dev/null | tail -n +2 | wc -l)
	note "figure 9: sw-plan due lists $items items on $ncases open cases (add $((t1 - t0)) s, plans $((t2 - t1)) s)"
	sq=
	[ -s "$W/due-$DUE_CASES.db" ] && [ "$(cat "$W/due-$DUE_CASES.db.day" 2>/dev/null)" = "$today" ] &&
		sq=" (SQLite's, figure 5: $("$SW/sw-plan" due --db "$W/due-$DUE_CASES.db" -o csv 2>/dev/null | tail -n +2 | wc -l))"
	echo "   9: sw-plan due on $ncases open cases lists $items items$sq; database made in $((t2 - t0)) s (sw-intake add $((t1 - t0)) s)" >>"$W/notes"
	fast pg-due "$SW/sw-plan" due --db "$D9" -o csv
	row "9 pg: sw-plan due, $DUE_CASES open cases" "$(median pg-due)" - - \
		"$(peak pg-due.mem)" - 0.050
	w1=$("$GEN" workers | head -n 1)
	fast pg-due-worker "$SW/sw-plan" due --db "$D9" -o csv --worker "$w1"
	fast pg-due-week "$SW/sw-plan" due --db "$D9" -o csv --within 7d
	row "9 pg: sw-plan due --worker (1 of 12)" "$(median pg-due-worker)" - - \
		"$(peak pg-due-worker.mem)" - 0.050
	row "9 pg: sw-plan due --within 7d" "$(median pg-due-week)" - - \
		"$(peak pg-due-week.mem)" - 0.050
fi

# ---- figure 10: commands on a small database, connection included ------------------
# Trust authentication on the Unix socket (peer would cost the same: no
# password exchange); psql running one count is the reference.
if [ $pg_wanted = yes ] && wants 10; then
	note "figure 10: commands on a small database (40 cases, PostgreSQL)"
	"$GEN" clients 40 >"$W/small.csv"
	new_pg_db cw_small
	"$SW/sw-intake" add --db "$(pguri cw_small)" "$W/small.csv" >/dev/null 2>&1 ||
		die "small database"
	batch=$(pg_count cw_small "SELECT max(id) + 1 FROM batches")
	"$GEN" -b "$batch" sql-plans 40 "$today" | pg_load cw_small || die "small plans"
	pg_settle cw_small
	D10=$(pguri cw_small)
	fast pg-small-list "$SW/sw-intake" list --db "$D10" -o csv
	fast pg-small-psql psql -X -h "$PGDIR" -p "$PGPORT" -U cw_test -d cw_small \
		-Atc "SELECT count(*) FROM casework.cases"
	fast pg-small-due "$SW/sw-plan" due --db "$D10" -o csv
	fast pg-small-report "$SW/sw-report" caseload --db "$D10" -o csv
	row "10 pg: sw-intake list, small (vs psql run)" "$(median pg-small-list)" \
		"$(median pg-small-psql)" - "$(peak pg-small-list.mem)" - 0.025
	row "10 pg: sw-plan due, small db" "$(median pg-small-due)" - - \
		"$(peak pg-small-due.mem)" - 0.025
	row "10 pg: sw-report caseload, small db" "$(median pg-small-report)" - - \
		"$(peak pg-small-report.mem)" - 0.025
fi
# ---- figure 11: clients under rights at once vs pgbench ------------------------------
# issue 16: BENCH_LOAD_CLIENTS logins (50), each a worker of the roster
# with a case of their own, run a mix of verbs for BENCH_LOAD_SECONDS (60)
# (tests/pg/rights_load.sh: contacts, assessments, referrals drafted and
# sent, one record a batch; sw-plan due, a report, the case list). The
# anchor: as many pgbench sessions, each running one INSERT a
# transaction into a bare table of the contacts' columns, no audit row.
# Compared as time per single-record write (target: ours at least half
# the anchor's throughput). Checked afterwards: no command failed, no
# client saw another's case, every write stored, the audit chain.
if [ $pg_wanted = yes ] && wants 11; then
	NL=${BENCH_LOAD_CLIENTS:-50} SL=${BENCH_LOAD_SECONDS:-60}
	note "figure 11: $NL clients under rights for $SL s"
	CW_BIN="$SW" sh "$TOP/tests/pg/rights_load.sh" "$PGDIR" "$PGPORT" cw_load \
		"$NL" "$SL" "$W/load" >"$W/load.txt" 2>"$W/load.err" ||
		die "figure 11: $(tail -n 1 "$W/load.err")"
	read -r _ _ _ _ _ lw _ lr _ lf _ lv <"$W/load.txt"
	ls=$(pg_count cw_load "SELECT (SELECT count(*) FROM contacts) + (SELECT count(*) FROM assessments) + (SELECT count(*) FROM referrals) + (SELECT count(*) FROM referral_events WHERE to_state = 'sent')")
	"$SW/sw-admin" check --db "$(pguri cw_load)" >/dev/null 2>"$W/load-check.err" &&
		lchain=verified || lchain="NOT verified: $(tail -n 1 "$W/load-check.err")"
	echo "   11: $NL clients, $SL s: $lw single-record writes ($ls stored), $lr reads, $lf commands failed, $lv lists showing another's case; the audit chain $lchain" >>"$W/notes"
	[ "$lf" = 0 ] && [ "$lv" = 0 ] && [ "$ls" = "$lw" ] ||
		note "figure 11: error: failures ($lf), wrong lists ($lv) or writes lost ($lw told, $ls stored): see $W/load"
	pgsql cw_load -c "CREATE TABLE public.bare (LIKE casework.contacts INCLUDING IDENTITY INCLUDING DEFAULTS)" ||
		die "figure 11: the bare table"
	echo "INSERT INTO public.bare (case_id, date, kind, minutes, worker, note, created_at, batch_id) VALUES (1, '2026-11-10', 'phone', 10, 'x', NULL, now(), 1);" >"$W/bare.sql"
	note "figure 11: $NL pgbench sessions for $SL s"
	"$(pg_config --bindir)/pgbench" -n -c "$NL" -j 2 -T "$SL" -f "$W/bare.sql" \
		-h "$PGDIR" -p "$PGPORT" -U cw_test cw_load >"$W/pgbench.txt" 2>&1 ||
		die "figure 11: pgbench: $(tail -n 1 "$W/pgbench.txt")"
	tps=$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' "$W/pgbench.txt" | head -n 1)
	ours=$(awk -v w="$lw" -v s="$SL" 'BEGIN { if (w > 0) printf "%.6f", s / w; else print "-" }')
	anchor=$(awk -v t="$tps" 'BEGIN { if (t > 0) printf "%.6f", 1 / t; else print "-" }')
	row "11 pg: $NL clients under rights, per write" "$ours" "$anchor" 2 - -
fi
pg_stop

# ---- figure 12: sw-admin verify, every record against its digest ----------------------
# (issue 18, point 3) A database of CLIENTS clients and their cases made by
# sw-intake add (figure 1's when it has digests, else made here), and
# VERIFY_CONTACTS contacts and their group sessions with their digests and
# the batch's digest entries chained onto the trail (gen audited-contacts,
# as sw-plan contacts writes them): sw-admin verify checks the chain and
# every record, under 10 s; beside it sqlite3 reading the same rows.
if wants 12; then
	VC=${BENCH_VERIFY_CONTACTS:-$CLIENTS}
	DB12=$W/verify-$CLIENTS-$VC.db
	if [ ! -s "$DB12" ] || [ "$(sqlite3 "$DB12" 'PRAGMA user_version')" -lt 5 ]; then
		rm -f "$DB12" "$DB12.tmp"
		DB1=$W/add-$CLIENTS.db
		if [ -s "$DB1" ] && [ "$(sqlite3 "$DB1" "SELECT count(*) FROM audit WHERE action = 'digest'" 2>/dev/null)" -gt 0 ] 2>/dev/null; then
			note "figure 12: copying figure 1's database"
			sqlite3 "$DB1" ".backup '$DB12.tmp'" || die "backup"
		else
			note "figure 12: sw-intake add, $CLIENTS rows"
			new_db "$DB12.tmp"
			"$SW/sw-intake" add --db "$DB12.tmp" "$CSV" >/dev/null 2>"$W/verify-add.err" ||
				die "sw-intake add for figure 12: $(tail -n 1 "$W/verify-add.err")"
		fi
		head=$("$SW/sw-admin" head --db "$DB12.tmp" -o csv | tail -n 1)
		nb=$(sqlite3 "$DB12.tmp" "SELECT max(id) + 1 FROM batches")
		nc=$(sqlite3 "$DB12.tmp" "SELECT count(*) FROM cases")
		note "figure 12: $VC contacts with their digests (gen audited-contacts)"
		"$GEN" -b "$nb" audited-contacts "$nc" "$VC" "$head" |
			sqlite3 -bail "$DB12.tmp" >/dev/null || die "gen audited-contacts"
		mv "$DB12.tmp" "$DB12"
	fi
	SQL12="SELECT * FROM clients; SELECT * FROM cases; SELECT * FROM contacts;
	  SELECT * FROM group_sessions"
	r=1
	while [ $r -le "$REPS" ]; do
		note "figure 12: sw-admin verify, run $r/$REPS"
		timed verify "$W/verify.csv" "$W/verify.err" "$SW/sw-admin" verify \
			--db "$DB12" -o csv
		note "figure 12: sqlite3 reading the same rows, run $r/$REPS"
		timed verify-sql /dev/null "$W/verify-sql.err" sqlite3 "$DB12" "$SQL12"
		r=$((r + 1))
	done
	checked=$(tail -n 1 "$W/verify.csv" | cut -d, -f5)
	note "figure 12: $checked records checked, $(head -c 300 "$W/verify.err" | wc -l) lines of failures"
	echo "  12: sw-admin verify checked ${checked:-no} records ($(sqlite3 "$DB12" "SELECT count(*) FROM clients") clients, $(sqlite3 "$DB12" "SELECT count(*) FROM cases") cases, $VC contacts and their group sessions), exit $(status verify)" >>"$W/notes"
	row "12 verify ${checked:-?} records vs sqlite3 reading" "$(median verify)" \
		"$(median verify-sql)" - "$(peak verify)" - 10
fi

# ---- profile -------------------------------------------------------------------------
# Self time by function (perf record, no call graphs), top of the list.
profile() {
	name=$1
	shift
	note "profile: perf record $name"
	perf record -o "$W/perf-$name.data" "$@" >/dev/null 2>&1
	perf report -i "$W/perf-$name.data" --no-children --stdio --sort dso,symbol \
		2>/dev/null | awk '/^ +[0-9.]+%/ { printf "   %7s  %-28s %s\n", $1, $2, $4 }' |
		head -n 20 >"$W/profile-$name.txt"
}
if [ "${BENCH_PROFILE:-0}" = 1 ]; then
	if have perf; then
		f=$W/clients-20000.csv
		[ -s "$f" ] || "$GEN" clients 20000 >"$f"
		new_db "$W/prof.db"
		profile add "$SW/sw-intake" add --db "$W/prof.db" "$f"
		profile dry-run "$SW/sw-intake" add --dry-run -o jsonl --db "$W/none.db" "$f"
		[ -s "$W/services.db" ] && profile report "$SW/sw-report" services \
			--db "$W/services.db" --year 2025 --by month,kind -o csv
	else
		note "profile: perf is not installed"
	fi
fi

# ---- the table -------------------------------------------------------------------------
END=$(date +%s)
{
	echo "casework benchmarks ($(date +%Y-%m-%d), $(nproc 2>/dev/null) cores, load $LOAD0 -> $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null); $((END - START)) s)"
	echo "sizes: clients $CLIENTS, contacts $CONTACTS, due cases $DUE_CASES; medians of $REPS runs (fast ones: hyperfine, >= 30 runs)"
	if have git && git -C "$TOP" rev-parse --git-dir >/dev/null 2>&1; then
		echo "tree: $(git -C "$TOP" log -1 --format=%h 2>/dev/null), $(git -C "$TOP" status --porcelain -- lib cmd 2>/dev/null | wc -l) files of lib/ and cmd/ changed since"
	fi
	echo
	printf "%-44s %10s %10s %8s %10s %-20s %s\n" figure ours anchor ratio target "peak memory" verdict
	cat "$TABLE"
	[ -s "$W/notes" ] && { echo; cat "$W/notes"; }
	[ -s "$W/growth.txt" ] && { echo; cat "$W/growth.txt"; }
	for p in add dry-run report; do
		[ -s "$W/profile-$p.txt" ] || continue
		echo
		case $p in
		add) echo "profile of sw-intake add, 20000 rows (perf, self time):" ;;
		dry-run) echo "profile of sw-intake add --dry-run -o jsonl, 20000 rows (perf, self time):" ;;
		report) echo "profile of sw-report services over $CONTACTS contacts (perf, self time):" ;;
		esac
		cat "$W/profile-$p.txt"
	done
} >"$W/results.txt"
rm -f "$W/notes"
cat "$W/results.txt"
if [ "$DRYEQ" = no ]; then
	note "error: the dry run of sw-intake add does not follow the real run (see 'dry run = real run' above)"
	exit 1
fi
