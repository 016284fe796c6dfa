/* The generated vocabulary: numbers per arch, syscalls newer than the
 * build host's 6.1 headers, argument names and widths, constants, caps,
 * rlimits, errno, suggestions. Values are checked against the libc/kernel
 * headers of this build (so a wrong generator fails here). */
#include <errno.h>
#include <linux/audit.h>
#include <sched.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>

#include "tap.h"
#include "interop/import_scmp.h"
#include "seccomp/seccomp_gen.h"
#include "vocab/vocab.h"

static void test_numbers(void)
{
	OK(vocab_syscall_nr(IR_ARCH_X86_64, "read") == SYS_read, "x86_64 read");
	OK(vocab_syscall_nr(IR_ARCH_X86_64, "openat") == SYS_openat, "x86_64 openat");
	OK(vocab_syscall_nr(IR_ARCH_X86, "socketcall") == 102, "i386 socketcall 102");
	OK(vocab_syscall_nr(IR_ARCH_X86, "getpid") == 20, "i386 getpid 20");
	OK(vocab_syscall_nr(IR_ARCH_X32, "getpid") == (0x40000000 | 39), "x32 getpid has the x32 bit");
	OK(vocab_syscall_nr(IR_ARCH_X32, "ioctl") == (0x40000000 | 514), "x32 ioctl is the x32-only 514");
	OK(vocab_syscall_nr(IR_ARCH_AARCH64, "openat") == 56, "aarch64 openat 56");
	OK(vocab_syscall_nr(IR_ARCH_AARCH64, "open") == -1, "aarch64 has no open");
	OK(vocab_syscall_nr(IR_ARCH_RISCV64, "getpid") == 172, "riscv64 getpid 172");
	OK(vocab_syscall_nr(IR_ARCH_ARM, "getpid") == 20, "arm getpid 20");
	OK(vocab_syscall_nr(IR_ARCH_S390X, "getpid") == 20, "s390x getpid 20");
	OK(vocab_syscall_nr(IR_ARCH_PPC64LE, "getpid") == 20, "ppc64le getpid 20");
	OK(strcmp(vocab_syscall_name(IR_ARCH_X86_64, 101) ?: "", "ptrace") == 0, "x86_64 101 is ptrace");
	OK(vocab_syscall_name(IR_ARCH_X86_64, 100000) == NULL, "no syscall 100000");

	/* After the host's 6.1 headers; all arches share numbers from 403 up. */
	static const struct { const char *name; int nr; } newer[] = {
		{"cachestat", 451}, {"fchmodat2", 452}, {"map_shadow_stack", 453},
		{"futex_wake", 454}, {"futex_wait", 455}, {"futex_requeue", 456},
		{"statmount", 457}, {"listmount", 458}, {"lsm_get_self_attr", 459},
		{"lsm_set_self_attr", 460}, {"lsm_list_modules", 461}, {"mseal", 462},
		{"setxattrat", 463}, {"getxattrat", 464}, {"listxattrat", 465},
		{"removexattrat", 466}, {"open_tree_attr", 467}, {"file_getattr", 468},
		{"file_setattr", 469},
	};
	for (size_t i = 0; i < sizeof newer / sizeof newer[0]; i++) {
		OK(vocab_syscall_nr(IR_ARCH_X86_64, newer[i].name) == newer[i].nr, "x86_64 %s %d",
		   newer[i].name, newer[i].nr);
		OK(vocab_syscall_nr(IR_ARCH_AARCH64, newer[i].name) == newer[i].nr, "aarch64 %s",
		   newer[i].name);
		OK(vocab_syscall_nr(IR_ARCH_X32, newer[i].name) == (0x40000000 | newer[i].nr),
		   "x32 %s", newer[i].name);
	}
	OK(vocab_syscall_nr(IR_ARCH_X86_64, "uretprobe") == 335, "x86_64 uretprobe 335");
	OK(vocab_syscall_known("mseal") && !vocab_syscall_known("opnat"), "known/unknown");
	OK(vocab_syscall_limit(IR_ARCH_X86_64) > 462 && vocab_syscall_limit(IR_ARCH_X86_64) < 1024,
	   "x86_64 limit %d", vocab_syscall_limit(IR_ARCH_X86_64));
	OK(vocab_syscall_base(IR_ARCH_X32) == 0x40000000 && vocab_syscall_base(IR_ARCH_X86) == 0,
	   "x32 base");
	size_t n;
	const char *const *all = vocab_syscall_names(&n);
	int sorted = n > 400;
	for (size_t i = 1; i < n; i++)
		sorted &= strcmp(all[i - 1], all[i]) < 0;
	OK(sorted, "%zu names, sorted and unique", n);
}

static void test_arches(void)
{
	OK(arch_audit(IR_ARCH_X86_64) == AUDIT_ARCH_X86_64, "audit x86_64");
	OK(arch_audit(IR_ARCH_X86) == AUDIT_ARCH_I386, "audit i386");
	OK(arch_audit(IR_ARCH_X32) == AUDIT_ARCH_X86_64, "audit x32 is x86_64's");
	OK(arch_audit(IR_ARCH_AARCH64) == AUDIT_ARCH_AARCH64, "audit aarch64");
	OK(ARCH_NATIVE == IR_ARCH_X86_64, "native is x86_64 here");
	OK(vocab_arch_from_name("x32") == IR_ARCH_X32 && vocab_arch_from_name("arm64") == IR_ARCH_AARCH64 &&
	   vocab_arch_from_name("native") == IR_ARCH_X86_64 && vocab_arch_from_name("vax") == -1,
	   "arch names");
	OK(arch_from_audit(AUDIT_ARCH_I386) == IR_ARCH_X86, "arch from audit");
	OK(arch_from_audit(AUDIT_ARCH_X86_64) == IR_ARCH_X86_64, "x86_64's audit arch is x86_64, never x32");
	/* dump printed "i386" where the language says "x86": one table now */
	OK(arch_audit_name(AUDIT_ARCH_I386) && !strcmp(arch_audit_name(AUDIT_ARCH_I386), "x86"),
	   "AUDIT_ARCH_I386 is named as the language names it");
	OK(arch_native_audit() == AUDIT_ARCH_X86_64, "the host program's arch");
	OK(seccomp_host_runs(IR_ARCH_X86_64) == (1u << IR_ARCH_X86_64 | 1u << IR_ARCH_X86 | 1u << IR_ARCH_X32),
	   "an x86_64 host runs x86_64, x86 and x32 calls");
	for (int a = 0; a < IR_ARCH_COUNT; a++) {
		const struct arch_row *r = &arch_table[a];
		OK(r->name && r->audit && r->scmp && r->go &&
		   vocab_arch_from_name(r->name) == a && scmp_arch_to_ir(r->scmp) == a &&
		   scmp_go_arch_to_ir(r->go) == a && (!r->host_runs || (r->host_runs & 1u << a)),
		   "arch row %s complete and round-trips", r->name ? r->name : "?");
	}
}

static void test_args(void)
{
	bool w;
	OK(vocab_syscall_arg("socket", "domain", &w) == 0 && w, "socket domain arg0, 32-bit");
	OK(vocab_syscall_arg("socket", "family", &w) == 0, "kernel name family also works");
	OK(vocab_syscall_arg("ioctl", "cmd", &w) == 1 && w, "ioctl cmd arg1, 32-bit");
	OK(vocab_syscall_arg("personality", "persona", &w) == 0 && w, "personality persona 32-bit");
	OK(vocab_syscall_arg("clone", "flags", &w) == 0 && !w, "clone flags arg0, 64-bit");
	OK(vocab_syscall_arg("mmap", "prot", &w) == 2, "mmap prot arg2");
	OK(vocab_syscall_arg("openat", "flags", &w) == 2 && w, "openat flags 32-bit");
	OK(vocab_syscall_arg("read", "arg5", &w) == 5 && !w, "argN always works");
	OK(vocab_syscall_arg("read", "bogus", &w) == -1, "unknown arg");
	OK(vocab_syscall_arg("read", NULL, &w) == -1 && !w, "no arg name: -1, not a crash");
	OK(vocab_syscall_arg("mseal", "flags", &w) == 2, "mseal flags");
	size_t n;
	const char *const *names = vocab_syscall_arg_names("kill", &n);
	OK(n == 2 && strcmp(names[0], "pid") == 0 && strcmp(names[1], "sig") == 0, "kill(pid, sig)");
}

static void test_constants(void)
{
	uint64_t v = 0;
	OK(vocab_constant("AF_INET", &v) && v == AF_INET, "AF_INET");
	OK(vocab_constant("CLONE_NEWUSER", &v) && v == CLONE_NEWUSER, "CLONE_NEWUSER");
	OK(vocab_constant("TIOCSTI", &v) && v == TIOCSTI, "TIOCSTI");
	OK(vocab_constant("FIONREAD", &v) && v == FIONREAD, "FIONREAD");
	OK(vocab_constant("PER_LINUX32", &v) && v == 8, "PER_LINUX32 (an enumerator)");
	OK(vocab_constant("UNAME26", &v) && v == 0x20000, "UNAME26");
	OK(vocab_constant("CLONE_NEWTIME", &v) && v == 0x80, "CLONE_NEWTIME");
	OK(vocab_constant("PR_SET_NO_NEW_PRIVS", &v) && v == 38, "PR_SET_NO_NEW_PRIVS");
	OK(vocab_constant("SOCK_CLOEXEC", &v) && v == SOCK_CLOEXEC, "SOCK_CLOEXEC");
	OK(!vocab_constant("AF_INETT", &v), "unknown constant");
	size_t n;
	const char *const *names = vocab_constant_names(&n);
	OK(n > 1000, "%zu constants", n);
	OK(strcmp(vocab_nearest("AF_INTE", names, n) ?: "", "AF_INET") == 0, "nearest AF_INTE");
}

static void test_named(void)
{
	OK(vocab_capability("net_bind_service") == 10 && vocab_capability("CAP_SYS_ADMIN") == 21,
	   "capabilities by name");
	OK(vocab_capability("checkpoint_restore") == 40, "newest capability");
	OK(vocab_capability("flying") == -1, "unknown capability");
	OK(strcmp(vocab_capability_name(10) ?: "", "net_bind_service") == 0, "capability name");
	OK(vocab_capability_count() == 41, "41 capabilities");
	OK(vocab_rlimit("nofile") == RLIMIT_NOFILE && vocab_rlimit("RLIMIT_CORE") == RLIMIT_CORE,
	   "rlimits");
	OK(strcmp(vocab_rlimit_name(RLIMIT_NOFILE) ?: "", "nofile") == 0, "rlimit name");
	OK(vocab_errno("EPERM") == EPERM && vocab_errno("ENOSYS") == ENOSYS, "errno");
	OK(strcmp(vocab_errno_name(EAGAIN) ?: "", "EAGAIN") == 0, "EAGAIN, not EWOULDBLOCK");
	OK(vocab_errno("EOF") == -1, "EOF is not an errno");
}

static void test_nearest(void)
{
	size_t n;
	const char *const *names = vocab_syscall_names(&n);
	OK(strcmp(vocab_nearest("opnat", names, n) ?: "", "openat") == 0, "opnat -> openat");
	OK(strcmp(vocab_nearest("clsoe", names, n) ?: "", "close") == 0, "clsoe -> close");
	OK(vocab_nearest("zzzzzzzzzz", names, n) == NULL, "no suggestion for noise");
}

int main(void)
{
	test_numbers();
	test_arches();
	test_args();
	test_constants();
	test_named();
	test_nearest();
	return TAP_DONE();
}
