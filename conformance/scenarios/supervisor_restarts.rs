//! Twin of `supervisor_restarts.exs`.

use crate::support::*;
use extask::inspect::{Term, inspect};
use extask::messages::{Down, take};
use extask::supervisor::{ChildSpec, Options, Restart, Start, Strategy, Supervisor};
use extask::{ExitReason, Pid, Ref, Timeout, process};

/// `{:crash, reason}`.
struct Crash(ExitReason);

fn worker(id: &'static str, parent: Pid, restart: Restart) -> ChildSpec {
    ChildSpec::new(Term::atom(id), move || async move {
        let pid = process::spawn_link(async {
            let crash = process::receive_with(take::<Crash>, Timeout::Infinity).await;
            die!(crash.expect("an infinite receive").0)
        });
        send_tagged(
            parent,
            "event",
            Term::tuple([Term::atom("start"), Term::atom(id)]),
        );
        Start::Ok(pid)
    })
    .restart(restart)
}

async fn crash(sup: Supervisor, reason: ExitReason) {
    let pid = sup.which_children().await[0].pid.pid().expect("running");
    let r = process::monitor(pid);
    process::send(pid, Crash(reason));
    wait_down(r).await;
}

enum Next {
    Started,
    Down(ExitReason),
}

async fn next(sup_ref: Ref) -> Next {
    let matcher = |m: &mut extask::Message| {
        if let Some(d) = m.downcast_ref::<Down>().filter(|d| d.r#ref == sup_ref) {
            return Some(Next::Down(d.reason.clone()));
        }
        take::<(Tag, Term)>(m).map(|_| Next::Started)
    };
    process::receive_with(matcher, Timeout::Ms(10_000))
        .await
        .expect("an event or the :DOWN")
}

pub(crate) async fn run(out: Out) {
    let parent = process::self_pid();
    process::trap_exit(true);
    let reasons = [
        ("normal", reason("normal")),
        ("shutdown", reason("shutdown")),
        (
            "{:shutdown, :x}",
            reason_of(Term::tuple([Term::atom("shutdown"), Term::atom("x")])),
        ),
        ("boom", reason("boom")),
        ("kill", reason("kill")),
    ];
    for (label, why) in reasons {
        for (restart, name) in [
            (Restart::Permanent, "permanent"),
            (Restart::Transient, "transient"),
            (Restart::Temporary, "temporary"),
        ] {
            let spec = worker("c", parent, restart);
            let sup = Supervisor::start_link(vec![spec], Options::new(Strategy::OneForOne))
                .await
                .expect("started");
            let _: Term = recv("event").await;
            crash(sup, why.clone()).await;
            let children = sup.which_children().await;
            let listed = match children.first().map(|c| c.pid.pid()) {
                Some(Some(_)) => {
                    let _: Term = recv("event").await;
                    ":restarted".to_owned()
                }
                _ => inspect(&children),
            };
            let label = if label.starts_with('{') {
                label.to_owned()
            } else {
                format!(":{label}")
            };
            let counts = inspect(&sup.count_children().await);
            out.puts(format!("{label}, {name}: {listed}, {counts}"));
            sup.stop(ExitReason::Normal).await;
        }
    }

    for max in [0, 1, 3] {
        let opts = Options::new(Strategy::OneForOne).max_restarts(max);
        let spec = worker("c", parent, Restart::Permanent);
        let sup = Supervisor::start_link(vec![spec], opts)
            .await
            .expect("started");
        let sup_ref = process::monitor(sup.pid());
        // Each start is crashed; the supervisor either starts it again or exits.
        let mut runs = 0;
        let exit = loop {
            match next(sup_ref).await {
                Next::Started => {
                    crash(sup, reason("boom")).await;
                    runs += 1;
                }
                Next::Down(reason) => break reason,
            }
        };
        out.puts(format!(
            "max_restarts {max}: ran {runs} times, supervisor {}",
            inspect(&exit)
        ));
        let got = receive_exit(sup.pid()).await;
        let shown = Term::tuple([Term::atom("EXIT"), Term::atom("sup"), got.reason.to_term()]);
        out.show("  parent got", &shown);
    }
}
