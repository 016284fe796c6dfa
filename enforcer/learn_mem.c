/* What the supervisor reads about a tracee (learn.h): its memory through
 * process_vm_readv, one page at a time so a string that ends just before
 * an unmapped page is still read; its cwd, fds, exe, ids and maps through
 * /proc. Every read is bounded by the caller's buffer; a pointer that
 * faults, a string with no end, a link that is not a path: -1, which the
 * caller counts as lost. The files behind a path are opened only inside
 * the tracee's root (RESOLVE_IN_ROOT) and never followed through a magic
 * link, so no name the container chose can reach a host file. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include "learn.h"

#ifndef PIDFD_THREAD
#define PIDFD_THREAD O_EXCL
#endif

int tracee_read(pid_t pid, uint64_t addr, void *out, size_t len)
{
	struct iovec local = { .iov_base = out, .iov_len = len };
	struct iovec remote = { .iov_base = (void *)(uintptr_t)addr, .iov_len = len }; /* NOLINT(performance-no-int-to-ptr) */
	if (len == 0)
		return 0;
	if (addr + len < addr)
		return -1;
	return process_vm_readv(pid, &local, 1, &remote, 1, 0) == (ssize_t)len ? 0 : -1;
}

ssize_t tracee_string(pid_t pid, uint64_t addr, char *out, size_t size)
{
	const uint64_t page = 4096;
	size_t got = 0;
	if (addr == 0 || size == 0)
		return -1;
	while (got < size - 1) {
		uint64_t at = addr + got;
		if (at < addr)
			return -1; /* wrapped */
		size_t chunk = (size_t)(page - (at % page));
		if (chunk > size - 1 - got)
			chunk = size - 1 - got;
		if (tracee_read(pid, at, out + got, chunk) < 0)
			return -1;
		char *nul = memchr(out + got, '\0', chunk);
		if (nul)
			return nul - out;
		got += chunk;
	}
	return -1; /* no end within size - 1: longer than any path the kernel takes */
}

static ssize_t proc_link(pid_t pid, const char *what, char *out, size_t size)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/%s", (int)pid, what);
	ssize_t n = readlink(path, out, size - 1);
	if (n < 0 || (size_t)n >= size - 1)
		return -1;
	out[n] = '\0';
	return n;
}

void tracee_exe(pid_t pid, char *out, size_t size)
{
	if (proc_link(pid, "exe", out, size) < 0)
		snprintf(out, size, "-");
}

/* "/a//b/./c/" -> "/a/b/c", in place (p is absolute); ".." stays (the
 * kernel resolves it against what is there, which a lexical clean-up
 * would not know). */
static void clean(char *p)
{
	char *w = p + 1;
	const char *r = p + 1;
	while (*r) {
		const char *end = strchr(r, '/');
		size_t len = end ? (size_t)(end - r) : strlen(r);
		if (len && !(len == 1 && r[0] == '.')) {
			if (w > p + 1)
				*w++ = '/';
			memmove(w, r, len);
			w += len;
		}
		r += len + (end != NULL);
	}
	*w = '\0';
}

int tracee_abspath(pid_t pid, int dirfd, const char *path, char *out, size_t size)
{
	char base[4096];
	if (path[0] == '/') {
		if (strlen(path) >= size)
			return -1;
		snprintf(out, size, "%s", path);
		clean(out);
		return 0;
	}
	char what[32];
	if (dirfd == AT_FDCWD)
		snprintf(what, sizeof what, "cwd");
	else if (dirfd >= 0)
		snprintf(what, sizeof what, "fd/%d", dirfd);
	else
		return -1;
	if (proc_link(pid, what, base, sizeof base) < 0 || base[0] != '/')
		return -1; /* no such fd, or a socket, a pipe, an anon inode */
	int n = snprintf(out, size, "%s/%s", base, path);
	if (n < 0 || (size_t)n >= size)
		return -1;
	clean(out);
	return 0;
}

static int parse_ids(const char *line, uint32_t *ids, size_t room)
{
	size_t n = 0;
	char *end;
	for (const char *p = line; n < room; p = end) {
		unsigned long v = strtoul(p, &end, 10);
		if (end == p)
			break;
		ids[n++] = (uint32_t)v;
	}
	return (int)n;
}

int tracee_ids(pid_t pid, struct tracee_ids *ids)
{
	char path[64], line[1024];
	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	FILE *f = fopen(path, "re");
	if (!f)
		return -1;
	int have = 0;
	memset(ids, 0, sizeof *ids);
	while (fgets(line, sizeof line, f)) {
		if (!strncmp(line, "Uid:", 4))
			have += parse_ids(line + 4, ids->uid, 4) == 4;
		else if (!strncmp(line, "Gid:", 4))
			have += parse_ids(line + 4, ids->gid, 4) == 4;
		else if (!strncmp(line, "Groups:", 7))
			ids->ngroups = (size_t)parse_ids(line + 7, ids->groups, 64);
	}
	fclose(f);
	return have == 2 ? 0 : -1;
}

int64_t tracee_map_id(pid_t pid, bool gid, uint32_t inside)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/%s", (int)pid, gid ? "gid_map" : "uid_map");
	FILE *f = fopen(path, "re");
	if (!f)
		return -1;
	char line[128];
	int64_t mapped = -1;
	while (mapped < 0 && fgets(line, sizeof line, f)) {
		uint32_t v[3];
		if (parse_ids(line, v, 3) == 3 && inside >= v[0] && inside - v[0] < v[2])
			mapped = (int64_t)v[1] + (inside - v[0]);
	}
	fclose(f);
	return mapped;
}

/* A pidfd for the thread (its fds are its process's). */
static int thread_pidfd(pid_t pid)
{
	int fd = (int)syscall(SYS_pidfd_open, pid, PIDFD_THREAD);
	if (fd < 0 && errno == EINVAL)
		fd = (int)syscall(SYS_pidfd_open, pid, 0);
	return fd;
}

int tracee_socket_type(pid_t pid, int fd)
{
	char what[32], link[64];
	if (fd < 0)
		return -1;
	/* Only a socket is ever taken: the fd's link says so without touching
	 * the file (a fstat of a FUSE file would wait on the container's
	 * server). */
	snprintf(what, sizeof what, "fd/%d", fd);
	if (proc_link(pid, what, link, sizeof link) < 0 || strncmp(link, "socket:[", 8) != 0)
		return -1;
	int pidfd = thread_pidfd(pid);
	if (pidfd < 0)
		return -1;
	int mine = (int)syscall(SYS_pidfd_getfd, pidfd, fd, 0);
	close(pidfd);
	if (mine < 0)
		return -1;
	int type = -1;
	socklen_t len = sizeof type;
	struct stat st;
	/* only a socket is asked: no ioctl or read ever touches what it is */
	if (fstat(mine, &st) < 0 || !S_ISSOCK(st.st_mode) ||
	    getsockopt(mine, SOL_SOCKET, SO_TYPE, &type, &len) < 0)
		type = -1;
	close(mine);
	return type;
}

int tracee_stat(pid_t pid, const char *abspath, struct stat *st)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/root", (int)pid);
	int root = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (root < 0)
		return -1;
	struct open_how how = { .flags = O_PATH | O_CLOEXEC,
				.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS };
	int fd = (int)syscall(SYS_openat2, root, abspath, &how, sizeof how);
	close(root);
	if (fd < 0)
		return -1;
	int r = fstat(fd, st);
	close(fd);
	return r;
}

/* The pid namespace level of a process: entries in NSpid, minus one. */
static int nspid(pid_t pid, long *ids, int room)
{
	char path[64], line[512];
	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	FILE *f = fopen(path, "re");
	if (!f)
		return -1;
	int n = -1;
	while (n < 0 && fgets(line, sizeof line, f))
		if (!strncmp(line, "NSpid:", 6)) {
			n = 0;
			char *end;
			for (const char *p = line + 6; n < room; p = end) {
				long v = strtol(p, &end, 10);
				if (end == p)
					break;
				ids[n++] = v;
			}
		}
	fclose(f);
	return n;
}

static bool same_pidns(pid_t a, pid_t b)
{
	char pa[64], pb[64];
	struct stat sa, sb;
	snprintf(pa, sizeof pa, "/proc/%d/ns/pid", (int)a);
	snprintf(pb, sizeof pb, "/proc/%d/ns/pid", (int)b);
	return stat(pa, &sa) == 0 && stat(pb, &sb) == 0 && sa.st_ino == sb.st_ino &&
	       sa.st_dev == sb.st_dev;
}

pid_t tracee_host_pid(pid_t tracee, int32_t pid)
{
	long mine[32], theirs[32];
	int level = nspid(tracee, mine, 32) - 1;
	if (level < 0 || pid <= 0)
		return -1;
	if (level == 0)
		return pid;
	DIR *d = opendir("/proc");
	if (!d)
		return -1;
	pid_t found = -1;
	struct dirent *de;
	/* bounded by the host's processes; kill is rare, and a tracee that
	 * calls it in a loop slows only its own learning run */
	while (found < 0 && (de = readdir(d))) {
		char *end;
		long p = strtol(de->d_name, &end, 10);
		if (*end || p <= 0)
			continue;
		int n = nspid((pid_t)p, theirs, 32);
		if (n > level && theirs[level] == pid && same_pidns(tracee, (pid_t)p))
			found = (pid_t)p;
	}
	closedir(d);
	return found;
}
