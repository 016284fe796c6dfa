/* Deciding one syscall three independent ways, for the policies tests:
 *
 *  - docker_decide(): straight from a Docker seccomp profile (JSON), with
 *    Docker's own rules (entries filtered by includes/excludes for the
 *    engine's architecture and capability set, args AND-ed and compared on
 *    all 64 bits as libseccomp does). Written apart from
 *    compiler/review/import_docker.c so the test does not grade the
 *    importer with itself.
 *  - ir_decide(): from a policy's IR (rules first-match, conditions in DNF,
 *    low-32-bit compares where the IR says so).
 * (test_policies_bpf.c adds the third: the compiled program, run by the
 * in-tree BPF interpreter.)
 */
#ifndef POL_TESTS_POLICIES_EVAL_H
#define POL_TESTS_POLICIES_EVAL_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "ir.h"
#include "seccomp_ref.h"

/* One decision: the action and, for errno, its value. */
struct decision {
	enum ir_action action;
	uint16_t errno_value;
};

static inline bool decision_eq(struct decision a, struct decision b)
{
	return a.action == b.action && (a.action != IR_ACT_ERRNO || a.errno_value == b.errno_value);
}

static inline const char *decision_str(struct decision d, char *buf, size_t size)
{
	if (d.action == IR_ACT_ERRNO)
		snprintf(buf, size, "errno %u", d.errno_value);
	else
		snprintf(buf, size, "%s", ir_action_name(d.action));
	return buf;
}

/* ---- Docker's profile ------------------------------------------------- */

static const char *const docker_default_caps[] = {
	"CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD",
	"CAP_NET_RAW", "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP",
	"CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE",
};

static inline bool json_has_string(json_object *arr, const char *s)
{
	for (size_t i = 0; arr && i < json_object_array_length(arr); i++)
		if (!strcmp(json_object_get_string(json_object_array_get_idx(arr, i)), s))
			return true;
	return false;
}

static inline bool docker_has_cap(const char *cap)
{
	for (size_t i = 0; i < sizeof(docker_default_caps) / sizeof(docker_default_caps[0]); i++)
		if (!strcmp(docker_default_caps[i], cap))
			return true;
	return false;
}

static inline json_object *json_get(json_object *o, const char *key)
{
	json_object *v = NULL;
	return o && json_object_object_get_ex(o, key, &v) ? v : NULL;
}

/* moby's setupSeccomp: arches against "amd64", then caps, then minKernel
 * (every minKernel in the profile is below the kernels we run). */
static inline bool docker_entry_applies(json_object *ent)
{
	json_object *inc = json_get(ent, "includes"), *exc = json_get(ent, "excludes");
	json_object *a;
	if ((a = json_get(exc, "arches")) && json_has_string(a, "amd64"))
		return false;
	if ((a = json_get(inc, "arches")) && json_object_array_length(a) && !json_has_string(a, "amd64"))
		return false;
	if ((a = json_get(exc, "caps")))
		for (size_t i = 0; i < json_object_array_length(a); i++)
			if (docker_has_cap(json_object_get_string(json_object_array_get_idx(a, i))))
				return false;
	if ((a = json_get(inc, "caps")))
		for (size_t i = 0; i < json_object_array_length(a); i++)
			if (!docker_has_cap(json_object_get_string(json_object_array_get_idx(a, i))))
				return false;
	return true;
}

static inline struct decision docker_action(json_object *obj, const char *key, const char *ret_key)
{
	const char *a = json_object_get_string(json_get(obj, key));
	json_object *ret = json_get(obj, ret_key);
	struct decision d = { IR_ACT_KILL_THREAD, 0 };
	if (!strcmp(a, "SCMP_ACT_ALLOW")) d.action = IR_ACT_ALLOW;
	else if (!strcmp(a, "SCMP_ACT_ERRNO")) {
		d.action = IR_ACT_ERRNO;
		d.errno_value = ret ? (uint16_t)json_object_get_int(ret) : 1;
	} else if (!strcmp(a, "SCMP_ACT_KILL_PROCESS")) d.action = IR_ACT_KILL_PROCESS;
	else if (!strcmp(a, "SCMP_ACT_TRAP")) d.action = IR_ACT_TRAP;
	else if (!strcmp(a, "SCMP_ACT_LOG")) d.action = IR_ACT_LOG;
	return d;
}

static inline bool docker_args_hold(json_object *args, const uint64_t argv[6])
{
	for (size_t i = 0; args && i < json_object_array_length(args); i++) {
		json_object *c = json_object_array_get_idx(args, i);
		uint64_t a = argv[json_object_get_int(json_get(c, "index"))];
		uint64_t v = json_object_get_uint64(json_get(c, "value"));
		json_object *v2o = json_get(c, "valueTwo");
		uint64_t v2 = v2o ? json_object_get_uint64(v2o) : 0;
		const char *op = json_object_get_string(json_get(c, "op"));
		bool ok = !strcmp(op, "SCMP_CMP_EQ") ? a == v : !strcmp(op, "SCMP_CMP_NE") ? a != v :
			  !strcmp(op, "SCMP_CMP_LT") ? a < v : !strcmp(op, "SCMP_CMP_LE") ? a <= v :
			  !strcmp(op, "SCMP_CMP_GT") ? a > v : !strcmp(op, "SCMP_CMP_GE") ? a >= v :
			  !strcmp(op, "SCMP_CMP_MASKED_EQ") ? (a & v) == v2 : false;
		if (!ok)
			return false;
	}
	return true;
}

/* The decision for syscall `name` (NULL: a number no table names). An
 * unconditional entry decides; otherwise the first entry whose args hold. */
static inline struct decision docker_decide(json_object *prof, const char *name, const uint64_t argv[6])
{
	struct decision d = docker_action(prof, "defaultAction", "defaultErrnoRet");
	json_object *ents = json_get(prof, "syscalls");
	bool found_cond = false;
	struct decision cond = d;
	for (size_t i = 0; name && i < json_object_array_length(ents); i++) {
		json_object *e = json_object_array_get_idx(ents, i);
		if (!json_has_string(json_get(e, "names"), name) || !docker_entry_applies(e))
			continue;
		json_object *args = json_get(e, "args");
		if (!args || !json_object_array_length(args))
			return docker_action(e, "action", "errnoRet");
		if (!found_cond && docker_args_hold(args, argv)) {
			found_cond = true;
			cond = docker_action(e, "action", "errnoRet");
		}
	}
	return cond;
}

/* ---- the IR ----------------------------------------------------------- */

/* One comparison as the kernel reads it: the seccomp tests' reference. */
static inline bool ir_term_holds(const struct ir_cmp_term *t, const uint64_t argv[6])
{
	return ref_term(t, argv[t->arg], false);
}

static inline bool ir_cond_holds(const struct ir_cond *c, const uint64_t argv[6])
{
	if (!c->nconj)
		return true;
	for (size_t i = 0; i < c->nconj; i++) {
		bool all = true;
		for (size_t j = 0; all && j < c->conj[i].nterms; j++)
			all = ir_term_holds(&c->conj[i].terms[j], argv);
		if (all)
			return true;
	}
	return false;
}

static inline struct decision ir_decide(const struct pol_ir *ir, const char *name, const uint64_t argv[6])
{
	const struct ir_syscalls *s = &ir->syscalls;
	for (size_t i = 0; name && i < s->nrules; i++)
		if (!strcmp(s->rules[i].syscall, name) && ir_cond_holds(&s->rules[i].cond, argv))
			return (struct decision){ s->rules[i].act.action, s->rules[i].act.errno_value };
	return (struct decision){ s->default_action.action, s->default_action.errno_value };
}

#endif
