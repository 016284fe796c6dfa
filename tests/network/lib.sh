# Shared by tests/network/t_*.sh: scratch dir, policies over host-ro (the
# host's root read-only, a user namespace, hardened's seccomp list), a
# python the unprivileged user may run, and port waits. Ports: 18000-18999
# on loopback only.
. "$(dirname "$0")/../lib/common.sh"
scratch
PY=/usr/bin/python3 # not a pyenv shim: poltest runs it too
[ -x "$PY" ] || PY=$(command -v python3)
BUSYBOX=$(command -v busybox)
cd "$T_TMP" || exit 1

# npol NAME: policy text on stdin, built to $T_TMP/NAME.polb
npol() {
	cat >"$T_TMP/$1.pol"
	"$POLC" build "$T_TMP/$1.pol" -o "$T_TMP/$1.polb" >"$T_TMP/$1.build" 2>&1 ||
		{ fail "build $1" "$(cat "$T_TMP/$1.build")"; return 1; }
	chmod 644 "$T_TMP/$1.polb"
}

# as WHO CMD...: root runs CMD, user runs it as $T_USER. For a background
# run use "$(runas WHO)" "$ENFORCE" ... & so that $! is enforce itself.
as() {
	who=$1; shift
	if [ "$who" = user ]; then as_user "$@"; else "$@"; fi
}
runas() {
	if [ "$1" = user ]; then
		echo "setpriv --reuid $T_USER --regid $T_USER --clear-groups --"
	else
		echo "env"
	fi
}

# http_get PORT PATH: the body, retried while the server inside comes up
# (pasta accepts on the host port before the server listens)
http_get() {
	curl -s -m 3 --retry 40 --retry-delay 0 --retry-all-errors --retry-max-time 20 \
		"http://127.0.0.1:$1$2"
}

# No pasta of ours left: none with a port spec of this test's ports.
no_pasta() {
	! ps -eo args | grep -q "^pasta .*-t .*$1"
}

# A count of attached cgroup sock_addr programs (egress rules), host-wide.
sock_addr_progs() {
	if command -v bpftool >/dev/null; then
		bpftool prog show 2>/dev/null | grep -c cgroup_sock_addr
	else
		echo 0
	fi
}

# No enforce leaf left under the polc parent on any hierarchy.
no_leaf() {
	! ls -d /sys/fs/cgroup/*/polc/enforce-"$1"-* /sys/fs/cgroup/polc/enforce-"$1"-* >/dev/null 2>&1
}

# stop PID: TERM, then wait for it
stop() {
	kill -TERM "$1" 2>/dev/null
	wait "$1" 2>/dev/null
}

# rootless pasta needs /dev/net/tun open to all, as udev makes it on Debian
[ -c /dev/net/tun ] && is_root && chmod 0666 /dev/net/tun
