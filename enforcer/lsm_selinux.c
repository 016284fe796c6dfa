/* SELinux: the command execs with a given label.
 *
 * The enforcer does what libselinux's setexeccon() does, without linking it
 * (libselinux would read configuration in the container, docs/lsm.md):
 * write the label and its NUL to /proc/thread-self/attr/exec, then read it
 * back. lsm_prepare checks
 * beforehand that SELinux is enabled (selinuxfs registered), enforcing, and
 * that the loaded policy knows the label (the write to
 * /sys/fs/selinux/context that security_check_context() makes). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "lsm.h"
#include "lsm_internal.h"

int selinux_available(char *why, size_t whysize)
{
	FILE *f = fopen(lsm_paths.filesystems, "re");
	if (!f) {
		snprintf(why, whysize, "cannot read %s: %s", lsm_paths.filesystems, strerror(errno));
		return 0;
	}
	char line[256];
	int found = 0;
	while (!found && fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		const char *fs = strrchr(line, '\t');
		found = !strcmp(fs ? fs + 1 : line, "selinuxfs");
	}
	fclose(f);
	if (!found)
		snprintf(why, whysize, "SELinux is not enabled in this kernel (no selinuxfs in %s)",
			 lsm_paths.filesystems);
	return found;
}

static int selinux_unusable(const struct polb_lsm *l, const char *label, bool *skip,
			    struct err *e, int errnum, const char *why)
{
	if (l->flags & POLB_LSM_OPTIONAL) {
		lsm_warn("selinux", "%s%s%s; label '%s' skipped (optional)", why,
			 errnum ? ": " : "", errnum ? strerror(errnum) : "", label);
		*skip = true;
		return 0;
	}
	return err_set(e, errnum, "selinux", "label '%s': %s", label, why);
}

/* Does the loaded policy know the label? (security_check_context) */
static int selinux_context_valid(const char *label, int *errnum)
{
	int fd = open(lsm_paths.selinux_context, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		*errnum = errno;
		return -1;
	}
	ssize_t n = write(fd, label, strlen(label) + 1);
	*errnum = errno;
	close(fd);
	return n < 0 ? 0 : 1;
}

int selinux_prepare(const struct polb_view *v, const struct polb_lsm *l, bool *skip,
		    struct err *e)
{
	const char *label = polb_str(v, l->name);
	char why[512], mode[8];
	*skip = false;
	if (l->name.len == 0)
		return err_set(e, 0, "selinux", "empty label in the blob");
	if (!selinux_available(why, sizeof(why)))
		return selinux_unusable(l, label, skip, e, 0, why);
	if (lsm_read_small(lsm_paths.selinux_enforce, mode, sizeof(mode)) < 0) {
		snprintf(why, sizeof(why), "cannot tell whether SELinux enforces (%s)",
			 lsm_paths.selinux_enforce);
		return selinux_unusable(l, label, skip, e, errno, why);
	}
	if (mode[0] != '1')
		return selinux_unusable(l, label, skip, e, 0,
			"SELinux is permissive: the label would log, not confine");
	int errnum;
	int valid = selinux_context_valid(label, &errnum);
	if (valid < 0 && (errnum == EACCES || errnum == EPERM))
		return 0; /* this domain may not ask; the child's write is the check */
	if (valid < 0) {
		snprintf(why, sizeof(why), "cannot check the label (%s)", lsm_paths.selinux_context);
		return selinux_unusable(l, label, skip, e, errnum, why);
	}
	if (!valid)
		return selinux_unusable(l, label, skip, e, errnum,
					"the loaded policy does not accept the label");
	return 0;
}

static const char *selinux_write_why(int errnum)
{
	switch (errnum) {
	case EINVAL:
		return "the kernel refused the label (SELinux is not the LSM behind attr/exec, "
		       "or the label is invalid)";
	case EACCES:
	case EPERM:
		return "the policy forbids this process to set its exec label (setexec)";
	default:
		return "setting the exec label failed";
	}
}

/* Write "LABEL\0" to attr/exec (as setexeccon does) and read it back. */
int selinux_set_exec(const struct polb_view *v, const struct polb_lsm *l, int attr_dir,
		     struct err *e)
{
	const char *label = polb_str(v, l->name);
	char back[POLB_MAX_STRING + 8];
	const char *op;
	if (lsm_attr_write_read(attr_dir, "exec", label, l->name.len + 1, back, sizeof(back),
				&op) < 0) {
		int errnum = errno;
		bool skip;
		char why[512];
		snprintf(why, sizeof(why), "%s attr/exec: %s", op,
			 !strcmp(op, "write") ? selinux_write_why(errnum) : "failed");
		return selinux_unusable(l, label, &skip, e, errnum, why);
	}
	/* The kernel gives the context back with its NUL (maybe a newline). */
	back[strcspn(back, "\n")] = '\0';
	if (strcmp(back, label) != 0)
		return err_set(e, 0, "selinux",
			       "label '%s': attr/exec reads back '%s' (write the label in the "
			       "kernel's canonical form)", label, back);
	return 0;
}
