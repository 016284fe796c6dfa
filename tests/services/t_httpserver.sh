#!/bin/bash
# python3 -m http.server under examples/services/httpserver.pol: a page
# and a directory listing from the host through the published port,
# SIGTERM (http.server dies of it: 143, its normal stop), the site again
# after a restart, nothing written to the site, no shell, no connect out;
# root and rootless.
. "$(dirname "$0")/lib_http.sh"
is_root || { skip "http.server" "needs root (the site directory, $T_USER)"; exit 0; }
need_pkg python3 || { fail "python3 installed" "$(tail -n 3 "$T_TMP/apt.log")"; exit 1; }
PORT=21502
CHECK_OK="sensitive_bind_ro " svc_build httpserver || exit 1
svc_audit httpserver 1
HTTPD=(python3 -m http.server 8000 --bind 0.0.0.0 --directory /srv/www)
printf '<h1>polc</h1>\n' >"$T_TMP/index.html"
printf 'plain text\n' >"$T_TMP/notes.txt"

for who in root user; do
	app_dir www root:root "$T_TMP/index.html" "$T_TMP/notes.txt"
	svc_start $who httpserver "$T_TMP/h-$who.log" "${HTTPD[@]}"
	assert_eq "$who: GET /index.html from the host through 127.0.0.1:$PORT" "<h1>polc</h1>" "$(get $PORT /index.html)"
	assert_eq "$who: GET /notes.txt" "plain text" "$(get $PORT /notes.txt)"
	# a PUT/POST is not http.server's: 501, and nothing is written
	code=$(curl -s -o /dev/null -w '%{http_code}' -m 5 --data x "http://127.0.0.1:$PORT/new.txt")
	assert_eq "$who: POST is not served (501)" 501 "$code"
	svc_stop "$who http.server" 143
	assert_contains "$who: the log shows the requests" "$(cat "$T_TMP/h-$who.log")" '"GET /notes.txt HTTP/1.1" 200'
	svc_start $who httpserver "$T_TMP/h-$who-2.log" "${HTTPD[@]}"
	assert_eq "$who: after a restart the site is served again" "<h1>polc</h1>" "$(get $PORT /index.html)"
	svc_stop "$who http.server (restarted)" 143

	chmod 666 $SVC_ROOT/www/app/index.html # only the read-only bind stops a write
	out=$(as $who "$ENFORCE" "$T_TMP/httpserver.polb" -- python3 -c '
import os
for f in ("/srv/www/index.html", "/srv/www/new.html"):
    try:
        open(f, "a").close(); print("wrote", f)
    except OSError as e:
        print("refused", f, e.errno)
try:
    os.execv("/bin/sh", ["sh", "-c", "echo shell"])
except OSError as e:
    print("exec refused", e.errno)
' 2>/dev/null)
	assert_contains "$who: the site is read-only, even mode 0666 (EROFS)" "$out" "refused /srv/www/index.html 30"
	assert_contains "$who: no new file in the site" "$out" "refused /srv/www/new.html 30"
	assert_contains "$who: execve of a shell refused (Landlock execute)" "$out" "exec refused 13"
	check "$who: the site on the host unchanged" test ! -e $SVC_ROOT/www/app/new.html
	out=$(egress_probe $who httpserver 21509)
	assert_contains "$who: no connect to an address outside" "$out" "192.0.2.123 refused"
	check "$who: no pasta left" no_pasta $PORT
done
rm -rf "${SVC_ROOT:?}/www"; rmdir "$SVC_ROOT" 2>/dev/null
done_testing
