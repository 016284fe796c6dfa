/* The .polb blob format: the contract between polc and enforce.
 *
 * docs/polb.md specifies it byte by byte; this header is its C form and the
 * only format definition both halves include. Everything is little-endian,
 * every section starts on an 8-byte boundary, there are no pointers: strings
 * are (offset, length) pairs into the string table section.
 *
 * Layout:
 *   struct polb_header                       (128 bytes)
 *   struct polb_section_entry[section_count] (directory, 32 bytes each)
 *   section bodies, each 8-aligned, zero padding between them
 *
 * Most sections are arrays of fixed-size records: body size ==
 * count * record_size, and record_size is exactly the size of the record
 * below (the reader hands out the records in place, as C arrays). A minor
 * version never grows a record: it adds a section type instead. Three
 * sections are raw bytes: STRTAB, SECCOMP and APPARMOR.
 */
#ifndef POL_COMMON_POLB_H
#define POL_COMMON_POLB_H

#include <stdint.h>

#define POLB_MAGIC "\x89POLB\r\n\x1a" /* 8 bytes, PNG-style: catches text-mode mangling */
#define POLB_MAGIC_LEN 8
#define POLB_VERSION_MAJOR 1 /* a reader refuses any other major */
#define POLB_VERSION_MINOR 2 /* a reader accepts any minor of its major; 1.1 added APPARMOR,
                              * 1.2 USER_NAME, TMPFS_OWNER */

/* Limits the reader enforces (hostile input). */
#define POLB_MAX_SIZE (16u << 20)    /* whole blob */
#define POLB_MAX_SECTIONS 64
#define POLB_MAX_RECORDS 65536       /* per section */
#define POLB_MAX_STRING 4096         /* bytes, without the NUL */
#define POLB_MAX_BPF_INSNS 4096      /* BPF_MAXINSNS */
#define POLB_MAX_TEXT (256u << 10)   /* long strings: generated AppArmor profile text */
#define POLB_MAX_SECCOMP 8           /* SECCOMP sections (one per host arch) */
#define POLB_MAX_IDMAP_RANGES 340    /* per map, the kernel's limit */
#define POLB_MAX_AA_POLICY (4u << 20) /* compiled AppArmor policy, bytes */
#define POLB_MAX_LISTEN 64           /* sockets handed in (fds 3..66) */

struct polb_header {
	uint8_t magic[8];           /* POLB_MAGIC */
	uint16_t version_major;     /* POLB_VERSION_MAJOR */
	uint16_t version_minor;     /* POLB_VERSION_MINOR */
	uint32_t header_size;       /* sizeof(struct polb_header) == 128 */
	uint64_t total_size;        /* bytes in the whole blob */
	uint32_t crc32c;            /* CRC-32C of all total_size bytes, this field as 0 */
	uint32_t section_count;     /* directory entries after the header */
	uint32_t flags;             /* 0; reserved */
	uint32_t reserved0;         /* 0 */
	char compiler_version[32];  /* "polc 0.1.0", NUL-padded */
	uint8_t source_sha256[32];  /* digest of the policy sources, docs/polb.md */
	uint8_t reserved1[24];      /* 0 */
};

enum polb_section_type {
	POLB_SEC_STRTAB = 1,    /* raw: NUL-terminated strings */
	POLB_SEC_META = 2,      /* struct polb_meta[1] */
	POLB_SEC_PROCESS = 3,   /* struct polb_process[1] */
	POLB_SEC_GROUPS = 4,    /* uint32_t[n] supplementary gids */
	POLB_SEC_ENV = 5,       /* struct polb_env[n] */
	POLB_SEC_RLIMITS = 6,   /* struct polb_rlimit[n] */
	POLB_SEC_NAMESPACES = 7, /* struct polb_ns[n] */
	POLB_SEC_IDMAPS = 8,    /* struct polb_idmap[n] */
	POLB_SEC_MOUNTS = 9,    /* struct polb_mount[n], in order */
	POLB_SEC_CAPS = 10,     /* struct polb_caps[1] */
	POLB_SEC_CGROUP = 11,   /* struct polb_cgroup[1] */
	POLB_SEC_CG_LIMITS = 12, /* struct polb_cg_limit[n] */
	POLB_SEC_CG_DEVICES = 13, /* struct polb_dev_rule[n] */
	POLB_SEC_LSM = 14,      /* struct polb_lsm[n] (apparmor, selinux) */
	POLB_SEC_LANDLOCK = 15, /* struct polb_landlock[1] */
	POLB_SEC_LL_PATHS = 16, /* struct polb_ll_path[n] */
	POLB_SEC_LL_PORTS = 17, /* struct polb_ll_port[n] */
	POLB_SEC_SECCOMP = 18,  /* raw: struct polb_seccomp + sock_filter[ninsns]; one per host arch */
	POLB_SEC_SYSCALL_NAMES = 19, /* struct polb_syscall_name[n]: for messages only */
	POLB_SEC_APPARMOR = 20, /* raw: struct polb_apparmor + compiled policy (1.1) */
	POLB_SEC_NETWORK = 21,  /* struct polb_net_rule[n]: published ports, sockets, egress (1.1) */
	POLB_SEC_SYSCALL_ORIGINS = 22, /* struct polb_syscall_name[n], name = the refusing
	                                  rule's origin: for messages only (1.1) */
	POLB_SEC_SYSCALL_ARGS = 23, /* struct polb_syscall_name[n], name = the argument
	                               names, "fd,request,argp": for messages only (1.1) */
	POLB_SEC_USER_NAME = 24, /* struct polb_user_name[1]: `user NAME [GROUP]` (1.2) */
	POLB_SEC_TMPFS_OWNER = 25, /* struct polb_tmpfs_owner[n]: tmpfs uid=/gid= (1.2) */
};

enum {
	POLB_SECF_CRITICAL = 1u << 0, /* unknown type with this bit: refuse the blob */
};

struct polb_section_entry {
	uint32_t type;        /* enum polb_section_type */
	uint32_t flags;       /* POLB_SECF_* */
	uint64_t offset;      /* from the start of the blob, 8-aligned */
	uint64_t size;        /* bytes of the body */
	uint32_t record_size; /* 0 for raw sections */
	uint32_t count;       /* records (raw: 0, or as the section defines) */
};

/* A string: offset into STRTAB; strtab[off + len] == '\0', no NUL inside.
 * (0, 0) with POLB_STR_NONE semantic: offset 0 is always the empty string,
 * and "absent" is encoded as len == 0 && off == 0. */
struct polb_str {
	uint32_t off;
	uint32_t len;
};

struct polb_meta {
	struct polb_str policy_name;
	struct polb_str source_files; /* '\n'-separated list, for display */
	uint32_t native_arch;         /* AUDIT_ARCH_* of the compiling host */
	uint32_t reserved;
};

enum {
	POLB_PROC_USER = 1u << 0,     /* uid/gid valid */
	POLB_PROC_UMASK = 1u << 1,
	POLB_PROC_NO_NEW_PRIVS = 1u << 2,
	POLB_PROC_INIT = 1u << 3,
	POLB_PROC_GROUPS = 1u << 4,   /* set supplementary groups (possibly none) */
	POLB_PROC_STDIO_STRICT = 1u << 5, /* a regular file on fd 0-2 is refused, not relayed */
	POLB_PROC_TERMINAL_INHERIT = 1u << 6, /* the caller's terminal itself on fd 0-2, no pty */
	POLB_PROC_NOTIFY_RELAY = 1u << 7,     /* sd_notify: READY=1 etc. relayed, nothing else */
	POLB_PROC_LISTEN_FDS_PASS = 1u << 8,  /* the caller's LISTEN_FDS sockets to fds 3.. */
};

struct polb_process {
	uint32_t flags; /* POLB_PROC_* */
	uint32_t uid, gid, umask;
	struct polb_str cwd;      /* empty: "/" */
	struct polb_str hostname; /* empty: unchanged */
};

/* USER_NAME (format 1.2, critical: an older enforcer refuses the blob
 * rather than run as root): the user, and the group, named in the
 * container's own /etc/passwd and /etc/group, resolved by enforce after
 * the root is set up. The process record's user flag is then clear. */
struct polb_user_name {
	struct polb_str user;  /* required: [A-Za-z0-9_.-], not all digits */
	struct polb_str group; /* empty: the user's primary group */
};

/* TMPFS_OWNER (format 1.2, critical: an older enforcer refuses the blob
 * rather than leave the tmpfs root's): the owner of a tmpfs's root
 * directory, as ids inside the container's user namespace. One record per
 * tmpfs with `uid=` or `gid=`, in mount order. */
struct polb_tmpfs_owner {
	uint32_t mount;    /* index into the mounts section; a TMPFS entry */
	uint32_t uid, gid; /* never 0xffffffff */
	uint32_t reserved;
};

enum { POLB_ENV_SET = 0, POLB_ENV_PASS = 1 };
struct polb_env {
	uint32_t kind; /* POLB_ENV_* */
	uint32_t reserved;
	struct polb_str name;
	struct polb_str value; /* SET only */
};

struct polb_rlimit {
	uint32_t resource; /* RLIMIT_*, < 16 */
	uint32_t reserved;
	uint64_t soft, hard; /* UINT64_MAX: RLIM_INFINITY */
};

/* Namespace kinds and modes: numeric values of enum ir_ns_kind / ir_ns_mode. */
enum { POLB_NS_USER, POLB_NS_MOUNT, POLB_NS_PID, POLB_NS_NET, POLB_NS_UTS,
       POLB_NS_IPC, POLB_NS_CGROUP, POLB_NS_TIME, POLB_NS_COUNT };
enum { POLB_NS_SHARE, POLB_NS_UNSHARE, POLB_NS_JOIN };
struct polb_ns {
	uint32_t kind; /* POLB_NS_*, each at most once */
	uint32_t mode; /* POLB_NS_UNSHARE or POLB_NS_JOIN (SHARE is not written) */
	struct polb_str path; /* JOIN only */
};

enum { POLB_IDMAP_UID = 0, POLB_IDMAP_GID = 1 };
struct polb_idmap {
	uint32_t which; /* POLB_IDMAP_* */
	uint32_t inside, outside, count; /* count > 0, no overflow */
};

/* Mount kinds: numeric values of enum ir_mount_kind. Flags: IR_MNT_*. */
enum { POLB_MOUNT_ROOT, POLB_MOUNT_OVERLAY, POLB_MOUNT_BIND, POLB_MOUNT_TMPFS,
       POLB_MOUNT_PROC, POLB_MOUNT_SYSFS, POLB_MOUNT_DEV, POLB_MOUNT_MQUEUE,
       POLB_MOUNT_MASK, POLB_MOUNT_READONLY, POLB_MOUNT_SYMLINK, POLB_MOUNT_KIND_COUNT };
enum {
	POLB_MNT_RW = 1u << 0, POLB_MNT_NOSUID = 1u << 1, POLB_MNT_NODEV = 1u << 2,
	POLB_MNT_NOEXEC = 1u << 3, POLB_MNT_OPTIONAL = 1u << 4,
	POLB_MNT_RECURSIVE = 1u << 5, POLB_MNT_HAS_SIZE = 1u << 6,
	POLB_MNT_HAS_MODE = 1u << 7,
	POLB_MNT_FOLLOW = 1u << 8,     /* bind/root/overlay: a host path may be a symlink */
	POLB_MNT_HAS_INODES = 1u << 9, /* tmpfs: nr_inodes given */
	POLB_MNT_IDMAP = 1u << 10,     /* bind: an idmapped mount (docs/language.md,
	                                  "Idmapped binds"); an older reader refuses it */
	POLB_MNT_ALL = 0x7ffu,
};
struct polb_mount {
	uint32_t kind;  /* POLB_MOUNT_* */
	uint32_t flags; /* POLB_MNT_* */
	struct polb_str source; /* bind/root: host path; symlink: link text */
	struct polb_str target; /* absolute */
	struct polb_str lower, upper, work; /* overlay */
	uint64_t size;  /* tmpfs */
	uint32_t mode;  /* tmpfs, <= 07777 */
	uint32_t nr_inodes; /* tmpfs: HAS_INODES, >= 1; else 0 (the default below) */
};

/* The bounds enforce gives every tmpfs it mounts where the policy sets
 * none (docs/language.md, "tmpfs bounds"): the policy's own tmpfs get one
 * inode per 4 KiB of their size (at least 1024, at most 4Mi; 65536 without
 * a size), so the kernel memory their inodes pin stays about a quarter of
 * the size; the minimal /dev is 64 KiB with 1024 inodes, its /dev/shm 64M
 * (Docker's) with the tmpfs rule; a mask's empty tmpfs holds its root
 * inode and nothing else. */
#define POLB_TMPFS_INODE_BYTES 4096u
#define POLB_TMPFS_MIN_INODES 1024u
#define POLB_TMPFS_MAX_INODES (4u << 20)
#define POLB_TMPFS_UNSIZED_INODES 65536u
#define POLB_DEV_SIZE (64u << 10)
#define POLB_DEV_INODES 1024u
#define POLB_SHM_SIZE (64u << 20)
#define POLB_MASK_SIZE 4096u
#define POLB_MASK_INODES 1u
/* A tmpfs root's mode where the policy gives no mode= (the kernel's
 * default is 1777: world-writable) */
#define POLB_TMPFS_DEFAULT_MODE 0755u

/* The id map enforce writes, as root, for a user namespace whose policy
 * names no map (enforcer/idmap.c): root inside is an unprivileged uid
 * outside. `polc export oci` writes the same map. */
#define POLB_IDMAP_DEFAULT_OUTSIDE 100000u
#define POLB_IDMAP_DEFAULT_COUNT 65536u

static inline uint32_t polb_tmpfs_inodes(uint32_t flags, uint64_t size, uint32_t nr_inodes)
{
	if (flags & POLB_MNT_HAS_INODES)
		return nr_inodes;
	if (!(flags & POLB_MNT_HAS_SIZE))
		return POLB_TMPFS_UNSIZED_INODES;
	uint64_t n = size / POLB_TMPFS_INODE_BYTES;
	return n < POLB_TMPFS_MIN_INODES ? POLB_TMPFS_MIN_INODES
	       : n > POLB_TMPFS_MAX_INODES ? POLB_TMPFS_MAX_INODES : (uint32_t)n;
}

static inline uint32_t polb_tmpfs_mode(uint32_t flags, uint32_t mode)
{
	return (flags & POLB_MNT_HAS_MODE) ? mode : POLB_TMPFS_DEFAULT_MODE;
}

struct polb_caps {
	uint64_t keep;    /* bounding, permitted, effective, inheritable */
	uint64_t ambient; /* subset of keep */
};

struct polb_cgroup {
	uint32_t flags; /* POLB_CG_* */
	uint32_t reserved;
	struct polb_str parent; /* relative; empty: "polc" */
};
enum { POLB_CG_OPTIONAL = 1u << 0, POLB_CG_DEVICES = 1u << 1 };

/* Cgroup keys: numeric values of enum ir_cg_key. */
enum { POLB_CG_MEMORY_MAX, POLB_CG_MEMORY_HIGH, POLB_CG_MEMORY_SWAP_MAX,
       POLB_CG_PIDS_MAX, POLB_CG_CPU_MAX, POLB_CG_CPU_WEIGHT, POLB_CG_CPUSET_CPUS,
       POLB_CG_CPUSET_MEMS, POLB_CG_IO_WEIGHT, POLB_CG_IO_MAX, POLB_CG_KEY_COUNT };
#define POLB_CG_UNLIMITED UINT64_MAX /* "max" */

struct polb_cg_limit {
	uint32_t key; /* POLB_CG_* (enum ir_cg_key value), each at most once */
	uint32_t reserved;
	uint64_t num, num2;
	struct polb_str text;
};

struct polb_dev_rule {
	uint32_t allow;  /* 0 or 1 */
	uint32_t type;   /* 'a', 'b' or 'c' */
	uint32_t major, minor; /* UINT32_MAX: any */
	uint32_t access; /* r=1 w=2 m=4 */
	uint32_t reserved;
};

enum { POLB_LSM_APPARMOR = 1, POLB_LSM_SELINUX = 2 };
enum { POLB_LSM_OPTIONAL = 1u << 0, POLB_LSM_GENERATED = 1u << 1 };
struct polb_lsm {
	uint32_t kind;  /* POLB_LSM_* */
	uint32_t flags; /* POLB_LSM_* flags */
	struct polb_str name;    /* profile or label */
	struct polb_str profile; /* generated AppArmor profile text, or empty */
};

enum { POLB_LL_OPTIONAL = 1u << 0, POLB_LL_SCOPE_ABSTRACT_UNIX = 1u << 1,
       POLB_LL_SCOPE_SIGNAL = 1u << 2 };
struct polb_landlock {
	uint32_t flags;
	uint32_t reserved;
};
/* Landlock path rights: the numeric values of IR_LL_*. */
enum { POLB_LL_READ = 1u << 0, POLB_LL_WRITE = 1u << 1, POLB_LL_EXECUTE = 1u << 2,
       POLB_LL_ACCESS_ALL = 7u };
struct polb_ll_path {
	uint32_t access; /* POLB_LL_READ|WRITE|EXECUTE (IR_LL_*), not 0 */
	uint32_t reserved;
	struct polb_str path;
};
struct polb_ll_port {
	uint32_t bind; /* 1 bind, 0 connect */
	uint32_t port; /* <= 65535 */
};

/* SECCOMP section body: this header, then ninsns struct sock_filter
 * (8 bytes each: u16 code, u8 jt, u8 jf, u32 k). One section per host
 * architecture the policy can run on; enforce loads the one whose
 * host_arch is its own. */
enum {
	POLB_SECCOMP_NOTIFY = 1u << 0, /* program returns SECCOMP_RET_USER_NOTIF for
	                                  denials the supervisor must name and kill */
	POLB_SECCOMP_LOG = 1u << 1,    /* load with SECCOMP_FILTER_FLAG_LOG */
};
struct polb_seccomp {
	uint32_t host_arch; /* AUDIT_ARCH_* this program is for */
	uint32_t flags;     /* POLB_SECCOMP_* */
	uint32_t ninsns;    /* 1..POLB_MAX_BPF_INSNS */
	uint32_t reserved;
};
struct polb_bpf_insn {
	uint16_t code;
	uint8_t jt, jf;
	uint32_t k;
};

struct polb_syscall_name {
	uint32_t audit_arch;
	uint32_t nr;
	struct polb_str name;
};

/* APPARMOR section body (format 1.1): the generated profile (the LSM
 * record with POLB_LSM_GENERATED, whose `profile` is its text) compiled by
 * apparmor_parser at build time: this header, then policy_size bytes of
 * AppArmor binary policy, which enforce hands to the kernel as they are.
 * `features` is the kernel feature ABI it was compiled for, as libapparmor's
 * aa_features writes it; enforce refuses a kernel whose features differ. */
struct polb_apparmor {
	struct polb_str features; /* required, long: aa_features text */
	uint32_t policy_size;     /* 1..POLB_MAX_AA_POLICY bytes after this header */
	uint32_t reserved0;
	uint64_t reserved1;
};

/* The network section (docs/network.md): one record per rule.
 *   PUBLISH: host [addr:]host_port -> container port, through pasta
 *   LISTEN:  a socket bound to addr:host_port on the host, handed in as fd 3..
 *   CONNECT: egress allowed to addr/prefix, port (0: any port)
 *   DNS:     the host's resolv.conf (the compiler adds the bind mount; this
 *            record is for display)
 * Addresses are network byte order; IPv4 in addr[0..3], the rest 0. */
enum { POLB_NET_PUBLISH = 1, POLB_NET_LISTEN = 2, POLB_NET_CONNECT = 3, POLB_NET_DNS = 4 };
enum {
	POLB_NET_V6 = 1u << 0,       /* addr is IPv6 */
	POLB_NET_ANY_ADDR = 1u << 1, /* publish: every host address (addr is 0) */
	POLB_NET_OPTIONAL = 1u << 2, /* connect: warn instead of refusing when not enforceable */
	POLB_NET_ALL = 7u,
};
struct polb_net_rule {
	uint32_t kind;      /* POLB_NET_* */
	uint32_t proto;     /* 6 (tcp) or 17 (udp); 0 for DNS */
	uint32_t flags;     /* POLB_NET_V6 | ANY_ADDR | OPTIONAL */
	uint32_t prefix;    /* CONNECT: prefix length (<= 32 or 128); else 0 */
	uint8_t addr[16];
	uint32_t host_port; /* PUBLISH/LISTEN: on the host, 1..65535 */
	uint32_t port;      /* PUBLISH: in the container; CONNECT: 0..65535 (0: any) */
	struct polb_str name; /* LISTEN: the LISTEN_FDNAMES entry, a plain word */
};

#endif
