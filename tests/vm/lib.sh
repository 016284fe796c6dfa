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
# stderr in $ERR and its exit status in $STATUS.
run_enforce() {
	blob=$1; shift
	t0=$(cut -d' ' -f1 /proc/uptime)
	"$ENFORCE" "$BLOBS/$blob.polb" -- "$@" >"$T_TMP/out" 2>"$T_TMP/err"
	STATUS=$?
	# shellcheck disable=SC2034 # read by the tests that source this file
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
