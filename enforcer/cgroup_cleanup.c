/* Leaf names that say which run owns them, and removal: kill whatever is
 * still in a cgroup, remove it (and any cgroup the container made inside
 * it), and clean the leaves a killed enforce (SIGKILL) left behind. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cgroup_impl.h"
#include "enforce.h"
#include "proctree.h"

#define LEAF_PREFIX "enforce-"

/* The start time (field 22 of /proc/PID/stat, clock ticks since boot):
 * together with the pid it names one process for the life of the system. */
static bool proc_starttime(const char *pid, unsigned long long *start)
{
	struct proc_entry p;
	if (!proctree_read(pid, &p))
		return false;
	*start = p.start;
	return true;
}

static unsigned long long pidns_inode(void)
{
	struct stat st;
	return stat("/proc/self/ns/pid", &st) == 0 ? (unsigned long long)st.st_ino : 0;
}

int cg_leaf_name(char *buf, size_t size, struct err *e)
{
	static unsigned seq; /* one process may run several containers (tests) */
	unsigned long long start;
	if (!proc_starttime("self", &start))
		return err_set(e, errno ? errno : EIO, "cgroup", "read /proc/self/stat");
	return cg_path(e, buf, size, LEAF_PREFIX "%d-%llu-%llu-%u", (int)getpid(), start,
		       pidns_inode(), seq++);
}

/* One decimal field of a leaf name, digits only, followed by `sep` ('\0'
 * for the last); *p moves past both. False on anything else or overflow
 * (sscanf's %d would have read 4294967297 as pid 1). */
static bool leaf_field(const char **p, unsigned long long max, char sep,
		       unsigned long long *out)
{
	if (**p < '0' || **p > '9')
		return false;
	char *end;
	errno = 0;
	*out = strtoull(*p, &end, 10);
	if (errno || *out > max || *end != sep)
		return false;
	*p = sep ? end + 1 : end;
	return true;
}

bool cg_leaf_is_stale(const char *name)
{
	unsigned long long pid, start, ns, seq;
	const char *p = name + strlen(LEAF_PREFIX);
	if (strncmp(name, LEAF_PREFIX, strlen(LEAF_PREFIX)) != 0 ||
	    !leaf_field(&p, INT_MAX, '-', &pid) || !leaf_field(&p, ULLONG_MAX, '-', &start) ||
	    !leaf_field(&p, ULLONG_MAX, '-', &ns) || !leaf_field(&p, UINT_MAX, '\0', &seq) ||
	    pid == 0)
		return false; /* not ours: never touch it */
	if (ns != pidns_inode())
		return false; /* another pid namespace's run: we cannot see its pid */
	char spid[16];
	unsigned long long now;
	snprintf(spid, sizeof(spid), "%d", (int)pid); /* <= INT_MAX: checked */
	if (!proc_starttime(spid, &now))
		return true; /* the pid is gone */
	return now != start; /* the pid was reused by a later process */
}

static void pause_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

#define KILL_BATCH 4096

/* The pids listed in dir/cgroup.procs (at most max); -1 when unreadable. */
static int list_pids(const char *dir, pid_t *pids, int max)
{
	static char buf[65536]; /* cleanup runs in one thread */
	if (cg_read(dir, "cgroup.procs", buf, sizeof(buf)) < 0)
		return -1;
	int n = 0;
	for (char *p = buf; *p && n < max;) {
		char *end;
		long pid = strtol(p, &end, 10);
		if (end == p)
			break;
		if (pid > 0)
			pids[n++] = (pid_t)pid;
		p = end;
		while (*p == '\n')
			p++;
	}
	return n;
}

static bool listed(const pid_t *pids, int n, pid_t pid)
{
	for (int i = 0; i < n; i++)
		if (pids[i] == pid)
			return true;
	return false;
}

/* SIGKILL each task listed in dir/cgroup.procs; true when there was none.
 * A pid read from the list may die and be reused by an unrelated process
 * before the kill: so take a pidfd of each first (it names that very
 * process), read the list again, and signal through the pidfds whose pid
 * is still listed. */
static bool kill_listed(const char *dir)
{
	pid_t *pids = malloc(sizeof(pid_t) * 2 * KILL_BATCH);
	int *fds = malloc(sizeof(int) * KILL_BATCH);
	bool empty = true;
	int n = pids && fds ? list_pids(dir, pids, KILL_BATCH) : -1;
	for (int i = 0; i < n; i++) {
		fds[i] = (int)syscall(SYS_pidfd_open, pids[i], 0);
		if (fds[i] < 0)
			fds[i] = -errno;
	}
	int again = n > 0 ? list_pids(dir, pids + KILL_BATCH, KILL_BATCH) : 0;
	for (int i = 0; i < n; i++) {
		if (fds[i] == -ENOSYS) {
			kill(pids[i], SIGKILL); /* before Linux 5.3: no pidfd, take the race */
			empty = false;
			continue;
		}
		if (fds[i] < 0)
			continue; /* already gone */
		if (listed(pids + KILL_BATCH, again, pids[i])) {
			syscall(SYS_pidfd_send_signal, fds[i], SIGKILL, NULL, 0);
			empty = false;
		}
		close(fds[i]);
	}
	if (n < 0 && pids && fds)
		empty = true; /* the directory is gone */
	else if (again > 0)
		empty = false;
	free(pids);
	free(fds);
	return empty;
}

bool cg_kill_all(const char *dir)
{
	/* v2's cgroup.kill takes the whole subtree at once, forks in flight
	 * included; where it is missing (v1) kill pid by pid until none is left */
	if (cg_file_exists(dir, "cgroup.kill")) {
		int fd;
		char path[CG_PATH_MAX + 16];
		snprintf(path, sizeof(path), "%s/cgroup.kill", dir);
		fd = open(path, O_WRONLY | O_CLOEXEC);
		if (fd >= 0) {
			if (write(fd, "1", 1) < 0) {
				/* fall back to the loop below */
			}
			close(fd);
		}
	}
	for (int round = 0; round < 100; round++) {
		if (kill_listed(dir))
			return true;
		pause_ms(round < 10 ? 1 : 10);
	}
	return kill_listed(dir);
}

static int count_below(const char *dir, int depth)
{
	static char buf[65536]; /* one thread */
	if (depth > 32 || cg_read(dir, "cgroup.procs", buf, sizeof(buf)) < 0)
		return -1;
	int n = 0;
	for (const char *p = buf; *p; p++)
		n += p == buf || p[-1] == '\n';
	DIR *d = opendir(dir);
	struct dirent *de;
	while (d && (de = readdir(d))) {
		char sub[CG_PATH_MAX * 2];
		if (de->d_type != DT_DIR || de->d_name[0] == '.' ||
		    (size_t)snprintf(sub, sizeof(sub), "%s/%s", dir, de->d_name) >= sizeof(sub))
			continue;
		int below = count_below(sub, depth + 1);
		if (below > 0)
			n += below;
	}
	if (d)
		closedir(d);
	return n;
}

int cg_count_tree(const char *dir)
{
	return count_below(dir, 0);
}

/* Depth-first: the container may have made cgroups of its own inside. */
static int remove_tree(const char *dir, int depth)
{
	if (depth > 32)
		return -1;
	DIR *d = opendir(dir);
	if (d) {
		struct dirent *de;
		while ((de = readdir(d))) {
			if (de->d_type != DT_DIR || de->d_name[0] == '.')
				continue;
			char sub[CG_PATH_MAX * 2];
			if ((size_t)snprintf(sub, sizeof(sub), "%s/%s", dir, de->d_name) < sizeof(sub))
				remove_tree(sub, depth + 1);
		}
		closedir(d);
	}
	/* a task leaves its cgroup a moment after it died (and v1 memory may take
	 * a moment to offline): retry for up to ~5 s, killing again each time */
	for (int round = 0; round < 500; round++) {
		if (rmdir(dir) == 0 || errno == ENOENT)
			return 0;
		if (errno != EBUSY && errno != ENOTEMPTY && errno != EAGAIN)
			return -1;
		cg_kill_all(dir);
		pause_ms(10);
	}
	return -1;
}

int cg_remove(const char *dir)
{
	/* the usual end, an empty leaf, is one rmdir: the kernel refuses it
	 * while a task or a child cgroup is left, and then they are found */
	if (rmdir(dir) == 0 || errno == ENOENT)
		return 0;
	cg_kill_all(dir);
	return remove_tree(dir, 0);
}

int cg_remove_stale(struct cg_fs *fs, const struct cg_host *host, const char *parent)
{
	int removed = 0;
	for (int i = 0; i < host->nhier; i++) {
		char pdir[CG_PATH_MAX];
		if ((size_t)snprintf(pdir, sizeof(pdir), "%s/%s", host->hier[i].base, parent) >= sizeof(pdir))
			continue;
		DIR *d = opendir(pdir);
		if (!d)
			continue;
		struct dirent *de;
		while ((de = readdir(d))) {
			if (de->d_type != DT_DIR || strncmp(de->d_name, LEAF_PREFIX, strlen(LEAF_PREFIX)) != 0 ||
			    !cg_leaf_is_stale(de->d_name))
				continue;
			char leaf[CG_PATH_MAX * 2];
			if ((size_t)snprintf(leaf, sizeof(leaf), "%s/%s", pdir, de->d_name) >= sizeof(leaf))
				continue;
			if (fs->plan) {
				plan_line(fs->plan, "cgroup", "remove stale %s (its enforce is gone)", leaf);
				continue;
			}
			if (cg_remove(leaf) == 0) {
				removed++;
				vlog("cgroup", "removed stale %s (its enforce is gone)", leaf);
			} else {
				warnx_line("cgroup: cannot remove stale %s: %s", leaf, strerror(errno));
			}
		}
		closedir(d);
	}
	return removed;
}
