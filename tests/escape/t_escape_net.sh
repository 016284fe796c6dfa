#!/bin/bash
# Escape probes: the host's local sockets that belong to its network
# namespace, from inside under policies/default.pol and
# policies/hardened.pol (both unshare net), as root and as the unprivileged
# test user (tests/bin/escape_kernel.c):
#   - an abstract unix socket the host listens on (containerd's shim API on
#     an abstract socket was CVE-2020-15257, reachable from containers that
#     shared the host's network namespace): ECONNREFUSED inside;
#   - a TCP listener on the host's 127.0.0.1: the container's lo is its
#     own: ECONNREFUSED inside.
# (A socket *file* under a bind mount is another matter: a read-only bind
# does not stop connect(2); see "Escape probes" in docs/enforce.md.)
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../integration/helpers.sh"
. "$(dirname "$0")/escape_lib.sh"
escape_setup

for base in default hardened; do
	pol "en_$base" <<EOF || exit 1
policy en_$base
use $base
filesystem {
    root / readonly
}
EOF
done

NAME=escape-probe-$$
# The host's listener (any free port) holds its sockets until its stdin, a
# pipe, closes.
mkfifo "$T_TMP/hold"
"$EK" tag "$T_TMP" listen "$NAME,0" <"$T_TMP/hold" >"$T_TMP/listener" 2>&1 &
listener=$!
exec 6>"$T_TMP/hold"
for _ in $(seq 200); do
	grep -q '^listening: \|^try listen' "$T_TMP/listener" && break
	sleep 0.05
done
PORT=$(sed -n 's/^listening: //p' "$T_TMP/listener")
if [ -z "$PORT" ]; then
	fail "control: the host listens on @$NAME and 127.0.0.1" "$(cat "$T_TMP/listener")"
	exec 6>&-
	wait "$listener"
	done_testing
	exit 1
fi

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
net_suite default default enf
net_suite hardened hardened enf
net_suite "default rootless" default enf_user
net_suite "hardened rootless" hardened enf_user

exec 6>&-
wait "$listener"
nothing_left escape_net
done_testing
