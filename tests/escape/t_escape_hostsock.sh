#!/bin/bash
# Escape probes: sockets the caller hands in, on fds 0-2 or as LISTEN_FDS.
# A socket keeps the network namespace it was made in, so under a policy
# with a network of its own (default.pol, hardened.pol: `unshare net`) a
# socket of the host's was a way back into the host's network:
#   - a TCP connection on stdin (inetd, systemd's --inetd/Accept=yes):
#     connect(AF_UNSPEC) disconnects it, and it then connects to the
#     host's 127.0.0.1 (was: "try reconnect_tcp 0,PORT: ok" inside);
#   - an unconnected TCP or unix socket, a UDP socket, a unix datagram
#     pair, a netlink socket on stdin: each reaches the host's network
#     (an unconnected unix socket, the host's abstract names);
#   - a TCP connection passed as LISTEN_FDS under `listen_fds pass`;
#   - a `listen tcp` socket disconnected and reconnected (the kernel
#     refuses: EINVAL, here and in the control).
# Now a TCP connection on fds 0-2 is relayed through a pipe, as a file is
# (the bytes still flow both ways: an inetd-style echo answers), a
# connected or listening unix stream is passed as it is, every other
# socket is refused (125, one line naming the fd and what it is), and
# `listen_fds pass` takes only listening and UDP sockets or a unix stream.
# With the host's network (`share net`) a socket is passed as it is; with
# a connect rule too, a TCP connection is relayed (the egress BPF judges
# only sockets made in the container's cgroup). As root and as the
# unprivileged test user. Each attack has a host control.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../integration/helpers.sh"
. "$(dirname "$0")/escape_lib.sh"
escape_setup
PY=/usr/bin/python3

escape_host_view hs
view='filesystem {
    root / readonly
    tmpfs /tmp size=8M mode=1777
}'
pol hs_sharenet <<EOF || exit 1
policy hs_sharenet
use hardened
namespaces { share net }
$view
EOF
pol hs_egress <<EOF || exit 1
policy hs_egress
use hardened
namespaces { share net }
network { connect tcp 192.0.2.0/24 443 }
$view
EOF
LPORT=19390
pol hs_listen <<EOF || exit 1
policy hs_listen
use hardened
network { listen tcp 127.0.0.1:$LPORT }
$view
EOF
pol hs_pass <<EOF || exit 1
policy hs_pass
use hardened
process { listen_fds pass }
$view
EOF

# sock.py FDS KIND CMD...: CMD with a socket of KIND on each fd of FDS
# ("0", "01", "3"); what CMD writes to a socket whose other end we hold
# is printed, and sock.py exits with CMD's status. KIND: tcp (connected
# to the host's listener), tcp-pair (a TCP connection whose other end
# sends "hello" and reads the answer), tcp-unconnected, udp, unix-dgram
# (a pair), unix-unconnected, unix-stream (a pair), netlink, tcp-listen.
# With fd 3, LISTEN_FDS=1 and LISTEN_PID=CMD's pid.
cat >"$T_TMP/sock.py" <<'PY'
import os, socket, sys
fds = [int(c) for c in sys.argv[1]]
kind, cmd = sys.argv[2], sys.argv[3:]
port = int(os.environ.get("HS_PORT", "0"))
peer = talk = None
if kind == "tcp":
    s = socket.create_connection(("127.0.0.1", port))
elif kind == "tcp-pair":
    l = socket.socket(); l.bind(("127.0.0.1", 0)); l.listen()
    talk = socket.create_connection(l.getsockname()); s, _ = l.accept(); l.close()
elif kind == "tcp-listen":
    s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen()
elif kind == "tcp-unconnected":
    s = socket.socket()
elif kind == "udp":
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
elif kind == "unix-dgram":
    s, peer = socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)
elif kind == "unix-unconnected":
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
elif kind == "unix-stream":
    s, peer = socket.socketpair()
elif kind == "netlink":
    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0)
saved = {fd: os.dup(fd) for fd in fds if fd < 3}
for fd in fds:
    os.dup2(s.fileno(), fd)
    os.set_inheritable(fd, True)
pid = os.fork()
if pid == 0:
    if peer: peer.close()
    if talk: talk.close()
    if 3 in fds:
        os.environ.update(LISTEN_FDS="1", LISTEN_PID=str(os.getpid()))
    os.execvp(cmd[0], cmd)
for fd, old in saved.items():
    os.dup2(old, fd)
for fd in fds:
    if fd >= 3 and fd != s.fileno(): os.close(fd)
s.close()
data = b""
try:
    if talk:
        talk.sendall(b"hello\n"); talk.shutdown(socket.SHUT_WR)
    if talk or kind == "unix-stream":
        r = talk or peer
        r.settimeout(60) # a build that hands the socket over must fail, not hang
        while True:
            b = r.recv(65536)
            if not b: break
            data += b
except OSError:
    pass # the run was refused: nobody answers
_, st = os.waitpid(pid, 0)
sys.stdout.write(data.decode(errors="replace"))
sys.exit(os.waitstatus_to_exitcode(st))
PY
chmod 644 "$T_TMP/sock.py"

# The host's listener: @NAME and 127.0.0.1:$HS_PORT
NAME=hostsock-probe-$$
host_listener "$NAME"
HS_PORT=$PORT
export HS_PORT
ENOTSOCK="blocked: Socket operation on non-socket"
# (the tries' lines go to stderr: where the socket is the host's, the
# first try takes fd 1 away too)
ANSWER='read line; echo "got $line"; exec "$0" tag "$1" reconnect_tcp 0,$2 reconnect_tcp 1,$2 >&2'

# sock USER FDS KIND CMD...: sock.py as root or as the test user; $OUT, $ERR, $RC.
sock() {
	who=$1
	shift
	if [ "$who" = user ]; then
		OUT=$(as_user "$PY" "$T_TMP/sock.py" "$@" 2>"$T_TMP/stderr")
	else
		OUT=$("$PY" "$T_TMP/sock.py" "$@" 2>"$T_TMP/stderr")
	fi
	RC=$?
	ERR=$(cat "$T_TMP/stderr")
}
# refused LABEL KIND WHAT: that socket on stdin stops the run before the command.
refused() {
	assert_eq "$1: $2 on stdin: refused (125)" 125 "$RC"
	assert_eq "$1: $2 on stdin: one line" 1 "$(printf '%s\n' "$ERR" | grep -c .)"
	assert_contains "$1: $2 on stdin: it names fd 0 and what it is" "$ERR" \
		"enforce: stdio: fd 0 (stdin) is $3 socket:["
	case $OUT in *try*) fail "$1: $2 on stdin: the command never ran" "$OUT" ;;
	*) pass "$1: $2 on stdin: the command never ran" ;; esac
}

# Controls, on the host.
sock root 0 tcp "$EK" reconnect_tcp "0,$HS_PORT"
assert_contains "control: a TCP connection on stdin reconnects to 127.0.0.1:$HS_PORT outside" \
	"$OUT" "try reconnect_tcp 0,$HS_PORT: ok"
sock root 0 unix-unconnected "$EK" unix_abstract "0,$NAME"
assert_contains "control: an unconnected unix socket on stdin reaches @$NAME outside" \
	"$OUT" "try unix_abstract 0,$NAME: ok"
sock root 01 tcp-pair /bin/sh -c "$ANSWER" "$EK" "$T_TMP" "$HS_PORT"
assert_eq "control: an inetd-style connection answers outside" "got hello" "$OUT"
assert_contains "control: ... and reconnects to 127.0.0.1:$HS_PORT" "$ERR" "try reconnect_tcp 0,$HS_PORT: ok"

suite() {
	label=$1 base=$2 who=$3
	B=$T_TMP/hs_$base.polb
	sock "$who" 0 tcp "$ENFORCE" "$B" -- "$EK" tag "$T_TMP" reconnect_tcp "0,$HS_PORT"
	assert_eq "$label: TCP connection on stdin: the command ran" 0 "$RC"
	assert_contains "$label: TCP connection on stdin: no way back to the host's 127.0.0.1 (a pipe)" \
		"$OUT" "try reconnect_tcp 0,$HS_PORT: $ENOTSOCK"

	sock "$who" 01 tcp-pair "$ENFORCE" "$B" -- /bin/sh -c "$ANSWER" "$EK" "$T_TMP" "$HS_PORT"
	assert_eq "$label: inetd-style: the command ran" 0 "$RC"
	assert_eq "$label: inetd-style: relayed both ways" "got hello" "$OUT"
	assert_eq "$label: inetd-style: neither fd reconnects (pipes)" \
		"try reconnect_tcp 0,$HS_PORT: $ENOTSOCK|try reconnect_tcp 1,$HS_PORT: $ENOTSOCK" \
		"$(printf '%s\n' "$ERR" | grep '^try' | paste -sd'|')"

	sock "$who" 0 tcp-unconnected "$ENFORCE" "$B" -- "$EK" tag "$T_TMP" reconnect_tcp "0,$HS_PORT"
	refused "$label" "an unconnected TCP socket" "an unconnected IPv4 stream socket"
	sock "$who" 0 udp "$ENFORCE" "$B" -- "$EK" tag "$T_TMP" reconnect_tcp "0,$HS_PORT"
	refused "$label" "a UDP socket" "an unconnected IPv4 datagram socket"
	sock "$who" 0 unix-unconnected "$ENFORCE" "$B" -- "$EK" tag "$T_TMP" unix_abstract "0,$NAME"
	refused "$label" "an unconnected unix socket" "an unconnected unix stream socket"
	sock "$who" 0 unix-dgram "$ENFORCE" "$B" -- "$EK" tag "$T_TMP" unix_abstract "0,$NAME"
	refused "$label" "a unix datagram pair" "a connected unix datagram socket"
	sock "$who" 0 netlink "$ENFORCE" "$B" -- "$EK" tag "$T_TMP" unix_abstract "0,$NAME"
	refused "$label" "a netlink socket" "a connected netlink raw socket"

	sock "$who" 1 unix-stream "$ENFORCE" "$B" -- /bin/sh -c 'readlink /proc/self/fd/1; echo through'
	assert_eq "$label: a unix stream pair on stdout: passed as it is, the output arrives" \
		"0 socket:|through" "$RC $(printf '%s\n' "$OUT" | sed 's/\[.*//' | paste -sd'|')"
}
for who in root user; do
	for base in default hardened; do
		suite "$who, $base" "$base" "$who"
	done

	# listen_fds pass: what a `listen` rule would hand in, nothing more
	sock "$who" 3 tcp-pair "$ENFORCE" "$T_TMP/hs_pass.polb" -- "$EK" tag "$T_TMP" reconnect_tcp "3,$HS_PORT"
	assert_eq "$who: a TCP connection as LISTEN_FDS (Accept=yes): refused (125)" 125 "$RC"
	assert_contains "$who: ... with one line naming it" "$ERR" \
		"enforce: listen_fds: fd 3 of LISTEN_FDS=1 is a connected IPv4 stream socket: refused"
	sock "$who" 3 tcp-listen "$ENFORCE" "$T_TMP/hs_pass.polb" -- /bin/sh -c 'echo "$LISTEN_FDS $(readlink /proc/self/fd/3)"'
	assert_eq "$who: a listening socket as LISTEN_FDS: passed" "0 1 socket:" "$RC $(printf %s "$OUT" | sed 's/\[.*//')"
done

# A `listen tcp` socket is the host's too: disconnected, it does not
# connect anew (the kernel: EINVAL for a socket that listened; a kernel
# that allowed it would fail here, as it should).
sock root 3 tcp-listen "$EK" reconnect_tcp "3,$HS_PORT"
assert_contains "control: a listening socket that is disconnected does not reconnect outside either" \
	"$OUT" "try reconnect_tcp 3,$HS_PORT: blocked: Invalid argument"
enf "$T_TMP/hs_listen.polb" -- "$EK" tag "$T_TMP" reconnect_tcp "3,$HS_PORT"
assert_eq "listen tcp: the command ran" 0 "$RC"
assert_contains "listen tcp: the handed-in socket does not reconnect to the host's 127.0.0.1" \
	"$OUT" "try reconnect_tcp 3,$HS_PORT: blocked: Invalid argument"

# The host's network: nothing to widen, the socket passed; with a connect
# rule, whose BPF does not judge the host's socket, relayed.
sock root 0 tcp "$ENFORCE" "$T_TMP/hs_sharenet.polb" -- /bin/sh -c 'readlink /proc/self/fd/0'
assert_eq "share net: a TCP connection on stdin is passed as it is" "0 socket:" "$RC $(printf %s "$OUT" | sed 's/\[.*//')"
sock root 0 tcp "$ENFORCE" "$T_TMP/hs_egress.polb" -- "$EK" tag "$T_TMP" reconnect_tcp "0,$HS_PORT"
assert_contains "share net with a connect rule: a TCP connection on stdin is relayed" \
	"$OUT" "try reconnect_tcp 0,$HS_PORT: $ENOTSOCK"

host_listener_release
nothing_left "hostsock"
done_testing
