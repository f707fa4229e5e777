//! Twin of `sup_start_child.exs`.

use crate::support::*;
use extask::process;
use extask::supervisor::{ChildOptions, SupervisorOptions, TaskSupervisor};

pub(crate) async fn run(out: Out) {
    let sup = TaskSupervisor::start_link(SupervisorOptions::new())
        .await
        .expect("supervisor");
    let result = sup
        .start_child(
            || async {
                sleep(100).await;
                die!(reason("bad"))
            },
            ChildOptions::new(),
        )
        .await;
    out.inspect(&result);
    let pid = result.expect("started");
    out.show("child exit", &wait_down(process::monitor(pid)).await);
    out.show("caller alive", &process::alive(process::self_pid()));
    let pid = sup
        .start_child(
            || async {
                sleep(100).await;
                atom("discarded")
            },
            ChildOptions::new(),
        )
        .await
        .expect("started");
    out.show("child exit", &wait_down(process::monitor(pid)).await);
    out.show("children", &sup.children().await);
    out.show("messages", &messages().await);
}
