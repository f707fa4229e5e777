//! Twin of `supervisor_strategies.exs`.

use crate::support::*;
use extask::inspect::Term;
use extask::messages::{Exit, take};
use extask::supervisor::{ChildSpec, Options, Start, Strategy, Supervisor};
use extask::{ExitReason, Pid, Timeout, process};

/// Tells a worker to exit with this reason (`{:crash, reason}`).
pub(crate) struct Crash(pub(crate) ExitReason);

/// A worker's word to its supervisor that it traps exits.
struct Ready(Pid);

enum In {
    Exit(Exit),
    Crash(Crash),
}

/// A trapping worker, set up before its start returns (as a GenServer's
/// `init/1`); it tells `parent` `{:start, id}` and `{:stop, id, reason}`.
pub(crate) fn worker(id: &'static str, parent: Pid) -> ChildSpec {
    ChildSpec::new(Term::atom(id), move || async move {
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
                    let event = Term::tuple([Term::atom("stop"), Term::atom(id), reason.to_term()]);
                    send_tagged(parent, "event", event);
                    die!(reason)
                }
                Some(In::Crash(Crash(reason))) => die!(reason),
                None => unreachable!("an infinite receive"),
            }
        });
        let ready =
            |m: &mut extask::Message| m.downcast_ref::<Ready>().filter(|r| r.0 == pid).map(drop);
        process::receive_with(ready, Timeout::Infinity).await;
        send_tagged(
            parent,
            "event",
            Term::tuple([Term::atom("start"), Term::atom(id)]),
        );
        Start::Ok(pid)
    })
}

pub(crate) async fn events(n: usize) -> Term {
    let mut out = Vec::new();
    for _ in 0..n {
        out.push(recv::<Term>("event").await);
    }
    Term::list(out)
}

pub(crate) async fn pid_of(sup: Supervisor, id: &str) -> Option<Pid> {
    let children = sup.which_children().await;
    children
        .iter()
        .find(|c| c.id.is_atom(id))
        .and_then(|c| c.pid.pid())
}

async fn ids(sup: Supervisor) -> Term {
    Term::list(sup.which_children().await.into_iter().map(|c| c.id))
}

pub(crate) async fn run(out: Out) {
    let parent = process::self_pid();
    let abc = || {
        vec![
            worker("a", parent),
            worker("b", parent),
            worker("c", parent),
        ]
    };
    let sup = Supervisor::start_link(abc(), Options::new(Strategy::OneForOne))
        .await
        .expect("started");
    out.show("starts", &events(3).await);
    out.show("which_children ids", &ids(sup).await);
    let last = sup.which_children().await.pop().expect("a child");
    let modules = Term::list(last.modules.into_iter().map(Term::Atom));
    out.show(
        "last entry",
        &Term::tuple([last.id, Term::of(&last.r#type), modules]),
    );
    out.show("count_children", &sup.count_children().await);
    sup.stop(ExitReason::Normal).await;
    out.show("stop", &atom("ok"));
    out.show("stops", &events(3).await);

    let cases = [
        (Strategy::OneForOne, "one_for_one", 1),
        (Strategy::OneForAll, "one_for_all", 5),
        (Strategy::RestForOne, "rest_for_one", 3),
    ];
    for (strategy, name, n) in cases {
        let sup = Supervisor::start_link(abc(), Options::new(strategy))
            .await
            .expect("started");
        events(3).await;
        let b = pid_of(sup, "b").await.expect("b runs");
        let r = process::monitor(b);
        process::send(b, Crash(reason("boom")));
        wait_down(r).await;
        out.show(name, &events(n).await);
        out.show("  ids", &ids(sup).await);
        out.show(
            "  b has a new pid",
            &boolean(pid_of(sup, "b").await != Some(b)),
        );
        sup.stop(ExitReason::Normal).await;
        events(3).await;
    }
}
