//! Tasks and receives composed with ordinary async Rust (issue 13): every
//! wait is its own waiter, `Task<T>` is a future, a dropped wait leaves
//! nothing behind. Bounds are generous: a lost wake-up shows as a 5 s stall
//! or a hang, never as a few milliseconds.

mod common;

use common::{LONG, recv, run};
use extask::messages::Down;
use extask::{ExitReason, Task, Timeout, process, task};
use futures::StreamExt;
use futures::stream::FuturesUnordered;
use std::time::{Duration, Instant};

fn sleepers(n: u64, ms: u64) -> Vec<Task<u64>> {
    (0..n)
        .map(|i| {
            task::async_task(async move {
                process::sleep(ms).await;
                i
            })
        })
        .collect()
}

/// `join_all` switches to `FuturesUnordered` from 31 futures on: with one
/// waker per process, 31 tasks of 10 ms took the 5 s timeout.
#[test]
fn join_all_takes_tasks_as_they_are_and_wakes_each() {
    run(async {
        for n in [30, 31, 200] {
            let start = Instant::now();
            let results = futures::future::join_all(sleepers(n, 10)).await;
            let values: Vec<u64> = results.into_iter().map(Result::unwrap).collect();
            assert_eq!(values, (0..n).collect::<Vec<_>>());
            assert!(
                start.elapsed() < Duration::from_secs(2),
                "{n}: {:?}",
                start.elapsed()
            );
        }
    });
}

/// The fan-out: 1,000 tasks of 10 ms in one process finish in about
/// the longest task's time.
#[test]
fn a_futures_unordered_of_a_thousand_tasks_finishes_in_about_the_longest_ones_time() {
    run(async {
        let start = Instant::now();
        let mut pending: FuturesUnordered<Task<u64>> = sleepers(1_000, 10).into_iter().collect();
        let mut got = Vec::new();
        while let Some(result) = pending.next().await {
            got.push(result.unwrap());
        }
        got.sort_unstable();
        assert_eq!(got, (0..1_000).collect::<Vec<_>>());
        assert!(
            start.elapsed() < Duration::from_secs(2),
            "{:?}",
            start.elapsed()
        );
        assert_eq!(process::message_queue_len(), 0);
    });
}

#[test]
fn infinite_awaits_and_receives_polled_together_each_complete() {
    run(async {
        let me = process::self_pid();
        let mut awaits: FuturesUnordered<_> = sleepers(2, 10)
            .into_iter()
            .map(|t| t.try_await(Timeout::Infinity))
            .collect();
        let (a, b) = tokio::join!(
            async {
                let mut n = 0;
                while let Some(r) = awaits.next().await {
                    n += r.map_or(0, |_| 1);
                }
                n
            },
            async {
                let receive = recv::<&str>(Timeout::Infinity);
                let sender = process::spawn(async move {
                    process::sleep(20_u64).await;
                    process::send(me, "hello");
                });
                let _ = sender;
                receive.await
            }
        );
        assert_eq!((a, b), (2, Some("hello")));
    });
}

#[test]
fn buffer_unordered_over_awaits_keeps_its_concurrency() {
    run(async {
        let start = Instant::now();
        let values: Vec<u64> = futures::stream::iter(0..100_u64)
            .map(|i| {
                task::async_task(async move {
                    process::sleep(20_u64).await;
                    i
                })
            })
            .buffer_unordered(50)
            .map(Result::unwrap)
            .collect()
            .await;
        assert_eq!(values.len(), 100);
        assert!(
            start.elapsed() < Duration::from_secs(2),
            "{:?}",
            start.elapsed()
        );
    });
}

/// Plain `.await` has no hidden timeout: a task of 5.5 s is still awaited
/// (the old `.await` gave up at 5 s).
#[test]
fn plain_await_waits_until_the_task_ends() {
    run(async {
        let t = task::async_task(async {
            process::sleep(5_500_u64).await;
            "late"
        });
        assert_eq!(t.await, Ok("late"));
    });
}

#[test]
fn a_task_is_an_ordinary_future_to_timeout_and_select() {
    run(async {
        let t = task::async_task(async { 7 });
        let got = tokio::time::timeout(Duration::from_secs(5), t).await;
        assert_eq!(got.map_err(|_| ()), Ok(Ok(7)));
        let t = task::async_task(async { 8 });
        let got = tokio::select! {
            r = t => r,
            () = tokio::time::sleep(Duration::from_secs(5)) => Err(ExitReason::atom("lost")),
        };
        assert_eq!(got, Ok(8));
        // A crash comes back as the reason, in Elixir's await shape.
        process::trap_exit(true);
        let t: Task<()> = task::async_task(async { panic!("boom") });
        let err = t.await.unwrap_err();
        let text = format!("{err:?}");
        assert!(
            text.starts_with("{{%RuntimeError{message: \"boom\"}, []}, {Task, :await, [%Task{"),
            "{text}"
        );
        assert!(text.ends_with(", :infinity]}}"), "{text}");
    });
}

/// The leak: each lost race left the task's reply and `:DOWN` in the
/// caller's mailbox for ever. 10,000 of them leave nothing, and the tasks ran
/// on to the end.
#[test]
fn ten_thousand_lost_races_leave_the_mailbox_empty() {
    run(async {
        let baseline = process::count();
        for i in 0..10_000_u64 {
            let t = task::async_task(async move {
                process::sleep(2_u64).await;
                i
            });
            // The await is polled first (and waits), then loses.
            tokio::select! {
                biased;
                _ = t => panic!("the task is still sleeping"),
                () = std::future::ready(()) => {}
            }
        }
        // Half the other way: the sleep wins after the await was polled.
        for i in 0..1_000_u64 {
            let t = task::async_task(async move {
                process::sleep(20_u64).await;
                i
            });
            let _ = tokio::time::timeout(Duration::from_millis(1), t).await;
        }
        let deadline = Instant::now() + Duration::from_secs(10);
        while process::count() > baseline && Instant::now() < deadline {
            process::sleep(10_u64).await;
        }
        assert_eq!(process::count(), baseline, "the tasks ran to their end");
        assert_eq!(process::message_queue_len(), 0);
    });
}

/// As in Elixir, a task never awaited sends its reply and `:DOWN` as
/// messages (a server keeping only `task.ref` relies on it); an await that
/// started and was dropped deactivates them.
#[test]
fn a_dropped_task_still_replies_but_a_dropped_await_does_not() {
    run(async {
        let t = task::async_task(async { "value" });
        let (pid, r) = (t.pid, t.r#ref);
        drop(t);
        let reply = process::receive_with(
            |m| {
                m.downcast_ref::<(extask::Ref, &str)>()
                    .filter(|(x, _)| *x == r)
                    .map(|(_, v)| *v)
            },
            LONG,
        );
        assert_eq!(reply.await, Some("value"));
        assert_eq!(common::down(r).await.pid, pid);

        let me = process::self_pid();
        let t = task::async_task(async move {
            recv::<&str>(LONG).await;
            process::send(me, "task done");
            "late"
        });
        let (pid, r) = (t.pid, t.r#ref);
        let lost = tokio::time::timeout(Duration::from_millis(20), t).await;
        assert!(lost.is_err(), "the await lost the race");
        assert!(
            process::alive(pid),
            "a dropped await does not stop the task"
        );
        process::send(pid, "go");
        assert_eq!(recv::<&str>(LONG).await, Some("task done"));
        common::ended(pid).await;
        let late = process::receive_with(
            |m| {
                let reply = m
                    .downcast_ref::<(extask::Ref, &str)>()
                    .is_some_and(|(x, _)| *x == r);
                let down = m.downcast_ref::<Down>().is_some_and(|d| d.r#ref == r);
                (reply || down).then_some(())
            },
            Timeout::Ms(100),
        );
        assert_eq!(late.await, None);
        assert_eq!(process::message_queue_len(), 0);
    });
}

/// A wait moved to another tokio task works there: it registers that task's
/// waker. A `Task` awaited away from its owner says so at once.
#[test]
fn waits_polled_from_another_tokio_task() {
    run(async {
        let me = process::self_pid();
        // Made in the process, polled in a bare tokio task.
        let receive = process::receive_with(extask::messages::take::<u32>, LONG);
        let elsewhere = tokio::spawn(receive);
        process::sleep(20_u64).await;
        process::send(me, 5_u32);
        assert_eq!(elsewhere.await.unwrap(), Some(5));

        let t = task::async_task(async { 1 });
        let text = extask::inspect::inspect(&t);
        let err = tokio::spawn(t).await.unwrap().unwrap_err();
        let expected = format!(
            "task {text} must be queried from the owner but was queried from {:?}",
            extask::Pid::OUTSIDE
        );
        assert_eq!(err, ExitReason::argument_error(expected));
    });
}
