//! `Supervisor`: start order and reverse stop order, the three strategies,
//! restart types, restart intensity, the shutdown protocol, the management
//! calls, start failures, nesting. Child specs: `test_child_specs.rs`.

mod common;

use common::{LONG, child_exit, drain, exit_from, recv, run};
use extask::inspect::{Term, inspect};
use extask::messages::{Exit, take};
use extask::supervisor::{ChildPid, ChildSpec, Options, Restart, Start, Strategy, Supervisor};
use extask::task::Shutdown;
use extask::{ExitReason, Pid, Timeout, process};

/// What the workers tell the test process.
#[derive(Clone, Debug, PartialEq)]
enum Event {
    Start(&'static str),
    Stop(&'static str, ExitReason),
}

/// Tells a worker to exit with this reason.
struct Crash(ExitReason);

/// What a worker does when its supervisor tells it to stop.
#[derive(Clone, Copy)]
enum OnStop {
    /// Exit at once with the reason (after telling the test).
    Exit,
    /// Take this long first.
    Linger(u64),
}

enum In {
    Exit(Exit),
    Crash(Crash),
}

/// A trapping worker with id `id`, reporting its starts and stops to `to`.
fn worker_with(id: &'static str, to: Pid, on_stop: OnStop) -> ChildSpec {
    ChildSpec::new(Term::atom(id), move || async move {
        // As a GenServer's `init/1`, the worker is set up (trapping) before
        // its start returns: the start function waits for its word.
        let sup = process::self_pid();
        let pid = process::spawn_link(async move {
            process::trap_exit(true);
            process::send(sup, Ready(process::self_pid()));
            let matcher = |m: &mut extask::Message| {
                take::<Exit>(m)
                    .map(In::Exit)
                    .or_else(|| take::<Crash>(m).map(In::Crash))
            };
            match process::receive_with(matcher, Timeout::Infinity).await {
                Some(In::Exit(Exit { reason, .. })) => {
                    process::send(to, Event::Stop(id, reason.clone()));
                    if let OnStop::Linger(ms) = on_stop {
                        process::sleep(ms).await;
                    }
                    match process::exit_self(reason).await {}
                }
                Some(In::Crash(Crash(reason))) => match process::exit_self(reason).await {},
                None => unreachable!(),
            }
        });
        let ready =
            |m: &mut extask::Message| m.downcast_ref::<Ready>().filter(|r| r.0 == pid).map(drop);
        process::receive_with(ready, LONG)
            .await
            .expect("the worker is ready");
        process::send(to, Event::Start(id));
        Start::Ok(pid)
    })
}

/// A worker's word to its supervisor that it traps exits.
struct Ready(Pid);

fn worker(id: &'static str, to: Pid) -> ChildSpec {
    worker_with(id, to, OnStop::Exit)
}

async fn events(n: usize) -> Vec<Event> {
    let mut out = Vec::new();
    for _ in 0..n {
        out.push(recv::<Event>(LONG).await.expect("an event within 5 s"));
    }
    out
}

async fn pid_of(sup: Supervisor, id: &str) -> Pid {
    let children = sup.which_children().await;
    let child = children.iter().find(|c| c.id.is_atom(id)).expect("a child");
    child.pid.pid().expect("running")
}

/// Crashes child `id` with `reason` and waits for it to be gone.
async fn crash(sup: Supervisor, id: &str, reason: ExitReason) {
    let pid = pid_of(sup, id).await;
    let watch = process::monitor(pid);
    process::send(pid, Crash(reason));
    common::down(watch).await;
}

fn abc(me: Pid) -> Vec<ChildSpec> {
    vec![worker("a", me), worker("b", me), worker("c", me)]
}

use Event::{Start as S, Stop as T};

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
