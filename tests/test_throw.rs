//! Kernel's `throw/1` (`process::throw`): an uncaught throw ends a process
//! with `{{:nocatch, value}, stacktrace}`, which links, monitors and
//! `Task.await` pass on as Elixir does; and panic payloads the runtime knows
//! keep their value in the exit reason.

mod common;

use common::{LONG, child_exit, exit_from, run};
use extask::inspect::{Atom, Term, inspect};
use extask::process::{self, Thrown};
use extask::task::async_task;
use extask::{Exception, ExitReason, Timeout};

#[test]
fn an_uncaught_throw_ends_the_process_with_nocatch() {
    run(async {
        let reason = child_exit(async { process::throw(Atom::new("ball")) }).await;
        assert_eq!(reason, ExitReason::thrown(Term::of(&Atom::new("ball"))));
        assert_eq!(inspect(&reason), "{{:nocatch, :ball}, []}");
        assert!(reason.is_crash());
        assert_eq!(
            reason.to_string(),
            "an exception was raised:\n    ** (ErlangError) Erlang error: {:nocatch, :ball}"
        );
    });
}

#[test]
fn any_inspect_value_can_be_thrown() {
    run(async {
        let reason = child_exit(async { process::throw((Atom::new("some"), "value")) }).await;
        assert_eq!(inspect(&reason), r#"{{:nocatch, {:some, "value"}}, []}"#);
    });
}

#[test]
fn awaiting_a_task_that_threw_exits_with_the_wrapped_nocatch() {
    run(async {
        process::trap_exit(true);
        let task = async_task(async { process::throw::<Atom>(Atom::new("task_ball")) });
        let (pid, tref) = (task.pid, task.r#ref);
        let reason = task.try_await(Timeout::DEFAULT).await.unwrap_err();
        let ExitReason::Call(call) = &reason else {
            panic!("not a call exit: {reason:?}");
        };
        assert_eq!(
            call.reason,
            ExitReason::thrown(Term::of(&Atom::new("task_ball")))
        );
        assert_eq!(
            inspect(&reason),
            format!(
                "{{{{{{:nocatch, :task_ball}}, []}}, {{Task, :await, [%Task{{mfa: {{:erlang, :apply, 2}}, \
                 owner: {:?}, pid: {pid:?}, ref: {tref:?}}}, 5000]}}}}",
                process::self_pid()
            )
        );
        let exit = exit_from(pid).await;
        assert_eq!(
            exit.reason,
            ExitReason::thrown(Term::of(&Atom::new("task_ball")))
        );
    });
}

#[test]
fn a_trapping_linked_process_receives_the_exit() {
    run(async {
        process::trap_exit(true);
        let pid = process::spawn_link(async { process::throw(Atom::new("linked")) });
        let exit = exit_from(pid).await;
        assert_eq!(
            inspect(&exit),
            format!("{{:EXIT, {pid:?}, {{{{:nocatch, :linked}}, []}}}}")
        );
    });
}

#[test]
fn a_throw_can_be_caught_as_a_thrown_payload() {
    let caught = std::panic::catch_unwind(|| process::throw(7_i64)).expect_err("it unwinds");
    let Thrown(value) = caught.downcast_ref::<Thrown>().expect("a Thrown payload");
    assert_eq!(value, &Term::of(&7_i64));
    assert_eq!(inspect(value), "7");
}

#[test]
fn term_and_exception_payloads_keep_their_value() {
    run(async {
        let reason = child_exit(async {
            std::panic::panic_any(Term::tuple([Term::atom("custom"), Term::Int(1)]))
        })
        .await;
        assert_eq!(inspect(&reason), "{{:custom, 1}, []}");
        let reason = child_exit(async {
            std::panic::panic_any(Exception {
                module: "ArgumentError",
                message: "bad".into(),
            })
        })
        .await;
        assert_eq!(reason, ExitReason::argument_error("bad"));
        let reason = child_exit(async { std::panic::panic_any(5_u8) }).await;
        assert_eq!(reason, ExitReason::panic("panic with a non-string payload"));
    });
}

#[test]
fn a_root_that_throws_reports_it_as_a_script_does() {
    let panic = std::panic::catch_unwind(|| run(async { process::throw(Atom::new("ball")) }))
        .expect_err("the root exited");
    let text = panic.downcast_ref::<String>().expect("a message");
    assert!(text.ends_with("** (throw) :ball"), "{text}");
    let _ = LONG;
}
