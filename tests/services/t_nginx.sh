#!/bin/bash
# nginx under examples/services/nginx.pol: a static file and a request
# through the reverse proxy to a backend on the host (a unix socket in
# the bound upstream/ directory), both fetched with curl from the host
# through the published port; SIGTERM; the access log kept across a
# restart; a WebDAV PUT into the site, a backend on the host's loopback
# and a shell refused; root and rootless.
. "$(dirname "$0")/lib.sh"
is_root || { skip "nginx" "needs root (packages, the data directory, $T_USER)"; exit 0; }
need_pkg nginx curl || { fail "nginx installed" "$(tail -n 3 "$T_TMP/apt.log")"; exit 1; }
system_off nginx
PORT=21480
PY=/usr/bin/python3
CHECK_OK="sensitive_bind_ro " svc_build nginx || exit 1
svc_audit nginx 2
get() { curl -s -m 60 --retry 40 --retry-delay 0 --retry-all-errors --retry-max-time 60 "http://127.0.0.1:$PORT$1"; }
code() { curl -s -m 60 -o /dev/null -w '%{http_code}' "$@"; }

# The host side of the policy: configuration, site, logs, sockets.
site() {
	D=$SVC_ROOT/nginx
	mkdir -p $D/etc $D/www/html $D/www/dav $D/log $D/upstream
	cp /etc/nginx/mime.types $D/etc/
	cat >$D/etc/nginx.conf <<'CONF'
worker_processes 2;
error_log /var/log/nginx/error.log notice;
events { worker_connections 64; }
http {
    include /etc/nginx/mime.types;
    access_log /var/log/nginx/access.log;
    server {
        listen 80;
        root /var/www/html;
        location /app/ { proxy_pass http://unix:/run/upstream/app.sock:/; }
        # a backend on the host's loopback (the test runs one): the
        # container's 127.0.0.1 is its own
        location /tcp/ { proxy_pass http://127.0.0.1:21481/; }
        location /dav/ { root /var/www; dav_methods PUT; }
    }
}
CONF
	echo "static page of polc" >$D/www/html/index.html
	chmod -R a+rX $D/etc $D/www
	chmod 0755 $D/upstream
}
BACKEND='
import http.server, os, socketserver, sys
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = ("backend saw %s\n" % self.path).encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *a):
        pass
path = sys.argv[1]
srv = socketserver.UnixStreamServer(path, H)
os.chmod(path, 0o666)
srv.serve_forever()
'
for who in root user; do
	data_clean nginx
	site
	if [ $who = root ]; then chown $((MAPPED + 33)):$((MAPPED + 33)) $SVC_ROOT/nginx/log; else chown $T_USER $SVC_ROOT/nginx/log; fi
	"$PY" -c "$BACKEND" $SVC_ROOT/nginx/upstream/app.sock &
	BACK=$!
	"$PY" -m http.server --bind 127.0.0.1 21481 >/dev/null 2>&1 &
	TCPBACK=$!
	wait_tcp curl -s -m 2 -o /dev/null http://127.0.0.1:21481/
	assert_eq "$who: control: the host reaches its own 127.0.0.1:21481" 200 "$(code http://127.0.0.1:21481/)"
	svc_start $who nginx "$T_TMP/nginx-$who.log" nginx -g 'daemon off;'
	assert_eq "$who: a static file from the host through 127.0.0.1:$PORT" "static page of polc" "$(get /index.html)"
	assert_eq "$who: through the reverse proxy to the backend's unix socket" "backend saw /run-$who" "$(get /app/run-$who)"
	assert_eq "$who: a WebDAV PUT into the read-only site fails (500)" 500 \
		"$(code -X PUT --data-binary pwned http://127.0.0.1:$PORT/dav/x.html)"
	check "$who: nothing written to the site" test ! -e $SVC_ROOT/nginx/www/dav/x.html
	assert_eq "$who: a backend on the host's loopback is unreachable through nginx (502)" 502 "$(code http://127.0.0.1:$PORT/tcp/)"
	# and refused at connect(2) by the policy's connect rule (Landlock's
	# TCP port rule: 80 only), not merely unanswered
	assert_contains "$who: ... refused at connect by the connect rule (EACCES in nginx's error log)" \
		"$(cat $SVC_ROOT/nginx/log/error.log)" "(13: Permission denied) while connecting to upstream"
	svc_stop "$who nginx" 0
	check "$who: the access log is in the bound directory" grep -q "GET /app/run-$who" $SVC_ROOT/nginx/log/access.log
	if [ $who = root ]; then want=$((MAPPED + 33)); else want=$(id -u $T_USER); fi
	assert_eq "$who: the log belongs to the container's uid 33 on the host" "$want" "$(stat -c %u $SVC_ROOT/nginx/log/access.log)"
	svc_start $who nginx "$T_TMP/nginx-$who-2.log" nginx -g 'daemon off;'
	assert_eq "$who: served again after a restart" "static page of polc" "$(get /index.html?again)"
	svc_stop "$who nginx (restarted)" 0
	log=$(cat $SVC_ROOT/nginx/log/access.log)
	assert_contains "$who: the first run's log lines survived the restart" "$log" "GET /app/run-$who"
	assert_contains "$who: ... and the second run's follow" "$log" "GET /index.html?again"
	kill "$BACK" "$TCPBACK"; wait "$BACK" "$TCPBACK" 2>/dev/null
	out=$(as $who "$ENFORCE" "$T_TMP/nginx.polb" -- /bin/sh -c 'echo ran' 2>&1)
	rc=$?
	assert_eq "$who: a shell under nginx.pol is refused (126)" 126 "$rc"
	case $out in *ran*) fail "$who: the shell never ran" "$out" ;; *) pass "$who: the shell never ran" ;; esac
	check "$who: no pasta left" no_pasta $PORT
done
[ -n "$KEEP" ] || data_clean nginx
done_testing
