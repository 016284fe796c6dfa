/* Internals of the blob reader shared by its files (polb_reader.c: framing
 * and directory; polb_records.c: per-section rules; polb_bpf.c: BPF checks).
 * Nothing outside common/polb_*.c includes this. */
#ifndef POL_COMMON_POLB_READER_INT_H
#define POL_COMMON_POLB_READER_INT_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "polb.h"
#include "polb_reader.h"

uint32_t polb_crc32c_update(uint32_t crc, const void *buf, size_t size);
/* The same by table, whatever the CPU (what polb_crc32c_update falls back
 * to without SSE4.2); for the tests. */
uint32_t polb_crc32c_table_update(uint32_t crc, const void *buf, size_t size);

/* State of one polb_read() call. `what` and `entry` name the place that an
 * error message starts with ("section mounts: entry 3: "). */
struct polb_rd {
	const uint8_t *buf;
	size_t size;
	struct polb_view *v;
	struct err *e;
	const char *what;  /* section name, or NULL for header/directory */
	long entry;        /* record index, or -1 */
	const struct polb_section_entry *sec; /* directory entry being checked */
};

/* Fill rd->e with "section S: entry N: <fmt>" and return -1. */
int polb_bad(struct polb_rd *rd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* String rules for polb_check_str. */
enum {
	POLB_S_REQUIRED = 1u << 0, /* non-empty */
	POLB_S_ABS_PATH = 1u << 1, /* absolute, normalised: no //, /./, /../, trailing / */
	POLB_S_REL_PATH = 1u << 2, /* relative, normalised, no .. component */
	POLB_S_ABSENT = 1u << 3,   /* must be (0, 0) */
	POLB_S_PRINTABLE = 1u << 4, /* printable ASCII, no newline: goes into files */
	POLB_S_WORD = 1u << 5,     /* [A-Za-z0-9_.-]: names */
	POLB_S_LONG = 1u << 6,     /* up to POLB_MAX_TEXT instead of POLB_MAX_STRING */
	POLB_S_PATH_LIST = 1u << 7, /* colon-separated absolute paths */
};
int polb_check_str(struct polb_rd *rd, struct polb_str s, const char *field,
		   unsigned rules);

/* Per-section record rules (polb_records.c). Each is called once the
 * section's framing (bounds, record size, count) was checked, with
 * rd->what/rd->sec set; it fills its part of rd->v. */
int polb_rec_meta(struct polb_rd *rd, const void *body, size_t n);
int polb_rec_process(struct polb_rd *rd, const void *body, size_t n);
int polb_rec_groups(struct polb_rd *rd, const void *body, size_t n);
int polb_rec_env(struct polb_rd *rd, const void *body, size_t n);
int polb_rec_rlimits(struct polb_rd *rd, const void *body, size_t n);
int polb_rec_ns(struct polb_rd *rd, const void *body, size_t n);
int polb_rec_idmaps(struct polb_rd *rd, const void *body, size_t n);
int polb_rec_mounts(struct polb_rd *rd, const void *body, size_t n);
int polb_rec_caps(struct polb_rd *rd, const void *body, size_t n);
int polb_rec_cgroup(struct polb_rd *rd, const void *body, size_t n);
int polb_rec_cg_limits(struct polb_rd *rd, const void *body, size_t n);
int polb_rec_cg_devices(struct polb_rd *rd, const void *body, size_t n);
int polb_rec_lsm(struct polb_rd *rd, const void *body, size_t n);
int polb_rec_landlock(struct polb_rd *rd, const void *body, size_t n);
int polb_rec_ll_paths(struct polb_rd *rd, const void *body, size_t n);
int polb_rec_ll_ports(struct polb_rd *rd, const void *body, size_t n);
int polb_rec_network(struct polb_rd *rd, const void *body, size_t n); /* polb_net.c */
int polb_rec_user_name(struct polb_rd *rd, const void *body, size_t n);
int polb_rec_tmpfs_owner(struct polb_rd *rd, const void *body, size_t n);
int polb_rec_syscall_names(struct polb_rd *rd, const void *body, size_t n);
int polb_rec_syscall_origins(struct polb_rd *rd, const void *body, size_t n);
int polb_rec_syscall_args(struct polb_rd *rd, const void *body, size_t n);
int polb_rec_seccomp(struct polb_rd *rd, const void *body, size_t size);
int polb_rec_apparmor(struct polb_rd *rd, const void *body, size_t size);

/* Rules that join sections, after all of them were read. */
int polb_cross_check(struct polb_rd *rd);


#endif
