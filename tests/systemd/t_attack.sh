#!/bin/bash
# Attacks on the two surfaces examples/systemd/ adds, written as a hostile
# service (or a hostile caller) would try them, each with a control that
# shows the try works where the wall is absent:
# - notify relay: the container sends what sd_notify(3) must not carry
#   through enforce (MAINPID=, FDSTORE= with an fd, NOTIFYACCESS=,
#   WATCHDOG_USEC=, a line with a control byte, an oversized datagram), and
#   reaches for the service manager's socket itself (its path, an abstract
#   name of the host); a flood does not stall the supervisor.
# - listen_fds pass: other fds of the caller, LISTEN_PID of another
#   process, LISTEN_FDS claiming more than there is, a file posing as a
#   socket, a bad LISTEN_FDNAMES; a policy without `listen_fds pass` gets
#   nothing; `notify relay` without a network namespace of its own.
. "$(dirname "$0")/lib.sh"
is_root || { skip "systemd attacks" "needs root (sockets under /run)"; exit 0; }
command -v systemd-socket-activate >/dev/null || { fail "systemd-socket-activate installed"; exit 1; }

npol sd <<'EOF2' || exit 1
policy sd
use hardened
process {
    user 1000 1000
    env PATH=/usr/bin:/bin
    notify relay
    listen_fds pass
}
filesystem {
    root / readonly
    tmpfs /run size=1M mode=0755
}
EOF2
# the same without /run hidden: the host's socket files are in view
npol sdrun <<'EOF2' || exit 1
policy sdrun
use hardened
process {
    user 1000 1000
    env PATH=/usr/bin:/bin
    notify relay
}
filesystem {
    root / readonly
}
EOF2
npol plain <<'EOF2' || exit 1
policy plain
use hardened
process { user 1000 1000 }
filesystem { root / readonly }
EOF2

# ---- notify relay ------------------------------------------------------
sink_start notify
HOSTNOTIFY=$NOTIFY
sink_start @polc-systemd-test-$$
ABSTRACT=$NOTIFY
NOTIFY=$HOSTNOTIFY
HOSTILE='
import array, os, socket, sys
addr = os.environ["NOTIFY_SOCKET"]
print("inside NOTIFY_SOCKET", addr, flush=True)
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
to = "\0" + addr[1:]
def send(b, fds=()):
    anc = [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", fds))] if fds else []
    s.sendmsg([b], anc, 0, to)
send(b"MAINPID=1\nSTATUS=one\nNOTIFYACCESS=all\nWATCHDOG_USEC=1\nX_EVIL=1\nERRNO=abc")
r, w = os.pipe()
send(b"FDSTORE=1\nFDNAME=stolen\nSTATUS=with-fd", [r])
send(b"STATUS=bell\x07here\nSTATUS=two")
send(b"STATUS=" + b"x" * 5000)
for i in range(20000):
    try:
        s.sendmsg([b"STATUS=flood"], [], socket.MSG_DONTWAIT, to)
    except BlockingIOError:
        pass
send(b"READY=1\nSTATUS=last")
for name, a in (("path", sys.argv[1]), ("abstract", "\0" + sys.argv[2][1:])):
    t = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    try:
        t.sendto(b"READY=1\nMAINPID=1\nSTATUS=direct-" + name.encode(), a)
        print("direct", name, "sent", flush=True)
    except OSError as e:
        print("direct", name, "refused", e.errno, flush=True)
'
# control: from the host both of the manager's sockets take a datagram
"$PY" -c '
import socket, sys
for a in (sys.argv[1], "\0" + sys.argv[2][1:]):
    socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM).sendto(b"STATUS=control", a)
' "$HOSTNOTIFY" "$ABSTRACT"
check "control: the host reaches the path socket" sink_wait "$T_TMP/notify.msgs" "STATUS=control"
check "control: the host reaches the abstract socket" sink_wait "$T_TMP/polc-systemd-test-$$.msgs" "STATUS=control"

NOTIFY_SOCKET=$HOSTNOTIFY "$ENFORCE" "$T_TMP/sd.polb" -- python3 -c "$HOSTILE" "$HOSTNOTIFY" "$ABSTRACT" >"$T_TMP/h.out" 2>&1 &
EPID=$!
wait $EPID
RC=$?
OUT=$(cat "$T_TMP/h.out")
assert_eq "the hostile sender ends normally: the supervisor was not stalled" 0 "$RC"
assert_contains "inside, NOTIFY_SOCKET is the relay's abstract name" "$OUT" "inside NOTIFY_SOCKET @enforce-notify"
check "the relay passes READY=1 on" sink_wait "$T_TMP/notify.msgs" "READY=1|STATUS=last"
MSGS=$(grep -v control "$T_TMP/notify.msgs")
for bad in MAINPID= NOTIFYACCESS= WATCHDOG_USEC= X_EVIL= ERRNO=abc FDSTORE= FDNAME= STATUS=with-fd bell xxxxxxxxxx direct-; do
	case $MSGS in *"$bad"*) fail "never relayed: $bad" "$(printf %s "$MSGS" | grep -m1 -- "$bad" | head -c 200)" ;;
	*) pass "never relayed: $bad" ;; esac
done
assert_contains "the allowed lines of a mixed datagram are relayed" "$MSGS" "STATUS=one|"
assert_contains "a line with a control byte is dropped, its neighbour kept" "$MSGS" "STATUS=two|"
assert_eq "no fd ever reaches the service manager" "" "$(grep -v ' fds=0 ' "$T_TMP/notify.msgs")"
assert_eq "every relayed datagram comes from enforce, the main process" "" \
	"$(grep -v control "$T_TMP/notify.msgs" | grep -v "^pid=$EPID " | head -n 3)"
assert_contains "the host's socket path is not in the container's view (/run is its own)" "$OUT" "direct path refused 2"
assert_contains "the host's abstract socket is out of reach (another network namespace)" "$OUT" "direct abstract refused 111"
# without the /run tmpfs the path is in view and a read-only bind does not
# stop a send: the policy must hide it (docs/systemd.md says so)
OUT=$(NOTIFY_SOCKET=$HOSTNOTIFY "$ENFORCE" "$T_TMP/sdrun.polb" -- python3 -c "$HOSTILE" "$HOSTNOTIFY" "$ABSTRACT" 2>&1)
assert_contains "caveat shown: with the host's /run in view the path takes a datagram" "$OUT" "direct path sent"
assert_contains "caveat: the abstract socket stays out of reach there too" "$OUT" "direct abstract refused 111"

# the relay's own sender: from the host's view the pid of enforce
sink_stop
sink_start notify3
NOTIFY_SOCKET=$NOTIFY "$ENFORCE" "$T_TMP/sd.polb" -- systemd-notify --ready --status=from-inside &
EPID=$!
wait $EPID
assert_eq "systemd-notify inside ends 0 (its BARRIER=1 fd is dropped, which answers it)" 0 "$?"
check "systemd-notify's READY=1 relayed" sink_wait "$T_TMP/notify3.msgs" "READY=1"
assert_contains "from enforce's own pid" "$(cat "$T_TMP/notify3.msgs")" "pid=$EPID fds=0 READY=1|STATUS=from-inside|"

# rootless (a systemd --user service): the same relay, as the test user
sink_stop
sink_start notify4
setpriv --reuid "$T_USER" --regid "$T_USER" --clear-groups -- env NOTIFY_SOCKET="$NOTIFY" \
	"$ENFORCE" "$T_TMP/sd.polb" -- systemd-notify --ready --status=rootless >/dev/null 2>&1 &
EPID=$!
wait $EPID
assert_eq "rootless: systemd-notify inside ends 0" 0 "$?"
check "rootless: READY=1 relayed from enforce's pid" sink_wait "$T_TMP/notify4.msgs" "pid=$EPID fds=0 READY=1|STATUS=rootless|"

# the caller's NOTIFY_SOCKET must be usable, or nothing runs
for bad in relative/sock /nonexistent/notify; do
	out=$(NOTIFY_SOCKET=$bad "$ENFORCE" "$T_TMP/sd.polb" -- /bin/sh -c 'echo ran' 2>&1)
	rc=$?
	assert_eq "NOTIFY_SOCKET=$bad: enforce refuses (125)" 125 "$rc"
	case $out in *ran*) fail "NOTIFY_SOCKET=$bad: the command never ran" ;; *) pass "NOTIFY_SOCKET=$bad: the command never ran" ;; esac
	assert_eq "NOTIFY_SOCKET=$bad: one line" 1 "$(printf '%s\n' "$out" | wc -l)"
done
assert_contains "the line names the variable" "$out" "enforce: notify: NOTIFY_SOCKET=/nonexistent/notify: No such file or directory"
out=$("$ENFORCE" "$T_TMP/sd.polb" -- /bin/sh -c 'echo "[${NOTIFY_SOCKET-unset}]"' 2>&1)
assert_eq "no NOTIFY_SOCKET from the caller: none inside, the service runs" "[unset]" "$out"
out=$(NOTIFY_SOCKET=$NOTIFY "$ENFORCE" "$T_TMP/plain.polb" -- /bin/sh -c 'echo "[${NOTIFY_SOCKET-unset}]"' 2>&1)
assert_eq "a policy without notify relay: no NOTIFY_SOCKET inside" "[unset]" "$out"
cat >"$T_TMP/sharednet.pol" <<'EOF2'
policy sharednet
use hardened
namespaces { share net }
process { notify relay }
EOF2
out=$("$POLC" check -I "$TOP/policies" "$T_TMP/sharednet.pol" 2>&1)
assert_eq "polc check: notify relay with the host's network is an error" 1 "$?"
assert_contains "it says why" "$out" "notify relay needs a network namespace of its own"

out=$("$POLC" check -I "$T_TMP" -I "$TOP/policies" "$T_TMP/sdrun.pol" 2>&1)
assert_contains "polc check warns when the host's /run is in view of a notify relay" "$out" \
	"notify relay with the host's /run in view"
out=$("$POLC" check -I "$T_TMP" -I "$TOP/policies" "$T_TMP/sd.pol" 2>&1)
case $out in *"notify relay with"*) fail "no such warning with a tmpfs on /run" "$out" ;;
*) pass "no such warning with a tmpfs on /run" ;; esac

# ---- listen_fds pass ---------------------------------------------------
FDS='import os; print(" ".join(sorted(os.listdir("/proc/self/fd"), key=int)[:-1]), os.environ.get("LISTEN_FDS"), os.environ.get("LISTEN_PID"), os.environ.get("LISTEN_FDNAMES"), flush=True)'
SERVE='
import os, socket
print("fds", " ".join(sorted(os.listdir("/proc/self/fd"), key=int)[:-1]), os.environ.get("LISTEN_FDS"),
      os.environ.get("LISTEN_PID"), os.getpid(), os.environ.get("LISTEN_FDNAMES"), flush=True)
s = socket.socket(fileno=3)
c, _ = s.accept()
c.recv(4096)
c.sendall(b"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nserved through fd 3\n")
c.close()
'
# the caller holds more fds (7, 9: a file and a socket); only fd 3 passes
systemd-socket-activate -l 127.0.0.1:21512 --fdname=web /bin/bash -c \
	'exec 7</etc/hostname 9<>/dev/null; exec "$0" "$@"' "$ENFORCE" "$T_TMP/sd.polb" -- python3 -c "$SERVE" \
	>"$T_TMP/sa.out" 2>&1 &
SA=$!
assert_eq "socket activation: a host client served through the passed fd" "served through fd 3" "$(get 21512 /)"
wait $SA
assert_eq "the server ends 0" 0 "$?"
assert_contains "inside: fds 0-3 only (the caller's 7 and 9 closed), LISTEN_PID its own pid, the name kept" \
	"$(cat "$T_TMP/sa.out")" "fds 0 1 2 3 1 2 2 web"

sockfd() { # CMD...: runs CMD with a listening socket on fd 3, LISTEN_PID set to CMD's own pid
	"$PY" -c '
import os, socket, sys
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen()
if s.fileno() != 3:
    os.dup2(s.fileno(), 3)
os.set_inheritable(3, True)
os.environ["LISTEN_PID"] = str(os.getpid())
os.environ.setdefault("LISTEN_FDS", "1")
os.execvp(sys.argv[1], sys.argv[1:])
' "$@"
}
out=$(sockfd python3 -c "$FDS" 2>&1)
assert_contains "control: the helper hands fd 3 on (without enforce it is there)" "$out" "0 1 2 3"
out=$(sockfd "$ENFORCE" "$T_TMP/plain.polb" -- python3 -c "$FDS" 2>&1)
assert_eq "a policy without listen_fds pass: fd 3 closed, no LISTEN_* inside" "0 1 2 None None None" "$out"
out=$(sockfd env LISTEN_PID=1 "$ENFORCE" "$T_TMP/sd.polb" -- python3 -c "$FDS" 2>&1)
assert_eq "LISTEN_PID of another process: the sockets are not ours, none passed" "0 1 2 None None None" "$out"
out=$(LISTEN_FDS=2 sockfd "$ENFORCE" "$T_TMP/sd.polb" -- /bin/sh -c 'echo ran' 2>&1)
assert_eq "LISTEN_FDS=2 with one fd: 125" 125 "$?"
assert_eq "it names the missing fd, one line" "enforce: listen_fds: fd 4 of LISTEN_FDS=2: Bad file descriptor" "$out"
out=$(LISTEN_FDS=1 LISTEN_FDNAMES=a:b sockfd "$ENFORCE" "$T_TMP/sd.polb" -- /bin/sh -c 'echo ran' 2>&1)
assert_eq "two names for one fd: 125" 125 "$?"
assert_contains "it says what is wrong with LISTEN_FDNAMES" "$out" "LISTEN_FDNAMES=a:b: not 1 names"
for n in 0 65 -1 1x; do
	out=$(LISTEN_FDS=$n sockfd "$ENFORCE" "$T_TMP/sd.polb" -- /bin/sh -c 'echo ran' 2>&1)
	assert_eq "LISTEN_FDS=$n: 125" 125 "$?"
done
out=$("$PY" -c '
import os, sys
fd = os.open("/etc/hostname", os.O_RDONLY)
if fd != 3:
    os.dup2(fd, 3)
os.set_inheritable(3, True)
os.environ.update(LISTEN_PID=str(os.getpid()), LISTEN_FDS="1")
os.execvp(sys.argv[1], sys.argv[1:])
' "$ENFORCE" "$T_TMP/sd.polb" -- /bin/sh -c 'echo ran' 2>&1)
assert_eq "a file posing as a socket on fd 3: 125" 125 "$?"
assert_eq "it says so, one line" "enforce: listen_fds: fd 3 of LISTEN_FDS=1 is not a socket" "$out"
done_testing
