# shellcheck shell=bash
# Shared by tests/services/t_*.sh: each test runs one shipped policy of
# examples/services/ with its real Debian service, a real client on the
# host, SIGTERM, a restart over the same data, `polc audit` under a bound,
# and the refusals the policy promises. Ports 21400-21499, loopback only
# (the policies publish on 127.0.0.1). Service data lives where the
# policies bind it from, /var/lib/polc-services/NAME, made and removed
# here; the system's own instance of each service is never used.
. "$(dirname "$0")/../lib/common.sh"
scratch
SVC_ROOT=/var/lib/polc-services
export MAPPED=100000 # enforce maps a root run's user namespace to 100000 + id
cd "$T_TMP" || exit 1

# need_pkg PKG...: the Debian packages (tools/packages.txt lists them),
# installed when missing. Debian starts a service on install (systemd, or
# invoke-rc.d where no policy-rc.d says no): it is stopped and disabled,
# so the only instance is the one under enforce.
need_pkg() {
	missing=""
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
	done
	[ -z "$missing" ] && return 0
	is_root || return 1
	# shellcheck disable=SC2086
	DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq \
		--no-install-recommends $missing >"$T_TMP/apt.log" 2>&1 ||
		{ apt-get update -qq >/dev/null 2>&1 &&
		  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq \
			--no-install-recommends $missing >"$T_TMP/apt.log" 2>&1; } || return 1
}

# system_off UNIT...: the distribution's own instances stopped and disabled
system_off() {
	for u in "$@"; do
		if [ -d /run/systemd/system ]; then
			systemctl disable --now "$u" >/dev/null 2>&1
		elif [ -x "/etc/init.d/$u" ]; then
			"/etc/init.d/$u" stop >/dev/null 2>&1
			update-rc.d "$u" disable >/dev/null 2>&1
		fi
	done
	return 0
}

# svc_build NAME: examples/services/NAME.pol built to $T_TMP/NAME.polb;
# `polc check` must give no warning beyond the ones the test names in
# $CHECK_OK (ids the policy explains in a comment).
svc_build() {
	src=$TOP/examples/services/$1.pol
	if "$POLC" build -I "$TOP/policies" -I "$TOP/examples/services" "$src" -o "$T_TMP/$1.polb" >"$T_TMP/$1.build" 2>&1; then
		chmod 644 "$T_TMP/$1.polb"; pass "$1.pol builds"
	else
		fail "$1.pol builds" "$(head -c 300 "$T_TMP/$1.build")"; return 1
	fi
	check "$1.pol: in polc fmt's layout" "$POLC" fmt --check "$src"
	"$POLC" check -I "$TOP/policies" -I "$TOP/examples/services" "$src" >"$T_TMP/$1.check" 2>&1
	got=$(grep -o 'warning: .*\[[a-z_0-9]*\]$' "$T_TMP/$1.check" | sed 's/.*\[\(.*\)\]$/\1/' | sort -u | tr '\n' ' ')
	assert_eq "$1.pol: polc check warns only about what its comments explain" "${CHECK_OK:-}" "$got"
	# each warning's id named in a comment of the file it points into
	grep -o '^[^ :]*:[0-9]*:[0-9]*: warning: .*\[[a-z_0-9]*\]$' "$T_TMP/$1.check" |
		sed 's/^\([^:]*\):.*\[\(.*\)\]$/\1 \2/' | sort -u >"$T_TMP/$1.warned"
	while read -r file id; do
		if grep -q "#.*$id" "$file"; then pass "$1.pol: warning $id is explained in a comment of $(basename "$file")"
		else fail "$1.pol: warning $id is explained in a comment of $(basename "$file")"; fi
	done <"$T_TMP/$1.warned"
}

# svc_audit NAME MAX: polc audit's exposure score at most MAX
svc_audit() {
	"$POLC" audit -I "$TOP/policies" -I "$TOP/examples/services" "$TOP/examples/services/$1.pol" >"$T_TMP/$1.audit" 2>&1
	score=$(sed -n 's/.*: exposure \([0-9]*\)\/100.*/\1/p' "$T_TMP/$1.audit")
	if [ -n "$score" ] && [ "$score" -le "$2" ]; then
		pass "$1.pol: polc audit exposure $score/100, at most $2"
	else
		fail "$1.pol: polc audit exposure ${score:-?}/100, at most $2" "$(tail -n 3 "$T_TMP/$1.audit")"
	fi
	high=$(grep -cE '^(critical|high) ' "$T_TMP/$1.audit")
	assert_eq "$1.pol: no critical or high finding" 0 "$high"
}

# as WHO CMD...: root runs CMD; user runs it as $T_USER
as() {
	who=$1; shift
	if [ "$who" = user ]; then as_user "$@"; else "$@"; fi
}

# svc_start WHO NAME LOG CMD...: enforce NAME.polb -- CMD in the
# background; $SVC_PID is enforce itself
svc_start() {
	who=$1 name=$2 log=$3; shift 3
	if [ "$who" = user ]; then
		# setpriv execs enforce, so $! is enforce (a function would fork)
		setpriv --reuid "$T_USER" --regid "$T_USER" --clear-groups -- \
			"$ENFORCE" "$T_TMP/$name.polb" -- "$@" >"$log" 2>&1 &
	else
		"$ENFORCE" "$T_TMP/$name.polb" -- "$@" >"$log" 2>&1 &
	fi
	SVC_PID=$!
}

# svc_stop NAME WANT [SIG]: SIG (TERM unless given) to enforce (it
# forwards it), then its exit status must be WANT; a run that does not end
# within 120 s is killed and fails (a hang, not a timing: a clean stop
# takes well under a second)
svc_stop() {
	local sig=${3:-TERM}
	kill -"$sig" "$SVC_PID" 2>/dev/null
	local end=$((SECONDS + 120))
	while kill -0 "$SVC_PID" 2>/dev/null && [ $SECONDS -lt $end ]; do sleep 0.1; done
	if kill -0 "$SVC_PID" 2>/dev/null; then
		kill -KILL "$SVC_PID"; wait "$SVC_PID" 2>/dev/null
		fail "$1: SIG$sig ends the service" "still running after 120 s"
		return
	fi
	wait "$SVC_PID"
	assert_eq "$1: SIG$sig: clean shutdown, exit status $2" "$2" "$?"
	# enforce's cgroup leaves are named after its pid
	check "$1: no cgroup of the run left" sh -c \
		"! ls -d /sys/fs/cgroup/*/polc/enforce-$SVC_PID-* /sys/fs/cgroup/polc/enforce-$SVC_PID-* 2>/dev/null | grep -q ."
}

# wait_tcp CMD...: until CMD (a client's probe of the service) succeeds,
# for at most 120 s. pasta accepts on the host port before the service
# listens inside, so only the service's own answer counts. The bound is
# for a service that never comes up (the checks after it then fail and
# say why), far above a start on a loaded machine (this suite has seen a
# load average of 700): not a timing assertion. Clients get 60 s per
# request for the same reason.
wait_tcp() {
	local end=$((SECONDS + 120))
	while [ $SECONDS -lt $end ]; do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	return 1
}

# data_dir NAME OWNER: a fresh $SVC_ROOT/NAME owned by OWNER (uid:gid)
data_dir() {
	rm -rf "${SVC_ROOT:?}/$1"
	mkdir -p "$SVC_ROOT/$1"
	chmod 755 "$SVC_ROOT"
	chown "$2" "$SVC_ROOT/$1"
	chmod 0700 "$SVC_ROOT/$1"
}
data_clean() {
	rm -rf "${SVC_ROOT:?}/$1"
	rmdir "$SVC_ROOT" 2>/dev/null
	return 0
}

# Nothing left behind: no process of this run, no pasta of our ports
no_pasta() {
	! ps -eo args | grep -q "^pasta .*-t .*$1"
}

# rootless pasta needs /dev/net/tun open to all, as udev makes it on Debian
[ -c /dev/net/tun ] && is_root && chmod 0666 /dev/net/tun
