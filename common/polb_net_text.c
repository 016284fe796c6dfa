/* A network rule in the language's own spelling: the one printer of the
 * network section (polc dump/explain/diff/export, enforce -v and
 * --dry-run). Apart from the reader so that code printing IR rules links
 * it without the reader. */
#include <arpa/inet.h>
#include <stdbool.h>
#include <stdio.h>

#include "polb_reader.h"

/* The address of r as the language spells it; IPv6 in brackets when a port
 * follows. */
static void addr_text(const struct polb_net_rule *r, bool bracket, char *buf, size_t size)
{
	char a[INET6_ADDRSTRLEN];
	inet_ntop(r->flags & POLB_NET_V6 ? AF_INET6 : AF_INET, r->addr, a, sizeof(a));
	snprintf(buf, size, bracket && (r->flags & POLB_NET_V6) ? "[%s]" : "%s", a);
}

const char *polb_net_proto_name(uint32_t proto)
{
	return proto == 6 ? "tcp" : proto == 17 ? "udp" : "?";
}

/* One rule in the language's own spelling: the one printer used by polc
 * dump/explain/diff/export and enforce's -v and --dry-run lines. */
const char *polb_net_format(const struct polb_net_rule *r, const char *name, char *buf,
			    size_t size)
{
	char a[INET6_ADDRSTRLEN + 2];
	const char *proto = polb_net_proto_name(r->proto);
	switch (r->kind) {
	case POLB_NET_PUBLISH:
		if (r->flags & POLB_NET_ANY_ADDR) {
			snprintf(buf, size, "publish %s %u %u", proto, r->host_port, r->port);
		} else {
			addr_text(r, true, a, sizeof(a));
			snprintf(buf, size, "publish %s %s:%u %u", proto, a, r->host_port, r->port);
		}
		break;
	case POLB_NET_LISTEN:
		addr_text(r, true, a, sizeof(a));
		snprintf(buf, size, "listen %s %s:%u name %s", proto, a, r->host_port,
			 name ? name : "?");
		break;
	case POLB_NET_CONNECT: {
		char port[12] = "any";
		if (r->port)
			snprintf(port, sizeof(port), "%u", r->port);
		addr_text(r, false, a, sizeof(a));
		snprintf(buf, size, "connect %s %s/%u %s%s", proto, a, r->prefix, port,
			 r->flags & POLB_NET_OPTIONAL ? " optional" : "");
		break;
	}
	default:
		snprintf(buf, size, "dns host");
	}
	return buf;
}
