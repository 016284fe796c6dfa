# shellcheck shell=bash
# Helpers for the escape probes tests/escape/t_escape_<topic>.sh; sourced
# after tests/lib/common.sh and tests/integration/helpers.sh. The helpers
# run inside are tests/bin/escape_kernel.c and escape_tty.c (and ENFORCE's
# probe.c); each try prints "try NAME: ok|blocked: <strerror>|killed: signal N".
# Every helper run gets "tag $T_TMP" on its command line (a no-op), so
# that nothing_left, which looks for $T_TMP in command lines, sees a helper
# left running even where the container's own /tmp hides $T_TMP.

EK=$TESTBIN/escape_kernel
ET=$TESTBIN/escape_tty

# errno names the tests expect, as strerror(3) prints them.
errno_text() {
	case $1 in
	EPERM) echo "Operation not permitted" ;;
	EACCES) echo "Permission denied" ;;
	ENOENT) echo "No such file or directory" ;;
	ENOSYS) echo "Function not implemented" ;;
	EROFS) echo "Read-only file system" ;;
	ENXIO) echo "No such device or address" ;;
	ENODATA) echo "No data available" ;;
	ETXTBSY) echo "Text file busy" ;;
	EAFNOSUPPORT) echo "Address family not supported by protocol" ;;
	EAGAIN) echo "Resource temporarily unavailable" ;;
	ECONNREFUSED) echo "Connection refused" ;;
	EFAULT) echo "Bad address" ;;
	ENOSPC) echo "No space left on device" ;;
	ELOOP) echo "Too many levels of symbolic links" ;;
	*) echo "$1" ;;
	esac
}

# expect LABEL TRY WANT...: the line "try TRY: ..." of $OUT must be one of
# WANT: an errno name (EPERM: refused with it) or KILL:TEXT (killed by
# signal 9 and enforce's stderr names it: "enforce: blocked syscall TEXT",
# e.g. KILL:clone or "KILL:keyctl (288, i386"). The pass line says which.
expect() {
	label=$1 try=$2
	shift 2
	line=$(printf '%s\n' "$OUT" | grep -F "try $try: " | head -n 1)
	got=${line#"try $try: "}
	for want in "$@"; do
		case $want in
		KILL:*)
			if [ "$got" = "killed: signal 9" ]; then
				case $ERR in
				*"enforce: blocked syscall ${want#KILL:}"*)
					pass "$label: $try: killed by seccomp (enforce: blocked syscall ${want#KILL:}...)"
					return 0 ;;
				esac
			fi ;;
		*)
			if [ "$got" = "blocked: $(errno_text "$want")" ]; then
				pass "$label: $try: $want"
				return 0
			fi ;;
		esac
	done
	fail "$label: $try blocked by one of: $*" "got [${got:-no answer}]${ERR:+ stderr: $(printf %s "$ERR" | tail -n 3 | tr '\n' ' ')}"
	return 1
}

# escape_setup: enforce's test setup plus the helpers built.
escape_setup() {
	enforce_test_setup
	for h in "$EK" "$ET"; do
		[ -x "$h" ] || { fail "escape helper is built" "$h missing"; exit 1; }
	done
}

# escape_host_view PREFIX [LINE...]: build PREFIX_default and
# PREFIX_hardened, each base with a read-only view of the host's root, a
# small writable /tmp and the filesystem LINEs given (binds, ...).
escape_host_view() {
	prefix=$1
	shift
	for base in default hardened; do
		pol "${prefix}_$base" <<POL || return 1
policy ${prefix}_$base
use $base
filesystem {
    root / readonly
    tmpfs /tmp size=8M mode=1777
$(for line in "$@"; do printf '    %s\n' "$line"; done)
}
POL
	done
}

# host_listener NAME: the host listens on the abstract name @NAME and on
# 127.0.0.1 (any free port, in $PORT) until host_listener_release; a
# listener that did not start fails the test and ends it.
host_listener() {
	mkfifo "$T_TMP/hold"
	"$EK" tag "$T_TMP" listen "$1,0" <"$T_TMP/hold" >"$T_TMP/listener" 2>&1 &
	HOST_LISTENER=$!
	exec 6>"$T_TMP/hold"
	for _ in $(seq 200); do
		grep -q '^listening: \|^try listen' "$T_TMP/listener" && break
		sleep 0.05
	done
	PORT=$(sed -n 's/^listening: //p' "$T_TMP/listener")
	[ -n "$PORT" ] && return 0
	fail "control: the host listens on @$1 and 127.0.0.1" "$(cat "$T_TMP/listener")"
	host_listener_release
	done_testing
	exit 1
}
host_listener_release() {
	exec 6>&-
	wait "$HOST_LISTENER"
}
