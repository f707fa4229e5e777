//! Cross-node conformance (feature `dist`): each client scenario of
//! `conformance/dist/scenarios/` runs on an Elixir node against this test's
//! Rust node (the server twin `conformance/dist/server.rs`), and prints the
//! same lines as against the Elixir twin `server.exs`, recorded in
//! `conformance/dist/expected/` by `conformance/dist/record.sh`.
//! `cargo test --features dist --test conformance_dist`;
//! `CONFORMANCE_ONLY=links,monitors` runs some.
#![cfg(feature = "dist")]

#[path = "common/cluster.rs"]
mod cluster;
mod common;
#[path = "../conformance/normalize.rs"]
#[allow(dead_code, reason = "only `normalize` is used")]
mod normalize;
#[path = "../conformance/dist/server.rs"]
#[allow(unreachable_pub, reason = "a module of this test")]
mod server;

use extask::dist::Options;
use std::path::{Path, PathBuf};
use std::process::Command;

const SCENARIOS: &[&str] = &[
    "send_reply",
    "gen_server_calls",
    "calls_from_server",
    "links",
    "monitors",
    "tasks",
];

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("conformance/dist")
}

/// Runs the client `name` on a node of its own; its normalised stdout.
fn client(name: &str, epmd: u16) -> String {
    let out = Command::new("timeout")
        .args(["120", "elixir", "--name", &format!("cli_{name}@127.0.0.1")])
        .args(["--cookie", "extask_conf", "-r", "client.exs"])
        .arg(format!("scenarios/{name}.exs"))
        .current_dir(dir())
        .env("ERL_EPMD_PORT", epmd.to_string())
        .output()
        .expect("elixir runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() {
        return format!(
            "elixir failed ({}):\n{stdout}\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
    }
    normalize::normalize(&stdout)
}

#[test]
fn elixir_clients_print_the_same_against_the_rust_node() {
    if !cluster::elixir_installed() {
        return;
    }
    let only = std::env::var("CONFORMANCE_ONLY").ok();
    let chosen: Vec<&'static str> = SCENARIOS
        .iter()
        .copied()
        .filter(|n| {
            only.as_deref()
                .is_none_or(|o| o.split(',').any(|x| x == *n))
        })
        .collect();
    let epmd = cluster::Epmd::start();
    let port = epmd.port;
    let failures = common::run(async move {
        cluster::start_node(Options::new("srv@127.0.0.1", "extask_conf"), port).await;
        server::start().await;
        let mut failures = Vec::new();
        for name in chosen {
            let got = tokio::task::spawn_blocking(move || client(name, port))
                .await
                .expect("the client's runner");
            let expected = std::fs::read_to_string(dir().join(format!("expected/{name}.out")))
                .expect("the recorded output");
            if got != expected {
                failures.push(format!(
                    "--- {name}: Elixir↔Elixir (expected)\n{expected}+++ {name}: Elixir↔Rust\n{got}"
                ));
            }
        }
        failures
    });
    drop(epmd);
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}
