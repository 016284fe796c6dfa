# shellcheck shell=bash
# Helpers for the OCI tests (tests/interop/t_oci_*.sh); sourced after
# tests/lib/common.sh.
#
# A busybox rootfs with the static probe at /probe; bundles made from
# `polc export oci`; runc and crun run as root with their state under the
# scratch directory and the cgroups under a parent of this test's own
# (poltest-oci-PID), removed on exit with anything left in it.
#
# crun 1.8 refuses this machine's hybrid cgroups while the v2 hierarchy
# has a controller (hugetlb): every crun command runs in a private mount
# namespace without /sys/fs/cgroup/unified, where crun sees pure v1 and
# applies the limits there (the host's mounts are untouched).

OCI_CG=poltest-oci-$$
CG_ROOT=/sys/fs/cgroup

# oci_rootfs DIR: busybox (its applets, its libraries) and the probe.
oci_rootfs() {
	mkdir -p "$1/bin" "$1/usr" "$1/sbin" "$1/lib" "$1/lib64" "$1/proc" "$1/sys" "$1/dev" "$1/tmp" "$1/srv" "$1/etc" "$1/data" "$1/run"
	cp /usr/bin/busybox "$1/bin/busybox"
	for a in $(/usr/bin/busybox --list); do [ -e "$1/bin/$a" ] || ln -s busybox "$1/bin/$a"; done
	for l in $(ldd /usr/bin/busybox 2>/dev/null | grep -o '/[^ ]*'); do
		mkdir -p "$1$(dirname "$l")" && cp -L "$l" "$1$l"
	done
	cp "$TESTBIN/probe" "$1/probe"
	chmod 755 "$1" "$1/probe"
}

# oci_bundle DIR CONFIG ROOTFS: a bundle whose rootfs is ROOTFS (a
# relative root.path is the bundle's own rootfs), the cgroup under ours.
oci_bundle() {
	mkdir -p "$1"
	jq --arg cg "/$OCI_CG/$(basename "$1")" \
		'if .linux.cgroupsPath then .linux.cgroupsPath = $cg else . end' "$2" >"$1/config.json"
	ln -sfn "$3" "$1/rootfs"
}

# oci_state: runc/crun state directories of this test
oci_state() { echo "$T_TMP/state-$1"; }

crun_private() { # CMD...: crun in a mount namespace without the v2 hierarchy
	unshare -m --propagation private sh -c 'umount /sys/fs/cgroup/unified 2>/dev/null; exec "$@"' crun "$@"
}

# oci_exec RUNTIME ARGS...: the runtime with its state root
oci_exec() {
	rt=$1; shift
	case $rt in
	runc) runc --root "$(oci_state runc)" "$@" ;;
	crun) crun_private crun --root "$(oci_state crun)" "$@" ;;
	esac
}

# wait_ready FILE: the probe printed "ready" (or its process ended: 600
# tries of 0.1 s, a bound on a hang, not a timing the test relies on)
wait_ready() {
	i=0
	while ! grep -q '^ready' "$1" 2>/dev/null && [ $i -lt 600 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	grep -q '^ready' "$1"
}

# cg_limits PID: "pids.max: N" and "memory.max: N" of the process's
# cgroups (v1 file where the controller is on v1, else v2; max when none)
cg_limits() {
	local p m u pv mv
	p=$(awk -F: '$2 == "pids" {print $3}' "/proc/$1/cgroup")
	m=$(awk -F: '$2 == "memory" {print $3}' "/proc/$1/cgroup")
	u=$(awk -F: '$1 == "0" {print $3}' "/proc/$1/cgroup")
	pv=max mv=max
	if [ -n "$p" ] && [ -f "$CG_ROOT/pids$p/pids.max" ]; then pv=$(cat "$CG_ROOT/pids$p/pids.max")
	elif [ -f "$CG_ROOT/unified$u/pids.max" ]; then pv=$(cat "$CG_ROOT/unified$u/pids.max"); fi
	if [ -n "$m" ] && [ -f "$CG_ROOT/memory$m/memory.limit_in_bytes" ]; then mv=$(cat "$CG_ROOT/memory$m/memory.limit_in_bytes")
	elif [ -f "$CG_ROOT/unified$u/memory.max" ]; then mv=$(cat "$CG_ROOT/unified$u/memory.max"); fi
	[ "$mv" = 9223372036854771712 ] && mv=max
	echo "pids.max: $pv"
	echo "memory.max: $mv"
}

# leaf_of PID: the deepest descendant of PID named probe
leaf_of() {
	local cur=$1 kids
	while :; do
		kids=$(cat /proc/"$cur"/task/*/children 2>/dev/null)
		[ -n "$kids" ] || break
		set -- $kids
		cur=$1
	done
	echo "$cur"
}

# normalise: the probe's report as comparable fields: caps, seccomp mode,
# no_new_privs, ids, rlimits, umask, hostname, cwd; each namespace new or
# the host's; whether / is mounted read-only; the limits.
HOST_NS=""
for n in user mnt pid net uts ipc cgroup time; do
	HOST_NS="$HOST_NS $n=$(stat -Lc %i /proc/self/ns/$n)"
done
normalise() { # the report on stdin
	awk -v host="$HOST_NS" '
	BEGIN { n = split(host, h, " "); for (i = 1; i <= n; i++) { split(h[i], kv, "="); ino[kv[1]] = kv[2] } }
	/^(Cap(Inh|Prm|Eff|Bnd|Amb)|Seccomp|NoNewPrivs|uid|gid|groups|umask|hostname|cwd|pids.max|memory.max):/ { print; next }
	/^rlimit / { print; next }
	/^ns / { sub(":", "", $2); print "ns " $2 ": " ($3 == ino[$2] ? "host" : "new"); next }
	/^mount: / { if ($6 == "/") { split($7, o, ","); print "root: " o[1] } }
	' | sort
}

oci_cleanup() {
	for rt in runc crun; do
		[ -d "$(oci_state $rt)" ] || continue
		for d in "$(oci_state $rt)"/*/; do
			[ -d "$d" ] && oci_exec $rt delete -f "$(basename "$d")" >/dev/null 2>&1
		done
	done
	for d in "$CG_ROOT"/*/"$OCI_CG" "$CG_ROOT/$OCI_CG"; do
		[ -d "$d" ] || continue
		find "$d" -depth -type d -exec rmdir {} \; 2>/dev/null
	done
	[ -n "${OCI_KEEP:-}" ] && { echo "# kept $T_TMP"; return; }
	rm -rf "$T_TMP"
}
