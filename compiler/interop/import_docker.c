/* A Docker/OCI seccomp profile (JSON) resolved into IR syscall rules, the
 * way the Docker engine resolves it before handing it to runc:
 *
 *  - architectures: the archMap entry of the engine's architecture with its
 *    sub-architectures, or the OCI `architectures` list;
 *  - an entry applies when its includes/excludes match: `arches` against the
 *    engine's Go architecture name (amd64, arm64...), `caps` against the
 *    capability set, `minKernel` against the kernel version asked for;
 *  - args of one entry are AND-ed; MASKED_EQ's `value` is the mask and
 *    `valueTwo` the expected value;
 *  - errno actions take `errnoRet`, else `defaultErrnoRet`, else EPERM.
 *
 * Several entries naming one syscall with the same action become one rule
 * whose condition is their OR; an entry after an unconditional one for the
 * same syscall can never match and is dropped with a note. */
#include "interop/import.h"

#include <errno.h>
#include <json-c/json.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pol_limits.h"
#include "interop/import_scmp.h"
#include "vocab/vocab.h"
#include "util/xalloc.h"

#define EPERM_VALUE 1

void import_note(struct import_notes *notes, const char *fmt, ...)
{
	char *line = NULL;
	va_list ap;
	va_start(ap, fmt);
	int n = vasprintf(&line, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	char **grown = realloc(notes->lines, (notes->n + 1) * sizeof(*grown));
	if (!grown) {
		free(line);
		return;
	}
	notes->lines = grown;
	notes->lines[notes->n++] = line;
}

void import_notes_free(struct import_notes *notes)
{
	for (size_t i = 0; i < notes->n; i++)
		free(notes->lines[i]);
	free(notes->lines);
	notes->lines = NULL;
	notes->n = 0;
}

/* The string at array[i], or "" for a missing element or another type:
 * hostile profiles get no NULL to dereference. */
/* strtoul with its end and range checked, not sscanf: a part that is not a
 * number, or one that overflows, is not read. */
static int kernel_part(const char **s, unsigned *out)
{
	if (**s < '0' || **s > '9')
		return 0;
	char *end;
	errno = 0;
	unsigned long v = strtoul(*s, &end, 10);
	if (errno || v > UINT_MAX)
		return 0;
	*out = (unsigned)v;
	*s = end;
	return 1;
}

int import_parse_kernel(const char *s, unsigned *major, unsigned *minor)
{
	if (!kernel_part(&s, major))
		return 0;
	if (*s != '.' || (s++, !kernel_part(&s, minor)))
		return 1;
	return 2;
}

static const char *string_at(json_object *array, size_t i)
{
	json_object *v = json_object_array_get_idx(array, i);
	return json_object_is_type(v, json_type_string) ? json_object_get_string(v) : "";
}

static bool json_is_string_in(json_object *array, const char *s)
{
	size_t n = json_object_is_type(array, json_type_array) ? json_object_array_length(array) : 0;
	for (size_t i = 0; i < n; i++) {
		if (!strcmp(string_at(array, i), s))
			return true;
	}
	return false;
}

/* ---- architectures ---------------------------------------------------- */

static void add_arch(const char *scmp, uint32_t *arches, struct import_notes *notes)
{
	int a = scmp_arch_to_ir(scmp);
	if (a < 0)
		import_note(notes, "architecture %s is not one polc compiles for; left out", scmp);
	else
		*arches |= 1u << a;
}

static int read_arches(json_object *root, const struct import_opts *o, uint32_t *arches,
		       struct import_notes *notes, struct err *e)
{
	json_object *map, *list;
	*arches = 0;
	if (json_object_object_get_ex(root, "archMap", &map) &&
	    json_object_is_type(map, json_type_array)) {
		const char *want = scmp_arch_name(o->engine);
		for (size_t i = 0; i < json_object_array_length(map); i++) {
			json_object *ent = json_object_array_get_idx(map, i), *arch, *subs;
			if (!json_object_object_get_ex(ent, "architecture", &arch) ||
			    !json_object_is_type(arch, json_type_string) ||
			    strcmp(json_object_get_string(arch), want))
				continue;
			add_arch(want, arches, notes);
			if (json_object_object_get_ex(ent, "subArchitectures", &subs) &&
			    json_object_is_type(subs, json_type_array))
				for (size_t j = 0; j < json_object_array_length(subs); j++)
					add_arch(string_at(subs, j), arches, notes);
		}
		if (!*arches)
			return err_set(e, 0, "import", "archMap has no entry for %s", want);
		return 0;
	}
	if (json_object_object_get_ex(root, "architectures", &list) &&
	    json_object_is_type(list, json_type_array) && json_object_array_length(list)) {
		for (size_t i = 0; i < json_object_array_length(list); i++)
			add_arch(string_at(list, i), arches, notes);
		if (!*arches)
			return err_set(e, 0, "import", "no architecture of the profile is one polc compiles for");
		return 0;
	}
	*arches = 1u << o->engine; /* runc: the native architecture only */
	return 0;
}

/* ---- actions ---------------------------------------------------------- */

static int read_action(json_object *obj, const char *key, uint16_t errno_fallback,
		       struct ir_action_spec *act, struct err *e)
{
	json_object *name, *ret;
	if (!json_object_object_get_ex(obj, key, &name) || !json_object_is_type(name, json_type_string))
		return err_set(e, 0, "import", "'%s' missing or not a string", key);
	const char *s = json_object_get_string(name);
	if (!scmp_action_to_ir(s, act))
		return err_set(e, 0, "import", "action %s has no equivalent in a .pol policy", s);
	if (act->action != IR_ACT_ERRNO || act->errno_value)
		return 0;
	const char *ret_key = !strcmp(key, "defaultAction") ? "defaultErrnoRet" : "errnoRet";
	if (json_object_object_get_ex(obj, ret_key, &ret) && json_object_is_type(ret, json_type_int)) {
		int64_t v = json_object_get_int64(ret);
		if (v <= 0 || v > 4095)
			return err_set(e, 0, "import", "%s %lld is not an errno value", ret_key, (long long)v);
		act->errno_value = (uint16_t)v;
	} else {
		act->errno_value = errno_fallback;
	}
	return 0;
}

/* ---- includes / excludes ---------------------------------------------- */

static bool caps_all_in(json_object *caps, uint64_t set)
{
	for (size_t i = 0; i < json_object_array_length(caps); i++) {
		int c = vocab_capability(string_at(caps, i));
		if (c < 0 || c > 63 || !(set & (1ull << c)))
			return false;
	}
	return true;
}

static bool caps_any_in(json_object *caps, uint64_t set)
{
	for (size_t i = 0; i < json_object_array_length(caps); i++) {
		int c = vocab_capability(string_at(caps, i));
		if (c >= 0 && c < 64 && (set & (1ull << c)))
			return true;
	}
	return false;
}

static bool kernel_at_least(const struct import_opts *o, const char *min)
{
	unsigned major = 0, minor = 0;
	if (!o->kernel_major && !o->kernel_minor)
		return true;
	if (import_parse_kernel(min, &major, &minor) < 1)
		return true;
	return o->kernel_major > major || (o->kernel_major == major && o->kernel_minor >= minor);
}

static json_object *array_field(json_object *obj, const char *key)
{
	json_object *v;
	if (obj && json_object_object_get_ex(obj, key, &v) && json_object_is_type(v, json_type_array) &&
	    json_object_array_length(v))
		return v;
	return NULL;
}

/* Docker's rules, in its order: arches, then caps, then minKernel. */
static bool entry_applies(json_object *entry, const struct import_opts *o)
{
	json_object *inc = NULL, *exc = NULL, *arr, *min;
	const char *arch = scmp_go_arch_name(o->engine);
	json_object_object_get_ex(entry, "includes", &inc);
	json_object_object_get_ex(entry, "excludes", &exc);
	if ((arr = array_field(exc, "arches")) && json_is_string_in(arr, arch))
		return false;
	if ((arr = array_field(inc, "arches")) && !json_is_string_in(arr, arch))
		return false;
	if ((arr = array_field(exc, "caps")) && caps_any_in(arr, o->caps))
		return false;
	if ((arr = array_field(inc, "caps")) && !caps_all_in(arr, o->caps))
		return false;
	if (inc && json_object_object_get_ex(inc, "minKernel", &min) &&
	    json_object_is_type(min, json_type_string) &&
	    !kernel_at_least(o, json_object_get_string(min)))
		return false;
	return true;
}

/* ---- conditions ------------------------------------------------------- */

static uint64_t json_u64(json_object *v)
{
	if (json_object_is_type(v, json_type_int))
		return json_object_get_uint64(v);
	return 0;
}

/* An entry's args as one conjunction (nterms 0: unconditional). */
static int read_conj(json_object *entry, struct ir_conj *conj, struct err *e)
{
	json_object *args;
	memset(conj, 0, sizeof(*conj));
	if (!json_object_object_get_ex(entry, "args", &args) || !json_object_is_type(args, json_type_array))
		return 0;
	size_t n = json_object_array_length(args);
	if (!n)
		return 0;
	conj->terms = xcalloc(n, sizeof(*conj->terms));
	for (size_t i = 0; i < n; i++) {
		json_object *a = json_object_array_get_idx(args, i), *idx, *val, *val2, *op;
		struct ir_cmp_term *t = &conj->terms[conj->nterms++];
		if (!json_object_object_get_ex(a, "index", &idx) || !json_object_object_get_ex(a, "op", &op))
			return err_set(e, 0, "import", "an argument comparison lacks 'index' or 'op'");
		int64_t index = json_object_get_int64(idx);
		if (index < 0 || index > 5)
			return err_set(e, 0, "import", "argument index %lld is not 0..5", (long long)index);
		t->arg = (uint8_t)index;
		const char *opname = json_object_is_type(op, json_type_string) ? json_object_get_string(op) : "";
		if (!scmp_op_to_ir(opname, &t->op))
			return err_set(e, 0, "import", "unknown comparison '%s'", opname);
		uint64_t value = json_object_object_get_ex(a, "value", &val) ? json_u64(val) : 0;
		uint64_t value2 = json_object_object_get_ex(a, "valueTwo", &val2) ? json_u64(val2) : 0;
		if (t->op == IR_CMP_MASKED_EQ) {
			t->mask = value;
			t->value = value2;
		} else {
			t->value = value;
		}
	}
	return 0;
}

static void free_conj(struct ir_conj *c)
{
	free(c->terms);
	c->terms = NULL;
	c->nterms = 0;
}

/* ---- rules ------------------------------------------------------------ */

static bool same_action(const struct ir_action_spec *a, const struct ir_action_spec *b)
{
	return a->action == b->action && (a->action != IR_ACT_ERRNO || a->errno_value == b->errno_value);
}

static struct ir_rule *last_rule_for(struct ir_syscalls *s, const char *name, bool *has_always)
{
	struct ir_rule *last = NULL;
	*has_always = false;
	for (size_t i = 0; i < s->nrules; i++) {
		if (strcmp(s->rules[i].syscall, name))
			continue;
		last = &s->rules[i];
		if (!last->cond.nconj)
			*has_always = true;
	}
	return last;
}

static int conj_copy(const struct ir_conj *from, struct ir_conj *to, struct err *e)
{
	to->nterms = from->nterms;
	to->terms = NULL;
	if (!from->nterms)
		return 0;
	to->terms = xreallocarray(NULL, from->nterms, sizeof(*to->terms));
	memcpy(to->terms, from->terms, from->nterms * sizeof(*to->terms));
	return 0;
}

/* OR `conj` into `rule` (an unconditional conj makes the rule unconditional). */
static int rule_or(struct ir_rule *rule, const struct ir_conj *conj, struct err *e)
{
	if (!conj->nterms) {
		for (size_t i = 0; i < rule->cond.nconj; i++)
			free_conj(&rule->cond.conj[i]);
		free(rule->cond.conj);
		rule->cond.conj = NULL;
		rule->cond.nconj = 0;
		return 0;
	}
	struct ir_conj *grown = xreallocarray(rule->cond.conj, rule->cond.nconj + 1, sizeof(*grown));
	rule->cond.conj = grown;
	return conj_copy(conj, &rule->cond.conj[rule->cond.nconj++], e);
}

static int add_rule(struct ir_syscalls *s, const char *name, const struct ir_action_spec *act,
		    const struct ir_conj *conj, size_t entry_no, struct import_notes *notes,
		    struct err *e)
{
	bool has_always;
	struct ir_rule *last = last_rule_for(s, name, &has_always);
	if (has_always) {
		if (!last || !same_action(&last->act, act))
			import_note(notes, "entry %zu: %s was already decided without conditions; "
				    "this entry can never match and is left out", entry_no, name);
		return 0;
	}
	if (last && same_action(&last->act, act))
		return rule_or(last, conj, e);
	struct ir_rule *grown = xreallocarray(s->rules, s->nrules + 1, sizeof(*grown));
	s->rules = grown;
	struct ir_rule *r = &s->rules[s->nrules];
	memset(r, 0, sizeof(*r));
	r->syscall = xstrdup(name);
	r->act = *act;
	s->nrules++;
	return conj->nterms ? rule_or(r, conj, e) : 0;
}

/* Say which entry a failure is about. */
static int prefix_entry(struct err *e, size_t entry_no)
{
	char detail[sizeof(e->detail)];
	memcpy(detail, e->detail, sizeof(detail));
	return err_set(e, 0, "import", "entry %zu: %s", entry_no, detail);
}

/* One entry of "syscalls": its names ("names", or the old "name"). */
static int import_entry(json_object *entry, size_t entry_no, const struct import_opts *o,
			struct pol_ir *ir, struct import_notes *notes,
			struct err *e)
{
	struct ir_action_spec act;
	struct ir_conj conj;
	json_object *names, *one;
	if (!entry_applies(entry, o))
		return 0;
	/* An entry's errno without errnoRet is EPERM (runc); defaultErrnoRet
	 * is only the default action's. */
	if (read_action(entry, "action", EPERM_VALUE, &act, e) < 0)
		return prefix_entry(e, entry_no);
	if (read_conj(entry, &conj, e) < 0) {
		free_conj(&conj);
		return prefix_entry(e, entry_no);
	}
	int r = 0;
	if (json_object_object_get_ex(entry, "names", &names) && json_object_is_type(names, json_type_array)) {
		for (size_t i = 0; r == 0 && i < json_object_array_length(names); i++) {
			const char *name = string_at(names, i);
			if (!vocab_syscall_known(name)) {
				import_note(notes, "entry %zu: syscall '%s' is unknown to polc; left out",
					    entry_no, name);
				continue;
			}
			r = add_rule(&ir->syscalls, name, &act, &conj, entry_no, notes, e);
		}
	} else if (json_object_object_get_ex(entry, "name", &one) && json_object_is_type(one, json_type_string)) {
		const char *name = json_object_get_string(one);
		if (vocab_syscall_known(name))
			r = add_rule(&ir->syscalls, name, &act, &conj, entry_no, notes, e);
		else
			import_note(notes, "entry %zu: syscall %s is unknown to polc; left out", entry_no, name);
	} else {
		r = err_set(e, 0, "import", "entry %zu names no syscall", entry_no);
	}
	free_conj(&conj);
	return r;
}

/* JSON text to a tree; json-c's tokener bounds the nesting (32 levels). */
json_object *import_parse_json(const char *name, const char *text, size_t len, struct err *e)
{
	if (len > POL_MAX_FILE_SIZE)
		return err_set(e, 0, "import", "'%s' is larger than %s (the file size limit)", name,
			       POL_MAX_FILE_SIZE_TEXT), NULL;
	json_tokener *tok = json_tokener_new();
	if (!tok)
		return err_set(e, errno, "import", "%s", name), NULL;
	json_object *root = json_tokener_parse_ex(tok, text, (int)len);
	enum json_tokener_error jerr = json_tokener_get_error(tok);
	if (root && (jerr != json_tokener_success || json_tokener_get_parse_end(tok) < len)) {
		json_object_put(root);
		root = NULL;
		if (jerr == json_tokener_success)
			jerr = json_tokener_error_parse_unexpected;
	} else if (!root && jerr == json_tokener_continue) {
		jerr = json_tokener_error_parse_eof;
	}
	if (!root)
		err_set(e, 0, "import", "%s: %s", name, json_tokener_error_desc(jerr));
	json_tokener_free(tok);
	return root;
}

int import_seccomp_object(json_object *prof, const struct import_opts *opts, struct pol_ir *ir,
			  struct import_notes *notes, struct err *e)
{
	json_object *entries;
	ir->syscalls.set = true;
	if (read_action(prof, "defaultAction", EPERM_VALUE, &ir->syscalls.default_action, e) < 0 ||
	    read_arches(prof, opts, &ir->syscalls.arches, notes, e) < 0)
		return -1;
	if (json_object_object_get_ex(prof, "syscalls", &entries) && json_object_is_type(entries, json_type_array))
		for (size_t i = 0; i < json_object_array_length(entries); i++)
			if (import_entry(json_object_array_get_idx(entries, i), i + 1, opts, ir, notes, e) < 0)
				return -1;
	return 0;
}

int import_docker_seccomp(const char *path, const struct import_opts *opts,
			  struct pol_ir *ir, struct import_notes *notes, struct err *e)
{
	char *text;
	size_t len;
	if (pol_read_file(path, &text, &len, e) < 0)
		return -1;
	int r = import_docker_seccomp_text(path, text, len, opts, ir, notes, e);
	free(text);
	return r;
}

int import_docker_seccomp_text(const char *path, const char *text, size_t len,
			       const struct import_opts *opts, struct pol_ir *ir,
			       struct import_notes *notes, struct err *e)
{
	json_object *root = import_parse_json(path, text, len, e);
	if (!root)
		return -1;
	int r = -1;
	if (!json_object_is_type(root, json_type_object)) {
		err_set(e, 0, "import", "%s: not a JSON object", path);
		goto out;
	}
	/* A whole OCI config.json: its linux.seccomp is the profile. */
	json_object *lx, *sec, *prof = root;
	if (json_object_object_get_ex(root, "linux", &lx) && json_object_object_get_ex(lx, "seccomp", &sec) &&
	    json_object_is_type(sec, json_type_object))
		prof = sec;
	r = import_seccomp_object(prof, opts, ir, notes, e);
out:
	json_object_put(root);
	return r;
}
