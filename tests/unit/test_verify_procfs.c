/* The /proc parsers behind polc verify (compiler/verify/procfs.c) on the
 * kernel's own formats and on what a hostile process could make them see
 * (escaped names, overlong numbers, missing fields, no newline at the
 * end), and the signed-blob parsers (common/polb_sig.c) on malformed
 * trailers and key files. Every refusal is -1 with a message, never a
 * crash; ASan (make SAN=1) checks the bounds. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "polb.h"
#include "polb_sig.h"
#include "tap.h"
#include "verify/procfs.h"

static const char status_ok[] =
	"Name:\tsleep\nUmask:\t0022\nState:\tS (sleeping)\n"
	"Uid:\t1000\t1001\t1002\t1003\nGid:\t10\t11\t12\t13\nGroups:\t4 24 27 \n"
	"CapInh:\t0000000000000400\nCapPrm:\t0000000000000400\nCapEff:\t0000000000000400\n"
	"CapBnd:\t000001ffffffffff\nCapAmb:\t0000000000000000\nNoNewPrivs:\t1\n"
	"Seccomp:\t2\nSeccomp_filters:\t3\n";

static void test_status(void)
{
	struct proc_status st;
	struct err e = { 0 };
	OK(proc_parse_status(status_ok, &st, &e) == 0, "status: parsed (%s)", e.detail);
	OK(st.uid[0] == 1000 && st.uid[3] == 1003 && st.gid[1] == 11, "status: ids");
	OK(st.ngroups == 3 && st.groups[2] == 27, "status: groups (trailing space)");
	OK(st.cap_eff == 0x400 && st.cap_bnd == 0x1ffffffffffull, "status: capability masks");
	OK(st.no_new_privs == 1 && st.seccomp == 2 && st.seccomp_filters == 3, "status: nnp, seccomp");
	proc_status_free(&st);

	static const char *const bad[] = {
		"Name:\tx\n",                                              /* nothing */
		"Uid:\t99999999999\t1\t1\t1\n",                            /* overflow */
		"Uid:\t1\t1\t1\nGid:\t1\t1\t1\t1\n",                        /* three ids */
		"Uid:\t1 1 1 1\nGid:\t1 1 1 1\nGroups:\tx\n",               /* not a gid */
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		e.detail[0] = '\0';
		OK(proc_parse_status(bad[i], &st, &e) < 0 && e.detail[0], "status: bad %zu refused: %s",
		   i, e.detail);
	}
	/* a NoNewPrivs of 7 is not the kernel's */
	char *odd = strdup(status_ok);
	memcpy(strstr(odd, "NoNewPrivs:\t1") + 12, "7", 1);
	OK(proc_parse_status(odd, &st, &e) < 0, "status: NoNewPrivs 7 refused");
	free(odd);
}

static void test_idmap(void)
{
	struct proc_map_line l[4];
	size_t n;
	struct err e;
	OK(proc_parse_idmap("         0     100000      65536\n      65536 1 1", l, 4, &n, &e) == 0 &&
	   n == 2 && l[0].outside == 100000 && l[1].count == 1, "uid_map: two lines, no final newline");
	OK(proc_parse_idmap("0 0 4294967295\n", l, 4, &n, &e) == 0 && l[0].count == 4294967295u,
	   "uid_map: the identity map");
	OK(proc_parse_idmap("0 0\n", l, 4, &n, &e) < 0, "uid_map: two numbers refused");
	OK(proc_parse_idmap("0 0 1 junk\n", l, 4, &n, &e) < 0, "uid_map: trailing text refused");
	OK(proc_parse_idmap("1 1 1\n2 2 2\n3 3 3\n4 4 4\n5 5 5\n", l, 4, &n, &e) < 0,
	   "uid_map: more lines than room refused");
	OK(proc_parse_idmap("0 0 4294967296\n", l, 4, &n, &e) < 0, "uid_map: overflow refused");
}

static void test_mountinfo(void)
{
	struct proc_mountinfo mi;
	struct err e;
	const char *text =
		"22 1 254:0 /srv/rootfs / ro,relatime shared:1 - ext4 /dev/vda rw\n"
		"23 22 0:5 / /my\\040dir rw,nosuid,nodev,noexec - tmpfs none rw,size=65536k\n"
		"24 22 0:6 /null /dev/null rw,nosuid - devtmpfs dev\\012fake rw";
	OK(proc_parse_mountinfo(text, &mi, &e) == 0 && mi.n == 3, "mountinfo: three mounts");
	OK(!strcmp(mi.m[0].root, "/srv/rootfs") && (mi.m[0].flags & PROC_MNT_RO), "mountinfo: root, ro");
	OK(!strcmp(mi.m[1].target, "/my dir") && mi.m[1].flags == (PROC_MNT_NOSUID | PROC_MNT_NODEV |
								   PROC_MNT_NOEXEC),
	   "mountinfo: escaped space decoded, flags");
	OK(!strcmp(mi.m[2].source, "dev\nfake"), "mountinfo: an escaped newline stays inside the field");
	OK(proc_mount_at(&mi, "/dev/null") == &mi.m[2] && !proc_mount_at(&mi, "/dev"),
	   "mountinfo: lookup by target");
	proc_mountinfo_free(&mi);
	static const char *const bad[] = {
		"22 1 254:0 / / rw\n",                       /* no separator */
		"22 1 254 / / rw - ext4 x rw\n",             /* no minor */
		"x 1 254:0 / / rw - ext4 x rw\n",            /* not a number */
		"22 1 254:0 rel / rw - ext4 x rw\n",         /* root not absolute */
		"22 1 254:0 / / rw - ext4\n",                /* no source */
		"22 1 99999999999:0 / / rw - ext4 x rw\n",   /* overflow */
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		OK(proc_parse_mountinfo(bad[i], &mi, &e) < 0 && !mi.m, "mountinfo: bad %zu refused: %s", i,
		   e.detail);
	OK(proc_parse_mountinfo("", &mi, &e) == 0 && mi.n == 0, "mountinfo: empty");
	proc_mountinfo_free(&mi);
}

static void test_cgroup_limits(void)
{
	struct proc_cgroup_line l[4];
	size_t n;
	struct err e;
	OK(proc_parse_cgroup("12:memory:/polc/enforce-1-2\n1:name=systemd:/\n0::/x\n", l, 4, &n, &e) == 0 &&
	   n == 3 && l[0].hier == 12 && !strcmp(l[0].controllers, "memory") && !l[2].controllers[0],
	   "cgroup: v1 and v2 lines");
	OK(proc_parse_cgroup("12:memory\n", l, 4, &n, &e) < 0, "cgroup: no path refused");
	OK(proc_parse_cgroup("a:b:/c\n", l, 4, &n, &e) < 0, "cgroup: hierarchy not a number refused");
	char longp[800] = "0::/";
	memset(longp + 4, 'a', 700);
	OK(proc_parse_cgroup(longp, l, 4, &n, &e) < 0, "cgroup: overlong path refused, not cut");

	uint64_t soft[PROC_NLIMITS], hard[PROC_NLIMITS];
	char lim[4096] = "Limit                     Soft Limit           Hard Limit           Units     \n";
	for (int i = 0; i < PROC_NLIMITS; i++)
		snprintf(lim + strlen(lim), sizeof(lim) - strlen(lim),
			 "Max something %-11d %-20s %-20s units     \n", i, i == 7 ? "512" : "unlimited",
			 i == 7 ? "1024" : "unlimited");
	OK(proc_parse_limits(lim, soft, hard, &e) == 0 && soft[7] == 512 && hard[7] == 1024 &&
	   hard[0] == UINT64_MAX, "limits: parsed (%s)", e.detail);
	OK(proc_parse_limits("Limit\nMax cpu time              x\n", soft, hard, &e) < 0,
	   "limits: malformed refused");
}

static const char pem_ok[] = "-----BEGIN PUBLIC KEY-----\n"
			     "MCowBQYDK2VwAyEA/tdwWTSx3tz4MUSN880GQVDAvf4NvpOae5LFnmA84gI=\n"
			     "-----END PUBLIC KEY-----\n";

static void test_keys(void)
{
	uint8_t key[POLB_SIG_KEY_LEN];
	struct err e;
	OK(polb_pubkey_parse(pem_ok, strlen(pem_ok), "k", key, &e) == 0 && key[0] == 0xfe,
	   "key: PEM Ed25519 public key");
	static const char *const bad[] = {
		"",
		"-----BEGIN PUBLIC KEY-----\n",
		"-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA\n-----END PUBLIC KEY-----\n",
		"-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA/tdwWTSx3tz4MUSN880GQVDAvf4NvpOae5LFnmA84gI=\n"
		"-----END PUBLIC KEY-----\nmore\n",
		"-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA/tdwWTSx3tz4MUSN880GQVDAvf4NvpOae5LFnmA84g!=\n"
		"-----END PUBLIC KEY-----\n",
		/* an RSA-sized blob of base64: not Ed25519 */
		"-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VxAyEA/tdwWTSx3tz4MUSN880GQVDAvf4NvpOae5LFnmA84gI=\n"
		"-----END PUBLIC KEY-----\n",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		OK(polb_pubkey_parse(bad[i], strlen(bad[i]), "k", key, &e) < 0 && e.status == 125,
		   "key: malformed %zu refused: %s", i, e.detail);
}

static void test_trailer(void)
{
	/* a header-sized "blob" followed by pieces of a trailer */
	uint8_t buf[128 + 128 + 8];
	memset(buf, 0, sizeof(buf));
	memcpy(buf, POLB_MAGIC, POLB_MAGIC_LEN);
	buf[16] = 128; /* total_size */
	size_t bs;
	const struct polb_sig_trailer *t;
	struct err e;
	OK(polb_sig_split(buf, 128, &bs, &t, &e) == 0 && !t && bs == 128, "trailer: unsigned");
	memcpy(buf + 128, POLB_SIG_MAGIC, 8);
	OK(polb_sig_split(buf, 128 + 5, &bs, &t, &e) < 0, "trailer: 5 bytes of magic refused");
	OK(polb_sig_split(buf, 128 + 100, &bs, &t, &e) < 0, "trailer: truncated refused: %s", e.detail);
	OK(polb_sig_split(buf, 128 + 136, &bs, &t, &e) < 0, "trailer: extended refused");
	struct polb_sig_trailer *w = (void *)(buf + 128);
	w->algorithm = 1;
	w->trailer_size = 128;
	w->signed_size = 128;
	OK(polb_sig_split(buf, 256, &bs, &t, &e) == 0 && t == w && bs == 128, "trailer: well formed");
	w->algorithm = 2;
	OK(polb_sig_split(buf, 256, &bs, &t, &e) < 0, "trailer: unknown algorithm refused");
	w->algorithm = 1;
	w->reserved[3] = 1;
	OK(polb_sig_split(buf, 256, &bs, &t, &e) < 0, "trailer: reserved bytes refused");
	w->reserved[3] = 0;
	uint8_t keys[1][POLB_SIG_KEY_LEN] = { { 1 } };
	OK(polb_sig_check(buf, 256, (const uint8_t (*)[POLB_SIG_KEY_LEN])keys, 1, &bs, &e) < 0 &&
	   strstr(e.detail, "not a trusted key"), "trailer: another key refused: %s", e.detail);
	memcpy(keys[0], w->public_key, POLB_SIG_KEY_LEN);
	OK(polb_sig_check(buf, 256, (const uint8_t (*)[POLB_SIG_KEY_LEN])keys, 1, &bs, &e) < 0 &&
	   strstr(e.detail, "does not verify"), "trailer: a zero signature does not verify: %s", e.detail);
}

int main(void)
{
	test_status();
	test_idmap();
	test_mountinfo();
	test_cgroup_limits();
	test_keys();
	test_trailer();
	return TAP_DONE();
}
