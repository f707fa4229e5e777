//! The reproductions of issue 14 (`../shared/repros/`), each asserting
//! Erlang's outcome.

use super::*;
use extask::messages::Exit;
use extask::supervisor::{ChildOptions, SupervisorOptions, TaskSupervisor};
use extask::task::{Shutdown, StreamOptions};
use futures::StreamExt;

/// A value whose destructor panics, returned by a task.
struct Bomb;

impl Drop for Bomb {
    fn drop(&mut self) {
        panic!("{DELIBERATE}: Bomb's destructor");
    }
}

/// `reply_drop_panic`: the reply of a task whose owner is gone is dropped
/// where the task ends; its destructor's panic must not stop the `:DOWN`.
#[test]
fn an_undelivered_reply_whose_drop_panics_still_lets_the_task_end() {
    let _alone = serial();
    quiet_deliberate_panics();
    run(async {
        let base = process::count();
        let root = process::self_pid();
        process::spawn(async move {
            let t = async_task(async {
                process::sleep(Timeout::Ms(100)).await;
                Bomb
            });
            process::send(root, t.pid);
            drop(t);
        });
        let pid = common::recv::<Pid>(common::LONG).await.unwrap();
        let watch = process::monitor(pid);
        assert_eq!(down_within(watch, 5_000).await, Some(ExitReason::Normal));
        assert_eq!(settle_count(base).await, base);
    });
}

/// `sup_make_panic`: `start_child`'s start function runs in the child, so
/// its panic crashes that child only.
#[test]
fn a_panicking_start_function_crashes_only_its_child() {
    let _alone = serial();
    quiet_deliberate_panics();
    run(async {
        process::trap_exit(true);
        let sup = TaskSupervisor::start_link(SupervisorOptions::new())
            .await
            .unwrap();
        let forever = || process::sleep(Timeout::Infinity);
        let sibling = sup.start_child(forever, ChildOptions::new()).await.unwrap();
        let make = || -> std::future::Ready<()> { panic!("{DELIBERATE}: setup failed") };
        let child = sup.start_child(make, ChildOptions::new()).await.unwrap();
        let reason = common::exit_reason(child).await;
        assert!(
            [
                ExitReason::panic(format!("{DELIBERATE}: setup failed")),
                ExitReason::Noproc
            ]
            .contains(&reason),
            "{reason:?}"
        );
        assert!(process::alive(sup.pid()));
        assert!(process::alive(sibling));
        assert_eq!(sup.children().await, vec![sibling]);
        let exit =
            process::receive_with(|m| m.downcast_ref::<Exit>().map(|e| e.from), Timeout::Ms(0))
                .await;
        assert_eq!(exit, None, "the supervisor sent an {{:EXIT}}");
    });
}

/// `stream_exit_normal`: a caller exiting `:normal` mid-iteration closes
/// its stream, so the stream's tasks die (Elixir's reducer closes the
/// stream whatever the reason).
#[test]
fn a_caller_exiting_normal_mid_stream_takes_the_streams_tasks_down() {
    let _alone = serial();
    quiet_deliberate_panics();
    run(async {
        let base = process::count();
        let root = process::self_pid();
        process::spawn(async move {
            let work = move |i: u64| async move {
                process::send(root, process::self_pid());
                if i > 0 {
                    process::sleep(Timeout::Infinity).await;
                }
                i
            };
            let opts = StreamOptions::new()
                .max_concurrency(4)
                .timeout(Timeout::Infinity);
            let mut stream = extask::task::async_stream(0..4_u64, work, opts);
            let _first = stream.next().await;
            process::exit_self(ExitReason::Normal).await;
        });
        let mut watches = Vec::new();
        for _ in 0..4 {
            let pid = common::recv::<Pid>(common::LONG).await.unwrap();
            watches.push(process::monitor(pid));
        }
        for watch in watches {
            assert!(
                down_within(watch, 5_000).await.is_some(),
                "a task outlived its stream"
            );
        }
        assert_eq!(settle_count(base).await, base);
    });
}

/// `stand_in_leak_std_thread`: outside any runtime, `async_task` says what
/// it needs, and leaves no stand-in owner behind.
#[test]
fn async_task_without_a_runtime_panics_clearly_and_leaks_nothing() {
    let _alone = serial();
    quiet_deliberate_panics();
    let base = process::count();
    let panic = std::thread::spawn(|| {
        std::panic::catch_unwind(|| async_task(async { 1 }).pid).unwrap_err()
    })
    .join()
    .unwrap();
    let message = panic.downcast_ref::<String>().cloned().unwrap_or_default();
    assert!(
        message.starts_with("`task::async_task` needs a tokio runtime"),
        "{message}"
    );
    assert_eq!(process::count(), base);
}

/// A `shutdown` future dropped half-way by its owner (here by a timeout)
/// still stops the task: it is unlinked by then, and would run for ever.
#[test]
fn a_dropped_shutdown_future_still_stops_its_task() {
    let _alone = serial();
    quiet_deliberate_panics();
    run(async {
        let base = process::count();
        let root = process::self_pid();
        let t = async_task(async move {
            process::trap_exit(true);
            process::send(root, "trapping");
            process::sleep(Timeout::Infinity).await;
        });
        let watch = process::monitor(t.pid);
        assert_eq!(common::recv::<&str>(common::LONG).await, Some("trapping"));
        let gave_up = tokio::time::timeout(
            std::time::Duration::from_millis(100),
            extask::task::shutdown(t, Shutdown::Timeout(Timeout::Infinity)),
        )
        .await;
        assert!(gave_up.is_err());
        assert_eq!(down_within(watch, 5_000).await, Some(ExitReason::Killed));
        assert_eq!(settle_count(base).await, base);
    });
}

/// A call to a supervisor killed mid-call exits with the supervisor's
/// reason and the request as Elixir prints it.
#[test]
fn a_call_to_a_supervisor_killed_mid_call_exits_with_its_reason() {
    let _alone = serial();
    quiet_deliberate_panics();
    run(async {
        let sup = TaskSupervisor::start_link(SupervisorOptions::new())
            .await
            .unwrap();
        process::unlink(sup.pid());
        let root = process::self_pid();
        // A child that ignores `:shutdown`: terminating it takes for ever.
        let stubborn = move || async move {
            process::trap_exit(true);
            process::send(root, "trapping");
            let _ = common::recv::<Exit>(Timeout::Infinity).await;
            process::send(root, "told to shut down");
            process::sleep(Timeout::Infinity).await;
        };
        let opts = ChildOptions::new().shutdown(Shutdown::Timeout(Timeout::Infinity));
        let child = sup.start_child(stubborn, opts).await.unwrap();
        assert_eq!(common::recv::<&str>(common::LONG).await, Some("trapping"));
        let (caller, watch) = process::spawn_monitor(async move {
            let _ = sup.terminate_child(child).await;
        });
        // The supervisor is inside the call, waiting for the child.
        let told = common::recv::<&str>(common::LONG).await;
        assert_eq!(told, Some("told to shut down"));
        process::exit(sup.pid(), ExitReason::Kill);
        let reason = common::down(watch).await.reason;
        let expected = format!(
            "{{:killed, {{GenServer, :call, [{:?}, {{:terminate_child, {child:?}}}, :infinity]}}}}",
            sup.pid()
        );
        assert_eq!(format!("{reason:?}"), expected);
        assert!(!process::alive(caller));
        process::exit(child, ExitReason::Kill);
    });
}
