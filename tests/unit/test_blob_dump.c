/* polc dump and polc build --check's comparison, from the fixture blob:
 * the disassembler's lines, the JSON form (parsed back with json-c), the
 * text outline, a refused blob's exit status, and the first differing
 * section named. */
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "review/dump_bpf.h"
#include "tap.h"
#include "test_blob_fixture.h"
#include "writer/build.h"

static char tmpdir[] = "/tmp/test_blob_dump.XXXXXX";

static void write_file(const char *path, const void *p, size_t n)
{
	FILE *f = fopen(path, "wb");
	fwrite(p, 1, n, f);
	fclose(f);
}

static char *read_text(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return strdup("");
	static char buf[1 << 16];
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = 0;
	fclose(f);
	return strdup(buf);
}

/* Run `polc dump ARGS` with stdout and stderr captured in files. */
static int run_dump(const char *blob, int json, char **out, char **err)
{
	char o[128], e[128];
	snprintf(o, sizeof(o), "%s/out", tmpdir);
	snprintf(e, sizeof(e), "%s/err", tmpdir);
	fflush(stdout);
	fflush(stderr);
	int so = dup(1), se = dup(2);
	freopen(o, "w", stdout);
	freopen(e, "w", stderr);
	char *argv[] = { "dump", (char *)blob, json ? "--json" : NULL, NULL };
	int r = cmd_dump(json ? 3 : 2, argv);
	fflush(stdout);
	fflush(stderr);
	dup2(so, 1);
	dup2(se, 2);
	close(so);
	close(se);
	*out = read_text(o);
	*err = read_text(e);
	return r;
}

static void disassembler(void)
{
	struct bpf_dis d;
	char line[200];
	const char *want[] = {
		"0000: ld [4]                           ; arch",
		"0001: jeq #0xc000003e jt 3 jf 2        ; x86_64",
		"0002: ret #0x80000000                  ; kill_process",
		"0003: ld [0]                           ; nr",
		"0004: st M[2]",
		"0005: ld M[2]",
		"0006: jeq #0x65 jt 7 jf 8              ; ptrace",
		"0007: ret #0x80000000                  ; kill_process",
		"0008: ret #0x7fff0000                  ; allow",
	};
	bpf_dis_init(&d, NULL, AUDIT_ARCH_X86_64);
	int same = 1;
	for (size_t pc = 0; pc < 9; pc++) {
		bpf_dis_insn(&d, fx_prog_x86_64, pc, line, sizeof(line));
		if (strcmp(line, want[pc])) {
			printf("# got  %s\n# want %s\n", line, want[pc]);
			same = 0;
		}
	}
	OK(same, "disassembly of the fixture program, with comments");
	const struct polb_bpf_insn more[] = {
		{ BPF_RET | BPF_K, 0, 0, 0x00050001u }, { BPF_ALU | BPF_AND | BPF_K, 0, 0, 0xff },
		{ BPF_JMP | BPF_JA, 0, 0, 2 }, { BPF_MISC | BPF_TAX, 0, 0, 0 },
	};
	bpf_dis_insn(&d, more, 0, line, sizeof(line));
	OK(strstr(line, "ret #0x00050001") && strstr(line, "errno EPERM"), "errno return: %s", line);
	bpf_dis_insn(&d, more, 1, line, sizeof(line));
	OK(!strcmp(line, "0001: and #0xff"), "alu: %s", line);
	bpf_dis_insn(&d, more, 2, line, sizeof(line));
	OK(!strcmp(line, "0002: ja 5"), "ja with an absolute target: %s", line);
	bpf_dis_insn(&d, more, 3, line, sizeof(line));
	OK(!strcmp(line, "0003: tax"), "misc: %s", line);
}

static void json_form(const char *blob)
{
	char *out, *err;
	int r = run_dump(blob, 1, &out, &err);
	json_object *doc = json_tokener_parse(out);
	OK(r == 0 && doc, "dump --json gives one JSON document (exit %d)", r);
	json_object *x, *y;
	OK(doc && json_object_object_get_ex(doc, "policy", &x) &&
	   !strcmp(json_object_get_string(x), "web"), "json: policy name");
	OK(doc && json_object_object_get_ex(doc, "mounts", &x) &&
	   json_object_array_length(x) == 7, "json: seven mounts");
	OK(doc && json_object_object_get_ex(doc, "seccomp", &x) &&
	   json_object_object_get_ex(x, "x86_64", &y) &&
	   json_object_object_get_ex(y, "program", &y) && json_object_array_length(y) == 9,
	   "json: x86_64 program of 9 instructions");
	OK(doc && json_object_object_get_ex(doc, "sections", &x) &&
	   json_object_array_length(x) == 21, "json: 21 directory entries");
	json_object_put(doc);
	free(out);
	free(err);
}

static void text_form(const char *blob)
{
	char *out, *err;
	int r = run_dump(blob, 0, &out, &err);
	OK(r == 0 && strstr(out, "policy: web\n") && strstr(out, "  cwd: /srv\n") &&
	   strstr(out, "  - kind=bind source=/srv/web/data target=/data flags=[rw nosuid nodev recursive]\n") &&
	   strstr(out, "      0006: jeq #0x65 jt 7 jf 8              ; ptrace\n"),
	   "dump text: outline with mounts on one line and the disassembly");
	free(out);
	free(err);
}

static void refused(const uint8_t *blob, size_t size)
{
	char path[128];
	snprintf(path, sizeof(path), "%s/cut.polb", tmpdir);
	write_file(path, blob, size - 8);
	char *out, *err;
	int r = run_dump(path, 0, &out, &err);
	size_t len = strlen(err);
	int one_line = len && err[len - 1] == '\n' && strchr(err, '\n') == err + len - 1;
	err[strcspn(err, "\n")] = '\0'; /* so the TAP line below stays whole */
	OK(r == 2 && !out[0] && one_line && strstr(err, "cut.polb: total size says"),
	   "dump of a truncated blob: exit 2, one line, nothing on stdout (%d, %s)", r, err);
	free(out);
	free(err);
}

static void compare(const uint8_t *blob, size_t size)
{
	struct pol_ir ir;
	struct err e;
	uint8_t *other;
	size_t n;
	char where[256];
	OK(build_compare(blob, size, blob, size, where, sizeof(where)) == 1, "compare: same bytes");
	fx_full_ir(&ir);
	free(ir.name);
	ir.name = strdup("wex"); /* same length, so only the string table differs */
	free(ir.process.hostname);
	ir.process.hostname = strdup("wex");
	int r0 = fx_build(&ir, &other, &n, &e);
	ir_free(&ir);
	OK(r0 == 0 && build_compare(blob, size, other, n, where, sizeof(where)) == 0 &&
	   !strcmp(where, "section strtab"), "compare: only the strings differ (%s)", where);
	if (r0 == 0)
		free(other);
	fx_full_ir(&ir);
	free(ir.filesystem.mounts[4].target);
	ir.filesystem.mounts[4].target = strdup("/proc2");
	int r = fx_build(&ir, &other, &n, &e);
	ir_free(&ir);
	OK(r == 0, "compare: a second build with one mount changed");
	if (r < 0)
		return;
	OK(build_compare(blob, size, other, n, where, sizeof(where)) == 0 &&
	   !strcmp(where, "section mounts"),
	   "compare: a changed path names the section using it, not the strings (%s)", where);
	free(other);
	fx_full_ir(&ir);
	ir.filesystem.mounts[2].flags |= IR_MNT_NOEXEC;
	r = fx_build(&ir, &other, &n, &e);
	ir_free(&ir);
	OK(r == 0 && build_compare(blob, size, other, n, where, sizeof(where)) == 0 &&
	   !strcmp(where, "section mounts"), "compare: a flag names section mounts (%s)", where);
	free(other);
}

int main(void)
{
	if (!mkdtemp(tmpdir))
		return 1;
	struct pol_ir ir;
	struct err e;
	uint8_t *blob;
	size_t size;
	fx_full_ir(&ir);
	int r = fx_build(&ir, &blob, &size, &e);
	ir_free(&ir);
	OK(r == 0, "fixture blob built");
	if (r < 0)
		return TAP_DONE();
	char path[128];
	snprintf(path, sizeof(path), "%s/fx.polb", tmpdir);
	write_file(path, blob, size);
	disassembler();
	json_form(path);
	text_form(path);
	refused(blob, size);
	compare(blob, size);
	free(blob);
	char cmd[160];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", tmpdir);
	return TAP_DONE();
}
