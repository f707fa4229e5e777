#!/usr/bin/env bash
# Runs every conformance scenario (or the names given) on the real Elixir and
# records its normalised output as expected/NAME.out.
#
#   conformance/record.sh                 # all scenarios
#   conformance/record.sh await_twice     # one
#   JOBS=1 conformance/record.sh          # one at a time (default: one per CPU)
set -euo pipefail
source "$(dirname "$0")/common.sh"

if elixir_missing; then
    echo "elixir not installed: cannot record (apt-get install -y elixir)" >&2
    exit 1
fi
build_normalizer
mkdir -p "$CONF/expected"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
export -f run_scenario
export CONF NORMALIZE

scenario_names "$@" | xargs -P "${JOBS:-$(nproc)}" -I{} bash -c 'run_scenario "$1" "$2/$1.out"' _ {} "$tmp"

for out in "$tmp"/*.out; do
    name="$(basename "$out" .out)"
    cp "$out" "$CONF/expected/$name.out"
    echo "recorded $name"
done
