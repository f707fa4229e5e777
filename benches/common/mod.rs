//! What every benchmark shares: the two tokio runtimes each workload runs on,
//! and the two ways of entering them (a raw tokio task, an extask root
//! process), so that both sides of a comparison start from a worker thread.

#![allow(
    dead_code,
    reason = "each benchmark uses its own part of these helpers"
)]

use criterion::{BenchmarkGroup, Criterion, SamplingMode, measurement::WallTime};
use std::future::Future;
use std::time::Duration;
use tokio::runtime::{Builder, Runtime};

/// The runtimes of the issue: a 2-worker multi-thread runtime and a
/// current_thread one.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Flavor {
    /// `new_multi_thread().worker_threads(2)`.
    Multi2,
    /// `new_current_thread()`.
    CurrentThread,
}

impl Flavor {
    pub(crate) const ALL: [Flavor; 2] = [Flavor::Multi2, Flavor::CurrentThread];

    /// The name used in benchmark ids.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Flavor::Multi2 => "multi2",
            Flavor::CurrentThread => "current",
        }
    }

    pub(crate) fn runtime(self) -> Runtime {
        let mut builder = match self {
            Flavor::Multi2 => {
                let mut b = Builder::new_multi_thread();
                b.worker_threads(2);
                b
            }
            Flavor::CurrentThread => Builder::new_current_thread(),
        };
        builder.enable_all().build().expect("tokio runtime")
    }
}

/// Runs `fut` as a raw tokio task (on a worker, like a process would) and
/// returns its value.
pub(crate) fn in_tokio<F>(rt: &Runtime, fut: F) -> F::Output
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    rt.block_on(rt.spawn(fut)).expect("tokio task panicked")
}

/// Runs `fut` as an extask root process and returns its value.
pub(crate) fn in_root<F>(rt: &Runtime, fut: F) -> F::Output
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    rt.block_on(extask::root::spawn_root(fut))
        .unwrap_or_else(|reason| panic!("the root process exited: {reason:?}"))
}

/// A group for workloads whose one iteration is a large batch (100k tasks,
/// a 10k-process chain): ten flat samples, so `cargo bench` stays short.
pub(crate) fn batch_group<'a>(c: &'a mut Criterion, name: String) -> BenchmarkGroup<'a, WallTime> {
    let mut group = c.benchmark_group(name);
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
    group
}

/// A group for per-operation workloads: short warm-up and measurement.
pub(crate) fn quick_group<'a>(c: &'a mut Criterion, name: String) -> BenchmarkGroup<'a, WallTime> {
    let mut group = c.benchmark_group(name);
    group
        .sample_size(20)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    group
}
