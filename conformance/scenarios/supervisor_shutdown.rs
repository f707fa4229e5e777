//! Twin of `supervisor_shutdown.exs`.

use crate::support::*;
use extask::inspect::Term;
use extask::messages::{Down, Exit, take};
use extask::supervisor::{ChildPid, ChildSpec, Options, Start, Strategy, Supervisor};
use extask::task::Shutdown;
use extask::{ExitReason, Pid, Timeout, process};

/// A worker's word to its supervisor that it traps exits.
struct Ready(Pid);

/// A trapping worker that takes `linger` ms to stop when told to.
fn worker(id: &'static str, parent: Pid, linger: u64) -> ChildSpec {
    ChildSpec::new(Term::atom(id), move || async move {
        let sup = process::self_pid();
        let pid = process::spawn_link(async move {
            process::trap_exit(true);
            process::send(sup, Ready(process::self_pid()));
            let exit = process::receive_with(take::<Exit>, Timeout::Infinity).await;
            let reason = exit.expect("an infinite receive").reason;
            let event = Term::tuple([Term::atom("stop"), Term::atom(id), reason.to_term()]);
            send_tagged(parent, "event", event);
            sleep(linger).await;
            die!(reason)
        });
        let ready =
            |m: &mut extask::Message| m.downcast_ref::<Ready>().filter(|r| r.0 == pid).map(drop);
        process::receive_with(ready, Timeout::Infinity).await;
        Start::Ok(pid)
    })
}

fn sup_exit(reason: ExitReason) -> Term {
    Term::tuple([Term::atom("EXIT"), Term::atom("sup"), reason.to_term()])
}

async fn stop(sup: Supervisor) {
    sup.stop(ExitReason::Normal).await;
    assert_eq!(receive_exit(sup.pid()).await.reason, ExitReason::Normal);
}

async fn any_exit() -> Exit {
    process::receive_with(take::<Exit>, Timeout::Ms(10_000))
        .await
        .expect("an {:EXIT}")
}

pub(crate) async fn run(out: Out) {
    let parent = process::self_pid();
    process::trap_exit(true);
    let one = || Options::new(Strategy::OneForOne);
    let cases = [
        ("brutal_kill", Shutdown::BrutalKill, 0),
        ("200 ms, lingering 1000", Shutdown::from(200_u64), 1000),
        (
            "infinity, lingering 300",
            Shutdown::Timeout(Timeout::Infinity),
            300,
        ),
    ];
    for (label, shutdown, linger) in cases {
        let spec = worker("w", parent, linger).shutdown(shutdown);
        let sup = Supervisor::start_link(vec![spec], one())
            .await
            .expect("started");
        let pid = sup.which_children().await[0].pid.pid().expect("running");
        let r = process::monitor(pid);
        let result = ok_or_error(&sup.terminate_child(Term::atom("w")).await);
        // The child is dead by the time terminate_child returns.
        let down = |m: &mut extask::Message| {
            m.downcast_ref::<Down>()
                .filter(|d| d.r#ref == r)
                .map(|d| d.reason.to_term())
        };
        let exit = process::receive_with(down, Timeout::Ms(0)).await;
        let exit = exit.unwrap_or(Term::atom("still_alive"));
        let told = process::receive_with(take::<(Tag, Term)>, Timeout::Ms(0)).await;
        let told = told.map_or(Term::atom("not_told"), |(_, e)| e);
        out.puts(format!(
            "{label}: {result:?}, child exit {exit:?}, {told:?}"
        ));
        stop(sup).await;
    }

    let bad = || {
        ChildSpec::new(Term::atom("b"), || async {
            Start::Error(Term::atom("bad"))
        })
    };
    let children = vec![worker("a", parent, 0), bad(), worker("c", parent, 0)];
    out.show(
        "failed start",
        &Supervisor::start_link(children, one()).await,
    );
    out.show("  a was stopped", &recv::<Term>("event").await);
    out.show("  then", &sup_exit(any_exit().await.reason));
    out.show("  nothing else", &messages().await);

    let ignore = ChildSpec::new(Term::atom("i"), || async { Start::Ignore });
    let sup = Supervisor::start_link(vec![ignore], one())
        .await
        .expect("started");
    out.show(":ignore", &sup.which_children().await);
    out.show("  count_children", &sup.count_children().await);
    out.show("  restart_child", &sup.restart_child(Term::atom("i")).await);
    stop(sup).await;

    let dup = vec![worker("a", parent, 0), worker("a", parent, 0)];
    out.show("duplicate ids", &Supervisor::start_link(dup, one()).await);
    out.show("  then", &sup_exit(any_exit().await.reason));

    let sup = Supervisor::start_link(vec![worker("a", parent, 0)], one())
        .await
        .expect("started");
    let (a, zz) = (|| Term::atom("a"), || Term::atom("zz"));
    out.show("restart_child :zz", &sup.restart_child(zz()).await);
    out.show("restart_child running", &sup.restart_child(a()).await);
    out.show(
        "delete_child running",
        &ok_or_error(&sup.delete_child(a()).await),
    );
    out.show(
        "terminate_child :zz",
        &ok_or_error(&sup.terminate_child(zz()).await),
    );
    out.show(
        "terminate_child :a",
        &ok_or_error(&sup.terminate_child(a()).await),
    );
    out.show("  told", &recv::<Term>("event").await);
    out.show(
        "terminate_child again",
        &ok_or_error(&sup.terminate_child(a()).await),
    );
    out.show("  listed", &sup.which_children().await);
    let restarted = sup.restart_child(a()).await;
    out.show(
        "restart_child stopped",
        &boolean(matches!(restarted, Ok(ChildPid::Pid(_)))),
    );
    let listed = sup.which_children().await;
    out.show(
        "  same pid listed",
        &boolean(listed.len() == 1 && Ok(listed[0].pid) == restarted),
    );
    let _ = sup.terminate_child(a()).await;
    let _: Term = recv("event").await;
    out.show(
        "delete_child stopped",
        &ok_or_error(&sup.delete_child(a()).await),
    );
    out.show(
        "delete_child again",
        &ok_or_error(&sup.delete_child(a()).await),
    );
    out.show("  listed", &sup.which_children().await);
    stop(sup).await;
    let reason = child(async move {
        sup.which_children().await;
    })
    .await;
    let caught = Term::tuple([Term::atom("exit_caught"), reason.to_term()]);
    out.show("which_children on a stopped supervisor", &caught);
}
