#!/bin/bash
# sshd under examples/services/sshd.pol: a key made here, an ssh command
# from the host through the published port as a user made here, the
# session's confinement seen from inside it, SIGTERM, the host key the
# client pinned still the server's after a restart, and from the session
# a key planted, a host file written and a program of its own run, all
# refused; an unauthorised key refused. Root only: sshd.pol's header says
# why not rootless, and the last case shows it.
. "$(dirname "$0")/lib.sh"
is_root || { skip "sshd" "needs root (packages, a user, the data directory)"; exit 0; }
need_pkg openssh-server openssh-client || { fail "openssh-server installed" "$(tail -n 3 "$T_TMP/apt.log")"; exit 1; }
system_off ssh
PORT=21422
U=polc-sshtest
CHECK_OK="sensitive_bind_ro " svc_build sshd || exit 1
svc_audit sshd 2

# A user with a shell, for the session (the host's system users have
# nologin); removed at the end, with the scratch directory.
if ! id $U >/dev/null 2>&1; then
	useradd --system --no-create-home --home-dir /nonexistent --shell /bin/sh $U || { fail "useradd $U"; exit 1; }
fi
trap 'userdel $U 2>/dev/null; data_clean sshd; rm -rf "$T_TMP"' EXIT

D=$SVC_ROOT/sshd
data_clean sshd
mkdir -p $D/authorized_keys
ssh-keygen -q -t ed25519 -N '' -C polc-host -f $D/ssh_host_ed25519_key
ssh-keygen -q -t ed25519 -N '' -C polc-client -f "$T_TMP/key"
ssh-keygen -q -t ed25519 -N '' -C polc-stranger -f "$T_TMP/stranger"
cp "$T_TMP/key.pub" $D/authorized_keys/$U
cat >$D/sshd_config <<CONF
ListenAddress 127.0.0.1
Port 22
HostKey /etc/ssh/ssh_host_ed25519_key
PidFile /run/sshd.pid
AuthorizedKeysFile /etc/ssh/authorized_keys/%u
AuthenticationMethods publickey
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
PermitRootLogin no
StrictModes no
AllowUsers $U
PrintMotd no
PrintLastLog no
CONF
chown -R $MAPPED:$MAPPED $D
chmod 0600 $D/ssh_host_ed25519_key

# A world-writable unix socket of the host's in /run, as D-Bus's system
# bus is: the session must not reach it (sshd.pol's /run is its own tmpfs;
# a read-only view would not stop connect(2)).
PROBE=/run/polc-svc-probe-$$.sock
/usr/bin/python3 -c '
import os, socket, sys
s = socket.socket(socket.AF_UNIX); s.bind(sys.argv[1]); os.chmod(sys.argv[1], 0o666); s.listen()
while True:
    c, _ = s.accept(); c.sendall(b"host-socket\n"); c.close()
' $PROBE &
PROBE_PID=$!
trap 'kill $PROBE_PID 2>/dev/null; rm -f $PROBE; userdel $U 2>/dev/null; data_clean sshd; rm -rf "$T_TMP"' EXIT
UNIX_CONNECT="import socket, sys
s = socket.socket(socket.AF_UNIX)
try:
    s.connect(sys.argv[1]); print(s.recv(100).decode().strip())
except OSError as e:
    print('refused', e.strerror)"
wait_tcp test -S $PROBE
assert_eq "control: the host connects to $PROBE" host-socket "$(/usr/bin/python3 -c "$UNIX_CONNECT" $PROBE)"

SSH=(ssh -p "$PORT" -o BatchMode=yes -o ConnectTimeout=60 -o UserKnownHostsFile="$T_TMP/known_hosts" -o LogLevel=ERROR)
svc_start root sshd "$T_TMP/sshd.log" /usr/sbin/sshd -D -e
wait_tcp sh -c "ssh-keyscan -p $PORT -T 10 127.0.0.1 2>/dev/null | grep -q ed25519"
OUT=$("${SSH[@]}" -i "$T_TMP/key" -o StrictHostKeyChecking=accept-new $U@127.0.0.1 '
	echo "who=$(id -un)"
	grep -E "^(CapEff|CapPrm|NoNewPrivs):" /proc/self/status
	echo planted >>/etc/ssh/authorized_keys/'$U' 2>/dev/null && echo key-planted
	touch /etc/polc-pwned 2>/dev/null && echo etc-written
	cp /usr/bin/true /tmp/t && /tmp/t 2>/dev/null && echo ran-own-program
	ls /var/lib/polc-services 2>/dev/null | grep -q . && echo sees-service-data
	/usr/bin/python3 -c "'"$UNIX_CONNECT"'" '$PROBE'
	echo done' 2>&1)
assert_contains "an ssh command with the test key, as $U" "$OUT" "who=$U"
assert_contains "the session has no effective capabilities" "$OUT" "CapEff:	0000000000000000"
assert_contains "... and none permitted" "$OUT" "CapPrm:	0000000000000000"
assert_contains "... and no_new_privs" "$OUT" "NoNewPrivs:	1"
assert_contains "the session ran to its end" "$OUT" "done"
for bad in key-planted etc-written ran-own-program sees-service-data; do
	case $OUT in *$bad*) fail "from the session, refused: $bad" "$OUT" ;; *) pass "from the session, refused: $bad" ;; esac
done
case $OUT in *host-socket*) fail "from the session, refused: the host's socket in /run" "$OUT" ;;
*"refused No such file"*) pass "from the session, refused: the host's socket in /run (not there)" ;;
*) fail "from the session, refused: the host's socket in /run" "$OUT" ;; esac
check "the authorized key is unchanged on the host" cmp -s "$T_TMP/key.pub" $D/authorized_keys/$U
out=$("${SSH[@]}" -i "$T_TMP/stranger" -o StrictHostKeyChecking=yes $U@127.0.0.1 'echo in' 2>&1)
assert_contains "a key not authorised is refused" "$out" "Permission denied (publickey)"
svc_stop sshd 0
assert_contains "sshd logged the login" "$(cat "$T_TMP/sshd.log")" "Accepted publickey for $U"

svc_start root sshd "$T_TMP/sshd2.log" /usr/sbin/sshd -D -e
wait_tcp sh -c "ssh-keyscan -p $PORT -T 10 127.0.0.1 2>/dev/null | grep -q ed25519"
# StrictHostKeyChecking=yes: the host key pinned on the first run must be
# the one served now (the bound /etc/ssh kept it)
out=$("${SSH[@]}" -i "$T_TMP/key" -o StrictHostKeyChecking=yes $U@127.0.0.1 'echo again' 2>"$T_TMP/ssh2.err")
assert_eq "after a restart, the same host key and a login" again "$out"
svc_stop "sshd (restarted)" 0

# Rootless, why not: the caller is mapped alone, as the container's root,
# so privilege separation has no sshd user to become and a login cannot
# become its user (setgroups is refused in a rootless user namespace).
chown -R "$T_USER:$T_USER" $D
svc_start user sshd "$T_TMP/sshd-user.log" /usr/sbin/sshd -D -e
wait_tcp grep -q "Server listening" "$T_TMP/sshd-user.log"
out=$("${SSH[@]}" -i "$T_TMP/key" -o StrictHostKeyChecking=yes $U@127.0.0.1 'echo in' 2>&1)
case $out in *in) fail "rootless: no login (sshd.pol is root only)" "$out" ;; *) pass "rootless: no login (sshd.pol is root only)" ;; esac
assert_contains "rootless: ... because privilege separation's setgroups is refused" \
	"$(cat "$T_TMP/sshd-user.log")" "setgroups: Operation not permitted [preauth]"
kill -TERM "$SVC_PID"; wait "$SVC_PID"
check "no pasta left" no_pasta $PORT
# sshd's processes run as host uid 100000 (the container's root) and the
# session's as 100000 + the user's uid
left=$(ps -eo uid=,comm= | awk -v a=$MAPPED -v b=$((MAPPED + $(id -u $U))) '($1 == a || $1 == b) && $2 ~ /^sshd/')
assert_eq "no sshd of this test left" "" "$left"
done_testing
