#!/bin/sh
# The APPARMOR section (compiled AppArmor policy, format 1.1) is hostile
# input like the rest of the blob: a blob whose compiled policy is cut
# short, made to load another profile, or claimed for a generated profile
# it does not carry is refused by the reader, with one line naming the
# section, before enforce builds anything (the command never runs), even
# with the CRC made right again. Edits are made with the CRC recomputed
# (python, CRC-32C as docs/polb.md gives it), so the reader's own rules
# are what refuse them.
. "$(dirname "$0")/../lib/common.sh"
scratch
features=$TOP/tests/vm/apparmor/kernel.features
"$POLC" build "$TOP/tests/blob/policies/apparmor-generate.pol" -o "$T_TMP/aa.polb" \
	--apparmor-features "$features" || { fail "build the test blob"; exit 1; }
MARK=$T_TMP/ran

# edit KIND OUT: a copy of aa.polb with one edit, resealed.
edit() {
	python3 - "$T_TMP/aa.polb" "$2" "$1" <<'PY'
import os, struct, sys
sys.path.insert(0, os.path.join(os.environ["TOP"], "tests", "lib"))
from polb_edit import reseal
src, out, kind = sys.argv[1:4]
b = bytearray(open(src, "rb").read())


n = struct.unpack_from("<I", b, 28)[0]
dirs = [list(struct.unpack_from("<IIQQII", b, 128 + 32 * i)) for i in range(n)]
i = [d[0] for d in dirs].index(20)
off, size = dirs[i][2], dirs[i][3]
policy = off + 24
psize = struct.unpack_from("<I", b, off + 8)[0]
if kind == "truncate":
    # the compiled policy loses its last 16 bytes; its section (the last
    # one) and the blob shrink with it, so the framing is right again
    assert i == n - 1
    cut = 16
    struct.pack_into("<I", b, off + 8, psize - cut)
    dirs[i][3] = size - cut
    struct.pack_into("<IIQQII", b, 128 + 32 * i, *dirs[i])
    end = off + size - cut
    b = b[:end] + bytes((8 - end % 8) % 8)
    struct.pack_into("<Q", b, 16, len(b))
elif kind == "rename":
    # the profile the policy loads: polc-aa_dump -> polc-aa_dumq
    name = b"polc-aa_dump\0"
    at = b.index(name, policy)
    b[at + len(name) - 2] = ord("q")
elif kind == "bomb":
    # the DFA (a blob element named "aadfa") claims 2 GiB
    at = b.index(b"aadfa\0\x06", policy) + 7
    struct.pack_into("<I", b, at, 0x7fffffff)
elif kind == "ungenerate":
    # the lsm record no longer says generated (nor carries the text)
    j = [d[0] for d in dirs].index(14)
    rec = dirs[j][2]
    struct.pack_into("<I", b, rec + 4, 0)
    struct.pack_into("<II", b, rec + 16, 0, 0)
reseal(b)
open(out, "wb").write(b)
PY
}

# refused KIND WANT: dump and enforce both refuse with the reader's line
# containing WANT; the command does not run.
refused() {
	edit "$1" "$T_TMP/$1.polb" || { fail "$1: edit the blob"; return; }
	"$POLC" dump "$T_TMP/$1.polb" >/dev/null 2>"$T_TMP/err"
	st=$?
	line=$(cat "$T_TMP/err")
	assert_eq "$1: polc dump refuses (2, input error; one line)" "2 1" "$st $(printf '%s\n' "$line" | wc -l)"
	assert_contains "$1: ... naming the section" "$line" "blob: $T_TMP/$1.polb: section apparmor: $2"
	rm -f "$MARK"
	"$ENFORCE" "$T_TMP/$1.polb" -- /bin/sh -c ": >'$MARK'" >/dev/null 2>"$T_TMP/err"
	st=$?
	assert_eq "$1: enforce refuses before running anything (125)" "125 no" \
		"$st $([ -e "$MARK" ] && echo yes || echo no)"
	assert_contains "$1: ... with the reader's line" "$(cat "$T_TMP/err")" \
		"enforce: blob: $T_TMP/$1.polb: section apparmor: $2"
}

assert_status "the intact blob is read" 0 "$POLC" dump "$T_TMP/aa.polb"
refused truncate "entry 0: compiled policy: byte"
refused rename "the compiled policy loads profile 'polc-aa_dumq', the lsm record names 'polc-aa_dump'"
refused bomb "entry 0: compiled policy: byte"
refused ungenerate "compiled policy without an lsm record marked generated"
done_testing
