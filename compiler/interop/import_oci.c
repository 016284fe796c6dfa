/* polc import oci config.json: an OCI runtime config back to a policy IR,
 * the reverse of export_oci*.c (docs/oci.md has the table). This file: the
 * document and `process`; import_oci_mounts.c the root and mounts;
 * import_oci_linux.c namespaces, maps, resources and seccomp.
 *
 * What a config says that a policy cannot (hooks, sysctls, the command,
 * a relative root) is a note at the top of the .pol; what would make the
 * policy say something else than the config (a path the language cannot
 * write, a number out of range, a field of the wrong type) is refused
 * with one line naming the field. The input is hostile by assumption:
 * json-c bounds the nesting (32), pol_read_file the size (4 MiB), and
 * import_oci_read.h every list (4096 entries) and string (4096 bytes). */
#include <stdlib.h>
#include <string.h>

#include "interop/import.h"
#include "interop/import_oci_read.h"
#include "interop/import_scmp.h"
#include "pol_limits.h"
#include "util/xalloc.h"
#include "vocab/vocab.h"

static int user(struct oci_in *k, json_object *proc)
{
	struct ir_process *p = &k->ir->process;
	json_object *u, *groups;
	uint64_t uid = 0, gid = 0, umask = 0;
	bool hu, hg, hm;
	size_t n;
	if (oci_get(k, proc, "user", json_type_object, "process", &u) < 0 ||
	    oci_uint(k, u, "uid", UINT32_MAX - 1, "process.user", &hu, &uid) < 0 ||
	    oci_uint(k, u, "gid", UINT32_MAX - 1, "process.user", &hg, &gid) < 0 ||
	    oci_uint(k, u, "umask", 0777, "process.user", &hm, &umask) < 0 ||
	    oci_list(k, u, "additionalGids", "process.user", &groups, &n) < 0)
		return -1;
	/* uid 0 gid 0 is what export writes for a policy without `user` */
	if (uid || gid) {
		p->user_set = true;
		p->uid = (uint32_t)uid;
		p->gid = (uint32_t)gid;
	}
	if (hm) {
		p->umask_set = true;
		p->umask = (uint32_t)umask;
	}
	p->groups = n ? xcalloc(n, sizeof(*p->groups)) : NULL;
	for (size_t i = 0; i < n; i++) {
		json_object *g = json_object_array_get_idx(groups, i);
		int64_t v = json_object_is_type(g, json_type_int) ? json_object_get_int64(g) : -1;
		if (v < 0 || v >= UINT32_MAX)
			return oci_bad(k, "process.user.additionalGids", "expected group ids");
		p->groups[p->ngroups++] = (uint32_t)v;
	}
	p->groups_set = n > 0;
	return 0;
}

static bool env_name_ok(const char *s, size_t n)
{
	if (!n || (s[0] >= '0' && s[0] <= '9'))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') ||
		      s[i] == '_'))
			return false;
	return true;
}

static int env(struct oci_in *k, json_object *proc)
{
	struct ir_process *p = &k->ir->process;
	json_object *list;
	size_t n;
	char at[64];
	if (oci_list(k, proc, "env", "process", &list, &n) < 0)
		return -1;
	p->env = n ? xcalloc(n, sizeof(*p->env)) : NULL;
	for (size_t i = 0; i < n; i++) {
		const char *kv, *eq;
		oci_at(at, sizeof(at), "process.env", i);
		if (oci_str_value(k, json_object_array_get_idx(list, i), at, &kv) < 0)
			return -1;
		eq = strchr(kv, '=');
		if (!eq || !env_name_ok(kv, (size_t)(eq - kv)))
			return oci_bad(k, at, "expected NAME=VALUE with a name of letters, digits and '_'");
		for (const char *c = eq + 1; *c; c++)
			if ((unsigned char)*c < 0x20 || *c == 0x7f || *c == '"' || *c == '\\')
				return oci_bad(k, at, "a control character, quote or backslash in the value");
		struct ir_env *ev = &p->env[p->nenv++];
		ev->name = xstrndup(kv, (size_t)(eq - kv));
		ev->value = xstrdup(eq + 1);
	}
	return 0;
}

static int cap_set(struct oci_in *k, json_object *caps, const char *key, uint64_t *mask)
{
	json_object *list;
	size_t n;
	char where[64];
	*mask = 0;
	snprintf(where, sizeof(where), "process.capabilities.%s", key);
	if (oci_list(k, caps, key, "process.capabilities", &list, &n) < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		const char *name;
		if (oci_str_value(k, json_object_array_get_idx(list, i), where, &name) < 0)
			return -1;
		int c = vocab_capability(name);
		if (c < 0 || c > 63)
			return oci_bad(k, where, "'%.64s' is not a capability", name);
		*mask |= 1ull << c;
	}
	return 0;
}

/* The bounding set is what the policy keeps (export writes it into all
 * four); a narrower effective or permitted set is noted, not imported. */
static int capabilities(struct oci_in *k, json_object *proc)
{
	json_object *caps;
	uint64_t bnd, eff, prm, inh, amb;
	if (oci_get(k, proc, "capabilities", json_type_object, "process", &caps) < 0)
		return -1;
	if (!caps) {
		import_note(k->notes, "process.capabilities is absent: the runtime's default set applies; imported as none");
		k->ir->caps.set = true;
		return 0;
	}
	if (cap_set(k, caps, "bounding", &bnd) < 0 || cap_set(k, caps, "effective", &eff) < 0 ||
	    cap_set(k, caps, "permitted", &prm) < 0 || cap_set(k, caps, "inheritable", &inh) < 0 ||
	    cap_set(k, caps, "ambient", &amb) < 0)
		return -1;
	if (eff != bnd || prm != bnd || inh != bnd)
		import_note(k->notes, "capabilities: effective/permitted/inheritable differ from bounding; the "
			    "policy keeps the bounding set in all four");
	if (amb & ~bnd)
		return oci_bad(k, "process.capabilities.ambient", "an ambient capability outside the bounding set");
	k->ir->caps.set = true;
	k->ir->caps.keep = bnd;
	k->ir->caps.ambient = amb;
	return 0;
}

static int rlimits(struct oci_in *k, json_object *proc)
{
	json_object *list;
	size_t n;
	char at[64];
	if (oci_list(k, proc, "rlimits", "process", &list, &n) < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		json_object *l = json_object_array_get_idx(list, i);
		const char *type;
		uint64_t soft = 0, hard = 0;
		bool hs, hh;
		oci_at(at, sizeof(at), "process.rlimits", i);
		if (!json_object_is_type(l, json_type_object))
			return oci_bad(k, at, "expected an object");
		if (oci_str(k, l, "type", at, &type) < 0 || oci_uint(k, l, "soft", UINT64_MAX, at, &hs, &soft) < 0 ||
		    oci_uint(k, l, "hard", UINT64_MAX, at, &hh, &hard) < 0)
			return -1;
		int r = type ? vocab_rlimit(type) : -1;
		if (r < 0 || r >= IR_RLIMIT_COUNT || !hs || !hh)
			return oci_bad(k, at, "expected type RLIMIT_*, soft and hard");
		if (soft > hard)
			return oci_bad(k, at, "soft above hard");
		k->ir->process.rlimits[r] = (struct ir_rlimit){ .set = true, .soft = soft, .hard = hard };
	}
	return 0;
}

static int lsm_labels(struct oci_in *k, json_object *proc)
{
	const char *aa, *se;
	if (oci_str(k, proc, "apparmorProfile", "process", &aa) < 0 ||
	    oci_str(k, proc, "selinuxLabel", "process", &se) < 0)
		return -1;
	if (aa && (oci_check_word(k, aa, "process.apparmorProfile") < 0))
		return -1;
	if (se && (oci_check_word(k, se, "process.selinuxLabel") < 0))
		return -1;
	if (aa && strcmp(aa, "unconfined"))
		k->ir->lsm.apparmor.name = xstrdup(aa);
	if (se)
		k->ir->lsm.selinux.name = xstrdup(se);
	return 0;
}

static int process(struct oci_in *k, json_object *cfg)
{
	struct ir_process *p = &k->ir->process;
	json_object *proc;
	const char *cwd, *host;
	int nnp, term;
	if (oci_get(k, cfg, "process", json_type_object, "config", &proc) < 0)
		return -1;
	if (!proc)
		return oci_bad(k, "process", "missing (a config runs one process)");
	if (oci_str(k, proc, "cwd", "process", &cwd) < 0 || oci_str(k, cfg, "hostname", "config", &host) < 0 ||
	    oci_bool(k, proc, "noNewPrivileges", "process", &nnp) < 0 ||
	    oci_bool(k, proc, "terminal", "process", &term) < 0)
		return -1;
	if (cwd && oci_check_path(k, cwd, "process.cwd") < 0)
		return -1;
	if (host && oci_check_word(k, host, "hostname") < 0)
		return -1;
	p->cwd = cwd && strcmp(cwd, "/") ? xstrdup(cwd) : NULL;
	p->hostname = host ? xstrdup(host) : NULL;
	p->no_new_privs = nnp == 1;
	/* no runtime runs a reaper as pid 1 or gives the command a pty of
	 * its own without a console socket: the caller's stdio is what it gets */
	p->init = false;
	p->terminal_inherit = term != 1;
	if (json_object_object_get_ex(proc, "args", NULL))
		import_note(k->notes, "process.args: a policy has no command (give it to enforce after --)");
	return user(k, proc) < 0 || env(k, proc) < 0 || capabilities(k, proc) < 0 || rlimits(k, proc) < 0 ||
			       lsm_labels(k, proc) < 0
		       ? -1 : 0;
}

/* What the config holds that no policy can say. */
static void unmapped(struct oci_in *k, json_object *cfg)
{
	static const char *const top[] = { "hooks", "annotations", "hostname", "domainname", "windows", "solaris",
					   "vm", "zos" };
	json_object *lx;
	for (size_t i = 0; i < sizeof(top) / sizeof(top[0]); i++)
		if (i != 2 && json_object_object_get_ex(cfg, top[i], NULL))
			import_note(k->notes, "%s: not imported (a policy has no such setting)", top[i]);
	if (json_object_object_get_ex(cfg, "hooks", NULL))
		import_note(k->notes, "hooks run host commands as root when the container starts; review them");
	if (json_object_object_get_ex(cfg, "linux", &lx))
		for (const char *const *key = (const char *const[]){ "sysctl", "rootfsPropagation", "mountLabel",
								    "intelRdt", "personality", "devices", NULL };
		     *key; key++)
			if (json_object_object_get_ex(lx, *key, NULL))
				import_note(k->notes, "linux.%s: not imported (a policy has no such setting)", *key);
}

static int import_cfg(struct oci_in *k, json_object *cfg)
{
	const char *ver;
	if (!json_object_is_type(cfg, json_type_object))
		return oci_bad(k, "config", "not a JSON object");
	if (oci_str(k, cfg, "ociVersion", "config", &ver) < 0)
		return -1;
	if (!ver || strncmp(ver, "1.", 2))
		return oci_bad(k, "ociVersion", "expected a 1.x version (an OCI runtime config)");
	unmapped(k, cfg);
	k->ir->caps.set = true;
	return process(k, cfg) < 0 || oci_import_filesystem(k, cfg) < 0 || oci_import_linux(k, cfg) < 0 ? -1 : 0;
}

int import_oci_buffer(const char *name, const char *text, size_t len, struct pol_ir *ir,
		      struct import_notes *notes, struct err *e)
{
	struct oci_in k = { .path = name, .ir = ir, .notes = notes, .e = e };
	json_object *cfg = import_parse_json(name, text, len, e);
	if (!cfg)
		return -1;
	int r = import_cfg(&k, cfg);
	json_object_put(cfg);
	return r;
}

int import_oci(const char *path, struct pol_ir *ir, struct import_notes *notes, struct err *e)
{
	char *text;
	size_t len;
	if (pol_read_file(path, &text, &len, e) < 0)
		return -1;
	const char *base = strrchr(path, '/');
	int r = import_oci_buffer(base ? base + 1 : path, text, len, ir, notes, e);
	free(text);
	return r;
}
