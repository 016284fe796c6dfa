/* escape_kernel: tries kernel surface a container must not reach, for
 * tests/escape/t_escape_*.sh (static: runs inside any container root).
 * tests/bin/probe.c (ENFORCE's) covers the classic list; this one adds
 * what it does not try: module loading, the keyring, bpf, userfaultfd,
 * perf_event_open, io_uring, the new mount API, clone/clone3 with
 * CLONE_NEWUSER, the cgroup release_agent path (CVE-2022-0492), an O_PATH
 * detour to /proc/PID/exe (CVE-2019-5736), raw calls through the i386 and
 * x32 entries (including i386 socketcall, whose arguments a filter cannot
 * read), process_vm_writev and pidfd_getfd into pid 1, masked directories,
 * host devices through mknod, open_by_handle_at ("shocker"), a chroot
 * breakout, the host's abstract unix and loopback sockets, a real
 * fork bomb, a tmpfs filled with empty files (inode bounds) and a bind
 * source swapped for a symlink.
 *
 *   escape_kernel TRY [ARG] [TRY [ARG]...]
 *
 * Each try runs in a child (a seccomp kill takes only the child) and
 * prints one line, as probe does:
 *   try NAME: ok                   the kernel let it happen
 *   try NAME: blocked: <strerror>  refused with an errno
 *   try NAME: killed: signal N     killed (seccomp kill_process, ...)
 * Some print "NAME: detail" lines before it. Exit 0; 2 on an unknown TRY.
 * "tag WORD" anywhere does nothing: the tests put their scratch directory
 * there so that a helper left running shows in their process check. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <linux/keyctl.h>
#include <linux/perf_event.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define UFFD_USER_MODE_ONLY_FLAG 1
#define X32_BIT 0x40000000L

static int neg_errno(long r) { return r < 0 ? errno : 0; }
static const char *mount_target(void);

/* ---- modules, keyring, bpf, userfaultfd, perf, io_uring ----------------- */

/* The kernel here may have no module support (ENOSYS) or refuse for want
 * of CAP_SYS_MODULE (EPERM): the tests accept only the filter's answer. */
static int t_init_module(const char *a)
{
	static char image[64];
	return neg_errno(syscall(SYS_init_module, image, sizeof image, ""));
}
static int t_finit_module(const char *a)
{
	int fd = open("/dev/null", O_RDONLY);
	return neg_errno(syscall(SYS_finit_module, fd, "", 0));
}
static int t_delete_module(const char *a)
{
	return neg_errno(syscall(SYS_delete_module, "escape_probe_none", O_NONBLOCK));
}
/* Keyrings need no capability at all: only a filter stops these. */
static int t_keyctl(const char *a)
{
	return neg_errno(syscall(SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING, "escape"));
}
static int t_add_key(const char *a)
{
	return neg_errno(syscall(SYS_add_key, "user", "escape", "x", 1,
				 KEY_SPEC_PROCESS_KEYRING));
}
static int t_request_key(const char *a)
{
	return neg_errno(syscall(SYS_request_key, "user", "escape", NULL,
				 KEY_SPEC_PROCESS_KEYRING));
}
static int t_bpf(const char *a)
{
	union bpf_attr attr;
	memset(&attr, 0, sizeof attr);
	attr.map_type = BPF_MAP_TYPE_ARRAY;
	attr.key_size = 4;
	attr.value_size = 4;
	attr.max_entries = 1;
	return neg_errno(syscall(SYS_bpf, BPF_MAP_CREATE, &attr, sizeof attr));
}
/* UFFD_USER_MODE_ONLY is allowed to anyone by the kernel: a filter test. */
static int t_userfaultfd(const char *a)
{
	return neg_errno(syscall(SYS_userfaultfd, O_CLOEXEC | UFFD_USER_MODE_ONLY_FLAG));
}
static int t_dev_userfaultfd(const char *a)
{
	return neg_errno(open("/dev/userfaultfd", O_RDWR));
}
/* A software counter on oneself, user space only: perf_event_paranoid 2
 * allows it without privilege, so again only a filter stops it. */
static int t_perf_event_open(const char *a)
{
	struct perf_event_attr attr;
	memset(&attr, 0, sizeof attr);
	attr.size = sizeof attr;
	attr.type = PERF_TYPE_SOFTWARE;
	attr.config = PERF_COUNT_SW_TASK_CLOCK;
	attr.exclude_kernel = 1;
	attr.exclude_hv = 1;
	return neg_errno(syscall(SYS_perf_event_open, &attr, 0, -1, -1, 0));
}
static int t_io_uring(const char *a)
{
	char params[120]; /* struct io_uring_params; zeroed asks for defaults */
	memset(params, 0, sizeof params);
	return neg_errno(syscall(SYS_io_uring_setup, 1, params));
}

/* ---- the new mount API -------------------------------------------------- */

static int t_fsopen(const char *a)
{
	return neg_errno(syscall(SYS_fsopen, a ? a : "tmpfs", FSOPEN_CLOEXEC));
}
/* A detached copy of the root's mount tree, which move_mount could attach
 * anywhere, writable. */
static int t_open_tree(const char *a)
{
	return neg_errno(syscall(SYS_open_tree, AT_FDCWD, a ? a : "/",
				 OPEN_TREE_CLONE | AT_RECURSIVE));
}
/* Clear read-only on the root mount. */
static int t_mount_setattr(const char *a)
{
	struct mount_attr attr = { .attr_clr = MOUNT_ATTR_RDONLY };
	return neg_errno(syscall(SYS_mount_setattr, AT_FDCWD, a ? a : "/", 0, &attr, sizeof attr));
}
/* An idmapped mount of one's own (ARG: "PATH[,USERNS]", the user
 * namespace /proc/self/ns/user unless named): a container root with
 * CAP_SYS_ADMIN in its namespace would own every file of a host tree. */
static int t_idmap_mount(const char *a)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s", a ? a : "/");
	char *comma = strchr(path, ',');
	const char *ns = "/proc/self/ns/user";
	if (comma) {
		*comma = '\0';
		ns = comma + 1;
	}
	int userns = open(ns, O_RDONLY | O_CLOEXEC);
	if (userns < 0)
		return errno;
	int tree = (int)syscall(SYS_open_tree, AT_FDCWD, path, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);
	int r = tree < 0 ? errno : 0;
	if (tree >= 0) {
		struct mount_attr attr = { .attr_set = MOUNT_ATTR_IDMAP, .userns_fd = (uint64_t)userns };
		r = neg_errno(syscall(SYS_mount_setattr, tree, "", AT_EMPTY_PATH, &attr, sizeof attr));
		close(tree);
	}
	close(userns);
	return r;
}
static int t_move_mount(const char *a)
{
	return neg_errno(syscall(SYS_move_mount, AT_FDCWD, "/proc", AT_FDCWD, a ? a : "/tmp", 0));
}

/* The old API: a fresh instance of a file system (ARG: proc, sysfs,
 * devpts, binfmt_misc, debugfs, ...), which would come without the
 * masks and read-only paths of the container's own. */
static int t_mount_fs(const char *a)
{
	const char *type = a ? a : "proc";
	return neg_errno(mount(type, mount_target(), type, 0, NULL));
}

/* ---- nested namespaces -------------------------------------------------- */

static int clone_raw(unsigned long flags)
{
	long pid = syscall(SYS_clone, flags | SIGCHLD, 0, NULL, NULL, 0);
	if (pid == 0)
		_exit(0);
	if (pid < 0)
		return errno;
	waitpid((pid_t)pid, NULL, 0);
	return 0;
}
static int t_clone_newuser(const char *a) { return clone_raw(CLONE_NEWUSER); }
static int t_clone_newns(const char *a) { return clone_raw(CLONE_NEWNS | CLONE_NEWPID); }
static int t_clone3_newuser(const char *a)
{
	struct clone_args args;
	memset(&args, 0, sizeof args);
	args.flags = CLONE_NEWUSER;
	args.exit_signal = SIGCHLD;
	long pid = syscall(SYS_clone3, &args, sizeof args);
	if (pid == 0)
		_exit(0);
	if (pid < 0)
		return errno;
	waitpid((pid_t)pid, NULL, 0);
	return 0;
}
/* CVE-2022-0492's first step: a user and cgroup namespace in which root
 * could mount a cgroup v1 hierarchy and set its release_agent. */
static int t_unshare_cgroupns(const char *a)
{
	return neg_errno(unshare(CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWCGROUP));
}

/* ---- cgroup release_agent (CVE-2022-0492) -------------------------------- */

static const char *mount_target(void)
{
	static const char *const dirs[] = { "/tmp/escape-mnt", "/tmp", "/mnt", NULL };
	mkdir(dirs[0], 0700);
	for (int i = 0; dirs[i]; i++) {
		struct stat st;
		if (stat(dirs[i], &st) == 0 && S_ISDIR(st.st_mode))
			return dirs[i];
	}
	return "/";
}
/* ARG: a v1 controller ("memory", "rdma", "none,name=x") or "cgroup2". */
static int t_cgroup_mount(const char *a)
{
	const char *what = a ? a : "memory";
	if (!strcmp(what, "cgroup2"))
		return neg_errno(mount("cgroup2", mount_target(), "cgroup2", 0, NULL));
	return neg_errno(mount("cgroup", mount_target(), "cgroup", 0, what));
}
/* Every release_agent and notify_on_release the container can see: on a
 * cgroup mount in its mountinfo, and under /sys/fs/cgroup/NAME. Prints
 * each path once with its answer; ok if any one opened for writing. */
static int try_write(const char *path, int *any_ok)
{
	static char tried[128][256];
	static int ntried;
	for (int i = 0; i < ntried; i++)
		if (!strcmp(tried[i], path))
			return 0;
	if (ntried < 128)
		snprintf(tried[ntried++], sizeof tried[0], "%s", path);
	int fd = open(path, O_WRONLY);
	if (fd < 0) {
		if (errno != ENOENT)
			printf("release_agent: %s: %s\n", path, strerror(errno));
		return errno == ENOENT ? 0 : 1;
	}
	close(fd);
	printf("release_agent: %s: writable\n", path);
	*any_ok = 1;
	return 1;
}
static int t_release_agent(const char *a)
{
	static const char *const names[] = { "release_agent", "notify_on_release" };
	int seen = 0, any_ok = 0;
	char line[4096], path[4200];
	FILE *f = fopen("/proc/self/mountinfo", "r");
	while (f && fgets(line, sizeof line, f)) {
		char mnt[4096], fstype[64];
		const char *sep = strstr(line, " - ");
		if (!sep || sscanf(line, "%*s %*s %*s %*s %4095s", mnt) != 1 ||
		    sscanf(sep + 3, "%63s", fstype) != 1 || strcmp(fstype, "cgroup"))
			continue;
		for (int i = 0; i < 2; i++) {
			snprintf(path, sizeof path, "%s/%s", mnt, names[i]);
			seen += try_write(path, &any_ok);
		}
	}
	if (f)
		fclose(f);
	static const char *const v1[] = { "cpu", "cpuacct", "cpuset", "memory", "devices",
					  "freezer", "blkio", "pids", "systemd", "net_cls",
					  "perf_event", "hugetlb", "rdma", "misc", NULL };
	for (int c = 0; v1[c]; c++)
		for (int i = 0; i < 2; i++) {
			snprintf(path, sizeof path, "/sys/fs/cgroup/%s/%s", v1[c], names[i]);
			seen += try_write(path, &any_ok);
		}
	printf("release_agent: %d seen\n", seen);
	return any_ok ? 0 : EACCES;
}

/* ---- host devices through mknod ---------------------------------------- */

/* ARG "c|b,MAJOR,MINOR,r|w[,DIR]": make a node for a host device in the
 * first writable directory of /dev, /dev/shm, /tmp (or in DIR alone) and
 * open it for reading (r) or writing (w), nothing read or written; the
 * node is removed again. DIR lets a test try a mount that is not nodev, to
 * see the device cgroup on its own.
 * CAP_MKNOD alone must not give a container the host's disks or
 * /dev/kmsg: a device rule (cgroup) or a nodev mount has to refuse the
 * open. Prints where each step ended; the answer is the first refused
 * open (the directory that let the node be made), else mknod's error. */
static int t_mknod_open(const char *a)
{
	char type = 'c', rw = 'r', dir[256] = "";
	unsigned maj = 1, min = 11;
	if (a && sscanf(a, "%c,%u,%u,%c,%255s", &type, &maj, &min, &rw, dir) < 4)
		return EINVAL;
	const char *std_dirs[] = { "/dev", "/dev/shm", "/tmp", NULL }, *one_dir[] = { dir, NULL };
	const char *const *dirs = dir[0] ? one_dir : std_dirs;
	int err = 0, open_err = 0; /* the answer: the first refused open, else mknod's */
	for (int i = 0; dirs[i]; i++) {
		char node[300];
		snprintf(node, sizeof node, "%s/escape-node-%d", dirs[i], (int)getpid());
		if (mknod(node, (type == 'b' ? S_IFBLK : S_IFCHR) | 0600, makedev(maj, min)) < 0) {
			err = errno;
			printf("mknod_open: mknod %s: %s\n", node, strerror(err));
			continue;
		}
		int fd = open(node, (rw == 'w' ? O_WRONLY : O_RDONLY) | O_NONBLOCK | O_CLOEXEC);
		err = fd < 0 ? errno : 0;
		unlink(node);
		printf("mknod_open: %s %c %u:%u open for %s: %s\n", node, type, maj, min,
		       rw == 'w' ? "writing" : "reading", fd < 0 ? strerror(err) : "opened");
		if (fd >= 0) {
			close(fd);
			return 0;
		}
		if (!open_err)
			open_err = err;
	}
	return open_err ? open_err : err;
}

/* ---- leaving the root: file handles and chroot ------------------------- */

/* Room for a struct file_handle and the largest handle, zeroed. */
static struct file_handle *handle_buf(void)
{
	static _Alignas(struct file_handle) unsigned char buf[sizeof(struct file_handle) + MAX_HANDLE_SZ];
	memset(buf, 0, sizeof buf);
	return (struct file_handle *)buf;
}

/* "handle PATH": print PATH's file handle as TYPE:HEX (for the caller, on
 * the host, to hand to a container). ok when it has one. */
static int t_handle(const char *a)
{
	struct file_handle *fh = handle_buf();
	unsigned char *bytes = (unsigned char *)(fh + 1); /* f_handle[] */
	int mount_id;
	fh->handle_bytes = MAX_HANDLE_SZ;
	if (syscall(SYS_name_to_handle_at, AT_FDCWD, a ? a : "/", fh, &mount_id, 0) < 0)
		return errno;
	printf("handle: %d:", fh->handle_type);
	for (unsigned i = 0; i < fh->handle_bytes; i++)
		printf("%02x", bytes[i]);
	printf("\n");
	return 0;
}
/* The "shocker" escape (Docker 0.11): open_by_handle_at with a handle of a
 * host directory outside the root, on the container's "/" as mount fd
 * (the same file system when the root is a directory of it). ARG TYPE:HEX. */
static int t_shocker(const char *a)
{
	struct file_handle *fh = handle_buf();
	unsigned char *bytes = (unsigned char *)(fh + 1); /* f_handle[] */
	const char *hex = a ? strchr(a, ':') : NULL;
	if (!hex)
		return EINVAL;
	fh->handle_type = atoi(a);
	for (hex++; hex[0] && hex[1] && fh->handle_bytes < MAX_HANDLE_SZ; hex += 2) {
		unsigned byte;
		sscanf(hex, "%2x", &byte);
		bytes[fh->handle_bytes++] = (unsigned char)byte;
	}
	int root = open("/", O_RDONLY | O_DIRECTORY);
	int fd = (int)syscall(SYS_open_by_handle_at, root, fh, O_RDONLY | O_DIRECTORY);
	if (fd < 0)
		return errno;
	char buf[4096] = "?";
	char self[64];
	snprintf(self, sizeof self, "/proc/self/fd/%d", fd);
	ssize_t n = readlink(self, buf, sizeof buf - 1);
	buf[n > 0 ? n : 1] = '\0';
	printf("shocker: opened %s\n", buf);
	return 0;
}
/* The classic chroot breakout: chroot into a subdirectory while keeping
 * the cwd above it, climb "..", chroot("."). Then ARG (a host path outside
 * the container's root) must still be out of reach. ok if it opens. */
static int t_chroot_break(const char *a)
{
	mkdir("/tmp/escape-jail", 0700);
	if (chroot("/tmp/escape-jail") < 0)
		return errno;
	for (int i = 0; i < 64; i++)
		if (chdir("..") < 0)
			return errno;
	if (chroot(".") < 0)
		return errno;
	int fd = open(a ? a : "/", O_RDONLY);
	if (fd < 0)
		return errno;
	close(fd);
	return 0;
}

/* ---- signals ------------------------------------------------------------ */

/* kill(-1, SIG) (default SIGKILL): every process the caller may signal,
 * which in a pid namespace of its own is the container's and nothing
 * else. The caller itself is spared; its parent (the helper) and init are
 * not, so this try comes last. */
static int t_kill_all(const char *a)
{
	int sig = a ? atoi(a) : SIGKILL;
	return neg_errno(kill(-1, sig));
}

/* ---- the host's local sockets ------------------------------------------ */

/* Abstract unix sockets and 127.0.0.1 belong to a network namespace: a
 * container with its own cannot reach the host's (containerd's shim API
 * on an abstract socket was CVE-2020-15257). "listen NAME,PORT" (on the
 * host) listens on @NAME and 127.0.0.1:PORT (0: any free port), prints
 * "listening: PORT", and holds them until its stdin closes; "connect_abstract NAME" and
 * "connect_tcp PORT" try them. */
static int abstract_addr(const char *name, struct sockaddr_un *sun)
{
	memset(sun, 0, sizeof *sun);
	sun->sun_family = AF_UNIX;
	size_t n = strlen(name);
	if (n + 1 > sizeof sun->sun_path)
		n = sizeof sun->sun_path - 1;
	memcpy(sun->sun_path + 1, name, n);
	return (int)(offsetof(struct sockaddr_un, sun_path) + 1 + n);
}
static void loopback_addr(struct sockaddr_in *sin, int port)
{
	memset(sin, 0, sizeof *sin);
	sin->sin_family = AF_INET;
	sin->sin_port = htons((uint16_t)port);
	sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
}
static int t_listen(const char *a)
{
	char name[64] = "escape";
	int port = 0;
	if (a)
		sscanf(a, "%63[^,],%d", name, &port);
	struct sockaddr_un sun;
	struct sockaddr_in sin;
	int u = socket(AF_UNIX, SOCK_STREAM, 0), t = socket(AF_INET, SOCK_STREAM, 0);
	socklen_t len = (socklen_t)abstract_addr(name, &sun);
	loopback_addr(&sin, port);
	if (u < 0 || t < 0 || bind(u, (struct sockaddr *)&sun, len) < 0 ||
	    bind(t, (struct sockaddr *)&sin, sizeof sin) < 0 || listen(u, 8) < 0 || listen(t, 8) < 0)
		return errno;
	socklen_t slen = sizeof sin;
	getsockname(t, (struct sockaddr *)&sin, &slen);
	printf("listening: %d\n", ntohs(sin.sin_port));
	fflush(stdout);
	char c;
	while (read(0, &c, 1) > 0)
		;
	return 0;
}
static int t_connect_abstract(const char *a)
{
	struct sockaddr_un sun;
	socklen_t len = (socklen_t)abstract_addr(a ? a : "escape", &sun);
	int s = socket(AF_UNIX, SOCK_STREAM, 0);
	if (s < 0)
		return errno;
	return neg_errno(connect(s, (struct sockaddr *)&sun, len));
}
static int t_connect_tcp(const char *a)
{
	struct sockaddr_in sin;
	loopback_addr(&sin, a ? atoi(a) : 0);
	int s = socket(AF_INET, SOCK_STREAM, 0);
	if (s < 0)
		return errno;
	return neg_errno(connect(s, (struct sockaddr *)&sin, sizeof sin));
}

/* A socket handed in on fd FD (stdio, LISTEN_FDS) keeps the network
 * namespace it was made in. "reconnect_tcp FD,PORT" frees it
 * (connect(AF_UNSPEC) disconnects a TCP socket, connected or not) and
 * connects it to 127.0.0.1:PORT: the host's loopback if the socket is the
 * host's. "unix_abstract FD,NAME" connects fd FD to the abstract name
 * @NAME, which a unix socket looks up in its own namespace. */
static int t_reconnect_tcp(const char *a)
{
	int fd = 0, port = 0;
	if (a)
		sscanf(a, "%d,%d", &fd, &port);
	struct sockaddr unspec = { .sa_family = AF_UNSPEC };
	struct sockaddr_in sin;
	loopback_addr(&sin, port);
	if (connect(fd, &unspec, sizeof unspec) < 0)
		return errno;
	return neg_errno(connect(fd, (struct sockaddr *)&sin, sizeof sin));
}
static int t_unix_abstract(const char *a)
{
	int fd = 0;
	char name[64] = "escape";
	if (a)
		sscanf(a, "%d,%63s", &fd, name);
	struct sockaddr_un sun;
	socklen_t len = (socklen_t)abstract_addr(name, &sun);
	return neg_errno(connect(fd, (struct sockaddr *)&sun, len));
}

/* ---- /proc/PID/exe (CVE-2019-5736) -------------------------------------- */

/* The O_PATH detour: an O_PATH fd on the exe (no write check at open),
 * then reopened for writing through /proc/self/fd/N. */
static int t_exe_opath(const char *a)
{
	char p[64], again[64];
	snprintf(p, sizeof p, "/proc/%s/exe", a ? a : "1");
	int fd = open(p, O_PATH);
	if (fd < 0)
		return errno;
	snprintf(again, sizeof again, "/proc/self/fd/%d", fd);
	int w = open(again, O_WRONLY);
	if (w < 0)
		return errno;
	close(w);
	return 0;
}
/* pid 1's cwd and root: reaching the host's tree through the init. */
static int t_proc_root(const char *a)
{
	char p[64];
	snprintf(p, sizeof p, "/proc/%s/root/.", a ? a : "1");
	struct stat there, here;
	if (stat(p, &there) < 0)
		return errno;
	stat("/", &here);
	printf("proc_root: %s is %s\n", p,
	       there.st_dev == here.st_dev && there.st_ino == here.st_ino ? "our own root"
									   : "another root");
	return there.st_dev == here.st_dev && there.st_ino == here.st_ino ? EXDEV : 0;
}

/* Another process's memory and fds without ptrace(2): process_vm_writev
 * into pid ARG (default 1, enforce's init) and pidfd_getfd of its fds
 * 0..63. ok if a write landed or any fd came back. */
static int t_pvm_write(const char *a)
{
	static char word[8] = "escape!";
	struct iovec local = { word, sizeof word }, remote = { word, sizeof word };
	pid_t pid = a ? atoi(a) : 1;
	return neg_errno(syscall(SYS_process_vm_writev, pid, &local, 1, &remote, 1, 0));
}
static int t_pidfd_getfd(const char *a)
{
	int pidfd = (int)syscall(SYS_pidfd_open, a ? atoi(a) : 1, 0), err = EBADF;
	if (pidfd < 0)
		return errno;
	for (int fd = 0; fd < 64; fd++) {
		int got = (int)syscall(SYS_pidfd_getfd, pidfd, fd, 0);
		if (got >= 0) {
			printf("pidfd_getfd: took fd %d\n", fd);
			return 0;
		}
		if (errno != EBADF)
			err = errno;
	}
	return err;
}
/* setns into pid ARG's namespaces (default 1) through a pidfd, all
 * but the user namespace, at once (the host's, were that pid the host's). */
static int t_setns_pidfd(const char *a)
{
	int pidfd = (int)syscall(SYS_pidfd_open, a ? atoi(a) : 1, 0);
	if (pidfd < 0)
		return errno;
	return neg_errno(setns(pidfd, CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWNET |
					CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWCGROUP));
}
/* setns through the namespace file ARG ("/proc/1/ns/mnt"), any type. */
static int t_setns_path(const char *a)
{
	int fd = open(a ? a : "/proc/1/ns/mnt", O_RDONLY);
	if (fd < 0)
		return errno;
	return neg_errno(setns(fd, 0));
}

/* A masked directory: ENODATA when empty (the mask), ok when it lists. */
static int t_listdir(const char *a)
{
	DIR *d = opendir(a ? a : "/sys/firmware");
	if (!d)
		return errno;
	int n = 0;
	struct dirent *de;
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			n++;
	closedir(d);
	return n ? 0 : ENODATA;
}

/* ---- filesystem bounds and bind sources --------------------------------- */

/* fill DIR,N: up to N empty files in DIR (empty files cost inodes, not
 * pages: only nr_inodes bounds them). The answer: what stopped it, or ok
 * when all N were made. */
static int t_fill(const char *a)
{
	char dir[256] = "";
	int n = 0, made = 0, err = 0;
	if (!a || sscanf(a, "%255[^,],%d", dir, &n) != 2 || n <= 0)
		return EINVAL;
	for (; made < n; made++) {
		char f[300];
		snprintf(f, sizeof f, "%s/fill-%d", dir, made);
		int fd = open(f, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
		if (fd < 0) {
			err = errno;
			break;
		}
		close(fd);
	}
	printf("fill: %s: %d files made\n", dir, made);
	return err;
}

/* swap TARGET,LINK: LINK (an empty directory or a file) replaced by a
 * symlink to TARGET, as a container with a writable bind can do to a
 * path where another bind's source lies. */
static int t_swap(const char *a)
{
	char target[256] = "", link[256] = "";
	if (!a || sscanf(a, "%255[^,],%255s", target, link) != 2)
		return EINVAL;
	if (rmdir(link) < 0 && unlink(link) < 0 && errno != ENOENT)
		return errno;
	return symlink(target, link) < 0 ? errno : 0;
}

/* ---- the i386 and x32 entries ------------------------------------------- */

#if defined(__x86_64__)
static long int80(long nr, long b, long c, long d)
{
	long ret;
	__asm__ volatile("int $0x80" : "=a"(ret) : "a"(nr), "b"(b), "c"(c), "d"(d)
			 : "memory", "r8", "r9", "r10", "r11");
	return (int)ret;
}
static int int80_errno(long ret) { return ret < 0 && ret > -4096 ? (int)-ret : 0; }
#endif

/* ARG "NR" or "NR,A0,A1,A2" (numbers, i386 table). */
static int t_i386(const char *a)
{
#if defined(__x86_64__)
	long v[4] = { 0, 0, 0, 0 };
	char *end = (char *)(a ? a : "0");
	for (int i = 0; i < 4 && *end; i++) {
		v[i] = strtol(end, &end, 0);
		if (*end == ',')
			end++;
	}
	return int80_errno(int80(v[0], v[1], v[2], v[3]));
#else
	return ENOSYS;
#endif
}
/* socket(DOMAIN, type, 0) through i386 socketcall (102): the arguments sit
 * in memory, out of a filter's sight. The array is static, so its address
 * fits the 32-bit register of a non-PIE static binary. */
static uint32_t socketcall_args[3];
static int t_socketcall(const char *a)
{
#if defined(__x86_64__)
	int domain = a ? atoi(a) : 40; /* AF_VSOCK */
	if ((uintptr_t)socketcall_args > 0xffffffffu)
		return EFAULT;
	socketcall_args[0] = (uint32_t)domain;
	socketcall_args[1] = domain == 17 ? 3 : 1; /* SOCK_RAW for AF_PACKET, else STREAM */
	socketcall_args[2] = 0;
	return int80_errno(int80(102, 1 /* SYS_SOCKET */, (long)(uintptr_t)socketcall_args, 0));
#else
	return ENOSYS;
#endif
}
/* The same socket through the native entry, for comparison. */
static int t_socket(const char *a)
{
	int domain = a ? atoi(a) : 40;
	int fd = socket(domain, domain == 17 ? 3 : 1, 0);
	if (fd < 0)
		return errno;
	close(fd);
	return 0;
}
/* ARG: an x86_64 number; called with __X32_SYSCALL_BIT set. */
static int t_x32(const char *a)
{
	long nr = a ? strtol(a, NULL, 0) : 39;
	return neg_errno(syscall(nr | X32_BIT, CLONE_NEWUSER, 0, 0, 0, 0, 0));
}

/* ---- a fork bomb -------------------------------------------------------- */

/* Every process forks until refused, and every child does the same (a
 * tree, not a loop), with a ceiling ARG (default 6000) so that a missing
 * limit is reported, not suffered. Shared counters say how many processes
 * were made and when every one has stopped forking; then all are let go. */
struct bomb { atomic_int made, settled, refused, first_errno; };

static void bomb_grow(struct bomb *b, int ceiling, int gate)
{
	for (;;) {
		if (atomic_fetch_add(&b->made, 1) >= ceiling) {
			atomic_fetch_sub(&b->made, 1);
			break;
		}
		pid_t p = fork();
		if (p < 0) {
			atomic_fetch_sub(&b->made, 1);
			int zero = 0;
			atomic_compare_exchange_strong(&b->first_errno, &zero, errno);
			atomic_fetch_add(&b->refused, 1);
			break;
		}
		if (p == 0)
			continue; /* the child grows the tree too */
	}
	atomic_fetch_add(&b->settled, 1);
	char c;
	while (read(gate, &c, 1) < 0 && errno == EINTR)
		;
	while (wait(NULL) > 0)
		;
}
static int t_forkbomb(const char *a)
{
	int ceiling = a ? atoi(a) : 6000, gate[2];
	struct bomb *b = mmap(NULL, sizeof *b, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (b == MAP_FAILED || pipe(gate) < 0)
		return errno;
	pid_t root = fork();
	if (root < 0)
		return errno;
	if (root == 0) {
		close(gate[1]);
		bomb_grow(b, ceiling, gate[0]);
		_exit(0);
	}
	close(gate[0]);
	/* Wait (no deadline) until every process made has stopped forking. */
	struct timespec tick = { 0, 20000000 };
	while (atomic_load(&b->settled) < atomic_load(&b->made) + 1)
		nanosleep(&tick, NULL);
	int made = atomic_load(&b->made), refused = atomic_load(&b->refused);
	int err = atomic_load(&b->first_errno);
	close(gate[1]);
	waitpid(root, NULL, 0);
	printf("forkbomb: %d processes, %d forks refused (%s)\n", made + 1, refused,
	       err ? strerror(err) : "none");
	return refused ? err : 0;
}

/* ---- driver ------------------------------------------------------------- */

struct try { const char *name; int arg; int (*fn)(const char *); };

static const struct try tries[] = {
	{ "init_module", 0, t_init_module },   { "finit_module", 0, t_finit_module },
	{ "delete_module", 0, t_delete_module }, { "keyctl", 0, t_keyctl },
	{ "add_key", 0, t_add_key },           { "request_key", 0, t_request_key },
	{ "bpf", 0, t_bpf },                   { "userfaultfd", 0, t_userfaultfd },
	{ "dev_userfaultfd", 0, t_dev_userfaultfd }, { "perf_event_open", 0, t_perf_event_open },
	{ "io_uring", 0, t_io_uring },         { "fsopen", 1, t_fsopen },
	{ "open_tree", 1, t_open_tree },       { "mount_setattr", 1, t_mount_setattr },
	{ "idmap_mount", 1, t_idmap_mount },
	{ "move_mount", 1, t_move_mount },     { "mount_fs", 1, t_mount_fs },     { "clone_newuser", 0, t_clone_newuser },
	{ "clone_newns", 0, t_clone_newns },   { "clone3_newuser", 0, t_clone3_newuser },
	{ "unshare_cgroupns", 0, t_unshare_cgroupns }, { "cgroup_mount", 1, t_cgroup_mount },
	{ "release_agent", 0, t_release_agent }, { "exe_opath", 1, t_exe_opath },
	{ "proc_root", 1, t_proc_root },       { "i386", 1, t_i386 },
	{ "socketcall", 1, t_socketcall },     { "socket", 1, t_socket },
	{ "x32", 1, t_x32 },                   { "forkbomb", 1, t_forkbomb },
	{ "pvm_write", 1, t_pvm_write },       { "pidfd_getfd", 1, t_pidfd_getfd },
	{ "listdir", 1, t_listdir },           { "setns_pidfd", 1, t_setns_pidfd },
	{ "setns_path", 1, t_setns_path },     { "mknod_open", 1, t_mknod_open },
	{ "handle", 1, t_handle },             { "shocker", 1, t_shocker },
	{ "chroot_break", 1, t_chroot_break }, { "listen", 1, t_listen },
	{ "connect_abstract", 1, t_connect_abstract }, { "connect_tcp", 1, t_connect_tcp },
	{ "reconnect_tcp", 1, t_reconnect_tcp }, { "unix_abstract", 1, t_unix_abstract },
	{ "kill_all", 1, t_kill_all },
	{ "fill", 1, t_fill },                 { "swap", 1, t_swap },
};

static const struct try *find(const char *name)
{
	for (size_t i = 0; i < sizeof tries / sizeof tries[0]; i++)
		if (!strcmp(tries[i].name, name))
			return &tries[i];
	return NULL;
}

/* LABEL names the line: "NAME" or "NAME ARG", so one run can try a call
 * with several arguments and the test tell the answers apart. */
static void run(const struct try *t, const char *arg)
{
	char label[128];
	snprintf(label, sizeof label, arg ? "%s %s" : "%s", t->name, arg);
	fflush(stdout);
	pid_t p = fork();
	if (p == 0) {
		int err = t->fn(arg);
		if (err)
			printf("try %s: blocked: %s\n", label, strerror(err));
		else
			printf("try %s: ok\n", label);
		fflush(stdout);
		_exit(0);
	}
	int st = 0;
	if (p < 0 || waitpid(p, &st, 0) < 0)
		printf("try %s: could not fork: %s\n", label, strerror(errno));
	else if (WIFSIGNALED(st))
		printf("try %s: killed: signal %d\n", label, WTERMSIG(st));
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "tag") && i + 1 < argc) {
			i++; /* "tag WORD": only marks the command line (see usage) */
			continue;
		}
		const struct try *t = find(argv[i]);
		if (!t) {
			fprintf(stderr, "escape_kernel: unknown try '%s'\n", argv[i]);
			return 2;
		}
		const char *arg = NULL;
		if (t->arg && i + 1 < argc && !find(argv[i + 1]))
			arg = argv[++i];
		run(t, arg);
	}
	return 0;
}
