#!/bin/sh
# polc dump shows a generated AppArmor profile's text, not only its size:
# in the outline under "apparmor_profile NAME:", in --json as the lsm
# entry's generated_profile string, and in both the same text the blob holds.
# And what it was compiled to: the compiled policy's size and SHA-256 (the
# bytes apparmor_parser gives for that text and those features) and the
# feature ABI it was compiled for (--apparmor-features FILE; this host's
# kernel has no AppArmor, so without the option the build is refused).
. "$(dirname "$0")/../lib/common.sh"
scratch
features=$TOP/tests/vm/apparmor/kernel.features
pol=$TOP/tests/blob/policies/apparmor-generate.pol

"$POLC" build "$pol" -o "$T_TMP/none.polb" 2>"$T_TMP/none.err"
assert_eq "no AppArmor here, no --apparmor-features: refused (exit 2)" 2 "$?"
assert_eq "... with one line naming the option" \
	"polc: apparmor: generate: this host's kernel offers no AppArmor features to compile the profile for (/sys/kernel/security/apparmor/features: No such file or directory); name the target kernel's with --apparmor-features FILE" \
	"$(cat "$T_TMP/none.err")"
assert_eq "... and no blob written" no "$([ -e "$T_TMP/none.polb" ] && echo yes || echo no)"
"$POLC" build "$pol" -o "$T_TMP/none.polb" --apparmor-features "$T_TMP/missing" 2>"$T_TMP/none.err"
assert_eq "--apparmor-features naming no file: refused" \
	"2 polc: apparmor: generate: --apparmor-features $T_TMP/missing: No such file or directory" \
	"$? $(cat "$T_TMP/none.err")"

"$POLC" build "$pol" -o "$T_TMP/aa.polb" --apparmor-features "$features" ||
	fail "build the policy" "polc build failed"
"$POLC" build "$pol" -o "$T_TMP/aa2.polb" --apparmor-features "$features"
check "the same sources and features give the same bytes" cmp -s "$T_TMP/aa.polb" "$T_TMP/aa2.polb"
"$POLC" build "$pol" -o "$T_TMP/other.polb" --apparmor-features /usr/share/apparmor-features/features
check "other features give another blob" sh -c '! cmp -s "$1" "$2"' _ "$T_TMP/aa.polb" "$T_TMP/other.polb"

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

# The compiled policy is apparmor_parser's output for that text and those
# features, byte for byte (its SHA-256 as dump shows it).
want=$(apparmor_parser --config-file=/dev/null -Q -K -M "$features" -S <"$T_TMP/json.txt" | sha256sum | cut -d' ' -f1)
assert_contains "outline: the compiled policy's SHA-256 is apparmor_parser's output" "$out" \
	"compiled_policy_sha256=$want"
assert_contains "outline: the features heading" "$out" "apparmor_features (compiled for):"
printf '%s\n' "$out" | sed -n '/^apparmor_features (compiled for):/,/^[^ ]/p' | sed '1d' |
	sed -n 's/^  //p' >"$T_TMP/features.txt"
check "outline: the features shown are the file's" cmp -s "$T_TMP/features.txt" "$features"
python3 -c 'import json, sys
lsm = json.load(open(sys.argv[1]))["lsm"][0]
sys.stdout.write(lsm["compiled_for_features"])' "$T_TMP/aa.json" >"$T_TMP/jfeatures.txt"
check "json: compiled_for_features is the file's text" cmp -s "$T_TMP/jfeatures.txt" "$features"
exit "$T_FAILED"
