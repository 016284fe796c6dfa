#!/bin/sh
# enforce --learn, for real: a probe does known things inside a container
# built from a blob (user and pid namespaces, a kill_process filter with
# errno rules), as root and as the unprivileged poltest; the trace must be
# well formed (tests/learn/trace_check.py, docs/learn-trace.md), carry the
# sc/file/net/cap records of what the probe did with the blob's verdict,
# name i386 int 0x80 calls as such, see forks and threads, and end with
# the command's status. x32 calls: this host's kernel has no x32 entry
# (CONFIG_X86_X32_ABI off); the qemu lane covers them (tests/vm/t_vm_learn.sh).
. "$(dirname "$0")/../lib/common.sh"
scratch
PROBE=$TESTBIN/learnprobe
CHECK="python3 $TOP/tests/learn/trace_check.py"

cat >"$T_TMP/a.pol" <<'POL'
policy learnt
namespaces {
    unshare user pid
}
syscalls {
    default kill_process
    arch native x86 x32
    allow @system-service
    allow execve
    errno EACCES kcmp
}
POL
"$POLC" build "$T_TMP/a.pol" -o "$T_TMP/a.polb" >"$T_TMP/build.out" 2>&1 ||
	{ fail "polc build" "$(cat "$T_TMP/build.out")"; exit 1; }
chmod 644 "$T_TMP/a.polb"

# learn WHO TRACE ARGS...: a learning run of the probe; OUT, RC
learn() {
	who=$1 trace=$2; shift 2
	if [ "$who" = root ]; then
		OUT=$("$ENFORCE" --learn "$trace" "$T_TMP/a.polb" -- "$PROBE" "$@" 2>&1); RC=$?
	else
		OUT=$(as_user "$ENFORCE" --learn "$trace" "$T_TMP/a.polb" -- "$PROBE" "$@" 2>&1); RC=$?
	fi
}

has() { # NAME TRACE REGEX: a record line matching REGEX (grep -E) is in TRACE
	if grep -Eq -- "$3" "$2"; then pass "$1"; else fail "$1" "no /$3/ in $2: $(grep -v '^file op=\(openat\|newfstatat\|access\)' "$2" | head -c 600)"; fi
}

probe_run() { # WHO: the whole known sequence, checked
	who=$1 d=$T_TMP/$who
	mkdir -p "$d"
	[ "$who" = root ] || chown "$T_USER" "$d"
	echo hi >"$d/known"; chmod 644 "$d/known"
	learn "$who" "$d/t.trace" open "$d/known" write "$d/made" cd "$d" open relative \
		openat /etc passwd bind 80 udpbind 53 unixbind sock abstract abs \
		i386open "$d/known" i386kcmp kcmp unshare fork "$d/by-fork" thread "$d/by-thread" \
		rawsock mknod "$d/null"
	assert_eq "$who: the command's status" 0 "$RC"
	assert_contains "$who: the loud line" "$OUT" "LEARNING RUN: $T_TMP/a.polb's syscall filter is replaced"
	assert_contains "$who: the probe ran to its end" "$OUT" "done"
	c=$($CHECK "$d/t.trace"); assert_eq "$who: the trace is well formed" "" "$c"
	t=$d/t.trace
	sum=$(sha256sum "$T_TMP/a.polb" | cut -d' ' -f1)
	has "$who: run names the blob by its digest" "$t" "^run blob=[^ ]*a.polb sha256=$sum uid=$(if [ "$who" = root ]; then echo 0; else id -u "$T_USER"; fi) rootless=$([ "$who" = root ] && echo 0 || echo 1) cmd=[^ ]*learnprobe arches=x86_64,i386,x32 "
	has "$who: open of a known path, read" "$t" "^file op=openat path=$d/known acc=r n=1 exe=[^ ]*learnprobe$"
	has "$who: a created file, write" "$t" "^file op=openat path=$d/made acc=w "
	has "$who: a relative path, resolved against the cwd" "$t" "^file op=openat path=$d/relative acc=r "
	has "$who: a path relative to a dirfd" "$t" "^file op=openat path=/etc/passwd acc=r "
	has "$who: the command's execve" "$t" "^file op=execve path=$PROBE acc=x "
	has "$who: bind below 1024" "$t" "^net op=bind fam=inet type=stream addr=127.0.0.1 port=80 n=1 "
	has "$who: ... implies net_bind_service" "$t" "^cap cap=net_bind_service why=bind%20tcp%20127.0.0.1:80 "
	has "$who: udp bind" "$t" "^net op=bind fam=inet type=dgram addr=127.0.0.1 port=53 "
	has "$who: unix bind, a path" "$t" "^net op=bind fam=unix type=stream addr=$d/sock port=0 "
	has "$who: abstract unix bind" "$t" "^net op=bind fam=unix type=stream addr=@abs port=0 "
	has "$who: i386 open through int 0x80" "$t" "^file op=open path=$d/known acc=r "
	has "$who: i386 kcmp, errno by the blob" "$t" "^sc arch=i386 nr=349 name=kcmp blob=errno:13 n=1 "
	has "$who: native kcmp, errno by the blob" "$t" "^sc arch=x86_64 nr=312 name=kcmp blob=errno:13 n=1 "
	has "$who: unshare, killed by the blob, with its flags" "$t" "^sc arch=x86_64 nr=272 name=unshare blob=kill a0=0x10000000 n=1 "
	has "$who: a forked child's open" "$t" "^file op=openat path=$d/by-fork acc=r "
	has "$who: a thread's open" "$t" "^file op=openat path=$d/by-thread acc=r "
	has "$who: a raw socket implies net_raw" "$t" "^cap cap=net_raw why=socket%20inet%20raw "
	has "$who: a char device implies mknod" "$t" "^cap cap=mknod why=mknod%20$d/null%20char%20device "
	has "$who: the end" "$t" "^end status=exit:0 records=[0-9]+ lost=0$"
	if grep -q "^sc .*name=openat " "$t"; then
		fail "$who: calls the blob allows carry no sc record" "$(grep '^sc .*name=openat' "$t")"
	else
		pass "$who: calls the blob allows carry no sc record"
	fi
}

probe_run root
if id "$T_USER" >/dev/null 2>&1; then
	probe_run "$T_USER"
else
	fail "rootless" "no user $T_USER (tests/run.sh creates it)"
fi

echo "ok - x32 # SKIP this kernel has no x32 entry (CONFIG_X86_X32_ABI is off); the qemu lane proves it: tests/vm/t_vm_learn.sh"

# A chown to another uid, as root (the rootless map has one uid)
d=$T_TMP/root
learn root "$d/chown.trace" write "$d/c" chown "$d/c" 1234 1234
has "chown to another uid implies chown" "$d/chown.trace" "^cap cap=chown why=chown%20$d/c%20to%201234:1234 "

# Credentials, another uid's process, mounts, chroot (root: the container's
# map has room for another uid)
learn root "$d/creds.trace" setuid 1234 killother 1234 mount /tmp chroot /tmp
has "setuid to another uid implies setuid" "$d/creds.trace" "^cap cap=setuid why=setuid%201234 "
has "a signal to another uid's process implies kill" "$d/creds.trace" "^cap cap=kill why=kill%20of%20a%20process%20of%20uid%20[0-9]+,%20signal%209 "
has "mount implies sys_admin" "$d/creds.trace" "^cap cap=sys_admin why=mount "
has "mount, killed by the blob" "$d/creds.trace" "^sc arch=x86_64 nr=165 name=mount blob=kill "
has "chroot implies sys_chroot" "$d/creds.trace" "^cap cap=sys_chroot why=chroot%20/tmp "
c=$($CHECK "$d/creds.trace"); assert_eq "the credentials trace is well formed" "" "$c"

# SIGTERM to enforce: forwarded, the command dies, the trace is written
# (the probe says it is past the open by making a file; it then sleeps
# far longer than any wait here, so no timing decides the outcome)
mkdir "$d/flag"; chmod 777 "$d/flag"
"$ENFORCE" --learn "$d/term.trace" "$T_TMP/a.polb" -- "$PROBE" open "$d/known" write "$d/flag/started" sleep 3600 >/dev/null 2>&1 &
ep=$!
for _ in $(seq 3000); do [ -e "$d/flag/started" ] && break; sleep 0.1; done
kill -TERM $ep; wait $ep; rc=$?
assert_eq "SIGTERM: enforce exits 128+15" 143 "$rc"
c=$($CHECK "$d/term.trace"); assert_eq "SIGTERM: the trace is complete" "" "$c"
# the container's pid 1 is enforce's reaper (init), which ends 128+N when
# the command dies of signal N: that is the status the supervisor sees
has "SIGTERM: the end has the status" "$d/term.trace" "^end status=exit:143 "
has "SIGTERM: what ran before is there" "$d/term.trace" "^file op=openat path=$d/known "

# --dry-run plans the learning run and creates nothing
out=$("$ENFORCE" --dry-run --learn "$d/dry.trace" "$T_TMP/a.polb" -- "$PROBE" 2>&1)
assert_contains "--dry-run: the learn step in place of seccomp" "$out" "learn      create $d/dry.trace"
[ -e "$d/dry.trace" ] && fail "--dry-run creates no trace" || pass "--dry-run creates no trace"

# A trace in a directory that is not there: 125, one line, nothing run
out=$("$ENFORCE" --learn "$d/none/t.trace" "$T_TMP/a.polb" -- "$PROBE" 2>&1); rc=$?
assert_eq "a trace that cannot be made: 125" 125 "$rc"
assert_contains "... one line naming it" "$out" "enforce: learn: $d/none/t.trace: creating the trace: No such file or directory"

# A command that is not there: 127, and a complete trace that says so
out=$("$ENFORCE" --learn "$d/nf.trace" "$T_TMP/a.polb" -- /nonexistent/learn-cmd 2>&1); rc=$?
assert_eq "a command not found: 127" 127 "$rc"
has "... the trace ends exit:127" "$d/nf.trace" "^end status=exit:127 records=1 lost=0$"

# A blob without a syscalls section: recorded all the same, no sc records
printf 'policy nosc\nnamespaces {\n    unshare user pid\n}\n' >"$T_TMP/n.pol"
"$POLC" build "$T_TMP/n.pol" -o "$T_TMP/n.polb" >/dev/null 2>&1 && chmod 644 "$T_TMP/n.polb"
out=$("$ENFORCE" --learn "$d/n.trace" "$T_TMP/n.polb" -- "$PROBE" open "$d/known" kcmp 2>&1)
assert_contains "no filter: the loud line says so" "$out" "has no syscall filter; a recorder"
has "no filter: the open is recorded" "$d/n.trace" "^file op=openat path=$d/known acc=r "
if grep -q '^sc ' "$d/n.trace"; then fail "no filter: nothing is refused, no sc record"; else pass "no filter: nothing is refused, no sc record"; fi

done_testing
