//! `Supervisor`: start order and reverse stop order, the three strategies,
//! restart types, restart intensity, nesting. The management calls, the
//! shutdown protocol and start failures: `test_supervisor_calls.rs`; child
//! specs: `test_child_specs.rs`.

mod common;
#[path = "supervisor/workers.rs"]
mod workers;

use common::{LONG, child_exit, drain, exit_from, recv, run};
use extask::inspect::{Term, inspect};
use extask::supervisor::{Options, Restart, Strategy, Supervisor};
use extask::{ExitReason, Timeout, process};
use workers::*;

#[test]
fn children_start_in_order_are_listed_reversed_and_stop_in_reverse() {
    run(async {
        let me = process::self_pid();
        let sup = Supervisor::start_link(abc(me), Options::new(Strategy::OneForOne))
            .await
            .unwrap();
        assert_eq!(events(3).await, [S("a"), S("b"), S("c")]);
        let ids: Vec<String> = sup
            .which_children()
            .await
            .iter()
            .map(|c| inspect(&c.id))
            .collect();
        assert_eq!(ids, [":c", ":b", ":a"]);
        let a = pid_of(sup, "a").await;
        let listed = inspect(&sup.which_children().await[2]);
        assert_eq!(listed, format!("{{:a, {a:?}, :worker, [:erlang]}}"));
        assert_eq!(
            inspect(&sup.count_children().await),
            "%{active: 3, specs: 3, supervisors: 0, workers: 3}"
        );
        sup.stop(ExitReason::Normal).await;
        let shutdown = ExitReason::Shutdown;
        assert_eq!(
            events(3).await,
            [
                T("c", shutdown.clone()),
                T("b", shutdown.clone()),
                T("a", shutdown)
            ]
        );
        assert!(!process::alive(sup.pid()));
    });
}

#[test]
fn each_strategy_restarts_what_elixir_restarts() {
    run(async {
        let me = process::self_pid();
        let sh = || ExitReason::Shutdown;
        let cases = [
            (Strategy::OneForOne, vec![S("b")]),
            (
                Strategy::OneForAll,
                vec![T("c", sh()), T("a", sh()), S("a"), S("b"), S("c")],
            ),
            (Strategy::RestForOne, vec![T("c", sh()), S("b"), S("c")]),
        ];
        for (strategy, expected) in cases {
            let sup = Supervisor::start_link(abc(me), Options::new(strategy))
                .await
                .unwrap();
            events(3).await;
            let before = pid_of(sup, "b").await;
            crash(sup, "b", ExitReason::atom("boom")).await;
            assert_eq!(events(expected.len()).await, expected, "{strategy:?}");
            // Restarted: new pids, same ids and positions.
            let ids: Vec<String> = sup
                .which_children()
                .await
                .iter()
                .map(|c| inspect(&c.id))
                .collect();
            assert_eq!(ids, [":c", ":b", ":a"]);
            assert_ne!(pid_of(sup, "b").await, before);
            sup.stop(ExitReason::Normal).await;
            events(3).await;
        }
        assert_eq!(drain().await, Vec::<String>::new());
    });
}

#[test]
fn restart_types_follow_elixirs_abnormal_reason_rule() {
    run(async {
        let me = process::self_pid();
        let reasons = [
            ExitReason::Normal,
            ExitReason::Shutdown,
            ExitReason::ShutdownWith(Term::atom("x")),
            ExitReason::atom("boom"),
            ExitReason::Kill,
        ];
        for reason in reasons {
            for restart in [Restart::Permanent, Restart::Transient, Restart::Temporary] {
                let child = worker("c", me).restart(restart);
                let sup = Supervisor::start_link(vec![child], Options::new(Strategy::OneForOne))
                    .await
                    .unwrap();
                events(1).await;
                crash(sup, "c", reason.clone()).await;
                let listed = inspect(&sup.which_children().await);
                let restarted = match restart {
                    Restart::Permanent => true,
                    Restart::Transient => !reason.is_orderly(),
                    Restart::Temporary => false,
                };
                let what = format!("{restart:?} after {reason:?}");
                if restarted {
                    assert_eq!(events(1).await, [S("c")], "{what}");
                    assert!(listed.starts_with("[{:c, #PID<"), "{what}: {listed}");
                } else if restart == Restart::Transient {
                    assert_eq!(listed, "[{:c, :undefined, :worker, [:erlang]}]", "{what}");
                    let counts = inspect(&sup.count_children().await);
                    assert_eq!(counts, "%{active: 0, specs: 1, supervisors: 0, workers: 1}");
                } else {
                    assert_eq!(listed, "[]", "{what}");
                }
                sup.stop(ExitReason::Normal).await;
                while recv::<Event>(Timeout::Ms(0)).await.is_some() {}
            }
        }
    });
}

#[test]
fn restart_intensity_gives_up_with_shutdown_after_max_restarts() {
    run(async {
        process::trap_exit(true);
        let me = process::self_pid();
        for (max, runs) in [(0, 1), (1, 2), (3, 4)] {
            let opts = Options::new(Strategy::OneForOne).max_restarts(max);
            let sup = Supervisor::start_link(vec![worker("c", me)], opts)
                .await
                .unwrap();
            let mut seen = 0;
            loop {
                assert_eq!(recv::<Event>(LONG).await, Some(S("c")));
                seen += 1;
                let watch = process::monitor(sup.pid());
                let pid = pid_of(sup, "c").await;
                let child = process::monitor(pid);
                process::send(pid, Crash(ExitReason::atom("boom")));
                common::down(child).await;
                if seen == runs {
                    assert_eq!(common::down(watch).await.reason, ExitReason::Shutdown);
                    break;
                }
                process::demonitor(watch);
            }
            assert_eq!(exit_from(sup.pid()).await.reason, ExitReason::Shutdown);
            assert_eq!(
                recv::<Event>(Timeout::Ms(0)).await,
                None,
                "max_restarts {max}"
            );
        }
    });
}

#[test]
fn supervisors_nest_as_supervisor_children_with_shutdown_infinity() {
    run(async {
        let me = process::self_pid();
        let inner = Supervisor::spec(
            Term::atom("inner"),
            move || vec![worker("a", me), worker("b", me)],
            Options::new(Strategy::OneForOne),
        );
        assert!(inspect(&inner).ends_with("type: :supervisor}"));
        let sup = Supervisor::start_link(
            vec![inner, worker("c", me)],
            Options::new(Strategy::OneForOne),
        )
        .await
        .unwrap();
        assert_eq!(events(3).await, [S("a"), S("b"), S("c")]);
        let listed = inspect(&sup.which_children().await[1]);
        let inner_pid = pid_of(sup, "inner").await;
        assert_eq!(
            listed,
            format!("{{:inner, {inner_pid:?}, :supervisor, [Supervisor]}}")
        );
        assert_eq!(
            inspect(&sup.count_children().await),
            "%{active: 2, specs: 2, supervisors: 1, workers: 1}"
        );
        sup.stop(ExitReason::Normal).await;
        let sh = ExitReason::Shutdown;
        assert_eq!(
            events(3).await,
            [T("c", sh.clone()), T("b", sh.clone()), T("a", sh)]
        );
        assert!(!process::alive(inner_pid));
    });
}

#[test]
fn calls_to_a_gone_supervisor_exit_with_noproc() {
    run(async {
        let sup = Supervisor::start_link(vec![], Options::new(Strategy::OneForOne))
            .await
            .unwrap();
        sup.stop(ExitReason::Normal).await;
        let reason = child_exit(async move {
            sup.which_children().await;
        })
        .await;
        assert_eq!(
            inspect(&reason),
            format!(
                "{{:noproc, {{GenServer, :call, [{:?}, :which_children, :infinity]}}}}",
                sup.pid()
            )
        );
        let reason = child_exit(async move { sup.stop(ExitReason::Normal).await }).await;
        assert_eq!(
            inspect(&reason),
            format!(
                "{{:noproc, {{GenServer, :stop, [{:?}, :normal, :infinity]}}}}",
                sup.pid()
            )
        );
    });
}

#[test]
fn stopping_some_children_removes_only_their_temporary_specs() {
    run(async {
        let me = process::self_pid();
        let temporary = |id| worker(id, me).restart(Restart::Temporary);
        let children = vec![temporary("a"), temporary("b"), temporary("c")];
        let sup = Supervisor::start_link(children, Options::new(Strategy::RestForOne))
            .await
            .unwrap();
        events(3).await;
        sup.terminate_child(Term::atom("b")).await.unwrap();
        assert_eq!(events(1).await, [T("b", ExitReason::Shutdown)]);
        let ids: Vec<String> = sup
            .which_children()
            .await
            .iter()
            .map(|c| inspect(&c.id))
            .collect();
        assert_eq!(ids, [":c", ":a"]);
        sup.stop(ExitReason::Normal).await;
    });
}
