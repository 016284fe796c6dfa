#!/bin/bash
# A command that exits while processes it started still run (a service that
# daemonizes): one line saying how many were killed with the container, the
# command's own status, nothing left on the host; no line for a command
# that leaves nothing. Real nginx without `daemon off`, redis-server
# --daemonize yes and a shell that backgrounds sleeps; with init on and
# off, with and without a pid namespace of the container's own, as root
# and as the unprivileged test user (docs/services.md, enforcer/orphans.c).
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/helpers.sh"
enforce_test_setup

LINE_HEAD="enforce: the command exited and left"
# left_line N: the line for N processes, exactly as enforce prints it.
left_line() {
	if [ "$1" = 1 ]; then what="1 process running; it was"; else what="$1 processes running; they were"; fi
	echo "$LINE_HEAD $what killed with the container (run services in the foreground:" \
		"nginx -g 'daemon off;', redis-server --daemonize no, postgres rather than pg_ctl start;" \
		"docs/services.md)"
}

# nginx's config, bound at /mnt (the container's /tmp is its own).
mkdir -p "$T_TMP/nginx"
cat >"$T_TMP/nginx/nginx.conf" <<EOF
user root root;
master_process off;
error_log stderr;
pid /tmp/nginx.pid;
events { worker_connections 16; }
http {
    access_log off;
    client_body_temp_path /tmp/body;
    proxy_temp_path /tmp/proxy;
    fastcgi_temp_path /tmp/fastcgi;
    uwsgi_temp_path /tmp/uwsgi;
    scgi_temp_path /tmp/scgi;
    server { listen 127.0.0.1:8080; }
}
EOF
chmod -R a+rX "$T_TMP/nginx"

# Every fork of these policies stops at pids.max (an earlier version of a
# test like this one made ~30000 processes without a pid namespace).
# d_INIT_PIDNS, PIDNS "unshare" or "share"; `optional` so that a rootless
# run without a delegated cgroup goes on. Not run rootless: init off
# without a pid namespace, where the cgroup is the only handle (and the
# count) and rootless there is none (docs/enforce.md, "Lifetime").
for init in on off; do
	for pidns in unshare share; do
		ns="mount ipc uts net"
		[ "$pidns" = unshare ] && ns="$ns pid"
		pol "d_${init}_$pidns" <<EOF
policy d_${init}_$pidns
process { init $init }
namespaces { unshare $ns }
filesystem {
    root / readonly
    tmpfs /tmp size=16M mode=1777
    tmpfs /run size=1M mode=755
    bind $T_TMP/nginx /mnt
}
cgroup {
    pids.max 64
    optional
}
EOF
	done
done

# leaves LABEL POLB RUNNER WANT STATUS CMD...: runs CMD (its command line
# holds $T_TMP so nothing_left sees a survivor); WANT processes left
# (0: no line at all), enforce exits with STATUS, nothing of it left.
leaves() {
	local label=$1 blob=$2 runner=$3 want=$4 status=$5
	shift 5
	if [ "$runner" = user ]; then enf_user "$blob" -- "$@"; else enf "$blob" -- "$@"; fi
	assert_eq "$label: the command's status" "$status" "$RC"
	got=$(printf '%s\n' "$ERR" | grep -F "$LINE_HEAD" || true)
	if [ "$want" = 0 ]; then
		assert_eq "$label: no line" "" "$got"
	else
		assert_eq "$label: one line, $want left" "$(left_line "$want")" "$got"
	fi
	sleep_gone "$label"
}

# sleep_gone LABEL: no process of this test runs (a bounded wait: a
# process killed with SIGKILL leaves the process table a moment after,
# when its new parent reaps it).
sleep_gone() {
	for _ in $(seq 100); do
		pgrep -f "$T_TMP" >/dev/null || break
		sleep 0.05
	done
	left=$(pgrep -f "$T_TMP" | tr '\n' ' ')
	assert_eq "$1: nothing of the command left" "" "$left"
	for p in $left; do kill -KILL "$p" 2>/dev/null; done
}

# A shell that backgrounds three sleeps and exits 3; each sleep's command
# line is $T_TMP/bg (bash's exec -a), so a survivor is seen.
BG3=(/bin/sh -c "for i in 1 2 3; do (/bin/bash -c 'exec -a $T_TMP/bg sleep 1000' &); done; exit 3")

for init in on off; do
	for pidns in unshare share; do
		blob=$T_TMP/d_${init}_$pidns.polb
		# init off with a pid namespace: the command is pid 1, and the
		# kernel kills the rest the moment it ends, before anything
		# outside can count them (docs/enforce.md): no line, nothing left.
		want=3
		[ "$init/$pidns" = off/unshare ] && want=0
		for runner in root user; do
			[ "$runner/$init/$pidns" = user/off/share ] && continue # no cgroup rootless: no handle
			leaves "init $init, pid $pidns, $runner: a shell backgrounds 3 sleeps" "$blob" "$runner" \
				"$want" 3 "${BG3[@]}"
			leaves "init $init, pid $pidns, $runner: a shell whose child ended" "$blob" "$runner" 0 4 \
				/bin/sh -c "/bin/bash -c 'exec -a $T_TMP/fg sleep 0.1' & wait; exit 4"
			leaves "init $init, pid $pidns, $runner: a clean exit 0" "$blob" "$runner" 0 0 /bin/true
		done
	done
done

# Real services that daemonize. nginx without `daemon off` (and without a
# master: `master_process off` makes it one process, so the count is
# exact); `env POLTEST=$T_TMP` names this test in nginx's command line.
if command -v nginx >/dev/null && command -v redis-server >/dev/null; then
	for init in on off; do
		for pidns in unshare share; do
			blob=$T_TMP/d_${init}_$pidns.polb
			want=1
			[ "$init/$pidns" = off/unshare ] && want=0
			for runner in root user; do
				[ "$runner/$init/$pidns" = user/off/share ] && continue
				leaves "init $init, pid $pidns, $runner: nginx without daemon off" "$blob" "$runner" \
					"$want" 0 nginx -e stderr -c /mnt/nginx.conf \
					-g "env POLTEST=$T_TMP;"
				leaves "init $init, pid $pidns, $runner: redis-server --daemonize yes" "$blob" "$runner" \
					"$want" 0 redis-server --daemonize yes --port 0 --unixsocket /tmp/r.sock \
					--save '' --appendonly no --dir /tmp --pidfile /tmp/r.pid \
					--logfile /dev/null --proc-title-template "$T_TMP/redis"
			done
		done
	done
else
	fail "nginx and redis-server are installed" "tools/packages.txt lists them"
fi

# Control: the same shell outside enforce leaves its three sleeps running.
"${BG3[@]}"
for _ in $(seq 100); do [ "$(pgrep -f "^$T_TMP/bg" | wc -l)" = 3 ] && break; sleep 0.05; done
assert_eq "control: outside enforce, the shell's three sleeps outlive it" 3 "$(pgrep -f "^$T_TMP/bg" | wc -l)"
for p in $(pgrep -f "^$T_TMP/bg"); do kill -KILL "$p"; done

nothing_left daemons
done_testing
