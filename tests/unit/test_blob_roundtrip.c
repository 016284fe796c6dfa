/* IR -> blob -> reader for every section: what the writer put in is what
 * the reader gives back; two builds are byte-identical; strings are stored
 * once; the layout is the documented one. */
#include <stdlib.h>
#include <string.h>

#include "polb_reader.h"
#include "polb_reader_int.h"
#include "tap.h"
#include "test_blob_fixture.h"

static int streq(const struct polb_view *v, struct polb_str s, const char *want)
{
	return !strcmp(polb_str(v, s), want ? want : "");
}

static void check_process(const struct polb_view *v, const struct pol_ir *ir)
{
	const struct polb_process *p = v->process;
	OK(p != NULL, "process section read");
	if (!p)
		return;
	OK(p->flags == (POLB_PROC_USER | POLB_PROC_UMASK | POLB_PROC_NO_NEW_PRIVS |
			POLB_PROC_INIT | POLB_PROC_GROUPS), "process flags");
	OK(p->uid == 1000 && p->gid == 1001 && p->umask == 027, "process uid gid umask");
	OK(streq(v, p->cwd, "/srv") && streq(v, p->hostname, "web"), "process cwd hostname");
	OK(v->ngroups == 2 && v->groups[0] == 1000 && v->groups[1] == 27, "groups");
	OK(v->nenv == 3 && v->env[0].kind == POLB_ENV_SET && streq(v, v->env[0].name, "PATH") &&
	   streq(v, v->env[0].value, "/usr/bin:/bin") && v->env[1].kind == POLB_ENV_PASS &&
	   streq(v, v->env[1].name, "TERM") && v->env[2].kind == POLB_ENV_SET &&
	   streq(v, v->env[2].value, ""), "env set, pass, empty value");
	OK(v->nrlimits == 2 && v->rlimits[0].resource == 4 && v->rlimits[0].hard == 0 &&
	   v->rlimits[1].resource == 7 && v->rlimits[1].soft == 1024 &&
	   v->rlimits[1].hard == 4096, "rlimits in resource order");
	(void)ir;
}

static void check_ns(const struct polb_view *v)
{
	OK(v->nns == 7, "namespaces: 7 of 8 (time shared, not written)");
	int net_ok = 0, time_seen = 0;
	for (size_t i = 0; i < v->nns; i++) {
		if (v->ns[i].kind == POLB_NS_NET)
			net_ok = v->ns[i].mode == POLB_NS_JOIN &&
				 streq(v, v->ns[i].path, "/run/netns/web");
		if (v->ns[i].kind == POLB_NS_TIME)
			time_seen = 1;
	}
	OK(net_ok && !time_seen, "namespaces: join path, share omitted");
	OK(v->nidmaps == 3 && v->idmaps[0].which == POLB_IDMAP_UID &&
	   v->idmaps[0].outside == 100000 && v->idmaps[0].count == 65536 &&
	   v->idmaps[2].which == POLB_IDMAP_GID && v->idmaps[2].inside == 1000, "idmaps");
}

static void check_mounts(const struct polb_view *v)
{
	OK(v->nmounts == 7, "mounts: count");
	if (v->nmounts != 7)
		return;
	const struct polb_mount *m = v->mounts;
	OK(m[0].kind == POLB_MOUNT_ROOT && streq(v, m[0].source, "/srv/web/rootfs") &&
	   streq(v, m[0].target, "/"), "mounts: root");
	OK(m[1].kind == POLB_MOUNT_OVERLAY && streq(v, m[1].lower, "/img/app:/img/base") &&
	   streq(v, m[1].upper, "/var/lib/web/upper") && streq(v, m[1].work, "/var/lib/web/work"),
	   "mounts: overlay lower upper work");
	OK(m[2].kind == POLB_MOUNT_BIND &&
	   m[2].flags == (POLB_MNT_RW | POLB_MNT_NOSUID | POLB_MNT_NODEV | POLB_MNT_RECURSIVE),
	   "mounts: bind flags");
	OK(m[3].kind == POLB_MOUNT_TMPFS && m[3].size == 64u << 20 && m[3].mode == 01777,
	   "mounts: tmpfs size mode");
	OK(m[6].kind == POLB_MOUNT_SYMLINK && streq(v, m[6].source, "/proc/self/fd") &&
	   streq(v, m[6].target, "/dev/fd"), "mounts: symlink");
}

static void check_rest(const struct polb_view *v)
{
	OK(v->caps && v->caps->keep == ((1ull << 10) | 1) && v->caps->ambient == 1ull << 10,
	   "caps keep and ambient");
	OK(v->cgroup && v->cgroup->flags == POLB_CG_DEVICES &&
	   streq(v, v->cgroup->parent, "polc/web"), "cgroup");
	OK(v->ncg_limits == 4 && v->cg_limits[2].key == POLB_CG_CPU_MAX &&
	   v->cg_limits[2].num == 50000 && v->cg_limits[2].num2 == 100000 &&
	   streq(v, v->cg_limits[3].text, "0-1"), "cgroup limits");
	OK(v->ncg_devices == 2 && v->cg_devices[0].type == 'c' && v->cg_devices[0].allow == 1 &&
	   v->cg_devices[1].major == UINT32_MAX && v->cg_devices[1].allow == 0, "cgroup devices");
	OK(v->nlsm == 2 && v->lsm[0].kind == POLB_LSM_APPARMOR &&
	   v->lsm[0].flags == POLB_LSM_GENERATED && streq(v, v->lsm[0].name, "web-confined") &&
	   !strncmp(polb_str(v, v->lsm[0].profile), "profile web-confined", 20) &&
	   v->lsm[1].kind == POLB_LSM_SELINUX && v->lsm[1].flags == POLB_LSM_OPTIONAL,
	   "lsm apparmor (generated) and selinux (optional)");
	OK(v->apparmor && v->aa_policy_size == 69 && !memcmp(v->aa_policy, "\x04\x08\x00version", 10) &&
	   v->aa_profile_len == 12 && !memcmp(v->aa_profile, "web-confined", 12) &&
	   streq(v, v->apparmor->features, "policy {set_load {yes\n}\n}\n"),
	   "apparmor: the compiled policy byte for byte, its profile name and features");
	OK(v->landlock && v->landlock->flags == (POLB_LL_SCOPE_ABSTRACT_UNIX | POLB_LL_SCOPE_SIGNAL),
	   "landlock flags");
	OK(v->nll_paths == 2 && streq(v, v->ll_paths[1].path, "/tmp") && v->ll_paths[1].access == 3 &&
	   v->nll_ports == 1 && v->ll_ports[0].bind == 1 && v->ll_ports[0].port == 8080,
	   "landlock paths and ports");
	OK(v->nseccomp == 2 && v->seccomp[0].hdr->host_arch == AUDIT_ARCH_I386 &&
	   v->seccomp[1].hdr->host_arch == AUDIT_ARCH_X86_64, "seccomp: two, sorted by arch");
	const struct polb_view_seccomp *sx = polb_seccomp_for(v, AUDIT_ARCH_X86_64);
	OK(sx && sx->hdr->ninsns == 9 && !memcmp(sx->insns, fx_prog_x86_64, sizeof(fx_prog_x86_64)),
	   "seccomp: x86_64 program byte for byte");
	OK(polb_seccomp_for(v, AUDIT_ARCH_AARCH64) == NULL, "seccomp: no aarch64 program");
	OK(v->nsyscall_names == 2 && v->syscall_names[0].nr == 26 &&
	   v->syscall_names[1].nr == 101 &&
	   streq(v, v->syscall_names[0].name, "ptrace") &&
	   v->syscall_names[0].name.off == v->syscall_names[1].name.off,
	   "syscall names: sorted, duplicate dropped, string shared");
	OK(v->meta && streq(v, v->meta->policy_name, "web") &&
	   streq(v, v->meta->source_files, "web.pol\ndefault.pol"), "meta: name, source base names");
	OK(v->nskipped == 0, "nothing skipped");
}

static void check_header(const uint8_t *blob, size_t size, const struct polb_view *v)
{
	const struct polb_header *h = v->header;
	OK(!memcmp(h->magic, POLB_MAGIC, 8) && h->version_major == 1 && h->version_minor == 2,
	   "header magic and version");
	OK(h->total_size == size && size % 8 == 0, "header total size");
	{
		uint8_t *copy = malloc(size);
		memcpy(copy, blob, size);
		((struct polb_header *)copy)->crc32c = 0;
		OK(polb_crc32c(copy, size) == h->crc32c,
		   "header CRC-32C is over the whole blob with the field as zero");
		free(copy);
	}
	OK(!strcmp(h->compiler_version, "polc " POL_VERSION), "header compiler version");
	OK(h->source_sha256[0] == 1 && h->source_sha256[31] == (uint8_t)(31 * 7 + 1),
	   "header source digest from the IR");
	const struct polb_section_entry *d = (const void *)(blob + sizeof(*h));
	int ordered = d[0].type == POLB_SEC_STRTAB;
	for (uint32_t i = 1; i < h->section_count; i++)
		ordered &= d[i].type >= d[i - 1].type;
	OK(ordered, "sections in type order, string table first");
	OK(h->section_count == 20 + 1, "every section type written (seccomp twice): %u",
	   h->section_count);
}

static void check_dedup(const struct polb_view *v)
{
	/* "web" is the policy name and the hostname: one copy */
	OK(v->meta->policy_name.off == v->process->hostname.off, "strings deduplicated");
	size_t count = 0;
	for (size_t off = 0; off + 3 < v->strtab_size; off++)
		if (!memcmp(v->strtab + off, "\0/tmp\0", 6))
			count++;
	OK(count == 1, "\"/tmp\" stored once (mount target and landlock path)");
}

/* CRC-32C one bit at a time, straight from the polynomial: the reference
 * the reader's (the crc32 instruction, or its table) must agree with. */
static uint32_t crc_bitwise(const uint8_t *p, size_t n)
{
	uint32_t c = 0xFFFFFFFFu;
	while (n--) {
		c ^= *p++;
		for (int bit = 0; bit < 8; bit++)
			c = (c & 1) ? (c >> 1) ^ 0x82F63B78u : c >> 1;
	}
	return ~c;
}

static void test_crc_agrees(void)
{
	static uint8_t buf[22400 + 8];
	uint32_t x = 2463534242u;
	for (size_t i = 0; i < sizeof(buf); i++) {
		x ^= x << 13, x ^= x >> 17, x ^= x << 5;
		buf[i] = (uint8_t)x;
	}
	int bad = 0, bad_table = 0;
	/* every length up to 64 at every alignment: the 8-byte steps and the tail */
	for (size_t off = 0; off < 8; off++)
		for (size_t len = 0; len <= 64; len++) {
			uint32_t want = crc_bitwise(buf + off, len);
			bad += polb_crc32c(buf + off, len) != want;
			bad_table += polb_crc32c_table_update(0, buf + off, len) != want;
		}
	OK(bad == 0, "CRC-32C (this CPU's way) agrees with the bitwise one at every alignment, "
	   "lengths 0-64 (%d differ)", bad);
	OK(bad_table == 0, "CRC-32C by table agrees too (%d differ)", bad_table);
	OK(polb_crc32c(buf + 3, 22400) == crc_bitwise(buf + 3, 22400) &&
	   polb_crc32c_table_update(0, buf + 3, 22400) == crc_bitwise(buf + 3, 22400),
	   "CRC-32C agrees with the bitwise one over 22,400 bytes, both ways");
	uint32_t part = polb_crc32c_update(polb_crc32c_update(0, buf, 1001), buf + 1001, 4096);
	OK(part == crc_bitwise(buf, 5097), "CRC-32C composes: update(update(0, a), b) == crc(ab)");
}

int main(void)
{
	test_crc_agrees();
	OK(polb_crc32c("123456789", 9) == 0xE3069283u,
	   "CRC-32C check value of \"123456789\" is 0xE3069283 (docs/polb.md)");
	OK(polb_crc32c("", 0) == 0, "CRC-32C of nothing is 0");
	struct pol_ir ir;
	struct err e;
	uint8_t *a = NULL, *b = NULL;
	size_t na = 0, nb = 0;
	fx_full_ir(&ir);
	int r = fx_build(&ir, &a, &na, &e);
	OK(r == 0, "writer builds the full IR%s%s", r ? ": " : "", r ? e.detail : "");
	if (r < 0) {
		ir_free(&ir);
		return TAP_DONE();
	}
	r = fx_build(&ir, &b, &nb, &e); /* OK() evaluates its condition twice */
	OK(r == 0 && na == nb && !memcmp(a, b, na),
	   "two builds are byte-identical (%zu bytes)", na);

	struct polb_view v;
	r = polb_read(a, na, &v, &e);
	OK(r == 0, "reader accepts the writer's blob%s%s", r ? ": " : "", r ? e.detail : "");
	if (r == 0) {
		check_header(a, na, &v);
		check_process(&v, &ir);
		check_ns(&v);
		check_mounts(&v);
		check_rest(&v);
		check_dedup(&v);
	}

	/* an empty policy: string table, meta and process only */
	struct pol_ir empty;
	ir_init(&empty);
	struct writer_input in = { .ir = &empty };
	uint8_t *c = NULL;
	size_t nc = 0;
	r = writer_build(&in, &c, &nc, &e);
	if (r == 0)
		r = polb_read(c, nc, &v, &e);
	OK(r == 0 && v.process && !v.nmounts && !v.caps &&
	   !v.nseccomp && v.header->section_count == 3, "empty policy: strtab, meta, process");
	free(c);
	ir_free(&empty);

	free(a);
	free(b);
	ir_free(&ir);
	return TAP_DONE();
}
