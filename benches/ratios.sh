#!/usr/bin/env bash
# Prints the latest `cargo bench` figures as a markdown table of ratios:
# extask against raw tokio (same run), and the BEAM against extask when an
# output of benches/run-elixir.sh is given.
#
# Usage: benches/ratios.sh [elixir-output.txt ...]
# Reads $CARGO_TARGET_DIR/criterion (default: target/criterion), or every
# directory listed in $CRITERION_DIRS (copies of that folder from several
# runs). Times are criterion's median per iteration, divided by the group's
# throughput (elements per iteration) where it has one: ns per task, per
# round trip, or per whole chain for the cascade. With several runs (several
# criterion copies, several Elixir outputs) each figure is the best of them:
# on a shared machine the least disturbed run is the closest to the truth.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
read -r -a dirs <<<"${CRITERION_DIRS:-${CARGO_TARGET_DIR:-$root/target}/criterion}"
elixir=("$@")
criterion="${dirs[0]}"

if [ ! -d "$criterion" ]; then
  echo "ratios: no criterion results in $criterion; run cargo bench first" >&2
  exit 1
fi

# ns per operation of one benchmark (median / elements), best of the runs.
per_op() {
  local d best=""
  for d in "${dirs[@]}"; do
    local dir="$d/$1/new"
    [ -f "$dir/estimates.json" ] || continue
    local median elements
    median=$(jq '.median.point_estimate' "$dir/estimates.json")
    elements=$(jq '.throughput.Elements // 1' "$dir/benchmark.json")
    best=$(awk -v m="$median" -v e="$elements" -v b="$best" \
      'BEGIN { x = m / e; if (b == "" || x < b) printf "%.1f", x; else print b }')
  done
  echo "$best"
}

# The BEAM's ns/op for a workload, best of the run-elixir outputs.
beam() {
  [ ${#elixir[@]} -gt 0 ] || { echo ""; return; }
  awk -v w="$1:" '$1 == w && (best == "" || $2 < best) { best = $2 } END { print best }' "${elixir[@]}"
}

fmt_ns() {
  [ -n "$1" ] || { echo "-"; return; }
  awk -v x="$1" 'BEGIN {
    if (x >= 1e6) printf "%.2f ms", x / 1e6;
    else if (x >= 1e3) printf "%.2f µs", x / 1e3;
    else printf "%.0f ns", x }'
}

ratio() {
  [ -n "$1" ] && [ -n "$2" ] || { echo "-"; return; }
  awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f×", a / b }'
}

echo "| workload | runtime | tokio | extask | extask / tokio | BEAM | BEAM / extask |"
echo "|---|---|---|---|---|---|---|"
for group_dir in "$criterion"/*/; do
  group=$(basename "$group_dir")
  [ "$group" = report ] && continue
  workload=${group%_*}
  flavor=${group##*_}
  tokio=$(per_op "$group/tokio")
  for fn_dir in "$group_dir"*/; do
    fn=$(basename "$fn_dir")
    case "$fn" in tokio | report) continue ;; esac
    ours=$(per_op "$group/$fn")
    name=$workload
    [ "$fn" = extask ] || name="$workload ($fn)"
    beam_workload=$workload
    [ "$fn" = extask_skip_100 ] && beam_workload="${workload}_skip_100"
    theirs=""
    [ "$flavor" = multi2 ] && theirs=$(beam "$beam_workload")
    echo "| $name | $flavor | $(fmt_ns "$tokio") | $(fmt_ns "$ours") | $(ratio "$ours" "$tokio") | $(fmt_ns "$theirs") | $(ratio "$theirs" "$ours") |"
  done
done
