/* polc import compose docker-compose.yml [--service NAME]: one service of
 * a Compose file (version 2, 3 or the Compose Specification) back to a
 * policy IR, as `docker compose up` would run it on the Docker engine
 * (docs/kubernetes.md, "Compose", has the table):
 *
 *   - what every container of the engine has is written out: its own
 *     mount, UTS, IPC, PID, network and cgroup namespaces, proc/dev/sysfs
 *     and the engine's default masks, Docker's default capability set
 *     unless cap_drop says ALL;
 *   - `privileged: true` and `cap_add: [ALL]` are refused (one line);
 *   - security_opt seccomp=FILE is imported through the Docker seccomp
 *     import (import_docker.c) for the capabilities kept, FILE relative to
 *     the Compose file's directory, as docker compose reads it;
 *   - what a policy cannot say (a named volume, a random host port, a user
 *     by name) is a note at the top of the .pol, never silently dropped.
 *
 * The mounts, limits and ports are import_compose_res.c. */
#include "interop/import_compose.h"

#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "interop/import_scmp.h"
#include "interop/import_yaml.h"
#include "util/strbuf.h"
#include "util/xalloc.h"
#include "vocab/vocab.h"

/* ---- the service ------------------------------------------------------ */

static void list_names(json_object *services, char *buf, size_t size)
{
	size_t n = 0;
	buf[0] = '\0';
	json_object_object_foreach(services, key, val)
	{
		(void)val;
		int w = snprintf(buf + n, size - n, "%s%s", n ? ", " : "", key);
		if (w < 0 || (size_t)w >= size - n) {
			snprintf(buf + size - 5, 5, "...");
			return;
		}
		n += (size_t)w;
	}
}

static json_object *find_service(struct compose_in *c, json_object *doc, const char *want, const char **name)
{
	json_object *services, *found = NULL;
	char names[256];
	if (!json_object_is_type(doc, json_type_object)) {
		tree_bad(&c->t, doc, "compose file", "expected a mapping");
		return NULL;
	}
	if (tree_field(&c->t, doc, "services", json_type_object, &services) < 0)
		return NULL;
	if (!services || !json_object_object_length(services)) {
		err_set(c->t.e, 0, "import", "%s: no services (a version 1 file has none: move the services under 'services:')",
			c->t.path);
		return NULL;
	}
	list_names(services, names, sizeof(names));
	if (want && !json_object_object_get_ex(services, want, &found)) {
		err_set(c->t.e, 0, "import", "%s: no service named '%s' (services: %s)", c->t.path, want, names);
		return NULL;
	}
	if (!want && json_object_object_length(services) != 1) {
		err_set(c->t.e, 0, "import", "%s: %d services: name one with --service (%s)", c->t.path,
			json_object_object_length(services), names);
		return NULL;
	}
	if (!want) {
		json_object_object_foreach(services, key, val)
		{
			found = val;
			want = key;
		}
	}
	if (!json_object_is_type(found, json_type_object)) {
		tree_bad(&c->t, found, want, "a service is a mapping");
		return NULL;
	}
	*name = want;
	return found;
}

/* ---- process ------------------------------------------------------------ */

/* "1000", "1000:1000", 1000; a name is the image's /etc/passwd's business. */
static int user(struct compose_in *c, json_object *svc)
{
	json_object *v;
	struct ir_process *p = &c->ir->process;
	if (!json_object_object_get_ex(svc, "user", &v))
		return 0;
	char buf[32];
	const char *s = buf;
	if (json_object_is_type(v, json_type_int))
		snprintf(buf, sizeof(buf), "%lld", (long long)json_object_get_int64(v));
	else if (json_object_is_type(v, json_type_string))
		s = json_object_get_string(v);
	else
		return tree_bad(&c->t, v, "user", "expected uid[:gid]");
	char *end;
	uint64_t uid, gid = 0;
	if (compose_uint(s, UINT32_MAX - 1, &uid, &end) < 0 || (*end && *end != ':') ||
	    (*end == ':' && (compose_uint(end + 1, UINT32_MAX - 1, &gid, &end) < 0 || *end))) {
		import_note(c->notes, "user %s: a user or group by name is the image's; not imported", s);
		return 0;
	}
	if (!strchr(s, ':'))
		import_note(c->notes, "user %s without a group: the image decides it; imported as gid 0", s);
	p->user_set = true;
	p->uid = (uint32_t)uid;
	p->gid = (uint32_t)gid;
	return 0;
}

static int group_add(struct compose_in *c, json_object *svc)
{
	json_object *list;
	struct ir_process *p = &c->ir->process;
	if (tree_field(&c->t, svc, "group_add", json_type_array, &list) < 0)
		return -1;
	if (!list)
		return 0;
	size_t n = json_object_array_length(list);
	p->groups = xcalloc(n ? n : 1, sizeof(*p->groups));
	for (size_t i = 0; i < n; i++) {
		json_object *g = json_object_array_get_idx(list, i);
		uint64_t v;
		char *end;
		const char *s = json_object_is_type(g, json_type_string) ? json_object_get_string(g) : NULL;
		if (json_object_is_type(g, json_type_int) && json_object_get_int64(g) >= 0 &&
		    json_object_get_int64(g) < UINT32_MAX)
			v = (uint64_t)json_object_get_int64(g);
		else if (!s || compose_uint(s, UINT32_MAX - 1, &v, &end) < 0 || *end) {
			import_note(c->notes, "group_add %s: a group by name is the image's; not imported", s ? s : "?");
			continue;
		}
		p->groups[p->ngroups++] = (uint32_t)v;
	}
	p->groups_set = p->ngroups > 0;
	return 0;
}

/* A value as Compose reads it: "$$" is a "$"; a "$NAME" or "${NAME}" it
 * would interpolate is kept as written, with a note. */
static char *unescape_dollars(struct compose_in *c, const char *name, const char *value)
{
	struct strbuf b = STRBUF_INIT;
	bool interpolated = false;
	for (const char *p = value; *p; p++) {
		if (p[0] == '$' && p[1] == '$')
			p++;
		else if (p[0] == '$' && (p[1] == '{' || p[1] == '_' || (p[1] >= 'A' && p[1] <= 'Z') || (p[1] >= 'a' && p[1] <= 'z')))
			interpolated = true;
		sb_putc(&b, *p);
	}
	if (interpolated)
		import_note(c->notes, "environment %s: '$NAME' is taken literally (run `docker compose config` first to interpolate)",
			    name);
	return sb_steal(&b);
}

static int env_entry(struct compose_in *c, json_object *at, const char *name, const char *value)
{
	struct ir_process *p = &c->ir->process;
	if (tree_word(&c->t, at, "environment", name) < 0 || (value && tree_text(&c->t, at, "environment", value) < 0))
		return -1;
	p->env = xreallocarray(p->env, p->nenv + 1, sizeof(*p->env));
	memset(&p->env[p->nenv], 0, sizeof(*p->env));
	p->env[p->nenv].name = xstrdup(name);
	p->env[p->nenv++].value = value ? unescape_dollars(c, name, value) : NULL; /* NULL: env_pass */
	return 0;
}

/* A mapping {NAME: value} (null: passed from the caller) or a list of
 * "NAME=value" / "NAME" (passed). */
static int environment(struct compose_in *c, json_object *svc)
{
	json_object *env;
	char scalar[32];
	if (!json_object_object_get_ex(svc, "environment", &env))
		return 0;
	if (json_object_is_type(env, json_type_object)) {
		json_object_object_foreach(env, key, val)
		{
			const char *value = scalar;
			if (yaml_node_is_null(val))
				value = NULL;
			else if (json_object_is_type(val, json_type_string))
				value = json_object_get_string(val);
			else if (json_object_is_type(val, json_type_int) || json_object_is_type(val, json_type_boolean))
				snprintf(scalar, sizeof(scalar), "%s", json_object_to_json_string_ext(val, JSON_C_TO_STRING_PLAIN));
			else
				return tree_bad(&c->t, val, key, "expected a value");
			if (env_entry(c, val, key, value) < 0)
				return -1;
		}
		return 0;
	}
	if (!json_object_is_type(env, json_type_array))
		return tree_bad(&c->t, env, "environment", "expected a mapping or a list");
	for (size_t i = 0; i < json_object_array_length(env); i++) {
		json_object *e = json_object_array_get_idx(env, i);
		if (!json_object_is_type(e, json_type_string))
			return tree_bad(&c->t, e, "environment", "expected NAME=value");
		char *name = xstrdup(json_object_get_string(e)), *eq = strchr(name, '=');
		if (eq)
			*eq = '\0';
		int r = env_entry(c, e, name, eq ? eq + 1 : NULL);
		free(name);
		if (r < 0)
			return -1;
	}
	return 0;
}

static int process(struct compose_in *c, json_object *svc)
{
	struct ir_process *p = &c->ir->process;
	const char *cwd = tree_str(svc, "working_dir"), *host = tree_str(svc, "hostname");
	int init, ro;
	json_object *cwd_node = NULL, *host_node = NULL;
	json_object_object_get_ex(svc, "working_dir", &cwd_node);
	json_object_object_get_ex(svc, "hostname", &host_node);
	if (cwd && cwd[0] != '/')
		return tree_bad(&c->t, cwd_node, "working_dir", "expected an absolute path");
	if ((cwd && tree_word(&c->t, cwd_node, "working_dir", cwd) < 0) ||
	    (host && tree_word(&c->t, host_node, "hostname", host) < 0))
		return -1;
	p->cwd = cwd ? compose_path(NULL, cwd) : NULL;
	p->hostname = host ? xstrdup(host) : NULL;
	if (tree_bool(&c->t, svc, "init", &init) < 0 || tree_bool(&c->t, svc, "read_only", &ro) < 0)
		return -1;
	p->init = init == 1; /* the engine runs no init unless asked */
	if (ro == 1)
		import_note(c->notes, "read_only: the image is the root; give the policy a root (`root DIR readonly`) to keep it");
	if (json_object_object_get_ex(svc, "env_file", NULL))
		import_note(c->notes, "env_file: not read; add its variables to the policy's env");
	if (json_object_object_get_ex(svc, "command", NULL) || json_object_object_get_ex(svc, "entrypoint", NULL))
		import_note(c->notes, "command/entrypoint: a policy has no command (give it to enforce after --)");
	if (user(c, svc) < 0 || group_add(c, svc) < 0)
		return -1;
	return environment(c, svc);
}

/* ---- privileges ---------------------------------------------------------- */

static int cap_list(struct compose_in *c, json_object *svc, const char *key, uint64_t *mask, bool *all)
{
	json_object *list;
	*mask = 0;
	*all = false;
	if (tree_field(&c->t, svc, key, json_type_array, &list) < 0)
		return -1;
	for (size_t i = 0; list && i < json_object_array_length(list); i++) {
		json_object *v = json_object_array_get_idx(list, i);
		const char *name = json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;
		int nr = name ? vocab_capability(name) : -1;
		if (name && (!strcmp(name, "ALL") || !strcmp(name, "CAP_ALL")))
			*all = true;
		else if (nr < 0 || nr > 63)
			return tree_bad(&c->t, v, key, "expected a capability name");
		else
			*mask |= 1ull << nr;
	}
	return 0;
}

static int privileges(struct compose_in *c, json_object *svc)
{
	int priv;
	uint64_t add, drop;
	bool add_all, drop_all;
	if (tree_bool(&c->t, svc, "privileged", &priv) < 0)
		return -1;
	if (priv == 1) {
		json_object *v;
		json_object_object_get_ex(svc, "privileged", &v);
		return tree_bad(&c->t, v, "privileged", "a privileged container has no confinement to import; refused");
	}
	if (cap_list(c, svc, "cap_add", &add, &add_all) < 0 || cap_list(c, svc, "cap_drop", &drop, &drop_all) < 0)
		return -1;
	if (add_all) {
		json_object *v;
		json_object_object_get_ex(svc, "cap_add", &v);
		return tree_bad(&c->t, v, "cap_add", "ALL is every capability; refused");
	}
	c->ir->caps.set = true;
	c->ir->caps.keep = ((drop_all ? 0 : scmp_docker_default_caps()) & ~drop) | add;
	return 0;
}

/* ---- security_opt -------------------------------------------------------- */

static int seccomp_file(struct compose_in *c, json_object *at, const char *file)
{
	if (!c->dir) {
		import_note(c->notes, "security_opt seccomp=%s: not read here; import it with `polc import docker-seccomp`", file);
		return 0;
	}
	char *path = compose_path(c->dir, file);
	struct import_opts o = { .caps = c->ir->caps.keep, .engine = IR_ARCH_X86_64 };
	struct stat st;
	int r;
	/* the file named is the Compose file's choice: a FIFO or a device
	 * there would hang or feed the import, whatever its size */
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode))
		r = err_set(c->t.e, 0, "import", "%s: not a regular file", path);
	else
		r = import_docker_seccomp(path, &o, c->ir, c->notes, c->t.e);
	free(path);
	if (r < 0) { /* the profile's own error, and where the Compose file names it */
		struct strbuf what = STRBUF_INIT;
		sb_printf(&what, "seccomp profile: %s", c->t.e->detail);
		tree_bad(&c->t, at, "security_opt", sb_str(&what));
		sb_free(&what);
	}
	return r;
}

/* "label=user:U" ... "label=level:L" together give the SELinux context. */
struct selinux_parts {
	const char *user, *role, *type, *level;
};

static int label_part(struct compose_in *c, json_object *at, const char *v, struct selinux_parts *sp)
{
	static const char *const keys[] = { "user:", "role:", "type:", "level:" };
	const char **slots[] = { &sp->user, &sp->role, &sp->type, &sp->level };
	for (int i = 0; i < 4; i++)
		if (!strncmp(v, keys[i], strlen(keys[i]))) {
			*slots[i] = v + strlen(keys[i]);
			return tree_word(&c->t, at, "security_opt", *slots[i]);
		}
	import_note(c->notes, "security_opt label=%s: not imported", v);
	return 0;
}

static int one_security_opt(struct compose_in *c, json_object *at, const char *opt, struct selinux_parts *sp,
			    bool *seccomp_said)
{
	size_t klen = strcspn(opt, "=:");
	const char *v = opt[klen] ? opt + klen + 1 : NULL;
	if (!strncmp(opt, "no-new-privileges", klen) && klen == 17) {
		if (v && strcmp(v, "true") && strcmp(v, "false"))
			return tree_bad(&c->t, at, "security_opt", "no-new-privileges: expected true or false");
		c->ir->process.no_new_privs = !v || !strcmp(v, "true");
		return 0;
	}
	if (!v)
		return tree_bad(&c->t, at, "security_opt", "expected KEY=VALUE");
	if (!strncmp(opt, "seccomp", klen) && klen == 7) {
		*seccomp_said = true;
		return strcmp(v, "unconfined") ? seccomp_file(c, at, v) : 0;
	}
	if (!strncmp(opt, "apparmor", klen) && klen == 8) {
		if (strcmp(v, "unconfined")) {
			if (tree_word(&c->t, at, "security_opt", v) < 0)
				return -1;
			free(c->ir->lsm.apparmor.name);
			c->ir->lsm.apparmor.name = xstrdup(v);
		}
		return 0;
	}
	if (!strncmp(opt, "label", klen) && klen == 5)
		return label_part(c, at, v, sp);
	if (!strncmp(opt, "systempaths", klen) && klen == 11 && !strcmp(v, "unconfined")) {
		c->unmasked = true;
		return 0;
	}
	import_note(c->notes, "security_opt %s: not imported", opt);
	return 0;
}

static int security_opt(struct compose_in *c, json_object *svc)
{
	json_object *list;
	struct selinux_parts sp = { 0 };
	bool seccomp_said = false;
	if (tree_field(&c->t, svc, "security_opt", json_type_array, &list) < 0)
		return -1;
	c->ir->process.no_new_privs = false; /* the engine's default */
	for (size_t i = 0; list && i < json_object_array_length(list); i++) {
		json_object *o = json_object_array_get_idx(list, i);
		if (!json_object_is_type(o, json_type_string))
			return tree_bad(&c->t, o, "security_opt", "expected a string");
		if (one_security_opt(c, o, json_object_get_string(o), &sp, &seccomp_said) < 0)
			return -1;
	}
	if (sp.user && sp.role && sp.type) {
		if (asprintf(&c->ir->lsm.selinux.name, "%s:%s:%s%s%s", sp.user, sp.role, sp.type, sp.level ? ":" : "",
			     sp.level ? sp.level : "") < 0)
			xalloc_die();
	} else if (sp.user || sp.role || sp.type || sp.level) {
		import_note(c->notes, "security_opt label= without user, role and type: the engine completes it; not imported");
	}
	if (!seccomp_said)
		import_note(c->notes, "no security_opt seccomp: the engine applies its default profile (`use default` is polc's "
				      "equivalent); the policy has no syscalls section");
	return 0;
}

/* ---- namespaces -------------------------------------------------------- */

static int ns_option(struct compose_in *c, json_object *svc, const char *key, enum ir_ns_kind ns)
{
	json_object *v;
	if (tree_field(&c->t, svc, key, json_type_string, &v) < 0)
		return -1;
	const char *s = v ? json_object_get_string(v) : NULL;
	if (s && !strcmp(s, "host"))
		c->ir->namespaces.ns[ns].mode = IR_NS_SHARE;
	else if (s && strcmp(s, "private") && strcmp(s, "shareable") && strcmp(s, ""))
		import_note(c->notes, "%s: %s: another container's namespace; imported as one of its own", key, s);
	return 0;
}

static int namespaces(struct compose_in *c, json_object *svc)
{
	struct ir_ns *ns = c->ir->namespaces.ns;
	const enum ir_ns_kind own[] = { IR_NS_MOUNT, IR_NS_UTS, IR_NS_IPC, IR_NS_PID, IR_NS_NET, IR_NS_CGROUP };
	for (size_t i = 0; i < sizeof(own) / sizeof(own[0]); i++)
		ns[own[i]].mode = IR_NS_UNSHARE;
	json_object *v;
	if (tree_field(&c->t, svc, "network_mode", json_type_string, &v) < 0)
		return -1;
	const char *mode = v ? json_object_get_string(v) : "bridge";
	c->host_net = !strcmp(mode, "host");
	if (c->host_net)
		ns[IR_NS_NET].mode = IR_NS_SHARE;
	else if (!strcmp(mode, "bridge") || !strcmp(mode, "default"))
		c->bridge = true;
	else if (strcmp(mode, "none"))
		import_note(c->notes, "network_mode %s: another container's network; imported as one of its own", mode);
	if (ns_option(c, svc, "pid", IR_NS_PID) < 0 || ns_option(c, svc, "ipc", IR_NS_IPC) < 0 ||
	    ns_option(c, svc, "uts", IR_NS_UTS) < 0 || ns_option(c, svc, "cgroup", IR_NS_CGROUP) < 0)
		return -1;
	if (tree_field(&c->t, svc, "userns_mode", json_type_string, &v) < 0)
		return -1;
	if (v && strcmp(json_object_get_string(v), "host"))
		import_note(c->notes, "userns_mode %s: not imported", json_object_get_string(v));
	return 0;
}

/* ---- the whole service -------------------------------------------------- */

static void unimported(struct compose_in *c, json_object *svc)
{
	static const char *const keys[] = { "devices", "device_cgroup_rules", "sysctls", "cgroup_parent", "shm_size",
		"cpu_shares", "cpu_rt_runtime", "cpu_rt_period", "blkio_config", "oom_kill_disable", "oom_score_adj",
		"storage_opt", "runtime", "isolation", "mem_reservation", "mem_swappiness", "volumes_from", "extra_hosts",
		"dns", "dns_search", "secrets", "configs" };
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (json_object_object_get_ex(svc, keys[i], NULL))
			import_note(c->notes, "%s: not imported (no policy equivalent)", keys[i]);
}

static char *policy_name(const char *service)
{
	char *name = xstrdup(service);
	for (char *p = name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-' ||
		      *p == '_'))
			*p = '-';
	return name;
}

static int import_doc(struct compose_in *c, json_object *docs, const char *want)
{
	const char *name = NULL;
	if (json_object_array_length(docs) != 1)
		return err_set(c->t.e, 0, "import", "%s: a Compose file is one YAML document, not %zu", c->t.path,
			       json_object_array_length(docs));
	json_object *svc = find_service(c, json_object_array_get_idx(docs, 0), want, &name);
	if (!svc)
		return -1;
	if (!c->ir->name)
		c->ir->name = policy_name(name);
	if (privileges(c, svc) < 0 || process(c, svc) < 0 || namespaces(c, svc) < 0 || security_opt(c, svc) < 0)
		return -1;
	import_runtime_mounts(c->ir, c->unmasked);
	import_add_mount(c->ir, IR_MOUNT_MQUEUE, NULL, "/dev/mqueue", 0); /* the engine's, with its IPC namespace */
	if (compose_mounts(c, svc) < 0 || compose_resources(c, svc) < 0 || compose_ulimits(c, svc) < 0 ||
	    compose_ports(c, svc) < 0)
		return -1;
	unimported(c, svc);
	return 0;
}

static int import_loaded(struct compose_in *c, json_object *docs, const char *want)
{
	if (!docs)
		return -1;
	int r = import_doc(c, docs, want);
	json_object_put(docs);
	return r;
}

int import_compose(const char *path, const char *service, struct pol_ir *ir, struct import_notes *notes,
		   struct err *e)
{
	char *copy = xstrdup(path), dir[PATH_MAX];
	/* relative sources (./data, seccomp=./p.json) are the Compose file's directory's */
	if (!realpath(dirname(copy), dir)) {
		free(copy);
		return err_set(e, errno, "import", "%s", path);
	}
	free(copy);
	struct compose_in c = { .t = { path, e }, .dir = dir, .ir = ir, .notes = notes };
	return import_loaded(&c, yaml_load_file(path, e), service);
}

int import_compose_buffer(const char *name, const unsigned char *buf, size_t len, const char *service,
			  struct pol_ir *ir, struct import_notes *notes, struct err *e)
{
	struct compose_in c = { .t = { name, e }, .dir = NULL, .ir = ir, .notes = notes };
	return import_loaded(&c, yaml_load_buffer(name, buf, len, e), service);
}
