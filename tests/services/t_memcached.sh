#!/bin/bash
# memcached under examples/services/memcached.pol: a set and get from a
# client on the host through the published port; SIGUSR1, and the key
# still there after a restart (warm restart: the memory file and its
# .meta in the bound directory); SIGTERM, and the next run empty (the
# fast stop saves nothing: the control that the key came from the file);
# a memory file on the host's read-only tree and a shell refused; root
# and rootless.
. "$(dirname "$0")/lib.sh"
is_root || { skip "memcached" "needs root (packages, the data directory, $T_USER)"; exit 0; }
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
MC=(memcached -l 127.0.0.1 -p 11211 -U 0 -m 64 -e /srv/memcached/memory)
DATA=$SVC_ROOT/memcached
# mc_up: memcached answers through the published port
mc_up() {
	wait_tcp "$PY" -c "import socket; s=socket.create_connection(('127.0.0.1',$PORT)); s.sendall(b'version\r\n'); assert s.recv(100).startswith(b'VERSION')"
}
# after_stop: memcached takes a .meta from its own start's second for a
# clock gone back and refuses it, so the next run waits until the clock
# has passed the stop time the .meta records (a condition, not a timing)
after_stop() {
	local stop
	stop=$(sed -n 's/^Kstop_time //p' "$DATA/memory.meta")
	while [ "$(date +%s)" -le "${stop:-0}" ]; do sleep 0.2; done
}

for who in root user; do
	if [ $who = root ]; then owner=$((MAPPED + 11211)):$((MAPPED + 11211)); else owner=$T_USER:$T_USER; fi
	data_dir memcached "$owner"
	who_value=value-$who
	svc_start $who memcached "$T_TMP/mc-$who.log" "${MC[@]}"
	mc_up
	assert_eq "$who: set from the host through 127.0.0.1:$PORT" STORED "$(mc "set polc 0 0 ${#who_value}\r\n$who_value\r\n")"
	assert_eq "$who: get returns it" "VALUE polc 0 ${#who_value} $who_value END" "$(mc 'get polc\r\n')"
	svc_stop "$who memcached" 0 USR1
	check "$who: SIGUSR1 wrote the .meta into the bound directory" test -s "$DATA/memory.meta"
	if [ $who = root ]; then want=$((MAPPED + 11211)); else want=$(id -u $T_USER); fi
	assert_eq "$who: the memory file belongs to the container's uid 11211 on the host" "$want" "$(stat -c %u "$DATA/memory")"
	after_stop
	svc_start $who memcached "$T_TMP/mc-$who-2.log" "${MC[@]}"
	mc_up
	assert_eq "$who: after SIGUSR1 and a restart the key is still there" "VALUE polc 0 ${#who_value} $who_value END" "$(mc 'get polc\r\n')"
	svc_stop "$who memcached (restarted)" 0
	check "$who: SIGTERM wrote no .meta" test ! -e "$DATA/memory.meta"
	svc_start $who memcached "$T_TMP/mc-$who-3.log" "${MC[@]}"
	mc_up
	assert_eq "$who: after SIGTERM a new run starts with an empty cache" "END" "$(mc 'get polc\r\n')"
	svc_stop "$who memcached (after SIGTERM)" 0
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
data_clean memcached
done_testing
