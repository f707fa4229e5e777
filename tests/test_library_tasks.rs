//! A library author's task: `supervisor::async_nolink` under the runtime's
//! default supervisor (its crash is the caller's `Err`, in and outside a
//! process), and the questions code asks of that `Err` (`ExitReason`'s
//! `is_crash`, `panic_message`, `root_cause`).

mod common;

use common::{DELIBERATE, LONG, after, drain, quiet_deliberate_panics, run};
use extask::supervisor::{TaskSupervisor, async_nolink};
use extask::{ExitReason, Pid, Task, Timeout, process, task};

async fn crashing(message: &'static str) -> Task<u32> {
    async_nolink(async move { panic!("{DELIBERATE}: {message}") }).await
}

#[test]
fn a_crash_comes_back_as_err_and_the_caller_lives_on() {
    quiet_deliberate_panics();
    run(async {
        let me = process::self_pid();
        let t = crashing("in a process").await;
        assert_eq!(t.owner, me);
        let err = t.try_await(LONG).await.unwrap_err();
        assert!(err.is_crash(), "{err:?}");
        let message = format!("{DELIBERATE}: in a process");
        assert_eq!(err.panic_message(), Some(message.as_str()));
        assert_eq!(err.root_cause(), &ExitReason::panic(message.clone()));
        // Not linked: no exit signal came, so the caller still runs, and
        // nothing of the task is left in its mailbox.
        assert!(process::alive(me));
        assert_eq!(drain().await, Vec::<String>::new());
    });
}

#[test]
fn the_task_is_a_child_of_the_runtime_default_supervisor() {
    run(async {
        let sup = TaskSupervisor::runtime_default();
        let t = async_nolink(after(300, 7_u32)).await;
        assert!(sup.children().await.contains(&t.pid));
        assert_eq!(t.try_await(LONG).await, Ok(7));
        assert_eq!(TaskSupervisor::runtime_default(), sup);
    });
}

#[tokio::test]
async fn outside_any_process_a_crash_is_an_err_too() {
    quiet_deliberate_panics();
    assert_eq!(process::try_self_pid(), None);
    let ok = async_nolink(async { 40 + 2 }).await;
    assert_eq!(ok.try_await(LONG).await, Ok(42));
    let err = crashing("outside").await.try_await(LONG).await.unwrap_err();
    assert_eq!(
        err.panic_message(),
        Some(format!("{DELIBERATE}: outside").as_str())
    );
}

#[test]
fn each_tokio_runtime_has_its_own_default_which_dies_with_it() {
    let first = std::thread::spawn(|| {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async { TaskSupervisor::runtime_default().pid() })
    })
    .join()
    .unwrap();
    // That runtime is gone, and its supervisor with it.
    assert!(!process::alive(first));
    let second: Pid = run(async {
        let sup = TaskSupervisor::runtime_default();
        let t = async_nolink(async { "runs" }).await;
        assert_eq!(t.try_await(LONG).await, Ok("runs"));
        sup.pid()
    });
    assert_ne!(first, second);
}

#[test]
fn the_root_cause_is_under_every_await_exit() {
    quiet_deliberate_panics();
    run(async {
        // The outer task awaits a crashing inner one, and exits with
        // `{inner_reason, {Task, :await, ..}}`; the caller's `Err` wraps that
        // once more.
        let outer = async_nolink(async {
            let inner = crashing("deep").await;
            task::await_task(inner, LONG).await
        })
        .await;
        let err = outer.try_await(LONG).await.unwrap_err();
        let ExitReason::Call(call) = &err else {
            panic!("an await exit: {err:?}")
        };
        assert!(matches!(call.reason, ExitReason::Call(_)), "{err:?}");
        let deep = format!("{DELIBERATE}: deep");
        assert_eq!(err.root_cause(), &ExitReason::panic(deep.clone()));
        assert_eq!(err.panic_message(), Some(deep.as_str()));
        assert!(err.is_crash());
    });
}

#[test]
fn a_timeout_or_a_shutdown_is_no_crash() {
    run(async {
        let slow = async_nolink(after(2_000, ())).await;
        let err = slow.try_await(Timeout::Ms(20)).await.unwrap_err();
        assert!(err.is_timeout() && !err.is_crash(), "{err:?}");
        assert_eq!(err.panic_message(), None);
        let stopped = async_nolink(common::exit_after::<()>(10, ExitReason::Shutdown)).await;
        let err = stopped.try_await(LONG).await.unwrap_err();
        assert_eq!(err.root_cause(), &ExitReason::Shutdown);
        assert!(!err.is_crash());
        let bad = async_nolink(common::exit_after::<()>(10, ExitReason::atom("bad"))).await;
        assert!(bad.try_await(LONG).await.unwrap_err().is_crash());
    });
}
