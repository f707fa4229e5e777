//! Twin of `ignore_outcomes.exs`.

use crate::support::*;
use extask::inspect::Atom;
use extask::task;
use extask::{Task, process};

pub(crate) async fn run(out: Out) {
    let task: Task<Atom> = task!(async fn -> Process.sleep(300); exit(reason("bad")) end);
    let r = process::monitor(task.pid);
    out.show("ignore running", &task!(ignore task));
    out.show("task exit", &wait_down(r).await);
    out.show("caller alive", &process::alive(process::self_pid()));

    let task = task!(async fn -> Process.sleep(300); atom("late") end);
    let r = process::monitor(task.pid);
    out.show("ignore running", &task!(ignore task));
    out.show("task exit", &wait_down(r).await);
    out.show("messages", &messages().await);

    let task = task!(async fn -> Process.sleep(100); atom("early") end);
    let r = process::monitor(task.pid);
    wait_down(r).await;
    out.show("ignore replied", &task!(ignore task));

    let task: Task<Atom> = task!(async fn -> Process.sleep(100); exit(reason("normal")) end);
    let r = process::monitor(task.pid);
    wait_down(r).await;
    out.show("ignore exited :normal", &task!(ignore task));
    out.show("messages", &messages().await);
}
