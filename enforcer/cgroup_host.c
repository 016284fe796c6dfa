/* What the host offers: which cgroup hierarchies are mounted (v1 controllers,
 * the v2 unified hierarchy, or both: "hybrid", as on this build machine),
 * which one holds each controller the cgroup section can need, where
 * enforce itself sits in each, and where its cgroups may be created (the
 * hierarchy's root as root; the delegated subtree the caller owns when
 * rootless). Only reads. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cgroup_impl.h"

static const char *const v1_names[CG_CTRL_COUNT] = {
	"memory", "pids", "cpu", "cpuset", "blkio", "devices",
};
static const char *const v2_names[CG_CTRL_COUNT] = {
	"memory", "pids", "cpu", "cpuset", "io", "devices",
};

/* Every v1 controller the kernel has, ours or not: a v1 mount with any of
 * them makes the host v1 or hybrid. name=systemd alone does not. */
static const char *const v1_all[] = {
	"cpu", "cpuacct", "cpuset", "memory", "devices", "freezer", "net_cls",
	"net_prio", "blkio", "perf_event", "hugetlb", "pids", "rdma", "misc",
};

const char *cg_ctrl_name(enum cg_ctrl c, bool v2)
{
	if ((unsigned)c >= CG_CTRL_COUNT)
		return "?";
	return v2 ? v2_names[c] : v1_names[c];
}

const char *cg_host_kind_name(enum cg_host_kind kind)
{
	switch (kind) {
	case CG_HOST_V1: return "cgroup v1";
	case CG_HOST_V2: return "cgroup v2";
	case CG_HOST_HYBRID: return "hybrid (v1 controllers, v2 hierarchy)";
	default: return "no cgroups";
	}
}

static bool is_v1_controller(const char *opt)
{
	for (size_t i = 0; i < sizeof(v1_all) / sizeof(v1_all[0]); i++)
		if (strcmp(opt, v1_all[i]) == 0)
			return true;
	return false;
}

/* mountinfo escapes space, tab, newline and backslash as \ooo */
static void unescape_octal(char *s)
{
	char *out = s;
	for (char *in = s; *in; out++) {
		if (in[0] == '\\' && in[1] >= '0' && in[1] <= '3' && in[2] >= '0' &&
		    in[2] <= '7' && in[3] >= '0' && in[3] <= '7') {
			*out = (char)((in[1] - '0') * 64 + (in[2] - '0') * 8 + (in[3] - '0'));
			in += 4;
		} else {
			*out = *in++;
		}
	}
	*out = '\0';
}

/* The path of our own cgroup in the hierarchy whose /proc/self/cgroup line
 * lists `ctrl` (v1), or the "0::" line (v2, ctrl NULL). */
static bool self_path(const char *self_cgroup, const char *ctrl, char *out, size_t size)
{
	const char *line = self_cgroup;
	while (line && *line) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);
		char buf[1024];
		if (len < sizeof(buf)) {
			memcpy(buf, line, len);
			buf[len] = '\0';
			char *c1 = strchr(buf, ':');
			char *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
			if (c2) {
				*c1 = *c2 = '\0';
				bool match = false;
				if (!ctrl) {
					match = strcmp(buf, "0") == 0 && c1[1] == '\0';
				} else {
					char *save = NULL;
					for (char *t = strtok_r(c1 + 1, ",", &save); t;
					     t = strtok_r(NULL, ",", &save))
						if (strcmp(t, ctrl) == 0)
							match = true;
				}
				if (match) {
					snprintf(out, size, "%s", c2 + 1);
					return true;
				}
			}
		}
		line = end ? end + 1 : NULL;
	}
	return false;
}

/* mount + (cgpath minus the mount's root), when the mount shows that path */
static void join_self(struct cg_hier *h, const char *mroot, const char *cgpath)
{
	size_t rl = strlen(mroot);
	h->self[0] = '\0';
	if (strcmp(mroot, "/") == 0)
		rl = 0;
	else if (strncmp(cgpath, mroot, rl) != 0 || (cgpath[rl] != '/' && cgpath[rl] != '\0'))
		return; /* our cgroup is outside what this mount shows */
	const char *rest = cgpath + rl;
	while (*rest == '/')
		rest++;
	if (*rest) {
		if ((size_t)snprintf(h->self, sizeof(h->self), "%s/%s", h->mount, rest) >= sizeof(h->self))
			h->self[0] = '\0'; /* too deep to use */
	} else
		snprintf(h->self, sizeof(h->self), "%s", h->mount);
}

/* One mountinfo line; adds a hierarchy when it is a cgroup mount we use. */
static void parse_mount_line(struct cg_host *host, char *line, const char *self_cgroup,
			     bool *any_v1)
{
	char *field[12];
	int nf = 0;
	char *save = NULL;
	char *dash = strstr(line, " - ");
	if (!dash)
		return;
	*dash = '\0';
	for (char *t = strtok_r(line, " ", &save); t && nf < 6; t = strtok_r(NULL, " ", &save))
		field[nf++] = t;
	if (nf < 5)
		return;
	char *fstype = strtok_r(dash + 3, " ", &save);
	strtok_r(NULL, " ", &save); /* source */
	char *superopts = strtok_r(NULL, " ", &save);
	if (!fstype || !superopts)
		return;
	char *mroot = field[3], *mpoint = field[4];
	unescape_octal(mroot);
	unescape_octal(mpoint);
	bool v2 = strcmp(fstype, "cgroup2") == 0;
	if (!v2 && strcmp(fstype, "cgroup") != 0)
		return;
	if (host->nhier >= CGROUP_MAX_HIERARCHIES || strlen(mpoint) >= CG_PATH_MAX)
		return;
	struct cg_hier h = { .v2 = v2 };
	snprintf(h.mount, sizeof(h.mount), "%s", mpoint);
	char cgpath[CG_PATH_MAX] = "";
	if (v2) {
		if (host->v2 >= 0)
			return; /* the same hierarchy mounted twice */
		if (!self_path(self_cgroup, NULL, cgpath, sizeof(cgpath)))
			return;
	} else {
		const char *first = NULL;
		char *s2 = NULL;
		for (char *o = strtok_r(superopts, ",", &s2); o; o = strtok_r(NULL, ",", &s2)) {
			if (!is_v1_controller(o))
				continue;
			*any_v1 = true;
			if (!first)
				first = o;
			for (int c = 0; c < CG_CTRL_COUNT; c++)
				if (strcmp(o, v1_names[c]) == 0 && host->ctrl_hier[c] < 0)
					h.ctrls |= CG_BIT(c);
		}
		if (!h.ctrls || !self_path(self_cgroup, first, cgpath, sizeof(cgpath)))
			return;
	}
	join_self(&h, mroot, cgpath);
	int idx = host->nhier++;
	host->hier[idx] = h;
	if (v2)
		host->v2 = idx;
	for (int c = 0; c < CG_CTRL_COUNT; c++)
		if (h.ctrls & CG_BIT(c))
			host->ctrl_hier[c] = idx;
}

int cg_host_parse(struct cg_host *host, const char *mountinfo, const char *self_cgroup,
		  uid_t euid, struct err *e)
{
	memset(host, 0, sizeof(*host));
	host->v2 = -1;
	host->euid = euid;
	for (int c = 0; c < CG_CTRL_COUNT; c++)
		host->ctrl_hier[c] = -1;
	bool any_v1 = false;
	const char *line = mountinfo;
	while (line && *line) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);
		char buf[4096];
		if (len < sizeof(buf)) {
			memcpy(buf, line, len);
			buf[len] = '\0';
			parse_mount_line(host, buf, self_cgroup, &any_v1);
		}
		line = end ? end + 1 : NULL;
	}
	if (host->v2 >= 0)
		host->kind = any_v1 ? CG_HOST_HYBRID : CG_HOST_V2;
	else
		host->kind = any_v1 ? CG_HOST_V1 : CG_HOST_NONE;
	for (int i = 0; i < host->nhier; i++)
		snprintf(host->hier[i].base, sizeof(host->hier[i].base), "%s", host->hier[i].mount);
	return 0;
}

static bool owned_by(const char *dir, uid_t uid)
{
	struct stat st;
	return stat(dir, &st) == 0 && S_ISDIR(st.st_mode) && st.st_uid == uid;
}

/* Rootless: the highest ancestor of our own cgroup that the caller still
 * owns, i.e. the root of the subtree delegated to it (systemd's
 * user@UID.service, or a container manager's delegation). */
static void find_delegated_base(struct cg_hier *h, uid_t euid)
{
	if (!h->self[0] || !owned_by(h->self, euid))
		return; /* nothing delegated: base stays the mount point, mkdir will say EACCES */
	char cur[CG_PATH_MAX];
	snprintf(cur, sizeof(cur), "%s", h->self);
	size_t mlen = strlen(h->mount);
	for (;;) {
		char up[CG_PATH_MAX];
		snprintf(up, sizeof(up), "%s", cur);
		char *slash = strrchr(up, '/');
		if (!slash || (size_t)(slash - up) < mlen)
			break;
		*slash = '\0';
		if (strlen(up) < mlen || !owned_by(up, euid))
			break;
		snprintf(cur, sizeof(cur), "%s", up);
	}
	snprintf(h->base, sizeof(h->base), "%s", cur);
	h->delegated = true;
}

/* v2: the controllers offered where our cgroups go (base's cgroup.controllers). */
static void read_v2_controllers(struct cg_host *host)
{
	struct cg_hier *h = &host->hier[host->v2];
	char buf[512];
	if (cg_read(h->base, "cgroup.controllers", buf, sizeof(buf)) < 0)
		return;
	char *save = NULL;
	for (char *t = strtok_r(buf, " ", &save); t; t = strtok_r(NULL, " ", &save))
		for (int c = 0; c < CG_CTRL_COUNT; c++)
			if (strcmp(t, v2_names[c]) == 0 && host->ctrl_hier[c] < 0) {
				h->ctrls |= CG_BIT(c);
				host->ctrl_hier[c] = host->v2;
			}
	/* device rules are a BPF program on any v2 cgroup, not a controller */
	if (host->ctrl_hier[CG_DEVICES] < 0) {
		h->ctrls |= CG_BIT(CG_DEVICES);
		host->ctrl_hier[CG_DEVICES] = host->v2;
	}
}

static char *slurp(const char *path, struct err *e)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		err_set(e, errno, "cgroup", "open %s", path);
		return NULL;
	}
	size_t cap = 16384, len = 0;
	char *buf = malloc(cap);
	if (!buf) {
		err_set(e, errno, "cgroup", "read %s", path);
		close(fd);
		return NULL;
	}
	for (;;) {
		if (len + 1 >= cap) {
			char *nb = realloc(buf, cap * 2);
			if (!nb) {
				err_set(e, errno, "cgroup", "read %s", path);
				free(buf);
				close(fd);
				return NULL;
			}
			buf = nb;
			cap *= 2;
		}
		ssize_t n = read(fd, buf + len, cap - len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err_set(e, errno, "cgroup", "read %s", path);
			free(buf);
			close(fd);
			return NULL;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	buf[len] = '\0';
	return buf;
}

int cg_host_detect(struct cg_host *host, struct err *e)
{
	char *mi = slurp("/proc/self/mountinfo", e);
	if (!mi)
		return -1;
	char *self = slurp("/proc/self/cgroup", e);
	if (!self) {
		free(mi);
		return -1;
	}
	cg_host_parse(host, mi, self, geteuid(), e);
	free(mi);
	free(self);
	if (host->euid != 0)
		for (int i = 0; i < host->nhier; i++)
			find_delegated_base(&host->hier[i], host->euid);
	if (host->v2 >= 0)
		read_v2_controllers(host);
	return 0;
}
