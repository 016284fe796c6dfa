#!/bin/bash
# The build sandbox, examples/services/build.pol: make and gcc build a
# program from a read-only source tree into the output directory, and the
# program runs on the host; a second build finds it up to date; SIGTERM
# stops a build half-way (make's own stop: 143, its target removed); the
# sources cannot be written, nothing outside reached over the network, a
# host loopback service not either; root and rootless.
. "$(dirname "$0")/lib.sh"
is_root || { skip "build" "needs root (packages, the directories, $T_USER)"; exit 0; }
need_pkg make gcc libc6-dev || { fail "make and gcc installed" "$(tail -n 3 "$T_TMP/apt.log")"; exit 1; }
CHECK_OK="sensitive_bind_ro " svc_build build || exit 1
svc_audit build 1
B=$SVC_ROOT/build
MAKE=(make -C /srv/src OUT=/srv/out)

# a host service on loopback the build must not reach
python3 -c '
import socket, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", 21509)); s.listen(); print("up", flush=True)
while True:
    c, _ = s.accept(); c.sendall(b"host secret\n"); c.close()
' >"$T_TMP/host.log" 2>&1 &
HOSTSRV=$!
trap 'kill $HOSTSRV 2>/dev/null; rm -rf "$T_TMP"' EXIT

for who in root user; do
	if [ $who = root ]; then owner=$((MAPPED + 7002)):$((MAPPED + 7002)); else owner=$T_USER:$T_USER; fi
	rm -rf "$B"; mkdir -p "$B/src" "$B/out"; chmod 755 "$SVC_ROOT" "$B"
	cp "$TOP/examples/services/apps/build/hello.c" "$TOP/examples/services/apps/build/Makefile" "$B/src/"
	chmod 755 "$B/src"; chmod 644 "$B/src/"*
	chown "$owner" "$B/out"
	out=$(as $who "$ENFORCE" "$T_TMP/build.polb" -- "${MAKE[@]}" 2>&1)
	assert_eq "$who: make builds the program (exit 0)" 0 "$?"
	assert_eq "$who: the built program runs on the host" "hello from the build sandbox" "$("$B/out/hello" 2>&1)"
	out=$(as $who "$ENFORCE" "$T_TMP/build.polb" -- "${MAKE[@]}" 2>&1)
	assert_contains "$who: the output survives: a second build is up to date" "$out" "is up to date"
	# stopped half-way: make removes nothing it did not finish, and says so
	svc_start $who build "$T_TMP/slow-$who.log" make -C /srv/src OUT=/srv/out slow
	sleep 0.5 # not a timing the result depends on: the stop is checked whenever it lands
	svc_stop "$who build (make slow)" 143
	check "$who: the stopped step left no output" test ! -e "$B/out/slow"

	# Refusals, the way a hostile Makefile or build script would try.
	chmod 666 "$B/src/hello.c" # only the read-only bind stops a write
	out=$(as $who "$ENFORCE" "$T_TMP/build.polb" -- python3 -c '
import socket
for f in ("/srv/src/hello.c", "/srv/src/Makefile.evil", "/usr/bin/evil"):
    try:
        open(f, "a").close(); print("wrote", f)
    except OSError as e:
        print("refused", f, e.errno)
for host, port in (("192.0.2.123", 80), ("127.0.0.1", 21509)):
    s = socket.socket(); s.settimeout(3)
    try:
        s.connect((host, port)); print("connected", host, s.recv(100))
    except OSError as e:
        print("no network", host, e.errno)
try:
    socket.getaddrinfo("deb.debian.org", 80); print("resolved")
except OSError as e:
    print("no dns")
' 2>/dev/null)
	assert_contains "$who: the sources cannot be written, even mode 0666 (EROFS)" "$out" "refused /srv/src/hello.c 30"
	assert_contains "$who: no new file in the source tree" "$out" "refused /srv/src/Makefile.evil 30"
	assert_contains "$who: no address outside: no route (ENETUNREACH)" "$out" "no network 192.0.2.123 101"
	assert_contains "$who: not the host's loopback service (ECONNREFUSED: its own lo)" "$out" "no network 127.0.0.1 111"
	assert_contains "$who: no name resolution" "$out" "no dns"
	check "$who: the sources on the host unchanged" sh -c "test ! -e '$B/src/Makefile.evil' && cmp -s '$B/src/hello.c' '$TOP/examples/services/apps/build/hello.c'"
	# the built program cannot be run inside (noexec output): it is run
	# outside, after review
	as $who "$ENFORCE" "$T_TMP/build.polb" -- /srv/out/hello >/dev/null 2>&1
	assert_eq "$who: the output directory is noexec inside (126)" 126 "$?"
done
rm -rf "${B:?}"; rmdir "$SVC_ROOT" 2>/dev/null
done_testing
