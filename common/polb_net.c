/* Record rules of the network section (polb.h, docs/network.md): every
 * field an enforcer or `polc dump` reads is checked here, as the rest of
 * the blob is in polb_records.c. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "polb_reader_int.h"

static int check_addr(struct polb_rd *rd, const struct polb_net_rule *r)
{
	bool v6 = r->flags & POLB_NET_V6;
	unsigned bits = v6 ? 128 : 32;
	static const uint8_t zero[16];
	if (!v6 && memcmp(r->addr + 4, zero, 12))
		return polb_bad(rd, "IPv4 address with bytes past the fourth");
	if ((r->flags & POLB_NET_ANY_ADDR) && (r->kind != POLB_NET_PUBLISH || memcmp(r->addr, zero, 16)))
		return polb_bad(rd, "any-address flag on a rule that is not a plain publish");
	if (r->kind != POLB_NET_CONNECT) {
		if (r->prefix)
			return polb_bad(rd, "prefix on a rule that is not connect");
		return 0;
	}
	if (r->prefix > bits)
		return polb_bad(rd, "prefix /%u longer than the address", r->prefix);
	/* the bits past the prefix are zero: one spelling per network */
	for (unsigned b = r->prefix; b < bits; b++)
		if (r->addr[b / 8] & (0x80u >> (b % 8)))
			return polb_bad(rd, "address has bits set past its /%u prefix", r->prefix);
	return 0;
}

static int check_ports(struct polb_rd *rd, const struct polb_net_rule *r)
{
	switch (r->kind) {
	case POLB_NET_PUBLISH:
		if (!r->host_port || r->host_port > 65535 || !r->port || r->port > 65535)
			return polb_bad(rd, "publish ports %u -> %u not in 1..65535", r->host_port, r->port);
		return 0;
	case POLB_NET_LISTEN:
		if (!r->host_port || r->host_port > 65535 || r->port)
			return polb_bad(rd, "listen port %u not in 1..65535", r->host_port);
		return 0;
	case POLB_NET_CONNECT:
		if (r->host_port || r->port > 65535)
			return polb_bad(rd, "connect port %u above 65535", r->port);
		return 0;
	default:
		return 0;
	}
}

static int check_rule(struct polb_rd *rd, const struct polb_net_rule *r)
{
	if (r->kind < POLB_NET_PUBLISH || r->kind > POLB_NET_DNS)
		return polb_bad(rd, "unknown kind %u", r->kind);
	if (r->flags & ~(uint32_t)POLB_NET_ALL)
		return polb_bad(rd, "unknown flags 0x%x", r->flags);
	if (r->kind == POLB_NET_DNS) {
		static const struct polb_net_rule dns = { .kind = POLB_NET_DNS };
		if (memcmp(r, &dns, sizeof(dns)))
			return polb_bad(rd, "dns rule with fields set");
		return 0;
	}
	if (r->proto != 6 && r->proto != 17)
		return polb_bad(rd, "protocol %u is neither tcp (6) nor udp (17)", r->proto);
	if ((r->flags & POLB_NET_OPTIONAL) && r->kind != POLB_NET_CONNECT)
		return polb_bad(rd, "optional flag on a rule that is not connect");
	if (check_addr(rd, r) < 0 || check_ports(rd, r) < 0)
		return -1;
	unsigned name_rules = r->kind == POLB_NET_LISTEN ? POLB_S_REQUIRED | POLB_S_WORD : POLB_S_ABSENT;
	return polb_check_str(rd, r->name, "name", name_rules);
}

int polb_rec_network(struct polb_rd *rd, const void *body, size_t n)
{
	const struct polb_net_rule *r = body;
	size_t listens = 0;
	for (size_t i = 0; i < n; i++) {
		rd->entry = (long)i;
		if (check_rule(rd, &r[i]) < 0)
			return -1;
		listens += r[i].kind == POLB_NET_LISTEN;
	}
	if (listens > POLB_MAX_LISTEN)
		return polb_bad(rd, "%zu listening sockets, at most %u", listens, POLB_MAX_LISTEN);
	rd->v->net = r;
	rd->v->nnet = n;
	return 0;
}
