/* libyaml events -> json-c nodes, each with its mark (see import_yaml.h). */
#include "interop/import_yaml.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

#include "util/xalloc.h"

struct mark {
	int line, col;
	bool null; /* a plain null (~, null, empty): kept as "" with this flag */
};

struct loader {
	yaml_parser_t p;
	const char *name;
	size_t nodes;
	struct err *e;
};

static void free_mark(json_object *o, void *data)
{
	(void)o;
	free(data);
}

static json_object *marked(json_object *o, const yaml_mark_t *m)
{
	struct mark *mk = xmalloc(sizeof(*mk));
	if (o) {
		mk->line = (int)m->line + 1;
		mk->col = (int)m->column + 1;
		mk->null = false;
		json_object_set_userdata(o, mk, free_mark);
	} else {
		free(mk);
	}
	return o;
}

bool yaml_node_is_null(json_object *node)
{
	const struct mark *mk = node ? json_object_get_userdata(node) : NULL;
	return mk && mk->null;
}

void yaml_node_mark(json_object *node, int *line, int *col)
{
	const struct mark *mk = node ? json_object_get_userdata(node) : NULL;
	*line = mk ? mk->line : 0;
	*col = mk ? mk->col : 0;
}

static int fail_at(struct loader *l, const yaml_mark_t *m, const char *what)
{
	return err_set(l->e, 0, "import", "%s:%d:%d: %s", l->name, (int)m->line + 1, (int)m->column + 1, what);
}

/* A plain scalar's type the way YAML 1.1 core resolution (and kubectl)
 * reads it: decimal integers, true/false, null/~/empty; anything else a
 * string. Floats stay strings (quantities are strings in Kubernetes). */
static json_object *plain_scalar(const char *s, size_t len)
{
	if (!len || !strcmp(s, "~") || !strcasecmp(s, "null"))
		return json_object_new_null();
	if (!strcasecmp(s, "true"))
		return json_object_new_boolean(1);
	if (!strcasecmp(s, "false"))
		return json_object_new_boolean(0);
	const char *p = s + (*s == '-' || *s == '+');
	if (*p && strspn(p, "0123456789") == strlen(p) && strlen(p) <= 19) {
		errno = 0;
		char *end;
		if (*s == '-') {
			long long v = strtoll(s, &end, 10);
			if (!errno && !*end)
				return json_object_new_int64(v);
		} else {
			unsigned long long v = strtoull(s, &end, 10);
			if (!errno && !*end)
				return json_object_new_uint64(v);
		}
	}
	return json_object_new_string_len(s, (int)len);
}

/* json-c null is a NULL pointer: a null value is kept as this marker so it
 * can carry its mark; callers see it as "not the type asked for". */
static json_object *scalar(struct loader *l, yaml_event_t *ev)
{
	const char *s = (const char *)ev->data.scalar.value;
	size_t len = ev->data.scalar.length;
	if (len > YAML_MAX_SCALAR) {
		fail_at(l, &ev->start_mark, "scalar longer than 64 KiB");
		return NULL;
	}
	if (memchr(s, '\0', len)) {
		fail_at(l, &ev->start_mark, "NUL byte in a scalar");
		return NULL;
	}
	json_object *o = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE ? plain_scalar(s, len)
									 : json_object_new_string_len(s, (int)len);
	bool null = !o;
	if (null) /* null: an empty string marked as null would lose types; keep "" */
		o = json_object_new_string("");
	o = marked(o, &ev->start_mark);
	((struct mark *)json_object_get_userdata(o))->null = null;
	return o;
}

static int next(struct loader *l, yaml_event_t *ev)
{
	if (!yaml_parser_parse(&l->p, ev)) {
		char what[256];
		snprintf(what, sizeof(what), "YAML: %s%s%s", l->p.problem ? l->p.problem : "parse error",
			 l->p.context ? " " : "", l->p.context ? l->p.context : "");
		return fail_at(l, &l->p.problem_mark, what);
	}
	if (++l->nodes > YAML_MAX_NODES) {
		yaml_event_delete(ev);
		return fail_at(l, &l->p.mark, "more than 200000 YAML nodes");
	}
	return 0;
}

static json_object *node(struct loader *l, yaml_event_t *ev, int depth);

static json_object *mapping(struct loader *l, yaml_event_t *start, int depth)
{
	json_object *o = marked(json_object_new_object(), &start->start_mark);
	yaml_event_t ev;
	for (;;) {
		if (next(l, &ev) < 0)
			goto bad;
		if (ev.type == YAML_MAPPING_END_EVENT) {
			yaml_event_delete(&ev);
			return o;
		}
		if (ev.type != YAML_SCALAR_EVENT) {
			fail_at(l, &ev.start_mark, "a mapping key that is not a scalar");
			yaml_event_delete(&ev);
			goto bad;
		}
		char *key = xstrndup((const char *)ev.data.scalar.value, ev.data.scalar.length);
		yaml_mark_t km = ev.start_mark;
		yaml_event_delete(&ev);
		if (json_object_object_get_ex(o, key, NULL)) {
			free(key);
			fail_at(l, &km, "a key given twice");
			goto bad;
		}
		if (next(l, &ev) < 0) {
			free(key);
			goto bad;
		}
		json_object *v = node(l, &ev, depth + 1);
		yaml_event_delete(&ev);
		if (!v) {
			free(key);
			goto bad;
		}
		json_object_object_add(o, key, v);
		free(key);
	}
bad:
	json_object_put(o);
	return NULL;
}

static json_object *sequence(struct loader *l, yaml_event_t *start, int depth)
{
	json_object *o = marked(json_object_new_array(), &start->start_mark);
	yaml_event_t ev;
	for (;;) {
		if (next(l, &ev) < 0)
			break;
		if (ev.type == YAML_SEQUENCE_END_EVENT) {
			yaml_event_delete(&ev);
			return o;
		}
		json_object *v = node(l, &ev, depth + 1);
		yaml_event_delete(&ev);
		if (!v)
			break;
		json_object_array_add(o, v);
	}
	json_object_put(o);
	return NULL;
}

/* One node starting with ev (which the caller deletes). */
static json_object *node(struct loader *l, yaml_event_t *ev, int depth)
{
	if (depth > YAML_MAX_DEPTH) {
		fail_at(l, &ev->start_mark, "YAML nested deeper than 64 levels");
		return NULL;
	}
	switch (ev->type) {
	case YAML_SCALAR_EVENT: return scalar(l, ev);
	case YAML_MAPPING_START_EVENT: return mapping(l, ev, depth);
	case YAML_SEQUENCE_START_EVENT: return sequence(l, ev, depth);
	case YAML_ALIAS_EVENT: fail_at(l, &ev->start_mark, "YAML aliases are refused (no anchors/aliases in a manifest)"); return NULL;
	default: fail_at(l, &ev->start_mark, "unexpected YAML event"); return NULL;
	}
}

static json_object *load(struct loader *l)
{
	json_object *docs = json_object_new_array();
	yaml_event_t ev;
	size_t ndocs = 0;
	for (;;) {
		if (next(l, &ev) < 0)
			break;
		yaml_event_type_t t = ev.type;
		if (t == YAML_STREAM_END_EVENT) {
			yaml_event_delete(&ev);
			return docs;
		}
		if (t == YAML_DOCUMENT_START_EVENT && ++ndocs > YAML_MAX_DOCS) {
			fail_at(l, &ev.start_mark, "more than 256 YAML documents");
			yaml_event_delete(&ev);
			break;
		}
		if (t == YAML_SCALAR_EVENT || t == YAML_MAPPING_START_EVENT || t == YAML_SEQUENCE_START_EVENT ||
		    t == YAML_ALIAS_EVENT) {
			json_object *v = node(l, &ev, 0);
			yaml_event_delete(&ev);
			if (!v)
				break;
			json_object_array_add(docs, v);
			continue;
		}
		yaml_event_delete(&ev);
	}
	json_object_put(docs);
	return NULL;
}

json_object *yaml_load_buffer(const char *name, const unsigned char *buf, size_t len, struct err *e)
{
	struct loader l = { .name = name, .e = e };
	if (len > YAML_MAX_FILE) {
		err_set(e, 0, "import", "%s: larger than 8 MiB", name);
		return NULL;
	}
	if (!yaml_parser_initialize(&l.p))
		xalloc_die();
	yaml_parser_set_input_string(&l.p, buf, len);
	json_object *docs = load(&l);
	yaml_parser_delete(&l.p);
	return docs;
}

json_object *yaml_load_file(const char *path, struct err *e)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		err_set(e, errno, "import", "%s", path);
		return NULL;
	}
	unsigned char *buf = xmalloc(YAML_MAX_FILE + 1);
	size_t len = fread(buf, 1, YAML_MAX_FILE + 1, f);
	int rerr = ferror(f);
	fclose(f);
	json_object *docs = NULL;
	if (rerr)
		err_set(e, EIO, "import", "%s: read error", path);
	else
		docs = yaml_load_buffer(path, buf, len, e);
	free(buf);
	return docs;
}
