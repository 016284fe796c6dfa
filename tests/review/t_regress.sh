#!/bin/bash
# Regressions from issue 20 (hostile input in code review):
# - polc audit passed new_userns on `allow unshare if flags != CLONE_NEWUSER`
#   because it asked the filter about flags == CLONE_NEWUSER alone;
#   CLONE_NEWUSER|CLONE_NEWNS got through. Now every combination of the
#   CLONE_NEW* bits is asked, so each of these loose conditions fails the
#   check, and the tight ones (hardened.pol's mask) pass it. The host
#   control: the same unshare(CLONE_NEWUSER|CLONE_NEWNS) succeeds outside.
# - polc explain overflowed a stack buffer printing a condition of 256
#   cases (two sets of 16 values): run under the sanitizer build
#   (tests/run.sh san) ASan caught it. Fixed by the one IR-to-.pol
#   printer (compiler/text/pol_print*.c, issue 20 part 2), which builds
#   the text in a strbuf.
# shellcheck source=tests/lib/common.sh
. "$(dirname "$0")/../lib/common.sh"
scratch
cd "$T_TMP" || exit 1

userns_case() { # NAME CONDITION WANT(fails|passes)
	printf 'policy u\nuse default\nsyscalls {\n    allow unshare if %s\n}\n' "$2" >u.pol
	out=$("$POLC" audit --all -I "$TOP/policies" u.pol 2>&1)
	line=$(printf '%s\n' "$out" | grep ' new_userns' | head -1)
	case "$3:$line" in
	fails:high*) pass "$1: new_userns fails" ;;
	passes:ok*) pass "$1: new_userns passes" ;;
	*) fail "$1: new_userns" "want $3, got [$line]" ;;
	esac
}
userns_case "flags != CLONE_NEWUSER" "flags != CLONE_NEWUSER" fails
assert_contains "flags != CLONE_NEWUSER: the combination named" "$line" "allows unshare(CLONE_NEWUSER|CLONE_NEWNS)  (u.pol:4)"
userns_case "flags & CLONE_NEWNS == 0" "flags & CLONE_NEWNS == 0" fails
userns_case "flags < CLONE_NEWPID" "flags < CLONE_NEWPID" fails
userns_case "flags not in {CLONE_NEWUSER}" "flags not in { CLONE_NEWUSER }" fails
userns_case "flags & CLONE_NEWUSER == 0" "flags & CLONE_NEWUSER == 0" passes
userns_case "flags == CLONE_NEWNS" "flags == CLONE_NEWNS" passes
userns_case "flags & 0x7e020080 == 0 (hardened)" "flags & 0x7e020080 == 0" passes
out=$("$POLC" audit --all -I "$TOP/policies" "$TOP/policies/hardened.pol" 2>&1)
assert_contains "hardened.pol: new_userns passes" "$out" "ok       new_userns"

# Host control: outside any policy the kernel does create the namespaces.
if unshare --user --mount true 2>/dev/null; then pass "host control: unshare(CLONE_NEWUSER|CLONE_NEWNS) succeeds outside"
else fail "host control: unshare --user --mount failed on the host"; fi

# The explain overflow (256 conjunctions).
vals="0x1000 0x1001 0x1002 0x1003 0x1004 0x1005 0x1006 0x1007 0x1008 0x1009 0x100a 0x100b 0x100c 0x100d 0x100e 0x100f"
printf 'policy e\nsyscalls {\n    allow ioctl if fd in { %s } and cmd in { %s }\n}\n' "$vals" "$vals" >e.pol
assert_status "256-case condition: polc check accepts it" 0 "$POLC" check e.pol
"$POLC" explain e.pol >out 2>err
rc=$?
assert_eq "256-case condition: polc explain exits 0" 0 "$rc"
assert_contains "256-case condition: explain prints the rule" "$(cat out)" "allow ioctl if "
assert_eq "256-case condition: no sanitizer report" "" "$(grep -E 'AddressSanitizer|runtime error' err)"
done_testing
