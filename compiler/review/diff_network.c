/* polc diff: the network section. A published port or a listening socket
 * that is new widens what reaches the container; an egress rule that is
 * new widens what it reaches, unless an old rule already covered it (same
 * protocol, a network that holds the new one, the same port or any). The
 * first connect rules narrow (egress was open), dropping them all widens
 * (it is open again). */
#include <string.h>

#include "diff.h"

static bool net_holds(const struct ir_net_rule *outer, const struct ir_net_rule *inner)
{
	if (outer->v6 != inner->v6 || outer->prefix > inner->prefix)
		return false;
	for (unsigned b = 0; b < outer->prefix; b++) {
		uint8_t m = (uint8_t)(0x80u >> (b % 8));
		if ((outer->addr[b / 8] & m) != (inner->addr[b / 8] & m))
			return false;
	}
	return true;
}

/* Is r allowed by one of n's rules of its kind? */
static bool covered(const struct ir_network *n, const struct ir_net_rule *r)
{
	for (size_t i = 0; i < n->nrules; i++) {
		const struct ir_net_rule *o = &n->rules[i];
		if (o->kind != r->kind || o->proto != r->proto)
			continue;
		if (r->kind == IR_NET_CONNECT) {
			if ((o->port == 0 || o->port == r->port) && net_holds(o, r) &&
			    (o->optional <= r->optional))
				return true;
		} else if (o->v6 == r->v6 && o->any_addr == r->any_addr &&
			   !memcmp(o->addr, r->addr, 16) && o->host_port == r->host_port &&
			   o->port == r->port) {
			return true;
		}
	}
	return false;
}

static bool has_connect(const struct ir_network *n)
{
	for (size_t i = 0; i < n->nrules; i++)
		if (n->rules[i].kind == IR_NET_CONNECT)
			return true;
	return false;
}

void diff_network(struct diff_report *r, const struct pol_ir *old, const struct pol_ir *new)
{
	const struct ir_network *o = &old->network, *n = &new->network;
	bool oc = has_connect(o), nc = has_connect(n);
	char text[160];
	for (size_t i = 0; i < n->nrules; i++) {
		const struct ir_net_rule *x = &n->rules[i];
		if (covered(o, x) || (x->kind == IR_NET_CONNECT && !oc))
			continue;
		diff_add(r, DIFF_ADDED, "network", &x->at, "%s", ir_net_text(x, text, sizeof(text)));
	}
	for (size_t i = 0; i < o->nrules; i++) {
		const struct ir_net_rule *x = &o->rules[i];
		if (covered(n, x) || (x->kind == IR_NET_CONNECT && !nc))
			continue;
		diff_add(r, DIFF_REMOVED, "network", &x->at, "%s", ir_net_text(x, text, sizeof(text)));
	}
	if (!oc && nc)
		diff_add(r, DIFF_REMOVED, "network", &n->at, "egress was open; now only the connect rules");
	if (oc && !nc)
		diff_add(r, DIFF_ADDED, "network", &n->at, "egress rules dropped: every destination is open");
	if (o->dns_host != n->dns_host)
		diff_add(r, n->dns_host ? DIFF_ADDED : DIFF_REMOVED, "network",
			 n->dns_host ? &n->dns_at : &o->dns_at, "dns host (the host's resolv.conf)");
}
