#!/bin/bash
# A Node.js HTTP app (examples/services/apps/notes.js) under
# examples/services/node.pol: GET and POST from the host through the
# published port, SIGTERM (the app closes its server: exit 0), the notes
# again after a restart, no connect out, no child process, its code
# read-only; root and rootless.
. "$(dirname "$0")/lib_http.sh"
is_root || { skip "node" "needs root (packages, the data directory, $T_USER)"; exit 0; }
need_pkg nodejs || { fail "nodejs installed" "$(tail -n 3 "$T_TMP/apt.log")"; exit 1; }
PORT=21503
CHECK_OK="sensitive_bind_ro " svc_build node || exit 1
svc_audit node 1
NODE=(node /srv/app/notes.js)

for who in root user; do
	if [ $who = root ]; then owner=$((MAPPED + 3000)):$((MAPPED + 3000)); else owner=$T_USER:$T_USER; fi
	app_dir node "$owner" "$TOP/examples/services/apps/notes.js"
	svc_start $who node "$T_TMP/n-$who.log" "${NODE[@]}"
	assert_contains "$who: GET / from the host through 127.0.0.1:$PORT" "$(get $PORT /)" "hello from node v"
	assert_eq "$who: POST /note stores a note" stored "$(post $PORT /note "note-$who")"
	assert_eq "$who: GET /note returns it" "note-$who" "$(get $PORT /note)"
	svc_stop "$who node" 0
	if [ $who = root ]; then want=$((MAPPED + 3000)); else want=$(id -u $T_USER); fi
	assert_eq "$who: the notes file belongs to the container's uid 3000 on the host" "$want" \
		"$(stat -c %u $SVC_ROOT/node/data/notes.txt)"
	svc_start $who node "$T_TMP/n-$who-2.log" "${NODE[@]}"
	assert_eq "$who: after a restart the note is still there" "note-$who" "$(get $PORT /note)"
	svc_stop "$who node (restarted)" 0

	# Refusals, each under the same policy, tried the way an app would.
	chmod 666 $SVC_ROOT/node/app/notes.js # only the read-only bind stops a write
	out=$(as $who "$ENFORCE" "$T_TMP/node.polb" -- node -e '
const fs = require("fs"), cp = require("child_process"), net = require("net");
for (const f of ["/srv/app/notes.js", "/etc/passwd"]) {
  try { fs.appendFileSync(f, ""); console.log("wrote", f); } catch (e) { console.log("refused", f, e.code); }
}
try { cp.execSync("/bin/sh -c true"); console.log("exec ran"); } catch (e) { console.log("exec refused", e.code || e.status); }
const s = net.connect({ host: "192.0.2.123", port: 80 });
s.on("connect", () => { console.log("connected"); process.exit(0); });
s.on("error", (e) => { console.log("connect refused", e.code); process.exit(0); });
s.setTimeout(3000, () => { console.log("connect timeout"); process.exit(0); });
' 2>/dev/null)
	assert_contains "$who: its code is read-only, even mode 0666" "$out" "refused /srv/app/notes.js EROFS"
	assert_contains "$who: the host's /etc is read-only" "$out" "refused /etc/passwd"
	case $out in *"exec ran"*) fail "$who: child_process of a shell refused" "$out" ;;
	*"exec refused"*) pass "$who: child_process of a shell refused" ;;
	*) fail "$who: child_process of a shell refused" "$out" ;; esac
	case $out in *"connect refused"*) pass "$who: no connect to an address outside" ;;
	*) fail "$who: no connect to an address outside" "$out" ;; esac
	check "$who: no pasta left" no_pasta $PORT
done
rm -rf "${SVC_ROOT:?}/node"; rmdir "$SVC_ROOT" 2>/dev/null
done_testing
