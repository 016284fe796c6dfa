#!/bin/bash
# listen: systemd socket activation. enforce binds the socket on the
# host before the container exists and hands it in as fd 3 with
# LISTEN_FDS/LISTEN_PID/LISTEN_FDNAMES; the server has a network namespace
# with no route out (only its own lo) and still serves a host client. As
# root and rootless; every other fd above 2 is still closed.
. "$(dirname "$0")/lib.sh"
is_root || { skip "listen" "needs root to switch to $T_USER"; exit 0; }

npol la <<'EOF2' || exit 1
policy la
use host-ro
namespaces { unshare net }
network {
    listen tcp 127.0.0.1:18301 name web
    listen udp 127.0.0.1:18302
}
EOF2

# The server: reads fd 3 as systemd's sd_listen_fds would, says what it
# sees, serves one connection.
SERVER='
import os, socket
print("env", os.environ.get("LISTEN_FDS"), os.environ.get("LISTEN_PID"), os.getpid(),
      os.environ.get("LISTEN_FDNAMES"), flush=True)
fds = sorted(int(x) for x in os.listdir("/proc/self/fd"))
print("fds", " ".join(str(f) for f in fds[:-1]), flush=True)  # the last is listdir own
routes = [l.split()[1] for l in open("/proc/net/route").read().splitlines()[1:]]
print("routes", len(routes), flush=True)
s = socket.socket(fileno=3)
c, _ = s.accept()
c.sendall(b"served from fd 3\n")
c.close()
'
CLIENT='
import socket, time
for _ in range(200):
    try:
        s = socket.create_connection(("127.0.0.1", 18301), timeout=5)
        break
    except OSError:
        time.sleep(0.05)
print(s.recv(100).decode().strip())
'
for who in root user; do
	$(runas "$who") "$ENFORCE" -v "$T_TMP/la.polb" -- "$PY" -c "$SERVER" >"$T_TMP/$who.out" 2>"$T_TMP/$who.err" &
	pid=$!
	GOT=$("$PY" -c "$CLIENT" 2>&1)
	wait "$pid"
	RC=$?
	OUT=$(cat "$T_TMP/$who.out")
	assert_eq "$who: a host client is served by the socket-activated server" "served from fd 3" "$GOT"
	assert_eq "$who: the server ends normally" 0 "$RC"
	assert_contains "$who: LISTEN_FDS=2, LISTEN_PID is the command's pid inside (2 under init), names in order" \
		"$OUT" "env 2 2 2 web:udp-18302"
	assert_contains "$who: fds 0-4 only (the sockets at 3 and 4)" "$OUT" "fds 0 1 2 3 4"
	assert_contains "$who: no route out of its namespace" "$OUT" "routes 0"
	assert_contains "$who: -v names the sockets passed" "$(cat "$T_TMP/$who.err")" \
		"listen tcp 127.0.0.1:18301 name web: bound on the host, passed in as fd 3"
	check "$who: the host port is free again after the run" \
		"$PY" -c 'import socket; s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(("127.0.0.1", 18301)); s.listen()'
done

# Without listen rules nothing is passed (LISTEN_FDS from the caller is
# not taken for a socket either: the policy's env decides what passes).
npol none <<'EOF2' || exit 1
policy none
use host-ro
namespaces { unshare net }
EOF2
OUT=$("$ENFORCE" "$T_TMP/none.polb" -- /bin/sh -c 'ls /proc/self/fd | tr "\n" " "; echo "[$LISTEN_FDS]"' 2>&1)
assert_contains "no listen rules: no fd above 2, no LISTEN_FDS" "$OUT" "0 1 2 3 []"
done_testing
