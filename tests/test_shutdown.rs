//! `Task.shutdown/2`: every row of Elixir's outcome table, the unlink, and
//! the mailbox it leaves.

mod common;

use common::{LONG, after, drain, exit_after, exit_reason, recv, run};
use extask::inspect::inspect;
use extask::messages::Exit;
use extask::task::{Shutdown, async_task, shutdown, yield_task};
use extask::{ExitReason, Pid, Task, Timeout, process};
use std::time::Instant;

#[test]
fn a_running_task_is_stopped_and_shutdown_returns_nil() {
    run(async {
        for (how, reason) in [
            (Shutdown::default(), ExitReason::Shutdown),
            (Shutdown::BrutalKill, ExitReason::Killed),
            (Shutdown::Timeout(Timeout::Ms(300)), ExitReason::Shutdown),
        ] {
            let task = async_task(after(2_000, ()));
            let watch = process::monitor(task.pid);
            assert_eq!(shutdown(task, how).await, None);
            assert_eq!(common::down(watch).await.reason, reason);
        }
        assert_eq!(drain().await, Vec::<String>::new());
    });
}

#[test]
fn shutdown_unlinks_first_so_a_trapping_caller_gets_no_exit_message() {
    run(async {
        process::trap_exit(true);
        let task = async_task(after(2_000, ()));
        let watch = process::monitor(task.pid);
        assert_eq!(shutdown(task, Shutdown::BrutalKill).await, None);
        assert_eq!(common::down(watch).await.reason, ExitReason::Killed);
        assert_eq!(drain().await, Vec::<String>::new());
    });
}

/// A task that traps exits, tells the test it does, then runs `then`.
async fn trapping<T, F>(then: F) -> Task<T>
where
    T: Send + 'static,
    F: std::future::Future<Output = T> + Send + 'static,
{
    let me = process::self_pid();
    let task = async_task(async move {
        process::trap_exit(true);
        process::send(me, ("trapping", process::self_pid()));
        then.await
    });
    recv::<(&str, Pid)>(LONG).await.unwrap();
    task
}

/// Waits for `{:EXIT, _, :shutdown}`.
async fn on_shutdown_signal() {
    let matched = process::receive_with(
        |m| {
            m.downcast_ref::<Exit>()
                .filter(|e| e.reason == ExitReason::Shutdown)
                .map(drop)
        },
        Timeout::Infinity,
    );
    matched.await;
}

#[test]
fn a_trapping_task_that_ignores_the_signal_is_killed_after_the_timeout() {
    run(async {
        let task = trapping(process::sleep(Timeout::Infinity)).await;
        let watch = process::monitor(task.pid);
        let started = Instant::now();
        let got = shutdown(task, Shutdown::Timeout(Timeout::Ms(200))).await;
        assert!(started.elapsed().as_millis() >= 200);
        assert_eq!(inspect(&got), "{:exit, :killed}");
        assert_eq!(common::down(watch).await.reason, ExitReason::Killed);

        let task = trapping(process::sleep(Timeout::Infinity)).await;
        let watch = process::monitor(task.pid);
        assert_eq!(shutdown(task, Shutdown::BrutalKill).await, None);
        assert_eq!(common::down(watch).await.reason, ExitReason::Killed);
        assert_eq!(drain().await, Vec::<String>::new());
    });
}

#[test]
fn what_a_trapping_task_does_with_the_signal_decides() {
    run(async {
        let returns = trapping(async {
            on_shutdown_signal().await;
            "cleaned_up"
        })
        .await;
        let got = shutdown(returns, Shutdown::Timeout(Timeout::Ms(1_000))).await;
        assert_eq!(inspect(&got), r#"{:ok, "cleaned_up"}"#);

        let exits_shutdown: Task<()> = trapping(async {
            on_shutdown_signal().await;
            process::exit_self(ExitReason::Shutdown).await;
        })
        .await;
        assert_eq!(
            shutdown(exits_shutdown, Timeout::Ms(1_000).into()).await,
            None
        );

        let exits_custom: Task<()> = trapping(async {
            on_shutdown_signal().await;
            process::exit_self(ExitReason::atom("custom")).await;
        })
        .await;
        let got = shutdown(exits_custom, Timeout::Ms(1_000).into()).await;
        assert_eq!(inspect(&got), "{:exit, :custom}");
        assert_eq!(drain().await, Vec::<String>::new());
    });
}

#[test]
fn a_reply_already_there_wins() {
    run(async {
        for how in [Shutdown::default(), Shutdown::BrutalKill] {
            let task = async_task(after(200, "done"));
            assert_eq!(exit_reason(task.pid).await, ExitReason::Normal);
            assert_eq!(inspect(&shutdown(task, how).await), r#"{:ok, "done"}"#);
        }
        assert_eq!(drain().await, Vec::<String>::new());
    });
}

#[test]
fn a_dead_task_with_its_down_queued_reports_its_reason() {
    run(async {
        process::trap_exit(true);
        let cases = [
            ("bad", Shutdown::default(), "{:exit, :bad}"),
            ("shutdown", Shutdown::default(), "nil"),
            ("killed", Shutdown::BrutalKill, "nil"),
            ("killed", Shutdown::default(), "{:exit, :killed}"),
            ("shutdown", Shutdown::BrutalKill, "{:exit, :shutdown}"),
        ];
        let mut exits = Vec::new();
        for (reason, how, expected) in cases {
            let reason = ExitReason::from(extask::inspect::Term::atom(reason));
            let task: Task<()> = async_task(exit_after(200, reason.clone()));
            let pid = task.pid;
            assert_eq!(exit_reason(pid).await, reason);
            assert_eq!(inspect(&shutdown(task, how).await), expected);
            exits.push(format!("{{:EXIT, {pid:?}, {reason:?}}}"));
        }
        // The {:EXIT, ..} messages that arrived before shutdown stay, in order.
        assert_eq!(drain().await, exits);
    });
}

#[test]
fn a_task_whose_monitor_is_gone_and_which_has_ended_gives_noproc() {
    run(async {
        let task = async_task(after(50, 1));
        assert_eq!(inspect(&yield_task(&task, LONG).await), "{:ok, 1}");
        let got = shutdown(task, Shutdown::default()).await;
        assert_eq!(inspect(&got), "{:exit, :noproc}");
        let task = async_task(after(50, 1));
        assert_eq!(inspect(&yield_task(&task, LONG).await), "{:ok, 1}");
        assert_eq!(
            inspect(&shutdown(task, Shutdown::BrutalKill).await),
            "{:exit, :noproc}"
        );
        assert_eq!(drain().await, Vec::<String>::new());
    });
}

#[test]
fn a_live_task_whose_monitor_is_gone_is_stopped_with_nil() {
    run(async {
        let task = async_task(after(5_000, 1));
        let watch = process::monitor(task.pid);
        process::demonitor_flush(task.r#ref);
        assert_eq!(shutdown(task, Shutdown::default()).await, None);
        assert_eq!(common::down(watch).await.reason, ExitReason::Shutdown);
        assert_eq!(drain().await, Vec::<String>::new());
    });
}

#[test]
fn yield_or_shutdown_gets_a_fast_result_and_stops_a_slow_task() {
    run(async {
        let fast = async_task(after(50, "fast"));
        let got = match yield_task(&fast, Timeout::Ms(1_000)).await {
            Some(result) => Some(result),
            None => shutdown(fast, Shutdown::default()).await,
        };
        assert_eq!(inspect(&got), r#"{:ok, "fast"}"#);
        let slow = async_task(after(2_000, "slow"));
        let watch = process::monitor(slow.pid);
        let got = match yield_task(&slow, Timeout::Ms(100)).await {
            Some(result) => Some(result),
            None => shutdown(slow, Shutdown::default()).await,
        };
        assert_eq!(got, None);
        assert_eq!(common::down(watch).await.reason, ExitReason::Shutdown);
        assert_eq!(drain().await, Vec::<String>::new());
    });
}

#[test]
fn shutdown_checks_the_owner_and_leaves_the_task_alone() {
    run(async {
        let task = async_task(after(2_000, ()));
        let (pid, text) = (task.pid, inspect(&task));
        let me = process::self_pid();
        let other = process::spawn(async move {
            let err = task.try_shutdown(Shutdown::BrutalKill).await.unwrap_err();
            process::send(me, err);
        });
        let err = recv::<ExitReason>(LONG).await.unwrap();
        let expected =
            format!("task {text} must be queried from the owner but was queried from {other:?}");
        assert_eq!(err, ExitReason::argument_error(expected));
        assert!(process::alive(pid));
    });
}

#[test]
fn the_signal_reaches_the_task_even_when_the_caller_dies_while_waiting() {
    run(async {
        let me = process::self_pid();
        let (caller, watch_caller) = process::spawn_monitor(async move {
            let task = trapping(async move {
                on_shutdown_signal().await;
                process::send(me, "got :shutdown");
                process::sleep(Timeout::Infinity).await;
            })
            .await;
            process::send(me, task.pid);
            shutdown(task, Shutdown::Timeout(Timeout::Infinity)).await;
        });
        let task_pid = recv::<Pid>(LONG).await.unwrap();
        assert_eq!(recv::<&str>(LONG).await, Some("got :shutdown"));
        process::exit(caller, ExitReason::Kill);
        assert_eq!(common::down(watch_caller).await.reason, ExitReason::Killed);
        // Unlinked: the task, trapping, outlives the caller; stop it here.
        assert!(process::alive(task_pid));
        process::exit(task_pid, ExitReason::Kill);
    });
}
