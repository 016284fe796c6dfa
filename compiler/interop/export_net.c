/* The network section in other runtimes' terms, for polc export:
 *   oci      the runtime spec has no ports, sockets or egress rules: each
 *            rule is a warning (publish names the `docker run -p` that
 *            gives it)
 *   k8s      publish -> container ports (containerPort, hostPort, hostIP);
 *            connect -> a NetworkPolicy with one egress rule per connect
 *   systemd  connect -> IPAddressDeny=any plus IPAddressAllow= (addresses
 *            only: systemd filters no ports there); the container ports of
 *            publish -> SocketBindAllow=; listen -> the matching .socket
 *            unit's ListenStream=/ListenDatagram= lines, as comments
 * What a target cannot say is a warning naming the rule. */
#include "interop/export.h"

#include <arpa/inet.h>
#include <stdio.h>

static const char *proto_upper(uint8_t p)
{
	return p == 6 ? "TCP" : "UDP";
}

static void cidr(const struct ir_net_rule *r, char *buf, size_t size)
{
	char a[INET6_ADDRSTRLEN];
	inet_ntop(r->v6 ? AF_INET6 : AF_INET, r->addr, a, sizeof(a));
	snprintf(buf, size, "%s/%u", a, r->prefix);
}

void export_net_oci(struct export_ctx *x)
{
	const struct ir_network *n = &x->ir->network;
	char text[160], a[INET6_ADDRSTRLEN];
	for (size_t i = 0; i < n->nrules; i++) {
		const struct ir_net_rule *r = &n->rules[i];
		ir_net_text(r, text, sizeof(text));
		if (r->kind == IR_NET_PUBLISH) {
			inet_ntop(r->v6 ? AF_INET6 : AF_INET, r->addr, a, sizeof(a));
			export_warn(x, "%s: the OCI runtime spec has no ports (docker run -p %s%s%u:%u/%s)", text,
				    r->any_addr ? "" : a, r->any_addr ? "" : ":", r->host_port, r->port,
				    r->proto == 6 ? "tcp" : "udp");
		} else {
			export_warn(x, "%s: not expressible in the OCI runtime spec", text);
		}
	}
}

static json_object *k8s_ports(struct export_ctx *x)
{
	const struct ir_network *n = &x->ir->network;
	json_object *ports = json_object_new_array();
	char a[INET6_ADDRSTRLEN], text[160];
	for (size_t i = 0; i < n->nrules; i++) {
		const struct ir_net_rule *r = &n->rules[i];
		if (r->kind == IR_NET_LISTEN)
			export_warn(x, "%s: Kubernetes has no socket activation",
				    ir_net_text(r, text, sizeof(text)));
		if (r->kind != IR_NET_PUBLISH)
			continue;
		json_object *p = json_object_new_object();
		json_object_object_add(p, "containerPort", json_object_new_int(r->port));
		json_object_object_add(p, "hostPort", json_object_new_int(r->host_port));
		json_object_object_add(p, "protocol", json_object_new_string(proto_upper(r->proto)));
		if (!r->any_addr) {
			inet_ntop(r->v6 ? AF_INET6 : AF_INET, r->addr, a, sizeof(a));
			json_object_object_add(p, "hostIP", json_object_new_string(a));
		}
		json_object_array_add(ports, p);
	}
	return ports;
}

static json_object *k8s_network_policy(const struct pol_ir *ir)
{
	const struct ir_network *n = &ir->network;
	json_object *egress = json_object_new_array();
	size_t count = 0;
	for (size_t i = 0; i < n->nrules; i++) {
		const struct ir_net_rule *r = &n->rules[i];
		if (r->kind != IR_NET_CONNECT)
			continue;
		char c[64];
		cidr(r, c, sizeof(c));
		json_object *block = json_object_new_object(), *to = json_object_new_object(),
			    *rule = json_object_new_object(), *tos = json_object_new_array();
		json_object_object_add(block, "cidr", json_object_new_string(c));
		json_object_object_add(to, "ipBlock", block);
		json_object_array_add(tos, to);
		json_object_object_add(rule, "to", tos);
		json_object *port = json_object_new_object(), *ports = json_object_new_array();
		json_object_object_add(port, "protocol", json_object_new_string(proto_upper(r->proto)));
		if (r->port)
			json_object_object_add(port, "port", json_object_new_int(r->port));
		json_object_array_add(ports, port);
		json_object_object_add(rule, "ports", ports);
		json_object_array_add(egress, rule);
		count++;
	}
	if (!count) {
		json_object_put(egress);
		return NULL;
	}
	json_object *np = json_object_new_object(), *meta = json_object_new_object(),
		    *spec = json_object_new_object(), *types = json_object_new_array();
	json_object_object_add(np, "apiVersion", json_object_new_string("networking.k8s.io/v1"));
	json_object_object_add(np, "kind", json_object_new_string("NetworkPolicy"));
	json_object_object_add(meta, "name", json_object_new_string(ir->name ? ir->name : "policy"));
	json_object_object_add(np, "metadata", meta);
	json_object_object_add(spec, "podSelector", json_object_new_object());
	json_object_array_add(types, json_object_new_string("Egress"));
	json_object_object_add(spec, "policyTypes", types);
	json_object_object_add(spec, "egress", egress);
	json_object_object_add(np, "spec", spec);
	return np;
}

void export_net_k8s(struct export_ctx *x, json_object *doc, json_object *container)
{
	if (!x->ir->network.set)
		return;
	json_object_object_add(container, "ports", k8s_ports(x));
	json_object *np = k8s_network_policy(x->ir);
	if (np)
		json_object_object_add(doc, "networkPolicy", np);
	if (x->ir->network.dns_host)
		export_warn(x, "dns host: a pod's DNS is the cluster's (dnsPolicy), not exported");
}

void export_net_systemd(struct export_ctx *x, FILE *out)
{
	const struct ir_network *n = &x->ir->network;
	char text[160], c[64], a[INET6_ADDRSTRLEN];
	bool any_connect = false;
	for (size_t i = 0; i < n->nrules; i++) {
		const struct ir_net_rule *r = &n->rules[i];
		switch (r->kind) {
		case IR_NET_CONNECT:
			if (!any_connect)
				fputs("IPAddressDeny=any\n", out);
			any_connect = true;
			cidr(r, c, sizeof(c));
			fprintf(out, "IPAddressAllow=%s\n", c);
			if (r->port)
				export_warn(x, "%s: IPAddressAllow= filters addresses, not ports",
					    ir_net_text(r, text, sizeof(text)));
			break;
		case IR_NET_PUBLISH:
			if (export_systemd_has(x, "SocketBindAllow", "the service may bind any port"))
				fprintf(out, "SocketBindAllow=%s:%u\n", r->proto == 6 ? "tcp" : "udp", r->port);
			export_warn(x, "%s: systemd publishes no ports into a private network",
				    ir_net_text(r, text, sizeof(text)));
			break;
		case IR_NET_LISTEN:
			inet_ntop(r->v6 ? AF_INET6 : AF_INET, r->addr, a, sizeof(a));
			fprintf(out, "# in the .socket unit: %s=%s%s%s:%u (FileDescriptorName=%s)\n",
				r->proto == 6 ? "ListenStream" : "ListenDatagram", r->v6 ? "[" : "", a,
				r->v6 ? "]" : "", r->host_port, r->name);
			break;
		}
	}
}
