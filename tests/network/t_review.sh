#!/bin/bash
# The review commands know the network section: check (errors and the
# warnings), explain (each rule with its line), diff (a new published port
# or a wider egress range is a widening, exit 1; a narrower one is not),
# audit (findings), export (k8s ports and NetworkPolicy, systemd
# directives, warnings where a target cannot), dump.
. "$(dirname "$0")/lib.sh"

cat >old.pol <<'EOF2'
policy web
namespaces { unshare net }
network {
    publish tcp 127.0.0.1:18080 80
    connect tcp 10.1.0.0/16 5432
}
EOF2
cat >wider.pol <<'EOF2'
policy web
namespaces { unshare net }
network {
    publish tcp 127.0.0.1:18080 80
    publish udp 18053 53
    connect tcp 10.0.0.0/8 5432
}
EOF2
cat >narrower.pol <<'EOF2'
policy web
namespaces { unshare net }
network {
    publish tcp 127.0.0.1:18080 80
    connect tcp 10.1.2.0/24 5432
}
EOF2
cat >open.pol <<'EOF2'
policy web
namespaces { unshare net }
network {
    publish tcp 127.0.0.1:18080 80
}
EOF2

OUT=$("$POLC" diff old.pol wider.pol 2>&1)
assert_eq "diff: wider egress and a new port exit 1" 1 $?
assert_contains "diff: the new published port is a widening" "$OUT" "+ network: publish udp 18053 53"
assert_contains "diff: the wider range is a widening" "$OUT" "+ network: connect tcp 10.0.0.0/8 5432"
OUT=$("$POLC" diff old.pol narrower.pol 2>&1)
assert_eq "diff: a narrower range adds no privilege (exit 0)" 0 $?
assert_contains "diff: the old range is gone" "$OUT" "- network: connect tcp 10.1.0.0/16 5432"
OUT=$("$POLC" diff old.pol open.pol 2>&1)
assert_contains "diff: dropping every egress rule is a widening" "$OUT" "+ network: egress rules dropped"

OUT=$("$POLC" explain old.pol)
assert_contains "explain: each rule with its line" "$OUT" "# old.pol:5:5"

OUT=$("$POLC" check open.pol 2>&1)
assert_contains "check: publish without egress rules is a warning (the audit's egress_open)" "$OUT" "[egress_open]"
cat >nbs.pol <<'EOF2'
policy nbs
namespaces { unshare user }
capabilities { keep net_bind_service }
EOF2
OUT=$("$POLC" check nbs.pol 2>&1)
assert_contains "check: net_bind_service in a user namespace with the host's network has no effect" \
	"$OUT" "keep net_bind_service has no effect"

OUT=$("$POLC" audit wider.pol 2>&1)
assert_contains "audit: a port on every host address" "$OUT" "publish_every_address: publish udp 18053 53"
OUT=$("$POLC" audit open.pol 2>&1)
assert_contains "audit: egress open behind publish" "$OUT" "egress_open"

OUT=$("$POLC" export k8s wider.pol 2>"$T_TMP/err")
assert_contains "export k8s: containerPort" "$OUT" 'containerPort: 53'
assert_contains "export k8s: hostIP" "$OUT" 'hostIP: "127.0.0.1"'
assert_contains "export k8s: an egress NetworkPolicy" "$OUT" 'cidr: "10.0.0.0/8"'
assert_contains "export k8s: the NetworkPolicy is its own object" "$OUT" 'kind: NetworkPolicy'
OUT=$("$POLC" export systemd wider.pol 2>"$T_TMP/err")
assert_contains "export systemd: IPAddressAllow=" "$OUT" "IPAddressAllow=10.0.0.0/8"
assert_contains "export systemd: SocketBindAllow=" "$OUT" "SocketBindAllow=udp:53"
assert_contains "export systemd: warns that ports are not filtered" "$(cat "$T_TMP/err")" "filters addresses, not ports"
"$POLC" export oci wider.pol >/dev/null 2>"$T_TMP/err"
assert_contains "export oci: warns with the docker -p equivalent" "$(cat "$T_TMP/err")" "docker run -p 127.0.0.1:18080:80/tcp"

"$POLC" build wider.pol -o wider.polb
OUT=$("$POLC" dump --json wider.polb)
assert_contains "dump --json: the rules" "$OUT" '"connect tcp 10.0.0.0/8 5432"'
done_testing
