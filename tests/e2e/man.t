#!/bin/sh
# man.t - the man pages pass mandoc's lint with no message, and the
# SYNOPSIS of each command's page names the same verbs and options, in the
# same order, as the "usage:" lines of its --help.
#
# Run from make check (CW_TOP is the repository, the fresh build's bin
# comes first in PATH), or by hand:
#   CW_TOP=$PWD PATH=$PWD/build/bin:$PATH prove -v tests/e2e/man.t
set -u
: "${CW_TOP:=$(cd "$(dirname "$0")/../.." && pwd)}"
export LC_ALL=C.UTF-8
T=$(mktemp -d "${TMPDIR:-/tmp}/cw-man.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT

n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; }
skip() { n=$((n + 1)); echo "ok $n # SKIP $1"; }
diag() { sed 's/^/# /' "$@" >&2; }

# The pages every build installs must be there.
for page in casework.7 libcasework.3 sw-intake.1; do
	if [ -f "$CW_TOP/man/$page" ]; then ok "man/$page exists"; else
		not_ok "man/$page exists"; fi
done

# Lint: exit status and output are checked apart, so that a page with
# only warnings or only an error says which.
have_mandoc=0
command -v mandoc >/dev/null 2>&1 && have_mandoc=1
for page in "$CW_TOP"/man/*.[1-9]; do
	[ -f "$page" ] || continue
	name=man/${page##*/}
	if [ "$have_mandoc" = 0 ]; then
		skip "mandoc not installed"
		skip "mandoc not installed"
		continue
	fi
	mandoc -T lint -W error "$page" >"$T/lint" 2>&1
	rc=$?
	if [ "$rc" -eq 0 ]; then ok "$name: mandoc -T lint -W error exits 0"; else
		not_ok "$name: mandoc -T lint -W error exits 0 (got $rc)"; fi
	if [ ! -s "$T/lint" ]; then ok "$name: mandoc -T lint -W error says nothing"; else
		not_ok "$name: mandoc -T lint -W error says nothing"; diag "$T/lint"; fi
done

# What a page's SYNOPSIS names, one "verb X" or "option --X" per line in
# the order written: the .Cm after each .Nm, and every Fl's argument.
synopsis_of_page() {
	awk '
	/^\.Sh / { in_syn = ($0 == ".Sh SYNOPSIS"); next }
	!in_syn { next }
	{
		gsub(/\\-/, "-")
		k = split($0, w, /[ \t]+/)
		if (w[1] == ".Nm") {
			if (k >= 4 && w[3] == "Cm")
				print "verb " w[4]
			else
				want_verb = 1
			next
		}
		if (want_verb && w[1] == ".Cm")
			print "verb " w[2]
		want_verb = 0
		for (i = 1; i < k; i++)
			if (w[i] == "Fl" || w[i] == ".Fl") {
				f = w[i + 1]
				sub(/=.*/, "", f)
				print "option -" f
			}
	}' "$1"
}

# The same from --help output: the block from the line starting "usage:"
# to the first empty line; a verb is the word after the program's name.
synopsis_of_help() {
	awk -v prog="$2" '
	/^usage:/ { u = 1 }
	u && /^[ \t]*$/ { exit }
	!u { next }
	{
		line = $0
		k = split(line, w, /[ \t]+/)
		for (i = 1; i < k; i++)
			if (w[i] == prog) {
				print "verb " w[i + 1]
				break
			}
		while (match(line, /(^|[[ \t|])--?[A-Za-z0-9][A-Za-z0-9-]*/)) {
			tok = substr(line, RSTART, RLENGTH)
			sub(/^[[ \t|]/, "", tok)
			print "option " tok
			line = substr(line, RSTART + RLENGTH)
		}
	}' "$1"
}

for page in "$CW_TOP"/man/sw-*.1; do
	[ -f "$page" ] || continue
	cmd=${page##*/}
	cmd=${cmd%.1}
	if ! command -v "$cmd" >/dev/null 2>&1; then
		not_ok "$cmd: command found in PATH"
		continue
	fi
	"$cmd" --help >"$T/help" 2>"$T/help.err"
	rc=$?
	if [ "$rc" -eq 0 ]; then ok "$cmd --help exits 0"; else
		not_ok "$cmd --help exits 0 (got $rc)"; fi
	if [ ! -s "$T/help.err" ]; then ok "$cmd --help writes nothing on stderr"; else
		not_ok "$cmd --help writes nothing on stderr"; diag "$T/help.err"; fi

	synopsis_of_page "$page" >"$T/page"
	synopsis_of_help "$T/help" "$cmd" >"$T/usage"
	if grep -q '^verb ' "$T/usage"; then ok "$cmd --help has a usage: block with verbs"; else
		not_ok "$cmd --help has a usage: block with verbs"; diag "$T/help"; fi

	for what in verb option; do
		grep "^$what " "$T/page" | sort -u >"$T/page.set"
		grep "^$what " "$T/usage" | sort -u >"$T/usage.set"
		if cmp -s "$T/page.set" "$T/usage.set"; then
			ok "$cmd: SYNOPSIS and --help name the same ${what}s"
		else
			not_ok "$cmd: SYNOPSIS and --help name the same ${what}s"
			diff "$T/usage.set" "$T/page.set" | sed 's/^/# --help vs man: /' >&2
		fi
	done
	if cmp -s "$T/page" "$T/usage"; then
		ok "$cmd: SYNOPSIS and --help give them in the same order"
	else
		not_ok "$cmd: SYNOPSIS and --help give them in the same order"
		diff "$T/usage" "$T/page" | sed 's/^/# --help vs man: /' >&2
	fi
done

echo "1..$n"
exit $((failed > 0))
