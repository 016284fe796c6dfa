#!/bin/bash
# Escape probes: the host's devices through mknod. A container's root that
# keeps CAP_MKNOD (Docker's default set, so default.pol) can make a node for
# any device number; Docker makes that harmless with its device cgroup
# (deny all, then a safe set: null, zero, ..., ptys). Tried from inside
# under policies/default.pol and policies/hardened.pol, as root and as the
# unprivileged test user (tests/bin/escape_kernel.c mknod_open: a node in
# /dev, /dev/shm or /tmp, opened, nothing read or written):
#   - /dev/kmsg (c 1:11) for writing: lines in the host's kernel log;
#   - a block device of each driver (disk, loop, zram...) that root on the
#     host can open for reading: the host's data.
# Each open must be refused (a device rule: EPERM; a nodev mount: EACCES;
# no CAP_MKNOD: EPERM at mknod). default.pol as root has two walls, each
# tried alone here (tests/escape/FINDINGS.md 2, fixed):
#   - its device cgroup (Docker's safe set): a node made on a writable bind
#     that is not nodev opens nowhere but the cgroup refuses it: EPERM;
#   - enforce's nodev /dev (and nodev /dev/shm, /tmp): a policy with
#     CAP_MKNOD and no device cgroup at all: EACCES.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../integration/helpers.sh"
. "$(dirname "$0")/escape_lib.sh"
escape_setup

escape_host_view ed || exit 1
# default.pol's device cgroup alone: a writable bind without nodev (the
# host's /tmp is not nodev here; the control below checks).
mkdir -p "$T_TMP/nodes" && chmod 1777 "$T_TMP/nodes"
pol ed_default_bind <<EOF || exit 1
policy ed_default_bind
use default
filesystem {
    root / readonly
    tmpfs /tmp size=8M mode=1777
    bind $T_TMP/nodes /mnt rw
}
EOF
# enforce's nodev mounts alone: CAP_MKNOD, the minimal /dev, no cgroup
# section (so no device rule) and no seccomp filter.
pol ed_nocgroup <<EOF || exit 1
policy ed_nocgroup
namespaces {
    unshare mount pid net ipc uts
}
filesystem {
    root / readonly
    proc /proc
    dev /dev
    tmpfs /tmp size=8M mode=1777
}
capabilities {
    keep mknod
}
EOF

# Control: the devices as root on the host, by their own nodes. Only those
# that open here are tried inside (a refusal of the rest proves nothing).
DEVS=""
if [ -c /dev/kmsg ] && (exec 3>>/dev/kmsg) 2>/dev/null; then
	DEVS="c,1,11,w"
	pass "control: /dev/kmsg opens for writing on the host"
else
	skip "control: /dev/kmsg" "not writable by root here"
fi
majors=" "
for d in /sys/block/*; do
	node=/dev/${d##*/}
	[ -b "$node" ] && (exec 3<"$node") 2>/dev/null || continue
	IFS=: read -r maj min <"$d/dev"
	case $majors in *" $maj "*) continue ;; esac # one device per driver
	majors="$majors$maj "
	DEVS="$DEVS b,$maj,$min,r"
	pass "control: block device ${d##*/} ($maj:$min) opens for reading on the host"
done
echo "# devices tried: $DEVS"
[ -n "$DEVS" ] || { skip "host devices" "no device opens on this host"; done_testing; exit; }
TRIES=$(for d in $DEVS; do echo mknod_open "$d"; done)
BIND_TRIES=$(for d in $DEVS; do echo mknod_open "$d,/mnt"; done)
# Control for the bind: a node made on the host in $T_TMP/nodes opens (the
# file system there is not nodev), so a refusal at /mnt inside is the cgroup.
"$EK" mknod_open "${DEVS%% *},$T_TMP/nodes" >"$T_TMP/bind-control" 2>&1
if grep -q "try mknod_open ${DEVS%% *},$T_TMP/nodes: ok" "$T_TMP/bind-control"; then
	pass "control: a node made in $T_TMP/nodes opens on the host (not nodev)"
else
	fail "control: a node made in $T_TMP/nodes opens on the host" "$(cat "$T_TMP/bind-control")"
fi

# devices_suite LABEL BLOB RUNNER WANT...
devices_suite() {
	label=$1 blob=$2 runner=$3
	shift 3
	# shellcheck disable=SC2086
	$runner "$blob" -- "$EK" tag "$T_TMP" $TRIES
	assert_eq "$label: the helper ran to the end" 0 "$RC"
	for d in $DEVS; do
		expect "$label" "mknod_open $d" "$@"
	done
}

# default.pol: both walls; in /dev the nodev check comes first (EACCES).
devices_suite default "$T_TMP/ed_default.polb" enf EPERM EACCES
# the device cgroup alone: mknod allowed (c/b *:* m), the open refused
# shellcheck disable=SC2086
enf "$T_TMP/ed_default_bind.polb" -- "$EK" tag "$T_TMP" $BIND_TRIES
assert_eq "default, bind not nodev: the helper ran to the end" 0 "$RC"
for d in $DEVS; do
	expect "default, bind not nodev (device cgroup alone)" "mknod_open $d,/mnt" EPERM
done
# nodev alone: no device rule, every directory tried is nodev
devices_suite "no device cgroup (nodev alone)" "$T_TMP/ed_nocgroup.polb" enf EACCES
devices_suite hardened "$T_TMP/ed_hardened.polb" enf EPERM
devices_suite "default rootless" "$T_TMP/ed_default.polb" enf_user EPERM
devices_suite "hardened rootless" "$T_TMP/ed_hardened.polb" enf_user EPERM

nothing_left escape_devices
done_testing
