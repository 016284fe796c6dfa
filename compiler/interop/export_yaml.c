/* json-c tree -> libyaml events. Strings that a YAML reader would take for
 * another type (true, 1000, null, 0x1f, "", ...) are double-quoted; strings
 * with a newline are literal blocks; everything else is plain. */
#include "interop/export_yaml.h"

#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <strings.h>
#include <string.h>
#include <yaml.h>

#include "util/xalloc.h"

static int write_handler(void *data, unsigned char *buf, size_t size)
{
	return fwrite(buf, 1, size, (FILE *)data) == size;
}

/* YAML 1.1 (libyaml, kubectl's sigs.k8s.io/yaml) resolves these plain
 * scalars to bools or null. */
static bool reserved_word(const char *s)
{
	static const char *const words[] = { "y", "n", "yes", "no", "on", "off", "true", "false", "null", "~" };
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (!strcasecmp(s, words[i]))
			return true;
	return false;
}

/* Plain only for strings made of letters, digits and "-_./:" that start
 * with a letter or '/' and are no reserved word: numbers, dates, ".inf"
 * and the rest get quotes. */
static bool plain_safe(const char *s)
{
	if (!*s || !(isalpha((unsigned char)*s) || *s == '/') || reserved_word(s))
		return false;
	for (const char *p = s; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("-_./", *p))
			return false;
	return true;
}

static int emit(yaml_emitter_t *em, yaml_event_t *ev)
{
	return yaml_emitter_emit(em, ev) ? 0 : -1;
}

static int emit_str(yaml_emitter_t *em, const char *s)
{
	yaml_event_t ev;
	yaml_scalar_style_t style = strchr(s, '\n') ? YAML_LITERAL_SCALAR_STYLE
				    : plain_safe(s)  ? YAML_PLAIN_SCALAR_STYLE
						     : YAML_DOUBLE_QUOTED_SCALAR_STYLE;
	if (!yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)s, (int)strlen(s), 1, 1, style))
		return -1;
	return emit(em, &ev);
}

/* Numbers and bools as json-c prints them (uint64 kept exact), plain. */
static int emit_plain(yaml_emitter_t *em, json_object *v)
{
	yaml_event_t ev;
	const char *s = v ? json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN) : "null";
	if (!yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)s, (int)strlen(s), 1, 1,
					  YAML_PLAIN_SCALAR_STYLE))
		return -1;
	return emit(em, &ev);
}

static int emit_node(yaml_emitter_t *em, json_object *v, int depth)
{
	yaml_event_t ev;
	if (depth > 64)
		return -1;
	switch (json_object_get_type(v)) {
	case json_type_string: return emit_str(em, json_object_get_string(v));
	case json_type_object:
		if (!yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_MAPPING_STYLE) ||
		    emit(em, &ev) < 0)
			return -1;
		json_object_object_foreach(v, key, val)
		{
			if (emit_str(em, key) < 0 || emit_node(em, val, depth + 1) < 0)
				return -1;
		}
		return yaml_mapping_end_event_initialize(&ev) ? emit(em, &ev) : -1;
	case json_type_array:
		if (!yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_SEQUENCE_STYLE) ||
		    emit(em, &ev) < 0)
			return -1;
		for (size_t i = 0; i < json_object_array_length(v); i++)
			if (emit_node(em, json_object_array_get_idx(v, i), depth + 1) < 0)
				return -1;
		return yaml_sequence_end_event_initialize(&ev) ? emit(em, &ev) : -1;
	default: return emit_plain(em, v);
	}
}

static int write_comments(char *const *comments, size_t n, FILE *out)
{
	for (size_t i = 0; i < n; i++) {
		if (!comments[i])
			continue;
		if (fputs("# ", out) < 0)
			return -1;
		for (const char *p = comments[i]; *p; p++)
			if (fputc(*p == '\n' || *p == '\r' ? ' ' : *p, out) < 0)
				return -1;
		if (fputc('\n', out) < 0)
			return -1;
	}
	return 0;
}

static int emit_document(yaml_emitter_t *em, json_object *doc)
{
	yaml_event_t ev;
	if (!yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING) || emit(em, &ev) < 0 ||
	    !yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 0) || emit(em, &ev) < 0 ||
	    emit_node(em, doc, 0) < 0 || !yaml_document_end_event_initialize(&ev, 1) || emit(em, &ev) < 0 ||
	    !yaml_stream_end_event_initialize(&ev) || emit(em, &ev) < 0)
		return -1;
	return yaml_emitter_flush(em) ? 0 : -1;
}

int export_write_yaml(json_object *doc, char *const *comments, size_t ncomments, FILE *out, struct err *e)
{
	yaml_emitter_t em;
	if (write_comments(comments, ncomments, out) < 0)
		return err_set(e, errno, "export", "writing");
	if (!yaml_emitter_initialize(&em))
		xalloc_die();
	yaml_emitter_set_output(&em, write_handler, out);
	yaml_emitter_set_unicode(&em, 1);
	yaml_emitter_set_width(&em, -1);
	yaml_emitter_set_indent(&em, 2);
	int r = emit_document(&em, doc);
	if (r < 0)
		r = err_set(e, errno, "export", "YAML: %s", em.problem ? em.problem : "writing");
	yaml_emitter_delete(&em);
	return r;
}
