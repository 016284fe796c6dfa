# Helpers for tests/lsm/t_*.sh; sourced after tests/lib/common.sh.
LLPROBE=$TOP/$BUILD/tests/lsm/llprobe

# pol NAME: policy text on stdin -> $T_TMP/NAME.pol -> $T_TMP/NAME.polb.
# A policy that does not build is a failure of the test that needed it.
pol() {
	cat >"$T_TMP/$1.pol"
	if "$POLC" build "$T_TMP/$1.pol" -o "$T_TMP/$1.polb" >"$T_TMP/$1.polc.log" 2>&1; then
		chmod 644 "$T_TMP/$1.polb"
		return 0
	fi
	fail "polc build $1" "$(tr '\n' ' ' <"$T_TMP/$1.polc.log" | head -c 400)"
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
