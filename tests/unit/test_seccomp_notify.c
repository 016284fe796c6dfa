/* The notify design end to end, without the rest of enforce: a policy whose
 * default kills is compiled (notify program + SYSCALL_NAMES), written into
 * a blob by the writer and read back by the reader; a child installs it with
 * seccomp_install() and execs tests/bin/sccall, the parent takes the
 * listener with seccomp_watch_attach() and handles notifications with
 * seccomp_watch_handle(). Each blocked call must print
 *   enforce: blocked syscall NAME (NR...) in EXE
 * and end the child with SIGKILL; a call the policy allows must not. A
 * policy that denies read() shows the single pre-exec CONTINUE: the child's
 * wait for the ack goes through, the command's own read() after exec does
 * not. */
#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "channel.h"
#include "polb_reader.h"
#include "seccomp.h"
#include "seccomp/seccomp_gen.h"
#include "seccomp_policies.h"
#include "tap.h"
#include "writer/writer.h"

struct blob {
	uint8_t *bytes;
	size_t size;
	struct polb_view v;
};

static int make_blob(const char *text, struct blob *b)
{
	struct test_policy p = { "notify", text, NULL };
	struct pol_ir ir;
	struct err e;
	char buf[600];
	int r = -1;
	struct polb_bpf_insn *prog = NULL;
	struct writer_syscall_name *names = NULL;
	size_t n = 0, nnames = 0;
	uint32_t flags = 0;
	if (load_test_policy(&p, &ir) < 0)
		goto out;
	if (seccomp_generate(&ir, IR_ARCH_X86_64, &prog, &n, &flags, &e) < 0 ||
	    seccomp_syscall_names(&ir, IR_ARCH_X86_64, &names, &nnames, &e) < 0) {
		printf("# %s\n", err_format(&e, buf, sizeof buf));
		goto out;
	}
	struct writer_prog wp = { AUDIT_ARCH_X86_64, flags, prog, n };
	struct writer_input in = { .ir = &ir, .progs = &wp, .nprogs = 1, .names = names, .nnames = nnames };
	if (writer_build(&in, &b->bytes, &b->size, &e) < 0 || polb_read(b->bytes, b->size, &b->v, &e) < 0) {
		printf("# %s\n", err_format(&e, buf, sizeof buf));
		goto out;
	}
	r = 0;
out:
	free(prog);
	free(names);
	ir_free(&ir);
	return r;
}

static const char *sccall_path(void)
{
	static char path[4096];
	const char *tb = getenv("TESTBIN");
	const char *build = getenv("BUILD");
	if (tb)
		snprintf(path, sizeof path, "%s/sccall", tb);
	else
		snprintf(path, sizeof path, "%s/tests/bin/sccall", build ? build : "build");
	return path;
}

struct outcome {
	int status;       /* wait status of the child */
	char stderr_text[2048];
	bool attached;
	bool closed_on_hangup; /* after the child ended, the watch let go */
};

/* Child: install, exec sccall with argv. Parent: attach, watch, reap. */
static void run(const struct blob *b, char *const argv[], struct outcome *o)
{
	memset(o, 0, sizeof *o);
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
		return;
	char tmpl[] = "/tmp/scnotify.XXXXXX";
	int errfd = mkstemp(tmpl);
	unlink(tmpl);
	pid_t pid = fork();
	if (pid == 0) {
		close(sv[0]);
		struct err e;
		int null = open("/dev/null", O_WRONLY);
		if (null < 0 || dup2(null, 1) < 0)
			_exit(97);
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 || seccomp_install(&b->v, sv[1], &e) < 0)
			_exit(99);
		execv(argv[0], argv);
		_exit(98);
	}
	close(sv[1]);
	struct chan_msg m;
	ssize_t got = recv(sv[0], &m, sizeof m, 0);
	int pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	struct seccomp_watch w = { .listener = -1 };
	struct err e;
	if (got >= (ssize_t)(sizeof m.type + sizeof m.u.fd) && m.type == CHAN_SECCOMP_FD && pidfd >= 0 &&
	    seccomp_watch_attach(&w, &b->v, pid, pidfd, m.u.fd, sv[0], &e) == 0)
		o->attached = true;
	/* the supervisor's messages go to stderr: catch them */
	int saved = dup(2);
	dup2(errfd, 2);
	for (;;) {
		struct pollfd p[2] = { { .fd = pidfd, .events = POLLIN },
				       { .fd = seccomp_watch_fd(&w), .events = POLLIN } };
		if (poll(p, seccomp_watch_fd(&w) >= 0 ? 2 : 1, 10000) <= 0)
			break; /* a hang is a failure; the status below says so */
		if (p[1].revents)
			seccomp_watch_handle(&w, p[1].revents);
		if (p[0].revents & POLLIN)
			break;
	}
	dup2(saved, 2);
	close(saved);
	kill(pid, SIGKILL); /* no-op unless something hung */
	waitpid(pid, &o->status, 0);
	/* nobody uses the filter any more: the listener hangs up, and one
	 * more handle() must stop watching it (else a poll loop spins) */
	struct pollfd hp = { .fd = seccomp_watch_fd(&w), .events = POLLIN };
	if (hp.fd >= 0 && poll(&hp, 1, 1000) > 0)
		seccomp_watch_handle(&w, hp.revents);
	o->closed_on_hangup = seccomp_watch_fd(&w) < 0;
	seccomp_watch_close(&w);
	pread(errfd, o->stderr_text, sizeof o->stderr_text - 1, 0);
	close(errfd);
	close(pidfd);
	close(sv[0]);
}

static bool killed(const struct outcome *o)
{
	return WIFSIGNALED(o->status) && WTERMSIG(o->status) == SIGKILL;
}

static const char base_text[] =
	"policy n\n"
	"syscalls {\n"
	"  default kill_process\n"
	"  arch native x86 x32\n"
	"  allow @system-service\n"
	"  allow execve\n"
	"}\n";

static const char no_read_text[] =
	"policy r\n"
	"syscalls {\n"
	"  default kill_process\n"
	"  arch native\n"
	"  allow execve brk arch_prctl set_tid_address set_robust_list rseq prlimit64\n"
	"  allow mprotect readlink readlinkat getrandom uname write writev exit_group mmap\n"
	"  allow newfstatat fstat ioctl getpid\n"
	"}\n";

static void test_blocked(void)
{
	struct blob b = { 0 };
	if (make_blob(base_text, &b) < 0) {
		OK(0, "notify policy builds into a blob");
		return;
	}
	const struct polb_view_seccomp *p = polb_seccomp_for(&b.v, AUDIT_ARCH_X86_64);
	OK(p && (p->hdr->flags & POLB_SECCOMP_NOTIFY) && b.v.nsyscall_names > 100,
	   "blob: notify program, %zu syscall names", b.v.nsyscall_names);
	const char *sc = sccall_path();
	struct outcome o;

	run(&b, (char *const[]){ (char *)sc, "native", "39", NULL }, &o);
	OK(o.attached && WIFEXITED(o.status) && WEXITSTATUS(o.status) == 0 && !o.stderr_text[0],
	   "allowed getpid: runs, nothing printed (status %#x)", o.status);
	OK(o.closed_on_hangup, "the watch lets go of the listener once nobody uses the filter");

	run(&b, (char *const[]){ (char *)sc, "native", "101", NULL }, &o);
	char want[4200];
	snprintf(want, sizeof want, "enforce: blocked syscall ptrace (101) in ");
	OK(o.attached && killed(&o) && strstr(o.stderr_text, want) && strstr(o.stderr_text, "sccall"),
	   "ptrace: named and killed [%.*s]", (int)strcspn(o.stderr_text, "\n"), o.stderr_text);

	run(&b, (char *const[]){ (char *)sc, "i386", "26", NULL }, &o);
	OK(killed(&o) && strstr(o.stderr_text, "blocked syscall ptrace (26, i386 int 0x80)"),
	   "i386 ptrace through int 0x80: named and killed [%.*s]",
	   (int)strcspn(o.stderr_text, "\n"), o.stderr_text);

	/* x32's ptrace is 512+9: the x32 table replaced 101 with a compat entry */
	run(&b, (char *const[]){ (char *)sc, "x32", "521", NULL }, &o);
	OK(killed(&o) && strstr(o.stderr_text, "blocked syscall ptrace (521, x32)"),
	   "x32-numbered ptrace: named and killed [%.*s]", (int)strcspn(o.stderr_text, "\n"),
	   o.stderr_text);

	run(&b, (char *const[]){ (char *)sc, "native", "467", NULL }, &o);
	OK(killed(&o) && strstr(o.stderr_text, "blocked syscall open_tree_attr (467)"),
	   "a syscall newer than libseccomp 2.5.4: named [%.*s]", (int)strcspn(o.stderr_text, "\n"),
	   o.stderr_text);
	free(b.bytes);
}

static void test_pre_exec_read(void)
{
	struct blob b = { 0 };
	if (make_blob(no_read_text, &b) < 0) {
		OK(0, "no-read policy builds into a blob");
		return;
	}
	const char *sc = sccall_path();
	struct outcome o;
	run(&b, (char *const[]){ (char *)sc, "native", "39", NULL }, &o);
	OK(o.attached && WIFEXITED(o.status) && WEXITSTATUS(o.status) == 0,
	   "read() denied: the pre-exec wait still passes once, the command runs (status %#x) %s",
	   o.status, o.stderr_text);
	run(&b, (char *const[]){ (char *)sc, "native", "0", "0", "0", "0", NULL }, &o);
	OK(killed(&o) && strstr(o.stderr_text, "blocked syscall read (0)"),
	   "...and the command's own read() after exec is named and killed [%.*s]",
	   (int)strcspn(o.stderr_text, "\n"), o.stderr_text);
	run(&b, (char *const[]){ (char *)sc, "i386", "20", NULL }, &o);
	OK(killed(&o) && strstr(o.stderr_text, "blocked syscall getpid (20, i386 int 0x80)"),
	   "x86 not listed: an i386 call is named, then killed [%.*s]",
	   (int)strcspn(o.stderr_text, "\n"), o.stderr_text);
	free(b.bytes);
}

int main(void)
{
	if (access(sccall_path(), X_OK) < 0) {
		OK(0, "%s is built", sccall_path());
		return TAP_DONE();
	}
	test_blocked();
	test_pre_exec_read();
	return TAP_DONE();
}
