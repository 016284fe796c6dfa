/* The policy IR's life cycle: documented defaults, freeing, interning, and
 * the names every stage prints. */
#include "ir.h"
#include "polb_reader.h"
#include "vocab/vocab.h"
#include "names.h"

#include <stdlib.h>
#include <string.h>

void ir_init(struct pol_ir *ir)
{
	memset(ir, 0, sizeof(*ir));
	ir->process.no_new_privs = true;
	ir->process.init = true;
	ir->syscalls.default_action.action = IR_ACT_KILL_PROCESS;
	ir->syscalls.arches = 1u << ARCH_NATIVE;
	ir->lsm.landlock.scope_abstract_unix = true;
	ir->lsm.landlock.scope_signal = true;
}

static void free_process(struct ir_process *p)
{
	free(p->groups);
	free(p->cwd);
	free(p->hostname);
	free(p->user_name);
	free(p->group_name);
	for (size_t i = 0; i < p->nenv; i++) {
		free(p->env[i].name);
		free(p->env[i].value);
	}
	free(p->env);
}

static void free_namespaces(struct ir_namespaces *n)
{
	for (int i = 0; i < IR_NS_COUNT; i++)
		free(n->ns[i].join_path);
	free(n->uid_map);
	free(n->gid_map);
}

static void free_filesystem(struct ir_filesystem *f)
{
	for (size_t i = 0; i < f->nmounts; i++) {
		struct ir_mount *m = &f->mounts[i];
		free(m->source);
		free(m->target);
		free(m->lower);
		free(m->upper);
		free(m->work);
	}
	free(f->mounts);
}

static void free_cgroup(struct ir_cgroup *c)
{
	free(c->parent);
	for (size_t i = 0; i < c->nlimits; i++)
		free(c->limits[i].text);
	free(c->limits);
	free(c->devices);
}

static void free_label(struct ir_lsm_label *l)
{
	free(l->name);
	free(l->profile);
	free(l->compiled);
	free(l->features);
}

static void free_lsm(struct ir_lsm *l)
{
	free_label(&l->apparmor);
	free_label(&l->selinux);
	for (size_t i = 0; i < l->landlock.npaths; i++)
		free(l->landlock.paths[i].path);
	free(l->landlock.paths);
	free(l->landlock.ports);
}

void ir_network_clear(struct ir_network *n)
{
	for (size_t i = 0; i < n->nrules; i++)
		free(n->rules[i].name);
	free(n->rules);
	n->rules = NULL;
	n->nrules = 0;
}

static void free_cond(struct ir_cond *c)
{
	for (size_t i = 0; i < c->nconj; i++)
		free(c->conj[i].terms);
	free(c->conj);
	c->conj = NULL;
	c->nconj = 0;
}

static void free_syscalls(struct ir_syscalls *s)
{
	for (size_t i = 0; i < s->nrules; i++) {
		free(s->rules[i].syscall);
		free_cond(&s->rules[i].cond);
	}
	free(s->rules);
}

void ir_free(struct pol_ir *ir)
{
	free(ir->name);
	for (size_t i = 0; i < ir->nsources; i++)
		free(ir->sources[i].path);
	free(ir->sources);
	free_process(&ir->process);
	free_namespaces(&ir->namespaces);
	free_filesystem(&ir->filesystem);
	free_cgroup(&ir->cgroup);
	free_lsm(&ir->lsm);
	ir_network_clear(&ir->network);
	free_syscalls(&ir->syscalls);
	for (size_t i = 0; i < ir->ninterned; i++)
		free(ir->interned[i]);
	free(ir->interned);
	memset(ir, 0, sizeof(*ir));
}

/* Few distinct strings are interned (file names, group names), so a
 * linear search is enough. Returns NULL only when out of memory. */
const char *ir_intern(struct pol_ir *ir, const char *s)
{
	if (!s)
		return NULL;
	for (size_t i = 0; i < ir->ninterned; i++)
		if (!strcmp(ir->interned[i], s))
			return ir->interned[i];
	char **grown = realloc(ir->interned, (ir->ninterned + 1) * sizeof(*grown));
	if (!grown)
		return NULL;
	ir->interned = grown;
	char *copy = strdup(s);
	if (!copy)
		return NULL;
	ir->interned[ir->ninterned++] = copy;
	return copy;
}

#define NAME_OR(table, i, n) ((unsigned)(i) < (n) && (table)[i] ? (table)[i] : "?")

/* The blob's name tables (common/names.c): IR and blob numbers are the
 * same (ir_blob.c). */
const char *ir_ns_name(enum ir_ns_kind k)
{
	return polb_ns_name((uint32_t)k);
}

const char *ir_mount_kind_name(enum ir_mount_kind k)
{
	return polb_mount_kind_name((uint32_t)k);
}

const char *const ir_action_names[IR_ACT_COUNT] = {
	[IR_ACT_KILL_PROCESS] = "kill_process", [IR_ACT_KILL_THREAD] = "kill_thread",
	[IR_ACT_TRAP] = "trap", [IR_ACT_ERRNO] = "errno", [IR_ACT_LOG] = "log",
	[IR_ACT_ALLOW] = "allow", [IR_ACT_NOTIFY_KILL] = "notify_kill",
};

const char *ir_action_name(enum ir_action a)
{
	return NAME_OR(ir_action_names, a, IR_ACT_COUNT);
}

const char *ir_cg_key_name(enum ir_cg_key k)
{
	return polb_cg_key_name((uint32_t)k);
}

void ir_net_record(const struct ir_net_rule *r, struct polb_net_rule *out)
{
	memset(out, 0, sizeof(*out));
	out->kind = (uint32_t)r->kind;
	out->proto = r->proto;
	out->flags = (r->v6 ? POLB_NET_V6 : 0) | (r->any_addr ? POLB_NET_ANY_ADDR : 0) |
		     (r->optional ? POLB_NET_OPTIONAL : 0);
	out->prefix = r->kind == IR_NET_CONNECT ? r->prefix : 0;
	out->host_port = r->kind == IR_NET_CONNECT ? 0 : r->host_port;
	out->port = r->kind == IR_NET_LISTEN ? 0 : r->port;
	memcpy(out->addr, r->addr, sizeof(out->addr));
}

const char *ir_net_text(const struct ir_net_rule *r, char *buf, size_t size)
{
	struct polb_net_rule rec;
	ir_net_record(r, &rec);
	return polb_net_format(&rec, r->name, buf, size);
}
