#!/usr/bin/env bash
# Runs the Elixir equivalents of the Rust benchmarks (benches/elixir/*.exs) on
# this machine, so the BEAM figures come from the same machine and session as
# `cargo bench`. Each line is "<workload>: <ns> ns/op ..." (or bytes for
# memory). Usage: benches/run-elixir.sh [workload ...]   (default: all)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

if ! command -v elixir >/dev/null 2>&1; then
  echo "run-elixir: elixir is not installed; skipping the BEAM benchmarks." >&2
  echo "run-elixir: install Elixir (e.g. apt-get install elixir) to compare against the BEAM." >&2
  exit 0
fi

workloads=("$@")
if [ ${#workloads[@]} -eq 0 ]; then
  workloads=(async_await start_link cascade ping_pong stream gen_server memory)
fi

echo "# $(elixir --version 2>/dev/null | tail -n 1) on $(nproc) cores; $(date -u +%Y-%m-%dT%H:%MZ)"
for w in "${workloads[@]}"; do
  script="$here/elixir/$w.exs"
  if [ ! -f "$script" ]; then
    echo "run-elixir: no workload $w (expected $script)" >&2
    exit 2
  fi
  # +P: room for the 1,000,000-process memory run.
  elixir --erl "+P 2000000" "$script"
done
