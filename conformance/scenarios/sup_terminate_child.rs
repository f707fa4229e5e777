//! Twin of `sup_terminate_child.exs`.

use crate::support::*;
use extask::supervisor::{SupervisorOptions, TaskSupervisor};
use extask::task;
use extask::{Pid, Timeout, process};

pub(crate) async fn run(out: Out) {
    let sup = TaskSupervisor::start_link(SupervisorOptions::new())
        .await
        .expect("supervisor");
    let task = sup.async_nolink(sleep_forever()).await;
    out.show(
        "terminate",
        &ok_or_error(&sup.terminate_child(task.pid).await),
    );
    out.show("yield", &task!(yield task, 1000));
    out.show(
        "terminate again",
        &ok_or_error(&sup.terminate_child(task.pid).await),
    );
    out.show("children", &sup.children().await);

    let parent = process::self_pid();
    let (_caller, caller_ref) = process::spawn_monitor(async move {
        let task = sup.async_task(sleep_forever()).await;
        send_tagged(parent, "task", task.pid);
        task!(await task, :infinity);
    });
    let task: Pid = recv("task").await;
    out.show(
        "terminate linked",
        &ok_or_error(&sup.terminate_child(task).await),
    );
    out.show("non-trapping caller exit", &wait_down(caller_ref).await);

    process::trap_exit(true);
    let task = sup.async_task(sleep_forever()).await;
    out.show(
        "terminate linked",
        &ok_or_error(&sup.terminate_child(task.pid).await),
    );
    out.show(
        "trapping caller, await",
        &caught(task.try_await(Timeout::Ms(1000)).await),
    );
    out.show("messages", &messages().await);
}
