//! Load-insensitive figures for one row at a time: runs `N` operations of a
//! workload on a current_thread runtime and prints the allocations per
//! operation (a counting allocator), so that `perf stat -e instructions` or
//! `valgrind --tool=callgrind` around it gives instructions per operation
//! (subtract a run with `N = 0` for the fixed cost, divide by `N`).
//!
//! ```sh
//! cargo build --release -p extask-benches --example icount
//! perf stat -e instructions target/release/examples/icount ping_pong 100000
//! ```
//!
//! Rows: `async_await_one`, `async_await_batch` (all started, then awaited in
//! order), `start_link_one`, `ping_pong`, `ping_pong_skip_100`
//! (`receive_with`, as `benches/ping_pong.rs`), `receive_pong`,
//! `receive_pong_skip_100` (the same with `receive!`), `typed_pong`,
//! `typed_pong_skip_100` (with `process::receive_type`), `send_self` (a send
//! to itself and its receive: built with and without `--features dist`, the
//! difference is what local sends pay for remote pids), `link_cascade` (a
//! chain of `N` linked processes parked in a receive, the head crashed, the
//! tail's `:DOWN` awaited: `benches/cascade.rs`'s row), and `tokio_spawn_await`,
//! `tokio_ping_pong`, `tokio_cascade` for the raw tokio side.
//!
//! The cascade rows build their chain before they time it: to count the
//! cascade alone, let callgrind dump its counters at the phase marks,
//! `--dump-before='*cascade_starts*' --dump-before='*cascade_ends*'`, and
//! read the second part.

use extask::messages::Down;
use extask::{ExitReason, Message, Pid, Timeout, process, receive, task};
use stats_alloc::{INSTRUMENTED_SYSTEM, StatsAlloc};
use std::alloc::System;
use std::hint::black_box;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use tokio::sync::{mpsc, oneshot};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

struct Ping(Pid);
struct Pong;
struct Unrelated;

async fn echo() {
    loop {
        let ping = |m: &mut Message| m.downcast_ref::<Ping>().map(|p| p.0);
        if let Some(from) = process::receive_with(ping, Timeout::Infinity).await {
            process::send(from, Pong);
        }
    }
}

async fn echo_macro() {
    loop {
        receive! {
            Ping(from): Ping => process::send(from, Pong)
        }
    }
}

async fn echo_typed() {
    loop {
        if let Some(Ping(from)) = process::receive_type::<Ping>(Timeout::Infinity).await {
            process::send(from, Pong);
        }
    }
}

/// How both sides of a round trip receive.
#[derive(Clone, Copy, PartialEq)]
enum Form {
    /// `process::receive_with` and a downcasting closure.
    With,
    /// `receive!`.
    Macro,
    /// `process::receive_type::<T>`.
    Typed,
}

async fn ping_pong(n: u64, unrelated: usize, form: Form) {
    let me = process::self_pid();
    for _ in 0..unrelated {
        process::send(me, Unrelated);
    }
    let echo = match form {
        Form::With => process::spawn(echo()),
        Form::Macro => process::spawn(echo_macro()),
        Form::Typed => process::spawn(echo_typed()),
    };
    for _ in 0..n {
        process::send(echo, Ping(me));
        match form {
            Form::Macro => receive! { Pong: Pong => () },
            Form::With => {
                let pong = |m: &mut Message| m.downcast_ref::<Pong>().map(|_| ());
                process::receive_with(pong, Timeout::Infinity).await;
            }
            Form::Typed => {
                process::receive_type::<Pong>(Timeout::Infinity).await;
            }
        }
    }
    process::exit(echo, ExitReason::Kill);
}

/// Told to the head of the chain: crash.
struct Crash;
/// Sent to the root by the tail once the chain is built.
struct TailReady(Pid);

/// Phase marks for callgrind's `--dump-before`: never inlined, so that the
/// symbol exists.
#[inline(never)]
fn cascade_starts() {
    black_box(());
}

#[inline(never)]
fn cascade_ends() {
    black_box(());
}

/// One process of the chain: starts the rest of it (linked), then waits for
/// a crash order that only the head gets.
fn node(left: u64, root: Pid) -> futures::future::BoxFuture<'static, ()> {
    Box::pin(async move {
        if left > 1 {
            process::spawn_link(node(left - 1, root));
        } else {
            process::send(root, TailReady(process::self_pid()));
        }
        let crash = |m: &mut Message| m.downcast_ref::<Crash>().map(|_| ());
        process::receive_with(crash, Timeout::Infinity).await;
        process::exit_self(ExitReason::atom("boom")).await;
    })
}

/// Yields until every process of the chain has reached its receive (one
/// poll each on current_thread: the tail is the last spawned).
async fn settle(n: u64) {
    for _ in 0..n.min(4) {
        tokio::task::yield_now().await;
    }
}

async fn link_cascade(n: u64) {
    let root = process::self_pid();
    let head = process::spawn(node(n, root));
    let ready = |m: &mut Message| m.downcast_ref::<TailReady>().map(|t| t.0);
    let tail = process::receive_with(ready, Timeout::Infinity)
        .await
        .expect("the tail reports");
    settle(n).await;
    let r#ref = process::monitor(tail);
    cascade_starts();
    process::send(head, Crash);
    let down = |m: &mut Message| {
        m.downcast_ref::<Down>()
            .filter(|d| d.r#ref == r#ref)
            .map(|_| ())
    };
    process::receive_with(down, Timeout::Infinity).await;
    cascade_ends();
}

async fn tokio_cascade(n: u64) {
    let (head, mut rx) = oneshot::channel::<()>();
    for _ in 0..n {
        let (tx, next) = oneshot::channel::<()>();
        let prev = std::mem::replace(&mut rx, next);
        tokio::spawn(async move {
            let _ = prev.await;
            drop(tx);
        });
    }
    settle(n).await;
    cascade_starts();
    drop(head);
    let _ = rx.await;
    cascade_ends();
}

fn allocations() -> u64 {
    let s = GLOBAL.stats();
    (s.allocations + s.reallocations) as u64
}

fn main() {
    let mut args = std::env::args().skip(1);
    let row = args.next().unwrap_or_else(|| "async_await_one".into());
    let n: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(100_000);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    let start = Arc::new(AtomicU64::new(0));
    let before = Arc::clone(&start);
    let run = async move {
        before.store(allocations(), Ordering::SeqCst);
        match row.as_str() {
            "async_await_one" => {
                for i in 0..n {
                    let t = task!(async fn -> black_box(i) end);
                    black_box(task!(await t));
                }
            }
            "async_await_batch" => {
                // All `n` started, then awaited in order (`benches/async_await.rs`'s
                // batch row): the owner's mailbox holds up to `n` replies and `:DOWN`s.
                let tasks: Vec<_> = (0..n)
                    .map(|i| task!(async fn -> black_box(i) end))
                    .collect();
                for t in tasks {
                    black_box(task!(await t));
                }
            }
            "start_link_one" => {
                for i in 0..n {
                    let Ok(_pid) = task!(start_link fn -> { black_box(i); } end);
                    tokio::task::yield_now().await;
                }
            }
            "send_self" => {
                // A local send and its receive: with `--features dist` and
                // without, the difference is distribution's cost to local code.
                let me = process::self_pid();
                for i in 0..n {
                    process::send(me, i);
                    let got =
                        process::receive_with(extask::messages::take::<u64>, Timeout::Infinity);
                    black_box(got.await);
                }
            }
            "ping_pong" => ping_pong(n, 0, Form::With).await,
            "ping_pong_skip_100" => ping_pong(n, 100, Form::With).await,
            "receive_pong" => ping_pong(n, 0, Form::Macro).await,
            "receive_pong_skip_100" => ping_pong(n, 100, Form::Macro).await,
            "typed_pong" => ping_pong(n, 0, Form::Typed).await,
            "typed_pong_skip_100" => ping_pong(n, 100, Form::Typed).await,
            "tokio_spawn_await" => {
                for i in 0..n {
                    black_box(tokio::spawn(async move { black_box(i) }).await.ok());
                }
            }
            "tokio_ping_pong" => {
                let (ping_tx, mut ping_rx) = mpsc::unbounded_channel::<()>();
                let (pong_tx, mut pong_rx) = mpsc::unbounded_channel::<()>();
                let echo = tokio::spawn(async move {
                    while let Some(()) = ping_rx.recv().await {
                        let _ = pong_tx.send(());
                    }
                });
                for _ in 0..n {
                    ping_tx.send(()).expect("echo alive");
                    pong_rx.recv().await.expect("pong");
                }
                drop(ping_tx);
                echo.await.expect("echo");
            }
            "link_cascade" => link_cascade(n.max(1)).await,
            "tokio_cascade" => tokio_cascade(n).await,
            other => panic!("unknown row {other}"),
        }
        allocations()
    };
    let after = rt
        .block_on(extask::root::spawn_root(run))
        .unwrap_or_else(|reason| panic!("the root process exited: {reason:?}"));
    let made = after - start.load(Ordering::SeqCst);
    println!(
        "{n} ops, {made} allocations, {:.2} per op",
        made as f64 / n.max(1) as f64
    );
}
