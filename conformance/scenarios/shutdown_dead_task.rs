//! Twin of `shutdown_dead_task.exs`.

use crate::support::*;
use extask::inspect::Atom;
use extask::task;
use extask::{Task, process};

async fn dead(why: &'static str) -> Task<Atom> {
    let task: Task<Atom> = task!(async fn ->
        Process.sleep(100);
        exit(reason(why))
    end);
    let r = process::monitor(task.pid);
    wait_down(r).await;
    task
}

pub(crate) async fn run(out: Out) {
    process::trap_exit(true);
    let task = dead("bad").await;
    out.show("died :bad", &task!(shutdown task));
    let task = dead("shutdown").await;
    out.show("died :shutdown", &task!(shutdown task));
    let task = dead("killed").await;
    out.show(
        "died :killed, brutal_kill",
        &task!(shutdown task, :brutal_kill),
    );
    out.show("messages", &messages().await);
}
