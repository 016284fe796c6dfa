# Shared by tests/systemd/t_*.sh: the units of examples/systemd/ and their
# behaviour, run directly (PID 1 here is not systemd): a test-made
# NOTIFY_SOCKET (notify_sink.py) stands for the service manager's, and
# systemd-socket-activate for a .socket unit. Ports 21510-21549 on
# loopback; sockets under /run/polc-systemd-test.$$ (removed at exit).
# tests/services/lib.sh: common.sh, the scratch directory, need_pkg, the
# services' data paths
. "$(dirname "$0")/../services/lib.sh"
PY=/usr/bin/python3
SINK_DIR=/run/polc-systemd-test.$$
trap 'sink_stop; rm -rf "$T_TMP" "$SINK_DIR"' EXIT
cd "$T_TMP" || exit 1

# npol NAME: policy text on stdin, built to $T_TMP/NAME.polb
npol() {
	cat >"$T_TMP/$1.pol"
	"$POLC" build -I "$T_TMP" -I "$TOP/policies" -I "$TOP/examples/services" "$T_TMP/$1.pol" \
		-o "$T_TMP/$1.polb" >"$T_TMP/$1.build" 2>&1 ||
		{ fail "build $1" "$(cat "$T_TMP/$1.build")"; return 1; }
	chmod 644 "$T_TMP/$1.polb"
}

# sink_start NAME: a NOTIFY_SOCKET at $SINK_DIR/NAME (or @NAME), its
# datagrams in $T_TMP/NAME.msgs; $NOTIFY is its address
SINK_PIDS=""
sink_start() {
	mkdir -p "$SINK_DIR"; chmod 755 "$SINK_DIR"
	case $1 in @*) NOTIFY=$1; out=$T_TMP/${1#@}.msgs ;; *) NOTIFY=$SINK_DIR/$1; out=$T_TMP/$1.msgs ;; esac
	: >"$out"
	"$PY" "$TOP/tests/systemd/notify_sink.py" "$NOTIFY" "$out" >"$out.ready" 2>&1 &
	SINK_PIDS="$SINK_PIDS $!"
	i=0; while ! grep -q ready "$out.ready" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
}
sink_stop() {
	for p in $SINK_PIDS; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
	SINK_PIDS=""
}

# sink_wait FILE PATTERN: until a line of FILE matches (at most 30 s: a
# hang, not a timing; the answer comes in well under a second)
sink_wait() {
	i=0
	while ! grep -q -- "$2" "$1" && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
	grep -q -- "$2" "$1"
}

# get PORT PATH: an HTTP GET's body, retried while the service comes up
get() {
	curl -sf -m 5 --retry 100 --retry-delay 0 --retry-all-errors --retry-max-time 30 \
		"http://127.0.0.1:$1$2"
}
