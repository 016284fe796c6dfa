/* Landlock, for real on this kernel: landlock_apply() in a forked child
 * (no_new_privs set, a new network namespace with loopback up), then the
 * child reads, writes, truncates, renames, execs, binds, connects and
 * signals, inside and outside what the rules allow.
 *
 * The whole run is repeated as each older ABI would build it: the hook
 * lsm_paths.landlock_abi_max makes landlock_apply use ABI N of the running
 * kernel's (the kernel enforces exactly what an ABI-N ruleset handles), so
 * each ABI's gaps are shown to be real gaps: a required run refuses, an
 * optional one warns and the right it lacks is really not restricted.
 * Landlock being absent altogether cannot be shown on this kernel; the hook
 * value -1 stands for it (said so in the test names). */
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>
#include <arpa/inet.h>

#include "lsm.h"
#include "lsm_internal.h"
#include "lsm_view.h"
#include "tap.h"

static char T[64];
static char abstract_name[64];

static const char *at(const char *rel)
{
	static char buf[8][256];
	static int slot;
	slot = (slot + 1) % 8;
	snprintf(buf[slot], sizeof(buf[slot]), "%s/%s", T, rel);
	return buf[slot];
}

static void run(const char *cmd)
{
	if (system(cmd) != 0) {
		fprintf(stderr, "setup failed: %s\n", cmd);
		exit(2);
	}
}

/* A shell command on the temp tree; %1$s is the tree. */
#define SH(fmt)                                       \
	do {                                          \
		char cmd_[1024];                      \
		snprintf(cmd_, sizeof(cmd_), fmt, T); \
		run(cmd_);                            \
	} while (0)

static void make_tree(void)
{
	snprintf(T, sizeof(T), "/tmp/lsm-ll.XXXXXX");
	if (!mkdtemp(T))
		exit(2);
	SH("chmod 755 %1$s && mkdir -p %1$s/ro %1$s/rw/sub %1$s/out %1$s/exec");
	SH("echo data > %1$s/ro/f && echo data > %1$s/out/f && cp /bin/true %1$s/exec/true && "
	   "cp /bin/true %1$s/out/true");
}

/* The policy every run applies. */
static void policy(struct lsm_view *b, uint32_t flags)
{
	lv_init(b);
	lv_landlock(b, flags | POLB_LL_SCOPE_ABSTRACT_UNIX | POLB_LL_SCOPE_SIGNAL);
	lv_path(b, POLB_LL_READ, at("ro"));
	lv_path(b, POLB_LL_WRITE, at("rw"));
	lv_path(b, POLB_LL_EXECUTE, at("exec")); /* execute alone must run a program */
	lv_path(b, POLB_LL_READ | POLB_LL_EXECUTE, "/usr"); /* ld.so and libc for exec */
	lv_path(b, POLB_LL_READ, "/dev/null");
	lv_path(b, POLB_LL_READ | POLB_LL_WRITE, "/dev/zero");
	lv_port(b, 1, 5001);
	lv_port(b, 0, 5001);
}

static int err_of(int r)
{
	return r < 0 ? errno : 0;
}

static int try_open(const char *path, int flags)
{
	int fd = open(path, flags | O_CLOEXEC, 0644);
	if (fd < 0)
		return errno;
	close(fd);
	return 0;
}

static int try_exec(const char *path)
{
	pid_t pid = fork();
	if (pid == 0) {
		char *argv[] = { (char *)path, NULL }, *envp[] = { NULL };
		execve(path, argv, envp);
		_exit(errno == EACCES ? 100 : 101);
	}
	int status;
	waitpid(pid, &status, 0);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	return WIFEXITED(status) && WEXITSTATUS(status) == 100 ? EACCES : -1;
}

static int try_ioctl_tty(const char *path, int flags)
{
	int fd = open(path, flags | O_CLOEXEC);
	if (fd < 0)
		return -1;
	struct termios t;
	int r = err_of(ioctl(fd, TCGETS, &t));
	close(fd);
	return r;
}

static int tcp_socket_on(int port, int do_bind)
{
	int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	int r = do_bind ? bind(s, (struct sockaddr *)&a, sizeof(a))
			: connect(s, (struct sockaddr *)&a, sizeof(a));
	int saved = r < 0 ? errno : 0;
	if (do_bind && r == 0 && listen(s, 4) == 0)
		return -s - 1000; /* kept open: the listener for the connect checks */
	close(s);
	return saved;
}

static int try_abstract_connect(void)
{
	int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	size_t n = strlen(abstract_name);
	memcpy(a.sun_path + 1, abstract_name, n);
	int r = err_of(connect(s, (struct sockaddr *)&a, (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + n)));
	close(s);
	return r;
}

static int abstract_listen(void)
{
	int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	size_t n = strlen(abstract_name);
	memcpy(a.sun_path + 1, abstract_name, n);
	if (bind(s, (struct sockaddr *)&a, (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + n)) < 0 ||
	    listen(s, 4) < 0)
		return -1;
	return s; /* left open until the child exits */
}

static int loopback_up(void)
{
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	struct ifreq ifr = { 0 };
	strcpy(ifr.ifr_name, "lo");
	int r = ioctl(s, SIOCGIFFLAGS, &ifr);
	ifr.ifr_flags |= IFF_UP;
	if (r == 0)
		r = ioctl(s, SIOCSIFFLAGS, &ifr);
	close(s);
	return r;
}

#define EXPECT(what, got, want)                                                           \
	do {                                                                              \
		int got_ = (got), want_ = (want);                                         \
		OK(got_ == want_, "ABI %d%s: %s (got %s, want %s)", abi, tag, what,       \
		   got_ ? strerror(got_) : "success", want_ ? strerror(want_) : "success"); \
	} while (0)

/* In the restricted child: everything the policy allows works, everything
 * else fails, for the rights ABI `abi` handles. */
static void checks(int abi, const char *tag)
{
	int fs_truncate = abi >= 3, net = abi >= 4, ioctl_dev = abi >= 5, scope = abi >= 6;
	EXPECT("read a file under a read path", try_open(at("ro/f"), O_RDONLY), 0);
	EXPECT("write a file under a read path", try_open(at("ro/f"), O_WRONLY), EACCES);
	EXPECT("read a file outside every path", try_open(at("out/f"), O_RDONLY), EACCES);
	EXPECT("list a directory outside every path", try_open(at("out"), O_RDONLY | O_DIRECTORY), EACCES);
	EXPECT("list a read directory", try_open(at("ro"), O_RDONLY | O_DIRECTORY), 0);
	EXPECT("create a file under a write path", try_open(at("rw/new"), O_WRONLY | O_CREAT), 0);
	EXPECT("create a file under a read path", try_open(at("ro/new"), O_WRONLY | O_CREAT), EACCES);
	EXPECT("create a file outside every path", try_open(at("out/new"), O_WRONLY | O_CREAT), EACCES);
	EXPECT("read back a file under a write path (write implies read)",
	       try_open(at("rw/new"), O_RDONLY), 0);
	EXPECT("list a write directory", try_open(at("rw"), O_RDONLY | O_DIRECTORY), 0);
	EXPECT("truncate a file under a write path", err_of(truncate(at("rw/new"), 0)), 0);
	EXPECT("truncate a file under a read path", err_of(truncate(at("ro/f"), 0)),
	       fs_truncate ? EACCES : 0);
	EXPECT("mkdir under a write path", err_of(mkdir(at("rw/d"), 0755)), 0);
	EXPECT("mkdir outside every path", err_of(mkdir(at("out/d"), 0755)), EACCES);
	EXPECT("mkfifo under a write path", err_of(mkfifo(at("rw/fifo"), 0644)), 0);
	EXPECT("rename across directories under a write path",
	       err_of(rename(at("rw/new"), at("rw/sub/new"))), abi >= 2 ? 0 : EXDEV);
	EXPECT("unlink under a read path", err_of(unlink(at("ro/f"))), EACCES);
	EXPECT("exec under an execute path", try_exec(at("exec/true")), 0);
	EXPECT("exec outside every path", try_exec(at("out/true")), EACCES);
	EXPECT("list an execute-only directory", try_open(at("exec"), O_RDONLY | O_DIRECTORY), EACCES);
	EXPECT("ioctl on a device under a read path (ioctl_dev)", try_ioctl_tty("/dev/null", O_RDONLY),
	       ioctl_dev ? EACCES : ENOTTY);
	EXPECT("ioctl on a device under a write path", try_ioctl_tty("/dev/zero", O_RDWR), ENOTTY);

	int listener = tcp_socket_on(5001, 1);
	EXPECT("bind tcp 5001 (allowed)", listener <= -1000 ? 0 : listener, 0);
	int other = tcp_socket_on(5002, 1);
	if (other <= -1000) {
		close(-(other + 1000));
		other = 0;
	}
	EXPECT("bind tcp 5002 (not allowed)", other, net ? EACCES : 0);
	EXPECT("connect tcp 5001 (allowed)", tcp_socket_on(5001, 0), 0);
	EXPECT("connect tcp 5003 (not allowed)", tcp_socket_on(5003, 0), net ? EACCES : ECONNREFUSED);
	if (listener <= -1000)
		close(-(listener + 1000));

	EXPECT("connect to an abstract unix socket outside the domain", try_abstract_connect(),
	       scope ? EPERM : 0);
	EXPECT("signal a process outside the domain", err_of(kill(getppid(), 0)), scope ? EPERM : 0);
	pid_t inner = fork();
	if (inner == 0) {
		pause();
		_exit(0);
	}
	EXPECT("signal a process inside the domain", err_of(kill(inner, SIGKILL)), 0);
	waitpid(inner, NULL, 0);
}

static void reset_tree(void)
{
	SH("rm -rf %1$s/rw/* %1$s/out/d %1$s/ro/new && mkdir -p %1$s/rw/sub && echo data > %1$s/ro/f");
}

/* Fork; the child applies the policy as ABI `abi` would, runs the checks
 * and exits. Returns what landlock_apply said, through the exit status. */
static void run_as_abi(int abi, uint32_t flags, const char *tag, int kernel_abi)
{
	reset_tree();
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		struct lsm_view b;
		struct err e = { 0 };
		struct lsm_paths hook = { .landlock_abi_max = abi };
		lsm_paths_override(&hook);
		policy(&b, flags);
		if (unshare(CLONE_NEWNET) < 0 || loopback_up() < 0) {
			printf("not ok - ABI %d%s: new net namespace: %s\n", abi, tag, strerror(errno));
			_exit(1);
		}
		/* Abstract sockets live in a net namespace: the listener is made
		 * here, before the restriction, so outside the domain. */
		if (abstract_listen() < 0) {
			printf("not ok - ABI %d%s: abstract listener: %s\n", abi, tag, strerror(errno));
			_exit(1);
		}
		prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
		int r = landlock_apply(&b.v, &e);
		bool lacks = abi < 6;
		if (!(flags & POLB_LL_OPTIONAL) && lacks) {
			OK(r == -1 && e.status == 125 && strstr(e.detail, "mark the landlock section optional"),
			   "ABI %d%s: a required ruleset the ABI cannot fully build is refused (%s)", abi,
			   tag, e.detail);
			fflush(stdout);
			_exit(tap_failed);
		}
		OK(r == 0, "ABI %d%s: landlock_apply (%s)", abi, tag, r ? e.detail : "ok");
		checks(abi > kernel_abi ? kernel_abi : abi, tag);
		fflush(stdout);
		_exit(tap_failed);
	}
	int status;
	waitpid(pid, &status, 0);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		tap_failed++;
}

static void refusal_lines(void);

/* Everything here runs in a child: a landlock_apply that wrongly
 * succeeded must not restrict the test itself. */
static void test_refusal_lines(void)
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		refusal_lines();
		fflush(stdout);
		_exit(tap_failed);
	}
	int status;
	waitpid(pid, &status, 0);
	tap_failed += !WIFEXITED(status) || WEXITSTATUS(status);
}

static void refusal_lines(void)
{
	struct lsm_view b;
	struct err e = { 0 };
	struct lsm_paths hook = { .landlock_abi_max = 3 };
	lsm_paths_override(&hook);
	policy(&b, 0);
	OK(landlock_apply(&b.v, &e) == -1 &&
	   !strcmp(e.detail, "the kernel offers ABI 3, without tcp bind/connect (ABI 4), ioctl_dev "
			     "(ABI 5), scope abstract_unix/signal (ABI 6); mark the landlock section "
			     "optional to run with less"),
	   "ABI 3: the refusal names every right the ABI lacks [%s]", e.detail);

	hook.landlock_abi_max = -1; /* stands for a kernel without Landlock */
	lsm_paths_override(&hook);
	b.landlock.flags &= ~POLB_LL_OPTIONAL;
	OK(landlock_apply(&b.v, &e) == -1 && e.status == 125,
	   "no Landlock (simulated by the hook): refused [%s]", e.detail);

	lv_init(&b);
	lv_landlock(&b, 0);
	lv_path(&b, POLB_LL_READ, at("no/such/dir"));
	hook.landlock_abi_max = 0;
	lsm_paths_override(&hook);
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
		int r = landlock_apply(&b.v, &e);
		OK(r == -1 && e.errnum == ENOENT && strstr(e.detail, "read ") &&
		   strstr(e.detail, "no/such/dir"),
		   "a rule on a missing path is refused [%s]", e.detail);
		lv_init(&b);
		lv_landlock(&b, 0);
		lv_path(&b, 8, at("ro"));
		OK(landlock_apply(&b.v, &e) == -1 && strstr(e.detail, "unknown access bits"),
		   "unknown access bits in the blob are refused [%s]", e.detail);
		fflush(stdout);
		_exit(tap_failed);
	}
	int status;
	waitpid(pid, &status, 0);
	tap_failed += !WIFEXITED(status) || WEXITSTATUS(status);

	/* Without no_new_privs and without CAP_SYS_ADMIN the kernel refuses. */
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		lv_init(&b);
		lv_landlock(&b, 0);
		lv_path(&b, POLB_LL_READ, at("ro"));
		if (setresgid(65534, 65534, 65534) < 0 || setresuid(65534, 65534, 65534) < 0)
			_exit(2);
		int r = landlock_apply(&b.v, &e);
		OK(r == -1 && strstr(e.detail, "needs no_new_privs"),
		   "without no_new_privs and CAP_SYS_ADMIN: a clear refusal [%s]", e.detail);
		fflush(stdout);
		_exit(tap_failed);
	}
	waitpid(pid, &status, 0);
	tap_failed += !WIFEXITED(status) || WEXITSTATUS(status);
}

static void test_optional_warning(void)
{
	struct lsm_view b;
	struct err e = { 0 };
	char path[128], out[1024] = "";
	snprintf(path, sizeof(path), "%s/stderr", T);
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		dup2(fd, 2);
		struct lsm_paths hook = { .landlock_abi_max = -1 };
		lsm_paths_override(&hook);
		policy(&b, POLB_LL_OPTIONAL);
		_exit(landlock_apply(&b.v, &e) == 0 ? 0 : 1);
	}
	int status;
	waitpid(pid, &status, 0);
	int fd = open(path, O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, out, sizeof(out) - 1);
	out[n < 0 ? 0 : n] = '\0';
	if (fd >= 0)
		close(fd);
	OK(WIFEXITED(status) && WEXITSTATUS(status) == 0 &&
	   !strcmp(out, "enforce: warning: landlock: Landlock is not in this kernel; ruleset "
			"skipped (optional)\n"),
	   "no Landlock (simulated), optional: exactly one warning [%.*s]", (int)strcspn(out, "\n"), out);
}

int main(void)
{
	int kernel_abi = (int)syscall(SYS_landlock_create_ruleset, NULL, 0, 1u);
	if (kernel_abi < 1 || getuid() != 0) {
		printf("ok - landlock # SKIP needs root and a kernel with Landlock (ABI %d)\n", kernel_abi);
		return 0;
	}
	printf("# kernel Landlock ABI %d\n", kernel_abi);
	make_tree();

	snprintf(abstract_name, sizeof(abstract_name), "polc-lsm-test-%d", getpid());

	int top = kernel_abi > 7 ? 7 : kernel_abi;
	run_as_abi(top, 0, " (the kernel's own)", kernel_abi);
	for (int abi = 1; abi < top; abi++) {
		if (abi < 6)
			run_as_abi(abi, 0, " required", kernel_abi);
		run_as_abi(abi, POLB_LL_OPTIONAL, " optional", kernel_abi);
	}
	test_refusal_lines();
	test_optional_warning();

	SH("rm -rf %1$s");
	return TAP_DONE();
}
