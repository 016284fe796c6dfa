/* The cgroup step for real, on this host's cgroups (hybrid on the build
 * machine; any kind elsewhere): a blob's view is built by hand, a forked
 * child is placed in the cgroup exactly as enforce does it (cgroup_attach
 * before it is let go) and runs a workload; then what the kernel did is
 * checked from outside. Needs root; as another user it says SKIP.
 *
 *   memory.max    a hog is OOM-killed; cgroup_report says so in one line
 *   pids.max      a fork bomb stops at the limit; reported
 *   cpu.max       a busy loop gets at most a generous multiple of its quota,
 *                 and the kernel's own throttling counter moved
 *   devices       after mknod, a node outside the allowed set cannot be
 *                 opened (v1 list and, separately, the v2 BPF program alone)
 *   the rest      v1 files for every key, dry run, rootless refusal and
 *                 `optional`, stale leaves of a killed run, 200 runs with
 *                 kills leave nothing behind.
 * Every cgroup made here is under poltest-cg-PID and removed at the end. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <grp.h>
#include <linux/sched.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "cgroup_impl.h"
#include "tap.h"

/* ---- a view built by hand ---------------------------------------------- */

struct tview {
	struct polb_view v;
	struct polb_cgroup cg;
	struct polb_cg_limit lim[POLB_CG_KEY_COUNT];
	struct polb_dev_rule dev[8];
	char strtab[1024];
	size_t slen;
};

static char test_parent[64];

static struct polb_str tv_str(struct tview *t, const char *s)
{
	struct polb_str r = { (uint32_t)t->slen, (uint32_t)strlen(s) };
	memcpy(t->strtab + t->slen, s, strlen(s) + 1);
	t->slen += strlen(s) + 1;
	t->v.strtab_size = t->slen;
	return r;
}

static void tv_init(struct tview *t)
{
	memset(t, 0, sizeof(*t));
	t->slen = 1;
	t->v.strtab = t->strtab;
	t->v.strtab_size = 1;
	t->v.cgroup = &t->cg;
	t->v.cg_limits = t->lim;
	t->v.cg_devices = t->dev;
	t->cg.parent = tv_str(t, test_parent);
}

static void tv_limit(struct tview *t, uint32_t key, uint64_t num, uint64_t num2, const char *text)
{
	struct polb_cg_limit *l = &t->lim[t->v.ncg_limits++];
	l->key = key;
	l->num = num;
	l->num2 = num2;
	if (text)
		l->text = tv_str(t, text);
}

static void tv_dev(struct tview *t, int allow, char type, uint32_t maj, uint32_t min, uint32_t acc)
{
	t->cg.flags |= POLB_CG_DEVICES;
	t->dev[t->v.ncg_devices++] = (struct polb_dev_rule){ (uint32_t)allow, (uint32_t)type, maj, min,
							     acc, 0 };
}

/* ---- running a workload in the cgroup --------------------------------- */

typedef int (*work_fn)(int out, void *arg);

struct run {
	int status;     /* wait status */
	char out[512];  /* what the workload wrote */
	pid_t pid;
};

/* Fork, place the child in the cgroup while it waits, let it go, collect. */
static int run_in(struct cgroup_handle *h, work_fn fn, void *arg, struct run *r)
{
	int go[2], res[2];
	struct err e;
	memset(r, 0, sizeof(*r));
	if (pipe2(go, O_CLOEXEC) < 0 || pipe2(res, O_CLOEXEC) < 0)
		return -1;
	pid_t pid = fork();
	if (pid == 0) {
		char c;
		close(go[1]);
		close(res[0]);
		if (read(go[0], &c, 1) != 1)
			_exit(99);
		_exit(fn(res[1], arg));
	}
	close(go[0]);
	close(res[1]);
	r->pid = pid;
	int ok = cgroup_attach(h, pid, &e);
	if (ok < 0)
		fprintf(stderr, "attach: %s\n", e.detail);
	if (write(go[1], "g", 1) != 1)
		ok = -1;
	close(go[1]);
	size_t len = 0;
	ssize_t n;
	while ((n = read(res[0], r->out + len, sizeof(r->out) - 1 - len)) > 0)
		len += (size_t)n;
	r->out[len] = '\0';
	close(res[0]);
	waitpid(pid, &r->status, 0);
	return ok;
}

static void say(int fd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(int fd, const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (write(fd, buf, (size_t)n) < 0) {
		/* the test reads what arrived */
	}
}

static int work_hog(int out, void *arg)
{
	size_t mb = (size_t)(uintptr_t)arg;
	for (size_t i = 0; i < mb; i++) {
		char *p = malloc(1 << 20);
		if (!p)
			return 3;
		memset(p, (int)i, 1 << 20);
	}
	say(out, "survived %zu MiB", mb);
	return 0;
}

static int work_bomb(int out, void *arg)
{
	pid_t kids[4096];
	int n = 0, err = 0;
	while (n < 4096) {
		pid_t p = fork();
		if (p == 0) {
			pause();
			_exit(0);
		}
		if (p < 0) {
			err = errno;
			break;
		}
		kids[n++] = p;
	}
	say(out, "forked %d errno %d", n, err);
	for (int i = 0; i < n; i++)
		kill(kids[i], SIGKILL);
	while (wait(NULL) > 0)
		;
	return 0;
}

static long long now_us(clockid_t clk)
{
	struct timespec ts;
	clock_gettime(clk, &ts);
	return ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}

static int work_busy(int out, void *arg)
{
	long long t0 = now_us(CLOCK_MONOTONIC), c0 = now_us(CLOCK_PROCESS_CPUTIME_ID);
	volatile unsigned long spin = 0;
	while (now_us(CLOCK_MONOTONIC) - t0 < 1500000)
		for (int i = 0; i < 100000; i++)
			spin++;
	say(out, "%lld %lld", now_us(CLOCK_PROCESS_CPUTIME_ID) - c0, now_us(CLOCK_MONOTONIC) - t0);
	return 0;
}

/* mknod then open: errno of each step (0 = it worked). */
struct dev_try {
	char type;
	unsigned maj, min;
	int flags;
};
static int work_dev(int out, void *arg)
{
	const struct dev_try *d = arg;
	char path[64];
	snprintf(path, sizeof(path), "/tmp/poltest-cgdev-%d", (int)getpid());
	int mk = mknod(path, (d->type == 'b' ? S_IFBLK : S_IFCHR) | 0600, makedev(d->maj, d->min)) ? errno : 0;
	int op = 0;
	if (!mk) {
		int fd = open(path, d->flags | O_CLOEXEC);
		op = fd < 0 ? errno : 0;
		if (fd >= 0)
			close(fd);
		unlink(path);
	}
	int null = open("/dev/null", O_RDWR | O_CLOEXEC);
	say(out, "mknod %d open %d null %d", mk, op, null < 0 ? errno : 0);
	return 0;
}

static int work_sleep_tree(int out, void *arg)
{
	/* leaves grandchildren behind, as a daemonising command would */
	for (int i = 0; i < 3; i++)
		if (fork() == 0) {
			if (out >= 0)
				close(out); /* the test reads until every writer is gone */
			setsid();
			sleep(60);
			_exit(0);
		}
	say(out, "forked");
	if (arg)
		sleep(60);
	return 0;
}

/* ---- helpers ------------------------------------------------------------ */

static void report_of(const struct cgroup_handle *h, char *buf, size_t size)
{
	fflush(stderr);
	int saved = dup(2);
	int fd = memfd_create("report", MFD_CLOEXEC);
	dup2(fd, 2);
	cgroup_report(h);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	ssize_t n = pread(fd, buf, size - 1, 0);
	buf[n > 0 ? n : 0] = '\0';
	close(fd);
	if (n > 0 && buf[n - 1] == '\n')
		buf[n - 1] = '\0'; /* the one line, without its newline */
}

static bool all_gone(const struct cgroup_handle *before)
{
	for (int i = 0; i < before->npaths; i++)
		if (access(before->paths[i], F_OK) == 0)
			return false;
	return true;
}

static const char *leaf_in(const struct cgroup_handle *h, const char *ctrl_file)
{
	for (int i = 0; i < h->npaths; i++)
		if (cg_file_exists(h->paths[i], ctrl_file))
			return h->paths[i];
	return NULL;
}

static bool file_has(const char *dir, const char *file, const char *want)
{
	char buf[4096];
	return dir && cg_read(dir, file, buf, sizeof(buf)) >= 0 && strstr(buf, want);
}

/* A zombie (killed, not yet reaped by whoever inherited it) counts as gone. */
static bool alive(pid_t pid)
{
	char path[64], buf[512];
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	char *p = strrchr(buf, ')');
	return p && p[1] == ' ' && p[2] != 'Z' && p[2] != 'X';
}

/* Count the entries left under base/test_parent in every hierarchy. */
static int leftovers(const struct cg_host *host)
{
	int n = 0;
	for (int i = 0; i < host->nhier; i++) {
		char dir[CG_PATH_MAX * 2];
		snprintf(dir, sizeof(dir), "%s/%s", host->hier[i].base, test_parent);
		DIR *d = opendir(dir);
		if (!d)
			continue;
		struct dirent *de;
		while ((de = readdir(d)))
			if (de->d_type == DT_DIR && de->d_name[0] != '.') {
				printf("# left: %s/%s\n", dir, de->d_name);
				n++;
			}
		closedir(d);
	}
	return n;
}

static void remove_test_parent(const struct cg_host *host)
{
	for (int i = 0; i < host->nhier; i++) {
		char dir[CG_PATH_MAX * 2];
		snprintf(dir, sizeof(dir), "%s/%s", host->hier[i].base, test_parent);
		if (rmdir(dir) < 0 && errno != ENOENT)
			printf("# cannot remove %s: %s\n", dir, strerror(errno));
	}
}

/* ---- the tests ---------------------------------------------------------- */

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
	pr = cgroup_prepare(&t.v, &h, &e);
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
	pr = cgroup_prepare(&t.v, &h, &e);
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
	pr = cgroup_prepare(&t.v, &h, &e);
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
	pr = cgroup_prepare(&t.v, &h, &e);
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

static void dev_case(struct cgroup_handle *h, const char *name, struct dev_try d, int want_mk,
		     int want_open)
{
	struct run r;
	run_in(h, work_dev, &d, &r);
	int mk = -1, op = -1, null = -1;
	sscanf(r.out, "mknod %d open %d null %d", &mk, &op, &null);
	OK(mk == want_mk && op == want_open && null == 0, "devices: %s (%s)", name, r.out);
}

static void test_devices(void)
{
	struct tview t;
	struct cgroup_handle h;
	struct err e;
	int pr;
	tv_init(&t);
	tv_dev(&t, 1, 'c', 1, 11, CG_DEV_R); /* /dev/kmsg read-only, nothing else beyond Docker's */
	pr = cgroup_prepare(&t.v, &h, &e);
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
	struct cg_fs fs = { NULL, &e };
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

/* The pure-v2 path, driven on this machine's v2 hierarchy by describing the
 * host as v2-only (it offers no controller here, so: devices as the BPF
 * program being the only rule, and the child born in its cgroup by
 * clone3(CLONE_INTO_CGROUP)). A real v2 host is tested in the VM lane. */
static void test_pure_v2(const struct cg_host *real)
{
	if (real->v2 < 0) {
		OK(1, "pure v2 # SKIP no v2 hierarchy");
		return;
	}
	struct cg_host *v2 = calloc(1, sizeof(*v2));
	v2->kind = CG_HOST_V2;
	v2->nhier = 1;
	v2->v2 = 0;
	v2->hier[0] = real->hier[real->v2];
	v2->hier[0].ctrls = CG_BIT(CG_DEVICES);
	for (int c = 0; c < CG_CTRL_COUNT; c++)
		v2->ctrl_hier[c] = c == CG_DEVICES ? 0 : -1;

	struct tview t;
	struct cgroup_handle h;
	struct err e;
	tv_init(&t);
	tv_dev(&t, 1, 'c', 1, 11, CG_DEV_R);
	int pr = cg_prepare_on(&t.v, v2, &h, &e);
	OK(pr == 0, "pure v2: prepare: %s", pr ? e.detail : "");
	int fd = cgroup_clone_fd(&h);
	OK(h.npaths == 1 && fd >= 0, "pure v2: one cgroup, its fd offered for CLONE_INTO_CGROUP");
	int res[2];
	if (fd >= 0 && pipe2(res, O_CLOEXEC) == 0) {
		struct clone_args a;
		memset(&a, 0, sizeof(a));
		a.flags = CLONE_INTO_CGROUP;
		a.exit_signal = SIGCHLD;
		a.cgroup = (uint64_t)fd;
		pid_t pid = (pid_t)syscall(SYS_clone3, &a, sizeof(a));
		if (pid == 0) {
			char cg[512] = "";
			FILE *f = fopen("/proc/self/cgroup", "r");
			while (f && fgets(cg, sizeof(cg), f) && strncmp(cg, "0::", 3) != 0)
				;
			if (f)
				fclose(f);
			struct dev_try d = { 'c', 1, 2, O_RDONLY };
			say(res[1], "born-in %d ", strstr(cg, h.name) != NULL);
			work_dev(res[1], &d);
			_exit(0);
		}
		close(res[1]);
		char out[256] = "";
		size_t len = 0;
		ssize_t n;
		while ((n = read(res[0], out + len, sizeof(out) - 1 - len)) > 0)
			len += (size_t)n;
		out[len] = '\0';
		close(res[0]);
		waitpid(pid, NULL, 0);
		OK(strstr(out, "born-in 1 ") != NULL, "pure v2: the child is born in its cgroup (%s)", out);
		OK(strstr(out, "mknod 0 open 1 ") != NULL, "pure v2: the BPF program alone denies c 1:2 (%s)", out);
	}
	struct cgroup_handle copy = h;
	cgroup_destroy(&h);
	OK(all_gone(&copy), "pure v2: cgroup removed");

	/* a controller this "v2 host" does not offer: refused, or excused by optional */
	tv_init(&t);
	tv_limit(&t, POLB_CG_PIDS_MAX, 16, 0, NULL);
	pr = cg_prepare_on(&t.v, v2, &h, &e);
	OK(pr < 0 && e.errnum == EOPNOTSUPP && strstr(e.detail, "no pids controller offered"),
	   "pure v2: a controller not offered is refused: %s", pr ? e.detail : "");
	t.cg.flags |= POLB_CG_OPTIONAL;
	fflush(stderr);
	pr = cg_prepare_on(&t.v, v2, &h, &e);
	OK(pr == 0 && !h.active, "pure v2: optional goes on without the cgroup");
	free(v2);
}

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

static pid_t killed_run(struct tview *t);

/* The container may make cgroups inside its own (with a writable cgroupfs):
 * destroy removes them too, and kills what runs there. */
static void test_nested(void)
{
	struct tview t;
	struct cgroup_handle h;
	struct err e;
	tv_init(&t);
	tv_limit(&t, POLB_CG_PIDS_MAX, 64, 0, NULL);
	int pr = cgroup_prepare(&t.v, &h, &e);
	pid_t sleeper = fork();
	if (sleeper == 0) {
		sleep(60);
		_exit(0);
	}
	int made = 0;
	for (int i = 0; pr == 0 && i < h.npaths; i++) {
		char inner[CG_PATH_MAX + 16], deeper[CG_PATH_MAX + 32];
		snprintf(inner, sizeof(inner), "%s/inner", h.paths[i]);
		snprintf(deeper, sizeof(deeper), "%s/inner/deeper", h.paths[i]);
		if (mkdir(inner, 0755) == 0 && mkdir(deeper, 0755) == 0) {
			struct cg_fs fs = { NULL, &e };
			char spid[16];
			snprintf(spid, sizeof(spid), "%d", (int)sleeper);
			made += cg_write(&fs, deeper, "cgroup.procs", spid, NULL) == 0;
		}
	}
	OK(pr == 0 && made == h.npaths, "nested: a task in LEAF/inner/deeper of each hierarchy (%d)", made);
	struct cgroup_handle copy = h;
	cgroup_destroy(&h);
	OK(all_gone(&copy), "nested: the leaf and the cgroups inside it removed");
	int st = 0;
	pid_t got = 0;
	for (int i = 0; i < 50 && got == 0; i++) {
		got = waitpid(sleeper, &st, WNOHANG);
		if (got == 0)
			usleep(10000);
	}
	OK(got == sleeper && WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL,
	   "nested: the task inside was killed (status %#x)", st);
	if (got == 0) {
		kill(sleeper, SIGKILL);
		waitpid(sleeper, NULL, 0);
	}
}

/* A v1-only host (this machine's hierarchies without the v2 one): no
 * cgroup.kill, so what a command leaves running is killed pid by pid. */
static void test_v1_only(const struct cg_host *real)
{
	struct cg_host *v1 = calloc(1, sizeof(*v1));
	*v1 = *real;
	v1->kind = CG_HOST_V1;
	if (real->v2 >= 0) {
		for (int i = real->v2; i + 1 < v1->nhier; i++)
			v1->hier[i] = v1->hier[i + 1];
		v1->nhier--;
		for (int c = 0; c < CG_CTRL_COUNT; c++)
			if (v1->ctrl_hier[c] > real->v2)
				v1->ctrl_hier[c]--;
			else if (v1->ctrl_hier[c] == real->v2)
				v1->ctrl_hier[c] = -1;
		v1->v2 = -1;
	}
	struct tview t;
	struct cgroup_handle h;
	struct err e;
	struct run r;
	tv_init(&t);
	tv_limit(&t, POLB_CG_PIDS_MAX, 64, 0, NULL);
	tv_limit(&t, POLB_CG_MEMORY_MAX, 64u << 20, 0, NULL);
	tv_dev(&t, 1, 'c', 1, 11, CG_DEV_R);
	int pr = cg_prepare_on(&t.v, v1, &h, &e);
	OK(pr == 0 && h.npaths == 3 && cgroup_clone_fd(&h) < 0,
	   "v1 only: pids, memory and devices cgroups, no v2 one (%d), no clone fd", h.npaths);
	bool no_kill_file = true;
	for (int i = 0; i < h.npaths; i++)
		no_kill_file &= !cg_file_exists(h.paths[i], "cgroup.kill");
	OK(no_kill_file, "v1 only: no cgroup.kill to use");
	run_in(&h, work_sleep_tree, NULL, &r);
	char procs[256] = "";
	cg_read(leaf_in(&h, "pids.max"), "cgroup.procs", procs, sizeof(procs));
	int daemons = 0;
	for (char *p = procs; *p; p++)
		daemons += *p == '\n';
	OK(procs[0] && daemons + 1 == 3, "v1 only: the command left 3 daemons in its cgroup");
	struct cgroup_handle copy = h;
	cgroup_destroy(&h);
	OK(all_gone(&copy), "v1 only: killed one by one and removed");

	/* a SIGKILLed run's leaf, removed by the next run on the same host */
	pid_t orphan = killed_run(&t); /* detects the real host: leaves v1 and v2 leaves */
	pr = cg_prepare_on(&t.v, v1, &h, &e);
	usleep(100000);
	OK(pr == 0 && !alive(orphan), "v1 only: a killed run's task killed by the next run");
	cgroup_destroy(&h);
	/* the killed run's v2 leaf is outside this synthetic host: a real run sweeps it */
	pr = cgroup_prepare(&t.v, &h, &e);
	cgroup_destroy(&h);
	free(v1);
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
	int r = cgroup_prepare(&t.v, &h, &e);
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
	r = cgroup_prepare(&t.v, &h, &e);
	OK(r < 0 && strstr(e.detail, "cpuset.cpus") && !h.active && leftovers(host) == 0,
	   "keys: cpuset.cpus 63 refused by the kernel, nothing left: %s", e.detail);

	tv_init(&t);
	tv_limit(&t, POLB_CG_MEMORY_SWAP_MAX, 0, 0, NULL);
	r = cgroup_prepare(&t.v, &h, &e);
	if (mem >= 0 && !host->hier[mem].v2)
		OK(r < 0 && strstr(e.detail, "needs memory.max"), "keys: v1 swap alone refused: %s", e.detail);

	tv_init(&t);
	tv_limit(&t, POLB_CG_IO_WEIGHT, 100, 0, NULL);
	r = cgroup_prepare(&t.v, &h, &e);
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

static void test_rootless(const struct cg_host *host)
{
	struct passwd *pw = getpwnam("poltest");
	if (!pw) {
		OK(1, "rootless # SKIP no user poltest");
		return;
	}
	for (int optional = 0; optional < 2; optional++) {
		int p[2];
		if (pipe(p) < 0)
			return;
		pid_t pid = fork();
		if (pid == 0) {
			close(p[0]);
			dup2(p[1], 2);
			if (setgroups(0, NULL) < 0 || setgid(pw->pw_gid) < 0 || setuid(pw->pw_uid) < 0)
				_exit(90);
			struct tview t;
			struct cgroup_handle h;
			struct err e;
			tv_init(&t);
			tv_limit(&t, POLB_CG_PIDS_MAX, 16, 0, NULL);
			if (optional)
				t.cg.flags |= POLB_CG_OPTIONAL;
			int r = cgroup_prepare(&t.v, &h, &e);
			if (r < 0)
				err_print("enforce", &e);
			_exit(r == 0 ? (h.active ? 2 : 0) : 1);
		}
		close(p[1]);
		char msg[1024];
		ssize_t n = read(p[0], msg, sizeof(msg) - 1);
		msg[n > 0 ? n : 0] = '\0';
		close(p[0]);
		int st;
		waitpid(pid, &st, 0);
		if (!optional)
			OK(WIFEXITED(st) && WEXITSTATUS(st) == 1 && strstr(msg, "no delegated cgroup"),
			   "rootless: refused clearly: %s", msg);
		else
			OK(WIFEXITED(st) && WEXITSTATUS(st) == 0 && strstr(msg, "warning") &&
			   strstr(msg, "optional"), "rootless: optional warns and goes on: %s", msg);
	}
	OK(leftovers(host) == 0, "rootless: nothing left");
}

/* A run whose enforce was SIGKILLed leaves its leaf (and a task in it); the
 * next run under the same parent removes it. */
static pid_t killed_run(struct tview *t)
{
	int p[2];
	if (pipe(p) < 0)
		return -1;
	pid_t sup = fork();
	if (sup == 0) {
		struct cgroup_handle h;
		struct err e;
		struct run r;
		close(p[0]);
		if (cgroup_prepare(&t->v, &h, &e) < 0)
			_exit(1);
		/* a child that outlives us, in the cgroup */
		pid_t kid = fork();
		if (kid == 0) {
			sleep(120);
			_exit(0);
		}
		cgroup_attach(&h, kid, &e);
		(void)r;
		if (write(p[1], &kid, sizeof(kid)) < 0)
			_exit(1);
		pause();
		_exit(0);
	}
	close(p[1]);
	pid_t kid = -1;
	if (read(p[0], &kid, sizeof(kid)) != sizeof(kid))
		kid = -1;
	close(p[0]);
	kill(sup, SIGKILL);
	waitpid(sup, NULL, 0);
	return kid;
}

static void test_stale(const struct cg_host *host)
{
	struct tview t;
	struct cgroup_handle h;
	struct err e;
	int pr;
	tv_init(&t);
	tv_limit(&t, POLB_CG_PIDS_MAX, 64, 0, NULL);
	pid_t orphan = killed_run(&t);
	int left = leftovers(host);
	OK(orphan > 0 && left > 0, "stale: a SIGKILLed run left %d cgroups", left);
	pr = cgroup_prepare(&t.v, &h, &e);
	OK(pr == 0, "stale: the next run prepares");
	left = leftovers(host);
	OK(left == h.npaths, "stale: only the new run's cgroups remain (%d of %d)", left, h.npaths);
	usleep(100000);
	OK(!alive(orphan), "stale: the task it left was killed");
	cgroup_destroy(&h);
	OK(leftovers(host) == 0, "stale: nothing left");
}

static int work_quick(int out, void *arg)
{
	say(out, "hi");
	return 0;
}

static void test_many_runs(const struct cg_host *host)
{
	struct tview t;
	tv_init(&t);
	tv_limit(&t, POLB_CG_MEMORY_MAX, 64u << 20, 0, NULL);
	tv_limit(&t, POLB_CG_PIDS_MAX, 64, 0, NULL);
	tv_dev(&t, 1, 'c', 1, 11, CG_DEV_R);
	int failed = 0, killed = 0;
	pid_t last_orphan = -1;
	for (int i = 0; i < 200; i++) {
		struct cgroup_handle h;
		struct err e;
		struct run r;
		if (i % 10 == 9) {
			last_orphan = killed_run(&t); /* enforce itself SIGKILLed */
			killed++;
			continue;
		}
		if (cgroup_prepare(&t.v, &h, &e) < 0) {
			printf("# run %d: %s\n", i, e.detail);
			failed++;
			continue;
		}
		if (i % 10 == 3 || i % 10 == 6) {
			/* the command killed mid-run (SIGKILL), or asked to stop (SIGTERM) */
			int go[2];
			if (pipe(go) < 0)
				break;
			pid_t pid = fork();
			if (pid == 0) {
				char c;
				close(go[1]);
				if (read(go[0], &c, 1) < 0)
					_exit(1);
				work_sleep_tree(-1, (void *)1);
				_exit(0);
			}
			close(go[0]);
			cgroup_attach(&h, pid, &e);
			if (write(go[1], "g", 1) < 0)
				failed++;
			close(go[1]);
			usleep(2000);
			kill(pid, i % 10 == 3 ? SIGKILL : SIGTERM);
			waitpid(pid, NULL, 0);
			killed++;
		} else {
			run_in(&h, i % 2 ? work_quick : work_sleep_tree, NULL, &r);
		}
		cgroup_report(&h);
		cgroup_destroy(&h);
	}
	/* one more run cleans what the last killed enforce left */
	struct cgroup_handle h;
	struct err e;
	if (cgroup_prepare(&t.v, &h, &e) == 0)
		cgroup_destroy(&h);
	OK(failed == 0, "200 runs: all prepared (%d failed)", failed);
	OK(leftovers(host) == 0, "200 runs, %d killed: nothing left under the parent", killed);
	usleep(100000);
	OK(last_orphan > 0 && !alive(last_orphan), "200 runs: the last orphan is gone");
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0); /* forked children must not repeat buffered lines */
	if (geteuid() != 0) {
		printf("ok - cgroup runs # SKIP needs root (run as poltest: see test_rootless)\n");
		return 0;
	}
	struct cg_host host;
	struct err e;
	if (cg_host_detect(&host, &e) < 0 || host.kind == CG_HOST_NONE) {
		printf("ok - cgroup runs # SKIP no cgroups here\n");
		return 0;
	}
	snprintf(test_parent, sizeof(test_parent), "poltest-cg-%d", (int)getpid());
	printf("# host: %s, parent %s\n", cg_host_kind_name(host.kind), test_parent);
	test_memory();
	test_pids();
	test_cpu();
	test_devices();
	test_devices_bpf_alone(&host);
	test_pure_v2(&host);
	test_v1_files(&host);
	test_plan(&host);
	test_rootless(&host);
	test_stale(&host);
	test_v1_only(&host);
	test_nested();
	test_many_runs(&host);
	OK(leftovers(&host) == 0, "nothing left under %s", test_parent);
	remove_test_parent(&host);
	return TAP_DONE();
}
