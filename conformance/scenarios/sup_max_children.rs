//! Twin of `sup_max_children.exs`.

use crate::support::*;
use extask::supervisor::{ChildOptions, SupervisorOptions, TaskSupervisor};

pub(crate) async fn run(out: Out) {
    let sup = TaskSupervisor::start_link(SupervisorOptions::new().max_children(1))
        .await
        .expect("supervisor");
    sup.start_child(sleep_forever, ChildOptions::new())
        .await
        .expect("room for one");
    let full = sup
        .start_child(|| async { atom("ok") }, ChildOptions::new())
        .await;
    out.show("start_child", &full);
    let got = child(async move {
        let _task = sup.async_task(async { atom("ok") }).await;
    })
    .await;
    out.show("async raises", &got);
    let got = child(async move {
        let _task = sup.async_nolink(async { atom("ok") }).await;
    })
    .await;
    out.show("async_nolink raises", &got);
    out.show("children", &sup.children().await.len());
}
