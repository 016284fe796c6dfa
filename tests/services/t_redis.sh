#!/bin/bash
# redis under examples/services/redis.pol: SET/GET with redis-cli from the
# host through the published port, SIGTERM, the data again after a
# restart (AOF and RDB files in the bound directory), the redis takeover
# (CONFIG SET dir + SAVE) writing nothing, replication to another port
# refused at connect, no program but redis-server;
# root and rootless.
. "$(dirname "$0")/lib.sh"
is_root || { skip "redis" "needs root (packages, the data directory, $T_USER)"; exit 0; }
need_pkg redis-server redis-tools || { fail "redis-server and redis-tools installed" "$(tail -n 3 "$T_TMP/apt.log")"; exit 1; }
system_off redis-server
PORT=21479
CHECK_OK="sensitive_bind_ro " svc_build redis || exit 1
svc_audit redis 2
cli() { redis-cli -h 127.0.0.1 -p $PORT "$@" 2>&1; }
# Debian's /etc/redis/redis.conf is root:redis 0640, unreadable inside:
# the settings are on the command line. enable-protected-configs lets
# CONFIG SET change dir, as older redis did: the policy, not redis,
# must stop the takeover below.
REDIS=(redis-server --bind 127.0.0.1 --port 6379 --dir /var/lib/redis --appendonly yes
	--save "3600 1" --daemonize no --logfile "" --enable-protected-configs yes)

for who in root user; do
	if [ $who = root ]; then owner=$((MAPPED + 6379)):$((MAPPED + 6379)); else owner=$T_USER:$T_USER; fi
	data_dir redis "$owner"
	svc_start $who redis "$T_TMP/redis-$who.log" "${REDIS[@]}"
	wait_tcp sh -c "redis-cli -h 127.0.0.1 -p $PORT ping | grep -q PONG"
	assert_eq "$who: SET from the host through 127.0.0.1:$PORT" OK "$(cli set polc:key "value-$who")"
	assert_eq "$who: GET returns it" "value-$who" "$(cli get polc:key)"
	# The takeover: point redis's dump at a host directory and save.
	cli config set dir /etc/cron.d >/dev/null
	cli config set dbfilename polc-pwned >/dev/null
	out=$(cli save)
	assert_contains "$who: CONFIG SET dir /etc/cron.d + SAVE is refused" "$out" "ERR"
	check "$who: nothing written to the host's /etc/cron.d" test ! -e /etc/cron.d/polc-pwned
	# Replication to a port that is not its own, on its own loopback:
	# refused at connect(2) by the policy's connect rule (Landlock's TCP
	# port rule; without the rule it would be ECONNREFUSED)
	cli replicaof 127.0.0.1 21498 >/dev/null
	wait_tcp grep -q "Unable to connect to MASTER" "$T_TMP/redis-$who.log"
	assert_contains "$who: REPLICAOF another port is refused at connect (EACCES)" \
		"$(cat "$T_TMP/redis-$who.log")" "Unable to connect to MASTER: Permission denied"
	cli replicaof no one >/dev/null
	# back to its own directory, or redis would refuse to shut down
	cli config set dir /var/lib/redis >/dev/null
	cli config set dbfilename dump.rdb >/dev/null
	svc_stop "$who redis" 0
	assert_contains "$who: redis saved on the way out" "$(cat "$T_TMP/redis-$who.log")" "DB saved on disk"
	check "$who: the RDB file is in the bound directory" test -s $SVC_ROOT/redis/dump.rdb
	check "$who: the AOF is in the bound directory" sh -c "ls $SVC_ROOT/redis/appendonlydir/*.incr.aof >/dev/null"
	if [ $who = root ]; then want=$((MAPPED + 6379)); else want=$(id -u $T_USER); fi
	assert_eq "$who: the files belong to the container's uid 6379 on the host" "$want" "$(stat -c %u $SVC_ROOT/redis/dump.rdb)"
	svc_start $who redis "$T_TMP/redis-$who-2.log" "${REDIS[@]}"
	wait_tcp sh -c "redis-cli -h 127.0.0.1 -p $PORT ping | grep -q PONG"
	assert_eq "$who: after a restart the key is still there" "value-$who" "$(cli get polc:key)"
	svc_stop "$who redis (restarted)" 0
	# No program but redis-server: a shell under the same policy is
	# refused at execve by Landlock (126, the command never runs).
	out=$(as $who "$ENFORCE" "$T_TMP/redis.polb" -- /bin/sh -c 'echo ran' 2>&1)
	rc=$?
	assert_eq "$who: a shell under redis.pol is refused (126)" 126 "$rc"
	case $out in *ran*) fail "$who: the shell never ran" "$out" ;; *) pass "$who: the shell never ran" ;; esac
	check "$who: no pasta left" no_pasta $PORT
done
data_clean redis
done_testing
