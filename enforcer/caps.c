/* Capabilities, in the order that leaves no window: the bounding set first
 * (while we still hold CAP_SETPCAP), then after the uid change the
 * inheritable, permitted and effective sets to exactly `keep`, then the
 * ambient set raised as asked (so a non-root command keeps them across
 * execve). Then no_new_privs. A blob without a capabilities section leaves
 * the sets as the kernel's rules make them. */
#include <errno.h>
#include <sys/capability.h>
#include <sys/prctl.h>

#include "enforce.h"

static int cap_last(void)
{
	int n = (int)cap_max_bits();
	return n > 64 ? 63 : n - 1;
}

int caps_drop_bounding(const struct polb_view *v, struct err *e)
{
	if (!v->caps)
		return 0;
	int dropped = 0;
	for (int cap = 0; cap <= cap_last(); cap++) {
		if (v->caps->keep & (1ull << cap))
			continue;
		if (cap_drop_bound((cap_value_t)cap) < 0 && errno != EINVAL)
			return err_set(e, errno, "caps", "drop %s from the bounding set",
				       cap_to_name((cap_value_t)cap));
		dropped++;
	}
	vlog("caps", "bounding set: dropped %d", dropped);
	return 0;
}

static int caps_set_sets(uint64_t keep, struct err *e)
{
	cap_t caps = cap_init();
	if (!caps)
		return err_set(e, errno, "caps", "cap_init");
	for (int cap = 0; cap <= cap_last(); cap++) {
		if (!(keep & (1ull << cap)))
			continue;
		cap_value_t val = (cap_value_t)cap;
		if (cap_set_flag(caps, CAP_PERMITTED, 1, &val, CAP_SET) < 0 ||
		    cap_set_flag(caps, CAP_EFFECTIVE, 1, &val, CAP_SET) < 0 ||
		    cap_set_flag(caps, CAP_INHERITABLE, 1, &val, CAP_SET) < 0) {
			cap_free(caps);
			return err_set(e, errno, "caps", "set %s", cap_to_name(val));
		}
	}
	int r = cap_set_proc(caps);
	int saved = errno;
	cap_free(caps);
	if (r < 0)
		return err_set(e, saved, "caps", "set inheritable, permitted, effective "
			       "(a kept capability this process does not hold?)");
	return 0;
}

int caps_apply(const struct polb_view *v, struct err *e)
{
	if (!v->caps)
		return 0;
	if (caps_set_sets(v->caps->keep, e) < 0)
		return -1;
	/* One prctl: libcap's cap_reset_ambient() first asks the kernel about
	 * each of the 41 bits (PR_CAP_AMBIENT_IS_SET), then makes this same
	 * call. EINVAL: a kernel without ambient capabilities has none to clear. */
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && errno != EINVAL)
		return err_set(e, errno, "caps", "clear the ambient set");
	for (int cap = 0; cap <= cap_last(); cap++) {
		if (!(v->caps->ambient & (1ull << cap)))
			continue;
		if (cap_set_ambient((cap_value_t)cap, CAP_SET) < 0)
			return err_set(e, errno, "caps", "raise %s in the ambient set",
				       cap_to_name((cap_value_t)cap));
	}
	vlog("caps", "keep %#llx, ambient %#llx", (unsigned long long)v->caps->keep,
	     (unsigned long long)v->caps->ambient);
	return 0;
}

int no_new_privs_apply(const struct polb_view *v, struct err *e)
{
	if (!(v->process->flags & POLB_PROC_NO_NEW_PRIVS))
		return 0;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return err_set(e, errno, "no_new_privs", "prctl");
	vlog("no_new_privs", "on");
	return 0;
}

static void caps_list(FILE *out, const char *what, uint64_t set)
{
	char buf[1024];
	size_t len = 0;
	buf[0] = '\0';
	for (int cap = 0; cap < 64 && len < sizeof(buf) - 40; cap++)
		if (set & (1ull << cap)) {
			char *name = cap_to_name((cap_value_t)cap);
			len += (size_t)snprintf(buf + len, sizeof(buf) - len, " %s", name);
			cap_free(name);
		}
	plan_line(out, "caps", "%s:%s", what, len ? buf : " (none)");
}

void caps_plan(const struct polb_view *v, FILE *out)
{
	if (!v->caps) {
		plan_line(out, "caps", "no capabilities section: left as the kernel sets them");
	} else {
		plan_line(out, "caps", "drop every capability not kept from the bounding set (first)");
		caps_list(out, "keep (inheritable, permitted, effective)", v->caps->keep);
		caps_list(out, "ambient", v->caps->ambient);
	}
}

void nnp_plan(const struct polb_view *v, FILE *out)
{
	plan_line(out, "no_new_privs", "%s", v->process->flags & POLB_PROC_NO_NEW_PRIVS ? "on" : "off");
}
