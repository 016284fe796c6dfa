# The cgroup step's unit tests (tests/unit/test_cgroup_*.c) exercise the
# enforcer's cgroup code, not polc's: link them with those objects only.
CGROUP_TEST_OBJS = $(patsubst %.c,$(BUILD)/%.o,$(wildcard enforcer/cgroup*.c) \
	enforcer/bpf_prog.c enforcer/proctree.c enforcer/log.c common/err.c common/names.c)

$(BUILD)/tests/unit/test_cgroup_%: tests/unit/test_cgroup_%.c tests/unit/tap.h tests/unit/cgroup_test.h \
		$(CGROUP_TEST_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS_ALL) -Ienforcer -Itests/unit $(CFLAGS_ALL) -o $@ $< $(CGROUP_TEST_OBJS) $(LDFLAGS_ALL)
