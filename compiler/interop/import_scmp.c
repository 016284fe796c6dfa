/* libseccomp's SCMP_* names as Docker and OCI profiles spell them, and what
 * they are in the IR. */
#include "interop/import_scmp.h"

#include <linux/capability.h>
#include <stddef.h>
#include <string.h>

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

int scmp_arch_to_ir(const char *scmp_name)
{
	for (int a = 0; a < IR_ARCH_COUNT; a++)
		if (!strcmp(arch_table[a].scmp, scmp_name))
			return a;
	return -1;
}

const char *scmp_arch_name(enum ir_arch arch)
{
	return (unsigned)arch < IR_ARCH_COUNT ? arch_table[arch].scmp : "SCMP_ARCH_NATIVE";
}

const char *scmp_go_arch_name(enum ir_arch arch)
{
	return (unsigned)arch < IR_ARCH_COUNT ? arch_table[arch].go : "unknown";
}

int scmp_go_arch_to_ir(const char *go_name)
{
	for (int a = 0; a < IR_ARCH_COUNT; a++)
		if (!strcmp(arch_table[a].go, go_name))
			return a;
	return -1;
}

struct action_row {
	const char *scmp;
	enum ir_action action;
	uint16_t errno_value; /* for rows that imply one (TRACE) */
};

static const struct action_row action_rows[] = {
	{ "SCMP_ACT_ALLOW", IR_ACT_ALLOW, 0 },
	{ "SCMP_ACT_ERRNO", IR_ACT_ERRNO, 0 },
	{ "SCMP_ACT_KILL_PROCESS", IR_ACT_KILL_PROCESS, 0 },
	{ "SCMP_ACT_KILL_THREAD", IR_ACT_KILL_THREAD, 0 },
	{ "SCMP_ACT_KILL", IR_ACT_KILL_THREAD, 0 }, /* libseccomp's old name */
	{ "SCMP_ACT_TRAP", IR_ACT_TRAP, 0 },
	{ "SCMP_ACT_LOG", IR_ACT_LOG, 0 },
	{ "SCMP_ACT_TRACE", IR_ACT_ERRNO, 38 /* ENOSYS */ },
};

bool scmp_action_to_ir(const char *name, struct ir_action_spec *act)
{
	for (size_t i = 0; i < ARRAY_LEN(action_rows); i++) {
		if (strcmp(action_rows[i].scmp, name))
			continue;
		act->action = action_rows[i].action;
		act->errno_value = action_rows[i].errno_value;
		return true;
	}
	return false;
}

const char *scmp_action_name(enum ir_action action)
{
	switch (action) {
	case IR_ACT_ALLOW: return "SCMP_ACT_ALLOW";
	case IR_ACT_ERRNO: return "SCMP_ACT_ERRNO";
	case IR_ACT_KILL_THREAD: return "SCMP_ACT_KILL_THREAD";
	case IR_ACT_TRAP: return "SCMP_ACT_TRAP";
	case IR_ACT_LOG: return "SCMP_ACT_LOG";
	case IR_ACT_KILL_PROCESS:
	case IR_ACT_NOTIFY_KILL: /* the supervisor kills; outside enforce, kill */
		break;
	}
	return "SCMP_ACT_KILL_PROCESS";
}

static const struct {
	const char *scmp;
	enum ir_cmp op;
} op_rows[] = {
	{ "SCMP_CMP_EQ", IR_CMP_EQ }, { "SCMP_CMP_NE", IR_CMP_NE },
	{ "SCMP_CMP_LT", IR_CMP_LT }, { "SCMP_CMP_LE", IR_CMP_LE },
	{ "SCMP_CMP_GT", IR_CMP_GT }, { "SCMP_CMP_GE", IR_CMP_GE },
	{ "SCMP_CMP_MASKED_EQ", IR_CMP_MASKED_EQ },
};

bool scmp_op_to_ir(const char *name, enum ir_cmp *op)
{
	for (size_t i = 0; i < ARRAY_LEN(op_rows); i++) {
		if (!strcmp(op_rows[i].scmp, name)) {
			*op = op_rows[i].op;
			return true;
		}
	}
	return false;
}

const char *scmp_op_name(enum ir_cmp op)
{
	for (size_t i = 0; i < ARRAY_LEN(op_rows); i++)
		if (op_rows[i].op == op)
			return op_rows[i].scmp;
	return "SCMP_CMP_EQ";
}

uint64_t scmp_docker_default_caps(void)
{
	/* moby's caps.DefaultCapabilities(). */
	static const int caps[] = {
		CAP_CHOWN, CAP_DAC_OVERRIDE, CAP_FSETID, CAP_FOWNER, CAP_MKNOD,
		CAP_NET_RAW, CAP_SETGID, CAP_SETUID, CAP_SETFCAP, CAP_SETPCAP,
		CAP_NET_BIND_SERVICE, CAP_SYS_CHROOT, CAP_KILL, CAP_AUDIT_WRITE,
	};
	uint64_t mask = 0;
	for (size_t i = 0; i < ARRAY_LEN(caps); i++)
		mask |= 1ull << caps[i];
	return mask;
}
