/* The cgroup step's limits for real on this host's cgroups (hybrid on the
 * build machine), without enforce (cgroup_test.h places a forked child as
 * enforce does). Needs root; as another user it says SKIP.
 *
 *   memory.max    a hog is OOM-killed; cgroup_report says so in one line
 *   pids.max      a fork bomb stops at the limit; reported
 *   cpu.max       a busy loop gets at most a generous multiple of its quota,
 *                 and the kernel's own throttling counter moved
 *   devices       after mknod, a node outside the allowed set cannot be
 *                 opened (v1 list and, separately, the v2 BPF program alone)
 *   keys          every key's v1 (or v2) file and value; refusals; dry run */
#include "cgroup_test.h"

/* MAJ:MIN of a disk of this machine (not a ram or loop device), for io.max */
static char blockdev[32];
static void find_blockdev(void)
{
	DIR *d = opendir("/sys/block");
	struct dirent *de;
	while (d && (de = readdir(d)))
		if (de->d_name[0] != '.' && strncmp(de->d_name, "loop", 4) && strncmp(de->d_name, "ram", 3) &&
		    strncmp(de->d_name, "zram", 4)) {
			char dir[300];
			snprintf(dir, sizeof(dir), "/sys/block/%s", de->d_name);
			if (cg_read(dir, "dev", blockdev, sizeof(blockdev)) > 0)
				break;
			blockdev[0] = '\0';
		}
	if (d)
		closedir(d);
	if (!blockdev[0])
		printf("# no disk found: io.max not tried\n");
}


static void test_memory(void)
{
	struct tview t;
	struct cgroup_handle h;
	struct err e;
	int pr;
	struct run r;
	char rep[512];
	tv_init(&t);
	tv_limit(&t, POLB_CG_MEMORY_MAX, 32u << 20, 0, NULL);
	tv_limit(&t, POLB_CG_MEMORY_SWAP_MAX, 0, 0, NULL);
	pr = cg_probe_prepare(&t.v, &h, &e);
	OK(pr == 0, "memory: prepare: %s", pr ? e.detail : "");
	OK(h.active && h.npaths >= 1, "memory: %d cgroups made", h.npaths);
	run_in(&h, work_hog, (void *)(uintptr_t)512, &r);
	OK(WIFSIGNALED(r.status) && WTERMSIG(r.status) == SIGKILL,
	   "memory: a 512 MiB hog under memory.max 32M is killed (status %#x, %s)", r.status, r.out);
	report_of(&h, rep, sizeof(rep));
	OK(strstr(rep, "enforce: cgroup: OOM kill: memory.max 32M reached") != NULL,
	   "memory: reported: %s", rep);
	OK(rep[0] && !strchr(rep, '\n'), "memory: in one line");
	struct cgroup_handle copy = h;
	cgroup_destroy(&h);
	OK(all_gone(&copy) && !h.active, "memory: cgroups removed");
	cgroup_destroy(&h);
	OK(1, "memory: destroy twice is harmless");

	/* a well-behaved command: no report */
	pr = cg_probe_prepare(&t.v, &h, &e);
	OK(pr == 0, "memory: prepare again");
	run_in(&h, work_hog, (void *)(uintptr_t)8, &r);
	report_of(&h, rep, sizeof(rep));
	OK(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 0 && rep[0] == '\0',
	   "memory: 8 MiB fits, nothing reported [%s]", rep);
	cgroup_destroy(&h);
}

static void test_pids(void)
{
	struct tview t;
	struct cgroup_handle h;
	struct err e;
	int pr;
	struct run r;
	char rep[512];
	tv_init(&t);
	tv_limit(&t, POLB_CG_PIDS_MAX, 16, 0, NULL);
	pr = cg_probe_prepare(&t.v, &h, &e);
	OK(pr == 0, "pids: prepare: %s", pr ? e.detail : "");
	run_in(&h, work_bomb, NULL, &r);
	int forked = -1, err = 0;
	sscanf(r.out, "forked %d errno %d", &forked, &err);
	OK(forked >= 0 && forked < 16 && err == EAGAIN,
	   "pids: a fork bomb stops at pids.max 16 (%s)", r.out);
	report_of(&h, rep, sizeof(rep));
	OK(strstr(rep, "enforce: cgroup: pids.max 16 reached") != NULL, "pids: reported: %s", rep);
	struct cgroup_handle copy = h;
	cgroup_destroy(&h);
	OK(all_gone(&copy), "pids: cgroups removed");
}

static void test_cpu(void)
{
	struct tview t;
	struct cgroup_handle h;
	struct err e;
	int pr;
	struct run r;
	tv_init(&t);
	tv_limit(&t, POLB_CG_CPU_MAX, 20000, 100000, NULL); /* 0.2 cores */
	pr = cg_probe_prepare(&t.v, &h, &e);
	OK(pr == 0, "cpu: prepare: %s", pr ? e.detail : "");
	run_in(&h, work_busy, NULL, &r);
	long long cpu = 0, wall = 1;
	sscanf(r.out, "%lld %lld", &cpu, &wall);
	/* the cap allows 0.2 of wall time; an uncapped loop gets ~1.0 on an idle
	 * CPU. 0.5 is generous enough for any scheduling noise. */
	OK(wall > 0 && cpu * 2 < wall, "cpu: cpu.max 0.2 caps a busy loop: %lld us cpu in %lld us",
	   cpu, wall);
	const char *dir = leaf_in(&h, "cpu.stat");
	unsigned long long throttled = 0;
	if (dir && cg_read_key(dir, "cpu.stat", "nr_throttled", &throttled) < 0)
		cg_read_key(dir, "cpu.stat", "nr_throttled", &throttled);
	OK(throttled > 0, "cpu: the kernel throttled it %llu times", throttled);
	cgroup_destroy(&h);
}

static void test_devices(void)
{
	struct tview t;
	struct cgroup_handle h;
	struct err e;
	int pr;
	tv_init(&t);
	tv_dev(&t, 1, 'c', 1, 11, CG_DEV_R); /* /dev/kmsg read-only, nothing else beyond Docker's */
	pr = cg_probe_prepare(&t.v, &h, &e);
	OK(pr == 0, "devices: prepare: %s", pr ? e.detail : "");
	const char *v1 = leaf_in(&h, "devices.list");
	if (v1)
		OK(file_has(v1, "devices.list", "c 1:11 r") && file_has(v1, "devices.list", "c 136:* rwm") &&
		   !file_has(v1, "devices.list", "a *:* rwm"), "devices: v1 list written");
	dev_case(&h, "mknod c 1:2 (kmem) works, open is EPERM", (struct dev_try){ 'c', 1, 2, O_RDONLY },
		 0, EPERM);
	dev_case(&h, "mknod b 254:0 works, open is EPERM", (struct dev_try){ 'b', 254, 0, O_RDONLY }, 0,
		 EPERM);
	dev_case(&h, "allowed c 1:11 r (kmsg) opens read-only", (struct dev_try){ 'c', 1, 11, O_RDONLY }, 0, 0);
	dev_case(&h, "allowed c 1:11 r refuses write", (struct dev_try){ 'c', 1, 11, O_WRONLY }, 0, EPERM);
	dev_case(&h, "c 1:3 (null) made anew opens rw", (struct dev_try){ 'c', 1, 3, O_RDWR }, 0, 0);
	cgroup_destroy(&h);
}

/* The v2 program alone: a cgroup in the v2 hierarchy (on a hybrid host no
 * v1 devices list is involved there), the program attached, a child in it. */
static void test_devices_bpf_alone(const struct cg_host *host)
{
	if (host->v2 < 0) {
		OK(1, "devices bpf # SKIP no v2 hierarchy");
		return;
	}
	struct tview t;
	struct err e;
	struct cg_fs fs = { .plan = NULL, .e = &e };
	struct cg_devset set;
	char parent[CG_PATH_MAX * 2], dir[CG_PATH_MAX * 2];
	tv_init(&t);
	tv_dev(&t, 1, 'c', 1, 11, CG_DEV_R);
	cg_path(&e, parent, sizeof(parent), "%s/%s", host->hier[host->v2].base, test_parent);
	cg_path(&e, dir, sizeof(dir), "%s/bpf-only", parent);
	mkdir(parent, 0755);
	int mk = mkdir(dir, 0755);
	OK(mk == 0, "bpf: v2 cgroup %s", dir);
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int built = cg_devset_build(&t.v, &set, &e);
	OK(built == 0, "bpf: rules");
	int r = cg_devices_bpf(&fs, fd, dir, &set);
	OK(r == 0, "bpf: the hand-written program loads and attaches: %s", r ? e.detail : "");
	struct cgroup_handle h = { .active = true, .v2_dir_fd = -1, .npaths = 1 };
	cg_path(&e, h.paths[0], sizeof(h.paths[0]), "%s", dir);
	dev_case(&h, "bpf: open of mknod'ed c 1:2 is EPERM", (struct dev_try){ 'c', 1, 2, O_RDONLY }, 0,
		 EPERM);
	dev_case(&h, "bpf: b 254:0 open is EPERM", (struct dev_try){ 'b', 254, 0, O_RDONLY }, 0, EPERM);
	dev_case(&h, "bpf: allowed c 1:11 r opens read-only", (struct dev_try){ 'c', 1, 11, O_RDONLY }, 0, 0);
	dev_case(&h, "bpf: allowed c 1:11 r refuses write", (struct dev_try){ 'c', 1, 11, O_WRONLY }, 0, EPERM);
	dev_case(&h, "bpf: urandom c 1:9 mknod and open rw", (struct dev_try){ 'c', 1, 9, O_RDWR }, 0, 0);

	/* mknod itself is governed too: revoke it and it fails */
	tv_init(&t);
	tv_dev(&t, 0, 'c', CG_DEV_ANY, CG_DEV_ANY, CG_DEV_M);
	char dir2[CG_PATH_MAX * 2 + 8];
	cg_path(&e, dir2, sizeof(dir2), "%s-nomknod", dir);
	mkdir(dir2, 0755);
	int fd2 = open(dir2, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	cg_devset_build(&t.v, &set, &e);
	r = cg_devices_bpf(&fs, fd2, dir2, &set);
	OK(r == 0, "bpf: second program attached");
	struct cgroup_handle h2 = { .active = true, .v2_dir_fd = -1, .npaths = 1 };
	cg_path(&e, h2.paths[0], sizeof(h2.paths[0]), "%s", dir2);
	dev_case(&h2, "bpf: deny c *:* m makes mknod EPERM", (struct dev_try){ 'c', 1, 3, O_RDWR }, EPERM, 0);
	close(fd);
	close(fd2);
	cgroup_destroy(&h);
	cgroup_destroy(&h2);
	OK(access(dir, F_OK) < 0 && access(dir2, F_OK) < 0, "bpf: cgroups removed");
}

static void test_v1_files(const struct cg_host *host)
{
	find_blockdev();
	struct tview t;
	struct cgroup_handle h;
	struct err e;
	tv_init(&t);
	tv_limit(&t, POLB_CG_MEMORY_MAX, 256u << 20, 0, NULL);
	tv_limit(&t, POLB_CG_MEMORY_HIGH, 200u << 20, 0, NULL);
	tv_limit(&t, POLB_CG_MEMORY_SWAP_MAX, 64u << 20, 0, NULL);
	tv_limit(&t, POLB_CG_PIDS_MAX, POLB_CG_UNLIMITED, 0, NULL);
	tv_limit(&t, POLB_CG_CPU_MAX, 50000, 100000, NULL);
	tv_limit(&t, POLB_CG_CPU_WEIGHT, 100, 0, NULL);
	tv_limit(&t, POLB_CG_CPUSET_CPUS, 0, 0, "0");
	char iomax[64];
	snprintf(iomax, sizeof(iomax), "%s rbps=1048576 wiops=100", blockdev);
	if (blockdev[0])
		tv_limit(&t, POLB_CG_IO_MAX, 0, 0, iomax);
	int r = cg_probe_prepare(&t.v, &h, &e);
	OK(r == 0, "keys: prepare with every key but io.weight: %s", r ? e.detail : "");
	int mem = host->ctrl_hier[CG_MEMORY];
	if (mem >= 0 && !host->hier[mem].v2 && r == 0) {
		const char *m = leaf_in(&h, "memory.limit_in_bytes");
		OK(file_has(m, "memory.limit_in_bytes", "268435456"), "keys: memory.max -> limit_in_bytes");
		OK(file_has(m, "memory.memsw.limit_in_bytes", "335544320"),
		   "keys: memory.swap.max 64M -> memsw = 256M + 64M");
		OK(file_has(m, "memory.soft_limit_in_bytes", "209715200"), "keys: memory.high -> soft limit");
		const char *p = leaf_in(&h, "pids.max");
		OK(file_has(p, "pids.max", "max"), "keys: pids.max max");
		const char *c = leaf_in(&h, "cpu.cfs_quota_us");
		OK(file_has(c, "cpu.cfs_quota_us", "50000") && file_has(c, "cpu.cfs_period_us", "100000"),
		   "keys: cpu.max -> cfs quota/period");
		OK(file_has(c, "cpu.shares", "1024"), "keys: cpu.weight 100 -> cpu.shares 1024");
		const char *s = leaf_in(&h, "cpuset.cpus");
		char mems[64] = "", rootmems[64] = "?";
		cg_read(s ? s : "/nonexistent", "cpuset.mems", mems, sizeof(mems));
		cg_read(host->hier[host->ctrl_hier[CG_CPUSET]].mount, "cpuset.mems", rootmems, sizeof(rootmems));
		OK(file_has(s, "cpuset.cpus", "0") && strcmp(mems, rootmems) == 0,
		   "keys: cpuset.cpus 0, mems inherited (%s)", mems);
		const char *b = leaf_in(&h, "blkio.throttle.read_bps_device");
		char rbps[48], wiops[48];
		snprintf(rbps, sizeof(rbps), "%s 1048576", blockdev);
		snprintf(wiops, sizeof(wiops), "%s 100", blockdev);
		if (blockdev[0])
			OK(file_has(b, "blkio.throttle.read_bps_device", rbps) &&
			   file_has(b, "blkio.throttle.write_iops_device", wiops),
			   "keys: io.max %s -> blkio.throttle.*", blockdev);
	}
	cgroup_destroy(&h);

	/* a limit the kernel refuses stops the run, and nothing is left */
	tv_init(&t);
	tv_limit(&t, POLB_CG_PIDS_MAX, 16, 0, NULL);
	tv_limit(&t, POLB_CG_CPUSET_CPUS, 0, 0, "63");
	r = cg_probe_prepare(&t.v, &h, &e);
	OK(r < 0 && strstr(e.detail, "cpuset.cpus") && !h.active && leftovers(host) == 0,
	   "keys: cpuset.cpus 63 refused by the kernel, nothing left: %s", e.detail);

	tv_init(&t);
	tv_limit(&t, POLB_CG_MEMORY_SWAP_MAX, 0, 0, NULL);
	r = cg_probe_prepare(&t.v, &h, &e);
	if (mem >= 0 && !host->hier[mem].v2)
		OK(r < 0 && strstr(e.detail, "needs memory.max"), "keys: v1 swap alone refused: %s", e.detail);

	tv_init(&t);
	tv_limit(&t, POLB_CG_IO_WEIGHT, 100, 0, NULL);
	r = cg_probe_prepare(&t.v, &h, &e);
	int io = host->ctrl_hier[CG_IO];
	if (io >= 0 && !host->hier[io].v2 && !cg_file_exists(host->hier[io].mount, "blkio.weight") &&
	    !cg_file_exists(host->hier[io].mount, "blkio.bfq.weight"))
		OK(r < 0 && strstr(e.detail, "io.weight"), "keys: io.weight without a weight file refused: %s",
		   e.detail);
	else
		cgroup_destroy(&h);
	OK(leftovers(host) == 0, "keys: nothing left");
}

static void test_plan(const struct cg_host *host)
{
	struct tview t;
	tv_init(&t);
	tv_limit(&t, POLB_CG_MEMORY_MAX, 64u << 20, 0, NULL);
	tv_dev(&t, 1, 'c', 1, 11, CG_DEV_R);
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	cgroup_plan(&t.v, out);
	fclose(out);
	int mem = host->ctrl_hier[CG_MEMORY];
	bool v1 = mem >= 0 && !host->hier[mem].v2;
	OK(strstr(buf, "mkdir ") && strstr(buf, v1 ? "memory.limit_in_bytes = 67108864" : "memory.max = 67108864"),
	   "plan: names the files and values");
	OK(strstr(buf, "BPF_CGROUP_DEVICE") || strstr(buf, "devices.allow = c 1:11 r"), "plan: device rules");
	OK(leftovers(host) == 0, "plan: changes nothing");
	for (char *line = strtok(buf, "\n"); line; line = strtok(NULL, "\n"))
		printf("# %s\n", line);
	free(buf);
}

int main(void)
{
	struct cg_host host;
	if (cgtest_start(&host, "cgroup limits") < 0)
		return 0;
	test_memory();
	test_pids();
	test_cpu();
	test_devices();
	test_devices_bpf_alone(&host);
	test_v1_files(&host);
	test_plan(&host);
	cgtest_end(&host);
	return TAP_DONE();
}
