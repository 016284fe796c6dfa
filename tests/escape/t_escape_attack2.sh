#!/bin/bash
# Escape probes: a second attack run against issue 12's walls (bind sources
# without symlinks, tmpfs bounds, no mount point on the host, --dry-run,
# the lifeline, hardened's memfd rule and noexec tmpfs), tried as the
# authors of runc/bubblewrap/Kubernetes CVEs would. Each try has a host
# control where the host can show the same action working; findings are in
# tests/escape/FINDINGS.md (section 3).
#   - overlay layers through a symlink a container planted in a tree another
#     rw bind of the policy hands it (the subPath class, on the overlay's
#     upper): was an escape (a host directory written), now 125;
#   - a bind source swapped between a directory and a symlink to a host
#     directory while enforce runs, many times: never that directory;
#   - `follow` chains into /proc magic links, /proc/thread-self, `..` after
#     a symlink, a trailing slash, a relative and an over-long source;
#   - /proc/1 bound in: its magic links stay behind ptrace's access check;
#   - hardened: memfd_secret, exec from /dev/shm, /tmp and /dev, io_uring;
#     /dev/shm's bound against hard links and xattrs; /dev/shm is not the
#     host's;
#   - --dry-run changes nothing on the host (files, mounts, cgroups);
#   - kill(-1, SIGKILL) from the container's root (rootless: the lifeline's
#     own uid) does not reach the lifeline.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../integration/helpers.sh"
. "$(dirname "$0")/escape_lib.sh"
escape_setup

V=$T_TMP/srv/vol           # a volume the container writes (bind rw)
HOSTDIR=$T_TMP/hostdir     # the host directory the attacker wants
mkdir -p "$V/work" "$V/upper" "$HOSTDIR" "$T_TMP/low1" "$T_TMP/low2" "$T_TMP/real"
echo secret >"$HOSTDIR/secret"
echo low >"$T_TMP/low1/low"
echo real >"$T_TMP/real/file"
chmod -R 777 "$T_TMP/srv"
chmod -R a+rX "$HOSTDIR" "$T_TMP/low1" "$T_TMP/low2" "$T_TMP/real"

reset_volume() {
	rm -rf "$V/upper" "$V/work"
	mkdir -m 777 "$V/upper" "$V/work"
}

# ---- overlay layers: the subPath class on an overlay's upper ---------------
OVL="overlay /tmp/ov lower $T_TMP/low1:$T_TMP/low2 upper $V/upper work $V/work"
escape_host_view ea_ovl "bind $V /tmp/data rw" "$OVL" || exit 1
escape_host_view ea_ovl_follow "bind $V /tmp/data rw" "$OVL follow" || exit 1
assert_contains "polc warns: the overlay's upper lies inside the writable bind" \
	"$("$POLC" check -I "$TOP/policies" "$T_TMP/ea_ovl_default.pol" 2>&1)" "overlay layer $V/upper lies inside $V, bound writable at /tmp/data"

# control: a path walk through VOL/upper reaches HOSTDIR once it is a symlink
reset_volume
rm -rf "$V/upper" && ln -s "$HOSTDIR" "$V/upper"
check "control: a path walk through $V/upper reaches $HOSTDIR once it is a symlink" \
	test "$(cat "$V/upper/secret" 2>/dev/null)" = secret

# ovl_case LABEL BASE RUNNER: run 1 (the container) swaps the upper for a
# symlink to HOSTDIR through its rw bind; run 2 must refuse the overlay.
ovl_case() {
	label=$1 base=$2 runner=$3
	reset_volume
	$runner "$T_TMP/ea_ovl_$base.polb" -- /bin/sh -c \
		"cat /tmp/ov/low && rm -rf /tmp/data/upper && ln -s $HOSTDIR /tmp/data/upper"
	assert_eq "$label: run 1 sees the overlay and plants the symlink" "0 low" "$RC $OUT"
	echo secret >"$HOSTDIR/secret"
	$runner "$T_TMP/ea_ovl_$base.polb" -- /bin/sh -c 'echo pwned >/tmp/ov/secret'
	assert_eq "$label: run 2 is refused (125)" 125 "$RC"
	assert_contains "$label: ... naming the layer and the symlink" "$ERR" \
		"overlay /tmp/ov: layer $V/upper: source $V/upper has a symlink in its path"
	assert_eq "$label: the host directory is not written" secret "$(cat "$HOSTDIR/secret")"
}
for base in default hardened; do
	ovl_case "overlay upper, $base" "$base" enf
	ovl_case "overlay upper, $base rootless" "$base" enf_user
done
# `follow`: the symlink is trusted, and followed (the policy's word)
reset_volume
rm -rf "$V/upper" && ln -s "$T_TMP/real" "$V/upper"
enf "$T_TMP/ea_ovl_follow_default.polb" -- cat /tmp/ov/file
assert_eq "overlay with follow: the trusted symlink is followed" "0 real" "$RC $OUT"
reset_volume
enf "$T_TMP/ea_ovl_default.polb" -- cat /tmp/ov/low
assert_eq "overlay without symlinks: mounted as before" "0 low" "$RC $OUT"

# ---- a source swapped while enforce runs -----------------------------------
# A host process (standing in for a container that writes VOL) exchanges
# VOL/src between a directory and a symlink to HOSTDIR, atomically and
# without pause; enforce opens the source once (openat2, no symlinks) and
# binds that fd, so every run either sees the directory or is refused.
mkdir -p "$V/src" && echo mine >"$V/src/file"
ln -s "$HOSTDIR" "$V/srclink"
escape_host_view ea_race "bind $V/src /tmp/src" || exit 1
python3 -c "
import ctypes, os, sys
libc = ctypes.CDLL(None, use_errno=True)
a, b = b'$V/src', b'$V/srclink'
while os.path.exists('$T_TMP/racing'):
    libc.renameat2(-100, a, -100, b, 2)  # RENAME_EXCHANGE
" &
touch "$T_TMP/racing"
racer=$!
seen_host=0 seen_mine=0 refused=0 other=0
for _ in $(seq 60); do
	enf "$T_TMP/ea_race_default.polb" -- cat /tmp/src/file /tmp/src/secret
	case "$RC:$OUT" in
	*secret*) seen_host=$((seen_host + 1)) ;;
	1:mine) seen_mine=$((seen_mine + 1)) ;;
	125:*) refused=$((refused + 1)) ;;
	*) other=$((other + 1)) ;;
	esac
done
rm -f "$T_TMP/racing"
wait "$racer"
assert_eq "source swapped during 60 runs: the host directory is never bound" 0 "$seen_host"
assert_eq "... each run binds the directory or is refused (125)" 60 "$((seen_mine + refused))"
pass "... (the directory $seen_mine times, refused $refused times)"

# ---- follow chains, odd paths ----------------------------------------------
ln -s /proc/self/fd/0 "$T_TMP/to_fd0"
ln -s /proc/self "$T_TMP/to_self"
ln -s "$T_TMP/real" "$T_TMP/to_real"
escape_host_view ea_f_fd "bind $T_TMP/to_fd0 /tmp/x follow" || exit 1
escape_host_view ea_f_self "bind $T_TMP/to_self/root /tmp/x follow" || exit 1
escape_host_view ea_f_cwd "bind /proc/thread-self/cwd /tmp/x follow" || exit 1
# polc takes '..' lexically: the symlink before it is never walked (the
# kernel would go to the parent of what it points to, $T_TMP/srv)
ln -s "$V" "$T_TMP/to_vol"
escape_host_view ea_dotdot "bind $T_TMP/to_vol/../real /tmp/x" || exit 1
escape_host_view ea_slash "bind $T_TMP/to_real/ /tmp/x" || exit 1
escape_host_view ea_dotdot_ok "bind $T_TMP/srv/../real /tmp/x" || exit 1
for base in default hardened; do
	for runner in enf enf_user; do
		l="$base${runner#enf}"
		for c in f_fd f_self f_cwd; do
			$runner "$T_TMP/ea_${c}_$base.polb" -- /bin/true
			assert_eq "$l: follow into a magic link ($c): refused (125)" 125 "$RC"
			assert_contains "$l: ... said so" "$ERR" "goes through a magic link"
		done
		$runner "$T_TMP/ea_slash_$base.polb" -- /bin/true
		assert_eq "$l: a symlink with a trailing slash: refused (125)" 125 "$RC"
		assert_contains "$l: ... said so" "$ERR" "has a symlink in its path"
		$runner "$T_TMP/ea_dotdot_$base.polb" -- cat /tmp/x/file
		assert_eq "$l: LINK/../real is polc's lexical path, not the link's parent" "0 real" "$RC $OUT"
		$runner "$T_TMP/ea_dotdot_ok_$base.polb" -- cat /tmp/x/file
		assert_eq "$l: '..' without a symlink is the plain path" "0 real" "$RC $OUT"
	done
done
# the compiler's refusals: a relative source, one longer than PATH_MAX
printf 'policy r\nuse default\nfilesystem {\n    root / readonly\n    bind rel/dir /tmp/x\n}\n' >"$T_TMP/rel.pol"
"$POLC" build -I "$TOP/policies" "$T_TMP/rel.pol" -o "$T_TMP/rel.polb" >"$T_TMP/rel.log" 2>&1
assert_eq "a relative bind source: polc refuses (2)" 2 "$?"
assert_contains "... naming it" "$(cat "$T_TMP/rel.log")" "path 'rel/dir' is not absolute"
long=/$(head -c 5000 /dev/zero | tr '\0' a)
printf 'policy l\nuse default\nfilesystem {\n    root / readonly\n    tmpfs /tmp size=8M\n    bind %s /tmp/x\n}\n' "$long" >"$T_TMP/long.pol"
if "$POLC" build -I "$TOP/policies" "$T_TMP/long.pol" -o "$T_TMP/long.polb" >"$T_TMP/long.log" 2>&1; then
	enf "$T_TMP/long.polb" -- /bin/true
	assert_eq "a source longer than PATH_MAX: enforce refuses (125)" 125 "$RC"
	assert_eq "... in one line" 1 "$(printf '%s\n' "$ERR" | wc -l)"
else
	pass "a source longer than PATH_MAX: polc refuses"
fi

# ---- /proc/PID bound in: not a magic link itself, its links are -----------
# PID: a sleep of the runner's own uid (root: all capabilities; rootless:
# the test user, outside the container's user namespace)
for runner in enf enf_user; do
	if [ $runner = enf ]; then
		sleep 300 &
	else
		setpriv --reuid "$T_USER" --regid "$T_USER" --clear-groups -- sleep 300 &
	fi
	spid=$!
	# (rootless has no control: the test user's own sleep, made by setpriv
	# from root, is not dumpable, so it is closed on the host too)
	[ $runner = enf ] && check "control: the host's root reads /proc/$spid/root, environ and cwd" \
		sh -c "ls /proc/$spid/root/ >/dev/null && cat /proc/$spid/environ >/dev/null && readlink /proc/$spid/cwd >/dev/null"
	for base in default hardened; do
		l="$base${runner#enf}"
		escape_host_view "ea_pid_$runner" "bind /proc/$spid /tmp/p1" || exit 1
		$runner "$T_TMP/ea_pid_${runner}_$base.polb" -- /bin/sh -c \
			'ls /tmp/p1/root/ >/dev/null 2>&1; echo root=$?; cat /tmp/p1/environ >/dev/null 2>&1; echo env=$?; readlink /tmp/p1/cwd >/dev/null 2>&1; echo cwd=$?'
		assert_eq "$l: bind /proc/PID: its root, environ and cwd stay closed (ptrace access)" \
			"root=2 env=1 cwd=1" "$(printf '%s' "$OUT" | tr '\n' ' ')"
	done
	kill "$spid"
	wait "$spid" 2>/dev/null
done

# ---- hardened: code from memory and tmpfs, tmpfs bounds ----------------------
PY=$T_TMP/p
mkdir -p "$PY" && chmod 755 "$PY"
cat >"$PY/mem.py" <<'PYEOF'
import ctypes, mmap, os, sys
libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
true = open("/bin/true", "rb").read()
def run(path, fd=-1):
    pid = os.fork()
    if pid == 0:
        os.closerange(3, 3) if fd < 0 else None
        try:
            if fd >= 0:
                argv = (ctypes.c_char_p * 2)(b"t", None)
                libc.syscall(322, fd, b"", argv, argv, 0x1000)  # execveat AT_EMPTY_PATH
                os._exit(100 + ctypes.get_errno())
            os.execv(path, ["t"])
        except OSError as e:
            os._exit(100 + e.errno)
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
for what in sys.argv[1:]:
    if what == "secret":
        fd = libc.syscall(447, 0)
        if fd < 0:
            print("secret: memfd_secret", ctypes.get_errno()); continue
        os.ftruncate(fd, len(true))
        m = mmap.mmap(fd, len(true)); m[:] = true; m.close()
        print("secret:", run(None, fd))
    elif what == "uring":
        r = libc.syscall(425, 8, None)
        print("uring:", ctypes.get_errno() if r < 0 else "ok")
    elif what.startswith("links:"):
        d = what[6:]; open(d + "/h0", "w").close(); n = 0
        try:
            while n < 1000000:
                os.link(d + "/h0", d + "/h%d" % (n + 1)); n += 1
        except OSError as e:
            print("links:", n, e.errno)
        for i in range(1, n + 1):
            os.unlink(d + "/h%d" % i)
    elif what.startswith("xattr:"):
        f = what[6:] + "/h0"; n = 0
        try:
            while n < 1000000:
                os.setxattr(f, "user.a%d" % n, b"x" * 4000); n += 1
        except OSError as e:
            print("xattr:", n, e.errno)
    else:
        p = what + "/t.%d" % os.getpid()
        with open(p, "wb") as f:
            f.write(true)
        os.chmod(p, 0o755)
        print("exec %s:" % what, run(p))
        os.unlink(p)
PYEOF
chmod 644 "$PY/mem.py"
# the base's own /tmp (a policy's `tmpfs /tmp` replaces it, flags and all:
# FINDINGS.md 3)
pol ea_mem_hardened <<POL || exit 1
policy ea_mem_hardened
use hardened
filesystem {
    root / readonly
    bind $PY /mnt
}
POL
OUT=$(python3 "$PY/mem.py" "$PY" secret)
assert_contains "control: a copy of true runs from an exec directory on the host" "$OUT" "exec $PY: 0"
# the kernel's own wall: secretmem sits on a noexec internal mount
assert_contains "control: memfd_secret cannot be executed, even on the host (EACCES)" "$OUT" "secret: 113"
for runner in enf enf_user; do
	l="hardened${runner#enf}"
	$runner "$T_TMP/ea_mem_hardened.polb" -- python3 /mnt/mem.py /dev/shm /tmp /dev secret uring \
		links:/dev/shm xattr:/dev/shm
	for d in /dev/shm /tmp /dev; do
		assert_contains "$l: a binary written to $d does not run (noexec: EACCES)" "$OUT" "exec $d: 113"
	done
	assert_contains "$l: memfd_secret + execveat: EACCES" "$OUT" "secret: 113"
	assert_contains "$l: io_uring_setup refused (EPERM)" "$OUT" "uring: 1"
	n=$(printf '%s\n' "$OUT" | sed -n 's/^links: \([0-9]*\) 28$/\1/p')
	check "$l: hard links in /dev/shm stop at its inode bound (ENOSPC after ${n:-?}, at most 16384)" \
		test "${n:-99999999}" -le 16384
	n=$(printf '%s\n' "$OUT" | sed -n 's/^xattr: \([0-9]*\) 28$/\1/p')
	check "$l: 4 KB xattrs on one /dev/shm file stop at its bound (ENOSPC after ${n:-?})" \
		test "${n:-99999999}" -le 20000
done

# A policy's `tmpfs /tmp` replaces hardened's whole, noexec included: the
# run execs from it (the policy's word), and polc says what was dropped.
pol ea_tmpx <<POL || exit 1
policy ea_tmpx
use hardened
filesystem {
    root / readonly
    tmpfs /tmp size=8M mode=1777
    bind $PY /mnt
}
POL
assert_contains "a tmpfs /tmp over hardened without noexec: polc says it drops noexec" \
	"$("$POLC" check -I "$TOP/policies" "$T_TMP/ea_tmpx.pol" 2>&1)" "replaces the earlier mount on /tmp and drops its noexec"
enf "$T_TMP/ea_tmpx.polb" -- python3 /mnt/mem.py /tmp
assert_contains "... and its /tmp is what it says: executable" "$OUT" "exec /tmp: 0"

# ---- /dev/shm is the container's own ---------------------------------------
SHM=polc-attack2-$$
echo host >"/dev/shm/$SHM"
chmod 644 "/dev/shm/$SHM"
for base in default hardened host-ro; do
	pol "ea_shm_$base" <<POL || exit 1
policy ea_shm_$base
use $base
filesystem { root / readonly }
POL
	for runner in enf enf_user; do
		l="$base${runner#enf}"
		$runner "$T_TMP/ea_shm_$base.polb" -- /bin/sh -c \
			"test -e /dev/shm/$SHM; echo seen=\$?; echo c >/dev/shm/$SHM.in; echo made=\$?"
		assert_eq "$l: the host's /dev/shm file is not there; the container's own is writable" \
			"seen=1 made=0" "$(printf '%s' "$OUT" | tr '\n' ' ')"
		check "$l: ... and its file is not on the host's /dev/shm" test ! -e "/dev/shm/$SHM.in"
	done
done
rm -f "/dev/shm/$SHM" "/dev/shm/$SHM.in"

# ---- the minimal /dev's nodes are the host's inodes --------------------------
# Each is a bind of the host's node: a writable bind let default.pol's root
# (CAP_FOWNER, CAP_CHOWN) chmod or chown the host's /dev/null itself. The
# tries below change nothing if they pass (the mode and owner it has).
mknod "$T_TMP/null" c 1 3
chmod 666 "$T_TMP/null"
check "control: the host's root may chmod and chown a device node" \
	sh -c "chmod 666 $T_TMP/null && chown 0:0 $T_TMP/null"
for base in default hardened; do
	for runner in enf enf_user; do
		l="$base${runner#enf}"
		$runner "$T_TMP/ea_shm_$base.polb" -- /bin/sh -c '
			for n in null zero full random urandom tty; do
				chmod "$(stat -c %a /dev/$n)" /dev/$n 2>/dev/null && echo "chmod $n"
				chown "$(stat -c %u:%g /dev/$n)" /dev/$n 2>/dev/null && echo "chown $n"
				touch -c /dev/$n 2>/dev/null && echo "touch $n"
			done
			echo x >/dev/null && head -c 1 /dev/zero | wc -c'
		assert_eq "$l: /dev's nodes: no chmod, chown or utimes of the host's inodes; still usable" \
			"0 1" "$RC $OUT"
	done
done

# ---- stdio: the caller's /dev/null or named FIFO on fd 0 ------------------
# Passed as they were, /proc/self/fd/0 led to the host's inode on the
# host's writable mount: chmod, chown, utimes from inside. Now relayed.
# The nodes are the test user's, so its rootless container's root owns them.
mknod "$T_TMP/n0" c 1 3
mkfifo "$T_TMP/f0"
chown "$T_USER" "$T_TMP/n0" "$T_TMP/f0"
chmod 666 "$T_TMP/n0" "$T_TMP/f0"
modes() { stat -c '%a %u %Y' "$T_TMP/n0" "$T_TMP/f0" | tr '\n' ' '; }
check "control: on the host, chmod through /proc/self/fd/0 changes the node on stdin" \
	sh -c "chmod 666 /proc/self/fd/0 <$T_TMP/n0"
for base in default hardened; do
	for runner in enf enf_user; do
		l="$base${runner#enf}"
		before=$(modes)
		$runner "$T_TMP/ea_shm_$base.polb" -- /bin/sh -c \
			'chmod 600 /proc/self/fd/0; chown 0:0 /proc/self/fd/0; touch -d 2001-01-01 /proc/self/fd/0; cat' <"$T_TMP/n0"
		(sleep 1 >"$T_TMP/f0" &)
		$runner "$T_TMP/ea_shm_$base.polb" -- /bin/sh -c \
			'chmod 600 /proc/self/fd/0; touch -d 2001-01-01 /proc/self/fd/0; cat' <"$T_TMP/f0"
		assert_eq "$l: a /dev/null-like node and a FIFO on stdin: the host's inodes unchanged" \
			"$before" "$(modes)"
		$runner "$T_TMP/ea_shm_$base.polb" -- /bin/cat < <(echo data)
		assert_eq "$l: ... while a pipe still passes" "0 data" "$RC $OUT"
	done
done

# ---- --dry-run changes nothing on the host ---------------------------------
mkdir -p "$T_TMP/rootdir/bin"
cp /bin/true "$T_TMP/rootdir/bin/true"
pol ea_dry <<POL || exit 1
policy ea_dry
use hardened
filesystem {
    root $T_TMP/rootdir rw
    tmpfs /newdir size=1M
    bind $T_TMP/low1 /newbind
    $OVL
    symlink /x /lnk
}
cgroup { pids.max 10 }
POL
# files under the test's directory and the host's mounts; the cgroups are
# looked for by the dry run's own pid (other runs may be going on)
snapshot() {
	find "$T_TMP" -path "$T_TMP/stderr" -prune -o -path "$T_TMP/dry.out" -prune -o -print | sort
	cut -d' ' -f3- /proc/self/mountinfo | sort
}
reset_volume
for runner in root user; do
	before=$(snapshot)
	if [ "$runner" = user ]; then
		setpriv --reuid "$T_USER" --regid "$T_USER" --clear-groups -- "$ENFORCE" --dry-run "$T_TMP/ea_dry.polb" -- /bin/true >"$T_TMP/dry.out" 2>&1 &
	else
		"$ENFORCE" --dry-run "$T_TMP/ea_dry.polb" -- /bin/true >"$T_TMP/dry.out" 2>&1 &
	fi
	dpid=$!
	wait "$dpid"
	after=$(snapshot)
	assert_contains "dry-run $runner: says what it would create" "$(cat "$T_TMP/dry.out")" \
		"would create mount point /newdir in the writable root"
	assert_contains "dry-run $runner: ... and the cgroup it would make" "$(cat "$T_TMP/dry.out")" \
		"polc/enforce-$dpid-"
	assert_eq "dry-run $runner: no file or mount changed on the host" "$before" "$after"
	assert_eq "dry-run $runner: no cgroup of its made" "" \
		"$(ls -d /sys/fs/cgroup/*/polc/enforce-"$dpid"-* /sys/fs/cgroup/polc/enforce-"$dpid"-* 2>/dev/null)"
done

# ---- the lifeline, from inside ---------------------------------------------
# The container's root (rootless: the lifeline's own uid) kills every
# process it can signal, then sleeps; the lifeline, outside its pid
# namespace, is still there, and enforce returns the command's status.
# init off: the command is pid 1 and the lifeline runs (as root and rootless)
pol ea_life <<POL || exit 1
policy ea_life
use hardened
process { init off }
filesystem { root / readonly }
POL
for runner in root user; do
	pat="sleep 77.$$"
	if [ "$runner" = user ]; then
		setpriv --reuid "$T_USER" --regid "$T_USER" --clear-groups -- \
			"$ENFORCE" "$T_TMP/ea_life.polb" -- /bin/sh -c \
			"kill -KILL -1; exec $pat" >/dev/null 2>&1 &
	else
		"$ENFORCE" "$T_TMP/ea_life.polb" -- /bin/sh -c \
			"kill -KILL -1; exec $pat" >/dev/null 2>&1 &
	fi
	epid=$!
	for _ in $(seq 200); do
		pgrep -f -x "$pat" >/dev/null && break
		sleep 0.05
	done
	life=""
	for p in $(pgrep -P "$epid"); do
		[ "$(readlink /proc/$p/ns/pid)" = "$(readlink /proc/self/ns/pid)" ] && life=$p
	done
	check "hardened $runner: after kill(-1, SIGKILL) inside, the lifeline lives (pid ${life:-none})" \
		test -n "$life" -a -d "/proc/${life:-none}"
	kill -KILL "$epid"
	wait "$epid" 2>/dev/null
	for _ in $(seq 200); do pgrep -f -x "$pat" >/dev/null || break; sleep 0.05; done
	assert_eq "hardened $runner: ... and still ends the container when enforce is killed" "" \
		"$(pgrep -f -x "$pat")"
done

nothing_left escape_attack2
done_testing
