//! Twin of `start_unlinked.exs`: `Task.start` is neither linked nor monitored.

use crate::support::*;
use extask::process;
use extask::task;

pub(crate) async fn run(out: Out) {
    out.inspect(process::self_pid());
    let Ok(pid) = task!(start fn ->
        Process.sleep(100);
        exit(reason("bad"))
    end);
    let r = process::monitor(pid);
    out.show("down", &wait_down(r).await);
    out.show("caller alive", &process::alive(process::self_pid()));
    let Ok(pid) = task!(start fn ->
        Process.sleep(100);
        atom("discarded")
    end);
    let r = process::monitor(pid);
    out.show("down", &wait_down(r).await);
    out.show("messages", &messages().await);
}
