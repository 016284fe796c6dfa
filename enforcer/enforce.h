/* What the enforcer's own files share: the run context and the step
 * functions that enforcer/run.c calls in order. Each step lives in the file
 * named after its concern; every one returns 0, or -1 with *e filled
 * (common/err.h), and has a *_plan() twin that prints what it would do for
 * --dry-run without touching anything.
 *
 * The cgroup, LSM/Landlock and seccomp steps have their own headers
 * (cgroup.h, lsm.h, seccomp.h). */
#ifndef POL_ENFORCER_ENFORCE_H
#define POL_ENFORCER_ENFORCE_H

#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <termios.h>

#include "cgroup.h"
#include "err.h"
#include "names.h"
#include "polb_reader.h"

/* Namespace bookkeeping, filled by ns_prepare() in the parent. */
struct ns_state {
	uint64_t clone_flags;      /* CLONE_NEW* created at clone */
	int join_fd[POLB_NS_COUNT]; /* open fd of a namespace to join, or -1 */
	bool user_added;            /* rootless: a user ns the policy did not ask for */
	int self_fd[POLB_NS_COUNT]; /* the supervisor's own, to return to after joining */
	int cwd_fd;                 /* the supervisor's cwd, saved before joining a mount ns */
};

/* fds 0-2 as the command gets them (stdio.c), relayed by supervise. */
enum stdio_kind { STDIO_PASS, STDIO_FILE, STDIO_TTY };
struct stdio_state {
	uint8_t kind[3];   /* enum stdio_kind of the caller's fd */
	dev_t dev[3];      /* from the fstat: 1 and 2 on one file share a pipe */
	ino_t ino[3];
	int inner[3];      /* what the child puts on fd N, or -1: the caller's own */
	int outer[3];      /* the supervisor's end of fd N's relay pipe, or -1 */
	int master, slave; /* the container's pty, or -1 */
	int tty;           /* the caller's terminal fd the pty's output goes to */
	bool raw;          /* the caller's terminal is in raw mode (saved below) */
	struct termios saved;
};

/* The network section's run-time state (network.c). */
struct net_state {
	int listen_fd[POLB_MAX_LISTEN]; /* bound in the parent, fds 3.. in the command */
	const char *listen_name[POLB_MAX_LISTEN]; /* LISTEN_FDNAMES, in fd order */
	size_t nlisten;
	size_t ninherited;      /* the first ones: the caller's (`listen_fds pass`) */
	char *inherited_names;  /* the caller's LISTEN_FDNAMES, split in place */
	char pasta_path[4096];
	pid_t pasta_pid;   /* -1: not running */
	pid_t supervisor;  /* pasta's parent, checked after its death signal is set */
	int pasta_err;     /* read end of pasta's stderr, or -1 */
	int userns_fd;     /* while pasta starts */
	bool egress_bpf;   /* the connect rules' BPF programs are attached */
};

/* notify.c: `notify relay` (sd_notify(3) through the supervisor) */
#define NOTIFY_MAX 4096 /* systemd's own bound on a datagram */
struct notify_state {
	int out; /* connected to the caller's NOTIFY_SOCKET, or -1: no relay */
	int in;  /* parent: the container's socket, taken over the channel, or -1 */
	/* What the manager has not taken yet (its queue was full): the last
	 * line of each key, in the order they last came (notify_merge). Every
	 * key at most once, so it is bounded by the allowed keys' sizes. */
	char pending[3 * NOTIFY_MAX];
	size_t pending_len;
};

struct enforce_ctx {
	/* from the command line */
	const char *blob_path;
	char *const *argv;  /* the command and its arguments */
	int verbose;
	bool dry_run;
	const char *learn_path; /* --learn TRACE, or NULL */
	const void *blob_file;  /* the blob file's bytes, for the trace's digest */
	size_t blob_file_size;

	/* the validated blob */
	const struct polb_view *v;

	/* facts about the caller */
	bool rootless;      /* not root in the initial user namespace */
	uid_t caller_uid;
	gid_t caller_gid;

	struct ns_state ns;
	struct stdio_state io;
	struct net_state net;
	struct notify_state notify;
	struct cgroup_handle cg; /* cgroup.h; inactive without a cgroup section */
	struct learn *learn;     /* learn.h: the trace of a learning run, or NULL */
	char **envp;        /* the command's environment, built by env_build() */
	int chan_fd;        /* this side's end of the channel, or -1 */
	int *idmap_tree;    /* mounts_idmap.c: per mount, an idmapped bind's detached
			     * tree, -1, or IDMAP_SKIPPED; NULL without idmap binds */
	pid_t pid;          /* the child (container pid 1), parent side */
	int pidfd;
	unsigned orphans;   /* init on: processes the command left (orphans.c) */
	struct {            /* lifeline.c; set up by enforce_run */
		int sup_pidfd;  /* the supervisor's own pidfd, for the child's check */
		int fd;         /* write end of the lifeline's pipe, or -1 */
		pid_t pid;      /* the lifeline process, or 0 */
	} life;
};

/* ---- log.c: -v and --dry-run output ----------------------------------- */
extern int enforce_verbose;
/* "enforce: step: ..." on stderr when -v was given. */
void vlog(const char *step, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* --timings (and -v): "enforce: time: STEP N us" on stderr, N the
 * microseconds since the previous mark; returns r, so a step's call can be
 * wrapped where it is made. step_clock_start() sets the first mark. */
extern bool enforce_timings;
void step_clock_start(void);
int step_timed(const char *step, int r);
/* A warning that is always printed: "enforce: warning: ...". */
void warnx_line(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A line of the supervisor's own: "enforce: ...". */
void enforce_line(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* What all four print through: head as it is, then fmt escaped
 * (common/err.h), then a newline. */
void enforce_vline(FILE *out, const char *head, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));
/* One --dry-run line: "  step: what". */
void plan_line(FILE *out, const char *step, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The names polc prints too (common/names.c). */
#define ns_kind_name(kind) polb_ns_name(kind)
#define mount_kind_name(kind) polb_mount_kind_name(kind)

/* ---- namespaces.c ----------------------------------------------------- */
void ns_state_init(struct ns_state *ns);               /* no fds held */
int ns_prepare(struct enforce_ctx *c, struct err *e);  /* parent: flags, open join paths */
int ns_join_before_clone(struct enforce_ctx *c, struct err *e); /* parent: setns joined ones */
int ns_restore_after_clone(struct enforce_ctx *c, struct err *e);
int ns_join_user(struct enforce_ctx *c, struct err *e); /* child: a joined user ns */
int ns_become_root(const struct enforce_ctx *c, struct err *e); /* child: root of a new user ns */
uint64_t ns_clone3_flags(const struct enforce_ctx *c);
int ns_unshare_cgroup(const struct enforce_ctx *c, struct err *e); /* child, after GO */
void ns_close(struct ns_state *ns);
bool ns_wants(const struct polb_view *v, uint32_t kind, uint32_t mode);
int net_loopback_up(struct err *e);                     /* child, new net ns */
void ns_plan(const struct enforce_ctx *c, FILE *out);

/* ---- idmap.c ---------------------------------------------------------- */
int idmap_write(const struct enforce_ctx *c, pid_t pid, struct err *e); /* parent */
void idmap_plan(const struct enforce_ctx *c, FILE *out);
/* The outside id that `inside` maps to in the map idmap_write writes, or -1. */
int idmap_outside_of(const struct enforce_ctx *c, uint32_t which, uint32_t inside,
		     uint32_t *outside);

/* ---- mounts_idmap.c: idmapped binds, made by the parent --------------- */
enum { IDMAP_SKIPPED = -2 }; /* optional, and could not be made: left out */
int idmap_binds_prepare(struct enforce_ctx *c, struct err *e); /* parent, before clone */
int idmap_bind_tree(const struct enforce_ctx *c, const struct polb_mount *m);
void idmap_binds_close(struct enforce_ctx *c);
void idmap_binds_plan(const struct enforce_ctx *c, FILE *out);

/* ---- mounts.c (+ mounts_dev.c, resolve.c) ----------------------------- */
/* parent: root and bind sources open, missing mount points allowed; makes nothing */
int mounts_prepare(const struct enforce_ctx *c, struct err *e);
int mounts_plan_check(const struct enforce_ctx *c, FILE *out, struct err *e); /* same, --dry-run */
/* --dry-run: an O_PATH fd of the host file a path inside the container
 * would be; -1 (errno) when nothing is there; -2 when enforce cannot tell */
int mounts_plan_lookup(const struct polb_view *v, const char *inside);
int mounts_apply(const struct enforce_ctx *c, struct err *e); /* child: all, then pivot_root */
void mounts_plan(const struct enforce_ctx *c, FILE *out);
/* resolve.c: a path inside the root, never leaving it (openat2 RESOLVE_IN_ROOT) */
int root_open(int rootfd, const char *path, int flags, struct err *e, const char *step);
int root_make_mountpoint(int rootfd, const char *path, bool is_file, struct err *e);
int root_open_parent(int rootfd, const char *path, const char **leaf, bool create,
		     struct err *e);
/* mounts_source.c: a host source (bind, root) opened without symlinks
 * (unless follow) and never through a magic link; O_PATH fd, or -1 with e */
int src_open(const char *src, bool follow, struct stat *st, struct err *e, const char *what);
/* mounts_dev.c: the minimal /dev */
enum { DEV_NODE_COUNT = 6 }; /* null zero full random urandom tty */
int dev_clone_nodes(int trees[DEV_NODE_COUNT], struct err *e);
void dev_close_nodes(int trees[DEV_NODE_COUNT]);
int dev_populate(int rootfd, const char *target, const int trees[DEV_NODE_COUNT], bool policy_shm,
		 struct err *e);
/* mounts_attach.c: new mount API helpers */
/* create: a missing mount point may be made (only where the policy lets
 * the container write: mounts.c may_create) */
int mnt_attach(int mntfd, int rootfd, const char *target, bool is_file, bool create,
	       struct err *e, const char *what);
int mnt_verify(int rootfd, const char *target, unsigned long want, struct err *e);
/* mounts.c: a bind's MOUNT_ATTR_* (read-only unless rw) */
unsigned int mnt_bind_attrs(uint32_t flags);
int mnt_fs(const char *fstype, const char *const *opts, unsigned int attrs, struct err *e);
int mnt_clone_tree(int dfd, const char *path, bool recursive, unsigned int attrs,
		   struct err *e, const char *what);

/* ---- process.c -------------------------------------------------------- */
int env_build(struct enforce_ctx *c, struct err *e);     /* parent, before clone */
int env_set(struct enforce_ctx *c, const char *name, const char *value, struct err *e);
void env_free(struct enforce_ctx *c);
int hostname_apply(const struct polb_view *v, struct err *e);
int rlimits_apply(const struct polb_view *v, struct err *e);
void umask_apply(const struct polb_view *v);
int cwd_apply(const struct polb_view *v, struct err *e);
void process_plan(const struct enforce_ctx *c, FILE *out);

/* ---- creds.c, caps.c -------------------------------------------------- */
int creds_apply(const struct enforce_ctx *c, struct err *e);    /* groups, gid, uid */
/* `user NAME [GROUP]`: the ids from the container's /etc/passwd, /etc/group. */
int userdb_resolve(const struct polb_view *v, uint32_t *uid, uint32_t *gid, struct err *e);
int caps_drop_bounding(const struct polb_view *v, struct err *e);
int caps_apply(const struct polb_view *v, struct err *e);        /* I/P/E, ambient */
int no_new_privs_apply(const struct polb_view *v, struct err *e);
void creds_plan(const struct enforce_ctx *c, FILE *out);
void caps_plan(const struct polb_view *v, FILE *out);
void nnp_plan(const struct polb_view *v, FILE *out);

/* ---- fds.c ------------------------------------------------------------ */
int fds_close_above(int keep, struct err *e); /* close every fd > 2 except keep */
int session_new(struct err *e);

/* ---- stdio.c, relay.c: fds 0-2 ------------------------------------- */
void stdio_state_init(struct stdio_state *io);          /* nothing held */
int stdio_check(struct enforce_ctx *c, struct err *e);   /* parent: refuse, classify */
int stdio_prepare(struct enforce_ctx *c, struct err *e); /* parent: pipes, pty, raw mode */
int stdio_child_apply(const struct enforce_ctx *c, struct err *e); /* child: onto 0-2 */
int stdio_child_ctty(const struct enforce_ctx *c, struct err *e);  /* child, after setsid */
void stdio_after_clone(struct enforce_ctx *c);           /* parent: drop the child's ends */
void stdio_close(struct enforce_ctx *c);                 /* parent: all closed, termios back */
void stdio_plan(const struct enforce_ctx *c, FILE *out);
/* relay.c: the supervisor's side, one poll loop with the signals */
struct relay_set;
struct relay_set *relay_start(struct enforce_ctx *c);    /* NULL: nothing to relay */
size_t relay_pollfds(struct relay_set *s, struct pollfd *pfd, size_t room);
void relay_handle(struct relay_set *s, const struct pollfd *pfd, size_t n);
void relay_winch(const struct enforce_ctx *c);           /* caller's size onto the pty */
void relay_finish(struct relay_set *s);                  /* drain what is left, free */

/* ---- exec.c ----------------------------------------------------------- */
/* Find argv[0] on the container's PATH (inside the new root). 127/126 errors. */
int exec_resolve(const struct enforce_ctx *c, char *out, size_t size, struct err *e);
/* --dry-run: the same lookup through the policy's mounts, from the host */
int exec_plan_resolve(const struct enforce_ctx *c, char *out, size_t size, struct err *e);
/* execve; on failure returns -1 with e (126/127). */
int exec_command(const struct enforce_ctx *c, const char *path, struct err *e);

/* ---- channel.c -------------------------------------------------------- */
int chan_pair(int fds[2], struct err *e);
int chan_send(int fd, uint32_t type, const void *body, size_t len);
int chan_send_err(int fd, const struct err *e);
/* Wait for one message of type `want`; -1 with e on EOF or another type. */
int chan_wait(int fd, uint32_t want, struct err *e);
/* The same for a message carrying a uint32_t, stored in *value. */
int chan_wait_value(int fd, uint32_t want, uint32_t *value, struct err *e);

/* ---- init.c, init_confine.c ------------------------------------------- */
/* Container pid 1: send a pidfd of `cmd` on `chan` (CHAN_COMMAND_FD),
 * confine itself, write one byte on `ready` (then close it
 * and `chan`), forward signals to `cmd`, reap everything, exit with cmd's
 * status; if cmd left processes, first send that status on `report`
 * (CHAN_INIT_REPORT; -1: none) and wait to be killed (orphans.c). */
void init_reap(pid_t cmd, int ready, int chan, int report) __attribute__((noreturn));
/* no_new_privs and a filter allowing only what reaping needs. */
int init_confine(struct err *e);

/* ---- orphans.c: what a command that ends leaves running ---------------- */
/* Child, init on, before the fork: a report socket for pid 1; its peer
 * goes to the supervisor over the channel (CHAN_INIT_REPORT_FD). */
int orphans_report_socket(int chan, int *mine, struct err *e);
/* Supervisor: read one packet of the report socket. 1: pid 1's report
 * (the kernel names the sender), *code the status it would exit with;
 * 0: anything else, ignored; -1: EOF (pid 1 is gone). */
int orphans_take_report(int fd, pid_t init, uint32_t *code);
/* Supervisor, on pid 1's report: count the processes under it (a
 * snapshot), kill them and pid 1; the count goes to c->orphans. */
void orphans_end(struct enforce_ctx *c);
/* After the command ended, stdio back as it was: the one line, when
 * anything was left (init on: c->orphans; init off: what is still in the
 * container's cgroup, killed with it right after). */
void orphans_report(const struct enforce_ctx *c);

/* ---- lifeline.c: the container never outlives the supervisor ---------- */
int lifeline_self(struct enforce_ctx *c, struct err *e);  /* parent, before clone */
int lifeline_bind(struct enforce_ctx *c, struct err *e);  /* child, after the credentials */
int lifeline_start(struct enforce_ctx *c, struct err *e); /* parent, after clone */
void lifeline_done(struct enforce_ctx *c);                /* parent, at the end */
void lifeline_plan(const struct enforce_ctx *c, FILE *out);

/* ---- supervise.c ------------------------------------------------------ */
/* Parent after the child was let go: forward signals, serve the channel,
 * reap. Returns the exit status enforce must exit with; prints errors. */
int supervise(struct enforce_ctx *c);
void supervise_block_signals(void);
void supervise_restore_signals(void);

/* ---- network.c, pasta.c, sockact.c, net_egress.c ----------------------- */
void net_state_init(struct net_state *n);
int net_prepare(struct enforce_ctx *c, struct err *e);        /* parent, first */
int net_egress_attach(struct enforce_ctx *c, struct err *e);  /* parent, after the cgroup */
int pasta_start(struct enforce_ctx *c, struct err *e);        /* parent, after the clone */
int net_child_setup(const struct enforce_ctx *c, struct err *e); /* child, new net ns */
int net_egress_landlock(const struct enforce_ctx *c, struct err *e); /* child, after LSMs */
int net_last_fds(struct enforce_ctx *c, struct err *e);       /* child: fds 3.. or none */
int sockact_env(struct enforce_ctx *c, struct err *e);        /* child, before exec */
void net_cleanup(struct enforce_ctx *c);                      /* parent, every way out */
void net_plan(const struct enforce_ctx *c, FILE *out);
bool net_publishes(const struct polb_view *v);
bool net_has_connect(const struct polb_view *v, bool *all_optional);
/* hostsock.c: a socket the caller hands in, and what it could reach */
bool net_narrower_than_host(const struct polb_view *v); /* own netns or connect rules */
enum hostsock_kind {
	HOSTSOCK_FIXED,    /* unix stream/seqpacket, connected or listening */
	HOSTSOCK_STREAM,   /* another connected stream (TCP): connect(AF_UNSPEC) frees it */
	HOSTSOCK_LISTENER, /* a listening stream socket: `listen tcp` */
	HOSTSOCK_DGRAM,    /* an IP datagram socket: `listen udp` */
	HOSTSOCK_OPEN,     /* unconnected, unix datagram, netlink, packet, raw */
};
struct hostsock {
	enum hostsock_kind kind;
	char what[48]; /* "a connected IPv4 stream socket" */
};
int hostsock_classify(int fd, struct hostsock *hs); /* -1 and errno: not a socket */
int pasta_prepare(struct enforce_ctx *c, struct err *e);
void pasta_stop(struct enforce_ctx *c);
void pasta_plan(const struct enforce_ctx *c, FILE *out);
int sockact_open(struct enforce_ctx *c, struct err *e);
int sockact_inherit(struct enforce_ctx *c, struct err *e); /* parent, before sockact_open */
int sockact_place(struct enforce_ctx *c, struct err *e);
void sockact_close(struct enforce_ctx *c);
/* bpf_prog.c: load an eBPF program and attach it to a cgroup */
struct bpf_insn;
int bpf_cgroup_attach(int cgroup_fd, int prog_type, int attach_type, const struct bpf_insn *insns,
		      size_t n, const char *step, const char *what, struct err *e);

/* ---- notify.c --------------------------------------------------------- */
/* Parent, after ns_prepare and env_build: the caller's NOTIFY_SOCKET
 * connected, NOTIFY_SOCKET=@... in the command's environment. */
int notify_prepare(struct enforce_ctx *c, struct err *e);
/* Child, in its network namespace, after Landlock: the container's socket
 * bound and sent to the parent over the channel. */
int notify_child_bind(const struct enforce_ctx *c, struct err *e);
/* Parent, supervise loop: one readable container socket, relayed. */
void notify_relay(struct enforce_ctx *c);
/* Parent: what the manager did not take yet, sent while it takes it;
 * notify_flush_wait at the end, waiting at most NOTIFY_LAST_WAIT_MS. */
void notify_flush(struct enforce_ctx *c);
void notify_flush_wait(struct enforce_ctx *c);
void notify_close(struct enforce_ctx *c);
void notify_plan(const struct enforce_ctx *c, FILE *out);
/* The lines of one datagram the relay passes on (READY=1, STATUS=...),
 * in order, '\n'-separated into out; returns their length (0: none). */
size_t notify_filter(const char *msg, size_t len, char *out, size_t size);
/* The filtered lines merged into the pending ones: a key already there is
 * removed and the new line appended, so the last state of each key is
 * kept, in the order they last came. Returns the new length. */
size_t notify_merge(char *pending, size_t len, size_t size, const char *lines, size_t n);

/* ---- run.c ------------------------------------------------------------ */
int enforce_run(struct enforce_ctx *c);  /* returns the exit status */
int enforce_plan(struct enforce_ctx *c); /* --dry-run */

#endif
