/* cgroup { KEY VALUE, parent NAME, optional, devices { allow|deny ... } }.
 * Keys are cgroup v2's (ir.h's enum ir_cg_key); one value per key, the
 * later wins. A devices block in a later file replaces an earlier one. */
#include "frontend/fe.h"
#include "util/strbuf.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *key_names[IR_CG_KEY_COUNT];

static void init_key_names(void)
{
	for (int i = 0; i < IR_CG_KEY_COUNT; i++)
		key_names[i] = ir_cg_key_name((enum ir_cg_key)i);
}

static int bytes_or_max(struct fe_ctx *c, const struct ast_word *w, uint64_t *v)
{
	if (!strcmp(w->text, "max")) {
		*v = IR_CG_UNLIMITED;
		return 0;
	}
	return fe_size(c, w, v);
}

/* cpu.max: CORES (0.5, 2), QUOTA PERIOD in microseconds, or max. */
static int cpu_max(struct fe_ctx *c, const struct ast_stmt *s, struct ir_cg_limit *l)
{
	l->num2 = 100000;
	const struct ast_word *w = s->args.v[0];
	if (!strcmp(w->text, "max")) {
		l->num = IR_CG_UNLIMITED;
		return s->args.n == 1 ? 0 : fe_u64(c, s->args.v[1], 1000000, &l->num2);
	}
	if (s->args.n == 2) {
		if (fe_u64(c, w, UINT32_MAX, &l->num) < 0 || fe_u64(c, s->args.v[1], 1000000, &l->num2) < 0)
			return -1;
		if (l->num < 1000 || l->num2 < 1000) {
			diag_error(c->d, fe_loc(&s->loc), "cpu.max quota and period are at least 1000 microseconds");
			return -1;
		}
		return 0;
	}
	char *end;
	double cores = strtod(w->text, &end);
	if (*end || end == w->text || !(cores >= 0.01 && cores <= 4096)) {
		diag_error(c->d, fe_word_loc(w), "cpu.max takes cores (0.01 to 4096, e.g. 0.5), 'QUOTA PERIOD' or max, not '%s'",
			   w->text);
		return -1;
	}
	l->num = (uint64_t)(cores * 100000 + 0.5);
	return 0;
}

/* cpuset lists: 0-3,8,10-11 */
static int cpuset(struct fe_ctx *c, const struct ast_word *w)
{
	const char *p = w->text;
	bool ok = *p != '\0';
	while (ok && *p) {
		if (!(*p >= '0' && *p <= '9')) {
			ok = false;
			break;
		}
		unsigned long a = strtoul(p, (char **)&p, 10), b = a;
		if (*p == '-') {
			p++;
			if (!(*p >= '0' && *p <= '9')) {
				ok = false;
				break;
			}
			b = strtoul(p, (char **)&p, 10);
		}
		ok = a <= b && b < 65536;
		if (*p == ',')
			p++, ok = ok && *p;
	}
	if (!ok)
		diag_error(c->d, fe_word_loc(w), "expected a list such as 0-3,8, not '%s'", w->text);
	return ok ? 0 : -1;
}

/* A decimal device number ending at `stop`; *end is left past it. */
static bool device_number(const char *text, char stop, unsigned *out, const char **end)
{
	char *after;
	if (!isdigit((unsigned char)text[0]))
		return false;
	errno = 0;
	unsigned long v = strtoul(text, &after, 10);
	if (errno || v > UINT_MAX || *after != stop)
		return false;
	*out = (unsigned)v;
	*end = after;
	return true;
}

static int io_max(struct fe_ctx *c, const struct ast_stmt *s, struct ir_cg_limit *l)
{
	unsigned maj, min;
	const char *end;
	if (!device_number(s->args.v[0]->text, ':', &maj, &end) || !device_number(end + 1, '\0', &min, &end)) {
		diag_error(c->d, fe_word_loc(s->args.v[0]), "io.max starts with MAJOR:MINOR, not '%s'",
			   s->args.v[0]->text);
		return -1;
	}
	static const char *const keys[] = { "rbps", "wbps", "riops", "wiops" };
	for (size_t i = 1; i < s->args.n; i++) {
		const struct ast_word *w = s->args.v[i];
		const char *eq = strchr(w->text, '=');
		if (!eq) {
			diag_error(c->d, fe_word_loc(w), "io.max takes KEY=VALUE, not '%s'", w->text);
			return -1;
		}
		struct ast_word k = *w;
		char name[16] = "";
		if (eq - w->text < (long)sizeof(name))
			memcpy(name, w->text, (size_t)(eq - w->text));
		k.text = name;
		if (fe_keyword(c, &k, "io.max key", keys, 4) < 0)
			return -1;
		uint64_t v;
		struct ast_word val = *w;
		val.text = (char *)(eq + 1);
		if (strcmp(val.text, "max") && fe_size(c, &val, &v) < 0)
			return -1;
	}
	struct strbuf text = STRBUF_INIT; /* the line as the kernel takes it */
	sb_printf(&text, "%u:%u", maj, min);
	for (size_t i = 1; i < s->args.n; i++)
		sb_printf(&text, " %s", s->args.v[i]->text);
	l->text = sb_steal(&text);
	return 0;
}

static int limit_value(struct fe_ctx *c, const struct ast_stmt *s, int key, struct ir_cg_limit *l)
{
	size_t max_words = key == IR_CG_CPU_MAX ? 2 : key == IR_CG_IO_MAX ? 5 : 1;
	if (fe_arity(c, s, 1, max_words, "a value") < 0)
		return -1;
	const struct ast_word *w = s->args.v[0];
	switch (key) {
	case IR_CG_MEMORY_MAX:
	case IR_CG_MEMORY_HIGH:
	case IR_CG_MEMORY_SWAP_MAX:
		return bytes_or_max(c, w, &l->num);
	case IR_CG_PIDS_MAX:
		if (!strcmp(w->text, "max")) {
			l->num = IR_CG_UNLIMITED;
			return 0;
		}
		return fe_u64(c, w, 4194304, &l->num);
	case IR_CG_CPU_MAX:
		return cpu_max(c, s, l);
	case IR_CG_CPU_WEIGHT:
	case IR_CG_IO_WEIGHT:
		if (fe_u64(c, w, 10000, &l->num) < 0)
			return -1;
		if (l->num < 1) {
			diag_error(c->d, fe_word_loc(w), "%s is 1 to 10000", ir_cg_key_name(key));
			return -1;
		}
		return 0;
	case IR_CG_CPUSET_CPUS:
	case IR_CG_CPUSET_MEMS:
		if (cpuset(c, w) < 0)
			return -1;
		l->text = fe_strdup(w->text);
		return 0;
	case IR_CG_IO_MAX:
		return io_max(c, s, l);
	}
	return -1;
}

static void set_limit(struct fe_ctx *c, const struct ast_stmt *s, int key)
{
	struct ir_cgroup *cg = &c->ir->cgroup;
	fe_no_body(c, s);
	struct ir_cg_limit l = { .key = key, .at = fe_origin(c, &s->loc) };
	if (limit_value(c, s, key, &l) < 0) {
		free(l.text);
		return;
	}
	for (size_t i = 0; i < cg->nlimits; i++) {
		struct ir_cg_limit *old = &cg->limits[i];
		if (old->key != (enum ir_cg_key)key)
			continue;
		bool same = old->num == l.num && old->num2 == l.num2 &&
			    (!old->text) == (!l.text) && (!l.text || !strcmp(old->text, l.text));
		if (fe_same_file(&old->at, &l.at) && !same) {
			fe_conflict(c, &s->loc, &old->at, "%s is set twice in this file", ir_cg_key_name(key));
			free(l.text);
			return;
		}
		free(old->text);
		*old = l;
		return;
	}
	cg->limits = fe_grow(cg->limits, &cg->nlimits, sizeof(*cg->limits));
	cg->limits[cg->nlimits - 1] = l;
}

/* allow|deny TYPE MAJOR:MINOR ACCESS, e.g. `allow c 1:3 rwm`, `deny a *:* rwm` */
static void device_rule(struct fe_ctx *c, const struct ast_stmt *s)
{
	static const char *const verbs[] = { "allow", "deny" };
	int verb = fe_keyword(c, s->head, "statement in devices", verbs, 2);
	if (verb < 0 || fe_arity(c, s, 3, 3, "TYPE MAJOR:MINOR ACCESS") < 0)
		return;
	struct ir_dev_rule r = { .allow = verb == 0, .at = fe_origin(c, &s->loc) };
	const char *type = s->args.v[0]->text;
	if (strlen(type) != 1 || !strchr("cba", type[0])) {
		diag_error(c->d, fe_word_loc(s->args.v[0]), "device type is c, b or a, not '%s'", type);
		return;
	}
	r.type = type[0];
	const char *mm = s->args.v[1]->text;
	const char *colon = strchr(mm, ':');
	uint32_t *parts[2] = { &r.major, &r.minor };
	for (int i = 0; i < 2; i++) {
		char buf[24] = "";
		const char *from = i ? (colon ? colon + 1 : "") : mm;
		size_t len = i ? strlen(from) : colon ? (size_t)(colon - mm) : 0;
		uint64_t v;
		if (len && len < sizeof(buf))
			snprintf(buf, sizeof(buf), "%.*s", (int)len, from);
		if (!strcmp(buf, "*")) {
			*parts[i] = IR_DEV_ANY;
		} else if (buf[0] && buf[0] != '-' && fe_parse_number(buf, &v) && v < IR_DEV_ANY) {
			*parts[i] = (uint32_t)v;
		} else {
			diag_error(c->d, fe_word_loc(s->args.v[1]), "expected MAJOR:MINOR (numbers or *), not '%s'", mm);
			return;
		}
	}
	const char *acc = s->args.v[2]->text;
	for (const char *p = acc; *p; p++) {
		uint32_t bit = *p == 'r' ? IR_DEV_ACCESS_R : *p == 'w' ? IR_DEV_ACCESS_W
			     : *p == 'm' ? IR_DEV_ACCESS_M : 0;
		if (!bit || (r.access & bit)) {
			diag_error(c->d, fe_word_loc(s->args.v[2]), "device access is some of r, w, m, not '%s'", acc);
			return;
		}
		r.access |= bit;
	}
	if (!r.access) {
		diag_error(c->d, fe_word_loc(s->args.v[2]), "device access is some of r, w, m");
		return;
	}
	struct ir_cgroup *cg = &c->ir->cgroup;
	cg->devices = fe_grow(cg->devices, &cg->ndevices, sizeof(*cg->devices));
	cg->devices[cg->ndevices - 1] = r;
}

static void devices_block(struct fe_ctx *c, const struct ast_stmt *s)
{
	struct ir_cgroup *cg = &c->ir->cgroup;
	if (!s->body) {
		diag_error(c->d, fe_loc(&s->loc), "write 'devices { allow c 1:3 rwm ... }'");
		return;
	}
	if (!c->devices_seen_in_file) {
		free(cg->devices);
		cg->devices = NULL;
		cg->ndevices = 0;
		c->devices_seen_in_file = true;
	}
	cg->devices_set = true;
	for (size_t i = 0; i < s->body->n; i++)
		device_rule(c, s->body->v[i]);
}

static bool parent_ok(const char *p)
{
	if (!*p || *p == '/' || strlen(p) > 255)
		return false;
	for (const char *seg = p; seg; seg = strchr(seg, '/') ? strchr(seg, '/') + 1 : NULL)
		if (!strncmp(seg, "..", 2) && (seg[2] == '/' || !seg[2]))
			return false;
	return !strstr(p, "//") && p[strlen(p) - 1] != '/';
}

static void cgroup_stmt(struct fe_ctx *c, const struct ast_stmt *s)
{
	struct ir_cgroup *cg = &c->ir->cgroup;
	fe_no_cond(c, s);
	const char *h = ast_head(s);
	if (!strcmp(h, "devices")) {
		devices_block(c, s);
		return;
	}
	if (!strcmp(h, "parent")) {
		fe_no_body(c, s);
		if (fe_arity(c, s, 1, 1, "NAME (relative to the cgroup root)") < 0)
			return;
		if (!parent_ok(s->args.v[0]->text)) {
			diag_error(c->d, fe_word_loc(s->args.v[0]),
				   "parent is a relative cgroup path without '..', not '%s'", s->args.v[0]->text);
			return;
		}
		free(cg->parent);
		cg->parent = fe_strdup(s->args.v[0]->text);
		return;
	}
	if (!strcmp(h, "optional")) {
		fe_no_body(c, s);
		if (fe_arity(c, s, 0, 0, "nothing") == 0)
			cg->optional = true;
		return;
	}
	for (int k = 0; k < IR_CG_KEY_COUNT; k++)
		if (!strcmp(h, key_names[k])) {
			set_limit(c, s, k);
			return;
		}
	const char *all[IR_CG_KEY_COUNT + 3];
	memcpy(all, key_names, sizeof(key_names));
	all[IR_CG_KEY_COUNT] = "devices";
	all[IR_CG_KEY_COUNT + 1] = "parent";
	all[IR_CG_KEY_COUNT + 2] = "optional";
	fe_unknown(c, s->head, "cgroup key", all, IR_CG_KEY_COUNT + 3);
}

void fe_lower_cgroup(struct fe_ctx *c, const struct ast_stmt *sec)
{
	init_key_names();
	c->ir->cgroup.set = true;
	c->ir->cgroup.at = fe_origin(c, &sec->loc);
	for (size_t i = 0; i < sec->body->n; i++)
		cgroup_stmt(c, sec->body->v[i]);
}
