# Fuzzing: every tests/fuzz/fuzz_*.c is a libFuzzer target, built with clang
# (-fsanitize=fuzzer,address,undefined) into build-fuzz/fuzz/, linked with
# polc's objects (themselves built into build-fuzz/ with the same
# sanitizers and coverage). `make fuzz` builds and runs each target for a
# long time (FUZZ_SECONDS, 300 here; make check's run gives each 15) over
# its seeds (tests/fuzz/run_fuzz.sh, seeds_of);
# `make fuzz-corpus` regenerates the reader's corpus from real policies.
FUZZ_BUILD    = build-fuzz
FUZZ_CC       = clang
FUZZ_SANFLAGS = -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=undefined
FUZZ_SRCS     = $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BINS     = $(FUZZ_SRCS:tests/fuzz/%.c=$(BUILD)/fuzz/%)

.PHONY: fuzz fuzz-build fuzz-targets fuzz-corpus

fuzz: FUZZ_SECONDS ?= 300
fuzz:
	FUZZ_SECONDS=$(FUZZ_SECONDS) tests/fuzz/run_fuzz.sh

# A make of its own so that every object is rebuilt with clang and the
# fuzzer's instrumentation in build-fuzz/; warnings stay on but are not
# errors (clang and gcc disagree on a few, and this build is for finding
# crashes, not for gating style).
fuzz-build:
	$(MAKE) BUILD=$(FUZZ_BUILD) CC=$(FUZZ_CC) CFLAGS='-O1 -g' \
		WARN='-Wall -Wno-unused-parameter' SANFLAGS='$(FUZZ_SANFLAGS)' fuzz-targets

fuzz-targets: $(FUZZ_BINS)

# The enforcer's code a target runs, beyond polc's objects: FUZZ_OBJS_<target>.
FUZZ_OBJS_fuzz_userdb = $(BUILD)/enforcer/userdb_parse.o

# POLC_LIB_OBJS is complete only once the Makefile has read every fragment:
# expand it a second time, when the rule is used.
.SECONDEXPANSION:
$(BUILD)/fuzz/%: tests/fuzz/%.c $$(POLC_LIB_OBJS) $$(FUZZ_OBJS_$$*)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS_ALL) -Itests/unit $(CFLAGS_ALL) -fsanitize=fuzzer -o $@ $< \
		$(FUZZ_OBJS_$*) $(POLC_LIB_OBJS) $(LDFLAGS_ALL) $(POLC_LIBS)

# The reader's seeds: real blobs, one per policy that builds (the standard
# library, the examples, and the blob tests' own policies covering every
# section; a generated AppArmor profile compiled for the VM lane's kernel's
# features). Deterministic builds keep the committed files stable.
FUZZ_CORPUS_POLICIES = $(wildcard policies/*.pol examples/*.pol tests/blob/policies/*.pol)
fuzz-corpus: $(POLC)
	@mkdir -p tests/fuzz/corpus/reader
	@for p in $(FUZZ_CORPUS_POLICIES); do \
		n=$$(basename $$p .pol); \
		case $$p in examples/*) n=example-$$n ;; tests/*) n=test-$$n ;; esac; \
		if $(POLC) build -I policies --apparmor-features tests/vm/apparmor/kernel.features \
			-o tests/fuzz/corpus/reader/$$n.polb $$p 2>/dev/null; \
		then echo "corpus: $$n.polb"; else echo "corpus: $$p does not build, skipped"; fi; \
	done
