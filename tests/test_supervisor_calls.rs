//! `Supervisor`'s management calls (`terminate_child`, `restart_child`,
//! `delete_child`), OTP's shutdown protocol, start failures and retried
//! restarts.

mod common;
#[path = "supervisor/workers.rs"]
mod workers;

use common::{LONG, child_exit, drain, exit_from, recv, run};
use extask::inspect::{Term, inspect};
use extask::messages::Exit;
use extask::supervisor::{ChildPid, ChildSpec, Options, Start, Strategy, Supervisor};
use extask::task::Shutdown;
use extask::{ExitReason, Timeout, process};
use workers::*;

/// A trapping child that ignores `:shutdown` for `ms`, and how it ends.
async fn stopped_with(shutdown: Shutdown, linger: u64) -> (ExitReason, Event) {
    let me = process::self_pid();
    let child = worker_with("w", me, OnStop::Linger(linger)).shutdown(shutdown);
    let sup = Supervisor::start_link(vec![child], Options::new(Strategy::OneForOne))
        .await
        .unwrap();
    events(1).await;
    let watch = process::monitor(pid_of(sup, "w").await);
    assert_eq!(sup.terminate_child(Term::atom("w")).await, Ok(()));
    // `terminate_child` returned: the child is dead already.
    let reason = recv::<extask::messages::Down>(Timeout::Ms(0))
        .await
        .filter(|d| d.r#ref == watch)
        .expect("dead when terminate_child returns")
        .reason;
    let told = recv::<Event>(Timeout::Ms(0)).await;
    sup.stop(ExitReason::Normal).await;
    (reason, told.unwrap_or(S("nothing")))
}

#[test]
fn the_shutdown_protocol_sends_shutdown_waits_then_kills() {
    run(async {
        let stop = |r| T("w", r);
        // `:brutal_kill`: killed at once, never told.
        let (reason, told) = stopped_with(Shutdown::BrutalKill, 0).await;
        assert_eq!((reason, told), (ExitReason::Killed, S("nothing")));
        // 200 ms and a child taking 1000: `:shutdown`, then `:kill`.
        let (reason, told) = stopped_with(Shutdown::from(200_u64), 1_000).await;
        assert_eq!(
            (reason, told),
            (ExitReason::Killed, stop(ExitReason::Shutdown))
        );
        // `:infinity`: waits for the child however long it takes.
        let (reason, told) = stopped_with(Shutdown::Timeout(Timeout::Infinity), 300).await;
        assert_eq!(
            (reason, told),
            (ExitReason::Shutdown, stop(ExitReason::Shutdown))
        );
    });
}

#[test]
fn children_always_get_shutdown_whatever_ends_the_supervisor() {
    run(async {
        process::trap_exit(true);
        let me = process::self_pid();
        let sup = Supervisor::start_link(abc(me), Options::new(Strategy::OneForOne))
            .await
            .unwrap();
        events(3).await;
        process::exit(sup.pid(), ExitReason::atom("custom"));
        let sh = ExitReason::Shutdown;
        assert_eq!(
            events(3).await,
            [T("c", sh.clone()), T("b", sh.clone()), T("a", sh)]
        );
        assert_eq!(
            exit_from(sup.pid()).await.reason,
            ExitReason::atom("custom")
        );
    });
}

#[test]
fn terminate_restart_and_delete_child_answer_as_elixir() {
    run(async {
        let me = process::self_pid();
        let sup = Supervisor::start_link(vec![worker("a", me)], Options::new(Strategy::OneForOne))
            .await
            .unwrap();
        events(1).await;
        let a = || Term::atom("a");
        let zz = || Term::atom("zz");
        assert_eq!(
            inspect(&sup.restart_child(zz()).await),
            "{:error, :not_found}"
        );
        assert_eq!(inspect(&sup.restart_child(a()).await), "{:error, :running}");
        assert_eq!(inspect(&sup.delete_child(a()).await), "{:error, :running}");
        assert_eq!(
            inspect(&sup.terminate_child(zz()).await),
            "{:error, :not_found}"
        );
        assert_eq!(sup.terminate_child(a()).await, Ok(()));
        assert_eq!(events(1).await, [T("a", ExitReason::Shutdown)]);
        assert_eq!(sup.terminate_child(a()).await, Ok(()));
        let listed = inspect(&sup.which_children().await);
        assert_eq!(listed, "[{:a, :undefined, :worker, [:erlang]}]");
        let restarted = sup.restart_child(a()).await.unwrap();
        assert_eq!(events(1).await, [S("a")]);
        assert_eq!(
            Some(restarted),
            sup.which_children().await[0].pid.pid().map(ChildPid::Pid)
        );
        sup.terminate_child(a()).await.unwrap();
        events(1).await;
        assert_eq!(sup.delete_child(a()).await, Ok(()));
        assert_eq!(
            inspect(&sup.delete_child(a()).await),
            "{:error, :not_found}"
        );
        assert_eq!(inspect(&sup.which_children().await), "[]");
        sup.stop(ExitReason::Normal).await;
    });
}

#[test]
fn restart_child_returns_the_start_error_unwrapped_and_ignore_as_undefined() {
    run(async {
        let outcomes = std::sync::Arc::new(std::sync::Mutex::new(vec![
            Start::Ignore,
            Start::Error(Term::atom("nope")),
            Start::Ignore,
        ]));
        let queue = outcomes.clone();
        let spec = ChildSpec::new(Term::atom("e"), move || {
            let next = queue.lock().unwrap().remove(0);
            async move { next }
        });
        let sup = Supervisor::start_link(vec![spec], Options::new(Strategy::OneForOne))
            .await
            .unwrap();
        let e = || Term::atom("e");
        assert_eq!(
            inspect(&sup.which_children().await),
            "[{:e, :undefined, :worker, [:erlang]}]"
        );
        assert_eq!(inspect(&sup.restart_child(e()).await), "{:error, :nope}");
        assert_eq!(inspect(&sup.restart_child(e()).await), "{:ok, :undefined}");
        sup.stop(ExitReason::Normal).await;
    });
}

#[test]
fn a_failed_start_stops_the_started_children_and_the_supervisor() {
    run(async {
        process::trap_exit(true);
        let me = process::self_pid();
        let bad = ChildSpec::new(Term::atom("b"), || async {
            Start::Error(Term::atom("bad"))
        });
        let children = vec![worker("a", me), bad, worker("c", me)];
        let err = Supervisor::start_link(children, Options::new(Strategy::OneForOne))
            .await
            .unwrap_err();
        assert_eq!(
            inspect(&err),
            "{:shutdown, {:failed_to_start_child, :b, :bad}}"
        );
        assert_eq!(events(2).await, [S("a"), T("a", ExitReason::Shutdown)]);
        let exit = recv::<Exit>(Timeout::Ms(0))
            .await
            .expect("the supervisor's exit is queued");
        assert_eq!(exit.reason, err.exit_reason());
        assert_eq!(
            recv::<Event>(Timeout::Ms(0)).await,
            None,
            ":c never started"
        );
    });
}

#[test]
fn a_failed_start_kills_a_non_trapping_caller_before_it_sees_the_error() {
    run(async {
        let me = process::self_pid();
        let reason = child_exit(async move {
            let bad = ChildSpec::new(Term::atom("b"), || async {
                Start::Error(Term::atom("bad"))
            });
            let got = Supervisor::start_link(vec![bad], Options::new(Strategy::OneForOne)).await;
            process::send(me, format!("saw {got:?}"));
        })
        .await;
        assert_eq!(
            inspect(&reason),
            "{:shutdown, {:failed_to_start_child, :b, :bad}}"
        );
        assert_eq!(drain().await, Vec::<String>::new());
    });
}

#[test]
fn a_panicking_start_function_is_an_exit_start_error() {
    run(async {
        process::trap_exit(true);
        common::quiet_deliberate_panics();
        let p = ChildSpec::new(Term::atom("p"), || async {
            panic!("{}", common::DELIBERATE)
        });
        let err = Supervisor::start_link(vec![p], Options::new(Strategy::OneForOne))
            .await
            .unwrap_err();
        assert_eq!(
            inspect(&err),
            format!(
                "{{:shutdown, {{:failed_to_start_child, :p, {{:EXIT, {{%RuntimeError{{message: \"{}\"}}, []}}}}}}}}",
                common::DELIBERATE
            )
        );
    });
}

#[test]
fn duplicate_ids_are_refused() {
    run(async {
        process::trap_exit(true);
        let me = process::self_pid();
        let children = vec![worker("a", me), worker("a", me)];
        let err = Supervisor::start_link(children, Options::new(Strategy::OneForOne))
            .await
            .unwrap_err();
        assert_eq!(
            format!("{err:?}"),
            "{:error, {:start_spec, {:duplicate_child_name, :a}}}"
        );
        assert_eq!(recv::<Event>(Timeout::Ms(0)).await, None, "nothing started");
    });
}

#[test]
fn a_failed_restart_is_retried_and_every_attempt_counts() {
    run(async {
        process::trap_exit(true);
        let me = process::self_pid();
        let first = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
        let flaky = ChildSpec::new(Term::atom("f"), move || {
            let first = first.swap(false, std::sync::atomic::Ordering::SeqCst);
            async move {
                if first {
                    let pid = process::spawn_link(process::sleep(Timeout::Infinity));
                    Start::Ok(pid)
                } else {
                    process::send(me, "attempt");
                    Start::Error(Term::atom("nope"))
                }
            }
        });
        let sup = Supervisor::start_link(vec![flaky], Options::new(Strategy::OneForOne))
            .await
            .unwrap();
        let pid = pid_of(sup, "f").await;
        process::exit(pid, ExitReason::Kill);
        for _ in 0..3 {
            assert_eq!(recv::<&str>(LONG).await, Some("attempt"));
        }
        assert_eq!(exit_from(sup.pid()).await.reason, ExitReason::Shutdown);
        assert_eq!(recv::<&str>(Timeout::Ms(0)).await, None);
    });
}

#[test]
fn a_supervisor_killed_while_starting_answers_its_exit_reason() {
    run(async {
        process::trap_exit(true);
        // The start function kills its own supervisor.
        let suicidal = ChildSpec::new(Term::atom("k"), || async {
            process::exit(process::self_pid(), ExitReason::Kill);
            process::sleep(Timeout::Infinity).await;
            Start::Ignore
        });
        let err = Supervisor::start_link(vec![suicidal], Options::new(Strategy::OneForOne))
            .await
            .unwrap_err();
        assert_eq!(format!("{err:?}"), "{:error, :killed}");
        let exit = recv::<Exit>(LONG).await.expect("its link's exit");
        assert_eq!(exit.reason, ExitReason::Killed);
    });
}
