//! Twin of `seed_start_link.exs`: `Task.start_link` returns `{:ok, pid}`; its
//! result never reaches the caller.

use crate::support::*;
use extask::process;
use extask::task;

pub(crate) async fn run(out: Out) {
    let result = task!(start_link fn ->
        Process.sleep(200);
        "blah"
    end);
    out.inspect(&result);
    let Ok(pid) = result;
    let r = process::monitor(pid);
    out.show("down", &wait_down(r).await);
    out.show("messages", &messages().await);

    process::trap_exit(true);
    let Ok(pid) = task!(start_link fn ->
        Process.sleep(100);
        "blah"
    end);
    let r = process::monitor(pid);
    out.show("down", &wait_down(r).await);
    out.show("messages", &messages().await);
}
