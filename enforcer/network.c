/* The network section's steps, in the order enforcer/run.c calls them
 * (docs/network.md):
 *   parent, before anything:  the caller's sockets checked (`listen_fds
 *                             pass`), listening sockets bound (sockact.c), pasta
 *                             found (pasta.c)
 *   parent, after the cgroup: egress BPF programs attached (net_egress.c)
 *   parent, after the clone:  pasta started against the child's namespace
 *   child, new net ns:        ip_unprivileged_port_start as publish needs
 *   child, after the LSMs:    Landlock TCP connect ports
 *   child, last:              sockets to fds 3.., LISTEN_* in the environment
 *   parent, at the end:       pasta killed and reaped, sockets closed
 * A policy without a network section takes none of these steps. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "enforce.h"

void net_state_init(struct net_state *n)
{
	memset(n, 0, sizeof(*n));
	n->pasta_pid = -1;
	n->pasta_err = -1;
	n->userns_fd = -1;
}

int net_prepare(struct enforce_ctx *c, struct err *e)
{
	/* the caller's sockets first: they are fds 3.. already */
	if (sockact_inherit(c, e) < 0)
		return -1;
	if (!c->v->nnet)
		return 0;
	if (pasta_prepare(c, e) < 0)
		return -1;
	return c->dry_run ? 0 : sockact_open(c, e);
}

/* The lowest published container port below 1024 becomes the namespace's
 * first unprivileged one, so a service without CAP_NET_BIND_SERVICE can
 * listen on 80 behind `publish`. The namespace is the container's own:
 * nothing changes on the host. */
int net_child_setup(const struct enforce_ctx *c, struct err *e)
{
	unsigned low = 1024;
	for (size_t i = 0; i < c->v->nnet; i++)
		if (c->v->net[i].kind == POLB_NET_PUBLISH && c->v->net[i].port < low)
			low = c->v->net[i].port;
	if (low >= 1024)
		return 0;
	const char *path = "/proc/sys/net/ipv4/ip_unprivileged_port_start";
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	char buf[16];
	int len = snprintf(buf, sizeof(buf), "%u", low);
	if (fd < 0 || write(fd, buf, (size_t)len) != len) {
		int saved = errno;
		if (fd >= 0)
			close(fd);
		return err_set(e, saved, "network", "%s = %u", path, low);
	}
	close(fd);
	vlog("network", "ip_unprivileged_port_start %u in the container's namespace", low);
	return 0;
}

int net_last_fds(struct enforce_ctx *c, struct err *e)
{
	return c->net.nlisten ? sockact_place(c, e) : fds_close_above(c->chan_fd, e);
}

void net_cleanup(struct enforce_ctx *c)
{
	pasta_stop(c);
	sockact_close(c);
}

void net_plan(const struct enforce_ctx *c, FILE *out)
{
	const struct polb_view *v = c->v;
	for (size_t i = 0; i < v->nnet; i++) {
		char line[160];
		const struct polb_net_rule *r = &v->net[i];
		const char *how = r->kind == POLB_NET_PUBLISH ? "pasta forwards it"
				  : r->kind == POLB_NET_LISTEN ? "bound on the host before the clone"
				  : r->kind == POLB_NET_CONNECT ? "cgroup BPF connect/sendmsg, Landlock for tcp ports"
				  : "a read-only bind of /etc/resolv.conf";
		plan_line(out, "network", "%s: %s", polb_net_format(r, polb_str(v, r->name), line, sizeof(line)),
			  how);
	}
	if (c->net.ninherited)
		plan_line(out, "listen_fds", "the caller's fds 3..%zu (LISTEN_FDS=%zu) passed in first",
			  2 + c->net.ninherited, c->net.ninherited);
	else if (c->v->process->flags & POLB_PROC_LISTEN_FDS_PASS)
		plan_line(out, "listen_fds", "pass: the caller gives no LISTEN_FDS for this process");
	pasta_plan(c, out);
}
