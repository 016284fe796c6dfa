# Seccomp: the generator (compiler/seccomp/, no library needed: see
# docs/seccomp.md for why it is not libseccomp) and bench/bpf_cost, which
# prints the instructions per decision of a policy's or a blob's programs.
BPF_COST = $(BUILD)/bench/bpf_cost

$(BPF_COST): bench/bpf_cost.c bench/cost.h $(POLC_LIB_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS_ALL) $(CFLAGS_ALL) -o $@ $< $(POLC_LIB_OBJS) $(LDFLAGS_ALL) $(POLC_LIBS)

.PHONY: bench-tools
bench-tools: $(BPF_COST)
tests: $(BPF_COST)

# The notify test drives the enforcer's seccomp step directly: it links
# those objects too (and finds sccall, so that is built first).
SECCOMP_ENFORCER_OBJS = $(addprefix $(BUILD)/enforcer/,seccomp.o seccomp_watch.o channel.o log.o)
$(BUILD)/tests/unit/test_seccomp_notify: tests/unit/test_seccomp_notify.c tests/unit/tap.h \
		$(POLC_LIB_OBJS) $(SECCOMP_ENFORCER_OBJS) $(BUILD)/tests/bin/sccall
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS_ALL) -Itests/unit -Ienforcer $(CFLAGS_ALL) -o $@ $< $(POLC_LIB_OBJS) \
		$(SECCOMP_ENFORCER_OBJS) $(LDFLAGS_ALL) $(POLC_LIBS) $(TEST_LIBS)

# libseccomp is a yardstick only (bench/scmp_from_ir.h): the differential
# test and bench/docker_bpf_cost link it, polc does not.
$(BUILD)/tests/unit/test_seccomp_libseccomp: tests/unit/test_seccomp_libseccomp.c tests/unit/tap.h \
		bench/scmp_from_ir.h $(POLC_LIB_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS_ALL) -Itests/unit $(CFLAGS_ALL) -o $@ $< $(POLC_LIB_OBJS) \
		$(LDFLAGS_ALL) $(POLC_LIBS) $(TEST_LIBS) -lseccomp

DOCKER_BPF_COST = $(BUILD)/bench/docker_bpf_cost
$(DOCKER_BPF_COST): bench/docker_bpf_cost.c bench/cost.h bench/scmp_from_ir.h $(POLC_LIB_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS_ALL) $(CFLAGS_ALL) -o $@ $< $(POLC_LIB_OBJS) $(LDFLAGS_ALL) $(POLC_LIBS) -lseccomp
bench-tools: $(DOCKER_BPF_COST)
