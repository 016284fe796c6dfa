/* polc diff: process settings, namespaces and id maps, capabilities,
 * cgroup limits and LSMs. A setting that widens what the container can do
 * is "added" and names the new side's line; one that narrows it is
 * "removed" and names the line that is gone (or the new one that narrows). */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "vocab/vocab.h"

void diff_add(struct diff_report *r, enum diff_dir dir, const char *area,
	      const struct ir_origin *at, const char *fmt, ...)
{
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 32;
		struct diff_line *v = realloc(r->lines, cap * sizeof *v);
		if (!v) {
			r->oom = true;
			return;
		}
		r->lines = v;
		r->cap = cap;
	}
	va_list ap;
	va_start(ap, fmt);
	char *text = NULL;
	int len = vasprintf(&text, fmt, ap);
	va_end(ap);
	if (len < 0) {
		r->oom = true;
		return;
	}
	r->lines[r->n++] = (struct diff_line){
		.dir = dir, .area = area, .text = text, .at = at ? *at : (struct ir_origin){ 0 } };
}

void diff_report_free(struct diff_report *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->lines[i].text);
	free(r->lines);
	*r = (struct diff_report){ 0 };
}

/* ---- process ---------------------------------------------------------- */

/* uid/gid as the text the reviewer needs: unset runs as the caller, who
 * may be root. */
static const char *id_text(bool set, uint32_t id, char *buf, size_t size)
{
	if (!set)
		snprintf(buf, size, "the caller's");
	else
		snprintf(buf, size, "%u", id);
	return buf;
}

static const char *name_or(const char *name)
{
	return name ? name : "";
}

static const char *user_text(const struct ir_process *p, char *buf, size_t size)
{
	if (p->user_name)
		snprintf(buf, size, "%s%s%s", p->user_name, p->group_name ? " " : "",
			 name_or(p->group_name));
	else if (p->user_set)
		snprintf(buf, size, "%u %u", p->uid, p->gid);
	else
		snprintf(buf, size, "the caller's");
	return buf;
}

/* A user name is resolved at run time: its uid may be 0, so a change to a
 * name (or between names) may run as root. */
static bool diff_id_names(struct diff_report *r, const struct ir_process *o,
			  const struct ir_process *n)
{
	char a[80], b[80];
	if (!o->user_name && !n->user_name)
		return false;
	if (o->user_name && n->user_name && !strcmp(o->user_name, n->user_name) &&
	    !strcmp(name_or(o->group_name), name_or(n->group_name)))
		return true;
	diff_add(r, n->user_name ? DIFF_ADDED : DIFF_CHANGED, "process",
		 n->user_name || n->user_set ? &n->user_at : &o->user_at, "user %s (was %s)%s",
		 user_text(n, a, sizeof a), user_text(o, b, sizeof b),
		 n->user_name ? ": may run as root (a name is resolved at run time)" : "");
	return true;
}

static void diff_ids(struct diff_report *r, const struct ir_process *o, const struct ir_process *n)
{
	char a[32], b[32];
	if (diff_id_names(r, o, n))
		return;
	if (o->user_set == n->user_set && (!o->user_set || (o->uid == n->uid && o->gid == n->gid)))
		return;
	bool was_root = !o->user_set || o->uid == 0 || o->gid == 0;
	bool is_root = !n->user_set || n->uid == 0 || n->gid == 0;
	enum diff_dir dir = is_root == was_root ? DIFF_CHANGED : is_root ? DIFF_ADDED : DIFF_REMOVED;
	char og[32], ng[32];
	id_text(o->user_set, o->gid, og, sizeof og);
	id_text(n->user_set, n->gid, ng, sizeof ng);
	diff_add(r, dir, "process", n->user_set ? &n->user_at : &o->user_at,
		 "user %s group %s (was user %s group %s)%s", id_text(n->user_set, n->uid, a, sizeof a),
		 ng, id_text(o->user_set, o->uid, b, sizeof b), og,
		 dir == DIFF_ADDED ? ": may run as root" : "");
}

static bool has_group(const struct ir_process *p, uint32_t g)
{
	for (size_t i = 0; i < p->ngroups; i++)
		if (p->groups[i] == g)
			return true;
	return false;
}

static void diff_groups(struct diff_report *r, const struct ir_process *o, const struct ir_process *n)
{
	for (size_t i = 0; i < n->ngroups; i++)
		if (!has_group(o, n->groups[i]))
			diff_add(r, DIFF_ADDED, "process", &n->groups_at, "supplementary group %u added",
				 n->groups[i]);
	for (size_t i = 0; i < o->ngroups; i++)
		if (!has_group(n, o->groups[i]))
			diff_add(r, DIFF_REMOVED, "process", &o->groups_at,
				 "supplementary group %u removed", o->groups[i]);
}

static void diff_rlimits(struct diff_report *r, const struct ir_process *o, const struct ir_process *n)
{
	for (int i = 0; i < IR_RLIMIT_COUNT; i++) {
		const struct ir_rlimit *a = &o->rlimits[i], *b = &n->rlimits[i];
		uint64_t ah = a->set ? a->hard : IR_RLIM_INFINITY, bh = b->set ? b->hard : IR_RLIM_INFINITY;
		const char *name = vocab_rlimit_name(i) ?: "?";
		if (bh > ah)
			diff_add(r, DIFF_ADDED, "process", b->set ? &b->at : &a->at,
				 bh == IR_RLIM_INFINITY ? "rlimit %s: no longer limited (was %llu)"
							: "rlimit %s raised to %llu (was %llu)",
				 name, (unsigned long long)(bh == IR_RLIM_INFINITY ? ah : bh),
				 (unsigned long long)ah);
		else if (bh < ah)
			diff_add(r, DIFF_REMOVED, "process", &b->at,
				 ah == IR_RLIM_INFINITY ? "rlimit %s: now limited to %llu"
							: "rlimit %s lowered to %llu (was %llu)",
				 name, (unsigned long long)bh, (unsigned long long)ah);
	}
}

static const char *or_text(const char *s, const char *none)
{
	return s ? s : none;
}

static const struct ir_env *env_find(const struct ir_process *p, const char *name)
{
	for (size_t i = 0; i < p->nenv; i++)
		if (!strcmp(p->env[i].name, name))
			return &p->env[i];
	return NULL;
}

static bool same_text(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

/* The process's on/off settings that widen or narrow: the word, its two
 * values, and what the container gains or loses. */
static const struct process_switch {
	size_t value, at; /* offsetof a bool and its struct ir_origin in ir_process */
	bool on_widens;
	const char *word, *on, *off;
	const char *on_effect, *off_effect;
} process_switches[] = {
	{ offsetof(struct ir_process, no_new_privs), offsetof(struct ir_process, no_new_privs_at), false,
	  "no_new_privs", "on", "off", "setuid binaries and file capabilities no longer raise privilege",
	  "setuid binaries and file capabilities raise privilege again" },
	{ offsetof(struct ir_process, stdio_strict), offsetof(struct ir_process, stdio_at), false,
	  "stdio", "strict", "relay", "a regular file on fd 0-2 is refused",
	  "a regular file on fd 0-2 is relayed again" },
	{ offsetof(struct ir_process, terminal_inherit), offsetof(struct ir_process, terminal_at), true,
	  "terminal", "inherit", "pty", "the caller's terminal is an fd inside (TIOCSTI, TIOCSETD, termios)",
	  "the container gets a pty of its own again" },
	{ offsetof(struct ir_process, notify_relay), offsetof(struct ir_process, notify_at), true,
	  "notify", "relay", "off", "the container's READY=1/STATUS= reach the caller's NOTIFY_SOCKET",
	  "the container sends nothing to the service manager" },
	{ offsetof(struct ir_process, listen_fds_pass), offsetof(struct ir_process, listen_fds_at), true,
	  "listen_fds", "pass", "close", "the caller's LISTEN_FDS sockets are fds inside",
	  "the caller's sockets are closed" },
};

static bool switch_on(const struct ir_process *p, const struct process_switch *sw)
{
	return *(const bool *)((const char *)p + sw->value);
}

static void diff_switches(struct diff_report *r, const struct ir_process *o, const struct ir_process *n)
{
	for (size_t i = 0; i < sizeof process_switches / sizeof process_switches[0]; i++) {
		const struct process_switch *sw = &process_switches[i];
		bool was = switch_on(o, sw), now = switch_on(n, sw);
		if (was == now)
			continue;
		const struct ir_origin *at = (const struct ir_origin *)((const char *)n + sw->at);
		diff_add(r, now == sw->on_widens ? DIFF_ADDED : DIFF_REMOVED, "process", at,
			 "%s %s (was %s): %s", sw->word, now ? sw->on : sw->off, was ? sw->on : sw->off,
			 now ? sw->on_effect : sw->off_effect);
	}
}

/* Settings that change what runs, not what it may do: listed with '~'. */
static void diff_process_other(struct diff_report *r, const struct ir_process *o,
			       const struct ir_process *n)
{
	if (!same_text(or_text(o->cwd, "/"), or_text(n->cwd, "/"))) /* no cwd is "/" */
		diff_add(r, DIFF_CHANGED, "process", n->cwd ? &n->cwd_at : &o->cwd_at, "cwd %s (was %s)",
			 or_text(n->cwd, "/"), or_text(o->cwd, "/"));
	if (!same_text(o->hostname, n->hostname))
		diff_add(r, DIFF_CHANGED, "process", n->hostname ? &n->hostname_at : &o->hostname_at,
			 "hostname %s (was %s)", or_text(n->hostname, "unchanged"),
			 or_text(o->hostname, "unchanged"));
	if (o->umask_set != n->umask_set || o->umask != n->umask) {
		char a[32] = "the caller's", b[32] = "the caller's";
		if (n->umask_set)
			snprintf(a, sizeof a, "%04o", n->umask);
		if (o->umask_set)
			snprintf(b, sizeof b, "%04o", o->umask);
		diff_add(r, DIFF_CHANGED, "process", n->umask_set ? &n->umask_at : &o->umask_at,
			 "umask %s (was %s)", a, b);
	}
	if (o->init != n->init)
		diff_add(r, DIFF_CHANGED, "process", &n->init_at, "init %s (was %s)", n->init ? "on" : "off",
			 o->init ? "on" : "off");
	for (size_t i = 0; i < n->nenv; i++) {
		const struct ir_env *e = &n->env[i], *was = env_find(o, e->name);
		if (!was)
			diff_add(r, DIFF_CHANGED, "process", &e->at, "env %s %s", e->name,
				 e->value ? "set" : "passed from the caller");
		else if (!same_text(was->value, e->value))
			diff_add(r, DIFF_CHANGED, "process", &e->at, "env %s changed", e->name);
	}
	for (size_t i = 0; i < o->nenv; i++)
		if (!env_find(n, o->env[i].name))
			diff_add(r, DIFF_CHANGED, "process", &o->env[i].at, "env %s no longer set", o->env[i].name);
}

void diff_process(struct diff_report *r, const struct pol_ir *old, const struct pol_ir *new)
{
	const struct ir_process *o = &old->process, *n = &new->process;
	diff_switches(r, o, n);
	diff_ids(r, o, n);
	diff_groups(r, o, n);
	diff_rlimits(r, o, n);
	diff_process_other(r, o, n);
}

/* ---- namespaces ------------------------------------------------------- */

static const char *ns_mode_text(const struct ir_ns *ns, char *buf, size_t size)
{
	if (ns->mode == IR_NS_UNSHARE)
		snprintf(buf, size, "unshared");
	else if (ns->mode == IR_NS_JOIN)
		snprintf(buf, size, "joins %s", ns->join_path ? ns->join_path : "?");
	else
		snprintf(buf, size, "shared with the host");
	return buf;
}

/* share > join > unshare: how much of the host the container reaches. */
static int ns_exposure(const struct ir_ns *ns)
{
	return ns->mode == IR_NS_SHARE ? 2 : ns->mode == IR_NS_JOIN ? 1 : 0;
}

static void diff_idmap(struct diff_report *r, const char *what, const struct ir_idmap *o, size_t no,
		       const struct ir_idmap *n, size_t nn)
{
	for (int side = 0; side < 2; side++) {
		const struct ir_idmap *a = side ? o : n, *b = side ? n : o;
		size_t na = side ? no : nn, nb = side ? nn : no;
		for (size_t i = 0; i < na; i++) {
			bool found = false;
			for (size_t j = 0; j < nb && !found; j++)
				found = a[i].inside == b[j].inside && a[i].outside == b[j].outside &&
					a[i].count == b[j].count;
			if (found)
				continue;
			bool host_root = a[i].outside == 0;
			diff_add(r, side ? DIFF_REMOVED : DIFF_ADDED, "namespaces", &a[i].at,
				 "%s %u %u %u %s%s", what, a[i].inside, a[i].outside, a[i].count,
				 side ? "removed" : "added", host_root ? " (maps the host's root)" : "");
		}
	}
}

void diff_namespaces(struct diff_report *r, const struct pol_ir *old, const struct pol_ir *new)
{
	for (int k = 0; k < IR_NS_COUNT; k++) {
		const struct ir_ns *o = &old->namespaces.ns[k], *n = &new->namespaces.ns[k];
		bool same_join = o->mode == IR_NS_JOIN && n->mode == IR_NS_JOIN && o->join_path &&
				 n->join_path && !strcmp(o->join_path, n->join_path);
		if (o->mode == n->mode && (o->mode != IR_NS_JOIN || same_join))
			continue;
		char a[300], b[300];
		int eo = ns_exposure(o), en = ns_exposure(n);
		/* joining another path could be the host's: count it as wider */
		enum diff_dir dir = en > eo || en == 1 ? DIFF_ADDED : en < eo ? DIFF_REMOVED : DIFF_CHANGED;
		diff_add(r, dir, "namespaces", n->at.file ? &n->at : &o->at, "%s namespace %s (was %s)",
			 ir_ns_name((enum ir_ns_kind)k), ns_mode_text(n, a, sizeof a),
			 ns_mode_text(o, b, sizeof b));
	}
	diff_idmap(r, "uid_map", old->namespaces.uid_map, old->namespaces.nuid_map,
		   new->namespaces.uid_map, new->namespaces.nuid_map);
	diff_idmap(r, "gid_map", old->namespaces.gid_map, old->namespaces.ngid_map,
		   new->namespaces.gid_map, new->namespaces.ngid_map);
}

/* ---- capabilities ----------------------------------------------------- */

static void diff_capset(struct diff_report *r, const char *what, uint64_t o, uint64_t n,
			const struct pol_ir *old, const struct pol_ir *new)
{
	for (int c = 0; c < 64; c++) {
		uint64_t bit = 1ull << c;
		const char *name = vocab_capability_name(c);
		char num[16];
		if (!name) {
			snprintf(num, sizeof num, "%d", c);
			name = num;
		}
		if ((n & bit) && !(o & bit))
			diff_add(r, DIFF_ADDED, "capabilities", &new->caps.cap_at[c], "%s %s", what, name);
		else if ((o & bit) && !(n & bit))
			diff_add(r, DIFF_REMOVED, "capabilities", &old->caps.cap_at[c], "no longer %s %s",
				 what, name);
	}
}

void diff_caps(struct diff_report *r, const struct pol_ir *old, const struct pol_ir *new)
{
	diff_capset(r, "keeps", old->caps.keep, new->caps.keep, old, new);
	diff_capset(r, "raises ambient", old->caps.ambient, new->caps.ambient, old, new);
}

/* ---- cgroup ----------------------------------------------------------- */

static const struct ir_cg_limit *cg_find(const struct ir_cgroup *cg, enum ir_cg_key key)
{
	for (size_t i = 0; i < cg->nlimits; i++)
		if (cg->limits[i].key == key)
			return &cg->limits[i];
	return NULL;
}

/* A numeric limit as "how much": bigger is wider; absent is unlimited. */
static double cg_amount(const struct ir_cg_limit *l)
{
	if (!l || l->num == IR_CG_UNLIMITED)
		return 1e300;
	if (l->key == IR_CG_CPU_MAX)
		return l->num2 ? (double)l->num / (double)l->num2 : 1e300;
	return (double)l->num;
}

static const char *cg_value_text(const struct ir_cg_limit *l, char *buf, size_t size)
{
	if (!l)
		snprintf(buf, size, "none");
	else if (l->text)
		snprintf(buf, size, "%s", l->text);
	else if (l->num == IR_CG_UNLIMITED)
		snprintf(buf, size, "max");
	else if (l->key == IR_CG_CPU_MAX)
		snprintf(buf, size, "%llu %llu", (unsigned long long)l->num, (unsigned long long)l->num2);
	else
		snprintf(buf, size, "%llu", (unsigned long long)l->num);
	return buf;
}

static void diff_cg_limit(struct diff_report *r, enum ir_cg_key key, const struct ir_cg_limit *o,
			  const struct ir_cg_limit *n)
{
	char a[128], b[128];
	const char *name = ir_cg_key_name(key);
	if (!o && !n)
		return;
	cg_value_text(o, b, sizeof b);
	cg_value_text(n, a, sizeof a);
	if (!strcmp(a, b))
		return;
	if (key == IR_CG_CPUSET_CPUS || key == IR_CG_CPUSET_MEMS || key == IR_CG_IO_MAX) {
		diff_add(r, !n ? DIFF_ADDED : !o ? DIFF_REMOVED : DIFF_CHANGED, "cgroup",
			 n ? &n->at : &o->at, !n ? "%s removed (was %s)" : "%s %s (was %s)", name,
			 !n ? b : a, b);
		return;
	}
	double ao = cg_amount(o), an = cg_amount(n);
	if (an > ao)
		diff_add(r, DIFF_ADDED, "cgroup", n ? &n->at : &o->at,
			 an >= 1e300 ? "%s limit removed (now %s, was %s)" : "%s raised to %s (was %s)",
			 name, a, b);
	else if (an < ao)
		diff_add(r, DIFF_REMOVED, "cgroup", &n->at, ao >= 1e300 ? "%s now limited to %s (was unlimited%.0s)"
			 : "%s lowered to %s (was %s)", name, a, b);
	else
		diff_add(r, DIFF_CHANGED, "cgroup", n ? &n->at : &o->at, "%s %s (was %s)", name, a, b);
}

static bool dev_rule_in(const struct ir_dev_rule *d, const struct ir_cgroup *cg)
{
	for (size_t i = 0; i < cg->ndevices; i++) {
		const struct ir_dev_rule *x = &cg->devices[i];
		if (x->allow == d->allow && x->type == d->type && x->major == d->major &&
		    x->minor == d->minor && x->access == d->access)
			return true;
	}
	return false;
}

static void dev_rule_text(const struct ir_dev_rule *d, char *buf, size_t size)
{
	char maj[16] = "*", min[16] = "*";
	if (d->major != IR_DEV_ANY)
		snprintf(maj, sizeof maj, "%u", d->major);
	if (d->minor != IR_DEV_ANY)
		snprintf(min, sizeof min, "%u", d->minor);
	snprintf(buf, size, "%s %c %s:%s %s%s%s", d->allow ? "allow" : "deny", d->type, maj, min,
		 d->access & IR_DEV_ACCESS_R ? "r" : "", d->access & IR_DEV_ACCESS_W ? "w" : "",
		 d->access & IR_DEV_ACCESS_M ? "m" : "");
}

static void diff_devices(struct diff_report *r, const struct ir_cgroup *o, const struct ir_cgroup *n)
{
	char buf[96];
	if (o->devices_set && !n->devices_set) {
		diff_add(r, DIFF_ADDED, "cgroup", &o->at, "device access no longer restricted");
		return;
	}
	if (!o->devices_set && n->devices_set) {
		diff_add(r, DIFF_REMOVED, "cgroup", &n->at, "device access now restricted");
		return;
	}
	for (size_t i = 0; i < n->ndevices; i++)
		if (!dev_rule_in(&n->devices[i], o)) {
			dev_rule_text(&n->devices[i], buf, sizeof buf);
			diff_add(r, n->devices[i].allow ? DIFF_ADDED : DIFF_REMOVED, "cgroup",
				 &n->devices[i].at, "devices: %s added", buf);
		}
	for (size_t i = 0; i < o->ndevices; i++)
		if (!dev_rule_in(&o->devices[i], n)) {
			dev_rule_text(&o->devices[i], buf, sizeof buf);
			diff_add(r, o->devices[i].allow ? DIFF_REMOVED : DIFF_ADDED, "cgroup",
				 &o->devices[i].at, "devices: %s removed", buf);
		}
}

void diff_cgroup(struct diff_report *r, const struct pol_ir *old, const struct pol_ir *new)
{
	for (int k = 0; k < IR_CG_KEY_COUNT; k++)
		diff_cg_limit(r, (enum ir_cg_key)k, cg_find(&old->cgroup, (enum ir_cg_key)k),
			      cg_find(&new->cgroup, (enum ir_cg_key)k));
	if (!old->cgroup.optional && new->cgroup.optional && new->cgroup.nlimits)
		diff_add(r, DIFF_ADDED, "cgroup", &new->cgroup.at,
			 "cgroup optional: limits are skipped where no cgroup can be made");
	else if (old->cgroup.optional && !new->cgroup.optional && old->cgroup.nlimits)
		diff_add(r, DIFF_REMOVED, "cgroup", &old->cgroup.at, "cgroup no longer optional");
	diff_devices(r, &old->cgroup, &new->cgroup);
}

/* ---- LSMs ------------------------------------------------------------- */

static void diff_label(struct diff_report *r, const char *lsm, const struct ir_lsm_label *o,
		       const struct ir_lsm_label *n)
{
	if (o->name && !n->name)
		diff_add(r, DIFF_ADDED, "lsm", &o->at, "no %s profile (was %s)", lsm, o->name);
	else if (!o->name && n->name)
		diff_add(r, DIFF_REMOVED, "lsm", &n->at, "%s profile %s (was none)", lsm, n->name);
	else if (o->name && strcmp(o->name, n->name))
		diff_add(r, DIFF_CHANGED, "lsm", &n->at, "%s profile %s (was %s)", lsm, n->name, o->name);
	else if (o->profile && n->profile && strcmp(o->profile, n->profile))
		diff_add(r, DIFF_CHANGED, "lsm", &n->at, "generated %s profile %s changed", lsm, n->name);
	if (o->name && n->name && !o->optional && n->optional)
		diff_add(r, DIFF_ADDED, "lsm", &n->at, "%s profile now optional (skipped where absent)",
			 lsm);
	else if (o->name && n->name && o->optional && !n->optional)
		diff_add(r, DIFF_REMOVED, "lsm", &n->at, "%s profile now required", lsm);
}

static const char *ll_rights(uint32_t a, char *buf, size_t size)
{
	snprintf(buf, size, "%s%s%s", a & IR_LL_READ ? "r" : "", a & IR_LL_WRITE ? "w" : "",
		 a & IR_LL_EXECUTE ? "x" : "");
	return buf;
}

static uint32_t ll_access(const struct ir_landlock *l, const char *path)
{
	for (size_t i = 0; i < l->npaths; i++)
		if (!strcmp(l->paths[i].path, path))
			return l->paths[i].access;
	return 0;
}

static bool ll_port(const struct ir_landlock *l, const struct ir_landlock_port *p)
{
	for (size_t i = 0; i < l->nports; i++)
		if (l->ports[i].bind == p->bind && l->ports[i].port == p->port)
			return true;
	return false;
}

static void diff_landlock_rules(struct diff_report *r, const struct ir_landlock *o,
				const struct ir_landlock *n)
{
	char a[8], b[8];
	for (size_t i = 0; i < n->npaths; i++) {
		uint32_t was = ll_access(o, n->paths[i].path), now = n->paths[i].access;
		if (now & ~was)
			diff_add(r, DIFF_ADDED, "landlock", &n->paths[i].at, "%s: %s (was %s)",
				 n->paths[i].path, ll_rights(now, a, sizeof a),
				 was ? ll_rights(was, b, sizeof b) : "no access");
		else if (was & ~now)
			diff_add(r, DIFF_REMOVED, "landlock", &n->paths[i].at, "%s: %s (was %s)",
				 n->paths[i].path, ll_rights(now, a, sizeof a), ll_rights(was, b, sizeof b));
	}
	for (size_t i = 0; i < o->npaths; i++)
		if (!ll_access(n, o->paths[i].path))
			diff_add(r, DIFF_REMOVED, "landlock", &o->paths[i].at, "%s: no access (was %s)",
				 o->paths[i].path, ll_rights(o->paths[i].access, a, sizeof a));
	for (size_t i = 0; i < n->nports; i++)
		if (!ll_port(o, &n->ports[i]))
			diff_add(r, DIFF_ADDED, "landlock", &n->ports[i].at, "%s port %u allowed",
				 n->ports[i].bind ? "bind" : "connect", n->ports[i].port);
	for (size_t i = 0; i < o->nports; i++)
		if (!ll_port(n, &o->ports[i]))
			diff_add(r, DIFF_REMOVED, "landlock", &o->ports[i].at, "%s port %u no longer allowed",
				 o->ports[i].bind ? "bind" : "connect", o->ports[i].port);
}

static void diff_landlock(struct diff_report *r, const struct ir_landlock *o, const struct ir_landlock *n)
{
	if (o->set && !n->set) {
		diff_add(r, DIFF_ADDED, "landlock", &o->at, "no Landlock ruleset (was one)");
		return;
	}
	if (!o->set && n->set) {
		diff_add(r, DIFF_REMOVED, "landlock", &n->at, "Landlock ruleset added");
		return;
	}
	if (!n->set)
		return;
	diff_landlock_rules(r, o, n);
	if (o->scope_abstract_unix != n->scope_abstract_unix)
		diff_add(r, n->scope_abstract_unix ? DIFF_REMOVED : DIFF_ADDED, "landlock", &n->at,
			 "abstract unix sockets outside the sandbox %s", n->scope_abstract_unix
			 ? "no longer reachable" : "reachable");
	if (o->scope_signal != n->scope_signal)
		diff_add(r, n->scope_signal ? DIFF_REMOVED : DIFF_ADDED, "landlock", &n->at,
			 "signals to processes outside the sandbox %s", n->scope_signal
			 ? "no longer allowed" : "allowed");
	if (o->optional != n->optional)
		diff_add(r, n->optional ? DIFF_ADDED : DIFF_REMOVED, "landlock", &n->at,
			 "rights the kernel lacks are %s", n->optional ? "skipped (optional)" : "refused");
}

void diff_lsm(struct diff_report *r, const struct pol_ir *old, const struct pol_ir *new)
{
	diff_label(r, "AppArmor", &old->lsm.apparmor, &new->lsm.apparmor);
	diff_label(r, "SELinux", &old->lsm.selinux, &new->lsm.selinux);
	diff_landlock(r, &old->lsm.landlock, &new->lsm.landlock);
}
