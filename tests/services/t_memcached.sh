#!/bin/bash
# memcached under examples/services/memcached.pol: a set and get from a
# client on the host through the published port, SIGTERM, a second run
# starting empty (a cache keeps nothing: memcached.pol's header says why
# there is no warm restart), a memory file on the host and a shell
# refused; root and rootless.
. "$(dirname "$0")/lib.sh"
is_root || { skip "memcached" "needs root (packages, $T_USER)"; exit 0; }
need_pkg memcached || { fail "memcached installed" "$(tail -n 3 "$T_TMP/apt.log")"; exit 1; }
system_off memcached
PORT=21411
PY=/usr/bin/python3
CHECK_OK="sensitive_bind_ro " svc_build memcached || exit 1
svc_audit memcached 2
# mc REQUEST: send the text protocol request, print the reply until END,
# STORED, an error, or the peer closes
mc() {
	"$PY" - "$PORT" "$1" <<'PYEOF'
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=60)
s.sendall(sys.argv[2].encode().decode("unicode_escape").encode())
buf = b""
while not any(buf.endswith(t) for t in (b"END\r\n", b"STORED\r\n", b"ERROR\r\n")):
    chunk = s.recv(4096)
    if not chunk:
        break
    buf += chunk
print(buf.decode().replace("\r\n", " ").strip())
PYEOF
}
MC=(memcached -l 127.0.0.1 -p 11211 -U 0 -m 64)

for who in root user; do
	svc_start $who memcached "$T_TMP/mc-$who.log" "${MC[@]}"
	wait_tcp "$PY" -c "import socket; s=socket.create_connection(('127.0.0.1',$PORT)); s.sendall(b'version\r\n'); assert s.recv(100).startswith(b'VERSION')"
	assert_eq "$who: set from the host through 127.0.0.1:$PORT" STORED "$(mc 'set polc 0 0 6\r\nvalue1\r\n')"
	assert_eq "$who: get returns it" "VALUE polc 0 6 value1 END" "$(mc 'get polc\r\n')"
	svc_stop "$who memcached" 0
	svc_start $who memcached "$T_TMP/mc-$who-2.log" "${MC[@]}"
	wait_tcp "$PY" -c "import socket; s=socket.create_connection(('127.0.0.1',$PORT)); s.sendall(b'version\r\n'); assert s.recv(100).startswith(b'VERSION')"
	assert_eq "$who: a new run starts with an empty cache" "END" "$(mc 'get polc\r\n')"
	svc_stop "$who memcached (second run)" 0
	# refused: a memory file on the host (the root is read-only), and any
	# program but memcached (Landlock execute, 126 at execve)
	out=$(as $who "$ENFORCE" "$T_TMP/memcached.polb" -- memcached -p 11211 -U 0 -e /var/tmp/polc-mc 2>&1)
	rc=$?
	check "$who: memcached -e /var/tmp/... fails to start (exit $rc)" test "$rc" != 0
	assert_contains "$who: ... because the root is read-only" "$out" "Read-only file system"
	check "$who: nothing written to the host's /var/tmp" test ! -e /var/tmp/polc-mc
	out=$(as $who "$ENFORCE" "$T_TMP/memcached.polb" -- /bin/sh -c 'echo ran' 2>&1)
	rc=$?
	assert_eq "$who: a shell under memcached.pol is refused (126)" 126 "$rc"
	case $out in *ran*) fail "$who: the shell never ran" "$out" ;; *) pass "$who: the shell never ran" ;; esac
	check "$who: no pasta left" no_pasta $PORT
done
done_testing
