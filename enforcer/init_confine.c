/* The reaper's own confinement. Pid 1 runs enforce's code, forked before
 * the command loads the policy's seccomp filter, so the filter does not
 * cover it. A command the policy lets keep CAP_SYS_PTRACE could attach to
 * pid 1 and make, through it, the calls its own filter refuses. So the
 * reaper confines itself first: no_new_privs and a filter of its own that
 * allows only what reaping needs (wait, signals, exit, its report) and kills on
 * anything else, any other architecture, or the x32 ABI. The command waits
 * for the reaper's word before it goes on, so there is no window. */
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "arch.h"
#include "enforce.h"

#define ALLOW_NR(nr) \
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (nr), 0, 1), \
	BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)

int init_confine(struct err *e)
{
	struct sock_filter prog[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, arch_native_audit(), 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
#if defined(__x86_64__)
		/* x32 calls carry the x86_64 arch and bit 30 in the number */
		BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, ARCH_X32_SYSCALL_BIT, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
#endif
		ALLOW_NR(SYS_rt_sigtimedwait), ALLOW_NR(SYS_wait4), ALLOW_NR(SYS_waitid),
		ALLOW_NR(SYS_kill),
		ALLOW_NR(SYS_rt_sigreturn), ALLOW_NR(SYS_restart_syscall),
		ALLOW_NR(SYS_write), ALLOW_NR(SYS_close),
		/* the one report on its own socket (init.c): what send(2) is */
		ALLOW_NR(SYS_sendto),
		ALLOW_NR(SYS_exit_group), ALLOW_NR(SYS_exit),
		/* what a sanitizer build's exit path does (make SAN=1) */
		ALLOW_NR(SYS_sigaltstack), ALLOW_NR(SYS_munmap), ALLOW_NR(SYS_rt_sigprocmask),
		ALLOW_NR(SYS_getpid), ALLOW_NR(SYS_gettid),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
	};
	struct sock_fprog fprog = { .len = sizeof(prog) / sizeof(prog[0]), .filter = prog };
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return err_set(e, errno, "init", "no_new_privs for the reaper");
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &fprog) < 0)
		return err_set(e, errno, "init", "the reaper's own seccomp filter");
	return 0;
}
