#!/bin/sh
# Golden tests, one policy per language construct (tests/lang/golden/*.pol):
# `polc explain` of each must match the reviewed NAME.explain beside it
# (the effective policy, every setting with its file:line:col, the sources
# and their digest). Run from the top of the tree so paths are stable.
# To accept a deliberate change: regenerate, then review the diff.
. "$(dirname "$0")/../lib/common.sh"
cd "$TOP" || exit 1
scratch

for pol in tests/lang/golden/*.pol; do
	want=${pol%.pol}.explain
	name=$(basename "$pol" .pol)
	[ -f "$want" ] || continue
	if "$POLC" explain -I tests/lang/golden "$pol" > "$T_TMP/got" 2> "$T_TMP/err"; then
		if cmp -s "$want" "$T_TMP/got"; then
			pass "golden $name"
		else
			fail "golden $name" "$(diff "$want" "$T_TMP/got" | head -5 | tr '\n' ' ')"
		fi
	else
		fail "golden $name" "explain failed: $(head -2 "$T_TMP/err" | tr '\n' ' ')"
	fi
	assert_status "golden $name: check is clean of errors" 0 "$POLC" check -I tests/lang/golden "$pol"
done

# The design's own example, on the shipped bases: no error.
assert_status "the DESIGN.md example checks clean" 0 "$POLC" check -I policies tests/lang/web.pol

# Sources: every file read, in resolution order, and the digest over them.
out=$("$POLC" explain -I tests/lang/golden tests/lang/golden/use.pol)
h1=$(sha256sum tests/lang/golden/use.pol | cut -d' ' -f1)
h2=$(sha256sum tests/lang/golden/base.pol | cut -d' ' -f1)
all=$(cat tests/lang/golden/use.pol tests/lang/golden/base.pol | sha256sum | cut -d' ' -f1)
assert_contains "source sha256 of the top file" "$out" "#   tests/lang/golden/use.pol sha256 $h1"
assert_contains "source sha256 of a used file" "$out" "#   tests/lang/golden/base.pol sha256 $h2"
assert_contains "digest over the texts in resolution order" "$out" "(digest $all)"

exit $((T_FAILED > 0))
