#!/bin/sh
# polc learn on hand-written traces (docs/learn-trace.md): each record kind
# becomes the rule it should, over hardened and over a strict base of our
# own; groups only when harmless by the audit checks; paths collapsed to
# directories, never to /; several traces merged by adding counts; every
# rule with its comment; the draft in fmt layout and check-clean. Then the
# hostile and broken traces: one line "polc: TRACE:LINE: ...", exit 2.
. "$(dirname "$0")/../lib/common.sh"
scratch
D=$T_TMP

# trace NAME BODY: a trace file with its run and end records around BODY
trace() {
	n=$(printf '%s' "$2" | grep -c .)
	{
		echo "polc-trace 1"
		echo "run blob=/srv/app.polb sha256=00 uid=0 rootless=0 cmd=/usr/sbin/nginx arches=x86_64 kernel=6.18"
		printf '%s\n' "$2"
		echo "end status=exit:0 records=$((n + 1)) lost=0"
	} >"$D/$1"
}

cat >"$D/strict.pol" <<'POL'
policy strict
syscalls {
    default kill_process
    allow read write exit_group
}
POL

# learn NAME ARGS...: the draft in $D/NAME.pol (DRAFT, RULES without the
# comments), what polc said in $D/NAME.out, its status RC
learn() {
	name=$1; shift
	"$POLC" learn -I "$D" "$@" -o "$D/$name.pol" >"$D/$name.out" 2>&1; RC=$?
	DRAFT=$(cat "$D/$name.pol" 2>/dev/null)
	RULES=$(grep -v '^ *#' "$D/$name.pol" 2>/dev/null)
}
clean() { # NAME: the draft is in fmt layout and check has no error
	assert_status "$1: polc fmt --check" 0 "$POLC" fmt --check "$D/$1.pol"
	c=$("$POLC" check -I "$D" "$D/$1.pol" 2>&1); s=$?
	if [ "$s" = 0 ]; then pass "$1: polc check, no error"; else fail "$1: polc check" "$c"; fi
}
has_line() { # NAME REGEX: a line of the draft matches
	if printf '%s\n' "$DRAFT" | grep -Eq -- "$2"; then pass "$1"; else fail "$1" "no /$2/ in: $(printf '%s' "$DRAFT" | head -c 1500)"; fi
}
no_line() {
	if printf '%s\n' "$DRAFT" | grep -Eq -- "$2"; then fail "$1" "/$2/ in: $(printf '%s\n' "$DRAFT" | grep -E -- "$2")"; else pass "$1"; fi
}
# comment_for NAME RULE REGEX: the comment line just above RULE matches
comment_for() {
	c=$(printf '%s\n' "$DRAFT" | grep -B1 -F -x -- "$2" | head -1)
	case "$c" in *"$2"*) c=$(printf '%s\n' "$DRAFT" | grep -B2 -F -x -- "$2" | head -1) ;; esac
	if printf '%s' "$c" | grep -Eq -- "$3"; then pass "$1"; else fail "$1" "comment above [$2] is [$c], want /$3/"; fi
}

# ---- syscalls over hardened ----------------------------------------------
trace h.trace "sc arch=x86_64 nr=41 name=socket blob=errno:97 a0=0x10 a1=0x3 a2=0x0 n=3 exe=/usr/sbin/nginx
sc arch=x86_64 nr=16 name=ioctl blob=kill a1=0x5412 n=1 exe=/usr/sbin/nginx
sc arch=x86_64 nr=101 name=ptrace blob=errno:1 n=2 exe=/usr/sbin/nginx
sc arch=x86_64 nr=272 name=unshare blob=kill a0=0x10000000 n=1 exe=/usr/sbin/nginx
sc arch=i386 nr=4 name=write blob=kill n=5 exe=/tmp/int80
sc arch=x86_64 nr=435 name=clone3 blob=errno:38 a0=0x0 n=4 exe=/usr/sbin/nginx
sc arch=x86_64 nr=0 name=read blob=allow n=9 exe=/usr/sbin/nginx"
learn h "$D/h.trace"
assert_eq "hardened: exit 0" 0 "$RC"
has_line "hardened: uses the base" "^use hardened$"
has_line "hardened: keeps the base's default" "^    default kill_process$"
has_line "hardened: an i386 entry adds the arch" "^    arch x86_64 x86$"
comment_for "hardened: ... saying why" "    arch x86_64 x86" "i386 int 0x80 calls seen 5 times, first by /tmp/int80 \([^)]*h.trace:7\): write"
has_line "socket: the family and type seen, by name" "^    allow socket if domain == AF_NETLINK and type & 0xf == SOCK_RAW$"
has_line "socket: the base's rules restated after it" "^    allow socket if domain in \{ AF_UNIX AF_INET AF_INET6 \}$"
a=$(printf '%s\n' "$RULES" | grep -n 'allow socket if domain == AF_NETLINK' | cut -d: -f1)
b=$(printf '%s\n' "$RULES" | grep -n 'errno EAFNOSUPPORT socket' | cut -d: -f1)
if [ -n "$a" ] && [ -n "$b" ] && [ "$a" -lt "$b" ]; then pass "socket: ours before the base's refusal"; else fail "socket: order" "$RULES"; fi
comment_for "socket: the comment counts and names the first" "    allow socket if domain == AF_NETLINK and type & 0xf == SOCK_RAW" \
	"^    # seen 3 times, first by /usr/sbin/nginx \([^)]*h.trace:3\): socket\(domain == AF_NETLINK and type == SOCK_RAW\); the base: errno EAFNOSUPPORT$"
has_line "ioctl: the request by name" "^    allow ioctl if request == TIOCSTI$"
has_line "ioctl: the risk named from the audit checks" "^    # risk: the audit checks tiocsti fail with it"
has_line "unshare: the namespace bits" "^    allow unshare if flags & 0x7e020080 == CLONE_NEWUSER$"
has_line "unshare: the risk" "# risk: the audit checks new_userns"
no_line "ptrace: refused with errno by the base and risky: not added" "allow ptrace"
has_line "ptrace: ... said in the header, with the check" "^#   ptrace: seen 2 times.*sc_ptrace.*kept refused$"
no_line "clone3: flags in memory: not added over errno" "allow clone3"
has_line "clone3: ... said why" "^#   clone3: .*behind a pointer"
no_line "read: the base allows it: nothing" "allow read"
clean h

# ---- syscalls over a strict base: arguments, groups -----------------------
trace s.trace "sc arch=x86_64 nr=157 name=prctl blob=kill a0=0x26 n=1 exe=/bin/x
sc arch=x86_64 nr=157 name=prctl blob=kill a0=0xf n=2 exe=/bin/x
sc arch=x86_64 nr=135 name=personality blob=kill a0=0x0 n=1 exe=/bin/x
sc arch=x86_64 nr=10 name=mprotect blob=kill a2=0x7 n=1 exe=/bin/x
sc arch=x86_64 nr=9 name=mmap blob=kill a2=0x3 n=8 exe=/bin/x
sc arch=x86_64 nr=72 name=fcntl blob=kill a1=0x406 n=1 exe=/bin/x
sc arch=x86_64 nr=54 name=setsockopt blob=kill a1=0x1 a2=0x2 n=1 exe=/bin/x
sc arch=x86_64 nr=56 name=clone blob=kill a0=0x40000000 n=1 exe=/bin/x
sc arch=x86_64 nr=74 name=fsync blob=kill n=1 exe=/bin/x
sc arch=x86_64 nr=75 name=fdatasync blob=kill n=1 exe=/bin/x
sc arch=x86_64 nr=306 name=syncfs blob=kill n=1 exe=/bin/x
sc arch=x86_64 nr=162 name=sync blob=kill n=1 exe=/bin/x
sc arch=x86_64 nr=165 name=mount blob=kill n=1 exe=/bin/x
sc arch=x86_64 nr=166 name=umount2 blob=kill n=1 exe=/bin/x
sc arch=x86_64 nr=155 name=pivot_root blob=kill n=1 exe=/bin/x
sc arch=x86_64 nr=161 name=chroot blob=kill n=1 exe=/bin/x
sc arch=x32 nr=1073741825 name=write blob=kill n=1 exe=/bin/x32
sc arch=x86_64 nr=999 name=- blob=kill n=1 exe=/bin/x"
learn s --from "$D/strict.pol" "$D/s.trace"
assert_eq "strict: exit 0" 0 "$RC"
has_line "--from: uses that policy" "^use strict$"
has_line "prctl: the options seen" "^    allow prctl if option in \{ PR_SET_NO_NEW_PRIVS PR_SET_NAME \}$"
has_line "personality" "^    allow personality if persona == PER_LINUX$"
has_line "mprotect: W+X" "^    allow mprotect if prot & 0x6 == PROT_WRITE\|PROT_EXEC$"
has_line "mmap: W without X" "^    allow mmap if prot & 0x6 == PROT_WRITE$"
has_line "fcntl: the command" "^    allow fcntl if cmd == F_DUPFD_CLOEXEC$"
has_line "setsockopt: level and name" "^    allow setsockopt if level == SOL_SOCKET and optname == 2$"
has_line "clone: the namespace bits of the flags" "^    allow clone if flags & 0x7e020000 == CLONE_NEWNET$"
has_line "a harmless group the runs cover most of" "^    allow @sync$"
has_line "... its comment says why" "^    # .* syscalls here seen or allowed by the base; harmless by polc audit's checks"
no_line "a risky group is not taken whole" "allow @mount"
has_line "... its calls one by one" "^    allow mount$"
has_line "x32: a 0x40000000 number is x32" "^    arch x86_64 x32$"
has_line "an unnamed number: said, no rule" "^#   syscall 999 on x86_64 .*no rule can name it"
clean s

# ---- files, ports, capabilities -------------------------------------------
trace f.trace "file op=openat path=/etc/passwd acc=r n=213 exe=/usr/sbin/nginx
file op=openat path=/etc/group acc=r n=2 exe=/usr/sbin/nginx
file op=openat path=/etc/hosts acc=r n=2 exe=/usr/sbin/nginx
file op=openat path=/etc/nsswitch.conf acc=r n=2 exe=/usr/sbin/nginx
file op=openat path=/usr/share/doc/not-here-polc-test/x acc=r n=1 exe=/usr/sbin/nginx
file op=openat path=/bin/sh acc=r n=1 exe=/usr/sbin/nginx
file op=newfstatat path=/var/log acc=r n=7 exe=/usr/sbin/nginx
file op=openat path=/var/tmp/x%0A%7D%0Asyscalls%20%7B%0Aallow%20ptrace acc=w n=1 exe=/evil%0Aallow%20ptrace
file op=execve path=/bin/sh acc=x n=1 exe=/usr/sbin/nginx
file op=execve path=/usr/local/bin/not-here-polc-test acc=x n=1 exe=/bin/sh
file op=unlink path=/var/tmp/polc-none acc=w n=1 exe=/usr/sbin/nginx
file op=openat path=/ acc=r n=1 exe=/usr/sbin/nginx
file op=openat path=/proc/4242/status acc=r n=1 exe=/usr/sbin/nginx
net op=bind fam=inet type=stream addr=0.0.0.0 port=80 n=1 exe=/usr/sbin/nginx
net op=connect fam=inet6 type=stream addr=::1 port=5432 n=7 exe=/usr/sbin/nginx
net op=connect fam=inet type=dgram addr=127.0.0.53 port=53 n=7 exe=/usr/sbin/nginx
cap cap=net_bind_service why=bind%20tcp%200.0.0.0:80 n=1 exe=/usr/sbin/nginx"
learn f "$D/f.trace"
assert_eq "files: exit 0" 0 "$RC"
has_line "a directory with many files: the directory" "^        read /etc$"
comment_for "... its comment counts them" "        read /etc" "read: 4 paths beneath, seen 219 times, first by /usr/sbin/nginx \([^)]*f.trace:3\): openat /etc/passwd"
no_line "... not the files" "read /etc/passwd"
has_line "a path that does not exist: its nearest directory" "^        read /usr/share/doc$"
has_line "execute of a program" "^        execute /bin/sh$"
no_line "... read of it, given by execute" "read /bin/sh"
has_line "... and its ELF interpreter" "^        execute /lib64/ld-linux-x86-64.so.2$"
no_line "stat is not Landlock's: no rule" "/var/log"
no_line "an exec of a path not there (a PATH search): no rule on its directory" "^        execute /usr/local"
has_line "... said" "^#   execute /usr/local/bin/not-here-polc-test .*a PATH search"
has_line "unlink: write on the directory" "^        write /var/tmp$"
no_line "never /" "^        (read|write|execute) /$"
has_line "/ itself: said, not added" "^#   read / .*would cover every file"
has_line "/proc/PID: /proc" "^        read /proc$"
if printf '%s\n' "$RULES" | grep -q "ptrace"; then fail "a path with newlines does not become policy" "$RULES"; else pass "a path with newlines does not become policy"; fi
has_line "... its comment shows them as ?" "^        # write: .*/evil\\?allow ptrace .*openat /var/tmp/x\\?\\}\\?syscalls"
assert_eq "... one syscalls section" 1 "$(printf '%s\n' "$DRAFT" | grep -c '^syscalls {')"
has_line "bind tcp" "^        bind tcp 80$"
has_line "connect tcp, inet6 too" "^        connect tcp 5432$"
has_line "udp: said, not a Landlock rule" "^#   connect inet dgram 127.0.0.53 port 53 .*TCP ports only"
has_line "a capability" "^    keep net_bind_service$"
comment_for "... with the event that implied it" "    keep net_bind_service" "seen 1 time, first by /usr/sbin/nginx \([^)]*f.trace:19\): bind tcp 0.0.0.0:80$"
clean f

# ---- a base with its own Landlock ruleset and capabilities ----------------
# A later file's landlock block and capabilities section replace the
# base's: the draft restates the base's, and repeats nothing it covers.
cat >"$D/withll.pol" <<'POL'
policy withll
use hardened
capabilities {
    keep chown
}
lsm {
    landlock {
        read /usr
        connect tcp 443
    }
}
POL
trace ll.trace "file op=openat path=/usr/share/doc acc=r n=3 exe=/bin/x
file op=openat path=/etc/hostname acc=r n=1 exe=/bin/x
cap cap=net_bind_service why=bind%20tcp%20127.0.0.1:80 n=1 exe=/bin/x
cap cap=chown why=chown%20/srv/f%20to%201000 n=1 exe=/bin/x"
learn ll --from "$D/withll.pol" "$D/ll.trace"
assert_eq "a base with Landlock: exit 0" 0 "$RC"
has_line "... its paths restated" "^        read /usr$"
comment_for "... saying why" "        read /usr" "the base's, restated \\(.*withll.pol:[0-9]+\\): a landlock block replaces the base's"
has_line "... its ports restated" "^        connect tcp 443$"
has_line "... a new path added" "^        read /etc/hostname$"
no_line "... a path it covers not repeated" "read /usr/share"
has_line "... its capabilities restated" "^    keep chown$"
has_line "... a new capability added" "^    keep net_bind_service$"
assert_eq "... a capability it keeps not repeated" 1 "$(printf '%s\n' "$RULES" | grep -c 'keep chown')"
clean ll

# A base without a syscalls section has no filter: the draft must not make
# one of a default alone (that would kill every call).
printf 'policy nofilter\nnamespaces {\n    unshare user\n}\n' >"$D/nofilter.pol"
trace nf.trace "file op=openat path=/etc/hostname acc=r n=1 exe=/bin/x"
learn nf --from "$D/nofilter.pol" "$D/nf.trace"
no_line "a base without a filter: the draft adds no syscalls section" "^syscalls"
has_line "... and says so" "^#   the base has no syscalls section"
has_line "... its Landlock rules still learned" "^        read /etc/hostname$"
clean nf

# ---- merging ---------------------------------------------------------------
trace m1.trace "sc arch=x86_64 nr=157 name=prctl blob=kill a0=0x26 n=2 exe=/bin/first
sc arch=x86_64 nr=157 name=prctl blob=kill a0=0x26 n=1 exe=/bin/dup"
trace m2.trace "sc arch=x86_64 nr=157 name=prctl blob=kill a0=0x26 n=3 exe=/bin/second
sc arch=x86_64 nr=72 name=fcntl blob=kill a1=0x1 n=1 exe=/bin/second"
learn m --from "$D/strict.pol" "$D/m1.trace" "$D/m2.trace"
comment_for "merge: counts added, the first named" "    allow prctl if option == PR_SET_NO_NEW_PRIVS" "seen 6 times, first by /bin/first \([^)]*m1.trace:3\)"
has_line "merge: a record of the second trace" "^    allow fcntl if cmd == F_GETFD$"
has_line "merge: the header names both traces" "^# Learned by polc learn from 2 traces: .*m1.trace, .*m2.trace$"
clean m
learn m1 --from "$D/strict.pol" "$D/m1.trace" "$D/m1.trace"
comment_for "merge: the same trace twice doubles" "    allow prctl if option == PR_SET_NO_NEW_PRIVS" "seen 6 times"

# unknown fields are a later writer's: ignored
trace u.trace "sc arch=x86_64 nr=157 name=prctl blob=kill a0=0x26 n=1 exe=/bin/x future=1"
learn u --from "$D/strict.pol" "$D/u.trace"
assert_eq "an unknown field is ignored" 0 "$RC"

# ---- a trace that makes polc open host files -------------------------------
# polc reads an executed program's first bytes (its #! or PT_INTERP). A
# workload names what it likes: a device whose open alone acts (a
# watchdog arms), a FIFO that blocks, a link to either. polc opens such a
# path only with O_PATH (no driver open), and reads regular files only.
mkfifo "$D/fifo"
ln -s /dev/zero "$D/zero-link"
trace dev.trace "file op=execve path=/dev/zero acc=x n=1 exe=/x
file op=execve path=$D/zero-link acc=x n=1 exe=/x
file op=execve path=$D/fifo acc=x n=1 exe=/x
file op=execve path=/bin/sh acc=x n=1 exe=/x"
# LeakSanitizer cannot run under ptrace (the sanitizer build of make check)
ASAN_OPTIONS=detect_leaks=0 strace -f -qq -e trace=open,openat -o "$D/dev.strace" "$POLC" learn --from "$D/strict.pol" -o "$D/dev.pol" "$D/dev.trace" >/dev/null 2>&1
rc=$?
assert_eq "devices and FIFOs named as programs: polc learn works" 0 "$rc"
opened=$(grep -E '"(/dev/zero|'"$D"'/zero-link|'"$D"'/fifo)"' "$D/dev.strace" | grep -v O_PATH)
assert_eq "... and opens none of them but with O_PATH" "" "$opened"
if grep -q '^        execute /lib64/ld-linux-x86-64.so.2$' "$D/dev.pol"; then
	pass "... while a regular program's interpreter is read"
else
	fail "... while a regular program's interpreter is read" "$(cat "$D/dev.pol")"
fi

# ---- hostile and broken traces --------------------------------------------
# bad NAME FILE LINE REGEX: exit 2, one line "polc: FILE:LINE: ..." matching
bad() {
	out=$("$POLC" learn -o "$D/never.pol" "$2" 2>&1); rc=$?
	lines=$(printf '%s\n' "$out" | grep -c .)
	if [ "$rc" = 2 ] && [ "$lines" = 1 ] && printf '%s' "$out" | grep -Eq -- "^polc: $2:$3: $4"; then
		pass "refused: $1"
	else
		fail "refused: $1" "exit $rc, [$out]"
	fi
}
printf 'polc-trace 1\nrun cmd=x\nsc arch=x86_64 nr=1 name=write blob=kill n=1\n' >"$D/cut.trace"
bad "no end record" "$D/cut.trace" 4 "no 'end' record: the trace was cut short"
printf 'polc-trace 1\nrun cmd=x\nsc arch=x86_64 nr=1 name=write blob=kill n=1' >"$D/nonl.trace"
bad "last line without a newline" "$D/nonl.trace" 3 "the last line has no newline"
printf 'polc-trace 2\n' >"$D/v2.trace"
bad "another version" "$D/v2.trace" 1 "trace version '2' \(this polc reads version 1\)"
printf '{"not": "a trace"}\n' >"$D/json.trace"
bad "not a trace" "$D/json.trace" 1 "not a learning trace"
: >"$D/empty.trace"
bad "an empty file" "$D/empty.trace" 1 "empty"
{ printf 'polc-trace 1\nrun cmd=x\nfile op=openat path=/'; head -c 9000 /dev/zero | tr '\0' a; printf ' acc=r n=1\n'; } >"$D/long.trace"
bad "a line over 8192 bytes" "$D/long.trace" 3 "line longer than 8192 bytes"
for esc in '%zz' '%0a' '%4' '%'; do
	printf 'polc-trace 1\nrun cmd=x\nfile op=openat path=/etc%s acc=r n=1\nend status=exit:0 records=2 lost=0\n' "$esc" >"$D/esc.trace"
	bad "a bad escape ($esc)" "$D/esc.trace" 3 "field 'path': bad escape"
done
printf 'polc-trace 1\nrun cmd=x\nfile op=openat path=/etc%%00x acc=r n=1\nend status=exit:0 records=2 lost=0\n' >"$D/nul.trace"
bad "an escaped NUL" "$D/nul.trace" 3 "field 'path': a NUL byte"
printf 'polc-trace 1\nrun cmd=x\nfile op=openat path=/e\000tc acc=r n=1\nend status=exit:0 records=2 lost=0\n' >"$D/rawnul.trace"
bad "a raw NUL byte" "$D/rawnul.trace" 3 "byte 0x00 at column 23"
printf 'polc-trace 1\nrun cmd=x\nfile op=openat path=/\303\251t\303\251 acc=r n=1\nend status=exit:0 records=2 lost=0\n' >"$D/utf.trace"
bad "an unescaped byte above 0x7e" "$D/utf.trace" 3 "byte 0xc3"
for n in 99999999999999999999999 9007199254740993 0 -1 01 1e3; do
	printf 'polc-trace 1\nrun cmd=x\nsc arch=x86_64 nr=1 name=write blob=kill n=%s\nend status=exit:0 records=2 lost=0\n' "$n" >"$D/n.trace"
	bad "a count of $n" "$D/n.trace" 3 "field 'n'"
done
printf 'polc-trace 1\nrun cmd=x\nbogus a=1\nend status=exit:0 records=2 lost=0\n' >"$D/kind.trace"
bad "an unknown kind" "$D/kind.trace" 3 "unknown record kind 'bogus'"
printf 'polc-trace 1\nrun cmd=x\nend status=exit:0 records=5 lost=0\n' >"$D/count.trace"
bad "an end record that miscounts" "$D/count.trace" 3 "the end record counts 5 records, the trace has 1"
printf 'polc-trace 1\nrun cmd=x\nsc arch=x86_64 nr=1 nr=2 name=write blob=kill n=1\nend status=exit:0 records=2 lost=0\n' >"$D/dup.trace"
bad "a field twice" "$D/dup.trace" 3 "field 'nr' given twice"
printf 'polc-trace 1\nrun cmd=x\nsc arch=vax nr=1 name=write blob=kill n=1\nend status=exit:0 records=2 lost=0\n' >"$D/arch.trace"
bad "an unknown architecture" "$D/arch.trace" 3 "unknown architecture 'vax'"
printf 'polc-trace 1\nrun cmd=x\nsc arch=x86_64 nr=1 name=ptrace blob=kill n=1\nend status=exit:0 records=2 lost=0\n' >"$D/name.trace"
bad "a name that is not the number's" "$D/name.trace" 3 "syscall 1 on x86_64 is write, not 'ptrace'"
printf 'polc-trace 1\nrun cmd=x\nsc arch=x86_64 nr=1 name=write blob=kill a0=0x12345678901234567 n=1\nend status=exit:0 records=2 lost=0\n' >"$D/hex.trace"
bad "an argument over 64 bits" "$D/hex.trace" 3 "field 'a0'"
printf 'polc-trace 1\nsc arch=x86_64 nr=1 name=write blob=kill n=1\nend status=exit:0 records=1 lost=0\n' >"$D/norun.trace"
bad "no run record first" "$D/norun.trace" 2 "the first record is not 'run'"
printf 'polc-trace 1\nrun cmd=x\nend status=exit:0 records=1 lost=0\nrun cmd=y\n' >"$D/after.trace"
bad "a record after end" "$D/after.trace" 4 "a record after the 'end' record"
printf 'polc-trace 1\nrun cmd=x\nfile op=openat path=etc/passwd acc=r n=1\nend status=exit:0 records=2 lost=0\n' >"$D/rel.trace"
bad "a relative path" "$D/rel.trace" 3 "field 'path': 'etc/passwd' is not absolute"
printf 'polc-trace 1\nrun cmd=x\ncap cap=CAP_SYS_ADMIN why=x n=1\nend status=exit:0 records=2 lost=0\n' >"$D/cap.trace"
bad "a capability spelled otherwise" "$D/cap.trace" 3 "unknown capability"
printf 'polc-trace 1\nrun cmd=x\nnet op=connect fam=inet type=stream addr=1.2.3.4 port=70000 n=1\nend status=exit:0 records=2 lost=0\n' >"$D/port.trace"
bad "a port over 65535" "$D/port.trace" 3 "field 'port'"
printf 'polc-trace 1\nrun cmd=x\nfile  op=openat path=/etc acc=r n=1\nend status=exit:0 records=2 lost=0\n' >"$D/space.trace"
bad "two spaces" "$D/space.trace" 3 "fields are separated by one space"
# counts that only overflow when merged
printf 'polc-trace 1\nrun cmd=x\nsc arch=x86_64 nr=1 name=write blob=kill n=9007199254740992\nend status=exit:0 records=2 lost=0\n' >"$D/big.trace"
out=$("$POLC" learn -o "$D/never.pol" "$D/big.trace" "$D/big.trace" 2>&1); rc=$?
assert_eq "merged counts past 2^53: exit 2" 2 "$rc"
assert_contains "... the line names the second trace's record" "$out" "polc: $D/big.trace:3: the merged count passes"
# a file over the size limit, sparse
truncate -s 65M "$D/huge.trace"
out=$("$POLC" learn -o "$D/never.pol" "$D/huge.trace" 2>&1); rc=$?
assert_eq "a trace over 64 MiB: exit 2" 2 "$rc"
assert_contains "... said" "$out" "larger than 64 MiB"
out=$("$POLC" learn -o "$D/never.pol" "$D/does-not-exist.trace" 2>&1); rc=$?
assert_eq "a trace that cannot be read: exit 2" 2 "$rc"
[ -e "$D/never.pol" ] && fail "no draft written after an error" || pass "no draft written after an error"
out=$("$POLC" learn --from "$D/x y.pol" "$D/h.trace" 2>&1); rc=$?
assert_eq "--from a name use cannot take: exit 2" 2 "$rc"
assert_contains "... said" "$out" "plain word"
out=$("$POLC" learn 2>&1); rc=$?
assert_eq "no trace: usage, exit 2" 2 "$rc"
done_testing
