//! A message round trip between two processes: the root sends `Ping` to an
//! echo process, which receives it with a selective receive and sends `Pong`
//! back; the root receives the `Pong`. Raw tokio's side is the same ping-pong
//! over two unbounded mpsc channels (a mailbox is unbounded).
//!
//! `extask_skip_100` is the same round trip with 100 unrelated messages
//! waiting in the root's mailbox, which every receive must step over.
//! `extask_receive` and `extask_receive_skip_100` are the same two with
//! `receive!`, whose arms' types are checked under the lock, so the 100 are
//! passed over in place.

mod common;

use common::{Flavor, in_root, in_tokio, quick_group};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use extask::{ExitReason, Message, Pid, Timeout, process, receive};
use std::time::Instant;
use tokio::sync::mpsc;

struct Ping(Pid);
struct Pong;
/// A message nobody receives.
struct Unrelated;

async fn echo() {
    loop {
        let ping = |m: &mut Message| m.downcast_ref::<Ping>().map(|p| p.0);
        if let Some(from) = process::receive_with(ping, Timeout::Infinity).await {
            process::send(from, Pong);
        }
    }
}

async fn echo_receive() {
    loop {
        receive! {
            Ping(from): Ping => process::send(from, Pong)
        }
    }
}

/// `iters` round trips from the current process to a new echo process,
/// through `receive_with` or `receive!`.
async fn extask_round_trips(iters: u64, unrelated: usize, macro_form: bool) -> std::time::Duration {
    let me = process::self_pid();
    for _ in 0..unrelated {
        process::send(me, Unrelated);
    }
    let echo = if macro_form {
        process::spawn(echo_receive())
    } else {
        process::spawn(echo())
    };
    let start = Instant::now();
    for _ in 0..iters {
        process::send(echo, Ping(me));
        if macro_form {
            receive! { Pong: Pong => () }
        } else {
            let pong = |m: &mut Message| m.downcast_ref::<Pong>().map(|_| ());
            process::receive_with(pong, Timeout::Infinity).await;
        }
    }
    let elapsed = start.elapsed();
    process::exit(echo, ExitReason::Kill);
    elapsed
}

fn ping_pong(c: &mut Criterion) {
    for flavor in Flavor::ALL {
        let rt = flavor.runtime();
        let mut group = quick_group(c, format!("ping_pong/{}", flavor.name()));
        group.throughput(Throughput::Elements(1));
        group.bench_function("tokio", |b| {
            b.iter_custom(|iters| {
                in_tokio(&rt, async move {
                    let (ping_tx, mut ping_rx) = mpsc::unbounded_channel::<()>();
                    let (pong_tx, mut pong_rx) = mpsc::unbounded_channel::<()>();
                    let echo = tokio::spawn(async move {
                        while let Some(()) = ping_rx.recv().await {
                            let _ = pong_tx.send(());
                        }
                    });
                    let start = Instant::now();
                    for _ in 0..iters {
                        ping_tx.send(()).expect("echo alive");
                        pong_rx.recv().await.expect("pong");
                    }
                    let elapsed = start.elapsed();
                    drop(ping_tx);
                    echo.await.expect("echo");
                    elapsed
                })
            })
        });
        group.bench_function("extask", |b| {
            b.iter_custom(|iters| in_root(&rt, extask_round_trips(iters, 0, false)))
        });
        group.bench_function("extask_skip_100", |b| {
            b.iter_custom(|iters| in_root(&rt, extask_round_trips(iters, 100, false)))
        });
        group.bench_function("extask_receive", |b| {
            b.iter_custom(|iters| in_root(&rt, extask_round_trips(iters, 0, true)))
        });
        group.bench_function("extask_receive_skip_100", |b| {
            b.iter_custom(|iters| in_root(&rt, extask_round_trips(iters, 100, true)))
        });
        group.finish();
    }
}

criterion_group!(benches, ping_pong);
criterion_main!(benches);
