#!/bin/bash
# Escape probes through cgroups, from inside under policies/default.pol and
# policies/hardened.pol (tests/bin/escape_kernel.c):
#   - the release_agent escape (CVE-2022-0492 and the older privileged-
#     container trick): no release_agent or notify_on_release of any v1
#     hierarchy can be opened for writing, none is even visible; no cgroup
#     file system (each v1 controller this host has, a named hierarchy,
#     cgroup2) can be mounted, also not after unshare(CLONE_NEWUSER|
#     CLONE_NEWNS|CLONE_NEWCGROUP), which is refused first;
#   - a fork bomb (every process forks until refused, a tree) stopped by
#     the pids.max of hardened.pol itself (4096) and, under default.pol,
#     which sets no limit, by the pids.max 128 this test's policy adds.
# As root, and for the release_agent part as the unprivileged test user.
# (Rootless without a delegated cgroup, hardened's limit is optional and
# enforce says it goes on without it: no fork bomb is run that way.)
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../integration/helpers.sh"
. "$(dirname "$0")/escape_lib.sh"
escape_setup

pol ec_default <<EOF || exit 1
policy ec_default
use default
filesystem {
    root / readonly
    tmpfs /tmp size=8M mode=1777
}
cgroup { pids.max 128 }
EOF
pol ec_hardened <<EOF || exit 1
policy ec_hardened
use hardened
filesystem {
    root / readonly
}
EOF
# The release_agent part as the test user: no cgroup section to create.
pol ec_default_user <<EOF || exit 1
policy ec_default_user
use default
filesystem {
    root / readonly
    tmpfs /tmp size=8M mode=1777
}
EOF

# The v1 controllers this host has hierarchies for (enabled, hierarchy > 0).
CONTROLLERS=$(awk '!/^#/ && $2 > 0 && $4 == 1 { print $1 }' /proc/cgroups | sort -u | tr '\n' ' ')
echo "# v1 controllers here: ${CONTROLLERS:-none}"
MOUNTS="cgroup_mount none,name=escape cgroup_mount cgroup2"
for c in $CONTROLLERS; do MOUNTS="$MOUNTS cgroup_mount $c"; done

# Control: on the host, as root, the release_agent files exist and open
# (when this host has v1 hierarchies at all).
OUT=$("$EK" release_agent 2>&1)
if grep -q ' cgroup ' /proc/self/mounts; then
	assert_contains "control: a v1 release_agent is writable on the host" "$OUT" "try release_agent: ok"
else
	skip "control: release_agent on the host" "no cgroup v1 hierarchy mounted here"
fi

cgroup_suite() {
	label=$1 blob=$2 runner=$3 base=$4
	# shellcheck disable=SC2086
	$runner "$blob" -- "$EK" tag "$T_TMP" release_agent unshare_cgroupns $MOUNTS
	assert_eq "$label: the helper ran to the end" 0 "$RC"
	expect "$label" release_agent EACCES
	assert_eq "$label: no release_agent or notify_on_release visible inside" "0 seen" \
		"$(val release_agent | tail -n 1)"
	if [ "$base" = default ]; then
		expect "$label" unshare_cgroupns EPERM
	else
		expect "$label" unshare_cgroupns "KILL:unshare (272)"
	fi
	for m in none,name=escape cgroup2 $CONTROLLERS; do
		expect "$label" "cgroup_mount $m" EPERM
	done
}

cgroup_suite default "$T_TMP/ec_default.polb" enf default
cgroup_suite hardened "$T_TMP/ec_hardened.polb" enf hardened
cgroup_suite "default rootless" "$T_TMP/ec_default_user.polb" enf_user default
cgroup_suite "hardened rootless" "$T_TMP/ec_hardened.polb" enf_user hardened

# bomb LABEL BLOB LIMIT CEILING: the tree fork bomb meets pids.max LIMIT.
bomb() {
	enf "$2" -- "$EK" tag "$T_TMP" forkbomb "$4"
	expect "$1" "forkbomb $4" EAGAIN
	made=$(val forkbomb | cut -d' ' -f1)
	check "$1: fork bomb stopped below pids.max $3 (${made:-?} processes; ceiling $4)" \
		test "${made:-99999}" -lt "$3"
}
bomb "default + pids.max 128" "$T_TMP/ec_default.polb" 128 1000
bomb "hardened (its own pids.max 4096)" "$T_TMP/ec_hardened.polb" 4096 6000

nothing_left escape_cgroup
done_testing
