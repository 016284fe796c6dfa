/* Names checked against the vocabulary (compiler/vocab/), with the nearest
 * known name suggested when a word is not known. */
#include "frontend/fe.h"

#include <ctype.h>
#include <string.h>

#include "vocab/vocab.h"

void fe_unknown(struct fe_ctx *c, const struct ast_word *w, const char *what,
		const char *const *names, size_t count)
{
	const char *near = names ? vocab_nearest(w->text, names, count) : NULL;
	const char *in = strstr(what, " in ");
	if (!strncmp(what, "expected", 8))
		diag_emit(c->d, DIAG_ERROR, fe_word_loc(w), near, "%s, not '%s'", what, w->text);
	else if (in) /* "statement in process": unknown statement 'usr' in process */
		diag_emit(c->d, DIAG_ERROR, fe_word_loc(w), near, "unknown %.*s '%s'%s",
			  (int)(in - what), what, w->text, in);
	else
		diag_emit(c->d, DIAG_ERROR, fe_word_loc(w), near, "unknown %s '%s'", what, w->text);
}

int fe_keyword(struct fe_ctx *c, const struct ast_word *w, const char *what,
	       const char *const *words, size_t count)
{
	for (size_t i = 0; i < count; i++)
		if (!strcmp(w->text, words[i]))
			return (int)i;
	fe_unknown(c, w, what, words, count);
	return -1;
}

/* Capability names as written in policies: lower case, no CAP_ prefix. */
static const char *const *capability_names(size_t *count)
{
	static const char *names[64];
	static size_t n;
	if (!n) {
		size_t found = 0;
		int max = vocab_capability_count();
		for (int i = 0; i < max && i < 64; i++)
			if (vocab_capability_name(i))
				names[found++] = vocab_capability_name(i);
		n = found;
	}
	*count = n;
	return names;
}

int fe_capability(struct fe_ctx *c, const struct ast_word *w)
{
	int cap = vocab_capability(w->text);
	if (cap >= 0 && cap < 64)
		return cap;
	char lower[64];
	size_t i = 0;
	const char *s = strncasecmp(w->text, "cap_", 4) ? w->text : w->text + 4;
	for (; i < sizeof(lower) - 1 && s[i]; i++)
		lower[i] = (char)tolower((unsigned char)s[i]);
	lower[i] = '\0';
	size_t n;
	const char *const *names = capability_names(&n);
	const char *near = vocab_nearest(lower, names, n);
	diag_emit(c->d, DIAG_ERROR, fe_word_loc(w), near, "unknown capability '%s'", w->text);
	return -1;
}

int fe_rlimit(struct fe_ctx *c, const struct ast_word *w)
{
	int r = vocab_rlimit(w->text);
	if (r >= 0 && r < IR_RLIMIT_COUNT)
		return r;
	const char *names[IR_RLIMIT_COUNT];
	size_t n = 0;
	for (int i = 0; i < IR_RLIMIT_COUNT; i++)
		if (vocab_rlimit_name(i))
			names[n++] = vocab_rlimit_name(i);
	fe_unknown(c, w, "rlimit", names, n);
	return -1;
}

int fe_errno(struct fe_ctx *c, const struct ast_word *w)
{
	uint64_t v;
	if (fe_parse_number(w->text, &v)) {
		if (v == 0 || v > 4095) {
			diag_error(c->d, fe_word_loc(w), "errno %s is out of range (1 to 4095)", w->text);
			return -1;
		}
		return (int)v;
	}
	int e = vocab_errno(w->text);
	if (e > 0)
		return e;
	const char *names[4096];
	size_t n = 0;
	for (int i = 1; i < 4096; i++)
		if (vocab_errno_name(i))
			names[n++] = vocab_errno_name(i);
	fe_unknown(c, w, "errno", names, n);
	return -1;
}

int fe_namespace(struct fe_ctx *c, const struct ast_word *w)
{
	const char *names[IR_NS_COUNT];
	for (int i = 0; i < IR_NS_COUNT; i++) {
		names[i] = ir_ns_name((enum ir_ns_kind)i);
		if (!strcmp(w->text, names[i]))
			return i;
	}
	/* the kernel's spelling is accepted too */
	static const char *const kernel[IR_NS_COUNT] = {
		[IR_NS_USER] = "CLONE_NEWUSER", [IR_NS_MOUNT] = "CLONE_NEWNS",
		[IR_NS_PID] = "CLONE_NEWPID", [IR_NS_NET] = "CLONE_NEWNET",
		[IR_NS_UTS] = "CLONE_NEWUTS", [IR_NS_IPC] = "CLONE_NEWIPC",
		[IR_NS_CGROUP] = "CLONE_NEWCGROUP", [IR_NS_TIME] = "CLONE_NEWTIME",
	};
	for (int i = 0; i < IR_NS_COUNT; i++)
		if (!strcmp(w->text, kernel[i]) || (!strcmp(w->text, "mnt") && i == IR_NS_MOUNT))
			return i;
	fe_unknown(c, w, "namespace", names, IR_NS_COUNT);
	return -1;
}

bool fe_syscall_known(struct fe_ctx *c, const struct ast_word *w)
{
	if (vocab_syscall_known(w->text))
		return true;
	size_t n;
	const char *const *names = vocab_syscall_names(&n);
	fe_unknown(c, w, "syscall", names, n);
	return false;
}

int fe_constant(struct fe_ctx *c, const struct ast_word *w, uint64_t *out)
{
	if (fe_parse_number(w->text, out))
		return 0;
	if (vocab_constant(w->text, out))
		return 0;
	size_t n;
	const char *const *names = vocab_constant_names(&n);
	fe_unknown(c, w, "constant", names, n);
	return -1;
}
