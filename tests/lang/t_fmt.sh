#!/bin/sh
# polc fmt: the canonical layout is stable (fmt of fmt is fmt) over every
# policy in the repository, keeps every comment and every word, and turns
# a messy file into the exact expected layout; -w and --check behave.
. "$(dirname "$0")/../lib/common.sh"
cd "$TOP" || exit 1
scratch

n=0
for pol in $(find policies examples tests -name '*.pol' -not -path 'tests/fuzz/*' | sort); do
	n=$((n + 1))
	# policies that do not parse are the broken-policy tests' business
	"$POLC" fmt "$pol" > "$T_TMP/once" 2>/dev/null || continue
	"$POLC" fmt "$T_TMP/once" > "$T_TMP/twice" 2>/dev/null
	if cmp -s "$T_TMP/once" "$T_TMP/twice"; then
		pass "fmt idempotent: $pol"
	else
		fail "fmt idempotent: $pol" "$(diff "$T_TMP/once" "$T_TMP/twice" | head -4 | tr '\n' ' ')"
	fi
	# nothing lost: the same comments and the same words, in order
	grep -o '#.*' "$pol" | sed 's/[[:space:]]*$//' > "$T_TMP/c1"
	grep -o '#.*' "$T_TMP/once" | sed 's/[[:space:]]*$//' > "$T_TMP/c2"
	sed 's/#.*//' "$pol" | tr -s ' \t\n;' '\n\n\n\n' | grep -v '^$' > "$T_TMP/w1"
	sed 's/#.*//' "$T_TMP/once" | tr -s ' \t\n;' '\n\n\n\n' | grep -v '^$' > "$T_TMP/w2"
	if cmp -s "$T_TMP/c1" "$T_TMP/c2" && cmp -s "$T_TMP/w1" "$T_TMP/w2"; then
		pass "fmt keeps every comment and word: $pol"
	else
		fail "fmt keeps every comment and word: $pol"
	fi
done
[ "$n" -gt 3 ] && pass "fmt idempotence covered $n policies" || fail "fmt found only $n policies"

# A messy file and its exact canonical layout.
cat > "$T_TMP/messy.pol" <<'POL'
# header comment
policy   messy


use default   # base
process{
	user 1000     # who
  cwd /srv ; hostname web


    # before env
env A=1
}
group @g { read write }
syscalls {
allow socket if domain in {AF_UNIX
   AF_INET} and (type == 1 or type==2)
errno EPERM ptrace   # no
}
# trailing
POL
cat > "$T_TMP/want.pol" <<'POL'
# header comment
policy messy

use default  # base
process {
    user 1000  # who
    cwd /srv
    hostname web

    # before env
    env A=1
}
group @g { read write }
syscalls {
    allow socket if domain in { AF_UNIX AF_INET } and (type == 1 or type == 2)
    errno EPERM ptrace  # no
}
# trailing
POL
"$POLC" fmt "$T_TMP/messy.pol" > "$T_TMP/got.pol"
if cmp -s "$T_TMP/want.pol" "$T_TMP/got.pol"; then
	pass "fmt: the exact canonical layout"
else
	fail "fmt: the exact canonical layout" "$(diff "$T_TMP/want.pol" "$T_TMP/got.pol" | head -8 | tr '\n' ' ')"
fi

# Trailing comments of one paragraph line up.
printf 'process {\n    user 1 # a\n    cwd /srv/long/path # b\n}\n' > "$T_TMP/align.pol"
got=$("$POLC" fmt "$T_TMP/align.pol")
want=$(printf 'process {\n    user 1              # a\n    cwd /srv/long/path  # b\n}')
assert_eq "fmt lines up trailing comments" "$want" "$got"

# A one-line block keeps its line when the comment comes after its '}'.
printf 'group @g { read write }   # io\ngroup @h { read # inside\n}\n' > "$T_TMP/oneline.pol"
got=$("$POLC" fmt "$T_TMP/oneline.pol")
want=$(printf 'group @g { read write }  # io\ngroup @h {               # inside\n    read\n}')
assert_eq "fmt: one-line blocks and their comments" "$want" "$got"

# --check: exit 1 and the name when a file is not formatted; 0 when it is.
assert_status "fmt --check on a messy file exits 1" 1 "$POLC" fmt --check "$T_TMP/messy.pol"
assert_status "fmt --check on a formatted file exits 0" 0 "$POLC" fmt --check "$T_TMP/want.pol"
out=$("$POLC" fmt --check "$T_TMP/messy.pol" "$T_TMP/want.pol")
assert_eq "fmt --check names only the unformatted file" "$T_TMP/messy.pol" "$out"
# -w rewrites in place, and only then is --check clean.
cp "$T_TMP/messy.pol" "$T_TMP/w.pol"
"$POLC" fmt -w "$T_TMP/w.pol"
check "fmt -w writes the canonical layout" cmp -s "$T_TMP/w.pol" "$T_TMP/want.pol"
# A file that does not parse is never rewritten.
printf 'process {\n    user (\n' > "$T_TMP/bad.pol"
cp "$T_TMP/bad.pol" "$T_TMP/bad.orig"
assert_status "fmt refuses a file with syntax errors (input error)" 2 "$POLC" fmt -w "$T_TMP/bad.pol"
check "fmt leaves a broken file as it was" cmp -s "$T_TMP/bad.pol" "$T_TMP/bad.orig"

exit $((T_FAILED > 0))
