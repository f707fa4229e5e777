//! `Task.await_many/2` and `Task.yield_many/2`: input order, one deadline
//! for the whole call, failures, options, and mailbox residue.

mod common;

use common::{LONG, after, child_exit, drain, exit_after, exit_reason, recv, run};
use extask::inspect::inspect;
use extask::task::{
    OnTimeout, Shutdown, YieldManyOptions, async_task, await_many, await_task, completed, shutdown,
    try_await_many, try_yield_many, yield_many, yield_task,
};
use extask::{ExitReason, Task, Timeout, process};
use std::time::Instant;

fn sleepers(ms: &[u64]) -> Vec<Task<u64>> {
    ms.iter().map(|&ms| async_task(after(ms, ms))).collect()
}

#[test]
fn await_many_returns_results_in_task_order() {
    run(async {
        assert_eq!(
            await_many(sleepers(&[300, 100, 200]), LONG).await,
            vec![300, 100, 200]
        );
        assert_eq!(
            await_many(Vec::<Task<u64>>::new(), LONG).await,
            Vec::<u64>::new()
        );
        assert_eq!(drain().await, Vec::<String>::new());
    });
}

#[test]
fn ten_thousand_tasks_come_back_in_order_with_no_residue() {
    run(async {
        let tasks: Vec<Task<usize>> = (0..10_000).map(|i| async_task(async move { i })).collect();
        let values = await_many(tasks, Timeout::Ms(30_000)).await;
        assert_eq!(values, (0..10_000).collect::<Vec<_>>());
        assert_eq!(drain().await, Vec::<String>::new());
    });
}

#[test]
fn await_many_has_one_deadline_for_the_whole_call() {
    run(async {
        // Per-task waits of 200 ms would succeed (100, then 150 more).
        let tasks = sleepers(&[100, 250]);
        let text = inspect(&tasks);
        let started = Instant::now();
        let err = try_await_many(tasks, Timeout::Ms(200)).await.unwrap_err();
        assert!(started.elapsed().as_millis() < 250);
        assert_eq!(
            format!("{err:?}"),
            format!("{{:timeout, {{Task, :await_many, [{text}, 200]}}}}")
        );
    });
}

#[test]
fn after_an_await_many_timeout_the_tasks_run_on_and_their_replies_vanish() {
    run(async {
        let tasks = sleepers(&[50, 800]);
        let pids: Vec<_> = tasks.iter().map(|t| t.pid).collect();
        let watches: Vec<_> = pids.iter().map(|&p| process::monitor(p)).collect();
        let err = try_await_many(tasks, Timeout::Ms(300)).await.unwrap_err();
        assert!(err.is_timeout());
        assert!(process::alive(pids[1]));
        for watch in watches {
            assert_eq!(common::down(watch).await.reason, ExitReason::Normal);
        }
        assert_eq!(drain().await, Vec::<String>::new());
    });
}

#[test]
fn a_crash_kills_a_non_trapping_caller_with_the_raw_reason() {
    run(async {
        let reason = child_exit(async {
            let tasks = vec![
                async_task(after(300, ())),
                async_task(exit_after(100, ExitReason::atom("bad"))),
            ];
            await_many(tasks, LONG).await;
        })
        .await;
        assert_eq!(reason, ExitReason::atom("bad"));
    });
}

#[test]
fn a_trapping_caller_gets_the_wrapped_reason_and_keeps_the_exit_messages() {
    run(async {
        process::trap_exit(true);
        let tasks = vec![
            async_task(after(300, "slow")),
            async_task(exit_after(100, ExitReason::atom("bad"))),
        ];
        let text = inspect(&tasks);
        let (slow, bad) = (tasks[0].pid, tasks[1].pid);
        let slow_watch = process::monitor(slow);
        let err = try_await_many(tasks, LONG).await.unwrap_err();
        assert_eq!(
            format!("{err:?}"),
            format!("{{:bad, {{Task, :await_many, [{text}, 5000]}}}}")
        );
        // The slow task runs on; its reply is dropped, its :DOWN never comes.
        assert_eq!(common::down(slow_watch).await.reason, ExitReason::Normal);
        assert_eq!(
            drain().await,
            vec![
                format!("{{:EXIT, {bad:?}, :bad}}"),
                format!("{{:EXIT, {slow:?}, :normal}}")
            ]
        );
    });
}

/// A task owned by another process, which stays alive.
async fn someone_elses_task() -> (Task<&'static str>, extask::Pid) {
    let me = process::self_pid();
    let other = process::spawn(async move {
        process::send(me, async_task(after(2_000, "theirs")));
        process::sleep(Timeout::Infinity).await;
    });
    (recv::<Task<&str>>(LONG).await.unwrap(), other)
}

#[test]
fn await_many_checks_every_owner_before_consuming_anything() {
    run(async {
        let me = process::self_pid();
        let mine = async_task(async { "mine" });
        let (mine_ref, mine_pid) = (mine.r#ref, mine.pid);
        common::ended(mine_pid).await;
        let (theirs, other) = someone_elses_task().await;
        let text = inspect(&theirs);
        let err = try_await_many(vec![mine, theirs], LONG).await.unwrap_err();
        let expected =
            format!("task {text} must be queried from the owner but was queried from {me:?}");
        assert_eq!(err, ExitReason::argument_error(expected));
        // Nothing was consumed: my task's reply and :DOWN are still there.
        assert_eq!(
            drain().await,
            vec![
                format!("{{{mine_ref:?}, \"mine\"}}"),
                format!("{{:DOWN, {mine_ref:?}, :process, {mine_pid:?}, :normal}}")
            ]
        );
        process::exit(other, ExitReason::Kill);
    });
}

#[test]
fn await_many_takes_completed_tasks() {
    run(async {
        let tasks = vec![completed(1), async_task(after(50, 2))];
        assert_eq!(await_many(tasks, LONG).await, vec![1, 2]);
        assert_eq!(drain().await, Vec::<String>::new());
    });
}

#[test]
fn yield_many_has_one_global_deadline_and_keeps_task_order() {
    run(async {
        let tasks = sleepers(&[10, 2_000, 50]);
        let pids: Vec<_> = tasks.iter().map(|t| t.pid).collect();
        let started = Instant::now();
        let results = yield_many(tasks, YieldManyOptions::new().timeout(Timeout::Ms(400))).await;
        let elapsed = started.elapsed().as_millis();
        assert!((400..1_400).contains(&elapsed), "took {elapsed} ms");
        let values: Vec<_> = results.iter().map(|(_, r)| r).collect();
        assert_eq!(inspect(&values), "[{:ok, 10}, nil, {:ok, 50}]");
        assert_eq!(results.iter().map(|(t, _)| t.pid).collect::<Vec<_>>(), pids);
        // The unfinished task is still monitored: it can be shut down.
        let (slow, _) = results.into_iter().nth(1).unwrap();
        assert!(process::alive(slow.pid));
        assert_eq!(shutdown(slow, Shutdown::BrutalKill).await, None);
        let empty = yield_many(Vec::<Task<u64>>::new(), YieldManyOptions::new()).await;
        assert!(empty.is_empty());
        assert_eq!(drain().await, Vec::<String>::new());
    });
}

#[test]
fn yield_many_reports_crashes_to_a_trapping_caller() {
    run(async {
        process::trap_exit(true);
        let tasks = vec![
            async_task(exit_after(100, ExitReason::atom("bad"))),
            async_task(after(300, "fine")),
        ];
        let pids: Vec<_> = tasks.iter().map(|t| t.pid).collect();
        let results = yield_many(tasks, YieldManyOptions::new().timeout(Timeout::Ms(1_000))).await;
        let values: Vec<_> = results.into_iter().map(|(_, r)| r).collect();
        assert_eq!(inspect(&values), r#"[exit: :bad, ok: "fine"]"#);
        assert_eq!(
            drain().await,
            vec![
                format!("{{:EXIT, {:?}, :bad}}", pids[0]),
                format!("{{:EXIT, {:?}, :normal}}", pids[1])
            ]
        );
    });
}

#[test]
fn yield_many_checks_owners_lazily_losing_earlier_results() {
    run(async {
        let me = process::self_pid();
        let mine = async_task(async { "mine" });
        common::ended(mine.pid).await;
        let (theirs, other) = someone_elses_task().await;
        let text = inspect(&theirs);
        let err = try_yield_many(vec![mine, theirs], YieldManyOptions::new())
            .await
            .unwrap_err();
        let expected =
            format!("task {text} must be queried from the owner but was queried from {me:?}");
        assert_eq!(err, ExitReason::argument_error(expected));
        // The first task's reply was consumed before the check failed.
        assert_eq!(drain().await, Vec::<String>::new());
        process::exit(other, ExitReason::Kill);
    });
}

#[test]
fn yield_many_limit_returns_early_without_on_timeout() {
    run(async {
        let tasks = sleepers(&[2_000, 50, 100]);
        let opts = YieldManyOptions::new()
            .limit(2)
            .timeout(Timeout::Ms(1_500))
            .on_timeout(OnTimeout::KillTask);
        let started = Instant::now();
        let results = yield_many(tasks, opts).await;
        assert!(started.elapsed().as_millis() < 1_000);
        let values: Vec<_> = results.iter().map(|(_, r)| r).collect();
        assert_eq!(inspect(&values), "[nil, {:ok, 50}, {:ok, 100}]");
        // The limit was reached first: the slow task was not killed.
        let (slow, _) = results.into_iter().next().unwrap();
        assert!(process::alive(slow.pid));
        assert_eq!(shutdown(slow, Shutdown::BrutalKill).await, None);
    });
}

#[test]
fn yield_many_on_timeout_kill_task_ignore_and_nothing() {
    run(async {
        let short = |on_timeout| {
            YieldManyOptions::new()
                .timeout(Timeout::Ms(100))
                .on_timeout(on_timeout)
        };

        let tasks = sleepers(&[10, 2_000]);
        let watch = process::monitor(tasks[1].pid);
        let results = yield_many(tasks, short(OnTimeout::KillTask)).await;
        let values: Vec<_> = results.iter().map(|(_, r)| r).collect();
        assert_eq!(inspect(&values), "[{:ok, 10}, nil]");
        assert_eq!(common::down(watch).await.reason, ExitReason::Killed);

        process::trap_exit(true);
        let tasks = sleepers(&[300]);
        let pid = tasks[0].pid;
        let results = yield_many(tasks, short(OnTimeout::Ignore)).await;
        assert_eq!(results[0].1, None);
        // Ignored: unlinked, demonitored, its reply dropped.
        assert_eq!(exit_reason(pid).await, ExitReason::Normal);
        assert_eq!(drain().await, Vec::<String>::new());
        process::trap_exit(false);

        let tasks = sleepers(&[300]);
        let mut results = yield_many(tasks, short(OnTimeout::Nothing)).await;
        let (task, result) = results.pop().unwrap();
        assert_eq!(result, None);
        assert_eq!(inspect(&yield_task(&task, LONG).await), "{:ok, 300}");
        assert_eq!(drain().await, Vec::<String>::new());
    });
}

#[test]
fn yield_many_rejects_on_timeout_exit() {
    run(async {
        let opts = YieldManyOptions::new().on_timeout(OnTimeout::Exit);
        let err = try_yield_many(sleepers(&[1]), opts).await.unwrap_err();
        assert!(matches!(err, ExitReason::Exception(e) if e.module == "ArgumentError"));
    });
}

#[test]
fn yield_many_results_print_in_elixir_notation() {
    run(async {
        let tasks = vec![completed(1)];
        let text = inspect(&tasks[0]);
        let results = yield_many(tasks, YieldManyOptions::new()).await;
        assert_eq!(inspect(&results), format!("[{{{text}, {{:ok, 1}}}}]"));
        let task = async_task(async { 2 });
        assert_eq!(await_task(task, LONG).await, 2);
    });
}
