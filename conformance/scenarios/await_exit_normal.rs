//! Twin of `await_exit_normal.exs`: a task that exits `:normal` sends no reply.

use crate::support::*;
use extask::inspect::Atom;
use extask::task;
use extask::{Task, Timeout};

pub(crate) async fn run(out: Out) {
    let task: Task<Atom> = task!(async fn -> Process.sleep(100); exit(reason("normal")) end);
    out.show("await", &caught(task.try_await(Timeout::DEFAULT).await));
    out.show("messages", &messages().await);
}
