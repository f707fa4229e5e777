# Shared by record.sh and check-elixir.sh (sourced, not run).
# Sets CONF (this folder), NORMALIZE (the normaliser command, built on demand)
# and defines run_scenario NAME OUTFILE (runs NAME.exs, writes normalised stdout).

CONF="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$CONF/.." && pwd)"
TOOLS="${CARGO_TARGET_DIR:-$ROOT/target}/conformance-tools"
NORMALIZE="$TOOLS/normalize"

build_normalizer() {
    mkdir -p "$TOOLS"
    if [ ! -x "$NORMALIZE" ] || [ "$CONF/normalize.rs" -nt "$NORMALIZE" ] \
        || [ "$CONF/normalize_main.rs" -nt "$NORMALIZE" ]; then
        rustc --edition 2024 -O -o "$NORMALIZE" "$CONF/normalize_main.rs"
    fi
}

# The scenarios to run: the names given, or every scenarios/*.exs.
scenario_names() {
    if [ "$#" -gt 0 ]; then
        printf '%s\n' "$@"
    else
        for f in "$CONF"/scenarios/*.exs; do basename "$f" .exs; done
    fi
}

# run_scenario NAME OUT: stdout of the scenario, normalised, into OUT; stderr
# (warnings, the BEAM's own reports) into OUT.stderr. Fails if elixir fails.
run_scenario() {
    local name="$1" out="$2" raw
    raw="$(mktemp)"
    if (cd "$CONF" && elixir -r support.exs "scenarios/$name.exs") >"$raw" 2>"$out.stderr"; then
        "$NORMALIZE" <"$raw" >"$out"
        rm -f "$raw"
    else
        echo "$name: elixir exited with status $? (stderr in $out.stderr)" >&2
        rm -f "$raw"
        return 1
    fi
}

elixir_missing() {
    ! command -v elixir >/dev/null 2>&1
}
