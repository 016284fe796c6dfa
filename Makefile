# polc & enforce — top-level Makefile.
# Shared variables live here; each area's rules live in mk/<area>.mk so that
# one change touches one fragment. Outputs go to $(BUILD) (build/ by default;
# build-san/ for the sanitizer build, `make SAN=1`).

PREFIX  ?= /usr/local
DESTDIR ?=
BINDIR   = $(PREFIX)/bin
DATADIR  = $(PREFIX)/share/polc
MANDIR   = $(PREFIX)/share/man

CC      ?= cc
ifeq ($(SAN),1)
BUILD   ?= build-san
SANFLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
else
BUILD   ?= build
SANFLAGS =
endif

VERSION := $(shell cat VERSION 2>/dev/null || echo 0.0.0)
WARN     = -Wall -Wextra -Werror -Wshadow -Wformat=2 -Wno-unused-parameter
CFLAGS  ?= -O2 -g
CPPFLAGS_ALL = -D_GNU_SOURCE -DPOL_VERSION='"$(VERSION)"' \
	-DPOL_DATADIR='"$(DATADIR)"' -Icommon -Icompiler -I$(BUILD)/gen
CFLAGS_ALL = -std=gnu11 $(WARN) $(CFLAGS) $(SANFLAGS) -MMD -MP
LDFLAGS_ALL = $(SANFLAGS) $(LDFLAGS)

POLC    = $(BUILD)/polc
ENFORCE = $(BUILD)/enforce

.PHONY: all clean deps demo check install fuzz bench
all: $(POLC) $(ENFORCE)

# Objects: build/<path>.o for <path>.c
$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS_ALL) $(CFLAGS_ALL) -c -o $@ $<

# Sources by binary. Fragments in mk/ append generated objects and libraries
# (POLC_EXTRA_OBJS, POLC_LIBS, ENFORCE_LIBS, TEST_LIBS) and add their own targets.
COMMON_SRCS  = $(wildcard common/*.c)
POLC_SRCS    = $(wildcard compiler/*.c compiler/*/*.c) $(COMMON_SRCS)
ENFORCE_SRCS = $(wildcard enforcer/*.c) $(COMMON_SRCS)
POLC_EXTRA_OBJS =
POLC_LIBS    =
ENFORCE_LIBS =

include $(sort $(wildcard mk/*.mk))

POLC_OBJS    = $(POLC_EXTRA_OBJS) $(POLC_SRCS:%.c=$(BUILD)/%.o)
ENFORCE_OBJS = $(ENFORCE_SRCS:%.c=$(BUILD)/%.o)
# polc's objects without main(), for unit tests and fuzz targets
POLC_LIB_OBJS = $(filter-out $(BUILD)/compiler/main.o,$(POLC_OBJS))

$(POLC): $(POLC_OBJS)
	$(CC) $(CFLAGS_ALL) -o $@ $^ $(LDFLAGS_ALL) $(POLC_LIBS)

$(ENFORCE): $(ENFORCE_OBJS)
	$(CC) $(CFLAGS_ALL) -o $@ $^ $(LDFLAGS_ALL) $(ENFORCE_LIBS)

deps:
	@tools/deps.sh

# The installed data directory is compiled into polc (where `use NAME`
# looks): a stamp that changes with DATADIR rebuilds what uses it, so
# `make install PREFIX=/usr` after a plain `make` installs a polc that
# finds the policies it installs.
DATADIR_STAMP = $(BUILD)/datadir.stamp
$(DATADIR_STAMP): FORCE
	@mkdir -p $(BUILD)
	@echo '$(DATADIR)' | cmp -s - $@ || echo '$(DATADIR)' >$@
$(BUILD)/compiler/frontend/resolve.o: $(DATADIR_STAMP)
.PHONY: FORCE
FORCE:

clean:
	rm -rf build build-san build-fuzz build-static build-clang build-vm

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
