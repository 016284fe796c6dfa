#!/bin/bash
# Attacks on the network section, each with a host control showing the
# same action works outside:
#   - host loopback services that are not published: the container's
#     127.0.0.1 is its own (pasta runs with -T none -U none, so nothing on
#     the host's ports is forwarded in), and the gateway address is not
#     mapped to the host's loopback (--no-map-gw; shown on the command
#     line: reaching the gateway would send packets off this machine);
#   - squatting: a port the container binds is not taken on the host;
#   - pasta itself: not visible from the container's pid namespace, no
#     signal reaches it;
#   - egress bypasses: a connected UDP socket, an IPv4-mapped address on
#     an IPv6 UDP socket, an ICMP socket.
. "$(dirname "$0")/lib.sh"
is_root || { skip "attack" "needs root to switch to $T_USER"; exit 0; }

npol pub <<'EOF2' || exit 1
policy pub
use host-ro
namespaces { unshare net }
network {
    publish tcp 127.0.0.1:18611 8000
}
EOF2

mkfifo "$T_TMP/hold"
"$PY" -c '
import socket, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", 18612)); s.listen()
print("up", flush=True); sys.stdin.read()' <"$T_TMP/hold" >"$T_TMP/srv" &
srv=$!
exec 7>"$T_TMP/hold"
for _ in $(seq 100); do grep -q up "$T_TMP/srv" && break; sleep 0.05; done

PROBE='
import socket, os, sys, errno, time
def tcp(a, p):
    s = socket.socket(); s.settimeout(3)
    try:
        s.connect((a, p)); return "ok"
    except OSError as e:
        return errno.errorcode.get(e.errno, str(e))
print("host-loopback", tcp("127.0.0.1", 18612), flush=True)
# squat: bind and hold ports the host may want
held = []
for p in (18613, 18614):
    s = socket.socket(); s.bind(("0.0.0.0" if p == 18614 else "127.0.0.1", p)); s.listen(); held.append(s)
print("bound", flush=True)
pasta = int(sys.stdin.readline() or 0)  # the test writes the host pid of pasta
try:
    os.kill(pasta, 0); print("pasta signal ok", flush=True)
except OSError as e:
    print("pasta signal", errno.errorcode[e.errno], flush=True)
print("pasta proc", os.path.exists("/proc/%d" % pasta), flush=True)
'
HOST=$("$PY" -c "$PROBE" 2>&1 | head -1)
assert_contains "control: the host reaches its own 127.0.0.1:18612" "$HOST" "host-loopback ok"

for who in root user; do
	rm -f "$T_TMP/in"
	mkfifo "$T_TMP/in"
	$(runas "$who") "$ENFORCE" -v "$T_TMP/pub.polb" -- "$PY" -c "$PROBE" <"$T_TMP/in" >"$T_TMP/$who.out" 2>"$T_TMP/$who.err" &
	pid=$!
	exec 8>"$T_TMP/in"
	for _ in $(seq 100); do grep -q "pasta [0-9]* ready" "$T_TMP/$who.err" && break; sleep 0.05; done
	pasta=$(sed -n 's/^enforce: network: pasta \([0-9]*\) ready/\1/p' "$T_TMP/$who.err")
	check "$who: control: the host signals pasta (pid $pasta)" kill -0 "${pasta:-0}"
	for _ in $(seq 100); do grep -q bound "$T_TMP/$who.out" && break; sleep 0.05; done
	OUT=$(cat "$T_TMP/$who.out")
	assert_contains "$who: the host's unpublished 127.0.0.1:18612 is out of reach" "$OUT" "host-loopback ECONNREFUSED"
	check "$who: a port bound inside (127.0.0.1:18613) is still free on the host" \
		"$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 18613)); s.listen()'
	check "$who: a port bound inside on 0.0.0.0:18614 is still free on the host" \
		"$PY" -c 'import socket; s=socket.socket(); s.bind(("0.0.0.0", 18614)); s.listen()'
	echo "${pasta:-1}" >&8
	exec 8>&-
	wait "$pid"
	OUT=$(cat "$T_TMP/$who.out")
	assert_contains "$who: no signal reaches pasta from inside" "$OUT" "pasta signal ESRCH"
	assert_contains "$who: pasta is not in the container's /proc" "$OUT" "pasta proc False"
	assert_contains "$who: the gateway is not the host's loopback (--no-map-gw), no reverse forwarding (-T none -U none)" \
		"$(cat "$T_TMP/$who.err")" "--no-map-gw -t 127.0.0.1/18611:8000 -u none -T none -U none"
done
check "control: the host cannot bind a port another host socket holds" \
	sh -c "! $PY -c 'import socket; s=socket.socket(); s.bind((\"127.0.0.1\", 18612))' 2>/dev/null"

# Egress bypasses, root (BPF programs in place).
npol eg <<'EOF2' || exit 1
policy eg
use host-ro
namespaces { share net }  # the host's loopback servers
network {
    connect udp 127.0.0.1 18615
}
EOF2
BYPASS='
import socket, errno
def run(f):
    try:
        f(); return "ok"
    except OSError as e:
        return errno.errorcode.get(e.errno, str(e))
def udp_connect():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.connect(("127.0.0.2", 18615)); s.send(b"x")
def udp6_mapped():
    s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM); s.sendto(b"x", ("::ffff:127.0.0.2", 18615))
def udp6_mapped_ok():
    s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM); s.sendto(b"x", ("::ffff:127.0.0.1", 18615))
def icmp():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM, socket.IPPROTO_ICMP); s.connect(("127.0.0.2", 0))
print("udp-connect", run(udp_connect))
print("udp6-mapped", run(udp6_mapped))
print("udp6-mapped-allowed", run(udp6_mapped_ok))
print("icmp", run(icmp))
'
HOST=$("$PY" -c "$BYPASS" 2>&1)
assert_contains "control: the host connects a UDP socket to 127.0.0.2" "$HOST" "udp-connect ok"
assert_contains "control: the host sends to ::ffff:127.0.0.2" "$HOST" "udp6-mapped ok"
OUT=$("$ENFORCE" "$T_TMP/eg.polb" -- "$PY" -c "$BYPASS" 2>&1)
assert_contains "egress: a connected UDP socket to an address not listed is refused" "$OUT" "udp-connect EPERM"
assert_contains "egress: an IPv4-mapped address on an IPv6 UDP socket is refused" "$OUT" "udp6-mapped EPERM"
assert_contains "egress: the listed address, IPv4-mapped, is allowed" "$OUT" "udp6-mapped-allowed ok"
check "egress: an ICMP socket does not get through" sh -c "printf '%s' '$OUT' | grep -q 'icmp E'"
exec 7>&-
wait "$srv"
done_testing
