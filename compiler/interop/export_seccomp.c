/* The syscalls section as an OCI/Docker seccomp profile:
 *
 *   { "defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 1,
 *     "architectures": [ "SCMP_ARCH_X86_64", ... ],
 *     "syscalls": [ { "names": [...], "action": ..., "errnoRet": ...,
 *                     "args": [ { "index", "value", "valueTwo", "op" } ] } ] }
 *
 * Unconditional rules with one action share an entry; a conditional rule
 * gives one entry per conjunction (the profile's args of one entry are
 * AND-ed, its entries OR-ed). What a profile cannot say: that an argument
 * is compared on its low 32 bits only (polc does that for int arguments and
 * ioctl requests; libseccomp compares all 64), and the notify-then-kill
 * default enforce uses to name a blocked syscall (exported as kill). */
#include "interop/export.h"

#include <stdlib.h>
#include <string.h>

#include "interop/import_scmp.h"

static bool same_action(const struct ir_action_spec *a, const struct ir_action_spec *b)
{
	return a->action == b->action && (a->action != IR_ACT_ERRNO || a->errno_value == b->errno_value);
}

static json_object *entry_new(const struct ir_action_spec *act)
{
	json_object *ent = json_object_new_object();
	json_object_object_add(ent, "names", json_object_new_array());
	json_object_object_add(ent, "action", json_object_new_string(scmp_action_name(act->action)));
	if (act->action == IR_ACT_ERRNO)
		json_object_object_add(ent, "errnoRet", json_object_new_int(act->errno_value));
	return ent;
}

static void entry_add_name(json_object *ent, const char *name)
{
	json_object *names;
	json_object_object_get_ex(ent, "names", &names);
	json_object_array_add(names, json_object_new_string(name));
}

static json_object *args_json(const struct ir_conj *k)
{
	json_object *args = json_object_new_array();
	for (size_t i = 0; i < k->nterms; i++) {
		const struct ir_cmp_term *t = &k->terms[i];
		json_object *a = json_object_new_object();
		bool masked = t->op == IR_CMP_MASKED_EQ;
		json_object_object_add(a, "index", json_object_new_int(t->arg));
		json_object_object_add(a, "value", json_object_new_uint64(masked ? t->mask : t->value));
		json_object_object_add(a, "valueTwo", json_object_new_uint64(masked ? t->value : 0));
		json_object_object_add(a, "op", json_object_new_string(scmp_op_name(t->op)));
		json_object_array_add(args, a);
	}
	return args;
}

/* A term the kernel reads on its low 32 bits (an int argument, the ioctl
 * request) compared on all 64 by the runtime's libseccomp: a caller who
 * sets high bits passes an allow's `!=` or a range, or slips past a deny's
 * `==`, where enforce's filter would stop it (a masked test with a mask
 * inside the low 32 bits is exact either way). */
static bool weaker_on_64_bits(const struct ir_cmp_term *t, bool allows)
{
	if (!t->low32 || (t->op == IR_CMP_MASKED_EQ && t->mask <= UINT32_MAX))
		return false;
	if (t->op == IR_CMP_LT || t->op == IR_CMP_LE || t->op == IR_CMP_GT || t->op == IR_CMP_GE)
		return true;
	return allows ? t->op == IR_CMP_NE : t->op == IR_CMP_EQ || t->op == IR_CMP_MASKED_EQ;
}

static void warn_low32(struct export_ctx *x, const struct ir_rule *r)
{
	bool allows = r->act.action == IR_ACT_ALLOW || r->act.action == IR_ACT_LOG;
	for (size_t k = 0; k < r->cond.nconj; k++)
		for (size_t i = 0; i < r->cond.conj[k].nterms; i++)
			if (weaker_on_64_bits(&r->cond.conj[k].terms[i], allows)) {
				export_warn(x, "syscalls: %s %s: argument %u is compared on 64 bits by libseccomp, on "
					    "the 32 the kernel reads by enforce; high bits set get past the test",
					    ir_action_name(r->act.action), r->syscall, r->cond.conj[k].terms[i].arg);
				return;
			}
}

/* Every unconditional rule sharing rules[first]'s action, in one entry. */
static json_object *unconditional_entry(const struct ir_syscalls *s, size_t first, bool *done)
{
	json_object *ent = entry_new(&s->rules[first].act);
	for (size_t i = first; i < s->nrules; i++) {
		if (done[i] || s->rules[i].cond.nconj || !same_action(&s->rules[i].act, &s->rules[first].act))
			continue;
		done[i] = true;
		entry_add_name(ent, s->rules[i].syscall);
	}
	return ent;
}

json_object *export_seccomp_json(struct export_ctx *x)
{
	const struct ir_syscalls *s = &x->ir->syscalls;
	if (!s->set)
		return NULL;
	json_object *prof = json_object_new_object(), *arches = json_object_new_array(),
		    *entries = json_object_new_array();
	if (s->default_action.action == IR_ACT_NOTIFY_KILL)
		export_warn(x, "the default action notify_kill is exported as SCMP_ACT_KILL_PROCESS");
	json_object_object_add(prof, "defaultAction",
			       json_object_new_string(scmp_action_name(s->default_action.action)));
	if (s->default_action.action == IR_ACT_ERRNO)
		json_object_object_add(prof, "defaultErrnoRet", json_object_new_int(s->default_action.errno_value));
	for (int a = 0; a < IR_ARCH_COUNT; a++)
		if (s->arches & (1u << a))
			json_object_array_add(arches, json_object_new_string(scmp_arch_name((enum ir_arch)a)));
	json_object_object_add(prof, "architectures", arches);

	bool *done = calloc(s->nrules ? s->nrules : 1, sizeof(*done));
	for (size_t i = 0; done && i < s->nrules; i++)
		if (!done[i] && !s->rules[i].cond.nconj)
			json_object_array_add(entries, unconditional_entry(s, i, done));
	for (size_t i = 0; done && i < s->nrules; i++) {
		if (done[i])
			continue;
		warn_low32(x, &s->rules[i]);
		for (size_t k = 0; k < s->rules[i].cond.nconj; k++) {
			json_object *ent = entry_new(&s->rules[i].act);
			entry_add_name(ent, s->rules[i].syscall);
			json_object_object_add(ent, "args", args_json(&s->rules[i].cond.conj[k]));
			json_object_array_add(entries, ent);
		}
	}
	free(done);
	json_object_object_add(prof, "syscalls", entries);
	return prof;
}

int export_docker_seccomp(struct export_ctx *x, FILE *out, struct err *e)
{
	json_object *prof = export_seccomp_json(x);
	if (!prof)
		return err_set(e, 0, "export", "the policy has no syscalls section");
	int r = export_write_json(prof, out, e);
	json_object_put(prof);
	return r;
}
