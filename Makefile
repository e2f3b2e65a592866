# lecap — nightly consolidation batch of Le Cap self-assessments.
#
#   make                 build bin/lecap (release: no test hooks)
#   make test-bin        build-test/bin/lecap: with the crash/pause points the
#                        integration tests drive (also made by make unit-bin)
#   make check           every test (unit + integration on a throwaway PostgreSQL)
#   make demo            the main job on a private cluster (./var/pg, or
#                        /var/lib/lecap-demo/ when postgres cannot reach the clone)
#   make demo-stop       stop that cluster;  make demo-clean  remove it and ./var/
#   make bench           SIZE=10000 RUNS=3: stage timings against their references
#   make install         PREFIX=/usr/local DESTDIR=
#   make deb             lecap_<version>_amd64.deb (debian/, debhelper), lintian
#   make SANITIZE=address,undefined    build with sanitizers
#   make fuzz FUZZ_SECONDS=600   libFuzzer harnesses;  make fuzz-coverage  their line coverage
#   make valgrind        memcheck
#   make V=1             show full commands;  WERROR=0  warnings are not errors

PREFIX  ?= /usr/local
DESTDIR ?=
BINDIR   = $(PREFIX)/bin
MANDIR   = $(PREFIX)/share/man
SHAREDIR = $(PREFIX)/share/lecap

CC      ?= gcc
WERROR  ?= 1
SANITIZE ?=
BUILD   ?= build
BIN     ?= bin/lecap

# Warnings, one reason each:
WARNINGS  = -Wall -Wextra            # the baseline
WARNINGS += -Wformat=2               # printf-family format strings checked, non-literal ones flagged
WARNINGS += -Wmissing-prototypes     # every non-static function declared in a header
WARNINGS += -Wstrict-prototypes      # no old-style f() declarations
WARNINGS += -Wvla                    # no variable-length arrays: stack use stays bounded
WARNINGS += -Wwrite-strings          # string literals are const
ifeq ($(WERROR),1)
WARNINGS += -Werror
endif

PKGS     = libpq criterion
PKG_CFLAGS := $(shell pkg-config --cflags libpq 2>/dev/null) $(shell pkg-config --cflags libcurl 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs libpq 2>/dev/null) $(shell pkg-config --libs libcurl 2>/dev/null)
CRIT_CFLAGS := $(shell pkg-config --cflags criterion 2>/dev/null)
CRIT_LIBS   := $(shell pkg-config --libs criterion 2>/dev/null)

CFLAGS  ?= -O2 -g
ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(WARNINGS) $(CFLAGS) \
             -Isrc -Ireports -I$(BUILD) $(PKG_CFLAGS) -MMD -MP
LDLIBS_ALL = $(PKG_LIBS) -lcsv -lhpdf -ldeflate -lxlsxwriter -lcrypto -lpthread -lm
ifneq ($(SANITIZE),)
ALL_CFLAGS += -fsanitize=$(SANITIZE) -fno-omit-frame-pointer
LDFLAGS    += -fsanitize=$(SANITIZE)
endif

# Test hooks (the crash and pause points of src/base/signals.h) are compiled
# only into test builds: build-test/bin/lecap (make test-bin, also built by
# make unit-bin), which the integration tests drive, and any sanitized build.
# bin/lecap and the Debian package are release binaries without them.
TEST_BUILD = build-test
TEST_BIN   = $(TEST_BUILD)/bin/lecap
TEST_HOOKS ?= $(if $(SANITIZE),1,0)
ifeq ($(TEST_HOOKS),1)
ALL_CFLAGS += -DLECAP_TEST_HOOKS
endif

ifeq ($(V),1)
Q =
quiet = @:
else
Q = @
quiet = @printf '  %-7s %s\n'
endif

VERSION := $(shell cat VERSION 2>/dev/null || echo 0.0.0)

SRC_C     := $(sort $(wildcard src/*/*.c) $(wildcard reports/*.c))
CMD_C     := $(sort $(wildcard cmd/*.c))
SQL_FILES := $(sort $(wildcard sql/[0-9][0-9][0-9]_*.sql))
SQL_OBJS  := $(sort $(wildcard sql/fonctions/*.sql) $(wildcard sql/vues/*.sql))
SRC_O     := $(SRC_C:%.c=$(BUILD)/%.o) $(BUILD)/sql_embedded.o
CMD_O     := $(CMD_C:%.c=$(BUILD)/%.o)
UNIT_C    := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN  := $(UNIT_C:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: all man deb check check-asan unit-bin test-bin demo demo-stop demo-clean install clean deps bench fuzz fuzz-bin fuzz-coverage valgrind
all: $(BIN)

$(BIN): $(CMD_O) $(BUILD)/liblecap.a
	@mkdir -p $(dir $@)
	$(quiet) LINK $@
	$(Q)$(CC) $(LDFLAGS) -o $@ $(CMD_O) $(BUILD)/liblecap.a $(LDLIBS_ALL)

$(BUILD)/liblecap.a: $(SRC_O)
	$(quiet) AR $@
	$(Q)rm -f $@ && ar rcs $@ $^

$(BUILD)/%.o: %.c $(BUILD)/version.h
	@mkdir -p $(dir $@)
	$(quiet) CC $@
	$(Q)$(CC) $(ALL_CFLAGS) -c -o $@ $<

# The migrations, functions and views are embedded in the binary so that
# bin/lecap needs no installed share/ to run; they are also installed for
# the DBA to read.
$(BUILD)/sql_embedded.c: $(SQL_FILES) $(SQL_OBJS) scripts/embed-sql.sh
	@mkdir -p $(BUILD)
	$(quiet) GEN $@
	$(Q)sh scripts/embed-sql.sh $(SQL_FILES) -- $(SQL_OBJS) > $@.tmp && mv $@.tmp $@

$(BUILD)/sql_embedded.o: $(BUILD)/sql_embedded.c
	$(quiet) CC $@
	$(Q)$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/version.h: VERSION
	@mkdir -p $(BUILD)
	$(Q)printf '#define LECAP_VERSION "%s"\n' "$(VERSION)" > $@.tmp && mv $@.tmp $@

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/liblecap.a
	@mkdir -p $(dir $@)
	$(quiet) CC $@
	$(Q)$(CC) $(ALL_CFLAGS) $(CRIT_CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/liblecap.a $(CRIT_LIBS) $(LDLIBS_ALL)

# The manual page lecap(1), written by lecap itself from the tables behind
# --help and the config reader (cmd/man.c): it cannot go stale.
man: $(BUILD)/lecap.1
$(BUILD)/lecap.1: $(BIN)
	$(quiet) GEN $@
	$(Q)$(BIN) --page-man > $@.tmp && mv $@.tmp $@

deps:
	@sh scripts/deps.sh

# The plain unit tests come with the test build of lecap that the
# integration tests drive (a sanitized build is itself a test build).
unit-bin: $(UNIT_BIN) $(if $(filter 1,$(TEST_HOOKS)),,test-bin)

test-bin:
	@$(MAKE) --no-print-directory BUILD=$(TEST_BUILD) BIN=$(TEST_BIN) TEST_HOOKS=1 $(TEST_BIN)

# make check: install what is missing, then every test twice: as built, and
# built with AddressSanitizer, UndefinedBehaviorSanitizer and LeakSanitizer
# (any sanitizer report fails the run). The last line is "N passed, N failed".
ASAN_BUILD = build-asan
# Then each libFuzzer harness runs CHECK_FUZZ_SECONDS (30; 0 skips them) on its
# seed corpus: a finding counts as a failed test.
CHECK_FUZZ_SECONDS ?= 30
check: deps
	@$(MAKE) --no-print-directory all unit-bin
	@$(MAKE) --no-print-directory BUILD=$(ASAN_BUILD) BIN=$(ASAN_BUILD)/bin/lecap \
		SANITIZE=address,undefined CFLAGS="-O1 -g" $(ASAN_BUILD)/bin/lecap unit-bin
	@if [ "$(CHECK_FUZZ_SECONDS)" != 0 ]; then $(MAKE) --no-print-directory fuzz-bin && \
		{ sh tests/fuzz/run.sh $(CHECK_FUZZ_SECONDS) $(FUZZ_BIN); echo $$? >$(FUZZ_BUILD)/check.rc; }; \
	else rm -f $(FUZZ_BUILD)/check.rc; fi
	@FUZZ_RESULT=$(FUZZ_BUILD)/check.rc FUZZ_COUNT=$(words $(FUZZ_BIN)) \
		sh tests/check.sh "$(BUILD)" "$(ASAN_BUILD)"

# Only the sanitized suites.
check-asan: deps
	@$(MAKE) --no-print-directory BUILD=$(ASAN_BUILD) BIN=$(ASAN_BUILD)/bin/lecap \
		SANITIZE=address,undefined CFLAGS="-O1 -g" $(ASAN_BUILD)/bin/lecap unit-bin
	@sh tests/check.sh "$(ASAN_BUILD)"

demo: deps
	@$(MAKE) --no-print-directory all
	@sh scripts/demo.sh

# The demo's cluster: stop it; remove it with the demo's data under var/.
demo-stop:
	@sh scripts/demo.sh stop
demo-clean:
	@sh scripts/demo.sh clean

# make deb: lecap_<VERSION>_amd64.deb in the clone, built by debhelper from
# debian/ in a copy of the tree (scripts/deb.sh), checked by lintian.
DEB_PACKAGES = debhelper dpkg-dev fakeroot lintian
deb:
	@sh scripts/deps.sh $(DEB_PACKAGES)
	@sh scripts/deb.sh

# make bench [SIZE=10000] [RUNS=3]: every stage against its reference, on a
# fresh private cluster per run (scripts/bench/bench.sh); not part of make check.
SIZE ?= 10000
RUNS ?= 3
bench:
	@sh scripts/deps.sh time pgloader python3
	@$(MAKE) --no-print-directory all
	@SIZE=$(SIZE) RUNS=$(RUNS) bash scripts/bench/bench.sh

# Fuzzing with libFuzzer (clang): one harness per input reader, seeded from
# tests/fuzz/corpus/<name>/; crashers are kept in tests/fuzz/crashes/.
FUZZ_SECONDS ?= 60
FUZZ_BUILD = build-fuzz
FUZZ_C := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BIN := $(FUZZ_C:tests/fuzz/%.c=$(FUZZ_BUILD)/%)
fuzz-bin:
	@sh scripts/deps.sh clang libclang-rt-14-dev
	@$(MAKE) --no-print-directory CC=clang BUILD=$(FUZZ_BUILD) WERROR=0 \
		CFLAGS="-O1 -g -fsanitize=fuzzer-no-link,address,undefined" $(FUZZ_BUILD)/liblecap.a
	@for f in $(FUZZ_C); do n=$$(basename $$f .c); \
		echo "  FUZZ    $(FUZZ_BUILD)/$$n"; \
		clang -std=c11 -O1 -g -fsanitize=fuzzer,address,undefined -Isrc -I$(FUZZ_BUILD) \
			$(PKG_CFLAGS) -o $(FUZZ_BUILD)/$$n $$f $(FUZZ_BUILD)/liblecap.a $(LDLIBS_ALL) || exit 1; \
	done
fuzz: fuzz-bin
	@sh tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_BIN)

# Line and branch coverage of the code each harness targets, replaying its
# committed corpus once (clang source-based coverage; docs/fiabilite.md).
# FUZZ_CORPUS=DIR replays DIR/<name>/ instead of tests/fuzz/corpus/<name>/.
FUZZCOV_BUILD = build-fuzzcov
FUZZ_CORPUS ?= tests/fuzz/corpus
fuzz-coverage:
	@sh scripts/deps.sh clang libclang-rt-14-dev llvm-14
	@$(MAKE) --no-print-directory CC=clang BUILD=$(FUZZCOV_BUILD) WERROR=0 \
		CFLAGS="-O1 -g -fprofile-instr-generate -fcoverage-mapping" $(FUZZCOV_BUILD)/liblecap.a
	@for f in $(FUZZ_C); do n=$$(basename $$f .c); \
		clang -std=c11 -O1 -g -fsanitize=fuzzer -fprofile-instr-generate -fcoverage-mapping \
			-Isrc -I$(FUZZCOV_BUILD) $(PKG_CFLAGS) -o $(FUZZCOV_BUILD)/$$n $$f \
			$(FUZZCOV_BUILD)/liblecap.a $(LDLIBS_ALL) || exit 1; \
	done
	@sh tests/fuzz/coverage.sh $(FUZZCOV_BUILD) $(FUZZ_CORPUS)

# The parser and report tests and a small network under valgrind (memcheck);
# not part of make check (a few minutes).
valgrind: deps
	@sh scripts/deps.sh valgrind
	@$(MAKE) --no-print-directory all unit-bin
	@sh scripts/valgrind.sh

install: $(BIN) $(BUILD)/lecap.1
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(SHAREDIR)/sql $(DESTDIR)$(SHAREDIR)/config
	install -d $(DESTDIR)$(SHAREDIR)/sql/fonctions $(DESTDIR)$(SHAREDIR)/sql/vues
	install -m 0755 $(BIN) $(DESTDIR)$(BINDIR)/lecap
	install -d $(DESTDIR)$(MANDIR)/man1
	install -m 0644 $(BUILD)/lecap.1 $(DESTDIR)$(MANDIR)/man1/lecap.1
	install -m 0644 $(SQL_FILES) $(DESTDIR)$(SHAREDIR)/sql/
	install -m 0644 sql/fonctions/*.sql $(DESTDIR)$(SHAREDIR)/sql/fonctions/
	install -m 0644 sql/vues/*.sql $(DESTDIR)$(SHAREDIR)/sql/vues/
	install -m 0644 config/lecap.conf.example config/*.csv config/vision.txt config/cron.example $(DESTDIR)$(SHAREDIR)/config/
	install -d $(DESTDIR)$(SHAREDIR)/config/systemd $(DESTDIR)$(SHAREDIR)/doc
	install -m 0644 config/systemd/lecap.service config/systemd/lecap.timer $(DESTDIR)$(SHAREDIR)/config/systemd/
	install -m 0644 README.md docs/*.md $(DESTDIR)$(SHAREDIR)/doc/

clean:
	rm -rf build build-asan build-test build-fuzz build-fuzzcov bin

-include $(SRC_O:.o=.d) $(CMD_O:.o=.d) $(UNIT_BIN:%=%.d)
