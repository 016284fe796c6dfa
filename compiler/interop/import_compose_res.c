/* polc import compose: a service's mounts, limits and ports (see
 * import_compose.c for the rest and docs/kubernetes.md for the table).
 *
 *   tmpfs        "PATH[:size=..,mode=..,exec,..]": the engine mounts it
 *                nosuid,nodev,noexec unless exec/suid/dev say otherwise
 *   volumes      "SRC:DST[:ro,..]" and the long syntax: a host path is a
 *                recursive bind (rw unless ro); a named or anonymous volume
 *                lives in the engine's storage: a note, left out
 *   limits       mem_limit, memswap_limit, cpus, cpu_quota/cpu_period,
 *                pids_limit, cpuset and deploy.resources.limits
 *   ulimits      NAME: N or {soft, hard}
 *   ports        "[IP:][HOST:]CONTAINER[/PROTO]" (ranges) and the long
 *                syntax: publish rules; no host port (the engine picks one)
 *                is a note */
#include "interop/import_compose.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/strbuf.h"
#include "util/xalloc.h"
#include "vocab/vocab.h"

#define COMPOSE_MAX_PORTS 1024 /* publish rules from one service */

int compose_uint(const char *s, uint64_t max, uint64_t *out, char **end)
{
	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	unsigned long long v = strtoull(s, end, 10);
	if (errno || v > max)
		return -1;
	*out = v;
	return 0;
}

char *compose_path(const char *dir, const char *rel)
{
	struct strbuf in = STRBUF_INIT, out = STRBUF_INIT;
	sb_printf(&in, "%s/%s", rel[0] == '/' ? "" : dir ? dir : "", rel);
	char *save = NULL;
	for (char *part = strtok_r(in.s, "/", &save); part; part = strtok_r(NULL, "/", &save)) {
		if (!strcmp(part, "."))
			continue;
		if (!strcmp(part, "..")) { /* above the root is the root */
			char *slash = out.len ? strrchr(out.s, '/') : NULL;
			if (slash) {
				out.len = (size_t)(slash - out.s);
				out.s[out.len] = '\0';
			}
			continue;
		}
		sb_printf(&out, "/%s", part);
	}
	if (!out.len)
		sb_putc(&out, '/');
	sb_free(&in);
	return sb_steal(&out);
}

/* ---- sizes --------------------------------------------------------------- */

/* The engine's byte sizes (docker's RAMInBytes): N, N.F, with b, k, m, g,
 * t (kb, mb, ... the same), powers of 1024, or a YAML integer. */
static int bytes_of(json_object *v, uint64_t *out)
{
	if (json_object_is_type(v, json_type_int)) {
		if (json_object_get_int64(v) < 0)
			return -1;
		*out = (uint64_t)json_object_get_int64(v);
		return 0;
	}
	if (!json_object_is_type(v, json_type_string))
		return -1;
	const char *s = json_object_get_string(v);
	char *end;
	uint64_t whole, frac = 0, scale = 1, mul = 1;
	if (compose_uint(s, UINT64_MAX, &whole, &end) < 0)
		return -1;
	if (*end == '.')
		for (end++; *end >= '0' && *end <= '9'; end++)
			if (scale < 1000000) {
				frac = frac * 10 + (uint64_t)(*end - '0');
				scale *= 10;
			}
	const char *units = "bkmgtp", *u = *end ? strchr(units, (char)(*end | 0x20)) : NULL;
	if (*end && !u)
		return -1;
	if (u && *u != 'b' && end[1] && strcasecmp(end + 1, "b") && strcasecmp(end + 1, "ib"))
		return -1;
	if (u && *u == 'b' && end[1])
		return -1;
	for (const char *p = units; u && p < u; p++)
		mul *= 1024;
	if (whole > UINT64_MAX / mul)
		return -1;
	*out = whole * mul + frac * mul / scale;
	return 0;
}

/* "0.5", 2 -> thousandths of a CPU. */
static int cpus_of(json_object *v, uint64_t *milli)
{
	if (json_object_is_type(v, json_type_int)) {
		int64_t n = json_object_get_int64(v);
		if (n <= 0 || n > 1000000)
			return -1;
		*milli = (uint64_t)n * 1000;
		return 0;
	}
	if (!json_object_is_type(v, json_type_string))
		return -1;
	const char *s = json_object_get_string(v);
	char *end;
	uint64_t whole, frac = 0;
	if (compose_uint(s, 1000000, &whole, &end) < 0)
		return -1;
	if (*end == '.') {
		uint64_t scale = 1000;
		for (end++; *end >= '0' && *end <= '9'; end++)
			if (scale > 1)
				frac += (uint64_t)(*end - '0') * (scale /= 10);
	}
	if (*end || whole * 1000 + frac == 0)
		return -1;
	*milli = whole * 1000 + frac;
	return 0;
}

/* ---- mounts -------------------------------------------------------------- */

/* "size=64m,mode=1777,noexec,...": the engine's defaults first. */
static int tmpfs_options(struct compose_in *c, json_object *at, const char *opts, struct ir_mount *m)
{
	static const struct {
		const char *word;
		uint32_t set, clear;
	} words[] = { { "noexec", IR_MNT_NOEXEC, 0 }, { "exec", 0, IR_MNT_NOEXEC }, { "nosuid", IR_MNT_NOSUID, 0 },
		      { "suid", 0, IR_MNT_NOSUID },   { "nodev", IR_MNT_NODEV, 0 }, { "dev", 0, IR_MNT_NODEV },
		      { "rw", 0, 0 } };
	char *copy = xstrdup(opts), *save = NULL;
	int r = 0;
	for (char *o = strtok_r(copy, ",", &save); o && r == 0; o = strtok_r(NULL, ",", &save)) {
		size_t i = 0;
		while (i < sizeof(words) / sizeof(words[0]) && strcmp(o, words[i].word))
			i++;
		if (i < sizeof(words) / sizeof(words[0])) {
			m->flags = (m->flags | words[i].set) & ~words[i].clear;
			continue;
		}
		char *end;
		uint64_t v;
		json_object *sz = NULL;
		if (!strncmp(o, "size=", 5)) {
			sz = json_object_new_string(o + 5);
			if (bytes_of(sz, &m->size) < 0 || !m->size)
				r = tree_bad(&c->t, at, "tmpfs", "size: expected bytes (64m, 1g, ...)");
			m->flags |= IR_MNT_HAS_SIZE;
		} else if (!strncmp(o, "mode=", 5)) {
			v = strtoull(o + 5, &end, 8);
			if (!o[5] || *end || v > 07777)
				r = tree_bad(&c->t, at, "tmpfs", "mode: expected octal (1777)");
			m->mode = (uint32_t)v;
			m->flags |= IR_MNT_HAS_MODE;
		} else if (!strncmp(o, "nr_inodes=", 10) && compose_uint(o + 10, UINT32_MAX, &v, &end) == 0 && !*end) {
			m->nr_inodes = (uint32_t)v;
			m->flags |= IR_MNT_HAS_INODES;
		} else {
			import_note(c->notes, "tmpfs %s: option %s not imported", m->target, o);
		}
		json_object_put(sz);
	}
	free(copy);
	return r;
}

static int add_tmpfs(struct compose_in *c, json_object *at, const char *target, const char *opts)
{
	if (target[0] != '/')
		return tree_bad(&c->t, at, "tmpfs", "expected an absolute path");
	if (tree_word(&c->t, at, "tmpfs", target) < 0)
		return -1;
	char *t = compose_path(NULL, target);
	struct ir_mount *m = import_add_mount(c->ir, IR_MOUNT_TMPFS, NULL, t, IR_MNT_NOSUID | IR_MNT_NODEV | IR_MNT_NOEXEC);
	free(t);
	return opts ? tmpfs_options(c, at, opts, m) : 0;
}

static int tmpfs(struct compose_in *c, json_object *svc)
{
	json_object *v;
	if (!json_object_object_get_ex(svc, "tmpfs", &v))
		return 0;
	size_t n = json_object_is_type(v, json_type_array) ? json_object_array_length(v) : 1;
	for (size_t i = 0; i < n; i++) {
		json_object *e = json_object_is_type(v, json_type_array) ? json_object_array_get_idx(v, i) : v;
		if (!json_object_is_type(e, json_type_string))
			return tree_bad(&c->t, e, "tmpfs", "expected PATH[:OPTIONS]");
		char *spec = xstrdup(json_object_get_string(e)), *colon = strchr(spec, ':');
		if (colon)
			*colon = '\0';
		int r = add_tmpfs(c, e, spec, colon ? colon + 1 : NULL);
		free(spec);
		if (r < 0)
			return -1;
	}
	return 0;
}

static bool is_host_path(const char *src)
{
	return src[0] == '/' || src[0] == '.' || src[0] == '~';
}

static int add_bind(struct compose_in *c, json_object *at, const char *src, const char *target, bool ro)
{
	if (target[0] != '/')
		return tree_bad(&c->t, at, "volumes", "expected an absolute target");
	if (src[0] == '~') {
		import_note(c->notes, "volume %s at %s: a home directory is the caller's; left out", src, target);
		return 0;
	}
	char *s = compose_path(c->dir, src), *t = compose_path(NULL, target);
	int r = tree_word(&c->t, at, "volumes", s) < 0 || tree_word(&c->t, at, "volumes", t) < 0 ? -1 : 0;
	if (r == 0)
		import_add_mount(c->ir, IR_MOUNT_BIND, s, t, IR_MNT_RECURSIVE | (ro ? 0 : IR_MNT_RW));
	free(s);
	free(t);
	return r;
}

/* "SRC:DST[:MODE]" or "DST" (an anonymous volume). */
static int short_volume(struct compose_in *c, json_object *at, const char *spec)
{
	char *copy = xstrdup(spec), *dst = strchr(copy, ':'), *mode = NULL;
	int r = 0;
	if (dst) {
		*dst++ = '\0';
		if ((mode = strchr(dst, ':')))
			*mode++ = '\0';
	}
	bool ro = false;
	for (char *save = NULL, *o = mode ? strtok_r(mode, ",", &save) : NULL; o; o = strtok_r(NULL, ",", &save)) {
		if (!strcmp(o, "ro"))
			ro = true;
		else if (strcmp(o, "rw") && strcmp(o, "rprivate") && strcmp(o, "cached") && strcmp(o, "delegated") &&
			 strcmp(o, "consistent"))
			import_note(c->notes, "volume %s: option %s not imported", spec, o);
	}
	if (!dst)
		import_note(c->notes, "volume %s: an anonymous volume in the engine's storage; left out", spec);
	else if (!is_host_path(copy))
		import_note(c->notes, "volume %s at %s: a named volume in the engine's storage; left out (bind its directory instead)",
			    copy, dst);
	else
		r = add_bind(c, at, copy, dst, ro);
	free(copy);
	return r;
}

static int long_volume(struct compose_in *c, json_object *v)
{
	const char *type = tree_str(v, "type"), *src = tree_str(v, "source"), *target = tree_str(v, "target");
	int ro;
	if (!type || !target)
		return tree_bad(&c->t, v, "volumes", "expected type and target");
	if (tree_bool(&c->t, v, "read_only", &ro) < 0)
		return -1;
	if (!strcmp(type, "bind")) {
		if (!src)
			return tree_bad(&c->t, v, "volumes", "a bind needs a source");
		return add_bind(c, v, src, target, ro == 1);
	}
	if (!strcmp(type, "tmpfs")) {
		json_object *opt, *size, *mode;
		if (tree_field(&c->t, v, "tmpfs", json_type_object, &opt) < 0 || add_tmpfs(c, v, target, NULL) < 0)
			return -1;
		struct ir_mount *m = &c->ir->filesystem.mounts[c->ir->filesystem.nmounts - 1];
		if (opt && json_object_object_get_ex(opt, "size", &size)) {
			if (bytes_of(size, &m->size) < 0 || !m->size)
				return tree_bad(&c->t, size, "size", "expected bytes (64m, 1g, ...)");
			m->flags |= IR_MNT_HAS_SIZE;
		}
		if (opt && json_object_object_get_ex(opt, "mode", &mode)) {
			/* written as octal digits (1777), whether YAML read a number or a string */
			const char *digits = json_object_get_string(mode);
			char *end;
			unsigned long md = strtoul(digits + (!strncmp(digits, "0o", 2) ? 2 : 0), &end, 8);
			if (!*digits || *end || md > 07777)
				return tree_bad(&c->t, mode, "mode", "expected octal (1777)");
			m->mode = (uint32_t)md;
			m->flags |= IR_MNT_HAS_MODE;
		}
		return 0;
	}
	import_note(c->notes, "volume %s at %s (type %s): in the engine's storage; left out", src ? src : "(anonymous)",
		    target, type);
	return 0;
}

int compose_mounts(struct compose_in *c, json_object *svc)
{
	json_object *list;
	if (tmpfs(c, svc) < 0 || tree_field(&c->t, svc, "volumes", json_type_array, &list) < 0)
		return -1;
	for (size_t i = 0; list && i < json_object_array_length(list); i++) {
		json_object *v = json_object_array_get_idx(list, i);
		int r = json_object_is_type(v, json_type_string) ? short_volume(c, v, json_object_get_string(v))
			: json_object_is_type(v, json_type_object) ? long_volume(c, v)
								    : tree_bad(&c->t, v, "volumes", "expected SRC:DST or a mapping");
		if (r < 0)
			return -1;
	}
	return 0;
}

/* ---- limits -------------------------------------------------------------- */

/* A limit's value as the cgroup's numerator and denominator (0: none). */
static int memory_of(json_object *v, uint64_t *num, uint64_t *den)
{
	*den = 0;
	return bytes_of(v, num) < 0 || !*num ? -1 : 0;
}

static int cpu_of(json_object *v, uint64_t *num, uint64_t *den)
{
	uint64_t milli;
	if (cpus_of(v, &milli) < 0)
		return -1;
	*num = milli * 100; /* a quota per 100 ms */
	*den = 100000;
	return 0;
}

static int tasks_of(json_object *v, uint64_t *num, uint64_t *den)
{
	if (!json_object_is_type(v, json_type_int) || json_object_get_int64(v) < -1)
		return -1;
	int64_t n = json_object_get_int64(v);
	*num = n <= 0 ? IR_CG_UNLIMITED : (uint64_t)n;
	*den = 0;
	return 0;
}

/* The limits a service and its deploy.resources.limits share, under
 * their own key names (mem_limit / memory, pids_limit / pids). */
struct limit_key {
	enum ir_cg_key ir;
	int (*read)(json_object *v, uint64_t *num, uint64_t *den);
	const char *expected;
};
static const struct limit_key LIMIT_MEMORY = { IR_CG_MEMORY_MAX, memory_of, "expected bytes (512m, 1g, ...)" };
static const struct limit_key LIMIT_CPUS = { IR_CG_CPU_MAX, cpu_of, "expected CPUs (0.5, 2)" };
static const struct limit_key LIMIT_PIDS = { IR_CG_PIDS_MAX, tasks_of, "expected a number of tasks (-1: unlimited)" };

static int limit(struct compose_in *c, json_object *o, const char *key, const struct limit_key *k)
{
	json_object *v;
	uint64_t num, den;
	if (!json_object_object_get_ex(o, key, &v))
		return 0;
	if (k->read(v, &num, &den) < 0)
		return tree_bad(&c->t, v, key, k->expected);
	import_add_limit(c->ir, k->ir, num, den, NULL);
	return 0;
}

/* memswap_limit is memory plus swap: memory.swap.max is the difference. */
static int swap(struct compose_in *c, json_object *svc)
{
	json_object *v;
	uint64_t total;
	if (!json_object_object_get_ex(svc, "memswap_limit", &v))
		return 0;
	const struct ir_cg_limit *mem = NULL;
	for (size_t i = 0; i < c->ir->cgroup.nlimits; i++)
		if (c->ir->cgroup.limits[i].key == IR_CG_MEMORY_MAX)
			mem = &c->ir->cgroup.limits[i];
	if (json_object_is_type(v, json_type_int) && json_object_get_int64(v) == -1) {
		import_add_limit(c->ir, IR_CG_MEMORY_SWAP_MAX, IR_CG_UNLIMITED, 0, NULL);
		return 0;
	}
	if (bytes_of(v, &total) < 0)
		return tree_bad(&c->t, v, "memswap_limit", "expected bytes (1g, ...) or -1");
	if (!mem || total < mem->num)
		return tree_bad(&c->t, v, "memswap_limit", "memory plus swap: needs mem_limit, and at least as much");
	import_add_limit(c->ir, IR_CG_MEMORY_SWAP_MAX, total - mem->num, 0, NULL);
	return 0;
}

static int cpu_quota(struct compose_in *c, json_object *svc)
{
	bool hq, hp;
	uint64_t quota, period = 100000;
	if (tree_uint(&c->t, svc, "cpu_quota", UINT32_MAX, &hq, &quota) < 0 ||
	    tree_uint(&c->t, svc, "cpu_period", 1000000, &hp, &period) < 0)
		return -1;
	if (!hp)
		period = 100000;
	if (hq && quota && period >= 1000)
		import_add_limit(c->ir, IR_CG_CPU_MAX, quota, period, NULL);
	return 0;
}

static int cpuset(struct compose_in *c, json_object *svc)
{
	const char *s = tree_str(svc, "cpuset");
	if (!s)
		return 0;
	if (!*s || strspn(s, "0123456789,-") != strlen(s))
		return tree_bad(&c->t, json_object_object_get(svc, "cpuset"), "cpuset", "expected CPUs (0-3,5)");
	import_add_limit(c->ir, IR_CG_CPUSET_CPUS, 0, 0, s);
	return 0;
}

int compose_resources(struct compose_in *c, json_object *svc)
{
	json_object *deploy, *res, *lim;
	if (limit(c, svc, "mem_limit", &LIMIT_MEMORY) < 0 || cpu_quota(c, svc) < 0 || limit(c, svc, "cpus", &LIMIT_CPUS) < 0 ||
	    limit(c, svc, "pids_limit", &LIMIT_PIDS) < 0 || cpuset(c, svc) < 0)
		return -1;
	if (tree_field(&c->t, svc, "deploy", json_type_object, &deploy) < 0 ||
	    tree_field(&c->t, deploy, "resources", json_type_object, &res) < 0 ||
	    tree_field(&c->t, res, "limits", json_type_object, &lim) < 0)
		return -1;
	if (res && json_object_object_get_ex(res, "reservations", NULL))
		import_note(c->notes, "deploy.resources.reservations: what the scheduler sets aside, not a limit; not imported");
	/* deploy.resources.limits wins over the service's own keys, as in
	 * docker compose; memswap_limit counts from the memory that won */
	if (lim && (limit(c, lim, "memory", &LIMIT_MEMORY) < 0 || limit(c, lim, "cpus", &LIMIT_CPUS) < 0 ||
		    limit(c, lim, "pids", &LIMIT_PIDS) < 0))
		return -1;
	return swap(c, svc);
}

/* ---- ulimits --------------------------------------------------------------- */

static int ulimit_value(struct compose_in *c, json_object *v, const char *name, uint64_t *out)
{
	if (!v || !json_object_is_type(v, json_type_int) || json_object_get_int64(v) < -1)
		return tree_bad(&c->t, v, name, "expected a number (-1: unlimited)");
	*out = json_object_get_int64(v) == -1 ? IR_RLIM_INFINITY : (uint64_t)json_object_get_int64(v);
	return 0;
}

int compose_ulimits(struct compose_in *c, json_object *svc)
{
	json_object *ul;
	if (tree_field(&c->t, svc, "ulimits", json_type_object, &ul) < 0)
		return -1;
	if (!ul)
		return 0;
	json_object_object_foreach(ul, name, val)
	{
		int r = vocab_rlimit(name);
		struct ir_rlimit *l = r >= 0 && r < IR_RLIMIT_COUNT ? &c->ir->process.rlimits[r] : NULL;
		if (!l)
			return tree_bad(&c->t, val, name, "unknown ulimit");
		if (json_object_is_type(val, json_type_object)) {
			json_object *soft = NULL, *hard = NULL;
			json_object_object_get_ex(val, "soft", &soft);
			json_object_object_get_ex(val, "hard", &hard);
			if (ulimit_value(c, soft, "soft", &l->soft) < 0 || ulimit_value(c, hard, "hard", &l->hard) < 0)
				return -1;
		} else if (ulimit_value(c, val, name, &l->soft) < 0) {
			return -1;
		} else {
			l->hard = l->soft;
		}
		if (l->soft > l->hard)
			return tree_bad(&c->t, val, name, "soft above hard");
		l->set = true;
	}
	return 0;
}

/* ---- ports ----------------------------------------------------------------- */

/* "8080" or "8080-8090" -> [lo, hi]; "" -> 0, 0. */
static int port_range(const char *s, uint16_t *lo, uint16_t *hi)
{
	uint64_t a, b;
	char *end;
	*lo = *hi = 0;
	if (!*s)
		return 0;
	if (compose_uint(s, 65535, &a, &end) < 0 || !a)
		return -1;
	b = a;
	if (*end == '-' && (compose_uint(end + 1, 65535, &b, &end) < 0 || b < a))
		return -1;
	if (*end)
		return -1;
	*lo = (uint16_t)a;
	*hi = (uint16_t)b;
	return 0;
}

struct port_spec {
	const char *ip;        /* NULL: every address */
	const char *published; /* "" : the engine picks */
	const char *target;
	uint8_t proto;
};

static int publish(struct compose_in *c, json_object *at, const struct port_spec *p)
{
	uint16_t hlo, hhi, clo, chi;
	if (port_range(p->target, &clo, &chi) < 0 || !clo || port_range(p->published, &hlo, &hhi) < 0)
		return tree_bad(&c->t, at, "ports", "expected [IP:][HOST:]CONTAINER[/tcp|udp], ports 1..65535");
	if (!hlo) {
		import_note(c->notes, "ports %s: no host port (the engine picks one); a policy names it: left out", p->target);
		return 0;
	}
	if (hhi - hlo != chi - clo) {
		import_note(c->notes, "ports %s:%s: a host port picked from a range; left out", p->published, p->target);
		return 0;
	}
	const char *ip = p->ip && strcmp(p->ip, "0.0.0.0") && strcmp(p->ip, "::") && *p->ip ? p->ip : NULL;
	for (unsigned i = 0; i <= (unsigned)(chi - clo); i++) {
		if (c->ir->network.nrules >= COMPOSE_MAX_PORTS)
			return tree_bad(&c->t, at, "ports", "more than 1024 published ports");
		if (import_add_net(c->ir, IR_NET_PUBLISH, p->proto, ip, 0, (uint16_t)(hlo + i), (uint16_t)(clo + i)) < 0)
			return tree_bad(&c->t, at, "ports", "host_ip: expected an IPv4 or IPv6 address");
	}
	return 0;
}

static int proto_of(struct compose_in *c, json_object *at, const char *s, uint8_t *out)
{
	if (!s || !strcmp(s, "tcp"))
		*out = 6;
	else if (!strcmp(s, "udp"))
		*out = 17;
	else
		return tree_bad(&c->t, at, "ports", "protocol: polc publishes tcp and udp");
	return 0;
}

/* Split as the engine does (nat.ParsePortSpec): the last part is the
 * container's, the one before it the host's, the rest the address. */
static int short_port(struct compose_in *c, json_object *at, const char *spec)
{
	char *copy = xstrdup(spec), *slash = strchr(copy, '/');
	struct port_spec p = { .ip = NULL, .published = "" };
	int r = -1;
	if (slash)
		*slash = '\0';
	if (proto_of(c, at, slash ? slash + 1 : NULL, &p.proto) < 0)
		goto out;
	char *last = strrchr(copy, ':');
	p.target = last ? last + 1 : copy;
	if (last) {
		*last = '\0';
		char *host = strrchr(copy, ':');
		p.published = host ? host + 1 : copy;
		if (host) {
			*host = '\0';
			p.ip = copy;
			size_t n = strlen(copy);
			if (copy[0] == '[' && n > 1 && copy[n - 1] == ']') {
				copy[n - 1] = '\0';
				p.ip = copy + 1;
			}
		}
	}
	r = publish(c, at, &p);
out:
	free(copy);
	return r;
}

static int long_port(struct compose_in *c, json_object *v)
{
	json_object *t, *pub;
	char target[16], published[32] = "";
	struct port_spec p = { .ip = tree_str(v, "host_ip"), .published = published, .target = target };
	if (!json_object_object_get_ex(v, "target", &t) || !json_object_is_type(t, json_type_int))
		return tree_bad(&c->t, v, "ports", "target: expected a port");
	snprintf(target, sizeof(target), "%lld", (long long)json_object_get_int64(t));
	if (json_object_object_get_ex(v, "published", &pub)) {
		if (!json_object_is_type(pub, json_type_int) && !json_object_is_type(pub, json_type_string))
			return tree_bad(&c->t, pub, "published", "expected a port");
		snprintf(published, sizeof(published), "%s", json_object_get_string(pub));
	}
	if (proto_of(c, v, tree_str(v, "protocol"), &p.proto) < 0)
		return -1;
	return publish(c, v, &p);
}

int compose_ports(struct compose_in *c, json_object *svc)
{
	json_object *list;
	if (tree_field(&c->t, svc, "ports", json_type_array, &list) < 0)
		return -1;
	size_t n = list ? json_object_array_length(list) : 0;
	if (n && !c->bridge) {
		import_note(c->notes, "ports: with network_mode %s the engine publishes none; left out",
			    c->host_net ? "host" : "none");
		return 0;
	}
	for (size_t i = 0; i < n; i++) {
		json_object *v = json_object_array_get_idx(list, i);
		int r;
		if (json_object_is_type(v, json_type_int) || json_object_is_type(v, json_type_string))
			r = short_port(c, v, json_object_get_string(v));
		else if (json_object_is_type(v, json_type_object))
			r = long_port(c, v);
		else
			r = tree_bad(&c->t, v, "ports", "expected a port or a mapping");
		if (r < 0)
			return -1;
	}
	return 0;
}
