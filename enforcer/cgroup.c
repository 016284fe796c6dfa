/* The cgroup step, in order (cgroup.h): look at the host, check the limits,
 * remove leaves that killed runs left, create one leaf per hierarchy used
 * under base/PARENT, write the limits and device rules, and afterwards
 * report OOM kills and pids.max hits and remove the leaves again.
 *
 * A hierarchy is used when it holds a controller the policy needs; the v2
 * hierarchy is used as well wherever it is mounted, even with no
 * controllers (hybrid hosts): its cgroup.kill ends every task of the
 * container at once, and the device BPF program applies there too. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/magic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "cgroup_impl.h"
#include "enforce.h"

/* The parent is a relative path of plain names: no "..", no empty parts. */
static int parent_path(const struct polb_view *v, char *buf, size_t size, struct err *e)
{
	const char *p = v->cgroup->parent.len ? polb_str(v, v->cgroup->parent) : CG_DEFAULT_PARENT;
	if (strlen(p) >= size || strlen(p) > 128)
		return err_set(e, ENAMETOOLONG, "cgroup", "parent '%.40s...' is too long", p);
	snprintf(buf, size, "%s", p);
	for (char *part = buf, *end; part; part = end ? end + 1 : NULL) {
		end = strchr(part, '/');
		size_t len = end ? (size_t)(end - part) : strlen(part);
		bool ok = len > 0 && !(len == 1 && part[0] == '.') &&
			  !(len == 2 && part[0] == '.' && part[1] == '.');
		for (size_t i = 0; ok && i < len; i++)
			ok = (part[i] >= 'a' && part[i] <= 'z') || (part[i] >= 'A' && part[i] <= 'Z') ||
			     (part[i] >= '0' && part[i] <= '9') || strchr("._-@:", part[i]);
		if (!ok)
			return err_set(e, EINVAL, "cgroup",
				       "parent '%s': expected a relative path of plain names", p);
	}
	return 0;
}

/* v2: a controller is usable in a child only when every cgroup above it
 * lists it in cgroup.subtree_control. */
static int enable_controllers(struct cg_fs *fs, const struct cg_host *host, const char *dir,
			      unsigned need)
{
	char have[512] = "";
	if (cg_read(dir, "cgroup.subtree_control", have, sizeof(have)) < 0 && !fs->plan)
		return err_set(fs->e, errno, "cgroup", "read %s/cgroup.subtree_control", dir);
	for (int c = 0; c < CG_DEVICES; c++) {
		if (!(need & CG_BIT(c)) || host->ctrl_hier[c] != host->v2)
			continue;
		const char *name = cg_ctrl_name(c, true);
		bool listed = false;
		char copy[512], *save = NULL;
		snprintf(copy, sizeof(copy), "%s", have);
		for (char *t = strtok_r(copy, " ", &save); t; t = strtok_r(NULL, " ", &save))
			listed |= strcmp(t, name) == 0;
		char plus[32];
		snprintf(plus, sizeof(plus), "+%s", name);
		if (!listed && cg_write(fs, dir, "cgroup.subtree_control", plus, "enable the controller below") < 0)
			return -1;
	}
	return 0;
}

/* base/PARENT, one component at a time (each may exist). */
static int make_parent(struct cg_fs *fs, const struct cg_host *host, int hi, const char *parent,
		       unsigned need, char *out, size_t size)
{
	const struct cg_hier *h = &host->hier[hi];
	bool cpuset_v1 = !h->v2 && (h->ctrls & CG_BIT(CG_CPUSET));
	if (cg_path(fs->e, out, size, "%s", h->base) < 0)
		return -1;
	if (h->v2 && enable_controllers(fs, host, out, need) < 0)
		return -1;
	char rest[CG_PATH_MAX];
	snprintf(rest, sizeof(rest), "%s", parent);
	char *save = NULL;
	for (char *part = strtok_r(rest, "/", &save); part; part = strtok_r(NULL, "/", &save)) {
		size_t len = strlen(out);
		if (cg_path(fs->e, out + len, size - len, "/%s", part) < 0)
			return -1;
		if (cg_mkdir(fs, out, true) < 0)
			return -1;
		if (cpuset_v1 && cg_cpuset_inherit(fs, out) < 0)
			return -1;
		if (h->v2 && enable_controllers(fs, host, out, need) < 0)
			return -1;
	}
	return 0;
}

static bool holds_needed(const struct cg_host *host, int hi, unsigned need)
{
	for (int c = 0; c < CG_CTRL_COUNT; c++)
		if ((need & CG_BIT(c)) && host->ctrl_hier[c] == hi)
			return true;
	return false;
}

static bool uses_hier(const struct cg_host *host, int hi, unsigned need)
{
	return hi == host->v2 || holds_needed(host, hi, need);
}

/* Every needed controller must be somewhere; errors say which is missing. */
static int check_controllers(const struct cg_host *host, unsigned need, struct err *e)
{
	if (host->kind == CG_HOST_NONE)
		return err_set(e, EOPNOTSUPP, "cgroup", "no cgroup hierarchy is mounted");
	for (int c = 0; c < CG_CTRL_COUNT; c++)
		if ((need & CG_BIT(c)) && host->ctrl_hier[c] < 0)
			return err_set(e, EOPNOTSUPP, "cgroup", "no %s controller %s on this host",
				       cg_ctrl_name(c, host->kind == CG_HOST_V2),
				       host->kind == CG_HOST_V2 ? "offered to this cgroup" : "mounted");
	return 0;
}

static int create_leaves(struct cg_fs *fs, const struct cg_host *host, const char *parent,
			 unsigned need, struct cgroup_handle *h, char leaf[][CG_PATH_MAX])
{
	for (int hi = 0; hi < host->nhier; hi++) {
		if (!uses_hier(host, hi, need))
			continue;
		/* the v2 hierarchy of a hybrid host usually holds no controller
		 * we need: then use it where we may, go on without it where we
		 * may not */
		bool extra = hi == host->v2 && host->kind == CG_HOST_HYBRID &&
			     !holds_needed(host, hi, need);
		/* zeroed: cg_devices_bpf fills it on every failure, but err_format
		 * must never read garbage should one path forget */
		struct err quiet = { 0 };
		struct cg_fs try = { .plan = fs->plan, .e = extra ? &quiet : fs->e };
		char dir[CG_PATH_MAX];
		if (make_parent(&try, host, hi, parent, need, dir, sizeof(dir)) < 0) {
			if (extra)
				continue;
			return -1;
		}
		size_t len = strlen(dir);
		if (cg_path(fs->e, dir + len, sizeof(dir) - len, "/%s", h->name) < 0)
			return -1;
		if (cg_mkdir(&try, dir, false) < 0) {
			if (extra)
				continue;
			return -1;
		}
		if (hi == host->v2)
			h->v2_index = h->npaths;
		snprintf(h->paths[h->npaths++], sizeof(h->paths[0]), "%s", dir);
		snprintf(leaf[hi], CG_PATH_MAX, "%s", dir);
		h->active = true;
		if (!host->hier[hi].v2 && (host->hier[hi].ctrls & CG_BIT(CG_CPUSET)) &&
		    cg_cpuset_inherit(fs, dir) < 0)
			return -1;
	}
	return 0;
}

static int apply_devices(struct cg_fs *fs, const struct polb_view *v, const struct cg_host *host,
			 struct cgroup_handle *h, char leaf[][CG_PATH_MAX])
{
	struct cg_devset *set = malloc(sizeof(*set));
	if (!set)
		return err_set(fs->e, errno, "cgroup", "devices");
	int r = cg_devset_build(v, set, fs->e);
	int hi = host->ctrl_hier[CG_DEVICES];
	if (r == 0 && !host->hier[hi].v2)
		r = cg_devices_v1(fs, leaf[hi], set);
	if (r == 0 && host->v2 >= 0 && leaf[host->v2][0]) {
		/* on v2 the program is the rule; on a hybrid host a second guard
		 * over v1's devices.allow, whose failure alone is not fatal */
		/* zeroed: cg_devices_bpf fills it on every failure, but err_format
		 * must never read garbage should one path forget */
		struct err quiet = { 0 };
		struct cg_fs try = { .plan = fs->plan, .e = hi == host->v2 ? fs->e : &quiet };
		if (cg_devices_bpf(&try, h->v2_dir_fd, leaf[host->v2], set) < 0) {
			if (hi == host->v2)
				r = -1;
			else
				vlog("cgroup", "devices: no BPF guard on the v2 cgroup: %s",
				     err_format(&quiet, (char[512]){ 0 }, 512));
		}
	}
	free(set);
	return r;
}

static void counters_before(struct cgroup_handle *h)
{
	for (int i = 0; i < h->npaths; i++) {
		unsigned long long n;
		if (cg_read_key(h->paths[i], "memory.events", "oom_kill", &n) == 0 ||
		    cg_read_key(h->paths[i], "memory.oom_control", "oom_kill", &n) == 0)
			h->oom_kills_before = n;
		if (cg_read_key(h->paths[i], "pids.events", "max", &n) == 0)
			h->pids_max_before = n;
	}
}

/* The whole step on a given host; with plan set, printed instead of done. */
static int steps_on(const struct polb_view *v, const struct cg_host *host,
		    struct cgroup_handle *h, FILE *plan, struct err *e)
{
	struct cg_fs fs = { .plan = plan, .e = e };
	char parent[CG_PATH_MAX];
	if (parent_path(v, parent, sizeof(parent), e) < 0)
		return -1;
	if (plan)
		plan_line(plan, "cgroup", "host: %s; parent %s", cg_host_kind_name(host->kind), parent);
	unsigned need = cg_limits_needed(v);
	if (check_controllers(host, need, e) < 0 || cg_limits_check(v, host, e) < 0)
		return -1;
	if (cg_leaf_name(h->name, sizeof(h->name), e) < 0)
		return -1;
	cg_remove_stale(&fs, host, parent);

	char (*leaf)[CG_PATH_MAX] = calloc(CGROUP_MAX_HIERARCHIES, CG_PATH_MAX);
	if (!leaf)
		return err_set(e, errno, "cgroup", "prepare");
	int r = create_leaves(&fs, host, parent, need, h, leaf);
	if (r == 0 && host->v2 >= 0 && leaf[host->v2][0] && !plan) {
		h->v2_dir_fd = open(leaf[host->v2], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (h->v2_dir_fd < 0)
			r = err_set(e, errno, "cgroup", "open %s", leaf[host->v2]);
	}
	if (r == 0)
		r = cg_limits_apply(&fs, v, host, leaf);
	if (r == 0 && (need & CG_BIT(CG_DEVICES)))
		r = apply_devices(&fs, v, host, h, leaf);
	/* CLONE_INTO_CGROUP places the child in its v2 cgroup only: offer the fd
	 * only where v2 is all there is (hybrid: cgroup_attach joins them all) */
	if (r == 0 && host->kind != CG_HOST_V2 && h->v2_dir_fd >= 0) {
		close(h->v2_dir_fd);
		h->v2_dir_fd = -1;
	}
	if (r == 0 && plan)
		plan_line(plan, "cgroup", "place the child in %s before it runs (%s)",
			  host->kind == CG_HOST_V2 ? "its cgroup" : "every cgroup above",
			  host->kind == CG_HOST_V2 ? "CLONE_INTO_CGROUP" : "its pid to each cgroup.procs");
	if (r == 0)
		counters_before(h);
	free(leaf);
	return r;
}

static int cgroup_steps(const struct polb_view *v, struct cgroup_handle *h, FILE *plan,
			struct err *e)
{
	struct cg_host *host = malloc(sizeof(*host));
	if (!host)
		return err_set(e, errno, "cgroup", "prepare");
	int r = cg_host_detect(host, e);
	if (r == 0)
		r = steps_on(v, host, h, plan, e);
	free(host);
	return r;
}

static void handle_init(struct cgroup_handle *h)
{
	memset(h, 0, sizeof(*h));
	h->v2_dir_fd = -1;
	h->v2_index = -1;
}

/* Rootless without delegation, or a controller the host lacks: what
 * `optional` excuses. A limit the kernel refused is never excused. */
static bool excusable(const struct err *e)
{
	return e->errnum == EACCES || e->errnum == EPERM || e->errnum == EROFS ||
	       e->errnum == EOPNOTSUPP;
}

/* A failure `optional` excuses becomes a warning and a run without a cgroup. */
static int excuse_or_fail(const struct polb_view *v, struct cgroup_handle *h, struct err *e)
{
	if ((v->cgroup->flags & POLB_CG_OPTIONAL) && excusable(e)) {
		char line[600];
		warnx_line("%s; going on without cgroup limits (the policy marks them optional)",
			   err_format(e, line, sizeof(line)));
		/* where the step ran before the clone, settle() must not run it
		 * again after it */
		bool born_in = h->born_in;
		handle_init(h);
		h->born_in = born_in;
		h->excused = true;
		return 0;
	}
	return -1;
}

static int prepare_with(const struct polb_view *v, const struct cg_host *host,
			struct cgroup_handle *h, struct err *e)
{
	if (steps_on(v, host, h, NULL, e) == 0) {
		vlog("cgroup", "%d cgroup%s %s..., limits written", h->npaths, h->npaths == 1 ? "" : "s",
		     h->npaths ? h->paths[0] : "");
		return 0;
	}
	cgroup_destroy(h);
	return excuse_or_fail(v, h, e);
}

static int section_check(const struct polb_view *v, struct err *e)
{
	if (!v->cgroup && (v->ncg_limits || v->ncg_devices))
		return err_set(e, EINVAL, "cgroup", "limits or device rules without a cgroup section");
	return 0;
}

/* The host as cg_host_detect sees it, into a new *host. */
static int detect(const struct polb_view *v, struct cgroup_handle *h, struct cg_host **host,
		  struct err *e)
{
	if (!(*host = malloc(sizeof(**host))))
		return err_set(e, errno, "cgroup", "prepare");
	if (cg_host_detect(*host, e) == 0)
		return 0;
	free(*host);
	*host = NULL;
	return excuse_or_fail(v, h, e);
}

/* Only a hint, so that the hybrid and v1 hosts, which cannot give birth in
 * a cgroup, read no mountinfo before the clone: the host itself is read
 * once, by cg_host_detect, before or after the clone. */
static bool looks_unified(void)
{
	struct statfs fs;
	return statfs("/sys/fs/cgroup", &fs) == 0 && fs.f_type == CGROUP2_SUPER_MAGIC;
}

int cgroup_probe(const struct polb_view *v, struct cgroup_handle *h, struct err *e)
{
	handle_init(h);
	if (section_check(v, e) < 0)
		return -1;
	if (!v->cgroup || !looks_unified())
		return 0;
	if (detect(v, h, &h->host, e) < 0)
		return -1;
	h->born_in = h->host && h->host->kind == CG_HOST_V2;
	return 0;
}

bool cgroup_born_in(const struct cgroup_handle *h)
{
	return h->born_in;
}

int cgroup_prepare(const struct polb_view *v, struct cgroup_handle *h, struct err *e)
{
	if (!v->cgroup || h->excused)
		return 0;
	/* the handle keeps no host past here: the lifeline forks a copy */
	struct cg_host *host = h->host;
	h->host = NULL;
	if (!host && detect(v, h, &host, e) < 0)
		return -1;
	int r = host ? prepare_with(v, host, h, e) : 0; /* NULL: excused */
	free(host);
	return r;
}

int cg_prepare_on(const struct polb_view *v, const struct cg_host *host,
		  struct cgroup_handle *h, struct err *e)
{
	handle_init(h);
	if (section_check(v, e) < 0)
		return -1;
	return v->cgroup ? prepare_with(v, host, h, e) : 0;
}

int cgroup_clone_fd(const struct cgroup_handle *h)
{
	return h->active ? h->v2_dir_fd : -1;
}

int cgroup_v2_open(const struct cgroup_handle *h)
{
	if (!h->active || h->v2_index < 0)
		return -1;
	return open(h->paths[h->v2_index], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

int cgroup_attach(const struct cgroup_handle *h, pid_t pid, struct err *e)
{
	if (!h->active)
		return 0;
	char spid[16];
	snprintf(spid, sizeof(spid), "%d", (int)pid);
	struct cg_fs fs = { .plan = NULL, .e = e };
	for (int i = 0; i < h->npaths; i++)
		if (cg_write(&fs, h->paths[i], "cgroup.procs", spid, "join the container's cgroup") < 0)
			return -1;
	return 0;
}

static void limit_text(const struct cgroup_handle *h, const char *file, bool bytes, char *buf,
		       size_t size)
{
	char raw[48];
	buf[0] = '\0';
	for (int i = 0; i < h->npaths && !buf[0]; i++)
		if (cg_read(h->paths[i], file, raw, sizeof(raw)) > 0) {
			if (bytes && raw[0] >= '0' && raw[0] <= '9')
				cg_fmt_bytes(strtoull(raw, NULL, 10), buf, size);
			else
				snprintf(buf, size, "%s", raw);
		}
}

/* What the kernel counted during the run. */
struct cg_events {
	unsigned long long ooms;      /* OOM kills */
	unsigned long long mem_hits;  /* v1 without an oom_kill counter: memory.failcnt */
	unsigned long long pids_hits; /* forks refused at pids.max */
};

static void read_events(const struct cgroup_handle *h, struct cg_events *ev)
{
	unsigned long long n;
	memset(ev, 0, sizeof(*ev));
	for (int i = 0; i < h->npaths; i++) {
		const char *dir = h->paths[i];
		if (cg_read_key(dir, "memory.events", "oom_kill", &n) == 0 ||
		    cg_read_key(dir, "memory.oom_control", "oom_kill", &n) == 0) {
			ev->ooms = n - h->oom_kills_before;
		} else if (cg_file_exists(dir, "memory.failcnt")) {
			/* kernels before 4.13 count no OOM kills in v1: the
			 * times usage hit the limit is the nearest they say */
			char buf[32];
			if (cg_read(dir, "memory.failcnt", buf, sizeof(buf)) > 0)
				ev->mem_hits = strtoull(buf, NULL, 10);
		}
		if (cg_read_key(dir, "pids.events", "max", &n) == 0)
			ev->pids_hits = n - h->pids_max_before;
	}
}

void cgroup_report(const struct cgroup_handle *h)
{
	if (!h->active)
		return;
	struct cg_events ev;
	read_events(h, &ev);
	if (!ev.ooms && !ev.mem_hits && !ev.pids_hits)
		return;
	char line[512] = "", lim[64];
	size_t len = 0;
	if (ev.ooms || ev.mem_hits) {
		limit_text(h, "memory.max", true, lim, sizeof(lim));
		if (!lim[0])
			limit_text(h, "memory.limit_in_bytes", true, lim, sizeof(lim));
		if (ev.ooms)
			len += (size_t)snprintf(line + len, sizeof(line) - len,
						"OOM kill: memory.max %s reached, %llu process%s killed",
						lim, ev.ooms, ev.ooms == 1 ? "" : "es");
		else
			len += (size_t)snprintf(line + len, sizeof(line) - len,
						"memory.max %s reached %llu time%s", lim, ev.mem_hits,
						ev.mem_hits == 1 ? "" : "s");
	}
	if (ev.pids_hits) {
		limit_text(h, "pids.max", false, lim, sizeof(lim));
		snprintf(line + len, sizeof(line) - len, "%spids.max %s reached, %llu fork%s refused",
			 len ? "; " : "", lim, ev.pids_hits, ev.pids_hits == 1 ? "" : "s");
	}
	enforce_line("cgroup: %s", line);
}

int cgroup_count_procs(const struct cgroup_handle *h)
{
	if (!h->active || h->npaths == 0)
		return -1;
	/* every hierarchy holds every task; v2's where there is one */
	return cg_count_tree(h->paths[h->v2_index >= 0 ? h->v2_index : 0]);
}

void cgroup_destroy(struct cgroup_handle *h)
{
	free(h->host);
	h->host = NULL;
	if (!h->active)
		return;
	if (h->v2_dir_fd >= 0)
		close(h->v2_dir_fd);
	h->v2_dir_fd = -1;
	for (int i = h->npaths - 1; i >= 0; i--)
		if (cg_remove(h->paths[i]) < 0)
			warnx_line("cgroup: cannot remove %s: %s", h->paths[i], strerror(errno));
	h->npaths = 0;
	h->v2_index = -1;
	h->active = false;
}

void cgroup_plan(const struct polb_view *v, FILE *out)
{
	if (!v->cgroup) {
		plan_line(out, "cgroup", "none: the command stays in enforce's own cgroups");
		return;
	}
	struct cgroup_handle h;
	struct err e;
	handle_init(&h);
	if (cgroup_steps(v, &h, out, &e) < 0) {
		char line[600];
		plan_line(out, "cgroup", "would fail: %s%s", err_format(&e, line, sizeof(line)),
			  (v->cgroup->flags & POLB_CG_OPTIONAL) && excusable(&e)
				  ? " (optional: enforce would warn and go on)" : "");
	}
}
