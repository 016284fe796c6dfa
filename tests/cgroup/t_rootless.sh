#!/bin/bash
# Rootless cgroups, as the unprivileged user poltest: without a delegated
# cgroup enforce refuses clearly (125, one line saying what to do), or warns
# and goes on when the section is `optional`; with a delegated subtree (here
# a pids hierarchy directory root hands to poltest, as a container manager
# or systemd's Delegate= would) the limits are set inside it and work.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/lib.sh"

if ! is_root; then
	skip "cgroup rootless" "needs root to set the test up (it then runs as $T_USER)"
	exit 0
fi
if ! id "$T_USER" >/dev/null 2>&1; then
	skip "cgroup rootless" "no user $T_USER (tests/run.sh creates it)"
	exit 0
fi
cg_setup
DELEG=""
trap 'cg_cleanup; [ -n "$DELEG" ] && rmdir "$DELEG/$PARENT"/*/ "$DELEG/$PARENT" "$DELEG" 2>/dev/null; rm -rf "$T_TMP"' EXIT
cp "$CGLOAD" "$T_TMP/cgload"
chmod 755 "$T_TMP/cgload"

cg_pol strict <<EOF
policy strict
namespaces { unshare user ipc uts }
cgroup {
    pids.max 8
    parent $PARENT
}
EOF
cg_pol optional <<EOF
policy optional
namespaces { unshare user ipc uts }
cgroup {
    pids.max 8
    optional
    parent $PARENT
}
EOF

OUT=$(as_user "$ENFORCE" "$T_TMP/strict.polb" -- "$T_TMP/cgload" hog 1 2>"$T_TMP/stderr")
RC=$?
ERR=$(cat "$T_TMP/stderr")
assert_eq "no delegation: refused, the command not run" "125 " "$RC $OUT"
assert_contains "no delegation: says why and what to do" "$ERR" "no delegated cgroup writable by uid $(id -u "$T_USER"); run as root, or mark the cgroup section optional"
assert_eq "no delegation: in one line" 1 "$(printf '%s\n' "$ERR" | wc -l)"

OUT=$(as_user "$ENFORCE" "$T_TMP/optional.polb" -- "$T_TMP/cgload" hog 1 2>"$T_TMP/stderr")
RC=$?
ERR=$(cat "$T_TMP/stderr")
assert_eq "optional: the command runs" "0 hog: survived 1 MiB" "$RC $OUT"
assert_contains "optional: with one warning" "$ERR" "enforce: warning: cgroup:"
assert_contains "optional: naming the section optional" "$ERR" "the policy marks them optional"
cg_left "rootless"

# A delegated subtree: root makes a pids cgroup owned by poltest and puts
# the user's shell in it; enforce then creates PARENT/LEAF inside it.
PIDS=$CG_ROOT/pids
if [ ! -f "$PIDS/cgroup.procs" ]; then
	skip "delegated" "no v1 pids hierarchy at $PIDS"
	done_testing
	exit $?
fi
DELEG=$PIDS/poltest-deleg-$$
mkdir "$DELEG"
chown -R "$T_USER" "$DELEG"
OUT=$(as_user sh -c 'echo $$ >"$1/cgroup.procs" && exec "$2" "$3" -- "$4" bomb 100' sh \
	"$DELEG" "$ENFORCE" "$T_TMP/strict.polb" "$T_TMP/cgload" 2>"$T_TMP/stderr")
RC=$?
ERR=$(cat "$T_TMP/stderr")
n=$(printf '%s\n' "$OUT" | sed -n 's/^bomb: forked \([0-9]*\),.*/\1/p')
if [ "$RC" = 0 ] && [ -n "$n" ] && [ "$n" -lt 8 ]; then
	pass "delegated: pids.max 8 holds inside the delegated subtree ($OUT)"
else
	fail "delegated: pids.max 8 holds inside the delegated subtree" "rc $RC: $OUT $ERR"
fi
assert_contains "delegated: the hit is reported" "$ERR" "pids.max 8 reached"
assert_eq "delegated: the parent was made inside the delegated subtree, by $T_USER" \
	"$T_USER" "$(stat -c %U "$DELEG/$PARENT" 2>&1)"
leaves=$(ls -d "$DELEG/$PARENT"/*/ 2>/dev/null)
assert_eq "delegated: its cgroup there was removed" "" "$leaves"
done_testing
