#!/bin/bash
# gunicorn (Debian's, 20.1) serving a WSGI app under
# examples/services/gunicorn.pol: GET and POST from the host through the
# published port, SIGTERM (gunicorn's graceful stop: exit 0), the notes
# again after a restart, no connect out of its namespace, no shell, its
# code read-only; root and rootless.
. "$(dirname "$0")/lib_http.sh"
is_root || { skip "gunicorn" "needs root (packages, the data directory, $T_USER)"; exit 0; }
need_pkg gunicorn || { fail "gunicorn installed" "$(tail -n 3 "$T_TMP/apt.log")"; exit 1; }
PORT=21501
CHECK_OK="sensitive_bind_ro " svc_build gunicorn || exit 1
svc_audit gunicorn 1
GUNICORN=(gunicorn --bind 0.0.0.0:8000 --workers 2 notes_wsgi:application)

for who in root user; do
	if [ $who = root ]; then owner=$((MAPPED + 8001)):$((MAPPED + 8001)); else owner=$T_USER:$T_USER; fi
	app_dir wsgi "$owner" "$TOP/examples/services/apps/notes_wsgi.py"
	svc_start $who gunicorn "$T_TMP/g-$who.log" "${GUNICORN[@]}"
	assert_contains "$who: GET / from the host through 127.0.0.1:$PORT" "$(get $PORT /)" "hello from wsgi"
	assert_eq "$who: POST /note stores a note" stored "$(post $PORT /note "note-$who")"
	assert_eq "$who: GET /note returns it" "note-$who" "$(get $PORT /note)"
	svc_stop "$who gunicorn" 0
	assert_contains "$who: gunicorn's graceful stop on SIGTERM" "$(cat "$T_TMP/g-$who.log")" "Shutting down: Master"
	if [ $who = root ]; then want=$((MAPPED + 8001)); else want=$(id -u $T_USER); fi
	assert_eq "$who: the notes file belongs to the container's uid 8001 on the host" "$want" \
		"$(stat -c %u $SVC_ROOT/wsgi/data/notes.txt)"
	svc_start $who gunicorn "$T_TMP/g-$who-2.log" "${GUNICORN[@]}"
	assert_eq "$who: after a restart the note is still there" "note-$who" "$(get $PORT /note)"
	svc_stop "$who gunicorn (restarted)" 0

	# Refusals, each under the same policy.
	out=$(egress_probe $who gunicorn 21509)
	assert_contains "$who: no connect to an address outside (EPERM in the kernel)" "$out" "192.0.2.123 refused"
	assert_contains "$who: no connect to the host's loopback" "$out" "127.0.0.1 refused"
	out=$(as $who "$ENFORCE" "$T_TMP/gunicorn.polb" -- /bin/sh -c 'echo ran' 2>&1)
	assert_eq "$who: a shell under gunicorn.pol is refused (126)" 126 "$?"
	# the code writable by anyone on the host: only the read-only bind stops it
	chmod 666 $SVC_ROOT/wsgi/app/notes_wsgi.py
	out=$(as $who "$ENFORCE" "$T_TMP/gunicorn.polb" -- python3 -c '
import os, subprocess
for f in ("/srv/app/notes_wsgi.py", "/etc/passwd", "/usr/bin/x"):
    try:
        open(f, "a").close(); print("wrote", f)
    except OSError as e:
        print("refused", f, e.errno)
try:
    subprocess.run(["/bin/sh", "-c", "true"]); print("exec ran")
except OSError as e:
    print("exec refused", e.errno)
print("other data", os.path.exists("/var/lib/polc-services/wsgi"))
' 2>/dev/null)
	assert_contains "$who: its code is read-only, even mode 0666 (EROFS)" "$out" "refused /srv/app/notes_wsgi.py 30"
	assert_contains "$who: the host's /etc is read-only" "$out" "refused /etc/passwd"
	assert_contains "$who: subprocess of a shell refused (Landlock execute)" "$out" "exec refused 13"
	assert_contains "$who: the services' data directory is masked" "$out" "other data False"
	check "$who: no pasta left" no_pasta $PORT
done
rm -rf "${SVC_ROOT:?}/wsgi"; rmdir "$SVC_ROOT" 2>/dev/null
done_testing
