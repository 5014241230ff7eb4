# tests/fuzz/fuzz.mk - the libFuzzer targets (clang), included by the Makefile.
#
#   make fuzz          run each target for FUZZ_SECONDS (60) on a working
#                      corpus in build/fuzz/corpus/, seeded from
#                      tests/fuzz/corpus/; prints exec/s, cov and ft
#   make fuzz-build    build the targets only (make test does, and replays
#                      every seed corpus through tests/fuzz/replay.sh)
#
# The library is built again with clang, instrumented for coverage
# (fuzzer-no-link) and ASan + UBSan, into build/fuzz/obj; each target links
# it from an archive.  Findings and figures: docs/fuzzing.md.

FUZZ_CC ?= clang
FUZZ_SECONDS ?= 60
FUZZ_BUILD := $(BUILD)/fuzz
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_CFLAGS := -O1 -g -std=c11 -Wall -Wextra $(FUZZ_SAN)

# arm_page_<kind> is fuzz_arm_page.c built with -DFUZZ_KIND=<index> (kinds[]).
FUZZ_PAGE_KINDS := contacts pricings alerts automations workspaces onboarding connectors \
	settings suppression rules
FUZZ_OTHER := arm_error entra_token cli_token redact_body waivers attestations manifest reports \
	baseline merged
FUZZ_TARGETS := $(FUZZ_PAGE_KINDS:%=arm_page_%) $(FUZZ_OTHER)
FUZZ_BINS := $(FUZZ_TARGETS:%=$(FUZZ_BUILD)/%)

FUZZ_LIB_OBJS := $(LIB_SRCS:%.c=$(FUZZ_BUILD)/obj/%.o)
FUZZ_LIB := $(FUZZ_BUILD)/libirscan.a
FUZZ_UTIL := $(FUZZ_BUILD)/obj/tests/fuzz/fuzz_util.o

.PHONY: fuzz fuzz-build

fuzz-build: $(FUZZ_BINS)

$(FUZZ_BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(CPPFLAGS) -Itests/fuzz $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link \
		-MMD -MP -c -o $@ $<

$(FUZZ_LIB): $(FUZZ_LIB_OBJS)
	rm -f $@
	ar rcs $@ $(FUZZ_LIB_OBJS)

# The harness itself builds without warnings (the library may have clang-only ones).
$(FUZZ_BUILD)/obj/tests/fuzz/%.o: FUZZ_CFLAGS += -Werror

$(FUZZ_PAGE_KINDS:%=$(FUZZ_BUILD)/obj/tests/fuzz/arm_page_%.o): \
		$(FUZZ_BUILD)/obj/tests/fuzz/arm_page_%.o: tests/fuzz/fuzz_arm_page.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(CPPFLAGS) -Itests/fuzz $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link \
		-DFUZZ_KIND='"$*"' -MMD -MP -c -o $@ $<

$(FUZZ_OTHER:%=$(FUZZ_BUILD)/%): $(FUZZ_BUILD)/%: $(FUZZ_BUILD)/obj/tests/fuzz/fuzz_%.o $(FUZZ_UTIL) $(FUZZ_LIB)
	$(FUZZ_CC) $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $< $(FUZZ_UTIL) $(FUZZ_LIB) $(LDLIBS)

$(FUZZ_PAGE_KINDS:%=$(FUZZ_BUILD)/arm_page_%): $(FUZZ_BUILD)/arm_page_%: $(FUZZ_BUILD)/obj/tests/fuzz/arm_page_%.o $(FUZZ_UTIL) $(FUZZ_LIB)
	$(FUZZ_CC) $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $< $(FUZZ_UTIL) $(FUZZ_LIB) $(LDLIBS)

fuzz: fuzz-build
	sh tests/fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_SECONDS) $(FUZZ_TARGETS)

FUZZ_DEPS := $(FUZZ_LIB_OBJS:.o=.d) $(FUZZ_UTIL:.o=.d) \
	$(FUZZ_PAGE_KINDS:%=$(FUZZ_BUILD)/obj/tests/fuzz/arm_page_%.d) \
	$(FUZZ_OTHER:%=$(FUZZ_BUILD)/obj/tests/fuzz/fuzz_%.d)
-include $(FUZZ_DEPS)
