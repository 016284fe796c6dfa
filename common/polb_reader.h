/* The one validating reader of .polb blobs, shared by enforce, polc dump and
 * the fuzz target. It treats the blob as hostile: polb_read() checks every
 * byte that any later code can reach (sizes, offsets, counts, enums,
 * strings, BPF programs) and either fills a complete view or fails with one
 * line naming what and where ("section mounts: entry 3: path offset out of
 * range"). Code holding a view never re-checks: every pointer in it is
 * inside the buffer and every string is NUL-terminated.
 */
#ifndef POL_COMMON_POLB_READER_H
#define POL_COMMON_POLB_READER_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "polb.h"

struct polb_view {
	const struct polb_header *header;

	const struct polb_meta *meta;         /* NULL if absent */
	const struct polb_process *process;   /* never NULL (critical, required) */
	const struct polb_user_name *user_name; /* NULL: ids from the process record */
	const struct polb_tmpfs_owner *tmpfs_owners;  size_t ntmpfs_owners;
	const uint32_t *groups;  size_t ngroups;
	const struct polb_env *env;  size_t nenv;
	const struct polb_rlimit *rlimits;  size_t nrlimits;
	const struct polb_ns *ns;  size_t nns;
	const struct polb_idmap *idmaps;  size_t nidmaps;
	const struct polb_mount *mounts;  size_t nmounts;
	const struct polb_caps *caps;         /* NULL: no capabilities section */
	const struct polb_cgroup *cgroup;     /* NULL: no cgroup section */
	const struct polb_cg_limit *cg_limits;  size_t ncg_limits;
	const struct polb_dev_rule *cg_devices;  size_t ncg_devices;
	const struct polb_lsm *lsm;  size_t nlsm;
	const struct polb_landlock *landlock; /* NULL: no landlock */
	const struct polb_ll_path *ll_paths;  size_t nll_paths;
	const struct polb_ll_port *ll_ports;  size_t nll_ports;
	const struct polb_net_rule *net;  size_t nnet; /* network section */

	/* Seccomp programs, one per host arch (at most 8). */
	struct polb_view_seccomp {
		const struct polb_seccomp *hdr;
		const struct polb_bpf_insn *insns;
	} seccomp[8];
	size_t nseccomp;

	const struct polb_syscall_name *syscall_names;  size_t nsyscall_names;
	const struct polb_syscall_name *syscall_origins; size_t nsyscall_origins; /* name: origin */
	const struct polb_syscall_name *syscall_args; size_t nsyscall_args; /* name: "fd,request" */

	/* The generated AppArmor profile, compiled (APPARMOR section): NULL
	 * when absent. aa_policy is the binary policy for the kernel, checked
	 * by polb_check_aa_policy; aa_profile (not NUL-terminated, in the
	 * policy's bytes) the one profile it loads, which is the name of the
	 * LSM record marked generated. */
	const struct polb_apparmor *apparmor;
	const uint8_t *aa_policy;  size_t aa_policy_size;
	const char *aa_profile;  size_t aa_profile_len;

	/* Optional sections this reader did not know, skipped. */
	size_t nskipped;

	const char *strtab;
	size_t strtab_size;
};

/* Validate `size` bytes at `buf` (8-aligned, as malloc gives) and fill *v.
 * Returns 0, or -1 with e->step "blob" and e->detail naming what and where;
 * e->status is 125. The view points into buf: keep buf alive. */
int polb_read(const void *buf, size_t size, struct polb_view *v, struct err *e);

/* Read a whole file (at most POLB_MAX_SIZE) into a fresh 8-aligned buffer,
 * then polb_read it. A signed blob (polb_sig.h) is read without its
 * trailer, which is not checked; *sizep is the blob part's size. *bufp
 * receives the buffer to free(). */
int polb_read_file(const char *path, void **bufp, size_t *sizep,
		   struct polb_view *v, struct err *e);

/* Only the reading: the whole file's bytes, signature trailer included,
 * for a caller that checks the signature before polb_read (enforce). */
int polb_load_file(const char *path, void **bufp, size_t *sizep, struct err *e);

/* The string a polb_str names (validated: always NUL-terminated). */
static inline const char *polb_str(const struct polb_view *v, struct polb_str s)
{
	return v->strtab + s.off;
}

/* The owner record of mount index I (a tmpfs with uid=/gid=), or NULL:
 * enforce mounts with it, polc dump prints it. */
static inline const struct polb_tmpfs_owner *polb_tmpfs_owner_of(const struct polb_view *v,
								 size_t i)
{
	for (size_t k = 0; k < v->ntmpfs_owners; k++)
		if (v->tmpfs_owners[k].mount == i)
			return &v->tmpfs_owners[k];
	return NULL;
}

/* The seccomp program for host_arch, or NULL. */
const struct polb_view_seccomp *polb_seccomp_for(const struct polb_view *v,
						 uint32_t host_arch);

/* Check a classic BPF program as the kernel would, and more: length, known
 * opcodes, jump targets in range, no fall-through off the end, every path
 * ends in a return. Shared by the reader and the compiler's self-check.
 * Returns 0 or -1 with e filled (detail names the instruction index). */
int polb_check_bpf(const struct polb_bpf_insn *insns, size_t n, struct err *e);

/* Check compiled AppArmor policy (polb_aa.c): well-formed elements inside
 * the n bytes, one policy header, exactly one profile, no policy namespace.
 * Sets *name and *name_len to the profile's name inside p. Returns 0 or -1 with
 * e filled (detail names the byte offset). */
int polb_check_aa_policy(const uint8_t *p, size_t n, const char **name, size_t *name_len,
			 struct err *e);

uint32_t polb_crc32c(const void *buf, size_t size);

const char *polb_section_name(uint32_t type); /* "mounts", or "unknown" */

/* polb_net.c: a network rule as the language writes it ("publish tcp
 * 127.0.0.1:8080 80"); name is a listen rule's socket name. Returns buf. */
const char *polb_net_format(const struct polb_net_rule *r, const char *name, char *buf,
			    size_t size);
const char *polb_net_proto_name(uint32_t proto); /* "tcp", "udp" */

#endif
