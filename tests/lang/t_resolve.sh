#!/bin/sh
# `use NAME` and `@group` resolution: the search path in its order (-I,
# $POLC_PATH, the installed policies, the build tree's policies/), cycles,
# the depth limit, names that are not plain words, groups found in used
# files and in the standard library's groups.pol, read lazily.
. "$(dirname "$0")/../lib/common.sh"
scratch
cd "$T_TMP" || exit 1
mkdir -p one two env lib

printf 'policy from-one\nprocess {\n    user 1\n}\n' > one/base.pol
printf 'policy from-two\nprocess {\n    user 2\n}\n' > two/base.pol
printf 'policy from-env\nprocess {\n    user 3\n}\n' > env/base.pol
printf 'use base\n' > top.pol

out=$("$POLC" explain -I one -I two top.pol 2>&1)
assert_contains "-I: the first directory wins" "$out" "user 1 1"
out=$("$POLC" explain -I two -I one top.pol 2>&1)
assert_contains "-I: in the order given" "$out" "user 2 2"
out=$(POLC_PATH=/nonexistent:env "$POLC" explain top.pol 2>&1)
assert_contains "POLC_PATH: each entry of the colon list" "$out" "user 3 3"
out=$(POLC_PATH=env "$POLC" explain -I one top.pol 2>&1)
assert_contains "-I before POLC_PATH" "$out" "user 1 1"

# From the build tree: build/../policies holds the standard library.
printf 'policy svc\nuse default\n' > svc.pol
assert_status "build tree: use default finds policies/default.pol" 0 "$POLC" check --no-warnings svc.pol
out=$("$POLC" explain svc.pol 2>&1)
assert_contains "build tree: the used file is listed as a source" "$out" "/policies/default.pol sha256"

# Names that are not plain words are refused before any file is opened.
for bad in ../../etc/passwd /etc/passwd a/b .hidden 'base.pol'; do
	printf 'use %s\n' "$bad" > bad.pol
	out=$("$POLC" check -I one bad.pol 2>&1)
	assert_contains "use $bad is refused" "$out" "bad.pol:1:5: error: 'use' takes a policy name, not a path: '$bad'"
done

# Cycles and depth.
printf 'use cb\n' > lib/ca.pol
printf 'use ca\n' > lib/cb.pol
out=$("$POLC" check -I lib lib/ca.pol 2>&1)
assert_contains "a use cycle is an error" "$out" "error: 'use ca' forms a cycle"
i=0
while [ $i -lt 20 ]; do printf 'use d%d\n' $((i + 1)) > lib/d$i.pol; i=$((i + 1)); done
printf 'policy deep\n' > lib/d20.pol
out=$("$POLC" check -I lib lib/d0.pol 2>&1)
assert_contains "use deeper than the limit is an error" "$out" "error: 'use' nested deeper than 16 files"
i=0
while [ $i -lt 10 ]; do printf 'use e%d\n' $((i + 1)) > lib/e$i.pol; i=$((i + 1)); done
printf 'policy shallow\n' > lib/e10.pol
assert_status "a chain of 10 uses is fine" 0 "$POLC" check --no-warnings -I lib lib/e0.pol

# A file used twice (a diamond) is applied and listed once.
printf 'use dl\nuse dr\n' > lib/dia.pol
printf 'use dd\n' > lib/dl.pol
printf 'use dd\n' > lib/dr.pol
printf 'policy dd\n' > lib/dd.pol
out=$("$POLC" explain -I lib lib/dia.pol 2>&1)
n=$(printf '%s\n' "$out" | grep -c 'dd.pol sha256')
assert_eq "diamond: the shared file is read once" 1 "$n"

# Groups: this file, a used file, then groups.pol on the search path.
printf 'group @mine { getpid }\nsyscalls {\n    allow @mine\n}\n' > lib/g1.pol
out=$("$POLC" explain -I lib lib/g1.pol 2>&1)
assert_contains "a group of this file" "$out" "allow getpid"
printf 'group @theirs { gettid }\n' > lib/gbase.pol
printf 'use gbase\nsyscalls {\n    allow @theirs\n}\n' > lib/g2.pol
out=$("$POLC" explain -I lib lib/g2.pol 2>&1)
assert_contains "a group of a used file" "$out" "allow gettid"
mkdir -p std
printf 'group @stdgroup { getppid }\n' > std/groups.pol
printf 'syscalls {\n    allow @stdgroup\n}\n' > lib/g3.pol
out=$("$POLC" explain -I std lib/g3.pol 2>&1)
assert_contains "a group of groups.pol on the search path" "$out" "allow getppid"
assert_contains "groups.pol is listed as a source once read" "$out" "std/groups.pol sha256"
printf 'syscalls {\n    allow getpid\n}\n' > lib/g4.pol
out=$("$POLC" explain -I std lib/g4.pol 2>&1)
case "$out" in *groups.pol*) fail "groups.pol is read only when a group is missing" ;; *) pass "groups.pol is read only when a group is missing" ;; esac
printf 'syscalls {\n    allow @stdgrup\n}\n' > lib/g5.pol
out=$("$POLC" check -I std lib/g5.pol 2>&1)
assert_contains "an unknown group gets a suggestion" "$out" "lib/g5.pol:2:11: error: unknown group '@stdgrup'; did you mean '@stdgroup'?"
printf 'syscalls {\n    allow @stdgroup\n}\n' > lib/g7.pol
printf 'use g7\nuse groups\n' > lib/g8.pol
assert_status "groups.pol read for a group, then used: no double definition" 0 "$POLC" check --no-warnings -I lib -I std lib/g8.pol
printf 'group @x { read }\ngroup @x { write }\n' > lib/g6.pol
out=$("$POLC" check lib/g6.pol 2>&1)
assert_contains "a group defined twice in one file" "$out" "lib/g6.pol:2:7: error: group @x is defined twice in this file"

exit $((T_FAILED > 0))
