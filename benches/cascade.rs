//! A link cascade: a chain of 10,000 processes, each linked to the next,
//! all parked in a receive; the head crashes, and the crash kills the chain
//! one link at a time. Timed from the crash order to the `:DOWN` of the tail
//! (the last process to die) reaching the root, which monitors it.
//!
//! Raw tokio has no links; its side is the nearest tokio idiom: a chain of
//! tasks, each waiting on a oneshot from its predecessor and holding the
//! sender to its successor, so that dropping the head's sender unwinds the
//! chain, and the root waits for the tail's sender to drop.

mod common;

use common::{Flavor, batch_group, in_root, in_tokio};
use criterion::{Criterion, criterion_group, criterion_main};
use extask::messages::Down;
use extask::{ExitReason, Pid, Timeout, process};
use futures::future::BoxFuture;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use tokio::sync::oneshot;

const CHAIN: usize = 10_000;

/// Told to the head of the chain: crash.
struct Crash;
/// Sent to the root by the tail once the chain is built.
struct TailReady(Pid);

/// One process of the chain: starts the rest of it (linked), then waits.
fn node(left: usize, root: Pid, parked: Arc<AtomicUsize>) -> BoxFuture<'static, ()> {
    Box::pin(async move {
        if left > 1 {
            process::spawn_link(node(left - 1, root, Arc::clone(&parked)));
        } else {
            process::send(root, TailReady(process::self_pid()));
        }
        parked.fetch_add(1, Ordering::AcqRel);
        let crash = |m: &mut extask::Message| m.downcast_ref::<Crash>().map(|_| ());
        process::receive_with(crash, Timeout::Infinity).await;
        process::exit_self(ExitReason::atom("boom")).await;
    })
}

/// Yields until `count` processes or tasks are parked, then once more so
/// that the last ones reach their await.
async fn until_parked(parked: &AtomicUsize, count: usize) {
    while parked.load(Ordering::Acquire) < count {
        tokio::task::yield_now().await;
    }
    tokio::task::yield_now().await;
}

async fn extask_cascade() -> Duration {
    let root = process::self_pid();
    let parked = Arc::new(AtomicUsize::new(0));
    let head = process::spawn(node(CHAIN, root, Arc::clone(&parked)));
    let ready = |m: &mut extask::Message| m.downcast_ref::<TailReady>().map(|t| t.0);
    let tail = process::receive_with(ready, Timeout::Infinity)
        .await
        .expect("the tail reports");
    until_parked(&parked, CHAIN).await;
    let r#ref = process::monitor(tail);
    let start = Instant::now();
    process::send(head, Crash);
    let down = |m: &mut extask::Message| {
        m.downcast_ref::<Down>()
            .filter(|d| d.r#ref == r#ref)
            .map(|_| ())
    };
    process::receive_with(down, Timeout::Infinity).await;
    start.elapsed()
}

async fn tokio_cascade() -> Duration {
    let parked = Arc::new(AtomicUsize::new(0));
    let (head, mut rx) = oneshot::channel::<()>();
    for _ in 0..CHAIN {
        let (tx, next) = oneshot::channel::<()>();
        let prev = std::mem::replace(&mut rx, next);
        let parked = Arc::clone(&parked);
        tokio::spawn(async move {
            parked.fetch_add(1, Ordering::AcqRel);
            let _ = prev.await;
            drop(tx);
        });
    }
    until_parked(&parked, CHAIN).await;
    let start = Instant::now();
    drop(head);
    let _ = rx.await;
    start.elapsed()
}

fn cascade(c: &mut Criterion) {
    for flavor in Flavor::ALL {
        let rt = flavor.runtime();
        let mut group = batch_group(c, format!("link_cascade_10k/{}", flavor.name()));
        // One iteration is the whole chain. Building it is not timed but
        // takes longer than the cascade: keep the timed total small so that
        // the setups stay few.
        group
            .warm_up_time(Duration::from_millis(50))
            .measurement_time(Duration::from_millis(300));
        group.bench_function("tokio", |b| {
            b.iter_custom(|iters| {
                in_tokio(&rt, async move {
                    let mut total = Duration::ZERO;
                    for _ in 0..iters {
                        total += tokio_cascade().await;
                    }
                    total
                })
            })
        });
        group.bench_function("extask", |b| {
            b.iter_custom(|iters| {
                in_root(&rt, async move {
                    let mut total = Duration::ZERO;
                    for _ in 0..iters {
                        total += extask_cascade().await;
                    }
                    total
                })
            })
        });
        group.finish();
    }
}

criterion_group!(benches, cascade);
criterion_main!(benches);
