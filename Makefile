# Koers — one entry point. `make` builds, `make up` starts the local stack,
# `make test` runs every test (unit, integration, black-box, spec lint) with
# AddressSanitizer + UndefinedBehaviorSanitizer. See README.md.

SERVICES := casedesk surveys processes programmes notifications iam
FLAVOUR  ?= rel
B        := build/$(FLAVOUR)
PYTHON   ?= /usr/bin/python3

PKGS     := libulfius jansson hiredis libpq openssl libmicrohttpd
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lpthread -lm

WARN   := -std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
          -Wformat=2 -Wvla -D_GNU_SOURCE
ifeq ($(FLAVOUR),asan)
OPT    := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined
LDOPT  := -fsanitize=address,undefined
else
OPT    := -O2 -g
LDOPT  :=
endif
CFLAGS  = $(WARN) $(OPT) -Ishared/include $(PKG_CFLAGS) -MMD -MP
LDFLAGS = $(LDOPT)

SHARED_SRC := $(wildcard shared/src/*.c)
SHARED_OBJ := $(SHARED_SRC:%.c=$(B)/obj/%.o)
LIBKOERS   := $(B)/lib/libkoers.a
SHARED_SQL := $(sort $(wildcard shared/sql/*.sql))

.PHONY: all build test unit integration blackbox browser lint-spec lint-layers k8s-validate tests-built up down demo bench bench-surveys bench-casedesk-stats bench-memory bench-threads bench-processes bench-programmes bench-notifications fmt clean deps help compose-test
.DEFAULT_GOAL := all

all: build

help:
	@echo "make            build everything (build/rel)"
	@echo "make up         start PostgreSQL, Redis, the services and the gateway (127.0.0.1:8080)"
	@echo "make down       stop them"
	@echo "make demo       file cases, run a survey, analyse a process, walk a programme, receive notifications"
	@echo "make test       all tests with ASan+UBSan (unit, integration, black-box, browser, spec and layer lint)"
	@echo "make browser    the workplace in chromium against the real stack (FLAVOUR=asan as in make test)"
	@echo "make bench      benchmarks (pgbench ceiling, wrk against casedesk)"
	@echo "make bench-surveys  surveys results, gap, comparison, export at 100,000 responses"
	@echo "make bench-casedesk-stats  casedesk statistics per groupBy on 1,000,000 cases"
	@echo "make bench-processes       processes backlog and citizens' figures: 1,000 processes, 50,000 bottlenecks, 1,000,000 cases"
	@echo "make bench-programmes      programmes dashboards: 50 programmes, the heaviest 2,000 people, 50,000 invitations, 100,000 views"
	@echo "make bench-memory          every service's resident memory, idle and after requests"
	@echo "make bench-threads         GET and POST of a case per thread/pool size (2, 4, 6, 8)"
	@echo "make bench-notifications   notifications deliveries per second and CPU per delivery: 1,000 subscriptions, one timing out"
	@echo "make compose-test  docker-compose.yml for real: images, up, black-box, scale, down"
	@echo "make fmt        clang-format the C sources"

# ---- shared library --------------------------------------------------------
$(B)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -I$(B)/gen -c $< -o $@

$(B)/gen/platform_migrations.c: $(SHARED_SQL) shared/tools/embed.sh
	@mkdir -p $(dir $@)
	sh shared/tools/embed.sh migrations kc_platform_migrations $(SHARED_SQL) > $@

$(B)/obj/gen/platform_migrations.o: $(B)/gen/platform_migrations.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@

$(LIBKOERS): $(SHARED_OBJ) $(B)/obj/gen/platform_migrations.o
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

# the test support (shared/tests/support: koers_test.h, kt_states.h), an
# archive every unit and integration test links
TESTLIB_SRC := $(wildcard shared/tests/support/*.c)
TESTLIB     := $(B)/lib/libkoers_test.a
TEST_CFLAGS  = -Ishared/tests/support
$(TESTLIB): $(TESTLIB_SRC:%.c=$(B)/obj/%.o)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

# ---- services ---------------------------------------------------------------
define SERVICE_RULES
$(1)_SRC  := $$(sort $$(shell find services/$(1)/src -name '*.c'))
# the service's folders include each other's headers by path under src/
$$(B)/obj/services/$(1)/%.o: CFLAGS += -Iservices/$(1)/src
$(1)_OBJ  := $$($(1)_SRC:%.c=$$(B)/obj/%.o)
$(1)_LIBOBJ := $$(filter-out %/main.o,$$($(1)_OBJ))
$(1)_SQL  := $$(sort $$(wildcard services/$(1)/sql/*.sql))

$$(B)/gen/$(1)_migrations.c: $$($(1)_SQL) shared/tools/embed.sh
	@mkdir -p $$(dir $$@)
	sh shared/tools/embed.sh migrations $(1)_migrations $$($(1)_SQL) > $$@

$$(B)/gen/$(1)_openapi.json: api-spec/$(1).yaml shared/tools/yaml2json.py
	@mkdir -p $$(dir $$@)
	$$(PYTHON) shared/tools/yaml2json.py < $$< > $$@

$$(B)/gen/$(1)_openapi.c: $$(B)/gen/$(1)_openapi.json shared/tools/embed.sh
	sh shared/tools/embed.sh string $(1)_openapi_json $$< > $$@

$$(B)/obj/gen/$(1)_%.o: $$(B)/gen/$(1)_%.c
	@mkdir -p $$(dir $$@)
	$$(CC) $$(CFLAGS) -c $$< -o $$@

$(1)_GENOBJ := $$(B)/obj/gen/$(1)_migrations.o $$(B)/obj/gen/$(1)_openapi.o

$$(B)/bin/$(1): $$($(1)_OBJ) $$($(1)_GENOBJ) $$(LIBKOERS)
	@mkdir -p $$(dir $$@)
	$$(CC) $$(LDFLAGS) -o $$@ $$($(1)_OBJ) $$($(1)_GENOBJ) $$(LIBKOERS) $$(PKG_LIBS)

# the generated objects as an archive: a unit test pulls in only those it uses
$$(B)/lib/lib$(1)_gen.a: $$($(1)_GENOBJ)
	@mkdir -p $$(dir $$@)
	rm -f $$@ && ar rcs $$@ $$^

# unit tests of the service: tests/test_*.c, each linked with the modules it
# declares (see UNIT_TEST_RULE)
$(1)_TESTS := $$(patsubst services/$(1)/tests/%.c,$$(B)/test/$(1)/%,$$(wildcard services/$(1)/tests/test_*.c))

# integration tests of the service's code against the real database:
# tests/integration/test_<service>_*.c, linked like the unit tests (this
# pattern is more specific than the generic integration rule, so it wins)
$$(B)/test/integration/test_$(1)_%: tests/integration/test_$(1)_%.c tests/integration/it.h $$(wildcard tests/integration/$(1)_it.h) $$($(1)_LIBOBJ) $$($(1)_GENOBJ) $$(TESTLIB) $$(LIBKOERS)
	@mkdir -p $$(dir $$@)
	$$(CC) $$(CFLAGS) $$(TEST_CFLAGS) -Iservices/$(1)/src -o $$@ $$< $$($(1)_LIBOBJ) $$($(1)_GENOBJ) $$(TESTLIB) $$(LIBKOERS) $$(PKG_LIBS) -lcmocka $$(LDFLAGS)

BINS  += $$(B)/bin/$(1)
TESTS += $$($(1)_TESTS)
endef
$(foreach s,$(SERVICES),$(eval $(call SERVICE_RULES,$(s))))

# ---- unit tests: one module and fakes of the layer below ---------------------
# A unit test names in its own source what it links and what it fakes:
#   /* LINK: sla_calendar.c settings_model.c */   the service's modules it
#        links (all its other modules stay out; "*" is every one but main.c)
#   /* WRAP: survey_repo_get kc_db_acquire */     calls redirected to the
#        test's __wrap_<name> (-Wl,--wrap=<name>; a full -Wl,... flag works too)
# Either line may be repeated. Every test also gets the test helpers
# (shared/tests/support, koers_test.h), libkoers and the service's generated
# objects (migrations, OpenAPI document), as archives: it pulls what it uses.
comma := ,
test_lines = $(shell sed -n 's|^/\* *$(1): *\(.*\)\*/|\1|p' $(2))
test_wraps = $(foreach w,$(call test_lines,WRAP,$(1)),$(if $(filter -%,$(w)),$(w),-Wl$(comma)--wrap=$(w)))
test_link = $(foreach m,$(call test_lines,LINK,$(2)),$(if $(filter *,$(m)),$($(1)_LIBOBJ),$(B)/obj/services/$(1)/src/$(m:.c=.o)))

# $(1) service, $(2) test name (test_x for services/$(1)/tests/test_x.c)
define UNIT_TEST_RULE
$(1)_$(2)_SRC  := services/$(1)/tests/$(2).c
$$(if $$(call test_lines,LINK,$$($(1)_$(2)_SRC)),,$$(error $$($(1)_$(2)_SRC): no /* LINK: <modules> */ line))
$(1)_$(2)_LINK := $$(call test_link,$(1),$$($(1)_$(2)_SRC))
$$(B)/test/$(1)/$(2): $$($(1)_$(2)_SRC) $$($(1)_$(2)_LINK) $$(B)/lib/lib$(1)_gen.a $$(TESTLIB) $$(LIBKOERS)
	@mkdir -p $$(dir $$@)
	$$(CC) $$(CFLAGS) $$(TEST_CFLAGS) -Iservices/$(1)/src -o $$@ $$< $$($(1)_$(2)_LINK) $$(B)/lib/lib$(1)_gen.a $$(TESTLIB) $$(LIBKOERS) $$(PKG_LIBS) -lcmocka $$(LDFLAGS) $$(call test_wraps,$$<)
endef
$(foreach s,$(SERVICES),$(foreach t,$(basename $(notdir $(wildcard services/$(s)/tests/test_*.c))),$(eval $(call UNIT_TEST_RULE,$(s),$(t)))))

# ---- admin command ----------------------------------------------------------
$(B)/bin/koers-admin: $(B)/obj/shared/tools/koers_admin.o $(LIBKOERS)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)
BINS += $(B)/bin/koers-admin

# ---- shared unit tests ------------------------------------------------------
SHARED_TESTS := $(patsubst shared/tests/%.c,$(B)/test/shared/%,$(wildcard shared/tests/test_*.c))
$(B)/test/shared/%: shared/tests/%.c $(TESTLIB) $(LIBKOERS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(TEST_CFLAGS) -o $@ $< $(TESTLIB) $(LIBKOERS) $(PKG_LIBS) -lcmocka $(LDFLAGS) $(call test_wraps,$<)
TESTS += $(SHARED_TESTS)

build: $(BINS)

tests-built: $(BINS) $(TESTS)

# ---- tests ------------------------------------------------------------------
# `make test` = everything, sanitizers on. Each stage is its own target too.
# the release build first: -O2 warns about what the sanitizer build's -O1
# does not, and `make up` runs it
test:
	$(MAKE) lint-layers
	$(MAKE) lint-sql
	$(MAKE) FLAVOUR=rel build
	$(MAKE) FLAVOUR=asan tests-built
	$(MAKE) FLAVOUR=asan unit
	$(MAKE) FLAVOUR=asan integration
	$(MAKE) FLAVOUR=asan blackbox
	$(MAKE) FLAVOUR=asan browser
	$(MAKE) lint-spec
	$(MAKE) k8s-validate
	@echo "make test: all stages passed"

unit: $(TESTS)
	@set -e; for t in $(TESTS); do echo "== $$t"; ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 $$t; done

# integration tests: every tests/integration/test_*.c, built like the shared
# unit tests (test_<service>_*.c link the service's objects, see
# SERVICE_RULES), run by run.sh against a throwaway PostgreSQL and Redis
INTEGRATION_TESTS := $(patsubst tests/integration/%.c,$(B)/test/integration/%,$(wildcard tests/integration/test_*.c))
$(B)/test/integration/%: tests/integration/%.c tests/integration/it.h $(TESTLIB) $(LIBKOERS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(TEST_CFLAGS) -o $@ $< $(TESTLIB) $(LIBKOERS) $(PKG_LIBS) -lcmocka $(LDFLAGS)

integration: $(BINS) $(INTEGRATION_TESTS)
	BUILD=$(B) sh tests/integration/run.sh

blackbox: $(BINS)
	BUILD=$(B) sh tests/blackbox/run.sh

# the workplace in Debian's chromium (playwright-core, axe-core) against the
# real stack with the local identity provider; screenshots in run/browser
browser: $(BINS)
	BUILD=$(B) sh tests/browser/run.sh

lint-spec:
	sh tests/contract/lint.sh $(SERVICES)

# the layers the code keeps (handler -> service -> repository, libpq and SQL
# in repositories only, shared/ apart from services/), and proof that the
# check catches each kind of reach past a layer
lint-layers:
	sh tests/lint/layers.sh --selftest
	sh tests/lint/layers.sh
# no shredded SQL in the C sources (string literals cut into fragments),
# after a self-test of the check on tests/lint/fixtures
.PHONY: lint-sql
lint-sql:
	sh tests/lint/sql_strings.sh

# Kubernetes manifests, checked offline (no cluster needed), and proof that
# the check catches broken manifests; the alerting rules beside them
# (deploy/prometheus), with their own self-test
k8s-validate:
	sh tests/k8s/validate.sh
	$(PYTHON) tests/k8s/selftest.py
	$(PYTHON) tests/k8s/alerts.py --selftest

# docker-compose.yml tested for real (starts dockerd when none runs; root)
compose-test:
	sh tests/compose/run.sh

# ---- local stack ------------------------------------------------------------
deps:
	sh deploy/local/deps.sh

up: deps
	$(MAKE) build
	BUILD=build/rel sh deploy/local/up.sh

down:
	sh deploy/local/down.sh

demo:
	sh deploy/local/demo.sh

bench:
	$(MAKE) build
	BUILD=build/rel sh tests/bench/run.sh

# the surveys results at 100,000 responses (not part of make test)
bench-surveys:
	$(MAKE) build
	BUILD=build/rel sh tests/bench/surveys_results.sh

# the processes backlog and citizens' figures at 1,000 processes, 50,000
# bottlenecks and 1,000,000 closed cases (not part of make test)
bench-processes:
	$(MAKE) build
	BUILD=build/rel sh tests/bench/processes.sh

# the programmes' dashboards (monitor, manifest support, goal trends,
# attendance, lessons, lists) at 50 programmes, the heaviest with 2,000
# people, 50,000 invitations and 100,000 consultation views (not part of
# make test)
bench-programmes:
	$(MAKE) build
	BUILD=build/rel sh tests/bench/programmes.sh

# the notifications deliveries per second and CPU per delivery with 1,000
# subscriptions, one of them always timing out (not part of make test)
bench-notifications:
	$(MAKE) build
	BUILD=build/rel sh tests/bench/notifications.sh

# the casedesk statistics on 1,000,000 cases (not part of make test)
bench-casedesk-stats:
	$(MAKE) build
	BUILD=build/rel sh tests/bench/casedesk_stats.sh

# every service's resident memory idle and after some requests, and the
# thread/pool sweep of GET and POST of a case (not part of make test)
bench-memory:
	$(MAKE) build
	BUILD=build/rel sh tests/bench/memory.sh

bench-threads:
	$(MAKE) build
	BUILD=build/rel sh tests/bench/threads.sh

# ---- hardening targets: hostile clients, faults, backups, soak, fuzzing ----
# ---- hostile ----
# slow and hostile clients against the release-built casedesk, directly and
# through the gateway (a few minutes; not part of make test)
.PHONY: test-hostile
test-hostile:
	$(MAKE) FLAVOUR=rel build
	BUILD=build/rel sh tests/hostile/run.sh
# ---- faults ----
.PHONY: test-faults
# two replicas of every service under load while PostgreSQL is killed with
# SIGKILL and Redis is stopped: nothing acknowledged or published is lost
# (tests/faults/run.sh; a few minutes)
test-faults:
	$(MAKE) FLAVOUR=rel build
	BUILD=build/rel sh tests/faults/run.sh
# ---- backup ----
.PHONY: backup restore test-backup
# pg_dump of the whole database (every schema) of KOERS_DATABASE_URL (the
# local stack's by default) into BACKUP_FILE (default run/backups/); restore
# into the empty database RESTORE_URL (deploy/README.md "Backups of
# PostgreSQL"; deploy/local/backup.sh)
backup:
	sh deploy/local/backup.sh backup
restore:
	sh deploy/local/backup.sh restore
# the drill: data in every service, backup, database destroyed, restore into
# a fresh one, the API answers as before field by field (tests/backup)
test-backup:
	$(MAKE) FLAVOUR=rel build
	BUILD=build/rel sh tests/backup/drill.sh
# ---- soak ----
.PHONY: soak
# SOAK_SECONDS (1200) of mixed load on a local stack of the release build:
# RSS and open fds of every process flat after warm-up, p99 steady
# (tests/soak; not in CI)
soak:
	$(MAKE) FLAVOUR=rel build
	BUILD=build/rel sh tests/soak/run.sh
# ---- fuzz ----
.PHONY: fuzz fuzz-built
# Coverage-guided fuzzing (libFuzzer, ASan+UBSan) of the decoders that take a
# client's bytes: tests/fuzz/fuzz_<name>.c, each an LLVMFuzzerTestOneInput.
# `make fuzz` builds the fuzz flavour (clang; the library objects with
# -fsanitize=fuzzer-no-link for coverage, build/fuzz) and runs every target
# for FUZZ_SECONDS (tests/fuzz/run.sh): the committed corpus in
# tests/fuzz/corpus/<target>/, what it finds in build/fuzz/corpus/<target>/
# (not in the repository), a crashing input kept in build/fuzz/crashes/.
# A target names what it links like a unit test (LINK, WRAP lines) and the
# service whose modules those are:
#   /* SERVICE: casedesk */   /* LIBS: -lexpat */   (extra libraries)
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := $(basename $(notdir $(wildcard tests/fuzz/fuzz_*.c)))
ifeq ($(FLAVOUR),fuzz)
CC        := clang
OPT       := -O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined \
             -fno-sanitize-recover=undefined
LDOPT     := -fsanitize=address,undefined
FUZZ_LINK := -fsanitize=fuzzer,address,undefined
endif

# $(1) target name (fuzz_x for tests/fuzz/fuzz_x.c)
define FUZZ_RULE
$(1)_SRC  := tests/fuzz/$(1).c
$(1)_SVC  := $$(strip $$(call test_lines,SERVICE,$$($(1)_SRC)))
$(1)_LINK := $$(if $$($(1)_SVC),$$(call test_link,$$($(1)_SVC),$$($(1)_SRC)) $$(B)/lib/lib$$($(1)_SVC)_gen.a)
$$(B)/fuzz/$(1): $$($(1)_SRC) $$($(1)_LINK) $$(TESTLIB) $$(LIBKOERS)
	@mkdir -p $$(dir $$@)
	$$(CC) $$(CFLAGS) $$(TEST_CFLAGS) $$(if $$($(1)_SVC),-Iservices/$$($(1)_SVC)/src) -o $$@ $$< $$($(1)_LINK) $$(TESTLIB) $$(LIBKOERS) $$(PKG_LIBS) $$(call test_lines,LIBS,$$<) -lcmocka $$(FUZZ_LINK) $$(call test_wraps,$$<)
endef
$(foreach t,$(FUZZ_TARGETS),$(eval $(call FUZZ_RULE,$(t))))

fuzz-built: $(FUZZ_TARGETS:%=$(B)/fuzz/%)

fuzz:
	$(MAKE) FLAVOUR=fuzz fuzz-built
	BUILD=build/fuzz FUZZ_SECONDS=$(FUZZ_SECONDS) sh tests/fuzz/run.sh $(FUZZ)

fmt:
	clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf build

-include $(shell find build -name '*.d' 2>/dev/null)
