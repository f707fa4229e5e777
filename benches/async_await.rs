//! `Task.async` + `Task.await` against `tokio::spawn` + `JoinHandle`.
//!
//! - `async_await_batch/<flavor>`: start 100,000 tasks, then await them all
//!   in order (one iteration = one batch; throughput is per task).
//! - `async_await_one/<flavor>`: start one task and await it, repeatedly.
//!
//! The extask side is `task!(async fn -> .. end)` + `task!(await t)` inside
//! a root process; `await` without a timeout waits up to 5000 ms, like
//! `Task.await/1` (the timer is armed only when the reply is not already
//! there).

mod common;

use common::{Flavor, batch_group, in_root, in_tokio, quick_group};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use extask::task;
use std::hint::black_box;
use std::time::Instant;

const BATCH: usize = 100_000;

fn batch(c: &mut Criterion) {
    for flavor in Flavor::ALL {
        let rt = flavor.runtime();
        let mut group = batch_group(c, format!("async_await_batch/{}", flavor.name()));
        group.throughput(Throughput::Elements(BATCH as u64));
        group.bench_function("tokio", |b| {
            b.iter_custom(|iters| {
                in_tokio(&rt, async move {
                    let start = Instant::now();
                    for _ in 0..iters {
                        let handles: Vec<_> = (0..BATCH)
                            .map(|i| tokio::spawn(async move { black_box(i) }))
                            .collect();
                        for handle in handles {
                            black_box(handle.await.expect("task"));
                        }
                    }
                    start.elapsed()
                })
            })
        });
        group.bench_function("extask", |b| {
            b.iter_custom(|iters| {
                in_root(&rt, async move {
                    let start = Instant::now();
                    for _ in 0..iters {
                        let tasks: Vec<_> = (0..BATCH)
                            .map(|i| task!(async fn -> black_box(i) end))
                            .collect();
                        for t in tasks {
                            black_box(task!(await t));
                        }
                    }
                    start.elapsed()
                })
            })
        });
        group.finish();
    }
}

fn one_at_a_time(c: &mut Criterion) {
    for flavor in Flavor::ALL {
        let rt = flavor.runtime();
        let mut group = quick_group(c, format!("async_await_one/{}", flavor.name()));
        group.throughput(Throughput::Elements(1));
        group.bench_function("tokio", |b| {
            b.iter_custom(|iters| {
                in_tokio(&rt, async move {
                    let start = Instant::now();
                    for i in 0..iters {
                        let handle = tokio::spawn(async move { black_box(i) });
                        black_box(handle.await.expect("task"));
                    }
                    start.elapsed()
                })
            })
        });
        group.bench_function("extask", |b| {
            b.iter_custom(|iters| {
                in_root(&rt, async move {
                    let start = Instant::now();
                    for i in 0..iters {
                        let t = task!(async fn -> black_box(i) end);
                        black_box(task!(await t));
                    }
                    start.elapsed()
                })
            })
        });
        group.finish();
    }
}

criterion_group!(benches, batch, one_at_a_time);
criterion_main!(benches);
