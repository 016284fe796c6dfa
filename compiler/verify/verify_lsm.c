/* The LSM label: AppArmor's profile from /proc/PID/attr/apparmor/current,
 * SELinux's context from /proc/PID/attr/current. An LSM the kernel does not
 * run has no such file (or refuses the read): then an optional label is
 * ok, a required one is a difference (enforce would not have started the
 * command). Landlock has no interface that reads a process's domain. */
#include <stdlib.h>
#include <string.h>

#include "verify/verify.h"

/* The label text, first line, without AppArmor's " (enforce)" mode. */
static int read_label(pid_t pid, const char *file, char *out, size_t size)
{
	char *text = NULL;
	struct err e;
	if (proc_read(pid, file, &text, NULL, &e) < 0)
		return -1;
	size_t n = strcspn(text, "\n");
	text[n] = '\0';
	char *mode = strstr(text, " (");
	if (mode)
		*mode = '\0';
	snprintf(out, size, "%s", text);
	free(text);
	return out[0] ? 0 : -1;
}

void verify_lsm(struct vctx *c)
{
	const struct polb_view *v = c->v;
	if (!v->nlsm)
		vr_ok(c, "lsm", "(no AppArmor or SELinux label in the blob)");
	for (size_t i = 0; i < v->nlsm; i++) {
		const struct polb_lsm *l = &v->lsm[i];
		bool aa = l->kind == POLB_LSM_APPARMOR;
		const char *setting = aa ? "lsm.apparmor" : "lsm.selinux", *want = polb_str(v, l->name);
		char live[512];
		int r = read_label(c->pid, aa ? "attr/apparmor/current" : "attr/current", live, sizeof(live));
		if (r < 0 && aa)
			r = read_label(c->pid, "attr/current", live, sizeof(live));
		if (r < 0 && (l->flags & POLB_LSM_OPTIONAL))
			vr_ok(c, setting, "(optional: %s is not active for this process)",
			      aa ? "AppArmor" : "SELinux");
		else if (r < 0)
			vr_differs(c, setting, "%s is not active for this process; the blob requires %s",
				   aa ? "AppArmor" : "SELinux", want);
		else if (!strcmp(live, want))
			vr_ok(c, setting, "(%s)", live);
		else
			vr_differs(c, setting, "%s, the blob sets %s", live, want);
	}
	if (v->landlock)
		vr_unchecked(c, "landlock", "the kernel offers no way to read a process's Landlock domain");
}
