/* The child -> parent channel (channel.h): a SOCK_SEQPACKET socketpair,
 * close-on-exec on both ends. A packet is one struct chan_msg, so a message
 * is never split or merged; EOF on the parent's end means every copy of the
 * child's end is gone: its execve succeeded or it died. */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "channel.h"
#include "enforce.h"

int chan_pair(int fds[2], struct err *e)
{
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, fds) < 0)
		return err_set(e, errno, "channel", "socketpair");
	return 0;
}

int chan_send(int fd, uint32_t type, const void *body, size_t len)
{
	struct chan_msg m;
	memset(&m, 0, sizeof(m));
	m.type = type;
	if (len > sizeof(m.u))
		len = sizeof(m.u);
	if (body)
		memcpy(&m.u, body, len);
	ssize_t n;
	do
		n = send(fd, &m, sizeof(m.type) + len, MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	return n < 0 ? -1 : 0;
}

/* A message with one fd attached (SCM_RIGHTS): the parent gets its own
 * copy, the sender may close its one at once. */
int chan_send_fd(int fd, uint32_t type, int passed)
{
	struct chan_msg m;
	memset(&m, 0, sizeof(m));
	m.type = type;
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} ctl;
	memset(&ctl, 0, sizeof(ctl));
	struct iovec iov = { .iov_base = &m, .iov_len = sizeof(m.type) };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl.buf,
			     .msg_controllen = sizeof(ctl.buf) };
	struct cmsghdr *cm = CMSG_FIRSTHDR(&mh);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &passed, sizeof(int));
	ssize_t n;
	do
		n = sendmsg(fd, &mh, MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	return n < 0 ? -1 : 0;
}

int chan_send_err(int fd, const struct err *e)
{
	struct err_wire w;
	err_to_wire(e, &w);
	return chan_send(fd, CHAN_ERR, &w, sizeof(w));
}

int chan_wait_value(int fd, uint32_t want, uint32_t *value, struct err *e)
{
	struct chan_msg m;
	ssize_t n;
	do
		n = recv(fd, &m, sizeof(m), 0);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return err_set(e, errno, "channel", "waiting for the parent");
	if (n == 0)
		return err_set(e, 0, "channel", "the parent went away");
	if ((size_t)n < sizeof(m.type) || m.type != want ||
	    (value && (size_t)n < sizeof(m.type) + sizeof(m.u.status)))
		return err_set(e, 0, "channel", "unexpected message %u from the parent",
			       n >= (ssize_t)sizeof(m.type) ? m.type : 0);
	if (value)
		*value = m.u.status;
	return 0;
}

int chan_wait(int fd, uint32_t want, struct err *e)
{
	return chan_wait_value(fd, want, NULL, e);
}

/* Every fd of one SCM_RIGHTS header: the first kept in *passed when it is
 * asked for and still free, the rest closed. */
static void take_fds(const struct cmsghdr *c, int *passed)
{
	size_t nfds = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
	for (size_t i = 0; i < nfds; i++) {
		int fd;
		memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof(int));
		if (passed && *passed < 0)
			*passed = fd;
		else
			close(fd);
	}
}

ssize_t chan_recv(int fd, int flags, struct chan_msg *m, pid_t *sender, int *passed)
{
	union {
		char buf[CMSG_SPACE(sizeof(struct ucred)) + CMSG_SPACE(sizeof(int) * 4)];
		struct cmsghdr align;
	} ctl;
	struct iovec iov = { .iov_base = m, .iov_len = sizeof(*m) };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl.buf,
			     .msg_controllen = sizeof(ctl.buf) };
	ssize_t n;
	/* ECONNRESET: the peer went with a packet of ours unread. The kernel
	 * reports that once, ahead of the queue; what the peer sent first (its
	 * CHAN_ERR) is still there and must not be taken for EOF. */
	do
		n = recvmsg(fd, &mh, flags | MSG_CMSG_CLOEXEC);
	while (n < 0 && (errno == EINTR || errno == ECONNRESET));
	*sender = 0;
	if (passed)
		*passed = -1;
	if (n < 0)
		return n;
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c))
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_CREDENTIALS) {
			struct ucred uc;
			memcpy(&uc, CMSG_DATA(c), sizeof(uc));
			*sender = uc.pid;
		} else if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
			take_fds(c, passed);
		}
	return n;
}
