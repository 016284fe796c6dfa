/* The learning program (enforcer/learn_prog.c) against the blob's own, on
 * every syscall number of every entry this host runs, in the one
 * interpreter: it must notify exactly the calls the blob does not allow
 * and the calls the recorder watches, and allow the rest; the kernel must
 * accept it; a blob whose program returns A is refused. And the trace
 * escape (enforcer/learn_trace.c) on the bytes an attacker would choose. */
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bpf_interp.h"
#include "learn.h"
#include "polb_reader.h"
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
	struct test_policy p = { "learn", text, NULL };
	struct pol_ir ir;
	struct err e;
	char buf[600];
	int r = -1;
	struct polb_bpf_insn *prog = NULL;
	size_t n = 0;
	uint32_t flags = 0;
	if (load_test_policy(&p, &ir) < 0)
		goto out;
	if (seccomp_generate(&ir, IR_ARCH_X86_64, &prog, &n, &flags, &e) < 0) {
		printf("# %s\n", err_format(&e, buf, sizeof buf));
		goto out;
	}
	struct writer_prog wp = { AUDIT_ARCH_X86_64, flags, prog, n };
	struct writer_input in = { .ir = &ir, .progs = &wp, .nprogs = 1 };
	if (writer_build(&in, &b->bytes, &b->size, &e) < 0 || polb_read(b->bytes, b->size, &b->v, &e) < 0) {
		printf("# %s\n", err_format(&e, buf, sizeof buf));
		goto out;
	}
	r = 0;
out:
	free(prog);
	ir_free(&ir);
	return r;
}

static bool watched(int arch, uint32_t nr)
{
	const char *name = sysname_of(arch, nr);
	for (size_t i = 0; name && learn_watched(i); i++)
		if (strcmp(learn_watched(i), name) == 0)
			return true;
	return false;
}

/* Every number of every entry, with zero and with hostile arguments. */
static void check_all(const char *what, const struct polb_view *v)
{
	struct polb_bpf_insn *prog;
	size_t n;
	struct err e = { 0 };
	if (learn_program(v, &prog, &n, &e) < 0) {
		OK(0, "%s: learn_program: %s", what, e.detail);
		return;
	}
	bool missing;
	const struct polb_view_seccomp *bp = learn_blob_prog(v, &missing);
	int arches[IR_ARCH_COUNT];
	size_t na = sysname_arches(arches, IR_ARCH_COUNT);
	unsigned bad = 0, checked = 0, notified = 0;
	static const uint64_t argsets[2][6] = { { 0 }, { ~0ull, 0x5412, 1ull << 28, 7, ~0ull, 3 } };
	for (size_t a = 0; a < na; a++) {
		const struct arch_row *r = &arch_table[arches[a]];
		for (uint32_t k = 0; k < 1100; k++) {
			for (int s = 0; s < 2; s++) {
				struct seccomp_data d = bpf_data(r->audit, k | r->nr_bit, argsets[s]);
				uint32_t want = SECCOMP_RET_ALLOW, got = 0, blob = SECCOMP_RET_ALLOW;
				unsigned steps;
				if (bp && bpf_interp(bp->insns, bp->hdr->ninsns, &d, &blob, &steps) < 0)
					blob = SECCOMP_RET_KILL_PROCESS;
				if ((blob & SECCOMP_RET_ACTION_FULL) != SECCOMP_RET_ALLOW ||
				    watched(arches[a], k | r->nr_bit))
					want = SECCOMP_RET_USER_NOTIF;
				if (bpf_interp(prog, n, &d, &got, &steps) < 0 || got != want) {
					if (bad++ < 3)
						printf("# %s: %s nr %u: got 0x%x, want 0x%x\n", what, r->name, k, got, want);
				}
				notified += want == SECCOMP_RET_USER_NOTIF;
				checked++;
			}
		}
	}
	OK(bad == 0, "%s: the learning program notifies exactly the refused and the watched calls "
	   "(%u cases, %u notified)", what, checked, notified);
	/* an arch the host does not run: the blob's own answer, made a notification */
	struct seccomp_data d = bpf_data(AUDIT_ARCH_AARCH64, 1, NULL);
	uint32_t got = 0;
	unsigned steps;
	OK(bpf_interp(prog, n, &d, &got, &steps) == 0 &&
	   got == (bp ? SECCOMP_RET_USER_NOTIF : SECCOMP_RET_ALLOW),
	   "%s: another architecture gets the blob's verdict", what);
	/* the kernel takes it */
	pid_t pid = fork();
	if (pid == 0) {
		struct sock_fprog fp = { .len = (unsigned short)n,
					 .filter = (struct sock_filter *)(void *)prog };
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
		    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_NEW_LISTENER, &fp) < 0)
			_exit(1);
		_exit(0);
	}
	int st = 0;
	waitpid(pid, &st, 0);
	OK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "%s: the kernel loads the %zu-instruction program", what, n);
	free(prog);
}

static void check_escape(void)
{
	char out[64];
	static const struct { const char *in; size_t len; const char *want; } cases[] = {
		{ "", 0, "-" },
		{ "-", 1, "%2D" },
		{ "--", 2, "--" },
		{ "a b=c", 5, "a%20b%3Dc" },
		{ "%#", 2, "%25%23" },
		{ "x\ny", 3, "x%0Ay" },
		{ "\x7f\xff\x01", 3, "%7F%FF%01" },
		{ "n\0ul", 4, "n%00ul" },
		{ "/usr/bin/ok", 11, "/usr/bin/ok" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		size_t w = trace_escape(out, sizeof out, cases[i].in, cases[i].len);
		OK(w != (size_t)-1 && strcmp(out, cases[i].want) == 0, "escape %zu: %s", i, cases[i].want);
	}
	OK(trace_escape(out, 4, "\n\n", 2) == (size_t)-1, "escape: too small a buffer is refused, not cut");
	struct learn_rec r;
	rec_start(&r, "file");
	static char huge[9000];
	memset(huge, '\n', sizeof huge - 1);
	rec_str(&r, "path", huge);
	OK(r.too_long, "a record past a trace line is marked too long (then counted lost)");
}

static void check_ret_a(void)
{
	/* a hand-made blob view: a program that returns A */
	static const struct polb_bpf_insn insns[] = {
		{ BPF_LD | BPF_W | BPF_ABS, 0, 0, 0 },
		{ BPF_RET | BPF_A, 0, 0, 0 },
	};
	struct polb_seccomp hdr = { arch_native_audit(), 0, 2, 0 };
	struct polb_view v;
	memset(&v, 0, sizeof v);
	v.seccomp[0].hdr = &hdr;
	v.seccomp[0].insns = insns;
	v.nseccomp = 1;
	struct polb_bpf_insn *prog = NULL;
	size_t n;
	struct err e = { 0 };
	OK(learn_program(&v, &prog, &n, &e) < 0 && strstr(e.detail, "returns A"),
	   "a program that returns A is refused: %s", e.detail);
	free(prog);
}

int main(void)
{
	struct blob b;
	if (make_blob("policy learn\nsyscalls {\n    default kill_process\n    arch native x86 x32\n"
		      "    allow @system-service\n    allow execve\n    errno EACCES kcmp\n"
		      "    allow personality if persona == 0xffffffff\n"
		      "    errno EPERM ioctl if request == TIOCSTI\n}\n", &b) == 0) {
		check_all("kill_process, errno and argument rules", &b.v);
		free(b.bytes);
	} else {
		OK(0, "the learn policy compiles");
	}
	if (make_blob("policy allowall\nsyscalls {\n    default allow\n    arch native\n"
		      "    kill_process ptrace\n}\n", &b) == 0) {
		check_all("default allow, native only", &b.v);
		free(b.bytes);
	} else {
		OK(0, "the allow-all policy compiles");
	}
	struct polb_view none;
	memset(&none, 0, sizeof none);
	check_all("no seccomp section", &none);
	check_escape();
	check_ret_a();
	return TAP_DONE();
}
