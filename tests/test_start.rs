//! `Task.start_link` and `Task.start`: `{:ok, pid}`, results discarded.

mod common;

use common::{LONG, drain, exit_from, exit_reason, recv, run};
use extask::task::{start, start_link};
use extask::{ExitReason, Pid, Timeout, process};

#[test]
fn start_link_returns_ok_pid_and_its_result_never_arrives() {
    run(async {
        let Ok(pid) = start_link(async {
            process::sleep(Timeout::Ms(20)).await;
            "blah"
        });
        assert_eq!(format!("{:?}", Ok::<Pid, ()>(pid)), format!("Ok({pid:?})"));
        assert_eq!(
            extask::inspect::inspect(&Ok::<Pid, ()>(pid)),
            format!("{{:ok, {pid:?}}}")
        );
        assert_eq!(exit_reason(pid).await, ExitReason::Normal);
        assert_eq!(drain().await, Vec::<String>::new());
    });
}

#[test]
fn trapping_caller_of_start_link_gets_only_the_exit_message() {
    run(async {
        process::trap_exit(true);
        let Ok(pid) = start_link(async { "blah" });
        assert_eq!(exit_from(pid).await.reason, ExitReason::Normal);
        assert_eq!(drain().await, Vec::<String>::new());
    });
}

#[test]
fn start_link_crash_kills_the_caller_and_caller_crash_kills_it() {
    run(async {
        let caller = process::spawn(async {
            let Ok(_) = start_link(async {
                process::exit_self(ExitReason::Shutdown).await;
            });
            process::sleep(Timeout::Infinity).await;
        });
        assert_eq!(exit_reason(caller).await, ExitReason::Shutdown);

        let me = process::self_pid();
        let caller = process::spawn(async move {
            let Ok(pid) = start_link(async { process::sleep(Timeout::Infinity).await });
            process::send(me, pid);
            recv::<&str>(Timeout::Infinity).await;
            process::exit_self(ExitReason::atom("bye")).await;
        });
        let task = recv::<Pid>(LONG).await.unwrap();
        let watch = process::monitor(task);
        process::send(caller, "go");
        assert_eq!(common::down(watch).await.reason, ExitReason::atom("bye"));
    });
}

#[test]
fn killed_start_link_task_kills_the_caller_with_killed() {
    run(async {
        let me = process::self_pid();
        let caller = process::spawn(async move {
            let Ok(pid) = start_link(async { process::sleep(Timeout::Infinity).await });
            process::send(me, pid);
            process::sleep(Timeout::Infinity).await;
        });
        let watch = process::monitor(caller);
        let task = recv::<Pid>(LONG).await.unwrap();
        process::exit(task, ExitReason::Kill);
        assert_eq!(common::down(watch).await.reason, ExitReason::Killed);
    });
}

#[test]
fn start_is_unlinked_its_crash_affects_nobody() {
    run(async {
        let Ok(pid) = start(async {
            process::sleep(Timeout::Ms(20)).await;
            panic!("alone");
        });
        assert_eq!(exit_reason(pid).await, ExitReason::panic("alone"));
        assert!(process::alive(process::self_pid()));
        assert_eq!(drain().await, Vec::<String>::new());
    });
}
