#!/bin/sh
# Learn mode end to end, on real programs that are not part of this tree:
# python3's http.server with curl as its client, sqlite3, git (init, add,
# commit), tar with gzip, busybox httpd with busybox wget, and python3's
# multiprocessing pool (a program that forks workers). Each one, as root
# and as the unprivileged poltest:
#   1. runs under `enforce --learn` over a base (hardened, a read-only
#      root, a writable tmpfs on /srv and a second one on /mnt it never touches);
#   2. `polc learn --from` the base turns the trace into a draft that
#      keeps kill_process as the default, is in fmt layout and check-clean;
#   3. the draft, built, runs the same workload: it works;
#   4. the same program doing one thing the learning run never did (a new
#      socket family, a write outside the learned paths, a new namespace,
#      ptrace) is refused, and the refusal names what: enforce -v for an
#      errno refusal, enforce's kill line, the program's EACCES from Landlock.
# shellcheck disable=SC2034 # WL_* EX_* AT_* RF_* are read through eval in one()
. "$(dirname "$0")/../lib/common.sh"
scratch
D=$T_TMP

cat >"$D/app.pol" <<'POL'
policy app
use hardened
filesystem {
    root / readonly
    tmpfs /srv size=64M mode=0777
    tmpfs /mnt size=1M mode=0777
}
POL
"$POLC" build -o "$D/app.polb" "$D/app.pol" >"$D/build.out" 2>&1 ||
	{ fail "polc build app.pol" "$(cat "$D/build.out")"; exit 1; }
chmod 644 "$D/app.polb" "$D/app.pol"

PY=/usr/bin/python3

# ---- the workloads: WL_name is what both runs do, AT_name the new action,
# EX_name what the workload prints, RF_name what the refusal says (ERE)
WL_http="cd /srv && echo hello-learn >index.html && sleep 0.1 &&
$PY -m http.server \$PORT --bind 127.0.0.1 >/dev/null 2>&1 & pid=\$!
i=0; until /usr/bin/curl -s -o /srv/out http://127.0.0.1:\$PORT/index.html; do
i=\$((i + 1)); [ \$i -gt 200 ] && break; sleep 0.1; done; cat /srv/out; kill \$pid"
EX_http="hello-learn"
AT_http="$PY -c 'import socket; socket.socket(socket.AF_NETLINK, socket.SOCK_RAW)'"
RF_http="refused socket\\(domain=0x10\\): EAFNOSUPPORT"

WL_sqlite="/usr/bin/sqlite3 /srv/t.db 'create table t(x); insert into t values(41); select x + 1 from t;'"
EX_sqlite="42"
AT_sqlite="/usr/bin/sqlite3 /mnt/t.db 'create table t(x);'"
RF_sqlite="unable to open database"

WL_git="cd /srv && /usr/bin/git init -q r && cd r && echo hi >f && /usr/bin/git add f &&
/usr/bin/git -c user.name=t -c user.email=t@example.org commit -q -m first &&
echo commits=\$(/usr/bin/git rev-list --count HEAD)"
EX_git="commits=1"
AT_git="/usr/bin/git init -q /mnt/r"
RF_git="/mnt/r.*Permission denied"

WL_tar="/usr/bin/tar czf /srv/doc.tgz -C /usr/share/doc/tar . && mkdir /srv/x &&
/usr/bin/tar xzf /srv/doc.tgz --no-same-owner -C /srv/x && echo files=\$(ls /srv/x | wc -l)"
EX_tar="files=$(ls /usr/share/doc/tar | wc -l)"
AT_tar="/usr/bin/tar xzf /srv/doc.tgz --no-same-owner -C /mnt"
RF_tar="Permission denied"

WL_busybox="mkdir -p /srv/www && echo bb-ok >/srv/www/index.html && /usr/bin/busybox sleep 0.1 &&
/usr/bin/busybox httpd -f -p 127.0.0.1:\$PORT -h /srv/www & pid=\$!
i=0; until /usr/bin/busybox wget -q -O /srv/got http://127.0.0.1:\$PORT/index.html 2>/dev/null; do
i=\$((i + 1)); [ \$i -gt 200 ] && break; /usr/bin/busybox sleep 0.1; done; cat /srv/got; kill \$pid"
EX_busybox="bb-ok"
AT_busybox="/usr/bin/busybox mount -t tmpfs none /srv"
RF_busybox="refused mount.*: EPERM"

WL_workers="$PY -c 'import multiprocessing as m, ctypes
p = m.Pool(3); print(\"sum\", sum(p.map(abs, range(-50, 50)))); p.close(); p.join()'"
EX_workers="sum 2500"
AT_workers="$PY -c 'import ctypes, os
libc = ctypes.CDLL(None, use_errno=True)
print(\"ptrace\", libc.syscall(101, 16, 1, 0, 0), os.strerror(ctypes.get_errno()))'"
RF_workers="refused ptrace.*: EPERM"

# run WHO ARGS...: enforce as WHO; OUT, RC
run() {
	who=$1; shift
	if [ "$who" = root ]; then
		OUT=$("$ENFORCE" "$@" 2>&1); RC=$?
	else
		OUT=$(as_user "$ENFORCE" "$@" 2>&1); RC=$?
	fi
}

# one WHO NAME PORT: learn, draft, enforce, refuse
one() {
	who=$1 prog=$2 port=$3 d=$D/$1
	wl='' ex='' at='' rf=''
	eval "wl=\$WL_$prog ex=\$EX_$prog at=\$AT_$prog rf=\$RF_$prog"
	script="PORT=$port; $wl"
	run "$who" --learn "$d/$prog.trace" "$D/app.polb" -- /bin/sh -c "$script"
	if [ "$RC" = 0 ] && printf '%s' "$OUT" | grep -q -- "$ex"; then
		pass "$who $prog: the learning run works"
	else
		fail "$who $prog: the learning run" "exit $RC: $(printf '%s' "$OUT" | tail -5)"; return
	fi
	# rootless: polc learn as the same unprivileged user
	if [ "$who" = root ]; then
		out=$("$POLC" learn --from "$D/app.pol" -o "$d/$prog.pol" "$d/$prog.trace" 2>&1)
	else
		out=$(as_user "$POLC" learn --from "$D/app.pol" -o "$d/$prog.pol" "$d/$prog.trace" 2>&1)
	fi || { fail "$who $prog: polc learn" "$out"; return; }
	pass "$who $prog: polc learn"
	grep -q '^    default kill_process$' "$d/$prog.pol" && pass "$who $prog: kill_process stays the default" ||
		fail "$who $prog: kill_process stays the default" "$(grep default "$d/$prog.pol")"
	assert_status "$who $prog: the draft is in fmt layout" 0 "$POLC" fmt --check "$d/$prog.pol"
	out=$("$POLC" check -I "$D" "$d/$prog.pol" 2>&1) && pass "$who $prog: polc check, no error" ||
		fail "$who $prog: polc check" "$out"
	out=$("$POLC" build -I "$D" -o "$d/$prog.polb" "$d/$prog.pol" 2>&1) ||
		{ fail "$who $prog: polc build of the draft" "$out"; return; }
	chmod 644 "$d/$prog.polb"
	run "$who" "$d/$prog.polb" -- /bin/sh -c "$script"
	if [ "$RC" = 0 ] && printf '%s' "$OUT" | grep -q -- "$ex"; then
		pass "$who $prog: the same workload under the learned policy"
	else
		fail "$who $prog: under the learned policy" "exit $RC: $(printf '%s' "$OUT" | tail -5); draft: $(grep -v '^ *#' "$d/$prog.pol" | tr '\n' ' ')"
	fi
	run "$who" -v "$d/$prog.polb" -- /bin/sh -c "$script; $at"
	if printf '%s' "$OUT" | grep -Eq -- "$rf"; then
		pass "$who $prog: a new action is refused: $rf"
	else
		fail "$who $prog: a new action" "exit $RC, want /$rf/: $(printf '%s' "$OUT" | tail -5)"
	fi
}

# i386: a static helper's `int 0x80` open (tests/bin/learnprobe.c). The
# base kills it (native only); the draft admits x86 and says why; the
# workload runs under it; unshare(CLONE_NEWUSER), never learned, is
# killed and named. x32: this kernel has no x32 entry (CONFIG_X86_X32_ABI off),
# the qemu lane covers the recorder's side (tests/vm/t_vm_learn.sh).
i386() {
	who=$1 d=$D/$1
	probe=$TESTBIN/learnprobe
	[ -x "$probe" ] || { fail "$who i386: $probe" "not built (make check builds tests/bin)"; return; }
	run "$who" "$D/app.polb" -- "$probe" i386open /etc/hostname
	assert_contains "$who i386: the base kills an int 0x80 open, named" "$OUT" "blocked syscall open (5, i386 int 0x80)"
	run "$who" --learn "$d/i386.trace" "$D/app.polb" -- "$probe" i386open /etc/hostname
	assert_eq "$who i386: the learning run works" 0 "$RC"
	out=$("$POLC" learn --from "$D/app.pol" -o "$d/i386.pol" "$d/i386.trace" 2>&1) ||
		{ fail "$who i386: polc learn" "$out"; return; }
	grep -q '^    arch x86_64 x86$' "$d/i386.pol" && pass "$who i386: the draft admits x86" ||
		fail "$who i386: the draft admits x86" "$(cat "$d/i386.pol")"
	grep -B1 '^    arch x86_64 x86$' "$d/i386.pol" | grep -q '# i386 int 0x80 calls seen 1 time, first by .*learnprobe .*: open$' &&
		pass "$who i386: ... and says why" || fail "$who i386: ... and says why" "$(grep -B1 arch "$d/i386.pol")"
	"$POLC" build -I "$D" -o "$d/i386.polb" "$d/i386.pol" >/dev/null 2>&1 && chmod 644 "$d/i386.polb"
	run "$who" "$d/i386.polb" -- "$probe" i386open /etc/hostname
	assert_eq "$who i386: the int 0x80 open runs under the draft" 0 "$RC"
	run "$who" "$d/i386.polb" -- "$probe" i386open /etc/hostname unshare
	assert_contains "$who i386: a new namespace is killed, named" "$OUT" "blocked syscall unshare"
}

# The recorder's every kind, end to end: the probe of tests/learn/t_trace.sh
# (binds below 1024, a raw socket, mknod, unshare(CLONE_NEWUSER), an int
# 0x80 kcmp), recorded by enforce and drafted by polc: each record kind
# becomes its rule in a check-clean draft.
kinds() {
	who=$1 d=$D/$1/kinds
	probe=$TESTBIN/learnprobe
	mkdir -p "$d"; [ "$who" = root ] || chown "$T_USER" "$d"
	cat >"$d/k.pol" <<'POL'
policy k
namespaces {
    unshare user pid
}
syscalls {
    default kill_process
    arch native x86
    allow @system-service
    allow execve
    errno EACCES kcmp
}
POL
	"$POLC" build -o "$d/k.polb" "$d/k.pol" >/dev/null 2>&1 && chmod 644 "$d/k.polb" "$d/k.pol"
	run "$who" --learn "$d/k.trace" "$d/k.polb" -- "$probe" bind 80 rawsock mknod "$d/null" unshare \
		i386kcmp open /etc/hostname
	assert_eq "$who kinds: the learning run" 0 "$RC"
	out=$("$POLC" learn --from "$d/k.pol" -o "$d/draft.pol" "$d/k.trace" 2>&1) || { fail "$who kinds: polc learn" "$out"; return; }
	for want in '^    keep net_bind_service$' '^    keep net_raw$' '^    keep mknod$' \
		'^    allow unshare if flags & 0x7e020080 == CLONE_NEWUSER$' '^    allow kcmp$' \
		'^        bind tcp 80$' '^        read /etc/hostname$' "^        execute $probe\$"; do
		grep -Eq -- "$want" "$d/draft.pol" && pass "$who kinds: /$want/" || fail "$who kinds: /$want/" "$(grep -v '^ *#' "$d/draft.pol" | tr '\n' ' ')"
	done
	out=$("$POLC" check -I "$d" "$d/draft.pol" 2>&1) && pass "$who kinds: the draft checks clean" || fail "$who kinds: check" "$out"
}

for who in root user; do
	if [ "$who" = user ] && ! id "$T_USER" >/dev/null 2>&1; then
		skip "rootless learning" "no user $T_USER (tests/run.sh makes it)"; continue
	fi
	mkdir -p "$D/$who"
	[ "$who" = root ] || chown "$T_USER" "$D/$who"
	base=21110; [ "$who" = root ] || base=21130
	one "$who" http $((base + 1))
	one "$who" sqlite 0
	one "$who" git 0
	one "$who" tar 0
	one "$who" busybox $((base + 2))
	one "$who" workers 0
	i386 "$who"
	kinds "$who"
done
done_testing
