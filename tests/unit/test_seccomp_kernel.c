/* The generated programs loaded into the real kernel (6.18 here).
 *
 * 1. A sweep: a policy whose every decision is a distinct errno (only exit
 *    and exit_group allowed, so nothing runs) is loaded by a child, which
 *    then calls every syscall number natively, through i386 `int 0x80` and
 *    with the x32 bit; each errno the kernel returns must be the reference
 *    decision (seccomp_ref.h), and the same as the interpreter's.
 * 2. Kills: a killed syscall, an i386 and an x32 call when those arches are
 *    not listed, end the child with SIGSYS.
 * 3. Arguments: ioctl TIOCSTI with high bits set is still caught (low 32
 *    bits), 64-bit lseek offsets and mmap addresses compare correctly. */
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bpf_interp.h"
#include "seccomp/seccomp_gen.h"
#include "seccomp_policies.h"
#include "seccomp_ref.h"
#include "tap.h"

static const char sweep_text[] =
	"policy sweep\n"
	"syscalls {\n"
	"  default errno EHWPOISON\n"
	"  arch native x86 x32\n"
	"  allow exit exit_group\n"
	"  errno E2BIG read write openat close mseal listmount file_setattr\n"
	"  errno EACCES ptrace process_vm_readv kexec_load\n"
	"  errno ENOSYS clone3\n"
	"  errno EXDEV ioctl if request == TIOCSTI\n"
	"  errno ENOTTY ioctl\n"
	"  errno EDOM socket if domain == AF_INET\n"
	"  errno ERANGE lseek if offset >= 0x100000005\n"
	"  errno EBADMSG lseek\n"
	"  errno ECHILD @default\n"
	"}\n";

/* The arguments every sweep call passes: domain AF_INET, TIOCSTI with a
 * high bit set (the low 32 bits decide), an offset over 4 GiB. */
static uint64_t sweep_args[6] = { 2, 0x100005412ull, 0x100000007ull, 0, 0, 0 };

/* The end of a child under a filter: exit_group straight away. Not libc's
 * _exit, and not marked noreturn: under ASan both run the runtime's
 * no-return hook, whose calls (sigaltstack, gettid, mmap) a strict filter
 * refuses or kills. */
static void raw_exit(int code)
{
	syscall(SYS_exit_group, code);
}

static long int80(long nr, const uint64_t *a)
{
	long ret;
	__asm__ volatile("int $0x80"
			 : "=a"(ret)
			 : "a"(nr), "b"(a[0]), "c"(a[1]), "d"(a[2]), "S"(a[3]), "D"(a[4])
			 : "memory", "r8", "r9", "r10", "r11");
	return (int)ret;
}

static int load_ir(const char *name, const char *text, struct pol_ir *ir)
{
	struct test_policy p = { name, text, NULL };
	return load_test_policy(&p, ir);
}

static int compile(const struct pol_ir *ir, struct polb_bpf_insn **prog, size_t *n)
{
	uint32_t flags;
	struct err e;
	if (seccomp_generate_opts(ir, IR_ARCH_X86_64, SECCOMP_GEN_NO_NOTIFY, prog, n, &flags, &e) < 0) {
		char buf[600];
		printf("# %s\n", err_format(&e, buf, sizeof buf));
		return -1;
	}
	return 0;
}

static void install_or_die(const struct polb_bpf_insn *prog, size_t n)
{
	struct sock_fprog fp = { .len = (unsigned short)n, .filter = (struct sock_filter *)(uintptr_t)prog };
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
	    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &fp) < 0)
		raw_exit(100);
}

enum entry { NATIVE, I386, X32, NENTRIES };
static const enum ir_arch entry_arch[NENTRIES] = { IR_ARCH_X86_64, IR_ARCH_X86, IR_ARCH_X32 };

/* exit and exit_group are allowed (the child must end); uretprobe and
 * uprobe never reach seccomp: since 6.13/6.18 the kernel passes them
 * through unfiltered (they only work from the kernel's own trampolines,
 * anything else gets SIGILL). */
static bool skip_nr(enum ir_arch arch, uint32_t nr)
{
	const char *name = vocab_syscall_name(arch, (int)nr);
	return name && (!strcmp(name, "exit") || !strcmp(name, "exit_group") ||
			!strcmp(name, "uretprobe") || !strcmp(name, "uprobe"));
}

static bool is_errno(uint32_t ret)
{
	return (ret & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_ERRNO;
}

static bool kills(uint32_t ret)
{
	uint32_t a = ret & SECCOMP_RET_ACTION_FULL;
	return a == SECCOMP_RET_KILL_PROCESS || a == SECCOMP_RET_KILL_THREAD || a == SECCOMP_RET_TRAP;
}

static long call_entry(enum entry en, uint32_t nr)
{
	if (en == I386) {
		long r = int80((long)nr, sweep_args);
		return r < 0 && r > -4096 ? r : 0;
	}
	long r = syscall((long)nr, sweep_args[0], sweep_args[1], sweep_args[2], 0, 0, 0);
	return r < 0 ? -(long)errno : r;
}

/* Child: every number whose decision is an errno (so the call never runs),
 * through every entry; the errno into out[]. */
static void sweep_child(const struct ir_syscalls *sc, const struct polb_bpf_insn *prog, size_t n,
			int *out, uint32_t count)
{
	install_or_die(prog, n);
	for (int en = 0; en < NENTRIES; en++) {
		enum ir_arch arch = entry_arch[en];
		uint32_t base = (uint32_t)vocab_syscall_base(arch);
		for (uint32_t i = 0; i < count; i++) {
			if (skip_nr(arch, base + i) || !is_errno(ref_decide(sc, arch, base + i, sweep_args, false)))
				continue;
			long r = call_entry((enum entry)en, base + i);
			out[en * count + i] = r < 0 ? (int)-r : 0;
		}
	}
	raw_exit(0);
}

/* Up to `max` numbers per entry whose decision kills, spread over the
 * table: each in its own child, which must die of SIGSYS. */
static void kill_samples(const struct ir_syscalls *sc, const struct polb_bpf_insn *prog, size_t n,
			 const char *name, uint32_t max)
{
	for (int en = 0; en < NENTRIES; en++) {
		enum ir_arch arch = entry_arch[en];
		uint32_t base = (uint32_t)vocab_syscall_base(arch);
		uint32_t limit = (uint32_t)vocab_syscall_limit(arch) + 8;
		uint32_t stride = (limit - base) / max + 1, tried = 0, died = 0;
		for (uint32_t nr = base; nr < limit && tried < max; nr += stride) {
			while (nr < limit && (skip_nr(arch, nr) || !kills(ref_decide(sc, arch, nr, sweep_args, false))))
				nr++;
			if (nr >= limit)
				break;
			pid_t pid = fork();
			if (pid == 0) {
				install_or_die(prog, n);
				call_entry((enum entry)en, nr);
				raw_exit(0);
			}
			int st = 0;
			waitpid(pid, &st, 0);
			tried++;
			died += WIFSIGNALED(st) && WTERMSIG(st) == SIGSYS;
		}
		if (tried)
			OK(died == tried, "%s: %s entry: %u of %u calls the policy kills died of SIGSYS",
			   name, arch_name(arch), died, tried);
	}
}

static void sweep_policy(const char *name, struct pol_ir *ir)
{
	struct polb_bpf_insn *prog = NULL;
	size_t n;
	if (compile(ir, &prog, &n) < 0) {
		OK(0, "%s compiles", name);
		return;
	}
	uint32_t count = 0;
	for (int en = 0; en < NENTRIES; en++) {
		uint32_t c = (uint32_t)(vocab_syscall_limit(entry_arch[en]) - vocab_syscall_base(entry_arch[en])) + 16;
		if (c > count)
			count = c;
	}
	size_t bytes = NENTRIES * count * sizeof(int);
	int *out = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (out == MAP_FAILED) {
		OK(0, "shared result page");
		free(prog);
		return;
	}
	memset(out, 0xff, bytes);
	pid_t pid = fork();
	if (pid == 0)
		sweep_child(&ir->syscalls, prog, n, out, count);
	int st = -1;
	waitpid(pid, &st, 0);
	OK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "%s: sweep child ran to the end (status %#x)", name, st);
	for (int en = 0; en < NENTRIES; en++) {
		enum ir_arch arch = entry_arch[en];
		uint32_t base = (uint32_t)vocab_syscall_base(arch);
		unsigned bad = 0, calls = 0;
		char first[200] = "";
		for (uint32_t i = 0; i < count; i++) {
			uint32_t nr = base + i;
			uint32_t want = ref_decide(&ir->syscalls, arch, nr, sweep_args, false);
			if (skip_nr(arch, nr) || !is_errno(want))
				continue;
			struct seccomp_data d = bpf_data(arch_audit(arch), nr, sweep_args);
			uint32_t interp = 0;
			unsigned steps;
			bpf_interp(prog, n, &d, &interp, &steps);
			int kernel = out[en * count + i];
			calls++;
			bool ok = kernel == (int)(want & SECCOMP_RET_DATA) && interp == want;
			if (!ok && !bad++)
				snprintf(first, sizeof first, "nr %#x (%s): kernel errno %d, interp %#x, want %#x",
					 nr, vocab_syscall_name(arch, (int)nr) ?: "-", kernel, interp, want);
		}
		if (calls)
			OK(bad == 0, "%s: %s entry: %u errno decisions, kernel = interpreter = reference%s%s",
			   name, arch_name(arch), calls, bad ? ": first: " : "", first);
	}
	kill_samples(&ir->syscalls, prog, n, name, 6);
	munmap(out, bytes);
	free(prog);
}

/* The sweep policy, and every test policy this host runs (the shipped
 * bases included), loaded for real. */
static void test_sweeps(void)
{
	struct pol_ir ir;
	if (load_ir("sweep", sweep_text, &ir) == 0)
		sweep_policy("sweep", &ir);
	else
		OK(0, "sweep policy loads");
	ir_free(&ir);
	for (size_t i = 0; i < NTEST_POLICIES; i++) {
		if (test_policies[i].text && !strstr(test_policies[i].text, "arch native"))
			continue; /* policies for other hosts: the interpreter only */
		if (load_test_policy(&test_policies[i], &ir) == 0)
			sweep_policy(test_policies[i].name, &ir);
		else
			OK(0, "%s loads", test_policies[i].name);
		ir_free(&ir);
	}
}

/* Run fn in a child under `text`'s filter; its wait status. */
static int run_under(const char *text, void (*fn)(void))
{
	struct pol_ir ir;
	struct polb_bpf_insn *prog = NULL;
	size_t n;
	int st = -1;
	if (load_ir("t", text, &ir) == 0 && compile(&ir, &prog, &n) == 0) {
		pid_t pid = fork();
		if (pid == 0) {
			install_or_die(prog, n);
			fn();
			raw_exit(0);
		}
		waitpid(pid, &st, 0);
	}
	free(prog);
	ir_free(&ir);
	return st;
}

static const char kill_text[] =
	"policy k\n"
	"syscalls {\n"
	"  default kill_process\n"
	"  arch native\n"
	"  allow exit exit_group getpid\n"
	"  errno EPERM ptrace\n"
	"}\n";

static void call_getpid_native(void) { raw_exit(syscall(SYS_getpid) > 0 ? 7 : 8); }
static void call_ptrace(void) { raw_exit(syscall(SYS_ptrace, 0, 0, 0, 0) < 0 && errno == EPERM ? 7 : 8); }
static void call_syslog(void) { syscall(SYS_syslog, 3, NULL, 0); raw_exit(8); }
static void call_getpid_i386(void) { uint64_t a[6] = { 0 }; int80(20, a); raw_exit(8); }
static void call_getpid_x32(void) { syscall(39 | 0x40000000L); raw_exit(8); }

static void test_kills(void)
{
	int st = run_under(kill_text, call_getpid_native);
	OK(WIFEXITED(st) && WEXITSTATUS(st) == 7, "allowed getpid runs");
	st = run_under(kill_text, call_ptrace);
	OK(WIFEXITED(st) && WEXITSTATUS(st) == 7, "errno EPERM ptrace returns EPERM");
	st = run_under(kill_text, call_syslog);
	OK(WIFSIGNALED(st) && WTERMSIG(st) == SIGSYS, "unlisted syslog: killed by SIGSYS (%#x)", st);
	st = run_under(kill_text, call_getpid_i386);
	OK(WIFSIGNALED(st) && WTERMSIG(st) == SIGSYS,
	   "i386 getpid through int 0x80, x86 not listed: killed (%#x)", st);
	st = run_under(kill_text, call_getpid_x32);
	OK(WIFSIGNALED(st) && WTERMSIG(st) == SIGSYS,
	   "x32-numbered getpid, x32 not listed: killed (%#x)", st);
}

static const char args_text[] =
	"policy a\n"
	"syscalls {\n"
	"  default kill_process\n"
	"  arch native x86\n"
	"  allow exit exit_group openat close\n"
	"  errno EPERM ioctl if request == TIOCSTI\n"
	"  allow ioctl\n"
	"  errno EXDEV lseek if offset >= 0x100000005\n"
	"  errno EDOM lseek if offset < 3\n"
	"  allow lseek\n"
	"  errno EACCES mmap if addr == 0x7f0000000000\n"
	"  allow mmap munmap\n"
	"}\n";

static void call_tiocsti(void)
{
	char c = 'x';
	/* the kernel reads `request` as unsigned int: high bits are ignored,
	 * so a filter comparing all 64 bits would let this through */
	long r = syscall(SYS_ioctl, 0, 0x100000000ul | TIOCSTI, &c);
	int e = errno;
	long r2 = syscall(SYS_ioctl, 0, (unsigned long)TIOCSTI, &c);
	int e2 = errno;
	int n = 0;
	long r3 = syscall(SYS_ioctl, 0, (unsigned long)FIONREAD, &n);
	int e3 = errno;
	raw_exit(r < 0 && e == EPERM && r2 < 0 && e2 == EPERM && (r3 >= 0 || e3 != EPERM) ? 7 : 8);
}

static void call_lseek(void)
{
	int fd = open("/dev/zero", O_RDONLY);
	int ok = fd >= 0;
	ok &= syscall(SYS_lseek, fd, 0x100000005ul, SEEK_SET) < 0 && errno == EXDEV;
	ok &= syscall(SYS_lseek, fd, 0x200000000ul, SEEK_SET) < 0 && errno == EXDEV;
	ok &= syscall(SYS_lseek, fd, 0x100000004ul, SEEK_SET) >= 0;  /* just below */
	ok &= syscall(SYS_lseek, fd, 5ul, SEEK_SET) >= 0;            /* low word > 5, high 0 */
	ok &= syscall(SYS_lseek, fd, 2ul, SEEK_SET) < 0 && errno == EDOM;
	ok &= syscall(SYS_lseek, fd, 0x100000002ul, SEEK_SET) >= 0;  /* low word < 3, high 1 */
	raw_exit(ok ? 7 : 8);
}

static void call_mmap(void)
{
	int ok = syscall(SYS_mmap, 0x7f0000000000ul, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == -1 &&
		 errno == EACCES;
	long p = syscall(SYS_mmap, 0x7e0000000000ul, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ok &= p != -1; /* same low word, other high word: allowed */
	raw_exit(ok ? 7 : 8);
}

static void test_args(void)
{
	int st = run_under(args_text, call_tiocsti);
	OK(WIFEXITED(st) && WEXITSTATUS(st) == 7, "ioctl TIOCSTI caught on its low 32 bits, high bits set");
	st = run_under(args_text, call_lseek);
	OK(WIFEXITED(st) && WEXITSTATUS(st) == 7, "lseek offsets compared on all 64 bits");
	st = run_under(args_text, call_mmap);
	OK(WIFEXITED(st) && WEXITSTATUS(st) == 7, "mmap address == on all 64 bits");
}

int main(void)
{
	test_sweeps();
	test_kills();
	test_args();
	return TAP_DONE();
}
