/* The supervisor's snapshot of a process tree (proctree.c), for counting
 * and killing what a command left under the container's pid 1
 * (orphans.c). Pure: text in, marks out; the unit test feeds it what a
 * hostile container could make /proc say. */
#ifndef POL_ENFORCER_PROCTREE_H
#define POL_ENFORCER_PROCTREE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* One process: the pid and its start time name it for the life of the
 * system. */
struct proc_entry {
	pid_t pid, ppid;
	unsigned long long start; /* field 22, clock ticks since boot */
	bool zombie;              /* state Z or X: not running */
	signed char under;        /* under the root: -1 unknown, 0 no, 1 yes */
};

/* The text of /proc/PID/stat: state, ppid, start time. The comm in
 * parentheses is the process's own choice (spaces, parens, digits), so
 * the fields are counted from the last ')'. False when malformed. */
bool proctree_parse_stat(const char *text, pid_t pid, struct proc_entry *p);
/* /proc/NAME/stat read and parsed (NAME a pid or "self"); false when the
 * process is gone or its line does not parse. */
bool proctree_read(const char *name, struct proc_entry *p);
/* Sorts all by pid and marks each entry under root (1) or not (0); root
 * itself is marked 1. A loop of ppids (pids reused while /proc was read)
 * ends as "not under". */
void proctree_mark_under(struct proc_entry *all, size_t n, pid_t root);

#endif
