/* One name table per enum (common/names.c, common/arch.c, ir.c): every
 * entry is set, the IR's names are the blob's, the names round-trip
 * through the parsers that take them, and the rlimit names agree with the
 * table generated from the kernel headers (compiler/vocab). */
#include <string.h>

#include "arch.h"
#include "ir.h"
#include "names.h"
#include "tap.h"
#include "vocab/vocab.h"

int main(void)
{
	for (uint32_t k = 0; k < POLB_NS_COUNT; k++)
		OK(polb_ns_names[k] && !strcmp(ir_ns_name((enum ir_ns_kind)k), polb_ns_name(k)),
		   "namespace %u: %s", k, polb_ns_name(k));
	for (uint32_t k = 0; k < POLB_MOUNT_KIND_COUNT; k++)
		OK(polb_mount_kind_names[k] &&
		   !strcmp(ir_mount_kind_name((enum ir_mount_kind)k), polb_mount_kind_name(k)),
		   "mount kind %u: %s", k, polb_mount_kind_name(k));
	for (uint32_t k = 0; k < POLB_CG_KEY_COUNT; k++)
		OK(polb_cg_key_names[k] && !strcmp(ir_cg_key_name((enum ir_cg_key)k), polb_cg_key_name(k)),
		   "cgroup key %u: %s", k, polb_cg_key_name(k));
	for (uint32_t r = 0; r < POLB_RLIMIT_COUNT; r++) {
		const char *gen = vocab_rlimit_name((int)r);
		OK(gen && !strcmp(gen, polb_rlimit_name(r)) && vocab_rlimit(polb_rlimit_name(r)) == (int)r,
		   "rlimit %u: %s is the kernel headers' %s", r, polb_rlimit_name(r), gen ? gen : "(none)");
	}
	for (int a = 0; a < IR_ACT_COUNT; a++)
		OK(ir_action_names[a] && !strcmp(ir_action_name((enum ir_action)a), ir_action_names[a]),
		   "action %d: %s", a, ir_action_names[a]);
	OK(!strcmp(polb_ns_name(POLB_NS_COUNT), "?") && !strcmp(polb_mount_kind_name(99), "?") &&
	   !strcmp(polb_cg_key_name(UINT32_MAX), "?") && !strcmp(polb_rlimit_name(16), "?"),
	   "out of range: ?");
	return TAP_DONE();
}
