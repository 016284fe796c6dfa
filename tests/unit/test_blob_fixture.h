/* A policy IR that fills every section of the blob, and seccomp programs
 * for two architectures: the fixture the blob unit tests build from. */
#ifndef POL_TESTS_BLOB_FIXTURE_H
#define POL_TESTS_BLOB_FIXTURE_H

#include <linux/audit.h>
#include <linux/filter.h>
#include <stdlib.h>
#include <string.h>

#include "ir.h"
#include "writer/writer.h"

static char *fx_dup(const char *s)
{
	return s ? strdup(s) : NULL;
}

static void fx_mount(struct ir_mount *m, enum ir_mount_kind kind, uint32_t flags,
		     const char *src, const char *target)
{
	memset(m, 0, sizeof(*m));
	m->kind = kind;
	m->flags = flags;
	m->source = fx_dup(src);
	m->target = fx_dup(target);
}

static void fx_full_ir(struct pol_ir *ir)
{
	ir_init(ir);
	ir->name = fx_dup("web");
	ir->nsources = 2;
	ir->sources = calloc(2, sizeof(*ir->sources));
	ir->sources[0].path = fx_dup("/somewhere/web.pol");
	ir->sources[1].path = fx_dup("/usr/share/polc/default.pol");
	for (int i = 0; i < 32; i++)
		ir->source_digest[i] = (uint8_t)(i * 7 + 1);

	struct ir_process *p = &ir->process;
	p->user_set = true;
	p->uid = 1000;
	p->gid = 1001;
	p->groups_set = true;
	p->ngroups = 2;
	p->groups = calloc(2, sizeof(uint32_t));
	p->groups[0] = 1000;
	p->groups[1] = 27;
	p->cwd = fx_dup("/srv");
	p->hostname = fx_dup("web");
	p->nenv = 3;
	p->env = calloc(3, sizeof(*p->env));
	p->env[0].name = fx_dup("PATH");
	p->env[0].value = fx_dup("/usr/bin:/bin");
	p->env[1].name = fx_dup("TERM");
	p->env[2].name = fx_dup("EMPTY");
	p->env[2].value = fx_dup("");
	p->rlimits[7] = (struct ir_rlimit){ .set = true, .soft = 1024, .hard = 4096 };
	p->rlimits[4] = (struct ir_rlimit){ .set = true, .soft = 0, .hard = 0 };
	p->umask_set = true;
	p->umask = 027;

	struct ir_namespaces *n = &ir->namespaces;
	for (int k = 0; k < IR_NS_COUNT; k++)
		n->ns[k].mode = IR_NS_UNSHARE;
	n->ns[IR_NS_NET].mode = IR_NS_JOIN;
	n->ns[IR_NS_NET].join_path = fx_dup("/run/netns/web");
	n->ns[IR_NS_TIME].mode = IR_NS_SHARE;
	n->nuid_map = 1;
	n->uid_map = calloc(1, sizeof(*n->uid_map));
	n->uid_map[0] = (struct ir_idmap){ .inside = 0, .outside = 100000, .count = 65536 };
	n->ngid_map = 2;
	n->gid_map = calloc(2, sizeof(*n->gid_map));
	n->gid_map[0] = (struct ir_idmap){ .inside = 0, .outside = 100000, .count = 1000 };
	n->gid_map[1] = (struct ir_idmap){ .inside = 1000, .outside = 1000, .count = 1 };

	struct ir_filesystem *fs = &ir->filesystem;
	fs->nmounts = 7;
	fs->mounts = calloc(7, sizeof(*fs->mounts));
	fx_mount(&fs->mounts[0], IR_MOUNT_ROOT, 0, "/srv/web/rootfs", "/");
	fx_mount(&fs->mounts[1], IR_MOUNT_OVERLAY, 0, NULL, "/opt/app");
	fs->mounts[1].lower = fx_dup("/img/app:/img/base");
	fs->mounts[1].upper = fx_dup("/var/lib/web/upper");
	fs->mounts[1].work = fx_dup("/var/lib/web/work");
	fx_mount(&fs->mounts[2], IR_MOUNT_BIND,
		 IR_MNT_RW | IR_MNT_NOSUID | IR_MNT_NODEV | IR_MNT_RECURSIVE,
		 "/srv/web/data", "/data");
	fx_mount(&fs->mounts[3], IR_MOUNT_TMPFS, IR_MNT_HAS_SIZE | IR_MNT_HAS_MODE, NULL, "/tmp");
	fs->mounts[3].size = 64u << 20;
	fs->mounts[3].mode = 01777;
	fx_mount(&fs->mounts[4], IR_MOUNT_PROC, 0, NULL, "/proc");
	fx_mount(&fs->mounts[5], IR_MOUNT_MASK, 0, NULL, "/proc/kcore");
	fx_mount(&fs->mounts[6], IR_MOUNT_SYMLINK, 0, "/proc/self/fd", "/dev/fd");

	ir->caps.set = true;
	ir->caps.keep = (1ull << 10) | (1ull << 0);
	ir->caps.ambient = 1ull << 10;

	struct ir_cgroup *c = &ir->cgroup;
	c->set = true;
	c->parent = fx_dup("polc/web");
	c->nlimits = 4;
	c->limits = calloc(4, sizeof(*c->limits));
	c->limits[0] = (struct ir_cg_limit){ .key = IR_CG_MEMORY_MAX, .num = 512u << 20 };
	c->limits[1] = (struct ir_cg_limit){ .key = IR_CG_PIDS_MAX, .num = 256 };
	c->limits[2] = (struct ir_cg_limit){ .key = IR_CG_CPU_MAX, .num = 50000, .num2 = 100000 };
	c->limits[3] = (struct ir_cg_limit){ .key = IR_CG_CPUSET_CPUS, .text = fx_dup("0-1") };
	c->devices_set = true;
	c->ndevices = 2;
	c->devices = calloc(2, sizeof(*c->devices));
	c->devices[0] = (struct ir_dev_rule){ .allow = true, .type = 'c', .major = 1, .minor = 3,
					      .access = IR_DEV_ACCESS_R | IR_DEV_ACCESS_W };
	c->devices[1] = (struct ir_dev_rule){ .allow = false, .type = 'a', .major = IR_DEV_ANY,
					      .minor = IR_DEV_ANY, .access = 7 };

	struct ir_lsm *l = &ir->lsm;
	l->apparmor.name = fx_dup("web-confined");
	l->apparmor.generate = true;
	l->apparmor.profile = fx_dup("profile web-confined {\n  /srv/** r,\n}\n");
	/* its compiled policy, as the reader checks it: the version header,
	 * then one profile struct named as the lsm record is */
	static const uint8_t fx_aa_policy[] = "\x04\x08\x00version\x00\x02\x07\x20\x20\x00"
		"\x04\x08\x00profile\x00\x07\x05\x0d\x00web-confined\x00"
		"\x04\x06\x00" "flags\x00\x07\x02\x00\x00\x00\x00\x08"
		"\x06\x03\x00\x00\x00" "abc\x08";
	l->apparmor.compiled_size = sizeof(fx_aa_policy) - 1;
	l->apparmor.compiled = malloc(l->apparmor.compiled_size);
	memcpy(l->apparmor.compiled, fx_aa_policy, l->apparmor.compiled_size);
	l->apparmor.features = fx_dup("policy {set_load {yes\n}\n}\n");
	l->selinux.name = fx_dup("system_u:system_r:container_t:s0:c1,c2");
	l->selinux.optional = true;
	l->landlock.set = true;
	l->landlock.npaths = 2;
	l->landlock.paths = calloc(2, sizeof(*l->landlock.paths));
	l->landlock.paths[0] = (struct ir_landlock_path){ .path = fx_dup("/usr"), .access = IR_LL_READ };
	l->landlock.paths[1] = (struct ir_landlock_path){ .path = fx_dup("/tmp"),
							  .access = IR_LL_READ | IR_LL_WRITE };
	l->landlock.nports = 1;
	l->landlock.ports = calloc(1, sizeof(*l->landlock.ports));
	l->landlock.ports[0] = (struct ir_landlock_port){ .bind = true, .port = 8080 };
}

/* arch check, kill ptrace (nr 101 on x86_64, 26 on i386), allow the rest;
 * scratch memory used once so the check sees ST before LD. */
#define FX_PROG(name, arch, nr)                                                 \
	static const struct polb_bpf_insn name[] = {                            \
		{ BPF_LD | BPF_W | BPF_ABS, 0, 0, 4 },                          \
		{ BPF_JMP | BPF_JEQ | BPF_K, 1, 0, arch },                      \
		{ BPF_RET | BPF_K, 0, 0, 0x80000000u },                         \
		{ BPF_LD | BPF_W | BPF_ABS, 0, 0, 0 },                          \
		{ BPF_ST, 0, 0, 2 },                                            \
		{ BPF_LD | BPF_MEM, 0, 0, 2 },                                  \
		{ BPF_JMP | BPF_JEQ | BPF_K, 0, 1, nr },                        \
		{ BPF_RET | BPF_K, 0, 0, 0x80000000u },                         \
		{ BPF_RET | BPF_K, 0, 0, 0x7fff0000u },                         \
	}
FX_PROG(fx_prog_x86_64, AUDIT_ARCH_X86_64, 101);
FX_PROG(fx_prog_i386, AUDIT_ARCH_I386, 26);

static const struct writer_prog fx_progs[] = {
	{ AUDIT_ARCH_X86_64, 0, fx_prog_x86_64, sizeof(fx_prog_x86_64) / sizeof(fx_prog_x86_64[0]) },
	{ AUDIT_ARCH_I386, 0, fx_prog_i386, sizeof(fx_prog_i386) / sizeof(fx_prog_i386[0]) },
};
static const struct writer_syscall_name fx_names[] = {
	{ AUDIT_ARCH_X86_64, 101, "ptrace" },
	{ AUDIT_ARCH_I386, 26, "ptrace" },
	{ AUDIT_ARCH_X86_64, 101, "ptrace" }, /* duplicate: written once */
};

static int fx_build(const struct pol_ir *ir, uint8_t **blob, size_t *size, struct err *e)
{
	struct writer_input in = { .ir = ir, .progs = fx_progs, .nprogs = 2,
				   .names = fx_names, .nnames = 3 };
	return writer_build(&in, blob, size, e);
}

#endif
