/* `notify relay`: a Type=notify service under systemd (sd_notify(3)).
 *
 * The container never gets the caller's NOTIFY_SOCKET. The child, in its
 * own network namespace, binds a datagram socket at an abstract name
 * there (NOTIFY_SOCKET=@enforce-notify in the command's environment) and
 * hands it to the supervisor over the channel. The supervisor reads each
 * datagram and passes on only the lines that tell state (READY=1,
 * STATUS=..., STOPPING=1, RELOADING=1, WATCHDOG=1, ERRNO=, ...) from its own
 * socket, connected to the caller's NOTIFY_SOCKET before anything was built:
 * to systemd the sender is enforce, the unit's main process, as
 * NotifyAccess=main wants. MAINPID= (a pid of the container's namespace, or
 * a host pid forged), FDSTORE= and every other line are dropped
 * (notify_filter.c), and fds
 * sent along are never received (no control buffer: the kernel discards
 * them). An abstract name lives in one network namespace: the relay needs
 * `unshare net` (polc check and this file refuse it otherwise), so only the
 * container's processes can reach it, and the container reaches no other
 * socket through it. Why not bind the caller's socket in: that would hand
 * the container systemd's whole protocol (MAINPID=, FDSTORE=, BARRIER=) and
 * a path into the host's /run; and an abstract NOTIFY_SOCKET of the host is
 * out of reach from another network namespace anyway.
 *
 * The socket is made after the Landlock rulesets are in force: Landlock's
 * abstract-socket scope (ABI 6, on by default) lets the container connect
 * only to abstract sockets made inside its own domain. */
#include <errno.h>
#include <poll.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <sys/un.h>
#include <unistd.h>

#include "channel.h"
#include "enforce.h"

#define NOTIFY_INSIDE "enforce-notify" /* abstract, in the container's netns */
#define NOTIFY_LAST_WAIT_MS 5000      /* at the end, for a manager that is slow to read */

static socklen_t notify_addr(const char *name, struct sockaddr_un *sa)
{
	size_t n = strlen(name);
	memset(sa, 0, sizeof(*sa));
	sa->sun_family = AF_UNIX;
	memcpy(sa->sun_path, name, n);
	if (name[0] == '@')
		sa->sun_path[0] = '\0'; /* systemd's spelling of an abstract name */
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n + (name[0] == '@' ? 0 : 1));
}

int notify_prepare(struct enforce_ctx *c, struct err *e)
{
	if (!(c->v->process->flags & POLB_PROC_NOTIFY_RELAY))
		return 0;
	if (!(c->ns.clone_flags & CLONE_NEWNET))
		return err_set(e, 0, "notify", "notify relay needs `unshare net`: its abstract socket "
			       "would be reachable by every process of a shared network namespace");
	const char *to = getenv("NOTIFY_SOCKET");
	if (!to || !to[0]) {
		vlog("notify", "no NOTIFY_SOCKET from the caller: nothing to relay");
		return 0;
	}
	struct sockaddr_un sa;
	if ((to[0] != '/' && to[0] != '@') || strlen(to) >= sizeof(sa.sun_path))
		return err_set(e, 0, "notify", "NOTIFY_SOCKET=%.200s: not an absolute path or "
			       "@abstract name shorter than %zu bytes", to, sizeof(sa.sun_path));
	socklen_t len = notify_addr(to, &sa);
	int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return err_set(e, errno, "notify", "socket");
	if (connect(fd, (struct sockaddr *)&sa, len) < 0) {
		int saved = errno;
		close(fd);
		return err_set(e, saved, "notify", "NOTIFY_SOCKET=%.200s", to);
	}
	c->notify.out = fd;
	if (c->dry_run)
		return 0;
	vlog("notify", "relaying to NOTIFY_SOCKET=%s; inside NOTIFY_SOCKET=@" NOTIFY_INSIDE, to);
	return env_set(c, "NOTIFY_SOCKET", "@" NOTIFY_INSIDE, e);
}

/* Child, after Landlock (see the top of this file), before the fds are
 * closed. */
int notify_child_bind(const struct enforce_ctx *c, struct err *e)
{
	if (c->notify.out < 0)
		return 0;
	struct sockaddr_un sa;
	socklen_t len = notify_addr("@" NOTIFY_INSIDE, &sa);
	int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return err_set(e, errno, "notify", "socket");
	if (bind(fd, (struct sockaddr *)&sa, len) < 0 || chan_send_fd(c->chan_fd, CHAN_NOTIFY_FD, fd) < 0) {
		int saved = errno;
		close(fd);
		return err_set(e, saved, "notify", "@" NOTIFY_INSIDE " in the container's network namespace");
	}
	close(fd); /* the supervisor's copy is the only one: the container cannot read it */
	vlog("notify", "@" NOTIFY_INSIDE " bound, handed to the supervisor");
	return 0;
}

/* Pass lines on; what the manager's full queue does not take now is
 * merged into the pending lines, which go first once it reads again. */
static void notify_pass(struct notify_state *ns, const char *lines, size_t n)
{
	if (!ns->pending_len && send(ns->out, lines, n, MSG_DONTWAIT | MSG_NOSIGNAL) == (ssize_t)n) {
		vlog("notify", "relayed %.*s", (int)n - 1, lines);
		return;
	}
	if (ns->pending_len || errno == EAGAIN) {
		ns->pending_len = notify_merge(ns->pending, ns->pending_len, sizeof(ns->pending), lines, n);
		return;
	}
	vlog("notify", "to NOTIFY_SOCKET: %s", strerror(errno));
}

/* Every datagram waiting; each passed on at once or, while the manager's
 * queue is full, merged into the last state of each key. Nothing blocks
 * and nothing grows: a container that floods the socket can neither stall
 * the supervisor nor push its READY=1 out. */
void notify_relay(struct enforce_ctx *c)
{
	char msg[NOTIFY_MAX + 1], out[NOTIFY_MAX];
	for (;;) {
		struct iovec iov = { .iov_base = msg, .iov_len = sizeof(msg) };
		struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 }; /* no control: fds dropped */
		ssize_t n = recvmsg(c->notify.in, &mh, MSG_DONTWAIT);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		if ((size_t)n > NOTIFY_MAX || (mh.msg_flags & (MSG_TRUNC | MSG_CTRUNC))) {
			vlog("notify", "dropped a datagram (%s)", (size_t)n > NOTIFY_MAX ? "over 4096 bytes"
								   : "it carried fds or credentials");
			continue;
		}
		size_t keep = notify_filter(msg, (size_t)n, out, sizeof(out));
		if (keep)
			notify_pass(&c->notify, out, keep);
	}
	notify_flush(c);
}

/* The first lines of the pending ones that fit one datagram. */
static size_t pending_chunk(const struct notify_state *ns)
{
	size_t used = 0;
	while (used < ns->pending_len) {
		const char *nl = memchr(ns->pending + used, '\n', ns->pending_len - used);
		size_t n = nl ? (size_t)(nl - (ns->pending + used)) + 1 : ns->pending_len - used;
		if (used + n > NOTIFY_MAX)
			break;
		used += n;
	}
	return used;
}

void notify_flush(struct enforce_ctx *c)
{
	struct notify_state *ns = &c->notify;
	while (ns->pending_len) {
		size_t n = pending_chunk(ns);
		if (send(ns->out, ns->pending, n, MSG_DONTWAIT | MSG_NOSIGNAL) < 0) {
			if (errno == EAGAIN || errno == EINTR)
				return;
			vlog("notify", "to NOTIFY_SOCKET: %s; %zu bytes not relayed", strerror(errno),
			     ns->pending_len);
			ns->pending_len = 0;
			return;
		}
		vlog("notify", "relayed %.*s (held while the manager's queue was full)", (int)n - 1,
		     ns->pending);
		memmove(ns->pending, ns->pending + n, ns->pending_len - n);
		ns->pending_len -= n;
	}
}

static long ms_since(const struct timespec *t0)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - t0->tv_sec) * 1000 + (now.tv_nsec - t0->tv_nsec) / 1000000;
}

void notify_flush_wait(struct enforce_ctx *c)
{
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	notify_flush(c);
	while (c->notify.pending_len) {
		long left = NOTIFY_LAST_WAIT_MS - ms_since(&t0);
		struct pollfd p = { .fd = c->notify.out, .events = POLLOUT };
		if (left <= 0 || (poll(&p, 1, (int)left) < 0 && errno != EINTR)) {
			warnx_line("notify: the service manager took no message for %d ms: the "
				   "service's last %zu bytes of state were not relayed",
				   NOTIFY_LAST_WAIT_MS, c->notify.pending_len);
			c->notify.pending_len = 0;
			return;
		}
		notify_flush(c);
	}
}

void notify_close(struct enforce_ctx *c)
{
	if (c->notify.in >= 0)
		close(c->notify.in);
	if (c->notify.out >= 0)
		close(c->notify.out);
	c->notify.in = c->notify.out = -1;
}

void notify_plan(const struct enforce_ctx *c, FILE *out)
{
	if (c->v->process->flags & POLB_PROC_NOTIFY_RELAY)
		plan_line(out, "notify", "%s", c->notify.out >= 0
			  ? "NOTIFY_SOCKET=@" NOTIFY_INSIDE " inside; READY=1, STATUS= and the other "
			    "state lines relayed to the caller's NOTIFY_SOCKET, nothing else"
			  : "no NOTIFY_SOCKET from the caller: nothing to relay");
}
