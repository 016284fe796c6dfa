#!/usr/bin/env python3
"""trace_check.py TRACE [--decode]: check a learning trace against
docs/learn-trace.md, strictly (what a writer must produce, which is more
than a reader accepts): the header, one `run` first, one `end` last whose
`records` counts every record above, known kinds, key=value fields with
only the allowed bytes and well-formed %XX escapes, lines of at most 8192
bytes. Exit 0 and print nothing (or, with --decode, every record with its
values decoded, as Python reprs); exit 1 with one line naming the fault."""
import re
import sys

KINDS = {"run", "sc", "file", "net", "cap", "end"}
VALUE = re.compile(rb"^(?:[!-~]|%[0-9A-F]{2})+$")
BAD = set(b"%=# ")


def fail(msg):
    print(f"trace_check: {msg}")
    sys.exit(1)


def decode(v):
    if v == b"-":
        return b""
    return re.sub(rb"%([0-9A-F]{2})", lambda m: bytes([int(m.group(1), 16)]), v)


def main():
    data = open(sys.argv[1], "rb").read()
    if len(data) > 64 << 20:
        fail("over 64 MiB")
    if not data.endswith(b"\n"):
        fail("the last line has no newline")
    lines = data[:-1].split(b"\n")
    if lines[0] != b"polc-trace 1":
        fail(f"header is {lines[0][:40]!r}")
    records = []
    for no, line in enumerate(lines[1:], 2):
        if len(line) + 1 > 8192:
            fail(f"line {no}: {len(line) + 1} bytes")
        if not line or line.startswith(b"#"):
            continue
        words = line.split(b" ")
        kind = words[0].decode("ascii", "replace")
        if kind not in KINDS:
            fail(f"line {no}: unknown kind {kind!r}")
        fields = {}
        for w in words[1:]:
            if w.count(b"=") != 1:
                fail(f"line {no}: field {w[:40]!r} is not key=value")
            k, v = w.split(b"=")
            if not re.match(rb"^[a-z0-9_]+$", k):
                fail(f"line {no}: key {k!r}")
            if not VALUE.match(v) or any(c in BAD for c in re.sub(rb"%[0-9A-F]{2}", b"", v)):
                fail(f"line {no}: value of {k.decode()} is not escaped: {v[:60]!r}")
            if k.decode() in fields:
                fail(f"line {no}: {k.decode()} twice")
            fields[k.decode()] = decode(v)
        records.append((no, kind, fields))
    if not records or records[0][1] != "run":
        fail("the first record is not run")
    if records[-1][1] != "end":
        fail("no end record: truncated")
    if sum(1 for r in records if r[1] in ("run", "end")) != 2:
        fail("run or end more than once")
    end = records[-1][2]
    if int(end["records"]) != len(records) - 1:
        fail(f"end says {end['records'].decode()} records, {len(records) - 1} above it")
    need = {"sc": {"arch", "nr", "name", "blob", "n", "exe"}, "file": {"op", "path", "acc", "n", "exe"},
            "net": {"op", "fam", "type", "addr", "port", "n", "exe"}, "cap": {"cap", "why", "n", "exe"},
            "run": {"blob", "sha256", "uid", "rootless", "cmd", "arches", "kernel"},
            "end": {"status", "records", "lost"}}
    keys = set()
    for no, kind, f in records:
        missing = need[kind] - set(f)
        if missing:
            fail(f"line {no}: {kind} lacks {sorted(missing)}")
        if kind == "file" and (not f["path"].startswith(b"/") or f["acc"] not in
                               (b"r", b"w", b"x", b"rw", b"rx", b"wx", b"rwx")):
            fail(f"line {no}: file path/acc {f['path'][:40]!r} {f['acc']!r}")
        key = (kind, tuple(sorted((k, v) for k, v in f.items() if k not in ("n", "exe"))))
        if kind not in ("run", "end"):
            if key in keys:
                fail(f"line {no}: the same key twice (the enforcer aggregates)")
            keys.add(key)
    if "--decode" in sys.argv:
        for no, kind, f in records:
            print(kind, " ".join(f"{k}={v!r}" for k, v in f.items()))


main()
