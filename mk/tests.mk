# Tests: C unit tests (tests/unit/test_*.c, linked with polc's objects) and
# helper programs run inside containers (tests/bin/*.c, static so they run
# in any root). `make check` runs the README's test command.
UNIT_SRCS  = $(wildcard tests/unit/test_*.c)
UNIT_BINS  = $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/unit/%)
TESTBIN_SRCS = $(wildcard tests/bin/*.c)
TESTBIN_BINS = $(TESTBIN_SRCS:tests/bin/%.c=$(BUILD)/tests/bin/%)
TEST_LIBS =

.PHONY: tests check
tests: $(UNIT_BINS) $(TESTBIN_BINS)

# $$: expanded again when used, once every
# fragment has added its objects; read now, the list would still be empty.
.SECONDEXPANSION:
$(BUILD)/tests/unit/%: tests/unit/%.c tests/unit/tap.h $$(POLC_LIB_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS_ALL) -Itests/unit $(CFLAGS_ALL) -o $@ $< $(POLC_LIB_OBJS) $(LDFLAGS_ALL) $(POLC_LIBS) $(TEST_LIBS)

# Helpers for inside containers: static, no sanitizer (they run in roots
# without the sanitizer runtime), small.
$(BUILD)/tests/bin/%: tests/bin/%.c
	@mkdir -p $(dir $@)
	$(CC) -std=gnu11 $(WARN) -O2 -D_GNU_SOURCE -static -o $@ $<

check: deps
	$(MAKE) all tests
	tests/run.sh
