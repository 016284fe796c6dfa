#!/bin/bash
# The input limits (compiler/pol_limits.h, docs/language.md "Limits"):
# for each one, an input just inside passes and one just past it gets ONE
# error line naming the file (and line:col where it applies) and the
# limit, for every command that reads a policy, without a crash. Also the
# regression for issue 20's lexer defect: a quoted word was copied to the
# stack, sized by the input, and fmt read up to 64 MiB, so one 12 MiB word
# overflowed the stack; with a 1 MiB stack a 3 MiB word shows the old bug.
# shellcheck source=tests/lib/common.sh
. "$(dirname "$0")/../lib/common.sh"
scratch
cd "$T_TMP" || exit 1

# one_error NAME WANT CMD...: exit 1 or 2, exactly one "error:" line, with WANT
one_error() {
	name=$1; want=$2; shift 2
	"$@" >out 2>err
	rc=$?
	if [ "$rc" -ge 1 ] && [ "$rc" -le 3 ]; then pass "$name: fails cleanly (exit $rc)"; else fail "$name: exit $rc"; fi
	assert_eq "$name: one error line" 1 "$(grep -c 'error:' err)"
	assert_contains "$name: says where and what" "$(cat err)" "$want"
}

# ---- file size: one limit for every reader ----
word() { head -c "$1" /dev/zero | tr '\0' a; }
{ printf 'policy big\nprocess {\n    env X="'; word $((12 << 20)); printf '"\n}\n'; } >big.pol
for cmd in check fmt explain audit build; do
	one_error "12 MiB file, polc $cmd" "big.pol: error: 'big.pol' is larger than 4 MiB (the file size limit)" \
		"$POLC" "$cmd" big.pol
done
printf 'policy small\n' >small.pol
one_error "12 MiB file, polc diff" "big.pol: error: 'big.pol' is larger than 4 MiB" "$POLC" diff small.pol big.pol
printf '{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[],"x":"' >big.json
word $((5 << 20)) >>big.json
printf '"}' >>big.json
"$POLC" import docker-seccomp big.json >out 2>err
rc=$?
assert_eq "5 MiB JSON profile, polc import: refused" 1 "$([ "$rc" != 0 ] && [ "$rc" -lt 128 ] && echo 1)"
assert_contains "5 MiB JSON profile: the limit named" "$(cat err)" "larger than 4 MiB (the file size limit)"

# ---- the lexer's quoted word is on the heap ----
{ printf 'policy q\nprocess {\n    env X="'; word $((3 << 20)); printf '"\n}\n'; } >quoted.pol
for cmd in check fmt; do
	(ulimit -s 1024; "$POLC" "$cmd" quoted.pol >out 2>err)
	rc=$?
	if [ "$rc" -lt 128 ]; then pass "3 MiB quoted word, 1 MiB stack: polc $cmd does not crash"; else fail "3 MiB quoted word: polc $cmd died (exit $rc)"; fi
done
(ulimit -s 1024; "$POLC" fmt quoted.pol >out 2>err)
assert_eq "3 MiB quoted word: fmt keeps it" $(((3 << 20) + 2)) "$(grep -o '"a*"' out | head -1 | tr -d '\n' | wc -c)"

# ---- nesting depth: 16 blocks and parentheses ----
nest() { # nest N: a condition inside N-1 parentheses inside the syscalls block
	open=$(printf '(%.0s' $(seq 1 $(($1 - 1))))
	close=$(printf ')%.0s' $(seq 1 $(($1 - 1))))
	printf 'policy n\nsyscalls {\n    allow personality if %spersona == 0%s\n}\n' "$open" "$close"
}
nest 16 >nest16.pol
nest 17 >nest17.pol
assert_status "nesting 16: accepted" 0 "$POLC" check nest16.pol
one_error "nesting 17" "nest17.pol:3:" "$POLC" check nest17.pol
assert_contains "nesting 17: the limit named" "$(cat err)" "nested deeper than 16 blocks and parentheses (the nesting limit)"
{ printf 'policy n\n'; for i in $(seq 1 5000); do printf 'a {\n'; done; } >deep.pol
one_error "5000 open blocks" "deep.pol:18:3: error: nested deeper than 16" "$POLC" fmt deep.pol

# ---- expanded conditions: 256 cases in one condition, 8192 in all ----
set_of() { seq -s ' ' "$1" "$2"; }
printf 'policy c\nsyscalls {\n    allow ioctl if fd in { %s } and request in { %s }\n}\n' "$(set_of 1 16)" "$(set_of 1 16)" >cases256.pol
printf 'policy c\nsyscalls {\n    allow ioctl if fd in { %s } and request in { %s }\n}\n' "$(set_of 1 16)" "$(set_of 1 17)" >cases272.pol
assert_status "256 cases: accepted" 0 "$POLC" check cases256.pol
one_error "272 cases" "cases272.pol:3:" "$POLC" check cases272.pol
assert_contains "272 cases: the limit named" "$(cat err)" "condition expands to more than 256 cases"
{
	printf 'policy t\nsyscalls {\n'
	for i in $(seq 0 32); do printf '    allow ioctl if fd == %d and request in { %s }\n' "$i" "$(set_of 1 256)"; done
	printf '}\n'
} >total.pol
one_error "33 x 256 cases" "total.pol:35:" "$POLC" check total.pol
assert_contains "33 x 256 cases: the limit named" "$(cat err)" "conditions expand to more than 8192 cases in all (the limit)"

# ---- rules: 8192 after groups are expanded ----
{
	printf 'policy r\nsyscalls {\n'
	for i in $(seq 1 8193); do printf '    allow read if fd == %d\n' "$i"; done
	printf '}\n'
} >rules.pol
one_error "8193 rules" "rules.pol:8195:11: error: more than 8192 syscall rules (the rule limit)" "$POLC" check rules.pol

# ---- use depth: 16 files ----
mkdir -p lib
for i in $(seq 1 18); do printf 'policy u%d\nuse u%d\n' "$i" $((i + 1)) >"lib/u$i.pol"; done
printf 'policy u19\n' >lib/u19.pol
one_error "use 18 deep" "error: 'use' nested deeper than 16 files" "$POLC" check -I lib lib/u1.pol
printf 'policy u3\n' >lib/u3.pol
assert_status "use 2 deep: accepted" 0 "$POLC" check -I lib lib/u1.pol
done_testing
