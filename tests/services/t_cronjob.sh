#!/bin/bash
# The cron-style job, examples/services/cronjob.pol running
# examples/services/apps/cronjob.sh: each run writes its report into the
# job's directory, a second run finds the first one's log, SIGTERM stops a
# run half-way with no partial report left (the script's trap: exit 0);
# writes anywhere else, other programs and the network are refused; root
# and rootless.
. "$(dirname "$0")/lib.sh"
is_root || { skip "cronjob" "needs root (the directories, $T_USER)"; exit 0; }
CHECK_OK="sensitive_bind_ro " svc_build cronjob || exit 1
svc_audit cronjob 1
J=$SVC_ROOT/cronjob

for who in root user; do
	if [ $who = root ]; then owner=$((MAPPED + 7001)):$((MAPPED + 7001)); else owner=$T_USER:$T_USER; fi
	rm -rf "$J"; mkdir -p "$J/app" "$J/data"; chmod 755 "$SVC_ROOT" "$J" "$J/app"
	install -m 0755 "$TOP/examples/services/apps/cronjob.sh" "$J/app/cronjob.sh"
	chown "$owner" "$J/data"
	as $who "$ENFORCE" "$T_TMP/cronjob.polb" -- /srv/job/cronjob.sh >"$T_TMP/run1.log" 2>&1
	assert_eq "$who: the job's first run ends 0" 0 "$?"
	check "$who: its report is in the job's directory on the host" grep -q "report 1" "$J/data/report-1.txt"
	as $who "$ENFORCE" "$T_TMP/cronjob.polb" -- /srv/job/cronjob.sh >"$T_TMP/run2.log" 2>&1
	assert_eq "$who: the second run ends 0" 0 "$?"
	assert_eq "$who: the second run found the first one's log (data kept)" "run 1 done
run 2 done" "$(cat "$J/data/runs.log")"
	if [ $who = root ]; then want=$((MAPPED + 7001)); else want=$(id -u $T_USER); fi
	assert_eq "$who: the reports belong to the container's uid 7001 on the host" "$want" "$(stat -c %u "$J/data/report-2.txt")"
	# a run stopped half-way (the schedule's stop): the trap removes the
	# partial report and exits 0
	JOB_SECONDS=60 svc_start $who cronjob "$T_TMP/run3.log" /srv/job/cronjob.sh
	i=0; while [ ! -e "$J/data/report.partial" ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
	svc_stop "$who cronjob (stopped half-way)" 0
	check "$who: no partial report left" test ! -e "$J/data/report.partial"
	assert_contains "$who: the stop is in the job's log" "$(cat "$J/data/runs.log")" "stopped"

	# Refusals: writes outside its directory, other programs, the network.
	out=$(as $who "$ENFORCE" "$T_TMP/cronjob.polb" -- /bin/sh -c '
		for f in /tmp/x /etc/cron.d/evil /srv/job/cronjob.sh /var/tmp/x /dev/shm/x; do
			if true >"$f" 2>/dev/null; then echo "wrote $f"; else echo "refused $f"; fi
		done
		/usr/bin/id >/dev/null 2>&1 && echo "id ran" || echo "id refused"
		/usr/bin/python3 -c "" 2>/dev/null && echo "python ran" || echo "python refused"
		exec 3<>/dev/tcp/192.0.2.123/80 2>/dev/null && echo connected || echo "no network"
	' 2>/dev/null)
	for f in /tmp/x /etc/cron.d/evil /srv/job/cronjob.sh /var/tmp/x /dev/shm/x; do
		assert_contains "$who: no write to $f" "$out" "refused $f"
	done
	assert_contains "$who: a program the job does not use is refused (Landlock execute)" "$out" "id refused"
	assert_contains "$who: python refused too" "$out" "python refused"
	check "$who: nothing of it on the host" sh -c "test ! -e /etc/cron.d/evil && test ! -e /var/tmp/x && cmp -s '$J/app/cronjob.sh' '$TOP/examples/services/apps/cronjob.sh'"
	assert_eq "$who: the job's directory holds only its own files" "report-1.txt report-2.txt runs.log" "$(cd "$J/data" && echo *)"
	out=$(as $who "$ENFORCE" "$T_TMP/cronjob.polb" -- /bin/sh -c 'wc -l </proc/net/route; ls /sys/class/net' 2>/dev/null)
	assert_contains "$who: no network: no route, only lo" "$(echo $out)" "1 lo"
done
rm -rf "${J:?}"; rmdir "$SVC_ROOT" 2>/dev/null
done_testing
