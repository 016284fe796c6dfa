#!/bin/bash
# connect: the egress allow-list in the kernel. With the host's network
# (`share net` over host-ro), servers on the host's loopback: a connection to the
# allowed address:port succeeds, to another port or address it fails with
# EACCES/EPERM, TCP and UDP, IPv4 and IPv4-mapped IPv6; the same calls
# succeed on the host (the control). Root: cgroup sock_addr BPF programs
# plus Landlock TCP ports; rootless (no BPF for an unprivileged user): the
# run stops unless the rules say optional, and then Landlock's TCP port
# rules still hold. No program stays attached after the run.
. "$(dirname "$0")/lib.sh"
is_root || { skip "egress" "needs root to switch to $T_USER"; exit 0; }

npol eg <<'EOF2' || exit 1
policy eg
use host-ro
namespaces { share net }  # the host's loopback servers
network {
    connect tcp 127.0.0.1 18401
    connect udp 127.0.0.1/32 18402
}
EOF2
sed 's/policy eg/policy ego/; s/18401$/18401 optional/; s/18402$/18402 optional/' \
	"$T_TMP/eg.pol" >"$T_TMP/ego.pol"
"$POLC" build "$T_TMP/ego.pol" -o "$T_TMP/ego.polb" && chmod 644 "$T_TMP/ego.polb"

CLIENT='
import socket, sys, errno
def go(kind, a, p):
    fam = socket.AF_INET6 if kind.endswith("6") else socket.AF_INET
    typ = socket.SOCK_DGRAM if kind.startswith("udp") else socket.SOCK_STREAM
    s = socket.socket(fam, typ)
    s.settimeout(3)
    try:
        if typ == socket.SOCK_DGRAM:
            s.sendto(b"x", (a, p))
        else:
            s.connect((a, p))
        return "ok"
    except OSError as e:
        return errno.errorcode.get(e.errno, str(e))
for arg in sys.argv[1:]:
    k, a, p = arg.split(",")
    print(arg, go(k, a, int(p)))
'
# host servers: the allowed one, another port, another loopback address
mkfifo "$T_TMP/hold"
"$PY" -c '
import socket, sys
ls = []
for a, p in (("127.0.0.1", 18401), ("127.0.0.1", 18403), ("127.0.0.2", 18401)):
    s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((a, p)); s.listen(); ls.append(s)
print("up", flush=True)
sys.stdin.read()
' <"$T_TMP/hold" >"$T_TMP/srv" &
srv=$!
exec 7>"$T_TMP/hold"
for _ in $(seq 100); do grep -q up "$T_TMP/srv" && break; sleep 0.05; done

CASES="tcp,127.0.0.1,18401 tcp,127.0.0.1,18403 tcp,127.0.0.2,18401 udp,127.0.0.1,18402 udp,127.0.0.1,18404 udp,127.0.0.2,18402 tcp6,::ffff:127.0.0.1,18401 tcp6,::ffff:127.0.0.2,18401 tcp6,::1,18401"
HOST=$("$PY" -c "$CLIENT" $CASES 2>&1)
assert_contains "control: the host reaches 127.0.0.1:18403" "$HOST" "tcp,127.0.0.1,18403 ok"
assert_contains "control: the host reaches 127.0.0.2:18401" "$HOST" "tcp,127.0.0.2,18401 ok"
assert_contains "control: the host sends UDP to 127.0.0.1:18404" "$HOST" "udp,127.0.0.1,18404 ok"

before=$(sock_addr_progs)
OUT=$("$ENFORCE" -v "$T_TMP/eg.polb" -- "$PY" -c "$CLIENT" $CASES 2>&1)
RC=$?
assert_eq "root: runs" 0 "$RC"
assert_contains "root: tcp to the allowed 127.0.0.1:18401 connects" "$OUT" "tcp,127.0.0.1,18401 ok"
assert_contains "root: tcp to another port is refused (Landlock: EACCES)" "$OUT" "tcp,127.0.0.1,18403 EACCES"
assert_contains "root: tcp to another address is refused (BPF: EPERM)" "$OUT" "tcp,127.0.0.2,18401 EPERM"
assert_contains "root: udp to the allowed 127.0.0.1:18402 is sent" "$OUT" "udp,127.0.0.1,18402 ok"
assert_contains "root: udp to another port is refused" "$OUT" "udp,127.0.0.1,18404 EPERM"
assert_contains "root: udp to another address is refused" "$OUT" "udp,127.0.0.2,18402 EPERM"
assert_contains "root: the allowed address as ::ffff:127.0.0.1 from an IPv6 socket connects" "$OUT" "tcp6,::ffff:127.0.0.1,18401 ok"
assert_contains "root: another address as ::ffff:127.0.0.2 is refused" "$OUT" "tcp6,::ffff:127.0.0.2,18401 EPERM"
assert_contains "root: ::1 (not listed) is refused" "$OUT" "tcp6,::1,18401 EPERM"
assert_contains "root: -v: the four programs attached" "$OUT" "egress: sendmsg6 attached"
# the kernel frees a removed cgroup's programs from a work queue
for _ in $(seq 100); do [ "$(sock_addr_progs)" -le "$before" ] && break; sleep 0.1; done
assert_eq "root: no sock_addr program left once the cgroup is gone (bpftool prog show)" "$before" "$(sock_addr_progs)"

OUT=$(as_user "$ENFORCE" "$T_TMP/eg.polb" -- /bin/echo RAN 2>&1)
RC=$?
assert_eq "rootless, rules not optional: stops with 125" 125 "$RC"
assert_contains "rootless: one line says why" "$OUT" "enforce: network: connect rules need a cgroup v2 leaf"
check "rootless: the command never ran" sh -c "! printf %s '$OUT' | grep -qx RAN"

OUT=$(as_user "$ENFORCE" "$T_TMP/ego.polb" -- "$PY" -c "$CLIENT" $CASES 2>&1)
assert_contains "rootless, optional: a warning" "$OUT" "only Landlock's TCP port rules hold"
assert_contains "rootless, optional: tcp to the allowed port connects" "$OUT" "tcp,127.0.0.1,18401 ok"
assert_contains "rootless, optional: Landlock still refuses another TCP port" "$OUT" "tcp,127.0.0.1,18403 EACCES"

# The connect rules' Landlock layer is for TCP ports only: it must leave
# files to the lsm section's ruleset. Landlock denies refer (a rename or
# link into another directory) in every layer of a domain that handles
# files, whether that layer handles refer or not, so a ports-only layer
# stacked on a filesystem ruleset made every such rename fail with EXDEV,
# even where the filesystem ruleset grants it (redis's AOF rewrite did;
# tests/services/t_redis.sh). rename(2) across directories through python
# (mv would fall back to copying on EXDEV), then a hard link.
sed 's/policy ego/policy egl/' "$T_TMP/ego.pol" >"$T_TMP/egl.pol"
cat >>"$T_TMP/egl.pol" <<'EOF2'
lsm {
    landlock {
        read /
        write /tmp
        execute /usr /lib64
    }
}
EOF2
"$POLC" build "$T_TMP/egl.pol" -o "$T_TMP/egl.polb" && chmod 644 "$T_TMP/egl.polb"
RENAME="mkdir /tmp/a /tmp/b && echo x >/tmp/a/f && $PY -c 'import os; os.rename(\"/tmp/a/f\", \"/tmp/b/g\")' && ln /tmp/b/g /tmp/a/h && echo renamed"
OUT=$("$ENFORCE" "$T_TMP/egl.polb" -- /bin/sh -c "$RENAME" 2>&1)
assert_eq "root: connect rules and a Landlock write rule: a rename and a link across directories work" renamed "$OUT"
OUT=$(as_user "$ENFORCE" "$T_TMP/egl.polb" -- /bin/sh -c "$RENAME" 2>&1 | tail -n 1)
assert_eq "rootless: the same" renamed "$OUT"

OUT=$("$ENFORCE" --dry-run "$T_TMP/eg.polb" -- /bin/true 2>&1)
assert_contains "--dry-run shows the rule" "$OUT" "connect tcp 127.0.0.1/32 18401: cgroup BPF"
exec 7>&-
wait "$srv"
done_testing
