//! Twin of `await_timeout_uncaught.exs`: an uncaught `await` timeout kills the
//! caller, and the link kills the task with the same reason.

use crate::support::*;
use extask::task;
use extask::{Pid, process};

pub(crate) async fn run(out: Out) {
    let parent = process::self_pid();
    let (caller, caller_ref) = process::spawn_monitor(async move {
        let task = task!(async fn -> Process.sleep(2000); atom("late") end);
        send_tagged(parent, "task", task.pid);
        task!(await task, 300);
    });
    let task: Pid = recv("task").await;
    let task_ref = process::monitor(task);
    out.show("caller", &caller);
    out.show("caller exit", &wait_down(caller_ref).await);
    out.show("task exit", &wait_down(task_ref).await);
}
