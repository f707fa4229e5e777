//! Twin of `await_crash_trapping.exs`: a trapping caller survives; `await`
//! exits (here: returns `Err`) with `{reason, {Task, :await, ...}}`.

use crate::support::*;
use extask::inspect::Atom;
use extask::task;
use extask::{Task, Timeout, process};

pub(crate) async fn run(out: Out) {
    process::trap_exit(true);
    let task: Task<Atom> = task!(async fn -> Process.sleep(100); raise("boom") end);
    out.show("await", &caught(task.try_await(Timeout::Ms(1000)).await));
    out.show("messages", &messages().await);
    let task: Task<Atom> = task!(async fn -> Process.sleep(100); exit(reason("bad")) end);
    out.show("await", &caught(task.try_await(Timeout::DEFAULT).await));
    out.show("messages", &messages().await);
}
