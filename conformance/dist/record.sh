#!/usr/bin/env bash
# Records the cross-node scenarios against two Elixir nodes: a private epmd,
# the Elixir server twin (server.exs) as srv@127.0.0.1, then each client
# scenarios/NAME.exs as cli_NAME@127.0.0.1; its normalised stdout becomes
# expected/NAME.out (tests/conformance_dist.rs runs the same clients against
# the Rust server twin and compares).
#
#   conformance/dist/record.sh            # every scenario
#   conformance/dist/record.sh links      # one
#   CHECK=1 conformance/dist/record.sh    # compare with expected/ instead (.ci/run)
set -euo pipefail
source "$(dirname "$0")/../common.sh"
DIST="$CONF/dist"
COOKIE=extask_conf

if elixir_missing; then
    if [ -n "${CHECK:-}" ] && [ -z "${CI:-}" ]; then
        echo "elixir not installed: skipped"
        exit 0
    fi
    echo "elixir not installed: cannot run (apt-get install -y elixir)" >&2
    exit 1
fi
build_normalizer
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
export ERL_EPMD_PORT="$port"
tmp="$(mktemp -d)"
epmd -address 127.0.0.1 -port "$port" &
epmd_pid=$!
(cd "$DIST" && exec elixir --name srv@127.0.0.1 --cookie "$COOKIE" server.exs) >"$tmp/server.log" 2>&1 &
server_pid=$!
trap 'kill $server_pid $epmd_pid 2>/dev/null; rm -rf "$tmp"' EXIT

failed=0
names=("$@")
if [ "${#names[@]}" -eq 0 ]; then
    for f in "$DIST"/scenarios/*.exs; do names+=("$(basename "$f" .exs)"); done
fi
for name in "${names[@]}"; do
    if (cd "$DIST" && timeout 120 elixir --name "cli_$name@127.0.0.1" --cookie "$COOKIE" \
        -r client.exs "scenarios/$name.exs") >"$tmp/$name.raw" 2>"$tmp/$name.stderr"; then
        if [ -n "${CHECK:-}" ]; then
            "$NORMALIZE" <"$tmp/$name.raw" >"$tmp/$name.out"
            if ! diff -u "$DIST/expected/$name.out" "$tmp/$name.out"; then
                echo "$name: Elixir↔Elixir no longer prints expected/$name.out" >&2
                failed=1
            fi
        else
            "$NORMALIZE" <"$tmp/$name.raw" >"$DIST/expected/$name.out"
            echo "recorded $name"
        fi
    else
        echo "$name: elixir failed ($?):" >&2
        cat "$tmp/$name.raw" "$tmp/$name.stderr" >&2
        exit 1
    fi
done
if [ "$failed" -ne 0 ]; then
    exit 1
fi
[ -n "${CHECK:-}" ] && echo "every cross-node scenario agrees with Elixir↔Elixir"
exit 0
