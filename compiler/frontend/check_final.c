/* Checks on the effective policy once every file is applied: errors for
 * settings that cannot work together. The warnings that name a risk are
 * not made here: `polc check` takes them from the audit's table
 * (compiler/review/audit_checks.c), the one risk model. */
#include "frontend/fe.h"

#include <stdio.h>
#include <string.h>


static struct diag_loc at_of(const struct ir_origin *o)
{
	return (struct diag_loc){ o->file, o->line, o->col, 0 };
}

/* An idmapped bind maps the policy's uid and gid alone (docs/language.md,
 * "Idmapped binds"): it needs a user namespace, and ids known before the
 * container's /etc/passwd is, and not 0 (the host's root files would be
 * the container root's). The blob reader refuses the same. */
static void check_idmap(struct fe_ctx *c)
{
	const struct pol_ir *ir = c->ir;
	const struct ir_process *p = &ir->process;
	for (size_t i = 0; i < ir->filesystem.nmounts; i++) {
		const struct ir_mount *m = &ir->filesystem.mounts[i];
		if (!(m->flags & IR_MNT_IDMAP))
			continue;
		if (ir->namespaces.ns[IR_NS_USER].mode != IR_NS_UNSHARE)
			diag_error(c->d, at_of(&m->at), "bind %s idmap needs a user namespace of its "
				   "own to map into: add 'unshare user'", m->target);
		else if (!p->user_set)
			diag_error(c->d, at_of(&m->at), "bind %s idmap needs a numeric 'user UID:GID' "
				   "(the service's own ids on the host)%s", m->target,
				   p->user_name ? ": a user name is resolved only after the mounts" : "");
		else if (p->uid == 0 || p->gid == 0)
			diag_error(c->d, at_of(&m->at), "bind %s idmap with user %u:%u: 0 would show the "
				   "host's root files as the container root's; set 'user' to the "
				   "service's own uid and gid", m->target, p->uid, p->gid);
	}
}

void fe_check_final(struct fe_ctx *c)
{
	check_idmap(c);
	struct pol_ir *ir = c->ir;
	const struct ir_ns *ns = ir->namespaces.ns;
	if (ir->filesystem.nmounts && ns[IR_NS_MOUNT].mode != IR_NS_UNSHARE)
		diag_error(c->d, at_of(&ir->filesystem.mounts[0].at),
			   "mounts need a mount namespace of their own: add 'unshare mount'");
	if ((ir->namespaces.nuid_map || ir->namespaces.ngid_map) && ns[IR_NS_USER].mode != IR_NS_UNSHARE)
		diag_error(c->d, at_of(ir->namespaces.nuid_map ? &ir->namespaces.uid_map[0].at
							       : &ir->namespaces.gid_map[0].at),
			   "uid_map and gid_map need a user namespace: add 'unshare user'");
	/* the relay's socket is an abstract name in the container's network
	 * namespace: in a shared one every process there could send to it */
	if (ir->process.notify_relay && ns[IR_NS_NET].mode != IR_NS_UNSHARE)
		diag_error(c->d, at_of(&ir->process.notify_at),
			   "notify relay needs a network namespace of its own: add 'unshare net' "
			   "(its socket would be reachable by every process of a shared one)");
	if (ir->process.hostname && ns[IR_NS_UTS].mode != IR_NS_UNSHARE)
		diag_error(c->d, at_of(&ir->process.hostname_at),
			   "setting the hostname needs a uts namespace: add 'unshare uts'");
}
