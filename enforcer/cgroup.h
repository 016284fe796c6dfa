/* Cgroup limits for one container, on cgroup v2, v1 and hybrid hosts.
 * Owned by the cgroup step (enforcer/cgroup*.c); called by enforcer/run.c.
 *
 * Order in the parent: cgroup_probe() before clone (on a host that looks
 * like pure v2, what it has); then cgroup_prepare() (create the cgroup,
 * write every limit: a limit that cannot be written stops the run) either
 * before clone, where cgroup_born_in() (pure v2: the child is cloned with
 * CLONE_INTO_CGROUP into cgroup_clone_fd()), or after it, while the child
 * builds its mounts (v1 and hybrid: the child must be attached pid by pid
 * anyway); then cgroup_attach() before the child may unshare its cgroup
 * namespace, fork or exec; after the command ended, cgroup_report() then
 * cgroup_destroy() (also on every error path).
 *
 * CLONE_INTO_CGROUP places a child in its v2 cgroup and nowhere else, so on
 * v1 and hybrid hosts cgroup_attach() joins every hierarchy (the v2 one
 * included). Calling cgroup_attach() after CLONE_INTO_CGROUP is harmless.
 * docs/cgroups.md has the details and the v2 -> v1 mapping. */
#ifndef POL_ENFORCER_CGROUP_H
#define POL_ENFORCER_CGROUP_H

#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

#include "err.h"
#include "polb_reader.h"

#define CGROUP_MAX_HIERARCHIES 16

struct cg_host;

struct cgroup_handle {
	struct cg_host *host; /* detected by cgroup_probe for cgroup_prepare, or NULL */
	bool active;   /* a cgroup was created; destroy it */
	bool excused;  /* `optional` excused a failure: no cgroup for this run */
	bool born_in;  /* pure v2: made before the clone, the child born in it
			* (cgroup_prepare gives the host up, so it is kept here) */
	int v2_dir_fd; /* the container's v2 cgroup dir (for CLONE_INTO_CGROUP), or -1 */
	/* one created directory per hierarchy (v1 controllers, and v2) */
	char paths[CGROUP_MAX_HIERARCHIES][256];
	int npaths;
	int v2_index;  /* paths[] entry of the v2 leaf (BPF programs hang there), or -1 */
	char name[64]; /* leaf name, unique per run */
	unsigned long long oom_kills_before, pids_max_before; /* event counters at start */
};

/* Nothing to do (returns 0, h->active false) when the blob has no cgroup
 * section, or `optional` excused a failure (with a warning). */
int cgroup_probe(const struct polb_view *v, struct cgroup_handle *h, struct err *e);
bool cgroup_born_in(const struct cgroup_handle *h);
int cgroup_prepare(const struct polb_view *v, struct cgroup_handle *h, struct err *e);
int cgroup_clone_fd(const struct cgroup_handle *h);
int cgroup_attach(const struct cgroup_handle *h, pid_t pid, struct err *e);
/* One line on stderr for an OOM kill or a pids.max hit during the run. */
void cgroup_report(const struct cgroup_handle *h);
/* How many processes the cgroup holds now (its subtree; one hierarchy),
 * or -1 when it cannot tell or there is none. */
int cgroup_count_procs(const struct cgroup_handle *h);
/* Kill what is left in the cgroup, remove every directory created. Safe to
 * call twice and on a handle cgroup_prepare failed on. */
void cgroup_destroy(struct cgroup_handle *h);
/* A new O_RDONLY fd of the container's v2 leaf, or -1 when there is none. */
int cgroup_v2_open(const struct cgroup_handle *h);
/* For --dry-run: the steps cgroup_prepare would take, one per line. */
void cgroup_plan(const struct polb_view *v, FILE *out);

#endif
