/* Bounded reads and strict parsers of /proc files (procfs.h). Every
 * parser walks a NUL-terminated buffer with explicit bounds and refuses
 * (one line, no crash) anything that is not the kernel's format. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "verify/procfs.h"

int proc_read(pid_t pid, const char *name, char **bufp, size_t *lenp, struct err *e)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, name);
	*bufp = NULL;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return err_set(e, errno, "verify", "%s", path);
	size_t cap = 16384, len = 0;
	char *buf = malloc(cap + 1);
	int r = buf ? 0 : err_set(e, ENOMEM, "verify", "%s", path);
	while (r == 0) {
		if (len == cap) {
			char *nb = cap >= PROC_READ_MAX ? NULL : realloc(buf, cap * 2 + 1);
			if (!nb) {
				r = err_set(e, cap >= PROC_READ_MAX ? EFBIG : ENOMEM, "verify",
					    "%s: more than %u bytes", path, PROC_READ_MAX);
				break;
			}
			buf = nb;
			cap *= 2;
		}
		ssize_t got = read(fd, buf + len, cap - len);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			r = err_set(e, errno, "verify", "%s: read", path);
		else if (got == 0)
			break;
		else
			len += (size_t)got;
	}
	close(fd);
	if (r < 0) {
		free(buf);
		return -1;
	}
	buf[len] = '\0';
	*bufp = buf;
	if (lenp)
		*lenp = len;
	return 0;
}

/* A decimal or hex number at *p, advancing; -1 when there is none or it
 * does not fit in max. */
static int num(const char **p, int base, uint64_t max, uint64_t *out)
{
	const char *s = *p;
	uint64_t v = 0;
	int digits = 0;
	for (;; s++, digits++) {
		int d;
		if (*s >= '0' && *s <= '9')
			d = *s - '0';
		else if (base == 16 && *s >= 'a' && *s <= 'f')
			d = *s - 'a' + 10;
		else if (base == 16 && *s >= 'A' && *s <= 'F')
			d = *s - 'A' + 10;
		else
			break;
		if (v > (max - (uint64_t)d) / (uint64_t)base)
			return -1;
		v = v * (uint64_t)base + (uint64_t)d;
	}
	if (!digits)
		return -1;
	*p = s;
	*out = v;
	return 0;
}

static void skip_blank(const char **p)
{
	while (**p == ' ' || **p == '\t')
		(*p)++;
}

/* ---- status ------------------------------------------------------------ */

/* The value after "Key:" at the start of a line, or NULL. */
static const char *status_field(const char *text, const char *key)
{
	size_t n = strlen(key);
	for (const char *l = text; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : NULL)
		if (!strncmp(l, key, n) && l[n] == ':') {
			const char *v = l + n + 1;
			skip_blank(&v);
			return v;
		}
	return NULL;
}

static int status_u32s(const char *text, const char *key, uint32_t *out, size_t n, struct err *e)
{
	const char *p = status_field(text, key);
	for (size_t i = 0; p && i < n; i++) {
		uint64_t v;
		skip_blank(&p);
		if (num(&p, 10, UINT32_MAX, &v) < 0)
			return err_set(e, 0, "verify", "status: %s: not %zu numbers", key, n);
		out[i] = (uint32_t)v;
	}
	return p ? 0 : err_set(e, 0, "verify", "status: no %s line", key);
}

static int status_hex(const char *text, const char *key, uint64_t *out, struct err *e)
{
	const char *p = status_field(text, key);
	if (!p || num(&p, 16, UINT64_MAX, out) < 0)
		return err_set(e, 0, "verify", "status: no %s mask", key);
	return 0;
}

static int status_groups(const char *text, struct proc_status *st, struct err *e)
{
	const char *p = status_field(text, "Groups");
	if (!p)
		return err_set(e, 0, "verify", "status: no Groups line");
	st->groups = malloc(64 * sizeof(uint32_t));
	size_t cap = 64;
	for (;;) {
		skip_blank(&p);
		if (*p == '\n' || *p == '\0')
			return 0;
		uint64_t v;
		if (!st->groups || num(&p, 10, UINT32_MAX, &v) < 0 || st->ngroups == PROC_MAX_GROUPS)
			return err_set(e, 0, "verify", "status: Groups: not a list of gids");
		if (st->ngroups == cap) {
			uint32_t *ng = realloc(st->groups, cap * 2 * sizeof(uint32_t));
			if (!ng)
				return err_set(e, ENOMEM, "verify", "status: Groups");
			st->groups = ng;
			cap *= 2;
		}
		st->groups[st->ngroups++] = (uint32_t)v;
	}
}

int proc_parse_status(const char *text, struct proc_status *st, struct err *e)
{
	memset(st, 0, sizeof(*st));
	uint32_t one[1];
	if (status_u32s(text, "Uid", st->uid, 4, e) < 0 || status_u32s(text, "Gid", st->gid, 4, e) < 0 ||
	    status_groups(text, st, e) < 0 || status_hex(text, "CapInh", &st->cap_inh, e) < 0 ||
	    status_hex(text, "CapPrm", &st->cap_prm, e) < 0 ||
	    status_hex(text, "CapEff", &st->cap_eff, e) < 0 ||
	    status_hex(text, "CapBnd", &st->cap_bnd, e) < 0 ||
	    status_hex(text, "CapAmb", &st->cap_amb, e) < 0 ||
	    status_u32s(text, "NoNewPrivs", one, 1, e) < 0 || (st->no_new_privs = (int)one[0]) > 1 ||
	    status_u32s(text, "Seccomp", one, 1, e) < 0 || (st->seccomp = (int)one[0]) > 2) {
		proc_status_free(st);
		return e->detail[0] ? -1 : err_set(e, 0, "verify", "status: a value out of range");
	}
	st->seccomp_filters = status_u32s(text, "Seccomp_filters", one, 1, e) < 0 ? -1 : (int)one[0];
	return 0;
}

void proc_status_free(struct proc_status *st)
{
	free(st->groups);
	st->groups = NULL;
	st->ngroups = 0;
}

/* ---- uid_map / gid_map ------------------------------------------------- */

int proc_parse_idmap(const char *text, struct proc_map_line *lines, size_t cap, size_t *n,
		     struct err *e)
{
	const char *p = text;
	*n = 0;
	while (*p) {
		uint64_t v[3];
		for (int i = 0; i < 3; i++) {
			skip_blank(&p);
			if (num(&p, 10, UINT32_MAX, &v[i]) < 0)
				return err_set(e, 0, "verify", "id map line %zu: not three numbers", *n + 1);
		}
		skip_blank(&p);
		if (*p != '\n' && *p != '\0')
			return err_set(e, 0, "verify", "id map line %zu: text after the numbers", *n + 1);
		if (*n == cap)
			return err_set(e, 0, "verify", "id map: more than %zu lines", cap);
		lines[(*n)++] = (struct proc_map_line){ (uint32_t)v[0], (uint32_t)v[1], (uint32_t)v[2] };
		if (*p)
			p++;
	}
	return 0;
}

/* ---- mountinfo --------------------------------------------------------- */

/* Cut the next space-separated field of a line at *p (NUL-terminating it
 * in place) and decode the kernel's octal escapes (\040 space, \011 tab,
 * \012 newline, \134 backslash). NULL at the end of the line. */
static char *field(char **p)
{
	char *s = *p;
	if (*s == '\0')
		return NULL;
	char *end = s;
	while (*end && *end != ' ')
		end++;
	*p = *end ? end + 1 : end;
	*end = '\0';
	char *w = s;
	for (const char *r = s; r < end; r++) {
		if (r[0] == '\\' && end - r >= 4 && r[1] >= '0' && r[1] <= '3' && r[2] >= '0' &&
		    r[2] <= '7' && r[3] >= '0' && r[3] <= '7') {
			*w++ = (char)((r[1] - '0') << 6 | (r[2] - '0') << 3 | (r[3] - '0'));
			r += 3;
		} else {
			*w++ = *r;
		}
	}
	*w = '\0';
	return s;
}

static unsigned mount_flags(const char *opts)
{
	unsigned f = 0;
	char buf[256];
	snprintf(buf, sizeof(buf), "%s", opts);
	for (char *save = NULL, *o = strtok_r(buf, ",", &save); o; o = strtok_r(NULL, ",", &save))
		f |= !strcmp(o, "ro") ? PROC_MNT_RO : !strcmp(o, "nosuid") ? PROC_MNT_NOSUID :
		     !strcmp(o, "nodev") ? PROC_MNT_NODEV : !strcmp(o, "noexec") ? PROC_MNT_NOEXEC :
		     !strcmp(o, "idmapped") ? PROC_MNT_IDMAPPED : 0;
	return f;
}

static int parse_mount_line(char *line, struct proc_mount *m)
{
	char *p = line, *f[6];
	for (int i = 0; i < 6; i++)
		if (!(f[i] = field(&p)))
			return -1;
	const char *q = f[2];
	uint64_t a, b, c, d;
	const char *s0 = f[0], *s1 = f[1];
	if (num(&s0, 10, UINT32_MAX, &a) < 0 || *s0 || num(&s1, 10, UINT32_MAX, &b) < 0 || *s1 ||
	    num(&q, 10, UINT32_MAX, &c) < 0 || *q++ != ':' || num(&q, 10, UINT32_MAX, &d) < 0 || *q)
		return -1;
	char *opt;
	while ((opt = field(&p)) && strcmp(opt, "-"))
		; /* optional fields: shared:N master:N ... */
	char *fstype = opt ? field(&p) : NULL, *source = fstype ? field(&p) : NULL;
	char *super = source ? field(&p) : NULL;
	if (!super || f[3][0] != '/' || f[4][0] != '/')
		return -1;
	*m = (struct proc_mount){ (unsigned)a, (unsigned)b, (unsigned)c, (unsigned)d, f[3], f[4],
				  fstype, source, super, mount_flags(f[5]) };
	return 0;
}

int proc_parse_mountinfo(const char *text, struct proc_mountinfo *mi, struct err *e)
{
	memset(mi, 0, sizeof(*mi));
	size_t lines = 0;
	for (const char *c = text; *c; c++)
		lines += *c == '\n';
	lines++;
	if (lines > PROC_MAX_MOUNTS + 1)
		return err_set(e, 0, "verify", "mountinfo: more than %d mounts", PROC_MAX_MOUNTS);
	mi->text = strdup(text);
	mi->m = calloc(lines, sizeof(*mi->m));
	if (!mi->text || !mi->m) {
		proc_mountinfo_free(mi);
		return err_set(e, ENOMEM, "verify", "mountinfo");
	}
	char *save = NULL;
	for (char *l = strtok_r(mi->text, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		if (mi->n == lines || parse_mount_line(l, &mi->m[mi->n]) < 0) {
			size_t bad = mi->n + 1;
			proc_mountinfo_free(mi);
			return err_set(e, 0, "verify", "mountinfo line %zu: not the kernel's format", bad);
		}
		mi->n++;
	}
	return 0;
}

void proc_mountinfo_free(struct proc_mountinfo *mi)
{
	free(mi->text);
	free(mi->m);
	memset(mi, 0, sizeof(*mi));
}

const struct proc_mount *proc_mount_at(const struct proc_mountinfo *mi, const char *target)
{
	for (size_t i = mi->n; i-- > 0;)
		if (!strcmp(mi->m[i].target, target))
			return &mi->m[i];
	return NULL;
}

/* ---- limits ------------------------------------------------------------ */

static int limit_value(const char **p, uint64_t *out)
{
	skip_blank(p);
	if (!strncmp(*p, "unlimited", 9)) {
		*p += 9;
		*out = UINT64_MAX;
		return 0;
	}
	return num(p, 10, UINT64_MAX, out);
}

int proc_parse_limits(const char *text, uint64_t soft[PROC_NLIMITS], uint64_t hard[PROC_NLIMITS],
		      struct err *e)
{
	const char *l = strchr(text, '\n'); /* the header row */
	for (int i = 0; i < PROC_NLIMITS; i++) {
		if (!l)
			return err_set(e, 0, "verify", "limits: %d rows, not %d", i, PROC_NLIMITS);
		l++;
		/* the name column is 26 characters wide: "Max open files            " */
		const char *p = l;
		for (int k = 0; k < 26 && *p && *p != '\n'; k++)
			p++;
		if (limit_value(&p, &soft[i]) < 0 || limit_value(&p, &hard[i]) < 0)
			return err_set(e, 0, "verify", "limits row %d: not two limits", i + 1);
		l = strchr(p, '\n');
	}
	return 0;
}

/* ---- cgroup ------------------------------------------------------------ */

int proc_parse_cgroup(const char *text, struct proc_cgroup_line *lines, size_t cap, size_t *n,
		      struct err *e)
{
	*n = 0;
	for (const char *p = text; *p;) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		uint64_t h;
		const char *q = p;
		const char *c1 = memchr(p, ':', len);
		const char *c2 = c1 ? memchr(c1 + 1, ':', len - (size_t)(c1 + 1 - p)) : NULL;
		if (*n == cap)
			return err_set(e, 0, "verify", "cgroup: more than %zu lines", cap);
		struct proc_cgroup_line *l = &lines[*n];
		size_t clen = c2 ? (size_t)(c2 - c1 - 1) : 0, plen = c2 ? len - (size_t)(c2 + 1 - p) : 0;
		if (!c2 || num(&q, 10, UINT32_MAX, &h) < 0 || q != c1 || clen >= sizeof(l->controllers) ||
		    plen >= sizeof(l->path) || plen == 0 || c2[1] != '/')
			return err_set(e, 0, "verify", "cgroup line %zu: not the kernel's format", *n + 1);
		l->hier = (unsigned)h;
		memcpy(l->controllers, c1 + 1, clen);
		l->controllers[clen] = '\0';
		memcpy(l->path, c2 + 1, plen);
		l->path[plen] = '\0';
		(*n)++;
		p += len + (eol ? 1 : 0);
	}
	return 0;
}
