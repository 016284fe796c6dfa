#!/bin/sh
# enforce's device rules on cgroup v2 (cg_devices.pol): the standard set is
# usable, /dev/kmsg is readable but not writable, /dev/port is refused;
# the same opens succeed outside enforce, so a refusal is the rule's.
. /tests/lib/common.sh
. /tests/vm/lib.sh
scratch

# opens SPEC...: one line per "MODE:PATH", "ok" or "denied", from inside.
opens='for spec; do m=${spec%%:*} p=${spec#*:}
	if [ "$m" = r ]; then (exec 3<"$p") 2>/dev/null; else (exec 3>"$p") 2>/dev/null; fi &&
		echo "$spec ok" || echo "$spec denied"; done'

if need_blob cg_devices; then
	assert_eq "outside enforce, root opens /dev/port" ok \
		"$( (exec 3</dev/port) 2>/dev/null && echo ok || echo denied)"
	run_enforce cg_devices sh -c "$opens" sh w:/dev/null r:/dev/zero r:/dev/urandom r:/dev/kmsg w:/dev/kmsg r:/dev/port
	expect_status "devices: the command ran" 0
	assert_contains "devices: /dev/null writable (standard set)" "$OUT" "w:/dev/null ok"
	assert_contains "devices: /dev/zero readable (standard set)" "$OUT" "r:/dev/zero ok"
	assert_contains "devices: /dev/urandom readable (standard set)" "$OUT" "r:/dev/urandom ok"
	assert_contains "devices: /dev/kmsg readable (allow c 1:11 r)" "$OUT" "r:/dev/kmsg ok"
	assert_contains "devices: /dev/kmsg not writable (r only)" "$OUT" "w:/dev/kmsg denied"
	assert_contains "devices: /dev/port refused (not allowed)" "$OUT" "r:/dev/port denied"
	run_enforce cg_devices sh -c 'cat /dev/port 2>&1 | head -c 200; exit 0'
	assert_contains "devices: the refusal is the cgroup's EPERM" "$OUT" "Operation not permitted"
fi
done_testing
