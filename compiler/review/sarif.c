/* SARIF 2.1.0 and GitHub annotations (see sarif.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "review/sarif.h"
#include "util/cli.h"

#define SARIF_SCHEMA "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
#define DOC_BASE "file://" POL_DATADIR "/doc/"

int report_format_parse(const char *command, const char *name)
{
	static const char *const names[] = { [REPORT_TEXT] = "text", [REPORT_JSON] = "json",
					     [REPORT_SARIF] = "sarif", [REPORT_GITHUB] = "github" };
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (!strcmp(name, names[i]))
			return (int)i;
	fprintf(stderr, "polc: %s: unknown format '%s' (text, json, sarif, github)\n", command, name);
	return -1;
}

static const char *level_name(enum sarif_level l)
{
	return l == SARIF_ERROR ? "error" : l == SARIF_WARNING ? "warning" : "note";
}

static json_object *text(const char *s)
{
	json_object *o = json_object_new_object();
	json_object_object_add(o, "text", json_object_new_string(s ? s : ""));
	return o;
}

int sarif_init(struct sarif *s, const char *command, struct err *e)
{
	s->root = json_object_new_object();
	s->rules = json_object_new_array();
	s->results = json_object_new_array();
	if (!s->root || !s->rules || !s->results) {
		sarif_free(s);
		return err_set_status(e, POLC_EXIT_INTERNAL, errno, "sarif", "out of memory");
	}
	json_object *driver = json_object_new_object(), *tool = json_object_new_object();
	json_object_object_add(driver, "name", json_object_new_string("polc"));
	json_object_object_add(driver, "version", json_object_new_string(POL_VERSION));
	json_object_object_add(driver, "semanticVersion", json_object_new_string(POL_VERSION));
	json_object_object_add(driver, "informationUri", json_object_new_string(DOC_BASE "review.md"));
	json_object_object_add(driver, "rules", s->rules);
	json_object_object_add(tool, "driver", driver);
	json_object *run = json_object_new_object(), *runs = json_object_new_array();
	json_object_object_add(run, "tool", tool);
	json_object *auto_details = json_object_new_object();
	char id[32];
	snprintf(id, sizeof id, "polc-%s/", command);
	json_object_object_add(auto_details, "id", json_object_new_string(id));
	json_object_object_add(run, "automationDetails", auto_details);
	json_object_object_add(run, "columnKind", json_object_new_string("unicodeCodePoints"));
	json_object_object_add(run, "results", s->results);
	json_object_array_add(runs, run);
	json_object_object_add(s->root, "$schema", json_object_new_string(SARIF_SCHEMA));
	json_object_object_add(s->root, "version", json_object_new_string("2.1.0"));
	json_object_object_add(s->root, "runs", runs);
	return 0;
}

void sarif_free(struct sarif *s)
{
	if (s->root) {
		json_object_put(s->root); /* owns rules and results */
	} else {
		json_object_put(s->rules);
		json_object_put(s->results);
	}
	*s = (struct sarif){ 0 };
}

void sarif_rule(struct sarif *s, const char *id, const char *description, const char *page,
		const char *anchor, enum sarif_level level)
{
	json_object *r = json_object_new_object(), *conf = json_object_new_object();
	char uri[512];
	snprintf(uri, sizeof uri, DOC_BASE "%s#%s", page, anchor);
	json_object_object_add(r, "id", json_object_new_string(id));
	json_object_object_add(r, "shortDescription", text(description));
	json_object_object_add(r, "helpUri", json_object_new_string(uri));
	json_object_object_add(conf, "level", json_object_new_string(level_name(level)));
	json_object_object_add(r, "defaultConfiguration", conf);
	json_object_array_add(s->rules, r);
}

static int rule_index(const struct sarif *s, const char *id)
{
	for (size_t i = 0; i < json_object_array_length(s->rules); i++) {
		json_object *r = json_object_array_get_idx(s->rules, i), *rid;
		if (json_object_object_get_ex(r, "id", &rid) && !strcmp(json_object_get_string(rid), id))
			return (int)i;
	}
	return -1;
}

/* {"artifactLocation":{"uri":F},"region":{"startLine":L,"startColumn":C}};
 * SARIF lines and columns start at 1: an unknown one is left out. */
static json_object *physical(const char *file, int line, int col, int endcol)
{
	json_object *p = json_object_new_object(), *art = json_object_new_object();
	json_object_object_add(art, "uri", json_object_new_string(file));
	json_object_object_add(p, "artifactLocation", art);
	if (line > 0) {
		json_object *region = json_object_new_object();
		json_object_object_add(region, "startLine", json_object_new_int(line));
		if (col > 0)
			json_object_object_add(region, "startColumn", json_object_new_int(col));
		if (endcol > col)
			json_object_object_add(region, "endColumn", json_object_new_int(endcol));
		json_object_object_add(p, "region", region);
	}
	return p;
}

static json_object *fix_of(const struct sarif_fix *fix)
{
	json_object *f = json_object_new_object(), *changes = json_object_new_array();
	json_object *change = json_object_new_object(), *repls = json_object_new_array();
	json_object *repl = json_object_new_object(), *art = json_object_new_object();
	json_object *region = json_object_new_object();
	json_object_object_add(f, "description", text(fix->description));
	json_object_object_add(art, "uri", json_object_new_string(fix->at.file));
	json_object_object_add(change, "artifactLocation", art);
	json_object_object_add(region, "startLine", json_object_new_int(fix->at.line));
	json_object_object_add(region, "startColumn", json_object_new_int(fix->at.col));
	json_object_object_add(region, "endColumn", json_object_new_int(fix->at.col + fix->len));
	json_object_object_add(repl, "deletedRegion", region);
	json_object_array_add(repls, repl);
	json_object_object_add(change, "replacements", repls);
	json_object_array_add(changes, change);
	json_object_object_add(f, "artifactChanges", changes);
	return f;
}

void sarif_result(struct sarif *s, const char *id, enum sarif_level level, const char *message,
		  const struct ir_origin *at, const char *file, const struct sarif_fix *fix)
{
	json_object *r = json_object_new_object(), *locs = json_object_new_array();
	json_object *loc = json_object_new_object();
	int index = rule_index(s, id);
	json_object_object_add(r, "ruleId", json_object_new_string(id));
	if (index >= 0)
		json_object_object_add(r, "ruleIndex", json_object_new_int(index));
	json_object_object_add(r, "level", json_object_new_string(level_name(level)));
	json_object_object_add(r, "message", text(message));
	const char *where = at && at->file ? at->file : file;
	bool placed = at && at->file;
	bool edit = fix && fix->len > 0 && fix->at.file && placed && !strcmp(fix->at.file, at->file) &&
		    fix->at.line == at->line && fix->at.col == at->col;
	json_object_object_add(loc, "physicalLocation",
			       physical(where ? where : "-", placed ? at->line : 0, placed ? at->col : 0,
					edit ? at->col + fix->len : 0));
	json_object_array_add(locs, loc);
	json_object_object_add(r, "locations", locs);
	if (fix && fix->len > 0 && fix->at.file && fix->at.line > 0 && fix->at.col > 0) {
		json_object *fixes = json_object_new_array();
		json_object_array_add(fixes, fix_of(fix));
		json_object_object_add(r, "fixes", fixes);
	}
	json_object_array_add(s->results, r);
}

int sarif_write(const struct sarif *s, FILE *out, struct err *e)
{
	const char *doc = json_object_to_json_string_ext(s->root, JSON_C_TO_STRING_PRETTY |
								  JSON_C_TO_STRING_NOSLASHESCAPE);
	if (!doc || fprintf(out, "%s\n", doc) < 0 || fflush(out) != 0)
		return err_set_status(e, POLC_EXIT_INTERNAL, errno, "sarif", "cannot write the report");
	return 0;
}

/* GitHub's escapes: data gets % CR LF; a property also : and ,. */
static void github_escape(FILE *out, const char *s, bool property)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '%': fputs("%25", out); break;
		case '\r': fputs("%0D", out); break;
		case '\n': fputs("%0A", out); break;
		case ':': fputs(property ? "%3A" : ":", out); break;
		case ',': fputs(property ? "%2C" : ",", out); break;
		default: fputc(*s, out);
		}
	}
}

void github_annotation(FILE *out, enum sarif_level level, const char *id, const char *message,
		       const struct ir_origin *at, const char *file)
{
	static const char *const command[] = { [SARIF_NOTE] = "notice", [SARIF_WARNING] = "warning",
					       [SARIF_ERROR] = "error" };
	const char *where = at && at->file ? at->file : file;
	fprintf(out, "::%s ", command[level]);
	if (where) {
		fputs("file=", out);
		github_escape(out, where, true);
		if (at && at->file && at->line > 0) {
			fprintf(out, ",line=%d", at->line);
			if (at->col > 0)
				fprintf(out, ",col=%d", at->col);
		}
		fputc(',', out);
	}
	fputs("title=", out);
	github_escape(out, id, true);
	fputs("::", out);
	github_escape(out, message, false);
	fputc('\n', out);
}
