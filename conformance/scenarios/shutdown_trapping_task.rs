//! Twin of `shutdown_trapping_task.exs`.

use crate::support::*;
use extask::inspect::Atom;
use extask::task;
use extask::{ExitReason, Pid, Task, process};

#[derive(Clone, Copy)]
enum OnShutdown {
    Ignores,
    Returns,
    ExitsShutdown,
    ExitsCustom,
}

async fn start(parent: Pid, on: OnShutdown) -> Task<Atom> {
    let task = task!(async fn ->
        process::trap_exit(true);
        send_tagged(parent, "trapping", process::self_pid());
        if let OnShutdown::Ignores = on {
            sleep_forever().await;
        }
        let exit = recv_any::<extask::messages::Exit>().await;
        assert_eq!(exit.reason, ExitReason::Shutdown);
        match on {
            OnShutdown::ExitsShutdown => exit(reason("shutdown")),
            OnShutdown::ExitsCustom => exit(reason("custom")),
            _ => atom("cleaned_up"),
        }
    end);
    let _: Pid = recv("trapping").await;
    task
}

pub(crate) async fn run(out: Out) {
    let parent = process::self_pid();

    let task = start(parent, OnShutdown::Ignores).await;
    let r = process::monitor(task.pid);
    out.show("ignores it, shutdown 200", &task!(shutdown task, 200));
    out.show("task exit", &wait_down(r).await);

    let task = start(parent, OnShutdown::Ignores).await;
    let r = process::monitor(task.pid);
    out.show(
        "ignores it, brutal_kill",
        &task!(shutdown task, :brutal_kill),
    );
    out.show("task exit", &wait_down(r).await);

    let task = start(parent, OnShutdown::Returns).await;
    out.show("returns a value", &task!(shutdown task, 1000));
    let task = start(parent, OnShutdown::ExitsShutdown).await;
    out.show("exits :shutdown", &task!(shutdown task, 1000));
    let task = start(parent, OnShutdown::ExitsCustom).await;
    out.show("exits :custom", &task!(shutdown task, 1000));
    out.show("messages", &messages().await);
}
