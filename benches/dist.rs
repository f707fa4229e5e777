//! Erlang distribution on loopback (`cargo bench -p extask-benches --features
//! dist --bench dist`): a remote round trip (send `{:ping, self()}` to a
//! process of the peer node, receive `:pong`) and one-way throughput
//! (`{:msg, i}` to a remote process, then one `{:sync, self()}` answered by
//! `:synced`, per message), from an extask root process to two peers:
//!
//! - `dist/<workload>/elixir`: an Elixir node (`benches/elixir/dist_peer.exs`);
//! - `dist/<workload>/extask`: a second extask node, this same binary started
//!   again as a child with `EXTASK_DIST_PEER` set, running the same `:echo`
//!   and `:sink` in Rust.
//!
//! - `dist/round_trip/tcp`: the floor, no distribution: 8 bytes each way
//!   between two tokio tasks over a loopback TCP connection (TCP_NODELAY, as
//!   a distribution connection).
//!
//! The bench starts a private epmd and both peers, and they end with it (their
//! stdin closes). `benches/elixir/dist.exs` is the Elixir ↔ Elixir side.
//! Multi-thread runtime, 2 workers; one node for the whole run (a node lives
//! as long as the OS process).

mod common;

use common::{Flavor, quick_group};
use criterion::{Criterion, Throughput, criterion_group};
use extask::dist::{self, Options};
use extask::inspect::Term;
use extask::{Pid, Timeout, messages, process};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};
use tokio::runtime::Runtime;

const COOKIE: &str = "extask_bench";
const ME: &str = "rbench@127.0.0.1";
const ELIXIR_PEER: &str = "exbenchpeer@127.0.0.1";
const RUST_PEER: &str = "rbenchpeer@127.0.0.1";
/// Set in the child that is the extask peer; its value is epmd's port.
const PEER_ENV: &str = "EXTASK_DIST_PEER";

/// A waited-for message that never comes: the benchmark stops rather than hang.
const LOST: Timeout = Timeout::Ms(30_000);

/// The OS processes the bench started (epmd, the peers): killed at the end.
struct Children(Vec<Child>);

impl Drop for Children {
    fn drop(&mut self) {
        for child in &mut self.0 {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// One runtime for the whole run: the node's listener and connections are
/// its tasks.
fn runtime() -> &'static Runtime {
    static RT: OnceLock<Runtime> = OnceLock::new();
    RT.get_or_init(|| Flavor::Multi2.runtime())
}

fn in_root<F>(fut: F) -> F::Output
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    common::in_root(runtime(), fut)
}

async fn recv() -> Term {
    process::receive_with(messages::take::<Term>, LOST)
        .await
        .expect("a reply from the peer node within 30 s")
}

/// The pid behind `{name, peer}`: asked until the peer has registered it
/// (connecting first, until epmd knows the peer).
async fn pid_of(name: &str, peer: &str) -> Pid {
    let started = Instant::now();
    let me = process::self_pid();
    loop {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no {name} on {peer}"
        );
        if dist::connect(peer).await {
            dist::send_to(name, peer, Term::tuple([Term::atom("pid"), Term::Pid(me)])).unwrap();
            let reply = process::receive_with(messages::take::<Term>, Timeout::Ms(200)).await;
            if let Some(Term::Tuple(t)) = reply
                && let [_, Term::Pid(pid)] = t.as_slice()
            {
                return *pid;
            }
        } else {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

async fn round_trips(echo: Pid, iters: u64) -> Duration {
    let me = process::self_pid();
    let start = Instant::now();
    for _ in 0..iters {
        process::send(echo, Term::tuple([Term::atom("ping"), Term::Pid(me)]));
        let pong = recv().await;
        debug_assert!(pong.is_atom("pong"));
    }
    start.elapsed()
}

async fn one_way(sink: Pid, iters: u64) -> Duration {
    let me = process::self_pid();
    let start = Instant::now();
    for i in 0..iters {
        process::send(sink, Term::tuple([Term::atom("msg"), Term::Int(i as i64)]));
    }
    process::send(sink, Term::tuple([Term::atom("sync"), Term::Pid(me)]));
    let synced = recv().await;
    assert!(synced.is_atom("synced"), "{synced:?}");
    start.elapsed()
}

/// `iters` round trips of 8 bytes over loopback TCP, to an echo task.
async fn tcp_round_trips(iters: u64) -> Duration {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let echo = tokio::spawn(async move {
        let (mut sock, _) = listener.accept().await.unwrap();
        sock.set_nodelay(true).unwrap();
        let mut buf = [0u8; 8];
        while sock.read_exact(&mut buf).await.is_ok() {
            if sock.write_all(&buf).await.is_err() {
                break;
            }
        }
    });
    let mut sock = tokio::net::TcpStream::connect(addr).await.unwrap();
    sock.set_nodelay(true).unwrap();
    let mut buf = [0u8; 8];
    let start = Instant::now();
    for i in 0..iters {
        sock.write_all(&i.to_le_bytes()).await.unwrap();
        sock.read_exact(&mut buf).await.unwrap();
    }
    let elapsed = start.elapsed();
    drop(sock);
    let _ = echo.await;
    elapsed
}

fn bench(c: &mut Criterion) {
    let mut group = quick_group(c, "dist/round_trip".to_owned());
    group.throughput(Throughput::Elements(1));
    group.bench_function("tcp", |b| {
        b.iter_custom(|iters| in_root(tcp_round_trips(iters)));
    });
    group.finish();

    let epmd_port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut children = Children(Vec::new());
    children.0.push(
        Command::new("epmd")
            .args(["-address", "127.0.0.1", "-port", &epmd_port.to_string()])
            .spawn()
            .expect("epmd is installed"),
    );
    runtime().block_on(async {
        let started = Instant::now();
        let opts = Options::new(ME, COOKIE).epmd_port(epmd_port);
        while let Err(e) = dist::start_with(opts.clone()).await {
            assert!(started.elapsed() < Duration::from_secs(30), "no node: {e}");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    });
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/elixir/dist_peer.exs");
    let elixir = Command::new("elixir")
        .args(["--name", ELIXIR_PEER, "--cookie", COOKIE, script])
        .env("ERL_EPMD_PORT", epmd_port.to_string())
        .stdin(Stdio::piped())
        .spawn()
        .expect("elixir is installed");
    children.0.push(elixir);
    let rust = Command::new(std::env::current_exe().unwrap())
        .env(PEER_ENV, epmd_port.to_string())
        .stdin(Stdio::piped())
        .spawn()
        .expect("the bench binary starts again as the peer");
    children.0.push(rust);

    for (peer, name) in [(ELIXIR_PEER, "elixir"), (RUST_PEER, "extask")] {
        let (echo, sink) =
            in_root(async move { (pid_of("echo", peer).await, pid_of("sink", peer).await) });
        let mut group = quick_group(c, "dist/round_trip".to_owned());
        group.throughput(Throughput::Elements(1));
        group.bench_function(name, |b| {
            b.iter_custom(|iters| in_root(round_trips(echo, iters)));
        });
        group.finish();
        let mut group = quick_group(c, "dist/one_way".to_owned());
        group.throughput(Throughput::Elements(1));
        group.bench_function(name, |b| {
            b.iter_custom(|iters| in_root(one_way(sink, iters)));
        });
        group.finish();
    }
    drop(children);
}

/// The extask peer: `:echo` and `:sink` as `dist_peer.exs` has them, until
/// stdin closes.
fn peer(epmd_port: u16) {
    in_root(async move {
        dist::start_with(Options::new(RUST_PEER, COOKIE).epmd_port(epmd_port))
            .await
            .expect("the peer node starts");
        process::register(process::spawn(echo()), "echo").unwrap();
        process::register(process::spawn(sink()), "sink").unwrap();
        let _ = tokio::task::spawn_blocking(|| {
            let mut line = String::new();
            while std::io::stdin().read_line(&mut line).is_ok_and(|n| n > 0) {}
        })
        .await;
    });
}

/// `{:ping, from}` → `:pong`; `{:pid, from}` → `{:pid, self()}`.
async fn echo() {
    loop {
        if let Term::Tuple(t) = process::receive_with(messages::take::<Term>, Timeout::Infinity)
            .await
            .expect("an infinite receive")
            && let [tag, Term::Pid(from)] = t.as_slice()
        {
            if tag.is_atom("ping") {
                process::send(*from, Term::atom("pong"));
            } else if tag.is_atom("pid") {
                process::send(
                    *from,
                    Term::tuple([Term::atom("pid"), Term::Pid(process::self_pid())]),
                );
            }
        }
    }
}

/// Drops `{:msg, _}`; `{:sync, from}` → `:synced`; `{:pid, from}` → its pid.
async fn sink() {
    loop {
        if let Term::Tuple(t) = process::receive_with(messages::take::<Term>, Timeout::Infinity)
            .await
            .expect("an infinite receive")
            && let [tag, Term::Pid(from)] = t.as_slice()
        {
            if tag.is_atom("sync") {
                process::send(*from, Term::atom("synced"));
            } else if tag.is_atom("pid") {
                process::send(
                    *from,
                    Term::tuple([Term::atom("pid"), Term::Pid(process::self_pid())]),
                );
            }
        }
    }
}

criterion_group!(benches, bench);

fn main() {
    if let Some(port) = std::env::var_os(PEER_ENV) {
        let port = port
            .to_str()
            .and_then(|p| p.parse().ok())
            .expect("a port in EXTASK_DIST_PEER");
        return peer(port);
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
