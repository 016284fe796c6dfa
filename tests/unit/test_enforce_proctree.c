/* The supervisor's process tree (enforcer/proctree.c): /proc/PID/stat
 * parsed whatever comm the process chose, and which processes are under
 * the container's pid 1, with the shapes a command's leftovers can take
 * (orphans reparented, a subreaper, deep chains, a ppid loop from pids
 * reused while /proc was read, pid 1 missing from the scan). */
#include <stdio.h>
#include <string.h>

#include "proctree.h"
#include "tap.h"

/* A stat line with the given comm, state, ppid and start time. */
static const char *stat_line(char *buf, size_t size, const char *comm, char state, int ppid,
			     unsigned long long start)
{
	snprintf(buf, size, "4242 (%s) %c %d 4242 4242 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 %llu "
		 "2990080 417 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0", comm, state,
		 ppid, start);
	return buf;
}

static void test_parse(void)
{
	char buf[512];
	struct proc_entry p;
	OK(proctree_parse_stat(stat_line(buf, sizeof(buf), "sleep", 'S', 77, 984970), 4242, &p) &&
		   p.pid == 4242 && p.ppid == 77 && p.start == 984970 && !p.zombie && p.under == -1,
	   "a plain line: ppid, start time, running");
	OK(proctree_parse_stat(stat_line(buf, sizeof(buf), "x) Z 1 1 1", 'S', 77, 5), 4242, &p) &&
		   p.ppid == 77 && p.start == 5 && !p.zombie,
	   "a comm that reads as a zombie of pid 1 is read past: ppid 77, running");
	OK(proctree_parse_stat(stat_line(buf, sizeof(buf), ") ) )", 'R', 9, 6), 1, &p) && p.ppid == 9 &&
		   p.start == 6,
	   "a comm of parens and spaces");
	OK(proctree_parse_stat(stat_line(buf, sizeof(buf), "zz", 'Z', 9, 6), 1, &p) && p.zombie,
	   "a zombie is one");
	OK(proctree_parse_stat(stat_line(buf, sizeof(buf), "zz", 'X', 9, 6), 1, &p) && p.zombie,
	   "a dead task is not running either");
	OK(!proctree_parse_stat("4242 (sleep S 77", 1, &p), "no closing paren: refused");
	OK(!proctree_parse_stat("4242 (sleep) S", 1, &p), "cut after the state: refused");
	OK(!proctree_parse_stat("4242 (sleep) S 77 1 1 0", 1, &p), "cut before the start time: refused");
	OK(!proctree_parse_stat("4242 (sleep) S x 1", 1, &p), "a ppid that is no number: refused");
}

static struct proc_entry entry(pid_t pid, pid_t ppid)
{
	return (struct proc_entry){ .pid = pid, .ppid = ppid, .under = -1 };
}

static signed char under(const struct proc_entry *all, size_t n, pid_t pid)
{
	for (size_t i = 0; i < n; i++)
		if (all[i].pid == pid)
			return all[i].under;
	return -2;
}

static void test_mark(void)
{
	/* host: 1 -> 500 (enforce) -> 600 (pid 1 of the container) -> ... */
	struct proc_entry t[] = {
		entry(1, 0),     entry(700, 600), entry(500, 1),   entry(600, 500),
		entry(701, 700), entry(702, 701), entry(900, 1),   entry(901, 900),
		entry(650, 600), entry(800, 801), entry(801, 800), entry(703, 702),
	};
	size_t n = sizeof(t) / sizeof(t[0]);
	proctree_mark_under(t, n, 600);
	OK(under(t, n, 600) == 1, "the root is marked");
	OK(under(t, n, 650) == 1 && under(t, n, 700) == 1, "its children are under it");
	OK(under(t, n, 701) == 1 && under(t, n, 702) == 1 && under(t, n, 703) == 1,
	   "a chain below a subreaper is under it, listed in any order");
	OK(under(t, n, 500) == 0 && under(t, n, 1) == 0, "its ancestors are not");
	OK(under(t, n, 900) == 0 && under(t, n, 901) == 0, "another tree of the host is not");
	OK(under(t, n, 800) == 0 && under(t, n, 801) == 0, "a ppid loop ends, not under");

	struct proc_entry u[] = { entry(10, 600), entry(11, 10), entry(12, 99) };
	proctree_mark_under(u, 3, 600);
	OK(under(u, 3, 10) == 1 && under(u, 3, 11) == 1,
	   "the root missing from the scan: its children still count");
	OK(under(u, 3, 12) == 0, "a parent missing from the scan: not under");

	/* a deep chain (a double fork repeated): each entry walked once */
	enum { DEEP = 20000 };
	static struct proc_entry d[DEEP];
	for (int i = 0; i < DEEP; i++)
		d[i] = entry(1000 + i, i ? 1000 + i - 1 : 600);
	proctree_mark_under(d, DEEP, 600);
	int all_under = 1;
	for (int i = 0; i < DEEP; i++)
		all_under &= d[i].under == 1;
	OK(all_under, "a chain %d deep is under the root, all of it", DEEP);
	d[0].under = -1;
	proctree_mark_under(d, 0, 600);
	OK(d[0].under == -1, "an empty scan marks nothing");
}

int main(void)
{
	test_parse();
	test_mark();
	return TAP_DONE();
}
