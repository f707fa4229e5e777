//! Twin of `yield_or_shutdown.exs`: `Task.yield(task, t) || Task.shutdown(task)`.

use crate::support::*;
use extask::inspect::Atom;
use extask::task;
use extask::task::{TaskResult, yield_task};
use extask::{Task, Timeout, process};

async fn yield_or_shutdown(task: Task<Atom>, ms: u64) -> Option<TaskResult<Atom>> {
    match yield_task(&task, Timeout::Ms(ms)).await {
        Some(result) => Some(result),
        None => task!(shutdown task),
    }
}

pub(crate) async fn run(out: Out) {
    let fast = task!(async fn -> Process.sleep(50); atom("fast") end);
    out.show("fast", &yield_or_shutdown(fast, 1000).await);
    let slow = task!(async fn -> Process.sleep(2000); atom("slow") end);
    let r = process::monitor(slow.pid);
    out.show("slow", &yield_or_shutdown(slow, 100).await);
    out.show("slow exit", &wait_down(r).await);
    out.show("messages", &messages().await);
}
