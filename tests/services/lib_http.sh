# Shared by the HTTP services' tests (t_gunicorn.sh, t_httpserver.sh,
# t_node.sh): lib.sh, and the host-side HTTP client. Ports 21500-21599.
. "$(dirname "$0")/lib.sh"

# get PORT PATH: the body of an HTTP GET from the host, retried while the
# service inside comes up (pasta accepts on the host port first)
get() {
	curl -sf -m 5 --retry 100 --retry-delay 0 --retry-all-errors --retry-max-time 30 \
		"http://127.0.0.1:$1$2"
}
# post PORT PATH DATA: the body of an HTTP POST
post() {
	curl -sf -m 5 --data-binary "$3" "http://127.0.0.1:$1$2"
}

# app_dir NAME OWNER FILE...: $SVC_ROOT/NAME/app holding FILEs (read-only
# to the service, root's) and an empty $SVC_ROOT/NAME/data owned by OWNER
app_dir() {
	name=$1 owner=$2; shift 2
	rm -rf "${SVC_ROOT:?}/$name"
	mkdir -p "$SVC_ROOT/$name/app" "$SVC_ROOT/$name/data"
	chmod 755 "$SVC_ROOT" "$SVC_ROOT/$name" "$SVC_ROOT/$name/app"
	cp "$@" "$SVC_ROOT/$name/app/"
	chmod 644 "$SVC_ROOT/$name/app/"*
	chown "$owner" "$SVC_ROOT/$name/data"
	chmod 0700 "$SVC_ROOT/$name/data"
}

# egress_probe WHO NAME: from inside the policy, a TCP connect to an
# address outside the container (192.0.2.123, TEST-NET-1, never sent to:
# the kernel refuses the connect before a packet leaves) and to the host's
# loopback service on PORT2; prints one word per try
egress_probe() {
	as "$1" "$ENFORCE" "$T_TMP/$2.polb" -- python3 -c '
import socket, sys
for host, port in (("192.0.2.123", 80), ("127.0.0.1", int(sys.argv[1]))):
    s = socket.socket()
    s.settimeout(3)
    try:
        s.connect((host, port)); print(host, "connected")
    except OSError as e:
        print(host, "refused", e.errno)
' "$3" 2>&1
}
