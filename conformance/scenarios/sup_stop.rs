//! Twin of `sup_stop.exs`.

use crate::support::*;
use extask::supervisor::{ChildOptions, SupervisorOptions, TaskSupervisor};
use extask::task;
use extask::task::Shutdown;
use extask::{Pid, process};

pub(crate) async fn run(out: Out) {
    let sup = TaskSupervisor::start_link(SupervisorOptions::new())
        .await
        .expect("supervisor");
    process::unlink(sup.pid());
    let parent = process::self_pid();
    let plain = sup.async_nolink(sleep_forever()).await;
    let brutal = sup
        .async_nolink_with(
            sleep_forever(),
            ChildOptions::new().shutdown(Shutdown::BrutalKill),
        )
        .await;
    let stubborn = sup
        .async_nolink_with(
            async move {
                process::trap_exit(true);
                send_tagged(parent, "trapping", process::self_pid());
                sleep_forever().await;
            },
            ChildOptions::new().shutdown(200_u64.into()),
        )
        .await;
    let _: Pid = recv("trapping").await;
    let sup_ref = process::monitor(sup.pid());
    process::exit(sup.pid(), reason("shutdown"));
    out.show("supervisor exit", &wait_down(sup_ref).await);
    out.show("plain", &task!(yield plain, 1000));
    out.show("brutal_kill", &task!(yield brutal, 1000));
    out.show("trapping, shutdown: 200", &task!(yield stubborn, 1000));
}
