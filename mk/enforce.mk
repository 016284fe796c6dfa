# enforce links libc and libcap only.
ENFORCE_LIBS += -lcap

# The enforcer's unit tests (tests/unit/test_enforce_*.c) exercise pure
# parts of the enforcer (path resolution inside a root, command lookup):
# link them with those objects, not polc's.
ENFORCE_TEST_OBJS = $(patsubst %.c,$(BUILD)/%.o,enforcer/resolve.c enforcer/exec.c \
	enforcer/log.c common/err.c)

$(BUILD)/tests/unit/test_enforce_%: tests/unit/test_enforce_%.c tests/unit/tap.h $(ENFORCE_TEST_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS_ALL) -Ienforcer -Itests/unit $(CFLAGS_ALL) -o $@ $< $(ENFORCE_TEST_OBJS) $(LDFLAGS_ALL)
