/* `connect` rules: the egress allow-list, in the kernel.
 *
 * Addresses and ports: four BPF_PROG_TYPE_CGROUP_SOCK_ADDR programs on the
 * container's cgroup v2 leaf (connect4, connect6, sendmsg4, sendmsg6: TCP
 * and UDP connect(), UDP sendto/sendmsg with an address). Each compares
 * the destination with every rule of its family and protocol and returns
 * 1 (go on) on a match, 0 otherwise: the kernel then fails the call with
 * EPERM. connect6 also holds the IPv4 rules as ::ffff:a.b.c.d, so an
 * IPv6 socket cannot reach an IPv4 address the rules leave out. In a
 * network namespace of the container's own, its own loopback stays
 * reachable (127.0.0.0/8, ::1); with the host's network, loopback is the
 * host's and needs a rule like any other address.
 *
 * TCP ports, again: a Landlock ruleset (ABI 4) handling connect_tcp with
 * the rules' TCP ports, applied in the child (landlock.c). It needs no
 * privilege, so rootless it is what remains when BPF cannot be loaded.
 *
 * A rule that cannot be enforced stops the run, unless it says optional. */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/bpf.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "enforce.h"
#include "lsm.h"

static struct bpf_insn ins(uint8_t code, uint8_t dst, uint8_t src, int16_t off, int32_t imm)
{
	struct bpf_insn i = { .code = code, .dst_reg = dst, .src_reg = src, .off = off, .imm = imm };
	return i;
}
#define LDX_W(dst, off) ins(BPF_LDX | BPF_MEM | BPF_W, dst, BPF_REG_6, (int16_t)(off), 0)
#define MOV_REG(dst, src) ins(BPF_ALU64 | BPF_MOV | BPF_X, dst, src, 0, 0)
#define MOV_IMM(dst, imm) ins(BPF_ALU64 | BPF_MOV | BPF_K, dst, 0, 0, imm)
#define AND32(dst, imm) ins(BPF_ALU | BPF_AND | BPF_K, dst, 0, 0, imm)
#define JNE32(dst, imm, off) ins(BPF_JMP32 | BPF_JNE | BPF_K, dst, 0, (int16_t)(off), imm)
#define EXIT() ins(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)

#define PROG_MAX 4096

/* One destination test: protocol (or any), port (or any), and an address
 * under a mask, as 1 or 4 words in the byte order the context holds them. */
struct match {
	uint32_t proto; /* 0: any */
	uint32_t port;  /* network order in the low 16 bits; 0: any */
	int words;      /* 1 (IPv4) or 4 (IPv6) */
	uint32_t addr[4], mask[4];
};

static void prefix_mask(unsigned prefix, int words, uint32_t *mask)
{
	uint8_t bytes[16] = { 0 };
	for (unsigned b = 0; b < prefix && b < 128; b++)
		bytes[b / 8] |= (uint8_t)(0x80u >> (b % 8));
	memcpy(mask, bytes, (size_t)words * 4);
}

/* r2 protocol, r3 port, r4.. address words (r4 r5 r7 r8). */
static size_t emit_match(struct bpf_insn *p, size_t n, const struct match *m)
{
	static const uint8_t reg[4] = { BPF_REG_4, BPF_REG_5, BPF_REG_7, BPF_REG_8 };
	size_t len = 2 + (m->proto != 0) + (m->port != 0);
	for (int w = 0; w < m->words; w++)
		len += m->mask[w] == 0 ? 0 : m->mask[w] == UINT32_MAX ? 1 : 3;
	if (n + len + 2 > PROG_MAX)
		return 0;
	size_t next = n + len;
#define SKIP ((int16_t)(next - (n + 1)))
	if (m->proto) {
		p[n] = JNE32(BPF_REG_2, (int32_t)m->proto, SKIP);
		n++;
	}
	if (m->port) {
		p[n] = JNE32(BPF_REG_3, (int32_t)m->port, SKIP);
		n++;
	}
	for (int w = 0; w < m->words; w++) {
		if (m->mask[w] == 0)
			continue;
		if (m->mask[w] == UINT32_MAX) {
			p[n] = JNE32(reg[w], (int32_t)m->addr[w], SKIP);
			n++;
			continue;
		}
		p[n++] = MOV_REG(BPF_REG_9, reg[w]);
		p[n++] = AND32(BPF_REG_9, (int32_t)m->mask[w]);
		p[n] = JNE32(BPF_REG_9, (int32_t)(m->addr[w] & m->mask[w]), SKIP);
		n++;
	}
#undef SKIP
	p[n++] = MOV_IMM(BPF_REG_0, 1);
	p[n++] = EXIT();
	return n;
}

static struct match rule_match(const struct polb_net_rule *r, bool mapped)
{
	struct match m = { .proto = r->proto, .words = mapped || (r->flags & POLB_NET_V6) ? 4 : 1 };
	uint16_t port = htons((uint16_t)r->port);
	m.port = r->port ? port : 0;
	if (!mapped) {
		memcpy(m.addr, r->addr, (size_t)m.words * 4);
		prefix_mask(r->prefix, m.words, m.mask);
		return m;
	}
	/* ::ffff:a.b.c.d/(96 + prefix) */
	uint8_t a[16] = { 0 };
	a[10] = a[11] = 0xff;
	memcpy(a + 12, r->addr, 4);
	memcpy(m.addr, a, 16);
	prefix_mask(96 + r->prefix, 4, m.mask);
	return m;
}

/* The loopback of the container's own namespace. */
static struct match loopback(bool v6, bool mapped)
{
	struct polb_net_rule r = { .flags = v6 ? POLB_NET_V6 : 0, .prefix = v6 ? 128 : 8 };
	if (v6)
		r.addr[15] = 1;
	else
		r.addr[0] = 127;
	struct match m = rule_match(&r, mapped);
	m.proto = 0;
	return m;
}

/* The program for one hook; 0 when it does not fit. */
static size_t build_prog(const struct polb_view *v, bool v6, bool udp_only, bool own_ns,
			 struct bpf_insn *p)
{
	size_t n = 0;
	p[n++] = MOV_REG(BPF_REG_6, BPF_REG_1);
	p[n++] = LDX_W(BPF_REG_2, offsetof(struct bpf_sock_addr, protocol));
	p[n++] = LDX_W(BPF_REG_3, offsetof(struct bpf_sock_addr, user_port));
	if (!v6) {
		p[n++] = LDX_W(BPF_REG_4, offsetof(struct bpf_sock_addr, user_ip4));
	} else {
		static const uint8_t reg[4] = { BPF_REG_4, BPF_REG_5, BPF_REG_7, BPF_REG_8 };
		for (int w = 0; w < 4; w++)
			p[n++] = LDX_W(reg[w], offsetof(struct bpf_sock_addr, user_ip6) + 4 * (size_t)w);
	}
	if (own_ns) {
		struct match lo = loopback(v6, false);
		if (!(n = emit_match(p, n, &lo)))
			return 0;
		if (v6) {
			lo = loopback(false, true);
			if (!(n = emit_match(p, n, &lo)))
				return 0;
		}
	}
	for (size_t i = 0; i < v->nnet; i++) {
		const struct polb_net_rule *r = &v->net[i];
		if (r->kind != POLB_NET_CONNECT || (udp_only && r->proto != 17))
			continue;
		bool rv6 = r->flags & POLB_NET_V6;
		if (rv6 && !v6)
			continue;
		struct match m = rule_match(r, v6 && !rv6);
		if (!(n = emit_match(p, n, &m)))
			return 0;
	}
	p[n++] = MOV_IMM(BPF_REG_0, 0);
	p[n++] = EXIT();
	return n;
}

bool net_has_connect(const struct polb_view *v, bool *all_optional)
{
	bool any = false;
	*all_optional = true;
	for (size_t i = 0; i < v->nnet; i++)
		if (v->net[i].kind == POLB_NET_CONNECT) {
			any = true;
			if (!(v->net[i].flags & POLB_NET_OPTIONAL))
				*all_optional = false;
		}
	return any;
}

static const struct {
	int attach;
	bool v6, udp_only;
	const char *name;
} hooks[] = {
	{ BPF_CGROUP_INET4_CONNECT, false, false, "connect4" },
	{ BPF_CGROUP_INET6_CONNECT, true, false, "connect6" },
	{ BPF_CGROUP_UDP4_SENDMSG, false, true, "sendmsg4" },
	{ BPF_CGROUP_UDP6_SENDMSG, true, true, "sendmsg6" },
};

static int attach_all(const struct enforce_ctx *c, int cgfd, struct err *e)
{
	struct bpf_insn *p = calloc(PROG_MAX, sizeof(*p));
	if (!p)
		return err_set(e, ENOMEM, "network", "egress programs");
	bool own_ns = ns_wants(c->v, POLB_NS_NET, POLB_NS_UNSHARE);
	for (size_t h = 0; h < sizeof(hooks) / sizeof(hooks[0]); h++) {
		size_t n = build_prog(c->v, hooks[h].v6, hooks[h].udp_only, own_ns, p);
		char what[64];
		snprintf(what, sizeof(what), "the cgroup/%s egress program", hooks[h].name);
		if (!n || bpf_cgroup_attach(cgfd, BPF_PROG_TYPE_CGROUP_SOCK_ADDR, hooks[h].attach, p, n,
					    "network", what, e) < 0) {
			if (!n)
				err_set(e, E2BIG, "network", "too many connect rules for one program");
			free(p);
			return -1;
		}
		vlog("network", "egress: %s attached (%zu instructions)", hooks[h].name, n);
	}
	free(p);
	return 0;
}

/* Parent, once the cgroup exists and before the child is let past its
 * mounts (run.c: before the clone on pure v2, else in settle()). */
int net_egress_attach(struct enforce_ctx *c, struct err *e)
{
	bool all_optional;
	if (!net_has_connect(c->v, &all_optional))
		return 0;
	int cgfd = cgroup_v2_open(&c->cg);
	int r = cgfd < 0 ? err_set(e, EOPNOTSUPP, "network", "connect rules need a cgroup v2 leaf "
				   "for their BPF programs, and there is none here%s",
				   c->rootless ? " (rootless: no delegated cgroup v2 subtree)" : "")
			 : attach_all(c, cgfd, e);
	if (cgfd >= 0)
		close(cgfd);
	if (r == 0) {
		c->net.egress_bpf = true;
		return 0;
	}
	if (!all_optional)
		return -1;
	char line[600];
	warnx_line("%s; the connect rules are optional: only Landlock's TCP port rules hold",
		   err_format(e, line, sizeof(line)));
	memset(e, 0, sizeof(*e));
	return 0;
}

/* Child, after the LSM step: TCP ports through Landlock. Without Landlock
 * ABI 4 the BPF programs alone hold; without either, stop. */
int net_egress_landlock(const struct enforce_ctx *c, struct err *e)
{
	bool all_optional;
	if (!net_has_connect(c->v, &all_optional))
		return 0;
	uint16_t ports[POLB_MAX_RECORDS > 1024 ? 1024 : POLB_MAX_RECORDS];
	size_t n = 0;
	bool any_port = false;
	for (size_t i = 0; i < c->v->nnet && n < sizeof(ports) / sizeof(ports[0]); i++) {
		const struct polb_net_rule *r = &c->v->net[i];
		if (r->kind == POLB_NET_CONNECT && r->proto == 6) {
			any_port |= r->port == 0;
			ports[n++] = (uint16_t)r->port;
		}
	}
	if (any_port) /* Landlock has no "any port": the BPF programs hold it */
		return c->net.egress_bpf || all_optional ? 0
			: err_set(e, 0, "network", "connect ... any needs the BPF programs");
	int r = landlock_connect_ports(ports, n, e);
	if (r < 0)
		return -1;
	if (r == 0 && !c->net.egress_bpf) {
		if (!all_optional)
			return err_set(e, EOPNOTSUPP, "network", "connect rules: neither cgroup BPF "
				       "nor Landlock ABI 4 is available");
		warnx_line("network: connect rules not enforced (optional): no cgroup BPF, no Landlock ABI 4");
	}
	return 0;
}
