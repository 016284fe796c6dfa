#!/bin/sh
# enforce as uid 1000 on pure cgroup v2, from a subtree delegated to that
# user (owned directory and cgroup.procs/subtree_control/threads, the
# user's shell in a leaf of it, as systemd's Delegate= does): the leaf goes
# inside the delegation, its limits hold, and it is removed afterwards.
. /tests/lib/common.sh
. /tests/vm/lib.sh
scratch
deleg=/sys/fs/cgroup/polvm-user

# as_delegated CMD: runs CMD (a shell string) as uid 1000 from the
# delegated subtree's session leaf.
as_delegated() {
	sh -c 'echo $$ >"$0/session/cgroup.procs" && exec su -s /bin/sh polvm -c "$1"' "$deleg" "$1"
}

if need_blob cg_rootless; then
	mkdir -p "$deleg/session"
	for f in "$deleg" "$deleg/session"; do
		chown 1000:1000 "$f" "$f/cgroup.procs" "$f/cgroup.subtree_control" "$f/cgroup.threads"
	done
	show='cg=/sys/fs/cgroup$(cut -d: -f3 /proc/self/cgroup); echo "cgroup $cg"; id -u
		for f in memory.max pids.max; do echo "$f $(cat $cg/$f)"; done'
	OUT=$(as_delegated "$ENFORCE $BLOBS/cg_rootless.polb -- sh -c '$show'" 2>"$T_TMP/err")
	# shellcheck disable=SC2034 # STATUS is read by expect_status
	STATUS=$? ERR=$(cat "$T_TMP/err")
	expect_status "rootless: uid 1000 runs enforce with cgroup limits" 0
	cg=$(printf '%s\n' "$OUT" | sed -n 's/^cgroup //p')
	case $cg in
	"$deleg"/?*) pass "rootless: the leaf is inside the delegated subtree ($cg)" ;;
	*) fail "rootless: the leaf is inside the delegated subtree" "[$OUT] [$ERR]" ;;
	esac
	assert_contains "rootless: root inside the user namespace" "$OUT" "
0"
	assert_contains "rootless: memory.max is 32M" "$OUT" "memory.max 33554432"
	assert_contains "rootless: pids.max is 16" "$OUT" "pids.max 16"
	[ -n "$cg" ] && [ ! -e "$cg" ] && pass "rootless: the leaf is removed" ||
		fail "rootless: the leaf is removed" "[$cg]"

	OUT=$(as_delegated "$ENFORCE $BLOBS/cg_rootless.polb -- sh /tests/vm/cgroup2/hold.sh 50331648" 2>"$T_TMP/err")
	ERR=$(cat "$T_TMP/err")
	case $OUT in
	*"held 50331648"*) fail "rootless: 48 MiB do not fit under memory.max 32M" "they were held" ;;
	*"cgroup "*) pass "rootless: 48 MiB do not fit under memory.max 32M" ;;
	*) fail "rootless: 48 MiB do not fit under memory.max 32M" "the command did not run: [$ERR]" ;;
	esac
	assert_contains "rootless: enforce reports the OOM kill" "$(echo "$ERR" | tr A-Z a-z)" oom
	assert_eq "rootless: nothing left in the delegation but its session" "$deleg/session" \
		"$(find "$deleg" -mindepth 1 -type d ! -path "$deleg/polc")"
	# Hand back: the session leaf is empty once the shells above ended.
	rmdir "$deleg/polc" 2>/dev/null
	rmdir "$deleg/session" "$deleg" || fail "rootless: the delegated subtree can be removed"
fi
done_testing
