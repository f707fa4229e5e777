//! `Task.yield/2`, `Task.ignore/1` and `Task.completed/1`: results, `nil`,
//! the owner check, and what each leaves in the mailbox.

mod common;

use common::{LONG, after, child_exit, drain, exit_after, exit_reason, recv, run};
use extask::inspect::inspect;
use extask::task::{
    Shutdown, async_task, await_many, await_task, completed, ignore, shutdown, yield_task,
};
use extask::{ExitReason, Pid, Task, TaskResult, Timeout, process};

#[test]
fn yield_gives_nil_then_the_value_then_nil_again() {
    run(async {
        let task = async_task(after(400, "slow"));
        assert_eq!(yield_task(&task, Timeout::Ms(100)).await, None);
        assert!(process::alive(task.pid));
        let got = yield_task(&task, Timeout::Ms(2_000)).await;
        assert_eq!(inspect(&got), r#"{:ok, "slow"}"#);
        assert_eq!(yield_task(&task, Timeout::Ms(100)).await, None);
        assert_eq!(drain().await, Vec::<String>::new());
    });
}

#[test]
fn after_a_nil_yield_the_reply_and_the_down_still_arrive() {
    run(async {
        let task = async_task(after(300, "late"));
        assert_eq!(yield_task(&task, Timeout::Ms(50)).await, None);
        let down = common::down(task.r#ref).await;
        assert_eq!(down.reason, ExitReason::Normal);
        assert_eq!(
            drain().await,
            vec![format!("{{{:?}, \"late\"}}", task.r#ref)]
        );
    });
}

#[test]
fn yield_zero_takes_a_queued_reply_and_is_nil_otherwise() {
    run(async {
        let task = async_task(async { "ready" });
        common::ended(task.pid).await;
        assert_eq!(
            yield_task(&task, Timeout::Ms(0)).await,
            Some(TaskResult::Ok("ready"))
        );
        let slow = async_task(after(5_000, "x"));
        assert_eq!(yield_task(&slow, Timeout::Ms(0)).await, None);
        assert_eq!(shutdown(slow, Shutdown::BrutalKill).await, None);
        assert_eq!(drain().await, Vec::<String>::new());
    });
}

#[test]
fn a_task_exiting_normal_yields_exit_normal_without_trapping() {
    run(async {
        let task: Task<()> = async_task(exit_after(100, ExitReason::Normal));
        let got = yield_task(&task, LONG).await;
        assert_eq!(inspect(&got), "{:exit, :normal}");
        assert_eq!(drain().await, Vec::<String>::new());
    });
}

#[test]
fn a_trapping_caller_yields_the_crash_and_keeps_the_exit_message() {
    run(async {
        process::trap_exit(true);
        let task: Task<()> = async_task(exit_after(100, ExitReason::atom("boom")));
        let pid = task.pid;
        assert_eq!(inspect(&yield_task(&task, LONG).await), "{:exit, :boom}");
        assert_eq!(drain().await, vec![format!("{{:EXIT, {pid:?}, :boom}}")]);

        let task: Task<()> = async_task(async {
            process::sleep(Timeout::Ms(100)).await;
            panic!("boom");
        });
        let got = yield_task(&task, LONG).await;
        assert_eq!(
            inspect(&got),
            r#"{:exit, {%RuntimeError{message: "boom"}, []}}"#
        );
        assert_eq!(yield_task(&task, Timeout::Ms(100)).await, None);
    });
}

#[test]
fn a_non_trapping_caller_dies_of_the_crash_before_yield_sees_it() {
    run(async {
        let reason = child_exit(async {
            let task: Task<()> = async_task(exit_after(50, ExitReason::atom("bad")));
            yield_task(&task, LONG).await;
        })
        .await;
        assert_eq!(reason, ExitReason::atom("bad"));
    });
}

#[test]
fn yield_from_another_process_fails_the_owner_check_and_touches_nothing() {
    run(async {
        let task = async_task(async { 1 });
        let text = inspect(&task);
        common::ended(task.pid).await;
        let me = process::self_pid();
        let other = process::spawn(async move {
            let err = task.try_yield(LONG).await.unwrap_err();
            process::send(me, (process::self_pid(), err, task));
        });
        let (from, err, task) = recv::<(Pid, ExitReason, Task<i32>)>(LONG).await.unwrap();
        assert_eq!(from, other);
        let expected =
            format!("task {text} must be queried from the owner but was queried from {other:?}");
        assert_eq!(err, ExitReason::argument_error(expected));
        // The reply is still there for the owner.
        assert_eq!(await_task(task, Timeout::Ms(0)).await, 1);
    });
}

#[test]
fn the_owner_check_makes_a_non_owner_exit() {
    run(async {
        let task = async_task(after(200, 1));
        let text = inspect(&task);
        let (pid, r) = process::spawn_monitor(async move {
            yield_task(&task, LONG).await;
        });
        let reason = common::down(r).await.reason;
        let expected =
            format!("task {text} must be queried from the owner but was queried from {pid:?}");
        assert_eq!(reason, ExitReason::argument_error(expected));
    });
}

#[test]
fn ignore_unlinks_so_a_crash_no_longer_reaches_the_caller() {
    run(async {
        let task: Task<&str> = async_task(exit_after(300, ExitReason::atom("bad")));
        let watch = process::monitor(task.pid);
        assert_eq!(ignore(task).await, None);
        // Still alive to see the task's :DOWN: the crash did not come here.
        assert_eq!(common::down(watch).await.reason, ExitReason::atom("bad"));
        assert_eq!(drain().await, Vec::<String>::new());
    });
}

#[test]
fn ignore_drops_the_late_reply_and_the_down() {
    run(async {
        process::trap_exit(true);
        let task = async_task(after(300, "dropped"));
        let pid = task.pid;
        assert_eq!(ignore(task).await, None);
        assert!(process::alive(pid));
        assert_eq!(exit_reason(pid).await, ExitReason::Normal);
        // No reply, no :DOWN, and (unlinked) no {:EXIT, ..} either.
        assert_eq!(drain().await, Vec::<String>::new());
    });
}

#[test]
fn ignore_unlinks_so_the_callers_crash_no_longer_kills_the_task() {
    run(async {
        let me = process::self_pid();
        let (_caller, watch_caller) = process::spawn_monitor(async move {
            let task = async_task(after(300, ()));
            process::send(me, task.pid);
            assert_eq!(ignore(task).await, None);
            process::exit_self(ExitReason::atom("crash")).await;
        });
        let task_pid = recv::<Pid>(LONG).await.unwrap();
        let watch = process::monitor(task_pid);
        assert_eq!(
            common::down(watch_caller).await.reason,
            ExitReason::atom("crash")
        );
        assert_eq!(common::down(watch).await.reason, ExitReason::Normal);
    });
}

#[test]
fn ignore_returns_what_is_already_there() {
    run(async {
        let task = async_task(async { "early" });
        common::ended(task.pid).await;
        assert_eq!(inspect(&ignore(task).await), r#"{:ok, "early"}"#);
        let task: Task<()> = async_task(exit_after(0, ExitReason::Normal));
        common::ended(task.pid).await;
        assert_eq!(inspect(&ignore(task).await), "{:exit, :normal}");
        assert_eq!(drain().await, Vec::<String>::new());
    });
}

#[test]
fn completed_tasks_print_with_pid_nil_and_hold_their_reply() {
    run(async {
        let task = completed("42");
        assert_eq!(task.pid, Pid::NIL);
        assert_eq!(
            inspect(&task),
            format!(
                "%Task{{mfa: {{Task, :completed, 1}}, owner: {:?}, pid: nil, ref: {:?}}}",
                process::self_pid(),
                task.r#ref
            )
        );
        assert_eq!(drain().await, vec![format!("{{{:?}, \"42\"}}", task.r#ref)]);

        let task = completed("42");
        assert_eq!(await_task(task, Timeout::Ms(0)).await, "42");
        let task = completed("y");
        assert_eq!(
            inspect(&yield_task(&task, Timeout::Ms(0)).await),
            r#"{:ok, "y"}"#
        );
        assert_eq!(yield_task(&task, Timeout::Ms(0)).await, None);
        let mixed = vec![completed(1), async_task(after(50, 2)), completed(3)];
        assert_eq!(await_many(mixed, LONG).await, vec![1, 2, 3]);
        assert_eq!(drain().await, Vec::<String>::new());
    });
}

#[test]
fn completed_tasks_cannot_be_shut_down_or_ignored() {
    run(async {
        let task = completed("kept");
        let (text, r) = (inspect(&task), task.r#ref);
        let err = task.try_shutdown(Shutdown::default()).await.unwrap_err();
        let expected = format!("task {text} does not have an associated task process");
        assert_eq!(err, ExitReason::argument_error(expected));
        // shutdown fails before touching the mailbox.
        assert_eq!(drain().await, vec![format!("{{{r:?}, \"kept\"}}")]);

        let task = completed("lost");
        let err = task.try_ignore().await.unwrap_err();
        // Elixir 1.14's `Process.unlink(nil)`: an Erlang `badarg`.
        assert_eq!(format!("{err:?}"), "{:badarg, []}");
        // As in Elixir 1.14, ignore consumed the stored reply before failing.
        assert_eq!(drain().await, Vec::<String>::new());

        let reason = child_exit(async {
            shutdown(completed(1), Shutdown::BrutalKill).await;
        })
        .await;
        assert!(matches!(reason, ExitReason::Exception(e) if e.module == "ArgumentError"));
    });
}
