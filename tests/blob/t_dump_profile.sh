#!/bin/sh
# polc dump shows a generated AppArmor profile's text, not only its size:
# in the outline under "apparmor_profile NAME:", in --json as the lsm
# entry's generated_profile string, and in both the same text the blob holds.
. "$(dirname "$0")/../lib/common.sh"
scratch
"$POLC" build "$TOP/tests/blob/policies/apparmor-generate.pol" -o "$T_TMP/aa.polb" ||
	fail "build the policy" "polc build failed"

out=$("$POLC" dump "$T_TMP/aa.polb")
assert_contains "outline: the profile's heading" "$out" "apparmor_profile polc-aa_dump:"
assert_contains "outline: the profile's own line" "$out" "  profile polc-aa_dump "
assert_contains "outline: the masked path's rule" "$out" 'deny "/etc/aa-dump-secret{,/**}"'
assert_eq "outline: no line ends in a space" 0 "$(printf '%s\n' "$out" | grep -c ' $')"

"$POLC" dump --json "$T_TMP/aa.polb" >"$T_TMP/aa.json"
json_profile() {
	python3 -c 'import json, sys
lsm = json.load(open(sys.argv[1]))["lsm"][0]
text = lsm["generated_profile"]
assert len(text.encode()) == lsm["generated_profile_bytes"], "size differs"
sys.stdout.write(text)' "$T_TMP/aa.json"
}
if json_profile >"$T_TMP/json.txt"; then
	pass "json: generated_profile as long as generated_profile_bytes says"
else
	fail "json: generated_profile as long as generated_profile_bytes says"
fi
# The outline's lines, unindented, are the JSON text line for line.
printf '%s\n' "$out" | sed -n '/^apparmor_profile /,/^[^ ]/p' | sed '1d;$d' |
	sed 's/^  //' >"$T_TMP/outline.txt"
check "outline and json show the same text" \
	sh -c '[ -s "$1" ] && cmp -s "$1" "$2"' _ "$T_TMP/outline.txt" "$T_TMP/json.txt"
exit "$T_FAILED"
