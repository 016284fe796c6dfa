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

void fe_check_final(struct fe_ctx *c)
{
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
