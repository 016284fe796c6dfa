/* Sockets the caller hands in (fds 0-2, LISTEN_FDS): what one of them could
 * reach from inside the container.
 *
 * A socket keeps the network namespace it was made in, and the cgroup: the
 * caller's. In a container with a network narrower than the host's (a
 * namespace of its own or one it joins, or connect rules, whose BPF
 * programs judge only sockets made in the container's cgroup) such a
 * socket reaches what the host reaches, unless all it can do is go on
 * with the conversation it has. The kernel decides which it can:
 *
 *   unix stream or seqpacket, connected or listening   fixed: connecting
 *                   again is EISCONN or EINVAL, and unix has no disconnect
 *   any other stream socket, connected (TCP: inetd, systemd's Accept=yes)
 *                   a byte stream, but connect(AF_UNSPEC) disconnects it
 *                   and it connects anew, in the host's namespace
 *   a listening stream socket, an IP datagram socket   what the policy's
 *                   `listen tcp` and `listen udp` rules hand in
 *   anything else (unconnected, unix datagram, netlink, packet, raw)
 *                   starts a conversation of its own choosing
 *
 * (docs/enforce.md, "Stdio and the terminal"; docs/network.md) */
#include <errno.h>
#include <stdio.h>
#include <sys/socket.h>

#include "enforce.h"

bool net_narrower_than_host(const struct polb_view *v)
{
	bool all_optional;
	return ns_wants(v, POLB_NS_NET, POLB_NS_UNSHARE) || ns_wants(v, POLB_NS_NET, POLB_NS_JOIN) ||
	       net_has_connect(v, &all_optional);
}

static const char *family_name(int family)
{
	switch (family) {
	case AF_UNIX:
		return "unix";
	case AF_INET:
		return "IPv4";
	case AF_INET6:
		return "IPv6";
	case AF_NETLINK:
		return "netlink";
	case AF_PACKET:
		return "packet";
	default:
		return "other";
	}
}

static const char *type_name(int type)
{
	switch (type) {
	case SOCK_STREAM:
		return "stream";
	case SOCK_DGRAM:
		return "datagram";
	case SOCK_SEQPACKET:
		return "seqpacket";
	case SOCK_RAW:
		return "raw";
	default:
		return "other";
	}
}

static int sockopt_int(int fd, int name, int *out)
{
	socklen_t len = sizeof(*out);
	return getsockopt(fd, SOL_SOCKET, name, out, &len);
}

int hostsock_classify(int fd, struct hostsock *hs)
{
	int family, type, listening;
	if (sockopt_int(fd, SO_DOMAIN, &family) < 0 || sockopt_int(fd, SO_TYPE, &type) < 0 ||
	    sockopt_int(fd, SO_ACCEPTCONN, &listening) < 0)
		return -1;
	struct sockaddr_storage peer;
	socklen_t plen = sizeof(peer);
	bool connected = !listening && getpeername(fd, (struct sockaddr *)&peer, &plen) == 0;
	bool ip = family == AF_INET || family == AF_INET6;
	bool stream = type == SOCK_STREAM || type == SOCK_SEQPACKET;
	if (family == AF_UNIX && stream && (connected || listening))
		hs->kind = HOSTSOCK_FIXED;
	else if (stream && connected)
		hs->kind = HOSTSOCK_STREAM;
	else if (stream && listening)
		hs->kind = HOSTSOCK_LISTENER;
	else if (ip && type == SOCK_DGRAM)
		hs->kind = HOSTSOCK_DGRAM;
	else
		hs->kind = HOSTSOCK_OPEN;
	snprintf(hs->what, sizeof(hs->what), "a%s %s %s socket",
		 listening ? " listening" : connected ? " connected" : "n unconnected",
		 family_name(family), type_name(type));
	return 0;
}
