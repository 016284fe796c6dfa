/* Loading an eBPF program and attaching it to a cgroup: the one place the
 * enforcer calls bpf(2) (device rules in cgroup_devices.c, egress rules in
 * net_egress.c). The enforcer links no BPF library; programs are written
 * instruction by instruction by their callers. A program the verifier
 * refuses is loaded again with its log, whose last line goes into the
 * error. The attachment (BPF_F_ALLOW_MULTI: the programs of the cgroups
 * above still apply) holds the program until the cgroup is removed. */
#include <errno.h>
#include <linux/bpf.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "enforce.h"

static int bpf_sys(int cmd, union bpf_attr *attr)
{
	return (int)syscall(SYS_bpf, cmd, attr, sizeof(*attr));
}

/* The verifier's last line, or "" */
static void verifier_reason(union bpf_attr *attr, char *out, size_t size)
{
	out[0] = '\0';
	char *log = calloc(1, 1 << 16);
	if (!log)
		return;
	attr->log_buf = (uint64_t)(uintptr_t)log;
	attr->log_size = 1 << 16;
	attr->log_level = 1;
	int fd = bpf_sys(BPF_PROG_LOAD, attr);
	if (fd >= 0) {
		close(fd);
	} else {
		char *last = strrchr(log, '\n');
		while (last && last > log && last[1] == '\0') {
			*last = '\0';
			last = strrchr(log, '\n');
		}
		snprintf(out, size, "%s", last ? last + 1 : log);
	}
	free(log);
}

int bpf_cgroup_attach(int cgroup_fd, int prog_type, int attach_type, const struct bpf_insn *insns,
		      size_t n, const char *step, const char *what, struct err *e)
{
	union bpf_attr attr;
	memset(&attr, 0, sizeof(attr));
	attr.prog_type = (uint32_t)prog_type;
	attr.expected_attach_type = (uint32_t)attach_type;
	attr.insns = (uint64_t)(uintptr_t)insns;
	attr.insn_cnt = (uint32_t)n;
	attr.license = (uint64_t)(uintptr_t)"GPL";
	int prog = bpf_sys(BPF_PROG_LOAD, &attr);
	if (prog < 0) {
		int saved = errno;
		char why[200];
		verifier_reason(&attr, why, sizeof(why));
		return err_set(e, saved, step, "load %s%s%s", what, why[0] ? ": " : "", why);
	}
	memset(&attr, 0, sizeof(attr));
	attr.target_fd = (uint32_t)cgroup_fd;
	attr.attach_bpf_fd = (uint32_t)prog;
	attr.attach_type = (uint32_t)attach_type;
	attr.attach_flags = BPF_F_ALLOW_MULTI;
	int r = bpf_sys(BPF_PROG_ATTACH, &attr);
	int saved = errno;
	close(prog);
	if (r < 0)
		return err_set(e, saved, step, "attach %s to the cgroup", what);
	return 0;
}
