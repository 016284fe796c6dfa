/* One notification of a learning run as records (learn.h,
 * docs/learn-trace.md): an `sc` record when the blob would not have
 * allowed the call, and the `file`, `net` and `cap` records its handler
 * reads out of the call. The handler table is the one list of the calls
 * the learning program reports whatever the blob says (learn_watched).
 *
 * The tracee is stopped in the call while this runs, but another thread
 * of it may change the memory being read, and the process may die and
 * its pid be reused: after the reads, SECCOMP_IOCTL_NOTIF_ID_VALID says
 * whether the caller is still the one that made the call; if not, what
 * was read is dropped and counted in `lost`. */
#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/sched.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "learn.h"

enum how {
	H_OPEN, H_OPENAT2, H_CREAT, H_EXEC, H_READ, H_ACCESS, H_WRITE, H_RENAME, H_LINK,
	H_SYMLINK, H_CHOWN, H_FCHOWN, H_MKNOD, H_CHROOT, H_MOUNT, H_BIND, H_CONNECT,
	H_SETUID, H_SETGID, H_SETGROUPS, H_KILL, H_SOCKET,
};

/* Argument indexes: d1/p1 the (first) dirfd and path, d2/p2 the second
 * (rename, link, symlink), x an extra one (flags, mode, uid, how, the
 * ids a set*id call sets as a bit mask, the pid of a kill); -1 none, and
 * a dirfd of -1 is the cwd. */
struct handler {
	const char *name;
	enum how how;
	signed char d1, p1, d2, p2, x;
};

#define NO (-1)
static const struct handler handlers[] = {
	{ "open", H_OPEN, NO, 0, NO, NO, 1 },
	{ "openat", H_OPEN, 0, 1, NO, NO, 2 },
	{ "openat2", H_OPENAT2, 0, 1, NO, NO, 2 },
	{ "creat", H_CREAT, NO, 0, NO, NO, NO },
	{ "execve", H_EXEC, NO, 0, NO, NO, NO },
	{ "execveat", H_EXEC, 0, 1, NO, NO, 4 },
	{ "stat", H_READ, NO, 0, NO, NO, NO },
	{ "lstat", H_READ, NO, 0, NO, NO, NO },
	{ "stat64", H_READ, NO, 0, NO, NO, NO },
	{ "lstat64", H_READ, NO, 0, NO, NO, NO },
	{ "oldstat", H_READ, NO, 0, NO, NO, NO },
	{ "oldlstat", H_READ, NO, 0, NO, NO, NO },
	{ "newfstatat", H_READ, 0, 1, NO, NO, NO },
	{ "fstatat64", H_READ, 0, 1, NO, NO, NO },
	{ "statx", H_READ, 0, 1, NO, NO, NO },
	{ "access", H_ACCESS, NO, 0, NO, NO, 1 },
	{ "faccessat", H_ACCESS, 0, 1, NO, NO, 2 },
	{ "faccessat2", H_ACCESS, 0, 1, NO, NO, 2 },
	{ "mkdir", H_WRITE, NO, 0, NO, NO, NO },
	{ "mkdirat", H_WRITE, 0, 1, NO, NO, NO },
	{ "unlink", H_WRITE, NO, 0, NO, NO, NO },
	{ "unlinkat", H_WRITE, 0, 1, NO, NO, NO },
	{ "rmdir", H_WRITE, NO, 0, NO, NO, NO },
	{ "rename", H_RENAME, NO, 0, NO, 1, NO },
	{ "renameat", H_RENAME, 0, 1, 2, 3, NO },
	{ "renameat2", H_RENAME, 0, 1, 2, 3, NO },
	{ "link", H_LINK, NO, 0, NO, 1, NO },
	{ "linkat", H_LINK, 0, 1, 2, 3, NO },
	{ "symlink", H_SYMLINK, NO, NO, NO, 1, NO },
	{ "symlinkat", H_SYMLINK, NO, NO, 1, 2, NO },
	{ "chmod", H_WRITE, NO, 0, NO, NO, NO },
	{ "fchmodat", H_WRITE, 0, 1, NO, NO, NO },
	{ "fchmodat2", H_WRITE, 0, 1, NO, NO, NO },
	{ "chown", H_CHOWN, NO, 0, NO, NO, 1 },
	{ "lchown", H_CHOWN, NO, 0, NO, NO, 1 },
	{ "chown32", H_CHOWN, NO, 0, NO, NO, 1 },
	{ "lchown32", H_CHOWN, NO, 0, NO, NO, 1 },
	{ "fchownat", H_CHOWN, 0, 1, NO, NO, 2 },
	{ "fchown", H_FCHOWN, NO, NO, NO, NO, 1 },
	{ "fchown32", H_FCHOWN, NO, NO, NO, NO, 1 },
	{ "truncate", H_WRITE, NO, 0, NO, NO, NO },
	{ "truncate64", H_WRITE, NO, 0, NO, NO, NO },
	{ "mknod", H_MKNOD, NO, 0, NO, NO, 1 },
	{ "mknodat", H_MKNOD, 0, 1, NO, NO, 2 },
	{ "chroot", H_CHROOT, NO, 0, NO, NO, NO },
	{ "mount", H_MOUNT, NO, NO, NO, NO, NO },
	{ "umount", H_MOUNT, NO, NO, NO, NO, NO },
	{ "umount2", H_MOUNT, NO, NO, NO, NO, NO },
	{ "pivot_root", H_MOUNT, NO, NO, NO, NO, NO },
	{ "fsopen", H_MOUNT, NO, NO, NO, NO, NO },
	{ "fsconfig", H_MOUNT, NO, NO, NO, NO, NO },
	{ "fsmount", H_MOUNT, NO, NO, NO, NO, NO },
	{ "fspick", H_MOUNT, NO, NO, NO, NO, NO },
	{ "move_mount", H_MOUNT, NO, NO, NO, NO, NO },
	{ "open_tree", H_MOUNT, NO, NO, NO, NO, NO },
	{ "open_tree_attr", H_MOUNT, NO, NO, NO, NO, NO },
	{ "mount_setattr", H_MOUNT, NO, NO, NO, NO, NO },
	{ "bind", H_BIND, NO, NO, NO, NO, NO },
	{ "connect", H_CONNECT, NO, NO, NO, NO, NO },
	{ "setuid", H_SETUID, NO, NO, NO, NO, 0x1 },
	{ "setuid32", H_SETUID, NO, NO, NO, NO, 0x1 },
	{ "setreuid", H_SETUID, NO, NO, NO, NO, 0x3 },
	{ "setreuid32", H_SETUID, NO, NO, NO, NO, 0x3 },
	{ "setresuid", H_SETUID, NO, NO, NO, NO, 0x7 },
	{ "setresuid32", H_SETUID, NO, NO, NO, NO, 0x7 },
	{ "setgid", H_SETGID, NO, NO, NO, NO, 0x1 },
	{ "setgid32", H_SETGID, NO, NO, NO, NO, 0x1 },
	{ "setregid", H_SETGID, NO, NO, NO, NO, 0x3 },
	{ "setregid32", H_SETGID, NO, NO, NO, NO, 0x3 },
	{ "setresgid", H_SETGID, NO, NO, NO, NO, 0x7 },
	{ "setresgid32", H_SETGID, NO, NO, NO, NO, 0x7 },
	{ "setgroups", H_SETGROUPS, NO, NO, NO, NO, NO },
	{ "setgroups32", H_SETGROUPS, NO, NO, NO, NO, NO },
	{ "kill", H_KILL, NO, NO, NO, NO, 0 },
	{ "tkill", H_KILL, NO, NO, NO, NO, 0 },
	{ "tgkill", H_KILL, NO, NO, NO, NO, 0 },
	{ "socket", H_SOCKET, NO, NO, NO, NO, NO },
};
#define NHANDLERS (sizeof handlers / sizeof handlers[0])

const char *learn_watched(size_t i)
{
	return i < NHANDLERS ? handlers[i].name : NULL;
}

/* The arguments an sc record carries (docs/learn-trace.md), as bits. */
static const struct {
	const char *name;
	unsigned args;
} sc_args[] = {
	{ "socket", 0x7 }, { "socketpair", 0x7 }, { "ioctl", 0x2 }, { "clone", 0x1 },
	{ "clone3", 0x1 }, { "unshare", 0x1 }, { "setns", 0x2 }, { "prctl", 0x1 },
	{ "personality", 0x1 }, { "mmap", 0x4 }, { "mmap2", 0x4 }, { "mprotect", 0x4 },
	{ "pkey_mprotect", 0x4 }, { "fcntl", 0x2 }, { "fcntl64", 0x2 }, { "setsockopt", 0x6 },
	{ "getsockopt", 0x6 }, { "memfd_create", 0x2 }, { "kill", 0x2 }, { "tkill", 0x2 },
	{ "tgkill", 0x4 },
};

#define MAX_PENDING 4

/* One call being recorded. */
struct call {
	pid_t pid;
	int arch;
	const char *name;
	uint64_t a[6];
	struct learn_rec pending[MAX_PENDING]; /* read from the tracee: checked first */
	size_t npending;
	uint64_t lost;
	char exe[4096];
};

static struct learn_rec *next_rec(struct call *c, const char *kind)
{
	if (c->npending == MAX_PENDING) {
		c->lost++;
		return NULL;
	}
	struct learn_rec *r = &c->pending[c->npending++];
	rec_start(r, kind);
	return r;
}

static void cap_rec(struct call *c, const char *cap, const char *why)
{
	struct learn_rec *r = next_rec(c, "cap");
	if (!r)
		return;
	rec_str(r, "cap", cap);
	rec_str(r, "why", why);
}

/* ---- files ------------------------------------------------------------ */

static int dirfd_arg(const struct call *c, int idx)
{
	return idx < 0 ? AT_FDCWD : (int)(int32_t)c->a[idx];
}

/* The absolute path of argument p (dirfd d), or -1 (counted lost). An
 * empty path names dirfd itself only where empty_ok (AT_EMPTY_PATH). */
static int arg_path(struct call *c, int d, int p, bool empty_ok, char *out, size_t size)
{
	char raw[4097]; /* PATH_MAX bytes with the NUL, and one to see none came */
	ssize_t n = tracee_string(c->pid, c->a[p], raw, sizeof raw);
	if (n < 0 || (n == 0 && !empty_ok)) {
		c->lost += n < 0; /* an empty path is the kernel's ENOENT, not a loss */
		return -1;
	}
	if (tracee_abspath(c->pid, dirfd_arg(c, d), n ? raw : ".", out, size) < 0) {
		c->lost++;
		return -1;
	}
	return 0;
}

static void file_rec(struct call *c, const char *path, const char *acc)
{
	struct learn_rec *r = next_rec(c, "file");
	if (!r)
		return;
	rec_str(r, "op", c->name);
	rec_str(r, "path", path);
	rec_str(r, "acc", acc);
}

static const char *open_acc(uint64_t flags)
{
	if (flags & O_PATH)
		return "r";
	/* glibc's __O_TMPFILE includes O_DIRECTORY: the whole of it, or a plain dir */
	bool w = (flags & (O_CREAT | O_TRUNC)) || (flags & __O_TMPFILE) == __O_TMPFILE;
	switch (flags & O_ACCMODE) {
	case O_WRONLY: return "w";
	case O_RDWR: return "rw";
	default: return w ? "rw" : "r";
	}
}

/* Writing a file whose mode does not let the caller's fsuid write it. */
static void dac_check(struct call *c, const char *path)
{
	struct stat st;
	struct tracee_ids ids;
	if (tracee_stat(c->pid, path, &st) < 0 || tracee_ids(c->pid, &ids) < 0)
		return; /* a file being created: its directory decides */
	mode_t bit = S_IWOTH;
	if (st.st_uid == ids.uid[3]) {
		bit = S_IWUSR;
	} else {
		bool member = st.st_gid == ids.gid[3];
		for (size_t i = 0; i < ids.ngroups; i++)
			member |= st.st_gid == ids.groups[i];
		if (member)
			bit = S_IWGRP;
	}
	if (st.st_mode & bit)
		return;
	char why[4200];
	snprintf(why, sizeof why, "open %s for write (owner %u, mode %04o)", path,
		 (unsigned)st.st_uid, (unsigned)(st.st_mode & 07777));
	cap_rec(c, "dac_override", why);
}

static void on_open(struct call *c, const struct handler *h)
{
	char path[4096];
	uint64_t flags = 0;
	if (h->how == H_OPENAT2) {
		if (tracee_read(c->pid, c->a[h->x], &flags, sizeof flags) < 0) {
			c->lost++;
			return;
		}
	} else if (h->how == H_CREAT) {
		flags = O_CREAT | O_WRONLY | O_TRUNC;
	} else {
		flags = (uint32_t)c->a[h->x];
	}
	if (arg_path(c, h->d1, h->p1, false, path, sizeof path) < 0)
		return;
	const char *acc = open_acc(flags);
	file_rec(c, path, acc);
	if (strchr(acc, 'w'))
		dac_check(c, path);
}

static const char *access_acc(uint64_t mode)
{
	static const char *const accs[8] = { "r", "x", "w", "wx", "r", "rx", "rw", "rwx" };
	return accs[mode & 7];
}

static void on_path(struct call *c, const struct handler *h)
{
	char path[4096];
	bool empty_ok = h->how == H_EXEC && h->x >= 0 && (c->a[h->x] & AT_EMPTY_PATH);
	if (arg_path(c, h->d1, h->p1, empty_ok, path, sizeof path) < 0)
		return;
	switch (h->how) {
	case H_EXEC: file_rec(c, path, "x"); break;
	case H_READ: case H_CHROOT: file_rec(c, path, "r"); break;
	case H_ACCESS: file_rec(c, path, access_acc(c->a[h->x])); break;
	default: file_rec(c, path, "w"); break;
	}
	if (h->how == H_CHROOT) {
		char why[4200];
		snprintf(why, sizeof why, "chroot %s", path);
		cap_rec(c, "sys_chroot", why);
	}
}

static void on_two_paths(struct call *c, const struct handler *h)
{
	char path[4096];
	if (h->p1 >= 0 && arg_path(c, h->d1, h->p1, false, path, sizeof path) == 0)
		file_rec(c, path, h->how == H_LINK ? "r" : "w");
	if (arg_path(c, h->d2, h->p2, false, path, sizeof path) == 0)
		file_rec(c, path, "w");
}

static void on_mknod(struct call *c, const struct handler *h)
{
	char path[4096];
	if (arg_path(c, h->d1, h->p1, false, path, sizeof path) < 0)
		return;
	file_rec(c, path, "w");
	mode_t type = (mode_t)c->a[h->x] & S_IFMT;
	if (type == S_IFCHR || type == S_IFBLK) {
		char why[4200];
		snprintf(why, sizeof why, "mknod %s %s device", path, type == S_IFCHR ? "char" : "block");
		cap_rec(c, "mknod", why);
	}
}

/* ---- ids -------------------------------------------------------------- */

static bool in_ids(uint32_t id, const uint32_t *ids, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (ids[i] == id)
			return true;
	return false;
}

/* Argument i as an id this process's view can compare: -1 for "unchanged"
 * (-1) or unmapped (the kernel refuses the call: nothing to need). */
static int64_t id_arg(const struct call *c, int i, bool gid)
{
	uint32_t v = (uint32_t)c->a[i];
	/* i386's calls without "32" in their name take 16-bit ids */
	if (c->arch == IR_ARCH_X86 && !strstr(c->name, "32")) {
		v &= 0xffff;
		if (v == 0xffff)
			return -1;
	}
	if (v == UINT32_MAX)
		return -1;
	return tracee_map_id(c->pid, gid, v);
}

static void on_setid(struct call *c, const struct handler *h)
{
	struct tracee_ids ids;
	bool gid = h->how == H_SETGID;
	if (tracee_ids(c->pid, &ids) < 0) {
		c->lost++;
		return;
	}
	for (int i = 0; i < 3; i++) {
		if (!(h->x & (1 << i)))
			continue;
		int64_t id = id_arg(c, i, gid);
		if (id >= 0 && !in_ids((uint32_t)id, gid ? ids.gid : ids.uid, 3)) {
			char why[96];
			snprintf(why, sizeof why, "%s %u", c->name, (unsigned)c->a[i]);
			cap_rec(c, gid ? "setgid" : "setuid", why);
			return;
		}
	}
}

static void on_chown(struct call *c, const struct handler *h)
{
	char path[4096] = "";
	struct tracee_ids ids;
	if (h->how == H_CHOWN) {
		if (arg_path(c, h->d1, h->p1, false, path, sizeof path) < 0)
			return;
		file_rec(c, path, "w");
	} else {
		snprintf(path, sizeof path, "fd %d", (int)(int32_t)c->a[0]);
	}
	if (tracee_ids(c->pid, &ids) < 0) {
		c->lost++;
		return;
	}
	int64_t uid = id_arg(c, h->x, false), gid = id_arg(c, h->x + 1, true);
	bool other_uid = uid >= 0 && (uint32_t)uid != ids.uid[3];
	bool other_gid = gid >= 0 && (uint32_t)gid != ids.gid[3] &&
			 !in_ids((uint32_t)gid, ids.groups, ids.ngroups);
	if (other_uid || other_gid) {
		char why[4200];
		snprintf(why, sizeof why, "%s %s to %d:%d", c->name, path, (int)(int32_t)c->a[h->x],
			 (int)(int32_t)c->a[h->x + 1]);
		cap_rec(c, "chown", why);
	}
}

/* The kernel's kill_ok_by_cred: the sender's real or effective uid is the
 * target's real or saved one. tgkill names the process by its tgid. */
static void on_kill(struct call *c, const struct handler *h)
{
	struct tracee_ids mine, theirs;
	int32_t target = (int32_t)c->a[0];
	pid_t host = tracee_host_pid(c->pid, target);
	if (host < 0 || tracee_ids(c->pid, &mine) < 0 || tracee_ids(host, &theirs) < 0)
		return; /* a group, every process, or nothing there: not one process of another uid */
	uint32_t targets[2] = { theirs.uid[0], theirs.uid[2] };
	if (in_ids(mine.uid[0], targets, 2) || in_ids(mine.uid[1], targets, 2))
		return;
	char why[96];
	unsigned sig = (unsigned)c->a[strcmp(c->name, "tgkill") == 0 ? 2 : 1];
	/* no pid in the text: it is part of the record's key */
	snprintf(why, sizeof why, "%s of a process of uid %u, signal %u", c->name,
		 (unsigned)theirs.uid[0], sig);
	cap_rec(c, "kill", why);
}

/* ---- sockets ---------------------------------------------------------- */

static const char *type_name(int type)
{
	switch (type) {
	case SOCK_STREAM: return "stream";
	case SOCK_DGRAM: return "dgram";
	case SOCK_RAW: return "raw";
	case SOCK_SEQPACKET: return "seqpacket";
	default: return "-";
	}
}

/* len: at least the family, at most sizeof *su (the caller checked). */
static void unix_endpoint(struct call *c, struct learn_rec *r, const struct sockaddr_un *su,
			  size_t len)
{
	size_t n = len - offsetof(struct sockaddr_un, sun_path);
	char addr[sizeof su->sun_path + 2];
	if (n == 0) {
		rec_str(r, "addr", ""); /* autobind */
	} else if (su->sun_path[0] == '\0') {
		addr[0] = '@';
		memcpy(addr + 1, su->sun_path + 1, n - 1);
		rec_bytes(r, "addr", addr, n);
	} else {
		size_t pl = strnlen(su->sun_path, n);
		char given[sizeof su->sun_path + 1], abs[4096];
		memcpy(given, su->sun_path, pl);
		given[pl] = '\0';
		if (tracee_abspath(c->pid, AT_FDCWD, given, abs, sizeof abs) < 0) {
			rec_str(r, "addr", given);
		} else {
			rec_str(r, "addr", abs);
			file_rec(c, abs, "w");
		}
	}
	rec_num(r, "port", 0);
}

static void on_endpoint(struct call *c, const struct handler *h)
{
	struct sockaddr_storage ss;
	uint64_t len = (uint32_t)c->a[2];
	if (len > sizeof ss)
		len = sizeof ss; /* the kernel refuses more: nothing to record */
	if (len < sizeof(sa_family_t))
		return;
	memset(&ss, 0, sizeof ss);
	if (tracee_read(c->pid, c->a[1], &ss, (size_t)len) < 0) {
		c->lost++;
		return;
	}
	int fam = ss.ss_family;
	if (fam != AF_INET && fam != AF_INET6 && fam != AF_UNIX)
		return;
	if ((fam == AF_INET && len < sizeof(struct sockaddr_in)) ||
	    (fam == AF_INET6 && len < sizeof(struct sockaddr_in6)) ||
	    (fam == AF_UNIX && len > sizeof(struct sockaddr_un)))
		return; /* the kernel's EINVAL: nothing was reached */
	const char *type = type_name(tracee_socket_type(c->pid, (int)(int32_t)c->a[0]));
	bool is_bind = h->how == H_BIND;
	struct learn_rec *r = next_rec(c, "net");
	if (!r)
		return;
	rec_str(r, "op", is_bind ? "bind" : "connect");
	rec_str(r, "fam", fam == AF_INET ? "inet" : fam == AF_INET6 ? "inet6" : "unix");
	rec_str(r, "type", type);
	if (fam == AF_UNIX) {
		unix_endpoint(c, r, (const struct sockaddr_un *)&ss, (size_t)len);
		return;
	}
	char addr[INET6_ADDRSTRLEN];
	unsigned port;
	if (fam == AF_INET) {
		const struct sockaddr_in *s4 = (const struct sockaddr_in *)&ss;
		inet_ntop(AF_INET, &s4->sin_addr, addr, sizeof addr);
		port = ntohs(s4->sin_port);
	} else {
		const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)&ss;
		inet_ntop(AF_INET6, &s6->sin6_addr, addr, sizeof addr);
		port = ntohs(s6->sin6_port);
	}
	rec_str(r, "addr", addr);
	rec_num(r, "port", port);
	bool tcp = strcmp(type, "stream") == 0, udp = strcmp(type, "dgram") == 0;
	if (is_bind && (tcp || udp) && port > 0 && port < 1024) {
		char why[128];
		snprintf(why, sizeof why, fam == AF_INET ? "bind %s %s:%u" : "bind %s [%s]:%u",
			 tcp ? "tcp" : "udp", addr, port);
		cap_rec(c, "net_bind_service", why);
	}
}

static void on_socket(struct call *c)
{
	int dom = (int)(int32_t)c->a[0], type = (int)(c->a[1] & 0xf);
	if (dom == AF_PACKET)
		cap_rec(c, "net_raw", "socket packet");
	else if ((dom == AF_INET || dom == AF_INET6) && type == SOCK_RAW)
		cap_rec(c, "net_raw", dom == AF_INET ? "socket inet raw" : "socket inet6 raw");
}

static void handle(struct call *c, const struct handler *h)
{
	switch (h->how) {
	case H_OPEN: case H_OPENAT2: case H_CREAT: on_open(c, h); break;
	case H_EXEC: case H_READ: case H_ACCESS: case H_WRITE: case H_CHROOT: on_path(c, h); break;
	case H_RENAME: case H_LINK: case H_SYMLINK: on_two_paths(c, h); break;
	case H_CHOWN: case H_FCHOWN: on_chown(c, h); break;
	case H_MKNOD: on_mknod(c, h); break;
	case H_MOUNT: cap_rec(c, "sys_admin", c->name); break;
	case H_BIND: case H_CONNECT: on_endpoint(c, h); break;
	case H_SETUID: case H_SETGID: on_setid(c, h); break;
	case H_SETGROUPS: cap_rec(c, "setgid", c->name); break;
	case H_KILL: on_kill(c, h); break;
	case H_SOCKET: on_socket(c); break;
	}
}

/* ---- the sc record ------------------------------------------------------ */

static void sc_record(struct call *c, uint32_t nr, const char *verdict)
{
	struct learn_rec *r = next_rec(c, "sc");
	if (!r)
		return;
	rec_str(r, "arch", c->arch >= 0 ? learn_arch_name(c->arch) : "");
	rec_num(r, "nr", nr);
	rec_str(r, "name", c->name ? c->name : "");
	rec_str(r, "blob", verdict);
	unsigned args = 0;
	for (size_t i = 0; c->name && i < sizeof sc_args / sizeof sc_args[0]; i++)
		if (strcmp(sc_args[i].name, c->name) == 0)
			args = sc_args[i].args;
	for (int i = 0; i < 6; i++) {
		if (!(args & (1u << i)))
			continue;
		uint64_t v = c->a[i];
		if (i == 1 && (!strcmp(c->name, "socket") || !strcmp(c->name, "socketpair")))
			v &= ~(uint64_t)(SOCK_NONBLOCK | SOCK_CLOEXEC);
		else if (i == 1 && !strcmp(c->name, "ioctl"))
			v &= 0xffffffffu;
		else if (i == 0 && !strcmp(c->name, "clone3") &&
			 tracee_read(c->pid, c->a[0], &v, sizeof v) < 0) {
			c->npending--; /* the flags are the record's point */
			c->lost++;
			return;
		}
		char key[4] = { 'a', (char)('0' + i), '\0' };
		rec_hex(r, key, v);
	}
}

void learn_record(struct learn *l, const struct polb_view *v, int listener,
		  const struct seccomp_notif *n)
{
	static struct call c; /* 40 KB: not on the supervisor's stack */
	memset(&c, 0, offsetof(struct call, pending));
	c.npending = 0;
	c.lost = 0;
	c.pid = (pid_t)n->pid;
	uint32_t nr = (uint32_t)n->data.nr;
	c.arch = sysname_arch_of(n->data.arch, nr);
	c.name = c.arch >= 0 ? sysname_of(c.arch, nr) : NULL;
	bool narrow = c.arch >= 0 && !(arch_table[c.arch].audit & __AUDIT_ARCH_64BIT);
	for (int i = 0; i < 6; i++)
		c.a[i] = narrow ? (uint32_t)n->data.args[i] : n->data.args[i];
	tracee_exe(c.pid, c.exe, sizeof c.exe);
	char verdict[32];
	learn_verdict(v, &n->data, verdict, sizeof verdict);
	if (strcmp(verdict, "allow") != 0)
		sc_record(&c, nr, verdict);
	for (size_t i = 0; c.name && i < NHANDLERS; i++)
		if (strcmp(handlers[i].name, c.name) == 0) {
			handle(&c, &handlers[i]);
			break;
		}
	/* Still the call we read for? Otherwise the bytes may be anyone's. */
	if (ioctl(listener, SECCOMP_IOCTL_NOTIF_ID_VALID, &n->id) != 0) {
		learn_lost(l, c.npending + c.lost);
		return;
	}
	for (size_t i = 0; i < c.npending; i++)
		learn_add(l, &c.pending[i], c.exe);
	learn_lost(l, c.lost);
}
