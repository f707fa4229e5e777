//! What the tests against a real Elixir node share (feature `dist`): a
//! private epmd, this test's Rust node on it, the Elixir node running a
//! script of `tests/dist/`, and the clean-up of every OS process started.
#![allow(unreachable_pub, dead_code, reason = "included by several test crates")]

use extask::dist::{self, Options};
use std::fs::File;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Kills and reaps the OS process when dropped, whatever the test did.
pub struct Reaped(pub Child);

impl Drop for Reaped {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Whether elixir and epmd are installed. Without them the test is skipped
/// (it says so), unless `CI` is set: then it fails.
pub fn elixir_installed() -> bool {
    let missing = |tool: &str| {
        Command::new("sh")
            .args(["-c", &format!("command -v {tool}")])
            .stdout(Stdio::null())
            .status()
            .map_or(true, |s| !s.success())
    };
    if missing("elixir") || missing("epmd") {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set: elixir and epmd must be installed"
        );
        eprintln!("skipped: elixir or epmd not installed (apt-get install -y elixir)");
        return false;
    }
    true
}

/// Whether epmd is installed (the Rust↔Rust tests need nothing else):
/// skipped without it, unless `CI` is set.
pub fn epmd_installed() -> bool {
    let found = Command::new("sh")
        .args(["-c", "command -v epmd"])
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set: epmd must be installed"
        );
        eprintln!("skipped: epmd not installed (apt-get install -y erlang-base)");
    }
    found
}

/// An epmd of the test's own, on a free port, so the test neither needs nor
/// disturbs the system's.
pub struct Epmd {
    pub port: u16,
    _process: Reaped,
}

impl Epmd {
    pub fn start() -> Epmd {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let process = Command::new("epmd")
            .args(["-address", "127.0.0.1", "-port", &port.to_string()])
            .spawn()
            .expect("epmd starts");
        Epmd {
            port,
            _process: Reaped(process),
        }
    }
}

/// Starts this program's node with `opts` on `epmd`: epmd may not listen
/// yet, so the start (which registers) is retried for 30 s.
pub async fn start_node(opts: Options, epmd: u16) {
    let opts = opts.epmd_port(epmd);
    let up = Instant::now();
    while let Err(e) = dist::start_with(opts.clone()).await {
        assert!(
            up.elapsed() < Duration::from_secs(30),
            "the Rust node did not start: {e}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// The Elixir node `name` running `tests/dist/{script}` on `epmd`, with
/// `erl` flags if any, its output to `log` if given (else the test's).
pub fn elixir(
    name: &str,
    cookie: &str,
    erl: Option<&str>,
    script: &str,
    epmd: u16,
    log: Option<&Path>,
) -> Reaped {
    let script = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/dist")
        .join(script);
    let mut command = Command::new("elixir");
    command.args(["--name", name, "--cookie", cookie]);
    if let Some(flags) = erl {
        command.args(["--erl", flags]);
    }
    command.arg(script).env("ERL_EPMD_PORT", epmd.to_string());
    if let Some(log) = log {
        let file = File::create(log).unwrap();
        command.stdout(file.try_clone().unwrap()).stderr(file);
    }
    Reaped(command.spawn().expect("elixir starts"))
}

/// Connects to `peer`, which is up once epmd knows it (retried for 60 s).
pub async fn connect(peer: &str) {
    let started = Instant::now();
    while !dist::connect(peer).await {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no connection to {peer} in 60 s"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Waits up to `limit` for the Elixir node to end, sleeping with tokio's
/// timer, not the thread's (the node's connection tasks, and messages still
/// to leave, run on this runtime too); then its output, written to `out`,
/// is read and the file removed. `None`: it had not ended in time.
pub async fn wait_for_exit(
    elixir: &mut Reaped,
    out: &Path,
    limit: Duration,
) -> (Option<std::process::ExitStatus>, String) {
    let started = Instant::now();
    let status = loop {
        if let Some(status) = elixir.0.try_wait().unwrap() {
            break Some(status);
        }
        if started.elapsed() > limit {
            break None;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    let text = std::fs::read_to_string(out).unwrap_or_default();
    let _ = std::fs::remove_file(out);
    (status, text)
}

/// Waits (at most 5 minutes) for an Elixir node running ExUnit checks to
/// end; their output is printed, their exit status must be 0 and ExUnit
/// must report `tests` tests with no failure.
pub async fn wait_for_checks(mut elixir: Reaped, out: &Path, tests: usize) {
    let (status, text) = wait_for_exit(&mut elixir, out, Duration::from_secs(300)).await;
    println!("{text}");
    let status = status.expect("the Elixir checks did not end within 300 s");
    assert!(status.success(), "the Elixir checks failed:\n{text}");
    assert!(
        text.contains(&format!("{tests} tests, 0 failures")),
        "{text}"
    );
}
