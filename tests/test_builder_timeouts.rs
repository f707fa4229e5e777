//! The millisecond options of the builders (`YieldManyOptions::timeout`,
//! `StreamOptions::timeout`) take any integer, a `Duration` or a `Timeout`,
//! as every other millisecond argument does; a negative one makes the caller
//! exit with Elixir's `FunctionClauseError` before anything waits or runs.

mod common;

use common::{child_exit, run};
use extask::task::{StreamOptions, YieldManyOptions, async_stream, async_task, yield_many};
use extask::{ExitReason, TaskResult, Timeout, process};
use futures::StreamExt;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

#[test]
fn yield_many_takes_signed_unsigned_and_duration_timeouts() {
    run(async {
        let ms: i32 = 2_000;
        let size: usize = 2_000;
        for opts in [
            YieldManyOptions::new().timeout(ms),
            YieldManyOptions::new().timeout(size),
            YieldManyOptions::new().timeout(Duration::from_secs(2)),
            YieldManyOptions::new().timeout(Timeout::Infinity),
        ] {
            let got = yield_many(vec![async_task(async { 7 })], opts).await;
            assert_eq!(
                got.into_iter().map(|(_, r)| r).collect::<Vec<_>>(),
                [Some(TaskResult::Ok(7))]
            );
        }
    });
}

#[test]
fn a_negative_yield_many_timeout_exits_the_caller_with_function_clause() {
    run(async {
        let ms: i64 = -1;
        let reason = child_exit(async move {
            let tasks = vec![async_task(async { 1 })];
            let _ = yield_many(tasks, YieldManyOptions::new().timeout(ms)).await;
            unreachable!("a negative timeout does not return");
        })
        .await;
        assert_eq!(reason, ExitReason::function_clause("Task.yield_many/2"));
    });
}

#[test]
fn a_stream_takes_a_signed_timeout_per_task() {
    run(async {
        let ms: i32 = 100;
        let opts = StreamOptions::new()
            .timeout(ms)
            .on_timeout(extask::task::OnTimeout::KillTask);
        let got: Vec<_> = async_stream(
            vec![10_u64, 1_000],
            |ms| async move {
                process::sleep(ms).await;
                ms
            },
            opts,
        )
        .collect()
        .await;
        assert_eq!(extask::inspect::inspect(&got), "[ok: 10, exit: :timeout]");
    });
}

#[test]
fn a_negative_stream_timeout_exits_the_caller_before_any_task_runs() {
    run(async {
        let started = Arc::new(AtomicUsize::new(0));
        let seen = started.clone();
        let reason = child_exit(async move {
            let ms: i32 = -5;
            let opts = StreamOptions::new().timeout(ms);
            let _: Vec<_> = async_stream(
                vec![1, 2, 3],
                move |x| {
                    let started = started.clone();
                    async move {
                        started.fetch_add(1, Ordering::SeqCst);
                        x
                    }
                },
                opts,
            )
            .collect()
            .await;
            unreachable!("a negative timeout does not return");
        })
        .await;
        assert_eq!(reason, ExitReason::function_clause("Task.async_stream/3"));
        assert_eq!(seen.load(Ordering::SeqCst), 0);
    });
}

#[test]
#[should_panic(expected = "no function clause matching in Task.yield_many/2")]
fn outside_any_process_a_negative_builder_timeout_panics_with_elixirs_text() {
    let _ = YieldManyOptions::new().timeout(-1);
}
