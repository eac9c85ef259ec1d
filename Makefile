# casework - build, test and install.  See README.md.
#
#   make           build the commands and libcasework
#   make demo      run a sample casework batch on ./demo.db
#   make check     every test, plain and under ASan+UBSan
#   make install   PREFIX=/usr/local DESTDIR= ...

VERSION    = 0.1.0
SOVERSION  = 0

PREFIX     ?= /usr/local
BINDIR     ?= $(PREFIX)/bin
LIBDIR     ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
MANDIR     ?= $(PREFIX)/share/man
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig

CC      ?= cc
CFLAGS  ?= -O2 -g
# Warnings and the language level are not the user's to drop.
ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -fPIC \
	     -Ilib $(DEP_CFLAGS) $(CFLAGS)
DEP_PKGS = sqlite3 nettle libcjson
DEP_CFLAGS = $(shell pkg-config --cflags $(DEP_PKGS) 2>/dev/null)
DEP_LIBS   = $(shell pkg-config --libs sqlite3 nettle 2>/dev/null || echo -lsqlite3 -lnettle) -lcsv
TEST_LIBS  = $(shell pkg-config --libs libcjson 2>/dev/null || echo -lcjson)

# Where objects go: build/ normally, build-san/ for the sanitizer suite.
B ?= build

LIB_SRC = $(sort $(wildcard lib/*.c))
LIB_OBJ = $(LIB_SRC:lib/%.c=$(B)/lib/%.o)
CMDS    = sw-intake
CMD_BIN = $(CMDS:%=$(B)/bin/%)
UNIT_SRC = $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)
MANS    = man/casework.7 man/libcasework.3 $(CMDS:%=man/%.1)

all: deps $(CMD_BIN) $(B)/libcasework.a $(B)/libcasework.so.$(VERSION)

# ---- dependencies: Debian packages, installed when missing ---------------
# Each entry: package:test. The build needs the first group; the tests
# also need mandoc (man page lint) and perl's prove.
BUILD_DEPS = pkg-config:pkg-config libsqlite3-dev:sqlite3 nettle-dev:nettle \
	     libcjson-dev:libcjson libcsv-dev:/usr/include/csv.h
CHECK_DEPS = mandoc:mandoc perl:prove sqlite3:sqlite3
DEPS_STAMP = build/.deps-ok

deps: $(DEPS_STAMP)
$(DEPS_STAMP):
	@missing=""; \
	for d in $(BUILD_DEPS) $(CHECK_DEPS); do \
		pkg=$${d%%:*}; t=$${d#*:}; \
		case $$t in \
		/*) [ -e "$$t" ] || missing="$$missing $$pkg" ;; \
		pkg-config|mandoc|prove|sqlite3) command -v $$t >/dev/null 2>&1 || missing="$$missing $$pkg" ;; \
		*) pkg-config --exists $$t 2>/dev/null || missing="$$missing $$pkg" ;; \
		esac; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "casework needs these Debian packages:$$missing"; \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			echo "installing them with apt-get"; \
			apt-get update -qq && \
			DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null || exit 1; \
		else \
			echo "install them (as root: apt-get install$$missing) and run make again"; \
			exit 1; \
		fi; \
	fi
	@mkdir -p build && touch $@

# ---- the library and the commands ------------------------------------------
$(B)/lib/%.o: lib/%.c lib/casework.h lib/reader_priv.h lib/db_priv.h | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(B)/libcasework.a: $(LIB_OBJ)
	rm -f $@
	$(AR) rcs $@ $(LIB_OBJ)

$(B)/libcasework.so.$(VERSION): $(LIB_OBJ)
	$(CC) $(ALL_CFLAGS) -shared -Wl,-soname,libcasework.so.$(SOVERSION) \
		-o $@ $(LIB_OBJ) $(DEP_LIBS) $(LDFLAGS)

$(B)/bin/%: cmd/%.c $(B)/libcasework.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(B)/libcasework.a $(DEP_LIBS) $(LDFLAGS)

$(B)/tests/%: tests/unit/%.c tests/unit/tap.h $(B)/libcasework.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(B)/libcasework.a $(DEP_LIBS) $(TEST_LIBS) $(LDFLAGS)

# ---- tests ------------------------------------------------------------------
SAN_FLAGS = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
	    -fno-sanitize-recover=all

# The plain suite, then the same suite built with the sanitizers.
check: all
	@$(MAKE) --no-print-directory test B=build
	@$(MAKE) --no-print-directory test B=build-san CFLAGS="$(SAN_FLAGS)" \
		LDFLAGS="-fsanitize=address,undefined"

# One suite: unit tests (C, TAP) and end-to-end tests (shell, TAP), with
# this build's commands first in PATH. Everything runs under C.UTF-8.
test: $(CMD_BIN) $(UNIT_BIN)
	@echo "== test suite in $(B)/"
	@LC_ALL=C.UTF-8 TZ=UTC CW_TOP="$(CURDIR)" CW_BIN="$(CURDIR)/$(B)/bin" \
		CW_UNIT="$(CURDIR)/$(B)/tests" \
		ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
		UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		PATH="$(CURDIR)/$(B)/bin:$$PATH" \
		prove -f --exec "" $(UNIT_BIN) tests/e2e/*.t

# The end-to-end tests with every command run under valgrind (slow: run
# before a release, and after touching memory handling).
check-valgrind: all
	@rm -rf build/vg && mkdir -p build/vg
	@for c in $(CMDS); do \
		printf '#!/bin/sh\nexec valgrind -q --leak-check=full --errors-for-leak-kinds=all --error-exitcode=99 "%s" "$$@"\n' \
			"$(CURDIR)/build/bin/$$c" > build/vg/$$c; chmod +x build/vg/$$c; done
	@LC_ALL=C.UTF-8 TZ=UTC CW_TOP="$(CURDIR)" PATH="$(CURDIR)/build/vg:$$PATH" \
		prove -f tests/e2e/*.t

# ---- the demo -------------------------------------------------------------
demo: all
	@CW_BIN="$(CURDIR)/build/bin" sh tests/demo.sh

# ---- install ----------------------------------------------------------------
install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR) \
		$(DESTDIR)$(INCLUDEDIR) $(DESTDIR)$(PKGCONFIGDIR) \
		$(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man3 $(DESTDIR)$(MANDIR)/man7
	install -m 755 $(CMD_BIN) $(DESTDIR)$(BINDIR)/
	install -m 644 build/libcasework.a $(DESTDIR)$(LIBDIR)/
	install -m 755 build/libcasework.so.$(VERSION) $(DESTDIR)$(LIBDIR)/
	ln -sf libcasework.so.$(VERSION) $(DESTDIR)$(LIBDIR)/libcasework.so.$(SOVERSION)
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
	rm -rf build build-san demo.db demo.db-wal demo.db-shm demo-out

.PHONY: all deps check check-valgrind test demo install uninstall clean
.DELETE_ON_ERROR:
