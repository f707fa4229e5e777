//! Twin of `handle_reuse.exs`, a deliberate difference: `await_task`,
//! `try_await`, `ignore` and `shutdown` take the `Task` by value, so every
//! reuse in the Elixir scenario is a compile error here. This twin prints what
//! Rust can express and says so for the rest.

use crate::support::*;
use extask::process;
use extask::task;

pub(crate) async fn run(out: Out) {
    let task = task!(async fn -> atom("once") end);
    out.show("first await", &task!(await task));
    out.puts("second await: does not compile (the Task was moved into the first await)");
    out.puts("yield after await: does not compile");

    let task = task!(async fn -> Process.sleep(100); atom("value") end);
    let r = process::monitor(task.pid);
    out.show("await", &task!(await task));
    wait_down(r).await;
    out.puts("shutdown after await: does not compile");
    out.show("messages", &messages().await);
}
