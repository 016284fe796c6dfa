/* A config.json's linux object (but the paths, import_oci_mounts.c):
 * namespaces, id maps, resources and cgroupsPath, seccomp. The reverse of
 * export_oci.c: the map export writes for a user namespace without one
 * (enforce's as root) is left out again, memory.swap (memory + swap, the
 * v1 meaning) goes back to memory.swap.max, and the limits are `optional`
 * because that is what the runtimes do with them rootless. */
#include <stdlib.h>
#include <string.h>

#include "interop/export_oci.h"
#include "interop/import_oci_read.h"
#include "interop/import_scmp.h"
#include "polb.h"
#include "util/xalloc.h"


static int namespaces(struct oci_in *k, json_object *lx)
{
	json_object *list;
	size_t n;
	char at[64];
	if (oci_list(k, lx, "namespaces", "linux", &list, &n) < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		json_object *ns = json_object_array_get_idx(list, i);
		const char *type, *path;
		int kind = -1;
		oci_at(at, sizeof(at), "linux.namespaces", i);
		if (!json_object_is_type(ns, json_type_object))
			return oci_bad(k, at, "expected an object");
		if (oci_str(k, ns, "type", at, &type) < 0 || oci_str(k, ns, "path", at, &path) < 0)
			return -1;
		for (int t = 0; type && t < IR_NS_COUNT; t++)
			if (!strcmp(type, oci_ns_names[t]))
				kind = t;
		if (kind < 0)
			return oci_bad(k, at, "type: expected one of user mount pid network uts ipc cgroup time");
		struct ir_ns *dst = &k->ir->namespaces.ns[kind];
		if (dst->mode != IR_NS_SHARE)
			return oci_bad(k, at, "the %s namespace is listed twice", type);
		if (path && oci_check_path(k, path, at) < 0)
			return -1;
		dst->mode = path ? IR_NS_JOIN : IR_NS_UNSHARE;
		dst->join_path = path ? xstrdup(path) : NULL;
	}
	return 0;
}

static int idmap(struct oci_in *k, json_object *lx, const char *key, struct ir_idmap **out, size_t *nout)
{
	json_object *list;
	size_t n;
	char at[64];
	if (oci_list(k, lx, key, "linux", &list, &n) < 0)
		return -1;
	*nout = 0;
	if (n > 340)
		return oci_bad(k, key, "%zu ranges, more than the kernel's 340", n);
	*out = n ? xcalloc(n, sizeof(**out)) : NULL;
	for (size_t i = 0; i < n; i++) {
		json_object *m = json_object_array_get_idx(list, i);
		uint64_t in = 0, outside = 0, count = 0;
		bool h1, h2, h3;
		snprintf(at, sizeof(at), "linux.%s[%zu]", key, i);
		if (!json_object_is_type(m, json_type_object))
			return oci_bad(k, at, "expected an object");
		if (oci_uint(k, m, "containerID", UINT32_MAX - 1, at, &h1, &in) < 0 ||
		    oci_uint(k, m, "hostID", UINT32_MAX - 1, at, &h2, &outside) < 0 ||
		    oci_uint(k, m, "size", UINT32_MAX, at, &h3, &count) < 0)
			return -1;
		if (!h1 || !h2 || !h3 || !count || in + count > (uint64_t)UINT32_MAX + 1 ||
		    outside + count > (uint64_t)UINT32_MAX + 1)
			return oci_bad(k, at, "expected containerID, hostID and a size that fits");
		(*out)[(*nout)++] = (struct ir_idmap){ .inside = (uint32_t)in, .outside = (uint32_t)outside,
						       .count = (uint32_t)count };
	}
	/* the map export writes for a policy without one is enforce's own */
	if (*out && *nout == 1 && (*out)[0].inside == 0 && (*out)[0].outside == POLB_IDMAP_DEFAULT_OUTSIDE &&
	    (*out)[0].count == POLB_IDMAP_DEFAULT_COUNT) {
		free(*out);
		*out = NULL;
		*nout = 0;
	}
	return 0;
}

/* ---- resources -------------------------------------------------------- */

static int text_ok(struct oci_in *k, const char *s, const char *allowed, const char *at)
{
	for (const char *c = s; *c; c++)
		if (!((*c >= '0' && *c <= '9') || strchr(allowed, *c)))
			return oci_bad(k, at, "'%.64s': unexpected character", s);
	return *s ? 0 : oci_bad(k, at, "empty");
}

/* An int64 limit where -1 is "max". */
static int limit(struct oci_in *k, json_object *o, const char *key, const char *at, uint64_t max, bool *has,
		 uint64_t *out)
{
	json_object *v;
	*has = false;
	if (oci_get(k, o, key, json_type_int, at, &v) < 0)
		return -1;
	if (!v)
		return 0;
	int64_t s = json_object_get_int64(v);
	*has = true;
	if (s == -1) {
		*out = IR_CG_UNLIMITED;
		return 0;
	}
	if (s < 1 || (uint64_t)s > max)
		return oci_bad(k, at, "%s: out of range (1 to %llu, or -1)", key, (unsigned long long)max);
	*out = (uint64_t)s;
	return 0;
}

static int memory_pids(struct oci_in *k, json_object *res)
{
	json_object *mem, *pids;
	uint64_t lim = 0, swap = 0, p = 0;
	bool hl, hs, hp;
	if (oci_get(k, res, "memory", json_type_object, "linux.resources", &mem) < 0 ||
	    limit(k, mem, "limit", "linux.resources.memory", 1ull << 60, &hl, &lim) < 0 ||
	    limit(k, mem, "swap", "linux.resources.memory", 1ull << 60, &hs, &swap) < 0 ||
	    oci_get(k, res, "pids", json_type_object, "linux.resources", &pids) < 0 ||
	    limit(k, pids, "limit", "linux.resources.pids", 4194304, &hp, &p) < 0)
		return -1;
	if (hl)
		import_add_limit(k->ir, IR_CG_MEMORY_MAX, lim, 0, NULL);
	if (hs && hl && lim != IR_CG_UNLIMITED && swap != IR_CG_UNLIMITED) {
		if (swap < lim)
			return oci_bad(k, "linux.resources.memory", "swap below limit (swap is memory plus swap)");
		import_add_limit(k->ir, IR_CG_MEMORY_SWAP_MAX, swap - lim, 0, NULL);
	} else if (hs) {
		import_note(k->notes, "memory.swap without a memory limit: not imported");
	}
	if (hp)
		import_add_limit(k->ir, IR_CG_PIDS_MAX, p, 0, NULL);
	return 0;
}

static int cpu(struct oci_in *k, json_object *res)
{
	json_object *c;
	const char *cpus, *mems;
	uint64_t quota = IR_CG_UNLIMITED, period = 100000;
	bool hq, hp;
	const char *at = "linux.resources.cpu";
	if (oci_get(k, res, "cpu", json_type_object, "linux.resources", &c) < 0 ||
	    limit(k, c, "quota", at, 1ull << 40, &hq, &quota) < 0 || oci_uint(k, c, "period", 1000000, at, &hp, &period) < 0 ||
	    oci_str(k, c, "cpus", at, &cpus) < 0 || oci_str(k, c, "mems", at, &mems) < 0)
		return -1;
	if (hp && period < 1000)
		return oci_bad(k, at, "period: below 1000 us");
	if (hq)
		import_add_limit(k->ir, IR_CG_CPU_MAX, quota, period, NULL);
	if (cpus && (text_ok(k, cpus, ",-", at) < 0))
		return -1;
	if (mems && (text_ok(k, mems, ",-", at) < 0))
		return -1;
	if (cpus)
		import_add_limit(k->ir, IR_CG_CPUSET_CPUS, 0, 0, cpus);
	if (mems)
		import_add_limit(k->ir, IR_CG_CPUSET_MEMS, 0, 0, mems);
	return 0;
}

static int unified(struct oci_in *k, json_object *res)
{
	static const struct { const char *file; enum ir_cg_key key; uint64_t max; } num[] = {
		{ "memory.high", IR_CG_MEMORY_HIGH, 1ull << 60 }, { "memory.swap.max", IR_CG_MEMORY_SWAP_MAX, 1ull << 60 },
		{ "cpu.weight", IR_CG_CPU_WEIGHT, 10000 },        { "io.weight", IR_CG_IO_WEIGHT, 10000 },
	};
	json_object *u;
	const char *v;
	const char *at = "linux.resources.unified";
	if (oci_get(k, res, "unified", json_type_object, "linux.resources", &u) < 0)
		return -1;
	for (size_t i = 0; u && i < sizeof(num) / sizeof(num[0]); i++) {
		uint64_t n;
		char *end;
		if (oci_str(k, u, num[i].file, at, &v) < 0)
			return -1;
		if (!v)
			continue;
		if (!strcmp(v, "max") && num[i].max > 10000) {
			import_add_limit(k->ir, num[i].key, IR_CG_UNLIMITED, 0, NULL);
			continue;
		}
		n = (*v >= '0' && *v <= '9') ? strtoull(v, &end, 10) : 0;
		if (!n || *end || n > num[i].max)
			return oci_bad(k, at, "%s: '%.32s' out of range", num[i].file, v);
		import_add_limit(k->ir, num[i].key, n, 0, NULL);
	}
	if (oci_str(k, u, "io.max", at, &v) < 0 || (v && text_ok(k, v, ": rwbpsiomax=", at) < 0))
		return -1;
	if (v)
		import_add_limit(k->ir, IR_CG_IO_MAX, 0, 0, v);
	return 0;
}

static int one_device(struct oci_in *k, json_object *d, const char *at, struct ir_dev_rule *r)
{
	const char *type, *access;
	int allow;
	uint64_t maj = 0, min = 0;
	bool hmaj, hmin;
	if (!json_object_is_type(d, json_type_object))
		return oci_bad(k, at, "expected an object");
	if (oci_bool(k, d, "allow", at, &allow) < 0 || oci_str(k, d, "type", at, &type) < 0 ||
	    oci_str(k, d, "access", at, &access) < 0 || oci_uint(k, d, "major", UINT32_MAX - 1, at, &hmaj, &maj) < 0 ||
	    oci_uint(k, d, "minor", UINT32_MAX - 1, at, &hmin, &min) < 0)
		return -1;
	if (allow < 0 || (type && (strlen(type) != 1 || !strchr("abc", type[0]))))
		return oci_bad(k, at, "expected allow and a type a, b or c");
	r->allow = allow;
	r->type = type ? type[0] : 'a';
	r->major = hmaj ? (uint32_t)maj : IR_DEV_ANY;
	r->minor = hmin ? (uint32_t)min : IR_DEV_ANY;
	for (const char *c = access ? access : "rwm"; *c; c++) {
		if (*c == 'r') r->access |= IR_DEV_ACCESS_R;
		else if (*c == 'w') r->access |= IR_DEV_ACCESS_W;
		else if (*c == 'm') r->access |= IR_DEV_ACCESS_M;
		else return oci_bad(k, at, "access: expected r, w, m");
	}
	return 0;
}

/* export writes a deny-all first, then the rules: `devices { ... }`. */
static int devices(struct oci_in *k, json_object *res)
{
	json_object *list;
	size_t n;
	char at[64];
	struct ir_cgroup *cg = &k->ir->cgroup;
	if (oci_list(k, res, "devices", "linux.resources", &list, &n) < 0)
		return -1;
	if (!n)
		return 0;
	struct ir_dev_rule *rules = xcalloc(n, sizeof(*rules));
	for (size_t i = 0; i < n; i++)
		if (one_device(k, json_object_array_get_idx(list, i), oci_at(at, sizeof(at), "linux.resources.devices", i),
			       &rules[i]) < 0) {
			free(rules);
			return -1;
		}
	if (rules[0].allow || rules[0].type != 'a' || rules[0].access != 7) {
		import_note(k->notes, "linux.resources.devices does not start with a deny of everything: the runtime "
			    "adds its own defaults; not imported");
		free(rules);
		return 0;
	}
	memmove(rules, rules + 1, (n - 1) * sizeof(*rules));
	cg->devices = rules;
	cg->ndevices = n - 1;
	cg->devices_set = cg->set = true;
	return 0;
}

/* "/P/NAME" (export: "/polc/NAME" without a parent) -> parent P. */
static int cgroups_path(struct oci_in *k, json_object *lx)
{
	const char *p;
	if (oci_str(k, lx, "cgroupsPath", "linux", &p) < 0 || !p)
		return 0;
	const char *slash = strrchr(p, '/');
	if (p[0] != '/' || !slash || slash == p)
		return 0;
	char *parent = xstrndup(p + 1, (size_t)(slash - p - 1));
	int r = oci_check_word(k, parent, "linux.cgroupsPath");
	if (r == 0 && (strstr(parent, "..") || strstr(parent, "//")))
		r = oci_bad(k, "linux.cgroupsPath", "'..' or '//'");
	if (r == 0 && strcmp(parent, "polc") && k->ir->cgroup.set)
		k->ir->cgroup.parent = parent;
	else
		free(parent);
	return r;
}

static int resources(struct oci_in *k, json_object *lx)
{
	json_object *res;
	if (oci_get(k, lx, "resources", json_type_object, "linux", &res) < 0)
		return -1;
	if (!res)
		return 0;
	if (memory_pids(k, res) < 0 || cpu(k, res) < 0 || unified(k, res) < 0 || devices(k, res) < 0)
		return -1;
	if (k->ir->cgroup.set)
		k->ir->cgroup.optional = true; /* rootless runtimes leave limits out */
	return 0;
}

int oci_import_linux(struct oci_in *k, json_object *cfg)
{
	json_object *lx, *sec;
	struct ir_namespaces *n = &k->ir->namespaces;
	if (oci_get(k, cfg, "linux", json_type_object, "config", &lx) < 0)
		return -1;
	if (!lx)
		return 0;
	if (namespaces(k, lx) < 0 || idmap(k, lx, "uidMappings", &n->uid_map, &n->nuid_map) < 0 ||
	    idmap(k, lx, "gidMappings", &n->gid_map, &n->ngid_map) < 0 || resources(k, lx) < 0 ||
	    cgroups_path(k, lx) < 0 || oci_get(k, lx, "seccomp", json_type_object, "linux", &sec) < 0)
		return -1;
	if ((n->nuid_map || n->ngid_map) && n->ns[IR_NS_USER].mode != IR_NS_UNSHARE)
		return oci_bad(k, "linux.uidMappings", "id maps without a new user namespace");
	if (!sec)
		return 0;
	struct import_opts o = { .caps = k->ir->caps.keep, .engine = IR_ARCH_X86_64 };
	return import_seccomp_object(sec, &o, k->ir, k->notes, k->e);
}
