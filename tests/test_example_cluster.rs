//! `examples/cluster` runs end to end (feature `dist`): its binary, built by
//! `cargo test --features dist` (or `cargo build --features dist --example
//! cluster` first, as `.ci/run` does), starts EPMD on a private port (the
//! attribute's `node = ..` starts it when absent), its node, and the Elixir
//! side; both print what they saw. Skipped without elixir, failing when `CI`
//! is set.
#![cfg(feature = "dist")]

#[path = "common/cluster.rs"]
mod cluster;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The example's binary, beside this test's (`target/debug/examples/`).
fn example_binary() -> std::path::PathBuf {
    let exe = std::env::current_exe().unwrap();
    let bin = exe
        .parent()
        .unwrap()
        .parent()
        .unwrap()
        .join("examples/cluster");
    assert!(
        bin.exists(),
        "{} is not built: cargo build --features dist --example cluster",
        bin.display()
    );
    bin
}

/// Stops the EPMD the example started on `port`, whatever the test did.
struct KillEpmd(u16);

impl Drop for KillEpmd {
    fn drop(&mut self) {
        let _ = Command::new("epmd")
            .args(["-port", &self.0.to_string(), "-kill"])
            .stdout(Stdio::null())
            .status();
    }
}

#[test]
fn the_cluster_example_prints_what_both_nodes_saw() {
    if !cluster::elixir_installed() {
        return;
    }
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let _epmd = KillEpmd(port);
    let out = std::env::temp_dir().join(format!("extask-cluster-{port}.out"));
    let file = std::fs::File::create(&out).unwrap();
    let child = Command::new(example_binary())
        .env("ERL_EPMD_PORT", port.to_string())
        .stdout(file.try_clone().unwrap())
        .stderr(file)
        .spawn()
        .unwrap();
    let mut child = cluster::Reaped(child);
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.0.try_wait().unwrap() {
            break status;
        }
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "the example did not finish in 120 s:\n{}",
            std::fs::read_to_string(&out).unwrap_or_default()
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    let printed = std::fs::read_to_string(&out).unwrap();
    assert!(
        status.success(),
        "the example failed ({status}):\n{printed}"
    );
    // The workers run concurrently: the lines of the three jobs come in any
    // order, and each job's ledger total depends on it. Sorted, without the
    // totals, the lines are fixed; the totals are three running sums to 10.
    let mut totals = Vec::new();
    let mut lines: Vec<String> = printed
        .lines()
        .map(
            |line| match line.split_once(", the ledger's total is now ") {
                Some((head, total)) => {
                    totals.push(total.parse::<u32>().expect("a total"));
                    head.to_owned()
                }
                None => line.to_owned(),
            },
        )
        .collect();
    lines.sort();
    let expected = [
        "elixir: :stats says %{jobs: 3, words: 10}",
        "elixir: connected to rust@127.0.0.1",
        "elixir: job 1 -> 4 words, longest \"brown\", by a process on rust@127.0.0.1",
        "elixir: job 2 -> 5 words, longest \"jumps\", by a process on rust@127.0.0.1",
        "elixir: job 3 -> 1 words, longest \"distribution\", by a process on rust@127.0.0.1",
        "elixir: ledger recorded job 1 (4 words) from rust@127.0.0.1",
        "elixir: ledger recorded job 2 (5 words) from rust@127.0.0.1",
        "elixir: ledger recorded job 3 (1 words) from rust@127.0.0.1",
        "rust: job 1 scored 4 words",
        "rust: job 2 scored 5 words",
        "rust: job 3 scored 1 words",
        "rust: node rust@127.0.0.1 up, :workers and :stats ready",
        "rust: the Elixir node is done (exit status: 0)",
    ];
    assert_eq!(lines, expected, "printed:\n{printed}");
    totals.sort();
    assert_eq!(totals.len(), 3, "{printed}");
    assert_eq!(totals[2], 10, "{printed}");
    assert!(totals[0] < totals[1] && totals[1] < totals[2], "{printed}");
}
