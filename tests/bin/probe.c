/* probe: answers questions from inside a container and tries things on
 * request, for tests/integration and tests/escape (as crun's tests/init.c
 * does). Static, libc only, so it runs in any root.
 *
 *   probe CMD [ARG] [CMD [ARG]...]
 *
 * Reports print "key: value" lines. Tries run in a child process (a
 * seccomp kill takes only the child) and print one line:
 *   try NAME: ok                   the kernel let it happen
 *   try NAME: blocked: <strerror>  refused with an errno
 *   try NAME: killed: signal N     killed (seccomp kill_process, ...)
 * Exit status 0 unless a command was unknown (2). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>


static void status_lines(const char *const *keys)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[512];
	if (!f) {
		printf("status: %s\n", strerror(errno));
		return;
	}
	while (fgets(line, sizeof(line), f))
		for (size_t i = 0; keys[i]; i++)
			if (!strncmp(line, keys[i], strlen(keys[i])) && line[strlen(keys[i])] == ':') {
				char *v = line + strlen(keys[i]) + 1;
				v += strspn(v, " \t");
				printf("%s: %s", keys[i], v);
			}
	fclose(f);
}

static void cat_file(const char *label, const char *path)
{
	FILE *f = fopen(path, "r");
	char line[1024];
	if (!f) {
		printf("%s: %s\n", label, strerror(errno));
		return;
	}
	while (fgets(line, sizeof(line), f))
		printf("%s: %s", label, line);
	fclose(f);
}

static void r_caps(const char *a)
{
	static const char *const k[] = { "CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb", NULL };
	status_lines(k);
}
static void r_seccomp(const char *a)
{
	static const char *const k[] = { "Seccomp", "NoNewPrivs", NULL };
	status_lines(k);
}
static void r_ids(const char *a)
{
	gid_t g[64];
	int n = getgroups(64, g);
	printf("uid: %u %u\ngid: %u %u\ngroups:", getuid(), geteuid(), getgid(), getegid());
	for (int i = 0; i < n; i++)
		printf(" %u", g[i]);
	printf("\n");
	cat_file("uid_map", "/proc/self/uid_map");
	cat_file("gid_map", "/proc/self/gid_map");
	cat_file("setgroups", "/proc/self/setgroups");
}
static void r_ns(const char *a)
{
	static const char *const ns[] = { "user", "mnt", "pid", "net", "uts", "ipc", "cgroup",
					  "time", NULL };
	for (size_t i = 0; ns[i]; i++) {
		char p[64];
		struct stat st;
		snprintf(p, sizeof(p), "/proc/self/ns/%s", ns[i]);
		if (stat(p, &st) == 0)
			printf("ns %s: %lu\n", ns[i], (unsigned long)st.st_ino);
		else
			printf("ns %s: %s\n", ns[i], strerror(errno));
	}
}
static void r_mounts(const char *a) { cat_file("mount", "/proc/self/mountinfo"); }
static void r_cwd(const char *a)
{
	char buf[4096];
	printf("cwd: %s\n", getcwd(buf, sizeof(buf)) ? buf : strerror(errno));
}
static void r_fds(const char *a)
{
	DIR *d = opendir("/proc/self/fd");
	if (!d) {
		printf("fds: %s\n", strerror(errno));
		return;
	}
	int self = dirfd(d);
	struct dirent *de;
	printf("fds:");
	while ((de = readdir(d)))
		if (de->d_name[0] != '.' && atoi(de->d_name) != self)
			printf(" %s", de->d_name);
	printf("\n");
	closedir(d);
}
static void r_rlimits(const char *a)
{
	static const struct { const char *n; int r; } l[] = {
		{ "nofile", RLIMIT_NOFILE }, { "core", RLIMIT_CORE }, { "nproc", RLIMIT_NPROC },
		{ "stack", RLIMIT_STACK }, { "as", RLIMIT_AS },
	};
	for (size_t i = 0; i < sizeof(l) / sizeof(l[0]); i++) {
		struct rlimit rl;
		getrlimit(l[i].r, &rl);
		printf("rlimit %s: %lld %lld\n", l[i].n,
		       rl.rlim_cur == RLIM_INFINITY ? -1LL : (long long)rl.rlim_cur,
		       rl.rlim_max == RLIM_INFINITY ? -1LL : (long long)rl.rlim_max);
	}
}
static void r_env(const char *a)
{
	for (char **e = environ; *e; e++)
		printf("env: %s\n", *e);
}
static void r_hostname(const char *a)
{
	char h[256] = "";
	gethostname(h, sizeof(h));
	printf("hostname: %s\n", h);
}
static void r_umask(const char *a)
{
	mode_t m = umask(0);
	umask(m);
	printf("umask: %04o\n", (unsigned)m);
}
static void r_pid(const char *a)
{
	printf("pid: %d\nppid: %d\nsid: %d\n", getpid(), getppid(), getsid(0));
}
static void r_dumpable(const char *a)
{
	printf("dumpable: %d\n", prctl(PR_GET_DUMPABLE, 0, 0, 0, 0));
}

/* ---- tries: each returns 0 (ok) or an errno ----------------------------- */

static int t_mount(const char *a)
{
	return mount("none", a ? a : "/tmp", "tmpfs", 0, NULL) < 0 ? errno : 0;
}
static int t_umount(const char *a) { return umount2(a ? a : "/proc", MNT_DETACH) < 0 ? errno : 0; }
static int t_pivot_root(const char *a)
{
	return syscall(SYS_pivot_root, "/", "/") < 0 ? errno : 0;
}
static int t_remount_root(const char *a)
{
	return mount(NULL, "/", NULL, MS_REMOUNT | MS_BIND, NULL) < 0 ? errno : 0;
}
static int t_userns(const char *a) { return unshare(CLONE_NEWUSER) < 0 ? errno : 0; }
static int t_nested_ns(const char *a)
{
	return unshare(CLONE_NEWNS | CLONE_NEWNET) < 0 ? errno : 0;
}
static int t_setns(const char *a)
{
	int fd = open(a ? a : "/proc/1/ns/mnt", O_RDONLY);
	if (fd < 0)
		return errno;
	return setns(fd, 0) < 0 ? errno : 0;
}
static int t_ptrace(const char *a)
{
	pid_t pid = a ? atoi(a) : 1;
	if (ptrace(PTRACE_ATTACH, pid, 0, 0) < 0)
		return errno;
	waitpid(pid, NULL, __WALL);
	ptrace(PTRACE_DETACH, pid, 0, 0);
	return 0;
}
static int t_write(const char *a)
{
	int fd = open(a, O_WRONLY);
	if (fd < 0)
		return errno;
	close(fd);
	return 0;
}
static int t_read(const char *a)
{
	int fd = open(a, O_RDONLY);
	if (fd < 0)
		return errno;
	char buf[64];
	ssize_t n = read(fd, buf, sizeof(buf));
	int saved = errno;
	close(fd);
	if (n < 0)
		return saved;
	return n == 0 ? ENODATA : 0; /* empty (a /dev/null mask): nothing read */
}
/* CVE-2019-5736: reach an enforce binary through /proc/PID/exe. */
/* "ppid": the probe's parent (tries run in a child of the probe), the
 * supervisor when the pid namespace is shared and init is off. */
static pid_t probe_ppid;
static void proc_exe_path(char *p, size_t size, const char *a)
{
	if (a && !strcmp(a, "ppid"))
		snprintf(p, size, "/proc/%d/exe", (int)probe_ppid);
	else
		snprintf(p, size, "/proc/%s/exe", a ? a : "1");
}

static int t_exe(const char *a)
{
	char p[64], link[256];
	proc_exe_path(p, sizeof(p), a);
	ssize_t n = readlink(p, link, sizeof(link) - 1);
	if (n >= 0) {
		link[n] = '\0';
		printf("exe: %s -> %s\n", p, link);
	}
	int fd = open(p, O_RDONLY);
	if (fd < 0)
		return errno;
	close(fd);
	return 0;
}
static int t_exe_write(const char *a)
{
	char p[64];
	proc_exe_path(p, sizeof(p), a);
	int fd = open(p, O_WRONLY);
	if (fd < 0)
		return errno;
	close(fd);
	return 0;
}
/* CVE-2017-5226: push a character into the terminal on fd 0. With "high",
 * the request carries bits above 32, which a filter comparing all 64 bits
 * would not recognise as TIOCSTI (the kernel looks at the low 32 only). */
static int t_tiocsti(const char *a)
{
	char c = '#';
	unsigned long req = TIOCSTI;
	if (a && !strcmp(a, "high"))
		req |= 0xffffffff00000000ul;
	return syscall(SYS_ioctl, 0, req, &c) < 0 ? errno : 0;
}
static int t_devtty(const char *a)
{
	int fd = open("/dev/tty", O_RDWR);
	if (fd < 0)
		return errno;
	close(fd);
	return 0;
}
/* The i386 entry: `int 0x80` with the 32-bit table, calling unshare (310)
 * with CLONE_NEWUSER, which a filter for x86_64 numbers alone never sees. */
static int t_int80(const char *a)
{
#if defined(__x86_64__)
	long nr = a ? atol(a) : 310, ret;
	long arg = CLONE_NEWUSER;
	__asm__ volatile("int $0x80" : "=a"(ret) : "a"(nr), "b"(arg) : "memory");
	return ret < 0 ? (int)-ret : 0;
#else
	return ENOSYS;
#endif
}
static int t_raw(const char *a)
{
	int fd = socket(AF_INET, SOCK_RAW, 1 /* ICMP */);
	if (fd < 0)
		return errno;
	close(fd);
	return 0;
}
static int t_packet(const char *a)
{
	int fd = socket(17 /* AF_PACKET */, SOCK_RAW, 0);
	if (fd < 0)
		return errno;
	close(fd);
	return 0;
}
static int t_chroot(const char *a) { return chroot("/") < 0 ? errno : 0; }
static int t_sethostname(const char *a) { return sethostname("x", 1) < 0 ? errno : 0; }
static int t_mknod(const char *a)
{
	return mknod("/tmp/probe-null", S_IFCHR | 0600, makedev(1, 3)) < 0 ? errno : 0;
}
static int t_create(const char *a)
{
	int fd = open(a, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return errno;
	close(fd);
	return 0;
}
static int t_exec(const char *a)
{
	char *argv[] = { (char *)a, NULL };
	execve(a, argv, environ);
	return errno;
}
static int t_chdir(const char *a)
{
	if (chdir(a) < 0)
		return errno;
	char buf[4096];
	printf("chdir: %s\n", getcwd(buf, sizeof(buf)) ? buf : strerror(errno));
	return 0;
}
/* A bounded fork bomb: fork until refused or `a` (default 2000) children
 * exist, report how many, then let them all go. ok means never refused. */
static int t_forkbomb(const char *a)
{
	int max = a ? atoi(a) : 2000, n = 0, err = 0;
	int gate[2];
	if (pipe(gate) < 0)
		return errno;
	for (; n < max; n++) {
		pid_t p = fork();
		if (p < 0) {
			err = errno;
			break;
		}
		if (p == 0) {
			char c;
			close(gate[1]);
			if (read(gate[0], &c, 1) < 0)
				_exit(1);
			_exit(0);
		}
	}
	printf("forkbomb: %d children\n", n);
	close(gate[1]);
	while (wait(NULL) > 0)
		;
	return err;
}

/* ---- actions for the supervisor tests ----------------------------------- */

static volatile sig_atomic_t got_sig;
static void on_sig(int s) { got_sig = s; }
/* Wait up to `a` seconds for SIGTERM/SIGINT/SIGHUP/SIGUSR1...; exit 100+sig. */
static void a_wait_signal(const char *a)
{
	int secs = a ? atoi(a) : 30;
	int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGWINCH };
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		signal(sigs[i], on_sig);
	printf("ready\n");
	fflush(stdout);
	for (int i = 0; i < secs * 10 && !got_sig; i++)
		usleep(100000);
	printf("signal: %d\n", (int)got_sig);
	fflush(stdout);
	exit(got_sig ? 100 + got_sig : 99);
}
static void a_exit(const char *a) { fflush(stdout); exit(a ? atoi(a) : 0); }
static void a_kill_self(const char *a)
{
	fflush(stdout);
	signal(a ? atoi(a) : SIGTERM, SIG_DFL);
	kill(getpid(), a ? atoi(a) : SIGTERM);
	pause();
}
static void a_sleep(const char *a) { sleep(a ? (unsigned)atoi(a) : 1); }
/* Leave a grandchild behind: the init test checks it is reaped/killed. */
static void a_orphan(const char *a)
{
	if (fork() == 0) {
		if (fork() == 0) {
			sleep(a ? (unsigned)atoi(a) : 30);
			_exit(0);
		}
		_exit(0);
	}
	wait(NULL);
}

struct cmd {
	const char *name;
	int takes_arg; /* 1: needs one, 2: optional (only if the next word is not a command) */
	void (*report)(const char *);
	int (*try)(const char *);
};

static const struct cmd cmds[] = {
	{ "caps", 0, r_caps, NULL },       { "seccomp", 0, r_seccomp, NULL },
	{ "ids", 0, r_ids, NULL },         { "ns", 0, r_ns, NULL },
	{ "mounts", 0, r_mounts, NULL },   { "cwd", 0, r_cwd, NULL },
	{ "fds", 0, r_fds, NULL },         { "rlimits", 0, r_rlimits, NULL },
	{ "env", 0, r_env, NULL },         { "hostname", 0, r_hostname, NULL },
	{ "umask", 0, r_umask, NULL },     { "pid", 0, r_pid, NULL },
	{ "dumpable", 0, r_dumpable, NULL },
	{ "mount", 2, NULL, t_mount },     { "umount", 2, NULL, t_umount },
	{ "pivot_root", 0, NULL, t_pivot_root }, { "remount_root", 0, NULL, t_remount_root },
	{ "userns", 0, NULL, t_userns },   { "nested_ns", 0, NULL, t_nested_ns },
	{ "setns", 2, NULL, t_setns },     { "ptrace", 2, NULL, t_ptrace },
	{ "write", 1, NULL, t_write },     { "read", 1, NULL, t_read },
	{ "create", 1, NULL, t_create },   { "exe", 2, NULL, t_exe },
	{ "exe_write", 2, NULL, t_exe_write }, { "tiocsti", 2, NULL, t_tiocsti },
	{ "devtty", 0, NULL, t_devtty },   { "int80", 2, NULL, t_int80 },
	{ "raw", 0, NULL, t_raw },         { "packet", 0, NULL, t_packet },
	{ "chroot", 0, NULL, t_chroot },   { "sethostname", 0, NULL, t_sethostname },
	{ "mknod", 0, NULL, t_mknod },     { "forkbomb", 2, NULL, t_forkbomb },
	{ "exec", 1, NULL, t_exec },       { "chdir", 1, NULL, t_chdir },
	{ "wait_signal", 2, a_wait_signal, NULL }, { "exit", 2, a_exit, NULL },
	{ "kill_self", 2, a_kill_self, NULL }, { "sleep", 2, a_sleep, NULL },
	{ "orphan", 2, a_orphan, NULL },
};

static const struct cmd *find(const char *name)
{
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (!strcmp(cmds[i].name, name))
			return &cmds[i];
	return NULL;
}

static void run_try(const struct cmd *c, const char *arg)
{
	fflush(stdout);
	pid_t p = fork();
	if (p == 0) {
		int err = c->try(arg);
		if (err)
			printf("try %s: blocked: %s\n", c->name, strerror(err));
		else
			printf("try %s: ok\n", c->name);
		fflush(stdout);
		_exit(0);
	}
	int st = 0;
	if (p < 0 || waitpid(p, &st, 0) < 0)
		printf("try %s: probe could not fork: %s\n", c->name, strerror(errno));
	else if (WIFSIGNALED(st))
		printf("try %s: killed: signal %d\n", c->name, WTERMSIG(st));
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	probe_ppid = getppid();
	for (int i = 1; i < argc; i++) {
		const struct cmd *c = find(argv[i]);
		if (!c) {
			fprintf(stderr, "probe: unknown command '%s'\n", argv[i]);
			return 2;
		}
		const char *arg = NULL;
		/* takes_arg 1: always; 2: only when the next word is not a command */
		if (i + 1 < argc && (c->takes_arg == 1 || (c->takes_arg == 2 && !find(argv[i + 1]))))
			arg = argv[++i];
		if (c->try)
			run_try(c, arg);
		else
			c->report(arg);
	}
	return 0;
}
