//! Links: Erlang's exit rules for every kind of reason, trapping and not.

mod common;

use common::{LONG, exit_from, exit_reason, recv, run};
use extask::inspect::Term;
use extask::messages::Exit;
use extask::{ExitReason, Timeout, process};

/// A process linked to a child that exits with `reason`; returns how the
/// parent (not trapping) ended, or `:survived`.
fn parent_of_child_exiting(reason: ExitReason) -> ExitReason {
    run(async move {
        let me = process::self_pid();
        let parent = process::spawn(async move {
            let child = process::spawn_link(async move {
                recv::<&str>(Timeout::Infinity).await;
                process::exit_self(reason).await;
            });
            process::send(me, child);
            process::sleep(Timeout::Infinity).await;
        });
        let child = recv::<extask::Pid>(LONG).await.unwrap();
        let (watch_child, watch_parent) = (process::monitor(child), process::monitor(parent));
        process::send(child, "go");
        common::down(watch_child).await;
        // Link signals are delivered before :DOWN messages, so the parent's
        // fate is sealed by now.
        if process::alive(parent) {
            process::exit(parent, ExitReason::Kill);
            ExitReason::atom("survived")
        } else {
            common::down(watch_parent).await.reason
        }
    })
}

#[test]
fn normal_exit_never_propagates() {
    assert_eq!(
        parent_of_child_exiting(ExitReason::Normal),
        ExitReason::atom("survived")
    );
}

#[test]
fn abnormal_reasons_kill_the_linked_process_with_the_same_reason() {
    for reason in [
        ExitReason::Shutdown,
        ExitReason::ShutdownWith(Term::from(1)),
        ExitReason::atom("bad"),
        ExitReason::Kill,
        ExitReason::panic("boom"),
    ] {
        assert_eq!(parent_of_child_exiting(reason.clone()), reason);
    }
}

#[test]
fn trapping_process_receives_every_reason_as_a_message() {
    run(async {
        process::trap_exit(true);
        for reason in [
            ExitReason::Normal,
            ExitReason::Shutdown,
            ExitReason::ShutdownWith(Term::atom("x")),
            ExitReason::Kill,
            ExitReason::atom("custom"),
        ] {
            let r = reason.clone();
            let pid = process::spawn_link(async move {
                process::exit_self(r).await;
            });
            let exit = exit_from(pid).await;
            assert_eq!(exit, Exit { from: pid, reason });
        }
    });
}

#[test]
fn kill_signal_cannot_be_trapped_and_arrives_as_killed() {
    run(async {
        let pid = process::spawn(async {
            process::trap_exit(true);
            process::sleep(Timeout::Infinity).await;
        });
        let r = process::monitor(pid);
        process::exit(pid, ExitReason::Kill);
        assert_eq!(common::down(r).await.reason, ExitReason::Killed);
    });
}

#[test]
fn killed_propagates_as_killed_and_exit_kill_as_kill() {
    run(async {
        process::trap_exit(true);
        let victim = process::spawn_link(async { process::sleep(Timeout::Infinity).await });
        process::exit(victim, ExitReason::Kill);
        assert_eq!(exit_from(victim).await.reason, ExitReason::Killed);
    });
}

#[test]
fn exit_signal_rules_for_another_process() {
    run(async {
        // :normal is ignored by a process that does not trap exits.
        let calm = process::spawn(async { process::sleep(Timeout::Infinity).await });
        process::exit(calm, ExitReason::Normal);
        let r = process::monitor(calm);
        process::exit(calm, ExitReason::atom("stop"));
        assert_eq!(common::down(r).await.reason, ExitReason::atom("stop"));

        // A trapping target gets {:EXIT, sender, reason}, :normal included.
        let me = process::self_pid();
        let trapper = process::spawn(async move {
            process::trap_exit(true);
            process::send(me, "ready");
            let a = recv::<Exit>(LONG).await.unwrap();
            let b = recv::<Exit>(LONG).await.unwrap();
            process::send(me, (a, b));
        });
        assert_eq!(recv::<&str>(LONG).await, Some("ready"));
        process::exit(trapper, ExitReason::Normal);
        process::exit(trapper, ExitReason::Shutdown);
        let (a, b) = recv::<(Exit, Exit)>(LONG).await.unwrap();
        assert_eq!(
            a,
            Exit {
                from: me,
                reason: ExitReason::Normal
            }
        );
        assert_eq!(
            b,
            Exit {
                from: me,
                reason: ExitReason::Shutdown
            }
        );
    });
}

#[test]
fn exit_self_normal_kills_the_caller() {
    run(async {
        let pid = process::spawn(async {
            process::exit(process::self_pid(), ExitReason::Normal);
            process::sleep(Timeout::Infinity).await;
        });
        assert_eq!(exit_reason(pid).await, ExitReason::Normal);
        assert!(!process::alive(pid));
    });
}

#[test]
fn unlink_stops_propagation_both_ways() {
    run(async {
        let me = process::self_pid();
        let parent = process::spawn(async move {
            let child = process::spawn_link(async { process::sleep(Timeout::Infinity).await });
            assert!(process::unlink(child));
            process::send(me, child);
            process::sleep(Timeout::Infinity).await;
        });
        let child = recv::<extask::Pid>(LONG).await.unwrap();
        let watch_parent = process::monitor(parent);
        let watch_child = process::monitor(child);
        process::exit(child, ExitReason::atom("bad"));
        assert_eq!(
            common::down(watch_child).await.reason,
            ExitReason::atom("bad")
        );
        // The parent survives its former child's crash.
        assert!(process::alive(parent));
        process::exit(parent, ExitReason::Kill);
        assert_eq!(common::down(watch_parent).await.reason, ExitReason::Killed);
    });
}

#[test]
fn link_to_a_dead_process_raises_noproc_unless_trapping() {
    run(async {
        let dead = process::spawn(async {});
        exit_reason(dead).await;
        let linker = process::spawn(async move {
            process::link(dead).await;
        });
        // Erlang raises an error: the reason is `{:noproc, stacktrace}`.
        assert_eq!(
            exit_reason(linker).await,
            ExitReason::Term(Term::tuple([Term::atom("noproc"), Term::list([])]))
        );

        process::trap_exit(true);
        assert!(process::link(dead).await);
        assert_eq!(exit_from(dead).await.reason, ExitReason::Noproc);
    });
}

#[test]
fn link_then_crash_kills_and_cascades() {
    run(async {
        // root -> a -> b -> c, c crashes: everyone up to a dies with c's reason.
        let me = process::self_pid();
        let a = process::spawn(async move {
            let b = process::spawn_link(async move {
                let c = process::spawn_link(async {
                    process::sleep(Timeout::Ms(50)).await;
                    panic!("deep");
                });
                process::send(me, c);
                process::sleep(Timeout::Infinity).await;
            });
            process::send(me, b);
            process::sleep(Timeout::Infinity).await;
        });
        let ra = process::monitor(a);
        let b = recv::<extask::Pid>(LONG).await.unwrap();
        let rb = process::monitor(b);
        assert_eq!(common::down(rb).await.reason, ExitReason::panic("deep"));
        assert_eq!(common::down(ra).await.reason, ExitReason::panic("deep"));
    });
}

#[test]
fn link_is_idempotent_and_self_link_does_nothing() {
    run(async {
        process::trap_exit(true);
        assert!(process::link(process::self_pid()).await);
        let pid = process::spawn(async { process::sleep(Timeout::Ms(100)).await });
        assert!(process::link(pid).await);
        assert!(process::link(pid).await);
        // One link, one {:EXIT, ...}.
        assert_eq!(exit_from(pid).await.reason, ExitReason::Normal);
        assert_eq!(recv::<Exit>(Timeout::Ms(200)).await, None);
    });
}
