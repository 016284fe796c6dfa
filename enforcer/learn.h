/* Learning runs (enforce --learn TRACE): the container is built exactly as
 * the blob says, but its seccomp program is replaced by a recording one
 * (learn_prog.c) whose every report the supervisor records (learn_rec.c)
 * and answers with CONTINUE; the records are aggregated and written as
 * the trace of docs/learn-trace.md (learn_trace.c). sysname.c names the
 * calls. Owned by enforcer/learn*.c; called by run.c, seccomp*.c and
 * supervise.c.
 *
 * Everything the tracee hands over (pointers, paths, socket addresses,
 * numbers) is hostile: reads are bounded, failures are counted in the
 * trace's `lost`, the table is bounded, and every value is escaped. */
#ifndef POL_ENFORCER_LEARN_H
#define POL_ENFORCER_LEARN_H

#include <linux/seccomp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "arch.h"
#include "err.h"
#include "polb_reader.h"

/* ---- sysname.c: the syscall table of the entries this host runs ------- */
size_t sysname_arches(int *out, size_t room); /* enum ir_arch values */
const char *sysname_of(int arch, uint32_t nr); /* NULL: unknown */
int sysname_nr(int arch, const char *name);    /* -1: none (x32: with its bit) */
/* The entry (enum ir_arch) a call with this AUDIT_ARCH and nr came in by; -1 */
int sysname_arch_of(uint32_t audit, uint32_t nr);

/* ---- learn_prog.c: the recording program (child) and the blob's verdict */
/* The blob's program for this host; NULL when the blob has no seccomp
 * section (every call allowed). *missing: the blob has programs, but none
 * for this host. */
const struct polb_view_seccomp *learn_blob_prog(const struct polb_view *v, bool *missing);
/* The learning program: a prefix that reports the calls the recorder needs
 * on every entry, then the blob's program with every return that does
 * not allow turned into SECCOMP_RET_USER_NOTIF. *prog is malloc'd. */
int learn_program(const struct polb_view *v, struct polb_bpf_insn **prog, size_t *n,
		  struct err *e);
/* The blob's verdict on one call, as the trace spells it: "allow",
 * "errno:N", "kill", "trap", "log", "notify" (a notify blob's notification
 * is a kill: "kill"). */
void learn_verdict(const struct polb_view *v, const struct seccomp_data *d, char *out,
		   size_t size);
/* The names of the entries the blob's program admits: "x86_64,i386". */
void learn_admitted(const struct polb_view *v, char *out, size_t size);
/* The trace's name of an entry: the language's, but i386 for x86's int 0x80. */
const char *learn_arch_name(int arch);

/* ---- learn_trace.c: the aggregated records and the file ---------------- */
struct learn;
/* One record being built: kind, then key=value fields, escaped. */
struct learn_rec {
	char buf[8192];
	size_t len;
	bool too_long; /* the line would not fit: counted as lost, never cut */
};
void rec_start(struct learn_rec *r, const char *kind);
void rec_str(struct learn_rec *r, const char *key, const char *value);
void rec_bytes(struct learn_rec *r, const char *key, const void *value, size_t len);
void rec_num(struct learn_rec *r, const char *key, uint64_t value);
void rec_hex(struct learn_rec *r, const char *key, uint64_t value);
/* The trace escape (docs/learn-trace.md) of len bytes into out; the
 * length written, or (size_t)-1 when out is too small. */
size_t trace_escape(char *out, size_t size, const void *in, size_t len);

/* Host side, before anything runs: creates path (O_EXCL, O_NOFOLLOW: never
 * a file that exists, never through a symlink) and writes the header and
 * the run record, so a run that never ends leaves a trace polc refuses. */
struct learn_run {
	const char *blob_path;
	const void *blob_file; /* the whole file, for its digest */
	size_t blob_file_size;
	const char *cmd;       /* argv[0] */
	bool rootless;
};
struct learn *learn_open(const char *path, const struct learn_run *run,
			 const struct polb_view *v, struct err *e);
/* One event: the record's key and the executable that made it. */
void learn_add(struct learn *l, const struct learn_rec *r, const char *exe);
void learn_lost(struct learn *l, uint64_t n);
/* Rewrites the file: header, run, the records in the order first seen,
 * end with the command's wait status (or the status enforce exits with,
 * when the command never ran: failed). */
int learn_finish(struct learn *l, int wstatus, bool failed, int exit_status);
void learn_close(struct learn *l);
/* Before the command ran: remove the trace learn_open made, if the name
 * still is that file (compared by the fd: never another file). */
void learn_discard(struct learn *l, const char *path);

/* ---- learn_rec.c: one notification's records (supervisor) ---------- */
void learn_record(struct learn *l, const struct polb_view *v, int listener,
		  const struct seccomp_notif *n);
/* The calls the recorder must see whatever the blob says (the names its
 * handlers know, on every entry that has them). */
const char *learn_watched(size_t i); /* NULL past the last */

/* ---- learn_mem.c: the tracee's memory and /proc, bounded -------------- */
/* A NUL-terminated string at addr, at most size-1 bytes: its length, or
 * -1 (unreadable, or longer than size-1). */
ssize_t tracee_string(pid_t pid, uint64_t addr, char *out, size_t size);
/* len bytes at addr: 0 or -1. */
int tracee_read(pid_t pid, uint64_t addr, void *out, size_t len);
/* path made absolute against pid's cwd (dirfd AT_FDCWD) or its dirfd,
 * "." components and repeated slashes dropped, ".." kept: 0, or -1 when
 * the base cannot be named (no such fd, not a directory, too long). */
int tracee_abspath(pid_t pid, int dirfd, const char *path, char *out, size_t size);
/* /proc/pid/exe, or "-" */
void tracee_exe(pid_t pid, char *out, size_t size);
/* The ids from /proc/pid/status (as this process sees them). */
struct tracee_ids {
	uint32_t uid[4], gid[4]; /* real, effective, saved, fs */
	uint32_t groups[64];
	size_t ngroups;
};
int tracee_ids(pid_t pid, struct tracee_ids *ids);
/* An id the tracee passes (its user namespace's) as this process sees
 * it, through /proc/pid/{uid,gid}_map; -1 when unmapped. */
int64_t tracee_map_id(pid_t pid, bool gid, uint32_t inside);
/* The socket type (SOCK_STREAM, ...) of the tracee's fd, or -1. */
int tracee_socket_type(pid_t pid, int fd);
/* stat of the tracee's absolute path, resolved inside its root. */
int tracee_stat(pid_t pid, const char *abspath, struct stat *st);
/* The process, as this process numbers it, that pid names in the
 * tracee's pid namespace; -1 unknown. */
pid_t tracee_host_pid(pid_t tracee, int32_t pid);

#endif
