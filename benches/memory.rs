//! Memory: a counting global allocator (`stats_alloc`) measures the bytes
//! the heap holds, not the pages the OS lends (RSS is printed alongside).
//!
//! - `memory/idle`: bytes per idle task, 100,000 at once: an extask process
//!   parked in a receive against a tokio task parked on a oneshot (the
//!   channel counts: it is the tokio task's "mailbox").
//! - `memory/allocs`: heap allocations and bytes per operation on the hot
//!   paths, extask against the tokio equivalent (current_thread runtime).
//! - `memory/1m`: 1,000,000 concurrent idle processes, total bytes.
//! - `memory/burst`: what a mailbox keeps after a 1,000,000-message burst is
//!   drained, against an idle process's bytes (issue 14: within 2x).
//!
//! Bytes are the heap's growth from just before the first spawn to the
//! moment every task is parked; buffers the benchmark itself needs (the
//! vector of pids or senders) are allocated before the first reading.
//! Run with `cargo bench --bench memory`; a filter argument (`idle`,
//! `allocs`, `1m`, `burst`) runs only the sections whose name contains it.

mod common;

use common::{Flavor, in_root, in_tokio};
use extask::{ExitReason, Message, Pid, Timeout, process, task};
use stats_alloc::{INSTRUMENTED_SYSTEM, StatsAlloc};
use std::alloc::System;
use std::hint::black_box;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tokio::sync::oneshot;

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

const IDLE: usize = 100_000;
const MILLION: usize = 1_000_000;
const KIB: f64 = 1024.0;
const MIB: f64 = 1024.0 * 1024.0;

/// A reading of the heap: bytes in use and allocations made so far.
#[derive(Clone, Copy)]
struct Heap {
    bytes: usize,
    allocations: usize,
}

impl Heap {
    fn now() -> Heap {
        let s = GLOBAL.stats();
        Heap {
            bytes: s.bytes_allocated - s.bytes_deallocated,
            allocations: s.allocations + s.reallocations,
        }
    }

    /// Growth since `before`, per operation: (bytes, allocations).
    fn per_op_since(before: Heap, ops: usize) -> (f64, f64) {
        let now = Heap::now();
        let bytes = now.bytes as f64 - before.bytes as f64;
        let allocations = (now.allocations - before.allocations) as f64;
        (bytes / ops as f64, allocations / ops as f64)
    }
}

/// The resident set size of this OS process, from `/proc/self/statm`.
fn rss_bytes() -> Option<usize> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: usize = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096)
}

/// Yields until `count` tasks have reached their parking await, then gives
/// the last ones time to get there.
async fn until_parked(parked: &AtomicUsize, count: usize) {
    while parked.load(Ordering::Acquire) < count {
        tokio::task::yield_now().await;
    }
    tokio::time::sleep(Duration::from_millis(20)).await;
}

/// Waits until the process table is back to `count` processes.
async fn until_count(count: usize) {
    while process::count() > count {
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
}

/// Spawns `n` extask processes parked in a receive that matches nothing;
/// returns the heap's growth per process (bytes, allocations) and the total.
async fn extask_idle(n: usize) -> (f64, f64, usize) {
    let parked = Arc::new(AtomicUsize::new(0));
    let mut pids: Vec<Pid> = Vec::with_capacity(n);
    let already = process::count();
    let before = Heap::now();
    for _ in 0..n {
        let parked = Arc::clone(&parked);
        pids.push(process::spawn(async move {
            parked.fetch_add(1, Ordering::AcqRel);
            let never = |_: &mut Message| None::<()>;
            process::receive_with(never, Timeout::Infinity).await;
        }));
    }
    until_parked(&parked, n).await;
    let total = Heap::now().bytes - before.bytes;
    let (bytes, allocations) = Heap::per_op_since(before, n);
    for pid in pids {
        process::exit(pid, ExitReason::Kill);
    }
    until_count(already).await;
    (bytes, allocations, total)
}

/// Spawns `n` tokio tasks parked on a oneshot; as [`extask_idle`].
async fn tokio_idle(n: usize) -> (f64, f64, usize) {
    let parked = Arc::new(AtomicUsize::new(0));
    let mut senders = Vec::with_capacity(n);
    let mut handles = Vec::with_capacity(n);
    let before = Heap::now();
    for _ in 0..n {
        let parked = Arc::clone(&parked);
        let (tx, rx) = oneshot::channel::<()>();
        senders.push(tx);
        handles.push(tokio::spawn(async move {
            parked.fetch_add(1, Ordering::AcqRel);
            let _ = rx.await;
        }));
    }
    until_parked(&parked, n).await;
    let total = Heap::now().bytes - before.bytes;
    let (bytes, allocations) = Heap::per_op_since(before, n);
    drop(senders);
    for handle in handles {
        handle.await.expect("idle task");
    }
    (bytes, allocations, total)
}

fn idle() {
    let rt = Flavor::Multi2.runtime();
    // Warm up: the process table and the runtime's queues reach their size.
    in_root(&rt, extask_idle(IDLE));
    in_tokio(&rt, tokio_idle(IDLE));
    let (x_bytes, x_allocs, _) = in_root(&rt, extask_idle(IDLE));
    let (t_bytes, t_allocs, _) = in_tokio(&rt, tokio_idle(IDLE));
    println!("memory/idle: bytes per idle task, {IDLE} parked at once (multi2)");
    println!("  tokio  task on a oneshot : {t_bytes:8.1} B  {t_allocs:5.2} allocations");
    println!("  extask process, receive  : {x_bytes:8.1} B  {x_allocs:5.2} allocations");
    let verdict = if x_bytes <= 400.0 { "met" } else { "MISSED" };
    println!(
        "  ratio extask/tokio {:.2}x; target <= 400 B per idle task: {verdict}",
        x_bytes / t_bytes
    );
}

/// Allocations and bytes per operation of `op`, run `n` times in a root
/// process (`extask`) or a tokio task.
fn per_op<F, Fut>(rt: &tokio::runtime::Runtime, extask: bool, n: usize, op: F) -> (f64, f64)
where
    F: Fn(usize) -> Fut + Send + 'static,
    Fut: std::future::Future<Output = ()> + Send,
{
    let body = async move {
        for i in 0..n / 10 {
            op(i).await; // warm-up
        }
        let before = Heap::now();
        let allocations_before = before.allocations;
        let bytes_before = GLOBAL.stats().bytes_allocated;
        for i in 0..n {
            op(i).await;
        }
        let after = GLOBAL.stats();
        let allocations = after.allocations + after.reallocations - allocations_before;
        let bytes = after.bytes_allocated - bytes_before;
        (bytes as f64 / n as f64, allocations as f64 / n as f64)
    };
    if extask {
        in_root(rt, body)
    } else {
        in_tokio(rt, body)
    }
}

fn allocs() {
    const N: usize = 10_000;
    let rt = Flavor::CurrentThread.runtime();
    println!("memory/allocs: heap allocations and bytes allocated per operation (current_thread)");
    let row = |name: &str, (bytes, allocations): (f64, f64)| {
        println!("  {name:<42}: {allocations:5.2} allocations  {bytes:7.1} B");
    };
    row(
        "tokio  spawn + JoinHandle await",
        per_op(&rt, false, N, |i| async move {
            black_box(
                tokio::spawn(async move { black_box(i) })
                    .await
                    .expect("task"),
            );
        }),
    );
    row(
        "extask task!(async) + task!(await)",
        per_op(&rt, true, N, |i| async move {
            let t = task!(async fn -> black_box(i) end);
            black_box(task!(await t));
        }),
    );
    row(
        "extask task!(async) + task!(await, :infinity)",
        per_op(&rt, true, N, |i| async move {
            let t = task!(async fn -> black_box(i) end);
            black_box(task!(await t, :infinity));
        }),
    );
    row(
        "tokio  detached spawn (run to completion)",
        per_op(&rt, false, N, |i| async move {
            drop(tokio::spawn(async move { black_box(i) }));
            tokio::task::yield_now().await;
        }),
    );
    row(
        "extask task!(start_link) (run to completion)",
        per_op(&rt, true, N, |i| async move {
            let Ok(_pid) = task!(start_link fn -> black_box(i) end);
            tokio::task::yield_now().await;
        }),
    );
    row(
        "extask spawn (run to completion)",
        per_op(&rt, true, N, |i| async move {
            process::spawn(async move {
                black_box(i);
            });
            tokio::task::yield_now().await;
        }),
    );
    row(
        "tokio  mpsc send + recv (same task)",
        per_op(&rt, false, N, {
            let (tx, rx) = tokio::sync::mpsc::unbounded_channel::<usize>();
            let rx = Arc::new(tokio::sync::Mutex::new(rx));
            move |i| {
                let (tx, rx) = (tx.clone(), Arc::clone(&rx));
                async move {
                    tx.send(i).expect("open");
                    black_box(rx.lock().await.recv().await);
                }
            }
        }),
    );
    row(
        "extask send + receive (to self)",
        per_op(&rt, true, N, |i| async move {
            process::send(process::self_pid(), i);
            let mine = |m: &mut Message| m.downcast_ref::<usize>().copied();
            black_box(process::receive_with(mine, Timeout::Infinity).await);
        }),
    );
}

fn million() {
    let rt = Flavor::Multi2.runtime();
    let rss_before = rss_bytes();
    let heap_before = Heap::now().bytes;
    let (bytes, _, total) = in_root(&rt, extask_idle(MILLION));
    let (t_bytes, _, t_total) = in_tokio(&rt, tokio_idle(MILLION));
    println!("memory/1m: 1,000,000 concurrent idle tasks (multi2)");
    println!(
        "  tokio : {:8.1} MiB ({t_bytes:.1} B per task)",
        t_total as f64 / MIB
    );
    println!(
        "  extask: {:8.1} MiB ({bytes:.1} B per process); heap before: {:.1} KiB",
        total as f64 / MIB,
        heap_before as f64 / KIB
    );
    let verdict = if (total as f64) < 1024.0 * MIB {
        "met"
    } else {
        "MISSED"
    };
    println!("  target: 1,000,000 idle processes in under 1 GiB: {verdict}");
    if let (Some(before), Some(after)) = (rss_before, rss_bytes()) {
        println!(
            "  RSS {:.1} MiB -> {:.1} MiB (freed pages are not all returned)",
            before as f64 / MIB,
            after as f64 / MIB
        );
    }
}

const TIMERS: usize = 10_000;

/// Heap growth per pending `send_after` timer, `n` pending at once (each
/// carries a `u64` message): the timer service's heap and map entries and
/// the boxed message; no tokio task per timer.
async fn pending_timers(n: usize) -> (f64, f64) {
    let me = process::self_pid();
    let before = Heap::now();
    let refs: Vec<_> = (0..n)
        .map(|i| process::send_after(me, i as u64, 60_000_u64))
        .collect();
    let grown = Heap::per_op_since(before, n);
    for r in refs {
        assert!(process::cancel_timer(r).is_some());
    }
    // The refs vector is the bench's own (one `TimerRef` a timer): subtracted.
    (
        grown.0 - std::mem::size_of::<process::TimerRef>() as f64,
        grown.1,
    )
}

fn timers() {
    // Warm up the process table on one runtime, measure on a fresh one: its
    // timer service starts empty, so the growth includes the service's heap
    // and map at the capacity 10,000 timers need.
    in_root(&Flavor::Multi2.runtime(), pending_timers(TIMERS));
    let (bytes, allocs) = in_root(&Flavor::Multi2.runtime(), pending_timers(TIMERS));
    println!("memory/timers: {TIMERS} pending send_after timers (multi2)");
    println!("  per pending timer        : {bytes:8.1} B  {allocs:5.2} allocations");
}

/// A process that sends itself `n` messages, receives them all and parks:
/// the heap's growth (peak with the burst queued, then kept once drained and
/// parked), measured from just before it is spawned.
async fn burst_kept(n: usize) -> (usize, usize) {
    let parked = Arc::new(AtomicUsize::new(0));
    let peak = Arc::new(AtomicUsize::new(0));
    let already = process::count();
    let before = Heap::now();
    let pid = process::spawn({
        let (parked, peak) = (Arc::clone(&parked), Arc::clone(&peak));
        async move {
            let me = process::self_pid();
            for i in 0..n as u64 {
                process::send(me, i);
            }
            peak.store(Heap::now().bytes, Ordering::Release);
            for _ in 0..n {
                let mine = |m: &mut Message| extask::messages::take::<u64>(m);
                black_box(process::receive_with(mine, Timeout::Infinity).await);
            }
            parked.fetch_add(1, Ordering::AcqRel);
            let never = |_: &mut Message| None::<()>;
            process::receive_with(never, Timeout::Infinity).await;
        }
    });
    until_parked(&parked, 1).await;
    let kept = Heap::now().bytes - before.bytes;
    let peak = peak.load(Ordering::Acquire) - before.bytes;
    process::exit(pid, ExitReason::Kill);
    until_count(already).await;
    (peak, kept)
}

fn burst() {
    const BURST: usize = 1_000_000;
    let rt = Flavor::Multi2.runtime();
    in_root(&rt, extask_idle(1_000)); // warm-up
    let (idle, _, _) = in_root(&rt, extask_idle(1_000));
    let (peak, kept) = in_root(&rt, burst_kept(BURST));
    println!("memory/burst: a mailbox after a 1,000,000-message burst, drained (multi2)");
    println!("  idle process                 : {idle:10.1} B");
    println!(
        "  burst queued (peak)          : {:10.1} MiB",
        peak as f64 / MIB
    );
    println!(
        "  after the burst, drained     : {kept:10} B ({:.2}x an idle process)",
        kept as f64 / idle
    );
    let verdict = if kept as f64 <= 2.0 * idle {
        "met"
    } else {
        "MISSED"
    };
    println!("  target: within 2x of an idle process's bytes: {verdict}");
}

fn main() {
    let filters: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let wanted =
        |name: &str| filters.is_empty() || filters.iter().any(|f| name.contains(f.as_str()));
    if wanted("memory/idle") {
        idle();
    }
    if wanted("memory/allocs") {
        allocs();
    }
    if wanted("memory/timers") {
        timers();
    }
    if wanted("memory/1m") {
        million();
    }
    if wanted("memory/burst") {
        burst();
    }
}
