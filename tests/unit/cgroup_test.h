/* Shared by the cgroup step's real-run tests (test_cgroup_limits.c,
 * test_cgroup_hosts.c, test_cgroup_cleanup.c): a blob's view built by hand,
 * a forked child placed in the cgroup exactly as enforce does it
 * (cgroup_attach before it is let go) running a workload, and checks from
 * outside. Every cgroup a test makes is under poltest-cg-PID (test_parent)
 * and removed at the end (cgtest_end). */
#ifndef POL_TESTS_UNIT_CGROUP_TEST_H
#define POL_TESTS_UNIT_CGROUP_TEST_H

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

/* What enforce does in two steps (cgroup.h): look at the host, then create. */
static inline int cg_probe_prepare(const struct polb_view *v, struct cgroup_handle *h, struct err *e)
{
	return cgroup_probe(v, h, e) < 0 ? -1 : cgroup_prepare(v, h, e);
}

static char test_parent[64];

static inline struct polb_str tv_str(struct tview *t, const char *s)
{
	struct polb_str r = { (uint32_t)t->slen, (uint32_t)strlen(s) };
	memcpy(t->strtab + t->slen, s, strlen(s) + 1);
	t->slen += strlen(s) + 1;
	t->v.strtab_size = t->slen;
	return r;
}

static inline void tv_init(struct tview *t)
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

static inline void tv_limit(struct tview *t, uint32_t key, uint64_t num, uint64_t num2, const char *text)
{
	struct polb_cg_limit *l = &t->lim[t->v.ncg_limits++];
	l->key = key;
	l->num = num;
	l->num2 = num2;
	if (text)
		l->text = tv_str(t, text);
}

static inline void tv_dev(struct tview *t, int allow, char type, uint32_t maj, uint32_t min, uint32_t acc)
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
static inline int run_in(struct cgroup_handle *h, work_fn fn, void *arg, struct run *r)
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

static inline void say(int fd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static inline void say(int fd, const char *fmt, ...)
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

static inline int work_hog(int out, void *arg)
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

static inline int work_bomb(int out, void *arg)
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

static inline long long now_us(clockid_t clk)
{
	struct timespec ts;
	clock_gettime(clk, &ts);
	return ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}

static inline int work_busy(int out, void *arg)
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
static inline int work_dev(int out, void *arg)
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

static inline int work_sleep_tree(int out, void *arg)
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

static inline void report_of(const struct cgroup_handle *h, char *buf, size_t size)
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

static inline bool all_gone(const struct cgroup_handle *before)
{
	for (int i = 0; i < before->npaths; i++)
		if (access(before->paths[i], F_OK) == 0)
			return false;
	return true;
}

static inline const char *leaf_in(const struct cgroup_handle *h, const char *ctrl_file)
{
	for (int i = 0; i < h->npaths; i++)
		if (cg_file_exists(h->paths[i], ctrl_file))
			return h->paths[i];
	return NULL;
}

static inline bool file_has(const char *dir, const char *file, const char *want)
{
	char buf[4096];
	return dir && cg_read(dir, file, buf, sizeof(buf)) >= 0 && strstr(buf, want);
}

/* A zombie (killed, not yet reaped by whoever inherited it) counts as gone. */
static inline bool alive(pid_t pid)
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
static inline int leftovers(const struct cg_host *host)
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

static inline void remove_test_parent(const struct cg_host *host)
{
	for (int i = 0; i < host->nhier; i++) {
		char dir[CG_PATH_MAX * 2];
		snprintf(dir, sizeof(dir), "%s/%s", host->hier[i].base, test_parent);
		if (rmdir(dir) < 0 && errno != ENOENT)
			printf("# cannot remove %s: %s\n", dir, strerror(errno));
	}
}


static inline void dev_case(struct cgroup_handle *h, const char *name, struct dev_try d, int want_mk,
		     int want_open)
{
	struct run r;
	run_in(h, work_dev, &d, &r);
	int mk = -1, op = -1, null = -1;
	sscanf(r.out, "mknod %d open %d null %d", &mk, &op, &null);
	OK(mk == want_mk && op == want_open && null == 0, "devices: %s (%s)", name, r.out);
}


/* A run whose enforce was SIGKILLed leaves its leaf (and a task in it); the
 * next run under the same parent removes it. */
static inline pid_t killed_run(struct tview *t)
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
		if (cg_probe_prepare(&t->v, &h, &e) < 0)
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


static inline int work_quick(int out, void *arg)
{
	say(out, "hi");
	return 0;
}


/* Root and a host with cgroups, or one SKIP line and -1. */
static inline int cgtest_start(struct cg_host *host, const char *what)
{
	struct err e;
	setvbuf(stdout, NULL, _IOLBF, 0); /* forked children must not repeat buffered lines */
	if (geteuid() != 0) {
		printf("ok - %s # SKIP needs root\n", what);
		return -1;
	}
	if (cg_host_detect(host, &e) < 0 || host->kind == CG_HOST_NONE) {
		printf("ok - %s # SKIP no cgroups here\n", what);
		return -1;
	}
	snprintf(test_parent, sizeof(test_parent), "poltest-cg-%d", (int)getpid());
	printf("# host: %s, parent %s\n", cg_host_kind_name(host->kind), test_parent);
	return 0;
}

static inline void cgtest_end(const struct cg_host *host)
{
	OK(leftovers(host) == 0, "nothing left under %s", test_parent);
	remove_test_parent(host);
}

#endif
