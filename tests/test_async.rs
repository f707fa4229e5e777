//! `Task.async` + `Task.await`: the reply, timeouts, crashes, the owner check,
//! message order and what is left in the mailbox.

mod common;

use common::{LONG, drain, exit_reason, recv, run};
use extask::inspect::inspect;
use extask::messages::{Down, Exit};
use extask::task::{async_task, await_task};
use extask::{ExitReason, Pid, Task, Timeout, process};

#[test]
fn await_returns_the_value_and_leaves_nothing_behind() {
    run(async {
        let task = async_task(async {
            process::sleep(Timeout::Ms(20)).await;
            "blah"
        });
        assert_eq!(task.owner, process::self_pid());
        assert_ne!(task.pid, task.owner);
        assert_eq!(await_task(task, Timeout::DEFAULT).await, "blah");
        assert_eq!(drain().await, Vec::<String>::new());
    });
}

#[test]
fn task_prints_as_elixir_struct() {
    run(async {
        let task = async_task(async { 1 });
        let text = format!("{task:?}");
        let expected = format!(
            "%Task{{mfa: {{:erlang, :apply, 2}}, owner: {:?}, pid: {:?}, ref: {:?}}}",
            task.owner, task.pid, task.r#ref
        );
        assert_eq!(text, expected);
        assert_eq!(
            extask::inspect::pretty(&task),
            format!(
                "%Task{{\n  mfa: {{:erlang, :apply, 2}},\n  owner: {:?},\n  pid: {:?},\n  ref: {:?}\n}}",
                task.owner, task.pid, task.r#ref
            )
        );
        assert_eq!(await_task(task, LONG).await, 1);
    });
}

#[test]
fn await_timeout_exits_the_caller_with_elixirs_term_and_kills_the_linked_task() {
    run(async {
        let me = process::self_pid();
        let caller = process::spawn(async move {
            let task = async_task(async { process::sleep(Timeout::Infinity).await });
            process::send(me, (task.pid, inspect(&task)));
            await_task(task, Timeout::Ms(100)).await;
        });
        let watch = process::monitor(caller);
        let (task_pid, task_text) = recv::<(Pid, String)>(LONG).await.unwrap();
        let watch_task = process::monitor(task_pid);
        let reason = common::down(watch).await.reason;
        assert_eq!(
            format!("{reason:?}"),
            format!("{{:timeout, {{Task, :await, [{task_text}, 100]}}}}")
        );
        assert_eq!(
            reason.to_string(),
            format!("exited in: Task.await({task_text}, 100)\n    ** (EXIT) time out")
        );
        // The task dies through the link with the caller's reason.
        assert_eq!(common::down(watch_task).await.reason, reason);
    });
}

#[test]
fn caught_timeout_leaves_the_task_running_and_drops_its_late_reply() {
    run(async {
        let task = async_task(async {
            process::sleep(Timeout::Ms(200)).await;
            "late"
        });
        let pid = task.pid;
        let err = task.try_await(Timeout::Ms(20)).await.unwrap_err();
        assert!(err.is_timeout());
        assert!(process::alive(pid));
        // Wait for the task to finish (a fresh monitor), then check that its
        // reply never reached the mailbox.
        assert_eq!(exit_reason(pid).await, ExitReason::Normal);
        assert_eq!(drain().await, Vec::<String>::new());
    });
}

#[test]
fn crash_kills_a_non_trapping_caller_with_the_raw_reason() {
    run(async {
        let caller = process::spawn(async {
            let task = async_task(async {
                process::sleep(Timeout::Ms(20)).await;
                panic!("boom");
            });
            await_task(task, LONG).await;
        });
        let reason = exit_reason(caller).await;
        assert_eq!(reason, ExitReason::panic("boom"));
        assert_eq!(
            format!("{reason:?}"),
            r#"{%RuntimeError{message: "boom"}, []}"#
        );
    });
}

#[test]
fn trapping_caller_gets_the_wrapped_reason_and_sees_exit_then_down() {
    run(async {
        process::trap_exit(true);
        let task: Task<()> = async_task(async {
            process::exit_self(ExitReason::atom("bad")).await;
        });
        let (pid, text) = (task.pid, inspect(&task));
        let err = task.try_await(LONG).await.unwrap_err();
        assert_eq!(
            format!("{err:?}"),
            format!("{{:bad, {{Task, :await, [{text}, 5000]}}}}")
        );
        // The :DOWN was consumed by await; the {:EXIT, ...} stays.
        assert_eq!(drain().await, vec![format!("{{:EXIT, {pid:?}, :bad}}")]);
    });
}

#[test]
fn trapping_caller_sees_reply_then_exit_then_down_in_order() {
    run(async {
        process::trap_exit(true);
        let task = async_task(async { "r" });
        let (pid, r) = (task.pid, task.r#ref);
        drop(task); // dropping does nothing to the task: read the raw messages
        let down = common::down(r).await;
        assert_eq!(down.reason, ExitReason::Normal);
        // Everything that arrived before the :DOWN, in order.
        assert_eq!(
            drain().await,
            vec![
                format!("{{{r:?}, \"r\"}}"),
                format!("{{:EXIT, {pid:?}, :normal}}")
            ]
        );
    });
}

#[test]
fn task_exiting_normal_without_reply_makes_await_exit_normal() {
    run(async {
        let task: Task<()> = async_task(async {
            process::exit_self(ExitReason::Normal).await;
        });
        let err = task.try_await(LONG).await.unwrap_err();
        let ExitReason::Call(call) = err else {
            panic!("not a call exit: {err:?}")
        };
        assert_eq!(call.reason, ExitReason::Normal);
        assert_eq!(call.function.name(), "await");
    });
}

#[test]
fn shutdown_exit_of_task_kills_non_trapping_caller_with_shutdown() {
    run(async {
        let caller = process::spawn(async {
            let task: Task<()> = async_task(async {
                process::exit_self(ExitReason::Shutdown).await;
            });
            await_task(task, LONG).await;
        });
        assert_eq!(exit_reason(caller).await, ExitReason::Shutdown);
    });
}

#[test]
fn owner_check_fails_with_elixirs_message() {
    run(async {
        let task = async_task(async { 1 });
        let text = inspect(&task);
        let me = process::self_pid();
        let other = process::spawn(async move {
            let err = task.try_await(LONG).await.unwrap_err();
            process::send(me, (process::self_pid(), err));
        });
        let (other_pid, err) = recv::<(Pid, ExitReason)>(LONG).await.unwrap();
        assert_eq!(other, other_pid);
        assert_eq!(
            err,
            ExitReason::argument_error(format!(
                "task {text} must be queried from the owner but was queried from {other:?}"
            ))
        );
    });
}

#[test]
fn caller_crash_kills_the_task_with_the_same_reason() {
    run(async {
        let me = process::self_pid();
        let caller = process::spawn(async move {
            let task = async_task(async { process::sleep(Timeout::Infinity).await });
            process::send(me, task.pid);
            drop(task);
            recv::<&str>(Timeout::Infinity).await;
            process::exit_self(ExitReason::atom("crash")).await;
        });
        let task_pid = recv::<Pid>(LONG).await.unwrap();
        let watch = process::monitor(task_pid);
        process::send(caller, "go");
        assert_eq!(common::down(watch).await.reason, ExitReason::atom("crash"));
    });
}

#[test]
fn caller_ending_normally_leaves_the_task_running() {
    run(async {
        let me = process::self_pid();
        let caller = process::spawn(async move {
            let task = async_task(async {
                process::sleep(Timeout::Ms(100)).await;
            });
            process::send(me, task.pid);
            drop(task);
            recv::<&str>(Timeout::Infinity).await;
        });
        let task_pid = recv::<Pid>(LONG).await.unwrap();
        let (watch, watch_caller) = (process::monitor(task_pid), process::monitor(caller));
        process::send(caller, "go");
        assert_eq!(common::down(watch_caller).await.reason, ExitReason::Normal);
        assert_eq!(common::down(watch).await.reason, ExitReason::Normal);
    });
}

#[test]
fn into_future_returns_a_result_for_plain_rust_code() {
    run(async {
        let ok = async_task(async { 7 }).await;
        assert_eq!(ok, Ok(7));
    });
}

#[tokio::test]
async fn outside_any_process_the_owner_is_a_stand_in_that_turns_crashes_into_errors() {
    assert_eq!(process::try_self_pid(), None);
    let task = async_task(async { "plain" });
    assert_ne!(task.owner, Pid::OUTSIDE);
    assert_eq!(task.await, Ok("plain"));

    let crashing: Task<()> = async_task(async { panic!("boom") });
    let err = crashing.await.unwrap_err();
    let ExitReason::Call(call) = err else {
        panic!("not a call exit")
    };
    assert_eq!(call.reason, ExitReason::panic("boom"));

    let slow = async_task(async { process::sleep(Timeout::Infinity).await });
    assert!(
        slow.try_await(Timeout::Ms(10))
            .await
            .unwrap_err()
            .is_timeout()
    );
}

/// `$callers` names processes only: a task started from outside any process
/// has none, although a stand-in process owns it.
#[tokio::test]
async fn a_task_started_outside_any_process_has_no_callers() {
    let task = async_task(async { process::callers() });
    assert_eq!(task.await, Ok(Vec::new()));
    let inner = async_task(async { async_task(async { process::callers() }).await });
    let outer_callers = inner.await.unwrap().unwrap();
    assert_eq!(outer_callers.len(), 1, "{outer_callers:?}");
}

#[test]
fn second_receive_of_down_is_not_possible_after_await() {
    run(async {
        let task = async_task(async { 5 });
        let r = task.r#ref;
        assert_eq!(await_task(task, LONG).await, 5);
        // The monitor was removed with :flush: no :DOWN ever arrives.
        let late = process::receive_with(
            |m| m.downcast_ref::<Down>().filter(|d| d.r#ref == r).cloned(),
            Timeout::Ms(100),
        )
        .await;
        assert_eq!(late, None);
        assert_eq!(recv::<Exit>(Timeout::Ms(0)).await, None);
    });
}

/// A receive that ends before its timer fires leaves the timer to the next
/// receive, which must re-arm it for its own deadline: the second await here
/// would otherwise time out at the first one's 100 ms.
#[test]
fn an_await_re_arms_the_timer_the_previous_await_left_behind() {
    run(async {
        let quick = async_task(async {
            process::sleep(Timeout::Ms(10)).await;
            1
        });
        assert_eq!(await_task(quick, Timeout::Ms(100)).await, 1);
        let slower = async_task(async {
            process::sleep(Timeout::Ms(400)).await;
            2
        });
        assert_eq!(slower.try_await(Timeout::Ms(60_000)).await, Ok(2));
        // And a re-armed timer still ends a wait that gets nothing.
        let never = async_task(async { process::sleep(Timeout::Infinity).await });
        let err = never.try_await(Timeout::Ms(50)).await.unwrap_err();
        assert!(err.is_timeout(), "{err:?}");
        assert_eq!(recv::<u8>(Timeout::Ms(50)).await, None);
    });
}

#[test]
fn a_task_started_by_an_owner_with_an_exit_pending_never_runs() {
    // An exit signal already taken but not yet acted on (the owner is still in
    // the poll that got it): a task and a start_link child are born with
    // their half of the relations made, find the owner exiting, undo it and
    // end (`:noproc`, as the child of a dead parent) without running. Their
    // bodies never end: without that, they would outlive the owner for good.
    run(async {
        let me = process::self_pid();
        let (owner, watched) = process::spawn_monitor(async move {
            process::exit(process::self_pid(), ExitReason::Shutdown);
            let task: Task<()> = async_task(std::future::pending());
            let Ok(child) = extask::task::start_link(std::future::pending::<()>());
            process::send(me, (task.pid, child));
            std::mem::forget(task);
            std::future::pending::<()>().await;
        });
        let (task, child): (Pid, Pid) = recv(LONG).await.expect("the pids");
        assert_eq!(common::down(watched).await.reason, ExitReason::Shutdown);
        for pid in [task, child] {
            let gone = tokio::time::timeout(std::time::Duration::from_secs(5), common::ended(pid));
            assert!(
                gone.await.is_ok(),
                "{pid:?} of the exiting {owner:?} runs on"
            );
        }
    });
}
