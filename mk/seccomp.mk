# Seccomp: the generator (compiler/seccomp/, no library needed: see
# docs/seccomp.md for why it is not libseccomp) and bench/bpf_cost, which
# prints the instructions per decision of a policy's or a blob's programs.
BPF_COST = $(BUILD)/bench/bpf_cost

$(BPF_COST): bench/bpf_cost.c $(POLC_LIB_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS_ALL) $(CFLAGS_ALL) -o $@ $< $(POLC_LIB_OBJS) $(LDFLAGS_ALL) $(POLC_LIBS)

.PHONY: bench-tools
bench-tools: $(BPF_COST)
tests: $(BPF_COST)
