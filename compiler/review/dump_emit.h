/* One walk over a blob, two renderings: `polc dump` describes each value
 * once through these calls, and they print it either for a person (an
 * indented outline; objects inside lists on one line) or as JSON. */
#ifndef POL_COMPILER_DUMP_EMIT_H
#define POL_COMPILER_DUMP_EMIT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define EM_MAX_DEPTH 16

struct emit {
	FILE *out;
	bool json;
	int depth;
	struct {
		bool list;   /* a list (else an object) */
		bool inline_; /* text: an object inside a list, printed on one line */
		int count;   /* members written so far */
		const char *pending; /* text: a list's "key:" line, printed with its
		                        first item ("key: []" when it has none) */
	} lvl[EM_MAX_DEPTH];
};

void em_init(struct emit *m, FILE *out, bool json);
void em_finish(struct emit *m); /* closes the top-level object */

/* key is NULL inside a list. */
void em_obj_begin(struct emit *m, const char *key);
void em_obj_end(struct emit *m);
void em_list_begin(struct emit *m, const char *key);
void em_list_end(struct emit *m);

void em_str(struct emit *m, const char *key, const char *val); /* NULL: null */
void em_u64(struct emit *m, const char *key, uint64_t val);
void em_hex(struct emit *m, const char *key, uint64_t val); /* text 0x..; JSON number */
void em_oct(struct emit *m, const char *key, uint64_t val); /* text 0..; JSON number */
void em_bool(struct emit *m, const char *key, bool val);

/* Text only: a line as it is, at the current indentation (disassembly). */
void em_text_line(struct emit *m, const char *line);

#endif
