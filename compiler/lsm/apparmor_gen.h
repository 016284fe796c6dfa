/* `apparmor generate`: an AppArmor profile derived from the policy.
 *
 * cmd_build calls apparmor_generate() on the resolved IR before writing
 * the blob; the writer then ships ir->lsm.apparmor.profile in the LSM
 * section (POLB_LSM_GENERATED), and enforce loads it with apparmor_parser.
 * docs/lsm.md describes the profile rule by rule. */
#ifndef POL_COMPILER_LSM_APPARMOR_GEN_H
#define POL_COMPILER_LSM_APPARMOR_GEN_H

#include "err.h"
#include "ir.h"

/* When the policy says `apparmor generate`: set ir->lsm.apparmor.name to
 * the profile's name ("polc-" + the policy name) and .profile to its text.
 * Does nothing otherwise. Returns 0, or -1 with e (step "apparmor")
 * naming what the generator cannot express (a path with AppArmor glob
 * characters, a policy name that is not a profile name). Deterministic:
 * the same IR gives the same bytes. */
int apparmor_generate(struct pol_ir *ir, struct err *e);

/* The profile name generated for a policy name (caller frees), or NULL
 * when the policy name holds characters a profile name cannot. */
char *apparmor_profile_name(const char *policy_name);

#endif
