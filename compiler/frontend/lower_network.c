/* network { publish, listen, connect, dns } (docs/network.md):
 *
 *   publish tcp|udp [ADDR:]HOST_PORT PORT   host port -> container port (pasta)
 *   listen tcp|udp ADDR:PORT [name NAME]    a socket bound on the host, fd 3..
 *   connect tcp|udp ADDR[/N] PORT|any [optional]   egress allow-list
 *   dns host                                the host's resolv.conf, read-only
 *
 * IPv6 addresses with a port are written in brackets: [::1]:8080. A file's
 * network section replaces the rules an earlier file (through `use`) gave,
 * as a capabilities section does: the rules a reviewer reads are all in one
 * place. */
#include "frontend/fe.h"
#include "vocab/vocab.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const words[] = { "publish", "listen", "connect", "dns" };
enum { N_PUBLISH, N_LISTEN, N_CONNECT, N_DNS, N_COUNT };

static int proto_of(struct fe_ctx *c, const struct ast_word *w, uint8_t *out)
{
	static const char *const protos[] = { "tcp", "udp" };
	int k = fe_keyword(c, w, "protocol", protos, 2);
	if (k < 0)
		return -1;
	*out = k == 0 ? 6 : 17;
	return 0;
}

/* An IPv4 or IPv6 address (no brackets) into r->addr, r->v6. */
static int parse_addr(const char *s, struct ir_net_rule *r)
{
	memset(r->addr, 0, sizeof(r->addr));
	if (inet_pton(AF_INET, s, r->addr) == 1) {
		r->v6 = false;
		return 0;
	}
	if (inet_pton(AF_INET6, s, r->addr) == 1) {
		r->v6 = true;
		return 0;
	}
	return -1;
}

static int port_of(struct fe_ctx *c, const struct ast_word *w, const char *text, bool zero_ok,
		   uint16_t *out)
{
	uint64_t v;
	if (!*text || text[0] == '-' || !fe_parse_number(text, &v) || v > 65535 || (!v && !zero_ok)) {
		diag_error(c->d, fe_word_loc(w), "'%s' is not a port (1..65535)", text);
		return -1;
	}
	*out = (uint16_t)v;
	return 0;
}

/* [ADDR:]PORT, [V6ADDR]:PORT. Without an address: every address (any_ok). */
static int endpoint(struct fe_ctx *c, const struct ast_word *w, bool any_ok, struct ir_net_rule *r)
{
	char buf[128];
	if (snprintf(buf, sizeof(buf), "%s", w->text) >= (int)sizeof(buf)) {
		diag_error(c->d, fe_word_loc(w), "address too long");
		return -1;
	}
	char *colon = buf[0] == '[' ? strstr(buf, "]:") : strrchr(buf, ':');
	if (!colon) {
		if (!any_ok) {
			diag_error(c->d, fe_word_loc(w), "expected ADDRESS:PORT, e.g. 127.0.0.1:9000");
			return -1;
		}
		r->any_addr = true;
		return port_of(c, w, buf, false, &r->host_port);
	}
	char *port = colon + (buf[0] == '[' ? 2 : 1);
	*colon = '\0';
	const char *addr = buf[0] == '[' ? buf + 1 : buf;
	if (parse_addr(addr, r) < 0 || (r->v6 && buf[0] != '[')) {
		diag_error(c->d, fe_word_loc(w), "'%s' is not an address (IPv6 is written [ADDR]:PORT)",
			   addr);
		return -1;
	}
	return port_of(c, w, port, false, &r->host_port);
}

/* ADDR or ADDR/N; the bits past the prefix must be zero. */
static int network_of(struct fe_ctx *c, const struct ast_word *w, struct ir_net_rule *r)
{
	char buf[128];
	snprintf(buf, sizeof(buf), "%s", w->text);
	char *slash = strchr(buf, '/');
	if (slash)
		*slash = '\0';
	if (parse_addr(buf, r) < 0) {
		diag_error(c->d, fe_word_loc(w), "'%s' is not an address or network (ADDR or ADDR/N)",
			   w->text);
		return -1;
	}
	unsigned bits = r->v6 ? 128 : 32;
	uint64_t prefix = bits;
	if (slash && (!fe_parse_number(slash + 1, &prefix) || slash[1] == '-' || prefix > bits)) {
		diag_error(c->d, fe_word_loc(w), "'/%s' is not a prefix length (0..%u)", slash + 1, bits);
		return -1;
	}
	for (unsigned b = (unsigned)prefix; b < bits; b++)
		if (r->addr[b / 8] & (0x80u >> (b % 8))) {
			diag_error(c->d, fe_word_loc(w), "'%s' has host bits set past /%u", w->text,
				   (unsigned)prefix);
			return -1;
		}
	r->prefix = (uint8_t)prefix;
	return 0;
}

static bool plain_word(const char *s)
{
	size_t n = strlen(s);
	if (!n || n > 64)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
		      *s == '_' || *s == '-' || *s == '.'))
			return false;
	return true;
}

static int lower_publish(struct fe_ctx *c, const struct ast_stmt *s, struct ir_net_rule *r)
{
	if (fe_arity(c, s, 3, 3, "tcp|udp [ADDRESS:]HOST_PORT PORT") < 0 ||
	    proto_of(c, s->args.v[0], &r->proto) < 0 || endpoint(c, s->args.v[1], true, r) < 0)
		return -1;
	return port_of(c, s->args.v[2], s->args.v[2]->text, false, &r->port);
}

static int lower_listen(struct fe_ctx *c, const struct ast_stmt *s, struct ir_net_rule *r)
{
	if (fe_arity(c, s, 2, 4, "tcp|udp ADDRESS:PORT [name NAME]") < 0 ||
	    proto_of(c, s->args.v[0], &r->proto) < 0 || endpoint(c, s->args.v[1], false, r) < 0)
		return -1;
	char name[80];
	snprintf(name, sizeof(name), "%s-%u", r->proto == 6 ? "tcp" : "udp", r->host_port);
	if (s->args.n > 2) {
		static const char *const nm[] = { "name" };
		if (s->args.n != 4 || fe_keyword(c, s->args.v[2], "expected 'name NAME'", nm, 1) < 0)
			return -1;
		if (!plain_word(s->args.v[3]->text)) {
			diag_error(c->d, fe_word_loc(s->args.v[3]),
				   "socket name '%s' is not a plain word of at most 64 characters",
				   s->args.v[3]->text);
			return -1;
		}
		snprintf(name, sizeof(name), "%s", s->args.v[3]->text);
	}
	r->name = fe_strdup(name);
	return 0;
}

static int lower_connect(struct fe_ctx *c, const struct ast_stmt *s, struct ir_net_rule *r)
{
	if (fe_arity(c, s, 3, 4, "tcp|udp ADDRESS[/N] PORT|any [optional]") < 0 ||
	    proto_of(c, s->args.v[0], &r->proto) < 0 || network_of(c, s->args.v[1], r) < 0)
		return -1;
	const struct ast_word *p = s->args.v[2];
	if (strcmp(p->text, "any") && port_of(c, p, p->text, false, &r->port) < 0)
		return -1;
	if (s->args.n == 4) {
		static const char *const opt[] = { "optional" };
		if (fe_keyword(c, s->args.v[3], "expected 'optional'", opt, 1) < 0)
			return -1;
		r->optional = true;
	}
	return 0;
}

static void lower_dns(struct fe_ctx *c, struct ir_network *n, const struct ast_stmt *s)
{
	static const char *const dns[] = { "host" };
	if (fe_arity(c, s, 1, 1, "host") < 0 || fe_keyword(c, s->args.v[0], "dns source", dns, 1) < 0)
		return;
	n->dns_host = true;
	n->dns_at = fe_origin(c, &s->loc);
}

static bool same_rule(const struct ir_net_rule *a, const struct ir_net_rule *b)
{
	return a->kind == b->kind && a->proto == b->proto && a->v6 == b->v6 &&
	       a->any_addr == b->any_addr && !memcmp(a->addr, b->addr, 16) &&
	       a->prefix == b->prefix && a->host_port == b->host_port && a->port == b->port;
}

/* Two rules on one host port (publish or listen) cannot both bind it. */
static bool host_port_clash(const struct ir_net_rule *a, const struct ir_net_rule *b)
{
	return a->kind != IR_NET_CONNECT && b->kind != IR_NET_CONNECT && a->proto == b->proto &&
	       a->host_port == b->host_port;
}

static void add_rule(struct fe_ctx *c, struct ir_network *n, const struct ast_stmt *s,
		     struct ir_net_rule *r)
{
	for (size_t i = 0; i < n->nrules; i++)
		if (same_rule(&n->rules[i], r) || host_port_clash(&n->rules[i], r)) {
			fe_conflict(c, &s->loc, &n->rules[i].at, "%s %s: %s",
				    ast_head(s), s->args.v[1]->text,
				    same_rule(&n->rules[i], r) ? "the same rule twice"
								: "the host port is used twice");
			free(r->name);
			return;
		}
	n->rules = fe_grow(n->rules, &n->nrules, sizeof(*n->rules));
	n->rules[n->nrules - 1] = *r;
}

void fe_lower_network(struct fe_ctx *c, const struct ast_stmt *sec)
{
	struct ir_network *n = &c->ir->network;
	if (!c->network_seen_in_file) {
		ir_network_clear(n);
		n->dns_host = false;
		c->network_seen_in_file = true;
	}
	n->set = true;
	n->at = fe_origin(c, &sec->loc);
	for (size_t i = 0; i < sec->body->n; i++) {
		const struct ast_stmt *s = sec->body->v[i];
		int k = fe_keyword(c, s->head, "statement in network", words, N_COUNT);
		if (k < 0)
			continue;
		fe_no_cond(c, s);
		fe_no_body(c, s);
		if (k == N_DNS) {
			lower_dns(c, n, s);
			continue;
		}
		struct ir_net_rule r = { .kind = (enum ir_net_kind)(k + 1), .at = fe_origin(c, &s->loc) };
		int ok = k == N_PUBLISH ? lower_publish(c, s, &r)
			 : k == N_LISTEN ? lower_listen(c, s, &r) : lower_connect(c, s, &r);
		if (ok < 0) {
			free(r.name);
			continue;
		}
		add_rule(c, n, s, &r);
	}
}

static bool needs_cgroup(const struct ir_network *n)
{
	for (size_t i = 0; i < n->nrules; i++)
		if (n->rules[i].kind == IR_NET_CONNECT)
			return true;
	return false;
}

/* The effective policy: publish needs a namespace of its own; egress
 * rules need a cgroup to hang their BPF programs on; `dns host` is a
 * read-only bind of the host's resolv.conf where the container has mounts
 * of its own (without a mount namespace it sees the host's /etc anyway). */
void fe_network_finish(struct fe_ctx *c)
{
	struct pol_ir *ir = c->ir;
	struct ir_network *n = &ir->network;
	for (size_t i = 0; i < n->nrules; i++)
		if (n->rules[i].kind == IR_NET_PUBLISH && ir->namespaces.ns[IR_NS_NET].mode != IR_NS_UNSHARE) {
			const struct ir_origin *at = &n->rules[i].at;
			diag_error(c->d, (struct diag_loc){ at->file, at->line, at->col, 0 },
				   "publish needs a network namespace of the container's own: "
				   "add 'unshare net' to namespaces");
			break;
		}
	if (needs_cgroup(n) && !ir->cgroup.set) {
		bool all_optional = true;
		for (size_t i = 0; i < n->nrules; i++)
			if (n->rules[i].kind == IR_NET_CONNECT && !n->rules[i].optional)
				all_optional = false;
		ir->cgroup.set = true;
		ir->cgroup.optional = all_optional;
		ir->cgroup.at = n->at;
	}
	if (n->dns_host && ir->filesystem.nmounts) {
		struct ir_filesystem *fs = &ir->filesystem;
		fs->mounts = fe_grow(fs->mounts, &fs->nmounts, sizeof(*fs->mounts));
		fs->mounts[fs->nmounts - 1] = (struct ir_mount){
			.kind = IR_MOUNT_BIND,
			.flags = IR_MNT_NOSUID | IR_MNT_NODEV | IR_MNT_NOEXEC,
			.source = fe_strdup("/etc/resolv.conf"),
			.target = fe_strdup("/etc/resolv.conf"),
			.at = n->dns_at,
		};
	}
}

static struct diag_loc loc_of(const struct ir_origin *o)
{
	return (struct diag_loc){ o->file, o->line, o->col, 0 };
}

/* The host's /run in the container's view: a root that is the host's /
 * (or no root at all) with nothing of the policy's on /run. */
static bool host_run_in_view(const struct ir_filesystem *fs)
{
	bool host_root = true; /* no root: the host's tree */
	for (size_t i = 0; i < fs->nmounts; i++) {
		const struct ir_mount *m = &fs->mounts[i];
		if ((m->kind == IR_MOUNT_ROOT || m->kind == IR_MOUNT_OVERLAY) && !strcmp(m->target, "/"))
			host_root = m->kind == IR_MOUNT_ROOT && m->source && !strcmp(m->source, "/");
		else if (!strcmp(m->target, "/run") || !strcmp(m->target, "/run/systemd"))
			return false;
	}
	return host_root;
}

/* Settings that do not do what they say: polc check's notes beside the
 * audit's risks (audit_checks.c has egress_open for publish without
 * connect rules). */
void frontend_network_notes(const struct pol_ir *ir, struct diag *d)
{
	const struct ir_network *n = &ir->network;
	const struct ir_ns *ns = ir->namespaces.ns;
	int nbs = vocab_capability("net_bind_service");
	/* the capability counts in the user namespace that owns the network
	 * namespace: the host's, when the network is shared */
	if (nbs >= 0 && (ir->caps.keep & (1ull << nbs)) && ns[IR_NS_USER].mode == IR_NS_UNSHARE &&
	    ns[IR_NS_NET].mode != IR_NS_UNSHARE)
		diag_warning(d, loc_of(&ir->caps.cap_at[nbs]),
			     "keep net_bind_service has no effect: the network namespace is shared, "
			     "and it belongs to the host's user namespace, not the container's "
			     "(unshare net and publish the port instead)");
	/* the relay keeps the manager's socket out of reach only where its
	 * path is out of view: a read-only bind does not stop a datagram */
	if (ir->process.notify_relay && host_run_in_view(&ir->filesystem))
		diag_warning(d, loc_of(&ir->process.notify_at),
			     "notify relay with the host's /run in view: the container can still send to "
			     "/run/systemd/notify and D-Bus's socket there (a read-only bind does not stop "
			     "connect or sendto); mount `tmpfs /run` (docs/systemd.md)");
	if (n->dns_host && !ir->filesystem.nmounts)
		diag_warning(d, loc_of(&n->dns_at),
			     "dns host without a filesystem section: the container sees the host's "
			     "/etc already");
}
