#!/usr/bin/env python3
"""Turn bench/run.sh's raw results into docs/BENCHMARKS.md and a PNG chart.

Usage: report.py OUTDIR PAGE CHART < facts.json
Hyperfine's JSON exports give every run's wall time; medians and ratios
against enforce come from those, never from a single run."""
import json
import os
import platform
import statistics
import subprocess
import sys


def load(outdir, name):
    path = os.path.join(outdir, name + ".json")
    if not os.path.exists(path):
        return {}
    with open(path) as f:
        data = json.load(f)
    return {r["command"]: r for r in data["results"]}


def median_ms(result):
    return statistics.median(result["times"]) * 1000.0


def version(cmd):
    try:
        out = subprocess.run(cmd, shell=True, capture_output=True, text=True, timeout=10)
        return (out.stdout or out.stderr).strip().splitlines()[0]
    except Exception:  # a peer that is missing is named as such
        return "not available"


def startup_table(results, title, commands_out):
    lines = [f"### {title}", ""]
    if not results:
        return lines + ["(not measured)", ""]
    base = results.get("enforce")
    lines += ["| tool | median (ms) | mean ± σ (ms) | enforce / tool |", "| --- | ---: | ---: | ---: |"]
    for name, r in results.items():
        med = median_ms(r)
        ratio = f"{median_ms(base) / med:.2f}×" if base and name != "enforce" and med > 0 else "—"
        failed = " (failed runs)" if any(c != 0 for c in r.get("exit_codes", [])) else ""
        lines.append(f"| {name}{failed} | {med:.2f} | {r['mean']*1000:.2f} ± {r['stddev']*1000:.2f} | {ratio} |")
    return lines + [""]


def load_rounds(outdir, name):
    """NAME-0.json, NAME-1.json...: the same commands in turned order; every
    round's times pooled per command (the first round's order kept)."""
    pooled = {}
    k = 0
    while os.path.exists(os.path.join(outdir, f"{name}-{k}.json")):
        for cmd, r in load(outdir, f"{name}-{k}").items():
            p = pooled.setdefault(cmd, {"command": cmd, "times": [], "exit_codes": []})
            p["times"] += r["times"]
            p["exit_codes"] += r.get("exit_codes", [])
        k += 1
    for p in pooled.values():
        p["mean"] = statistics.mean(p["times"])
        p["stddev"] = statistics.stdev(p["times"]) if len(p["times"]) > 1 else 0.0
    order = ["enforce, use hardened", "bubblewrap", "enforce, like-for-like", "bubblewrap, same filter"]
    return {c: pooled[c] for c in order if c in pooled}


def load_steps(outdir, name):
    """bench/steps.py's output: (step, median microseconds) in enforce's order."""
    path = os.path.join(outdir, f"steps-{name}.tsv")
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [(step, int(us)) for step, us in (line.rstrip("\n").split("\t") for line in f)]


def syscall_total(outdir, name):
    """The total line of `strace -f -c`: every syscall of one start."""
    path = os.path.join(outdir, f"strace-{name}.txt")
    try:
        with open(path) as f:
            for line in f:
                fields = line.split()
                if fields and fields[-1] == "total":
                    return int(fields[3])
    except (OSError, ValueError, IndexError):
        pass
    return None


def hardened_section(results, outdir):
    lines = ["### As root: the hardened base against bubblewrap", ""]
    if not results:
        return lines + ["(not measured)", ""]
    lines += ["`enforce, use hardened` is bench/policies/use-hardened.pol: `use hardened` over a",
              "read-only host root. Over bubblewrap's `--unshare-all --ro-bind / / --proc /proc",
              "--dev /dev --tmpfs /tmp --cap-drop ALL` it adds a user namespace (root mapped to an",
              "unprivileged range) and a time namespace, a pids cgroup, Docker's masked and",
              "read-only paths, a read-only sysfs, no_new_privs, a reaper as pid 1 and a",
              "kill-by-default filter whose kills enforce names. `enforce, like-for-like` is the",
              "table above's enforce; `bubblewrap, same filter` is bubblewrap given its BPF.",
              "Four hyperfine runs, the commands' order turned by one each time, every run's",
              "times pooled: the load of a shared machine moves during a run.", "",
              "CPU is the task-clock of every process of a start (perf stat, mean of 100 runs):",
              "it moves less with the machine's load than the wall time does. (hyperfine's",
              "user and system times come from rusage, which counts only the processes",
              "someone waited for: they leave out bubblewrap's pid 1 and command.)", "",
              "| command | median (ms) | mean ± σ (ms) | CPU (ms) | / bubblewrap | / bubblewrap, same filter |",
              "| --- | ---: | ---: | ---: | ---: | ---: |"]
    cpu = {}
    try:
        with open(os.path.join(outdir, "cpu.tsv")) as f:
            for line in f:
                name, _, ms = line.rstrip("\n").partition("\t")
                cpu[name] = ms
    except OSError:
        pass
    bw = results.get("bubblewrap")
    bwf = results.get("bubblewrap, same filter")
    for name, r in results.items():
        med = median_ms(r)
        ratios = [f"{med / median_ms(b):.2f}×" if b else "—" for b in (bw, bwf)]
        failed = " (failed runs)" if any(c != 0 for c in r.get("exit_codes", [])) else ""
        lines.append(f"| {name}{failed} | {med:.2f} | {r['mean']*1000:.2f} ± {r['stddev']*1000:.2f} "
                     f"| {cpu.get(name) or '—'} | {ratios[0]} | {ratios[1]} |")
    lines += ["", "Targets: `use hardened` ≤ 1.0× bubblewrap; like-for-like ≤ 0.75× bubblewrap."]
    for name, peer, target in (("enforce, use hardened", bw, 1.0),
                               ("enforce, like-for-like", bw, 0.75),
                               ("enforce, like-for-like", bwf, 0.75)):
        r = results.get(name)
        if r and peer:
            ratio = median_ms(r) / median_ms(peer)
            verdict = "met" if ratio <= target else "missed"
            lines.append(f"- {name} / {peer['command']}: {ratio:.3f}× ({verdict})")
    lines.append("")
    return lines + steps_section(outdir)


def steps_section(outdir):
    like, hard = load_steps(outdir, "startup"), load_steps(outdir, "use-hardened")
    if not like and not hard:
        return []
    lines = ["### Where the time goes", "",
             "`enforce --timings`: each start-up step's cost on the monotonic clock, the",
             "median of bench/steps.py's runs. Parent steps and the child's (`child:`) run",
             "side by side: the child's first step counts from the parent's last mark before",
             "the clone, so it holds the clone and everything the parent does until it lets",
             "the child go; the parent's `exec` runs from then until the child's execve (so",
             "it holds the child's steps, and the seccomp load, after which nothing is",
             "printed), `supervise` from then until the command has exited. Steps of one",
             "process add up; the two columns do not add to the wall time.", "",
             "| step | like-for-like (µs) | use hardened (µs) |", "| --- | ---: | ---: |"]
    a, b = dict(like), dict(hard)
    order = [s for s, _ in hard] + [s for s, _ in like if s not in b]
    for step in order:
        lines.append(f"| {step} | {a.get(step, '—')} | {b.get(step, '—')} |")
    counts = [(n, syscall_total(outdir, f)) for n, f in
              (("like-for-like", "startup"), ("use hardened", "use-hardened"), ("bubblewrap", "bwrap"))]
    lines += ["", "Syscalls of one start, every process (strace -f -c): " +
              ", ".join(f"{n} {c}" for n, c in counts if c is not None) + ".", ""]
    return lines


def chart(results, path):
    if not results:
        return
    dat = path + ".dat"
    with open(dat, "w") as f:
        for name, r in results.items():
            f.write(f'"{name}" {median_ms(r):.3f}\n')
    script = f"""
set terminal png size 800,450
set output '{path}'
set title 'Start-up to /bin/true, median of hyperfine runs (lower is better)'
set ylabel 'milliseconds'
set style fill solid 0.6
set boxwidth 0.6
set yrange [0:*]
set grid ytics
plot '{dat}' using 0:2:xtic(1) with boxes notitle, '' using 0:2:(sprintf('%.2f',$2)) with labels offset 0,1 notitle
"""
    subprocess.run(["gnuplot"], input=script, text=True, check=True)
    os.unlink(dat)


def kb(v):
    return f"{int(v):,} KiB" if v and v.isdigit() else (v or "?")


def hand_section(name):
    """Figures measured by hand, bench/NAME: the AppArmor ones (this host's
    kernel has no AppArmor, so make bench cannot measure them), the
    signed-blob ones (signed.md) and what each start-up change did
    (startup.md)."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), name)
    try:
        with open(path) as f:
            return [line.rstrip("\n") for line in f] + [""]
    except OSError:
        return []


def main():
    outdir, page, chart_path = sys.argv[1:4]
    facts = json.load(sys.stdin)
    startup = load(outdir, "startup")
    cgroup = load(outdir, "cgroup")
    rootless = load(outdir, "rootless")
    hardened = load_rounds(outdir, "hardened")
    polc = load(outdir, "polc")
    commands = []
    md = ["# Benchmarks", "",
          "Regenerated by `make bench` (bench/run.sh, bench/report.py). Figures are",
          "from one run on the machine below; rerun to compare on yours.", "",
          "## Machine and versions", "",
          f"- kernel: {platform.release()}, {os.cpu_count()} cores",
          f"- enforce/polc: {version('build/polc --version')}",
          f"- bubblewrap: {version('bwrap --version')}",
          f"- runc: {version('runc --version')}",
          f"- unshare: {version('unshare --version')}",
          f"- firejail: {version('firejail --version')}",
          f"- hyperfine: {version('hyperfine --version')}",
          "- crun: not run: it refuses hybrid cgroup hosts like this one.", "",
          "## Start-up", "",
          "Comparable confinement: new mount/pid/ipc/uts/net/cgroup namespaces, a read-only",
          "root, fresh /proc, /dev and /tmp, no capabilities, and a seccomp filter where the",
          f"tool takes one (enforce: Docker's default profile imported by polc; bubblewrap: enforce's own BPF: {facts['bwrap_seccomp']};",
          f"runc: the same policy exported as OCI seccomp: {facts['runc_seccomp']}; firejail: its own --seccomp;",
          "unshare: none, it has no filter). runc runs a busybox rootfs, the others a read-only view of /.",
          "Every command is run without a shell (hyperfine -N) through the same one-exec",
          "wrapper (bench/fdexec.c) that opens bubblewrap's filter on fd 9.", "",
          f"![start-up chart]({os.path.basename(chart_path)})", ""]
    md += startup_table(startup, "As root", commands)
    md += startup_table(cgroup, "As root, with cgroup limits (memory, pids, cpu)", commands)
    md += startup_table(rootless, "As an unprivileged user, in a user namespace", commands)
    if startup.get("enforce"):
        e = median_ms(startup["enforce"])
        md.append("Targets: enforce ≤ 0.8× bubblewrap and ≤ 0.15× runc.")
        for peer, target in (("bubblewrap", 0.8), ("runc", 0.15)):
            if startup.get(peer):
                ratio = e / median_ms(startup[peer])
                verdict = "met" if ratio <= target else "missed"
                md.append(f"- vs {peer}: {ratio:.3f}× ({verdict})")
        md.append("")
    md += hardened_section(hardened, outdir)
    md += hand_section("startup.md")
    md += ["## Throughput", "",
           f"- 1,000 containers one after another (cgroup policy): {facts['seq_seconds']} s",
           f"- 100 at once: {facts['par_seconds']} s",
           f"- mountinfo lines / polc cgroups / enforce processes before: {facts['left_before']}, after: {facts['left_after']}", "",
           "## Footprint", "",
           "| | enforce | bubblewrap | runc |", "| --- | ---: | ---: | ---: |",
           f"| binary (enforce stripped) | {int(facts['enforce_size'] or 0):,} B | {int(facts['bwrap_size'] or 0):,} B | {int(facts['runc_size'] or 0):,} B |",
           f"| peak RSS of a /bin/true run | {kb(facts['enforce_peak'])} | {kb(facts['bwrap_peak'])} | {kb(facts['runc_peak'])} |",
           f"| the same, `use hardened` | {kb(facts.get('hardened_peak'))} | | |",
           f"| supervisor RSS while the command runs | {kb(facts['enforce_sup'])} | {kb(facts['bwrap_sup'])} | {kb(facts['runc_sup'])} |",
           "", "Targets: enforce under 100 KB stripped and under 2 MB peak RSS.",
           f"- stripped size: {int(facts['enforce_size'] or 0) / 1000:.1f} KB "
           f"({'met' if int(facts['enforce_size'] or 0) < 100000 else 'missed'})",
           f"- peak RSS: {kb(facts['enforce_peak'])} "
           f"({'met' if facts['enforce_peak'].isdigit() and int(facts['enforce_peak']) < 2048 else 'missed'})", "",
           *hand_section("apparmor.md"),
           "## Seccomp", "",
           "BPF instructions executed per decision, over every syscall number of each",
           "architecture, counted by the in-tree interpreter (compiler/seccomp/bpf_interp.c):", "", "```"]
    with open(os.path.join(outdir, "bpf-cost.txt")) as f:
        md += [line.rstrip() for line in f]
    md += ["```", "", "Measured cost of one syscall in a tight loop (ns per call):", "",
           "| syscall | no filter | under Docker's profile, loaded by enforce |", "| --- | ---: | ---: |",
           f"| getppid (decided by number) | {facts['loop_bare_ppid']} | {facts['loop_filt_ppid']} |",
           f"| personality (argument-checked: persona in a list) | {facts['loop_bare_pers']} | {facts['loop_filt_pers']} |", "",
           "## polc", ""]
    if polc:
        md += ["| policy | median compile time (ms) |", "| --- | ---: |"]
        md += [f"| {n} | {median_ms(r):.1f} |" for n, r in polc.items()]
    md += ["", "## Command lines", ""]
    with open(os.path.join(outdir, "commands.tsv")) as f:
        for line in f:
            t, n, c = line.rstrip("\n").split("\t", 2)
            md.append(f"- {t} / {n}: `{c.replace(outdir, '$OUT')}`")
    md.append("")
    md.append(f"`$OUT` is `{os.path.relpath(outdir)}`.")
    md += hand_section("signed.md")
    with open(page, "w") as f:
        f.write("\n".join(md) + "\n")
    chart(startup, chart_path)


if __name__ == "__main__":
    main()
