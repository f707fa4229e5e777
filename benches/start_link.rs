//! `task!(start_link fn -> .. end)` (`Task.start_link`) against a detached `tokio::spawn`: start 100,000 tasks
//! from one process and wait until every one of them has run (a shared
//! counter; the last task wakes the starter). One iteration = one batch.

mod common;

use common::{Flavor, batch_group, in_root, in_tokio};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use extask::task;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;
use tokio::sync::Notify;

const BATCH: usize = 100_000;

/// Counts tasks that ran; the last one wakes the waiter.
#[derive(Default)]
struct Done {
    ran: AtomicUsize,
    all: Notify,
}

impl Done {
    fn ran(&self) {
        if self.ran.fetch_add(1, Ordering::AcqRel) + 1 == BATCH {
            self.all.notify_one();
        }
    }

    async fn wait(&self) {
        self.all.notified().await;
        self.ran.store(0, Ordering::Release);
    }
}

fn start_link(c: &mut Criterion) {
    for flavor in Flavor::ALL {
        let rt = flavor.runtime();
        let mut group = batch_group(c, format!("start_link_batch/{}", flavor.name()));
        group.throughput(Throughput::Elements(BATCH as u64));
        group.bench_function("tokio", |b| {
            b.iter_custom(|iters| {
                in_tokio(&rt, async move {
                    let done = Arc::new(Done::default());
                    let start = Instant::now();
                    for _ in 0..iters {
                        for _ in 0..BATCH {
                            let done = Arc::clone(&done);
                            drop(tokio::spawn(async move { done.ran() }));
                        }
                        done.wait().await;
                    }
                    start.elapsed()
                })
            })
        });
        group.bench_function("extask", |b| {
            b.iter_custom(|iters| {
                in_root(&rt, async move {
                    let done = Arc::new(Done::default());
                    let start = Instant::now();
                    for _ in 0..iters {
                        for _ in 0..BATCH {
                            let done = Arc::clone(&done);
                            let Ok(_pid) = task!(start_link fn -> done.ran() end);
                        }
                        done.wait().await;
                    }
                    start.elapsed()
                })
            })
        });
        group.finish();
    }
}

criterion_group!(benches, start_link);
criterion_main!(benches);
