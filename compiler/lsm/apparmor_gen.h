/* `apparmor generate`: an AppArmor profile derived from the policy.
 *
 * cmd_build calls apparmor_generate() on the resolved IR before writing
 * the blob; the writer then ships ir->lsm.apparmor.profile in the LSM
 * section (POLB_LSM_GENERATED), and apparmor_compile() (apparmor_compile.c)
 * compiles it to binary policy for the APPARMOR section, which enforce
 * loads through libapparmor. docs/lsm.md describes the profile rule by rule. */
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

/* When a profile was generated: compile it with apparmor_parser for the
 * feature ABI in `features_file` (aa_features text, or a features
 * directory), or the build host's kernel's when NULL, and set
 * ir->lsm.apparmor.compiled/compiled_size and .features (the features
 * text). Returns 0, or -1 with e (step "apparmor"): no features (a host
 * without AppArmor and no file), no parser, the parser refused the text. */
int apparmor_compile(struct pol_ir *ir, const char *features_file, struct err *e);

/* The feature ABI as aa_features writes it (caller frees): from `file`, or
 * from this kernel when NULL. Returns 0 or -1 with e filled. */
int apparmor_features_text(const char *file, char **text, struct err *e);

/* The profile name generated for a policy name (caller frees), or NULL
 * when the policy name holds characters a profile name cannot. */
char *apparmor_profile_name(const char *policy_name);

/* Facts the generated profile and export k8s's AppArmorProfile
 * (interop/export_k8s_aa.c) both write their rules from: whether the
 * policy has a root of its own (else the host's view, unrestricted), and
 * the devices of a `dev` mount the container may read and write. */
bool apparmor_has_root(const struct ir_filesystem *fs);
extern const char *const apparmor_dev_rw[];
extern const size_t apparmor_ndev_rw;

#endif
