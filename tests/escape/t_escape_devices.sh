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
# no CAP_MKNOD: EPERM at mknod). A policy over default.pol with an empty
# `devices { }` block (Docker's safe set) shows what refuses them.
# See tests/escape/FINDINGS.md: under default.pol as root they open.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../integration/helpers.sh"
. "$(dirname "$0")/escape_lib.sh"
escape_setup

for base in default hardened; do
	pol "ed_$base" <<EOF || exit 1
policy ed_$base
use $base
filesystem {
    root / readonly
    tmpfs /tmp size=8M mode=1777
}
EOF
done
pol ed_default_devices <<EOF || exit 1
policy ed_default_devices
use default
filesystem {
    root / readonly
    tmpfs /tmp size=8M mode=1777
}
cgroup {
    devices {
    }
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

devices_suite default "$T_TMP/ed_default.polb" enf EPERM EACCES
devices_suite "default + devices { }" "$T_TMP/ed_default_devices.polb" enf EPERM EACCES
devices_suite hardened "$T_TMP/ed_hardened.polb" enf EPERM
devices_suite "default rootless" "$T_TMP/ed_default.polb" enf_user EPERM
devices_suite "hardened rootless" "$T_TMP/ed_hardened.polb" enf_user EPERM

nothing_left escape_devices
done_testing
