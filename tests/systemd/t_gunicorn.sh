#!/bin/bash
# gunicorn.socket + gunicorn.service, their behaviour run directly:
# systemd-socket-activate listens on 127.0.0.1:21511 as gunicorn.socket
# does and execs the unit's ExecStart (enforce gunicorn-sd.polb -- gunicorn)
# at the first connection, with LISTEN_FDS/LISTEN_PID/LISTEN_FDNAMES and a
# test-made NOTIFY_SOCKET, as systemd would. The client is served through
# the passed socket (the container has no route and no published port);
# READY=1 and gunicorn's STATUS= reach the NOTIFY_SOCKET from enforce's own
# pid (what NotifyAccess=main accepts); SIGTERM is gunicorn's graceful
# stop (0); the note survives a restart; audit's bound holds.
. "$(dirname "$0")/lib.sh"
is_root || { skip "gunicorn under systemd" "needs root (the data directory)"; exit 0; }
need_pkg gunicorn || { fail "gunicorn installed" "$(tail -n 3 "$T_TMP/apt.log")"; exit 1; }
command -v systemd-socket-activate >/dev/null || { fail "systemd-socket-activate installed"; exit 1; }
PORT=21511
"$POLC" build -I "$TOP/policies" -I "$TOP/examples/services" "$TOP/examples/systemd/gunicorn-sd.pol" \
	-o "$T_TMP/gunicorn-sd.polb" >"$T_TMP/b.log" 2>&1 || { fail "gunicorn-sd.pol builds" "$(cat "$T_TMP/b.log")"; exit 1; }
pass "gunicorn-sd.pol builds"
"$POLC" audit -I "$TOP/policies" -I "$TOP/examples/services" "$TOP/examples/systemd/gunicorn-sd.pol" >"$T_TMP/a.log" 2>&1
score=$(sed -n 's/.*: exposure \([0-9]*\)\/100.*/\1/p' "$T_TMP/a.log")
if [ -n "$score" ] && [ "$score" -le 1 ]; then pass "gunicorn-sd.pol: polc audit exposure $score/100, at most 1"
else fail "gunicorn-sd.pol: polc audit exposure at most 1" "$(tail -n 2 "$T_TMP/a.log")"; fi
W=$SVC_ROOT/wsgi
rm -rf "$W"; mkdir -p "$W/app" "$W/data"; chmod 755 "$SVC_ROOT" "$W" "$W/app"
install -m 0644 "$TOP/examples/services/apps/notes_wsgi.py" "$W/app/"
chown $((MAPPED + 8001)):$((MAPPED + 8001)) "$W/data"; chmod 700 "$W/data"
CMD=$(sed -n 's|^ExecStart=[^ ]* [^ ]* -- ||p' "$TOP/examples/systemd/gunicorn.service")

start() { # LOG: the unit's start, as systemd would do it; $SA is enforce's pid
	NOTIFY_SOCKET=$NOTIFY systemd-socket-activate -l 127.0.0.1:$PORT --fdname=http -E NOTIFY_SOCKET \
		"$ENFORCE" -v "$T_TMP/gunicorn-sd.polb" -- $CMD >"$1" 2>&1 &
	SA=$!
}
stop() { # NAME: SIGTERM, as KillMode=mixed sends it to the main process
	kill -TERM "$SA"
	wait "$SA"
	assert_eq "$1: SIGTERM: gunicorn's graceful stop, exit 0" 0 "$?"
}

sink_start notify
start "$T_TMP/run1.log"
assert_contains "a client on the host is served through the passed socket" "$(get $PORT /)" "hello from wsgi"
check "READY=1 reaches the NOTIFY_SOCKET" sink_wait "$T_TMP/notify.msgs" "READY=1"
line=$(grep READY=1 "$T_TMP/notify.msgs" | head -n 1)
assert_contains "it comes from enforce's pid, the unit's main process (NotifyAccess=main)" "$line" "pid=$SA fds=0"
assert_contains "with gunicorn's STATUS=" "$line" "STATUS=Gunicorn arbiter booted"
LOG=$(cat "$T_TMP/run1.log")
# gunicorn's own default would be 127.0.0.1:8000 in its namespace: this
# address is the host's socket's, taken from LISTEN_FDS
assert_contains "gunicorn serves on the socket from LISTEN_FDS (no bind of its own)" "$LOG" "Listening at: http://127.0.0.1:$PORT (2)"
assert_contains "enforce passed the caller's fd 3 (-v)" "$LOG" "listen_fds: fd 3 (http) from the caller, passed in as fd 3"
assert_contains "inside: LISTEN_PID is gunicorn's pid in its namespace" "$LOG" "LISTEN_FDS=1 LISTEN_PID=2 LISTEN_FDNAMES=http"
assert_eq "POST /note through the socket" stored "$(curl -sf -m 5 --data-binary note-sd "http://127.0.0.1:$PORT/note")"
# ExecReload= (kill -HUP $MAINPID): enforce forwards it, gunicorn reloads
kill -HUP "$SA"
i=0; while ! grep -q "Handling signal: hup" "$T_TMP/run1.log" && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
assert_contains "ExecReload's SIGHUP reaches gunicorn through enforce" "$(cat "$T_TMP/run1.log")" "Handling signal: hup"
assert_eq "it still serves after the reload" note-sd "$(get $PORT /note)"
stop "first run"
sink_stop
sink_start notify2
start "$T_TMP/run2.log"
assert_eq "after a restart the note is still there" note-sd "$(get $PORT /note)"
check "READY=1 again after the restart" sink_wait "$T_TMP/notify2.msgs" "READY=1"
stop "restarted"
check "nothing listens on the port after the stop" sh -c "! ss -ltnH 'sport = :$PORT' | grep -q ."
rm -rf "${W:?}"; rmdir "$SVC_ROOT" 2>/dev/null
done_testing
