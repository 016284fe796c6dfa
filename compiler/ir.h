/* The policy IR: the one effective policy that every later stage of polc
 * consumes (blob writer, seccomp compiler, explain, diff, audit, export).
 *
 * The front end (compiler/frontend/) resolves `use` and groups, applies
 * "later statement wins", checks everything, and fills one struct pol_ir.
 * Nothing after it sees the AST. Every setting carries the place it came
 * from (struct ir_origin) so `polc explain` and diagnostics can name it.
 *
 * Conventions:
 *  - Strings are heap copies owned by the IR (ir_free releases them).
 *  - Paths are absolute and normalised (no "//", no "/./", no "..",
 *    no trailing slash except "/").
 *  - Lists keep policy order after overrides were applied.
 *  - A `set` flag (or origin.file != NULL) says whether the policy decided
 *    the setting; unset settings get the documented defaults in ir_init.
 */
#ifndef POL_COMPILER_IR_H
#define POL_COMPILER_IR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arch.h" /* enum ir_arch and the architecture table */

/* Where a setting came from. file is interned (lives as long as the IR). */
struct ir_origin {
	const char *file; /* NULL: built-in default */
	int line, col;
};

/* ---- process ---------------------------------------------------------- */

struct ir_env {
	char *name;
	char *value; /* NULL for env_pass (copied from the caller at run time) */
	struct ir_origin at;
};

struct ir_rlimit {
	bool set;
	uint64_t soft, hard; /* IR_RLIM_INFINITY for "unlimited" */
	struct ir_origin at;
};
#define IR_RLIM_INFINITY UINT64_MAX
#define IR_RLIMIT_COUNT 16 /* RLIMIT_NLIMITS on Linux */

struct ir_process {
	bool user_set; /* numeric uid/gid */
	uint32_t uid, gid;
	/* `user NAME [GROUP]` instead: names in the container's /etc/passwd
	 * and /etc/group, resolved by enforce at run time (user_set false) */
	char *user_name;
	char *group_name; /* NULL: the user's primary group */
	struct ir_origin user_at;

	uint32_t *groups;
	size_t ngroups;
	bool groups_set;
	struct ir_origin groups_at;

	char *cwd; /* NULL: "/" */
	struct ir_origin cwd_at;
	char *hostname; /* NULL: left as it is */
	struct ir_origin hostname_at;

	struct ir_env *env; /* set and pass, in order; later same name replaces */
	size_t nenv;

	struct ir_rlimit rlimits[IR_RLIMIT_COUNT]; /* indexed by RLIMIT_* */

	bool umask_set;
	uint32_t umask;
	struct ir_origin umask_at;

	bool no_new_privs; /* default true */
	struct ir_origin no_new_privs_at;
	bool init; /* default true */
	struct ir_origin init_at;
	bool stdio_strict; /* `stdio strict`: a file on fd 0-2 refused; default relay */
	struct ir_origin stdio_at;
	bool terminal_inherit; /* `terminal inherit`: the caller's own; default pty */
	struct ir_origin terminal_at;
	bool notify_relay; /* `notify relay`: sd_notify relayed to the caller's NOTIFY_SOCKET */
	struct ir_origin notify_at;
	bool listen_fds_pass; /* `listen_fds pass`: the caller's LISTEN_FDS sockets handed in */
	struct ir_origin listen_fds_at;
};

/* ---- namespaces ------------------------------------------------------- */

enum ir_ns_kind {
	IR_NS_USER, IR_NS_MOUNT, IR_NS_PID, IR_NS_NET,
	IR_NS_UTS, IR_NS_IPC, IR_NS_CGROUP, IR_NS_TIME,
	IR_NS_COUNT
};

enum ir_ns_mode {
	IR_NS_SHARE = 0, /* default: the host's namespace */
	IR_NS_UNSHARE,   /* a new one */
	IR_NS_JOIN,      /* setns() into join_path */
};

struct ir_ns {
	enum ir_ns_mode mode;
	char *join_path;
	struct ir_origin at;
};

struct ir_idmap {
	uint32_t inside, outside, count;
	struct ir_origin at;
};

struct ir_namespaces {
	struct ir_ns ns[IR_NS_COUNT];
	struct ir_idmap *uid_map;
	size_t nuid_map;
	struct ir_idmap *gid_map;
	size_t ngid_map;
};

/* ---- filesystem ------------------------------------------------------- */

enum ir_mount_kind {
	IR_MOUNT_ROOT,     /* source = host dir; target "/" */
	IR_MOUNT_OVERLAY,  /* target; lower (colon list), upper, work */
	IR_MOUNT_BIND,     /* source -> target */
	IR_MOUNT_TMPFS,    /* target; size, mode */
	IR_MOUNT_PROC,     /* target */
	IR_MOUNT_SYSFS,    /* target (always read-only) */
	IR_MOUNT_DEV,      /* target: minimal /dev */
	IR_MOUNT_MQUEUE,   /* target */
	IR_MOUNT_MASK,     /* target hidden (file: /dev/null over it; dir: empty ro tmpfs) */
	IR_MOUNT_READONLY, /* target remounted read-only */
	IR_MOUNT_SYMLINK,  /* link at target pointing to source (text) */
	IR_MOUNT_KIND_COUNT
};

/* Flags, also used as-is in the blob (POLB_MNT_*). */
enum {
	IR_MNT_RW = 1u << 0,       /* writable (binds/root are read-only without it) */
	IR_MNT_NOSUID = 1u << 1,
	IR_MNT_NODEV = 1u << 2,
	IR_MNT_NOEXEC = 1u << 3,
	IR_MNT_OPTIONAL = 1u << 4, /* missing source: skip with a warning */
	IR_MNT_RECURSIVE = 1u << 5, /* rbind (default for bind) */
	IR_MNT_HAS_SIZE = 1u << 6,
	IR_MNT_HAS_MODE = 1u << 7,
	IR_MNT_FOLLOW = 1u << 8,     /* bind/root/overlay: `follow`, a source may be a symlink */
	IR_MNT_HAS_INODES = 1u << 9, /* tmpfs: nr_inodes= given */
	IR_MNT_IDMAP = 1u << 10,     /* bind: `idmap`, the host's owner shown unchanged inside */
};

struct ir_mount {
	enum ir_mount_kind kind;
	uint32_t flags;
	char *source; /* bind/root: host path; symlink: link text; else NULL */
	char *target; /* absolute path inside the container */
	char *lower, *upper, *work; /* overlay only; lower is a colon list */
	uint64_t size; /* tmpfs size in bytes (IR_MNT_HAS_SIZE) */
	uint32_t mode; /* tmpfs mode (IR_MNT_HAS_MODE) */
	uint32_t nr_inodes; /* tmpfs inode bound (IR_MNT_HAS_INODES) */
	bool has_owner;     /* tmpfs uid=/gid= (not a flag: the blob has its own section) */
	uint32_t uid, gid;  /* the owner of its root, ids inside the container */
	struct ir_origin at;
};

struct ir_filesystem {
	struct ir_mount *mounts; /* in application order; ROOT/OVERLAY-"/" first */
	size_t nmounts;
};

/* ---- capabilities ----------------------------------------------------- */

struct ir_caps {
	uint64_t keep;    /* bit N = CAP number N kept in bounding/permitted/effective/inheritable */
	uint64_t ambient; /* subset of keep */
	bool set;         /* a capabilities section was given */
	struct ir_origin cap_at[64]; /* origin of each kept/ambient cap */
	struct ir_origin at;
};

/* ---- cgroup ----------------------------------------------------------- */

enum ir_cg_key {
	IR_CG_MEMORY_MAX, IR_CG_MEMORY_HIGH, IR_CG_MEMORY_SWAP_MAX,
	IR_CG_PIDS_MAX,
	IR_CG_CPU_MAX,     /* num = quota us, num2 = period us */
	IR_CG_CPU_WEIGHT,  /* 1..10000 */
	IR_CG_CPUSET_CPUS, /* text */
	IR_CG_CPUSET_MEMS, /* text */
	IR_CG_IO_WEIGHT,   /* 1..10000 */
	IR_CG_IO_MAX,      /* text: "MAJ:MIN rbps=N wbps=N riops=N wiops=N" */
	IR_CG_KEY_COUNT
};
#define IR_CG_UNLIMITED UINT64_MAX /* "max" */

struct ir_cg_limit {
	enum ir_cg_key key;
	uint64_t num, num2;
	char *text;
	struct ir_origin at;
};

enum { IR_DEV_ACCESS_R = 1, IR_DEV_ACCESS_W = 2, IR_DEV_ACCESS_M = 4 };
#define IR_DEV_ANY UINT32_MAX /* '*' for major or minor */

struct ir_dev_rule {
	bool allow;
	char type; /* 'c', 'b' or 'a' */
	uint32_t major, minor;
	uint32_t access; /* IR_DEV_ACCESS_* */
	struct ir_origin at;
};

struct ir_cgroup {
	bool set;      /* a cgroup section was given */
	bool optional; /* rootless without delegation: warn and go on */
	char *parent;  /* parent cgroup path relative to the hierarchy root; NULL: "polc" */
	struct ir_cg_limit *limits; /* at most one per key */
	size_t nlimits;
	bool devices_set; /* a devices block: deny by default, then these */
	struct ir_dev_rule *devices;
	size_t ndevices;
	struct ir_origin at;
};

/* ---- LSMs ------------------------------------------------------------- */

struct ir_lsm_label {
	char *name;     /* AppArmor profile or SELinux label; NULL: not asked */
	bool optional;
	bool generate;  /* apparmor: polc generated the profile in `profile` */
	char *profile;  /* generated AppArmor profile text, or NULL */
	uint8_t *compiled;    /* apparmor: `profile` compiled to binary policy */
	size_t compiled_size;
	char *features;       /* apparmor: the feature ABI it was compiled for */
	struct ir_origin at;
};

enum {
	IR_LL_READ = 1u << 0,    /* read files, list dirs */
	IR_LL_WRITE = 1u << 1,   /* write, create, remove, truncate */
	IR_LL_EXECUTE = 1u << 2,
};

struct ir_landlock_path {
	char *path;
	uint32_t access; /* IR_LL_* */
	struct ir_origin at;
};

struct ir_landlock_port {
	bool bind; /* false: connect */
	uint16_t port;
	struct ir_origin at;
};

struct ir_landlock {
	bool set;
	bool optional; /* rights missing from the kernel's ABI: warn, not refuse */
	bool scope_abstract_unix, scope_signal; /* ABI 6 scoping (default on) */
	struct ir_landlock_path *paths;
	size_t npaths;
	struct ir_landlock_port *ports;
	size_t nports;
	struct ir_origin at;
};

struct ir_lsm {
	struct ir_lsm_label apparmor;
	struct ir_lsm_label selinux;
	struct ir_landlock landlock;
};

/* ---- network ---------------------------------------------------------- */

enum ir_net_kind { IR_NET_PUBLISH = 1, IR_NET_LISTEN, IR_NET_CONNECT }; /* = POLB_NET_* */

struct ir_net_rule {
	enum ir_net_kind kind;
	uint8_t proto;      /* 6 tcp, 17 udp */
	bool v6;
	bool any_addr;      /* publish without an address: every host address */
	bool optional;      /* connect: warn instead of refusing where not enforceable */
	uint8_t addr[16];   /* network byte order; IPv4 in the first 4 */
	uint8_t prefix;     /* connect: prefix length */
	uint16_t host_port; /* publish/listen: the host's port */
	uint16_t port;      /* publish: the container's; connect: 0 means any */
	char *name;         /* listen: LISTEN_FDNAMES entry */
	struct ir_origin at;
};

struct ir_network {
	bool set;           /* a network section was given */
	bool dns_host;      /* dns host: the host's resolv.conf, read-only */
	struct ir_origin dns_at;
	struct ir_net_rule *rules; /* in policy order */
	size_t nrules;
	struct ir_origin at;
};

/* ---- syscalls --------------------------------------------------------- */

enum ir_action {
	IR_ACT_KILL_PROCESS, IR_ACT_KILL_THREAD, IR_ACT_TRAP,
	IR_ACT_ERRNO, IR_ACT_LOG, IR_ACT_ALLOW, IR_ACT_NOTIFY_KILL,
};
#define IR_ACT_COUNT (IR_ACT_NOTIFY_KILL + 1) /* not in the enum: switches stay exhaustive */
/* The words of the language come first: a policy may write the actions
 * before IR_ACT_NOTIFY_KILL (the compiler's own, for notify mode). */
#define IR_ACT_WRITABLE IR_ACT_NOTIFY_KILL

enum ir_cmp { IR_CMP_EQ, IR_CMP_NE, IR_CMP_LT, IR_CMP_LE, IR_CMP_GT, IR_CMP_GE, IR_CMP_MASKED_EQ };

/* One comparison: (arg & mask) OP value for MASKED_EQ, else arg OP value. */
struct ir_cmp_term {
	uint8_t arg; /* 0..5 */
	enum ir_cmp op;
	uint64_t mask;
	uint64_t value;
	bool low32; /* compare only the low 32 bits (ioctl request, int args) */
};

/* A condition in disjunctive normal form: OR of ANDs.
 * `in { a b }` becomes one conjunction per element. An empty condition
 * (nconj == 0) means "always". */
struct ir_conj {
	struct ir_cmp_term *terms;
	size_t nterms;
};
struct ir_cond {
	struct ir_conj *conj;
	size_t nconj;
};

struct ir_action_spec {
	enum ir_action action;
	uint16_t errno_value; /* IR_ACT_ERRNO */
};

/* One rule: what happens to a syscall when the condition holds. Several
 * rules can name one syscall (different conditions); the first that
 * matches decides. */
struct ir_rule {
	char *syscall; /* kernel name, e.g. "openat" */
	struct ir_action_spec act;
	struct ir_cond cond;
	struct ir_origin at;
	const char *via_group; /* interned "@name" when it came from a group, else NULL */
};

struct ir_syscalls {
	bool set; /* a syscalls section was given */
	struct ir_action_spec default_action; /* default: kill_process */
	struct ir_origin default_at;
	uint32_t arches; /* bit per enum ir_arch; default: native only */
	struct ir_origin arch_at;
	struct ir_rule *rules;
	size_t nrules;
};

/* ---- the whole policy ------------------------------------------------- */

struct ir_source {
	char *path;      /* as opened */
	uint8_t sha256[32];
};

struct pol_ir {
	char *name; /* `policy NAME` */
	struct ir_origin name_at;
	struct ir_source *sources; /* every file read, in resolution order */
	size_t nsources;
	uint8_t source_digest[32]; /* SHA-256 over the sources, see docs/polb.md */

	struct ir_process process;
	struct ir_namespaces namespaces;
	struct ir_filesystem filesystem;
	struct ir_caps caps;
	struct ir_cgroup cgroup;
	struct ir_lsm lsm;
	struct ir_network network;
	struct ir_syscalls syscalls;

	/* interned strings (origins, group names) freed with the IR */
	char **interned;
	size_t ninterned;
};

void ir_init(struct pol_ir *ir); /* empty policy with the documented defaults */
void ir_free(struct pol_ir *ir);
const char *ir_intern(struct pol_ir *ir, const char *s);

const char *ir_ns_name(enum ir_ns_kind k);        /* "user", "mount", ... */
const char *ir_mount_kind_name(enum ir_mount_kind k);
const char *ir_action_name(enum ir_action a);     /* "allow", "errno", ... */
extern const char *const ir_action_names[IR_ACT_COUNT];
const char *ir_cg_key_name(enum ir_cg_key k);     /* "memory.max", ... */
/* A network rule in the language's spelling (common/polb_net.c prints it,
 * for the blob and the IR alike). Returns buf. */
const char *ir_net_text(const struct ir_net_rule *r, char *buf, size_t size);
/* Free the rules (a later file's network section replaces them). */
void ir_network_clear(struct ir_network *n);
struct polb_net_rule;
/* The blob record of a rule (without its name string). */
void ir_net_record(const struct ir_net_rule *r, struct polb_net_rule *out);

#endif
