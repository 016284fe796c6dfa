#!/bin/bash
# Attacks on the OCI interop, written as an attacker would try them.
#
# 1. A hostile config.json given to `polc import oci` (a reviewer imports a
#    vendor's bundle to read it as a policy): path traversal in mounts,
#    statements smuggled into the .pol through a newline or a brace in a
#    path, an env value or a label, absurd sizes and ids, deep nesting, huge
#    arrays and files, NUL bytes, wrong types. Each: exit 2, one line naming
#    the field, nothing written; never a crash.
# 2. Policies whose export could weaken the runtime's confinement without
#    a word: each setting OCI cannot carry, one policy each, must give its
#    warning on stderr.
# 3. The weakenings that cannot be written away, shown for real: the
#    runtime's libseccomp compares a 32-bit argument on 64 bits, so
#    default.pol's `socket if domain != AF_ALG` lets socket(AF_ALG | 1<<32)
#    through under runc, where enforce refuses it; and Debian 12's
#    libseccomp 2.5.4 has no name for mseal, so runc 1.1 and crun 1.8 skip
#    `errno EPERM mseal` under `default allow` and mseal runs (the export
#    warns about both).
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/lib_oci.sh"
scratch
trap oci_cleanup EXIT
cd "$TOP" || exit 1

# ---- 1. hostile configs -------------------------------------------------
hostile() { # NAME EXPECTED-TEXT   (the config is $T_TMP/NAME.json)
	"$POLC" import oci "$T_TMP/$1.json" -o "$T_TMP/$1.pol" >/dev/null 2>"$T_TMP/$1.err"
	st=$?
	check "$1: refused with exit 2 and one line" test "$st" = 2 -a "$(wc -l <"$T_TMP/$1.err")" = 1
	assert_contains "$1: the line says what and where" "$(cat "$T_TMP/$1.err")" "$2"
	check "$1: no policy written" test ! -e "$T_TMP/$1.pol"
}
cfg() { # NAME JSON-OF-THE-REST: a config with ociVersion and a process
	printf '{"ociVersion": "1.0.2", "process": {"cwd": "/"}, %s}\n' "$2" >"$T_TMP/$1.json"
}
cfg traversal '"mounts": [{"destination": "/data/../../etc", "type": "bind", "source": "/srv"}]'
hostile traversal "traversal.json: mounts[0].destination: '/data/../../etc': '.', '..', '//' or a trailing '/'"
cfg srcrel '"mounts": [{"destination": "/data", "type": "bind", "source": "../../etc/shadow", "options": ["rbind"]}]'
hostile srcrel "mounts[0].source: '../../etc/shadow' is not an absolute path"
cfg inject '"mounts": [{"destination": "/tmp\n}\ncapabilities {\n    keep sys_admin\n}\nfilesystem {", "type": "tmpfs"}]'
hostile inject "mounts[0].destination: '/tmp"
assert_contains "inject: the character is named" "$(cat "$T_TMP/inject.err")" "character 0x0a is not one a policy word can hold"
printf '{"ociVersion": "1.0.2", "process": {"env": ["A=x\\"\\n}\\ncapabilities { keep sys_admin }"]}}' >"$T_TMP/envq.json"
hostile envq "process.env[0]: a control character, quote or backslash in the value"
printf '{"ociVersion": "1.0.2", "process": {"env": ["A B=1"]}}' >"$T_TMP/envname.json"
hostile envname "process.env[0]: expected NAME=VALUE"
cfg host '"hostname": "web}\n capabilities { keep sys_admin"'
hostile host "hostname: 'web}"
printf '{"ociVersion": "1.0.2", "process": {"selinuxLabel": "a:b:c #x"}}' >"$T_TMP/label.json"
hostile label "process.selinuxLabel: 'a:b:c #x': character 0x20"
cfg overroot '"mounts": [{"destination": "/", "type": "bind", "source": "/"}]'
hostile overroot "mounts[0].destination: a mount over /"
cfg size '"mounts": [{"destination": "/tmp", "type": "tmpfs", "options": ["size=99999999999999999999k"]}]'
hostile size "mounts[0]: 'size=99999999999999999999k': expected size=N[k|m|g], at most a PiB"
cfg inodes '"mounts": [{"destination": "/tmp", "type": "tmpfs", "options": ["nr_inodes=0"]}]'
hostile inodes "expected nr_inodes=1..4294967295"
cfg pids '"linux": {"resources": {"pids": {"limit": 1000000000000}}}'
hostile pids "linux.resources.pids: limit: out of range (1 to 4194304, or -1)"
cfg negmem '"linux": {"resources": {"memory": {"limit": -5}}}'
hostile negmem "linux.resources.memory: limit: out of range"
printf '{"ociVersion": "1.0.2", "process": {"user": {"uid": 4294967296, "gid": 0}}}' >"$T_TMP/uid.json"
hostile uid "process.user: uid: out of range (0 to 4294967294)"
cfg map '"linux": {"namespaces": [{"type": "user"}], "uidMappings": [{"containerID": 0, "hostID": 4294967000, "size": 100000}]}'
hostile map "linux.uidMappings[0]: expected containerID, hostID and a size that fits"
cfg dupns '"linux": {"namespaces": [{"type": "user"}, {"type": "user"}]}'
hostile dupns "linux.namespaces[1]: the user namespace is listed twice"
cfg badns '"linux": {"namespaces": [{"type": "network", "path": "/proc/1/../1/ns/net"}]}'
hostile badns "linux.namespaces[0]: '/proc/1/../1/ns/net'"
cfg amb '"process": {"capabilities": {"bounding": [], "ambient": ["CAP_SYS_ADMIN"]}}'
printf '{"ociVersion": "1.0.2", "process": {"capabilities": {"bounding": [], "ambient": ["CAP_SYS_ADMIN"]}}}' >"$T_TMP/amb.json"
hostile amb "process.capabilities.ambient: an ambient capability outside the bounding set"
printf '{"ociVersion": "1.0.2", "process": {"capabilities": {"bounding": ["CAP_EVERYTHING"]}}}' >"$T_TMP/cap.json"
hostile cap "'CAP_EVERYTHING' is not a capability"
printf '{"ociVersion": "1.0.2", "process": {"cwd": "/a\\u0000/b"}}' >"$T_TMP/nul.json"
hostile nul "process.cwd: a string holding a NUL byte"
cfg type '"mounts": {"destination": "/tmp"}'
hostile type "type.json: config: mounts: expected an array"
# a JSON null is an absent field in config.json (the one typed lookup,
# import_field_of, with the OCI reader's null rule)
printf '{"ociVersion": "1.0.2", "process": {"args": ["/bin/sh"], "cwd": "/", "env": null}, "hostname": null}' >"$T_TMP/null.json"
check "config.json: a null field is absent" "$POLC" import oci "$T_TMP/null.json" -o "$T_TMP/null.pol"
python3 -c 'print("{\"ociVersion\": \"1.0.2\", \"process\": {}, \"x\": " + "[" * 10000 + "]" * 10000 + "}")' >"$T_TMP/deep.json"
hostile deep "deep.json: nesting too deep"
python3 -c '
import json
print(json.dumps({"ociVersion": "1.0.2", "process": {}, "mounts": [{"destination": "/m%d" % i, "type": "proc"} for i in range(5000)]}))' >"$T_TMP/wide.json"
hostile wide "config: mounts: 5000 entries, more than 4096 (the list limit)"
python3 -c 'print("{\"ociVersion\": \"1.0.2\", \"process\": {}, \"annotations\": {\"a\": \"" + "x" * (5 << 20) + "\"}}")' >"$T_TMP/big.json"
hostile big "larger than 4 MiB"
printf '{"ociVersion": "1.0.2", "process": {"cwd": "/%s"}}' "$(head -c 5000 /dev/zero | tr '\0' a)" >"$T_TMP/long.json"
hostile long "process.cwd: a string of 5001 bytes, longer than 4096"
printf '[1, 2]' >"$T_TMP/notobj.json"
hostile notobj "notobj.json: config: not a JSON object"
printf '{"ociVersion": "1.0.2", "process": {}' >"$T_TMP/trunc.json"
hostile trunc "trunc.json:"
printf '{"ociVersion": "2.0", "process": {}}' >"$T_TMP/ver.json"
hostile ver "ociVersion: expected a 1.x version"
cfg seccomp '"linux": {"seccomp": {"defaultAction": "SCMP_ACT_EVERYTHING"}}'
"$POLC" import oci "$T_TMP/seccomp.json" >/dev/null 2>"$T_TMP/seccomp.err"
assert_eq "seccomp: an unknown action is refused (exit 2, one line)" "2 1" "$? $(wc -l <"$T_TMP/seccomp.err")"
# hooks run host commands as root: imported as a note a reviewer reads, not silently
cfg hooks '"hooks": {"prestart": [{"path": "/usr/bin/curl"}]}'
out=$("$POLC" import oci "$T_TMP/hooks.json" 2>&1)
assert_contains "hooks: the imported policy says the config runs host commands" "$out" "# hooks run host commands as root"

# A Kubernetes mountPath with a newline and braces: the YAML imports
# (import_tree.c's tree_word) refuse a path that is not one policy word
# where the file says it, before the printer (which would quote it) is
# reached: no policy, no `keep sys_admin` of its own.
printf 'kind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: a\n    volumeMounts: [{name: v, mountPath: "/x\\n}\\ncapabilities {\\n    keep sys_admin\\n}\\nfilesystem {"}]\n  volumes: [{name: v, emptyDir: {}}]\n' >"$T_TMP/inj.yaml"
err=$("$POLC" import k8s "$T_TMP/inj.yaml" -o "$T_TMP/inj.pol" 2>&1)
assert_contains "import k8s: a mountPath that is not one word is refused at its line:col" "$err" "inj.yaml:6:20: mountPath: holds a character a policy word cannot"
check "import k8s: ... and no policy is written" test ! -e "$T_TMP/inj.pol"

# ---- 2. every dropped setting warns --------------------------------------
warns() { # NAME EXPECTED [EXPORT-ARGS...]: the policy on stdin
	name=$1 want=$2; shift 2
	cat >"$T_TMP/w-$name.pol"
	"$POLC" export oci "$@" "$T_TMP/w-$name.pol" -o "$T_TMP/w-$name.json" 2>"$T_TMP/w-$name.warn"
	assert_contains "drop warned: $name" "$(cat "$T_TMP/w-$name.warn")" "polc: export oci: warning: $want"
}
base='namespaces { unshare mount pid }'
printf 'policy a\nprocess { env_pass TZ }\n%s\n' "$base" | warns env_pass "env_pass TZ: OCI has no pass-through"
printf 'policy a\n%s\nlsm { landlock { read /usr } }\n' "$base" | warns landlock "landlock: OCI has no Landlock field"
printf 'policy a\n%s\n' "$base" | warns init "init: the runtime runs no reaper"
printf 'policy a\n%s\n' "$base" | warns terminal "terminal: enforce gives the command a pty"
printf 'policy a\nprocess { stdio strict }\n%s\n' "$base" | warns stdio "stdio strict: an OCI runtime does not look"
printf 'policy a\n%s\nfilesystem { root /srv readonly\n symlink /proc/self/fd /dev/fd }\n' "$base" | warns symlink "symlink /dev/fd -> /proc/self/fd"
printf 'policy a\n%s\nfilesystem { overlay / lower /usr }\n' "$base" | warns overlay "overlay /: OCI's root is one directory"
printf 'policy a\n%s\nfilesystem { root / readonly }\n' "$base" | warns root_host "root /: runc and crun cannot pivot_root"
printf 'policy a\n%s\nfilesystem { root /srv readonly nosuid }\n' "$base" | warns root_flags "root: nosuid/nodev/noexec: OCI's root has no mount flags"
printf 'policy a\n%s\n' "$base" | warns no_root "no root: enforce keeps the host's /"
printf 'policy a\nnamespaces { unshare mount time }\n' | warns time "namespaces: time: runc-1.1 has no time namespace"
printf 'policy a\nnamespaces { unshare user mount }\n' | warns maps "namespaces: user without uid_map/gid_map"
printf 'policy a\n%s\nfilesystem { bind /srv /srv }\n' "$base" | warns follow "bind /srv /srv: the runtime follows symlinks"
printf 'policy a\nnamespaces { unshare user mount }\nfilesystem { sysfs /sys }\n' | warns sysfs "sysfs /sys: a user namespace without its own network namespace"
assert_contains "sysfs: the export binds /sys read-only all the way down instead" "$(jq -c '.mounts[] | select(.destination == "/sys")' "$T_TMP/w-sysfs.json")" '"source":"/sys","options":["rbind","ro","rro","nosuid","nodev","noexec"]'
printf 'policy a\n%s\ncgroup { pids.max 10 }\n' "$base" | warns rootless_cg "cgroup: a rootless runtime without a delegated cgroup leaves the limits out"
printf 'policy a\nnamespaces { unshare mount pid net }\nnetwork { connect tcp 10.0.0.0/8 443 }\n' | warns connect "connect tcp 10.0.0.0/8 443: not expressible"
printf 'policy a\nnamespaces { unshare mount pid net }\nnetwork { publish tcp 127.0.0.1:8080 80 }\n' | warns publish "publish tcp 127.0.0.1:8080 80: the OCI runtime spec has no ports"
printf 'policy a\n%s\nsyscalls { allow ioctl if request != TIOCSTI }\n' "$base" | warns low32 "syscalls: allow ioctl: argument 1 is compared on 64 bits"
printf 'policy a\n%s\nsyscalls { default allow\n errno EPERM ioctl if request == TIOCSTI }\n' "$base" | warns low32_deny "syscalls: errno ioctl: argument 1 is compared on 64 bits"
assert_status "--runtime: an unknown one is refused (exit 2)" 2 "$POLC" export oci --runtime docker policies/default.pol
assert_status "--runtime with another format is refused (exit 2)" 2 "$POLC" export k8s --runtime crun policies/default.pol

# ---- 3. the 64-bit comparison, for real ----------------------------------
if ! is_root; then
	skip "socket(AF_ALG | 1<<32) under runc" "needs root"
	done_testing
	exit
fi
ROOTFS=$T_TMP/rootfs
oci_rootfs "$ROOTFS"
cp "$TESTBIN/sccall" "$ROOTFS/sccall"
mkdir -p "$(oci_state runc)"
printf 'policy attack\nuse default\nfilesystem {\n    root %s readonly\n}\n' "$ROOTFS" >"$T_TMP/attack.pol"
"$POLC" build -I policies "$T_TMP/attack.pol" -o "$T_TMP/attack.polb" 2>/dev/null
"$POLC" export oci -I policies "$T_TMP/attack.pol" -o "$T_TMP/attack.json" 2>"$T_TMP/attack.warn"
assert_contains "default.pol's socket rule is warned about" "$(cat "$T_TMP/attack.warn")" "syscalls: allow socket: argument 0 is compared on 64 bits"
# socket(AF_ALG | 1<<32, SOCK_SEQPACKET, 0): x86_64 socket is 41
enf=$("$ENFORCE" "$T_TMP/attack.polb" -- /sccall native 41 0x100000026 5 0 2>&1 </dev/null)
assert_contains "enforce: the high bits do not get past the filter (EPERM)" "$enf" "errno=1"
jq '.process.args = ["/sccall", "native", "41", "0x100000026", "5", "0"]' "$T_TMP/attack.json" >"$T_TMP/attack2.json"
oci_bundle "$T_TMP/b-attack" "$T_TMP/attack2.json" "$ROOTFS"
out=$(cd "$T_TMP/b-attack" && oci_exec runc run "poltest-oci-$$-attack" 2>&1 </dev/null)
oci_exec runc delete -f "poltest-oci-$$-attack" >/dev/null 2>&1
case $out in
*"errno=1"*) fail "runc: the warned weakening is real" "runc refused it too: $out" ;;
*"ret="*) pass "runc: socket(AF_ALG | 1<<32) gets past the filter, as the warning says ($out)" ;;
*) fail "runc: ran sccall" "$out" ;;
esac

printf 'policy sk\nnamespaces { unshare mount pid }\nfilesystem {\n    root %s readonly\n    proc /proc\n}\nsyscalls {\n    default allow\n    errno EPERM mseal\n}\n' "$ROOTFS" >"$T_TMP/sk.pol"
"$POLC" build "$T_TMP/sk.pol" -o "$T_TMP/sk.polb" 2>/dev/null
# mseal(0, 0, 0): x86_64 462
assert_contains "enforce: errno EPERM mseal holds" "$("$ENFORCE" "$T_TMP/sk.polb" -- /sccall native 462 0 0 0 2>&1 </dev/null)" "errno=1"
mkdir -p "$(oci_state crun)"
for rt in runc crun; do
	target=$rt; [ $rt = runc ] && target=runc-1.1
	"$POLC" export oci --runtime $target "$T_TMP/sk.pol" 2>"$T_TMP/sk.$rt.warn" |
		jq '.process.args = ["/sccall", "native", "462", "0", "0", "0"]' >"$T_TMP/sk.$rt.json"
	assert_contains "$target: the skipped rule is warned about" "$(cat "$T_TMP/sk.$rt.warn")" \
		"syscalls: errno mseal: libseccomp 2.5.4 (Debian 12's, which $target is linked against) has no such name"
	oci_bundle "$T_TMP/b-sk-$rt" "$T_TMP/sk.$rt.json" "$ROOTFS"
	out=$(cd "$T_TMP/b-sk-$rt" && oci_exec $rt run "poltest-oci-$$-sk" 2>&1 </dev/null)
	oci_exec $rt delete -f "poltest-oci-$$-sk" >/dev/null 2>&1
	assert_contains "$rt: mseal runs, as the warning says" "$out" "ret=0 errno=0"
done
assert_eq "runc (1.2+, a newer libseccomp): no such warning" "" \
	"$("$POLC" export oci --runtime runc "$T_TMP/sk.pol" 2>&1 >/dev/null | grep libseccomp)"
done_testing
