//! Twin of `await_timeout_caught.exs`: a caught `await` timeout (in Rust, the
//! `Err` of `try_await`) leaves the task running and drops its late reply.

use crate::support::*;
use extask::task;
use extask::{Timeout, process};

pub(crate) async fn run(out: Out) {
    let task = task!(async fn -> Process.sleep(600); atom("late") end);
    let r = process::monitor(task.pid);
    let pid = task.pid;
    let reason = task
        .try_await(Timeout::Ms(100))
        .await
        .expect_err("the task sleeps 600 ms");
    out.show("exit", &reason);
    out.puts(reason.to_string());
    out.show("task alive", &process::alive(pid));
    out.show("down", &wait_down(r).await);
    out.show("messages", &messages().await);
}
