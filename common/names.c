/* Name tables of the blob's enums (see names.h). */
#include "names.h"

#include <sys/resource.h>

#include "polb.h"

/* every entry is set: the bound is the only check (and keeps enforce small) */
#define NAME_OR(table, i, n) ((i) < (n) ? (table)[i] : "?")

const char *const polb_ns_names[POLB_NS_COUNT] = {
	[POLB_NS_USER] = "user", [POLB_NS_MOUNT] = "mount", [POLB_NS_PID] = "pid",
	[POLB_NS_NET] = "net",   [POLB_NS_UTS] = "uts",     [POLB_NS_IPC] = "ipc",
	[POLB_NS_CGROUP] = "cgroup", [POLB_NS_TIME] = "time",
};

const char *polb_ns_name(uint32_t kind)
{
	return NAME_OR(polb_ns_names, kind, POLB_NS_COUNT);
}

const char *const polb_mount_kind_names[POLB_MOUNT_KIND_COUNT] = {
	[POLB_MOUNT_ROOT] = "root",   [POLB_MOUNT_OVERLAY] = "overlay",
	[POLB_MOUNT_BIND] = "bind",   [POLB_MOUNT_TMPFS] = "tmpfs",
	[POLB_MOUNT_PROC] = "proc",   [POLB_MOUNT_SYSFS] = "sysfs",
	[POLB_MOUNT_DEV] = "dev",     [POLB_MOUNT_MQUEUE] = "mqueue",
	[POLB_MOUNT_MASK] = "mask",   [POLB_MOUNT_READONLY] = "readonly",
	[POLB_MOUNT_SYMLINK] = "symlink",
};

const char *polb_mount_kind_name(uint32_t kind)
{
	return NAME_OR(polb_mount_kind_names, kind, POLB_MOUNT_KIND_COUNT);
}

const char *const polb_cg_key_names[POLB_CG_KEY_COUNT] = {
	[POLB_CG_MEMORY_MAX] = "memory.max",   [POLB_CG_MEMORY_HIGH] = "memory.high",
	[POLB_CG_MEMORY_SWAP_MAX] = "memory.swap.max", [POLB_CG_PIDS_MAX] = "pids.max",
	[POLB_CG_CPU_MAX] = "cpu.max",         [POLB_CG_CPU_WEIGHT] = "cpu.weight",
	[POLB_CG_CPUSET_CPUS] = "cpuset.cpus", [POLB_CG_CPUSET_MEMS] = "cpuset.mems",
	[POLB_CG_IO_WEIGHT] = "io.weight",     [POLB_CG_IO_MAX] = "io.max",
};

const char *polb_cg_key_name(uint32_t key)
{
	return NAME_OR(polb_cg_key_names, key, POLB_CG_KEY_COUNT);
}

const char *const polb_rlimit_names[POLB_RLIMIT_COUNT] = {
	[RLIMIT_CPU] = "cpu",         [RLIMIT_FSIZE] = "fsize",   [RLIMIT_DATA] = "data",
	[RLIMIT_STACK] = "stack",     [RLIMIT_CORE] = "core",     [RLIMIT_RSS] = "rss",
	[RLIMIT_NPROC] = "nproc",     [RLIMIT_NOFILE] = "nofile", [RLIMIT_MEMLOCK] = "memlock",
	[RLIMIT_AS] = "as",           [RLIMIT_LOCKS] = "locks",   [RLIMIT_SIGPENDING] = "sigpending",
	[RLIMIT_MSGQUEUE] = "msgqueue", [RLIMIT_NICE] = "nice",   [RLIMIT_RTPRIO] = "rtprio",
	[RLIMIT_RTTIME] = "rttime",
};

const char *polb_rlimit_name(uint32_t resource)
{
	return NAME_OR(polb_rlimit_names, resource, POLB_RLIMIT_COUNT);
}
