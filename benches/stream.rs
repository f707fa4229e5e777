//! `task!(async_stream ..)` (`Task.async_stream`) over 100,000 items against the tokio idiom
//! `futures::stream::iter(..).map(tokio::spawn).buffered(n)`, both ordered,
//! with the same bound on concurrent tasks. One iteration = the whole stream.

mod common;

use common::{Flavor, batch_group, in_root, in_tokio};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use extask::{TaskResult, task};
use futures::StreamExt;
use std::hint::black_box;
use std::time::Instant;

const ITEMS: usize = 100_000;
/// Tasks alive at once, on both sides.
const CONCURRENCY: usize = 16;

fn stream(c: &mut Criterion) {
    for flavor in Flavor::ALL {
        let rt = flavor.runtime();
        let mut group = batch_group(c, format!("async_stream_100k/{}", flavor.name()));
        group.throughput(Throughput::Elements(ITEMS as u64));
        group.bench_function("tokio", |b| {
            b.iter_custom(|iters| {
                in_tokio(&rt, async move {
                    let start = Instant::now();
                    for _ in 0..iters {
                        let results = futures::stream::iter(0..ITEMS)
                            .map(|i| tokio::spawn(async move { black_box(i) }))
                            .buffered(CONCURRENCY);
                        let sum = results
                            .fold(0, |sum, r| async move { sum + r.expect("task") })
                            .await;
                        black_box(sum);
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
                        let results = task!(async_stream 0..ITEMS, fn i -> black_box(i) end,
                            max_concurrency: CONCURRENCY);
                        let sum = results
                            .fold(0, |sum, r| async move {
                                match r {
                                    TaskResult::Ok(v) => sum + v,
                                    TaskResult::Exit(reason) => panic!("task exited: {reason:?}"),
                                }
                            })
                            .await;
                        black_box(sum);
                    }
                    start.elapsed()
                })
            })
        });
        group.finish();
    }
}

criterion_group!(benches, stream);
criterion_main!(benches);
