#!/usr/bin/env python3
"""Where one `icount` row's time goes, and how much of it waits on a load.

This VM gives `perf` no hardware counters, but its software clock samples
(`-e cpu-clock`) do work, and they show what neither instruction nor atomic
counts do: a sample lands on the instruction *after* one that stalled. Two kinds
of stall are summed here:

- after a 16-byte load (`movups`/`movdqu`/... into an `xmm` register): mostly a
  value copied with wide loads right after narrow stores made it, which the
  CPU cannot forward from its store buffer (a `Vec`'s header, an `Option`'s
  niche, a struct returned by value and then moved);
- after an atomic read-modify-write (`lock`-prefixed, `xchg` with memory).

    cargo build --release -p extask-benches --example icount
    benches/stalls.py target/release/examples/icount ping_pong [N] [TOP]

Prints the row's hottest symbols, the share of samples after each kind of
load, and the TOP hottest instructions with the one before them (`W` wide
load, `L` atomic) and, with line tables
(`CARGO_PROFILE_RELEASE_DEBUG=line-tables-only`), their source lines.
"""
import re
import subprocess
import sys
import tempfile

WIDE_LOAD = re.compile(r"v?mov(ups|aps|dqu|dqa|dqu64)\s+-?(0x[0-9a-f]+)?\(%r\w+\),%[xyz]mm")


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    binary, row = sys.argv[1], sys.argv[2]
    n = sys.argv[3] if len(sys.argv) > 3 else "1000000"
    top = int(sys.argv[4]) if len(sys.argv) > 4 else 15
    with tempfile.NamedTemporaryFile(suffix=".perf") as data:
        subprocess.run(["perf", "record", "-q", "-e", "cpu-clock", "-F", "20000",
                        "-o", data.name, binary, row, n],
                       capture_output=True, check=True)
        report = subprocess.run(["perf", "report", "-i", data.name, "--no-children",
                                 "--sort", "symbol", "-q", "--stdio"],
                                capture_output=True, text=True).stdout
        annotated = subprocess.run(["perf", "annotate", "-i", data.name, "--stdio"],
                                   capture_output=True, text=True).stdout
    for line in report.splitlines()[:8]:
        print(line[:120])
    sections, current = [], None
    for line in annotated.splitlines():
        m = re.search(r"Disassembly of .* for cpu-clock \((\d+) samples", line)
        if m:
            current = (int(m.group(1)), [])
            sections.append(current)
            continue
        m = re.match(r"\s+([0-9.]+)\s+:\s+([0-9a-f]+):\s+(.*)", line)
        if m and current:
            current[1].append((float(m.group(1)), m.group(2), m.group(3).strip()))
    total = sum(count for count, _ in sections) or 1
    wide = atomic = 0.0
    hot = []
    for count, lines in sections:
        for (percent, addr, text), (_, _, before) in zip(lines[1:], lines):
            samples = percent * count / 100
            kind = " "
            if WIDE_LOAD.match(before):
                kind, wide = "W", wide + samples
            elif before.startswith("lock") or re.match(r"xchg\s+%\w+,-?(0x[0-9a-f]+)?\(", before):
                kind, atomic = "L", atomic + samples
            hot.append((samples / total * 100, kind, addr, before, text))
    print(f"{total} samples; after a wide load {wide / total * 100:.1f} %, "
          f"after an atomic {atomic / total * 100:.1f} %")
    for share, kind, addr, before, text in sorted(hot, reverse=True)[:top]:
        where = subprocess.run(["addr2line", "-e", binary, "-i", "0x" + addr],
                               capture_output=True, text=True).stdout.split()
        where = " < ".join(w.split("/src/")[-1] for w in where[:3] if not w.startswith("??"))
        print(f"{share:5.2f}% {kind} {addr} after [{before[:40]}] {where}")


if __name__ == "__main__":
    main()
