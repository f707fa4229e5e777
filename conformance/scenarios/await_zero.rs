//! Twin of `await_zero.exs`: `await(task, 0)`.

use crate::support::*;
use extask::task;
use extask::{Timeout, process};

pub(crate) async fn run(out: Out) {
    let task = task!(async fn -> Process.sleep(100); atom("ready") end);
    let r = process::monitor(task.pid);
    wait_down(r).await;
    out.show("queued", &task!(await task, 0));
    let slow = task!(async fn -> Process.sleep(500); atom("slow") end);
    out.show("not yet", &caught(slow.try_await(Timeout::Ms(0)).await));
    let quick = task!(async fn -> atom("inf") end);
    out.show("infinity", &task!(await quick, :infinity));
}
