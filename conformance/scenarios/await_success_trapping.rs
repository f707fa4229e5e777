//! Twin of `await_success_trapping.exs`.

use crate::support::*;
use extask::process;
use extask::task;

pub(crate) async fn run(out: Out) {
    out.show("trap_exit was", &process::trap_exit(true));
    let task = task!(async fn -> Process.sleep(100); atom("done") end);
    let r = process::monitor(task.pid);
    out.show("await", &task!(await task));
    out.show("down", &wait_down(r).await);
    out.show("messages", &messages().await);
}
