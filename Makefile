# irscan - audit Azure Incident Response controls.
#
#   make          build build/irscan
#   make demo     install what is missing, build, scan the bundled sample tenant
#   make check    install what is missing, build, run every test (also under ASan/UBSan)
#   make deps     install every build and test dependency (Debian packages)
#   make lint     cppcheck, clang-tidy, the layer and circle rules of
#                 docs/architecture.md (make check runs it)
#   make install  build/irscan, its man page and bash completion into
#                 $(DESTDIR)$(PREFIX) (PREFIX=/usr/local); make uninstall
#   make dist     irscan-VERSION.tar.gz, the sources of HEAD (git archive)

PKG_CONFIG ?= pkg-config
PKGS := libcurl libcjson libxml-2.0 openssl
BUILD ?= build
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
VERSION := $(shell sed -n 's/^\#define IRSCAN_VERSION "\(.*\)"/\1/p' scanner/util/version.h)
DIST := irscan-$(VERSION)
DIST_OUT ?= .

CFLAGS ?= -O2 -g
CFLAGS += -std=c11 -Wall -Wextra -Werror -Wshadow -Wformat=2 -Wmissing-prototypes \
	  -Wstrict-prototypes -Wpointer-arith -Wvla
CPPFLAGS += -D_DEFAULT_SOURCE -Iscanner -I. $(shell $(PKG_CONFIG) --cflags $(PKGS))
LDLIBS += $(shell $(PKG_CONFIG) --libs $(PKGS)) -lm

SRCS := $(wildcard scanner/*.c scanner/*/*.c checks/*.c reports/*.c)
LIB_SRCS := $(filter-out scanner/main.c,$(SRCS))
OBJS := $(SRCS:%.c=$(BUILD)/obj/%.o)
LIB_OBJS := $(LIB_SRCS:%.c=$(BUILD)/obj/%.o)
UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_OBJS := $(UNIT_SRCS:%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/tests/unit/main.o \
	$(BUILD)/obj/tests/unit/world.o

SANITIZE := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

# Debian packages: build (compiler, pkg-config, the four libraries) and
# test (python3 for the fake ARM server, openssl for the test CA, curl for
# fault injection, and the report validators: xmllint for JUnit,
# python3-jsonschema for SARIF, chromium for the HTML and poppler-utils to
# count and read the pages it prints), and the static
# analysers of make lint (cppcheck, clang-tidy), valgrind for check-valgrind,
# nghttpx (nghttp2-proxy) to put HTTP/2 in front of the fake server,
# clang and its libFuzzer runtime for the fuzz targets (tests/fuzz/),
# groff-base, man-db and mandoc to check the man page (docs/irscan.1),
# python3-yaml to read the CI templates (docs/ci/), cmark-gfm (GitHub's
# Markdown renderer) for the markdown summary and libreoffice-calc-nogui
# (85 MB) to open the CSV report as a spreadsheet does, and jq, which the CI
# templates' steps (docs/ci, deploy/github) run verbatim in the tests use,
# and strace, which delivers a signal at one exact system call (0041).
DEBIAN_PKGS := build-essential pkg-config libcurl4-openssl-dev libcjson-dev \
	libxml2-dev libssl-dev ca-certificates openssl python3 libxml2-utils curl \
	python3-jsonschema chromium cppcheck clang-tidy valgrind clang libclang-rt-14-dev \
	groff-base man-db mandoc python3-yaml nghttp2-proxy poppler-utils \
	cmark-gfm libreoffice-calc-nogui jq strace
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# Microsoft's SARIF multitool (npm, a self-contained binary) checks the
# SARIF report against GitHub's ingestion rules; installed into build/tools.
MULTITOOL_VERSION := 5.7.0
MULTITOOL := $(BUILD)/tools/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool

.PHONY: all deps demo check test check-asan asan clean unit-tests scenarios test-tools bench lint check-valgrind \
	install uninstall dist

all: $(BUILD)/irscan

$(BUILD)/irscan: $(OBJS)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(OBJS) $(LDLIBS)

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

# Unit tests: every `void test_<module>__<case>(void)` is found by a script.
$(BUILD)/tests/unit_list.h: $(UNIT_SRCS) tests/unit/gen-list.sh
	@mkdir -p $(dir $@)
	sh tests/unit/gen-list.sh $(UNIT_SRCS) > $@

$(BUILD)/obj/tests/unit/main.o: tests/unit/main.c $(BUILD)/tests/unit_list.h
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -I$(BUILD)/tests -Itests/unit $(CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/obj/tests/unit/%.o: tests/unit/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -Itests/unit $(CFLAGS) -Wno-missing-prototypes -MMD -MP -c -o $@ $<

$(BUILD)/unit-tests: $(LIB_OBJS) $(UNIT_OBJS)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(LIB_OBJS) $(UNIT_OBJS) $(LDLIBS)

unit-tests: $(BUILD)/unit-tests

# The fake server's tenants, generated from the recorded shapes in fixtures/arm/.
SCENARIO_DEPS := fixtures/scenarios/generate.py $(shell find fixtures/arm fixtures/recorded -name '*.json')
$(BUILD)/scenarios/tenant/scenario.json: $(SCENARIO_DEPS)
	python3 fixtures/scenarios/generate.py $(BUILD)/scenarios

scenarios: $(BUILD)/scenarios/tenant/scenario.json

deps:
	@missing=""; for p in $(DEBIAN_PKGS); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; \
	done; \
	command -v npm >/dev/null 2>&1 || missing="$$missing npm"; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	else echo "all dependencies are installed"; fi

$(MULTITOOL):
	mkdir -p $(BUILD)/tools
	cd $(BUILD)/tools && npm install --no-audit --no-fund --loglevel=error \
		@microsoft/sarif-multitool@$(MULTITOOL_VERSION)
	chmod u+x $@

# The validators of deploy/ (tests/cli/0053-deploy.sh), offline once
# installed: kubernetes-models (Kubernetes 1.36's API schemas as compiled
# validators) and action-validator (GitHub's workflow schema, with the
# jobs' needs resolved).  After the multitool: npm must not run twice at
# once in one directory.
K8S_MODELS_VERSION := 5.1.0
ACTION_VALIDATOR_VERSION := 0.6.0
DEPLOY_TOOLS := $(BUILD)/tools/node_modules/kubernetes-models/package.json
$(DEPLOY_TOOLS): | $(MULTITOOL)
	cd $(BUILD)/tools && npm install --no-audit --no-fund --loglevel=error --save-exact \
		kubernetes-models@$(K8S_MODELS_VERSION) \
		@action-validator/cli@$(ACTION_VALIDATOR_VERSION) @action-validator/core@$(ACTION_VALIDATOR_VERSION)
	touch $@

test-tools: $(MULTITOOL) $(DEPLOY_TOOLS)

# The sanitizer build lives in its own directory.
asan:
	$(MAKE) BUILD=$(BUILD)/asan CFLAGS="-O1 -g $(SANITIZE)" LDFLAGS="$(SANITIZE)" \
		$(BUILD)/asan/irscan $(BUILD)/asan/unit-tests

# The --offline test preloads this to prove no socket is opened.
NOSOCKET := $(BUILD)/tests/nosocket.so
$(NOSOCKET): tests/tools/nosocket.c
	@mkdir -p $(dir $@)
	$(CC) -shared -fPIC -O2 -Wall -Wextra -Werror -o $@ $< -ldl

TEST_ENV = SCENARIOS=$(BUILD)/scenarios SARIF_MULTITOOL=$(abspath $(MULTITOOL)) \
	NOSOCKET=$(abspath $(NOSOCKET)) DEPLOY_TOOLS=$(abspath $(BUILD)/tools/node_modules)

test: all unit-tests asan scenarios test-tools $(NOSOCKET) fuzz-build
	$(TEST_ENV) FUZZ_BUILD=$(FUZZ_BUILD) tests/run $(BUILD) $(BUILD)/asan

check: deps
	$(MAKE) lint
	$(MAKE) test

# The whole suite with every irscan process under valgrind's memcheck (not
# part of check: the sanitizer pass covers the same ground in a fraction of
# the time; this one takes about ten minutes).
check-valgrind: deps
	$(MAKE) all unit-tests scenarios test-tools $(NOSOCKET)
	VALGRIND=1 $(TEST_ENV) tests/run $(BUILD)

# cppcheck and clang-tidy (checks in .clang-tidy) over the product's C files,
# the include rule of the layers (tests/layers.sh, inside lint.sh) and no
# two files that use each other (tests/circles.py, from the built objects).
lint: all
	sh tests/lint.sh
	python3 tests/circles.py $(BUILD)

check-asan: deps
	$(MAKE) asan scenarios test-tools $(NOSOCKET)
	$(TEST_ENV) tests/run $(BUILD)/asan

demo: deps
	$(MAKE) all scenarios
	sh fixtures/demo.sh $(BUILD)/irscan $(BUILD)/scenarios/demo

# Not part of check: about a minute and a half, and it writes docs/performance.md.
bench: deps
	$(MAKE) all
	sh bench/run.sh

# The completion script comes from the built binary (irscan completion
# bash), so it lists exactly the options of its option table.
install: $(BUILD)/irscan
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(BASHCOMPDIR)
	install -m 755 $(BUILD)/irscan $(DESTDIR)$(BINDIR)/irscan
	install -m 644 docs/irscan.1 $(DESTDIR)$(MANDIR)/man1/irscan.1
	$(BUILD)/irscan completion bash > $(BUILD)/irscan.bash-completion
	install -m 644 $(BUILD)/irscan.bash-completion $(DESTDIR)$(BASHCOMPDIR)/irscan

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/irscan $(DESTDIR)$(MANDIR)/man1/irscan.1 \
		$(DESTDIR)$(BASHCOMPDIR)/irscan

# Every file of the commit HEAD (what `git ls-files` lists there), under
# irscan-VERSION/; uncommitted changes are not in it.
dist:
	@git diff --quiet HEAD 2>/dev/null || \
		echo "dist: note: uncommitted changes are not included (HEAD is archived)"
	git archive --format=tar.gz --prefix=$(DIST)/ -o $(DIST_OUT)/$(DIST).tar.gz HEAD
	@echo "dist: $(DIST_OUT)/$(DIST).tar.gz"

clean:
	rm -rf $(BUILD) demo-out

include tests/fuzz/fuzz.mk

-include $(OBJS:.o=.d) $(UNIT_OBJS:.o=.d)
