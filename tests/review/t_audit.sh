#!/bin/bash
# polc audit: a tight policy that passes every check (score 0), then one
# variant per check that fails exactly that check (or the few it implies),
# asserting the exact finding line with its file:line and the exit status
# (0 below --fail-on, default high; 1 at or above). Then every shipped
# policy and example, in the expected order: hardened scores better than
# default.
# shellcheck source=tests/lib/common.sh disable=SC2016 # sed scripts are single-quoted on purpose
. "$(dirname "$0")/../lib/common.sh"
scratch
cd "$T_TMP" || exit 1

cat >tight.pol <<'POL'
policy tight
process {
    user 1000 1000
}
namespaces {
    unshare user mount pid net ipc uts cgroup
}
filesystem {
    root /srv/rootfs
    proc /proc
    sysfs /sys
    mask /proc/kcore /proc/keys /proc/timer_list /proc/sched_debug
    mask /proc/acpi /proc/scsi /proc/latency_stats /sys/firmware
    readonly /proc/sys /proc/sysrq-trigger
}
capabilities {
}
cgroup {
    memory.max 64M
    pids.max 64
    cpu.max 0.5
}
lsm {
    landlock {
        read /usr
    }
}
syscalls {
    default errno EPERM
    arch native
    allow read write exit_group
    allow ioctl if request != TIOCSTI and request != TIOCLINUX
}
POL

findings() { printf '%s\n' "$OUT" | grep -cE '^(critical|high|medium|low) '; }
audit_of() { OUT=$("$POLC" audit "$@" 2>err); RC=$?; }

# case NAME SED-SCRIPT STATUS LINE [FINDINGS]: tight.pol edited
case_of() {
	sed "$2" tight.pol >new.pol
	audit_of new.pol
	assert_eq "$1: exit $3" "$3" "$RC"
	if printf '%s\n' "$OUT" | grep -Fxq -- "$4"; then pass "$1: finding"; else fail "$1: finding" "[$4] not in [$OUT]"; fi
	assert_eq "$1: findings" "${5:-1}" "$(findings)"
}

audit_of tight.pol
assert_eq "tight: exit 0" 0 "$RC"
assert_eq "tight: no finding, score 0" "tight.pol: exposure 0/100 (lower is better); 0 critical, 0 high, 0 medium, 0 low" "$OUT"
audit_of --all tight.pol
assert_eq "tight --all: every check listed as ok" "$(grep -c '^ok ' <<<"$OUT")" "$(printf '%s\n' "$OUT" | grep -c '^ok       [a-z_0-9]*$')"
check "tight --all: 40 checks or more" [ "$(grep -c '^ok ' <<<"$OUT")" -ge 40 ]

CAPS='/^capabilities {/a\    keep'
case_of "cap_sys_admin" "$CAPS sys_admin" 1 "critical cap_sys_admin: keeps sys_admin  (new.pol:17)"
case_of "cap_sys_module" "$CAPS sys_module" 1 "critical cap_sys_module: keeps sys_module  (new.pol:17)"
case_of "cap_sys_ptrace" "$CAPS sys_ptrace" 1 "high     cap_sys_ptrace: keeps sys_ptrace  (new.pol:17)"
case_of "cap_dac_read_search (shocker)" "$CAPS dac_read_search" 1 "high     cap_dac_read_search: keeps dac_read_search  (new.pol:17)"
case_of "cap_sys_rawio" "$CAPS sys_rawio" 1 "high     cap_sys_rawio: keeps sys_rawio  (new.pol:17)"
case_of "cap_net_admin" "$CAPS net_admin" 0 "medium   cap_net_admin: keeps net_admin  (new.pol:17)"
case_of "cap_net_raw" "$CAPS net_raw" 0 "medium   cap_net_raw: keeps net_raw  (new.pol:17)"
case_of "cap_kernel_surface" "$CAPS bpf syslog" 0 "medium   cap_kernel_surface: keeps bpf syslog  (new.pol:17)"
case_of "cap_ambient" "$CAPS net_bind_service\n    ambient net_bind_service" 0 \
	"low      cap_ambient: raises net_bind_service as ambient  (new.pol:18)"

case_of "root_no_userns" 's/user 1000 1000/user 0 0/; s/unshare user /unshare /' 1 \
	"high     root_no_userns: user 0 without a user namespace: root inside is root on the host  (new.pol:3)"
case_of "pid_shared" 's/ pid / /' 1 "high     pid_shared: shares the host's pid namespace  (new.pol:1)" 2
case_of "net_shared" 's/ net / /' 1 "high     net_shared: shares the host's net namespace  (new.pol:1)"
case_of "ipc_shared" 's/ ipc / /' 0 "medium   ipc_shared: shares the host's ipc namespace  (new.pol:1)"
case_of "uts_shared" 's/ uts / /' 0 "low      uts_shared: shares the host's uts namespace  (new.pol:1)"
case_of "cgroup_shared" 's/ uts cgroup$/ uts/' 0 "low      cgroup_shared: shares the host's cgroup namespace  (new.pol:1)"
case_of "uid_map_host_root" '/unshare user/a\    uid_map 0 0 1' 1 \
	"high     uid_map_host_root: uid_map maps the host's uid 0 into the container  (new.pol:7)"
case_of "no_new_privs_off" '/user 1000 1000/a\    no_new_privs off' 1 "high     no_new_privs_off: no_new_privs off  (new.pol:4)"

BIND='/proc \/proc$/a\    bind'
case_of "root_writable" 's|root /srv/rootfs|root /srv/rootfs rw|' 0 "low      root_writable: root /srv/rootfs is writable  (new.pol:9)"
case_of "root_writable: no root" '/root \/srv\/rootfs/d' 0 \
	"low      root_writable: no root: the container keeps the host's root, writable  (new.pol:1)"
case_of "runtime_socket" "$BIND /var/run/docker.sock" 1 \
	"critical runtime_socket: read-only host /var/run/docker.sock at /var/run/docker.sock  (new.pol:11)"
case_of "sensitive_bind_rw" "$BIND / /host rw nosuid nodev" 1 "critical sensitive_bind_rw: writable host / at /host  (new.pol:11)"
case_of "sensitive_bind_ro" "$BIND /etc /hostetc" 0 "medium   sensitive_bind_ro: read-only host /etc at /hostetc  (new.pol:11)"
case_of "a harmless read-only bind" "$BIND /etc/ssl" 0 "new.pol: exposure 0/100 (lower is better); 0 critical, 0 high, 0 medium, 0 low" 0
case_of "bind_rw_suid" "$BIND /srv/data /data rw" 0 "low      bind_rw_suid: writable bind /data without nosuid nodev  (new.pol:11)"
case_of "bind_idmap_rw" "$BIND /srv/data /data rw nosuid nodev idmap" 0 \
	"low      bind_idmap_rw: writable idmapped bind /data: its files are host uid 1000's  (new.pol:11)"
case_of "a read-only idmapped bind" "$BIND /srv/data /data idmap" 0 \
	"new.pol: exposure 0/100 (lower is better); 0 critical, 0 high, 0 medium, 0 low" 0
case_of "release_agent: cgroupfs bind (CVE-2022-0492)" "$BIND /sys/fs/cgroup /sys/fs/cgroup rw nosuid nodev" 1 \
	"high     release_agent: writable host /sys/fs/cgroup: cgroup v1 release_agent reachable  (new.pol:11)" 2
case_of "release_agent: sys_admin and mount" "$CAPS sys_admin
s/exit_group$/exit_group mount/" 1 \
	"high     release_agent: sys_admin kept and mount allowed: can mount cgroup v1 and write release_agent  (new.pol:17)" 3
case_of "proc_sys_writable" 's|readonly /proc/sys /proc/sysrq-trigger|readonly /proc/sysrq-trigger|' 1 \
	"high     proc_sys_writable: /proc/sys is writable (not readonly)  (new.pol:10)"
case_of "masks_missing" 's|mask /proc/kcore |mask |; s| /sys/firmware$||' 0 \
	"medium   masks_missing: not masked: /proc/kcore /sys/firmware  (new.pol:10)"

case_of "no_seccomp" '/^syscalls {/,$d' 1 "critical no_seccomp: no syscalls section: no seccomp filter  (new.pol:1)" 18
case_of "default_allow" 's/default errno EPERM/default allow/' 1 \
	"high     default_allow: default allow: every syscall not named gets through  (new.pol:29)" 17
case_of "compat_arch" 's/arch native/arch native x86/' 0 "medium   compat_arch: admits x86  (new.pol:30)"
case_of "compat_arch: socketcall, socket unchecked" 's/arch native/arch native x86/; s/exit_group$/exit_group socketcall socket/' 0 \
	"medium   compat_arch: admits x86  (new.pol:30)" 2
case_of "socketcall_bypass" 's/arch native/arch native x86/; s/exit_group$/exit_group socketcall/; /allow ioctl/a\    allow socket if domain == AF_UNIX' 1 \
	"high     socketcall_bypass: allows socketcall on x86, while socket has argument conditions: socketcall(SYS_SOCKET) passes the family in memory the filter cannot read, so it bypasses them  (new.pol:31)" 2
case_of "compat_arch: socketcall without SYS_SOCKET" 's/arch native/arch native x86/; /allow ioctl/a\    allow socketcall if call != 1' 0 \
	"medium   compat_arch: admits x86  (new.pol:30)"
SC='s/exit_group$/exit_group'
case_of "sc_mount" "$SC mount/" 1 "high     sc_mount: allows mount  (new.pol:31)"
case_of "sc_ptrace" "$SC ptrace/" 0 "medium   sc_ptrace: allows ptrace  (new.pol:31)"
case_of "sc_bpf" "$SC bpf/" 1 "high     sc_bpf: allows bpf  (new.pol:31)"
case_of "sc_modules" "$SC finit_module/" 1 "high     sc_modules: allows finit_module  (new.pol:31)"
case_of "sc_userfaultfd" "$SC userfaultfd/" 0 "medium   sc_userfaultfd: allows userfaultfd  (new.pol:31)"
case_of "sc_io_uring" "$SC io_uring_setup/" 0 "medium   sc_io_uring: allows io_uring_setup  (new.pol:31)"
case_of "sc_keyring" "$SC keyctl/" 0 "medium   sc_keyring: allows keyctl  (new.pol:31)"
case_of "sc_perf_event_open" "$SC perf_event_open/" 0 "medium   sc_perf_event_open: allows perf_event_open  (new.pol:31)"
case_of "sc_open_by_handle_at" "$SC open_by_handle_at/" 0 "medium   sc_open_by_handle_at: allows open_by_handle_at  (new.pol:31)"
case_of "sc_setns" "$SC setns/" 0 "low      sc_setns: allows setns  (new.pol:31)"
case_of "new_userns: unshare" "$SC unshare/" 1 "high     new_userns: allows unshare(CLONE_NEWUSER)  (new.pol:31)" 2
case_of "new_userns: clone" "$SC clone/" 1 "high     new_userns: allows clone(CLONE_NEWUSER)  (new.pol:31)" 2
case_of "new_namespaces: unshare" "$SC unshare/" 1 "low      new_namespaces: allows unshare(CLONE_NEWNS)  (new.pol:31)" 2
case_of "new_namespaces: unshare of a mount namespace only" '/allow ioctl/a\    allow unshare if flags == CLONE_NEWNS' 0 \
	"low      new_namespaces: allows unshare(CLONE_NEWNS)  (new.pol:33)"
case_of "sc_packet_socket" '/allow ioctl/a\    allow socket if domain != AF_NETLINK' 0 \
	"medium   sc_packet_socket: allows socket(AF_PACKET, SOCK_RAW)  (new.pol:33)"
case_of "sc_host_admin" "$SC reboot/" 0 "low      sc_host_admin: allows reboot  (new.pol:31)"
case_of "cap_dac_override" "$CAPS dac_override" 0 "medium   cap_dac_override: keeps dac_override  (new.pol:17)"
case_of "proc_host_pids" 's/ pid / /' 1 "medium   proc_host_pids: proc without 'unshare pid' shows the host's processes  (new.pol:10)" 2
# decided through the filter: unshare without CLONE_NEW* passes the check
sed '/allow ioctl/a\    allow unshare if flags \& 0x7e020080 == 0' tight.pol >new.pol
audit_of new.pol
assert_eq "new_userns: unshare without CLONE_NEWUSER is fine" "0 0" "$RC $(findings)"
case_of "tiocsti (CVE-2017-5226)" 's/allow ioctl if request != TIOCSTI and request != TIOCLINUX/allow ioctl/' 1 "high     tiocsti: allows ioctl(TIOCSTI)  (new.pol:32)"
case_of "tiocsti: TIOCLINUX left open" 's/ and request != TIOCLINUX//' 1 "high     tiocsti: allows ioctl(TIOCLINUX)  (new.pol:32)"
case_of "no_pids_max" '/pids.max/d' 0 "medium   no_pids_max: no pids.max  (new.pol:18)"
case_of "no_memory_max" '/memory.max/d' 0 "medium   no_memory_max: no memory.max  (new.pol:18)"
case_of "no_cpu_max" '/cpu.max/d' 0 "low      no_cpu_max: no cpu.max  (new.pol:18)"
case_of "no_lsm" '/^lsm {/,/^}/d' 0 "low      no_lsm: no AppArmor profile, SELinux label or Landlock ruleset  (new.pol:1)"

# A policy for another machine is audited for that machine's filter.
case_of "another architecture's filter" 's/arch native/arch aarch64/; s/exit_group$/exit_group bpf/' 1 \
	"high     sc_bpf: allows bpf  (new.pol:31)"

# --fail-on moves the gate.
sed "$CAPS net_raw" tight.pol >new.pol
assert_status "--fail-on medium: a medium finding fails" 1 "$POLC" audit --fail-on medium new.pol
assert_status "--fail-on high: a medium finding passes" 0 "$POLC" audit --fail-on high new.pol
sed "$CAPS sys_ptrace" tight.pol >new.pol
assert_status "--fail-on critical: a high finding passes" 0 "$POLC" audit --fail-on critical new.pol
assert_status "--fail-on nonsense: exit 2" 2 "$POLC" audit --fail-on nonsense new.pol
assert_status "missing file: exit 2" 2 "$POLC" audit nosuch.pol
assert_status "--help: exit 0" 0 "$POLC" audit --help

# --json: score, the finding, where.
sed "$CAPS sys_admin" tight.pol >new.pol
J=$("$POLC" audit --json new.pol | python3 -c 'import json,sys; d=json.load(sys.stdin); f=d["findings"]; print(len(f), f[0]["check"], f[0]["severity"], f[0]["file"], f[0]["line"], d["status"], d["score"] > 0)')
assert_eq "--json: one finding with its place" "1 cap_sys_admin critical new.pol 17 1 True" "$J"

# Every shipped policy and example audits, and the order is the expected one.
score() { "$POLC" audit --json -I "$TOP/policies" "$1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["score"])'; }
for f in "$TOP"/policies/*.pol "$TOP"/examples/*.pol; do
	grep -q '^policy ' "$f" || continue # a library of groups, not a policy
	s=$(score "$f")
	case "$s" in [0-9]*) pass "audit $(basename "$f"): score $s" ;; *) fail "audit $(basename "$f")" "no score" ;; esac
done
D=$(score "$TOP/policies/default.pol") H=$(score "$TOP/policies/hardened.pol") R=$(score "$TOP/policies/host-ro.pol")
check "hardened ($H) scores better than default ($D)" [ "$H" -lt "$D" ]
check "hardened ($H) no worse than host-ro ($R), which shows the host's root" [ "$H" -le "$R" ]
for e in "$TOP"/examples/*.pol; do
	X=$(score "$e")
	check "$(basename "$e") ($X) scores better than default ($D)" [ "$X" -lt "$D" ]
done
printf 'policy empty\n' >empty.pol
E=$(score empty.pol)
check "an empty policy ($E) scores worse than default ($D)" [ "$E" -gt "$D" ]
OUT=$("$POLC" audit -I "$TOP/policies" "$TOP/policies/default.pol")
assert_eq "default.pol: exit 1 (high findings)" 1 "$?"
assert_contains "default.pol: i386/x32 admitted, socketcall(SYS_SOCKET) refused" "$OUT" "medium   compat_arch: admits x86 x32  ("
assert_contains "default.pol: TIOCSTI allowed, as Docker's" "$OUT" "high     tiocsti: allows ioctl(TIOCSTI)  ("
assert_status "hardened.pol: exit 0" 0 "$POLC" audit -I "$TOP/policies" "$TOP/policies/hardened.pol"
done_testing
