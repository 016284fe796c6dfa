# enforce links libc and libcap, and libapparmor's static archive (mk/lsm.mk).
ENFORCE_LIBS += -lcap

# The enforcer's unit tests (tests/unit/test_enforce_*.c) exercise pure
# parts of the enforcer (path resolution inside a root, command lookup,
# the notify relay's filter, the process tree of what a command left):
# link them with those objects, not polc's.
ENFORCE_TEST_OBJS = $(patsubst %.c,$(BUILD)/%.o,enforcer/resolve.c enforcer/exec.c \
	enforcer/mounts_plan.c enforcer/mounts_source.c enforcer/notify_filter.c \
	enforcer/proctree.c enforcer/log.c common/err.c common/names.c)

$(BUILD)/tests/unit/test_enforce_%: tests/unit/test_enforce_%.c tests/unit/tap.h $(ENFORCE_TEST_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS_ALL) -Ienforcer -Itests/unit $(CFLAGS_ALL) -o $@ $< $(ENFORCE_TEST_OBJS) $(LDFLAGS_ALL)

# Size: enforce is on every container's start path and in every image that
# deploys it. Its own objects are built for size and sections nobody calls
# are dropped at link time. Unwind tables are left out (plain C, nothing
# unwinds; the unstripped binary keeps -g for debuggers). Hardening stays:
# full RELRO, BIND_NOW, and code in pages of its own (-z separate-code, the
# default: -z noseparate-code would save 4 KB but map read-only data as
# executable). docs/BENCHMARKS.md gives the resulting size.
ENFORCE_SIZE_CFLAGS = -Os -ffunction-sections -fdata-sections \
	-fno-asynchronous-unwind-tables -fno-unwind-tables
$(BUILD)/enforcer/%.o: CFLAGS_ALL += $(ENFORCE_SIZE_CFLAGS)
# common/ is the blob reader and the error struct, which enforce links too
$(BUILD)/common/%.o: CFLAGS_ALL += $(ENFORCE_SIZE_CFLAGS)
# The relative relocations of a PIE are packed (DT_RELR, glibc 2.36): 4 KB
# less to map and to apply, the same addresses randomised.
ENFORCE_LINK_FLAGS = -Wl,--gc-sections -Wl,-O1 -Wl,--as-needed -Wl,-z,relro -Wl,-z,now \
	-Wl,-z,pack-relative-relocs
$(ENFORCE): LDFLAGS_ALL += $(ENFORCE_LINK_FLAGS)

# Signed-blob trust (enforcer/trust.c): the trust directory is compiled in,
# never read from an option or the environment, so nobody can point a root
# enforce at keys they wrote. A stamp rebuilds trust.o when SYSCONFDIR
# changes (as DATADIR_STAMP does for polc).
SYSCONFDIR ?= /etc
TRUST_DIR   = $(SYSCONFDIR)/polc/trusted.d
TRUST_STAMP = $(BUILD)/trustdir.stamp
$(TRUST_STAMP): FORCE
	@mkdir -p $(BUILD)
	@echo '$(TRUST_DIR)' | cmp -s - $@ || echo '$(TRUST_DIR)' >$@
$(BUILD)/enforcer/trust.o: $(TRUST_STAMP)
$(BUILD)/enforcer/trust.o: CPPFLAGS_ALL += -DPOL_TRUST_DIR='"$(TRUST_DIR)"'

# A test-only enforce whose trust directory is $(BUILD)/tests/trusted-keys,
# so the tests can fill it without touching the host's /etc/polc (which
# every enforce on this machine reads). Built by `make tests`, never
# installed: the same objects but trust.o.
ENFORCE_TESTTRUST = $(BUILD)/tests/enforce-testtrust
TESTTRUST_DIR = $(abspath $(BUILD))/tests/trusted-keys
$(BUILD)/tests/trust/trust.o: enforcer/trust.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS_ALL) -DPOL_TRUST_DIR='"$(TESTTRUST_DIR)"' $(CFLAGS_ALL) \
		$(ENFORCE_SIZE_CFLAGS) -c -o $@ $<
TESTTRUST_OBJS = $(patsubst %.c,$(BUILD)/%.o,$(filter-out enforcer/trust.c,$(ENFORCE_SRCS)))
$(ENFORCE_TESTTRUST): $(TESTTRUST_OBJS) $(BUILD)/tests/trust/trust.o $(BUILD)/gen/sysname_gen.o
	$(CC) $(CFLAGS_ALL) -o $@ $^ $(LDFLAGS_ALL) $(ENFORCE_LINK_FLAGS) $(ENFORCE_LIBS)
tests: $(ENFORCE_TESTTRUST)

# The learning run and refusal messages name calls from the one syscall
# table (compiler/vocab/syscalls_gen.c), compacted at build time for the
# entries this host runs (tools/gen-sysnames.c says why) into
# $(BUILD)/gen/sysname_gen.c, which enforce links.
SYSNAME_GEN = $(BUILD)/gen/sysname_gen.c
$(BUILD)/tools/gen-sysnames: tools/gen-sysnames.c compiler/vocab/syscalls_gen.c common/arch.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS_ALL) -std=gnu11 $(WARN) -O2 -o $@ tools/gen-sysnames.c \
		compiler/vocab/syscalls_gen.c common/arch.c
$(SYSNAME_GEN): $(BUILD)/tools/gen-sysnames
	@mkdir -p $(dir $@)
	$(BUILD)/tools/gen-sysnames >$@.tmp && mv $@.tmp $@
$(BUILD)/gen/sysname_gen.o: $(SYSNAME_GEN) enforcer/sysname_tab.h
	$(CC) $(CPPFLAGS_ALL) -Ienforcer $(CFLAGS_ALL) $(ENFORCE_SIZE_CFLAGS) -c -o $@ $<
ENFORCE_EXTRA_OBJS = $(BUILD)/gen/sysname_gen.o
$(ENFORCE): $(ENFORCE_EXTRA_OBJS)
$(BUILD)/enforcer/sysname.o: $(SYSNAME_GEN)
