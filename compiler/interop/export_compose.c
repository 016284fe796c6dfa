/* polc export compose: the policy as one service of a Compose file
 * (the Compose Specification, which `docker compose` reads), written with
 * libyaml's emitter (export_yaml.c):
 *
 *   process     user "U:G", group_add, working_dir, hostname, environment
 *               (env_pass: NAME with no value, passed from the shell),
 *               ulimits, init, security_opt no-new-privileges
 *   caps        cap_drop [ALL] + cap_add
 *   namespaces  network_mode host / none (a namespace of its own without
 *               published ports) / the default bridge with ports; pid, ipc,
 *               uts, cgroup host or private
 *   filesystem  read_only for a read-only root; tmpfs in the short syntax
 *               (the options carry size, mode, nr_inodes and exec/suid/dev
 *               where the policy leaves off the engine's noexec,nosuid,
 *               nodev); binds in the long syntax
 *   cgroup      mem_limit, memswap_limit (memory plus swap), cpus,
 *               pids_limit, cpuset
 *   lsm         security_opt apparmor=, label=user:/role:/type:/level:
 *   syscalls    security_opt seccomp=./NAME.seccomp.json: the profile of
 *               `polc export docker-seccomp`, beside the Compose file
 *   network     ports ("[IP:]HOST:CONTAINER/PROTO", the short syntax)
 *
 * What Compose cannot say is a warning on stderr and a comment at the top
 * of the file (the same lines), as export k8s does. */
#include "interop/export.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "interop/export_k8s.h"
#include "interop/export_yaml.h"
#include "util/strbuf.h"
#include "util/xalloc.h"
#include "vocab/vocab.h"

static void add(json_object *obj, const char *key, json_object *val)
{
	json_object_object_add(obj, key, val);
}

static void add_str(json_object *arr, const char *s)
{
	json_object_array_add(arr, json_object_new_string(s));
}

static void add_if_any(json_object *obj, const char *key, json_object *arr)
{
	if (json_object_array_length(arr))
		add(obj, key, arr);
	else
		json_object_put(arr);
}

/* A Compose service name: letters, digits and ._- (the spec's pattern). */
static char *service_name(const char *name)
{
	struct strbuf b = STRBUF_INIT;
	for (const char *p = name && *name ? name : "policy"; *p; p++)
		sb_putc(&b, strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-", *p) ? *p : '-');
	return sb_steal(&b);
}

/* ---- process -------------------------------------------------------------- */

static void environment(struct export_ctx *x, json_object *svc)
{
	const struct ir_process *p = &x->ir->process;
	if (!p->nenv)
		return;
	json_object *env = json_object_new_object();
	for (size_t i = 0; i < p->nenv; i++) /* NULL (YAML null): passed from the caller's environment */
		add(env, p->env[i].name, p->env[i].value ? json_object_new_string(p->env[i].value) : NULL);
	add(svc, "environment", env);
}

static json_object *rlimit_value(uint64_t v)
{
	return json_object_new_int64(v == IR_RLIM_INFINITY ? -1 : (int64_t)v);
}

static void process(struct export_ctx *x, json_object *svc)
{
	const struct ir_process *p = &x->ir->process;
	char buf[32];
	if (x->ncommand) {
		json_object *cmd = json_object_new_array();
		for (size_t i = 0; i < x->ncommand; i++)
			add_str(cmd, x->command[i]);
		add(svc, "command", cmd);
	}
	if (p->user_set) {
		snprintf(buf, sizeof(buf), "%u:%u", p->uid, p->gid);
		add(svc, "user", json_object_new_string(buf));
	}
	json_object *groups = json_object_new_array();
	for (size_t i = 0; i < p->ngroups; i++) {
		snprintf(buf, sizeof(buf), "%u", p->groups[i]);
		add_str(groups, buf);
	}
	add_if_any(svc, "group_add", groups);
	if (p->cwd)
		add(svc, "working_dir", json_object_new_string(p->cwd));
	if (p->hostname)
		add(svc, "hostname", json_object_new_string(p->hostname));
	environment(x, svc);
	json_object *ul = json_object_new_object();
	for (int r = 0; r < IR_RLIMIT_COUNT; r++) {
		if (!p->rlimits[r].set || !vocab_rlimit_name(r))
			continue;
		json_object *l = json_object_new_object();
		add(l, "soft", rlimit_value(p->rlimits[r].soft));
		add(l, "hard", rlimit_value(p->rlimits[r].hard));
		add(ul, vocab_rlimit_name(r), l);
	}
	if (json_object_object_length(ul))
		add(svc, "ulimits", ul);
	else
		json_object_put(ul);
	add(svc, "init", json_object_new_boolean(p->init));
	if (p->umask_set)
		export_warn(x, "process: umask: Compose has no umask (the image's applies)");
}

static void capabilities(struct export_ctx *x, json_object *svc)
{
	json_object *drop = json_object_new_array(), *addl = json_object_new_array();
	char buf[64];
	add_str(drop, "ALL");
	for (int c = 0; c < 64; c++)
		if (x->ir->caps.keep & (1ull << c))
			add_str(addl, export_cap_name(c, buf, sizeof(buf)) + 4);
	add(svc, "cap_drop", drop);
	add_if_any(svc, "cap_add", addl);
	if (x->ir->caps.ambient)
		export_warn(x, "capabilities: ambient: Compose has no ambient capabilities; a non-root process starts without them");
}

/* ---- namespaces -------------------------------------------------------------- */

static bool publishes(const struct pol_ir *ir)
{
	for (size_t i = 0; i < ir->network.nrules; i++)
		if (ir->network.rules[i].kind == IR_NET_PUBLISH)
			return true;
	return false;
}

static void namespaces(struct export_ctx *x, json_object *svc)
{
	const struct ir_ns *ns = x->ir->namespaces.ns;
	static const struct {
		enum ir_ns_kind k;
		const char *key, *own;
	} modes[] = { { IR_NS_PID, "pid", NULL }, { IR_NS_IPC, "ipc", "private" }, { IR_NS_UTS, "uts", NULL },
		      { IR_NS_CGROUP, "cgroup", "private" } };
	if (ns[IR_NS_NET].mode == IR_NS_SHARE)
		add(svc, "network_mode", json_object_new_string("host"));
	else if (!publishes(x->ir)) /* without pasta's route a namespace of its own has only loopback */
		add(svc, "network_mode", json_object_new_string("none"));
	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		if (ns[modes[i].k].mode == IR_NS_SHARE)
			add(svc, modes[i].key, json_object_new_string("host"));
		else if (modes[i].own)
			add(svc, modes[i].key, json_object_new_string(modes[i].own));
	}
	if (ns[IR_NS_MOUNT].mode == IR_NS_SHARE)
		export_warn(x, "namespaces: mount shared: the engine gives every container a mount namespace of its own");
	if (ns[IR_NS_USER].mode == IR_NS_UNSHARE)
		export_warn(x, "namespaces: user: Compose cannot ask for a user namespace (the engine's userns-remap is daemon-wide)");
	if (ns[IR_NS_TIME].mode == IR_NS_UNSHARE)
		export_warn(x, "namespaces: time: the engine has no time namespace");
	for (int k = 0; k < IR_NS_COUNT; k++)
		if (ns[k].mode == IR_NS_JOIN)
			export_warn(x, "namespaces: join %s: Compose joins only other containers' namespaces", ir_ns_name((enum ir_ns_kind)k));
	if (x->ir->namespaces.nuid_map || x->ir->namespaces.ngid_map)
		export_warn(x, "namespaces: uid_map/gid_map: the engine's userns-remap picks the range");
}

/* ---- filesystem ------------------------------------------------------------- */

/* "/run:size=67108864,mode=1777,exec": the engine's noexec,nosuid,nodev
 * are undone where the policy leaves them off. */
static void tmpfs_entry(const struct ir_mount *m, json_object *list)
{
	struct strbuf b = STRBUF_INIT;
	const char *sep = ":";
	sb_puts(&b, m->target);
	if (m->flags & IR_MNT_HAS_SIZE) {
		sb_printf(&b, "%ssize=%llu", sep, (unsigned long long)m->size);
		sep = ",";
	}
	if (m->flags & IR_MNT_HAS_MODE) {
		sb_printf(&b, "%smode=%o", sep, m->mode);
		sep = ",";
	}
	if (m->flags & IR_MNT_HAS_INODES) {
		sb_printf(&b, "%snr_inodes=%u", sep, m->nr_inodes);
		sep = ",";
	}
	static const struct { uint32_t bit; const char *word; } undo[] = {
		{ IR_MNT_NOEXEC, "exec" }, { IR_MNT_NOSUID, "suid" }, { IR_MNT_NODEV, "dev" } };
	for (size_t i = 0; i < 3; i++)
		if (!(m->flags & undo[i].bit)) {
			sb_printf(&b, "%s%s", sep, undo[i].word);
			sep = ",";
		}
	add_str(list, sb_str(&b));
	sb_free(&b);
}

static void bind_entry(struct export_ctx *x, const struct ir_mount *m, json_object *list)
{
	json_object *v = json_object_new_object();
	add(v, "type", json_object_new_string("bind"));
	add(v, "source", json_object_new_string(m->source));
	add(v, "target", json_object_new_string(m->target));
	add(v, "read_only", json_object_new_boolean(!(m->flags & IR_MNT_RW)));
	json_object_array_add(list, v);
	if (m->flags & (IR_MNT_NOSUID | IR_MNT_NODEV | IR_MNT_NOEXEC))
		export_warn(x, "filesystem: %s: nosuid/nodev/noexec: a Compose bind has no such options", m->target);
	if (m->flags & IR_MNT_OPTIONAL)
		export_warn(x, "filesystem: bind %s: optional: the engine refuses to start without the source", m->target);
	if (m->flags & IR_MNT_IDMAP)
		export_warn(x, "filesystem: bind %s: idmap: a Compose bind has no idmap: the directory's owner "
			    "shows as the engine's user namespace maps it (chown it to the shifted uid)", m->target);
	if (!(m->flags & IR_MNT_RECURSIVE))
		export_warn(x, "filesystem: bind %s: not recursive: the engine's binds are recursive", m->target);
}

static bool runtime_path(const char *path, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(path, list[i]))
			return true;
	return false;
}

/* What the engine gives every container whatever the file says: proc,
 * dev, sysfs and its default masks (the CRI runtimes' list, the same). */
static void runtime_defaults(struct export_ctx *x)
{
	static const struct {
		enum ir_mount_kind kind;
		const char *target;
	} always[] = { { IR_MOUNT_PROC, "/proc" }, { IR_MOUNT_DEV, "/dev" }, { IR_MOUNT_SYSFS, "/sys" },
		       { IR_MOUNT_MQUEUE, "/dev/mqueue" } };
	size_t masked = 0, readonly = 0;
	for (size_t i = 0; i < x->ir->filesystem.nmounts; i++) {
		const struct ir_mount *m = &x->ir->filesystem.mounts[i];
		masked += m->kind == IR_MOUNT_MASK && runtime_path(m->target, k8s_runtime_masked, k8s_nruntime_masked);
		readonly += m->kind == IR_MOUNT_READONLY && runtime_path(m->target, k8s_runtime_readonly, k8s_nruntime_readonly);
	}
	for (size_t a = 0; a < sizeof(always) / sizeof(always[0]); a++) {
		bool has = false;
		for (size_t i = 0; i < x->ir->filesystem.nmounts; i++)
			has |= x->ir->filesystem.mounts[i].kind == always[a].kind &&
			       !strcmp(x->ir->filesystem.mounts[i].target, always[a].target);
		if (!has)
			export_warn(x, "filesystem: no %s %s: the engine mounts it in every container",
				    ir_mount_kind_name(always[a].kind), always[a].target);
	}
	if (masked != k8s_nruntime_masked || readonly != k8s_nruntime_readonly)
		export_warn(x, "filesystem: the engine adds its default masks and read-only paths (/proc/kcore, /proc/sys, ...)");
}

static void filesystem(struct export_ctx *x, json_object *svc)
{
	const struct pol_ir *ir = x->ir;
	const struct ir_mount *root = export_root(ir);
	json_object *tmpfs = json_object_new_array(), *vols = json_object_new_array();
	if (root && !(root->flags & IR_MNT_RW))
		add(svc, "read_only", json_object_new_boolean(1));
	for (size_t i = 0; i < ir->filesystem.nmounts; i++) {
		const struct ir_mount *m = &ir->filesystem.mounts[i];
		switch (m->kind) {
		case IR_MOUNT_TMPFS:
			tmpfs_entry(m, tmpfs);
			export_warn_tmpfs_owner(x, m, "no Compose key");
			break;
		case IR_MOUNT_BIND: bind_entry(x, m, vols); break;
		case IR_MOUNT_ROOT: export_warn(x, "filesystem: root %s: the image is the root in Compose", m->source); break;
		case IR_MOUNT_PROC:
		case IR_MOUNT_DEV:
		case IR_MOUNT_SYSFS: break;
		case IR_MOUNT_MQUEUE:
			if (!strcmp(m->target, "/dev/mqueue"))
				break;
			export_warn(x, "filesystem: mqueue %s: the engine mounts it at /dev/mqueue only", m->target);
			break;
		case IR_MOUNT_MASK:
		case IR_MOUNT_READONLY:
			if (runtime_path(m->target, m->kind == IR_MOUNT_MASK ? k8s_runtime_masked : k8s_runtime_readonly,
					 m->kind == IR_MOUNT_MASK ? k8s_nruntime_masked : k8s_nruntime_readonly))
				break;
			/* fall through */
		default:
			if (m == root)
				export_warn(x, "filesystem: overlay root: the image is the root in Compose");
			else
				export_warn(x, "filesystem: %s %s: no Compose key", ir_mount_kind_name(m->kind), m->target);
		}
	}
	add_if_any(svc, "tmpfs", tmpfs);
	add_if_any(svc, "volumes", vols);
	runtime_defaults(x);
}

/* ---- cgroup ------------------------------------------------------------------ */

static void cgroup(struct export_ctx *x, json_object *svc)
{
	const struct pol_ir *ir = x->ir;
	const struct ir_cg_limit *mem = export_cg(ir, IR_CG_MEMORY_MAX);
	char buf[32];
	for (size_t i = 0; i < ir->cgroup.nlimits; i++) {
		const struct ir_cg_limit *l = &ir->cgroup.limits[i];
		switch (l->key) {
		case IR_CG_MEMORY_MAX:
			if (l->num != IR_CG_UNLIMITED)
				add(svc, "mem_limit", json_object_new_int64((int64_t)l->num));
			break;
		case IR_CG_MEMORY_SWAP_MAX:
			if (l->num == IR_CG_UNLIMITED)
				add(svc, "memswap_limit", json_object_new_int(-1));
			else if (mem && mem->num != IR_CG_UNLIMITED)
				add(svc, "memswap_limit", json_object_new_int64((int64_t)(mem->num + l->num)));
			else
				export_warn(x, "cgroup: memory.swap.max: Compose limits swap only with a memory limit");
			break;
		case IR_CG_PIDS_MAX:
			add(svc, "pids_limit", json_object_new_int64(l->num == IR_CG_UNLIMITED ? -1 : (int64_t)l->num));
			break;
		case IR_CG_CPU_MAX:
			if (l->num == IR_CG_UNLIMITED || !l->num2)
				break;
			snprintf(buf, sizeof(buf), "%llu.%03llu", (unsigned long long)(l->num / l->num2),
				 (unsigned long long)(l->num % l->num2 * 1000 / l->num2));
			add(svc, "cpus", json_object_new_string(buf));
			if (l->num % l->num2 * 1000 % l->num2 || l->num2 != 100000)
				export_warn(x, "cgroup: cpu.max: Compose's cpus is in thousandths of a CPU per 100 ms");
			break;
		case IR_CG_CPUSET_CPUS: add(svc, "cpuset", json_object_new_string(l->text)); break;
		default:
			export_warn(x, "cgroup: %s: no Compose key with the same meaning", ir_cg_key_name(l->key));
		}
	}
	if (ir->cgroup.optional)
		export_warn(x, "cgroup: optional: the engine always applies the limits");
	if (ir->cgroup.devices_set)
		export_warn(x, "cgroup: devices: the engine's default device list applies");
}

/* ---- lsm and syscalls -------------------------------------------------------- */

static void security_opt(struct export_ctx *x, json_object *svc, const char *name)
{
	const struct ir_lsm *l = &x->ir->lsm;
	json_object *opts = json_object_new_array();
	struct strbuf b = STRBUF_INIT;
	add_str(opts, x->ir->process.no_new_privs ? "no-new-privileges:true" : "no-new-privileges:false");
	if (x->ir->syscalls.set) {
		sb_printf(&b, "seccomp=./%s.seccomp.json", name);
		add_str(opts, sb_str(&b));
		json_object_put(export_seccomp_json(x)); /* its own warnings: what the profile cannot say */
	} else {
		add_str(opts, "seccomp=unconfined");
	}
	if (l->apparmor.name) {
		sb_reset(&b);
		sb_printf(&b, "apparmor=%s", l->apparmor.name);
		add_str(opts, sb_str(&b));
		if (l->apparmor.generate)
			export_warn(x, "lsm: apparmor generate: load the profile %s on the host (polc build writes it) before "
				       "docker compose up", l->apparmor.name);
	}
	if (l->selinux.name) {
		static const char *const keys[] = { "user", "role", "type", "level" };
		const char *p = l->selinux.name;
		for (int i = 0; i < 4 && p; i++) {
			const char *end = i < 3 ? strchr(p, ':') : NULL;
			sb_reset(&b);
			sb_printf(&b, "label=%s:%.*s", keys[i], (int)(end ? (size_t)(end - p) : strlen(p)), p);
			add_str(opts, sb_str(&b));
			p = end ? end + 1 : NULL;
		}
	}
	if (l->apparmor.optional || l->selinux.optional)
		export_warn(x, "lsm: optional: the engine refuses to start without the profile or label");
	if (l->landlock.set)
		export_warn(x, "landlock: Compose has no Landlock key; the rules are not enforced");
	sb_free(&b);
	add(svc, "security_opt", opts);
}

/* ---- network ------------------------------------------------------------------ */

static void network(struct export_ctx *x, json_object *svc)
{
	const struct ir_network *n = &x->ir->network;
	json_object *ports = json_object_new_array();
	char text[160], a[64];
	for (size_t i = 0; i < n->nrules; i++) {
		const struct ir_net_rule *r = &n->rules[i];
		if (r->kind != IR_NET_PUBLISH) {
			export_warn(x, "%s: %s", ir_net_text(r, text, sizeof(text)),
				    r->kind == IR_NET_CONNECT ? "Compose has no egress rules" : "Compose has no socket activation");
			continue;
		}
		/* the short syntax: every Compose reader takes it (the long one's
		 * host_ip is newer than docker-compose 1.29) */
		char spec[96] = "";
		if (!r->any_addr)
			snprintf(spec, sizeof(spec), r->v6 ? "[%s]:" : "%s:", inet_ntop(r->v6 ? AF_INET6 : AF_INET, r->addr, a, sizeof(a)));
		snprintf(spec + strlen(spec), sizeof(spec) - strlen(spec), "%u:%u/%s", r->host_port, r->port,
			 r->proto == 6 ? "tcp" : "udp");
		add_str(ports, spec);
	}
	add_if_any(svc, "ports", ports);
	if (n->dns_host)
		export_warn(x, "dns host: the engine writes the container's resolv.conf itself");
}

/* Compose interpolates $NAME and ${NAME} in every value; "$$" is a "$".
 * Every string of the tree is a literal of the policy's: each '$' doubled. */
static void escape_dollars(json_object *v, int depth)
{
	if (depth > 16)
		return;
	if (json_object_is_type(v, json_type_string) && strchr(json_object_get_string(v), '$')) {
		struct strbuf b = STRBUF_INIT;
		for (const char *p = json_object_get_string(v); *p; p++) {
			if (*p == '$')
				sb_putc(&b, '$');
			sb_putc(&b, *p);
		}
		json_object_set_string(v, sb_str(&b));
		sb_free(&b);
	} else if (json_object_is_type(v, json_type_object)) {
		json_object_object_foreach(v, key, val)
		{
			(void)key;
			escape_dollars(val, depth + 1);
		}
	} else if (json_object_is_type(v, json_type_array)) {
		for (size_t i = 0; i < json_object_array_length(v); i++)
			escape_dollars(json_object_array_get_idx(v, i), depth + 1);
	}
}

int export_compose(struct export_ctx *x, FILE *out, struct err *e)
{
	char *name = service_name(x->k8s_name ? x->k8s_name : x->ir->name);
	json_object *doc = json_object_new_object(), *services = json_object_new_object(),
		    *svc = json_object_new_object();
	add(svc, "image", json_object_new_string(x->k8s_image ? x->k8s_image : "busybox:stable"));
	process(x, svc);
	capabilities(x, svc);
	namespaces(x, svc);
	filesystem(x, svc);
	cgroup(x, svc);
	security_opt(x, svc, name);
	network(x, svc);
	escape_dollars(svc, 0);
	add(services, name, svc);
	add(doc, "services", services);
	/* the head, where the profile goes, then each warning: one comment line each */
	size_t n = x->nwarnings + 2;
	struct strbuf *lines = xcalloc(n, sizeof(*lines));
	char **comments = xcalloc(n, sizeof(*comments));
	sb_printf(&lines[0], "Generated by `polc export compose` from policy %s.", x->ir->name ? x->ir->name : "(unnamed)");
	if (x->ir->syscalls.set)
		sb_printf(&lines[1], "The seccomp profile: polc export docker-seccomp POLICY -o %s.seccomp.json, beside this file.",
			  name);
	for (size_t i = 0; i < x->nwarnings; i++)
		sb_printf(&lines[i + 2], "polc: not enforced: %s", x->warnings[i] ? x->warnings[i] : "?");
	for (size_t i = 0; i < n; i++)
		comments[i] = lines[i].len ? lines[i].s : NULL;
	int r = export_write_yaml(doc, comments, n, out, e);
	for (size_t i = 0; i < n; i++)
		sb_free(&lines[i]);
	free(lines);
	free(comments);
	json_object_put(doc);
	free(name);
	return r;
}
