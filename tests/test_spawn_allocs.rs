//! What one process costs the allocator when processes run one at a time,
//! counted by a counting allocator on a current-thread runtime: a guard that
//! a finished process's state is reused by the next spawn
//! (`task-runtime/src/runtime/spare.rs`), not freed and allocated anew.
//! Then a task's async+await allocates twice (tokio's task cell and the
//! reply) and a `start_link` once (the cell); a freed and new state would
//! be a third and a second.

use extask::root::{RootConfig, run_test};
use extask::{Pid, process, task};
use stats_alloc::{INSTRUMENTED_SYSTEM, StatsAlloc};
use std::alloc::System;
use std::hint::black_box;

#[global_allocator]
static ALLOC: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

const N: u64 = 1_000;

/// Allocations per run of `op`, over `N` runs after 100 to warm up; a little
/// slack for a stray allocation of the runtime's own (a timer wheel level).
async fn per_op<F: Future<Output = ()>>(mut op: impl FnMut(u64) -> F) -> f64 {
    for i in 0..100 {
        op(i).await;
    }
    let before = ALLOC.stats().allocations;
    for i in 0..N {
        op(i).await;
    }
    (ALLOC.stats().allocations - before) as f64 / N as f64
}

/// One test: the counter is process-wide, and tests run in parallel threads.
#[test]
fn a_process_run_to_its_end_leaves_its_state_to_the_next_spawn() {
    let (per_task, per_child) = run_test(RootConfig::current_thread(), async {
        let per_task = per_op(|i| async move {
            let t = task!(async fn -> black_box(i) end);
            assert_eq!(task!(await t), i);
        })
        .await;
        let me = process::self_pid();
        let per_child = per_op(|i| async move {
            let Ok(child) = task!(start_link fn -> { black_box(i); } end);
            // It runs and ends before the root is polled again.
            tokio::task::yield_now().await;
            assert!(!process::alive(black_box::<Pid>(child)));
            assert!(process::alive(me));
        })
        .await;
        (per_task, per_child)
    });
    println!("allocations per async+await: {per_task}, per start_link: {per_child}");
    assert!(per_task < 2.05, "{per_task} allocations per async+await");
    assert!(per_child < 1.05, "{per_child} allocations per start_link");
}
