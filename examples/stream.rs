//! `Task.async_stream` over a few thousand items, with bounded concurrency
//! and a per-task timeout:
//!
//! ```elixir
//! 1..5_000
//! |> Task.async_stream(&lookup/1, max_concurrency: 64, timeout: 200, on_timeout: :kill_task)
//! |> Enum.reduce(...)
//! ```
//!
//! Run with `cargo run --example stream`.

use extask::Timeout;
use extask::inspect::inspect;
use extask::process;
use extask::root::{RootConfig, run_main};
use extask::task::{OnTimeout, StreamOptions, TaskResult, async_stream};
use futures::StreamExt;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

const ITEMS: u64 = 5_000;
const MAX_CONCURRENCY: usize = 64;

/// Tasks running right now, and the most ever seen at once.
#[derive(Default)]
struct Gauge {
    now: AtomicUsize,
    peak: AtomicUsize,
}

/// Counts one running task from creation to drop (a killed task's future
/// is dropped too).
struct Running(Arc<Gauge>);

impl Running {
    fn new(gauge: Arc<Gauge>) -> Running {
        let now = gauge.now.fetch_add(1, Ordering::SeqCst) + 1;
        gauge.peak.fetch_max(now, Ordering::SeqCst);
        Running(gauge)
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.0.now.fetch_sub(1, Ordering::SeqCst);
    }
}

/// A lookup that takes 1 to 5 ms, except every 500th, which hangs past the
/// timeout and is killed.
async fn lookup(gauge: Arc<Gauge>, id: u64) -> u64 {
    let _running = Running::new(gauge);
    let ms = if id % 500 == 499 { 10_000 } else { 1 + id % 5 };
    process::sleep(Timeout::Ms(ms)).await;
    id * id
}

fn main() {
    run_main(RootConfig::multi_thread(), async {
        let gauge = Arc::new(Gauge::default());
        let counted = Arc::clone(&gauge);
        let opts = StreamOptions::new()
            .max_concurrency(MAX_CONCURRENCY)
            .timeout(Timeout::Ms(200))
            .on_timeout(OnTimeout::KillTask)
            .zip_input_on_exit(true);
        let started = Instant::now();
        let stream = async_stream(0..ITEMS, move |id| lookup(Arc::clone(&counted), id), opts);
        let results: Vec<TaskResult<u64>> = stream.collect().await;
        let elapsed = started.elapsed();

        let ok = results
            .iter()
            .filter(|r| matches!(r, TaskResult::Ok(_)))
            .count();
        let timed_out: Vec<_> = results
            .iter()
            .filter(|r| matches!(r, TaskResult::Exit(_)))
            .collect();
        println!("first results: {}", inspect(&results[..4]));
        println!("timed out:     {}", inspect(&timed_out));
        println!(
            "{} items in {} ms: {ok} ok, {} killed after 200 ms; at most {} tasks at once (limit {MAX_CONCURRENCY})",
            results.len(),
            elapsed.as_millis(),
            timed_out.len(),
            gauge.peak.load(Ordering::SeqCst),
        );
        assert!(gauge.peak.load(Ordering::SeqCst) <= MAX_CONCURRENCY);
        assert_eq!(
            process::message_queue_len(),
            0,
            "the stream leaves no messages"
        );
    });
}
