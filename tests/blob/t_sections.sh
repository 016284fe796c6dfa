#!/bin/sh
# Sections the writer never makes, fed to enforce and polc dump: an unknown
# optional section is skipped (the command runs), an unknown critical one
# is refused with 125 (the command does not), and so is a string reference
# outside the string table. The blobs come from the reader's unit test
# (POLB_CRAFT_DIR), which knows how to reseal a CRC.
. "$(dirname "$0")/../lib/common.sh"
scratch
CRAFT=$TOP/$BUILD/tests/unit/test_blob_reject
MARK=$T_TMP/ran
if [ ! -x "$CRAFT" ]; then
	skip "crafted sections" "$CRAFT not built (make tests)"
	exit 0
fi
POLB_CRAFT_DIR=$T_TMP "$CRAFT" || { fail "write the crafted blobs"; exit 1; }

out=$("$POLC" dump "$T_TMP/unknown-optional.polb" 2>&1); st=$?
assert_eq "dump: unknown optional section read" 0 "$st"
assert_contains "dump: and counted as skipped" "$out" "skipped_optional_sections: 1"
out=$("$POLC" dump "$T_TMP/unknown-critical.polb" 2>&1); st=$?
assert_eq "dump: unknown critical section refused with 2" 2 "$st"
assert_contains "dump: the line says why" "$out" "section type 200 is critical and unknown"

if [ ! -x "$ENFORCE" ]; then
	skip "enforce: crafted sections" "enforce not built"
	done_testing
	exit $?
fi
# runs CMD under enforce; prints "STATUS ran|not-run"
run() {
	rm -f "$MARK"
	"$ENFORCE" "$1" -- /bin/sh -c ": >'$MARK'" >/dev/null 2>"$T_TMP/err"
	st=$?
	echo "$st $([ -e "$MARK" ] && echo ran || echo not-run)"
}
assert_eq "enforce: the plain crafted blob runs" "0 ran" "$(run "$T_TMP/plain.polb")"
assert_eq "enforce: unknown optional section skipped, command runs" "0 ran" \
	"$(run "$T_TMP/unknown-optional.polb")"
assert_eq "enforce: unknown critical section refused, command not run" "125 not-run" \
	"$(run "$T_TMP/unknown-critical.polb")"
assert_contains "enforce: one line naming the section type" "$(cat "$T_TMP/err")" \
	"section type 200 is critical and unknown"
assert_eq "enforce: string offset out of range refused, command not run" "125 not-run" \
	"$(run "$T_TMP/bad-string.polb")"
assert_contains "enforce: the line names section, entry and field" "$(cat "$T_TMP/err")" \
	"section process: entry 0: cwd string offset out of range"
done_testing
