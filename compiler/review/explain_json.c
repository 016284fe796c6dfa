/* `polc explain --json`: the effective policy as one JSON document, each
 * setting with the place it came from ({"file","line","column"}, null for
 * a built-in default). Conditions are given as their expanded cases (an
 * array of cases, each an array of tests on an argument), the form the
 * compiler uses, so a machine reads them without parsing .pol text.
 * Built with json-c. */
#include <errno.h>
#include <stdio.h>

#include "arch.h"
#include "review/explain_json.h"
#include "util/cli.h"
#include "vocab/vocab.h"

static json_object *str(const char *s)
{
	return s ? json_object_new_string(s) : NULL;
}

static json_object *origin(const struct ir_origin *at)
{
	if (!at->file)
		return NULL;
	json_object *o = json_object_new_object();
	json_object_object_add(o, "file", json_object_new_string(at->file));
	json_object_object_add(o, "line", json_object_new_int(at->line));
	json_object_object_add(o, "column", json_object_new_int(at->col));
	return o;
}

/* {"value": v, "at": origin} */
static json_object *setting(json_object *value, const struct ir_origin *at)
{
	json_object *o = json_object_new_object();
	json_object_object_add(o, "value", value);
	json_object_object_add(o, "at", origin(at));
	return o;
}

static json_object *u64(uint64_t v)
{
	return json_object_new_uint64(v);
}

static json_object *process_json(const struct ir_process *p)
{
	json_object *o = json_object_new_object(), *env = json_object_new_array();
	json_object *rl = json_object_new_array();
	if (p->user_set) {
		json_object *u = json_object_new_object();
		json_object_object_add(u, "uid", u64(p->uid));
		json_object_object_add(u, "gid", u64(p->gid));
		json_object_object_add(o, "user", setting(u, &p->user_at));
	} else if (p->user_name) {
		json_object *u = json_object_new_object();
		json_object_object_add(u, "name", str(p->user_name));
		if (p->group_name)
			json_object_object_add(u, "group", str(p->group_name));
		json_object_object_add(o, "user", setting(u, &p->user_at));
	}
	json_object_object_add(o, "cwd", setting(str(p->cwd ? p->cwd : "/"), &p->cwd_at));
	if (p->hostname)
		json_object_object_add(o, "hostname", setting(str(p->hostname), &p->hostname_at));
	for (size_t i = 0; i < p->nenv; i++) {
		json_object *e = json_object_new_object();
		json_object_object_add(e, "name", str(p->env[i].name));
		json_object_object_add(e, "value", str(p->env[i].value)); /* null: env_pass */
		json_object_object_add(e, "at", origin(&p->env[i].at));
		json_object_array_add(env, e);
	}
	json_object_object_add(o, "env", env);
	for (int r = 0; r < IR_RLIMIT_COUNT; r++) {
		if (!p->rlimits[r].set)
			continue;
		json_object *e = json_object_new_object();
		json_object_object_add(e, "name", str(vocab_rlimit_name(r)));
		json_object_object_add(e, "soft", p->rlimits[r].soft == IR_RLIM_INFINITY ? NULL : u64(p->rlimits[r].soft));
		json_object_object_add(e, "hard", p->rlimits[r].hard == IR_RLIM_INFINITY ? NULL : u64(p->rlimits[r].hard));
		json_object_object_add(e, "at", origin(&p->rlimits[r].at));
		json_object_array_add(rl, e);
	}
	json_object_object_add(o, "rlimits", rl);
	if (p->umask_set)
		json_object_object_add(o, "umask", setting(u64(p->umask), &p->umask_at));
	json_object_object_add(o, "no_new_privs", setting(json_object_new_boolean(p->no_new_privs),
							  &p->no_new_privs_at));
	json_object_object_add(o, "init", setting(json_object_new_boolean(p->init), &p->init_at));
	json_object_object_add(o, "stdio", setting(str(p->stdio_strict ? "strict" : "relay"), &p->stdio_at));
	json_object_object_add(o, "terminal",
			       setting(str(p->terminal_inherit ? "inherit" : "pty"), &p->terminal_at));
	json_object_object_add(o, "notify", setting(str(p->notify_relay ? "relay" : "off"), &p->notify_at));
	json_object_object_add(o, "listen_fds",
			       setting(str(p->listen_fds_pass ? "pass" : "close"), &p->listen_fds_at));
	return o;
}

static json_object *idmaps(const struct ir_idmap *m, size_t n)
{
	json_object *a = json_object_new_array();
	for (size_t i = 0; i < n; i++) {
		json_object *e = json_object_new_object();
		json_object_object_add(e, "inside", u64(m[i].inside));
		json_object_object_add(e, "outside", u64(m[i].outside));
		json_object_object_add(e, "count", u64(m[i].count));
		json_object_object_add(e, "at", origin(&m[i].at));
		json_object_array_add(a, e);
	}
	return a;
}

static json_object *namespaces_json(const struct ir_namespaces *n)
{
	static const char *const mode[] = { [IR_NS_SHARE] = "share", [IR_NS_UNSHARE] = "unshare",
					    [IR_NS_JOIN] = "join" };
	json_object *o = json_object_new_object();
	for (int k = 0; k < IR_NS_COUNT; k++) {
		json_object *e = json_object_new_object();
		json_object_object_add(e, "mode", str(mode[n->ns[k].mode]));
		if (n->ns[k].join_path)
			json_object_object_add(e, "path", str(n->ns[k].join_path));
		json_object_object_add(e, "at", origin(&n->ns[k].at));
		json_object_object_add(o, ir_ns_name((enum ir_ns_kind)k), e);
	}
	json_object_object_add(o, "uid_map", idmaps(n->uid_map, n->nuid_map));
	json_object_object_add(o, "gid_map", idmaps(n->gid_map, n->ngid_map));
	return o;
}

static json_object *mounts_json(const struct ir_filesystem *fs)
{
	static const struct { uint32_t bit; const char *name; } flags[] = {
		{ IR_MNT_RW, "rw" },         { IR_MNT_NOSUID, "nosuid" }, { IR_MNT_NODEV, "nodev" },
		{ IR_MNT_NOEXEC, "noexec" }, { IR_MNT_OPTIONAL, "optional" },
	};
	json_object *a = json_object_new_array();
	for (size_t i = 0; i < fs->nmounts; i++) {
		const struct ir_mount *m = &fs->mounts[i];
		json_object *e = json_object_new_object(), *f = json_object_new_array();
		json_object_object_add(e, "kind", str(ir_mount_kind_name(m->kind)));
		json_object_object_add(e, "source", str(m->source));
		json_object_object_add(e, "target", str(m->target));
		if (m->kind == IR_MOUNT_OVERLAY) {
			json_object_object_add(e, "lower", str(m->lower));
			json_object_object_add(e, "upper", str(m->upper));
			json_object_object_add(e, "work", str(m->work));
		}
		if (m->flags & IR_MNT_HAS_SIZE)
			json_object_object_add(e, "size", u64(m->size));
		if (m->flags & IR_MNT_HAS_MODE)
			json_object_object_add(e, "mode", u64(m->mode));
		for (size_t k = 0; k < sizeof flags / sizeof flags[0]; k++)
			if (m->flags & flags[k].bit)
				json_object_array_add(f, str(flags[k].name));
		json_object_object_add(e, "flags", f);
		json_object_object_add(e, "at", origin(&m->at));
		json_object_array_add(a, e);
	}
	return a;
}

static json_object *caps_json(const struct ir_caps *caps)
{
	json_object *a = json_object_new_array();
	for (int cap = 0; cap < 64; cap++) {
		if (!(caps->keep >> cap & 1))
			continue;
		json_object *e = json_object_new_object();
		json_object_object_add(e, "name", str(vocab_capability_name(cap)));
		json_object_object_add(e, "ambient", json_object_new_boolean(caps->ambient >> cap & 1));
		json_object_object_add(e, "at", origin(&caps->cap_at[cap]));
		json_object_array_add(a, e);
	}
	return a;
}

static json_object *cgroup_json(const struct ir_cgroup *cg)
{
	json_object *a = json_object_new_array();
	for (size_t i = 0; i < cg->nlimits; i++) {
		const struct ir_cg_limit *l = &cg->limits[i];
		json_object *e = json_object_new_object();
		json_object_object_add(e, "key", str(ir_cg_key_name(l->key)));
		if (l->text)
			json_object_object_add(e, "value", str(l->text));
		else
			json_object_object_add(e, "value", l->num == IR_CG_UNLIMITED ? str("max") : u64(l->num));
		if (l->key == IR_CG_CPU_MAX)
			json_object_object_add(e, "period", u64(l->num2));
		json_object_object_add(e, "at", origin(&l->at));
		json_object_array_add(a, e);
	}
	return a;
}

static json_object *label_json(const struct ir_lsm_label *l)
{
	if (!l->name)
		return NULL;
	json_object *e = json_object_new_object();
	json_object_object_add(e, "name", str(l->name));
	json_object_object_add(e, "optional", json_object_new_boolean(l->optional));
	json_object_object_add(e, "at", origin(&l->at));
	return e;
}

static json_object *lsm_json(const struct ir_lsm *l)
{
	json_object *o = json_object_new_object();
	json_object_object_add(o, "apparmor", label_json(&l->apparmor));
	json_object_object_add(o, "selinux", label_json(&l->selinux));
	if (l->landlock.set) {
		json_object *ll = json_object_new_object(), *paths = json_object_new_array();
		json_object *ports = json_object_new_array();
		for (size_t i = 0; i < l->landlock.npaths; i++) {
			const struct ir_landlock_path *p = &l->landlock.paths[i];
			json_object *e = json_object_new_object(), *acc = json_object_new_array();
			json_object_object_add(e, "path", str(p->path));
			if (p->access & IR_LL_READ)
				json_object_array_add(acc, str("read"));
			if (p->access & IR_LL_WRITE)
				json_object_array_add(acc, str("write"));
			if (p->access & IR_LL_EXECUTE)
				json_object_array_add(acc, str("execute"));
			json_object_object_add(e, "access", acc);
			json_object_object_add(e, "at", origin(&p->at));
			json_object_array_add(paths, e);
		}
		for (size_t i = 0; i < l->landlock.nports; i++) {
			const struct ir_landlock_port *p = &l->landlock.ports[i];
			json_object *e = json_object_new_object();
			json_object_object_add(e, "access", str(p->bind ? "bind" : "connect"));
			json_object_object_add(e, "port", u64(p->port));
			json_object_object_add(e, "at", origin(&p->at));
			json_object_array_add(ports, e);
		}
		json_object_object_add(ll, "paths", paths);
		json_object_object_add(ll, "ports", ports);
		json_object_object_add(ll, "at", origin(&l->landlock.at));
		json_object_object_add(o, "landlock", ll);
	} else {
		json_object_object_add(o, "landlock", NULL);
	}
	return o;
}

static json_object *action_json(const struct ir_action_spec *a)
{
	json_object *o = json_object_new_object();
	json_object_object_add(o, "action", str(ir_action_name(a->action)));
	if (a->action == IR_ACT_ERRNO) {
		const char *name = vocab_errno_name(a->errno_value);
		json_object_object_add(o, "errno", name ? str(name) : u64(a->errno_value));
	}
	return o;
}

static json_object *cond_json(const char *syscall, const struct ir_cond *c)
{
	static const char *const op[] = { [IR_CMP_EQ] = "==", [IR_CMP_NE] = "!=", [IR_CMP_LT] = "<",
					  [IR_CMP_LE] = "<=", [IR_CMP_GT] = ">", [IR_CMP_GE] = ">=",
					  [IR_CMP_MASKED_EQ] = "&==" };
	size_t nnames = 0;
	const char *const *names = vocab_syscall_arg_names(syscall, &nnames);
	json_object *cases = json_object_new_array();
	for (size_t i = 0; i < c->nconj; i++) {
		json_object *tests = json_object_new_array();
		for (size_t j = 0; j < c->conj[i].nterms; j++) {
			const struct ir_cmp_term *t = &c->conj[i].terms[j];
			json_object *e = json_object_new_object();
			char argname[8];
			snprintf(argname, sizeof argname, "arg%u", t->arg);
			json_object_object_add(e, "arg", u64(t->arg));
			json_object_object_add(e, "name", str(names && t->arg < nnames ? names[t->arg] : argname));
			json_object_object_add(e, "op", str(op[t->op]));
			if (t->op == IR_CMP_MASKED_EQ)
				json_object_object_add(e, "mask", u64(t->mask));
			json_object_object_add(e, "value", u64(t->value));
			json_object_object_add(e, "low32", json_object_new_boolean(t->low32));
			json_object_array_add(tests, e);
		}
		json_object_array_add(cases, tests);
	}
	return cases;
}

static json_object *syscalls_json(const struct ir_syscalls *sc)
{
	if (!sc->set)
		return NULL;
	json_object *o = json_object_new_object(), *arches = json_object_new_array();
	json_object *rules = json_object_new_array();
	json_object_object_add(o, "default", setting(action_json(&sc->default_action), &sc->default_at));
	for (int a = 0; a < IR_ARCH_COUNT; a++)
		if (sc->arches >> a & 1)
			json_object_array_add(arches, str(arch_name((enum ir_arch)a)));
	json_object_object_add(o, "arch", setting(arches, &sc->arch_at));
	for (size_t i = 0; i < sc->nrules; i++) {
		const struct ir_rule *r = &sc->rules[i];
		json_object *e = action_json(&r->act);
		json_object_object_add(e, "syscall", str(r->syscall));
		json_object_object_add(e, "cases", r->cond.nconj ? cond_json(r->syscall, &r->cond) : NULL);
		json_object_object_add(e, "group", str(r->via_group));
		json_object_object_add(e, "at", origin(&r->at));
		json_object_array_add(rules, e);
	}
	json_object_object_add(o, "rules", rules);
	return o;
}

int explain_json(const struct pol_ir *ir, FILE *out, struct err *e)
{
	json_object *root = json_object_new_object();
	if (!root)
		return err_set_status(e, POLC_EXIT_INTERNAL, errno, "explain", "out of memory");
	json_object_object_add(root, "policy", setting(str(ir->name), &ir->name_at));
	json_object_object_add(root, "process", process_json(&ir->process));
	json_object_object_add(root, "namespaces", namespaces_json(&ir->namespaces));
	json_object_object_add(root, "mounts", mounts_json(&ir->filesystem));
	json_object_object_add(root, "capabilities", caps_json(&ir->caps));
	json_object_object_add(root, "cgroup", cgroup_json(&ir->cgroup));
	json_object_object_add(root, "lsm", lsm_json(&ir->lsm));
	json_object_object_add(root, "syscalls", syscalls_json(&ir->syscalls));
	const char *doc = json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY |
								   JSON_C_TO_STRING_NOSLASHESCAPE);
	int r = 0;
	if (!doc || fprintf(out, "%s\n", doc) < 0 || fflush(out) != 0)
		r = err_set_status(e, POLC_EXIT_INTERNAL, errno, "explain", "cannot write the JSON document");
	json_object_put(root);
	return r;
}
