#!/bin/bash
# polc export oci, proven by running it: each shipped policy (policies/,
# examples/) and a policy with every section is exported for runc
# (--runtime runc-1.1, Debian 12's 1.1.5) and crun (--runtime crun, 1.8.1),
# run by both as root on a busybox rootfs with the static probe inside,
# and by enforce with the same policy; the probe's report is compared field
# by field: capabilities, namespaces (new or the host's), seccomp mode,
# no_new_privs, ids, rlimits, umask, hostname, cwd, the root read-only or
# not, and pids.max/memory.max of its cgroups (read from the host). Every
# difference must be one the export warned about (runc 1.1: the time
# namespace). Then rootless: runc and crun as the unprivileged user with
# the map rewritten to the caller's own id, as the export's warning says,
# against enforce as the same user.
#
# The policies are the shipped ones with their root pointed at the busybox
# rootfs (`root / readonly` -> `root ROOTFS readonly`; a base without a
# root gets `root ROOTFS rw`, what export writes for it): neither runtime
# can pivot into the host's / (the export warns), and the host's tree is
# not a place to make mount points in. batch.pol's bind source and its
# Landlock execute list (so the probe may run) are pointed at the scratch
# directory; nothing else is changed.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/lib_oci.sh"

if ! is_root; then
	skip "export oci under runc and crun" "needs root (rootless runs are done from root as $T_USER)"
	exit 0
fi
for t in runc crun jq; do
	command -v $t >/dev/null || { fail "$t installed" "tools/deps.sh tools/packages.txt"; exit 1; }
done
scratch
trap oci_cleanup EXIT
ROOTFS=$T_TMP/rootfs
# The runtimes get a file of the test's own on stdin, never the host's
# /dev/null: crun 1.8 chowns the caller's stdio to the container's user
# (seen: the host's /dev/null became 201000:201001), and the probe's root
# could then chmod it. The last check proves the host's node untouched.
: >"$T_TMP/stdin" && chmod 644 "$T_TMP/stdin"
DEVNULL_BEFORE=$(stat -c '%u:%g %a' /dev/null)
oci_rootfs "$ROOTFS"
mkdir -p "$T_TMP/batchdata" "$(oci_state runc)" "$(oci_state crun)"
chmod 777 "$T_TMP/batchdata"
REPORT="caps seccomp ns ids rlimits umask hostname cwd mounts"

# The test's copy of policy $1 as $T_TMP/NAME.pol (see the header).
policy_copy() {
	n=$(basename "$1" .pol)
	if grep -q '^ *root / readonly' "$1"; then
		sed -e "s|^\( *\)root / readonly|\1root $ROOTFS readonly|" \
			-e "s|/var/lib/polc-example/batch|$T_TMP/batchdata|" \
			-e "s|^\\( *\\)execute /usr|\\1execute /probe /usr|" "$1" >"$T_TMP/$n.pol"
	else
		{ cat "$1"; printf 'filesystem {\n    root %s rw\n}\n' "$ROOTFS"; } >"$T_TMP/$n.pol"
	fi
	echo "$T_TMP/$n.pol"
}

# The policy with every section that runs on this machine (no AppArmor
# here: lsm holds Landlock; network: a connect rule enforce needs pasta for
# is left to tests/network, the export's warning for it is in t_oci_attack.sh).
cat >"$T_TMP/all.pol" <<POL
policy all_sections
use hardened
process {
    user 1000 1001
    groups 1001 27
    cwd /srv
    hostname allh
    env LANG=C.UTF-8
    rlimit nofile 512 1024
    umask 0077
    no_new_privs on
}
namespaces {
    unshare user mount pid net ipc uts cgroup
    uid_map 0 200000 65536
    gid_map 0 200000 65536
}
filesystem {
    root $ROOTFS readonly
    bind $T_TMP/batchdata /data rw nosuid nodev
    tmpfs /run size=16M
    tmpfs /srv size=1M mode=0700
    mqueue /dev/mqueue
    mask /etc
    readonly /data
}
capabilities {
    keep net_bind_service chown
    ambient net_bind_service
}
cgroup {
    memory.max 96M
    pids.max 48
    cpu.max 0.5
    memory.swap.max 0
}
lsm {
    landlock {
        read /
        execute /probe
        write /data /run /srv /dev/null
    }
}
syscalls {
    allow sendfile
    errno EACCES chmod
}
POL

# run_enforce POLB OUT [as_user]: enforce runs the probe; limits read
# while it waits; then it is told to stop.
run_enforce() {
	if [ "${3:-}" = user ]; then
		as_user "$ENFORCE" "$1" -- /probe $REPORT wait_signal 120 >"$2" 2>"$2.err" </dev/null &
	else
		"$ENFORCE" "$1" -- /probe $REPORT wait_signal 120 >"$2" 2>"$2.err" </dev/null &
	fi
	epid=$!
	if wait_ready "$2"; then
		leaf=$(leaf_of $epid)
		[ "${3:-}" = user ] || cg_limits "$leaf" >"$2.lim"
		kill -TERM "$leaf"
	fi
	wait $epid
}

# run_oci RUNTIME BUNDLE ID OUT [user]: the runtime runs the bundle detached
# (its stdio passed to the probe), limits read, then killed and deleted.
run_oci() {
	rt=$1 b=$2 id=$3 out=$4
	jq '.process.args = ["/probe", $ARGS.positional[]] + ["wait_signal", "120"]' --args $REPORT \
		<"$b/config.json" >"$b/c" && mv "$b/c" "$b/config.json"
	if [ "${5:-}" = user ]; then
		st=$T_TMP/ustate-$rt
		mkdir -p "$st" && chown "$T_USER" "$st" "$b"
		# crun refuses a hybrid cgroup host whose v2 hierarchy has a
		# controller ("cgroups in hybrid mode not supported"), rootless too
		# and whatever --cgroup-manager: as for root, root hides
		# /sys/fs/cgroup/unified in a mount namespace of its own, then the
		# user (no capability left, setpriv) runs crun there
		priv=; [ "$rt" = crun ] && priv=crun_private
		(cd "$b" && $priv $AS_USER env XDG_RUNTIME_DIR="$st" $rt --root "$st" run -d --pid-file "$b/pid" "$id") \
			>"$out" 2>"$out.err" <"$T_TMP/stdin"
	else
		(cd "$b" && oci_exec "$rt" run -d --pid-file "$b/pid" "$id") >"$out" 2>"$out.err" <"$T_TMP/stdin"
	fi
	if wait_ready "$out"; then
		pid=$(cat "$b/pid")
		[ "${5:-}" = user ] || cg_limits "$pid" >"$out.lim"
		kill -TERM "$pid"
		i=0
		while kill -0 "$pid" 2>/dev/null && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
	fi
	if [ "${5:-}" = user ]; then
		$priv $AS_USER $rt --root "$T_TMP/ustate-$rt" delete -f "$id" >/dev/null 2>&1
	else
		oci_exec "$rt" delete -f "$id" >/dev/null 2>&1
	fi
}

# compare NAME ENFORCE-OUT OCI-OUT WARNINGS: field by field; a field that
# differs passes only when the export warned about it.
compare() {
	cat "$2" "$2.lim" 2>/dev/null | normalise >"$2.n"
	cat "$3" "$3.lim" 2>/dev/null | normalise >"$3.n"
	nf=$(wc -l <"$2.n")
	if [ "$(wc -l <"$3.n")" -lt 20 ]; then
		fail "$1: the probe reported" "$(head -c 300 "$2") $(head -c 300 "$2.err") / $(head -c 300 "$3") $(head -c 300 "$3.err")"
		return
	fi
	bad=""
	while IFS= read -r l; do
		case $l in
		"> ns time: host") grep -q "warning: namespaces: time:" "$4" || bad="$bad [$l]" ;;
		"< ns time: new") ;; # the same difference, the other side
		*) bad="$bad [$l]" ;;
		esac
	done < <(diff "$2.n" "$3.n" | grep '^[<>]')
	if [ -z "$bad" ]; then
		pass "$1: $nf fields the same as under enforce (but warned ones)"
	else
		fail "$1: the same as under enforce" "differs:$bad"
	fi
}

POLICIES="policies/default.pol policies/hardened.pol policies/host-ro.pol examples/hello.pol examples/web.pol examples/batch.pol $T_TMP/all.pol"
for p in $POLICIES; do
	n=$(basename "$p" .pol)
	case $p in "$T_TMP"/*) copy=$p ;; *) copy=$(policy_copy "$p") ;; esac
	if ! "$POLC" build -I policies "$copy" -o "$T_TMP/$n.polb" 2>"$T_TMP/$n.build"; then
		fail "$n: builds" "$(head -c 300 "$T_TMP/$n.build")"
		continue
	fi
	run_enforce "$T_TMP/$n.polb" "$T_TMP/$n.enf"
	for rt in runc crun; do
		target=$rt; [ $rt = runc ] && target=runc-1.1
		if ! "$POLC" export oci --runtime $target -I policies "$copy" -o "$T_TMP/$n.$rt.json" 2>"$T_TMP/$n.$rt.warn"; then
			fail "$n: export oci --runtime $target" "$(head -c 300 "$T_TMP/$n.$rt.warn")"
			continue
		fi
		oci_bundle "$T_TMP/b-$rt-$n" "$T_TMP/$n.$rt.json" "$ROOTFS"
		run_oci $rt "$T_TMP/b-$rt-$n" "poltest-oci-$$-$n" "$T_TMP/$n.$rt.out"
		compare "$n under $rt ($target)" "$T_TMP/$n.enf" "$T_TMP/$n.$rt.out" "$T_TMP/$n.$rt.warn"
	done
done

# What the rootless runs compare: runc (--runtime runc-1.1) and crun
# (--runtime crun) as $T_USER with the export's map replaced by the one-line
# map of the caller (the warning's advice) and no cgroups (the export warns
# a rootless runtime leaves the limits out), against enforce as $T_USER:
# capabilities, namespaces, seccomp mode, ids, the root read-only or not.
uid=$(id -u "$T_USER")
gid=$(id -g "$T_USER")
for p in policies/hardened.pol policies/host-ro.pol; do
	n=$(basename "$p" .pol)
	copy=$T_TMP/$n.pol
	"$POLC" build -I policies "$copy" -o "$T_TMP/$n.u.polb" 2>/dev/null && chmod 644 "$T_TMP/$n.u.polb"
	run_enforce "$T_TMP/$n.u.polb" "$T_TMP/$n.u.enf" user
	sed -i '/^groups:/d' "$T_TMP/$n.u.enf" # enforce rootless keeps no group it cannot map, the runtimes the same
	for rt in runc crun; do
		target=$rt; [ $rt = runc ] && target=runc-1.1
		"$POLC" export oci --runtime $target -I policies "$copy" 2>"$T_TMP/$n.u.$rt.warn" |
			jq --argjson u "$uid" --argjson g "$gid" --argjson in "$(grep -o 'user [0-9]*' "$copy" | head -1 | awk '{print $2+0}')" \
				'.linux.uidMappings = [{containerID: $in, hostID: $u, size: 1}]
				 | .linux.gidMappings = [{containerID: .process.user.gid, hostID: $g, size: 1}]
				 | del(.linux.resources) | del(.linux.cgroupsPath) | .process.user.additionalGids = []' >"$T_TMP/$n.u.$rt.json"
		assert_contains "$n rootless ($target): the export says how to map the caller" "$(cat "$T_TMP/$n.u.$rt.warn")" \
			"rootless, enforce maps the caller's own id"
		oci_bundle "$T_TMP/b-u-$rt-$n" "$T_TMP/$n.u.$rt.json" "$ROOTFS"
		run_oci $rt "$T_TMP/b-u-$rt-$n" "poltest-ociu-$$-$rt-$n" "$T_TMP/$n.u.$rt.out" user
		sed -i '/^groups:/d' "$T_TMP/$n.u.$rt.out"
		compare "$n rootless under $rt ($target)" "$T_TMP/$n.u.enf" "$T_TMP/$n.u.$rt.out" "$T_TMP/$n.u.$rt.warn"
	done
done
assert_eq "the host's /dev/null keeps its owner and mode" "$(stat -c '%u:%g %a' /dev/null)" "$DEVNULL_BEFORE"
done_testing
