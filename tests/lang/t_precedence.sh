#!/bin/sh
# Which syscall rule decides across `use` (docs/language.md, "Which rule
# decides"): specificity before recency. A rule that names a syscall beats
# what any group says of it, whichever file each is in; between rules of
# the same kind the later file wins. Read from `polc explain`, which shows
# the deciding rule and its origin (`via @group` for a group's).
. "$(dirname "$0")/../lib/common.sh"
cd "$TOP" || exit 1
scratch

# assert_lacks NAME HAYSTACK NEEDLE
assert_lacks() {
	case "$2" in
	*"$3"*) fail "$1" "[$3] found" ;;
	*) pass "$1" ;;
	esac
}

# The line explain prints for SYSCALL's rules (spaces squeezed).
rules_of() { printf '%s\n' "$1" | grep -E "^    [a-z_]+( [A-Z0-9]+)? $2( |\$)" | tr -s ' ' | sed 's/^ //'; }

L=$T_TMP/lib
mkdir -p "$L"
cat > "$L/base.pol" <<'POL'
group @net { socket getpid }
syscalls {
    allow socket if domain == AF_UNIX
    errno EPERM @net
    allow gettid
}
POL

# 1. An earlier file's named rule beats a later file's group.
printf 'use base\ngroup @net2 { socket gettid }\nsyscalls {\n    allow @net2\n}\n' > "$L/top.pol"
out=$("$POLC" explain -I "$L" "$L/top.pol" 2>&1)
assert_eq "named (earlier file) beats group (later file): base's condition decides" \
	"allow socket if domain == 1 # $L/base.pol:3:11" "$(rules_of "$out" socket)"
assert_eq "named (earlier file) beats group (later file): gettid stays base's" \
	"allow gettid # $L/base.pol:5:11" "$(rules_of "$out" gettid)"

# 2. Among groups the later file wins, as before.
printf 'use base\nsyscalls {\n    allow @net2\n}\ngroup @net2 { getpid }\n' > "$L/top2.pol"
out=$("$POLC" explain -I "$L" "$L/top2.pol" 2>&1)
assert_eq "group (later file) beats group (earlier file)" \
	"allow getpid # $L/top2.pol:3:11 via @net2" "$(rules_of "$out" getpid)"

# 3. Among named rules the later file wins: loosening takes naming it.
printf 'use base\nsyscalls {\n    allow socket\n}\n' > "$L/top3.pol"
out=$("$POLC" explain -I "$L" "$L/top3.pol" 2>&1)
assert_eq "named (later file) replaces named (earlier file)" \
	"allow socket # $L/top3.pol:3:11" "$(rules_of "$out" socket)"

# 4. A named rule of a later file beats a group of an earlier one.
printf 'use base\nsyscalls {\n    kill_process getpid\n}\n' > "$L/top4.pol"
out=$("$POLC" explain -I "$L" "$L/top4.pol" 2>&1)
assert_eq "named (later file) beats group (earlier file)" \
	"kill_process getpid # $L/top4.pol:3:18" "$(rules_of "$out" getpid)"

# 5. Through two levels: the named rule survives a group in each later file.
printf 'use base\nsyscalls {\n    allow @net2\n}\ngroup @net2 { socket }\n' > "$L/mid.pol"
printf 'use mid\nsyscalls {\n    log @net3\n}\ngroup @net3 { socket }\n' > "$L/top5.pol"
out=$("$POLC" explain -I "$L" "$L/top5.pol" 2>&1)
assert_eq "named rule survives groups in two later files" \
	"allow socket if domain == 1 # $L/base.pol:3:11" "$(rules_of "$out" socket)"

# 6. One statement naming a syscall both ways (`allow @g read`, read in
# @g): the named one is kept (it was once dropped with the group's).
printf 'group @g { read getpid }\nsyscalls {\n    allow @g read\n}\n' > "$L/both.pol"
out=$("$POLC" explain "$L/both.pol" 2>&1)
assert_eq "allow @g read: read is allowed, by its name" \
	"allow read # $L/both.pol:3:14" "$(rules_of "$out" read)"
assert_eq "allow @g read: getpid through the group" \
	"allow getpid # $L/both.pol:3:11 via @g" "$(rules_of "$out" getpid)"
# ... and being named, a later file's group does not override it
printf 'use both\nsyscalls {\n    errno EPERM @r\n}\ngroup @r { read }\n' > "$L/both2.pol"
out=$("$POLC" explain -I "$L" "$L/both2.pol" 2>&1)
assert_eq "allow @g read, then a later group: read stays allowed" \
	"allow read # $L/both.pol:3:14" "$(rules_of "$out" read)"

# 7. The shipped example: web.pol's `allow @network-io` does not widen
# hardened.pol's socket families.
# (blanks squeezed: the origin column pads to the printed rule's length)
out=$("$POLC" explain examples/web.pol 2>&1 | tr -s ' ')
assert_contains "web.pol: hardened's socket families decide" "$out" \
	"allow socket if domain in { 1 2 10 } # $TOP/policies/hardened.pol:84:11"
assert_contains "web.pol: other families still answer EAFNOSUPPORT" "$out" \
	"errno EAFNOSUPPORT socket if domain != 1 and domain != 2 and domain != 10 # $TOP/policies/hardened.pol:85:24"
assert_lacks "web.pol: no unconditional socket via @network-io" "$out" "allow socket # examples/web.pol"
assert_contains "web.pol: the rest of @network-io still comes from it" "$out" \
	"allow socketpair # examples/web.pol:37:11 via @network-io"

exit $((T_FAILED > 0))
