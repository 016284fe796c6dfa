/* The shipped bases loaded into the real kernel: for each case a child
 * compiles nothing, it only installs the program polc compiled for
 * default.pol or hardened.pol (no_new_privs, then seccomp) and makes one
 * call, natively, through the i386 entry (`int 0x80`) or with an x32
 * number; the parent checks the errno the child saw, or that it was killed
 * by SIGSYS. Kills are real kills here (compiled without enforce's
 * notification). Alongside, hardened.pol's decisions are checked in the
 * BPF interpreter for every refusal it promises. x86_64 hosts only. */
#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/diag.h"
#include "frontend/frontend.h"
#include "bpf_interp.h"
#include "seccomp/seccomp_gen.h"
#include "tap.h"
#include "vocab/vocab.h"

#if defined(__x86_64__) && !defined(__ILP32__)

#define X32_BIT 0x40000000L
#define EXPECT_KILLED (-1000) /* "the child dies of SIGSYS" */

struct program {
	struct polb_bpf_insn *insns;
	size_t n;
};

static int compile(const char *path, struct program *p)
{
	static const char *const dirs[] = { "policies" };
	struct fe_options o = { .include_dirs = dirs, .ninclude_dirs = 1 };
	struct pol_ir ir;
	struct diag d;
	struct err e = { 0 };
	uint32_t flags = 0;
	diag_init(&d);
	int r = frontend_load(path, &o, &ir, &d);
	diag_free(&d);
	if (r == 0 && seccomp_generate_opts(&ir, IR_ARCH_X86_64, SECCOMP_GEN_NO_NOTIFY, &p->insns, &p->n,
					    &flags, &e) < 0) {
		printf("# %s: %s\n", path, e.detail);
		r = -1;
	}
	ir_free(&ir);
	return r;
}

/* The i386 entry, from 64-bit code: arguments in ebx, ecx, edx. */
static long int80(long nr, long a, long b, long c)
{
	long ret;
	__asm__ volatile("int $0x80" : "=a"(ret) : "a"(nr), "b"(a), "c"(b), "d"(c) : "memory");
	return ret;
}

/* -errno of the raw call, 0 on success (the result itself is not needed). */
static long native(long nr, long a, long b, long c)
{
	long r = syscall(nr, a, b, c, 0, 0, 0);
	return r < 0 ? -errno : 0;
}

enum entry { NATIVE, I386, X32 };

struct call {
	const char *what;
	enum entry entry;
	long nr, a, b, c;
	long want; /* 0 success, -E an errno, EXPECT_KILLED */
};

/* In a child: install the filter, make the call, exit with a code the
 * parent decodes (0: as expected; 100 + errno seen otherwise). */
static void child(const struct program *p, const struct call *c)
{
	struct sock_fprog prog = { .len = (unsigned short)p->n, .filter = (struct sock_filter *)p->insns };
	/* fd 0 is /dev/null, never a terminal: ioctls on it mean the same
	 * whether or not the suite runs from a terminal */
	int null = open("/dev/null", O_RDONLY);
	if (null < 0 || dup2(null, 0) < 0)
		_exit(97);
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
	    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) < 0)
		_exit(99);
	long r;
	if (c->entry == I386) {
		r = int80(c->nr, c->a, c->b, c->c);
		r = r < 0 ? r : 0;
	} else {
		r = native(c->entry == X32 ? (c->nr | X32_BIT) : c->nr, c->a, c->b, c->c);
	}
	if (c->want != EXPECT_KILLED && (r == c->want || (c->want == 0 && r >= 0)))
		_exit(0);
	_exit(r < 0 ? 100 + (int)(-r > 150 ? 150 : -r) : 98);
}

static void run_call(const char *policy, const struct program *p, const struct call *c)
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0)
		child(p, c);
	int st = 0;
	waitpid(pid, &st, 0);
	if (c->want == EXPECT_KILLED)
		OK(WIFSIGNALED(st) && WTERMSIG(st) == SIGSYS, "%s: %s is killed by SIGSYS (status %#x)",
		   policy, c->what, st);
	else
		OK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "%s: %s gives %s%s (exit %d)", policy, c->what,
		   c->want ? "errno " : "success", c->want ? strerror((int)-c->want) : "",
		   WIFEXITED(st) ? WEXITSTATUS(st) : -WTERMSIG(st));
}

/* A real program under the filter: a shell running ls, cat, date, sort,
 * a pipe and a subshell, as any service's start script does. */
static void run_program(const char *policy, const struct program *p)
{
	static const char script[] =
		"ls -la / >/dev/null && cat /etc/passwd | sort | head -1 >/dev/null && "
		"date >/dev/null && (cd /tmp && echo ok > /dev/null) && id -u >/dev/null";
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		struct sock_fprog prog = { .len = (unsigned short)p->n, .filter = (struct sock_filter *)p->insns };
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
		    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) < 0)
			_exit(99);
		execl("/bin/sh", "sh", "-c", script, (char *)NULL);
		_exit(127);
	}
	int st = 0;
	waitpid(pid, &st, 0);
	OK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "%s: a shell runs ls, cat | sort | head, date, id (status %#x%s)",
	   policy, st, WIFSIGNALED(st) && WTERMSIG(st) == SIGSYS ? ", killed by SIGSYS" : "");
}

static void test_default(void)
{
	struct program p = { 0 };
	int r = compile("policies/default.pol", &p); /* OK() evaluates its condition twice */
	OK(r == 0, "default.pol compiles");
	const struct call calls[] = {
		{ "socket(AF_UNIX)", NATIVE, SYS_socket, AF_UNIX, SOCK_STREAM, 0, 0 },
		{ "socket(AF_VSOCK)", NATIVE, SYS_socket, 40, SOCK_STREAM, 0, -EPERM },
		{ "socket(AF_ALG)", NATIVE, SYS_socket, 38, SOCK_SEQPACKET, 0, -EPERM },
		{ "personality(0xffffffff)", NATIVE, SYS_personality, 0xffffffffL, 0, 0, 0 },
		{ "personality(READ_IMPLIES_EXEC)", NATIVE, SYS_personality, READ_IMPLIES_EXEC, 0, 0, -EPERM },
		{ "clone3", NATIVE, SYS_clone3, 0, 0, 0, -ENOSYS },
		{ "unshare(CLONE_NEWUSER)", NATIVE, SYS_unshare, CLONE_NEWUSER, 0, 0, -EPERM },
		{ "keyctl", NATIVE, SYS_keyctl, 0, 0, 0, -EPERM },
		{ "acct", NATIVE, SYS_acct, 0, 0, 0, -EPERM },
		{ "i386 getpid (int 0x80)", I386, 20, 0, 0, 0, 0 },
		{ "i386 acct (int 0x80)", I386, 51, 0, 0, 0, -EPERM },
		{ "i386 unshare(CLONE_NEWUSER) (int 0x80)", I386, 310, CLONE_NEWUSER, 0, 0, -EPERM },
		/* x32 is not built into this kernel: what the filter allows
		 * reaches the kernel and gets ENOSYS; what it refuses gets EPERM. */
		{ "x32 getpid", X32, 39, 0, 0, 0, -ENOSYS },
		{ "x32 acct", X32, 163, 0, 0, 0, -EPERM },
	};
	for (size_t i = 0; p.insns && i < sizeof(calls) / sizeof(calls[0]); i++)
		run_call("default.pol", &p, &calls[i]);
	if (p.insns)
		run_program("default.pol", &p);
	free(p.insns);
}

static void test_hardened_kernel(const struct program *p)
{
	const struct call calls[] = {
		{ "getpid", NATIVE, SYS_getpid, 0, 0, 0, 0 },
		{ "socket(AF_INET6)", NATIVE, SYS_socket, AF_INET6, SOCK_DGRAM, 0, 0 },
		{ "socket(AF_NETLINK)", NATIVE, SYS_socket, AF_NETLINK, SOCK_RAW, 0, -EAFNOSUPPORT },
		{ "socket(AF_PACKET)", NATIVE, SYS_socket, AF_PACKET, SOCK_RAW, 0, -EAFNOSUPPORT },
		{ "keyctl", NATIVE, SYS_keyctl, 0, 0, 0, -EPERM },
		{ "bpf", NATIVE, SYS_bpf, 0, 0, 0, -EPERM },
		{ "perf_event_open", NATIVE, SYS_perf_event_open, 0, 0, 0, -EPERM },
		{ "userfaultfd", NATIVE, SYS_userfaultfd, 0, 0, 0, -EPERM },
		{ "io_uring_setup", NATIVE, SYS_io_uring_setup, 0, 0, 0, -EPERM },
		{ "ptrace", NATIVE, SYS_ptrace, 0, 0, 0, -EPERM },
		{ "mount", NATIVE, SYS_mount, 0, 0, 0, -EPERM },
		{ "setns", NATIVE, SYS_setns, 0, 0, 0, -EPERM },
		{ "clone3", NATIVE, SYS_clone3, 0, 0, 0, -ENOSYS },
		{ "unshare(CLONE_FILES)", NATIVE, SYS_unshare, CLONE_FILES, 0, 0, 0 },
		{ "unshare(CLONE_NEWUSER)", NATIVE, SYS_unshare, CLONE_NEWUSER, 0, 0, EXPECT_KILLED },
		{ "ioctl(TIOCSTI)", NATIVE, SYS_ioctl, 0, TIOCSTI, 0, EXPECT_KILLED },
		/* the kernel reads the request's low 32 bits; so does the filter */
		{ "ioctl(TIOCSTI with high bits set)", NATIVE, SYS_ioctl, 0,
		  (long)(0xffffffff00000000ul | TIOCSTI), 0, EXPECT_KILLED },
		{ "ioctl(TCGETS)", NATIVE, SYS_ioctl, 0, TCGETS, 0, -ENOTTY },
		{ "personality(ADDR_NO_RANDOMIZE)", NATIVE, SYS_personality, ADDR_NO_RANDOMIZE, 0, 0,
		  EXPECT_KILLED },
		{ "i386 getpid (int 0x80)", I386, 20, 0, 0, 0, EXPECT_KILLED },
		{ "x32 getpid", X32, 39, 0, 0, 0, EXPECT_KILLED },
	};
	for (size_t i = 0; i < sizeof(calls) / sizeof(calls[0]); i++)
		run_call("hardened.pol", p, &calls[i]);
}

/* hardened.pol's promises, over every syscall of its groups, in the
 * interpreter: refused families answer EPERM, never allow. */
static void test_hardened_interp(const struct program *p)
{
	static const char *const refused[] = {
		"add_key", "keyctl", "request_key", "bpf", "perf_event_open", "userfaultfd",
		"io_uring_setup", "io_uring_enter", "io_uring_register", "ptrace", "process_vm_readv",
		"process_vm_writev", "mount", "umount2", "pivot_root", "fsopen", "fsmount", "move_mount",
		"open_tree", "mount_setattr", "init_module", "finit_module", "delete_module", "reboot",
		"kexec_load", "kexec_file_load", "swapon", "swapoff", "settimeofday", "clock_settime",
		"adjtimex", "iopl", "ioperm", "setns", "acct", "quotactl", "sethostname", "syslog",
	};
	const uint64_t zero[6] = { 0 };
	size_t bad = 0;
	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		int nr = vocab_syscall_nr(IR_ARCH_X86_64, refused[i]);
		struct seccomp_data d = bpf_data(AUDIT_ARCH_X86_64, (uint32_t)nr, zero);
		uint32_t ret = 0;
		unsigned steps;
		if (nr < 0 || bpf_interp(p->insns, p->n, &d, &ret, &steps) < 0 ||
		    ret != (SECCOMP_RET_ERRNO | EPERM)) {
			if (bad++ < 5)
				printf("# %s (%d): %#x\n", refused[i], nr, ret);
		}
	}
	OK(bad == 0, "hardened.pol refuses all %zu named dangerous syscalls with EPERM (%zu do not)",
	   sizeof(refused) / sizeof(refused[0]), bad);
}

int main(void)
{
	test_default();
	struct program p = { 0 };
	int r = compile("policies/hardened.pol", &p);
	OK(r == 0, "hardened.pol compiles");
	if (p.insns) {
		test_hardened_interp(&p);
		test_hardened_kernel(&p);
		run_program("hardened.pol", &p);
	}
	free(p.insns);
	return TAP_DONE();
}

#else
int main(void)
{
	OK(1, "kernel tests of the shipped policies # SKIP not an x86_64 host");
	return 0;
}
#endif
