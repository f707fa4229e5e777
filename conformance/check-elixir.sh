#!/usr/bin/env bash
# Re-runs every conformance scenario (or the names given) on the real Elixir
# and diffs the normalised output against expected/NAME.out.
#
# Without elixir it says so and exits 0 locally, but fails when CI is set.
set -euo pipefail
source "$(dirname "$0")/common.sh"

if elixir_missing; then
    echo "elixir not installed: skipped (apt-get install -y elixir to run this check)"
    if [ -n "${CI:-}" ]; then
        echo "CI is set: the Elixir check must run in CI" >&2
        exit 1
    fi
    exit 0
fi
echo "$(elixir --version | tail -n 1)"
build_normalizer
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
export -f run_scenario
export CONF NORMALIZE

scenario_names "$@" | xargs -P "${JOBS:-$(nproc)}" -I{} bash -c 'run_scenario "$1" "$2/$1.out" || touch "$2/$1.failed"' _ {} "$tmp"

status=0
count=0
for name in $(scenario_names "$@"); do
    count=$((count + 1))
    if [ -e "$tmp/$name.failed" ]; then
        echo "FAIL $name: elixir failed"
        sed 's/^/    /' "$tmp/$name.out.stderr" | head -20
        status=1
    elif [ ! -e "$CONF/expected/$name.out" ]; then
        echo "FAIL $name: not recorded (run conformance/record.sh $name)"
        status=1
    elif ! diff -u "$CONF/expected/$name.out" "$tmp/$name.out" >"$tmp/$name.diff"; then
        echo "FAIL $name: Elixir now prints something else"
        cat "$tmp/$name.diff"
        status=1
    fi
done
if [ "$status" -eq 0 ]; then
    echo "elixir conformance: all $count scenarios print what is recorded"
fi
exit "$status"
