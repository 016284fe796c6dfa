/* Text and JSON renderings for polc dump (see dump_emit.h). */
#include "dump_emit.h"

#include <inttypes.h>
#include <string.h>

void em_init(struct emit *m, FILE *out, bool json)
{
	memset(m, 0, sizeof(*m));
	m->out = out;
	m->json = json;
	if (json)
		fputc('{', out);
}

void em_finish(struct emit *m)
{
	if (m->json)
		fputs("}\n", m->out);
}

static void indent(struct emit *m)
{
	for (int i = 0; i < m->depth; i++)
		fputs("  ", m->out);
}

static void json_string(FILE *out, const char *s)
{
	fputc('"', out);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(out, "\\%c", *p);
		else if (*p == '\n')
			fputs("\\n", out);
		else if (*p == '\t')
			fputs("\\t", out);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(out, "\\u%04x", *p);
		else
			fputc(*p, out);
	}
	fputc('"', out);
}

/* Text: a value may hold anything the blob's strings hold; show control
 * characters escaped so one value stays on one line. */
static void text_string(FILE *out, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '\n')
			fputs("\\n", out);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(out, "\\x%02x", *p);
		else
			fputc(*p, out);
	}
}

static bool in_inline(const struct emit *m)
{
	return m->lvl[m->depth].inline_;
}

/* Start a member: separators and keys. Returns with the value to follow. */
static void flush_pending(struct emit *m)
{
	const char *key = m->lvl[m->depth].pending;
	if (!key)
		return;
	m->lvl[m->depth].pending = NULL;
	m->depth--;
	indent(m);
	fprintf(m->out, "%s:\n", key);
	m->depth++;
}

static void member(struct emit *m, const char *key)
{
	flush_pending(m);
	int n = m->lvl[m->depth].count++;
	if (m->json) {
		if (n)
			fputc(',', m->out);
		if (key) {
			json_string(m->out, key);
			fputc(':', m->out);
		}
		return;
	}
	if (in_inline(m)) {
		if (n)
			fputc(' ', m->out);
		if (key)
			fprintf(m->out, "%s=", key);
		return;
	}
	indent(m);
	if (!key)
		fputs("- ", m->out);
	else
		fprintf(m->out, "%s: ", key);
}

static void end_scalar(struct emit *m)
{
	if (!m->json && !in_inline(m))
		fputc('\n', m->out);
}

static void push(struct emit *m, bool list, bool inl)
{
	if (m->depth + 1 >= EM_MAX_DEPTH)
		return;
	m->depth++;
	m->lvl[m->depth].list = list;
	m->lvl[m->depth].inline_ = inl;
	m->lvl[m->depth].count = 0;
	m->lvl[m->depth].pending = NULL;
}

void em_obj_begin(struct emit *m, const char *key)
{
	bool parent_inline = in_inline(m);
	bool in_list = m->lvl[m->depth].list;
	if (m->json) {
		member(m, key);
		fputc('{', m->out);
		push(m, false, false);
		return;
	}
	if (parent_inline || in_list) {
		/* an object in a list (or deeper): one line */
		member(m, key);
		if (parent_inline)
			fputc('{', m->out);
		push(m, false, true);
		return;
	}
	flush_pending(m);
	indent(m);
	fprintf(m->out, "%s:\n", key ? key : "-");
	m->lvl[m->depth].count++;
	push(m, false, false);
}

void em_obj_end(struct emit *m)
{
	bool inl = in_inline(m);
	m->depth--;
	if (m->json) {
		fputc('}', m->out);
		return;
	}
	if (inl && in_inline(m))
		fputc('}', m->out);
	else if (inl)
		fputc('\n', m->out);
}

void em_list_begin(struct emit *m, const char *key)
{
	if (m->json) {
		member(m, key);
		fputc('[', m->out);
		push(m, true, false);
		return;
	}
	if (in_inline(m)) {
		member(m, key);
		fputc('[', m->out);
		push(m, true, true);
		return;
	}
	flush_pending(m);
	m->lvl[m->depth].count++;
	push(m, true, false);
	m->lvl[m->depth].pending = key ? key : "-";
}

void em_list_end(struct emit *m)
{
	bool inl = in_inline(m);
	const char *empty = m->json ? NULL : m->lvl[m->depth].pending;
	m->depth--;
	if (empty) {
		indent(m);
		fprintf(m->out, "%s: []\n", empty);
	}
	if (m->json || inl)
		fputc(']', m->out);
}

void em_str(struct emit *m, const char *key, const char *val)
{
	member(m, key);
	if (m->json) {
		if (val)
			json_string(m->out, val);
		else
			fputs("null", m->out);
	} else {
		text_string(m->out, val ? val : "-");
	}
	end_scalar(m);
}

void em_u64(struct emit *m, const char *key, uint64_t val)
{
	member(m, key);
	fprintf(m->out, "%" PRIu64, val);
	end_scalar(m);
}

void em_hex(struct emit *m, const char *key, uint64_t val)
{
	member(m, key);
	fprintf(m->out, m->json ? "%" PRIu64 : "0x%" PRIx64, val);
	end_scalar(m);
}

void em_oct(struct emit *m, const char *key, uint64_t val)
{
	member(m, key);
	fprintf(m->out, m->json ? "%" PRIu64 : "0%" PRIo64, val);
	end_scalar(m);
}

void em_bool(struct emit *m, const char *key, bool val)
{
	member(m, key);
	fputs(m->json ? (val ? "true" : "false") : (val ? "on" : "off"), m->out);
	end_scalar(m);
}

void em_text_line(struct emit *m, const char *line)
{
	if (m->json)
		return;
	flush_pending(m);
	indent(m);
	fprintf(m->out, "%s\n", line);
}
