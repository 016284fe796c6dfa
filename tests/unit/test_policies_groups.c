/* policies/groups.pol keeps its promises: together the groups name every
 * syscall of x86_64, x86 and aarch64 but userfaultfd (which a policy names
 * itself), and each group leaves out what its comment says it leaves out.
 * The groups are read the way a policy reads them: a policy text that
 * allows them goes through the front end. Run from the top of the tree. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/diag.h"
#include "frontend/frontend.h"
#include "tap.h"
#include "vocab/vocab.h"

/* "syscalls { allow GROUPS }" through the front end; NULL on error. */
static struct pol_ir *allow_groups(const char *groups)
{
	static const char *const dirs[] = { "policies" };
	struct fe_options o = { .include_dirs = dirs, .ninclude_dirs = 1 };
	struct pol_ir *ir = malloc(sizeof(*ir));
	char *text = NULL;
	struct diag d;
	if (!ir || asprintf(&text, "policy t\nsyscalls {\n    allow %s\n}\n", groups) < 0)
		abort();
	diag_init(&d);
	int r = frontend_load_buffer("groups-test.pol", text, strlen(text), &o, ir, &d);
	if (r < 0)
		diag_print(&d, stdout, DIAG_TEXT);
	diag_free(&d);
	free(text);
	if (r < 0) {
		ir_free(ir);
		free(ir);
		return NULL;
	}
	return ir;
}

static bool allows(const struct pol_ir *ir, const char *name)
{
	for (size_t i = 0; i < ir->syscalls.nrules; i++)
		if (!strcmp(ir->syscalls.rules[i].syscall, name) && ir->syscalls.rules[i].act.action == IR_ACT_ALLOW)
			return true;
	return false;
}

static void drop(struct pol_ir *ir)
{
	if (ir)
		ir_free(ir);
	free(ir);
}

/* Every "group @name" of groups.pol, space separated. */
static char *all_groups(void)
{
	FILE *f = fopen("policies/groups.pol", "r");
	char line[512], *list = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&list, &len);
	while (f && out && fgets(line, sizeof(line), f)) {
		char name[128];
		if (sscanf(line, "group %127s {", name) == 1)
			fprintf(out, " %s", name);
	}
	if (f)
		fclose(f);
	if (out)
		fclose(out);
	return list;
}

static void test_coverage(void)
{
	char *groups = all_groups();
	struct pol_ir *ir = groups ? allow_groups(groups) : NULL;
	OK(ir != NULL, "a policy allowing every group of groups.pol loads");
	static const enum ir_arch arches[] = { IR_ARCH_X86_64, IR_ARCH_X86, IR_ARCH_AARCH64 };
	size_t missing = 0, total = 0;
	for (size_t a = 0; ir && a < sizeof(arches) / sizeof(arches[0]); a++) {
		for (int nr = vocab_syscall_base(arches[a]); nr < vocab_syscall_limit(arches[a]); nr++) {
			const char *name = vocab_syscall_name(arches[a], nr);
			if (!name || !strcmp(name, "userfaultfd"))
				continue;
			total++;
			if (!allows(ir, name) && missing++ < 10)
				printf("# %s %s is in no group\n", arch_name(arches[a]), name);
		}
	}
	OK(ir && missing == 0, "the groups name all %zu syscalls of x86_64, x86 and aarch64 but userfaultfd "
	   "(%zu missing)", total, missing);
	drop(ir);
	free(groups);
}

/* `group` allows none of `left_out` (space separated). */
static void test_leaves_out(const char *group, const char *left_out)
{
	struct pol_ir *ir = allow_groups(group);
	char *copy = strdup(left_out), *save = NULL, found[256] = "";
	for (char *w = strtok_r(copy, " ", &save); ir && w; w = strtok_r(NULL, " ", &save))
		if (allows(ir, w) && strlen(found) + strlen(w) + 2 < sizeof(found))
			strcat(strcat(found, " "), w);
	OK(ir && !found[0], "%s leaves out %s%s%s", group, left_out, found[0] ? "; but has:" : "", found);
	drop(ir);
	free(copy);
}

/* `group` allows all of `members`. */
static void test_has(const char *group, const char *members)
{
	struct pol_ir *ir = allow_groups(group);
	char *copy = strdup(members), *save = NULL, lacking[256] = "";
	for (char *w = strtok_r(copy, " ", &save); ir && w; w = strtok_r(NULL, " ", &save))
		if (!allows(ir, w) && strlen(lacking) + strlen(w) + 2 < sizeof(lacking))
			strcat(strcat(lacking, " "), w);
	OK(ir && !lacking[0], "%s has %s%s%s", group, members, lacking[0] ? "; but lacks:" : "", lacking);
	drop(ir);
	free(copy);
}

int main(void)
{
	test_coverage();
	test_leaves_out("@system-service",
			"add_key keyctl request_key io_uring_setup io_uring_enter io_uring_register "
			"ptrace process_vm_readv process_vm_writev kcmp pidfd_getfd perf_event_open bpf "
			"userfaultfd setns unshare mount umount2 pivot_root fsopen open_tree kexec_load "
			"init_module finit_module reboot swapon settimeofday clock_settime iopl ioperm "
			"modify_ldt acct quotactl open_by_handle_at syslog");
	test_has("@system-service",
		 "read write openat close mmap brk futex clone execve exit_group socket accept4 "
		 "epoll_wait rt_sigaction nanosleep getrandom ioctl prctl mseal statmount listmount "
		 "getxattrat statx openat2 rseq");
	test_leaves_out("@aio", "io_uring_setup io_uring_enter io_uring_register");
	test_leaves_out("@process", "setns unshare ptrace");
	test_leaves_out("@ipc", "process_vm_readv process_vm_writev add_key keyctl");
	test_leaves_out("@file-system", "chown fchownat mount open_by_handle_at fanotify_init");
	test_leaves_out("@mount", "statmount listmount");
	test_has("@privileged", "mount reboot init_module iopl settimeofday bpf chown swapon kexec_load");
	test_leaves_out("@privileged", "setgid setgid32 setregid setresgid");
	test_has("@default", "exit exit_group rt_sigreturn restart_syscall futex arch_prctl rseq");
	return TAP_DONE();
}
