#!/bin/sh
# polc import compose: each Compose key a service can hold, read as the
# Docker engine would run it, into the .pol a reviewer reads (and that
# compiles); --service and its errors; privileged and cap_add ALL refused;
# seccomp=FILE through the Docker seccomp import; hostile YAML (aliases,
# depth, huge scalars, wrong types) and an attacker's YAML that tries to
# add lines to the policy: one error line naming file:line:col, exit 2.
. "$(dirname "$0")/../lib/common.sh"
scratch
cd "$TOP" || exit 1
D=$T_TMP/proj
mkdir -p "$D"
cp tests/fuzz/corpus/import_compose/every-key.yml "$D/docker-compose.yml"
printf '%s\n' '{"defaultAction":"SCMP_ACT_ERRNO","architectures":["SCMP_ARCH_X86_64"],' \
	'"syscalls":[{"names":["read","write","exit_group"],"action":"SCMP_ACT_ALLOW"},' \
	'{"names":["ptrace"],"action":"SCMP_ACT_ERRNO","errnoRet":38}]}' >"$D/prof.json"

# 1. Every key, from another directory (relative paths are the file's).
(cd / && "$POLC" import compose "$D/docker-compose.yml" -o "$T_TMP/web.pol") 2>"$T_TMP/err"
check "import compose of a service with every key" test -s "$T_TMP/web.pol"
check "the imported policy compiles" sh -c "'$POLC' check '$T_TMP/web.pol' >/dev/null 2>&1"
w=$(cat "$T_TMP/web.pol")
expect() { assert_contains "$1" "$w" "$2"; }
expect "user uid:gid" "user 1000 1000"
expect "group_add numeric (a name is noted)" "groups 100"
expect "... the name noted" "# group_add wheel: a group by name"
expect "working_dir normalised" "cwd /srv/app"
expect "hostname" "hostname web"
expect "environment value" "env A=1"
expect "environment null: passed from the caller" "env_pass B"
expect "environment number" "env C=3"
expect "ulimits soft/hard" "rlimit nofile 1024 4096"
expect "ulimits one number" "rlimit core 0 0"
expect "security_opt no-new-privileges:true" "no_new_privs on"
expect "init: true" "init on"
expect "a network namespace of its own (bridge)" "unshare net"
expect "the engine's own pid namespace" "unshare pid"
expect "proc, and the engine's masks" "mask /proc/kcore"
expect "tmpfs options, the engine's nosuid,nodev,noexec" "tmpfs /run nosuid nodev noexec size=64M mode=1777"
expect "tmpfs exec clears noexec" "tmpfs /tmp nosuid nodev"
expect "volume ./data:ro: a read-only bind from the file's directory" "bind $D/data /data readonly"
expect "volume rw bind" "bind /srv/logs /logs rw"
expect "long-syntax tmpfs size and mode" "tmpfs /scratch nosuid nodev noexec size=16M mode=1770"
expect "long-syntax bind, ../ resolved" "bind $T_TMP/shared /shared readonly"
expect "named volume noted" "# volume cache at /cache: a named volume"
expect "anonymous volume noted" "# volume /anon: an anonymous volume"
expect "cap_drop ALL + cap_add" "keep chown"
expect "... net_bind_service" "keep net_bind_service"
expect "deploy.resources.limits memory wins over mem_limit" "memory.max 256M"
expect "memswap_limit minus the memory" "memory.swap.max 768M"
expect "deploy cpus: a quota per 100 ms" "cpu.max 25000 100000"
expect "deploy pids" "pids.max 64"
expect "cpuset" "cpuset.cpus 0-1"
expect "security_opt apparmor=" "apparmor docker-web"
expect "security_opt label= parts together" "selinux system_u:system_r:container_t:s0:c1,c2"
expect "ports HOST:CONTAINER" "publish tcp 8080 80"
expect "ports IP:HOST:CONTAINER/tcp" "publish tcp 127.0.0.1:8443 443"
expect "ports [v6]:HOST:CONTAINER/udp" "publish udp [::1]:5353 53"
expect "ports range, one rule a port" "publish tcp 9001 9001"
expect "ports long syntax" "publish tcp 127.0.0.1:8081 81"
expect "a container port alone is noted" "# ports 3000: no host port"
expect "seccomp=./prof.json through the Docker seccomp import" "allow exit_group"
expect "... its errno rule" "errno ENOSYS ptrace"
expect "... its default" "default errno EPERM"
expect "read_only noted" "# read_only: the image is the root"
assert_eq "nothing on stderr" "" "$(cat "$T_TMP/err")"

# 2. Defaults: the engine's capability set, no no_new_privs, no init.
printf 'services:\n  s:\n    image: x\n    cap_drop: [NET_RAW]\n' >"$T_TMP/min.yml"
m=$("$POLC" import compose "$T_TMP/min.yml" 2>&1)
assert_contains "the engine's default caps without cap_drop ALL" "$m" "keep setuid"
case $m in *"keep net_raw"*) fail "cap_drop removes one of the defaults" ;; *) pass "cap_drop removes one of the defaults" ;; esac
assert_contains "no-new-privileges unset: the engine's default, off" "$m" "no_new_privs off"
assert_contains "init unset: off" "$m" "init off"
assert_contains "no seccomp option: the engine's default profile, noted" "$m" "# no security_opt seccomp: the engine applies its default profile"
assert_contains "the service's name is the policy's" "$m" "policy s"
printf 'services:\n  s:\n    network_mode: host\n    pid: host\n    ipc: host\n    ports: ["80:80"]\n' >"$T_TMP/host.yml"
m=$("$POLC" import compose "$T_TMP/host.yml" 2>&1)
assert_contains "network_mode host: share net" "$m" "share net"
assert_contains "pid: host" "$m" "share pid"
assert_contains "ipc: host" "$m" "share ipc"
assert_contains "ports with network_mode host: noted, none" "$m" "# ports: with network_mode host the engine publishes none"
printf 'services:\n  s:\n    network_mode: none\n    security_opt: ["seccomp:unconfined", "systempaths=unconfined"]\n' >"$T_TMP/none.yml"
m=$("$POLC" import compose "$T_TMP/none.yml" 2>&1)
assert_contains "network_mode none: a namespace of its own" "$m" "unshare net"
case $m in *"syscalls {"*|*"mask /proc"*) fail "seccomp unconfined: no syscalls; systempaths=unconfined: no masks" ;; *) pass "seccomp unconfined: no syscalls; systempaths=unconfined: no masks" ;; esac

printf 'services:\n  s:\n    environment: {A: "x$$y", B: "${HOME}", C: "$$HOME"}\n' >"$T_TMP/dollar.yml"
m=$("$POLC" import compose "$T_TMP/dollar.yml" 2>&1)
assert_contains "environment: \$\$ is one \$" "$m" 'env A=x$y'
assert_contains "environment: \${NAME} kept as written" "$m" 'env B="${HOME}"'
assert_contains "... with a note (the import does not interpolate)" "$m" "# environment B: '\$NAME' is taken literally"
assert_contains "environment: \$\$NAME is a literal \$NAME, no note" "$m" 'env C=$HOME'
case $m in *"environment C:"*) fail "... no note for \$\$NAME" ;; *) pass "... no note for \$\$NAME" ;; esac

# A version 2 file: its own keys for limits.
printf 'version: "2.4"\nservices:\n  old:\n    image: x\n    mem_limit: 1.5g\n    memswap_limit: -1\n    cpu_quota: 50000\n    cpu_period: 200000\n    pids_limit: -1\n    cpuset: "2,3"\n' >"$T_TMP/v2.yml"
m=$("$POLC" import compose "$T_TMP/v2.yml" 2>&1)
assert_contains "v2: mem_limit with a fraction" "$m" "memory.max 1536M"
assert_contains "v2: memswap_limit -1: unlimited swap" "$m" "memory.swap.max max"
assert_contains "v2: cpu_quota and cpu_period" "$m" "cpu.max 50000 200000"
assert_contains "v2: pids_limit -1: unlimited" "$m" "pids.max max"
assert_contains "v2: cpuset" "$m" "cpuset.cpus 2,3"
check "v2: the policy compiles" sh -c "'$POLC' import compose '$T_TMP/v2.yml' -o '$T_TMP/v2.pol' && '$POLC' check '$T_TMP/v2.pol' >/dev/null 2>&1"

# 3. --service.
printf 'services:\n  a: {image: x}\n  b: {image: y, user: "5:6"}\n' >"$T_TMP/two.yml"
assert_contains "--service picks one" "$("$POLC" import compose "$T_TMP/two.yml" --service b 2>&1)" "user 5 6"
err=$("$POLC" import compose "$T_TMP/two.yml" 2>&1)
assert_contains "two services without --service: named" "$err" "2 services: name one with --service (a, b)"
err=$("$POLC" import compose "$T_TMP/two.yml" --service zz 2>&1)
assert_contains "a missing service: named, with the ones there" "$err" "no service named 'zz' (services: a, b)"
assert_status "... exit 2" 2 "$POLC" import compose "$T_TMP/two.yml" --service zz
assert_status "--service with another format: usage error" 2 "$POLC" import k8s "$T_TMP/two.yml" --service a

# 4. Refusals and hostile input: one line, exit 2, file:line:col.
hostile() { # NAME EXPECTED-TEXT: the file $T_TMP/NAME.yml
	"$POLC" import compose "$T_TMP/$1.yml" >"$T_TMP/out" 2>"$T_TMP/err"
	st=$?
	check "$1: exit 2 (input error), one line, no output" test "$st" = 2 -a "$(wc -l <"$T_TMP/err")" = 1 -a ! -s "$T_TMP/out"
	assert_contains "$1: says what and where" "$(cat "$T_TMP/err")" "$2"
}
printf 'services:\n  a:\n    image: x\n    privileged: true\n' >"$T_TMP/priv.yml"
hostile priv "priv.yml:4:17: privileged: a privileged container has no confinement to import; refused"
printf 'services:\n  a:\n    cap_add: [ALL]\n' >"$T_TMP/capall.yml"
hostile capall "capall.yml:3:14: cap_add: ALL is every capability; refused"
printf 'x: &a {image: busybox}\nservices:\n  a:\n    <<: *a\n' >"$T_TMP/alias.yml"
hostile alias "alias.yml:4:9: YAML aliases are refused"
printf 'a: &a ["x","x"]\nb: &b [*a,*a]\nc: &c [*b,*b]\n' >"$T_TMP/bomb.yml"
hostile bomb "bomb.yml:2:8: YAML aliases are refused"
python3 -c 'print("services:\n  a:\n    x: " + "[" * 200 + "]" * 200)' >"$T_TMP/deep.yml"
hostile deep "YAML nested deeper than 64 levels"
python3 -c 'print("services:\n  a:\n    hostname: " + "a" * 100000)' >"$T_TMP/huge.yml"
hostile huge "huge.yml:3:15: scalar longer than 64 KiB"
printf 'services:\n  a:\n    read_only: "yes"\n' >"$T_TMP/type.yml"
hostile type "type.yml:3:16: read_only: expected true or false"
printf 'services:\n  a:\n    mem_limit: lots\n' >"$T_TMP/mem.yml"
hostile mem "mem.yml:3:16: mem_limit: expected bytes"
# each limit key, in the service and in deploy.resources.limits, refused
# with its own name and what it takes (one parser, limit())
printf 'services:\n  a:\n    deploy: {resources: {limits: {memory: 0}}}\n' >"$T_TMP/dmem.yml"
hostile dmem "dmem.yml:3:43: memory: expected bytes (512m, 1g, ...)"
printf 'services:\n  a:\n    cpus: "0"\n' >"$T_TMP/cpus.yml"
hostile cpus "cpus.yml:3:11: cpus: expected CPUs (0.5, 2)"
printf 'services:\n  a:\n    deploy: {resources: {limits: {cpus: many}}}\n' >"$T_TMP/dcpus.yml"
hostile dcpus "dcpus.yml:3:41: cpus: expected CPUs (0.5, 2)"
printf 'services:\n  a:\n    pids_limit: -2\n' >"$T_TMP/pids.yml"
hostile pids "pids.yml:3:17: pids_limit: expected a number of tasks (-1: unlimited)"
printf 'services:\n  a:\n    deploy: {resources: {limits: {pids: "64"}}}\n' >"$T_TMP/dpids.yml"
hostile dpids "dpids.yml:3:41: pids: expected a number of tasks (-1: unlimited)"
printf 'services:\n  a:\n    ports: ["99999:80"]\n' >"$T_TMP/port.yml"
hostile port "port.yml:3:13: ports: expected [IP:][HOST:]CONTAINER"
printf 'services:\n  a:\n    ports: ["example.com:80:80"]\n' >"$T_TMP/ip.yml"
hostile ip "ip.yml:3:13: ports: host_ip: expected an IPv4 or IPv6 address"
printf 'services:\n  a:\n    ports: ["1-2000:1-2000"]\n' >"$T_TMP/many.yml"
hostile many "ports: more than 1024 published ports"
printf 'services:\n  a:\n    memswap_limit: 1g\n' >"$T_TMP/swap.yml"
hostile swap "swap.yml:3:20: memswap_limit: memory plus swap: needs mem_limit"
printf 'services:\n  a:\n    ulimits: {nofiles: 3}\n' >"$T_TMP/ul.yml"
hostile ul "ul.yml:3:24: nofiles: unknown ulimit"
printf 'services:\n  a:\n    security_opt: [seccomp=missing.json]\n' >"$T_TMP/sc.yml"
hostile sc "sc.yml:3:20: security_opt: seccomp profile:"
printf '{"defaultAction": 7}' >"$T_TMP/bad.json"
printf 'services:\n  a:\n    security_opt: [seccomp=bad.json]\n' >"$T_TMP/scbad.yml"
hostile scbad "scbad.yml:3:20: security_opt: seccomp profile:"
printf 'services: [a]\n' >"$T_TMP/list.yml"
hostile list "list.yml:1:11: services: expected a mapping"
printf 'version: "1"\nweb: {image: x}\n' >"$T_TMP/v1.yml"
hostile v1 "no services (a version 1 file has none"
printf 'services: {a: {}}\n---\nservices: {b: {}}\n' >"$T_TMP/docs.yml"
hostile docs "a Compose file is one YAML document, not 2"
printf 'services:\n  a:\n    volumes: ["/srv:/d\\n}\\ncapabilities {\\n keep sys_admin\\n}\\nfilesystem {\\n"]\n' >"$T_TMP/inject.yml"
hostile inject "inject.yml:3:15: volumes: holds a character a policy word cannot"
printf 'services:\n  a:\n    security_opt: ["apparmor=x }\\ncapabilities { keep sys_admin"]\n' >"$T_TMP/inject2.yml"
hostile inject2 "security_opt: holds a character a policy word cannot"
printf 'services:\n  a:\n    environment: {"A B": x}\n' >"$T_TMP/inject3.yml"
hostile inject3 "environment: holds a character a policy word cannot"
# seccomp=FILE is the Compose file's choice: a FIFO would hang the import,
# a device feed it; a secret must not come back in the error line.
mkfifo "$T_TMP/fifo"
printf 'services:\n  a:\n    security_opt: [seccomp=fifo]\n' >"$T_TMP/scfifo.yml"
timeout 20 "$POLC" import compose "$T_TMP/scfifo.yml" >/dev/null 2>"$T_TMP/err"
st=$?
check "seccomp=A_FIFO: refused at once (exit 2, no hang)" test "$st" = 2
assert_contains "... naming it" "$(cat "$T_TMP/err")" "scfifo.yml:3:20: security_opt: seccomp profile: $T_TMP/fifo: not a regular file"
printf 'services:\n  a:\n    security_opt: [seccomp=/dev/zero]\n' >"$T_TMP/sczero.yml"
hostile sczero "security_opt: seccomp profile: /dev/zero: not a regular file"
printf 'SECRET-TOKEN-123\n' >"$T_TMP/secret"
chmod 600 "$T_TMP/secret"
printf 'services:\n  a:\n    security_opt: [seccomp=secret]\n' >"$T_TMP/scsecret.yml"
hostile scsecret "security_opt: seccomp profile:"
case $(cat "$T_TMP/err") in *SECRET*) fail "... the file's content is not in the error" ;; *) pass "... the file's content is not in the error" ;; esac
if is_root && id "$T_USER" >/dev/null 2>&1; then
	chmod 755 "$T_TMP"; chmod 644 "$T_TMP/scsecret.yml"
	as_user "$POLC" import compose "$T_TMP/scsecret.yml" >/dev/null 2>"$T_TMP/err"
	st=$?
	check "as $T_USER: a profile it cannot read: exit 2" test "$st" = 2
	assert_contains "... cannot open, one line" "$(cat "$T_TMP/err")" "cannot open '$T_TMP/secret'"
fi
# a value may hold anything printable: quoted and escaped, it reads back as itself
printf 'services:\n  a:\n    environment: {A: "x\\" }\\ncapabilities { keep sys_admin } # \\\\"}\n' >"$T_TMP/val.yml"
"$POLC" import compose "$T_TMP/val.yml" -o "$T_TMP/val.pol" 2>/dev/null
check "an env value with quotes, braces, a newline: the policy compiles" sh -c "'$POLC' check '$T_TMP/val.pol' >/dev/null 2>&1"
assert_eq "... and keeps no capability the YAML smuggled in" "" \
	"$("$POLC" explain "$T_TMP/val.pol" 2>/dev/null | grep -E '^ *keep sys_admin')"
assert_contains "... the value reads back as the same bytes" "$("$POLC" explain "$T_TMP/val.pol" 2>/dev/null)" \
	'env A="x\" }\ncapabilities { keep sys_admin } # \\"'

done_testing
