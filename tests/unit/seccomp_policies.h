/* Policies the seccomp tests compile, and a loader. Each one exercises a
 * part of the generator: arches, actions, conditions on 32- and 64-bit
 * arguments, syscalls newer than libseccomp 2.5.4, far jumps. */
#ifndef POL_TESTS_SECCOMP_POLICIES_H
#define POL_TESTS_SECCOMP_POLICIES_H

#include <stdio.h>
#include <string.h>

#include "util/diag.h"
#include "frontend/frontend.h"
#include "ir.h"

struct test_policy {
	const char *name;
	const char *text; /* NULL: load `path` */
	const char *path;
};

static const struct test_policy test_policies[] = {
	{ "docker-like", "policy t1\n"
	  "syscalls {\n"
	  "  default kill_process\n"
	  "  arch native x86 x32\n"
	  "  allow read write openat close fstat mmap munmap brk exit exit_group getpid\n"
	  "  allow rt_sigreturn rt_sigaction rt_sigprocmask futex execve arch_prctl\n"
	  "  allow mseal listmount statmount file_setattr open_tree_attr cachestat\n"
	  "  errno EPERM ptrace\n"
	  "  errno ENOSYS clone3\n"
	  "  allow socket if domain in { AF_UNIX AF_INET AF_INET6 }\n"
	  "  errno EAFNOSUPPORT socket\n"
	  "  allow personality if persona == 0 or persona == 8 or persona == 0x20000\n"
	  "  allow clone if flags & CLONE_NEWUSER == 0\n"
	  "  errno EPERM ioctl if request == TIOCSTI\n"
	  "  allow ioctl\n"
	  "}\n", NULL },
	{ "wide-args", "policy t2\n"
	  "syscalls {\n"
	  "  default errno EPERM\n"
	  "  arch native x86\n"
	  "  errno EXDEV lseek if offset >= 0x100000005\n"
	  "  errno EDOM lseek if offset < 3\n"
	  "  allow lseek\n"
	  "  errno EACCES mmap if addr > 0x7f0000001000 and length <= 4096\n"
	  "  errno ENOMEM mmap if addr != 0xffffffff00000000\n"
	  "  allow mmap\n"
	  "  errno ENOEXEC pread64 if pos in { 0x500000001 0x500000002 0x600000001 7 }\n"
	  "  errno ENOEXEC pread64 if pos == 0x500000009 or count in { 1 2 3 }\n"
	  "  errno E2BIG pread64 if pos == 0x123456789a\n"
	  "  errno ERANGE pread64 if count < 0x100000000 and count > 0xffff\n"
	  "  allow pread64\n"
	  "  trap kill\n"
	  "  log getppid\n"
	  "  kill_thread tkill\n"
	  "  allow getpid exit exit_group\n"
	  "}\n", NULL },
	{ "arm-host", "policy t3\n"
	  "syscalls {\n"
	  "  default errno ENOSYS\n"
	  "  arch aarch64 arm riscv64\n"
	  "  allow read write openat close exit_group\n"
	  "  allow socket if domain == AF_UNIX\n"
	  "  errno EPERM kill if sig == 9 and pid == 1\n"
	  "  allow kill\n"
	  "}\n", NULL },
	{ "other-hosts", "policy t4\n"
	  "syscalls {\n"
	  "  default kill_thread\n"
	  "  arch s390x ppc64le\n"
	  "  allow read write close exit_group\n"
	  "  errno EPERM lseek if offset >= 0x100000005\n"
	  "  allow lseek\n"
	  "}\n", NULL },
	{ "compat-only", "policy t5\n"
	  "syscalls {\n"
	  "  default errno EPERM\n"
	  "  arch x86 x32\n"
	  "  allow read write exit_group\n"
	  "  errno EACCES socketcall if arg0 == 1\n"
	  "}\n", NULL },
	{ "default.pol", NULL, "policies/default.pol" },
	{ "hardened.pol", NULL, "policies/hardened.pol" },
};
#define NTEST_POLICIES (sizeof test_policies / sizeof test_policies[0])

/* Load a test policy; 0 or -1 (diagnostics printed as TAP comments). */
static int load_test_policy(const struct test_policy *p, struct pol_ir *ir)
{
	static const char *const dirs[] = { "policies" };
	struct fe_options opts = { .include_dirs = dirs, .ninclude_dirs = 1 };
	struct diag d;
	diag_init(&d);
	int r = p->text ? frontend_load_buffer(p->name, p->text, strlen(p->text), &opts, ir, &d)
			: frontend_load(p->path, &opts, ir, &d);
	if (r < 0) {
		printf("# %s does not load:\n", p->name);
		diag_print(&d, stdout, diag_format_for(stdout));
	}
	diag_free(&d);
	return r;
}

#endif
