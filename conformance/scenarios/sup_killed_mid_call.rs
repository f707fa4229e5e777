//! Twin of `sup_killed_mid_call.exs`.

use crate::support::*;
use extask::inspect::Term;
use extask::messages::Exit;
use extask::process;
use extask::supervisor::{ChildOptions, SupervisorOptions, TaskSupervisor};
use extask::task::Shutdown;
use extask::{ExitReason, Timeout};

pub(crate) async fn run(out: Out) {
    let sup = TaskSupervisor::start_link(SupervisorOptions::new())
        .await
        .expect("supervisor");
    process::unlink(sup.pid());
    let parent = process::self_pid();
    let sup_pid = sup.pid();

    let stubborn = move || async move {
        process::trap_exit(true);
        send_tagged(parent, "trapping", true);
        let Exit { from, reason } = recv_any::<Exit>().await;
        send_tagged(
            parent,
            "told",
            Term::tuple([boolean(from == sup_pid), Term::of(&reason)]),
        );
        sleep_forever().await;
    };
    let opts = ChildOptions::new().shutdown(Shutdown::Timeout(Timeout::Infinity));
    let child = sup.start_child(stubborn, opts).await.expect("started");

    out.show("trapping", &recv::<bool>("trapping").await);
    let (caller, r#ref) = process::spawn_monitor(async move {
        let _ = sup.terminate_child(child).await;
    });
    out.show(
        "child told (by the supervisor, reason)",
        &recv::<Term>("told").await,
    );
    process::exit(sup_pid, ExitReason::Kill);
    out.show("caller exit", &wait_down(r#ref).await);
    out.show("caller alive", &process::alive(caller));
    out.show("supervisor alive", &process::alive(sup_pid));
    out.show("child alive", &process::alive(child));
    process::exit(child, ExitReason::Kill);
}
