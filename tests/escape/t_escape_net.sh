#!/bin/bash
# Escape probes: the host's local sockets that belong to its network
# namespace, from inside under policies/default.pol, policies/hardened.pol
# and policies/host-ro.pol (all three unshare net; host-ro shared the
# host's network before issue 12), as root and as the unprivileged test
# user (tests/bin/escape_kernel.c):
#   - an abstract unix socket the host listens on (containerd's shim API on
#     an abstract socket was CVE-2020-15257, reachable from containers that
#     shared the host's network namespace): ECONNREFUSED inside;
#   - a TCP listener on the host's 127.0.0.1: the container's lo is its
#     own: ECONNREFUSED inside;
#   - squatting a loopback port: a port the container binds on 127.0.0.1
#     (and an abstract name) stays free on the host (ports 19300-19399).
# (A socket *file* under a bind mount is another matter: a read-only bind
# does not stop connect(2); see "Escape probes" in docs/enforce.md.)
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../integration/helpers.sh"
. "$(dirname "$0")/escape_lib.sh"
escape_setup

for base in default hardened host-ro; do
	pol "en_$base" <<EOF || exit 1
policy en_$base
use $base
filesystem {
    root / readonly
}
EOF
done

NAME=escape-probe-$$
host_listener "$NAME"

# Control: on the host both connect.
OUT=$("$EK" connect_abstract "$NAME" connect_tcp "$PORT" 2>&1)
assert_contains "control: the host's abstract socket @$NAME connects on the host" "$OUT" \
	"try connect_abstract $NAME: ok"
assert_contains "control: 127.0.0.1:$PORT connects on the host" "$OUT" "try connect_tcp $PORT: ok"

net_suite() {
	label=$1 base=$2 runner=$3
	$runner "$T_TMP/en_$base.polb" -- "$EK" tag "$T_TMP" connect_abstract "$NAME" connect_tcp "$PORT"
	assert_eq "$label: the helper ran to the end" 0 "$RC"
	expect "$label" "connect_abstract $NAME" ECONNREFUSED
	expect "$label" "connect_tcp $PORT" ECONNREFUSED
}
for base in default hardened host-ro; do
	net_suite "$base" "$base" enf
	net_suite "$base rootless" "$base" enf_user
done

host_listener_release

# hold_listener OUT PREFIX... NAME,PORT: a listener (started by PREFIX, empty
# for the host) holding @NAME and 127.0.0.1:PORT until fd 7 closes; waits
# until it said "listening" or failed. $HOLD is its pid.
hold_listener() {
	out=$1
	shift
	rm -f "$T_TMP/hold2"
	mkfifo "$T_TMP/hold2"
	"$@" <"$T_TMP/hold2" >"$out" 2>&1 &
	HOLD=$!
	exec 7>"$T_TMP/hold2"
	for _ in $(seq 200); do
		grep -q '^listening: \|^try listen' "$out" && break
		kill -0 "$HOLD" 2>/dev/null || break
		sleep 0.05
	done
}
release_listener() {
	exec 7>&-
	wait "$HOLD"
}

# Control: a port held on the host cannot be bound again there.
SQ=19301
hold_listener "$T_TMP/sq.host" "$EK" tag "$T_TMP" listen "sq-$$,$SQ"
assert_contains "control: the host holds 127.0.0.1:$SQ" "$(cat "$T_TMP/sq.host")" "listening: $SQ"
OUT=$("$EK" listen "sq2-$$,$SQ" </dev/null 2>&1)
assert_contains "control: a second bind of 127.0.0.1:$SQ on the host is refused" "$OUT" \
	"try listen sq2-$$,$SQ: blocked: Address already in use"
release_listener

# squat LABEL BASE RUNNER...: the container holds the port; the host can
# still bind it (and the abstract name).
squat() {
	label=$1 base=$2
	shift 2
	SQ=$((SQ + 1))
	hold_listener "$T_TMP/sq.in" "$@" "$ENFORCE" "$T_TMP/en_$base.polb" -- \
		"$EK" tag "$T_TMP" listen "sq-$$,$SQ"
	assert_contains "$label: the container binds 127.0.0.1:$SQ on its own loopback" \
		"$(cat "$T_TMP/sq.in")" "listening: $SQ"
	OUT=$("$EK" listen "sq-$$,$SQ" </dev/null 2>&1)
	assert_contains "$label: the host's 127.0.0.1:$SQ and @sq-$$ stay free (no squatting)" \
		"$OUT" "listening: $SQ"
	release_listener
}
for base in default hardened host-ro; do
	squat "$base" "$base"
	squat "$base rootless" "$base" setpriv --reuid "$T_USER" --regid "$T_USER" --clear-groups --
done
nothing_left escape_net
done_testing
