#!/bin/bash
# Escape probes: signals out of the container. kill(-1, SIGKILL) reaches
# every process the caller may signal; in the container's own pid namespace
# (both policies/default.pol and policies/hardened.pol unshare pid) that
# is the container and nothing else. Tried as root and, where it matters
# most, as the unprivileged test user, whose uid owns host processes too:
# a host process of the same uid (and one of root's) must survive, and so
# must the supervisor, which reports the container's end.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../integration/helpers.sh"
. "$(dirname "$0")/escape_lib.sh"
escape_setup

for base in default hardened; do
	pol "es_$base" <<EOF || exit 1
policy es_$base
use $base
filesystem {
    root / readonly
}
EOF
done

# Host processes, one per uid, started from $T_TMP so nothing_left sees
# them if they outlive the test.
cp /bin/sleep "$T_TMP/victim-sleep"
chmod 755 "$T_TMP/victim-sleep"
"$T_TMP/victim-sleep" 600 &
root_victim=$!
# setpriv directly, not the as_user function: $! must be the sleep itself
setpriv --reuid "$T_USER" --regid "$T_USER" --clear-groups -- "$T_TMP/victim-sleep" 600 &
user_victim=$!

# Control: kill(-1, 0) on the host, as the test user, reaches its victim.
OUT=$(as_user "$EK" kill_all 0 2>&1)
assert_contains "control: kill(-1, 0) as $T_USER on the host reaches something" "$OUT" "try kill_all 0: ok"

signal_suite() {
	label=$1 base=$2 runner=$3
	$runner "$T_TMP/es_$base.polb" -- "$EK" tag "$T_TMP" kill_all
	# the helper and init die of it: enforce reports a signal, not 125
	check "$label: the container ended by the signal, reported by enforce (exit $RC)" \
		test "$RC" != 125 -a "$RC" != 0
	check "$label: the host's root process survives" kill -0 "$root_victim"
	check "$label: the host's $T_USER process survives" \
		test "$(stat -c %U "/proc/$user_victim" 2>/dev/null)" = "$T_USER"
}
signal_suite default default enf
signal_suite hardened hardened enf
signal_suite "default rootless" default enf_user
signal_suite "hardened rootless" hardened enf_user

kill "$root_victim" "$user_victim"
wait "$root_victim" "$user_victim" 2>/dev/null
nothing_left escape_signals
done_testing
