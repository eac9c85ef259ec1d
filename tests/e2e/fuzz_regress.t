#!/bin/sh
# The fuzz targets over their seed corpora and every crash the fuzzers
# found (kept in tests/fuzz/corpus as regressions): none may crash, leak
# (under the sanitizer build) or hang.
. "$CW_TOP/tests/e2e/lib.sh"
sqlite_file "no database here: run once, with the SQLite suite"
for t in records instrument text xlsx; do
	bin="${CW_UNIT:-$CW_TOP/build/tests}/fuzz_$t"
	for f in "$CW_TOP"/tests/fuzz/corpus/$t/*; do
		[ -e "$f" ] || continue
		if "$bin" "$f" >/dev/null 2>"$T/err"; then
			ok "fuzz_$t: $(basename "$f")"
		else
			not_ok "fuzz_$t: $(basename "$f")"
			diag "$T/err"
		fi
	done
done
done_testing
