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
//! difference is what local sends pay for remote pids), and `tokio_spawn_await`,
//! `tokio_ping_pong` for the raw tokio side.

use extask::{ExitReason, Message, Pid, Timeout, process, receive, task};
use stats_alloc::{INSTRUMENTED_SYSTEM, StatsAlloc};
use std::alloc::System;
use std::hint::black_box;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use tokio::sync::mpsc;

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
