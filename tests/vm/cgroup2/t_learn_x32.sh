#!/bin/sh
# x32 calls in a learning run (enforce --learn), on a kernel that has the
# x32 entry (Debian's, booted with syscall.x32=y; the build machine's has
# none): an x32 kcmp appears as arch=x32 with its number (bit 30 kept) and
# the blob's errno, an x32 open gives its file record, and the calls still
# run (the recorder lets them go on: kcmp then answers as the kernel does).
. /tests/lib/common.sh
scratch
blob=$BLOBS/learn_x32.polb
[ -f "$blob" ] || { fail "learn_x32.polb is in the guest" "$(cat "$BLOBS/UNAVAILABLE" 2>/dev/null)"; done_testing; exit; }
assert_contains "booted with the x32 entry on" "$(cat /proc/cmdline)" "syscall.x32=y"
echo hi >"$T_TMP/known"
out=$("$ENFORCE" --learn "$T_TMP/t.trace" "$blob" -- "$TESTBIN/learnprobe" x32kcmp x32open "$T_TMP/known" i386kcmp 2>&1); rc=$?
assert_eq "the probe ran" 0 "$rc"
assert_contains "the loud line" "$out" "LEARNING RUN:"
t=$(cat "$T_TMP/t.trace")
assert_contains "x32 kcmp: arch=x32, nr with its bit, the blob's errno" "$t" "sc arch=x32 nr=1073742136 name=kcmp blob=errno:13 n=1 "
assert_contains "x32 open: the file record" "$t" "file op=open path=$T_TMP/known acc=r "
assert_contains "i386 kcmp alongside" "$t" "sc arch=i386 nr=349 name=kcmp blob=errno:13 n=1 "
assert_contains "the end" "$t" "end status=exit:0 "
assert_contains "run admits x32" "$t" "arches=x86_64,i386,x32 "
# Without --learn the same blob refuses the x32 kcmp with EACCES: the
# blob's own verdict, which the trace reported.
out=$("$ENFORCE" "$blob" -- "$TESTBIN/sccall" x32 312 1 1 2>&1)
assert_contains "enforced: x32 kcmp answers EACCES" "$out" "errno=13"
done_testing
