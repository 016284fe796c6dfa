/* The front end's IR, field by field, for what the golden explain output
 * cannot show: the low-32-bit flag of int arguments, 64-bit values, errno
 * numbers, mount flags and order, origins, the DNF shape of conditions,
 * the SHA-256 digest, and that a buffer of any bytes is refused cleanly. */
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>

#include "util/diag.h"
#include "frontend/frontend.h"
#include "tap.h"

static struct diag d;
static struct pol_ir ir;

static int load(const char *text)
{
	ir_free(&ir);
	diag_free(&d);
	diag_init(&d);
	return frontend_load_buffer("t.pol", text, strlen(text), NULL, &ir, &d);
}

static const struct ir_rule *rule(const char *name, size_t nth)
{
	for (size_t i = 0; i < ir.syscalls.nrules; i++)
		if (!strcmp(ir.syscalls.rules[i].syscall, name) && nth-- == 0)
			return &ir.syscalls.rules[i];
	return NULL;
}

static void test_conditions(void)
{
	int r = load("syscalls {\n"
		     "    allow ioctl if cmd == TIOCSTI\n"
		     "    allow lseek if offset == 0x123456789\n"
		     "    allow socket if domain in { AF_UNIX AF_INET } and type == 1\n"
		     "    allow clone if 0x10000000 & flags == 0\n"
		     "    allow setns if nstype & CLONE_NEWNET != 0\n"
		     "    errno EACCES openat\n"
		     "}\n");
	OK(r == 0, "conditions load");
	const struct ir_rule *io = rule("ioctl", 0);
	OK(io && io->cond.nconj == 1 && io->cond.conj[0].nterms == 1, "ioctl: one test");
	OK(io && io->cond.conj[0].terms[0].arg == 1 && io->cond.conj[0].terms[0].low32,
	   "ioctl request: argument 1, compared on the low 32 bits");
	OK(io && io->cond.conj[0].terms[0].value == 0x5412, "TIOCSTI is 0x5412");
	const struct ir_rule *ls = rule("lseek", 0);
	OK(ls && ls->cond.conj[0].terms[0].value == 0x123456789ull && !ls->cond.conj[0].terms[0].low32,
	   "lseek offset: a 64-bit value, all 64 bits compared");
	const struct ir_rule *so = rule("socket", 0);
	OK(so && so->cond.nconj == 2, "in { a b } and c: two conjunctions");
	OK(so && so->cond.conj[0].nterms == 2 && so->cond.conj[1].nterms == 2,
	   "each conjunction holds the set test and the type test");
	OK(so && so->cond.conj[0].terms[0].value == 1 && so->cond.conj[1].terms[0].value == 2 &&
		   so->cond.conj[0].terms[1].arg == 1,
	   "AF_UNIX then AF_INET, each with type (arg1)");
	const struct ir_rule *cl = rule("clone", 0);
	OK(cl && cl->cond.conj[0].terms[0].op == IR_CMP_MASKED_EQ &&
		   cl->cond.conj[0].terms[0].mask == 0x10000000 && cl->cond.conj[0].terms[0].value == 0,
	   "MASK & arg == 0: a masked test with the mask first");
	const struct ir_rule *sn = rule("setns", 0);
	OK(sn && sn->cond.conj[0].terms[0].op == IR_CMP_MASKED_EQ &&
		   sn->cond.conj[0].terms[0].value == sn->cond.conj[0].terms[0].mask,
	   "single-bit mask != 0 becomes == mask");
	const struct ir_rule *op = rule("openat", 0);
	OK(op && op->act.action == IR_ACT_ERRNO && op->act.errno_value == 13, "errno EACCES is 13");
	OK(op && op->at.line == 7 && op->at.col == 18 && !strcmp(op->at.file, "t.pol"),
	   "a rule's origin is its syscall word");
}

static void test_precedence(void)
{
	int r = load("group @g { read write getpid }\n"
		     "syscalls {\n"
		     "    allow @g\n"
		     "    allow getpid\n"
		     "    errno EPERM write if fd == 2\n"
		     "    allow write\n"
		     "    errno EPERM write if fd == 1\n"
		     "}\n");
	OK(r == 0, "precedence policy loads");
	const struct ir_rule *w0 = rule("write", 0), *w1 = rule("write", 1), *w2 = rule("write", 2);
	OK(w0 && w0->cond.nconj && w0->cond.conj[0].terms[0].value == 2, "write: first conditional rule first");
	OK(w1 && w1->cond.nconj && w1->cond.conj[0].terms[0].value == 1, "write: second conditional rule next");
	OK(w2 && !w2->cond.nconj && w2->act.action == IR_ACT_ALLOW, "write: the unconditional rule is the fallback");
	OK(!rule("write", 3), "write: the group's rule is dropped");
	const struct ir_rule *rd = rule("read", 0);
	OK(rd && rd->via_group && !strcmp(rd->via_group, "@g"), "read: from the group, which is named");
	const struct ir_rule *gp = rule("getpid", 0);
	OK(gp && !gp->via_group && !rule("getpid", 1), "getpid: the named rule only");
}

/* `allow @g read` with read in @g: the statement names read, so read is
 * decided by its named rule (it was once dropped along with the group's
 * duplicate, leaving read to the default). */
static void test_named_and_group_in_one_statement(void)
{
	int r = load("group @g { read getpid }\n"
		     "syscalls {\n"
		     "    allow @g read\n"
		     "}\n");
	OK(r == 0, "allow @g read loads");
	const struct ir_rule *rd = rule("read", 0);
	OK(rd && rd->act.action == IR_ACT_ALLOW && !rd->via_group && rd->at.col == 14 && !rule("read", 1),
	   "read: one rule, the named one");
	const struct ir_rule *gp = rule("getpid", 0);
	OK(gp && gp->via_group && !strcmp(gp->via_group, "@g"), "getpid: through the group");
}

static void test_defaults_and_mounts(void)
{
	int r = load("namespaces { unshare mount }\n"
		     "filesystem {\n"
		     "    mask /proc/kcore\n"
		     "    bind /a/./b// /c rw nodev\n"
		     "    root /srv/root\n"
		     "    tmpfs /tmp size=1G mode=01777\n"
		     "}\n");
	OK(r == 0, "mounts load");
	OK(ir.process.no_new_privs && ir.process.init, "defaults: no_new_privs and init on");
	OK(ir.syscalls.default_action.action == IR_ACT_KILL_PROCESS && !ir.syscalls.set,
	   "defaults: kill_process, no syscalls section");
	OK(ir.filesystem.nmounts == 4, "four mounts");
	OK(ir.filesystem.nmounts == 4 && ir.filesystem.mounts[0].kind == IR_MOUNT_ROOT, "root first");
	OK(ir.filesystem.nmounts == 4 && ir.filesystem.mounts[3].kind == IR_MOUNT_MASK, "mask last");
	const struct ir_mount *b = ir.filesystem.nmounts == 4 ? &ir.filesystem.mounts[1] : NULL;
	OK(b && !strcmp(b->source, "/a/b") && !strcmp(b->target, "/c"), "bind paths normalised");
	OK(b && b->flags == (IR_MNT_RW | IR_MNT_NODEV | IR_MNT_RECURSIVE), "bind flags: rw nodev, recursive");
	const struct ir_mount *t = ir.filesystem.nmounts == 4 ? &ir.filesystem.mounts[2] : NULL;
	OK(t && t->size == 1ull << 30 && t->mode == 01777 &&
		   (t->flags & (IR_MNT_HAS_SIZE | IR_MNT_HAS_MODE | IR_MNT_RW)) ==
			   (IR_MNT_HAS_SIZE | IR_MNT_HAS_MODE | IR_MNT_RW),
	   "tmpfs size 1G, mode 01777, writable");
	const struct ir_mount *root = ir.filesystem.nmounts ? &ir.filesystem.mounts[0] : NULL;
	OK(root && !(root->flags & IR_MNT_RW), "root read-only unless rw");
}

static void test_digest(void)
{
	const char *text = "policy digest\n";
	int r = load(text);
	unsigned char want[32];
	EVP_Digest(text, strlen(text), want, NULL, EVP_sha256(), NULL);
	OK(r == 0 && ir.nsources == 1, "one source");
	OK(ir.nsources == 1 && !memcmp(ir.sources[0].sha256, want, 32), "the source's SHA-256");
	OK(!memcmp(ir.source_digest, want, 32), "one file: the digest is its SHA-256");
	OK(ir.name && !strcmp(ir.name, "digest"), "policy name");
}

static void test_hostile_bytes(void)
{
	unsigned char buf[512];
	unsigned seed = 12345;
	int crashed = 0;
	for (int round = 0; round < 200; round++) {
		for (size_t i = 0; i < sizeof(buf); i++) {
			seed = seed * 1103515245 + 12345;
			buf[i] = "{}()#;\n \"=&|<>!@/abcin0x1"[(seed >> 16) % 26];
			if ((seed >> 8) % 97 == 0)
				buf[i] = (unsigned char)(seed >> 3);
		}
		ir_free(&ir);
		diag_free(&d);
		diag_init(&d);
		int r = frontend_load_buffer("junk.pol", (const char *)buf, sizeof(buf), NULL, &ir, &d);
		if (r == 0 && diag_error_count(&d))
			crashed++;
		if (r != 0 && !diag_error_count(&d))
			crashed++;
	}
	OK(crashed == 0, "200 random inputs: -1 exactly when an error was reported");
}

int main(void)
{
	diag_init(&d);
	memset(&ir, 0, sizeof(ir));
	test_conditions();
	test_precedence();
	test_named_and_group_in_one_statement();
	test_defaults_and_mounts();
	test_digest();
	test_hostile_bytes();
	ir_free(&ir);
	diag_free(&d);
	return TAP_DONE();
}
