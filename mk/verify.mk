# polc verify (compiler/verify/) reads back the cgroup limits enforce
# writes through enforce's own code (cg_limits_apply with a checking
# cg_fs): polc links those enforcer objects, so the v2-to-v1 mapping of
# a hybrid host has one source.
VERIFY_ENFORCER_OBJS = $(patsubst %.c,$(BUILD)/%.o,enforcer/cgroup_host.c \
	enforcer/cgroup_limits.c enforcer/cgroup_fs.c enforcer/log.c)
POLC_EXTRA_OBJS += $(VERIFY_ENFORCER_OBJS)
