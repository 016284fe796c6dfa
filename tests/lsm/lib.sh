# Helpers for tests/lsm/t_*.sh; sourced after tests/lib/common.sh.
LLPROBE=$TOP/$BUILD/tests/lsm/llprobe

# pol NAME [BUILD-ARG...]: policy text on stdin -> $T_TMP/NAME.pol ->
# $T_TMP/NAME.polb (polc build with the extra arguments).
# A policy that does not build is a failure of the test that needed it.
pol() {
	p_name=$1
	shift
	cat >"$T_TMP/$p_name.pol"
	if "$POLC" build "$T_TMP/$p_name.pol" -o "$T_TMP/$p_name.polb" "$@" >"$T_TMP/$p_name.polc.log" 2>&1; then
		chmod 644 "$T_TMP/$p_name.polb"
		return 0
	fi
	fail "polc build $p_name" "$(tr '\n' ' ' <"$T_TMP/$p_name.polc.log" | head -c 400)"
	return 1
}

# enf [as_user] ARGS...: run enforce; $OUT stdout, $ERR stderr, $RC status.
enf() {
	if [ "$1" = as_user ]; then
		shift
		OUT=$(as_user "$ENFORCE" "$@" 2>"$T_TMP/stderr")
	else
		OUT=$("$ENFORCE" "$@" 2>"$T_TMP/stderr")
	fi
	RC=$?
	ERR=$(cat "$T_TMP/stderr")
}

# line PREFIX: the line of $OUT starting with PREFIX (llprobe's "op arg: result").
line() { printf '%s\n' "$OUT" | grep -F -m1 -- "$1"; }
