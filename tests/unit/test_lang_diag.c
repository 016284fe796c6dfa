/* Diagnostics: the one-line form, the excerpt with its caret, the JSON
 * form (escaping included), counting, and the cap on collected errors. */
#include <stdlib.h>
#include <string.h>

#include "util/diag.h"
#include "tap.h"

static char *print(const struct diag *d, enum diag_format f)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	diag_print(d, mem, f);
	fclose(mem);
	return buf;
}

int main(void)
{
	struct diag d;
	diag_init(&d);
	const char *src = "policy x\nsyscalls {\n\tallow opnat\n}\n";
	diag_add_source(&d, "web.pol", src, strlen(src));
	diag_emit(&d, DIAG_ERROR, (struct diag_loc){ "web.pol", 3, 8, 5 }, "openat",
		  "unknown syscall '%s'", "opnat");
	diag_warning(&d, (struct diag_loc){ "web.pol", 1, 1, 6 }, "a \"quoted\"\tword\\");
	diag_note(&d, (struct diag_loc){ NULL, 0, 0, 0 }, "no place");

	char line[256];
	diag_format_line(&d.entries[0], line, sizeof(line));
	OK(!strcmp(line, "web.pol:3:8: error: unknown syscall 'opnat'; did you mean 'openat'?"),
	   "one-line form with the suggestion: %s", line);
	OK(diag_error_count(&d) == 1 && diag_warning_count(&d) == 1, "counts: 1 error, 1 warning");

	char *text = print(&d, DIAG_TEXT);
	OK(strstr(text, "    3 | \tallow opnat\n      | \t      ^~~~~\n") != NULL,
	   "excerpt: the line, then the caret under the column (tab kept)");
	OK(strstr(text, "\nnote: no place\n") != NULL, "a note without a place");
	OK(strstr(text, "1 error, 1 warning generated\n") != NULL, "summary line");
	OK(!strchr(text, '\033'), "no escape codes in the plain form");
	OK(strstr(text, "web.pol:1:1: warning") && strstr(text, "web.pol:3:8: error") &&
		   strstr(text, "web.pol:1:1: warning") < strstr(text, "web.pol:3:8: error"),
	   "printed in source order, not in the order found");
	OK(strstr(text, "note: no place") > strstr(text, "web.pol:1:1: warning") &&
		   strstr(text, "note: no place") < strstr(text, "web.pol:3:8: error"),
	   "a note stays after the finding it explains");
	free(text);

	text = print(&d, DIAG_COLOR);
	OK(strstr(text, "\033[1;31merror:") != NULL, "colour form: red 'error:'");
	free(text);

	text = print(&d, DIAG_JSON);
	OK(strstr(text, "{\"file\":\"web.pol\",\"line\":3,\"column\":8,\"severity\":\"error\","
			"\"message\":\"unknown syscall 'opnat'\",\"suggestion\":\"openat\",\"rule\":null}") != NULL,
	   "JSON: the error");
	OK(strstr(text, "\"message\":\"a \\\"quoted\\\"\\tword\\\\\"") != NULL, "JSON: escaping");
	OK(strstr(text, "{\"file\":null,\"line\":0,\"column\":0,\"severity\":\"note\"") != NULL,
	   "JSON: null file");
	OK(strstr(text, "\"errors\":1,\"warnings\":1}") != NULL, "JSON: counts");
	free(text);
	diag_free(&d);

	/* a pathological input cannot make us collect without bound */
	diag_init(&d);
	for (int i = 0; i < 1000; i++)
		diag_error(&d, (struct diag_loc){ "f.pol", i + 1, 1, 1 }, "e%d", i);
	OK(diag_error_count(&d) == 1000, "every error counted");
	OK(d.nentries == 100, "only the first 100 kept");
	text = print(&d, DIAG_TEXT);
	OK(strstr(text, "(900 more errors not shown)") != NULL, "the rest summarised");
	free(text);
	diag_free(&d);
	return TAP_DONE();
}
