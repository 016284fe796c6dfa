# Helpers for the VM lane's guest tests (copied to /tests/vm/lib.sh).
# Source after /tests/lib/common.sh. The guest's /init exports
#   ENFORCE=/bin/enforce  TESTBIN=/testbin  BLOBS=/blobs  VM_CONFIG=NAME

# need_blob NAME: 0 when $BLOBS/NAME.polb and enforce exist; otherwise one
# SKIP line naming why (the host has already reported a failed build as a
# failure, so a skip here is never the only trace of a problem).
need_blob() {
	if [ ! -x "$ENFORCE" ]; then
		skip "$1" "no static enforce in the guest (see the host's build line)"
		return 1
	fi
	if [ ! -f "$BLOBS/$1.polb" ]; then
		if [ -f "$BLOBS/UNAVAILABLE" ]; then
			skip "$1" "$(cat "$BLOBS/UNAVAILABLE")"
		else
			fail "$1" "blob $1.polb missing from the guest"
		fi
		return 1
	fi
	return 0
}

# run_enforce BLOB CMD...: runs enforce, leaves its stdout in $OUT, its
# stderr in $ERR and its exit status in $STATUS. An enforce that has not
# exited VM_ENFORCE_TIMEOUT seconds (30; a run takes well under 3) after
# it started is killed with SIGKILL (it blocks the signals it forwards),
# which is a failure of its own: one hang costs one test, not the script's
# whole timeout. The watchdog waits with the shell's own `read -t` on a
# FIFO, so killing it leaves no sleeping process behind; it leaves its
# mark before it kills, so the mark is there when wait returns.
: "${VM_ENFORCE_TIMEOUT:=30}"
run_enforce() {
	blob=$1; shift
	t0=$(cut -d' ' -f1 /proc/uptime)
	rm -f "$T_TMP/timedout" "$T_TMP/fifo"
	mkfifo "$T_TMP/fifo"
	# shellcheck disable=SC2086 # ENFORCE_FLAGS: enforce's own options, split
	"$ENFORCE" ${ENFORCE_FLAGS:-} "$BLOBS/$blob.polb" -- "$@" >"$T_TMP/out" 2>"$T_TMP/err" &
	epid=$!
	sh -c 'read -t "$0" _ || { : >"$2"; kill -9 "$1"; }' \
		"$VM_ENFORCE_TIMEOUT" "$epid" "$T_TMP/timedout" <>"$T_TMP/fifo" &
	wpid=$!
	wait "$epid"
	STATUS=$?
	kill "$wpid" 2>/dev/null
	wait "$wpid" 2>/dev/null
	if [ -e "$T_TMP/timedout" ]; then
		echo "vm: enforce did not exit within ${VM_ENFORCE_TIMEOUT}s and was killed" >>"$T_TMP/err"
		fail "enforce $blob exits once its command has ended" "killed after ${VM_ENFORCE_TIMEOUT}s; command: $(printf %s "$*" | tr "\n\t" "  " | head -c 120)"
	fi
	# shellcheck disable=SC2034 # OUT is read by the tests that source this file
	OUT=$(cat "$T_TMP/out")
	ERR=$(cat "$T_TMP/err")
	# The console keeps enforce's messages and the run's length for
	# whoever reads the log.
	[ -s "$T_TMP/err" ] && sed "s/^/[$blob] /" "$T_TMP/err" >&2
	echo "[$blob] exit $STATUS after $(awk -v a="$t0" -v b="$(cut -d' ' -f1 /proc/uptime)" 'BEGIN { printf "%.1f", b - a }')s: $*" >&2
	return 0
}

# expect_status NAME WANT: compares $STATUS, naming stderr on a mismatch.
expect_status() {
	if [ "$STATUS" = "$2" ]; then pass "$1"; else fail "$1" "exit $STATUS, want $2; stderr [$(printf %s "$ERR" | head -c 300)]"; fi
}

# aa_load NAME: load the profile the host compiled from NAME.profile
# ($BLOBS/NAME.aabin, binary policy for this kernel's features) by writing
# it to apparmorfs/.replace in one write, as libapparmor's
# aa_kernel_interface_replace_policy does; the guest has no apparmor_parser.
# aa_remove NAME: remove profile NAME (its name written to .remove).
AA_FS=/sys/kernel/security/apparmor
aa_load() {
	dd if="$BLOBS/$1.aabin" of="$AA_FS/.replace" bs=4M 2>/dev/null
}
aa_remove() {
	echo -n "$1" >"$AA_FS/.remove"
}
