//! Twin of `shutdown_reply_queued.exs`.

use crate::support::*;
use extask::process;
use extask::task;

pub(crate) async fn run(out: Out) {
    let task = task!(async fn -> Process.sleep(100); atom("done") end);
    let r = process::monitor(task.pid);
    wait_down(r).await;
    out.show("shutdown", &task!(shutdown task));
    let task = task!(async fn -> Process.sleep(100); atom("done_too") end);
    let r = process::monitor(task.pid);
    wait_down(r).await;
    out.show("brutal_kill", &task!(shutdown task, :brutal_kill));
    out.show("messages", &messages().await);
}
