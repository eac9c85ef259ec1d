# lib.sh - helpers for the end-to-end tests: TAP output, a scratch folder,
# and a way to run a command that keeps its exit status, stdout and stderr
# apart (never piping the command under test into another).
set -u
: "${CW_TOP:?run through make check}"
export LC_ALL=C.UTF-8 TZ="${TZ:-UTC}"
unset CASEWORK_DB CASEWORK_CONFIG CASEWORK_USER
export CASEWORK_USER=tester
T=$(mktemp -d "${TMPDIR:-/tmp}/cw-test.XXXXXX")
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 1
n=0
failed=0

plan() { :; }  # the plan is printed at the end by done_testing
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; }
diag() { sed 's/^/# /' "$@" >&2; }
skip() { n=$((n + 1)); echo "ok $n # SKIP $1"; }

# run CMD ARGS... : stdout in $T/out, stderr in $T/err, status in $rc.
run() {
	"$@" >"$T/out" 2>"$T/err"
	rc=$?
	return 0
}
# run_in FILE CMD ARGS... : the same with standard input from FILE.
run_in() {
	f=$1
	shift
	"$@" <"$f" >"$T/out" 2>"$T/err"
	rc=$?
	return 0
}

check_rc() {
	if [ "$rc" -eq "$1" ]; then ok "$2 (exit $1)"; else
		not_ok "$2 (exit $rc, want $1)"; diag "$T/err"; fi
}
# check_out EXPECTED DESC : stdout is exactly EXPECTED plus a newline,
# or empty when EXPECTED is empty.
check_out() {
	if [ -z "$1" ]; then : >"$T/want"; else printf '%s\n' "$1" >"$T/want"; fi
	if cmp -s "$T/want" "$T/out"; then ok "$2"; else
		not_ok "$2"; diff "$T/want" "$T/out" | sed 's/^/# /' >&2; fi
}
check_err() {
	if [ -z "$1" ]; then : >"$T/want"; else printf '%s\n' "$1" >"$T/want"; fi
	if cmp -s "$T/want" "$T/err"; then ok "$2"; else
		not_ok "$2"; diff "$T/want" "$T/err" | sed 's/^/# /' >&2; fi
}
# check_err_line LINE DESC : stderr has LINE as one of its lines.
check_err_line() {
	if grep -qxF -- "$1" "$T/err"; then ok "$2"; else
		not_ok "$2"; echo "# want: $1" >&2; diag "$T/err"; fi
}
check_file() {
	if cmp -s "$1" "$2"; then ok "$3"; else
		not_ok "$3"; diff "$1" "$2" | sed 's/^/# /' >&2; fi
}
check() { # check DESC COMMAND... : passes when COMMAND succeeds
	d=$1; shift
	if "$@"; then ok "$d"; else not_ok "$d"; fi
}
# The database's whole content, to prove a failed command changed nothing.
dbdump() { sqlite3 "$1" .dump 2>&1; }
done_testing() { echo "1..$n"; exit $((failed > 0)); }
