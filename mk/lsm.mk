# LSM area: AppArmor, SELinux and Landlock in the enforcer; AppArmor profile
# generation in polc (compiler/lsm/, picked up by POLC_SRCS's wildcard).
#
# The enforcer-side unit tests link the enforcer's LSM objects (and the
# error convention) instead of polc's objects; static pattern rules take
# precedence over tests.mk's generic one.
LSM_ENF_OBJS = $(patsubst %.c,$(BUILD)/%.o,$(wildcard enforcer/lsm*.c enforcer/landlock*.c)) \
	$(BUILD)/common/err.o
LSM_ENF_TESTS = $(BUILD)/tests/unit/test_lsm_attr $(BUILD)/tests/unit/test_lsm_landlock

$(LSM_ENF_TESTS): $(BUILD)/tests/unit/%: tests/unit/%.c tests/unit/tap.h tests/unit/lsm_view.h $(LSM_ENF_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS_ALL) -Ienforcer -Itests/unit $(CFLAGS_ALL) -o $@ $< $(LSM_ENF_OBJS) $(LDFLAGS_ALL) \
		$(LSM_APPARMOR_LIB) $(LSM_TEST_LDFLAGS)
# test_lsm_attr catches libapparmor's write to compare it with enforce's
$(BUILD)/tests/unit/test_lsm_attr: LSM_TEST_LDFLAGS = -Wl,--wrap=write

.PHONY: lsm-tests
lsm-tests: $(LSM_ENF_TESTS)

# llprobe: what tests/lsm/t_landlock.sh runs inside enforce. Static, no
# sanitizer, like tests/bin/ (it runs where only its own directory may be
# executed, and in roots without the sanitizer runtime).
LSM_TESTBIN = $(BUILD)/tests/lsm/llprobe
tests: $(LSM_TESTBIN)
$(LSM_TESTBIN): tests/lsm/llprobe.c
	@mkdir -p $(dir $@)
	$(CC) -std=gnu11 $(WARN) -O2 -D_GNU_SOURCE -static -o $@ $<

# The profile generator's test links only what the generator uses (the IR,
# the vocabulary for capability names, the error convention), so it builds
# while other parts of polc are mid-change.
LSM_GEN_OBJS = $(BUILD)/compiler/lsm/apparmor_gen.o $(BUILD)/compiler/ir.o \
	$(patsubst %.c,$(BUILD)/%.o,$(wildcard compiler/vocab/*.c)) $(BUILD)/common/err.o \
	$(BUILD)/common/arch.o $(BUILD)/common/names.o $(BUILD)/common/polb_net_text.o
$(BUILD)/tests/unit/test_lsm_apparmor_gen: $(BUILD)/tests/unit/%: tests/unit/%.c tests/unit/tap.h $(LSM_GEN_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS_ALL) -Itests/unit $(CFLAGS_ALL) -o $@ $< $(LSM_GEN_OBJS) $(LDFLAGS_ALL)
lsm-tests: $(BUILD)/tests/unit/test_lsm_apparmor_gen

# aa_features (tests/bin): reads the kernel's AppArmor features through
# libapparmor, so it links libapparmor's static archive; tests.mk's generic
# helper rule links nothing.
$(BUILD)/tests/bin/aa_features: tests/bin/aa_features.c
	@mkdir -p $(dir $@)
	$(CC) -std=gnu11 $(WARN) -O2 -D_GNU_SOURCE -static -o $@ $< -lapparmor

# libapparmor: polc reads feature ABIs through its aa_features API (and
# runs apparmor_parser, a build-time tool). enforce loads compiled policy
# through aa_kernel_interface and compares features with aa_features; it
# dlopens libapparmor.so.1 when a blob carries a generated profile
# (enforcer/lsm_apparmor_lib.c), so a start without one maps nothing more
# and the binary carries none of the library (docs/lsm.md,
# docs/BENCHMARKS.md). A static enforce (CFLAGS with -static, the VM
# lane's) cannot dlopen: it links the archive instead.
LSM_APPARMOR_LIB = -l:libapparmor.a
POLC_LIBS += -lapparmor
ifneq ($(filter -static,$(CFLAGS)),)
ENFORCE_LIBS += $(LSM_APPARMOR_LIB)
$(BUILD)/enforcer/lsm_apparmor_lib.o: CPPFLAGS_ALL += -DPOL_AA_STATIC
endif
