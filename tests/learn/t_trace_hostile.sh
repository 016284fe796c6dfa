#!/bin/sh
# enforce --learn against a hostile workload, the way an attacker would
# try it: pointers that fault, a string with no end before an unmapped
# page, a path longer than the kernel takes, names with newlines, `=`,
# spaces, `%`, `#`, control bytes and a whole forged record in them,
# more distinct paths than the table holds, a trace path that exists or
# is a symlink, and a workload that swaps the trace's name for a symlink
# while it runs. The trace must stay well formed (nothing injected, every
# loss counted in `lost`), the supervisor must survive and write only its
# own file, and nothing may be left behind. As root and rootless.
. "$(dirname "$0")/../lib/common.sh"
scratch
PROBE=$TESTBIN/learnprobe
CHECK="python3 $TOP/tests/learn/trace_check.py"

printf 'policy hostile\nnamespaces {\n    unshare user pid\n}\nsyscalls {\n    default kill_process\n    arch native x86 x32\n    allow @system-service\n    allow execve\n}\n' >"$T_TMP/h.pol"
"$POLC" build "$T_TMP/h.pol" -o "$T_TMP/h.polb" >"$T_TMP/build.out" 2>&1 ||
	{ fail "polc build" "$(cat "$T_TMP/build.out")"; exit 1; }
chmod 644 "$T_TMP/h.polb"

as() { if [ "$1" = root ]; then shift; "$@"; else shift; as_user "$@"; fi; }

hostile() {
	who=$1 d=$T_TMP/$1
	mkdir -p "$d"
	[ "$who" = root ] || chown "$T_USER" "$d"
	t=$d/h.trace
	OUT=$(as "$who" "$ENFORCE" --learn "$t" "$T_TMP/h.polb" -- "$PROBE" badptr hugepath evil "$d" open /etc/hostname 2>&1); RC=$?
	assert_eq "$who: the hostile probe ran to its end" 0 "$RC"
	c=$($CHECK "$t"); assert_eq "$who: the trace is well formed after bad pointers and names" "" "$c"
	lost=$(sed -n 's/^end .* lost=\([0-9]*\)$/\1/p' "$t")
	# 2 faulting paths, 1 without an end, 1 bind and 1 connect address that
	# fault, 2 dirfds that name no directory, 1 path of 5000 bytes
	if [ "${lost:-0}" -ge 8 ]; then pass "$who: every unreadable argument counted in lost ($lost)"; else fail "$who: lost" "lost=$lost"; fi
	if grep -q "^file op=open path=/injected" "$t"; then
		fail "$who: no record injected through a file name" "$(grep -n injected "$t")"
	else
		pass "$who: no record injected through a file name"
	fi
	assert_eq "$who: a newline in a name is escaped" 1 "$(grep -c "^file op=openat path=$d/new%0Aline acc=w " "$t")"
	assert_eq "$who: the forged record stays inside one path value" 1 \
		"$(grep -c "^file op=openat path=$d/x%0Afile%20op%3Dopen%20path%3D/injected%20acc%3Drw%20n%3D1%20exe%3D/evil acc=w " "$t")"
	assert_eq "$who: a name that is '-' is not the empty value" 1 "$(grep -c "^file op=openat path=$d/- acc=w" "$t")"
	assert_eq "$who: control bytes and non-ASCII are escaped" 1 "$(grep -c "path=$d/ctl%1B\[2J " "$t")"
	if LC_ALL=C grep -q '[^ -~]' "$t"; then fail "$who: the trace is printable ASCII"; else pass "$who: the trace is printable ASCII"; fi
	long=$(grep -c "^file op=openat path=/bbbbbbbb" "$t")
	assert_eq "$who: the 4095-byte path is recorded (once; the 5000-byte one is lost)" 1 "$long"
	has_after=$(grep -c "^file op=openat path=/etc/hostname acc=r" "$t")
	assert_eq "$who: the supervisor went on recording after all that" 1 "$has_after"
}

hostile root
hostile "$T_USER"

# More distinct paths than the table holds (100000 records): the rest is
# counted, the file stays under the format's limits, the command is not slowed to death.
d=$T_TMP/root
"$ENFORCE" --learn "$d/many.trace" "$T_TMP/h.polb" -- "$PROBE" many 120000 >/dev/null 2>&1; rc=$?
assert_eq "120000 distinct paths: the command ends well" 0 "$rc"
c=$($CHECK "$d/many.trace"); assert_eq "120000 distinct paths: the trace is well formed" "" "$c"
recs=$(sed -n 's/^end .* records=\([0-9]*\) .*/\1/p' "$d/many.trace")
lost=$(sed -n 's/^end .* lost=\([0-9]*\)$/\1/p' "$d/many.trace")
assert_eq "the table stops at 100000 records (and run)" 100001 "$recs"
if [ "${lost:-0}" -ge 20000 ]; then pass "the overflow is counted in lost ($lost)"; else fail "overflow counted" "lost=$lost"; fi
size=$(stat -c %s "$d/many.trace")
if [ "$size" -lt $((64 << 20)) ]; then pass "the trace is under 64 MiB ($size bytes)"; else fail "trace size" "$size"; fi

# The trace is never written through what is already there.
echo keep >"$d/exists"
OUT=$("$ENFORCE" --learn "$d/exists" "$T_TMP/h.polb" -- "$PROBE" 2>&1); RC=$?
assert_eq "an existing trace file: refused, 125" 125 "$RC"
assert_contains "... with one line naming it" "$OUT" "$d/exists: creating the trace"
assert_eq "... and left as it was" keep "$(cat "$d/exists")"
echo victim >"$d/victim"
ln -s "$d/victim" "$d/link.trace"
OUT=$("$ENFORCE" --learn "$d/link.trace" "$T_TMP/h.polb" -- "$PROBE" 2>&1); RC=$?
assert_eq "a symlink at the trace's name: refused, 125" 125 "$RC"
assert_eq "... and its target untouched" victim "$(cat "$d/victim")"
case $OUT in *done*) fail "a refused learning run runs nothing" "$OUT" ;; *) pass "a refused learning run runs nothing" ;; esac

# The workload swaps the trace's name for a symlink to a victim while it
# runs: the supervisor writes through the fd it made, never the name.
# (a directory the container's mapped root may write)
mkdir "$d/open"; chmod 777 "$d/open"
echo victim >"$d/victim2"
"$ENFORCE" --learn "$d/open/swap.trace" "$T_TMP/h.polb" -- "$PROBE" swap "$d/open/swap.trace" "$d/victim2" >/dev/null 2>&1
assert_eq "a swapped trace name: the victim is untouched" victim "$(cat "$d/victim2")"
[ -L "$d/open/swap.trace" ] && pass "... the name is the workload's symlink, the trace went to the file the supervisor made" ||
	fail "swap" "$(ls -l "$d")"

# Nothing left behind: no probe, no enforce of ours.
sleep 0.2
if pgrep -f "$PROBE" >/dev/null; then fail "no probe left running" "$(pgrep -af "$PROBE")"; else pass "no probe left running"; fi
if pgrep -f "enforce --learn $T_TMP" >/dev/null; then fail "no enforce left running"; else pass "no enforce left running"; fi

done_testing
