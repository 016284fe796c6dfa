#!/bin/sh
# polc explain on large conditions. Regression for issue 20: cond_text
# appended with `len += snprintf(buf + len, size - len, ...)` into a 4 KiB
# stack buffer, and 256 conjunctions (two sets of sixteen values) made
# `size - len` wrap, so explain wrote past the buffer (ASan: stack overflow).
# Now the text is built in a growing buffer (compiler/util/strbuf.c): every
# conjunction is printed, and the printed rule compiles to the same filter.
. "$(dirname "$0")/../lib/common.sh"
scratch

set16() { i=0; while [ $i -lt 16 ]; do printf ' 0x%x' $((0x1000 + i)); i=$((i + 1)); done; }
cat >"$T_TMP/big.pol" <<POL
policy big
syscalls {
    default kill_process
    allow ioctl if fd in {$(set16) } and cmd in {$(set16) }
}
POL

assert_status "check accepts the 256-conjunction policy" 0 "$POLC" check --no-warnings "$T_TMP/big.pol"
"$POLC" explain "$T_TMP/big.pol" >"$T_TMP/explain.out" 2>"$T_TMP/explain.err"
assert_eq "explain exits 0" 0 $?
assert_eq "explain prints nothing on stderr" "" "$(cat "$T_TMP/explain.err")"
n=$(grep -o 'request == ' "$T_TMP/explain.out" | wc -l)
assert_eq "every conjunction printed" 256 "$n"
last=$(grep -c '(fd == 0x100f and request == 0x100f)' "$T_TMP/explain.out")
assert_eq "the last conjunction is there" 1 "$last"

# The explained policy is the language: it checks, and compiles to the
# same seccomp programs as the original.
assert_status "explain output is a valid policy" 0 "$POLC" check --no-warnings "$T_TMP/explain.out"
cp "$T_TMP/explain.out" "$T_TMP/again.pol"
"$POLC" build "$T_TMP/big.pol" -o "$T_TMP/a.polb" &&
	"$POLC" build "$T_TMP/again.pol" -o "$T_TMP/b.polb"
assert_eq "both build" 0 $?
"$POLC" dump "$T_TMP/a.polb" | sed -n '/^seccomp/,$p' >"$T_TMP/a.txt"
"$POLC" dump "$T_TMP/b.polb" | sed -n '/^seccomp/,$p' >"$T_TMP/b.txt"
if [ -s "$T_TMP/a.txt" ] && cmp -s "$T_TMP/a.txt" "$T_TMP/b.txt"; then
	pass "the explained rule compiles to the same filter"
else
	fail "the explained rule compiles to the same filter" "$(diff "$T_TMP/a.txt" "$T_TMP/b.txt" | head -5)"
fi
done_testing
