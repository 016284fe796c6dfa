/* The one validating reader of .polb blobs: framing (header, directory,
 * section bounds and layout, string table) and dispatch to the per-section
 * rules in polb_records.c. Everything here treats the buffer as hostile:
 * no field is used before it is checked, and all arithmetic on sizes is
 * done in 64 bits after range checks so it cannot wrap. docs/polb.md lists
 * every rule. Links with libc only. */
#include "polb_reader.h"
#include "polb_sig.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "polb_reader_int.h"

/* The reader uses records in place: the C layout must be the documented
 * one (docs/polb.md), and the host little-endian like the format. */
_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "the blob is little-endian");
_Static_assert(sizeof(struct polb_header) == 128, "header is 128 bytes");
_Static_assert(sizeof(struct polb_section_entry) == 32, "directory entry is 32 bytes");
_Static_assert(offsetof(struct polb_header, crc32c) == 24, "crc32c at offset 24");
_Static_assert(sizeof(struct polb_meta) == 24 && sizeof(struct polb_process) == 32 &&
	       sizeof(struct polb_env) == 24 && sizeof(struct polb_rlimit) == 24 &&
	       sizeof(struct polb_ns) == 16 && sizeof(struct polb_idmap) == 16 &&
	       sizeof(struct polb_mount) == 64 && sizeof(struct polb_caps) == 16 &&
	       sizeof(struct polb_cgroup) == 16 && sizeof(struct polb_cg_limit) == 32 &&
	       sizeof(struct polb_dev_rule) == 24 && sizeof(struct polb_lsm) == 24 &&
	       sizeof(struct polb_landlock) == 8 && sizeof(struct polb_ll_path) == 16 &&
	       sizeof(struct polb_ll_port) == 8 && sizeof(struct polb_seccomp) == 16 &&
	       sizeof(struct polb_bpf_insn) == 8 && sizeof(struct polb_syscall_name) == 16 &&
	       sizeof(struct polb_apparmor) == 24,
	       "record sizes as docs/polb.md gives them");

typedef int (*polb_rec_fn)(struct polb_rd *rd, const void *body, size_t n);

/* What this reader knows of each section type. */
struct polb_sec_info {
	uint32_t type;
	const char *name;
	bool critical;     /* the flag the writer must set */
	uint32_t rec_size; /* 0: raw */
	bool single;       /* exactly one record */
	polb_rec_fn check;
};

#define REC(t, n, crit, st, one, fn) { t, n, crit, sizeof(st), one, fn }
static const struct polb_sec_info sec_info[] = {
	{ POLB_SEC_STRTAB, "strtab", true, 0, false, NULL },
	REC(POLB_SEC_META, "meta", false, struct polb_meta, true, polb_rec_meta),
	REC(POLB_SEC_PROCESS, "process", true, struct polb_process, true, polb_rec_process),
	REC(POLB_SEC_GROUPS, "groups", true, uint32_t, false, polb_rec_groups),
	REC(POLB_SEC_ENV, "env", true, struct polb_env, false, polb_rec_env),
	REC(POLB_SEC_RLIMITS, "rlimits", true, struct polb_rlimit, false, polb_rec_rlimits),
	REC(POLB_SEC_NAMESPACES, "namespaces", true, struct polb_ns, false, polb_rec_ns),
	REC(POLB_SEC_IDMAPS, "idmaps", true, struct polb_idmap, false, polb_rec_idmaps),
	REC(POLB_SEC_MOUNTS, "mounts", true, struct polb_mount, false, polb_rec_mounts),
	REC(POLB_SEC_CAPS, "caps", true, struct polb_caps, true, polb_rec_caps),
	REC(POLB_SEC_CGROUP, "cgroup", true, struct polb_cgroup, true, polb_rec_cgroup),
	REC(POLB_SEC_CG_LIMITS, "cg_limits", true, struct polb_cg_limit, false, polb_rec_cg_limits),
	REC(POLB_SEC_CG_DEVICES, "cg_devices", true, struct polb_dev_rule, false, polb_rec_cg_devices),
	REC(POLB_SEC_LSM, "lsm", true, struct polb_lsm, false, polb_rec_lsm),
	REC(POLB_SEC_LANDLOCK, "landlock", true, struct polb_landlock, true, polb_rec_landlock),
	REC(POLB_SEC_LL_PATHS, "ll_paths", true, struct polb_ll_path, false, polb_rec_ll_paths),
	REC(POLB_SEC_LL_PORTS, "ll_ports", true, struct polb_ll_port, false, polb_rec_ll_ports),
	REC(POLB_SEC_NETWORK, "network", true, struct polb_net_rule, false, polb_rec_network),
	REC(POLB_SEC_USER_NAME, "user_name", true, struct polb_user_name, true, polb_rec_user_name),
	REC(POLB_SEC_TMPFS_OWNER, "tmpfs_owner", true, struct polb_tmpfs_owner, false,
	    polb_rec_tmpfs_owner),
	{ POLB_SEC_SECCOMP, "seccomp", true, 0, false, polb_rec_seccomp },
	REC(POLB_SEC_SYSCALL_NAMES, "syscall_names", false, struct polb_syscall_name, false,
	    polb_rec_syscall_names),
	{ POLB_SEC_APPARMOR, "apparmor", true, 0, false, polb_rec_apparmor },
	REC(POLB_SEC_SYSCALL_ORIGINS, "syscall_origins", false, struct polb_syscall_name, false,
	    polb_rec_syscall_origins),
	REC(POLB_SEC_SYSCALL_ARGS, "syscall_args", false, struct polb_syscall_name, false,
	    polb_rec_syscall_args),
};
#undef REC

static const struct polb_sec_info *sec_lookup(uint32_t type)
{
	for (size_t i = 0; i < sizeof(sec_info) / sizeof(sec_info[0]); i++)
		if (sec_info[i].type == type)
			return &sec_info[i];
	return NULL;
}

const char *polb_section_name(uint32_t type)
{
	const struct polb_sec_info *si = sec_lookup(type);
	return si ? si->name : "unknown";
}

int polb_bad(struct polb_rd *rd, const char *fmt, ...)
{
	char msg[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (rd->what && rd->entry >= 0)
		return err_set(rd->e, 0, "blob", "section %s: entry %ld: %s",
			       rd->what, rd->entry, msg);
	if (rd->what)
		return err_set(rd->e, 0, "blob", "section %s: %s", rd->what, msg);
	return err_set(rd->e, 0, "blob", "%s", msg);
}

/* ---- strings ----------------------------------------------------------- */

static bool path_normalised(const char *p, size_t len, bool absolute)
{
	if (absolute ? (len == 0 || p[0] != '/') : (len == 0 || p[0] == '/'))
		return false;
	if (absolute && len == 1)
		return true; /* "/" */
	if (p[len - 1] == '/')
		return false;
	/* every component between slashes: non-empty, not "." or ".." */
	size_t i = absolute ? 1 : 0;
	while (i <= len) {
		size_t j = i;
		while (j < len && p[j] != '/')
			j++;
		size_t clen = j - i;
		if (clen == 0 || (clen == 1 && p[i] == '.') ||
		    (clen == 2 && p[i] == '.' && p[i + 1] == '.'))
			return false;
		i = j + 1;
	}
	return true;
}

static bool path_list_ok(const char *p, size_t len)
{
	size_t i = 0;
	while (i <= len) {
		size_t j = i;
		while (j < len && p[j] != ':')
			j++;
		if (!path_normalised(p + i, j - i, true))
			return false;
		i = j + 1;
	}
	return true;
}

static bool chars_ok(const char *p, size_t len, bool word)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)p[i];
		if (word) {
			if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			      (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-'))
				return false;
		} else if (c < 0x20 || c > 0x7e) {
			return false;
		}
	}
	return true;
}

int polb_check_str(struct polb_rd *rd, struct polb_str s, const char *field,
		   unsigned rules)
{
	size_t tsize = rd->v->strtab_size;
	size_t limit = (rules & POLB_S_LONG) ? POLB_MAX_TEXT : POLB_MAX_STRING;
	if (s.len == 0 && s.off != 0)
		return polb_bad(rd, "%s: empty string not at offset 0", field);
	if (s.off >= tsize)
		return polb_bad(rd, "%s string offset out of range", field);
	if (s.len > limit)
		return polb_bad(rd, "%s string longer than %zu bytes", field, limit);
	if ((uint64_t)s.off + s.len >= tsize)
		return polb_bad(rd, "%s string runs past the string table", field);
	const char *p = rd->v->strtab + s.off;
	if (p[s.len] != '\0')
		return polb_bad(rd, "%s string not NUL-terminated", field);
	if (memchr(p, '\0', s.len))
		return polb_bad(rd, "%s string has a NUL inside", field);
	if ((rules & POLB_S_ABSENT) && s.len)
		return polb_bad(rd, "%s must be empty here", field);
	if ((rules & POLB_S_REQUIRED) && !s.len)
		return polb_bad(rd, "%s is empty", field);
	if (!s.len)
		return 0;
	if ((rules & POLB_S_ABS_PATH) && !path_normalised(p, s.len, true))
		return polb_bad(rd, "%s is not a normalised absolute path", field);
	if ((rules & POLB_S_REL_PATH) && !path_normalised(p, s.len, false))
		return polb_bad(rd, "%s is not a normalised relative path", field);
	if ((rules & POLB_S_PATH_LIST) && !path_list_ok(p, s.len))
		return polb_bad(rd, "%s is not a list of absolute paths", field);
	if ((rules & POLB_S_WORD) && !chars_ok(p, s.len, true))
		return polb_bad(rd, "%s has a character outside [A-Za-z0-9_.-]", field);
	if ((rules & POLB_S_PRINTABLE) && !chars_ok(p, s.len, false))
		return polb_bad(rd, "%s has a control or non-ASCII character", field);
	return 0;
}

/* ---- header ------------------------------------------------------------ */

static bool all_zero(const void *p, size_t n)
{
	const uint8_t *b = p;
	for (size_t i = 0; i < n; i++)
		if (b[i])
			return false;
	return true;
}

static int check_header(struct polb_rd *rd)
{
	const struct polb_header *h = (const void *)rd->buf;
	/* Magic and version first, so a blob from another format major gets
	 * the version line and not a complaint about a field it moved. */
	if (rd->size < POLB_MAGIC_LEN + 4)
		return polb_bad(rd, "truncated: %zu bytes, not a blob", rd->size);
	if (memcmp(h->magic, POLB_MAGIC, POLB_MAGIC_LEN))
		return polb_bad(rd, "not a .polb blob (bad magic)");
	if (h->version_major != POLB_VERSION_MAJOR)
		return polb_bad(rd, "blob format version %u.%u, this reader reads only %u.x "
				"(rebuild the blob with a matching polc)",
				h->version_major, h->version_minor, POLB_VERSION_MAJOR);
	if (rd->size < sizeof(*h))
		return polb_bad(rd, "truncated: %zu bytes, the header alone is %zu",
				rd->size, sizeof(*h));
	if (h->header_size != sizeof(*h))
		return polb_bad(rd, "header size %u, format %u.x has %zu",
				h->header_size, POLB_VERSION_MAJOR, sizeof(*h));
	if (h->total_size != rd->size)
		return polb_bad(rd, "total size says %llu bytes, blob has %zu (truncated or padded)",
				(unsigned long long)h->total_size, rd->size);
	if (rd->size > POLB_MAX_SIZE)
		return polb_bad(rd, "%zu bytes, more than the %u-byte limit",
				rd->size, POLB_MAX_SIZE);
	if (rd->size % 8)
		return polb_bad(rd, "size %zu not a multiple of 8", rd->size);
	static const uint8_t zero4[4];
	uint32_t crc = polb_crc32c_update(0, rd->buf, offsetof(struct polb_header, crc32c));
	crc = polb_crc32c_update(crc, zero4, 4);
	crc = polb_crc32c_update(crc, rd->buf + offsetof(struct polb_header, crc32c) + 4,
				 rd->size - offsetof(struct polb_header, crc32c) - 4);
	if (crc != h->crc32c)
		return polb_bad(rd, "CRC-32C mismatch (header 0x%08x, content 0x%08x): "
				"blob corrupted", h->crc32c, crc);
	if (h->flags)
		return polb_bad(rd, "header flags 0x%x: unknown bits", h->flags);
	if (h->reserved0 || !all_zero(h->reserved1, sizeof(h->reserved1)))
		return polb_bad(rd, "header reserved bytes not zero");
	const char *cv = h->compiler_version;
	size_t cvlen = strnlen(cv, sizeof(h->compiler_version));
	if (cvlen == 0 || cvlen == sizeof(h->compiler_version))
		return polb_bad(rd, "compiler version empty or not NUL-terminated");
	if (!chars_ok(cv, cvlen, false) ||
	    !all_zero(cv + cvlen, sizeof(h->compiler_version) - cvlen))
		return polb_bad(rd, "compiler version not printable or not NUL-padded");
	if (h->section_count > POLB_MAX_SECTIONS)
		return polb_bad(rd, "%u sections, more than the limit %u",
				h->section_count, POLB_MAX_SECTIONS);
	rd->v->header = h;
	return 0;
}

/* ---- directory and layout --------------------------------------------- */

static uint64_t align8(uint64_t x)
{
	return (x + 7) & ~(uint64_t)7;
}

/* Sections follow the directory in directory order, each at the next
 * 8-byte boundary, zero padding between, and the blob ends at the last
 * one's padded end: one canonical layout, so there is nowhere for
 * unchecked bytes to hide and no two sections can overlap. */
static int check_layout(struct polb_rd *rd, const struct polb_section_entry *dir,
			uint32_t n)
{
	uint64_t at = sizeof(struct polb_header) + (uint64_t)n * sizeof(*dir);
	if (at > rd->size)
		return polb_bad(rd, "directory of %u entries runs past the end", n);
	for (uint32_t i = 0; i < n; i++) {
		rd->what = polb_section_name(dir[i].type);
		if (dir[i].offset != align8(at))
			return polb_bad(rd, "directory entry %u: offset %llu, expected %llu "
					"(sections are laid out in order, 8-aligned)", i,
					(unsigned long long)dir[i].offset,
					(unsigned long long)align8(at));
		if (!all_zero(rd->buf + at, dir[i].offset - at))
			return polb_bad(rd, "directory entry %u: padding before it not zero", i);
		if (dir[i].size > rd->size - dir[i].offset)
			return polb_bad(rd, "directory entry %u: size %llu runs past the end", i,
					(unsigned long long)dir[i].size);
		at = dir[i].offset + dir[i].size;
	}
	rd->what = NULL;
	if (align8(at) != rd->size)
		return polb_bad(rd, "%llu bytes after the last section",
				(unsigned long long)(rd->size - at));
	if (!all_zero(rd->buf + at, rd->size - at))
		return polb_bad(rd, "padding after the last section not zero");
	return 0;
}

static int check_strtab(struct polb_rd *rd, const struct polb_section_entry *s)
{
	if (s->record_size || s->count)
		return polb_bad(rd, "raw section with record size %u, count %u",
				s->record_size, s->count);
	if (s->size == 0)
		return polb_bad(rd, "empty (offset 0 must hold the empty string)");
	const char *t = (const char *)rd->buf + s->offset;
	if (t[0] != '\0')
		return polb_bad(rd, "does not start with the empty string");
	if (t[s->size - 1] != '\0')
		return polb_bad(rd, "last string not NUL-terminated");
	rd->v->strtab = t;
	rd->v->strtab_size = s->size;
	return 0;
}

static int check_records(struct polb_rd *rd, const struct polb_sec_info *si,
			 const struct polb_section_entry *s)
{
	if (s->record_size != si->rec_size)
		return polb_bad(rd, "record size %u, this format has %u",
				s->record_size, si->rec_size);
	if (s->count > POLB_MAX_RECORDS)
		return polb_bad(rd, "%u records, more than the limit %u",
				s->count, POLB_MAX_RECORDS);
	if (si->single && s->count != 1)
		return polb_bad(rd, "%u records, must be exactly 1", s->count);
	if ((uint64_t)s->count * s->record_size != s->size)
		return polb_bad(rd, "size %llu is not %u records of %u bytes",
				(unsigned long long)s->size, s->count, s->record_size);
	return 0;
}

/* Directory checks that need no string table: known flags, criticality,
 * type order, and the position of STRTAB (first, so that strings can be
 * checked as each section is read). */
static int check_directory(struct polb_rd *rd, const struct polb_section_entry *dir,
			   uint32_t n)
{
	if (n == 0 || dir[0].type != POLB_SEC_STRTAB)
		return polb_bad(rd, "the first section must be the string table");
	for (uint32_t i = 0; i < n; i++) {
		const struct polb_sec_info *si = sec_lookup(dir[i].type);
		rd->what = polb_section_name(dir[i].type);
		if (dir[i].flags & ~(uint32_t)POLB_SECF_CRITICAL)
			return polb_bad(rd, "directory entry %u: unknown flags 0x%x", i,
					dir[i].flags);
		if (i && dir[i].type < dir[i - 1].type)
			return polb_bad(rd, "directory entry %u: sections out of order", i);
		if (i && dir[i].type == dir[i - 1].type && si &&
		    si->type != POLB_SEC_SECCOMP)
			return polb_bad(rd, "directory entry %u: section given twice", i);
		if (!si && (dir[i].flags & POLB_SECF_CRITICAL)) {
			rd->what = NULL;
			return polb_bad(rd, "section type %u is critical and unknown to this "
					"reader (format %u.%u; blob %u.%u): refusing it",
					dir[i].type, POLB_VERSION_MAJOR, POLB_VERSION_MINOR,
					rd->v->header->version_major,
					rd->v->header->version_minor);
		}
		if (si && !!(dir[i].flags & POLB_SECF_CRITICAL) != si->critical)
			return polb_bad(rd, "directory entry %u: must be marked %s", i,
					si->critical ? "critical" : "optional");
	}
	rd->what = NULL;
	return 0;
}

static int check_sections(struct polb_rd *rd, const struct polb_section_entry *dir,
			  uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		const struct polb_sec_info *si = sec_lookup(dir[i].type);
		rd->sec = &dir[i];
		rd->entry = -1;
		if (!si) {
			rd->v->nskipped++; /* optional and unknown: bounds checked above */
			continue;
		}
		rd->what = si->name;
		const void *body = rd->buf + dir[i].offset;
		int r;
		if (si->type == POLB_SEC_STRTAB)
			r = check_strtab(rd, &dir[i]);
		else if (si->rec_size == 0) /* raw: SECCOMP, APPARMOR */
			r = (dir[i].record_size || dir[i].count)
				? polb_bad(rd, "raw section with record size %u, count %u",
					   dir[i].record_size, dir[i].count)
				: si->check(rd, body, dir[i].size);
		else
			r = check_records(rd, si, &dir[i]) < 0 ? -1
				: si->check(rd, body, dir[i].count);
		if (r < 0)
			return r;
	}
	rd->what = NULL;
	rd->entry = -1;
	return 0;
}

int polb_read(const void *buf, size_t size, struct polb_view *v, struct err *e)
{
	struct polb_rd rd = { .buf = buf, .size = size, .v = v, .e = e, .entry = -1 };
	memset(v, 0, sizeof(*v));
	if ((uintptr_t)buf % 8)
		return polb_bad(&rd, "buffer not 8-aligned");
	if (check_header(&rd) < 0)
		goto fail;
	const struct polb_section_entry *dir =
		(const void *)(rd.buf + sizeof(struct polb_header));
	uint32_t n = v->header->section_count;
	if (check_layout(&rd, dir, n) < 0 || check_directory(&rd, dir, n) < 0 ||
	    check_sections(&rd, dir, n) < 0 || polb_cross_check(&rd) < 0)
		goto fail;
	return 0;
fail:
	memset(v, 0, sizeof(*v)); /* never a partly filled view */
	return -1;
}

const struct polb_view_seccomp *polb_seccomp_for(const struct polb_view *v,
						 uint32_t host_arch)
{
	for (size_t i = 0; i < v->nseccomp; i++)
		if (v->seccomp[i].hdr->host_arch == host_arch)
			return &v->seccomp[i];
	return NULL;
}

/* ---- files ------------------------------------------------------------- */

static int read_all(int fd, const char *path, void **bufp, size_t *sizep, struct err *e)
{
	size_t cap = 64 << 10, len = 0;
	uint8_t *buf = malloc(cap); /* malloc: aligned for any type, so 8 */
	if (!buf)
		return err_set(e, errno, "blob", "%s", path);
	for (;;) {
		if (len == cap) {
			if (cap > POLB_MAX_SIZE) {
				free(buf);
				return err_set(e, 0, "blob", "%s: larger than the %u-byte limit",
					       path, POLB_MAX_SIZE);
			}
			uint8_t *nb = realloc(buf, cap * 2);
			if (!nb) {
				err_set(e, errno, "blob", "%s", path);
				free(buf);
				return -1;
			}
			buf = nb;
			cap *= 2;
		}
		ssize_t got = read(fd, buf + len, cap - len);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			int saved = errno;
			free(buf);
			return err_set(e, saved, "blob", "%s: read", path);
		}
		if (got == 0)
			break;
		len += (size_t)got;
	}
	*bufp = buf;
	*sizep = len;
	return 0;
}

int polb_load_file(const char *path, void **bufp, size_t *sizep, struct err *e)
{
	*bufp = NULL;
	*sizep = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return err_set(e, errno, "blob", "%s", path);
	int r = read_all(fd, path, bufp, sizep, e);
	close(fd);
	return r;
}

int polb_read_file(const char *path, void **bufp, size_t *sizep,
		   struct polb_view *v, struct err *e)
{
	memset(v, 0, sizeof(*v));
	void *buf = NULL;
	size_t size = 0;
	if (polb_load_file(path, &buf, &size, e) < 0)
		return -1;
	/* A signed blob is read without its trailer: checking the signature
	 * is the caller's choice (enforce's trust, polc verify-blob). */
	const struct polb_sig_trailer *sig;
	size_t blob_size = size;
	if (polb_sig_split(buf, size, &blob_size, &sig, e) < 0 ||
	    polb_read(buf, blob_size, v, e) < 0) {
		char detail[sizeof(e->detail)];
		memcpy(detail, e->detail, sizeof(detail));
		snprintf(e->detail, sizeof(e->detail), "%.200s: %.270s", path, detail);
		free(buf);
		return -1;
	}
	*bufp = buf;
	*sizep = blob_size;
	return 0;
}
