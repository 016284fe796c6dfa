/* The cgroup step's pure parts, no privilege needed: host detection from
 * mountinfo text (v1, v2, hybrid, co-mounted controllers, a mount that shows
 * a subtree), the device rule set (Docker's defaults, allow/deny semantics,
 * the deny v1 cannot express), the BPF program's shape, leaf names. */
#include <linux/bpf.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cgroup_impl.h"
#include "tap.h"

static const char hybrid_mi[] =
	"31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n"
	"32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu\n"
	"33 31 0:30 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct\n"
	"34 31 0:31 / /sys/fs/cgroup/cpuset rw,relatime - cgroup cgroup rw,cpuset\n"
	"35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory\n"
	"36 31 0:33 / /sys/fs/cgroup/devices rw,relatime - cgroup cgroup rw,devices\n"
	"37 31 0:34 / /sys/fs/cgroup/freezer rw,relatime - cgroup cgroup rw,freezer\n"
	"38 31 0:35 / /sys/fs/cgroup/blkio rw,relatime - cgroup cgroup rw,blkio\n"
	"39 31 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids\n"
	"40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd\n"
	"41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n";
static const char hybrid_self[] =
	"9:name=systemd:/\n8:pids:/\n7:blkio:/\n6:freezer:/\n5:devices:/\n"
	"4:memory:/process_api/2034\n3:cpuset:/\n2:cpuacct:/\n1:cpu:/\n0::/\n";

static void test_host_hybrid(void)
{
	struct cg_host h;
	struct err e;
	cg_host_parse(&h, hybrid_mi, hybrid_self, 0, &e);
	OK(h.kind == CG_HOST_HYBRID, "hybrid host recognised");
	OK(h.v2 >= 0 && strcmp(h.hier[h.v2].mount, "/sys/fs/cgroup/unified") == 0, "v2 at unified");
	int m = h.ctrl_hier[CG_MEMORY];
	OK(m >= 0 && !h.hier[m].v2 && strcmp(h.hier[m].mount, "/sys/fs/cgroup/memory") == 0,
	   "memory on its v1 hierarchy");
	OK(m >= 0 && strcmp(h.hier[m].self, "/sys/fs/cgroup/memory/process_api/2034") == 0,
	   "own memory cgroup found: %s", m >= 0 ? h.hier[m].self : "");
	OK(m >= 0 && strcmp(h.hier[m].base, "/sys/fs/cgroup/memory") == 0, "root's base is the mount");
	int io = h.ctrl_hier[CG_IO];
	OK(io >= 0 && strcmp(h.hier[io].mount, "/sys/fs/cgroup/blkio") == 0, "io maps to blkio");
	OK(h.ctrl_hier[CG_PIDS] >= 0 && h.ctrl_hier[CG_CPU] >= 0 && h.ctrl_hier[CG_CPUSET] >= 0 &&
	   h.ctrl_hier[CG_DEVICES] >= 0, "pids cpu cpuset devices found");
	OK(h.nhier == 7, "7 hierarchies kept (6 used controllers + v2), got %d", h.nhier);
}

static void test_host_v2_and_v1(void)
{
	struct cg_host h;
	struct err e;
	cg_host_parse(&h, "30 20 0:26 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw,nsdelegate\n",
		      "0::/user.slice/user-1000.slice/session-3.scope\n", 1000, &e);
	OK(h.kind == CG_HOST_V2, "pure v2 recognised");
	OK(h.nhier == 1 && strcmp(h.hier[0].self,
				  "/sys/fs/cgroup/user.slice/user-1000.slice/session-3.scope") == 0,
	   "own v2 cgroup: %s", h.hier[0].self);

	cg_host_parse(&h,
		      "25 20 0:22 / /sys/fs/cgroup/cpu,cpuacct rw - cgroup cgroup rw,cpu,cpuacct\n"
		      "26 20 0:23 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n"
		      "27 20 0:24 / /sys/fs/cgroup/systemd rw - cgroup cgroup rw,xattr,name=systemd\n",
		      "3:memory:/docker/abc\n2:cpu,cpuacct:/docker/abc\n1:name=systemd:/\n", 0, &e);
	OK(h.kind == CG_HOST_V1, "pure v1 recognised");
	int c = h.ctrl_hier[CG_CPU];
	OK(c >= 0 && strcmp(h.hier[c].self, "/sys/fs/cgroup/cpu,cpuacct/docker/abc") == 0,
	   "co-mounted cpu,cpuacct: %s", c >= 0 ? h.hier[c].self : "");
	OK(h.ctrl_hier[CG_PIDS] < 0 && h.v2 < 0, "no pids, no v2");

	/* a container that sees only its own subtree (mount root /docker/abc) */
	cg_host_parse(&h, "26 20 0:23 /docker/abc /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n",
		      "3:memory:/docker/abc/inner\n", 0, &e);
	OK(h.nhier == 1 && strcmp(h.hier[0].self, "/sys/fs/cgroup/memory/inner") == 0,
	   "mount root mapped: %s", h.hier[0].self);

	cg_host_parse(&h, "1 0 8:1 / / rw - ext4 /dev/sda1 rw\n", "", 0, &e);
	OK(h.kind == CG_HOST_NONE && h.nhier == 0, "no cgroups at all");
}

/* A hand-made view with a devices block of `n` rules. */
static struct polb_view view_with_rules(struct polb_cgroup *cg, const struct polb_dev_rule *rules,
					size_t n)
{
	struct polb_view v;
	memset(&v, 0, sizeof(v));
	memset(cg, 0, sizeof(*cg));
	cg->flags = POLB_CG_DEVICES;
	v.cgroup = cg;
	v.cg_devices = rules;
	v.ncg_devices = n;
	v.strtab = "";
	v.strtab_size = 1;
	return v;
}

static void test_devset(void)
{
	struct polb_cgroup cg;
	struct err e;
	struct cg_devset *s = malloc(sizeof(*s));
	struct polb_view v = view_with_rules(&cg, NULL, 0);
	OK(cg_devset_build(&v, s, &e) == 0, "Docker's default set builds");
	OK(cg_devset_allows(s, 'c', 1, 3, CG_DEV_R | CG_DEV_W), "/dev/null rw allowed");
	OK(cg_devset_allows(s, 'c', 136, 7, CG_DEV_R | CG_DEV_W), "pts rw allowed");
	OK(cg_devset_allows(s, 'c', 1, 1, CG_DEV_M), "mknod of /dev/mem allowed (as Docker)");
	OK(!cg_devset_allows(s, 'c', 1, 1, CG_DEV_R), "/dev/mem read denied");
	OK(!cg_devset_allows(s, 'b', 8, 0, CG_DEV_R), "block device read denied");
	OK(!cg_devset_allows(s, 'c', 1, 3, CG_DEV_R | CG_DEV_M | CG_DEV_W) ||
	   cg_devset_allows(s, 'c', 1, 3, CG_DEV_R | CG_DEV_W | CG_DEV_M), "null rwm consistent");

	const struct polb_dev_rule rules[] = {
		{ .allow = 1, .type = 'c', .major = 1, .minor = 1, .access = CG_DEV_R },
		{ .allow = 0, .type = 'c', .major = 10, .minor = 200, .access = CG_DEV_R | CG_DEV_W },
		{ .allow = 1, .type = 'a', .major = 7, .minor = UINT32_MAX, .access = 3 },
		{ .allow = 0, .type = 'c', .major = UINT32_MAX, .minor = UINT32_MAX, .access = CG_DEV_M },
	};
	v = view_with_rules(&cg, rules, 4);
	OK(cg_devset_build(&v, s, &e) == 0, "policy rules build");
	OK(cg_devset_allows(s, 'c', 1, 1, CG_DEV_R) && !cg_devset_allows(s, 'c', 1, 1, CG_DEV_W),
	   "allow c 1:1 r grants read only");
	OK(!cg_devset_allows(s, 'c', 10, 200, CG_DEV_R) && !cg_devset_allows(s, 'c', 10, 200, CG_DEV_W),
	   "deny c 10:200 rw removes tun");
	OK(cg_devset_allows(s, 'b', 7, 3, CG_DEV_R | CG_DEV_W) &&
	   cg_devset_allows(s, 'c', 7, 3, CG_DEV_R), "allow a 7:* covers block and char");
	OK(!cg_devset_allows(s, 'c', 1, 1, CG_DEV_M) && !cg_devset_allows(s, 'c', 1, 3, CG_DEV_M),
	   "deny c *:* m revokes mknod from every char entry");
	OK(cg_devset_allows(s, 'c', 1, 3, CG_DEV_R | CG_DEV_W), "but keeps their rw");
	OK(cg_devset_allows(s, 'b', 9, 9, CG_DEV_M), "block mknod untouched");

	const struct polb_dev_rule narrow[] = {
		{ .allow = 0, .type = 'c', .major = 136, .minor = 3, .access = CG_DEV_R },
	};
	v = view_with_rules(&cg, narrow, 1);
	OK(cg_devset_build(&v, s, &e) < 0 && strstr(e.detail, "cannot narrow"),
	   "deny inside an earlier wildcard refused: %s", e.detail);
	const struct polb_dev_rule tun_rwm[] = {
		{ .allow = 0, .type = 'c', .major = 10, .minor = 200, .access = 7 },
	};
	v = view_with_rules(&cg, tun_rwm, 1);
	OK(cg_devset_build(&v, s, &e) < 0 && strstr(e.detail, "write 'deny c 10:200 rw'"),
	   "deny of mknod under Docker's c *:* m refused with a hint: %s", e.detail);

	const struct polb_dev_rule bad[] = { { .allow = 1, .type = 'x', .access = 1 } };
	v = view_with_rules(&cg, bad, 1);
	OK(cg_devset_build(&v, s, &e) < 0, "malformed rule refused");

	char line[48];
	struct cg_dev d = { 'c', 136, CG_DEV_ANY, 7 };
	cg_dev_format(&d, line, sizeof(line));
	OK(strcmp(line, "c 136:* rwm") == 0, "v1 line format: %s", line);
	free(s);
}

static void test_prog(void)
{
	struct cg_devset s = { .n = 2 };
	s.dev[0] = (struct cg_dev){ 'c', 1, 3, 7 };
	s.dev[1] = (struct cg_dev){ 'b', CG_DEV_ANY, CG_DEV_ANY, CG_DEV_M };
	struct bpf_insn insns[64];
	size_t n = cg_devices_prog(&s, insns, 64);
	/* 7 prologue + (8) + (6) + 2 epilogue */
	OK(n == 23, "program length %zu", n);
	OK(n && insns[n - 1].code == (BPF_JMP | BPF_EXIT) && insns[n - 2].imm == 0,
	   "ends in return 0 (deny)");
	/* every jump lands inside the program, on the start of a later block */
	bool ok = true;
	for (size_t i = 0; i < n; i++)
		if (insns[i].code == (BPF_JMP | BPF_JNE | BPF_K) &&
		    (insns[i].off < 0 || i + 1 + (size_t)insns[i].off >= n))
			ok = false;
	OK(ok, "jump targets in range");
	OK(cg_devices_prog(&s, insns, 10) == 0, "too small a buffer refused");
}

static void test_names(void)
{
	char a[64], b[64];
	struct err e;
	OK(cg_leaf_name(a, sizeof(a), &e) == 0 && cg_leaf_name(b, sizeof(b), &e) == 0 &&
	   strcmp(a, b) != 0, "two leaf names differ: %s %s", a, b);
	OK(!cg_leaf_is_stale(a), "our own leaf is not stale");
	/* The leaf records the start time (stat field 22), which never changes;
	 * field 23 (vsize) does. Grow the address space: still not stale. */
	size_t big = 64u << 20;
	char *grown = malloc(big);
	if (grown)
		memset(grown, 1, big);
	OK(!cg_leaf_is_stale(a), "our own leaf is not stale after the process grew");
	free(grown);
	{
		char stat[1024] = "";
		FILE *f = fopen("/proc/self/stat", "r");
		if (f) {
			if (!fgets(stat, sizeof(stat), f))
				stat[0] = '\0';
			fclose(f);
		}
		const char *q = strrchr(stat, ')');
		unsigned long long field22 = 0;
		for (int field = 2; q && field < 22; field++)
			q = strchr(q + 1, ' ');
		if (q)
			sscanf(q, " %llu", &field22);
		unsigned long long in_name = 0;
		sscanf(a, "enforce-%*d-%llu", &in_name);
		OK(field22 && in_name == field22, "leaf name carries stat field 22 (start time): %llu vs %llu",
		   in_name, field22);
	}
	char dead[96];
	/* a pid above the kernel's PID_MAX_LIMIT never exists */
	unsigned long long start, ns;
	unsigned seq;
	int pid;
	sscanf(a, "enforce-%d-%llu-%llu-%u", &pid, &start, &ns, &seq);
	snprintf(dead, sizeof(dead), "enforce-%d-%llu-%llu-0", 4194305 + 7, start, ns);
	OK(cg_leaf_is_stale(dead), "a leaf of a gone pid is stale");
	snprintf(dead, sizeof(dead), "enforce-%d-%llu-%llu-0", pid, start + 1, ns);
	OK(cg_leaf_is_stale(dead), "a leaf of a reused pid is stale");
	snprintf(dead, sizeof(dead), "enforce-%d-%llu-%llu-0", 4194305 + 7, start, ns + 1);
	OK(!cg_leaf_is_stale(dead), "another pid namespace's leaf is left alone");
	OK(!cg_leaf_is_stale("user.slice") && !cg_leaf_is_stale("enforce-1-2-3-4x"),
	   "foreign names are never stale");
	/* 2^32 + 1 wraps to pid 1 in an int: a running process, a start time
	 * not its own, so "stale" unless the overflow is refused */
	snprintf(dead, sizeof(dead), "enforce-4294967297-%llu-%llu-0", start, ns);
	OK(!cg_leaf_is_stale(dead), "a pid past INT_MAX is a foreign name, not pid 1");
	snprintf(dead, sizeof(dead), "enforce-+%d-%llu-%llu-0", 4194305 + 7, start, ns);
	OK(!cg_leaf_is_stale(dead), "a signed pid is a foreign name");
	cg_fmt_bytes(512u << 20, a, sizeof(a));
	OK(strcmp(a, "512M") == 0, "bytes: %s", a);
	cg_fmt_bytes(1000, a, sizeof(a));
	OK(strcmp(a, "1000") == 0, "bytes: %s", a);
}

/* The parent is a relative path of plain names: checked before anything. */
static void test_parent_names(void)
{
	static const char *const bad[] = { "../etc", "a//b", "/abs", "a/./b", "x y", "a/.." };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char strtab[64] = "";
		struct polb_cgroup cg = { 0 };
		struct polb_view v;
		memset(&v, 0, sizeof(v));
		snprintf(strtab + 1, sizeof(strtab) - 1, "%s", bad[i]);
		cg.parent = (struct polb_str){ 1, (uint32_t)strlen(bad[i]) };
		v.cgroup = &cg;
		v.strtab = strtab;
		v.strtab_size = sizeof(strtab);
		char *buf = NULL;
		size_t len = 0;
		FILE *out = open_memstream(&buf, &len);
		cgroup_plan(&v, out);
		fclose(out);
		OK(strstr(buf, "would fail") && strstr(buf, "relative path of plain names"),
		   "parent '%s' refused", bad[i]);
		free(buf);
	}
	struct polb_view v;
	struct cgroup_handle h;
	struct err e;
	struct polb_cg_limit lim = { .key = POLB_CG_PIDS_MAX, .num = 5 };
	memset(&v, 0, sizeof(v));
	v.cg_limits = &lim;
	v.ncg_limits = 1;
	v.strtab = "";
	int r = cgroup_probe(&v, &h, &e);
	OK(r < 0 && !h.active, "limits without a cgroup section refused");
	v.ncg_limits = 0;
	r = cgroup_probe(&v, &h, &e);
	OK(r == 0 && !h.host && !cgroup_born_in(&h), "no cgroup section: no host to look at");
	r = cgroup_prepare(&v, &h, &e);
	OK(r == 0 && !h.active && cgroup_clone_fd(&h) < 0, "no cgroup section: nothing to do");
}

/* cgroup_report reads plain files: drive it with the files of a v2 leaf
 * (OOM kills and pids hits at once) and of an old v1 kernel (no oom_kill
 * line: memory.failcnt instead), in a scratch directory. */
static void put(const char *dir, const char *file, const char *text)
{
	char path[256];
	snprintf(path, sizeof(path), "%s/%s", dir, file);
	FILE *f = fopen(path, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

static void report_of(struct cgroup_handle *h, char *buf, size_t size)
{
	fflush(stderr);
	int saved = dup(2);
	FILE *tmp = tmpfile();
	dup2(fileno(tmp), 2);
	cgroup_report(h);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	rewind(tmp);
	size_t n = fread(buf, 1, size - 1, tmp);
	buf[n] = '\0';
	fclose(tmp);
	if (n > 0 && buf[n - 1] == '\n')
		buf[n - 1] = '\0'; /* one line: compare it without its newline */
}

static void test_report(void)
{
	char dir[] = "/tmp/poltest-cgreport-XXXXXX", buf[512];
	if (!mkdtemp(dir))
		return;
	struct cgroup_handle h = { .active = true, .v2_dir_fd = -1, .npaths = 1 };
	snprintf(h.paths[0], sizeof(h.paths[0]), "%s", dir);
	put(dir, "memory.events", "low 0\nhigh 0\nmax 12\noom 2\noom_kill 2\n");
	put(dir, "memory.max", "33554432\n");
	put(dir, "pids.events", "max 3\n");
	put(dir, "pids.max", "16\n");
	report_of(&h, buf, sizeof(buf));
	OK(strcmp(buf, "enforce: cgroup: OOM kill: memory.max 32M reached, 2 processes killed; "
		       "pids.max 16 reached, 3 forks refused") == 0, "report, v2 files: %s", buf);
	h.oom_kills_before = 2;
	h.pids_max_before = 3;
	report_of(&h, buf, sizeof(buf));
	OK(buf[0] == '\0', "report: counters as at the start: nothing to say");
	const char *files[] = { "memory.events", "memory.max", "pids.events", "pids.max" };
	for (int i = 0; i < 4; i++) {
		char path[256];
		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		unlink(path);
	}
	put(dir, "memory.oom_control", "oom_kill_disable 0\nunder_oom 0\n");
	put(dir, "memory.failcnt", "57\n");
	put(dir, "memory.limit_in_bytes", "33554432\n");
	h.oom_kills_before = h.pids_max_before = 0;
	report_of(&h, buf, sizeof(buf));
	OK(strcmp(buf, "enforce: cgroup: memory.max 32M reached 57 times") == 0,
	   "report, v1 before 4.13 (failcnt): %s", buf);
	const char *v1files[] = { "memory.oom_control", "memory.failcnt", "memory.limit_in_bytes" };
	for (int i = 0; i < 3; i++) {
		char path[256];
		snprintf(path, sizeof(path), "%s/%s", dir, v1files[i]);
		unlink(path);
	}
	rmdir(dir);
}

int main(void)
{
	test_host_hybrid();
	test_host_v2_and_v1();
	test_devset();
	test_prog();
	test_names();
	test_parent_names();
	test_report();
	return TAP_DONE();
}
