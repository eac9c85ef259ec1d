#!/bin/sh
# make install honours PREFIX and DESTDIR, and what it installs works:
# a program built against the installed header, library and .pc file.
. "$CW_TOP/tests/e2e/lib.sh"
sqlite_file "no database here: run once, with the SQLite suite"

stage="$T/stage"
run env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -C "$CW_TOP" install DESTDIR="$stage" PREFIX=/opt/cw
check_rc 0 "make install with DESTDIR and PREFIX"
for f in bin/sw-intake bin/sw-assess bin/sw-plan bin/sw-refer bin/sw-project bin/sw-report lib/libcasework.a lib/libcasework.so.1.0.0 \
	include/casework.h lib/pkgconfig/libcasework.pc \
	share/man/man1/sw-intake.1 share/man/man1/sw-assess.1 \
	share/man/man1/sw-plan.1 share/man/man1/sw-refer.1 share/man/man1/sw-project.1 \
	share/man/man1/sw-report.1 \
	share/man/man3/libcasework.3 \
	share/man/man7/casework.7; do
	check "installed $f" test -e "$stage/opt/cw/$f"
done
check "soname link libcasework.so.1" test "$(readlink "$stage/opt/cw/lib/libcasework.so.1")" = libcasework.so.1.0.0
check "the shared library carries its soname" sh -c "objdump -p '$stage/opt/cw/lib/libcasework.so.1.0.0' | grep -q 'SONAME *libcasework.so.1$'"

# The shared library exports the names of lib/libcasework.map and no
# other, and the map lists only what the installed header declares.
nm -D --defined-only "$stage/opt/cw/lib/libcasework.so.1.0.0" | awk '{sub(/@.*/, "", $3)} $3 != "LIBCASEWORK_1" {print $3}' | sort >exported
sed -n 's/^[[:space:]]*\(cw_[a-z0-9_]*\);$/\1/p' "$CW_TOP/lib/libcasework.map" | sort >listed
comm -23 exported listed >outside
if [ -s outside ]; then not_ok "every exported name is in lib/libcasework.map"; diag outside; else
	ok "every exported name is in lib/libcasework.map"; fi
check "the map lists names (it was read)" test "$(wc -l <listed)" -gt 100
: >undeclared
while read -r name; do
	grep -qw "$name" "$stage/opt/cw/include/casework.h" || echo "$name" >>undeclared
done <listed
if [ -s undeclared ]; then not_ok "every name of the map is declared in the installed casework.h"; diag undeclared; else
	ok "every name of the map is declared in the installed casework.h"; fi
check "the verbs are not in the installed header" sh -c "! grep -Eq 'cw_intake_add|cw_main|cw_cli_parse|intake_add' '$stage/opt/cw/include/casework.h'"
check "the .pc file names the prefix" grep -qx 'prefix=/opt/cw' "$stage/opt/cw/lib/pkgconfig/libcasework.pc"

cat >prog.c <<'C'
#include <casework.h>
#include <stdio.h>
int main(void)
{
	char out[32];
	cw_date d;
	const char *why;
	if (cw_date_parse("2026年3月5日", &d, &why) ||
	    cw_date_add(d, (cw_duration){1, 'm'}, &d))
		return 1;
	cw_date_format(d, out);
	printf("%s\n", out);
	return 0;
}
C
PKG_CONFIG_PATH="$stage/opt/cw/lib/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$stage" \
	run sh -c 'cc -o prog prog.c $(pkg-config --cflags libcasework) $(pkg-config --libs --static libcasework)'
check_rc 0 "a program compiles and links against the installed library"
LD_LIBRARY_PATH="$stage/opt/cw/lib" run ./prog
check_rc 0 "and runs"
check_out "2026-04-05" "with the installed library's behaviour"
run "$stage/opt/cw/bin/sw-intake" --version
check_out "sw-intake (casework) 0.1.0" "the installed command runs"
done_testing
