/* A process tree from /proc, read by the supervisor (proctree.h): which
 * processes are under the container's pid 1. Ppid chains, not the pid
 * namespace's inode, so a nested pid namespace is under it too and no
 * ptrace access is needed (/proc/PID/stat is world-readable). */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "proctree.h"

bool proctree_parse_stat(const char *text, pid_t pid, struct proc_entry *p)
{
	const char *s = strrchr(text, ')'); /* comm is the process's: anything */
	if (!s || s[1] != ' ' || !s[2] || s[3] != ' ')
		return false;
	p->zombie = s[2] == 'Z' || s[2] == 'X';
	char *end;
	p->ppid = (pid_t)strtol(s + 4, &end, 10); /* end: the space before field 5 */
	if (end == s + 4)
		return false;
	for (int field = 5; field < 22 && end; field++)
		end = strchr(end + 1, ' ');
	if (!end)
		return false;
	char *after;
	p->start = strtoull(end + 1, &after, 10);
	if (after == end + 1)
		return false;
	p->pid = pid;
	p->under = -1;
	return true;
}

static int by_pid(const void *a, const void *b)
{
	pid_t x = ((const struct proc_entry *)a)->pid, y = ((const struct proc_entry *)b)->pid;
	return (x > y) - (x < y);
}

/* all is sorted by pid */
static struct proc_entry *find(struct proc_entry *all, size_t n, pid_t pid)
{
	struct proc_entry key = { .pid = pid };
	return bsearch(&key, all, n, sizeof(*all), by_pid);
}

/* Up each chain to an entry whose answer is known; every entry met on the
 * way gets that answer, so each is walked once. */
void proctree_mark_under(struct proc_entry *all, size_t n, pid_t root)
{
	if (n == 0)
		return;
	qsort(all, n, sizeof(*all), by_pid);
	struct proc_entry *top = find(all, n, root);
	if (top)
		top->under = 1;
	struct proc_entry **chain = malloc(n * sizeof(*chain));
	for (size_t i = 0; chain && i < n; i++) {
		size_t len = 0;
		signed char answer = 0;
		struct proc_entry *p = &all[i];
		while (p && p->under < 0) {
			chain[len++] = p;
			p->under = 0; /* provisional: a loop back here ends as "no" */
			p = p->ppid == root ? top : find(all, n, p->ppid);
			if (!p && chain[len - 1]->ppid == root)
				answer = 1; /* root itself not in the scan */
		}
		if (p)
			answer = p->under;
		for (size_t k = 0; k < len; k++)
			chain[k]->under = answer;
	}
	free(chain);
}

bool proctree_read(const char *name, struct proc_entry *p)
{
	char path[64], buf[1024];
	snprintf(path, sizeof(path), "/proc/%s/stat", name);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return false;
	buf[n] = '\0';
	return proctree_parse_stat(buf, (pid_t)strtol(name, NULL, 10), p);
}
