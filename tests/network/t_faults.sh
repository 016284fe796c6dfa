#!/bin/bash
# What stops a run with a network section: pasta missing (a PATH without
# it), a published port already in use, an address the host does not have
# (publish and listen), a listen port in use. Each: exit 125, one line
# naming what failed or what to install, the command never ran, and
# nothing left behind (no pasta, no cgroup leaf, no BPF program).
. "$(dirname "$0")/lib.sh"
is_root || { skip "faults" "needs root to switch to $T_USER"; exit 0; }

# fault NAME BLOB EXPECTED_LINE [env...]: run, check status, line, no RAN
fault() {
	what=$1 blob=$2 line=$3
	shift 3
	before=$(sock_addr_progs)
	for who in root user; do
		$(runas "$who") env "$@" "$ENFORCE" "$T_TMP/$blob.polb" -- /bin/echo RAN >"$T_TMP/out" 2>&1 &
		pid=$!
		wait "$pid"
		RC=$?
		OUT=$(cat "$T_TMP/out")
		check "$who: $what: no cgroup leaf of this run left" no_leaf "$pid"
		assert_eq "$who: $what: exit 125" 125 "$RC"
		assert_contains "$who: $what: one clear line" "$OUT" "$line"
		check "$who: $what: the command never ran" sh -c "! printf '%s\n' '$OUT' | grep -qx RAN"
		assert_eq "$who: $what: one line only" 1 "$(printf '%s\n' "$OUT" | grep -vc '^enforce: warning: ')"
	done
	check "$what: no pasta left" no_pasta 185
	assert_eq "$what: no sock_addr program left" "$before" "$(sock_addr_progs)"
}

npol pub <<'EOF2' || exit 1
policy pub
use host-ro
namespaces { unshare net }
network {
    publish tcp 127.0.0.1:18501 80
}
EOF2
# a PATH with what the test needs but not pasta
mkdir -p "$T_TMP/bin" && ln -s /bin/echo "$T_TMP/bin/echo"
fault "pasta missing" pub "enforce: network: publish needs pasta, which is not on PATH (install the Debian package passt)" PATH="$T_TMP/bin"

# the port is in use on the host
mkfifo "$T_TMP/h1"
"$PY" -c '
import socket, sys
s = socket.socket(); s.bind(("127.0.0.1", 18501)); s.listen()
print("up", flush=True); sys.stdin.read()' <"$T_TMP/h1" >"$T_TMP/s1" &
holder=$!
exec 7>"$T_TMP/h1"
for _ in $(seq 100); do grep -q up "$T_TMP/s1" && break; sleep 0.05; done
fault "published port in use" pub "enforce: network: pasta failed (exit 1): Failed to bind any port for '-t 127.0.0.1/18501:80'"

npol lis <<'EOF2' || exit 1
policy lis
use host-ro
namespaces { unshare net }
network {
    listen tcp 127.0.0.1:18501
}
EOF2
fault "listen port in use" lis "enforce: network: listen tcp 127.0.0.1:18501 name tcp-18501: Address already in use"
exec 7>&-
wait "$holder"

# An address this machine does not have (TEST-NET-1; bound only, never
# sent to).
npol noaddr <<'EOF2' || exit 1
policy noaddr
use host-ro
namespaces { unshare net }
network {
    publish tcp 192.0.2.123:18502 80
}
EOF2
fault "publish on an address the host lacks" noaddr "enforce: network: pasta failed (exit 1): Failed to bind any port for '-t 192.0.2.123/18502:80'"
npol lnoaddr <<'EOF2' || exit 1
policy lnoaddr
use host-ro
namespaces { unshare net }
network {
    listen tcp 192.0.2.123:18503
}
EOF2
fault "listen on an address the host lacks" lnoaddr "listen tcp 192.0.2.123:18503 name tcp-18503: Cannot assign requested address"

# polc refuses what cannot work at all
cat >"$T_TMP/bad.pol" <<'EOF2'
policy bad
use host-ro
namespaces { share net }  # publish needs its own: an error
network {
    publish tcp 127.0.0.1:18504 80
    connect tcp 10.0.0.1/8 22
    publish tcp 127.0.0.1:18504 81
    listen tcp 18505
    connect udp ::1 port
}
EOF2
OUT=$("$POLC" check "$T_TMP/bad.pol" 2>&1)
RC=$?
assert_eq "polc check: the bad network section is an error" 1 "$RC"
assert_contains "polc: publish needs its own network namespace" "$OUT" "publish needs a network namespace of the container's own"
assert_contains "polc: host bits past the prefix" "$OUT" "'10.0.0.1/8' has host bits set past /8"
assert_contains "polc: one host port twice" "$OUT" "the host port is used twice"
assert_contains "polc: listen needs an address" "$OUT" "expected ADDRESS:PORT"
assert_contains "polc: a port that is not one" "$OUT" "'port' is not a port"
done_testing
