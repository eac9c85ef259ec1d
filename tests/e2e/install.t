#!/bin/sh
# make install honours PREFIX and DESTDIR, and what it installs works:
# a program built against the installed header, library and .pc file.
. "$CW_TOP/tests/e2e/lib.sh"

stage="$T/stage"
run env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -C "$CW_TOP" install DESTDIR="$stage" PREFIX=/opt/cw
check_rc 0 "make install with DESTDIR and PREFIX"
for f in bin/sw-intake bin/sw-assess bin/sw-plan bin/sw-refer bin/sw-report lib/libcasework.a lib/libcasework.so.0.1.0 \
	include/casework.h lib/pkgconfig/libcasework.pc \
	share/man/man1/sw-intake.1 share/man/man1/sw-assess.1 \
	share/man/man1/sw-plan.1 share/man/man1/sw-refer.1 share/man/man1/sw-report.1 \
	share/man/man3/libcasework.3 \
	share/man/man7/casework.7; do
	check "installed $f" test -e "$stage/opt/cw/$f"
done
check "soname link libcasework.so.0" test "$(readlink "$stage/opt/cw/lib/libcasework.so.0")" = libcasework.so.0.1.0
check "the shared library carries its soname" sh -c "objdump -p '$stage/opt/cw/lib/libcasework.so.0.1.0' | grep -q 'SONAME *libcasework.so.0$'"
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
