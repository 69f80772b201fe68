# jiceng - one plain Makefile.
#
# Targets
#   make            build bin/jiceng (installs missing Debian packages first: scripts/install-deps.sh)
#   make run        build (the server and the web console), create var/demo.db when absent
#                   (jiceng demo), serve it on :8080
#   make test       build and run every test: unit (cmocka), API (node:test over real HTTP),
#                   end-to-end (the console in Debian's chromium), reliability (faults, crashes),
#                   the unit and API tests again under ASan + LSan + UBSan, the unit tests under
#                   Valgrind, and a short run of every fuzzer
#   make reliability  fault injection in every handler; 10 SIGKILL crash cycles
#   make crashtest  100 crash cycles
#   make fuzz       libFuzzer targets, FUZZ_SECONDS each (30)
#   make valgrind   the unit tests under memcheck
#   make web        build the web console (web/dist) when it is missing or stale
#   make e2e        the end-to-end browser tests only; screenshots in test-artifacts/
#   make asan       the sanitizer build (ASan, LSan, UBSan): the unit tests and the API tests
#   make bench      benchmarks (bench/), prints a table; not part of `make test`
#   make bench-web  the web console's benchmarks (bundle, first load, 10 000 children)
#   make loadtest   wrk: mixed reads and writes, 100 connections, 60 s, on the demo; 0 errors
#   make bench-orglife  a county's year of organisational-life compliance
#   make bench-orglife-national  every branch of the national tree judged on a year (SCALE=1)
#   make bench-writes   durable writes: meetings of 30 attendees at 1-64 connections
#   make clean
# Knobs
#   MODE=release|debug   (default release: -O2; debug: -O0 -g)
#   V=1                  show the full compiler command lines
#   DB=var/demo.db PORT=8080   for `make run`
#   SCALE=0.01           for `make bench` (fraction of the national data set)
#   NATIONAL_SCALE=1     for `make bench-orglife-national`

CC       ?= gcc
Q         = $(if $(V),,@)
MODE     ?= release
DB       ?= var/demo.db
PORT     ?= 8080
SCALE    ?= 0.01
NATIONAL_SCALE ?= 1
LOAD_DURATION ?= 60s
PKGS      = libh2o-evloop jansson sqlite3 openssl libzip expat xlsxwriter libsodium liboath libqrencode pangocairo
OPT_release = -O2
OPT_debug   = -O0 -g
CFLAGS_BASE = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -DH2O_USE_LIBUV=0 \
              -Wall -Wextra -Werror -Wshadow -Wno-missing-field-initializers -Wno-format-truncation -Isrc -Ibuild/gen -g
CFLAGS   += $(CFLAGS_BASE) $(OPT_$(MODE)) $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LDLIBS   += $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lcsv -lcrack -lpthread -lm

SRC      := $(wildcard src/*/*.c)
MAIN     := src/cli/main.c
LIB_SRC  := $(filter-out $(MAIN),$(SRC)) build/gen/migrations_data.c
LIB_OBJ  := $(patsubst %.c,build/$(MODE)/%.o,$(LIB_SRC))
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(patsubst tests/unit/%.c,build/$(MODE)/tests/%,$(UNIT_SRC))
DEPS_STAMP := build/.deps-installed

.PHONY: all run test unit valgrind api e2e reliability crashtest web asan fuzz loadtest bench bench-web bench-orglife bench-orglife-national bench-writes clean deps
all: bin/jiceng

deps: $(DEPS_STAMP)
$(DEPS_STAMP): scripts/install-deps.sh data/package.json
	bash scripts/install-deps.sh
	@mkdir -p build && touch $@

build/gen/migrations_data.c: $(sort $(wildcard migrations/*.sql)) scripts/embed-migrations.sh
	@mkdir -p $(dir $@)
	$(Q)sh scripts/embed-migrations.sh $(sort $(wildcard migrations/*.sql)) > $@

build/$(MODE)/%.o: %.c | $(DEPS_STAMP) build/gen/migrations_data.c
	@mkdir -p $(dir $@)
	@$(if $(V),,echo "  CC    $<")
	$(Q)$(CC) $(CFLAGS) -MMD -MP -c $< -o $@

build/$(MODE)/libjiceng.a: $(LIB_OBJ)
	$(Q)rm -f $@ && ar rcs $@ $^

bin/jiceng: build/$(MODE)/$(MAIN:.c=.o) build/$(MODE)/libjiceng.a
	@mkdir -p bin
	@$(if $(V),,echo "  LINK  $@")
	$(Q)$(CC) $(CFLAGS) -o $@ $^ $(LDFLAGS) $(LDLIBS)

build/$(MODE)/tests/%: tests/unit/%.c build/$(MODE)/libjiceng.a
	@mkdir -p $(dir $@)
	@$(if $(V),,echo "  TEST  $@")
	$(Q)$(CC) $(CFLAGS) -o $@ $^ $(LDFLAGS) $(LDLIBS) -lcmocka

# The web console: npm packages from web/package-lock.json, then vite into web/dist.
WEB_SRC := $(shell find web/src -type f 2>/dev/null) web/index.html web/vite.config.js web/package-lock.json

web: web/dist/index.html

web/node_modules/.package-lock.json: web/package-lock.json | $(DEPS_STAMP)
	cd web && npm ci --no-audit --no-fund --loglevel=error

web/dist/index.html: $(WEB_SRC) web/node_modules/.package-lock.json
	@echo "  VITE  web/dist"
	$(Q)cd web && npx vite build --logLevel $(if $(V),info,warn)

run: bin/jiceng web/dist/index.html
	@mkdir -p $(dir $(DB))
	@test -f $(DB) || ./bin/jiceng demo --db $(DB)
	@echo "demo logins: staff, secretary, organiser, discipline, member, sysadmin, secadmin, auditadmin;"
	@echo "password Jiceng-Demo-2026; second factor: ./bin/jiceng otp LOGIN --db $(DB)"
	./bin/jiceng serve --db $(DB) --port $(PORT)

unit: $(UNIT_BIN)
	@set -e; for t in $(UNIT_BIN); do $$t; done

# The unit tests under Valgrind's memcheck: any error or definite leak fails.
valgrind: $(UNIT_BIN)
	@set -e; for t in $(UNIT_BIN); do echo "  VALGRIND $$t"; \
	  valgrind -q --error-exitcode=1 --leak-check=full --show-leak-kinds=definite --errors-for-leak-kinds=definite $$t >/dev/null; done

api: bin/jiceng
	node --test --test-concurrency=1 tests/api/

e2e: bin/jiceng web/dist/index.html
	node --test --test-concurrency=1 tests/e2e/

test: all
	$(MAKE) unit
	$(MAKE) api
	$(MAKE) e2e
	$(MAKE) reliability
	$(MAKE) asan
	$(MAKE) valgrind
	$(MAKE) fuzz

# Issue 8's proofs over real HTTP: a database fault at every call of every handler answered
# cleanly with nothing written, and crash consistency under SIGKILL (CRASH_CYCLES, 10 here; make
# crashtest runs 100).
CRASH_CYCLES ?= 10
reliability: bin/jiceng
	CRASH_CYCLES=$(CRASH_CYCLES) node --test --test-concurrency=1 tests/reliability/

crashtest: bin/jiceng
	CRASH_CYCLES=100 node --test tests/reliability/crash.test.mjs

# The unit tests, then the API tests and the fault injection against the server built the same
# way (JICENG_BIN): a sanitizer report or a leak in any server - also on the error paths each
# injected fault takes - fails its test file (tests/api/harness.mjs).
ASAN_ENV = ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
           UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
asan:
	$(MAKE) MODE=asan unit build/asan/jiceng
	$(ASAN_ENV) JICENG_BIN=build/asan/jiceng node --test --test-concurrency=1 tests/api/ tests/reliability/faults.test.mjs

build/$(MODE)/jiceng: build/$(MODE)/$(MAIN:.c=.o) build/$(MODE)/libjiceng.a
	@$(if $(V),,echo "  LINK  $@")
	$(Q)$(CC) $(CFLAGS) -o $@ $^ $(LDFLAGS) $(LDLIBS)
OPT_asan = -O1 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
build/asan/%: LDFLAGS += -fsanitize=address,undefined

# Fuzzing with clang's libFuzzer (fuzz/fuzz_*.c), built with ASan and UBSan: each target replays
# its regressions (fuzz/regressions/TARGET/, every crash ever found) and then runs FUZZ_SECONDS
# from its seeds (fuzz/corpus/TARGET/); what it finds goes to test-artifacts/fuzz/ (fuzz/run.sh).
FUZZ_SECONDS ?= 30
FUZZ_TARGETS := $(patsubst fuzz/%.c,%,$(wildcard fuzz/fuzz_*.c))
OPT_fuzz = -O1 -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all \
           -Wno-unknown-warning-option
fuzz:
	$(MAKE) MODE=fuzz CC=clang $(FUZZ_TARGETS:%=build/fuzz/%)
	bash fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_TARGETS)

build/fuzz/fuzz_%: fuzz/fuzz_%.c build/fuzz/libjiceng.a
	@mkdir -p $(dir $@)
	@$(if $(V),,echo "  FUZZ  $@")
	$(Q)$(CC) $(CFLAGS) -fsanitize=fuzzer,address,undefined -o $@ $^ $(LDFLAGS) $(LDLIBS)

bench: bin/jiceng build/$(MODE)/bench/bench_store
	bash bench/run.sh $(SCALE)

bench-web: bin/jiceng web/dist/index.html
	node bench/web.mjs

loadtest: bin/jiceng
	bash bench/loadtest.sh $(LOAD_DURATION)

bench-writes: bin/jiceng
	bash bench/writes.sh

bench-orglife: bin/jiceng
	bash bench/orglife.sh

bench-orglife-national: bin/jiceng
	bash bench/orglife-national.sh $(NATIONAL_SCALE)

clean:
	rm -rf build bin

-include $(LIB_OBJ:.o=.d)

build/$(MODE)/bench/%: bench/%.c build/$(MODE)/libjiceng.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $^ $(LDFLAGS) $(LDLIBS)
