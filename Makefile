# casework - build, test and install.  See README.md.
#
#   make           build the commands and libcasework
#   make demo      run a sample casework batch on ./demo.db
#   make check     every test, plain and under ASan+UBSan
#   make install   PREFIX=/usr/local DESTDIR= ...

VERSION    = 0.1.0
# The shared library's own version: its major number is the soname's,
# raised with every incompatible change of the API (1: the verbs and the
# command line left casework.h; see libcasework(3), HISTORY).
SOVERSION  = 1
LIBVERSION = $(SOVERSION).0.0

PREFIX     ?= /usr/local
BINDIR     ?= $(PREFIX)/bin
LIBDIR     ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
MANDIR     ?= $(PREFIX)/share/man
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig

CC      ?= cc
CFLAGS  ?= -O2 -g
# Warnings and the language level are not the user's to drop. Each
# compilation also writes the headers it read to a .d file beside its
# output (-MMD -MP), which make reads back below.
ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Wshadow \
	     -Wpedantic -MMD -MP -fPIC -pthread -Ilib $(DEP_CFLAGS) $(CFLAGS)
DEP_PKGS = sqlite3 nettle libcjson libpq xlsxwriter libzip expat
DEP_CFLAGS = $(shell pkg-config --cflags $(DEP_PKGS) 2>/dev/null)
DEP_LIBS   = $(shell pkg-config --libs sqlite3 nettle libcjson expat 2>/dev/null || echo -lsqlite3 -lnettle -lcjson -lexpat) -lcsv -ldl -pthread

# Where objects go: build/ normally, build-san/ for the sanitizer suite.
B ?= build

LIB_SRC = $(sort $(wildcard lib/*/*.c lib/*/*/*.c))
LIB_OBJ = $(LIB_SRC:lib/%.c=$(B)/lib/%.o)
CMDS    = sw-intake sw-assess sw-plan sw-refer sw-project sw-report sw-admin
CMD_BIN = $(CMDS:%=$(B)/bin/%)
UNIT_SRC = $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)
FUZZ_TARGETS = records instrument text xlsx
FUZZ_BIN = $(FUZZ_TARGETS:%=$(B)/tests/fuzz_%)
MANS    = man/casework.7 man/libcasework.3 $(CMDS:%=man/%.1)

all: $(CMD_BIN) $(B)/libcasework.a $(B)/libcasework.so.$(LIBVERSION)

# ---- dependencies: Debian packages ----------------------------------------
# Plain make never installs anything: it names what is missing and stops.
# make deps installs what is missing (as root, with apt-get); make check,
# make demo, make bench and make fuzz call it first, the last two adding
# their own packages. Each entry: package:kind:what, where kind is lib (a
# pkg-config module), bin (a command), file (a path) or rt (a library of
# clang's runtime). The build needs BUILD_DEPS; the tests also CHECK_DEPS
# (mandoc lints the man pages, prove runs the tests, sqlite3 inspects
# databases, faketime sets the clock, PostgreSQL's server runs a throwaway
# cluster for make test-pg: pg_config, from libpq-dev, finds its programs;
# python3-openpyxl reads back the workbooks the commands write).
BUILD_DEPS = pkg-config:bin:pkg-config libsqlite3-dev:lib:sqlite3 \
	     nettle-dev:lib:nettle libcjson-dev:lib:libcjson \
	     libcsv-dev:file:/usr/include/csv.h libpq-dev:lib:libpq \
	     libxlsxwriter-dev:lib:xlsxwriter libzip-dev:lib:libzip \
	     libexpat1-dev:lib:expat
CHECK_DEPS = mandoc:bin:mandoc perl:bin:prove sqlite3:bin:sqlite3 \
	     faketime:bin:faketime libpq-dev:bin:pg_config \
	     python3-openpyxl:file:/usr/lib/python3/dist-packages/openpyxl/__init__.py \
	     postgresql-15:file:/usr/lib/postgresql/15/bin/initdb
# The spreadsheet round trip (tests/e2e/spreadsheet.t) opens our output in
# LibreOffice: installed when it can be, its test skipped when not.
SHEET_DEPS = libreoffice-calc-nogui:bin:soffice
BENCH_DEPS = time:file:/usr/bin/time miller:bin:mlr
# make bench's figures 7-10 run a PostgreSQL server of their own (its
# initdb, found by pg_config as tests/pg/cluster.sh does); BENCH_PG=0
# leaves them out.
ifneq ($(BENCH_PG),0)
BENCH_DEPS += postgresql:file:$(shell pg_config --bindir 2>/dev/null)/initdb
endif
FUZZ_DEPS  = clang:bin:clang libclang-rt-14-dev:rt:libclang_rt.fuzzer

# $(call missing,ENTRIES): a shell command that sets m to the packages of
# ENTRIES whose test fails, each after a space.
define missing
m=""; for d in $(1); do \
	pkg=$${d%%:*}; what=$${d##*:}; kind=$${d%:*}; kind=$${kind##*:}; \
	case $$kind in \
	lib) pkg-config --exists "$$what" 2>/dev/null ;; \
	bin) command -v "$$what" >/dev/null 2>&1 ;; \
	file) [ -e "$$what" ] ;; \
	rt) command -v clang >/dev/null 2>&1 && \
	    [ -e "$$(clang --print-runtime-dir)/$$what-$$(uname -m).a" ] ;; \
	esac || m="$$m $$pkg"; \
done
endef

# $(call install,ENTRIES,WHAT): installs the missing packages of ENTRIES
# as root, or names them and fails.
define install
$(call missing,$(1)); \
if [ -n "$$m" ]; then \
	echo "$(2) needs these Debian packages:$$m"; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "installing them with apt-get"; \
		apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$m \
			>/dev/null || exit 1; \
	else \
		echo "install them (as root: apt-get install$$m) and run make $(or $(MAKECMDGOALS),$@) again"; \
		exit 1; \
	fi; \
fi
endef

# The server's package would make and start a cluster of the system's
# own: Debian's createcluster.d is told not to (the tests make theirs).
deps:
	@if [ "$$(id -u)" = 0 ] && [ ! -e /usr/lib/postgresql/15/bin/initdb ]; then \
		mkdir -p /etc/postgresql-common/createcluster.d && \
		echo 'create_main_cluster = false' \
			>/etc/postgresql-common/createcluster.d/casework-tests.conf; \
	fi
	@$(call install,$(BUILD_DEPS) $(CHECK_DEPS),casework)
	@$(call missing,$(SHEET_DEPS)); \
	if [ -n "$$m" ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			echo "installing$$m for the spreadsheet round trip"; \
			apt-get update -qq && \
			DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$m \
				>/dev/null 2>&1 || \
			echo "could not install$$m: the spreadsheet round trip will be skipped"; \
		else \
			echo "without$$m the spreadsheet round trip is skipped (as root: apt-get install$$m)"; \
		fi; \
	fi

# What every compilation waits for: the build's packages, checked, never
# installed.
build-deps:
	@$(call missing,$(BUILD_DEPS)); \
	if [ -n "$$m" ]; then \
		echo "casework cannot be built: these Debian packages are missing:$$m"; \
		echo "run make deps as root to install them (or apt-get install$$m)"; \
		exit 1; \
	fi

# ---- the library and the commands ------------------------------------------
# The built-in instrument definitions, embedded as a table {file name,
# JSON text} that lib/assess/registry.c declares (od and sed: no xxd needed).
INSTRUMENTS = $(sort $(wildcard lib/assess/instruments/*.json))
LIB_OBJ += $(B)/gen/builtin_instruments.o
$(B)/gen/builtin_instruments.c: $(INSTRUMENTS)
	@mkdir -p $(@D)
	@{ echo '/* generated by make from the JSON files in lib/assess/instruments: do not edit */'; \
	  echo '#include <stddef.h>'; \
	  echo 'struct assess_builtin_instrument { const char *file; const char *json; size_t len; };'; \
	  i=0; for f in $(INSTRUMENTS); do \
		echo "static const unsigned char d$$i[] = {"; \
		od -An -v -tx1 "$$f" | sed 's/ \([0-9a-f][0-9a-f]\)/0x\1,/g'; \
		echo '0 };'; i=$$((i + 1)); \
	  done; \
	  echo 'const struct assess_builtin_instrument assess_builtin_instruments[] = {'; \
	  i=0; for f in $(INSTRUMENTS); do \
		echo "  { \"$${f##*/}\", (const char *)d$$i, sizeof d$$i - 1 },"; i=$$((i + 1)); \
	  done; \
	  echo '  { NULL, NULL, 0 } };'; \
	  echo "const size_t assess_builtin_instruments_count = $$i;"; } > $@
$(B)/gen/builtin_instruments.o: $(B)/gen/builtin_instruments.c
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(B)/lib/%.o: lib/%.c | build-deps
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(B)/libcasework.a: $(LIB_OBJ)
	rm -f $@
	$(AR) qcs $@ $(LIB_OBJ)

# Only the names of lib/libcasework.map (casework.h's API) are exported.
$(B)/libcasework.so.$(LIBVERSION): $(LIB_OBJ) lib/libcasework.map
	$(CC) $(ALL_CFLAGS) -shared -Wl,-soname,libcasework.so.$(SOVERSION) \
		-Wl,--version-script=lib/libcasework.map \
		-o $@ $(LIB_OBJ) $(DEP_LIBS) $(LDFLAGS)

$(B)/bin/%: cmd/%.c $(B)/libcasework.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(B)/libcasework.a $(DEP_LIBS) $(LDFLAGS)

$(B)/tests/%: tests/unit/%.c $(B)/libcasework.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(B)/libcasework.a $(DEP_LIBS) $(LDFLAGS)

# The fuzz targets built with a plain driver: make check runs them over the
# seed corpora and every crash kept as a regression (tests/fuzz/corpus).
# The target last: the .d file holds the headers of the last source.
$(B)/tests/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/driver.c $(B)/libcasework.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ tests/fuzz/driver.c $< $(B)/libcasework.a $(DEP_LIBS) $(LDFLAGS)

# The headers each object and program was built from (none the first time,
# when everything is built anyway).
-include $(LIB_OBJ:.o=.d) $(CMD_BIN:=.d) $(UNIT_BIN:=.d) $(FUZZ_BIN:=.d)

# ---- tests ------------------------------------------------------------------
SAN_FLAGS = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
	    -fno-sanitize-recover=all

# The plain suite, its end-to-end tests once more against PostgreSQL,
# then the same suite built with the sanitizers.
check: deps
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory test B=build
	@$(MAKE) --no-print-directory test-pg B=build
	@$(MAKE) --no-print-directory test B=build-san CFLAGS="$(SAN_FLAGS)" \
		LDFLAGS="-fsanitize=address,undefined"

# One suite: unit tests (C, TAP) and end-to-end tests (shell, TAP), with
# this build's commands first in PATH. Everything runs under C.UTF-8, two
# test files at a time, except robust.t (eight writers at once) and
# progress.t (a clock twenty times as fast), which run each in its turn.
PROVE_JOBS ?= 2
PROVE_RULES = --rules='seq=tests/e2e/robust.t' \
	      --rules='seq=tests/e2e/progress.t' --rules='par=**'
test: $(CMD_BIN) $(UNIT_BIN) $(FUZZ_BIN)
	@echo "== test suite in $(B)/"
	@LC_ALL=C.UTF-8 TZ=UTC CW_TOP="$(CURDIR)" CW_BIN="$(CURDIR)/$(B)/bin" \
		CW_UNIT="$(CURDIR)/$(B)/tests" \
		ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
		UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		PATH="$(CURDIR)/$(B)/bin:$$PATH" \
		prove -f -j$(PROVE_JOBS) $(PROVE_RULES) --exec "" \
			$(UNIT_BIN) tests/e2e/*.t

# The end-to-end tests against PostgreSQL (CW_BACKEND=pg, tests/e2e/lib.sh):
# a throwaway cluster (tests/pg/cluster.sh: initdb -A trust in a temporary
# folder, listening only on a Unix socket there, as the postgres user when
# run as root), stopped and removed at the end, whatever happened. The
# port names the socket only; PG_PORT chooses another.
PG_PORT ?= 5491
PG_TESTS ?= tests/e2e/*.t
test-pg: $(CMD_BIN)
	@echo "== end-to-end tests on PostgreSQL, $(B)/"
	@d=$$(mktemp -d "$${TMPDIR:-/tmp}/cw-pg.XXXXXX") || exit 1; \
	trap 'sh "$(CURDIR)/tests/pg/cluster.sh" stop "$$d"' EXIT; \
	trap 'exit 130' INT; trap 'exit 143' TERM; trap 'exit 129' HUP; \
	sh tests/pg/cluster.sh start "$$d" $(PG_PORT) || exit 1; \
	LC_ALL=C.UTF-8 TZ=UTC CW_TOP="$(CURDIR)" CW_BIN="$(CURDIR)/$(B)/bin" \
		CW_BACKEND=pg CW_PG_HOST="$$d" CW_PG_PORT=$(PG_PORT) \
		PATH="$(CURDIR)/$(B)/bin:$$PATH" \
		prove -f -j$(PROVE_JOBS) $(PROVE_RULES) --exec "" $(PG_TESTS)

# The end-to-end tests with every command run under valgrind (slow: run
# before a release, and after touching memory handling); tests/valgrind.supp
# says what is not a leak.
check-valgrind: deps
	@$(MAKE) --no-print-directory all
	@rm -rf build/vg && mkdir -p build/vg
	@for c in $(CMDS); do \
		printf '#!/bin/sh\nexec valgrind -q --suppressions="%s" --leak-check=full --errors-for-leak-kinds=all --error-exitcode=99 "%s" "$$@"\n' \
			"$(CURDIR)/tests/valgrind.supp" "$(CURDIR)/build/bin/$$c" > build/vg/$$c; chmod +x build/vg/$$c; done
	@LC_ALL=C.UTF-8 TZ=UTC CW_TOP="$(CURDIR)" PATH="$(CURDIR)/build/vg:$$PATH" \
		prove -f -j$(PROVE_JOBS) $(PROVE_RULES) tests/e2e/*.t

# libFuzzer over our own code (the Debian libraries are not instrumented):
# each target runs FUZZ_SECONDS from the seed corpus; a crash is saved in
# build-fuzz/ and belongs in tests/fuzz/corpus/TARGET as a regression.
FUZZ_SECONDS ?= 60
FUZZ_SAN = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer
fuzz: deps
	@$(call install,$(FUZZ_DEPS),make fuzz)
	@$(MAKE) --no-print-directory B=build-fuzz CC=clang \
		CFLAGS="$(FUZZ_SAN) -fsanitize=fuzzer-no-link" \
		LDFLAGS="-fsanitize=address,undefined" build-fuzz/libcasework.a
	@for t in $(FUZZ_TARGETS); do \
		clang $(ALL_CFLAGS) $(FUZZ_SAN) -fsanitize=fuzzer -o build-fuzz/fuzz_$$t \
			tests/fuzz/fuzz_$$t.c build-fuzz/libcasework.a $(DEP_LIBS) || exit 1; \
	done
	@for t in $(FUZZ_TARGETS); do \
		mkdir -p build-fuzz/corpus/$$t; \
		echo "== fuzz_$$t for $(FUZZ_SECONDS) s"; \
		build-fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -timeout=10 \
			-rss_limit_mb=2048 -artifact_prefix=build-fuzz/crash-$$t- \
			build-fuzz/corpus/$$t tests/fuzz/corpus/$$t || exit 1; \
	done

# ---- benchmarks (issue 9): not tests, make check never runs them -----------
# Each figure side by side with its anchor (sqlite3, miller); the table goes
# to stdout and build/bench/results.txt, scratch data to build/bench/.
# BENCH_QUICK=1 for small sizes; BENCH_CLIENTS, BENCH_CONTACTS and the others
# are described in tests/bench/run.sh. GNU time (peak memory) and miller are
# installed when missing, like the deps above; hyperfine and perf are used
# when present.
build/bench/gen: tests/bench/gen.c
	@mkdir -p $(@D)
	$(CC) -std=c11 -O2 -Wall -Wextra -Wshadow -Wpedantic -o $@ tests/bench/gen.c -lnettle
bench: deps
	@$(call install,$(BENCH_DEPS),make bench)
	@$(MAKE) --no-print-directory all build/bench/gen
	@CW_BIN="$(CURDIR)/build/bin" GEN="$(CURDIR)/build/bench/gen" sh tests/bench/run.sh
.PHONY: bench

# ---- the demo -------------------------------------------------------------
demo: deps
	@$(MAKE) --no-print-directory all
	@CW_BIN="$(CURDIR)/build/bin" sh tests/demo.sh

# ---- install ----------------------------------------------------------------
install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR) \
		$(DESTDIR)$(INCLUDEDIR) $(DESTDIR)$(PKGCONFIGDIR) \
		$(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man3 $(DESTDIR)$(MANDIR)/man7
	install -m 755 $(CMD_BIN) $(DESTDIR)$(BINDIR)/
	install -m 644 build/libcasework.a $(DESTDIR)$(LIBDIR)/
	install -m 755 build/libcasework.so.$(LIBVERSION) $(DESTDIR)$(LIBDIR)/
	ln -sf libcasework.so.$(LIBVERSION) $(DESTDIR)$(LIBDIR)/libcasework.so.$(SOVERSION)
	ln -sf libcasework.so.$(SOVERSION) $(DESTDIR)$(LIBDIR)/libcasework.so
	install -m 644 lib/casework.h $(DESTDIR)$(INCLUDEDIR)/
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' \
	    -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' -e 's|@VERSION@|$(VERSION)|' \
	    lib/libcasework.pc.in > $(DESTDIR)$(PKGCONFIGDIR)/libcasework.pc
	install -m 644 $(CMDS:%=man/%.1) $(DESTDIR)$(MANDIR)/man1/
	install -m 644 man/libcasework.3 $(DESTDIR)$(MANDIR)/man3/
	install -m 644 man/casework.7 $(DESTDIR)$(MANDIR)/man7/

uninstall:
	rm -f $(CMDS:%=$(DESTDIR)$(BINDIR)/%) \
	      $(DESTDIR)$(LIBDIR)/libcasework.a $(DESTDIR)$(LIBDIR)/libcasework.so* \
	      $(DESTDIR)$(INCLUDEDIR)/casework.h $(DESTDIR)$(PKGCONFIGDIR)/libcasework.pc \
	      $(CMDS:%=$(DESTDIR)$(MANDIR)/man1/%.1) $(DESTDIR)$(MANDIR)/man3/libcasework.3 \
	      $(DESTDIR)$(MANDIR)/man7/casework.7

clean:
	rm -rf build build-san build-fuzz demo.db demo.db-wal demo.db-shm demo-out

.PHONY: all deps build-deps check check-valgrind test test-pg demo fuzz install uninstall clean
.DELETE_ON_ERROR:
