/* uid/gid maps of a new user namespace, written by the parent into
 * /proc/PID/{uid,gid}_map while the child waits for CHAN_GO.
 *
 * As root, the blob's maps are written as they are. Without privilege the
 * kernel accepts only one line mapping the caller's own id, and only after
 * "deny" went into setgroups (CVE-2014-8989): so a rootless run maps the
 * caller to the policy's uid (0 when it names none) and says so when the
 * policy asked for more.
 *
 * A policy without maps, run as root, gets POLB_IDMAP_DEFAULT_* (65536 ids from
 * host uid/gid 100000): root inside is an unprivileged uid outside, which is
 * the point of a user namespace. Run rootless it gets the one-line map. */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "enforce.h"

struct idmap_text {
	char buf[2048];
	size_t len;
	size_t lines;
	struct polb_idmap range[POLB_MAX_IDMAP_RANGES]; /* the lines, as numbers */
};

static void idmap_add(struct idmap_text *t, uint32_t inside, uint32_t outside, uint32_t count)
{
	int n = snprintf(t->buf + t->len, sizeof(t->buf) - t->len, "%u %u %u\n",
			 inside, outside, count);
	if (n > 0 && (size_t)n < sizeof(t->buf) - t->len && t->lines < POLB_MAX_IDMAP_RANGES) {
		t->len += (size_t)n;
		t->range[t->lines++] = (struct polb_idmap){ .inside = inside, .outside = outside,
							   .count = count };
	}
}

/* The blob's lines for `which`, or the caller's one line. */
static void idmap_build(const struct enforce_ctx *c, uint32_t which, struct idmap_text *t)
{
	const struct polb_view *v = c->v;
	t->len = t->lines = 0;
	t->buf[0] = '\0';
	if (!c->rootless)
		for (size_t i = 0; i < v->nidmaps; i++)
			if (v->idmaps[i].which == which)
				idmap_add(t, v->idmaps[i].inside, v->idmaps[i].outside,
					  v->idmaps[i].count);
	if (t->lines)
		return;
	if (!c->rootless) {
		idmap_add(t, 0, POLB_IDMAP_DEFAULT_OUTSIDE, POLB_IDMAP_DEFAULT_COUNT);
		return;
	}
	bool user = v->process->flags & POLB_PROC_USER;
	uint32_t inside = which == POLB_IDMAP_UID ? (user ? v->process->uid : 0)
						 : (user ? v->process->gid : 0);
	uint32_t outside = which == POLB_IDMAP_UID ? c->caller_uid : c->caller_gid;
	idmap_add(t, inside, outside, 1);
}

int idmap_outside_of(const struct enforce_ctx *c, uint32_t which, uint32_t inside,
		     uint32_t *outside)
{
	struct idmap_text t;
	idmap_build(c, which, &t);
	for (size_t i = 0; i < t.lines; i++)
		if (inside >= t.range[i].inside && inside - t.range[i].inside < t.range[i].count) {
			*outside = t.range[i].outside + (inside - t.range[i].inside);
			return 0;
		}
	return -1;
}

static bool idmap_policy_has(const struct polb_view *v, uint32_t which)
{
	for (size_t i = 0; i < v->nidmaps; i++)
		if (v->idmaps[i].which == which)
			return true;
	return false;
}

static int proc_write(pid_t pid, const char *file, const char *text, size_t len, struct err *e)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, file);
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return err_set(e, errno, "idmap", "open %s", path);
	ssize_t n = write(fd, text, len);
	int saved = errno;
	close(fd);
	if (n != (ssize_t)len)
		return err_set(e, n < 0 ? saved : EIO, "idmap", "write %s: %.*s", file,
			       (int)(len && text[len - 1] == '\n' ? len - 1 : len), text);
	return 0;
}

static bool idmap_needed(const struct enforce_ctx *c)
{
	return (c->ns.clone_flags & CLONE_NEWUSER) && c->ns.join_fd[POLB_NS_USER] < 0;
}

int idmap_write(const struct enforce_ctx *c, pid_t pid, struct err *e)
{
	if (!idmap_needed(c))
		return 0;
	struct idmap_text uid, gid;
	idmap_build(c, POLB_IDMAP_UID, &uid);
	idmap_build(c, POLB_IDMAP_GID, &gid);
	if (c->rootless && (idmap_policy_has(c->v, POLB_IDMAP_UID) ||
			    idmap_policy_has(c->v, POLB_IDMAP_GID)))
		warnx_line("rootless: only your own uid %u and gid %u are mapped (as %.*s and "
			   "%.*s inside); the policy's wider maps need root",
			   (unsigned)c->caller_uid, (unsigned)c->caller_gid,
			   (int)strcspn(uid.buf, " "), uid.buf, (int)strcspn(gid.buf, " "), gid.buf);
	if (proc_write(pid, "uid_map", uid.buf, uid.len, e) < 0)
		return -1;
	/* Unprivileged gid_map writes need setgroups denied first. */
	if (c->rootless && proc_write(pid, "setgroups", "deny", 4, e) < 0)
		return -1;
	if (proc_write(pid, "gid_map", gid.buf, gid.len, e) < 0)
		return -1;
	vlog("idmap", "uid_map %.*s, gid_map %.*s%s", (int)uid.len - 1, uid.buf,
	     (int)gid.len - 1, gid.buf, c->rootless ? ", setgroups deny" : "");
	return 0;
}

void idmap_plan(const struct enforce_ctx *c, FILE *out)
{
	if (!idmap_needed(c))
		return;
	struct idmap_text t;
	idmap_build(c, POLB_IDMAP_UID, &t);
	for (char *line = strtok(t.buf, "\n"); line; line = strtok(NULL, "\n"))
		plan_line(out, "idmap", "uid_map %s", line);
	if (c->rootless)
		plan_line(out, "idmap", "setgroups deny (rootless)");
	idmap_build(c, POLB_IDMAP_GID, &t);
	for (char *line = strtok(t.buf, "\n"); line; line = strtok(NULL, "\n"))
		plan_line(out, "idmap", "gid_map %s", line);
}
