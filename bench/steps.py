#!/usr/bin/env python3
"""The per-step table: runs `enforce --timings BLOB -- CMD...` RUNS times and
prints, for each start-up step, its median cost in microseconds (one line
per step, tab-separated, in the order enforce takes them; a TOTAL line
sums the medians). Used by bench/run.sh; by hand:

    bench/steps.py RUNS build/enforce app.polb /bin/true
"""
import re
import statistics
import subprocess
import sys

LINE = re.compile(r"^enforce: time: (.+) (\d+) us$")


def main():
    runs, enforce, blob, cmd = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4:]
    order, costs = [], {}
    for _ in range(runs):
        r = subprocess.run([enforce, "--timings", blob, "--", *cmd],
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=False)
        if r.returncode != 0:
            sys.exit(f"steps.py: enforce exited {r.returncode}: {r.stderr.strip()}")
        for line in r.stderr.splitlines():
            m = LINE.match(line)
            if not m:
                continue
            step = m.group(1)
            if step not in costs:
                order.append(step)
                costs[step] = []
            costs[step].append(int(m.group(2)))
    for step in order:
        print(f"{step}\t{statistics.median(costs[step]):.0f}")


if __name__ == "__main__":
    main()
