/* The vocabulary of Docker/OCI seccomp profiles (libseccomp's SCMP_* names)
 * and its mapping to the IR, shared by `polc import docker-seccomp` and the
 * seccomp part of `polc export`. Pure tables and lookups, no I/O. */
#ifndef POL_INTEROP_IMPORT_SCMP_H
#define POL_INTEROP_IMPORT_SCMP_H

#include <stdbool.h>
#include <stdint.h>

#include "ir.h"

/* "SCMP_ARCH_X86_64" -> IR_ARCH_X86_64; -1 for an architecture the IR
 * does not have (mips, s390, loongarch...) or an unknown name. */
int scmp_arch_to_ir(const char *scmp_name);
/* IR_ARCH_X86_64 -> "SCMP_ARCH_X86_64". */
const char *scmp_arch_name(enum ir_arch arch);

/* The Go architecture names Docker's `includes.arches` compares with
 * (runtime.GOARCH): IR_ARCH_X86_64 -> "amd64", IR_ARCH_AARCH64 -> "arm64". */
const char *scmp_go_arch_name(enum ir_arch arch);
/* "amd64" -> IR_ARCH_X86_64; -1 unknown. */
int scmp_go_arch_to_ir(const char *go_name);

/* "SCMP_ACT_ERRNO" -> *act (errno left to the caller). Returns false for
 * an action with no IR equivalent (SCMP_ACT_NOTIFY) or an unknown name;
 * SCMP_ACT_TRACE becomes errno ENOSYS, what the kernel answers when no
 * tracer is attached. */
bool scmp_action_to_ir(const char *name, struct ir_action_spec *act);
/* IR action -> "SCMP_ACT_ALLOW", ... (notify_kill exports as kill_process). */
const char *scmp_action_name(enum ir_action action);

/* "SCMP_CMP_MASKED_EQ" -> IR_CMP_MASKED_EQ; false when unknown. */
bool scmp_op_to_ir(const char *name, enum ir_cmp *op);
const char *scmp_op_name(enum ir_cmp op);

/* Docker's default capability set as a bit mask of CAP_* numbers. */
uint64_t scmp_docker_default_caps(void);

#endif
