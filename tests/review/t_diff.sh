#!/bin/bash
# polc diff: one pair of policies per kind of change, each asserting the
# exact line (with the file:line of the setting) and the exit status:
# 0 no privilege added (none changed, or only removed), 1 privilege added,
# 2 a policy does not load or bad usage (the scheme of docs/polc.1).
# shellcheck source=tests/lib/common.sh disable=SC2016,SC1003 # sed scripts are single-quoted on purpose
. "$(dirname "$0")/../lib/common.sh"
scratch
cd "$T_TMP" || exit 1

cat >base.pol <<'POL'
policy base
process {
    user 1000 1000
    no_new_privs on
    rlimit nofile 1024 1024
}
namespaces {
    unshare user mount pid net ipc uts cgroup
    uid_map 0 100000 65536
}
filesystem {
    root /srv/rootfs
    bind /srv/data /data rw nosuid nodev noexec
    proc /proc
    mask /proc/kcore
    readonly /proc/sys
}
capabilities {
    keep net_bind_service
}
cgroup {
    memory.max 64M
    pids.max 64
}
lsm {
    apparmor base-profile
    landlock {
        read /usr
        connect tcp 443
    }
}
syscalls {
    default errno EPERM
    arch x86_64
    allow read write exit_group
    allow socket if domain == AF_UNIX
}
POL

# variant NAME SED-SCRIPT: NAME.pol is base.pol edited
variant() { sed "$2" base.pol >"$1.pol"; }
# diff_of OLD NEW: $OUT and $RC
diff_of() { OUT=$("$POLC" diff "$1.pol" "$2.pol" 2>err); RC=$?; }
# has NAME LINE: OUT holds exactly this line
has() {
	if printf '%s\n' "$OUT" | grep -Fxq -- "$2"; then pass "$1"; else fail "$1" "[$2] not in [$OUT]"; fi
}
# case NAME SED-SCRIPT STATUS LINE: base -> variant
case_of() {
	variant new "$2"
	diff_of base new
	assert_eq "$1: exit $3" "$3" "$RC"
	has "$1: line" "$4"
}

# No change: comments, blank lines and layout are not privilege.
sed -e 's/^    /\t/' -e '1a # a comment' -e '/^}/a\\' base.pol >same.pol
diff_of base same
assert_eq "formatting only: exit 0" 0 "$RC"
assert_eq "formatting only: says so" "no change in privilege" "$OUT"

# Capabilities.
case_of "capability kept" 's/keep net_bind_service/keep net_bind_service sys_admin/' 1 \
	"+ capabilities: keeps sys_admin  (new.pol:19)"
case_of "capability dropped" 's/keep net_bind_service/keep chown/' 1 \
	"- capabilities: no longer keeps net_bind_service  (base.pol:19)"
has "capability dropped: and the one kept" "+ capabilities: keeps chown  (new.pol:19)"
case_of "ambient raised" '/keep net_bind_service/a\    ambient net_bind_service' 1 \
	"+ capabilities: raises ambient net_bind_service  (new.pol:20)"
variant new 's/keep net_bind_service/keep net_bind_service sys_admin/'
diff_of new base
assert_eq "capability removed: exit 0 (nothing widened)" 0 "$RC"
has "capability removed: line" "- capabilities: no longer keeps sys_admin  (new.pol:19)"

# Namespaces and id maps.
case_of "net shared" 's/unshare user mount pid net ipc uts cgroup/unshare user mount pid ipc uts cgroup/' 1 \
	"+ namespaces: net namespace shared with the host (was unshared)  (base.pol:8)"
case_of "net joined" 's/pid net ipc/pid ipc/; /^namespaces {/a\    join net /proc/1/ns/net' 1 \
	"+ namespaces: net namespace joins /proc/1/ns/net (was unshared)  (new.pol:8)"
case_of "time unshared" 's/unshare user mount pid net ipc uts cgroup/& time/' 0 \
	"- namespaces: time namespace unshared (was shared with the host)  (new.pol:8)"
case_of "uid_map of host root" 's/uid_map 0 100000 65536/uid_map 0 0 1/' 1 \
	"+ namespaces: uid_map 0 0 1 added (maps the host's root)  (new.pol:9)"
has "uid_map of host root: old range gone" "- namespaces: uid_map 0 100000 65536 removed  (base.pol:9)"

# Mounts.
case_of "root writable" 's|root /srv/rootfs|root /srv/rootfs rw|' 1 \
	"+ mounts: root /srv/rootfs at / (rw): read-only -> writable  (new.pol:12)"
case_of "bind loses nosuid" 's|/data rw nosuid nodev noexec|/data rw nodev noexec|' 1 \
	"+ mounts: /data loses nosuid  (new.pol:13)"
case_of "bind follows symlinks" 's|/data rw nosuid nodev noexec|/data rw nosuid nodev noexec follow|' 1 \
	"+ mounts: /data: now follows symlinks in its source (follow)  (new.pol:13)"
case_of "bind gains read-only" 's|/data rw nosuid nodev noexec|/data nosuid nodev noexec|' 0 \
	"- mounts: bind /srv/data at /data (ro): writable -> read-only  (new.pol:13)"
case_of "new host path" '/proc \/proc$/a\    bind /etc /hostetc' 1 \
	"+ mounts: new bind /etc at /hostetc (ro): host path exposed  (new.pol:15)"
case_of "new writable host path" '/proc \/proc$/a\    bind /var/run/docker.sock /run/docker.sock rw' 1 \
	"+ mounts: new bind /var/run/docker.sock at /run/docker.sock (rw): writable host path  (new.pol:15)"
case_of "other host source" 's|bind /srv/data /data|bind /srv/other /data|' 1 \
	"+ mounts: bind /srv/other at /data (rw): host path exposed (was bind /srv/data at /data (rw))  (new.pol:13)"
case_of "mask removed" '/mask \/proc\/kcore/d' 1 \
	"+ mounts: /proc/kcore no longer masked  (base.pol:15)"
case_of "readonly removed" '/readonly \/proc\/sys/d' 1 \
	"+ mounts: /proc/sys no longer read-only  (base.pol:16)"
case_of "mask added" 's|mask /proc/kcore|mask /proc/kcore /proc/keys|' 0 \
	"- mounts: /proc/keys now masked  (new.pol:15)"
case_of "root removed" '/root \/srv\/rootfs/d' 1 \
	"+ mounts: inherited root / (rw): host path exposed (was root /srv/rootfs at / (ro))  (base.pol:12)"
sed '/root \/srv\/rootfs/d' base.pol >noroot.pol
diff_of noroot base
assert_eq "root added: exit 0 (nothing widened)" 0 "$RC"
has "root added: line" "- mounts: root /srv/rootfs at / (ro) replaces the inherited root (the host's, writable)  (base.pol:12)"

# cgroup limits.
case_of "pids.max removed" '/pids.max/d' 1 \
	"+ cgroup: pids.max limit removed (now none, was 64)  (base.pol:23)"
case_of "memory.max raised" 's/memory.max 64M/memory.max 128M/' 1 \
	"+ cgroup: memory.max raised to 134217728 (was 67108864)  (new.pol:22)"
case_of "pids.max lowered" 's/pids.max 64/pids.max 32/' 0 \
	"- cgroup: pids.max lowered to 32 (was 64)  (new.pol:23)"
case_of "memory.swap.max set" '/pids.max/a\    memory.swap.max 0' 0 \
	"- cgroup: memory.swap.max now limited to 0 (was unlimited)  (new.pol:24)"

# Process.
case_of "no_new_privs off" 's/no_new_privs on/no_new_privs off/' 1 \
	"+ process: no_new_privs off (was on): setuid binaries and file capabilities raise privilege again  (new.pol:4)"
case_of "user root" 's/user 1000 1000/user 0 0/' 1 \
	"+ process: user 0 group 0 (was user 1000 group 1000): may run as root  (new.pol:3)"
case_of "what runs, not what it may do" '/user 1000 1000/a\    cwd /srv\n    env A=1\n    umask 0027' 0 \
	"~ process: cwd /srv (was /)  (new.pol:4)"
has "what runs: env" "~ process: env A set  (new.pol:5)"
has "what runs: umask" "~ process: umask 0027 (was the caller's)  (new.pol:6)"
has "what runs: counted as changes" "0 added, 0 removed, 3 changed"
case_of "rlimit raised" 's/rlimit nofile 1024 1024/rlimit nofile 1024 4096/' 1 \
	"+ process: rlimit nofile raised to 4096 (was 1024)  (new.pol:5)"

# LSMs.
case_of "apparmor dropped" '/apparmor base-profile/d' 1 \
	"+ lsm: no AppArmor profile (was base-profile)  (base.pol:26)"
case_of "landlock write" '/read \/usr/a\        write /tmp' 1 \
	"+ landlock: /tmp: w (was no access)  (new.pol:29)"
case_of "landlock port" 's/connect tcp 443/connect tcp 443 22/' 1 \
	"+ landlock: connect port 22 allowed  (new.pol:29)"
case_of "landlock dropped" '/landlock {/,/^    }/d' 1 \
	"+ landlock: no Landlock ruleset (was one)  (base.pol:27)"

# Syscalls: decisions, through the compiled filters.
case_of "syscall allowed" 's/allow read write exit_group/allow read write exit_group ptrace/' 1 \
	"+ syscalls: [x86_64] now allowed (was errno EPERM): ptrace  (new.pol:35)"
case_of "syscall denied" 's/allow read write exit_group/allow read exit_group/' 0 \
	"- syscalls: [x86_64] now denied: errno EPERM (was allowed): write  (base.pol:35)"
case_of "refused another way" '/allow read write/a\    kill_process ptrace' 0 \
	"~ syscalls: [x86_64] refused with kill_process (was errno EPERM): ptrace  (new.pol:36)"
variant new 's/allow socket if domain == AF_UNIX/allow socket if domain in { AF_UNIX AF_INET }/'
diff_of base new
assert_eq "condition loosened: exit 1" 1 "$RC"
assert_contains "condition loosened: socket now allowed for some arguments" "$OUT" \
	"+ syscalls: [x86_64] socket: now allowed for some arguments (condition changed: now \`allow if domain in { 1 2 }; else errno EPERM\`, was \`allow if domain == 1; else errno EPERM\`)  (new.pol:36)"
variant new 's/allow socket if domain == AF_UNIX/allow socket if domain == AF_INET/'
diff_of base new
assert_eq "condition moved: exit 1 (wider somewhere)" 1 "$RC"
assert_contains "condition moved: denied for AF_UNIX now" "$OUT" "- syscalls: [x86_64] socket: now denied for some arguments"
case_of "condition dropped" 's/allow socket if domain == AF_UNIX/allow socket/' 1 \
	"+ syscalls: [x86_64] socket: now allowed for some arguments (condition changed: now \`allow; else errno EPERM\`, was \`allow if domain == 1; else errno EPERM\`)  (new.pol:36)"
case_of "default allow" 's/default errno EPERM/default allow/' 1 \
	"+ syscalls: default allow (was errno EPERM)  (new.pol:33)"
variant new 's/default errno EPERM/default kill_process/'
diff_of base new
assert_eq "default kill: exit 0" 0 "$RC"
if printf '%s\n' "$OUT" | grep -Eqx '~ syscalls: default kill_process \(was errno EPERM\): [0-9]+ syscall numbers refused that way now  \(new.pol:33\)'; then
	pass "default kill: one line, with the count of syscalls that follow it"
else
	fail "default kill: one line, with the count of syscalls that follow it" "$OUT"
fi
assert_eq "default kill: no list of those syscalls" "0 added, 0 removed, 1 changed" "$(printf '%s\n' "$OUT" | tail -n 1)"
case_of "i386 admitted" 's/arch x86_64/arch x86_64 x86/' 1 \
	"+ syscalls: architecture x86 admitted (a second syscall table: socketcall and the i386/x32 numbers)  (new.pol:34)"
case_of "no filter" '/^syscalls {/,$d' 1 \
	"+ syscalls: no seccomp filter: every syscall allowed (was default errno EPERM)  (base.pol:33)"

# tmpfs attributes: each compared as the value enforce applies (its
# default included), one line per attribute with the new and old value.
cat >tbase.pol <<'POL'
policy tbase
process {
    user 1000 1000
    groups 2000
}
namespaces {
    unshare user mount
}
filesystem {
    tmpfs /run size=16M mode=0750 nr_inodes=4096 uid=0 gid=2000
    tmpfs /tmp
    tmpfs /srv mode=1777
}
POL
# tcase NAME SED-SCRIPT STATUS LINE: tbase -> tnew changes one attribute:
# that line, and no other
tcase() {
	sed "$2" tbase.pol >tnew.pol
	diff_of tbase tnew
	assert_eq "$1: exit $3" "$3" "$RC"
	has "$1: line" "$4"
	assert_eq "$1: the only line" 1 "$(printf '%s\n' "$OUT" | grep -c '^[-+~] ')"
}
tcase "tmpfs size raised" 's/size=16M/size=32M/' 1 \
	"+ mounts: tmpfs /run: size 33554432 (was 16777216)  (tnew.pol:10)"
tcase "tmpfs size dropped" 's/size=16M //' 1 \
	"+ mounts: tmpfs /run: size unbounded (half of RAM) (was 16777216)  (tnew.pol:10)"
tcase "tmpfs size set, inodes given" 's|tmpfs /tmp|& size=8M nr_inodes=65536|' 0 \
	"- mounts: tmpfs /tmp: size 8388608 (was unbounded (half of RAM))  (tnew.pol:11)"
# a size alone also lowers the inode bound enforce derives from it
sed 's|tmpfs /tmp|& size=8M|' tbase.pol >tnew.pol
diff_of tbase tnew
has "tmpfs size set: the derived inode bound too" "- mounts: tmpfs /tmp: nr_inodes 2048 (was 65536)  (tnew.pol:11)"
tcase "tmpfs mode opened to the group" 's/mode=0750/mode=0770/' 1 \
	"+ mounts: tmpfs /run: mode 0770 (was 0750)  (tnew.pol:10)"
tcase "tmpfs mode closed" 's/mode=0750/mode=0700/' 0 \
	"- mounts: tmpfs /run: mode 0700 (was 0750)  (tnew.pol:10)"
tcase "tmpfs mode loses the sticky bit, others write" 's/mode=1777/mode=0777/' 1 \
	"+ mounts: tmpfs /srv: mode 0777 (was 1777)  (tnew.pol:12)"
tcase "tmpfs mode setgid only" 's/mode=0750/mode=2750/' 0 \
	"~ mounts: tmpfs /run: mode 2750 (was 0750)  (tnew.pol:10)"
tcase "tmpfs default mode given" 's|tmpfs /tmp|& mode=0700|' 0 \
	"- mounts: tmpfs /tmp: mode 0700 (was 0755)  (tnew.pol:11)"
tcase "tmpfs nr_inodes raised" 's/nr_inodes=4096/nr_inodes=100000/' 1 \
	"+ mounts: tmpfs /run: nr_inodes 100000 (was 4096)  (tnew.pol:10)"
tcase "tmpfs nr_inodes lowered" 's/nr_inodes=4096/nr_inodes=10/' 0 \
	"- mounts: tmpfs /run: nr_inodes 10 (was 4096)  (tnew.pol:10)"
tcase "tmpfs given to the process's uid" 's/uid=0/uid=1000/' 1 \
	"+ mounts: tmpfs /run: uid 1000 (was 0)  (tnew.pol:10)"
tcase "tmpfs given to another uid" 's/uid=0/uid=33/' 0 \
	"~ mounts: tmpfs /run: uid 33 (was 0)  (tnew.pol:10)"
tcase "tmpfs taken from the process's group" 's/gid=2000/gid=3000/' 0 \
	"- mounts: tmpfs /run: gid 3000 (was 2000)  (tnew.pol:10)"
tcase "tmpfs given to the process's gid" 's|tmpfs /tmp|& gid=1000|' 1 \
	"+ mounts: tmpfs /tmp: gid 1000 (was 0)  (tnew.pol:11)"
sed 's|tmpfs /tmp|& mode=0755 nr_inodes=65536 uid=0 gid=0|; s/nr_inodes=4096 //; s/size=16M/size=16M nr_inodes=4096/' tbase.pol >tsame.pol
diff_of tbase tsame
assert_eq "tmpfs defaults written out: exit 0" 0 "$RC"
assert_eq "tmpfs defaults written out: no line" "no change in privilege" "$OUT"

# --json for machines.
variant new 's/keep net_bind_service/keep net_bind_service sys_admin/'
OUT=$("$POLC" diff --json base.pol new.pol)
assert_eq "--json: exit 1" 1 "$?"
J=$(printf '%s' "$OUT" | python3 -c 'import json,sys; d=json.load(sys.stdin); c=d["changes"][0]; print(d["added"], d["removed"], d["status"], c["change"], c["area"], c["what"], c["file"], c["line"])')
assert_eq "--json: fields" "1 0 1 added capabilities keeps sys_admin new.pol 19" "$J"

# Errors: 3, never 0 or 1.
assert_status "missing file: exit 2" 2 "$POLC" diff base.pol nosuch.pol
printf 'policy broken\nprocess {\n    nonsense 1\n}\n' >broken.pol
assert_status "policy with errors: exit 2" 2 "$POLC" diff base.pol broken.pol
assert_status "one argument: exit 2" 2 "$POLC" diff base.pol
assert_status "--help: exit 0" 0 "$POLC" diff --help

# The shipped bases: default -> hardened only narrows the big things, and
# hardened -> default widens.
OUT=$("$POLC" diff -I "$TOP/policies" "$TOP/policies/hardened.pol" "$TOP/policies/default.pol")
assert_eq "hardened -> default: exit 1" 1 "$?"
assert_contains "hardened -> default: user namespace shared" "$OUT" "+ namespaces: user namespace shared with the host (was unshared)"
assert_contains "hardened -> default: sys_chroot kept" "$OUT" "+ capabilities: keeps sys_chroot"
assert_contains "hardened -> default: ptrace allowed" "$OUT" "now allowed (was errno EPERM): ptrace  ("
assert_contains "hardened -> default: i386 admitted" "$OUT" "+ syscalls: architecture x86 admitted"
for p in default hardened host-ro; do
	assert_status "$p against itself: exit 0" 0 "$POLC" diff -I "$TOP/policies" "$TOP/policies/$p.pol" "$TOP/policies/$p.pol"
done
done_testing
