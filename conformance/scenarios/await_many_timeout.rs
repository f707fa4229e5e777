//! Twin of `await_many_timeout.exs`.

use crate::support::*;
use extask::task;
use extask::task::try_await_many;
use extask::{Timeout, process};

pub(crate) async fn run(out: Out) {
    let tasks = vec![
        task!(async fn -> Process.sleep(50); atom("fast") end),
        task!(async fn -> Process.sleep(800); atom("slow") end),
    ];
    let refs: Vec<_> = tasks.iter().map(|t| process::monitor(t.pid)).collect();
    let reason = try_await_many(tasks, Timeout::Ms(300))
        .await
        .expect_err("the slow task takes 800 ms");
    out.show("await_many", &reason);
    out.puts(reason.to_string());
    let mut exits = Vec::new();
    for r in refs {
        exits.push(wait_down(r).await);
    }
    out.show("task exits", &exits);
    out.show("messages", &messages().await);
}
