#!/bin/sh
# Broken policies: each case in broken.tsv is a policy (\n for newlines)
# and the exact first error polc check must report for it, as
# LINE:COL: error: MESSAGE. Each must also make polc check exit 1.
. "$(dirname "$0")/../lib/common.sh"
scratch
cd "$T_TMP" || exit 1

n=0
while IFS='	' read -r text want; do
	[ -n "$text" ] || continue
	n=$((n + 1))
	printf '%b' "$text" > case.pol
	out=$("$POLC" check --no-warnings case.pol 2>&1)
	status=$?
	got=$(printf '%s\n' "$out" | grep -m1 ': error: ')
	assert_eq "broken $n: $want" "case.pol:$want" "$got"
	assert_eq "broken $n exits 1" 1 "$status"
done < "$TOP/tests/lang/broken.tsv"

# Several errors in one run: recovery at statement boundaries.
cat > multi.pol <<'POL'
process {
    user 1000 (
    cwd relative
}
syscalls {
    allow opnat
    allow read if fd == == 1
    errno EPRM ptrace
}
POL
out=$("$POLC" check --no-warnings multi.pol 2>&1)
for want in "multi.pol:2:15: error: unexpected '('" \
	    "multi.pol:3:9: error: path 'relative' is not absolute" \
	    "multi.pol:6:11: error: unknown syscall 'opnat'; did you mean 'openat'?" \
	    "multi.pol:7:25: error: unexpected '=='" \
	    "multi.pol:8:11: error: unknown errno 'EPRM'; did you mean 'EPERM'?"; do
	assert_contains "several errors in one run: ${want#multi.pol:}" "$out" "$want"
done
assert_contains "summary line counts the errors" "$out" "5 errors, 0 warnings generated"

# The source line and a caret under the column.
printf 'syscalls {\n    allow opnat\n}\n' > caret.pol
out=$("$POLC" check caret.pol 2>&1)
assert_contains "source line shown" "$out" "    2 |     allow opnat"
assert_contains "caret under the word" "$out" "      |           ^~~~~"

# A contradiction names both places.
printf 'syscalls {\n    allow read\n    errno EPERM read\n}\n' > both.pol
out=$("$POLC" check both.pol 2>&1)
assert_contains "contradiction: the second place" "$out" "both.pol:3:17: error: read is both 'allow' and 'errno' in this file"
assert_contains "contradiction: the first place" "$out" "both.pol:2:11: note: the other rule is here"

# Never a crash on hostile bytes.
printf 'process {\n\000\001\377 user 1\n}\n' > bytes.pol
"$POLC" check bytes.pol >/dev/null 2>&1
assert_eq "NUL and high bytes: an error, not a crash" 1 $?

exit $((T_FAILED > 0))
