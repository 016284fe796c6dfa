# Seccomp: the generator (compiler/seccomp/, no library needed: see
# docs/seccomp.md for why it is not libseccomp), bench/bpf_cost (instructions
# per decision of a policy's or a blob's programs), and the links of the
# seccomp tests that need more than polc's objects.
#
# POLC_LIB_OBJS is defined after the fragments are read, so as a
# prerequisite it would be empty here: these rules name polc's objects
# through SECCOMP_LIB_OBJS, computed now from what the Makefile already set
# (POLC_SRCS) and what grammar.mk added (POLC_EXTRA_OBJS).
SECCOMP_LIB_OBJS := $(filter-out $(BUILD)/compiler/main.o, \
	$(POLC_EXTRA_OBJS) $(POLC_SRCS:%.c=$(BUILD)/%.o))

BPF_COST = $(BUILD)/bench/bpf_cost
$(BPF_COST): bench/bpf_cost.c bench/cost.h $(SECCOMP_LIB_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS_ALL) $(CFLAGS_ALL) -o $@ $< $(POLC_LIB_OBJS) $(LDFLAGS_ALL) $(POLC_LIBS)

# libseccomp is a yardstick only (tests/unit/scmp_from_ir.h): docker_bpf_cost and
# the differential test link it, polc does not.
DOCKER_BPF_COST = $(BUILD)/bench/docker_bpf_cost
$(DOCKER_BPF_COST): bench/docker_bpf_cost.c bench/cost.h tests/unit/scmp_from_ir.h $(SECCOMP_LIB_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS_ALL) $(CFLAGS_ALL) -o $@ $< $(POLC_LIB_OBJS) $(LDFLAGS_ALL) $(POLC_LIBS) -lseccomp

.PHONY: bench-tools
bench-tools: $(BPF_COST) $(DOCKER_BPF_COST)
tests: $(BPF_COST)

SECCOMP_UNIT = $(BUILD)/tests/unit/test_seccomp
$(SECCOMP_UNIT)_vocab $(SECCOMP_UNIT)_interp $(SECCOMP_UNIT)_kernel: $(SECCOMP_LIB_OBJS) \
	tests/unit/seccomp_ref.h tests/unit/seccomp_policies.h

$(SECCOMP_UNIT)_libseccomp: tests/unit/test_seccomp_libseccomp.c tests/unit/tap.h \
		tests/unit/seccomp_ref.h tests/unit/seccomp_policies.h tests/unit/scmp_from_ir.h \
		$(SECCOMP_LIB_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS_ALL) -Itests/unit $(CFLAGS_ALL) -o $@ $< $(POLC_LIB_OBJS) \
		$(LDFLAGS_ALL) $(POLC_LIBS) $(TEST_LIBS) -lseccomp

# The notify test drives the enforcer's seccomp step directly: it links
# those objects too, and finds sccall, so that is built first.
SECCOMP_ENFORCER_OBJS = $(addprefix $(BUILD)/enforcer/,seccomp.o seccomp_watch.o channel.o log.o \
	learn_prog.o learn_rec.o learn_trace.o learn_mem.o sysname.o) $(BUILD)/gen/sysname_gen.o
$(SECCOMP_UNIT)_notify: tests/unit/test_seccomp_notify.c tests/unit/tap.h \
		tests/unit/seccomp_policies.h $(SECCOMP_LIB_OBJS) $(SECCOMP_ENFORCER_OBJS) \
		$(BUILD)/tests/bin/sccall
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS_ALL) -Itests/unit -Ienforcer $(CFLAGS_ALL) -o $@ $< \
		$(filter-out $(SECCOMP_ENFORCER_OBJS),$(POLC_LIB_OBJS)) $(SECCOMP_ENFORCER_OBJS) $(LDFLAGS_ALL) $(POLC_LIBS) $(TEST_LIBS)

# The learning program's test drives enforcer/learn*.c directly.
$(SECCOMP_UNIT)_learn: tests/unit/test_seccomp_learn.c tests/unit/tap.h \
		tests/unit/seccomp_policies.h $(SECCOMP_LIB_OBJS) $(SECCOMP_ENFORCER_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS_ALL) -Itests/unit -Ienforcer $(CFLAGS_ALL) -o $@ $< \
		$(filter-out $(SECCOMP_ENFORCER_OBJS),$(POLC_LIB_OBJS)) $(SECCOMP_ENFORCER_OBJS) $(LDFLAGS_ALL) $(POLC_LIBS) $(TEST_LIBS)
