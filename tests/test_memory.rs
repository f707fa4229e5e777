//! Memory given back (issue 14): a mailbox that took a burst of messages is,
//! once drained, back within 2x of an idle process's bytes. A counting
//! allocator measures the heap; a current-thread runtime makes the readings
//! exact: a process polled until it parks runs to its park point before the
//! root is polled again, so nothing else allocates between two readings.
//! (`benches/memory.rs`, section `burst`, prints the figures in release.)

use extask::root::{RootConfig, run_test};
use extask::{ExitReason, Message, Pid, Timeout, process};
use stats_alloc::{INSTRUMENTED_SYSTEM, StatsAlloc};
use std::alloc::System;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

#[global_allocator]
static ALLOC: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// Bytes allocated and not yet freed, process-wide. (`stats_alloc` counts a
/// realloc's growth in `bytes_allocated` and its shrinking in
/// `bytes_deallocated` already; `bytes_reallocated` is the same change again.)
fn live_bytes() -> i128 {
    let s = ALLOC.stats();
    s.bytes_allocated as i128 - s.bytes_deallocated as i128
}

/// Parks the calling process for good, once it has counted itself in.
async fn park(parked: &AtomicUsize) {
    parked.fetch_add(1, Ordering::AcqRel);
    let never = |_: &mut Message| None::<()>;
    process::receive_with(never, Timeout::Infinity).await;
}

/// Lets the spawned processes run until `count` of them have parked.
async fn until_parked(parked: &AtomicUsize, count: usize) {
    while parked.load(Ordering::Acquire) < count {
        tokio::task::yield_now().await;
    }
}

/// Heap bytes per idle process (parked in a receive, no message ever), over
/// `n` of them, left running: a process ending between two readings would
/// free its memory inside the next one.
async fn idle_bytes(n: usize) -> (f64, Vec<Pid>) {
    let parked = Arc::new(AtomicUsize::new(0));
    let mut pids = Vec::with_capacity(n);
    let before = live_bytes();
    for _ in 0..n {
        let parked = Arc::clone(&parked);
        pids.push(process::spawn(async move { park(&parked).await }));
    }
    until_parked(&parked, n).await;
    let bytes = (live_bytes() - before) as f64 / n as f64;
    (bytes, pids)
}

/// Heap bytes of a process that sent itself `burst` messages, received them
/// all and parked; and the peak with the burst queued. The process is left
/// running.
async fn drained_bytes(burst: u64) -> (i128, i128, Pid) {
    let parked = Arc::new(AtomicUsize::new(0));
    let peak = Arc::new(AtomicUsize::new(0));
    let before = live_bytes();
    let pid = process::spawn({
        let (parked, peak) = (Arc::clone(&parked), Arc::clone(&peak));
        async move {
            let me = process::self_pid();
            for i in 0..burst {
                process::send(me, i);
            }
            peak.store((live_bytes() - before) as usize, Ordering::Release);
            for i in 0..burst {
                let got = extask::receive! { n: u64 => n };
                assert_eq!(got, i);
            }
            park(&parked).await;
        }
    });
    until_parked(&parked, 1).await;
    let kept = live_bytes() - before;
    (kept, peak.load(Ordering::Acquire) as i128, pid)
}

#[test]
fn a_drained_mailbox_gives_a_burst_back() {
    let (idle, kept, peak) = run_test(RootConfig::current_thread(), async {
        // Warm-up: the process table and the runtime's queues grow.
        let (_, warm_up) = idle_bytes(100).await;
        let (idle, idle_pids) = idle_bytes(100).await;
        // Two bursts, the smaller reading kept: a one-off allocation of
        // something else landing inside a burst's readings (900 B, in about
        // one run of five, in the peak as well as after the drain) is not
        // the mailbox's, and a mailbox that kept memory keeps it in both.
        let (kept_1, peak_1, drained_1) = drained_bytes(1_000_000).await;
        let (kept_2, peak_2, drained_2) = drained_bytes(1_000_000).await;
        let (kept, peak) = (kept_1.min(kept_2), peak_1.min(peak_2));
        let base = process::count() - 202;
        for pid in warm_up
            .into_iter()
            .chain(idle_pids)
            .chain([drained_1, drained_2])
        {
            process::exit(pid, ExitReason::Kill);
        }
        while process::count() > base {
            tokio::task::yield_now().await;
        }
        (idle, kept, peak)
    });
    println!("idle process {idle:.0} B; after a 1,000,000-message burst {kept} B (peak {peak} B)");
    assert!(peak > 10_000_000, "the burst was queued at once: {peak} B");
    assert!(
        kept as f64 <= 2.0 * idle,
        "a drained mailbox keeps {kept} B, an idle process {idle:.0} B"
    );
}
