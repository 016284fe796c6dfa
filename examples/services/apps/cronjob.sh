#!/bin/sh
# The job of examples/services/cronjob.pol: one run appends a line to
# /srv/data/runs.log and writes the day's report; a second run the same day
# finds the first one's log. SIGTERM (a run cut short) removes the partial
# report and exits 0: the directory never holds half a report.
set -eu
cd /srv/data
trap 'rm -f report.partial; echo "run $$ stopped" >>runs.log; exit 0' TERM
n=$(( $(wc -l <runs.log 2>/dev/null || echo 0) + 1 ))
{
	echo "report $n"
	echo "kernel $(uname -r)"
	echo "files in /srv/data: $(ls | wc -l)"
} >report.partial
# a long run (the test uses this to stop one half-way)
[ "${JOB_SECONDS:-0}" -gt 0 ] && { sleep "$JOB_SECONDS" & wait $!; }
mv report.partial "report-$n.txt"
echo "run $n done" >>runs.log
