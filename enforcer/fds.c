/* Descriptors and the session, the last things before the command runs.
 * Every fd above 2 is closed (the caller's leaked fds are how runc
 * CVE-2024-21626 reached the host); the one kept is the channel, which is
 * close-on-exec. A new session drops the caller's controlling terminal, so
 * TIOCSTI cannot push keystrokes into it (bubblewrap CVE-2017-5226). */
#include <errno.h>
#include <linux/close_range.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "enforce.h"

static int close_from_to(unsigned int first, unsigned int last)
{
	if (first > last)
		return 0;
	return (int)syscall(SYS_close_range, first, last, 0);
}

int fds_close_above(int keep, struct err *e)
{
	int r;
	if (keep > 2)
		r = close_from_to(3, (unsigned int)keep - 1) < 0 ||
		    close_from_to((unsigned int)keep + 1, ~0u) < 0 ? -1 : 0;
	else
		r = close_from_to(3, ~0u);
	if (r < 0)
		return err_set(e, errno, "fds", "close every fd above 2");
	vlog("fds", "closed every fd above 2%s", keep > 2 ? " (the channel is close-on-exec)" : "");
	return 0;
}

int session_new(struct err *e)
{
	if (setsid() < 0)
		return err_set(e, errno, "session", "setsid");
	vlog("session", "new session, no controlling terminal");
	return 0;
}
