/* The reader against hostile blobs: every truncation and every single-bit
 * flip of a real blob is refused; edits that keep the CRC right (resealed)
 * are refused by the rule they break, with the line naming section, entry
 * and field; unknown optional sections are skipped and unknown critical
 * ones refused; another format major is refused naming both versions. */
#include <stdlib.h>
#include <string.h>

#include "polb_reader.h"
#include "tap.h"
#include "test_blob_fixture.h"

static uint8_t *blob;
static size_t blob_size;

static void reseal(uint8_t *b, size_t n)
{
	struct polb_header *h = (void *)b;
	h->crc32c = 0;
	h->crc32c = polb_crc32c(b, n);
}

static uint8_t *copy(void)
{
	uint8_t *c = malloc(blob_size);
	memcpy(c, blob, blob_size);
	return c;
}

static struct polb_section_entry *section(uint8_t *b, uint32_t type)
{
	struct polb_header *h = (void *)b;
	struct polb_section_entry *d = (void *)(b + sizeof(*h));
	for (uint32_t i = 0; i < h->section_count; i++)
		if (d[i].type == type)
			return &d[i];
	return NULL;
}

static void *body(uint8_t *b, uint32_t type)
{
	return b + section(b, type)->offset;
}

/* Read b; pass when refused with a message containing `want`. */
static void refused(uint8_t *b, size_t n, const char *want, const char *name)
{
	struct polb_view v;
	struct err e = { 0 };
	int r = polb_read(b, n, &v, &e);
	OK(r < 0 && strstr(e.detail, want) && e.status == 125 && v.process == NULL,
	   "%s: refused with \"%s\" (got \"%s\")", name, want, r < 0 ? e.detail : "accepted");
}

static void every_truncation(void)
{
	size_t accepted = 0;
	struct polb_view v;
	struct err e;
	for (size_t n = 0; n < blob_size; n++) {
		uint8_t *c = malloc(n ? n : 1);
		memcpy(c, blob, n);
		if (polb_read(c, n, &v, &e) == 0)
			accepted++;
		free(c);
	}
	OK(accepted == 0, "all %zu truncations refused (%zu accepted)", blob_size, accepted);
}

static void every_bit_flip(void)
{
	size_t accepted = 0;
	struct polb_view v;
	struct err e;
	uint8_t *c = copy();
	for (size_t i = 0; i < blob_size * 8; i++) {
		c[i / 8] ^= (uint8_t)(1u << (i % 8));
		if (polb_read(c, blob_size, &v, &e) == 0)
			accepted++;
		c[i / 8] ^= (uint8_t)(1u << (i % 8));
	}
	free(c);
	OK(accepted == 0, "all %zu single-bit flips refused (%zu accepted)", blob_size * 8,
	   accepted);
}

/* Rebuild b with one more section (type, flags, 8 bytes of body) at the
 * end of the directory: everything after the directory moves by 32. */
static uint8_t *with_extra_section(uint32_t type, uint32_t flags, size_t *n)
{
	const struct polb_header *h = (const void *)blob;
	size_t dir_end = sizeof(*h) + h->section_count * sizeof(struct polb_section_entry);
	size_t size = blob_size + sizeof(struct polb_section_entry) + 8;
	uint8_t *b = calloc(1, size);
	memcpy(b, blob, dir_end);
	memcpy(b + dir_end + sizeof(struct polb_section_entry), blob + dir_end,
	       blob_size - dir_end);
	struct polb_header *nh = (void *)b;
	struct polb_section_entry *d = (void *)(b + sizeof(*nh));
	for (uint32_t i = 0; i < nh->section_count; i++)
		d[i].offset += sizeof(*d);
	d[nh->section_count] = (struct polb_section_entry){ type, flags, blob_size + sizeof(*d),
							    8, 0, 0 };
	memcpy(b + blob_size + sizeof(*d), "FUTURE!", 8);
	nh->section_count++;
	nh->total_size = size;
	reseal(b, size);
	*n = size;
	return b;
}

static void unknown_sections(void)
{
	size_t n;
	uint8_t *b = with_extra_section(200, 0, &n);
	struct polb_view v;
	struct err e;
	int r = polb_read(b, n, &v, &e);
	OK(r == 0 && v.nskipped == 1 && v.nmounts == 7, "unknown optional section skipped%s%s",
	   r ? ": " : "", r ? e.detail : "");
	free(b);
	b = with_extra_section(200, POLB_SECF_CRITICAL, &n);
	refused(b, n, "section type 200 is critical and unknown", "unknown critical section");
	free(b);
	b = with_extra_section(200, 0x80, &n);
	refused(b, n, "unknown flags 0x80", "section flags outside the known bits");
	free(b);
}

static void header_rules(void)
{
	uint8_t *c = copy();
	struct polb_header *h = (void *)c;
	h->version_major = 2;
	h->version_minor = 3;
	reseal(c, blob_size);
	refused(c, blob_size, "blob format version 2.3, this reader reads only 1.x",
		"another format major");
	h->version_major = 1;
	h->version_minor = 7; /* newer minor of our major: accepted */
	reseal(c, blob_size);
	struct polb_view v;
	struct err e;
	OK(polb_read(c, blob_size, &v, &e) == 0, "a newer minor version is accepted");
	h->version_minor = 0;
	h->flags = 4;
	reseal(c, blob_size);
	refused(c, blob_size, "header flags 0x4", "header flags");
	h->flags = 0;
	memset(h->compiler_version, 'x', sizeof(h->compiler_version));
	reseal(c, blob_size);
	refused(c, blob_size, "compiler version", "compiler version not terminated");
	free(c);
	c = copy();
	c[0] = 'X';
	refused(c, blob_size, "bad magic", "bad magic");
	free(c);
	refused(blob, blob_size - 8, "total size says", "shorter than total_size");
}

/* Edit one field of a copy, reseal, expect the message. */
#define EDIT(type, T, idx, stmt, want, name)                  \
	do {                                                  \
		uint8_t *c = copy();                          \
		T *rec = (T *)body(c, type) + (idx);          \
		stmt;                                         \
		reseal(c, blob_size);                         \
		refused(c, blob_size, want, name);            \
		free(c);                                      \
	} while (0)

static void record_rules(void)
{
	EDIT(POLB_SEC_MOUNTS, struct polb_mount, 3, rec->target.off = 1u << 30,
	     "section mounts: entry 3: target string offset out of range", "string offset");
	EDIT(POLB_SEC_MOUNTS, struct polb_mount, 2, rec->target.len += 1,
	     "section mounts: entry 2: target string not NUL-terminated", "string length");
	EDIT(POLB_SEC_MOUNTS, struct polb_mount, 4, (rec->target.off += 1, rec->target.len -= 1),
	     "section mounts: entry 4: target is not a normalised absolute path",
	     "relative target");
	EDIT(POLB_SEC_MOUNTS, struct polb_mount, 1, rec->kind = 77,
	     "section mounts: entry 1: kind 77 unknown", "mount kind");
	EDIT(POLB_SEC_MOUNTS, struct polb_mount, 2, rec->flags |= 0x800,
	     "section mounts: entry 2: flags 0x", "mount flags");
	EDIT(POLB_SEC_MOUNTS, struct polb_mount, 3, rec->flags |= POLB_MNT_IDMAP,
	     "section mounts: entry 3: idmap on a mount that is not a bind", "idmap on a tmpfs");
	EDIT(POLB_SEC_MOUNTS, struct polb_mount, 3, rec->flags |= POLB_MNT_FOLLOW,
	     "section mounts: entry 3: follow on a mount without a host source", "follow on a tmpfs");
	EDIT(POLB_SEC_MOUNTS, struct polb_mount, 3, rec->nr_inodes = 5,
	     "section mounts: entry 3: nr_inodes 5 invalid or given without its flag", "nr_inodes without its flag");
	EDIT(POLB_SEC_MOUNTS, struct polb_mount, 3, rec->flags |= POLB_MNT_HAS_INODES,
	     "section mounts: entry 3: nr_inodes 0 invalid", "nr_inodes flag with 0");
	EDIT(POLB_SEC_MOUNTS, struct polb_mount, 2, (rec->flags |= POLB_MNT_HAS_INODES, rec->nr_inodes = 9),
	     "section mounts: entry 2: nr_inodes 9 invalid", "nr_inodes on a bind");
	EDIT(POLB_SEC_MOUNTS, struct polb_mount, 3, rec->mode = 010000,
	     "section mounts: entry 3: mode", "tmpfs mode");
	EDIT(POLB_SEC_MOUNTS, struct polb_mount, 5, rec->flags |= POLB_MNT_HAS_SIZE,
	     "section mounts: entry 5: size or mode on a mount that takes neither",
	     "size on a mask");
	EDIT(POLB_SEC_MOUNTS, struct polb_mount, 4, rec->source = rec[-2].source,
	     "section mounts: entry 4: source must be empty here", "proc with a source");
	EDIT(POLB_SEC_CAPS, struct polb_caps, 0, rec->ambient |= 1ull << 21,
	     "section caps: entry 0: ambient capabilities not a subset of keep", "ambient");
	EDIT(POLB_SEC_NAMESPACES, struct polb_ns, 1, rec->kind = rec[-1].kind,
	     "section namespaces: entry 1: namespace kind 0 given twice", "namespace twice");
	EDIT(POLB_SEC_NAMESPACES, struct polb_ns, 0, rec->mode = POLB_NS_SHARE,
	     "section namespaces: entry 0: mode 0 invalid", "namespace mode");
	EDIT(POLB_SEC_IDMAPS, struct polb_idmap, 0, rec->outside = 0xffffff00u,
	     "section idmaps: entry 0: range overflows 32 bits", "idmap overflow");
	EDIT(POLB_SEC_IDMAPS, struct polb_idmap, 2, rec->count = 0,
	     "section idmaps: entry 2: count is 0", "idmap count");
	EDIT(POLB_SEC_ENV, struct polb_env, 1, rec->value = rec[-1].value,
	     "section env: entry 1: value must be empty here", "env pass with a value");
	EDIT(POLB_SEC_RLIMITS, struct polb_rlimit, 1, rec->soft = rec->hard + 1,
	     "section rlimits: entry 1: soft limit above hard limit", "rlimit soft > hard");
	EDIT(POLB_SEC_PROCESS, struct polb_process, 0, rec->flags |= 1u << 9,
	     "section process: entry 0: flags 0x", "process flags");
	EDIT(POLB_SEC_CG_LIMITS, struct polb_cg_limit, 2, rec->num2 = 5,
	     "section cg_limits: entry 2: cpu.max period 5", "cpu.max period");
	EDIT(POLB_SEC_CG_DEVICES, struct polb_dev_rule, 0, rec->type = 'x',
	     "section cg_devices: entry 0: type", "device type");
	EDIT(POLB_SEC_LSM, struct polb_lsm, 1, rec->flags |= POLB_LSM_GENERATED,
	     "section lsm: entry 1: a generated profile is for AppArmor only", "selinux generated");
	EDIT(POLB_SEC_LL_PORTS, struct polb_ll_port, 0, rec->port = 70000,
	     "section ll_ports: entry 0: port 70000", "landlock port");
	EDIT(POLB_SEC_LL_PATHS, struct polb_ll_path, 0, rec->access = 0,
	     "section ll_paths: entry 0: access", "landlock access");
	EDIT(POLB_SEC_SYSCALL_NAMES, struct polb_syscall_name, 0, rec->audit_arch = 1,
	     "section syscall_names: entry 0: audit_arch", "syscall name arch");
	EDIT(POLB_SEC_SECCOMP, struct polb_seccomp, 0, rec->ninsns += 1,
	     "section seccomp: entry 0: body of", "seccomp instruction count");
	EDIT(POLB_SEC_SECCOMP, struct polb_seccomp, 0,
	     ((struct polb_bpf_insn *)(rec + 1))[1].jt = 200,
	     "section seccomp: entry 0: insn 1: jump target out of range", "seccomp jump");
	EDIT(POLB_SEC_SECCOMP, struct polb_seccomp, 0,
	     ((struct polb_bpf_insn *)(rec + 1))[8].k = 0x7fc00000u,
	     "section seccomp: entry 0: insn 8: notify return without the notify flag",
	     "seccomp notify without flag");
	/* the compiled AppArmor policy (the fixture's: header 16 bytes, the
	 * profile name at 31, a 3-byte blob whose length is at 61) */
	EDIT(POLB_SEC_APPARMOR, struct polb_apparmor, 0, rec->policy_size += 1,
	     "section apparmor: entry 0: body of", "aa policy size");
	EDIT(POLB_SEC_APPARMOR, struct polb_apparmor, 0, rec->reserved1 = 1,
	     "section apparmor: entry 0: reserved field not zero", "aa reserved");
	EDIT(POLB_SEC_APPARMOR, struct polb_apparmor, 0, (rec->features.off = 0, rec->features.len = 0),
	     "section apparmor: entry 0: features is empty", "aa features missing");
	EDIT(POLB_SEC_APPARMOR, struct polb_apparmor, 0, ((uint8_t *)(rec + 1))[61] = 0x30,
	     "section apparmor: entry 0: compiled policy: byte 65: element runs past the end "
	     "(truncated)", "aa policy element past the end");
	EDIT(POLB_SEC_APPARMOR, struct polb_apparmor, 0, ((uint8_t *)(rec + 1))[31] = 'x',
	     "section apparmor: the compiled policy loads profile 'xeb-confined', the lsm "
	     "record names 'web-confined'", "aa policy for another profile");
	EDIT(POLB_SEC_LSM, struct polb_lsm, 0, (rec->flags = 0, rec->profile.off = 0, rec->profile.len = 0),
	     "section apparmor: compiled policy without an lsm record marked generated",
	     "aa policy without a generated record");
}

/* polb_check_aa_policy on hand-made streams: what a blob's compiled policy
 * may not do even with a right CRC. */
static void aa_policy(const char *bytes, size_t n, const char *want, const char *name)
{
	struct err e = { 0 };
	const char *pname;
	size_t plen;
	int r = polb_check_aa_policy((const uint8_t *)bytes, n, &pname, &plen, &e);
	if (!want)
		OK(r == 0 && plen == 1 && pname[0] == 'p', "aa policy: %s accepted (%s)", name,
		   r ? e.detail : "ok");
	else
		OK(r < 0 && strstr(e.detail, want), "aa policy: %s refused with \"%s\" (got \"%s\")",
		   name, want, r < 0 ? e.detail : "accepted");
}

#define VER "\x04\x08\x00version\x00\x02\x07\x20\x20\x00"
#define PROF "\x04\x08\x00profile\x00\x07\x05\x02\x00p\x00"
#define AAP(s, want, name) aa_policy(s, sizeof(s) - 1, want, name)
static void aa_policy_rules(void)
{
	AAP(VER PROF "\x08", NULL, "one profile");
	AAP(VER PROF "\x0b\x02\x00\x02\x01\x00\x00\x00\x02\x02\x00\x00\x00\x0c\x08", NULL,
	    "an array of two u32");
	AAP(PROF "\x08", "does not start with the policy version", "no version");
	AAP(VER "\x04\x0a\x00namespace\x00\x05\x02\x00n\x00" PROF "\x08",
	    "loads into a policy namespace", "a namespace");
	AAP(VER PROF "\x08" PROF "\x08", "more than one profile", "two profiles");
	AAP(VER PROF "\x08" VER PROF "\x08", "a second policy header", "two policy sets");
	AAP(VER PROF, "never closed (truncated)", "profile not closed");
	AAP(VER PROF "\x08\x08", "an element other than a profile", "one end too many");
	AAP(VER PROF "\x0a\x08", "an end without its start", "list end closing a struct");
	AAP(VER PROF "\x0d\x08", "unknown element type", "unknown type");
	AAP(VER PROF "\x04\x02\x00x\x00\x04\x02\x00y\x00\x02", "a name followed by a name",
	    "two names");
	AAP(VER PROF "\x05\x02\x00" "ab\x08", "not NUL-terminated", "string without NUL");
	AAP(VER "\x04\x08\x00profile\x00\x07\x02\x00\x00\x00\x00\x08", "a profile without its name",
	    "profile without a name");
	AAP(VER "\x04\x04\x00" "abc\x00\x02\x00\x00\x00\x00", "an element other than a profile",
	    "stray top-level element");
	AAP("\x04\x08\x00version\x00\x02\x20\x00\x00\x00" PROF "\x08", "ABI version outside 5..9",
	    "ABI 32");
	AAP(VER "\x04\x08\x00profile\x00\x07\x05\x02\x00p\x00\x06\xff\xff\xff\x7f\x08",
	    "runs past the end", "blob length past the end");
	char deep[64 + 64];
	size_t n = 0;
	memcpy(deep, VER PROF, sizeof(VER PROF) - 1);
	n = sizeof(VER PROF) - 1;
	for (int i = 0; i < 33; i++)
		deep[n++] = 0x09; /* list */
	aa_policy(deep, n, "nested more than 32 deep", "33 nested lists");
}

static void directory_rules(void)
{
	uint8_t *c = copy();
	section(c, POLB_SEC_MOUNTS)->record_size += 8;
	reseal(c, blob_size);
	refused(c, blob_size, "section mounts: record size", "record size");
	free(c);
	c = copy();
	section(c, POLB_SEC_MOUNTS)->offset += 8;
	reseal(c, blob_size);
	refused(c, blob_size, "offset", "section moved (overlap)");
	free(c);
	c = copy();
	section(c, POLB_SEC_CAPS)->count = 2;
	reseal(c, blob_size);
	refused(c, blob_size, "section caps: ", "caps with two records");
	free(c);
	c = copy();
	section(c, POLB_SEC_PROCESS)->flags = 0;
	reseal(c, blob_size);
	refused(c, blob_size, "must be marked critical", "known section marked optional");
	free(c);
	c = copy();
	section(c, POLB_SEC_CAPS)->type = POLB_SEC_MOUNTS;
	reseal(c, blob_size);
	refused(c, blob_size, "section given twice", "duplicate section type");
	free(c);
	c = copy();
	section(c, POLB_SEC_PROCESS)->flags = 0;
	section(c, POLB_SEC_PROCESS)->type = 100;
	reseal(c, blob_size);
	refused(c, blob_size, "out of order", "unknown type out of order");
	free(c);
	c = copy();
	section(c, POLB_SEC_NAMESPACES)->type = 99; /* no more namespaces: critical unknown */
	reseal(c, blob_size);
	refused(c, blob_size, "", "a critical section renumbered");
	free(c);
}

/* An idmapped bind (mounts[2]) maps the policy's numeric uid and gid, never 0. */
static void idmap_rules(struct pol_ir *ir)
{
	struct err e;
	uint8_t *b = NULL;
	size_t n;
	ir->filesystem.mounts[2].flags |= IR_MNT_IDMAP;
	int r = fx_build(ir, &b, &n, &e);
	OK(r == 0, "an idmapped bind under user %u:%u builds (%s)", ir->process.uid, ir->process.gid,
	   r < 0 ? e.detail : "built");
	if (r == 0)
		free(b);
	uint32_t uid = ir->process.uid;
	ir->process.uid = 0;
	r = fx_build(ir, &b, &n, &e);
	OK(r < 0 && strstr(e.detail, "section mounts: entry 2: an idmapped bind with user 0:"),
	   "writer refuses an idmapped bind as uid 0 (%s)", r < 0 ? e.detail : "built");
	ir->process.uid = uid;
	ir->process.user_set = false;
	r = fx_build(ir, &b, &n, &e);
	OK(r < 0 && strstr(e.detail, "an idmapped bind without a numeric user"),
	   "writer refuses an idmapped bind without a numeric user (%s)", r < 0 ? e.detail : "built");
	ir->process.user_set = true;
	ir->filesystem.mounts[2].flags &= ~(uint32_t)IR_MNT_IDMAP;
}

/* Rules that join sections, on blobs built from an IR that breaks them. */
static void cross_rules(void)
{
	struct pol_ir ir;
	struct err e;
	uint8_t *b;
	size_t n;
	fx_full_ir(&ir);
	ir.namespaces.ns[IR_NS_USER].mode = IR_NS_SHARE;
	int r = fx_build(&ir, &b, &n, &e);
	OK(r < 0 && strstr(e.detail, "section idmaps: id maps without a new user namespace"),
	   "writer refuses id maps without a user namespace (%s)", r < 0 ? e.detail : "built");
	ir.namespaces.ns[IR_NS_USER].mode = IR_NS_UNSHARE;
	ir.namespaces.ns[IR_NS_MOUNT].mode = IR_NS_SHARE;
	r = fx_build(&ir, &b, &n, &e);
	OK(r < 0 && strstr(e.detail, "mounts without a mount namespace"),
	   "writer refuses mounts without a mount namespace (%s)", r < 0 ? e.detail : "built");
	ir.namespaces.ns[IR_NS_MOUNT].mode = IR_NS_UNSHARE;
	free(ir.filesystem.mounts[4].target);
	ir.filesystem.mounts[4].target = strdup("/proc/../etc");
	r = fx_build(&ir, &b, &n, &e);
	OK(r < 0 && strstr(e.detail, "section mounts: entry 4: target is not a normalised"),
	   "writer refuses a path with .. (%s)", r < 0 ? e.detail : "built");
	free(ir.filesystem.mounts[4].target);
	ir.filesystem.mounts[4].target = strdup("/proc");
	idmap_rules(&ir);
	free(ir.lsm.apparmor.profile);
	ir.lsm.apparmor.profile = NULL;
	r = fx_build(&ir, &b, &n, &e);
	OK(r < 0 && strstr(e.detail, "apparmor generate"),
	   "writer refuses `apparmor generate` without a generated profile (%s)",
	   r < 0 ? e.detail : "built");
	ir_free(&ir);
}

static void bpf_rules(void)
{
	struct err e;
	const struct polb_bpf_insn ret = { BPF_RET | BPF_K, 0, 0, 0x7fff0000u };
	struct polb_bpf_insn p[4] = { ret, ret, ret, ret };
	OK(polb_check_bpf(p, 4, &e) == 0, "bpf: returns only: accepted");
	OK(polb_check_bpf(p, 0, &e) < 0, "bpf: empty program refused");
	p[3] = (struct polb_bpf_insn){ BPF_LD | BPF_W | BPF_ABS, 0, 0, 0 };
	OK(polb_check_bpf(p, 4, &e) < 0 && strstr(e.detail, "insn 3: program does not end in a return"),
	   "bpf: no final return (%s)", e.detail);
	p[3] = ret;
	p[0] = (struct polb_bpf_insn){ BPF_JMP | BPF_JA, 0, 0, 3 };
	OK(polb_check_bpf(p, 4, &e) < 0 && strstr(e.detail, "insn 0: jump target out of range"),
	   "bpf: ja past the end (%s)", e.detail);
	p[0] = (struct polb_bpf_insn){ BPF_JMP | BPF_JA, 0, 0, 0xffffffffu };
	OK(polb_check_bpf(p, 4, &e) < 0, "bpf: ja with a wrapping offset");
	p[0] = (struct polb_bpf_insn){ BPF_ALU | BPF_DIV | BPF_K, 0, 0, 0 };
	OK(polb_check_bpf(p, 4, &e) < 0 && strstr(e.detail, "division by constant zero"),
	   "bpf: division by zero (%s)", e.detail);
	p[0] = (struct polb_bpf_insn){ BPF_ALU | BPF_MOD | BPF_K, 0, 0, 0 };
	OK(polb_check_bpf(p, 4, &e) < 0, "bpf: modulo by zero");
	p[0] = (struct polb_bpf_insn){ BPF_LD | BPF_MEM, 0, 0, 3 };
	OK(polb_check_bpf(p, 4, &e) < 0 && strstr(e.detail, "read before it is written"),
	   "bpf: scratch read before write (%s)", e.detail);
	/* written on one branch only: still refused */
	struct polb_bpf_insn q[5] = {
		{ BPF_JMP | BPF_JEQ | BPF_K, 0, 1, 7 },
		{ BPF_ST, 0, 0, 1 },
		{ BPF_LD | BPF_MEM, 0, 0, 1 },
		ret, ret,
	};
	OK(polb_check_bpf(q, 5, &e) < 0 && strstr(e.detail, "insn 2"),
	   "bpf: scratch written on one path only (%s)", e.detail);
	q[0].jf = 0;
	OK(polb_check_bpf(q, 5, &e) == 0, "bpf: scratch written on every path: accepted");
	p[0] = (struct polb_bpf_insn){ BPF_LD | BPF_W | BPF_ABS, 0, 0, 64 };
	OK(polb_check_bpf(p, 4, &e) < 0 && strstr(e.detail, "outside seccomp_data"),
	   "bpf: load past seccomp_data (%s)", e.detail);
	p[0] = (struct polb_bpf_insn){ BPF_LD | BPF_W | BPF_ABS, 0, 0, 2 };
	OK(polb_check_bpf(p, 4, &e) < 0, "bpf: unaligned load");
	p[0] = (struct polb_bpf_insn){ BPF_LD | BPF_B | BPF_IND, 0, 0, 0 };
	OK(polb_check_bpf(p, 4, &e) < 0 && strstr(e.detail, "not allowed"),
	   "bpf: packet load opcode (%s)", e.detail);
	p[0] = (struct polb_bpf_insn){ 0xff, 0, 0, 0 };
	OK(polb_check_bpf(p, 4, &e) < 0, "bpf: unknown opcode");
	p[0] = (struct polb_bpf_insn){ BPF_ALU | BPF_LSH | BPF_K, 0, 0, 32 };
	OK(polb_check_bpf(p, 4, &e) < 0, "bpf: shift by 32");
	p[0] = (struct polb_bpf_insn){ BPF_ST, 0, 0, 16 };
	OK(polb_check_bpf(p, 4, &e) < 0 && strstr(e.detail, "scratch slot out of range"),
	   "bpf: scratch slot 16 (%s)", e.detail);
}

static void write_file(const char *dir, const char *name, const uint8_t *b, size_t n)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(b, 1, n, f) != n || fclose(f) != 0) {
		perror(path);
		exit(1);
	}
}

/* POLB_CRAFT_DIR=DIR: write blobs the writer never makes, from a policy
 * enforce can run anywhere (no mounts, no namespaces), for
 * tests/blob/t_sections.sh to feed to enforce. No tests run. */
static int write_crafted(const char *dir)
{
	struct pol_ir ir;
	struct err e;
	ir_init(&ir);
	ir.name = strdup("crafted");
	struct writer_input in = { .ir = &ir };
	int r = writer_build(&in, &blob, &blob_size, &e);
	ir_free(&ir);
	if (r < 0) {
		err_print("test_blob_reject", &e);
		return 1;
	}
	size_t n;
	uint8_t *b = with_extra_section(200, 0, &n);
	write_file(dir, "unknown-optional.polb", b, n);
	free(b);
	b = with_extra_section(200, POLB_SECF_CRITICAL, &n);
	write_file(dir, "unknown-critical.polb", b, n);
	free(b);
	b = copy();
	struct polb_process *p = body(b, POLB_SEC_PROCESS);
	p->cwd.off = 1u << 20;
	p->cwd.len = 4;
	reseal(b, blob_size);
	write_file(dir, "bad-string.polb", b, blob_size);
	free(b);
	write_file(dir, "plain.polb", blob, blob_size);
	free(blob);
	return 0;
}

int main(void)
{
	struct pol_ir ir;
	struct err e;
	if (getenv("POLB_CRAFT_DIR"))
		return write_crafted(getenv("POLB_CRAFT_DIR"));
	fx_full_ir(&ir);
	int r = fx_build(&ir, &blob, &blob_size, &e);
	ir_free(&ir);
	OK(r == 0, "fixture blob built%s%s", r ? ": " : "", r ? e.detail : "");
	if (r < 0)
		return TAP_DONE();
	every_truncation();
	every_bit_flip();
	unknown_sections();
	header_rules();
	record_rules();
	aa_policy_rules();
	directory_rules();
	cross_rules();
	bpf_rules();
	free(blob);
	return TAP_DONE();
}
