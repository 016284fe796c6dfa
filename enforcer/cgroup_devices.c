/* Device access rules: deny by default, the safe set Docker allows, then the
 * policy's own rules. One effective allow list (struct cg_devset) is
 * computed first; v1 writes it to devices.allow after denying everything,
 * v2 compiles it into a BPF_PROG_TYPE_CGROUP_DEVICE program (written here
 * instruction by instruction: the enforcer links no BPF library) attached
 * to the container's cgroup. Both grant an access exactly when one entry of
 * the list matches the device and holds every bit asked for, which is the
 * kernel's v1 rule; cg_devset_allows() is that rule in C, for the tests. */
#include <errno.h>
#include <linux/bpf.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cgroup_impl.h"
#include "enforce.h"

/* What Docker (moby's default spec) allows: mknod of any node, and use of
 * the standard character devices, the consoles, ptys and tun. */
static const struct cg_dev docker_default[] = {
	{ 'c', CG_DEV_ANY, CG_DEV_ANY, CG_DEV_M },
	{ 'b', CG_DEV_ANY, CG_DEV_ANY, CG_DEV_M },
	{ 'c', 1, 3, CG_DEV_R | CG_DEV_W | CG_DEV_M },   /* null */
	{ 'c', 1, 5, CG_DEV_R | CG_DEV_W | CG_DEV_M },   /* zero */
	{ 'c', 1, 7, CG_DEV_R | CG_DEV_W | CG_DEV_M },   /* full */
	{ 'c', 1, 8, CG_DEV_R | CG_DEV_W | CG_DEV_M },   /* random */
	{ 'c', 1, 9, CG_DEV_R | CG_DEV_W | CG_DEV_M },   /* urandom */
	{ 'c', 5, 0, CG_DEV_R | CG_DEV_W | CG_DEV_M },   /* tty */
	{ 'c', 5, 1, CG_DEV_R | CG_DEV_W | CG_DEV_M },   /* console */
	{ 'c', 5, 2, CG_DEV_R | CG_DEV_W | CG_DEV_M },   /* ptmx */
	{ 'c', 136, CG_DEV_ANY, CG_DEV_R | CG_DEV_W | CG_DEV_M }, /* pts */
	{ 'c', 10, 200, CG_DEV_R | CG_DEV_W | CG_DEV_M }, /* net/tun */
};

static bool num_match(uint32_t rule, uint32_t dev)
{
	return rule == CG_DEV_ANY || rule == dev;
}

static int devset_allow(struct cg_devset *set, const struct cg_dev *d, struct err *e)
{
	for (size_t i = 0; i < set->n; i++) {
		struct cg_dev *x = &set->dev[i];
		if (x->type == d->type && x->major == d->major && x->minor == d->minor) {
			x->access |= d->access;
			return 0;
		}
	}
	if (set->n >= CG_MAX_DEV_RULES)
		return err_set(e, E2BIG, "cgroup", "devices: more than %d rules", CG_MAX_DEV_RULES);
	set->dev[set->n++] = *d;
	return 0;
}

/* Revoke d's access from every entry it covers; refuse to narrow an entry
 * it only overlaps (v1 keeps exceptions as a flat list and cannot). */
static int devset_deny(struct cg_devset *set, const struct cg_dev *d, struct err *e)
{
	size_t out = 0;
	for (size_t i = 0; i < set->n; i++) {
		struct cg_dev x = set->dev[i];
		bool covered = x.type == d->type && num_match(d->major, x.major) &&
			       num_match(d->minor, x.minor);
		bool overlaps = x.type == d->type &&
				(num_match(d->major, x.major) || num_match(x.major, d->major)) &&
				(num_match(d->minor, x.minor) || num_match(x.minor, d->minor));
		if (covered) {
			x.access &= ~d->access;
		} else if (overlaps && (x.access & d->access)) {
			char a[32], b[32], hint[64] = "";
			cg_dev_format(d, a, sizeof(a));
			cg_dev_format(&x, b, sizeof(b));
			struct cg_dev rest = *d;
			rest.access &= ~x.access;
			if (rest.access) {
				char c[32];
				cg_dev_format(&rest, c, sizeof(c));
				snprintf(hint, sizeof(hint), "write 'deny %s', or ", c);
			}
			return err_set(e, EINVAL, "cgroup",
				       "devices: 'deny %s' cannot narrow the earlier 'allow %s' on cgroup v1 "
				       "(%sdeny the wider rule and allow the narrower devices)", a, b, hint);
		}
		if (x.access)
			set->dev[out++] = x;
	}
	set->n = out;
	return 0;
}

int cg_devset_build(const struct polb_view *v, struct cg_devset *set, struct err *e)
{
	set->n = 0;
	for (size_t i = 0; i < sizeof(docker_default) / sizeof(docker_default[0]); i++)
		if (devset_allow(set, &docker_default[i], e) < 0)
			return -1;
	for (size_t i = 0; i < v->ncg_devices; i++) {
		const struct polb_dev_rule *r = &v->cg_devices[i];
		if ((r->type != 'a' && r->type != 'b' && r->type != 'c') || r->allow > 1 ||
		    r->access == 0 || (r->access & ~7u) || (r->major != CG_DEV_ANY && r->major > 4095) ||
		    (r->minor != CG_DEV_ANY && r->minor > 0xfffff))
			return err_set(e, EINVAL, "cgroup", "devices: rule %zu is malformed", i + 1);
		/* 'a' (any type) is the same rule for block and character devices */
		for (int t = 0; t < 2; t++) {
			char type = t == 0 ? 'c' : 'b';
			if (r->type != 'a' && r->type != (uint32_t)type)
				continue;
			struct cg_dev d = { type, r->major, r->minor, r->access };
			if ((r->allow ? devset_allow(set, &d, e) : devset_deny(set, &d, e)) < 0)
				return -1;
		}
	}
	return 0;
}

bool cg_devset_allows(const struct cg_devset *set, char type, uint32_t major, uint32_t minor,
		      uint32_t access)
{
	for (size_t i = 0; i < set->n; i++) {
		const struct cg_dev *x = &set->dev[i];
		if (x->type == type && num_match(x->major, major) && num_match(x->minor, minor) &&
		    (access & ~x->access) == 0)
			return true;
	}
	return false;
}

void cg_dev_format(const struct cg_dev *d, char *buf, size_t size)
{
	char maj[16] = "*", min[16] = "*", acc[4];
	int n = 0;
	if (d->major != CG_DEV_ANY)
		snprintf(maj, sizeof(maj), "%u", d->major);
	if (d->minor != CG_DEV_ANY)
		snprintf(min, sizeof(min), "%u", d->minor);
	if (d->access & CG_DEV_R)
		acc[n++] = 'r';
	if (d->access & CG_DEV_W)
		acc[n++] = 'w';
	if (d->access & CG_DEV_M)
		acc[n++] = 'm';
	acc[n] = '\0';
	snprintf(buf, size, "%c %s:%s %s", d->type, maj, min, acc);
}

int cg_devices_v1(struct cg_fs *fs, const char *dir, const struct cg_devset *set)
{
	if (cg_write(fs, dir, "devices.deny", "a", "devices: deny by default") < 0)
		return -1;
	for (size_t i = 0; i < set->n; i++) {
		char line[48];
		cg_dev_format(&set->dev[i], line, sizeof(line));
		if (cg_write(fs, dir, "devices.allow", line, NULL) < 0)
			return -1;
	}
	return 0;
}

/* ---- the v2 program --------------------------------------------------- */

static struct bpf_insn insn(uint8_t code, uint8_t dst, uint8_t src, int16_t off, int32_t imm)
{
	struct bpf_insn i = { .code = code, .dst_reg = dst, .src_reg = src, .off = off, .imm = imm };
	return i;
}
#define LDX_W(dst, src, off) insn(BPF_LDX | BPF_MEM | BPF_W, dst, src, off, 0)
#define MOV_REG(dst, src) insn(BPF_ALU64 | BPF_MOV | BPF_X, dst, src, 0, 0)
#define MOV_IMM(dst, imm) insn(BPF_ALU64 | BPF_MOV | BPF_K, dst, 0, 0, imm)
#define ALU_IMM(op, dst, imm) insn(BPF_ALU64 | (op) | BPF_K, dst, 0, 0, imm)
#define JNE_IMM(dst, imm, off) insn(BPF_JMP | BPF_JNE | BPF_K, dst, 0, off, imm)
#define EXIT() insn(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)

/* polb's r=1 w=2 m=4 to the kernel's BPF_DEVCG_ACC_* */
static int32_t bpf_access(uint32_t access)
{
	return ((access & CG_DEV_R) ? BPF_DEVCG_ACC_READ : 0) |
	       ((access & CG_DEV_W) ? BPF_DEVCG_ACC_WRITE : 0) |
	       ((access & CG_DEV_M) ? BPF_DEVCG_ACC_MKNOD : 0);
}

/* r3 = device type, r4 = access asked, r5 = major, r6 = minor; each entry
 * is one block that returns 1 (allow) on a match and falls through to the
 * next otherwise; the end returns 0 (deny). */
size_t cg_devices_prog(const struct cg_devset *set, struct bpf_insn *insns, size_t max)
{
	size_t n = 0;
	const int all = BPF_DEVCG_ACC_READ | BPF_DEVCG_ACC_WRITE | BPF_DEVCG_ACC_MKNOD;
	if (max < 9)
		return 0;
	insns[n++] = LDX_W(BPF_REG_2, BPF_REG_1, offsetof(struct bpf_cgroup_dev_ctx, access_type));
	insns[n++] = MOV_REG(BPF_REG_3, BPF_REG_2);
	insns[n++] = ALU_IMM(BPF_AND, BPF_REG_3, 0xffff);
	insns[n++] = MOV_REG(BPF_REG_4, BPF_REG_2);
	insns[n++] = ALU_IMM(BPF_RSH, BPF_REG_4, 16);
	insns[n++] = LDX_W(BPF_REG_5, BPF_REG_1, offsetof(struct bpf_cgroup_dev_ctx, major));
	insns[n++] = LDX_W(BPF_REG_6, BPF_REG_1, offsetof(struct bpf_cgroup_dev_ctx, minor));
	for (size_t i = 0; i < set->n; i++) {
		const struct cg_dev *d = &set->dev[i];
		size_t len = 6 + (d->major != CG_DEV_ANY) + (d->minor != CG_DEV_ANY);
		if (n + len + 2 > max)
			return 0;
		size_t next = n + len;
#define SKIP ((int16_t)(next - (n + 1)))
		int32_t type = d->type == 'b' ? BPF_DEVCG_DEV_BLOCK : BPF_DEVCG_DEV_CHAR;
		insns[n] = JNE_IMM(BPF_REG_3, type, SKIP);
		n++;
		if (d->major != CG_DEV_ANY) {
			insns[n] = JNE_IMM(BPF_REG_5, (int32_t)d->major, SKIP);
			n++;
		}
		if (d->minor != CG_DEV_ANY) {
			insns[n] = JNE_IMM(BPF_REG_6, (int32_t)d->minor, SKIP);
			n++;
		}
		insns[n++] = MOV_REG(BPF_REG_7, BPF_REG_4);
		insns[n++] = ALU_IMM(BPF_AND, BPF_REG_7, all & ~bpf_access(d->access));
		insns[n] = JNE_IMM(BPF_REG_7, 0, SKIP); /* asks for a bit this entry lacks */
		n++;
#undef SKIP
		insns[n++] = MOV_IMM(BPF_REG_0, 1);
		insns[n++] = EXIT();
	}
	insns[n++] = MOV_IMM(BPF_REG_0, 0);
	insns[n++] = EXIT();
	return n;
}

static int bpf_sys(int cmd, union bpf_attr *attr)
{
	return (int)syscall(SYS_bpf, cmd, attr, sizeof(*attr));
}

int cg_devices_bpf(struct cg_fs *fs, int dir_fd, const char *dir, const struct cg_devset *set)
{
	size_t max = 9 + set->n * 8;
	struct bpf_insn *insns = calloc(max, sizeof(*insns));
	if (!insns)
		return err_set(fs->e, errno, "cgroup", "devices: BPF program");
	size_t n = cg_devices_prog(set, insns, max);
	if (fs->plan) {
		plan_line(fs->plan, "cgroup", "attach BPF_CGROUP_DEVICE program (%zu instructions, %zu rules) to %s",
			  n, set->n, dir);
		free(insns);
		return 0;
	}
	union bpf_attr attr;
	memset(&attr, 0, sizeof(attr));
	attr.prog_type = BPF_PROG_TYPE_CGROUP_DEVICE;
	attr.insns = (uint64_t)(uintptr_t)insns;
	attr.insn_cnt = (uint32_t)n;
	attr.license = (uint64_t)(uintptr_t)"GPL";
	int prog = bpf_sys(BPF_PROG_LOAD, &attr);
	int saved = errno;
	if (prog < 0) {
		/* again with the verifier's log, whose last line says why */
		char *log = calloc(1, 1 << 16);
		if (log) {
			attr.log_buf = (uint64_t)(uintptr_t)log;
			attr.log_size = 1 << 16;
			attr.log_level = 1;
			prog = bpf_sys(BPF_PROG_LOAD, &attr);
			if (prog >= 0) {
				free(log);
				log = NULL;
			}
		}
		if (prog < 0) {
			char *last = log ? strrchr(log, '\n') : NULL;
			while (last && last > log && last[1] == '\0') {
				*last = '\0';
				last = strrchr(log, '\n');
			}
			err_set(fs->e, saved, "cgroup", "devices: load the BPF_CGROUP_DEVICE program%s%s",
				log && log[0] ? ": " : "", log ? (last ? last + 1 : log) : "");
			free(log);
			free(insns);
			return -1;
		}
	}
	free(insns);
	memset(&attr, 0, sizeof(attr));
	attr.target_fd = (uint32_t)dir_fd;
	attr.attach_bpf_fd = (uint32_t)prog;
	attr.attach_type = BPF_CGROUP_DEVICE;
	attr.attach_flags = BPF_F_ALLOW_MULTI; /* the programs of the cgroups above still apply */
	int r = bpf_sys(BPF_PROG_ATTACH, &attr);
	saved = errno;
	close(prog); /* the attachment holds it until the cgroup is removed */
	if (r < 0)
		return err_set(fs->e, saved, "cgroup", "devices: attach the BPF program to %s", dir);
	return 0;
}
