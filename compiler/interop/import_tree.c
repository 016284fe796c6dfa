/* Typed fields of a YAML tree and IR builders for the imports (see
 * import_tree.h). */
#include "interop/import_tree.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "interop/export_k8s.h"
#include "interop/import_yaml.h"
#include "util/xalloc.h"

int tree_bad(const struct tree_in *t, json_object *at, const char *field, const char *what)
{
	int line, col;
	yaml_node_mark(at, &line, &col);
	return err_set(t->e, 0, "import", "%s:%d:%d: %s: %s", t->path, line, col, field, what);
}

const char *import_type_name(json_type type, bool yaml)
{
	static const char *const names[][2] = { [json_type_null] = { "null", "null" },
		[json_type_boolean] = { "true or false", "true or false" }, [json_type_double] = { "a number", "a number" },
		[json_type_int] = { "an integer", "an integer" }, [json_type_object] = { "an object", "a mapping" },
		[json_type_array] = { "an array", "a list" }, [json_type_string] = { "a string", "a string" } };
	return names[type][yaml];
}

int import_field_of(json_object *o, const char *key, json_type type, json_object **out)
{
	*out = NULL;
	/* json-c: false for an o that is not an object; a JSON null is a NULL value */
	if (!o || !json_object_object_get_ex(o, key, out))
		return 0;
	return json_object_is_type(*out, type) ? 0 : -1;
}

int tree_field(const struct tree_in *t, json_object *o, const char *key, json_type type, json_object **out)
{
	if (import_field_of(o, key, type, out) < 0) {
		char what[64];
		snprintf(what, sizeof(what), "expected %s", import_type_name(type, true));
		return tree_bad(t, *out, key, what);
	}
	return 0;
}

const char *tree_str(json_object *o, const char *key)
{
	json_object *v;
	return o && json_object_is_type(o, json_type_object) && json_object_object_get_ex(o, key, &v) &&
			       json_object_is_type(v, json_type_string)
		       ? json_object_get_string(v) : NULL;
}

int tree_uint(const struct tree_in *t, json_object *o, const char *key, uint64_t max, bool *has, uint64_t *out)
{
	json_object *v;
	*has = false;
	if (tree_field(t, o, key, json_type_int, &v) < 0)
		return -1;
	if (!v)
		return 0;
	if (import_uint_of(v, max, out) < 0)
		return tree_bad(t, v, key, "out of range");
	*has = true;
	return 0;
}

int tree_bool(const struct tree_in *t, json_object *o, const char *key, int *out)
{
	json_object *v;
	*out = -1;
	if (tree_field(t, o, key, json_type_boolean, &v) < 0)
		return -1;
	if (v)
		*out = json_object_get_boolean(v);
	return 0;
}

/* The lexer's word characters (grammar/lexer.l, W). */
const char *import_not_word(const char *s)
{
	static const char word_chars[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./:,+*@%~^[]-";
	size_t n = strspn(s, word_chars);
	return s[n] ? s + n : NULL;
}

int import_uint_of(json_object *v, uint64_t max, uint64_t *out)
{
	/* json-c keeps an integer as int64 or, above INT64_MAX, as uint64 */
	int64_t s = json_object_get_int64(v);
	uint64_t u = json_object_get_uint64(v);
	if ((s < 0 && u == 0) || u > max)
		return -1;
	*out = u;
	return 0;
}

int tree_word(const struct tree_in *t, json_object *at, const char *field, const char *s)
{
	if (!*s || import_not_word(s))
		return tree_bad(t, at, field, "holds a character a policy word cannot (blank, quote, #;{}()=, control); refused");
	return 0;
}

int tree_text(const struct tree_in *t, json_object *at, const char *field, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p < 0x20 && *p != '\t' && *p != '\n') || *p == 0x7f)
			return tree_bad(t, at, field, "holds a control character; refused");
	return 0;
}

struct ir_mount *import_add_mount(struct pol_ir *ir, enum ir_mount_kind kind, const char *source, const char *target,
				  uint32_t flags)
{
	struct ir_filesystem *fs = &ir->filesystem;
	struct ir_mount *m = xreallocarray(fs->mounts, fs->nmounts + 1, sizeof(*m));
	fs->mounts = m;
	m = &m[fs->nmounts++];
	memset(m, 0, sizeof(*m));
	m->kind = kind;
	m->flags = flags;
	m->source = source ? xstrdup(source) : NULL;
	m->target = xstrdup(target);
	return m;
}

void import_add_limit(struct pol_ir *ir, enum ir_cg_key key, uint64_t num, uint64_t num2, const char *text)
{
	struct ir_cgroup *cg = &ir->cgroup;
	struct ir_cg_limit *l = NULL;
	for (size_t i = 0; i < cg->nlimits && !l; i++) /* at most one per key: the later one wins */
		if (cg->limits[i].key == key)
			l = &cg->limits[i];
	if (!l) {
		cg->limits = xreallocarray(cg->limits, cg->nlimits + 1, sizeof(*cg->limits));
		l = &cg->limits[cg->nlimits++];
		memset(l, 0, sizeof(*l));
		l->key = key;
	}
	free(l->text);
	l->num = num;
	l->num2 = num2;
	l->text = text ? xstrdup(text) : NULL;
	cg->set = true;
}

int import_add_net(struct pol_ir *ir, enum ir_net_kind kind, uint8_t proto, const char *addr, uint8_t prefix,
		   uint16_t host_port, uint16_t port)
{
	struct ir_net_rule r = { .kind = kind, .proto = proto, .prefix = prefix, .host_port = host_port, .port = port };
	if (!addr)
		r.any_addr = true;
	else if (inet_pton(AF_INET, addr, r.addr) == 1)
		r.v6 = false;
	else if (inet_pton(AF_INET6, addr, r.addr) == 1)
		r.v6 = true;
	else
		return -1;
	if (prefix > (r.v6 ? 128 : 32))
		return -1;
	struct ir_network *n = &ir->network;
	n->rules = xreallocarray(n->rules, n->nrules + 1, sizeof(*n->rules));
	n->rules[n->nrules++] = r;
	n->set = true;
	return 0;
}

void import_runtime_mounts(struct pol_ir *ir, bool unmasked)
{
	import_add_mount(ir, IR_MOUNT_PROC, NULL, "/proc", 0);
	import_add_mount(ir, IR_MOUNT_DEV, NULL, "/dev", 0);
	import_add_mount(ir, IR_MOUNT_SYSFS, NULL, "/sys", 0);
	for (size_t i = 0; !unmasked && i < k8s_nruntime_masked; i++)
		import_add_mount(ir, IR_MOUNT_MASK, NULL, k8s_runtime_masked[i], 0);
	for (size_t i = 0; !unmasked && i < k8s_nruntime_readonly; i++)
		import_add_mount(ir, IR_MOUNT_READONLY, NULL, k8s_runtime_readonly[i], 0);
}
