# Helpers for the enforce integration and escape tests; sourced after
# tests/lib/common.sh. Policies are compiled with the real polc; the probe
# (tests/bin/probe.c) reports from inside.

PROBE=$TESTBIN/probe
export PROBE

# pol NAME: policy text on stdin -> $T_TMP/NAME.pol -> $T_TMP/NAME.polb.
# A policy that does not build is a failure of the test that needed it.
pol() {
	cat >"$T_TMP/$1.pol"
	if "$POLC" build -I "$TOP/policies" "$T_TMP/$1.pol" -o "$T_TMP/$1.polb" \
		>"$T_TMP/$1.polc.log" 2>&1; then
		chmod 644 "$T_TMP/$1.polb"
		return 0
	fi
	fail "polc build $1" "$(tr '\n' ' ' <"$T_TMP/$1.polc.log" | head -c 400)"
	return 1
}

# enf ARGS...: run enforce; $OUT is its stdout, $ERR its stderr, $RC its status.
enf() {
	OUT=$("$ENFORCE" "$@" 2>"$T_TMP/stderr")
	RC=$?
	ERR=$(cat "$T_TMP/stderr")
}
# The same as the unprivileged test user.
enf_user() {
	OUT=$(as_user "$ENFORCE" "$@" 2>"$T_TMP/stderr")
	RC=$?
	ERR=$(cat "$T_TMP/stderr")
}

# val KEY: the first "KEY: value" line of $OUT, value only.
val() { printf '%s\n' "$OUT" | sed -n "s/^$1: //p" | head -n 1; }

# Host mount table without the per-process numbers, to compare before/after.
host_mounts() { cut -d' ' -f3- /proc/self/mountinfo | sort; }

# nothing_left NAME: no mount left on the host and no process of ours running.
nothing_left() {
	if [ "$(host_mounts)" = "$T_MOUNTS_BEFORE" ]; then
		pass "$1: nothing left mounted on the host"
	else
		fail "$1: nothing left mounted on the host" \
			"$(diff <(echo "$T_MOUNTS_BEFORE") <(host_mounts) | head -5 | tr '\n' ' ')"
	fi
	# A container cgroup is named enforce-PID-...: one whose enforce is gone
	# was left behind (cgroups of runs still going are someone else's).
	stale=""
	for d in /sys/fs/cgroup/*/polc/enforce-* /sys/fs/cgroup/polc/enforce-*; do
		[ -d "$d" ] || continue
		p=${d##*/enforce-}
		p=${p%%-*}
		kill -0 "$p" 2>/dev/null || stale="$stale $d"
	done
	if [ -z "$stale" ]; then
		pass "$1: no cgroup left behind"
	else
		fail "$1: no cgroup left behind" "$stale"
	fi
	left=$(pgrep -f "$T_TMP" | grep -v "^$$\$" || true)
	if [ -z "$left" ]; then
		pass "$1: nothing left running"
	else
		fail "$1: nothing left running" "$(ps -o pid,args -p "$(echo $left | tr ' ' ,)" | tail -n +2)"
	fi
}

# The host uid/gid that root of a new user namespace is when enforce runs
# as root and the policy writes no map (docs/enforce.md).
USERNS_ROOT=100000

# A small root directory of our own: the static probe and mount points,
# owned by the container's root (as a user-namespace rootfs is prepared for
# runc), so enforce can make missing mount points in it.
make_rootfs() {
	R=$T_TMP/rootfs
	mkdir -p "$R/bin" "$R/proc" "$R/dev" "$R/sys" "$R/tmp" "$R/mnt" "$R/etc" "$R/data"
	cp "$PROBE" "$R/bin/probe"
	chmod -R a+rX "$R"
	chown -R "${1:-$USERNS_ROOT}:${1:-$USERNS_ROOT}" "$R"
}

# Every test starts here.
enforce_test_setup() {
	scratch
	T_MOUNTS_BEFORE=$(host_mounts)
	[ -x "$ENFORCE" ] || { fail "enforce is built" "$ENFORCE missing"; exit 1; }
	[ -x "$PROBE" ] || { fail "probe is built" "$PROBE missing"; exit 1; }
	[ -x "$POLC" ] || { fail "polc is built" "$POLC missing"; exit 1; }
}
