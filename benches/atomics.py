#!/usr/bin/env python3
"""Atomic read-modify-write instructions per operation of one `icount` row.

On this VM `perf` has no hardware counters, and the instruction count does not
see what an atomic costs (a `lock`-prefixed instruction or an `xchg` with
memory is ~20 cycles where most take one): this counts them. It runs the row
under valgrind's callgrind with per-instruction counts, N operations and 0,
and counts the executions of the binary's own atomic instructions (found with
objdump; libc's are not counted), per operation.

    cargo build --release -p extask-benches --example icount
    benches/atomics.py target/release/examples/icount async_await_one
    benches/atomics.py --sites BIN ROW     # per site, with its source line
                                           # (build with line tables:
                                           # CARGO_PROFILE_RELEASE_DEBUG=line-tables-only)

`icount`'s counting allocator adds two per allocation and two per free (its
own counters): subtract them (the row prints its allocations per operation).
"""
import re
import subprocess
import sys
import tempfile


def atomic_sites(binary):
    dis = subprocess.run(["objdump", "-d", "--no-show-raw-insn", binary],
                         capture_output=True, text=True, check=True).stdout
    sites = {}
    for line in dis.splitlines():
        m = re.match(r"\s*([0-9a-f]+):\s+(.*)", line)
        if m and (m.group(2).startswith("lock")
                  or re.match(r"xchg\s+%\w+,-?(0x[0-9a-f]+)?\(", m.group(2))):
            sites[int(m.group(1), 16)] = m.group(2)
    return sites


def executions(binary, row, n, sites):
    """Executions of each atomic site in a run of `n` operations."""
    with tempfile.NamedTemporaryFile(suffix=".callgrind") as out:
        subprocess.run(["valgrind", "--tool=callgrind", "--dump-instr=yes",
                        "--compress-pos=no", "--compress-strings=no",
                        "--callgrind-out-file=" + out.name, binary, row, str(n)],
                       capture_output=True, check=True)
        counts, obj, after_call = {}, None, False
        name = binary.split("/")[-1]
        for line in open(out.name):
            if line.startswith("ob="):
                obj = line[3:].strip()
            if line.startswith("calls="):
                after_call = True  # the next cost line is the call's, inclusive
                continue
            if after_call:
                after_call = False
                continue
            m = re.match(r"(0x[0-9a-f]+)((?:\s+\d+)+)", line)
            if m and obj and obj.endswith(name):
                addr = int(m.group(1), 16)
                if addr in sites:
                    counts[addr] = counts.get(addr, 0) + int(m.group(2).split()[-1])
        return counts


def source_of(binary, addr):
    out = subprocess.run(["addr2line", "-e", binary, "-C", "-i", "-f", hex(addr)],
                         capture_output=True, text=True).stdout.strip().split("\n")
    frames = [out[i + 1] for i in range(0, len(out) - 1, 2)]
    ours = [f.split("task-runtime/src/")[-1] for f in frames if "task-runtime/src" in f]
    theirs = [f.split("/src/")[-1] for f in frames if "registry/src" in f]
    return " <- ".join(ours[:3]) or " <- ".join(theirs[:2]) or frames[0].split("/src/")[-1]


def main():
    args = sys.argv[1:]
    per_site = "--sites" in args
    args = [a for a in args if a != "--sites"]
    binary, row = args[0], args[1]
    n = int(args[2]) if len(args) > 2 else 3000
    sites = atomic_sites(binary)
    run, base = executions(binary, row, n, sites), executions(binary, row, 0, sites)
    per_op = {a: (c - base.get(a, 0)) / n for a, c in run.items()}
    if per_site:
        for addr, c in sorted(per_op.items(), key=lambda x: -x[1]):
            if c >= 0.5:
                print("%5.2f  %-26s %s" % (c, sites[addr][:26], source_of(binary, addr)))
    print("%s: %.2f atomic read-modify-writes per operation" % (row, sum(per_op.values())))


if __name__ == "__main__":
    main()
