#!/bin/sh
# polc build and polc build --check: the output file, determinism, and a
# reviewer's check of a deployed blob against its source.
. "$(dirname "$0")/../lib/common.sh"
scratch
POL=$TOP/tests/blob/policies/every-section.pol

mkdir "$T_TMP/elsewhere"
cp "$POL" "$T_TMP/elsewhere/every-section.pol"
(cd "$T_TMP/elsewhere" && "$POLC" build every-section.pol)
assert_eq "build: default output is the source name with .polb" yes \
	"$([ -s "$T_TMP/elsewhere/every-section.polb" ] && echo yes || echo no)"

"$POLC" build "$POL" -o "$T_TMP/a.polb" && "$POLC" build "$POL" -o "$T_TMP/b.polb"
check "build: two builds are byte-identical" cmp -s "$T_TMP/a.polb" "$T_TMP/b.polb"
check "build: the copy in another directory builds the same bytes" \
	cmp -s "$T_TMP/a.polb" "$T_TMP/elsewhere/every-section.polb"
assert_eq "build: nothing left behind but the blobs" "a.polb b.polb elsewhere" \
	"$(cd "$T_TMP" && echo *)"

out=$("$POLC" build --check "$T_TMP/a.polb" "$POL" 2>&1); st=$?
assert_eq "check: same source exits 0" 0 "$st"
assert_contains "check: says it matches" "$out" "matches"

sed 's/pids.max 256/pids.max 257/' "$POL" >"$T_TMP/changed.pol"
out=$("$POLC" build --check "$T_TMP/a.polb" "$T_TMP/changed.pol" 2>&1); st=$?
assert_eq "check: changed source exits 1" 1 "$st"
assert_contains "check: names the source digest first" "$out" "source digest"

# One byte of the compiler version changed: the CRC no longer matches.
cp "$T_TMP/a.polb" "$T_TMP/v.polb"
printf 'X' | dd of="$T_TMP/v.polb" bs=1 seek=$((48 + 5)) conv=notrunc 2>/dev/null
out=$("$POLC" build --check "$T_TMP/v.polb" "$POL" 2>&1); st=$?
assert_eq "check: a corrupted blob exits 1" 1 "$st"
assert_contains "check: says it does not validate" "$out" "validation: CRC-32C mismatch"

printf 'policy broken\nprocess {\n  user -nobody\n}\n' >"$T_TMP/bad.pol"
"$POLC" build "$T_TMP/bad.pol" -o "$T_TMP/bad.polb" 2>"$T_TMP/err"; st=$?
assert_eq "build: a policy error exits 2" 2 "$st"
assert_eq "build: and writes no blob" no "$([ -e "$T_TMP/bad.polb" ] && echo yes || echo no)"
assert_contains "build: the error names file:line" "$(cat "$T_TMP/err")" "bad.pol:3:"

# The source digest of a policy that uses nothing is the SHA-256 of its text.
MIN=$TOP/tests/blob/policies/minimal.pol
"$POLC" build "$MIN" -o "$T_TMP/min.polb"
assert_eq "header: source digest is the SHA-256 of the policy text" \
	"$(sha256sum <"$MIN" | cut -d' ' -f1)" \
	"$("$POLC" dump "$T_TMP/min.polb" | sed -n 's/^source_sha256: //p')"
rm -f "$T_TMP/min.polb"

# Every shipped policy and example: builds (so the reader accepts what the
# writer made of it), twice to the same bytes, and --check agrees.
for p in "$TOP"/policies/*.pol "$TOP"/examples/*.pol; do
	[ -e "$p" ] || continue
	n=$(basename "$p" .pol)
	if "$POLC" build -I "$TOP/policies" "$p" -o "$T_TMP/$n.1" 2>"$T_TMP/err" &&
		"$POLC" build -I "$TOP/policies" "$p" -o "$T_TMP/$n.2" 2>>"$T_TMP/err"; then
		check "build ${p#$TOP/}: deterministic" cmp -s "$T_TMP/$n.1" "$T_TMP/$n.2"
		assert_status "build ${p#$TOP/}: --check matches" 0 \
			"$POLC" build --check "$T_TMP/$n.1" -I "$TOP/policies" "$p"
	else
		fail "build ${p#$TOP/}" "$(head -3 "$T_TMP/err" | tr '\n' ' ')"
	fi
	rm -f "$T_TMP/$n.1" "$T_TMP/$n.2"
done

assert_status "build: unknown option exits 2" 2 "$POLC" build --frobnicate "$POL"
assert_status "build: --check without a policy exits 2" 2 "$POLC" build --check "$T_TMP/a.polb"
done_testing
