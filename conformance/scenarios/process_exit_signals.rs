//! Twin of `process_exit_signals.exs`: `Process.exit/2` with `:normal` and
//! other reasons, to others and to self, trapping or not.

use crate::support::*;
use extask::inspect::Term;
use extask::messages::Exit;
use extask::{Pid, Ref, Timeout, process};

enum WaiterMsg {
    Go,
    Exit(Exit),
}

fn waiter(parent: Pid, trapping: bool) -> (Pid, Ref) {
    process::spawn_monitor(async move {
        process::trap_exit(trapping);
        send_tagged(parent, "ready", process::self_pid());
        let msg = process::receive_with(
            |m| {
                if m.is::<Go>() {
                    Some(WaiterMsg::Go)
                } else {
                    m.downcast_ref::<Exit>().cloned().map(WaiterMsg::Exit)
                }
            },
            Timeout::Infinity,
        )
        .await;
        match msg {
            Some(WaiterMsg::Exit(exit)) => die!(reason_of(Term::tuple([
                Term::atom("trapped"),
                boolean(exit.from == parent),
                exit.reason.to_term(),
            ]))),
            _ => die!(reason("survived")),
        }
    })
}

struct Go;

pub(crate) async fn run(out: Out) {
    let parent = process::self_pid();

    let (pid, r) = waiter(parent, false);
    let _: Pid = recv("ready").await;
    out.show(
        "Process.exit(other, :normal)",
        &process::exit(pid, reason("normal")),
    );
    process::send(pid, Go);
    out.show("  not trapping", &wait_down(r).await);

    let (pid, r) = waiter(parent, true);
    let _: Pid = recv("ready").await;
    process::exit(pid, reason("normal"));
    out.show("  trapping", &wait_down(r).await);

    let (pid, r) = waiter(parent, false);
    let _: Pid = recv("ready").await;
    process::exit(pid, reason("custom"));
    out.show(
        "Process.exit(other, :custom), not trapping",
        &wait_down(r).await,
    );

    let (pid, r) = waiter(parent, true);
    let _: Pid = recv("ready").await;
    process::exit(pid, reason("custom"));
    out.show("  trapping", &wait_down(r).await);

    let got = child(async {
        process::exit(process::self_pid(), reason("normal"));
        sleep(1000).await;
        die!(reason("survived"))
    })
    .await;
    out.show("Process.exit(self(), :normal), not trapping", &got);

    let got = child(async {
        process::trap_exit(true);
        let me = process::self_pid();
        process::exit(me, reason("normal"));
        let exit = receive_exit(me).await;
        die!(reason_of(Term::tuple([
            Term::atom("trapped_own"),
            exit.reason.to_term()
        ])))
    })
    .await;
    out.show("  trapping", &got);
}
