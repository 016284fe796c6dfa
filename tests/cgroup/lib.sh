# Helpers for the cgroup tests (tests/cgroup/t_*.sh); sourced after
# tests/lib/common.sh. Every cgroup the tests make is under one parent of
# their own, PARENT=poltest-cgsh-PID, removed (with anything left in it) on
# exit; the checks themselves look at what enforce left before that.

CGLOAD=$TESTBIN/cgload
CG_ROOT=/sys/fs/cgroup

# cg_setup: scratch dir, unique parent, cleanup on exit. Root only.
cg_setup() {
	scratch
	PARENT=poltest-cgsh-$$
	trap 'cg_cleanup; rm -rf "$T_TMP"' EXIT
	chmod 755 "$T_TMP"
}

# Every directory under PARENT in every hierarchy (v1 controllers and v2).
cg_leaves() {
	for d in "$CG_ROOT"/*/"$PARENT"/*/ "$CG_ROOT/$PARENT"/*/; do
		[ -d "$d" ] && echo "${d%/}"
	done
}

# cg_left NAME: pass when nothing is left under PARENT.
cg_left() {
	left=$(cg_leaves)
	if [ -z "$left" ]; then
		pass "$1: nothing left under $PARENT"
	else
		fail "$1: nothing left under $PARENT" "$(echo $left | head -c 300)"
	fi
}

cg_cleanup() {
	for d in $(cg_leaves); do
		for pid in $(cat "$d/cgroup.procs" 2>/dev/null); do kill -9 "$pid" 2>/dev/null; done
		rmdir "$d" 2>/dev/null || { sleep 0.2; rmdir "$d" 2>/dev/null; }
	done
	for p in "$CG_ROOT"/*/"$PARENT" "$CG_ROOT/$PARENT"; do
		[ -d "$p" ] && rmdir "$p" 2>/dev/null
	done
	return 0
}

# cg_pol NAME: policy text on stdin -> $T_TMP/NAME.polb (a failure if it does not build)
cg_pol() {
	cat >"$T_TMP/$1.pol"
	if "$POLC" build "$T_TMP/$1.pol" -o "$T_TMP/$1.polb" >"$T_TMP/$1.log" 2>&1; then
		chmod 644 "$T_TMP/$1.polb"
		return 0
	fi
	fail "polc build $1" "$(tr '\n' ' ' <"$T_TMP/$1.log" | head -c 400)"
	return 1
}

# cg_enf ARGS...: run enforce; $OUT stdout, $ERR stderr, $RC status
cg_enf() {
	OUT=$("$ENFORCE" "$@" 2>"$T_TMP/stderr")
	RC=$?
	ERR=$(cat "$T_TMP/stderr")
}
