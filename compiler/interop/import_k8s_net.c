/* polc import k8s: the network section, the reverse of export_net.c's k8s
 * half:
 *
 *   container ports with a hostPort    publish PROTO [hostIP:]hostPort containerPort
 *   (without one a port is only the pod's own address: a note)
 *   an egress NetworkPolicy in the     connect PROTO CIDR PORT|any, one per
 *   file selecting the pod             (ipBlock, port) of each egress rule; a
 *                                      rule without `to` is every address,
 *                                      one without `ports` both protocols
 *
 * What a policy cannot say (pod and namespace selectors, ipBlock.except,
 * named ports, endPort ranges) is a note. */
#include "interop/import_k8s.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "interop/import_tree.h"

static int proto_of(const struct tree_in *t, json_object *o, uint8_t *proto)
{
	const char *p = tree_str(o, "protocol");
	if (!p || !strcmp(p, "TCP"))
		*proto = 6;
	else if (!strcmp(p, "UDP"))
		*proto = 17;
	else
		return 1; /* SCTP: no policy equivalent */
	(void)t;
	return 0;
}

static int one_port(const struct tree_in *t, json_object *p, bool host_net, struct pol_ir *ir,
		    struct import_notes *notes)
{
	bool hc, hh;
	uint64_t cport, hport;
	uint8_t proto;
	if (!json_object_is_type(p, json_type_object))
		return tree_bad(t, p, "ports", "expected a mapping");
	if (tree_uint(t, p, "containerPort", 65535, &hc, &cport) < 0 || tree_uint(t, p, "hostPort", 65535, &hh, &hport) < 0)
		return -1;
	if (!hc || !cport)
		return tree_bad(t, p, "containerPort", "expected a port (1..65535)");
	if (proto_of(t, p, &proto)) {
		import_note(notes, "port %llu/%s: polc publishes tcp and udp; left out", (unsigned long long)cport,
			    tree_str(p, "protocol"));
		return 0;
	}
	if (!hh || !hport) {
		import_note(notes, "port %llu: no hostPort, reachable on the pod's own address only; not a publish rule",
			    (unsigned long long)cport);
		return 0;
	}
	if (host_net) {
		import_note(notes, "port %llu: with hostNetwork the port is the host's own; not a publish rule",
			    (unsigned long long)cport);
		return 0;
	}
	const char *ip = tree_str(p, "hostIP");
	if (import_add_net(ir, IR_NET_PUBLISH, proto, ip && *ip && strcmp(ip, "0.0.0.0") ? ip : NULL, 0,
			   (uint16_t)hport, (uint16_t)cport) < 0)
		return tree_bad(t, p, "hostIP", "expected an IPv4 or IPv6 address");
	return 0;
}

int k8s_import_ports(const struct tree_in *t, json_object *c, bool host_net, struct pol_ir *ir,
		     struct import_notes *notes)
{
	json_object *ports;
	if (tree_field(t, c, "ports", json_type_array, &ports) < 0)
		return -1;
	for (size_t i = 0; ports && i < json_object_array_length(ports); i++)
		if (one_port(t, json_object_array_get_idx(ports, i), host_net, ir, notes) < 0)
			return -1;
	return 0;
}

/* ---- NetworkPolicy ------------------------------------------------------ */

/* *selected: an empty podSelector, or matchLabels all among the pod's
 * labels. A podSelector or matchLabels that is not a mapping is refused:
 * which pods the policy means is then unknown, and json-c's object walk
 * has no check of its own (a scalar there was a NULL dereference). */
static int selects(const struct tree_in *t, json_object *np_spec, json_object *labels, bool *selected)
{
	json_object *sel, *ml;
	*selected = false;
	if (tree_field(t, np_spec, "podSelector", json_type_object, &sel) < 0 ||
	    tree_field(t, sel, "matchLabels", json_type_object, &ml) < 0)
		return -1;
	if (!sel || json_object_object_get_ex(sel, "matchExpressions", NULL))
		return 0;
	if (ml) {
		json_object_object_foreach(ml, key, val)
		{
			const char *want = json_object_get_string(val), *have = tree_str(labels, key);
			if (!have || !want || strcmp(have, want))
				return 0;
		}
	}
	*selected = true;
	return 0;
}

/* "10.0.0.0/8" -> the address text and prefix. */
static int cidr(const char *s, char *addr, size_t size, uint8_t *prefix)
{
	const char *slash = strchr(s, '/');
	char *end;
	if (!slash || (size_t)(slash - s) >= size || slash[1] < '0' || slash[1] > '9')
		return -1;
	unsigned long p = strtoul(slash + 1, &end, 10);
	if (*end || p > 128)
		return -1;
	memcpy(addr, s, (size_t)(slash - s));
	addr[slash - s] = '\0';
	*prefix = (uint8_t)p;
	return 0;
}

struct dest {
	const char *addr;
	uint8_t prefix;
};

/* The destinations of one egress rule: its ipBlocks, or every address. */
static int dests(const struct tree_in *t, json_object *rule, struct dest *out, size_t max, size_t *n,
		 char (*bufs)[64], struct import_notes *notes)
{
	json_object *to;
	*n = 0;
	if (tree_field(t, rule, "to", json_type_array, &to) < 0)
		return -1;
	if (!to || !json_object_array_length(to)) {
		out[(*n)++] = (struct dest){ "0.0.0.0", 0 };
		out[(*n)++] = (struct dest){ "::", 0 };
		return 0;
	}
	for (size_t i = 0; i < json_object_array_length(to); i++) {
		json_object *peer = json_object_array_get_idx(to, i), *block;
		if (tree_field(t, peer, "ipBlock", json_type_object, &block) < 0)
			return -1;
		const char *c = tree_str(block, "cidr");
		if (!block) {
			import_note(notes, "NetworkPolicy egress to pods or namespaces by selector: no policy equivalent; left out");
			continue;
		}
		if (!c || *n >= max || cidr(c, bufs[*n], sizeof(bufs[*n]), &out[*n].prefix) < 0)
			return tree_bad(t, block, "ipBlock", "expected cidr: ADDRESS/PREFIX");
		if (json_object_object_get_ex(block, "except", NULL))
			import_note(notes, "NetworkPolicy ipBlock %s except: the policy allows the whole block", c);
		out[*n].addr = bufs[*n];
		(*n)++;
	}
	return 0;
}

static int egress_rule(const struct tree_in *t, json_object *rule, struct pol_ir *ir, struct import_notes *notes)
{
	struct dest d[64];
	char bufs[64][64];
	size_t nd;
	json_object *ports;
	if (!json_object_is_type(rule, json_type_object))
		return tree_bad(t, rule, "egress", "expected a mapping");
	if (dests(t, rule, d, 64, &nd, bufs, notes) < 0 || tree_field(t, rule, "ports", json_type_array, &ports) < 0)
		return -1;
	size_t np = ports ? json_object_array_length(ports) : 0;
	for (size_t i = 0; i < nd; i++) {
		for (size_t j = 0; j < (np ? np : 2); j++) {
			json_object *p = np ? json_object_array_get_idx(ports, j) : NULL, *pv = NULL;
			uint8_t proto = j == 0 ? 6 : 17;
			uint64_t port = 0;
			if (p && proto_of(t, p, &proto))
				continue; /* SCTP */
			if (p && json_object_object_get_ex(p, "port", &pv) && !json_object_is_type(pv, json_type_int)) {
				import_note(notes, "NetworkPolicy port %s: a named port; left out", json_object_get_string(pv));
				continue;
			}
			bool has;
			if (p && tree_uint(t, p, "port", 65535, &has, &port) < 0)
				return -1;
			if (p && json_object_object_get_ex(p, "endPort", NULL))
				import_note(notes, "NetworkPolicy endPort: a port range; only its first port is allowed");
			if (import_add_net(ir, IR_NET_CONNECT, proto, d[i].addr, d[i].prefix, 0, (uint16_t)port) < 0)
				return tree_bad(t, rule, "ipBlock", "expected an IPv4 or IPv6 network");
		}
	}
	return 0;
}

int k8s_import_network_policies(const struct tree_in *t, json_object *docs, json_object *labels, struct pol_ir *ir,
				struct import_notes *notes)
{
	for (size_t i = 0; i < json_object_array_length(docs); i++) {
		json_object *d = json_object_array_get_idx(docs, i), *spec, *types, *egress;
		const char *kind = tree_str(d, "kind");
		if (!kind || strcmp(kind, "NetworkPolicy"))
			continue;
		if (tree_field(t, d, "spec", json_type_object, &spec) < 0 ||
		    tree_field(t, spec, "policyTypes", json_type_array, &types) < 0 ||
		    tree_field(t, spec, "egress", json_type_array, &egress) < 0)
			return -1;
		bool is_egress = false, selected;
		for (size_t j = 0; types && j < json_object_array_length(types); j++)
			is_egress |= !strcmp(json_object_get_string(json_object_array_get_idx(types, j)), "Egress");
		if (selects(t, spec, labels, &selected) < 0)
			return -1;
		if (!selected || !(is_egress || egress))
			continue;
		const char *name = tree_str(json_object_object_get(d, "metadata"), "name");
		if (!egress || !json_object_array_length(egress))
			import_note(notes, "NetworkPolicy %s denies all egress: a policy says that with no route out "
					   "(unshare net, nothing published); not imported", name ? name : "?");
		for (size_t j = 0; egress && j < json_object_array_length(egress); j++)
			if (egress_rule(t, json_object_array_get_idx(egress, j), ir, notes) < 0)
				return -1;
	}
	return 0;
}
