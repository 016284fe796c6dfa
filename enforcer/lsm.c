/* LSM step of the enforcer: dispatch to AppArmor and SELinux, the helpers
 * they share (paths, warnings, the attr write and read-back), and the
 * --dry-run plan. Landlock lives in landlock.c.
 *
 * State between the parent's lsm_prepare and the child's
 * lsm_set_exec_labels is in `lsm_state`: the child is cloned from the
 * parent after lsm_prepare, so it inherits the decisions (an optional
 * label skipped with a warning is not warned about twice). */
#include "lsm.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "lsm_internal.h"

struct lsm_paths lsm_paths = {
	.attr_dir = "/proc/thread-self/attr",
	.apparmor_enabled = "/sys/module/apparmor/parameters/enabled",
	.apparmor_profiles = "/sys/kernel/security/apparmor/profiles",
	.filesystems = "/proc/filesystems",
	.selinux_enforce = "/sys/fs/selinux/enforce",
	.selinux_context = "/sys/fs/selinux/context",
	.apparmor_fs = "/sys/kernel/security/apparmor",
	.apparmor_lib = "libapparmor.so.1",
};

static struct {
	bool prepared;               /* lsm_prepare ran in this process or its parent */
	bool skip_apparmor, skip_selinux; /* optional and unavailable: warned already */
	int attr_dir;                /* from lsm_open_attr, or -1 */
} lsm_state = { .attr_dir = -1 };

void lsm_paths_override(const struct lsm_paths *p)
{
#define TAKE(f) if (p->f) lsm_paths.f = p->f
	TAKE(attr_dir);
	TAKE(apparmor_enabled);
	TAKE(apparmor_profiles);
	TAKE(filesystems);
	TAKE(selinux_enforce);
	TAKE(selinux_context);
	TAKE(apparmor_fs);
	TAKE(apparmor_lib);
#undef TAKE
	lsm_paths.landlock_abi_max = p->landlock_abi_max;
	lsm_state.prepared = false;
	lsm_state.skip_apparmor = lsm_state.skip_selinux = false;
}

void lsm_warn(const char *step, const char *fmt, ...)
{
	char what[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	fprintf(stderr, "enforce: warning: %s: %s\n", step, what);
}

static const char *lsm_step(unsigned kind)
{
	return kind == POLB_LSM_APPARMOR ? "apparmor" : "selinux";
}

int lsm_record(const struct polb_view *v, unsigned kind, const struct polb_lsm **out,
	       struct err *e)
{
	*out = NULL;
	for (size_t i = 0; i < v->nlsm; i++) {
		if (v->lsm[i].kind != kind)
			continue;
		if (*out)
			return err_set(e, 0, lsm_step(kind),
				       "the blob holds two %s records; refusing to guess which applies",
				       lsm_step(kind));
		*out = &v->lsm[i];
	}
	return 0;
}

/* A record of a kind this enforcer does not know is refused rather than
 * ignored: it would be confinement silently not applied. */
static int lsm_check_kinds(const struct polb_view *v, struct err *e)
{
	for (size_t i = 0; i < v->nlsm; i++)
		if (v->lsm[i].kind != POLB_LSM_APPARMOR && v->lsm[i].kind != POLB_LSM_SELINUX)
			return err_set(e, 0, "lsm", "unknown LSM kind %u in the blob",
				       v->lsm[i].kind);
	return 0;
}

ssize_t lsm_read_small(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ssize_t n = read(fd, buf, size - 1);
	int saved = errno;
	close(fd);
	errno = saved;
	if (n < 0)
		return -1;
	buf[n] = '\0';
	return n;
}

int lsm_prepare(const struct polb_view *v, struct err *e)
{
	const struct polb_lsm *aa, *se;
	if (lsm_check_kinds(v, e) < 0 || lsm_record(v, POLB_LSM_APPARMOR, &aa, e) < 0 ||
	    lsm_record(v, POLB_LSM_SELINUX, &se, e) < 0)
		return -1;
	if (aa && apparmor_prepare(v, aa, &lsm_state.skip_apparmor, e) < 0)
		return -1;
	if (se && selinux_prepare(v, se, &lsm_state.skip_selinux, e) < 0)
		return -1;
	lsm_state.prepared = true;
	return 0;
}

/* Is there an exec label to set at all (after optional skips)? */
static bool lsm_wants_label(const struct polb_view *v)
{
	for (size_t i = 0; i < v->nlsm; i++) {
		if (v->lsm[i].kind == POLB_LSM_APPARMOR && !lsm_state.skip_apparmor)
			return true;
		if (v->lsm[i].kind == POLB_LSM_SELINUX && !lsm_state.skip_selinux)
			return true;
	}
	return false;
}

int lsm_open_attr(const struct polb_view *v, struct err *e)
{
	if (!lsm_wants_label(v) || lsm_state.attr_dir >= 0)
		return 0;
	int fd = open(lsm_paths.attr_dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return err_set(e, errno, "lsm", "%s", lsm_paths.attr_dir);
	lsm_state.attr_dir = fd;
	return 0;
}

int lsm_attr_dir(const char *step, struct err *e)
{
	if (lsm_state.attr_dir >= 0) {
		int fd = fcntl(lsm_state.attr_dir, F_DUPFD_CLOEXEC, 3);
		if (fd < 0)
			return err_set(e, errno, step, "duplicating the attr directory fd");
		return fd;
	}
	int fd = open(lsm_paths.attr_dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return err_set(e, errno, step,
			       "%s (the container has no /proc and lsm_open_attr was not called)",
			       lsm_paths.attr_dir);
	return fd;
}

int lsm_attr_write_read(int dirfd, const char *name, const void *buf, size_t len,
			char *back, size_t backsize, const char **failed_op)
{
	*failed_op = "open";
	int fd = openat(dirfd, name, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	*failed_op = "write";
	ssize_t n = write(fd, buf, len);
	int saved = errno;
	close(fd);
	if (n < 0) {
		errno = saved;
		return -1;
	}
	if ((size_t)n != len) {
		errno = EIO;
		return -1;
	}
	*failed_op = "read back";
	fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, back, backsize - 1);
	saved = errno;
	close(fd);
	if (n < 0) {
		errno = saved;
		return -1;
	}
	back[n] = '\0';
	return 0;
}

int lsm_set_exec_labels(const struct polb_view *v, struct err *e)
{
	const struct polb_lsm *aa, *se;
	if (lsm_check_kinds(v, e) < 0 || lsm_record(v, POLB_LSM_APPARMOR, &aa, e) < 0 ||
	    lsm_record(v, POLB_LSM_SELINUX, &se, e) < 0)
		return -1;
	/* Called without lsm_prepare (a caller that skipped it): decide here. */
	if (!lsm_state.prepared && lsm_prepare(v, e) < 0)
		return -1;
	int r = 0;
	if (lsm_wants_label(v)) {
		int dirfd = lsm_attr_dir("lsm", e);
		if (dirfd < 0)
			return -1;
		if (aa && !lsm_state.skip_apparmor)
			r = apparmor_set_exec(v, aa, dirfd, e);
		if (r == 0 && se && !lsm_state.skip_selinux)
			r = selinux_set_exec(v, se, dirfd, e);
		close(dirfd);
	}
	if (lsm_state.attr_dir >= 0) {
		close(lsm_state.attr_dir);
		lsm_state.attr_dir = -1;
	}
	return r;
}

void lsm_plan_line(FILE *out, const char *step, const char *fmt, ...)
{
	char what[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	fprintf(out, "%-10s %s\n", step, what);
}

static void lsm_plan_label(const struct polb_view *v, const struct polb_lsm *l, FILE *out)
{
	char why[256], gen[96] = "";
	if (l->kind != POLB_LSM_APPARMOR && l->kind != POLB_LSM_SELINUX) {
		lsm_plan_line(out, "lsm", "unknown LSM kind %u: would refuse to run", l->kind);
		return;
	}
	bool apparmor = l->kind == POLB_LSM_APPARMOR;
	int present = apparmor ? apparmor_available(why, sizeof(why))
			       : selinux_available(why, sizeof(why));
	if ((l->flags & POLB_LSM_GENERATED) && v->apparmor)
		snprintf(gen, sizeof(gen), ", generated (%zu bytes of compiled policy, loaded "
			 "unless the kernel holds the same)", v->aa_policy_size);
	lsm_plan_line(out, lsm_step(l->kind), "exec %s '%s'%s%s%s%s%s",
		      apparmor ? "profile" : "label", polb_str(v, l->name), gen,
		      l->flags & POLB_LSM_OPTIONAL ? " (optional)" : "", present ? "" : ": ",
		      present ? "" : why,
		      present ? "" : (l->flags & POLB_LSM_OPTIONAL ? ": would be skipped with a warning"
								  : ": would refuse to run"));
}

void lsm_plan(const struct polb_view *v, FILE *out)
{
	for (size_t i = 0; i < v->nlsm; i++)
		lsm_plan_label(v, &v->lsm[i], out);
	landlock_plan(v, out);
}
